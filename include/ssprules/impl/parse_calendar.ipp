// Definitions for parse.hpp's working-day calendars: a policy's `calendar: working_days:` and
// the files of public holidays (`parse_holiday_calendar`). Each day rule is checked here, where
// its YAML is: a day that does not exist, an unknown weekday or a rule that ends before it
// starts is a diagnostic at the value. Included by parse.ipp, after yaml_reader.ipp.
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ssprules/calendar.hpp"
#include "ssprules/detail/civil.hpp"
#include "ssprules/detail/codes.hpp"
#include "ssprules/detail/suggest.hpp"
#include "ssprules/parse.hpp"

namespace ssprules::inline SSPRULES_ABI::detail {

// Reads working-day calendars and their day rules with a file's yaml_reader.
class calendar_reader {
 public:
  explicit calendar_reader(yaml_reader& r) : r_(r) {}

  // `working_days:` of a policy's `calendar:`.
  working_days_decl read_working_days(const ynode& v) {
    working_days_decl w;
    w.at = v.at;
    r_.entries(v, {"holidays", "weekend", "closed"}, "`working_days`",
               [&](const std::string& key, const source_span&, const ynode& f) {
                 if (key == "holidays")
                   read_holidays(f, w);
                 else if (key == "weekend")
                   w.weekend = read_weekend(f);
                 else
                   w.closed = read_rules(f, "`closed`");
               });
    return w;
  }

  // A list of day rules (`closed:`, a holiday calendar's `holidays:`).
  std::vector<day_rule> read_rules(const ynode& v, std::string_view what) {
    std::vector<day_rule> out;
    r_.items(v, what, [&](const ynode& item) {
      if (auto rule = read_rule(item)) out.push_back(std::move(*rule));
    });
    return out;
  }

  // A weekday's name (`monday` … `sunday`), or nullopt after a diagnostic with a suggestion.
  std::optional<weekday> read_weekday(const ynode& v, std::string_view what) {
    auto t = r_.text(v, what);
    if (!t) return std::nullopt;
    for (std::size_t i = 0; i < std::size(weekday_names); ++i) {
      if (*t == weekday_names[i]) return static_cast<weekday>(i);
    }
    std::vector<note> notes;
    std::string close = closest_match(*t, weekday_names);
    if (!close.empty()) notes.push_back({"did you mean `" + close + "`?", {}});
    notes.push_back(
        {"weekdays are written in English: monday, tuesday, wednesday, thursday, "
         "friday, saturday, sunday",
         {}});
    r_.error(codes::invalid_calendar_rule,
             "unknown weekday `" + yaml_reader::elide(*t) + "` in " + std::string(what), v.at,
             std::move(notes));
    return std::nullopt;
  }

 private:
  void read_holidays(const ynode& f, working_days_decl& w) {
    w.holidays_at = f.at;
    if (f.node.IsMap()) {
      r_.entries(f, {"file"}, "`holidays`",
                 [&](const std::string&, const source_span&, const ynode& path) {
                   if (auto t = r_.text(path, "`file`")) {
                     w.holidays_file = *t;
                     w.holidays_at = path.at;
                   }
                 });
      if (w.holidays_file.empty() && !f.node["file"]) {
        r_.error(codes::missing_key, "`holidays: {…}` needs `file:`, the path of a calendar", f.at,
                 {{"write `holidays: denmark` for the bundled Danish public holidays, or "
                   "`holidays: {file: calendars/holidays.yaml}`",
                   {}}});
      }
      return;
    }
    if (auto t = r_.text(f, "`holidays`")) w.holidays = *t;
  }

  std::vector<weekday> read_weekend(const ynode& f) {
    std::vector<weekday> days;
    r_.items(f, "`weekend`", [&](const ynode& item) {
      auto d = read_weekday(item, "`weekend`");
      if (!d) return;
      if (std::find(days.begin(), days.end(), *d) != days.end()) {
        r_.error(codes::invalid_calendar_rule,
                 "`" + std::string(weekday_names[static_cast<int>(*d)]) +
                     "` is listed twice in `weekend`",
                 item.at);
        return;
      }
      days.push_back(*d);
    });
    return days;
  }

  // `MM-DD`: a month and a day that exists in some year (02-29 does, in leap years).
  bool read_month_day(const ynode& f, day_rule& rule) {
    auto t = r_.text(f, "`date`");
    if (!t) return false;
    auto digits = [&](std::size_t at, int& out) {
      out = 0;
      for (std::size_t k = at; k < at + 2; ++k) {
        char c = (*t)[k];
        if (c < '0' || c > '9') return false;
        out = out * 10 + (c - '0');
      }
      return true;
    };
    bool shaped = t->size() == 5 && (*t)[2] == '-' && digits(0, rule.month) && digits(3, rule.day);
    if (!shaped) {
      std::vector<note> notes{{"`date:` is a month and a day, `MM-DD`, e.g. `12-24`", {}}};
      if (date::parse(*t)) notes.push_back({"for one day only, write `on: " + *t + "`", {}});
      r_.error(codes::invalid_calendar_rule,
               "expected `MM-DD` for `date`, found `" + yaml_reader::elide(*t) + "`", f.at,
               std::move(notes));
      return false;
    }
    if (rule.month < 1 || rule.month > 12 || rule.day < 1 ||
        rule.day > cal::days_in_month(2000, rule.month)) {
      r_.error(codes::invalid_calendar_rule, "`" + *t + "` is not a day of the year", f.at,
               {{"`date:` is `MM-DD`: the month 01 to 12, then a day that month has", {}}});
      return false;
    }
    return true;
  }

  bool read_nth(const ynode& f, day_rule& rule) {
    bool has_n = false;
    bool has_weekday = false;
    bool has_month = false;
    bool ok = true;
    r_.entries(f, {"n", "weekday", "month"}, "`nth`",
               [&](const std::string& key, const source_span&, const ynode& v) {
                 if (key == "weekday") {
                   has_weekday = true;
                   auto d = read_weekday(v, "`nth`");
                   if (d)
                     rule.nth_weekday = *d;
                   else
                     ok = false;
                   return;
                 }
                 auto n = r_.integer(v, "`" + key + "`");
                 if (!n) {
                   ok = false;
                 } else if (key == "n") {
                   has_n = true;
                   if (*n == 0 || *n < -5 || *n > 5) {
                     r_.error(codes::invalid_calendar_rule,
                              "`n` is 1 to 5 (the first to the fifth such weekday of the month) or "
                              "-1 to -5 (counted from the end: -1 is the last), not " +
                                  std::to_string(*n),
                              v.at);
                     ok = false;
                   } else {
                     rule.n = static_cast<int>(*n);
                   }
                 } else {
                   has_month = true;
                   if (*n < 1 || *n > 12) {
                     r_.error(codes::invalid_calendar_rule,
                              "`month` is 1 to 12, not " + std::to_string(*n), v.at);
                     ok = false;
                   } else {
                     rule.month = static_cast<int>(*n);
                   }
                 }
               });
    if (!f.node.IsMap()) return false;
    if (!has_n || !has_weekday || !has_month) {
      r_.error(
          codes::missing_key, "`nth` needs `n`, `weekday` and `month`", f.at,
          {{"e.g. `nth: {n: 1, weekday: monday, month: 9}` (the first Monday of September)", {}}});
      return false;
    }
    return ok;
  }

  std::optional<day_rule> read_rule(const ynode& item) {
    day_rule rule;
    rule.at = item.at;
    int kinds = 0;
    bool ok = true;
    source_span to_at;
    r_.entries(item, {"name", "date", "easter", "nth", "on", "from", "to", "source"},
               "a calendar rule", [&](const std::string& key, const source_span&, const ynode& f) {
                 if (key == "name") {
                   if (auto t = r_.text(f, "`name`")) rule.name = *t;
                   return;
                 }
                 if (key == "source") {
                   rule.sources = r_.citations(f);
                   return;
                 }
                 if (key == "from" || key == "to") {
                   auto d = r_.date_value(f, "`" + key + "`");
                   if (!d) {
                     ok = false;
                   } else if (key == "from") {
                     rule.from = d;
                   } else {
                     rule.to = d;
                     to_at = f.at;
                   }
                   return;
                 }
                 if (++kinds > 1) {
                   r_.error(codes::conflicting_keys,
                            "a calendar rule has one of `date`, `easter`, `nth` and `on`", f.at);
                   ok = false;
                   return;
                 }
                 if (key == "date") {
                   rule.what = day_rule::kind::every_year;
                   ok = read_month_day(f, rule) && ok;
                 } else if (key == "easter") {
                   rule.what = day_rule::kind::easter;
                   auto n = r_.integer(f, "`easter`");
                   if (n && (*n < -200 || *n > 200)) {
                     r_.error(codes::invalid_calendar_rule,
                              "`easter` is a number of days from Easter Sunday, -200 to 200, not " +
                                  std::to_string(*n),
                              f.at);
                     n.reset();
                   }
                   if (n)
                     rule.offset = static_cast<int>(*n);
                   else
                     ok = false;
                 } else if (key == "nth") {
                   rule.what = day_rule::kind::nth;
                   ok = read_nth(f, rule) && ok;
                 } else {
                   rule.what = day_rule::kind::once;
                   auto d = r_.date_value(f, "`on`");
                   if (d)
                     rule.on = *d;
                   else
                     ok = false;
                 }
               });
    if (!item.node.IsMap()) return std::nullopt;
    if (kinds == 0) {
      r_.error(codes::missing_key, "a calendar rule needs one of `date`, `easter`, `nth` or `on`",
               item.at,
               {{"e.g. `{name: Juleaftensdag, date: 12-24}`, `{name: Langfredag, easter: -2}`, "
                 "`{name: Flyttedag, on: 2025-12-29}`",
                 {}}});
      return std::nullopt;
    }
    if (rule.name.empty() && !item.node["name"]) {
      r_.error(codes::missing_key, "a calendar rule needs a `name`", item.at,
               {{"explanations name the day a deadline skipped, e.g. `name: Grundlovsdag`", {}}});
      ok = false;
    }
    if (rule.from && rule.to && *rule.to < *rule.from) {
      r_.error(codes::invalid_calendar_rule,
               "`to` " + rule.to->to_string() + " is before `from` " + rule.from->to_string(),
               to_at);
      ok = false;
    }
    if (!ok) return std::nullopt;
    return rule;
  }

  yaml_reader& r_;
};

}  // namespace ssprules::inline SSPRULES_ABI::detail
