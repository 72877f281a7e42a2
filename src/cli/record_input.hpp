// The case records a command reads (eval, explain, bench, diff): opened from a file or stdin,
// and their fields held against the policy's inputs, the same way in every command.
#pragma once

#include <cstdio>
#include <fstream>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "options.hpp"
#include "ssprules/compile.hpp"
#include "ssprules/reader.hpp"

namespace ssprules::cli {

/// Standard input copied to a temporary file (removed again), for input read more than once.
class spooled_stdin {
 public:
  spooled_stdin();
  ~spooled_stdin();
  spooled_stdin(const spooled_stdin&) = delete;
  spooled_stdin& operator=(const spooled_stdin&) = delete;
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  std::string path_;
};

/// What to do with fields that are not inputs: `--strict` makes it `error`, else the policy's
/// `unknown_fields:` (default `warn`).
[[nodiscard]] unknown_fields_mode unknown_fields_option(const options& opts, const program& prog);

/// Applies the unknown-field rule to one input of one command: a warning on stderr once per
/// input (CSV: after the header, before any output; JSON Lines: at the end, naming every field
/// seen), or in strict mode a refusal before anything is evaluated.
class unknown_fields_rule {
 public:
  unknown_fields_rule(const char* command, unknown_fields_mode mode, const program& prog)
      : command_(command), mode_(mode), prog_(prog) {}

  /// Strict mode and input that is not known to be CSV: the fields must be read ahead.
  [[nodiscard]] bool needs_scan(std::optional<record_format> format) const {
    return mode_ == unknown_fields_mode::error && format != record_format::csv;
  }
  /// Reads all of `in` for its field names (strict mode, JSON Lines); true when it must be
  /// refused (the error is printed). Gives the format found.
  [[nodiscard]] bool refuse_after_scan(std::istream& in, std::optional<record_format>& format);
  /// After the reader's first `next`: true when the input must be refused (printed).
  [[nodiscard]] bool refuse_after_first(const record_reader& reader);
  /// After the last record: the warning for JSON Lines; true when refused (bench, which reads
  /// everything before it evaluates).
  bool at_end(const record_reader& reader);

 private:
  // Prints the warning or the error for `names`, once; true when refused.
  bool report(const std::vector<std::string>& names);

  const char* command_;
  unknown_fields_mode mode_;
  const program& prog_;
  bool reported_ = false;
};

}  // namespace ssprules::cli
