// Definitions for reader.hpp: CSV and JSON Lines -> field values -> the record decoder.
#include <algorithm>

#include "ssprules/detail/csv.hpp"
#include "ssprules/detail/json.hpp"
#include "ssprules/reader.hpp"

namespace ssprules {

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

struct record_reader::impl {
  impl(std::istream& in, record_format f, const program& prog) : format(f), decoder(prog) {
    if (f == record_format::csv) csv.emplace(in);
    else lines.emplace(in);
  }

  record_format format;
  record_decoder decoder;
  std::optional<detail::csv_reader> csv;   // the one matching `format`
  std::optional<detail::line_reader> lines;
  detail::json_object_parser json;
  detail::csv_record row;
  std::vector<detail::json_field> json_fields;
  std::vector<field_value> values;
  std::vector<std::pair<std::string_view, field_value>> named;
  std::vector<std::string> header;
  record_layout layout;
  std::optional<std::string> header_error;
  std::vector<std::string> unknown;
  std::uint64_t line = 0;
  bool header_read = false;

  static constexpr std::size_t max_unknown = 32;

  void note_unknown(std::string_view name) {
    if (unknown.size() >= max_unknown) return;
    if (std::find(unknown.begin(), unknown.end(), name) == unknown.end()) unknown.emplace_back(name);
  }

  bool read_header() {
    header_read = true;
    if (!csv->next(row)) return false;  // empty input: no records
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

  bool next_csv(facts& out) {
    if (!header_read && !read_header()) return false;
    if (header_error) return false;
    if (!csv->next(row)) return false;
    line = row.line;
    if (!row.error.empty()) {
      out = facts();
      // the id, when the broken row still has it where the header says
      if (layout.id_column >= 0 && static_cast<std::size_t>(layout.id_column) < row.fields.size()) {
        out.set_id(std::string(row.fields[static_cast<std::size_t>(layout.id_column)].text));
      }
      out.set_error({"SR1008", "malformed CSV: " + row.error, ""});
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
      out.set_error({"SR1008", "malformed JSON on line " + std::to_string(line) + ": " + error, ""});
      return true;
    }
    if (!json.parse(text, json_fields, error)) {
      out = facts();
      // a field given twice is SR1017 in every format; anything else is malformed JSON
      bool duplicate = error.find("duplicate field") != std::string::npos;
      out.set_error({duplicate ? "SR1017" : "SR1008",
                     (duplicate ? "line " : "malformed JSON on line ") + std::to_string(line) +
                         ": " + error,
                     ""});
      return true;
    }
    named.clear();
    for (const auto& f : json_fields) {
      field_value v;
      switch (f.kind) {
        case detail::json_kind::null: v = field_value::absent(); break;
        case detail::json_kind::boolean: v = field_value::boolean(f.text == "true"); break;
        case detail::json_kind::number: v = field_value::number(f.text); break;
        case detail::json_kind::string: v = field_value::string(f.text); break;
        case detail::json_kind::nested: v = field_value::invalid("a list or object"); break;
      }
      named.emplace_back(f.name, v);
    }
    unknown_here.clear();
    decoder.decode(named, out, unknown.size() < max_unknown ? &unknown_here : nullptr);
    for (std::string_view name : unknown_here) note_unknown(name);
    return true;
  }

  std::vector<std::string_view> unknown_here;
};

SSPRULES_INLINE record_reader::record_reader(std::istream& in, record_format format,
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

}  // namespace ssprules
