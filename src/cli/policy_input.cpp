#include "policy_input.hpp"

#include <cstdio>

#include "ssprules/diagnostic.hpp"
#include "terminal.hpp"

namespace ssprules::cli {

std::optional<program> load_policy(const char* command, const std::string& path,
                                   const char* consequence) {
  load_result loaded = load(path);
  put(stderr, render(loaded.diagnostics));
  if (loaded.ok()) return std::move(loaded.prog);
  std::fprintf(stderr, "ssprules %s: `%s` does not check (%s); %s\n", command,
               terminal_text(path).c_str(), summarize(loaded.diagnostics).c_str(), consequence);
  return std::nullopt;
}

}  // namespace ssprules::cli
