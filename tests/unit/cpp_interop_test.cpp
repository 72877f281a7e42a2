// Unit tests for the C++ standard library interop of the public API: `date` to and from
// `std::chrono::sys_days` and `std::chrono::year_month_day`, `operator<<` for dates, values and
// decisions, `load` of a `std::filesystem::path`, and `record_decoder::decode` of braced lists,
// maps, unordered maps and vectors of pairs.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <initializer_list>
#include <list>
#include <map>
#include <ranges>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "ssprules/calendar.hpp"
#include "ssprules/compile.hpp"
#include "ssprules/error.hpp"
#include "ssprules/evaluate.hpp"
#include "ssprules/record.hpp"
#include "ssprules/value.hpp"
#include "test_support.hpp"

namespace {

namespace chr = std::chrono;
using ssprules::date;
using ssprules::decimal;
using ssprules::decision;
using ssprules::facts;
using ssprules::field_value;
using ssprules::program;
using ssprules::record_decoder;
using ssprules::type_kind;
using ssprules::value;
using ssprules::test_support::day;

using named = std::pair<std::string_view, field_value>;

// The conversions are explicit and keep `date` as cheap as an integer.
static_assert(std::is_trivially_copyable_v<date>);
static_assert(std::is_constructible_v<date, chr::sys_days>);
static_assert(std::is_constructible_v<date, chr::year_month_day>);
static_assert(!std::is_convertible_v<chr::sys_days, date>);
static_assert(!std::is_convertible_v<chr::year_month_day, date>);
static_assert(!std::is_convertible_v<date, chr::sys_days>);
static_assert(!std::is_convertible_v<date, chr::year_month_day>);
static_assert(static_cast<chr::sys_days>(date::from_days(19782)) ==
              chr::sys_days(chr::days(19782)));  // constexpr
static_assert(static_cast<chr::year_month_day>(date()) ==
              chr::year_month_day(chr::year(1970), chr::January, chr::day(1)));

// The range overload takes what is not already the span of pairs, and never a range whose
// elements are made on the fly with a name they own (the view would dangle).
static_assert(ssprules::detail::named_field_range<std::map<std::string, field_value>&>);
static_assert(
    ssprules::detail::named_field_range<const std::unordered_map<std::string, field_value>&>);
static_assert(
    ssprules::detail::named_field_range<std::vector<std::pair<std::string, field_value>>&>);
static_assert(ssprules::detail::named_field_range<std::list<named>&>);
static_assert(!ssprules::detail::named_field_range<std::vector<named>&>);
static_assert(!ssprules::detail::named_field_range<const std::vector<named>&>);
static_assert(!ssprules::detail::named_field_range<std::vector<std::pair<std::string, int>>&>);
inline constexpr auto owning_names = [](const named& f) {
  return std::pair<std::string, field_value>(std::string(f.first), f.second);
};
static_assert(!ssprules::detail::named_field_range<decltype(std::declval<std::vector<named>&>() |
                                                            std::views::transform(owning_names))>);

std::string streamed(const auto& x) {
  std::ostringstream os;
  os << x;
  return os.str();
}

TEST(ChronoInterop, SysDaysRoundTrips) {
  for (const char* iso : {"1970-01-01", "2024-02-29", "1969-12-31", "1400-01-01", "9999-12-31",
                          "2000-02-29", "1900-03-01"}) {
    SCOPED_TRACE(iso);
    const date d = day(iso);
    const auto sd = static_cast<chr::sys_days>(d);
    EXPECT_EQ(sd.time_since_epoch().count(), d.days());
    EXPECT_EQ(date(sd), d);
    EXPECT_EQ(date(sd).to_string(), iso);
  }
  EXPECT_EQ(date(chr::sys_days(chr::days(0))), date());
  EXPECT_EQ(date(chr::sys_days{chr::year(2024) / chr::February / 29}), day("2024-02-29"));
}

TEST(ChronoInterop, YearMonthDayRoundTrips) {
  const chr::year_month_day leap{chr::year(2024), chr::February, chr::day(29)};
  EXPECT_EQ(date(leap), day("2024-02-29"));
  EXPECT_EQ(static_cast<chr::year_month_day>(date(leap)), leap);

  const chr::year_month_day first{chr::year(1400), chr::January, chr::day(1)};
  const chr::year_month_day last{chr::year(9999), chr::December, chr::day(31)};
  EXPECT_EQ(date(first), date::min());
  EXPECT_EQ(date(last), date::max());
  EXPECT_EQ(static_cast<chr::year_month_day>(date::min()), first);
  EXPECT_EQ(static_cast<chr::year_month_day>(date::max()), last);

  // sys_days -> date -> year_month_day -> date -> sys_days, over a spread of days
  for (std::int32_t n = date::min().days(); n <= date::max().days(); n += 997) {
    const date d = date(chr::sys_days(chr::days(n)));
    const auto ymd = static_cast<chr::year_month_day>(d);
    const ssprules::ymd parts = d.to_ymd();
    ASSERT_EQ(static_cast<int>(ymd.year()), parts.year) << d.to_string();
    ASSERT_EQ(static_cast<unsigned>(ymd.month()), static_cast<unsigned>(parts.month));
    ASSERT_EQ(static_cast<unsigned>(ymd.day()), static_cast<unsigned>(parts.day));
    ASSERT_EQ(static_cast<chr::sys_days>(date(ymd)).time_since_epoch().count(), n);
  }
  // the year_month_day of a date agrees with the standard library's own conversion
  EXPECT_EQ(static_cast<chr::year_month_day>(day("2025-08-29")),
            chr::year_month_day(chr::sys_days(chr::days(day("2025-08-29").days()))));
}

TEST(ChronoInterop, InvalidYearMonthDayThrows) {
  auto message = [](const chr::year_month_day& ymd) -> std::string {
    try {
      (void)date(ymd);
    } catch (const ssprules::error& e) {
      return e.what();
    }
    return "no exception";
  };
  EXPECT_EQ(message(chr::year(2023) / chr::February / 29),
            "ssprules::date: 2023-2-29 is not a valid date (year-month-day)");
  EXPECT_THROW((void)date(chr::year(2024) / 4 / 31), ssprules::error);
  EXPECT_THROW((void)date(chr::year(2024) / 13 / 1), ssprules::error);
  EXPECT_THROW((void)date(chr::year(2024) / 1 / 0), ssprules::error);
  EXPECT_EQ(message(chr::year(1399) / chr::December / 31),
            "ssprules::date: 1399-12-31 is outside the calendar (1400-01-01..9999-12-31)");
  EXPECT_THROW((void)date(chr::year(10000) / 1 / 1), ssprules::error);
  EXPECT_NO_THROW((void)date(chr::year(1900) / 2 / 28));
}

TEST(ChronoInterop, SysDaysOutsideTheCalendarThrows) {
  const auto before = chr::sys_days{chr::year(1399) / 12 / 31};
  const auto after = chr::sys_days{chr::year(10000) / 1 / 1};
  EXPECT_THROW((void)date(before), ssprules::error);
  EXPECT_THROW((void)date(after), ssprules::error);
  EXPECT_EQ(date(before + chr::days(1)), date::min());
  EXPECT_EQ(date(after - chr::days(1)), date::max());
}

TEST(Ostream, Date) {
  EXPECT_EQ(streamed(day("2024-02-29")), "2024-02-29");
  EXPECT_EQ(streamed(date::min()), "1400-01-01");
  EXPECT_EQ(streamed(date()), "1970-01-01");
  std::ostringstream os;
  os << day("2009-05-14") << " .. " << day("2010-12-31");
  EXPECT_EQ(os.str(), "2009-05-14 .. 2010-12-31");
}

TEST(Ostream, Value) {
  EXPECT_EQ(streamed(value::of_bool(true)), "true");
  EXPECT_EQ(streamed(value::of_integer(-17)), "-17");
  EXPECT_EQ(streamed(value::of_decimal(decimal::from_micros(12'500'000))), "12.5");
  EXPECT_EQ(streamed(value::of_string("a b")), "a b");
  EXPECT_EQ(streamed(value::of_enum("kui")), "kui");
  EXPECT_EQ(streamed(value::of_date(day("2025-08-29"))), "2025-08-29");
  EXPECT_EQ(streamed(value::missing(type_kind::integer)), "null");
  const value list =
      value::of_list(type_kind::enumeration, {value::of_enum("a"), value::of_enum("b")});
  EXPECT_EQ(streamed(list), list.to_string());
  EXPECT_EQ(streamed(list), "[a, b]");
}

program ssp_plus() {
  auto r = ssprules::load(std::filesystem::path(SSPRULES_SOURCE_DIR) / "rules" / "copenhagen" /
                          "ssp-plus.yaml");
  EXPECT_TRUE(r.ok()) << ssprules::render(r.diagnostics);
  return r.prog;
}

TEST(Ostream, Decision) {
  const program prog = ssp_plus();
  ASSERT_TRUE(prog.valid());
  facts f;
  record_decoder(prog).decode({{"id", field_value::string("case-1")},
                               {"birth_date", field_value::text("1993-05-01")},
                               {"category", field_value::integer(3)},
                               {"benefit_status", field_value::text("recipient")}},
                              f);
  const decision d = ssprules::evaluate(prog, f, day("2010-06-01"));
  ASSERT_TRUE(d.ok()) << d.to_json();
  EXPECT_EQ(streamed(d), d.to_json());
  EXPECT_NE(streamed(d).find("\"id\":\"case-1\""), std::string::npos) << streamed(d);
  EXPECT_NE(streamed(d).find("\"age\":17"), std::string::npos) << streamed(d);
  EXPECT_EQ(streamed(decision()), decision().to_json());
}

TEST(LoadPath, FilesystemPath) {
  const std::filesystem::path path =
      std::filesystem::path(SSPRULES_SOURCE_DIR) / "rules/copenhagen/ssp-plus.yaml";
  const ssprules::load_result by_path = ssprules::load(path);
  ASSERT_TRUE(by_path.ok()) << ssprules::render(by_path.diagnostics);
  EXPECT_EQ(by_path.prog.id(), "copenhagen-ssp-plus");

  const std::string text = path.string();
  const ssprules::load_result by_string = ssprules::load(text);
  ASSERT_TRUE(by_string.ok());
  EXPECT_EQ(by_string.prog.id(), by_path.prog.id());
  EXPECT_EQ(by_string.prog.version(), by_path.prog.version());
  const ssprules::load_result by_c_string = ssprules::load(text.c_str(), {});
  EXPECT_TRUE(by_c_string.ok());
}

TEST(LoadPath, EveryArgumentKindCompilesWithoutAmbiguity) {
  // a missing file is a diagnostic (SR0006) whichever overload reads it
  const ssprules::load_result literal = ssprules::load("x.yaml");
  const ssprules::load_result string = ssprules::load(std::string("x.yaml"));
  const ssprules::load_result path = ssprules::load(std::filesystem::path("x.yaml"));
  for (const auto* r : {&literal, &string, &path}) {
    EXPECT_FALSE(r->ok());
    ASSERT_FALSE(r->diagnostics.empty());
    EXPECT_EQ(r->diagnostics.front().code, "SR0006");
  }
  EXPECT_EQ(literal.diagnostics.front().message, path.diagnostics.front().message);
  EXPECT_EQ(string.diagnostics.front().message, path.diagnostics.front().message);
}

TEST(LoadPath, LoadOrThrowTakesTheSameArgumentsAsLoad) {
  const std::filesystem::path path =
      std::filesystem::path(SSPRULES_SOURCE_DIR) / "rules/copenhagen/ssp-plus.yaml";
  const std::string text = path.string();
  const program by_path = ssprules::load_or_throw(path);
  const program by_string = ssprules::load_or_throw(text);
  const program by_c_string = ssprules::load_or_throw(text.c_str());
  const program with_options = ssprules::load_or_throw(path, ssprules::check_options{});
  for (const program* p : {&by_path, &by_string, &by_c_string, &with_options}) {
    EXPECT_EQ(p->id(), "copenhagen-ssp-plus");
  }
  // a missing file throws with SR0006, whichever overload reads it (a literal picks the C string
  // one: no ambiguity between std::string and std::filesystem::path)
  auto code_of = [](auto&& load) {
    try {
      (void)load();
    } catch (const ssprules::rules_error& e) {
      if (e.diagnostics().empty()) return std::string("none");
      EXPECT_EQ(e.diagnostics().front().code_enum(), ssprules::error_code::unreadable_file);
      return e.diagnostics().front().code;
    }
    return std::string("no exception");
  };
  EXPECT_EQ(code_of([] { return ssprules::load_or_throw("x.yaml"); }), "SR0006");
  EXPECT_EQ(code_of([] { return ssprules::load_or_throw(std::string("x.yaml")); }), "SR0006");
  EXPECT_EQ(code_of([] { return ssprules::load_or_throw(std::filesystem::path("x.yaml")); }),
            "SR0006");
  EXPECT_EQ(code_of([] { return ssprules::load_or_throw(static_cast<const char*>(nullptr)); }),
            "SR0006");
}

// The same record as a decision, decoded from each kind of container.
class DecodeContainers : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { prog_ = new program(ssp_plus()); }
  static void TearDownTestSuite() {
    delete prog_;
    prog_ = nullptr;
  }

  static std::string decide(const facts& f) {
    return ssprules::evaluate(*prog_, f, day("2010-06-01")).to_json();
  }
  // the reference: the span overload with a vector of views
  static std::string reference() {
    const std::vector<named> fields = {{"id", field_value::string("c")},
                                       {"birth_date", field_value::text("1993-05-01")},
                                       {"category", field_value::integer(4)},
                                       {"state_signal", field_value::text("politiet")},
                                       {"benefit_status", field_value::text("self_supporting")}};
    facts f;
    record_decoder(*prog_).decode(fields, f);
    return decide(f);
  }

  static program* prog_;
};
program* DecodeContainers::prog_ = nullptr;

TEST_F(DecodeContainers, ReferenceIsDecided) {
  const std::string json = reference();
  EXPECT_NE(json.find("\"target_group\":true"), std::string::npos) << json;
  EXPECT_EQ(json.find("error"), std::string::npos) << json;
}

TEST_F(DecodeContainers, BracedList) {
  facts f;
  record_decoder(*prog_).decode({{"id", field_value::string("c")},
                                 {"birth_date", field_value::text("1993-05-01")},
                                 {"category", field_value::integer(4)},
                                 {"state_signal", field_value::text("politiet")},
                                 {"benefit_status", field_value::text("self_supporting")}},
                                f);
  EXPECT_TRUE(f.has_id());
  EXPECT_EQ(f.id(), "c");
  EXPECT_TRUE(f.input_errors().empty());
  EXPECT_EQ(decide(f), reference());

  // one pair, and none
  facts one;
  record_decoder(*prog_).decode({{"id", field_value::string("c")}}, one);
  EXPECT_EQ(one.id(), "c");
  EXPECT_FALSE(one.input_errors().empty());  // birth_date and benefit_status are required
  facts none;
  record_decoder(*prog_).decode({}, none);
  EXPECT_FALSE(none.has_id());
}

TEST_F(DecodeContainers, Map) {
  const std::map<std::string, field_value> fields = {
      {"id", field_value::string("c")},
      {"birth_date", field_value::text("1993-05-01")},
      {"category", field_value::integer(4)},
      {"state_signal", field_value::text("politiet")},
      {"benefit_status", field_value::text("self_supporting")},
      {"Category", field_value::integer(1)}};
  facts f;
  std::vector<std::string_view> unknown;
  record_decoder(*prog_).decode(fields, f, &unknown);
  EXPECT_EQ(f.id(), "c");
  EXPECT_EQ(decide(f), reference());
  ASSERT_EQ(unknown.size(), 1U);
  EXPECT_EQ(unknown[0], "Category");
}

TEST_F(DecodeContainers, UnorderedMap) {
  std::unordered_map<std::string, field_value> fields;
  fields.emplace("benefit_status", field_value::text("self_supporting"));
  fields.emplace("state_signal", field_value::text("politiet"));
  fields.emplace("category", field_value::integer(4));
  fields.emplace("birth_date", field_value::text("1993-05-01"));
  fields.emplace("id", field_value::string("c"));
  facts f;
  record_decoder(*prog_).decode(fields, f);  // a non-const lvalue
  EXPECT_EQ(decide(f), reference());
  facts g;
  record_decoder(*prog_).decode(std::as_const(fields), g);
  EXPECT_EQ(decide(g), reference());
}

TEST_F(DecodeContainers, VectorOfPairs) {
  const std::vector<std::pair<std::string, field_value>> owning = {
      {"id", field_value::string("c")},
      {"birth_date", field_value::text("1993-05-01")},
      {"category", field_value::integer(4)},
      {"state_signal", field_value::text("politiet")},
      {"benefit_status", field_value::text("self_supporting")}};
  facts f;
  record_decoder(*prog_).decode(owning, f);
  EXPECT_EQ(decide(f), reference());

  // any other range of pairs: a list, and a view over the vector
  const std::list<named> linked(owning.begin(), owning.end());
  facts g;
  record_decoder(*prog_).decode(linked, g);
  EXPECT_EQ(decide(g), reference());
  facts h;
  record_decoder(*prog_).decode(owning | std::views::take(5), h);
  EXPECT_EQ(decide(h), reference());
}

TEST_F(DecodeContainers, RangeKeepsTheSpanOverloadsRules) {
  // a name given twice is a record error, whatever the container
  const std::vector<std::pair<std::string, field_value>> twice = {
      {"id", field_value::string("c")},
      {"category", field_value::integer(4)},
      {"category", field_value::integer(3)}};
  facts f;
  record_decoder(*prog_).decode(twice, f);
  ASSERT_TRUE(f.error().has_value());
  facts g;
  const std::vector<named> views(twice.begin(), twice.end());
  record_decoder(*prog_).decode(views, g);
  ASSERT_TRUE(g.error().has_value());
  EXPECT_EQ(f.error()->code, g.error()->code);
  EXPECT_EQ(f.error()->message, g.error()->message);
}

}  // namespace
