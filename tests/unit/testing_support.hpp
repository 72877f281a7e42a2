// What the testing tests share: includes, helpers and the policy header they write (inline, so
// that a test file that does not use one does not warn).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "ssprules/detail/checked.hpp"  // check_tests
#include "ssprules/detail/utf8.hpp"
#include "ssprules/testing.hpp"
#include "test_support.hpp"

namespace {

using ssprules::date;
using ssprules::program;
using ssprules::test_report;
using ssprules::test_support::day;

// A small policy in the shape of the Copenhagen one.
const char* const phase_policy = R"(id: phases
effective: {from: 2009-05-14}
inputs:
  birth_date: date
  category: {type: integer, min: 1, max: 4, optional: true}
outputs:
  age: age(birth_date, as_of)
  phase:
    type: enum
    values: [triangle, ssp_plus, none]
    cases:
      - when: (category ?? 0) in [3, 4] and age == 17
        then: triangle
      - when: (category ?? 0) in [3, 4] and age in 18..23
        then: ssp_plus
      - otherwise: none
  deadline: add_months(birth_date, 210)
  approved:
    type: date
    expr: if age > 30 then birth_date else birth_date
)";

struct loaded {
  program prog;
  std::vector<ssprules::test_case> tests;
  std::optional<date> as_of;
};

// Loads the policy plus `tests`, without letting check reject the tests themselves.
inline loaded load_with_tests(const std::string& tests) {
  auto policy = ssprules::load_string(phase_policy, "phases.yaml");
  EXPECT_TRUE(policy.ok()) << ssprules::render(policy.diagnostics);
  auto parsed = ssprules::parse_test_file(
      ssprules::source::from_string("phases.test.yaml", "policy: phases.yaml\n" + tests));
  EXPECT_TRUE(parsed.ok()) << ssprules::render(parsed.diagnostics);
  return {policy.prog, parsed.tests.tests, parsed.tests.as_of};
}

inline test_report run(const std::string& tests) {
  loaded l = load_with_tests(tests);
  return ssprules::run_tests(l.prog, l.tests, l.as_of);
}

class TestPaths : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("ssprules_testing_test_" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void write(const std::string& name, const std::string& text) {
    std::filesystem::path path = dir_ / name;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
  }
  std::filesystem::path dir_;
};

}  // namespace
