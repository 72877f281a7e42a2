// Unit tests for diff.hpp: two versions of a policy on the same records — exact counts per
// output and value pair, error status changes, inputs and outputs of one version only, the
// first N changed records with explanations, bounded memory, and the text report.
#include "ssprules/diff.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ssprules/compile.hpp"
#include "ssprules/error.hpp"
#include "ssprules/reader.hpp"
#include "ssprules/record.hpp"
#include "test_support.hpp"

namespace {

using ssprules::date;
using ssprules::diff_report;
using ssprules::facts;
using ssprules::field_value;
using ssprules::policy_diff;
using ssprules::program;
using ssprules::value_change;
using ssprules::test_support::day;
using ssprules::test_support::decode;
using ssprules::test_support::load_text;

using fields = ssprules::test_support::text_fields;

// The old version: grants for adults with an income under 300, in two bands.
const char* const old_grants = R"(id: grants
version: "1"
effective: {from: 2020-01-01}
inputs:
  age: {type: integer, min: 0, max: 120}
  income: integer
outputs:
  eligible: age >= 18 and income < 300
  band:
    type: enum
    values: [low, high]
    cases:
      - when: income < 200
        then: low
      - otherwise: high
  legacy_code: 7
)";

// The new version: the income limit raised to 400, only residents, the band limit moved to 250,
// in force a year earlier; `legacy_code` dropped, `review` added.
const char* const new_grants = R"(id: grants
version: "2"
effective: {from: 2019-01-01}
inputs:
  age: {type: integer, min: 0, max: 120}
  income: integer
  resident: bool
outputs:
  eligible: age >= 18 and income < 400 and resident
  band:
    type: enum
    values: [low, high]
    cases:
      - when: income < 250
        then: low
      - otherwise: high
  review: add_months(as_of, 12)
)";

// Nine records; the comment says what each does (old -> new).
std::vector<fields> grant_records() {
  return {
      {{"id", "r1"}, {"age", "30"}, {"income", "100"}, {"resident", "true"}},  // unchanged
      {{"id", "r2"}, {"age", "30"}, {"income", "350"}, {"resident", "true"}},  // eligible f -> t
      {{"id", "r3"}, {"age", "17"}, {"income", "350"}, {"resident", "true"}},  // unchanged
      {{"id", "r4"}, {"age", "30"}, {"income", "220"}, {"resident", "true"}},  // band high -> low
      {{"id", "r5"}, {"age", "30"}, {"income", "320"}, {"resident", "true"}},  // eligible f -> t
      {{"id", "r6"}, {"age", "30"}, {"income", "100"}},  // new: resident missing (SR1001)
      {{"id", "r7"}, {"age", "30"}, {"income", "100"}, {"resident", "false"}},  // eligible t -> f
      {{"id", "r8"}, {"age", "x"}, {"income", "100"}, {"resident", "true"}},    // both: SR1002
      {{"id", "r9"},
       {"as_of", "2019-06-01"},
       {"age", "30"},
       {"income", "100"},
       {"resident", "true"}},  // old: not in force (SR1006); new: ok
  };
}

diff_report diff_grants(std::size_t keep) {
  program old_prog = load_text(old_grants);
  program new_prog = load_text(new_grants);
  policy_diff diff(old_prog, new_prog, keep);
  for (const fields& raw : grant_records()) {
    diff.add(decode(old_prog, raw), decode(new_prog, raw), day("2021-03-01"));
  }
  return diff.report();
}

const ssprules::output_diff& output(const diff_report& r, const std::string& name) {
  for (const auto& o : r.outputs) {
    if (o.output == name) return o;
  }
  throw std::runtime_error("no output " + name);
}

void expect_change(const value_change& c, const char* from, const char* to, std::size_t n) {
  EXPECT_EQ(c.from, from);
  EXPECT_EQ(c.to, to);
  EXPECT_EQ(c.records, n) << from << " -> " << to;
}

TEST(Diff, CountsEveryChangePerOutputAndPair) {
  diff_report r = diff_grants(10);
  EXPECT_EQ(r.old_label, "grants 1");
  EXPECT_EQ(r.new_label, "grants 2");
  EXPECT_EQ(r.records, 9U);
  EXPECT_EQ(r.changed_records, 6U) << "r2, r4, r5, r6, r7, r9";
  ASSERT_EQ(r.outputs.size(), 2U) << "eligible and band; legacy_code and review are one-sided";
  EXPECT_EQ(r.outputs[0].output, "eligible");
  EXPECT_EQ(r.outputs[1].output, "band");

  const auto& eligible = output(r, "eligible");
  EXPECT_EQ(eligible.changed, 3U);
  ASSERT_EQ(eligible.changes.size(), 2U);
  expect_change(eligible.changes[0], "false", "true", 2);  // most records first
  expect_change(eligible.changes[1], "true", "false", 1);
  EXPECT_EQ(eligible.other_changes, 0U);

  const auto& band = output(r, "band");
  EXPECT_EQ(band.changed, 1U);
  ASSERT_EQ(band.changes.size(), 1U);
  expect_change(band.changes[0], "high", "low", 1);
}

TEST(Diff, ErrorStatusChangesAreCountedOnce) {
  diff_report r = diff_grants(10);
  ASSERT_EQ(r.status_changes.size(), 2U);
  expect_change(r.status_changes[0], "error SR1006", "ok", 1);  // r9: in force a year earlier
  expect_change(r.status_changes[1], "ok", "error SR1001", 1);  // r6: `resident` missing
  // r6 and r9 change every common output, but only as status changes
  EXPECT_EQ(output(r, "eligible").changed, 3U);
  EXPECT_EQ(output(r, "band").changed, 1U);
}

TEST(Diff, InputsAndOutputsOfOneVersion) {
  diff_report r = diff_grants(10);
  EXPECT_EQ(r.only_old_outputs, std::vector<std::string>{"legacy_code"});
  EXPECT_EQ(r.only_new_outputs, std::vector<std::string>{"review"});
  EXPECT_TRUE(r.only_old_inputs.empty());
  EXPECT_EQ(r.only_new_inputs, std::vector<std::string>{"resident"});
}

TEST(Diff, KeepsTheFirstChangedRecordsWithExplanations) {
  diff_report r = diff_grants(3);
  EXPECT_EQ(r.changed_records, 6U) << "counting goes on after the kept records";
  ASSERT_EQ(r.first_changed.size(), 3U);
  EXPECT_EQ(r.first_changed[0].id, "r2");
  EXPECT_EQ(r.first_changed[0].index, 1U);
  EXPECT_EQ(r.first_changed[0].outputs, std::vector<std::string>{"eligible"});
  EXPECT_EQ(r.first_changed[1].id, "r4");
  EXPECT_EQ(r.first_changed[1].index, 3U);
  EXPECT_EQ(r.first_changed[1].outputs, std::vector<std::string>{"band"});
  EXPECT_EQ(r.first_changed[2].id, "r5");

  const auto& kept = r.first_changed[0];
  EXPECT_EQ(kept.old_decision.find("eligible")->to_string(), "false");
  EXPECT_EQ(kept.new_decision.find("eligible")->to_string(), "true");
  EXPECT_EQ(kept.old_decision.explanation().size(), 3U) << "evaluated again, with explain";
  EXPECT_EQ(kept.new_decision.explanation().size(), 3U);
  EXPECT_NE(kept.new_decision.explain_text().find("using age = 30, income = 350, resident = true"),
            std::string::npos)
      << kept.new_decision.explain_text();
}

TEST(Diff, RecordsWithErrorsAreKeptWithTheirErrors) {
  diff_report r = diff_grants(10);
  ASSERT_EQ(r.first_changed.size(), 6U);
  const auto& r6 = r.first_changed[3];
  EXPECT_EQ(r6.id, "r6");
  EXPECT_TRUE(r6.old_decision.ok());
  ASSERT_FALSE(r6.new_decision.ok());
  EXPECT_EQ(r6.new_decision.error()->code, "SR1001");
  EXPECT_EQ(r6.new_decision.error()->field, "resident");
  // band does not read the missing input, but a record with an error has no outputs at all
  EXPECT_EQ(r6.outputs, (std::vector<std::string>{"eligible", "band"}));
  const auto& r9 = r.first_changed[5];
  EXPECT_EQ(r9.id, "r9");
  EXPECT_EQ(r9.old_decision.error()->code, "SR1006");
  EXPECT_EQ(r9.new_decision.as_of(), day("2019-06-01")) << "the record's own as_of wins";
}

TEST(Diff, NothingKeptWhenKeepIsZero) {
  diff_report r = diff_grants(0);
  EXPECT_EQ(r.changed_records, 6U);
  EXPECT_TRUE(r.first_changed.empty());
}

TEST(Diff, SameVersionChangesNothing) {
  program prog = load_text(old_grants);
  policy_diff diff(prog, prog);
  for (const fields& raw : grant_records()) {
    facts f = decode(prog, raw);
    diff.add(f, f, day("2021-03-01"));
  }
  diff_report r = diff.report();
  EXPECT_EQ(r.records, 9U);
  EXPECT_EQ(r.changed_records, 0U) << "records with errors keep the same error";
  EXPECT_TRUE(r.status_changes.empty());
  EXPECT_TRUE(r.first_changed.empty());
  for (const auto& o : r.outputs) EXPECT_EQ(o.changed, 0U) << o.output;
  EXPECT_NE(ssprules::to_text(r).find("9 records compared: no record changes"), std::string::npos);
}

TEST(Diff, PairsPerOutputAreBoundedSoMemoryStaysFlat) {
  program old_prog = load_text(R"(id: shift
effective: {from: 2020-01-01}
inputs:
  d: date
outputs:
  due: add_days(d, 1)
  year_of: year(d)
)");
  program new_prog = load_text(R"(id: shift
effective: {from: 2020-01-01}
inputs:
  d: date
outputs:
  due: add_days(d, 2)
  year_of: year(d)
)");
  policy_diff diff(old_prog, new_prog, 5);
  date start = day("2020-01-01");
  const std::size_t n = 200;
  for (std::size_t i = 0; i < n; ++i) {
    std::string d = date::from_days(start.days() + static_cast<std::int32_t>(i)).to_string();
    fields raw{{"d", d}};
    diff.add(decode(old_prog, raw), decode(new_prog, raw), day("2021-01-01"));
  }
  diff_report r = diff.report();
  EXPECT_EQ(r.changed_records, n);
  const auto& due = output(r, "due");
  EXPECT_EQ(due.changed, n) << "every record counted";
  ASSERT_EQ(due.changes.size(), policy_diff::max_pairs) << "but only so many pairs kept";
  EXPECT_EQ(due.other_changes, n - policy_diff::max_pairs);
  expect_change(due.changes[0], "2020-01-02", "2020-01-03", 1);
  EXPECT_EQ(output(r, "year_of").changed, 0U);
  EXPECT_EQ(r.first_changed.size(), 5U) << "only `keep` records are kept";
  EXPECT_EQ(r.first_changed[4].index, 4U);
  EXPECT_NE(ssprules::to_text(r).find("     150  other changes\n"), std::string::npos);
}

TEST(Diff, RejectsAnInvalidProgram) {
  EXPECT_THROW(policy_diff d(program{}, load_text(old_grants)), ssprules::error);
}

// Counts the characters (code points) of a line of UTF-8.
std::size_t width_of(std::string_view line) {
  std::size_t n = 0;
  for (char c : line) n += (static_cast<unsigned char>(c) & 0xC0U) != 0x80U ? 1 : 0;
  return n;
}

TEST(Diff, TextReportShowsCountsAndExplanationsSideBySide) {
  std::string text = ssprules::to_text(diff_grants(10));
  for (const char* part : {
           "old: grants 1\nnew: grants 2\n",
           "outputs only in the old version: legacy_code\n",
           "outputs only in the new version: review\n",
           "inputs only the new version reads: resident\n",
           "9 records compared: 6 records change\n",
           "eligible: 3 records change\n       2  false -> true\n       1  true -> false\n",
           "band: 1 record changes\n       1  high -> low\n",
           "error status: 2 records change (their outputs are not counted above)\n"
           "       1  error SR1006 -> ok\n       1  ok -> error SR1001\n",
           "the first 6 of 6 changed records, with the rules whose outcome changes:\n",
           "== r2 (record 2, as of 2021-03-01)\n  eligible: false -> true\n",
           "== r6 (record 6, as of 2021-03-01)\n",
           "  error status: ok -> error SR1001\n",
           "missing required input `resident`",
           "(not shown: 1 rule with the same outcome in both versions, and the outputs review, "
           "legacy_code of one version only)\n",
       }) {
    EXPECT_NE(text.find(part), std::string::npos) << part << "\n---\n" << text;
  }
  // r2's eligible, old on the left, new on the right
  EXPECT_NE(text.find("  output eligible = false"), std::string::npos);
  std::size_t row = text.find("  output eligible = false");
  std::string line = text.substr(row, text.find('\n', row) - row);
  EXPECT_NE(line.find(" | output eligible = true"), std::string::npos) << line;
}

TEST(Diff, TextReportKeepsToItsWidth) {
  program old_prog =
      ssprules::load(std::string(SSPRULES_SOURCE_DIR) + "/rules/copenhagen/ssp-plus.yaml").prog;
  program new_prog =
      ssprules::load(std::string(SSPRULES_SOURCE_DIR) + "/tests/cli/ssp-plus-2026.yaml").prog;
  ASSERT_TRUE(old_prog.valid() && new_prog.valid());
  // the Copenhagen cases, read once per version in step
  std::string cases = std::string(SSPRULES_SOURCE_DIR) + "/examples/copenhagen-cases.csv";
  std::ifstream old_in(cases);
  std::ifstream new_in(cases);
  ssprules::record_reader old_reader(old_in, ssprules::record_format::csv, old_prog);
  ssprules::record_reader new_reader(new_in, ssprules::record_format::csv, new_prog);
  policy_diff diff(old_prog, new_prog);
  facts a;
  facts b;
  while (old_reader.next(a) && new_reader.next(b)) diff.add(a, b, day("2026-12-01"));
  diff_report r = diff.report();

  EXPECT_EQ(r.records, 30U);
  EXPECT_EQ(r.changed_records, 2U);
  EXPECT_TRUE(r.status_changes.empty());
  EXPECT_EQ(r.only_new_outputs, std::vector<std::string>{"programme_end"});
  const auto& phase = output(r, "phase");
  ASSERT_EQ(phase.changes.size(), 1U);
  expect_change(phase.changes[0], "none", "ssp_plus", 2);
  const auto& status = output(r, "plan_status");
  ASSERT_EQ(status.changes.size(), 2U);
  expect_change(status.changes[0], "not_applicable", "approved_late", 1);
  expect_change(status.changes[1], "not_applicable", "overdue", 1);
  EXPECT_EQ(output(r, "age").changed, 0U);
  ASSERT_EQ(r.first_changed.size(), 2U);
  EXPECT_EQ(r.first_changed[0].id, "cph-0016");
  EXPECT_EQ(r.first_changed[1].id, "cph-0021");

  EXPECT_NE(ssprules::to_text(r).find(
                "unchanged outputs: age, target_group, intake_date, plan_deadline\n"),
            std::string::npos);
  for (std::size_t width : {80U, 120U, 160U}) {
    std::string text = ssprules::to_text(r, width);
    std::size_t start = text.find("== cph-0016");
    ASSERT_NE(start, std::string::npos);
    for (std::size_t at = start; at < text.size();) {
      std::size_t nl = text.find('\n', at);
      std::string_view line(text.data() + at, nl - at);
      EXPECT_LE(width_of(line), width) << line;
      EXPECT_TRUE(line.empty() || line.back() != ' ') << "no trailing blanks: " << line;
      at = nl + 1;
    }
    // a source passage (with æ, ø, å) wrapped rather than cut
    EXPECT_NE(text.find("ydelsesmodtager\""), std::string::npos) << text;
  }
}

}  // namespace
