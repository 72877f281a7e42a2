// Text meant for a terminal, made safe to print. Internal: no stability promise.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ssprules/detail/utf8.hpp"

namespace ssprules::detail {

/// Whether `terminal_text` keeps line feeds (multi-line text such as an explanation) or escapes
/// them (one line or one table cell: a record id, a test name).
enum class line_breaks : std::uint8_t { escape, keep };

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

/// `text` made safe and visible on a terminal: the one function behind every text from a
/// policy, a record or a test file that the CLI prints (diagnostics, tables, explanations,
/// test names). Control characters are escaped, never obeyed: tab, carriage return and line
/// feed as `\t`, `\r`, `\n` (a line feed is kept as it is with `line_breaks::keep`), other C0
/// controls and DEL as `\x1b`, C1 controls and the invisible bidirectional and line-separator
/// characters as `\u0085`, and each byte of ill-formed UTF-8 as `\xff`. A NUL so cannot cut a
/// line short, an escape sequence cannot clear the screen or set the window title, and a right-
/// to-left override cannot reorder a line. Other text, backslashes included, passes unchanged:
/// the result is ASCII-compatible UTF-8 whose code points are its display columns (for the
/// usual one-column characters).
[[nodiscard]] inline std::string terminal_text(std::string_view text,
                                               line_breaks breaks = line_breaks::escape) {
  static constexpr char hex[] = "0123456789abcdef";
  std::size_t i = 0;
  while (i < text.size() && static_cast<unsigned char>(text[i]) >= 0x20U &&
         static_cast<unsigned char>(text[i]) < 0x7FU) {
    ++i;  // fast path: printable ASCII
  }
  if (i == text.size()) return std::string(text);
  std::string out(text.substr(0, i));
  out.reserve(text.size() + 16);
  auto byte_escape = [&](unsigned char c) {
    out += "\\x";
    out += hex[c >> 4U];
    out += hex[c & 0x0FU];
  };
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20U && c < 0x7FU) {
      out += static_cast<char>(c);
      ++i;
    } else if (c < 0x80U) {
      if (c == '\n') {
        out += breaks == line_breaks::keep ? "\n" : "\\n";
      } else if (c == '\t') {
        out += "\\t";
      } else if (c == '\r') {
        out += "\\r";
      } else {
        byte_escape(c);
      }
      ++i;
    } else {
      const std::size_t n = utf8_sequence_length(text.data() + i, text.size() - i);
      if (n == 0) {
        byte_escape(c);  // ill-formed UTF-8: each byte shown as it is
        ++i;
        continue;
      }
      const std::uint32_t cp = utf8_code_point(text.substr(i, n));
      if (terminal_control(cp)) {
        out += "\\u";
        for (int shift = 12; shift >= 0; shift -= 4)
          out += hex[(cp >> static_cast<unsigned>(shift)) & 0x0FU];
      } else {
        out.append(text.data() + i, n);
      }
      i += n;
    }
  }
  return out;
}

}  // namespace ssprules::detail
