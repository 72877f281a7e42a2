// A per-record problem, as every stage that reads or evaluates records reports it.
#pragma once

#include <string>

namespace ssprules {

/// A per-record problem: a stable code (SR1xxx, see docs/diagnostics.md), a message that names
/// fields and rules but never the values of a case, and the field concerned (if any).
struct record_error {
  std::string code;
  std::string message;
  std::string field;
  friend bool operator==(const record_error&, const record_error&) = default;
};

}  // namespace ssprules
