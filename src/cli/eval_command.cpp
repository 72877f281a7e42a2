// `ssprules eval POLICY CASES`: evaluates case records, one output line per input record.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"
#include "options.hpp"
#include "policy_input.hpp"
#include "record_input.hpp"
#include "record_output.hpp"
#include "ssprules/compile.hpp"
#include "ssprules/decision_record.hpp"
#include "ssprules/error.hpp"
#include "ssprules/evaluate.hpp"
#include "ssprules/reader.hpp"
#include "ssprules/source.hpp"
#include "terminal.hpp"

namespace ssprules::cli {
namespace {

// The key of the decision records' input hash: `--key-file FILE` (its first line) or the
// environment variable SSPRULES_RECORD_KEY; at least `min_record_key_bytes` bytes.
std::string record_key(const options& opts) {
  constexpr std::size_t max_key_file_bytes = 64U << 10U;  // a key file holds one line
  std::string key;
  std::string from;
  if (auto path = opts.value("key-file")) {
    file_contents f = read_file(*path, max_key_file_bytes);
    if (!f.ok()) throw usage_error("cannot read the key file `" + *path + "`: " + f.reason);
    key = f.text.substr(0, f.text.find('\n'));
    if (!key.empty() && key.back() == '\r') key.pop_back();
    from = "the key file `" + *path + "`";
  } else if (const char* env = std::getenv("SSPRULES_RECORD_KEY")) {
    key = env;
    from = "SSPRULES_RECORD_KEY";
  } else {
    throw usage_error(
        "`--records` needs a secret key for the hash of the inputs: "
        "`--key-file FILE` or the environment variable SSPRULES_RECORD_KEY");
  }
  try {
    check_record_key(key);
  } catch (const error& e) {
    throw usage_error(from + ": " + e.what());
  }
  return key;
}

output_format format_option(const options& opts) {
  std::string f = opts.value("format").value_or("jsonl");
  if (f == "jsonl") return output_format::jsonl;
  if (f == "csv") return output_format::csv;
  if (f == "table") return output_format::table;
  throw usage_error("`--format " + f + "`: choose jsonl, csv or table");
}

}  // namespace

int eval_command(const std::vector<std::string>& args) {
  options opts = options::parse(args, {"as-of", "format", "input", "records", "key-file"},
                                {"explain", "strict"});
  if (opts.positionals.size() != 2) throw usage_error("give a policy file and a cases file (or -)");
  const std::string& policy_path = opts.positionals[0];
  const std::string& cases_path = opts.positionals[1];
  date as_of = as_of_option(opts);
  output_format format = format_option(opts);
  bool explain = opts.has("explain");

  // decision records: the key of the inputs' hash from a file or SSPRULES_RECORD_KEY (never an
  // argument, which other users of the machine can read)
  std::ofstream records_out;
  std::string key;
  if (auto records_path = opts.value("records")) {
    key = record_key(opts);
    // an audit trail: appended to, never truncated
    records_out.open(*records_path, std::ios::binary | std::ios::app);
    if (!records_out) throw usage_error("cannot write decision records to `" + *records_path + "`");
  } else if (opts.value("key-file")) {
    throw usage_error("`--key-file` goes with `--records FILE`");
  }

  std::optional<program> loaded = load_policy("eval", policy_path, "nothing was evaluated");
  if (!loaded) return 2;
  const program& prog = *loaded;

  // strict mode reads JSON Lines ahead for their field names (stdin through a temporary file)
  unknown_fields_rule fields("eval", unknown_fields_option(opts, prog), prog);
  std::optional<record_format> fmt = input_format(opts, cases_path);
  std::optional<spooled_stdin> spooled;
  std::string path = cases_path;
  if (fields.needs_scan(fmt)) {
    if (cases_path == "-") {
      spooled.emplace();
      path = spooled->path();
    }
    std::ifstream scan;
    open_records_file(scan, path, "cases file");
    if (fields.refuse_after_scan(scan, fmt)) return 2;
  }
  std::ifstream file;
  std::istream* in = &std::cin;
  if (path != "-") {
    open_records_file(file, path, "cases file");
    in = &file;
  } else {
    std::ios::sync_with_stdio(false);
  }
  record_reader reader(*in, fmt, prog);

  auto out = record_output::make(format, prog.outputs(), explain, stdout);
  evaluate_options eval_opts;
  eval_opts.explain = explain;
  facts record;
  std::size_t records = 0;
  std::size_t failed = 0;
  bool more = reader.next(record);
  if (fields.refuse_after_first(reader)) return 2;  // CSV: the header tells, before any output
  for (; more; more = reader.next(record)) {
    decision d = evaluate(prog, record, as_of, eval_opts);
    if (records_out.is_open()) records_out << decision_record(prog, record, as_of, key) << '\n';
    ++records;
    if (!d.ok()) ++failed;
    out->write(d);
  }
  (void)fields.at_end(reader);  // JSON Lines: the warning (strict mode refused earlier)
  out->finish();
  if (records_out.is_open() && !records_out.flush()) {
    std::fprintf(stderr, "ssprules eval: error: writing the decision records failed\n");
    return 2;
  }
  if (reader.header_error()) {
    std::fprintf(stderr, "ssprules eval: %s: %s\n", terminal_text(cases_path).c_str(),
                 terminal_text(*reader.header_error()).c_str());
    return 2;
  }
  if (failed > 0) {
    std::fprintf(stderr, "ssprules eval: %zu of %zu records had errors\n", failed, records);
  }
  return failed == 0 ? 0 : 1;
}

}  // namespace ssprules::cli
