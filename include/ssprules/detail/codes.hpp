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

/// Every code, named for what it means: the one list of them, in ascending order of id. Each
/// row `X(name, id, meaning, anchor)` gives the constant `codes::name`, its entry in `all_codes`
/// and the enumerator `ssprules::error_code::name` (record_error.hpp). Adding one: a row here, a
/// row in docs/diagnostics.md, a conformance case `tests/conformance/diag_srXXXX_*` (README,
/// "Adding a diagnostic"). Comments in it are `/* */`: a `//` comment would swallow the line
/// that follows.
// clang-format off
#define SSPRULES_CODES(X) \
  /* parse: the file, the YAML, keys, names and expressions */ \
  X(internal_error, "SR0000", "an internal error of ssprules (a rule could not be typed but no problem was reported), not a problem of the policy", parse) \
  X(empty_file, "SR0001", "the file is empty", parse) \
  X(invalid_yaml, "SR0002", "the file is not valid YAML text", parse) \
  X(tab_in_indentation, "SR0003", "a tab character in the indentation", parse) \
  X(duplicate_key, "SR0004", "a key is given twice in one mapping", parse) \
  X(limit_exceeded, "SR0005", "a limit that protects the engine is exceeded (file size, YAML nesting or aliases, quote length, parameter values)", parse) \
  X(unreadable_file, "SR0006", "a policy or test file cannot be read", parse) \
  X(path_outside_folder, "SR0007", "a path a file names lies outside that file's folder", parse) \
  X(yaml_tag, "SR0008", "an explicit YAML tag, which the engine would ignore", parse) \
  X(split_expression, "SR0009", "an unquoted expression that YAML split at a `,` of a flow list or mapping", parse) \
  X(not_a_policy_file, "SR0010", "a YAML file in a folder that is neither a policy, a test file, a calendar nor a definitions file a policy imports", parse) \
  X(unknown_key, "SR0101", "an unknown key", parse) \
  X(missing_key, "SR0102", "a required key is missing", parse) \
  X(wrong_shape, "SR0103", "a value has the wrong shape (a list, a mapping or text where another is expected)", parse) \
  X(invalid_value, "SR0104", "a value is invalid (a date, a number, a flag, a bound, a literal or a default)", parse) \
  X(invalid_name, "SR0105", "an invalid name (not a plain name, a keyword or reserved)", parse) \
  X(declared_twice, "SR0106", "a name, an enum value or a period is declared twice", parse) \
  X(conflicting_keys, "SR0107", "keys that contradict each other or cannot all apply", parse) \
  X(unknown_type, "SR0108", "an unknown type", parse) \
  X(unknown_option, "SR0109", "an unknown option value (hit policy, aggregate, calendar or field option)", parse) \
  X(invalid_period, "SR0110", "a period or version ends before it starts, or effective periods overlap", parse) \
  X(unknown_period, "SR0111", "a version names a period that the policy does not declare", parse) \
  X(invalid_calendar_rule, "SR0112", "a working-day calendar is invalid (a day that does not exist, an unknown weekday, a rule that ends before it starts)", parse) \
  X(expression_syntax, "SR0201", "an expression does not parse", parse) \
  X(expression_too_deep, "SR0202", "an expression nests too deeply", parse) \
  /* check: names, types, dependencies, tables, versions, citations, tests */ \
  X(unknown_name, "SR0301", "an unknown name, or the evaluation date where it cannot be used", check) \
  X(unknown_function, "SR0302", "an unknown function", check) \
  X(wrong_argument_count, "SR0303", "a function is called with the wrong number of arguments", check) \
  X(type_mismatch, "SR0304", "a type mismatch", check) \
  X(not_an_enum_value, "SR0305", "a value that is not in the enum expected here, or enums that share no value compared", check) \
  X(may_be_missing, "SR0306", "an optional value is used where a value is needed, or a value that is never missing is tested", check) \
  X(wrong_result_type, "SR0307", "a rule's result does not fit its declared type", check) \
  X(not_a_condition, "SR0308", "a condition is not true or false", check) \
  X(ambiguous_enum_name, "SR0309", "a name is both a declaration and a value of the enum expected here", check) \
  X(outside_declared_range, "SR0310", "a default or a parameter's value is outside the declared range", check) \
  X(unknown_source, "SR0311", "a citation names a source document the policy does not declare", check) \
  X(quote_not_found, "SR0312", "a quoted passage is not in the cited document", check) \
  X(unreadable_source, "SR0313", "a cited document cannot be read, so its quotes are not checked", check) \
  X(unknown_calendar, "SR0314", "a working-day calendar of holidays cannot be found (an unknown bundled name, a file that cannot be read)", check) \
  X(no_working_days, "SR0315", "a working-day function in a policy without `calendar: working_days`", check) \
  X(unreadable_import, "SR0316", "an imported definitions file cannot be read", check) \
  X(import_cycle, "SR0317", "definitions files import each other in a cycle", check) \
  X(dependency_cycle, "SR0401", "a dependency cycle", check) \
  X(constant_required, "SR0402", "an input, value or output where only constants or parameters may be used", check) \
  X(cases_without_otherwise, "SR0403", "cases without a final otherwise", check) \
  X(table_gap, "SR0501", "a decision table has a gap: a combination no row matches", check) \
  X(table_overlap, "SR0502", "rows of a unique or any table overlap", check) \
  X(wrong_cell_count, "SR0503", "a table row has a different number of cells than the table has columns", check) \
  X(invalid_cell, "SR0504", "an empty or invalid table cell", check) \
  X(table_too_large, "SR0505", "a table has too many combinations to check completely", check) \
  X(row_never_used, "SR0506", "a row of a first table is never used", check) \
  /* compile: parameters and assertions evaluated when the policy loads */ \
  X(assertion_fails, "SR0601", "an assertion does not hold", compile) \
  /* check: names, types, dependencies, tables, versions, citations, tests */ \
  X(dates_do_not_fit, "SR0602", "dates that do not fit: a change twice on one date, versions that overlap, or a day in force without a value or version", check) \
  /* compile: parameters and assertions evaluated when the policy loads */ \
  X(always_fails, "SR0603", "an expression fails whatever the record", compile) \
  /* check: names, types, dependencies, tables, versions, citations, tests */ \
  X(unused_input, "SR0701", "an input is never used", check) \
  X(unused_declaration, "SR0702", "a parameter or a value is never used", check) \
  X(invalid_test, "SR0801", "a problem with the policy's tests", check) \
  /* per-record errors */ \
  X(required_input_missing, "SR1001", "a required input is missing", record) \
  X(wrong_field_type, "SR1002", "a field does not fit its input's type", record) \
  X(invalid_date_field, "SR1003", "a date field is not a valid date", record) \
  X(field_out_of_range, "SR1004", "a number is outside its range", record) \
  X(not_an_enum_field, "SR1005", "a field is not one of its enum's values", record) \
  X(not_in_force, "SR1006", "the policy is not in force on the evaluation date", record) \
  X(invalid_as_of, "SR1007", "the record's own evaluation date is not a valid date", record) \
  X(malformed_record, "SR1008", "the record is malformed", record) \
  X(division_by_zero, "SR1010", "division by zero", record) \
  X(arithmetic_overflow, "SR1011", "arithmetic overflow", record) \
  X(date_outside_calendar, "SR1012", "a date calculation leaves the calendar", record) \
  X(no_row_matches, "SR1013", "no row of a decision table matches", record) \
  X(unique_rows_overlap, "SR1014", "two rows of a table that allows one match", record) \
  X(age_before_birth, "SR1015", "an age on a date before the birth date", record) \
  X(field_given_twice, "SR1017", "a field is given twice in one record", record) \
  X(any_rows_disagree, "SR1018", "rows of a table match with different results", record) \
  X(date_beyond_pandas, "SR1019", "a date output outside what a pandas datetime64[ns] column holds (Python DataFrames only)", record) \
  X(argument_out_of_range, "SR1020", "a function's argument is outside what it accepts (a step of months below 1)", record) \
  X(outside_working_days, "SR1021", "a working-day function reaches a date outside the years its calendar covers (1900 to 2200)", record) \
  X(too_many_items, "SR1022", "a list field has more items than a list may hold (10,000)", record)
// clang-format on

namespace codes {
#define SSPRULES_CODE_CONSTANT(name, id, meaning, anchor) \
  inline constexpr code_info name{id, meaning, anchors::anchor};
SSPRULES_CODES(SSPRULES_CODE_CONSTANT)
#undef SSPRULES_CODE_CONSTANT
}  // namespace codes

/// Every code of `codes`, in ascending order of id (the order of `SSPRULES_CODES`, so that
/// `all_codes[i]` is the code of enumerator `i` of `ssprules::error_code`).
inline constexpr const code_info* all_codes[] = {
#define SSPRULES_CODE_ADDRESS(name, id, meaning, anchor) &codes::name,
    SSPRULES_CODES(SSPRULES_CODE_ADDRESS)
#undef SSPRULES_CODE_ADDRESS
};

/// The name of each code's constant (and enumerator), in the order of `all_codes`.
inline constexpr std::string_view code_names[] = {
#define SSPRULES_CODE_NAME(name, id, meaning, anchor) #name,
    SSPRULES_CODES(SSPRULES_CODE_NAME)
#undef SSPRULES_CODE_NAME
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
