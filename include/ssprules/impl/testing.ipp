// Definitions for testing.hpp.
#include <algorithm>
#include <filesystem>
#include <map>

#include "ssprules/detail/checked.hpp"
#include "ssprules/detail/program.hpp"
#include "ssprules/evaluate.hpp"
#include "ssprules/record.hpp"
#include "ssprules/testing.hpp"

namespace ssprules {
namespace detail {

// A test's written value as a raw field: quoted scalars are strings, plain ones untyped text.
SSPRULES_INLINE field_value field_of(const scalar& s) {
  if (s.null) return field_value::absent();
  return s.quoted ? field_value::string(s.text) : field_value::text(s.text);
}

// Empty when `actual` is what `expected` says; otherwise why not.
SSPRULES_INLINE std::string difference(const std::string& name, const value& actual,
                                       const scalar& expected, const output_info& info) {
  auto differs = [&]() {
    return "`" + name + "`: expected " + (expected.null ? std::string("null") : expected.text) +
           ", got " + actual.to_string();
  };
  if (expected.null) return actual.present() ? differs() : std::string();
  if (!actual.present()) return differs();
  bool same = false;
  switch (info.type.kind) {
    case type_kind::boolean:
      if (expected.text != "true" && expected.text != "false") {
        return "`" + name + "`: the expected value `" + expected.text + "` is not true or false";
      }
      same = actual.as_bool() == (expected.text == "true");
      break;
    case type_kind::integer: {
      auto v = parse_integer(expected.text);
      if (!v) return "`" + name + "`: the expected value `" + expected.text + "` is not a whole number";
      same = actual.as_integer() == *v;
      break;
    }
    case type_kind::decimal: {
      auto v = decimal::parse(expected.text);
      if (!v) return "`" + name + "`: the expected value `" + expected.text + "` is not a decimal";
      same = actual.as_decimal() == *v;
      break;
    }
    case type_kind::date: {
      auto v = date::parse(expected.text);
      if (!v) return "`" + name + "`: the expected value `" + expected.text + "` is not a date";
      same = actual.as_date() == *v;
      break;
    }
    case type_kind::string:
    case type_kind::enumeration: same = actual.as_string() == expected.text; break;
    case type_kind::list: same = actual.to_string() == expected.text; break;
  }
  return same ? std::string() : differs();
}

SSPRULES_INLINE test_report failed_file(std::vector<diagnostic> diagnostics,
                                        const std::string& file, std::string why) {
  test_report r;
  r.failed = 1;
  r.failures.push_back({"(" + why + ")", file, 0, {why}, {}});
  r.diagnostics = std::move(diagnostics);
  return r;
}

// Runs a parsed test file against its (loaded) policy.
SSPRULES_INLINE test_report run_test_file(const load_result& policy, const test_file& tests,
                                          const std::string& file) {
  if (!policy.ok()) return failed_file(policy.diagnostics, file, "its policy does not check");
  std::vector<diagnostic> problems;
  check_tests(*policy.prog.checked().impl(), tests.tests, tests.as_of.has_value(), problems);
  if (has_errors(problems)) return failed_file(std::move(problems), file, "the test file has errors");
  return run_tests(policy.prog, tests.tests, tests.as_of);
}

}  // namespace detail

SSPRULES_INLINE void test_report::merge(test_report other) {
  passed += other.passed;
  failed += other.failed;
  for (auto& f : other.failures) failures.push_back(std::move(f));
  for (auto& d : other.diagnostics) diagnostics.push_back(std::move(d));
}

SSPRULES_INLINE std::string test_report::summary() const {
  return std::to_string(passed) + " passed, " + std::to_string(failed) + " failed";
}

SSPRULES_INLINE test_report run_tests(const program& prog, const std::vector<test_case>& tests,
                                      std::optional<date> file_as_of) {
  test_report report;
  record_decoder decoder(prog);
  facts record;
  const std::vector<output_info>& outputs = prog.outputs();
  for (const test_case& t : tests) {
    test_failure failure;
    failure.test = t.name;
    failure.file = t.at.file ? t.at.file->name() : std::string();
    failure.line = t.at.line;
    std::optional<date> as_of = t.as_of ? t.as_of : file_as_of;
    if (!as_of) {
      failure.differences.push_back("the test has no `as_of`");
      report.failed += 1;
      report.failures.push_back(std::move(failure));
      continue;
    }
    std::vector<std::pair<std::string_view, field_value>> fields;
    fields.reserve(t.input.size());
    for (const field_entry& f : t.input) fields.emplace_back(f.name, detail::field_of(f.value));
    decoder.decode(fields, record);
    decision d = evaluate(prog, record, *as_of, {.explain = true});
    if (t.error) {
      if (d.ok()) {
        failure.differences.push_back("expected error " + t.error->code + ", got a decision");
      } else {
        if (d.error()->code != t.error->code) {
          failure.differences.push_back("expected error " + t.error->code + ", got " +
                                        d.error()->code + ": " + d.error()->message);
        }
        if (!t.error->message.empty() &&
            d.error()->message.find(t.error->message) == std::string::npos) {
          failure.differences.push_back("expected an error message containing \"" +
                                        t.error->message + "\", got \"" + d.error()->message +
                                        "\"");
        }
      }
    } else if (!d.ok()) {
      failure.differences.push_back("expected a decision, got error " + d.error()->code + ": " +
                                    d.error()->message);
    } else {
      for (const field_entry& e : t.expect) {
        auto it = std::find_if(outputs.begin(), outputs.end(),
                               [&](const output_info& o) { return o.name == e.name; });
        if (it == outputs.end()) {
          failure.differences.push_back("`" + e.name + "` is not an output of the policy");
          continue;
        }
        const value& actual = d.values()[static_cast<std::size_t>(it - outputs.begin())];
        std::string diff = detail::difference(e.name, actual, e.value, *it);
        if (!diff.empty()) failure.differences.push_back(std::move(diff));
      }
    }
    if (failure.differences.empty()) {
      report.passed += 1;
    } else {
      failure.explanation = d.explain_text();
      report.failed += 1;
      report.failures.push_back(std::move(failure));
    }
  }
  return report;
}

SSPRULES_INLINE test_report run_test_paths(const std::vector<std::string>& paths) {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  for (const std::string& p : paths) {
    fs::path path(p);
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      std::vector<fs::path> found;
      for (const auto& entry : fs::recursive_directory_iterator(path, ec)) {
        auto ext = entry.path().extension();
        if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml")) {
          found.push_back(entry.path());
        }
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(path, ec)) {
      files.push_back(path);
    } else {
      throw error("no such file or directory: " + p);
    }
  }
  test_report report;
  std::map<std::string, load_result> policies;  // by canonical path
  auto policy_at = [&](const fs::path& path) -> const load_result& {
    std::error_code ec;
    std::string key = fs::weakly_canonical(path, ec).string();
    auto it = policies.find(key);
    if (it == policies.end()) it = policies.emplace(key, load(path.string())).first;
    return it->second;
  };
  for (const fs::path& file : files) {
    auto src = source::from_file(file.string());
    if (looks_like_test_file(*src)) {
      test_file_result tf = parse_test_file(src);
      if (!tf.ok()) {
        report.merge(detail::failed_file(std::move(tf.diagnostics), file.string(),
                                         "the test file has errors"));
        continue;
      }
      fs::path policy_path = file.parent_path() / tf.tests.policy;
      std::error_code ec;
      if (!fs::exists(policy_path, ec)) {
        diagnostic d{severity::error, "SR0801",
                     "policy file `" + tf.tests.policy + "` not found (looked for " +
                         policy_path.string() + ")",
                     tf.tests.policy_at, {}};
        report.merge(detail::failed_file({std::move(d)}, file.string(), "its policy is missing"));
        continue;
      }
      report.merge(detail::run_test_file(policy_at(policy_path), tf.tests, file.string()));
    } else {
      const load_result& policy = policy_at(file);
      if (!policy.ok()) {
        report.merge(detail::failed_file(policy.diagnostics, file.string(),
                                         "the policy does not check"));
        continue;
      }
      const rule_document& doc = policy.prog.checked().document();
      report.merge(run_tests(policy.prog, doc.tests, doc.tests_as_of));
    }
  }
  return report;
}

SSPRULES_INLINE test_report run_policy_tests(const program& prog, const std::string& path) {
  namespace fs = std::filesystem;
  const rule_document& doc = prog.checked().document();
  test_report report = run_tests(prog, doc.tests, doc.tests_as_of);
  if (path.empty()) return report;
  std::error_code ec;
  const fs::path policy = fs::weakly_canonical(path, ec);
  fs::path folder = fs::path(path).parent_path();
  if (folder.empty()) folder = ".";
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    auto ext = entry.path().extension();
    if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml")) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  const load_result loaded{prog, {}};
  for (const fs::path& file : files) {
    auto src = source::from_file(file.string());
    if (!looks_like_test_file(*src)) continue;
    test_file_result tf = parse_test_file(src);
    // another policy's tests (a file too broken to name its policy is reported)
    if (!tf.tests.policy.empty() && fs::weakly_canonical(folder / tf.tests.policy, ec) != policy) {
      continue;
    }
    if (!tf.ok()) {
      report.merge(detail::failed_file(std::move(tf.diagnostics), file.string(),
                                       "the test file has errors"));
      continue;
    }
    report.merge(detail::run_test_file(loaded, tf.tests, file.string()));
  }
  return report;
}

}  // namespace ssprules
