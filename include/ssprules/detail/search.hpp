// Substring search in linear time, for checking quoted passages against their documents.
// No stability promise.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numeric>
#include <string_view>
#include <vector>

#include "ssprules/detail/config.hpp"
#include "ssprules/detail/work.hpp"

namespace ssprules::inline SSPRULES_ABI::detail {

/// Which of `patterns` occur in `text`: element i is true when `patterns[i]` is a substring of
/// `text` (an empty pattern always is). Aho–Corasick over bytes: one automaton of all the
/// patterns, then one pass over the text, so the work grows with |text| + Σ|p| (P patterns of
/// total length Σ|p|), never with P·|text| as searching for each pattern in turn does.
/// Overlapping patterns, patterns that are prefixes or suffixes of others, and duplicates are
/// all fine; UTF-8 is compared byte by byte, which for well-formed text is the same as by code
/// point.
///
/// Work: at most 3·|text| + 4·Σ|p| + P steps (a child looked up, at most a binary search among
/// 256 labels; a failure link followed; a pattern passed on to a child while the trie is built),
/// plus the comparisons that sort the patterns (about P·log2 P, each as long as the two
/// patterns' common prefix). Both are added to `detail::work_done`, so that tests count the work
/// instead of timing it.
///
/// Memory: the automaton has at most Σ|p| + 1 nodes of 10 bytes (label, child offset, failure
/// link, seen flag) and a table of the root's 256 children, plus 12 bytes per node and 8 per
/// pattern while it is built; nothing per byte of text. Precondition: Σ|p| < 2^32 − 1 (a policy is
/// at most 16 MiB).
inline std::vector<bool> find_all(std::string_view text,
                                  const std::vector<std::string_view>& patterns) {
  using node_id = std::uint32_t;
  std::size_t total = 0;
  for (std::string_view p : patterns) total += p.size();
  SSPRULES_ASSERT(total < std::numeric_limits<node_id>::max() - 1);
  SSPRULES_ASSERT(patterns.size() < std::numeric_limits<node_id>::max());
  std::uint64_t count = 0;

  // The trie in breadth-first order, so that the children of node u are the nodes
  // [first[u], first[u + 1]), sorted by label. Built from the patterns sorted: the patterns
  // that pass through a node of depth d are a run of that order, and its children split the run
  // by the byte at d (a pattern that ends at the node comes first in its run).
  std::vector<node_id> order(patterns.size());
  std::iota(order.begin(), order.end(), node_id{0});
  std::sort(order.begin(), order.end(), [&](node_id a, node_id b) {
    ++count;
    return patterns[a] < patterns[b];
  });
  struct run {
    node_id lo, hi, depth;  // the patterns order[lo..hi) pass through the node
  };
  std::vector<unsigned char> label{0};
  std::vector<node_id> first;
  std::vector<run> runs{{0, static_cast<node_id>(patterns.size()), 0}};
  label.reserve(total + 1);
  first.reserve(total + 2);
  runs.reserve(total + 1);
  std::vector<node_id> terminal(patterns.size(), 0);  // the node where each pattern ends
  for (node_id u = 0; u < runs.size(); ++u) {
    first.push_back(static_cast<node_id>(runs.size()));
    auto [lo, hi, depth] = runs[u];
    count += hi - lo;  // one step for each pattern through the node: Σ|p| + P in all
    for (; lo < hi && patterns[order[lo]].size() == depth; ++lo) {
      terminal[order[lo]] = u;
    }
    while (lo < hi) {
      const char c = patterns[order[lo]][depth];
      node_id end = lo + 1;
      while (end < hi && patterns[order[end]][depth] == c) ++end;
      label.push_back(static_cast<unsigned char>(c));
      runs.push_back({lo, end, depth + 1});
      lo = end;
    }
  }
  const auto nodes = static_cast<node_id>(runs.size());
  first.push_back(nodes);
  runs.clear();
  runs.shrink_to_fit();
  order.clear();
  order.shrink_to_fit();

  // The child of u labelled c, or none: a table at the root (where a scan of prose spends much
  // of its time), a comparison where there is one child (most nodes of a long quote), else a
  // binary search among the labels.
  constexpr node_id none = 0;  // the root is nobody's child
  std::array<node_id, 256> from_root{};
  for (node_id v = first[0]; v < first[1]; ++v) from_root[label[v]] = v;
  auto child = [&](node_id u, unsigned char c) -> node_id {
    ++count;
    if (u == 0) return from_root[c];
    const node_id begin = first[u];
    const node_id end = first[u + 1];
    if (end - begin == 1) return label[begin] == c ? begin : none;
    auto at = std::lower_bound(label.begin() + begin, label.begin() + end, c);
    return at != label.begin() + end && *at == c ? static_cast<node_id>(at - label.begin()) : none;
  };

  // fail[v]: the node of the longest proper suffix of v's string that is in the trie. Found in
  // breadth-first order, from the parent's; along each pattern's path the depth of the failure
  // link grows by at most 1 per byte and shrinks with each link followed: ≤ Σ|p| links in all.
  std::vector<node_id> fail(nodes, 0);
  for (node_id u = 1; u < nodes; ++u) {  // a child of the root fails to the root
    for (node_id v = first[u]; v < first[u + 1]; ++v) {
      node_id f = fail[u];
      while (true) {
        if (node_id w = child(f, label[v]); w != none) {
          fail[v] = w;
          break;
        }
        if (f == 0) break;
        f = fail[f];
        ++count;
      }
    }
  }

  // The scan: the state after each byte is the longest suffix of the text so far that is in
  // the trie. Each failure link followed shortens it, each byte lengthens it by at most 1.
  std::vector<unsigned char> seen(nodes, 0);
  seen[0] = 1;
  node_id q = 0;
  for (char byte : text) {
    const auto c = static_cast<unsigned char>(byte);
    while (true) {
      if (node_id w = child(q, c); w != none) {
        q = w;
        break;
      }
      if (q == 0) break;
      q = fail[q];
      ++count;
    }
    seen[q] = 1;
  }
  // A pattern occurs where it is a suffix of a state: its node is on a seen node's chain of
  // failure links. A link goes to a shallower node, so children come after it and the chains
  // are marked in one pass from the back.
  for (node_id v = nodes; v-- > 1;) {
    if (seen[v]) seen[fail[v]] = 1;
  }
  std::vector<bool> found(patterns.size());
  for (std::size_t i = 0; i < patterns.size(); ++i) found[i] = seen[terminal[i]] != 0;
  count_work(count);
  return found;
}

}  // namespace ssprules::inline SSPRULES_ABI::detail
