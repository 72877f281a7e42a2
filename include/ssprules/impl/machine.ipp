// Definitions for detail/machine.hpp: runs a rule's block of instructions over the registers
// of a frame. Every operation's meaning is defined here once; compile runs the same machine to
// fold constants, compute parameters and check assertions, and evaluate runs every record.
// Inline, and included by both (compile.ipp, evaluate.ipp): the interpreter is compiled into
// evaluate's record loop (a call into another unit per record cost a quarter of a batch).

#pragma once

#include <algorithm>
#include <limits>
#include <string>
#include <string_view>

#include "ssprules/detail/civil.hpp"
#include "ssprules/detail/codes.hpp"
#include "ssprules/detail/machine.hpp"
#include "ssprules/detail/working_days.hpp"

namespace ssprules::inline SSPRULES_ABI::detail {

inline const std::string& machine_code::string_of(std::int64_t bits, const frame& f) const {
  auto index = static_cast<std::size_t>(bits >> 1);
  if ((bits & 1) != 0) return policy->strings[index];
  return (*f.input_strings)[index];
}

__extension__ using int128 = __int128;  // products of decimals need 128 bits

// -----------------------------------------------------------------------------------------
// primitive operations

[[noreturn]] inline void fail(const code_info& code, const std::string& what, const instr& i) {
  std::string where = i.source ? source_text(i.source->syntax) : std::string();
  throw eval_failure{code.id, where.empty() ? what : what + " in `" + where + "`"};
}

[[gnu::always_inline]] inline std::int64_t checked_add(std::int64_t a, std::int64_t b,
                                                       const instr& i) {
  std::int64_t r = 0;
  if (__builtin_add_overflow(a, b, &r)) fail(codes::arithmetic_overflow, "arithmetic overflow", i);
  return r;
}

// Rounds a 128-bit quotient half away from zero and checks that it fits.
inline std::int64_t rounded_div(int128 num, int128 den, const instr& i) {
  if (den == 0) fail(codes::division_by_zero, "division by zero", i);
  bool negative = (num < 0) != (den < 0);
  int128 a = num < 0 ? -num : num;
  int128 b = den < 0 ? -den : den;
  int128 q = a / b;
  if ((a % b) * 2 >= b) ++q;
  if (negative) q = -q;
  if (q > std::numeric_limits<std::int64_t>::max() ||
      q < std::numeric_limits<std::int64_t>::min()) {
    fail(codes::arithmetic_overflow, "arithmetic overflow", i);
  }
  return static_cast<std::int64_t>(q);
}

// A register's date (registers hold dates packed with their year, month and day).
[[gnu::always_inline]] inline date as_date(std::int64_t bits) {
  return date::from_days(cal::days_of(bits));
}

// A computed date into a register, or SR1012 when it left the calendar.
[[gnu::always_inline]] inline std::int64_t packed_or_fail(const std::optional<ymd>& d,
                                                          const instr& i) {
  if (!d) {
    fail(codes::date_outside_calendar,
         "the date falls outside the calendar (1400-01-01 to 9999-12-31)", i);
  }
  return cal::pack(cal::days_from_ymd(d->year, d->month, d->day), *d);
}

[[gnu::always_inline]] inline std::int64_t packed_or_fail(const std::optional<date>& d,
                                                          const instr& i) {
  if (!d) {
    fail(codes::date_outside_calendar,
         "the date falls outside the calendar (1400-01-01 to 9999-12-31)", i);
  }
  return cal::pack(d->days());
}

// `mod(a, b)`: the floored remainder (the sign of b); b = 0 is SR1010.
inline std::int64_t floored_mod(std::int64_t a, std::int64_t b, const instr& i) {
  if (b == 0) fail(codes::division_by_zero, "`mod` by zero", i);
  if (b == -1) return 0;  // INT64_MIN % -1 overflows
  std::int64_t m = a % b;
  if (m != 0 && ((m < 0) != (b < 0))) m += b;
  return m;
}

// The message of a working-day function that leaves its calendar's years (SR1021).
[[noreturn]] inline void outside_working_days(std::string_view function, const instr& i) {
  fail(codes::outside_working_days,
       "`" + std::string(function) +
           "` reaches a date outside the working-day calendar (1900-01-01 to 2200-12-31)",
       i);
}

// The day number of a register's date when the working-day calendar covers it, else SR1021.
[[gnu::always_inline]] inline std::int32_t covered_day(std::int64_t bits, std::string_view function,
                                                       const instr& i) {
  const std::int32_t d = cal::days_of(bits);
  if (!working_calendar::covers(d)) outside_working_days(function, i);
  return d;
}

// A working-day function's result into a register, or SR1021 when it left the calendar.
[[gnu::always_inline]] inline std::int64_t working_day_or_fail(const std::optional<std::int32_t>& d,
                                                               std::string_view function,
                                                               const instr& i) {
  if (!d) outside_working_days(function, i);
  return cal::pack(*d);
}

// `next_every_months(start, months, on_or_after)`: the smallest k >= 1 with
// start + k * months >= on_or_after. Each candidate lies in month start + k * months (or the
// first of the month after, with next_day), so k is floor(month gap / months) or a little more.
inline std::int64_t next_every_months(std::int64_t start, std::int64_t months,
                                      std::int64_t on_or_after, missing_day missing,
                                      const instr& i) {
  if (months < 1) {
    fail(codes::argument_out_of_range,
         "`next_every_months`: the step of months is " + std::to_string(months) +
             "; it must be 1 or more",
         i);
  }
  const ymd s = cal::parts_of(start);
  const ymd t = cal::parts_of(on_or_after);
  const std::int64_t gap = (std::int64_t{t.year} - s.year) * 12 + (t.month - s.month);
  std::int64_t k = std::max<std::int64_t>(1, gap / months);
  for (;;) {
    // k * months stays below 12 * 8600 + months: no overflow for any int64 months
    std::optional<ymd> d = cal::add_months_ymd(s, k > 1 ? k * months : months, missing);
    std::int64_t packed = packed_or_fail(d, i);
    if (packed >= on_or_after) return packed;
    ++k;
  }
}

[[gnu::always_inline]] inline bool string_holds(const machine_code& p, const frame& f,
                                                std::uint8_t how, std::int64_t a, std::int64_t b) {
  int c = p.string_of(a, f).compare(p.string_of(b, f));
  switch (static_cast<cmp>(how)) {
    case cmp::eq:
      return c == 0;
    case cmp::ne:
      return c != 0;
    case cmp::lt:
      return c < 0;
    case cmp::le:
      return c <= 0;
    case cmp::gt:
      return c > 0;
    case cmp::ge:
      return c >= 0;
  }
  return false;
}

// -----------------------------------------------------------------------------------------
// tables that look at every row

inline std::string table_name(const machine_code& p, std::uint32_t rule) {
  return "the table of `" + p.policy->symbols[p.rules[rule].slot].name + "`";
}

inline void combine_table(const machine_code& p, frame& f, const instr& i, std::uint32_t rule) {
  const table_code& t = p.tables[i.a];
  std::int64_t* r = f.slots.data();
  std::uint8_t* s = f.state.data();
  auto matched = [&](std::uint32_t k) { return r[t.tests + k] != 0; };
  r[t.otherwise] = 0;
  // the matching rows, for explanations ("rows 1, 4")
  if (f.matched.size() < p.rules.size()) f.matched.resize(p.rules.size());
  std::vector<std::uint32_t>& rows = f.matched[rule];
  rows.clear();
  for (std::uint32_t k = 0; k < t.rows; ++k) {
    if (matched(k)) rows.push_back(k);
  }
  // no row matched: the code after this instruction computes the otherwise value
  auto no_match = [&] {
    if (!t.has_otherwise) {
      throw eval_failure{codes::no_row_matches.id,
                         "no row of " + table_name(p, rule) + " matches this record"};
    }
    r[t.otherwise] = 1;
    f.branch[p.rules[rule].slot] = branch_otherwise;
  };
  if (t.hit == hit_policy::collect) {
    if (f.lists.size() < p.rules.size()) f.lists.resize(p.rules.size());
    std::vector<std::int64_t>& items = f.lists[rule];
    items.clear();
    for (std::uint32_t k = 0; k < t.rows; ++k) {
      if (matched(k)) items.push_back(r[t.results + k]);
    }
    f.branch[p.rules[rule].slot] = items.empty() ? branch_none : branch_collected;
    std::int64_t value = 0;
    switch (t.aggregate) {
      case aggregate_kind::list:
      case aggregate_kind::count:
        value = static_cast<std::int64_t>(items.size());
        break;
      case aggregate_kind::sum:
        for (std::int64_t x : items) {
          if (__builtin_add_overflow(value, x, &value)) {
            throw eval_failure{codes::arithmetic_overflow.id,
                               "arithmetic overflow in the sum of " + table_name(p, rule)};
          }
        }
        break;
      case aggregate_kind::min:
      case aggregate_kind::max:
        if (items.empty()) return no_match();
        value = t.aggregate == aggregate_kind::min ? *std::min_element(items.begin(), items.end())
                                                   : *std::max_element(items.begin(), items.end());
        break;
    }
    r[i.dst] = value;
    s[i.dst] = state_present;
    return;
  }
  // unique / any
  std::uint32_t found = no_register;
  for (std::uint32_t k = 0; k < t.rows; ++k) {
    if (!matched(k)) continue;
    if (found == no_register) {
      found = k;
      continue;
    }
    if (t.hit == hit_policy::unique) {
      throw eval_failure{codes::unique_rows_overlap.id,
                         "rows " + std::to_string(found + 1) + " and " + std::to_string(k + 1) +
                             " of " + table_name(p, rule) +
                             " both match this record, but the table is `unique`"};
    }
    std::int64_t a = r[t.results + found];
    std::int64_t b = r[t.results + k];
    bool same_state = s[t.results + found] == s[t.results + k];
    bool same = same_state &&
                (s[t.results + k] != state_present ||
                 (t.kind == type_kind::string ? p.string_of(a, f) == p.string_of(b, f) : a == b));
    if (!same) {
      throw eval_failure{codes::any_rows_disagree.id,
                         "rows " + std::to_string(found + 1) + " and " + std::to_string(k + 1) +
                             " of " + table_name(p, rule) +
                             " match this record with different results, but the "
                             "table is `any`"};
    }
  }
  if (found == no_register) return no_match();
  r[i.dst] = r[t.results + found];
  s[i.dst] = s[t.results + found];
  f.branch[p.rules[rule].slot] = found;
}

// -----------------------------------------------------------------------------------------
// the machine

// The index of the rule whose register is `slot` (cold: only after a failure).
inline std::uint32_t rule_of_slot(const machine_code& p, std::uint32_t slot) {
  for (std::uint32_t k = 0; k < p.rules.size(); ++k) {
    if (p.rules[k].slot == slot) return k;
  }
  return static_cast<std::uint32_t>(p.rules.size());
}

inline std::uint32_t next_runnable(const machine_code& p, frame& f, std::uint32_t from) {
  for (std::uint32_t k = from; k < p.rules.size(); ++k) {
    const compiled_rule& r = p.rules[k];
    bool fails = false;
    for (std::uint32_t dep : r.deps) {
      if (f.state[dep] == state_failed) {
        f.state[r.slot] = state_failed;
        f.error_of[r.slot] = f.error_of[dep];  // the root cause
        f.failed.push_back(r.slot);
        fails = true;
        break;
      }
    }
    if (!fails) return r.entry;
  }
  return p.end;
}

// Threaded dispatch: each instruction jumps straight to the code of the next one (computed goto
// on GCC and Clang, an extension, hence the pragma; a switch elsewhere).
#if defined(__GNUC__)
#  pragma GCC diagnostic push
#  pragma GCC diagnostic ignored "-Wpedantic"
#endif
inline void run_block(const machine_code& p, frame& f, std::uint32_t entry) {
  const instr* code = p.code.data();
  std::int64_t* r = f.slots.data();
  std::uint8_t* s = f.state.data();
  const calendar_conventions& conv = p.calendar;
  const instr* i = code + entry;
#if defined(__GNUC__)
  static const void* const dispatch[] = {
#  define SSPRULES_OP_LABEL(name) &&op_##name,
      SSPRULES_MACHINE_OPS(SSPRULES_OP_LABEL)
#  undef SSPRULES_OP_LABEL
  };
#  define SSPRULES_NEXT() goto* dispatch[static_cast<std::uint8_t>(i->code)]
#else
#  define SSPRULES_NEXT() goto dispatch_by_switch
#endif
#define SSPRULES_STEP() \
  ++i;                  \
  SSPRULES_NEXT()
// explanations record the working-day calls (the arguments are never the result's register:
// a call's result register is chosen before its arguments')
#define SSPRULES_TRACE()    \
  if (f.trace) [[unlikely]] \
  f.calls.push_back({static_cast<std::uint32_t>(i - code), r[i->a], r[i->b], r[i->dst]})
#define SSPRULES_JUMP_IF(condition, target)  \
  i = (condition) ? code + (target) : i + 1; \
  SSPRULES_NEXT()
  try {
    SSPRULES_NEXT();
#if !defined(__GNUC__)
  dispatch_by_switch:
    switch (i->code) {
#  define SSPRULES_OP_CASE(name) \
    case op::name:               \
      goto op_##name;
      SSPRULES_MACHINE_OPS(SSPRULES_OP_CASE)
#  undef SSPRULES_OP_CASE
    }
#endif
  op_ret:
    return;
  op_jump:
    i = code + i->a;
    SSPRULES_NEXT();
  op_jump_true:
    SSPRULES_JUMP_IF(r[i->a] != 0, i->b);
  op_jump_false:
    SSPRULES_JUMP_IF(r[i->a] == 0, i->b);
  op_jump_present:
    SSPRULES_JUMP_IF(s[i->a] == state_present, i->b);
  op_jump_missing:
    SSPRULES_JUMP_IF(s[i->a] != state_present, i->b);
  op_jump_eq:
    SSPRULES_JUMP_IF(r[i->a] == r[i->b], i->c);
  op_jump_ne:
    SSPRULES_JUMP_IF(r[i->a] != r[i->b], i->c);
  op_jump_lt:
    SSPRULES_JUMP_IF(r[i->a] < r[i->b], i->c);
  op_jump_le:
    SSPRULES_JUMP_IF(r[i->a] <= r[i->b], i->c);
  op_jump_gt:
    SSPRULES_JUMP_IF(r[i->a] > r[i->b], i->c);
  op_jump_ge:
    SSPRULES_JUMP_IF(r[i->a] >= r[i->b], i->c);
  op_jump_str:
    SSPRULES_JUMP_IF(string_holds(p, f, i->sub, r[i->a], r[i->b]), i->c);
  op_done:
    if (i->a != branch_keep) f.branch[i->dst] = i->a;
    i = code + (f.any_failed ? next_runnable(p, f, i->c + 1) : i->b);
    SSPRULES_NEXT();
  op_move_done:
    r[i->dst] = r[i->a];
    f.branch[i->dst] = i->c;
    i = code + (f.any_failed ? next_runnable(p, f, rule_of_slot(p, i->dst) + 1) : i->b);
    SSPRULES_NEXT();
  op_mark_version:
    f.version[i->dst] = i->a;
    SSPRULES_STEP();
  op_fail_no_row:
    throw eval_failure{codes::no_row_matches.id,
                       "no row of " + table_name(p, i->dst) + " matches this record"};
  op_mark_case:
    f.branch[i->dst] = i->a;
    SSPRULES_STEP();
  op_trace_call:
    if (f.trace) [[unlikely]] {
      const checked_function& fn = p.policy->functions[p.policy->symbols[i->a].index];
      traced_function_call t;
      t.at = static_cast<std::uint32_t>(i - code);
      t.function = i->a;
      for (std::uint32_t param : fn.params) {
        t.args.push_back(r[param]);
        t.arg_states.push_back(s[param]);
      }
      t.result = r[i->dst];
      t.result_state = s[i->dst];
      if (fn.body.form == body_form::cases) t.decided = f.branch[i->a];
      f.function_calls.push_back(std::move(t));
    }
    SSPRULES_STEP();
  op_raise:
    f.branch[i->dst] = i->c;
    if (f.trace && p.policy->symbols[i->dst].kind == symbol_kind::function) [[unlikely]] {
      // a case of a function's body raised its error: the call ends here (explanations and
      // coverage show it)
      const checked_function& fn = p.policy->functions[p.policy->symbols[i->dst].index];
      traced_function_call t;
      t.at = static_cast<std::uint32_t>(i - code);
      t.function = i->dst;
      for (std::uint32_t param : fn.params) {
        t.args.push_back(r[param]);
        t.arg_states.push_back(s[param]);
      }
      t.result_state = state_failed;
      t.decided = i->c;
      f.function_calls.push_back(std::move(t));
    }
    throw eval_failure{p.raised[i->a]->code.c_str(), p.raised[i->a]->message};
  op_move:
    r[i->dst] = r[i->a];
    SSPRULES_STEP();
  op_move_present:
    r[i->dst] = r[i->a];
    s[i->dst] = state_present;
    SSPRULES_STEP();
  op_move_state:
    r[i->dst] = r[i->a];
    s[i->dst] = s[i->a];
    SSPRULES_STEP();
  op_set_missing:
    r[i->dst] = 0;
    s[i->dst] = state_missing;
    SSPRULES_STEP();
  op_logical_not:
    r[i->dst] = r[i->a] == 0;
    SSPRULES_STEP();
  op_add:
    r[i->dst] = checked_add(r[i->a], r[i->b], *i);
    SSPRULES_STEP();
  op_sub : {
    std::int64_t v = 0;
    if (__builtin_sub_overflow(r[i->a], r[i->b], &v)) {
      fail(codes::arithmetic_overflow, "arithmetic overflow", *i);
    }
    r[i->dst] = v;
    SSPRULES_STEP();
  }
  op_mul : {
    std::int64_t v = 0;
    if (__builtin_mul_overflow(r[i->a], r[i->b], &v)) {
      fail(codes::arithmetic_overflow, "arithmetic overflow", *i);
    }
    r[i->dst] = v;
    SSPRULES_STEP();
  }
  op_neg:
    if (r[i->a] == std::numeric_limits<std::int64_t>::min()) {
      fail(codes::arithmetic_overflow, "arithmetic overflow", *i);
    }
    r[i->dst] = -r[i->a];
    SSPRULES_STEP();
  op_abs:
    if (r[i->a] == std::numeric_limits<std::int64_t>::min()) {
      fail(codes::arithmetic_overflow, "arithmetic overflow", *i);
    }
    r[i->dst] = r[i->a] < 0 ? -r[i->a] : r[i->a];
    SSPRULES_STEP();
  op_decimal_mul:
    r[i->dst] = rounded_div(static_cast<int128>(r[i->a]) * r[i->b], decimal::scale, *i);
    SSPRULES_STEP();
  op_decimal_div:
    r[i->dst] = rounded_div(static_cast<int128>(r[i->a]) * decimal::scale, r[i->b], *i);
    SSPRULES_STEP();
  op_to_decimal : {
    std::int64_t v = 0;
    if (__builtin_mul_overflow(r[i->a], decimal::scale, &v)) {
      fail(codes::arithmetic_overflow, "arithmetic overflow", *i);
    }
    r[i->dst] = v;
    SSPRULES_STEP();
  }
  op_to_decimal_state : {
    std::int64_t v = 0;
    if (s[i->a] == state_present && __builtin_mul_overflow(r[i->a], decimal::scale, &v)) {
      fail(codes::arithmetic_overflow, "arithmetic overflow", *i);
    }
    r[i->dst] = v;
    s[i->dst] = s[i->a];
    SSPRULES_STEP();
  }
  op_cmp_eq:
    r[i->dst] = r[i->a] == r[i->b];
    SSPRULES_STEP();
  op_cmp_ne:
    r[i->dst] = r[i->a] != r[i->b];
    SSPRULES_STEP();
  op_cmp_lt:
    r[i->dst] = r[i->a] < r[i->b];
    SSPRULES_STEP();
  op_cmp_le:
    r[i->dst] = r[i->a] <= r[i->b];
    SSPRULES_STEP();
  op_cmp_gt:
    r[i->dst] = r[i->a] > r[i->b];
    SSPRULES_STEP();
  op_cmp_ge:
    r[i->dst] = r[i->a] >= r[i->b];
    SSPRULES_STEP();
  op_cmp_str:
    r[i->dst] = string_holds(p, f, i->sub, r[i->a], r[i->b]);
    SSPRULES_STEP();
  op_in_set : {
    std::int64_t v = r[i->a];
    const std::int64_t* set = p.sets.data() + i->b;
    bool found = false;
    for (std::uint32_t k = 0; k < i->c && !found; ++k) found = v == set[k];
    r[i->dst] = found != i->negated;
    SSPRULES_STEP();
  }
  op_in_set_str : {
    std::int64_t v = r[i->a];
    const std::int64_t* set = p.sets.data() + i->b;
    bool found = false;
    for (std::uint32_t k = 0; k < i->c && !found; ++k) {
      found = string_holds(p, f, static_cast<std::uint8_t>(cmp::eq), v, set[k]);
    }
    r[i->dst] = found != i->negated;
    SSPRULES_STEP();
  }
  op_in_range:
    r[i->dst] = (r[i->b] <= r[i->a] && r[i->a] <= r[i->c]) != i->negated;
    SSPRULES_STEP();
  op_in_range_str:
    r[i->dst] =
        (string_holds(p, f, static_cast<std::uint8_t>(cmp::le), r[i->b], r[i->a]) &&
         string_holds(p, f, static_cast<std::uint8_t>(cmp::le), r[i->a], r[i->c])) != i->negated;
    SSPRULES_STEP();
  op_present:
    r[i->dst] = s[i->a] == state_present;
    SSPRULES_STEP();
  op_coalesce:
    r[i->dst] = s[i->a] == state_present ? r[i->a] : r[i->b];
    s[i->dst] = state_present;
    SSPRULES_STEP();
  op_coalesce_state : {
    std::uint32_t from = s[i->a] == state_present ? i->a : i->b;
    r[i->dst] = r[from];
    s[i->dst] = s[from];
    SSPRULES_STEP();
  }
  op_age : {
    if (r[i->b] < r[i->a]) fail(codes::age_before_birth, "the date is before the birth date", *i);
    r[i->dst] = cal::age_of(cal::parts_of(r[i->a]), cal::parts_of(r[i->b]), conv.leap_day);
    SSPRULES_STEP();
  }
  op_birthday:
    if (r[i->b] < 0) {
      fail(codes::date_outside_calendar, "a birthday number must not be negative", *i);
    }
    r[i->dst] =
        packed_or_fail(cal::nth_birthday_ymd(cal::parts_of(r[i->a]), r[i->b], conv.leap_day), *i);
    SSPRULES_STEP();
  op_add_days:
    r[i->dst] = packed_or_fail(add_days(as_date(r[i->a]), r[i->b]), *i);
    SSPRULES_STEP();
  op_add_months:
    r[i->dst] =
        packed_or_fail(cal::add_months_ymd(cal::parts_of(r[i->a]), r[i->b], conv.missing), *i);
    SSPRULES_STEP();
  op_add_years:
    r[i->dst] = packed_or_fail(add_years(as_date(r[i->a]), r[i->b], conv), *i);
    SSPRULES_STEP();
  op_days_between:
    r[i->dst] = days_between(as_date(r[i->a]), as_date(r[i->b]));
    SSPRULES_STEP();
  op_months_between:
    r[i->dst] = months_between(as_date(r[i->a]), as_date(r[i->b]), conv);
    SSPRULES_STEP();
  op_year:
    r[i->dst] = cal::parts_of(r[i->a]).year;
    SSPRULES_STEP();
  op_month:
    r[i->dst] = cal::parts_of(r[i->a]).month;
    SSPRULES_STEP();
  op_day:
    r[i->dst] = cal::parts_of(r[i->a]).day;
    SSPRULES_STEP();
  op_min2:
    r[i->dst] = std::min(r[i->a], r[i->b]);
    SSPRULES_STEP();
  op_max2:
    r[i->dst] = std::max(r[i->a], r[i->b]);
    SSPRULES_STEP();
  op_floor : {
    std::int64_t q = r[i->a] / decimal::scale;
    if (r[i->a] % decimal::scale != 0 && r[i->a] < 0) --q;
    r[i->dst] = q;
    SSPRULES_STEP();
  }
  op_ceil : {
    std::int64_t q = r[i->a] / decimal::scale;
    if (r[i->a] % decimal::scale != 0 && r[i->a] > 0) ++q;
    r[i->dst] = q;
    SSPRULES_STEP();
  }
  op_mod:
    r[i->dst] = floored_mod(r[i->a], r[i->b], *i);
    SSPRULES_STEP();
  op_weekday:
    r[i->dst] = p.weekday_values[static_cast<std::size_t>(weekday_of(as_date(r[i->a])))];
    SSPRULES_STEP();
  op_easter:
    if (r[i->a] < cal::min_year || r[i->a] > cal::max_year) {
      fail(codes::date_outside_calendar,
           "`easter`: the year " + std::to_string(r[i->a]) + " is outside 1400 to 9999", *i);
    }
    r[i->dst] = packed_or_fail(easter_sunday(static_cast<int>(r[i->a])), *i);
    SSPRULES_STEP();
  op_next_every_months:
    r[i->dst] = next_every_months(r[i->a], r[i->b], r[i->c], conv.missing, *i);
    SSPRULES_TRACE();
    SSPRULES_STEP();
  op_is_working_day:
    r[i->dst] = p.working_days->is_working_day(covered_day(r[i->a], "is_working_day", *i));
    SSPRULES_TRACE();
    SSPRULES_STEP();
  op_add_working_days:
    r[i->dst] = working_day_or_fail(
        p.working_days->add(covered_day(r[i->a], "add_working_days", *i), r[i->b]),
        "add_working_days", *i);
    SSPRULES_TRACE();
    SSPRULES_STEP();
  op_working_day_on_or_after:
    r[i->dst] = working_day_or_fail(
        p.working_days->on_or_after(covered_day(r[i->a], "working_day_on_or_after", *i)),
        "working_day_on_or_after", *i);
    SSPRULES_TRACE();
    SSPRULES_STEP();
  op_working_days_between : {
    std::int32_t from = covered_day(r[i->a], "working_days_between", *i);
    std::int32_t to = covered_day(r[i->b], "working_days_between", *i);
    r[i->dst] = p.working_days->count_through(to) - p.working_days->count_through(from);
    SSPRULES_TRACE();
    SSPRULES_STEP();
  }
  op_table:
    combine_table(p, f, *i, p.tables[i->a].rule);
    SSPRULES_STEP();
  op_item_next : {
    const std::int64_t list = r[i->a];
    const auto k = static_cast<std::uint32_t>(r[i->b]);
    if (k >= list_size(list)) {
      i = code + i->c;
      SSPRULES_NEXT();
    }
    const std::uint64_t at = list_first(list) + std::uint64_t{k} * i->sub;
    for (std::uint32_t field = 0; field < i->sub; ++field) {
      r[i->dst + field] = f.items[at + field];
      s[i->dst + field] = f.item_states[at + field];
    }
    r[i->b] = k + 1;
    SSPRULES_STEP();
  }
  op_list_count:
    r[i->dst] = list_size(r[i->a]);
    SSPRULES_STEP();
  op_items_begin:
    if (f.trace) [[unlikely]]
      f.item_marks.push_back(f.noted_items.size());
    SSPRULES_STEP();
  op_note_item:
    if (f.trace) [[unlikely]]
      f.noted_items.push_back(static_cast<std::uint32_t>(r[i->a] - 1));
    SSPRULES_STEP();
  op_trace_items:
    if (f.trace && !f.item_marks.empty()) [[unlikely]] {
      const std::size_t from = f.item_marks.back();
      f.item_marks.pop_back();
      traced_items t;
      t.at = static_cast<std::uint32_t>(i - code);
      t.list = r[i->a];
      t.noted.assign(f.noted_items.begin() + static_cast<std::ptrdiff_t>(from),
                     f.noted_items.end());
      f.noted_items.resize(from);
      t.result = r[i->dst];
      t.result_state = s[i->dst];
      f.item_traces.push_back(std::move(t));
    }
    SSPRULES_STEP();
  } catch (eval_failure& e) {
    e.at = static_cast<std::uint32_t>(i - code);
    throw;
  }
#undef SSPRULES_JUMP_IF
#undef SSPRULES_STEP
#undef SSPRULES_TRACE
#undef SSPRULES_NEXT
}
#if defined(__GNUC__)
#  pragma GCC diagnostic pop
#endif

inline void prepare_frame(const machine_code& p, frame& f) {
  if (f.owner == p.serial) return;
  f.owner = p.serial;
  f.slots.assign(p.slot_count, 0);
  f.state.assign(p.slot_count, state_present);  // constants and `as_of` are always present
  for (const auto& [reg, value] : p.constants) f.slots[reg] = value;
  f.error_of.assign(p.slot_count, -1);
  f.branch.assign(p.slot_count, branch_none);
  f.version.assign(p.slot_count, 0);
  f.matched.clear();
  f.failed.clear();
  f.errors.clear();
  f.segment_from = 1;  // no segment cached
  f.segment_to = 0;
  f.any_failed = false;
}

inline value list_value(const machine_code& p, const frame& f, const type_info& t,
                        std::int64_t ref);

inline value to_value(const machine_code& p, const frame& f, const type_info& t, std::int64_t bits,
                      bool present) {
  if (!present) return value::missing(t.kind);
  switch (t.kind) {
    case type_kind::boolean:
      return value::of_bool(bits != 0);
    case type_kind::integer:
      return value::of_integer(bits);
    case type_kind::decimal:
      return value::of_decimal(decimal::from_micros(bits));
    case type_kind::string:
      return value::of_string(p.string_of(bits, f));
    case type_kind::enumeration:
      return value::of_enum(p.policy->enum_values[static_cast<std::size_t>(bits)]);
    case type_kind::date:
      return value::of_date(as_date(bits));
    case type_kind::list:
      return list_value(p, f, t, bits);
    case type_kind::record:
      break;  // items are shown through their list
  }
  return {};
}

inline value list_value(const machine_code& p, const frame& f, const type_info& t,
                        std::int64_t ref) {
  if (f.items == nullptr || t.record >= p.policy->records.size()) {
    return value::missing(type_kind::list);
  }
  const record_type& rt = p.policy->records[t.record];
  const std::size_t width = rt.fields.size();
  std::vector<value> items;
  items.reserve(list_size(ref));
  std::vector<std::string> names;
  if (t.item == type_kind::record) {
    for (const record_type::field& fd : rt.fields) names.push_back(fd.name);
  }
  for (std::uint32_t k = 0; k < list_size(ref); ++k) {
    const std::uint64_t at = list_first(ref) + std::uint64_t{k} * width;
    std::vector<value> fields;
    for (std::size_t j = 0; j < width; ++j) {
      fields.push_back(to_value(p, f, rt.fields[j].type.required(), f.items[at + j],
                                f.item_states[at + j] == state_present));
    }
    if (t.item == type_kind::record) {
      items.push_back(value::of_record(names, std::move(fields)));
    } else {
      items.push_back(std::move(fields[0]));
    }
  }
  return value::of_list(t.item, std::move(items));
}

}  // namespace ssprules::inline SSPRULES_ABI::detail
