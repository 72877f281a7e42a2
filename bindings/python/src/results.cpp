// The Python types of results.hpp's structs and of the library's result types: read-only
// attributes, named as in bindings/python/ssprules/_ssprules.pyi.
#include "results.hpp"

#include <pybind11/stl.h>

#include <initializer_list>

#include "convert.hpp"
#include "ssprules/compile.hpp"
#include "ssprules/testing.hpp"

namespace ssprules::python {

namespace {

py::object optional_date(const std::optional<date>& d) { return d ? to_python(*d) : py::none(); }

template <class T>
py::object optional_object(const std::optional<T>& v) {
  return v ? py::cast(*v) : py::none();
}

// The struct sequence types (the descriptions stay alive: the types point into them).
PyStructSequence_Field record_error_fields[] = {
    {"code", nullptr}, {"message", nullptr}, {"field", "the field at fault, or empty"}, {}};
PyStructSequence_Desc record_error_desc = {"ssprules._ssprules.RecordError",
                                           "Why a record, or one output, was not decided.",
                                           record_error_fields, 3};
PyStructSequence_Field evaluation_fields[] = {{"id", nullptr},
                                              {"as_of", nullptr},
                                              {"values", nullptr},
                                              {"error", nullptr},
                                              {"explanation_json", nullptr},
                                              {"explanation_text", nullptr},
                                              {"warning", nullptr},
                                              {}};
PyStructSequence_Desc evaluation_desc = {"ssprules._ssprules.Evaluation", "One decision.",
                                         evaluation_fields, 7};
PyTypeObject* record_error_type = nullptr;
PyTypeObject* evaluation_type = nullptr;

// Makes the type of `desc` and adds it to `m` (which keeps it) as `name`.
PyTypeObject* add_struct_sequence(py::module_& m, const char* name, PyStructSequence_Desc& desc) {
  PyTypeObject* type = PyStructSequence_NewType(&desc);
  if (type == nullptr) throw py::error_already_set();
  m.add_object(name, py::reinterpret_steal<py::object>(reinterpret_cast<PyObject*>(type)));
  return type;
}

// An instance of a struct sequence type with `items`, in field order.
py::object struct_sequence(PyTypeObject* type, std::initializer_list<py::object> items) {
  auto out = py::reinterpret_steal<py::object>(PyStructSequence_New(type));
  if (!out) throw py::error_already_set();
  Py_ssize_t i = 0;
  for (const py::object& item : items) {
    PyStructSequence_SetItem(out.ptr(), i++, item.inc_ref().ptr());  // steals the reference
  }
  return out;
}

}  // namespace

py::object to_python(const record_error& e) {
  return struct_sequence(record_error_type,
                         {py::str(e.code), py::str(e.message), py::str(e.field)});
}

py::object to_python(const evaluation& e) {
  return struct_sequence(
      evaluation_type,
      {optional_object(e.id), e.as_of, e.values, e.error ? to_python(*e.error) : py::none(),
       optional_object(e.explanation_json), optional_object(e.explanation_text),
       optional_object(e.warning)});
}

void bind_results(py::module_& m) {
  // ---- per record: struct sequences
  record_error_type = add_struct_sequence(m, "RecordError", record_error_desc);
  evaluation_type = add_struct_sequence(m, "Evaluation", evaluation_desc);

  // ---- the library's types
  py::class_<diagnostic>(m, "Diagnostic", "One finding about a policy (internal).")
      .def_property_readonly("file",
                             [](const diagnostic& d) {
                               return d.at.file ? std::string(d.at.file->name()) : std::string();
                             })
      .def_property_readonly("line", [](const diagnostic& d) { return d.at.line; })
      .def_property_readonly("column", [](const diagnostic& d) { return d.at.column; })
      .def_property_readonly(
          "severity",
          [](const diagnostic& d) { return d.level == severity::error ? "error" : "warning"; })
      .def_readonly("code", &diagnostic::code)
      .def_readonly("message", &diagnostic::message)
      .def_property_readonly("rendered", [](const diagnostic& d) { return render(d); });

  py::class_<period_info>(m, "PeriodInfo", "A period in which the policy is in force.")
      .def_readonly("name", &period_info::name)
      .def_property_readonly("start", [](const period_info& p) { return optional_date(p.from); })
      .def_property_readonly("end", [](const period_info& p) { return optional_date(p.to); });

  py::class_<test_failure>(m, "TestFailure", "One failed YAML test.")
      .def_readonly("test", &test_failure::test)
      .def_readonly("file", &test_failure::file)
      .def_readonly("line", &test_failure::line)
      .def_readonly("differences", &test_failure::differences)
      .def_readonly("explanation", &test_failure::explanation);

  py::class_<coverage_part>(m, "CoveragePart", "One part of a policy a test can reach.")
      .def_readonly("rule", &coverage_part::rule)
      .def_readonly("version", &coverage_part::version)
      .def_readonly("part", &coverage_part::part)
      .def_readonly("line", &coverage_part::line)
      .def_readonly("hits", &coverage_part::hits)
      .def_readonly("function", &coverage_part::function,
                    "True for a part of a user function's body (`rule` is the function's name)");

  py::class_<policy_coverage>(m, "PolicyCoverage", "The coverage of one policy file.")
      .def_readonly("file", &policy_coverage::file)
      .def_readonly("parts", &policy_coverage::parts)
      .def_property_readonly("text", &policy_coverage::text);

  py::class_<test_report>(m, "TestReport", "The outcome of a policy's YAML tests.")
      .def_readonly("passed", &test_report::passed)
      .def_readonly("failed", &test_report::failed)
      .def_readonly("failures", &test_report::failures)
      .def_property_readonly("rendered", [](const test_report& r) { return render(r.diagnostics); })
      .def_readonly("coverage", &test_report::coverage);

  py::class_<boundary_tests>(m, "BoundaryTests", "Tests proposed at a policy's boundaries.")
      .def_property_readonly("count", [](const boundary_tests& t) { return t.file.tests.size(); })
      .def_readonly("found", &boundary_tests::found)
      .def_readonly("notes", &boundary_tests::notes)
      .def("yaml", &boundary_tests::yaml, py::arg("policy"));

  py::class_<value_change>(m, "ValueChange", "Records going from one value to another.")
      .def_readonly("old", &value_change::from)
      .def_readonly("new", &value_change::to)
      .def_readonly("records", &value_change::records);

  py::class_<output_diff>(m, "OutputDiff", "How one output changes between two versions.")
      .def_readonly("output", &output_diff::output)
      .def_readonly("changed", &output_diff::changed)
      .def_readonly("changes", &output_diff::changes)
      .def_readonly("other_changes", &output_diff::other_changes);

  py::class_<changed_record>(m, "ChangedRecord", "A record whose decision changes.")
      .def_readonly("index", &changed_record::index)
      .def_readonly("id", &changed_record::id)
      .def_readonly("outputs", &changed_record::outputs);

  py::class_<diff_report>(m, "DiffReport", "What changes between two versions of a policy.")
      .def_readonly("records", &diff_report::records)
      .def_readonly("changed_records", &diff_report::changed_records)
      .def_readonly("outputs", &diff_report::outputs)
      .def_readonly("status_changes", &diff_report::status_changes)
      .def_readonly("only_old_outputs", &diff_report::only_old_outputs)
      .def_readonly("only_new_outputs", &diff_report::only_new_outputs)
      .def_readonly("only_old_inputs", &diff_report::only_old_inputs)
      .def_readonly("only_new_inputs", &diff_report::only_new_inputs)
      .def_readonly("first_changed", &diff_report::first_changed)
      .def_property_readonly("text", [](const diff_report& r) { return to_text(r); });

  // ---- results.hpp
  py::class_<load_outcome>(m, "LoadOutcome", "A loaded policy, or why it did not load.")
      .def_readonly("core", &load_outcome::core)
      .def_readonly("diagnostics", &load_outcome::diagnostics)
      .def_readonly("rendered", &load_outcome::rendered)
      .def_readonly("text", &load_outcome::text);

  py::class_<field_info>(m, "FieldInfo", "An input or output of a policy.")
      .def_readonly("name", &field_info::name)
      .def_readonly("type", &field_info::type)
      .def_readonly("kind", &field_info::kind)
      .def_readonly("optional", &field_info::optional)
      .def_readonly("default", &field_info::default_value)
      .def_readonly("values", &field_info::values)
      .def_readonly("doc", &field_info::doc);

  py::class_<output_column>(m, "OutputColumn", "One output of a batch, a value per record.")
      .def_readonly("name", &output_column::name)
      .def_readonly("kind", &output_column::kind)
      .def_readonly("values", &output_column::values)
      .def_readonly("states", &output_column::states);

  py::class_<input_failure>(m, "InputFailure", "Records of a batch with one input error.")
      .def_readonly("field", &input_failure::field)
      .def_readonly("code", &input_failure::code)
      .def_readonly("message", &input_failure::message)
      .def_readonly("records", &input_failure::records);

  py::class_<batch_result>(m, "BatchResult", "The decisions of a batch, as columns.")
      .def_readonly("outputs", &batch_result::outputs)
      .def_readonly("error_of", &batch_result::error_of)
      .def_property_readonly("error_table",
                             [](const batch_result& r) {
                               py::list out;
                               for (const record_error& e : r.error_table) out.append(to_python(e));
                               return out;
                             })
      .def_readonly("record_errors", &batch_result::record_errors)
      .def_readonly("input_failures", &batch_result::input_failures)
      .def_readonly("as_of", &batch_result::as_of)
      .def_readonly("warning", &batch_result::warning);

  py::class_<audit_record>(m, "AuditRecord", "A decision record and the unknown-field warning.")
      .def_readonly("json", &audit_record::json)
      .def_readonly("warning", &audit_record::warning);

  py::class_<diff_outcome>(m, "DiffOutcome", "A diff report and the unknown-field warning.")
      .def_readonly("report", &diff_outcome::report)
      .def_readonly("warning", &diff_outcome::warning);
}

}  // namespace ssprules::python
