// The one parallel loop of the library: blocks of work taken in turn by a few threads. Used by
// every batch evaluation (records, decisions, decoded columns). No stability promise.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "ssprules/version.hpp"

namespace ssprules::inline SSPRULES_ABI::detail {

/// The threads to use for `blocks` blocks when the caller asked for `threads` (0: one per
/// core): never more than there are blocks, at least one.
inline unsigned threads_for(unsigned threads, std::size_t blocks) {
  if (threads == 0) threads = std::max(1U, std::thread::hardware_concurrency());
  return static_cast<unsigned>(std::clamp<std::size_t>(blocks, 1, threads));
}

/// Runs `work(state, b)` for every block b in [0, blocks) on `threads_for(threads, blocks)`
/// threads (the calling thread is one of them). Threads take the next block in turn, so a
/// slow block never holds up the rest; each thread has its own default-constructed `State`
/// (working memory reused from block to block). The first exception thrown by `work` stops
/// the other threads after their current block and is rethrown here.
template <class State, class Work>
void for_each_block(std::size_t blocks, unsigned threads, Work&& work) {
  threads = threads_for(threads, blocks);
  if (threads <= 1) {
    State state;
    for (std::size_t b = 0; b < blocks; ++b) work(state, b);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto run = [&] {
    try {
      State state;
      for (std::size_t b = next++; b < blocks && !stop; b = next++) work(state, b);
    } catch (...) {
      std::lock_guard<std::mutex> lock(failure_mutex);
      if (!failure) failure = std::current_exception();
      stop = true;
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(run);
  run();
  for (auto& th : pool) th.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace ssprules::inline SSPRULES_ABI::detail
