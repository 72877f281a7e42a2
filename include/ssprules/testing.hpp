// Policy authors' tests: run the `tests:` of a policy and of test files beside it.
#pragma once
#include "ssprules/version.hpp"  // first: the C++20 check
#ifndef SSPRULES_FIRST_HEADER
#  define SSPRULES_FIRST_HEADER 18  // header-first: see the end of this file
#endif

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ssprules/compile.hpp"
#include "ssprules/diagnostic.hpp"
#include "ssprules/evaluate.hpp"
#include "ssprules/parse.hpp"

namespace ssprules::inline SSPRULES_ABI {

/// One failed test: where it is, what differed (expected vs actual, one line each), and the
/// explanation of the decision it got.
/// Thread-compatible.
struct test_failure {
  std::string test;
  std::string file;
  std::uint32_t line = 0;
  std::vector<std::string> differences;
  std::string explanation;
};

/// The outcome of one test, passed or failed, in the order the tests ran (a file that could
/// not be run at all is one failed result).
/// Thread-compatible.
struct test_result {
  std::string test;
  std::string file;  ///< where the test is written
  std::uint32_t line = 0;
  bool passed = false;
  double seconds = 0;                    ///< time spent decoding, evaluating and comparing
  std::vector<std::string> differences;  ///< when failed, as in `test_failure`
  /// When failed: the explanation of the decision it got, or for a file that could not be run
  /// the rendered diagnostics.
  std::string explanation;
};

/// One part of a policy that a test can exercise: a rule's expression, one of its cases (the
/// `otherwise` too), a row or the `otherwise` of its table. Each version of a versioned rule has
/// parts of its own.
/// Thread-compatible.
struct coverage_part {
  std::string rule;
  /// The version: its period, or its dates (`from 2020-01-01 to 2021-12-31`); empty when the
  /// rule has no `versions:`.
  std::string version;
  /// As `explanation_step::decided_by` names it: "expression", "case 2", "otherwise", "row 3".
  std::string part;
  std::uint32_t line = 0;  ///< where the part is in the policy file
  std::size_t hits = 0;    ///< evaluations it decided (a rule that failed decides nothing)
  /// A part of a user function's body (`rule` is the function's name; each call counts).
  bool function = false;
};

/// Which parts of one policy file the tests exercised.
/// Thread-compatible.
struct policy_coverage {
  std::string file;                  ///< the policy file
  std::vector<coverage_part> parts;  ///< every part, in file order

  /// Counts the parts that decided each rule of an evaluation made with `explain`: a rule
  /// decided by several rows ("rows 1, 4") covers each of them; failed rules cover nothing.
  void record(const decision& d);
  /// Adds the hits of another coverage of the same policy.
  void merge(const policy_coverage& other);
  /// How many parts were reached at least once.
  [[nodiscard]] std::size_t covered() const;
  /// `FILE: 41 of 44 parts covered (93%)` (rounded down, so 100% means all), then one
  /// `  uncovered: rule route, row 3 (line 174)` line per part no test reached.
  [[nodiscard]] std::string text() const;
};

/// Every part of a program's policy, none reached yet (`file` is the policy's source name).
[[nodiscard]] policy_coverage coverage_of(const program& prog);

/// The outcome of running tests.
/// Thread-compatible.
struct test_report {
  std::size_t passed = 0;
  std::size_t failed = 0;
  std::vector<test_failure> failures;
  /// Problems with the policies or test files themselves (each also counts as a failure).
  std::vector<diagnostic> diagnostics;
  /// Every test, passed or failed, in the order they ran.
  std::vector<test_result> results;
  /// Per policy file that was tested (one entry per file, in the order first tested).
  std::vector<policy_coverage> coverage;

  /// Adds another report's counts and findings (coverage of the same policy file adds up).
  void merge(test_report other);
  /// The closing line: `N passed, M failed`.
  [[nodiscard]] std::string summary() const;
  /// The coverage of every policy file (`policy_coverage::text`, one after the other).
  [[nodiscard]] std::string coverage_text() const;
  /// The results as JUnit XML for CI systems: one `<testsuite>` per file the tests are written
  /// in, one `<testcase>` per test, a `<failure>` with the differences as its message and the
  /// explanation as its text; counts and times (seconds) on every level. Always well-formed
  /// XML 1.0: what XML forbids in a name or text (C0 controls other than tab and line breaks,
  /// U+FFFE, U+FFFF, ill-formed UTF-8) is written as visible text (`\x01`, `\ufffe`, `\xff`).
  [[nodiscard]] std::string junit_xml() const;
};

/// Runs tests against a program. `file_as_of` pins the evaluation date of tests without one.
/// The report has one result per test and the coverage of the program's policy.
[[nodiscard]] test_report run_tests(const program& prog, const std::vector<test_case>& tests,
                                    std::optional<date> file_as_of = std::nullopt);

/// Runs every test found under the paths: the inline `tests:` of each policy file, and each
/// test file (`policy:` + `tests:`) against the policy it names (which must be inside the test
/// file's folder tree: SR0007). Directories are walked recursively for `*.yaml` / `*.yml`; in
/// them, calendars and the files policies read are skipped, and a YAML file of another kind is
/// one warning (SR0010) in `diagnostics`, as in `check_paths`.
/// Files are read through `opts.read_file`; one that cannot be read is a failed file with its
/// diagnostic (SR0006, SR0005). Throws `ssprules::error` for a path that does not exist.
[[nodiscard]] test_report run_test_paths(const std::vector<std::string>& paths,
                                         const check_options& opts = {});

/// Runs the tests of one loaded policy: its inline `tests:`, and, when `path` (the file it was
/// loaded from) is given, every test file in the same folder whose `policy:` names that file
/// (read through `opts.read_file`).
[[nodiscard]] test_report run_policy_tests(const program& prog, const std::string& path = {},
                                           const check_options& opts = {});

/// The YAML files a path names: the file itself, or every `*.yaml` / `*.yml` under a folder
/// (recursively, sorted by path). The one folder walk of `ssprules check` and `run_test_paths`;
/// a path that does not exist comes back as it is (reading it reports SR0006).
[[nodiscard]] std::vector<std::string> yaml_files(const std::string& path);

/// What `ssprules check` reports for a test file: its own syntax, the policy it names (outside
/// its folder: SR0007; missing or not checking: SR0801) and its tests against that policy (an
/// output the policy lacks, a value its type cannot hold).
[[nodiscard]] std::vector<diagnostic> check_test_file(const std::shared_ptr<const source>& src,
                                                      const check_options& opts = {});

/// What `ssprules check` reports for one file, a policy or a test file (told apart by
/// `looks_like_test_file`): the policy's diagnostics from `load`, or `check_test_file`'s. A file
/// that cannot be read is one diagnostic (SR0006, SR0005). Read through `opts.read_file`.
[[nodiscard]] std::vector<diagnostic> check_file(const std::string& path,
                                                 const check_options& opts = {});

/// One file `check_paths` looked at: its path, what it was taken for, what checking it found.
/// Thread-compatible.
struct file_check {
  std::string path;
  yaml_file_kind kind = yaml_file_kind::policy;
  std::vector<diagnostic> diagnostics;
};

/// What `ssprules check` reports for files and folders (walked by `yaml_files`), each file by
/// its kind (`classify_yaml_file`): a policy or test file as `check_file`, a calendar of
/// holidays on its own (`check_holiday_calendar`). In a folder, a file that a policy of the walk
/// reads (`files_named_by`) is checked with that policy and not listed again, and a YAML file of
/// another kind is one warning (SR0010) that says what it was taken for. A file named directly
/// is checked as a policy unless it is a test file or a calendar. Read through `opts.read_file`.
[[nodiscard]] std::vector<file_check> check_paths(const std::vector<std::string>& paths,
                                                  const check_options& opts = {});

/// How a test file written at `test_file_path` names the policy at `policy_path` in its
/// `policy:` (relative to the test file's folder), and whether the test runner accepts it
/// (`inside` false: the policy is outside that folder's tree, SR0007, the tests would not run).
/// Thread-compatible.
struct policy_reference {
  std::string path;
  bool inside = false;
};
[[nodiscard]] policy_reference policy_reference_for(const std::string& test_file_path,
                                                    const std::string& policy_path);

namespace detail {
/// The policy file a test file names (`policy:`, relative to the test file's folder), as the
/// path to load; nothing, with the reason in `problem`, when it resolves outside that folder's
/// tree (SR0007) or does not exist (SR0801). Shared by the test runner and `ssprules check`.
[[nodiscard]] std::optional<std::string> test_file_policy(const test_file& tests,
                                                          diagnostic& problem);
}  // namespace detail

/// What `generate_boundary_tests` proposes.
/// Thread-compatible.
struct boundary_options {
  /// Birthdays and deadlines are placed in the year nearest this one (for each, the nearest in
  /// which the policy is in force on the day before, the day itself and the day after).
  int year = 2025;
  /// At most this many tests: the first ones, in the order periods, birthdays, deadlines,
  /// dates compared with deadlines, the holidays and closing days of working-day deadlines, then
  /// items of list inputs at the edges of the windows rules count them in.
  std::size_t max_tests = 200;
};

/// Tests at the boundaries a policy's dates and ranges create, each expecting what the engine
/// gives now: for the policy's author to review, not a statement of what is right.
/// Thread-compatible.
struct boundary_tests {
  /// The tests (`policy` is empty: `yaml` names it). Each has a unique name, its own `as_of`,
  /// its `input`, and every output under `expect`, or the per-record `error` it gets.
  test_file file;
  /// Distinct cases found before the cap (more than `file.tests.size()` when capped).
  std::size_t found = 0;
  /// Which boundaries were used and how the other inputs were chosen, a sentence each.
  std::vector<std::string> notes;
  /// How many records the generator evaluated (its cost: it tries a bounded set of values per
  /// input, never every value of a wide integer range or of an enum no condition tells apart).
  std::size_t evaluations = 0;

  /// True when some cases were left out to stay within `boundary_options::max_tests`.
  [[nodiscard]] bool capped() const noexcept { return found > file.tests.size(); }
  /// The tests as a YAML test file for `policy` (the path from the file's folder): a header
  /// comment (review the expectations; the notes; capped or not), `policy:`, `tests:`.
  [[nodiscard]] std::string yaml(const std::string& policy) const;
};

/// Proposes test cases at every boundary of a policy: both ends of each effective period and
/// the dates parameters change on; the day before, of and after each birthday on which an age
/// comparison changes (`age == 17`, `age in 18..23`, table cells on `age`, `birthday(b, 17)`),
/// for a person born on 15 March, on 29 February and on 31 August; the day before, of and after
/// each date computed from a date input (`add_months(birth_date, 210)`) for those births; date
/// inputs compared with such a date on the day before, of and after it. The other inputs are
/// chosen, one at a time, to make the outputs vary most; identical cases are dropped. The
/// expectations are the program's current outputs, so the tests pass as generated.
[[nodiscard]] boundary_tests generate_boundary_tests(const program& prog,
                                                     const boundary_options& opts = {});

/// A test file as YAML that `parse_test_file` reads back: `comment` as `# ` lines (wrapped at
/// 100 columns), `policy:`, `as_of:` when set, then `tests:` with each test's `name`, `as_of`,
/// `input` and `expect` (one line when it fits, else one output a line) or `error`. Scalars are
/// quoted where YAML needs it.
[[nodiscard]] std::string test_file_yaml(const test_file& tests, const std::string& comment = {});

}  // namespace ssprules::inline SSPRULES_ABI

// Header-first: in the one translation unit that defines SSPRULES_IMPLEMENTATION, the first
// ssprules header it includes brings every definition once it is complete (detail/config.hpp).
#if defined(SSPRULES_IMPLEMENTATION) && SSPRULES_FIRST_HEADER == 18
#  include "ssprules/impl/all.ipp"
#endif
