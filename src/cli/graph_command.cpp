// `ssprules graph POLICY`: the policy's dependency graph as Graphviz DOT on stdout.
#include <cstdio>
#include <string>
#include <vector>

#include "commands.hpp"
#include "options.hpp"
#include "terminal.hpp"
#include "ssprules/compile.hpp"
#include "ssprules/diagnostic.hpp"
#include "ssprules/graph.hpp"

namespace ssprules::cli {

int graph_command(const std::vector<std::string>& args) {
  options opts = options::parse(args, {}, {});
  if (opts.positionals.size() != 1) throw usage_error("give one policy file");
  const std::string& policy_path = opts.positionals[0];
  load_result loaded = load(policy_path);
  put(stderr, render(loaded.diagnostics));
  if (!loaded.ok()) {
    std::fprintf(stderr, "ssprules graph: `%s` does not check (%s); no graph was drawn\n",
                 terminal_text(policy_path).c_str(), summarize(loaded.diagnostics).c_str());
    return 2;
  }
  put(stdout, to_dot(loaded.prog.checked()));
  return 0;
}

}  // namespace ssprules::cli
