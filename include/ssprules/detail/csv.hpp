// Streaming RFC 4180 CSV reader for case records. Internal: no stability promise.
//
// Errors say where (line, column, field number) and what is wrong, never what a field holds:
// the records are sensitive.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <istream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ssprules/detail/read_buffer.hpp"
#include "ssprules/detail/utf8.hpp"
#include "ssprules/version.hpp"

namespace ssprules::inline SSPRULES_ABI::detail {

/// Limits that keep a hostile or broken input from exhausting memory.
struct csv_limits {
  /// Largest record, in bytes between its first byte and its line end; a longer record is an
  /// error and is skipped without being held in memory.
  std::size_t max_record_bytes = std::size_t{16} << 20;
  /// Largest number of fields in one record; more is an error.
  std::size_t max_fields = 10'000;
  /// How many bytes each `istream::read` asks for (at least 1); small values are for tests.
  std::size_t chunk_bytes = std::size_t{1} << 20;
};

/// One field of a record, after unquoting.
struct csv_field {
  /// The text, with the quotes removed and `""` turned into `"`; valid until the next `next`.
  std::string_view text;
  /// True when the field was quoted: `""` is an empty string, an empty unquoted field is absent.
  bool quoted = false;
};

/// One record: its fields, where it starts, and what (if anything) is wrong with it.
struct csv_record {
  /// The fields in order; may be partial when `error` is set.
  std::vector<csv_field> fields;
  /// 1-based physical line where the record starts.
  std::uint64_t line = 0;
  /// 1-based count of records so far, the header included.
  std::uint64_t number = 0;
  /// Empty when the record is fine; otherwise one lowercase line saying where and what.
  std::string error;
  /// True for an empty line (LF or CRLF alone): a record of one empty, unquoted field.
  bool blank = false;
};

/// Reads RFC 4180 records from a stream in large chunks, with memory bounded by the largest
/// record (at most `max_record_bytes`) plus one chunk, whatever the number of records.
///
/// LF and CRLF line ends are accepted (mixed too); a UTF-8 byte order mark at the very start is
/// skipped; an empty line is a record of one empty field (`blank`), as RFC 4180 reads it, so
/// that no line of the input goes unanswered; a final line without a line end is a record, and
/// the line end at the very end of the input starts no record.
/// Every record yields exactly one `next` result: a malformed one comes back with `error` set,
/// and reading resumes after it (after the next line end for a syntax error; after the record's
/// true end for an overlong record or one with too many fields, whose rest is read and dropped).
class csv_reader {
 public:
  /// Makes a reader of `in`; nothing is read before the first `next`.
  explicit csv_reader(std::istream& in, csv_limits limits = {}) : in_(in), limits_(limits) {
    if (limits_.chunk_bytes == 0) {
      limits_.chunk_bytes = 1;
    }
  }

  /// Reads the next record into `out`; returns false (and leaves `out` empty) at end of input.
  bool next(csv_record& out);

  /// True when the stream reported a read error (not just end of input); the records read so
  /// far are still valid, but the input may have been cut short.
  [[nodiscard]] bool failed() const noexcept { return failed_; }

 private:
  /// Where the state machine is inside a record.
  enum class state : std::uint8_t {
    record_start,     ///< nothing consumed yet
    field_start,      ///< at the first byte of a field
    unquoted,         ///< inside an unquoted field
    quoted,           ///< inside a quoted field
    quote_in_quoted,  ///< just after a `"` inside a quoted field: `""` or the closing quote
    after_cr,         ///< just after a CR that must be followed by LF
    skip_line,        ///< resynchronising: dropping bytes up to the next LF
  };

  /// A finished field: a range of `text_`, where it started and whether it was quoted.
  struct span {
    std::size_t offset = 0;
    std::size_t length = 0;
    std::uint64_t line = 0;
    bool quoted = false;
  };

  /// Reads the start of the input and drops a UTF-8 byte order mark.
  void start();
  /// Drops the consumed chunk and reads the next; returns false at end of input.
  bool fill();
  /// Records that the byte before `pos_` was a LF.
  void newline() noexcept;
  /// The 1-based column (in code points) of the byte at `pos` in the buffer.
  [[nodiscard]] std::uint64_t column_at(std::size_t pos) const noexcept;
  /// Marks the first content byte of a record.
  void begin_record(csv_record& out) noexcept;
  /// Counts `n` content bytes against the record limit; false once the record is discarded.
  bool charge(csv_record& out, std::size_t n);
  /// Adds `n` bytes at `p` to the current field unless the record is being discarded.
  void append(csv_record& out, const char* p, std::size_t n);
  /// Ends the current field.
  void end_field(csv_record& out);
  /// Sets `out.error` to `line L, column C: what` unless an error is already set.
  void fail_at(csv_record& out, std::uint64_t column, std::string_view what);
  /// Sets `out.error` to `message` unless an error is already set.
  static void fail(csv_record& out, std::string message);
  /// Builds `out.fields` from the spans, checks UTF-8 and returns true.
  bool finish(csv_record& out);
  /// Makes `out` the record of a blank line and returns true.
  bool finish_blank(csv_record& out);

  std::istream& in_;
  csv_limits limits_;
  read_buffer buf_;      // invariant: [pos_, end_) is the unconsumed input
  std::size_t pos_ = 0;  // invariant: pos_ <= end_ <= buf_.size()
  std::size_t end_ = 0;
  std::uint64_t buf_abs_ = 0;         // absolute input offset of buf_[0]
  std::uint64_t line_ = 1;            // physical line of buf_[pos_]
  std::uint64_t line_start_abs_ = 0;  // absolute offset of that line's first byte
  std::uint64_t line_cont_ = 0;       // continuation bytes of that line in dropped chunks
  std::uint64_t number_ = 0;          // records returned so far
  std::uint64_t record_line_ = 0;     // line where the current record starts
  std::size_t record_bytes_ = 0;      // content bytes of the current record so far
  std::size_t field_begin_ = 0;       // offset in text_ where the current field starts
  std::uint64_t field_line_ = 0;      // line where the current field starts
  bool field_quoted_ = false;
  bool discarding_ = false;  // the current record is too long or too wide: store nothing
  bool started_ = false;
  bool eof_ = false;
  bool failed_ = false;
  std::string text_;         // unquoted text of the current record's fields
  std::vector<span> spans_;  // invariant: spans_.size() <= limits_.max_fields
};

namespace csv_tables {

/// Builds a 256-entry table that is true for the given bytes.
constexpr std::array<bool, 256> make_table(std::string_view bytes) {
  std::array<bool, 256> table{};
  for (const char c : bytes) {
    table[static_cast<unsigned char>(c)] = true;
  }
  return table;
}

/// Bytes that end a run inside an unquoted field.
inline constexpr std::array<bool, 256> unquoted_special = make_table(",\"\r\n");
/// Bytes that end a run inside a quoted field.
inline constexpr std::array<bool, 256> quoted_special = make_table("\"\n");

}  // namespace csv_tables

inline void csv_reader::start() {
  started_ = true;
  buf_.grow(3, 0);
  in_.read(buf_.data(), 3);
  const auto n = static_cast<std::size_t>(in_.gcount());
  if (n < 3) {
    eof_ = true;
    failed_ = in_.bad();
  }
  if (n == 3 && std::memcmp(buf_.data(), "\xEF\xBB\xBF", 3) == 0) {
    buf_abs_ = 3;
    line_start_abs_ = 3;
    end_ = 0;
  } else {
    end_ = n;
  }
  pos_ = 0;
}

inline bool csv_reader::fill() {
  // The current line may continue into the next chunk: keep its continuation-byte count.
  const std::uint64_t buf_end_abs = buf_abs_ + end_;
  if (line_start_abs_ < buf_end_abs) {
    const std::size_t from =
        line_start_abs_ > buf_abs_ ? static_cast<std::size_t>(line_start_abs_ - buf_abs_) : 0;
    line_cont_ +=
        end_ - from - count_code_points(std::string_view(buf_.data() + from, end_ - from));
  }
  buf_abs_ = buf_end_abs;
  pos_ = 0;
  end_ = 0;
  if (eof_) {
    return false;
  }
  const std::size_t want = buf_.next_read_bytes(limits_.chunk_bytes);
  buf_.grow(want, 0);
  in_.read(buf_.data(), static_cast<std::streamsize>(want));
  const auto n = static_cast<std::size_t>(in_.gcount());
  if (n < want) {
    eof_ = true;
    failed_ = failed_ || in_.bad();
  }
  end_ = n;
  return n > 0;
}

inline void csv_reader::newline() noexcept {
  ++line_;
  line_start_abs_ = buf_abs_ + pos_;
  line_cont_ = 0;
}

inline std::uint64_t csv_reader::column_at(std::size_t pos) const noexcept {
  const std::size_t from =
      line_start_abs_ > buf_abs_ ? static_cast<std::size_t>(line_start_abs_ - buf_abs_) : 0;
  const std::uint64_t bytes = buf_abs_ + pos - line_start_abs_;
  const std::size_t here = pos > from ? pos - from : 0;
  const std::uint64_t cont =
      line_cont_ + here - count_code_points(std::string_view(buf_.data() + from, here));
  return bytes - cont + 1;
}

inline void csv_reader::begin_record(csv_record& out) noexcept {
  ++number_;
  out.number = number_;
  out.line = line_;
  record_line_ = line_;
}

inline void csv_reader::fail(csv_record& out, std::string message) {
  if (out.error.empty()) {
    out.error = std::move(message);
  }
}

inline void csv_reader::fail_at(csv_record& out, std::uint64_t column, std::string_view what) {
  if (out.error.empty()) {
    out.error = "line " + std::to_string(line_) + ", column " + std::to_string(column) + ": ";
    out.error += what;
  }
}

inline bool csv_reader::charge(csv_record& out, std::size_t n) {
  if (discarding_) {
    return false;
  }
  record_bytes_ += n;
  if (record_bytes_ > limits_.max_record_bytes) {
    fail(out, "line " + std::to_string(record_line_) + ": record longer than " +
                  std::to_string(limits_.max_record_bytes) + " bytes");
    discarding_ = true;
    return false;
  }
  return true;
}

inline void csv_reader::append(csv_record& out, const char* p, std::size_t n) {
  if (charge(out, n)) {
    text_.append(p, n);
  }
}

inline void csv_reader::end_field(csv_record& out) {
  if (discarding_) {
    return;
  }
  if (spans_.size() >= limits_.max_fields) {
    fail(out, "line " + std::to_string(record_line_) + ": more than " +
                  std::to_string(limits_.max_fields) + " fields in a record");
    discarding_ = true;
    return;
  }
  spans_.push_back(span{field_begin_, text_.size() - field_begin_, field_line_, field_quoted_});
}

inline bool csv_reader::finish(csv_record& out) {
  const bool check_utf8 = out.error.empty() && !is_ascii(text_);
  out.fields.reserve(spans_.size());
  for (std::size_t i = 0; i < spans_.size(); ++i) {
    const span& s = spans_[i];
    const std::string_view text(text_.data() + s.offset, s.length);
    if (check_utf8 && out.error.empty() && !valid_utf8(text)) {
      out.error =
          "line " + std::to_string(s.line) + ", field " + std::to_string(i + 1) + ": invalid utf-8";
    }
    out.fields.push_back(csv_field{text, s.quoted});
  }
  return true;
}

inline bool csv_reader::finish_blank(csv_record& out) {
  out.blank = true;
  out.fields.push_back(csv_field{std::string_view(), false});
  return true;
}

inline bool csv_reader::next(csv_record& out) {
  out.fields.clear();
  out.error.clear();
  out.blank = false;
  out.line = 0;
  out.number = 0;
  text_.clear();
  spans_.clear();
  record_bytes_ = 0;
  discarding_ = false;
  if (!started_) {
    start();
  }
  const auto& unquoted_special = csv_tables::unquoted_special;
  const auto& quoted_special = csv_tables::quoted_special;
  state st = state::record_start;
  bool has_content = false;
  for (;;) {
    if (pos_ == end_ && !fill()) {
      break;
    }
    const char* const base = buf_.data();
    switch (st) {
      case state::record_start: {
        const char c = base[pos_];
        if (c == '\n') {  // a blank line: one empty field
          begin_record(out);
          ++pos_;
          newline();
          return finish_blank(out);
        } else if (c == '\r') {
          ++pos_;
          st = state::after_cr;
        } else {
          begin_record(out);
          has_content = true;
          st = state::field_start;
        }
        break;
      }
      case state::field_start: {
        field_begin_ = text_.size();
        field_line_ = line_;
        if (base[pos_] == '"') {
          ++pos_;
          charge(out, 1);
          field_quoted_ = true;
          st = state::quoted;
        } else {
          field_quoted_ = false;
          st = state::unquoted;
        }
        break;
      }
      case state::unquoted: {
        const char* const p = base + pos_;
        const char* const e = base + end_;
        const char* q = p;
        while (q != e && !unquoted_special[static_cast<unsigned char>(*q)]) {
          ++q;
        }
        if (q != p) {
          append(out, p, static_cast<std::size_t>(q - p));
          pos_ += static_cast<std::size_t>(q - p);
          if (q == e) {
            break;
          }
        }
        const char c = *q;
        if (c == ',') {
          ++pos_;
          charge(out, 1);
          end_field(out);
          st = state::field_start;
        } else if (c == '\n') {
          end_field(out);
          ++pos_;
          newline();
          return finish(out);
        } else if (c == '\r') {
          end_field(out);
          ++pos_;
          st = state::after_cr;
        } else {  // '"'
          fail_at(out, column_at(pos_), "unexpected quote in an unquoted field");
          st = state::skip_line;
        }
        break;
      }
      case state::quoted: {
        const char* const p = base + pos_;
        const char* const e = base + end_;
        const char* q = p;
        while (q != e && !quoted_special[static_cast<unsigned char>(*q)]) {
          ++q;
        }
        if (q != p) {
          append(out, p, static_cast<std::size_t>(q - p));
          pos_ += static_cast<std::size_t>(q - p);
          if (q == e) {
            break;
          }
        }
        ++pos_;
        if (*q == '\n') {
          append(out, q, 1);
          newline();
        } else {  // '"': an escaped quote or the closing quote
          charge(out, 1);
          st = state::quote_in_quoted;
        }
        break;
      }
      case state::quote_in_quoted: {
        const char c = base[pos_];
        if (c == '"') {
          append(out, base + pos_, 1);
          ++pos_;
          st = state::quoted;
        } else if (c == ',') {
          ++pos_;
          charge(out, 1);
          end_field(out);
          st = state::field_start;
        } else if (c == '\n') {
          end_field(out);
          ++pos_;
          newline();
          return finish(out);
        } else if (c == '\r') {
          end_field(out);
          ++pos_;
          st = state::after_cr;
        } else {
          fail_at(out, column_at(pos_), "unexpected character after a closing quote");
          st = state::skip_line;
        }
        break;
      }
      case state::after_cr: {
        if (base[pos_] == '\n') {
          ++pos_;
          if (!has_content) {  // a blank CRLF line: one empty field
            begin_record(out);
            newline();
            return finish_blank(out);
          }
          newline();
          return finish(out);
        }
        if (!has_content) {
          begin_record(out);
          has_content = true;
        }
        // The CR is on this line, just before pos_ (possibly in the previous chunk).
        fail_at(out, column_at(pos_) - 1, "carriage return not followed by a line feed");
        st = state::skip_line;
        break;
      }
      case state::skip_line: {
        const void* const nl = std::memchr(base + pos_, '\n', end_ - pos_);
        if (nl == nullptr) {
          pos_ = end_;
          break;
        }
        pos_ = static_cast<std::size_t>(static_cast<const char*>(nl) - base) + 1;
        newline();
        return finish(out);
      }
    }
  }
  // End of input.
  switch (st) {
    case state::record_start:
      return false;
    case state::after_cr:  // a CR at the very end counts as a line end
      if (!has_content) {
        begin_record(out);
        return finish_blank(out);
      }
      return finish(out);
    case state::field_start:  // after a comma: a last, empty field
      field_begin_ = text_.size();
      field_line_ = line_;
      field_quoted_ = false;
      end_field(out);
      return finish(out);
    case state::unquoted:
    case state::quote_in_quoted:
      end_field(out);
      return finish(out);
    case state::quoted:
      fail(out, "line " + std::to_string(field_line_) + ", field " +
                    std::to_string(spans_.size() + 1) + ": unterminated quoted field");
      return finish(out);
    case state::skip_line:
      return finish(out);
  }
  return finish(out);
}

}  // namespace ssprules::inline SSPRULES_ABI::detail
