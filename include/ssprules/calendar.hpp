// Dates and the calendar arithmetic of policies: ages, birthdays, month steps that are right on
// 29 February and at month ends (conventions in docs/rule-language.md#calendar).
#pragma once
#include "ssprules/version.hpp"  // first: the C++20 check
#ifndef SSPRULES_FIRST_HEADER
#  define SSPRULES_FIRST_HEADER 2  // header-first: see the end of this file
#endif

#include <chrono>
#include <compare>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

#include "ssprules/detail/config.hpp"

namespace ssprules::inline SSPRULES_ABI {

/// Year, month (1-12) and day (1-31) of a date.
/// Thread-compatible.
struct ymd {
  int year = 1970;
  int month = 1;
  int day = 1;
  friend constexpr bool operator==(const ymd&, const ymd&) = default;
};

/// A Gregorian calendar date between 1400-01-01 and 9999-12-31, stored as a day number so that
/// comparing and copying it is as cheap as an integer.
/// Immutable: safe to share between threads (a plain value).
class date {
 public:
  /// 1970-01-01.
  constexpr date() noexcept = default;
  /// The date of a `std::chrono` day; throws `ssprules::error` outside 1400-01-01..9999-12-31.
  explicit date(std::chrono::sys_days d);
  /// The date of a `std::chrono` year, month and day; throws `ssprules::error` when it is not a
  /// valid date (`!ymd.ok()`, 2023-02-29) or is outside 1400-01-01..9999-12-31.
  explicit date(std::chrono::year_month_day ymd);
  /// The date `days` after 1970-01-01 (negative: before). The caller keeps it within range.
  [[nodiscard]] static constexpr date from_days(std::int32_t days) noexcept { return date(days); }
  /// The date of a year, month and day; nullopt when no such date exists or it is out of range.
  [[nodiscard]] static std::optional<date> from_ymd(int year, int month, int day) noexcept;
  /// Parses strict ISO 8601 `YYYY-MM-DD`; nullopt for anything else (2017-02-30 included).
  [[nodiscard]] static std::optional<date> parse(std::string_view iso) noexcept;
  /// The earliest and the latest representable date.
  [[nodiscard]] static date min() noexcept;
  [[nodiscard]] static date max() noexcept;

  /// Days since 1970-01-01.
  [[nodiscard]] constexpr std::int32_t days() const noexcept { return days_; }
  /// Year, month and day.
  [[nodiscard]] ymd to_ymd() const noexcept;
  /// `YYYY-MM-DD`.
  [[nodiscard]] std::string to_string() const;

  /// The same day as a `std::chrono` day.
  constexpr explicit operator std::chrono::sys_days() const noexcept {
    return std::chrono::sys_days(std::chrono::days(days_));
  }
  /// The same day as a `std::chrono` year, month and day.
  constexpr explicit operator std::chrono::year_month_day() const noexcept {
    return std::chrono::year_month_day(static_cast<std::chrono::sys_days>(*this));
  }

  friend constexpr auto operator<=>(date, date) noexcept = default;

 private:
  constexpr explicit date(std::int32_t days) noexcept : days_(days) {}
  std::int32_t days_ = 0;
};

/// Writes `d` as `YYYY-MM-DD` (as `date::to_string`).
std::ostream& operator<<(std::ostream& os, date d);

/// A day of the week, Monday first (ISO 8601).
enum class weekday : std::uint8_t {
  monday,
  tuesday,
  wednesday,
  thursday,
  friday,
  saturday,
  sunday
};

/// The names of the weekdays as policies write them (`monday` … `sunday`), by `weekday`.
inline constexpr std::string_view weekday_names[] = {"monday", "tuesday",  "wednesday", "thursday",
                                                     "friday", "saturday", "sunday"};

/// The day of the week of `d`.
[[nodiscard]] constexpr weekday weekday_of(date d) noexcept {
  // 1970-01-01 was a Thursday (3); floored remainder for the days before it
  const std::int32_t r = (d.days() + 3) % 7;
  return static_cast<weekday>(r < 0 ? r + 7 : r);
}

/// Easter Sunday of `year` in the Gregorian calendar (proleptic before 1583); nullopt outside
/// 1400-9999.
[[nodiscard]] std::optional<date> easter_sunday(int year) noexcept;

/// Which day a person born on 29 February has a birthday in a common year.
enum class leap_day_birthday : std::uint8_t {
  mar_1,   ///< 1 March (the default; Danish practice for age of majority)
  feb_28,  ///< 28 February
};

/// What adding months does when the day does not exist in the target month (31 + 1 month).
enum class missing_day : std::uint8_t {
  clamp,     ///< the last day of the target month (the default): 2000-08-31 + 6 months = 2001-02-28
  next_day,  ///< the first day of the month after: 2000-08-31 + 6 months = 2001-03-01
};

/// The calendar conventions of a policy; the defaults are the engine's.
/// Thread-compatible.
struct calendar_conventions {
  leap_day_birthday leap_day = leap_day_birthday::mar_1;
  missing_day missing = missing_day::clamp;
  friend constexpr bool operator==(const calendar_conventions&,
                                   const calendar_conventions&) = default;
};

/// `d` plus `n` days; nullopt when the result leaves the representable range.
[[nodiscard]] std::optional<date> add_days(date d, std::int64_t n) noexcept;
/// `d` plus `n` months in one step from `d` (never month by month, never snapping to month
/// ends); a missing day follows `conv.missing`. nullopt when out of range.
[[nodiscard]] std::optional<date> add_months(date d, std::int64_t n,
                                             const calendar_conventions& conv = {}) noexcept;
/// `d` plus `n` years, as `add_months(d, 12 * n)`.
[[nodiscard]] std::optional<date> add_years(date d, std::int64_t n,
                                            const calendar_conventions& conv = {}) noexcept;
/// The date on which a person born on `birth` turns `n` (n >= 0), following `conv.leap_day`;
/// nullopt when out of range.
[[nodiscard]] std::optional<date> nth_birthday(date birth, std::int64_t n,
                                               const calendar_conventions& conv = {}) noexcept;
/// Completed years on `on` of a person born on `birth`: the largest n with
/// nth_birthday(birth, n) <= on. Negative when `on` is before `birth` (-1 then).
[[nodiscard]] std::int64_t age_on(date birth, date on,
                                  const calendar_conventions& conv = {}) noexcept;
/// `to - from` in days.
[[nodiscard]] constexpr std::int64_t days_between(date from, date to) noexcept {
  return static_cast<std::int64_t>(to.days()) - from.days();
}
/// Whole months from `from` to `to`: the largest m with add_months(from, m) <= to when
/// from <= to, and minus the whole months from `to` to `from` otherwise.
[[nodiscard]] std::int64_t months_between(date from, date to,
                                          const calendar_conventions& conv = {}) noexcept;

}  // namespace ssprules::inline SSPRULES_ABI

// Header-first: in the one translation unit that defines SSPRULES_IMPLEMENTATION, the first
// ssprules header it includes brings every definition once it is complete (detail/config.hpp).
#if defined(SSPRULES_IMPLEMENTATION) && SSPRULES_FIRST_HEADER == 2
#  include "ssprules/impl/all.ipp"
#endif
