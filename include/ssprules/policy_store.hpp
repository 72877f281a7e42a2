// Hot reload: a policy_store holds the current version of a policy for a service that evaluates
// while it reloads. A new version becomes current only once it loads without errors; a reader
// keeps the snapshot it took, whatever is reloaded meanwhile.
#pragma once
#include "ssprules/version.hpp"  // first: the C++20 check
#ifndef SSPRULES_FIRST_HEADER
#  define SSPRULES_FIRST_HEADER 21  // header-first: see the end of this file
#endif

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <vector>

#include "ssprules/check.hpp"
#include "ssprules/compile.hpp"
#include "ssprules/diagnostic.hpp"

namespace ssprules::inline SSPRULES_ABI {

/// How `policy_store::reload` loads a version. Thread-compatible.
struct reload_options {
  /// Passed to `load` (reading cited documents, limits, where files come from).
  check_options check;
  /// Also run the policy's own tests (`run_policy_tests`: its inline `tests:` and the test
  /// files beside it that name it) and refuse a version with a failing test: each failure is an
  /// error diagnostic (SR0801) naming the test and the first difference.
  bool run_tests = false;
};

/// What `policy_store::reload` did: whether the new version is current now, the store's
/// generation after the call, and every diagnostic of loading it. Thread-compatible.
struct reload_result {
  bool replaced = false;  ///< false: the version had errors (or was refused) and the old stays
  std::uint64_t generation = 0;         ///< the generation current after the call
  std::vector<diagnostic> diagnostics;  ///< errors when not replaced; warnings either way
  [[nodiscard]] bool ok() const noexcept { return replaced; }
};

/// The current version of a policy. `snapshot()` gives the current program, which a reader
/// keeps for as long as it needs one version (a request, a batch: decode and evaluate with the
/// same snapshot); `reload(path)` parses, checks and compiles a new version and makes it
/// current only when it has no errors, else the old one stays. Thread-safe: any number of
/// threads may call every member at once.
///
/// The current program sits behind a mutex held only to copy or swap it (one reference count
/// changed); loading and compiling happen outside it, so readers never wait for a reload.
class policy_store {
 public:
  /// An empty store: `snapshot()` is an invalid program (generation 0) until a version loads.
  policy_store() = default;
  /// A store whose current version is `prog` (generation 1). Throws `ssprules::error` when
  /// `prog` is not valid.
  explicit policy_store(program prog);
  policy_store(const policy_store&) = delete;
  policy_store& operator=(const policy_store&) = delete;

  /// Loads the policy at `path` (as `load`: parse, check, compile; with `run_tests`, its
  /// tests too) and makes it current when it has no errors; else the current version stays and
  /// the result's diagnostics say why (a file that cannot be read included). Reloads run one at
  /// a time; snapshots go on meanwhile.
  [[nodiscard]] reload_result reload(const std::filesystem::path& path,
                                     const reload_options& opts = {});
  /// Makes `prog`, loaded elsewhere (`load_string`, a policy checked by its tests first),
  /// current; returns the new generation. Throws `ssprules::error` when `prog` is not valid.
  std::uint64_t replace(program prog);

  /// The current program, for the caller to keep: a later reload does not change it. Invalid
  /// when no version has loaded yet.
  [[nodiscard]] program snapshot() const;
  /// How many versions have become current (0: none yet); each replacement adds one.
  [[nodiscard]] std::uint64_t generation() const;

 private:
  mutable std::mutex mutex_;  // guards current_ and generation_
  std::mutex reload_mutex_;   // one reload at a time
  program current_;
  std::uint64_t generation_ = 0;
};

}  // namespace ssprules::inline SSPRULES_ABI

// Header-first: in the one translation unit that defines SSPRULES_IMPLEMENTATION, the first
// ssprules header it includes brings every definition once it is complete (detail/config.hpp).
#if defined(SSPRULES_IMPLEMENTATION) && SSPRULES_FIRST_HEADER == 21
#  include "ssprules/impl/all.ipp"
#endif
