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
#include "terminal.hpp"
#include "ssprules/compile.hpp"
#include "ssprules/diagnostic.hpp"
#include "ssprules/diff.hpp"
#include "ssprules/error.hpp"
#include "ssprules/reader.hpp"

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

// Loads one version; renders its diagnostics to stderr. False when it does not check.
bool load_version(const std::string& path, load_result& out) {
  out = load(path);
  put(stderr, render(out.diagnostics));
  if (out.ok()) return true;
  std::fprintf(stderr, "ssprules diff: `%s` does not check (%s); nothing was compared\n",
               terminal_text(path).c_str(), summarize(out.diagnostics).c_str());
  return false;
}

// Standard input copied to a temporary file, so that it can be read once per version.
class spooled_stdin {
 public:
  spooled_stdin() {
    namespace fs = std::filesystem;
    std::string name = "ssprules-diff-" + std::to_string(::getpid()) + ".cases";
    path_ = (fs::temp_directory_path() / name).string();
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out << std::cin.rdbuf();  // failbit alone means stdin was empty
    bool failed = !out.is_open() || out.bad() || std::cin.bad();
    out.clear();
    out.close();
    if (failed || out.fail()) {
      std::error_code ec;
      fs::remove(path_, ec);
      throw error("cannot copy stdin to the temporary file `" + path_ + "`");
    }
  }
  ~spooled_stdin() {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
  spooled_stdin(const spooled_stdin&) = delete;
  spooled_stdin& operator=(const spooled_stdin&) = delete;
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace

int diff_command(const std::vector<std::string>& args) {
  options opts = options::parse(args, {"as-of", "limit", "input"}, {});
  if (opts.positionals.size() != 3) {
    throw usage_error("give the old policy, the new policy and a cases file (or -)");
  }
  const std::string& old_path = opts.positionals[0];
  const std::string& new_path = opts.positionals[1];
  const std::string& cases_path = opts.positionals[2];
  date as_of = as_of_option(opts);
  std::size_t limit = limit_option(opts);

  load_result old_policy;
  load_result new_policy;
  bool old_ok = load_version(old_path, old_policy);
  bool new_ok = load_version(new_path, new_policy);
  if (!old_ok || !new_ok) return 2;

  std::optional<spooled_stdin> spooled;
  if (cases_path == "-") spooled.emplace();
  const std::string& file_path = spooled ? spooled->path() : cases_path;
  std::ifstream old_file;
  std::ifstream new_file;
  open_records_file(old_file, file_path, "cases file");
  open_records_file(new_file, file_path, "cases file");
  record_reader old_reader(old_file, input_format(opts, cases_path, old_file), old_policy.prog);
  record_reader new_reader(new_file, input_format(opts, cases_path, new_file), new_policy.prog);

  policy_diff diff(old_policy.prog, new_policy.prog, limit);
  facts old_record;
  facts new_record;
  bool warned = false;
  while (true) {
    bool more_old = old_reader.next(old_record);
    bool more_new = new_reader.next(new_record);
    if (!more_old || !more_new) break;  // both readers yield one record per input record
    diff.add(old_record, new_record, as_of);
    if (!warned) {  // fields neither version reads (those only one reads are expected)
      warned = true;
      std::string list;
      std::size_t n = 0;
      for (const std::string& u : old_reader.unknown_fields()) {
        const auto& other = new_reader.unknown_fields();
        if (std::find(other.begin(), other.end(), u) == other.end()) continue;
        list += (list.empty() ? "`" : ", `") + u + "`";
        ++n;
      }
      if (n > 0) {
        std::fprintf(stderr,
                     "ssprules diff: warning: %s %s not an input of either version and "
                     "ignored\n",
                     terminal_text(list).c_str(), n == 1 ? "is" : "are");
      }
    }
  }
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
