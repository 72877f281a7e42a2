// The exception for failures that editing a policy cannot fix.
#pragma once
#include "ssprules/version.hpp"  // first: the C++20 check
#ifndef SSPRULES_FIRST_HEADER
#  define SSPRULES_FIRST_HEADER 9  // header-first: see the end of this file
#endif

#include <stdexcept>
#include <string>

namespace ssprules::inline SSPRULES_ABI {

/// Thrown for failures outside the user's rules and facts: an unreadable file, misuse of the
/// API (evaluating a program that failed to compile). Problems in rules are diagnostics instead.
/// Immutable: safe to share between threads, as `std::runtime_error`.
class error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace ssprules::inline SSPRULES_ABI

// Header-first: in the one translation unit that defines SSPRULES_IMPLEMENTATION, the first
// ssprules header it includes brings every definition once it is complete (detail/config.hpp).
#if defined(SSPRULES_IMPLEMENTATION) && SSPRULES_FIRST_HEADER == 9
#  include "ssprules/impl/all.ipp"
#endif
