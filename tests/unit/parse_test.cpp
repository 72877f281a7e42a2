// Unit tests for parse.hpp: the syntax tree of every construct of a policy and of test files,
// the expression grammar (precedence, associativity), and the diagnostics for broken or hostile
// input with their exact positions.
#include "ssprules/parse.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "test_support.hpp"

namespace {

using ssprules::cell_kind;
using ssprules::date;
using ssprules::diagnostic;
using ssprules::expr;
using ssprules::expr_kind;
using ssprules::expr_op;
using ssprules::parse_options;
using ssprules::parse_result;
using ssprules::rule_decl;
using ssprules::source;
using ssprules::test_support::day;

parse_result parse_text(std::string text, const parse_options& opts = {}) {
  return ssprules::parse(source::from_string("rules.yaml", std::move(text)), opts);
}

// The first diagnostic with `code`, or nullptr.
const diagnostic* find_code(const std::vector<diagnostic>& ds, std::string_view code) {
  for (const diagnostic& d : ds) {
    if (d.code == code) return &d;
  }
  return nullptr;
}

std::string all_messages(const std::vector<diagnostic>& ds) { return ssprules::render(ds); }

// An expression as an S-expression: `(or a (and b c))`.
std::string sexpr(const expr& e) {
  switch (e.kind) {
    case expr_kind::boolean:
    case expr_kind::integer:
    case expr_kind::decimal:
    case expr_kind::date:
    case expr_kind::name:
      return e.text;
    case expr_kind::string:
      return "\"" + e.text + "\"";
    case expr_kind::call: {
      std::string out = e.text + "(";
      for (std::size_t i = 0; i < e.args.size(); ++i) out += (i ? " " : "") + sexpr(e.args[i]);
      return out + ")";
    }
    case expr_kind::unary:
      return std::string("(") + (e.op == expr_op::not_ ? "not " : "neg ") + sexpr(e.args[0]) + ")";
    case expr_kind::binary:
    case expr_kind::membership:
      return std::string("(") + ssprules::to_string(e.op) + " " + sexpr(e.args[0]) + " " +
             sexpr(e.args[1]) + ")";
    case expr_kind::list: {
      std::string out = "[";
      for (std::size_t i = 0; i < e.args.size(); ++i) out += (i ? " " : "") + sexpr(e.args[i]);
      return out + "]";
    }
    case expr_kind::range:
      return sexpr(e.args[0]) + ".." + sexpr(e.args[1]);
    case expr_kind::conditional:
      return "(if " + sexpr(e.args[0]) + " " + sexpr(e.args[1]) + " " + sexpr(e.args[2]) + ")";
  }
  return "?";
}

// Parses text as one expression; "" and a failure when it does not parse.
std::string parse_expr(const std::string& text) {
  auto r = ssprules::parse_expression(source::from_string("expr", text));
  EXPECT_TRUE(r.expression.has_value()) << text << "\n" << all_messages(r.diagnostics);
  EXPECT_TRUE(r.diagnostics.empty()) << all_messages(r.diagnostics);
  return r.expression ? sexpr(*r.expression) : "";
}

// The one diagnostic of an expression that does not parse.
diagnostic expr_error(const std::string& text) {
  auto r = ssprules::parse_expression(source::from_string("expr", text));
  EXPECT_FALSE(r.expression.has_value()) << text;
  EXPECT_EQ(r.diagnostics.size(), 1U) << all_messages(r.diagnostics);
  return r.diagnostics.empty() ? diagnostic{} : r.diagnostics.front();
}

const rule_decl* find_rule(const ssprules::rule_document& doc, std::string_view name) {
  for (const rule_decl& r : doc.rules) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

// Expects exactly one error with `code` at line:column.
#define EXPECT_DIAGNOSTIC_AT(result, code_, line_, column_)            \
  do {                                                                 \
    const diagnostic* found_ = find_code((result).diagnostics, code_); \
    ASSERT_NE(found_, nullptr) << "no " << code_ << " in:\n"           \
                               << all_messages((result).diagnostics);  \
    EXPECT_EQ(found_->at.line, static_cast<std::uint32_t>(line_))      \
        << all_messages((result).diagnostics);                         \
    EXPECT_EQ(found_->at.column, static_cast<std::uint32_t>(column_))  \
        << all_messages((result).diagnostics);                         \
  } while (false)

const char* const header = "id: t\neffective: {from: 2020-01-01}\n";

// ---------------------------------------------------------------------------------------------
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
// Expressions: literals, precedence, associativity

TEST(Expression, Literals) {
  EXPECT_EQ(parse_expr("42"), "42");
  EXPECT_EQ(parse_expr("1.5"), "1.5");
  EXPECT_EQ(parse_expr("true"), "true");
  EXPECT_EQ(parse_expr("2019-08-01"), "2019-08-01");
  EXPECT_EQ(parse_expr("\"text\""), "\"text\"");
  EXPECT_EQ(parse_expr("'text'"), "\"text\"");
  EXPECT_EQ(parse_expr(R"("say \"hi\"\n")"), "\"say \"hi\"\n\"");
  auto r = ssprules::parse_expression(source::from_string("e", "2019-08-01"));
  ASSERT_TRUE(r.expression.has_value());
  EXPECT_EQ(r.expression->kind, expr_kind::date);
  r = ssprules::parse_expression(source::from_string("e", "1.25"));
  EXPECT_EQ(r.expression->kind, expr_kind::decimal);
  r = ssprules::parse_expression(source::from_string("e", "'x'"));
  EXPECT_EQ(r.expression->kind, expr_kind::string);
  EXPECT_EQ(r.expression->text, "x");
}

TEST(Expression, OrBindsLooserThanAnd) {
  EXPECT_EQ(parse_expr("a or b and c"), "(or a (and b c))");
  EXPECT_EQ(parse_expr("a and b or c"), "(or (and a b) c)");
  EXPECT_EQ(parse_expr("a or b or c"), "(or (or a b) c)");
}

TEST(Expression, NotBindsLooserThanComparison) {
  EXPECT_EQ(parse_expr("not a == b"), "(not (== a b))");
  EXPECT_EQ(parse_expr("not a and b"), "(and (not a) b)");
  EXPECT_EQ(parse_expr("not not a"), "(not (not a))");
}

TEST(Expression, CoalesceIsRightAssociative) {
  EXPECT_EQ(parse_expr("a ?? b ?? c"), "(?? a (?? b c))");
  EXPECT_EQ(parse_expr("a ?? 0 + 1"), "(?? a (+ 0 1))");
  EXPECT_EQ(parse_expr("a == b ?? c"), "(== a (?? b c))");
  EXPECT_EQ(parse_expr("(category ?? 0) in [3, 4]"), "(in (?? category 0) [3 4])");
}

TEST(Expression, ArithmeticPrecedenceAndLeftAssociativity) {
  EXPECT_EQ(parse_expr("1 + 2 * 3"), "(+ 1 (* 2 3))");
  EXPECT_EQ(parse_expr("(1 + 2) * 3"), "(* (+ 1 2) 3)");
  EXPECT_EQ(parse_expr("a - b - c"), "(- (- a b) c)");
  EXPECT_EQ(parse_expr("a / b * c"), "(* (/ a b) c)");
  EXPECT_EQ(parse_expr("-a * 2"), "(* (neg a) 2)");
  EXPECT_EQ(parse_expr("- -a"), "(neg (neg a))");
  EXPECT_EQ(parse_expr("1 + 2 < 4"), "(< (+ 1 2) 4)");
}

TEST(Expression, Membership) {
  EXPECT_EQ(parse_expr("x in 17..23"), "(in x 17..23)");
  EXPECT_EQ(parse_expr("x in [3, 4]"), "(in x [3 4])");
  EXPECT_EQ(parse_expr("x not in [3, 4,]"), "(not in x [3 4])");
  EXPECT_EQ(parse_expr("x in a + 1..b - 1"), "(in x (+ a 1)..(- b 1))");
  EXPECT_EQ(parse_expr("x in 17..23 and y"), "(and (in x 17..23) y)");
  EXPECT_EQ(parse_expr("x in []"), "(in x [])");
}

TEST(Expression, Conditional) {
  EXPECT_EQ(parse_expr("if a then b else c"), "(if a b c)");
  EXPECT_EQ(parse_expr("if a or b then 1 + 2 else if c then 3 else 4"),
            "(if (or a b) (+ 1 2) (if c 3 4))");
}

TEST(Expression, Calls) {
  EXPECT_EQ(parse_expr("age(birth_date, as_of)"), "age(birth_date as_of)");
  EXPECT_EQ(parse_expr("max(a, b, c + 1)"), "max(a b (+ c 1))");
  EXPECT_EQ(parse_expr("present(x) and x > 1"), "(and present(x) (> x 1))");
  EXPECT_EQ(parse_expr("f()"), "f()");
}

TEST(Expression, SpansCoverTheirText) {
  auto r = ssprules::parse_expression(source::from_string("e", "a or b and c"));
  ASSERT_TRUE(r.expression.has_value());
  const expr& top = *r.expression;
  EXPECT_EQ(top.at.column, 1U);
  EXPECT_EQ(top.at.length, 12U);
  const expr& right = top.args[1];
  EXPECT_EQ(right.at.column, 6U);
  EXPECT_EQ(right.at.length, 7U);
  EXPECT_EQ(right.args[1].at.column, 12U);
  EXPECT_EQ(right.args[1].at.length, 1U);
}

// ---------------------------------------------------------------------------------------------
// Expression errors

TEST(ExpressionError, ChainedComparison) {
  diagnostic d = expr_error("a < b < c");
  EXPECT_EQ(d.code, "SR0201");
  EXPECT_NE(d.message.find("cannot be chained"), std::string::npos) << d.message;
  EXPECT_EQ(d.at.column, 7U);
  d = expr_error("a == b in [1]");
  EXPECT_NE(d.message.find("cannot be chained"), std::string::npos) << d.message;
  d = expr_error("x in [1] == true");
  EXPECT_NE(d.message.find("cannot be chained"), std::string::npos) << d.message;
}

TEST(ExpressionError, SingleEqualsSign) {
  diagnostic d = expr_error("age = 17");
  EXPECT_EQ(d.code, "SR0201");
  EXPECT_EQ(d.message, "`=` is not an operator; write `==` to compare");
  EXPECT_EQ(d.at.column, 5U);
  EXPECT_EQ(d.at.length, 1U);
}

TEST(ExpressionError, CStyleOperators) {
  diagnostic d = expr_error("a && b");
  EXPECT_EQ(d.message, "`&` is not an operator; write `and`");
  EXPECT_EQ(d.at.column, 3U);
  EXPECT_EQ(d.at.length, 2U);
  d = expr_error("a || b");
  EXPECT_EQ(d.message, "`|` is not an operator; write `or`");
  d = expr_error("!a");
  EXPECT_EQ(d.message, "`!` is not an operator; write `not`");
  d = expr_error("a <> b");
  EXPECT_EQ(d.message, "`<>` is not an operator; write `!=`");
}

TEST(ExpressionError, UnterminatedString) {
  diagnostic d = expr_error("name == \"abc");
  EXPECT_EQ(d.code, "SR0201");
  EXPECT_EQ(d.message, "string is not closed: a closing \" is missing");
  EXPECT_EQ(d.at.column, 9U);
  d = expr_error("name == 'abc");
  EXPECT_EQ(d.message, "string is not closed: a closing ' is missing");
}

TEST(ExpressionError, UnknownEscape) {
  diagnostic d = expr_error(R"(x == "a\qb")");
  EXPECT_NE(d.message.find("unknown escape `\\q`"), std::string::npos) << d.message;
  EXPECT_EQ(d.at.column, 6U);  // from the opening quote to the escape
  EXPECT_EQ(d.at.length, 4U);
}

TEST(ExpressionError, InvalidDateLiteral) {
  diagnostic d = expr_error("birth_date < 2017-02-30");
  EXPECT_EQ(d.message, "`2017-02-30` is not a valid date");
  EXPECT_EQ(d.at.column, 14U);
  EXPECT_EQ(d.at.length, 10U);
  d = expr_error("2019-02-29");
  EXPECT_EQ(d.message, "`2019-02-29` is not a valid date");
}

TEST(ExpressionError, UnbalancedParentheses) {
  diagnostic d = expr_error("(a + b");
  EXPECT_EQ(d.message, "expected `)`, found the end of the expression");
  EXPECT_EQ(d.at.column, 7U);
  d = expr_error("a + b)");
  EXPECT_EQ(d.message, "unmatched `)`");
  EXPECT_EQ(d.at.column, 6U);
}

TEST(ExpressionError, MissingElse) {
  diagnostic d = expr_error("if a then b");
  EXPECT_NE(d.message.find("`else`"), std::string::npos) << d.message;
}

TEST(ExpressionError, ListOnlyAfterIn) {
  EXPECT_EQ(expr_error("[1, 2]").message, "a list `[…]` can only follow `in`");
  EXPECT_NE(expr_error("x in 3").message.find("after `in`"), std::string::npos);
}

TEST(ExpressionError, NameStartingWithDigit) {
  diagnostic d = expr_error("3abc + 1");
  EXPECT_NE(d.message.find("`3abc`"), std::string::npos) << d.message;
  EXPECT_EQ(d.at.length, 4U);
}

TEST(ExpressionError, MissingOperatorNamesTheToken) {
  // "unexpected a name after …" is not English and does not say which token is wrong.
  diagnostic d = expr_error("age years");
  EXPECT_EQ(d.at.column, 5U);
  EXPECT_NE(d.message.find("`years`"), std::string::npos) << d.message;
  EXPECT_EQ(d.message.find("unexpected a "), std::string::npos) << d.message;
}

TEST(ExpressionError, NonAsciiCharacterShownWhole) {
  diagnostic d = expr_error("x + \xC3\xA6");
  EXPECT_EQ(d.message, "unexpected character `\xC3\xA6`");
  EXPECT_EQ(d.at.column, 5U);
}

TEST(ExpressionError, EmptyExpression) {
  diagnostic d = expr_error("");
  EXPECT_EQ(d.message, "expected an expression, found the end of the expression");
}

// ---------------------------------------------------------------------------------------------
// Nesting limits

TEST(ExpressionError, HundredThousandParenthesesFailWithoutCrashing) {
  std::string text = std::string(100'000, '(') + "1" + std::string(100'000, ')');
  auto r = ssprules::parse_expression(source::from_string("e", text));
  EXPECT_FALSE(r.expression.has_value());
  ASSERT_EQ(r.diagnostics.size(), 1U);
  EXPECT_EQ(r.diagnostics[0].code, "SR0202");
  EXPECT_EQ(r.diagnostics[0].at.line, 1U);
}

TEST(Parse, HundredThousandParenthesesInAPolicyFailWithoutCrashing) {
  std::string text = std::string(header) + "outputs:\n  a: " + std::string(100'000, '(') + "1" +
                     std::string(100'000, ')') + "\n";
  parse_result r;
  std::uint64_t work = ssprules::test_support::work_of([&] { r = parse_text(text); });
  EXPECT_FALSE(r.ok());
  const diagnostic* d = find_code(r.diagnostics, "SR0202");
  ASSERT_NE(d, nullptr) << all_messages(r.diagnostics);
  EXPECT_EQ(d->at.line, 4U);
  EXPECT_EQ(d->message, "expression nests deeper than 200 levels; split it into named values");
  // a few steps per byte (the parser stops at the limit); the time is in bench/limits_bench.cpp
  EXPECT_LT(work, 16 * text.size()) << "units of work for " << text.size() << " bytes";
}

TEST(Parse, DeepNotAndNegationChainsFailWithoutCrashing) {
  std::string nots;
  for (int i = 0; i < 100'000; ++i) nots += "not ";
  auto r = ssprules::parse_expression(source::from_string("e", nots + "true"));
  ASSERT_EQ(r.diagnostics.size(), 1U);
  EXPECT_EQ(r.diagnostics[0].code, "SR0202");
  r = ssprules::parse_expression(source::from_string("e", std::string(100'000, '-') + "1"));
  ASSERT_EQ(r.diagnostics.size(), 1U);
  EXPECT_EQ(r.diagnostics[0].code, "SR0202");
}

// A chain of left-associative operators is as deep as it is long once parsed; it must be
// rejected (SR0202) or handled, never exhaust the stack (here or when the tree is destroyed).
// The terms are on separate lines so that the test stays fast.
TEST(ExpressionDeathTest, LongOperatorChainDoesNotCrash) {
  std::string text = "x";
  for (int i = 0; i < 100'000; ++i) text += " +\nx";
  EXPECT_EXIT(
      {
        bool handled = false;
        {
          auto r = ssprules::parse_expression(source::from_string("e", text));
          handled = r.expression.has_value() || find_code(r.diagnostics, "SR0202") != nullptr;
        }
        std::_Exit(handled ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "");
}

// Units of work (`detail::work_done`) to parse `x in [1, 1, …]` with `n` items on one line, in
// an expression and in a policy.
std::uint64_t list_parse_work(int n, bool in_policy) {
  std::string list = "x in [1";
  for (int i = 0; i < n; ++i) list += ", 1";
  list += "]";
  return ssprules::test_support::work_of([&] {
    if (in_policy) {
      auto r =
          parse_text(std::string(header) + "inputs:\n  x: integer\noutputs:\n  a: " + list + "\n");
      EXPECT_TRUE(r.ok()) << all_messages(r.diagnostics).substr(0, 500);
    } else {
      auto r = ssprules::parse_expression(source::from_string("e", list));
      EXPECT_TRUE(r.expression.has_value());
    }
  });
}

TEST(Parse, LongLinesParseInLinearTime) {
  // Twice the items take about twice the work, not four times: positions of nodes on a long
  // line must not be recomputed from the start of the line each time. (The times are in
  // bench/limits_bench.cpp.)
  for (bool in_policy : {false, true}) {
    std::uint64_t small = list_parse_work(5'000, in_policy);
    std::uint64_t large = list_parse_work(10'000, in_policy);
    EXPECT_LT(large, 2.3 * static_cast<double>(small))
        << (in_policy ? "in a policy" : "an expression") << ": 5,000 items " << small
        << " units of work, 10,000 items " << large;
  }
}

TEST(Parse, LongLinesOfYamlScalarsParseInLinearTime) {
  // `values: [v0, v1, …]` on one line: the span of each value is found without scanning the
  // rest of the line.
  auto work = [](int n) {
    std::string plain = "v0";
    std::string quoted = "'v0'";
    for (int i = 1; i < n; ++i) {
      plain += ", v" + std::to_string(i);
      quoted += ", 'v" + std::to_string(i) + "'";
    }
    std::string text = std::string(header) + "inputs:\n  e: {type: enum, values: [" + plain +
                       "]}\n  q: {type: enum, values: [" + quoted + "]}\noutputs:\n  a: e\n";
    return ssprules::test_support::work_of([&] { (void)parse_text(text); });
  };
  std::uint64_t small = work(10'000);
  std::uint64_t large = work(20'000);
  EXPECT_LT(large, 2.3 * static_cast<double>(small))
      << "10,000 values: " << small << " units of work, 20,000 values: " << large;
}

TEST(ParseDeathTest, DeeplyNestedBlockYamlIsRejectedLikeFlow) {
  // Block sequences nest without brackets: `- - - - 1`. The nesting limit (SR0005) must apply
  // to them as it does to `[[[[1]]]]`, and never end in a crash.
  std::string text = std::string(header) + "outputs:\n  a: 1\ntests:\n  ";
  for (int i = 0; i < 2'000; ++i) text += "- ";
  text += "1\n";
  EXPECT_EXIT(
      {
        bool limited = false;
        {
          auto r = parse_text(text);
          limited = find_code(r.diagnostics, "SR0005") != nullptr;
        }
        std::_Exit(limited ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "");
}

TEST(Parse, BlockNestingBeyondTheLimitIsSR0005) {
  std::string text = std::string(header) + "outputs:\n  a: 1\ntests:\n  ";
  for (int i = 0; i < 100; ++i) text += "- ";
  text += "1\n";
  auto r = parse_text(text);
  EXPECT_FALSE(r.ok());
  const diagnostic* d = find_code(r.diagnostics, "SR0005");
  ASSERT_NE(d, nullptr) << all_messages(r.diagnostics).substr(0, 600);
  EXPECT_EQ(d->message, "YAML nests deeper than 64 levels");
}

TEST(ExpressionError, DepthLimitCountsNestingLevels) {
  // The limit is 200 levels; 150 nested parentheses are well within it, 201 are not. `not` and
  // unary minus already count one level each; parentheses must too.
  std::string ok = std::string(150, '(') + "1" + std::string(150, ')');
  auto r = ssprules::parse_expression(source::from_string("e", ok));
  EXPECT_TRUE(r.expression.has_value()) << all_messages(r.diagnostics);
  std::string nots;
  for (int i = 0; i < 150; ++i) nots += "not ";
  r = ssprules::parse_expression(source::from_string("e", nots + "true"));
  EXPECT_TRUE(r.expression.has_value()) << all_messages(r.diagnostics);
  std::string deep = std::string(201, '(') + "1" + std::string(201, ')');
  r = ssprules::parse_expression(source::from_string("e", deep));
  EXPECT_FALSE(r.expression.has_value());
}

TEST(Parse, SmallerExpressionDepthLimit) {
  parse_options opts;
  opts.max_expression_depth = 10;
  std::string nested = std::string(header) + "outputs:\n  a: " + std::string(20, '-') + "1\n";
  auto r = parse_text(nested, opts);
  const diagnostic* d = find_code(r.diagnostics, "SR0202");
  ASSERT_NE(d, nullptr) << all_messages(r.diagnostics);
  EXPECT_EQ(d->message, "expression nests deeper than 10 levels; split it into named values");
}

TEST(Parse, DeeplyNestedYamlFlowIsRejectedBeforeYamlCpp) {
  std::string text = std::string(header) + "outputs:\n  a: " + std::string(100'000, '[') +
                     std::string(100'000, ']') + "\n";
  auto r = parse_text(text);
  EXPECT_FALSE(r.ok());
  EXPECT_DIAGNOSTIC_AT(r, "SR0005", 4, 6 + 64);
  EXPECT_EQ(find_code(r.diagnostics, "SR0005")->message, "YAML nests deeper than 64 levels");
}

TEST(Parse, DeeplyNestedYamlFlowMappings) {
  std::string text = std::string(header) + "outputs:\n  a: ";
  for (int i = 0; i < 5000; ++i) text += "{a: ";
  text += "1" + std::string(5000, '}') + "\n";
  auto r = parse_text(text);
  EXPECT_NE(find_code(r.diagnostics, "SR0005"), nullptr) << all_messages(r.diagnostics);
}

TEST(Parse, BracketsInsideQuotesAndCommentsDoNotCountAsNesting) {
  std::string text = std::string(header) + "# " + std::string(100, '[') + "\noutputs:\n  a: '\"" +
                     std::string(100, '[') + "\" == \"x\"'\n";
  auto r = parse_text(text);
  EXPECT_EQ(find_code(r.diagnostics, "SR0005"), nullptr) << all_messages(r.diagnostics);
  EXPECT_TRUE(r.ok()) << all_messages(r.diagnostics);
}

TEST(Parse, NestedAliasesDoNotBlowUp) {
  // "Billion laughs": a row aliased 300 times whose cells are a list aliased 300 times of a list
  // of 300 values: 27 million nodes if expanded, a few kilobytes of text.
  std::string cell = "&c [1";
  for (int i = 0; i < 300; ++i) cell += ", 1";
  cell += "]";
  std::string when = "&w [" + cell;
  for (int i = 0; i < 300; ++i) when += ", *c";
  when += "]";
  std::string rows = "[&r {when: " + when + ", then: 1}";
  for (int i = 0; i < 300; ++i) rows += ", *r";
  rows += "]";
  std::string text = std::string(header) +
                     "inputs:\n  x: integer\noutputs:\n  o:\n    table:\n      hit: first\n"
                     "      columns: [x]\n      rows: " +
                     rows + "\n";
  parse_result r;
  std::uint64_t work = ssprules::test_support::work_of([&] { r = parse_text(text); });
  // The node budget is the text's size + 1,000 nodes, each a few hundred units of work at most
  // (its column walks up to 64 bytes; cells are expressions): 1.2 million here, where reading
  // the 27 million nodes would take billions. The time is in bench/limits_bench.cpp.
  EXPECT_LT(work, 400 * (text.size() + 1'000)) << "units of work for " << text.size() << " bytes";
  EXPECT_FALSE(r.ok());
  const diagnostic* d = find_code(r.diagnostics, "SR0005");
  ASSERT_NE(d, nullptr) << all_messages(r.diagnostics).substr(0, 2000);
  EXPECT_EQ(d->message, "the policy expands to too many YAML nodes (are aliases nested?)");
  EXPECT_LT(r.diagnostics.size(), 50U) << "the budget is reported once, not per node";
}

TEST(Parse, ClassicBillionLaughsFinishesFast) {
  std::string text =
      "lol0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  for (int i = 1; i < 10; ++i) {
    text += "lol" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 9; ++k) text += (k ? ",*a" : "*a") + std::to_string(i - 1);
    text += "]\n";
  }
  text += std::string(header) + "outputs:\n  o: 1\ntests: [*a9, *a9, *a9]\n";
  parse_result r;
  std::uint64_t work = ssprules::test_support::work_of([&] { r = parse_text(text); });
  // 9^9 nodes behind each alias; the node budget stops at the text's size + 1,000
  EXPECT_LT(work, 16 * text.size() + 10'000) << "units of work for " << text.size() << " bytes";
  EXPECT_FALSE(r.ok());
  EXPECT_NE(find_code(r.diagnostics, "SR0101"), nullptr);  // the unknown `lolN` keys
}

// ---------------------------------------------------------------------------------------------
// File-level problems

TEST(Parse, EmptyFile) {
  auto r = parse_text("");
  EXPECT_FALSE(r.ok());
  ASSERT_EQ(r.diagnostics.size(), 1U);
  EXPECT_EQ(r.diagnostics[0].code, "SR0001");
  EXPECT_EQ(r.diagnostics[0].message, "file is empty");
  EXPECT_EQ(r.diagnostics[0].at.line, 1U);
  EXPECT_FALSE(r.document.complete);
  auto blank = parse_text("  \n\n\t\n");
  ASSERT_EQ(blank.diagnostics.size(), 1U);
  EXPECT_EQ(blank.diagnostics[0].code, "SR0001");
}

TEST(Parse, CommentsOnlyIsNotAPolicy) {
  auto r = parse_text("# nothing here\n");
  EXPECT_FALSE(r.ok());
  EXPECT_FALSE(r.diagnostics.empty());
}

TEST(Parse, NulBytes) {
  auto r = parse_text(std::string("id: x\nef\0fective: 1\n", 20));
  EXPECT_FALSE(r.ok());
  ASSERT_EQ(r.diagnostics.size(), 1U);
  EXPECT_EQ(r.diagnostics[0].code, "SR0002");
  EXPECT_EQ(r.diagnostics[0].message, "file contains NUL bytes; is it a binary file?");
  EXPECT_EQ(r.diagnostics[0].at.line, 2U);
  EXPECT_EQ(r.diagnostics[0].at.column, 3U);
}

TEST(Parse, FileOverTheSizeLimit) {
  parse_options opts;
  opts.max_file_bytes = 32;
  std::string text = std::string(header) + "outputs:\n  x: 1\n";
  auto r = parse_text(text, opts);
  EXPECT_FALSE(r.ok());
  ASSERT_EQ(r.diagnostics.size(), 1U);
  EXPECT_EQ(r.diagnostics[0].code, "SR0005");
  EXPECT_EQ(r.diagnostics[0].message,
            "file is " + std::to_string(text.size()) + " bytes; the limit is 32");
  opts.max_file_bytes = text.size();
  EXPECT_TRUE(parse_text(text, opts).ok());
}

TEST(Parse, TopLevelMustBeAMapping) {
  auto r = parse_text("- a\n- b\n");
  EXPECT_DIAGNOSTIC_AT(r, "SR0103", 1, 1);
  EXPECT_NE(find_code(r.diagnostics, "SR0103")->message.find("found a list"), std::string::npos);
}

TEST(Parse, MissingRequiredParts) {
  auto r = parse_text("title: nothing else\n");
  std::string text = all_messages(r.diagnostics);
  EXPECT_NE(text.find("the policy has no `id`"), std::string::npos) << text;
  EXPECT_NE(text.find("the policy has no `effective` period"), std::string::npos) << text;
  EXPECT_NE(text.find("the policy has no `outputs`"), std::string::npos) << text;
}

// ---------------------------------------------------------------------------------------------
// YAML-level problems, with positions

TEST(Parse, YamlSyntaxError) {
  auto r = parse_text(std::string(header) + "outputs:\n  a: b: c\n");
  EXPECT_FALSE(r.ok());
  ASSERT_EQ(r.diagnostics.size(), 1U);
  EXPECT_DIAGNOSTIC_AT(r, "SR0002", 4, 7);
  EXPECT_EQ(r.diagnostics[0].message, "invalid YAML: illegal map value");
  ASSERT_FALSE(r.diagnostics[0].notes.empty());
  EXPECT_NE(r.diagnostics[0].notes[0].message.find("must be quoted"), std::string::npos);
}

TEST(Parse, YamlUnclosedFlowStaysOnItsLine) {
  auto r = parse_text(std::string(header) + "outputs:\n  a: [1, 2\n");
  const diagnostic* d = find_code(r.diagnostics, "SR0002");
  ASSERT_NE(d, nullptr) << all_messages(r.diagnostics);
  EXPECT_EQ(d->message, "invalid YAML: end of sequence flow not found");
  ASSERT_FALSE(d->notes.empty());
  EXPECT_EQ(d->notes[0].message, "a `[` or `{` is not closed");
  // the line is `  a: [1, 2` and the file ends after it: the caret points at the `[` that is
  // not closed, not past the end of the line
  EXPECT_EQ(d->at.line, 4U) << all_messages(r.diagnostics);
  EXPECT_EQ(d->at.column, 6U) << all_messages(r.diagnostics);
}

TEST(Parse, TabIndentation) {
  auto r = parse_text(std::string(header) + "outputs:\n\ta: 1\n");
  ASSERT_EQ(r.diagnostics.size(), 1U);
  EXPECT_DIAGNOSTIC_AT(r, "SR0003", 4, 1);
  EXPECT_EQ(r.diagnostics[0].message, "tab character in indentation");
}

TEST(Parse, TabIndentationAfterSpaces) {
  auto r = parse_text(std::string(header) + "outputs:\n  \ta: 1\n");
  EXPECT_DIAGNOSTIC_AT(r, "SR0003", 4, 3);
}

TEST(Parse, DuplicateKey) {
  auto r = parse_text(std::string(header) + "outputs:\n  a: 1\n  b: 2\n  a: 3\n");
  EXPECT_FALSE(r.ok());
  EXPECT_DIAGNOSTIC_AT(r, "SR0004", 6, 3);
  const diagnostic* d = find_code(r.diagnostics, "SR0004");
  EXPECT_EQ(d->message, "duplicate key `a` in `outputs`");
  ASSERT_EQ(d->notes.size(), 1U);
  EXPECT_EQ(d->notes[0].message, "first given here");
  EXPECT_EQ(d->notes[0].at.line, 4U);
  EXPECT_EQ(d->notes[0].at.column, 3U);
}

TEST(Parse, DuplicateTopLevelKey) {
  auto r = parse_text(std::string(header) + "outputs:\n  a: 1\nid: u\n");
  EXPECT_DIAGNOSTIC_AT(r, "SR0004", 5, 1);
}

TEST(Parse, UnknownKeyWithSuggestion) {
  auto r = parse_text(std::string(header) + "outptus:\n  a: 1\n");
  EXPECT_DIAGNOSTIC_AT(r, "SR0101", 3, 1);
  const diagnostic* d = find_code(r.diagnostics, "SR0101");
  EXPECT_EQ(d->message, "unknown key `outptus` in the policy");
  ASSERT_GE(d->notes.size(), 2U);
  EXPECT_EQ(d->notes[0].message, "did you mean `outputs`?");
  EXPECT_NE(d->notes[1].message.find("`outputs`"), std::string::npos);
  EXPECT_FALSE(d->notes[0].at.valid());
}

TEST(Parse, UnknownKeyInsideARule) {
  auto r = parse_text(std::string(header) + "outputs:\n  a:\n    type: integer\n    exrp: 1\n");
  EXPECT_DIAGNOSTIC_AT(r, "SR0101", 6, 5);
  const diagnostic* d = find_code(r.diagnostics, "SR0101");
  EXPECT_EQ(d->message, "unknown key `exrp` in output `a`");
  ASSERT_FALSE(d->notes.empty());
  EXPECT_EQ(d->notes[0].message, "did you mean `expr`?");
}

TEST(Parse, UnknownKeyWithoutCloseMatchHasNoSuggestion) {
  auto r = parse_text(std::string(header) + "zzzzzzzz: 1\noutputs:\n  a: 1\n");
  const diagnostic* d = find_code(r.diagnostics, "SR0101");
  ASSERT_NE(d, nullptr);
  for (const auto& n : d->notes) EXPECT_EQ(n.message.find("did you mean"), std::string::npos);
}

TEST(Parse, WrongShapes) {
  auto r = parse_text(R"(id: t
effective: 2020-01-01
inputs: [a, b]
outputs:
  j: [1]
  k:
    cases: {when: x}
)");
  EXPECT_FALSE(r.ok());
  std::string text = all_messages(r.diagnostics);
  EXPECT_NE(text.find("rules.yaml:2:12: error[SR0103]: expected a mapping (`key: value` lines) "
                      "for an effective period, found `2020-01-01`"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("rules.yaml:3:9: error[SR0103]: expected a mapping (`key: value` lines) "
                      "for `inputs`, found a list"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("rules.yaml:5:6: error[SR0103]: expected a mapping (`key: value` lines) "
                      "for output `j`, found a list"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("rules.yaml:7:12: error[SR0103]: expected a list (`- item` lines) for "
                      "`cases`, found a mapping"),
            std::string::npos)
      << text;
}

TEST(Parse, WrongScalarValues) {
  auto r = parse_text(std::string(header) + R"(inputs:
  a: {type: integer, optional: yes}
  b: {type: integer, min: low}
  c: {type: integr}
  d: {type: date, min: 1}
  e: {type: integer, min: 5, max: 1}
outputs:
  x: 1
)");
  std::string text = all_messages(r.diagnostics);
  EXPECT_NE(text.find("rules.yaml:4:32: error[SR0104]: expected `true` or `false` for "
                      "`optional`, found `yes`"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("rules.yaml:5:27: error[SR0104]: expected a whole number for a bound, "
                      "found `low`"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("rules.yaml:6:13: error[SR0108]: unknown type `integr`"), std::string::npos)
      << text;
  EXPECT_NE(text.find("did you mean `integer`?"), std::string::npos) << text;
  EXPECT_NE(text.find("rules.yaml:7:24: error[SR0107]: `min` and `max` bound integers; this type "
                      "is `date`"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("rules.yaml:8:27: error[SR0104]: `min` is greater than `max`"),
            std::string::npos)
      << text;
}

TEST(Parse, InvalidDatesInKeys) {
  auto r = parse_text(R"(id: t
effective:
  - from: 2017-02-30
    to: 2019-02-29
outputs:
  x: 1
tests:
  - name: a
    as_of: 2021-13-01
    expect: {x: 1}
)");
  EXPECT_FALSE(r.ok());
  std::string text = all_messages(r.diagnostics);
  EXPECT_NE(text.find("rules.yaml:3:11: error[SR0104]: expected a date `YYYY-MM-DD` for `from`, "
                      "found `2017-02-30`"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("rules.yaml:4:9: error[SR0104]: expected a date `YYYY-MM-DD` for `to`, "
                      "found `2019-02-29`"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("rules.yaml:9:12: error[SR0104]"), std::string::npos) << text;
  const diagnostic* d = find_code(r.diagnostics, "SR0104");
  ASSERT_FALSE(d->notes.empty());
  EXPECT_NE(d->notes[0].message.find("dates are ISO 8601 calendar dates that exist"),
            std::string::npos);
}

TEST(Parse, InvalidDateLiteralInAnExpression) {
  auto r = parse_text(std::string(header) + "outputs:\n  b: birth_date < 2017-02-30\n");
  EXPECT_DIAGNOSTIC_AT(r, "SR0201", 4, 19);
  EXPECT_EQ(find_code(r.diagnostics, "SR0201")->message, "`2017-02-30` is not a valid date");
  EXPECT_EQ(find_code(r.diagnostics, "SR0201")->at.length, 10U);
}

TEST(Parse, InvalidDateInParameterChange) {
  auto r = parse_text(std::string(header) +
                      "parameters:\n  p:\n    value: 1\n    changes:\n      - from: 2019-02-29\n"
                      "        value: 2\noutputs:\n  x: p\n");
  EXPECT_DIAGNOSTIC_AT(r, "SR0104", 7, 15);
}

TEST(Parse, ExpressionErrorsInAPolicyHaveFilePositions) {
  auto r = parse_text(std::string(header) + R"(outputs:
  c: 1 < 2 < 3
  d: age = 17
  e: true && false
  g: x == "abc
)");
  EXPECT_FALSE(r.ok());
  std::string text = all_messages(r.diagnostics);
  EXPECT_NE(text.find("rules.yaml:4:12: error[SR0201]: comparisons cannot be chained"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("rules.yaml:5:10: error[SR0201]: `=` is not an operator; write `==` to "
                      "compare"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("rules.yaml:6:11: error[SR0201]: `&` is not an operator; write `and`"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("rules.yaml:7:11: error[SR0201]: string is not closed"), std::string::npos)
      << text;
  EXPECT_EQ(r.diagnostics.size(), 4U) << "every broken rule is reported" << text;
}

TEST(Parse, InvalidNames) {
  auto r = parse_text(std::string(header) + R"(inputs:
  2fast: integer
  and: bool
  id: string
  as_of: date
outputs:
  x: 1
)");
  std::string text = all_messages(r.diagnostics);
  EXPECT_NE(text.find("rules.yaml:4:3: error[SR0105]: `2fast` is not a valid input name"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("rules.yaml:5:3: error[SR0105]: `and` is a keyword of the expression "
                      "language and cannot name an input"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("rules.yaml:6:3: error[SR0105]: `id` is reserved for the record's "
                      "identifier and cannot name an input"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("rules.yaml:7:3: error[SR0105]: `as_of` is reserved for the record's "
                      "evaluation date and cannot name an input"),
            std::string::npos)
      << text;
}

TEST(Parse, RuleDefinitionProblems) {
  auto r = parse_text(std::string(header) + R"(outputs:
  none_given:
    type: integer
  two:
    expr: 1
    cases: []
  open_cases:
    cases:
      - when: a
  after_otherwise:
    cases:
      - otherwise: 1
      - when: a
        then: 2
  table_without_hit:
    table:
      columns: [a]
      rows:
        - when: [1]
          then: 1
  short_row:
    table:
      hit: first
      columns: [a, b]
      rows:
        - when: [1]
          then: 1
  bad_hit:
    table:
      hit: uniqe
      columns: [a]
      rows: []
)");
  std::string text = all_messages(r.diagnostics);
  EXPECT_NE(text.find("rules.yaml:4:3: error[SR0102]: output `none_given` has no definition"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("rules.yaml:8:12: error[SR0107]: output `two` is defined more than once"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("rules.yaml:11:9: error[SR0102]: a case of output `open_cases` needs "
                      "`then`"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("rules.yaml:15:9: error[SR0107]: a case after `otherwise` is never reached"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("error[SR0102]: the table of output `table_without_hit` has no `hit` "
                      "policy"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("rules.yaml:28:17: error[SR0503]: row has 1 cell but the table has 2 "
                      "columns"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("rules.yaml:32:12: error[SR0109]: unknown hit policy `uniqe`"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("did you mean `unique`?"), std::string::npos) << text;
}

TEST(Parse, EmptyCells) {
  auto r = parse_text(std::string(header) + R"(outputs:
  x:
    table:
      hit: first
      columns: [a, b]
      rows:
        - when: [[], ~]
          then: 1
)");
  std::string text = all_messages(r.diagnostics);
  EXPECT_NE(text.find("rules.yaml:9:18: error[SR0504]: an empty list matches nothing"),
            std::string::npos)
      << text;
}

TEST(Parse, VersionProblems) {
  auto r = parse_text(std::string(header) + R"(outputs:
  a:
    expr: 1
    versions:
      - period: p
        expr: 1
  b:
    versions:
      - expr: 1
  c:
    versions:
      - period: p
        from: 2020-01-01
        expr: 1
)");
  std::string text = all_messages(r.diagnostics);
  EXPECT_NE(text.find("rules.yaml:7:7: error[SR0107]: output `a` has `versions` and a definition "
                      "of its own"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("rules.yaml:11:9: error[SR0102]: a version needs `period`, or `from` "
                      "and/or `to`"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("rules.yaml:14:9: error[SR0107]: a version has either `period` or "
                      "`from`/`to`, not both"),
            std::string::npos)
      << text;
}

TEST(Parse, BrokenDeclarationsAreRemembered) {
  auto r = parse_text(std::string(header) + "inputs:\n  a: {type: integr}\noutputs:\n  b: 1 +\n");
  EXPECT_FALSE(r.document.complete);
  EXPECT_NE(std::find(r.document.broken_names.begin(), r.document.broken_names.end(), "a"),
            r.document.broken_names.end());
  EXPECT_NE(std::find(r.document.broken_names.begin(), r.document.broken_names.end(), "b"),
            r.document.broken_names.end());
}

TEST(Parse, CalendarValues) {
  auto r =
      parse_text(std::string(header) +
                 "calendar:\n  leap_day_birthday: feb_29\n  missing_day: snap\noutputs:\n  x: 1\n");
  std::string text = all_messages(r.diagnostics);
  EXPECT_NE(text.find("rules.yaml:4:22: error[SR0109]: `leap_day_birthday` is `mar_1` or "
                      "`feb_28`, not `feb_29`"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("rules.yaml:5:16: error[SR0109]: `missing_day` is `clamp` or `next_day`"),
            std::string::npos)
      << text;
}

// ---------------------------------------------------------------------------------------------
// Positions inside quoted and multi-line scalars

TEST(Parse, PositionInDoubleQuotedScalarWithEscapes) {
  auto r = parse_text(std::string(header) + "outputs:\n  a: \"x == \\\"abc\\\" = 1\"\n");
  // line 4 is:   a: "x == \"abc\" = 1"
  EXPECT_DIAGNOSTIC_AT(r, "SR0201", 4, 20);
}

TEST(Parse, PositionAfterUnicodeEscapeInDoubleQuotedScalar) {
  // line 4 is:   a: "x == '\u00e6' = 1"   and its `=` is the 21st character
  auto r = parse_text(std::string(header) + "outputs:\n  a: \"x == '\\u00e6' = 1\"\n");
  EXPECT_DIAGNOSTIC_AT(r, "SR0201", 4, 21);
}

TEST(Parse, PositionAfterTabEscapeInDoubleQuotedScalar) {
  // line 4 is:   a: "x == \"\t\" = 1"   and its `=` is the 19th character
  auto r = parse_text(std::string(header) + "outputs:\n  a: \"x == \\\"\\t\\\" = 1\"\n");
  EXPECT_DIAGNOSTIC_AT(r, "SR0201", 4, 19);
}

TEST(Parse, PositionAfterNewlineEscapeInDoubleQuotedScalar) {
  // line 4 is:   a: "x ==\n y = 1"   and its `=` is the 16th character
  auto r = parse_text(std::string(header) + "outputs:\n  a: \"x ==\\n y = 1\"\n");
  EXPECT_DIAGNOSTIC_AT(r, "SR0201", 4, 16);
}

TEST(Parse, PositionInSingleQuotedScalarWithDoubledQuotes) {
  auto r = parse_text(std::string(header) + "outputs:\n  a: 'x == ''abc'' = 1'\n");
  EXPECT_DIAGNOSTIC_AT(r, "SR0201", 4, 20);
}

TEST(Parse, PositionInFoldedScalar) {
  auto r = parse_text(std::string(header) + "outputs:\n  c: >\n    x or\n    y = 1\n");
  EXPECT_DIAGNOSTIC_AT(r, "SR0201", 6, 7);
}

TEST(Parse, PositionInFoldedScalarWithStripAndExtraSpaces) {
  auto r =
      parse_text(std::string(header) + "outputs:\n  f:\n    expr: >-\n      x\n      or   y = 2\n");
  EXPECT_DIAGNOSTIC_AT(r, "SR0201", 7, 14);
}

TEST(Parse, PositionInLiteralScalar) {
  auto r = parse_text(std::string(header) + "outputs:\n  d: |\n    x or\n      y = 1\n");
  EXPECT_DIAGNOSTIC_AT(r, "SR0201", 6, 9);
}

TEST(Parse, PositionInPlainMultiLineScalar) {
  auto r = parse_text(std::string(header) + "outputs:\n  e: x or\n    y = 1\n");
  EXPECT_DIAGNOSTIC_AT(r, "SR0201", 5, 7);
}

TEST(Parse, PositionAfterMultiByteCharactersInAQuotedScalar) {
  auto r = parse_text(std::string(header) + "outputs:\n  a: \"x == 'æøå' = 1\"\n");
  // columns count code points: `  a: "x == 'æøå' = 1"`, the `=` is the 18th
  EXPECT_DIAGNOSTIC_AT(r, "SR0201", 4, 18);
  std::string text = all_messages(r.diagnostics);
  EXPECT_NE(text.find("   4 |   a: \"x == 'æøå' = 1\"\n     |                  ^\n"),
            std::string::npos)
      << text;
}

TEST(Parse, CellPositionsInQuotedCells) {
  auto r = parse_text(std::string(header) + R"(outputs:
  x:
    table:
      hit: first
      columns: [a]
      rows:
        - when: [">= 2017-02-30"]
          then: 1
)");
  EXPECT_DIAGNOSTIC_AT(r, "SR0201", 9, 22);
}

TEST(Parse, CrlfPolicyParsesWithRightPositions) {
  auto r = parse_text("id: t\r\neffective: {from: 2020-01-01}\r\noutputs:\r\n  a: x = 1\r\n");
  EXPECT_DIAGNOSTIC_AT(r, "SR0201", 4, 8);
  auto ok = parse_text("id: t\r\neffective: {from: 2020-01-01}\r\noutputs:\r\n  a: 1\r\n");
  EXPECT_TRUE(ok.ok()) << all_messages(ok.diagnostics);
}

}  // namespace
