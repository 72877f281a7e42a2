// ssprules: check, test and evaluate YAML policies for SSP case work.
#include <cstdio>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "commands.hpp"
#include "options.hpp"
#include "ssprules/error.hpp"
#include "terminal.hpp"

namespace {

// Text from the command line or an error message (which may quote a policy, a record or a
// path), escaped for the terminal.
std::string shown(std::string_view text) { return ssprules::terminal_text(text); }

// `ssprules --help`: every command with its usage and summary.
std::string overview() {
  std::string out = "ssprules: declarative YAML policies for SSP case work\n\n";
  for (const auto& c : ssprules::cli::commands) {
    std::string usage = c.usage;
    const std::string prefix = "usage: ";
    if (usage.rfind(prefix, 0) == 0) usage.erase(0, prefix.size());
    out += "  " + usage + "\n      " + c.summary + "\n";
  }
  out +=
      "\nExit status: 0 fine, 1 problems found, 2 usage error or a policy that does not check.\n";
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    ssprules::cli::put(args.empty() ? stderr : stdout, overview());
    return args.empty() ? 2 : 0;
  }
  const std::string& name = args[0];
  const ssprules::cli::command* command = nullptr;
  for (const auto& c : ssprules::cli::commands) {
    if (name == c.name) command = &c;
  }
  if (command == nullptr) {
    std::fprintf(stderr, "ssprules: unknown command `%s`\n\n%s", shown(name).c_str(),
                 overview().c_str());
    return 2;
  }
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (!rest.empty() && (rest[0] == "--help" || rest[0] == "-h")) {
    std::printf("%s\n", command->usage);
    return 0;
  }
  try {
    return command->run(rest);
  } catch (const ssprules::cli::usage_error& e) {
    std::fprintf(stderr, "ssprules %s: %s\n%s\n", name.c_str(), shown(e.what()).c_str(),
                 command->usage);
    return 2;
  } catch (const ssprules::error& e) {
    std::fprintf(stderr, "ssprules %s: error: %s\n", name.c_str(), shown(e.what()).c_str());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ssprules %s: internal error: %s\n", name.c_str(),
                 shown(e.what()).c_str());
    return 2;
  }
}
