// Unit tests for policy_store.hpp (hot reload: a new version becomes current only when it loads
// without errors, readers keep the snapshot they took) and for the thread-safety statement on
// every public type. `Threads.PolicyStoreReloadsWhileFourThreadsEvaluate` also runs under
// ThreadSanitizer (the `tsan` preset, scripts/sanitize.sh).
#include "ssprules/policy_store.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "ssprules/compile.hpp"
#include "ssprules/error.hpp"
#include "ssprules/evaluate.hpp"
#include "ssprules/record.hpp"
#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using ssprules::decision;
using ssprules::facts;
using ssprules::field_value;
using ssprules::input_handle;
using ssprules::output_handle;
using ssprules::policy_store;
using ssprules::program;
using ssprules::record_decoder;
using ssprules::test_support::day;

// Version `v` of a small policy: `answer` is `n + v`, so each result says which version gave it.
std::string version_text(int v) {
  return "id: store\nversion: \"" + std::to_string(v) +
         "\"\neffective: {from: 2020-01-01}\ninputs:\n  n: integer\noutputs:\n  answer: n + " +
         std::to_string(v) + "\n";
}
// A version that does not check: `m` is not an input.
const char* const broken_text =
    "id: store\nversion: \"3\"\neffective: {from: 2020-01-01}\ninputs:\n  n: integer\n"
    "outputs:\n  answer: m + 3\n";

// A folder of its own for one test, with the two versions and the broken one.
struct policy_files {
  fs::path dir;
  fs::path one, two, broken;
  explicit policy_files(const std::string& name)
      : dir(fs::path(testing::TempDir()) / ("ssprules_policy_store_" + name)) {
    fs::remove_all(dir);
    fs::create_directories(dir);
    one = write("one.yaml", version_text(1));
    two = write("two.yaml", version_text(2));
    broken = write("broken.yaml", broken_text);
  }
  ~policy_files() {
    std::error_code ignored;
    fs::remove_all(dir, ignored);
  }
  policy_files(const policy_files&) = delete;
  policy_files& operator=(const policy_files&) = delete;
  fs::path write(const std::string& file, const std::string& text) const {
    fs::path p = dir / file;
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
};

// `answer` for `n` with program `prog`, decoded and evaluated with that same program.
std::int64_t answer(const program& prog, std::int64_t n) {
  record_decoder decoder(prog);
  facts record;
  decoder.decode({{prog.input("n"), field_value::integer(n)}}, record);
  decision d = ssprules::evaluate(prog, record, day("2025-01-01"));
  EXPECT_TRUE(d.ok()) << d.error()->message;
  return d.get<std::int64_t>(prog.output("answer")).value_or(-1);
}

TEST(PolicyStore, AnEmptyStoreHasNoProgramUntilAVersionLoads) {
  policy_files files("empty");
  policy_store store;
  EXPECT_FALSE(store.snapshot().valid());
  EXPECT_EQ(store.generation(), 0U);
  ssprules::reload_result r = store.reload(files.one);
  ASSERT_TRUE(r.ok()) << ssprules::render(r.diagnostics);
  EXPECT_TRUE(r.replaced);
  EXPECT_EQ(r.generation, 1U);
  EXPECT_EQ(store.generation(), 1U);
  EXPECT_EQ(store.snapshot().version(), "1");
  EXPECT_EQ(answer(store.snapshot(), 10), 11);
}

TEST(PolicyStore, AVersionWithErrorsDoesNotReplaceTheCurrentOne) {
  policy_files files("broken");
  policy_store store(ssprules::load(files.one).prog);
  ASSERT_EQ(store.generation(), 1U);
  ssprules::reload_result r = store.reload(files.broken);
  EXPECT_FALSE(r.ok());
  EXPECT_FALSE(r.replaced);
  EXPECT_EQ(r.generation, 1U);
  ASSERT_TRUE(ssprules::has_errors(r.diagnostics));
  bool unknown_name = false;  // `m`
  for (const ssprules::diagnostic& d : r.diagnostics) {
    unknown_name = unknown_name || (d.level == ssprules::severity::error &&
                                    d.code == ssprules::detail::codes::unknown_name.id);
  }
  EXPECT_TRUE(unknown_name) << ssprules::render(r.diagnostics);
  EXPECT_NE(ssprules::render(r.diagnostics).find("broken.yaml"), std::string::npos);
  // the old version stays current
  EXPECT_EQ(store.generation(), 1U);
  EXPECT_EQ(store.snapshot().version(), "1");
  // so does it for a file that cannot be read (one error channel: a diagnostic)
  ssprules::reload_result missing = store.reload(files.dir / "nowhere.yaml");
  EXPECT_FALSE(missing.ok());
  ASSERT_FALSE(missing.diagnostics.empty());
  EXPECT_EQ(missing.diagnostics[0].code, ssprules::detail::codes::unreadable_file.id);
  EXPECT_EQ(store.snapshot().version(), "1");
  // and a good version then replaces it
  EXPECT_TRUE(store.reload(files.two).ok());
  EXPECT_EQ(store.generation(), 2U);
  EXPECT_EQ(store.snapshot().version(), "2");
}

TEST(PolicyStore, AReaderKeepsTheSnapshotItStartedWith) {
  policy_files files("snapshot");
  policy_store store(ssprules::load(files.one).prog);
  program mine = store.snapshot();
  const input_handle n = mine.input("n");
  record_decoder decoder(mine);
  facts record;
  decoder.decode({{n, field_value::integer(5)}}, record);

  ASSERT_TRUE(store.reload(files.two).ok());
  // the reader's program, decoder, handles and record are still of version 1
  EXPECT_EQ(mine.version(), "1");
  decision d = ssprules::evaluate(mine, record, day("2025-01-01"));
  EXPECT_EQ(d.get<std::int64_t>(mine.output("answer")), 6);
  // the new snapshot is another program: its handles are its own
  program now = store.snapshot();
  EXPECT_EQ(now.version(), "2");
  EXPECT_FALSE(now.owns(n));
  EXPECT_EQ(answer(now, 5), 7);
  // a record decoded for the old version is refused by the new one (SR1008), not misread
  decision stale = ssprules::evaluate(now, record, day("2025-01-01"));
  EXPECT_FALSE(stale.ok());
  EXPECT_EQ(stale.error()->code_enum(), ssprules::error_code::malformed_record);
}

TEST(PolicyStore, WithRunTestsAVersionWhoseTestsFailIsRefused) {
  policy_files files("tests");
  const std::string tests =
      "tests:\n  - name: ten gives eleven\n    as_of: 2025-01-01\n    input: {n: 10}\n"
      "    expect: {answer: 11}\n";
  // version 2 gives 12: its own test (written for version 1) fails
  fs::path passing = files.write("passing.yaml", version_text(1) + tests);
  fs::path failing = files.write("failing.yaml", version_text(2) + tests);
  policy_store store;
  ssprules::reload_options with_tests;
  with_tests.run_tests = true;
  ASSERT_TRUE(store.reload(passing, with_tests).ok());
  ssprules::reload_result r = store.reload(failing, with_tests);
  EXPECT_FALSE(r.ok());
  ASSERT_TRUE(ssprules::has_errors(r.diagnostics));
  const ssprules::diagnostic& last = r.diagnostics.back();
  EXPECT_EQ(last.code, ssprules::detail::codes::invalid_test.id);
  EXPECT_NE(last.message.find("test `ten gives eleven` fails"), std::string::npos) << last.message;
  EXPECT_NE(last.message.find("answer"), std::string::npos) << last.message;
  EXPECT_EQ(store.snapshot().version(), "1");
  EXPECT_EQ(store.generation(), 1U);
  // without run_tests the same file loads: it has no error of its own
  EXPECT_TRUE(store.reload(failing).ok());
  EXPECT_EQ(store.snapshot().version(), "2");
}

TEST(PolicyStore, ReplaceTakesAProgramLoadedElsewhere) {
  policy_store store;
  auto loaded = ssprules::load_string(version_text(7), "seven.yaml");
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(store.replace(loaded.prog), 1U);
  EXPECT_EQ(answer(store.snapshot(), 1), 8);
  EXPECT_THROW((void)store.replace(program()), ssprules::error);
  EXPECT_THROW(policy_store{program()}, ssprules::error);
  EXPECT_EQ(store.generation(), 1U);
}

// Four threads evaluate in a loop, each with the snapshot it took for that evaluation, while
// this thread reloads: version 1, version 2 and now and then a broken version, which must not
// replace the current one. Every result must be the one of the snapshot's own version. No
// timing: after each reload this thread waits until the evaluators have finished 8 more
// evaluations, so that at least one of them started after the reload (at most 4 were under
// way), and both versions are seen. Under ThreadSanitizer a data race fails the test.
TEST(Threads, PolicyStoreReloadsWhileFourThreadsEvaluate) {
  policy_files files("threads");
  policy_store store(ssprules::load(files.one).prog);
  constexpr int threads = 4;
  constexpr int reloads = 24;
  std::atomic<bool> stop{false};
  std::atomic<std::uint64_t> evaluations{0};
  std::atomic<std::uint64_t> wrong{0};
  std::atomic<std::uint64_t> seen_one{0}, seen_two{0}, other_version{0};

  auto evaluator = [&](int t) {
    program prog;  // the snapshot this thread holds now
    record_decoder decoder(store.snapshot());
    input_handle n;
    output_handle out;
    facts record;
    for (std::int64_t i = 0; !stop.load(std::memory_order_acquire); ++i) {
      program snap = store.snapshot();
      if (!snap.owns(n)) {  // a new version: resolve its handles and make its decoder once
        prog = snap;
        decoder = record_decoder(prog);
        n = prog.input("n");
        out = prog.output("answer");
      }
      const std::int64_t x = i * threads + t;
      decoder.decode({{n, field_value::integer(x)}}, record);
      decision d = ssprules::evaluate(prog, record, day("2025-01-01"));
      const std::string& version = prog.version();
      const std::int64_t expected = x + (version == "1" ? 1 : 2);
      if (version == "1") {
        seen_one.fetch_add(1, std::memory_order_relaxed);
      } else if (version == "2") {
        seen_two.fetch_add(1, std::memory_order_relaxed);
      } else {
        other_version.fetch_add(1, std::memory_order_relaxed);  // the broken one went live
      }
      if (!d.ok() || d.get<std::int64_t>(out) != expected) {
        wrong.fetch_add(1, std::memory_order_relaxed);
      }
      evaluations.fetch_add(1, std::memory_order_acq_rel);
    }
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(evaluator, t);

  auto wait_for_evaluations = [&](std::uint64_t more) {
    const std::uint64_t target = evaluations.load(std::memory_order_acquire) + more;
    while (evaluations.load(std::memory_order_acquire) < target) std::this_thread::yield();
  };
  int replaced = 0, refused = 0;
  for (int r = 0; r < reloads; ++r) {
    wait_for_evaluations(2 * threads);
    const bool broken = r % 3 == 2;
    const fs::path& file = broken ? files.broken : (r % 2 == 0 ? files.two : files.one);
    ssprules::reload_result result = store.reload(file);
    if (result.ok()) {
      ++replaced;
    } else {
      ++refused;
      EXPECT_TRUE(broken) << ssprules::render(result.diagnostics);
    }
  }
  wait_for_evaluations(2 * threads);
  stop.store(true, std::memory_order_release);
  for (std::thread& t : pool) t.join();

  EXPECT_EQ(replaced, 16);
  EXPECT_EQ(refused, 8);
  EXPECT_EQ(store.generation(), 1U + 16U);  // the first version, then each good reload
  EXPECT_EQ(wrong.load(), 0U);
  EXPECT_EQ(other_version.load(), 0U);
  EXPECT_GE(evaluations.load(), static_cast<std::uint64_t>(2 * threads * (reloads + 1)));
  EXPECT_GT(seen_one.load(), 0U);
  EXPECT_GT(seen_two.load(), 0U);
  EXPECT_EQ(seen_one.load() + seen_two.load(), evaluations.load());
}

// Every struct and class of the public headers (outside `detail`) says in its doc comment
// whether it may be shared between threads: Immutable, Thread-compatible or Thread-safe (the
// terms are defined in README.md, "Threads").
struct public_type {
  std::string file;
  int line = 0;
  std::string name;
  std::string doc;
};

std::vector<public_type> public_types(const std::string& file, const std::string& text) {
  static const std::regex definition(R"(^\s*(struct|class) (\w+)\b[^;]*\{)");
  static const std::regex detail_namespace(R"(^\s*namespace detail \{)");
  static const std::regex comment(R"(//.*$)");
  static const std::regex string_literal(R"re("(?:[^"\\]|\\.)*")re");
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  std::vector<public_type> out;
  int depth = 0;
  int detail_depth = -1;  // the depth at which `namespace detail {` opened; -1: outside
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string code = std::regex_replace(lines[i], comment, "");
    code = std::regex_replace(code, string_literal, "\"\"");
    if (detail_depth < 0 && std::regex_search(code, detail_namespace)) detail_depth = depth;
    std::smatch m;
    if (detail_depth < 0 && std::regex_search(code, m, definition)) {
      std::string doc;
      for (std::size_t j = i; j > 0 && lines[j - 1].find("//") != std::string::npos &&
                              lines[j - 1].find_first_not_of(' ') == lines[j - 1].find("//");
           --j) {
        doc = lines[j - 1] + "\n" + doc;
      }
      out.push_back({file, static_cast<int>(i + 1), m[2].str(), doc});
    }
    for (char c : code) depth += c == '{' ? 1 : c == '}' ? -1 : 0;
    if (detail_depth >= 0 && depth <= detail_depth) detail_depth = -1;
  }
  return out;
}

bool says_whether_it_may_be_shared(const std::string& doc) {
  for (const char* term : {"Immutable", "Thread-compatible", "Thread-safe"}) {
    if (doc.find(term) != std::string::npos) return true;
  }
  return false;
}

TEST(ThreadDocs, EveryPublicTypeSaysWhetherItMayBeShared) {
  const fs::path include = fs::path(SSPRULES_SOURCE_DIR) / "include" / "ssprules";
  std::size_t types = 0;
  for (const auto& e : fs::directory_iterator(include)) {
    if (e.path().extension() != ".hpp") continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    for (const public_type& t : public_types(e.path().filename().string(), text.str())) {
      ++types;
      EXPECT_TRUE(says_whether_it_may_be_shared(t.doc))
          << t.file << ":" << t.line << ": `" << t.name
          << "` does not say whether it may be shared between threads (Immutable, "
             "Thread-compatible or Thread-safe in its doc comment)";
    }
  }
  EXPECT_GT(types, 90U);  // the headers were read
  // the policy_store is the one type every member of which is safe from several threads
}

TEST(ThreadDocs, TheCheckFindsWhatItLooksFor) {
  std::vector<public_type> found = public_types(
      "x.hpp",
      "/// A thing. Thread-compatible.\nstruct a {\n  int x;\n};\n"
      "namespace detail {\nstruct hidden {\n};\n}\n"
      "/// Another.\nclass b {\n public:\n  /// Nested. Immutable.\n  struct c {};\n};\n"
      "struct forward;\n"
      "namespace detail {\ntemplate <class T> struct r { static constexpr auto s = \"{\"; };\n}\n"
      "struct d {};\n");
  ASSERT_EQ(found.size(), 4U);
  EXPECT_EQ(found[0].name, "a");
  EXPECT_TRUE(says_whether_it_may_be_shared(found[0].doc));
  EXPECT_EQ(found[1].name, "b");
  EXPECT_FALSE(says_whether_it_may_be_shared(found[1].doc));
  EXPECT_EQ(found[2].name, "c");
  EXPECT_TRUE(says_whether_it_may_be_shared(found[2].doc));
  EXPECT_EQ(found[3].name, "d");
  EXPECT_EQ(found[3].line, 19);
  EXPECT_FALSE(says_whether_it_may_be_shared(found[3].doc));
}

}  // namespace
