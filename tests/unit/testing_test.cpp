// Unit tests for testing.hpp: running a policy's tests (counts, differences, expected errors),
// running test paths (policies, test files, broken files), and the bundled rules' own tests.
#include "ssprules/testing.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

using ssprules::date;
using ssprules::program;
using ssprules::test_report;

date day(std::string_view iso) { return date::parse(iso).value(); }

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
  write("other.test.yaml", "policy: other.yaml\ntests: [{name: not ours, input: {}, expect: {}}]\n");
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
  EXPECT_NE(r.diagnostics[0].message.find("policy file `nowhere.yaml` not found"), std::string::npos)
      << r.diagnostics[0].message;
  EXPECT_EQ(r.diagnostics[0].at.line, 1U);
  EXPECT_EQ(r.diagnostics[0].at.column, 9U);
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
  write("p.test.yaml", "policy: p.yaml\nas_of: 2021-01-01\ntests:\n  - name: t\n    expect: {o: 1}\n");
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

}  // namespace
