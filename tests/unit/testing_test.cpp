// Unit tests for testing.hpp: running a policy's tests (counts, differences, expected errors),
// running test paths (policies, test files, broken files), and the bundled rules' own tests.
#include "ssprules/testing.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "ssprules/detail/checked.hpp"   // check_tests
#include "ssprules/detail/terminal.hpp"  // utf8_code_point
#include "ssprules/detail/utf8.hpp"
#include "test_support.hpp"

namespace {

using ssprules::date;
using ssprules::program;
using ssprules::test_report;
using ssprules::test_support::day;

// A small policy in the shape of the Copenhagen one.
const char* const phase_policy = R"(id: phases
effective: {from: 2009-05-14}
inputs:
  birth_date: date
  category: {type: integer, min: 1, max: 4, optional: true}
outputs:
  age: age(birth_date, as_of)
  phase:
    type: enum
    values: [triangle, ssp_plus, none]
    cases:
      - when: (category ?? 0) in [3, 4] and age == 17
        then: triangle
      - when: (category ?? 0) in [3, 4] and age in 18..23
        then: ssp_plus
      - otherwise: none
  deadline: add_months(birth_date, 210)
  approved:
    type: date
    expr: if age > 30 then birth_date else birth_date
)";

struct loaded {
  program prog;
  std::vector<ssprules::test_case> tests;
  std::optional<date> as_of;
};

// Loads the policy plus `tests`, without letting check reject the tests themselves.
loaded load_with_tests(const std::string& tests) {
  auto policy = ssprules::load_string(phase_policy, "phases.yaml");
  EXPECT_TRUE(policy.ok()) << ssprules::render(policy.diagnostics);
  auto parsed = ssprules::parse_test_file(
      ssprules::source::from_string("phases.test.yaml", "policy: phases.yaml\n" + tests));
  EXPECT_TRUE(parsed.ok()) << ssprules::render(parsed.diagnostics);
  return {policy.prog, parsed.tests.tests, parsed.tests.as_of};
}

test_report run(const std::string& tests) {
  loaded l = load_with_tests(tests);
  return ssprules::run_tests(l.prog, l.tests, l.as_of);
}

// ---------------------------------------------------------------------------------------------
// run_tests

TEST(RunTests, CountsPassesAndFailures) {
  test_report r = run(R"(tests:
  - name: triangle at 17
    as_of: 2025-03-15
    input: {birth_date: 2008-03-15, category: 4}
    expect: {age: 17, phase: triangle, deadline: 2025-09-15}
  - name: wrong phase
    as_of: 2025-03-15
    input: {birth_date: 2008-03-15}
    expect: {phase: triangle}
  - name: ssp plus at 18
    as_of: 2026-03-15
    input: {birth_date: 2008-03-15, category: 3}
    expect: {age: 18, phase: ssp_plus}
)");
  EXPECT_EQ(r.passed, 2U);
  EXPECT_EQ(r.failed, 1U);
  EXPECT_EQ(r.summary(), "2 passed, 1 failed");
  ASSERT_EQ(r.failures.size(), 1U);
  const auto& f = r.failures[0];
  EXPECT_EQ(f.test, "wrong phase");
  EXPECT_EQ(f.file, "phases.test.yaml");
  EXPECT_EQ(f.line, 7U);
  EXPECT_EQ(f.differences, (std::vector<std::string>{"`phase`: expected triangle, got none"}));
  EXPECT_NE(f.explanation.find("output phase = none"), std::string::npos) << f.explanation;
  EXPECT_TRUE(r.diagnostics.empty());
}

TEST(RunTests, DifferencesForEachKind) {
  test_report r = run(R"(tests:
  - name: all wrong
    as_of: 2025-03-15
    input: {birth_date: 2008-03-15, category: 4}
    expect: {age: 18, phase: none, deadline: 2025-09-16, approved: null}
)");
  EXPECT_EQ(r.failed, 1U);
  ASSERT_EQ(r.failures.size(), 1U);
  EXPECT_EQ(r.failures[0].differences,
            (std::vector<std::string>{"`age`: expected 18, got 17",
                                      "`phase`: expected none, got triangle",
                                      "`deadline`: expected 2025-09-16, got 2025-09-15",
                                      "`approved`: expected null, got 2008-03-15"}));
}

TEST(RunTests, ExpectingAMissingValue) {
  auto policy = ssprules::load_string(R"(id: m
effective: {from: 2020-01-01}
inputs:
  approved: {type: date, optional: true}
outputs:
  when: approved
tests:
  - name: missing is null
    as_of: 2021-01-01
    input: {approved: ~}
    expect: {when: null}
  - name: present is not null
    as_of: 2021-01-01
    input: {approved: 2020-05-05}
    expect: {when: null}
  - name: null is not a date
    as_of: 2021-01-01
    input: {}
    expect: {when: 2020-05-05}
)",
                                      "m.yaml");
  ASSERT_TRUE(policy.ok()) << ssprules::render(policy.diagnostics);
  const auto& doc = policy.prog.checked().document();
  test_report r = ssprules::run_tests(policy.prog, doc.tests, doc.tests_as_of);
  EXPECT_EQ(r.summary(), "1 passed, 2 failed");
  ASSERT_EQ(r.failures.size(), 2U);
  EXPECT_EQ(r.failures[0].differences,
            (std::vector<std::string>{"`when`: expected null, got 2020-05-05"}));
  EXPECT_EQ(r.failures[1].differences,
            (std::vector<std::string>{"`when`: expected 2020-05-05, got null"}));
}

TEST(RunTests, ExpectedErrorsByCodeAndMessage) {
  test_report r = run(R"(tests:
  - name: code only
    as_of: 2009-05-13
    input: {birth_date: 1992-01-01}
    error: SR1006
  - name: code and message
    as_of: 2009-05-13
    input: {birth_date: 1992-01-01}
    error: {code: SR1006, message: not in force}
  - name: missing input
    as_of: 2020-01-01
    input: {category: 3}
    error: {code: SR1001, message: "`birth_date`"}
  - name: invalid date
    as_of: 2020-01-01
    input: {birth_date: 2017-02-30}
    error: SR1003
)");
  EXPECT_EQ(r.summary(), "4 passed, 0 failed");
  EXPECT_TRUE(r.failures.empty());
}

TEST(RunTests, ExpectedErrorsThatDoNotHappen) {
  test_report r = run(R"(tests:
  - name: wrong code
    as_of: 2009-05-13
    input: {birth_date: 1992-01-01}
    error: SR1001
  - name: wrong message
    as_of: 2009-05-13
    input: {birth_date: 1992-01-01}
    error: {code: SR1006, message: before the beginning}
  - name: no error at all
    as_of: 2020-01-01
    input: {birth_date: 1992-01-01}
    error: SR1006
  - name: an unexpected error
    as_of: 2009-05-13
    input: {birth_date: 1992-01-01}
    expect: {age: 17}
)");
  EXPECT_EQ(r.summary(), "0 passed, 4 failed");
  ASSERT_EQ(r.failures.size(), 4U);
  std::string not_in_force =
      "policy `phases` is not in force on 2009-05-13; it is in force from 2009-05-14";
  EXPECT_EQ(r.failures[0].differences,
            (std::vector<std::string>{"expected error SR1001, got SR1006: " + not_in_force}));
  EXPECT_EQ(r.failures[1].differences,
            (std::vector<std::string>{"expected an error message containing \"before the "
                                      "beginning\", got \"" +
                                      not_in_force + "\""}));
  EXPECT_EQ(r.failures[2].differences,
            (std::vector<std::string>{"expected error SR1006, got a decision"}));
  EXPECT_EQ(r.failures[3].differences,
            (std::vector<std::string>{"expected a decision, got error SR1006: " + not_in_force}));
}

TEST(RunTests, FileAsOfPinsTestsWithoutTheirOwn) {
  test_report r = run(R"(as_of: 2025-03-15
tests:
  - name: uses the file's date
    input: {birth_date: 2008-03-15}
    expect: {age: 17}
  - name: its own date wins
    as_of: 2026-03-15
    input: {birth_date: 2008-03-15}
    expect: {age: 18}
)");
  EXPECT_EQ(r.summary(), "2 passed, 0 failed");
}

TEST(RunTests, TestWithoutAnyDateFails) {
  loaded l = load_with_tests(R"(tests:
  - name: undated
    input: {birth_date: 2008-03-15}
    expect: {age: 17}
)");
  test_report r = ssprules::run_tests(l.prog, l.tests, std::nullopt);
  EXPECT_EQ(r.summary(), "0 passed, 1 failed");
  ASSERT_EQ(r.failures.size(), 1U);
  EXPECT_EQ(r.failures[0].differences, (std::vector<std::string>{"the test has no `as_of`"}));
  test_report pinned = ssprules::run_tests(l.prog, l.tests, day("2025-03-15"));
  EXPECT_EQ(pinned.summary(), "1 passed, 0 failed");
}

TEST(RunTests, QuotedInputsAreStrings) {
  test_report r = run(R"(tests:
  - name: a quoted number is not an integer
    as_of: 2025-03-15
    input: {birth_date: 2008-03-15, category: "3"}
    error: SR1002
  - name: a plain number is
    as_of: 2025-03-15
    input: {birth_date: 2008-03-15, category: 3}
    expect: {phase: triangle}
)");
  EXPECT_EQ(r.summary(), "2 passed, 0 failed");
}

TEST(RunTests, MergeAddsUp) {
  test_report a;
  a.passed = 2;
  a.failed = 1;
  a.failures.push_back({"t", "f.yaml", 3, {"x"}, ""});
  test_report b;
  b.passed = 5;
  b.diagnostics.push_back({ssprules::severity::error, "SR0301", "m", {}, {}});
  a.merge(b);
  EXPECT_EQ(a.summary(), "7 passed, 1 failed");
  EXPECT_EQ(a.failures.size(), 1U);
  EXPECT_EQ(a.diagnostics.size(), 1U);
  EXPECT_EQ(test_report{}.summary(), "0 passed, 0 failed");
}

// ---------------------------------------------------------------------------------------------
// run_test_paths

class TestPaths : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("ssprules_testing_test_" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void write(const std::string& name, const std::string& text) {
    std::filesystem::path path = dir_ / name;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
  }
  std::filesystem::path dir_;
};

const char* const inline_tests = R"(
tests:
  - name: inline passes
    as_of: 2025-03-15
    input: {birth_date: 2008-03-15, category: 4}
    expect: {phase: triangle}
)";

const char* const test_file = R"(policy: phases.yaml
as_of: 2025-03-15
tests:
  - name: file test passes
    input: {birth_date: 2008-03-15, category: 3}
    expect: {age: 17, phase: triangle}
  - name: file test fails
    input: {birth_date: 2008-03-15}
    expect: {phase: triangle}
)";

TEST_F(TestPaths, PoliciesTestFilesAndABrokenPolicy) {
  write("phases.yaml", std::string(phase_policy) + inline_tests);
  write("phases.test.yaml", test_file);
  write("sub/broken.yaml", "id: broken\neffective: {from: 2020-01-01}\noutputs:\n  o: nope\n");
  write("notes.txt", "not a policy");
  test_report r = ssprules::run_test_paths({dir_.string()});
  EXPECT_EQ(r.passed, 2U);
  EXPECT_EQ(r.failed, 2U) << "one failing test and the broken policy";
  EXPECT_EQ(r.summary(), "2 passed, 2 failed");
  ASSERT_EQ(r.failures.size(), 2U);
  std::vector<std::string> names;
  for (const auto& f : r.failures) names.push_back(f.test);
  EXPECT_NE(std::find(names.begin(), names.end(), "file test fails"), names.end());
  auto broken = std::find_if(r.failures.begin(), r.failures.end(), [](const auto& f) {
    return f.file.find("broken.yaml") != std::string::npos;
  });
  ASSERT_NE(broken, r.failures.end());
  ASSERT_FALSE(r.diagnostics.empty());
  bool unknown_name = false;
  for (const auto& d : r.diagnostics) {
    if (d.code == "SR0301") {
      unknown_name = true;
      EXPECT_NE(d.at.file->name().find("broken.yaml"), std::string::npos);
      EXPECT_EQ(d.at.line, 4U);
    }
  }
  EXPECT_TRUE(unknown_name) << ssprules::render(r.diagnostics);
}

TEST_F(TestPaths, SingleFiles) {
  write("phases.yaml", std::string(phase_policy) + inline_tests);
  write("phases.test.yaml", test_file);
  test_report policy_only = ssprules::run_test_paths({(dir_ / "phases.yaml").string()});
  EXPECT_EQ(policy_only.summary(), "1 passed, 0 failed");
  test_report file_only = ssprules::run_test_paths({(dir_ / "phases.test.yaml").string()});
  EXPECT_EQ(file_only.summary(), "1 passed, 1 failed");
  ASSERT_EQ(file_only.failures.size(), 1U);
  EXPECT_EQ(file_only.failures[0].test, "file test fails");
  EXPECT_EQ(file_only.failures[0].line, 7U);
  EXPECT_EQ(file_only.failures[0].differences,
            (std::vector<std::string>{"`phase`: expected triangle, got none"}));
}

TEST_F(TestPaths, OnePolicysTestsInlineAndBesideIt) {
  write("phases.yaml", std::string(phase_policy) + inline_tests);
  write("phases.test.yaml", test_file);
  write("other.test.yaml",
        "policy: other.yaml\ntests: [{name: not ours, input: {}, expect: {}}]\n");
  ssprules::load_result loaded = ssprules::load((dir_ / "phases.yaml").string());
  ASSERT_TRUE(loaded.ok()) << ssprules::render(loaded.diagnostics);
  test_report with_files = ssprules::run_policy_tests(loaded.prog, (dir_ / "phases.yaml").string());
  EXPECT_EQ(with_files.summary(), "2 passed, 1 failed") << "inline + phases.test.yaml, not other's";
  ASSERT_EQ(with_files.failures.size(), 1U);
  EXPECT_EQ(with_files.failures[0].test, "file test fails");
  EXPECT_EQ(ssprules::run_policy_tests(loaded.prog).summary(), "1 passed, 0 failed")
      << "without a path: the inline tests only";
}

TEST_F(TestPaths, TestFileWhosePolicyIsMissing) {
  write("lonely.test.yaml", "policy: nowhere.yaml\ntests: []\n");
  test_report r = ssprules::run_test_paths({dir_.string()});
  EXPECT_EQ(r.summary(), "0 passed, 1 failed");
  ASSERT_EQ(r.diagnostics.size(), 1U);
  EXPECT_EQ(r.diagnostics[0].code, "SR0801");
  EXPECT_NE(r.diagnostics[0].message.find("policy file `nowhere.yaml` not found"),
            std::string::npos)
      << r.diagnostics[0].message;
  EXPECT_EQ(r.diagnostics[0].at.line, 1U);
  EXPECT_EQ(r.diagnostics[0].at.column, 9U);
}

TEST_F(TestPaths, TestFileWhosePolicyIsOutsideItsFolderIsSR0007) {
  write("p.yaml", std::string(phase_policy) + inline_tests);
  write("sub/p.test.yaml", "policy: ../p.yaml\nas_of: 2025-03-15\ntests: []\n");
  test_report r = ssprules::run_test_paths({(dir_ / "sub").string()});
  EXPECT_EQ(r.summary(), "0 passed, 1 failed");
  ASSERT_EQ(r.diagnostics.size(), 1U) << ssprules::render(r.diagnostics);
  const ssprules::diagnostic& d = r.diagnostics[0];
  EXPECT_EQ(d.code, "SR0007");
  EXPECT_EQ(d.message, "`../p.yaml` is outside the test file's folder");
  EXPECT_EQ(d.at.line, 1U);
  EXPECT_EQ(d.at.column, 9U);
  ASSERT_EQ(r.failures.size(), 1U);
  EXPECT_EQ(r.failures[0].test, "(its policy is outside its folder)");
  // beside the policy, the same test file runs
  write("p.test.yaml", "policy: ./sub/../p.yaml\nas_of: 2025-03-15\ntests: []\n");
  EXPECT_EQ(ssprules::run_test_paths({(dir_ / "p.test.yaml").string()}).summary(),
            "0 passed, 0 failed");
}

TEST_F(TestPaths, AFileThatCannotBeReadIsAFailedFileWithItsDiagnostic) {
  std::string fifo = (dir_ / "pipe.yaml").string();
  ASSERT_EQ(std::system(("mkfifo '" + fifo + "'").c_str()), 0);
  test_report r;
  ASSERT_NO_THROW(r = ssprules::run_test_paths({fifo}));  // and no wait for a writer
  EXPECT_EQ(r.summary(), "0 passed, 1 failed");
  ASSERT_EQ(r.diagnostics.size(), 1U);
  EXPECT_EQ(r.diagnostics[0].code, "SR0006");
  EXPECT_EQ(r.diagnostics[0].message, "cannot read the file: not a regular file (a FIFO)");
  // walking a folder takes only regular files: the FIFO is not a policy
  write("phases.yaml", std::string(phase_policy) + inline_tests);
  EXPECT_EQ(ssprules::run_test_paths({dir_.string()}).summary(), "1 passed, 0 failed");
}

TEST_F(TestPaths, FilesAreReadThroughTheOptionsReader) {
  write("phases.yaml", std::string(phase_policy) + inline_tests);
  write("phases.test.yaml", test_file);
  std::vector<std::string> reads;
  ssprules::check_options opts;
  opts.read_file = [&](const std::string& path, std::size_t limit) {
    reads.push_back(std::filesystem::path(path).filename().string());
    return ssprules::read_file(path, limit);
  };
  test_report r = ssprules::run_test_paths({(dir_ / "phases.test.yaml").string()}, opts);
  EXPECT_EQ(r.summary(), "1 passed, 1 failed");
  EXPECT_EQ(reads, (std::vector<std::string>{"phases.test.yaml", "phases.yaml"}));
}

TEST_F(TestPaths, TestFileWithErrors) {
  write("phases.yaml", phase_policy);
  write("phases.test.yaml", R"(policy: phases.yaml
as_of: 2025-03-15
tests:
  - name: unknown output
    input: {birth_date: 2008-03-15}
    expect: {stage: triangle}
)");
  test_report r = ssprules::run_test_paths({(dir_ / "phases.test.yaml").string()});
  EXPECT_EQ(r.summary(), "0 passed, 1 failed");
  ASSERT_FALSE(r.diagnostics.empty());
  EXPECT_EQ(r.diagnostics[0].code, "SR0801");
  EXPECT_NE(r.diagnostics[0].message.find("expects unknown output `stage`"), std::string::npos);
}

TEST_F(TestPaths, ABrokenPolicyFailsItsTestFile) {
  write("p.yaml", "id: p\neffective: {from: 2020-01-01}\noutputs:\n  o: 1 +\n");
  write("p.test.yaml",
        "policy: p.yaml\nas_of: 2021-01-01\ntests:\n  - name: t\n    expect: {o: 1}\n");
  test_report r = ssprules::run_test_paths({dir_.string()});
  EXPECT_EQ(r.passed, 0U);
  EXPECT_EQ(r.failed, 2U) << "the policy itself, and the test file that needs it";
  bool syntax = false;
  for (const auto& d : r.diagnostics) syntax = syntax || d.code == "SR0201";
  EXPECT_TRUE(syntax) << ssprules::render(r.diagnostics);
}

TEST_F(TestPaths, MissingPathThrows) {
  EXPECT_THROW((void)ssprules::run_test_paths({(dir_ / "no-such-dir").string()}), ssprules::error);
}

TEST_F(TestPaths, EmptyDirectory) {
  test_report r = ssprules::run_test_paths({dir_.string()});
  EXPECT_EQ(r.summary(), "0 passed, 0 failed");
}

// ---------------------------------------------------------------------------------------------
// the bundled rules

TEST(BundledRules, AllTestsPass) {
  test_report r = ssprules::run_test_paths({std::string(SSPRULES_SOURCE_DIR) + "/rules"});
  std::string details;
  for (const auto& f : r.failures) {
    details += f.file + ":" + std::to_string(f.line) + ": " + f.test + "\n";
    for (const auto& d : f.differences) details += "  " + d + "\n";
  }
  details += ssprules::render(r.diagnostics);
  EXPECT_EQ(r.failed, 0U) << details;
  EXPECT_GT(r.passed, 0U);
  EXPECT_TRUE(r.diagnostics.empty() || !ssprules::has_errors(r.diagnostics)) << details;
}

TEST(BundledRules, CopenhagenTestsPass) {
  test_report r =
      ssprules::run_test_paths({std::string(SSPRULES_SOURCE_DIR) + "/rules/copenhagen"});
  EXPECT_EQ(r.failed, 0U) << ssprules::render(r.diagnostics);
  EXPECT_GE(r.passed, 2U);
}

// ---------------------------------------------------------------------------------------------
// coverage

// Cases with an otherwise, a first-hit table with an otherwise, a collect table, a versioned
// rule and a rule that can fail.
const char* const coverage_policy = R"(id: cover
effective:
  - {name: early, from: 2020-01-01, to: 2020-12-31}
  - {name: late, from: 2021-01-01}
inputs:
  age: {type: integer, min: 0, max: 120}
  criminal: bool
  absent: bool
outputs:
  band:
    type: enum
    values: [child, youth, adult]
    cases:
      - when: age < 15
        then: child
      - when: age < 18
        then: youth
      - otherwise: adult
  contact:
    type: enum
    values: [school, police, none]
    table:
      hit: first
      columns: [criminal, absent]
      rows:
        - {when: [true, any], then: police}
        - {when: [false, true], then: school}
      otherwise: none
  reasons:
    table:
      hit: collect
      columns: [age, criminal, absent]
      rows:
        - {when: ["< 18", any, any], then: '"young"'}
        - {when: [any, true, any], then: '"criminal"'}
        - {when: ["> 100", any, any], then: '"old"'}
        - {when: [any, any, true], then: '"absent"'}
  limit:
    type: integer
    versions:
      - period: early
        expr: 15
      - period: late
        expr: 18
  share:
    type: decimal
    cases:
      - when: age == 50
        then: 100 / (age - 50)
      - otherwise: 0.0
tests:
  - name: a truant of 16
    as_of: 2021-03-01
    input: {age: 16, criminal: false, absent: true}
    expect: {band: youth, contact: school, reasons: "[young, absent]", limit: 18}
  - name: an adult with no reasons
    as_of: 2021-03-01
    input: {age: 30, criminal: false, absent: false}
    expect: {band: adult, contact: none, reasons: "[]"}
  - name: fifty fails to share
    as_of: 2021-03-01
    input: {age: 50, criminal: false, absent: false}
    error: SR1010
  - name: not in force
    as_of: 2019-12-31
    input: {age: 10, criminal: true, absent: false}
    error: SR1006
)";

std::vector<std::string> uncovered(const ssprules::policy_coverage& c) {
  std::vector<std::string> out;
  for (const auto& p : c.parts) {
    if (p.hits > 0) continue;
    out.push_back(p.rule + (p.version.empty() ? "" : " (" + p.version + ")") + ", " + p.part +
                  " @" + std::to_string(p.line));
  }
  return out;
}

TEST(Coverage, EveryPartOfThePolicyInFileOrder) {
  auto policy = ssprules::load_string(coverage_policy, "cover.yaml");
  ASSERT_TRUE(policy.ok()) << ssprules::render(policy.diagnostics);
  ssprules::policy_coverage c = ssprules::coverage_of(policy.prog);
  EXPECT_EQ(c.file, "cover.yaml");
  std::vector<std::string> parts;
  for (const auto& p : c.parts) {
    parts.push_back(p.rule + (p.version.empty() ? "" : " (" + p.version + ")") + ", " + p.part +
                    " @" + std::to_string(p.line));
  }
  EXPECT_EQ(parts,
            (std::vector<std::string>{
                "band, case 1 @14", "band, case 2 @16", "band, otherwise @18", "contact, row 1 @26",
                "contact, row 2 @27", "contact, otherwise @28", "reasons, row 1 @34",
                "reasons, row 2 @35", "reasons, row 3 @36", "reasons, row 4 @37",
                "limit (early), expression @42", "limit (late), expression @44",
                "share, case 1 @48", "share, otherwise @50"}));
  EXPECT_EQ(c.covered(), 0U);
}

TEST(Coverage, TestsCoverWhatDecidedTheirRules) {
  auto policy = ssprules::load_string(coverage_policy, "cover.yaml");
  ASSERT_TRUE(policy.ok()) << ssprules::render(policy.diagnostics);
  const auto& doc = policy.prog.checked().document();
  test_report r = ssprules::run_tests(policy.prog, doc.tests, doc.tests_as_of);
  EXPECT_EQ(r.summary(), "4 passed, 0 failed")
      << (r.failures.empty() ? "" : r.failures[0].differences[0]);
  ASSERT_EQ(r.coverage.size(), 1U);
  const ssprules::policy_coverage& c = r.coverage[0];
  // "rows 1, 4" of the collect table covers both; the failed `share` covers nothing; the test
  // outside the policy's periods evaluates nothing
  EXPECT_EQ(uncovered(c),
            (std::vector<std::string>{"band, case 1 @14", "contact, row 1 @26",
                                      "reasons, row 2 @35", "reasons, row 3 @36",
                                      "limit (early), expression @42", "share, case 1 @48"}));
  EXPECT_EQ(c.covered(), 8U);
  auto hits = [&](const std::string& rule, const std::string& part) {
    for (const auto& p : c.parts) {
      if (p.rule == rule && p.part == part) return p.hits;
    }
    return std::size_t{999};
  };
  EXPECT_EQ(hits("reasons", "row 1"), 1U);
  EXPECT_EQ(hits("reasons", "row 4"), 1U);
  EXPECT_EQ(hits("share", "otherwise"), 2U);
  EXPECT_EQ(c.text(),
            "cover.yaml: 8 of 14 parts covered (57%)\n"
            "  uncovered: rule band, case 1 (line 14)\n"
            "  uncovered: rule contact, row 1 (line 26)\n"
            "  uncovered: rule reasons, row 2 (line 35)\n"
            "  uncovered: rule reasons, row 3 (line 36)\n"
            "  uncovered: rule limit (early), expression (line 42)\n"
            "  uncovered: rule share, case 1 (line 48)\n");
  EXPECT_EQ(r.coverage_text(), c.text());
}

TEST(Coverage, CollectTableRowsInTheExplanation) {
  auto policy = ssprules::load_string(coverage_policy, "cover.yaml");
  ASSERT_TRUE(policy.ok()) << ssprules::render(policy.diagnostics);
  ssprules::record_decoder decoder(policy.prog);
  ssprules::facts record;
  auto explain = [&](std::int64_t age, bool criminal, bool absent) {
    std::vector<std::pair<std::string_view, ssprules::field_value>> fields = {
        {"age", ssprules::field_value::integer(age)},
        {"criminal", ssprules::field_value::boolean(criminal)},
        {"absent", ssprules::field_value::boolean(absent)}};
    decoder.decode(fields, record);
    ssprules::decision d =
        ssprules::evaluate(policy.prog, record, day("2021-03-01"), {.explain = true});
    for (const auto& s : d.explanation()) {
      if (s.rule == "reasons") return s.decided_by + " @" + std::to_string(s.line);
    }
    return std::string("?");
  };
  EXPECT_EQ(explain(16, false, true), "rows 1, 4 @34");
  EXPECT_EQ(explain(30, true, false), "row 2 @35") << "one row: as in any other table";
  EXPECT_EQ(explain(30, false, false), "no row @31");
  EXPECT_EQ(explain(10, true, true), "rows 1, 2, 4 @34");
}

TEST(Coverage, AgreeingRowsOfAnAnyTable) {
  auto policy = ssprules::load_string(R"(id: anyt
effective: {from: 2020-01-01}
inputs:
  a: bool
  b: bool
outputs:
  flag:
    type: bool
    table:
      hit: any
      columns: [a, b]
      rows:
        - {when: [true, any], then: true}
        - {when: [any, true], then: true}
        - {when: [false, false], then: false}
tests:
  - name: both rows agree
    as_of: 2021-01-01
    input: {a: true, b: true}
    expect: {flag: true}
)",
                                      "anyt.yaml");
  ASSERT_TRUE(policy.ok()) << ssprules::render(policy.diagnostics);
  const auto& doc = policy.prog.checked().document();
  test_report r = ssprules::run_tests(policy.prog, doc.tests, doc.tests_as_of);
  EXPECT_EQ(r.summary(), "1 passed, 0 failed");
  ASSERT_EQ(r.coverage.size(), 1U);
  EXPECT_EQ(r.coverage[0].text(),
            "anyt.yaml: 2 of 3 parts covered (66%)\n"
            "  uncovered: rule flag, row 3 (line 15)\n");
}

TEST(Coverage, MergesByPolicyFile) {
  auto policy = ssprules::load_string(coverage_policy, "cover.yaml");
  ASSERT_TRUE(policy.ok()) << ssprules::render(policy.diagnostics);
  const auto& doc = policy.prog.checked().document();
  test_report r = ssprules::run_tests(policy.prog, doc.tests, doc.tests_as_of);
  r.merge(ssprules::run_tests(policy.prog, doc.tests, doc.tests_as_of));
  r.merge(ssprules::run_tests(policy.prog, {}, std::nullopt));
  ASSERT_EQ(r.coverage.size(), 1U) << "one policy file, one coverage";
  EXPECT_EQ(r.coverage[0].covered(), 8U);
  EXPECT_EQ(r.coverage[0].parts[1].hits, 2U) << "band, case 2: once per run";
  test_report other = run(R"(tests:
  - name: triangle at 17
    as_of: 2025-03-15
    input: {birth_date: 2008-03-15, category: 4}
    expect: {phase: triangle}
)");
  r.merge(other);
  ASSERT_EQ(r.coverage.size(), 2U);
  EXPECT_EQ(r.coverage[1].file, "phases.yaml");
  EXPECT_EQ(r.coverage_text().find("cover.yaml: 8 of 14"), 0U);
  EXPECT_NE(r.coverage_text().find("phases.yaml: 4 of 6 parts covered (66%)\n"), std::string::npos)
      << r.coverage_text();
}

TEST_F(TestPaths, CoverageOfPoliciesAndTheirTestFiles) {
  write("phases.yaml", std::string(phase_policy) + inline_tests);
  write("phases.test.yaml", test_file);
  test_report r = ssprules::run_test_paths({dir_.string()});
  ASSERT_EQ(r.coverage.size(), 1U) << "inline tests and the test file add up";
  EXPECT_EQ(r.coverage[0].file, (dir_ / "phases.yaml").string());
  EXPECT_EQ(uncovered(r.coverage[0]), (std::vector<std::string>{"phase, case 2 @14"}))
      << "`file test fails` still exercised the otherwise";
}

// ---------------------------------------------------------------------------------------------
// results and JUnit XML

TEST(Results, EveryTestInOrder) {
  test_report r = run(R"(tests:
  - name: triangle at 17
    as_of: 2025-03-15
    input: {birth_date: 2008-03-15, category: 4}
    expect: {phase: triangle}
  - name: wrong phase
    as_of: 2025-03-15
    input: {birth_date: 2008-03-15}
    expect: {phase: triangle}
)");
  ASSERT_EQ(r.results.size(), 2U);
  EXPECT_EQ(r.results[0].test, "triangle at 17");
  EXPECT_TRUE(r.results[0].passed);
  EXPECT_EQ(r.results[0].file, "phases.test.yaml");
  EXPECT_EQ(r.results[0].line, 3U);
  EXPECT_GE(r.results[0].seconds, 0.0);
  EXPECT_TRUE(r.results[0].differences.empty());
  EXPECT_FALSE(r.results[1].passed);
  EXPECT_EQ(r.results[1].differences, r.failures[0].differences);
  EXPECT_EQ(r.results[1].explanation, r.failures[0].explanation);
}

TEST(JUnit, SuitesCasesFailuresAndEscaping) {
  test_report r;
  r.passed = 2;
  r.failed = 2;
  r.results.push_back({"plain", "a.test.yaml", 4, true, 0.25, {}, {}});
  r.results.push_back(
      {"<&\"quoted\"> & more",
       "a.test.yaml",
       9,
       false,
       0.5,
       {"`phase`: expected <none>, got \"triangle\" & more", "second"},
       "output phase = triangle\n  decided by case 1 (line 3)\n    when a < b & c\n"});
  r.results.push_back({"in the policy", "b&c.yaml", 20, true, 0.125, {}, {}});
  r.results.push_back(
      {"(the test file has errors)", "a.test.yaml", 0, false, 0, {"the test file has errors"}, ""});
  EXPECT_EQ(r.junit_xml(),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<testsuites name=\"ssprules\" tests=\"4\" failures=\"2\" errors=\"0\" "
            "time=\"0.875000\">\n"
            "  <testsuite name=\"a.test.yaml\" tests=\"3\" failures=\"2\" errors=\"0\" "
            "skipped=\"0\" time=\"0.750000\">\n"
            "    <testcase name=\"plain\" classname=\"a.test.yaml\" file=\"a.test.yaml\" "
            "line=\"4\" time=\"0.250000\"/>\n"
            "    <testcase name=\"&lt;&amp;&quot;quoted&quot;&gt; &amp; more\" "
            "classname=\"a.test.yaml\" file=\"a.test.yaml\" line=\"9\" time=\"0.500000\">\n"
            "      <failure message=\"`phase`: expected &lt;none&gt;, got &quot;triangle&quot; "
            "&amp; more; second\">output phase = triangle\n"
            "  decided by case 1 (line 3)\n"
            "    when a &lt; b &amp; c\n"
            "</failure>\n"
            "    </testcase>\n"
            "    <testcase name=\"(the test file has errors)\" classname=\"a.test.yaml\" "
            "file=\"a.test.yaml\" line=\"0\" time=\"0.000000\">\n"
            "      <failure message=\"the test file has errors\">the test file has errors\n"
            "</failure>\n"
            "    </testcase>\n"
            "  </testsuite>\n"
            "  <testsuite name=\"b&amp;c.yaml\" tests=\"1\" failures=\"0\" errors=\"0\" "
            "skipped=\"0\" time=\"0.125000\">\n"
            "    <testcase name=\"in the policy\" classname=\"b&amp;c.yaml\" "
            "file=\"b&amp;c.yaml\" line=\"20\" time=\"0.125000\"/>\n"
            "  </testsuite>\n"
            "</testsuites>\n");
}

TEST(JUnit, LineBreaksAndControlCharactersInAttributes) {
  test_report r;
  r.results.push_back({"two\nlines\tand\x01", "f.yaml", 1, true, 0, {}, {}});
  std::string xml = r.junit_xml();
  EXPECT_NE(xml.find("name=\"two&#10;lines&#9;and\\x01\""), std::string::npos) << xml;
  EXPECT_EQ(test_report{}.junit_xml(),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<testsuites name=\"ssprules\" tests=\"0\" failures=\"0\" errors=\"0\" "
            "time=\"0.000000\">\n"
            "</testsuites>\n");
}

// True when every character of `xml` is one XML 1.0 allows (Char: tab, LF, CR, U+0020 to
// U+D7FF, U+E000 to U+FFFD, U+10000 to U+10FFFF) in well-formed UTF-8.
bool xml_chars_only(std::string_view xml) {
  for (std::size_t i = 0; i < xml.size();) {
    std::size_t n = ssprules::detail::utf8_sequence_length(xml.data() + i, xml.size() - i);
    if (n == 0) return false;
    std::uint32_t cp = ssprules::detail::utf8_code_point(xml.substr(i, n));
    bool allowed = cp == 0x9U || cp == 0xAU || cp == 0xDU || (cp >= 0x20U && cp <= 0xD7FFU) ||
                   (cp >= 0xE000U && cp <= 0xFFFDU) || cp >= 0x10000U;
    if (!allowed) return false;
    i += n;
  }
  return true;
}

// XML 1.0 forbids U+FFFE, U+FFFF, C0 controls other than tab and line breaks, surrogates and
// ill-formed UTF-8 anywhere in a document: each is written as visible text, in names, messages
// and failure texts alike
TEST(JUnit, CharactersXmlForbidsBecomeVisibleText) {
  test_report r;
  const std::string hostile =
      "a\xEF\xBF\xBE"
      "b\xEF\xBF\xBF"
      "c\x01\x1b[2J\x7f"
      "d\xED\xA0\x80"
      "e\xFF"
      "f\xC2\x85"
      "g";
  const std::string shown = "a\\ufffeb\\uffffc\\x01\\x1b[2J\\x7fd\\xed\\xa0\\x80e\\xfff\\u0085g";
  r.failed = 1;
  r.results.push_back({hostile,
                       "f" + hostile + ".yaml",
                       1,
                       false,
                       0,
                       {"diff " + hostile},
                       "explanation " + hostile + "\n"});
  std::string xml = r.junit_xml();
  EXPECT_TRUE(xml_chars_only(xml)) << xml;
  EXPECT_NE(xml.find("<testcase name=\"" + shown + "\" classname=\"f" + shown + ".yaml\""),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<failure message=\"diff " + shown + "\">explanation " + shown + "\n"),
            std::string::npos)
      << xml;
  // what XML allows passes unchanged: Danish letters, U+FFFD, a character beyond the BMP
  test_report ok;
  ok.results.push_back(
      {"\xC3\xA6\xC3\xB8\xC3\xA5 \xEF\xBF\xBD \xF0\x9F\x98\x80", "f.yaml", 1, true, 0, {}, {}});
  EXPECT_NE(ok.junit_xml().find("name=\"\xC3\xA6\xC3\xB8\xC3\xA5 \xEF\xBF\xBD \xF0\x9F\x98\x80\""),
            std::string::npos);
}

TEST_F(TestPaths, JUnitOfABrokenFileCarriesItsDiagnostics) {
  write("lonely.test.yaml", "policy: nowhere.yaml\ntests: []\n");
  test_report r = ssprules::run_test_paths({dir_.string()});
  ASSERT_EQ(r.results.size(), 1U);
  EXPECT_FALSE(r.results[0].passed);
  EXPECT_NE(r.results[0].explanation.find("error[SR0801]"), std::string::npos)
      << r.results[0].explanation;
  std::string xml = r.junit_xml();
  EXPECT_NE(xml.find("failures=\"1\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("error[SR0801]: policy file `nowhere.yaml` not found"), std::string::npos)
      << xml;
}

// ---------------------------------------------------------------------------------------------
// generate_boundary_tests, test_file_yaml

namespace boundaries {

std::string rules(const std::string& path) {
  return std::string(SSPRULES_SOURCE_DIR) + "/rules/" + path;
}

program bundled(const std::string& path) {
  auto loaded = ssprules::load(rules(path));
  EXPECT_TRUE(loaded.ok()) << ssprules::render(loaded.diagnostics);
  return loaded.prog;
}

// The test with this name, or nullptr.
const ssprules::test_case* named(const ssprules::boundary_tests& b, const std::string& name) {
  for (const auto& t : b.file.tests) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

// The written value of a field (input or expectation), or "(absent)".
std::string field(const std::vector<ssprules::field_entry>& fields, const std::string& name) {
  for (const auto& f : fields) {
    if (f.name == name) return f.value.null ? "null" : f.value.text;
  }
  return "(absent)";
}

// Writes the tests as YAML, parses them back and runs them: every one passes.
void expect_round_trip(const program& prog, const ssprules::boundary_tests& b) {
  std::string yaml = b.yaml("policy.yaml");
  auto parsed = ssprules::parse_test_file(ssprules::source::from_string("gen.test.yaml", yaml));
  ASSERT_TRUE(parsed.ok()) << ssprules::render(parsed.diagnostics) << yaml;
  EXPECT_EQ(parsed.tests.policy, "policy.yaml");
  ASSERT_EQ(parsed.tests.tests.size(), b.file.tests.size());
  std::vector<ssprules::diagnostic> problems;
  ssprules::detail::check_tests(*prog.checked().impl(), parsed.tests.tests, false, problems);
  EXPECT_FALSE(ssprules::has_errors(problems)) << ssprules::render(problems);
  test_report r = ssprules::run_tests(prog, parsed.tests.tests, parsed.tests.as_of);
  EXPECT_EQ(r.failed, 0U) << (r.failures.empty()
                                  ? std::string()
                                  : r.failures[0].test + ": " + r.failures[0].differences[0]);
  EXPECT_EQ(r.passed, b.file.tests.size());
}

}  // namespace boundaries

TEST(Boundaries, CopenhagenBirthdaysOfALeapDayBirth) {
  program prog = boundaries::bundled("copenhagen/ssp-plus.yaml");
  ssprules::boundary_tests b = ssprules::generate_boundary_tests(prog);
  // born 2008-02-29, `leap_day_birthday: mar_1`: 16 on 2025-02-28, 17 on 2025-03-01
  const std::string born = "17th birthday, born 2008-02-29, ";
  const auto* before = boundaries::named(b, born + "day before (2025-02-28)");
  const auto* on = boundaries::named(b, born + "on the day (2025-03-01)");
  const auto* after = boundaries::named(b, born + "day after (2025-03-02)");
  ASSERT_TRUE(before && on && after);
  EXPECT_EQ(before->as_of, day("2025-02-28"));
  EXPECT_EQ(on->as_of, day("2025-03-01"));
  EXPECT_EQ(after->as_of, day("2025-03-02"));
  EXPECT_EQ(boundaries::field(on->input, "birth_date"), "2008-02-29");
  EXPECT_EQ(boundaries::field(before->expect, "age"), "16");
  EXPECT_EQ(boundaries::field(before->expect, "phase"), "none");
  EXPECT_EQ(boundaries::field(on->expect, "age"), "17");
  EXPECT_EQ(boundaries::field(on->expect, "phase"), "triangle");
  EXPECT_EQ(boundaries::field(on->expect, "intake_date"), "2025-03-01");
  EXPECT_EQ(boundaries::field(after->expect, "age"), "17");
  // the inputs that put the record in the target group
  EXPECT_EQ(boundaries::field(on->input, "category"), "3");
  EXPECT_EQ(boundaries::field(on->input, "benefit_status"), "recipient");
  EXPECT_EQ(boundaries::field(on->input, "plan_approved_on"), "(absent)");
  // the other birthdays the policy compares: `age in 18..23` ends on the 24th
  EXPECT_TRUE(boundaries::named(b, "18th birthday, born 2007-03-15, on the day (2025-03-15)"));
  EXPECT_TRUE(boundaries::named(b, "24th birthday, born 2001-08-31, day before (2025-08-30)"));
  EXPECT_TRUE(boundaries::named(b, "24th birthday, born 2000-02-29, on the day (2024-02-29)"));
}

TEST(Boundaries, CopenhagenDeadlinesAndPeriods) {
  program prog = boundaries::bundled("copenhagen/ssp-plus.yaml");
  ssprules::boundary_tests b = ssprules::generate_boundary_tests(prog);
  // 17½: add_months(2008-02-29, 210) = 2025-08-29; due until then, overdue after
  const std::string deadline = "plan_deadline, born 2008-02-29, ";
  const auto* before = boundaries::named(b, deadline + "day before (2025-08-28)");
  const auto* on = boundaries::named(b, deadline + "on the day (2025-08-29)");
  const auto* after = boundaries::named(b, deadline + "day after (2025-08-30)");
  ASSERT_TRUE(before && on && after);
  EXPECT_EQ(boundaries::field(on->expect, "plan_deadline"), "2025-08-29");
  EXPECT_EQ(boundaries::field(before->expect, "plan_status"), "due");
  EXPECT_EQ(boundaries::field(on->expect, "plan_status"), "due");
  EXPECT_EQ(boundaries::field(after->expect, "plan_status"), "overdue");
  // a month-end birth: 2008-08-31 + 210 months is clamped to 2026-02-28
  const auto* clamped =
      boundaries::named(b, "plan_deadline, born 2008-08-31, on the day (2026-02-28)");
  ASSERT_TRUE(clamped);
  EXPECT_EQ(boundaries::field(clamped->expect, "plan_deadline"), "2026-02-28");
  // the approval around the deadline
  const auto* late = boundaries::named(
      b,
      "plan_approved_on 2025-09-16, the day after plan_deadline, born 2008-03-15 (as of "
      "2025-09-16)");
  ASSERT_TRUE(late);
  EXPECT_EQ(boundaries::field(late->expect, "plan_status"), "approved_late");
  // both ends of each effective period: before 2009-05-14 the policy is not in force
  const auto* not_yet = boundaries::named(b, "period trial starts, day before (2009-05-13)");
  ASSERT_TRUE(not_yet);
  ASSERT_TRUE(not_yet->error);
  EXPECT_EQ(not_yet->error->code, "SR1006");
  EXPECT_TRUE(not_yet->expect.empty());
  const auto* first = boundaries::named(b, "period trial starts, first day (2009-05-14)");
  const auto* last = boundaries::named(b, "period trial ends, last day (2010-12-31)");
  const auto* next = boundaries::named(b, "period trial ends, day after (2011-01-01)");
  ASSERT_TRUE(first && last && next);
  EXPECT_EQ(boundaries::field(first->expect, "phase"), "triangle");
  // a record whose target group ends with the trial: assessed, not registered
  EXPECT_EQ(boundaries::field(last->input, "assessed_category_3_or_4"), "true");
  EXPECT_EQ(boundaries::field(last->expect, "target_group"), "true");
  EXPECT_EQ(boundaries::field(next->expect, "target_group"), "false");
  // the parameter's change shows on a self-supporting record
  const auto* kui = boundaries::named(b,
                                      "parameter self_supporting_route changes, first day "
                                      "(2019-08-01)");
  ASSERT_TRUE(kui);
  EXPECT_EQ(boundaries::field(kui->expect, "route"), "kui");
}

TEST(Boundaries, EveryTestIsCompleteAndUnique) {
  for (const char* path : {"copenhagen/ssp-plus.yaml", "kolding/ssp.yaml"}) {
    program prog = boundaries::bundled(path);
    ssprules::boundary_tests b = ssprules::generate_boundary_tests(prog);
    EXPECT_FALSE(b.capped());
    EXPECT_EQ(b.found, b.file.tests.size());
    std::set<std::string> names;
    std::set<std::string> cases;
    for (const auto& t : b.file.tests) {
      EXPECT_TRUE(names.insert(t.name).second) << t.name;
      ASSERT_TRUE(t.as_of) << t.name;
      std::string key = t.as_of->to_string();
      for (const auto& f : t.input) key += "|" + f.name + "=" + f.value.text;
      EXPECT_TRUE(cases.insert(key).second) << t.name;
      if (!t.error) {
        EXPECT_EQ(t.expect.size(), prog.outputs().size()) << t.name;
      }
    }
    boundaries::expect_round_trip(prog, b);
  }
}

TEST(Boundaries, KoldingAgesFromTableCells) {
  program prog = boundaries::bundled("kolding/ssp.yaml");
  ssprules::boundary_tests b = ssprules::generate_boundary_tests(prog);
  // rows `0..5`, `6..16`, `17..24`, `>= 25` on the column `age`
  const auto* six = boundaries::named(b, "6th birthday, born 2019-03-15, on the day (2025-03-15)");
  const auto* five = boundaries::named(b, "6th birthday, born 2019-03-15, day before (2025-03-14)");
  const auto* plus =
      boundaries::named(b, "17th birthday, born 2008-02-29, on the day (2025-03-01)");
  const auto* old = boundaries::named(b, "25th birthday, born 2000-02-29, on the day (2025-03-01)");
  ASSERT_TRUE(six && five && plus && old);
  EXPECT_EQ(boundaries::field(five->expect, "programme"), "none");
  EXPECT_EQ(boundaries::field(six->expect, "programme"), "ssp");
  // criminal behaviour makes the SSP+ band show
  EXPECT_EQ(boundaries::field(plus->input, "criminal_behaviour"), "true");
  EXPECT_EQ(boundaries::field(plus->expect, "programme"), "ssp_plus");
  EXPECT_EQ(boundaries::field(old->expect, "programme"), "none");
  EXPECT_TRUE(boundaries::named(b, "effective period ends, day after (2026-01-01)"));
  EXPECT_FALSE(boundaries::named(b, "18th birthday, born 2007-03-15, on the day (2025-03-15)"));
}

TEST(Boundaries, ParametersStringsAndTheCap) {
  auto loaded = ssprules::load_string(R"(id: intake
effective: {from: 2020-01-01}
inputs:
  born: date
  referred: {type: date, optional: true}
  region: {type: string}
parameters:
  intake_age:
    type: integer
    value: 15
    changes:
      - {from: 2024-01-01, value: 16}
outputs:
  intake:
    type: bool
    expr: age(born, as_of) >= intake_age
  review_by: add_months(born, 186)
  note:
    type: string
    expr: "'needs: review #1, \"soon\"'"
  late:
    type: bool
    expr: (referred ?? as_of) > review_by
)",
                                      "intake.yaml");
  ASSERT_TRUE(loaded.ok()) << ssprules::render(loaded.diagnostics);
  ssprules::boundary_tests b = ssprules::generate_boundary_tests(loaded.prog);
  // both values of the parameter are birthdays to test, each while it holds
  const auto* before =
      boundaries::named(b, "15th birthday, born 2008-03-15, day before (2023-03-14)");
  const auto* on = boundaries::named(b, "15th birthday, born 2008-03-15, on the day (2023-03-15)");
  ASSERT_TRUE(before && on);
  EXPECT_EQ(boundaries::field(before->expect, "intake"), "false");
  EXPECT_EQ(boundaries::field(on->expect, "intake"), "true");
  const auto* sixteen =
      boundaries::named(b, "16th birthday, born 2009-03-15, on the day (2025-03-15)");
  ASSERT_TRUE(sixteen);
  EXPECT_EQ(boundaries::field(sixteen->expect, "intake"), "true");
  EXPECT_TRUE(boundaries::named(b, "parameter intake_age changes, first day (2024-01-01)"));
  EXPECT_TRUE(boundaries::named(b, "review_by, born 2008-08-31, on the day (2024-02-29)"));
  // a required string gets a plausible value; string outputs are written quoted
  EXPECT_EQ(boundaries::field(on->input, "region"), "example");
  EXPECT_EQ(boundaries::field(on->expect, "note"), "needs: review #1, \"soon\"");
  boundaries::expect_round_trip(loaded.prog, b);

  ssprules::boundary_tests capped =
      ssprules::generate_boundary_tests(loaded.prog, {.max_tests = 5});
  EXPECT_EQ(capped.file.tests.size(), 5U);
  EXPECT_TRUE(capped.capped());
  EXPECT_EQ(capped.found, b.file.tests.size());
  std::string yaml = capped.yaml("intake.yaml");
  EXPECT_NE(yaml.find("capped: the first 5 of " + std::to_string(b.file.tests.size())),
            std::string::npos)
      << yaml;
  boundaries::expect_round_trip(loaded.prog, capped);
}

TEST(TestFileYaml, QuotesWhatYamlWouldReadOtherwise) {
  ssprules::test_file f;
  f.policy = "my policy: v2.yaml";
  f.as_of = day("2025-03-01");
  ssprules::test_case t;
  t.name = "- a name: with # and \"quotes\"";
  auto plain = [](std::string text) {
    ssprules::scalar s;
    s.text = std::move(text);
    return s;
  };
  auto quoted = [](std::string text) {
    ssprules::scalar s;
    s.text = std::move(text);
    s.quoted = true;
    return s;
  };
  ssprules::scalar none;
  none.null = true;
  t.input = {{"a", plain("null"), {}},
             {"b", quoted("x, y\nz\t\\"), {}},
             {"c", plain("[1]"), {}},
             {"d", plain("2008-02-29"), {}},
             {"e", plain("-5"), {}}};
  t.expect = {{"out", none, {}}, {"text", quoted(""), {}}};
  ssprules::test_case e;
  e.name = "an error";
  e.error = ssprules::expected_error{"SR1006", "not in force", {}};
  f.tests = {t, e};
  std::string yaml = ssprules::test_file_yaml(f, "two lines\nof comment");
  EXPECT_EQ(yaml.substr(0, 33), "# two lines\n# of comment\npolicy: ") << yaml;
  auto parsed = ssprules::parse_test_file(ssprules::source::from_string("t.yaml", yaml));
  ASSERT_TRUE(parsed.ok()) << ssprules::render(parsed.diagnostics) << yaml;
  const ssprules::test_file& back = parsed.tests;
  EXPECT_EQ(back.policy, f.policy);
  EXPECT_EQ(back.as_of, f.as_of);
  ASSERT_EQ(back.tests.size(), 2U);
  EXPECT_EQ(back.tests[0].name, t.name);
  ASSERT_EQ(back.tests[0].input.size(), t.input.size());
  for (std::size_t i = 0; i < t.input.size(); ++i) {
    EXPECT_EQ(back.tests[0].input[i].name, t.input[i].name);
    EXPECT_EQ(back.tests[0].input[i].value.text, t.input[i].value.text) << i;
    EXPECT_FALSE(back.tests[0].input[i].value.null) << i;
  }
  EXPECT_TRUE(back.tests[0].input[1].value.quoted);
  EXPECT_FALSE(back.tests[0].input[3].value.quoted);  // a date stays plain
  EXPECT_FALSE(back.tests[0].input[4].value.quoted);
  ASSERT_EQ(back.tests[0].expect.size(), 2U);
  EXPECT_TRUE(back.tests[0].expect[0].value.null);
  EXPECT_FALSE(back.tests[0].expect[1].value.null);
  EXPECT_TRUE(back.tests[0].expect[1].value.quoted);
  ASSERT_TRUE(back.tests[1].error);
  EXPECT_EQ(back.tests[1].error->code, "SR1006");
  EXPECT_EQ(back.tests[1].error->message, "not in force");
}

TEST_F(TestPaths, GeneratedBoundaryTestsRunFromAFile) {
  program prog = boundaries::bundled("kolding/ssp.yaml");
  ssprules::boundary_tests b = ssprules::generate_boundary_tests(prog);
  // a test file's policy is inside the test file's folder: a copy of the policy's folder below it
  std::filesystem::copy(std::string(SSPRULES_SOURCE_DIR) + "/rules/kolding", dir_ / "kolding",
                        std::filesystem::copy_options::recursive);
  write("kolding.test.yaml", b.yaml("kolding/ssp.yaml"));
  test_report r = ssprules::run_test_paths({(dir_ / "kolding.test.yaml").string()});
  EXPECT_EQ(r.failed, 0U) << ssprules::render(r.diagnostics);
  EXPECT_EQ(r.passed, b.file.tests.size());
}

// Wide integer ranges and large enums: the generator tries a bounded set of values per input
// (detail/candidates.hpp), so its work does not grow with the range or with values no
// condition names. Counted, never timed.
namespace boundaries {

program from_text(const std::string& text) {
  auto loaded = ssprules::load_string(text, "policy.yaml");
  EXPECT_TRUE(loaded.ok()) << ssprules::render(loaded.diagnostics);
  return loaded.prog;
}

// An integer input declared over min..max and compared with 500, next to a birth date.
std::string ranged(const std::string& min, const std::string& max) {
  return "id: ranged\ntitle: R\neffective: {from: 2020-01-01}\ninputs:\n  birth_date: date\n"
         "  n: {type: integer, min: " +
         min + ", max: " + max +
         "}\noutputs:\n"
         "  big:\n    type: bool\n    expr: n >= 500\n"
         "  adult:\n    type: bool\n    expr: age(birth_date, as_of) >= 18\n";
}

// An enum input of `n` values, compared with two of them.
std::string enumerated(std::size_t n) {
  std::string values;
  for (std::size_t i = 0; i < n; ++i) values += (i ? ", v" : "v") + std::to_string(i);
  return "id: enums\ntitle: E\neffective: {from: 2020-01-01}\ninputs:\n  birth_date: date\n"
         "  kind: {type: enum, values: [" +
         values +
         "]}\noutputs:\n"
         "  special:\n    type: bool\n    expr: kind in [v1, v2] and age(birth_date, as_of) >= "
         "18\n";
}

}  // namespace boundaries

TEST(Boundaries, ExtremeIntegerRangesTryABoundedSetOfValues) {
  std::vector<std::size_t> work;
  std::vector<std::size_t> found;
  for (const auto& [min, max] : std::vector<std::pair<std::string, std::string>>{
           {"0", "1000"},
           {"0", "2000"},
           {"-9223372036854775808", "0"},
           {"-1", "9223372036854775807"},
           {"9223372036854775805", "9223372036854775807"}}) {
    program prog = boundaries::from_text(boundaries::ranged(min, max));
    ssprules::boundary_tests b = ssprules::generate_boundary_tests(prog);
    EXPECT_FALSE(b.file.tests.empty()) << min << ".." << max;
    boundaries::expect_round_trip(prog, b);
    work.push_back(b.evaluations);
    found.push_back(b.found);
  }
  EXPECT_EQ(work[0], work[1]) << "N and 2N values";
  EXPECT_EQ(found[0], found[1]);
  for (std::size_t w : work) EXPECT_LE(w, work[0] + 50) << "a bounded set, whatever the range";
  std::string counts;
  for (std::size_t w : work) counts += std::to_string(w) + " ";
  RecordProperty("evaluations", counts);
}

TEST(Boundaries, AnAgeComparedWithTheLargestIntegerIsNoBirthday) {
  // `age > k` changes on birthday k + 1, which overflowed for the largest k (UBSan)
  program prog = boundaries::from_text(
      "id: a\ntitle: A\neffective: {from: 2020-01-01}\ninputs:\n  birth_date: date\noutputs:\n"
      "  old:\n    type: bool\n    expr: age(birth_date, as_of) > 9223372036854775807\n");
  ssprules::boundary_tests b = ssprules::generate_boundary_tests(prog);
  for (const auto& t : b.file.tests)
    EXPECT_EQ(t.name.find("birthday"), std::string::npos) << t.name;
  boundaries::expect_round_trip(prog, b);
}

TEST(Boundaries, LargeEnumsTryTheValuesConditionsName) {
  std::vector<std::size_t> work;
  for (std::size_t n : {1000U, 2000U}) {
    program prog = boundaries::from_text(boundaries::enumerated(n));
    ssprules::boundary_tests b = ssprules::generate_boundary_tests(prog);
    EXPECT_NE(b.yaml("p.yaml").find("kind: v1"), std::string::npos) << b.yaml("p.yaml");
    work.push_back(b.evaluations);
  }
  EXPECT_EQ(work[0], work[1]) << "N and 2N values";
}

TEST(Boundaries, ASensitiveBirthDateKeepsItsDeadlines) {
  // the generator makes its records up: it reads the deadline although the explanation of a
  // real record would hide it
  program prog = boundaries::from_text(
      "id: s\ntitle: S\neffective: {from: 2020-01-01}\ninputs:\n"
      "  birth_date: {type: date, sensitive: true}\n"
      "values:\n  deadline: add_months(birth_date, 210)\noutputs:\n"
      "  due:\n    type: bool\n    expr: as_of <= deadline and age(birth_date, as_of) >= 17\n");
  ssprules::boundary_tests b = ssprules::generate_boundary_tests(prog);
  bool any = false;
  for (const auto& t : b.file.tests) any = any || t.name.rfind("deadline, born ", 0) == 0;
  EXPECT_TRUE(any) << b.yaml("p.yaml");
}

}  // namespace

// The folder walk and the test-file checks that `ssprules check` uses.
TEST_F(TestPaths, YamlFilesWalksFoldersSortedAndKeepsAFileAsItIs) {
  write("b.yaml", "x");
  write("a/c.yml", "x");
  write("a/notes.txt", "x");
  write("z.YAML.bak", "x");
  std::vector<std::string> files = ssprules::yaml_files(dir_.string());
  ASSERT_EQ(files.size(), 2U);
  EXPECT_EQ(files[0], (dir_ / "a" / "c.yml").string());
  EXPECT_EQ(files[1], (dir_ / "b.yaml").string());
  EXPECT_EQ(ssprules::yaml_files((dir_ / "missing.yaml").string()),
            std::vector<std::string>{(dir_ / "missing.yaml").string()});
}

TEST_F(TestPaths, CheckFileTellsPoliciesFromTestFiles) {
  write("tests.yaml", "policy: nowhere.yaml\ntests: []\n");
  auto test_file_diagnostics = ssprules::check_file((dir_ / "tests.yaml").string());
  ASSERT_EQ(test_file_diagnostics.size(), 1U);
  EXPECT_EQ(test_file_diagnostics[0].code, "SR0801");
  EXPECT_NE(test_file_diagnostics[0].message.find("not found"), std::string::npos);
  auto unreadable = ssprules::check_file((dir_ / "missing.yaml").string());
  ASSERT_EQ(unreadable.size(), 1U);
  EXPECT_EQ(unreadable[0].code, "SR0006");
  write("policy.yaml", "id: p\n");
  auto policy = ssprules::check_file((dir_ / "policy.yaml").string());
  ASSERT_FALSE(policy.empty());
  EXPECT_EQ(policy[0].code, "SR0102");  // a policy's own diagnostics: no `effective`, …
}

TEST_F(TestPaths, PolicyReferenceIsRelativeAndSaysWhetherTheTestsWouldRun) {
  auto beside = ssprules::policy_reference_for((dir_ / "t" / "tests.yaml").string(),
                                               (dir_ / "t" / "rules" / "p.yaml").string());
  EXPECT_EQ(beside.path, "rules/p.yaml");
  EXPECT_TRUE(beside.inside);
  auto outside = ssprules::policy_reference_for((dir_ / "t" / "tests.yaml").string(),
                                                (dir_ / "p.yaml").string());
  EXPECT_EQ(outside.path, "../p.yaml");
  EXPECT_FALSE(outside.inside);
}
