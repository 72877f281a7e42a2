// `ssprules test PATH... [--coverage] [--junit FILE]`: runs policy authors' YAML tests; reports
// the parts of each policy no test exercised, and writes JUnit XML for CI systems.
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "options.hpp"
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

}  // namespace

int test_command(const std::vector<std::string>& args) {
  options opts = options::parse(args, {"junit"}, {"coverage"});
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
