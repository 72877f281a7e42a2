// Privacy and audit: SHA-256 / HMAC-SHA256 against the standards' vectors, decision records
// (no input values, a keyed hash that identifies equal inputs), sensitive inputs, and error
// messages that name fields, never values.
#include "ssprules/decision_record.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ssprules/alternatives.hpp"
#include "ssprules/detail/sha256.hpp"
#include "ssprules/reader.hpp"
#include "test_support.hpp"

namespace {

using ssprules::date;
using ssprules::facts;
using ssprules::field_value;
using ssprules::program;
using ssprules::detail::hex;
using ssprules::detail::hmac_sha256;
using ssprules::detail::sha256;
using ssprules::test_support::copenhagen;
using ssprules::test_support::day;
using ssprules::test_support::decode;

TEST(Sha256, Fips180Vectors) {
  EXPECT_EQ(hex(sha256::of("")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(hex(sha256::of("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(hex(sha256::of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  sha256 million;
  std::string chunk(1000, 'a');
  for (int i = 0; i < 1000; ++i) million.update(chunk);
  EXPECT_EQ(hex(million.finish()),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(HmacSha256, Rfc4231Vectors) {
  EXPECT_EQ(hex(hmac_sha256(std::string(20, '\x0b'), "Hi There")),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  EXPECT_EQ(hex(hmac_sha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(hex(hmac_sha256(std::string(131, '\xaa'),
                            "Test Using Larger Than Block-Size Key - Hash Key First")),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

// Keys of the inputs' hash in these tests (16 bytes at least).
const std::string key1 = "test-key-one-16b";
const std::string key2 = "test-key-two-16b";

TEST(DecisionRecord, KeysShorterThanSixteenBytesAreRefused) {
  const program& p = copenhagen();
  facts record = decode(p, {{"birth_date", field_value::text("2008-02-29")},
                            {"benefit_status", field_value::text("recipient")}});
  // HMAC pads a short key with NUL bytes: `\0`, `\0\0\0\0` and 15 bytes + `\0` are no stronger
  // than the empty key or the 15 bytes
  for (const std::string& key :
       {std::string(), std::string(1, '\0'), std::string(4, '\0'), std::string(16, '\0'),
        std::string("k1"), std::string(15, 'k'), std::string(15, 'k') + std::string(3, '\0')}) {
    try {
      ssprules::check_record_key(key);
      ADD_FAILURE() << "a key of " << key.size() << " bytes was accepted";
    } catch (const ssprules::error& e) {
      std::string what = e.what();
      if (key.empty()) {
        EXPECT_EQ(what, "decision records need a secret key for the hash of the inputs");
      } else {
        EXPECT_NE(what.find("shorter than 16 bytes (NUL bytes at its end not counted)"),
                  std::string::npos)
            << what;
      }
    }
    EXPECT_THROW((void)ssprules::decision_record(p, record, day("2025-03-01"), key),
                 ssprules::error);
    EXPECT_THROW((void)ssprules::inputs_hmac(p, record, key), ssprules::error);
  }
  EXPECT_EQ(ssprules::min_record_key_bytes, 16U);
  for (const std::string& key : {std::string(16, 'k'), std::string(15, 'k') + '\0' + 'k',
                                 std::string(16, 'k') + '\0', key1}) {
    EXPECT_NO_THROW(ssprules::check_record_key(key));
    EXPECT_NO_THROW((void)ssprules::decision_record(p, record, day("2025-03-01"), key));
  }
}

TEST(DecisionRecord, NoInputValuesAndAKeyedHashOfThem) {
  const program& p = copenhagen();
  facts as_text = decode(p, {{"id", field_value::text("c-41")},
                             {"birth_date", field_value::text("2008-02-29")},
                             {"category", field_value::text("3")},
                             {"benefit_status", field_value::text("self_supporting")}});
  facts typed = decode(p, {{"benefit_status", field_value::string("self_supporting")},
                           {"category", field_value::integer(3)},
                           {"birth_date", field_value::of_date(day("2008-02-29"))},
                           {"id", field_value::text("c-41")}});
  std::string record = ssprules::decision_record(p, as_text, day("2025-03-01"), key1);
  EXPECT_EQ(record.find("2008-02-29"), std::string::npos) << "the birth date is case data";
  EXPECT_NE(record.find("\"policy\":\"copenhagen-ssp-plus\""), std::string::npos);
  EXPECT_NE(record.find("\"policy_sha256\":\"" + ssprules::policy_sha256(p) + "\""),
            std::string::npos);
  EXPECT_NE(record.find("\"id\":\"c-41\",\"as_of\":\"2025-03-01\""), std::string::npos);
  EXPECT_NE(record.find("\"birth_date\":\"present\",\"category\":\"present\""), std::string::npos);
  EXPECT_NE(record.find("\"plan_approved_on\":\"absent\""), std::string::npos);
  EXPECT_NE(record.find("\"route\":\"kui\""), std::string::npos) << "the outputs";
  EXPECT_NE(record.find("\"route\":\"row 3\""), std::string::npos) << "what decided each rule";
  // equal inputs, however given, hash alike under one key; another key or input differs
  EXPECT_EQ(ssprules::inputs_hmac(p, as_text, key1), ssprules::inputs_hmac(p, typed, key1));
  EXPECT_NE(ssprules::inputs_hmac(p, as_text, key1), ssprules::inputs_hmac(p, as_text, key2));
  facts other = typed;
  ssprules::record_decoder(p).replace(other, "category", field_value::integer(4));
  EXPECT_NE(ssprules::inputs_hmac(p, other, key1), ssprules::inputs_hmac(p, typed, key1));
  EXPECT_EQ(ssprules::inputs_hmac(p, as_text, key1).size(), 64U);
  EXPECT_THROW((void)ssprules::decision_record(p, as_text, day("2025-03-01"), ""), ssprules::error);
}

TEST(DecisionRecord, ARecordWithAnErrorNamesTheFieldNotTheValue) {
  const program& p = copenhagen();
  facts bad = decode(p, {{"birth_date", field_value::text("2017-02-30")},
                         {"benefit_status", field_value::text("recipient")}});
  std::string record = ssprules::decision_record(p, bad, day("2025-03-01"), key1);
  EXPECT_NE(record.find("\"error\":{\"code\":\"SR1003\""), std::string::npos) << record;
  EXPECT_EQ(record.find("2017-02-30"), std::string::npos);
  EXPECT_EQ(record.find("\"outputs\""), std::string::npos);
  EXPECT_NE(record.find("\"id\":null"), std::string::npos);
}

// Every kind of bad value, each carrying a marker: no message may repeat it.
TEST(Privacy, ErrorMessagesNameTheFieldNeverTheValue) {
  const program& p = copenhagen();
  const std::string marker = "Xq7-SECRET";
  // field_value does not own its text: the strings must outlive `records`
  const std::string bad_date = "2017-02-30" + marker, bad_number = "7" + marker,
                    bad_year = "20" + marker;
  std::vector<std::vector<std::pair<std::string_view, field_value>>> records = {
      {{"birth_date", field_value::text(marker)},
       {"benefit_status", field_value::text("recipient")}},
      {{"birth_date", field_value::string(bad_date)}},
      {{"category", field_value::text(marker)}, {"birth_date", field_value::text("2008-01-01")}},
      {{"category", field_value::number(bad_number)}},
      {{"benefit_status", field_value::string(marker)}},
      {{"state_signal", field_value::text(marker)}},
      {{"assessed_category_3_or_4", field_value::text(marker)}},
      {{"as_of", field_value::text(marker)}},
      {{"plan_approved_on", field_value::text(bad_year)}},
  };
  for (const auto& fields : records) {
    facts r = decode(p, fields);
    auto d = ssprules::evaluate(p, r, day("2025-03-01"));
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(d.error()->message.find("SECRET"), std::string::npos) << d.error()->message;
    EXPECT_EQ(d.to_json().find("SECRET"), std::string::npos) << d.to_json();
    for (const auto& [input, e] : r.input_errors()) {
      EXPECT_EQ(e.message.find("SECRET"), std::string::npos) << e.message;
    }
    std::string record = ssprules::decision_record(p, r, day("2025-03-01"), key1);
    EXPECT_EQ(record.find("SECRET"), std::string::npos) << record;
  }
}

// Malformed files: the readers' errors (CSV and JSON syntax, UTF-8, duplicates, overlong or
// misplaced values) say where, never what the bytes were.
TEST(Privacy, ReaderErrorsNeverQuoteTheInput) {
  const program& p = copenhagen();
  const std::string header = "id,birth_date,benefit_status,category\n";
  const std::vector<std::pair<ssprules::record_format, std::string>> inputs = {
      {ssprules::record_format::csv, header + "r1,\"2008-01-01,Xq7-SECRET\n"},       // unterminated
      {ssprules::record_format::csv, header + "r2,20\"Xq7-SECRET\",recipient,3\n"},  // stray quote
      {ssprules::record_format::csv, header + "r3,\"Xq7\"-SECRET,recipient,3\n"},    // after quote
      {ssprules::record_format::csv, header + "r4,2008-01-01,Xq7-SECRET\xff,3\n"},   // UTF-8
      {ssprules::record_format::csv, header + "r5,2008-01-01,recipient,3,Xq7-SECRET\n"},
      {ssprules::record_format::csv, header + "r6,2008-01-01\rXq7-SECRET,recipient,3\n"},
      {ssprules::record_format::csv, header + "r7,Xq7-SECRET,Xq7-SECRET,Xq7-SECRET\n"},
      {ssprules::record_format::jsonl, "{\"id\":\"j1\",\"birth_date\":Xq7-SECRET}\n"},
      {ssprules::record_format::jsonl, "{\"id\":\"j2\",\"birth_date\":\"Xq7-SECRET}\n"},
      {ssprules::record_format::jsonl,
       "{\"id\":\"j3\",\"birth_date\":\"Xq7-SECRET\",\"birth_date\":\"2008-01-01\"}\n"},
      {ssprules::record_format::jsonl, "{\"id\":\"j4\",\"category\":\"Xq7-SECRET\xc3\"}\n"},
      {ssprules::record_format::jsonl,
       "{\"id\":\"j5\",\"birth_date\":\"2008-01-01\",\"category\":[\"Xq7-SECRET\"]}\n"},
      {ssprules::record_format::jsonl, "{\"id\":\"j6\",\"category\":3e99999Xq7}\n"},
      {ssprules::record_format::jsonl, "[\"Xq7-SECRET\"]\n"},
  };
  for (const auto& [format, text] : inputs) {
    std::istringstream in(text);
    ssprules::record_reader reader(in, format, p);
    facts r;
    int records = 0;
    while (reader.next(r)) {
      ++records;
      auto d = ssprules::evaluate(p, r, day("2025-03-01"));
      ASSERT_FALSE(d.ok()) << text;
      EXPECT_EQ(d.to_json().find("Xq7"), std::string::npos) << d.to_json();
      if (r.error()) {
        EXPECT_EQ(r.error()->message.find("Xq7"), std::string::npos) << r.error()->message;
      }
      for (const auto& [input, e] : r.input_errors()) {
        EXPECT_EQ(e.message.find("Xq7"), std::string::npos) << e.message;
      }
      EXPECT_EQ(ssprules::decision_record(p, r, day("2025-03-01"), key1).find("Xq7"),
                std::string::npos);
    }
    EXPECT_EQ(records, 1) << text;
    if (reader.header_error()) {
      EXPECT_EQ(reader.header_error()->find("Xq7"), std::string::npos);
    }
  }
}

const char* const sensitive_policy = R"(id: sensitive
title: Sensitive inputs
effective: {from: 2020-01-01}
inputs:
  birth_date: date
  criminal_record:
    type: bool
    sensitive: true
    doc: Shown only as present or absent.
  diagnosis:
    type: enum
    values: [none, adhd, other]
    optional: true
    sensitive: true
outputs:
  priority:
    type: bool
    expr: criminal_record and age(birth_date, as_of) >= 15
  support:
    type: bool
    expr: (diagnosis ?? none) != none
)";

TEST(Sensitive, ExplanationsShowPresenceOnlyAndWhyNotDoesNotTellTheValue) {
  auto loaded = ssprules::load_string(sensitive_policy, "sensitive.yaml");
  ASSERT_TRUE(loaded.ok()) << ssprules::render(loaded.diagnostics);
  const program& p = loaded.prog;
  EXPECT_TRUE(p.inputs()[1].sensitive);
  EXPECT_FALSE(p.inputs()[0].sensitive);
  facts r = decode(p, {{"birth_date", field_value::text("2008-05-01")},
                       {"criminal_record", field_value::text("true")},
                       {"diagnosis", field_value::text("adhd")}});
  auto d = ssprules::evaluate(p, r, day("2025-03-01"), {.explain = true});
  ASSERT_TRUE(d.ok());
  std::string text = d.explain_text();
  EXPECT_NE(text.find("criminal_record = (present)"), std::string::npos) << text;
  EXPECT_NE(text.find("diagnosis = (present)"), std::string::npos) << text;
  EXPECT_EQ(text.find("adhd"), std::string::npos) << text;
  EXPECT_NE(text.find("birth_date = 2008-05-01"), std::string::npos) << "not sensitive";
  EXPECT_EQ(d.explanation_json().find("adhd"), std::string::npos);
  std::string why = ssprules::explain_record(p, r, day("2025-03-01"));
  EXPECT_EQ(why.find("criminal_record = false"), std::string::npos) << why;
  EXPECT_EQ(why.find("diagnosis = none"), std::string::npos) << why;
  // a missing sensitive input is named (its absence is no secret)
  facts missing = decode(p, {{"birth_date", field_value::text("2008-05-01")},
                             {"criminal_record", field_value::text("false")}});
  std::string undetermined = ssprules::explain_record(p, missing, day("2025-03-01"));
  EXPECT_NE(undetermined.find("support = false depends on diagnosis"), std::string::npos)
      << undetermined;
}

TEST(Sensitive, OnlyABooleanIsAccepted) {
  auto loaded = ssprules::load_string(
      "id: s\ntitle: S\neffective: {from: 2020-01-01}\ninputs:\n  x: {type: bool, sensitive: "
      "maybe}\n"
      "outputs:\n  y: {type: bool, expr: x}\n",
      "s.yaml");
  EXPECT_FALSE(loaded.ok());
  EXPECT_NE(ssprules::render(loaded.diagnostics).find("sensitive"), std::string::npos);
}

// Sensitivity follows the dependency graph into decision records too: the outputs are there
// (they are the decision), but neither the sensitive input, nor a value computed from it, nor
// the case its conditions chose.
const char* const sensitive_birth_policy = R"(id: sensitive-birth
title: A sensitive birth date
effective: {from: 2020-01-01}
inputs:
  birth_date: {type: date, sensitive: true}
  has_plan: bool
values:
  age_now: age(birth_date, as_of)
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
)";

TEST(Sensitive, DecisionRecordsShowNoValueComputedFromASensitiveInput) {
  auto loaded = ssprules::load_string(sensitive_birth_policy, "sensitive.yaml");
  ASSERT_TRUE(loaded.ok()) << ssprules::render(loaded.diagnostics);
  const program& p = loaded.prog;
  facts r = decode(p, {{"id", field_value::text("s-1")},
                       {"birth_date", field_value::text("2009-05-14")},
                       {"has_plan", field_value::text("true")}});
  const std::string key = "a-key-of-thirty-two-bytes-length";
  std::string record = ssprules::decision_record(p, r, day("2025-03-01"), key);
  EXPECT_EQ(record.find("2009-05-14"), std::string::npos) << record;
  EXPECT_EQ(record.find("2027-05-14"), std::string::npos) << "the 18th birthday: " << record;
  EXPECT_NE(record.find("\"inputs\":{\"birth_date\":\"present\",\"has_plan\":\"present\"}"),
            std::string::npos)
      << record;
  EXPECT_NE(record.find("\"outputs\":{\"adult\":false,\"stage\":\"youth\",\"route\":\"none\"}"),
            std::string::npos)
      << record;
  // `stage` was decided by `otherwise` after `age_now < 15` failed: that would tell the age
  EXPECT_NE(record.find("\"decided_by\":{\"age_now\":\"expression\",\"adult\":\"expression\","
                        "\"stage\":\"sensitive\",\"route\":\"otherwise\"}"),
            std::string::npos)
      << "a condition on the output `adult` tells nothing more than the output: " << record;
}

}  // namespace
