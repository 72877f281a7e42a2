// Unit tests for evaluate.hpp: the bundled Copenhagen policy on hand-computed records, per-record
// and per-rule errors, hit policies at run time, decimals and strings.
#include "evaluate_support.hpp"

namespace {

// the Copenhagen policy, values computed by hand from the domain description

TEST(Copenhagen, RecipientEntersTheTriangleOnThe17thBirthday) {
  decision d = run(copenhagen(), "2025-03-15",
                   {{"id", "case-1"},
                    {"birth_date", "2008-03-15"},
                    {"category", "4"},
                    {"benefit_status", "recipient"}});
  ASSERT_TRUE(d.ok()) << d.error()->message;
  for (std::size_t j = 0; j < d.values().size(); ++j) EXPECT_EQ(d.output_error(j), nullptr);
  EXPECT_EQ(d.output_error(d.values().size()), nullptr) << "past the last output";
  EXPECT_EQ(d.id(), "case-1");
  EXPECT_EQ(d.as_of(), day("2025-03-15"));
  EXPECT_EQ(outputs(d), (expected{{"age", "17"},
                                  {"target_group", "true"},
                                  {"phase", "triangle"},
                                  {"eligible", "true"},
                                  {"route", "jobcenter"},
                                  {"intake_date", "2025-03-15"},
                                  {"plan_deadline", "2025-09-15"},
                                  {"plan_status", "due"}}));
}

TEST(Copenhagen, StateSignalQualifiesInTheTrialPeriod) {
  // 19 on 2010-06-01; a police signal is enough during the trial; self-supporting goes to UU
  decision d = run(copenhagen(), "2010-06-01",
                   {{"birth_date", "1991-02-10"},
                    {"state_signal", "politiet"},
                    {"benefit_status", "self_supporting"}});
  ASSERT_TRUE(d.ok()) << d.error()->message;
  EXPECT_EQ(outputs(d), (expected{{"age", "19"},
                                  {"target_group", "true"},
                                  {"phase", "ssp_plus"},
                                  {"eligible", "true"},
                                  {"route", "uu"},
                                  {"intake_date", "2008-02-10"},
                                  {"plan_deadline", "2008-08-10"},
                                  {"plan_status", "overdue"}}));
}

TEST(Copenhagen, SignalsAloneNoLongerQualifyFrom2011) {
  decision d = run(copenhagen(), "2011-06-01",
                   {{"birth_date", "1991-02-10"},
                    {"state_signal", "politiet"},
                    {"assessed_category_3_or_4", "true"},
                    {"local_offer_signal", "true"},
                    {"benefit_status", "self_supporting"}});
  ASSERT_TRUE(d.ok()) << d.error()->message;
  EXPECT_EQ(outputs(d), (expected{{"age", "20"},
                                  {"target_group", "false"},
                                  {"phase", "none"},
                                  {"eligible", "false"},
                                  {"route", "none"},
                                  {"intake_date", "2008-02-10"},
                                  {"plan_deadline", "2008-08-10"},
                                  {"plan_status", "not_applicable"}}));
}

TEST(Copenhagen, SelfSupportingGoesToKuiFromAugust2019AndApprovalOnTheClampedDeadline) {
  // born 31 May: 17½ falls on "31 November", clamped to 30 November
  decision d = run(copenhagen(), "2020-01-10",
                   {{"birth_date", "2002-05-31"},
                    {"category", "3"},
                    {"benefit_status", "self_supporting"},
                    {"plan_approved_on", "2019-11-30"}});
  ASSERT_TRUE(d.ok()) << d.error()->message;
  EXPECT_EQ(outputs(d), (expected{{"age", "17"},
                                  {"target_group", "true"},
                                  {"phase", "triangle"},
                                  {"eligible", "true"},
                                  {"route", "kui"},
                                  {"intake_date", "2019-05-31"},
                                  {"plan_deadline", "2019-11-30"},
                                  {"plan_status", "approved"}}));
  decision before =
      run(copenhagen(), "2019-07-31",
          {{"birth_date", "2002-05-31"}, {"category", "3"}, {"benefit_status", "self_supporting"}});
  EXPECT_EQ(before.find("route")->to_string(), "uu");
  EXPECT_EQ(before.find("plan_status")->to_string(), "due");
  decision on =
      run(copenhagen(), "2019-08-01",
          {{"birth_date", "2002-05-31"}, {"category", "3"}, {"benefit_status", "self_supporting"}});
  EXPECT_EQ(on.find("route")->to_string(), "kui");
}

TEST(Copenhagen, LeapDayBirthTurns17OnTheFirstOfMarch) {
  fields person = {
      {"birth_date", "2008-02-29"}, {"category", "3"}, {"benefit_status", "recipient"}};
  decision d = run(copenhagen(), "2025-02-28", person);
  ASSERT_TRUE(d.ok()) << d.error()->message;
  EXPECT_EQ(outputs(d), (expected{{"age", "16"},
                                  {"target_group", "true"},
                                  {"phase", "none"},
                                  {"eligible", "false"},
                                  {"route", "none"},
                                  {"intake_date", "2025-03-01"},
                                  {"plan_deadline", "2025-08-29"},
                                  {"plan_status", "not_due"}}));
  decision next = run(copenhagen(), "2025-03-01", person);
  EXPECT_EQ(next.find("age")->to_string(), "17");
  EXPECT_EQ(next.find("phase")->to_string(), "triangle");
  EXPECT_EQ(next.find("plan_status")->to_string(), "due");
  decision late = run(copenhagen(), "2025-08-30", person);
  EXPECT_EQ(late.find("plan_status")->to_string(), "overdue");
  decision deadline = run(copenhagen(), "2025-08-29", person);
  EXPECT_EQ(deadline.find("plan_status")->to_string(), "due");
}

TEST(Copenhagen, ApprovedAfterTheDeadline) {
  decision d = run(copenhagen(), "2025-06-01",
                   {{"birth_date", "2007-01-15"},
                    {"category", "4"},
                    {"benefit_status", "recipient"},
                    {"plan_approved_on", "2024-09-01"}});
  ASSERT_TRUE(d.ok()) << d.error()->message;
  EXPECT_EQ(outputs(d), (expected{{"age", "18"},
                                  {"target_group", "true"},
                                  {"phase", "ssp_plus"},
                                  {"eligible", "true"},
                                  {"route", "jobcenter"},
                                  {"intake_date", "2024-01-15"},
                                  {"plan_deadline", "2024-07-15"},
                                  {"plan_status", "approved_late"}}));
}

TEST(Copenhagen, Over23IsNotApplicable) {
  decision d =
      run(copenhagen(), "2024-06-01",
          {{"birth_date", "2000-01-01"}, {"category", "3"}, {"benefit_status", "recipient"}});
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d.find("age")->to_string(), "24");
  EXPECT_EQ(d.find("phase")->to_string(), "none");
  EXPECT_EQ(d.find("eligible")->to_string(), "false");
  EXPECT_EQ(d.find("route")->to_string(), "none");
  EXPECT_EQ(d.find("plan_status")->to_string(), "not_applicable");
  decision at23 =
      run(copenhagen(), "2023-12-31",
          {{"birth_date", "2000-01-01"}, {"category", "3"}, {"benefit_status", "recipient"}});
  EXPECT_EQ(at23.find("age")->to_string(), "23");
  EXPECT_EQ(at23.find("phase")->to_string(), "ssp_plus");
}

TEST(Copenhagen, CategoryOneOrTwoIsNotTheTargetGroup) {
  decision d =
      run(copenhagen(), "2025-03-15",
          {{"birth_date", "2008-03-15"}, {"category", "2"}, {"benefit_status", "recipient"}});
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d.find("target_group")->to_string(), "false");
  EXPECT_EQ(d.find("plan_status")->to_string(), "not_applicable");
}

TEST(Copenhagen, NotInForceBeforeMay2009) {
  decision d = run(copenhagen(), "2009-05-13",
                   {{"id", "old"},
                    {"birth_date", "1992-01-01"},
                    {"category", "3"},
                    {"benefit_status", "recipient"}});
  EXPECT_FALSE(d.ok());
  ASSERT_TRUE(d.error().has_value());
  EXPECT_EQ(d.error()->code, "SR1006");
  EXPECT_EQ(d.error()->field, "as_of");
  // the trial and the continuation are contiguous: one stretch
  EXPECT_EQ(d.error()->message,
            "policy `copenhagen-ssp-plus` is not in force on 2009-05-13; it is in force from "
            "2009-05-14");
  EXPECT_EQ(d.id(), "old");
  for (std::size_t i = 0; i < d.values().size(); ++i) {
    EXPECT_FALSE(d.values()[i].present());
    ASSERT_TRUE((d.output_error(i) != nullptr));
    EXPECT_EQ(d.output_error(i)->code, "SR1006");
  }
  EXPECT_TRUE(run(copenhagen(), "2009-05-14",
                  {{"birth_date", "1992-01-01"}, {"benefit_status", "recipient"}})
                  .ok());
}

TEST(Errors, NotInForceListsSeparatePeriods) {
  program prog = load_text(R"(id: gaps
effective:
  - from: 2020-01-01
    to: 2020-12-31
  - from: 2022-01-01
    to: 2022-12-31
outputs:
  o: 1
)");
  decision d = run(prog, "2021-06-01", {});
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error()->code, "SR1006");
  EXPECT_EQ(d.error()->message,
            "policy `gaps` is not in force on 2021-06-01; it is in force from 2020-01-01 to "
            "2020-12-31 and from 2022-01-01 to 2022-12-31");
  EXPECT_TRUE(run(prog, "2022-12-31", {}).ok());
  EXPECT_FALSE(run(prog, "2023-01-01", {}).ok());
}

TEST(Copenhagen, RecordsOwnAsOfWins) {
  decision d = run(copenhagen(), "2009-01-01",
                   {{"as_of", "2025-03-15"},
                    {"birth_date", "2008-03-15"},
                    {"category", "4"},
                    {"benefit_status", "recipient"}});
  ASSERT_TRUE(d.ok()) << d.error()->message;
  EXPECT_EQ(d.as_of(), day("2025-03-15"));
  EXPECT_EQ(d.find("age")->to_string(), "17");
}

// ---------------------------------------------------------------------------------------------
// per-record and per-rule errors

TEST(Errors, MissingRequiredInputFailsOnlyTheRulesThatUseIt) {
  decision d =
      run(copenhagen(), "2025-03-15", {{"category", "4"}, {"benefit_status", "recipient"}});
  EXPECT_FALSE(d.ok());
  EXPECT_EQ(d.error()->code, "SR1001");
  EXPECT_EQ(d.error()->message, "missing required input `birth_date`");
  EXPECT_EQ(d.error()->field, "birth_date");
  // target_group does not depend on the birth date: it is computed (see the explanation),
  // but a record with an error is not decided, so every output is missing
  EXPECT_EQ(computed(copenhagen(), "2025-03-15",
                     {{"category", "4"}, {"benefit_status", "recipient"}}, "target_group"),
            value::of_bool(true));
  const auto& names = d.names();
  for (std::size_t i = 0; i < names.size(); ++i) {
    EXPECT_FALSE(d.values()[i].present()) << names[i];
    if (names[i] == "target_group") {
      EXPECT_FALSE((d.output_error(i) != nullptr));
    } else {
      ASSERT_TRUE((d.output_error(i) != nullptr)) << names[i];
      EXPECT_EQ(d.output_error(i)->code, "SR1001") << names[i] << ": the root cause";
    }
  }
}

TEST(Errors, DivisionByZeroInOneRuleLeavesIndependentOutputs) {
  program prog = load_text(arithmetic);
  decision d = run(prog, "2021-01-01", {{"id", "r1"}, {"a", "7"}, {"b", "0"}});
  EXPECT_FALSE(d.ok());
  ASSERT_TRUE(d.error().has_value());
  EXPECT_EQ(d.error()->code, "SR1010");
  EXPECT_EQ(d.error()->message, "division by zero in `a / b`");
  ASSERT_EQ(d.values().size(), 6U);
  EXPECT_EQ(d.output_error(0)->code, "SR1010");
  ASSERT_TRUE((d.output_error(1) != nullptr)) << "`doubled` uses the failed `ratio`";
  EXPECT_EQ(d.output_error(1)->code, "SR1010");
  EXPECT_EQ(d.output_error(1)->message, "division by zero in `a / b`") << "the root cause";
  EXPECT_FALSE((d.output_error(2) != nullptr));
  for (const value& v : d.values()) EXPECT_FALSE(v.present()) << "not decided";
  const fields r1{{"id", "r1"}, {"a", "7"}, {"b", "0"}};
  EXPECT_EQ(computed(prog, "2021-01-01", r1, "sum"), value::of_integer(7));
  EXPECT_EQ(computed(prog, "2021-01-01", r1, "product"), value::of_integer(0));
  EXPECT_EQ(computed(prog, "2021-01-01", r1, "negated"), value::of_integer(-7));
  EXPECT_EQ(computed(prog, "2021-01-01", r1, "absolute"), value::of_integer(7));
  EXPECT_EQ(d.to_json(),
            "{\"id\":\"r1\",\"error\":{\"code\":\"SR1010\",\"message\":\"division by zero in `a / "
            "b`\"}}");
}

TEST(Errors, OverflowIsAPerRecordError) {
  program prog = load_text(arithmetic);
  decision d = run(prog, "2021-01-01", {{"a", "9223372036854775807"}, {"b", "2"}});
  EXPECT_EQ(d.error()->code, "SR1011");
  EXPECT_EQ(d.output_error(2)->code, "SR1011");
  EXPECT_EQ(d.output_error(2)->message, "arithmetic overflow in `a + b`");
  EXPECT_EQ(d.output_error(3)->code, "SR1011");
  EXPECT_FALSE((d.output_error(4) != nullptr));
  EXPECT_EQ(d.output_error(0)->code, "SR1011") << "the quotient is too large for a decimal";
  decision m = run(prog, "2021-01-01", {{"a", "-9223372036854775808"}, {"b", "1"}});
  EXPECT_EQ(m.output_error(4)->code, "SR1011") << "negating the minimum overflows";
  EXPECT_EQ(m.output_error(5)->code, "SR1011");
  EXPECT_EQ(computed(prog, "2021-01-01", {{"a", "-9223372036854775808"}, {"b", "1"}}, "sum"),
            value::of_integer(-9223372036854775807));
}

TEST(Errors, DecimalOverflow) {
  program prog = load_text(arithmetic);
  // a / b is a decimal; 9223372036854775807 / 1 does not fit in 6 decimal places
  decision d = run(prog, "2021-01-01", {{"a", "9223372036854775807"}, {"b", "1"}});
  ASSERT_TRUE((d.output_error(0) != nullptr));
  EXPECT_EQ(d.output_error(0)->code, "SR1011");
}

TEST(Errors, DateCalculationsLeavingTheCalendar) {
  program prog = load_text(R"(id: t
effective: {from: 2020-01-01}
inputs:
  b: date
  n: integer
outputs:
  shifted: add_days(b, n)
  age_now: age(b, as_of)
)");
  decision d = run(prog, "2021-01-01", {{"b", "9999-12-01"}, {"n", "100"}});
  EXPECT_EQ(d.output_error(0)->code, "SR1012");
  EXPECT_EQ(d.output_error(1)->code, "SR1015") << "born after the evaluation date";
  EXPECT_EQ(d.output_error(1)->message, "the date is before the birth date in `age(b, as_of)`");
  EXPECT_EQ(d.error()->code, "SR1012") << "the first problem";
}

TEST(Errors, InputErrorsComeFirst) {
  program prog = load_text(arithmetic);
  decision d = run(prog, "2021-01-01", {{"a", "x"}, {"b", "0"}});
  EXPECT_EQ(d.error()->code, "SR1002");
  EXPECT_EQ(d.error()->field, "a");
  EXPECT_EQ(d.output_error(0)->code, "SR1002");
}

TEST(Errors, RecordLevelErrorStopsTheRecord) {
  program prog = load_text(arithmetic);
  facts record = decode(prog, {{"id", "r9"}, {"a", "1"}, {"b", "2"}});
  record.set_error({"SR1008", "malformed CSV: line 3, column 4: unexpected quote", ""});
  decision d = ssprules::evaluate(prog, record, day("2021-01-01"));
  EXPECT_FALSE(d.ok());
  EXPECT_EQ(d.error()->code, "SR1008");
  for (std::size_t i = 0; i < d.values().size(); ++i) {
    EXPECT_FALSE(d.values()[i].present());
    ASSERT_NE(d.output_error(i), nullptr);
    EXPECT_EQ(*d.output_error(i), *d.error());
  }
  EXPECT_EQ(d.id(), "r9");
}

TEST(Errors, InvalidRecordAsOf) {
  program prog = load_text(arithmetic);
  decision d = run(prog, "2021-01-01", {{"as_of", "2021-02-30"}, {"a", "1"}, {"b", "2"}});
  EXPECT_EQ(d.error()->code, "SR1007");
  EXPECT_EQ(d.error()->field, "as_of");
  EXPECT_EQ(d.error()->message.find("2021-02-30"), std::string::npos) << d.error()->message;
}

TEST(Errors, FactsForAnotherPolicy) {
  program prog = load_text(arithmetic);
  program other =
      load_text("id: o\neffective: {from: 2020-01-01}\ninputs:\n  z: integer\noutputs:\n  o: z\n");
  facts record = decode(other, {{"z", "1"}});
  decision d = ssprules::evaluate(prog, record, day("2021-01-01"));
  EXPECT_FALSE(d.ok());
  EXPECT_EQ(d.error()->code, "SR1008");
}

// ---------------------------------------------------------------------------------------------
// hit policies at run time (cells that compare with inputs cannot be analysed statically)

const char* const run_time_tables = R"(id: t
effective: {from: 2020-01-01}
inputs:
  x: integer
  lo: integer
  hi: integer
outputs:
  uniq:
    table:
      hit: unique
      columns: [x]
      rows:
        - when: [">= lo"]
          then: 1
        - when: ["<= hi"]
          then: 2
  anyt:
    table:
      hit: any
      columns: [x]
      rows:
        - when: [">= lo"]
          then: 1
        - when: ["<= hi"]
          then: 2
        - when: ["== lo"]
          then: 1
  first:
    table:
      hit: first
      columns: [x]
      rows:
        - when: [">= lo"]
          then: 10
        - when: ["<= hi"]
          then: 20
      otherwise: 0
  all:
    table:
      hit: collect
      columns: [x]
      rows:
        - when: [">= lo"]
          then: 3
        - when: ["<= hi"]
          then: 1
        - when: [any]
          then: 2
  total:
    table:
      hit: collect
      aggregate: sum
      columns: [x]
      rows:
        - when: [">= lo"]
          then: 3
        - when: ["<= hi"]
          then: 1
  matches:
    table:
      hit: collect
      aggregate: count
      columns: [x]
      rows:
        - when: [">= lo"]
          then: 3
        - when: ["<= hi"]
          then: 1
  smallest:
    table:
      hit: collect
      aggregate: min
      columns: [x]
      rows:
        - when: [">= lo"]
          then: 3
        - when: ["<= hi"]
          then: 1
  largest:
    table:
      hit: collect
      aggregate: max
      columns: [x]
      rows:
        - when: [">= lo"]
          then: 3
        - when: ["<= hi"]
          then: 1
      otherwise: -1
)";

TEST(HitPolicy, UniqueOverlapAtRunTime) {
  program prog = load_text(run_time_tables);
  decision d = run(prog, "2021-01-01", {{"x", "5"}, {"lo", "1"}, {"hi", "9"}});
  ASSERT_TRUE((d.output_error(0) != nullptr));
  EXPECT_EQ(d.output_error(0)->code, "SR1014");
  EXPECT_EQ(
      d.output_error(0)->message,
      "rows 1 and 2 of the table of `uniq` both match this record, but the table is `unique`");
  decision one = run(prog, "2021-01-01", {{"x", "5"}, {"lo", "1"}, {"hi", "3"}});
  EXPECT_FALSE((one.output_error(0) != nullptr));
  EXPECT_EQ(one.values()[0], value::of_integer(1));
}

TEST(HitPolicy, NoRowMatches) {
  program prog = load_text(run_time_tables);
  decision d = run(prog, "2021-01-01", {{"x", "5"}, {"lo", "7"}, {"hi", "3"}});
  ASSERT_TRUE((d.output_error(0) != nullptr));
  EXPECT_EQ(d.output_error(0)->code, "SR1013");
  EXPECT_EQ(d.output_error(0)->message, "no row of the table of `uniq` matches this record");
  EXPECT_EQ(computed(prog, "2021-01-01", {{"x", "5"}, {"lo", "7"}, {"hi", "3"}}, "first"),
            value::of_integer(0))
      << "`otherwise` of a first table";
}

TEST(HitPolicy, AnyConflictAndAgreement) {
  program prog = load_text(run_time_tables);
  decision conflict = run(prog, "2021-01-01", {{"x", "5"}, {"lo", "1"}, {"hi", "9"}});
  ASSERT_TRUE((conflict.output_error(1) != nullptr));
  EXPECT_EQ(conflict.output_error(1)->code, "SR1018");
  EXPECT_EQ(conflict.output_error(1)->message,
            "rows 1 and 2 of the table of `anyt` match this record with different results, but "
            "the table is `any`");
  decision agree = run(prog, "2021-01-01", {{"x", "5"}, {"lo", "5"}, {"hi", "3"}});
  EXPECT_FALSE((agree.output_error(1) != nullptr)) << "rows 1 and 3 both give 1";
  EXPECT_EQ(agree.values()[1], value::of_integer(1));
}

TEST(HitPolicy, FirstTakesTheFirstMatchingRow) {
  program prog = load_text(run_time_tables);
  // (other tables of the policy fail on these records: the explanation shows what `first` gave)
  EXPECT_EQ(computed(prog, "2021-01-01", {{"x", "5"}, {"lo", "1"}, {"hi", "9"}}, "first"),
            value::of_integer(10));
  EXPECT_EQ(computed(prog, "2021-01-01", {{"x", "5"}, {"lo", "6"}, {"hi", "9"}}, "first"),
            value::of_integer(20));
}

TEST(HitPolicy, CollectAggregates) {
  program prog = load_text(run_time_tables);
  // (the unique and any tables fail on these records: the explanation shows what each gave)
  const fields both{{"x", "5"}, {"lo", "1"}, {"hi", "9"}};
  EXPECT_EQ(computed(prog, "2021-01-01", both, "all").to_string(), "[3, 1, 2]");
  EXPECT_EQ(computed(prog, "2021-01-01", both, "all").kind(), ssprules::type_kind::list);
  EXPECT_EQ(computed(prog, "2021-01-01", both, "total"), value::of_integer(4));
  EXPECT_EQ(computed(prog, "2021-01-01", both, "matches"), value::of_integer(2));
  EXPECT_EQ(computed(prog, "2021-01-01", both, "smallest"), value::of_integer(1));
  EXPECT_EQ(computed(prog, "2021-01-01", both, "largest"), value::of_integer(3));

  decision none = run(prog, "2021-01-01", {{"x", "5"}, {"lo", "7"}, {"hi", "3"}});
  const fields nothing{{"x", "5"}, {"lo", "7"}, {"hi", "3"}};
  EXPECT_EQ(computed(prog, "2021-01-01", nothing, "all").to_string(), "[2]");
  EXPECT_EQ(computed(prog, "2021-01-01", nothing, "total"), value::of_integer(0));
  EXPECT_EQ(computed(prog, "2021-01-01", nothing, "matches"), value::of_integer(0));
  EXPECT_EQ(computed(prog, "2021-01-01", nothing, "largest"), value::of_integer(-1))
      << "`otherwise` when nothing matched";
  std::size_t smallest = 0;
  while (none.names()[smallest] != "smallest") ++smallest;
  ASSERT_TRUE((none.output_error(smallest) != nullptr));
  EXPECT_EQ(none.output_error(smallest)->code, "SR1013");
}

TEST(HitPolicy, CollectedListInJson) {
  program prog = load_text(run_time_tables);
  decision d = run(prog, "2021-01-01", {{"x", "5"}, {"lo", "1"}, {"hi", "3"}});
  std::string json = d.to_json();
  EXPECT_NE(json.find("\"all\":[3,2]"), std::string::npos) << json;
}

// ---------------------------------------------------------------------------------------------
// decimals and strings

TEST(Values, DecimalsAreExact) {
  program prog = load_text(R"(id: t
effective: {from: 2020-01-01}
inputs:
  price: decimal
  qty: integer
outputs:
  total: price * qty
  tenth_sum: 0.1 + 0.2 == 0.3
  third: 1 / 3
  two_thirds: 2 / 3
  minus_two_thirds: -2 / 3
  squared: price * price
  mixed: price + 1
)");
  decision d = run(prog, "2021-01-01", {{"price", "1.5"}, {"qty", "3"}});
  ASSERT_TRUE(d.ok()) << d.error()->message;
  EXPECT_EQ(d.find("total")->to_string(), "4.5");
  EXPECT_EQ(*d.find("tenth_sum"), value::of_bool(true));
  EXPECT_EQ(d.find("third")->to_string(), "0.333333");
  EXPECT_EQ(d.find("two_thirds")->to_string(), "0.666667");
  EXPECT_EQ(d.find("minus_two_thirds")->to_string(), "-0.666667");
  EXPECT_EQ(d.find("squared")->to_string(), "2.25");
  EXPECT_EQ(d.find("mixed")->to_string(), "2.5");
  EXPECT_EQ(d.find("total")->to_json(), "4.5");
}

TEST(Values, DecimalProductRoundsHalfAwayFromZero) {
  program prog = load_text(R"(id: t
effective: {from: 2020-01-01}
inputs:
  a: decimal
  b: decimal
outputs:
  p: a * b
)");
  EXPECT_EQ(run(prog, "2021-01-01", {{"a", "0.000001"}, {"b", "0.5"}}).values()[0].to_string(),
            "0.000001");
  EXPECT_EQ(run(prog, "2021-01-01", {{"a", "-0.000001"}, {"b", "0.5"}}).values()[0].to_string(),
            "-0.000001");
  EXPECT_EQ(run(prog, "2021-01-01", {{"a", "0.000001"}, {"b", "0.4"}}).values()[0].to_string(),
            "0");
}

TEST(Values, Strings) {
  program prog = load_text(R"(id: t
effective: {from: 2020-01-01}
inputs:
  district: string
  note: {type: string, optional: true}
outputs:
  local: district in ["Nørrebro", "Tingbjerg"]
  same: district == 'Nørrebro'
  echo: district
  chosen: if district == "Tingbjerg" then "west" else district
  has_note: present(note)
)");
  decision d = run(prog, "2021-01-01", {{"district", "Nørrebro"}});
  ASSERT_TRUE(d.ok()) << d.error()->message;
  EXPECT_EQ(*d.find("local"), value::of_bool(true));
  EXPECT_EQ(*d.find("same"), value::of_bool(true));
  EXPECT_EQ(*d.find("echo"), value::of_string("Nørrebro"));
  EXPECT_EQ(*d.find("chosen"), value::of_string("Nørrebro"));
  EXPECT_EQ(*d.find("has_note"), value::of_bool(false));
  decision t = run(prog, "2021-01-01", {{"district", "Tingbjerg"}, {"note", ""}});
  EXPECT_EQ(*t.find("chosen"), value::of_string("west"));
  EXPECT_EQ(*t.find("has_note"), value::of_bool(true)) << "an empty string is a string";
  decision q = run(prog, "2021-01-01", {{"district", "say \"hi\"\n"}});
  EXPECT_EQ(*q.find("local"), value::of_bool(false));
  EXPECT_NE(q.to_json().find("\"echo\":\"say \\\"hi\\\"\\n\""), std::string::npos) << q.to_json();
}

// ---------------------------------------------------------------------------------------------

}  // namespace
