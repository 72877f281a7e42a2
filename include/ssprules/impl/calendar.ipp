// Definitions for calendar.hpp. Boost.Date_Time converts day numbers to and from year, month and
// day; every month step is computed here on (year, month, day) in one step, because Boost's
// `months`/`years` durations snap to month ends (30 April + 6 months = 31 October there).
#include <boost/date_time/gregorian/greg_calendar.hpp>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "ssprules/calendar.hpp"

namespace ssprules {
// Helpers live in their own namespace so that they never clash with other stages' helpers when
// the umbrella header includes every .ipp (header-only mode).
namespace detail::cal {

using gregorian = boost::gregorian::gregorian_calendar;

/// Boost's day number (a Julian day number) of 1970-01-01, the zero of `date::days()`.
inline constexpr std::int64_t epoch_day_number = 2440588;
/// Boost's gregorian range, which is ours: 1400-01-01 .. 9999-12-31.
inline constexpr int min_year = 1400;
inline constexpr int max_year = 9999;
/// `date::days()` of 1400-01-01 and of 9999-12-31 (checked against Boost by the unit tests).
inline constexpr std::int32_t min_days = -208188;
inline constexpr std::int32_t max_days = 2932896;
/// Month indexes (year * 12 + month - 1) of January 1400 and December 9999.
inline constexpr std::int64_t min_month_index = std::int64_t{min_year} * 12;
inline constexpr std::int64_t max_month_index = std::int64_t{max_year} * 12 + 11;

// Boost's constrained year/month/day types throw when built from a value out of range; every
// helper below is only called with values already checked, so nothing here throws.

/// Whether `year` (1400..9999) is a leap year.
SSPRULES_INLINE bool is_leap_year(int year) noexcept {
  SSPRULES_ASSERT(year >= min_year && year <= max_year);
  return gregorian::is_leap_year(boost::gregorian::greg_year(static_cast<unsigned short>(year)));
}

/// The number of days of `month` (1..12) in `year` (1400..9999).
SSPRULES_INLINE int days_in_month(int year, int month) noexcept {
  SSPRULES_ASSERT(year >= min_year && year <= max_year);
  SSPRULES_ASSERT(month >= 1 && month <= 12);
  return gregorian::end_of_month_day(
      boost::gregorian::greg_year(static_cast<unsigned short>(year)),
      boost::gregorian::greg_month(static_cast<unsigned short>(month)));
}

/// `date::days()` of an existing date within range.
SSPRULES_INLINE std::int32_t days_from_ymd(int year, int month, int day) noexcept {
  SSPRULES_ASSERT(day >= 1 && day <= days_in_month(year, month));
  const gregorian::ymd_type ymd(static_cast<unsigned short>(year),
                                static_cast<unsigned short>(month),
                                static_cast<unsigned short>(day));
  const auto number = static_cast<std::int64_t>(gregorian::day_number(ymd));
  return static_cast<std::int32_t>(number - epoch_day_number);
}

/// The date of a (year, month, day) triple that is known to exist and to be within range.
SSPRULES_INLINE date date_from_valid_ymd(int year, int month, int day) noexcept {
  return date::from_days(days_from_ymd(year, month, day));
}

/// `d` plus `n` months as (year, month) arithmetic on the month index, then the day: kept when it
/// exists in the target month, otherwise resolved by `missing`.
SSPRULES_INLINE std::optional<date> add_months_to(const ymd& d, std::int64_t n,
                                                  missing_day missing) noexcept {
  const std::int64_t index = std::int64_t{d.year} * 12 + (d.month - 1);
  // Compare n with the room left instead of computing index + n: n may be any int64.
  if (n > max_month_index - index || n < min_month_index - index) {
    return std::nullopt;
  }
  const std::int64_t target = index + n;
  // invariant: target is within [min_month_index, max_month_index], so the
  // year fits an int and the month is 1..12.
  const auto year = static_cast<int>(target / 12);
  const auto month = static_cast<int>(target % 12) + 1;
  const int last = days_in_month(year, month);
  if (d.day <= last) return date_from_valid_ymd(year, month, d.day);
  if (missing == missing_day::clamp) return date_from_valid_ymd(year, month, last);
  // next_day: the first day of the following month. December has 31 days, so a missing day
  // never occurs there; the year-change branch is kept for safety.
  if (month < 12) return date_from_valid_ymd(year, month + 1, 1);
  if (year >= max_year) return std::nullopt;
  return date_from_valid_ymd(year + 1, 1, 1);
}

/// Turns the birth `month` and `day` into the month and day of the birthday in `year`: a
/// 29 February birthday moves to 1 March or 28 February (`leap_day`) in a common year.
SSPRULES_INLINE void birthday_in_year(int year, leap_day_birthday leap_day, int& month,
                                      int& day) noexcept {
  if (month == 2 && day == 29 && !is_leap_year(year)) {
    if (leap_day == leap_day_birthday::mar_1) {
      month = 3;
      day = 1;
    } else {
      day = 28;
    }
  }
}

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

}  // namespace detail::cal

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

SSPRULES_INLINE ymd date::to_ymd() const noexcept {
  // invariant: dates are within [min(), max()]; from_days leaves that to its caller.
  SSPRULES_ASSERT(days_ >= detail::cal::min_days && days_ <= detail::cal::max_days);
  const auto number = static_cast<detail::cal::gregorian::date_int_type>(
      std::int64_t{days_} + detail::cal::epoch_day_number);
  const detail::cal::gregorian::ymd_type result = detail::cal::gregorian::from_day_number(number);
  return ymd{static_cast<int>(result.year), static_cast<int>(result.month),
             static_cast<int>(result.day)};
}

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
  const ymd b = birth.to_ymd();
  if (n < 0 || n > detail::cal::max_year - b.year) return std::nullopt;
  const int year = b.year + static_cast<int>(n);
  int month = b.month;
  int day = b.day;
  // For n == 0 the year is the birth year, a leap year when born on 29 February: birth itself.
  detail::cal::birthday_in_year(year, conv.leap_day, month, day);
  return detail::cal::date_from_valid_ymd(year, month, day);
}

SSPRULES_INLINE std::int64_t age_on(date birth, date on,
                                    const calendar_conventions& conv) noexcept {
  if (on < birth) return -1;
  const ymd b = birth.to_ymd();
  const ymd o = on.to_ymd();
  // The birthday in on's year is nth_birthday(birth, o.year - b.year); the next one falls in the
  // following year, after `on`. So the age is that n, or n - 1 when `on` is before the birthday
  // (n - 1 >= 0 then: in the birth year the birthday is `birth` itself, <= on).
  int month = b.month;
  int day = b.day;
  detail::cal::birthday_in_year(o.year, conv.leap_day, month, day);
  std::int64_t age = o.year - b.year;
  if (o.month < month || (o.month == month && o.day < day)) --age;
  return age;
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

}  // namespace ssprules
