// `ssprules eval POLICY CASES`: evaluates case records, one output line per input record.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"
#include "options.hpp"
#include "record_output.hpp"
#include "ssprules/compile.hpp"
#include "ssprules/evaluate.hpp"
#include "ssprules/reader.hpp"

namespace ssprules::cli {
namespace {

output_format format_option(const options& opts) {
  std::string f = opts.value("format").value_or("jsonl");
  if (f == "jsonl") return output_format::jsonl;
  if (f == "csv") return output_format::csv;
  if (f == "table") return output_format::table;
  throw usage_error("`--format " + f + "`: choose jsonl, csv or table");
}

}  // namespace

int eval_command(const std::vector<std::string>& args) {
  options opts = options::parse(args, {"as-of", "format", "input"}, {"explain"});
  if (opts.positionals.size() != 2) throw usage_error("give a policy file and a cases file (or -)");
  const std::string& policy_path = opts.positionals[0];
  const std::string& cases_path = opts.positionals[1];
  date as_of = as_of_option(opts);
  output_format format = format_option(opts);
  bool explain = opts.has("explain");

  load_result loaded = load(policy_path);
  std::fputs(render(loaded.diagnostics).c_str(), stderr);
  if (!loaded.ok()) {
    std::fprintf(stderr, "ssprules eval: `%s` does not check (%s); nothing was evaluated\n",
                 policy_path.c_str(), summarize(loaded.diagnostics).c_str());
    return 2;
  }
  const program& prog = loaded.prog;

  std::ifstream file;
  std::istream* in = &std::cin;
  if (cases_path != "-") {
    file.open(cases_path, std::ios::binary);
    if (!file) throw usage_error("cannot open cases file `" + cases_path + "`");
    in = &file;
  } else {
    std::ios::sync_with_stdio(false);
  }
  record_format fmt = input_format(opts, cases_path, *in);
  record_reader reader(*in, fmt, prog);

  std::vector<std::string> names;
  for (const output_info& o : prog.outputs()) names.push_back(o.name);
  auto out = record_output::make(format, names, explain, stdout);
  evaluate_options eval_opts;
  eval_opts.explain = explain;
  facts record;
  std::size_t records = 0;
  std::size_t failed = 0;
  bool warned = false;
  while (reader.next(record)) {
    decision d = evaluate(prog, record, as_of, eval_opts);
    ++records;
    if (!d.ok()) ++failed;
    out->write(d);
    if (!warned && !reader.unknown_fields().empty()) {
      warned = true;
      std::string list;
      for (const auto& u : reader.unknown_fields()) list += (list.empty() ? "`" : ", `") + u + "`";
      std::fprintf(stderr, "ssprules eval: warning: %s %s not an input of `%s` and ignored\n",
                   list.c_str(), reader.unknown_fields().size() == 1 ? "is" : "are",
                   prog.id().c_str());
    }
  }
  out->finish();
  if (reader.header_error()) {
    std::fprintf(stderr, "ssprules eval: %s: %s\n", cases_path.c_str(),
                 reader.header_error()->c_str());
    return 2;
  }
  if (failed > 0) {
    std::fprintf(stderr, "ssprules eval: %zu of %zu records had errors\n", failed, records);
  }
  return failed == 0 ? 0 : 1;
}

}  // namespace ssprules::cli
