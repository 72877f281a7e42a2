// The compiled form of a policy and the machine that runs it. Values live in slots (one int64
// per input, parameter and rule; symbol id == slot), expressions are flat node arrays, dates are
// day numbers, enums small integers, and nothing is looked up by name at run time.
// No stability promise.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "ssprules/compile.hpp"
#include "ssprules/detail/checked.hpp"
#include "ssprules/record.hpp"

namespace ssprules::detail {

inline constexpr std::uint32_t no_node = 0xFFFFFFFFU;

struct code_node;
struct frame;
struct program_impl;
/// How a node is evaluated: chosen by compile for the node's shape (see interpret.ipp).
using node_fn = std::int64_t (*)(const program_impl&, const frame&, const code_node&);

/// One node of a compiled expression; children are `children[first, first + count)`.
/// Comparisons and membership tests against constants keep the constants out of the tree:
/// `constant_rhs` puts a comparison's right side in `bits`; `in_list`/`in_range` with
/// `constant_set` test their subject (the only child) against `constants[bits, bits + aux)`.
struct code_node {
  node_fn run = nullptr;  ///< the handler; see choose_handler
  node_op op = node_op::constant;
  type_kind kind = type_kind::boolean;          ///< result kind
  type_kind operand_kind = type_kind::boolean;  ///< comparisons, membership
  builtin fn = builtin::age;
  bool negated = false;
  bool optional = false;      ///< the result may be missing
  bool constant_rhs = false;  ///< comparison: the right side is `bits`
  bool constant_set = false;  ///< membership: the set is `constants[bits, bits + aux)`
  std::uint32_t first = 0;
  std::uint32_t count = 0;
  std::uint32_t aux = 0;
  std::uint32_t slot_a = 0;  ///< handlers that read children's slots directly
  std::uint32_t slot_b = 0;
  std::int64_t bits = 0;  ///< constant value, or the slot of a load
  const typed_expr* source = nullptr;
};

struct compiled_case {
  std::uint32_t when = no_node;  ///< no_node: otherwise
  std::uint32_t then = no_node;
  const checked_case* source = nullptr;
};

struct compiled_cell {
  cell_kind kind = cell_kind::any;
  expr_op op = expr_op::eq;
  bool constant = false;    ///< operands are `constants[first, first + count)`, not nodes
  std::uint32_t first = 0;  ///< operand nodes in `children` (or constants, see above)
  std::uint32_t count = 0;
};

struct compiled_row {
  std::uint32_t first_cell = 0;
  std::uint32_t then = no_node;
  const checked_row* source = nullptr;
};

struct compiled_version {
  std::int32_t from = 0;  ///< first day (day number), inclusive
  std::int32_t to = 0;    ///< last day, inclusive
  body_form form = body_form::expression;
  std::uint32_t expression = no_node;
  std::uint32_t first_case = 0, case_count = 0;
  std::uint32_t first_column = 0, column_count = 0;  ///< column nodes in `children`
  std::uint32_t first_row = 0, row_count = 0;
  hit_policy hit = hit_policy::first;
  aggregate_kind aggregate = aggregate_kind::list;
  std::uint32_t otherwise = no_node;
  /// `unique` (or `any`) with no two rows able to match together, as check proved: stops at the
  /// first match like `first`.
  bool exclusive_rows = false;
  const checked_version* source = nullptr;
};

/// How a rule is evaluated: chosen by compile for the rule's form (see evaluate.ipp).
using rule_fn = void (*)(const program_impl&, frame&, std::uint32_t rule);

struct compiled_rule {
  rule_fn run = nullptr;
  std::uint32_t slot = 0;
  type_info type;
  std::uint32_t first_version = 0, version_count = 0;
  std::vector<std::uint32_t> deps;  ///< slots it reads directly
  std::int32_t output = -1;         ///< index among the outputs, -1 for values
  const checked_rule* source = nullptr;
};

/// A stretch of days with the same period and parameter values.
struct segment {
  std::int32_t from = 0;
  std::int32_t period = -1;               ///< index into periods, -1: not in force
  std::vector<std::int64_t> parameters;   ///< by parameter index
};

/// What the decoder needs to know about an input.
struct input_slot {
  std::string name;
  type_info type;
  bool required = true;
  std::optional<std::int64_t> default_bits;
  std::optional<std::int64_t> min, max;
  std::unordered_map<std::string, std::uint32_t> enum_ids;  ///< value name -> enum value id
};

/// A runtime failure inside one rule; caught per rule, never escapes evaluate.
struct eval_failure {
  const char* code;
  std::string message;
};

/// The working memory of one evaluation, reused record after record without allocating:
/// each rule overwrites its own slot, state, branch and version; parameters are copied only
/// when the evaluation date leaves the cached segment; errors are reset from a list.
struct frame {
  std::uint64_t owner = 0;  ///< the `serial` of the program the sizes are for (0: none)
  std::vector<std::int64_t> slots;
  std::vector<std::uint8_t> state;  ///< 0 present, 1 missing, 2 failed
  std::int32_t as_of = 0;
  const std::vector<std::string>* input_strings = nullptr;
  std::vector<std::uint32_t> branch;             ///< per rule: deciding case/row, or a marker
  std::vector<std::uint32_t> version;            ///< per rule: version used
  std::vector<std::int32_t> error_of;            ///< per slot: index into errors, -1 none
  std::vector<std::uint32_t> failed;             ///< slots whose error_of is set
  std::vector<record_error> errors;
  std::vector<std::vector<std::int64_t>> lists;  ///< per rule: collected items
  // Year, month and day of the last two dates calendar functions took apart (a record's birth
  // date and the evaluation date, typically): each is converted once per record, not per rule.
  mutable std::int32_t ymd_days[2] = {std::numeric_limits<std::int32_t>::min(),
                                      std::numeric_limits<std::int32_t>::min()};
  mutable ymd ymd_parts[2];
  mutable unsigned ymd_next = 0;
  std::int32_t segment_from = 1;                 ///< the cached segment's days (empty: 1 > 0)
  std::int32_t segment_to = 0;
  std::int32_t period = -1;                      ///< of the cached segment
  bool any_failed = false;
};

/// Markers in `frame::branch`.
inline constexpr std::uint32_t branch_expression = 0xFFFFFFF0U;
inline constexpr std::uint32_t branch_otherwise = 0xFFFFFFF1U;
inline constexpr std::uint32_t branch_collected = 0xFFFFFFF2U;
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
  std::uint32_t slot_count = 0;  ///< one per symbol (inputs, parameters, rules), then `as_of`
  std::uint32_t as_of_slot = 0;  ///< == slot_count - 1: the evaluation date, read like a value
  std::uint32_t input_count = 0;
  std::uint32_t parameter_count = 0;
  calendar_conventions calendar;

  std::vector<code_node> nodes;
  std::vector<std::uint32_t> children;
  std::vector<std::int64_t> constants;  ///< constant sets and constant table cells
  std::vector<compiled_case> cases;
  std::vector<compiled_cell> cells;
  std::vector<compiled_row> rows;
  std::vector<compiled_version> versions;
  std::vector<compiled_rule> rules;         ///< dependency order
  std::vector<std::uint32_t> output_rules;  ///< per output: index into rules
  std::vector<std::uint32_t> output_slots;  ///< per output: its slot
  bool pooled_outputs = false;  ///< some output is a string or a list (kept outside its slot)
  std::vector<std::int32_t> breakpoints;    ///< ascending; segments[i] starts at breakpoints[i]
  std::vector<segment> segments;

  /// The segment containing day `d`.
  [[nodiscard]] const segment& segment_at(std::int32_t d) const;
  /// The index of that segment.
  [[nodiscard]] std::size_t segment_index(std::int32_t d) const;
  /// The text of a string slot value.
  [[nodiscard]] const std::string& string_of(std::int64_t bits, const frame& f) const;
};

/// Evaluates one node on a frame (used by compile for folding, parameters and assertions, and
/// by evaluate). Throws eval_failure.
std::int64_t evaluate_node(const program_impl& p, const frame& f, std::uint32_t node);
/// Sets `n.run` for the node's shape; its children must be in `p` already.
void choose_handler(const program_impl& p, code_node& n);
/// Sets `rule.run` for the rule's form; its versions must be in `p` already.
void choose_rule_handler(const program_impl& p, compiled_rule& rule);
/// Like evaluate_node, also telling whether an optional result is present.
std::int64_t evaluate_optional(const program_impl& p, const frame& f, std::uint32_t node,
                               bool& present);
/// Converts a slot value of a type to a public value.
value to_value(const program_impl& p, const frame& f, const type_info& t, std::int64_t bits,
               bool present);
/// The policy text of an expression (for messages and explanations).
std::string source_text(const expr* e);
/// A whole number written in decimal (an optional leading `+` or `-`), or nullopt.
std::optional<std::int64_t> parse_integer(std::string_view text);

}  // namespace ssprules::detail
