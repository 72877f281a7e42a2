// `ssprules explain POLICY --case FILE|JSON [--as-of D] [--lang en|da]`: the reasons for each
// output of one case (or of each case in a file): the deciding case or table row, the values it
// used and the sources it rests on; what would have to differ for another value (why not), and
// which outputs depend on missing optional inputs (undetermined). In English or Danish.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "options.hpp"
#include "policy_input.hpp"
#include "record_input.hpp"
#include "ssprules/alternatives.hpp"
#include "ssprules/compile.hpp"
#include "ssprules/detail/vocabulary.hpp"
#include "ssprules/evaluate.hpp"
#include "ssprules/reader.hpp"
#include "terminal.hpp"

namespace ssprules::cli {

int explain_command(const std::vector<std::string>& args) {
  options opts = options::parse(args, {"case", "as-of", "lang", "input"}, {"strict"});
  if (opts.positionals.size() != 1) throw usage_error("give one policy file");
  auto given = opts.value("case");
  if (!given || given->empty()) {
    throw usage_error(
        "give the case: `--case FILE` (CSV or JSON Lines, `-` for stdin) or "
        "`--case '{\"birth_date\": \"2008-02-29\", …}'`");
  }
  const language lang = lang_option(opts);
  date as_of = as_of_option(opts);

  const std::string& policy_path = opts.positionals[0];
  std::optional<program> loaded = load_policy("explain", policy_path, "nothing was explained");
  if (!loaded) return 2;
  const program& prog = *loaded;

  // the case: a JSON object given inline, or a file of records
  std::istringstream inline_case;
  std::ifstream file;
  std::istream* in = &std::cin;
  std::string path = *given;
  if (given->front() == '{') {
    inline_case.str(*given + "\n");
    in = &inline_case;
    path = "case.jsonl";
  } else if (*given != "-") {
    open_records_file(file, *given, "case file");
    in = &file;
  }
  unknown_fields_rule fields("explain", unknown_fields_option(opts, prog), prog);
  std::optional<record_format> format = input_format(opts, path);
  std::optional<spooled_stdin> spooled;
  if (fields.needs_scan(format)) {  // strict: read JSON Lines ahead for their field names
    if (in == &inline_case) {
      std::istringstream scan(inline_case.str());
      if (fields.refuse_after_scan(scan, format)) return 2;
    } else {
      if (in == &std::cin) {
        spooled.emplace();
        open_records_file(file, spooled->path(), "case file");
        in = &file;
      }
      std::ifstream scan;
      open_records_file(scan, spooled ? spooled->path() : *given, "case file");
      if (fields.refuse_after_scan(scan, format)) return 2;
    }
  }
  record_reader reader(*in, format, prog);

  facts record;
  std::size_t records = 0;
  std::size_t failed = 0;
  const detail::vocabulary& words = detail::words(lang);
  const char* for_word = words.case_record;
  const char* on_word = words.on_date;
  bool more = reader.next(record);
  if (fields.refuse_after_first(reader)) return 2;
  for (; more; more = reader.next(record)) {
    decision d = evaluate(prog, record, as_of, {.explain = true});
    ++records;
    std::string title = d.id().empty() ? "#" + std::to_string(records) : terminal_text(d.id());
    std::printf("%s== %s %s %s %s\n", records > 1 ? "\n" : "", for_word, title.c_str(), on_word,
                d.as_of().to_string().c_str());
    if (!d.ok()) {
      ++failed;
      std::printf("%s %s: %s\n", words.error, d.error()->code.c_str(),
                  terminal_text(d.error()->message).c_str());
    }
    print(stdout, explain_record(prog, record, as_of, lang));
  }
  (void)fields.at_end(reader);
  if (reader.header_error()) {
    std::fprintf(stderr, "ssprules explain: %s: %s\n", terminal_text(path).c_str(),
                 terminal_text(*reader.header_error()).c_str());
    return 2;
  }
  if (records == 0) {
    std::fprintf(stderr, "ssprules explain: no case in `%s`\n", terminal_text(*given).c_str());
    return 2;
  }
  return failed == 0 ? 0 : 1;
}

}  // namespace ssprules::cli
