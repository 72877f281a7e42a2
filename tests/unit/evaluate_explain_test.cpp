// Unit tests for evaluate.hpp: explanations and decisions as JSON.
#include "evaluate_support.hpp"

namespace {

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

}  // namespace
