// Definitions for policy_store.hpp: a mutex-guarded program (a shared, immutable compiled form),
// swapped only after a version loaded without errors. Why a mutex and not
// std::atomic<std::shared_ptr>: docs/embedding.md.
#include <mutex>
#include <string>
#include <utility>

#include "ssprules/detail/codes.hpp"
#include "ssprules/error.hpp"
#include "ssprules/policy_store.hpp"
#include "ssprules/testing.hpp"

namespace ssprules::inline SSPRULES_ABI {

SSPRULES_INLINE policy_store::policy_store(program prog) {
  if (!prog.valid()) throw error("ssprules::policy_store: the program is not valid");
  current_ = std::move(prog);
  generation_ = 1;
}

SSPRULES_INLINE std::uint64_t policy_store::replace(program prog) {
  if (!prog.valid()) throw error("ssprules::policy_store::replace: the program is not valid");
  program old;
  std::uint64_t generation = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    old = std::exchange(current_, std::move(prog));
    generation = ++generation_;
  }
  // `old` goes here, outside the lock; its compiled form goes with the last snapshot of it
  return generation;
}

SSPRULES_INLINE reload_result policy_store::reload(const std::filesystem::path& path,
                                                   const reload_options& opts) {
  std::lock_guard<std::mutex> one_at_a_time(reload_mutex_);
  load_result loaded = load(path, opts.check);  // outside mutex_: readers go on meanwhile
  reload_result out;
  out.diagnostics = std::move(loaded.diagnostics);
  if (loaded.ok() && opts.run_tests) {
    test_report tests = run_policy_tests(loaded.prog, path.string(), opts.check);
    for (diagnostic& d : tests.diagnostics) out.diagnostics.push_back(std::move(d));
    for (const test_failure& f : tests.failures) {
      std::string message = "test `" + f.test + "` fails";
      if (!f.file.empty()) message += " (" + f.file + ":" + std::to_string(f.line) + ")";
      if (!f.differences.empty()) message += ": " + f.differences.front();
      if (f.differences.size() > 1) {
        message += "; and " + std::to_string(f.differences.size() - 1) + " more";
      }
      out.diagnostics.push_back(
          {severity::error, detail::codes::invalid_test.id, std::move(message), {}, {}});
    }
    if (tests.failed > 0 && tests.failures.empty() && !has_errors(out.diagnostics)) {
      out.diagnostics.push_back({severity::error,
                                 detail::codes::invalid_test.id,
                                 tests.summary() + ": the version is not used",
                                 {},
                                 {}});
    }
  }
  if (loaded.ok() && !has_errors(out.diagnostics)) {
    out.generation = replace(std::move(loaded.prog));
    out.replaced = true;
  } else {
    out.generation = generation();
  }
  return out;
}

SSPRULES_INLINE program policy_store::snapshot() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return current_;
}

SSPRULES_INLINE std::uint64_t policy_store::generation() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return generation_;
}

}  // namespace ssprules::inline SSPRULES_ABI
