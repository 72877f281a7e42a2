// Limits: hostile or broken input gives a clear diagnostic or a per-record error, never a crash,
// a hang or unbounded memory (docs/hardening.md, "Bad input"). Every case goes through the whole
// pipeline a user reaches: `load_string` (parse, check, compile) for policies, `record_reader`
// and `evaluate` for records. The parser's own limits are also tested in parse_test.cpp
// (`parse_expression`, `parse` with smaller limits); here they are tested at full size:
//
//   policy file size          16 MiB                         SR0005
//   expression nesting        200 levels (parentheses, `not`, `-`, `if`, calls)   SR0202
//   operator chains           200 operators (`+`, `*`, `and`, `or`, `??`)         SR0202
//   YAML nesting              64 levels (flow and block)      SR0005
//   CSV record / JSONL line   16 MiB                          SR1008 for that record only
//   CSV fields per record     10,000                          SR1008 for that record only
//   JSON nesting in a record  64 levels                       SR1008 for that record only
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "ssprules/ssprules.hpp"
#include "test_support.hpp"

namespace {

using ssprules::diagnostic;
using ssprules::load_result;

constexpr std::size_t mib = std::size_t{1} << 20;
constexpr int deep = 100'000;

const char* const header =
    "id: limits\n"
    "effective: {from: 2020-01-01}\n"
    "inputs:\n"
    "  x: integer\n"
    "  s: {type: string, optional: true}\n";

std::string repeat(std::string_view piece, std::size_t n) {
  std::string out;
  out.reserve(piece.size() * n);
  for (std::size_t i = 0; i < n; ++i) out += piece;
  return out;
}

// Units of work (`detail::work_done`) loading may take per byte of policy text, whatever the
// text holds: a 1 MiB line of list items takes 18 (two tokens per item, and each node's column
// walks up to 64 bytes), deep nesting 4 to 6, the deepest expressions that load 26. A step that
// grows with the square of a 1 MiB input would take 10,000 times as many. The timings of these
// inputs are in bench/limits_bench.cpp.
constexpr std::uint64_t work_per_byte = 64;

// Loads a policy, and fails the test if that took more than `work_per_byte` units of work per
// byte of its text.
load_result load_within(const std::string& text) {
  load_result r;
  std::uint64_t work =
      ssprules::test_support::work_of([&] { r = ssprules::load_string(text, "rules.yaml"); });
  EXPECT_LE(work, work_per_byte * text.size() + 10'000)
      << "loading " << text.size() << " bytes took " << work << " units of work";
  return r;
}

const diagnostic* find_code(const std::vector<diagnostic>& ds, std::string_view code) {
  for (const diagnostic& d : ds) {
    if (d.code == code) return &d;
  }
  return nullptr;
}

std::string rendered(const load_result& r) {
  return ssprules::render(r.diagnostics).substr(0, 2000);
}

// Expects the policy not to load, with one error of `code` and `message` on `line`.
void expect_rejected(const load_result& r, std::string_view code, std::string_view message,
                     std::uint32_t line) {
  EXPECT_FALSE(r.ok());
  const diagnostic* d = find_code(r.diagnostics, code);
  ASSERT_NE(d, nullptr) << rendered(r);
  EXPECT_EQ(d->message, message);
  EXPECT_EQ(d->at.line, line);
  EXPECT_LE(r.diagnostics.size(), 3U) << "one problem, not one per level:\n" << rendered(r);
}

// Peak resident memory of this process so far, in MiB.
double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

// ---------------------------------------------------------------------------------------------
// The policy file

TEST(LimitsPolicy, FileOverSixteenMebibytesIsSR0005) {
  std::string text =
      std::string(header) + "outputs:\n  a: x\n#" + std::string(16 * mib, 'x') + "\n";
  load_result r = load_within(text);
  ASSERT_EQ(r.diagnostics.size(), 1U) << rendered(r);
  EXPECT_EQ(r.diagnostics[0].code, "SR0005");
  EXPECT_EQ(r.diagnostics[0].message,
            "file is " + std::to_string(text.size()) + " bytes; the limit is 16777216");
  EXPECT_EQ(r.diagnostics[0].at.line, 1U);
}

TEST(LimitsPolicy, OneMebibyteSingleLineStringValuesLoad) {
  const std::string big(mib, 'x');
  // a plain, a double-quoted and a single-quoted scalar, and a string literal in an expression
  std::string text = std::string(header) + "title: " + big + "\ndoc: \"" + big +
                     "\"\noutputs:\n  a: x\n  b:\n    doc: '" + big + "'\n    expr: s ?? \"" + big +
                     "\"\n";
  load_result r = load_within(text);
  EXPECT_TRUE(r.ok()) << rendered(r);
  ASSERT_TRUE(r.prog.valid());
  EXPECT_EQ(r.prog.title().size(), mib);
  ssprules::record_decoder decoder(r.prog);
  ssprules::facts record;
  std::vector<std::pair<std::string_view, ssprules::field_value>> fields = {
      {"x", ssprules::field_value::integer(1)}};
  decoder.decode(fields, record);
  ssprules::decision d = ssprules::evaluate(r.prog, record, *ssprules::date::parse("2025-03-01"));
  ASSERT_TRUE(d.ok()) << d.to_json().substr(0, 200);
  EXPECT_EQ(d.find("b")->as_string().size(), mib);
}

TEST(LimitsPolicy, OneMebibyteLineOfListItemsLoads) {
  std::string items = "0";
  for (int i = 1; items.size() < mib; ++i) items += ", " + std::to_string(i);
  load_result r = load_within(std::string(header) + "outputs:\n  a: x in [" + items + "]\n");
  EXPECT_TRUE(r.ok()) << rendered(r);
}

TEST(LimitsPolicy, OneMebibyteLineOfTabsIsAClearError) {
  // The indentation check looked for the line's first non-blank again at every tab: a line of
  // 1 MiB of tabs took 5 * 10^11 steps (found by counting work, not by a fuzzer).
  load_result r =
      load_within(std::string(header) + "outputs:\n  a: x\n" + std::string(mib, '\t') + "\n");
  EXPECT_FALSE(r.ok());
  ASSERT_FALSE(r.diagnostics.empty());
  EXPECT_EQ(r.diagnostics[0].code, "SR0002") << rendered(r);
  EXPECT_EQ(r.diagnostics[0].at.line, 8U);
}

TEST(LimitsPolicy, OneMebibyteLineOfGarbageIsAClearError) {
  std::string line;
  for (std::size_t i = 0; line.size() < mib; ++i) line += "x: ]{[ \"'";
  load_result r = load_within(std::string(header) + "outputs:\n  a: x\n" + line + "\n");
  EXPECT_FALSE(r.ok());
  ASSERT_FALSE(r.diagnostics.empty());
  EXPECT_TRUE(r.diagnostics[0].code == "SR0002" || r.diagnostics[0].code == "SR0005")
      << rendered(r);
  EXPECT_EQ(r.diagnostics[0].at.line, 8U);
  // the rendered source line is the line itself (long), but one line
  std::string text = ssprules::render(r.diagnostics[0]);
  EXPECT_LT(text.size(), 4 * mib);
}

// ---------------------------------------------------------------------------------------------
// Expressions: nesting and chains, 100,000 deep, in every place an expression is written

struct deep_expression {
  const char* name;
  std::string text;
  const char* message;
};

std::vector<deep_expression> deep_expressions() {
  const char* nests = "expression nests deeper than 200 levels; split it into named values";
  const char* chains = "expression chains more than 200 operators; split it into named values";
  return {
      {"parentheses", repeat("(", deep) + "1" + repeat(")", deep), nests},
      {"not", repeat("not ", deep) + "true", nests},
      {"unary minus", repeat("-", deep) + "1", nests},
      {"unary minus with spaces", "0 " + repeat("- ", deep) + "1", nests},
      {"if", repeat("if true then 1 else ", deep) + "1", nests},
      {"calls", repeat("abs(", deep) + "1" + repeat(")", deep), nests},
      {"plus", "1" + repeat("+1", deep - 1), chains},
      {"plus with spaces", "1" + repeat(" + 1", deep - 1), chains},
      {"times", "1" + repeat("*1", deep - 1), chains},
      {"and", "true" + repeat(" and true", deep - 1), chains},
      {"or", "true" + repeat(" or true", deep - 1), chains},
      {"coalesce", repeat("s ?? ", deep) + "\"x\"", chains},
      {"parenthesised chain", repeat("(1+", deep) + "1" + repeat(")", deep), nests},
  };
}

TEST(LimitsExpression, HundredThousandDeepInAnOutputIsSR0202) {
  for (const auto& e : deep_expressions()) {
    SCOPED_TRACE(e.name);
    expect_rejected(load_within(std::string(header) + "outputs:\n  a: " + e.text + "\n"), "SR0202",
                    e.message, 7);
  }
}

TEST(LimitsExpression, HundredThousandDeepInEveryPlaceIsSR0202) {
  const std::string e = repeat("(", deep) + "1" + repeat(")", deep);
  const char* message = "expression nests deeper than 200 levels; split it into named values";
  // a case's `when` and `then`
  expect_rejected(load_within(std::string(header) + "outputs:\n  a:\n    cases:\n      - when: " +
                              e + "\n        then: 1\n      - otherwise: 0\n"),
                  "SR0202", message, 9);
  expect_rejected(load_within(std::string(header) +
                              "outputs:\n  a:\n    cases:\n      - when: x > 1"
                              "\n        then: " +
                              e + "\n      - otherwise: 0\n"),
                  "SR0202", message, 10);
  // a table column and cell
  expect_rejected(load_within(std::string(header) +
                              "outputs:\n  a:\n    table:\n      hit: first\n"
                              "      columns: [" +
                              e +
                              "]\n      rows:\n        - {when: [1], then: 1}\n"
                              "      otherwise: 0\n"),
                  "SR0202", message, 10);
  expect_rejected(load_within(std::string(header) +
                              "outputs:\n  a:\n    table:\n      hit: first\n"
                              "      columns: [x]\n      rows:\n        - {when: ['>= " +
                              e + "'], then: 1}\n      otherwise: 0\n"),
                  "SR0202", message, 12);
  // a parameter's value, an input's default, an assertion
  expect_rejected(
      load_within(std::string(header) + "parameters:\n  p: " + e + "\noutputs:\n  a: p\n"),
      "SR0202", message, 7);
  expect_rejected(load_within("id: limits\neffective: {from: 2020-01-01}\ninputs:\n  x: {type: "
                              "integer, default: " +
                              e + "}\noutputs:\n  a: x\n"),
                  "SR0202", message, 4);
  expect_rejected(load_within(std::string(header) +
                              "parameters:\n  p: 1\nassertions:\n"
                              "  - name: big\n    assert: " +
                              e +
                              " > p\n    message: m\n"
                              "outputs:\n  a: x\n"),
                  "SR0202", message, 10);
}

// The deepest expressions the limits allow go through check, compile and evaluate (all of
// which walk the tree recursively) and give the right value.
TEST(LimitsExpression, TheDeepestAllowedExpressionsEvaluate) {
  std::string text = std::string(header) +
                     "outputs:\n"
                     "  parens: " +
                     repeat("(", 199) + "x" + repeat(")", 199) +
                     "\n"
                     "  chain: x" +
                     repeat(" + 1", 199) +
                     "\n"
                     "  negs: " +
                     repeat("-", 198) +
                     "x\n"
                     "  nots: " +
                     repeat("not ", 199) +
                     "(x > 0)\n"
                     "  ifs: " +
                     repeat("if x > 0 then ", 199) + "x" + repeat(" else 0", 199) + "\n";
  load_result r = load_within(text);
  ASSERT_TRUE(r.ok()) << rendered(r);
  ssprules::record_decoder decoder(r.prog);
  ssprules::facts record;
  std::vector<std::pair<std::string_view, ssprules::field_value>> fields = {
      {"x", ssprules::field_value::integer(5)}};
  decoder.decode(fields, record);
  ssprules::decision d =
      ssprules::evaluate(r.prog, record, *ssprules::date::parse("2025-03-01"), {.explain = true});
  ASSERT_TRUE(d.ok()) << d.to_json();
  EXPECT_EQ(d.to_json(), R"({"id":null,"parens":5,"chain":204,"negs":5,"nots":false,"ifs":5})");
  EXPECT_FALSE(d.explain_text().empty());
  EXPECT_EQ(find_code(load_within(std::string(header) + "outputs:\n  a: " + repeat("(", 201) + "x" +
                                  repeat(")", 201) + "\n")
                          .diagnostics,
                      "SR0202")
                ->at.column,
            5U + 201U);
}

// ---------------------------------------------------------------------------------------------
// YAML nesting, 100,000 deep

TEST(LimitsYaml, FlowNestingIsSR0005) {
  const char* message = "YAML nests deeper than 64 levels";
  expect_rejected(load_within(std::string(header) + "outputs:\n  a: " + repeat("[", deep) +
                              repeat("]", deep) + "\n"),
                  "SR0005", message, 7);
  expect_rejected(load_within(std::string(header) + "outputs:\n  a: " + repeat("{a: ", deep) + "1" +
                              repeat("}", deep) + "\n"),
                  "SR0005", message, 7);
  expect_rejected(load_within(std::string(header) + "outputs:\n  a: " + repeat("[{a: ", deep) +
                              "1" + repeat("}]", deep) + "\n"),
                  "SR0005", message, 7);
  // unclosed: the file ends inside 100,000 open brackets
  expect_rejected(load_within(std::string(header) + "outputs:\n  a: " + repeat("[", deep)),
                  "SR0005", message, 7);
}

TEST(LimitsYaml, BlockNestingIsSR0005) {
  const char* message = "YAML nests deeper than 64 levels";
  // compact sequences on one line: `- - - - 1`
  expect_rejected(load_within(std::string(header) + "outputs:\n  a: x\ntests:\n  " +
                              repeat("- ", deep) + "1\n"),
                  "SR0005", message, 9);
  // one level per line, by indentation (1,000 levels: the text grows with the square)
  std::string text = std::string(header) + "outputs:\n  a: x\ntests:\n";
  for (int i = 0; i < 1000; ++i) text += std::string(static_cast<std::size_t>(i) + 1, ' ') + "k:\n";
  text += std::string(1001, ' ') + "v\n";
  expect_rejected(load_within(text), "SR0005", message, 8 + 64);
  // sequences of mappings: `- a:` lines, each further in
  text = std::string(header) + "outputs:\n  a: x\ntests:\n";
  for (int i = 0; i < 1000; ++i)
    text += std::string(2 * static_cast<std::size_t>(i), ' ') + "- a:\n";
  expect_rejected(load_within(text), "SR0005", message, 8 + 64);
}

// A stray quote inside a plain or block scalar is not the start of a quoted string: the brackets
// after it still count (once they were skipped, and yaml-cpp's own depth guard reported
// "invalid YAML: bad file" at the end of the line instead).
TEST(LimitsYaml, StrayQuotesDoNotHideNesting) {
  const char* message = "YAML nests deeper than 64 levels";
  const std::string brackets = repeat("[", deep) + repeat("]", deep);
  expect_rejected(load_within("id: limits \"\neffective: {from: 2020-01-01}\noutputs:\n  a: " +
                              brackets + "\n"),
                  "SR0005", message, 4);
  expect_rejected(load_within("id: limits\ntitle: it's a \"title\neffective: {from: 2020-01-01}\n"
                              "outputs:\n  a: " +
                              brackets + "\n"),
                  "SR0005", message, 5);
  expect_rejected(load_within("id: limits\ndoc: |\n  he said \"hello\neffective: "
                              "{from: 2020-01-01}\noutputs:\n  a: " +
                              brackets + "\n"),
                  "SR0005", message, 6);
  // a quote that does start a string still hides what is inside it
  load_result r =
      load_within(std::string(header) + "outputs:\n  a: s ?? '" + repeat("[", 100) + "'\n");
  EXPECT_TRUE(r.ok()) << rendered(r);
}

// Whatever the pre-check misses, the depth limit still holds: nesting that reaches the YAML
// parser's own guard is reported as SR0005 too, never as a crash or a vague "bad file".
TEST(LimitsYaml, NestingBehindAnOpenQuoteInABlockScalarIsSR0005) {
  std::string text = "id: limits\ndoc: |\n  \"" + std::string("[[[ a quote that never closes") +
                     "\neffective: {from: 2020-01-01}\noutputs:\n  a: " + repeat("[", deep) +
                     repeat("]", deep) + "\n";
  load_result r = load_within(text);
  EXPECT_FALSE(r.ok());
  const diagnostic* d = find_code(r.diagnostics, "SR0005");
  ASSERT_NE(d, nullptr) << rendered(r);
  EXPECT_EQ(d->message, "YAML nests deeper than 64 levels");
  EXPECT_EQ(find_code(r.diagnostics, "SR0002"), nullptr) << rendered(r);
}

// ---------------------------------------------------------------------------------------------
// What a broken policy's diagnostics print

// True when `text` is well-formed UTF-8 with no control character other than line feeds.
bool printable_text(const std::string& text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20U && c != '\n') || c == 0x7FU) return false;
  }
  // well-formed UTF-8: re-decode every lead byte
  for (std::size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    std::size_t n = c < 0x80U ? 1 : c >= 0xF0U ? 4 : c >= 0xE0U ? 3 : c >= 0xC2U ? 2 : 0;
    if (n == 0 || i + n > text.size()) return false;
    for (std::size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0U) != 0x80U) return false;
    }
    i += n;
  }
  return true;
}

// The source line of a policy is shown under each diagnostic: its NUL bytes once cut the
// output of `ssprules check` short (C strings), its escape sequences reached the terminal, and
// its ill-formed UTF-8 went out as it came in. They are shown escaped (`\x00`, `\x1b`, `\xff`:
// the terminal-text function, terminal.hpp), and the caret stays under the right
// character.
TEST(LimitsDiagnostics, RenderedSourceLinesCarryNoControlBytes) {
  load_result nul = load_within(std::string("id: x\neffective: {from: 2020-01-01}\x00 \x1b\n", 38));
  std::string text = ssprules::render(nul.diagnostics);
  EXPECT_EQ(text,
            "rules.yaml:2:30: error[SR0002]: file contains NUL bytes; is it a binary file?\n"
            "   2 | effective: {from: 2020-01-01}\\x00 \\x1b\n"
            "     |                              ^~~~\n");

  // an escape sequence, a carriage return and ill-formed UTF-8 before the problem
  load_result r = load_within(
      "id: x\neffective: {from: 2020-01-01}\noutputs:\n  a: '\x1b[2J\r\xff\xc3\x28\xe2\x82' + 1\n");
  ASSERT_FALSE(r.diagnostics.empty());
  text = ssprules::render(r.diagnostics);
  EXPECT_TRUE(printable_text(text)) << text;
  EXPECT_NE(text.find("   4 |   a: '\\x1b[2J\\r\\xff\\xc3(\\xe2\\x82' + 1\n"
                      "     |                ^~~~\n"),
            std::string::npos)
      << text;

  // a key that holds control characters, named in the message
  r = load_within("id: x\neffective: {from: 2020-01-01}\noutputs:\n  a: 1\n\"b\\e[31m\\0\": 2\n");
  text = ssprules::render(r.diagnostics);
  EXPECT_TRUE(printable_text(text)) << text;
  EXPECT_NE(text.find("unknown key `b\\x1b[31m\\x00`"), std::string::npos) << text;
}

// ---------------------------------------------------------------------------------------------
// Records

const ssprules::program& records_policy() {
  static const ssprules::program prog = [] {
    load_result r = ssprules::load_string(R"(id: limits-records
effective: {from: 2000-01-01}
inputs:
  note: string
  status: {type: enum, values: [recipient, self_supporting]}
outputs:
  length_ok: note != ""
  st: status
)",
                                          "records.yaml");
    EXPECT_TRUE(r.ok()) << ssprules::render(r.diagnostics);
    return r.prog;
  }();
  return prog;
}

struct read_result {
  std::vector<std::string> json;  // one decision per record, ids and errors only if too long
  std::vector<std::uint64_t> lines;
};

read_result read(const std::string& input, ssprules::record_format format) {
  std::istringstream in(input);
  ssprules::record_reader reader(in, format, records_policy());
  read_result out;
  ssprules::facts record;
  while (reader.next(record)) {
    ssprules::decision d =
        ssprules::evaluate(records_policy(), record, *ssprules::date::parse("2025-03-01"));
    std::string json = d.to_json();
    out.json.push_back(json.size() > 300 ? json.substr(0, 100) + "…" : json);
    out.lines.push_back(reader.line());
    if (out.json.size() > 100) break;
  }
  return out;
}

TEST(LimitsRecords, TenMegabyteCsvStringFieldIsAcceptedInBoundedMemory) {
  const std::string big(10'000'000, 'x');
  std::string input = "id,note,status\nr1," + big + ",recipient\nr2,\"" + big +
                      "\",recipient\nr3,short,recipient\n";
  double before = peak_rss_mib();
  read_result r = read(input, ssprules::record_format::csv);
  double grew = peak_rss_mib() - before;
  ASSERT_EQ(r.json.size(), 3U);
  EXPECT_EQ(r.json[0], R"({"id":"r1","length_ok":true,"st":"recipient"})");
  EXPECT_EQ(r.json[1], R"({"id":"r2","length_ok":true,"st":"recipient"})");
  EXPECT_EQ(r.json[2], R"({"id":"r3","length_ok":true,"st":"recipient"})");
  // the input itself is 20 MB; the reader holds one record and one chunk at a time
  EXPECT_LT(grew, 120) << "peak memory grew by " << grew << " MiB";
}

TEST(LimitsRecords, TenMegabyteValueOfAnEnumIsAPerRecordErrorThatDoesNotRepeatIt) {
  std::string input = "id,note,status\nr1,n," + std::string(10'000'000, 'y') + "\nr2,n,recipient\n";
  read_result r = read(input, ssprules::record_format::csv);
  ASSERT_EQ(r.json.size(), 2U);
  EXPECT_EQ(
      r.json[0],
      R"({"id":"r1","error":{"code":"SR1005","message":"field `status` must be one of recipient, self_supporting","field":"status"}})");
  EXPECT_EQ(r.json[1], R"({"id":"r2","length_ok":true,"st":"recipient"})");
}

TEST(LimitsRecords, RecordOverSixteenMebibytesIsSR1008AndReadingGoesOn) {
  std::string input =
      "id,note,status\nr1," + std::string(17 * mib, 'x') + ",recipient\nr2,n,recipient\n";
  read_result r = read(input, ssprules::record_format::csv);
  ASSERT_EQ(r.json.size(), 2U);
  EXPECT_EQ(
      r.json[0],
      R"({"id":"r1","error":{"code":"SR1008","message":"malformed CSV: line 2: record longer than 16777216 bytes"}})");
  EXPECT_EQ(r.json[1], R"({"id":"r2","length_ok":true,"st":"recipient"})");
  EXPECT_EQ(r.lines[1], 3U);

  input = "{\"id\":\"r1\",\"note\":\"" + std::string(17 * mib, 'x') +
          "\",\"status\":\"recipient\"}\n{\"id\":\"r2\",\"note\":\"n\",\"status\":\"recipient\"}\n";
  r = read(input, ssprules::record_format::jsonl);
  ASSERT_EQ(r.json.size(), 2U);
  EXPECT_EQ(
      r.json[0],
      R"({"id":null,"error":{"code":"SR1008","message":"malformed JSON on line 1: line 1: line longer than 16777216 bytes"}})");
  EXPECT_EQ(r.json[1], R"({"id":"r2","length_ok":true,"st":"recipient"})");
}

TEST(LimitsRecords, OneMebibyteLinesInCsvAndJsonLines) {
  const std::string big(mib, 'z');
  read_result csv =
      read("id,note,status\nr1," + big + ",recipient\n", ssprules::record_format::csv);
  ASSERT_EQ(csv.json.size(), 1U);
  EXPECT_EQ(csv.json[0], R"({"id":"r1","length_ok":true,"st":"recipient"})");
  read_result jsonl = read("{\"id\":\"r1\",\"note\":\"" + big + "\",\"status\":\"recipient\"}\n",
                           ssprules::record_format::jsonl);
  ASSERT_EQ(jsonl.json.size(), 1U);
  EXPECT_EQ(jsonl.json[0], R"({"id":"r1","length_ok":true,"st":"recipient"})");
  // a 1 MiB id comes back whole
  read_result id = read("id,note,status\n" + big + ",n,recipient\n", ssprules::record_format::csv);
  ASSERT_EQ(id.json.size(), 1U);
  EXPECT_EQ(id.json[0].substr(0, 10), "{\"id\":\"zzz");
}

TEST(LimitsRecords, OneMebibyteLinesOfStructureAreOneErrorEach) {
  // a million commas: too many fields
  read_result r = read("id,note,status\n" + std::string(mib, ',') + "\nr2,n,recipient\n",
                       ssprules::record_format::csv);
  ASSERT_EQ(r.json.size(), 2U);
  // (its id cell is empty: no id, as an empty cell always is)
  EXPECT_EQ(
      r.json[0],
      R"({"id":null,"error":{"code":"SR1008","message":"malformed CSV: line 2: more than 10000 fields in a record"}})");
  EXPECT_EQ(r.json[1], R"({"id":"r2","length_ok":true,"st":"recipient"})");
  // a million nested arrays in a JSON field
  r = read("{\"id\":\"r1\",\"note\":" + repeat("[", mib) +
               "}\n{\"id\":\"r2\",\"note\":\"n\","
               "\"status\":\"recipient\"}\n",
           ssprules::record_format::jsonl);
  ASSERT_EQ(r.json.size(), 2U);
  EXPECT_EQ(
      r.json[0],
      R"({"id":null,"error":{"code":"SR1008","message":"malformed JSON on line 1: column 82: nesting deeper than 64 levels"}})");
  EXPECT_EQ(r.json[1], R"({"id":"r2","length_ok":true,"st":"recipient"})");
  // a million-character line of one unterminated quoted CSV field
  r = read("id,note,status\nr1,\"" + std::string(mib, 'q') + "\n", ssprules::record_format::csv);
  ASSERT_EQ(r.json.size(), 1U);
  EXPECT_EQ(
      r.json[0],
      R"({"id":"r1","error":{"code":"SR1008","message":"malformed CSV: line 2, field 2: unterminated quoted field"}})");
}

}  // namespace
