// Unit tests for calendar.hpp: the examples of the domain document written out, then properties
// checked over thousands of dates against oracles written independently of the implementation.
#include "ssprules/calendar.hpp"

#include <gtest/gtest.h>

#include <boost/date_time/gregorian/greg_calendar.hpp>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace ssprules {
// Failure messages show dates as text rather than as bytes.
void PrintTo(const date& d, std::ostream* os) { *os << d.to_string(); }

}  // namespace ssprules

namespace {

using ssprules::add_days;
using ssprules::add_months;
using ssprules::add_years;
using ssprules::age_on;
using ssprules::calendar_conventions;
using ssprules::date;
using ssprules::leap_day_birthday;
using ssprules::missing_day;
using ssprules::months_between;
using ssprules::nth_birthday;
using ssprules::ymd;

constexpr std::int64_t int64_max = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t int64_min = std::numeric_limits<std::int64_t>::min();

constexpr calendar_conventions mar_1{leap_day_birthday::mar_1, missing_day::clamp};
constexpr calendar_conventions feb_28{leap_day_birthday::feb_28, missing_day::clamp};
constexpr calendar_conventions clamp{leap_day_birthday::mar_1, missing_day::clamp};
constexpr calendar_conventions next_day{leap_day_birthday::mar_1, missing_day::next_day};

// --- oracles, independent of Boost and of the implementation ------------------------------------

bool leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int month_length(int year, int month) {
  static constexpr int lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && leap(year) ? 29 : lengths[month - 1];
}

std::string iso(int year, int month, int day) {
  char buffer[40];  // room for any int, so the compiler can see nothing is cut off
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
  return buffer;
}

// --- helpers -------------------------------------------------------------------------------------

date make(int year, int month, int day) {
  std::optional<date> d = date::from_ymd(year, month, day);
  EXPECT_TRUE(d.has_value()) << iso(year, month, day);
  return d.value_or(date{});
}

date parse(std::string_view text) {
  std::optional<date> d = date::parse(text);
  EXPECT_TRUE(d.has_value()) << text;
  return d.value_or(date{});
}

date next(date d) { return date::from_days(d.days() + 1); }
date previous(date d) { return date::from_days(d.days() - 1); }

/// Every day from `first` to `last` inclusive.
std::vector<date> every_day(date first, date last) {
  std::vector<date> days;
  for (date d = first; d <= last; d = next(d)) days.push_back(d);
  return days;
}

/// The last day of every month from January `first_year` to December `last_year`.
std::vector<date> month_ends(int first_year, int last_year) {
  std::vector<date> days;
  for (int y = first_year; y <= last_year; ++y) {
    for (int m = 1; m <= 12; ++m) days.push_back(make(y, m, month_length(y, m)));
  }
  return days;
}

/// Every 29 February from `first_year` to `last_year`.
std::vector<date> leap_days(int first_year, int last_year) {
  std::vector<date> days;
  for (int y = first_year; y <= last_year; ++y) {
    if (leap(y)) days.push_back(make(y, 2, 29));
  }
  return days;
}

/// The birth dates of the property tests: every day 1996-2012, month ends and 29 Februaries
/// 1904-2096.
std::vector<date> birth_dates() {
  std::vector<date> births = every_day(make(1996, 1, 1), make(2012, 12, 31));
  for (date d : month_ends(1904, 2096)) births.push_back(d);
  for (date d : leap_days(1904, 2096)) births.push_back(d);
  return births;
}

/// The start dates of the month-step property tests: every day 1999-2001 and month ends
/// 1996-2012.
std::vector<date> start_dates() {
  std::vector<date> starts = every_day(make(1999, 1, 1), make(2001, 12, 31));
  for (date d : month_ends(1996, 2012)) starts.push_back(d);
  return starts;
}

/// Brute-force age: the largest n >= 0 with nth_birthday(birth, n) <= on, -1 if none.
std::int64_t reference_age(date birth, date on, const calendar_conventions& conv) {
  std::int64_t age = -1;
  for (std::int64_t n = 0;; ++n) {
    std::optional<date> birthday = nth_birthday(birth, n, conv);
    if (!birthday || *birthday > on) return age;
    age = n;
  }
}

/// Brute-force months_between, straight from its definition.
std::int64_t reference_months_between(date from, date to, const calendar_conventions& conv) {
  if (from > to) return -reference_months_between(to, from, conv);
  std::int64_t m = 0;
  for (;;) {
    std::optional<date> later = add_months(from, m + 1, conv);
    if (!later || *later > to) return m;
    ++m;
  }
}

// --- date: construction, range, conversions ---------------------------------------------

TEST(Calendar, EpochIsDayZero) {
  EXPECT_EQ(date{}.days(), 0);
  EXPECT_EQ(date{}.to_ymd(), (ymd{1970, 1, 1}));
  EXPECT_EQ(make(1970, 1, 1).days(), 0);
  EXPECT_EQ(make(1969, 12, 31).days(), -1);
  EXPECT_EQ(make(2000, 3, 1).days(), 11017);
  EXPECT_EQ(make(2017, 3, 15).days(), 17240);
  EXPECT_EQ(date::from_days(17240).to_string(), "2017-03-15");
}

TEST(Calendar, EveryDayInRangeMatchesWalkingTheCalendar) {
  // Walk the whole range day by day with the oracle's month lengths: day numbers are consecutive
  // and both conversions agree with the walk.
  std::int32_t days = date::min().days();
  int mismatches = 0;
  for (int y = 1400; y <= 9999; ++y) {
    for (int m = 1; m <= 12; ++m) {
      for (int d = 1; d <= month_length(y, m); ++d, ++days) {
        std::optional<date> built = date::from_ymd(y, m, d);
        if (!built || built->days() != days || date::from_days(days).to_ymd() != ymd{y, m, d}) {
          if (++mismatches <= 5) ADD_FAILURE() << "mismatch at " << iso(y, m, d);
        }
      }
    }
  }
  EXPECT_EQ(mismatches, 0);
  EXPECT_EQ(days - 1, date::max().days());
}

TEST(Calendar, MinAndMaxAreTheBoostRange) {
  EXPECT_EQ(date::min().to_ymd(), (ymd{1400, 1, 1}));
  EXPECT_EQ(date::max().to_ymd(), (ymd{9999, 12, 31}));
  EXPECT_EQ(date::min().to_string(), "1400-01-01");
  EXPECT_EQ(date::max().to_string(), "9999-12-31");
  EXPECT_EQ(date::from_ymd(1400, 1, 1), date::min());
  EXPECT_EQ(date::from_ymd(9999, 12, 31), date::max());
  EXPECT_EQ(date::from_ymd(1399, 12, 31), std::nullopt);
  EXPECT_EQ(date::from_ymd(10000, 1, 1), std::nullopt);
  EXPECT_EQ(date::parse("1399-12-31"), std::nullopt);
  EXPECT_EQ(date::parse("0000-01-01"), std::nullopt);
  EXPECT_EQ(date::parse("1400-01-01"), date::min());
  EXPECT_EQ(date::parse("9999-12-31"), date::max());
}

TEST(Calendar, FromYmdRejectsNonexistentDates) {
  EXPECT_EQ(date::from_ymd(2017, 2, 30), std::nullopt);
  EXPECT_EQ(date::from_ymd(2019, 2, 29), std::nullopt);
  EXPECT_EQ(date::from_ymd(1900, 2, 29), std::nullopt);
  EXPECT_EQ(date::from_ymd(2020, 13, 1), std::nullopt);
  EXPECT_EQ(date::from_ymd(2020, 0, 1), std::nullopt);
  EXPECT_EQ(date::from_ymd(2020, 1, 0), std::nullopt);
  EXPECT_EQ(date::from_ymd(2020, 1, 32), std::nullopt);
  EXPECT_EQ(date::from_ymd(2020, 4, 31), std::nullopt);
  EXPECT_EQ(date::from_ymd(2020, -1, 1), std::nullopt);
  EXPECT_EQ(date::from_ymd(-2020, 1, 1), std::nullopt);
  ASSERT_TRUE(date::from_ymd(2020, 2, 29).has_value());
  EXPECT_EQ(date::from_ymd(2020, 2, 29)->to_ymd(), (ymd{2020, 2, 29}));
  ASSERT_TRUE(date::from_ymd(2000, 2, 29).has_value());
  EXPECT_EQ(date::from_ymd(2000, 2, 29)->to_string(), "2000-02-29");
}

TEST(Calendar, ParseAcceptsStrictIsoDates) {
  EXPECT_EQ(parse("2017-03-15").to_ymd(), (ymd{2017, 3, 15}));
  EXPECT_EQ(parse("2008-02-29").to_ymd(), (ymd{2008, 2, 29}));
  EXPECT_EQ(parse("1970-01-01").days(), 0);
  EXPECT_EQ(parse("2000-12-31").to_ymd(), (ymd{2000, 12, 31}));
}

TEST(Calendar, ParseRejectsEverythingElse) {
  for (std::string_view text : {"2017-02-30",  "2019-02-29",  "1900-02-29",
                                "2020-13-01",  "2020-00-10",  "2020-01-00",
                                "2020-01-32",  "2020-04-31",  "2020-1-01",
                                "2020-01-1",   "20-01-01",    "02020-01-01",
                                "+2020-01-01", "-2020-01-01", "2020-+1-01",
                                "2020--1-01",  "2020-01-+1",  " 2020-01-01",
                                "2020-01-01 ", "2020-01-01x", "2020-01-01T00:00",
                                "2020/01/01",  "2020.01.01",  "20200101",
                                "2020-01-0a",  "x020-01-01",  "",
                                "----------",  "2020-01 01",  "10000-01-01"}) {
    EXPECT_EQ(date::parse(text), std::nullopt) << '"' << text << '"';
  }
  EXPECT_EQ(date::parse(std::string_view("2020-01-01\0", 11)), std::nullopt);
}

TEST(Calendar, ParseAndToStringRoundTrip) {
  std::vector<date> days = every_day(make(1999, 1, 1), make(2001, 12, 31));
  for (date d : every_day(make(1400, 1, 1), make(1400, 12, 31))) days.push_back(d);
  for (date d : every_day(make(1900, 1, 1), make(1900, 12, 31))) days.push_back(d);
  for (date d : every_day(make(2024, 1, 1), make(2024, 12, 31))) days.push_back(d);
  for (date d : every_day(make(9999, 1, 1), date::max())) days.push_back(d);
  for (date d : days) {
    const ymd parts = d.to_ymd();
    const std::string text = d.to_string();
    ASSERT_EQ(text, iso(parts.year, parts.month, parts.day));
    ASSERT_EQ(date::parse(text), d) << text;
  }
  EXPECT_EQ(days.size(), 3 * 365 + 1 + 365 + 365 + 366 + 365);
}

// --- add_days ----------------------------------------------------------------------------------

TEST(Calendar, AddDaysStaysInRange) {
  EXPECT_EQ(add_days(parse("2000-02-28"), 1), parse("2000-02-29"));
  EXPECT_EQ(add_days(parse("2000-02-29"), 1), parse("2000-03-01"));
  EXPECT_EQ(add_days(parse("2001-03-01"), -1), parse("2001-02-28"));
  EXPECT_EQ(add_days(parse("2000-01-01"), 366), parse("2001-01-01"));
  EXPECT_EQ(add_days(parse("2017-03-15"), 0), parse("2017-03-15"));
  EXPECT_EQ(add_days(date::max(), 0), date::max());
  EXPECT_EQ(add_days(date::min(), 0), date::min());
  EXPECT_EQ(add_days(date::max(), 1), std::nullopt);
  EXPECT_EQ(add_days(date::min(), -1), std::nullopt);
  EXPECT_EQ(add_days(date::min(), days_between(date::min(), date::max())), date::max());
  EXPECT_EQ(add_days(date::min(), days_between(date::min(), date::max()) + 1), std::nullopt);
  EXPECT_EQ(add_days(date::max(), -days_between(date::min(), date::max())), date::min());
  EXPECT_EQ(add_days(date{}, int64_max), std::nullopt);
  EXPECT_EQ(add_days(date{}, int64_min), std::nullopt);
  EXPECT_EQ(add_days(date::max(), int64_max), std::nullopt);
  EXPECT_EQ(add_days(date::min(), int64_min), std::nullopt);
  EXPECT_EQ(add_days(date{}, std::int64_t{1} << 32), std::nullopt);
  EXPECT_EQ(add_days(date{}, -(std::int64_t{1} << 32)), std::nullopt);
}

TEST(Calendar, DaysBetween) {
  EXPECT_EQ(days_between(parse("2000-01-01"), parse("2001-01-01")), 366);
  EXPECT_EQ(days_between(parse("2001-01-01"), parse("2000-01-01")), -366);
  EXPECT_EQ(days_between(date::min(), date::max()), 2932896 + 208188);
}

// --- age and birthdays ---------------------------------------------------------------------------

TEST(Calendar, AgeCountsCompletedYears) {
  const date birth = parse("2000-03-15");
  EXPECT_EQ(age_on(birth, parse("2017-03-14")), 16);
  EXPECT_EQ(age_on(birth, parse("2017-03-15")), 17);
  EXPECT_EQ(age_on(birth, parse("2017-12-31")), 17);
  EXPECT_EQ(age_on(birth, parse("2018-03-14")), 17);
  EXPECT_EQ(age_on(birth, birth), 0);
  EXPECT_EQ(age_on(birth, parse("2001-03-14")), 0);
  EXPECT_EQ(age_on(birth, parse("2001-03-15")), 1);
  EXPECT_EQ(age_on(birth, parse("2000-03-14")), -1);
  EXPECT_EQ(age_on(birth, date::min()), -1);
  EXPECT_EQ(age_on(date::min(), date::max()), 8599);
}

TEST(Calendar, LeapDayBirthIsOneYearOlderOnFirstOfMarchByDefault) {
  const date birth = parse("2008-02-29");
  EXPECT_EQ(age_on(birth, parse("2025-02-28")), 16);
  EXPECT_EQ(age_on(birth, parse("2025-03-01")), 17);
  EXPECT_EQ(age_on(birth, parse("2025-02-28"), mar_1), 16);
  EXPECT_EQ(age_on(birth, parse("2025-03-01"), mar_1), 17);
  EXPECT_EQ(nth_birthday(birth, 17), parse("2025-03-01"));
  EXPECT_EQ(nth_birthday(birth, 17, mar_1), parse("2025-03-01"));
  EXPECT_EQ(nth_birthday(birth, 1), parse("2009-03-01"));
  // The default conventions are mar_1 and clamp.
  EXPECT_EQ(calendar_conventions{}, mar_1);
  EXPECT_EQ(calendar_conventions{}, clamp);
}

TEST(Calendar, LeapDayBirthWithFeb28Convention) {
  const date birth = parse("2008-02-29");
  EXPECT_EQ(age_on(birth, parse("2025-02-27"), feb_28), 16);
  EXPECT_EQ(age_on(birth, parse("2025-02-28"), feb_28), 17);
  EXPECT_EQ(age_on(birth, parse("2025-03-01"), feb_28), 17);
  EXPECT_EQ(nth_birthday(birth, 17, feb_28), parse("2025-02-28"));
  EXPECT_EQ(nth_birthday(birth, 1, feb_28), parse("2009-02-28"));
}

TEST(Calendar, LeapDayBirthdayIsTwentyNinthInLeapYears) {
  const date birth = parse("2008-02-29");
  for (const calendar_conventions& conv : {mar_1, feb_28}) {
    EXPECT_EQ(nth_birthday(birth, 16, conv), parse("2024-02-29"));
    EXPECT_EQ(age_on(birth, parse("2024-02-28"), conv), 15);
    EXPECT_EQ(age_on(birth, parse("2024-02-29"), conv), 16);
    EXPECT_EQ(age_on(birth, parse("2024-03-01"), conv), 16);
  }
  // 2100 is not a leap year (divisible by 100), 2400 is (divisible by 400).
  EXPECT_EQ(nth_birthday(birth, 92, mar_1), parse("2100-03-01"));
  EXPECT_EQ(nth_birthday(birth, 92, feb_28), parse("2100-02-28"));
  EXPECT_EQ(nth_birthday(birth, 392, mar_1), parse("2400-02-29"));
  EXPECT_EQ(nth_birthday(birth, 392, feb_28), parse("2400-02-29"));
}

TEST(Calendar, NthBirthdayEdges) {
  const date birth = parse("2000-03-15");
  EXPECT_EQ(nth_birthday(birth, 0), birth);
  EXPECT_EQ(nth_birthday(parse("2008-02-29"), 0, mar_1), parse("2008-02-29"));
  EXPECT_EQ(nth_birthday(parse("2008-02-29"), 0, feb_28), parse("2008-02-29"));
  EXPECT_EQ(nth_birthday(birth, 17), parse("2017-03-15"));
  EXPECT_EQ(nth_birthday(birth, -1), std::nullopt);
  EXPECT_EQ(nth_birthday(birth, int64_min), std::nullopt);
  EXPECT_EQ(nth_birthday(birth, int64_max), std::nullopt);
  EXPECT_EQ(nth_birthday(birth, 7999), parse("9999-03-15"));
  EXPECT_EQ(nth_birthday(birth, 8000), std::nullopt);
  EXPECT_EQ(nth_birthday(date::max(), 0), date::max());
  EXPECT_EQ(nth_birthday(date::max(), 1), std::nullopt);
  EXPECT_EQ(nth_birthday(date::min(), 8599), parse("9999-01-01"));
}

TEST(Calendar, AgeOnNthBirthdayIsN) {
  const std::vector<date> births = birth_dates();
  ASSERT_GT(births.size(), 8000U);
  for (const calendar_conventions& conv : {mar_1, feb_28}) {
    for (date birth : births) {
      std::optional<date> before;
      for (std::int64_t n = 0; n <= 30; ++n) {
        const std::optional<date> birthday = nth_birthday(birth, n, conv);
        ASSERT_TRUE(birthday.has_value()) << birth.to_string() << " n=" << n;
        ASSERT_EQ(age_on(birth, *birthday, conv), n) << birth.to_string() << " n=" << n;
        ASSERT_EQ(age_on(birth, previous(*birthday), conv), n - 1)
            << birth.to_string() << " n=" << n;
        if (before) {
          ASSERT_LT(*before, *birthday) << birth.to_string() << " n=" << n;
        }
        before = birthday;
        // The birthday is in year birth + n, on the birth's month and day except 29 February.
        const ymd b = birth.to_ymd();
        const ymd got = birthday->to_ymd();
        ASSERT_EQ(got.year, b.year + n);
        if (b.month == 2 && b.day == 29 && !leap(got.year)) {
          ASSERT_EQ(got, (conv == mar_1 ? ymd{got.year, 3, 1} : ymd{got.year, 2, 28}));
        } else {
          ASSERT_EQ(got, (ymd{got.year, b.month, b.day}));
        }
      }
    }
  }
}

TEST(Calendar, AgeOnMatchesItsDefinition) {
  // Every evaluation day over 8 years for leap-day and month-end births, against brute force.
  std::vector<date> births = leap_days(1904, 2096);
  for (std::string_view d : {"2000-03-15", "2000-02-28", "2000-03-01", "2001-02-28", "2001-03-01",
                             "2000-12-31", "2000-01-01"}) {
    births.push_back(parse(d));
  }
  for (const calendar_conventions& conv : {mar_1, feb_28}) {
    for (date birth : births) {
      const std::optional<date> last = add_days(birth, 8 * 366);
      ASSERT_TRUE(last.has_value());
      for (date on = add_days(birth, -3).value(); on <= *last; on = next(on)) {
        ASSERT_EQ(age_on(birth, on, conv), reference_age(birth, on, conv))
            << birth.to_string() << " on " << on.to_string();
      }
    }
  }
}

// --- add_months --------------------------------------------------------------------------------

TEST(Calendar, AddMonthsDomainExamples) {
  EXPECT_EQ(add_months(parse("2000-08-31"), 210), parse("2018-02-28"));
  EXPECT_EQ(add_months(parse("2000-04-30"), 6), parse("2000-10-30"));
  EXPECT_EQ(add_months(parse("2001-02-28"), 6), parse("2001-08-28"));
  EXPECT_EQ(add_months(parse("2000-01-31"), 1), parse("2000-02-29"));
  EXPECT_EQ(add_months(parse("2000-01-31"), 1, clamp), parse("2000-02-29"));
  EXPECT_EQ(add_months(parse("2000-01-31"), 1, next_day), parse("2000-03-01"));
  EXPECT_EQ(add_months(parse("2000-08-31"), 6, clamp), parse("2001-02-28"));
  EXPECT_EQ(add_months(parse("2000-08-31"), 6, next_day), parse("2001-03-01"));
}

TEST(Calendar, TurnsSeventeenAndAHalfOnBirthPlus210Months) {
  // The Danish 17½: born 2008-02-29, 17½ on 2025-08-29 (one step of 210 months, no snapping).
  const date birth = parse("2008-02-29");
  EXPECT_EQ(add_months(birth, 210), parse("2025-08-29"));
  EXPECT_EQ(add_months(birth, 210, next_day), parse("2025-08-29"));
  EXPECT_EQ(add_months(birth, 210, feb_28), parse("2025-08-29"));
  EXPECT_EQ(months_between(birth, parse("2025-08-29")), 210);
  EXPECT_EQ(months_between(birth, parse("2025-08-28")), 209);
}

TEST(Calendar, AddMonthsAtMonthEnds) {
  const date jan31 = parse("2000-01-31");
  EXPECT_EQ(add_months(jan31, 2), parse("2000-03-31"));
  EXPECT_EQ(add_months(jan31, 3), parse("2000-04-30"));
  EXPECT_EQ(add_months(jan31, 3, next_day), parse("2000-05-01"));
  EXPECT_EQ(add_months(jan31, 13), parse("2001-02-28"));
  EXPECT_EQ(add_months(jan31, 13, next_day), parse("2001-03-01"));
  EXPECT_EQ(add_months(jan31, -2), parse("1999-11-30"));
  EXPECT_EQ(add_months(jan31, -2, next_day), parse("1999-12-01"));
  EXPECT_EQ(add_months(jan31, -1), parse("1999-12-31"));

  const date feb29 = parse("2000-02-29");
  EXPECT_EQ(add_months(feb29, 1), parse("2000-03-29"));  // not snapped to 03-31
  EXPECT_EQ(add_months(feb29, 12), parse("2001-02-28"));
  EXPECT_EQ(add_months(feb29, 12, next_day), parse("2001-03-01"));
  EXPECT_EQ(add_months(feb29, 48), parse("2004-02-29"));
  EXPECT_EQ(add_months(feb29, 1200), parse("2100-02-28"));
  EXPECT_EQ(add_months(feb29, 4800), parse("2400-02-29"));
  EXPECT_EQ(add_months(feb29, -12), parse("1999-02-28"));

  const date apr30 = parse("2000-04-30");
  EXPECT_EQ(add_months(apr30, 1), parse("2000-05-30"));  // not snapped to 05-31
  EXPECT_EQ(add_months(apr30, 10), parse("2001-02-28"));
  EXPECT_EQ(add_months(apr30, 10, next_day), parse("2001-03-01"));
  EXPECT_EQ(add_months(apr30, -2), parse("2000-02-29"));
  EXPECT_EQ(add_months(apr30, -2, next_day), parse("2000-03-01"));

  EXPECT_EQ(add_months(parse("2001-01-29"), 1), parse("2001-02-28"));
  EXPECT_EQ(add_months(parse("2001-01-29"), 1, next_day), parse("2001-03-01"));
  EXPECT_EQ(add_months(parse("2000-01-29"), 1, next_day), parse("2000-02-29"));
  EXPECT_EQ(add_months(parse("2001-02-28"), 1), parse("2001-03-28"));  // not snapped to 03-31
}

TEST(Calendar, AddMonthsOutOfRangeIsNullopt) {
  EXPECT_EQ(add_months(date::max(), 1), std::nullopt);
  EXPECT_EQ(add_months(date::min(), -1), std::nullopt);
  EXPECT_EQ(add_months(date::max(), 0), date::max());
  EXPECT_EQ(add_months(date::min(), 0), date::min());
  EXPECT_EQ(add_months(parse("9999-11-30"), 1), parse("9999-12-30"));
  EXPECT_EQ(add_months(parse("9999-11-30"), 1, next_day), parse("9999-12-30"));
  EXPECT_EQ(add_months(parse("1400-01-31"), 103199), parse("9999-12-31"));
  EXPECT_EQ(add_months(parse("1400-01-31"), 103200), std::nullopt);
  EXPECT_EQ(add_months(date::max(), -103199), parse("1400-01-31"));
  EXPECT_EQ(add_months(date::max(), -103200), std::nullopt);
  for (date d : {date::min(), date{}, date::max(), parse("2000-02-29")}) {
    for (std::int64_t n : {int64_max, int64_min, int64_max - 1, int64_min + 1, int64_max / 12,
                           int64_min / 12, std::int64_t{1} << 40, -(std::int64_t{1} << 40)}) {
      EXPECT_EQ(add_months(d, n), std::nullopt) << d.to_string() << " n=" << n;
      EXPECT_EQ(add_months(d, n, next_day), std::nullopt) << d.to_string() << " n=" << n;
      EXPECT_EQ(add_years(d, n), std::nullopt) << d.to_string() << " n=" << n;
    }
  }
  EXPECT_EQ(add_years(parse("2000-02-29"), 7999), parse("9999-02-28"));
  EXPECT_EQ(add_years(parse("2000-02-29"), 8000), std::nullopt);
  EXPECT_EQ(add_years(parse("2000-02-29"), -600), parse("1400-02-28"));
  EXPECT_EQ(add_years(parse("2000-02-29"), -601), std::nullopt);
}

TEST(Calendar, AddYearsIsTwelveMonths) {
  EXPECT_EQ(add_years(parse("2008-02-29"), 17), parse("2025-02-28"));
  EXPECT_EQ(add_years(parse("2008-02-29"), 17, next_day), parse("2025-03-01"));
  EXPECT_EQ(add_years(parse("2008-02-29"), 16), parse("2024-02-29"));
  EXPECT_EQ(add_years(parse("2000-03-15"), -1), parse("1999-03-15"));
  for (date d : start_dates()) {
    for (std::int64_t n = -25; n <= 25; ++n) {
      ASSERT_EQ(add_years(d, n), add_months(d, 12 * n)) << d.to_string() << " n=" << n;
      ASSERT_EQ(add_years(d, n, next_day), add_months(d, 12 * n, next_day))
          << d.to_string() << " n=" << n;
    }
  }
}

TEST(Calendar, AddMonthsLandsInTheTargetMonth) {
  const std::vector<date> starts = start_dates();
  ASSERT_GT(starts.size(), 1200U);
  for (date d : starts) {
    const ymd s = d.to_ymd();
    ASSERT_EQ(add_months(d, 0), d);
    ASSERT_EQ(add_months(d, 0, next_day), d);
    for (std::int64_t n = -300; n <= 300; ++n) {
      const std::int64_t index = std::int64_t{s.year} * 12 + (s.month - 1) + n;
      const int year = static_cast<int>(index / 12);
      const int month = static_cast<int>(index % 12) + 1;
      const int length = month_length(year, month);

      const std::optional<date> clamped = add_months(d, n, clamp);
      ASSERT_TRUE(clamped.has_value()) << d.to_string() << " n=" << n;
      const ymd c = clamped->to_ymd();
      ASSERT_EQ(c, (ymd{year, month, s.day <= length ? s.day : length}))
          << d.to_string() << " n=" << n;

      const std::optional<date> moved = add_months(d, n, next_day);
      ASSERT_TRUE(moved.has_value()) << d.to_string() << " n=" << n;
      if (s.day <= length) {
        ASSERT_EQ(*moved, *clamped) << d.to_string() << " n=" << n;
      } else {
        ASSERT_EQ(*moved, next(make(year, month, length))) << d.to_string() << " n=" << n;
        ASSERT_EQ(moved->to_ymd().day, 1);
      }
    }
  }
}

TEST(Calendar, AddMonthsIsStrictlyIncreasingInN) {
  for (date d : start_dates()) {
    for (const calendar_conventions& conv : {clamp, next_day}) {
      std::optional<date> before = add_months(d, -300, conv);
      for (std::int64_t n = -299; n <= 300; ++n) {
        const std::optional<date> now = add_months(d, n, conv);
        ASSERT_TRUE(now.has_value());
        ASSERT_LT(*before, *now) << d.to_string() << " n=" << n;
        before = now;
      }
    }
  }
}

// --- months_between ----------------------------------------------------------------------------

TEST(Calendar, MonthsBetweenExamples) {
  EXPECT_EQ(months_between(parse("2000-08-31"), parse("2018-02-28")), 210);
  EXPECT_EQ(months_between(parse("2000-08-31"), parse("2018-02-27")), 209);
  EXPECT_EQ(months_between(parse("2018-02-28"), parse("2000-08-31")), -210);
  EXPECT_EQ(months_between(parse("2000-04-30"), parse("2000-10-30")), 6);
  EXPECT_EQ(months_between(parse("2000-04-30"), parse("2000-10-29")), 5);
  EXPECT_EQ(months_between(parse("2000-01-31"), parse("2000-02-29"), clamp), 1);
  EXPECT_EQ(months_between(parse("2000-01-31"), parse("2000-02-29"), next_day), 0);
  EXPECT_EQ(months_between(parse("2000-01-31"), parse("2000-03-01"), next_day), 1);
  EXPECT_EQ(months_between(parse("2000-03-15"), parse("2000-03-15")), 0);
  EXPECT_EQ(months_between(parse("2000-03-15"), parse("2000-04-14")), 0);
  EXPECT_EQ(months_between(parse("2000-03-15"), parse("2000-04-15")), 1);
  EXPECT_EQ(months_between(parse("2000-04-15"), parse("2000-03-15")), -1);
  EXPECT_EQ(months_between(parse("2000-04-15"), parse("2000-03-16")), 0);
  EXPECT_EQ(months_between(date::min(), date::max()), 103199);
  EXPECT_EQ(months_between(date::max(), date::min()), -103199);
}

TEST(Calendar, MonthsBetweenMatchesItsDefinition) {
  // Every start day of 2000 (and the month ends around it) against every third end day over
  // more than three years, in both directions and with both missing-day conventions.
  std::vector<date> froms = every_day(make(2000, 1, 1), make(2000, 12, 31));
  for (date d : month_ends(1999, 2001)) froms.push_back(d);
  const std::vector<date> tos = every_day(make(1998, 12, 1), make(2002, 1, 31));
  for (const calendar_conventions& conv : {clamp, next_day}) {
    for (date from : froms) {
      for (std::size_t i = 0; i < tos.size(); i += 3) {
        const date to = tos[i];
        const std::int64_t m = months_between(from, to, conv);
        ASSERT_EQ(m, reference_months_between(from, to, conv))
            << from.to_string() << " -> " << to.to_string();
        if (from <= to) {
          ASSERT_LE(add_months(from, m, conv).value(), to);
          ASSERT_GT(add_months(from, m + 1, conv).value(), to);
        }
      }
    }
  }
}

// --- cost ----------------------------------------------------------------------------------------

TEST(Calendar, HotPathFunctionsAreNoexcept) {
  const date d{};
  static_assert(noexcept(age_on(d, d)));
  static_assert(noexcept(nth_birthday(d, 1)));
  static_assert(noexcept(add_months(d, 1)));
  static_assert(noexcept(add_days(d, 1)));
  static_assert(noexcept(months_between(d, d)));
  static_assert(noexcept(date::parse("")));
  static_assert(sizeof(date) == sizeof(std::int32_t));
  SUCCEED();
}

// The calendar converts day numbers with its own integer formulas (they inline into the
// evaluator); Boost.Date_Time's gregorian calendar is the reference, for every day of the range.
TEST(Calendar, DayNumbersAgreeWithBoostOnEveryDay) {
  using gregorian = boost::gregorian::gregorian_calendar;
  constexpr long epoch = 2440588;  // Boost's day number of 1970-01-01
  int mismatches = 0;
  for (std::int32_t days = date::min().days(); days <= date::max().days(); ++days) {
    auto boost_ymd =
        gregorian::from_day_number(static_cast<gregorian::date_int_type>(days + epoch));
    ymd ours = date::from_days(days).to_ymd();
    bool same =
        ours.year == boost_ymd.year && ours.month == boost_ymd.month && ours.day == boost_ymd.day;
    auto back = date::from_ymd(ours.year, ours.month, ours.day);
    if ((!same || !back || back->days() != days) && ++mismatches <= 5) {
      ADD_FAILURE() << "day " << days;
    }
  }
  EXPECT_EQ(mismatches, 0);
  for (int year = 1400; year <= 9999; ++year) {
    for (int month = 1; month <= 12; ++month) {
      int boost_last = gregorian::end_of_month_day(
          boost::gregorian::greg_year(static_cast<unsigned short>(year)),
          boost::gregorian::greg_month(static_cast<unsigned short>(month)));
      ASSERT_TRUE(date::from_ymd(year, month, boost_last).has_value()) << year << "-" << month;
      ASSERT_FALSE(date::from_ymd(year, month, boost_last + 1).has_value()) << year << "-" << month;
    }
  }
}

}  // namespace
