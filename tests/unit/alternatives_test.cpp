// Why not and undetermined: find_alternatives on the Copenhagen policy (values worked out by
// hand from the policy), their rendering, and record_decoder::replace, which they rely on.
#include "ssprules/alternatives.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "ssprules/detail/candidates.hpp"
#include "test_support.hpp"

namespace {

using ssprules::alternatives;
using ssprules::date;
using ssprules::facts;
using ssprules::field_value;
using ssprules::program;
using ssprules::value;
using ssprules::test_support::copenhagen;
using ssprules::test_support::day;
using ssprules::test_support::load_text;

facts decode(const std::vector<std::pair<std::string_view, std::string_view>>& f) {
  ssprules::record_decoder decoder(copenhagen());
  std::vector<std::pair<std::string_view, field_value>> raw;
  for (auto [name, text] : f) raw.emplace_back(name, field_value::text(text));
  facts out;
  decoder.decode(raw, out);
  return out;
}

// (output, would be, "input=value" or "from DATE")
std::set<std::tuple<std::string, std::string, std::string>> why_not(const alternatives& a) {
  std::set<std::tuple<std::string, std::string, std::string>> out;
  for (const auto& alt : a.why_not) {
    std::string change =
        alt.changed
            ? alt.changed->first + "=" +
                  (alt.changed->second.present() ? alt.changed->second.to_string() : "absent")
            : "from " + alt.from->to_string();
    out.emplace(alt.output, alt.would_be.to_string(), change);
  }
  return out;
}

TEST(WhyNot, SixteenInCategoryFourEntersTheTriangleOnThe17thBirthday) {
  facts r =
      decode({{"birth_date", "2009-03-01"}, {"category", "4"}, {"benefit_status", "recipient"}});
  alternatives a = ssprules::find_alternatives(copenhagen(), r, day("2025-03-01"));
  auto got = why_not(a);
  EXPECT_TRUE(got.count({"phase", "triangle", "from 2026-03-01"})) << "the 17th birthday";
  EXPECT_TRUE(got.count({"eligible", "true", "from 2026-03-01"}));
  EXPECT_TRUE(got.count({"route", "jobcenter", "from 2026-03-01"})) << "a recipient";
  EXPECT_TRUE(got.count({"target_group", "false", "category=2"}));
  EXPECT_TRUE(got.count({"target_group", "false", "category=absent"}));
  EXPECT_FALSE(got.count({"target_group", "false", "category=3"})) << "3 is in the group too";
  for (const auto& [output, would, change] : got) {
    EXPECT_NE(output, "age") << "only boolean and enum outputs have alternatives";
    EXPECT_NE(output, "intake_date");
  }
  EXPECT_TRUE(a.undetermined.empty()) << "no optional input without a value or default";
}

TEST(WhyNot, CategoryTwoWouldBeInTheTargetGroupWithThreeOrFour) {
  facts r =
      decode({{"birth_date", "2009-03-01"}, {"category", "2"}, {"benefit_status", "recipient"}});
  alternatives a = ssprules::find_alternatives(copenhagen(), r, day("2025-03-01"));
  auto got = why_not(a);
  EXPECT_TRUE(got.count({"target_group", "true", "category=3"}));
  EXPECT_TRUE(got.count({"target_group", "true", "category=4"}));
  EXPECT_FALSE(got.count({"target_group", "true", "category=1"}));
  EXPECT_EQ(ssprules::render(a),
            "why not:\n"
            "  target_group would be true with category = 3, or with category = 4\n"
            "  plan_status would be not_due with category = 3, or with category = 4\n");
  EXPECT_EQ(ssprules::render(a, ssprules::language::da),
            "hvorfor ikke:\n"
            "  target_group ville være true med category = 3, eller med category = 4\n"
            "  plan_status ville være not_due med category = 3, eller med category = 4\n");
}

TEST(Undetermined, MissingCategoryIsNamedInsteadOfAGuess) {
  facts r = decode({{"birth_date", "2009-03-01"}, {"benefit_status", "recipient"}});
  alternatives a = ssprules::find_alternatives(copenhagen(), r, day("2025-03-01"));
  ASSERT_EQ(a.undetermined.size(), 2U);
  EXPECT_EQ(a.undetermined[0].output, "target_group");
  EXPECT_EQ(a.undetermined[0].value_now, value::of_bool(false));
  EXPECT_EQ(a.undetermined[0].missing, std::vector<std::string>{"category"});
  EXPECT_EQ(a.undetermined[1].output, "plan_status");
  for (const auto& u : a.undetermined) EXPECT_NE(u.output, "age") << "age does not depend on it";
  EXPECT_NE(ssprules::render(a).find("undetermined (optional inputs are missing):\n"
                                     "  target_group = false depends on category\n"),
            std::string::npos);
}

TEST(Alternatives, ARecordThatCannotBeEvaluatedHasNone) {
  facts r = decode({{"category", "4"}});
  alternatives a = ssprules::find_alternatives(copenhagen(), r, day("2025-03-01"));
  EXPECT_TRUE(a.why_not.empty());
  EXPECT_TRUE(a.undetermined.empty());
  EXPECT_EQ(ssprules::render(a), "");
}

TEST(Alternatives, TheRecordsOwnAsOfIsTheStartingPoint) {
  facts r = decode({{"birth_date", "2009-03-01"},
                    {"category", "4"},
                    {"benefit_status", "recipient"},
                    {"as_of", "2026-02-27"}});
  alternatives a = ssprules::find_alternatives(copenhagen(), r, day("2000-01-01"));
  EXPECT_TRUE(why_not(a).count({"phase", "triangle", "from 2026-03-01"}));
}

// A deadline that fell on a day that is not a working day: why not that day? Because it moved
// to the next working day, and why-not says so, with the reason.
TEST(WhyNot, ADeadlineMovedToTheNextWorkingDaySaysFromWhichDayAndWhy) {
  program prog = load_text(R"(id: moved
effective: {from: 2024-01-01}
calendar:
  working_days:
    holidays: denmark
inputs:
  notified_on: date
outputs:
  investigation_due: working_day_on_or_after(add_months(notified_on, 4))
  acknowledge_by: add_working_days(notified_on, 6)
)");
  auto decode_one = [&](std::string_view notified) {
    ssprules::record_decoder decoder(prog);
    std::vector<std::pair<std::string_view, field_value>> raw{
        {"notified_on", field_value::text(notified)}};
    facts out;
    decoder.decode(raw, out);
    return out;
  };
  // 2025-01-31 + 4 months = Saturday 2025-05-31: the next working day is Monday 2025-06-02
  alternatives weekend =
      ssprules::find_alternatives(prog, decode_one("2025-01-31"), day("2025-02-01"));
  ASSERT_EQ(weekend.moved.size(), 1U) << "add_working_days counts, it does not move";
  EXPECT_EQ(weekend.moved[0].output, "investigation_due");
  EXPECT_EQ(weekend.moved[0].would_be, day("2025-05-31"));
  EXPECT_EQ(weekend.moved[0].is, day("2025-06-02"));
  EXPECT_EQ(weekend.moved[0].reason, "weekend");
  EXPECT_EQ(ssprules::render(weekend),
            "why not:\n  investigation_due would be 2025-05-31, not a working day: weekend; it is "
            "2025-06-02, the next working day\n");
  EXPECT_EQ(
      ssprules::render(weekend, ssprules::language::da),
      "hvorfor ikke:\n  investigation_due ville være 2025-05-31, ikke en hverdag: weekend; den "
      "er 2025-06-02, den næste hverdag\n");
  // 2025-08-25 + 4 months = Juledag, a Thursday: the holiday is named
  alternatives christmas =
      ssprules::find_alternatives(prog, decode_one("2025-08-25"), day("2025-09-01"));
  ASSERT_EQ(christmas.moved.size(), 1U);
  EXPECT_EQ(christmas.moved[0].would_be, day("2025-12-25"));
  EXPECT_EQ(christmas.moved[0].is, day("2025-12-29"));
  EXPECT_EQ(christmas.moved[0].reason.rfind("Juledag", 0), 0U) << christmas.moved[0].reason;
  // on a working day nothing moved and nothing is said
  alternatives plain =
      ssprules::find_alternatives(prog, decode_one("2025-02-03"), day("2025-02-04"));
  EXPECT_TRUE(plain.moved.empty());
  EXPECT_EQ(ssprules::render(plain), "");
}

TEST(Alternatives, ExplainRecordIsTheExplanationAndTheAlternatives) {
  facts r =
      decode({{"birth_date", "2009-03-01"}, {"category", "2"}, {"benefit_status", "recipient"}});
  std::string text = ssprules::explain_record(copenhagen(), r, day("2025-03-01"));
  std::string explanation =
      ssprules::evaluate(copenhagen(), r, day("2025-03-01"), {.explain = true}).explain_text();
  ASSERT_EQ(text.rfind(explanation, 0), 0U);
  EXPECT_EQ(text.substr(explanation.size()),
            ssprules::render(ssprules::find_alternatives(copenhagen(), r, day("2025-03-01"))));
}

TEST(RecordDecoderReplace, OneFieldAgainDefaultsAndErrors) {
  ssprules::record_decoder decoder(copenhagen());
  facts r =
      decode({{"birth_date", "2008-03-15"}, {"category", "9"}, {"benefit_status", "recipient"}});
  ASSERT_EQ(r.input_errors().size(), 1U);
  decoder.replace(r, "category", field_value::integer(4));
  EXPECT_TRUE(r.input_errors().empty()) << "the old problem goes with the old value";
  EXPECT_EQ(ssprules::evaluate(copenhagen(), r, day("2025-03-15")).find("phase")->as_string(),
            "triangle");
  decoder.replace(r, "benefit_status", field_value::absent());
  ASSERT_EQ(r.input_errors().size(), 1U);
  EXPECT_EQ(r.input_errors()[0].second.code, "SR1001") << "a required input made absent";
  decoder.replace(r, "assessed_category_3_or_4", field_value::absent());
  EXPECT_TRUE(r.has_input(2)) << "an absent input with a default takes it";
  EXPECT_THROW(decoder.replace(r, "no_such_input", field_value::integer(1)), ssprules::error);
}

// -------------------------------------------------------------------------------------------
// wide integer ranges and large enums: a bounded set of candidates, counted, never timed

facts decode_for(const program& p,
                 const std::vector<std::pair<std::string_view, field_value>>& fields) {
  facts out;
  ssprules::record_decoder(p).decode(fields, out);
  return out;
}

TEST(RangeSize, NeverOverflows) {
  using ssprules::detail::range_size;
  constexpr auto min = std::numeric_limits<std::int64_t>::min();
  constexpr auto max = std::numeric_limits<std::int64_t>::max();
  EXPECT_EQ(range_size(0, 0), 1U);
  EXPECT_EQ(range_size(1, 4), 4U);
  EXPECT_EQ(range_size(5, 4), 0U);
  EXPECT_EQ(range_size(min, 0), (std::uint64_t{1} << 63U) + 1);
  EXPECT_EQ(range_size(-1, max), (std::uint64_t{1} << 63U) + 1);
  EXPECT_EQ(range_size(min, max), std::numeric_limits<std::uint64_t>::max()) << "saturates";
  EXPECT_EQ(range_size(max - 2, max), 3U);
}

// Both extreme declarations of the issue, and a small range at the very top (a `v <= max; ++v`
// loop never ends there).
const char* const wide_policy = R"(id: wide
title: Wide integer ranges
effective: {from: 2020-01-01}
inputs:
  debt: {type: integer, min: -9223372036854775808, max: 0}
  income: {type: integer, min: -1, max: 9223372036854775807}
  top: {type: integer, min: 9223372036854775805, max: 9223372036854775807}
outputs:
  in_debt:
    type: bool
    expr: debt < -1000
  rich:
    type: bool
    expr: income >= 500000
  peak:
    type: bool
    expr: top == 9223372036854775807
)";

TEST(WhyNot, ExtremeIntegerRangesTryTheBoundariesNotTheRange) {
  program p = load_text(wide_policy);
  facts r = decode_for(p, {{"debt", field_value::integer(-5)},
                           {"income", field_value::integer(7)},
                           {"top", field_value::integer(9223372036854775806)}});
  alternatives a = ssprules::find_alternatives(p, r, day("2024-01-01"), {.horizon_days = 0});
  auto got = why_not(a);
  EXPECT_TRUE(got.count({"in_debt", "true", "debt=-1001"})) << ssprules::render(a);
  EXPECT_FALSE(got.count({"in_debt", "true", "debt=-1000"}));
  EXPECT_TRUE(got.count({"rich", "true", "income=500000"}));
  EXPECT_FALSE(got.count({"rich", "true", "income=499999"}));
  EXPECT_TRUE(got.count({"peak", "true", "top=9223372036854775807"}))
      << "every value of a small range";
  // debt: -1001, -1000, -999, both ends, 0; income: 499999..500001, both ends, 0; top: 3
  // values; plus the record itself
  EXPECT_LE(a.evaluations, 1U + 6U + 6U + 3U);
  EXPECT_GE(a.evaluations, 1U + 3U);
}

TEST(Candidates, IntegersAreBoundedWhateverTheRange) {
  using ssprules::detail::integer_candidates;
  constexpr auto min = std::numeric_limits<std::int64_t>::min();
  constexpr auto max = std::numeric_limits<std::int64_t>::max();
  ssprules::detail::input_use use;
  use.constants = {min, -1000, 18, max};
  for (auto [lo, hi] :
       {std::pair{min, std::int64_t{0}}, std::pair{std::int64_t{-1}, max}, std::pair{min, max}}) {
    auto c = integer_candidates(use, lo, hi, 64);
    ASSERT_FALSE(c.empty());
    EXPECT_LE(c.size(), 3U + 3U * use.constants.size());
    EXPECT_TRUE(std::is_sorted(c.begin(), c.end()));
    EXPECT_EQ(c.front(), lo);
    EXPECT_EQ(c.back(), hi);
    for (std::int64_t v : c) {
      EXPECT_GE(v, lo);
      EXPECT_LE(v, hi);
    }
  }
  // open ends are not tried (the largest integer is no one's income)
  auto open = integer_candidates(use, std::nullopt, std::nullopt, 64);
  EXPECT_EQ(std::count(open.begin(), open.end(), 17), 1);
  EXPECT_EQ(integer_candidates({}, std::int64_t{1}, std::int64_t{4}, 64),
            (std::vector<std::int64_t>{1, 2, 3, 4}));
  EXPECT_EQ(integer_candidates({}, max - 1, max, 64), (std::vector<std::int64_t>{max - 1, max}));
}

// A policy whose integer input is declared over `hi` values and compared with one constant.
std::string ranged_policy(std::int64_t hi) {
  return "id: ranged\ntitle: R\neffective: {from: 2020-01-01}\ninputs:\n"
         "  n: {type: integer, min: 0, max: " +
         std::to_string(hi) + "}\noutputs:\n  big: {type: bool, expr: n >= 500}\n";
}

TEST(WhyNot, TheWorkDoesNotGrowWithTheRange) {
  std::vector<std::size_t> work;
  for (std::int64_t hi :
       {std::int64_t{1000}, std::int64_t{2000}, std::numeric_limits<std::int64_t>::max()}) {
    program p = load_text(ranged_policy(hi));
    facts r = decode_for(p, {{"n", field_value::integer(3)}});
    alternatives a = ssprules::find_alternatives(p, r, day("2024-01-01"), {.horizon_days = 0});
    EXPECT_TRUE(why_not(a).count({"big", "true", "n=500"})) << hi;
    work.push_back(a.evaluations);
  }
  EXPECT_EQ(work[0], work[1]) << "N and 2N values";
  EXPECT_EQ(work[0], work[2]);
}

// A policy with an enum of `n` values; `passed` adds an output that is the enum itself.
std::string enum_policy(std::size_t n, bool passed) {
  std::string values;
  for (std::size_t i = 0; i < n; ++i) values += (i ? ", v" : "v") + std::to_string(i);
  std::string out =
      "id: enums\ntitle: E\neffective: {from: 2020-01-01}\ninputs:\n"
      "  kind: {type: enum, values: [" +
      values +
      "]}\noutputs:\n"
      "  special:\n    type: bool\n    expr: kind in [v1, v2]\n"
      "  first:\n    type: bool\n    cases:\n      - when: kind == v0\n"
      "        then: true\n      - otherwise: false\n";
  if (passed) out += "  same: {type: enum, values: [" + values + "], expr: kind}\n";
  return out;
}

TEST(WhyNot, ALargeEnumTriesTheValuesConditionsTellApart) {
  std::vector<std::size_t> work;
  for (std::size_t n : {1000U, 2000U}) {
    program p = load_text(enum_policy(n, false));
    facts r = decode_for(p, {{"kind", field_value::string("v5")}});
    alternatives a = ssprules::find_alternatives(p, r, day("2024-01-01"), {.horizon_days = 0});
    auto got = why_not(a);
    EXPECT_TRUE(got.count({"special", "true", "kind=v1"}));
    EXPECT_TRUE(got.count({"special", "true", "kind=v2"}));
    EXPECT_TRUE(got.count({"first", "true", "kind=v0"}));
    EXPECT_EQ(got.size(), 3U) << ssprules::render(a);
    work.push_back(a.evaluations);
  }
  // v0, v1, v2 and one value for the rest (v3), plus the record itself
  EXPECT_EQ(work[0], 5U);
  EXPECT_EQ(work[1], work[0]) << "N and 2N values";
}

TEST(WhyNot, AnEnumPassedOnIsTriedWholeAndItsListIsCut) {
  std::vector<std::size_t> work;
  std::vector<std::size_t> text;
  for (std::size_t n : {1000U, 2000U}) {
    program p = load_text(enum_policy(n, true));
    facts r = decode_for(p, {{"kind", field_value::string("v5")}});
    alternatives a = ssprules::find_alternatives(p, r, day("2024-01-01"), {.horizon_days = 0});
    EXPECT_EQ(a.why_not.size(), 3U + (n - 1)) << "the API keeps every alternative";
    work.push_back(a.evaluations);
    std::string en = ssprules::render(a);
    std::string da = ssprules::render(a, ssprules::language::da);
    EXPECT_NE(en.find("  same would be v0 with kind = v0\n"), std::string::npos) << en;
    EXPECT_NE(en.find("  and " + std::to_string(n - 1 - 10) + " more values of same\n"),
              std::string::npos)
        << en;
    EXPECT_NE(da.find("  og " + std::to_string(n - 1 - 10) + " flere værdier af same\n"),
              std::string::npos)
        << da;
    EXPECT_EQ(en.find("v900"), std::string::npos) << "cut after the first values";
    text.push_back(static_cast<std::size_t>(std::count(en.begin(), en.end(), '\n')));
  }
  EXPECT_EQ(work[1] - 1, 2 * (work[0] - 1)) << "linear: one evaluation per value";
  EXPECT_EQ(text[0], text[1]) << "the rendered list does not grow";
}

TEST(Render, ManyChangesForOneValueAreCut) {
  alternatives a;
  for (int i = 0; i < 25; ++i) {
    a.why_not.push_back({"ok", value::of_bool(true),
                         std::make_pair("x" + std::to_string(i), value::of_bool(true)),
                         std::nullopt, std::nullopt});
  }
  EXPECT_EQ(ssprules::render(a),
            "why not:\n  ok would be true with x0 = true, or with x1 = true, or with x2 = true, "
            "or with x3 = true, or with x4 = true, or with x5 = true, or with x6 = true, or with "
            "x7 = true, or with x8 = true, or with x9 = true, and 15 more\n");
  EXPECT_NE(
      ssprules::render(a, ssprules::language::da).find(", eller med x9 = true, og 15 flere\n"),
      std::string::npos);
}

// -------------------------------------------------------------------------------------------
// sensitive inputs: no alternative tells one

const char* const sensitive_birth = R"(id: sensitive-birth
title: A sensitive birth date
effective: {from: 2020-01-01}
inputs:
  birth_date: {type: date, sensitive: true}
  has_plan: bool
  note: {type: enum, values: [none, high], optional: true}
  diagnosis: {type: enum, values: [none, adhd], optional: true, sensitive: true}
values:
  age_now: age(birth_date, as_of)
outputs:
  adult:
    type: bool
    expr: age_now >= 18
  route:
    type: enum
    values: [plan, none]
    cases:
      - when: adult and has_plan
        then: plan
      - otherwise: none
  urgent:
    type: bool
    expr: has_plan and (note ?? none) == high
  support:
    type: bool
    expr: (diagnosis ?? none) != none
)";

TEST(WhyNot, NothingThatWouldTellASensitiveInput) {
  program p = load_text(sensitive_birth);
  facts r = decode_for(p, {{"birth_date", field_value::text("2009-05-14")},
                           {"has_plan", field_value::text("true")},
                           {"note", field_value::text("high")}});
  alternatives a = ssprules::find_alternatives(p, r, day("2025-03-01"));
  std::string text = ssprules::render(a) + ssprules::render(a, ssprules::language::da);
  // the 18th birthday would be `adult would be true from 2027-05-14`
  EXPECT_EQ(text.find("2027-05-14"), std::string::npos) << text;
  for (const auto& alt : a.why_not) {
    EXPECT_NE(alt.output, "adult") << "computed from the birth date";
    EXPECT_NE(alt.output, "route") << "computed from adult, and so from the birth date";
  }
  // an output that depends on no sensitive input the record has keeps its alternatives
  EXPECT_TRUE(why_not(a).count({"urgent", "false", "has_plan=false"})) << text;
  EXPECT_TRUE(why_not(a).count({"urgent", "false", "note=none"})) << text;
  ASSERT_EQ(a.undetermined.size(), 1U) << text;
  EXPECT_EQ(a.undetermined[0].output, "support") << "a missing sensitive input is no secret";
  EXPECT_EQ(a.undetermined[0].missing, std::vector<std::string>{"diagnosis"});
  // without the birth date (here: a record that is not evaluated) nothing at all
  facts without = decode_for(p, {{"has_plan", field_value::text("true")}});
  EXPECT_TRUE(ssprules::find_alternatives(p, without, day("2025-03-01")).why_not.empty());
}

}  // namespace
