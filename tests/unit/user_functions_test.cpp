// Unit tests for user functions (`functions:`): parsing, checking (types, arity, recursion as a
// dependency cycle with its path, where a call may stand) and evaluation inlined at each call
// (an expression or cases, optional parameters, nested calls, errors raised and failures
// passed through a call), and functions imported from a definitions file.
#include "check_support.hpp"
#include "ssprules/doc.hpp"
#include "ssprules/testing.hpp"

namespace {

using ssprules::test_support::day;
using ssprules::test_support::decode;
using ssprules::test_support::load_text;
using text_fields = ssprules::test_support::text_fields;

const std::string functions = R"(id: fn
effective: {from: 2024-01-01}
calendar:
  working_days: {holidays: denmark}
sources:
  retningslinjer: {title: Retningslinjer}
parameters:
  ack_days: {type: integer, value: 6}
functions:
  working_deadline:
    params: {from: date, days: integer}
    type: date
    expr: add_working_days(from, days)
    source: {doc: retningslinjer, section: "6.1"}
  band:
    params: {n: {type: integer, optional: true}}
    type: enum
    values: [low, high, unknown]
    cases:
      - when: not present(n)
        then: unknown
      - when: n >= ack_days
        then: high
      - when: n < 0
        error: {code: FJ0002, message: "a count is never negative"}
      - otherwise: low
  share:
    params: {part: integer, whole: integer}
    type: decimal
    expr: part / whole
inputs:
  notified_on: date
  ended_on: {type: date, optional: true}
  count: {type: integer, optional: true}
  whole: {type: integer, optional: true}
outputs:
  acknowledge_by: working_deadline(notified_on, ack_days)
  aftercare_due:
    type: date
    cases:
      - when: present(ended_on)
        then: working_deadline(ended_on, 10)
      - otherwise: missing
  level: band(count)
  nested: working_deadline(working_deadline(notified_on, 1), 1)
  ratio: share(count ?? 0, whole ?? 1)
)";

std::string value_of(const ssprules::program& prog, const ssprules::decision& d,
                     std::string_view output) {
  for (std::size_t i = 0; i < prog.outputs().size(); ++i) {
    if (prog.outputs()[i].name == output) return d.values()[i].to_string();
  }
  return "(no such output)";
}

TEST(Functions, CallsEvaluateTheBodyWithTheArguments) {
  ssprules::program prog = load_text(functions);
  ASSERT_TRUE(prog.valid());
  auto d = ssprules::evaluate(
      prog,
      decode(prog, text_fields{{"notified_on", "2025-06-02"}, {"count", "7"}, {"whole", "4"}}),
      day("2025-06-02"));
  ASSERT_TRUE(d.ok()) << d.explain_text();
  // 2025-06-02 + 6 working days, not counting 2025-06-07/08 (weekend), 2025-06-09 (2. pinsedag)
  EXPECT_EQ(value_of(prog, d, "acknowledge_by"), "2025-06-11");
  EXPECT_EQ(value_of(prog, d, "aftercare_due"), "null");
  EXPECT_EQ(value_of(prog, d, "level"), "high");
  EXPECT_EQ(value_of(prog, d, "nested"), "2025-06-04");  // the inner call's result, one more
  EXPECT_EQ(value_of(prog, d, "ratio"), "1.75");
  auto other = ssprules::evaluate(
      prog, decode(prog, text_fields{{"notified_on", "2025-06-02"}, {"ended_on", "2025-06-02"}}),
      day("2025-06-02"));
  ASSERT_TRUE(other.ok()) << other.explain_text();
  EXPECT_EQ(value_of(prog, other, "aftercare_due"), "2025-06-17");
  EXPECT_EQ(value_of(prog, other, "level"), "unknown");  // an optional parameter, missing
  EXPECT_EQ(value_of(prog, other, "ratio"), "0");
}

// An explanation shows each call as one step: the call as written, its arguments by parameter
// name, its result and the function's citation.
TEST(Functions, AnExplanationShowsEachCallWithItsArgumentsResultAndSource) {
  ssprules::program prog = load_text(functions);
  auto d = ssprules::evaluate(
      prog, decode(prog, text_fields{{"notified_on", "2025-06-02"}, {"count", "7"}}),
      day("2025-06-02"), {.explain = true});
  ASSERT_TRUE(d.ok());
  const ssprules::explanation_step* ack = nullptr;
  for (const auto& step : d.explanation()) {
    if (step.rule == "acknowledge_by") ack = &step;
  }
  ASSERT_NE(ack, nullptr);
  ASSERT_EQ(ack->function_calls.size(), 1U);
  const ssprules::function_call& call = ack->function_calls[0];
  EXPECT_EQ(call.function, "working_deadline");
  EXPECT_EQ(call.call, "working_deadline(notified_on, ack_days)");
  ASSERT_EQ(call.arguments.size(), 2U);
  EXPECT_EQ(call.arguments[0].first, "from");
  EXPECT_EQ(call.arguments[0].second.to_string(), "2025-06-02");
  EXPECT_EQ(call.arguments[1].first, "days");
  EXPECT_EQ(call.arguments[1].second.to_string(), "6");
  EXPECT_EQ(call.result.to_string(), "2025-06-11");
  ASSERT_EQ(call.sources.size(), 1U);
  EXPECT_EQ(call.sources[0].section, "6.1");
  const std::string text = d.explain_text();
  EXPECT_NE(text.find("  working_deadline(notified_on, ack_days) = 2025-06-11 with from = "
                      "2025-06-02, days = 6\n    source: retningslinjer (Retningslinjer), 6.1\n"),
            std::string::npos)
      << text;
  EXPECT_NE(d.explain_text(ssprules::language::da).find(" = 2025-06-11 med from = 2025-06-02"),
            std::string::npos);
  // nested calls: each call once, the inner one first; an optional parameter, missing
  std::size_t inner = text.find("working_deadline(notified_on, 1) = 2025-06-03 with from");
  std::size_t outer = text.find(
      "working_deadline(working_deadline(notified_on, 1), 1) = 2025-06-04 with from = "
      "2025-06-03, days = 1");
  EXPECT_NE(inner, std::string::npos) << text;
  EXPECT_NE(outer, std::string::npos) << text;
  EXPECT_LT(inner, outer);
  EXPECT_NE(text.find("  band(count) = high with n = 7\n"), std::string::npos) << text;
  EXPECT_NE(d.explanation_json().find(
                "\"function_calls\":[{\"function\":\"working_deadline\",\"call\":"
                "\"working_deadline(notified_on, ack_days)\",\"arguments\":{\"from\":"
                "\"2025-06-02\",\"days\":6},\"result\":\"2025-06-11\",\"sources\":[{\"doc\":"
                "\"retningslinjer\",\"title\":\"Retningslinjer\",\"section\":\"6.1\"}]}]"),
            std::string::npos)
      << d.explanation_json();
  auto absent = ssprules::evaluate(prog, decode(prog, text_fields{{"notified_on", "2025-06-02"}}),
                                   day("2025-06-02"), {.explain = true});
  EXPECT_NE(absent.explain_text().find("  band(count) = unknown with n = null\n"),
            std::string::npos)
      << absent.explain_text();
}

TEST(Functions, TheDocShowsEachFunctionWithItsSignatureAndBody) {
  ssprules::program prog = load_text(functions);
  std::string html = ssprules::policy_html(prog);
  EXPECT_NE(html.find("<article class=\"function\" id=\"function-working_deadline\">\n<h3><code>"
                      "working_deadline(from, days)</code>"),
            std::string::npos);
  EXPECT_NE(html.find("Computed as <code>"), std::string::npos);
  EXPECT_NE(html.find("<a href=\"#functions\">Functions</a>"), std::string::npos);
  EXPECT_NE(html.find("(may be missing)"), std::string::npos) << "band's optional parameter";
}

// Coverage counts the parts of function bodies, each call once: a case no test reaches is
// named with its function and line.
TEST(Functions, CoverageCountsTheCasesOfFunctionBodies) {
  ssprules::program prog = load_text(functions + R"(tests:
  - name: seven reports
    as_of: 2025-06-02
    input: {notified_on: 2025-06-02, count: 7}
    expect: {level: high}
  - name: none given
    as_of: 2025-06-02
    input: {notified_on: 2025-06-02}
    expect: {level: unknown}
  - name: a negative count raises the function's error
    as_of: 2025-06-02
    input: {notified_on: 2025-06-02, count: -1}
    error: {code: FJ0002}
)");
  const ssprules::rule_document& doc = prog.checked().document();
  ssprules::test_report report = ssprules::run_tests(prog, doc.tests, doc.tests_as_of);
  EXPECT_EQ(report.passed, 3U) << report.summary();
  ASSERT_EQ(report.coverage.size(), 1U);
  std::vector<std::string> functions_parts;
  for (const ssprules::coverage_part& p : report.coverage[0].parts) {
    if (p.function)
      functions_parts.push_back(p.rule + " " + p.part + " line " + std::to_string(p.line) + ": " +
                                std::to_string(p.hits));
  }
  EXPECT_EQ(functions_parts, (std::vector<std::string>{
                                 // three tests, three calls each (acknowledge_by, nested twice)
                                 "working_deadline expression line 13: 9",
                                 "band case 1 line 20: 1",
                                 "band case 2 line 22: 1",
                                 "band case 3 line 24: 1",  // it raised its error: reached
                                 "band otherwise line 26: 0",
                                 "share expression line 30: 3",
                             }));
  EXPECT_NE(report.coverage[0].text().find("  uncovered: function band, otherwise (line 26)\n"),
            std::string::npos)
      << report.coverage[0].text();
}

TEST(Functions, AnErrorInsideAFunctionIsTheCallingRulesError) {
  ssprules::program prog = load_text(functions);
  auto raised = ssprules::evaluate(
      prog, decode(prog, text_fields{{"notified_on", "2025-06-02"}, {"count", "-1"}}),
      day("2025-06-02"));
  ASSERT_FALSE(raised.ok());
  ASSERT_TRUE(raised.error().has_value());
  EXPECT_EQ(raised.error()->code, "FJ0002");
  EXPECT_EQ(raised.error()->message, "a count is never negative");
  auto explained = ssprules::evaluate(
      prog, decode(prog, text_fields{{"notified_on", "2025-06-02"}, {"count", "-1"}}),
      day("2025-06-02"), {.explain = true});
  EXPECT_NE(explained.explain_text().find("  band(count) raised FJ0002 (case 3, line 24)"),
            std::string::npos)
      << explained.explain_text();
  // in Danish, every word around the policy's own names too
  const std::string danish = explained.explain_text(ssprules::language::da);
  EXPECT_NE(danish.find("  band(count) gav fejl FJ0002 (tilfælde 3, linje 24)"), std::string::npos)
      << danish;
  // a division by zero in a body fails the rule that called it, with the engine's error
  auto zero = ssprules::evaluate(
      prog, decode(prog, text_fields{{"notified_on", "2025-06-02"}, {"whole", "0"}}),
      day("2025-06-02"));
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.error()->code, "SR1010") << zero.error()->message;
}

TEST(Functions, AFailedValueABodyReadsFailsTheCaller) {
  ssprules::program prog = load_text(R"(id: fn
effective: {from: 2024-01-01}
functions:
  plus_ratio:
    params: {n: integer}
    type: decimal
    expr: n + ratio
inputs:
  a: integer
  b: integer
values:
  ratio: a / b
outputs:
  out: plus_ratio(1)
)");
  auto d = ssprules::evaluate(prog, decode(prog, text_fields{{"a", "1"}, {"b", "0"}}),
                              day("2025-01-01"));
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error()->code, "SR1010");
  auto fine = ssprules::evaluate(prog, decode(prog, text_fields{{"a", "1"}, {"b", "4"}}),
                                 day("2025-01-01"));
  ASSERT_TRUE(fine.ok());
  EXPECT_EQ(fine.values()[0].to_string(), "1.25");
}

// What a caller does wrong, and what a function declaration does wrong: one located
// diagnostic each.
TEST(Functions, MistakesAreLocatedDiagnostics) {
  auto r = check_text(R"(id: bad
effective: {from: 2024-01-01}
parameters:
  p: {type: integer, value: twice(2)}
functions:
  twice:
    params: {n: integer}
    type: integer
    expr: n * 2
  add_days:
    params: {d: date}
    type: date
    expr: d
inputs:
  n: {type: integer, optional: true}
  d: date
outputs:
  a: twice(n)
  b: twice(1, 2)
  c: twice(d)
  e: twice + p
  h: twise(1)
)");
  std::vector<std::string> got;
  for (const diagnostic& d : r.diagnostics) {
    if (d.level == severity::error)
      got.push_back(d.code + " " + std::to_string(d.at.line) + ":" + std::to_string(d.at.column) +
                    " " + d.message);
  }
  EXPECT_EQ(got, (std::vector<std::string>{
                     "SR0402 4:29 `twice` cannot be called here",
                     "SR0105 10:3 `add_days` is a built-in function",
                     "SR0306 18:12 `n` may be missing here",
                     "SR0303 19:6 `twice` takes 1 argument (n), given 2",
                     "SR0307 20:12 argument 1 (`n`) of `twice` is declared integer but this is "
                     "date",
                     "SR0304 21:6 `twice` is a function: call it, `twice(…)`",
                     "SR0302 22:6 unknown function `twise`",
                 }))
      << rendered(r.diagnostics);
  const diagnostic* unknown = find_code(r.diagnostics, "SR0302");
  ASSERT_NE(unknown, nullptr);
  ASSERT_FALSE(unknown->notes.empty());
  EXPECT_EQ(unknown->notes[0].message, "did you mean `twice`?");
}

TEST(Functions, RecursionIsADependencyCycleWithItsPath) {
  auto r = check_text(R"(id: loop
effective: {from: 2024-01-01}
functions:
  loop_a:
    params: {n: integer}
    type: integer
    expr: loop_b(n) + 1
  loop_b:
    params: {n: integer}
    type: integer
    expr: if n > 0 then loop_a(n - 1) else 0
  self:
    params: {n: integer}
    type: integer
    expr: self(n)
outputs:
  f: loop_a(1)
  g: self(1)
)");
  std::vector<std::string> cycles;
  for (const diagnostic& d : r.diagnostics) {
    if (d.code == "SR0401") cycles.push_back(d.message);
  }
  EXPECT_EQ(cycles, (std::vector<std::string>{"dependency cycle: `loop_a` → `loop_b` → `loop_a`",
                                              "dependency cycle: `self` → `self`"}))
      << rendered(r.diagnostics);
  // no follow-on errors at the calls of the functions on a cycle
  EXPECT_EQ(count_code(r.diagnostics, "SR0307"), 0U) << rendered(r.diagnostics);
  const diagnostic* first = find_code(r.diagnostics, "SR0401");
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->notes.back().message,
            "a function cannot call itself, and a rule cannot depend on itself, directly or "
            "through other functions and rules");
}

TEST(Functions, AFunctionMayBeImported) {
  check_options opts = serving(
      {{"m/policy.yaml",
        "id: p\neffective: {from: 2024-01-01}\nimports: [shared/fn.yaml]\ninputs:\n  n: integer\n"
        "outputs:\n  doubled: twice(n)\n"},
       {"m/shared/fn.yaml",
        "functions:\n  twice:\n    params: {n: integer}\n    type: integer\n    expr: n * 2\n"}});
  auto r = ssprules::load("m/policy.yaml", opts);
  ASSERT_TRUE(r.ok()) << rendered(r.diagnostics);
  auto d = ssprules::evaluate(r.prog, decode(r.prog, text_fields{{"n", "21"}}), day("2025-01-01"));
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d.values()[0].to_string(), "42");
}

}  // namespace
