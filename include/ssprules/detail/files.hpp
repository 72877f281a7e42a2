// Files a policy or test file names: where they resolve (inside the naming file's folder) and
// the diagnostics for those that cannot be read. One place for every caller: cited documents
// (check), a test file's `policy:` (the test runner, `ssprules check`) and, later, imports.
// No stability promise.
#pragma once

#include <algorithm>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <tuple>
#include <utility>
#include <vector>

#include "ssprules/detail/codes.hpp"
#include "ssprules/diagnostic.hpp"
#include "ssprules/parse.hpp"
#include "ssprules/source.hpp"
#include "ssprules/version.hpp"

namespace ssprules::inline SSPRULES_ABI::detail {

/// Reads `path` with `reader`, or from disk with `read_file` when `reader` is empty.
inline file_contents read_through(const file_reader& reader, const std::string& path,
                                  std::size_t limit) {
  return reader ? reader(path, limit) : read_file(path, limit);
}

/// The diagnostic of a file that could not be read: SR0005 when it is too large, SR0006
/// otherwise. It names the file and points at no line (there is no text to show).
inline diagnostic unreadable_file(const std::string& path, const file_contents& f) {
  source_span at;
  at.file = source::from_string(path, std::string());
  if (f.error == read_error::too_large) {
    return {severity::error, codes::limit_exceeded.id, f.reason, at, {}};
  }
  std::vector<note> notes;
  if (f.error == read_error::not_regular) {
    notes.push_back(
        {"policies, cited documents and test files are read only from regular files", {}});
  }
  return {severity::error, codes::unreadable_file.id, "cannot read the file: " + f.reason, at,
          std::move(notes)};
}

/// Reads a policy or test file (at most `parse_options::max_file_bytes`) as a source named
/// `path`; nullptr, with the file's diagnostic appended to `diagnostics`, when it cannot be read.
inline std::shared_ptr<const source> read_source(const file_reader& reader, const std::string& path,
                                                 std::vector<diagnostic>& diagnostics) {
  file_contents f = read_through(reader, path, parse_options{}.max_file_bytes);
  if (!f.ok()) {
    diagnostics.push_back(unreadable_file(path, f));
    return nullptr;
  }
  return source::from_string(path, std::move(f.text));
}

/// `named`, a path written in a file in `folder` (empty: the working directory), resolved:
/// relative paths from `folder`, then `.`, `..` and symbolic links resolved. The result when it
/// lies inside `folder`'s tree (compared component by component, never as a string prefix);
/// nothing when it lies outside (absolute paths included, unless they resolve inside).
inline std::optional<std::filesystem::path> resolve_inside(const std::filesystem::path& folder,
                                                           const std::string& named) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path base = folder.empty() ? fs::path(".") : folder;
  fs::path root = fs::weakly_canonical(base, ec);
  if (ec) return std::nullopt;
  fs::path real = fs::weakly_canonical(base / fs::path(named), ec);
  if (ec) return std::nullopt;
  auto t = real.begin();
  for (const fs::path& part : root) {
    if (part.empty()) continue;  // a trailing separator
    if (t == real.end() || *t != part) return std::nullopt;
    ++t;
  }
  return real;
}

/// SR0007: `named` (written at `at`) resolves outside the folder of the file that names it.
/// `whose` says which file that is ("the policy's"), `what` what `named` is ("the document").
inline diagnostic outside_folder(const std::string& named, const source_span& at,
                                 const std::string& whose, const std::string& what) {
  return {severity::error,
          codes::path_outside_folder.id,
          "`" + named + "` is outside " + whose + " folder",
          at,
          {{"put " + what + " inside " + whose +
                " folder or a folder below it: a path is resolved from there, `..` and symbolic "
                "links included, and must stay inside",
            {}}}};
}

/// Diagnostics in reading order: those of `first` (the policy) by line and column, then those of
/// each other file (an import, a calendar) by its name, line and column.
inline void sort_by_place(std::vector<diagnostic>& ds, const std::shared_ptr<const source>& first) {
  auto key = [&](const diagnostic& d) {
    const bool other = d.at.file != nullptr && d.at.file != first;
    return std::make_tuple(other, other ? d.at.file->name() : std::string(), d.at.line,
                           d.at.column);
  };
  std::stable_sort(ds.begin(), ds.end(),
                   [&](const diagnostic& a, const diagnostic& b) { return key(a) < key(b); });
}

}  // namespace ssprules::inline SSPRULES_ABI::detail
