// Shared by the unit tests: loading policies that are expected to load (a diagnostic fails the
// test that asked for the policy, with the rendered diagnostics).
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ssprules/detail/work.hpp"
#include "ssprules/ssprules.hpp"

namespace ssprules::test_support {

/// A policy file of the repository, by its path from the source root.
inline program load_path(const std::string& relative) {
  auto r = load(std::string(SSPRULES_SOURCE_DIR) + "/" + relative);
  EXPECT_TRUE(r.ok()) << render(r.diagnostics);
  return r.prog;
}

/// A policy written in the test, named `rules.yaml` in diagnostics.
inline program load_text(const std::string& text) {
  auto r = load_string(text, "rules.yaml");
  EXPECT_TRUE(r.ok()) << render(r.diagnostics);
  return r.prog;
}

/// A date written YYYY-MM-DD (the test fails on anything else).
inline date day(std::string_view iso) {
  auto d = date::parse(iso);
  EXPECT_TRUE(d.has_value()) << "not a date: " << iso;
  return d.value_or(date());
}

/// Fields by name, as text (the way a CSV gives them).
using text_fields = std::vector<std::pair<std::string_view, std::string_view>>;
/// Fields by name, as values of any kind.
using value_fields = std::vector<std::pair<std::string_view, field_value>>;

/// One record decoded for a program (fields it does not read are ignored).
inline facts decode(const program& prog, const value_fields& fields) {
  facts out;
  record_decoder(prog).decode(fields, out);
  return out;
}

/// One record of text fields decoded for a program.
inline facts decode(const program& prog, const text_fields& fields) {
  value_fields values;
  for (auto [name, text] : fields) values.emplace_back(name, field_value::text(text));
  return decode(prog, values);
}

/// The units of work (`detail::work_done`) that `f()` does on this thread. Tests of how a cost
/// grows compare it with the input's size, or at sizes N and 2N, instead of timing `f`.
template <typename F>
std::uint64_t work_of(F&& f) {
  const std::uint64_t before = detail::work_done;
  std::forward<F>(f)();
  return detail::work_done - before;
}

/// The bundled Copenhagen policy, loaded once per test program.
inline const program& copenhagen() {
  static const program prog = load_path("rules/copenhagen/ssp-plus.yaml");
  return prog;
}

}  // namespace ssprules::test_support
