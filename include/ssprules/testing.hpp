// Policy authors' tests: run the `tests:` of a policy and of test files beside it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ssprules/compile.hpp"
#include "ssprules/diagnostic.hpp"
#include "ssprules/parse.hpp"

namespace ssprules {

/// One failed test: where it is, what differed (expected vs actual, one line each), and the
/// explanation of the decision it got.
struct test_failure {
  std::string test;
  std::string file;
  std::uint32_t line = 0;
  std::vector<std::string> differences;
  std::string explanation;
};

/// The outcome of running tests.
struct test_report {
  std::size_t passed = 0;
  std::size_t failed = 0;
  std::vector<test_failure> failures;
  /// Problems with the policies or test files themselves (each also counts as a failure).
  std::vector<diagnostic> diagnostics;

  /// Adds another report's counts and findings.
  void merge(test_report other);
  /// The closing line: `N passed, M failed`.
  [[nodiscard]] std::string summary() const;
};

/// Runs tests against a program. `file_as_of` pins the evaluation date of tests without one.
[[nodiscard]] test_report run_tests(const program& prog, const std::vector<test_case>& tests,
                                    std::optional<date> file_as_of = std::nullopt);

/// Runs every test found under the paths: the inline `tests:` of each policy file, and each
/// test file (`policy:` + `tests:`) against the policy it names. Directories are walked
/// recursively for `*.yaml` / `*.yml`. Throws `ssprules::error` for a path that does not exist.
[[nodiscard]] test_report run_test_paths(const std::vector<std::string>& paths);

/// Runs the tests of one loaded policy: its inline `tests:`, and, when `path` (the file it was
/// loaded from) is given, every test file in the same folder whose `policy:` names that file.
[[nodiscard]] test_report run_policy_tests(const program& prog, const std::string& path = {});

}  // namespace ssprules
