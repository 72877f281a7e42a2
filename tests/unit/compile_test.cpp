// Unit tests for compile.hpp: constant folding, parameters per date segment, load-time
// assertions, expressions that always fail, program metadata and the load helpers.
#include "ssprules/compile.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ssprules/detail/civil.hpp"
#include "ssprules/detail/program.hpp"
#include "ssprules/evaluate.hpp"
#include "ssprules/record.hpp"
#include "test_support.hpp"

namespace ssprules {
// Failure messages show values as text rather than as bytes.
void PrintTo(const value& v, std::ostream* os) { *os << v.to_json(); }
}  // namespace ssprules

namespace {

using ssprules::date;
using ssprules::diagnostic;
using ssprules::field_value;
using ssprules::load_string;
using ssprules::program;
using ssprules::type_kind;
using ssprules::value;
using ssprules::test_support::day;
using ssprules::test_support::load_text;

std::string rendered(const std::vector<diagnostic>& ds) { return ssprules::render(ds); }

const diagnostic* find_code(const std::vector<diagnostic>& ds, std::string_view code) {
  for (const diagnostic& d : ds) {
    if (d.code == code) return &d;
  }
  return nullptr;
}

// Evaluates a record of text fields on a date.
ssprules::decision run(const program& prog, std::string_view as_of,
                       std::vector<std::pair<std::string_view, std::string_view>> fields = {},
                       const ssprules::evaluate_options& opts = {}) {
  ssprules::record_decoder decoder(prog);
  std::vector<std::pair<std::string_view, field_value>> raw;
  for (auto [name, text] : fields) raw.emplace_back(name, field_value::text(text));
  ssprules::facts record;
  decoder.decode(raw, record);
  return ssprules::evaluate(prog, record, day(as_of), opts);
}

namespace vm = ssprules::detail;

// The instructions of output `index`'s code, from its entry to the first `done` or `move_done`
// (the end of its first branch).
std::vector<vm::instr> block(const program& prog, std::size_t index) {
  const auto& p = prog.impl();
  const auto& rule = p.rules[p.output_rules[index]];
  std::vector<vm::instr> out;
  for (std::size_t at = rule.entry;; ++at) {
    out.push_back(p.code[at]);
    if (p.code[at].code == vm::op::done || p.code[at].code == vm::op::move_done) break;
  }
  return out;
}

// Whether a block has an instruction of kind `code`.
bool has(const std::vector<vm::instr>& code, vm::op kind) {
  return std::any_of(code.begin(), code.end(), [&](const vm::instr& i) { return i.code == kind; });
}

// The value of a constant register, or nullopt when the register is not a constant.
std::optional<std::int64_t> constant_in(const program& prog, std::uint32_t reg) {
  for (const auto& [r, v] : prog.impl().constants) {
    if (r == reg) return v;
  }
  return std::nullopt;
}

// The value an output's block moves into the output's register from a constant, if it does
// (a folded output is one `move` from a constant register).
std::optional<std::int64_t> folded_value(const program& prog, std::size_t index) {
  auto code = block(prog, index);
  std::uint32_t slot = prog.impl().output_slots[index];
  for (const auto& i : code) {
    if (i.code == vm::op::done) continue;
    if (i.code != vm::op::move && i.code != vm::op::move_present && i.code != vm::op::move_done) {
      return std::nullopt;
    }
    if (i.dst == slot) return constant_in(prog, i.a);
  }
  return std::nullopt;
}

// No arithmetic, comparison or calendar work left in a block: only moves and marks.
bool only_moves(const std::vector<vm::instr>& code) {
  return std::all_of(code.begin(), code.end(), [](const vm::instr& i) {
    return i.code == vm::op::move || i.code == vm::op::move_present ||
           i.code == vm::op::move_done || i.code == vm::op::done;
  });
}

const char* const header = "id: t\neffective: {from: 2020-01-01}\n";

std::string policy(const std::string& body) { return std::string(header) + body; }

// ---------------------------------------------------------------------------------------------
// constant folding

TEST(Compile, FoldsConstantArithmetic) {
  program prog = load_text(policy("outputs:\n  three: 1 + 2\n  seven: 1 + 2 * 3\n"));
  EXPECT_TRUE(only_moves(block(prog, 0)));
  EXPECT_EQ(folded_value(prog, 0), 3);
  EXPECT_TRUE(only_moves(block(prog, 1)));
  EXPECT_EQ(folded_value(prog, 1), 7);
  EXPECT_EQ(run(prog, "2021-01-01").values()[1], value::of_integer(7));
}

TEST(Compile, FoldsConstantPartsOfLargerExpressions) {
  program prog = load_text(policy("inputs:\n  x: integer\noutputs:\n  o: x + (1 + 2)\n"));
  auto code = block(prog, 0);
  auto adds = std::count_if(code.begin(), code.end(),
                            [](const vm::instr& i) { return i.code == vm::op::add; });
  ASSERT_EQ(adds, 1) << "only x + 3 is left to run";
  auto add = *std::find_if(code.begin(), code.end(),
                           [](const vm::instr& i) { return i.code == vm::op::add; });
  EXPECT_EQ(add.a, 0U) << "x is register 0";
  EXPECT_EQ(constant_in(prog, add.b), 3);
  EXPECT_EQ(run(prog, "2021-01-01", {{"x", "4"}}).values()[0], value::of_integer(7));
}

TEST(Compile, FoldsDecimalsDatesAndConditions) {
  program prog = load_text(policy(R"(outputs:
  half: 1 / 2
  when: add_months(2000-08-31, 210)
  yes: 3 in [1, 2, 3] and not false
)"));
  EXPECT_TRUE(only_moves(block(prog, 0)));
  EXPECT_EQ(folded_value(prog, 0), 500'000);
  EXPECT_TRUE(only_moves(block(prog, 1)));
  auto when = folded_value(prog, 1);  // registers hold dates packed with their parts
  ASSERT_TRUE(when.has_value());
  EXPECT_EQ(ssprules::detail::cal::days_of(*when), day("2018-02-28").days());
  EXPECT_TRUE(only_moves(block(prog, 2)));
  EXPECT_EQ(folded_value(prog, 2), 1);
  auto d = run(prog, "2021-01-01");
  EXPECT_EQ(d.values()[0].to_string(), "0.5");
  EXPECT_EQ(d.values()[1].to_string(), "2018-02-28");
  EXPECT_EQ(d.values()[2], value::of_bool(true));
}

TEST(Compile, DoesNotFoldInputsOrTheEvaluationDate) {
  program prog =
      load_text(policy("inputs:\n  x: integer\noutputs:\n  a: x * 2\n  b: year(as_of)\n"));
  EXPECT_TRUE(has(block(prog, 0), vm::op::mul));
  EXPECT_TRUE(has(block(prog, 1), vm::op::year));
  auto d = run(prog, "2023-05-01", {{"x", "21"}});
  EXPECT_EQ(d.values()[0], value::of_integer(42));
  EXPECT_EQ(d.values()[1], value::of_integer(2023));
}

TEST(Compile, SingleValueParametersFold) {
  program prog = load_text(policy(R"(inputs:
  x: integer
parameters:
  limit: 17
  half: limit / 2
outputs:
  a: limit + 1
  b: x + half
)"));
  EXPECT_TRUE(only_moves(block(prog, 0)));
  EXPECT_EQ(folded_value(prog, 0), 18);
  auto code = block(prog, 1);
  auto add = std::find_if(code.begin(), code.end(),
                          [](const vm::instr& i) { return i.code == vm::op::add; });
  ASSERT_NE(add, code.end());
  EXPECT_EQ(constant_in(prog, add->b), 8'500'000) << "half is the constant 8.5";
  EXPECT_EQ(run(prog, "2021-01-01", {{"x", "1"}}).values()[1].to_string(), "9.5");
}

// ---------------------------------------------------------------------------------------------
// parameters per date segment

const char* const changing = R"(id: t
effective: {from: 2009-05-14}
inputs:
  x: integer
parameters:
  route:
    type: enum
    values: [uu, kui]
    value: uu
    changes:
      - from: 2019-08-01
        value: kui
  rate:
    value: 100
    changes:
      - from: 2015-01-01
        value: 110
      - from: 2020-01-01
        value: 125
  doubled: rate * 2
outputs:
  route_now: route
  rate_now: rate
  cost: x * rate
  doubled_now: doubled
)";

TEST(Compile, ParametersFollowTheEvaluationDate) {
  program prog = load_text(changing);
  auto before = run(prog, "2019-07-31", {{"x", "2"}});
  ASSERT_TRUE(before.ok()) << before.error()->message;
  EXPECT_EQ(before.values()[0], value::of_enum("uu"));
  EXPECT_EQ(before.values()[1], value::of_integer(110));
  EXPECT_EQ(before.values()[2], value::of_integer(220));
  auto on = run(prog, "2019-08-01", {{"x", "2"}});
  EXPECT_EQ(on.values()[0], value::of_enum("kui"));
  auto after = run(prog, "2025-03-01", {{"x", "2"}});
  EXPECT_EQ(after.values()[0], value::of_enum("kui"));
  EXPECT_EQ(after.values()[1], value::of_integer(125));
  EXPECT_EQ(after.values()[2], value::of_integer(250));
  auto first = run(prog, "2009-05-14", {{"x", "1"}});
  EXPECT_EQ(first.values()[1], value::of_integer(100));
  EXPECT_EQ(run(prog, "2014-12-31", {{"x", "1"}}).values()[1], value::of_integer(100));
  EXPECT_EQ(run(prog, "2015-01-01", {{"x", "1"}}).values()[1], value::of_integer(110));
  EXPECT_EQ(run(prog, "2019-12-31", {{"x", "1"}}).values()[1], value::of_integer(110));
  EXPECT_EQ(run(prog, "2020-01-01", {{"x", "1"}}).values()[1], value::of_integer(125));
}

TEST(Compile, ParametersComputedFromChangingParametersChangeToo) {
  program prog = load_text(changing);
  EXPECT_EQ(run(prog, "2010-01-01", {{"x", "1"}}).values()[3], value::of_integer(200));
  EXPECT_EQ(run(prog, "2016-01-01", {{"x", "1"}}).values()[3], value::of_integer(220));
  EXPECT_EQ(run(prog, "2021-01-01", {{"x", "1"}}).values()[3], value::of_integer(250));
}

TEST(Compile, ChangesGivenOutOfOrder) {
  program prog = load_text(policy(R"(parameters:
  p:
    value: 1
    changes:
      - from: 2024-01-01
        value: 3
      - from: 2022-01-01
        value: 2
outputs:
  o: p
)"));
  EXPECT_EQ(run(prog, "2021-06-01").values()[0], value::of_integer(1));
  EXPECT_EQ(run(prog, "2023-06-01").values()[0], value::of_integer(2));
  EXPECT_EQ(run(prog, "2024-06-01").values()[0], value::of_integer(3));
}

// ---------------------------------------------------------------------------------------------
// assertions

const char* const budget = R"(id: kolding-budget
effective: {from: 2022-01-01, to: 2025-12-31}
parameters:
  total_budget: 1000000
  outreach_worker: 535000
  school_prevention:
    value: 200000
    changes:
      - from: 2024-01-01
        value: SCHOOL
  leisure_jobs: 265000
assertions:
  - name: budget_adds_up
    assert: outreach_worker + school_prevention + leisure_jobs == total_budget
    message: the three budget lines must add up to the 1,000,000 kr allocated in autumn 2021
outputs:
  total: total_budget
)";

std::string budget_with(std::string_view school_2024) {
  std::string text = budget;
  text.replace(text.find("SCHOOL"), 6, school_2024);
  return text;
}

TEST(Compile, AssertionThatHolds) {
  auto r = load_string(budget_with("200000"), "rules.yaml");
  EXPECT_TRUE(r.ok()) << rendered(r.diagnostics);
  EXPECT_EQ(find_code(r.diagnostics, "SR0601"), nullptr);
}

TEST(Compile, AssertionThatFailsShowsParameterValues) {
  auto r = load_string(budget_with("210000"), "rules.yaml");
  EXPECT_FALSE(r.ok());
  EXPECT_FALSE(r.prog.valid());
  const diagnostic* d = find_code(r.diagnostics, "SR0601");
  ASSERT_NE(d, nullptr) << rendered(r.diagnostics);
  EXPECT_EQ(d->message, "assertion `budget_adds_up` does not hold from 2024-01-01");
  EXPECT_EQ(d->at.line, 14U);
  EXPECT_EQ(d->at.column, 13U);
  std::vector<std::string> notes;
  for (const auto& n : d->notes) notes.push_back(n.message);
  EXPECT_EQ(notes, (std::vector<std::string>{
                       "the three budget lines must add up to the 1,000,000 kr allocated in "
                       "autumn 2021",
                       "`outreach_worker` = 535000", "`school_prevention` = 210000",
                       "`leisure_jobs` = 265000", "`total_budget` = 1000000"}));
  EXPECT_EQ(r.diagnostics.size(), 1U)
      << "reported once, not once per date" << rendered(r.diagnostics);
}

TEST(Compile, AssertionCheckedOnlyWhileInForce) {
  // the value that breaks the sum takes effect after the policy ends
  auto r = load_string(R"(id: t
effective: {from: 2017-01-01, to: 2018-12-31}
parameters:
  a: 1
  b:
    value: 1
    changes:
      - from: 2019-01-01
        value: 5
assertions:
  - assert: a == b
outputs:
  o: a
)",
                       "rules.yaml");
  EXPECT_TRUE(r.ok()) << rendered(r.diagnostics);
}

TEST(Compile, AssertionBrokenByAChangeBetweenPeriodsFailsWhenThePolicyIsInForceAgain) {
  // `b` changes while the policy is not in force; the assertion is checked from the next
  // day it is
  auto r = load_string(R"(id: t
effective:
  - {from: 2017-01-01, to: 2018-12-31}
  - {from: 2020-01-01}
parameters:
  a: 1
  b:
    value: 1
    changes:
      - from: 2019-01-01
        value: 5
assertions:
  - assert: a == b
outputs:
  o: a
)",
                       "rules.yaml");
  const diagnostic* d = find_code(r.diagnostics, "SR0601");
  ASSERT_NE(d, nullptr) << rendered(r.diagnostics);
  EXPECT_EQ(d->message, "assertion `assertion 1` does not hold from 2020-01-01");
  EXPECT_EQ(r.diagnostics.size(), 1U) << rendered(r.diagnostics);
}

TEST(Compile, UnnamedAssertionIsNumbered) {
  auto r =
      load_string(policy("parameters:\n  a: 1\nassertions:\n  - assert: a > 1\noutputs:\n  o: a\n"),
                  "rules.yaml");
  const diagnostic* d = find_code(r.diagnostics, "SR0601");
  ASSERT_NE(d, nullptr) << rendered(r.diagnostics);
  EXPECT_EQ(d->message.rfind("assertion `assertion 1` does not hold", 0), 0U) << d->message;
  ASSERT_EQ(d->notes.size(), 1U);
  EXPECT_EQ(d->notes[0].message, "`a` = 1");
}

// ---------------------------------------------------------------------------------------------
// expressions that always fail

TEST(Compile, ExpressionThatAlwaysFails) {
  auto r = load_string(policy("outputs:\n  o: 1 / 0\n"), "rules.yaml");
  EXPECT_FALSE(r.ok());
  const diagnostic* d = find_code(r.diagnostics, "SR0603");
  ASSERT_NE(d, nullptr) << rendered(r.diagnostics);
  EXPECT_EQ(d->message, "this expression always fails: division by zero in `1 / 0`");
  EXPECT_EQ(d->at.line, 4U);
  EXPECT_EQ(d->at.column, 6U);
  EXPECT_EQ(d->at.length, 5U);
}

TEST(Compile, ConstantOverflowAlwaysFails) {
  auto r =
      load_string(policy("outputs:\n  o: 9223372036854775807 + 1\n  d: add_years(9999-01-01, 1)\n"),
                  "rules.yaml");
  std::string text = rendered(r.diagnostics);
  EXPECT_NE(text.find("rules.yaml:4:6: error[SR0603]: this expression always fails: arithmetic "
                      "overflow in `9223372036854775807 + 1`"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("rules.yaml:5:6: error[SR0603]: this expression always fails: the date "
                      "falls outside the calendar"),
            std::string::npos)
      << text;
}

TEST(Compile, ParameterThatAlwaysFails) {
  auto r = load_string(policy("parameters:\n  p: 1 / 0\noutputs:\n  o: p\n"), "rules.yaml");
  EXPECT_FALSE(r.ok());
  EXPECT_NE(find_code(r.diagnostics, "SR0603"), nullptr) << rendered(r.diagnostics);
}

TEST(Compile, GuardedDivisionByAConstantZeroIsNotAnError) {
  // The division is never evaluated when the divisor is 0: the policy is fine and gives 0.
  auto r = load_string(policy(R"(inputs:
  total: integer
parameters:
  places: 0
outputs:
  per_place: if places == 0 then 0 else 100 / places
  never: false and 1 / 0 > 1
  guarded: if places == 0 then 0 else total / places
)"),
                       "rules.yaml");
  ASSERT_TRUE(r.ok()) << rendered(r.diagnostics);
  auto d = run(r.prog, "2021-01-01", {{"total", "10"}});
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d.values()[0].to_string(), "0");
  EXPECT_EQ(d.values()[1], value::of_bool(false));
  EXPECT_EQ(d.values()[2].to_string(), "0");
}

// ---------------------------------------------------------------------------------------------
// compile and the load helpers

TEST(Compile, ThrowsForAPolicyWithErrors) {
  auto parsed = ssprules::parse(
      ssprules::source::from_string("rules.yaml", policy("outputs:\n  o: unknown_name\n")));
  ASSERT_TRUE(parsed.ok());
  auto checked = ssprules::check(std::move(parsed.document));
  ASSERT_FALSE(checked.ok());
  EXPECT_THROW((void)ssprules::compile(checked.rules), ssprules::error);
  EXPECT_THROW((void)ssprules::compile(ssprules::checked_rules{}), ssprules::error);
}

TEST(Compile, CompilesACheckedPolicy) {
  auto parsed = ssprules::parse(
      ssprules::source::from_string("rules.yaml", policy("outputs:\n  o: 40 + 2\n")));
  auto checked = ssprules::check(std::move(parsed.document));
  ASSERT_TRUE(checked.ok());
  auto compiled = ssprules::compile(checked.rules);
  ASSERT_TRUE(compiled.ok()) << rendered(compiled.diagnostics);
  EXPECT_TRUE(compiled.prog.valid());
  EXPECT_EQ(run(compiled.prog, "2020-01-01").values()[0], value::of_integer(42));
}

TEST(Compile, EmptyProgramThrowsOnUse) {
  program empty;
  EXPECT_FALSE(empty.valid());
  EXPECT_THROW((void)empty.id(), ssprules::error);
  EXPECT_THROW((void)empty.outputs(), ssprules::error);
  ssprules::facts record;
  EXPECT_THROW((void)ssprules::evaluate(empty, record, day("2020-01-01")), ssprules::error);
}

const char* const metadata_policy = R"(id: copenhagen-ssp-plus
title: SSP+ in Copenhagen
version: "2009.1"
effective:
  - name: continuation
    from: 2011-01-01
  - name: trial
    from: 2009-05-14
    to: 2010-12-31
inputs:
  birth_date:
    type: date
    doc: The young person's date of birth.
  category: {type: integer, min: 1, max: 4, optional: true}
  assessed: {type: bool, default: false}
  status: {type: enum, values: [recipient, self_supporting], default: recipient}
  amount: {type: decimal, default: 2.5}
  code: {type: integer, default: -3}
outputs:
  age:
    type: integer
    expr: age(birth_date, as_of)
    doc: Completed years.
  phase:
    type: enum
    values: [triangle, ssp_plus, none]
    cases:
      - when: assessed and amount > 1 and code < 0 and status == recipient
        then: triangle
      - otherwise: none
  maybe: category
  when: add_months(birth_date, 210)
values:
  helper: 1
)";

TEST(Program, Metadata) {
  auto r = load_string(metadata_policy, "rules.yaml");
  ASSERT_TRUE(r.ok()) << rendered(r.diagnostics);
  const program& prog = r.prog;
  EXPECT_EQ(prog.id(), "copenhagen-ssp-plus");
  EXPECT_EQ(prog.title(), "SSP+ in Copenhagen");
  EXPECT_EQ(prog.version(), "2009.1");
  EXPECT_EQ(prog.checked().document().info.id, "copenhagen-ssp-plus");
}

TEST(Program, InputsWithDefaultsAndRequired) {
  program prog = load_text(metadata_policy);
  const auto& in = prog.inputs();
  ASSERT_EQ(in.size(), 6U);
  EXPECT_EQ(in[0].name, "birth_date");
  EXPECT_EQ(in[0].type.kind, type_kind::date);
  EXPECT_TRUE(in[0].required);
  EXPECT_FALSE(in[0].default_value.has_value());
  EXPECT_EQ(in[0].doc, "The young person's date of birth.");
  EXPECT_EQ(in[1].name, "category");
  EXPECT_FALSE(in[1].required);
  EXPECT_TRUE(in[1].type.optional);
  EXPECT_EQ(in[1].type.min, 1);
  EXPECT_EQ(in[1].type.max, 4);
  EXPECT_EQ(in[1].type.describe(), "integer 1..4 (optional)");
  EXPECT_FALSE(in[2].required);
  ASSERT_TRUE(in[2].default_value.has_value());
  EXPECT_EQ(*in[2].default_value, value::of_bool(false));
  EXPECT_FALSE(in[2].type.optional) << "an input with a default is never missing";
  EXPECT_EQ(in[3].type.values, (std::vector<std::string>{"recipient", "self_supporting"}));
  ASSERT_TRUE(in[3].default_value.has_value());
  EXPECT_EQ(*in[3].default_value, value::of_enum("recipient"));
  ASSERT_TRUE(in[4].default_value.has_value());
  EXPECT_EQ(in[4].default_value->to_string(), "2.5");
  ASSERT_TRUE(in[5].default_value.has_value());
  EXPECT_EQ(*in[5].default_value, value::of_integer(-3));
}

TEST(Program, OutputsWithTypes) {
  program prog = load_text(metadata_policy);
  const auto& out = prog.outputs();
  ASSERT_EQ(out.size(), 4U) << "values are not outputs";
  EXPECT_EQ(out[0].name, "age");
  EXPECT_EQ(out[0].type.kind, type_kind::integer);
  EXPECT_EQ(out[0].doc, "Completed years.");
  EXPECT_EQ(out[1].name, "phase");
  EXPECT_EQ(out[1].type.kind, type_kind::enumeration);
  EXPECT_EQ(out[1].type.values, (std::vector<std::string>{"triangle", "ssp_plus", "none"}));
  EXPECT_EQ(out[2].name, "maybe");
  EXPECT_EQ(out[2].type.kind, type_kind::integer);
  EXPECT_TRUE(out[2].type.optional);
  EXPECT_EQ(out[3].name, "when");
  EXPECT_EQ(out[3].type.kind, type_kind::date);
  EXPECT_FALSE(out[3].type.optional);
}

TEST(Program, EffectivePeriodsAscendingAndInForce) {
  program prog = load_text(metadata_policy);
  const auto& periods = prog.effective();
  ASSERT_EQ(periods.size(), 2U);
  EXPECT_EQ(periods[0].name, "trial");
  EXPECT_EQ(periods[0].from, day("2009-05-14"));
  EXPECT_EQ(periods[0].to, day("2010-12-31"));
  EXPECT_EQ(periods[1].name, "continuation");
  EXPECT_EQ(periods[1].from, day("2011-01-01"));
  EXPECT_FALSE(periods[1].to.has_value());
  EXPECT_FALSE(prog.in_force(day("2009-05-13")));
  EXPECT_TRUE(prog.in_force(day("2009-05-14")));
  EXPECT_TRUE(prog.in_force(day("2010-12-31")));
  EXPECT_TRUE(prog.in_force(day("2011-01-01")));
  EXPECT_TRUE(prog.in_force(date::max()));
  EXPECT_FALSE(prog.in_force(date::min()));
}

TEST(Program, InForceWithAGapBetweenPeriods) {
  program prog = load_text(R"(id: t
effective:
  - from: 2020-01-01
    to: 2020-12-31
  - from: 2022-01-01
    to: 2022-12-31
outputs:
  o: 1
)");
  EXPECT_TRUE(prog.in_force(day("2020-12-31")));
  EXPECT_FALSE(prog.in_force(day("2021-01-01")));
  EXPECT_FALSE(prog.in_force(day("2021-12-31")));
  EXPECT_TRUE(prog.in_force(day("2022-01-01")));
  EXPECT_TRUE(prog.in_force(day("2022-12-31")));
  EXPECT_FALSE(prog.in_force(day("2023-01-01")));
}

TEST(Program, IsCheapToCopyAndShared) {
  program prog = load_text(policy("outputs:\n  o: 1\n"));
  program copy = prog;
  EXPECT_EQ(&copy.impl(), &prog.impl());
}

TEST(Load, LoadStringNamesTheFileInDiagnostics) {
  auto r = load_string(policy("outputs:\n  o: nope\n"), "policies/mine.yaml");
  EXPECT_FALSE(r.ok());
  EXPECT_FALSE(r.prog.valid());
  ASSERT_FALSE(r.diagnostics.empty());
  EXPECT_EQ(r.diagnostics[0].at.file->name(), "policies/mine.yaml");
  EXPECT_EQ(ssprules::render(r.diagnostics[0]).rfind("policies/mine.yaml:4:6: error[SR0301]", 0),
            0U);
}

TEST(Load, WarningsDoNotStopLoading) {
  auto r = load_string(policy("inputs:\n  unused: bool\noutputs:\n  o: 1\n"), "rules.yaml");
  EXPECT_TRUE(r.ok());
  EXPECT_TRUE(r.prog.valid());
  ASSERT_EQ(r.diagnostics.size(), 1U);
  EXPECT_EQ(r.diagnostics[0].code, "SR0701");
}

TEST(Load, ParseErrorsAreDiagnosticsNotExceptions) {
  // `load_string` throws only when a file cannot be read; a policy with a parse error in one
  // declaration (and no check errors elsewhere) must come back as diagnostics.
  ssprules::load_result r;
  ASSERT_NO_THROW(
      r = load_string(policy("inputs:\n  id: string\noutputs:\n  o: 1\n"), "rules.yaml"));
  EXPECT_FALSE(r.ok());
  EXPECT_FALSE(r.prog.valid());
  ASSERT_NE(find_code(r.diagnostics, "SR0105"), nullptr) << rendered(r.diagnostics);
  ASSERT_NO_THROW(
      r = load_string(policy("outputs:\n  o:\n    exrp: 1\n    expr: 2\n"), "rules.yaml"));
  EXPECT_FALSE(r.ok());
  EXPECT_NE(find_code(r.diagnostics, "SR0101"), nullptr) << rendered(r.diagnostics);
}

TEST(Load, ParseAndCheckErrorsTogether) {
  auto r = load_string(policy("inputs:\n  a: {type: integr}\noutputs:\n  o: a + 1\n  p: zzz\n"),
                       "rules.yaml");
  EXPECT_FALSE(r.ok());
  EXPECT_NE(find_code(r.diagnostics, "SR0108"), nullptr) << rendered(r.diagnostics);
  EXPECT_NE(find_code(r.diagnostics, "SR0301"), nullptr) << rendered(r.diagnostics);
  for (std::size_t i = 1; i < r.diagnostics.size(); ++i) {
    EXPECT_LE(r.diagnostics[i - 1].at.line, r.diagnostics[i].at.line) << "sorted by position";
  }
}

// A file that cannot be read is a diagnostic like a broken one: one error channel.
TEST(Load, AFileThatCannotBeReadIsADiagnosticNotAnException) {
  for (const auto& [path, message] : std::vector<std::pair<std::string, std::string>>{
           {"/nonexistent/ssprules/policy.yaml", "cannot read the file: no such file"},
           {"/", "cannot read the file: not a regular file (a directory)"},
           {"/dev/zero", "cannot read the file: not a regular file (a character device)"}}) {
    ssprules::load_result r;
    ASSERT_NO_THROW(r = ssprules::load(path)) << path;
    EXPECT_FALSE(r.ok());
    EXPECT_FALSE(r.prog.valid());
    ASSERT_EQ(r.diagnostics.size(), 1U) << rendered(r.diagnostics);
    const diagnostic& d = r.diagnostics[0];
    EXPECT_EQ(d.code, "SR0006");
    EXPECT_EQ(d.level, ssprules::severity::error);
    EXPECT_EQ(d.message, message);
    ASSERT_NE(d.at.file, nullptr) << "located: it names the file";
    EXPECT_EQ(d.at.file->name(), path);
    EXPECT_EQ(d.at.line, 0U) << "no line to point at";
    EXPECT_EQ(ssprules::render(d).rfind(path + ": error[SR0006]: " + message + "\n", 0), 0U)
        << ssprules::render(d);
  }
}

class LoadOrThrow : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("ssprules_compile_test_" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& text) {
    std::filesystem::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
  }
  std::filesystem::path dir_;
};

TEST_F(LoadOrThrow, ThrowsRulesErrorWithEveryError) {
  std::string path = write("broken.yaml", policy(R"(inputs:
  unused: bool
outputs:
  a: nope
  b: 1 + true
)"));
  try {
    (void)ssprules::load_or_throw(path);
    FAIL() << "expected ssprules::rules_error";
  } catch (const ssprules::rules_error& e) {
    ASSERT_EQ(e.diagnostics().size(), 2U) << "the two errors; the warning is dropped";
    EXPECT_EQ(e.diagnostics()[0].code, "SR0301");
    EXPECT_EQ(e.diagnostics()[1].code, "SR0304");
    std::string what = e.what();
    EXPECT_NE(what.find(path + ":6:6: error[SR0301]: unknown name `nope`"), std::string::npos)
        << what;
    EXPECT_NE(what.find("2 errors"), std::string::npos) << what;
    EXPECT_EQ(what.find("SR0701"), std::string::npos) << what;
  }
}

TEST_F(LoadOrThrow, ReturnsTheProgram) {
  std::string path = write("ok.yaml", policy("outputs:\n  o: 2\n"));
  program prog = ssprules::load_or_throw(path);
  EXPECT_TRUE(prog.valid());
  EXPECT_EQ(prog.id(), "t");
}

TEST_F(LoadOrThrow, AFileOverTheLimitIsSR0005BeforeItIsRead) {
  std::string path = write("huge.yaml", "");
  std::error_code ec;
  std::filesystem::resize_file(path, 3ULL << 30U, ec);  // sparse: 3 GiB of NUL bytes
  if (ec) GTEST_SKIP() << "no sparse file here: " << ec.message();
  auto r = ssprules::load(path);
  ASSERT_EQ(r.diagnostics.size(), 1U) << rendered(r.diagnostics);
  EXPECT_EQ(r.diagnostics[0].code, "SR0005");
  EXPECT_EQ(r.diagnostics[0].message, "file is 3221225472 bytes; the limit is 16777216");
}

TEST_F(LoadOrThrow, AMissingFileThrowsRulesErrorWithItsDiagnostic) {
  std::string path = (dir_ / "gone.yaml").string();
  try {
    (void)ssprules::load_or_throw(path);
    FAIL() << "expected ssprules::rules_error";
  } catch (const ssprules::rules_error& e) {
    ASSERT_EQ(e.diagnostics().size(), 1U);
    EXPECT_EQ(e.diagnostics()[0].code, "SR0006");
    EXPECT_NE(
        std::string(e.what()).find(path + ": error[SR0006]: cannot read the file: no such file"),
        std::string::npos)
        << e.what();
  }
}

TEST_F(LoadOrThrow, RulesErrorIsAnError) {
  std::string path = write("bad.yaml", "id: t\n");
  EXPECT_THROW((void)ssprules::load_or_throw(path), ssprules::rules_error);
  EXPECT_THROW((void)ssprules::load_or_throw(path), ssprules::error);
}

// ---------------------------------------------------------------------------------------------
// costs: compiling a policy of 2N parameters' changes, assertions or sensitive inputs takes
// about twice the work (`detail::work_done`) of N, never four times; counted, never timed

// The work `f(n)` and `f(2n)` count, expected within 2.3 times.
template <typename F>
void expect_linear_work(F&& f, std::size_t n) {
  const std::uint64_t small = ssprules::test_support::work_of([&] { f(n); });
  const std::uint64_t large = ssprules::test_support::work_of([&] { f(2 * n); });
  ASSERT_GT(small, n);
  EXPECT_LT(static_cast<double>(large), 2.3 * static_cast<double>(small))
      << n << ": " << small << " units of work, " << 2 * n << ": " << large;
}

std::string nth_day(std::size_t i) {
  return date::from_days(day("2000-01-02").days() + static_cast<std::int32_t>(i)).to_string();
}

TEST(CompileCost, ParametersThatChangeOnManyDatesCompileInLinearWork) {
  // `rate` changes on N dates, `base` never, `twice` follows `rate`; a chain of N values reads
  // them and an assertion `rate`. Each run of a parameter's or an assertion's code costs its own
  // code (every symbol was copied for each: parameters x dates x symbols), and a parameter runs
  // again only where it or what it reads changes.
  expect_linear_work(
      [](std::size_t n) {
        std::string text =
            "id: t\neffective: {from: 2000-01-01}\ninputs:\n  x: integer\nparameters:\n"
            "  base: 7\n  twice: {type: integer, value: rate * 2}\n  rate:\n    value: 1\n"
            "    changes:\n";
        for (std::size_t i = 1; i <= n; ++i) {
          text += "      - {from: " + nth_day(i) + ", value: " + std::to_string(i % 90 + 1) + "}\n";
        }
        text +=
            "assertions:\n  - assert: rate > 0 and twice == 2 * rate\nvalues:\n  v1: x + rate\n";
        for (std::size_t i = 2; i <= n; ++i) {
          text += "  v" + std::to_string(i) + ": v" + std::to_string(i - 1) + " + base\n";
        }
        text += "outputs:\n  r: v" + std::to_string(n) + " + twice\n";
        program prog = load_text(text);
        EXPECT_EQ(prog.impl().segments.size(), n + 2);
        auto d = run(prog, nth_day(n / 2), {{"x", "0"}});
        ASSERT_TRUE(d.ok());
        EXPECT_EQ(d.values()[0], value::of_integer(static_cast<std::int64_t>(n / 2 % 90 + 1) * 3 +
                                                   7 * static_cast<std::int64_t>(n - 1)));
      },
      1'000);
}

TEST(CompileCost, ManyAssertionsCompileInLinearWork) {
  // N assertions, each over a parameter of its own and `rate`, which changes twice: each is
  // run where one of its parameters changes, with its own parameters (each run copied every
  // symbol, on every date: assertions x dates x symbols)
  expect_linear_work(
      [](std::size_t n) {
        std::string text =
            "id: t\neffective: {from: 2000-01-01}\nparameters:\n  rate:\n    value: 1\n"
            "    changes:\n      - {from: 2001-01-01, value: 2}\n      - {from: 2002-01-01, value: "
            "3}\n";
        std::string assertions = "assertions:\n";
        for (std::size_t i = 1; i <= n; ++i) {
          text += "  p" + std::to_string(i) + ": " + std::to_string(i) + "\n";
          assertions += "  - assert: p" + std::to_string(i) + " + rate > 1\n";
        }
        auto r = load_string(text + assertions + "outputs:\n  o: rate\n", "rules.yaml");
        EXPECT_TRUE(r.ok()) << rendered(r.diagnostics).substr(0, 2000);
      },
      1'000);
}

TEST(CompileCost, ChainsOfSensitiveInputsLoadAndExplainInLinearWork) {
  // v1: s1, v2: v1 + s2, …: each value depends on every sensitive input before it. Which
  // sensitive inputs each value depends on was a set per value (N^2 / 2 entries: 100,000 would
  // take 40 GB); now one pass over the rules per explained record.
  expect_linear_work(
      [](std::size_t n) {
        std::string text = "id: t\neffective: {from: 2020-01-01}\ninputs:\n";
        std::string values = "values:\n  v1: s1\n";
        for (std::size_t i = 1; i <= n; ++i) {
          text += "  s" + std::to_string(i) + ": {type: integer, sensitive: true}\n";
          if (i > 1) {
            values += "  v" + std::to_string(i) + ": v" + std::to_string(i - 1) + " + s" +
                      std::to_string(i) + "\n";
          }
        }
        program prog = load_text(text + values + "outputs:\n  r: v" + std::to_string(n) + "\n");
        std::vector<std::pair<std::string, std::string>> fields;
        for (std::size_t i = 1; i <= n; ++i) fields.emplace_back("s" + std::to_string(i), "1");
        std::vector<std::pair<std::string_view, std::string_view>> views(fields.begin(),
                                                                         fields.end());
        auto d = run(prog, "2020-06-01", views, {.explain = true});
        ASSERT_TRUE(d.ok());
        EXPECT_EQ(d.values()[0], value::of_integer(static_cast<std::int64_t>(n)));
        std::string text_of_steps = d.explain_text();
        EXPECT_NE(text_of_steps.find("value v2 = (present)"), std::string::npos)
            << text_of_steps.substr(0, 1000);
        EXPECT_NE(text_of_steps.find("output r = " + std::to_string(n)), std::string::npos);
      },
      500);
}

TEST(CompileCost, TooManyParameterValuesAreRefusedBeforeTheyAreMade) {
  // every segment holds every parameter's value: 3,200 parameters that each change on a date
  // of their own would be 3,200 x 3,202 values (82 MB); past 10,000,000 it is SR0005, found
  // before the table is made
  std::string text = "id: t\neffective: {from: 2000-01-01}\nparameters:\n";
  const std::size_t n = 3'200;
  for (std::size_t i = 1; i <= n; ++i) {
    text += "  p" + std::to_string(i) + ": {value: 1, changes: [{from: " + nth_day(i) +
            ", value: 2}]}\n";
  }
  text += "outputs:\n  o: p1\n";
  ssprules::load_result r;
  const std::uint64_t work =
      ssprules::test_support::work_of([&] { r = load_string(text, "rules.yaml"); });
  EXPECT_FALSE(r.ok());
  const diagnostic* d = find_code(r.diagnostics, "SR0005");
  ASSERT_NE(d, nullptr) << rendered(r.diagnostics);
  EXPECT_EQ(d->message,
            "the parameters have too many values: 3,200 parameters on 3,202 dates (where a "
            "period starts or ends or a parameter changes) are more than the 10,000,000 values "
            "a policy may have");
  EXPECT_EQ(d->at.line, 4U);
  EXPECT_LT(work, 20 * text.size()) << "nothing of parameters x dates is done";
}

}  // namespace
