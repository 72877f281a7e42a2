// Record decoding speed: the Copenhagen case register (bench/copenhagen_workload.hpp) read from
// memory as CSV and as JSON Lines through `record_reader` into typed facts, raw fields through
// `record_decoder`, decoded facts packed into a `record_batch` for `evaluate_batch`, and the
// register as typed columns (a DataFrame's) and as text columns decoded column by column.
// Items are records; bytes are the input text.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <istream>
#include <stdexcept>
#include <streambuf>
#include <string>
#include <vector>

#include "copenhagen_workload.hpp"
#include "ssprules/ssprules.hpp"

namespace {

using namespace ssprules;

constexpr std::size_t register_size = 100'000;

const program& copenhagen() {
  static const program prog = load_or_throw(SSPRULES_SOURCE_DIR "/rules/copenhagen/ssp-plus.yaml");
  return prog;
}

const std::vector<bench::copenhagen_case>& cases() {
  static const auto c = bench::make_copenhagen_cases(register_size);
  return c;
}

const std::string& csv_text() {
  static const std::string text = bench::copenhagen_csv(cases());
  return text;
}

// The same register as JSON Lines: typed JSON values (numbers, booleans), absent fields left
// out, and `null` for a missing approval date.
const std::string& jsonl_text() {
  static const std::string text = [] {
    std::string out;
    for (const auto& c : cases()) {
      out += "{\"id\": \"" + c.id + "\", \"birth_date\": \"" + c.birth_date + "\"";
      if (!c.category.empty()) out += ", \"category\": " + c.category;
      if (!c.assessed.empty()) out += ", \"assessed_category_3_or_4\": true";
      if (!c.state_signal.empty()) out += ", \"state_signal\": \"" + c.state_signal + "\"";
      if (!c.local_offer.empty()) out += ", \"local_offer_signal\": true";
      out += ", \"benefit_status\": \"" + c.benefit_status + "\"";
      out += ", \"plan_approved_on\": ";
      out += c.plan_approved_on.empty() ? "null" : "\"" + c.plan_approved_on + "\"";
      out += "}\n";
    }
    return out;
  }();
  return text;
}

// An istream over a string that is not copied.
class memory_buffer : public std::streambuf {
 public:
  explicit memory_buffer(const std::string& s) {
    char* p = const_cast<char*>(s.data());
    setg(p, p, p + s.size());
  }
};

// Reads every record of `text` into one reused `facts` (the streaming path: memory stays flat).
void read_all(benchmark::State& state, const std::string& text, record_format format) {
  std::size_t records = 0;
  std::size_t errors = 0;
  for (auto _ : state) {
    memory_buffer buffer(text);
    std::istream in(&buffer);
    record_reader reader(in, format, copenhagen());
    facts f;
    records = 0;
    errors = 0;
    while (reader.next(f)) {
      ++records;
      if (f.error() || !f.input_errors().empty()) ++errors;
      benchmark::DoNotOptimize(f);
    }
  }
  if (records != register_size) throw std::runtime_error("not every record was read");
  state.counters["record_errors"] = static_cast<double>(errors);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * records));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}

void BM_ReadCsv(benchmark::State& state) { read_all(state, csv_text(), record_format::csv); }
BENCHMARK(BM_ReadCsv)->Unit(benchmark::kMillisecond);

void BM_ReadJsonLines(benchmark::State& state) {
  read_all(state, jsonl_text(), record_format::jsonl);
}
BENCHMARK(BM_ReadJsonLines)->Unit(benchmark::kMillisecond);

// Raw text fields straight into the decoder (what bindings do): the decoding without the
// CSV/JSON syntax.
void BM_DecodeFields(benchmark::State& state) {
  record_decoder decoder(copenhagen());
  const std::string_view names[] = {
      "id",           "birth_date",         "category",       "assessed_category_3_or_4",
      "state_signal", "local_offer_signal", "benefit_status", "plan_approved_on"};
  const record_layout layout = decoder.bind(names);
  facts f;
  std::vector<field_value> row(8);
  for (auto _ : state) {
    for (const auto& c : cases()) {
      const std::string* cells[] = {
          &c.id,           &c.birth_date,  &c.category,       &c.assessed,
          &c.state_signal, &c.local_offer, &c.benefit_status, &c.plan_approved_on};
      for (std::size_t k = 0; k < 8; ++k) {
        row[k] = cells[k]->empty() ? field_value::absent() : field_value::text(*cells[k]);
      }
      decoder.decode(layout, row, f);
      benchmark::DoNotOptimize(f);
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * cases().size()));
}
BENCHMARK(BM_DecodeFields)->Unit(benchmark::kMillisecond);

std::vector<facts> decoded_register() {
  std::vector<facts> out;
  out.reserve(register_size);
  memory_buffer buffer(csv_text());
  std::istream in(&buffer);
  record_reader reader(in, record_format::csv, copenhagen());
  facts f;
  while (reader.next(f)) out.push_back(f);
  return out;
}

// Decoded facts packed into the columnar batch `evaluate_batch` reads.
void BM_BuildRecordBatch(benchmark::State& state) {
  const std::vector<facts> records = decoded_register();
  for (auto _ : state) {
    record_batch batch(copenhagen());
    batch.reserve(records.size());
    for (const facts& f : records) batch.push_back(f);
    benchmark::DoNotOptimize(batch);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * records.size()));
}
BENCHMARK(BM_BuildRecordBatch)->Unit(benchmark::kMillisecond);

// The batch reused from call to call (`clear` keeps its memory), as a service re-reading the
// register would.
void BM_RefillRecordBatch(benchmark::State& state) {
  const std::vector<facts> records = decoded_register();
  record_batch batch(copenhagen());
  batch.reserve(records.size());
  for (auto _ : state) {
    batch.clear();
    for (const facts& f : records) batch.push_back(f);
    benchmark::DoNotOptimize(batch);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * records.size()));
}
BENCHMARK(BM_RefillRecordBatch)->Unit(benchmark::kMillisecond);

// CSV text to a batch in one pass: what `ssprules eval` on a file does before evaluating.
void BM_CsvToRecordBatch(benchmark::State& state) {
  const std::string& text = csv_text();
  for (auto _ : state) {
    memory_buffer buffer(text);
    std::istream in(&buffer);
    record_reader reader(in, record_format::csv, copenhagen());
    record_batch batch(copenhagen());
    batch.reserve(register_size);
    facts f;
    while (reader.next(f)) batch.push_back(f);
    benchmark::DoNotOptimize(batch);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * register_size));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_CsvToRecordBatch)->Unit(benchmark::kMillisecond);

// The register as a DataFrame with typed columns holds it: dates as days, `category` as integers
// with a mask, flags as bytes with a mask, enums as codes into their values (a `category`
// column), `id` not read. Built once; the benchmark decodes them column by column.
struct typed_register {
  std::vector<std::int32_t> birth, approved;
  std::vector<std::uint8_t> approved_missing;
  std::vector<std::int64_t> category;
  std::vector<std::uint8_t> category_missing;
  std::vector<std::uint8_t> assessed, assessed_missing, local, local_missing;
  std::vector<std::int64_t> state_codes, benefit_codes;
  std::vector<std::string> state_values, benefit_values;
  std::vector<field_value> state_entries, benefit_entries;

  static std::int64_t code_of(const std::string& text, std::vector<std::string>& values) {
    if (text.empty()) return -1;
    auto it = std::find(values.begin(), values.end(), text);
    if (it == values.end()) it = values.insert(values.end(), text);
    return it - values.begin();
  }
  typed_register() {
    state_values.reserve(8);
    benefit_values.reserve(8);
    for (const auto& c : cases()) {
      birth.push_back(date::parse(c.birth_date)->days());
      approved_missing.push_back(c.plan_approved_on.empty() ? 1 : 0);
      approved.push_back(c.plan_approved_on.empty() ? 0 : date::parse(c.plan_approved_on)->days());
      category_missing.push_back(c.category.empty() ? 1 : 0);
      category.push_back(c.category.empty() ? 0 : std::stoll(c.category));
      assessed_missing.push_back(c.assessed.empty() ? 1 : 0);
      assessed.push_back(c.assessed == "true" ? 1 : 0);
      local_missing.push_back(c.local_offer.empty() ? 1 : 0);
      local.push_back(c.local_offer == "true" ? 1 : 0);
      state_codes.push_back(code_of(c.state_signal, state_values));
      benefit_codes.push_back(code_of(c.benefit_status, benefit_values));
    }
    for (const std::string& v : state_values) state_entries.push_back(field_value::text(v));
    for (const std::string& v : benefit_values) benefit_entries.push_back(field_value::text(v));
  }
  std::vector<column_view> columns() const {
    return {column_view::absent(birth.size()),
            column_view::days(birth),
            column_view::integers(category, category_missing.data()),
            column_view::booleans(assessed, assessed_missing.data()),
            column_view::dictionary(state_codes, state_entries),
            column_view::booleans(local, local_missing.data()),
            column_view::dictionary(benefit_codes, benefit_entries),
            column_view::days(approved, approved_missing.data())};
  }
};

const std::string_view column_names[] = {
    "id",           "birth_date",         "category",       "assessed_category_3_or_4",
    "state_signal", "local_offer_signal", "benefit_status", "plan_approved_on"};

// The register's columns into one reused batch, once per iteration.
void decode_columns_each_iteration(benchmark::State& state,
                                   const std::vector<column_view>& columns) {
  record_decoder decoder(copenhagen());
  const record_layout layout = decoder.bind(column_names);
  record_batch batch(copenhagen());
  batch.reserve(register_size);
  for (auto _ : state) {
    batch.clear();
    decoder.decode_columns(layout, columns, batch);
    benchmark::DoNotOptimize(batch);
  }
  if (batch.size() != register_size) throw std::runtime_error("not every record was decoded");
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * register_size));
}

// Typed columns to a batch (`record_decoder::decode_columns`): what Python's evaluate_many does
// with a typed DataFrame before evaluating.
void BM_DecodeTypedColumns(benchmark::State& state) {
  const typed_register data;
  decode_columns_each_iteration(state, data.columns());
}
BENCHMARK(BM_DecodeTypedColumns)->Unit(benchmark::kMillisecond);

// Text columns (every cell a `field_value::text`) to a batch: the same decoding as
// BM_DecodeFields, a column at a time and without `facts`.
void BM_DecodeTextColumns(benchmark::State& state) {
  std::vector<std::vector<field_value>> cells(8);
  for (const auto& c : cases()) {
    const std::string* row[] = {
        &c.id,           &c.birth_date,  &c.category,       &c.assessed,
        &c.state_signal, &c.local_offer, &c.benefit_status, &c.plan_approved_on};
    for (std::size_t k = 0; k < 8; ++k) {
      cells[k].push_back(row[k]->empty() ? field_value::absent() : field_value::text(*row[k]));
    }
  }
  std::vector<column_view> columns;
  for (const auto& column : cells) columns.push_back(column_view::fields(column));
  decode_columns_each_iteration(state, columns);
}
BENCHMARK(BM_DecodeTextColumns)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
