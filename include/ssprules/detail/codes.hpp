// The one registry of diagnostic and per-record error codes: each code's id, a one-line meaning
// and the section of docs/diagnostics.md that documents it. Call sites name a code by what it
// means (`codes::unknown_function`), never by a string, so a mistyped code does not compile.
// tests/unit/codes_test.cpp checks this list against docs/diagnostics.md's tables and that no
// other header or CLI source spells a code. No stability promise (the codes themselves are
// stable: docs/diagnostics.md).
#pragma once

#include <cstddef>
#include <string_view>

#include "ssprules/version.hpp"

namespace ssprules::inline SSPRULES_ABI::detail {

/// One code: `id` ("SR0302"), its `meaning` (one line, lowercase, plain text: `ssprules doc`
/// shows it beside an expected error) and `anchor`, the heading of docs/diagnostics.md whose
/// table documents it (`docs/diagnostics.md#<anchor>`).
struct code_info {
  const char* id;
  std::string_view meaning;
  std::string_view anchor;
};

namespace anchors {
inline constexpr std::string_view parse = "parse-sr00xxsr02xx";
inline constexpr std::string_view check = "check-sr03xxsr08xx";
inline constexpr std::string_view compile = "compile-sr06xx";
inline constexpr std::string_view record = "per-record-errors-sr1xxx";
}  // namespace anchors

/// Every code, named for what it means. Adding one: a row here and in `all_codes`, a row in
/// docs/diagnostics.md, a conformance case `tests/conformance/diag_srXXXX_*` (README, "Adding a
/// diagnostic").
namespace codes {

// clang-format off
// parse: the file, the YAML, keys, names and expressions
inline constexpr code_info internal_error{"SR0000", "an internal error of ssprules (a rule could not be typed but no problem was reported), not a problem of the policy", anchors::parse};
inline constexpr code_info empty_file{"SR0001", "the file is empty", anchors::parse};
inline constexpr code_info invalid_yaml{"SR0002", "the file is not valid YAML text", anchors::parse};
inline constexpr code_info tab_in_indentation{"SR0003", "a tab character in the indentation", anchors::parse};
inline constexpr code_info duplicate_key{"SR0004", "a key is given twice in one mapping", anchors::parse};
inline constexpr code_info limit_exceeded{"SR0005", "a limit that protects the engine is exceeded (file size, YAML nesting or aliases, quote length, parameter values)", anchors::parse};
inline constexpr code_info unreadable_file{"SR0006", "a policy or test file cannot be read", anchors::parse};
inline constexpr code_info path_outside_folder{"SR0007", "a path a file names lies outside that file's folder", anchors::parse};
inline constexpr code_info yaml_tag{"SR0008", "an explicit YAML tag, which the engine would ignore", anchors::parse};
inline constexpr code_info split_expression{"SR0009", "an unquoted expression that YAML split at a `,` of a flow list or mapping", anchors::parse};
inline constexpr code_info not_a_policy_file{"SR0010", "a YAML file in a folder that is neither a policy, a test file, a calendar nor a definitions file a policy imports", anchors::parse};
inline constexpr code_info unknown_key{"SR0101", "an unknown key", anchors::parse};
inline constexpr code_info missing_key{"SR0102", "a required key is missing", anchors::parse};
inline constexpr code_info wrong_shape{"SR0103", "a value has the wrong shape (a list, a mapping or text where another is expected)", anchors::parse};
inline constexpr code_info invalid_value{"SR0104", "a value is invalid (a date, a number, a flag, a bound, a literal or a default)", anchors::parse};
inline constexpr code_info invalid_name{"SR0105", "an invalid name (not a plain name, a keyword or reserved)", anchors::parse};
inline constexpr code_info declared_twice{"SR0106", "a name, an enum value or a period is declared twice", anchors::parse};
inline constexpr code_info conflicting_keys{"SR0107", "keys that contradict each other or cannot all apply", anchors::parse};
inline constexpr code_info unknown_type{"SR0108", "an unknown type", anchors::parse};
inline constexpr code_info unknown_option{"SR0109", "an unknown option value (hit policy, aggregate, calendar or field option)", anchors::parse};
inline constexpr code_info invalid_period{"SR0110", "a period or version ends before it starts, or effective periods overlap", anchors::parse};
inline constexpr code_info unknown_period{"SR0111", "a version names a period that the policy does not declare", anchors::parse};
inline constexpr code_info invalid_calendar_rule{"SR0112", "a working-day calendar is invalid (a day that does not exist, an unknown weekday, a rule that ends before it starts)", anchors::parse};
inline constexpr code_info expression_syntax{"SR0201", "an expression does not parse", anchors::parse};
inline constexpr code_info expression_too_deep{"SR0202", "an expression nests too deeply", anchors::parse};

// check: names, types, dependencies, tables, versions, citations, tests
inline constexpr code_info unknown_name{"SR0301", "an unknown name, or the evaluation date where it cannot be used", anchors::check};
inline constexpr code_info unknown_function{"SR0302", "an unknown function", anchors::check};
inline constexpr code_info wrong_argument_count{"SR0303", "a function is called with the wrong number of arguments", anchors::check};
inline constexpr code_info type_mismatch{"SR0304", "a type mismatch", anchors::check};
inline constexpr code_info not_an_enum_value{"SR0305", "a value that is not in the enum expected here, or enums that share no value compared", anchors::check};
inline constexpr code_info may_be_missing{"SR0306", "an optional value is used where a value is needed, or a value that is never missing is tested", anchors::check};
inline constexpr code_info wrong_result_type{"SR0307", "a rule's result does not fit its declared type", anchors::check};
inline constexpr code_info not_a_condition{"SR0308", "a condition is not true or false", anchors::check};
inline constexpr code_info ambiguous_enum_name{"SR0309", "a name is both a declaration and a value of the enum expected here", anchors::check};
inline constexpr code_info outside_declared_range{"SR0310", "a default or a parameter's value is outside the declared range", anchors::check};
inline constexpr code_info unknown_source{"SR0311", "a citation names a source document the policy does not declare", anchors::check};
inline constexpr code_info quote_not_found{"SR0312", "a quoted passage is not in the cited document", anchors::check};
inline constexpr code_info unreadable_source{"SR0313", "a cited document cannot be read, so its quotes are not checked", anchors::check};
inline constexpr code_info unknown_calendar{"SR0314", "a working-day calendar of holidays cannot be found (an unknown bundled name, a file that cannot be read)", anchors::check};
inline constexpr code_info no_working_days{"SR0315", "a working-day function in a policy without `calendar: working_days`", anchors::check};
inline constexpr code_info unreadable_import{"SR0316", "an imported definitions file cannot be read", anchors::check};
inline constexpr code_info import_cycle{"SR0317", "definitions files import each other in a cycle", anchors::check};
inline constexpr code_info dependency_cycle{"SR0401", "a dependency cycle", anchors::check};
inline constexpr code_info constant_required{"SR0402", "an input, value or output where only constants or parameters may be used", anchors::check};
inline constexpr code_info cases_without_otherwise{"SR0403", "cases without a final otherwise", anchors::check};
inline constexpr code_info table_gap{"SR0501", "a decision table has a gap: a combination no row matches", anchors::check};
inline constexpr code_info table_overlap{"SR0502", "rows of a unique or any table overlap", anchors::check};
inline constexpr code_info wrong_cell_count{"SR0503", "a table row has a different number of cells than the table has columns", anchors::check};
inline constexpr code_info invalid_cell{"SR0504", "an empty or invalid table cell", anchors::check};
inline constexpr code_info table_too_large{"SR0505", "a table has too many combinations to check completely", anchors::check};
inline constexpr code_info row_never_used{"SR0506", "a row of a first table is never used", anchors::check};
inline constexpr code_info dates_do_not_fit{"SR0602", "dates that do not fit: a change twice on one date, versions that overlap, or a day in force without a value or version", anchors::check};
inline constexpr code_info unused_input{"SR0701", "an input is never used", anchors::check};
inline constexpr code_info unused_declaration{"SR0702", "a parameter or a value is never used", anchors::check};
inline constexpr code_info invalid_test{"SR0801", "a problem with the policy's tests", anchors::check};

// compile: parameters and assertions evaluated when the policy loads
inline constexpr code_info assertion_fails{"SR0601", "an assertion does not hold", anchors::compile};
inline constexpr code_info always_fails{"SR0603", "an expression fails whatever the record", anchors::compile};

// per-record errors
inline constexpr code_info required_input_missing{"SR1001", "a required input is missing", anchors::record};
inline constexpr code_info wrong_field_type{"SR1002", "a field does not fit its input's type", anchors::record};
inline constexpr code_info invalid_date_field{"SR1003", "a date field is not a valid date", anchors::record};
inline constexpr code_info field_out_of_range{"SR1004", "a number is outside its range", anchors::record};
inline constexpr code_info not_an_enum_field{"SR1005", "a field is not one of its enum's values", anchors::record};
inline constexpr code_info not_in_force{"SR1006", "the policy is not in force on the evaluation date", anchors::record};
inline constexpr code_info invalid_as_of{"SR1007", "the record's own evaluation date is not a valid date", anchors::record};
inline constexpr code_info malformed_record{"SR1008", "the record is malformed", anchors::record};
inline constexpr code_info division_by_zero{"SR1010", "division by zero", anchors::record};
inline constexpr code_info arithmetic_overflow{"SR1011", "arithmetic overflow", anchors::record};
inline constexpr code_info date_outside_calendar{"SR1012", "a date calculation leaves the calendar", anchors::record};
inline constexpr code_info no_row_matches{"SR1013", "no row of a decision table matches", anchors::record};
inline constexpr code_info unique_rows_overlap{"SR1014", "two rows of a table that allows one match", anchors::record};
inline constexpr code_info age_before_birth{"SR1015", "an age on a date before the birth date", anchors::record};
inline constexpr code_info field_given_twice{"SR1017", "a field is given twice in one record", anchors::record};
inline constexpr code_info any_rows_disagree{"SR1018", "rows of a table match with different results", anchors::record};
inline constexpr code_info date_beyond_pandas{"SR1019", "a date output outside what a pandas datetime64[ns] column holds (Python DataFrames only)", anchors::record};
inline constexpr code_info argument_out_of_range{"SR1020", "a function's argument is outside what it accepts (a step of months below 1)", anchors::record};
inline constexpr code_info outside_working_days{"SR1021", "a working-day function reaches a date outside the years its calendar covers (1900 to 2200)", anchors::record};
inline constexpr code_info too_many_items{"SR1022", "a list field has more items than a list may hold (10,000)", anchors::record};
// clang-format on

}  // namespace codes

/// Every code of `codes`, in ascending order of id.
inline constexpr const code_info* all_codes[] = {
    &codes::internal_error,
    &codes::empty_file,
    &codes::invalid_yaml,
    &codes::tab_in_indentation,
    &codes::duplicate_key,
    &codes::limit_exceeded,
    &codes::unreadable_file,
    &codes::path_outside_folder,
    &codes::yaml_tag,
    &codes::split_expression,
    &codes::not_a_policy_file,
    &codes::unknown_key,
    &codes::missing_key,
    &codes::wrong_shape,
    &codes::invalid_value,
    &codes::invalid_name,
    &codes::declared_twice,
    &codes::conflicting_keys,
    &codes::unknown_type,
    &codes::unknown_option,
    &codes::invalid_period,
    &codes::unknown_period,
    &codes::invalid_calendar_rule,
    &codes::expression_syntax,
    &codes::expression_too_deep,
    &codes::unknown_name,
    &codes::unknown_function,
    &codes::wrong_argument_count,
    &codes::type_mismatch,
    &codes::not_an_enum_value,
    &codes::may_be_missing,
    &codes::wrong_result_type,
    &codes::not_a_condition,
    &codes::ambiguous_enum_name,
    &codes::outside_declared_range,
    &codes::unknown_source,
    &codes::quote_not_found,
    &codes::unreadable_source,
    &codes::unknown_calendar,
    &codes::no_working_days,
    &codes::unreadable_import,
    &codes::import_cycle,
    &codes::dependency_cycle,
    &codes::constant_required,
    &codes::cases_without_otherwise,
    &codes::table_gap,
    &codes::table_overlap,
    &codes::wrong_cell_count,
    &codes::invalid_cell,
    &codes::table_too_large,
    &codes::row_never_used,
    &codes::assertion_fails,
    &codes::dates_do_not_fit,
    &codes::always_fails,
    &codes::unused_input,
    &codes::unused_declaration,
    &codes::invalid_test,
    &codes::required_input_missing,
    &codes::wrong_field_type,
    &codes::invalid_date_field,
    &codes::field_out_of_range,
    &codes::not_an_enum_field,
    &codes::not_in_force,
    &codes::invalid_as_of,
    &codes::malformed_record,
    &codes::division_by_zero,
    &codes::arithmetic_overflow,
    &codes::date_outside_calendar,
    &codes::no_row_matches,
    &codes::unique_rows_overlap,
    &codes::age_before_birth,
    &codes::field_given_twice,
    &codes::any_rows_disagree,
    &codes::date_beyond_pandas,
    &codes::argument_out_of_range,
    &codes::outside_working_days,
    &codes::too_many_items,
};

/// True when `id` is `SR` and four digits.
constexpr bool well_formed_code(std::string_view id) {
  if (id.size() != 6 || id[0] != 'S' || id[1] != 'R') return false;
  for (std::size_t i = 2; i < 6; ++i) {
    if (id[i] < '0' || id[i] > '9') return false;
  }
  return true;
}

/// True when every id of `all_codes` is well formed and they ascend (so none is given twice).
constexpr bool codes_are_well_formed_and_ascending() {
  std::string_view previous;
  for (const code_info* c : all_codes) {
    std::string_view id = c->id;
    if (!well_formed_code(id) || (!previous.empty() && id <= previous)) return false;
    previous = id;
  }
  return true;
}
static_assert(codes_are_well_formed_and_ascending(),
              "detail::all_codes: each id is SR and four digits, given once, in ascending order");

/// The registry entry of `id`, or nullptr when no code has that id.
constexpr const code_info* find_code(std::string_view id) {
  for (const code_info* c : all_codes) {
    if (c->id == id) return c;
  }
  return nullptr;
}

}  // namespace ssprules::inline SSPRULES_ABI::detail
