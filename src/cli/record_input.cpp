#include "record_input.hpp"

#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "ssprules/error.hpp"
#include "ssprules/record.hpp"
#include "terminal.hpp"

namespace ssprules::cli {

spooled_stdin::spooled_stdin() {
  namespace fs = std::filesystem;
  std::string name = "ssprules-" + std::to_string(::getpid()) + ".cases";
  path_ = (fs::temp_directory_path() / name).string();
  std::ofstream out(path_, std::ios::binary | std::ios::trunc);
  out << std::cin.rdbuf();  // failbit alone means stdin was empty
  bool failed = !out.is_open() || out.bad() || std::cin.bad();
  out.clear();
  out.close();
  if (failed || out.fail()) {
    std::error_code ec;
    fs::remove(path_, ec);
    throw error("cannot copy stdin to the temporary file `" + path_ + "`");
  }
}

spooled_stdin::~spooled_stdin() {
  std::error_code ec;
  std::filesystem::remove(path_, ec);
}

unknown_fields_mode unknown_fields_option(const options& opts, const program& prog) {
  return opts.has("strict") ? unknown_fields_mode::error : prog.unknown_fields();
}

bool unknown_fields_rule::report(const std::vector<std::string>& names) {
  if (reported_ || names.empty() || mode_ == unknown_fields_mode::ignore) return false;
  reported_ = true;
  record_decoder decoder(prog_);
  std::vector<unknown_field> fields = decoder.unknown_fields(std::span<const std::string>(names));
  bool refused = mode_ == unknown_fields_mode::error;
  std::string line = std::string("ssprules ") + command_ + (refused ? ": error: " : ": warning: ") +
                     unknown_fields_message(prog_, fields, refused) + "\n";
  put(stderr, terminal_text(line, line_breaks::keep));
  return refused;
}

bool unknown_fields_rule::refuse_after_scan(std::istream& in,
                                            std::optional<record_format>& format) {
  record_reader scan(in, format, prog_);
  facts record;
  while (scan.next(record)) {
  }
  format = scan.format();
  return report(scan.unknown_fields());
}

bool unknown_fields_rule::refuse_after_first(const record_reader& reader) {
  if (reader.format() != record_format::csv) return false;
  return report(reader.unknown_fields());
}

bool unknown_fields_rule::at_end(const record_reader& reader) {
  return report(reader.unknown_fields());
}

}  // namespace ssprules::cli
