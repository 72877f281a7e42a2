// What the extension module returns to the Python package: named, read-only structures (never
// positional tuples). The library's own result types (diagnostic, test_report, diff_report, ...)
// are bound as they are; the structs here carry what has no library type of its own (several
// results of one call, values already converted to Python). Declared for type checkers in
// bindings/python/ssprules/_ssprules.pyi, which lists the same attributes.
//
// The results made per record (`evaluation`, `record_error`) become struct sequences instead
// (C-level named tuples, like os.stat_result): reading a field costs what a tuple item does,
// where an attribute of a bound class is a call (about 0.3 us: five of them were a fifth of
// `Policy.evaluate`).
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ssprules/diagnostic.hpp"
#include "ssprules/diff.hpp"
#include "ssprules/record_error.hpp"

namespace ssprules::python {

namespace py = pybind11;

/// `load` / `loads`: the compiled policy (a `Core`, or None when it has errors), every
/// diagnostic, all of them rendered, and the policy's text (None when it has errors).
struct load_outcome {
  py::object core;
  std::vector<diagnostic> diagnostics;
  std::string rendered;
  std::optional<std::string> text;
};

/// An input or output of a policy as `ssprules.Field` shows it.
struct field_info {
  std::string name;
  std::string type;  ///< as policies write it: `integer 1..4`, `date?`
  std::string kind;  ///< `to_string(type_kind)`
  bool optional = false;
  py::object default_value;  ///< the input's default, or None
  std::vector<std::string> values;
  std::string doc;
};

/// `Core.evaluate`: one decision (as the struct sequence `Evaluation`). The explanation is
/// None unless asked for.
struct evaluation {
  std::optional<std::string> id;
  py::object as_of;  ///< datetime.date: the record's own `as_of`, else the call's
  py::list values;   ///< one per output, in declaration order
  std::optional<record_error> error;
  std::optional<std::string> explanation_json;
  std::optional<std::string> explanation_text;
  std::optional<std::string> warning;  ///< the unknown-field warning
};

/// One output of a batch, a value per record: int64 codes into the output's declared values for
/// enums (-1: none), days since 1970-01-01 for dates, millionths for decimals, 0/1 for bools; a
/// list of Python values for strings and lists. `states[i]` is 0 where record i has a value.
struct output_column {
  std::string name;
  std::string kind;
  py::object values;
  py::array_t<std::uint8_t> states;
};

/// How many records of a batch have one problem with one input (`InputFailure`): every input
/// error of every record counts, not only each record's first.
struct input_failure {
  std::string field;
  std::string code;
  std::string message;
  std::size_t records = 0;
};

/// `Core.evaluate_records` / `evaluate_columns`: the output columns and the records' errors.
/// Each distinct error is kept once (`error_table`, read as a list of `RecordError`) and every
/// record points into it (`error_of[i]`, -1 when record i was decided): a register full of
/// the same error costs one index per record, not one copy of the error.
struct batch_result {
  std::vector<output_column> outputs;
  py::array_t<std::int32_t> error_of;
  std::vector<record_error> error_table;
  /// evaluate_records: per record with an error, every error of that record (its record error
  /// or its first problem first, then every other input error in input order), as a dict of
  /// record index -> list of `RecordError`; evaluate_columns: empty.
  py::dict record_errors;
  /// evaluate_columns: per (input, code), the records with that input error, in input order.
  std::vector<input_failure> input_failures;
  py::object as_of;  ///< evaluate_records: per record its evaluation date; else None
  std::optional<std::string> warning;
};

/// `Core.decision_record`: the audit record as JSON text and the unknown-field warning.
struct audit_record {
  std::string json;
  std::optional<std::string> warning;
};

/// `Core.diff`: the report and the warning about fields neither version reads.
struct diff_outcome {
  diff_report report;
  std::optional<std::string> warning;
};

/// Binds the structs above and the library's result types to `m` (once, first).
void bind_results(py::module_& m);

/// The struct sequence `RecordError(code, message, field)`.
py::object to_python(const record_error& e);
/// The struct sequence `Evaluation` of `e`'s fields, in their order.
py::object to_python(const evaluation& e);

}  // namespace ssprules::python
