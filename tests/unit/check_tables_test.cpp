// Unit tests for check.hpp: decision tables (gaps, overlaps, hit policies), the dependency graph,
// tests inside a policy, and the cost of loading large policies.
#include "check_support.hpp"

namespace {

// decision tables

const char* const table_inputs = R"(id: t
effective: {from: 2020-01-01, to: 2025-12-31}
inputs:
  birth_date: date
  cat: {type: integer, min: 1, max: 4}
  n: integer
  status: {type: enum, values: [recipient, self_supporting]}
  flag: bool
)";

TEST(CheckTable, GapWithAConcreteExample) {
  auto r = check_text(std::string(table_inputs) + R"(outputs:
  gap:
    table:
      hit: first
      columns: [flag, status]
      rows:
        - when: [true, any]
          then: 1
        - when: [false, recipient]
          then: 2
)");
  diagnostic d = expect_at(r, "SR0501", 12, 7);
  EXPECT_EQ(d.message,
            "the table of output `gap` has a gap: no row matches `flag` = false, "
            "`status` = self_supporting");
  ASSERT_FALSE(d.notes.empty());
  EXPECT_TRUE(contains(d.notes[0].message, "`otherwise:`"));
}

TEST(CheckTable, OtherwiseClosesTheGap) {
  auto r = check_text(std::string(table_inputs) + R"(outputs:
  gap:
    table:
      hit: first
      columns: [flag, status]
      rows:
        - when: [true, any]
          then: 1
      otherwise: 0
)");
  EXPECT_TRUE(r.ok()) << rendered(r.diagnostics);
}

TEST(CheckTable, OverlapUnderUnique) {
  auto r = check_text(std::string(table_inputs) + R"(outputs:
  overlap:
    table:
      hit: unique
      columns: [cat]
      rows:
        - when: ["1..3"]
          then: 1
        - when: ["3..4"]
          then: 2
)");
  diagnostic d = expect_at(r, "SR0502", 17, 11);
  EXPECT_EQ(d.message,
            "row 1 and row 2 of output `overlap` both match `cat` = 3, but the table is `unique`");
  ASSERT_GE(d.notes.size(), 1U);
  EXPECT_EQ(d.notes[0].message, "row 1 is here");
  EXPECT_EQ(d.notes[0].at.line, 15U);
}

TEST(CheckTable, SameRowsAreFineUnderFirst) {
  auto r = check_text(std::string(table_inputs) + R"(outputs:
  o:
    table:
      hit: first
      columns: [cat]
      rows:
        - when: ["1..3"]
          then: 1
        - when: ["3..4"]
          then: 2
)");
  EXPECT_TRUE(r.ok()) << rendered(r.diagnostics);
  EXPECT_EQ(find_code(r.diagnostics, "SR0502"), nullptr) << rendered(r.diagnostics);
  EXPECT_EQ(find_code(r.diagnostics, "SR0506"), nullptr) << rendered(r.diagnostics);
}

TEST(CheckTable, ConflictUnderAny) {
  auto r = check_text(std::string(table_inputs) + R"(outputs:
  conflict:
    table:
      hit: any
      columns: [cat]
      rows:
        - when: ["1..3"]
          then: 1
        - when: ["3..4"]
          then: 2
  agree:
    table:
      hit: any
      columns: [cat]
      rows:
        - when: ["1..3"]
          then: 1
        - when: ["3..4"]
          then: 1
)");
  ASSERT_EQ(count_code(r.diagnostics, "SR0502"), 1U) << rendered(r.diagnostics);
  diagnostic d = expect_at(r, "SR0502", 17, 11);
  EXPECT_EQ(d.message,
            "row 1 and row 2 of output `conflict` both match `cat` = 3 with different "
            "results, but the table is `any`");
}

TEST(CheckTable, RowsAFirstTableNeverReachesAreWarnings) {
  auto r = check_text(std::string(table_inputs) + R"(outputs:
  shadow:
    table:
      hit: first
      columns: [cat, flag]
      rows:
        - when: [">= 2", any]
          then: 1
        - when: [1, true]
          then: 2
        - when: [3, false]
          then: 3
        - when: [1, false]
          then: 4
)");
  EXPECT_TRUE(r.ok()) << rendered(r.diagnostics);
  ASSERT_EQ(count_code(r.diagnostics, "SR0506"), 1U) << rendered(r.diagnostics);
  diagnostic d = expect_at(r, "SR0506", 19, 11);
  EXPECT_EQ(d.level, severity::warning);
  EXPECT_EQ(d.message,
            "row 3 of output `shadow` is never used: the rows before it match "
            "everything it matches");
}

TEST(CheckTable, IntegerColumnsUseTheInputRange) {
  const char* rows = R"(
      rows:
        - when: ["1..2"]
          then: 1
        - when: ["3..4"]
          then: 2
)";
  auto bounded =
      check_text(std::string(table_inputs) +
                 "outputs:\n  o:\n    table:\n      hit: unique\n      columns: [cat]" + rows);
  EXPECT_TRUE(bounded.ok()) << rendered(bounded.diagnostics);
  auto unbounded =
      check_text(std::string(table_inputs) +
                 "outputs:\n  o:\n    table:\n      hit: unique\n      columns: [n]" + rows);
  diagnostic d = expect_at(unbounded, "SR0501", 12, 7);
  EXPECT_EQ(d.message, "the table of output `o` has a gap: no row matches `n` = 0");
}

// A column over an input's range keeps the range through `??`, `min`, `max`, `+` and `-`
// (the author of issue 13: `category ?? 0` over `category {min: 1, max: 4, optional: true}`
// reported gaps at -1 and 5).
TEST(CheckTable, RangesFlowThroughFallbacksMinMaxAndConstants) {
  const char* inputs = R"(id: t
effective: {from: 2020-01-01, to: 2025-12-31}
inputs:
  category: {type: integer, min: 1, max: 4, optional: true}
  n: integer
outputs:
  o:
    table:
      hit: unique
      columns:
        - )";
  auto table = [&](const std::string& column, const std::string& rows) {
    return check_text(std::string(inputs) + column + "\n      rows:\n" + rows);
  };
  auto rows = [](std::initializer_list<const char*> cells) {
    std::string out;
    int k = 0;
    for (const char* c : cells) {
      out += "        - when: [\"" + std::string(c) +
             "\"]\n          then: " + std::to_string(++k) + "\n";
    }
    return out;
  };
  struct exact {
    const char* column;
    std::initializer_list<const char*> cells;
  };
  for (const exact& t :
       {exact{"category ?? 0", {"0", "1..4"}}, exact{"min(category ?? 4, 2)", {"1", "2"}},
        exact{"max(category ?? 1, 3)", {"3", "4"}},
        exact{"(category ?? 0) + 10", {"10..12", "13..14"}},
        exact{"5 - (category ?? 1)", {"1..2", "3..4"}},
        exact{"-(category ?? 1)", {"-4..-3", "-2..-1"}},
        exact{"if n > 0 then category ?? 0 else 5", {"0..4", "5"}}}) {
    auto r = table(t.column, rows(t.cells));
    EXPECT_TRUE(r.ok()) << t.column << "\n" << rendered(r.diagnostics);
  }
  // the ranges are exact: one value fewer is a gap at the value left out
  diagnostic d = expect_at(table("category ?? 0", rows({"1..4"})), "SR0501", 9, 7);
  EXPECT_EQ(d.message, "the table of output `o` has a gap: no row matches `category ?? 0` = 0");
  diagnostic plus = expect_at(table("(category ?? 0) + 10", rows({"10..13"})), "SR0501", 9, 7);
  EXPECT_EQ(plus.message,
            "the table of output `o` has a gap: no row matches `(category ?? 0) + 10` = 14");
  // an unbounded operand keeps its end unbounded, and no end overflows
  diagnostic open = expect_at(table("category ?? n", rows({"1..4"})), "SR0501", 9, 7);
  EXPECT_EQ(open.message, "the table of output `o` has a gap: no row matches `category ?? n` = 0");
  EXPECT_TRUE(table("n + 9223372036854775807", rows({"any"})).ok());
}

// A branch whose arithmetic failed to check has no operands; the bounds of the rule (found by
// the fuzzer: `missing + 1` in a branch) are then unknown, not read out of an empty node.
TEST(CheckTable, BoundsOfAFailedBranchAreUnknown) {
  for (const char* branch : {"missing + 1", "missingy + 1", "-missing", "(missing ?? 1) - x"}) {
    auto r = check_text(std::string("id: t\neffective: {from: 2020-01-01}\ninputs:\n"
                                    "  category: {type: integer, optional: true}\n"
                                    "outputs:\n  x: if present(category) then ") +
                        branch + " else 0\n");
    EXPECT_FALSE(r.ok()) << branch;
    EXPECT_TRUE(ssprules::has_errors(r.diagnostics)) << branch << "\n" << rendered(r.diagnostics);
  }
}

TEST(CheckTable, AgeIsNeverNegative) {
  auto r = check_text(std::string(table_inputs) + R"(outputs:
  band:
    table:
      hit: unique
      columns:
        - age(birth_date, as_of)
      rows:
        - when: ["0..17"]
          then: 1
        - when: [">= 18"]
          then: 2
)");
  EXPECT_TRUE(r.ok()) << rendered(r.diagnostics);
  EXPECT_EQ(find_code(r.diagnostics, "SR0501"), nullptr) << rendered(r.diagnostics);
}

TEST(CheckTable, AsOfColumnsRangeOverTheEffectivePeriods) {
  auto covered = check_text(std::string(table_inputs) + R"(outputs:
  o:
    table:
      hit: unique
      columns: [as_of, flag]
      rows:
        - when: ["< 2023-01-01", any]
          then: 1
        - when: ["2023-01-01..2025-12-31", any]
          then: 2
)");
  EXPECT_TRUE(covered.ok()) << rendered(covered.diagnostics);
  auto gap = check_text(std::string(table_inputs) + R"(outputs:
  o:
    table:
      hit: unique
      columns: [as_of]
      rows:
        - when: ["2020-01-01..2022-12-31"]
          then: 1
        - when: ["2023-02-01..2025-12-31"]
          then: 2
)");
  diagnostic d = expect_at(gap, "SR0501", 12, 7);
  EXPECT_EQ(d.message, "the table of output `o` has a gap: no row matches `as_of` = 2023-01-01");
}

TEST(CheckTable, AsOfColumnInAVersionSeesOnlyItsDays) {
  auto r = check_text(std::string(table_inputs) + R"(outputs:
  o:
    versions:
      - to: 2022-12-31
        expr: 0
      - from: 2023-01-01
        table:
          hit: unique
          columns: [as_of]
          rows:
            - when: [">= 2023-01-01"]
              then: 1
)");
  EXPECT_TRUE(r.ok()) << rendered(r.diagnostics);
}

TEST(CheckTable, EnumCellOutsideTheColumnsEnum) {
  auto r = check_text(std::string(table_inputs) + R"(outputs:
  o:
    table:
      hit: first
      columns: [status]
      rows:
        - when: [recipent]
          then: 1
      otherwise: 0
)");
  diagnostic d = expect_at(r, "SR0305", 15, 18);
  EXPECT_EQ(d.message,
            "`recipent` is neither a name nor a value of enum {recipient, self_supporting}");
}

TEST(CheckTable, DecimalCellInAnIntegerColumn) {
  auto r = check_text(std::string(table_inputs) + R"(outputs:
  o:
    table:
      hit: first
      columns: [n]
      rows:
        - when: ["> 1.5"]
          then: 1
      otherwise: 0
)");
  diagnostic d = expect_at(r, "SR0304", 15, 21);
  EXPECT_EQ(d.message, "this column holds whole numbers; compare it with whole numbers");
}

TEST(CheckTable, AnalysisBudgetExhaustion) {
  std::string rows;
  for (int i = 0; i < 40; ++i) {
    rows +=
        "        - when: [" + std::to_string(i * 10) + ", " + std::to_string(i * 7) + ", any]\n";
    rows += "          then: " + std::to_string(i) + "\n";
  }
  std::string text =
      std::string(table_inputs) +
      "outputs:\n  o:\n    table:\n      hit: first\n      columns: [n, n * 2, flag]\n"
      "      rows:\n" +
      rows + "      otherwise: -1\n";
  check_options small;
  small.table_analysis_budget = 50;
  auto r = check_text(text, small);
  diagnostic d = expect_at(r, "SR0505", 12, 7);
  EXPECT_EQ(d.level, severity::warning);
  EXPECT_EQ(d.message,
            "the table of output `o` has too many combinations to check for gaps and "
            "overlaps completely");
  EXPECT_TRUE(r.ok()) << "an incomplete analysis is not an error";
  auto full = check_text(text);
  EXPECT_EQ(find_code(full.diagnostics, "SR0505"), nullptr) << rendered(full.diagnostics);
}

TEST(CheckTable, BudgetStopsAHugeAnalysisQuickly) {
  // 10 integer columns, 20 rows `>= i` in every column: about 21^10 combinations.
  std::string columns = "[";
  for (int c = 0; c < 10; ++c) columns += (c ? ", n + " : "n + ") + std::to_string(c);
  columns += "]";
  std::string rows;
  for (int i = 0; i < 20; ++i) {
    rows += "        - when: [";
    for (int c = 0; c < 10; ++c)
      rows += std::string(c ? ", " : "") + "\">= " + std::to_string(i) + "\"";
    rows += "]\n          then: " + std::to_string(i) + "\n";
  }
  std::string text = std::string(table_inputs) +
                     "outputs:\n  o:\n    table:\n      hit: first\n      columns: " + columns +
                     "\n      rows:\n" + rows + "      otherwise: -1\n";
  // The analysis stops after its budget of steps: checking with a budget of 20,000 takes
  // 20,000 units of work (`detail::work_done`) more than with a budget of 1. (The time is in
  // bench/limits_bench.cpp.)
  auto work = [&](std::size_t budget) {
    check_options opts;
    opts.table_analysis_budget = budget;
    return ssprules::test_support::work_of([&] {
      auto r = check_text(text, opts);
      EXPECT_NE(find_code(r.diagnostics, "SR0505"), nullptr) << rendered(r.diagnostics);
    });
  };
  std::uint64_t fixed = work(1);
  std::uint64_t budgeted = work(20'000);
  EXPECT_LE(budgeted, fixed + 20'000 + 100) << "budget 1: " << fixed << ", 20,000: " << budgeted;
}

TEST(CheckTable, NonConstantCellsAreNotAnalysed) {
  auto r = check_text(std::string(table_inputs) + R"(outputs:
  o:
    table:
      hit: unique
      columns: [n]
      rows:
        - when: ["< cat"]
          then: 1
)");
  EXPECT_TRUE(r.ok()) << rendered(r.diagnostics);
}

// ---------------------------------------------------------------------------------------------
// the dependency graph

TEST(CheckGraph, NodesAndEdges) {
  auto r = check_text(policy(R"(inputs:
  birth_date: date
  category: {type: integer, optional: true}
parameters:
  limit: 17
values:
  registered: (category ?? 0) in [3, 4]
outputs:
  age: age(birth_date, as_of)
  eligible: registered and age >= limit
)"));
  ASSERT_TRUE(r.ok()) << rendered(r.diagnostics);
  auto nodes = r.rules.graph_nodes();
  ASSERT_EQ(nodes.size(), 6U);
  std::vector<std::pair<std::string, std::string>> got;
  for (const auto& n : nodes) got.emplace_back(n.name, n.kind);
  EXPECT_EQ(got, (std::vector<std::pair<std::string, std::string>>{{"birth_date", "input"},
                                                                   {"category", "input"},
                                                                   {"limit", "parameter"},
                                                                   {"registered", "value"},
                                                                   {"age", "output"},
                                                                   {"eligible", "output"}}));
  std::vector<std::pair<std::string, std::string>> edges;
  for (auto [from, to] : r.rules.graph_edges()) {
    ASSERT_LT(from, nodes.size());
    ASSERT_LT(to, nodes.size());
    edges.emplace_back(nodes[from].name, nodes[to].name);
  }
  std::sort(edges.begin(), edges.end());
  EXPECT_EQ(edges, (std::vector<std::pair<std::string, std::string>>{{"age", "eligible"},
                                                                     {"birth_date", "age"},
                                                                     {"category", "registered"},
                                                                     {"limit", "eligible"},
                                                                     {"registered", "eligible"}}));
}

TEST(CheckGraph, EdgesAreNotDuplicated) {
  auto r = check_text(policy("inputs:\n  x: integer\noutputs:\n  o: x + x * x\n"));
  EXPECT_EQ(r.rules.graph_edges().size(), 1U);
}

TEST(CheckGraph, BrokenDeclarationsAreNodesWithoutFollowOnErrors) {
  auto parsed = ssprules::parse(source::from_string(
      "rules.yaml", policy("inputs:\n  x: {type: integr}\noutputs:\n  o: x + 1\n")));
  EXPECT_FALSE(parsed.ok());
  auto r = ssprules::check(std::move(parsed.document));
  EXPECT_EQ(find_code(r.diagnostics, "SR0301"), nullptr)
      << "`x` is known although its declaration is broken\n"
      << rendered(r.diagnostics);
  auto nodes = r.rules.graph_nodes();
  auto it = std::find_if(nodes.begin(), nodes.end(), [](const auto& n) { return n.name == "x"; });
  ASSERT_NE(it, nodes.end());
  EXPECT_EQ(it->kind, "broken");
}

TEST(CheckGraph, EmptyCheckedRules) {
  ssprules::checked_rules empty;
  EXPECT_FALSE(empty.valid());
  EXPECT_TRUE(empty.graph_nodes().empty());
  EXPECT_TRUE(empty.graph_edges().empty());
  EXPECT_THROW((void)empty.document(), ssprules::error);
}

// ---------------------------------------------------------------------------------------------
// tests inside a policy

TEST(CheckTests, TestsAreCheckedAgainstThePolicy) {
  auto r = check_text(policy(R"(inputs:
  x: integer
outputs:
  o: x
tests:
  - name: one
    as_of: 2021-01-01
    input: {x: 1, y: 2, id: a, as_of: 2021-01-01}
    expect: {o: 1, p: 2}
  - name: one
    input: {x: 1}
    error: E1006
)"));
  std::string text = rendered(r.diagnostics);
  EXPECT_TRUE(contains(text, "rules.yaml:10:19: error[SR0801]: test `one` sets unknown input `y`"))
      << text;
  EXPECT_TRUE(contains(text,
                       "rules.yaml:11:20: error[SR0801]: test `one` expects unknown output "
                       "`p`"))
      << text;
  EXPECT_TRUE(contains(text, "rules.yaml:12:5: error[SR0801]: two tests are named `one`")) << text;
  EXPECT_TRUE(contains(text, "rules.yaml:12:5: error[SR0801]: test `one` has no `as_of`")) << text;
  EXPECT_TRUE(contains(text, "rules.yaml:14:12: error[SR0801]: `E1006` is not an error code"))
      << text;
  EXPECT_EQ(count_code(r.diagnostics, "SR0801"), 5U) << text;
}

TEST(CheckTests, ExpectedValuesMustFitTheOutputType) {
  auto r = check_text(policy(R"(inputs:
  x: integer
outputs:
  o: x
  s:
    type: enum
    values: [yes, maybe]
    expr: yes
  d: as_of
tests:
  - name: typed
    as_of: 2021-01-01
    input: {x: 1}
    expect: {o: abc, s: maybee, d: 2021-02-30}
)"));
  std::string text = rendered(r.diagnostics);
  EXPECT_TRUE(contains(text,
                       "rules.yaml:16:17: error[SR0801]: test `typed` expects `o` = `abc`, "
                       "but it is a whole number"))
      << text;
  EXPECT_TRUE(contains(text,
                       "test `typed` expects `s` = `maybee`, but it is one of yes, maybe "
                       "(did you mean `maybe`?)"))
      << text;
  EXPECT_TRUE(contains(text,
                       "test `typed` expects `d` = `2021-02-30`, but it is a date "
                       "YYYY-MM-DD"))
      << text;
}

TEST(Check, DiagnosticsAreSortedByPosition) {
  auto r = check_text(policy(R"(inputs:
  x: integer
outputs:
  b: zzz
  a: x > as_of
  c: yyy
)"));
  ASSERT_GE(r.diagnostics.size(), 3U);
  for (std::size_t i = 1; i < r.diagnostics.size(); ++i) {
    EXPECT_LE(r.diagnostics[i - 1].at.line, r.diagnostics[i].at.line);
  }
}

// ---------------------------------------------------------------------------------------------
// costs: loading (parse, check, compile) a policy of 2N values takes about twice the work
// (`detail::work_done`) of N, never four times; counted, never timed (timings: bench/)

// What loading `text` counts, and what it reports: the number of `code` diagnostics.
struct load_cost {
  std::uint64_t work = 0;
  std::size_t codes = 0;
  bool ok = false;
};

load_cost load_cost_of(const std::string& text, std::string_view code = "") {
  load_cost out;
  ssprules::load_result r;
  out.work =
      ssprules::test_support::work_of([&] { r = ssprules::load_string(text, "rules.yaml"); });
  out.ok = r.ok();
  if (!code.empty()) out.codes = count_code(r.diagnostics, code);
  return out;
}

// Loads `make(n)` and `make(2n)`; expects the work within 2.3 times, and what each reports
// (`code` diagnostics, `per_value` per value) or that both load.
void expect_linear_load(const std::function<std::string(std::size_t)>& make, std::size_t n,
                        std::string_view code = "", std::size_t per_value = 0) {
  const load_cost small = load_cost_of(make(n), code);
  const load_cost large = load_cost_of(make(2 * n), code);
  if (code.empty()) {
    EXPECT_TRUE(small.ok && large.ok);
  } else {
    EXPECT_EQ(small.codes, per_value * n);
    EXPECT_EQ(large.codes, per_value * 2 * n);
  }
  ASSERT_GT(small.work, n);
  EXPECT_LT(static_cast<double>(large.work), 2.3 * static_cast<double>(small.work))
      << n << " values: " << small.work << " units of work, " << 2 * n << ": " << large.work;
}

// v1: x + 1, v2: v1 + 1, …, vN: v(N-1) + 1, the output reading vN
std::string chain_policy(std::size_t n) {
  std::string text = policy("inputs:\n  x: integer\nvalues:\n  v1: {type: integer, expr: x + 1}\n");
  for (std::size_t i = 2; i <= n; ++i) {
    text +=
        "  v" + std::to_string(i) + ": {type: integer, expr: v" + std::to_string(i - 1) + " + 1}\n";
  }
  return text + "outputs:\n  r: v" + std::to_string(n) + "\n";
}

TEST(CheckCost, LongChainsOfValuesLoadInLinearWork) { expect_linear_load(chain_policy, 2'000); }

TEST(CheckCost, WidePoliciesLoadInLinearWork) {
  // N independent outputs
  expect_linear_load(
      [](std::size_t n) {
        std::string text = policy("inputs:\n  x: integer\noutputs:\n");
        for (std::size_t i = 1; i <= n; ++i) {
          text += "  o" + std::to_string(i) + ": x + " + std::to_string(i) + "\n";
        }
        return text;
      },
      2'000);
}

TEST(CheckCost, DeepChainsThroughCasesLoadInLinearWork) {
  // no expression but names: each value a `cases` choosing the one before
  expect_linear_load(
      [](std::size_t n) {
        std::string text = policy("inputs:\n  x: integer\n  b: bool\nvalues:\n  v1: x\n");
        for (std::size_t i = 2; i <= n; ++i) {
          const std::string before = "v" + std::to_string(i - 1);
          text += "  v" + std::to_string(i) +
                  ":\n    cases:\n      - when: b\n        then: " + before +
                  "\n      - otherwise: " + before + "\n";
        }
        return text + "outputs:\n  r: v" + std::to_string(n) + "\n";
      },
      1'000);
}

TEST(CheckCost, ManyCyclesAreReportedInLinearWork) {
  // each cycle's search costs its own symbols, not the policy's (a fresh table per cycle of
  // every symbol made 100,000 values that use themselves quadratic)
  expect_linear_load(
      [](std::size_t n) {
        std::string text = policy("inputs:\n  x: integer\nvalues:\n");
        for (std::size_t i = 1; i <= n; ++i) {
          text += "  v" + std::to_string(i) + ": v" + std::to_string(i) + " + x\n";
        }
        return text + "outputs:\n  r: x\n";
      },
      2'000, "SR0401", 1);
}

TEST(CheckCost, VersionsOverManyPeriodsCheckInLinearWork) {
  // N one-day periods with a day between them, a rule with a version per period (named) and
  // one with a version from each period's start: each version finds its period by name, and
  // the versions and periods are walked together (not versions x periods)
  expect_linear_load(
      [](std::size_t n) {
        std::string text = "id: t\neffective:\n";
        std::string named = "  a:\n    versions:\n";
        std::string dated = "  b:\n    versions:\n";
        for (std::size_t i = 0; i < n; ++i) {
          const std::string day =
              ssprules::date::from_days(ssprules::date::parse("2000-01-01")->days() +
                                        static_cast<std::int32_t>(2 * i))
                  .to_string();
          text += "  - {name: p" + std::to_string(i) + ", from: " + day + ", to: " + day + "}\n";
          named +=
              "      - {period: p" + std::to_string(i) + ", expr: x + " + std::to_string(i) + "}\n";
          dated +=
              "      - {from: " + day + ", to: " + day + ", expr: " + std::to_string(i) + "}\n";
        }
        return text + "inputs:\n  x: integer\noutputs:\n" + named + dated;
      },
      1'000);
}

}  // namespace
