// Unit tests for evaluate.hpp: batches, threads and concurrent use of one program.
#include "evaluate_support.hpp"

namespace {

// batches and threads

std::vector<facts> thousand_records(const program& prog) {
  std::vector<facts> records;
  records.reserve(1000);
  const char* statuses[] = {"recipient", "self_supporting"};
  for (int i = 0; i < 1000; ++i) {
    std::string id = "case-" + std::to_string(i);
    int year = 1985 + i % 20;
    int month = 1 + i % 12;
    int dom = 1 + i % 28;
    char birth[11];
    std::snprintf(birth, sizeof birth, "%04d-%02d-%02d", year, month, dom);
    std::string category = std::to_string(1 + i % 4);
    fields f = {{"id", id}, {"birth_date", birth}, {"benefit_status", statuses[i % 2]}};
    if (i % 5 != 0) f.emplace_back("category", category);
    if (i % 7 == 0) f.emplace_back("plan_approved_on", "2012-06-01");
    if (i % 97 == 0) f.emplace_back("as_of", "2009-01-01");  // not in force: an error decision
    records.push_back(decode(prog, f));
  }
  return records;
}

TEST(Batch, OneDecisionPerRecordInOrderWithOneAndFourThreads) {
  const program& prog = copenhagen();
  std::vector<facts> records = thousand_records(prog);
  date as_of = day("2012-03-01");
  std::vector<std::string> single;
  for (const facts& r : records) single.push_back(ssprules::evaluate(prog, r, as_of).to_json());
  for (unsigned threads : {1U, 4U}) {
    std::vector<decision> batch = ssprules::evaluate_batch(prog, records, as_of, threads);
    ASSERT_EQ(batch.size(), records.size()) << threads << " threads";
    for (std::size_t i = 0; i < batch.size(); ++i) {
      EXPECT_EQ(batch[i].id(), "case-" + std::to_string(i));
      EXPECT_EQ(batch[i].to_json(), single[i]) << "record " << i << ", " << threads << " threads";
    }
  }
  std::size_t errors = 0;
  for (const std::string& s : single) errors += s.find("\"error\"") != std::string::npos ? 1 : 0;
  EXPECT_EQ(errors, 11U) << "the records with as_of 2009-01-01";
}

TEST(Batch, ExplanationsInBatches) {
  const program& prog = copenhagen();
  std::vector<facts> records = thousand_records(prog);
  records.resize(100);
  auto batch = ssprules::evaluate_batch(prog, records, day("2012-03-01"), 4, {.explain = true});
  ASSERT_EQ(batch.size(), 100U);
  EXPECT_FALSE(batch[1].explanation().empty());
  EXPECT_EQ(
      batch[1].explain_text(),
      ssprules::evaluate(prog, records[1], day("2012-03-01"), {.explain = true}).explain_text());
}

TEST(Batch, EmptyAndZeroThreads) {
  const program& prog = copenhagen();
  EXPECT_TRUE(ssprules::evaluate_batch(prog, {}, day("2012-03-01"), 4).empty());
  std::vector<facts> records = thousand_records(prog);
  records.resize(10);
  auto batch = ssprules::evaluate_batch(prog, records, day("2012-03-01"), 0);
  ASSERT_EQ(batch.size(), 10U);
  EXPECT_EQ(batch[9].id(), "case-9");
}

// The columnar path (record_batch -> result_batch) against `evaluate`, record by record: a
// register of 40,000 records (several blocks per thread) with records not in force, missing and
// invalid inputs, and records with their own `as_of`.
TEST(Explain, DanishWordsAroundThePolicysOwnNames) {
  decision d = ssprules::evaluate(copenhagen(),
                                  decode(copenhagen(), {{"birth_date", "2008-02-29"},
                                                        {"category", "3"},
                                                        {"benefit_status", "self_supporting"}}),
                                  day("2025-03-01"), {.explain = true});
  ASSERT_TRUE(d.ok());
  std::string en = d.explain_text();
  std::string da = d.explain_text(ssprules::language::da);
  EXPECT_EQ(en, d.explain_text(ssprules::language::en));
  EXPECT_NE(en.find("output route = kui\n  decided by row 3 (line "), std::string::npos) << en;
  EXPECT_NE(da.find("resultat route = kui\n  afgjort af række 3 (linje "), std::string::npos) << da;
  EXPECT_NE(da.find("afgjort af tilfælde 1"), std::string::npos);
  EXPECT_NE(da.find("  ud fra eligible = true, benefit_status = self_supporting"),
            std::string::npos);
  EXPECT_NE(da.find("  kilde: kui-2019"), std::string::npos);
  EXPECT_EQ(da.find("decided by"), std::string::npos) << "no English words left";
  // the same lines, only the words differ
  EXPECT_EQ(std::count(en.begin(), en.end(), '\n'), std::count(da.begin(), da.end(), '\n'));
}

// A `collect` table whose 15 rows all match, each citing a source: the text shows the first
// rows and sources, then how many more; the JSON keeps them all.
TEST(Explain, LongListsOfRowsAndSourcesAreCutInTheText) {
  std::string rows;
  for (int i = 1; i <= 15; ++i) {
    rows += "        - when: [any]\n          then: " + std::to_string(i) +
            "\n          source: {doc: law, section: \"s" + std::to_string(i) + "\"}\n";
  }
  program prog = load_text(
      "id: many\ntitle: M\neffective: {from: 2020-01-01}\n"
      "sources:\n  law: {title: The law}\n"
      "inputs:\n  x: integer\noutputs:\n  all:\n    table:\n"
      "      hit: collect\n      columns: [x]\n      rows:\n" +
      rows);
  decision d = run(prog, "2021-01-01", {{"x", "1"}}, {.explain = true});
  ASSERT_TRUE(d.ok());
  std::string en = d.explain_text();
  std::string da = d.explain_text(ssprules::language::da);
  EXPECT_NE(en.find("  decided by rows 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 5 more (line "),
            std::string::npos)
      << en;
  EXPECT_NE(da.find("  afgjort af rækker 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 og 5 flere (linje "),
            std::string::npos)
      << da;
  EXPECT_NE(en.find("  source: law (The law), s10\n  source: and 5 more\n"), std::string::npos)
      << en;
  EXPECT_NE(da.find("  kilde: og 5 flere\n"), std::string::npos) << da;
  EXPECT_EQ(en.find("s11"), std::string::npos);
  std::string json = d.explanation_json();
  EXPECT_NE(json.find("rows 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15"), std::string::npos)
      << "the JSON is complete";
  EXPECT_NE(json.find("\"section\":\"s15\""), std::string::npos);
}

// Sensitivity follows the dependency graph: a value computed from a sensitive input is shown
// as present / absent, like the input; so is the case or row that decided when a condition
// reads one; outputs are shown (they are the decision), and what is computed from outputs.
const char* const sensitive_graph = R"(id: sensitive-graph
title: Values computed from sensitive inputs
effective: {from: 2020-01-01}
inputs:
  birth_date: {type: date, sensitive: true}
  cpr: {type: string, optional: true, sensitive: true}
  has_plan: bool
values:
  cpr_checked:
    type: bool
    expr: present(cpr)
  age_now: age(birth_date, as_of)
  plan_year: year(as_of)
outputs:
  adult:
    type: bool
    expr: age_now >= 18
  stage:
    type: enum
    values: [child, youth, grown]
    cases:
      - when: age_now < 15
        then: child
      - when: adult
        then: grown
      - otherwise: youth
  route:
    type: enum
    values: [plan, none]
    cases:
      - when: adult and has_plan
        then: plan
      - otherwise: none
  verified:
    type: bool
    expr: cpr_checked and has_plan
  since:
    type: integer
    expr: plan_year - 2000
)";

TEST(Sensitive, ValuesComputedFromASensitiveInputShowOnlyPresence) {
  program prog = load_text(sensitive_graph);
  decision d = run(prog, "2025-03-01",
                   {{"birth_date", "2009-05-14"}, {"cpr", "140509-1234"}, {"has_plan", "true"}},
                   {.explain = true});
  ASSERT_TRUE(d.ok());
  std::string en = d.explain_text();
  std::string da = d.explain_text(ssprules::language::da);
  std::string json = d.explanation_json();
  for (const std::string& text : {en, da, json}) {
    EXPECT_EQ(text.find("2009-05-14"), std::string::npos) << text;
    EXPECT_EQ(text.find("140509"), std::string::npos) << text;
    EXPECT_EQ(text.find("= 15"), std::string::npos) << "the age: " << text;
    EXPECT_EQ(text.find("age_now < 15\n"), std::string::npos) << "the case that decided: " << text;
  }
  EXPECT_NE(en.find("value cpr_checked = (present)\n"), std::string::npos) << en;
  EXPECT_NE(en.find("value age_now = (present)\n"), std::string::npos) << en;
  EXPECT_NE(en.find("using birth_date = (present), as_of = 2025-03-01"), std::string::npos) << en;
  EXPECT_NE(en.find("output adult = false\n  decided by expression (line 17)\n"
                    "    gives age_now >= 18\n  using age_now = (present)\n"),
            std::string::npos)
      << "an output is shown; what it used is not: " << en;
  EXPECT_NE(en.find("output stage = youth\n  decided by (not shown: it depends on a sensitive "
                    "input) (line 18)\n  using age_now = (present), adult = false\n"),
            std::string::npos)
      << en;
  EXPECT_NE(da.find("resultat stage = youth\n  afgjort af (vises ikke: afhænger af følsomme "
                    "oplysninger) (linje 18)\n"),
            std::string::npos)
      << da;
  EXPECT_NE(json.find("{\"rule\":\"stage\",\"output\":true,\"value\":\"youth\",\"decided_by\":"
                      "\"sensitive\",\"line\":18,"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find("\"rule\":\"cpr_checked\",\"output\":false,\"value\":\"(present)\""),
            std::string::npos)
      << json;
  // conditions on outputs show nothing more than the outputs; values of plain inputs as before
  EXPECT_NE(en.find("output route = none\n  decided by otherwise"), std::string::npos) << en;
  EXPECT_NE(en.find("using cpr_checked = (present), has_plan = true"), std::string::npos) << en;
  EXPECT_NE(en.find("value plan_year = 2025\n"), std::string::npos) << en;
  EXPECT_NE(en.find("output since = 25\n"), std::string::npos) << en;

  // a sensitive input the record lacks: nothing to hide
  decision without = run(prog, "2025-03-01", {{"birth_date", "2009-05-14"}, {"has_plan", "true"}},
                         {.explain = true});
  EXPECT_NE(without.explain_text().find("value cpr_checked = false\n"), std::string::npos)
      << without.explain_text();
  EXPECT_NE(without.explain_text().find("using cpr = (absent)\n"), std::string::npos)
      << without.explain_text();

  // a rule computed from a sensitive input that fails: the message names the expression only
  decision before = run(prog, "2021-01-01", {{"birth_date", "2022-05-14"}, {"has_plan", "true"}},
                        {.explain = true});
  ASSERT_FALSE(before.ok());
  EXPECT_EQ(before.error()->code, "SR1015");
  for (const std::string& text : {before.error()->message, before.to_json(), before.explain_text(),
                                  before.explanation_json()}) {
    EXPECT_EQ(text.find("2022"), std::string::npos) << text;
  }
}

TEST(ColumnBatch, SameAsEvaluateForEveryRecordWithOneTwoAndThreeThreads) {
  const program& prog = copenhagen();
  const std::vector<facts> base = thousand_records(prog);
  ssprules::record_batch batch(prog);
  std::vector<facts> records;
  for (int i = 0; i < 40'000; ++i) {
    if (i % 131 == 0) {  // a required input missing: some outputs fail, others do not
      records.push_back(decode(prog, {{"id", "missing-" + std::to_string(i)},
                                      {"category", "4"},
                                      {"benefit_status", "recipient"}}));
    } else if (i % 173 == 0) {  // an input out of its range
      records.push_back(decode(
          prog,
          {{"birth_date", "1995-01-01"}, {"category", "9"}, {"benefit_status", "recipient"}}));
    } else {
      records.push_back(base[static_cast<std::size_t>(i) % base.size()]);
    }
    batch.push_back(records.back());
  }
  ASSERT_EQ(batch.size(), records.size());
  const date as_of = day("2012-03-01");
  std::vector<std::string> expected_json;
  std::size_t failing = 0;
  for (const facts& r : records) {
    decision d = ssprules::evaluate(prog, r, as_of);
    failing += d.ok() ? 0 : 1;
    expected_json.push_back(d.to_json());
  }
  ASSERT_GT(failing, 600U) << "the register must hold records with errors";
  for (unsigned threads : {1U, 2U, 3U}) {
    ssprules::result_batch out;
    ssprules::evaluate_batch(prog, batch, as_of, out, threads);
    ASSERT_EQ(out.size(), records.size());
    std::size_t mismatches = 0;
    for (std::size_t i = 0; i < out.size(); ++i) {
      std::string id = batch.id(i);
      std::string got = out.to_json(i, batch.has_id(i) ? &id : nullptr);
      if (got != expected_json[i] && ++mismatches <= 3) {
        ADD_FAILURE() << threads << " threads, record " << i << ":\n  batch:    " << got
                      << "\n  evaluate: " << expected_json[i];
      }
      for (std::size_t j = 0; j < out.names().size(); ++j) {
        // the raw columns agree with the values
        bool present = out.states(j)[i] == 0;
        const value v = out.get(i, j);
        ASSERT_EQ(present, v.present()) << "record " << i << ", output " << j;
        if (!present) continue;
        const std::int64_t raw = out.column(j)[i];
        switch (v.kind()) {
          case ssprules::type_kind::enumeration:
            ASSERT_EQ(out.enum_names().at(static_cast<std::size_t>(raw)), v.as_string());
            break;
          case ssprules::type_kind::date:
            ASSERT_EQ(raw, v.as_date().days());
            break;
          case ssprules::type_kind::boolean:
            ASSERT_EQ(raw != 0, v.as_bool());
            break;
          default:
            ASSERT_EQ(raw, v.as_integer());
            break;
        }
      }
    }
    EXPECT_EQ(mismatches, 0U) << threads << " threads";
  }
}

TEST(Threads, SharedProgramGivesIdenticalResults) {
  const program& prog = copenhagen();
  std::vector<facts> records = thousand_records(prog);
  date as_of = day("2012-03-01");
  std::vector<std::string> expected_json;
  for (const facts& r : records) {
    expected_json.push_back(ssprules::evaluate(prog, r, as_of, {.explain = true}).to_json());
  }
  std::vector<std::vector<std::string>> got(8);
  std::vector<std::thread> pool;
  for (std::size_t t = 0; t < 8; ++t) {
    pool.emplace_back([&, t] {
      program copy = prog;  // copies share the same compiled program
      for (int round = 0; round < 3; ++round) {
        for (std::size_t i = 0; i < records.size(); ++i) {
          std::size_t k = (i + t * 125) % records.size();
          decision d = ssprules::evaluate(copy, records[k], as_of, {.explain = (i % 3 == 0)});
          if (round == 2) got[t].push_back(std::to_string(k) + ":" + d.to_json());
        }
      }
    });
  }
  for (auto& th : pool) th.join();
  for (std::size_t t = 0; t < 8; ++t) {
    ASSERT_EQ(got[t].size(), records.size());
    for (std::size_t i = 0; i < got[t].size(); ++i) {
      std::size_t k = (i + t * 125) % records.size();
      EXPECT_EQ(got[t][i], std::to_string(k) + ":" + expected_json[k]) << "thread " << t;
    }
  }
}

}  // namespace

// evaluate_in_blocks: every record of the source once, results as evaluate gives them, on any
// number of threads and blocks that do not divide the count.
TEST(InBlocks, EveryRecordOnceWithTheResultsOfEvaluate) {
  const program& prog = copenhagen();
  const std::vector<facts> records = thousand_records(prog);
  const date as_of = day("2012-03-01");
  std::vector<std::string> expected;
  for (const facts& r : records) expected.push_back(ssprules::evaluate(prog, r, as_of).to_json());
  for (unsigned threads : {1U, 2U, 3U}) {
    for (std::size_t block_rows :
         {std::size_t{1}, std::size_t{7}, std::size_t{64}, records.size()}) {
      std::vector<std::string> got(records.size());
      std::vector<int> filled(records.size(), 0);
      std::mutex m;
      ssprules::evaluate_in_blocks(
          prog, records.size(), as_of, threads, [&](std::size_t i, facts& f) { f = records[i]; },
          [&](const ssprules::result_batch& out, std::size_t first) {
            std::lock_guard<std::mutex> lock(m);
            for (std::size_t k = 0; k < out.size(); ++k) {
              const facts& r = records[first + k];
              std::string id(r.id());
              got[first + k] = out.to_json(k, r.has_id() ? &id : nullptr);
              ++filled[first + k];
            }
          },
          block_rows);
      EXPECT_EQ(std::count(filled.begin(), filled.end(), 1),
                static_cast<std::ptrdiff_t>(records.size()))
          << threads << " threads, blocks of " << block_rows;
      EXPECT_EQ(got, expected) << threads << " threads, blocks of " << block_rows;
    }
  }
}

TEST(InBlocks, AnExceptionOfTheSourceReachesTheCaller) {
  const program& prog = copenhagen();
  for (unsigned threads : {1U, 3U}) {
    std::atomic<std::size_t> sunk{0};
    EXPECT_THROW(
        ssprules::evaluate_in_blocks(
            prog, 10'000, day("2012-03-01"), threads,
            [](std::size_t i, facts&) {
              if (i == 4321) throw std::runtime_error("record 4321 is unreadable");
            },
            [&](const ssprules::result_batch& out, std::size_t) { sunk += out.size(); }, 100),
        std::runtime_error);
    // the work stopped: the blocks after 4321 were not all evaluated (9,900 records would be)
    EXPECT_LT(sunk.load(), 9'000U) << threads << " threads";
  }
  EXPECT_EQ(ssprules::detail::threads_for(8, 3), 3U);
  EXPECT_EQ(ssprules::detail::threads_for(2, 0), 1U);
  EXPECT_GE(ssprules::detail::threads_for(0, 1000), 1U);
}

TEST(InBlocks, NothingToEvaluateCallsNeither) {
  const program& prog = copenhagen();
  int calls = 0;
  ssprules::evaluate_in_blocks(
      prog, 0, day("2012-03-01"), 2, [&](std::size_t, facts&) { ++calls; },
      [&](const ssprules::result_batch&, std::size_t) { ++calls; });
  EXPECT_EQ(calls, 0);
}
