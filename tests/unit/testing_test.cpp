// Unit tests for testing.hpp: run_tests, run_test_paths, the bundled rules' tests and coverage.
#include "testing_support.hpp"

namespace {

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

}  // namespace
