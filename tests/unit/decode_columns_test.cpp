// Unit tests for record_decoder::decode_columns and column_view: a table given column by column
// decodes to exactly the records that row-by-row decoding gives (values, every input problem,
// record problems, ids and dates of their own), for every kind of column against every type of
// input; and a dictionary column's entries are decoded once, not once per row.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <random>
#include <ranges>
#include <string>
#include <string_view>
#include <vector>

#include "ssprules/evaluate.hpp"
#include "ssprules/record.hpp"
#include "test_support.hpp"

namespace {

using ssprules::column_view;
using ssprules::field_value;
using ssprules::program;
using ssprules::record_batch;
using ssprules::record_decoder;
using ssprules::record_layout;
using ssprules::result_batch;
using ssprules::test_support::day;
using ssprules::test_support::load_text;

// Every input type, each echoed by an output; one required input, one with a default and a list
// (which the columns decode row by row).
const char* const policy_text = R"(id: columns
effective: {from: 2000-01-01}
inputs:
  flag: {type: bool, optional: true}
  n: {type: integer, min: 1, max: 4}
  amount: {type: decimal, optional: true}
  name: {type: string, optional: true}
  status: {type: enum, values: [recipient, self_supporting], optional: true}
  born: {type: date, optional: true}
  level: {type: integer, default: 2}
outputs:
  out_flag: flag
  out_n: n
  out_amount: amount
  out_name: name
  out_status: status
  out_born: born
  out_level: level
)";

const char* const list_policy_text = R"(id: column_lists
effective: {from: 2000-01-01}
inputs:
  n: {type: integer, optional: true}
  days: {type: list, of: date}
outputs:
  out_n: n
  count: count(days)
)";

constexpr std::int64_t ns_per_day = 86'400'000'000'000;
constexpr std::int64_t nat = std::numeric_limits<std::int64_t>::min();

// The storage of one column of every kind, filled with values good and bad for any input.
struct column_data {
  column_view::kind kind = column_view::kind::absent;
  std::vector<std::uint8_t> bytes;
  std::vector<std::int64_t> ints;
  std::vector<double> reals;
  std::vector<std::int32_t> days;
  std::vector<field_value> fields;
  std::vector<field_value> entries;
  std::vector<std::uint8_t> missing;

  column_view view(bool masked) const {
    const std::uint8_t* m = masked ? missing.data() : nullptr;
    switch (kind) {
      case column_view::kind::absent:
        return column_view::absent(missing.size());
      case column_view::kind::booleans:
        return column_view::booleans(bytes, m);
      case column_view::kind::integers:
        return column_view::integers(ints, m);
      case column_view::kind::reals:
        return column_view::reals(reals, m);
      case column_view::kind::days:
        return column_view::days(days, m);
      case column_view::kind::nanoseconds:
        return column_view::nanoseconds(ints, m);
      case column_view::kind::dictionary:
        return column_view::dictionary(ints, entries);
      case column_view::kind::fields:
        return column_view::fields(fields);
    }
    return column_view::absent(0);
  }
};

// Texts every input type reads well or badly (kept alive: fields view them).
const std::vector<std::string>& texts() {
  static const std::vector<std::string> all = {"",
                                               " ",
                                               "3",
                                               "7",
                                               "0",
                                               "1",
                                               "2.5",
                                               "2,5",
                                               "true",
                                               "FALSE",
                                               "yes",
                                               "recipient",
                                               "Recipient",
                                               "self_supporting",
                                               "2005-02-28",
                                               "2005-02-30",
                                               "28-02-2005",
                                               " 4 ",
                                               "1e400",
                                               "abc",
                                               "99999999999999999999",
                                               "case-7"};
  return all;
}

column_data make_column(column_view::kind kind, std::size_t rows, std::mt19937& rng) {
  column_data c;
  c.kind = kind;
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  const std::int64_t ints[] = {0, 1, 3, 4, 5, -2, std::numeric_limits<std::int64_t>::max()};
  const double reals[] = {1.0, 3.0, 2.5, 0.0, std::nan(""), 1e300, -0.0, 4.0000001};
  const auto& t = texts();
  for (std::size_t r = 0; r < rows; ++r) {
    c.missing.push_back(pick(6) == 0 ? 1 : 0);
    c.bytes.push_back(static_cast<std::uint8_t>(pick(2)));
    c.reals.push_back(reals[pick(std::size(reals))]);
    c.days.push_back(static_cast<std::int32_t>(12'000 + pick(9'000)));
    if (kind == column_view::kind::nanoseconds) {
      std::int64_t d = 12'000 + static_cast<std::int64_t>(pick(9'000));
      std::size_t how = pick(8);
      c.ints.push_back(how == 0 ? nat : d * ns_per_day + (how == 1 ? 3'600'000'000'000 : 0));
    } else if (kind == column_view::kind::dictionary) {
      c.ints.push_back(static_cast<std::int64_t>(pick(t.size() + 1)) - 1);  // -1: missing
    } else {
      c.ints.push_back(ints[pick(std::size(ints))]);
    }
    switch (pick(7)) {
      case 0:
        c.fields.push_back(field_value::absent());
        break;
      case 1:
        c.fields.push_back(field_value::integer(ints[pick(std::size(ints))]));
        break;
      case 2:
        c.fields.push_back(field_value::real(reals[pick(std::size(reals))]));
        break;
      case 3:
        c.fields.push_back(field_value::boolean(pick(2) == 0));
        break;
      case 4:
        c.fields.push_back(field_value::of_date(day("2006-03-04")));
        break;
      case 5:
        c.fields.push_back(field_value::string(t[pick(t.size())]));
        break;
      default:
        c.fields.push_back(field_value::text(t[pick(t.size())]));
        break;
    }
  }
  for (const std::string& s : t) c.entries.push_back(field_value::text(s));
  return c;
}

// Decodes `columns` both ways and expects the same records.
void expect_same_records(const program& prog, const std::vector<std::string_view>& names,
                         const std::vector<column_view>& columns, const std::string& what) {
  record_decoder decoder(prog);
  record_layout layout = decoder.bind(names);
  record_batch by_columns(prog);
  decoder.decode_columns(layout, columns, by_columns);
  record_batch by_rows(prog);
  ssprules::facts record;
  std::vector<field_value> row(columns.size());
  const std::size_t rows = columns.empty() ? 0 : columns[0].size();
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < columns.size(); ++c) row[c] = columns[c].at(r);
    decoder.decode(layout, row, record);
    by_rows.push_back(record);
  }
  ASSERT_EQ(by_columns.size(), rows) << what;
  ASSERT_EQ(by_rows.size(), rows) << what;
  result_batch a;
  result_batch b;
  ssprules::evaluate_batch(prog, by_columns, day("2024-06-01"), a);
  ssprules::evaluate_batch(prog, by_rows, day("2024-06-01"), b);
  for (std::size_t r = 0; r < rows; ++r) {
    const std::string where = what + ", row " + std::to_string(r);
    EXPECT_EQ(by_columns.id(r), by_rows.id(r)) << where;
    EXPECT_EQ(by_columns.has_id(r), by_rows.has_id(r)) << where;
    EXPECT_EQ(by_columns.as_of(r), by_rows.as_of(r)) << where;
    const auto* ea = by_columns.error(r);
    const auto* eb = by_rows.error(r);
    ASSERT_EQ(ea == nullptr, eb == nullptr) << where;
    if (ea != nullptr) {
      EXPECT_EQ(*ea, *eb) << where;
    }
    std::vector<std::pair<std::uint32_t, ssprules::record_error>> pa;
    std::vector<std::pair<std::uint32_t, ssprules::record_error>> pb;
    for (const auto& [input, e] : by_columns.input_errors(r)) pa.emplace_back(input, e);
    for (const auto& [input, e] : by_rows.input_errors(r)) pb.emplace_back(input, e);
    EXPECT_EQ(pa, pb) << where;
    EXPECT_EQ(a.to_json(r, nullptr), b.to_json(r, nullptr)) << where;
  }
}

// a range the standard algorithms take (and one that Clang 14 with libstdc++ 12 compiles)
static_assert(std::ranges::input_range<ssprules::input_error_range>);

using kind = column_view::kind;
const kind all_kinds[] = {kind::absent, kind::booleans,    kind::integers,   kind::reals,
                          kind::days,   kind::nanoseconds, kind::dictionary, kind::fields};

TEST(DecodeColumns, EveryKindOfColumnForEveryInputDecodesAsRowByRow) {
  const program prog = load_text(policy_text);
  const std::vector<std::string_view> names = {"id",   "as_of",  "flag", "n",     "amount",
                                               "name", "status", "born", "level", "other"};
  std::mt19937 rng(20261204);
  std::size_t checked = 0;
  for (std::size_t trial = 0; trial < 3 * std::size(all_kinds); ++trial) {
    std::vector<column_data> data;
    std::vector<column_view> columns;
    std::string what = "trial " + std::to_string(trial) + ":";
    for (std::size_t c = 0; c < names.size(); ++c) {
      kind k = all_kinds[(trial + c) % std::size(all_kinds)];
      data.push_back(make_column(k, 257, rng));
      what += " " + std::string(names[c]) + "=" + std::to_string(static_cast<int>(k));
    }
    for (std::size_t c = 0; c < names.size(); ++c) columns.push_back(data[c].view(trial % 2 == 1));
    expect_same_records(prog, names, columns, what);
    if (HasFatalFailure()) return;
    ++checked;
  }
  EXPECT_EQ(checked, 3 * std::size(all_kinds));
}

TEST(DecodeColumns, RowsOfAColumnAreTheSameRowsOfTheTable) {
  const program prog = load_text(policy_text);
  std::mt19937 rng(7);
  const std::vector<std::string_view> names = {"n", "born", "status"};
  std::vector<column_data> data = {make_column(kind::integers, 100, rng),
                                   make_column(kind::nanoseconds, 100, rng),
                                   make_column(kind::dictionary, 100, rng)};
  std::vector<column_view> whole;
  std::vector<column_view> part;
  for (const column_data& d : data) {
    whole.push_back(d.view(true));
    part.push_back(d.view(true).rows(40, 30));
  }
  EXPECT_EQ(part[0].size(), 30U);
  EXPECT_EQ(whole[1].rows(90, 30).size(), 10U) << "clamped to the column";
  for (std::size_t r = 0; r < 30; ++r) {
    for (std::size_t c = 0; c < 3; ++c) {
      field_value a = part[c].at(r);
      field_value b = whole[c].at(40 + r);
      EXPECT_EQ(a.get_kind(), b.get_kind()) << c << ", " << r;
      EXPECT_EQ(a.bits(), b.bits()) << c << ", " << r;
    }
  }
  expect_same_records(prog, names, part, "rows 40..69");
}

TEST(DecodeColumns, ListInputsAndColumnsGivenTwiceDecodeRowByRow) {
  const program prog = load_text(list_policy_text);
  const field_value items[] = {field_value::text("2020-01-01"), field_value::text("2020-02-30")};
  std::vector<field_value> lists = {field_value::list(items), field_value::absent(),
                                    field_value::list(std::span(items, 1)),
                                    field_value::text("2020-01-01")};
  std::vector<std::int64_t> n = {1, 2, 3, 4};
  expect_same_records(prog, {"n", "days"}, {column_view::integers(n), column_view::fields(lists)},
                      "a list input");
  expect_same_records(
      prog, {"n", "days", "n"},
      {column_view::integers(n), column_view::fields(lists), column_view::absent(4)}, "`n` twice");
}

TEST(DecodeColumns, ADictionaryColumnSharesOneErrorAndOneDecodingPerEntry) {
  const program prog = load_text(policy_text);
  record_decoder decoder(prog);
  const std::vector<std::string_view> names = {"n", "status"};
  record_layout layout = decoder.bind(names);
  const field_value entries[] = {field_value::text("recipient"), field_value::text("RECIPIENT")};
  std::vector<std::int64_t> codes(10'000);
  std::vector<std::int64_t> n(codes.size(), 3);
  for (std::size_t i = 0; i < codes.size(); ++i) codes[i] = static_cast<std::int64_t>(i % 2);
  record_batch batch(prog);
  decoder.decode_columns(
      layout, {{column_view::integers(n), column_view::dictionary(codes, entries)}}, batch);
  ASSERT_EQ(batch.size(), codes.size());
  const ssprules::record_error* first = nullptr;
  std::size_t failing = 0;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    for (const auto& [input, e] : batch.input_errors(i)) {
      EXPECT_EQ(input, 4U);  // `status`
      EXPECT_EQ(e.code, "SR1005");
      if (first == nullptr) first = &e;
      EXPECT_EQ(&e, first) << "record " << i << ": one copy of the error for the batch";
      ++failing;
    }
  }
  EXPECT_EQ(failing, codes.size() / 2);
}

// A register where every row has the same mistakes (dates written dd-mm-yyyy, an enum in
// capitals) holds each problem once, decoded column by column or pushed record by record, and
// so do its results: the cost of an error is an index per record, not a copy.
TEST(DecodeColumns, ARegisterOfTheSameMistakesKeepsEachProblemOnce) {
  const program prog = load_text(policy_text);
  record_decoder decoder(prog);
  const std::vector<std::string_view> names = {"n", "born", "status"};
  record_layout layout = decoder.bind(names);
  std::vector<std::string> born_texts;
  std::vector<field_value> born;
  std::vector<field_value> status;
  constexpr std::size_t rows = 5'000;
  born_texts.reserve(rows);
  for (std::size_t i = 0; i < rows; ++i) {
    born_texts.push_back(std::to_string(10 + i % 18) + "-0" + std::to_string(1 + i % 9) + "-2005");
  }
  for (std::size_t i = 0; i < rows; ++i) {
    born.push_back(field_value::string(born_texts[i]));
    status.push_back(field_value::string(i % 2 == 0 ? "RECIPIENT" : "SELF_SUPPORTING"));
  }
  std::vector<std::int64_t> n(rows, 3);
  const std::vector<column_view> columns = {column_view::integers(n), column_view::fields(born),
                                            column_view::fields(status)};
  record_batch by_columns(prog);
  decoder.decode_columns(layout, columns, by_columns);
  record_batch by_rows(prog);
  ssprules::facts record;
  for (std::size_t r = 0; r < rows; ++r) {
    const field_value row[] = {columns[0].at(r), columns[1].at(r), columns[2].at(r)};
    decoder.decode(layout, row, record);
    by_rows.push_back(record);
  }
  for (const record_batch* batch : {&by_columns, &by_rows}) {
    std::vector<const ssprules::record_error*> distinct;
    for (std::size_t i = 0; i < rows; ++i) {
      std::size_t count = 0;
      for (const auto& [input, e] : batch->input_errors(i)) {
        if (std::find(distinct.begin(), distinct.end(), &e) == distinct.end()) {
          distinct.push_back(&e);
        }
        ++count;
      }
      ASSERT_EQ(count, 2U) << "record " << i;
    }
    EXPECT_EQ(distinct.size(), 2U)
        << "one `born` and one `status` problem for " << rows << " records";
    result_batch out;
    ssprules::evaluate_batch(prog, *batch, day("2024-06-01"), out);
    std::vector<const ssprules::record_error*> shown;
    for (std::size_t i = 0; i < rows; ++i) {
      ASSERT_FALSE(out.ok(i));
      EXPECT_EQ(out.error(i)->code, "SR1005") << "`status` comes before `born`";
      if (std::find(shown.begin(), shown.end(), out.error(i)) == shown.end()) {
        shown.push_back(out.error(i));
      }
    }
    EXPECT_EQ(shown.size(), 1U) << "the records' results share one copy of the problem";
  }
}

TEST(DecodeColumns, ATableWithNoColumnHasItsRowsOfDefaultsAndMissingInputs) {
  const program prog = load_text(policy_text);
  record_decoder decoder(prog);
  record_layout layout = decoder.bind(std::vector<std::string_view>{});
  record_batch batch(prog);
  decoder.decode_columns(layout, {}, 3, batch);
  ASSERT_EQ(batch.size(), 3U);
  for (std::size_t i = 0; i < 3; ++i) {
    std::vector<std::string> codes;
    for (const auto& [input, e] : batch.input_errors(i)) codes.push_back(e.code + " " + e.field);
    EXPECT_EQ(codes, std::vector<std::string>{"SR1001 n"}) << "only `n` is required";
  }
  decoder.decode_columns(layout, {}, batch);
  EXPECT_EQ(batch.size(), 3U) << "no columns and no count: no rows";
}

TEST(DecodeColumns, RefusesColumnsThatDoNotFitTheLayout) {
  const program prog = load_text(policy_text);
  const program other = load_text(list_policy_text);
  record_decoder decoder(prog);
  const std::vector<std::string_view> names = {"n", "status"};
  record_layout layout = decoder.bind(names);
  std::vector<std::int64_t> n = {1, 2, 3};
  std::vector<std::int64_t> codes = {0, 5, 0};
  const field_value entries[] = {field_value::text("recipient")};
  record_batch batch(prog);
  auto refused = [&](std::vector<column_view> columns, record_batch& out, std::string_view says) {
    try {
      decoder.decode_columns(layout, columns, out);
      ADD_FAILURE() << "accepted; expected: " << says;
    } catch (const ssprules::error& e) {
      EXPECT_NE(std::string(e.what()).find(says), std::string::npos) << e.what();
    }
    EXPECT_EQ(out.size(), 0U) << "nothing appended: " << says;
  };
  refused({column_view::integers(n)}, batch, "1 columns given for a layout of 2");
  refused({column_view::integers(n), column_view::absent(2)}, batch,
          "column 2 has 2 rows where the table has 3");
  refused({column_view::integers(n), column_view::dictionary(codes, entries)}, batch,
          "row 2: code 5 past its 1 entries");
  record_batch foreign(other);
  refused({column_view::integers(n), column_view::absent(3)}, foreign, "another program");
}

TEST(DecodeColumns, EvaluatesInBlocksFromABlockSource) {
  const program prog = load_text(policy_text);
  record_decoder decoder(prog);
  const std::vector<std::string_view> names = {"n"};
  record_layout layout = decoder.bind(names);
  std::vector<std::int64_t> n(1'000);
  for (std::size_t i = 0; i < n.size(); ++i) n[i] = static_cast<std::int64_t>(i % 6);  // 0, 5 bad
  std::vector<std::int64_t> got(n.size(), -1);
  std::vector<std::uint8_t> ok(n.size(), 9);
  ssprules::evaluate_in_blocks(
      prog, n.size(), day("2024-06-01"), 3,
      ssprules::block_source([&](std::size_t first, std::size_t count, record_batch& out) {
        const column_view col = column_view::integers(n).rows(first, count);
        decoder.decode_columns(layout, std::span(&col, 1), out);
      }),
      [&](const result_batch& out, std::size_t first) {
        for (std::size_t i = 0; i < out.size(); ++i) {
          ok[first + i] = out.ok(i) ? 1 : 0;
          if (out.ok(i)) got[first + i] = out.get(i, 1).as_integer();
        }
      },
      64);
  for (std::size_t i = 0; i < n.size(); ++i) {
    const bool good = n[i] >= 1 && n[i] <= 4;
    EXPECT_EQ(ok[i], good ? 1 : 0) << i;
    if (good) {
      EXPECT_EQ(got[i], n[i]) << i;
    }
  }
}

}  // namespace
