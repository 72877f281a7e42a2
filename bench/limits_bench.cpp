// Hostile and very large policies: the times that unit tests used to assert. The tests now
// count work (`detail::work_done`: tests/unit/limits_test.cpp, parse_test.cpp, check_test.cpp)
// and never read a clock; what each of these inputs costs in time is measured here. Every
// benchmark checks once that its input still gives the result the test expects (a rejected
// input still rejected, a large one still loading), so that a broken input is not timed.
//
//   BM_LoadHostile/<case>          limits_test.cpp `load_within`: 1 MiB lines, 100,000-deep
//                                  nesting, a 16 MiB file, a line of 1 MiB of tabs
//   BM_ParseListLine/<items>       parse_test.cpp `Parse.LongLinesParseInLinearTime`
//   BM_ParseParentheses            parse_test.cpp `Parse.HundredThousandParenthesesInAPolicy…`
//   BM_ParseNestedAliases          parse_test.cpp `Parse.NestedAliasesDoNotBlowUp`
//   BM_ParseBillionLaughs          parse_test.cpp `Parse.ClassicBillionLaughsFinishesFast`
//   BM_CheckTableBudget/<budget>   check_test.cpp `CheckTable.BudgetStopsAHugeAnalysisQuickly`
//   BM_LoadLargeEnum/<values>      check_test.cpp `CheckEnum.LargeEnumsCheckInLinearWork`
//                                  (`ssprules check` took 10 s at 100,000 values, 17 s at
//                                  150,000; the smoke run leaves out the sizes over 10,000)
#include <benchmark/benchmark.h>

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

#include "ssprules/ssprules.hpp"

namespace {

using namespace ssprules;

constexpr std::size_t mib = std::size_t{1} << 20;

const char* const header =
    "id: limits\n"
    "effective: {from: 2020-01-01}\n"
    "inputs:\n"
    "  x: integer\n"
    "  s: {type: string, optional: true}\n";

std::string repeat(std::string_view piece, std::size_t n) {
  std::string out;
  out.reserve(piece.size() * n);
  for (std::size_t i = 0; i < n; ++i) out += piece;
  return out;
}

bool has_code(const std::vector<diagnostic>& ds, std::string_view code) {
  for (const diagnostic& d : ds) {
    if (d.code == code) return true;
  }
  return false;
}

// Times `load_string` of `text`, after checking once that it loads (`code` empty) or is
// rejected with `code`.
void time_load(benchmark::State& state, const std::string& text, std::string_view code) {
  {
    load_result r = load_string(text, "rules.yaml");
    bool as_expected = code.empty() ? r.ok() : (!r.ok() && has_code(r.diagnostics, code));
    if (!as_expected) {
      throw std::runtime_error("unexpected result: " + render(r.diagnostics).substr(0, 300));
    }
  }
  for (auto _ : state) {
    load_result r = load_string(text, "rules.yaml");
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}

// ---- limits_test.cpp: hostile policies through the whole load

void BM_LoadHostile_StringValues(benchmark::State& state) {
  const std::string big(mib, 'x');
  time_load(state,
            std::string(header) + "title: " + big + "\ndoc: \"" + big + "\"\noutputs:\n  a: x\n" +
                "  b:\n    doc: '" + big + "'\n    expr: s ?? \"" + big + "\"\n",
            "");
}
BENCHMARK(BM_LoadHostile_StringValues)->Unit(benchmark::kMillisecond);

void BM_LoadHostile_ListItems(benchmark::State& state) {
  std::string items = "0";
  for (int i = 1; items.size() < mib; ++i) items += ", " + std::to_string(i);
  time_load(state, std::string(header) + "outputs:\n  a: x in [" + items + "]\n", "");
}
BENCHMARK(BM_LoadHostile_ListItems)->Unit(benchmark::kMillisecond);

void BM_LoadHostile_GarbageLine(benchmark::State& state) {
  std::string line;
  while (line.size() < mib) line += "x: ]{[ \"'";
  time_load(state, std::string(header) + "outputs:\n  a: x\n" + line + "\n", "SR0005");
}
BENCHMARK(BM_LoadHostile_GarbageLine)->Unit(benchmark::kMillisecond);

void BM_LoadHostile_DeepParentheses(benchmark::State& state) {
  time_load(state,
            std::string(header) + "outputs:\n  a: " + repeat("(", 100'000) + "x" +
                repeat(")", 100'000) + "\n",
            "SR0202");
}
BENCHMARK(BM_LoadHostile_DeepParentheses)->Unit(benchmark::kMillisecond);

void BM_LoadHostile_DeepFlowYaml(benchmark::State& state) {
  time_load(
      state,
      std::string(header) + "outputs:\n  a: " + repeat("[", 100'000) + repeat("]", 100'000) + "\n",
      "SR0005");
}
BENCHMARK(BM_LoadHostile_DeepFlowYaml)->Unit(benchmark::kMillisecond);

void BM_LoadHostile_OverSixteenMebibytes(benchmark::State& state) {
  time_load(state, std::string(header) + "outputs:\n  a: x\n#" + std::string(16 * mib, 'x') + "\n",
            "SR0005");
}
BENCHMARK(BM_LoadHostile_OverSixteenMebibytes)->Unit(benchmark::kMillisecond);

// A line of nothing but tabs: the indentation check once looked for the line's first non-blank
// again at each tab (quadratic in the line: minutes for 1 MiB).
void BM_LoadHostile_LineOfTabs(benchmark::State& state) {
  time_load(state, std::string(header) + "outputs:\n  a: x\n" + std::string(mib, '\t') + "\n",
            "SR0002");
}
BENCHMARK(BM_LoadHostile_LineOfTabs)->Unit(benchmark::kMillisecond);

// ---- parse_test.cpp

// `x in [1, 1, …]` with `items` items on one line, parsed as an expression: about linear.
void BM_ParseListLine(benchmark::State& state) {
  std::string text = "x in [1";
  for (std::int64_t i = 0; i < state.range(0); ++i) text += ", 1";
  text += "]";
  for (auto _ : state) {
    expression_result r = parse_expression(source::from_string("e", text));
    if (!r.expression) throw std::runtime_error("the list does not parse");
    benchmark::DoNotOptimize(r);
  }
  state.SetComplexityN(state.range(0));
}
BENCHMARK(BM_ParseListLine)
    ->RangeMultiplier(2)
    ->Range(2'500, 10'000)
    ->Complexity(benchmark::oN)
    ->Unit(benchmark::kMillisecond);

void time_parse(benchmark::State& state, const std::string& text, std::string_view code) {
  auto src = source::from_string("rules.yaml", text);
  if (!has_code(parse(src).diagnostics, code)) {
    throw std::runtime_error("no " + std::string(code));
  }
  for (auto _ : state) {
    parse_result r = parse(src);
    benchmark::DoNotOptimize(r);
  }
}

void BM_ParseParentheses(benchmark::State& state) {
  time_parse(state,
             "id: t\neffective: {from: 2020-01-01}\noutputs:\n  a: " + repeat("(", 100'000) + "1" +
                 repeat(")", 100'000) + "\n",
             "SR0202");
}
BENCHMARK(BM_ParseParentheses)->Unit(benchmark::kMillisecond);

// A row aliased 300 times whose cells are a list aliased 300 times of a list of 300 values:
// 27 million nodes if expanded, a few kilobytes of text.
void BM_ParseNestedAliases(benchmark::State& state) {
  std::string cell = "&c [1" + repeat(", 1", 300) + "]";
  std::string when = "&w [" + cell + repeat(", *c", 300) + "]";
  std::string rows = "[&r {when: " + when + ", then: 1}" + repeat(", *r", 300) + "]";
  time_parse(state,
             "id: t\neffective: {from: 2020-01-01}\ninputs:\n  x: integer\noutputs:\n  o:\n"
             "    table:\n      hit: first\n      columns: [x]\n      rows: " +
                 rows + "\n",
             "SR0005");
}
BENCHMARK(BM_ParseNestedAliases)->Unit(benchmark::kMillisecond);

void BM_ParseBillionLaughs(benchmark::State& state) {
  std::string text =
      "lol0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  for (int i = 1; i < 10; ++i) {
    text += "lol" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 9; ++k) text += (k ? ",*a" : "*a") + std::to_string(i - 1);
    text += "]\n";
  }
  text += "id: t\neffective: {from: 2020-01-01}\noutputs:\n  o: 1\ntests: [*a9, *a9, *a9]\n";
  time_parse(state, text, "SR0101");
}
BENCHMARK(BM_ParseBillionLaughs)->Unit(benchmark::kMillisecond);

// ---- check_test.cpp

// 10 integer columns, 20 rows `>= i` in every column: about 21^10 combinations, analysed until
// the budget (in steps) is spent.
void BM_CheckTableBudget(benchmark::State& state) {
  std::string columns = "[";
  for (int c = 0; c < 10; ++c) columns += (c ? ", n + " : "n + ") + std::to_string(c);
  columns += "]";
  std::string rows;
  for (int i = 0; i < 20; ++i) {
    rows += "        - when: [";
    for (int c = 0; c < 10; ++c) {
      rows += std::string(c ? ", " : "") + "\">= " + std::to_string(i) + "\"";
    }
    rows += "]\n          then: " + std::to_string(i) + "\n";
  }
  std::string text =
      "id: t\neffective: {from: 2020-01-01}\ninputs:\n  n: integer\noutputs:\n  o:\n    table:\n"
      "      hit: first\n      columns: " +
      columns + "\n      rows:\n" + rows + "      otherwise: -1\n";
  parse_result parsed = parse(source::from_string("rules.yaml", text));
  if (!parsed.ok()) throw std::runtime_error(render(parsed.diagnostics));
  check_options opts;
  opts.verify_quotes = false;
  opts.table_analysis_budget = static_cast<std::size_t>(state.range(0));
  if (!has_code(check(parsed.document, opts).diagnostics, "SR0505")) {
    throw std::runtime_error("the budget was not reported");
  }
  for (auto _ : state) {
    check_result r = check(parsed.document, opts);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_CheckTableBudget)->Arg(20'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

// Two enum inputs of `values` values (one line each) compared and listed, outputs declared with
// the same values (an expression, cases, a table of values / 10 rows), values / 10 tests.
void BM_LoadLargeEnum(benchmark::State& state) {
  const auto n = static_cast<int>(state.range(0));
  std::string values = "v0";
  for (int i = 1; i < n; ++i) values += ", v" + std::to_string(i);
  const std::string typed = "    type: enum\n    values: [" + values + "]\n";
  std::string text = "id: t\neffective: {from: 2020-01-01}\ninputs:\n  e: {type: enum, values: [" +
                     values + "]}\n  f:\n    values: [" + values + ", x]\noutputs:\n" +
                     "  same: e == f\n  copy:\n" + typed + "    expr: e\n  r:\n" + typed +
                     "    cases:\n      - when: e == v2\n        then: v3\n"
                     "      - otherwise: v0\n  t:\n" +
                     typed + "    table:\n      hit: first\n      columns: [e]\n      rows:\n";
  for (int i = 0; i < n / 10; ++i) {
    text += "        - when: [[v" + std::to_string(2 * i) + ", v" + std::to_string(2 * i + 1) +
            "]]\n          then: v" + std::to_string(i) + "\n";
  }
  text += "      otherwise: v0\ntests:\n";
  for (int i = 0; i < n / 10; ++i) {
    std::string v = "v" + std::to_string(i);
    text += "  - name: t" + std::to_string(i) + "\n    as_of: 2024-01-01\n    input: {e: " + v +
            ", f: " + v + "}\n    expect: {r: v0, copy: " + v + "}\n";
  }
  time_load(state, text, "");
  state.SetComplexityN(n);
}
BENCHMARK(BM_LoadLargeEnum)
    ->Arg(10'000)
    ->Arg(100'000)
    ->Arg(150'000)
    ->Complexity(benchmark::oN)
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
