// `ssprules bench POLICY CASES [--as-of D] [--threads N]`: decodes the records first, then
// times evaluation alone, so that a policy author can measure their policy on their data.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "commands.hpp"
#include "options.hpp"
#include "policy_input.hpp"
#include "record_input.hpp"
#include "ssprules/compile.hpp"
#include "ssprules/evaluate.hpp"
#include "ssprules/reader.hpp"
#include "terminal.hpp"

namespace ssprules::cli {

int bench_command(const std::vector<std::string>& args) {
  options opts = options::parse(args, {"as-of", "threads", "input"}, {"strict"});
  if (opts.positionals.size() != 2) throw usage_error("give a policy file and a cases file (or -)");
  date as_of = as_of_option(opts);
  unsigned threads = 1;
  if (auto t = opts.value("threads")) {
    try {
      std::size_t used = 0;
      int n = std::stoi(*t, &used);
      if (used != t->size() || n < 0 || n > 1024) throw std::invalid_argument("range");
      threads = static_cast<unsigned>(n);
    } catch (const std::exception&) {
      throw usage_error("`--threads " + *t + "`: give a whole number (0: one per core)");
    }
  }
  std::optional<program> loaded = load_policy("bench", opts.positionals[0], "nothing was measured");
  if (!loaded) return 2;
  const program& prog = *loaded;

  // decode everything first: the timing below is evaluation alone
  std::ifstream file;
  std::istream* in = &std::cin;
  const std::string& cases = opts.positionals[1];
  if (cases != "-") {
    open_records_file(file, cases, "cases file");
    in = &file;
  }
  unknown_fields_rule fields("bench", unknown_fields_option(opts, prog), prog);
  std::optional<record_format> format = input_format(opts, cases);
  record_reader reader(*in, format, prog);
  record_batch batch(prog);
  facts record;
  while (reader.next(record)) batch.push_back(record);  // all decoded before anything is timed
  if (fields.refuse_after_first(reader) || fields.at_end(reader)) return 2;
  if (reader.header_error()) {
    std::fprintf(stderr, "ssprules bench: %s: %s\n", terminal_text(cases).c_str(),
                 terminal_text(*reader.header_error()).c_str());
    return 2;
  }
  if (batch.size() == 0) {
    std::fprintf(stderr, "ssprules bench: `%s` holds no records\n", terminal_text(cases).c_str());
    return 2;
  }

  // passes until half a second has gone by (at least 3), and the median pass
  result_batch out;
  evaluate_batch(prog, batch, as_of, out, threads);  // warm up: memory, caches
  std::vector<double> seconds;
  double total = 0;
  while (seconds.size() < 3 || (total < 0.5 && seconds.size() < 1000)) {
    auto start = std::chrono::steady_clock::now();
    evaluate_batch(prog, batch, as_of, out, threads);
    std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    seconds.push_back(took.count());
    total += took.count();
  }
  std::sort(seconds.begin(), seconds.end());
  double median = seconds[seconds.size() / 2];
  std::size_t errors = 0;
  for (std::size_t i = 0; i < out.size(); ++i) errors += out.ok(i) ? 0 : 1;
  std::printf(
      "{\"records\": %zu, \"seconds\": %.6f, \"records_per_second\": %.0f, \"passes\": %zu, "
      "\"threads\": %u, \"records_with_errors\": %zu}\n",
      batch.size(), median, static_cast<double>(batch.size()) / median, seconds.size(),
      threads == 0 ? std::max(1U, std::thread::hardware_concurrency()) : threads, errors);
  return 0;
}

}  // namespace ssprules::cli
