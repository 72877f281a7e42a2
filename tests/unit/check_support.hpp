// What the check tests share: includes, helpers and the policy header they write (inline, so
// that a test file that does not use one does not warn).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "ssprules/check.hpp"
#include "ssprules/compile.hpp"
#include "ssprules/evaluate.hpp"
#include "ssprules/record.hpp"
#include "test_support.hpp"

namespace {

using ssprules::check_options;
using ssprules::check_result;
using ssprules::diagnostic;
using ssprules::severity;
using ssprules::source;
using ssprules::type_kind;

// Serves `files` (path -> text) through check_options::read_file; a path not there is missing.
inline check_options serving(const std::map<std::string, std::string>& files) {
  check_options opts;
  opts.read_file = [files](const std::string& path, std::size_t) {
    ssprules::file_contents out;
    auto it = files.find(path);
    if (it == files.end()) {
      out.error = ssprules::read_error::missing;
      out.reason = "no such file";
    } else {
      out.text = it->second;
    }
    return out;
  };
  return opts;
}

// Parses (which must succeed) and checks a policy text.
inline check_result check_text(const std::string& text, const check_options& opts = {}) {
  auto parsed = ssprules::parse(source::from_string("rules.yaml", text));
  EXPECT_TRUE(parsed.ok()) << ssprules::render(parsed.diagnostics);
  return ssprules::check(std::move(parsed.document), opts);
}

inline const diagnostic* find_code(const std::vector<diagnostic>& ds, std::string_view code) {
  for (const diagnostic& d : ds) {
    if (d.code == code) return &d;
  }
  return nullptr;
}

inline std::size_t count_code(const std::vector<diagnostic>& ds, std::string_view code) {
  return static_cast<std::size_t>(
      std::count_if(ds.begin(), ds.end(), [&](const diagnostic& d) { return d.code == code; }));
}

inline std::string rendered(const std::vector<diagnostic>& ds) { return ssprules::render(ds); }

inline bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

// Expects a diagnostic with `code` at line:column; returns it (or an empty one).
inline diagnostic expect_at(const check_result& r, std::string_view code, std::uint32_t line,
                            std::uint32_t column) {
  const diagnostic* d = find_code(r.diagnostics, code);
  EXPECT_NE(d, nullptr) << "no " << code << " in:\n" << rendered(r.diagnostics);
  if (!d) return {};
  EXPECT_EQ(d->at.line, line) << rendered(r.diagnostics);
  EXPECT_EQ(d->at.column, column) << rendered(r.diagnostics);
  return *d;
}

const char* const header = "id: t\neffective: {from: 2020-01-01}\n";

inline std::string policy(const std::string& body) { return std::string(header) + body; }

}  // namespace
