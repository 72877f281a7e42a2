// `ssprules check POLICY...`: diagnostics for policies and test files.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "commands.hpp"
#include "options.hpp"
#include "terminal.hpp"
#include "ssprules/compile.hpp"
#include "ssprules/detail/checked.hpp"
#include "ssprules/detail/codes.hpp"
#include "ssprules/detail/files.hpp"
#include "ssprules/diagnostic.hpp"
#include "ssprules/parse.hpp"
#include "ssprules/testing.hpp"

namespace ssprules::cli {
namespace {

// Diagnostics of a test file: its own syntax, its policy, and its tests against the policy.
std::vector<diagnostic> check_test_file(const std::shared_ptr<const source>& src) {
  test_file_result tf = parse_test_file(src);
  std::vector<diagnostic> out = std::move(tf.diagnostics);
  if (has_errors(out)) return out;
  diagnostic problem;
  std::optional<std::string> policy = detail::test_file_policy(tf.tests, problem);
  if (!policy) {
    out.push_back(std::move(problem));
    return out;
  }
  load_result loaded = load(*policy);
  if (!loaded.ok()) {
    out.push_back({severity::error,
                   detail::codes::invalid_test.id,
                   "the policy `" + tf.tests.policy + "` does not check; run `ssprules check " +
                       *policy + "`",
                   tf.tests.policy_at,
                   {}});
    return out;
  }
  detail::check_tests(*loaded.prog.checked().impl(), tf.tests.tests, tf.tests.as_of.has_value(),
                      out);
  return out;
}

std::vector<std::string> yaml_files(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(path, ec)) return {path};
  std::vector<std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(path, ec)) {
    auto ext = entry.path().extension();
    if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml")) {
      out.push_back(entry.path().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

int check_command(const std::vector<std::string>& args) {
  options opts = options::parse(args, {}, {});
  if (opts.positionals.empty()) throw usage_error("give at least one policy file");
  std::size_t errors = 0;
  std::size_t warnings = 0;
  std::size_t files = 0;
  for (const std::string& arg : opts.positionals) {
    for (const std::string& path : yaml_files(arg)) {
      ++files;
      std::vector<diagnostic> diagnostics;
      if (auto src = detail::read_source({}, path, diagnostics)) {
        diagnostics = looks_like_test_file(*src) ? check_test_file(src) : load_source(src).diagnostics;
      }
      put(stdout, render(diagnostics));
      for (const diagnostic& d : diagnostics) (d.level == severity::error ? errors : warnings) += 1;
    }
  }
  auto plural = [](std::size_t n, const char* word) {
    return std::to_string(n) + ' ' + word + (n == 1 ? "" : "s");
  };
  std::printf("checked %s: %s, %s\n", plural(files, "file").c_str(), plural(errors, "error").c_str(),
              plural(warnings, "warning").c_str());
  return errors == 0 ? 0 : 1;
}

}  // namespace ssprules::cli
