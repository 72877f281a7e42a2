// The registry of codes (detail/codes.hpp) is the one list of them: docs/diagnostics.md documents
// exactly its codes, each in the section its anchor names, and no header or CLI source spells a
// code as a string of its own.
#include "ssprules/detail/codes.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ssprules/record_error.hpp"

namespace {

namespace fs = std::filesystem;
using ssprules::detail::all_codes;
using ssprules::detail::code_info;
using ssprules::detail::find_code;
using ssprules::detail::well_formed_code;

const fs::path source_dir = SSPRULES_SOURCE_DIR;

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::set<std::string> registry_ids() {
  std::set<std::string> out;
  for (const code_info* c : all_codes) out.insert(c->id);
  return out;
}

// GitHub's anchor of a heading: lowercase, punctuation other than `-` and `_` dropped, spaces
// become `-` (the en dash of "SR00xx–SR02xx" goes too).
std::string anchor_of(std::string_view heading) {
  std::string out;
  for (std::size_t i = 0; i < heading.size(); ++i) {
    auto c = static_cast<unsigned char>(heading[i]);
    if (c >= 0x80) {
      // drop dashes and other punctuation of U+2000..U+206F (E2 80 xx, E2 81 xx); keep letters
      if (c == 0xE2 && i + 2 < heading.size() &&
          (static_cast<unsigned char>(heading[i + 1]) == 0x80 ||
           static_cast<unsigned char>(heading[i + 1]) == 0x81)) {
        i += 2;
        continue;
      }
      out += heading[i];
    } else if (std::isalnum(c) || c == '-' || c == '_') {
      out += static_cast<char>(std::tolower(c));
    } else if (c == ' ') {
      out += '-';
    }
  }
  return out;
}

// The codes of the table rows (`| SR0302 | …`) of a markdown text, by the anchor of the `##`
// section they are in.
std::map<std::string, std::set<std::string>> documented_codes(const std::string& markdown) {
  static const std::regex row(R"(^\| (SR[0-9]{4}) \|)");
  std::map<std::string, std::set<std::string>> out;
  std::istringstream in(markdown);
  std::string line, section;
  while (std::getline(in, line)) {
    if (line.rfind("## ", 0) == 0) section = anchor_of(line.substr(3));
    std::smatch m;
    if (std::regex_search(line, m, row)) out[section].insert(m[1].str());
  }
  return out;
}

std::set<std::string> all_of(const std::map<std::string, std::set<std::string>>& by_section) {
  std::set<std::string> out;
  for (const auto& [section, ids] : by_section) out.insert(ids.begin(), ids.end());
  return out;
}

// The string literals of C++ source text (comments skipped; raw strings, character literals and
// digit separators understood), each with its line.
struct literal {
  std::string text;
  int line;
};

std::vector<literal> string_literals(const std::string& src) {
  std::vector<literal> out;
  int line = 1;
  std::size_t i = 0;
  auto advance_to = [&](std::size_t end) {
    for (; i < end && i < src.size(); ++i) {
      if (src[i] == '\n') ++line;
    }
  };
  while (i < src.size()) {
    char c = src[i];
    if (c == '\n') {
      ++line;
      ++i;
    } else if (src.compare(i, 2, "//") == 0) {
      std::size_t end = src.find('\n', i);
      advance_to(end == std::string::npos ? src.size() : end);
    } else if (src.compare(i, 2, "/*") == 0) {
      std::size_t end = src.find("*/", i + 2);
      advance_to(end == std::string::npos ? src.size() : end + 2);
    } else if (c == 'R' && i + 1 < src.size() && src[i + 1] == '"' &&
               (i == 0 ||
                !(std::isalnum(static_cast<unsigned char>(src[i - 1])) || src[i - 1] == '_'))) {
      std::size_t open = src.find('(', i + 2);
      std::string close = ")" + src.substr(i + 2, open - (i + 2)) + "\"";
      std::size_t end = src.find(close, open);
      int at = line;
      std::string text = src.substr(open + 1, end - open - 1);
      advance_to(end + close.size());
      out.push_back({std::move(text), at});
    } else if (c == '"') {
      std::string text;
      int at = line;
      ++i;
      while (i < src.size() && src[i] != '"' && src[i] != '\n') {
        if (src[i] == '\\' && i + 1 < src.size()) text += src[i++];
        text += src[i++];
      }
      ++i;
      out.push_back({std::move(text), at});
    } else if (c == '\'' && !(i > 0 && std::isdigit(static_cast<unsigned char>(src[i - 1])))) {
      ++i;  // a character literal ('"' must not open a string)
      while (i < src.size() && src[i] != '\'' && src[i] != '\n') i += src[i] == '\\' ? 2 : 1;
      ++i;
    } else {
      ++i;
    }
  }
  return out;
}

// The problems with the codes of one source file: a literal that is a whole code (call sites
// name the registry's constant), or a code in any literal that the registry does not have.
std::vector<std::string> literal_code_problems(const std::string& file, const std::string& src) {
  static const std::regex code(R"(SR[0-9]{4})");
  std::vector<std::string> out;
  for (const literal& l : string_literals(src)) {
    std::string where = file + ":" + std::to_string(l.line) + ": ";
    if (well_formed_code(l.text)) {
      out.push_back(where + "\"" + l.text + "\" spelled as a string; name it: codes::<meaning>");
    }
    for (std::sregex_iterator m(l.text.begin(), l.text.end(), code), end; m != end; ++m) {
      if (!find_code(m->str())) out.push_back(where + m->str() + " is not in detail/codes.hpp");
    }
  }
  return out;
}

// The headers and CLI sources whose literals are checked, relative to the source folder.
std::vector<std::string> checked_sources() {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(source_dir / "include" / "ssprules")) {
    auto ext = e.path().extension();
    if (e.is_regular_file() && (ext == ".hpp" || ext == ".ipp")) {
      out.push_back(fs::relative(e.path(), source_dir).generic_string());
    }
  }
  for (const auto& e : fs::directory_iterator(source_dir / "src" / "cli")) {
    auto ext = e.path().extension();
    if (e.is_regular_file() && (ext == ".cpp" || ext == ".hpp")) {
      out.push_back(fs::relative(e.path(), source_dir).generic_string());
    }
  }
  return out;
}

const std::string diagnostics_md = read(source_dir / "docs" / "diagnostics.md");

TEST(Codes, IdsAreWellFormedAndGivenOnce) {
  ASSERT_GT(std::size(all_codes), 60U);
  std::set<std::string> seen;
  for (const code_info* c : all_codes) {
    EXPECT_TRUE(well_formed_code(c->id)) << c->id;
    EXPECT_TRUE(seen.insert(c->id).second) << c->id << " is in the registry twice";
  }
  EXPECT_TRUE(ssprules::detail::codes_are_well_formed_and_ascending());
  // the checks themselves
  EXPECT_FALSE(well_formed_code("SR123"));
  EXPECT_FALSE(well_formed_code("SR12345"));
  EXPECT_FALSE(well_formed_code("sr1234"));
  EXPECT_FALSE(well_formed_code("SR12a4"));
  EXPECT_TRUE(well_formed_code("SR0000"));
}

// The rows `X(name, "SR…", …)` of the registry's list, as (name, id), read from its text.
std::vector<std::pair<std::string, std::string>> registry_rows() {
  std::string header = read(source_dir / "include" / "ssprules" / "detail" / "codes.hpp");
  static const std::regex row(R"re(\bX\((\w+), "(SR[0-9]{4})", ")re");
  std::vector<std::pair<std::string, std::string>> out;
  for (std::sregex_iterator m(header.begin(), header.end(), row), end; m != end; ++m) {
    out.emplace_back((*m)[1].str(), (*m)[2].str());
  }
  return out;
}

TEST(Codes, EveryConstantIsListedInAllCodes) {
  // each row `X(name, "SR…", …)` of the header is in `all_codes`, once
  std::vector<std::pair<std::string, std::string>> rows = registry_rows();
  std::set<std::string> defined;
  for (const auto& [name, id] : rows) defined.insert(id);
  EXPECT_EQ(rows.size(), std::size(all_codes));
  EXPECT_EQ(defined.size(), std::size(all_codes));
  EXPECT_EQ(defined, registry_ids());
}

// ssprules::error_code: one enumerator per registry entry and one entry per enumerator, with the
// same name, in the same (ascending) order; the id and the enumerator convert both ways.
TEST(Codes, EveryRegistryEntryHasAnEnumeratorAndViceVersa) {
  using ssprules::error_code;
  std::vector<std::pair<std::string, std::string>> rows = registry_rows();
  ASSERT_EQ(rows.size(), std::size(all_codes));
  ASSERT_EQ(std::size(ssprules::detail::code_names), std::size(all_codes));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    auto e = static_cast<error_code>(i);
    EXPECT_EQ(ssprules::detail::code_names[i], rows[i].first) << i;  // the enumerator's name
    EXPECT_EQ(ssprules::to_string(e), rows[i].second) << rows[i].first;
    EXPECT_EQ(ssprules::to_error_code(rows[i].second), e) << rows[i].second;
    EXPECT_EQ(all_codes[i]->id, rows[i].second);
  }
  // past the last enumerator there is none (vice versa: no enumerator without an entry)
  EXPECT_EQ(ssprules::to_string(static_cast<error_code>(rows.size())), "");
  // the enumerators are the constants' names: a few spelled out, so that a rename shows here
  static_assert(ssprules::to_string(error_code::internal_error) == "SR0000");
  static_assert(ssprules::to_string(error_code::required_input_missing) == "SR1001");
  static_assert(ssprules::to_string(error_code::not_in_force) ==
                std::string_view(ssprules::detail::codes::not_in_force.id));
  static_assert(ssprules::to_error_code("SR1006") == error_code::not_in_force);
  EXPECT_EQ(ssprules::to_error_code("FJ0001"), std::nullopt);  // a policy's own code
  EXPECT_EQ(ssprules::to_error_code("SR1009"), std::nullopt);  // never allocated
  EXPECT_EQ(ssprules::to_error_code(""), std::nullopt);
  // record_error's accessor
  ssprules::record_error e{ssprules::detail::codes::not_an_enum_field.id, "m", "state_signal"};
  EXPECT_EQ(e.code_enum(), error_code::not_an_enum_field);
  e.code = "FJ0001";
  EXPECT_EQ(e.code_enum(), std::nullopt);
}

TEST(Codes, MeaningsAreOneLowercaseLineAndAnchorsNameASection) {
  std::map<std::string, std::set<std::string>> documented = documented_codes(diagnostics_md);
  for (const code_info* c : all_codes) {
    ASSERT_FALSE(c->meaning.empty()) << c->id;
    EXPECT_TRUE(std::islower(static_cast<unsigned char>(c->meaning.front()))) << c->id;
    EXPECT_NE(c->meaning.back(), '.') << c->id;
    EXPECT_EQ(c->meaning.find('\n'), std::string_view::npos) << c->id;
    // the anchor is a heading of docs/diagnostics.md whose table has the code's row
    auto section = documented.find(std::string(c->anchor));
    ASSERT_NE(section, documented.end())
        << c->id << ": docs/diagnostics.md has no section #" << c->anchor << " with a table";
    EXPECT_TRUE(section->second.count(c->id))
        << c->id << " has no row in the table of docs/diagnostics.md#" << c->anchor;
  }
}

TEST(Codes, TheDocsTablesListExactlyTheRegistry) {
  std::set<std::string> documented = all_of(documented_codes(diagnostics_md));
  ASSERT_GT(documented.size(), 60U);  // the tables were read
  std::set<std::string> registry = registry_ids();
  for (const std::string& id : registry) {
    EXPECT_TRUE(documented.count(id))
        << id << " is in detail/codes.hpp but has no row `| " << id << " |` in docs/diagnostics.md";
  }
  for (const std::string& id : documented) {
    EXPECT_TRUE(registry.count(id))
        << id << " is documented in docs/diagnostics.md but not in detail/codes.hpp";
  }
}

TEST(Codes, FindCodeFindsEveryCodeAndOnlyThem) {
  for (const code_info* c : all_codes) EXPECT_EQ(find_code(c->id), c) << c->id;
  EXPECT_EQ(find_code("SR1009"), nullptr);  // never allocated
  EXPECT_EQ(find_code("SR9999"), nullptr);
  EXPECT_EQ(find_code(""), nullptr);
  EXPECT_EQ(find_code("SR030"), nullptr);
  EXPECT_EQ(find_code(ssprules::detail::codes::unknown_function.id)->meaning,
            "an unknown function");
}

TEST(Codes, NoHeaderOrCliSourceSpellsACode) {
  std::vector<std::string> files = checked_sources();
  ASSERT_GT(files.size(), 60U);
  std::size_t literals = 0;
  for (const std::string& f : files) {
    if (f == "include/ssprules/detail/codes.hpp") continue;  // the registry itself
    std::string src = read(source_dir / f);
    literals += string_literals(src).size();
    for (const std::string& problem : literal_code_problems(f, src)) ADD_FAILURE() << problem;
  }
  EXPECT_GT(literals, 1000U);  // the sources were read
}

// The checks above, on made-up inputs: each can fail.
TEST(Codes, TheChecksFindWhatTheyLookFor) {
  std::map<std::string, std::set<std::string>> doc = documented_codes(
      "# title\n| SR0001 | in no section |\n## Parse: SR00xx–SR02xx\n\n| code | meaning |\n"
      "|---|---|\n| SR0002 | error | x |\n|SR0003| no space |\n| SR0004 | x |\n"
      "## Per-record errors: SR1xxx\n| SR1001 | x |\n");
  EXPECT_EQ(doc[""], (std::set<std::string>{"SR0001"}));
  EXPECT_EQ(doc["parse-sr00xxsr02xx"], (std::set<std::string>{"SR0002", "SR0004"}));
  EXPECT_EQ(doc["per-record-errors-sr1xxx"], (std::set<std::string>{"SR1001"}));

  std::vector<std::string> problems = literal_code_problems(
      "x.ipp",
      "// error(\"SR0302\") in a comment is fine\n"
      "/* \"SR0302\" */ error(codes::unknown_function, \"unknown function `f`\");\n"
      "char q = '\"'; int n = 16'384;\n"
      "error(\"SR0302\", \"unknown\");\n"
      "auto m = \"see SR1006 and \\\"SR9998\\\"\";\n"
      "auto r = R\"x(code SR9997)x\";\n");
  ASSERT_EQ(problems.size(), 3U);
  EXPECT_NE(problems[0].find("x.ipp:4: \"SR0302\" spelled as a string"), std::string::npos)
      << problems[0];
  EXPECT_NE(problems[1].find("x.ipp:5: SR9998 is not in"), std::string::npos) << problems[1];
  EXPECT_NE(problems[2].find("x.ipp:6: SR9997 is not in"), std::string::npos) << problems[2];
}

}  // namespace
