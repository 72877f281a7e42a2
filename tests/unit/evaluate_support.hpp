// What the evaluate tests share: includes, helpers and the policy header they write (inline, so
// that a test file that does not use one does not warn).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <map>
#include <mutex>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "ssprules/compile.hpp"
#include "ssprules/detail/parallel.hpp"
#include "ssprules/evaluate.hpp"
#include "ssprules/record.hpp"
#include "test_support.hpp"

namespace ssprules {
// Failure messages show values as JSON rather than as bytes.
inline void PrintTo(const value& v, std::ostream* os) { *os << v.to_json(); }
}  // namespace ssprules

namespace {

using ssprules::date;
using ssprules::decision;
using ssprules::evaluate_options;
using ssprules::facts;
using ssprules::field_value;
using ssprules::program;
using ssprules::value;
using ssprules::test_support::copenhagen;
using ssprules::test_support::day;
using ssprules::test_support::decode;
using ssprules::test_support::load_text;

using fields = ssprules::test_support::text_fields;

inline decision run(const program& prog, std::string_view as_of, const fields& f,
                    evaluate_options opts = {}) {
  return ssprules::evaluate(prog, decode(prog, f), day(as_of), opts);
}

// What rule `name` computed for a record, from the explanation: also when another rule's
// problem leaves the record undecided (every output missing), the rules that do not depend on
// it still run.
inline value computed(const program& prog, std::string_view as_of, const fields& f,
                      std::string_view name) {
  decision d = run(prog, as_of, f, {.explain = true});
  for (const auto& step : d.explanation()) {
    if (step.rule == name) return step.result;
  }
  ADD_FAILURE() << "no explanation step for `" << name << "`";
  return {};
}

// Every output as text, by name.
inline std::map<std::string, std::string> outputs(const decision& d) {
  std::map<std::string, std::string> out;
  for (std::size_t i = 0; i < d.names().size(); ++i) out[d.names()[i]] = d.values()[i].to_string();
  return out;
}

using expected = std::map<std::string, std::string>;

const char* const arithmetic = R"(id: t
effective: {from: 2020-01-01}
inputs:
  a: integer
  b: integer
outputs:
  ratio: a / b
  doubled: ratio * 2
  sum: a + b
  product: a * b
  negated: -a
  absolute: abs(a)
)";

}  // namespace
