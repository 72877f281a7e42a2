// Unit tests for check.hpp: names and types, optional values and flow typing, dependency cycles,
// versions and periods, declarations, unused warnings, citations and quotes, assertions, decision
// table analysis, and the dependency graph.
#include "ssprules/check.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "ssprules/compile.hpp"
#include "ssprules/evaluate.hpp"
#include "ssprules/record.hpp"
#include "test_support.hpp"

namespace {

using ssprules::check_options;
using ssprules::check_result;
using ssprules::diagnostic;
using ssprules::severity;
using ssprules::source;
using ssprules::type_kind;

// Parses (which must succeed) and checks a policy text.
check_result check_text(const std::string& text, const check_options& opts = {}) {
  auto parsed = ssprules::parse(source::from_string("rules.yaml", text));
  EXPECT_TRUE(parsed.ok()) << ssprules::render(parsed.diagnostics);
  return ssprules::check(std::move(parsed.document), opts);
}

const diagnostic* find_code(const std::vector<diagnostic>& ds, std::string_view code) {
  for (const diagnostic& d : ds) {
    if (d.code == code) return &d;
  }
  return nullptr;
}

std::size_t count_code(const std::vector<diagnostic>& ds, std::string_view code) {
  return static_cast<std::size_t>(
      std::count_if(ds.begin(), ds.end(), [&](const diagnostic& d) { return d.code == code; }));
}

std::string rendered(const std::vector<diagnostic>& ds) { return ssprules::render(ds); }

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

// Expects a diagnostic with `code` at line:column; returns it (or an empty one).
diagnostic expect_at(const check_result& r, std::string_view code, std::uint32_t line,
                     std::uint32_t column) {
  const diagnostic* d = find_code(r.diagnostics, code);
  EXPECT_NE(d, nullptr) << "no " << code << " in:\n" << rendered(r.diagnostics);
  if (!d) return {};
  EXPECT_EQ(d->at.line, line) << rendered(r.diagnostics);
  EXPECT_EQ(d->at.column, column) << rendered(r.diagnostics);
  return *d;
}

const char* const header = "id: t\neffective: {from: 2020-01-01}\n";

std::string policy(const std::string& body) { return std::string(header) + body; }

// ---------------------------------------------------------------------------------------------
// names and functions

TEST(Check, CleanPolicyHasNoDiagnostics) {
  auto r = check_text(policy(R"(inputs:
  birth_date: date
  category: {type: integer, min: 1, max: 4, optional: true}
outputs:
  age: age(birth_date, as_of)
  registered: (category ?? 0) in [3, 4]
)"));
  EXPECT_TRUE(r.ok());
  EXPECT_TRUE(r.diagnostics.empty()) << rendered(r.diagnostics);
  EXPECT_TRUE(r.rules.valid());
  EXPECT_EQ(r.rules.document().info.id, "t");
}

TEST(Check, UnknownNameWithSuggestion) {
  auto r =
      check_text(policy("inputs:\n  birth_date: date\noutputs:\n  a: age(birth_dat, as_of)\n"));
  EXPECT_FALSE(r.ok());
  diagnostic d = expect_at(r, "SR0301", 6, 10);
  EXPECT_EQ(d.message, "unknown name `birth_dat`");
  EXPECT_EQ(d.at.length, 9U);
  ASSERT_FALSE(d.notes.empty());
  EXPECT_EQ(d.notes[0].message, "did you mean `birth_date`?");
}

TEST(Check, UnknownNameThatIsAnEnumValueGetsAHint) {
  auto r = check_text(policy(R"(inputs:
  status: {type: enum, values: [recipient, self_supporting]}
outputs:
  a: status == recipient
  b: recipient
)"));
  diagnostic d = expect_at(r, "SR0301", 7, 6);
  EXPECT_EQ(d.message, "unknown name `recipient`");
  ASSERT_FALSE(d.notes.empty());
  EXPECT_TRUE(contains(d.notes[0].message, "is an enum value")) << d.notes[0].message;
}

TEST(Check, UnknownFunctionWithSuggestion) {
  auto r = check_text(policy("inputs:\n  b: date\noutputs:\n  a: agee(b, as_of)\n"));
  diagnostic d = expect_at(r, "SR0302", 6, 6);
  EXPECT_EQ(d.message, "unknown function `agee`");
  ASSERT_GE(d.notes.size(), 2U);
  EXPECT_EQ(d.notes[0].message, "did you mean `age`?");
  EXPECT_EQ(d.notes[1].message,
            "the built-in functions are listed under \"Functions\" in docs/rule-language.md");
}

TEST(Check, WrongNumberOfArguments) {
  auto r = check_text(policy(R"(inputs:
  b: date
outputs:
  a: age(b)
  c: max(1)
  d: year(b, b)
)"));
  std::string text = rendered(r.diagnostics);
  EXPECT_TRUE(contains(text,
                       "rules.yaml:6:6: error[SR0303]: `age` takes 2 arguments (birth date, "
                       "on date), given 1"))
      << text;
  EXPECT_TRUE(contains(text, "rules.yaml:7:6: error[SR0303]: `max` takes at least 2 arguments"))
      << text;
  EXPECT_TRUE(contains(text,
                       "rules.yaml:8:6: error[SR0303]: `year` takes 1 argument (date), "
                       "given 2"))
      << text;
}

TEST(Check, ArgumentTypes) {
  auto r = check_text(policy("inputs:\n  b: date\noutputs:\n  a: add_months(b, b)\n"));
  diagnostic d = expect_at(r, "SR0304", 6, 20);
  EXPECT_EQ(d.message, "argument 2 of `add_months` (months) must be integer, not date");
}

// ---------------------------------------------------------------------------------------------
// types

TEST(Check, DateComparedWithIntegerHasAHint) {
  auto r = check_text(policy("inputs:\n  birth_date: date\noutputs:\n  a: birth_date > 17\n"));
  diagnostic d = expect_at(r, "SR0304", 6, 6);
  EXPECT_EQ(d.message, "cannot compare date with integer");
  ASSERT_EQ(d.notes.size(), 1U);
  EXPECT_EQ(d.notes[0].message,
            "to compare an age, use `age(birth_date, as_of)`; to shift a date, `add_days`, "
            "`add_months` or `add_years`");
}

TEST(Check, DateArithmeticPointsToFunctions) {
  auto r = check_text(policy(R"(inputs:
  birth_date: date
outputs:
  a: birth_date + 1
  b: as_of - birth_date
)"));
  std::string text = rendered(r.diagnostics);
  EXPECT_TRUE(contains(text, "rules.yaml:6:6: error[SR0304]: `+` needs numbers, not date")) << text;
  EXPECT_TRUE(contains(text, "to shift a date, use `add_days`, `add_months` or `add_years`"))
      << text;
  EXPECT_TRUE(contains(text, "use `days_between(a, b)` or `months_between(a, b)`")) << text;
}

TEST(Check, EnumValueOutsideItsEnum) {
  auto r = check_text(policy(R"(inputs:
  status: {type: enum, values: [recipient, self_supporting]}
  signal: {type: enum, values: [politiet, skat]}
outputs:
  a: status == politiet
  b: status == "recipent"
  c: signal == skat
)"));
  std::string text = rendered(r.diagnostics);
  EXPECT_TRUE(contains(text,
                       "rules.yaml:7:16: error[SR0305]: `politiet` is neither a name nor a "
                       "value of enum {recipient, self_supporting}"))
      << text;
  EXPECT_TRUE(contains(text,
                       "rules.yaml:8:16: error[SR0305]: \"recipent\" is not a value of enum "
                       "{recipient, self_supporting}"))
      << text;
  EXPECT_TRUE(contains(text, "did you mean `recipient`?")) << text;
  EXPECT_EQ(count_code(r.diagnostics, "SR0305"), 2U) << text;
}

TEST(Check, ResultOutsideTheDeclaredEnum) {
  auto r = check_text(policy(R"(inputs:
  x: integer
  s: {type: enum, values: [a, b]}
outputs:
  t:
    type: enum
    values: [a]
    expr: s
  u:
    type: enum
    values: [x1, y1]
    cases:
      - when: x > 1
        then: x1
      - otherwise: z1
)"));
  std::string text = rendered(r.diagnostics);
  EXPECT_TRUE(contains(text,
                       "rules.yaml:10:11: error[SR0305]: `b` is not a value of output `t`'s "
                       "type enum {a}"))
      << text;
  EXPECT_TRUE(contains(text,
                       "rules.yaml:17:20: error[SR0305]: `z1` is neither a name nor a value "
                       "of enum {x1, y1}"))
      << text;
}

TEST(Check, EnumsWithoutCommonValuesCannotBeCompared) {
  auto r = check_text(policy(R"(inputs:
  s2: {type: enum, values: [a, b]}
  s3: {type: enum, values: [c, d]}
  s4: {type: enum, values: [b, c]}
outputs:
  x: s2 == s3
  y: s2 == s4
)"));
  diagnostic d = expect_at(r, "SR0305", 8, 6);
  EXPECT_EQ(d.message,
            "the two sides can never be equal: enum {a, b} and enum {c, d} have no "
            "value in common");
  EXPECT_EQ(count_code(r.diagnostics, "SR0305"), 1U) << "{a, b} and {b, c} share `b`";
}

TEST(Check, EnumsHaveNoOrder) {
  auto r = check_text(policy(R"(inputs:
  status: {type: enum, values: [recipient, self_supporting]}
outputs:
  a: status < recipient
)"));
  diagnostic d = expect_at(r, "SR0304", 6, 6);
  EXPECT_EQ(d.message,
            "`<` needs numbers or dates; enum {recipient, self_supporting} has no order");
}

// A policy with two enum inputs: `e` of `n` values `v0` … and `f` of the same and `x` (one
// line each). They are compared, `e` is listed (`in` half of its values) and copied into outputs
// declared with the values of `e` or `f` (an expression, cases, a table of n / 10 rows), n / 5
// cases compare `e` with `f` and give `e` as an `f`, and n / 10 tests expect enum values.
std::string large_enum_policy(int n) {
  std::string values = "v0";
  std::string half = "v0";
  for (int i = 1; i < n; ++i) {
    values += ", v" + std::to_string(i);
    if (i % 2 == 0) half += ", v" + std::to_string(i);
  }
  const std::string e_type = "    type: enum\n    values: [" + values + "]\n";
  const std::string f_type = "    type: enum\n    values: [" + values + ", x]\n";
  std::string text = std::string(header) + "inputs:\n  e: {type: enum, values: [" + values +
                     "]}\n  f:\n    values: [" + values + ", x]\noutputs:\n  same: e == f\n" +
                     "  listed: e in [" + half + "]\n  copy:\n" + e_type + "    expr: e\n" +
                     "  r:\n" + f_type + "    cases:\n      - when: e == v2\n        then: v3\n" +
                     "      - when: e in [v4, v5]\n        then: f\n      - otherwise: v0\n" +
                     "  pairs:\n" + f_type + "    cases:\n";
  for (int i = 0; i < n / 5; ++i) {
    text += "      - when: e == f and f == v" + std::to_string(i) + "\n        then: e\n";
  }
  text += "      - otherwise: x\n  t:\n" + e_type +
          "    table:\n      hit: first\n      columns: [e]\n      rows:\n";
  for (int i = 0; i < n / 10; ++i) {
    text += "        - when: [[v" + std::to_string(2 * i) + ", v" + std::to_string(2 * i + 1) +
            "]]\n          then: v" + std::to_string(i) + "\n";
  }
  text += "      otherwise: v0\ntests:\n";
  for (int i = 0; i < n / 10; ++i) {
    std::string v = "v" + std::to_string(i);
    text += "  - name: t" + std::to_string(i) + "\n    as_of: 2024-01-01\n    input: {e: " + v +
            ", f: " + v + "}\n    expect: {r: v0, copy: " + v + ", pairs: " + v + "}\n";
  }
  return text;
}

TEST(CheckEnum, LargeEnumsCheckInLinearWork) {
  // Twice the values (and twice the rows and tests using them) take about twice the work
  // (`detail::work_done`: 2.0 times), not four times: 100,000 values took 10 s to check when
  // every value was looked for among those before it, or every comparison of two enums looked
  // at every value. The times are in bench/limits_bench.cpp.
  auto work = [](int n) {
    std::string text = large_enum_policy(n);
    return ssprules::test_support::work_of([&] {
      ssprules::load_result r = ssprules::load_string(text, "rules.yaml");
      EXPECT_TRUE(r.ok()) << ssprules::render(r.diagnostics).substr(0, 2000);
    });
  };
  std::uint64_t small = work(2'000);
  std::uint64_t large = work(4'000);
  EXPECT_LT(large, 2.3 * static_cast<double>(small))
      << "2,000 values: " << small << " units of work, 4,000 values: " << large;
}

TEST(CheckEnum, MisspeltValuesOfALargeEnumStayLinear) {
  // Each misspelt value is an error; "did you mean" compares it with every value of the enum
  // only while a budget lasts, so that 4,000 misspellings of an enum of 20,000 values do not
  // take 80 million comparisons.
  auto work = [](int n, std::size_t& errors) {
    std::string text = policy("inputs:\n  e: {type: enum, values: [v0");
    for (int i = 1; i < n; ++i) text += ", v" + std::to_string(i);
    text += "]}\noutputs:\n  t:\n    table:\n      hit: first\n      columns: [e]\n      rows:\n";
    for (int i = 0; i < n / 5; ++i) {
      text += "        - when: [w" + std::to_string(i) + "]\n          then: 1\n";
    }
    text += "      otherwise: 0\n";
    return ssprules::test_support::work_of([&] {
      check_result r = check_text(text);
      errors = count_code(r.diagnostics, "SR0305");
    });
  };
  std::size_t small_errors = 0;
  std::size_t large_errors = 0;
  std::uint64_t small = work(10'000, small_errors);
  std::uint64_t large = work(20'000, large_errors);
  EXPECT_EQ(small_errors, 2'000U);
  EXPECT_EQ(large_errors, 4'000U);
  EXPECT_LT(large, 2.3 * static_cast<double>(small))
      << "10,000 values: " << small << " units of work, 20,000 values: " << large;
}

TEST(CheckEnum, LongEnumsAreListedWithAndNMore) {
  std::string values = "v0";
  for (int i = 1; i < 30; ++i) values += ", v" + std::to_string(i);
  auto r = check_text(policy("inputs:\n  e: {type: enum, values: [" + values +
                             "]}\noutputs:\n  a: e == \"v30\"\n  b:\n    type: enum\n"
                             "    values: [v0]\n    expr: e\n"));
  diagnostic d = expect_at(r, "SR0305", 6, 11);
  EXPECT_EQ(d.message,
            "\"v30\" is not a value of enum {v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, "
            "v10, v11, v12, v13, v14, v15, v16, v17, v18, v19, and 10 more}");
  EXPECT_NE(find_code(r.diagnostics, "SR0305"), nullptr);
  std::string text = rendered(r.diagnostics);
  EXPECT_TRUE(contains(text,
                       "error[SR0305]: `v1`, `v2`, `v3`, `v4`, `v5`, `v6`, `v7`, `v8`, "
                       "`v9`, `v10`, `v11`, `v12`, `v13`, `v14`, `v15`, `v16`, `v17`, "
                       "`v18`, `v19`, `v20`, and 9 more are not values of output `b`'s type "
                       "enum {v0}"))
      << text;
}

TEST(Check, ConditionsMustBeBooleans) {
  auto r = check_text(policy(R"(inputs:
  x: integer
outputs:
  a:
    cases:
      - when: x
        then: 1
      - otherwise: 2
  b: x and true
  c: not x
)"));
  std::string text = rendered(r.diagnostics);
  EXPECT_TRUE(contains(text,
                       "rules.yaml:8:15: error[SR0308]: `when` needs a condition (true or "
                       "false), not integer"))
      << text;
  EXPECT_TRUE(contains(text, "rules.yaml:11:6: error[SR0308]: `and` needs a condition")) << text;
  EXPECT_TRUE(contains(text, "rules.yaml:12:10: error[SR0308]: `not` needs a condition")) << text;
}

TEST(Check, DeclaredTypeMismatch) {
  auto r = check_text(policy(R"(inputs:
  x: integer
outputs:
  t1:
    type: integer
    expr: x > 1
  t2:
    type: integer
    expr: x / 2
)"));
  std::string text = rendered(r.diagnostics);
  EXPECT_TRUE(contains(text,
                       "rules.yaml:8:11: error[SR0307]: output `t1` is declared integer but "
                       "this is bool"))
      << text;
  EXPECT_TRUE(contains(text,
                       "rules.yaml:11:11: error[SR0307]: output `t2` is declared integer but "
                       "this is decimal"))
      << text;
}

TEST(Check, BranchesOfDifferentTypes) {
  auto r = check_text(policy(R"(inputs:
  x: integer
outputs:
  a:
    cases:
      - when: x > 1
        then: 1
      - otherwise: as_of
  b: if x > 1 then true else 2
)"));
  std::string text = rendered(r.diagnostics);
  EXPECT_TRUE(contains(text,
                       "rules.yaml:10:20: error[SR0304]: output `a` gives date here but "
                       "integer elsewhere"))
      << text;
  EXPECT_TRUE(contains(text,
                       "rules.yaml:11:6: error[SR0304]: the branches of `if` differ: bool "
                       "and integer"))
      << text;
}

TEST(Check, InferredAndDeclaredTypesReachTheProgram) {
  auto loaded = ssprules::load_string(policy(R"(inputs:
  x: integer
  when_approved: {type: date, optional: true}
  s2: {type: enum, values: [a, b]}
  s3: {type: enum, values: [c, d]}
outputs:
  whole: x + 1
  mixed:
    cases:
      - when: x > 1
        then: 1
      - otherwise: 2.5
  widened:
    type: decimal
    expr: x
  union:
    cases:
      - when: x > 1
        then: s2
      - otherwise: s3
  subset:
    type: enum
    values: [a, b, c, d, e]
    expr: s2
  maybe: when_approved
  sure: when_approved ?? as_of
  divided: x / 4
)"),
                                      "rules.yaml");
  ASSERT_TRUE(loaded.ok()) << rendered(loaded.diagnostics);
  const auto& outs = loaded.prog.outputs();
  ASSERT_EQ(outs.size(), 8U);
  EXPECT_EQ(outs[0].type.kind, type_kind::integer);
  EXPECT_EQ(outs[1].type.kind, type_kind::decimal) << "integer and decimal branches widen";
  EXPECT_EQ(outs[2].type.kind, type_kind::decimal);
  EXPECT_EQ(outs[3].type.kind, type_kind::enumeration);
  EXPECT_EQ(outs[3].type.values, (std::vector<std::string>{"a", "b", "c", "d"}))
      << "the union of the cases' enums";
  EXPECT_EQ(outs[4].type.values, (std::vector<std::string>{"a", "b", "c", "d", "e"}))
      << "a subset fits where the declared enum is expected";
  EXPECT_EQ(outs[5].type.kind, type_kind::date);
  EXPECT_TRUE(outs[5].type.optional) << "a rule whose expression may be missing is optional";
  EXPECT_FALSE(outs[6].type.optional);
  EXPECT_EQ(outs[7].type.kind, type_kind::decimal) << "dividing gives a decimal";
  EXPECT_FALSE(outs[0].type.optional);
}

TEST(Check, IntegerAndDecimalMixInComparisonsAndLists) {
  auto r = check_text(policy(R"(inputs:
  x: integer
  d: decimal
outputs:
  a: x < d
  b: d in [1, 2.5]
  c: x in 1..2.5
  e: max(x, d)
)"));
  EXPECT_TRUE(r.ok()) << rendered(r.diagnostics);
}

// ---------------------------------------------------------------------------------------------
// optional values and flow typing

const char* const optional_inputs = R"(inputs:
  x: {type: integer, optional: true}
  y: integer
  s: {type: enum, values: [politiet, skat], optional: true}
)";

TEST(Check, OptionalValueUsedWithoutTest) {
  auto r = check_text(policy(std::string(optional_inputs) + "outputs:\n  a: x > 1 and y > 0\n"));
  diagnostic d = expect_at(r, "SR0306", 8, 6);
  EXPECT_EQ(d.message, "`x` may be missing here");
  EXPECT_EQ(d.level, severity::error);
  ASSERT_EQ(d.notes.size(), 1U);
  EXPECT_EQ(d.notes[0].message, "test it first, `present(x) and …`, or give a default, `x ?? 0`");
}

TEST(Check, OptionalValueInArithmeticAndCalls) {
  auto r = check_text(
      policy(std::string(optional_inputs) + "outputs:\n  a: x + 1\n  b: abs(x)\n  c: -x\n"));
  EXPECT_EQ(count_code(r.diagnostics, "SR0306"), 3U) << rendered(r.diagnostics);
}

TEST(Check, FlowTypingAfterPresent) {
  auto r = check_text(policy(std::string(optional_inputs) + R"(outputs:
  a: present(x) and x > 1
  b: not present(x) or x > 1
  c: if present(x) then x else 0
  d: x ?? 0
  e: (x ?? 0) in [3, 4]
  f: if present(s) then s == skat else false
  g:
    cases:
      - when: not present(x)
        then: 0
      - when: x > 10
        then: 2
      - otherwise: x
  h:
    cases:
      - when: present(x) and y > 1
        then: x
      - otherwise: y
  i: present(x) and present(s) and x > 1 and s == politiet
)"));
  EXPECT_TRUE(r.ok()) << rendered(r.diagnostics);
  EXPECT_EQ(count_code(r.diagnostics, "SR0306"), 0U) << rendered(r.diagnostics);
}

TEST(Check, FlowTypingDoesNotLeak) {
  auto r = check_text(policy(std::string(optional_inputs) + R"(outputs:
  a: present(x) or x > 1
  b:
    cases:
      - when: present(x)
        then: 1
      - otherwise: x + 1
  c: if present(x) then 0 else x + 1
)"));
  std::string text = rendered(r.diagnostics);
  EXPECT_EQ(count_code(r.diagnostics, "SR0306"), 3U) << text;
  EXPECT_TRUE(contains(text, "rules.yaml:8:20: error[SR0306]")) << text;
  EXPECT_TRUE(contains(text, "rules.yaml:13:20: error[SR0306]")) << text;
  EXPECT_TRUE(contains(text, "rules.yaml:14:32: error[SR0306]")) << text;
}

TEST(Check, DefaultingANeverMissingValueIsAWarning) {
  auto r =
      check_text(policy(std::string(optional_inputs) + "outputs:\n  a: y ?? 0\n  b: present(y)\n"));
  EXPECT_TRUE(r.ok()) << rendered(r.diagnostics);
  ASSERT_EQ(count_code(r.diagnostics, "SR0306"), 2U) << rendered(r.diagnostics);
  for (const diagnostic& d : r.diagnostics) {
    if (d.code == "SR0306") {
      EXPECT_EQ(d.level, severity::warning);
    }
  }
  std::string text = rendered(r.diagnostics);
  EXPECT_TRUE(contains(text, "this value is never missing, so `?? …` is never used")) << text;
  EXPECT_TRUE(contains(text, "this value is never missing, so `present(…)` is always true"))
      << text;
}

TEST(Check, DefaultOfTheWrongType) {
  auto r = check_text(policy(std::string(optional_inputs) + "outputs:\n  a: x ?? as_of\n"));
  diagnostic d = expect_at(r, "SR0304", 8, 11);
  EXPECT_EQ(d.message, "the default is date but the value is integer");
}

TEST(Check, OptionalRuleIsOptionalForItsUsers) {
  auto r = check_text(policy(std::string(optional_inputs) + R"(values:
  maybe: x
outputs:
  a: maybe > 1
  b: (maybe ?? 0) > 1
)"));
  diagnostic d = expect_at(r, "SR0306", 10, 6);
  EXPECT_EQ(d.message, "`maybe` may be missing here");
  EXPECT_EQ(count_code(r.diagnostics, "SR0306"), 1U) << rendered(r.diagnostics);
}

TEST(Check, InputDefaults) {
  auto r = check_text(policy(R"(inputs:
  a: {type: bool, default: 3}
  b: {type: integer, min: 1, max: 4, default: 7}
  c: {type: integer, default: 1 + 1}
  d: {type: enum, values: [x, y], default: z}
  e: {type: integer, default: -2}
  f: {type: date, default: as_of}
outputs:
  o: a and b > 0 and c > 0 and d == x and e > 0 and f > 2020-01-01
)"));
  std::string text = rendered(r.diagnostics);
  EXPECT_TRUE(contains(text,
                       "rules.yaml:4:28: error[SR0307]: input `a` is declared bool but this "
                       "is integer"))
      << text;
  EXPECT_TRUE(contains(text,
                       "rules.yaml:5:47: error[SR0310]: the default of `b` is outside the "
                       "declared range 1..4"))
      << text;
  EXPECT_TRUE(contains(text, "rules.yaml:6:31: error[SR0104]: a default must be a single value"))
      << text;
  EXPECT_TRUE(contains(text,
                       "rules.yaml:7:44: error[SR0305]: `z` is neither a name nor a value of "
                       "enum {x, y}"))
      << text;
  EXPECT_TRUE(contains(text,
                       "rules.yaml:9:28: error[SR0301]: `as_of` (the evaluation date) cannot "
                       "be used here"))
      << text;
  EXPECT_FALSE(contains(text, "rules.yaml:8:")) << "-2 is a valid default\n" << text;
}

// ---------------------------------------------------------------------------------------------
// dependency cycles

TEST(Check, ReportsDependencyCycleWithPath) {
  auto r = check_text(policy(R"(inputs:
  x: integer
values:
  a: b + 1
  b: c + 1
  c: a + x
outputs:
  out: a
)"));
  EXPECT_FALSE(r.ok());
  ASSERT_EQ(count_code(r.diagnostics, "SR0401"), 1U) << rendered(r.diagnostics);
  diagnostic d = expect_at(r, "SR0401", 6, 6);  // where `a` uses `b`
  EXPECT_EQ(d.message, "dependency cycle: `a` → `b` → `c` → `a`");
  EXPECT_EQ(d.at.length, 1U);
  ASSERT_EQ(d.notes.size(), 3U);
  EXPECT_EQ(d.notes[0].message, "`b` uses `c` here");
  EXPECT_EQ(d.notes[0].at.line, 7U);
  EXPECT_EQ(d.notes[0].at.column, 6U);
  EXPECT_EQ(d.notes[1].message, "`c` uses `a` here");
  EXPECT_EQ(d.notes[1].at.line, 8U);
  EXPECT_EQ(d.notes[2].message, "a rule cannot depend on itself, directly or through other rules");
  // the symbols on the cycle do not produce follow-on errors
  EXPECT_EQ(r.diagnostics.size(), 1U) << rendered(r.diagnostics);
}

TEST(Check, ReportsSelfReference) {
  auto r = check_text(policy("outputs:\n  total:\n    expr: 1 + total\n"));
  diagnostic d = expect_at(r, "SR0401", 5, 15);
  EXPECT_EQ(d.message, "dependency cycle: `total` → `total`");
}

TEST(Check, ReportsEachCycleOnce) {
  auto r = check_text(policy(R"(outputs:
  a: b
  b: a
  c: d
  d: c
  e: a + c
)"));
  EXPECT_EQ(count_code(r.diagnostics, "SR0401"), 2U) << rendered(r.diagnostics);
  std::string text = rendered(r.diagnostics);
  EXPECT_TRUE(contains(text, "dependency cycle: `a` → `b` → `a`")) << text;
  EXPECT_TRUE(contains(text, "dependency cycle: `c` → `d` → `c`")) << text;
}

TEST(Check, CycleThroughTableAndCases) {
  auto r = check_text(policy(R"(inputs:
  x: integer
outputs:
  a:
    table:
      hit: first
      columns: [b]
      rows:
        - when: [any]
          then: 1
  b:
    cases:
      - when: a > 1
        then: 1
      - otherwise: x
)"));
  diagnostic d = expect_at(r, "SR0401", 9, 17);
  EXPECT_EQ(d.message, "dependency cycle: `a` → `b` → `a`");
}

TEST(Check, ParameterCycle) {
  auto r = check_text(policy("parameters:\n  p: q + 1\n  q: p + 1\noutputs:\n  o: p\n"));
  diagnostic d = expect_at(r, "SR0401", 4, 6);
  EXPECT_EQ(d.message, "dependency cycle: `p` → `q` → `p`");
}

// Loads and evaluates a policy in a child process: 0 when it works or is rejected with SR0202.
int load_and_evaluate_total(const std::string& text) {
  auto r = ssprules::load_string(text, "rules.yaml");
  if (!r.ok()) return find_code(r.diagnostics, "SR0202") != nullptr ? 0 : 1;
  ssprules::record_decoder decoder(r.prog);
  ssprules::facts record;
  std::vector<std::pair<std::string_view, ssprules::field_value>> fields = {
      {"x", ssprules::field_value::text("1")}};
  decoder.decode(fields, record);
  auto d = ssprules::evaluate(r.prog, record, *ssprules::date::parse("2021-01-01"));
  return d.ok() && d.values()[0].as_integer() == 10'001 ? 0 : 2;
}

// A policy of 40 KB whose one rule adds 10,000 terms: check (and compile and evaluate) must
// reject it (SR0202) or handle it, never exhaust the stack.
TEST(CheckDeathTest, LongOperatorChainDoesNotCrash) {
  std::string text = policy("inputs:\n  x: integer\noutputs:\n  total: |\n    x");
  for (int i = 0; i < 10'000; ++i) text += " +\n    x";
  text += "\n";
  EXPECT_EXIT(std::_Exit(load_and_evaluate_total(text)), ::testing::ExitedWithCode(0), "");
}

TEST(Check, RulesMayAppearInAnyOrder) {
  auto r = check_text(policy(R"(inputs:
  x: integer
outputs:
  c: b + 1
  b: a + 1
values:
  a: x + 1
)"));
  EXPECT_TRUE(r.ok()) << rendered(r.diagnostics);
}

// ---------------------------------------------------------------------------------------------
// versions and periods

const char* const two_periods = R"(id: t
effective:
  - name: trial
    from: 2009-05-14
    to: 2010-12-31
  - name: continuation
    from: 2011-01-01
inputs:
  x: integer
)";

TEST(Check, VersionsMustNotOverlap) {
  auto r = check_text(std::string(two_periods) + R"(outputs:
  v:
    versions:
      - period: trial
        expr: 1
      - from: 2010-06-01
        expr: x
)");
  diagnostic d = expect_at(r, "SR0602", 15, 9);
  EXPECT_EQ(d.message, "versions of output `v` overlap from 2010-06-01");
  ASSERT_EQ(d.notes.size(), 1U);
  EXPECT_EQ(d.notes[0].message, "the earlier version");
  EXPECT_EQ(d.notes[0].at.line, 13U);
}

TEST(Check, VersionsMustCoverThePolicy) {
  auto r = check_text(std::string(two_periods) + R"(outputs:
  v:
    versions:
      - period: trial
        expr: 1
      - from: 2011-02-01
        expr: x
)");
  diagnostic d = expect_at(r, "SR0602", 11, 3);
  EXPECT_EQ(d.message, "output `v` has no version for 2011-01-01, when the policy is in force");
  ASSERT_EQ(d.notes.size(), 1U);
  EXPECT_EQ(d.notes[0].message, "the effective period `continuation`");
  EXPECT_EQ(d.notes[0].at.line, 6U);
}

TEST(Check, VersionGapInsideAPeriod) {
  auto r = check_text(std::string(two_periods) + R"(outputs:
  v:
    versions:
      - from: 2009-05-14
        to: 2009-12-31
        expr: 1
      - from: 2010-02-01
        expr: x
)");
  diagnostic d = expect_at(r, "SR0602", 11, 3);
  EXPECT_EQ(d.message, "output `v` has no version for 2010-01-01, when the policy is in force");
}

TEST(Check, VersionsCoveringByDatesAndPeriods) {
  auto r = check_text(std::string(two_periods) + R"(outputs:
  v:
    versions:
      - period: trial
        expr: 1
      - from: 2011-01-01
        to: 2019-07-31
        expr: x
      - from: 2019-08-01
        expr: x + 1
)");
  EXPECT_TRUE(r.ok()) << rendered(r.diagnostics);
}

TEST(Check, UnknownPeriodWithSuggestion) {
  auto r = check_text(std::string(two_periods) + R"(outputs:
  v:
    versions:
      - period: trail
        expr: 1
      - period: continuation
        expr: x
)");
  diagnostic d = expect_at(r, "SR0111", 13, 9);
  EXPECT_EQ(d.message, "unknown period `trail`");
  ASSERT_FALSE(d.notes.empty());
  EXPECT_EQ(d.notes[0].message, "did you mean `trial`?");
}

TEST(Check, PeriodEndingBeforeItStarts) {
  auto r = check_text(R"(id: t
effective:
  - name: a
    from: 2020-01-01
    to: 2019-01-01
outputs:
  o: 1
)");
  diagnostic d = expect_at(r, "SR0110", 3, 5);
  EXPECT_EQ(d.message, "the period ends (2019-01-01) before it starts (2020-01-01)");
}

TEST(Check, OverlappingPeriods) {
  auto r = check_text(R"(id: t
effective:
  - name: a
    from: 2021-01-01
    to: 2022-12-31
  - name: b
    from: 2022-06-01
outputs:
  o: 1
)");
  diagnostic d = expect_at(r, "SR0110", 6, 5);
  EXPECT_EQ(
      d.message,
      "effective periods overlap: this one starts on 2022-06-01, before the previous one ends");
  ASSERT_EQ(d.notes.size(), 1U);
  EXPECT_EQ(d.notes[0].at.line, 3U);
}

TEST(Check, OverlappingPeriodsGivenOutOfOrder) {
  auto r = check_text(R"(id: t
effective:
  - name: late
    from: 2022-06-01
  - name: early
    from: 2021-01-01
    to: 2022-12-31
outputs:
  o: 1
)");
  EXPECT_NE(find_code(r.diagnostics, "SR0110"), nullptr) << rendered(r.diagnostics);
}

TEST(Check, DuplicatePeriodName) {
  auto r = check_text(R"(id: t
effective:
  - name: a
    from: 2021-01-01
    to: 2021-12-31
  - name: a
    from: 2022-01-01
outputs:
  o: 1
)");
  diagnostic d = expect_at(r, "SR0106", 6, 5);
  EXPECT_EQ(d.message, "period `a` is declared twice");
}

TEST(Check, ParameterChangesTwiceOnOneDay) {
  auto r = check_text(policy(R"(parameters:
  p:
    value: 1
    changes:
      - from: 2021-01-01
        value: 2
      - from: 2021-01-01
        value: 3
outputs:
  o: p
)"));
  diagnostic d = expect_at(r, "SR0602", 9, 9);
  EXPECT_EQ(d.message, "parameter `p` changes twice on the same date");
}

TEST(Check, ParameterWithoutValueAtTheStart) {
  auto r = check_text(policy(R"(parameters:
  p:
    changes:
      - from: 2021-01-01
        value: 2
outputs:
  o: p
)"));
  diagnostic d = expect_at(r, "SR0602", 6, 9);
  EXPECT_EQ(d.message,
            "parameter `p` has no value before 2021-01-01, but the policy is in force then");
}

TEST(Check, ParameterValuesOfDifferentTypes) {
  auto r = check_text(policy(R"(parameters:
  p:
    value: 1
    changes:
      - from: 2021-01-01
        value: 2021-01-01
outputs:
  o: p
)"));
  diagnostic d = expect_at(r, "SR0304", 8, 16);
  EXPECT_EQ(d.message, "the values of parameter `p` differ in type: integer and date");
}

// ---------------------------------------------------------------------------------------------
// declarations

TEST(Check, DuplicateNamesAcrossSections) {
  auto r = check_text(policy(R"(inputs:
  x: integer
parameters:
  x: 1
values:
  y: x
outputs:
  y: 2
)"));
  std::string text = rendered(r.diagnostics);
  EXPECT_TRUE(contains(text, "rules.yaml:6:3: error[SR0106]: `x` is declared twice")) << text;
  EXPECT_TRUE(contains(text, "rules.yaml:10:3: error[SR0106]: `y` is declared twice")) << text;
  diagnostic d = expect_at(r, "SR0106", 6, 3);
  ASSERT_EQ(d.notes.size(), 1U);
  EXPECT_EQ(d.notes[0].message, "first declared here");
  EXPECT_EQ(d.notes[0].at.line, 4U);
}

TEST(Check, ReservedNamesAreRejected) {
  auto parsed = ssprules::parse(source::from_string("rules.yaml", policy(R"(inputs:
  id: string
values:
  as_of: 1
outputs:
  o: year(as_of)
)")));
  EXPECT_FALSE(parsed.ok());
  std::string text = rendered(parsed.diagnostics);
  EXPECT_TRUE(contains(text,
                       "rules.yaml:4:3: error[SR0105]: `id` is reserved for the record's "
                       "identifier and cannot name an input"))
      << text;
  EXPECT_TRUE(contains(text,
                       "rules.yaml:6:3: error[SR0105]: `as_of` is reserved for the "
                       "record's evaluation date and cannot name a value"))
      << text;
  auto r = ssprules::check(std::move(parsed.document));
  EXPECT_TRUE(r.diagnostics.empty()) << "`as_of` still means the evaluation date\n"
                                     << rendered(r.diagnostics);
}

TEST(Check, AsOfIsAlwaysKnown) {
  auto r = check_text(policy("outputs:\n  y: year(as_of)\n"));
  EXPECT_TRUE(r.ok()) << rendered(r.diagnostics);
}

TEST(Check, UnusedInputsParametersAndValuesAreWarnings) {
  auto r = check_text(policy(R"(inputs:
  x: integer
  unused_in: bool
parameters:
  p: 1
  unused_p: 2
values:
  unused_v: x + 1
  used_v: p
outputs:
  o: x + used_v
  unused_output_is_fine: 1
)"));
  EXPECT_TRUE(r.ok()) << "warnings do not stop a policy\n" << rendered(r.diagnostics);
  std::string text = rendered(r.diagnostics);
  EXPECT_TRUE(contains(text, "rules.yaml:5:3: warning[SR0701]: input `unused_in` is never used"))
      << text;
  EXPECT_TRUE(contains(text, "rules.yaml:8:3: warning[SR0702]: parameter `unused_p` is never used"))
      << text;
  EXPECT_TRUE(contains(text, "rules.yaml:10:3: warning[SR0702]: value `unused_v` is never used"))
      << text;
  EXPECT_EQ(r.diagnostics.size(), 3U) << text;
}

TEST(Check, ParameterUsedOnlyInAnAssertionIsUsed) {
  auto r = check_text(policy(R"(parameters:
  budget: 100
  line: 100
assertions:
  - name: fits
    assert: line <= budget
outputs:
  o: 1
)"));
  EXPECT_TRUE(r.diagnostics.empty()) << rendered(r.diagnostics);
}

// ---------------------------------------------------------------------------------------------
// assertions and parameters

TEST(Check, AssertionsAndParametersCannotUseInputs) {
  auto r = check_text(policy(R"(inputs:
  x: integer
parameters:
  p: 1
  q: x + 1
assertions:
  - name: uses_input
    assert: x > p
  - name: uses_date
    assert: as_of > 2020-01-01
outputs:
  o: x + q
)"));
  std::string text = rendered(r.diagnostics);
  EXPECT_TRUE(contains(text,
                       "rules.yaml:7:6: error[SR0402]: `x` is an input and cannot be used "
                       "here"))
      << text;
  EXPECT_TRUE(contains(text,
                       "rules.yaml:10:13: error[SR0402]: `x` is an input and cannot be used "
                       "here"))
      << text;
  EXPECT_TRUE(contains(text,
                       "parameters and assertions may use only literals and other "
                       "parameters"))
      << text;
  EXPECT_TRUE(contains(text,
                       "rules.yaml:12:13: error[SR0301]: `as_of` (the evaluation date) "
                       "cannot be used here"))
      << text;
}

TEST(Check, AssertionsCannotUseRules) {
  auto r = check_text(policy(R"(values:
  v: 1
assertions:
  - assert: v > 0
outputs:
  o: v
)"));
  diagnostic d = expect_at(r, "SR0402", 6, 13);
  EXPECT_EQ(d.message, "`v` is a rule and cannot be used here");
}

TEST(Check, AssertionMustBeACondition) {
  auto r =
      check_text(policy("parameters:\n  p: 1\nassertions:\n  - assert: p + 1\noutputs:\n  o: p\n"));
  diagnostic d = expect_at(r, "SR0308", 6, 13);
  EXPECT_EQ(d.message, "`assert` needs a condition (true or false), not integer");
}

// ---------------------------------------------------------------------------------------------
// citations and quotes

TEST(Check, CitationOfUnknownDocument) {
  auto r = check_text(policy(R"(sources:
  bif-2009: Udmøntning af midler til SSP+
inputs:
  x: integer
outputs:
  a:
    expr: x
    source: bif-2090
  b:
    expr: x
    source: [{doc: kui, section: x}]
)"));
  std::string text = rendered(r.diagnostics);
  EXPECT_TRUE(contains(text,
                       "rules.yaml:10:13: error[SR0311]: citation of unknown source document "
                       "`bif-2090`"))
      << text;
  EXPECT_TRUE(contains(text, "did you mean `bif-2009`?")) << text;
  EXPECT_TRUE(contains(text,
                       "rules.yaml:13:14: error[SR0311]: citation of unknown source document "
                       "`kui`"))
      << text;
}

TEST(Check, CitationsEverywhereAreChecked) {
  auto r = check_text(R"(id: t
effective:
  - from: 2020-01-01
    source: p1
inputs:
  x:
    type: integer
    source: p2
parameters:
  p:
    value: 1
    source: p3
    changes:
      - from: 2021-01-01
        value: 2
        source: p4
outputs:
  a:
    versions:
      - from: 2020-01-01
        source: p5
        cases:
          - when: x > p
            then: 1
            source: p6
          - otherwise: 2
  b:
    table:
      hit: first
      columns: [x]
      rows:
        - when: [any]
          then: 1
          source: p7
assertions:
  - assert: p > 0
    source: p8
)");
  std::string text = rendered(r.diagnostics);
  EXPECT_EQ(count_code(r.diagnostics, "SR0311"), 8U) << text;
  for (int i = 1; i <= 8; ++i) {
    std::string message = "citation of unknown source document `p" + std::to_string(i) + "`";
    std::size_t times = 0;
    for (const diagnostic& d : r.diagnostics) times += d.message == message ? 1 : 0;
    EXPECT_EQ(times, 1U) << message << " should be reported once\n" << text;
  }
}

TEST(Check, NoSourcesDeclaredHint) {
  auto r = check_text(policy("outputs:\n  a:\n    expr: 1\n    source: bif\n"));
  diagnostic d = expect_at(r, "SR0311", 6, 13);
  ASSERT_FALSE(d.notes.empty());
  EXPECT_EQ(d.notes.back().message, "declare the document under `sources:`");
}

class QuoteCheck : public ::testing::Test {
 protected:
  void SetUp() override {
    namespace fs = std::filesystem;
    dir_ = fs::temp_directory_path() /
           ("ssprules_check_quotes_" +
            std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_ / "sources");
    std::ofstream(dir_ / "sources" / "seed.txt", std::ios::binary)
        << "Triangelmodellen\n\nHver plan skal være færdigbehandlet og godkendt\naf "
           "arbejdsgruppen, når den unge fylder 17½ år.\n";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  ssprules::load_result load_policy(const std::string& text, const check_options& opts = {}) {
    std::filesystem::path path = dir_ / "policy.yaml";
    std::ofstream(path, std::ios::binary) << text;
    return ssprules::load(path.string(), opts);
  }

  std::filesystem::path dir_;
};

const char* const quoting_policy = R"(id: t
effective: {from: 2020-01-01}
sources:
  seed:
    title: The seed
    file: sources/seed.txt
inputs:
  x: integer
outputs:
  good:
    expr: x
    source:
      doc: seed
      quote: godkendt af   arbejdsgruppen, når den unge fylder 17½ år.
  folded:
    expr: x
    source:
      doc: seed
      quote: >
        Hver plan skal være færdigbehandlet
        og godkendt af arbejdsgruppen
  bad:
    expr: x
    source: {doc: seed, quote: "når den unge fylder 18 år"}
)";

TEST_F(QuoteCheck, QuotesMustBeInTheSourceFile) {
  auto r = load_policy(quoting_policy);
  std::string text = rendered(r.diagnostics);
  ASSERT_EQ(count_code(r.diagnostics, "SR0312"), 1U) << text;
  const diagnostic* d = find_code(r.diagnostics, "SR0312");
  EXPECT_EQ(d->at.line, 24U);
  EXPECT_EQ(d->at.column, 32U);  // the quote itself
  EXPECT_EQ(d->message, "the quoted passage is not in `sources/seed.txt`");
  EXPECT_FALSE(r.ok());
}

TEST_F(QuoteCheck, QuotesAreNotCheckedWhenTurnedOff) {
  check_options opts;
  opts.verify_quotes = false;
  auto r = load_policy(quoting_policy, opts);
  EXPECT_EQ(find_code(r.diagnostics, "SR0312"), nullptr) << rendered(r.diagnostics);
  EXPECT_TRUE(r.ok()) << rendered(r.diagnostics);
}

TEST_F(QuoteCheck, UnreadableSourceFileIsAWarning) {
  auto r = load_policy(R"(id: t
effective: {from: 2020-01-01}
sources:
  gone: {title: Gone, file: sources/missing.txt}
outputs:
  a:
    expr: 1
    source: {doc: gone, quote: anything}
)");
  const diagnostic* d = find_code(r.diagnostics, "SR0313");
  ASSERT_NE(d, nullptr) << rendered(r.diagnostics);
  EXPECT_EQ(d->level, severity::warning);
  EXPECT_EQ(d->at.line, 4U);
  EXPECT_EQ(d->at.column, 29U) << "at the path";
  EXPECT_EQ(d->message,
            "cannot read source document `sources/missing.txt`: no such file; its "
            "quotes are not checked");
  EXPECT_TRUE(r.ok());
}

// A policy citing `file` with a quote that is in the document when it is read.
std::string citing(const std::string& file, const std::string& quote = "Triangelmodellen") {
  return "id: t\neffective: {from: 2020-01-01}\nsources:\n  doc:\n    title: A document\n"
         "    file: \"" +
         file +
         "\"\noutputs:\n  a:\n    expr: 1\n"
         "    source: {doc: doc, quote: \"" +
         quote + "\"}\n";
}

TEST_F(QuoteCheck, CitedFilesOutsideThePolicysFolderAreSR0007) {
  namespace fs = std::filesystem;
  // beside the policy's folder, with a name that starts like it (a string prefix would pass)
  fs::path sibling = dir_.string() + "-other";
  fs::create_directories(sibling);
  std::ofstream(sibling / "seed.txt", std::ios::binary) << "Triangelmodellen\n";
  fs::create_directory_symlink(sibling, dir_ / "sources" / "link");  // a link out of the tree
  const std::string sibling_name = sibling.filename().string();
  for (const std::string& file :
       {"../" + sibling_name + "/seed.txt", (sibling / "seed.txt").string(),
        std::string("sources/link/seed.txt"),
        std::string("sources/../../") + sibling_name + "/seed.txt", std::string("/etc/passwd")}) {
    auto r = load_policy(citing(file, file == "/etc/passwd" ? "root:x:0:0" : "Triangelmodellen"));
    const diagnostic* d = find_code(r.diagnostics, "SR0007");
    ASSERT_NE(d, nullptr) << file << "\n" << rendered(r.diagnostics);
    EXPECT_EQ(d->level, severity::error);
    EXPECT_EQ(d->message, "`" + file + "` is outside the policy's folder");
    EXPECT_EQ(d->at.line, 6U) << "at the path";
    EXPECT_EQ(d->at.column, 11U);
    ASSERT_EQ(d->notes.size(), 1U);
    EXPECT_NE(d->notes[0].message.find("put the document inside the policy's folder"),
              std::string::npos);
    EXPECT_EQ(find_code(r.diagnostics, "SR0312"), nullptr) << "the file was not read: " << file;
    EXPECT_FALSE(r.ok());
  }
  fs::remove_all(sibling);
}

TEST_F(QuoteCheck, CitedFilesInsideThePolicysFolderTreeAreRead) {
  namespace fs = std::filesystem;
  fs::create_directories(dir_ / "deep" / "er");
  std::ofstream(dir_ / "deep" / "er" / "doc.txt", std::ios::binary) << "Triangelmodellen\n";
  fs::create_symlink(dir_ / "deep" / "er" / "doc.txt", dir_ / "sources" / "inside-link.txt");
  for (const std::string& file :
       {std::string("sources/seed.txt"), std::string("./sources/../sources/seed.txt"),
        (dir_ / "sources" / "seed.txt").string(), std::string("deep/er/doc.txt"),
        std::string("sources/inside-link.txt")}) {
    auto r = load_policy(citing(file));
    EXPECT_TRUE(r.ok()) << file << "\n" << rendered(r.diagnostics);
    EXPECT_TRUE(r.diagnostics.empty()) << file << "\n" << rendered(r.diagnostics);
    auto wrong = load_policy(citing(file, "not in the document"));
    EXPECT_NE(find_code(wrong.diagnostics, "SR0312"), nullptr) << "read and checked: " << file;
  }
}

TEST_F(QuoteCheck, APathOutsideIsSR0007EvenWithoutAQuote) {
  auto r = load_policy(R"(id: t
effective: {from: 2020-01-01}
sources:
  law: {title: A law, file: ../../../../../../../../etc/passwd}
outputs:
  a:
    expr: 1
    source: law
)");
  const diagnostic* d = find_code(r.diagnostics, "SR0007");
  ASSERT_NE(d, nullptr) << rendered(r.diagnostics);
  EXPECT_EQ(d->at.line, 4U);
  check_options off;
  off.verify_quotes = false;
  EXPECT_TRUE(load_policy(R"(id: t
effective: {from: 2020-01-01}
sources:
  law: {title: A law, file: ../../../../../../../../etc/passwd}
outputs:
  a: 1
)",
                          off)
                  .ok())
      << "without verification no file is looked at";
}

TEST_F(QuoteCheck, CitedFilesThatAreNotRegularFilesAreRefusedUnread) {
  namespace fs = std::filesystem;
  // a FIFO with no writer: opening it for reading would wait forever, reading /dev/zero never ends
  ASSERT_EQ(std::system(("mkfifo '" + (dir_ / "sources" / "pipe.txt").string() + "'").c_str()), 0);
  for (const auto& [file, kind] : std::vector<std::pair<std::string, std::string>>{
           {"sources/pipe.txt", "a FIFO"}, {"sources", "a directory"}}) {
    auto r = load_policy(citing(file));
    const diagnostic* d = find_code(r.diagnostics, "SR0313");
    ASSERT_NE(d, nullptr) << file << "\n" << rendered(r.diagnostics);
    EXPECT_EQ(d->message, "cannot read source document `" + file + "`: not a regular file (" +
                              kind + "); its quotes are not checked");
    EXPECT_TRUE(r.ok());
  }
  // a link to /dev/zero inside the folder resolves outside it
  fs::create_symlink("/dev/zero", dir_ / "sources" / "zero.txt");
  auto zero = load_policy(citing("sources/zero.txt"));
  EXPECT_NE(find_code(zero.diagnostics, "SR0007"), nullptr) << rendered(zero.diagnostics);
}

TEST_F(QuoteCheck, CitedDocumentsOverTheLimitAreSR0005) {
  check_options opts;
  opts.max_source_bytes = 20;
  auto r = load_policy(citing("sources/seed.txt"), opts);
  const diagnostic* d = find_code(r.diagnostics, "SR0005");
  ASSERT_NE(d, nullptr) << rendered(r.diagnostics);
  EXPECT_EQ(d->message, "source document `sources/seed.txt`: file is 118 bytes; the limit is 20");
  EXPECT_EQ(d->at.line, 6U);
  opts.max_source_bytes = 118;
  EXPECT_TRUE(load_policy(citing("sources/seed.txt"), opts).ok()) << "the limit itself is fine";
}

TEST_F(QuoteCheck, QuotesOverTheLengthLimitAreSR0005) {
  // 2,000 characters (code points: `ø` is one, a run of spaces counts once) is the limit
  std::string quote;
  while (quote.size() < 1990) quote += "abcdefgh ";
  quote.resize(1990);
  quote += "  øøøøøøøøø";  // 1990 + 1 space + 9 = 2000
  check_options no_files;
  no_files.verify_quotes = false;
  auto ok = load_policy(citing("sources/seed.txt", quote), no_files);
  EXPECT_TRUE(ok.ok()) << rendered(ok.diagnostics);
  auto r = load_policy(citing("sources/seed.txt", quote + "ø"), no_files);
  const diagnostic* d = find_code(r.diagnostics, "SR0005");
  ASSERT_NE(d, nullptr) << "the bound holds whether or not quotes are verified";
  EXPECT_EQ(d->message, "the quoted passage is 2001 characters; the limit is 2000");
  EXPECT_EQ(d->at.line, 10U);
  ASSERT_EQ(d->notes.size(), 1U);
  EXPECT_NE(d->notes[0].message.find("quote a shorter passage"), std::string::npos);
}

TEST(Check, ReadFileHookServesCitedDocumentsFromMemory) {
  // an in-memory file system: what a fuzzer does to exercise cited documents without a disk
  std::map<std::string, std::string> files = {
      {"mem/policy.yaml", citing("sources/doc.txt", "in memory")},
      {"mem/sources/doc.txt", "a document held in memory\n"}};
  std::vector<std::pair<std::string, std::size_t>> reads;
  check_options opts;
  opts.read_file = [&](const std::string& path, std::size_t limit) {
    reads.emplace_back(path, limit);
    ssprules::file_contents out;
    auto it = files.find(path);
    if (it == files.end()) {
      out.error = ssprules::read_error::missing;
      out.reason = "no such file";
    } else {
      out.text = it->second;
    }
    return out;
  };
  auto r = ssprules::load("mem/policy.yaml", opts);
  EXPECT_TRUE(r.ok()) << rendered(r.diagnostics);
  EXPECT_TRUE(r.diagnostics.empty()) << rendered(r.diagnostics);
  ASSERT_EQ(reads.size(), 2U);
  EXPECT_EQ(reads[0], std::make_pair(std::string("mem/policy.yaml"), std::size_t{16U << 20U}));
  EXPECT_EQ(reads[1], std::make_pair(std::string("mem/sources/doc.txt"), opts.max_source_bytes));
  files["mem/sources/doc.txt"] = "another text\n";
  auto wrong = ssprules::load("mem/policy.yaml", opts);
  EXPECT_NE(find_code(wrong.diagnostics, "SR0312"), nullptr) << rendered(wrong.diagnostics);
}

// Serves `files` (path -> text) through check_options::read_file; a path not there is missing.
check_options serving(const std::map<std::string, std::string>& files) {
  check_options opts;
  opts.read_file = [files](const std::string& path, std::size_t) {
    ssprules::file_contents out;
    auto it = files.find(path);
    if (it == files.end()) {
      out.error = ssprules::read_error::missing;
      out.reason = "no such file";
    } else {
      out.text = it->second;
    }
    return out;
  };
  return opts;
}

// Each document is searched once for all of its quotes; the diagnostics are those a search per
// quote gave: SR0312 at each citation of a quote not found (a duplicate, whitespace aside, too;
// a quote found in another document too), beside the documents' SR0313 and SR0007 and the
// citations' SR0311 and SR0005.
TEST(Check, QuotesNotFoundAreReportedAtEachCitationInOrder) {
  std::string policy = R"(id: t
effective: {from: 2020-01-01}
sources:
  one: {title: One, file: one.txt}
  two: {title: Two, file: two.txt}
  gone: {title: Gone, file: gone.txt}
  out: {title: Out, file: ../out.txt}
parameters:
  p: {value: 1, source: {doc: two, quote: "nor in two"}}
outputs:
  a:
    expr: p
    source:
      - {doc: one, quote: "only in two"}
      - {doc: nowhere, quote: "x"}
      - {doc: one, quote: "in   both"}
      - {doc: two, quote: "in both"}
      - {doc: gone, quote: "anything"}
      - {doc: two, quote: "only in two"}
      - {doc: one, quote: LONG}
      - {doc: one, quote: "only  in
          two"}
      - {doc: out, quote: "x"}
      - {doc: one, quote: "æble på"}
      - {doc: one, quote: "æble"}
  b:
    source: {doc: two, quote: "in both"}
    versions:
      - from: 2020-01-01
        expr: 2
        source: [{doc: one, quote: "only in two"}, {doc: one, quote: "in both"}, one]
)";
  policy.replace(policy.find("LONG"), 4, std::string(2001, 'x'));  // over the limit
  check_options opts = serving({{"mem/policy.yaml", policy},
                                {"mem/one.txt", "This is in\n both documents: æble."},
                                {"mem/two.txt", "in both, and only in two"}});
  auto r = ssprules::load("mem/policy.yaml", opts);
  // code, line, column; for SR0312 the message
  using seen = std::tuple<std::string, std::uint32_t, std::uint32_t, std::string>;
  std::vector<seen> got;
  for (const diagnostic& d : r.diagnostics) {
    got.emplace_back(d.code, d.at.line, d.at.column, d.code == "SR0312" ? d.message : "");
  }
  const std::string in_one = "the quoted passage is not in `one.txt`";
  const std::string in_two = "the quoted passage is not in `two.txt`";
  const std::vector<seen> expected = {
      {"SR0313", 6, 29, ""},      {"SR0007", 7, 27, ""},      {"SR0312", 9, 43, in_two},
      {"SR0312", 14, 27, in_one}, {"SR0311", 15, 9, ""},      {"SR0005", 20, 27, ""},
      {"SR0312", 21, 27, in_one}, {"SR0312", 24, 27, in_one}, {"SR0312", 31, 36, in_one}};
  EXPECT_EQ(got, expected) << rendered(r.diagnostics);
  EXPECT_FALSE(r.ok());
}

// `ssprules check` of `quotes` distinct quotes of 2,000 characters, none found, in a document of
// `size` bytes: the units of work (`detail::work_done`) loading takes. The worst case of a naive
// search: a document of `a`, quotes `a…a` + a short tail of other letters.
std::uint64_t quote_check_work(std::size_t quotes, std::size_t size) {
  std::string policy =
      "id: t\neffective: {from: 2020-01-01}\nsources:\n  law: {title: Law, file: law.txt}\n"
      "outputs:\n  a:\n    expr: 1\n    source:\n";
  for (std::size_t i = 0; i < quotes; ++i) {
    std::string tail;
    for (std::size_t n = i; tail.empty() || n > 0; n /= 8) tail += static_cast<char>('b' + n % 8);
    policy += "      - {doc: law, quote: " + std::string(2000 - tail.size(), 'a') + tail + "}\n";
  }
  check_options opts =
      serving({{"mem/policy.yaml", policy}, {"mem/law.txt", std::string(size, 'a')}});
  ssprules::load_result r;
  std::uint64_t work =
      ssprules::test_support::work_of([&] { r = ssprules::load("mem/policy.yaml", opts); });
  EXPECT_EQ(count_code(r.diagnostics, "SR0312"), quotes);
  return work;
}

// All the quotes of a document are looked for in one pass over it: more quotes add their own
// length's work, a longer document its own, never quotes × document (as a search per quote did).
// Counted, never timed.
TEST(Check, QuoteCheckingWorkGrowsWithDocumentPlusQuotes) {
  const std::size_t n = 20, size = 100'000;
  const std::uint64_t base = quote_check_work(n, size);
  const std::uint64_t more_quotes = quote_check_work(2 * n, size);
  const std::uint64_t more_text = quote_check_work(n, 2 * size);
  const std::uint64_t both = quote_check_work(2 * n, 2 * size);
  // the new quotes' 40,000 bytes, parsed and looked for (250,000); a search per quote: 6,000,000
  EXPECT_LE(more_quotes - base, 20U * n * 2000U);
  // 3 per new document byte (300,000); a search per quote: 3 per byte per quote (6,000,000)
  EXPECT_LE(more_text - base, 4U * size);
  EXPECT_LE(static_cast<double>(both), 2.5 * static_cast<double>(base))
      << "twice the quotes and twice the document: about twice the work, not 4 times";
}

// ---------------------------------------------------------------------------------------------
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
