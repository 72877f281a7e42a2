// The conformance suite: every folder under tests/conformance/ is one case, checked by one
// parameterised test that compares what the engine produces with the folder's expected.txt.
//
// A case folder holds:
//   rules.yaml    the policy
//   facts.yaml    optional: `as_of: YYYY-MM-DD` (the default evaluation date) and `records:`, a
//                 list of mappings (field name -> value; `id` and `as_of` allowed)
//   expected.txt  the golden output (see below)
//   sources/      optional: documents the policy cites with `file:` (see "Loading")
//
// The output of a case:
//   - the policy does not load (any error): `ssprules::render(diagnostics)` and then one line
//     with `ssprules::summarize(diagnostics)`;
//   - it loads: the rendered warnings (if any), then one line per record of facts.yaml with
//     `decision::to_json()` of `ssprules::evaluate(...)`; the same records are evaluated as a
//     `record_batch` too, and a record whose batch result differs gets a `batch differs:` line.
//
// Loading: the policy is loaded with `ssprules::load_string(text, "rules.yaml")`, so rendered
// diagnostics name `rules.yaml` whatever the checkout path. A case whose policy cites documents
// by `file:` (quotes are verified against files relative to the policy) keeps them in a
// `sources/` subfolder; such a case is loaded with `ssprules::load(<case>/rules.yaml)` and the
// absolute `<case>/` prefix is removed from the output, so it reads the same.
//
// Record fields are decoded like the test runner does (`detail::field_of` in testing.ipp): YAML
// null (`~`, `null`, empty) is absent, a quoted scalar is a string, a plain scalar is untyped
// text. A YAML list is a list (its mappings items of a list of records), as the JSON Lines
// reader reads an array; a mapping as a field value, or a list inside an item, becomes
// `field_value::invalid`, so that the wrong-type error can be shown too.
//
// SSPRULES_UPDATE_GOLDEN=1 rewrites each expected.txt with the actual output (the test then
// passes); review the diff like code.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ssprules/ssprules.hpp"

namespace {

namespace fs = std::filesystem;

fs::path conformance_root() { return fs::path(SSPRULES_SOURCE_DIR) / "tests" / "conformance"; }

/// The case folders, sorted by name; empty when the root is missing.
std::vector<std::string> case_names() {
  std::vector<std::string> names;
  std::error_code ec;
  if (!fs::is_directory(conformance_root(), ec)) return names;
  for (const auto& entry : fs::directory_iterator(conformance_root(), ec)) {
    if (entry.is_directory()) names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return std::move(buffer).str();
}

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error("cannot write " + path.string());
  out << text;
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  if (from.empty()) return;
  for (std::size_t pos = text.find(from); pos != std::string::npos;
       pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
}

/// What the raw fields of one record view into: texts, the items of lists and the fields of
/// list items (deques, so that what was handed out stays where it is).
struct field_storage {
  std::deque<std::string> texts;
  std::deque<std::vector<ssprules::field_value>> items;
  std::deque<std::vector<std::pair<std::string_view, ssprules::field_value>>> fields;
};

/// A field's YAML value as the decoder's raw input (mirrors `detail::field_of`): a sequence is
/// a list and a mapping in it an item of a list of records, as the JSON Lines reader gives a
/// JSON array and its objects; any other list or mapping is `field_value::invalid`.
ssprules::field_value field_of(const YAML::Node& v, field_storage& storage, int depth = 0) {
  if (!v.IsDefined() || v.IsNull()) return ssprules::field_value::absent();
  if (v.IsSequence() && depth == 0) {
    std::vector<ssprules::field_value>& items = storage.items.emplace_back();
    items.reserve(v.size());
    for (const YAML::Node& item : v) items.push_back(field_of(item, storage, 1));
    return ssprules::field_value::list(items);
  }
  if (v.IsMap() && depth == 1) {
    auto& fields = storage.fields.emplace_back();
    for (const auto& kv : v) {
      const std::string& name = storage.texts.emplace_back(kv.first.Scalar());
      fields.emplace_back(name, field_of(kv.second, storage, 2));
    }
    return ssprules::field_value::record(fields);
  }
  if (!v.IsScalar()) return ssprules::field_value::invalid("a list or mapping");
  bool quoted = v.Tag() == "!";
  const std::string& text = storage.texts.emplace_back(v.Scalar());
  if (!quoted && (text == "~" || text == "null" || text == "Null" || text == "NULL")) {
    return ssprules::field_value::absent();
  }
  return quoted ? ssprules::field_value::string(text) : ssprules::field_value::text(text);
}

/// One decision per record of facts.yaml, as JSON lines.
std::string evaluate_facts(const ssprules::program& prog, const fs::path& facts_path) {
  YAML::Node root = YAML::LoadFile(facts_path.string());
  if (!root.IsMap()) throw std::runtime_error("facts.yaml must be a mapping");
  YAML::Node as_of_node = root["as_of"];
  std::optional<ssprules::date> as_of;
  if (as_of_node && as_of_node.IsScalar()) as_of = ssprules::date::parse(as_of_node.Scalar());
  if (!as_of) throw std::runtime_error("facts.yaml needs `as_of: YYYY-MM-DD`");
  YAML::Node records = root["records"];
  if (!records || !records.IsSequence()) {
    throw std::runtime_error("facts.yaml needs `records:`, a list of mappings");
  }
  ssprules::record_decoder decoder(prog);
  ssprules::record_batch batch(prog);
  std::vector<std::string> lines;
  for (const YAML::Node& record : records) {
    if (!record.IsMap()) throw std::runtime_error("each record in facts.yaml is a mapping");
    field_storage storage;  // the decoder's field values view into it
    std::vector<std::pair<std::string_view, ssprules::field_value>> fields;
    for (const auto& kv : record) {
      const std::string& name = storage.texts.emplace_back(kv.first.Scalar());
      fields.emplace_back(name, field_of(kv.second, storage));
    }
    ssprules::facts facts;
    decoder.decode(fields, facts);
    lines.push_back(ssprules::evaluate(prog, facts, *as_of).to_json());
    batch.push_back(facts);
  }
  // the columnar batch path must agree with `evaluate` on every record; where it does not,
  // its line follows the record's (and the golden comparison fails)
  ssprules::result_batch columns;
  ssprules::evaluate_batch(prog, batch, *as_of, columns, 1);
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    out += lines[i] + '\n';
    std::string id = batch.id(i);
    std::string from_batch = columns.to_json(i, batch.has_id(i) ? &id : nullptr);
    if (from_batch != lines[i]) out += "batch differs: " + from_batch + '\n';
  }
  return out;
}

/// What the engine produces for a case folder.
std::string actual_output(const fs::path& dir) {
  const fs::path policy = dir / "rules.yaml";
  const bool with_files = fs::is_directory(dir / "sources");
  ssprules::load_result loaded;
  std::string out;
  try {
    loaded = with_files ? ssprules::load(policy.string())
                        : ssprules::load_string(read_file(policy), "rules.yaml");
  } catch (const std::exception& e) {
    // load reports problems of the policy as diagnostics; an exception here is an engine bug,
    // shown in the output so that the diff makes it visible
    return std::string("exception while loading: ") + e.what() + '\n';
  }
  if (!loaded.ok()) {
    out = ssprules::render(loaded.diagnostics) + ssprules::summarize(loaded.diagnostics) + '\n';
  } else {
    out = ssprules::render(loaded.diagnostics);  // warnings only
    if (fs::exists(dir / "facts.yaml")) out += evaluate_facts(loaded.prog, dir / "facts.yaml");
  }
  if (with_files) replace_all(out, dir.string() + "/", "");
  return out;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t begin = 0;
  while (begin < text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(begin, end - begin));
    begin = end + 1;
  }
  if (!text.empty() && text.back() != '\n') lines.back() += "  (no newline at end)";
  return lines;
}

/// A unified-style line diff (longest common subsequence, 3 lines of context).
std::string unified_diff(const std::string& expected, const std::string& actual) {
  const std::vector<std::string> a = split_lines(expected);
  const std::vector<std::string> b = split_lines(actual);
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  std::vector<std::vector<std::size_t>> lcs(n + 1, std::vector<std::size_t>(m + 1, 0));
  for (std::size_t i = n; i-- > 0;) {
    for (std::size_t j = m; j-- > 0;) {
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  struct edit {
    char op;           // ' ', '-', '+'
    std::size_t i, j;  // line in a, line in b (0-based, at this point of the walk)
  };
  std::vector<edit> edits;
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] == b[j]) {
      edits.push_back({' ', i++, j++});
    } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      edits.push_back({'-', i++, j});
    } else {
      edits.push_back({'+', i, j++});
    }
  }
  std::string out = "--- expected.txt\n+++ actual\n";
  constexpr std::size_t context = 3;
  std::size_t k = 0;
  while (k < edits.size()) {
    if (edits[k].op == ' ') {
      ++k;
      continue;
    }
    std::size_t start = k >= context ? k - context : 0;
    std::size_t end = k;
    // extend the hunk while changes are within 2 * context lines of each other
    std::size_t last_change = k;
    while (end < edits.size() && end <= last_change + 2 * context) {
      if (edits[end].op != ' ') last_change = end;
      ++end;
    }
    end = std::min(edits.size(), last_change + context + 1);
    std::size_t a_count = 0;
    std::size_t b_count = 0;
    for (std::size_t e = start; e < end; ++e) {
      if (edits[e].op != '+') ++a_count;
      if (edits[e].op != '-') ++b_count;
    }
    out += "@@ -" + std::to_string(edits[start].i + 1) + ',' + std::to_string(a_count) + " +" +
           std::to_string(edits[start].j + 1) + ',' + std::to_string(b_count) + " @@\n";
    for (std::size_t e = start; e < end; ++e) {
      const std::string& line = edits[e].op == '+' ? b[edits[e].j] : a[edits[e].i];
      out += edits[e].op + line + '\n';
    }
    k = end;
  }
  return out;
}

bool update_golden() {
  const char* v = std::getenv("SSPRULES_UPDATE_GOLDEN");
  return v != nullptr && std::string_view(v) == "1";
}

/// A gtest parameter name: the folder name with every other character than [A-Za-z0-9_]
/// replaced by `_`.
std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  for (char& c : name) {
    bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) c = '_';
  }
  return name.empty() ? std::string("_") : name;
}

class Conformance : public ::testing::TestWithParam<std::string> {};

TEST_P(Conformance, MatchesExpected) {
  const fs::path dir = conformance_root() / GetParam();
  ASSERT_TRUE(fs::exists(dir / "rules.yaml")) << dir.string() << " has no rules.yaml";
  std::string actual;
  try {
    actual = actual_output(dir);
  } catch (const std::exception& e) {
    FAIL() << "case " << GetParam() << ": " << e.what();
  }
  const fs::path golden = dir / "expected.txt";
  if (update_golden()) {
    write_file(golden, actual);
    return;
  }
  ASSERT_TRUE(fs::exists(golden)) << dir.string()
                                  << " has no expected.txt; run with SSPRULES_UPDATE_GOLDEN=1 "
                                     "to create it, then review it";
  const std::string expected = read_file(golden);
  if (expected != actual) {
    ADD_FAILURE() << "case " << GetParam() << " differs from its expected.txt:\n"
                  << unified_diff(expected, actual)
                  << "(rerun with SSPRULES_UPDATE_GOLDEN=1 to accept the actual output)";
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, Conformance, ::testing::ValuesIn(case_names()), test_name);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(Conformance);

// A suite that runs no case would pass without testing anything.
TEST(ConformanceSuite, HasCases) {
  ASSERT_TRUE(fs::is_directory(conformance_root())) << conformance_root().string() << " is missing";
  EXPECT_FALSE(case_names().empty()) << conformance_root().string() << " holds no case folders";
}

}  // namespace
