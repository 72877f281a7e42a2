// Unit tests for diagnostic.hpp: the compiler-style rendering (location, source line, caret under
// the span, notes), summaries, and rules_error.
#include "ssprules/diagnostic.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ssprules/terminal.hpp"

namespace {

using ssprules::diagnostic;
using ssprules::note;
using ssprules::severity;
using ssprules::source;
using ssprules::source_span;

std::shared_ptr<const source> make(std::string text, std::string name = "rules/leave.yaml") {
  return source::from_string(std::move(name), std::move(text));
}

// The span of the first occurrence of `needle`.
source_span span_of(const std::shared_ptr<const source>& src, std::string_view needle) {
  std::size_t offset = src->text().find(needle);
  EXPECT_NE(offset, std::string::npos) << "`" << needle << "` is not in the text";
  return source_span::at(src, offset, needle.size());
}

diagnostic error_at(const source_span& at, std::string code, std::string message,
                    std::vector<note> notes = {}) {
  return {severity::error, std::move(code), std::move(message), at, std::move(notes)};
}

const char* const leave_policy =
    "id: leave\n"
    "values:\n"
    "  carry_over:\n"
    "    after: [accrual]\n";

TEST(Render, FormatsLocationCodeMessageLineAndCaret) {
  auto src = make(leave_policy);
  diagnostic d = error_at(span_of(src, "accrual"), "SR0203",
                          "rule `carry_over` depends on unknown rule `accrual`");
  EXPECT_EQ(ssprules::render(d),
            "rules/leave.yaml:4:13: error[SR0203]: rule `carry_over` depends on unknown rule "
            "`accrual`\n"
            "   4 |     after: [accrual]\n"
            "     |             ^~~~~~~\n");
}

TEST(Render, WarningsSayWarning) {
  auto src = make(leave_policy);
  diagnostic d = error_at(span_of(src, "carry_over"), "SR0702", "value `carry_over` is never used");
  d.level = severity::warning;
  EXPECT_EQ(ssprules::render(d),
            "rules/leave.yaml:3:3: warning[SR0702]: value `carry_over` is never used\n"
            "   3 |   carry_over:\n"
            "     |   ^~~~~~~~~~\n");
}

TEST(Render, OneCharacterSpanIsACaretAlone) {
  auto src = make("a: 1\nb: 2\n");
  diagnostic d = error_at(source_span::at(src, 8, 1), "SR0002", "bad");
  EXPECT_EQ(ssprules::render(d),
            "rules/leave.yaml:2:4: error[SR0002]: bad\n"
            "   2 | b: 2\n"
            "     |    ^\n");
}

TEST(Render, EmptySpanStillShowsACaret) {
  auto src = make("a: 1\n");
  diagnostic d = error_at(source_span::at(src, 0, 0), "SR0001", "file is empty");
  EXPECT_EQ(ssprules::render(d),
            "rules/leave.yaml:1:1: error[SR0001]: file is empty\n"
            "   1 | a: 1\n"
            "     | ^\n");
}

TEST(Render, CaretAfterMultiByteCharactersCountsCodePoints) {
  // The caret lines up under `agee` although "æøå" takes 6 bytes.
  auto src = make("outputs:\n  x: \"\xC3\xA6\xC3\xB8\xC3\xA5\" == agee\n");
  diagnostic d = error_at(span_of(src, "agee"), "SR0301", "unknown name `agee`");
  EXPECT_EQ(ssprules::render(d),
            "rules/leave.yaml:2:15: error[SR0301]: unknown name `agee`\n"
            "   2 |   x: \"\xC3\xA6\xC3\xB8\xC3\xA5\" == agee\n"
            "     |               ^~~~\n");
}

TEST(Render, CaretUnderMultiByteTextIsOneColumnPerCodePoint) {
  auto src = make("navn: \xC3\xA6\xC3\xB8\xC3\xA5\n");
  diagnostic d = error_at(span_of(src, "\xC3\xA6\xC3\xB8\xC3\xA5"), "SR0105", "not a name");
  EXPECT_EQ(ssprules::render(d),
            "rules/leave.yaml:1:7: error[SR0105]: not a name\n"
            "   1 | navn: \xC3\xA6\xC3\xB8\xC3\xA5\n"
            "     |       ^~~\n");
}

TEST(Render, GutterWidensWithTheLineNumber) {
  std::string text;
  for (int i = 1; i < 120; ++i) text += "k" + std::to_string(i) + ": v\n";
  auto src = make(text);
  diagnostic d = error_at(span_of(src, "k117"), "SR0004", "duplicate key `k117`");
  EXPECT_EQ(ssprules::render(d),
            "rules/leave.yaml:117:1: error[SR0004]: duplicate key `k117`\n"
            "   117 | k117: v\n"
            "       | ^~~~\n");
}

TEST(Render, SpanOverSeveralLinesUnderlinesItsFirstLine) {
  auto src = make("expr: >\n  a or\n  b\n");
  std::size_t begin = src->text().find("a or");
  diagnostic d =
      error_at(source_span::at(src, begin, src->text().size() - begin), "SR0304", "mismatch");
  EXPECT_EQ(ssprules::render(d),
            "rules/leave.yaml:2:3: error[SR0304]: mismatch\n"
            "   2 |   a or\n"
            "     |   ^~~~\n");
}

TEST(Render, CrlfLinesShowWithoutCarriageReturn) {
  auto src = make("a: 1\r\nb: oops\r\n");
  diagnostic d = error_at(span_of(src, "oops"), "SR0104", "bad value");
  EXPECT_EQ(ssprules::render(d),
            "rules/leave.yaml:2:4: error[SR0104]: bad value\n"
            "   2 | b: oops\n"
            "     |    ^~~~\n");
}

TEST(Render, NotesWithoutSpanAreHints) {
  auto src = make("x: category > 2\n");
  diagnostic d = error_at(span_of(src, "category"), "SR0306", "`category` may be missing here",
                          {{"test it first, `present(category) and …`", {}}});
  EXPECT_EQ(ssprules::render(d),
            "rules/leave.yaml:1:4: error[SR0306]: `category` may be missing here\n"
            "   1 | x: category > 2\n"
            "     |    ^~~~~~~~\n"
            "     = note: test it first, `present(category) and …`\n");
}

TEST(Render, NotesWithSpanShowTheirOwnLocationAndExcerpt) {
  auto src = make("a: 1\nb: 2\na: 3\n");
  std::size_t second = src->text().rfind("a:");
  diagnostic d = error_at(source_span::at(src, second, 1), "SR0004", "duplicate key `a`",
                          {{"first given here", source_span::at(src, 0, 1)}});
  EXPECT_EQ(ssprules::render(d),
            "rules/leave.yaml:3:1: error[SR0004]: duplicate key `a`\n"
            "   3 | a: 3\n"
            "     | ^\n"
            "rules/leave.yaml:1:1: note: first given here\n"
            "   1 | a: 1\n"
            "     | ^\n");
}

TEST(Render, NoteAtTheSameSpotIsAHint) {
  auto src = make("a: 1\n");
  source_span at = source_span::at(src, 0, 1);
  diagnostic d = error_at(at, "SR0101", "unknown key `a`", {{"did you mean `b`?", at}});
  EXPECT_EQ(ssprules::render(d),
            "rules/leave.yaml:1:1: error[SR0101]: unknown key `a`\n"
            "   1 | a: 1\n"
            "     | ^\n"
            "     = note: did you mean `b`?\n");
}

TEST(Render, WithoutALocationOnlyTheMessage) {
  diagnostic d = error_at(source_span{}, "SR0001", "file is empty", {{"write a policy", {}}});
  EXPECT_EQ(ssprules::render(d),
            "error[SR0001]: file is empty\n"
            "    = note: write a policy\n");
}

TEST(Render, ManyDiagnosticsInOrder) {
  auto src = make("a: 1\nb: 2\n");
  std::vector<diagnostic> ds = {error_at(source_span::at(src, 5, 1), "SR0101", "second"),
                                error_at(source_span::at(src, 0, 1), "SR0101", "first")};
  std::string out = ssprules::render(ds);
  EXPECT_EQ(out, ssprules::render(ds[0]) + ssprules::render(ds[1]));
  EXPECT_LT(out.find("second"), out.find("first"));
}

TEST(Summarize, CountsErrorsAndWarnings) {
  diagnostic e = error_at({}, "SR0301", "e");
  diagnostic w = e;
  w.level = severity::warning;
  EXPECT_EQ(ssprules::summarize({}), "");
  EXPECT_EQ(ssprules::summarize({e}), "1 error");
  EXPECT_EQ(ssprules::summarize({e, e}), "2 errors");
  EXPECT_EQ(ssprules::summarize({w}), "1 warning");
  EXPECT_EQ(ssprules::summarize({w, w, w}), "3 warnings");
  EXPECT_EQ(ssprules::summarize({e, e, w}), "2 errors, 1 warning");
  EXPECT_EQ(ssprules::summarize({w, e, w}), "1 error, 2 warnings");
}

TEST(HasErrors, OnlyErrorsCount) {
  diagnostic e = error_at({}, "SR0301", "e");
  diagnostic w = e;
  w.level = severity::warning;
  EXPECT_FALSE(ssprules::has_errors({}));
  EXPECT_FALSE(ssprules::has_errors({w, w}));
  EXPECT_TRUE(ssprules::has_errors({w, e}));
  EXPECT_TRUE(ssprules::has_errors({e}));
}

TEST(RulesError, CarriesEveryDiagnosticAndRendersThem) {
  auto src = make("a: 1\nb: 2\n");
  diagnostic first = error_at(source_span::at(src, 0, 1), "SR0101", "unknown key `a`");
  diagnostic second = error_at(source_span::at(src, 5, 1), "SR0101", "unknown key `b`");
  second.level = severity::warning;
  ssprules::rules_error err({first, second});
  ASSERT_EQ(err.diagnostics().size(), 2U);
  EXPECT_EQ(err.diagnostics()[0].message, "unknown key `a`");
  EXPECT_EQ(err.diagnostics()[1].message, "unknown key `b`");
  std::string what = err.what();
  EXPECT_EQ(what, ssprules::render(std::vector<diagnostic>{first, second}) + "1 error, 1 warning");
  // it is an ssprules::error (and so a std::runtime_error)
  const ssprules::error& base = err;
  EXPECT_NE(std::string(base.what()).find("rules/leave.yaml:1:1: error[SR0101]"),
            std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// terminal_text: the one function behind every text the CLI prints from a policy, a record or a
// test file (terminal.hpp)

using ssprules::line_breaks;
using ssprules::terminal_text;

TEST(TerminalText, PlainTextPassesUnchanged) {
  EXPECT_EQ(terminal_text(""), "");
  EXPECT_EQ(terminal_text("case-0001 ~!@#$%^&*()_+{}|:<>?`-=[]\\;',./\""),
            "case-0001 ~!@#$%^&*()_+{}|:<>?`-=[]\\;',./\"");
  EXPECT_EQ(terminal_text("\xC3\xA6\xC3\xB8\xC3\xA5 17\xC2\xBD \xE2\x82\xAC \xF0\x9F\x98\x80"),
            "\xC3\xA6\xC3\xB8\xC3\xA5 17\xC2\xBD \xE2\x82\xAC \xF0\x9F\x98\x80");
}

TEST(TerminalText, ControlCharactersAreEscaped) {
  // ESC (CSI: clear the screen; OSC: set the window title), BEL, NUL, DEL and the other C0
  EXPECT_EQ(terminal_text("a\x1b[2Jb"), "a\\x1b[2Jb");
  EXPECT_EQ(terminal_text("\x1b]0;pwned\x07"), "\\x1b]0;pwned\\x07");
  EXPECT_EQ(terminal_text(std::string("cut\0here", 8)), "cut\\x00here");
  EXPECT_EQ(terminal_text("\x01\x08\x0b\x0c\x1f\x7f"), "\\x01\\x08\\x0b\\x0c\\x1f\\x7f");
  EXPECT_EQ(terminal_text("tab\there\r\nnext"), "tab\\there\\r\\nnext");
  // C1 controls (CSI as one code point, NEL) and the invisible characters that reorder or break
  // a line: bidirectional overrides and isolates, line and paragraph separators
  EXPECT_EQ(terminal_text("\xC2\x9B"
                          "2J \xC2\x85"),
            "\\u009b2J \\u0085");
  EXPECT_EQ(terminal_text("a\xE2\x80\xAE"
                          "cba\xE2\x81\xA6x\xE2\x80\xA8y\xE2\x80\xA9z\xD8\x9C"),
            "a\\u202ecba\\u2066x\\u2028y\\u2029z\\u061c");
}

TEST(TerminalText, IllFormedUtf8IsShownByteByByte) {
  EXPECT_EQ(terminal_text("a\xFF"
                          "b"),
            "a\\xffb");
  EXPECT_EQ(terminal_text("\xC3\x28"), "\\xc3(");               // a lead byte without its tail
  EXPECT_EQ(terminal_text("\x80\xBF"), "\\x80\\xbf");           // stray continuation bytes
  EXPECT_EQ(terminal_text("\xC0\xAF"), "\\xc0\\xaf");           // overlong `/`
  EXPECT_EQ(terminal_text("\xED\xA0\x80"), "\\xed\\xa0\\x80");  // a surrogate
  EXPECT_EQ(terminal_text("\xE2\x82"), "\\xe2\\x82");           // cut short
}

TEST(TerminalText, LineFeedsKeptOnlyWhenAsked) {
  EXPECT_EQ(terminal_text("one\ntwo\x1b[0m\n", line_breaks::keep), "one\ntwo\\x1b[0m\n");
  EXPECT_EQ(terminal_text("one\r\ntwo", line_breaks::keep), "one\\r\ntwo");
  EXPECT_EQ(terminal_text("one\ntwo"), "one\\ntwo");
}

// The renderer uses it for the source line, the message, the notes and the file name: a policy's
// bytes never reach the terminal raw, and the caret stays under the span as printed
TEST(Render, ControlCharactersAreEscapedAndTheCaretFollows) {
  auto src = make("a: \"\x1b[2J\" + agee\n", "rules/\x1b]0;x\x07.yaml");
  diagnostic d = error_at(span_of(src, "agee"), "SR0301", "unknown name `\x1b[31magee`",
                          {{"did you mean `age`?\x07", {}}});
  EXPECT_EQ(ssprules::render(d),
            "rules/\\x1b]0;x\\x07.yaml:1:13: error[SR0301]: unknown name `\\x1b[31magee`\n"
            "   1 | a: \"\\x1b[2J\" + agee\n"
            "     |                ^~~~\n"
            "     = note: did you mean `age`?\\x07\n");
  // a span over escaped bytes is as wide as their escapes
  auto nul = make(std::string("k: \0\0\n", 6));
  diagnostic n = error_at(source_span::at(nul, 3, 2), "SR0002", "file contains NUL bytes");
  EXPECT_EQ(ssprules::render(n),
            "rules/leave.yaml:1:4: error[SR0002]: file contains NUL bytes\n"
            "   1 | k: \\x00\\x00\n"
            "     |    ^~~~~~~~\n");
}

TEST(Diagnostic, CodeEnumNamesTheCodeForASwitch) {
  diagnostic d;
  d.code = "SR0301";
  EXPECT_EQ(d.code_enum(), ssprules::error_code::unknown_name);
  d.code = "SR0006";
  EXPECT_EQ(d.code_enum(), ssprules::error_code::unreadable_file);
  EXPECT_EQ(ssprules::to_string(*d.code_enum()), d.code);
  // text that is no code of ssprules has no enumerator
  for (const char* text : {"", "SR9999", "sr0301", "SR030", "FJ0001"}) {
    d.code = text;
    EXPECT_EQ(d.code_enum(), std::nullopt) << text;
  }
}

}  // namespace
