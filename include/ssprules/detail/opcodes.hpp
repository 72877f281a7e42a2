// The machine's opcodes (detail/machine.hpp runs them): a vocabulary of its own, so that the
// table of built-in functions (detail/functions.hpp) can name the instruction of each function
// without the checker depending on the machine. No stability promise.
#pragma once

#include <cstdint>

#include "ssprules/version.hpp"

namespace ssprules::inline SSPRULES_ABI::detail {

/// Instructions of the machine. Operands are register indexes unless noted; targets are
/// instruction indexes.
///
/// | op | operands |
/// |---|---|
/// | ret | the end of the program |
/// | jump | a: target |
/// | jump_true, jump_false | a: register; b: target |
/// | jump_present, jump_missing | a: register (its state); b: target |
/// | jump_eq .. jump_ge | when a op b (integers); c: target |
/// | jump_str | when a `sub` b (strings); c: target |
/// | done | the rule in register dst (rule index c) was decided by case/row a (or a branch_*
/// |      | marker; branch_keep leaves the one a table set); go on at b, the next rule
/// |      | (skipping rules that use a failed value) |
/// | move_done | register dst = a, then as `done` with case/row c |
/// | mark_version | the rule in register dst used version a |
/// | fail_no_row | no row of rule dst's table matched and there is no otherwise (SR1013) |
/// | raise | rule dst fails with the author's error raised[a] (`error:` of case c) |
/// | move, move_present, move_state | dst = a: value only / and present / and a's state |
/// | set_missing | dst is missing |
/// | logical_not, neg, abs, to_decimal, to_decimal_state, present, year, month, day | dst = f(a) |
/// | add, sub, mul (checked integers), decimal_mul, decimal_div, cmp_eq .. cmp_ge, min2, max2, |
/// | age, birthday, add_days, add_months, add_years, days_between, months_between, coalesce, |
/// | coalesce_state, mod, add_working_days, working_days_between | dst = f(a, b) |
/// | weekday, easter, floor, ceil, is_working_day, working_day_on_or_after | dst = f(a) |
/// | next_every_months | dst = f(a, b, c) |
/// | cmp_str | dst = a `sub` b (strings) |
/// | in_set, in_set_str | dst = a in sets[b, b + c) (`negated` for not in) |
/// | in_range, in_range_str | dst = b <= a <= c (`negated`) |
/// | table | a: index into tables; combines the rows' tests and results into dst |
/// | mark_case | the user function (symbol) dst was decided by case a (its `branch`) |
/// | trace_call | explaining only: the call of user function (symbol) a gave register dst, |
/// |            | with the arguments its parameters' registers hold |
/// | item_next | the next item of list a at index register b into registers dst .. dst + sub - 1 |
/// |           | (values and states), b += 1; when there is none, jump to c |
/// | list_count | dst = the number of items of list a |
/// | items_begin | explaining only: an aggregate's loop starts |
/// | note_item | explaining only: the item before index register a met the condition |
/// | trace_items | explaining only: the aggregate (source) over list a gave register dst, |
/// |             | from the items noted since its items_begin |
// clang-format off
#define SSPRULES_MACHINE_OPS(X)                                                                    \
  X(ret) X(jump) X(jump_true) X(jump_false) X(jump_present) X(jump_missing) X(jump_eq)             \
  X(jump_ne) X(jump_lt) X(jump_le) X(jump_gt) X(jump_ge) X(jump_str) X(done) X(move_done)          \
  X(mark_version) X(fail_no_row) X(raise) X(move) X(move_present) X(move_state) X(set_missing)              \
  X(logical_not) X(add) X(sub) X(mul) X(neg) X(abs) X(decimal_mul) X(decimal_div)                  \
  X(to_decimal) X(to_decimal_state) X(cmp_eq) X(cmp_ne) X(cmp_lt) X(cmp_le) X(cmp_gt)              \
  X(cmp_ge) X(cmp_str) X(in_set) X(in_set_str) X(in_range) X(in_range_str) X(present)              \
  X(coalesce) X(coalesce_state) X(age) X(birthday) X(add_days) X(add_months) X(add_years)          \
  X(days_between) X(months_between) X(year) X(month) X(day) X(min2) X(max2) X(floor) X(ceil)      \
  X(mod) X(weekday) X(easter) X(next_every_months) X(is_working_day) X(add_working_days)           \
  X(working_day_on_or_after) X(working_days_between) X(table) X(mark_case) X(trace_call)          \
  X(item_next) X(list_count) X(items_begin) X(note_item) X(trace_items)
// clang-format on

enum class op : std::uint8_t {
#define SSPRULES_OP_NAME(name) name,
  SSPRULES_MACHINE_OPS(SSPRULES_OP_NAME)
#undef SSPRULES_OP_NAME
};

/// Comparison kinds for jump_str and cmp_str (in `sub`).
enum class cmp : std::uint8_t { eq, ne, lt, le, gt, ge };

}  // namespace ssprules::inline SSPRULES_ABI::detail
