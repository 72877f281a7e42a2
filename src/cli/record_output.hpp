// Writers of decisions: JSON Lines, CSV and an aligned table, buffered to stdout.
#pragma once

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "ssprules/compile.hpp"
#include "ssprules/evaluate.hpp"

namespace ssprules::cli {

/// Output formats of `ssprules eval`.
enum class output_format { jsonl, csv, table };

/// Writes one decision per call, in order, in flat memory: JSON Lines and CSV stream; the table
/// holds a first block of rows to measure its columns, then streams too.
class record_output {
 public:
  virtual ~record_output() = default;
  virtual void write(const decision& d) = 0;
  virtual void finish() = 0;

  /// The writer for a format; `outputs` are the policy's outputs (names and types).
  static std::unique_ptr<record_output> make(output_format format,
                                             const std::vector<output_info>& outputs, bool explain,
                                             std::FILE* out);
};

}  // namespace ssprules::cli
