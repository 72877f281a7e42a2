// Part of check, run before everything else: a policy's `imports:` are read (through
// check_options::read_file, each inside the folder of the file that imports it), parsed as
// definitions files, followed transitively (each file once; a cycle is an error with its path)
// and their sources, parameters, functions and calendar added to the policy's document, so that the
// rest of the checker sees one policy. A name defined twice is an error that names both places;
// problems are located in the file where they are written.
#pragma once

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "ssprules/check.hpp"
#include "ssprules/detail/codes.hpp"
#include "ssprules/detail/files.hpp"
#include "ssprules/parse.hpp"

namespace ssprules::inline SSPRULES_ABI::detail {

/// The folder the paths written in `at`'s file are relative to (empty: the working directory).
inline std::filesystem::path folder_of(const source_span& at,
                                       const std::shared_ptr<const source>& fallback) {
  const std::shared_ptr<const source>& file = at.file ? at.file : fallback;
  return std::filesystem::path(file ? file->name() : std::string()).parent_path();
}

/// A path written in the file of `at` (the policy, or a definitions file it imports), resolved
/// from that file's folder; nothing when it leaves the policy's folder tree (SR0007). A shared
/// definitions file may name `../sources/x.txt` as long as that stays beside the policy.
inline std::optional<std::filesystem::path> resolve_in_policy(
    const source_span& at, const std::shared_ptr<const source>& policy, const std::string& named) {
  const std::filesystem::path base = folder_of(at, policy);
  const std::filesystem::path root = folder_of({}, policy);
  if (base == root || named.empty() || std::filesystem::path(named).is_absolute()) {
    return resolve_inside(base, named);
  }
  return resolve_inside(root,
                        (base / named).lexically_relative(root.empty() ? "." : root).string());
}

/// Bounds on what one policy's imports read (a custom `read_file` could serve endless files).
inline constexpr std::size_t max_imported_files = 256;
inline constexpr std::size_t max_import_depth = 32;

class import_resolver {
 public:
  import_resolver(rule_document& doc, const check_options& opts, std::vector<diagnostic>& out)
      : doc_(doc), opts_(opts), out_(out) {}

  void run() {
    if (doc_.imports.empty()) return;
    std::error_code ec;
    stack_.push_back(
        {std::filesystem::weakly_canonical(doc_.file ? doc_.file->name() : "", ec).string(),
         doc_.file ? doc_.file->name() : std::string()});
    const std::vector<import_decl> imports = doc_.imports;
    for (const import_decl& i : imports) follow(i, doc_.file);
  }

 private:
  struct open_file {
    std::string key;   // canonical path
    std::string name;  // as diagnostics name it
  };

  void follow(const import_decl& imp, const std::shared_ptr<const source>& from) {
    const std::filesystem::path base = folder_of(imp.at, from);
    auto resolved = resolve_inside(base, imp.path);
    if (!resolved) {
      out_.push_back(outside_folder(imp.path, imp.at, "the importing file's", "the import"));
      doc_.complete = false;
      return;
    }
    const std::string key = resolved->string();
    const std::string name = (base / imp.path).lexically_normal().string();
    auto open = std::find_if(stack_.begin(), stack_.end(),
                             [&](const open_file& f) { return f.key == key; });
    if (open != stack_.end()) {
      std::string path;
      for (auto it = open; it != stack_.end(); ++it)
        path += (it == open ? "`" : ", which imports `") + it->name + "`";
      out_.push_back({severity::error,
                      codes::import_cycle.id,
                      "import cycle: " + path + ", which imports `" + name + "`",
                      imp.at,
                      {{"a definitions file cannot import, directly or through others, a file "
                        "that imports it: move what both need into a third file",
                        {}}}});
      doc_.complete = false;
      return;
    }
    if (std::find(done_.begin(), done_.end(), key) != done_.end()) return;  // imported already
    if (done_.size() >= max_imported_files || stack_.size() > max_import_depth) {
      out_.push_back({severity::error,
                      codes::limit_exceeded.id,
                      "too many imports: a policy imports at most " +
                          std::to_string(max_imported_files) + " files, nested at most " +
                          std::to_string(max_import_depth) + " deep",
                      imp.at,
                      {}});
      doc_.complete = false;
      return;
    }
    file_contents f = read_through(opts_.read_file, name, parse_options{}.max_file_bytes);
    if (!f.ok()) {
      out_.push_back({severity::error,
                      codes::unreadable_import.id,
                      "cannot read the imported file `" + imp.path + "`: " + f.reason,
                      imp.at,
                      {{"the path is relative to the importing file: " + name, {}}}});
      doc_.complete = false;
      return;
    }
    auto src = source::from_string(name, std::move(f.text));
    parse_result parsed = parse_definitions(src);
    for (diagnostic& d : parsed.diagnostics) out_.push_back(std::move(d));
    if (!parsed.document.complete) doc_.complete = false;
    done_.push_back(key);
    stack_.push_back({key, name});
    for (const import_decl& i : parsed.document.imports) follow(i, src);
    stack_.pop_back();
    doc_.imported.push_back(src);
    merge(std::move(parsed.document));
  }

  void twice(const std::string& what, const source_span& again, const source_span& first) {
    out_.push_back({severity::error,
                    codes::declared_twice.id,
                    what + " is defined twice",
                    again,
                    {{"first defined here", first}}});
    doc_.complete = false;
  }

  // The definitions of an imported file join the policy's.
  void merge(rule_document def) {
    for (source_document& s : def.sources) {
      auto same = std::find_if(doc_.sources.begin(), doc_.sources.end(),
                               [&](const source_document& d) { return d.id == s.id; });
      if (same != doc_.sources.end()) {
        twice("source document `" + s.id + "`", s.at, same->at);
        continue;
      }
      doc_.sources.push_back(std::move(s));
    }
    // a parameter or function whose name is taken is reported by the checker, with both places
    for (parameter_decl& p : def.parameters) doc_.parameters.push_back(std::move(p));
    for (function_decl& f : def.functions) doc_.functions.push_back(std::move(f));
    for (std::string& n : def.broken_names) doc_.broken_names.push_back(std::move(n));
    if (def.leap_day_at.valid()) {
      if (doc_.leap_day_at.valid()) {
        twice("`calendar: leap_day_birthday`", def.leap_day_at, doc_.leap_day_at);
      } else {
        doc_.calendar.leap_day = def.calendar.leap_day;
        doc_.leap_day_at = def.leap_day_at;
      }
    }
    if (def.missing_day_at.valid()) {
      if (doc_.missing_day_at.valid()) {
        twice("`calendar: missing_day`", def.missing_day_at, doc_.missing_day_at);
      } else {
        doc_.calendar.missing = def.calendar.missing;
        doc_.missing_day_at = def.missing_day_at;
      }
    }
    if (def.working_days) {
      if (doc_.working_days)
        twice("`calendar: working_days`", def.working_days->at, doc_.working_days->at);
      else
        doc_.working_days = std::move(def.working_days);
    }
  }

  rule_document& doc_;
  const check_options& opts_;
  std::vector<diagnostic>& out_;
  std::vector<open_file> stack_;   // the files being imported, the policy first
  std::vector<std::string> done_;  // canonical paths of the files merged
};

}  // namespace ssprules::inline SSPRULES_ABI::detail

namespace ssprules::inline SSPRULES_ABI {

SSPRULES_INLINE std::vector<diagnostic> resolve_imports(rule_document& doc,
                                                        const check_options& opts) {
  std::vector<diagnostic> out;
  detail::import_resolver(doc, opts, out).run();
  return out;
}

}  // namespace ssprules::inline SSPRULES_ABI
