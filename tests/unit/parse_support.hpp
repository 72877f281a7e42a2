// What the parse tests share: includes, helpers and the policy header they write (inline, so
// that a test file that does not use one does not warn).
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ssprules/parse.hpp"
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

inline parse_result parse_text(std::string text, const parse_options& opts = {}) {
  return ssprules::parse(source::from_string("rules.yaml", std::move(text)), opts);
}

// The first diagnostic with `code`, or nullptr.
inline const diagnostic* find_code(const std::vector<diagnostic>& ds, std::string_view code) {
  for (const diagnostic& d : ds) {
    if (d.code == code) return &d;
  }
  return nullptr;
}

inline std::string all_messages(const std::vector<diagnostic>& ds) { return ssprules::render(ds); }

// An expression as an S-expression: `(or a (and b c))`.
inline std::string sexpr(const expr& e) {
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
    case expr_kind::field:
      return sexpr(e.args[0]) + "." + e.text;
    case expr_kind::each:
      return "(each " + e.text + " " + sexpr(e.args[0]) + " " + sexpr(e.args[1]) + " " +
             sexpr(e.args[2]) + ")";
    case expr_kind::quantified:
      return std::string("(") + (e.op == expr_op::and_ ? "every " : "some ") + e.text + " " +
             sexpr(e.args[0]) + " " + sexpr(e.args[1]) + ")";
  }
  return "?";
}

// Parses text as one expression; "" and a failure when it does not parse.
inline std::string parse_expr(const std::string& text) {
  auto r = ssprules::parse_expression(source::from_string("expr", text));
  EXPECT_TRUE(r.expression.has_value()) << text << "\n" << all_messages(r.diagnostics);
  EXPECT_TRUE(r.diagnostics.empty()) << all_messages(r.diagnostics);
  return r.expression ? sexpr(*r.expression) : "";
}

// The one diagnostic of an expression that does not parse.
inline diagnostic expr_error(const std::string& text) {
  auto r = ssprules::parse_expression(source::from_string("expr", text));
  EXPECT_FALSE(r.expression.has_value()) << text;
  EXPECT_EQ(r.diagnostics.size(), 1U) << all_messages(r.diagnostics);
  return r.diagnostics.empty() ? diagnostic{} : r.diagnostics.front();
}

inline const rule_decl* find_rule(const ssprules::rule_document& doc, std::string_view name) {
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

}  // namespace
