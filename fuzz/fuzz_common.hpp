// Shared by the libFuzzer targets: what to do with a loaded program and a decoded record so
// that every stage behind `evaluate` runs, and the invariants checked on the way. A broken
// invariant aborts, which libFuzzer reports as a crash with the input that caused it.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "ssprules/ssprules.hpp"

namespace ssprules_fuzz {

/// Aborts with a message when `cond` is false (also in builds without SSPRULES_ASSERT).
#define SSPRULES_FUZZ_CHECK(cond, what)                                      \
  do {                                                                       \
    if (!(cond)) {                                                           \
      std::fprintf(stderr, "fuzz invariant broken: %s (%s)\n", what, #cond); \
      std::abort();                                                          \
    }                                                                        \
  } while (false)

/// An evaluation date inside the policy's first period when it has one, else `fallback`.
inline ssprules::date date_in_force(const ssprules::program& prog, ssprules::date fallback) {
  for (const auto& p : prog.effective()) {
    if (p.from) return *p.from;
    if (p.to) return *p.to;
  }
  return fallback;
}

/// Evaluates one record (with the explanation), renders it every way the CLI does, and checks
/// that the decision is consistent. Returns the JSON line.
inline std::string exercise(const ssprules::program& prog, const ssprules::facts& record,
                            ssprules::date as_of) {
  ssprules::decision d = ssprules::evaluate(prog, record, as_of, {.explain = true});
  SSPRULES_FUZZ_CHECK(d.names().size() == prog.outputs().size(), "one name per output");
  SSPRULES_FUZZ_CHECK(d.values().size() == prog.outputs().size(), "one value per output");
  SSPRULES_FUZZ_CHECK(d.ok() == !d.error().has_value(), "ok() iff no error");
  if (d.error()) SSPRULES_FUZZ_CHECK(!d.error()->code.empty(), "an error has a code");
  std::string json = d.to_json();
  SSPRULES_FUZZ_CHECK(!json.empty() && json.front() == '{' && json.back() == '}',
                      "to_json is one object");
  (void)d.explain_text(ssprules::language::en);
  (void)d.explain_text(ssprules::language::da);
  (void)d.explanation_json();
  // the plain evaluation (no explanation) must decide the same
  ssprules::decision plain = ssprules::evaluate(prog, record, as_of);
  SSPRULES_FUZZ_CHECK(plain.to_json() == json, "explain does not change the decision");
  return json;
}

/// Every record.
inline constexpr std::size_t all_records = static_cast<std::size_t>(-1);

/// Evaluates records one by one and as a `record_batch` (the columnar path, which has an
/// evaluator of its own) on `as_of`; the two must give the same JSON for every record. Record
/// `explained` (or every record: `all_records`) goes through `exercise` (the explanation,
/// rendered every way), the others through a plain `evaluate`.
inline void evaluate_both_ways(const ssprules::program& prog,
                               const std::vector<ssprules::facts>& records, ssprules::date as_of,
                               std::size_t explained = all_records) {
  ssprules::record_batch batch(prog);
  std::vector<std::string> lines;
  for (std::size_t i = 0; i < records.size(); ++i) {
    lines.push_back(explained == all_records || i == explained
                        ? exercise(prog, records[i], as_of)
                        : ssprules::evaluate(prog, records[i], as_of).to_json());
    batch.push_back(records[i]);
  }
  ssprules::result_batch columns;
  ssprules::evaluate_batch(prog, batch, as_of, columns, 1);
  SSPRULES_FUZZ_CHECK(columns.size() == lines.size(), "one batch result per record");
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string id = batch.id(i);
    std::string from_batch = columns.to_json(i, batch.has_id(i) ? &id : nullptr);
    if (from_batch != lines[i]) {
      std::fprintf(stderr, "record %zu: evaluate %s\n           batch    %s\n", i, lines[i].c_str(),
                   from_batch.c_str());
      SSPRULES_FUZZ_CHECK(false, "evaluate and evaluate_batch agree");
    }
  }
}

}  // namespace ssprules_fuzz
