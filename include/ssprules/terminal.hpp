// Text from policies, records and test files made safe to print on a terminal: the escaping
// that the CLI and the diagnostics renderer use, for embedders that show such text too.
#pragma once
#include "ssprules/version.hpp"  // first: the C++20 check
#ifndef SSPRULES_FIRST_HEADER
#  define SSPRULES_FIRST_HEADER 20  // header-first: see the end of this file
#endif

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ssprules/detail/config.hpp"
#include "ssprules/detail/utf8.hpp"

namespace ssprules::inline SSPRULES_ABI {

/// Whether `terminal_text` keeps line feeds (multi-line text such as an explanation) or escapes
/// them (one line or one table cell: a record id, a test name).
enum class line_breaks : std::uint8_t { escape, keep };

/// `text` made safe and visible on a terminal: the one function behind every text from a
/// policy, a record or a test file that the CLI and the diagnostics renderer print (diagnostics,
/// tables, explanations, test names). Control characters are escaped, never obeyed: tab, carriage
/// return and line feed as `\t`, `\r`, `\n` (a line feed is kept as it is with
/// `line_breaks::keep`), other C0 controls and DEL as `\x1b`, C1 controls and the invisible
/// bidirectional and line-separator characters as `\u0085`, and each byte of ill-formed UTF-8 as
/// `\xff`. A NUL so cannot cut a line short, an escape sequence cannot clear the screen or set the
/// window title, and a right- to-left override cannot reorder a line. Other text, backslashes
/// included, passes unchanged: the result is ASCII-compatible UTF-8 whose code points are its
/// display columns (for the usual one-column characters).
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
      const std::size_t n = detail::utf8_sequence_length(text.data() + i, text.size() - i);
      if (n == 0) {
        byte_escape(c);  // ill-formed UTF-8: each byte shown as it is
        ++i;
        continue;
      }
      const std::uint32_t cp = detail::utf8_code_point(text.substr(i, n));
      if (detail::terminal_control(cp)) {
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

}  // namespace ssprules::inline SSPRULES_ABI

// Header-first: in the one translation unit that defines SSPRULES_IMPLEMENTATION, the first
// ssprules header it includes brings every definition once it is complete (detail/config.hpp).
#if defined(SSPRULES_IMPLEMENTATION) && SSPRULES_FIRST_HEADER == 20
#  include "ssprules/impl/all.ipp"
#endif
