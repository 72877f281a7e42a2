// Definitions for testing.hpp.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <string_view>

#include "ssprules/detail/checked.hpp"
#include "ssprules/detail/codes.hpp"
#include "ssprules/detail/files.hpp"
#include "ssprules/detail/json_values.hpp"
#include "ssprules/detail/numerals.hpp"
#include "ssprules/detail/program.hpp"
#include "ssprules/detail/utf8.hpp"
#include "ssprules/evaluate.hpp"
#include "ssprules/record.hpp"
#include "ssprules/testing.hpp"

namespace ssprules::inline SSPRULES_ABI {
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
      if (!v)
        return "`" + name + "`: the expected value `" + expected.text + "` is not a whole number";
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
    case type_kind::enumeration:
      same = actual.as_string() == expected.text;
      break;
    case type_kind::list:
    case type_kind::record:
      same = actual.to_string() == expected.text;
      break;
  }
  return same ? std::string() : differs();
}

SSPRULES_INLINE test_report failed_file(std::vector<diagnostic> diagnostics,
                                        const std::string& file, std::string why) {
  test_report r;
  r.failed = 1;
  r.failures.push_back({"(" + why + ")", file, 0, {why}, {}});
  r.results.push_back({"(" + why + ")", file, 0, false, 0, {why}, render(diagnostics)});
  r.diagnostics = std::move(diagnostics);
  return r;
}

// The version of a rule as a coverage report names it: its period or its dates.
SSPRULES_INLINE std::string version_label(const checked_rule& rule,
                                          const checked_version& version) {
  if (!rule.syntax || !rule.syntax->versioned) return {};
  if (version.syntax && !version.syntax->period.empty()) return version.syntax->period;
  std::string out;
  if (version.from) out = "from " + version.from->to_string();
  if (version.to) out += (out.empty() ? "until " : " to ") + version.to->to_string();
  return out.empty() ? "always" : out;
}

// The labels a step's `decided_by` stands for: "rows 1, 4" is "row 1" and "row 4".
SSPRULES_INLINE std::vector<std::string> part_labels(const std::string& decided_by) {
  const std::string_view several = "rows ";
  if (decided_by.rfind(several, 0) != 0) return {decided_by};
  std::vector<std::string> out;
  std::size_t at = several.size();
  while (at < decided_by.size()) {
    std::size_t end = decided_by.find(", ", at);
    if (end == std::string::npos) end = decided_by.size();
    out.push_back("row " + decided_by.substr(at, end - at));
    at = end + 2;
  }
  return out;
}

// Text for XML 1.0: `&`, `<`, `>` always; in attributes also `"` and tab and line breaks (kept
// as character references). What XML 1.0 forbids in a document (C0 controls other than tab,
// line feed and carriage return, U+FFFE, U+FFFF; surrogates and other ill-formed UTF-8) and the
// C1 controls and DEL it discourages are written as visible text, as the terminal shows them
// (terminal.hpp): `\x01`, `\ufffe`, `\xff` for a byte of ill-formed UTF-8. The result is
// always well-formed, and a name that holds them still reads as what it was.
SSPRULES_INLINE std::string xml_escaped(std::string_view text, bool attribute) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  auto byte_escape = [&](unsigned char c) {
    out += "\\x";
    out += hex[c >> 4U];
    out += hex[c & 0x0FU];
  };
  for (std::size_t i = 0; i < text.size();) {
    const char ch = text[i];
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80U) {
      const std::size_t n = utf8_sequence_length(text.data() + i, text.size() - i);
      if (n == 0) {
        byte_escape(c);
        ++i;
        continue;
      }
      const std::uint32_t cp = utf8_code_point(text.substr(i, n));
      if (cp <= 0x9FU || cp == 0xFFFEU || cp == 0xFFFFU) {
        out += "\\u";
        for (unsigned shift = 16; shift > 0; shift -= 4) out += hex[(cp >> (shift - 4)) & 0x0FU];
      } else {
        out.append(text.data() + i, n);
      }
      i += n;
      continue;
    }
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += attribute ? "&quot;" : "\"";
        break;
      case '\n':
        out += attribute ? "&#10;" : "\n";
        break;
      case '\r':
        out += attribute ? "&#13;" : "\r";
        break;
      case '\t':
        out += attribute ? "&#9;" : "\t";
        break;
      default:
        if (c < 0x20U || c == 0x7FU) {
          byte_escape(c);
        } else {
          out += ch;
        }
    }
    ++i;
  }
  return out;
}

SSPRULES_INLINE std::string xml_seconds(double seconds) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6f", seconds);
  return buf;
}

// Runs a parsed test file against its (loaded) policy.
SSPRULES_INLINE test_report run_test_file(const load_result& policy, const test_file& tests,
                                          const std::string& file) {
  if (!policy.ok()) return failed_file(policy.diagnostics, file, "its policy does not check");
  std::vector<diagnostic> problems;
  check_tests(*policy.prog.checked().impl(), tests.tests, tests.as_of.has_value(), problems);
  if (has_errors(problems))
    return failed_file(std::move(problems), file, "the test file has errors");
  return run_tests(policy.prog, tests.tests, tests.as_of);
}

}  // namespace detail

// ---------------------------------------------------------------------------------------------
// coverage

SSPRULES_INLINE policy_coverage coverage_of(const program& prog) {
  const detail::checked_policy& cp = *prog.checked().impl();
  policy_coverage out;
  if (cp.doc && cp.doc->file) out.file = cp.doc->file->name();
  // rules are checked in dependency order; a report reads better in file order
  std::vector<const detail::checked_rule*> rules;
  for (const detail::checked_rule& r : cp.rules) rules.push_back(&r);
  std::stable_sort(rules.begin(), rules.end(), [&](const auto* a, const auto* b) {
    return cp.symbols[a->symbol].index < cp.symbols[b->symbol].index;
  });
  for (const detail::checked_rule* r : rules) {
    const std::string& name = cp.symbols[r->symbol].name;
    for (const detail::checked_version& v : r->versions) {
      std::string version = detail::version_label(*r, v);
      auto add = [&](std::string part, std::uint32_t line) {
        out.parts.push_back({name, version, std::move(part), line, 0});
      };
      // the labels and lines are those `evaluate` gives `explanation_step`
      switch (v.form) {
        case body_form::expression:
          add("expression", v.expression.syntax ? v.expression.syntax->at.line : 0);
          break;
        case body_form::cases:
          for (std::size_t i = 0; i < v.cases.size(); ++i) {
            const detail::checked_case& c = v.cases[i];
            add(c.when ? "case " + std::to_string(i + 1) : "otherwise",
                c.syntax ? c.syntax->at.line : 0);
          }
          break;
        case body_form::table:
          for (std::size_t i = 0; i < v.table.rows.size(); ++i) {
            const detail::checked_row& row = v.table.rows[i];
            add("row " + std::to_string(i + 1), row.syntax ? row.syntax->at.line : 0);
          }
          if (v.table.otherwise) {
            add("otherwise", v.table.otherwise->syntax ? v.table.otherwise->syntax->at.line : 0);
          }
          break;
      }
    }
  }
  // user functions, after the rules: each case of a body (an expression body is one part)
  for (const detail::checked_function& f : cp.functions) {
    if (f.symbol >= cp.symbols.size() || cp.symbols[f.symbol].type.invalid) continue;
    const std::string& name = f.syntax->name;
    auto add = [&](std::string part, std::uint32_t line) {
      coverage_part c{name, {}, std::move(part), line, 0};
      c.function = true;
      out.parts.push_back(std::move(c));
    };
    if (f.body.form == body_form::expression) {
      add("expression", f.syntax->body.expression.at.line);
      continue;
    }
    for (std::size_t i = 0; i < f.body.cases.size(); ++i) {
      const detail::checked_case& c = f.body.cases[i];
      add(c.when ? "case " + std::to_string(i + 1) : "otherwise", c.syntax ? c.syntax->at.line : 0);
    }
  }
  return out;
}

SSPRULES_INLINE void policy_coverage::record(const decision& d) {
  for (const explanation_step& step : d.explanation()) {
    for (const function_call& call : step.function_calls) {
      for (coverage_part& p : parts) {
        if (p.function && p.rule == call.function && p.part == call.decided_by) {
          p.hits += 1;
          break;
        }
      }
    }
    if (step.error && !step.raised) continue;  // a case that raises its error is covered
    std::vector<std::string> labels = detail::part_labels(step.decided_by);
    // the version that decided: the one with this part on this line
    const coverage_part* anchor = nullptr;
    for (const coverage_part& p : parts) {
      if (p.rule == step.rule && p.part == labels.front()) {
        if (p.line == step.line) {
          anchor = &p;
          break;
        }
        if (!anchor) anchor = &p;
      }
    }
    if (!anchor) continue;  // "no row": nothing decided
    const std::string version = anchor->version;
    for (const std::string& label : labels) {
      for (coverage_part& p : parts) {
        if (p.rule == step.rule && p.version == version && p.part == label) {
          p.hits += 1;
          break;
        }
      }
    }
  }
}

SSPRULES_INLINE void policy_coverage::merge(const policy_coverage& other) {
  for (std::size_t i = 0; i < other.parts.size(); ++i) {
    const coverage_part& o = other.parts[i];
    // the same policy lists the same parts in the same order; look further only if not
    if (i < parts.size() && parts[i].rule == o.rule && parts[i].version == o.version &&
        parts[i].part == o.part && parts[i].line == o.line) {
      parts[i].hits += o.hits;
      continue;
    }
    auto it = std::find_if(parts.begin(), parts.end(), [&](const coverage_part& p) {
      return p.rule == o.rule && p.version == o.version && p.part == o.part && p.line == o.line;
    });
    if (it != parts.end()) {
      it->hits += o.hits;
    } else {
      parts.push_back(o);
    }
  }
}

SSPRULES_INLINE std::size_t policy_coverage::covered() const {
  return static_cast<std::size_t>(
      std::count_if(parts.begin(), parts.end(), [](const coverage_part& p) { return p.hits > 0; }));
}

SSPRULES_INLINE std::string policy_coverage::text() const {
  std::size_t n = covered();
  std::size_t percent = parts.empty() ? 100 : n * 100 / parts.size();
  std::string out = file + ": " + std::to_string(n) + " of " + std::to_string(parts.size()) +
                    " parts covered (" + std::to_string(percent) + "%)\n";
  for (const coverage_part& p : parts) {
    if (p.hits > 0) continue;
    out += std::string("  uncovered: ") + (p.function ? "function " : "rule ") + p.rule;
    if (!p.version.empty()) out += " (" + p.version + ")";
    out += ", " + p.part + " (line " + std::to_string(p.line) + ")\n";
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// reports

SSPRULES_INLINE void test_report::merge(test_report other) {
  passed += other.passed;
  failed += other.failed;
  for (auto& f : other.failures) failures.push_back(std::move(f));
  for (auto& d : other.diagnostics) diagnostics.push_back(std::move(d));
  for (auto& r : other.results) results.push_back(std::move(r));
  for (auto& c : other.coverage) {
    auto it = std::find_if(coverage.begin(), coverage.end(),
                           [&](const policy_coverage& mine) { return mine.file == c.file; });
    if (it != coverage.end()) {
      it->merge(c);
    } else {
      coverage.push_back(std::move(c));
    }
  }
}

SSPRULES_INLINE std::string test_report::summary() const {
  return std::to_string(passed) + " passed, " + std::to_string(failed) + " failed";
}

SSPRULES_INLINE std::string test_report::coverage_text() const {
  std::string out;
  for (const policy_coverage& c : coverage) out += c.text();
  return out;
}

SSPRULES_INLINE std::string test_report::junit_xml() const {
  using detail::xml_escaped;
  using detail::xml_seconds;
  // suites by the file the tests are written in, in the order first run
  std::vector<std::string> files;
  for (const test_result& r : results) {
    if (std::find(files.begin(), files.end(), r.file) == files.end()) files.push_back(r.file);
  }
  std::size_t all_failed = 0;
  double all_seconds = 0;
  for (const test_result& r : results) {
    all_failed += r.passed ? 0 : 1;
    all_seconds += r.seconds;
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuites name=\"ssprules\" tests=\"" + std::to_string(results.size()) +
         "\" failures=\"" + std::to_string(all_failed) + "\" errors=\"0\" time=\"" +
         xml_seconds(all_seconds) + "\">\n";
  for (const std::string& file : files) {
    std::size_t suite_tests = 0;
    std::size_t suite_failed = 0;
    double suite_seconds = 0;
    for (const test_result& r : results) {
      if (r.file != file) continue;
      suite_tests += 1;
      suite_failed += r.passed ? 0 : 1;
      suite_seconds += r.seconds;
    }
    const std::string name = xml_escaped(file, true);
    out += "  <testsuite name=\"" + name + "\" tests=\"" + std::to_string(suite_tests) +
           "\" failures=\"" + std::to_string(suite_failed) +
           "\" errors=\"0\" skipped=\"0\" time=\"" + xml_seconds(suite_seconds) + "\">\n";
    for (const test_result& r : results) {
      if (r.file != file) continue;
      out += "    <testcase name=\"" + xml_escaped(r.test, true) + "\" classname=\"" + name +
             "\" file=\"" + name + "\" line=\"" + std::to_string(r.line) + "\" time=\"" +
             xml_seconds(r.seconds) + "\"";
      if (r.passed) {
        out += "/>\n";
        continue;
      }
      std::string message;
      for (const std::string& d : r.differences) message += (message.empty() ? "" : "; ") + d;
      std::string text = r.explanation;
      if (text.empty()) {
        for (const std::string& d : r.differences) text += d + "\n";
      }
      out += ">\n      <failure message=\"" + xml_escaped(message, true) + "\">" +
             xml_escaped(text, false) + "</failure>\n    </testcase>\n";
    }
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

SSPRULES_INLINE test_report run_tests(const program& prog, const std::vector<test_case>& tests,
                                      std::optional<date> file_as_of) {
  test_report report;
  report.coverage.push_back(coverage_of(prog));
  policy_coverage& coverage = report.coverage.back();
  record_decoder decoder(prog);
  detail::json_list_storage lists;  // what list inputs of a test point into
  facts record;
  const std::vector<output_info>& outputs = prog.outputs();
  for (const test_case& t : tests) {
    const auto started = std::chrono::steady_clock::now();
    auto seconds = [&] {
      return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    };
    test_failure failure;
    failure.test = t.name;
    failure.file = t.at.file ? t.at.file->name() : std::string();
    failure.line = t.at.line;
    std::optional<date> as_of = t.as_of ? t.as_of : file_as_of;
    if (!as_of) {
      failure.differences.push_back("the test has no `as_of`");
      report.failed += 1;
      report.results.push_back(
          {failure.test, failure.file, failure.line, false, seconds(), failure.differences, {}});
      report.failures.push_back(std::move(failure));
      continue;
    }
    std::vector<std::pair<std::string_view, field_value>> fields;
    fields.reserve(t.input.size());
    lists.clear();
    for (const field_entry& f : t.input) {
      fields.emplace_back(f.name, f.value.json
                                      ? lists.value(detail::json_kind::nested, f.value.text)
                                      : detail::field_of(f.value));
    }
    decoder.decode(fields, record);
    decision d = evaluate(prog, record, *as_of, {.explain = true});
    coverage.record(d);
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
      report.results.push_back({failure.test, failure.file, failure.line, true, seconds(), {}, {}});
    } else {
      failure.explanation = d.explain_text();
      report.failed += 1;
      report.results.push_back({failure.test, failure.file, failure.line, false, seconds(),
                                failure.differences, failure.explanation});
      report.failures.push_back(std::move(failure));
    }
  }
  return report;
}

namespace detail {

SSPRULES_INLINE std::optional<std::string> test_file_policy(const test_file& tests,
                                                            diagnostic& problem) {
  namespace fs = std::filesystem;
  fs::path folder = fs::path(tests.file ? tests.file->name() : std::string()).parent_path();
  if (!resolve_inside(folder, tests.policy)) {
    problem = outside_folder(tests.policy, tests.policy_at, "the test file's", "the policy");
    return std::nullopt;
  }
  fs::path policy = folder / tests.policy;
  std::error_code ec;
  if (!fs::exists(policy, ec)) {
    problem = {severity::error,
               codes::invalid_test.id,
               "policy file `" + tests.policy + "` not found (looked for " + policy.string() + ")",
               tests.policy_at,
               {}};
    return std::nullopt;
  }
  return policy.string();
}

}  // namespace detail

SSPRULES_INLINE std::vector<std::string> yaml_files(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(path, ec)) return {path};
  std::vector<std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(path, ec)) {
    auto ext = entry.path().extension();
    if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml")) {
      out.push_back(entry.path().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

SSPRULES_INLINE std::vector<diagnostic> check_test_file(const std::shared_ptr<const source>& src,
                                                        const check_options& opts) {
  test_file_result tf = parse_test_file(src);
  std::vector<diagnostic> out = std::move(tf.diagnostics);
  if (has_errors(out)) return out;
  diagnostic problem;
  std::optional<std::string> policy = detail::test_file_policy(tf.tests, problem);
  if (!policy) {
    out.push_back(std::move(problem));
    return out;
  }
  load_result loaded = load(*policy, opts);
  if (!loaded.ok()) {
    out.push_back({severity::error,
                   detail::codes::invalid_test.id,
                   "the policy `" + tf.tests.policy + "` does not check; run `ssprules check " +
                       *policy + "`",
                   tf.tests.policy_at,
                   {}});
    return out;
  }
  detail::check_tests(*loaded.prog.checked().impl(), tf.tests.tests, tf.tests.as_of.has_value(),
                      out);
  return out;
}

SSPRULES_INLINE std::vector<diagnostic> check_file(const std::string& path,
                                                   const check_options& opts) {
  std::vector<diagnostic> diagnostics;
  auto src = detail::read_source(opts.read_file, path, diagnostics);
  if (!src) return diagnostics;
  return looks_like_test_file(*src) ? check_test_file(src, opts)
                                    : load_source(src, opts).diagnostics;
}

namespace detail {

// A YAML file met on the paths of `check` or `test`: read, and classified.
struct walked_file {
  std::string path;
  bool in_folder = false;  // found by walking a folder, not named directly
  std::shared_ptr<const source> src;
  std::vector<diagnostic> unreadable;  // when src is null
  yaml_file_shape shape;
};

// The files on `paths` in order (folders walked by yaml_files), each read and classified, and
// the canonical paths of the files that the policies among them read. A path that does not
// exist comes back unread (SR0006).
SSPRULES_INLINE std::vector<walked_file> walk_paths(const std::vector<std::string>& paths,
                                                    const check_options& opts,
                                                    std::set<std::string>& named) {
  namespace fs = std::filesystem;
  std::vector<walked_file> out;
  for (const std::string& p : paths) {
    std::error_code ec;
    const bool folder = fs::is_directory(p, ec);
    for (const std::string& f : yaml_files(p)) {
      walked_file w;
      w.path = f;
      w.in_folder = folder;
      w.src = read_source(opts.read_file, f, w.unreadable);
      if (w.src) w.shape = classify_yaml_file(*w.src);
      if (w.src && w.shape.kind == yaml_file_kind::policy) {
        rule_document doc = parse(w.src).document;
        (void)resolve_imports(doc, opts);  // checking the policy reports what goes wrong
        for (std::string& n : files_named_by(doc)) named.insert(std::move(n));
      }
      out.push_back(std::move(w));
    }
  }
  return out;
}

SSPRULES_INLINE bool named_by_a_policy(const std::set<std::string>& named,
                                       const std::string& path) {
  std::error_code ec;
  return named.count(std::filesystem::weakly_canonical(path, ec).string()) != 0;
}

// The one line for a YAML file in a folder that is none of the files `check` and `test` read.
SSPRULES_INLINE diagnostic not_a_policy_file(const walked_file& w) {
  std::string keys;
  for (const std::string& k : w.shape.keys) keys += (keys.empty() ? "`" : ", `") + k + "`";
  std::string what =
      w.shape.kind == yaml_file_kind::definitions
          ? "taken for a definitions file (only `sources`, `parameters`, `functions`, `calendar`), "
            "which no policy here reads"
          : "not a policy, test file or calendar (" +
                (keys.empty() ? std::string("no top-level keys") : "its top-level keys: " + keys) +
                ")";
  source_span at;
  at.file = w.src;
  return {severity::warning, codes::not_a_policy_file.id, what + "; skipped", at, {}};
}

}  // namespace detail

SSPRULES_INLINE std::vector<file_check> check_paths(const std::vector<std::string>& paths,
                                                    const check_options& opts) {
  std::set<std::string> named;
  std::vector<detail::walked_file> files = detail::walk_paths(paths, opts, named);
  std::vector<file_check> out;
  for (detail::walked_file& w : files) {
    file_check c;
    c.path = w.path;
    c.kind = w.src ? w.shape.kind : yaml_file_kind::policy;
    if (!w.src) {
      c.diagnostics = std::move(w.unreadable);
    } else if (w.in_folder && detail::named_by_a_policy(named, w.path)) {
      continue;  // checked with the policy that reads it
    } else if (c.kind == yaml_file_kind::test_file) {
      c.diagnostics = check_test_file(w.src, opts);
    } else if (c.kind == yaml_file_kind::holiday_calendar) {
      c.diagnostics = check_holiday_calendar(w.src);
    } else if (w.in_folder && c.kind != yaml_file_kind::policy) {
      c.diagnostics.push_back(detail::not_a_policy_file(w));
    } else {
      c.kind = yaml_file_kind::policy;
      c.diagnostics = load_source(w.src, opts).diagnostics;
    }
    out.push_back(std::move(c));
  }
  return out;
}

SSPRULES_INLINE policy_reference policy_reference_for(const std::string& test_file_path,
                                                      const std::string& policy_path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path folder = fs::weakly_canonical(fs::absolute(test_file_path), ec).parent_path();
  fs::path policy = fs::weakly_canonical(fs::absolute(policy_path), ec);
  fs::path relative = policy.lexically_relative(folder);
  if (relative.empty()) relative = policy;
  bool inside =
      detail::resolve_inside(fs::path(test_file_path).parent_path(), relative.string()).has_value();
  return {relative.generic_string(), inside};
}

SSPRULES_INLINE test_report run_test_paths(const std::vector<std::string>& paths,
                                           const check_options& opts) {
  namespace fs = std::filesystem;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (!fs::exists(p, ec)) throw error("no such file or directory: " + p);
  }
  std::set<std::string> named;
  std::vector<detail::walked_file> walked = detail::walk_paths(paths, opts, named);
  test_report report;
  std::map<std::string, load_result> policies;  // by canonical path
  // `src`: the policy's text when it has been read already
  auto policy_at = [&](const fs::path& path,
                       const std::shared_ptr<const source>& src = nullptr) -> const load_result& {
    std::error_code ec;
    std::string key = fs::weakly_canonical(path, ec).string();
    auto it = policies.find(key);
    if (it == policies.end()) {
      it = policies.emplace(key, src ? load_source(src, opts) : load(path.string(), opts)).first;
    }
    return it->second;
  };
  for (detail::walked_file& w : walked) {
    const fs::path file(w.path);
    const std::shared_ptr<const source>& src = w.src;
    if (!src) {
      report.merge(
          detail::failed_file(std::move(w.unreadable), file.string(), "the file cannot be read"));
      continue;
    }
    const yaml_file_kind kind = w.shape.kind;
    if (w.in_folder && kind != yaml_file_kind::test_file && kind != yaml_file_kind::policy) {
      // calendars and the files policies read hold no tests; say what anything else was taken for
      if (kind != yaml_file_kind::holiday_calendar && !detail::named_by_a_policy(named, w.path))
        report.diagnostics.push_back(detail::not_a_policy_file(w));
      continue;
    }
    if (kind == yaml_file_kind::test_file) {
      test_file_result tf = parse_test_file(src);
      if (!tf.ok()) {
        report.merge(detail::failed_file(std::move(tf.diagnostics), file.string(),
                                         "the test file has errors"));
        continue;
      }
      diagnostic problem;
      std::optional<std::string> policy_path = detail::test_file_policy(tf.tests, problem);
      if (!policy_path) {
        bool outside = problem.code == detail::codes::path_outside_folder.id;
        report.merge(detail::failed_file(
            {std::move(problem)}, file.string(),
            outside ? "its policy is outside its folder" : "its policy is missing"));
        continue;
      }
      report.merge(detail::run_test_file(policy_at(*policy_path), tf.tests, file.string()));
    } else {
      const load_result& policy = policy_at(file, src);
      if (!policy.ok()) {
        report.merge(
            detail::failed_file(policy.diagnostics, file.string(), "the policy does not check"));
        continue;
      }
      const rule_document& doc = policy.prog.checked().document();
      report.merge(run_tests(policy.prog, doc.tests, doc.tests_as_of));
    }
  }
  return report;
}

SSPRULES_INLINE test_report run_policy_tests(const program& prog, const std::string& path,
                                             const check_options& opts) {
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
    std::vector<diagnostic> unreadable;
    auto src = detail::read_source(opts.read_file, file.string(), unreadable);
    if (!src) {  // a test file of this policy or not: unknown, so reported
      report.merge(
          detail::failed_file(std::move(unreadable), file.string(), "the file cannot be read"));
      continue;
    }
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

}  // namespace ssprules::inline SSPRULES_ABI
