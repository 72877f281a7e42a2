// Build-mode macros shared by every ssprules header. No stability promise.
#pragma once

#include <cstdio>
#include <cstdlib>

#include "ssprules/version.hpp"

/// Where the definitions are: in the compiled library (the default), or, header-first, in the
/// one translation unit of the user's program that defines `SSPRULES_IMPLEMENTATION` before it
/// includes any ssprules header (as single-header libraries do). Either way a definition exists
/// once, so `SSPRULES_INLINE` (on every definition in impl/*.ipp) is empty; yaml-cpp and
/// Boost reach only the translation units that hold the definitions.
#define SSPRULES_INLINE
#ifdef SSPRULES_HEADER_ONLY
#  error \
      "SSPRULES_HEADER_ONLY is gone: define SSPRULES_IMPLEMENTATION in one translation unit (before its first ssprules include) and nowhere else; README.md, 'Using the library from C++'"
#endif

/// Checks an internal invariant; on in debug and sanitizer builds (or with SSPRULES_ENABLE_ASSERT).
#if !defined(NDEBUG) || defined(SSPRULES_ENABLE_ASSERT)
#  define SSPRULES_ASSERT(cond)                                                                    \
    do {                                                                                           \
      if (!(cond)) {                                                                               \
        std::fprintf(stderr, "%s:%d: ssprules invariant broken: %s\n", __FILE__, __LINE__, #cond); \
        std::abort();                                                                              \
      }                                                                                            \
    } while (false)
#else
#  define SSPRULES_ASSERT(cond) ((void)0)
#endif
