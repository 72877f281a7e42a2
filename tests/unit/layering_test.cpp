// The pipeline is layered one way: a file under include/ssprules/ may include only files of its
// own stage or of an earlier one (parse -> check -> machine -> compile -> record -> evaluate ->
// tools). This test reads every `#include "ssprules/..."` line and fails on an edge against
// that order, and on a file that is not placed in a stage (place a new file in `stages` below).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

enum stage : int { base, parse, check, machine, compile, record, evaluate, tools };

const char* const stage_names[] = {"base",    "parse",  "check",    "machine",
                                   "compile", "record", "evaluate", "tools"};

// Every file under include/ssprules/, by path relative to it.
const std::map<std::string, stage>& stages() {
  static const std::map<std::string, stage> m = {
      // what every stage may use: texts, positions, diagnostics, dates, values, readers
      {"version.hpp", base},
      {"error.hpp", base},
      {"record_error.hpp", base},
      {"source.hpp", base},
      {"diagnostic.hpp", base},
      {"terminal.hpp", base},
      {"calendar.hpp", base},
      {"value.hpp", base},
      {"detail/config.hpp", base},
      {"detail/civil.hpp", base},
      {"detail/utf8.hpp", base},
      {"detail/work.hpp", base},
      {"detail/suggest.hpp", base},
      {"detail/sha256.hpp", base},
      {"detail/read_buffer.hpp", base},
      {"detail/csv.hpp", base},
      {"detail/json.hpp", base},
      {"detail/numerals.hpp", base},
      {"detail/parallel.hpp", base},
      {"detail/opcodes.hpp", base},  // the machine's vocabulary, named by the function table
      {"detail/search.hpp", base},
      {"detail/codes.hpp", base},  // the registry of diagnostic and record-error codes
      {"impl/source.ipp", base},
      {"impl/diagnostic.ipp", base},
      {"impl/calendar.ipp", base},
      {"impl/value.ipp", base},
      // parse: YAML text -> rule_document
      {"parse.hpp", parse},
      {"detail/scalar_locator.hpp", parse},
      {"detail/files.hpp", parse},
      {"impl/parse.ipp", parse},
      {"impl/parse_calendar.ipp", parse},
      {"detail/working_days.hpp", parse},
      {"impl/expression_parser.ipp", parse},
      {"impl/yaml_reader.ipp", parse},
      // check: names, types, dependencies, tables, citations
      {"check.hpp", check},
      {"graph.hpp", check},
      {"detail/checked.hpp", check},
      {"detail/functions.hpp", check},
      {"impl/check.ipp", check},
      {"impl/check_state.ipp", check},
      {"impl/check_dependencies.ipp", check},
      {"impl/check_lists.ipp", check},
      {"impl/check_expressions.ipp", check},
      {"impl/check_rules.ipp", check},
      {"impl/check_sources.ipp", check},
      {"impl/check_calendar.ipp", check},
      {"impl/check_imports.ipp", check},
      {"detail/bundled_calendars.hpp", check},
      {"impl/check_tests.ipp", check},
      {"impl/table_analysis.ipp", check},
      {"impl/graph.ipp", check},
      // the machine: instruction set and interpreter, used by compile and evaluate
      {"detail/machine.hpp", machine},
      {"impl/machine.ipp", machine},
      // compile: checked rules -> program
      {"compile.hpp", compile},
      {"detail/program.hpp", compile},
      {"impl/compile.ipp", compile},
      {"impl/compile_expressions.ipp", compile},
      {"impl/program.ipp", compile},
      // records: raw fields -> facts for a program
      {"record.hpp", record},
      {"reader.hpp", record},
      {"detail/json_values.hpp", record},
      {"impl/record.ipp", record},
      {"impl/reader.ipp", record},
      // evaluate: program + facts -> decision
      {"evaluate.hpp", evaluate},
      {"detail/text_lists.hpp", evaluate},
      {"detail/vocabulary.hpp", evaluate},  // the words of explanations and policy pages
      {"impl/evaluate.ipp", evaluate},
      {"impl/explain_conditions.ipp", evaluate},
      // tools built on the pipeline
      {"alternatives.hpp", tools},
      {"decision_record.hpp", tools},
      {"diff.hpp", tools},
      {"doc.hpp", tools},
      {"policy_store.hpp", tools},
      {"testing.hpp", tools},
      {"ssprules.hpp", tools},
      {"detail/candidates.hpp", tools},
      {"impl/alternatives.ipp", tools},
      {"impl/boundaries.ipp", tools},
      {"impl/decision_record.ipp", tools},
      {"impl/diff.ipp", tools},
      {"impl/doc.ipp", tools},
      {"impl/policy_store.ipp", tools},
      {"impl/svg.ipp", tools},
      {"impl/testing.ipp", tools},
      {"impl/all.ipp", tools},  // every definition, for the SSPRULES_IMPLEMENTATION unit
  };
  return m;
}

struct include_edge {
  std::string from, to;
  int line = 0;
};

std::vector<include_edge> includes_of(const fs::path& root, const std::string& file) {
  static const std::regex include_line(R"(^\s*#\s*include\s*"ssprules/([^"]+)\")");
  std::ifstream in(root / file);
  std::vector<include_edge> out;
  std::string text;
  int line = 0;
  while (std::getline(in, text)) {
    ++line;
    std::smatch m;
    if (std::regex_search(text, m, include_line)) out.push_back({file, m[1].str(), line});
  }
  return out;
}

const fs::path include_root = fs::path(SSPRULES_SOURCE_DIR) / "include" / "ssprules";

std::vector<std::string> all_files() {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(include_root)) {
    if (e.is_regular_file()) out.push_back(fs::relative(e.path(), include_root).generic_string());
  }
  return out;
}

TEST(Layering, EveryFileHasAStage) {
  std::vector<std::string> files = all_files();
  ASSERT_GT(files.size(), 40U);
  for (const std::string& f : files) {
    EXPECT_TRUE(stages().count(f)) << f << " is in no stage: add it to `stages` in " << __FILE__;
  }
  for (const auto& [f, s] : stages()) {
    EXPECT_TRUE(fs::exists(include_root / f)) << f << " is listed but does not exist";
  }
}

TEST(Layering, NoFileIncludesALaterStage) {
  std::size_t edges = 0;
  for (const std::string& f : all_files()) {
    auto from = stages().find(f);
    if (from == stages().end()) continue;  // reported by EveryFileHasAStage
    for (const include_edge& e : includes_of(include_root, f)) {
      ++edges;
      // the header-first switch at the end of every public header: in the one translation
      // unit that defines SSPRULES_IMPLEMENTATION it brings the definitions, nothing else
      if (e.to == "impl/all.ipp") continue;
      auto to = stages().find(e.to);
      ASSERT_NE(to, stages().end()) << f << ":" << e.line << " includes unknown " << e.to;
      EXPECT_LE(to->second, from->second)
          << f << ":" << e.line << " (" << stage_names[from->second] << ") includes " << e.to
          << " (" << stage_names[to->second] << "), a later stage";
    }
  }
  EXPECT_GT(edges, 100U);  // the includes were read
}

// The check itself: an edge against the order is found.
TEST(Layering, AnEdgeAgainstTheOrderIsFound) {
  fs::path dir = fs::temp_directory_path() / "ssprules-layering-test";
  fs::create_directories(dir / "impl");
  std::ofstream(dir / "impl" / "check.ipp") << "#include <vector>\n"
                                            << "  #  include \"ssprules/detail/program.hpp\"\n";
  std::vector<include_edge> edges = includes_of(dir, "impl/check.ipp");
  ASSERT_EQ(edges.size(), 1U);
  EXPECT_EQ(edges[0].to, "detail/program.hpp");
  EXPECT_EQ(edges[0].line, 2);
  EXPECT_GT(stages().at(edges[0].to), stages().at(edges[0].from));
  fs::remove_all(dir);
}

}  // namespace
