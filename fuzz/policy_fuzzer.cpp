// libFuzzer target: bytes as a policy file and the documents it cites. Parse, check and
// compile them (`load_source`, quotes verified against the cited documents, which an in-memory
// file system serves: nothing is read from the disk); when the policy loads, evaluate one empty
// record, run its inline tests, draw its graph and HTML page, and generate boundary tests, which
// must pass and read back. Loading must never crash, hang or throw: every problem is a
// diagnostic.
//
// The input is the policy, then optionally a line `#@file` (the first such line) and the text
// every cited document has (`sources/x.txt`, whatever its name; string_view::rfind for the
// marker was a tenth of an execution) - except names ending in `.dir`, `.fifo`, `.missing`
// and `.big`, which are a directory, a FIFO, no file and a file over the limit. The policy lives
// in a folder that does not exist, so where a `file:` resolves (SR0007 for `../x`, `/dev/zero`,
// an absolute path) is decided without any real file, and every file the checker asks for must
// lie inside that folder.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "fuzz_common.hpp"
#include "ssprules/ssprules.hpp"

namespace {

// Where the fuzzed policy is: no such folder exists.
constexpr std::string_view folder = "/nonexistent-ssprules-fuzz";
// Separates the policy from the text of its cited documents.
constexpr std::string_view document_marker = "\n#@file\n";

bool ends_with(std::string_view s, std::string_view end) {
  return s.size() >= end.size() && s.substr(s.size() - end.size()) == end;
}

// The in-memory file system behind `check_options::read_file`.
ssprules::file_contents fake_file(std::string_view document, const std::string& path,
                                  std::size_t limit) {
  SSPRULES_FUZZ_CHECK(path.compare(0, folder.size(), folder) == 0 &&
                          (path.size() == folder.size() || path[folder.size()] == '/'),
                      "files are read only inside the policy's folder");
  ssprules::file_contents f;
  auto fail = [&](ssprules::read_error e, std::string reason) {
    f.error = e;
    f.reason = std::move(reason);
    return f;
  };
  if (path.size() == folder.size() || ends_with(path, "/") || ends_with(path, "/.") ||
      ends_with(path, "/..") || ends_with(path, ".dir")) {
    return fail(ssprules::read_error::not_regular, "not a regular file (a directory)");
  }
  if (ends_with(path, ".fifo")) {
    return fail(ssprules::read_error::not_regular, "not a regular file (a FIFO)");
  }
  if (ends_with(path, ".missing")) return fail(ssprules::read_error::missing, "no such file");
  if (ends_with(path, ".big") || document.size() > limit) {
    std::size_t size = ends_with(path, ".big") ? limit + 1 : document.size();
    return fail(
        ssprules::read_error::too_large,
        "file is " + std::to_string(size) + " bytes; the limit is " + std::to_string(limit));
  }
  f.text = std::string(document);
  return f;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string_view document;
  if (std::size_t at = input.find(document_marker); at != std::string_view::npos) {
    document = input.substr(at + document_marker.size());
    input = input.substr(0, at + 1);
  }
  ssprules::check_options opts;
  opts.read_file = [document](const std::string& path, std::size_t limit) {
    return fake_file(document, path, limit);
  };
  opts.table_analysis_budget = 100'000;  // keep one input well under the timeout

  auto src = ssprules::source::from_string(std::string(folder) + "/fuzz.yaml", std::string(input));
  if (ssprules::looks_like_test_file(*src)) {
    ssprules::test_file_result tf = ssprules::parse_test_file(src);
    (void)ssprules::render(tf.diagnostics);
  }

  ssprules::load_result loaded = ssprules::load_source(src, opts);
  std::string rendered = ssprules::render(loaded.diagnostics);
  (void)ssprules::summarize(loaded.diagnostics);
  SSPRULES_FUZZ_CHECK(
      loaded.ok() || ssprules::has_errors(loaded.diagnostics) || !loaded.prog.valid(),
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
