// The exception for failures that editing a policy cannot fix.
#pragma once

#include <stdexcept>
#include <string>

namespace ssprules {

/// Thrown for failures outside the user's rules and facts: an unreadable file, misuse of the
/// API (evaluating a program that failed to compile). Problems in rules are diagnostics instead.
class error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace ssprules
