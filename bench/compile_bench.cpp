// Load-time speed: parse + check + compile of the bundled policies and of generated policies of
// 1,000 to 100,000 rules (bench/policy_generator.hpp), each stage alone, and table analysis
// against the number of rows. The policy text is in memory before timing starts, so the disk
// is not measured. `Complexity(oN)` makes the report fit the growth: a stage that is not linear
// in the number of rules (or rows) shows a large RMS and a poor fit.
//
// A generated policy of 100,000 rules is ~25 MB, over the parser's default 16 MiB limit
// (`parse_options::max_file_bytes`), which `load_string` cannot change; the generated policies
// are therefore loaded the way `load_source` does it (parse, check, compile) with a larger
// limit, at every size, so that the sizes are comparable.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "policy_generator.hpp"
#include "ssprules/ssprules.hpp"

namespace {

using namespace ssprules;

std::string policy_text(const std::string& path) {
  file_contents f = ssprules::read_file(path, parse_options{}.max_file_bytes);
  if (!f.ok()) throw std::runtime_error("cannot read " + path + ": " + f.reason);
  return std::move(f.text);
}

const std::string copenhagen_path = SSPRULES_SOURCE_DIR "/rules/copenhagen/ssp-plus.yaml";
const std::string kolding_path = SSPRULES_SOURCE_DIR "/rules/kolding/ssp.yaml";

// Quote verification reads the cited documents from disk: off, except where said.
check_options no_disk() {
  check_options o;
  o.verify_quotes = false;
  return o;
}

parse_options large_files() {
  parse_options o;
  o.max_file_bytes = std::size_t{1} << 30;
  return o;
}

// Generated texts, made once per size (outside every timed loop).
const std::string& generated(std::size_t rules) {
  static std::map<std::size_t, std::string> cache;
  auto it = cache.find(rules);
  if (it == cache.end()) it = cache.emplace(rules, bench::generate_policy(rules)).first;
  return it->second;
}

const std::string& generated_table(std::size_t rows) {
  static std::map<std::size_t, std::string> cache;
  auto it = cache.find(rows);
  if (it == cache.end()) it = cache.emplace(rows, bench::generate_table_policy(rows)).first;
  return it->second;
}

// parse + check + compile, as `load_source` does, with room for large files. Throws when the
// policy does not load: a broken generator or an engine bug must fail the run (and the smoke
// test), not be timed silently.
program load_large(const std::string& text, const char* name = "generated.yaml") {
  auto src = source::from_string(name, text);
  parse_result parsed = parse(src, large_files());
  if (!parsed.ok()) throw std::runtime_error(name + std::string(": ") + render(parsed.diagnostics));
  check_result checked = check(std::move(parsed.document), no_disk());
  if (!checked.ok())
    throw std::runtime_error(name + std::string(": ") + render(checked.diagnostics));
  compile_result compiled = compile(checked.rules);
  if (!compiled.ok())
    throw std::runtime_error(name + std::string(": ") + render(compiled.diagnostics));
  return compiled.prog;
}

// The longest chain of rules using rules (inputs and parameters are depth 0).
std::size_t dependency_depth(const checked_rules& rules) {
  const auto nodes = rules.graph_nodes();
  const auto edges = rules.graph_edges();
  std::vector<std::vector<std::size_t>> users(nodes.size());
  std::vector<std::size_t> pending(nodes.size(), 0);
  for (const auto& [from, to] : edges) {
    users[from].push_back(to);
    ++pending[to];
  }
  std::vector<std::size_t> depth(nodes.size(), 0);
  std::vector<std::size_t> ready;
  for (std::size_t v = 0; v < nodes.size(); ++v) {
    if (pending[v] == 0) ready.push_back(v);
  }
  std::size_t deepest = 0;
  while (!ready.empty()) {
    std::size_t v = ready.back();
    ready.pop_back();
    deepest = std::max(deepest, depth[v]);
    for (std::size_t u : users[v]) {
      depth[u] = std::max(depth[u], depth[v] + 1);
      if (--pending[u] == 0) ready.push_back(u);
    }
  }
  return deepest;
}

// The stages' inputs, made once per text (a repetition reruns a benchmark's setup, and parsing
// 100,000 rules takes seconds).
struct stages {
  std::shared_ptr<const source> src;
  parse_result parsed;
  check_result checked;
};

const stages& staged(const std::string& text) {
  static std::map<const std::string*, std::unique_ptr<stages>> cache;
  auto& slot = cache[&text];
  if (!slot) {
    slot = std::make_unique<stages>();
    slot->src = source::from_string("generated.yaml", text);
    slot->parsed = parse(slot->src, large_files());
    if (!slot->parsed.ok()) throw std::runtime_error(render(slot->parsed.diagnostics));
    slot->checked = check(slot->parsed.document, no_disk());
    if (!slot->checked.ok()) throw std::runtime_error(render(slot->checked.diagnostics));
  }
  return *slot;
}

std::size_t warnings_of(const std::string& text) {
  const stages& s = staged(text);
  return s.parsed.diagnostics.size() + s.checked.diagnostics.size();
}

void report_size(benchmark::State& state, const std::string& text, std::size_t n) {
  state.SetComplexityN(static_cast<std::int64_t>(n));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}

// ---- the bundled policies, through the one-call API

void load_bundled(benchmark::State& state, const std::string& path, bool verify_quotes) {
  const std::string text = policy_text(path);
  // with the real path, quotes are checked against the cited documents (read from disk, as
  // `ssprules check` does); without, nothing is read from disk
  const std::string name = verify_quotes ? path : "<string>";
  check_options opts = verify_quotes ? check_options{} : no_disk();
  {
    load_result r = load_string(text, name, opts);
    if (!r.ok()) throw std::runtime_error(path + " does not load: " + render(r.diagnostics));
    state.counters["diagnostics"] = static_cast<double>(r.diagnostics.size());
    state.counters["rules"] = static_cast<double>(r.prog.checked().document().rules.size());
  }
  for (auto _ : state) {
    load_result r = load_string(text, name, opts);
    benchmark::DoNotOptimize(r.prog);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}

// Target: under 5 ms.
void BM_LoadCopenhagen(benchmark::State& state) { load_bundled(state, copenhagen_path, false); }
BENCHMARK(BM_LoadCopenhagen)->Unit(benchmark::kMicrosecond);

// The same with the quotes verified against sources/*.txt (what `ssprules check` does).
void BM_LoadCopenhagenVerifyQuotes(benchmark::State& state) {
  load_bundled(state, copenhagen_path, true);
}
BENCHMARK(BM_LoadCopenhagenVerifyQuotes)->Unit(benchmark::kMicrosecond);

void BM_LoadKolding(benchmark::State& state) { load_bundled(state, kolding_path, false); }
BENCHMARK(BM_LoadKolding)->Unit(benchmark::kMicrosecond);

// ---- generated policies: the whole load against the number of rules
//
// A size whose one iteration takes longer than --benchmark_min_time (10,000 and 100,000 rules)
// runs a single iteration per repetition; run with --benchmark_repetitions=3 and read the
// median. The first repetition also pays for growing the heap (a cold first load): expect it
// to be the slowest.

void BM_LoadGenerated(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const std::string& text = generated(n);
  {
    const stages& s = staged(text);  // throws (and the run fails) when it does not check
    compile_result compiled = compile(s.checked.rules);
    if (!compiled.ok()) throw std::runtime_error(render(compiled.diagnostics));
    if (s.parsed.document.rules.size() != n) {
      throw std::runtime_error("the generated policy does not have " + std::to_string(n) +
                               " rules");
    }
    state.counters["outputs"] = static_cast<double>(compiled.prog.outputs().size());
    state.counters["depth"] = static_cast<double>(dependency_depth(s.checked.rules));
  }
  state.counters["warnings"] = static_cast<double>(warnings_of(text));
  for (auto _ : state) {
    program prog = load_large(text);
    benchmark::DoNotOptimize(prog);
  }
  report_size(state, text, n);
}
BENCHMARK(BM_LoadGenerated)
    ->Arg(1'000)
    ->Arg(10'000)
    ->Arg(100'000)
    ->Unit(benchmark::kMillisecond)
    ->Complexity(benchmark::oN);

// ---- each stage alone: the stage's input is made outside the timed region

void BM_ParseGenerated(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto& src = staged(generated(n)).src;
  for (auto _ : state) {
    parse_result parsed = parse(src, large_files());
    benchmark::DoNotOptimize(parsed.document.rules.data());
  }
  report_size(state, src->text(), n);
}
BENCHMARK(BM_ParseGenerated)
    ->Arg(1'000)
    ->Arg(10'000)
    ->Arg(100'000)
    ->Unit(benchmark::kMillisecond)
    ->Complexity(benchmark::oN);

// `check` takes its document by value: each iteration gets a fresh copy, made while the timer
// is paused (the copy is as costly as a good part of the check).
void BM_CheckGenerated(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto& src = staged(generated(n)).src;
  const parse_result& parsed = staged(generated(n)).parsed;
  for (auto _ : state) {
    state.PauseTiming();
    rule_document doc = parsed.document;
    state.ResumeTiming();
    check_result checked = check(std::move(doc), no_disk());
    benchmark::DoNotOptimize(checked.rules);
    state.PauseTiming();
    checked = {};  // freeing the checked policy is not part of checking
    state.ResumeTiming();
  }
  report_size(state, src->text(), n);
}
BENCHMARK(BM_CheckGenerated)
    ->Arg(1'000)
    ->Arg(10'000)
    ->Arg(100'000)
    ->Unit(benchmark::kMillisecond)
    ->Complexity(benchmark::oN);

void BM_CompileGenerated(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto& src = staged(generated(n)).src;
  const check_result& checked = staged(generated(n)).checked;
  for (auto _ : state) {
    compile_result compiled = compile(checked.rules);
    benchmark::DoNotOptimize(compiled.prog);
  }
  report_size(state, src->text(), n);
}
BENCHMARK(BM_CompileGenerated)
    ->Arg(1'000)
    ->Arg(10'000)
    ->Arg(100'000)
    ->Unit(benchmark::kMillisecond)
    ->Complexity(benchmark::oN);

// ---- table analysis against table size: one `unique` table of n integer ranges

void BM_LoadTableRows(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const std::string& text = generated_table(n);
  if (!compile(staged(text).checked.rules).ok()) throw std::runtime_error("table does not compile");
  // a warning here (SR0505) means the analysis gave up instead of proving the table sound
  state.counters["warnings"] = static_cast<double>(warnings_of(text));
  for (auto _ : state) {
    program prog = load_large(text, "table.yaml");
    benchmark::DoNotOptimize(prog);
  }
  report_size(state, text, n);
}
BENCHMARK(BM_LoadTableRows)
    ->Arg(100)
    ->Arg(1'000)
    ->Arg(10'000)
    ->Unit(benchmark::kMillisecond)
    ->Complexity(benchmark::oN);

// The check stage alone for the same tables (where the gap and overlap analysis runs).
void BM_CheckTableRows(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto& src = staged(generated_table(n)).src;
  const parse_result& parsed = staged(generated_table(n)).parsed;
  for (auto _ : state) {
    state.PauseTiming();
    rule_document doc = parsed.document;
    state.ResumeTiming();
    check_result checked = check(std::move(doc), no_disk());
    benchmark::DoNotOptimize(checked.rules);
    state.PauseTiming();
    checked = {};
    state.ResumeTiming();
  }
  report_size(state, src->text(), n);
}
BENCHMARK(BM_CheckTableRows)
    ->Arg(100)
    ->Arg(1'000)
    ->Arg(10'000)
    ->Unit(benchmark::kMillisecond)
    ->Complexity(benchmark::oN);

}  // namespace

BENCHMARK_MAIN();
