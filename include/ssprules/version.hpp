// The library's version and ABI namespace; the C++20 check every ssprules header starts with.
#pragma once

#if !defined(__cplusplus) || \
    (__cplusplus < 202002L && (!defined(_MSVC_LANG) || _MSVC_LANG < 202002L))
#  error \
      "ssprules needs C++20: compile with -std=c++20 (CMake: target_compile_features(... cxx_std_20), which ssprules::ssprules already asks for)"
#endif

/// The release, as CMake's project(VERSION), setup.py and ssprules.__version__ give it
/// (tests/cmake_consumer checks that they agree).
#define SSPRULES_VERSION_MAJOR 0
#define SSPRULES_VERSION_MINOR 1
#define SSPRULES_VERSION_PATCH 0
#define SSPRULES_VERSION_STRING "0.1.0"
/// One number that compares: MAJOR * 10000 + MINOR * 100 + PATCH.
#define SSPRULES_VERSION \
  (SSPRULES_VERSION_MAJOR * 10000 + SSPRULES_VERSION_MINOR * 100 + SSPRULES_VERSION_PATCH)

/// Every ssprules name lives in the inline namespace `ssprules::SSPRULES_ABI`: callers write
/// `ssprules::program`, but the linker sees the ABI, so a program built against one release cannot
/// silently link another release's library. Changed whenever the binary interface changes (in 0.x,
/// with every minor release).
#define SSPRULES_ABI v0_1

namespace ssprules::inline SSPRULES_ABI {}
