// `ssprules graph POLICY`: the policy's dependency graph as Graphviz DOT on stdout.
#include <cstdio>
#include <string>
#include <vector>

#include "commands.hpp"
#include "options.hpp"
#include "policy_input.hpp"
#include "ssprules/compile.hpp"
#include "ssprules/diagnostic.hpp"
#include "ssprules/graph.hpp"
#include "terminal.hpp"

namespace ssprules::cli {

int graph_command(const std::vector<std::string>& args) {
  options opts = options::parse(args, {}, {});
  if (opts.positionals.size() != 1) throw usage_error("give one policy file");
  const std::string& policy_path = opts.positionals[0];
  std::optional<program> loaded = load_policy("graph", policy_path, "no graph was drawn");
  if (!loaded) return 2;
  put(stdout, to_dot(loaded->checked()));
  return 0;
}

}  // namespace ssprules::cli
