// JSON Lines input (a line reader and a one-object parser) and JSON string output for case
// records. Internal: no stability promise.
//
// Errors say where (line, column) and what is wrong; they may name a field but never show a
// value: the records are sensitive.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "ssprules/detail/read_buffer.hpp"
#include "ssprules/detail/utf8.hpp"
#include "ssprules/version.hpp"

namespace ssprules::inline SSPRULES_ABI::detail {

/// Reads lines from a stream in large chunks, with memory bounded by the longest line (at most
/// `max_line_bytes`) plus one chunk, whatever the number of lines.
///
/// A trailing CR is stripped (so LF and CRLF both work), a UTF-8 byte order mark at the very
/// start is skipped, and a final line without a line end is still a line. Blank lines are
/// lines too (the caller decides what they mean): no line of the input goes unseen.
class line_reader {
 public:
  /// Makes a reader of `in`; nothing is read before the first `next`. `chunk_bytes` is how many
  /// bytes each `istream::read` asks for (at least 1); small values are for tests.
  explicit line_reader(std::istream& in, std::size_t max_line_bytes = std::size_t{16} << 20,
                       std::size_t chunk_bytes = std::size_t{1} << 20)
      : in_(in),
        max_line_bytes_(max_line_bytes),
        chunk_bytes_(std::max<std::size_t>(chunk_bytes, 1)) {}

  /// Reads the next line; returns false at end of input. Otherwise sets
  /// `line_number` (1-based, physical) and either `line` (without its line end; valid until the
  /// next call) with `error` empty, or, for a line longer than `max_line_bytes` (which is read
  /// and dropped without being held in memory), an empty `line` and a one-line `error`.
  bool next(std::string_view& line, std::uint64_t& line_number, std::string& error);

  /// True when the stream reported a read error (not just end of input); the lines read so far
  /// are still valid, but the input may have been cut short.
  [[nodiscard]] bool failed() const noexcept { return failed_; }

 private:
  /// Reads the start of the input and drops a UTF-8 byte order mark.
  void start();
  /// Moves the unconsumed bytes to the front and appends one chunk; false at end of input.
  bool read_more();
  /// Drops the rest of the current line, up to and including its LF.
  void discard_line();

  std::istream& in_;
  std::size_t max_line_bytes_;
  std::size_t chunk_bytes_;
  read_buffer buf_;       // invariant: [pos_, end_) is the unconsumed input
  std::size_t pos_ = 0;   // invariant: pos_ <= scan_ <= end_ <= buf_.size()
  std::size_t scan_ = 0;  // [pos_, scan_) holds no LF
  std::size_t end_ = 0;
  std::uint64_t next_line_ = 1;  // number of the line starting at pos_
  bool started_ = false;
  bool eof_ = false;
  bool failed_ = false;
};

/// The kind of a top-level field value in a JSON object.
enum class json_kind {
  null,
  boolean,
  number,
  string,
  nested,
  bad_string,  ///< a string with an unpaired surrogate escape or invalid UTF-8: no text
};

/// One field of a JSON object.
struct json_field {
  /// The field name, unescaped.
  std::string_view name;
  /// What the value is.
  json_kind kind = json_kind::null;
  /// `null`, `true`/`false`, the number literal as written, the unescaped string content, or
  /// the raw text of an array or object value.
  std::string_view text;
};

/// Parses one JSON object per call (RFC 8259), keeping unescaped strings in a reusable buffer.
class json_object_parser {
 public:
  /// Nesting limit, counting the record object itself as level 1.
  static constexpr std::size_t max_depth = 64;

  /// Parses `line`, which must hold exactly one JSON object and optional whitespace around it,
  /// into `out` (in field order). Returns true on success; otherwise sets `error` (one line,
  /// `column C: what`) and leaves `out` empty. The views in `out` point into `line` or into the
  /// parser and stay valid until the next `parse` as long as `line` does. A string value that
  /// is not valid text (an unpaired surrogate escape, invalid UTF-8) spoils only its field
  /// (`bad_string`), so that the rest of the record, its `id` above all, is still read. Names
  /// given twice are not an error here: `duplicate()` names the first, for the record decoder.
  bool parse(std::string_view line, std::vector<json_field>& out, std::string& error);

  /// Parses `text`, one JSON array, into `out` (its items in order, with empty names); like
  /// `parse` otherwise (an object or array item is `nested`, its raw text).
  bool parse_array(std::string_view text, std::vector<json_field>& out, std::string& error);

  /// After a successful `parse`: the first field name that appeared before in the object
  /// (valid like `out`'s views), or empty.
  [[nodiscard]] std::string_view duplicate() const noexcept { return duplicate_; }

 private:
  /// A string as a range of either the input line or `buffer_`.
  struct text_ref {
    std::size_t offset = 0;
    std::size_t length = 0;
    bool in_buffer = false;
  };
  /// A parsed field before its views are built.
  struct pending_field {
    text_ref name;
    json_kind kind = json_kind::null;
    text_ref text;
    std::size_t name_pos = 0;  ///< offset of the name's opening quote in the line
  };

  /// Starts reading `text` afresh (errors into `error`).
  void start(std::string_view text, std::string& error) {
    error.clear();
    buffer_.clear();
    pending_.clear();
    duplicate_ = {};
    line_ = text;
    pos_ = 0;
    error_ = &error;
  }
  /// Sets the error to `column C: what` for byte offset `at`; returns false.
  bool fail(std::size_t at, std::string_view what);
  /// Skips JSON whitespace.
  void skip_ws() noexcept;
  /// Parses the string at `pos_` (a `"`); unescapes it into `buffer_` when `store` and needed.
  bool parse_string(text_ref& out, bool store);
  /// Parses the number at `pos_`, checking the RFC 8259 grammar.
  bool parse_number(text_ref& out);
  /// Parses `true`, `false` or `null` at `pos_`.
  bool parse_literal(json_kind& kind, text_ref& out);
  /// Parses any value at `pos_`; strings are stored only when `store`.
  bool parse_value(json_kind& kind, text_ref& out, bool store);
  /// Checks and skips the array or object at `pos_` iteratively, `depth` levels deep already.
  bool skip_nested(text_ref& out, std::size_t depth);
  /// The view a reference stands for.
  [[nodiscard]] std::string_view view(const text_ref& r) const noexcept {
    return r.in_buffer ? std::string_view(buffer_).substr(r.offset, r.length)
                       : line_.substr(r.offset, r.length);
  }
  /// Sets `duplicate_` to the earliest field of `out` whose name appeared before.
  void find_duplicate(const std::vector<json_field>& out);

  std::string_view line_;
  std::size_t pos_ = 0;  // invariant: pos_ <= line_.size()
  std::string* error_ = nullptr;
  std::string buffer_;  // unescaped strings of the current line
  std::vector<pending_field> pending_;
  std::vector<std::size_t> order_;  // scratch for the duplicate check
  std::string_view duplicate_;
  bool bad_text_ = false;  // the last string parsed is not valid text: why and where
  const char* bad_what_ = "";
  std::size_t bad_at_ = 0;
};

/// Appends `s` to `out` as a JSON string: quoted, with `"`, `\` and control characters escaped
/// (`\n`, `\t`, `\r`, `\b`, `\f`, else `\u00XX`), and each byte of ill-formed UTF-8 replaced by
/// `\ufffd`, so the output is always valid JSON.
void append_json_string(std::string& out, std::string_view s);

// ---------------------------------------------------------------------------------------------
// Definitions.

namespace json_tables {

/// Builds the table of bytes that need no attention inside a JSON string.
constexpr std::array<bool, 256> make_plain() {
  std::array<bool, 256> table{};
  for (std::size_t c = 0x20; c < 0x80; ++c) {
    table[c] = c != '"' && c != '\\';
  }
  return table;
}

/// Printable ASCII other than `"` and `\`.
inline constexpr std::array<bool, 256> plain = make_plain();

/// The value of a hex digit, or -1.
constexpr int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

/// True for the JSON whitespace found inside a line.
constexpr bool is_ws(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/// True for an ASCII digit.
constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

}  // namespace json_tables

inline void line_reader::start() {
  started_ = true;
  buf_.grow(3, 0);
  in_.read(buf_.data(), 3);
  const auto n = static_cast<std::size_t>(in_.gcount());
  if (n < 3) {
    eof_ = true;
    failed_ = in_.bad();
  }
  end_ = n == 3 && std::memcmp(buf_.data(), "\xEF\xBB\xBF", 3) == 0 ? 0 : n;
}

inline bool line_reader::read_more() {
  if (eof_) {
    return false;
  }
  if (pos_ > 0) {
    std::memmove(buf_.data(), buf_.data() + pos_, end_ - pos_);
    scan_ -= pos_;
    end_ -= pos_;
    pos_ = 0;
  }
  const std::size_t want = buf_.next_read_bytes(chunk_bytes_);
  if (buf_.size() < end_ + want) {
    buf_.grow(std::max(end_ + want, buf_.size() * 2), end_);
  }
  in_.read(buf_.data() + end_, static_cast<std::streamsize>(want));
  const auto n = static_cast<std::size_t>(in_.gcount());
  if (n < want) {
    eof_ = true;
    failed_ = failed_ || in_.bad();
  }
  end_ += n;
  return n > 0;
}

inline void line_reader::discard_line() {
  for (;;) {
    const void* const nl = std::memchr(buf_.data() + scan_, '\n', end_ - scan_);
    if (nl != nullptr) {
      pos_ = static_cast<std::size_t>(static_cast<const char*>(nl) - buf_.data()) + 1;
      scan_ = pos_;
      return;
    }
    pos_ = scan_ = end_;
    if (!read_more()) {
      return;
    }
  }
}

inline bool line_reader::next(std::string_view& line, std::uint64_t& line_number,
                              std::string& error) {
  error.clear();
  line = {};
  if (!started_) {
    start();
  }
  for (;;) {
    const void* const nl = std::memchr(buf_.data() + scan_, '\n', end_ - scan_);
    std::string_view text;
    if (nl != nullptr) {
      const auto at = static_cast<std::size_t>(static_cast<const char*>(nl) - buf_.data());
      text = std::string_view(buf_.data() + pos_, at - pos_);
      pos_ = scan_ = at + 1;
    } else {
      scan_ = end_;
      // Longer than the limit even if a CR ends it: drop the rest without holding it.
      if (end_ - pos_ > max_line_bytes_ && end_ - pos_ - max_line_bytes_ > 1) {
        line_number = next_line_++;
        discard_line();
        error = "line " + std::to_string(line_number) + ": line longer than " +
                std::to_string(max_line_bytes_) + " bytes";
        return true;
      }
      if (read_more()) {
        continue;
      }
      if (pos_ == end_) {
        return false;
      }
      text = std::string_view(buf_.data() + pos_, end_ - pos_);  // a final line without LF
      pos_ = scan_ = end_;
    }
    const std::uint64_t number = next_line_++;
    if (!text.empty() && text.back() == '\r') {
      text.remove_suffix(1);
    }
    if (text.size() > max_line_bytes_) {
      line_number = number;
      error = "line " + std::to_string(number) + ": line longer than " +
              std::to_string(max_line_bytes_) + " bytes";
      return true;
    }
    line = text;
    line_number = number;
    return true;
  }
}

inline bool json_object_parser::fail(std::size_t at, std::string_view what) {
  *error_ = "column " + std::to_string(count_code_points(line_.substr(0, at)) + 1) + ": ";
  *error_ += what;
  return false;
}

inline void json_object_parser::skip_ws() noexcept {
  while (pos_ < line_.size() && json_tables::is_ws(line_[pos_])) {
    ++pos_;
  }
}

inline bool json_object_parser::parse_string(text_ref& out, bool store) {
  using json_tables::hex_value;
  const std::string_view s = line_;
  const std::size_t n = s.size();
  std::size_t i = pos_ + 1;
  std::size_t copy_from = i;
  const std::size_t buffer_start = buffer_.size();
  bool escaped = false;
  const auto hex4 = [&](std::size_t at, std::uint32_t& value) {
    if (n - at < 4) {
      return false;
    }
    value = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      const int h = hex_value(s[at + k]);
      if (h < 0) {
        return false;
      }
      value = value * 16 + static_cast<std::uint32_t>(h);
    }
    return true;
  };
  for (;;) {
    while (i < n && json_tables::plain[static_cast<unsigned char>(s[i])]) {
      ++i;
    }
    if (i == n) {
      return fail(pos_, "unterminated string");
    }
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '"') {
      break;
    }
    if (c == '\\') {
      if (store) {
        buffer_.append(s.data() + copy_from, i - copy_from);
      }
      escaped = true;
      if (i + 1 == n) {
        return fail(pos_, "unterminated string");
      }
      char simple = 0;
      switch (s[i + 1]) {
        case '"':
          simple = '"';
          break;
        case '\\':
          simple = '\\';
          break;
        case '/':
          simple = '/';
          break;
        case 'b':
          simple = '\b';
          break;
        case 'f':
          simple = '\f';
          break;
        case 'n':
          simple = '\n';
          break;
        case 'r':
          simple = '\r';
          break;
        case 't':
          simple = '\t';
          break;
        case 'u':
          break;
        default:
          return fail(i, "invalid escape sequence");
      }
      if (simple != 0) {
        if (store) {
          buffer_.push_back(simple);
        }
        i += 2;
      } else {
        std::uint32_t cp = 0;
        if (!hex4(i + 2, cp)) {
          return fail(i, "invalid \\u escape");
        }
        auto unpaired = [&] {  // the string is not text; the object is still read
          if (!bad_text_) {
            bad_text_ = true;
            bad_what_ = "unpaired surrogate in a \\u escape";
            bad_at_ = i;
          }
          cp = 0xFFFD;
        };
        if (cp >= 0xDC00 && cp <= 0xDFFF) {
          unpaired();
        } else if (cp >= 0xD800 && cp <= 0xDBFF) {
          std::uint32_t low = 0;
          if (n - i < 12 || s[i + 6] != '\\' || s[i + 7] != 'u' || !hex4(i + 8, low) ||
              low < 0xDC00 || low > 0xDFFF) {
            unpaired();
          } else {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            i += 6;
          }
        }
        i += 6;
        if (store) {
          append_utf8(buffer_, cp);
        }
      }
      copy_from = i;
      continue;
    }
    if (c < 0x20) {
      return fail(i, "control character in a string");
    }
    const std::size_t length = utf8_sequence_length(s.data() + i, n - i);
    if (length == 0) {
      if (!bad_text_) {  // the string is not text; the object is still read
        bad_text_ = true;
        bad_what_ = "invalid utf-8 in a string";
        bad_at_ = i;
      }
      ++i;
      continue;
    }
    i += length;
  }
  if (escaped && store) {
    buffer_.append(s.data() + copy_from, i - copy_from);
    out = text_ref{buffer_start, buffer_.size() - buffer_start, true};
  } else {
    out = text_ref{pos_ + 1, i - pos_ - 1, false};
  }
  pos_ = i + 1;
  return true;
}

inline bool json_object_parser::parse_number(text_ref& out) {
  using json_tables::is_digit;
  const std::string_view s = line_;
  const std::size_t n = s.size();
  const std::size_t start = pos_;
  std::size_t i = pos_;
  const auto digits = [&] {
    const std::size_t from = i;
    while (i < n && is_digit(s[i])) {
      ++i;
    }
    return i > from;
  };
  bool ok = true;
  if (i < n && s[i] == '-') {
    ++i;
  }
  if (i < n && s[i] == '0') {
    ++i;
  } else {
    ok = i < n && s[i] >= '1' && s[i] <= '9' && digits();
  }
  if (ok && i < n && s[i] == '.') {
    ++i;
    ok = digits();
  }
  if (ok && i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) {
      ++i;
    }
    ok = digits();
  }
  // Anything number-like straight after (`01`, `1.2.3`, `1e5e5`) makes the whole literal bad.
  if (ok && i < n &&
      (is_digit(s[i]) || s[i] == '.' || s[i] == 'e' || s[i] == 'E' || s[i] == '+' || s[i] == '-')) {
    ok = false;
  }
  if (!ok) {
    return fail(start, "invalid number");
  }
  out = text_ref{start, i - start, false};
  pos_ = i;
  return true;
}

inline bool json_object_parser::parse_literal(json_kind& kind, text_ref& out) {
  const std::string_view rest = line_.substr(pos_);
  for (const std::string_view word :
       {std::string_view("true"), std::string_view("false"), std::string_view("null")}) {
    if (rest.substr(0, word.size()) == word) {
      const std::string_view after = rest.substr(word.size());
      const char next = after.empty() ? '\0' : after.front();
      if (json_tables::is_digit(next) || (next >= 'a' && next <= 'z') ||
          (next >= 'A' && next <= 'Z')) {
        break;
      }
      kind = word == "null" ? json_kind::null : json_kind::boolean;
      out = text_ref{pos_, word.size(), false};
      pos_ += word.size();
      return true;
    }
  }
  return fail(pos_, "invalid literal");
}

inline bool json_object_parser::parse_value(json_kind& kind, text_ref& out, bool store) {
  if (pos_ == line_.size()) {
    return fail(pos_, "expected a value");
  }
  const char c = line_[pos_];
  if (c == '"') {
    bad_text_ = false;
    if (!parse_string(out, store)) {
      return false;
    }
    kind = bad_text_ ? json_kind::bad_string : json_kind::string;
    return true;
  }
  if (c == '-' || c == '+' || c == '.' || json_tables::is_digit(c)) {
    kind = json_kind::number;
    return parse_number(out);
  }
  if (c == 't' || c == 'f' || c == 'n') {
    return parse_literal(kind, out);
  }
  if (c == '[' || c == '{') {
    kind = json_kind::nested;
    return skip_nested(out, 1);
  }
  return fail(pos_, "expected a value");
}

inline bool json_object_parser::skip_nested(text_ref& out, std::size_t depth) {
  // invariant: stack[0..level) are the open brackets, innermost last.
  std::array<char, max_depth> stack{};
  std::size_t level = 0;
  const std::size_t start = pos_;
  const std::size_t n = line_.size();
  enum class step { value, key, after_value };
  step st = step::value;
  for (;;) {
    switch (st) {
      case step::value: {
        skip_ws();
        if (pos_ == n) {
          return fail(pos_, "expected a value");
        }
        const char c = line_[pos_];
        if (c == '[' || c == '{') {
          if (depth + level + 1 > max_depth) {
            return fail(pos_, "nesting deeper than 64 levels");
          }
          stack[level++] = c;
          ++pos_;
          skip_ws();
          const char close = c == '[' ? ']' : '}';
          if (pos_ < n && line_[pos_] == close) {
            --level;
            ++pos_;
            st = step::after_value;
          } else {
            st = c == '[' ? step::value : step::key;
          }
        } else {
          json_kind kind{};
          text_ref ignored;
          if (!parse_value(kind, ignored, false)) {
            return false;
          }
          st = step::after_value;
        }
        break;
      }
      case step::key: {
        skip_ws();
        if (pos_ == n || line_[pos_] != '"') {
          return fail(pos_, "expected a field name in double quotes");
        }
        text_ref ignored;
        if (!parse_string(ignored, false)) {
          return false;
        }
        skip_ws();
        if (pos_ == n || line_[pos_] != ':') {
          return fail(pos_, "expected ':' after a field name");
        }
        ++pos_;
        st = step::value;
        break;
      }
      case step::after_value: {
        if (level == 0) {
          out = text_ref{start, pos_ - start, false};
          return true;
        }
        skip_ws();
        const char top = stack[level - 1];
        const char c = pos_ < n ? line_[pos_] : '\0';
        if (c == ',') {
          ++pos_;
          st = top == '{' ? step::key : step::value;
        } else if ((top == '[' && c == ']') || (top == '{' && c == '}')) {
          --level;
          ++pos_;
        } else {
          return fail(pos_, top == '[' ? "expected ',' or ']' in an array"
                                       : "expected ',' or '}' in an object");
        }
        break;
      }
    }
  }
}

inline void json_object_parser::find_duplicate(const std::vector<json_field>& out) {
  duplicate_ = {};
  const std::size_t n = out.size();
  std::size_t duplicate = n;  // the earliest field whose name appeared before
  if (n <= 16) {
    for (std::size_t j = 1; j < n && duplicate == n; ++j) {
      for (std::size_t i = 0; i < j; ++i) {
        if (out[i].name == out[j].name) {
          duplicate = j;
          break;
        }
      }
    }
  } else {
    order_.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      order_[i] = i;
    }
    std::sort(order_.begin(), order_.end(), [&](std::size_t a, std::size_t b) {
      return out[a].name < out[b].name || (out[a].name == out[b].name && a < b);
    });
    for (std::size_t k = 1; k < n; ++k) {
      if (out[order_[k]].name == out[order_[k - 1]].name) {
        duplicate = std::min(duplicate, order_[k]);
      }
    }
  }
  if (duplicate != n) {
    duplicate_ = out[duplicate].name;
  }
}

inline bool json_object_parser::parse(std::string_view line, std::vector<json_field>& out,
                                      std::string& error) {
  out.clear();
  start(line, error);
  const std::size_t n = line_.size();
  skip_ws();
  if (pos_ == n || line_[pos_] != '{') {
    return fail(pos_, "expected a json object");
  }
  ++pos_;
  skip_ws();
  if (pos_ < n && line_[pos_] == '}') {
    ++pos_;
  } else {
    for (;;) {
      skip_ws();
      if (pos_ == n || line_[pos_] != '"') {
        return fail(pos_, "expected a field name in double quotes");
      }
      pending_field field;
      field.name_pos = pos_;
      bad_text_ = false;
      if (!parse_string(field.name, true)) {
        return false;
      }
      if (bad_text_) {  // a field that cannot be named spoils the record
        return fail(bad_at_, bad_what_);
      }
      skip_ws();
      if (pos_ == n || line_[pos_] != ':') {
        return fail(pos_, "expected ':' after a field name");
      }
      ++pos_;
      skip_ws();
      if (!parse_value(field.kind, field.text, true)) {
        return false;
      }
      pending_.push_back(field);
      skip_ws();
      if (pos_ < n && line_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < n && line_[pos_] == '}') {
        ++pos_;
        break;
      }
      return fail(pos_, "expected ',' or '}' after a value");
    }
  }
  skip_ws();
  if (pos_ != n) {
    return fail(pos_, "unexpected characters after the object");
  }
  // buffer_ no longer grows: the views can be built now.
  out.reserve(pending_.size());
  for (const pending_field& field : pending_) {
    out.push_back(json_field{view(field.name), field.kind, view(field.text)});
  }
  find_duplicate(out);
  return true;
}

inline bool json_object_parser::parse_array(std::string_view text, std::vector<json_field>& out,
                                            std::string& error) {
  out.clear();
  start(text, error);
  const std::size_t n = line_.size();
  skip_ws();
  if (pos_ == n || line_[pos_] != '[') return fail(pos_, "expected a json array");
  ++pos_;
  skip_ws();
  if (pos_ < n && line_[pos_] == ']') {
    ++pos_;
  } else {
    for (;;) {
      skip_ws();
      pending_field item;
      if (!parse_value(item.kind, item.text, true)) return false;
      pending_.push_back(item);
      skip_ws();
      if (pos_ < n && line_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < n && line_[pos_] == ']') {
        ++pos_;
        break;
      }
      return fail(pos_, "expected ',' or ']' after a value");
    }
  }
  skip_ws();
  if (pos_ != n) return fail(pos_, "unexpected characters after the array");
  out.reserve(pending_.size());
  for (const pending_field& item : pending_) {
    out.push_back(json_field{{}, item.kind, view(item.text)});
  }
  return true;
}

inline void append_json_string(std::string& out, std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  out.push_back('"');
  const std::size_t n = s.size();
  std::size_t run = 0;  // start of the bytes not yet copied
  std::size_t i = 0;
  while (i < n) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (json_tables::plain[c]) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      const std::size_t length = utf8_sequence_length(s.data() + i, n - i);
      if (length != 0) {
        i += length;
        continue;
      }
    }
    out.append(s.data() + run, i - run);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (c >= 0x80) {
          out += "\\ufffd";
        } else {
          out += "\\u00";
          out.push_back(hex[c >> 4]);
          out.push_back(hex[c & 0xFU]);
        }
        break;
    }
    ++i;
    run = i;
  }
  out.append(s.data() + run, n - run);
  out.push_back('"');
}

}  // namespace ssprules::inline SSPRULES_ABI::detail
