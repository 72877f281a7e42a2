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
#include "ssprules/compile.hpp"
#include "ssprules/detail/files.hpp"
#include "ssprules/diagnostic.hpp"
#include "ssprules/error.hpp"
#include "ssprules/testing.hpp"

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
    throw usage_error("`--coverage` and `--junit` run tests; they do not go with "
                      "`--generate-boundaries`");
  }
  namespace fs = std::filesystem;
  const std::string& policy_path = opts.positionals[0];
  load_result loaded = load(policy_path);
  std::fputs(render(loaded.diagnostics).c_str(), stderr);
  if (!loaded.ok()) {
    std::fprintf(stderr, "ssprules test: `%s` does not check (%s); no tests were generated\n",
                 policy_path.c_str(), summarize(loaded.diagnostics).c_str());
    return 2;
  }
  boundary_tests tests = generate_boundary_tests(loaded.prog);
  auto output = opts.value("output");
  if (!output) {
    std::fputs(tests.yaml(fs::path(policy_path).filename().generic_string()).c_str(), stdout);
    return 0;
  }
  std::error_code ec;
  fs::path folder = fs::weakly_canonical(fs::absolute(*output), ec).parent_path();
  fs::path policy = fs::weakly_canonical(fs::absolute(policy_path), ec);
  fs::path relative = policy.lexically_relative(folder);
  if (relative.empty()) relative = policy;
  if (!detail::resolve_inside(fs::path(*output).parent_path(), relative.string())) {
    std::fprintf(stderr,
                 "ssprules test: warning: the policy is outside the folder of `%s`, so the tests "
                 "will not run from there (SR0007); write them beside the policy or in a folder "
                 "above it\n",
                 output->c_str());
  }
  std::ofstream out(*output, std::ios::binary);
  if (out) out << tests.yaml(relative.generic_string());
  if (!out) throw error("cannot write " + *output);
  std::printf("%zu boundary tests written to %s%s; review their expectations\n",
              tests.file.tests.size(), output->c_str(),
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
  std::fputs(render(report.diagnostics).c_str(), stdout);
  for (const test_failure& f : report.failures) {
    std::printf("FAIL %s:%u: %s\n", f.file.c_str(), f.line, f.test.c_str());
    for (const std::string& d : f.differences) std::printf("    %s\n", d.c_str());
    if (!f.explanation.empty()) {
      std::printf("  explanation:\n%s", indented(f.explanation, "    ").c_str());
    }
  }
  if (opts.has("coverage")) std::fputs(report.coverage_text().c_str(), stdout);
  std::printf("%s\n", report.summary().c_str());
  if (report.passed + report.failed == 0) {
    std::fprintf(stderr, "ssprules test: no tests found\n");
    return 1;
  }
  return report.failed == 0 ? 0 : 1;
}

}  // namespace ssprules::cli
