// Part of check: a policy's `calendar: working_days:` becomes its working_calendar. The
// holidays come from a bundled calendar (detail/bundled_calendars.hpp, by name) or from a file
// beside the policy (read through check_options::read_file, inside the policy's folder); the
// calendar's citations are checked against its own `sources:` (those of `closed:` against the
// policy's, with the policy's other citations). Problems are diagnostics located in the file
// where they are written.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "ssprules/check.hpp"
#include "ssprules/detail/bundled_calendars.hpp"
#include "ssprules/detail/codes.hpp"
#include "ssprules/detail/files.hpp"
#include "ssprules/detail/suggest.hpp"
#include "ssprules/detail/working_days.hpp"
#include "ssprules/impl/check_imports.ipp"
#include "ssprules/parse.hpp"

namespace ssprules::inline SSPRULES_ABI::detail {

/// The text of the bundled calendar called `name`, or nullptr.
inline const bundled_calendar* find_bundled_calendar(std::string_view name) {
  for (const bundled_calendar& c : bundled_calendars) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

// A calendar of holidays parsed, with its holidays' citations checked against its own
// `sources:`; nullopt after diagnostics appended to `out`.
inline std::optional<holiday_calendar> checked_holiday_calendar(
    const std::shared_ptr<const source>& text, std::vector<diagnostic>& out) {
  holiday_calendar_result parsed = parse_holiday_calendar(text);
  const bool ok = parsed.ok();
  for (diagnostic& d : parsed.diagnostics) out.push_back(std::move(d));
  if (!ok) return std::nullopt;
  bool cited = true;
  for (const day_rule& r : parsed.calendar.holidays) {
    for (const citation& c : r.sources) {
      const auto& docs = parsed.calendar.sources;
      if (std::none_of(docs.begin(), docs.end(),
                       [&](const source_document& s) { return s.id == c.document; })) {
        out.push_back(
            {severity::error,
             codes::unknown_source.id,
             "citation of unknown source document `" + c.document + "`",
             c.at,
             {{"a calendar's holidays cite the documents under its own `sources:`", {}}}});
        cited = false;
      }
    }
  }
  if (!cited) return std::nullopt;
  return std::move(parsed.calendar);
}

// Reads the holiday calendar a policy names; nullopt after a diagnostic.
inline std::optional<holiday_calendar> read_holiday_calendar(const rule_document& doc,
                                                             const working_days_decl& w,
                                                             const check_options& opts,
                                                             std::vector<diagnostic>& out) {
  std::shared_ptr<const source> text;
  if (!w.holidays.empty()) {
    const bundled_calendar* bundled = find_bundled_calendar(w.holidays);
    if (!bundled) {
      std::vector<std::string> names;
      for (const bundled_calendar& c : bundled_calendars) names.emplace_back(c.name);
      std::vector<note> notes;
      if (std::string close = closest_match(w.holidays, names); !close.empty()) {
        notes.push_back({"did you mean `" + close + "`?", {}});
      }
      std::string known;
      for (const auto& n : names) known += (known.empty() ? "`" : ", `") + n + "`";
      notes.push_back({"the bundled calendars: " + known +
                           "; a calendar of your own is `holidays: {file: calendars/x.yaml}`",
                       {}});
      out.push_back({severity::error, codes::unknown_calendar.id,
                     "unknown calendar of holidays `" + w.holidays + "`", w.holidays_at,
                     std::move(notes)});
      return std::nullopt;
    }
    text = source::from_string("<bundled calendar " + std::string(bundled->name) + ">",
                               std::string(bundled->text));
  } else {
    const std::filesystem::path base = folder_of(w.at, doc.file);  // the file it is written in
    if (!resolve_in_policy(w.at, doc.file, w.holidays_file)) {
      out.push_back(outside_folder(w.holidays_file, w.holidays_at, "the policy's", "the calendar"));
      return std::nullopt;
    }
    const std::string path = (base / w.holidays_file).string();
    file_contents f = read_through(opts.read_file, path, parse_options{}.max_file_bytes);
    if (!f.ok()) {
      out.push_back({severity::error,
                     codes::unknown_calendar.id,
                     "cannot read the calendar of holidays `" + w.holidays_file + "`: " + f.reason,
                     w.holidays_at,
                     {{"the path is relative to the policy file: " + path, {}}}});
      return std::nullopt;
    }
    text = source::from_string(path, std::move(f.text));
  }
  return checked_holiday_calendar(text, out);
}

/// The working calendar of a policy with `calendar: working_days:`, or nullptr (none declared,
/// or its diagnostics were appended to `out`).
inline std::shared_ptr<const working_calendar> resolve_working_days(const rule_document& doc,
                                                                    const check_options& opts,
                                                                    std::vector<diagnostic>& out) {
  if (!doc.working_days) return nullptr;
  const working_days_decl& w = *doc.working_days;
  std::vector<closing_rule> rules;
  if (!w.holidays.empty() || !w.holidays_file.empty()) {
    auto holidays = read_holiday_calendar(doc, w, opts, out);
    if (!holidays) return nullptr;
    for (day_rule& r : holidays->holidays) {
      rules.push_back({std::move(r), holidays->id, holidays->title});
    }
  }
  for (const day_rule& r : w.closed) rules.push_back({r, std::string(), std::string()});
  return std::make_shared<const working_calendar>(w.weekend, std::move(rules));
}

}  // namespace ssprules::inline SSPRULES_ABI::detail

namespace ssprules::inline SSPRULES_ABI {

SSPRULES_INLINE std::vector<diagnostic> check_holiday_calendar(
    const std::shared_ptr<const source>& text) {
  std::vector<diagnostic> out;
  (void)detail::checked_holiday_calendar(text, out);
  return out;
}

SSPRULES_INLINE std::vector<std::string> files_named_by(const rule_document& doc) {
  std::vector<std::string> out;
  for (const auto& file : doc.imported) {
    std::error_code ec;
    out.push_back(std::filesystem::weakly_canonical(file->name(), ec).string());
  }
  if (doc.working_days && !doc.working_days->holidays_file.empty()) {
    const std::filesystem::path base = detail::folder_of(doc.working_days->at, doc.file);
    if (auto path = detail::resolve_in_policy(doc.working_days->at, doc.file,
                                              doc.working_days->holidays_file))
      out.push_back(path->string());
  }
  return out;
}

}  // namespace ssprules::inline SSPRULES_ABI
