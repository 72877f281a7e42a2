// What the CLI prints: written by length, and text from policies, records and test files
// escaped for the terminal (ssprules/terminal.hpp).
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

#include "ssprules/terminal.hpp"

namespace ssprules::cli {

/// Writes `text` to `out` by its length: a NUL in it is written, never the end of it.
inline void put(std::FILE* out, std::string_view text) {
  if (!text.empty()) std::fwrite(text.data(), 1, text.size(), out);
}

/// Writes multi-line text for a terminal (an explanation, a report): control characters
/// escaped, line feeds kept.
inline void print(std::FILE* out, std::string_view text) {
  put(out, terminal_text(text, line_breaks::keep));
}

}  // namespace ssprules::cli
