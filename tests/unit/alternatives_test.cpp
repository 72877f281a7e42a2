// Why not and undetermined: find_alternatives on the Copenhagen policy (values worked out by
// hand from the policy), their rendering, and record_decoder::replace, which they rely on.
#include "ssprules/alternatives.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "test_support.hpp"

namespace {

using ssprules::alternatives;
using ssprules::date;
using ssprules::facts;
using ssprules::field_value;
using ssprules::program;
using ssprules::value;
using ssprules::test_support::copenhagen;

date day(std::string_view iso) { return date::parse(iso).value(); }

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
    std::string change = alt.changed ? alt.changed->first + "=" +
                                           (alt.changed->second.present() ? alt.changed->second.to_string() : "absent")
                                     : "from " + alt.from->to_string();
    out.emplace(alt.output, alt.would_be.to_string(), change);
  }
  return out;
}

TEST(WhyNot, SixteenInCategoryFourEntersTheTriangleOnThe17thBirthday) {
  facts r = decode({{"birth_date", "2009-03-01"}, {"category", "4"}, {"benefit_status", "recipient"}});
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
  facts r = decode({{"birth_date", "2009-03-01"}, {"category", "2"}, {"benefit_status", "recipient"}});
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
  facts r = decode({{"birth_date", "2009-03-01"}, {"category", "4"}, {"benefit_status", "recipient"},
                    {"as_of", "2026-02-27"}});
  alternatives a = ssprules::find_alternatives(copenhagen(), r, day("2000-01-01"));
  EXPECT_TRUE(why_not(a).count({"phase", "triangle", "from 2026-03-01"}));
}

TEST(Alternatives, ExplainRecordIsTheExplanationAndTheAlternatives) {
  facts r = decode({{"birth_date", "2009-03-01"}, {"category", "2"}, {"benefit_status", "recipient"}});
  std::string text = ssprules::explain_record(copenhagen(), r, day("2025-03-01"));
  std::string explanation =
      ssprules::evaluate(copenhagen(), r, day("2025-03-01"), {.explain = true}).explain_text();
  ASSERT_EQ(text.rfind(explanation, 0), 0U);
  EXPECT_EQ(text.substr(explanation.size()),
            ssprules::render(ssprules::find_alternatives(copenhagen(), r, day("2025-03-01"))));
}

TEST(RecordDecoderReplace, OneFieldAgainDefaultsAndErrors) {
  ssprules::record_decoder decoder(copenhagen());
  facts r = decode({{"birth_date", "2008-03-15"}, {"category", "9"}, {"benefit_status", "recipient"}});
  ASSERT_EQ(r.input_errors().size(), 1U);
  decoder.replace(r, "category", field_value::integer(4));
  EXPECT_TRUE(r.input_errors().empty()) << "the old problem goes with the old value";
  EXPECT_EQ(ssprules::evaluate(copenhagen(), r, day("2025-03-15")).find("phase")->as_string(), "triangle");
  decoder.replace(r, "benefit_status", field_value::absent());
  ASSERT_EQ(r.input_errors().size(), 1U);
  EXPECT_EQ(r.input_errors()[0].second.code, "SR1001") << "a required input made absent";
  decoder.replace(r, "assessed_category_3_or_4", field_value::absent());
  EXPECT_TRUE(r.has_input(2)) << "an absent input with a default takes it";
  EXPECT_THROW(decoder.replace(r, "no_such_input", field_value::integer(1)), ssprules::error);
}

}  // namespace
