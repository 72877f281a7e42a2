// Record decoding speed: the Copenhagen case register (bench/copenhagen_workload.hpp) read from
// memory as CSV and as JSON Lines through `record_reader` into typed facts, raw fields through
// `record_decoder`, and decoded facts packed into a `record_batch` for `evaluate_batch`.
// Items are records; bytes are the input text.
#include <benchmark/benchmark.h>

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

}  // namespace

BENCHMARK_MAIN();
