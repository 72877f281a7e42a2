// `ssprules diff OLD NEW CASES`: which records a new version of a policy changes, and how.
// The cases are read twice in step, once decoded for each version (their inputs may differ),
// so memory stays flat however many records there are.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "commands.hpp"
#include "options.hpp"
#include "policy_input.hpp"
#include "record_input.hpp"
#include "ssprules/compile.hpp"
#include "ssprules/diagnostic.hpp"
#include "ssprules/diff.hpp"
#include "ssprules/error.hpp"
#include "ssprules/reader.hpp"
#include "terminal.hpp"

namespace ssprules::cli {
namespace {

std::size_t limit_option(const options& opts) {
  auto text = opts.value("limit");
  if (!text) return 10;
  try {
    std::size_t used = 0;
    long long n = std::stoll(*text, &used);
    if (used != text->size() || n < 0) throw std::invalid_argument("range");
    return static_cast<std::size_t>(n);
  } catch (const std::exception&) {
    throw usage_error("`--limit " + *text + "`: give a whole number of records to show");
  }
}

}  // namespace

int diff_command(const std::vector<std::string>& args) {
  options opts = options::parse(args, {"as-of", "limit", "input"}, {"strict"});
  if (opts.positionals.size() != 3) {
    throw usage_error("give the old policy, the new policy and a cases file (or -)");
  }
  const std::string& old_path = opts.positionals[0];
  const std::string& new_path = opts.positionals[1];
  const std::string& cases_path = opts.positionals[2];
  date as_of = as_of_option(opts);
  std::size_t limit = limit_option(opts);

  std::optional<program> old_policy = load_policy("diff", old_path, "nothing was compared");
  std::optional<program> new_policy = load_policy("diff", new_path, "nothing was compared");
  if (!old_policy || !new_policy) return 2;

  std::optional<spooled_stdin> spooled;
  if (cases_path == "-") spooled.emplace();
  const std::string& file_path = spooled ? spooled->path() : cases_path;
  std::ifstream old_file;
  std::ifstream new_file;
  open_records_file(old_file, file_path, "cases file");
  open_records_file(new_file, file_path, "cases file");
  std::optional<record_format> format = input_format(opts, cases_path);
  record_reader old_reader(old_file, format, *old_policy);
  record_reader new_reader(new_file, format, *new_policy);

  // fields neither version reads (those only one reads are expected): a warning once (CSV:
  // after the header; JSON Lines: at the end), or with --strict a refusal before anything
  bool strict = opts.has("strict");
  bool reported = false;
  auto neither = [&](const record_reader& a, const record_reader& b) {  // true: refused
    if (reported) return false;
    reported = true;
    std::vector<std::string> names;
    for (const std::string& u : a.unknown_fields()) {
      const auto& other = b.unknown_fields();
      if (std::find(other.begin(), other.end(), u) != other.end()) names.push_back(u);
    }
    if (names.empty()) return false;
    auto fields = record_decoder(*old_policy).unknown_fields(std::span<const std::string>(names));
    put(stderr, terminal_text(std::string("ssprules diff: ") + (strict ? "error: " : "warning: ") +
                                  unknown_fields_message(*old_policy, fields, strict) +
                                  " (nor of the new version)\n",
                              line_breaks::keep));
    return strict;
  };
  if (strict && format != record_format::csv) {  // read JSON Lines ahead for the field names
    std::ifstream scan_old;
    std::ifstream scan_new;
    open_records_file(scan_old, file_path, "cases file");
    open_records_file(scan_new, file_path, "cases file");
    record_reader old_scan(scan_old, format, *old_policy);
    record_reader new_scan(scan_new, format, *new_policy);
    facts ignored;
    while (old_scan.next(ignored)) {
    }
    while (new_scan.next(ignored)) {
    }
    if (neither(old_scan, new_scan)) return 2;
  }

  policy_diff diff(*old_policy, *new_policy, limit);
  facts old_record;
  facts new_record;
  bool first = true;
  while (true) {
    bool more_old = old_reader.next(old_record);
    bool more_new = new_reader.next(new_record);
    if (first && old_reader.format() == record_format::csv && neither(old_reader, new_reader)) {
      return 2;
    }
    first = false;
    if (!more_old || !more_new) break;  // both readers yield one record per input record
    diff.add(old_record, new_record, as_of);
  }
  if (neither(old_reader, new_reader)) return 2;
  for (const record_reader* reader : {&old_reader, &new_reader}) {
    if (reader->header_error()) {
      std::fprintf(stderr, "ssprules diff: %s: %s\n", terminal_text(cases_path).c_str(),
                   terminal_text(*reader->header_error()).c_str());
      return 2;
    }
  }

  diff_report report = diff.report();
  report.old_label = old_path + " (" + report.old_label + ")";
  report.new_label = new_path + " (" + report.new_label + ")";
  print(stdout, to_text(report));
  return report.changed_records == 0 ? 0 : 1;
}

}  // namespace ssprules::cli
