// Conversions between Python objects and ssprules values: the only place the bindings know
// about Python types. Raw fields go to the library's one record decoder, which applies the
// policy's types; nothing here interprets a policy.
#pragma once

#include <pybind11/pybind11.h>

#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ssprules/calendar.hpp"
#include "ssprules/record.hpp"
#include "ssprules/value.hpp"

namespace ssprules::python {

namespace py = pybind11;

/// Makes the datetime C API usable; call once when the module loads.
void import_datetime();

/// What the raw fields of one record point into: texts (the digits of numbers, strings that had
/// to be copied, names of unknown types), the items of lists and the fields of their records.
/// Field values are views: keep it (and the Python objects converted) until the record is
/// decoded.
struct field_storage {
  std::deque<std::string> texts;
  std::deque<std::vector<field_value>> items;
  std::deque<std::vector<std::pair<std::string_view, field_value>>> fields;
  void clear() {
    texts.clear();
    items.clear();
    fields.clear();
  }
};

/// A Python value as a raw field, by its type alone (the record decoder applies the policy's
/// types, by the table "How records are read"): None, NaT and pandas.NA absent; bool; int (as
/// digits beyond 64 bits); float and numpy floats as `real` (NaN is absent); str;
/// datetime.date, datetime and Timestamp (at midnight), numpy.datetime64; decimal.Decimal as
/// its digits; a list, tuple or 1-d numpy array as a `list` of its items, each converted as
/// above, a mapping among them (a dict) as a `record` of such values (keys must be str), a list
/// among them `invalid`; anything else (a dict, a set) is `invalid`, named by its type. Texts
/// view into the str objects or into `storage`, which must outlive the field.
field_value to_field(py::handle obj, field_storage& storage);

/// An evaluation date: None (nullopt), a datetime.date, an ISO `YYYY-MM-DD` string, or at
/// midnight a datetime, pandas.Timestamp or numpy.datetime64 (of days or a finer unit). Throws
/// TypeError naming `what` for another time of day or type, ValueError for NaT or a bad date.
std::optional<date> to_date(py::handle obj, const char* what);

/// datetime.date for a date.
py::object to_python(date d);
/// decimal.Decimal for a decimal, exact, in its shortest form (`Decimal("12.5")`,
/// `Decimal("3")`), whatever the caller's decimal context.
py::object to_python(decimal d);
/// The Python form of a value: None when missing; bool, int, decimal.Decimal (decimals), str
/// (strings and enums), datetime.date, list, dict (an item of a list of records: its fields by
/// name).
py::object to_python(const value& v);

}  // namespace ssprules::python
