// Unit tests for source.hpp: line and column positions (columns count code points), line texts,
// line ends (LF, CRLF, a last line without a newline) and spans; `read_file`, the bounded reader
// (regular files only, the limit checked before reading and while reading).
#include "ssprules/source.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

using ssprules::file_contents;
using ssprules::position;
using ssprules::read_error;
using ssprules::read_file;
using ssprules::source;
using ssprules::source_span;

std::shared_ptr<const source> make(std::string text) {
  return source::from_string("rules.yaml", std::move(text));
}

// The position of the first occurrence of `needle` in the source text.
position position_of(const source& src, std::string_view needle) {
  std::size_t offset = src.text().find(needle);
  EXPECT_NE(offset, std::string::npos) << "`" << needle << "` is not in the text";
  return src.position_of(offset);
}

TEST(Source, KeepsNameAndText) {
  auto src = make("id: x\n");
  EXPECT_EQ(src->name(), "rules.yaml");
  EXPECT_EQ(src->text(), "id: x\n");
}

TEST(Source, FirstCharacterIsLineOneColumnOne) {
  auto src = make("id: x\nvalue: 1\n");
  position p = src->position_of(0);
  EXPECT_EQ(p.line, 1U);
  EXPECT_EQ(p.column, 1U);
}

TEST(Source, PositionsOnLaterLines) {
  auto src = make("id: x\nvalue: 1\n  nested: yes\n");
  position p = position_of(*src, "value");
  EXPECT_EQ(p.line, 2U);
  EXPECT_EQ(p.column, 1U);
  p = position_of(*src, "1");
  EXPECT_EQ(p.line, 2U);
  EXPECT_EQ(p.column, 8U);
  p = position_of(*src, "yes");
  EXPECT_EQ(p.line, 3U);
  EXPECT_EQ(p.column, 11U);
}

TEST(Source, ColumnsCountCodePointsNotBytes) {
  // "æøå" is 6 bytes but 3 code points.
  auto src = make("navn: \xC3\xA6\xC3\xB8\xC3\xA5 x\n");
  position p = position_of(*src, "x");
  EXPECT_EQ(p.line, 1U);
  EXPECT_EQ(p.column, 11U);  // n a v n : ␠ æ ø å ␠ x
}

TEST(Source, ColumnsAfterFourByteCharacters) {
  auto src = make("a: \xF0\x9F\x98\x80\xF0\x9F\x98\x80 b\n");  // two U+1F600
  position p = position_of(*src, "b");
  EXPECT_EQ(p.column, 7U);
}

TEST(Source, MultiByteCharactersOnEarlierLinesDoNotShiftColumns) {
  auto src = make("title: \xC3\xA6\xC3\xA6\xC3\xA6\xC3\xA6\nid: z\n");
  position p = position_of(*src, "z");
  EXPECT_EQ(p.line, 2U);
  EXPECT_EQ(p.column, 5U);
}

TEST(Source, CountsLinesWithTrailingNewline) {
  auto src = make("a\nb\nc\n");
  EXPECT_EQ(src->line_count(), 3U);
  EXPECT_EQ(src->line_text(1), "a");
  EXPECT_EQ(src->line_text(2), "b");
  EXPECT_EQ(src->line_text(3), "c");
}

TEST(Source, LastLineWithoutNewlineCounts) {
  auto src = make("a: 1\nb: 2");
  EXPECT_EQ(src->line_count(), 2U);
  EXPECT_EQ(src->line_text(2), "b: 2");
  position p = position_of(*src, "2");
  EXPECT_EQ(p.line, 2U);
  EXPECT_EQ(p.column, 4U);
}

TEST(Source, CrlfLineEnds) {
  auto src = make("a: 1\r\nbb: 2\r\nccc: 3\r\n");
  EXPECT_EQ(src->line_count(), 3U);
  EXPECT_EQ(src->line_text(1), "a: 1");
  EXPECT_EQ(src->line_text(2), "bb: 2");
  EXPECT_EQ(src->line_text(3), "ccc: 3");
  position p = position_of(*src, "3");
  EXPECT_EQ(p.line, 3U);
  EXPECT_EQ(p.column, 6U);
  EXPECT_EQ(src->line_start(2), 6U);
  EXPECT_EQ(src->line_start(3), 13U);
}

TEST(Source, CrlfLastLineWithoutNewline) {
  auto src = make("a: 1\r\nb: 2");
  EXPECT_EQ(src->line_count(), 2U);
  EXPECT_EQ(src->line_text(2), "b: 2");
  EXPECT_EQ(position_of(*src, "b").line, 2U);
}

TEST(Source, LineTextOutsideTheFileIsEmpty) {
  auto src = make("a\nb\n");
  EXPECT_EQ(src->line_text(0), "");
  EXPECT_EQ(src->line_text(3), "");
  EXPECT_EQ(src->line_text(1000), "");
}

TEST(Source, LineStartOfEachLine) {
  auto src = make("ab\ncde\nf");
  EXPECT_EQ(src->line_start(1), 0U);
  EXPECT_EQ(src->line_start(2), 3U);
  EXPECT_EQ(src->line_start(3), 7U);
  EXPECT_EQ(src->line_start(4), src->text().size());  // past the last line: the end
}

TEST(Source, EmptyLinesAreLines) {
  auto src = make("a\n\n\nb\n");
  EXPECT_EQ(src->line_count(), 4U);
  EXPECT_EQ(src->line_text(2), "");
  EXPECT_EQ(src->line_text(3), "");
  EXPECT_EQ(position_of(*src, "b").line, 4U);
}

TEST(Source, OffsetsPastTheEndAreClamped) {
  auto src = make("ab\ncd");
  position p = src->position_of(1000);
  EXPECT_EQ(p.line, 2U);
  EXPECT_EQ(p.column, 3U);
}

TEST(Source, EmptyTextHasOneEmptyLine) {
  auto src = make("");
  EXPECT_EQ(src->line_count(), 1U);
  EXPECT_EQ(src->line_text(1), "");
  position p = src->position_of(0);
  EXPECT_EQ(p.line, 1U);
  EXPECT_EQ(p.column, 1U);
}

TEST(SourceSpan, AtComputesLineAndColumn) {
  auto src = make("id: x\nexpr: \xC3\xA6 + agee\n");
  std::size_t offset = src->text().find("agee");
  source_span span = source_span::at(src, offset, 4);
  EXPECT_TRUE(span.valid());
  EXPECT_EQ(span.file, src);
  EXPECT_EQ(span.offset, offset);
  EXPECT_EQ(span.length, 4U);
  EXPECT_EQ(span.line, 2U);
  EXPECT_EQ(span.column, 11U);
}

TEST(SourceSpan, AtClampsOffsetAndLength) {
  auto src = make("abc");
  source_span past = source_span::at(src, 10, 5);
  EXPECT_EQ(past.offset, 3U);
  EXPECT_EQ(past.length, 0U);
  source_span longer = source_span::at(src, 1, 100);
  EXPECT_EQ(longer.offset, 1U);
  EXPECT_EQ(longer.length, 2U);
  EXPECT_EQ(longer.column, 2U);
}

TEST(SourceSpan, WithoutAFilePointsNowhere) {
  source_span span = source_span::at(nullptr, 3, 4);
  EXPECT_FALSE(span.valid());
  EXPECT_EQ(span.line, 0U);
  EXPECT_FALSE(source_span{}.valid());
}

TEST(Source, FromFileReadsTheWholeFile) {
  namespace fs = std::filesystem;
  fs::path path = fs::temp_directory_path() / "ssprules_source_test_read.yaml";
  {
    std::ofstream out(path, std::ios::binary);
    out << "id: x\r\nå: 1";
  }
  auto src = source::from_file(path.string());
  EXPECT_EQ(src->name(), path.string());
  EXPECT_EQ(src->text(), "id: x\r\n\xC3\xA5: 1");
  EXPECT_EQ(src->line_count(), 2U);
  fs::remove(path);
}

TEST(Source, FromFileThrowsForAMissingFile) {
  EXPECT_THROW((void)source::from_file("/nonexistent/ssprules/no-such-policy.yaml"),
               ssprules::error);
}

TEST(Source, FromFileThrowsForADirectoryOrADevice) {
  for (const char* path : {"/", "/dev/zero"}) {
    try {
      (void)source::from_file(path);
      ADD_FAILURE() << path << " was read";
    } catch (const ssprules::error& e) {
      EXPECT_NE(std::string(e.what()).find("not a regular file"), std::string::npos) << e.what();
    }
  }
}

// ---------------------------------------------------------------------------------------------
// read_file: the one bounded reader behind every file the engine reads

class ReadFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("ssprules_read_file_" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& text) {
    std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  std::filesystem::path dir_;
};

TEST_F(ReadFile, ReadsARegularFileWhole) {
  std::string text = "id: x\r\n\xC3\xA5: 1\n";
  text += std::string(100'000, 'y');  // more than one read
  file_contents f = read_file(write("a.yaml", text), 1U << 20U);
  ASSERT_TRUE(f.ok()) << f.reason;
  EXPECT_EQ(f.text, text);
  EXPECT_EQ(f.error, read_error::none);
  EXPECT_TRUE(f.reason.empty());
  file_contents empty = read_file(write("empty.yaml", ""), 10);
  EXPECT_TRUE(empty.ok());
  EXPECT_EQ(empty.text, "");
}

TEST_F(ReadFile, AFileOfExactlyTheLimitIsRead) {
  EXPECT_TRUE(read_file(write("ten.txt", "0123456789"), 10).ok());
  file_contents over = read_file(write("eleven.txt", "0123456789a"), 10);
  EXPECT_EQ(over.error, read_error::too_large);
  EXPECT_EQ(over.reason, "file is 11 bytes; the limit is 10");
  EXPECT_TRUE(over.text.empty());
}

TEST_F(ReadFile, AMissingFile) {
  for (const std::string& path : {(dir_ / "nope.yaml").string(), (dir_ / "no/dir/x").string()}) {
    file_contents f = read_file(path, 100);
    EXPECT_EQ(f.error, read_error::missing) << path;
    EXPECT_EQ(f.reason, "no such file");
  }
}

TEST_F(ReadFile, NotRegularFilesAreRefusedWithoutReading) {
  // a FIFO with no writer (opening it to read would wait for one; reading would wait for data),
  // /dev/zero (never ends), a directory; the test's TIMEOUT guards against a hang
  ASSERT_EQ(std::system(("mkfifo '" + (dir_ / "fifo").string() + "'").c_str()), 0);
  std::filesystem::create_symlink("/dev/zero", dir_ / "zero.yaml");
  for (const auto& [path, kind] : std::vector<std::pair<std::string, std::string>>{
           {(dir_ / "fifo").string(), "a FIFO"},
           {"/dev/zero", "a character device"},
           {(dir_ / "zero.yaml").string(), "a character device"},
           {dir_.string(), "a directory"}}) {
    file_contents f = read_file(path, 1U << 20U);
    EXPECT_EQ(f.error, read_error::not_regular) << path;
    EXPECT_EQ(f.reason, "not a regular file (" + kind + ")") << path;
    EXPECT_TRUE(f.text.empty());
  }
}

TEST_F(ReadFile, ASizeOverTheLimitIsRefusedBeforeReading) {
  // a sparse file of 3 GiB: its size is seen before a byte is read (reading it would take
  // seconds and 3 GiB of memory)
  std::string path = write("sparse.yaml", "");
  std::error_code ec;
  std::filesystem::resize_file(path, 3ULL << 30U, ec);
  if (ec) GTEST_SKIP() << "no sparse file here: " << ec.message();
  file_contents f = read_file(path, 16U << 20U);
  EXPECT_EQ(f.error, read_error::too_large);
  EXPECT_EQ(f.reason, "file is 3221225472 bytes; the limit is 16777216");
}

TEST_F(ReadFile, AFileThatReportsNoSizeStopsAtTheLimit) {
  // /proc files are regular files of size 0 that hold text: read at most limit + 1 bytes
  if (!std::filesystem::exists("/proc/self/status")) GTEST_SKIP() << "no /proc";
  file_contents f = read_file("/proc/self/status", 16);
  EXPECT_EQ(f.error, read_error::too_large);
  EXPECT_EQ(f.reason, "file is larger than the limit of 16 bytes");
  file_contents whole = read_file("/proc/self/status", 1U << 20U);
  ASSERT_TRUE(whole.ok()) << whole.reason;
  EXPECT_NE(whole.text.find("Name:"), std::string::npos);
}

TEST_F(ReadFile, AFileWithoutPermissionIsUnreadable) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads every file";
  std::string path = write("secret.yaml", "id: x\n");
  std::filesystem::permissions(path, std::filesystem::perms::none);
  file_contents f = read_file(path, 100);
  EXPECT_EQ(f.error, read_error::unreadable);
  EXPECT_EQ(f.reason, "permission denied");
}

}  // namespace
