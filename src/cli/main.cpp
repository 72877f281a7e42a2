// ssprules: check, test and evaluate YAML policies for SSP case work.
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "commands.hpp"
#include "options.hpp"
#include "ssprules/error.hpp"

namespace {

constexpr const char* overview =
    "ssprules: declarative YAML policies for SSP case work\n"
    "\n"
    "  ssprules check POLICY...        report every mistake as file:line:column diagnostics\n"
    "  ssprules test PATH...           run the policies' YAML tests; ends with `N passed, M "
    "failed`\n"
    "  ssprules eval POLICY CASES [--as-of D] [--format jsonl|csv|table] [--explain]\n"
    "                                  evaluate case records (CSV or JSON Lines, `-` for stdin)\n"
    "  ssprules bench POLICY CASES [--as-of D] [--threads N]\n"
    "                                  time evaluation of decoded records; prints JSON\n"
    "\n"
    "Exit status: 0 fine, 1 problems found, 2 usage error or a policy that does not check.\n";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::fputs(overview, args.empty() ? stderr : stdout);
    return args.empty() ? 2 : 0;
  }
  std::string command = args[0];
  std::vector<std::string> rest(args.begin() + 1, args.end());
  const char* usage = command == "check"   ? ssprules::cli::check_usage
                      : command == "test"  ? ssprules::cli::test_usage
                      : command == "bench" ? ssprules::cli::bench_usage
                                           : ssprules::cli::eval_usage;
  if (!rest.empty() && (rest[0] == "--help" || rest[0] == "-h")) {
    std::printf("%s\n", usage);
    return 0;
  }
  try {
    if (command == "check") return ssprules::cli::check_command(rest);
    if (command == "test") return ssprules::cli::test_command(rest);
    if (command == "eval") return ssprules::cli::eval_command(rest);
    if (command == "bench") return ssprules::cli::bench_command(rest);
    std::fprintf(stderr, "ssprules: unknown command `%s`\n\n%s", command.c_str(), overview);
    return 2;
  } catch (const ssprules::cli::usage_error& e) {
    std::fprintf(stderr, "ssprules %s: %s\n%s\n", command.c_str(), e.what(), usage);
    return 2;
  } catch (const ssprules::error& e) {
    std::fprintf(stderr, "ssprules %s: error: %s\n", command.c_str(), e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ssprules %s: internal error: %s\n", command.c_str(), e.what());
    return 2;
  }
}
