// The checked form of a policy: names resolved, types known, rules in dependency order.
// Produced by check, consumed by compile and the tools. No stability promise.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ssprules/calendar.hpp"
#include "ssprules/detail/functions.hpp"
#include "ssprules/detail/working_days.hpp"
#include "ssprules/parse.hpp"
#include "ssprules/value.hpp"
#include "ssprules/version.hpp"

namespace ssprules::inline SSPRULES_ABI::detail {

/// A type during checking. Enum types are sets of enum value ids (structural: a value of
/// {uu, kui} fits where {jobcenter, uu, kui, none} is expected).
struct type_info {
  type_kind kind = type_kind::boolean;
  bool optional = false;
  bool invalid = false;       ///< an earlier error; suppresses follow-on diagnostics
  std::uint32_t enum_id = 0;  ///< enumeration (or list of enumeration): index into `enums`
  type_kind item = type_kind::boolean;  ///< list element kind
  std::uint32_t record = 0;             ///< a list of records: index into `records`
  /// The literal `missing` where nothing said which type it stands for: it fits every type and
  /// makes it optional (`unify`, `assign`).
  bool nothing = false;

  static type_info of(type_kind k, bool opt = false) {
    type_info t;
    t.kind = k;
    t.optional = opt;
    return t;
  }
  static type_info bad() {
    type_info t;
    t.invalid = true;
    return t;
  }
  [[nodiscard]] type_info required() const {
    type_info t = *this;
    t.optional = false;
    return t;
  }
};

/// Operations of typed expression nodes.
enum class node_op : std::uint8_t {
  constant,  ///< `bits` holds the value (strings: index into `strings`)
  load,      ///< the value of `symbol`
  as_of,     ///< the evaluation date
  missing,   ///< the literal `missing`: no value
  call,      ///< `fn(args…)`
  neg,
  not_,
  add,
  sub,
  mul,
  div,         ///< result kind in `type`
  to_decimal,  ///< integer -> decimal
  eq,
  ne,
  lt,
  le,
  gt,
  ge,  ///< operands of kind `operand_kind`
  and_,
  or_,
  coalesce,       ///< args[0] when present, else args[1]
  cond,           ///< if args[0] then args[1] else args[2]
  in_list,        ///< args[0] in args[1..]; `negated` for `not in`
  in_range,       ///< args[1] <= args[0] <= args[2]
  call_function,  ///< a user function: `symbol` is the function's, args its arguments
  /// Over the items of a list (`count`, `sum`, `min`, `max`, `some`, `every`; `bits` holds the
  /// list_aggregate): args[0] the list, args[1] the value per item, args[2] the condition;
  /// `symbol` is the first of the item's registers (one per field of a record, else one).
  aggregate,
  /// args[0] in the list args[1] (`negated` for not in); `symbol` is the item's register.
  in_items,
};

/// What an `aggregate` node makes of the items it goes over.
enum class list_aggregate : std::uint8_t { count, sum, min, max, some, every };

/// The name of an aggregate as policies write it (`count`, `some` …).
inline const char* to_string(list_aggregate a) {
  switch (a) {
    case list_aggregate::count:
      return "count";
    case list_aggregate::sum:
      return "sum";
    case list_aggregate::min:
      return "min";
    case list_aggregate::max:
      return "max";
    case list_aggregate::some:
      return "some";
    case list_aggregate::every:
      return "every";
  }
  return "?";
}

/// The most items a list of one record may have (docs/rule-language.md#lists); more is a
/// per-record error (SR1022).
inline constexpr std::size_t max_list_items = 10'000;

/// The most fields the items of a list of records may have (SR0005 beyond).
inline constexpr std::size_t max_record_fields = 64;

/// The fields of the items of a list of records, in declaration order.
struct record_type {
  struct field {
    std::string name;
    type_info type;  ///< optional when the field may be absent
    std::optional<std::int64_t> min, max;
    source_span at;
  };
  std::vector<field> fields;
};

/// A resolved, typed expression node.
struct typed_expr {
  node_op op = node_op::constant;
  type_info type;
  type_kind operand_kind = type_kind::boolean;  ///< comparisons and membership
  const function_info* fn = nullptr;            ///< `call`: a row of function_table
  bool negated = false;
  std::int64_t bits = 0;
  std::uint32_t symbol = 0;
  std::vector<typed_expr> args;
  const expr* syntax = nullptr;  ///< into the document owned by checked_policy

  /// True when this is a call of the built-in function `name`.
  [[nodiscard]] bool calls(std::string_view name) const noexcept {
    return op == node_op::call && fn != nullptr && fn->name == name;
  }
};

/// Kinds of named things rules refer to.
enum class symbol_kind : std::uint8_t {
  input,
  parameter,
  rule,
  broken,    ///< declared, but the declaration had parse errors
  function,  ///< a user function (`functions:`); `index` into functions
  param,     ///< a parameter of a user function, named only inside its body
  item,      ///< an item of a list (or one field of it) while `count`, `some` … go over it
};

/// A named input, parameter or rule.
struct symbol {
  std::string name;
  symbol_kind kind = symbol_kind::input;
  std::uint32_t index = 0;  ///< into inputs / parameters / rules (declaration order)
  type_info type;
  source_span at;
  bool used = false;
  // Known bounds of an integer value, for table analysis.
  std::int64_t lo = std::numeric_limits<std::int64_t>::min();
  std::int64_t hi = std::numeric_limits<std::int64_t>::max();
};

struct checked_cell {
  cell_kind kind = cell_kind::any;
  expr_op op = expr_op::eq;
  std::vector<typed_expr> operands;
  const table_cell* syntax = nullptr;
};

struct checked_row {
  std::vector<checked_cell> cells;
  typed_expr then;
  const table_row* syntax = nullptr;
};

struct checked_table {
  hit_policy hit = hit_policy::first;
  aggregate_kind aggregate = aggregate_kind::list;
  std::vector<typed_expr> columns;
  std::vector<checked_row> rows;
  std::optional<typed_expr> otherwise;
  /// The analysis proved that no two rows can match the same record.
  bool exclusive_rows = false;
  const decision_table* syntax = nullptr;
};

struct checked_case {
  std::optional<typed_expr> when;        ///< absent: otherwise
  typed_expr then;                       ///< unused when `raises`
  const author_error* raises = nullptr;  ///< `error:` in place of `then:`
  const case_clause* syntax = nullptr;
};

/// One version of a rule with its resolved date range (both ends inclusive, open if absent).
struct checked_version {
  std::optional<date> from;
  std::optional<date> to;
  body_form form = body_form::expression;
  typed_expr expression;
  std::vector<checked_case> cases;
  checked_table table;
  const rule_version* syntax = nullptr;
};

struct checked_rule {
  std::uint32_t symbol = 0;
  std::vector<checked_version> versions;
  const rule_decl* syntax = nullptr;
};

/// A user function: its parameters (symbols of kind `param`, whose registers hold the
/// arguments of a call while its body runs) and its checked body.
struct checked_function {
  std::uint32_t symbol = 0;
  std::vector<std::uint32_t> params;
  checked_version body;  ///< `expression` or `cases`
  const function_decl* syntax = nullptr;
};

struct checked_input {
  std::uint32_t symbol = 0;
  std::optional<typed_expr> default_value;
  std::optional<std::int64_t> min, max;
  const input_decl* syntax = nullptr;
};

struct checked_parameter_change {
  std::optional<date> from;
  typed_expr value;
  const parameter_change* syntax = nullptr;
};

struct checked_parameter {
  std::uint32_t symbol = 0;
  std::vector<checked_parameter_change> changes;  ///< invariant: ascending `from`, first open
  const parameter_decl* syntax = nullptr;
};

struct checked_assertion {
  typed_expr condition;
  const assertion_decl* syntax = nullptr;
};

struct checked_period {
  std::optional<date> from;
  std::optional<date> to;
  const period_decl* syntax = nullptr;
};

/// An edge of the dependency graph: `to` uses `from`.
struct dependency {
  std::uint32_t from = 0;
  std::uint32_t to = 0;
  source_span at;  ///< the first reference
};

/// Everything compile and the tools need; immutable once checking ends.
struct checked_policy {
  std::shared_ptr<const rule_document> doc;
  bool ok = false;  ///< no errors were found: compile accepts it
  std::vector<symbol> symbols;
  std::vector<std::string> enum_values;           ///< enum value id -> name
  std::vector<std::vector<std::uint32_t>> enums;  ///< enum type -> sorted value ids
  std::vector<std::string> strings;               ///< string constants
  std::vector<record_type> records;               ///< the item types of lists of records
  std::vector<checked_input> inputs;              ///< declaration order
  std::vector<checked_parameter> parameters;      ///< declaration order
  std::vector<checked_rule> rules;                ///< dependency order
  std::vector<checked_function> functions;        ///< declaration order
  std::vector<std::uint32_t> parameter_order;     ///< parameters in dependency order
  std::vector<checked_assertion> assertions;
  std::vector<checked_period> periods;  ///< ascending
  std::vector<dependency> dependencies;
  /// The working-day calendar of `calendar: working_days:`; nullptr when the policy has none.
  std::shared_ptr<const working_calendar> working_days;
  /// The enum type `monday` … `sunday` of `weekday(d)`, once a rule calls it.
  std::optional<std::uint32_t> weekday_enum;

  /// Names of an enum type's values, in id order.
  [[nodiscard]] std::vector<std::string> enum_names(std::uint32_t enum_id) const {
    std::vector<std::string> out;
    for (std::uint32_t v : enums[enum_id]) out.push_back(enum_values[v]);
    return out;
  }
  /// A type as callers see it.
  [[nodiscard]] value_type public_type(const type_info& t) const {
    value_type v;
    v.kind = t.kind;
    v.optional = t.optional;
    if (t.kind == type_kind::enumeration ||
        (t.kind == type_kind::list && t.item == type_kind::enumeration)) {
      v.values = enum_names(t.enum_id);
    }
    v.item = t.item;
    if (t.kind == type_kind::list && t.item == type_kind::record && t.record < records.size()) {
      for (const record_type::field& f : records[t.record].fields) {
        value_field out{f.name, public_type(f.type)};
        out.type.min = f.min;
        out.type.max = f.max;
        v.fields.push_back(std::move(out));
      }
    }
    return v;
  }
};

/// Static checks of tests against a policy: known inputs and outputs, error codes, a pinned
/// `as_of` (unless the file pins one).
void check_tests(const checked_policy& policy, const std::vector<test_case>& tests, bool file_as_of,
                 std::vector<diagnostic>& diagnostics);

}  // namespace ssprules::inline SSPRULES_ABI::detail
