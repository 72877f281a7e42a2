// UTF-8 validation helpers for record input and output. Internal: no stability promise.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "ssprules/version.hpp"

namespace ssprules::inline SSPRULES_ABI::detail {

/// Returns the length (1 to 4) of the well-formed UTF-8 sequence at `p`, or 0 when it is
/// ill-formed: a stray continuation byte, an overlong form, a surrogate, a code point above
/// U+10FFFF, or a sequence truncated by `available`. Requires `available >= 1`.
[[nodiscard]] inline std::size_t utf8_sequence_length(const char* p,
                                                      std::size_t available) noexcept {
  const auto b0 = static_cast<unsigned char>(p[0]);
  if (b0 < 0x80) {
    return 1;
  }
  const auto continuation = [](unsigned char b) { return (b & 0xC0U) == 0x80U; };
  if (b0 < 0xC2) {  // a continuation byte, or 0xC0/0xC1 (always overlong)
    return 0;
  }
  if (b0 < 0xE0) {
    return available >= 2 && continuation(static_cast<unsigned char>(p[1])) ? 2 : 0;
  }
  if (b0 < 0xF0) {
    if (available < 3) {
      return 0;
    }
    const auto b1 = static_cast<unsigned char>(p[1]);
    if (!continuation(b1) || !continuation(static_cast<unsigned char>(p[2]))) {
      return 0;
    }
    if (b0 == 0xE0 && b1 < 0xA0) {  // overlong
      return 0;
    }
    if (b0 == 0xED && b1 > 0x9F) {  // U+D800..U+DFFF
      return 0;
    }
    return 3;
  }
  if (b0 < 0xF5) {
    if (available < 4) {
      return 0;
    }
    const auto b1 = static_cast<unsigned char>(p[1]);
    if (!continuation(b1) || !continuation(static_cast<unsigned char>(p[2])) ||
        !continuation(static_cast<unsigned char>(p[3]))) {
      return 0;
    }
    if (b0 == 0xF0 && b1 < 0x90) {  // overlong
      return 0;
    }
    if (b0 == 0xF4 && b1 > 0x8F) {  // above U+10FFFF
      return 0;
    }
    return 4;
  }
  return 0;
}

/// Returns the byte offset of the first ill-formed UTF-8 sequence in `s`, or
/// `std::string_view::npos` when `s` is entirely well-formed.
[[nodiscard]] inline std::size_t first_invalid_utf8(std::string_view s) noexcept {
  const char* const data = s.data();
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    // ASCII fast path: eight bytes at a time.
    while (n - i >= 8) {
      std::uint64_t word = 0;
      std::memcpy(&word, data + i, 8);
      if ((word & 0x8080808080808080ULL) != 0) {
        break;
      }
      i += 8;
    }
    while (i < n && static_cast<unsigned char>(data[i]) < 0x80) {
      ++i;
    }
    if (i == n) {
      break;
    }
    const std::size_t length = utf8_sequence_length(data + i, n - i);
    if (length == 0) {
      return i;
    }
    i += length;
  }
  return std::string_view::npos;
}

/// Returns true when `s` is well-formed UTF-8 (no overlongs, surrogates, code points above
/// U+10FFFF or truncated sequences).
[[nodiscard]] inline bool valid_utf8(std::string_view s) noexcept {
  return first_invalid_utf8(s) == std::string_view::npos;
}

/// Returns true when every byte of `s` is below 0x80.
[[nodiscard]] inline bool is_ascii(std::string_view s) noexcept {
  const char* const data = s.data();
  const std::size_t n = s.size();
  std::size_t i = 0;
  std::uint64_t any = 0;
  for (; n - i >= 8; i += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, data + i, 8);
    any |= word;
  }
  for (; i < n; ++i) {
    any |= static_cast<unsigned char>(data[i]);
  }
  return (any & 0x8080808080808080ULL) == 0;
}

/// Counts the code points in `s`, taken as the bytes that are not UTF-8 continuation bytes
/// (so ill-formed input still yields a sensible column number).
[[nodiscard]] inline std::size_t count_code_points(std::string_view s) noexcept {
  std::size_t count = 0;
  for (const char c : s) {
    count += (static_cast<unsigned char>(c) & 0xC0U) != 0x80U ? 1U : 0U;
  }
  return count;
}

/// Appends the UTF-8 encoding of code point `cp` (which must be at most U+10FFFF and not a
/// surrogate) to any string-like `out` with `push_back(char)`.
template <class String>
inline void append_utf8(String& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0U | (cp >> 6)));
    out.push_back(static_cast<char>(0x80U | (cp & 0x3FU)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0U | (cp >> 12)));
    out.push_back(static_cast<char>(0x80U | ((cp >> 6) & 0x3FU)));
    out.push_back(static_cast<char>(0x80U | (cp & 0x3FU)));
  } else {
    out.push_back(static_cast<char>(0xF0U | (cp >> 18)));
    out.push_back(static_cast<char>(0x80U | ((cp >> 12) & 0x3FU)));
    out.push_back(static_cast<char>(0x80U | ((cp >> 6) & 0x3FU)));
    out.push_back(static_cast<char>(0x80U | (cp & 0x3FU)));
  }
}

/// The code point of the well-formed UTF-8 sequence `s` (1 to 4 bytes).
[[nodiscard]] inline std::uint32_t utf8_code_point(std::string_view s) noexcept {
  const auto b = [&](std::size_t i) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(s[i]));
  };
  switch (s.size()) {
    case 1:
      return b(0);
    case 2:
      return ((b(0) & 0x1FU) << 6U) | (b(1) & 0x3FU);
    case 3:
      return ((b(0) & 0x0FU) << 12U) | ((b(1) & 0x3FU) << 6U) | (b(2) & 0x3FU);
    default:
      return ((b(0) & 0x07U) << 18U) | ((b(1) & 0x3FU) << 12U) | ((b(2) & 0x3FU) << 6U) |
             (b(3) & 0x3FU);
  }
}

/// True for the code points a terminal obeys or that change how the rest of a line reads
/// rather than showing a glyph: C0 controls, DEL, C1 controls (U+0080 to U+009F), the line and
/// paragraph separators (U+2028, U+2029) and the bidirectional formatting characters (U+061C,
/// U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069).
[[nodiscard]] inline bool terminal_control(std::uint32_t cp) noexcept {
  return cp < 0x20U || (cp >= 0x7FU && cp <= 0x9FU) || cp == 0x61CU || cp == 0x200EU ||
         cp == 0x200FU || cp == 0x2028U || cp == 0x2029U || (cp >= 0x202AU && cp <= 0x202EU) ||
         (cp >= 0x2066U && cp <= 0x2069U);
}

}  // namespace ssprules::inline SSPRULES_ABI::detail
