// Build-mode macros shared by every ssprules header. No stability promise.
#pragma once

#include <cstdio>
#include <cstdlib>

/// `SSPRULES_HEADER_ONLY`: the public headers include their `.ipp` definitions, which are then
/// `inline`. Otherwise (the default, compiled mode) the definitions live in the ssprules library
/// and yaml-cpp / Boost.Graph never reach the user's translation units.
#ifdef SSPRULES_HEADER_ONLY
#  define SSPRULES_INLINE inline
#else
#  define SSPRULES_INLINE
#endif

/// Checks an internal invariant; on in debug and sanitizer builds (or with SSPRULES_ENABLE_ASSERT).
#if !defined(NDEBUG) || defined(SSPRULES_ENABLE_ASSERT)
#  define SSPRULES_ASSERT(cond)                                                          \
    do {                                                                                 \
      if (!(cond)) {                                                                     \
        std::fprintf(stderr, "%s:%d: ssprules invariant broken: %s\n", __FILE__, __LINE__, \
                     #cond);                                                             \
        std::abort();                                                                    \
      }                                                                                  \
    } while (false)
#else
#  define SSPRULES_ASSERT(cond) ((void)0)
#endif
