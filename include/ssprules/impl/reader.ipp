// Definitions for reader.hpp: CSV and JSON Lines -> field values -> the record decoder.
#include <algorithm>
#include <istream>
#include <streambuf>
#include <string>
#include <utility>

#include "ssprules/detail/codes.hpp"
#include "ssprules/detail/csv.hpp"
#include "ssprules/detail/json.hpp"
#include "ssprules/detail/json_values.hpp"
#include "ssprules/reader.hpp"

namespace ssprules::inline SSPRULES_ABI {

SSPRULES_INLINE std::optional<record_format> format_of_path(std::string_view path) {
  auto ends_with = [&](std::string_view suffix) {
    return path.size() >= suffix.size() &&
           std::equal(suffix.rbegin(), suffix.rend(), path.rbegin(), [](char a, char b) {
             return a == (b >= 'A' && b <= 'Z' ? static_cast<char>(b - 'A' + 'a') : b);
           });
  };
  if (ends_with(".csv")) return record_format::csv;
  if (ends_with(".jsonl") || ends_with(".ndjson") || ends_with(".json")) {
    return record_format::jsonl;
  }
  return std::nullopt;
}

namespace detail {

// A stream buffer that serves the bytes format detection looked at, then the rest of the
// original stream: detection takes nothing from the records.
class prefixed_streambuf : public std::streambuf {
 public:
  prefixed_streambuf(std::string prefix, std::streambuf* rest)
      : prefix_(std::move(prefix)), rest_(rest) {
    setg(prefix_.data(), prefix_.data(), prefix_.data() + prefix_.size());
  }

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    std::streamsize n = rest_->sgetn(chunk_, sizeof chunk_);
    if (n <= 0) return traits_type::eof();
    setg(chunk_, chunk_, chunk_ + n);
    return traits_type::to_int_type(*gptr());
  }
  std::streamsize xsgetn(char* s, std::streamsize n) override {
    std::streamsize got = std::min<std::streamsize>(n, egptr() - gptr());
    std::copy(gptr(), gptr() + got, s);
    gbump(static_cast<int>(got));
    if (got < n) got += rest_->sgetn(s + got, n - got);
    return got;
  }

 private:
  std::string prefix_;
  std::streambuf* rest_;
  char chunk_[4096];
};

// Looks at the start of `in` (a byte order mark, blank space, then `{` or not) and gives the
// format with the bytes it consumed.
SSPRULES_INLINE std::pair<record_format, std::string> detect_format(std::istream& in) {
  std::string seen;
  std::streambuf* buf = in.rdbuf();
  auto peek = [&] { return buf->sgetc(); };
  using traits = std::char_traits<char>;
  // a UTF-8 byte order mark, byte by byte: if it is not one, its bytes stay in `seen`
  static constexpr unsigned char bom[] = {0xEF, 0xBB, 0xBF};
  for (unsigned char b : bom) {
    if (peek() != static_cast<int>(b)) break;
    seen.push_back(static_cast<char>(buf->sbumpc()));
  }
  bool after_bom = seen.size() == 3 || seen.empty();
  while (after_bom) {
    int c = peek();
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') break;
    seen.push_back(static_cast<char>(buf->sbumpc()));
  }
  bool json = after_bom && peek() != traits::eof() && peek() == '{';
  return {json ? record_format::jsonl : record_format::csv, std::move(seen)};
}

}  // namespace detail

struct record_reader::impl {
  impl(std::istream& in, std::optional<record_format> f, const program& prog) : decoder(prog) {
    std::istream* source = &in;
    if (f) {
      format = *f;
    } else {
      auto [detected, seen] = detail::detect_format(in);
      format = detected;
      prefixed.emplace(std::move(seen), in.rdbuf());
      prefixed_in.emplace(&*prefixed);
      source = &*prefixed_in;
    }
    if (format == record_format::csv)
      csv.emplace(*source);
    else
      lines.emplace(*source);
  }

  record_format format = record_format::csv;
  record_decoder decoder;
  std::optional<detail::prefixed_streambuf> prefixed;  // when the format was detected
  std::optional<std::istream> prefixed_in;
  std::optional<detail::csv_reader> csv;  // the one matching `format`
  std::optional<detail::line_reader> lines;
  detail::json_object_parser json;
  detail::json_list_storage lists;  // what the list fields of the current record point into
  detail::csv_record row;
  std::vector<detail::json_field> json_fields;
  std::vector<field_value> values;
  std::vector<std::pair<std::string_view, field_value>> named;
  std::vector<std::string> header;
  record_layout layout;
  std::optional<std::string> header_error;
  std::vector<std::string> unknown;
  std::vector<std::string_view> unknown_here;
  std::uint64_t line = 0;
  bool header_read = false;

  static constexpr std::size_t max_unknown = 1000;

  void note_unknown(std::string_view name) {
    if (unknown.size() >= max_unknown) return;
    if (std::find(unknown.begin(), unknown.end(), name) == unknown.end())
      unknown.emplace_back(name);
  }

  bool read_header() {
    header_read = true;
    do {                                  // blank lines before the header start nothing
      if (!csv->next(row)) return false;  // empty input: no records
    } while (row.blank && row.error.empty());
    line = row.line;
    if (!row.error.empty()) {
      header_error = "the CSV header is malformed: " + row.error;
      return false;
    }
    std::vector<std::string_view> names;
    for (const auto& f : row.fields) {
      header.emplace_back(f.text);
    }
    for (const auto& h : header) names.emplace_back(h);
    layout = decoder.bind(names);
    for (const auto& u : layout.unknown) note_unknown(u);
    if (!layout.duplicates.empty()) {
      header_error = "the CSV header names `" + layout.duplicates.front() + "` twice";
      return false;
    }
    return true;
  }

  // A record that cannot be decoded: its id where the header says it is, and the error.
  void broken_csv_row(facts& out, std::string message) {
    out = facts();
    if (layout.id_column >= 0 && static_cast<std::size_t>(layout.id_column) < row.fields.size() &&
        !(row.fields.size() == 1 && row.blank)) {
      const auto& f = row.fields[static_cast<std::size_t>(layout.id_column)];
      if (!f.text.empty() || f.quoted) out.set_id(std::string(f.text));
    }
    out.set_error({detail::codes::malformed_record.id, std::move(message), ""});
  }

  bool next_csv(facts& out) {
    if (!header_read && !read_header()) return false;
    if (header_error) return false;
    if (!csv->next(row)) return false;
    line = row.line;
    if (!row.error.empty()) {
      broken_csv_row(out, "malformed CSV: " + row.error);
      return true;
    }
    if (row.fields.size() != header.size()) {
      std::string n = std::to_string(header.size());
      broken_csv_row(
          out,
          row.blank
              ? "line " + std::to_string(row.line) + " is blank but the header has " + n + " fields"
              : "line " + std::to_string(row.line) + " has " + std::to_string(row.fields.size()) +
                    (row.fields.size() == 1 ? " field" : " fields") + " but the header has " + n);
      return true;
    }
    values.clear();
    for (const auto& f : row.fields) {
      values.push_back(f.text.empty() && !f.quoted ? field_value::absent()
                                                   : field_value::text(f.text));
    }
    decoder.decode(layout, values, out);
    return true;
  }

  bool next_jsonl(facts& out) {
    std::string_view text;
    std::string error;
    if (!lines->next(text, line, error)) return false;
    if (!error.empty()) {
      out = facts();
      out.set_error({detail::codes::malformed_record.id,
                     "malformed JSON on line " + std::to_string(line) + ": " + error, ""});
      return true;
    }
    if (std::all_of(text.begin(), text.end(),
                    [](char c) { return c == ' ' || c == '\t' || c == '\r'; })) {
      out = facts();
      out.set_error({detail::codes::malformed_record.id,
                     "line " + std::to_string(line) + " is blank: a JSON object was expected", ""});
      return true;
    }
    if (!json.parse(text, json_fields, error)) {
      out = facts();
      out.set_error({detail::codes::malformed_record.id,
                     "malformed JSON on line " + std::to_string(line) + ": " + error, ""});
      return true;
    }
    named.clear();
    lists.clear();
    for (const auto& f : json_fields) named.emplace_back(f.name, lists.value(f.kind, f.text));
    unknown_here.clear();
    decoder.decode(named, out, unknown.size() < max_unknown ? &unknown_here : nullptr);
    for (std::string_view name : unknown_here) note_unknown(name);
    // a name given twice that the decoder did not see twice (not an input): still an error
    if (!json.duplicate().empty() && !out.error()) {
      out.set_error({detail::codes::field_given_twice.id,
                     "field `" + std::string(json.duplicate()) + "` is given twice",
                     std::string(json.duplicate())});
    }
    return true;
  }
};

SSPRULES_INLINE record_reader::record_reader(std::istream& in, std::optional<record_format> format,
                                             const program& prog)
    : impl_(std::make_unique<impl>(in, format, prog)) {}

SSPRULES_INLINE record_reader::~record_reader() = default;

SSPRULES_INLINE bool record_reader::next(facts& out) {
  return impl_->format == record_format::csv ? impl_->next_csv(out) : impl_->next_jsonl(out);
}

SSPRULES_INLINE const std::optional<std::string>& record_reader::header_error() const noexcept {
  return impl_->header_error;
}

SSPRULES_INLINE const std::vector<std::string>& record_reader::unknown_fields() const noexcept {
  return impl_->unknown;
}

SSPRULES_INLINE std::uint64_t record_reader::line() const noexcept { return impl_->line; }

SSPRULES_INLINE record_format record_reader::format() const noexcept { return impl_->format; }

}  // namespace ssprules::inline SSPRULES_ABI
