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
int explain_command(const std::vector<std::string>& args);
int graph_command(const std::vector<std::string>& args);
int diff_command(const std::vector<std::string>& args);
int doc_command(const std::vector<std::string>& args);

/// One subcommand: its name, its function, its usage line and a one-line summary for the
/// overview (`ssprules --help`).
struct command {
  const char* name;
  int (*run)(const std::vector<std::string>& args);
  const char* usage;
  const char* summary;
};

/// Every subcommand, in the order the overview lists them.
inline constexpr command commands[] = {
    {"check", check_command, "usage: ssprules check POLICY...",
     "report every mistake as file:line:column diagnostics"},
    {"test", test_command,
     "usage: ssprules test PATH... [--coverage] [--junit FILE] | "
     "ssprules test --generate-boundaries POLICY [-o FILE]",
     "run the policies' YAML tests; ends with `N passed, M failed`"},
    {"eval", eval_command,
     "usage: ssprules eval POLICY CASES [--as-of YYYY-MM-DD] [--format jsonl|csv|table] "
     "[--explain] [--input csv|jsonl] [--strict] [--records FILE [--key-file FILE]]",
     "evaluate case records (CSV or JSON Lines, `-` for stdin)"},
    {"bench", bench_command,
     "usage: ssprules bench POLICY CASES [--as-of YYYY-MM-DD] [--threads N] [--input csv|jsonl] "
     "[--strict]",
     "time evaluation of decoded records; prints JSON"},
    {"explain", explain_command,
     "usage: ssprules explain POLICY --case FILE|JSON [--as-of YYYY-MM-DD] [--lang en|da] "
     "[--input csv|jsonl] [--strict]",
     "why each output of a case is what it is: deciding case or row, values used, sources"},
    {"graph", graph_command, "usage: ssprules graph POLICY",
     "the dependency graph (inputs, parameters -> values -> outputs) as Graphviz DOT"},
    {"diff", diff_command,
     "usage: ssprules diff OLD NEW CASES [--as-of YYYY-MM-DD] [--limit N] [--input csv|jsonl] "
     "[--strict]",
     "which records a new policy version changes: counts per output, first N explained"},
    {"doc", doc_command,
     "usage: ssprules doc POLICY [-o FILE] [--lang en|da] [--dot PROGRAM] [--no-graph]",
     "the policy as one self-contained HTML page: inputs, rules, tables, sources, graph, examples"},
};

}  // namespace ssprules::cli
