// Definitions for convert.hpp.
#include "convert.hpp"

#include <datetime.h>

#include <string_view>

namespace ssprules::python {

void import_datetime() {
  PyDateTime_IMPORT;
  if (PyDateTimeAPI == nullptr) throw py::error_already_set();
}

namespace {

std::string_view utf8_of(py::handle str) {
  Py_ssize_t size = 0;
  const char* data = PyUnicode_AsUTF8AndSize(str.ptr(), &size);
  if (data == nullptr) throw py::error_already_set();
  return {data, static_cast<std::size_t>(size)};
}

std::string type_name(py::handle obj) { return Py_TYPE(obj.ptr())->tp_name; }

// pandas.NaT and numpy.datetime64('NaT') are "not a time": absent, like None.
bool is_not_a_time(py::handle obj) {
  std::string_view name = Py_TYPE(obj.ptr())->tp_name;
  if (name == "NaTType") return true;
  if (name == "numpy.datetime64" || name == "datetime64")
    return obj.attr("__ne__")(obj).cast<bool>();
  return false;
}

// pandas.NA (the missing value of nullable dtypes): absent, like None.
bool is_na(py::handle obj) { return std::string_view(Py_TYPE(obj.ptr())->tp_name) == "NAType"; }

}  // namespace

field_value to_field(py::handle obj, std::deque<std::string>& storage) {
  PyObject* o = obj.ptr();
  if (o == Py_None) return field_value::absent();
  if (PyBool_Check(o)) return field_value::boolean(o == Py_True);
  if (PyUnicode_Check(o)) return field_value::string(utf8_of(obj));
  if (PyLong_Check(o)) {
    int overflow = 0;
    long long i = PyLong_AsLongLongAndOverflow(o, &overflow);
    if (overflow != 0) {  // beyond 64 bits: its digits, for the decoder to judge
      return field_value::number(storage.emplace_back(py::str(obj).cast<std::string>()));
    }
    if (i == -1 && PyErr_Occurred()) throw py::error_already_set();
    return field_value::integer(i);
  }
  if (PyFloat_Check(o)) return field_value::real(PyFloat_AS_DOUBLE(o));
  if (is_not_a_time(obj) || is_na(obj)) return field_value::absent();
  if (PyDateTime_Check(o)) {  // before PyDate_Check: a datetime is a date
    bool midnight = PyDateTime_DATE_GET_HOUR(o) == 0 && PyDateTime_DATE_GET_MINUTE(o) == 0 &&
                    PyDateTime_DATE_GET_SECOND(o) == 0 && PyDateTime_DATE_GET_MICROSECOND(o) == 0;
    if (!midnight) return field_value::invalid("a date and time (give a date)");
  }
  if (PyDate_Check(o)) {
    auto d = date::from_ymd(PyDateTime_GET_YEAR(o), PyDateTime_GET_MONTH(o), PyDateTime_GET_DAY(o));
    if (!d) return field_value::invalid("a date outside the calendar");
    return field_value::of_date(*d);
  }
  // numpy scalars and the like: by what they can turn into
  std::string name = type_name(obj);
  if (name == "numpy.bool_" || name == "bool_") return field_value::boolean(obj.cast<bool>());
  if (PyIndex_Check(o))
    return to_field(py::reinterpret_steal<py::object>(PyNumber_Index(o)), storage);
  if (name == "decimal.Decimal" || name == "Decimal") {
    const std::string& kept = storage.emplace_back(py::str(obj).cast<std::string>());
    return field_value::number(kept);
  }
  if (name.find("float") != std::string::npos) return field_value::real(obj.cast<double>());
  if (name == "numpy.datetime64" || name == "datetime64") {
    py::object day = obj.attr("astype")("datetime64[D]").attr("astype")("int64");
    return field_value::of_date(date::from_days(day.cast<std::int32_t>()));
  }
  if (PyList_Check(o) || PyTuple_Check(o)) return field_value::invalid("a list");
  if (PyDict_Check(o)) return field_value::invalid("a mapping");
  return field_value::invalid(storage.emplace_back("a value of type " + name));
}

std::optional<date> to_date(py::handle obj, const char* what) {
  PyObject* o = obj.ptr();
  if (o == Py_None) return std::nullopt;
  if (PyDateTime_Check(o)) {
    throw py::type_error(std::string(what) +
                         ": give a datetime.date or `YYYY-MM-DD`, not a datetime");
  }
  if (PyDate_Check(o)) {
    auto d = date::from_ymd(PyDateTime_GET_YEAR(o), PyDateTime_GET_MONTH(o), PyDateTime_GET_DAY(o));
    if (d) return d;
  } else if (PyUnicode_Check(o)) {
    std::string_view text = utf8_of(obj);
    if (auto d = date::parse(text)) return d;
    throw py::value_error(std::string(what) + ": `" + std::string(text) +
                          "` is not a valid date; write YYYY-MM-DD, e.g. 2025-03-01");
  } else {
    throw py::type_error(std::string(what) + ": give a datetime.date or `YYYY-MM-DD`, not " +
                         type_name(obj));
  }
  throw py::value_error(std::string(what) + ": the date is outside the calendar");
}

py::object to_python(date d) {
  ymd parts = d.to_ymd();
  PyObject* o = PyDate_FromDate(parts.year, parts.month, parts.day);
  if (o == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(o);
}

py::object to_python(const value& v) {
  if (!v.present()) return py::none();
  switch (v.kind()) {
    case type_kind::boolean:
      return py::bool_(v.as_bool());
    case type_kind::integer:
      return py::int_(v.as_integer());
    case type_kind::decimal:
      return py::float_(static_cast<double>(v.as_decimal().micros()) / decimal::scale);
    case type_kind::string:
    case type_kind::enumeration:
      return py::str(v.as_string());
    case type_kind::date:
      return to_python(v.as_date());
    case type_kind::list: {
      py::list items;
      for (const value& item : v.as_list()) items.append(to_python(item));
      return items;
    }
  }
  return py::none();
}

}  // namespace ssprules::python
