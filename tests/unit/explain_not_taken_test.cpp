// Unit tests for evaluate.hpp: "why is this plan overdue?" — the cases and rows that were tried
// and did not hold (`explanation_step::not_taken`), with the false comparisons and their values.
#include <fstream>
#include <iterator>

#include "evaluate_support.hpp"

namespace {

using ssprules::condition_fact;
using ssprules::explanation_step;
using ssprules::failed_case;
using ssprules::language;

const explanation_step& step_of(const decision& d, std::string_view rule) {
  for (const auto& s : d.explanation()) {
    if (s.rule == rule) return s;
  }
  static const explanation_step none;
  ADD_FAILURE() << "no step for " << rule;
  return none;
}

// An operand as the English text shows it: a literal as written, else with its value.
std::string shown(const ssprules::compared_value& o) {
  if (o.literal) return o.expression;
  return o.expression + " " + (o.result.present() ? o.result.to_string() : "absent");
}

// The facts of a failed case as the English text shows them, joined with "; ".
std::string facts_text(const failed_case& c) {
  std::string out;
  for (const condition_fact& f : c.facts) {
    if (!out.empty()) out += "; ";
    if (f.operands.empty()) {
      out += f.part;
    } else if (f.relation.empty() || f.operands.size() < 2) {
      out += shown(f.operands[0]);
    } else {
      out += shown(f.operands[0]) + " " + f.relation + " " + shown(f.operands[1]);
    }
  }
  return out;
}

// Born 2001-05-06: the case goes to the working group on 2018-05-06 and the plan is due by
// 2018-11-06 (17½); on 2025-03-01 (age 23) no plan has been approved.
const fields overdue = {{"id", "c-17"},
                        {"birth_date", "2001-05-06"},
                        {"category", "4"},
                        {"benefit_status", "recipient"}};

TEST(NotTaken, AnOverduePlanShowsEveryFalseConditionWithItsValues) {
  decision d = run(copenhagen(), "2025-03-01", overdue, {.explain = true});
  ASSERT_TRUE(d.ok());
  const explanation_step& s = step_of(d, "plan_status");
  EXPECT_EQ(s.result, value::of_enum("overdue"));
  EXPECT_EQ(s.decided_by, "otherwise");
  ASSERT_EQ(s.not_taken.size(), 5U) << "every case with a `when`";
  EXPECT_EQ(s.not_taken_more, 0U);

  const failed_case& first = s.not_taken[0];
  EXPECT_EQ(first.branch, "case 1");
  EXPECT_EQ(first.condition, "not target_group or age > 23");
  EXPECT_EQ(first.line, 201U);
  ASSERT_EQ(first.facts.size(), 2U) << "an `or` that is false: both parts";
  EXPECT_EQ(first.facts[0].part, "target_group");
  EXPECT_EQ(first.facts[0].relation, "");
  ASSERT_EQ(first.facts[0].operands.size(), 1U);
  EXPECT_EQ(first.facts[0].operands[0].result, value::of_bool(true)) << "under the `not`";
  EXPECT_EQ(first.facts[1].part, "age > 23");
  EXPECT_EQ(first.facts[1].relation, "<=") << "what held instead of `>`";
  ASSERT_EQ(first.facts[1].operands.size(), 2U);
  EXPECT_EQ(first.facts[1].operands[0].expression, "age");
  EXPECT_EQ(first.facts[1].operands[0].result, value::of_integer(23));
  EXPECT_FALSE(first.facts[1].operands[0].literal);
  EXPECT_EQ(first.facts[1].operands[1].expression, "23");
  EXPECT_TRUE(first.facts[1].operands[1].literal);
  EXPECT_EQ(facts_text(first), "target_group true; age 23 <= 23");

  EXPECT_EQ(s.not_taken[1].branch, "case 2");
  EXPECT_EQ(s.not_taken[1].line, 203U);
  EXPECT_EQ(facts_text(s.not_taken[1]), "plan_approved_on absent")
      << "an `and` stops at its first false part";
  EXPECT_EQ(facts_text(s.not_taken[2]), "plan_approved_on absent");
  EXPECT_EQ(facts_text(s.not_taken[3]), "as_of 2025-03-01 >= intake_date 2018-05-06");
  const failed_case& last = s.not_taken[4];
  EXPECT_EQ(last.branch, "case 5");
  EXPECT_EQ(last.condition, "as_of <= plan_deadline");
  EXPECT_EQ(last.line, 209U);
  ASSERT_EQ(last.facts.size(), 1U);
  EXPECT_EQ(last.facts[0].relation, ">");
  EXPECT_EQ(last.facts[0].operands[0].result, value::of_date(day("2025-03-01")));
  EXPECT_EQ(last.facts[0].operands[1].expression, "plan_deadline");
  EXPECT_EQ(last.facts[0].operands[1].result, value::of_date(day("2018-11-06")));
}

TEST(NotTaken, TextInEnglishAndDanish) {
  decision d = run(copenhagen(), "2025-03-01", overdue, {.explain = true});
  const std::string en = d.explain_text();
  EXPECT_NE(en.find("output plan_status = overdue\n"
                    "  decided by otherwise (line 211)\n"
                    "    gives overdue\n"),
            std::string::npos)
      << en;
  EXPECT_NE(en.find("  not taken:\n"
                    "    case 1 (line 201): not target_group or age > 23\n"
                    "      because target_group true; age 23 <= 23\n"
                    "    case 2 (line 203): present(plan_approved_on) and plan_approved_on <= "
                    "plan_deadline\n"
                    "      because plan_approved_on absent\n"
                    "    case 3 (line 205): present(plan_approved_on)\n"
                    "      because plan_approved_on absent\n"
                    "    case 4 (line 207): as_of < intake_date\n"
                    "      because as_of 2025-03-01 >= intake_date 2018-05-06\n"
                    "    case 5 (line 209): as_of <= plan_deadline\n"
                    "      because as_of 2025-03-01 > plan_deadline 2018-11-06\n"),
            std::string::npos)
      << en;
  // a later case: the ones before it
  EXPECT_NE(en.find("output phase = ssp_plus\n"), std::string::npos) << en;
  EXPECT_NE(en.find("  not taken:\n"
                    "    case 1 (line 137): target_group and age == 17\n"
                    "      because age 23 != 17\n"),
            std::string::npos)
      << en;
  const std::string da = d.explain_text(language::da);
  EXPECT_NE(da.find("  ikke valgt:\n"
                    "    tilfælde 1 (linje 201): not target_group or age > 23\n"
                    "      fordi target_group true; age 23 <= 23\n"
                    "    tilfælde 2 (linje 203): present(plan_approved_on) and plan_approved_on "
                    "<= plan_deadline\n"
                    "      fordi plan_approved_on mangler\n"),
            std::string::npos)
      << da;
}

TEST(NotTaken, ACaseDecidedFirstHasNone) {
  decision d =
      run(copenhagen(), "2025-03-15",
          {{"birth_date", "2008-03-15"}, {"category", "4"}, {"benefit_status", "recipient"}},
          {.explain = true});
  EXPECT_TRUE(step_of(d, "phase").not_taken.empty()) << "case 1 decided";
  EXPECT_TRUE(step_of(d, "age").not_taken.empty()) << "an expression";
  EXPECT_TRUE(step_of(d, "route").not_taken.empty()) << "a row matched";
  EXPECT_EQ(d.explain_text().find("phase = triangle\n  decided by case 1 (line 137)\n    when "
                                  "target_group and age == 17\n    gives triangle\n  using "
                                  "target_group = true, age = 17\n  source: bif-2009 "
                                  "(Udmøntning af midler til SSP+ (2009-56664)), "
                                  "Triangelmodellen: \"når denne fylder 17 år\"\noutput"),
            d.explain_text().find("phase = triangle"))
      << d.explain_text();
}

TEST(NotTaken, ALateApprovalComparesTheTwoDates) {
  fields late = overdue;
  late.emplace_back("plan_approved_on", "2019-01-15");
  decision d = run(copenhagen(), "2025-03-01", late, {.explain = true});
  const explanation_step& s = step_of(d, "plan_status");
  EXPECT_EQ(s.result, value::of_enum("approved_late"));
  ASSERT_EQ(s.not_taken.size(), 2U) << "cases 1 and 2";
  EXPECT_EQ(facts_text(s.not_taken[1]), "plan_approved_on 2019-01-15 > plan_deadline 2018-11-06")
      << "`present(…)` held: the comparison after it was false";
}

TEST(NotTaken, Json) {
  decision d = run(copenhagen(), "2025-03-01", overdue, {.explain = true});
  const std::string json = d.explanation_json();
  EXPECT_NE(
      json.find("\"not_taken\":[{\"branch\":\"case 1\",\"condition\":\"not target_group or age > "
                "23\",\"line\":201,\"facts\":[{\"part\":\"target_group\",\"relation\":\"\","
                "\"operands\":[{\"expression\":\"target_group\",\"value\":true}]},{\"part\":\"age "
                "> 23\",\"relation\":\"<=\",\"operands\":[{\"expression\":\"age\",\"value\":23},"
                "{\"expression\":\"23\",\"literal\":true}]}],\"more\":0},"),
      std::string::npos)
      << json;
  EXPECT_NE(json.find("{\"branch\":\"case 5\",\"condition\":\"as_of <= plan_deadline\","
                      "\"line\":209,\"facts\":[{\"part\":\"as_of <= plan_deadline\","
                      "\"relation\":\">\",\"operands\":[{\"expression\":\"as_of\",\"value\":"
                      "\"2025-03-01\"},{\"expression\":\"plan_deadline\",\"value\":"
                      "\"2018-11-06\"}]}],\"more\":0}]}"),
            std::string::npos)
      << json;
  EXPECT_EQ(json.find("not_taken_more"), std::string::npos) << "only when some were left out";
}

TEST(NotTaken, NothingWithoutTheOption) {
  decision d = run(copenhagen(), "2025-03-01", overdue);
  EXPECT_TRUE(d.explanation().empty());
  EXPECT_EQ(d.explanation_json(), "[]");
}

// The Kolding policy with its last row (25 and older) replaced by an `otherwise`: a 30-year-old
// matches no row, and the explanation shows why each row did not match.
program kolding_with_otherwise() {
  const std::string path = std::string(SSPRULES_SOURCE_DIR) + "/rules/kolding/ssp.yaml";
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string last = "        - when: [\">= 25\", any]\n";
  const std::size_t at = text.find(last);
  EXPECT_NE(at, std::string::npos);
  const std::size_t end = text.find("\n\n", at);
  text.replace(at, end + 1 - at, "      otherwise: none\n");
  auto r = ssprules::load_string(text, path);
  EXPECT_TRUE(r.ok()) << ssprules::render(r.diagnostics);
  return r.prog;
}

TEST(NotTaken, ATableWithNoMatchingRowShowsTheCellsThatFailed) {
  program prog = kolding_with_otherwise();
  decision d =
      run(prog, "2025-03-01", {{"birth_date", "1995-01-01"}, {"criminal_behaviour", "true"}},
          {.explain = true});
  ASSERT_TRUE(d.ok());
  const explanation_step& s = step_of(d, "programme");
  EXPECT_EQ(s.decided_by, "otherwise");
  EXPECT_EQ(s.result, value::of_enum("none"));
  ASSERT_EQ(s.not_taken.size(), 4U);
  EXPECT_EQ(s.not_taken[0].branch, "row 1");
  EXPECT_EQ(s.not_taken[0].condition, "age: 0..5, ssp_plus_need: any");
  EXPECT_EQ(facts_text(s.not_taken[0]), "age 30 not in 0..5") << "`any` never fails";
  EXPECT_EQ(facts_text(s.not_taken[2]), "age 30 not in 17..24");
  ASSERT_EQ(s.not_taken[3].facts.size(), 2U) << "both cells failed";
  EXPECT_EQ(facts_text(s.not_taken[3]), "age 30 not in 17..24; ssp_plus_need true != false");
  EXPECT_TRUE(step_of(d, "ssp_plus_eligible").not_taken.empty()) << "an expression";
  const std::string text = d.explain_text();
  EXPECT_NE(text.find("output programme = none\n  decided by otherwise"), std::string::npos)
      << text;
  EXPECT_NE(text.find("  not taken:\n    row 1 (line 135): age: 0..5, ssp_plus_need: any\n"
                      "      because age 30 not in 0..5\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("      because age 30 not in 17..24; ssp_plus_need true != false\n"),
            std::string::npos)
      << text;
  EXPECT_NE(d.explain_text(language::da)
                .find("    række 4 (linje 161): age: 17..24, "
                      "ssp_plus_need: false\n"
                      "      fordi age 30 ikke i 17..24; "
                      "ssp_plus_need true != false\n"),
            std::string::npos)
      << d.explain_text(language::da);
  EXPECT_NE(d.explanation_json().find("\"not_taken\":[{\"branch\":\"row 1\",\"condition\":"
                                      "\"age: 0..5, ssp_plus_need: any\",\"line\":135,"
                                      "\"facts\":[{\"part\":\"age: 0..5\",\"relation\":\"not "
                                      "in\",\"operands\":[{\"expression\":\"age\",\"value\":30},"
                                      "{\"expression\":\"0..5\",\"literal\":true}]}],"
                                      "\"more\":0}"),
            std::string::npos)
      << d.explanation_json();
}

// A table the analysis cannot prove complete (text cells) and without an otherwise: a record no
// row matches fails with SR1013, and the error shows why each row did not match.
const char* const text_table = R"(id: texts
effective: {from: 2020-01-01}
inputs:
  code: string
  score: integer
outputs:
  label:
    type: integer
    table:
      hit: first
      columns: [code, score]
      rows:
        - when: ['"a"', any]
          then: 1
        - when: ['"b"', "> 10"]
          then: 2
  doubled:
    type: integer
    expr: label * 2
)";

TEST(NotTaken, ATableThatFailsWithNoRowShowsWhy) {
  program prog = load_text(text_table);
  decision d = run(prog, "2021-01-01", {{"code", "b"}, {"score", "3"}}, {.explain = true});
  ASSERT_FALSE(d.ok());
  const explanation_step& s = step_of(d, "label");
  ASSERT_TRUE(s.error.has_value());
  EXPECT_EQ(s.error->code, "SR1013");
  ASSERT_EQ(s.not_taken.size(), 2U);
  EXPECT_EQ(facts_text(s.not_taken[0]), "code b != \"a\"");
  EXPECT_EQ(facts_text(s.not_taken[1]), "score 3 <= 10");
  EXPECT_TRUE(step_of(d, "doubled").not_taken.empty()) << "failed because label did";
  const std::string text = d.explain_text();
  EXPECT_NE(text.find("output label = error SR1013: "), std::string::npos) << text;
  EXPECT_NE(text.find("  not taken:\n    row 1 (line "), std::string::npos) << text;
  EXPECT_NE(d.explanation_json().find("\"not_taken\":[{\"branch\":\"row 1\""), std::string::npos)
      << d.explanation_json();
}

// Membership, ranges, `??`, a computed part, and the bound on how many cases are listed.
const char* const many_cases = R"(id: many
effective: {from: 2020-01-01}
inputs:
  category: {type: integer, optional: true}
  score: integer
  code: string
values:
  doubled: score * 2
outputs:
  band:
    type: enum
    values: [a, b, c, d, e, f, g, h, i, j, k, l, m]
    cases:
      - when: (category ?? 0) in [3, 4]
        then: a
      - when: score in 10..20
        then: b
      - when: score * 3 > 100
        then: c
      - when: code == "x" or code == "y"
        then: d
      - when: not (score < 50)
        then: e
      - when: score == 1
        then: f
      - when: score == 2
        then: g
      - when: score == 3
        then: h
      - when: score == 4
        then: i
      - when: score == 5
        then: j
      - when: score == 6
        then: k
      - when: score == 7
        then: l
      - otherwise: m
)";

TEST(NotTaken, MembershipRangesComputedPartsAndTheBound) {
  program prog = load_text(many_cases);
  decision d = run(prog, "2021-01-01", {{"score", "9"}, {"code", "z"}}, {.explain = true});
  ASSERT_TRUE(d.ok());
  const explanation_step& s = step_of(d, "band");
  EXPECT_EQ(s.result, value::of_enum("m"));
  ASSERT_EQ(s.not_taken.size(), 10U) << "the first 10 of 12";
  EXPECT_EQ(s.not_taken_more, 2U);
  EXPECT_EQ(s.not_taken[0].facts[0].relation, "not in");
  EXPECT_EQ(facts_text(s.not_taken[0]), "category ?? 0 0 not in [3, 4]");
  EXPECT_EQ(facts_text(s.not_taken[1]), "score 9 not in 10..20");
  EXPECT_EQ(facts_text(s.not_taken[2]), "score * 3 > 100 false")
      << "a computed operand: the part as written, not recomputed";
  EXPECT_EQ(facts_text(s.not_taken[3]), "code z != \"x\"; code z != \"y\"");
  EXPECT_EQ(facts_text(s.not_taken[4]), "score 9 < 50") << "under `not`: what held";
  const std::string text = d.explain_text();
  EXPECT_NE(text.find("    case 1 (line 14): (category ?? 0) in [3, 4]\n"
                      "      because (category ?? 0) 0 not in [3, 4]\n"),
            std::string::npos)
      << "an operand that is more than a name is in parentheses";
  EXPECT_NE(text.find("      because (score * 3 > 100) false\n"), std::string::npos) << text;
  EXPECT_NE(text.find("    case 10 (line "), std::string::npos) << text;
  EXPECT_EQ(text.find("    case 11 (line "), std::string::npos) << text;
  EXPECT_NE(text.find("    and 2 more\n"), std::string::npos) << text;
  EXPECT_NE(d.explain_text(language::da).find("    og 2 flere\n"), std::string::npos);
  EXPECT_NE(d.explanation_json().find("\"not_taken_more\":2"), std::string::npos);
}

// Literals of every kind compare as the machine compares them (dates, texts, decimals, enums).
const char* const literals = R"(id: literals
effective: {from: 2020-01-01}
inputs:
  since: date
  code: string
  amount: decimal
  kind: {type: enum, values: [low, high]}
parameters:
  max_amount: {type: decimal, value: 2.75}
outputs:
  flag:
    type: bool
    cases:
      - when: since >= 2030-01-01
        then: true
      - when: code == "x"
        then: true
      - when: amount > 2.5
        then: true
      - when: kind == high
        then: true
      - when: since in 2020-01-01..2020-12-31
        then: true
      - when: amount >= max_amount
        then: true
      - otherwise: false
)";

TEST(NotTaken, LiteralsOfEveryKind) {
  program prog = load_text(literals);
  decision d = run(prog, "2021-01-01",
                   {{"since", "2021-06-01"}, {"code", "y"}, {"amount", "1.25"}, {"kind", "low"}},
                   {.explain = true});
  ASSERT_TRUE(d.ok());
  const explanation_step& s = step_of(d, "flag");
  EXPECT_EQ(s.result, value::of_bool(false));
  ASSERT_EQ(s.not_taken.size(), 6U);
  EXPECT_EQ(facts_text(s.not_taken[0]), "since 2021-06-01 < 2030-01-01");
  EXPECT_EQ(facts_text(s.not_taken[1]), "code y != \"x\"");
  EXPECT_EQ(facts_text(s.not_taken[2]), "amount 1.25 <= 2.5");
  EXPECT_EQ(facts_text(s.not_taken[3]), "kind low != high");
  EXPECT_EQ(facts_text(s.not_taken[4]), "since 2021-06-01 not in 2020-01-01..2020-12-31");
  EXPECT_EQ(facts_text(s.not_taken[5]), "amount 1.25 < max_amount 2.75") << "a parameter";
}

// A sensitive input in a condition: which case failed would tell it, so nothing is listed.
const char* const sensitive_condition = R"(id: sensitive
effective: {from: 2020-01-01}
inputs:
  diagnosis: {type: enum, values: [none, adhd], sensitive: true}
  age: integer
outputs:
  route:
    type: enum
    values: [care, adult, none]
    cases:
      - when: diagnosis == adhd
        then: care
      - when: age >= 18
        then: adult
      - otherwise: none
  grown:
    type: enum
    values: [adult, young]
    cases:
      - when: age >= 18
        then: adult
      - otherwise: young
)";

TEST(NotTaken, NeverShowsASensitiveInput) {
  program prog = load_text(sensitive_condition);
  decision d = run(prog, "2021-01-01", {{"diagnosis", "none"}, {"age", "12"}}, {.explain = true});
  ASSERT_TRUE(d.ok());
  const explanation_step& route = step_of(d, "route");
  EXPECT_EQ(route.decided_by, "sensitive");
  EXPECT_TRUE(route.not_taken.empty());
  const std::string all = d.explain_text() + d.explain_text(language::da) + d.explanation_json();
  EXPECT_EQ(all.find("diagnosis none"), std::string::npos) << all;
  EXPECT_EQ(all.find("\"diagnosis\",\"value\""), std::string::npos) << all;
  // a rule that does not read it explains as usual
  const explanation_step& grown = step_of(d, "grown");
  ASSERT_EQ(grown.not_taken.size(), 1U);
  EXPECT_EQ(facts_text(grown.not_taken[0]), "age 12 < 18");
}

}  // namespace
