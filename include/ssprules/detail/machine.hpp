// The machine: the instruction set and the interpreter that runs it, a unit of its own. Compile
// uses it to fold constants, compute parameters and check assertions; evaluate runs every
// record through it. It knows the checked policy (for names in messages) and nothing of
// compile, records or evaluate.
//
// Values live in registers: one int64 per input, parameter and rule (symbol id == register),
// then the evaluation date, then temporaries, then the constants of the policy (filled in once
// per frame, never written). Each register has a state byte (present, missing, failed). Each
// rule is a block of instructions that leaves its value in the rule's register; conditions
// compile to compare-and-branch instructions, not to booleans. Dates are day numbers packed with
// their year, month and day (detail/civil.hpp: `pack`), enums small integers, and nothing is
// looked up by name at run time. No stability promise.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "ssprules/calendar.hpp"
#include "ssprules/detail/checked.hpp"
#include "ssprules/detail/opcodes.hpp"
#include "ssprules/record_error.hpp"
#include "ssprules/value.hpp"
#include "ssprules/version.hpp"

namespace ssprules::inline SSPRULES_ABI::detail {

struct instr {
  op code = op::ret;
  std::uint8_t sub = 0;  ///< cmp for string comparisons; item_next: registers per item
  bool negated = false;  ///< in_set / in_range
  std::uint32_t dst = 0;
  std::uint32_t a = 0;
  std::uint32_t b = 0;
  std::uint32_t c = 0;
  const typed_expr* source = nullptr;  ///< named in error messages
};

/// A table whose rows may not simply stop at the first match (`unique` not proven exclusive,
/// `any`, `collect`): each row's test is in a register, and its result when it matched.
struct table_code {
  hit_policy hit = hit_policy::first;
  aggregate_kind aggregate = aggregate_kind::list;
  std::uint32_t rule = 0;  ///< index into rules
  std::uint32_t rows = 0;
  std::uint32_t tests = 0;      ///< registers tests .. tests + rows - 1: 1 when the row matched
  std::uint32_t results = 0;    ///< registers results .. results + rows - 1 (with states)
  std::uint32_t otherwise = 0;  ///< register set to 1 when no row matched and the otherwise
                                ///< value (computed by the code after) is the result
  bool has_otherwise = false;
  type_kind kind = type_kind::boolean;  ///< of the results (string results compare as text)
};

inline constexpr std::uint32_t no_register = 0xFFFFFFFFU;

/// A compiled rule: a block that leaves the rule's value (and state) in its register.
struct compiled_rule {
  std::uint32_t slot = 0;
  type_info type;
  std::uint32_t entry = 0;          ///< first instruction
  std::vector<std::uint32_t> deps;  ///< registers it reads directly
  std::int32_t output = -1;         ///< index among the outputs, -1 for values
  const checked_rule* source = nullptr;
};

/// A runtime failure inside one rule; caught per rule, never escapes evaluate.
struct eval_failure {
  const char* code;
  std::string message;
  std::uint32_t at = 0xFFFFFFFFU;  ///< the failing instruction (set by run_block)
};

/// A working-day function's call, as an explanation shows it: registers as the machine had them.
struct traced_call {
  std::uint32_t at = 0;  ///< the instruction
  std::int64_t a = 0;
  std::int64_t b = 0;
  std::int64_t result = 0;
};

/// A user function's call, as an explanation shows it: its arguments and result as the machine
/// had them (registers and states).
struct traced_function_call {
  std::uint32_t at = 0;        ///< the `trace_call` instruction
  std::uint32_t function = 0;  ///< its symbol
  std::vector<std::int64_t> args;
  std::vector<std::uint8_t> arg_states;
  std::int64_t result = 0;
  std::uint8_t result_state = 0;
  std::uint32_t decided = 0xFFFFFFF0U;  ///< the case of a `cases` body, else branch_expression
};

/// An aggregate over a list, as an explanation shows it: the list, the items that met its
/// condition (for `every`, the one that did not) and the result.
struct traced_items {
  std::uint32_t at = 0;  ///< the `trace_items` instruction
  std::int64_t list = 0;
  std::vector<std::uint32_t> noted;  ///< 0-based positions
  std::int64_t result = 0;
  std::uint8_t result_state = 0;
};

/// The working memory of one evaluation, reused record after record without allocating:
/// each rule overwrites its own register, state, branch and version; constants are filled in
/// once; parameters are copied only when the evaluation date leaves the cached segment; errors
/// are reset from a list.
struct frame {
  std::uint64_t owner = 0;          ///< the `serial` of the program the registers are laid out for
  std::vector<std::int64_t> slots;  ///< the registers
  std::vector<std::uint8_t> state;  ///< 0 present, 1 missing, 2 failed
  std::int32_t as_of = 0;
  const std::vector<std::string>* input_strings = nullptr;
  /// The items of the record's list inputs (list_ref says where each list's are), and their
  /// states; set with input_strings, record by record.
  const std::int64_t* items = nullptr;
  const std::uint8_t* item_states = nullptr;
  std::vector<std::uint32_t> branch;   ///< per register of a rule: deciding case/row, or a marker
  std::vector<std::uint32_t> version;  ///< per register of a rule: version used
  std::vector<std::int32_t> error_of;  ///< per register: index into errors, -1 none
  std::vector<std::uint32_t> failed;   ///< registers whose error_of is set
  std::vector<record_error> errors;
  std::vector<std::vector<std::int64_t>> lists;     ///< per rule: collected items
  std::vector<std::vector<std::uint32_t>> matched;  ///< per rule: the rows that matched (tables
                                                    ///< that look at every row)
  std::int32_t segment_from = 1;                    ///< the cached segment's days (empty: 1 > 0)
  std::int32_t segment_to = 0;
  std::int32_t period = -1;  ///< of the cached segment
  bool any_failed = false;
  /// Explanations: record each working-day call (instruction, arguments, result) in `calls`.
  bool trace = false;
  std::vector<traced_call> calls;
  std::vector<traced_function_call> function_calls;  ///< likewise each call of a user function
  std::vector<std::uint32_t> noted_items;  ///< items noted by open aggregates (explaining)
  std::vector<std::size_t> item_marks;     ///< where each open aggregate's notes begin
  std::vector<traced_items> item_traces;   ///< each aggregate that ran (explaining)
};

/// A list input's register: where its items start in the item arena (in registers: each item
/// takes one per field) and how many there are. At most max_list_items (< 2^24) per list.
inline constexpr unsigned list_count_bits = 24;
inline constexpr std::int64_t list_ref(std::uint64_t first, std::uint32_t count) {
  return static_cast<std::int64_t>((first << list_count_bits) | count);
}
inline constexpr std::uint32_t list_size(std::int64_t ref) {
  return static_cast<std::uint32_t>(static_cast<std::uint64_t>(ref) &
                                    ((1U << list_count_bits) - 1));
}
inline constexpr std::uint64_t list_first(std::int64_t ref) {
  return static_cast<std::uint64_t>(ref) >> list_count_bits;
}

/// Markers in `frame::branch`.
inline constexpr std::uint32_t branch_expression = 0xFFFFFFF0U;
static_assert(traced_function_call{}.decided == branch_expression);
inline constexpr std::uint32_t branch_otherwise = 0xFFFFFFF1U;
inline constexpr std::uint32_t branch_collected = 0xFFFFFFF2U;
inline constexpr std::uint32_t branch_keep = 0xFFFFFFF3U;  ///< `done` leaves the branch as is
inline constexpr std::uint32_t branch_none = 0xFFFFFFFFU;

inline constexpr std::uint8_t state_present = 0;
inline constexpr std::uint8_t state_missing = 1;
inline constexpr std::uint8_t state_failed = 2;

/// The code of a compiled policy and what running it needs; `program_impl` (compile) adds
/// the public descriptions, the record layout and the periods.
struct machine_code {
  /// Unique per compiled program in the process (an address can be reused by a later program,
  /// so frames that cache a program's layout compare this instead).
  std::uint64_t serial = 0;
  std::shared_ptr<const checked_policy> policy;
  std::uint32_t slot_count = 0;  ///< all registers, constants included
  calendar_conventions calendar;
  /// The policy's working-day calendar (never null when the code calls a working-day function).
  std::shared_ptr<const working_calendar> working_days;
  /// The enum value of each weekday (monday first), when the code calls `weekday`.
  std::array<std::int64_t, 7> weekday_values{};
  /// The authors' errors of `error:` cases, by `raise`'s operand a.
  std::vector<const author_error*> raised;

  std::vector<instr> code;
  std::vector<std::int64_t> sets;  ///< members of constant sets (`in [3, 4]`)
  std::vector<std::pair<std::uint32_t, std::int64_t>> constants;  ///< (register, value)
  std::vector<table_code> tables;
  std::vector<compiled_rule> rules;  ///< dependency order; their code in that order
  std::uint32_t end = 0;             ///< the final `ret`

  /// The text of a string register value.
  [[nodiscard]] const std::string& string_of(std::int64_t bits, const frame& f) const;
};

/// Runs code from `entry` until `ret`. Throws eval_failure, whose `at` tells where.
void run_block(const machine_code& p, frame& f, std::uint32_t entry);
/// Where evaluation goes on from rule `from`: the entry of the first rule that does not use a
/// failed value (those fail too, with the same root cause), or the final `ret`.
std::uint32_t next_runnable(const machine_code& p, frame& f, std::uint32_t from);
/// Sizes a frame for a program and fills in its constants (once per program).
void prepare_frame(const machine_code& p, frame& f);
/// Converts a register value of a type to a public value.
value to_value(const machine_code& p, const frame& f, const type_info& t, std::int64_t bits,
               bool present);
}  // namespace ssprules::inline SSPRULES_ABI::detail
