// Unit tests for list inputs: their types (`type: list, of: …`), decoding (C++ field values,
// CSV cells with `;`, per-item errors, the limit of items, absent = empty), the aggregations
// (`count`, `some`, `every`, `sum`, `min`, `max`, `in`, fields of items) checked statically, and
// property tests of every aggregation against a brute-force reference, on single records and on
// the columnar batch.
#include <random>

#include "check_support.hpp"
#include "ssprules/alternatives.hpp"
#include "ssprules/detail/checked.hpp"
#include "ssprules/testing.hpp"

namespace {

using ssprules::date;
using ssprules::field_value;
using ssprules::test_support::day;
using ssprules::test_support::decode;
using ssprules::test_support::load_text;
using value_fields = ssprules::test_support::value_fields;
using record_fields = std::vector<std::pair<std::string_view, field_value>>;

const std::string reports_policy = R"(id: lists
effective: {from: 2020-01-01}
inputs:
  police_reports:
    type: list
    of:
      date: date
      kind: {type: enum, values: [vold, tyveri, andet]}
      amount: {type: integer, min: 0}
      closed_on: {type: date, optional: true}
  codes: {type: list, of: integer}
  names: {type: list, of: string}
  maybe: {type: list, of: date, optional: true}
outputs:
  n: count(police_reports)
  in_window: count(r in police_reports where r.date > add_months(as_of, -12) and r.date <= as_of)
  violent: some r in police_reports satisfies r.kind == vold
  all_closed: every r in police_reports satisfies present(r.closed_on)
  total: sum(r.amount for r in police_reports where r.kind != andet)
  first: min(r.date for r in police_reports)
  last_closed: max(r.closed_on for r in police_reports where present(r.closed_on))
  code_sum: sum(codes)
  has7: 7 in codes
  lacks7: 7 not in codes
  smallest_code: min(codes)
  named_ann: '"ann" in names'
  given: present(maybe)
  nested: count(r in police_reports where some c in codes satisfies c == r.amount)
)";

std::string value_of(const ssprules::program& prog, const ssprules::decision& d,
                     std::string_view output) {
  for (std::size_t i = 0; i < prog.outputs().size(); ++i) {
    if (prog.outputs()[i].name == output) return d.values()[i].to_string();
  }
  return "(no such output)";
}

// One report as the C++ caller gives it (texts kept by the caller).
struct report {
  std::string date, kind;
  std::int64_t amount = 0;
  std::string closed_on;  // "" when absent
};

// The fields of `reports` as record field values, kept alive in `storage` and `items`.
field_value reports_value(const std::vector<report>& reports, std::vector<record_fields>& storage,
                          std::vector<field_value>& items) {
  storage.clear();
  items.clear();
  storage.reserve(reports.size());
  for (const report& r : reports) {
    record_fields f{{"date", field_value::text(r.date)},
                    {"kind", field_value::string(r.kind)},
                    {"amount", field_value::integer(r.amount)}};
    if (!r.closed_on.empty()) f.emplace_back("closed_on", field_value::text(r.closed_on));
    storage.push_back(std::move(f));
  }
  for (const record_fields& f : storage) items.push_back(field_value::record(f));
  return field_value::list(items);
}

TEST(Lists, AggregationsOverARecordAndItsListsOfValues) {
  ssprules::program prog = load_text(reports_policy);
  ASSERT_TRUE(prog.valid());
  std::vector<report> reports{{"2024-03-01", "vold", 5, ""},
                              {"2024-11-20", "tyveri", 7, "2025-01-05"},
                              {"2025-02-01", "andet", 100, "2025-02-10"}};
  std::vector<record_fields> storage;
  std::vector<field_value> items;
  std::vector<field_value> codes{field_value::integer(3), field_value::integer(7),
                                 field_value::integer(5)};
  std::vector<field_value> names{field_value::string("bo"), field_value::string("ann")};
  auto d = ssprules::evaluate(
      prog,
      decode(prog, value_fields{{"police_reports", reports_value(reports, storage, items)},
                                {"codes", field_value::list(codes)},
                                {"names", field_value::list(names)}}),
      day("2025-03-01"));
  ASSERT_TRUE(d.ok()) << d.explain_text();
  EXPECT_EQ(value_of(prog, d, "n"), "3");
  EXPECT_EQ(value_of(prog, d, "in_window"), "2");  // 2024-03-01 is 12 months back: outside
  EXPECT_EQ(value_of(prog, d, "violent"), "true");
  EXPECT_EQ(value_of(prog, d, "all_closed"), "false");
  EXPECT_EQ(value_of(prog, d, "total"), "12");
  EXPECT_EQ(value_of(prog, d, "first"), "2024-03-01");
  EXPECT_EQ(value_of(prog, d, "last_closed"), "2025-02-10");
  EXPECT_EQ(value_of(prog, d, "code_sum"), "15");
  EXPECT_EQ(value_of(prog, d, "has7"), "true");
  EXPECT_EQ(value_of(prog, d, "lacks7"), "false");
  EXPECT_EQ(value_of(prog, d, "smallest_code"), "3");
  EXPECT_EQ(value_of(prog, d, "named_ann"), "true");
  EXPECT_EQ(value_of(prog, d, "given"), "false");
  EXPECT_EQ(value_of(prog, d, "nested"), "2");  // amounts 5 and 7 are codes
}

TEST(Lists, ExplanationsNameTheItemsThatCounted) {
  ssprules::program prog = load_text(reports_policy);
  ASSERT_TRUE(prog.valid());
  std::vector<report> reports{{"2024-03-01", "vold", 5, ""},
                              {"2024-11-20", "tyveri", 7, "2025-01-05"},
                              {"2025-02-01", "andet", 100, "2025-02-10"}};
  std::vector<record_fields> storage;
  std::vector<field_value> items;
  std::vector<field_value> codes{field_value::integer(3), field_value::integer(7)};
  auto d = ssprules::evaluate(
      prog,
      decode(prog, value_fields{{"police_reports", reports_value(reports, storage, items)},
                                {"codes", field_value::list(codes)}}),
      day("2025-03-01"), {.explain = true});
  ASSERT_TRUE(d.ok());
  const std::string text = d.explain_text();
  EXPECT_TRUE(contains(text,
                       "= 2: 2 of 3 items of `police_reports` meet `r.date > add_months(as_of, "
                       "-12) and r.date <= as_of`: item 2 {date: 2024-11-20, kind: tyveri, "
                       "amount: 7, closed_on: 2025-01-05}, item 3 {date: 2025-02-01"))
      << text;
  EXPECT_TRUE(contains(text, "7 in codes = true: found in `codes`: item 2 = 7")) << text;
  EXPECT_TRUE(contains(text,
                       "every r in police_reports satisfies present(r.closed_on) = false: not "
                       "every item of `police_reports` meets `present(r.closed_on)`: item 1 "))
      << text;
  EXPECT_TRUE(
      contains(d.explain_text(ssprules::language::da), "2 af 3 elementer i `police_reports`"));
  const std::string json = d.explanation_json();
  EXPECT_TRUE(contains(json, "\"lists\":[{\"expression\":\"count(r in police_reports where"))
      << json;
  EXPECT_TRUE(contains(json,
                       "\"items\":3,\"matched\":2,\"shown\":[{\"item\":2,\"value\":{\"date\":"
                       "\"2024-11-20\""))
      << json;
  // the items are not inputs of their own: `used` names the list, not `r.date`
  EXPECT_FALSE(contains(text, "r.date = ")) << text;
}

TEST(Lists, WhyNotSaysWhatOneItemMoreOrLessWouldChange) {
  ssprules::program prog = load_text(R"(id: concern
effective: {from: 2020-01-01}
inputs:
  police_reports:
    type: list
    of: {date: date, kind: {type: enum, values: [vold, tyveri, andet]}}
outputs:
  heightened: count(r in police_reports where r.date > add_months(as_of, -12) and r.date <= as_of) >= 2
)");
  ASSERT_TRUE(prog.valid());
  std::vector<report> one{{"2024-11-20", "vold", 0, ""}, {"2022-01-01", "andet", 0, ""}};
  std::vector<record_fields> storage;
  std::vector<field_value> items;
  ssprules::facts record =
      decode(prog, value_fields{{"police_reports", reports_value(one, storage, items)}});
  const std::string text =
      ssprules::render(ssprules::find_alternatives(prog, record, day("2025-03-01")));
  EXPECT_TRUE(contains(text,
                       "heightened would be true with one more item in police_reports like item 1 "
                       "{date: 2024-11-20, kind: vold}"))
      << text;
  EXPECT_FALSE(contains(text, "like item 2")) << "an old report more changes nothing\n" << text;
  std::vector<report> two{{"2024-11-20", "vold", 0, ""}, {"2025-01-05", "tyveri", 0, ""}};
  ssprules::facts both =
      decode(prog, value_fields{{"police_reports", reports_value(two, storage, items)}});
  const std::string fewer = ssprules::render(
      ssprules::find_alternatives(prog, both, day("2025-03-01")), ssprules::language::da);
  EXPECT_TRUE(contains(fewer,
                       "heightened ville være false med police_reports uden element 1 "
                       "{date: 2024-11-20, kind: vold}"))
      << fewer;
}

TEST(Lists, BoundaryTestsPutItemsAtTheEdgesOfAWindow) {
  ssprules::program prog = load_text(R"(id: concern
effective: {from: 2020-01-01}
inputs:
  police_reports:
    type: list
    of: {date: date, kind: {type: enum, values: [vold, tyveri, andet]}}
outputs:
  heightened: count(r in police_reports where r.date > add_months(as_of, -12) and r.date <= as_of) >= 2
)");
  ASSERT_TRUE(prog.valid());
  ssprules::boundary_tests b = ssprules::generate_boundary_tests(prog);
  std::vector<std::string> names;
  for (const auto& t : b.file.tests) names.push_back(t.name);
  auto has = [&](const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  // as_of 2025-06-15: the window is 2024-06-16 .. 2025-06-15, so two reports are needed on
  // both edges; one report never makes `heightened` true, so the tests have two
  EXPECT_TRUE(has("police_reports: 2 items (vold) dated 2024-06-15, the day before a change"));
  EXPECT_TRUE(has("police_reports: 2 items (vold) dated 2024-06-16, the day of the change"));
  EXPECT_TRUE(has("police_reports: 2 items (vold) dated 2025-06-16, the day of the change"));
  // the file reads back and its tests pass
  const std::string yaml = b.yaml("rules.yaml");
  EXPECT_TRUE(
      contains(yaml, "input: {police_reports: [{\"date\":\"2024-06-16\",\"kind\":\"vold\"},"))
      << yaml;
  auto parsed = ssprules::parse_test_file(source::from_string("b.test.yaml", yaml));
  ASSERT_TRUE(parsed.ok()) << rendered(parsed.diagnostics);
  ASSERT_EQ(parsed.tests.tests.size(), b.file.tests.size());
  auto report = ssprules::run_tests(prog, parsed.tests.tests);
  EXPECT_EQ(report.failed, 0U);
  EXPECT_EQ(report.passed, b.file.tests.size());
}

TEST(Lists, AnAbsentListIsEmptyAndTheSmallestOfNoneIsMissing) {
  ssprules::program prog = load_text(reports_policy);
  ASSERT_TRUE(prog.valid());
  auto d = ssprules::evaluate(prog, decode(prog, value_fields{}), day("2025-03-01"));
  ASSERT_TRUE(d.ok()) << d.explain_text();
  EXPECT_EQ(value_of(prog, d, "n"), "0");
  EXPECT_EQ(value_of(prog, d, "violent"), "false");
  EXPECT_EQ(value_of(prog, d, "all_closed"), "true");
  EXPECT_EQ(value_of(prog, d, "total"), "0");
  EXPECT_EQ(value_of(prog, d, "first"), "null");
  EXPECT_EQ(value_of(prog, d, "smallest_code"), "null");
  EXPECT_EQ(value_of(prog, d, "has7"), "false");
  EXPECT_EQ(value_of(prog, d, "lacks7"), "true");
  std::vector<field_value> none;
  auto given = ssprules::evaluate(
      prog, decode(prog, value_fields{{"maybe", field_value::list(none)}}), day("2025-03-01"));
  EXPECT_EQ(value_of(prog, given, "given"), "true");  // optional: empty is not absent
}

TEST(Lists, ACsvCellHoldsItemsSeparatedBySemicolons) {
  ssprules::program prog = load_text(reports_policy);
  ASSERT_TRUE(prog.valid());
  auto d = ssprules::evaluate(
      prog, decode(prog, ssprules::test_support::text_fields{{"codes", " 7 ; 2;9"}}),
      day("2025-03-01"));
  ASSERT_TRUE(d.ok()) << d.explain_text();
  EXPECT_EQ(value_of(prog, d, "code_sum"), "18");
  auto empty_item =
      ssprules::evaluate(prog, decode(prog, ssprules::test_support::text_fields{{"codes", "7;;9"}}),
                         day("2025-03-01"));
  ASSERT_FALSE(empty_item.ok());
  EXPECT_EQ(empty_item.error()->code, "SR1001");
  EXPECT_TRUE(contains(empty_item.error()->message, "field `codes` (item 2)"))
      << empty_item.error()->message;
  auto records = ssprules::evaluate(
      prog, decode(prog, ssprules::test_support::text_fields{{"police_reports", "2024-01-01"}}),
      day("2025-03-01"));
  ASSERT_FALSE(records.ok());
  EXPECT_TRUE(contains(records.error()->message, "JSON Lines")) << records.error()->message;
}

TEST(Lists, BadItemsArePerRecordErrorsNamingTheFieldAndTheItem) {
  ssprules::program prog = load_text(reports_policy);
  ASSERT_TRUE(prog.valid());
  std::vector<record_fields> storage;
  std::vector<field_value> items;
  auto error_of = [&](const value_fields& fields) {
    auto d = ssprules::evaluate(prog, decode(prog, fields), day("2025-03-01"));
    EXPECT_FALSE(d.ok());
    return d.ok() ? std::string() : d.error()->code + " " + d.error()->message;
  };
  std::string bad_date =
      error_of({{"police_reports",
                 reports_value({{"2024-01-01", "vold", 1, ""}, {"2024-02-30", "vold", 1, ""}},
                               storage, items)}});
  EXPECT_TRUE(contains(bad_date, "SR1003 field `police_reports` (item 2, `date`)")) << bad_date;
  std::string bad_enum = error_of(
      {{"police_reports", reports_value({{"2024-01-01", "Vold", 1, ""}}, storage, items)}});
  EXPECT_TRUE(contains(bad_enum, "SR1005 field `police_reports` (item 1, `kind`)")) << bad_enum;
  std::string below_min = error_of(
      {{"police_reports", reports_value({{"2024-01-01", "vold", -1, ""}}, storage, items)}});
  EXPECT_TRUE(contains(below_min, "SR1004")) << below_min;
  // a scalar for a list, a list for a scalar, an item of the wrong kind
  EXPECT_TRUE(contains(error_of({{"codes", field_value::integer(7)}}),
                       "SR1002 field `codes` must be a list"));
  std::vector<field_value> one{field_value::integer(1)};
  EXPECT_TRUE(contains(error_of({{"police_reports", field_value::list(one)}}),
                       "(item 1) must be an object with the fields date, kind, amount, closed_on"));
  std::vector<field_value> mixed{field_value::integer(1), field_value::string("2")};
  EXPECT_TRUE(contains(error_of({{"codes", field_value::list(mixed)}}), "field `codes` (item 2)"));
  // a misspelt field of an item, one missing, one given twice; an extra one is ignored
  record_fields misspelt{{"dato", field_value::text("2024-01-01")},
                         {"kind", field_value::string("vold")},
                         {"amount", field_value::integer(1)}};
  std::vector<field_value> item{field_value::record(misspelt)};
  std::string close = error_of({{"police_reports", field_value::list(item)}});
  EXPECT_TRUE(contains(close, "did you mean `date`?")) << close;
  record_fields extra{{"date", field_value::text("2024-01-01")},
                      {"kind", field_value::string("vold")},
                      {"amount", field_value::integer(1)},
                      {"report_number", field_value::text("A-17")}};
  std::vector<field_value> extra_item{field_value::record(extra)};
  auto ok = ssprules::evaluate(
      prog, decode(prog, value_fields{{"police_reports", field_value::list(extra_item)}}),
      day("2025-03-01"));
  EXPECT_TRUE(ok.ok()) << ok.explain_text();
}

TEST(Lists, AListHoldsAtMostTenThousandItems) {
  ssprules::program prog = load_text(reports_policy);
  ASSERT_TRUE(prog.valid());
  std::vector<field_value> many(ssprules::detail::max_list_items, field_value::integer(1));
  auto at_limit = ssprules::evaluate(
      prog, decode(prog, value_fields{{"codes", field_value::list(many)}}), day("2025-03-01"));
  ASSERT_TRUE(at_limit.ok());
  EXPECT_EQ(value_of(prog, at_limit, "code_sum"), "10000");
  many.push_back(field_value::integer(1));
  auto over = ssprules::evaluate(
      prog, decode(prog, value_fields{{"codes", field_value::list(many)}}), day("2025-03-01"));
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error()->code, "SR1022");
}

TEST(Lists, CheckTypesItemsAndFieldsWithSuggestions) {
  auto errors = [](const std::string& outputs, const std::string& extra_inputs = "") {
    auto r = check_text(
        "id: x\neffective: {from: 2020-01-01}\ninputs:\n  reports:\n    type: list\n"
        "    of: {date: date, kind: {type: enum, values: [vold, andet]}, "
        "closed: {type: date, optional: true}}\n  codes: {type: list, of: integer}\n" +
        extra_inputs + "outputs:\n" + outputs);
    std::vector<diagnostic> errors_only;
    for (const diagnostic& d : r.diagnostics) {
      if (d.level == severity::error) errors_only.push_back(d);
    }
    return rendered(errors_only);
  };
  EXPECT_TRUE(contains(errors("  a: count(r in reports where r.knd == vold)\n"),
                       "the items have no field `knd`"));
  EXPECT_TRUE(
      contains(errors("  a: count(r in reports where r.knd == vold)\n"), "did you mean `kind`?"));
  EXPECT_TRUE(contains(errors("  a: some r in reports satisfies r.kind == vol\n"), "SR0305"));
  EXPECT_TRUE(contains(errors("  a: some r in reports satisfies r.closed > as_of\n"),
                       "`r.closed` may be missing here"));
  EXPECT_EQ(errors("  a: some r in reports satisfies present(r.closed) and r.closed > as_of\n"),
            "");
  EXPECT_TRUE(contains(errors("  a: sum(reports)\n"), "needs a value per item"));
  EXPECT_TRUE(contains(errors("  a: sum(r.date for r in reports)\n"), "`sum` adds numbers"));
  EXPECT_TRUE(contains(errors("  a: count(codes) + codes\n"), "SR0304"));
  EXPECT_TRUE(contains(errors("  a: r.kind == vold\n"), "only an item of a list has fields"));
  EXPECT_TRUE(contains(errors("  a: min(codes) > 3\n"), "SR0306"));  // missing for no items
  EXPECT_EQ(errors("  a: (min(codes) ?? 0) > 3\n"), "");
  EXPECT_TRUE(
      contains(errors("  a: 7 in reports\n"), "`in` looks for a value among a list of values"));
  EXPECT_TRUE(contains(
      errors("  a: count(codes)\nvalues:\n  l:\n    type: list\n    of: date\n    expr: 1\n"),
      "cannot be a list"));
  EXPECT_TRUE(contains(errors("  a: count(codes)\n", "  d: {type: list, of: date, default: 1}\n"),
                       "a list input has no `default`"));
  EXPECT_TRUE(contains(errors("  a: count(m)\n", "  m: {type: list, of: date, optional: true}\n"),
                       "`m` may be missing here"));
  EXPECT_EQ(
      errors("  a: present(m) and count(m) > 1\n", "  m: {type: list, of: date, optional: true}\n"),
      "");
}

TEST(Lists, ItemsHaveAtMost64Fields) {
  std::string fields;
  for (int k = 0; k < 65; ++k) fields += (k ? ", f" : "f") + std::to_string(k) + ": integer";
  auto r = check_text("id: x\neffective: {from: 2020-01-01}\ninputs:\n  l: {type: list, of: {" +
                      fields + "}}\noutputs:\n  a: count(l)\n");
  const diagnostic* d = find_code(r.diagnostics, "SR0005");
  ASSERT_NE(d, nullptr) << rendered(r.diagnostics);
  EXPECT_TRUE(contains(d->message, "65 fields; at most 64")) << d->message;
}

TEST(Lists, ListTypesAreWrittenWithOf) {
  auto parse_errors = [](const std::string& input) {
    auto r = ssprules::parse(source::from_string(
        "rules.yaml",
        "id: x\neffective: {from: 2020-01-01}\ninputs:\n  l: " + input + "\noutputs:\n  a: 1\n"));
    return rendered(r.diagnostics);
  };
  EXPECT_TRUE(contains(parse_errors("{type: list}"), "a list needs `of`"));
  EXPECT_TRUE(contains(parse_errors("{type: list, of: {type: list, of: date}}"),
                       "a list cannot hold lists"));
  EXPECT_TRUE(contains(parse_errors("{type: date, of: date}"), "`of` gives the items of a list"));
  EXPECT_TRUE(contains(parse_errors("{type: list, of: dat}"), "did you mean `date`?"));
  EXPECT_EQ(parse_errors("{type: list, of: {type: integer, min: 0}}"), "");
}

// -------------------------------------------------------------------------------------------
// Property tests: every aggregation against a brute-force reference on random lists.

struct random_report {
  std::int32_t date = 0;  // days
  int kind = 0;           // 0 vold, 1 tyveri, 2 andet
  std::int64_t amount = 0;
  std::optional<std::int32_t> closed;
};

TEST(ListsProperty, EveryAggregationAgreesWithABruteForceReference) {
  ssprules::program prog = load_text(reports_policy);
  ASSERT_TRUE(prog.valid());
  std::mt19937 rng(20261203);
  const char* kinds[] = {"vold", "tyveri", "andet"};
  const date as_of = day("2025-03-01");
  const std::int32_t window_from = day("2024-03-01").days();  // add_months(as_of, -12)
  std::vector<std::vector<random_report>> all;
  std::vector<std::vector<std::int64_t>> all_codes;
  for (int n = 0; n < 400; ++n) {
    std::vector<random_report> reports(std::uniform_int_distribution<int>(0, 8)(rng));
    for (random_report& r : reports) {
      r.date = as_of.days() + std::uniform_int_distribution<int>(-800, 60)(rng);
      r.kind = std::uniform_int_distribution<int>(0, 2)(rng);
      r.amount = std::uniform_int_distribution<int>(0, 9)(rng);
      if (rng() % 2 == 0) r.closed = r.date + std::uniform_int_distribution<int>(0, 90)(rng);
    }
    std::vector<std::int64_t> codes(std::uniform_int_distribution<int>(0, 5)(rng));
    for (auto& c : codes) c = std::uniform_int_distribution<int>(0, 9)(rng);
    all.push_back(std::move(reports));
    all_codes.push_back(std::move(codes));
  }
  ssprules::record_batch batch(prog);
  std::vector<ssprules::facts> singles;
  ssprules::record_decoder decoder(prog);
  for (std::size_t n = 0; n < all.size(); ++n) {
    std::vector<record_fields> storage;
    std::vector<field_value> items;
    std::vector<std::string> texts;
    texts.reserve(all[n].size() * 2);
    for (const random_report& r : all[n]) {
      record_fields f{{"date", field_value::of_date(date::from_days(r.date))},
                      {"kind", field_value::string(kinds[r.kind])},
                      {"amount", field_value::integer(r.amount)}};
      if (r.closed) f.emplace_back("closed_on", field_value::of_date(date::from_days(*r.closed)));
      storage.push_back(std::move(f));
    }
    for (const record_fields& f : storage) items.push_back(field_value::record(f));
    std::vector<field_value> codes;
    for (std::int64_t c : all_codes[n]) codes.push_back(field_value::integer(c));
    value_fields fields{{"police_reports", field_value::list(items)},
                        {"codes", field_value::list(codes)}};
    ssprules::facts f;
    decoder.decode(fields, f);
    batch.push_back(f);
    singles.push_back(std::move(f));
  }
  ssprules::result_batch results;
  ssprules::evaluate_batch(prog, batch, as_of, results);
  ASSERT_EQ(results.size(), all.size());
  auto output = [&](std::string_view name) {
    for (std::size_t j = 0; j < prog.outputs().size(); ++j) {
      if (prog.outputs()[j].name == name) return j;
    }
    ADD_FAILURE() << name;
    return std::size_t{0};
  };
  for (std::size_t n = 0; n < all.size(); ++n) {
    const auto& reports = all[n];
    const auto& codes = all_codes[n];
    std::map<std::string, std::string> expected;
    std::int64_t in_window = 0, total = 0, nested = 0;
    bool violent = false, all_closed = true;
    std::optional<std::int32_t> first, last_closed;
    for (const random_report& r : reports) {
      if (r.date > window_from && r.date <= as_of.days()) ++in_window;
      violent = violent || r.kind == 0;
      all_closed = all_closed && r.closed.has_value();
      if (r.kind != 2) total += r.amount;
      first = first ? std::min(*first, r.date) : r.date;
      if (r.closed) last_closed = last_closed ? std::max(*last_closed, *r.closed) : *r.closed;
      if (std::find(codes.begin(), codes.end(), r.amount) != codes.end()) ++nested;
    }
    std::int64_t code_sum = 0;
    for (std::int64_t c : codes) code_sum += c;
    const bool has7 = std::find(codes.begin(), codes.end(), 7) != codes.end();
    auto day_text = [](std::optional<std::int32_t> d) {
      return d ? date::from_days(*d).to_string() : std::string("null");
    };
    expected["n"] = std::to_string(reports.size());
    expected["in_window"] = std::to_string(in_window);
    expected["violent"] = violent ? "true" : "false";
    expected["all_closed"] = all_closed ? "true" : "false";
    expected["total"] = std::to_string(total);
    expected["first"] = day_text(first);
    expected["last_closed"] = day_text(last_closed);
    expected["code_sum"] = std::to_string(code_sum);
    expected["has7"] = has7 ? "true" : "false";
    expected["lacks7"] = has7 ? "false" : "true";
    expected["smallest_code"] =
        codes.empty() ? "null" : std::to_string(*std::min_element(codes.begin(), codes.end()));
    expected["nested"] = std::to_string(nested);
    auto single = ssprules::evaluate(prog, singles[n], as_of);
    ASSERT_TRUE(single.ok()) << single.explain_text();
    for (const auto& [name, want] : expected) {
      EXPECT_EQ(results.get(n, output(name)).to_string(), want) << "record " << n << ", " << name;
      EXPECT_EQ(value_of(prog, single, name), want) << "record " << n << ", " << name;
    }
  }
}

TEST(Lists, EachRecordOfABatchKeepsItsOwnItems) {
  // one arena of items for the whole batch: record k's list is k items of value k
  ssprules::program prog = load_text(reports_policy);
  ASSERT_TRUE(prog.valid());
  ssprules::record_batch batch(prog);
  std::vector<std::string> names{"ann", "bo"};
  for (std::int64_t k = 0; k < 60; ++k) {
    std::vector<field_value> codes(static_cast<std::size_t>(k), field_value::integer(k));
    std::vector<field_value> people{field_value::string(names[static_cast<std::size_t>(k % 2)])};
    batch.push_back(decode(prog, value_fields{{"codes", field_value::list(codes)},
                                              {"names", field_value::list(people)}}));
  }
  ssprules::result_batch results;
  ssprules::evaluate_batch(prog, batch, day("2025-03-01"), results);
  ASSERT_EQ(results.size(), 60U);
  std::size_t code_sum = 7, named_ann = 11;
  ASSERT_EQ(prog.outputs()[code_sum].name, "code_sum");
  ASSERT_EQ(prog.outputs()[named_ann].name, "named_ann");
  for (std::size_t k = 0; k < 60; ++k) {
    EXPECT_EQ(results.get(k, code_sum).as_integer(), static_cast<std::int64_t>(k * k)) << k;
    EXPECT_EQ(results.get(k, named_ann).as_bool(), k % 2 == 0) << k;
  }
}

}  // namespace
