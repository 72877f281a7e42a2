// The calendar's arithmetic on (year, month, day): shared by calendar.ipp (the public functions)
// and the evaluator, which keeps decoded year/month/day of the dates it works on so that a
// record's birth date is converted once, not once per rule. Month steps and birthdays are
// computed here in one step, never with Boost.Date_Time's `months`/`years` durations, which snap
// to month ends (30 April + 6 months = 31 October there). Day numbers are converted with
// constexpr integer formulas that inline into the evaluator; Boost.Date_Time's
// gregorian_calendar is the reference they are checked against, day by day over the whole range
// (tests/unit/calendar_test.cpp). No stability promise.
#pragma once

#include <cstdint>
#include <optional>

#include "ssprules/calendar.hpp"
#include "ssprules/detail/config.hpp"

namespace ssprules::inline SSPRULES_ABI::detail::cal {

/// The range of dates: 1400-01-01 .. 9999-12-31 (Boost.Date_Time's gregorian range).
inline constexpr int min_year = 1400;
inline constexpr int max_year = 9999;
/// `date::days()` of 1400-01-01 and of 9999-12-31 (checked against Boost by the unit tests).
inline constexpr std::int32_t min_days = -208188;
inline constexpr std::int32_t max_days = 2932896;
/// Month indexes (year * 12 + month - 1) of January 1400 and December 9999.
inline constexpr std::int64_t min_month_index = std::int64_t{min_year} * 12;
inline constexpr std::int64_t max_month_index = std::int64_t{max_year} * 12 + 11;

/// Whether `year` is a leap year (Gregorian).
constexpr bool is_leap_year(int year) noexcept {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

/// The number of days of `month` (1..12) in `year`.
constexpr int days_in_month(int year, int month) noexcept {
  constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : days[month - 1];
}

// Day numbers <-> (year, month, day). These two run for nearly every record the engine
// evaluates, so they are H. Hinnant's division-light formulas, which the compiler inlines; the
// unit tests check them against Boost's gregorian_calendar for every day of the range.

/// `date::days()` of an existing date within range.
[[gnu::always_inline]] constexpr std::int32_t days_from_ymd(int year, int month, int day) noexcept {
  const int y = year - (month <= 2 ? 1 : 0);  // years start in March: leap days come last
  const int era = y / 400;                    // y >= 1399 > 0
  const int year_of_era = y - era * 400;
  const int day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const int day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

/// Year, month and day of a day number within range.
[[gnu::always_inline]] constexpr ymd ymd_from_days(std::int32_t days) noexcept {
  // invariant: dates are within [min_days, max_days]; date::from_days leaves that to its caller.
  const int z = days + 719468;  // days since 0000-03-01, > 0 in range
  const int era = z / 146097;
  const int day_of_era = z - era * 146097;
  const int year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int month_index = (5 * day_of_year + 2) / 153;  // 0 = March
  const int day = day_of_year - (153 * month_index + 2) / 5 + 1;
  const int month = month_index < 10 ? month_index + 3 : month_index - 9;
  return ymd{year_of_era + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

// Dates in the machine's registers carry their year, month and day: the day number in the
// high 32 bits (so that comparing two registers compares the dates) and year << 9 | month << 5
// | day below. Calendar instructions then never take a date apart.

/// A date as a register holds it.
[[gnu::always_inline]] constexpr std::int64_t pack(std::int32_t days, const ymd& d) noexcept {
  auto parts = static_cast<std::uint32_t>((d.year << 9) | (d.month << 5) | d.day);
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(static_cast<std::int64_t>(days))
                                   << 32) |
         parts;
}

/// The day number of a register's date.
[[gnu::always_inline]] constexpr std::int32_t days_of(std::int64_t packed) noexcept {
  return static_cast<std::int32_t>(packed >> 32);
}

/// The year, month and day of a register's date.
[[gnu::always_inline]] constexpr ymd parts_of(std::int64_t packed) noexcept {
  auto parts = static_cast<std::uint32_t>(packed);
  return ymd{static_cast<int>(parts >> 9), static_cast<int>((parts >> 5) & 15U),
             static_cast<int>(parts & 31U)};
}

static_assert(days_from_ymd(1970, 1, 1) == 0 && days_from_ymd(1400, 1, 1) == min_days &&
              days_from_ymd(9999, 12, 31) == max_days);
static_assert(ymd_from_days(min_days) == ymd{1400, 1, 1} &&
              ymd_from_days(max_days) == ymd{9999, 12, 31} &&
              ymd_from_days(days_from_ymd(2008, 2, 29)) == ymd{2008, 2, 29});

/// A date as a register holds it, from its day number.
[[gnu::always_inline]] constexpr std::int64_t pack(std::int32_t days) noexcept {
  return pack(days, ymd_from_days(days));
}

static_assert(days_of(pack(min_days)) == min_days && parts_of(pack(min_days)) == ymd{1400, 1, 1} &&
              pack(-1) < pack(0) && days_of(pack(-1)) == -1 && pack(max_days) > pack(0));

/// The date of a (year, month, day) triple that is known to exist and to be within range.
inline date date_from_valid_ymd(int year, int month, int day) noexcept {
  return date::from_days(days_from_ymd(year, month, day));
}

/// `d` plus `n` months as (year, month) arithmetic on the month index, then the day: kept when it
/// exists in the target month, otherwise resolved by `missing`. nullopt out of range.
[[gnu::always_inline]] inline std::optional<ymd> add_months_ymd(const ymd& d, std::int64_t n,
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
  if (d.day <= last) return ymd{year, month, d.day};
  if (missing == missing_day::clamp) return ymd{year, month, last};
  // next_day: the first day of the following month. December has 31 days, so a missing day
  // never occurs there; the year-change branch is kept for safety.
  if (month < 12) return ymd{year, month + 1, 1};
  if (year >= max_year) return std::nullopt;
  return ymd{year + 1, 1, 1};
}

/// `d` plus `n` months, as a date.
inline std::optional<date> add_months_to(const ymd& d, std::int64_t n,
                                         missing_day missing) noexcept {
  auto r = add_months_ymd(d, n, missing);
  if (!r) return std::nullopt;
  return date_from_valid_ymd(r->year, r->month, r->day);
}

/// Turns the birth `month` and `day` into the month and day of the birthday in `year`: a
/// 29 February birthday moves to 1 March or 28 February (`leap_day`) in a common year.
inline void birthday_in_year(int year, leap_day_birthday leap_day, int& month, int& day) noexcept {
  if (month == 2 && day == 29 && !is_leap_year(year)) {
    if (leap_day == leap_day_birthday::mar_1) {
      month = 3;
      day = 1;
    } else {
      day = 28;
    }
  }
}

/// The birthday on which a person born on `b` turns `n`; nullopt out of range.
[[gnu::always_inline]] inline std::optional<ymd> nth_birthday_ymd(
    const ymd& b, std::int64_t n, leap_day_birthday leap_day) noexcept {
  if (n < 0 || n > max_year - b.year) return std::nullopt;
  const int year = b.year + static_cast<int>(n);
  int month = b.month;
  int day = b.day;
  // For n == 0 the year is the birth year, a leap year when born on 29 February: birth itself.
  birthday_in_year(year, leap_day, month, day);
  return ymd{year, month, day};
}

/// The date on which a person born on `b` turns `n`; nullopt out of range.
inline std::optional<date> nth_birthday_of(const ymd& b, std::int64_t n,
                                           leap_day_birthday leap_day) noexcept {
  auto r = nth_birthday_ymd(b, n, leap_day);
  if (!r) return std::nullopt;
  return date_from_valid_ymd(r->year, r->month, r->day);
}

/// Completed years on `o` of a person born on `b`, when `o` is not before `b`.
inline std::int64_t age_of(const ymd& b, const ymd& o, leap_day_birthday leap_day) noexcept {
  // The birthday in o's year is nth_birthday(b, o.year - b.year); the next one falls in the
  // following year, after `o`. So the age is that n, or n - 1 when `o` is before the birthday
  // (n - 1 >= 0 then: in the birth year the birthday is the birth date itself, <= o).
  int month = b.month;
  int day = b.day;
  birthday_in_year(o.year, leap_day, month, day);
  std::int64_t age = o.year - b.year;
  if (o.month < month || (o.month == month && o.day < day)) --age;
  return age;
}

}  // namespace ssprules::inline SSPRULES_ABI::detail::cal
