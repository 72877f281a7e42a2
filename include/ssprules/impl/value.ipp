// Definitions for value.hpp.
#include <charconv>
#include <cstdlib>
#include <ostream>
#include <string>

#include "ssprules/detail/json.hpp"
#include "ssprules/error.hpp"
#include "ssprules/value.hpp"

namespace ssprules::inline SSPRULES_ABI {

SSPRULES_INLINE const char* to_string(type_kind kind) noexcept {
  switch (kind) {
    case type_kind::boolean:
      return "bool";
    case type_kind::integer:
      return "integer";
    case type_kind::decimal:
      return "decimal";
    case type_kind::string:
      return "string";
    case type_kind::enumeration:
      return "enum";
    case type_kind::date:
      return "date";
    case type_kind::list:
      return "list";
    case type_kind::record:
      return "record";
  }
  return "?";
}

SSPRULES_INLINE void value::wrong_get(type_kind actual, const char* wanted, std::string_view what) {
  const char* use = "";
  switch (actual) {
    case type_kind::boolean:
      use = "get<bool>";
      break;
    case type_kind::integer:
      use = "get<std::int64_t>";
      break;
    case type_kind::decimal:
      use = "get<ssprules::decimal>";
      break;
    case type_kind::string:
      use = "get<std::string> or get<std::string_view>";
      break;
    case type_kind::enumeration:
      use = "get<std::string>, get<std::string_view> or decision::enum_index";
      break;
    case type_kind::date:
      use = "get<ssprules::date>";
      break;
    case type_kind::list:
    case type_kind::record:
      use = "the value itself (as_list()): no get<T> reads it";
      break;
  }
  throw error("ssprules: get<" + std::string(wanted) + "> of " + std::string(what) + ", which is " +
              (actual == type_kind::integer || actual == type_kind::enumeration ? "an " : "a ") +
              ssprules::to_string(actual) + ": read it with " + use);
}

SSPRULES_INLINE std::string value_type::describe() const {
  std::string out = to_string(kind);
  if (kind == type_kind::enumeration) {
    out += " {";
    for (std::size_t i = 0; i < values.size(); ++i) out += (i ? ", " : "") + values[i];
    out += '}';
  } else if (kind == type_kind::integer && (min || max)) {
    out += ' ' + (min ? std::to_string(*min) : std::string()) + ".." +
           (max ? std::to_string(*max) : std::string());
  } else if (kind == type_kind::list && item == type_kind::record) {
    out += " of {";
    for (std::size_t i = 0; i < fields.size(); ++i) {
      out += (i ? ", " : "") + fields[i].name + ": " + fields[i].type.describe();
    }
    out += '}';
  } else if (kind == type_kind::list) {
    value_type each;
    each.kind = item;
    each.values = values;
    out += " of " + each.describe();
  }
  if (optional) out += " (optional)";
  return out;
}

SSPRULES_INLINE std::optional<decimal> decimal::parse(std::string_view text) noexcept {
  if (text.empty()) return std::nullopt;
  bool negative = false;
  std::size_t i = 0;
  if (text[0] == '-' || text[0] == '+') {
    negative = text[0] == '-';
    i = 1;
  }
  std::size_t dot = text.find('.', i);
  std::string_view whole =
      text.substr(i, dot == std::string_view::npos ? std::string_view::npos : dot - i);
  std::string_view fraction =
      dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  if (whole.empty() || fraction.size() > 6) return std::nullopt;
  if (dot != std::string_view::npos && fraction.empty()) return std::nullopt;
  for (char c : whole)
    if (c < '0' || c > '9') return std::nullopt;
  for (char c : fraction)
    if (c < '0' || c > '9') return std::nullopt;
  std::int64_t units = 0;
  auto [ptr, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), units);
  if (ec != std::errc() || ptr != whole.data() + whole.size()) return std::nullopt;
  std::int64_t micros_part = 0;
  for (std::size_t k = 0; k < 6; ++k) {
    micros_part = micros_part * 10 + (k < fraction.size() ? fraction[k] - '0' : 0);
  }
  // accumulate on the value's own side of zero, so that the most negative value fits
  std::int64_t result = 0;
  if (negative ? (__builtin_mul_overflow(units, -scale, &result) ||
                  __builtin_sub_overflow(result, micros_part, &result))
               : (__builtin_mul_overflow(units, scale, &result) ||
                  __builtin_add_overflow(result, micros_part, &result))) {
    return std::nullopt;
  }
  return from_micros(result);
}

SSPRULES_INLINE std::string decimal::to_string() const {
  // Work in unsigned magnitude so that the most negative value prints correctly.
  bool negative = micros_ < 0;
  std::uint64_t magnitude =
      negative ? 0 - static_cast<std::uint64_t>(micros_) : static_cast<std::uint64_t>(micros_);
  std::uint64_t units = magnitude / static_cast<std::uint64_t>(scale);
  std::uint64_t fraction = magnitude % static_cast<std::uint64_t>(scale);
  std::string out = negative ? "-" : "";
  out += std::to_string(units);
  if (fraction != 0) {
    std::string digits = std::to_string(fraction);
    digits.insert(0, 6 - digits.size(), '0');
    while (!digits.empty() && digits.back() == '0') digits.pop_back();
    out += '.' + digits;
  }
  return out;
}

SSPRULES_INLINE value value::missing(type_kind kind) {
  value v;
  v.kind_ = kind;
  return v;
}

SSPRULES_INLINE value value::of_bool(bool b) {
  value v;
  v.kind_ = type_kind::boolean;
  v.present_ = true;
  v.bits_ = b ? 1 : 0;
  return v;
}

SSPRULES_INLINE value value::of_integer(std::int64_t i) {
  value v;
  v.kind_ = type_kind::integer;
  v.present_ = true;
  v.bits_ = i;
  return v;
}

SSPRULES_INLINE value value::of_decimal(decimal d) {
  value v;
  v.kind_ = type_kind::decimal;
  v.present_ = true;
  v.bits_ = d.micros();
  return v;
}

SSPRULES_INLINE value value::of_string(std::string s) {
  value v;
  v.kind_ = type_kind::string;
  v.present_ = true;
  v.text_ = std::move(s);
  return v;
}

SSPRULES_INLINE value value::of_enum(std::string name) {
  value v;
  v.kind_ = type_kind::enumeration;
  v.present_ = true;
  v.text_ = std::move(name);
  return v;
}

SSPRULES_INLINE value value::of_date(date d) {
  value v;
  v.kind_ = type_kind::date;
  v.present_ = true;
  v.bits_ = d.days();
  return v;
}

SSPRULES_INLINE value value::of_list(type_kind item, std::vector<value> items) {
  value v;
  v.kind_ = type_kind::list;
  v.present_ = true;
  v.bits_ = static_cast<std::int64_t>(item);
  v.items_ = std::move(items);
  return v;
}

SSPRULES_INLINE value value::of_record(std::vector<std::string> names, std::vector<value> fields) {
  value v;
  v.kind_ = type_kind::record;
  v.present_ = true;
  v.items_ = std::move(fields);
  v.names_ = std::move(names);
  return v;
}

SSPRULES_INLINE std::string value::to_string() const {
  if (!present_) return "null";
  switch (kind_) {
    case type_kind::boolean:
      return bits_ ? "true" : "false";
    case type_kind::integer:
      return std::to_string(bits_);
    case type_kind::decimal:
      return as_decimal().to_string();
    case type_kind::string:
    case type_kind::enumeration:
      return text_;
    case type_kind::date:
      return as_date().to_string();
    case type_kind::list: {
      std::string out = "[";
      for (std::size_t i = 0; i < items_.size(); ++i) {
        if (i) out += ", ";
        out += items_[i].to_string();
      }
      out += ']';
      return out;
    }
    case type_kind::record: {
      std::string out = "{";
      for (std::size_t i = 0; i < items_.size(); ++i) {
        if (i) out += ", ";
        out += (i < names_.size() ? names_[i] : std::string("?")) + ": " + items_[i].to_string();
      }
      out += '}';
      return out;
    }
  }
  return {};
}

SSPRULES_INLINE std::string value::to_json() const {
  if (!present_) return "null";
  std::string out;
  switch (kind_) {
    case type_kind::string:
    case type_kind::enumeration:
      detail::append_json_string(out, text_);
      return out;
    case type_kind::date:
      out = "\"";
      out += as_date().to_string();
      out += '"';
      return out;
    case type_kind::list:
      out = "[";
      for (std::size_t i = 0; i < items_.size(); ++i) {
        if (i) out += ',';
        out += items_[i].to_json();
      }
      out += ']';
      return out;
    case type_kind::record:
      out = "{";
      for (std::size_t i = 0; i < items_.size(); ++i) {
        if (i) out += ',';
        detail::append_json_string(out, i < names_.size() ? names_[i] : std::string("?"));
        out += ':';
        out += items_[i].to_json();
      }
      out += '}';
      return out;
    default:
      return to_string();
  }
}

SSPRULES_INLINE std::ostream& operator<<(std::ostream& os, const value& v) {
  return os << v.to_string();
}

}  // namespace ssprules::inline SSPRULES_ABI
