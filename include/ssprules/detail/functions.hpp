// The table of built-in functions: one row per function gives its name, its arguments (how
// many, their roles and types), its result, the machine instruction that computes it and a
// one-line description. The checker's lookup, typing and "did you mean" notes, the compiler's
// code, the bounds that table analysis assumes and the function table of docs/rule-language.md
// all come from this table (tests/unit/functions_test.cpp checks the docs against it), as
// cel-cpp declares its standard library once. Adding a function is one row here, its
// semantics in the machine (an opcode in detail/opcodes.hpp, its case in impl/machine.ipp) and
// tests. No stability promise.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>

#include "ssprules/detail/opcodes.hpp"
#include "ssprules/version.hpp"

namespace ssprules::inline SSPRULES_ABI::detail {

/// What an argument of a built-in function may be.
enum class param_kind : std::uint8_t {
  date,     ///< a date
  integer,  ///< a whole number
  number,   ///< an integer or a decimal
  ordered,  ///< a number or a date; every such argument of a call has one common type
  decimal,  ///< an integer or a decimal, taken as a decimal
  maybe,    ///< any value, and it may be missing (every other kind needs a value)
};

/// What a built-in function returns.
enum class result_kind : std::uint8_t {
  integer,
  date,
  boolean,
  common,   ///< the common type of its arguments (integers and decimals give a decimal)
  weekday,  ///< the enum `monday` … `sunday`
};

/// One argument: its role (named in messages) and kind.
struct param_info {
  std::string_view role;
  param_kind kind = param_kind::date;
};

inline constexpr std::int64_t unbounded_low = std::numeric_limits<std::int64_t>::min();
inline constexpr std::int64_t unbounded_high = std::numeric_limits<std::int64_t>::max();

/// A built-in function. A function with `variadic` takes two or more arguments, each like
/// `params[0]`, and is computed pairwise from the left by `code` (`min(a, b, c)` is
/// `min2(min2(a, b), c)`); otherwise it takes `arity` arguments and `code` computes
/// `dst = f(a)`, `dst = f(a, b)` or `dst = f(a, b, c)`. A function with `working_days` uses the
/// policy's working-day calendar, which the policy must declare (SR0315).
struct function_info {
  std::string_view name;
  std::uint8_t arity = 0;
  bool variadic = false;
  std::array<param_info, 3> params{};
  result_kind result = result_kind::integer;
  op code = op::ret;
  std::string_view description;      ///< one line, for the docs and `ssprules doc`
  std::int64_t low = unbounded_low;  ///< bounds of an integer result (table analysis)
  std::int64_t high = unbounded_high;
  bool working_days = false;

  /// The arguments as the error messages write them: `(birth date, on date)`, `(a, b, …)`.
  [[nodiscard]] std::string signature() const {
    if (variadic) return "(a, b, …)";
    std::string out = "(";
    for (std::size_t i = 0; i < arity; ++i) {
      if (i) out += ", ";
      out += params[i].role;
    }
    return out + ")";
  }
};

/// Every built-in function, in the order the docs list them.
// one row per function
// clang-format off
inline constexpr function_info function_table[] = {
    {"age", 2, false, {{{"birth date", param_kind::date}, {"on date", param_kind::date}}},
     result_kind::integer, op::age,
     "completed years on `on date`; a date before birth is a per-record error", 0, 9999},
    {"birthday", 2, false, {{{"birth date", param_kind::date}, {"n", param_kind::integer}}},
     result_kind::date, op::birthday,
     "the date of the nth birthday (follows `leap_day_birthday`)"},
    {"add_days", 2, false, {{{"date", param_kind::date}, {"days", param_kind::integer}}},
     result_kind::date, op::add_days, "the date so many days later (earlier when negative)"},
    {"add_months", 2, false, {{{"date", param_kind::date}, {"months", param_kind::integer}}},
     result_kind::date, op::add_months,
     "the date so many months later, in one step; a day the month lacks follows `missing_day`"},
    {"add_years", 2, false, {{{"date", param_kind::date}, {"years", param_kind::integer}}},
     result_kind::date, op::add_years,
     "the date so many years later (12 months a year, as `add_months`)"},
    {"days_between", 2, false,
     {{{"from date", param_kind::date}, {"to date", param_kind::date}}}, result_kind::integer,
     op::days_between, "`to date` minus `from date` in days"},
    {"months_between", 2, false,
     {{{"from date", param_kind::date}, {"to date", param_kind::date}}}, result_kind::integer,
     op::months_between, "whole months from `from date` to `to date`"},
    {"min", 2, true, {{{"a", param_kind::ordered}}}, result_kind::common, op::min2,
     "the smallest of numbers or dates"},
    {"max", 2, true, {{{"a", param_kind::ordered}}}, result_kind::common, op::max2,
     "the largest of numbers or dates"},
    {"year", 1, false, {{{"date", param_kind::date}}}, result_kind::integer, op::year,
     "the year of a date", 1400, 9999},
    {"month", 1, false, {{{"date", param_kind::date}}}, result_kind::integer, op::month,
     "the month of a date, 1 to 12", 1, 12},
    {"day", 1, false, {{{"date", param_kind::date}}}, result_kind::integer, op::day,
     "the day of the month of a date, 1 to 31", 1, 31},
    {"abs", 1, false, {{{"number", param_kind::number}}}, result_kind::common, op::abs,
     "the absolute value of a number"},
    {"present", 1, false, {{{"optional value", param_kind::maybe}}}, result_kind::boolean,
     op::present, "whether an optional value is there"},
    {"floor", 1, false, {{{"number", param_kind::decimal}}}, result_kind::integer, op::floor,
     "the largest whole number not above a number: `floor(2.5)` is 2, `floor(-2.5)` is -3"},
    {"ceil", 1, false, {{{"number", param_kind::decimal}}}, result_kind::integer, op::ceil,
     "the smallest whole number not below a number: `ceil(2.5)` is 3, `ceil(-2.5)` is -2"},
    {"mod", 2, false, {{{"a", param_kind::number}, {"b", param_kind::number}}},
     result_kind::common, op::mod,
     "the remainder of `a` divided by `b`, with the sign of `b` (floored): `mod(-1, 7)` is 6; "
     "`b` = 0 is a per-record error"},
    {"weekday", 1, false, {{{"date", param_kind::date}}}, result_kind::weekday, op::weekday,
     "the day of the week of a date: `monday` … `sunday`"},
    {"easter", 1, false, {{{"year", param_kind::integer}}}, result_kind::date, op::easter,
     "Easter Sunday of a year (Gregorian)"},
    {"next_every_months", 3, false,
     {{{"start", param_kind::date}, {"months", param_kind::integer},
       {"on or after", param_kind::date}}},
     result_kind::date, op::next_every_months,
     "the first of `start` + `months`, + 2 × `months`, … (each in one step from `start`, as "
     "`add_months`) that is on or after `on or after`; `months` below 1 is a per-record error"},
    {"is_working_day", 1, false, {{{"date", param_kind::date}}}, result_kind::boolean,
     op::is_working_day, "whether a date is a working day of the policy's working-day calendar",
     unbounded_low, unbounded_high, true},
    {"add_working_days", 2, false, {{{"date", param_kind::date}, {"days", param_kind::integer}}},
     result_kind::date, op::add_working_days,
     "the nth working day after a date (the date itself never counts); before it when `days` is "
     "negative; the date itself for 0",
     unbounded_low, unbounded_high, true},
    {"working_day_on_or_after", 1, false, {{{"date", param_kind::date}}}, result_kind::date,
     op::working_day_on_or_after, "the date if it is a working day, else the next working day",
     unbounded_low, unbounded_high, true},
    {"working_days_between", 2, false,
     {{{"from date", param_kind::date}, {"to date", param_kind::date}}}, result_kind::integer,
     op::working_days_between,
     "the working days after `from date` up to and including `to date`; negative when `to date` "
     "is earlier",
     unbounded_low, unbounded_high, true},
};
// clang-format on

/// The function called `name`, or nullptr.
constexpr const function_info* find_function(std::string_view name) {
  for (const function_info& f : function_table) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

/// The function called `name`, which exists (a misspelt name does not compile).
consteval const function_info& function_named(std::string_view name) {
  // by the rows, not through find_function: ASan builds do not take a global's address as a
  // constant to compare with null
  for (const function_info& f : function_table) {
    if (f.name == name) return f;
  }
  throw "no built-in function of that name";  // not a constant expression: does not compile
}

}  // namespace ssprules::inline SSPRULES_ABI::detail
