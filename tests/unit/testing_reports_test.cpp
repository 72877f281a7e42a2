// Unit tests for testing.hpp: results and JUnit XML, generate_boundary_tests and test_file_yaml.
#include <map>

#include "testing_support.hpp"

namespace {

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

TEST(ClassifyYamlFile, ByTopLevelKeys) {
  auto kind = [](const char* text) {
    return ssprules::classify_yaml_file(*ssprules::source::from_string("f.yaml", text)).kind;
  };
  using k = ssprules::yaml_file_kind;
  EXPECT_EQ(kind("id: p\neffective: {from: 2020-01-01}\noutputs:\n  x: 1\n"), k::policy);
  EXPECT_EQ(kind("# a policy\n\xEF\xBB\xBFinputs:\n  a: bool\n"), k::policy);  // one key is enough
  EXPECT_EQ(kind("policy: p.yaml\ntests: []\n"), k::test_file);
  EXPECT_EQ(kind("calendar: kommune\nholidays:\n  - {name: X, date: 01-01}\n"),
            k::holiday_calendar);
  EXPECT_EQ(kind("sources:\n  a: {title: A}\nparameters:\n  n: {type: integer, value: 1}\n"),
            k::definitions);
  EXPECT_EQ(kind("name: template\nfields: [a]\n"), k::other);
  EXPECT_EQ(kind("- a\n- b\n"), k::other);
  EXPECT_EQ(kind(""), k::other);
  // nested keys, comments, quoted lines and `key:value` without a space are not top-level keys
  EXPECT_EQ(kind("note:\n  id: 1\n  outputs: 2\n# effective: x\nurl:http://x\n"), k::other);
  auto shape = ssprules::classify_yaml_file(*ssprules::source::from_string(
      "f.yaml", "a: 1\nb: 2\nc: 3\nd: 4\ne: 5\nf: 6\ng: 7\nh: 8\ni: 9\n"));
  EXPECT_EQ(shape.keys.size(), 8U) << "at most 8 keys are kept for messages";
  EXPECT_EQ(shape.keys.front(), "a");
}

// `ssprules check FOLDER`: each file by its kind; the calendar a policy reads is checked with
// it; a template is one warning that says what it was taken for, not a policy's six errors.
TEST_F(TestPaths, CheckPathsChecksEachFileByItsKind) {
  write("p.yaml",
        "id: p\neffective: {from: 2024-01-01}\ncalendar:\n  working_days:\n"
        "    holidays: {file: calendars/own.yaml}\ninputs:\n  d: date\n"
        "outputs:\n  due: add_working_days(d, 6)\n");
  const std::string calendar = "calendar: own\nholidays:\n  - {name: Nytårsdag, date: 01-01}\n";
  write("calendars/own.yaml", calendar);
  write("calendars/broken.yaml", "calendar: broken\nholidays:\n  - {name: X, date: 02-30}\n");
  write("templates/case.yaml", "name: case template\nfields: [d]\n");
  write("shared.yaml", "parameters:\n  n: {type: integer, value: 6}\n");
  write("p.test.yaml",
        "policy: p.yaml\ntests:\n  - name: t\n    input: {d: 2025-01-02}\n"
        "    as_of: 2025-01-02\n    expect: {due: 2025-01-10}\n");
  std::vector<ssprules::file_check> checked = ssprules::check_paths({dir_.string()});
  std::map<std::string, const ssprules::file_check*> by_name;
  for (const auto& c : checked)
    by_name[std::filesystem::path(c.path).lexically_relative(dir_).generic_string()] = &c;
  EXPECT_EQ(by_name.count("calendars/own.yaml"), 0U) << "checked with p.yaml, not again";
  ASSERT_EQ(by_name.size(), 5U);
  EXPECT_TRUE(by_name["p.yaml"]->diagnostics.empty())
      << ssprules::render(by_name["p.yaml"]->diagnostics);
  EXPECT_EQ(by_name["p.yaml"]->kind, ssprules::yaml_file_kind::policy);
  EXPECT_TRUE(by_name["p.test.yaml"]->diagnostics.empty())
      << ssprules::render(by_name["p.test.yaml"]->diagnostics);
  const auto& broken = by_name["calendars/broken.yaml"]->diagnostics;
  ASSERT_EQ(broken.size(), 1U) << ssprules::render(broken);
  EXPECT_EQ(broken[0].code, "SR0112");
  const auto& tmpl = by_name["templates/case.yaml"]->diagnostics;
  ASSERT_EQ(tmpl.size(), 1U) << ssprules::render(tmpl);
  EXPECT_EQ(tmpl[0].code, "SR0010");
  EXPECT_EQ(tmpl[0].level, ssprules::severity::warning);
  EXPECT_EQ(ssprules::render(tmpl[0]),
            (dir_ / "templates" / "case.yaml").string() +
                ": warning[SR0010]: not a policy, test file or calendar (its top-level keys: "
                "`name`, `fields`); skipped\n");
  const auto& shared = by_name["shared.yaml"]->diagnostics;
  ASSERT_EQ(shared.size(), 1U);
  EXPECT_NE(shared[0].message.find("taken for a definitions file"), std::string::npos);
  // a broken calendar the policy reads is reported through the policy
  write("calendars/own.yaml", "calendar: own\nholidays:\n  - {name: X, date: 13-01}\n");
  auto again = ssprules::check_paths({dir_.string()});
  std::string all;
  for (const auto& c : again) all += ssprules::render(c.diagnostics);
  EXPECT_NE(all.find("own.yaml:3:"), std::string::npos) << all;
  // named directly, a template is checked as the policy it was asked to be; a calendar as one
  auto direct = ssprules::check_paths({(dir_ / "templates" / "case.yaml").string()});
  ASSERT_EQ(direct.size(), 1U);
  EXPECT_EQ(direct[0].kind, ssprules::yaml_file_kind::policy);
  EXPECT_TRUE(std::any_of(direct[0].diagnostics.begin(), direct[0].diagnostics.end(),
                          [](const ssprules::diagnostic& d) { return d.code == "SR0102"; }));
  write("calendars/own.yaml", calendar);
  auto own = ssprules::check_paths({(dir_ / "calendars" / "own.yaml").string()});
  ASSERT_EQ(own.size(), 1U);
  EXPECT_EQ(own[0].kind, ssprules::yaml_file_kind::holiday_calendar);
  EXPECT_TRUE(own[0].diagnostics.empty()) << ssprules::render(own[0].diagnostics);
}

TEST_F(TestPaths, AFolderWalkChecksAnImportedFileWithThePolicy) {
  write("policy.yaml",
        "id: p\neffective: {from: 2024-01-01}\nimports: [shared/deadlines.yaml]\n"
        "inputs:\n  d: date\noutputs:\n  due: add_working_days(d, acknowledge_days)\n");
  write("shared/deadlines.yaml",
        "parameters:\n  acknowledge_days: {type: integer, value: 6}\n"
        "calendar:\n  working_days: {holidays: denmark}\n");
  write("shared/unused.yaml", "parameters:\n  n: {type: integer, value: 1}\n");
  std::vector<std::string> kinds;
  for (const auto& c : ssprules::check_paths({dir_.string()})) {
    std::string name = std::filesystem::path(c.path).lexically_relative(dir_).generic_string();
    kinds.push_back(name + ": " + std::to_string(c.diagnostics.size()) +
                    (c.diagnostics.empty() ? "" : " " + c.diagnostics[0].code));
  }
  EXPECT_EQ(kinds, (std::vector<std::string>{"policy.yaml: 0", "shared/unused.yaml: 1 SR0010"}));
  auto named = ssprules::files_named_by(
      ssprules::load((dir_ / "policy.yaml").string()).prog.checked().document());
  ASSERT_EQ(named.size(), 1U);
  EXPECT_EQ(named[0],
            std::filesystem::weakly_canonical(dir_ / "shared" / "deadlines.yaml").string());
}

TEST_F(TestPaths, TestingAFolderSkipsCalendarsAndSaysWhatElseWasSkipped) {
  write("p.yaml",
        "id: p\neffective: {from: 2024-01-01}\ninputs:\n  n: integer\n"
        "outputs:\n  twice: n * 2\ntests:\n  - name: t\n    input: {n: 2}\n"
        "    as_of: 2025-01-01\n    expect: {twice: 4}\n");
  write("calendars/own.yaml", "calendar: own\nholidays:\n  - {name: Nytårsdag, date: 01-01}\n");
  write("templates/case.yaml", "name: case template\n");
  ssprules::test_report r = ssprules::run_test_paths({dir_.string()});
  EXPECT_EQ(r.passed, 1U);
  EXPECT_EQ(r.failed, 0U) << r.summary();
  ASSERT_EQ(r.diagnostics.size(), 1U) << ssprules::render(r.diagnostics);
  EXPECT_EQ(r.diagnostics[0].code, "SR0010");
  EXPECT_NE(r.diagnostics[0].at.file->name().find("case.yaml"), std::string::npos);
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
