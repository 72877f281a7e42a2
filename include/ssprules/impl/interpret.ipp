// The node interpreter (part of the evaluate stage). Every compiled node carries a handler that
// compile chose for its shape: `age == 17` is one handler that reads a slot and compares it with
// a constant, `present(x)` one that reads a state, `age(birth_date, as_of)` one that reads two
// slots. Shapes without a handler of their own go through `evaluate_node`, the general switch.
// Children that are loads or constants are read inline, without a call.
#pragma once

#include <limits>

#include "ssprules/detail/civil.hpp"
#include "ssprules/detail/program.hpp"

namespace ssprules::detail {

__extension__ using int128 = __int128;  // products of decimals need 128 bits

// -----------------------------------------------------------------------------------------
// primitive operations

[[noreturn]] SSPRULES_INLINE void fail(const char* code, const std::string& what,
                                       const code_node& n) {
  std::string where = n.source ? source_text(n.source->syntax) : std::string();
  throw eval_failure{code, where.empty() ? what : what + " in `" + where + "`"};
}

[[gnu::always_inline]] inline std::int64_t checked_add(std::int64_t a, std::int64_t b,
                                                       const code_node& n) {
  std::int64_t r = 0;
  if (__builtin_add_overflow(a, b, &r)) fail("SR1011", "arithmetic overflow", n);
  return r;
}

[[gnu::always_inline]] inline std::int64_t checked_sub(std::int64_t a, std::int64_t b,
                                                       const code_node& n) {
  std::int64_t r = 0;
  if (__builtin_sub_overflow(a, b, &r)) fail("SR1011", "arithmetic overflow", n);
  return r;
}

// Rounds a 128-bit quotient half away from zero and checks that it fits.
SSPRULES_INLINE std::int64_t rounded_div(int128 num, int128 den, const code_node& n) {
  if (den == 0) fail("SR1010", "division by zero", n);
  bool negative = (num < 0) != (den < 0);
  int128 a = num < 0 ? -num : num;
  int128 b = den < 0 ? -den : den;
  int128 q = a / b;
  if ((a % b) * 2 >= b) ++q;
  if (negative) q = -q;
  if (q > std::numeric_limits<std::int64_t>::max() || q < std::numeric_limits<std::int64_t>::min()) {
    fail("SR1011", "arithmetic overflow", n);
  }
  return static_cast<std::int64_t>(q);
}

[[gnu::always_inline]] inline date as_date(std::int64_t bits) {
  return date::from_days(static_cast<std::int32_t>(bits));
}

// Year, month and day of a date, from the frame's two-entry cache when it was taken apart
// before (a record's birth date, the evaluation date). Returned by value: a second call may
// replace the entry the first one returned.
[[gnu::always_inline]] inline ymd ymd_of(const frame& f, std::int64_t bits) {
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
                                                        const code_node& n) {
  if (!d) fail("SR1012", "the date falls outside the calendar (1400-01-01 to 9999-12-31)", n);
  return d->days();
}

[[gnu::always_inline]] inline bool equal(const program_impl& p, const frame& f, type_kind kind,
                                         std::int64_t a, std::int64_t b) {
  if (kind == type_kind::string) return p.string_of(a, f) == p.string_of(b, f);
  return a == b;
}

[[gnu::always_inline]] inline int compare(const program_impl& p, const frame& f, type_kind kind,
                                          std::int64_t a, std::int64_t b) {
  if (kind == type_kind::string) return p.string_of(a, f).compare(p.string_of(b, f));
  return a < b ? -1 : (a > b ? 1 : 0);
}

// The value of node `index`: loads and constants inline, the rest through the node's handler.
[[gnu::always_inline]] inline std::int64_t eval(const program_impl& p, const frame& f,
                                                std::uint32_t index) {
  const code_node& n = p.nodes[index];
  if (n.op == node_op::load) return f.slots[static_cast<std::size_t>(n.bits)];
  if (n.op == node_op::constant) return n.bits;
  return n.run(p, f, n);
}

// -----------------------------------------------------------------------------------------
// the general switch

SSPRULES_INLINE std::int64_t call(const program_impl& p, const frame& f, const code_node& n) {
  const std::uint32_t* kid = p.children.data() + n.first;
  const calendar_conventions& conv = p.calendar;
  switch (n.fn) {
    case builtin::age: {
      std::int64_t birth = eval(p, f, kid[0]);
      std::int64_t on = eval(p, f, kid[1]);
      if (on < birth) fail("SR1015", "the date is before the birth date", n);
      return cal::age_of(ymd_of(f, birth), ymd_of(f, on), conv.leap_day);
    }
    case builtin::birthday: {
      std::int64_t birth = eval(p, f, kid[0]);
      std::int64_t k = eval(p, f, kid[1]);
      if (k < 0) fail("SR1012", "a birthday number must not be negative", n);
      return date_or_fail(cal::nth_birthday_of(ymd_of(f, birth), k, conv.leap_day), n);
    }
    case builtin::add_days: return date_or_fail(add_days(as_date(eval(p, f, kid[0])), eval(p, f, kid[1])), n);
    case builtin::add_months: {
      const ymd d = ymd_of(f, eval(p, f, kid[0]));
      return date_or_fail(cal::add_months_to(d, eval(p, f, kid[1]), conv.missing), n);
    }
    case builtin::add_years:
      return date_or_fail(add_years(as_date(eval(p, f, kid[0])), eval(p, f, kid[1]), conv), n);
    case builtin::days_between:
      return days_between(as_date(eval(p, f, kid[0])), as_date(eval(p, f, kid[1])));
    case builtin::months_between:
      return months_between(as_date(eval(p, f, kid[0])), as_date(eval(p, f, kid[1])), conv);
    case builtin::year: return ymd_of(f, eval(p, f, kid[0])).year;
    case builtin::month: return ymd_of(f, eval(p, f, kid[0])).month;
    case builtin::day: return ymd_of(f, eval(p, f, kid[0])).day;
    case builtin::abs: {
      std::int64_t v = eval(p, f, kid[0]);
      if (v == std::numeric_limits<std::int64_t>::min()) fail("SR1011", "arithmetic overflow", n);
      return v < 0 ? -v : v;
    }
    case builtin::min:
    case builtin::max: {
      std::int64_t best = eval(p, f, kid[0]);
      for (std::uint32_t i = 1; i < n.count; ++i) {
        std::int64_t v = eval(p, f, kid[i]);
        if (n.fn == builtin::min ? v < best : v > best) best = v;
      }
      return best;
    }
    case builtin::present: {
      bool present = false;
      (void)evaluate_optional(p, f, kid[0], present);
      return present ? 1 : 0;
    }
  }
  return 0;
}

SSPRULES_INLINE std::int64_t evaluate_node(const program_impl& p, const frame& f,
                                           std::uint32_t index) {
  const code_node& n = p.nodes[index];
  const std::uint32_t* kid = p.children.data() + n.first;
  switch (n.op) {
    case node_op::constant: return n.bits;
    case node_op::load: return f.slots[static_cast<std::size_t>(n.bits)];
    case node_op::as_of: return f.as_of;
    case node_op::call: return call(p, f, n);
    case node_op::neg: {
      std::int64_t v = eval(p, f, kid[0]);
      if (v == std::numeric_limits<std::int64_t>::min()) fail("SR1011", "arithmetic overflow", n);
      return -v;
    }
    case node_op::not_: return eval(p, f, kid[0]) != 0 ? 0 : 1;
    case node_op::add: return checked_add(eval(p, f, kid[0]), eval(p, f, kid[1]), n);
    case node_op::sub: return checked_sub(eval(p, f, kid[0]), eval(p, f, kid[1]), n);
    case node_op::mul: {
      std::int64_t a = eval(p, f, kid[0]);
      std::int64_t b = eval(p, f, kid[1]);
      if (n.kind == type_kind::decimal) {
        return rounded_div(static_cast<int128>(a) * b, decimal::scale, n);
      }
      std::int64_t r = 0;
      if (__builtin_mul_overflow(a, b, &r)) fail("SR1011", "arithmetic overflow", n);
      return r;
    }
    case node_op::div: {
      std::int64_t a = eval(p, f, kid[0]);
      std::int64_t b = eval(p, f, kid[1]);
      return rounded_div(static_cast<int128>(a) * decimal::scale, b, n);
    }
    case node_op::to_decimal: {
      std::int64_t r = 0;
      if (__builtin_mul_overflow(eval(p, f, kid[0]), decimal::scale, &r)) {
        fail("SR1011", "arithmetic overflow", n);
      }
      return r;
    }
    case node_op::eq:
    case node_op::ne:
    case node_op::lt:
    case node_op::le:
    case node_op::gt:
    case node_op::ge: {
      std::int64_t a = eval(p, f, kid[0]);
      std::int64_t b = n.constant_rhs ? n.bits : eval(p, f, kid[1]);
      switch (n.op) {
        case node_op::eq: return equal(p, f, n.operand_kind, a, b);
        case node_op::ne: return !equal(p, f, n.operand_kind, a, b);
        case node_op::lt: return compare(p, f, n.operand_kind, a, b) < 0;
        case node_op::le: return compare(p, f, n.operand_kind, a, b) <= 0;
        case node_op::gt: return compare(p, f, n.operand_kind, a, b) > 0;
        default: return compare(p, f, n.operand_kind, a, b) >= 0;
      }
    }
    case node_op::and_: return eval(p, f, kid[0]) != 0 && eval(p, f, kid[1]) != 0;
    case node_op::or_: return eval(p, f, kid[0]) != 0 || eval(p, f, kid[1]) != 0;
    case node_op::coalesce: {
      bool present = false;
      std::int64_t v = evaluate_optional(p, f, kid[0], present);
      return present ? v : eval(p, f, kid[1]);
    }
    case node_op::cond:
      return eval(p, f, kid[0]) != 0 ? eval(p, f, kid[1]) : eval(p, f, kid[2]);
    case node_op::in_list: {
      std::int64_t v = eval(p, f, kid[0]);
      bool found = false;
      if (n.constant_set) {
        const std::int64_t* set = p.constants.data() + n.bits;
        for (std::uint32_t i = 0; i < n.aux && !found; ++i) {
          found = equal(p, f, n.operand_kind, v, set[i]);
        }
      } else {
        for (std::uint32_t i = 1; i < n.count && !found; ++i) {
          found = equal(p, f, n.operand_kind, v, eval(p, f, kid[i]));
        }
      }
      return found != n.negated;
    }
    case node_op::in_range: {
      std::int64_t v = eval(p, f, kid[0]);
      auto set = static_cast<std::size_t>(n.bits);
      std::int64_t lo = n.constant_set ? p.constants[set] : eval(p, f, kid[1]);
      std::int64_t hi = n.constant_set ? p.constants[set + 1] : eval(p, f, kid[2]);
      bool inside = compare(p, f, n.operand_kind, lo, v) <= 0 &&
                    compare(p, f, n.operand_kind, v, hi) <= 0;
      return inside != n.negated;
    }
  }
  return 0;
}

SSPRULES_INLINE std::int64_t evaluate_optional(const program_impl& p, const frame& f,
                                               std::uint32_t index, bool& present) {
  const code_node& n = p.nodes[index];
  if (!n.optional) {
    present = true;
    return eval(p, f, index);
  }
  const std::uint32_t* kid = p.children.data() + n.first;
  switch (n.op) {
    case node_op::load: {
      auto slot = static_cast<std::size_t>(n.bits);
      present = f.state[slot] == state_present;
      return present ? f.slots[slot] : 0;
    }
    case node_op::coalesce: {
      std::int64_t v = evaluate_optional(p, f, kid[0], present);
      return present ? v : evaluate_optional(p, f, kid[1], present);
    }
    case node_op::cond:
      return eval(p, f, kid[0]) != 0 ? evaluate_optional(p, f, kid[1], present)
                                     : evaluate_optional(p, f, kid[2], present);
    case node_op::to_decimal: {
      std::int64_t v = evaluate_optional(p, f, kid[0], present);
      if (!present) return 0;
      std::int64_t r = 0;
      if (__builtin_mul_overflow(v, decimal::scale, &r)) fail("SR1011", "arithmetic overflow", n);
      return r;
    }
    default:
      present = true;
      return eval(p, f, index);
  }
}

// -----------------------------------------------------------------------------------------
// handlers for common shapes

namespace handler {

SSPRULES_INLINE std::int64_t general(const program_impl& p, const frame& f, const code_node& n) {
  return evaluate_node(p, f, static_cast<std::uint32_t>(&n - p.nodes.data()));
}

// comparisons of a slot with a constant or another slot (not strings)
template <node_op Op>
[[gnu::always_inline]] inline bool holds(std::int64_t a, std::int64_t b) {
  if constexpr (Op == node_op::eq) return a == b;
  else if constexpr (Op == node_op::ne) return a != b;
  else if constexpr (Op == node_op::lt) return a < b;
  else if constexpr (Op == node_op::le) return a <= b;
  else if constexpr (Op == node_op::gt) return a > b;
  else return a >= b;
}

template <node_op Op>
std::int64_t slot_vs_constant(const program_impl&, const frame& f, const code_node& n) {
  return holds<Op>(f.slots[n.slot_a], n.bits);
}

template <node_op Op>
std::int64_t slot_vs_slot(const program_impl&, const frame& f, const code_node& n) {
  return holds<Op>(f.slots[n.slot_a], f.slots[n.slot_b]);
}

SSPRULES_INLINE std::int64_t both(const program_impl& p, const frame& f, const code_node& n) {
  const std::uint32_t* kid = p.children.data() + n.first;
  return eval(p, f, kid[0]) != 0 && eval(p, f, kid[1]) != 0;
}

SSPRULES_INLINE std::int64_t either(const program_impl& p, const frame& f, const code_node& n) {
  const std::uint32_t* kid = p.children.data() + n.first;
  return eval(p, f, kid[0]) != 0 || eval(p, f, kid[1]) != 0;
}

SSPRULES_INLINE std::int64_t negation(const program_impl& p, const frame& f, const code_node& n) {
  return eval(p, f, p.children[n.first]) == 0;
}

// `x in [3, 4]` on a number-like subject
SSPRULES_INLINE std::int64_t in_constant_set(const program_impl& p, const frame& f,
                                             const code_node& n) {
  std::int64_t v = eval(p, f, p.children[n.first]);
  const std::int64_t* set = p.constants.data() + n.bits;
  bool found = false;
  for (std::uint32_t i = 0; i < n.aux && !found; ++i) found = v == set[i];
  return found != n.negated;
}

// `age in 18..23`
SSPRULES_INLINE std::int64_t slot_in_constant_range(const program_impl& p, const frame& f,
                                                    const code_node& n) {
  std::int64_t v = f.slots[n.slot_a];
  auto set = static_cast<std::size_t>(n.bits);
  bool inside = p.constants[set] <= v && v <= p.constants[set + 1];
  return inside != n.negated;
}

// `present(x)`
SSPRULES_INLINE std::int64_t slot_present(const program_impl&, const frame& f,
                                          const code_node& n) {
  return f.state[n.slot_a] == state_present;
}

// `x ?? 0`
SSPRULES_INLINE std::int64_t slot_or_constant(const program_impl& p, const frame& f,
                                              const code_node& n) {
  return f.state[n.slot_a] == state_present
             ? f.slots[n.slot_a]
             : p.nodes[p.children[n.first + 1]].bits;
}

// `age(birth_date, as_of)`
SSPRULES_INLINE std::int64_t age_of_slots(const program_impl& p, const frame& f,
                                          const code_node& n) {
  std::int64_t birth = f.slots[n.slot_a];
  std::int64_t on = f.slots[n.slot_b];
  if (on < birth) fail("SR1015", "the date is before the birth date", n);
  return cal::age_of(ymd_of(f, birth), ymd_of(f, on), p.calendar.leap_day);
}

// `birthday(birth_date, 17)`
SSPRULES_INLINE std::int64_t birthday_of_slot(const program_impl& p, const frame& f,
                                              const code_node& n) {
  std::int64_t k = p.nodes[p.children[n.first + 1]].bits;
  if (k < 0) fail("SR1012", "a birthday number must not be negative", n);
  return date_or_fail(cal::nth_birthday_of(ymd_of(f, f.slots[n.slot_a]), k, p.calendar.leap_day),
                      n);
}

// `add_months(birth_date, 210)`
SSPRULES_INLINE std::int64_t months_after_slot(const program_impl& p, const frame& f,
                                               const code_node& n) {
  std::int64_t months = p.nodes[p.children[n.first + 1]].bits;
  return date_or_fail(cal::add_months_to(ymd_of(f, f.slots[n.slot_a]), months, p.calendar.missing),
                      n);
}

template <template <node_op> class H>
node_fn by_op(node_op op) {
  switch (op) {
    case node_op::eq: return &H<node_op::eq>::run;
    case node_op::ne: return &H<node_op::ne>::run;
    case node_op::lt: return &H<node_op::lt>::run;
    case node_op::le: return &H<node_op::le>::run;
    case node_op::gt: return &H<node_op::gt>::run;
    default: return &H<node_op::ge>::run;
  }
}

template <node_op Op>
struct slot_constant_handler {
  static std::int64_t run(const program_impl& p, const frame& f, const code_node& n) {
    return slot_vs_constant<Op>(p, f, n);
  }
};

template <node_op Op>
struct slot_slot_handler {
  static std::int64_t run(const program_impl& p, const frame& f, const code_node& n) {
    return slot_vs_slot<Op>(p, f, n);
  }
};

}  // namespace handler

SSPRULES_INLINE void choose_handler(const program_impl& p, code_node& n) {
  n.run = &handler::general;
  auto kid = [&](std::uint32_t i) -> const code_node& { return p.nodes[p.children[n.first + i]]; };
  // a child read directly from its slot: a load that is never missing here
  auto slot = [&](std::uint32_t i) {
    return i < n.count && kid(i).op == node_op::load && !kid(i).optional;
  };
  auto constant = [&](std::uint32_t i) { return i < n.count && kid(i).op == node_op::constant; };
  bool strings = n.operand_kind == type_kind::string;
  switch (n.op) {
    case node_op::eq: case node_op::ne: case node_op::lt:
    case node_op::le: case node_op::gt: case node_op::ge:
      if (strings || !slot(0)) return;
      n.slot_a = static_cast<std::uint32_t>(kid(0).bits);
      if (n.constant_rhs) {
        n.run = handler::by_op<handler::slot_constant_handler>(n.op);
      } else if (slot(1)) {
        n.slot_b = static_cast<std::uint32_t>(kid(1).bits);
        n.run = handler::by_op<handler::slot_slot_handler>(n.op);
      }
      return;
    case node_op::and_: n.run = &handler::both; return;
    case node_op::or_: n.run = &handler::either; return;
    case node_op::not_: n.run = &handler::negation; return;
    case node_op::in_list:
      if (n.constant_set && !strings) n.run = &handler::in_constant_set;
      return;
    case node_op::in_range:
      if (n.constant_set && !strings && slot(0)) {
        n.slot_a = static_cast<std::uint32_t>(kid(0).bits);
        n.run = &handler::slot_in_constant_range;
      }
      return;
    case node_op::coalesce:
      if (!n.optional && n.count == 2 && kid(0).op == node_op::load && constant(1)) {
        n.slot_a = static_cast<std::uint32_t>(kid(0).bits);
        n.run = &handler::slot_or_constant;
      }
      return;
    case node_op::call:
      if (n.fn == builtin::present && n.count == 1 && kid(0).op == node_op::load) {
        n.slot_a = static_cast<std::uint32_t>(kid(0).bits);
        n.run = &handler::slot_present;
      } else if (n.fn == builtin::age && slot(0) && slot(1)) {
        n.slot_a = static_cast<std::uint32_t>(kid(0).bits);
        n.slot_b = static_cast<std::uint32_t>(kid(1).bits);
        n.run = &handler::age_of_slots;
      } else if (n.fn == builtin::birthday && slot(0) && constant(1)) {
        n.slot_a = static_cast<std::uint32_t>(kid(0).bits);
        n.run = &handler::birthday_of_slot;
      } else if (n.fn == builtin::add_months && slot(0) && constant(1)) {
        n.slot_a = static_cast<std::uint32_t>(kid(0).bits);
        n.run = &handler::months_after_slot;
      }
      return;
    default: return;
  }
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
