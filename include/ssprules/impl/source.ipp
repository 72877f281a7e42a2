// Definitions for source.hpp.
#include <algorithm>
#include <fstream>
#include <iterator>
#include <sstream>

#include "ssprules/source.hpp"

namespace ssprules {

SSPRULES_INLINE source::source(std::string name, std::string text)
    : name_(std::move(name)), text_(std::move(text)) {
  line_starts_.push_back(0);
  block_code_points_.reserve(text_.size() / block + 1);
  std::uint32_t count = 0;
  for (std::size_t i = 0; i < text_.size(); ++i) {
    if (i % block == 0) block_code_points_.push_back(count);
    if ((static_cast<unsigned char>(text_[i]) & 0xC0U) != 0x80U) ++count;
    if (text_[i] == '\n' && i + 1 < text_.size()) line_starts_.push_back(i + 1);
  }
}

SSPRULES_INLINE std::size_t source::code_points_before(std::size_t offset) const noexcept {
  if (offset == 0 || block_code_points_.empty()) return 0;
  std::size_t b = std::min(offset / block, block_code_points_.size() - 1);
  std::size_t count = block_code_points_[b];
  for (std::size_t i = b * block; i < offset; ++i) {
    if ((static_cast<unsigned char>(text_[i]) & 0xC0U) != 0x80U) ++count;
  }
  return count;
}

SSPRULES_INLINE std::shared_ptr<const source> source::from_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw error("cannot open `" + path + "`: no such file or not readable");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw error("cannot read `" + path + "`");
  return std::make_shared<const source>(path, std::move(buffer).str());
}

SSPRULES_INLINE std::shared_ptr<const source> source::from_string(std::string name,
                                                                  std::string text) {
  return std::make_shared<const source>(std::move(name), std::move(text));
}

SSPRULES_INLINE std::size_t source::line_start(std::uint32_t line) const noexcept {
  if (line == 0) return 0;
  if (line > line_starts_.size()) return text_.size();
  return line_starts_[line - 1];
}

SSPRULES_INLINE std::string_view source::line_text(std::uint32_t line) const noexcept {
  if (line == 0 || line > line_starts_.size()) return {};
  std::size_t begin = line_starts_[line - 1];
  std::size_t end = line < line_starts_.size() ? line_starts_[line] : text_.size();
  while (end > begin && (text_[end - 1] == '\n' || text_[end - 1] == '\r')) --end;
  return std::string_view(text_).substr(begin, end - begin);
}

SSPRULES_INLINE position source::position_of(std::size_t offset) const noexcept {
  offset = std::min(offset, text_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  auto line = static_cast<std::uint32_t>(it - line_starts_.begin());
  std::size_t begin = line_starts_[line - 1];
  auto column = static_cast<std::uint32_t>(code_points_before(offset) - code_points_before(begin) + 1);
  return {line, column};
}

SSPRULES_INLINE source_span source_span::at(std::shared_ptr<const source> file,
                                            std::size_t offset, std::size_t length) {
  source_span span;
  if (!file) return span;
  offset = std::min(offset, file->text().size());
  length = std::min(length, file->text().size() - offset);
  position pos = file->position_of(offset);
  span.offset = static_cast<std::uint32_t>(offset);
  span.length = static_cast<std::uint32_t>(length);
  span.line = pos.line;
  span.column = pos.column;
  span.file = std::move(file);
  return span;
}

}  // namespace ssprules
