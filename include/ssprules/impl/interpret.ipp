// The machine (part of the evaluate stage): runs a rule's block of instructions over the
// registers of a frame. Every operation's meaning is defined here once; compile runs the same
// machine to fold constants, compute parameters and check assertions.
#pragma once

#include <algorithm>
#include <limits>

#include "ssprules/detail/civil.hpp"
#include "ssprules/detail/program.hpp"

namespace ssprules::detail {

__extension__ using int128 = __int128;  // products of decimals need 128 bits

// -----------------------------------------------------------------------------------------
// primitive operations

[[noreturn]] SSPRULES_INLINE void fail(const char* code, const std::string& what, const instr& i) {
  std::string where = i.source ? source_text(i.source->syntax) : std::string();
  throw eval_failure{code, where.empty() ? what : what + " in `" + where + "`"};
}

[[gnu::always_inline]] inline std::int64_t checked_add(std::int64_t a, std::int64_t b,
                                                       const instr& i) {
  std::int64_t r = 0;
  if (__builtin_add_overflow(a, b, &r)) fail("SR1011", "arithmetic overflow", i);
  return r;
}

// Rounds a 128-bit quotient half away from zero and checks that it fits.
SSPRULES_INLINE std::int64_t rounded_div(int128 num, int128 den, const instr& i) {
  if (den == 0) fail("SR1010", "division by zero", i);
  bool negative = (num < 0) != (den < 0);
  int128 a = num < 0 ? -num : num;
  int128 b = den < 0 ? -den : den;
  int128 q = a / b;
  if ((a % b) * 2 >= b) ++q;
  if (negative) q = -q;
  if (q > std::numeric_limits<std::int64_t>::max() || q < std::numeric_limits<std::int64_t>::min()) {
    fail("SR1011", "arithmetic overflow", i);
  }
  return static_cast<std::int64_t>(q);
}

[[gnu::always_inline]] inline date as_date(std::int64_t bits) {
  return date::from_days(static_cast<std::int32_t>(bits));
}

// Year, month and day of a date, from the frame's two-entry cache when it was taken apart
// before (a record's birth date, the evaluation date). Returned by value: a second call may
// replace the entry the first one returned.
[[gnu::always_inline]] inline ymd ymd_of(frame& f, std::int64_t bits) {
  auto days = static_cast<std::int32_t>(bits);
  if (f.ymd_days[0] == days) return f.ymd_parts[0];
  if (f.ymd_days[1] == days) return f.ymd_parts[1];
  unsigned slot = f.ymd_next;
  f.ymd_next ^= 1U;
  f.ymd_days[slot] = days;
  f.ymd_parts[slot] = cal::ymd_from_days(days);
  return f.ymd_parts[slot];
}

[[gnu::always_inline]] inline std::int64_t date_or_fail(const std::optional<date>& d,
                                                        const instr& i) {
  if (!d) fail("SR1012", "the date falls outside the calendar (1400-01-01 to 9999-12-31)", i);
  return d->days();
}

[[gnu::always_inline]] inline bool string_holds(const program_impl& p, const frame& f,
                                                std::uint8_t how, std::int64_t a,
                                                std::int64_t b) {
  int c = p.string_of(a, f).compare(p.string_of(b, f));
  switch (static_cast<cmp>(how)) {
    case cmp::eq: return c == 0;
    case cmp::ne: return c != 0;
    case cmp::lt: return c < 0;
    case cmp::le: return c <= 0;
    case cmp::gt: return c > 0;
    case cmp::ge: return c >= 0;
  }
  return false;
}

// -----------------------------------------------------------------------------------------
// tables that look at every row

SSPRULES_INLINE std::string table_name(const program_impl& p, std::uint32_t rule) {
  return "the table of `" + p.policy->symbols[p.rules[rule].slot].name + "`";
}

SSPRULES_INLINE void combine_table(const program_impl& p, frame& f, const instr& i,
                                   std::uint32_t rule) {
  const table_code& t = p.tables[i.a];
  std::int64_t* r = f.slots.data();
  std::uint8_t* s = f.state.data();
  auto matched = [&](std::uint32_t k) { return r[t.tests + k] != 0; };
  r[t.otherwise] = 0;
  // no row matched: the code after this instruction computes the otherwise value
  auto no_match = [&] {
    if (!t.has_otherwise) {
      throw eval_failure{"SR1013", "no row of " + table_name(p, rule) + " matches this record"};
    }
    r[t.otherwise] = 1;
    f.branch[rule] = branch_otherwise;
  };
  if (t.hit == hit_policy::collect) {
    if (f.lists.size() < p.rules.size()) f.lists.resize(p.rules.size());
    std::vector<std::int64_t>& items = f.lists[rule];
    items.clear();
    for (std::uint32_t k = 0; k < t.rows; ++k) {
      if (matched(k)) items.push_back(r[t.results + k]);
    }
    f.branch[rule] = items.empty() ? branch_none : branch_collected;
    std::int64_t value = 0;
    switch (t.aggregate) {
      case aggregate_kind::list:
      case aggregate_kind::count: value = static_cast<std::int64_t>(items.size()); break;
      case aggregate_kind::sum:
        for (std::int64_t x : items) {
          if (__builtin_add_overflow(value, x, &value)) {
            throw eval_failure{"SR1011", "arithmetic overflow in the sum of " + table_name(p, rule)};
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
      throw eval_failure{"SR1014", "rows " + std::to_string(found + 1) + " and " +
                                       std::to_string(k + 1) + " of " + table_name(p, rule) +
                                       " both match this record, but the table is `unique`"};
    }
    std::int64_t a = r[t.results + found];
    std::int64_t b = r[t.results + k];
    bool same_state = s[t.results + found] == s[t.results + k];
    bool same = same_state && (s[t.results + k] != state_present ||
                               (t.kind == type_kind::string ? p.string_of(a, f) == p.string_of(b, f)
                                                            : a == b));
    if (!same) {
      throw eval_failure{"SR1018", "rows " + std::to_string(found + 1) + " and " +
                                       std::to_string(k + 1) + " of " + table_name(p, rule) +
                                       " match this record with different results, but the "
                                       "table is `any`"};
    }
  }
  if (found == no_register) return no_match();
  r[i.dst] = r[t.results + found];
  s[i.dst] = s[t.results + found];
  f.branch[rule] = found;
}

// -----------------------------------------------------------------------------------------
// the machine

SSPRULES_INLINE bool fails_with_dependency(const program_impl& p, frame& f, std::uint32_t rule) {
  const compiled_rule& r = p.rules[rule];
  for (std::uint32_t dep : r.deps) {
    if (f.state[dep] == state_failed) {
      f.state[r.slot] = state_failed;
      f.error_of[r.slot] = f.error_of[dep];  // the root cause
      f.failed.push_back(r.slot);
      return true;
    }
  }
  return false;
}

SSPRULES_INLINE void run_block(const program_impl& p, frame& f, std::uint32_t entry,
                               std::uint32_t& rule) {
  const instr* code = p.code.data();
  std::int64_t* r = f.slots.data();
  std::uint8_t* s = f.state.data();
  const calendar_conventions& conv = p.calendar;
  for (const instr* i = code + entry;; ++i) {
    switch (i->code) {
      case op::ret: return;
      case op::jump: i = code + i->a - 1; break;
      case op::jump_true: if (r[i->a] != 0) i = code + i->b - 1; break;
      case op::jump_false: if (r[i->a] == 0) i = code + i->b - 1; break;
      case op::jump_present: if (s[i->a] == state_present) i = code + i->b - 1; break;
      case op::jump_missing: if (s[i->a] != state_present) i = code + i->b - 1; break;
      case op::jump_eq: if (r[i->a] == r[i->b]) i = code + i->c - 1; break;
      case op::jump_ne: if (r[i->a] != r[i->b]) i = code + i->c - 1; break;
      case op::jump_lt: if (r[i->a] < r[i->b]) i = code + i->c - 1; break;
      case op::jump_le: if (r[i->a] <= r[i->b]) i = code + i->c - 1; break;
      case op::jump_gt: if (r[i->a] > r[i->b]) i = code + i->c - 1; break;
      case op::jump_ge: if (r[i->a] >= r[i->b]) i = code + i->c - 1; break;
      case op::jump_str:
        if (string_holds(p, f, i->sub, r[i->a], r[i->b])) i = code + i->c - 1;
        break;
      case op::rule:
        rule = i->a;
        if (f.any_failed && fails_with_dependency(p, f, rule)) {
          i = code + i->b - 1;
          break;
        }
        if (i->c == 0) s[i->dst] = state_present;  // a value that is never missing
        break;
      case op::done:
        f.branch[rule] = i->a;
        i = code + i->b - 1;
        break;
      case op::mark: f.branch[rule] = i->a; break;
      case op::mark_version: f.version[rule] = i->a; break;
      case op::fail_no_row:
        throw eval_failure{"SR1013", "no row of " + table_name(p, rule) + " matches this record"};
      case op::move: r[i->dst] = r[i->a]; break;
      case op::move_present:
        r[i->dst] = r[i->a];
        s[i->dst] = state_present;
        break;
      case op::move_state:
        r[i->dst] = r[i->a];
        s[i->dst] = s[i->a];
        break;
      case op::set_missing:
        r[i->dst] = 0;
        s[i->dst] = state_missing;
        break;
      case op::logical_not: r[i->dst] = r[i->a] == 0; break;
      case op::add: r[i->dst] = checked_add(r[i->a], r[i->b], *i); break;
      case op::sub: {
        std::int64_t v = 0;
        if (__builtin_sub_overflow(r[i->a], r[i->b], &v)) fail("SR1011", "arithmetic overflow", *i);
        r[i->dst] = v;
        break;
      }
      case op::mul: {
        std::int64_t v = 0;
        if (__builtin_mul_overflow(r[i->a], r[i->b], &v)) fail("SR1011", "arithmetic overflow", *i);
        r[i->dst] = v;
        break;
      }
      case op::neg:
        if (r[i->a] == std::numeric_limits<std::int64_t>::min()) fail("SR1011", "arithmetic overflow", *i);
        r[i->dst] = -r[i->a];
        break;
      case op::abs:
        if (r[i->a] == std::numeric_limits<std::int64_t>::min()) fail("SR1011", "arithmetic overflow", *i);
        r[i->dst] = r[i->a] < 0 ? -r[i->a] : r[i->a];
        break;
      case op::decimal_mul:
        r[i->dst] = rounded_div(static_cast<int128>(r[i->a]) * r[i->b], decimal::scale, *i);
        break;
      case op::decimal_div:
        r[i->dst] = rounded_div(static_cast<int128>(r[i->a]) * decimal::scale, r[i->b], *i);
        break;
      case op::to_decimal:
      case op::to_decimal_state: {
        bool present = i->code == op::to_decimal || s[i->a] == state_present;
        std::int64_t v = 0;
        if (present && __builtin_mul_overflow(r[i->a], decimal::scale, &v)) {
          fail("SR1011", "arithmetic overflow", *i);
        }
        r[i->dst] = v;
        if (i->code == op::to_decimal_state) s[i->dst] = s[i->a];
        break;
      }
      case op::cmp_eq: r[i->dst] = r[i->a] == r[i->b]; break;
      case op::cmp_ne: r[i->dst] = r[i->a] != r[i->b]; break;
      case op::cmp_lt: r[i->dst] = r[i->a] < r[i->b]; break;
      case op::cmp_le: r[i->dst] = r[i->a] <= r[i->b]; break;
      case op::cmp_gt: r[i->dst] = r[i->a] > r[i->b]; break;
      case op::cmp_ge: r[i->dst] = r[i->a] >= r[i->b]; break;
      case op::cmp_str: r[i->dst] = string_holds(p, f, i->sub, r[i->a], r[i->b]); break;
      case op::in_set:
      case op::in_set_str: {
        std::int64_t v = r[i->a];
        const std::int64_t* set = p.sets.data() + i->b;
        bool found = false;
        for (std::uint32_t k = 0; k < i->c && !found; ++k) {
          found = i->code == op::in_set ? v == set[k]
                                        : string_holds(p, f, static_cast<std::uint8_t>(cmp::eq), v, set[k]);
        }
        r[i->dst] = found != i->negated;
        break;
      }
      case op::in_range:
        r[i->dst] = (r[i->b] <= r[i->a] && r[i->a] <= r[i->c]) != i->negated;
        break;
      case op::in_range_str:
        r[i->dst] = (string_holds(p, f, static_cast<std::uint8_t>(cmp::le), r[i->b], r[i->a]) &&
                     string_holds(p, f, static_cast<std::uint8_t>(cmp::le), r[i->a], r[i->c])) !=
                    i->negated;
        break;
      case op::present: r[i->dst] = s[i->a] == state_present; break;
      case op::coalesce:
        r[i->dst] = s[i->a] == state_present ? r[i->a] : r[i->b];
        s[i->dst] = state_present;
        break;
      case op::coalesce_state: {
        std::uint32_t from = s[i->a] == state_present ? i->a : i->b;
        r[i->dst] = r[from];
        s[i->dst] = s[from];
        break;
      }
      case op::age: {
        if (r[i->b] < r[i->a]) fail("SR1015", "the date is before the birth date", *i);
        ymd birth = ymd_of(f, r[i->a]);
        r[i->dst] = cal::age_of(birth, ymd_of(f, r[i->b]), conv.leap_day);
        break;
      }
      case op::birthday:
        if (r[i->b] < 0) fail("SR1012", "a birthday number must not be negative", *i);
        r[i->dst] = date_or_fail(cal::nth_birthday_of(ymd_of(f, r[i->a]), r[i->b], conv.leap_day), *i);
        break;
      case op::add_days: r[i->dst] = date_or_fail(add_days(as_date(r[i->a]), r[i->b]), *i); break;
      case op::add_months:
        r[i->dst] = date_or_fail(cal::add_months_to(ymd_of(f, r[i->a]), r[i->b], conv.missing), *i);
        break;
      case op::add_years:
        r[i->dst] = date_or_fail(add_years(as_date(r[i->a]), r[i->b], conv), *i);
        break;
      case op::days_between: r[i->dst] = days_between(as_date(r[i->a]), as_date(r[i->b])); break;
      case op::months_between:
        r[i->dst] = months_between(as_date(r[i->a]), as_date(r[i->b]), conv);
        break;
      case op::year: r[i->dst] = ymd_of(f, r[i->a]).year; break;
      case op::month: r[i->dst] = ymd_of(f, r[i->a]).month; break;
      case op::day: r[i->dst] = ymd_of(f, r[i->a]).day; break;
      case op::min2: r[i->dst] = std::min(r[i->a], r[i->b]); break;
      case op::max2: r[i->dst] = std::max(r[i->a], r[i->b]); break;
      case op::table: combine_table(p, f, *i, rule); break;
    }
  }
}

SSPRULES_INLINE void prepare_frame(const program_impl& p, frame& f) {
  if (f.owner == p.serial) return;
  f.owner = p.serial;
  f.slots.assign(p.slot_count, 0);
  f.state.assign(p.slot_count, state_present);  // constants and `as_of` are always present
  for (const auto& [reg, value] : p.constants) f.slots[reg] = value;
  f.error_of.assign(p.slot_count, -1);
  f.branch.assign(p.rules.size(), branch_none);
  f.version.assign(p.rules.size(), 0);
  f.failed.clear();
  f.errors.clear();
  f.segment_from = 1;  // no segment cached
  f.segment_to = 0;
  f.any_failed = false;
}

SSPRULES_INLINE value to_value(const program_impl& p, const frame& f, const type_info& t,
                               std::int64_t bits, bool present) {
  if (!present) return value::missing(t.kind);
  switch (t.kind) {
    case type_kind::boolean: return value::of_bool(bits != 0);
    case type_kind::integer: return value::of_integer(bits);
    case type_kind::decimal: return value::of_decimal(decimal::from_micros(bits));
    case type_kind::string: return value::of_string(p.string_of(bits, f));
    case type_kind::enumeration:
      return value::of_enum(p.policy->enum_values[static_cast<std::size_t>(bits)]);
    case type_kind::date: return value::of_date(as_date(bits));
    case type_kind::list: return value::missing(type_kind::list);
  }
  return {};
}

}  // namespace ssprules::detail
