// Calendar speed: the public functions of calendar.hpp, each over a few thousand varied dates
// (births across four decades, month ends, 29 February) so that nothing is constant-folded and
// the branches are as mixed as in a case register. Items are calls.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "ssprules/calendar.hpp"

namespace {

using namespace ssprules;

constexpr std::size_t sample_size = 4096;  // a power of two: index with a mask

date d(int y, int m, int day) { return *date::from_ymd(y, m, day); }

// Birth dates 1980-2015: uniform days, plus month ends and 29 February births.
const std::vector<date>& births() {
  static const std::vector<date> v = [] {
    std::mt19937 rng(7);
    std::vector<date> out;
    const int first = d(1980, 1, 1).days();
    const int last = d(2015, 12, 31).days();
    const int leap_years[] = {1980, 1984, 1988, 1992, 1996, 2000, 2004, 2008, 2012};
    while (out.size() < sample_size) {
      switch (std::uniform_int_distribution<int>(0, 7)(rng)) {
        case 0:  // 29 February
          out.push_back(d(leap_years[std::uniform_int_distribution<int>(0, 8)(rng)], 2, 29));
          break;
        case 1: {  // a month end
          int y = std::uniform_int_distribution<int>(1980, 2015)(rng);
          int m = std::uniform_int_distribution<int>(1, 12)(rng);
          int last_day = 31;
          while (!date::from_ymd(y, m, last_day)) --last_day;
          out.push_back(d(y, m, last_day));
          break;
        }
        default:
          out.push_back(date::from_days(std::uniform_int_distribution<int>(first, last)(rng)));
      }
    }
    return out;
  }();
  return v;
}

// Evaluation dates 2009-2026, some on 28 February / 1 March.
const std::vector<date>& on_dates() {
  static const std::vector<date> v = [] {
    std::mt19937 rng(11);
    std::vector<date> out;
    const int first = d(2009, 5, 14).days();
    const int last = d(2026, 12, 31).days();
    while (out.size() < sample_size) {
      int pick = std::uniform_int_distribution<int>(0, 9)(rng);
      int y = std::uniform_int_distribution<int>(2009, 2026)(rng);
      if (pick == 0)
        out.push_back(d(y, 2, 28));
      else if (pick == 1)
        out.push_back(d(y, 3, 1));
      else
        out.push_back(date::from_days(std::uniform_int_distribution<int>(first, last)(rng)));
    }
    return out;
  }();
  return v;
}

// Month counts of policies: 6, 12, 17½ years (210), and others up to 30 years, some negative.
const std::vector<std::int64_t>& month_counts() {
  static const std::vector<std::int64_t> v = [] {
    std::mt19937 rng(13);
    std::vector<std::int64_t> out;
    const std::int64_t usual[] = {1, 6, 12, 18, 204, 210, 216, -6, -12};
    while (out.size() < sample_size) {
      if (std::uniform_int_distribution<int>(0, 1)(rng) == 0) {
        out.push_back(usual[std::uniform_int_distribution<int>(0, 8)(rng)]);
      } else {
        out.push_back(std::uniform_int_distribution<int>(-120, 360)(rng));
      }
    }
    return out;
  }();
  return v;
}

constexpr calendar_conventions mar_1{leap_day_birthday::mar_1, missing_day::clamp};
constexpr calendar_conventions feb_28{leap_day_birthday::feb_28, missing_day::next_day};

void BM_AgeOn(benchmark::State& state) {
  const auto& b = births();
  const auto& on = on_dates();
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(age_on(b[i], on[i], mar_1));
    i = (i + 1) & (sample_size - 1);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_AgeOn);

void BM_AgeOnFeb28(benchmark::State& state) {
  const auto& b = births();
  const auto& on = on_dates();
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(age_on(b[i], on[i], feb_28));
    i = (i + 1) & (sample_size - 1);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_AgeOnFeb28);

void BM_NthBirthday(benchmark::State& state) {
  const auto& b = births();
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(nth_birthday(b[i], static_cast<std::int64_t>(i % 30), mar_1));
    i = (i + 1) & (sample_size - 1);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_NthBirthday);

// Arbitrary dates and month counts.
void BM_AddMonths(benchmark::State& state) {
  const auto& b = births();
  const auto& n = month_counts();
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(add_months(b[i], n[i], mar_1));
    i = (i + 1) & (sample_size - 1);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_AddMonths);

// Only the hard cases: starts on month ends (31st, 30th, 28/29 February) and on 29 February,
// where the day must be clamped or moved to the next month.
void BM_AddMonthsMonthEnds(benchmark::State& state) {
  static const std::vector<date> starts = [] {
    std::vector<date> out;
    for (int y = 1996; out.size() < sample_size; ++y) {
      if (y > 2024) y = 1996;
      out.push_back(d(y, 1, 31));
      out.push_back(d(y, 8, 31));
      out.push_back(d(y, 4, 30));
      out.push_back(d(y, 2, (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28));
      if (y % 4 == 0) out.push_back(d(y, 2, 29));
    }
    out.resize(sample_size);
    return out;
  }();
  const auto& n = month_counts();
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(add_months(starts[i], n[i], state.range(0) ? feb_28 : mar_1));
    i = (i + 1) & (sample_size - 1);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.SetLabel(state.range(0) ? "missing_day: next_day" : "missing_day: clamp");
}
BENCHMARK(BM_AddMonthsMonthEnds)->Arg(0)->Arg(1);

void BM_AddYears(benchmark::State& state) {
  const auto& b = births();
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(add_years(b[i], static_cast<std::int64_t>(i % 40) - 5, mar_1));
    i = (i + 1) & (sample_size - 1);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_AddYears);

void BM_AddDays(benchmark::State& state) {
  const auto& b = births();
  const auto& n = month_counts();
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(add_days(b[i], n[i] * 30));
    i = (i + 1) & (sample_size - 1);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_AddDays);

void BM_MonthsBetween(benchmark::State& state) {
  const auto& b = births();
  const auto& on = on_dates();
  std::size_t i = 0;
  for (auto _ : state) {
    // both directions: from birth to the evaluation date, and back now and then
    std::size_t j = (i * 7) & (sample_size - 1);
    benchmark::DoNotOptimize((i & 7) == 0 ? months_between(on[i], b[j], mar_1)
                                          : months_between(b[i], on[i], mar_1));
    i = (i + 1) & (sample_size - 1);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_MonthsBetween);

void BM_ToYmd(benchmark::State& state) {
  const auto& b = births();
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(b[i].to_ymd());
    i = (i + 1) & (sample_size - 1);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_ToYmd);

void BM_FromYmd(benchmark::State& state) {
  const auto& b = births();
  std::vector<ymd> parts;
  for (date x : b) parts.push_back(x.to_ymd());
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(date::from_ymd(parts[i].year, parts[i].month, parts[i].day));
    i = (i + 1) & (sample_size - 1);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_FromYmd);

// Valid dates mostly, and one in sixteen invalid (2017-02-30, 2019-13-01, a letter, a short
// string), as a register with typos has.
void BM_DateParse(benchmark::State& state) {
  std::vector<std::string> texts;
  for (date x : births()) texts.push_back(x.to_string());
  const char* bad[] = {"2017-02-30", "2019-13-01", "2019-1x-01", "2019-01-1",
                       "2100-02-29", "19-01-2019", "2019/01/01", ""};
  for (std::size_t k = 0; k < texts.size(); k += 16) texts[k] = bad[(k / 16) % 8];
  std::size_t bytes = 0;
  for (const auto& t : texts) bytes += t.size();
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(date::parse(texts[i]));
    i = (i + 1) & (sample_size - 1);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<std::int64_t>(static_cast<double>(state.iterations()) *
                                                    static_cast<double>(bytes) / sample_size));
}
BENCHMARK(BM_DateParse);

void BM_DateToString(benchmark::State& state) {
  const auto& b = births();
  std::size_t i = 0;
  for (auto _ : state) {
    std::string s = b[i].to_string();
    benchmark::DoNotOptimize(s.data());
    i = (i + 1) & (sample_size - 1);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_DateToString);

}  // namespace

BENCHMARK_MAIN();
