// Conversions between Python objects and ssprules values: the only place the bindings know
// about Python types. Raw fields go to the library's one record decoder, which applies the
// policy's types; nothing here interprets a policy.
#pragma once

#include <pybind11/pybind11.h>

#include <deque>
#include <optional>
#include <string>

#include "ssprules/calendar.hpp"
#include "ssprules/record.hpp"
#include "ssprules/value.hpp"

namespace ssprules::python {

namespace py = pybind11;

/// Makes the datetime C API usable; call once when the module loads.
void import_datetime();

/// A Python value as a raw field, by its type alone (the record decoder applies the policy's
/// types, by the table "How records are read"): None, NaT and pandas.NA absent; bool; int (as
/// digits beyond 64 bits); float and numpy floats as `real` (NaN is absent); str;
/// datetime.date, datetime and Timestamp (at midnight), numpy.datetime64; decimal.Decimal as
/// its digits; anything else is `invalid`, named by its type. Texts view into the str object or
/// into `storage`, which must outlive the field.
field_value to_field(py::handle obj, std::deque<std::string>& storage);

/// An evaluation date: None (nullopt), a datetime.date or an ISO `YYYY-MM-DD` string. Throws
/// ValueError / TypeError naming `what` otherwise.
std::optional<date> to_date(py::handle obj, const char* what);

/// datetime.date for a date.
py::object to_python(date d);
/// The Python form of a value: None when missing; bool, int, float (decimals), str (strings and
/// enums), datetime.date, list.
py::object to_python(const value& v);

}  // namespace ssprules::python
