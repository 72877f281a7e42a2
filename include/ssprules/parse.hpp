// Stage 1, parse: YAML policy text -> rule_document (syntax only; every node keeps its span).
#pragma once
#include "ssprules/version.hpp"  // first: the C++20 check
#ifndef SSPRULES_FIRST_HEADER
#  define SSPRULES_FIRST_HEADER 12  // header-first: see the end of this file
#endif

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ssprules/calendar.hpp"
#include "ssprules/diagnostic.hpp"
#include "ssprules/source.hpp"

namespace ssprules::inline SSPRULES_ABI {

// ---------------------------------------------------------------------------------------------
// Expressions

/// What an expression node is.
enum class expr_kind : std::uint8_t {
  boolean,      ///< `true` / `false`; text holds the literal
  integer,      ///< `42`
  decimal,      ///< `1.5`
  string,       ///< `"text"` or `'text'`; text holds the unescaped content
  date,         ///< `2019-08-01`
  name,         ///< an input, parameter, value, output, `as_of` or an enum value; text = name
  call,         ///< `f(a, b)`; text = function name, args = arguments
  unary,        ///< `-a`, `not a`; args[0]
  binary,       ///< arithmetic, comparison, `and`, `or`, `??`; args[0], args[1]
  membership,   ///< `a in [..]`, `a in lo..hi`, `a not in ..`; args[0] = a, args[1] = list/range
  list,         ///< `[a, b]`; only as the right side of `in`
  range,        ///< `lo..hi` (inclusive); only as the right side of `in`; args[0], args[1]
  conditional,  ///< `if c then a else b`; args[0..2]
  field,        ///< `r.kind`: a field of a list item; text = field name, args[0] = the item
  /// `r in L where C` or `v for r in L where C` inside `count`, `sum`, `min`, `max`: text = the
  /// item's name; args[0] = the list, args[1] = the value per item (the item itself when not
  /// written), args[2] = the condition (`true` when not written)
  each,
  /// `some r in L satisfies C` (op `or_`) or `every r in L satisfies C` (op `and_`): text = the
  /// item's name; args[0] = the list, args[1] = the condition
  quantified,
};

/// Operators of unary, binary and membership nodes.
enum class expr_op : std::uint8_t {
  none,
  add,
  sub,
  mul,
  div,
  eq,
  ne,
  lt,
  le,
  gt,
  ge,
  and_,
  or_,
  not_,
  neg,
  coalesce,  ///< `a ?? b`: a when present, else b
  in,
  not_in,
};

/// The spelling of an operator (`+`, `==`, `and`, `??`, `in` …), for messages.
[[nodiscard]] const char* to_string(expr_op op) noexcept;

/// One node of an expression tree.
/// Thread-compatible.
struct expr {
  expr_kind kind = expr_kind::name;
  expr_op op = expr_op::none;
  std::string text;
  std::vector<expr> args;
  source_span at;
};

// ---------------------------------------------------------------------------------------------
// Declarations

/// A citation of the legal or policy source of a rule: `source: doc-id` or a mapping with
/// `doc`, `section` and `quote`.
/// Thread-compatible.
struct citation {
  std::string document;  ///< id of an entry under `sources:`
  std::string section;   ///< heading or paragraph, as the document names it
  std::string quote;     ///< the passage, verbatim
  source_span at;
  source_span quote_at;  ///< where the quote is written
};

/// An entry under `sources:`: a document rules cite.
/// Thread-compatible.
struct source_document {
  std::string id;
  std::string title;
  std::string issued_by;
  std::string url;
  std::string file;  ///< path relative to the policy file; quotes are checked against it
  std::optional<date> issued;
  source_span at;
  source_span file_at;  ///< where `file:` is written
};

/// A period in which the policy is in force (both ends inclusive; open when absent).
/// Thread-compatible.
struct period_decl {
  std::string name;
  std::optional<date> from;
  std::optional<date> to;
  std::string doc;
  std::vector<citation> sources;
  source_span at;
};

struct record_field_decl;

/// A written type: `type: integer` with `min`/`max`, `type: enum` with `values`, `type: list`
/// with `of`, and so on.
/// Thread-compatible.
struct type_decl {
  std::string name;  ///< bool, integer, decimal, string, enum, date, list
  std::vector<std::string> values;
  std::vector<source_span> value_spans;
  std::optional<std::int64_t> min;
  std::optional<std::int64_t> max;
  std::vector<type_decl> of;              ///< a list of scalars: its item type (one)
  std::vector<record_field_decl> fields;  ///< a list of records: the fields of its items
  source_span at;
};

/// A field of the items of a list of records (`of: {date: date, kind: {type: enum, …}}`).
/// Thread-compatible.
struct record_field_decl {
  std::string name;
  type_decl type;
  bool optional = false;
  source_span at;
};

/// A typed input field of a case record.
/// Thread-compatible.
struct input_decl {
  std::string name;
  type_decl type;
  bool optional = false;
  std::optional<expr> default_value;  ///< a constant; implies optional
  bool sensitive = false;             ///< shown only as present/absent in explanations and records
  std::string doc;
  std::vector<citation> sources;
  source_span at;
};

/// A value of a parameter from a date on (the first one usually has no date).
/// Thread-compatible.
struct parameter_change {
  std::optional<date> from;
  expr value;
  std::vector<citation> sources;
  source_span at;
};

/// A named constant whose value may change on given dates.
/// Thread-compatible.
struct parameter_decl {
  std::string name;
  std::optional<type_decl> type;
  std::vector<parameter_change> changes;  ///< invariant: at least one after a clean parse
  std::string doc;
  std::vector<citation> sources;
  source_span at;
};

/// One `when … then …` of ordered cases; `when` absent means `otherwise`.
/// `error: {code, message}` in place of a case's `then`: the record becomes an error with the
/// author's code (never `SR…`) and message (fixed text: it cannot show the record's values).
/// Thread-compatible.
struct author_error {
  std::string code;
  std::string message;
  source_span at;
};

/// One case of `cases:` (above). Thread-compatible.
struct case_clause {
  std::optional<expr> when;
  expr then;                          ///< unused when `error` is set
  std::optional<author_error> error;  ///< `error:` in place of `then:`
  std::string doc;
  std::vector<citation> sources;
  source_span at;
};

/// How a decision table picks its result when several rows match.
enum class hit_policy : std::uint8_t {
  first,    ///< the first matching row, in order
  unique,   ///< exactly one row may match (checked statically and at run time)
  any,      ///< several rows may match if they give the same result
  collect,  ///< all matching rows, combined by `aggregate`
};

/// How a `collect` table combines its matching rows.
enum class aggregate_kind : std::uint8_t { list, sum, count, min, max };

/// What a table cell tests about its column.
enum class cell_kind : std::uint8_t {
  any,      ///< `any` or `-`: matches everything
  compare,  ///< `== v` (a bare value), `!= v`, `< v`, `<= v`, `> v`, `>= v`
  range,    ///< `lo..hi`, inclusive
  one_of,   ///< `[a, b, c]`
};

/// One cell of a table row.
/// Thread-compatible.
struct table_cell {
  cell_kind kind = cell_kind::any;
  expr_op op = expr_op::eq;  ///< for compare
  std::vector<expr> operands;
  source_span at;
};

/// One row of a decision table.
/// Thread-compatible.
struct table_row {
  std::vector<table_cell> when;
  expr then;
  std::string doc;
  std::vector<citation> sources;
  source_span at;
};

/// A decision table: column expressions, rows of cells, a hit policy.
/// Thread-compatible.
struct decision_table {
  hit_policy hit = hit_policy::first;
  aggregate_kind aggregate = aggregate_kind::list;
  std::vector<expr> columns;
  std::vector<table_row> rows;
  std::optional<expr> otherwise;  ///< the result when no row matches
  source_span at;
  source_span hit_at;
};

/// How a rule states its value.
enum class body_form : std::uint8_t { expression, cases, table };

/// The definition of a rule (in one version).
/// Thread-compatible.
struct rule_body {
  body_form form = body_form::expression;
  expr expression;
  std::vector<case_clause> cases;
  decision_table table;
  source_span at;
};

/// One version of a rule: valid in a named period or between dates (unversioned rules have one
/// version with neither).
/// Thread-compatible.
struct rule_version {
  std::string period;
  std::optional<date> from;
  std::optional<date> to;
  rule_body body;
  std::vector<citation> sources;
  source_span at;
};

/// Whether a rule is an intermediate value or part of the decision.
enum class rule_role : std::uint8_t { value, output };

/// A derived value or an output.
/// Thread-compatible.
struct rule_decl {
  std::string name;
  rule_role role = rule_role::value;
  std::optional<type_decl> type;
  std::vector<rule_version> versions;  ///< invariant: at least one after a clean parse
  bool versioned = false;              ///< written with `versions:`
  std::string doc;
  std::vector<citation> sources;
  source_span at;
};

/// A parameter of a user function: a name and a type (`optional: true` when the function is
/// written for a missing argument).
/// Thread-compatible.
struct function_param {
  std::string name;
  type_decl type;
  bool optional = false;
  source_span at;
};

/// A user function (`functions:`): typed parameters, a result type and a body (an `expr` or
/// `cases`), callable in any expression of the policy.
/// Thread-compatible.
struct function_decl {
  std::string name;
  std::vector<function_param> params;
  type_decl type;  ///< of the result
  rule_body body;
  std::string doc;
  std::vector<citation> sources;
  source_span at;
};

/// A condition over parameters checked when the policy loads.
/// Thread-compatible.
struct assertion_decl {
  std::string name;
  expr condition;
  std::string message;
  std::vector<citation> sources;
  source_span at;
};

/// A YAML scalar as written (test inputs and expectations are decoded by their declared type).
/// Thread-compatible.
struct scalar {
  std::string text;
  bool quoted = false;  ///< written in quotes (so `"3"` is a string, `3` may be a number)
  bool null = false;    ///< `~`, `null` or empty: absent
  /// A YAML list (a test input of a list input), held as JSON text: `[{"date": "2024-03-01"}]`.
  bool json = false;
  source_span at;
};

/// A field name and its written value.
/// Thread-compatible.
struct field_entry {
  std::string name;
  scalar value;
  source_span at;  ///< the name
};

/// The per-record error a test expects.
/// Thread-compatible.
struct expected_error {
  std::string code;     ///< e.g. SR1006
  std::string message;  ///< a substring of the message; empty = any
  source_span at;
};

/// A named test: an evaluation date, inputs, and expected outputs or an expected error.
/// Thread-compatible.
struct test_case {
  std::string name;
  std::optional<date> as_of;
  std::vector<field_entry> input;
  std::vector<field_entry> expect;
  std::optional<expected_error> error;
  source_span at;
};

/// What the front ends do with the fields of a record that are not inputs of the policy (nor
/// `id` or `as_of`): the policy's `unknown_fields:` key. `ssprules eval --strict` and Python's
/// `strict=True` make it `error` for one run.
enum class unknown_fields_mode : std::uint8_t {
  warn,    ///< evaluate, and warn once per input naming the fields (and the likely meant input)
  error,   ///< refuse the whole input before evaluating anything
  ignore,  ///< evaluate without a word
};

// ---------------------------------------------------------------------------------------------
// Working-day calendars (docs/rule-language.md#working-days)

/// A rule of a working-day calendar: days that are not working days (a holiday, a closing day).
/// Thread-compatible.
struct day_rule {
  enum class kind : std::uint8_t {
    every_year,  ///< `date: MM-DD`: that day every year (02-29 in leap years)
    easter,      ///< `easter: N`: N days after Easter Sunday (negative: before)
    nth,         ///< `nth: {n, weekday, month}`: the nth weekday of a month; n < 0 from the end
    once,        ///< `on: YYYY-MM-DD`: that one day
  };
  std::string name;
  kind what = kind::every_year;
  int month = 1;                          ///< every_year, nth
  int day = 1;                            ///< every_year
  int offset = 0;                         ///< easter
  int n = 1;                              ///< nth: 1 to 5, or -1 (the last) to -5
  weekday nth_weekday = weekday::monday;  ///< nth
  date on;                                ///< once
  std::optional<date> from;               ///< the first day the rule applies, if limited
  std::optional<date> to;                 ///< the last day the rule applies, if limited
  std::vector<citation> sources;
  source_span at;
};

/// A policy's `calendar: working_days:`.
/// Thread-compatible.
struct working_days_decl {
  std::string holidays;       ///< `holidays: denmark`: a bundled calendar; empty when none
  std::string holidays_file;  ///< `holidays: {file: …}`, relative to the policy file
  source_span holidays_at;
  std::vector<weekday> weekend{weekday::saturday, weekday::sunday};
  std::vector<day_rule> closed;  ///< the policy's own closing days, on top of the holidays
  source_span at;
};

/// A calendar of public holidays: a bundled one (`denmark`) or a file a policy names. Its
/// `holidays:` are day rules as in `closed:`; they cite the calendar's own `sources:`.
/// Thread-compatible.
struct holiday_calendar {
  std::shared_ptr<const source> file;
  std::string id;  ///< `calendar:` (the name policies use)
  std::string title;
  std::vector<source_document> sources;
  std::vector<day_rule> holidays;
};

/// The product of `parse_holiday_calendar`.
/// Thread-compatible.
struct holiday_calendar_result {
  holiday_calendar calendar;
  std::vector<diagnostic> diagnostics;
  [[nodiscard]] bool ok() const noexcept { return !has_errors(diagnostics); }
};

/// General facts about a policy.
/// Thread-compatible.
struct policy_info {
  std::string id;
  std::string title;
  std::string jurisdiction;
  std::string version;
  std::string doc;
  unknown_fields_mode unknown_fields = unknown_fields_mode::warn;  ///< `unknown_fields:`
  source_span at;
};

/// A file of shared definitions a policy or another definitions file imports.
/// Thread-compatible.
struct import_decl {
  std::string path;  ///< as written, relative to the importing file
  source_span at;
};

/// A parsed policy file: syntax only, names not yet resolved.
/// Thread-compatible.
struct rule_document {
  std::shared_ptr<const source> file;
  policy_info info;
  std::vector<import_decl> imports;  ///< `imports: [shared/deadlines.yaml]`
  /// The definitions files read for `imports` (transitively, each once, in the order first
  /// imported); filled in by `check`, which adds their definitions to this document.
  std::vector<std::shared_ptr<const source>> imported;
  std::vector<source_document> sources;
  std::vector<period_decl> periods;
  calendar_conventions calendar;
  source_span leap_day_at;     ///< where `calendar: leap_day_birthday:` is given, if it is
  source_span missing_day_at;  ///< where `calendar: missing_day:` is given, if it is
  std::optional<working_days_decl> working_days;  ///< `calendar: working_days:`
  std::vector<input_decl> inputs;
  std::vector<parameter_decl> parameters;
  std::vector<function_decl> functions;  ///< `functions:`, in file order
  std::vector<rule_decl> rules;          ///< values and outputs, in file order
  std::vector<assertion_decl> assertions;
  std::optional<date> tests_as_of;  ///< `tests: {as_of: …}`: the date of tests without one
  std::vector<test_case> tests;
  /// False when parsing reported errors: the document is partial and never compiles.
  bool complete = true;
  /// Names declared by inputs, parameters or rules whose declaration had errors (so that
  /// checking the rest does not report them as unknown).
  std::vector<std::string> broken_names;
};

/// Limits that keep a hostile or broken file from exhausting the machine.
/// Thread-compatible.
struct parse_options {
  std::size_t max_file_bytes = default_max_file_bytes;  ///< larger files are rejected (SR0005)
  std::size_t max_expression_depth = 200;               ///< deeper nesting is rejected (SR0202)
  std::size_t max_yaml_depth = 64;  ///< deeper YAML nesting is rejected (SR0005)
};

/// The product of `parse`: a document (partial when there are errors) and diagnostics.
/// Thread-compatible.
struct parse_result {
  rule_document document;
  std::vector<diagnostic> diagnostics;
  /// True when no diagnostic is an error.
  [[nodiscard]] bool ok() const noexcept { return !has_errors(diagnostics); }
};

/// Parses a policy file. Never throws for bad text: every problem becomes a diagnostic and
/// parsing goes on so that one run reports several.
[[nodiscard]] parse_result parse(const std::shared_ptr<const source>& src,
                                 const parse_options& opts = {});

/// Parses a file of shared definitions (docs/rule-language.md#imports): only `sources`,
/// `parameters`, `functions`, `calendar` and `imports` (and `title`, `doc`). The document has no
/// id, periods, inputs or rules; `check` merges it into the policies that import it.
[[nodiscard]] parse_result parse_definitions(const std::shared_ptr<const source>& src,
                                             const parse_options& opts = {});

/// Parses a calendar of public holidays (`calendar:`, `title:`, `sources:`, `holidays:`).
[[nodiscard]] holiday_calendar_result parse_holiday_calendar(
    const std::shared_ptr<const source>& src, const parse_options& opts = {});

/// A file of tests for a policy (`policy:` names the policy file, relative to this file).
/// Thread-compatible.
struct test_file {
  std::shared_ptr<const source> file;
  std::string policy;
  source_span policy_at;
  std::optional<date> as_of;
  std::vector<test_case> tests;
};

/// The product of `parse_test_file`.
/// Thread-compatible.
struct test_file_result {
  test_file tests;
  std::vector<diagnostic> diagnostics;
  [[nodiscard]] bool ok() const noexcept { return !has_errors(diagnostics); }
};

/// Parses a test file (a YAML mapping with `policy:` and `tests:`).
[[nodiscard]] test_file_result parse_test_file(const std::shared_ptr<const source>& src,
                                               const parse_options& opts = {});

/// True when a YAML text is a test file rather than a policy (its top level has `policy:`).
[[nodiscard]] bool looks_like_test_file(const source& src);

/// What a YAML file is, told from its top-level keys without a full parse.
enum class yaml_file_kind {
  policy,            ///< has a key only a policy has (`id`, `effective`, `inputs`, `outputs`, …)
  test_file,         ///< has `policy:`
  holiday_calendar,  ///< has `holidays:` (a calendar of holidays, as `calendars/denmark.yaml`)
  definitions,       ///< only `sources`, `parameters`, `functions`, `calendar`, `title`, `doc`
  other,             ///< none of these (a template, notes, another tool's file)
};

/// The kind of a YAML file, and its top-level keys in order (at most 8, for messages).
/// Thread-compatible.
struct yaml_file_shape {
  yaml_file_kind kind = yaml_file_kind::other;
  std::vector<std::string> keys;
};
[[nodiscard]] yaml_file_shape classify_yaml_file(const source& src);

/// The product of `parse_expression`.
/// Thread-compatible.
struct expression_result {
  std::optional<expr> expression;
  std::vector<diagnostic> diagnostics;
};

/// Parses a whole source as one expression (used by tools, tests and fuzzing).
[[nodiscard]] expression_result parse_expression(const std::shared_ptr<const source>& src,
                                                 const parse_options& opts = {});

namespace detail {
/// `text` with its line breaks and runs of spaces folded into one space (multi-line YAML
/// scalars read as one line), without leading or trailing space.
[[nodiscard]] std::string folded_text(std::string_view text);
/// The policy text of an expression as written, line breaks and runs of spaces folded into one
/// space (for messages and explanations); its `text` when it has no span.
[[nodiscard]] std::string source_text(const expr* e);
}  // namespace detail

}  // namespace ssprules::inline SSPRULES_ABI

// Header-first: in the one translation unit that defines SSPRULES_IMPLEMENTATION, the first
// ssprules header it includes brings every definition once it is complete (detail/config.hpp).
#if defined(SSPRULES_IMPLEMENTATION) && SSPRULES_FIRST_HEADER == 12
#  include "ssprules/impl/all.ipp"
#endif
