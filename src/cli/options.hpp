// Command-line arguments: positionals and `--name value` / `--flag` options.
#pragma once

#include <fstream>
#include <istream>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "ssprules/calendar.hpp"
#include "ssprules/evaluate.hpp"
#include "ssprules/reader.hpp"

namespace ssprules::cli {

/// A usage mistake: printed with the command's usage, exit status 2.
class usage_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Parsed arguments of one command.
struct options {
  std::vector<std::string> positionals;
  std::map<std::string, std::string> values;  ///< --name value
  std::set<std::string> flags;                ///< --flag

  /// Parses `args`; `valued` options take a value, `flags` do not; anything else starting with
  /// `--` is a usage error. A lone `-` is a positional (stdin).
  static options parse(const std::vector<std::string>& args, const std::set<std::string>& valued,
                       const std::set<std::string>& flags);

  [[nodiscard]] bool has(const std::string& flag) const { return flags.count(flag) != 0; }
  [[nodiscard]] std::optional<std::string> value(const std::string& name) const;
};

/// Parses a `--as-of` value, or today's local date when absent.
date as_of_option(const options& opts);

/// Parses a `--lang` value (`en` or `da`, English when absent), the one parser of every command
/// that writes words (`explain`, `doc`); a usage error naming the languages otherwise.
language lang_option(const options& opts);

/// The format of a cases file: `--input csv|jsonl`, else the file's extension; nullopt lets
/// the record reader detect it from the first character (`{`: JSON Lines).
std::optional<record_format> input_format(const options& opts, const std::string& path);

/// Opens a file of case records (a stream, read as it comes rather than through `read_file`):
/// a usage error naming `what` ("cases file") and `path` when it is a directory or cannot be
/// opened.
void open_records_file(std::ifstream& file, const std::string& path, const std::string& what);

}  // namespace ssprules::cli
