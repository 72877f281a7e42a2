// The table of built-in functions (detail/functions.hpp) is the one description of them: the
// checker, the compiler and docs/rule-language.md agree with it.
#include "ssprules/detail/functions.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "test_support.hpp"

namespace {

using namespace ssprules;
using detail::function_info;
using detail::function_table;
using detail::param_kind;
using detail::result_kind;

std::string kind_words(param_kind k) {
  switch (k) {
    case param_kind::date:
      return "date";
    case param_kind::integer:
      return "integer";
    case param_kind::number:
      return "number";
    case param_kind::ordered:
      return "numbers or dates";
    case param_kind::decimal:
      return "number";
    case param_kind::maybe:
      return "any value, may be missing";
  }
  return "?";
}

std::string result_words(result_kind k) {
  switch (k) {
    case result_kind::integer:
      return "integer";
    case result_kind::date:
      return "date";
    case result_kind::boolean:
      return "boolean";
    case result_kind::common:
      return "as its arguments";
    case result_kind::weekday:
      return "weekday";
  }
  return "?";
}

// The function table of docs/rule-language.md, as the table in the code gives it.
std::string markdown_table() {
  std::string out = "| function | arguments | result | what it gives |\n|---|---|---|---|\n";
  for (const function_info& f : function_table) {
    std::string args;
    if (f.variadic) {
      args = "two or more " + kind_words(f.params[0].kind);
    } else {
      for (std::size_t i = 0; i < f.arity; ++i) {
        args += (i ? ", " : "") + kind_words(f.params[i].kind);
      }
    }
    out += "| `" + std::string(f.name) + f.signature() + "` | " + args + " | " +
           result_words(f.result) + " | " + std::string(f.description) + " |\n";
  }
  return out;
}

TEST(Functions, TheDocsListEveryFunctionAsTheTableDoes) {
  std::ifstream in(SSPRULES_SOURCE_DIR "/docs/rule-language.md");
  std::stringstream text;
  text << in.rdbuf();
  std::string doc = text.str();
  std::size_t at = doc.find("\n## Functions\n\n");
  ASSERT_NE(at, std::string::npos) << "docs/rule-language.md has no \"## Functions\" section";
  std::string section = doc.substr(at + 15);
  std::string want = markdown_table();
  EXPECT_EQ(section.substr(0, want.size()), want)
      << "docs/rule-language.md's function table differs from detail/functions.hpp; it should "
         "begin with:\n"
      << want;
}

TEST(Functions, NamesAreUniqueAndRowsAreWellFormed) {
  std::set<std::string_view> names;
  for (const function_info& f : function_table) {
    EXPECT_TRUE(names.insert(f.name).second) << f.name << " is in the table twice";
    EXPECT_FALSE(f.description.empty()) << f.name;
    EXPECT_NE(f.code, detail::op::ret) << f.name << " has no instruction";
    EXPECT_GE(f.arity, 1) << f.name;
    EXPECT_LE(f.arity, f.params.size()) << f.name;
    EXPECT_LE(f.low, f.high) << f.name;
    for (std::size_t i = 0; i < (f.variadic ? 1U : f.arity); ++i) {
      EXPECT_FALSE(f.params[i].role.empty()) << f.name << " argument " << i + 1;
    }
  }
  EXPECT_EQ(detail::find_function("nope"), nullptr);
  EXPECT_EQ(&detail::function_named("age"), detail::find_function("age"));
}

// Every row reaches the checker and the machine: a call of each function with arguments of
// its kinds checks, compiles and evaluates to a value.
TEST(Functions, EveryFunctionChecksCompilesAndRuns) {
  for (const function_info& f : function_table) {
    auto arg = [&](param_kind k) -> std::string {
      switch (k) {
        case param_kind::date:
          return "d";
        case param_kind::integer:
          return "2025";  // a year for `easter`, a count for the others
        case param_kind::number:
        case param_kind::decimal:
          return "-1.5";
        case param_kind::ordered:
          return "d";
        case param_kind::maybe:
          return "o";
      }
      return "?";
    };
    std::string call = std::string(f.name) + "(";
    std::size_t n = f.variadic ? 3 : f.arity;
    for (std::size_t i = 0; i < n; ++i) {
      call += (i ? ", " : "") + arg(f.params[f.variadic ? 0 : i].kind);
    }
    call += ")";
    program prog = test_support::load_text(
        "id: fn\nversion: '1'\neffective: {from: 2020-01-01}\n" +
        std::string(f.working_days ? "calendar: {working_days: {holidays: denmark}}\n" : "") +
        "inputs:\n  d: date\n  o:\n    type: "
        "integer\n    optional: true\n"
        "outputs:\n  r: " +
        call + "\n");
    facts record = test_support::decode(prog, test_support::text_fields{{"d", "2008-02-29"}});
    decision result = evaluate(prog, record, *date::parse("2025-03-01"));
    EXPECT_TRUE(result.ok()) << call << ": " << (result.error() ? result.error()->message : "");
    EXPECT_TRUE(result.values().at(0).present()) << call;
  }
}

}  // namespace
