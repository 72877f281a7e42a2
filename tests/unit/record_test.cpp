// Unit tests for record.hpp: the decoder from raw field values (CSV text, JSON strings, numbers
// and booleans, host values) to typed facts, its per-input and per-record errors, header
// binding, and that no error message repeats the value of a case.
#include "ssprules/record.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ssprules/evaluate.hpp"
#include "test_support.hpp"

namespace ssprules {
// Failure messages show values as JSON rather than as bytes.
void PrintTo(const value& v, std::ostream* os) { *os << v.to_json(); }
}  // namespace ssprules

namespace {

using ssprules::date;
using ssprules::decimal;
using ssprules::facts;
using ssprules::field_value;
using ssprules::program;
using ssprules::record_decoder;
using ssprules::record_error;
using ssprules::value;
using ssprules::test_support::day;

// Every input type, each echoed by an output `out_<input>`.
const char* const echo_policy = R"(id: records
effective: {from: 2000-01-01}
inputs:
  flag: {type: bool, optional: true}
  n: {type: integer, min: 1, max: 4, optional: true}
  big: {type: integer, optional: true}
  amount: {type: decimal, optional: true}
  name: {type: string, optional: true}
  status: {type: enum, values: [recipient, self_supporting], optional: true}
  born: {type: date, optional: true}
  dflt: {type: bool, default: true}
  level: {type: integer, default: 2}
outputs:
  out_flag: flag
  out_n: n
  out_big: big
  out_amount: amount
  out_name: name
  out_status: status
  out_born: born
  out_dflt: dflt
  out_level: level
)";

const program& echo() {
  static const program prog = [] {
    auto r = ssprules::load_string(echo_policy, "records.yaml");
    EXPECT_TRUE(r.ok()) << ssprules::render(r.diagnostics);
    return r.prog;
  }();
  return prog;
}

const program& required() {
  static const program prog = [] {
    auto r = ssprules::load_string(R"(id: required
effective: {from: 2000-01-01}
inputs:
  birth_date: date
  category: {type: integer, min: 1, max: 4}
outputs:
  born: birth_date
  cat: category
)",
                                   "required.yaml");
    EXPECT_TRUE(r.ok()) << ssprules::render(r.diagnostics);
    return r.prog;
  }();
  return prog;
}

using named = std::vector<std::pair<std::string_view, field_value>>;

facts decode(const program& prog, const named& fields,
             std::vector<std::string_view>* unknown = nullptr) {
  record_decoder decoder(prog);
  facts out;
  decoder.decode(fields, out, unknown);
  return out;
}

// The decoded value of one input, seen through the output that echoes it.
value decoded(std::string_view input, const field_value& v) {
  facts f = decode(echo(), {{input, v}});
  ssprules::decision d = ssprules::evaluate(echo(), f, day("2020-01-01"));
  const value* out = d.find("out_" + std::string(input));
  EXPECT_NE(out, nullptr) << input;
  return out ? *out : value();
}

// The error of one input after decoding it alone, if any.
std::optional<record_error> error_of(const program& prog, std::string_view input,
                                     const field_value& v) {
  facts f = decode(prog, {{input, v}});
  for (const auto& [index, e] : f.input_errors()) {
    if (e.field == input) return e;
  }
  return std::nullopt;
}

std::optional<record_error> error_of(std::string_view input, const field_value& v) {
  return error_of(echo(), input, v);
}

// Expects an error with `code` whose message names the field and does not contain `secret`.
void expect_private_error(std::string_view input, const field_value& v, std::string_view code,
                          std::string_view secret) {
  auto e = error_of(input, v);
  ASSERT_TRUE(e.has_value()) << input << " = " << secret;
  EXPECT_EQ(e->code, code) << e->message;
  EXPECT_EQ(e->field, input);
  EXPECT_NE(e->message.find("`" + std::string(input) + "`"), std::string::npos) << e->message;
  EXPECT_EQ(e->message.find(secret), std::string::npos)
      << "the message repeats the value `" << secret << "`: " << e->message;
}

// ---------------------------------------------------------------------------------------------
// every input type from every kind of field value

TEST(Decode, Booleans) {
  EXPECT_EQ(decoded("flag", field_value::text("true")), value::of_bool(true));
  EXPECT_EQ(decoded("flag", field_value::text("false")), value::of_bool(false));
  EXPECT_EQ(decoded("flag", field_value::text("TRUE")), value::of_bool(true));
  EXPECT_EQ(decoded("flag", field_value::text("False")), value::of_bool(false));
  EXPECT_EQ(decoded("flag", field_value::boolean(true)), value::of_bool(true));
  EXPECT_EQ(decoded("flag", field_value::boolean(false)), value::of_bool(false));
  EXPECT_EQ(decoded("flag", field_value::text(" true ")), value::of_bool(true))
      << "spaces around a CSV cell mean nothing";
  // 0 and 1 however written: a 0/1 column, also pandas' float64 of one with blanks
  for (const field_value& one :
       {field_value::text("1"), field_value::text("1.0"), field_value::number("1"),
        field_value::number("1e0"), field_value::integer(1), field_value::real(1.0),
        field_value::of_decimal(decimal::from_micros(1'000'000))}) {
    EXPECT_EQ(decoded("flag", one), value::of_bool(true));
  }
  for (const field_value& zero :
       {field_value::text("0"), field_value::text("0.0"), field_value::number("-0"),
        field_value::integer(0), field_value::real(0.0), field_value::real(-0.0)}) {
    EXPECT_EQ(decoded("flag", zero), value::of_bool(false));
  }
}

TEST(Decode, BooleanRejects) {
  expect_private_error("flag", field_value::text("ja"), "SR1002", "ja");
  expect_private_error("flag", field_value::string("true"), "SR1002", "true\"");
  expect_private_error("flag", field_value::number("17"), "SR1002", "17");
  expect_private_error("flag", field_value::integer(2), "SR1002", "2 ");
  expect_private_error("flag", field_value::real(0.5), "SR1002", "0.5");
  expect_private_error("flag", field_value::text("1.5"), "SR1002", "1.5");
  EXPECT_EQ(error_of("flag", field_value::text("ja"))->message,
            "field `flag` must be `true` or `false` (or 1 or 0)");
  EXPECT_EQ(error_of("flag", field_value::string("true"))->message,
            "field `flag` must be `true` or `false`, not a string");
}

TEST(Decode, Integers) {
  EXPECT_EQ(decoded("n", field_value::text("3")), value::of_integer(3));
  EXPECT_EQ(decoded("n", field_value::text("+4")), value::of_integer(4));
  EXPECT_EQ(decoded("n", field_value::number("2")), value::of_integer(2));
  EXPECT_EQ(decoded("n", field_value::integer(1)), value::of_integer(1));
  EXPECT_EQ(decoded("big", field_value::text("-9223372036854775808")),
            value::of_integer(std::numeric_limits<std::int64_t>::min()));
  EXPECT_EQ(decoded("big", field_value::text("9223372036854775807")),
            value::of_integer(std::numeric_limits<std::int64_t>::max()));
  // a whole number however it is written: `df.to_csv()` writes 3.0 for a float64 column
  EXPECT_EQ(decoded("n", field_value::text("3.0")), value::of_integer(3));
  EXPECT_EQ(decoded("n", field_value::text("003")), value::of_integer(3));
  EXPECT_EQ(decoded("n", field_value::number("0.3e1")), value::of_integer(3));
  EXPECT_EQ(decoded("big", field_value::number("1.5e3")), value::of_integer(1500));
  EXPECT_EQ(decoded("big", field_value::number("1E+3")), value::of_integer(1000));
  EXPECT_EQ(decoded("big", field_value::number("-0.0")), value::of_integer(0));
  EXPECT_EQ(decoded("big", field_value::number("0e999999999999")), value::of_integer(0));
  EXPECT_EQ(decoded("big", field_value::number("100e-2")), value::of_integer(1));
  EXPECT_EQ(decoded("n", field_value::real(3.0)), value::of_integer(3));
  EXPECT_EQ(decoded("big", field_value::real(-2.0)), value::of_integer(-2));
  EXPECT_EQ(decoded("big", field_value::real(9007199254740992.0)),
            value::of_integer(9007199254740992));
  EXPECT_EQ(decoded("n", field_value::of_decimal(decimal::from_micros(2'000'000))),
            value::of_integer(2));
  EXPECT_EQ(decoded("big", field_value::text("-9.223372036854775808e18")),
            value::of_integer(std::numeric_limits<std::int64_t>::min()));
  EXPECT_FALSE(decoded("n", field_value::real(std::nan(""))).present()) << "NaN is absent";
}

TEST(Decode, IntegerRejects) {
  expect_private_error("big", field_value::text("seventeen"), "SR1002", "seventeen");
  expect_private_error("big", field_value::text("17.5"), "SR1002", "17.5");
  expect_private_error("big", field_value::text("9223372036854775808"), "SR1004",
                       "9223372036854775808");
  expect_private_error("big", field_value::number("1e19"), "SR1004", "1e19");
  expect_private_error("big", field_value::number("1e999999999999"), "SR1004", "1e999");
  expect_private_error("big", field_value::real(1e300), "SR1004", "1e+300");
  expect_private_error("big", field_value::text("+-5"), "SR1002", "+-5");
  expect_private_error("big", field_value::number("1.5"), "SR1002", "1.5");
  expect_private_error("big", field_value::number("1e-3"), "SR1002", "1e-3");
  expect_private_error("big", field_value::real(2.5), "SR1002", "2.5");
  expect_private_error("big", field_value::of_decimal(decimal::from_micros(1)), "SR1002",
                       "0.000001");
  expect_private_error("big", field_value::text("3."), "SR1002", "3.");
  expect_private_error("big", field_value::text(".5"), "SR1002", ".5");
  expect_private_error("big", field_value::text("1e"), "SR1002", "1e");
  expect_private_error("big", field_value::text("1 000"), "SR1002", "1 000");
  expect_private_error("big", field_value::text("0x10"), "SR1002", "0x10");
  expect_private_error("big", field_value::string("42"), "SR1002", "42");
  expect_private_error("big", field_value::boolean(true), "SR1002", "true");
  EXPECT_EQ(error_of("n", field_value::text("seventeen"))->message,
            "field `n` must be a whole number from 1 to 4");
  EXPECT_EQ(error_of("big", field_value::string("42"))->message,
            "field `big` must be a whole number, not a string");
  EXPECT_EQ(error_of("big", field_value::text("9223372036854775808"))->message,
            "field `big` is too large for a 64-bit integer");
  EXPECT_EQ(error_of("big", field_value::real(std::numeric_limits<double>::infinity()))->message,
            "field `big` must be a whole number, not an infinite number");
}

TEST(Decode, IntegerRange) {
  expect_private_error("n", field_value::text("99"), "SR1004", "99");
  expect_private_error("n", field_value::integer(-7), "SR1004", "-7");
  expect_private_error("n", field_value::number("0"), "SR1004", "0 ");
  EXPECT_EQ(error_of("n", field_value::text("99"))->message,
            "field `n` is out of range: it must be a whole number from 1 to 4");
  EXPECT_FALSE(error_of("n", field_value::text("1")).has_value());
  EXPECT_FALSE(error_of("n", field_value::text("4")).has_value());
}

TEST(Decode, Decimals) {
  EXPECT_EQ(decoded("amount", field_value::text("535000.25")).to_string(), "535000.25");
  EXPECT_EQ(decoded("amount", field_value::number("-0.5")).to_string(), "-0.5");
  EXPECT_EQ(decoded("amount", field_value::integer(3)).to_string(), "3");
  EXPECT_EQ(decoded("amount", field_value::of_decimal(decimal::from_micros(1))).to_string(),
            "0.000001");
  EXPECT_EQ(decoded("amount", field_value::text("7")).to_string(), "7");
  // exponents, as JSON and Python write them, read exactly (no binary rounding)
  EXPECT_EQ(decoded("amount", field_value::number("1e-05")).to_string(), "0.00001");
  EXPECT_EQ(decoded("amount", field_value::number("1.5e3")).to_string(), "1500");
  EXPECT_EQ(decoded("amount", field_value::text("2.500000000")).to_string(), "2.5")
      << "trailing zeros are not digits that count";
  EXPECT_EQ(decoded("amount", field_value::real(0.1)).to_string(), "0.1")
      << "a double as it prints, not 0.1000000000000000055511151231257827";
  EXPECT_EQ(decoded("amount", field_value::real(0.00001)).to_string(), "0.00001");
  EXPECT_EQ(decoded("amount", field_value::real(-123456.75)).to_string(), "-123456.75");
}

TEST(Decode, DecimalRejects) {
  expect_private_error("amount", field_value::text("12.3456789"), "SR1002", "12.3456789");
  expect_private_error("amount", field_value::text("12,5"), "SR1002", "12,5");
  expect_private_error("amount", field_value::string("12.5"), "SR1002", "12.5");
  expect_private_error("amount", field_value::integer(9'223'372'036'854'775), "SR1004",
                       "9223372036854775");
  expect_private_error("amount", field_value::real(0.1234567), "SR1002", "0.1234567");
  expect_private_error("amount", field_value::number("1e-7"), "SR1002", "1e-7");
  expect_private_error("amount", field_value::number("1e13"), "SR1004", "1e13");
  EXPECT_EQ(error_of("amount", field_value::text("12.3456789"))->message,
            "field `amount` must be a decimal number with at most 6 digits after the point");
}

TEST(Decode, Strings) {
  EXPECT_EQ(decoded("name", field_value::text("Nørrebro")), value::of_string("Nørrebro"));
  EXPECT_EQ(decoded("name", field_value::string("Tingbjerg")), value::of_string("Tingbjerg"));
  EXPECT_EQ(decoded("name", field_value::text("  padded  ")), value::of_string("  padded  "))
      << "strings are kept as given";
  EXPECT_EQ(decoded("name", field_value::text("")), value::of_string(""))
      << "an empty text is an empty string, not absent";
  expect_private_error("name", field_value::number("1234"), "SR1002", "1234");
  expect_private_error("name", field_value::boolean(false), "SR1002", "false");
}

TEST(Decode, StringsOutliveTheCallersBuffer) {
  facts f;
  {
    std::string buffer = "Tingbjerg";
    f = decode(echo(), {{"name", field_value::text(buffer)}});
    buffer.assign("XXXXXXXXX");
  }
  ssprules::decision d = ssprules::evaluate(echo(), f, day("2020-01-01"));
  EXPECT_EQ(*d.find("out_name"), value::of_string("Tingbjerg"));
}

TEST(Decode, Enums) {
  EXPECT_EQ(decoded("status", field_value::text("recipient")), value::of_enum("recipient"));
  EXPECT_EQ(decoded("status", field_value::string("self_supporting")),
            value::of_enum("self_supporting"));
  EXPECT_EQ(decoded("status", field_value::text(" recipient\t")), value::of_enum("recipient"));
}

TEST(Decode, EnumRejects) {
  expect_private_error("status", field_value::text("Recipient"), "SR1005", "Recipient");
  expect_private_error("status", field_value::string("unemployed"), "SR1005", "unemployed");
  expect_private_error("status", field_value::number("1"), "SR1002", "1 ");
  EXPECT_EQ(error_of("status", field_value::text("unemployed"))->message,
            "field `status` must be one of recipient, self_supporting");
}

TEST(Decode, Dates) {
  EXPECT_EQ(decoded("born", field_value::text("2008-02-29")), value::of_date(day("2008-02-29")));
  EXPECT_EQ(decoded("born", field_value::string("2000-12-31")), value::of_date(day("2000-12-31")));
  EXPECT_EQ(decoded("born", field_value::of_date(day("1999-01-01"))),
            value::of_date(day("1999-01-01")));
}

TEST(Decode, InvalidDatesDoNotLeakTheValue) {
  expect_private_error("born", field_value::text("2017-02-30"), "SR1003", "2017-02-30");
  expect_private_error("born", field_value::text("2019-02-29"), "SR1003", "2019-02-29");
  expect_private_error("born", field_value::string("2008-13-01"), "SR1003", "2008-13-01");
  expect_private_error("born", field_value::text("15/03/2008"), "SR1003", "15/03/2008");
  expect_private_error("born", field_value::text("2008-3-15"), "SR1003", "2008-3-15");
  EXPECT_EQ(error_of("born", field_value::text("2017-02-30"))->message,
            "field `born` is not a valid date (expected YYYY-MM-DD, a day that exists)");
  expect_private_error("born", field_value::number("20080315"), "SR1002", "20080315");
  expect_private_error("born", field_value::integer(20080315), "SR1002", "20080315");
}

TEST(Decode, WrongKindIsSR1002) {
  expect_private_error("big", field_value::string("12"), "SR1002", "12");
  auto list = error_of("big", field_value::invalid("a list"));
  ASSERT_TRUE(list.has_value());
  EXPECT_EQ(list->code, "SR1002");
  EXPECT_EQ(list->message, "field `big` must be a whole number, not a list");
  auto object = error_of("born", field_value::invalid("a list or object"));
  ASSERT_TRUE(object.has_value());
  EXPECT_EQ(object->message, "field `born` must be a date YYYY-MM-DD, not a list or object");
}

// ---------------------------------------------------------------------------------------------
// absent values, defaults, required inputs

TEST(Decode, EmptyTextIsAbsentExceptForStrings) {
  for (std::string_view input : {"flag", "n", "amount", "status", "born"}) {
    EXPECT_FALSE(decoded(input, field_value::text("")).present()) << input;
    EXPECT_FALSE(decoded(input, field_value::text("   ")).present()) << input;
    EXPECT_FALSE(error_of(input, field_value::text("")).has_value()) << input;
    EXPECT_FALSE(decoded(input, field_value::absent()).present()) << input;
  }
  EXPECT_FALSE(decoded("born", field_value::string("")).present());
}

TEST(Decode, DefaultsApply) {
  facts f = decode(echo(), {});
  EXPECT_TRUE(f.input_errors().empty());
  ssprules::decision d = ssprules::evaluate(echo(), f, day("2020-01-01"));
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(*d.find("out_dflt"), value::of_bool(true));
  EXPECT_EQ(*d.find("out_level"), value::of_integer(2));
  EXPECT_EQ(decoded("dflt", field_value::text("false")), value::of_bool(false));
  EXPECT_EQ(decoded("dflt", field_value::text("")), value::of_bool(true))
      << "an empty cell takes the default";
  EXPECT_EQ(decoded("level", field_value::absent()), value::of_integer(2));
  EXPECT_EQ(decoded("level", field_value::integer(9)), value::of_integer(9));
}

TEST(Decode, RequiredMissingIsSR1001) {
  facts f = decode(required(), {{"category", field_value::text("3")}});
  ASSERT_EQ(f.input_errors().size(), 1U);
  EXPECT_EQ(f.input_errors()[0].first, 0U);
  EXPECT_EQ(f.input_errors()[0].second,
            (record_error{"SR1001", "missing required input `birth_date`", "birth_date"}));
  facts empty = decode(
      required(), {{"birth_date", field_value::text("")}, {"category", field_value::absent()}});
  ASSERT_EQ(empty.input_errors().size(), 2U);
  EXPECT_EQ(empty.input_errors()[0].second.code, "SR1001");
  EXPECT_EQ(empty.input_errors()[1].second.code, "SR1001");
  EXPECT_EQ(empty.input_errors()[1].second.field, "category");
  EXPECT_FALSE(empty.error().has_value()) << "input problems are not record errors";
}

TEST(Decode, ErrorsInDeclarationOrder) {
  facts f = decode(required(), {{"category", field_value::text("9")},
                                {"birth_date", field_value::text("2019-02-29")}});
  ASSERT_EQ(f.input_errors().size(), 2U);
  EXPECT_EQ(f.input_errors()[0].second.field, "birth_date");
  EXPECT_EQ(f.input_errors()[0].second.code, "SR1003");
  EXPECT_EQ(f.input_errors()[1].second.field, "category");
  EXPECT_EQ(f.input_errors()[1].second.code, "SR1004");
  for (const auto& [index, e] : f.input_errors()) {
    EXPECT_EQ(e.message.find("2019-02-29"), std::string::npos) << e.message;
  }
}

// ---------------------------------------------------------------------------------------------
// the record: duplicates, id, as_of, unknown fields

TEST(Decode, DuplicateFieldIsSR1017) {
  facts f =
      decode(echo(), {{"big", field_value::text("1")}, {"big", field_value::text("8675309")}});
  ASSERT_TRUE(f.error().has_value());
  EXPECT_EQ(f.error()->code, "SR1017");
  EXPECT_EQ(f.error()->field, "big");
  EXPECT_EQ(f.error()->message, "field `big` is given twice");
  EXPECT_EQ(f.error()->message.find("8675309"), std::string::npos);
  facts ids = decode(echo(), {{"id", field_value::text("a")}, {"id", field_value::text("b")}});
  ASSERT_TRUE(ids.error().has_value());
  EXPECT_EQ(ids.error()->code, "SR1017");
  ssprules::decision d = ssprules::evaluate(echo(), f, day("2020-01-01"));
  EXPECT_EQ(d.error()->code, "SR1017") << "the record is not evaluated";
}

TEST(Decode, Id) {
  facts text = decode(echo(), {{"id", field_value::text("case-0042")}});
  EXPECT_TRUE(text.has_id());
  EXPECT_EQ(text.id(), "case-0042");
  facts number = decode(echo(), {{"id", field_value::number("0042")}});
  EXPECT_EQ(number.id(), "0042") << "a JSON number id keeps its text";
  facts integer = decode(echo(), {{"id", field_value::integer(42)}});
  EXPECT_EQ(integer.id(), "42");
  facts none = decode(echo(), {});
  EXPECT_FALSE(none.has_id());
  EXPECT_EQ(none.id(), "");
  facts absent = decode(echo(), {{"id", field_value::absent()}});
  EXPECT_FALSE(absent.has_id());
  facts flag = decode(echo(), {{"id", field_value::boolean(true)}});
  ASSERT_TRUE(flag.error().has_value());
  EXPECT_EQ(flag.error()->code, "SR1002");
  EXPECT_EQ(flag.error()->field, "id");
}

TEST(Decode, AsOf) {
  facts f = decode(echo(), {{"as_of", field_value::text("2021-06-01")}});
  ASSERT_TRUE(f.as_of().has_value());
  EXPECT_EQ(*f.as_of(), day("2021-06-01"));
  EXPECT_FALSE(f.error().has_value());
  facts typed = decode(echo(), {{"as_of", field_value::of_date(day("2022-01-02"))}});
  EXPECT_EQ(typed.as_of(), day("2022-01-02"));
  facts empty = decode(echo(), {{"as_of", field_value::text("")}});
  EXPECT_FALSE(empty.as_of().has_value());
  EXPECT_FALSE(empty.error().has_value());
}

TEST(Decode, InvalidAsOfIsARecordError) {
  for (std::string_view bad : {"2021-02-30", "2019-02-29", "next week"}) {
    facts f = decode(echo(), {{"as_of", field_value::text(bad)}});
    ASSERT_TRUE(f.error().has_value()) << bad;
    EXPECT_EQ(f.error()->code, "SR1007");
    EXPECT_EQ(f.error()->field, "as_of");
    EXPECT_EQ(f.error()->message.find(bad), std::string::npos) << f.error()->message;
  }
  facts number = decode(echo(), {{"as_of", field_value::number("20210601")}});
  ASSERT_TRUE(number.error().has_value());
  EXPECT_EQ(number.error()->code, "SR1007");
}

TEST(Decode, UnknownFieldsAreIgnoredAndListed) {
  std::vector<std::string_view> unknown;
  facts f = decode(echo(),
                   {{"cpr", field_value::text("010203-1234")},
                    {"big", field_value::text("5")},
                    {"nickname", field_value::text("x")}},
                   &unknown);
  EXPECT_EQ(unknown, (std::vector<std::string_view>{"cpr", "nickname"}));
  EXPECT_TRUE(f.input_errors().empty());
  EXPECT_FALSE(f.error().has_value());
}

TEST(Decode, ReusingFactsResetsThem) {
  record_decoder decoder(echo());
  facts f;
  named first = {{"id", field_value::text("a")},
                 {"as_of", field_value::text("2021-01-01")},
                 {"big", field_value::text("x")}};
  decoder.decode(first, f);
  EXPECT_EQ(f.input_errors().size(), 1U);
  named second = {{"big", field_value::text("3")}};
  decoder.decode(second, f);
  EXPECT_FALSE(f.has_id());
  EXPECT_FALSE(f.as_of().has_value());
  EXPECT_TRUE(f.input_errors().empty());
  EXPECT_EQ(*ssprules::evaluate(echo(), f, day("2020-01-01")).find("out_big"),
            value::of_integer(3));
}

// ---------------------------------------------------------------------------------------------
// header binding and rows

TEST(Bind, MapsColumnsToInputs) {
  record_decoder decoder(echo());
  std::vector<std::string_view> header = {"id", "born", "cpr", "as_of", "flag", "status"};
  auto layout = decoder.bind(header);
  EXPECT_EQ(layout.id_column, 0);
  EXPECT_EQ(layout.as_of_column, 3);
  EXPECT_EQ(layout.column_input, (std::vector<std::int32_t>{-1, 6, -1, -1, 0, 5}));
  EXPECT_EQ(layout.unknown, (std::vector<std::string>{"cpr"}));
  EXPECT_TRUE(layout.duplicates.empty());
}

TEST(Bind, DuplicateColumns) {
  record_decoder decoder(echo());
  std::vector<std::string_view> header = {"born", "id", "born", "id", "flag"};
  auto layout = decoder.bind(header);
  EXPECT_EQ(layout.duplicates, (std::vector<std::string>{"born", "id"}));
  EXPECT_EQ(layout.column_input[0], 6);
  EXPECT_EQ(layout.column_input[2], -1) << "the second `born` is not used";
  EXPECT_EQ(layout.id_column, 1);
}

TEST(Bind, DecodesARow) {
  record_decoder decoder(echo());
  std::vector<std::string_view> header = {"id", "as_of", "big", "born", "name"};
  auto layout = decoder.bind(header);
  std::vector<field_value> row = {field_value::text("r1"), field_value::text("2021-03-01"),
                                  field_value::text("12"), field_value::absent(),
                                  field_value::text("")};
  facts f;
  decoder.decode(layout, row, f);
  EXPECT_EQ(f.id(), "r1");
  EXPECT_EQ(f.as_of(), day("2021-03-01"));
  ssprules::decision d = ssprules::evaluate(echo(), f, day("2020-01-01"));
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d.as_of(), day("2021-03-01"));
  EXPECT_EQ(*d.find("out_big"), value::of_integer(12));
  EXPECT_FALSE(d.find("out_born")->present());
  EXPECT_EQ(*d.find("out_name"), value::of_string(""));
}

TEST(Bind, RowWithTheWrongNumberOfFieldsIsSR1008) {
  record_decoder decoder(echo());
  std::vector<std::string_view> header = {"id", "big", "born"};
  auto layout = decoder.bind(header);
  std::vector<field_value> short_row = {field_value::text("r2"), field_value::text("1")};
  facts f;
  decoder.decode(layout, short_row, f);
  ASSERT_TRUE(f.error().has_value());
  EXPECT_EQ(f.error()->code, "SR1008");
  EXPECT_EQ(f.error()->message, "the row has 2 fields but the header has 3");
  EXPECT_EQ(f.id(), "r2") << "the id is kept to say which record failed";
  std::vector<field_value> long_row = {field_value::text("r3"), field_value::text("1"),
                                       field_value::text("2000-01-01"),
                                       field_value::text("1999-12-31")};
  decoder.decode(layout, long_row, f);
  ASSERT_TRUE(f.error().has_value());
  EXPECT_EQ(f.error()->message, "the row has 4 fields but the header has 3");
  EXPECT_EQ(f.error()->message.find("1999-12-31"), std::string::npos);
}

TEST(Decode, TargetIsTheProgram) {
  record_decoder decoder(echo());
  EXPECT_EQ(&decoder.target().impl(), &echo().impl());
}

// ---------------------------------------------------------------------------------------------
// a record belongs to the program that decoded it

program statuses(const char* values) {
  auto r = ssprules::load_string(std::string(R"(id: routes
effective: {from: 2000-01-01}
inputs:
  status: {type: enum, values: )") + values +
                                     R"(}
outputs:
  route:
    type: enum
    values: [jobcenter, uu]
    cases:
      - when: status == recipient
        then: jobcenter
      - otherwise: uu
)",
                                 "routes.yaml");
  EXPECT_TRUE(r.ok()) << ssprules::render(r.diagnostics);
  return r.prog;
}

TEST(DecodedFor, AnotherVersionOfThePolicyGivesAnErrorNotADecision) {
  // the new version only reorders the enum: the old decoding would read as the other value
  program old_version = statuses("[recipient, self_supporting]");
  program new_version = statuses("[self_supporting, recipient]");
  facts f = decode(old_version,
                   {{"id", field_value::text("c1")}, {"status", field_value::text("recipient")}});
  EXPECT_TRUE(f.decoded_for(old_version));
  EXPECT_TRUE(f.decoded_for(program(old_version))) << "a copy is the same program";
  EXPECT_FALSE(f.decoded_for(new_version));
  EXPECT_EQ(ssprules::evaluate(old_version, f, day("2020-01-01")).find("route")->to_string(),
            "jobcenter");
  ssprules::decision d = ssprules::evaluate(new_version, f, day("2020-01-01"));
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error()->code, "SR1008");
  EXPECT_EQ(d.error()->message,
            "the record was decoded for another policy or version, not for `routes`; decode it "
            "with this program's record_decoder");
  EXPECT_EQ(d.id(), "c1");
  EXPECT_FALSE(d.find("route")->present());
  // the same in batches: a record added to another program's batch, a batch evaluated by
  // another program; one error per record, nothing thrown
  ssprules::record_batch batch(new_version);
  batch.push_back(f);
  batch.push_back(decode(new_version, {{"status", field_value::text("recipient")}}));
  ssprules::result_batch out;
  ssprules::evaluate_batch(new_version, batch, day("2020-01-01"), out);
  ASSERT_EQ(out.size(), 2U);
  ASSERT_NE(out.error(0), nullptr);
  EXPECT_EQ(out.error(0)->code, "SR1008");
  EXPECT_TRUE(out.ok(1));
  EXPECT_EQ(out.get(1, 0).to_string(), "jobcenter");
  ssprules::evaluate_batch(old_version, batch, day("2020-01-01"), out, 2);
  ASSERT_EQ(out.size(), 2U);
  for (std::size_t i = 0; i < 2; ++i) {
    ASSERT_NE(out.error(i), nullptr) << i;
    EXPECT_EQ(out.error(i)->code, "SR1008");
    EXPECT_FALSE(out.get(i, 0).present());
  }
  std::vector<ssprules::decision> many =
      ssprules::evaluate_batch(new_version, std::vector<facts>{f}, day("2020-01-01"));
  ASSERT_EQ(many.size(), 1U);
  EXPECT_EQ(many[0].error()->code, "SR1008");
  EXPECT_FALSE(facts().decoded_for(new_version)) << "a record never decoded";
  EXPECT_EQ(ssprules::evaluate(new_version, facts(), day("2020-01-01")).error()->code, "SR1008");
}

TEST(DecisionDefault, IsNotOkAndHasNoOutputs) {
  ssprules::decision d;
  EXPECT_FALSE(d.ok());
  ASSERT_TRUE(d.error().has_value());
  EXPECT_EQ(d.error()->code, "SR1008");
  EXPECT_TRUE(d.names().empty());
  EXPECT_TRUE(d.values().empty());
  EXPECT_EQ(d.find("route"), nullptr);
  EXPECT_EQ(d.output_error(0), nullptr);
  EXPECT_EQ(d.to_json(),
            "{\"id\":null,\"error\":{\"code\":\"SR1008\",\"message\":\"the decision was never "
            "evaluated (a default-constructed decision)\"}}");
}

// ---------------------------------------------------------------------------------------------
// fields that are not inputs

TEST(UnknownFields, SuggestTheInputMeantByCaseSpacesOrATypo) {
  record_decoder decoder(echo());
  std::vector<std::string_view> names = {"Flag",  "amount ", "ammount",  "statsu", "id",
                                         "as_of", "born",    "postcode", "Flag",   " ID"};
  auto unknown = decoder.unknown_fields(std::span<const std::string_view>(names));
  std::vector<ssprules::unknown_field> expected = {{"Flag", "flag"},      {"amount ", "amount"},
                                                   {"ammount", "amount"}, {"statsu", "status"},
                                                   {"postcode", ""},      {" ID", "id"}};
  EXPECT_EQ(unknown, expected) << "known names and repeats are left out";
  EXPECT_EQ(ssprules::unknown_fields_message(echo(), std::span(unknown.data(), 1)),
            "field `Flag` is not an input of `records` (did you mean `flag`?) and is ignored");
  EXPECT_EQ(ssprules::unknown_fields_message(echo(), std::span(unknown.data() + 3, 2), true),
            "fields `statsu` (did you mean `status`?) and `postcode` are not inputs of `records`; "
            "nothing was evaluated (unknown fields are refused: `unknown_fields: error` or strict "
            "mode)");
}

TEST(UnknownFields, LongListsAreCutAndNamesStayOnOneLine) {
  std::vector<ssprules::unknown_field> many;
  for (int i = 0; i < 40; ++i) many.push_back({"x" + std::to_string(i), ""});
  many[0].name = "a\nb`c";
  std::string message = ssprules::unknown_fields_message(echo(), many);
  EXPECT_NE(message.find("`a?b?c`, `x1`"), std::string::npos) << message;
  EXPECT_NE(message.find("`x30`, `x31` and 8 more are not inputs"), std::string::npos) << message;
  EXPECT_EQ(message.find("x32"), std::string::npos);
}

TEST(UnknownFields, ThePolicySaysWhatTheyMean) {
  EXPECT_EQ(echo().unknown_fields(), ssprules::unknown_fields_mode::warn) << "the default";
  for (auto [text, mode] : {std::pair{"error", ssprules::unknown_fields_mode::error},
                            std::pair{"ignore", ssprules::unknown_fields_mode::ignore},
                            std::pair{"warn", ssprules::unknown_fields_mode::warn}}) {
    auto r = ssprules::load_string(std::string("id: t\nunknown_fields: ") + text +
                                       "\neffective: {from: 2020-01-01}\noutputs:\n  x: 1\n",
                                   "t.yaml");
    ASSERT_TRUE(r.ok()) << ssprules::render(r.diagnostics);
    EXPECT_EQ(r.prog.unknown_fields(), mode) << text;
  }
  auto bad = ssprules::load_string(
      "id: t\nunknown_fields: strict\neffective: {from: 2020-01-01}\noutputs:\n  x: 1\n", "t.yaml");
  EXPECT_FALSE(bad.ok());
  EXPECT_NE(ssprules::render(bad.diagnostics)
                .find("t.yaml:2:17: error[SR0109]: `unknown_fields` is `warn`, `error` or "
                      "`ignore`, not `strict`"),
            std::string::npos)
      << ssprules::render(bad.diagnostics);
}

}  // namespace
