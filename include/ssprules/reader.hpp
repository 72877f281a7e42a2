// Streaming readers of case records (CSV, JSON Lines) that decode each record for a program.
#pragma once
#include "ssprules/version.hpp"  // first: the C++20 check
#ifndef SSPRULES_FIRST_HEADER
#  define SSPRULES_FIRST_HEADER 13  // header-first: see the end of this file
#endif

#include <cstdint>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ssprules/compile.hpp"
#include "ssprules/record.hpp"

namespace ssprules::inline SSPRULES_ABI {

/// Formats of case record files.
enum class record_format : std::uint8_t {
  csv,    ///< RFC 4180: a header row, quoted fields, CRLF or LF; an empty cell is absent
  jsonl,  ///< one JSON object per line; null is absent
};

/// The format a file name implies (`.csv`; `.jsonl`, `.ndjson`, `.json`), if any.
[[nodiscard]] std::optional<record_format> format_of_path(std::string_view path);

/// Reads records one at a time from a stream (memory stays flat however many there are) and
/// decodes each for a program. Every line of the input other than a CSV header yields exactly
/// one `facts` (a CSV record may span lines inside quotes): a malformed one, or a blank line
/// where a record was expected, carries a record error (SR1008) naming the line, and reading
/// goes on with the next.
/// Thread-compatible: one reader per stream, used by one thread at a time.
class record_reader {
 public:
  /// Reads `in` as `format`; without one, the format is detected: JSON Lines when the first
  /// character after a UTF-8 byte order mark and blank space is `{`, else CSV. Detection reads
  /// nothing that the records lose.
  record_reader(std::istream& in, std::optional<record_format> format, const program& prog);
  ~record_reader();
  record_reader(const record_reader&) = delete;
  record_reader& operator=(const record_reader&) = delete;

  /// Decodes the next record into `out`; false at the end of the input.
  bool next(facts& out);
  /// A problem with the CSV header (empty, malformed, duplicate names); set after the first
  /// call of `next`, which then returns false.
  [[nodiscard]] const std::optional<std::string>& header_error() const noexcept;
  /// Field names in the input that are not inputs of the policy (ignored), as first seen (at
  /// most 1,000). For CSV all are known once the header is read (after the first `next`).
  [[nodiscard]] const std::vector<std::string>& unknown_fields() const noexcept;
  /// The format read (given or detected).
  [[nodiscard]] record_format format() const noexcept;
  /// The 1-based line on which the last record read starts.
  [[nodiscard]] std::uint64_t line() const noexcept;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace ssprules::inline SSPRULES_ABI

// Header-first: in the one translation unit that defines SSPRULES_IMPLEMENTATION, the first
// ssprules header it includes brings every definition once it is complete (detail/config.hpp).
#if defined(SSPRULES_IMPLEMENTATION) && SSPRULES_FIRST_HEADER == 13
#  include "ssprules/impl/all.ipp"
#endif
