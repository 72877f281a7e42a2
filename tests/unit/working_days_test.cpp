// Working days: Easter against a second algorithm, the bundled `denmark` calendar against the
// published holidays of 2023-2026, the working-day functions against day-by-day counting and
// their properties over every day of 2000-2100, and the functions through the engine.
#include "ssprules/detail/working_days.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "ssprules/detail/bundled_calendars.hpp"
#include "ssprules/doc.hpp"
#include "test_support.hpp"

namespace {

using namespace ssprules;
using detail::working_calendar;
using test_support::day;

// Easter by Gauss's method with Lichtenberg's corrections (1997): independent of the
// Meeus/Jones/Butcher computus in calendar.ipp.
date gauss_easter(int year) {
  const int k = year / 100;
  const int m = 15 + (3 * k + 3) / 4 - (8 * k + 13) / 25;
  const int s = 2 - (3 * k + 3) / 4;
  const int a = year % 19;
  const int d = (19 * a + m) % 30;
  const int r = (d + a / 11) / 29;
  const int og = 21 + d - r;
  const int sz = 7 - (year + year / 4 + s) % 7;
  const int oe = 7 - (og - sz) % 7;
  const int march_day = og + oe;  // the day of March; past 31 it is in April
  return march_day <= 31 ? *date::from_ymd(year, 3, march_day)
                         : *date::from_ymd(year, 4, march_day - 31);
}

TEST(Easter, AgreesWithGaussForEveryYearOfTheCalendar) {
  for (int year = 1400; year <= 9999; ++year) {
    std::optional<date> e = easter_sunday(year);
    ASSERT_TRUE(e) << year;
    ASSERT_EQ(e->to_string(), gauss_easter(year).to_string()) << year;
    ASSERT_EQ(weekday_of(*e), weekday::sunday) << year;
  }
  EXPECT_FALSE(easter_sunday(1399));
  EXPECT_FALSE(easter_sunday(10000));
}

TEST(Easter, KnownDates) {
  EXPECT_EQ(easter_sunday(1900)->to_string(), "1900-04-15");
  EXPECT_EQ(easter_sunday(2000)->to_string(), "2000-04-23");
  EXPECT_EQ(easter_sunday(2008)->to_string(), "2008-03-23");
  EXPECT_EQ(easter_sunday(2038)->to_string(), "2038-04-25");  // the latest possible
  EXPECT_EQ(easter_sunday(2285)->to_string(), "2285-03-22");  // the earliest possible
}

TEST(Weekday, OfKnownDates) {
  EXPECT_EQ(weekday_of(day("1970-01-01")), weekday::thursday);
  EXPECT_EQ(weekday_of(day("1969-12-31")), weekday::wednesday);
  EXPECT_EQ(weekday_of(day("1400-01-01")), weekday::wednesday);
  EXPECT_EQ(weekday_of(day("2025-12-01")), weekday::monday);
  EXPECT_EQ(weekday_of(day("9999-12-31")), weekday::friday);
}

std::string file_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(BundledCalendars, TheHeaderHoldsTheFilesAsTheyAre) {
  for (const detail::bundled_calendar& c : detail::bundled_calendars) {
    std::string path = SSPRULES_SOURCE_DIR "/calendars/" + std::string(c.name) + ".yaml";
    EXPECT_EQ(std::string(c.text), file_text(path))
        << "include/ssprules/detail/bundled_calendars.hpp differs from " << path
        << ": run scripts/embed-calendars.py";
  }
}

// The `denmark` calendar with the default weekend, as `holidays: denmark` builds it.
const working_calendar& denmark() {
  static const working_calendar calendar = [] {
    holiday_calendar_result parsed = parse_holiday_calendar(
        source::from_string("denmark.yaml", std::string(detail::bundled_calendars[0].text)));
    EXPECT_TRUE(parsed.ok());
    std::vector<detail::closing_rule> rules;
    for (const day_rule& r : parsed.calendar.holidays) rules.push_back({r, "denmark", ""});
    return working_calendar({weekday::saturday, weekday::sunday}, std::move(rules));
  }();
  return calendar;
}

// The days of a year that are closed by a holiday and are not weekend days.
std::vector<std::string> weekday_holidays(const working_calendar& c, int year) {
  std::vector<std::string> out;
  for (std::int32_t d = day(std::to_string(year) + "-01-01").days();
       d <= day(std::to_string(year) + "-12-31").days(); ++d) {
    if (!c.is_working_day(d) && !c.is_weekend(d)) out.push_back(date::from_days(d).to_string());
  }
  return out;
}

TEST(Denmark, ThePublishedHolidaysOf2023To2026) {
  // the holidays that fall on a weekday, as the Danish authorities published them
  EXPECT_EQ(weekday_holidays(denmark(), 2023),
            (std::vector<std::string>{"2023-04-06", "2023-04-07", "2023-04-10", "2023-05-05",
                                      "2023-05-18", "2023-05-29", "2023-12-25", "2023-12-26"}));
  EXPECT_EQ(weekday_holidays(denmark(), 2024),  // no store bededag (it would be 2024-04-26)
            (std::vector<std::string>{"2024-01-01", "2024-03-28", "2024-03-29", "2024-04-01",
                                      "2024-05-09", "2024-05-20", "2024-12-25", "2024-12-26"}));
  EXPECT_EQ(weekday_holidays(denmark(), 2025),
            (std::vector<std::string>{"2025-01-01", "2025-04-17", "2025-04-18", "2025-04-21",
                                      "2025-05-29", "2025-06-09", "2025-12-25", "2025-12-26"}));
  EXPECT_EQ(
      weekday_holidays(denmark(), 2026),
      (std::vector<std::string>{"2026-01-01", "2026-04-02", "2026-04-03", "2026-04-06",
                                "2026-05-14", "2026-05-25", "2026-12-25"}));  // 26th: a Saturday
  // the Sundays among them are closed twice over: påskedag and pinsedag
  EXPECT_EQ(denmark().closed_by(day("2025-04-20").days()).at(0)->rule.name, "Påskedag");
  EXPECT_EQ(denmark().closed_by(day("2025-06-08").days()).at(0)->rule.name, "Pinsedag");
  EXPECT_TRUE(denmark().closed_by(day("2025-06-07").days()).empty());  // a plain Saturday
}

TEST(Denmark, EveryHolidayOf1900To2200FromEaster) {
  // the holidays against the Gauss Easter, written out independently of the YAML file
  for (int year = 1900; year <= 2200; ++year) {
    const std::int32_t e = gauss_easter(year).days();
    std::vector<std::int32_t> want = {day(std::to_string(year) + "-01-01").days(),
                                      e - 3,
                                      e - 2,
                                      e,
                                      e + 1,
                                      e + 39,
                                      e + 49,
                                      e + 50,
                                      day(std::to_string(year) + "-12-25").days(),
                                      day(std::to_string(year) + "-12-26").days()};
    if (year <= 2023) want.push_back(e + 26);  // store bededag, abolished from 2024
    for (std::int32_t d : want) {
      ASSERT_FALSE(denmark().is_working_day(d)) << date::from_days(d).to_string();
      ASSERT_FALSE(denmark().closed_by(d).empty()) << date::from_days(d).to_string();
    }
    std::size_t closed = 0;
    for (std::int32_t d = day(std::to_string(year) + "-01-01").days();
         d <= day(std::to_string(year) + "-12-31").days(); ++d) {
      if (!denmark().closed_by(d).empty()) ++closed;
    }
    ASSERT_EQ(closed, want.size()) << year;  // and no other day
  }
}

// Day-by-day references of the functions.
std::int32_t add_slowly(const working_calendar& c, std::int32_t d, std::int64_t n) {
  const std::int32_t step = n > 0 ? 1 : -1;
  for (std::int64_t left = n > 0 ? n : -n; left > 0;) {
    d += step;
    if (c.is_working_day(d)) --left;
  }
  return d;
}

std::int64_t between_slowly(const working_calendar& c, std::int32_t a, std::int32_t b) {
  std::int64_t n = 0;
  for (std::int32_t d = std::min(a, b) + 1; d <= std::max(a, b); ++d) n += c.is_working_day(d);
  return b >= a ? n : -n;
}

TEST(WorkingCalendar, AgreesWithCountingDayByDay) {
  std::mt19937 gen(20261202);
  std::uniform_int_distribution<std::int32_t> days(day("1901-01-01").days(),
                                                   day("2198-12-31").days());
  std::uniform_int_distribution<std::int64_t> steps(-300, 300);
  for (int k = 0; k < 20000; ++k) {
    const std::int32_t d = days(gen);
    const std::int64_t n = steps(gen);
    ASSERT_EQ(denmark().add(d, n), n == 0 ? d : add_slowly(denmark(), d, n))
        << date::from_days(d).to_string() << " " << n;
    const std::int32_t e = days(gen);
    ASSERT_EQ(denmark().between(d, e), between_slowly(denmark(), d, e));
    std::int32_t next = d;
    while (!denmark().is_working_day(next)) ++next;
    ASSERT_EQ(denmark().on_or_after(d), next);
  }
}

TEST(WorkingCalendar, PropertiesOverEveryDayOf2000To2100) {
  const working_calendar& c = denmark();
  for (std::int32_t d = day("2000-01-01").days(); d <= day("2100-12-31").days(); ++d) {
    std::int32_t before = d;
    for (std::int64_t n : {1, 2, 3, 5, 6, 10, 20, 60}) {
      std::optional<std::int32_t> r = c.add(d, n);
      ASSERT_TRUE(r);
      ASSERT_TRUE(c.is_working_day(*r)) << date::from_days(d).to_string() << " + " << n;
      ASSERT_GT(*r, before) << date::from_days(d).to_string() << " + " << n;
      ASSERT_EQ(c.between(d, *r), n) << date::from_days(d).to_string() << " + " << n;
      before = *r;
    }
    std::optional<std::int32_t> back = c.add(d, -1);
    ASSERT_TRUE(back && *back < d && c.is_working_day(*back));
    ASSERT_EQ(c.between(*back, d), c.is_working_day(d) ? 1 : 0);
  }
}

TEST(WorkingCalendar, EndsOfTheCoveredYears) {
  const working_calendar& c = denmark();
  EXPECT_FALSE(c.add(working_calendar::first_day - 1, 1));
  EXPECT_FALSE(c.add(working_calendar::last_day, 1));
  EXPECT_FALSE(c.add(working_calendar::first_day, -1));
  EXPECT_FALSE(c.add(day("2000-01-03").days(), std::numeric_limits<std::int64_t>::min()));
  EXPECT_FALSE(c.add(day("2000-01-03").days(), std::numeric_limits<std::int64_t>::max()));
  EXPECT_EQ(c.add(working_calendar::first_day, 1), day("1900-01-02").days());
  EXPECT_EQ(c.on_or_after(day("2200-12-27").days()), day("2200-12-29").days());
  EXPECT_EQ(c.on_or_after(day("2200-12-31").days()), day("2200-12-31").days());  // a Wednesday
  EXPECT_FALSE(c.on_or_after(working_calendar::last_day + 1));
}

TEST(WorkingCalendar, RulesByWeekdayAndEffectiveDates) {
  day_rule labour;  // the first Monday of September
  labour.name = "Labor Day";
  labour.what = day_rule::kind::nth;
  labour.n = 1;
  labour.nth_weekday = weekday::monday;
  labour.month = 9;
  day_rule last_friday = labour;  // the last Friday of November, from 2025
  last_friday.name = "Last Friday";
  last_friday.n = -1;
  last_friday.nth_weekday = weekday::friday;
  last_friday.month = 11;
  last_friday.from = day("2025-01-01");
  day_rule once;
  once.name = "Flyttedag";
  once.what = day_rule::kind::once;
  once.on = day("2025-12-29");
  working_calendar c({weekday::sunday}, {{labour, "", ""}, {last_friday, "", ""}, {once, "", ""}});
  EXPECT_FALSE(c.is_working_day(day("2025-09-01").days()));
  EXPECT_TRUE(c.is_working_day(day("2025-09-08").days()));
  EXPECT_FALSE(c.is_working_day(day("2024-09-02").days()));
  EXPECT_FALSE(c.is_working_day(day("2025-11-28").days()));
  EXPECT_TRUE(c.is_working_day(day("2024-11-29").days()));  // before `from`
  EXPECT_FALSE(c.is_working_day(day("2025-12-29").days()));
  EXPECT_TRUE(c.is_working_day(day("2026-12-29").days()));
  EXPECT_TRUE(c.is_working_day(day("2025-12-27").days()));   // Saturdays work here
  EXPECT_FALSE(c.is_working_day(day("2025-12-28").days()));  // Sundays do not
}

// The functions through the engine: a policy, its records and its errors.
const program& deadlines() {
  static const program prog = test_support::load_text(R"(id: deadlines
version: '1'
effective: {from: 2020-01-01}
calendar:
  working_days:
    holidays: denmark
    closed:
      - {name: Grundlovsdag, date: 06-05}
      - {name: Juleaftensdag, date: 12-24}
inputs:
  notified_on: date
  approved_on: date
  n: integer
outputs:
  acknowledge_by: add_working_days(notified_on, 6)
  back: add_working_days(notified_on, -n)
  ends: working_day_on_or_after(add_months(notified_on, 4))
  counted: working_days_between(notified_on, as_of)
  working: is_working_day(notified_on)
  weekend: weekday(notified_on) in [saturday, sunday]
  review: next_every_months(approved_on, n, as_of)
  remainder: mod(n, -7)
  remainder_decimal: mod(-7.5, 2)
  rounded: floor(n / 4) * 10 + ceil(n / 4)
)");
  return prog;
}

std::string run(const std::string& notified, const std::string& approved, const std::string& n,
                const std::string& as_of = "2025-04-20") {
  facts record = test_support::decode(
      deadlines(),
      test_support::text_fields{{"notified_on", notified}, {"approved_on", approved}, {"n", n}});
  decision d = evaluate(deadlines(), record, day(as_of));
  if (!d.ok()) return std::string(d.error()->code) + ": " + d.error()->message;
  std::string out;
  for (std::size_t i = 0; i < d.values().size(); ++i) {
    out += (i ? " " : "") + d.values()[i].to_string();
  }
  return out;
}

TEST(WorkingDayFunctions, ThroughTheEngine) {
  // Friday before Easter week 2025: skærtorsdag, langfredag and 2. påskedag are skipped
  EXPECT_EQ(run("2025-04-11", "2024-01-31", "6"),
            "2025-04-24 2025-04-03 2025-08-11 3 true false 2025-07-31 -1 0.5 12");
  // before Christmas: juleaftensdag (closed), juledag, 2. juledag and nytårsdag
  EXPECT_EQ(run("2024-12-20", "2023-08-31", "3", "2024-12-31"),
            "2025-01-03 2024-12-17 2025-04-22 4 true false 2025-02-28 -4 0.5 1");
  EXPECT_EQ(run("2025-06-07", "2025-06-07", "1", "2025-06-07"),
            "2025-06-17 2025-06-06 2025-10-07 0 false true 2025-07-07 -6 0.5 1");
}

TEST(WorkingDayFunctions, ErrorsNameTheFunction) {
  EXPECT_NE(run("1899-12-30", "2024-01-31", "6").find("SR1021: `add_working_days` reaches"),
            std::string::npos);
  EXPECT_NE(run("2200-12-30", "2024-01-31", "6").find("SR1021: `add_working_days` reaches"),
            std::string::npos);
  EXPECT_NE(run("2025-04-11", "2024-01-31", "0").find("SR1020: `next_every_months`: the step"),
            std::string::npos);
  program prog = test_support::load_text(
      "id: m\nversion: '1'\neffective: {from: 2020-01-01}\ninputs: {b: integer}\n"
      "outputs:\n  r: mod(7, b)\n");
  decision d = evaluate(prog, test_support::decode(prog, test_support::text_fields{{"b", "0"}}),
                        day("2025-01-01"));
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(std::string(d.error()->code), "SR1010");
  EXPECT_NE(d.error()->message.find("`mod` by zero"), std::string::npos);
}

TEST(WorkingDayFunctions, AWorkingDayFunctionNeedsACalendar) {
  check_result r =
      check(parse(source::from_string("p.yaml",
                                      "id: p\neffective: {from: 2020-01-01}\ninputs: {d: date}\n"
                                      "outputs:\n  x: is_working_day(d)\n"))
                .document);
  ASSERT_FALSE(r.diagnostics.empty());
  EXPECT_EQ(r.diagnostics[0].code, "SR0315");
  EXPECT_EQ(r.diagnostics[0].at.line, 5U);
}

}  // namespace

namespace {

TEST(WorkingDayFunctions, AnExplanationNamesTheDaysItSkipped) {
  facts record = test_support::decode(
      deadlines(), test_support::text_fields{
                       {"notified_on", "2025-04-11"}, {"approved_on", "2024-01-31"}, {"n", "6"}});
  decision d = evaluate(deadlines(), record, day("2025-04-20"), {.explain = true});
  ASSERT_TRUE(d.ok());
  const std::string text = d.explain_text();
  EXPECT_NE(text.find("  add_working_days(notified_on, 6) = 2025-04-24, not counting 2025-04-12 to "
                      "2025-04-13 weekend; 2025-04-17 Skærtorsdag (denmark: lukkeloven § 2, stk. "
                      "1); 2025-04-18 Langfredag (denmark: lukkeloven § 2, stk. 1); 2025-04-19 "
                      "weekend; 2025-04-20 Påskedag (denmark: lukkeloven § 2, stk. 1), on the "
                      "weekend; 2025-04-21 2. påskedag (denmark: lukkeloven § 2, stk. 1)\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  is_working_day(notified_on) = true\n"), std::string::npos) << text;
  EXPECT_NE(d.explanation_json().find(
                "\"working_days\":[{\"function\":\"add_working_days\","
                "\"call\":\"add_working_days(notified_on, 6)\",\"result\":"
                "\"2025-04-24\",\"skipped\":[{\"from\":\"2025-04-12\",\"to\":\"2025-04-13\","
                "\"reason\":\"weekend\"}"),
            std::string::npos)
      << d.explanation_json();
  // a long count lists the first ten runs of days, then how many more
  facts far = test_support::decode(
      deadlines(), test_support::text_fields{
                       {"notified_on", "2020-01-06"}, {"approved_on", "2024-01-31"}, {"n", "6"}});
  std::string long_text =
      evaluate(deadlines(), far, day("2025-04-20"), {.explain = true}).explain_text();
  EXPECT_NE(long_text.find("working_days_between(notified_on, as_of) = "), std::string::npos);
  EXPECT_NE(long_text.find(" more"), std::string::npos) << long_text.substr(0, 3000);
  // without explanations nothing is traced
  EXPECT_TRUE(evaluate(deadlines(), record, day("2025-04-20")).ok());
}

TEST(WorkingDayFunctions, TheDocPageShowsTheCalendar) {
  program prog = test_support::load_text(R"(id: p
version: '1'
effective: {from: 2024-01-01, to: 2025-12-31}
calendar:
  working_days:
    holidays: denmark
    closed: [{name: Grundlovsdag, date: 06-05}]
inputs: {d: date}
outputs:
  due: add_working_days(d, 6)
)");
  std::string page = policy_html(prog);
  EXPECT_NE(page.find("<h3 id=\"working-days\">Working days</h3>"), std::string::npos);
  EXPECT_NE(page.find("<td>Store bededag</td><td>26 days after Easter Sunday, until 2023-12-31"),
            std::string::npos);
  EXPECT_NE(page.find("<td>Grundlovsdag</td><td>every 5 June</td><td>this policy"),
            std::string::npos);
  EXPECT_NE(page.find("<strong>2025</strong>: 2025-01-01 Nytårsdag; 2025-04-17 Skærtorsdag"),
            std::string::npos);
  EXPECT_NE(page.find("2025-06-05 Grundlovsdag"), std::string::npos);
  EXPECT_EQ(page.find("<strong>2026</strong>"), std::string::npos);  // the policy ends in 2025
}

}  // namespace

namespace {

TEST(WorkingDayFunctions, BoundaryTestsGoAroundTheHolidays) {
  boundary_tests b = generate_boundary_tests(deadlines());
  std::vector<std::string> names;
  for (const test_case& t : b.file.tests) names.push_back(t.name);
  auto has = [&](const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  EXPECT_TRUE(has("notified_on 2025-04-16, the working day before Skærtorsdag"));
  EXPECT_TRUE(has("notified_on 2025-04-17, on Skærtorsdag"));
  EXPECT_TRUE(has("notified_on 2025-06-05, on Grundlovsdag"));  // the policy's own closing day
  EXPECT_TRUE(has("notified_on 2025-12-23, the working day before Juleaftensdag"));
  EXPECT_FALSE(has("notified_on 2025-05-02, on Store bededag"));  // abolished from 2024
  auto t = std::find_if(b.file.tests.begin(), b.file.tests.end(), [](const test_case& c) {
    return c.name == "notified_on 2025-04-16, the working day before Skærtorsdag";
  });
  ASSERT_NE(t, b.file.tests.end());
  EXPECT_EQ(t->expect.at(0).name, "acknowledge_by");
  EXPECT_EQ(t->expect.at(0).value.text, "2025-04-29");  // skærtorsdag to 2. påskedag skipped
  // within the cap
  boundary_tests few = generate_boundary_tests(deadlines(), {.max_tests = 5});
  EXPECT_EQ(few.file.tests.size(), 5U);
  EXPECT_GT(few.found, 5U);
}

}  // namespace
