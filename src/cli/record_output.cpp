#include "record_output.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "terminal.hpp"

namespace ssprules::cli {
namespace {

// Collects output and hands it to stdio in large writes.
class buffered {
 public:
  explicit buffered(std::FILE* out) : out_(out) { buffer_.reserve(1U << 20U); }
  ~buffered() { flush(); }
  buffered(const buffered&) = delete;
  buffered& operator=(const buffered&) = delete;
  std::string& text() { return buffer_; }
  void maybe_flush() {
    if (buffer_.size() >= (1U << 20U)) flush();
  }
  void flush() {
    if (!buffer_.empty()) std::fwrite(buffer_.data(), 1, buffer_.size(), out_);
    buffer_.clear();
    std::fflush(out_);
  }

 private:
  std::FILE* out_;
  std::string buffer_;
};

class jsonl_output final : public record_output {
 public:
  jsonl_output(bool explain, std::FILE* out) : explain_(explain), out_(out) {}
  void write(const decision& d) override {
    std::string line = d.to_json();
    if (explain_ && !d.explanation().empty()) {
      line.pop_back();  // the closing brace
      line += ",\"explanation\":" + d.explanation_json() + "}";
    }
    out_.text() += line;
    out_.text() += '\n';
    out_.maybe_flush();
  }
  void finish() override { out_.flush(); }

 private:
  bool explain_;
  buffered out_;
};

std::string csv_field(const std::string& text) {
  bool quote = text.find_first_of(",\"\r\n") != std::string::npos ||
               (!text.empty() && (text.front() == ' ' || text.back() == ' '));
  if (!quote) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

class csv_output final : public record_output {
 public:
  csv_output(const std::vector<output_info>& outputs, bool explain, std::FILE* out)
      : explain_(explain), out_(out) {
    std::string& t = out_.text();
    t += "id";
    for (const auto& o : outputs) t += ',' + csv_field(o.name);
    t += ",error_code,error_message";
    if (explain_) t += ",explanation";
    t += "\r\n";
  }
  void write(const decision& d) override {
    std::string& t = out_.text();
    t += csv_field(d.id());
    for (const value& v : d.values()) {
      t += ',' + (v.present() && d.ok() ? csv_field(v.to_string()) : "");
    }
    t += ',';
    if (d.error()) {
      t += csv_field(d.error()->code) + ',' + csv_field(d.error()->message);
    } else {
      t += ',';
    }
    if (explain_) t += ',' + csv_field(d.explain_text());
    t += "\r\n";
    out_.maybe_flush();
  }
  void finish() override { out_.flush(); }

 private:
  bool explain_;
  buffered out_;
};

// The aligned table, streamed: the rows of a first block are held to measure the columns, then
// every row is written as it comes, so memory stays flat however many records there are. When
// the whole input fits in the block, each column is as wide as its widest cell (header included);
// otherwise a column whose type bounds its text (bool, integer, decimal, date, enum) is as wide
// as the widest text the type allows, and the others (ids, strings, lists) as their widest cell in
// the block. A later, wider cell is written whole: it only pushes the rest of its row right.
class table_output final : public record_output {
 public:
  table_output(const std::vector<output_info>& outputs, bool explain, std::FILE* out)
      : explain_(explain), out_(out) {
    header_.emplace_back("id");
    header_.emplace_back("as_of");
    bound_.emplace_back(std::nullopt);
    bound_.emplace_back(date_width);
    for (const output_info& o : outputs) {
      header_.push_back(terminal_text(o.name));
      bound_.push_back(widest(o.type));
    }
  }
  void write(const decision& d) override {
    row r;
    r.cells.push_back(terminal_text(d.id()));
    r.cells.push_back(d.as_of().to_string());
    if (d.ok()) {
      for (const value& v : d.values()) {
        r.cells.push_back(v.present() ? terminal_text(v.to_string()) : "-");
      }
    } else {
      r.cells.push_back(terminal_text("error " + d.error()->code + ": " + d.error()->message));
    }
    if (explain_) r.explanation = terminal_text(d.explain_text(), line_breaks::keep);
    if (streaming_) {
      print(r);
      out_.maybe_flush();
      return;
    }
    for (const std::string& c : r.cells) block_bytes_ += c.size();
    block_bytes_ += r.explanation.size();
    block_.push_back(std::move(r));
    if (block_.size() >= block_rows || block_bytes_ >= block_byte_limit) start(false);
  }
  void finish() override {
    if (!streaming_) start(true);
    out_.flush();
  }

 private:
  struct row {
    std::vector<std::string> cells;  // escaped; an error row has one cell after as_of
    std::string explanation;
  };
  static constexpr std::size_t block_rows = 1024;
  static constexpr std::size_t block_byte_limit = std::size_t{4} << 20U;
  static constexpr std::size_t date_width = 10;  // 1400-01-01 to 9999-12-31

  static std::size_t display_width(const std::string& s) {
    return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) {
      return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
    }));
  }
  // The widest text a value of `type` prints as (`-` when absent is narrower); nullopt when the
  // type does not bound it.
  static std::optional<std::size_t> widest(const value_type& type) {
    switch (type.kind) {
      case type_kind::boolean:
        return 5;  // false
      case type_kind::integer:
        if (type.min && type.max) {
          return std::max(std::to_string(*type.min).size(), std::to_string(*type.max).size());
        }
        return std::to_string(std::numeric_limits<std::int64_t>::min()).size();
      case type_kind::decimal:
        return decimal::from_micros(std::numeric_limits<std::int64_t>::min()).to_string().size();
      case type_kind::date:
        return date_width;
      case type_kind::enumeration: {
        std::size_t w = 1;
        for (const std::string& v : type.values) w = std::max(w, display_width(terminal_text(v)));
        return w;
      }
      case type_kind::string:
      case type_kind::list:
      case type_kind::record:
        return std::nullopt;
    }
    return std::nullopt;
  }
  // Measures the columns, writes the header and the held rows; from then on rows stream.
  void start(bool whole_input) {
    width_.assign(header_.size(), 0);
    auto measure = [&](const std::vector<std::string>& cells, bool whole) {
      for (std::size_t i = 0; i < cells.size() && i < width_.size(); ++i) {
        // an error message spans the rest of the row; it does not widen a column
        if (!whole && i + 1 == cells.size() && cells.size() < width_.size()) continue;
        width_[i] = std::max(width_[i], display_width(cells[i]));
      }
    };
    measure(header_, true);
    for (const row& r : block_) measure(r.cells, false);
    if (!whole_input) {
      for (std::size_t i = 0; i < width_.size(); ++i) {
        if (bound_[i]) width_[i] = std::max(width_[i], *bound_[i]);
      }
    }
    print_cells(header_);
    std::string rule;
    for (std::size_t i = 0; i < width_.size(); ++i) {
      rule += (i ? "  " : "") + std::string(width_[i], '-');
    }
    out_.text() += rule + '\n';
    for (const row& r : block_) {
      print(r);
      out_.maybe_flush();
    }
    block_.clear();
    block_.shrink_to_fit();
    streaming_ = true;
  }
  void print(const row& r) {
    print_cells(r.cells);
    if (!r.explanation.empty()) out_.text() += r.explanation + '\n';
  }
  void print_cells(const std::vector<std::string>& cells) {
    std::string& line = out_.text();
    std::size_t begin = line.size();
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i) line += "  ";
      line += cells[i];
      if (i + 1 < cells.size()) {
        line.append(width_[i] - std::min(width_[i], display_width(cells[i])), ' ');
      }
    }
    while (line.size() > begin && line.back() == ' ') line.pop_back();
    line += '\n';
  }

  bool explain_;
  buffered out_;
  std::vector<std::string> header_;
  std::vector<std::optional<std::size_t>> bound_;  // per column, as `widest`
  std::vector<std::size_t> width_;
  std::vector<row> block_;
  std::size_t block_bytes_ = 0;
  bool streaming_ = false;
};

}  // namespace

std::unique_ptr<record_output> record_output::make(output_format format,
                                                   const std::vector<output_info>& outputs,
                                                   bool explain, std::FILE* out) {
  switch (format) {
    case output_format::jsonl:
      return std::make_unique<jsonl_output>(explain, out);
    case output_format::csv:
      return std::make_unique<csv_output>(outputs, explain, out);
    case output_format::table:
      return std::make_unique<table_output>(outputs, explain, out);
  }
  return nullptr;
}

}  // namespace ssprules::cli
