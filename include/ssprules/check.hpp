// Stage 2, check: rule_document -> checked_rules (names resolved, types known, dependency DAG,
// tables analysed for gaps and overlaps).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ssprules/diagnostic.hpp"
#include "ssprules/parse.hpp"

namespace ssprules {

namespace detail {
struct checked_policy;
}

/// A node of the dependency graph: an input, a parameter, a value or an output.
struct graph_node {
  std::string name;
  std::string kind;  ///< "input", "parameter", "value" or "output"
};

/// A policy whose names and types are known; the input of `compile`. Cheap to copy (shared).
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
struct check_options {
  /// Read the files of `sources:` (relative to the policy file) and verify that every quoted
  /// passage appears in them.
  bool verify_quotes = true;
  /// Stop analysing a decision table for gaps and overlaps after this many combinations.
  std::size_t table_analysis_budget = 1'000'000;
};

/// The product of `check`.
struct check_result {
  checked_rules rules;
  std::vector<diagnostic> diagnostics;
  [[nodiscard]] bool ok() const noexcept { return !has_errors(diagnostics); }
};

/// Resolves names and types, orders rules by their dependencies (reporting cycles with their
/// whole path), analyses decision tables, and warns about unused inputs and values.
[[nodiscard]] check_result check(rule_document doc, const check_options& opts = {});

}  // namespace ssprules
