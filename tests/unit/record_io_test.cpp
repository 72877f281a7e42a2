// Tests of the low-level record input/output: UTF-8 checks, the CSV reader, the JSON Lines
// reader and object parser, and the JSON string writer.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "ssprules/detail/csv.hpp"
#include "ssprules/detail/json.hpp"
#include "ssprules/detail/read_buffer.hpp"
#include "ssprules/detail/utf8.hpp"

namespace {

using namespace std::string_literals;
using ssprules::detail::append_json_string;
using ssprules::detail::csv_limits;
using ssprules::detail::csv_reader;
using ssprules::detail::csv_record;
using ssprules::detail::first_invalid_utf8;
using ssprules::detail::json_field;
using ssprules::detail::json_kind;
using ssprules::detail::json_object_parser;
using ssprules::detail::line_reader;
using ssprules::detail::read_buffer;
using ssprules::detail::valid_utf8;

constexpr std::size_t mib = std::size_t{1} << 20;

/// A CSV record copied out of the reader, so it outlives the next call.
struct row {
  std::vector<std::string> fields;
  std::vector<bool> quoted;
  std::uint64_t line = 0;
  std::uint64_t number = 0;
  std::string error;

  bool operator==(const row&) const = default;
};

/// Reads every record of `input`.
std::vector<row> read_csv(const std::string& input, csv_limits limits = {}) {
  std::istringstream in(input);
  csv_reader reader(in, limits);
  csv_record record;
  std::vector<row> rows;
  while (reader.next(record)) {
    row r;
    for (const auto& f : record.fields) {
      r.fields.emplace_back(f.text);
      r.quoted.push_back(f.quoted);
    }
    r.line = record.line;
    r.number = record.number;
    r.error = record.error;
    rows.push_back(std::move(r));
  }
  EXPECT_FALSE(reader.failed());
  EXPECT_FALSE(reader.next(record)) << "end of input must stay the end";
  return rows;
}

/// The same, with a given chunk size.
std::vector<row> read_csv_chunked(const std::string& input, std::size_t chunk) {
  csv_limits limits;
  limits.chunk_bytes = chunk;
  return read_csv(input, limits);
}

using strings = std::vector<std::string>;

// ---------------------------------------------------------------------------------------------
// UTF-8

TEST(Utf8, AcceptsWellFormedText) {
  EXPECT_TRUE(valid_utf8(""));
  EXPECT_TRUE(valid_utf8("plain ascii text that is longer than eight bytes"));
  EXPECT_TRUE(valid_utf8("\xC3\xA9"));          // U+00E9
  EXPECT_TRUE(valid_utf8("\xE2\x82\xAC"));      // U+20AC
  EXPECT_TRUE(valid_utf8("\xEF\xBF\xBF"));      // U+FFFF
  EXPECT_TRUE(valid_utf8("\xF0\x9F\x98\x80"));  // U+1F600
  EXPECT_TRUE(valid_utf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF
  EXPECT_TRUE(valid_utf8("\xED\x9F\xBF"));      // U+D7FF, just below the surrogates
  EXPECT_TRUE(valid_utf8("\xEE\x80\x80"));      // U+E000, just above them
}

TEST(Utf8, RejectsOverlongForms) {
  EXPECT_FALSE(valid_utf8("\xC0\x80"));
  EXPECT_FALSE(valid_utf8("\xC1\xBF"));
  EXPECT_FALSE(valid_utf8("\xE0\x80\x80"));
  EXPECT_FALSE(valid_utf8("\xE0\x9F\xBF"));
  EXPECT_FALSE(valid_utf8("\xF0\x80\x80\x80"));
  EXPECT_FALSE(valid_utf8("\xF0\x8F\xBF\xBF"));
}

TEST(Utf8, RejectsSurrogates) {
  EXPECT_FALSE(valid_utf8("\xED\xA0\x80"));  // U+D800
  EXPECT_FALSE(valid_utf8("\xED\xBF\xBF"));  // U+DFFF
}

TEST(Utf8, RejectsCodePointsAboveMaximum) {
  EXPECT_FALSE(valid_utf8("\xF4\x90\x80\x80"));  // U+110000
  EXPECT_FALSE(valid_utf8("\xF5\x80\x80\x80"));
  EXPECT_FALSE(valid_utf8("\xFF"));
}

TEST(Utf8, RejectsTruncatedSequencesAndStrayContinuations) {
  EXPECT_FALSE(valid_utf8("\xE2\x82"));
  EXPECT_FALSE(
      valid_utf8("\xE2\x82"
                 "A"));
  EXPECT_FALSE(valid_utf8("\xF0\x9F\x98"));
  EXPECT_FALSE(valid_utf8("\xC3"));
  EXPECT_FALSE(valid_utf8("\x80"));
  EXPECT_FALSE(valid_utf8("ab\xBF"));
}

TEST(Utf8, FirstInvalidGivesTheOffset) {
  EXPECT_EQ(first_invalid_utf8("valid \xC3\xA9 text"), std::string_view::npos);
  const std::string long_prefix(37, 'x');
  EXPECT_EQ(first_invalid_utf8(long_prefix + "\xC3\xA9\xFF" + long_prefix), 39U);
  EXPECT_EQ(first_invalid_utf8("\xE2\x82"), 0U);
  EXPECT_EQ(first_invalid_utf8("abcdefgh\xED\xA0\x80"), 8U);
}

// ---------------------------------------------------------------------------------------------
// CSV: well-formed input

TEST(Csv, ReadsSimpleRecords) {
  const auto rows = read_csv("id,name\n1,anna\n2,bo\n");
  ASSERT_EQ(rows.size(), 3U);
  EXPECT_EQ(rows[0].fields, (strings{"id", "name"}));
  EXPECT_EQ(rows[1].fields, (strings{"1", "anna"}));
  EXPECT_EQ(rows[2].fields, (strings{"2", "bo"}));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].line, i + 1);
    EXPECT_EQ(rows[i].number, i + 1);
    EXPECT_EQ(rows[i].error, "");
  }
}

TEST(Csv, QuotedFieldWithComma) {
  const auto rows = read_csv("\"a,b\",c\n");
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_EQ(rows[0].fields, (strings{"a,b", "c"}));
  EXPECT_EQ(rows[0].quoted, (std::vector<bool>{true, false}));
}

TEST(Csv, QuotedFieldWithEscapedQuotes) {
  const auto rows = read_csv("\"say \"\"hi\"\"\",\"\"\"\"\n");
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_EQ(rows[0].fields, (strings{"say \"hi\"", "\""}));
  EXPECT_EQ(rows[0].error, "");
}

TEST(Csv, QuotedFieldWithNewline) {
  const auto rows = read_csv("a,\"line one\nline two\r\nline three\",b\nnext,row\n");
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[0].fields, (strings{"a", "line one\nline two\r\nline three", "b"}));
  EXPECT_EQ(rows[0].line, 1U);
  EXPECT_EQ(rows[1].fields, (strings{"next", "row"}));
  EXPECT_EQ(rows[1].line, 4U);
  EXPECT_EQ(rows[1].number, 2U);
}

TEST(Csv, QuotedEmptyDiffersFromUnquotedEmpty) {
  const auto rows = read_csv(",\"\",x,\n");
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_EQ(rows[0].fields, (strings{"", "", "x", ""}));
  EXPECT_EQ(rows[0].quoted, (std::vector<bool>{false, true, false, false}));
}

TEST(Csv, SpacesArePartOfUnquotedFields) {
  const auto rows = read_csv(" a , b \n");
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_EQ(rows[0].fields, (strings{" a ", " b "}));
}

TEST(Csv, CrlfLineEnds) {
  const auto rows = read_csv("a,b\r\n\"c\",d\r\n");
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[0].fields, (strings{"a", "b"}));
  EXPECT_EQ(rows[1].fields, (strings{"c", "d"}));
  EXPECT_EQ(rows[1].line, 2U);
}

TEST(Csv, MixedLineEnds) {
  const auto rows = read_csv("a\r\nb\nc\r\n\"d\"\ne");
  ASSERT_EQ(rows.size(), 5U);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].fields, (strings{std::string(1, static_cast<char>('a' + i))}));
    EXPECT_EQ(rows[i].line, i + 1);
    EXPECT_EQ(rows[i].error, "");
  }
}

TEST(Csv, ByteOrderMarkSkipped) {
  const auto rows = read_csv("\xEF\xBB\xBFid,name\n1,x\n");
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[0].fields, (strings{"id", "name"}));
  EXPECT_EQ(rows[0].line, 1U);
  EXPECT_TRUE(read_csv("\xEF\xBB\xBF").empty());
  // Only at the very start: later it is field content.
  const auto later = read_csv(
      "a\n\xEF\xBB\xBF"
      "b\n");
  ASSERT_EQ(later.size(), 2U);
  EXPECT_EQ(later[1].fields, (strings{"\xEF\xBB\xBF"
                                      "b"}));
}

TEST(Csv, ByteOrderMarkErrorColumnsStartAfterIt) {
  const auto rows = read_csv(
      "\xEF\xBB\xBF"
      "ab\"c\n");
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_EQ(rows[0].error, "line 1, column 3: unexpected quote in an unquoted field");
}

TEST(Csv, FinalLineWithoutNewline) {
  auto rows = read_csv("a,b\nc,d");
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[1].fields, (strings{"c", "d"}));
  rows = read_csv("a,\"b\"");
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_EQ(rows[0].fields, (strings{"a", "b"}));
  rows = read_csv("a,");
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_EQ(rows[0].fields, (strings{"a", ""}));
  EXPECT_EQ(rows[0].quoted, (std::vector<bool>{false, false}));
  rows = read_csv("a,b\r");
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_EQ(rows[0].fields, (strings{"a", "b"}));
  EXPECT_EQ(rows[0].error, "");
}

TEST(Csv, BlankLinesAreRecordsOfOneEmptyField) {
  // every line gets an answer; the line end at the very end starts no record
  const auto rows = read_csv("\n\r\na\n\n\r\nb\r\n\n");
  ASSERT_EQ(rows.size(), 7U);
  for (std::size_t i : {0U, 1U, 3U, 4U, 6U}) {
    EXPECT_EQ(rows[i].fields, (strings{""})) << i;
    EXPECT_EQ(rows[i].quoted, (std::vector<bool>{false})) << i;
    EXPECT_EQ(rows[i].line, i + 1) << i;
    EXPECT_EQ(rows[i].error, "") << i;
  }
  EXPECT_EQ(rows[2].fields, (strings{"a"}));
  EXPECT_EQ(rows[2].line, 3U);
  EXPECT_EQ(rows[2].number, 3U);
  EXPECT_EQ(rows[5].fields, (strings{"b"}));
  EXPECT_EQ(rows[5].line, 6U);
  EXPECT_EQ(rows[5].number, 6U);
  EXPECT_EQ(read_csv("a\n").size(), 1U) << "the final line end is not a blank line";
  EXPECT_EQ(read_csv("a\n\n").size(), 2U) << "a blank line before the final line end is";
  // A line of spaces is not blank: it is one field.
  const auto spaces = read_csv("  \n");
  ASSERT_EQ(spaces.size(), 1U);
  EXPECT_EQ(spaces[0].fields, (strings{"  "}));
}

TEST(Csv, EmptyInputHasNoRecords) {
  EXPECT_TRUE(read_csv("").empty());
  EXPECT_TRUE(read_csv("\xEF\xBB\xBF").empty());
  EXPECT_EQ(read_csv("\n\n\r\n").size(), 3U) << "three blank lines";
}

TEST(Csv, EmptyQuotedLineIsARecord) {
  const auto rows = read_csv("\"\"\n");
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_EQ(rows[0].fields, (strings{""}));
  EXPECT_EQ(rows[0].quoted, (std::vector<bool>{true}));
}

// ---------------------------------------------------------------------------------------------
// CSV: malformed input, each followed by a good record

TEST(Csv, QuoteInUnquotedFieldIsAnError) {
  const auto rows = read_csv("h1,h2\nab\"c,d\ne,f\n");
  ASSERT_EQ(rows.size(), 3U);
  EXPECT_EQ(rows[1].error, "line 2, column 3: unexpected quote in an unquoted field");
  EXPECT_EQ(rows[1].line, 2U);
  EXPECT_EQ(rows[1].number, 2U);
  EXPECT_EQ(rows[2].fields, (strings{"e", "f"}));
  EXPECT_EQ(rows[2].line, 3U);
  EXPECT_EQ(rows[2].number, 3U);
  EXPECT_EQ(rows[2].error, "");
}

TEST(Csv, CharactersAfterClosingQuoteAreAnError) {
  const auto rows = read_csv("x,\"ab\"c,d\r\ne,f\r\n");
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[0].error, "line 1, column 7: unexpected character after a closing quote");
  EXPECT_EQ(rows[1].fields, (strings{"e", "f"}));
  EXPECT_EQ(rows[1].line, 2U);
  EXPECT_EQ(rows[1].error, "");
}

TEST(Csv, ErrorInsideMultilineRecordNamesThePhysicalLine) {
  const auto rows = read_csv("a,\"one\ntwo\"x\nb\n");
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[0].line, 1U);
  EXPECT_EQ(rows[0].error, "line 2, column 5: unexpected character after a closing quote");
  EXPECT_EQ(rows[1].fields, (strings{"b"}));
  EXPECT_EQ(rows[1].line, 3U);
}

TEST(Csv, UnterminatedQuoteAtEndOfInput) {
  const auto rows = read_csv("a,b\nc,\"never closed\nmore");
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[0].error, "");
  EXPECT_EQ(rows[1].error, "line 2, field 2: unterminated quoted field");
  EXPECT_EQ(rows[1].line, 2U);
}

TEST(Csv, LoneCarriageReturnIsAnError) {
  const auto rows = read_csv("ab\rc,d\ne\n");
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[0].error, "line 1, column 3: carriage return not followed by a line feed");
  EXPECT_EQ(rows[1].fields, (strings{"e"}));
  EXPECT_EQ(rows[1].line, 2U);
}

TEST(Csv, InvalidUtf8IsAnError) {
  const auto rows = read_csv("a,b\nok,bad\xFF\nc,\"\xC3\xA9\"\n");
  ASSERT_EQ(rows.size(), 3U);
  EXPECT_EQ(rows[1].error, "line 2, field 2: invalid utf-8");
  EXPECT_EQ(rows[2].fields, (strings{"c", "\xC3\xA9"}));
  EXPECT_EQ(rows[2].line, 3U);
  EXPECT_EQ(rows[2].error, "");
}

TEST(Csv, Utf8SequenceSplitAcrossFieldsIsAnError) {
  const auto rows = read_csv("x\xC3,\xA9y\nz\n");
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[0].error, "line 1, field 1: invalid utf-8");
  EXPECT_EQ(rows[1].fields, (strings{"z"}));
}

TEST(Csv, ErrorColumnsCountCodePoints) {
  const auto rows = read_csv(
      "\xC3\xA9\xE2\x82\xAC"
      "a\"b\n");
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_EQ(rows[0].error, "line 1, column 4: unexpected quote in an unquoted field");
}

TEST(Csv, OverlongRecordSkippedThenReadingContinues) {
  csv_limits limits;
  limits.max_record_bytes = 16;
  const std::string input = "short,one\n" + std::string(100, 'x') + ",y\n" +
                            "\"quoted and\nmultiline " + std::string(50, 'q') + "\",z\n" +
                            "exactly16bytes!!\n" + "last,row\n";
  const auto rows = read_csv(input, limits);
  ASSERT_EQ(rows.size(), 5U);
  EXPECT_EQ(rows[0].error, "");
  EXPECT_EQ(rows[1].error, "line 2: record longer than 16 bytes");
  EXPECT_EQ(rows[1].number, 2U);
  EXPECT_EQ(rows[2].error, "line 3: record longer than 16 bytes");
  EXPECT_EQ(rows[2].line, 3U);
  EXPECT_EQ(rows[3].error, "");
  EXPECT_EQ(rows[3].fields, (strings{"exactly16bytes!!"}));
  EXPECT_EQ(rows[3].line, 5U);
  EXPECT_EQ(rows[4].fields, (strings{"last", "row"}));
  EXPECT_EQ(rows[4].line, 6U);
  EXPECT_EQ(rows[4].number, 5U);
}

TEST(Csv, OverlongRecordAcrossManyChunks) {
  csv_limits limits;
  limits.max_record_bytes = 1000;
  limits.chunk_bytes = 64;
  const std::string input = std::string(100'000, 'z') + "\nnext\n";
  const auto rows = read_csv(input, limits);
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[0].error, "line 1: record longer than 1000 bytes");
  EXPECT_EQ(rows[1].fields, (strings{"next"}));
  EXPECT_EQ(rows[1].line, 2U);
}

TEST(Csv, TooManyFieldsIsAnError) {
  csv_limits limits;
  limits.max_fields = 3;
  const auto rows = read_csv("a,b,c\na,b,c,d,\"e\nf\"\ng\n", limits);
  ASSERT_EQ(rows.size(), 3U);
  EXPECT_EQ(rows[0].error, "");
  EXPECT_EQ(rows[1].error, "line 2: more than 3 fields in a record");
  EXPECT_EQ(rows[2].fields, (strings{"g"}));
  EXPECT_EQ(rows[2].line, 4U);
}

TEST(Csv, ErrorsNeverShowFieldContent) {
  const std::string secret = "SECRET19121212";
  csv_limits limits;
  limits.max_record_bytes = 20;
  for (const std::string& input :
       {"x" + secret + "\"\n", "\"" + secret + "\"x\n", "\"" + secret, secret + "\xFF\n",
        secret + secret + "\n", secret + "\r" + secret + "\n"}) {
    const auto rows = read_csv(input, limits);
    ASSERT_EQ(rows.size(), 1U) << rows.size();
    EXPECT_NE(rows[0].error, "");
    EXPECT_EQ(rows[0].error.find("SECRET"), std::string::npos) << rows[0].error;
    EXPECT_EQ(rows[0].error.find('\n'), std::string::npos);
  }
}

// ---------------------------------------------------------------------------------------------
// CSV: chunk boundaries and volume

/// Input that exercises every state, malformed records included.
std::string tricky_csv() {
  return "\xEF\xBB\xBFid,\"na,me\",note\r\n"
         "1,\"a \"\"q\"\" b\",\"multi\r\nline\nfield\"\n"
         "\n\r\n"
         "2,\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80,\"\"\r\n"
         "3,ab\"c,x\n"
         "4,\"ab\"c,x\r\n"
         "5,x\ry\n"
         "6,bad\xE2\x82,z\n"
         "\xF0\x9F\x98\x80\xC3\xA9,\"q\"\"\",\r\n"
         "7,,\n"
         "8,\"unterminated\nrest";
}

TEST(Csv, SmallChunksGiveTheSameRecords) {
  const auto expected = read_csv(tricky_csv());
  ASSERT_EQ(expected.size(), 12U);
  EXPECT_EQ(expected[0].fields, (strings{"id", "na,me", "note"}));
  EXPECT_EQ(expected[2].fields, (strings{""})) << "line 5 is blank";
  EXPECT_EQ(expected[3].fields, (strings{""})) << "line 6 is blank";
  EXPECT_EQ(expected[5].error, "line 8, column 5: unexpected quote in an unquoted field");
  EXPECT_EQ(expected[6].error, "line 9, column 7: unexpected character after a closing quote");
  EXPECT_EQ(expected[7].error, "line 10, column 4: carriage return not followed by a line feed");
  EXPECT_EQ(expected[8].error, "line 11, field 2: invalid utf-8");
  EXPECT_EQ(expected[9].fields, (strings{"\xF0\x9F\x98\x80\xC3\xA9", "q\"", ""}));
  EXPECT_EQ(expected[10].fields, (strings{"7", "", ""}));
  EXPECT_EQ(expected[10].line, 13U);
  EXPECT_EQ(expected[11].error, "line 14, field 2: unterminated quoted field");
  EXPECT_EQ(expected[9].number, 10U);
  for (std::size_t chunk = 1; chunk <= 13; ++chunk) {
    EXPECT_EQ(read_csv_chunked(tricky_csv(), chunk), expected) << "chunk " << chunk;
  }
}

TEST(Csv, ErrorColumnAcrossChunksCountsCodePoints) {
  const std::string line =
      "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
      "abcdef\"x\nok\n";
  for (std::size_t chunk = 1; chunk <= 20; ++chunk) {
    const auto rows = read_csv_chunked(line, chunk);
    ASSERT_EQ(rows.size(), 2U);
    EXPECT_EQ(rows[0].error, "line 1, column 11: unexpected quote in an unquoted field")
        << "chunk " << chunk;
    EXPECT_EQ(rows[1].fields, (strings{"ok"}));
  }
}

/// Pads with `x` fields (in records of 63 bytes plus LF) so that `tail` starts at `offset`.
std::string padded_to(std::size_t offset, const std::string& tail) {
  std::string s;
  s.reserve(offset + tail.size());
  while (offset - s.size() > 128) {
    s.append(63, 'x');
    s.push_back('\n');
  }
  s.append(offset - s.size() - 1, 'y');
  s.push_back('\n');
  return s + tail;
}

TEST(Csv, CrlfStraddlingTheChunkBoundary) {
  // "a,b" ends at mib - 1, so '\r' is the last byte of the first chunk and '\n' the first of
  // the second.
  const std::string input = padded_to(mib - 4, "a,b\r\nc,d\r\n");
  ASSERT_EQ(input[mib - 1], '\r');
  ASSERT_EQ(input[mib], '\n');
  const auto rows = read_csv(input);
  ASSERT_GE(rows.size(), 2U);
  const row& ab = rows[rows.size() - 2];
  EXPECT_EQ(ab.fields, (strings{"a", "b"}));
  EXPECT_EQ(ab.error, "");
  EXPECT_EQ(rows.back().fields, (strings{"c", "d"}));
  EXPECT_EQ(rows.back().line, ab.line + 1);
  for (const row& r : rows) {
    ASSERT_EQ(r.error, "");
  }
}

TEST(Csv, EscapedQuoteStraddlingTheChunkBoundary) {
  // The two quotes of `""` sit on either side of the boundary.
  const std::string input = padded_to(mib - 3, "\"a\"\"b\",c\nd\n");
  ASSERT_EQ(input.substr(mib - 1, 2), "\"\"");
  const auto rows = read_csv(input);
  ASSERT_GE(rows.size(), 2U);
  EXPECT_EQ(rows[rows.size() - 2].fields, (strings{"a\"b", "c"}));
  EXPECT_EQ(rows.back().fields, (strings{"d"}));
}

TEST(Csv, ClosingQuoteAndCommaStraddlingTheChunkBoundary) {
  const std::string input = padded_to(mib - 4, "\"ab\",\"c\r\nd\"\r\ne\n");
  ASSERT_EQ(input.substr(mib - 1, 2), "\",");
  const auto rows = read_csv(input);
  ASSERT_GE(rows.size(), 2U);
  EXPECT_EQ(rows[rows.size() - 2].fields, (strings{"ab", "c\r\nd"}));
  EXPECT_EQ(rows[rows.size() - 2].error, "");
  EXPECT_EQ(rows.back().fields, (strings{"e"}));
  EXPECT_EQ(rows.back().line, rows[rows.size() - 2].line + 2);
}

TEST(Csv, MultibyteCharacterStraddlingTheChunkBoundary) {
  const std::string input = padded_to(mib - 2, "a\xE2\x82\xAC\n");
  const auto rows = read_csv(input);
  EXPECT_EQ(rows.back().fields, (strings{"a\xE2\x82\xAC"}));
  EXPECT_EQ(rows.back().error, "");
}

TEST(Csv, ReadsAllOfManyGeneratedRows) {
  constexpr std::size_t count = 200'000;
  std::string input = "id,name,amount,note\n";
  input.reserve(count * 40);
  for (std::size_t i = 0; i < count; ++i) {
    input += std::to_string(i);
    input += i % 3 == 0 ? ",\"Svensson, Anna\"," : ",bo,";
    input += std::to_string(i * 7 % 10'000);
    input += i % 2 == 0 ? ",\r\n" : ",\"a \"\"note\"\"\"\n";
  }
  std::istringstream in(input);
  csv_reader reader(in);
  csv_record record;
  std::size_t records = 0;
  std::size_t errors = 0;
  std::uint64_t last_line = 0;
  while (reader.next(record)) {
    ++records;
    errors += record.error.empty() ? 0 : 1;
    EXPECT_EQ(record.fields.size(), 4U);
    last_line = record.line;
  }
  EXPECT_EQ(records, count + 1);
  EXPECT_EQ(errors, 0U);
  EXPECT_EQ(last_line, count + 1);
  EXPECT_EQ(record.number, 0U);
}

// ---------------------------------------------------------------------------------------------
// JSON Lines: the line reader

/// A line copied out of the reader.
struct json_line {
  std::string text;
  std::uint64_t number = 0;
  std::string error;

  bool operator==(const json_line&) const = default;
};

/// Reads every line of `input`.
std::vector<json_line> read_lines(const std::string& input, std::size_t max = 16 * mib,
                                  std::size_t chunk = mib) {
  std::istringstream in(input);
  line_reader reader(in, max, chunk);
  std::vector<json_line> lines;
  std::string_view text;
  std::uint64_t number = 0;
  std::string error;
  while (reader.next(text, number, error)) {
    lines.push_back(json_line{std::string(text), number, error});
  }
  EXPECT_FALSE(reader.failed());
  EXPECT_FALSE(reader.next(text, number, error));
  return lines;
}

TEST(JsonLines, ReadsLfAndCrlfLines) {
  const auto lines = read_lines("{\"a\":1}\r\n{\"b\":2}\n{\"c\":3}");
  ASSERT_EQ(lines.size(), 3U);
  EXPECT_EQ(lines[0], (json_line{"{\"a\":1}", 1, ""}));
  EXPECT_EQ(lines[1], (json_line{"{\"b\":2}", 2, ""}));
  EXPECT_EQ(lines[2], (json_line{"{\"c\":3}", 3, ""}));
}

TEST(JsonLines, SkipsByteOrderMark) {
  const auto lines = read_lines("\xEF\xBB\xBF{}\n");
  ASSERT_EQ(lines.size(), 1U);
  EXPECT_EQ(lines[0], (json_line{"{}", 1, ""}));
}

TEST(JsonLines, BlankAndWhitespaceLinesAreLines) {
  // the caller answers every line (a blank one is an error there); the final LF ends the last
  const auto lines = read_lines("\n  \t\n\r\n{}\n \r\n{ }\n\n");
  ASSERT_EQ(lines.size(), 7U);
  EXPECT_EQ(lines[0], (json_line{"", 1, ""}));
  EXPECT_EQ(lines[1], (json_line{"  \t", 2, ""}));
  EXPECT_EQ(lines[2], (json_line{"", 3, ""}));
  EXPECT_EQ(lines[3], (json_line{"{}", 4, ""}));
  EXPECT_EQ(lines[4], (json_line{" ", 5, ""}));
  EXPECT_EQ(lines[5], (json_line{"{ }", 6, ""}));
  EXPECT_EQ(lines[6], (json_line{"", 7, ""}));
}

TEST(JsonLines, EmptyInputHasNoLines) {
  EXPECT_TRUE(read_lines("").empty());
  EXPECT_TRUE(read_lines("\xEF\xBB\xBF").empty());
  EXPECT_EQ(read_lines("\n\r\n ").size(), 3U);
}

TEST(JsonLines, OverlongLineIsAnErrorAndReadingContinues) {
  const std::string input = "{}\n" + std::string(10'000, 'x') + "\n" + std::string(11, 'y') +
                            "\r\n" + std::string(10, 'z') + "\r\n{\"last\":1}";
  for (const std::size_t chunk : {std::size_t{1}, std::size_t{3}, std::size_t{7}, mib}) {
    const auto lines = read_lines(input, 10, chunk);
    ASSERT_EQ(lines.size(), 5U) << "chunk " << chunk;
    EXPECT_EQ(lines[0], (json_line{"{}", 1, ""}));
    EXPECT_EQ(lines[1], (json_line{"", 2, "line 2: line longer than 10 bytes"}));
    EXPECT_EQ(lines[2], (json_line{"", 3, "line 3: line longer than 10 bytes"}));
    EXPECT_EQ(lines[3], (json_line{std::string(10, 'z'), 4, ""}));
    EXPECT_EQ(lines[4], (json_line{"{\"last\":1}", 5, ""}));
  }
}

TEST(JsonLines, SmallChunksGiveTheSameLines) {
  const std::string input =
      "\xEF\xBB\xBF{\"a\":\"\xC3\xA9\"}\r\n\n  \n{\"b\":[1,\r2]}\r\n{}\r\r\n{}";
  const auto expected = read_lines(input);
  ASSERT_EQ(expected.size(), 6U);
  EXPECT_EQ(expected[1].text, "");
  EXPECT_EQ(expected[2].text, "  ");
  EXPECT_EQ(expected[4].text, "{}\r");
  for (std::size_t chunk = 1; chunk <= 9; ++chunk) {
    EXPECT_EQ(read_lines(input, 16 * mib, chunk), expected) << "chunk " << chunk;
  }
}

// Reads start at 64 KiB and double up to the chunk size: records that straddle each of those
// boundaries (64 K, 192 K, 448 K, 960 K, then every 1 MiB) must come back whole and numbered.
std::string numbered_lines(std::size_t count, std::size_t width) {
  std::string input;
  for (std::size_t i = 0; i < count; ++i) {
    std::string n = std::to_string(i);
    input += n + ',' + std::string(width - n.size() % width, 'x') + '\n';
  }
  return input;
}

TEST(ReadBuffer, ReadsDoubleFrom4KiBToTheChunkSize) {
  read_buffer buf;
  std::vector<std::size_t> sizes;
  for (int i = 0; i < 10; ++i) sizes.push_back(buf.next_read_bytes(mib));
  EXPECT_EQ(sizes, (std::vector<std::size_t>{4 << 10, 8 << 10, 16 << 10, 32 << 10, 64 << 10,
                                             128 << 10, 256 << 10, 512 << 10, mib, mib}));
  read_buffer small;
  EXPECT_EQ(small.next_read_bytes(5), 5U);
  EXPECT_EQ(small.next_read_bytes(5), 5U);
}

TEST(ReadBuffer, GrowKeepsThePrefix) {
  read_buffer buf;
  buf.grow(4, 0);
  std::memcpy(buf.data(), "abcd", 4);
  buf.grow(3, 0);  // never shrinks
  EXPECT_EQ(buf.size(), 4U);
  buf.grow(1000, 3);
  EXPECT_EQ(buf.size(), 1000U);
  EXPECT_EQ(std::string_view(buf.data(), 3), "abc");
}

TEST(Csv, RecordsAcrossGrowingReadsComeBackWhole) {
  const std::string input = numbered_lines(300'000, 7);  // about 3.3 MB
  std::istringstream in(input);
  csv_reader reader(in);
  csv_record record;
  std::uint64_t expected = 0;
  while (reader.next(record)) {
    ASSERT_EQ(record.error, "");
    ASSERT_EQ(record.fields.size(), 2U);
    ASSERT_EQ(record.fields[0].text, std::to_string(expected));
    ASSERT_EQ(record.line, expected + 1);
    ++expected;
  }
  EXPECT_EQ(expected, 300'000U);
}

TEST(JsonLines, LinesAcrossGrowingReadsComeBackWhole) {
  const std::string input = numbered_lines(300'000, 7);
  std::istringstream in(input);
  line_reader reader(in);
  std::string_view text;
  std::uint64_t number = 0;
  std::string error;
  std::uint64_t expected = 0;
  while (reader.next(text, number, error)) {
    ASSERT_EQ(error, "");
    ASSERT_EQ(text.substr(0, text.find(',')), std::to_string(expected));
    ASSERT_EQ(number, expected + 1);
    ++expected;
  }
  EXPECT_EQ(expected, 300'000U);
}

TEST(JsonLines, CrlfStraddlingTheChunkBoundary) {
  std::string input(mib - 1, ' ');
  input[0] = '{';
  input[mib - 2] = '}';
  input += "\r\n{}\n";
  const auto lines = read_lines(input);
  ASSERT_EQ(lines.size(), 2U);
  EXPECT_EQ(lines[0].text.size(), mib - 1);
  EXPECT_EQ(lines[0].text.back(), '}');
  EXPECT_EQ(lines[1], (json_line{"{}", 2, ""}));
}

// ---------------------------------------------------------------------------------------------
// JSON: the object parser

/// A field copied out of the parser.
struct field {
  std::string name;
  json_kind kind = json_kind::null;
  std::string text;

  bool operator==(const field&) const = default;
};

/// Parses `line`; on failure returns no fields and sets `error`.
std::vector<field> parse(std::string_view line, std::string& error) {
  json_object_parser parser;
  std::vector<json_field> out;
  const bool ok = parser.parse(line, out, error);
  EXPECT_EQ(ok, error.empty()) << error;
  if (!ok) {
    EXPECT_TRUE(out.empty());
  }
  std::vector<field> fields;
  for (const auto& f : out) {
    fields.push_back(field{std::string(f.name), f.kind, std::string(f.text)});
  }
  return fields;
}

/// The error for `line`, or "" if it parses.
std::string parse_error(std::string_view line) {
  std::string error;
  parse(line, error);
  return error;
}

/// The single value in `{"v": <value>}`.
field parse_value(std::string_view value) {
  std::string error;
  const auto fields = parse("{\"v\":" + std::string(value) + "}", error);
  EXPECT_EQ(error, "") << value;
  return fields.size() == 1 ? fields[0] : field{};
}

TEST(JsonParser, ParsesScalarKinds) {
  std::string error;
  const auto fields = parse(
      R"(  { "s" : "text", "n": -12.5e3, "t": true, "f":false, "z": null, "e": "" }  )", error);
  EXPECT_EQ(error, "");
  EXPECT_EQ(fields, (std::vector<field>{{"s", json_kind::string, "text"},
                                        {"n", json_kind::number, "-12.5e3"},
                                        {"t", json_kind::boolean, "true"},
                                        {"f", json_kind::boolean, "false"},
                                        {"z", json_kind::null, "null"},
                                        {"e", json_kind::string, ""}}));
}

TEST(JsonParser, EmptyObject) {
  std::string error;
  EXPECT_TRUE(parse("{}", error).empty());
  EXPECT_EQ(error, "");
  EXPECT_TRUE(parse(" \t{ \t } \r", error).empty());
  EXPECT_EQ(error, "");
}

TEST(JsonParser, StringEscapes) {
  EXPECT_EQ(parse_value(R"("a\"b\\c\/d\be\ff\ng\rh\ti")").text, "a\"b\\c/d\be\ff\ng\rh\ti");
  EXPECT_EQ(parse_value(R"("\u00e9\u20AC\u0041")").text,
            "\xC3\xA9\xE2\x82\xAC"
            "A");
  EXPECT_EQ(parse_value(R"("nul\u0000byte")").text, "nul\0byte"s);
  EXPECT_EQ(parse_value("\"raw \xC3\xA9 utf-8\"").text, "raw \xC3\xA9 utf-8");
  std::string error;
  const auto fields = parse(R"({"na\tme":1})", error);
  ASSERT_EQ(fields.size(), 1U);
  EXPECT_EQ(fields[0].name, "na\tme");
}

TEST(JsonParser, SurrogatePairs) {
  EXPECT_EQ(parse_value(R"("\ud83d\ude00")").text, "\xF0\x9F\x98\x80");
  EXPECT_EQ(parse_value(R"("x\uDBFF\uDFFFy")").text,
            "x\xF4\x8F\xBF\xBF"
            "y");
}

TEST(JsonParser, LoneSurrogatesSpoilOnlyTheirField) {
  for (const char* bad : {R"("\ud83d")", R"("\ud83dx")", R"("\ud83d\u0041")", R"("\ude00")"}) {
    std::string error;
    const auto fields = parse(std::string(R"({"id":"r1","v":)") + bad + "}", error);
    EXPECT_EQ(error, "") << bad;
    ASSERT_EQ(fields.size(), 2U) << bad;
    EXPECT_EQ(fields[0], (field{"id", json_kind::string, "r1"})) << "the rest is read";
    EXPECT_EQ(fields[1].kind, json_kind::bad_string) << bad;
  }
  // a name that is not text cannot be named: the record fails
  EXPECT_EQ(parse_error(R"({"\ud83d":1})"), "column 3: unpaired surrogate in a \\u escape");
}

TEST(JsonParser, BadEscapesRejected) {
  EXPECT_EQ(parse_error(R"({"v":"\x"})"), "column 7: invalid escape sequence");
  EXPECT_EQ(parse_error(R"({"v":"\u12"})"), "column 7: invalid \\u escape");
  EXPECT_EQ(parse_error(R"({"v":"\u12g4"})"), "column 7: invalid \\u escape");
  EXPECT_EQ(parse_error(R"({"v":"abc\)"), "column 6: unterminated string");
  EXPECT_EQ(parse_error(R"({"v":"abc)"), "column 6: unterminated string");
}

TEST(JsonParser, ControlCharactersInStringsRejected) {
  EXPECT_EQ(parse_error("{\"v\":\"a\tb\"}"), "column 8: control character in a string");
  EXPECT_EQ(parse_error("{\"v\":\"a\x01\"}"), "column 8: control character in a string");
  EXPECT_EQ(parse_error("{\"v\":\"a\0\"}"s), "column 8: control character in a string");
}

TEST(JsonParser, InvalidUtf8SpoilsOnlyItsField) {
  for (const char* bad : {"\"a\xFF\"", "\"\xED\xA0\x80\"", "\"\xC0\xAF\""}) {
    std::string error;
    EXPECT_EQ(parse_value(bad).kind, json_kind::bad_string) << bad;
  }
  EXPECT_EQ(parse_value("[\"\xE2\x82\"]").kind, json_kind::nested) << "no input takes a list";
  EXPECT_EQ(parse_error("{\"\xC3\":1}"), "column 3: invalid utf-8 in a string") << "a name";
}

TEST(JsonParser, NestedValuesKeptRaw) {
  const std::string nested = R"({"a": [1, {"b": "x,}]"}], "c": {}})";
  EXPECT_EQ(parse_value(nested), (field{"v", json_kind::nested, nested}));
  EXPECT_EQ(parse_value("[]"), (field{"v", json_kind::nested, "[]"}));
  EXPECT_EQ(parse_value("[ ]").text, "[ ]");
  std::string error;
  const auto fields = parse(R"({"x":[1,2] ,"y":{"k":null},"z":1})", error);
  ASSERT_EQ(fields.size(), 3U);
  EXPECT_EQ(fields[0], (field{"x", json_kind::nested, "[1,2]"}));
  EXPECT_EQ(fields[1], (field{"y", json_kind::nested, R"({"k":null})"}));
  EXPECT_EQ(fields[2], (field{"z", json_kind::number, "1"}));
}

TEST(JsonParser, NestedValuesAreValidated) {
  EXPECT_EQ(parse_error(R"({"v":[1,]})"), "column 9: expected a value");
  EXPECT_EQ(parse_error(R"({"v":[1 2]})"), "column 9: expected ',' or ']' in an array");
  EXPECT_EQ(parse_error(R"({"v":{"a" 1}})"), "column 11: expected ':' after a field name");
  EXPECT_EQ(parse_error(R"({"v":{"a":1]})"), "column 12: expected ',' or '}' in an object");
  EXPECT_EQ(parse_error(R"({"v":{1:2}})"), "column 7: expected a field name in double quotes");
  EXPECT_EQ(parse_error(R"({"v":[01]})"), "column 7: invalid number");
  EXPECT_EQ(parse_error(R"({"v":[1)"), "column 8: expected ',' or ']' in an array");
}

TEST(JsonParser, NestingDepthLimit) {
  // The record object is level 1, so 63 levels of arrays are allowed inside it.
  const auto nest = [](std::size_t levels) {
    return "{\"v\":" + std::string(levels, '[') + std::string(levels, ']') + "}";
  };
  EXPECT_EQ(parse_error(nest(63)), "");
  EXPECT_EQ(parse_error(nest(64)), "column 69: nesting deeper than 64 levels");
  // Deep input must not recurse: a million levels is just an error.
  EXPECT_EQ(parse_error(nest(1'000'000)), "column 69: nesting deeper than 64 levels");
}

// The name given twice first, for the record decoder (whose error then keeps the record's id).
std::string duplicate_of(std::string_view line) {
  json_object_parser parser;
  std::vector<json_field> out;
  std::string error;
  EXPECT_TRUE(parser.parse(line, out, error)) << error;
  return std::string(parser.duplicate());
}

TEST(JsonParser, DuplicateKeysAreFoundNotFatal) {
  EXPECT_EQ(duplicate_of(R"({"a":1,"b":2,"a":3})"), "a");
  EXPECT_EQ(duplicate_of(R"({"a":1,"\u0061":"secret"})"), "a");
  EXPECT_EQ(duplicate_of(R"({"a":1,"b":2})"), "");
  // The sorted check for wide records finds the earliest repeat too.
  std::string wide = "{";
  for (int i = 0; i < 40; ++i) {
    wide += "\"f" + std::to_string(i) + "\":" + std::to_string(i) + ",";
  }
  EXPECT_EQ(duplicate_of(wide + "\"f1\":\"x\",\"f2\":1}"), "f1");
  EXPECT_EQ(duplicate_of(wide + "\"f40\":\"x\"}"), "");
}

TEST(JsonParser, TrailingGarbageRejected) {
  EXPECT_EQ(parse_error(R"({"a":1} x)"), "column 9: unexpected characters after the object");
  EXPECT_EQ(parse_error(R"({"a":1}{})"), "column 8: unexpected characters after the object");
  EXPECT_EQ(parse_error(R"({"a":1},)"), "column 8: unexpected characters after the object");
  EXPECT_EQ(parse_error(R"({"a":1} )"), "");
}

TEST(JsonParser, StructureErrors) {
  EXPECT_EQ(parse_error(R"({"a":1 "b":2})"), "column 8: expected ',' or '}' after a value");
  EXPECT_EQ(parse_error(R"({"a":1,})"), "column 8: expected a field name in double quotes");
  EXPECT_EQ(parse_error(R"({a:1})"), "column 2: expected a field name in double quotes");
  EXPECT_EQ(parse_error(R"({"a" 1})"), "column 6: expected ':' after a field name");
  EXPECT_EQ(parse_error(R"({"a":})"), "column 6: expected a value");
  EXPECT_EQ(parse_error(R"({"a":1)"), "column 7: expected ',' or '}' after a value");
  EXPECT_EQ(parse_error(R"({"a":'x'})"), "column 6: expected a value");
  EXPECT_EQ(parse_error(R"([1,2])"), "column 1: expected a json object");
  EXPECT_EQ(parse_error(R"("x")"), "column 1: expected a json object");
  EXPECT_EQ(parse_error(""), "column 1: expected a json object");
  EXPECT_EQ(parse_error(R"({"a":tru})"), "column 6: invalid literal");
  EXPECT_EQ(parse_error(R"({"a":truex})"), "column 6: invalid literal");
  EXPECT_EQ(parse_error(R"({"a":nul})"), "column 6: invalid literal");
  EXPECT_EQ(parse_error(R"({"a":True})"), "column 6: expected a value");
}

TEST(JsonParser, ErrorColumnsCountCodePoints) {
  EXPECT_EQ(parse_error("{\"\xC3\xA9\xE2\x82\xAC\":1 2}"),
            "column 9: expected ',' or '}' after a value");
}

TEST(JsonParser, NumberGrammar) {
  for (const char* good : {"0", "-0", "1", "123", "1e5", "1E+2", "1e-2", "-0.5E-3", "0.0",
                           "123.456", "-9007199254740993", "1e400"}) {
    EXPECT_EQ(parse_value(good), (field{"v", json_kind::number, good})) << good;
  }
  for (const char* bad : {"01", "-01", "1.", ".5", "-", "+1", "1e", "1e+", "--1", "1.2.3", "1e5e5",
                          "-.5", "0.e1", "00"}) {
    EXPECT_EQ(parse_error("{\"v\":" + std::string(bad) + "}"), "column 6: invalid number") << bad;
  }
  EXPECT_EQ(parse_error(R"({"v":0x1})"), "column 7: expected ',' or '}' after a value");
  EXPECT_EQ(parse_error(R"({"v":1 })"), "");
}

TEST(JsonParser, ViewsStayValidWhenBufferGrows) {
  // Many escaped strings force the internal buffer to reallocate while parsing.
  std::string line = "{";
  std::vector<std::string> expected;
  for (int i = 0; i < 300; ++i) {
    std::string value(static_cast<std::size_t>(i) * 7 + 1, static_cast<char>('a' + i % 26));
    line += "\"k\\u00e9" + std::to_string(i) + "\":\"\\t" + value + "\",";
    expected.push_back("\t" + value);
  }
  line.back() = '}';
  json_object_parser parser;
  std::vector<json_field> out;
  std::string error;
  ASSERT_TRUE(parser.parse(line, out, error)) << error;
  ASSERT_EQ(out.size(), expected.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    EXPECT_EQ(out[i].name, "k\xC3\xA9" + std::to_string(i));
    EXPECT_EQ(out[i].text, expected[i]);
  }
  // The parser is reusable, and a failed parse leaves nothing behind.
  EXPECT_FALSE(parser.parse(R"({"a":})", out, error));
  EXPECT_TRUE(out.empty());
  ASSERT_TRUE(parser.parse(R"({"a":"\n"})", out, error));
  EXPECT_EQ(error, "");
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0].text, "\n");
}

TEST(JsonParser, ErrorsNeverShowValues) {
  for (const std::string line : {R"({"a":"SECRET\q"})", R"({"a":"SECRET)", "{\"a\":\"SECRET\x01\"}",
                                 R"({"a":"SECRET" "b":1})", R"({"a":"SECRET"} SECRET)",
                                 R"({"a":[SECRET]})", R"({"a":SECRET})"}) {
    const std::string error = parse_error(line);
    EXPECT_NE(error, "") << line;
    EXPECT_EQ(error.find("SECRET"), std::string::npos) << error;
  }
}

// ---------------------------------------------------------------------------------------------
// JSON: the string writer

/// `s` as a JSON string.
std::string to_json(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

TEST(JsonWriter, EscapesSpecialCharacters) {
  EXPECT_EQ(to_json(""), R"("")");
  EXPECT_EQ(to_json("plain \xC3\xA9"), "\"plain \xC3\xA9\"");
  EXPECT_EQ(to_json("q\"b\\s/"), R"("q\"b\\s/")");
  EXPECT_EQ(to_json("\n\t\r\b\f"), R"("\n\t\r\b\f")");
  EXPECT_EQ(to_json("\x01\x1F\x7F"), "\"\\u0001\\u001f\x7F\"");
  EXPECT_EQ(to_json("a\0b"s), R"("a\u0000b")");
}

TEST(JsonWriter, InvalidUtf8BecomesReplacementCharacter) {
  EXPECT_EQ(to_json("a\xFF"
                    "b"),
            R"("a\ufffdb")");
  EXPECT_EQ(to_json("\xE2\x82"), R"("\ufffd\ufffd")");
  EXPECT_EQ(to_json("\xED\xA0\x80"), R"("\ufffd\ufffd\ufffd")");
  EXPECT_EQ(to_json("\xF0\x9F\x98\x80\xC0"), "\"\xF0\x9F\x98\x80\\ufffd\"");
}

TEST(JsonWriter, RoundTripsThroughTheParser) {
  std::string all_controls;
  for (int c = 0; c < 0x20; ++c) {
    all_controls.push_back(static_cast<char>(c));
  }
  const std::vector<std::string> values = {"",
                                           "plain",
                                           "\"quoted\"",
                                           "back\\slash",
                                           all_controls,
                                           "\xF0\x9F\x98\x80 emoji",
                                           "\xE2\x80\xA8 line separator",
                                           "\xC3\xA9\xE2\x82\xAC\xF4\x8F\xBF\xBF",
                                           "\\u0041 literal",
                                           "</script>",
                                           std::string(5000, '"')};
  for (const std::string& value : values) {
    std::string line = "{";
    append_json_string(line, value);
    line += ":";
    append_json_string(line, value);
    line += "}";
    std::string error;
    const auto fields = parse(line, error);
    ASSERT_EQ(error, "") << line;
    ASSERT_EQ(fields.size(), 1U);
    EXPECT_EQ(fields[0], (field{value, json_kind::string, value}));
  }
  // Ill-formed input comes back with U+FFFD in place of each bad byte.
  std::string error;
  std::string line = "{\"v\":";
  append_json_string(line, "a\xC3(\xFF");
  line += "}";
  const auto fields = parse(line, error);
  ASSERT_EQ(fields.size(), 1U);
  EXPECT_EQ(fields[0].text, "a\xEF\xBF\xBD(\xEF\xBF\xBD");
}

}  // namespace
