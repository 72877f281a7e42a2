// Unit tests for check.hpp: names and functions, types, optional values and flow typing,
// dependency cycles, versions and periods, declarations, assertions and parameters.
#include "check_support.hpp"

namespace {

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

}  // namespace
