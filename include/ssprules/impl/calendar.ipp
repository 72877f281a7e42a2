// Definitions for calendar.hpp, on the arithmetic of detail/civil.hpp (shared with the
// evaluator): day numbers, month steps in one step (never Boost.Date_Time's `months`/`years`
// durations, which snap to month ends), birthdays and ages.
#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "ssprules/calendar.hpp"
#include "ssprules/detail/civil.hpp"
#include "ssprules/error.hpp"

namespace ssprules::inline SSPRULES_ABI {
// Helpers live in their own namespace so that they never clash with other stages' helpers when
// the umbrella header includes every .ipp (header-only mode); the arithmetic itself is in
// detail/civil.hpp, shared with the evaluator.
namespace detail::cal {

/// Writes `value` as `width` decimal digits ending just before `end`.
SSPRULES_INLINE void put_digits(char* end, int value, int width) noexcept {
  for (int i = 0; i < width; ++i) {
    *--end = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

/// Reads exactly `text.size()` ASCII digits; false on anything else.
SSPRULES_INLINE bool read_digits(std::string_view text, int& value) noexcept {
  value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  return true;
}

/// `year-month-day` as given (not padded, possibly invalid), for error messages.
SSPRULES_INLINE std::string ymd_text(const std::chrono::year_month_day& ymd) {
  return std::to_string(static_cast<int>(ymd.year())) + '-' +
         std::to_string(static_cast<unsigned>(ymd.month())) + '-' +
         std::to_string(static_cast<unsigned>(ymd.day()));
}

}  // namespace detail::cal

SSPRULES_INLINE date::date(std::chrono::sys_days d) {
  const auto n = d.time_since_epoch().count();
  if (n < detail::cal::min_days || n > detail::cal::max_days) {
    throw error("ssprules::date: day " + std::to_string(n) +
                " since 1970-01-01 is outside the calendar (1400-01-01..9999-12-31)");
  }
  days_ = static_cast<std::int32_t>(n);
}

SSPRULES_INLINE date::date(std::chrono::year_month_day ymd) {
  if (!ymd.ok()) {
    throw error("ssprules::date: " + detail::cal::ymd_text(ymd) +
                " is not a valid date (year-month-day)");
  }
  const std::optional<date> d =
      from_ymd(static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
               static_cast<int>(static_cast<unsigned>(ymd.day())));
  if (!d) {
    throw error("ssprules::date: " + detail::cal::ymd_text(ymd) +
                " is outside the calendar (1400-01-01..9999-12-31)");
  }
  days_ = d->days_;
}

SSPRULES_INLINE std::ostream& operator<<(std::ostream& os, date d) { return os << d.to_string(); }

SSPRULES_INLINE std::optional<date> date::from_ymd(int year, int month, int day) noexcept {
  if (year < detail::cal::min_year || year > detail::cal::max_year) return std::nullopt;
  if (month < 1 || month > 12) return std::nullopt;
  if (day < 1 || day > detail::cal::days_in_month(year, month)) return std::nullopt;
  return detail::cal::date_from_valid_ymd(year, month, day);
}

SSPRULES_INLINE std::optional<date> date::parse(std::string_view iso) noexcept {
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return std::nullopt;
  int year = 0;
  int month = 0;
  int day = 0;
  if (!detail::cal::read_digits(iso.substr(0, 4), year) ||
      !detail::cal::read_digits(iso.substr(5, 2), month) ||
      !detail::cal::read_digits(iso.substr(8, 2), day)) {
    return std::nullopt;
  }
  return from_ymd(year, month, day);
}

SSPRULES_INLINE date date::min() noexcept { return date(detail::cal::min_days); }

SSPRULES_INLINE date date::max() noexcept { return date(detail::cal::max_days); }

SSPRULES_INLINE ymd date::to_ymd() const noexcept { return detail::cal::ymd_from_days(days_); }

SSPRULES_INLINE std::string date::to_string() const {
  const ymd parts = to_ymd();
  std::string out = "0000-00-00";
  detail::cal::put_digits(out.data() + 4, parts.year, 4);
  detail::cal::put_digits(out.data() + 7, parts.month, 2);
  detail::cal::put_digits(out.data() + 10, parts.day, 2);
  return out;
}

SSPRULES_INLINE std::optional<date> add_days(date d, std::int64_t n) noexcept {
  // Compare n with the room left instead of computing d + n: n may be any int64.
  if (n > std::int64_t{detail::cal::max_days} - d.days() ||
      n < std::int64_t{detail::cal::min_days} - d.days()) {
    return std::nullopt;
  }
  return date::from_days(static_cast<std::int32_t>(d.days() + n));
}

SSPRULES_INLINE std::optional<date> add_months(date d, std::int64_t n,
                                               const calendar_conventions& conv) noexcept {
  return detail::cal::add_months_to(d.to_ymd(), n, conv.missing);
}

SSPRULES_INLINE std::optional<date> add_years(date d, std::int64_t n,
                                              const calendar_conventions& conv) noexcept {
  constexpr std::int64_t limit = std::numeric_limits<std::int64_t>::max() / 12;
  if (n > limit || n < -limit) return std::nullopt;  // far outside the range anyway
  return add_months(d, n * 12, conv);
}

SSPRULES_INLINE std::optional<date> nth_birthday(date birth, std::int64_t n,
                                                 const calendar_conventions& conv) noexcept {
  return detail::cal::nth_birthday_of(birth.to_ymd(), n, conv.leap_day);
}

SSPRULES_INLINE std::int64_t age_on(date birth, date on,
                                    const calendar_conventions& conv) noexcept {
  if (on < birth) return -1;
  return detail::cal::age_of(birth.to_ymd(), on.to_ymd(), conv.leap_day);
}

SSPRULES_INLINE std::optional<date> easter_sunday(int year) noexcept {
  if (year < detail::cal::min_year || year > detail::cal::max_year) return std::nullopt;
  // the "anonymous Gregorian" computus (Meeus, Jones, Butcher); tests/unit/working_days_test.cpp
  // checks it against Gauss's with Lichtenberg's corrections
  const int a = year % 19;
  const int b = year / 100;
  const int c = year % 100;
  const int d = b / 4;
  const int e = b % 4;
  const int f = (b + 8) / 25;
  const int g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4;
  const int k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31;
  const int day = (h + l - 7 * m + 114) % 31 + 1;
  return detail::cal::date_from_valid_ymd(year, month, day);
}

SSPRULES_INLINE std::int64_t months_between(date from, date to,
                                            const calendar_conventions& conv) noexcept {
  if (from > to) return -months_between(to, from, conv);
  const ymd f = from.to_ymd();
  const ymd t = to.to_ymd();
  // add_months(from, m) lands in to's month, or (next_day) on the first of the month after it.
  // add_months(from, m + 1) lands in a later month, after `to`; add_months(from, m - 1) lands in
  // the month before to's, or (next_day) on the first of to's month: never after `to`. So the
  // answer is m, or m - 1 when the candidate is after `to`.
  std::int64_t m = std::int64_t{t.year - f.year} * 12 + (t.month - f.month);
  const std::optional<date> candidate = detail::cal::add_months_to(f, m, conv.missing);
  if (!candidate || *candidate > to) --m;
  return m;
}

}  // namespace ssprules::inline SSPRULES_ABI
