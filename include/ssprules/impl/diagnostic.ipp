// Definitions for diagnostic.hpp: the one diagnostics renderer.
#include <algorithm>
#include <string>
#include <string_view>

#include "ssprules/diagnostic.hpp"
#include "ssprules/terminal.hpp"

namespace ssprules::inline SSPRULES_ABI {
namespace detail {

// Text from a policy made safe to print: the one terminal-text function (terminal.hpp)
// escapes control characters and ill-formed UTF-8 (`\x1b`, `\t`, `\xff`). A policy's bytes never
// reach the terminal raw: a NUL would cut the output short (C strings), an escape sequence would
// be obeyed.
SSPRULES_INLINE std::string printable(std::string_view text) { return terminal_text(text); }

// Number of code points in a UTF-8 byte range.
SSPRULES_INLINE std::size_t code_points(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
  }));
}

SSPRULES_INLINE void render_location(std::string& out, const source_span& at) {
  if (at.file) {
    out += printable(at.file->name());
    if (at.line != 0) {
      out += ':' + std::to_string(at.line) + ':' + std::to_string(at.column);
    }
    out += ": ";
  }
}

// The source line with a caret under the span, gutter width fitted to the line number.
SSPRULES_INLINE void render_excerpt(std::string& out, const source_span& at) {
  if (!at.valid()) return;
  std::string_view line = at.file->line_text(at.line);
  std::string number = std::to_string(at.line);
  std::string gutter(number.size() + 4, ' ');
  out += "   " + number + " | " + printable(line) + '\n';
  // The caret covers the span's part on this line as printed (an escape such as `\x1b` stands
  // for one byte and takes four columns), at least one column.
  std::size_t line_begin = at.file->line_start(at.line);
  std::size_t span_begin = std::max<std::size_t>(at.offset, line_begin);
  std::size_t span_end = std::min<std::size_t>(at.offset + at.length, line_begin + line.size());
  std::size_t width =
      span_end > span_begin
          ? code_points(printable(line.substr(span_begin - line_begin, span_end - span_begin)))
          : 0;
  std::string_view before = line.substr(0, span_begin - line_begin);
  std::size_t shift = code_points(printable(before)) - code_points(before);
  out += gutter + "| " + std::string(at.column - 1 + shift, ' ') + '^';
  if (width > 1) out += std::string(width - 1, '~');
  out += '\n';
}

}  // namespace detail

SSPRULES_INLINE std::string render(const diagnostic& d) {
  std::string out;
  detail::render_location(out, d.at);
  out += d.level == severity::error ? "error[" : "warning[";
  out += d.code + "]: " + detail::printable(d.message) + '\n';
  detail::render_excerpt(out, d.at);
  for (const note& n : d.notes) {
    if (n.at.valid() && !(n.at.file == d.at.file && n.at.offset == d.at.offset)) {
      detail::render_location(out, n.at);
      out += "note: " + detail::printable(n.message) + '\n';
      detail::render_excerpt(out, n.at);
    } else {
      std::string gutter = d.at.valid() ? std::string(std::to_string(d.at.line).size() + 4, ' ')
                                        : std::string(4, ' ');
      out += gutter + "= note: " + detail::printable(n.message) + '\n';
    }
  }
  return out;
}

SSPRULES_INLINE std::string render(const std::vector<diagnostic>& ds) {
  std::string out;
  for (const diagnostic& d : ds) out += render(d);
  return out;
}

SSPRULES_INLINE std::string summarize(const std::vector<diagnostic>& ds) {
  std::size_t errors = 0;
  std::size_t warnings = 0;
  for (const diagnostic& d : ds) (d.level == severity::error ? errors : warnings) += 1;
  auto plural = [](std::size_t n, const char* word) {
    return std::to_string(n) + ' ' + word + (n == 1 ? "" : "s");
  };
  if (errors == 0 && warnings == 0) return {};
  if (warnings == 0) return plural(errors, "error");
  if (errors == 0) return plural(warnings, "warning");
  return plural(errors, "error") + ", " + plural(warnings, "warning");
}

SSPRULES_INLINE bool has_errors(const std::vector<diagnostic>& ds) noexcept {
  return std::any_of(ds.begin(), ds.end(),
                     [](const diagnostic& d) { return d.level == severity::error; });
}

SSPRULES_INLINE rules_error::rules_error(std::vector<diagnostic> diagnostics)
    : error(render(diagnostics) + summarize(diagnostics)), diagnostics_(std::move(diagnostics)) {}

}  // namespace ssprules::inline SSPRULES_ABI
