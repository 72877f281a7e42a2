// Positions inside YAML scalars: maps an offset in a scalar's value to the file. No stability
// promise.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "ssprules/source.hpp"

namespace ssprules::detail {

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
    if (p < raw.size() && (raw[p] == '|' || raw[p] == '>')) {
      while (p < raw.size() && raw[p] != '\n') ++p;  // skip the block scalar header
    } else if (p < raw.size() && (raw[p] == '"' || raw[p] == '\'')) {
      ++p;
    }
    offsets_.reserve(value.size() + 1);
    auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    for (char c : value) {
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

}  // namespace ssprules::detail
