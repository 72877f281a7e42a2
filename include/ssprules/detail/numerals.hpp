// Numerals as records, expected values and policies write them: read exactly, never through
// a binary floating-point value. One reading for the decoder, the checker and the test runner.
#pragma once

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>
#include <system_error>

#include "ssprules/version.hpp"

namespace ssprules::inline SSPRULES_ABI::detail {

/// A whole number written in decimal (an optional leading `+` or `-`), or nullopt.
inline std::optional<std::int64_t> parse_integer(std::string_view t) {
  std::int64_t v = 0;
  if (t.empty()) return std::nullopt;
  const char* begin = t.data();
  if (*begin == '+') ++begin;  // a sign is fine, but not "+-1"
  if (begin != t.data() && begin < t.data() + t.size() && *begin == '-') return std::nullopt;
  auto [ptr, ec] = std::from_chars(begin, t.data() + t.size(), v);
  if (ec != std::errc() || ptr != t.data() + t.size()) return std::nullopt;
  return v;
}

/// What `scaled_number` found.
enum class number_status : std::uint8_t {
  ok,
  syntax,    ///< not a number
  fraction,  ///< a number, but not a whole one once scaled
  range,     ///< a whole number beyond 64 bits
};

// Reads a decimal numeral `[+-]digits[.digits][(e|E)[+-]digits]` exactly (no binary rounding)
// and gives its value times 10^scale as a 64-bit integer. The one reading of every number a
// record holds, whatever the source: CSV text, JSON, a double's shortest form, Decimal.
inline number_status scaled_number(std::string_view t, int scale, std::int64_t& out) {
  auto digit_at = [&](std::size_t i) { return i < t.size() && t[i] >= '0' && t[i] <= '9'; };
  std::size_t i = 0;
  bool negative = false;
  if (i < t.size() && (t[i] == '+' || t[i] == '-')) negative = t[i++] == '-';
  const std::size_t int_begin = i;
  while (digit_at(i)) ++i;
  const std::size_t int_end = i;
  std::size_t frac_begin = i;
  std::size_t frac_end = i;
  if (i < t.size() && t[i] == '.') {
    frac_begin = ++i;
    while (digit_at(i)) ++i;
    frac_end = i;
    if (frac_end == frac_begin) return number_status::syntax;
  }
  if (int_end == int_begin) return number_status::syntax;
  std::int64_t exponent = 0;
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    bool exponent_negative = false;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) exponent_negative = t[i++] == '-';
    const std::size_t exponent_begin = i;
    for (; digit_at(i); ++i) {  // saturates: no number has a billion digits
      if (exponent < 1'000'000'000) exponent = exponent * 10 + (t[i] - '0');
    }
    if (i == exponent_begin) return number_status::syntax;
    if (exponent_negative) exponent = -exponent;
  }
  if (i != t.size()) return number_status::syntax;
  // the digits, integer part then fraction, with the scaled point after digit `point`
  const std::size_t int_digits = int_end - int_begin;
  const std::size_t digits = int_digits + (frac_end - frac_begin);
  auto digit = [&](std::size_t k) {
    return t[k < int_digits ? int_begin + k : frac_begin + (k - int_digits)];
  };
  const std::int64_t point = static_cast<std::int64_t>(int_digits) + exponent + scale;
  for (std::size_t k = point > 0 ? static_cast<std::size_t>(point) : 0; k < digits; ++k) {
    if (digit(k) != '0') return number_status::fraction;
  }
  const std::uint64_t limit = negative ? std::uint64_t{1} << 63 : (std::uint64_t{1} << 63) - 1;
  std::uint64_t v = 0;
  const std::size_t whole =
      point <= 0 ? 0 : std::min<std::size_t>(static_cast<std::size_t>(point), digits);
  for (std::size_t k = 0; k < whole; ++k) {
    auto d = static_cast<std::uint64_t>(digit(k) - '0');
    if (v > (limit - d) / 10) return number_status::range;
    v = v * 10 + d;
  }
  for (std::int64_t k = static_cast<std::int64_t>(digits); k < point && v != 0; ++k) {
    if (v > limit / 10) return number_status::range;
    v *= 10;
  }
  out = negative ? static_cast<std::int64_t>(~v + 1) : static_cast<std::int64_t>(v);
  return number_status::ok;
}

}  // namespace ssprules::inline SSPRULES_ABI::detail
