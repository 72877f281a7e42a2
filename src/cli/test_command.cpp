// `ssprules test PATH... [--coverage] [--junit FILE]`: runs policy authors' YAML tests; reports
// the parts of each policy no test exercised, and writes JUnit XML for CI systems.
// `ssprules test --generate-boundaries POLICY [-o FILE]`: proposes tests at the policy's
// boundaries, expecting the current outputs, as a YAML test file for the author to review.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "options.hpp"
#include "policy_input.hpp"
#include "ssprules/compile.hpp"
#include "ssprules/diagnostic.hpp"
#include "ssprules/error.hpp"
#include "ssprules/testing.hpp"
#include "terminal.hpp"

namespace ssprules::cli {
namespace {

std::string indented(const std::string& text, const std::string& prefix) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out += prefix + text.substr(start, end - start) + '\n';
    start = end + 1;
  }
  return out;
}

// `--generate-boundaries POLICY [-o FILE]`: the proposed tests on stdout (naming the policy by
// its file name) or in FILE (naming it by its path from FILE's folder).
int generate_boundaries(const options& opts) {
  if (opts.positionals.size() != 1) {
    throw usage_error("give one policy file to generate boundary tests for");
  }
  if (opts.has("coverage") || opts.value("junit")) {
    throw usage_error(
        "`--coverage` and `--junit` run tests; they do not go with "
        "`--generate-boundaries`");
  }
  namespace fs = std::filesystem;
  const std::string& policy_path = opts.positionals[0];
  std::optional<program> loaded = load_policy("test", policy_path, "no tests were generated");
  if (!loaded) return 2;
  boundary_tests tests = generate_boundary_tests(*loaded);
  auto output = opts.value("output");
  if (!output) {
    put(stdout, tests.yaml(fs::path(policy_path).filename().generic_string()));
    return 0;
  }
  policy_reference reference = policy_reference_for(*output, policy_path);
  if (!reference.inside) {
    std::fprintf(stderr,
                 "ssprules test: warning: the policy is outside the folder of `%s`, so the tests "
                 "will not run from there (SR0007); write them beside the policy or in a folder "
                 "above it\n",
                 terminal_text(*output).c_str());
  }
  std::ofstream out(*output, std::ios::binary);
  if (out) out << tests.yaml(reference.path);
  if (!out) throw error("cannot write " + *output);
  std::printf("%zu boundary tests written to %s%s; review their expectations\n",
              tests.file.tests.size(), terminal_text(*output).c_str(),
              tests.capped() ? (" (capped, of " + std::to_string(tests.found) + ")").c_str() : "");
  return 0;
}

}  // namespace

int test_command(const std::vector<std::string>& args) {
  // `-o FILE` is `--output FILE`
  std::vector<std::string> spelled = args;
  for (std::string& a : spelled) {
    if (a == "-o") a = "--output";
  }
  options opts = options::parse(spelled, {"junit", "output"}, {"coverage", "generate-boundaries"});
  if (opts.has("generate-boundaries")) return generate_boundaries(opts);
  if (opts.value("output")) throw usage_error("`--output` goes with `--generate-boundaries`");
  if (opts.positionals.empty()) throw usage_error("give at least one policy, test file or folder");
  test_report report = run_test_paths(opts.positionals);
  if (auto junit = opts.value("junit")) {
    std::ofstream out(*junit, std::ios::binary);
    if (out) out << report.junit_xml();
    if (!out) throw error("cannot write " + *junit);
  }
  put(stdout, render(report.diagnostics));
  for (const test_failure& f : report.failures) {
    // a test's name, file and values come from the test file: escaped, one line each
    std::printf("FAIL %s:%u: %s\n", terminal_text(f.file).c_str(), f.line,
                terminal_text(f.test).c_str());
    for (const std::string& d : f.differences) {
      std::printf("    %s\n", terminal_text(d).c_str());
    }
    if (!f.explanation.empty()) {
      put(stdout,
          "  explanation:\n" + indented(terminal_text(f.explanation, line_breaks::keep), "    "));
    }
  }
  if (opts.has("coverage")) print(stdout, report.coverage_text());
  print(stdout, report.summary() + "\n");
  if (report.passed + report.failed == 0) {
    std::fprintf(stderr, "ssprules test: no tests found\n");
    return 1;
  }
  return report.failed == 0 ? 0 : 1;
}

}  // namespace ssprules::cli
