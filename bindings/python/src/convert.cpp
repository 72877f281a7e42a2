// Definitions for convert.hpp.
#include "convert.hpp"

#include <datetime.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

// A numpy.ndarray (or a subclass), known by its type without importing numpy.
bool is_array(py::handle obj) {
  for (PyTypeObject* t = Py_TYPE(obj.ptr()); t != nullptr; t = t->tp_base) {
    if (std::string_view(t->tp_name) == "numpy.ndarray") return true;
  }
  return false;
}

int dimensions(py::handle array) { return array.attr("ndim").cast<int>(); }

// A mapping that is not a dict (the test decode_mapping makes of a record).
bool is_other_mapping(py::handle obj) {
  return PyMapping_Check(obj.ptr()) && PyObject_HasAttrString(obj.ptr(), "keys");
}

// The UTF-8 text of a str: a view into it, or a copy in `storage` when the object may not live
// until the record is decoded (`copy`: items made by a numpy array or a mapping's `items()`).
std::string_view text_of(py::handle str, field_storage& storage, bool copy) {
  std::string_view text = utf8_of(str);
  if (!copy) return text;
  return storage.texts.emplace_back(text);
}

// One value that is not a list or a mapping (those are the callers'); `known` is set false for
// a value of a type no rule reads (its field is `invalid`, named by the type).
field_value scalar(py::handle obj, field_storage& storage, bool copy, bool& known) {
  known = true;
  PyObject* o = obj.ptr();
  if (o == Py_None) return field_value::absent();
  if (PyBool_Check(o)) return field_value::boolean(o == Py_True);
  if (PyUnicode_Check(o)) return field_value::string(text_of(obj, storage, copy));
  if (PyLong_Check(o)) {
    int overflow = 0;
    long long i = PyLong_AsLongLongAndOverflow(o, &overflow);
    if (overflow != 0) {  // beyond 64 bits: its digits, for the decoder to judge
      return field_value::number(storage.texts.emplace_back(py::str(obj).cast<std::string>()));
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
  if (PyIndex_Check(o)) {
    auto index = py::reinterpret_steal<py::object>(PyNumber_Index(o));
    if (index) return scalar(index, storage, copy, known);
    PyErr_Clear();  // an index in name only (a 0-d array of floats): by its type, below
  }
  if (name == "decimal.Decimal" || name == "Decimal") {
    const std::string& kept = storage.texts.emplace_back(py::str(obj).cast<std::string>());
    return field_value::number(kept);
  }
  if (name.find("float") != std::string::npos) return field_value::real(obj.cast<double>());
  if (name == "numpy.datetime64" || name == "datetime64") {
    py::object day = obj.attr("astype")("datetime64[D]").attr("astype")("int64");
    return field_value::of_date(date::from_days(day.cast<std::int32_t>()));
  }
  known = false;
  return field_value::invalid(storage.texts.emplace_back("a value of type " + name));
}

bool is_list(py::handle obj) {
  return PyList_Check(obj.ptr()) || PyTuple_Check(obj.ptr()) ||
         (is_array(obj) && dimensions(obj) >= 1);
}

// A field of an item of a list of records: a scalar (lists and mappings are invalid there).
field_value record_field(py::handle obj, field_storage& storage, bool copy) {
  if (is_list(obj)) return field_value::invalid("a list");
  if (PyDict_Check(obj.ptr())) return field_value::invalid("a mapping");
  bool known = true;
  field_value f = scalar(obj, storage, copy, known);
  if (!known && is_other_mapping(obj)) return field_value::invalid("a mapping");
  return f;
}

// An item of a list of records: its fields by name (keys must be str).
field_value record_of(py::handle mapping, field_storage& storage, bool copy) {
  std::vector<std::pair<std::string_view, field_value>> fields;
  auto add = [&](py::handle key, py::handle value) {
    if (!PyUnicode_Check(key.ptr())) return false;
    fields.emplace_back(text_of(key, storage, copy), record_field(value, storage, copy));
    return true;
  };
  PyObject* o = mapping.ptr();
  if (PyDict_Check(o)) {
    PyObject* key = nullptr;
    PyObject* value = nullptr;
    Py_ssize_t pos = 0;
    fields.reserve(static_cast<std::size_t>(PyDict_GET_SIZE(o)));
    while (PyDict_Next(o, &pos, &key, &value)) {
      if (!add(key, value)) return field_value::invalid("a mapping with a key that is not text");
    }
  } else {  // another Mapping: its items() are new objects, so their texts are copied
    auto items = py::reinterpret_steal<py::object>(PyMapping_Items(o));
    if (!items) throw py::error_already_set();
    for (py::handle item : items) {
      if (!PyTuple_Check(item.ptr()) || PyTuple_GET_SIZE(item.ptr()) != 2) {
        return field_value::invalid("a mapping whose items are not pairs");
      }
      if (!add(PyTuple_GET_ITEM(item.ptr(), 0), PyTuple_GET_ITEM(item.ptr(), 1))) {
        return field_value::invalid("a mapping with a key that is not text");
      }
    }
  }
  return field_value::record(storage.fields.emplace_back(std::move(fields)));
}

// An item of a list: a scalar, or a record for a mapping (a list in a list is invalid).
field_value list_item(py::handle obj, field_storage& storage, bool copy) {
  if (PyDict_Check(obj.ptr())) return record_of(obj, storage, copy);
  if (is_list(obj)) return field_value::invalid("a list");
  bool known = true;
  field_value f = scalar(obj, storage, copy, known);
  if (!known && is_other_mapping(obj)) return record_of(obj, storage, true);
  return f;
}

// A list or tuple: its items are its own (alive while it is), so their texts are views.
field_value list_of(py::handle seq, field_storage& storage) {
  PyObject* o = seq.ptr();
  std::vector<field_value> items;
  items.reserve(static_cast<std::size_t>(Py_SIZE(o)));
  // read by index each time: converting an item may run Python code
  for (Py_ssize_t i = 0; i < Py_SIZE(o); ++i) {
    auto item = py::reinterpret_borrow<py::object>(PyList_Check(o) ? PyList_GET_ITEM(o, i)
                                                                   : PyTuple_GET_ITEM(o, i));
    items.push_back(list_item(item, storage, false));
  }
  return field_value::list(storage.items.emplace_back(std::move(items)));
}

// A 1-d numpy array: numbers and booleans by `tolist()` (Python ints, floats and bools); other
// dtypes item by item (numpy scalars: datetime64 in any unit, str_ copied, objects as they are).
field_value array_of(py::handle array, field_storage& storage) {
  if (dimensions(array) != 1) return field_value::invalid("an array of more than one dimension");
  std::string kind = array.attr("dtype").attr("kind").cast<std::string>();
  if (kind == "b" || kind == "i" || kind == "u" || kind == "f") {
    py::object values = array.attr("tolist")();
    if (!PyList_Check(values.ptr())) throw py::type_error("numpy.ndarray.tolist() gave no list");
    return list_of(values, storage);  // no views into the list: numbers only
  }
  std::vector<field_value> items;
  items.reserve(static_cast<std::size_t>(py::len(array)));
  for (py::handle item : py::reinterpret_borrow<py::iterable>(array)) {
    items.push_back(list_item(item, storage, true));
  }
  return field_value::list(storage.items.emplace_back(std::move(items)));
}

}  // namespace

field_value to_field(py::handle obj, field_storage& storage) {
  PyObject* o = obj.ptr();
  if (PyList_Check(o) || PyTuple_Check(o)) return list_of(obj, storage);
  if (PyDict_Check(o)) return field_value::invalid("a mapping");
  if (is_array(obj) && dimensions(obj) >= 1) return array_of(obj, storage);
  bool known = true;
  return scalar(obj, storage, false, known);
}

namespace {

// "as_of: give a date, not a date and time (… is not midnight)".
[[noreturn]] void not_midnight(py::handle obj, const char* what) {
  throw py::type_error(std::string(what) + ": give a date, not a date and time (" +
                       py::str(obj).cast<std::string>() + " is not midnight)");
}

// A datetime (or pandas.Timestamp, nanoseconds included) at midnight as its date.
date midnight_date(py::handle obj, const char* what) {
  PyObject* o = obj.ptr();
  bool midnight = PyDateTime_DATE_GET_HOUR(o) == 0 && PyDateTime_DATE_GET_MINUTE(o) == 0 &&
                  PyDateTime_DATE_GET_SECOND(o) == 0 && PyDateTime_DATE_GET_MICROSECOND(o) == 0;
  if (midnight && PyObject_HasAttrString(o, "nanosecond")) {  // pandas.Timestamp
    midnight = obj.attr("nanosecond").cast<long long>() == 0;
  }
  if (!midnight) not_midnight(obj, what);
  auto d = date::from_ymd(PyDateTime_GET_YEAR(o), PyDateTime_GET_MONTH(o), PyDateTime_GET_DAY(o));
  if (!d) throw py::value_error(std::string(what) + ": the date is outside the calendar");
  return *d;
}

// A numpy.datetime64 of days or a finer unit, at midnight, as its date.
date datetime64_date(py::handle obj, const char* what) {
  std::string dtype = obj.attr("dtype").attr("str").cast<std::string>();  // "<M8[ns]"
  std::size_t open = dtype.find('[');
  std::string unit =
      open == std::string::npos ? "" : dtype.substr(open + 1, dtype.size() - open - 2);
  if (unit.empty() || unit == "Y" || unit == "M" || unit == "W") {
    throw py::type_error(std::string(what) + ": give a date, not a numpy.datetime64 of unit `" +
                         (unit.empty() ? "generic" : unit) + "`");
  }
  py::object day = obj.attr("astype")("datetime64[D]");
  if (!day.attr("__eq__")(obj).cast<bool>()) not_midnight(obj, what);
  auto days = day.attr("astype")("int64").cast<std::int64_t>();
  if (days < date::min().days() || days > date::max().days()) {
    throw py::value_error(std::string(what) + ": the date is outside the calendar");
  }
  return date::from_days(static_cast<std::int32_t>(days));
}

}  // namespace

std::optional<date> to_date(py::handle obj, const char* what) {
  PyObject* o = obj.ptr();
  if (o == Py_None) return std::nullopt;
  if (is_not_a_time(obj)) {  // before PyDateTime_Check: pandas.NaT is a datetime
    throw py::value_error(std::string(what) +
                          ": NaT is not a date; give a date, or None for today");
  }
  if (PyDateTime_Check(o)) return midnight_date(obj, what);  // before PyDate_Check
  if (PyDate_Check(o)) {
    auto d = date::from_ymd(PyDateTime_GET_YEAR(o), PyDateTime_GET_MONTH(o), PyDateTime_GET_DAY(o));
    if (d) return d;
  } else if (PyUnicode_Check(o)) {
    std::string_view text = utf8_of(obj);
    if (auto d = date::parse(text)) return d;
    throw py::value_error(std::string(what) + ": `" + std::string(text) +
                          "` is not a valid date; write YYYY-MM-DD, e.g. 2025-03-01");
  } else if (type_name(obj) == "numpy.datetime64" || type_name(obj) == "datetime64") {
    return datetime64_date(obj, what);
  } else {
    throw py::type_error(std::string(what) +
                         ": give a datetime.date, pandas.Timestamp, numpy.datetime64 or "
                         "`YYYY-MM-DD`, not " +
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

py::object to_python(decimal d) {
  // decimal.Decimal, looked up once and kept for the life of the process (a module-level
  // py::object would be released after the interpreter)
  static PyObject* decimal_type = [] {
    py::object type = py::module_::import("decimal").attr("Decimal");
    return type.release().ptr();
  }();
  py::str text(d.to_string());
  PyObject* o = PyObject_CallOneArg(decimal_type, text.ptr());
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
      return to_python(v.as_decimal());
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
    case type_kind::record: {
      py::dict fields;
      const std::vector<std::string>& names = v.field_names();
      const std::vector<value>& values = v.as_list();
      for (std::size_t i = 0; i < names.size() && i < values.size(); ++i) {
        fields[py::str(names[i])] = to_python(values[i]);
      }
      return fields;
    }
  }
  return py::none();
}

}  // namespace ssprules::python
