// The subcommands of the `ssprules` tool. Each returns the process exit status:
// 0 success, 1 problems found (errors, failed tests, records with errors), 2 usage errors or
// a policy that does not check.
#pragma once

#include <string>
#include <vector>

namespace ssprules::cli {

int check_command(const std::vector<std::string>& args);
int test_command(const std::vector<std::string>& args);
int eval_command(const std::vector<std::string>& args);
int bench_command(const std::vector<std::string>& args);

/// Usage text of each command, shown by `--help` and after usage errors.
inline constexpr const char* check_usage = "usage: ssprules check POLICY...";
inline constexpr const char* test_usage = "usage: ssprules test PATH...";
inline constexpr const char* eval_usage =
    "usage: ssprules eval POLICY CASES [--as-of YYYY-MM-DD] [--format jsonl|csv|table] "
    "[--explain] [--input csv|jsonl]";
inline constexpr const char* bench_usage =
    "usage: ssprules bench POLICY CASES [--as-of YYYY-MM-DD] [--threads N] [--input csv|jsonl]";

}  // namespace ssprules::cli
