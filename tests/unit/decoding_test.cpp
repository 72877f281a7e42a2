// The decoding matrix (tests/decoding/matrix.jsonl: the table "How records are read" of
// docs/rule-language.md, row by row) through the C++ front ends: a CSV file and a JSON Lines
// file read by `record_reader`, and `record_decoder::decode` of C++ field values. The Python
// front ends and the CLI read the same rows in bindings/python/tests/test_decoding.py; every
// front end must give each row's expected value or error code.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "ssprules/detail/json.hpp"
#include "ssprules/evaluate.hpp"
#include "ssprules/reader.hpp"
#include "ssprules/record.hpp"

namespace {

using ssprules::date;
using ssprules::decimal;
using ssprules::facts;
using ssprules::field_value;
using ssprules::program;

const std::string folder = std::string(SSPRULES_SOURCE_DIR) + "/tests/decoding/";

// One row of the matrix; a form is empty when the row has none for that front end.
struct matrix_row {
  std::size_t line = 0;
  std::map<std::string, std::string> cells;  // field, csv, json, python, cpp, expect, note
  [[nodiscard]] bool has(const std::string& key) const { return cells.count(key) != 0; }
  [[nodiscard]] const std::string& at(const std::string& key) const { return cells.at(key); }
  [[nodiscard]] std::string where() const {
    return "matrix.jsonl:" + std::to_string(line) + " (" + at("field") + ")";
  }
};

std::vector<matrix_row> matrix() {
  std::ifstream in(folder + "matrix.jsonl", std::ios::binary);
  EXPECT_TRUE(in) << "cannot read " << folder << "matrix.jsonl";
  ssprules::detail::line_reader lines(in);
  ssprules::detail::json_object_parser parser;
  std::vector<ssprules::detail::json_field> fields;
  std::vector<matrix_row> rows;
  std::string_view text;
  std::uint64_t number = 0;
  std::string error;
  while (lines.next(text, number, error)) {
    if (text.empty()) continue;
    EXPECT_TRUE(parser.parse(text, fields, error)) << "line " << number << ": " << error;
    matrix_row row;
    row.line = number;
    for (const auto& f : fields) row.cells[std::string(f.name)] = std::string(f.text);
    rows.push_back(std::move(row));
  }
  return rows;
}

const program& policy() {
  static const program prog = [] {
    ssprules::load_result r = ssprules::load(folder + "policy.yaml");
    EXPECT_TRUE(r.ok()) << ssprules::render(r.diagnostics);
    return r.prog;
  }();
  return prog;
}

const date as_of = date::parse("2025-03-01").value();

// What a decision says about the row's field: its error code, or the echoing output as JSON.
std::string outcome(const ssprules::decision& d, const std::string& field) {
  if (!d.ok()) return d.error()->code;
  const ssprules::value* v = d.find(field == "as_of" ? "on" : "out_" + field);
  return v ? v->to_json() : "no output";
}

std::string through_reader(const std::string& input, ssprules::record_format format,
                           const std::string& field) {
  std::istringstream in(input);
  ssprules::record_reader reader(in, format, policy());
  facts f;
  if (!reader.next(f)) return "no record";
  std::string got = outcome(ssprules::evaluate(policy(), f, as_of), field);
  facts more;
  if (reader.next(more)) return "more than one record";
  return got;
}

// `kind:text` (cpp column) as a field value; `storage` keeps the text alive.
field_value cpp_field(const std::string& spec, std::string& storage) {
  std::size_t colon = spec.find(':');
  std::string kind = spec.substr(0, colon);
  storage = spec.substr(colon + 1);
  if (kind == "absent") return field_value::absent();
  if (kind == "boolean") return field_value::boolean(storage == "true");
  if (kind == "integer") return field_value::integer(std::stoll(storage));
  if (kind == "real") return field_value::real(std::stod(storage));
  if (kind == "number") return field_value::number(storage);
  if (kind == "text") return field_value::text(storage);
  if (kind == "string") return field_value::string(storage);
  if (kind == "decimal") return field_value::of_decimal(*decimal::parse(storage));
  if (kind == "date") return field_value::of_date(*date::parse(storage));
  ADD_FAILURE() << "unknown cpp kind `" << kind << "`";
  return field_value::absent();
}

TEST(DecodingMatrix, HasRowsForEveryInputTypeAndFrontEnd) {
  std::map<std::string, std::size_t> per_field;
  std::size_t csv = 0;
  std::size_t json = 0;
  std::size_t cpp = 0;
  std::size_t python = 0;
  for (const matrix_row& row : matrix()) {
    ++per_field[row.at("field")];
    csv += row.has("csv") ? 1 : 0;
    json += row.has("json") ? 1 : 0;
    cpp += row.has("cpp") ? 1 : 0;
    python += row.has("python") ? 1 : 0;
  }
  for (const char* field : {"flag", "n", "big", "amount", "name", "status", "born", "as_of"}) {
    EXPECT_GE(per_field[field], 5U) << field;
  }
  EXPECT_GE(csv, 50U);
  EXPECT_GE(json, 50U);
  EXPECT_GE(cpp, 25U);
  EXPECT_GE(python, 60U);
}

TEST(DecodingMatrix, CsvCells) {
  for (const matrix_row& row : matrix()) {
    if (!row.has("csv")) continue;
    std::string input = "id," + row.at("field") + "\nr," + row.at("csv") + "\n";
    EXPECT_EQ(through_reader(input, ssprules::record_format::csv, row.at("field")),
              row.at("expect"))
        << row.where() << ", CSV cell `" << row.at("csv") << "`";
  }
}

TEST(DecodingMatrix, JsonValues) {
  for (const matrix_row& row : matrix()) {
    if (!row.has("json")) continue;
    std::string input = "{\"id\": \"r\", \"" + row.at("field") + "\": " + row.at("json") + "}\n";
    EXPECT_EQ(through_reader(input, ssprules::record_format::jsonl, row.at("field")),
              row.at("expect"))
        << row.where() << ", JSON value `" << row.at("json") << "`";
  }
}

TEST(DecodingMatrix, CppFieldValues) {
  ssprules::record_decoder decoder(policy());
  for (const matrix_row& row : matrix()) {
    if (!row.has("cpp")) continue;
    std::string storage;
    std::vector<std::pair<std::string_view, field_value>> fields = {
        {row.at("field"), cpp_field(row.at("cpp"), storage)}};
    facts f;
    decoder.decode(fields, f);
    EXPECT_EQ(outcome(ssprules::evaluate(policy(), f, as_of), row.at("field")), row.at("expect"))
        << row.where() << ", C++ `" << row.at("cpp") << "`";
  }
}

}  // namespace
