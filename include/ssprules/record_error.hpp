// A per-record problem, as every stage that reads or evaluates records reports it.
#pragma once
#include "ssprules/version.hpp"  // first: the C++20 check
#ifndef SSPRULES_FIRST_HEADER
#  define SSPRULES_FIRST_HEADER 15  // header-first: see the end of this file
#endif

#include <string>

namespace ssprules::inline SSPRULES_ABI {

/// A per-record problem: a stable code (SR1xxx, see docs/diagnostics.md), a message that names
/// fields and rules but never the values of a case, and the field concerned (if any).
struct record_error {
  std::string code;
  std::string message;
  std::string field;
  friend bool operator==(const record_error&, const record_error&) = default;
};

}  // namespace ssprules::inline SSPRULES_ABI

// Header-first: in the one translation unit that defines SSPRULES_IMPLEMENTATION, the first
// ssprules header it includes brings every definition once it is complete (detail/config.hpp).
#if defined(SSPRULES_IMPLEMENTATION) && SSPRULES_FIRST_HEADER == 15
#  include "ssprules/impl/all.ipp"
#endif
