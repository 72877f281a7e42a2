// Writers of decisions: JSON Lines, CSV and an aligned table, buffered to stdout.
#pragma once

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "ssprules/evaluate.hpp"

namespace ssprules::cli {

/// Output formats of `ssprules eval`.
enum class output_format { jsonl, csv, table };

/// Writes one decision per call, in order; streams (except the table, which aligns columns and
/// so holds its rows until `finish`).
class record_output {
 public:
  virtual ~record_output() = default;
  virtual void write(const decision& d) = 0;
  virtual void finish() = 0;

  /// The writer for a format; `outputs` are the policy's output names.
  static std::unique_ptr<record_output> make(output_format format,
                                             const std::vector<std::string>& outputs,
                                             bool explain, std::FILE* out);
};

}  // namespace ssprules::cli
