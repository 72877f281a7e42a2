// `ssprules check PATH...`: diagnostics for policies, test files and calendars (check_paths).
#include <cstdio>
#include <string>
#include <vector>

#include "commands.hpp"
#include "options.hpp"
#include "ssprules/compile.hpp"
#include "ssprules/diagnostic.hpp"
#include "ssprules/parse.hpp"
#include "ssprules/testing.hpp"
#include "terminal.hpp"

namespace ssprules::cli {

int check_command(const std::vector<std::string>& args) {
  options opts = options::parse(args, {}, {});
  if (opts.positionals.empty()) throw usage_error("give at least one policy file");
  std::size_t errors = 0;
  std::size_t warnings = 0;
  std::size_t files = 0;
  for (const file_check& file : check_paths(opts.positionals)) {
    ++files;
    put(stdout, render(file.diagnostics));
    for (const diagnostic& d : file.diagnostics)
      (d.level == severity::error ? errors : warnings) += 1;
  }
  auto plural = [](std::size_t n, const char* word) {
    return std::to_string(n) + ' ' + word + (n == 1 ? "" : "s");
  };
  std::printf("checked %s: %s, %s\n", plural(files, "file").c_str(),
              plural(errors, "error").c_str(), plural(warnings, "warning").c_str());
  return errors == 0 ? 0 : 1;
}

}  // namespace ssprules::cli
