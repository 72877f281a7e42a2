// Positions inside YAML scalars: maps an offset in a scalar's value to the file. No stability
// promise.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ssprules/detail/work.hpp"
#include "ssprules/source.hpp"
#include "ssprules/version.hpp"

namespace ssprules::inline SSPRULES_ABI::detail {

/// Maps offsets in the value of a YAML scalar (after unquoting and folding) back to byte offsets
/// in the file, so that an error inside an expression points at the right column even in quoted
/// and multi-line scalars.
class scalar_locator {
 public:
  /// An identity mapping for a value that is itself the file text from `raw_begin` on.
  scalar_locator(std::shared_ptr<const source> file, std::size_t raw_begin)
      : file_(std::move(file)), identity_base_(raw_begin) {}

  /// Aligns `value` with the raw text that starts at `raw_begin` (a quote, a block indicator
  /// or the first character of a plain scalar).
  scalar_locator(std::shared_ptr<const source> file, std::size_t raw_begin, std::string_view value)
      : file_(std::move(file)) {
    const std::string& raw = file_->text();
    std::size_t p = std::min(raw_begin, raw.size());
    bool double_quoted = false;
    if (p < raw.size() && (raw[p] == '|' || raw[p] == '>')) {
      while (p < raw.size() && raw[p] != '\n') ++p;  // skip the block scalar header
    } else if (p < raw.size() && (raw[p] == '"' || raw[p] == '\'')) {
      double_quoted = raw[p] == '"';
      ++p;
    }
    offsets_.reserve(value.size() + 1);
    count_work(value.size() + 1);
    auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    for (std::size_t i = 0; i < value.size(); ++i) {
      char c = value[i];
      if (double_quoted && p + 1 < raw.size() && raw[p] == '\\' && raw[p + 1] != '\n') {
        // an escape: all the bytes it stands for map to its backslash
        auto [raw_length, bytes] = escape_size(raw, p);
        for (std::size_t k = 0; k < bytes && i + k < value.size(); ++k) {
          offsets_.push_back(static_cast<std::uint32_t>(p));
        }
        i += bytes - 1;
        p += raw_length;
        continue;
      }
      if (is_space(c)) {
        offsets_.push_back(static_cast<std::uint32_t>(p));
        if (p < raw.size() && is_space(raw[p])) ++p;
        continue;
      }
      // skip folding whitespace, escapes and quote doubling until the character shows up
      std::size_t q = p;
      while (q < raw.size() && raw[q] != c &&
             (is_space(raw[q]) || raw[q] == '\\' || raw[q] == '"' || raw[q] == '\'')) {
        ++q;
      }
      if (q < raw.size() && raw[q] == c) p = q;
      offsets_.push_back(static_cast<std::uint32_t>(p));
      if (p < raw.size()) ++p;
    }
    offsets_.push_back(static_cast<std::uint32_t>(p));
  }

  /// The raw length of the escape at raw[p] (a backslash) in a double-quoted YAML scalar and
  /// the number of UTF-8 bytes it stands for.
  static std::pair<std::size_t, std::size_t> escape_size(const std::string& raw, std::size_t p) {
    auto utf8_bytes = [](unsigned long cp) -> std::size_t {
      return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    };
    auto hex = [&](std::size_t digits) -> std::pair<std::size_t, std::size_t> {
      std::size_t end = std::min(raw.size(), p + 2 + digits);
      unsigned long cp = std::strtoul(raw.substr(p + 2, end - (p + 2)).c_str(), nullptr, 16);
      return {2 + digits, utf8_bytes(cp)};
    };
    switch (raw[p + 1]) {
      case 'x':
        return hex(2);
      case 'u':
        return hex(4);
      case 'U':
        return hex(8);
      case 'N':
      case '_':
        return {2, 2};  // U+0085, U+00A0
      case 'L':
      case 'P':
        return {2, 3};  // U+2028, U+2029
      default:
        return {2, 1};
    }
  }

  /// The span of value bytes [begin, end).
  [[nodiscard]] source_span span(std::size_t begin, std::size_t end) const {
    std::size_t b = file_offset(begin);
    std::size_t e = file_offset(end == begin ? end : end - 1) + (end == begin ? 0 : 1);
    return source_span::at(file_, b, e > b ? e - b : 0);
  }

  [[nodiscard]] const std::shared_ptr<const source>& file() const noexcept { return file_; }

 private:
  [[nodiscard]] std::size_t file_offset(std::size_t value_offset) const {
    if (offsets_.empty()) return identity_base_ + value_offset;
    return offsets_[std::min(value_offset, offsets_.size() - 1)];
  }

  std::shared_ptr<const source> file_;
  std::size_t identity_base_ = 0;
  std::vector<std::uint32_t> offsets_;  // invariant: empty (identity) or value.size() + 1 long
};

}  // namespace ssprules::inline SSPRULES_ABI::detail
