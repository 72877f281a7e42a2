// Unit tests for parse.hpp: diagnostics for broken or hostile files and YAML, with their exact
// positions, also inside quoted and multi-line scalars.
#include "parse_support.hpp"

namespace {

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

// An unquoted expression with a `,` in a flow list or mapping: YAML cuts it into pieces. One
// diagnostic says so, with the quoting that fixes it, and the expression is read as written, so
// no follow-on errors (a syntax error per piece, an unknown key `10)`, a table of 0 columns).
TEST(Parse, ExpressionSplitByAFlowList) {
  auto r = parse_text(std::string(header) + R"(outputs:
  band:
    table:
      hit: first
      columns: [age(birth_date, as_of), category]
      rows:
        - when: ["< 18", any]
          then: 1
)");
  ASSERT_EQ(r.diagnostics.size(), 1U) << all_messages(r.diagnostics);
  EXPECT_DIAGNOSTIC_AT(r, "SR0009", 7, 17);
  const diagnostic& d = r.diagnostics[0];
  EXPECT_EQ(d.message,
            "YAML split the expression `age(birth_date, as_of)` at its `,` into "
            "separate items");
  EXPECT_EQ(d.at.length, std::string("age(birth_date, as_of)").size());
  ASSERT_EQ(d.notes.size(), 1U);
  EXPECT_NE(d.notes[0].message.find("quote the expression, \"age(birth_date, as_of)\""),
            std::string::npos)
      << d.notes[0].message;
  EXPECT_NE(d.notes[0].message.find("`- age(birth_date, as_of)`"), std::string::npos)
      << d.notes[0].message;
  const rule_decl* band = find_rule(r.document, "band");
  ASSERT_NE(band, nullptr);
  const auto& table = band->versions[0].body.table;
  ASSERT_EQ(table.columns.size(), 2U);
  EXPECT_EQ(sexpr(table.columns[0]), "age(birth_date as_of)");
  EXPECT_EQ(table.columns[0].at.column, 17U);
  EXPECT_EQ(sexpr(table.columns[1]), "category");
}

TEST(Parse, ExpressionSplitByAFlowMapping) {
  auto r = parse_text(std::string(header) +
                      "outputs:\n"
                      "  due: {type: date, expr: add_working_days(ended_on, 10)}\n"
                      "  other: {type: integer, expr: min(1, max(2, 3))}\n");
  ASSERT_EQ(r.diagnostics.size(), 2U) << all_messages(r.diagnostics);
  EXPECT_DIAGNOSTIC_AT(r, "SR0009", 4, 27);
  EXPECT_NE(r.diagnostics[0].notes[0].message.find("the mapping one `key: value` per line"),
            std::string::npos)
      << all_messages(r.diagnostics);
  EXPECT_EQ(r.diagnostics[1].code, "SR0009");
  EXPECT_EQ(r.diagnostics[1].at.line, 5U);
  EXPECT_EQ(r.diagnostics[1].at.column, 32U);
  const rule_decl* due = find_rule(r.document, "due");
  ASSERT_NE(due, nullptr);
  EXPECT_EQ(sexpr(due->versions[0].body.expression), "add_working_days(ended_on 10)");
  const rule_decl* other = find_rule(r.document, "other");
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(sexpr(other->versions[0].body.expression), "min(1 max(2 3))");
}

// Quoted, on their own lines, or without a `,`: nothing is split and nothing is reported.
TEST(Parse, ExpressionsYamlDoesNotSplit) {
  auto r = parse_text(std::string(header) + R"y(outputs:
  band:
    table:
      hit: first
      columns: ["age(birth_date, as_of)", "category ?? 0", floor(x)]
      rows:
        - when: ["< 18", any, any]
          then: 1
  due: {type: date, expr: "add_working_days(ended_on, 10)"}
  other:
    type: date
    expr: add_working_days(ended_on, 10)
)y");
  EXPECT_TRUE(r.diagnostics.empty()) << all_messages(r.diagnostics);
  const rule_decl* band = find_rule(r.document, "band");
  ASSERT_NE(band, nullptr);
  EXPECT_EQ(band->versions[0].body.table.columns.size(), 3U);
}

// `?` inside a flow list starts a YAML key; the YAML error names the item to quote.
TEST(Parse, QuestionMarksInAFlowListNameTheItemToQuote) {
  auto r = parse_text(std::string(header) + R"(outputs:
  band:
    table:
      hit: first
      columns: [target_group, category ?? 0]
      rows:
        - when: [any, any]
          then: 1
)");
  ASSERT_EQ(r.diagnostics.size(), 1U) << all_messages(r.diagnostics);
  EXPECT_DIAGNOSTIC_AT(r, "SR0002", 7, 40);
  ASSERT_EQ(r.diagnostics[0].notes.size(), 1U);
  EXPECT_NE(r.diagnostics[0].notes[0].message.find("must be quoted: \"category ?? 0\""),
            std::string::npos)
      << all_messages(r.diagnostics);
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
