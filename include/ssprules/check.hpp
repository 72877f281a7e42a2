// Stage 2, check: rule_document -> checked_rules (names resolved, types known, dependency DAG,
// tables analysed for gaps and overlaps).
#pragma once
#include "ssprules/version.hpp"  // first: the C++20 check
#ifndef SSPRULES_FIRST_HEADER
#  define SSPRULES_FIRST_HEADER 3  // header-first: see the end of this file
#endif

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ssprules/diagnostic.hpp"
#include "ssprules/parse.hpp"

namespace ssprules::inline SSPRULES_ABI {

namespace detail {
struct checked_policy;
}

/// A node of the dependency graph: an input, a parameter, a value, an output or a function
/// (and, so that nodes stay one per symbol, a function's parameter, which no edge touches).
/// Thread-compatible.
struct graph_node {
  std::string name;
  std::string kind;  ///< "input", "parameter", "value", "output", "function", "param",
                     ///< "item" (of a list, inside an aggregate), "broken"
};

/// A policy whose names and types are known; the input of `compile`. Cheap to copy (shared).
/// Immutable: safe to share between threads (copies share one checked form).
class checked_rules {
 public:
  checked_rules() = default;
  explicit checked_rules(std::shared_ptr<const detail::checked_policy> impl)
      : impl_(std::move(impl)) {}

  /// True when it holds a policy (even one with errors: then compile refuses it).
  [[nodiscard]] bool valid() const noexcept { return impl_ != nullptr; }
  /// The parsed document it was made from.
  [[nodiscard]] const rule_document& document() const;
  /// The dependency graph: nodes, and edges (from, to) meaning "to uses from".
  [[nodiscard]] std::vector<graph_node> graph_nodes() const;
  [[nodiscard]] std::vector<std::pair<std::size_t, std::size_t>> graph_edges() const;

  /// Internal representation, for compile and tools (no stability promise).
  [[nodiscard]] const std::shared_ptr<const detail::checked_policy>& impl() const noexcept {
    return impl_;
  }

 private:
  std::shared_ptr<const detail::checked_policy> impl_;
};

/// What `check` may do besides checking the document itself.
/// Thread-compatible.
struct check_options {
  /// Read the files of `sources:` and verify that every quoted passage appears in them. A
  /// `file:` is relative to the policy file's folder and must stay inside that folder's tree
  /// once `..` and symbolic links are resolved (SR0007); a document that cannot be read is a
  /// warning (SR0313), one over `max_source_bytes` an error (SR0005). Off: no file is looked at.
  bool verify_quotes = true;
  /// Cited documents larger than this are refused (SR0005).
  std::size_t max_source_bytes = 16U << 20U;
  /// Quoted passages longer than this many characters (code points, each run of whitespace
  /// counting as one) are refused (SR0005): quote a shorter passage. Applies whether or not
  /// quotes are verified.
  std::size_t max_quote_length = 2000;
  /// Reads every file the engine reads on the policy's behalf: in `check`, the cited documents
  /// (the policy's folder joined with `file:`, once that is known to stay inside); in `load`,
  /// the policy file as the caller named it; in `run_test_paths` and `run_policy_tests`, the
  /// test files and the policies they name (those two still find files on disk). It
  /// gets the limit in bytes and must behave like `read_file` (the default, when empty: the
  /// disk, bounded, regular files only). Set it to serve files from memory, e.g. so that a
  /// fuzzer exercises cited documents without a disk. Where a file resolves (SR0007) is still
  /// decided on the real file system.
  file_reader read_file;
  /// Stop analysing a decision table for gaps and overlaps after this many combinations.
  std::size_t table_analysis_budget = 1'000'000;
};

/// The product of `check`.
/// Thread-compatible.
struct check_result {
  checked_rules rules;
  std::vector<diagnostic> diagnostics;
  [[nodiscard]] bool ok() const noexcept { return !has_errors(diagnostics); }
};

/// Resolves names and types, orders rules by their dependencies (reporting cycles with their
/// whole path), analyses decision tables, and warns about unused inputs and values.
[[nodiscard]] check_result check(rule_document doc, const check_options& opts = {});

/// Reads the definitions files a policy imports (`imports:`, relative to the importing file and
/// inside its folder tree, through `opts.read_file`; transitively, each file once) and adds
/// their sources, parameters and calendar to `doc`, listing the files in `doc.imported`. A name
/// defined twice (SR0106, naming both places), an import cycle (SR0317), a file that cannot be
/// read (SR0316) or lies outside the folder (SR0007) is a diagnostic. `check` runs it first.
[[nodiscard]] std::vector<diagnostic> resolve_imports(rule_document& doc,
                                                      const check_options& opts = {});

/// The diagnostics of a calendar of holidays checked on its own (as `calendars/denmark.yaml`):
/// its rules (`parse_holiday_calendar`) and that its holidays cite its own `sources:`.
[[nodiscard]] std::vector<diagnostic> check_holiday_calendar(
    const std::shared_ptr<const source>& text);

/// The files a policy reads besides itself (the definitions files it imports, once
/// `resolve_imports` has run, and its calendar of holidays), as canonical paths; a path
/// outside the folder of the file that names it is left out (checking reports it).
[[nodiscard]] std::vector<std::string> files_named_by(const rule_document& doc);

}  // namespace ssprules::inline SSPRULES_ABI

// Header-first: in the one translation unit that defines SSPRULES_IMPLEMENTATION, the first
// ssprules header it includes brings every definition once it is complete (detail/config.hpp).
#if defined(SSPRULES_IMPLEMENTATION) && SSPRULES_FIRST_HEADER == 3
#  include "ssprules/impl/all.ipp"
#endif
