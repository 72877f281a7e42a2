#include "record_output.hpp"

#include <algorithm>


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
  csv_output(const std::vector<std::string>& outputs, bool explain, std::FILE* out)
      : explain_(explain), out_(out) {
    std::string& t = out_.text();
    t += "id";
    for (const auto& o : outputs) t += ',' + csv_field(o);
    t += ",error_code,error_message";
    if (explain_) t += ",explanation";
    t += "\r\n";
  }
  void write(const decision& d) override {
    std::string& t = out_.text();
    t += csv_field(d.id());
    for (const value& v : d.values()) t += ',' + (v.present() && d.ok() ? csv_field(v.to_string()) : "");
    t += ',';
    if (d.error()) t += csv_field(d.error()->code) + ',' + csv_field(d.error()->message);
    else t += ',';
    if (explain_) t += ',' + csv_field(d.explain_text());
    t += "\r\n";
    out_.maybe_flush();
  }
  void finish() override { out_.flush(); }

 private:
  bool explain_;
  buffered out_;
};

class table_output final : public record_output {
 public:
  table_output(const std::vector<std::string>& outputs, bool explain, std::FILE* out)
      : explain_(explain), out_(out) {
    header_.emplace_back("id");
    header_.emplace_back("as_of");
    header_.insert(header_.end(), outputs.begin(), outputs.end());
  }
  void write(const decision& d) override {
    std::vector<std::string> cells{d.id(), d.as_of().to_string()};
    if (d.ok()) {
      for (const value& v : d.values()) cells.push_back(v.present() ? v.to_string() : "-");
    } else {
      cells.push_back("error " + d.error()->code + ": " + d.error()->message);
    }
    rows_.push_back(std::move(cells));
    explanations_.push_back(explain_ ? d.explain_text() : std::string());
  }
  void finish() override {
    std::vector<std::size_t> width(header_.size(), 0);
    auto measure = [&](const std::vector<std::string>& cells, bool whole) {
      for (std::size_t i = 0; i < cells.size() && i < width.size(); ++i) {
        // an error message spans the rest of the row; it does not widen a column
        if (!whole && i + 1 == cells.size() && cells.size() < width.size()) continue;
        width[i] = std::max(width[i], display_width(cells[i]));
      }
    };
    measure(header_, true);
    for (const auto& r : rows_) measure(r, false);
    print_row(header_, width);
    std::string rule;
    for (std::size_t i = 0; i < width.size(); ++i) rule += (i ? "  " : "") + std::string(width[i], '-');
    out_.text() += rule + '\n';
    for (std::size_t r = 0; r < rows_.size(); ++r) {
      print_row(rows_[r], width);
      if (!explanations_[r].empty()) out_.text() += explanations_[r] + '\n';
    }
    out_.flush();
  }

 private:
  static std::size_t display_width(const std::string& s) {
    return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) {
      return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
    }));
  }
  void print_row(const std::vector<std::string>& cells, const std::vector<std::size_t>& width) {
    std::string line;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i) line += "  ";
      line += cells[i];
      if (i + 1 < cells.size()) line += std::string(width[i] - std::min(width[i], display_width(cells[i])), ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out_.text() += line + '\n';
  }

  bool explain_;
  buffered out_;
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
  std::vector<std::string> explanations_;
};

}  // namespace

std::unique_ptr<record_output> record_output::make(output_format format,
                                                   const std::vector<std::string>& outputs,
                                                   bool explain, std::FILE* out) {
  switch (format) {
    case output_format::jsonl: return std::make_unique<jsonl_output>(explain, out);
    case output_format::csv: return std::make_unique<csv_output>(outputs, explain, out);
    case output_format::table: return std::make_unique<table_output>(outputs, explain, out);
  }
  return nullptr;
}

}  // namespace ssprules::cli
