// Unit tests for value.hpp: exact decimals (parse and format), values of every kind as text and
// as JSON, and type descriptions.
#include "ssprules/value.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include "test_support.hpp"

namespace {

using ssprules::date;
using ssprules::decimal;
using ssprules::type_kind;
using ssprules::value;
using ssprules::value_type;
using ssprules::test_support::day;

constexpr std::int64_t int64_max = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t int64_min = std::numeric_limits<std::int64_t>::min();

std::optional<std::int64_t> micros(std::string_view text) {
  auto d = decimal::parse(text);
  if (!d) return std::nullopt;
  return d->micros();
}

// ---------------------------------------------------------------------------------------------
// decimal::parse

TEST(Decimal, ParsesWholeAndFractionalNumbers) {
  EXPECT_EQ(micros("3"), 3'000'000);
  EXPECT_EQ(micros("12.5"), 12'500'000);
  EXPECT_EQ(micros("535000.25"), 535'000'250'000);
  EXPECT_EQ(micros("0.000001"), 1);
  EXPECT_EQ(micros("0"), 0);
  EXPECT_EQ(micros("007.50"), 7'500'000);
}

TEST(Decimal, ParsesSigns) {
  EXPECT_EQ(micros("-12.5"), -12'500'000);
  EXPECT_EQ(micros("-0.000001"), -1);
  EXPECT_EQ(micros("+2.25"), 2'250'000);
  EXPECT_EQ(micros("-0"), 0);
}

TEST(Decimal, IsExact) {
  decimal a = *decimal::parse("0.1");
  decimal b = *decimal::parse("0.2");
  EXPECT_EQ(decimal::from_micros(a.micros() + b.micros()), *decimal::parse("0.3"));
  EXPECT_EQ(*decimal::parse("535000"), decimal::from_micros(535'000'000'000));
  EXPECT_EQ(decimal::from_micros(*micros("535000") + *micros("200000") + *micros("265000")),
            *decimal::parse("1000000"));
}

TEST(Decimal, AcceptsAtMostSixFractionDigits) {
  EXPECT_EQ(micros("1.123456"), 1'123'456);
  EXPECT_EQ(micros("1.1234560"), std::nullopt);
  EXPECT_EQ(micros("0.0000001"), std::nullopt);
}

TEST(Decimal, RejectsMalformedText) {
  for (const char* bad : {"", "-", "+", ".", "1.", ".5", "1e5", "1E-3", "1.2.3", " 1", "1 ", "--1",
                          "+-1", "1,5", "abc", "0x10", "nan", "inf", "1_000"}) {
    EXPECT_EQ(micros(bad), std::nullopt) << "`" << bad << "`";
  }
}

TEST(Decimal, LargestValues) {
  EXPECT_EQ(micros("9223372036854.775807"), int64_max);
  EXPECT_EQ(micros("9223372036854.775808"), std::nullopt);
  EXPECT_EQ(micros("9223372036855"), std::nullopt);
  EXPECT_EQ(micros("99999999999999999999"), std::nullopt);
  EXPECT_EQ(micros("-9223372036854.775807"), -int64_max);
  EXPECT_EQ(micros("-9223372036854.775809"), std::nullopt);
}

TEST(Decimal, ParsesTheMostNegativeValue) {
  // -9223372036854.775808 is representable (INT64_MIN millionths) and is what to_string prints
  // for it, so it must parse back.
  EXPECT_EQ(micros("-9223372036854.775808"), int64_min);
}

// ---------------------------------------------------------------------------------------------
// decimal::to_string

TEST(Decimal, FormatsShortestExactForm) {
  EXPECT_EQ(decimal::from_micros(12'500'000).to_string(), "12.5");
  EXPECT_EQ(decimal::from_micros(3'000'000).to_string(), "3");
  EXPECT_EQ(decimal::from_micros(0).to_string(), "0");
  EXPECT_EQ(decimal::from_micros(1).to_string(), "0.000001");
  EXPECT_EQ(decimal::from_micros(-1).to_string(), "-0.000001");
  EXPECT_EQ(decimal::from_micros(-12'500'000).to_string(), "-12.5");
  EXPECT_EQ(decimal::from_micros(1'050'000).to_string(), "1.05");
  EXPECT_EQ(decimal::from_micros(-500'000).to_string(), "-0.5");
}

TEST(Decimal, FormatsInt64Extremes) {
  EXPECT_EQ(decimal::from_micros(int64_max).to_string(), "9223372036854.775807");
  EXPECT_EQ(decimal::from_micros(int64_min).to_string(), "-9223372036854.775808");
}

TEST(Decimal, RoundTripsThroughText) {
  for (std::int64_t m : {std::int64_t{0}, std::int64_t{1}, std::int64_t{-1}, std::int64_t{999'999},
                         std::int64_t{1'000'000}, std::int64_t{-123'456'789},
                         std::int64_t{535'000'250'000}, int64_max, int64_max - 1, int64_min + 1}) {
    decimal d = decimal::from_micros(m);
    EXPECT_EQ(decimal::parse(d.to_string()), d) << d.to_string();
  }
}

TEST(Decimal, Orders) {
  EXPECT_LT(*decimal::parse("-1"), *decimal::parse("0.5"));
  EXPECT_LT(*decimal::parse("0.5"), *decimal::parse("0.500001"));
  EXPECT_EQ(*decimal::parse("2.50"), *decimal::parse("2.5"));
}

// ---------------------------------------------------------------------------------------------
// value::to_string

TEST(Value, ToStringOfEveryKind) {
  EXPECT_EQ(value::of_bool(true).to_string(), "true");
  EXPECT_EQ(value::of_bool(false).to_string(), "false");
  EXPECT_EQ(value::of_integer(17).to_string(), "17");
  EXPECT_EQ(value::of_integer(-3).to_string(), "-3");
  EXPECT_EQ(value::of_integer(int64_min).to_string(), "-9223372036854775808");
  EXPECT_EQ(value::of_integer(int64_max).to_string(), "9223372036854775807");
  EXPECT_EQ(value::of_decimal(*decimal::parse("12.5")).to_string(), "12.5");
  EXPECT_EQ(value::of_string("Nørrebro").to_string(), "Nørrebro");
  EXPECT_EQ(value::of_enum("kui").to_string(), "kui");
  EXPECT_EQ(value::of_date(day("2025-08-29")).to_string(), "2025-08-29");
  EXPECT_EQ(value::of_list(type_kind::enumeration, {value::of_enum("a"), value::of_enum("b")})
                .to_string(),
            "[a, b]");
  EXPECT_EQ(value::of_list(type_kind::integer, {}).to_string(), "[]");
}

TEST(Value, MissingIsNullForEveryKind) {
  for (type_kind k : {type_kind::boolean, type_kind::integer, type_kind::decimal, type_kind::string,
                      type_kind::enumeration, type_kind::date, type_kind::list}) {
    value v = value::missing(k);
    EXPECT_FALSE(v.present());
    EXPECT_EQ(v.kind(), k);
    EXPECT_EQ(v.to_string(), "null");
    EXPECT_EQ(v.to_json(), "null");
  }
  EXPECT_FALSE(value().present());
}

TEST(Value, AccessorsGiveThePayload) {
  EXPECT_TRUE(value::of_bool(true).as_bool());
  EXPECT_EQ(value::of_integer(-42).as_integer(), -42);
  EXPECT_EQ(value::of_decimal(decimal::from_micros(5)).as_decimal(), decimal::from_micros(5));
  EXPECT_EQ(value::of_date(day("2009-05-14")).as_date(), day("2009-05-14"));
  EXPECT_EQ(value::of_enum("uu").as_string(), "uu");
  EXPECT_EQ(value::of_string("x").kind(), type_kind::string);
  EXPECT_EQ(value::of_enum("x").kind(), type_kind::enumeration);
  value list = value::of_list(type_kind::integer, {value::of_integer(1), value::of_integer(2)});
  ASSERT_EQ(list.as_list().size(), 2U);
  EXPECT_EQ(list.as_list()[1].as_integer(), 2);
  EXPECT_EQ(list.kind(), type_kind::list);
}

TEST(Value, Equality) {
  EXPECT_EQ(value::of_integer(3), value::of_integer(3));
  EXPECT_NE(value::of_integer(3), value::of_integer(4));
  EXPECT_NE(value::of_integer(0), value::missing(type_kind::integer));
  EXPECT_NE(value::missing(type_kind::integer), value::missing(type_kind::date));
  EXPECT_NE(value::of_string("a"), value::of_enum("a"));
  EXPECT_EQ(value::missing(type_kind::date), value::missing(type_kind::date));
}

// ---------------------------------------------------------------------------------------------
// value::to_json

TEST(Value, ToJsonOfEveryKind) {
  EXPECT_EQ(value::of_bool(true).to_json(), "true");
  EXPECT_EQ(value::of_bool(false).to_json(), "false");
  EXPECT_EQ(value::of_integer(-17).to_json(), "-17");
  EXPECT_EQ(value::of_decimal(*decimal::parse("535000.25")).to_json(), "535000.25");
  EXPECT_EQ(value::of_decimal(*decimal::parse("-0.5")).to_json(), "-0.5");
  EXPECT_EQ(value::of_string("text").to_json(), "\"text\"");
  EXPECT_EQ(value::of_enum("self_supporting").to_json(), "\"self_supporting\"");
  EXPECT_EQ(value::of_date(day("2019-08-01")).to_json(), "\"2019-08-01\"");
  EXPECT_EQ(value::of_list(type_kind::enumeration, {value::of_enum("uu"), value::of_enum("kui")})
                .to_json(),
            "[\"uu\",\"kui\"]");
  EXPECT_EQ(value::of_list(type_kind::date, {value::of_date(day("2000-01-01"))}).to_json(),
            "[\"2000-01-01\"]");
  EXPECT_EQ(value::of_list(type_kind::integer, {}).to_json(), "[]");
}

TEST(Value, ToJsonEscapesStrings) {
  EXPECT_EQ(value::of_string("say \"hi\"").to_json(), "\"say \\\"hi\\\"\"");
  EXPECT_EQ(value::of_string("back\\slash").to_json(), "\"back\\\\slash\"");
  EXPECT_EQ(value::of_string("two\nlines\tand\r").to_json(), "\"two\\nlines\\tand\\r\"");
  EXPECT_EQ(value::of_string(std::string("nul\0byte", 8)).to_json(), "\"nul\\u0000byte\"");
  EXPECT_EQ(value::of_string("\x01\x1f").to_json(), "\"\\u0001\\u001f\"");
  EXPECT_EQ(value::of_string("Nørrebro").to_json(), "\"Nørrebro\"");  // UTF-8 stays as is
  EXPECT_EQ(value::of_string("").to_json(), "\"\"");
}

TEST(Value, ToJsonReplacesInvalidUtf8) {
  EXPECT_EQ(value::of_string("a\xFF"
                             "b")
                .to_json(),
            "\"a\\ufffdb\"");
}

TEST(Value, ListOfMissingItemsIsJsonNulls) {
  value v = value::of_list(type_kind::integer,
                           {value::of_integer(1), value::missing(type_kind::integer)});
  EXPECT_EQ(v.to_json(), "[1,null]");
  EXPECT_EQ(v.to_string(), "[1, null]");
}

// ---------------------------------------------------------------------------------------------
// type names

TEST(TypeKind, NamesAsPoliciesWriteThem) {
  EXPECT_STREQ(ssprules::to_string(type_kind::boolean), "bool");
  EXPECT_STREQ(ssprules::to_string(type_kind::integer), "integer");
  EXPECT_STREQ(ssprules::to_string(type_kind::decimal), "decimal");
  EXPECT_STREQ(ssprules::to_string(type_kind::string), "string");
  EXPECT_STREQ(ssprules::to_string(type_kind::enumeration), "enum");
  EXPECT_STREQ(ssprules::to_string(type_kind::date), "date");
  EXPECT_STREQ(ssprules::to_string(type_kind::list), "list");
}

TEST(ValueType, Describes) {
  value_type t;
  t.kind = type_kind::integer;
  t.min = 1;
  t.max = 4;
  EXPECT_EQ(t.describe(), "integer 1..4");
  t.max.reset();
  EXPECT_EQ(t.describe(), "integer 1..");
  t.min.reset();
  EXPECT_EQ(t.describe(), "integer");
  value_type e;
  e.kind = type_kind::enumeration;
  e.values = {"recipient", "self_supporting"};
  EXPECT_EQ(e.describe(), "enum {recipient, self_supporting}");
  value_type d;
  d.kind = type_kind::date;
  d.optional = true;
  EXPECT_EQ(d.describe(), "date (optional)");
  value_type l;
  l.kind = type_kind::list;
  l.item = type_kind::decimal;
  EXPECT_EQ(l.describe(), "list of decimal");
}

}  // namespace
