// The extension module `ssprules._ssprules`: a thin layer over the C++ library (conversion,
// exceptions, releasing the GIL). The Pythonic surface (Policy, Decision, errors, DataFrames)
// is plain Python in bindings/python/ssprules/.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>
#include <span>
#include <cstring>
#include <deque>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "convert.hpp"
#include "ssprules/ssprules.hpp"

namespace py = pybind11;

namespace ssprules::python {
namespace {

// A loaded policy with its decoder (made once: decoding looks inputs up by name).
struct core {
  explicit core(program p) : prog(std::move(p)), decoder(prog) {}
  program prog;
  record_decoder decoder;
};

py::list diagnostics_of(const std::vector<diagnostic>& ds) {
  py::list out;
  for (const diagnostic& d : ds) {
    std::string file = d.at.file ? std::string(d.at.file->name()) : std::string();
    out.append(py::make_tuple(file, d.at.line, d.at.column,
                              d.level == severity::error ? "error" : "warning", d.code, d.message,
                              render(d)));
  }
  return out;
}

// (core or None, diagnostics, rendered diagnostics)
py::tuple loaded(load_result r) {
  py::object prog = r.ok() ? py::cast(core(r.prog)) : py::none();
  return py::make_tuple(prog, diagnostics_of(r.diagnostics), render(r.diagnostics));
}

check_options options(bool verify_quotes) {
  check_options o;
  o.verify_quotes = verify_quotes;
  return o;
}

py::object error_tuple(const record_error* e) {
  if (e == nullptr) return py::none();
  return py::make_tuple(e->code, e->message, e->field);
}

// The evaluation date (the Python layer turns None into today).
date required_date(py::handle as_of_obj) {
  std::optional<date> d = to_date(as_of_obj, "as_of");
  if (!d) throw py::type_error("as_of: give a date");
  return *d;
}

// Decodes a mapping (field name -> Python value) into `out`.
void decode_mapping(const core& c, py::handle record, facts& out) {
  if (!PyDict_Check(record.ptr()) && !PyObject_HasAttrString(record.ptr(), "keys")) {
    throw py::type_error(std::string("a record must be a mapping of field names to values, not ") +
                         Py_TYPE(record.ptr())->tp_name);
  }
  std::deque<std::string> storage;
  std::vector<std::pair<std::string_view, field_value>> fields;
  py::object items = py::reinterpret_steal<py::object>(PyMapping_Items(record.ptr()));
  if (!items) throw py::error_already_set();
  for (py::handle item : items) {
    py::handle key = PyTuple_GET_ITEM(item.ptr(), 0);
    if (!PyUnicode_Check(key.ptr())) {
      throw py::type_error("record field names must be str, not " +
                           std::string(Py_TYPE(key.ptr())->tp_name));
    }
    Py_ssize_t size = 0;
    const char* name = PyUnicode_AsUTF8AndSize(key.ptr(), &size);
    if (name == nullptr) throw py::error_already_set();
    fields.emplace_back(std::string_view(name, static_cast<std::size_t>(size)),
                        to_field(PyTuple_GET_ITEM(item.ptr(), 1), storage));
  }
  c.decoder.decode(fields, out);
}

// One evaluation: (id or None, as_of, [values], error or None, [output errors], explanation
// JSON or None, explanation text or None).
py::tuple evaluate_one(const core& c, py::handle record, py::handle as_of_obj, bool explain) {
  facts f;
  decode_mapping(c, record, f);
  decision d = evaluate(c.prog, f, required_date(as_of_obj), {.explain = explain});
  py::list values;
  py::list output_errors;
  for (std::size_t j = 0; j < d.values().size(); ++j) {
    values.append(to_python(d.values()[j]));
    output_errors.append(error_tuple(d.output_error(j)));
  }
  py::object id = f.has_id() ? py::object(py::str(d.id())) : py::object(py::none());
  py::object explanation_json = explain ? py::object(py::str(d.explanation_json())) : py::none();
  py::object explanation_text = explain ? py::object(py::str(d.explain_text())) : py::none();
  return py::make_tuple(id, to_python(d.as_of()), values,
                        error_tuple(d.error() ? &*d.error() : nullptr), output_errors,
                        explanation_json, explanation_text);
}

// ---- batches: results as columns

template <class T>
py::array_t<T> array_of(std::span<const T> data) {
  py::array_t<T> a(static_cast<py::ssize_t>(data.size()));
  if (!data.empty()) std::memcpy(a.mutable_data(), data.data(), data.size() * sizeof(T));
  return a;
}

// {"outputs": [(name, kind, values, states)], "error_rows": int64[], "errors": [(code,
// message, field)], "ids": [...] (records only)}. Enum values are codes into the output's
// declared values (-1 where there is none); strings and lists are Python lists.
py::dict columns_of(const core& c, const result_batch& out) {
  const std::vector<output_info>& outputs = c.prog.outputs();
  const std::size_t n = out.size();
  py::list columns;
  for (std::size_t j = 0; j < outputs.size(); ++j) {
    const value_type& t = outputs[j].type;
    py::object values;
    if (t.kind == type_kind::string || t.kind == type_kind::list) {
      py::list items;
      for (std::size_t i = 0; i < n; ++i) items.append(to_python(out.get(i, j)));
      values = std::move(items);
    } else if (t.kind == type_kind::enumeration) {
      std::vector<std::int64_t> code_of(out.enum_names().size(), -1);
      for (std::size_t g = 0; g < code_of.size(); ++g) {
        auto it = std::find(t.values.begin(), t.values.end(), out.enum_names()[g]);
        if (it != t.values.end()) code_of[g] = it - t.values.begin();
      }
      py::array_t<std::int64_t> codes(static_cast<py::ssize_t>(n));
      std::int64_t* dst = codes.mutable_data();
      auto raw = out.column(j);
      auto states = out.states(j);
      for (std::size_t i = 0; i < n; ++i) {
        dst[i] = states[i] == 0 ? code_of[static_cast<std::size_t>(raw[i])] : -1;
      }
      values = std::move(codes);
    } else {
      values = array_of(out.column(j));
    }
    columns.append(py::make_tuple(outputs[j].name, to_string(t.kind), values, array_of(out.states(j))));
  }
  std::vector<std::int64_t> rows;
  py::list errors;
  for (std::size_t i = 0; i < n; ++i) {
    if (const record_error* e = out.error(i)) {
      rows.push_back(static_cast<std::int64_t>(i));
      errors.append(error_tuple(e));
    }
  }
  py::dict result;
  result["outputs"] = columns;
  result["error_rows"] = array_of(std::span<const std::int64_t>(rows));
  result["errors"] = errors;
  return result;
}


// An iterable of mappings, decoded with the GIL held, evaluated without it.
py::dict evaluate_records(const core& c, py::iterable records, py::handle as_of_obj,
                          unsigned threads) {
  date as_of = required_date(as_of_obj);
  record_batch batch(c.prog);
  facts f;
  for (py::handle record : records) {
    decode_mapping(c, record, f);
    batch.push_back(f);
  }
  result_batch out;
  {
    py::gil_scoped_release unlocked;
    evaluate_batch(c.prog, batch, as_of, out, threads);
  }
  return columns_of(c, out);
}

// One column of a table: typed numbers read in place, or Python objects converted up front.
struct column {
  enum class kind { boolean, integer, real, date_ns, objects } k = kind::objects;
  const void* data = nullptr;
  std::vector<field_value> fields;  // objects
  py::object keep;                  // the array, alive while its data is read
};

column column_of(py::handle kind_obj, py::handle array_obj, std::size_t n,
                 std::deque<std::string>& storage) {
  std::string kind = kind_obj.cast<std::string>();
  column col;
  if (kind == "object") {
    py::sequence items = py::reinterpret_borrow<py::sequence>(array_obj);
    if (static_cast<std::size_t>(py::len(items)) != n) throw py::value_error("column length differs");
    col.fields.reserve(n);
    for (py::handle item : items) col.fields.push_back(to_field(item, storage));
    col.keep = py::reinterpret_borrow<py::object>(array_obj);
    return col;
  }
  auto typed = [&](auto tag, column::kind k) {
    using T = decltype(tag);
    auto a = py::array_t<T, py::array::c_style | py::array::forcecast>::ensure(array_obj);
    if (!a || static_cast<std::size_t>(a.size()) != n) throw py::value_error("column of " + kind + " has the wrong shape");
    col.k = k;
    col.data = a.data();
    col.keep = std::move(a);
  };
  if (kind == "bool") typed(std::uint8_t{}, column::kind::boolean);
  else if (kind == "int") typed(std::int64_t{}, column::kind::integer);
  else if (kind == "float") typed(double{}, column::kind::real);
  else if (kind == "date_ns") typed(std::int64_t{}, column::kind::date_ns);
  else throw py::value_error("unknown column kind `" + kind + "`");
  return col;
}

field_value field_at(const column& col, std::size_t i, std::deque<std::string>& storage) {
  switch (col.k) {
    case column::kind::objects: return col.fields[i];
    case column::kind::boolean: return field_value::boolean(static_cast<const std::uint8_t*>(col.data)[i] != 0);
    case column::kind::integer: return field_value::integer(static_cast<const std::int64_t*>(col.data)[i]);
    case column::kind::real: {
      double x = static_cast<const double*>(col.data)[i];
      if (std::isnan(x)) return field_value::absent();
      if (x == std::trunc(x) && std::fabs(x) < 9007199254740992.0) {
        return field_value::integer(static_cast<std::int64_t>(x));
      }
      char buffer[64];
      int len = std::snprintf(buffer, sizeof buffer, "%.17g", x);
      return field_value::number(storage.emplace_back(buffer, static_cast<std::size_t>(len)));
    }
    case column::kind::date_ns: {
      std::int64_t ns = static_cast<const std::int64_t*>(col.data)[i];
      if (ns == std::numeric_limits<std::int64_t>::min()) return field_value::absent();  // NaT
      constexpr std::int64_t per_day = 86'400'000'000'000;
      if (ns % per_day != 0) return field_value::invalid("a date and time (give a date)");
      std::int64_t days = ns / per_day;
      return field_value::of_date(date::from_days(static_cast<std::int32_t>(days)));
    }
  }
  return field_value::absent();
}

// A table given column by column: names, kinds ("bool", "int", "float", "date_ns",
// "object") and arrays of n rows. Decoding and evaluation run without the GIL.
py::dict evaluate_columns(const core& c, const std::vector<std::string>& names, py::list kinds,
                          py::list arrays, std::size_t n, py::handle as_of_obj, unsigned threads) {
  if (names.size() != static_cast<std::size_t>(py::len(kinds)) ||
      names.size() != static_cast<std::size_t>(py::len(arrays))) {
    throw py::value_error("names, kinds and arrays differ in length");
  }
  date as_of = required_date(as_of_obj);
  std::vector<std::string_view> views(names.begin(), names.end());
  record_layout layout = c.decoder.bind(views);
  if (!layout.duplicates.empty()) {
    throw py::value_error("the column `" + layout.duplicates.front() +
                          "` is given more than once; give each field once");
  }
  std::deque<std::string> storage;
  std::vector<column> columns;
  columns.reserve(names.size());
  for (std::size_t k = 0; k < names.size(); ++k) {
    bool used = layout.column_input[k] >= 0 || static_cast<std::int32_t>(k) == layout.id_column ||
                static_cast<std::int32_t>(k) == layout.as_of_column;
    if (!used) {  // a column the policy does not read is not converted
      columns.emplace_back();
      columns.back().fields.assign(n, field_value::absent());
      continue;
    }
    columns.push_back(column_of(kinds[k], arrays[k], n, storage));
  }
  record_batch batch(c.prog);
  result_batch out;
  {
    py::gil_scoped_release unlocked;
    batch.reserve(n);
    facts f;
    std::vector<field_value> row(columns.size());
    std::deque<std::string> numbers;  // texts of fractional numbers, per row
    for (std::size_t i = 0; i < n; ++i) {
      numbers.clear();
      for (std::size_t k = 0; k < columns.size(); ++k) row[k] = field_at(columns[k], i, numbers);
      c.decoder.decode(layout, row, f);
      batch.push_back(f);
    }
    evaluate_batch(c.prog, batch, as_of, out, threads);
  }
  return columns_of(c, out);
}

py::list fields_of(const std::vector<input_info>& inputs) {
  py::list out;
  for (const input_info& in : inputs) {
    py::object default_value = in.default_value ? to_python(*in.default_value) : py::none();
    out.append(py::make_tuple(in.name, in.type.describe(), to_string(in.type.kind), !in.required,
                              default_value, in.type.values, in.doc));
  }
  return out;
}

py::list fields_of(const std::vector<output_info>& outputs) {
  py::list out;
  for (const output_info& o : outputs) {
    out.append(py::make_tuple(o.name, o.type.describe(), to_string(o.type.kind), o.type.optional,
                              py::none(), o.type.values, o.doc));
  }
  return out;
}

py::tuple tests_of(const core& c, const std::string& path) {
  test_report report;
  {
    py::gil_scoped_release unlocked;
    report = run_policy_tests(c.prog, path);
  }
  py::list failures;
  for (const test_failure& f : report.failures) {
    failures.append(py::make_tuple(f.test, f.file, f.line, f.differences, f.explanation));
  }
  return py::make_tuple(report.passed, report.failed, failures, render(report.diagnostics));
}

}  // namespace
}  // namespace ssprules::python

PYBIND11_MODULE(_ssprules, m) {
  using namespace ssprules;
  using namespace ssprules::python;
  m.doc() = "The C++ core of ssprules (internal: use the `ssprules` package).";
  import_datetime();
  py::register_exception<ssprules::error>(m, "EngineError", PyExc_RuntimeError);

  py::class_<core>(m, "Core", "A loaded, checked and compiled policy (internal).")
      .def_property_readonly("id", [](const core& c) { return c.prog.id(); })
      .def_property_readonly("title", [](const core& c) { return c.prog.title(); })
      .def_property_readonly("version", [](const core& c) { return c.prog.version(); })
      .def_property_readonly("inputs", [](const core& c) { return fields_of(c.prog.inputs()); })
      .def_property_readonly("outputs", [](const core& c) { return fields_of(c.prog.outputs()); })
      .def_property_readonly("effective",
                             [](const core& c) {
                               py::list out;
                               for (const period_info& p : c.prog.effective()) {
                                 out.append(py::make_tuple(
                                     p.name, p.from ? to_python(*p.from) : py::none(),
                                     p.to ? to_python(*p.to) : py::none()));
                               }
                               return out;
                             })
      .def("evaluate", &evaluate_one, py::arg("record"), py::arg("as_of"), py::arg("explain"))
      .def("evaluate_records", &evaluate_records, py::arg("records"), py::arg("as_of"),
           py::arg("threads"))
      .def("evaluate_columns", &evaluate_columns, py::arg("names"), py::arg("kinds"),
           py::arg("arrays"), py::arg("rows"), py::arg("as_of"), py::arg("threads"))
      .def("run_tests", &tests_of, py::arg("path"));

  m.def(
      "loads",
      [](std::string text, std::string name, bool verify_quotes) {
        load_result r;
        {
          py::gil_scoped_release unlocked;
          r = load_string(std::move(text), std::move(name), options(verify_quotes));
        }
        return loaded(std::move(r));
      },
      py::arg("text"), py::arg("name"), py::arg("verify_quotes") = true);
}
