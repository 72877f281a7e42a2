// Substring search in linear time, for checking quoted passages against their documents.
// No stability promise.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace ssprules::detail {

/// The first offset of `needle` in `text` (0 for an empty needle), or `npos`. Knuth–Morris–Pratt:
/// at most 2·|text| + 2·|needle| character comparisons whatever the input (`std::string::find`
/// may make |text|·|needle|); they are added to `*comparisons` when it is given, so that tests
/// can count the work instead of timing it.
inline std::size_t find_text(std::string_view text, std::string_view needle,
                             std::size_t* comparisons = nullptr) {
  const std::size_t m = needle.size();
  if (m == 0) return 0;
  if (m > text.size()) return std::string_view::npos;
  std::size_t count = 0;
  // Extends the match of length `q` by `c`: the new length. Each comparison either ends the
  // step (one per character) or shortens `q` (never more often than `q` grew): 2 per character.
  auto step = [&](const std::vector<std::size_t>& border, std::size_t q, char c) {
    while (true) {
      ++count;
      if (c == needle[q]) return q + 1;
      if (q == 0) return q;
      q = border[q - 1];
    }
  };
  // border[i]: length of the longest proper border (prefix that is also a suffix) of needle[0..i]
  std::vector<std::size_t> border(m, 0);
  for (std::size_t i = 1, k = 0; i < m; ++i) {
    k = step(border, k, needle[i]);
    border[i] = k;
  }
  std::size_t found = std::string_view::npos;
  for (std::size_t i = 0, q = 0; i < text.size(); ++i) {
    q = step(border, q, text[i]);
    if (q == m) {
      found = i + 1 - m;
      break;
    }
  }
  if (comparisons) *comparisons += count;
  return found;
}

}  // namespace ssprules::detail
