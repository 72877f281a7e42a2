// Evaluation speed: the engine on the Copenhagen and Kolding policies (one record, batches, two
// threads) against a hand-written C++ function of the Copenhagen policy, in the same run; and a
// policy of three working-day deadlines (issue 13: at least a third of Copenhagen's records/s); and
// a policy that counts police reports in a 12-month window over lists of 0-8 reports (likewise).
#include <benchmark/benchmark.h>

#include <array>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "copenhagen_baseline.hpp"
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

const date as_of = *date::parse("2020-06-01");

std::vector<facts> decode_all(const program& prog) {
  record_decoder decoder(prog);
  std::vector<facts> out(cases().size());
  for (std::size_t i = 0; i < cases().size(); ++i) {
    const auto& c = cases()[i];
    std::pair<std::string_view, field_value> fields[] = {
        {"id", field_value::text(c.id)},
        {"birth_date", field_value::text(c.birth_date)},
        {"category", field_value::text(c.category)},
        {"assessed_category_3_or_4", field_value::text(c.assessed)},
        {"state_signal", field_value::text(c.state_signal)},
        {"local_offer_signal", field_value::text(c.local_offer)},
        {"benefit_status", field_value::text(c.benefit_status)},
        {"plan_approved_on", field_value::text(c.plan_approved_on)}};
    decoder.decode(fields, out[i]);
  }
  return out;
}

const std::vector<facts>& copenhagen_facts() {
  static const auto f = decode_all(copenhagen());
  return f;
}

std::vector<bench::baseline::record> baseline_records() {
  std::vector<bench::baseline::record> out;
  for (const auto& c : cases()) {
    bench::baseline::record r;
    date birth = *date::parse(c.birth_date);
    ymd parts = birth.to_ymd();
    r.birth = birth.days();
    r.birth_year = static_cast<std::int16_t>(parts.year);
    r.birth_month = static_cast<std::int8_t>(parts.month);
    r.birth_day = static_cast<std::int8_t>(parts.day);
    r.category = static_cast<std::int8_t>(c.category.empty() ? 0 : std::stoi(c.category));
    r.assessed = !c.assessed.empty();
    r.state_signal = !c.state_signal.empty();
    r.local_offer = !c.local_offer.empty();
    r.self_supporting = c.benefit_status == "self_supporting";
    if (!c.plan_approved_on.empty()) r.approved = date::parse(c.plan_approved_on)->days();
    out.push_back(r);
  }
  return out;
}

// The hand-written function: the yardstick.
void BM_CopenhagenHandWritten(benchmark::State& state) {
  const auto records = baseline_records();
  ymd on = as_of.to_ymd();
  bench::baseline::evaluation_date when{as_of.days(), on.year, on.month, on.day};
  std::vector<bench::baseline::result> results(records.size());
  for (auto _ : state) {
    for (std::size_t i = 0; i < records.size(); ++i) {
      results[i] = bench::baseline::evaluate(records[i], when);
    }
    benchmark::DoNotOptimize(results.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * records.size()));
}
BENCHMARK(BM_CopenhagenHandWritten)->Unit(benchmark::kMillisecond);

// One record at a time through `evaluate`: the latency a request path sees.
void BM_CopenhagenSingle(benchmark::State& state) {
  const auto& records = copenhagen_facts();
  std::size_t i = 0;
  for (auto _ : state) {
    decision d = evaluate(copenhagen(), records[i], as_of);
    benchmark::DoNotOptimize(d);
    if (++i == records.size()) i = 0;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_CopenhagenSingle);

// The same with the explanation of every output (`evaluate_options::explain`): beside
// BM_CopenhagenSingle, it shows that explanations cost nothing unless asked for.
void BM_CopenhagenSingleExplain(benchmark::State& state) {
  const auto& records = copenhagen_facts();
  const evaluate_options explain{.explain = true};
  std::size_t i = 0;
  std::size_t steps = 0;
  for (auto _ : state) {
    decision d = evaluate(copenhagen(), records[i], as_of, explain);
    steps += d.explanation().size();
    benchmark::DoNotOptimize(d);
    if (++i == records.size()) i = 0;
  }
  if (steps == 0) throw std::runtime_error("no explanation was recorded");
  state.counters["steps_per_record"] =
      static_cast<double>(steps) / static_cast<double>(state.iterations());
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_CopenhagenSingleExplain);

const record_batch& copenhagen_batch() {
  static const record_batch batch = [] {
    record_batch b(copenhagen());
    b.reserve(copenhagen_facts().size());
    for (const facts& f : copenhagen_facts()) b.push_back(f);
    return b;
  }();
  return batch;
}

// A register of pre-decoded records into columns, all outputs: the fast path. Arg: threads.
void BM_CopenhagenBatch(benchmark::State& state) {
  const record_batch& records = copenhagen_batch();
  result_batch out;
  for (auto _ : state) {
    evaluate_batch(copenhagen(), records, as_of, out, static_cast<unsigned>(state.range(0)));
    benchmark::DoNotOptimize(out.column(0).data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * records.size()));
}
BENCHMARK(BM_CopenhagenBatch)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// Three working-day deadlines over the Danish holidays and closing days of the policy's own.
const program& deadlines() {
  static const program prog = [] {
    load_result r = load_string(R"(id: deadlines
effective: {from: 2010-01-01}
calendar:
  working_days:
    holidays: denmark
    closed:
      - {name: Grundlovsdag, date: 06-05}
      - {name: Fredag efter Kristi himmelfartsdag, easter: 40}
      - {name: Juleaftensdag, date: 12-24}
inputs:
  notified_on: date
  placement_ended_on: {type: date, optional: true}
outputs:
  acknowledge_by: add_working_days(notified_on, 6)
  investigation_ends: working_day_on_or_after(add_months(notified_on, 4))
  aftercare_due:
    type: date
    cases:
      - when: present(placement_ended_on)
        then: add_working_days(placement_ended_on, 10)
      - otherwise: missing
)",
                                "deadlines.yaml");
    if (!r.ok()) throw std::runtime_error("the deadlines policy does not load");
    return std::move(r.prog);
  }();
  return prog;
}

const record_batch& deadlines_batch() {
  static const record_batch batch = [] {
    std::mt19937 rng(13);
    std::uniform_int_distribution<std::int32_t> days(date::from_ymd(2015, 1, 1)->days(),
                                                     date::from_ymd(2030, 12, 31)->days());
    record_decoder decoder(deadlines());
    record_batch b(deadlines());
    b.reserve(register_size);
    facts f;
    for (std::size_t i = 0; i < register_size; ++i) {
      std::string notified = date::from_days(days(rng)).to_string();
      std::string ended = i % 3 == 0 ? std::string() : date::from_days(days(rng)).to_string();
      std::pair<std::string_view, field_value> fields[] = {
          {"notified_on", field_value::text(notified)},
          {"placement_ended_on", field_value::text(ended)}};
      decoder.decode(fields, f);
      b.push_back(f);
    }
    return b;
  }();
  return batch;
}

// The register of working-day deadlines as BM_CopenhagenBatch runs Copenhagen's. Arg: threads.
void BM_WorkingDayDeadlinesBatch(benchmark::State& state) {
  const record_batch& records = deadlines_batch();
  result_batch out;
  for (auto _ : state) {
    evaluate_batch(deadlines(), records, as_of, out, static_cast<unsigned>(state.range(0)));
    benchmark::DoNotOptimize(out.column(0).data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * records.size()));
}
BENCHMARK(BM_WorkingDayDeadlinesBatch)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// ---- Lists: police reports in a 12-month window, the example of docs/rule-language.md
// ("Lists") with a birth date and an age band beside it. The two counts over the reports are
// most of the work.

const program& police_reports() {
  static const program prog = [] {
    load_result r = load_string(R"(id: police-reports
effective: {from: 2010-01-01}
inputs:
  birth_date: date
  police_reports:
    type: list
    of:
      date: date
      kind: {type: enum, values: [vold, tyveri, andet]}
outputs:
  age: age(birth_date, as_of)
  age_band:
    type: enum
    values: [child, youth, adult]
    cases:
      - when: age < 15
        then: child
      - when: age < 18
        then: youth
      - otherwise: adult
  reports_12m: count(r in police_reports where r.date > add_months(as_of, -12) and r.date <= as_of)
  heightened: count(r in police_reports where r.date > add_months(as_of, -12) and r.date <= as_of) >= 2
)",
                                "police-reports.yaml");
    if (!r.ok()) throw std::runtime_error("the police-reports policy does not load");
    return std::move(r.prog);
  }();
  return prog;
}

const char* const report_kinds[] = {"vold", "tyveri", "andet"};

struct police_case {
  date birth;
  std::vector<std::pair<date, int>> reports;  // (date, index into report_kinds)
};

// Births 1996-2012 (8 to 24 years old on as_of), 0-8 reports each (uniform: 4 on average), their
// dates uniform over the three years 2018-06-01 .. 2021-05-31 around as_of (a third in the
// window), kinds uniform.
const std::vector<police_case>& police_cases() {
  static const std::vector<police_case> c = [] {
    std::mt19937 rng(2024);
    auto pick = [&](std::int32_t lo, std::int32_t hi) {
      return std::uniform_int_distribution<std::int32_t>(lo, hi)(rng);
    };
    const std::int32_t first_birth = date::from_ymd(1996, 1, 1)->days();
    const std::int32_t last_birth = date::from_ymd(2012, 5, 31)->days();
    const std::int32_t first_report = date::from_ymd(2018, 6, 1)->days();
    const std::int32_t last_report = date::from_ymd(2021, 5, 31)->days();
    std::vector<police_case> out(register_size);
    for (police_case& p : out) {
      p.birth = date::from_days(pick(first_birth, last_birth));
      p.reports.resize(static_cast<std::size_t>(pick(0, 8)));
      for (auto& [on, kind] : p.reports) {
        on = date::from_days(pick(first_report, last_report));
        kind = pick(0, 2);
      }
    }
    return out;
  }();
  return c;
}

const record_batch& police_reports_batch() {
  static const record_batch batch = [] {
    record_decoder decoder(police_reports());
    record_batch b(police_reports());
    b.reserve(police_cases().size());
    facts f;
    using item_fields = std::array<std::pair<std::string_view, field_value>, 2>;
    std::vector<item_fields> fields_of_items;
    std::vector<field_value> items;
    for (const police_case& p : police_cases()) {
      fields_of_items.resize(p.reports.size());  // sized first: `items` views them
      items.clear();
      for (std::size_t k = 0; k < p.reports.size(); ++k) {
        fields_of_items[k] = {{{"date", field_value::of_date(p.reports[k].first)},
                               {"kind", field_value::string(report_kinds[p.reports[k].second])}}};
        items.push_back(field_value::record(fields_of_items[k]));
      }
      std::pair<std::string_view, field_value> fields[] = {
          {"birth_date", field_value::of_date(p.birth)},
          {"police_reports", field_value::list(items)}};
      decoder.decode(fields, f);
      if (f.error() || !f.input_errors().empty()) {
        throw std::runtime_error("a police-reports record does not decode");
      }
      b.push_back(f);
    }
    return b;
  }();
  return batch;
}

// The outputs computed by brute force from the generated cases, compared with the engine's for
// every record: "" when they agree, else what differs first.
std::string check_police_results(const result_batch& out) {
  const auto& cases = police_cases();
  if (out.size() != cases.size()) return "wrong number of results";
  auto column_of = [&](std::string_view name) {
    for (std::size_t j = 0; j < out.names().size(); ++j) {
      if (out.names()[j] == name) return j;
    }
    throw std::runtime_error("no output " + std::string(name));
  };
  const std::size_t age = column_of("age");
  const std::size_t band = column_of("age_band");
  const std::size_t count = column_of("reports_12m");
  const std::size_t heightened = column_of("heightened");
  const std::int32_t window_from = date::from_ymd(2019, 6, 1)->days();  // add_months(as_of, -12)
  const ymd on = as_of.to_ymd();
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const police_case& p = cases[i];
    if (!out.ok(i)) return "record " + std::to_string(i) + " failed";
    const ymd born = p.birth.to_ymd();
    std::int64_t years = on.year - born.year;
    if (on.month < born.month || (on.month == born.month && on.day < born.day)) --years;
    const char* expected_band = years < 15 ? "child" : years < 18 ? "youth" : "adult";
    std::int64_t n = 0;
    for (const auto& [d, kind] : p.reports) {
      n += d.days() > window_from && d.days() <= as_of.days() ? 1 : 0;
    }
    const std::string where = " of record " + std::to_string(i);
    if (out.column(age)[i] != years) return "wrong age" + where;
    if (out.enum_names()[static_cast<std::size_t>(out.column(band)[i])] != expected_band) {
      return "wrong age_band" + where;
    }
    if (out.column(count)[i] != n) return "wrong reports_12m" + where;
    if (out.column(heightened)[i] != (n >= 2 ? 1 : 0)) return "wrong heightened" + where;
  }
  return {};
}

// The register of police reports as BM_CopenhagenBatch runs Copenhagen's. Arg: threads.
void BM_PoliceReportsWindowBatch(benchmark::State& state) {
  const record_batch& records = police_reports_batch();
  const auto threads = static_cast<unsigned>(state.range(0));
  result_batch out;
  evaluate_batch(police_reports(), records, as_of, out, threads);
  if (std::string wrong = check_police_results(out); !wrong.empty()) {
    state.SkipWithError(wrong.c_str());
    return;
  }
  for (auto _ : state) {
    evaluate_batch(police_reports(), records, as_of, out, threads);
    benchmark::DoNotOptimize(out.column(0).data());
  }
  if (std::string wrong = check_police_results(out); !wrong.empty()) {
    state.SkipWithError(wrong.c_str());
  }
  std::size_t reports = 0;
  for (const police_case& p : police_cases()) reports += p.reports.size();
  state.counters["reports_per_record"] =
      static_cast<double>(reports) / static_cast<double>(records.size());
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * records.size()));
}
BENCHMARK(BM_PoliceReportsWindowBatch)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The convenience batch: a `decision` object per record.
void BM_CopenhagenBatchOfDecisions(benchmark::State& state) {
  const auto& records = copenhagen_facts();
  for (auto _ : state) {
    auto out = evaluate_batch(copenhagen(), records, as_of, static_cast<unsigned>(state.range(0)));
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * records.size()));
}
BENCHMARK(BM_CopenhagenBatchOfDecisions)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

// The convenience batch with explanations.
void BM_CopenhagenBatchOfDecisionsExplain(benchmark::State& state) {
  const auto& records = copenhagen_facts();
  const evaluate_options explain{.explain = true};
  for (auto _ : state) {
    auto out = evaluate_batch(copenhagen(), records, as_of, static_cast<unsigned>(state.range(0)),
                              explain);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * records.size()));
}
BENCHMARK(BM_CopenhagenBatchOfDecisionsExplain)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// ---- Kolding: a register of children and young people, 2 to 30 years old on the evaluation
// date, some with criminal behaviour or poor living conditions (the SSP+ criteria).

struct kolding_case {
  std::string id;
  std::string birth_date;
  std::string criminal_behaviour;      // "" absent (default false)
  std::string poor_living_conditions;  // likewise
};

const std::vector<kolding_case>& kolding_cases() {
  static const std::vector<kolding_case> c = [] {
    std::mt19937 rng(2022);
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    const date first = *date::from_ymd(1994, 6, 1);
    std::vector<kolding_case> out;
    out.reserve(register_size);
    for (std::size_t i = 0; i < register_size; ++i) {
      kolding_case k;
      k.id = "kol-" + std::to_string(i);
      k.birth_date = date::from_days(first.days() + pick(0, 28 * 365)).to_string();
      int flags = pick(0, 11);
      k.criminal_behaviour = flags == 0 ? "true" : flags == 1 ? "false" : "";
      k.poor_living_conditions = flags == 2 || flags == 3 ? "true" : "";
      out.push_back(std::move(k));
    }
    return out;
  }();
  return c;
}

const date kolding_as_of = *date::parse("2024-06-01");

const program& kolding() {
  static const program prog = load_or_throw(SSPRULES_SOURCE_DIR "/rules/kolding/ssp.yaml");
  return prog;
}

const std::vector<facts>& kolding_facts() {
  static const std::vector<facts> f = [] {
    record_decoder decoder(kolding());
    std::vector<facts> out(kolding_cases().size());
    for (std::size_t i = 0; i < out.size(); ++i) {
      const auto& k = kolding_cases()[i];
      auto text_or_absent = [](const std::string& s) {
        return s.empty() ? field_value::absent() : field_value::text(s);
      };
      std::pair<std::string_view, field_value> fields[] = {
          {"id", field_value::text(k.id)},
          {"birth_date", field_value::text(k.birth_date)},
          {"criminal_behaviour", text_or_absent(k.criminal_behaviour)},
          {"poor_living_conditions", text_or_absent(k.poor_living_conditions)}};
      decoder.decode(fields, out[i]);
    }
    return out;
  }();
  return f;
}

const record_batch& kolding_batch() {
  static const record_batch batch = [] {
    record_batch b(kolding());
    b.reserve(kolding_facts().size());
    for (const facts& f : kolding_facts()) b.push_back(f);
    return b;
  }();
  return batch;
}

void BM_KoldingSingle(benchmark::State& state) {
  const auto& records = kolding_facts();
  std::size_t i = 0;
  for (auto _ : state) {
    decision d = evaluate(kolding(), records[i], kolding_as_of);
    benchmark::DoNotOptimize(d);
    if (++i == records.size()) i = 0;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_KoldingSingle);

// The Kolding register into columns, all outputs. Arg: threads.
void BM_KoldingBatch(benchmark::State& state) {
  const record_batch& records = kolding_batch();
  result_batch out;
  for (auto _ : state) {
    evaluate_batch(kolding(), records, kolding_as_of, out, static_cast<unsigned>(state.range(0)));
    benchmark::DoNotOptimize(out.column(0).data());
  }
  std::size_t failed = 0;
  for (std::size_t i = 0; i < out.size(); ++i) failed += out.ok(i) ? 0 : 1;
  if (failed != 0) throw std::runtime_error("some Kolding records failed");
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * records.size()));
}
BENCHMARK(BM_KoldingBatch)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
