// The policy a command works on, loaded the one way every command loads it.
#pragma once

#include <optional>
#include <string>

#include "ssprules/compile.hpp"

namespace ssprules::cli {

/// Loads the policy at `path` for command `command` (`eval`, `doc`, …): prints its diagnostics
/// (warnings too) to stderr and, when it does not check, one line
/// "ssprules COMMAND: `PATH` does not check (2 errors); CONSEQUENCE" (`consequence` says what
/// was not done, e.g. "nothing was evaluated"). nullopt then: the command exits with 2.
[[nodiscard]] std::optional<program> load_policy(const char* command, const std::string& path,
                                                 const char* consequence);

}  // namespace ssprules::cli
