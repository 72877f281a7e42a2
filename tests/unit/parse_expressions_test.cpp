// Unit tests for parse.hpp: the expression grammar (literals, precedence, associativity), its
// errors and its nesting limits.
#include "parse_support.hpp"

namespace {

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
  // `x in codes` (a list input) parses; check says when the right side is no list
  EXPECT_EQ(parse_expr("x in codes"), "(in x codes)");
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

}  // namespace
