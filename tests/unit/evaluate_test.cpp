// Unit tests for evaluate.hpp: the bundled Copenhagen policy on hand-computed records, per-record
// and per-rule errors, hit policies at run time, arithmetic, explanations, JSON, batches and
// concurrent use of one program.
#include "ssprules/evaluate.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <map>
#include <mutex>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "ssprules/compile.hpp"
#include "ssprules/detail/parallel.hpp"
#include "ssprules/record.hpp"
#include "test_support.hpp"

namespace ssprules {
// Failure messages show values as JSON rather than as bytes.
void PrintTo(const value& v, std::ostream* os) { *os << v.to_json(); }
}  // namespace ssprules

namespace {

using ssprules::date;
using ssprules::decision;
using ssprules::evaluate_options;
using ssprules::facts;
using ssprules::field_value;
using ssprules::program;
using ssprules::value;
using ssprules::test_support::copenhagen;
using ssprules::test_support::day;
using ssprules::test_support::decode;
using ssprules::test_support::load_text;

using fields = ssprules::test_support::text_fields;

decision run(const program& prog, std::string_view as_of, const fields& f,
             evaluate_options opts = {}) {
  return ssprules::evaluate(prog, decode(prog, f), day(as_of), opts);
}

// What rule `name` computed for a record, from the explanation: also when another rule's
// problem leaves the record undecided (every output missing), the rules that do not depend on
// it still run.
value computed(const program& prog, std::string_view as_of, const fields& f,
               std::string_view name) {
  decision d = run(prog, as_of, f, {.explain = true});
  for (const auto& step : d.explanation()) {
    if (step.rule == name) return step.result;
  }
  ADD_FAILURE() << "no explanation step for `" << name << "`";
  return {};
}

// Every output as text, by name.
std::map<std::string, std::string> outputs(const decision& d) {
  std::map<std::string, std::string> out;
  for (std::size_t i = 0; i < d.names().size(); ++i) out[d.names()[i]] = d.values()[i].to_string();
  return out;
}

using expected = std::map<std::string, std::string>;

// ---------------------------------------------------------------------------------------------
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

const char* const arithmetic = R"(id: t
effective: {from: 2020-01-01}
inputs:
  a: integer
  b: integer
outputs:
  ratio: a / b
  doubled: ratio * 2
  sum: a + b
  product: a * b
  negated: -a
  absolute: abs(a)
)";

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
// explanations

TEST(Explain, StepsNameTheDecidingCaseAndRow) {
  decision d =
      run(copenhagen(), "2025-03-15",
          {{"birth_date", "2008-03-15"}, {"category", "4"}, {"benefit_status", "recipient"}},
          {.explain = true});
  ASSERT_TRUE(d.ok());
  const auto& steps = d.explanation();
  ASSERT_EQ(steps.size(), 9U) << "one step per value and output";
  std::map<std::string, const ssprules::explanation_step*> by_rule;
  for (const auto& s : steps) by_rule[s.rule] = &s;

  const auto& phase = *by_rule.at("phase");
  EXPECT_TRUE(phase.output);
  EXPECT_EQ(phase.result, value::of_enum("triangle"));
  EXPECT_EQ(phase.decided_by, "case 1");
  EXPECT_EQ(phase.condition, "target_group and age == 17");
  EXPECT_EQ(phase.definition, "triangle");
  EXPECT_EQ(phase.line, 137U);
  EXPECT_EQ(phase.used,
            (std::vector<std::pair<std::string, value>>{{"target_group", value::of_bool(true)},
                                                        {"age", value::of_integer(17)}}));
  ASSERT_EQ(phase.sources.size(), 1U);
  EXPECT_EQ(phase.sources[0].document, "bif-2009");
  EXPECT_EQ(phase.sources[0].title, "Udmøntning af midler til SSP+ (2009-56664)");
  EXPECT_EQ(phase.sources[0].section, "Triangelmodellen");
  EXPECT_EQ(phase.sources[0].quote, "når denne fylder 17 år");

  const auto& route = *by_rule.at("route");
  EXPECT_EQ(route.decided_by, "row 2");
  EXPECT_EQ(route.condition, "eligible: true, benefit_status: recipient");
  EXPECT_EQ(route.definition, "jobcenter");
  ASSERT_EQ(route.sources.size(), 1U);
  EXPECT_EQ(route.sources[0].quote,
            "til enten Jobcenter København, såfremt borgeren er ydelsesmodtager");

  const auto& registered = *by_rule.at("registered_3_or_4");
  EXPECT_FALSE(registered.output);
  EXPECT_EQ(registered.decided_by, "expression");
  EXPECT_EQ(registered.definition, "(category ?? 0) in [3, 4]");
  EXPECT_EQ(registered.used,
            (std::vector<std::pair<std::string, value>>{{"category", value::of_integer(4)}}));

  const auto& target = *by_rule.at("target_group");
  EXPECT_EQ(target.definition, "registered_3_or_4") << "the version in force on the date";

  const auto& status = *by_rule.at("plan_status");
  EXPECT_EQ(status.decided_by, "case 5");
  EXPECT_EQ(status.condition, "as_of <= plan_deadline");
}

TEST(Explain, ParametersCiteTheValueInForceAndAsOfIsShown) {
  // both 17 and self-supporting: one before the change to kommunal ungeindsats, one after
  decision late =
      run(copenhagen(), "2019-09-01",
          {{"birth_date", "2002-04-01"}, {"category", "3"}, {"benefit_status", "self_supporting"}},
          {.explain = true});
  decision early =
      run(copenhagen(), "2013-09-01",
          {{"birth_date", "1996-04-01"}, {"category", "3"}, {"benefit_status", "self_supporting"}},
          {.explain = true});
  ASSERT_TRUE(late.ok());
  ASSERT_TRUE(early.ok());
  auto step = [](const decision& d, std::string_view rule) {
    for (const auto& s : d.explanation()) {
      if (s.rule == rule) return s;
    }
    ADD_FAILURE() << "no step for " << rule;
    return ssprules::explanation_step{};
  };
  auto late_route = step(late, "route");
  EXPECT_EQ(late_route.result, value::of_enum("kui"));
  EXPECT_EQ(late_route.decided_by, "row 3");
  bool cites_kui = false;
  for (const auto& c : late_route.sources) {
    if (c.document == "kui-2019") {
      cites_kui = true;
      EXPECT_EQ(c.title, "Lov om kommunal indsats for unge under 25 år (kommunal ungeindsats)");
    }
    EXPECT_NE(c.quote,
              "eller til Ungdommens Uddannelsesvejledning, såfremt borgeren er "
              "selvforsørger.")
        << "the UU citation is not in force in 2019-09";
  }
  EXPECT_TRUE(cites_kui);
  auto early_route = step(early, "route");
  EXPECT_EQ(early_route.result, value::of_enum("uu"));
  bool cites_uu = false;
  for (const auto& c : early_route.sources) {
    cites_uu = cites_uu || c.quote ==
                               "eller til Ungdommens Uddannelsesvejledning, såfremt "
                               "borgeren er selvforsørger.";
    EXPECT_NE(c.document, "kui-2019");
  }
  EXPECT_TRUE(cites_uu);
  auto status = step(late, "plan_status");
  bool shows_as_of = false;
  for (const auto& [name, v] : status.used) {
    if (name == "as_of") {
      shows_as_of = true;
      EXPECT_EQ(v, value::of_date(day("2019-09-01")));
    }
  }
  EXPECT_TRUE(shows_as_of);
}

TEST(Explain, FoldedMultiLineConditionsAndOtherwise) {
  decision d = run(copenhagen(), "2010-06-01",
                   {{"birth_date", "2000-01-01"},
                    {"local_offer_signal", "true"},
                    {"benefit_status", "recipient"}},
                   {.explain = true});
  ASSERT_TRUE(d.ok());
  for (const auto& s : d.explanation()) {
    if (s.rule == "target_group") {
      EXPECT_EQ(s.definition,
                "registered_3_or_4 or assessed_category_3_or_4 or present(state_signal) or "
                "local_offer_signal");
      EXPECT_EQ(s.result, value::of_bool(true));
    }
    if (s.rule == "phase") {
      EXPECT_EQ(s.decided_by, "otherwise") << "10 years old";
      EXPECT_EQ(s.definition, "none");
      EXPECT_EQ(s.condition, "");
    }
  }
}

TEST(Explain, NothingWithoutTheOption) {
  decision d = run(copenhagen(), "2025-03-15",
                   {{"birth_date", "2008-03-15"}, {"benefit_status", "recipient"}});
  EXPECT_TRUE(d.explanation().empty());
  EXPECT_EQ(d.explain_text(), "");
  EXPECT_EQ(d.explanation_json(), "[]");
}

TEST(Explain, Text) {
  decision d =
      run(copenhagen(), "2025-03-15",
          {{"birth_date", "2008-03-15"}, {"category", "4"}, {"benefit_status", "recipient"}},
          {.explain = true});
  std::string text = d.explain_text();
  EXPECT_NE(text.find("output phase = triangle\n"
                      "  decided by case 1 (line 137)\n"
                      "    when target_group and age == 17\n"
                      "    gives triangle\n"
                      "  using target_group = true, age = 17\n"
                      "  source: bif-2009 (Udmøntning af midler til SSP+ (2009-56664)), "
                      "Triangelmodellen: \"når denne fylder 17 år\"\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("value registered_3_or_4 = true\n"), std::string::npos) << text;
  EXPECT_NE(text.find("output route = jobcenter\n  decided by row 2"), std::string::npos) << text;
}

TEST(Explain, TextShowsFailedRules) {
  program prog = load_text(arithmetic);
  decision d = run(prog, "2021-01-01", {{"a", "7"}, {"b", "0"}}, {.explain = true});
  std::string text = d.explain_text();
  EXPECT_NE(text.find("output ratio = error SR1010: division by zero in `a / b`\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("output sum = 7\n"), std::string::npos) << text;
}

TEST(Explain, Json) {
  decision d =
      run(copenhagen(), "2025-03-15",
          {{"birth_date", "2008-03-15"}, {"category", "4"}, {"benefit_status", "recipient"}},
          {.explain = true});
  std::string json = d.explanation_json();
  ASSERT_FALSE(json.empty());
  EXPECT_EQ(json.front(), '[');
  EXPECT_EQ(json.back(), ']');
  EXPECT_NE(
      json.find("{\"rule\":\"phase\",\"output\":true,\"value\":\"triangle\","
                "\"decided_by\":\"case 1\",\"condition\":\"target_group and age == 17\","
                "\"definition\":\"triangle\",\"line\":137,"
                "\"used\":{\"target_group\":true,\"age\":17},"
                "\"sources\":[{\"doc\":\"bif-2009\",\"title\":\"Udmøntning af midler til SSP+ "
                "(2009-56664)\",\"section\":\"Triangelmodellen\",\"quote\":\"når denne "
                "fylder 17 år\"}]}"),
      std::string::npos)
      << json;
  EXPECT_NE(json.find("\"used\":{\"birth_date\":\"2008-03-15\"}"), std::string::npos) << json;
  // balanced brackets and braces outside strings
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < json.size(); ++i) {
    char c = json[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    if (c == '[' || c == '{') ++depth;
    if (c == ']' || c == '}') --depth;
    EXPECT_GE(depth, 0);
  }
  EXPECT_EQ(depth, 0);
  EXPECT_FALSE(in_string);
}

// ---------------------------------------------------------------------------------------------
// decisions as JSON

TEST(DecisionJson, ValuesDatesAndMissing) {
  decision d = run(copenhagen(), "2025-03-15",
                   {{"id", "case-7"},
                    {"birth_date", "2008-03-15"},
                    {"category", "4"},
                    {"benefit_status", "recipient"}});
  EXPECT_EQ(d.to_json(),
            "{\"id\":\"case-7\",\"age\":17,\"target_group\":true,\"phase\":\"triangle\","
            "\"eligible\":true,\"route\":\"jobcenter\",\"intake_date\":\"2025-03-15\","
            "\"plan_deadline\":\"2025-09-15\",\"plan_status\":\"due\"}");
}

TEST(DecisionJson, MissingIdIsNull) {
  decision d = run(copenhagen(), "2025-03-15",
                   {{"birth_date", "2008-03-15"}, {"benefit_status", "recipient"}});
  EXPECT_EQ(d.to_json().rfind("{\"id\":null,\"age\":17,", 0), 0U) << d.to_json();
  EXPECT_EQ(d.id(), "");
}

TEST(DecisionJson, EmptyIdIsAString) {
  program prog = load_text(arithmetic);
  facts record = decode(prog, {{"a", "1"}, {"b", "1"}});
  record.set_id("");
  decision d = ssprules::evaluate(prog, record, day("2021-01-01"));
  EXPECT_EQ(d.to_json().rfind("{\"id\":\"\",", 0), 0U) << d.to_json();
}

TEST(DecisionJson, MissingOutputIsNull) {
  program prog = load_text(R"(id: t
effective: {from: 2020-01-01}
inputs:
  approved: {type: date, optional: true}
outputs:
  when: approved
)");
  decision d = run(prog, "2021-01-01", {{"id", "x\"1"}});
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d.to_json(), "{\"id\":\"x\\\"1\",\"when\":null}");
  decision given = run(prog, "2021-01-01", {{"approved", "2020-02-29"}});
  EXPECT_EQ(given.to_json(), "{\"id\":null,\"when\":\"2020-02-29\"}");
}

TEST(DecisionJson, ErrorForm) {
  decision d = run(copenhagen(), "2009-05-13",
                   {{"id", "c"}, {"birth_date", "1992-01-01"}, {"benefit_status", "recipient"}});
  EXPECT_EQ(d.to_json(),
            "{\"id\":\"c\",\"error\":{\"code\":\"SR1006\",\"message\":\"policy "
            "`copenhagen-ssp-plus` is not in force on 2009-05-13; it is in force from "
            "2009-05-14\",\"field\":\"as_of\"}}");
}

TEST(DecisionJson, FindUnknownOutput) {
  decision d = run(copenhagen(), "2025-03-15",
                   {{"birth_date", "2008-03-15"}, {"benefit_status", "recipient"}});
  EXPECT_EQ(d.find("no_such_output"), nullptr);
  EXPECT_EQ(d.find("registered_3_or_4"), nullptr) << "values are not outputs";
  ASSERT_NE(d.find("age"), nullptr);
}

// ---------------------------------------------------------------------------------------------
// batches and threads

std::vector<facts> thousand_records(const program& prog) {
  std::vector<facts> records;
  records.reserve(1000);
  const char* statuses[] = {"recipient", "self_supporting"};
  for (int i = 0; i < 1000; ++i) {
    std::string id = "case-" + std::to_string(i);
    int year = 1985 + i % 20;
    int month = 1 + i % 12;
    int dom = 1 + i % 28;
    char birth[11];
    std::snprintf(birth, sizeof birth, "%04d-%02d-%02d", year, month, dom);
    std::string category = std::to_string(1 + i % 4);
    fields f = {{"id", id}, {"birth_date", birth}, {"benefit_status", statuses[i % 2]}};
    if (i % 5 != 0) f.emplace_back("category", category);
    if (i % 7 == 0) f.emplace_back("plan_approved_on", "2012-06-01");
    if (i % 97 == 0) f.emplace_back("as_of", "2009-01-01");  // not in force: an error decision
    records.push_back(decode(prog, f));
  }
  return records;
}

TEST(Batch, OneDecisionPerRecordInOrderWithOneAndFourThreads) {
  const program& prog = copenhagen();
  std::vector<facts> records = thousand_records(prog);
  date as_of = day("2012-03-01");
  std::vector<std::string> single;
  for (const facts& r : records) single.push_back(ssprules::evaluate(prog, r, as_of).to_json());
  for (unsigned threads : {1U, 4U}) {
    std::vector<decision> batch = ssprules::evaluate_batch(prog, records, as_of, threads);
    ASSERT_EQ(batch.size(), records.size()) << threads << " threads";
    for (std::size_t i = 0; i < batch.size(); ++i) {
      EXPECT_EQ(batch[i].id(), "case-" + std::to_string(i));
      EXPECT_EQ(batch[i].to_json(), single[i]) << "record " << i << ", " << threads << " threads";
    }
  }
  std::size_t errors = 0;
  for (const std::string& s : single) errors += s.find("\"error\"") != std::string::npos ? 1 : 0;
  EXPECT_EQ(errors, 11U) << "the records with as_of 2009-01-01";
}

TEST(Batch, ExplanationsInBatches) {
  const program& prog = copenhagen();
  std::vector<facts> records = thousand_records(prog);
  records.resize(100);
  auto batch = ssprules::evaluate_batch(prog, records, day("2012-03-01"), 4, {.explain = true});
  ASSERT_EQ(batch.size(), 100U);
  EXPECT_FALSE(batch[1].explanation().empty());
  EXPECT_EQ(
      batch[1].explain_text(),
      ssprules::evaluate(prog, records[1], day("2012-03-01"), {.explain = true}).explain_text());
}

TEST(Batch, EmptyAndZeroThreads) {
  const program& prog = copenhagen();
  EXPECT_TRUE(ssprules::evaluate_batch(prog, {}, day("2012-03-01"), 4).empty());
  std::vector<facts> records = thousand_records(prog);
  records.resize(10);
  auto batch = ssprules::evaluate_batch(prog, records, day("2012-03-01"), 0);
  ASSERT_EQ(batch.size(), 10U);
  EXPECT_EQ(batch[9].id(), "case-9");
}

// The columnar path (record_batch -> result_batch) against `evaluate`, record by record: a
// register of 40,000 records (several blocks per thread) with records not in force, missing and
// invalid inputs, and records with their own `as_of`.
TEST(Explain, DanishWordsAroundThePolicysOwnNames) {
  decision d = ssprules::evaluate(copenhagen(),
                                  decode(copenhagen(), {{"birth_date", "2008-02-29"},
                                                        {"category", "3"},
                                                        {"benefit_status", "self_supporting"}}),
                                  day("2025-03-01"), {.explain = true});
  ASSERT_TRUE(d.ok());
  std::string en = d.explain_text();
  std::string da = d.explain_text(ssprules::language::da);
  EXPECT_EQ(en, d.explain_text(ssprules::language::en));
  EXPECT_NE(en.find("output route = kui\n  decided by row 3 (line "), std::string::npos) << en;
  EXPECT_NE(da.find("resultat route = kui\n  afgjort af række 3 (linje "), std::string::npos) << da;
  EXPECT_NE(da.find("afgjort af tilfælde 1"), std::string::npos);
  EXPECT_NE(da.find("  ud fra eligible = true, benefit_status = self_supporting"),
            std::string::npos);
  EXPECT_NE(da.find("  kilde: kui-2019"), std::string::npos);
  EXPECT_EQ(da.find("decided by"), std::string::npos) << "no English words left";
  // the same lines, only the words differ
  EXPECT_EQ(std::count(en.begin(), en.end(), '\n'), std::count(da.begin(), da.end(), '\n'));
}

// A `collect` table whose 15 rows all match, each citing a source: the text shows the first
// rows and sources, then how many more; the JSON keeps them all.
TEST(Explain, LongListsOfRowsAndSourcesAreCutInTheText) {
  std::string rows;
  for (int i = 1; i <= 15; ++i) {
    rows += "        - when: [any]\n          then: " + std::to_string(i) +
            "\n          source: {doc: law, section: \"s" + std::to_string(i) + "\"}\n";
  }
  program prog = load_text(
      "id: many\ntitle: M\neffective: {from: 2020-01-01}\n"
      "sources:\n  law: {title: The law}\n"
      "inputs:\n  x: integer\noutputs:\n  all:\n    table:\n"
      "      hit: collect\n      columns: [x]\n      rows:\n" +
      rows);
  decision d = run(prog, "2021-01-01", {{"x", "1"}}, {.explain = true});
  ASSERT_TRUE(d.ok());
  std::string en = d.explain_text();
  std::string da = d.explain_text(ssprules::language::da);
  EXPECT_NE(en.find("  decided by rows 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 5 more (line "),
            std::string::npos)
      << en;
  EXPECT_NE(da.find("  afgjort af rækker 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 og 5 flere (linje "),
            std::string::npos)
      << da;
  EXPECT_NE(en.find("  source: law (The law), s10\n  source: and 5 more\n"), std::string::npos)
      << en;
  EXPECT_NE(da.find("  kilde: og 5 flere\n"), std::string::npos) << da;
  EXPECT_EQ(en.find("s11"), std::string::npos);
  std::string json = d.explanation_json();
  EXPECT_NE(json.find("rows 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15"), std::string::npos)
      << "the JSON is complete";
  EXPECT_NE(json.find("\"section\":\"s15\""), std::string::npos);
}

// Sensitivity follows the dependency graph: a value computed from a sensitive input is shown
// as present / absent, like the input; so is the case or row that decided when a condition
// reads one; outputs are shown (they are the decision), and what is computed from outputs.
const char* const sensitive_graph = R"(id: sensitive-graph
title: Values computed from sensitive inputs
effective: {from: 2020-01-01}
inputs:
  birth_date: {type: date, sensitive: true}
  cpr: {type: string, optional: true, sensitive: true}
  has_plan: bool
values:
  cpr_checked:
    type: bool
    expr: present(cpr)
  age_now: age(birth_date, as_of)
  plan_year: year(as_of)
outputs:
  adult:
    type: bool
    expr: age_now >= 18
  stage:
    type: enum
    values: [child, youth, grown]
    cases:
      - when: age_now < 15
        then: child
      - when: adult
        then: grown
      - otherwise: youth
  route:
    type: enum
    values: [plan, none]
    cases:
      - when: adult and has_plan
        then: plan
      - otherwise: none
  verified:
    type: bool
    expr: cpr_checked and has_plan
  since:
    type: integer
    expr: plan_year - 2000
)";

TEST(Sensitive, ValuesComputedFromASensitiveInputShowOnlyPresence) {
  program prog = load_text(sensitive_graph);
  decision d = run(prog, "2025-03-01",
                   {{"birth_date", "2009-05-14"}, {"cpr", "140509-1234"}, {"has_plan", "true"}},
                   {.explain = true});
  ASSERT_TRUE(d.ok());
  std::string en = d.explain_text();
  std::string da = d.explain_text(ssprules::language::da);
  std::string json = d.explanation_json();
  for (const std::string& text : {en, da, json}) {
    EXPECT_EQ(text.find("2009-05-14"), std::string::npos) << text;
    EXPECT_EQ(text.find("140509"), std::string::npos) << text;
    EXPECT_EQ(text.find("= 15"), std::string::npos) << "the age: " << text;
    EXPECT_EQ(text.find("age_now < 15\n"), std::string::npos) << "the case that decided: " << text;
  }
  EXPECT_NE(en.find("value cpr_checked = (present)\n"), std::string::npos) << en;
  EXPECT_NE(en.find("value age_now = (present)\n"), std::string::npos) << en;
  EXPECT_NE(en.find("using birth_date = (present), as_of = 2025-03-01"), std::string::npos) << en;
  EXPECT_NE(en.find("output adult = false\n  decided by expression (line 17)\n"
                    "    gives age_now >= 18\n  using age_now = (present)\n"),
            std::string::npos)
      << "an output is shown; what it used is not: " << en;
  EXPECT_NE(en.find("output stage = youth\n  decided by (not shown: it depends on a sensitive "
                    "input) (line 18)\n  using age_now = (present), adult = false\n"),
            std::string::npos)
      << en;
  EXPECT_NE(da.find("resultat stage = youth\n  afgjort af (vises ikke: afhænger af følsomme "
                    "oplysninger) (linje 18)\n"),
            std::string::npos)
      << da;
  EXPECT_NE(json.find("{\"rule\":\"stage\",\"output\":true,\"value\":\"youth\",\"decided_by\":"
                      "\"sensitive\",\"line\":18,"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find("\"rule\":\"cpr_checked\",\"output\":false,\"value\":\"(present)\""),
            std::string::npos)
      << json;
  // conditions on outputs show nothing more than the outputs; values of plain inputs as before
  EXPECT_NE(en.find("output route = none\n  decided by otherwise"), std::string::npos) << en;
  EXPECT_NE(en.find("using cpr_checked = (present), has_plan = true"), std::string::npos) << en;
  EXPECT_NE(en.find("value plan_year = 2025\n"), std::string::npos) << en;
  EXPECT_NE(en.find("output since = 25\n"), std::string::npos) << en;

  // a sensitive input the record lacks: nothing to hide
  decision without = run(prog, "2025-03-01", {{"birth_date", "2009-05-14"}, {"has_plan", "true"}},
                         {.explain = true});
  EXPECT_NE(without.explain_text().find("value cpr_checked = false\n"), std::string::npos)
      << without.explain_text();
  EXPECT_NE(without.explain_text().find("using cpr = (absent)\n"), std::string::npos)
      << without.explain_text();

  // a rule computed from a sensitive input that fails: the message names the expression only
  decision before = run(prog, "2021-01-01", {{"birth_date", "2022-05-14"}, {"has_plan", "true"}},
                        {.explain = true});
  ASSERT_FALSE(before.ok());
  EXPECT_EQ(before.error()->code, "SR1015");
  for (const std::string& text : {before.error()->message, before.to_json(), before.explain_text(),
                                  before.explanation_json()}) {
    EXPECT_EQ(text.find("2022"), std::string::npos) << text;
  }
}

TEST(ColumnBatch, SameAsEvaluateForEveryRecordWithOneTwoAndThreeThreads) {
  const program& prog = copenhagen();
  const std::vector<facts> base = thousand_records(prog);
  ssprules::record_batch batch(prog);
  std::vector<facts> records;
  for (int i = 0; i < 40'000; ++i) {
    if (i % 131 == 0) {  // a required input missing: some outputs fail, others do not
      records.push_back(decode(prog, {{"id", "missing-" + std::to_string(i)},
                                      {"category", "4"},
                                      {"benefit_status", "recipient"}}));
    } else if (i % 173 == 0) {  // an input out of its range
      records.push_back(decode(
          prog,
          {{"birth_date", "1995-01-01"}, {"category", "9"}, {"benefit_status", "recipient"}}));
    } else {
      records.push_back(base[static_cast<std::size_t>(i) % base.size()]);
    }
    batch.push_back(records.back());
  }
  ASSERT_EQ(batch.size(), records.size());
  const date as_of = day("2012-03-01");
  std::vector<std::string> expected_json;
  std::size_t failing = 0;
  for (const facts& r : records) {
    decision d = ssprules::evaluate(prog, r, as_of);
    failing += d.ok() ? 0 : 1;
    expected_json.push_back(d.to_json());
  }
  ASSERT_GT(failing, 600U) << "the register must hold records with errors";
  for (unsigned threads : {1U, 2U, 3U}) {
    ssprules::result_batch out;
    ssprules::evaluate_batch(prog, batch, as_of, out, threads);
    ASSERT_EQ(out.size(), records.size());
    std::size_t mismatches = 0;
    for (std::size_t i = 0; i < out.size(); ++i) {
      std::string id = batch.id(i);
      std::string got = out.to_json(i, batch.has_id(i) ? &id : nullptr);
      if (got != expected_json[i] && ++mismatches <= 3) {
        ADD_FAILURE() << threads << " threads, record " << i << ":\n  batch:    " << got
                      << "\n  evaluate: " << expected_json[i];
      }
      for (std::size_t j = 0; j < out.names().size(); ++j) {
        // the raw columns agree with the values
        bool present = out.states(j)[i] == 0;
        const value v = out.get(i, j);
        ASSERT_EQ(present, v.present()) << "record " << i << ", output " << j;
        if (!present) continue;
        const std::int64_t raw = out.column(j)[i];
        switch (v.kind()) {
          case ssprules::type_kind::enumeration:
            ASSERT_EQ(out.enum_names().at(static_cast<std::size_t>(raw)), v.as_string());
            break;
          case ssprules::type_kind::date:
            ASSERT_EQ(raw, v.as_date().days());
            break;
          case ssprules::type_kind::boolean:
            ASSERT_EQ(raw != 0, v.as_bool());
            break;
          default:
            ASSERT_EQ(raw, v.as_integer());
            break;
        }
      }
    }
    EXPECT_EQ(mismatches, 0U) << threads << " threads";
  }
}

TEST(Threads, SharedProgramGivesIdenticalResults) {
  const program& prog = copenhagen();
  std::vector<facts> records = thousand_records(prog);
  date as_of = day("2012-03-01");
  std::vector<std::string> expected_json;
  for (const facts& r : records) {
    expected_json.push_back(ssprules::evaluate(prog, r, as_of, {.explain = true}).to_json());
  }
  std::vector<std::vector<std::string>> got(8);
  std::vector<std::thread> pool;
  for (std::size_t t = 0; t < 8; ++t) {
    pool.emplace_back([&, t] {
      program copy = prog;  // copies share the same compiled program
      for (int round = 0; round < 3; ++round) {
        for (std::size_t i = 0; i < records.size(); ++i) {
          std::size_t k = (i + t * 125) % records.size();
          decision d = ssprules::evaluate(copy, records[k], as_of, {.explain = (i % 3 == 0)});
          if (round == 2) got[t].push_back(std::to_string(k) + ":" + d.to_json());
        }
      }
    });
  }
  for (auto& th : pool) th.join();
  for (std::size_t t = 0; t < 8; ++t) {
    ASSERT_EQ(got[t].size(), records.size());
    for (std::size_t i = 0; i < got[t].size(); ++i) {
      std::size_t k = (i + t * 125) % records.size();
      EXPECT_EQ(got[t][i], std::to_string(k) + ":" + expected_json[k]) << "thread " << t;
    }
  }
}

}  // namespace

// evaluate_in_blocks: every record of the source once, results as evaluate gives them, on any
// number of threads and blocks that do not divide the count.
TEST(InBlocks, EveryRecordOnceWithTheResultsOfEvaluate) {
  const program& prog = copenhagen();
  const std::vector<facts> records = thousand_records(prog);
  const date as_of = day("2012-03-01");
  std::vector<std::string> expected;
  for (const facts& r : records) expected.push_back(ssprules::evaluate(prog, r, as_of).to_json());
  for (unsigned threads : {1U, 2U, 3U}) {
    for (std::size_t block_rows :
         {std::size_t{1}, std::size_t{7}, std::size_t{64}, records.size()}) {
      std::vector<std::string> got(records.size());
      std::vector<int> filled(records.size(), 0);
      std::mutex m;
      ssprules::evaluate_in_blocks(
          prog, records.size(), as_of, threads, [&](std::size_t i, facts& f) { f = records[i]; },
          [&](const ssprules::result_batch& out, std::size_t first) {
            std::lock_guard<std::mutex> lock(m);
            for (std::size_t k = 0; k < out.size(); ++k) {
              const facts& r = records[first + k];
              std::string id(r.id());
              got[first + k] = out.to_json(k, r.has_id() ? &id : nullptr);
              ++filled[first + k];
            }
          },
          block_rows);
      EXPECT_EQ(std::count(filled.begin(), filled.end(), 1),
                static_cast<std::ptrdiff_t>(records.size()))
          << threads << " threads, blocks of " << block_rows;
      EXPECT_EQ(got, expected) << threads << " threads, blocks of " << block_rows;
    }
  }
}

TEST(InBlocks, AnExceptionOfTheSourceReachesTheCaller) {
  const program& prog = copenhagen();
  for (unsigned threads : {1U, 3U}) {
    std::atomic<std::size_t> sunk{0};
    EXPECT_THROW(
        ssprules::evaluate_in_blocks(
            prog, 10'000, day("2012-03-01"), threads,
            [](std::size_t i, facts&) {
              if (i == 4321) throw std::runtime_error("record 4321 is unreadable");
            },
            [&](const ssprules::result_batch& out, std::size_t) { sunk += out.size(); }, 100),
        std::runtime_error);
    // the work stopped: the blocks after 4321 were not all evaluated (9,900 records would be)
    EXPECT_LT(sunk.load(), 9'000U) << threads << " threads";
  }
  EXPECT_EQ(ssprules::detail::threads_for(8, 3), 3U);
  EXPECT_EQ(ssprules::detail::threads_for(2, 0), 1U);
  EXPECT_GE(ssprules::detail::threads_for(0, 1000), 1U);
}

TEST(InBlocks, NothingToEvaluateCallsNeither) {
  const program& prog = copenhagen();
  int calls = 0;
  ssprules::evaluate_in_blocks(
      prog, 0, day("2012-03-01"), 2, [&](std::size_t, facts&) { ++calls; },
      [&](const ssprules::result_batch&, std::size_t) { ++calls; });
  EXPECT_EQ(calls, 0);
}
