// Loads a small policy, evaluates one record and checks the decision: proves that an installed
// ssprules works from another CMake project (compiled, header-first, and both at once).
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "ssprules/ssprules.hpp"

// In every mode yaml-cpp and Boost.Graph stay out of the user's code: only the unit with the
// definitions (implementation.cpp, header-first) sees them.
#if defined(YAML_H_62B23520_7C8E_11DE_8A39_0800200C9A66) || defined(BOOST_GRAPH_ADJACENCY_LIST_HPP)
#  error "yaml-cpp or Boost.Graph headers reached a translation unit that uses ssprules"
#endif

static_assert(SSPRULES_VERSION == SSPRULES_VERSION_MAJOR * 10000 + SSPRULES_VERSION_MINOR * 100 +
                                      SSPRULES_VERSION_PATCH);

int main() {
#ifdef EXPECTED_VERSION
  if (std::string(SSPRULES_VERSION_STRING) != EXPECTED_VERSION) {
    std::fprintf(stderr, "headers say %s, the CMake package %s\n", SSPRULES_VERSION_STRING,
                 EXPECTED_VERSION);
    return 1;
  }
#endif
  const char* policy = R"(
id: consumer-check
effective: {from: 2020-01-01}
inputs:
  birth_date: date
outputs:
  age: age(birth_date, as_of)
  adult: age >= 18
)";
  ssprules::load_result loaded = ssprules::load_string(policy, "consumer.yaml");
  if (!loaded.ok()) {
    std::fputs(ssprules::render(loaded.diagnostics).c_str(), stderr);
    return 1;
  }
  ssprules::record_decoder decoder(loaded.prog);
  ssprules::facts record;
  std::vector<std::pair<std::string_view, ssprules::field_value>> fields = {
      {"id", ssprules::field_value::text("c1")},
      {"birth_date", ssprules::field_value::text("2008-02-29")}};
  decoder.decode(fields, record);
  auto as_of = ssprules::date::parse("2026-03-01");
  ssprules::decision d = ssprules::evaluate(loaded.prog, record, *as_of);
  std::string json = d.to_json();
  std::puts(json.c_str());
  return json == R"({"id":"c1","age":18,"adult":true})" ? 0 : 1;
}
