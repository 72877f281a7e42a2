// The compiled form of a policy and the machine that runs it.
//
// Values live in registers: one int64 per input, parameter and rule (symbol id == register),
// then the evaluation date, then temporaries, then the constants of the policy (filled in once
// per frame, never written). Each register has a state byte (present, missing, failed). Each
// rule is a block of instructions that leaves its value in the rule's register; conditions
// compile to compare-and-branch instructions, not to booleans. Dates are day numbers packed with
// their year, month and day (detail/civil.hpp: `pack`), enums small integers, and nothing is
// looked up by name at run time. No stability promise.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "ssprules/compile.hpp"
#include "ssprules/detail/checked.hpp"
#include "ssprules/detail/work.hpp"
#include "ssprules/record.hpp"

namespace ssprules::detail {

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
/// | move, move_present, move_state | dst = a: value only / and present / and a's state |
/// | set_missing | dst is missing |
/// | logical_not, neg, abs, to_decimal, to_decimal_state, present, year, month, day | dst = f(a) |
/// | add, sub, mul (checked integers), decimal_mul, decimal_div, cmp_eq .. cmp_ge, min2, max2, |
/// | age, birthday, add_days, add_months, add_years, days_between, months_between, coalesce, |
/// | coalesce_state | dst = f(a, b) |
/// | cmp_str | dst = a `sub` b (strings) |
/// | in_set, in_set_str | dst = a in sets[b, b + c) (`negated` for not in) |
/// | in_range, in_range_str | dst = b <= a <= c (`negated`) |
/// | table | a: index into tables; combines the rows' tests and results into dst |
#define SSPRULES_MACHINE_OPS(X)                                                              \
  X(ret) X(jump) X(jump_true) X(jump_false) X(jump_present) X(jump_missing) X(jump_eq)       \
  X(jump_ne) X(jump_lt) X(jump_le) X(jump_gt) X(jump_ge) X(jump_str) X(done) X(move_done)    \
  X(mark_version)                                                                            \
  X(fail_no_row) X(move) X(move_present) X(move_state) X(set_missing) X(logical_not) X(add)  \
  X(sub) X(mul) X(neg) X(abs) X(decimal_mul) X(decimal_div) X(to_decimal)                    \
  X(to_decimal_state) X(cmp_eq) X(cmp_ne) X(cmp_lt) X(cmp_le) X(cmp_gt) X(cmp_ge) X(cmp_str) \
  X(in_set) X(in_set_str) X(in_range) X(in_range_str) X(present) X(coalesce)                 \
  X(coalesce_state) X(age) X(birthday) X(add_days) X(add_months) X(add_years)                \
  X(days_between) X(months_between) X(year) X(month) X(day) X(min2) X(max2) X(table)

enum class op : std::uint8_t {
#define SSPRULES_OP_NAME(name) name,
  SSPRULES_MACHINE_OPS(SSPRULES_OP_NAME)
#undef SSPRULES_OP_NAME
};

/// Comparison kinds for jump_str and cmp_str (in `sub`).
enum class cmp : std::uint8_t { eq, ne, lt, le, gt, ge };

struct instr {
  op code = op::ret;
  std::uint8_t sub = 0;      ///< cmp for string comparisons
  bool negated = false;      ///< in_set / in_range
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
  std::uint32_t rule = 0;        ///< index into rules
  std::uint32_t rows = 0;
  std::uint32_t tests = 0;       ///< registers tests .. tests + rows - 1: 1 when the row matched
  std::uint32_t results = 0;     ///< registers results .. results + rows - 1 (with states)
  std::uint32_t otherwise = 0;   ///< register set to 1 when no row matched and the otherwise
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

/// A stretch of days with the same period and parameter values.
struct segment {
  std::int32_t from = 0;
  std::int32_t period = -1;              ///< index into periods, -1: not in force
  std::vector<std::int64_t> parameters;  ///< by parameter index
};

/// What the decoder needs to know about an input.
struct input_slot {
  std::string name;
  type_info type;
  bool required = true;
  bool sensitive = false;  // explanations show only whether it is present
  std::optional<std::int64_t> default_bits;
  std::optional<std::int64_t> min, max;
  std::unordered_map<std::string, std::uint32_t> enum_ids;  ///< value name -> enum value id
};

/// A runtime failure inside one rule; caught per rule, never escapes evaluate.
struct eval_failure {
  const char* code;
  std::string message;
  std::uint32_t at = 0xFFFFFFFFU;  ///< the failing instruction (set by run_block)
};

/// The working memory of one evaluation, reused record after record without allocating:
/// each rule overwrites its own register, state, branch and version; constants are filled in
/// once; parameters are copied only when the evaluation date leaves the cached segment; errors
/// are reset from a list.
struct frame {
  std::uint64_t owner = 0;  ///< the `serial` of the program the registers are laid out for
  std::vector<std::int64_t> slots;  ///< the registers
  std::vector<std::uint8_t> state;  ///< 0 present, 1 missing, 2 failed
  std::int32_t as_of = 0;
  const std::vector<std::string>* input_strings = nullptr;
  std::vector<std::uint32_t> branch;   ///< per register of a rule: deciding case/row, or a marker
  std::vector<std::uint32_t> version;  ///< per register of a rule: version used
  std::vector<std::int32_t> error_of;            ///< per register: index into errors, -1 none
  std::vector<std::uint32_t> failed;             ///< registers whose error_of is set
  std::vector<record_error> errors;
  std::vector<std::vector<std::int64_t>> lists;  ///< per rule: collected items
  std::vector<std::vector<std::uint32_t>> matched;  ///< per rule: the rows that matched (tables
                                                   ///< that look at every row)
  std::int32_t segment_from = 1;  ///< the cached segment's days (empty: 1 > 0)
  std::int32_t segment_to = 0;
  std::int32_t period = -1;       ///< of the cached segment
  bool any_failed = false;
};

/// Markers in `frame::branch`.
inline constexpr std::uint32_t branch_expression = 0xFFFFFFF0U;
inline constexpr std::uint32_t branch_otherwise = 0xFFFFFFF1U;
inline constexpr std::uint32_t branch_collected = 0xFFFFFFF2U;
inline constexpr std::uint32_t branch_keep = 0xFFFFFFF3U;  ///< `done` leaves the branch as is
inline constexpr std::uint32_t branch_none = 0xFFFFFFFFU;

inline constexpr std::uint8_t state_present = 0;
inline constexpr std::uint8_t state_missing = 1;
inline constexpr std::uint8_t state_failed = 2;

/// A compiled policy.
struct program_impl {
  /// Unique per compiled program in the process (an address can be reused by a later program,
  /// so frames that cache a program's layout compare this instead).
  std::uint64_t serial = 0;
  std::shared_ptr<const checked_policy> policy;
  checked_rules checked;
  std::vector<input_info> inputs_info;
  std::vector<output_info> outputs_info;
  std::vector<period_info> periods_info;
  std::shared_ptr<const std::vector<std::string>> output_names;

  std::vector<input_slot> inputs;
  std::uint32_t symbol_count = 0;  ///< inputs, parameters and rules: registers 0 .. count - 1
  std::uint32_t as_of_slot = 0;    ///< == symbol_count: the evaluation date
  std::uint32_t slot_count = 0;    ///< all registers, constants included
  std::uint32_t input_count = 0;
  std::uint32_t parameter_count = 0;
  calendar_conventions calendar;

  std::vector<instr> code;
  std::vector<std::int64_t> sets;  ///< members of constant sets (`in [3, 4]`)
  std::vector<std::pair<std::uint32_t, std::int64_t>> constants;  ///< (register, value)
  std::vector<table_code> tables;
  std::vector<compiled_rule> rules;         ///< dependency order; their code in that order
  std::uint32_t end = 0;                    ///< the final `ret`
  std::vector<std::uint32_t> output_rules;  ///< per output: index into rules
  std::vector<std::uint32_t> output_slots;  ///< per output: its register
  std::vector<std::uint8_t> output_shifts;  ///< per output: 32 for dates (to days), else 0
  bool pooled_outputs = false;  ///< some output is a string or a list (kept outside its slot)
  std::vector<std::int32_t> breakpoints;    ///< ascending; segments[i] starts at breakpoints[i]
  std::vector<segment> segments;

  /// Sensitivity follows the dependency graph: per register of an input or a rule (others
  /// false), `depends` says whether its value depends, through any rule, on a sensitive input
  /// that the record has; `shows` whether its value would show one: the same, except that an
  /// output's value is shown in every decision anyway, so neither an output nor what is
  /// computed from outputs alone shows more. A record that lacks all of them shows nothing of
  /// them. Both are empty when the policy has no sensitive input.
  struct sensitivity {
    std::vector<bool> depends, shows;
    [[nodiscard]] bool depends_on(std::uint32_t slot) const {
      return slot < depends.size() && depends[slot];
    }
    [[nodiscard]] bool would_show(std::uint32_t slot) const {
      return slot < shows.size() && shows[slot];
    }
  };
  bool any_sensitive = false;  ///< some input is sensitive

  /// The sensitivity of every register for one record (`has(i)`: input index `i` has a value,
  /// given or by default): one pass over the rules in dependency order, so that its cost is
  /// the policy's size, never rules x sensitive inputs (a set per rule, as compile kept, was
  /// quadratic on a chain that reads a sensitive input at each step).
  template <class Has>
  [[nodiscard]] sensitivity sensitivity_of(Has&& has) const {
    sensitivity out;
    if (!any_sensitive) return out;
    out.depends.assign(symbol_count, false);
    out.shows.assign(symbol_count, false);
    for (std::uint32_t i = 0; i < input_count; ++i) {
      if (inputs[i].sensitive && has(i)) out.depends[i] = out.shows[i] = true;  // register i
    }
    count_work(input_count);
    for (const compiled_rule& r : rules) {
      count_work(1 + r.deps.size());
      bool depends = false;
      bool shows = false;
      for (std::uint32_t d : r.deps) {
        if (d >= symbol_count) continue;
        depends = depends || out.depends[d];
        shows = shows || out.shows[d];
      }
      out.depends[r.slot] = depends;
      out.shows[r.slot] = shows && r.output < 0;
    }
    return out;
  }

  /// The segment containing day `d`.
  [[nodiscard]] const segment& segment_at(std::int32_t d) const;
  /// The index of that segment.
  [[nodiscard]] std::size_t segment_index(std::int32_t d) const;
  /// The text of a string register value.
  [[nodiscard]] const std::string& string_of(std::int64_t bits, const frame& f) const;
};

/// Runs code from `entry` until `ret`. Throws eval_failure, whose `at` tells where.
void run_block(const program_impl& p, frame& f, std::uint32_t entry);
/// Where evaluation goes on from rule `from`: the entry of the first rule that does not use a
/// failed value (those fail too, with the same root cause), or the final `ret`.
std::uint32_t next_runnable(const program_impl& p, frame& f, std::uint32_t from);
/// Sizes a frame for a program and fills in its constants (once per program).
void prepare_frame(const program_impl& p, frame& f);
/// Converts a register value of a type to a public value.
value to_value(const program_impl& p, const frame& f, const type_info& t, std::int64_t bits,
               bool present);
/// Every rule's value for a record (in `program_impl::rules` order; missing where a rule failed
/// or the record was not evaluated), sensitive or not: for tools that evaluate records they
/// made up (boundary tests), never to show case data (explanations hide what they must).
std::vector<value> rule_values(const program_impl& p, const facts& record, date as_of);
/// The policy text of an expression (for messages and explanations).
std::string source_text(const expr* e);
/// A whole number written in decimal (an optional leading `+` or `-`), or nullopt.
std::optional<std::int64_t> parse_integer(std::string_view text);

}  // namespace ssprules::detail
