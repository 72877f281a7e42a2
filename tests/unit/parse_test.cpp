// Unit tests for parse.hpp: the syntax tree of every part of a policy and of test files.
#include "parse_support.hpp"

namespace {

// The parts of a policy

TEST(Parse, PolicyInfoAndPeriods) {
  auto r = parse_text(R"(id: copenhagen-ssp-plus
title: SSP+ in Copenhagen
jurisdiction: Københavns Kommune
version: "2009.1"
doc: What the policy does.
effective:
  - name: trial
    from: 2009-05-14
    to: 2010-12-31
    doc: The trial period.
    source: bif-2009
  - name: continuation
    from: 2011-01-01
outputs:
  x: 1
)");
  ASSERT_TRUE(r.ok()) << all_messages(r.diagnostics);
  const auto& doc = r.document;
  EXPECT_TRUE(doc.complete);
  EXPECT_EQ(doc.info.id, "copenhagen-ssp-plus");
  EXPECT_EQ(doc.info.title, "SSP+ in Copenhagen");
  EXPECT_EQ(doc.info.jurisdiction, "Københavns Kommune");
  EXPECT_EQ(doc.info.version, "2009.1");
  EXPECT_EQ(doc.info.doc, "What the policy does.");
  EXPECT_EQ(doc.info.at.line, 1U);
  EXPECT_EQ(doc.info.at.column, 5U);
  ASSERT_EQ(doc.periods.size(), 2U);
  EXPECT_EQ(doc.periods[0].name, "trial");
  EXPECT_EQ(doc.periods[0].from, day("2009-05-14"));
  EXPECT_EQ(doc.periods[0].to, day("2010-12-31"));
  EXPECT_EQ(doc.periods[0].doc, "The trial period.");
  ASSERT_EQ(doc.periods[0].sources.size(), 1U);
  EXPECT_EQ(doc.periods[0].sources[0].document, "bif-2009");
  EXPECT_EQ(doc.periods[1].name, "continuation");
  EXPECT_EQ(doc.periods[1].from, day("2011-01-01"));
  EXPECT_FALSE(doc.periods[1].to.has_value());
  EXPECT_EQ(doc.periods[1].at.line, 12U);
}

TEST(Parse, SinglePeriodMapping) {
  auto r = parse_text("id: k\neffective: {from: 2022-01-01, to: 2025-12-31}\noutputs:\n  x: 1\n");
  ASSERT_TRUE(r.ok()) << all_messages(r.diagnostics);
  ASSERT_EQ(r.document.periods.size(), 1U);
  EXPECT_EQ(r.document.periods[0].name, "");
  EXPECT_EQ(r.document.periods[0].from, day("2022-01-01"));
  EXPECT_EQ(r.document.periods[0].to, day("2025-12-31"));
}

TEST(Parse, SourcesAndCalendar) {
  auto r = parse_text(std::string(header) + R"(sources:
  bif-2009:
    title: Udmøntning af midler til SSP+
    issued_by: Beskæftigelses- og Integrationsudvalget
    date: 2009-05-14
    file: sources/copenhagen.txt
    url: https://example.org/bif
  kui-2019: Lov om kommunal ungeindsats
calendar:
  leap_day_birthday: feb_28
  missing_day: next_day
outputs:
  x: 1
)");
  ASSERT_TRUE(r.ok()) << all_messages(r.diagnostics);
  const auto& sources = r.document.sources;
  ASSERT_EQ(sources.size(), 2U);
  EXPECT_EQ(sources[0].id, "bif-2009");
  EXPECT_EQ(sources[0].title, "Udmøntning af midler til SSP+");
  EXPECT_EQ(sources[0].issued_by, "Beskæftigelses- og Integrationsudvalget");
  EXPECT_EQ(sources[0].issued, day("2009-05-14"));
  EXPECT_EQ(sources[0].file, "sources/copenhagen.txt");
  EXPECT_EQ(sources[0].url, "https://example.org/bif");
  EXPECT_EQ(sources[0].at.line, 4U);
  EXPECT_EQ(sources[1].id, "kui-2019");
  EXPECT_EQ(sources[1].title, "Lov om kommunal ungeindsats");
  EXPECT_EQ(r.document.calendar.leap_day, ssprules::leap_day_birthday::feb_28);
  EXPECT_EQ(r.document.calendar.missing, ssprules::missing_day::next_day);
}

TEST(Parse, CalendarDefaults) {
  auto r = parse_text(std::string(header) + "outputs:\n  x: 1\n");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.document.calendar, ssprules::calendar_conventions{});
}

TEST(Parse, InputsShortAndLongForm) {
  auto r = parse_text(std::string(header) + R"(inputs:
  birth_date: date
  category: {type: integer, min: 1, max: 4, optional: true}
  assessed: {type: bool, default: false}
  benefit_status:
    type: enum
    values: [recipient, self_supporting]
    doc: Ydelsesmodtager or selvforsørger.
    source: {doc: bif-2009, section: Triangelmodellen}
  signal:
    values: [politiet, skat]
    optional: true
  amount: {type: decimal, default: 1.5}
  note: string
outputs:
  x: 1
)");
  ASSERT_TRUE(r.ok()) << all_messages(r.diagnostics);
  const auto& in = r.document.inputs;
  ASSERT_EQ(in.size(), 7U);
  EXPECT_EQ(in[0].name, "birth_date");
  EXPECT_EQ(in[0].type.name, "date");
  EXPECT_FALSE(in[0].optional);
  EXPECT_FALSE(in[0].default_value.has_value());
  EXPECT_EQ(in[0].at.line, 4U);
  EXPECT_EQ(in[0].at.column, 3U);

  EXPECT_EQ(in[1].name, "category");
  EXPECT_EQ(in[1].type.name, "integer");
  EXPECT_EQ(in[1].type.min, 1);
  EXPECT_EQ(in[1].type.max, 4);
  EXPECT_TRUE(in[1].optional);

  EXPECT_EQ(in[2].type.name, "bool");
  ASSERT_TRUE(in[2].default_value.has_value());
  EXPECT_EQ(in[2].default_value->kind, expr_kind::boolean);
  EXPECT_EQ(in[2].default_value->text, "false");
  EXPECT_TRUE(in[2].optional) << "a default implies optional";

  EXPECT_EQ(in[3].type.name, "enum");
  EXPECT_EQ(in[3].type.values, (std::vector<std::string>{"recipient", "self_supporting"}));
  ASSERT_EQ(in[3].type.value_spans.size(), 2U);
  EXPECT_EQ(in[3].type.value_spans[1].line, 9U);
  EXPECT_EQ(in[3].type.value_spans[1].column, 25U);
  EXPECT_EQ(in[3].doc, "Ydelsesmodtager or selvforsørger.");
  ASSERT_EQ(in[3].sources.size(), 1U);
  EXPECT_EQ(in[3].sources[0].document, "bif-2009");
  EXPECT_EQ(in[3].sources[0].section, "Triangelmodellen");

  EXPECT_EQ(in[4].type.name, "enum") << "`values` alone implies an enum";
  EXPECT_EQ(in[4].type.values, (std::vector<std::string>{"politiet", "skat"}));
  EXPECT_TRUE(in[4].optional);

  EXPECT_EQ(in[5].type.name, "decimal");
  ASSERT_TRUE(in[5].default_value.has_value());
  EXPECT_EQ(in[5].default_value->kind, expr_kind::decimal);
  EXPECT_EQ(in[5].default_value->text, "1.5");

  EXPECT_EQ(in[6].type.name, "string");
}

TEST(Parse, TypeAliases) {
  auto r = parse_text(std::string(header) + "inputs:\n  a: boolean\n  b: int\noutputs:\n  x: 1\n");
  ASSERT_TRUE(r.ok()) << all_messages(r.diagnostics);
  EXPECT_EQ(r.document.inputs[0].type.name, "bool");
  EXPECT_EQ(r.document.inputs[1].type.name, "integer");
}

TEST(Parse, ParametersShortAndWithChanges) {
  auto r = parse_text(std::string(header) + R"(parameters:
  total_budget: 1000000
  self_supporting_route:
    type: enum
    values: [uu, kui]
    value: uu
    source: {doc: bif-2009, section: Triangelmodellen}
    changes:
      - from: 2019-08-01
        value: kui
        source: {doc: kui-2019}
  outreach: outreach_base + 35000
outputs:
  x: 1
)");
  ASSERT_TRUE(r.ok()) << all_messages(r.diagnostics);
  const auto& ps = r.document.parameters;
  ASSERT_EQ(ps.size(), 3U);
  EXPECT_EQ(ps[0].name, "total_budget");
  EXPECT_FALSE(ps[0].type.has_value());
  ASSERT_EQ(ps[0].changes.size(), 1U);
  EXPECT_FALSE(ps[0].changes[0].from.has_value());
  EXPECT_EQ(ps[0].changes[0].value.kind, expr_kind::integer);
  EXPECT_EQ(ps[0].changes[0].value.text, "1000000");

  EXPECT_EQ(ps[1].name, "self_supporting_route");
  ASSERT_TRUE(ps[1].type.has_value());
  EXPECT_EQ(ps[1].type->name, "enum");
  EXPECT_EQ(ps[1].type->values, (std::vector<std::string>{"uu", "kui"}));
  ASSERT_EQ(ps[1].changes.size(), 2U);
  EXPECT_FALSE(ps[1].changes[0].from.has_value());
  EXPECT_EQ(sexpr(ps[1].changes[0].value), "uu");
  EXPECT_EQ(ps[1].changes[1].from, day("2019-08-01"));
  EXPECT_EQ(sexpr(ps[1].changes[1].value), "kui");
  ASSERT_EQ(ps[1].changes[1].sources.size(), 1U);
  EXPECT_EQ(ps[1].changes[1].sources[0].document, "kui-2019");
  // `source:` beside `value:` cites that value (and so the parameter until it changes)
  EXPECT_TRUE(ps[1].sources.empty());
  ASSERT_EQ(ps[1].changes[0].sources.size(), 1U);
  EXPECT_EQ(ps[1].changes[0].sources[0].section, "Triangelmodellen");
  EXPECT_EQ(ps[1].changes[1].at.line, 11U);

  EXPECT_EQ(sexpr(ps[2].changes[0].value), "(+ outreach_base 35000)");
}

TEST(Parse, RuleAsShortExpression) {
  auto r = parse_text(std::string(header) +
                      "values:\n  helper: 2\noutputs:\n  eligible: phase != none\n");
  ASSERT_TRUE(r.ok()) << all_messages(r.diagnostics);
  ASSERT_EQ(r.document.rules.size(), 2U);
  const rule_decl& helper = r.document.rules[0];
  EXPECT_EQ(helper.role, ssprules::rule_role::value);
  const rule_decl& eligible = r.document.rules[1];
  EXPECT_EQ(eligible.name, "eligible");
  EXPECT_EQ(eligible.role, ssprules::rule_role::output);
  EXPECT_FALSE(eligible.type.has_value());
  EXPECT_FALSE(eligible.versioned);
  ASSERT_EQ(eligible.versions.size(), 1U);
  EXPECT_EQ(eligible.versions[0].body.form, ssprules::body_form::expression);
  EXPECT_EQ(sexpr(eligible.versions[0].body.expression), "(!= phase none)");
  EXPECT_EQ(eligible.versions[0].body.expression.at.line, 6U);
  EXPECT_EQ(eligible.versions[0].body.expression.at.column, 13U);
  EXPECT_EQ(eligible.versions[0].body.expression.at.length, 13U);
}

TEST(Parse, RuleWithTypeAndExpr) {
  auto r = parse_text(std::string(header) + R"(outputs:
  plan_deadline:
    type: date
    expr: add_months(birth_date, 210)
    doc: The day the young person turns 17½.
    source:
      doc: bif-2009
      quote: når den unge fylder 17½ år
  band:
    type: integer
    min: 0
    max: 9
    expr: 3
)");
  ASSERT_TRUE(r.ok()) << all_messages(r.diagnostics);
  const rule_decl* rule = find_rule(r.document, "plan_deadline");
  ASSERT_NE(rule, nullptr);
  ASSERT_TRUE(rule->type.has_value());
  EXPECT_EQ(rule->type->name, "date");
  EXPECT_EQ(rule->doc, "The day the young person turns 17½.");
  ASSERT_EQ(rule->sources.size(), 1U);
  EXPECT_EQ(rule->sources[0].quote, "når den unge fylder 17½ år");
  EXPECT_EQ(sexpr(rule->versions[0].body.expression), "add_months(birth_date 210)");
  const rule_decl* band = find_rule(r.document, "band");
  ASSERT_NE(band, nullptr);
  EXPECT_EQ(band->type->min, 0);
  EXPECT_EQ(band->type->max, 9);
}

TEST(Parse, RuleAsCases) {
  auto r = parse_text(std::string(header) + R"(outputs:
  phase:
    type: enum
    values: [triangle, ssp_plus, none]
    cases:
      - when: target_group and age == 17
        then: triangle
        doc: From the 17th birthday.
        source: bif-2009
      - when: target_group and age in 18..23
        then: ssp_plus
      - otherwise: none
)");
  ASSERT_TRUE(r.ok()) << all_messages(r.diagnostics);
  const rule_decl* rule = find_rule(r.document, "phase");
  ASSERT_NE(rule, nullptr);
  EXPECT_EQ(rule->type->values, (std::vector<std::string>{"triangle", "ssp_plus", "none"}));
  const auto& body = rule->versions[0].body;
  EXPECT_EQ(body.form, ssprules::body_form::cases);
  ASSERT_EQ(body.cases.size(), 3U);
  ASSERT_TRUE(body.cases[0].when.has_value());
  EXPECT_EQ(sexpr(*body.cases[0].when), "(and target_group (== age 17))");
  EXPECT_EQ(sexpr(body.cases[0].then), "triangle");
  EXPECT_EQ(body.cases[0].doc, "From the 17th birthday.");
  EXPECT_EQ(body.cases[0].sources.size(), 1U);
  EXPECT_EQ(body.cases[0].at.line, 8U);
  EXPECT_EQ(sexpr(*body.cases[1].when), "(and target_group (in age 18..23))");
  EXPECT_FALSE(body.cases[2].when.has_value()) << "otherwise has no `when`";
  EXPECT_EQ(sexpr(body.cases[2].then), "none");
}

TEST(Parse, RuleAsTable) {
  auto r = parse_text(std::string(header) + R"(outputs:
  route:
    type: enum
    values: [jobcenter, uu, none]
    table:
      hit: unique
      columns: [eligible, benefit_status]
      rows:
        - when: [false, any]
          then: none
        - when: [true, recipient]
          then: jobcenter
          doc: Jobcenter København.
          source: bif-2009
        - when: [true, self_supporting]
          then: self_supporting_route
      otherwise: none
  total:
    table:
      hit: collect
      aggregate: sum
      columns: [x]
      rows:
        - when: [any]
          then: 1
)");
  ASSERT_TRUE(r.ok()) << all_messages(r.diagnostics);
  const rule_decl* rule = find_rule(r.document, "route");
  ASSERT_NE(rule, nullptr);
  const auto& body = rule->versions[0].body;
  EXPECT_EQ(body.form, ssprules::body_form::table);
  const auto& table = body.table;
  EXPECT_EQ(table.hit, ssprules::hit_policy::unique);
  EXPECT_EQ(table.hit_at.line, 8U);
  EXPECT_EQ(table.hit_at.column, 12U);
  ASSERT_EQ(table.columns.size(), 2U);
  EXPECT_EQ(sexpr(table.columns[0]), "eligible");
  EXPECT_EQ(sexpr(table.columns[1]), "benefit_status");
  ASSERT_EQ(table.rows.size(), 3U);
  ASSERT_EQ(table.rows[0].when.size(), 2U);
  EXPECT_EQ(table.rows[0].when[0].kind, cell_kind::compare);
  EXPECT_EQ(table.rows[0].when[0].op, expr_op::eq);
  EXPECT_EQ(sexpr(table.rows[0].when[0].operands[0]), "false");
  EXPECT_EQ(table.rows[0].when[1].kind, cell_kind::any);
  EXPECT_EQ(sexpr(table.rows[1].then), "jobcenter");
  EXPECT_EQ(table.rows[1].doc, "Jobcenter København.");
  EXPECT_EQ(table.rows[1].sources.size(), 1U);
  EXPECT_EQ(table.rows[1].at.line, 13U);
  EXPECT_EQ(sexpr(table.rows[2].then), "self_supporting_route");
  ASSERT_TRUE(table.otherwise.has_value());
  EXPECT_EQ(sexpr(*table.otherwise), "none");

  const rule_decl* total = find_rule(r.document, "total");
  ASSERT_NE(total, nullptr);
  EXPECT_EQ(total->versions[0].body.table.hit, ssprules::hit_policy::collect);
  EXPECT_EQ(total->versions[0].body.table.aggregate, ssprules::aggregate_kind::sum);
}

TEST(Parse, TableCellsOfEachKind) {
  auto r = parse_text(std::string(header) + R"(outputs:
  x:
    table:
      hit: first
      columns: [a, b, c, d, e, f]
      rows:
        - when: [any, "-", ">= 18", 17..23, [3, 4], recipient]
          then: 1
        - when: ["!= 3", "< 2019-08-01", "<= 2", "> 1.5", "2..4", 7]
          then: 2
)");
  ASSERT_TRUE(r.ok()) << all_messages(r.diagnostics);
  const auto& rows = find_rule(r.document, "x")->versions[0].body.table.rows;
  ASSERT_EQ(rows.size(), 2U);
  const auto& c = rows[0].when;
  ASSERT_EQ(c.size(), 6U);
  EXPECT_EQ(c[0].kind, cell_kind::any);
  EXPECT_TRUE(c[0].operands.empty());
  EXPECT_EQ(c[1].kind, cell_kind::any);
  EXPECT_EQ(c[2].kind, cell_kind::compare);
  EXPECT_EQ(c[2].op, expr_op::ge);
  ASSERT_EQ(c[2].operands.size(), 1U);
  EXPECT_EQ(sexpr(c[2].operands[0]), "18");
  EXPECT_EQ(c[3].kind, cell_kind::range);
  ASSERT_EQ(c[3].operands.size(), 2U);
  EXPECT_EQ(sexpr(c[3].operands[0]), "17");
  EXPECT_EQ(sexpr(c[3].operands[1]), "23");
  EXPECT_EQ(c[4].kind, cell_kind::one_of);
  ASSERT_EQ(c[4].operands.size(), 2U);
  EXPECT_EQ(sexpr(c[4].operands[0]), "3");
  EXPECT_EQ(sexpr(c[4].operands[1]), "4");
  EXPECT_EQ(c[5].kind, cell_kind::compare);
  EXPECT_EQ(c[5].op, expr_op::eq);
  EXPECT_EQ(sexpr(c[5].operands[0]), "recipient");
  // positions of cells
  EXPECT_EQ(c[2].at.line, 9U);
  EXPECT_EQ(c[2].at.column, 29U);  // inside the quotes: `>= 18`
  EXPECT_EQ(c[2].at.length, 5U);
  EXPECT_EQ(c[3].at.column, 37U);

  const auto& d = rows[1].when;
  EXPECT_EQ(d[0].op, expr_op::ne);
  EXPECT_EQ(d[1].op, expr_op::lt);
  EXPECT_EQ(d[1].operands[0].kind, expr_kind::date);
  EXPECT_EQ(d[2].op, expr_op::le);
  EXPECT_EQ(d[3].op, expr_op::gt);
  EXPECT_EQ(d[3].operands[0].kind, expr_kind::decimal);
  EXPECT_EQ(d[4].kind, cell_kind::range);
  EXPECT_EQ(d[5].kind, cell_kind::compare);
  EXPECT_EQ(sexpr(d[5].operands[0]), "7");
}

TEST(Parse, RuleWithVersions) {
  auto r = parse_text(std::string(header) + R"(outputs:
  target_group:
    type: bool
    versions:
      - period: trial
        expr: registered or assessed
        source: bif-2009
      - from: 2011-01-01
        to: 2030-12-31
        expr: registered
      - from: 2031-01-01
        cases:
          - when: registered
            then: true
          - otherwise: false
)");
  ASSERT_TRUE(r.ok()) << all_messages(r.diagnostics);
  const rule_decl* rule = find_rule(r.document, "target_group");
  ASSERT_NE(rule, nullptr);
  EXPECT_TRUE(rule->versioned);
  ASSERT_EQ(rule->versions.size(), 3U);
  EXPECT_EQ(rule->versions[0].period, "trial");
  EXPECT_FALSE(rule->versions[0].from.has_value());
  EXPECT_EQ(sexpr(rule->versions[0].body.expression), "(or registered assessed)");
  EXPECT_EQ(rule->versions[0].sources.size(), 1U);
  EXPECT_EQ(rule->versions[1].period, "");
  EXPECT_EQ(rule->versions[1].from, day("2011-01-01"));
  EXPECT_EQ(rule->versions[1].to, day("2030-12-31"));
  EXPECT_EQ(rule->versions[2].body.form, ssprules::body_form::cases);
  EXPECT_EQ(rule->versions[2].body.cases.size(), 2U);
  EXPECT_FALSE(rule->versions[2].to.has_value());
}

TEST(Parse, CitationsAsIdMappingAndList) {
  auto r = parse_text(std::string(header) + R"(outputs:
  a:
    expr: 1
    source: bif-2009
  b:
    expr: 2
    source: {doc: bif-2009, section: Triangelmodellen, quote: "når denne fylder 17 år"}
  c:
    expr: 3
    source:
      - kui-2019
      - doc: bif-2009
        section: Problemstilling
)");
  ASSERT_TRUE(r.ok()) << all_messages(r.diagnostics);
  const auto& a = find_rule(r.document, "a")->sources;
  ASSERT_EQ(a.size(), 1U);
  EXPECT_EQ(a[0].document, "bif-2009");
  EXPECT_EQ(a[0].section, "");
  EXPECT_EQ(a[0].at.line, 6U);
  EXPECT_EQ(a[0].at.column, 13U);
  const auto& b = find_rule(r.document, "b")->sources;
  ASSERT_EQ(b.size(), 1U);
  EXPECT_EQ(b[0].document, "bif-2009");
  EXPECT_EQ(b[0].section, "Triangelmodellen");
  EXPECT_EQ(b[0].quote, "når denne fylder 17 år");
  const auto& c = find_rule(r.document, "c")->sources;
  ASSERT_EQ(c.size(), 2U);
  EXPECT_EQ(c[0].document, "kui-2019");
  EXPECT_EQ(c[1].document, "bif-2009");
  EXPECT_EQ(c[1].section, "Problemstilling");
}

TEST(Parse, CitationMappingNeedsDoc) {
  auto r =
      parse_text(std::string(header) + "outputs:\n  a:\n    expr: 1\n    source: {section: x}\n");
  EXPECT_FALSE(r.ok());
  EXPECT_DIAGNOSTIC_AT(r, "SR0102", 6, 13);
}

TEST(Parse, AssertionsParse) {
  auto r = parse_text(std::string(header) + R"(parameters:
  a: 1
assertions:
  - name: adds_up
    assert: a + a == 2
    message: the lines must add up
    source: bif-2009
  - assert: a > 0
outputs:
  x: 1
)");
  ASSERT_TRUE(r.ok()) << all_messages(r.diagnostics);
  ASSERT_EQ(r.document.assertions.size(), 2U);
  EXPECT_EQ(r.document.assertions[0].name, "adds_up");
  EXPECT_EQ(sexpr(r.document.assertions[0].condition), "(== (+ a a) 2)");
  EXPECT_EQ(r.document.assertions[0].message, "the lines must add up");
  EXPECT_EQ(r.document.assertions[0].sources.size(), 1U);
  EXPECT_EQ(r.document.assertions[1].name, "assertion 2");
}

TEST(Parse, InlineTestsAsList) {
  auto r = parse_text(std::string(header) + R"(outputs:
  x: 1
tests:
  - name: a registered recipient
    as_of: 2025-03-15
    input: {birth_date: 2008-03-15, category: 4, id: "0042", note: "3", plan: ~, other: null}
    expect:
      age: 17
      phase: triangle
      plan_status: null
  - name: not in force
    as_of: 2009-05-13
    input: {birth_date: 1992-01-01}
    error: SR1006
  - name: with a message
    as_of: 2009-05-13
    input: {}
    error: {code: SR1006, message: not in force}
)");
  ASSERT_TRUE(r.ok()) << all_messages(r.diagnostics);
  const auto& tests = r.document.tests;
  EXPECT_FALSE(r.document.tests_as_of.has_value());
  ASSERT_EQ(tests.size(), 3U);
  EXPECT_EQ(tests[0].name, "a registered recipient");
  EXPECT_EQ(tests[0].as_of, day("2025-03-15"));
  EXPECT_EQ(tests[0].at.line, 6U);
  const auto& input = tests[0].input;
  ASSERT_EQ(input.size(), 6U);
  EXPECT_EQ(input[0].name, "birth_date");
  EXPECT_EQ(input[0].value.text, "2008-03-15");
  EXPECT_FALSE(input[0].value.quoted);
  EXPECT_FALSE(input[0].value.null);
  EXPECT_EQ(input[1].value.text, "4");
  EXPECT_EQ(input[2].name, "id");
  EXPECT_EQ(input[2].value.text, "0042");
  EXPECT_TRUE(input[2].value.quoted);
  EXPECT_EQ(input[3].value.text, "3");
  EXPECT_TRUE(input[3].value.quoted) << "\"3\" is a string";
  EXPECT_TRUE(input[4].value.null) << "~ is absent";
  EXPECT_TRUE(input[5].value.null) << "null is absent";
  ASSERT_EQ(tests[0].expect.size(), 3U);
  EXPECT_EQ(tests[0].expect[1].name, "phase");
  EXPECT_EQ(tests[0].expect[1].value.text, "triangle");
  EXPECT_TRUE(tests[0].expect[2].value.null);
  EXPECT_FALSE(tests[0].error.has_value());

  ASSERT_TRUE(tests[1].error.has_value());
  EXPECT_EQ(tests[1].error->code, "SR1006");
  EXPECT_EQ(tests[1].error->message, "");
  EXPECT_TRUE(tests[1].expect.empty());
  ASSERT_TRUE(tests[2].error.has_value());
  EXPECT_EQ(tests[2].error->code, "SR1006");
  EXPECT_EQ(tests[2].error->message, "not in force");
  EXPECT_TRUE(tests[2].input.empty());
}

TEST(Parse, InlineTestsWithSharedAsOf) {
  auto r = parse_text(std::string(header) + R"(outputs:
  x: 1
tests:
  as_of: 2025-03-01
  cases:
    - name: one
      input: {a: 1}
      expect: {x: 1}
    - name: two
      as_of: 2024-01-01
      input: {a: 2}
      expect: {x: 1}
)");
  ASSERT_TRUE(r.ok()) << all_messages(r.diagnostics);
  EXPECT_EQ(r.document.tests_as_of, day("2025-03-01"));
  ASSERT_EQ(r.document.tests.size(), 2U);
  EXPECT_FALSE(r.document.tests[0].as_of.has_value());
  EXPECT_EQ(r.document.tests[1].as_of, day("2024-01-01"));
}

TEST(Parse, TestNeedsNameAndExpectation) {
  auto r = parse_text(std::string(header) + R"(outputs:
  x: 1
tests:
  - as_of: 2025-03-01
    expect: {x: 1}
  - name: nothing
    as_of: 2025-03-01
  - name: both
    as_of: 2025-03-01
    expect: {x: 1}
    error: SR1006
)");
  EXPECT_FALSE(r.ok());
  std::string text = all_messages(r.diagnostics);
  EXPECT_NE(text.find("rules.yaml:6:5: error[SR0102]: a test needs a `name`"), std::string::npos)
      << text;
  EXPECT_NE(text.find("test `nothing` expects nothing"), std::string::npos) << text;
  EXPECT_NE(text.find("rules.yaml:13:12: error[SR0107]: test `both` has both `expect` and `error`"),
            std::string::npos)
      << text;
}

TEST(Parse, TestFile) {
  auto src = source::from_string("ssp-plus.test.yaml", R"(# tests of the Copenhagen policy
policy: ssp-plus.yaml
as_of: 2025-03-01
tests:
  - name: born on 29 February, 17 on 1 March
    input: {birth_date: 2008-02-29, category: 3, benefit_status: recipient}
    expect: {age: 17, phase: triangle, plan_deadline: 2025-08-29}
  - name: old
    as_of: 2009-05-13
    input: {birth_date: 1992-01-01}
    error: SR1006
)");
  EXPECT_TRUE(ssprules::looks_like_test_file(*src));
  auto r = ssprules::parse_test_file(src);
  ASSERT_TRUE(r.ok()) << all_messages(r.diagnostics);
  EXPECT_EQ(r.tests.policy, "ssp-plus.yaml");
  EXPECT_EQ(r.tests.policy_at.line, 2U);
  EXPECT_EQ(r.tests.policy_at.column, 9U);
  EXPECT_EQ(r.tests.as_of, day("2025-03-01"));
  ASSERT_EQ(r.tests.tests.size(), 2U);
  EXPECT_EQ(r.tests.tests[0].name, "born on 29 February, 17 on 1 March");
  EXPECT_FALSE(r.tests.tests[0].as_of.has_value());
  EXPECT_EQ(r.tests.tests[0].expect.size(), 3U);
  EXPECT_EQ(r.tests.tests[0].expect[2].value.text, "2025-08-29");
  EXPECT_EQ(r.tests.tests[1].error->code, "SR1006");
  EXPECT_EQ(r.tests.file, src);
}

TEST(Parse, TestFileNeedsPolicy) {
  auto src = source::from_string("x.test.yaml", "as_of: 2025-03-01\ntests: []\n");
  auto r = ssprules::parse_test_file(src);
  EXPECT_FALSE(r.ok());
  ASSERT_NE(find_code(r.diagnostics, "SR0102"), nullptr);
  EXPECT_NE(find_code(r.diagnostics, "SR0102")->message.find("`policy`"), std::string::npos);
}

TEST(Parse, TestFileUnknownKey) {
  auto src = source::from_string("x.test.yaml", "policy: a.yaml\ntest: []\n");
  auto r = ssprules::parse_test_file(src);
  EXPECT_DIAGNOSTIC_AT(r, "SR0101", 2, 1);
  EXPECT_NE(ssprules::render(r.diagnostics).find("did you mean `tests`?"), std::string::npos);
}

TEST(Parse, LooksLikeTestFile) {
  EXPECT_FALSE(ssprules::looks_like_test_file(*source::from_string("p", "id: x\noutputs: {}\n")));
  EXPECT_TRUE(ssprules::looks_like_test_file(*source::from_string("t", "# c\npolicy: p.yaml\n")));
}

// ---------------------------------------------------------------------------------------------

}  // namespace
