// libFuzzer target: bytes as case records for the Copenhagen policy.
//
// The first byte chooses the format (CSV as given, CSV after the policy's own header row, JSON
// Lines), a chunk size and which of the first four records is explained; the rest are the
// records. They are
//   1. read by `record_reader`, every record evaluated alone and in a `record_batch` (the two
//      results must agree), the chosen one with its explanation rendered every way (explaining
//      every record cost 60 % of an execution and found nothing the one does not);
//   2. read again by the internal CSV / line readers with small limits, once in chunks of 1 to
//      16 bytes and once in one piece: the records, errors and line numbers must be the same
//      however the input is split (the readers' chunk boundaries are where streaming bugs hide).
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fuzz_common.hpp"
#include "ssprules/detail/csv.hpp"
#include "ssprules/detail/json.hpp"
#include "ssprules/ssprules.hpp"

namespace {

const char* const copenhagen_header =
    "id,as_of,birth_date,category,assessed_category_3_or_4,state_signal,local_offer_signal,"
    "benefit_status,plan_approved_on\n";

const ssprules::program& copenhagen() {
  static const ssprules::program prog = [] {
    const char* env = std::getenv("SSPRULES_FUZZ_POLICY");
    std::string path = env ? env : SSPRULES_SOURCE_DIR "/rules/copenhagen/ssp-plus.yaml";
    ssprules::load_result loaded = ssprules::load(path);
    if (!loaded.ok()) {
      std::fputs(ssprules::render(loaded.diagnostics).c_str(), stderr);
      std::abort();
    }
    return loaded.prog;
  }();
  return prog;
}

void read_and_evaluate(const std::string& text, ssprules::record_format format,
                       std::size_t explained) {
  const ssprules::program& prog = copenhagen();
  std::istringstream in(text);
  ssprules::record_reader reader(in, format, prog);
  std::vector<ssprules::facts> records;
  ssprules::facts record;
  std::uint64_t last_line = 0;
  while (reader.next(record)) {
    SSPRULES_FUZZ_CHECK(reader.line() >= last_line, "record lines ascend");
    last_line = reader.line();
    if (record.error()) {
      const std::string& code = record.error()->code;
      SSPRULES_FUZZ_CHECK(code == "SR1008" || code == "SR1017" || code == "SR1007" ||
                              (code == "SR1002" && record.error()->field == "id"),
                          "a record-level error is malformed input, a duplicate, as_of or id");
    }
    records.push_back(std::move(record));  // next() assigns every member again
    SSPRULES_FUZZ_CHECK(records.size() <= text.size() + 1, "no more records than bytes");
  }
  (void)reader.header_error();
  (void)reader.unknown_fields();
  ssprules_fuzz::evaluate_both_ways(prog, records, *ssprules::date::parse("2025-03-01"), explained);
}

// Appends `n` in decimal (std::to_string makes a string each time).
void append_number(std::string& out, std::uint64_t n) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, n);
  out.append(digits, end);
}

// Everything a CSV reader returns, as text, for comparing two ways of reading.
std::string csv_trace(const std::string& text, std::size_t chunk) {
  std::istringstream in(text);
  ssprules::detail::csv_limits limits;
  limits.max_record_bytes = 40;
  limits.max_fields = 6;
  limits.chunk_bytes = chunk;
  ssprules::detail::csv_reader reader(in, limits);
  ssprules::detail::csv_record row;
  std::string out;
  out.reserve(4 * text.size() + 64);  // appended in place: no temporaries, few reallocations
  while (reader.next(row)) {
    append_number(out, row.line);
    out += ':';
    append_number(out, row.number);
    out += ':';
    out += row.error;
    out += '\n';
    for (const auto& f : row.fields) {
      out += f.quoted ? "  q " : "  u ";
      out += f.text;
      out += '\n';
    }
    SSPRULES_FUZZ_CHECK(out.size() < 64 * text.size() + 4096, "bounded output");
  }
  return out;
}

// Everything a JSON Lines reader and parser return, as text.
std::string jsonl_trace(const std::string& text, std::size_t chunk) {
  std::istringstream in(text);
  ssprules::detail::line_reader lines(in, 40, chunk);
  ssprules::detail::json_object_parser parser;
  std::vector<ssprules::detail::json_field> fields;
  std::string_view line;
  std::uint64_t number = 0;
  std::string error;
  std::string out;
  out.reserve(4 * text.size() + 64);
  std::string json_error;
  while (lines.next(line, number, error)) {
    append_number(out, number);
    out += ':';
    out += error;
    out += '\n';
    if (!error.empty()) continue;
    json_error.clear();
    bool ok = parser.parse(line, fields, json_error);
    SSPRULES_FUZZ_CHECK(ok == json_error.empty(), "a JSON error iff parse fails");
    out += "  ";
    out += json_error;
    out += '\n';
    for (const auto& f : fields) {
      out += "  ";
      out += f.name;
      out += '=';
      out += static_cast<char>('0' + static_cast<int>(f.kind));
      out += ':';
      out += f.text;
      out += '\n';
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)copenhagen();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const unsigned mode = data[0] % 3U;
  const std::size_t chunk = 1 + ((data[0] >> 2U) & 15U);
  const std::size_t explained = data[0] >> 6U;
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (mode == 1) text = copenhagen_header + text;

  read_and_evaluate(text, mode == 2 ? ssprules::record_format::jsonl : ssprules::record_format::csv,
                    explained);

  if (mode == 2) {
    std::string whole = jsonl_trace(text, text.size() + 4);
    std::string split = jsonl_trace(text, chunk);
    if (whole != split) {
      std::fprintf(stderr, "--- in one piece\n%s--- in chunks of %zu\n%s", whole.c_str(), chunk,
                   split.c_str());
      SSPRULES_FUZZ_CHECK(false, "JSON Lines read the same in chunks");
    }
  } else {
    std::string whole = csv_trace(text, text.size() + 4);
    std::string split = csv_trace(text, chunk);
    if (whole != split) {
      std::fprintf(stderr, "--- in one piece\n%s--- in chunks of %zu\n%s", whole.c_str(), chunk,
                   split.c_str());
      SSPRULES_FUZZ_CHECK(false, "CSV reads the same in chunks");
    }
  }
  return 0;
}
