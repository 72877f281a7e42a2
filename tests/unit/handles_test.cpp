// Unit tests for handles on the hot path (compile.hpp, record.hpp, evaluate.hpp, value.hpp):
// input and output handles resolved once by name (with "did you mean" when the name is wrong),
// decoding by handle with no allocation per record (counted by the replaced global operator new
// below), typed checked access to outputs (`decision::get<T>`: nullopt when missing or not
// decided), enum outputs as indexes into the output's own values, and handles of another program
// caught as errors; the same typed access on the columns of a `result_batch`.
#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "ssprules/calendar.hpp"
#include "ssprules/compile.hpp"
#include "ssprules/error.hpp"
#include "ssprules/evaluate.hpp"
#include "ssprules/record.hpp"
#include "ssprules/value.hpp"
#include "test_support.hpp"

// Every allocation of this test program is counted, so that a test can say "this loop allocates
// nothing". The library links into the program, so its allocations count too.
namespace {
std::atomic<std::size_t> allocations{0};
}  // namespace

// GCC 12 at -O2 inlines these replacements into the tests and then takes the free() of
// operator delete for a mismatch with the `new` it came from: a false -Wmismatched-new-delete
// (GCC bug 103993). malloc and free do pair here.
#if defined(__GNUC__) && !defined(__clang__)
#  pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

void* operator new(std::size_t size) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return operator new(size); }
// the nothrow forms too (std::stable_sort's buffer): else ASan's would pair with our free()
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(size == 0 ? 1 : size);
}
void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept {
  return operator new(size, tag);
}
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace {

using ssprules::date;
using ssprules::decimal;
using ssprules::decision;
using ssprules::facts;
using ssprules::field_value;
using ssprules::input_handle;
using ssprules::output_handle;
using ssprules::program;
using ssprules::record_batch;
using ssprules::record_decoder;
using ssprules::record_error;
using ssprules::result_batch;
using ssprules::test_support::copenhagen;
using ssprules::test_support::day;
using ssprules::test_support::load_text;

// The message of the ssprules::error that `f` throws ("no exception" when it throws none).
template <class F>
std::string thrown_by(F&& f) {
  try {
    f();
  } catch (const ssprules::error& e) {
    return e.what();
  }
  return "no exception";
}

static_assert(std::is_trivially_copyable_v<input_handle>);
static_assert(std::is_trivially_copyable_v<output_handle>);
static_assert(sizeof(input_handle) <= 16 && sizeof(output_handle) <= 16);

// One input and one output of each kind, an optional output and a rule that can fail.
const char* const kinds = R"(id: kinds
effective: {from: 2020-01-01}
inputs:
  n: integer
  amount: decimal
  label: string
  colour:
    type: enum
    values: [red, green, blue]
  born: date
  flag: bool
  divisor: {type: integer, default: 1}
  bonus: {type: integer, optional: true}
outputs:
  doubled: n * 2
  total: amount + 1.5
  name: label
  shade:
    type: enum
    values: [light, dark, none]
    cases:
      - when: colour == blue
        then: dark
      - when: colour == green
        then: none
      - otherwise: light
  next_day: add_days(born, 1)
  negated: not flag
  ratio: mod(n, divisor)
  extra: if present(bonus) then bonus else missing
)";

const program& kinds_program() {
  static const program prog = load_text(kinds);
  return prog;
}

// Enums whose values the policy names first in another order than it declares them, none in
// alphabetical order: `low, high` by `level`, then `zulu, alpha` by `grade`, so the engine's
// order of `tier` is `low, high, medium` and that of `grade` `low, high, zulu, alpha`.
const char* const ordered = R"(id: ordered
effective: {from: 2020-01-01}
inputs:
  level: {type: enum, values: [low, high]}
  grade: {type: enum, values: [zulu, high, alpha, low]}
  marks: {type: list, of: {type: enum, values: [alpha, zulu, low]}}
  reports:
    type: list
    of: {date: date, kind: {type: enum, values: [zulu, low, alpha]}}
outputs:
  tier:
    type: enum
    values: [high, medium, low]
    cases:
      - when: level == high
        then: high
      - when: grade == alpha
        then: medium
      - otherwise: low
)";

TEST(Handles, ResolveOnceByNameAndDescribeTheirField) {
  const program& prog = copenhagen();
  input_handle category = prog.input("category");
  output_handle route = prog.output("route");
  EXPECT_TRUE(category.valid());
  EXPECT_EQ(prog.inputs()[category.index()].name, "category");
  EXPECT_EQ(prog.input(category).name, "category");
  EXPECT_EQ(prog.output(route).name, "route");
  // the enum's values, in the order the policy declares them (`values: [jobcenter, uu, kui,
  // none]`), not the engine's (the order the policy first names them: `uu, kui` are named by the
  // parameter `self_supporting_route` above `route`)
  EXPECT_EQ(prog.output(route).values(), prog.outputs()[route.index()].type.values);
  EXPECT_EQ(prog.output(route).values(),
            (std::vector<std::string>{"jobcenter", "uu", "kui", "none"}));
  EXPECT_EQ(
      prog.input(prog.input("state_signal")).values(),
      (std::vector<std::string>{"kriminalforsorgen", "politiet", "arbejdsdirektoratet", "skat"}));
  EXPECT_TRUE(prog.owns(category));
  EXPECT_TRUE(prog.owns(route));
  // a copy of a program is the same program; resolving twice gives the same handle
  program copy = prog;
  EXPECT_TRUE(copy.owns(category));
  EXPECT_EQ(copy.input("category"), category);
  // find_ probes without throwing
  EXPECT_EQ(prog.find_input("category"), category);
  EXPECT_EQ(prog.find_input("kategori"), std::nullopt);
  EXPECT_EQ(prog.find_output("route"), route);
  EXPECT_EQ(prog.find_output("rute"), std::nullopt);
  // a default handle belongs to no program
  EXPECT_FALSE(input_handle().valid());
  EXPECT_FALSE(prog.owns(input_handle()));
  EXPECT_FALSE(prog.owns(output_handle()));
}

TEST(Handles, AnUnknownNameThrowsWithTheClosestName) {
  const program& prog = copenhagen();
  EXPECT_EQ(thrown_by([&] { (void)prog.input("categroy"); }),
            "ssprules::program::input: policy `copenhagen-ssp-plus` has no input `categroy` "
            "(did you mean `category`?)");
  EXPECT_EQ(thrown_by([&] { (void)prog.output("routes"); }),
            "ssprules::program::output: policy `copenhagen-ssp-plus` has no output `routes` "
            "(did you mean `route`?)");
  // nothing close: no suggestion; the caller's text is kept to one line
  EXPECT_EQ(thrown_by([&] { (void)prog.input("zzz\nzzz"); }),
            "ssprules::program::input: policy `copenhagen-ssp-plus` has no input `zzz?zzz`");
  // an output is not an input
  EXPECT_THROW((void)prog.input("route"), ssprules::error);
}

TEST(Handles, AHandleOfAnotherProgramIsAnErrorNotUndefinedBehaviour) {
  const program& prog = copenhagen();
  // the same text loaded twice is two programs: a handle of one is foreign to the other
  program other = ssprules::test_support::load_path("rules/copenhagen/ssp-plus.yaml");
  input_handle theirs = other.input("category");
  output_handle their_route = other.output("route");
  EXPECT_FALSE(prog.owns(theirs));
  EXPECT_FALSE(prog.owns(their_route));
  EXPECT_THROW((void)prog.input(theirs), ssprules::error);
  EXPECT_THROW((void)prog.output(their_route), ssprules::error);

  record_decoder decoder(prog);
  facts record;
  decoder.decode({{prog.input("birth_date"), field_value::text("2008-02-29")},
                  {prog.input("category"), field_value::integer(3)},
                  {prog.input("benefit_status"), field_value::text("recipient")}},
                 record);
  ASSERT_TRUE(record.decoded_for(prog));
  EXPECT_NE(thrown_by([&] {
              decoder.decode({{theirs, field_value::integer(3)}}, record);
            }).find("an input handle of another program"),
            std::string::npos);
  // the record was not touched by the refused call
  EXPECT_TRUE(record.decoded_for(prog));
  EXPECT_TRUE(record.input_errors().empty());
  EXPECT_THROW(decoder.decode({{input_handle(), field_value::integer(3)}}, record),
               ssprules::error);
  EXPECT_THROW(decoder.replace(record, theirs, field_value::integer(3)), ssprules::error);

  decision d = ssprules::evaluate(prog, record, day("2025-03-01"));
  ASSERT_TRUE(d.ok()) << d.error()->message;
  EXPECT_THROW((void)d.get<std::string>(their_route), ssprules::error);
  EXPECT_THROW((void)d.enum_index(their_route), ssprules::error);
  EXPECT_THROW((void)d.output_error(their_route), ssprules::error);
  EXPECT_THROW((void)d.get<std::string>(output_handle()), ssprules::error);
  EXPECT_EQ(d.get<std::string>(prog.output("route")), "jobcenter");
}

TEST(Handles, DecodeByHandleGivesWhatDecodeByNameGives) {
  const program& prog = copenhagen();
  record_decoder decoder(prog);
  const input_handle birth = prog.input("birth_date");
  const input_handle category = prog.input("category");
  const input_handle signal = prog.input("state_signal");
  const input_handle benefit = prog.input("benefit_status");
  facts by_handle;
  decoder.decode({{benefit, field_value::string("self_supporting")},
                  {signal, field_value::text("arbejdsdirektoratet")},
                  {birth, field_value::of_date(day("2000-03-15"))},
                  {category, field_value::integer(3)}},
                 by_handle);
  facts by_name;
  decoder.decode({{"birth_date", field_value::of_date(day("2000-03-15"))},
                  {"category", field_value::integer(3)},
                  {"state_signal", field_value::text("arbejdsdirektoratet")},
                  {"benefit_status", field_value::string("self_supporting")}},
                 by_name);
  decision a = ssprules::evaluate(prog, by_handle, day("2018-03-01"));
  decision b = ssprules::evaluate(prog, by_name, day("2018-03-01"));
  ASSERT_TRUE(a.ok()) << a.error()->message;
  EXPECT_EQ(a.values(), b.values());
  EXPECT_EQ(ssprules::input_values(prog, by_handle), ssprules::input_values(prog, by_name));

  // problems are reported as by name: a wrong value, a missing required input, a field twice
  facts bad;
  decoder.decode({{category, field_value::integer(9)}, {signal, field_value::text("sk4t")}}, bad);
  ASSERT_EQ(bad.input_errors().size(), 4U);  // birth_date, category, state_signal, benefit_status
  EXPECT_EQ(bad.input_errors()[0].second.code_enum(), ssprules::error_code::required_input_missing);
  EXPECT_EQ(bad.input_errors()[1].second.code_enum(), ssprules::error_code::field_out_of_range);
  EXPECT_EQ(bad.input_errors()[2].second.code_enum(), ssprules::error_code::not_an_enum_field);
  EXPECT_EQ(bad.input_errors()[1].second.field, "category");
  facts twice;
  decoder.decode({{category, field_value::integer(3)}, {category, field_value::integer(4)}}, twice);
  ASSERT_TRUE(twice.error().has_value());
  EXPECT_EQ(twice.error()->code_enum(), ssprules::error_code::field_given_twice);
  EXPECT_EQ(twice.error()->message, "field `category` is given twice");

  // `id` and `as_of` are not inputs: they are set on the record
  facts with_id;
  decoder.decode(
      {{birth, field_value::text("2000-03-15")}, {benefit, field_value::text("recipient")}},
      with_id);
  with_id.set_id("case-7");
  with_id.set_as_of(day("2018-03-01"));
  decision c = ssprules::evaluate(prog, with_id, day("2030-01-01"));
  EXPECT_EQ(c.id(), "case-7");
  EXPECT_EQ(c.as_of(), day("2018-03-01"));

  // replace by handle, for "what if"
  decoder.replace(with_id, category, field_value::integer(4));
  EXPECT_TRUE(ssprules::evaluate(prog, with_id, day("2030-01-01"))
                  .get<bool>(prog.output("target_group"))
                  .value_or(false));
}

TEST(Handles, DecodingByHandleAllocatesNothingPerRecord) {
  const program& prog = copenhagen();
  record_decoder decoder(prog);
  const input_handle birth = prog.input("birth_date");
  const input_handle category = prog.input("category");
  const input_handle assessed = prog.input("assessed_category_3_or_4");
  const input_handle signal = prog.input("state_signal");
  const input_handle benefit = prog.input("benefit_status");
  const input_handle approved = prog.input("plan_approved_on");
  // cells as a CSV reader hands them out (texts), and typed values, in a buffer of one row that
  // is refilled record after record
  const std::vector<std::string> births = {"2000-03-15", "2008-02-29", "1999-12-31"};
  const std::vector<std::string> signals = {"arbejdsdirektoratet", "kriminalforsorgen", "skat"};
  std::vector<std::pair<input_handle, field_value>> row;
  row.reserve(6);
  facts record;
  auto fill = [&](std::size_t i) {
    row.clear();
    row.emplace_back(birth, field_value::text(births[i % births.size()]));
    row.emplace_back(category, i % 5 == 0
                                   ? field_value::absent()
                                   : field_value::integer(static_cast<std::int64_t>(1 + i % 4)));
    row.emplace_back(assessed, field_value::text(i % 2 == 0 ? "true" : "false"));
    row.emplace_back(signal, field_value::text(signals[i % signals.size()]));  // 19 characters
    row.emplace_back(benefit, field_value::string(i % 3 == 0 ? "recipient" : "self_supporting"));
    row.emplace_back(approved, i % 2 == 0 ? field_value::of_date(day("2017-06-01"))
                                          : field_value::real(std::nan("")));  // pandas' NaN
    decoder.decode(row, record);
  };
  fill(0);  // the first record sizes `record`'s storage
  ASSERT_TRUE(record.input_errors().empty()) << record.input_errors()[0].second.message;
  const std::size_t before = allocations.load();
  std::size_t decoded = 0;
  for (std::size_t i = 0; i < 1000; ++i) {
    fill(i);
    decoded += record.input_errors().empty() ? 1 : 0;
  }
  const std::size_t during = allocations.load() - before;
  EXPECT_EQ(decoded, 1000U);
  EXPECT_EQ(during, 0U) << "allocations while decoding 1000 records by handle";

  // the counter counts (a decoder builds its map of names)
  const std::size_t counted = allocations.load();
  record_decoder another(prog);
  EXPECT_GT(allocations.load() - counted, 0U);

  // and a record of the decoded inputs evaluates as it should
  fill(3);
  decision d = ssprules::evaluate(prog, record, day("2018-03-01"));
  ASSERT_TRUE(d.ok()) << d.error()->message;
  EXPECT_EQ(d.get<std::int64_t>(prog.output("age")), 17);
}

TEST(Handles, APolicyOfManyInputsDecodesByHandleWithoutAllocatingToo) {
  // past 512 inputs the bits of the inputs given live in a buffer of the thread's, not on the
  // stack: duplicates are still found, and still nothing is allocated per record
  std::string text = "id: wide\neffective: {from: 2020-01-01}\ninputs:\n";
  for (int i = 0; i < 600; ++i)
    text += "  x" + std::to_string(i) + ": {type: integer, default: 0}\n";
  text += "outputs:\n  total: x0 + x599\n";
  auto loaded = ssprules::load_string(text, "wide.yaml");
  ASSERT_TRUE(loaded.ok()) << ssprules::render(loaded.diagnostics);
  const program& prog = loaded.prog;
  const input_handle first = prog.input("x0");
  const input_handle last = prog.input("x599");
  EXPECT_EQ(last.index(), 599U);
  record_decoder decoder(prog);
  facts record;
  decoder.decode({{last, field_value::integer(40)}, {first, field_value::integer(2)}}, record);
  const std::size_t before = allocations.load();
  for (std::int64_t i = 0; i < 100; ++i) {
    decoder.decode({{last, field_value::integer(40 + i)}, {first, field_value::integer(2)}},
                   record);
  }
  EXPECT_EQ(allocations.load() - before, 0U);
  EXPECT_EQ(
      ssprules::evaluate(prog, record, day("2025-01-01")).get<std::int64_t>(prog.output("total")),
      141);
  decoder.decode({{last, field_value::integer(1)}, {last, field_value::integer(2)}}, record);
  ASSERT_TRUE(record.error().has_value());
  EXPECT_EQ(record.error()->message, "field `x599` is given twice");
}

TEST(Handles, GetReadsEachKindAndNulloptWhenMissing) {
  const program& prog = kinds_program();
  record_decoder decoder(prog);
  facts record;
  decoder.decode({{prog.input("n"), field_value::integer(21)},
                  {prog.input("amount"), field_value::text("2.25")},
                  {prog.input("label"), field_value::string("Ærø")},
                  {prog.input("colour"), field_value::text("blue")},
                  {prog.input("born"), field_value::text("2024-02-28")},
                  {prog.input("flag"), field_value::boolean(true)}},
                 record);
  decision d = ssprules::evaluate(prog, record, day("2025-01-01"));
  ASSERT_TRUE(d.ok()) << d.error()->message;
  EXPECT_EQ(d.get<std::int64_t>(prog.output("doubled")), 42);
  EXPECT_EQ(d.get<decimal>(prog.output("total")), decimal::parse("3.75"));
  EXPECT_EQ(d.get<std::string>(prog.output("name")), "Ærø");
  EXPECT_EQ(d.get<std::string_view>(prog.output("name")), "Ærø");
  EXPECT_EQ(d.get<std::string>(prog.output("shade")), "dark");
  EXPECT_EQ(d.get<date>(prog.output("next_day")), day("2024-02-29"));
  EXPECT_EQ(d.get<bool>(prog.output("negated")), false);
  // a missing optional output is nullopt, where `as_integer()` reads 0
  const output_handle extra = prog.output("extra");
  EXPECT_EQ(d.values()[extra.index()].as_integer(), 0);
  EXPECT_EQ(d.get<std::int64_t>(extra), std::nullopt);
  EXPECT_EQ(d.output_error(extra), nullptr);
  // value::get is the same, on a value
  EXPECT_EQ(d.values()[prog.output("doubled").index()].get<std::int64_t>(), 42);
  EXPECT_EQ(ssprules::value::missing(ssprules::type_kind::date).get<date>(), std::nullopt);
}

TEST(Handles, GetOfAFailedRecordIsNulloptAndTheErrorSaysWhy) {
  const program& prog = kinds_program();
  record_decoder decoder(prog);
  facts record;
  decoder.decode({{prog.input("n"), field_value::integer(21)},
                  {prog.input("amount"), field_value::text("2.25")},
                  {prog.input("label"), field_value::string("x")},
                  {prog.input("colour"), field_value::text("red")},
                  {prog.input("born"), field_value::text("2024-02-28")},
                  {prog.input("flag"), field_value::boolean(true)},
                  {prog.input("divisor"), field_value::integer(0)}},
                 record);
  decision d = ssprules::evaluate(prog, record, day("2025-01-01"));
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error()->code_enum(), ssprules::error_code::division_by_zero);
  const output_handle ratio = prog.output("ratio");
  EXPECT_EQ(d.get<std::int64_t>(ratio), std::nullopt);
  ASSERT_NE(d.output_error(ratio), nullptr);
  EXPECT_EQ(d.output_error(ratio)->code_enum(), ssprules::error_code::division_by_zero);
  // a record that is not decided has no outputs at all, even those that did not fail
  EXPECT_EQ(d.get<std::int64_t>(prog.output("doubled")), std::nullopt);
  EXPECT_EQ(d.enum_index(prog.output("shade")), std::nullopt);
  // a decision never evaluated has nothing either
  EXPECT_EQ(decision().get<std::int64_t>(ratio), std::nullopt);
  EXPECT_EQ(decision().enum_index(prog.output("shade")), std::nullopt);
}

TEST(Handles, ATypeThatDoesNotFitTheOutputIsAClearRuntimeError) {
  const program& prog = copenhagen();
  facts record = ssprules::test_support::decode(
      prog, ssprules::test_support::text_fields{{"birth_date", "2000-03-15"},
                                                {"benefit_status", "recipient"}});
  decision d = ssprules::evaluate(prog, record, day("2018-03-01"));
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(thrown_by([&] { (void)d.get<std::int64_t>(prog.output("route")); }),
            "ssprules: get<std::int64_t> of output `route`, which is an enum: read it with "
            "get<std::string>, get<std::string_view> or decision::enum_index");
  EXPECT_EQ(thrown_by([&] { (void)d.get<date>(prog.output("age")); }),
            "ssprules: get<ssprules::date> of output `age`, which is an integer: read it with "
            "get<std::int64_t>");
  EXPECT_THROW((void)d.get<bool>(prog.output("intake_date")), ssprules::error);
  EXPECT_THROW((void)d.enum_index(prog.output("age")), ssprules::error);
  EXPECT_THROW((void)ssprules::value::of_integer(3).get<std::string>(), ssprules::error);
  // the type is checked even when the value is missing: a wrong get is a bug in every record
  EXPECT_THROW((void)decision(d).get<date>(prog.output("target_group")), ssprules::error);
}

TEST(Handles, EnumIndexCountsInTheOutputsOwnValues) {
  const program& prog = copenhagen();
  const output_handle route = prog.output("route");
  const output_handle phase = prog.output("phase");
  // the position of `name` among output `h`'s values
  auto position = [&](output_handle h, std::string_view name) {
    const std::vector<std::string>& values = prog.output(h).values();
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (values[i] == name) return i;
    }
    ADD_FAILURE() << name << " is not a value of " << prog.output(h).name;
    return values.size();
  };
  record_decoder decoder(prog);
  facts record;
  auto decide = [&](const char* benefit, const char* as_of) {
    decoder.decode({{prog.input("birth_date"), field_value::text("2000-03-15")},
                    {prog.input("category"), field_value::integer(3)},
                    {prog.input("benefit_status"), field_value::text(benefit)}},
                   record);
    return ssprules::evaluate(prog, record, day(as_of));
  };
  struct expected_case {
    const char* benefit;
    const char* as_of;
    const char* route;
    const char* phase;
  };
  const std::vector<expected_case> cases = {
      {"recipient", "2018-03-01", "jobcenter", "triangle"},  // 17
      {"self_supporting", "2019-03-01", "uu", "ssp_plus"},   // 18, before 2019-08-01
      {"self_supporting", "2020-03-01", "kui", "ssp_plus"},  // 19, from 2019-08-01
      {"recipient", "2030-03-01", "none", "none"},           // 30: not eligible
  };
  for (const expected_case& c : cases) {
    decision d = decide(c.benefit, c.as_of);
    ASSERT_TRUE(d.ok()) << d.error()->message;
    EXPECT_EQ(d.get<std::string>(route), c.route);
    EXPECT_EQ(d.enum_index(route), position(route, c.route)) << c.as_of;
    EXPECT_EQ(d.enum_index(phase), position(phase, c.phase)) << c.as_of;
    EXPECT_EQ(prog.output(route).values()[d.enum_index(route).value()], c.route);
  }
  // each output counts in its own values: `none` is a value of both, at its own place in each
  decision old = decide("recipient", "2030-03-01");
  EXPECT_LT(old.enum_index(phase).value(), prog.output(phase).values().size());
  EXPECT_LT(old.enum_index(route).value(), prog.output(route).values().size());
  EXPECT_EQ(prog.output(phase).values().size(), 3U);
}

TEST(Handles, EnumValuesAreInTheOrderThePolicyDeclaresThem) {
  using names = std::vector<std::string>;
  const program& cph = copenhagen();
  EXPECT_EQ(cph.output(cph.output("route")).values(), (names{"jobcenter", "uu", "kui", "none"}));
  EXPECT_EQ(cph.output(cph.output("phase")).values(), (names{"triangle", "ssp_plus", "none"}));
  EXPECT_EQ(cph.output(cph.output("plan_status")).values(),
            (names{"not_applicable", "approved", "approved_late", "not_due", "due", "overdue"}));
  EXPECT_EQ(cph.input(cph.input("benefit_status")).values(),
            (names{"recipient", "self_supporting"}));

  const program prog = load_text(ordered);
  EXPECT_EQ(prog.input(prog.input("level")).values(), (names{"low", "high"}));
  EXPECT_EQ(prog.input(prog.input("grade")).values(), (names{"zulu", "high", "alpha", "low"}));
  // a list of enums, and the enum field of a list of records, in their declarations' order too
  EXPECT_EQ(prog.input(prog.input("marks")).values(), (names{"alpha", "zulu", "low"}));
  const std::vector<ssprules::value_field>& fields = prog.input(prog.input("reports")).type.fields;
  ASSERT_EQ(fields.size(), 2U);
  EXPECT_EQ(fields[1].name, "kind");
  EXPECT_EQ(fields[1].type.values, (names{"zulu", "low", "alpha"}));
  const output_handle tier = prog.output("tier");
  EXPECT_EQ(prog.output(tier).values(), (names{"high", "medium", "low"}));

  // enum_index counts in that order, on a decision and on a batch
  record_decoder decoder(prog);
  record_batch batch(prog);
  std::vector<decision> decisions;
  for (const auto& [level, grade] : std::vector<std::pair<const char*, const char*>>{
           {"high", "zulu"}, {"low", "alpha"}, {"low", "zulu"}}) {
    facts record;
    decoder.decode({{prog.input("level"), field_value::text(level)},
                    {prog.input("grade"), field_value::text(grade)}},
                   record);  // absent lists are empty
    decisions.push_back(ssprules::evaluate(prog, record, day("2025-01-01")));
    batch.push_back(record);
  }
  result_batch out;
  ssprules::evaluate_batch(prog, batch, day("2025-01-01"), out);
  const std::vector<std::size_t> expected = {0, 1, 2};  // high, medium, low
  for (std::size_t i = 0; i < decisions.size(); ++i) {
    ASSERT_TRUE(decisions[i].ok()) << decisions[i].error()->message;
    EXPECT_EQ(decisions[i].enum_index(tier), expected[i]);
    EXPECT_EQ(out.enum_index(i, tier), expected[i]);
    EXPECT_EQ(prog.output(tier).values()[expected[i]], decisions[i].get<std::string>(tier));
  }
  // the engine's own table of names (which batch columns index) is unchanged: `low` first
  EXPECT_EQ(out.enum_names().front(), "low");
}

// A register of Copenhagen records: most decided, some failing while their rules run (a required
// input missing: the outputs that read it fail, others do not), some failing before (a policy
// not yet in force on the record's own date).
std::vector<facts> mixed_register(const program& prog, std::size_t n) {
  record_decoder decoder(prog);
  std::vector<facts> records(n);
  const std::array<const char*, 2> benefits = {"recipient", "self_supporting"};
  const std::array<const char*, 4> births = {"2000-03-15", "1994-07-01", "2008-02-29",
                                             "1990-01-01"};
  for (std::size_t i = 0; i < n; ++i) {
    facts& r = records[i];
    if (i % 97 == 5) {  // no birth date: age, phase, route... fail; nothing reads it in some
      decoder.decode({{prog.input("category"), field_value::integer(4)},
                      {prog.input("benefit_status"), field_value::text("recipient")}},
                     r);
    } else {
      decoder.decode(
          {{prog.input("birth_date"), field_value::text(births[i % 4])},
           {prog.input("category"), field_value::integer(static_cast<std::int64_t>(1 + i % 4))},
           {prog.input("benefit_status"), field_value::text(benefits[i % 2])}},
          r);
    }
    if (i % 211 == 7) r.set_as_of(day("2001-01-01"));  // before 2009-05-14: not in force
  }
  return records;
}

TEST(Handles, ABatchReadsByHandleAsADecisionDoes) {
  const program& prog = copenhagen();
  // over 8192 records: several blocks, joined in order, when evaluated on two threads
  const std::vector<facts> records = mixed_register(prog, 20'000);
  record_batch batch(prog);
  for (const facts& r : records) batch.push_back(r);
  const date as_of = day("2018-03-01");
  std::vector<decision> decisions;
  decisions.reserve(records.size());
  for (const facts& r : records) decisions.push_back(ssprules::evaluate(prog, r, as_of));
  const output_handle age = prog.output("age");
  const output_handle target = prog.output("target_group");
  const output_handle route = prog.output("route");
  const output_handle intake = prog.output("intake_date");
  const std::vector<output_handle> all = [&] {
    std::vector<output_handle> hs;
    for (const auto& o : prog.outputs()) hs.push_back(prog.output(o.name));
    return hs;
  }();
  auto same_error = [](const record_error* a, const record_error* b) {
    return a == nullptr ? b == nullptr : b != nullptr && *a == *b;
  };
  for (unsigned threads : {1U, 2U}) {
    result_batch out;
    ssprules::evaluate_batch(prog, batch, as_of, out, threads);
    ASSERT_EQ(out.size(), records.size());
    std::size_t mismatches = 0;
    std::size_t failed = 0;
    std::size_t partly = 0;  // failed records with an output no problem hit
    for (std::size_t i = 0; i < out.size(); ++i) {
      const decision& d = decisions[i];
      bool same = d.get<std::int64_t>(age) == out.get<std::int64_t>(i, age) &&
                  d.get<bool>(target) == out.get<bool>(i, target) &&
                  d.get<std::string>(route) == out.get<std::string>(i, route) &&
                  d.get<std::string_view>(route) == out.get<std::string_view>(i, route) &&
                  d.enum_index(route) == out.enum_index(i, route) &&
                  d.get<date>(intake) == out.get<date>(i, intake);
      bool none_hit = false;
      for (output_handle h : all) {
        same = same && same_error(d.output_error(h), out.output_error(i, h));
        none_hit = none_hit || d.output_error(h) == nullptr;
      }
      if (!d.ok()) {
        ++failed;
        partly += none_hit ? 1 : 0;
      }
      if (!same && ++mismatches <= 3) {
        ADD_FAILURE() << threads << " threads, record " << i << ": " << d.to_json();
      }
    }
    EXPECT_EQ(mismatches, 0U) << threads << " threads";
    // the register holds every kind of record
    EXPECT_GT(failed, 250U);
    EXPECT_GT(partly, 100U);
    EXPECT_EQ(out.get<std::string>(0, route), decisions[0].get<std::string>(route));
  }
  // a record that failed before its rules ran: its problem is every output's
  result_batch out;
  ssprules::evaluate_batch(prog, batch, as_of, out);
  // reading the columns by handle allocates nothing
  const std::size_t before = allocations.load();
  std::size_t read = 0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    read += out.get<std::int64_t>(i, age).has_value() ? 1 : 0;
    read += out.get<std::string_view>(i, route).has_value() ? 1 : 0;
    read += out.enum_index(i, route).has_value() ? 1 : 0;
    read += out.get<date>(i, intake).has_value() ? 1 : 0;
    read += out.output_error(i, age) != nullptr ? 1 : 0;
  }
  EXPECT_EQ(allocations.load() - before, 0U) << "allocations while reading a batch by handle";
  EXPECT_GT(read, out.size());
  ASSERT_NE(out.error(7), nullptr);
  EXPECT_EQ(out.error(7)->code_enum(), ssprules::error_code::not_in_force);
  for (output_handle h : all) EXPECT_EQ(out.output_error(7, h), out.error(7));
  // one that failed while they ran: the problem of each output, or none
  ASSERT_NE(out.error(5), nullptr);
  EXPECT_EQ(out.error(5)->code_enum(), ssprules::error_code::required_input_missing);
  ASSERT_NE(out.output_error(5, age), nullptr);
  EXPECT_EQ(out.output_error(5, age)->field, "birth_date");
  EXPECT_EQ(out.get<std::int64_t>(5, age), std::nullopt);
  EXPECT_EQ(out.enum_index(5, route), std::nullopt);
}

TEST(Handles, ABatchRefusesWhatADecisionRefuses) {
  const program& prog = copenhagen();
  const std::vector<facts> records = mixed_register(prog, 3);
  record_batch batch(prog);
  for (const facts& r : records) batch.push_back(r);
  result_batch out;
  ssprules::evaluate_batch(prog, batch, day("2018-03-01"), out);
  ASSERT_TRUE(out.ok(0));
  // a handle of another program (the same text loaded again), or a default one
  program other = ssprules::test_support::load_path("rules/copenhagen/ssp-plus.yaml");
  const output_handle theirs = other.output("route");
  EXPECT_NE(thrown_by([&] {
              (void)out.get<std::string>(0, theirs);
            }).find("an output handle of another program"),
            std::string::npos);
  EXPECT_THROW((void)out.enum_index(0, theirs), ssprules::error);
  EXPECT_THROW((void)out.output_error(0, theirs), ssprules::error);
  EXPECT_THROW((void)out.get<std::string>(0, output_handle()), ssprules::error);
  // a type that does not fit, checked even where the value is missing
  EXPECT_EQ(thrown_by([&] { (void)out.get<std::int64_t>(0, prog.output("route")); }),
            "ssprules: get<std::int64_t> of output `route`, which is an enum: read it with "
            "get<std::string>, get<std::string_view> or decision::enum_index");
  EXPECT_THROW((void)out.enum_index(0, prog.output("age")), ssprules::error);
  // a record the batch does not have
  EXPECT_EQ(thrown_by([&] { (void)out.get<std::int64_t>(3, prog.output("age")); }),
            "ssprules::result_batch::get: record 3 of a batch of 3 records");
  EXPECT_THROW((void)out.enum_index(3, prog.output("route")), ssprules::error);
  EXPECT_THROW((void)out.output_error(3, prog.output("route")), ssprules::error);
  EXPECT_THROW((void)result_batch().get<bool>(0, prog.output("eligible")), ssprules::error);
}

TEST(Handles, ABatchReadsEachKind) {
  const program& prog = kinds_program();
  record_decoder decoder(prog);
  facts record;
  decoder.decode({{prog.input("n"), field_value::integer(21)},
                  {prog.input("amount"), field_value::text("2.25")},
                  {prog.input("label"), field_value::string("Ærø")},
                  {prog.input("colour"), field_value::text("green")},
                  {prog.input("born"), field_value::text("2024-02-28")},
                  {prog.input("flag"), field_value::boolean(true)},
                  {prog.input("bonus"), field_value::integer(5)}},
                 record);
  record_batch batch(prog);
  batch.push_back(record);
  record.set_id("second");
  decoder.replace(record, prog.input("bonus"), field_value::absent());
  batch.push_back(record);
  result_batch out;
  ssprules::evaluate_batch(prog, batch, day("2025-01-01"), out);
  ASSERT_EQ(out.size(), 2U);
  EXPECT_EQ(out.get<std::int64_t>(0, prog.output("doubled")), 42);
  EXPECT_EQ(out.get<decimal>(0, prog.output("total")), decimal::parse("3.75"));
  EXPECT_EQ(out.get<std::string>(0, prog.output("name")), "Ærø");
  EXPECT_EQ(out.get<std::string_view>(0, prog.output("name")), "Ærø");
  EXPECT_EQ(out.get<std::string>(0, prog.output("shade")), "none");
  EXPECT_EQ(out.enum_index(0, prog.output("shade")), 2U);  // [light, dark, none]
  EXPECT_EQ(out.get<date>(0, prog.output("next_day")), day("2024-02-29"));
  EXPECT_EQ(out.get<bool>(0, prog.output("negated")), false);
  EXPECT_EQ(out.get<std::int64_t>(0, prog.output("extra")), 5);
  // a missing optional output: nullopt, and no error
  EXPECT_EQ(out.get<std::int64_t>(1, prog.output("extra")), std::nullopt);
  EXPECT_EQ(out.output_error(1, prog.output("extra")), nullptr);
  EXPECT_EQ(out.get<std::int64_t>(1, prog.output("doubled")), 42);
}

}  // namespace
