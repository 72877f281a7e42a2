// Types and values of the rule language, as callers see them in decisions.
#pragma once
#include "ssprules/version.hpp"  // first: the C++20 check
#ifndef SSPRULES_FIRST_HEADER
#  define SSPRULES_FIRST_HEADER 19  // header-first: see the end of this file
#endif

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ssprules/calendar.hpp"
#include "ssprules/detail/config.hpp"

namespace ssprules::inline SSPRULES_ABI {

/// The kinds of values rules compute with.
enum class type_kind : std::uint8_t {
  boolean,
  integer,  ///< 64-bit signed; overflow is a per-record error
  decimal,  ///< exact, 6 digits after the point
  string,
  enumeration,  ///< one of a fixed list of names
  date,
  list,    ///< a list input (`type: list, of: …`), or the result of a `collect` table
  record,  ///< an item of a list of records: named fields
};

/// The name of a type kind as policies write it: bool, integer, decimal, string, enum, date,
/// list, record.
[[nodiscard]] const char* to_string(type_kind kind) noexcept;

struct value_field;
class value;
class decimal;

namespace detail {
/// What `value::get<T>` and `decision::get<T>` read as `T`: which kinds, and how. Only the
/// specialisations below exist, so `get<int>` does not compile.
template <class T>
struct value_reader {
  static_assert(sizeof(T) == 0,
                "get<T>: T is bool, std::int64_t, ssprules::decimal, ssprules::date, std::string "
                "or std::string_view");
};
}  // namespace detail

/// A type as a caller sees it: kind, whether a value may be missing, enum values, integer range,
/// and for a list the kind of its items (their values, or their fields for records).
/// Thread-compatible.
struct value_type {
  type_kind kind = type_kind::boolean;
  bool optional = false;
  std::vector<std::string> values;       ///< enum values (of an enum or a list of enums)
  std::optional<std::int64_t> min, max;  ///< integer bounds (inputs)
  type_kind item = type_kind::boolean;   ///< element kind of a list
  std::vector<value_field> fields;       ///< a list of records: the fields of its items
  /// `integer 1..4`, `enum {recipient, self_supporting}`, `list of date`, `list of {date: date,
  /// kind: enum {vold, tyveri}}`, ` (optional)` …
  [[nodiscard]] std::string describe() const;
};

/// A field of the items of a list of records.
/// Thread-compatible.
struct value_field {
  std::string name;
  value_type type;
};

/// An exact decimal number with 6 digits after the point, stored as an integer count of
/// millionths so that 0.1 + 0.2 == 0.3. Immutable: safe to share between threads (a plain value).
class decimal {
 public:
  static constexpr std::int64_t scale = 1'000'000;
  constexpr decimal() noexcept = default;
  /// The decimal `micros / 1e6`.
  [[nodiscard]] static constexpr decimal from_micros(std::int64_t micros) noexcept {
    decimal d;
    d.micros_ = micros;
    return d;
  }
  /// Parses `-12.5`, `3`, `0.000001`; nullopt for more than 6 fraction digits, exponents,
  /// or values out of range.
  [[nodiscard]] static std::optional<decimal> parse(std::string_view text) noexcept;
  [[nodiscard]] constexpr std::int64_t micros() const noexcept { return micros_; }
  /// Shortest exact form: `12.5`, `3`, `-0.000001`.
  [[nodiscard]] std::string to_string() const;
  friend constexpr auto operator<=>(decimal, decimal) noexcept = default;

 private:
  std::int64_t micros_ = 0;
};

/// One value of an output or input: a kind, whether it is present, and the payload.
/// Immutable: safe to share between threads (a plain value).
class value {
 public:
  /// A missing value of the given kind.
  value() = default;
  [[nodiscard]] static value missing(type_kind kind);
  [[nodiscard]] static value of_bool(bool b);
  [[nodiscard]] static value of_integer(std::int64_t i);
  [[nodiscard]] static value of_decimal(decimal d);
  [[nodiscard]] static value of_string(std::string s);
  [[nodiscard]] static value of_enum(std::string name);
  [[nodiscard]] static value of_date(date d);
  [[nodiscard]] static value of_list(type_kind item, std::vector<value> items);
  /// An item of a list of records: its fields' names and values, in declaration order.
  [[nodiscard]] static value of_record(std::vector<std::string> names, std::vector<value> fields);

  [[nodiscard]] type_kind kind() const noexcept { return kind_; }
  /// False when an optional value is missing.
  [[nodiscard]] bool present() const noexcept { return present_; }
  [[nodiscard]] bool as_bool() const noexcept { return bits_ != 0; }
  [[nodiscard]] std::int64_t as_integer() const noexcept { return bits_; }
  [[nodiscard]] decimal as_decimal() const noexcept { return decimal::from_micros(bits_); }
  [[nodiscard]] date as_date() const noexcept {
    return date::from_days(static_cast<std::int32_t>(bits_));
  }
  /// The text of a string, or the name of an enum value.
  [[nodiscard]] const std::string& as_string() const noexcept { return text_; }
  /// The items of a list, or the field values of a record.
  [[nodiscard]] const std::vector<value>& as_list() const noexcept { return items_; }
  /// The field names of a record (empty for other kinds).
  [[nodiscard]] const std::vector<std::string>& field_names() const noexcept { return names_; }

  /// The value as `T`, checked: nullopt when it is missing (where `as_integer()` gives 0).
  /// `T` is `bool`, `std::int64_t`, `decimal`, `date`, or `std::string` / `std::string_view`
  /// (a string's text or an enum value's name; the view is valid while the value is); another
  /// `T` does not compile, and a `T` that does not fit the value's kind (an integer read from
  /// a date) throws `ssprules::error`.
  template <class T>
  [[nodiscard]] std::optional<T> get() const {
    using reader = detail::value_reader<T>;
    if (!reader::reads(kind_)) wrong_get(kind_, reader::name, "a value");
    if (!present_) return std::nullopt;
    return reader::read(bits_, text_);
  }

  /// Plain text: `true`, `17`, `12.5`, `kui`, `2025-08-29`, `[a, b]`, `{date: 2024-03-01, kind:
  /// vold}`; `null` when missing.
  [[nodiscard]] std::string to_string() const;
  /// JSON: strings, enum names and dates quoted; `null` when missing.
  [[nodiscard]] std::string to_json() const;

  friend bool operator==(const value&, const value&) = default;

 private:
  friend class decision;
  friend class result_batch;
  // Throws `ssprules::error`: a value of kind `actual` (`what`: "a value", "output `x`") read
  // as `wanted` (`std::int64_t`). Not in `detail`: inline code calls it, and a shared library
  // exports only the public names.
  [[noreturn]] static void wrong_get(type_kind actual, const char* wanted, std::string_view what);

  type_kind kind_ = type_kind::boolean;
  bool present_ = false;
  std::int64_t bits_ = 0;
  std::string text_;
  std::vector<value> items_;
  std::vector<std::string> names_;  // of a record's fields
};

/// Writes `v` as plain text (as `value::to_string`: `null` when missing).
std::ostream& operator<<(std::ostream& os, const value& v);

namespace detail {
template <>
struct value_reader<bool> {
  static constexpr const char* name = "bool";
  static constexpr bool reads(type_kind k) noexcept { return k == type_kind::boolean; }
  static bool read(std::int64_t bits, const std::string&) noexcept { return bits != 0; }
};
template <>
struct value_reader<std::int64_t> {
  static constexpr const char* name = "std::int64_t";
  static constexpr bool reads(type_kind k) noexcept { return k == type_kind::integer; }
  static std::int64_t read(std::int64_t bits, const std::string&) noexcept { return bits; }
};
template <>
struct value_reader<decimal> {
  static constexpr const char* name = "ssprules::decimal";
  static constexpr bool reads(type_kind k) noexcept { return k == type_kind::decimal; }
  static decimal read(std::int64_t bits, const std::string&) noexcept {
    return decimal::from_micros(bits);
  }
};
template <>
struct value_reader<date> {
  static constexpr const char* name = "ssprules::date";
  static constexpr bool reads(type_kind k) noexcept { return k == type_kind::date; }
  static date read(std::int64_t bits, const std::string&) noexcept {
    return date::from_days(static_cast<std::int32_t>(bits));
  }
};
template <>
struct value_reader<std::string> {
  static constexpr const char* name = "std::string";
  static constexpr bool reads(type_kind k) noexcept {
    return k == type_kind::string || k == type_kind::enumeration;
  }
  static std::string read(std::int64_t, const std::string& text) { return text; }
};
template <>
struct value_reader<std::string_view> {
  static constexpr const char* name = "std::string_view";
  static constexpr bool reads(type_kind k) noexcept {
    return k == type_kind::string || k == type_kind::enumeration;
  }
  static std::string_view read(std::int64_t, const std::string& text) noexcept { return text; }
};
}  // namespace detail

}  // namespace ssprules::inline SSPRULES_ABI

// Header-first: in the one translation unit that defines SSPRULES_IMPLEMENTATION, the first
// ssprules header it includes brings every definition once it is complete (detail/config.hpp).
#if defined(SSPRULES_IMPLEMENTATION) && SSPRULES_FIRST_HEADER == 19
#  include "ssprules/impl/all.ipp"
#endif
