// libFuzzer target: bytes as a policy file. Parse, check and compile them (`load_source`; the
// cited documents' files are not read); when the policy loads, evaluate one empty record, run
// its inline tests, draw its graph and HTML page, and generate boundary tests, which must pass
// and read back. Loading must never crash, hang or throw: every problem is a diagnostic.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "fuzz_common.hpp"
#include "ssprules/ssprules.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  ssprules::check_options opts;
  opts.verify_quotes = false;              // no file system access from fuzzed paths
  opts.table_analysis_budget = 100'000;    // keep one input well under the timeout

  auto src = ssprules::source::from_string("fuzz.yaml", text);
  if (ssprules::looks_like_test_file(*src)) {
    ssprules::test_file_result tf = ssprules::parse_test_file(src);
    (void)ssprules::render(tf.diagnostics);
  }

  ssprules::load_result loaded = ssprules::load_source(src, opts);
  std::string rendered = ssprules::render(loaded.diagnostics);
  (void)ssprules::summarize(loaded.diagnostics);
  SSPRULES_FUZZ_CHECK(loaded.ok() || ssprules::has_errors(loaded.diagnostics) ||
                          !loaded.prog.valid(),
                      "a policy that does not load has an error");
  for (const auto& d : loaded.diagnostics) {
    SSPRULES_FUZZ_CHECK(!d.code.empty() && !d.message.empty(), "diagnostics have code and text");
  }
  if (!loaded.ok()) return 0;

  const ssprules::program& prog = loaded.prog;
  ssprules::record_decoder decoder(prog);
  ssprules::facts empty;
  decoder.decode(std::span<const std::pair<std::string_view, ssprules::field_value>>{}, empty);
  ssprules::date fallback = *ssprules::date::parse("2025-03-01");
  ssprules_fuzz::evaluate_both_ways(prog, {empty}, ssprules_fuzz::date_in_force(prog, fallback));
  ssprules_fuzz::evaluate_both_ways(prog, {empty}, fallback);

  // the policy's own tests: decoding of typed YAML test inputs, comparison, coverage
  const ssprules::rule_document& doc = prog.checked().document();
  if (doc.tests.size() <= 50) {
    ssprules::test_report report = ssprules::run_tests(prog, doc.tests, doc.tests_as_of);
    (void)report.summary();
    (void)report.coverage_text();
    (void)report.junit_xml();
  }

  // the tools for authors: the graph, the HTML page, the fingerprint
  (void)ssprules::to_dot(prog.checked());
  (void)ssprules::policy_html(prog);
  (void)ssprules::policy_sha256(prog);

  // boundary tests expect what the engine gives now, so they must pass as generated, and
  // their YAML must read back as the same tests
  ssprules::boundary_options boundaries;
  boundaries.max_tests = 12;
  ssprules::boundary_tests generated = ssprules::generate_boundary_tests(prog, boundaries);
  ssprules::test_report report =
      ssprules::run_tests(prog, generated.file.tests, generated.file.as_of);
  if (report.failed != 0) {
    std::fputs(report.summary().c_str(), stderr);
    for (const auto& f : report.failures) {
      std::fprintf(stderr, "failed: %s\n", f.test.c_str());
      for (const auto& d : f.differences) std::fprintf(stderr, "  %s\n", d.c_str());
    }
    SSPRULES_FUZZ_CHECK(false, "generated boundary tests pass");
  }
  std::string yaml = generated.yaml("fuzz.yaml");
  ssprules::test_file_result reread =
      ssprules::parse_test_file(ssprules::source::from_string("fuzz.test.yaml", yaml));
  if (!reread.ok() || reread.tests.tests.size() != generated.file.tests.size()) {
    std::fprintf(stderr, "%s\n%s", yaml.c_str(), ssprules::render(reread.diagnostics).c_str());
    SSPRULES_FUZZ_CHECK(false, "generated test YAML reads back");
  }
  return 0;
}
