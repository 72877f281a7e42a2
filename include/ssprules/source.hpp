// A policy's text and positions in it: the first stage's input.
#pragma once
#include "ssprules/version.hpp"  // first: the C++20 check
#ifndef SSPRULES_FIRST_HEADER
#  define SSPRULES_FIRST_HEADER 16  // header-first: see the end of this file
#endif

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ssprules/detail/config.hpp"
#include "ssprules/error.hpp"

namespace ssprules::inline SSPRULES_ABI {

/// A 1-based line and column; columns count Unicode code points, not bytes.
/// Thread-compatible.
struct position {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

/// A named, immutable text: a policy file, a test file, or a string given to `loads`.
/// Immutable: safe to share between threads (diagnostics and programs share one).
class source {
 public:
  /// Makes a source from a display name (usually the path) and its full text.
  source(std::string name, std::string text);

  /// Reads a file with `read_file` (at most `default_max_file_bytes`, 16 MiB); throws
  /// `ssprules::error` when it cannot be read. `load` reports the same failures as diagnostics.
  [[nodiscard]] static std::shared_ptr<const source> from_file(const std::string& path);
  /// Wraps a string; `name` is what diagnostics print as the file name.
  [[nodiscard]] static std::shared_ptr<const source> from_string(std::string name,
                                                                 std::string text);

  /// The display name given at construction.
  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  /// The whole text.
  [[nodiscard]] const std::string& text() const noexcept { return text_; }
  /// Line and column of a byte offset (clamped to the end of the text).
  [[nodiscard]] position position_of(std::size_t offset) const noexcept;
  /// The text of a 1-based line, without its line end; empty past the last line.
  [[nodiscard]] std::string_view line_text(std::uint32_t line) const noexcept;
  /// Byte offset at which a 1-based line starts.
  [[nodiscard]] std::size_t line_start(std::uint32_t line) const noexcept;
  /// Number of lines (a final line without a newline counts).
  [[nodiscard]] std::uint32_t line_count() const noexcept {
    return static_cast<std::uint32_t>(line_starts_.size());
  }

 private:
  /// Code points in text_[0, offset).
  [[nodiscard]] std::size_t code_points_before(std::size_t offset) const noexcept;

  std::string name_;
  std::string text_;
  std::vector<std::size_t> line_starts_;  // invariant: line_starts_[0] == 0, ascending
  // Code points before each block of `block` bytes, so that a column costs O(block) however
  // long its line is (positions of 10,000 items on one line stay linear overall).
  static constexpr std::size_t block = 64;
  std::vector<std::uint32_t> block_code_points_;
};

/// Where something is in a source: a byte range plus its 1-based line and column.
/// Thread-compatible.
struct source_span {
  std::shared_ptr<const source> file;
  std::uint32_t offset = 0;
  std::uint32_t length = 0;
  std::uint32_t line = 0;  ///< 0 when the span points nowhere
  std::uint32_t column = 0;

  /// Makes the span of `length` bytes at `offset` in `file`.
  [[nodiscard]] static source_span at(std::shared_ptr<const source> file, std::size_t offset,
                                      std::size_t length);
  /// True when the span points into a file.
  [[nodiscard]] bool valid() const noexcept { return file != nullptr && line != 0; }
  /// The text the span covers (empty when it points nowhere); valid while `file` lives.
  [[nodiscard]] std::string_view text() const noexcept;
};

/// The largest policy, source or test file read by default (16 MiB;
/// `parse_options::max_file_bytes`).
inline constexpr std::size_t default_max_file_bytes = 16U << 20U;

/// Why `read_file` gave no text.
enum class read_error : std::uint8_t {
  none,         ///< the file was read
  missing,      ///< no such file (or a folder on its path is missing)
  not_regular,  ///< a directory, FIFO, device or socket: never read (it may never end)
  unreadable,   ///< permission denied, or an error while reading
  too_large,    ///< larger than the limit (seen before reading, or while reading)
};

/// What `read_file` gives: a file's whole text, or why there is none.
/// Thread-compatible.
struct file_contents {
  std::string text;  ///< the whole file when `ok()`
  read_error error = read_error::none;
  /// When not `ok()`: what went wrong, lowercase, e.g. `not a regular file (a directory)`,
  /// `no such file`, `file is 20000000 bytes; the limit is 16777216`.
  std::string reason;
  [[nodiscard]] bool ok() const noexcept { return error == read_error::none; }
};

/// Reads a whole regular file of at most `limit` bytes: the one reader behind every file the
/// engine reads (policies, cited documents, test files, decision-record key files). It opens
/// without blocking (a FIFO without a writer does not wait), refuses anything that is not a
/// regular file before reading (`/dev/zero` never ends), refuses a file whose size is over
/// `limit` before reading, and reads at most `limit + 1` bytes (a file that grows while it is
/// read is refused too). Never throws for a file it cannot read.
[[nodiscard]] file_contents read_file(const std::string& path, std::size_t limit);

/// A function that reads a file as `read_file` does (same limit, same failures), for callers
/// that supply files from elsewhere than the disk: `check_options::read_file`.
using file_reader = std::function<file_contents(const std::string& path, std::size_t limit)>;

}  // namespace ssprules::inline SSPRULES_ABI

// Header-first: in the one translation unit that defines SSPRULES_IMPLEMENTATION, the first
// ssprules header it includes brings every definition once it is complete (detail/config.hpp).
#if defined(SSPRULES_IMPLEMENTATION) && SSPRULES_FIRST_HEADER == 16
#  include "ssprules/impl/all.ipp"
#endif
