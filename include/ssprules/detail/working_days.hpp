// A policy's working-day calendar, built once when the policy is checked: one bit per day of
// 1900-2200 (set on working days) and the number of working days before each 64-day word, so
// that every working-day function costs O(1) or O(log n) and allocates nothing (a count is two
// lookups and a popcount; the nth working day a binary search over the words). The rules that
// closed a day (its holiday's name and source) are kept for explanations and `ssprules doc`.
// No stability promise.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ssprules/calendar.hpp"
#include "ssprules/detail/civil.hpp"
#include "ssprules/parse.hpp"
#include "ssprules/version.hpp"

namespace ssprules::inline SSPRULES_ABI::detail {

/// A rule that closes days, and where it comes from.
struct closing_rule {
  day_rule rule;
  std::string calendar;  ///< the holiday calendar's id (`denmark`); empty: the policy's `closed:`
  std::string calendar_title;
};

/// The day `rule` closes in the year of `year`'s rule (for `easter: N` the day N days from that
/// year's Easter Sunday, which may lie in another year), or nullopt: none that year, or outside
/// the rule's `from`/`to`.
inline std::optional<std::int32_t> day_closed_in(const day_rule& rule, int year) noexcept {
  std::optional<std::int32_t> day;
  switch (rule.what) {
    case day_rule::kind::every_year:
      if (rule.day <= cal::days_in_month(year, rule.month)) {
        day = cal::days_from_ymd(year, rule.month, rule.day);
      }
      break;
    case day_rule::kind::easter:
      if (auto e = easter_sunday(year)) day = e->days() + rule.offset;
      break;
    case day_rule::kind::nth: {
      const int last = cal::days_in_month(year, rule.month);
      const auto wanted = static_cast<int>(rule.nth_weekday);
      if (rule.n > 0) {
        const int first =
            static_cast<int>(weekday_of(date::from_days(cal::days_from_ymd(year, rule.month, 1))));
        const int d = 1 + (wanted - first + 7) % 7 + 7 * (rule.n - 1);
        if (d <= last) day = cal::days_from_ymd(year, rule.month, d);
      } else {
        const int end = static_cast<int>(
            weekday_of(date::from_days(cal::days_from_ymd(year, rule.month, last))));
        const int d = last - (end - wanted + 7) % 7 - 7 * (-rule.n - 1);
        if (d >= 1) day = cal::days_from_ymd(year, rule.month, d);
      }
      break;
    }
    case day_rule::kind::once:
      if (rule.on.to_ymd().year == year) day = rule.on.days();
      break;
  }
  if (!day) return std::nullopt;
  if (rule.from && *day < rule.from->days()) return std::nullopt;
  if (rule.to && *day > rule.to->days()) return std::nullopt;
  return day;
}

/// Working days: every day of 1900-01-01 .. 2200-12-31 that is neither a weekend day nor closed
/// by a rule. Immutable once built; shared by the programs compiled from one checked policy.
class working_calendar {
 public:
  static constexpr int first_year = 1900;
  static constexpr int last_year = 2200;
  static constexpr std::int32_t first_day = cal::days_from_ymd(first_year, 1, 1);
  static constexpr std::int32_t last_day = cal::days_from_ymd(last_year, 12, 31);

  working_calendar(std::vector<weekday> weekend, std::vector<closing_rule> rules)
      : weekend_(std::move(weekend)), rules_(std::move(rules)) {
    const auto days = static_cast<std::size_t>(last_day - first_day + 1);
    words_.assign((days + 63) / 64, 0);
    for (std::int32_t d = first_day; d <= last_day; ++d) {
      if (!is_weekend(d)) set(d);
    }
    for (const closing_rule& c : rules_) {
      // a rule of year y may close a day of y - 1 or y + 1 (`easter: -200`)
      for (int y = first_year - 1; y <= last_year + 1; ++y) {
        if (auto d = day_closed_in(c.rule, y); d && covers(*d)) clear(*d);
      }
    }
    before_.resize(words_.size());
    std::uint32_t sum = 0;
    for (std::size_t w = 0; w < words_.size(); ++w) {
      before_[w] = sum;
      sum += static_cast<std::uint32_t>(std::popcount(words_[w]));
    }
    total_ = sum;
  }

  /// Whether the calendar knows `day` (a day number, date::days()).
  [[nodiscard]] static constexpr bool covers(std::int32_t day) noexcept {
    return day >= first_day && day <= last_day;
  }
  /// Whether `day` (covered) is a working day.
  [[nodiscard]] bool is_working_day(std::int32_t day) const noexcept {
    const auto i = static_cast<std::uint32_t>(day - first_day);
    return ((words_[i / 64] >> (i % 64)) & 1U) != 0;
  }
  /// Whether `day` falls on the weekend.
  [[nodiscard]] bool is_weekend(std::int32_t day) const noexcept {
    return std::find(weekend_.begin(), weekend_.end(), weekday_of(date::from_days(day))) !=
           weekend_.end();
  }
  /// The number of working days from 1900-01-01 up to and including `day` (covered, or the
  /// day before 1900-01-01: 0).
  [[nodiscard]] std::int64_t count_through(std::int32_t day) const noexcept {
    if (day < first_day) return 0;
    const auto i = static_cast<std::uint32_t>(day - first_day);
    const std::uint64_t upto =
        (i % 64 == 63) ? ~std::uint64_t{0} : ((std::uint64_t{1} << (i % 64 + 1)) - 1);
    return before_[i / 64] + std::popcount(words_[i / 64] & upto);
  }
  /// The k-th working day from 1900-01-01 (k >= 1), or nullopt past 2200-12-31.
  [[nodiscard]] std::optional<std::int32_t> nth_working_day(std::int64_t k) const noexcept {
    if (k < 1 || k > total_) return std::nullopt;
    auto it = std::upper_bound(before_.begin(), before_.end(), static_cast<std::uint32_t>(k - 1));
    const auto w = static_cast<std::size_t>(it - before_.begin()) - 1;
    std::uint64_t bits = words_[w];
    for (std::int64_t skip = k - 1 - before_[w]; skip > 0; --skip) bits &= bits - 1;
    return first_day + static_cast<std::int32_t>(w * 64 + std::countr_zero(bits));
  }
  /// The n-th working day after `d` (n >= 1), before it (n <= -1), `d` itself for 0; nullopt
  /// when `d` or the result is not covered.
  [[nodiscard]] std::optional<std::int32_t> add(std::int32_t d, std::int64_t n) const noexcept {
    if (!covers(d)) return std::nullopt;
    if (n == 0) return d;
    if (n > total_ || n < -total_) return std::nullopt;
    return n > 0 ? nth_working_day(count_through(d) + n)
                 : nth_working_day(count_through(d - 1) + n + 1);
  }
  /// `d` when it is a working day, else the next one; nullopt when not covered.
  [[nodiscard]] std::optional<std::int32_t> on_or_after(std::int32_t d) const noexcept {
    if (!covers(d)) return std::nullopt;
    return nth_working_day(count_through(d - 1) + 1);
  }
  /// The working days after `a` up to and including `b`; negative when `b` < `a` (minus those
  /// after `b` up to and including `a`).
  [[nodiscard]] std::optional<std::int64_t> between(std::int32_t a, std::int32_t b) const noexcept {
    if (!covers(a) || !covers(b)) return std::nullopt;
    return count_through(b) - count_through(a);
  }

  /// The rules that close `day` (empty for a working day and for a plain weekend day).
  [[nodiscard]] std::vector<const closing_rule*> closed_by(std::int32_t day) const {
    std::vector<const closing_rule*> out;
    const int year = date::from_days(day).to_ymd().year;
    for (const closing_rule& c : rules_) {
      for (int y = year - 1; y <= year + 1; ++y) {
        if (day_closed_in(c.rule, y) == day) {
          out.push_back(&c);
          break;
        }
      }
    }
    return out;
  }

  [[nodiscard]] const std::vector<weekday>& weekend() const noexcept { return weekend_; }
  [[nodiscard]] const std::vector<closing_rule>& rules() const noexcept { return rules_; }

 private:
  void set(std::int32_t d) noexcept {
    const auto i = static_cast<std::uint32_t>(d - first_day);
    words_[i / 64] |= std::uint64_t{1} << (i % 64);
  }
  void clear(std::int32_t d) noexcept {
    const auto i = static_cast<std::uint32_t>(d - first_day);
    words_[i / 64] &= ~(std::uint64_t{1} << (i % 64));
  }

  std::vector<weekday> weekend_;
  std::vector<closing_rule> rules_;
  std::vector<std::uint64_t> words_;   ///< bit i: day first_day + i is a working day
  std::vector<std::uint32_t> before_;  ///< working days in the words before each word
  std::int64_t total_ = 0;
};

}  // namespace ssprules::inline SSPRULES_ABI::detail
