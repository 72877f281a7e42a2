// Unit tests for reader.hpp: record_reader over CSV and JSON Lines streams, one facts per
// record in order, malformed records, header problems, unknown fields, quoting, line ends, and
// format_of_path.
#include "ssprules/reader.hpp"

#include <gtest/gtest.h>

#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "ssprules/evaluate.hpp"
#include "test_support.hpp"

namespace ssprules {
// Failure messages show values as JSON rather than as bytes.
void PrintTo(const value& v, std::ostream* os) { *os << v.to_json(); }
}  // namespace ssprules

namespace {

using ssprules::date;
using ssprules::facts;
using ssprules::program;
using ssprules::record_format;
using ssprules::record_reader;
using ssprules::value;
using ssprules::test_support::day;

const program& policy() {
  static const program prog = [] {
    auto r = ssprules::load_string(R"(id: readers
effective: {from: 2000-01-01}
inputs:
  birth_date: date
  category: {type: integer, min: 1, max: 4, optional: true}
  status: {type: enum, values: [recipient, self_supporting], default: recipient}
  note: {type: string, optional: true}
outputs:
  born: birth_date
  cat: category
  st: status
  text: note
)",
                                   "readers.yaml");
    EXPECT_TRUE(r.ok()) << ssprules::render(r.diagnostics);
    return r.prog;
  }();
  return prog;
}

// What one record turned into, as text.
struct result {
  std::string id;
  std::string json;        // the decision
  std::string error_code;  // of the record or its first input
  std::uint64_t line = 0;
};

std::vector<result> read_all(const std::string& input, record_format format) {
  std::istringstream in(input);
  record_reader reader(in, format, policy());
  std::vector<result> out;
  facts f;
  while (reader.next(f)) {
    result r;
    r.id = f.id();
    r.line = reader.line();
    ssprules::decision d = ssprules::evaluate(policy(), f, day("2020-01-01"));
    r.json = d.to_json();
    if (d.error()) r.error_code = d.error()->code;
    out.push_back(r);
    if (out.size() > 1000) break;  // never loop forever
  }
  EXPECT_FALSE(reader.next(f)) << "the end stays the end";
  return out;
}

// ---------------------------------------------------------------------------------------------
// CSV

TEST(CsvReader, OneFactsPerRecordInOrder) {
  auto rows = read_all(
      "id,birth_date,category,status\n"
      "a,2001-02-03,3,recipient\n"
      "b,2002-03-04,,self_supporting\n"
      "c,2003-04-05,4,\n",
      record_format::csv);
  ASSERT_EQ(rows.size(), 3U);
  EXPECT_EQ(rows[0].json,
            "{\"id\":\"a\",\"born\":\"2001-02-03\",\"cat\":3,\"st\":\"recipient\",\"text\":null}");
  EXPECT_EQ(rows[1].json,
            "{\"id\":\"b\",\"born\":\"2002-03-04\",\"cat\":null,"
            "\"st\":\"self_supporting\",\"text\":null}");
  EXPECT_EQ(rows[2].json,
            "{\"id\":\"c\",\"born\":\"2003-04-05\",\"cat\":4,\"st\":\"recipient\",\"text\":null}")
      << "an empty cell takes the default";
  EXPECT_EQ(rows[0].line, 2U);
  EXPECT_EQ(rows[2].line, 4U);
}

TEST(CsvReader, MalformedRowsAreSR1008AndReadingContinues) {
  auto rows = read_all(
      "id,birth_date,note\n"
      "a,2001-02-03,fine\n"
      "b,2001-02-03,bad\"quote\n"
      "c,2001-02-03\n"
      "d,2001-02-03,x,extra\n"
      "e,2001-02-03,\"unterminated\n",
      record_format::csv);
  ASSERT_EQ(rows.size(), 5U);
  EXPECT_EQ(rows[0].error_code, "");
  EXPECT_EQ(rows[1].error_code, "SR1008");
  EXPECT_EQ(rows[1].id, "b") << "the id of a broken row is kept";
  EXPECT_EQ(rows[2].error_code, "SR1008");
  EXPECT_EQ(rows[2].id, "c");
  EXPECT_EQ(rows[3].error_code, "SR1008");
  EXPECT_EQ(rows[4].error_code, "SR1008");
  EXPECT_NE(rows[1].json.find("malformed CSV: line 3, column 17: unexpected quote"),
            std::string::npos)
      << rows[1].json;
  EXPECT_EQ(rows[1].json.find("bad"), std::string::npos) << "no values in messages";
  EXPECT_NE(rows[2].json.find("line 4 has 2 fields but the header has 3"), std::string::npos)
      << rows[2].json;
  EXPECT_NE(rows[4].json.find("unterminated quoted field"), std::string::npos) << rows[4].json;
}

TEST(CsvReader, RowErrorsDoNotStopTheNextRows) {
  auto rows = read_all(
      "id,birth_date,category\n"
      "a,2017-02-30,3\n"
      "b,2001-02-03,9\n"
      "c,2001-02-03,2\n",
      record_format::csv);
  ASSERT_EQ(rows.size(), 3U);
  EXPECT_EQ(rows[0].error_code, "SR1003");
  EXPECT_EQ(rows[0].json.find("2017-02-30"), std::string::npos) << rows[0].json;
  EXPECT_EQ(rows[1].error_code, "SR1004");
  EXPECT_EQ(rows[2].error_code, "");
  EXPECT_NE(rows[2].json.find("\"cat\":2"), std::string::npos);
}

TEST(CsvReader, DuplicateColumnIsAHeaderError) {
  std::istringstream in("id,birth_date,birth_date\na,2001-02-03,2001-02-03\n");
  record_reader reader(in, record_format::csv, policy());
  facts f;
  EXPECT_FALSE(reader.next(f));
  ASSERT_TRUE(reader.header_error().has_value());
  EXPECT_EQ(*reader.header_error(), "the CSV header names `birth_date` twice");
  EXPECT_FALSE(reader.next(f));
}

TEST(CsvReader, MalformedHeader) {
  std::istringstream in("id,\"birth_date\n");
  record_reader reader(in, record_format::csv, policy());
  facts f;
  EXPECT_FALSE(reader.next(f));
  ASSERT_TRUE(reader.header_error().has_value());
  EXPECT_EQ(reader.header_error()->rfind("the CSV header is malformed: ", 0), 0U)
      << *reader.header_error();
}

TEST(CsvReader, EmptyInputHasNoRecords) {
  std::istringstream in("");
  record_reader reader(in, record_format::csv, policy());
  facts f;
  EXPECT_FALSE(reader.next(f));
  EXPECT_FALSE(reader.header_error().has_value());
  auto header_only = read_all("id,birth_date\n", record_format::csv);
  EXPECT_TRUE(header_only.empty());
}

TEST(CsvReader, UnknownFieldsAreListed) {
  std::istringstream in("id,cpr,birth_date,name\na,010203-1234,2001-02-03,Anna\n");
  record_reader reader(in, record_format::csv, policy());
  facts f;
  ASSERT_TRUE(reader.next(f));
  EXPECT_EQ(reader.unknown_fields(), (std::vector<std::string>{"cpr", "name"}));
  EXPECT_TRUE(f.input_errors().empty());
  EXPECT_FALSE(reader.next(f));
}

TEST(CsvReader, QuotedFieldsWithCommasQuotesAndNewlines) {
  auto rows = read_all(
      "id,note,birth_date\n"
      "\"a,1\",\"Nørrebro, \"\"Tingbjerg\"\"\",2001-02-03\n"
      "b,\"two\nlines\",2001-02-03\n"
      "c,\"\",2001-02-03\n"
      "d,,2001-02-03\n",
      record_format::csv);
  ASSERT_EQ(rows.size(), 4U);
  EXPECT_EQ(rows[0].id, "a,1");
  EXPECT_NE(rows[0].json.find("\"text\":\"Nørrebro, \\\"Tingbjerg\\\"\""), std::string::npos)
      << rows[0].json;
  EXPECT_NE(rows[1].json.find("\"text\":\"two\\nlines\""), std::string::npos) << rows[1].json;
  EXPECT_EQ(rows[1].line, 3U);
  EXPECT_EQ(rows[2].line, 5U) << "the record after a quoted line break starts on line 5";
  EXPECT_NE(rows[2].json.find("\"text\":\"\""), std::string::npos)
      << "a quoted empty cell is an empty string" << rows[2].json;
  EXPECT_NE(rows[3].json.find("\"text\":null"), std::string::npos)
      << "an unquoted empty cell is absent" << rows[3].json;
}

TEST(CsvReader, CrlfLineEnds) {
  auto rows = read_all("id,birth_date,category\r\na,2001-02-03,3\r\nb,2002-03-04,4\r\n",
                       record_format::csv);
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[0].error_code, "");
  EXPECT_EQ(rows[1].json,
            "{\"id\":\"b\",\"born\":\"2002-03-04\",\"cat\":4,\"st\":\"recipient\",\"text\":null}");
}

TEST(CsvReader, ByteOrderMarkAndLastLineWithoutNewline) {
  auto rows = read_all("\xEF\xBB\xBFid,birth_date\na,2001-02-03\nb,2002-03-04", record_format::csv);
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[0].id, "a") << "the BOM is not part of the first column name";
  EXPECT_EQ(rows[1].id, "b");
  EXPECT_EQ(rows[1].error_code, "");
}

TEST(CsvReader, RecordAsOfColumn) {
  auto rows = read_all("id,as_of,birth_date\na,2009-05-14,2001-02-03\nb,2009-02-30,2001-02-03\n",
                       record_format::csv);
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[0].error_code, "");
  EXPECT_EQ(rows[1].error_code, "SR1007");
}

TEST(CsvReader, ManyRecordsStreamInOrder) {
  std::string input = "id,birth_date,category\n";
  for (int i = 0; i < 5000; ++i) {
    input += "r" + std::to_string(i) + ",2001-02-03," + std::to_string(1 + i % 4) + "\n";
  }
  std::istringstream in(input);
  record_reader reader(in, record_format::csv, policy());
  facts f;
  int count = 0;
  while (reader.next(f)) {
    ASSERT_EQ(f.id(), "r" + std::to_string(count));
    ASSERT_TRUE(f.input_errors().empty());
    ++count;
  }
  EXPECT_EQ(count, 5000);
}

// ---------------------------------------------------------------------------------------------
// JSON Lines

TEST(JsonlReader, OneFactsPerRecordInOrder) {
  auto rows = read_all(
      "{\"id\": \"a\", \"birth_date\": \"2001-02-03\", \"category\": 3}\n"
      "{\"id\": 17, \"birth_date\": \"2002-03-04\", \"category\": null, \"status\": "
      "\"self_supporting\", \"note\": \"x\\ny\"}\n",
      record_format::jsonl);
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[0].json,
            "{\"id\":\"a\",\"born\":\"2001-02-03\",\"cat\":3,\"st\":\"recipient\",\"text\":null}");
  EXPECT_EQ(rows[1].json,
            "{\"id\":\"17\",\"born\":\"2002-03-04\",\"cat\":null,"
            "\"st\":\"self_supporting\",\"text\":\"x\\ny\"}");
  EXPECT_EQ(rows[1].line, 2U);
}

TEST(JsonlReader, MalformedLinesAreSR1008AndReadingContinues) {
  auto rows = read_all(
      "{\"id\": \"a\", \"birth_date\": \"2001-02-03\"}\n"
      "{\"id\": \"b\", \"birth_date\": \"2001-02-03\"\n"
      "not json at all\n"
      "[1, 2]\n"
      "{\"id\": \"e\", \"birth_date\": \"2001-02-03\"}\n",
      record_format::jsonl);
  ASSERT_EQ(rows.size(), 5U);
  EXPECT_EQ(rows[0].error_code, "");
  EXPECT_EQ(rows[1].error_code, "SR1008");
  EXPECT_EQ(rows[2].error_code, "SR1008");
  EXPECT_EQ(rows[3].error_code, "SR1008");
  EXPECT_EQ(rows[4].error_code, "");
  EXPECT_EQ(rows[4].id, "e");
  EXPECT_NE(rows[1].json.find("malformed JSON on line 2: "), std::string::npos) << rows[1].json;
  EXPECT_NE(rows[3].json.find("malformed JSON on line 4: "), std::string::npos) << rows[3].json;
}

TEST(JsonlReader, WrongKindsOfValues) {
  auto rows = read_all(
      "{\"birth_date\": \"2001-02-03\", \"category\": \"3\"}\n"
      "{\"birth_date\": \"2001-02-03\", \"category\": [3]}\n"
      "{\"birth_date\": 20010203}\n"
      "{\"birth_date\": \"2001-02-03\", \"category\": 2.5}\n",
      record_format::jsonl);
  ASSERT_EQ(rows.size(), 4U);
  EXPECT_EQ(rows[0].error_code, "SR1002") << "a JSON string for an integer";
  EXPECT_EQ(rows[1].error_code, "SR1002") << "a list";
  EXPECT_NE(rows[1].json.find("not a list"), std::string::npos) << rows[1].json;
  EXPECT_EQ(rows[2].error_code, "SR1002") << "a number for a date";
  EXPECT_EQ(rows[3].error_code, "SR1002");
}

TEST(JsonlReader, DuplicateFieldIsAnErrorOfThatRecordOnly) {
  auto rows = read_all(
      "{\"id\": \"a\", \"birth_date\": \"2001-02-03\", \"birth_date\": \"2002-02-03\"}\n"
      "{\"id\": \"b\", \"birth_date\": \"2001-02-03\"}\n",
      record_format::jsonl);
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[0].error_code, "SR1017") << rows[0].json;
  EXPECT_EQ(rows[0].id, "a") << "the record's id is known, and kept";
  EXPECT_NE(rows[0].json.find("\"field\":\"birth_date\""), std::string::npos) << rows[0].json;
  EXPECT_EQ(rows[0].json.find("2002-02-03"), std::string::npos) << rows[0].json;
  EXPECT_EQ(rows[1].error_code, "");
  // a name that is not an input, twice: still the record's error, with its id
  auto other = read_all("{\"id\": \"c\", \"birth_date\": \"2001-02-03\", \"x\": 1, \"x\": 2}\n",
                        record_format::jsonl);
  ASSERT_EQ(other.size(), 1U);
  EXPECT_EQ(other[0].error_code, "SR1017");
  EXPECT_EQ(other[0].id, "c");
}

TEST(JsonlReader, TextThatIsNotTextSpoilsOnlyItsField) {
  // an unpaired surrogate or invalid UTF-8 in a value: that field's error, the id kept
  auto rows = read_all(
      "{\"id\": \"a\", \"birth_date\": \"2001-02-03\", \"note\": \"\\ud800\"}\n"
      "{\"id\": \"b\", \"birth_date\": \"2001-02-03\", \"note\": \"\xff\"}\n"
      "{\"id\": \"c\", \"birth_date\": \"2001-02-03\", \"other\": \"\\udc00\"}\n",
      record_format::jsonl);
  ASSERT_EQ(rows.size(), 3U);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(rows[i].error_code, "SR1002") << rows[i].json;
    EXPECT_EQ(rows[i].id, i == 0 ? "a" : "b");
    EXPECT_NE(rows[i].json.find("\"field\":\"note\""), std::string::npos) << rows[i].json;
  }
  EXPECT_EQ(rows[2].error_code, "") << "a field the policy does not read: " << rows[2].json;
}

TEST(JsonlReader, EveryBlankLineIsAnErrorNamingIt) {
  auto rows = read_all(
      "{\"id\": \"a\", \"birth_date\": \"2001-02-03\"}\r\n"
      "\r\n"
      "   \n"
      "{\"id\": \"b\", \"birth_date\": \"2001-02-03\"}\n",
      record_format::jsonl);
  ASSERT_EQ(rows.size(), 4U) << "one result per line; the final line end starts no line";
  EXPECT_EQ(rows[0].error_code, "");
  for (std::size_t i : {1U, 2U}) {
    EXPECT_EQ(rows[i].error_code, "SR1008");
    EXPECT_NE(rows[i].json.find("line " + std::to_string(i + 1) + " is blank"), std::string::npos)
        << rows[i].json;
  }
  EXPECT_EQ(rows[3].id, "b");
  EXPECT_EQ(rows[3].line, 4U);
}

TEST(CsvReader, BlankLinesGiveOneResultEach) {
  // one column: a blank line is a record whose cell is empty (RFC 4180)
  std::istringstream one("category\n1\n\n3\n");
  auto r = ssprules::load_string(R"(id: one
effective: {from: 2000-01-01}
inputs:
  category: {type: integer, optional: true}
outputs:
  cat: category
)",
                                 "one.yaml");
  ASSERT_TRUE(r.ok()) << ssprules::render(r.diagnostics);
  record_reader reader(one, record_format::csv, r.prog);
  std::vector<std::string> got;
  facts f;
  while (reader.next(f)) got.push_back(ssprules::evaluate(r.prog, f, day("2020-01-01")).to_json());
  EXPECT_EQ(got, (std::vector<std::string>{"{\"id\":null,\"cat\":1}", "{\"id\":null,\"cat\":null}",
                                           "{\"id\":null,\"cat\":3}"}));
  // several columns: a blank line is an error naming it; blank lines before the header are none
  auto rows = read_all("\nid,birth_date\na,2001-02-03\n\r\nb,2001-02-03\n\n", record_format::csv);
  ASSERT_EQ(rows.size(), 4U);
  EXPECT_EQ(rows[0].id, "a");
  EXPECT_EQ(rows[1].error_code, "SR1008");
  EXPECT_NE(rows[1].json.find("line 4 is blank but the header has 2 fields"), std::string::npos)
      << rows[1].json;
  EXPECT_EQ(rows[2].id, "b");
  EXPECT_EQ(rows[3].error_code, "SR1008");
  EXPECT_EQ(rows[3].line, 6U);
}

TEST(RecordReader, DetectsTheFormatAfterAByteOrderMarkAndKeepsEveryByte) {
  const std::string jsonl = "\xEF\xBB\xBF\n  {\"id\": \"a\", \"birth_date\": \"2001-02-03\"}\n";
  std::istringstream in(jsonl);
  record_reader reader(in, std::nullopt, policy());
  EXPECT_EQ(reader.format(), record_format::jsonl);
  std::vector<result> rows;
  facts f;
  while (reader.next(f)) {
    rows.push_back({f.id(), ssprules::evaluate(policy(), f, day("2020-01-01")).to_json(),
                    f.error() ? f.error()->code : "", reader.line()});
  }
  ASSERT_EQ(rows.size(), 2U) << "the blank first line is still answered";
  EXPECT_EQ(rows[0].error_code, "SR1008");
  EXPECT_EQ(rows[0].line, 1U);
  EXPECT_EQ(rows[1].id, "a");
  EXPECT_EQ(rows[1].line, 2U) << "detection took no line away";
  std::istringstream csv("\xEF\xBB\xBFid,birth_date\na,2001-02-03\n");
  record_reader csv_reader(csv, std::nullopt, policy());
  EXPECT_EQ(csv_reader.format(), record_format::csv);
  ASSERT_TRUE(csv_reader.next(f));
  EXPECT_EQ(f.id(), "a") << "the byte order mark is not part of the first column's name";
  EXPECT_TRUE(csv_reader.unknown_fields().empty());
  std::istringstream empty("");
  EXPECT_EQ(record_reader(empty, std::nullopt, policy()).format(), record_format::csv);
}

TEST(JsonlReader, UnknownFieldsAreListedOnce) {
  std::istringstream in(
      "{\"birth_date\": \"2001-02-03\", \"cpr\": \"x\", \"name\": \"y\"}\n"
      "{\"birth_date\": \"2001-02-03\", \"cpr\": \"x\", \"school\": \"z\"}\n");
  record_reader reader(in, record_format::jsonl, policy());
  facts f;
  int count = 0;
  while (reader.next(f)) ++count;
  EXPECT_EQ(count, 2);
  EXPECT_EQ(reader.unknown_fields(), (std::vector<std::string>{"cpr", "name", "school"}));
}

TEST(JsonlReader, BooleansAndNulls) {
  auto r = ssprules::load_string(R"(id: b
effective: {from: 2000-01-01}
inputs:
  flag: bool
  maybe: {type: bool, optional: true}
outputs:
  f: flag
  m: maybe
)",
                                 "b.yaml");
  ASSERT_TRUE(r.ok());
  std::istringstream in("{\"flag\": true, \"maybe\": null}\n{\"flag\": \"true\"}\n");
  record_reader reader(in, record_format::jsonl, r.prog);
  facts f;
  ASSERT_TRUE(reader.next(f));
  auto d = ssprules::evaluate(r.prog, f, day("2020-01-01"));
  EXPECT_EQ(d.to_json(), "{\"id\":null,\"f\":true,\"m\":null}");
  ASSERT_TRUE(reader.next(f));
  d = ssprules::evaluate(r.prog, f, day("2020-01-01"));
  ASSERT_TRUE(d.error().has_value());
  EXPECT_EQ(d.error()->code, "SR1002") << "a JSON string is not a boolean";
}

// ---------------------------------------------------------------------------------------------
// formats

TEST(FormatOfPath, FromTheExtension) {
  EXPECT_EQ(ssprules::format_of_path("cases.csv"), record_format::csv);
  EXPECT_EQ(ssprules::format_of_path("/data/CASES.CSV"), record_format::csv);
  EXPECT_EQ(ssprules::format_of_path("cases.jsonl"), record_format::jsonl);
  EXPECT_EQ(ssprules::format_of_path("cases.ndjson"), record_format::jsonl);
  EXPECT_EQ(ssprules::format_of_path("cases.json"), record_format::jsonl);
  EXPECT_EQ(ssprules::format_of_path("cases.Json"), record_format::jsonl);
  EXPECT_EQ(ssprules::format_of_path("cases.txt"), std::nullopt);
  EXPECT_EQ(ssprules::format_of_path("csv"), std::nullopt);
  EXPECT_EQ(ssprules::format_of_path(""), std::nullopt);
  EXPECT_EQ(ssprules::format_of_path("cases.csv.gz"), std::nullopt);
}

}  // namespace
