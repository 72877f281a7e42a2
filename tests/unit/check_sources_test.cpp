// Unit tests for check.hpp: citations of sources and their quotes.
#include "check_support.hpp"

namespace {

// citations and quotes

TEST(Check, CitationOfUnknownDocument) {
  auto r = check_text(policy(R"(sources:
  bif-2009: Udmøntning af midler til SSP+
inputs:
  x: integer
outputs:
  a:
    expr: x
    source: bif-2090
  b:
    expr: x
    source: [{doc: kui, section: x}]
)"));
  std::string text = rendered(r.diagnostics);
  EXPECT_TRUE(contains(text,
                       "rules.yaml:10:13: error[SR0311]: citation of unknown source document "
                       "`bif-2090`"))
      << text;
  EXPECT_TRUE(contains(text, "did you mean `bif-2009`?")) << text;
  EXPECT_TRUE(contains(text,
                       "rules.yaml:13:14: error[SR0311]: citation of unknown source document "
                       "`kui`"))
      << text;
}

TEST(Check, CitationsEverywhereAreChecked) {
  auto r = check_text(R"(id: t
effective:
  - from: 2020-01-01
    source: p1
inputs:
  x:
    type: integer
    source: p2
parameters:
  p:
    value: 1
    source: p3
    changes:
      - from: 2021-01-01
        value: 2
        source: p4
outputs:
  a:
    versions:
      - from: 2020-01-01
        source: p5
        cases:
          - when: x > p
            then: 1
            source: p6
          - otherwise: 2
  b:
    table:
      hit: first
      columns: [x]
      rows:
        - when: [any]
          then: 1
          source: p7
assertions:
  - assert: p > 0
    source: p8
)");
  std::string text = rendered(r.diagnostics);
  EXPECT_EQ(count_code(r.diagnostics, "SR0311"), 8U) << text;
  for (int i = 1; i <= 8; ++i) {
    std::string message = "citation of unknown source document `p" + std::to_string(i) + "`";
    std::size_t times = 0;
    for (const diagnostic& d : r.diagnostics) times += d.message == message ? 1 : 0;
    EXPECT_EQ(times, 1U) << message << " should be reported once\n" << text;
  }
}

TEST(Check, NoSourcesDeclaredHint) {
  auto r = check_text(policy("outputs:\n  a:\n    expr: 1\n    source: bif\n"));
  diagnostic d = expect_at(r, "SR0311", 6, 13);
  ASSERT_FALSE(d.notes.empty());
  EXPECT_EQ(d.notes.back().message, "declare the document under `sources:`");
}

class QuoteCheck : public ::testing::Test {
 protected:
  void SetUp() override {
    namespace fs = std::filesystem;
    dir_ = fs::temp_directory_path() /
           ("ssprules_check_quotes_" +
            std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_ / "sources");
    std::ofstream(dir_ / "sources" / "seed.txt", std::ios::binary)
        << "Triangelmodellen\n\nHver plan skal være færdigbehandlet og godkendt\naf "
           "arbejdsgruppen, når den unge fylder 17½ år.\n";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  ssprules::load_result load_policy(const std::string& text, const check_options& opts = {}) {
    std::filesystem::path path = dir_ / "policy.yaml";
    std::ofstream(path, std::ios::binary) << text;
    return ssprules::load(path.string(), opts);
  }

  std::filesystem::path dir_;
};

const char* const quoting_policy = R"(id: t
effective: {from: 2020-01-01}
sources:
  seed:
    title: The seed
    file: sources/seed.txt
inputs:
  x: integer
outputs:
  good:
    expr: x
    source:
      doc: seed
      quote: godkendt af   arbejdsgruppen, når den unge fylder 17½ år.
  folded:
    expr: x
    source:
      doc: seed
      quote: >
        Hver plan skal være færdigbehandlet
        og godkendt af arbejdsgruppen
  bad:
    expr: x
    source: {doc: seed, quote: "når den unge fylder 18 år"}
)";

TEST_F(QuoteCheck, QuotesMustBeInTheSourceFile) {
  auto r = load_policy(quoting_policy);
  std::string text = rendered(r.diagnostics);
  ASSERT_EQ(count_code(r.diagnostics, "SR0312"), 1U) << text;
  const diagnostic* d = find_code(r.diagnostics, "SR0312");
  EXPECT_EQ(d->at.line, 24U);
  EXPECT_EQ(d->at.column, 32U);  // the quote itself
  EXPECT_EQ(d->message, "the quoted passage is not in `sources/seed.txt`");
  EXPECT_FALSE(r.ok());
}

TEST_F(QuoteCheck, QuotesAreNotCheckedWhenTurnedOff) {
  check_options opts;
  opts.verify_quotes = false;
  auto r = load_policy(quoting_policy, opts);
  EXPECT_EQ(find_code(r.diagnostics, "SR0312"), nullptr) << rendered(r.diagnostics);
  EXPECT_TRUE(r.ok()) << rendered(r.diagnostics);
}

TEST_F(QuoteCheck, UnreadableSourceFileIsAWarning) {
  auto r = load_policy(R"(id: t
effective: {from: 2020-01-01}
sources:
  gone: {title: Gone, file: sources/missing.txt}
outputs:
  a:
    expr: 1
    source: {doc: gone, quote: anything}
)");
  const diagnostic* d = find_code(r.diagnostics, "SR0313");
  ASSERT_NE(d, nullptr) << rendered(r.diagnostics);
  EXPECT_EQ(d->level, severity::warning);
  EXPECT_EQ(d->at.line, 4U);
  EXPECT_EQ(d->at.column, 29U) << "at the path";
  EXPECT_EQ(d->message,
            "cannot read source document `sources/missing.txt`: no such file; its "
            "quotes are not checked");
  EXPECT_TRUE(r.ok());
}

// A policy citing `file` with a quote that is in the document when it is read.
std::string citing(const std::string& file, const std::string& quote = "Triangelmodellen") {
  return "id: t\neffective: {from: 2020-01-01}\nsources:\n  doc:\n    title: A document\n"
         "    file: \"" +
         file +
         "\"\noutputs:\n  a:\n    expr: 1\n"
         "    source: {doc: doc, quote: \"" +
         quote + "\"}\n";
}

TEST_F(QuoteCheck, CitedFilesOutsideThePolicysFolderAreSR0007) {
  namespace fs = std::filesystem;
  // beside the policy's folder, with a name that starts like it (a string prefix would pass)
  fs::path sibling = dir_.string() + "-other";
  fs::create_directories(sibling);
  std::ofstream(sibling / "seed.txt", std::ios::binary) << "Triangelmodellen\n";
  fs::create_directory_symlink(sibling, dir_ / "sources" / "link");  // a link out of the tree
  const std::string sibling_name = sibling.filename().string();
  for (const std::string& file :
       {"../" + sibling_name + "/seed.txt", (sibling / "seed.txt").string(),
        std::string("sources/link/seed.txt"),
        std::string("sources/../../") + sibling_name + "/seed.txt", std::string("/etc/passwd")}) {
    auto r = load_policy(citing(file, file == "/etc/passwd" ? "root:x:0:0" : "Triangelmodellen"));
    const diagnostic* d = find_code(r.diagnostics, "SR0007");
    ASSERT_NE(d, nullptr) << file << "\n" << rendered(r.diagnostics);
    EXPECT_EQ(d->level, severity::error);
    EXPECT_EQ(d->message, "`" + file + "` is outside the policy's folder");
    EXPECT_EQ(d->at.line, 6U) << "at the path";
    EXPECT_EQ(d->at.column, 11U);
    ASSERT_EQ(d->notes.size(), 1U);
    EXPECT_NE(d->notes[0].message.find("put the document inside the policy's folder"),
              std::string::npos);
    EXPECT_EQ(find_code(r.diagnostics, "SR0312"), nullptr) << "the file was not read: " << file;
    EXPECT_FALSE(r.ok());
  }
  fs::remove_all(sibling);
}

TEST_F(QuoteCheck, CitedFilesInsideThePolicysFolderTreeAreRead) {
  namespace fs = std::filesystem;
  fs::create_directories(dir_ / "deep" / "er");
  std::ofstream(dir_ / "deep" / "er" / "doc.txt", std::ios::binary) << "Triangelmodellen\n";
  fs::create_symlink(dir_ / "deep" / "er" / "doc.txt", dir_ / "sources" / "inside-link.txt");
  for (const std::string& file :
       {std::string("sources/seed.txt"), std::string("./sources/../sources/seed.txt"),
        (dir_ / "sources" / "seed.txt").string(), std::string("deep/er/doc.txt"),
        std::string("sources/inside-link.txt")}) {
    auto r = load_policy(citing(file));
    EXPECT_TRUE(r.ok()) << file << "\n" << rendered(r.diagnostics);
    EXPECT_TRUE(r.diagnostics.empty()) << file << "\n" << rendered(r.diagnostics);
    auto wrong = load_policy(citing(file, "not in the document"));
    EXPECT_NE(find_code(wrong.diagnostics, "SR0312"), nullptr) << "read and checked: " << file;
  }
}

TEST_F(QuoteCheck, APathOutsideIsSR0007EvenWithoutAQuote) {
  auto r = load_policy(R"(id: t
effective: {from: 2020-01-01}
sources:
  law: {title: A law, file: ../../../../../../../../etc/passwd}
outputs:
  a:
    expr: 1
    source: law
)");
  const diagnostic* d = find_code(r.diagnostics, "SR0007");
  ASSERT_NE(d, nullptr) << rendered(r.diagnostics);
  EXPECT_EQ(d->at.line, 4U);
  check_options off;
  off.verify_quotes = false;
  EXPECT_TRUE(load_policy(R"(id: t
effective: {from: 2020-01-01}
sources:
  law: {title: A law, file: ../../../../../../../../etc/passwd}
outputs:
  a: 1
)",
                          off)
                  .ok())
      << "without verification no file is looked at";
}

TEST_F(QuoteCheck, CitedFilesThatAreNotRegularFilesAreRefusedUnread) {
  namespace fs = std::filesystem;
  // a FIFO with no writer: opening it for reading would wait forever, reading /dev/zero never ends
  ASSERT_EQ(std::system(("mkfifo '" + (dir_ / "sources" / "pipe.txt").string() + "'").c_str()), 0);
  for (const auto& [file, kind] : std::vector<std::pair<std::string, std::string>>{
           {"sources/pipe.txt", "a FIFO"}, {"sources", "a directory"}}) {
    auto r = load_policy(citing(file));
    const diagnostic* d = find_code(r.diagnostics, "SR0313");
    ASSERT_NE(d, nullptr) << file << "\n" << rendered(r.diagnostics);
    EXPECT_EQ(d->message, "cannot read source document `" + file + "`: not a regular file (" +
                              kind + "); its quotes are not checked");
    EXPECT_TRUE(r.ok());
  }
  // a link to /dev/zero inside the folder resolves outside it
  fs::create_symlink("/dev/zero", dir_ / "sources" / "zero.txt");
  auto zero = load_policy(citing("sources/zero.txt"));
  EXPECT_NE(find_code(zero.diagnostics, "SR0007"), nullptr) << rendered(zero.diagnostics);
}

TEST_F(QuoteCheck, CitedDocumentsOverTheLimitAreSR0005) {
  check_options opts;
  opts.max_source_bytes = 20;
  auto r = load_policy(citing("sources/seed.txt"), opts);
  const diagnostic* d = find_code(r.diagnostics, "SR0005");
  ASSERT_NE(d, nullptr) << rendered(r.diagnostics);
  EXPECT_EQ(d->message, "source document `sources/seed.txt`: file is 118 bytes; the limit is 20");
  EXPECT_EQ(d->at.line, 6U);
  opts.max_source_bytes = 118;
  EXPECT_TRUE(load_policy(citing("sources/seed.txt"), opts).ok()) << "the limit itself is fine";
}

TEST_F(QuoteCheck, QuotesOverTheLengthLimitAreSR0005) {
  // 2,000 characters (code points: `ø` is one, a run of spaces counts once) is the limit
  std::string quote;
  while (quote.size() < 1990) quote += "abcdefgh ";
  quote.resize(1990);
  quote += "  øøøøøøøøø";  // 1990 + 1 space + 9 = 2000
  check_options no_files;
  no_files.verify_quotes = false;
  auto ok = load_policy(citing("sources/seed.txt", quote), no_files);
  EXPECT_TRUE(ok.ok()) << rendered(ok.diagnostics);
  auto r = load_policy(citing("sources/seed.txt", quote + "ø"), no_files);
  const diagnostic* d = find_code(r.diagnostics, "SR0005");
  ASSERT_NE(d, nullptr) << "the bound holds whether or not quotes are verified";
  EXPECT_EQ(d->message, "the quoted passage is 2001 characters; the limit is 2000");
  EXPECT_EQ(d->at.line, 10U);
  ASSERT_EQ(d->notes.size(), 1U);
  EXPECT_NE(d->notes[0].message.find("quote a shorter passage"), std::string::npos);
}

TEST(Check, ReadFileHookServesCitedDocumentsFromMemory) {
  // an in-memory file system: what a fuzzer does to exercise cited documents without a disk
  std::map<std::string, std::string> files = {
      {"mem/policy.yaml", citing("sources/doc.txt", "in memory")},
      {"mem/sources/doc.txt", "a document held in memory\n"}};
  std::vector<std::pair<std::string, std::size_t>> reads;
  check_options opts;
  opts.read_file = [&](const std::string& path, std::size_t limit) {
    reads.emplace_back(path, limit);
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
  auto r = ssprules::load("mem/policy.yaml", opts);
  EXPECT_TRUE(r.ok()) << rendered(r.diagnostics);
  EXPECT_TRUE(r.diagnostics.empty()) << rendered(r.diagnostics);
  ASSERT_EQ(reads.size(), 2U);
  EXPECT_EQ(reads[0], std::make_pair(std::string("mem/policy.yaml"), std::size_t{16U << 20U}));
  EXPECT_EQ(reads[1], std::make_pair(std::string("mem/sources/doc.txt"), opts.max_source_bytes));
  files["mem/sources/doc.txt"] = "another text\n";
  auto wrong = ssprules::load("mem/policy.yaml", opts);
  EXPECT_NE(find_code(wrong.diagnostics, "SR0312"), nullptr) << rendered(wrong.diagnostics);
}

// Each document is searched once for all of its quotes; the diagnostics are those a search per
// quote gave: SR0312 at each citation of a quote not found (a duplicate, whitespace aside, too;
// a quote found in another document too), beside the documents' SR0313 and SR0007 and the
// citations' SR0311 and SR0005.
TEST(Check, QuotesNotFoundAreReportedAtEachCitationInOrder) {
  std::string policy = R"(id: t
effective: {from: 2020-01-01}
sources:
  one: {title: One, file: one.txt}
  two: {title: Two, file: two.txt}
  gone: {title: Gone, file: gone.txt}
  out: {title: Out, file: ../out.txt}
parameters:
  p: {value: 1, source: {doc: two, quote: "nor in two"}}
outputs:
  a:
    expr: p
    source:
      - {doc: one, quote: "only in two"}
      - {doc: nowhere, quote: "x"}
      - {doc: one, quote: "in   both"}
      - {doc: two, quote: "in both"}
      - {doc: gone, quote: "anything"}
      - {doc: two, quote: "only in two"}
      - {doc: one, quote: LONG}
      - {doc: one, quote: "only  in
          two"}
      - {doc: out, quote: "x"}
      - {doc: one, quote: "æble på"}
      - {doc: one, quote: "æble"}
  b:
    source: {doc: two, quote: "in both"}
    versions:
      - from: 2020-01-01
        expr: 2
        source: [{doc: one, quote: "only in two"}, {doc: one, quote: "in both"}, one]
)";
  policy.replace(policy.find("LONG"), 4, std::string(2001, 'x'));  // over the limit
  check_options opts = serving({{"mem/policy.yaml", policy},
                                {"mem/one.txt", "This is in\n both documents: æble."},
                                {"mem/two.txt", "in both, and only in two"}});
  auto r = ssprules::load("mem/policy.yaml", opts);
  // code, line, column; for SR0312 the message
  using seen = std::tuple<std::string, std::uint32_t, std::uint32_t, std::string>;
  std::vector<seen> got;
  for (const diagnostic& d : r.diagnostics) {
    got.emplace_back(d.code, d.at.line, d.at.column, d.code == "SR0312" ? d.message : "");
  }
  const std::string in_one = "the quoted passage is not in `one.txt`";
  const std::string in_two = "the quoted passage is not in `two.txt`";
  const std::vector<seen> expected = {
      {"SR0313", 6, 29, ""},      {"SR0007", 7, 27, ""},      {"SR0312", 9, 43, in_two},
      {"SR0312", 14, 27, in_one}, {"SR0311", 15, 9, ""},      {"SR0005", 20, 27, ""},
      {"SR0312", 21, 27, in_one}, {"SR0312", 24, 27, in_one}, {"SR0312", 31, 36, in_one}};
  EXPECT_EQ(got, expected) << rendered(r.diagnostics);
  EXPECT_FALSE(r.ok());
}

// `ssprules check` of `quotes` distinct quotes of 2,000 characters, none found, in a document of
// `size` bytes: the units of work (`detail::work_done`) loading takes. The worst case of a naive
// search: a document of `a`, quotes `a…a` + a short tail of other letters.
std::uint64_t quote_check_work(std::size_t quotes, std::size_t size) {
  std::string policy =
      "id: t\neffective: {from: 2020-01-01}\nsources:\n  law: {title: Law, file: law.txt}\n"
      "outputs:\n  a:\n    expr: 1\n    source:\n";
  for (std::size_t i = 0; i < quotes; ++i) {
    std::string tail;
    for (std::size_t n = i; tail.empty() || n > 0; n /= 8) tail += static_cast<char>('b' + n % 8);
    policy += "      - {doc: law, quote: " + std::string(2000 - tail.size(), 'a') + tail + "}\n";
  }
  check_options opts =
      serving({{"mem/policy.yaml", policy}, {"mem/law.txt", std::string(size, 'a')}});
  ssprules::load_result r;
  std::uint64_t work =
      ssprules::test_support::work_of([&] { r = ssprules::load("mem/policy.yaml", opts); });
  EXPECT_EQ(count_code(r.diagnostics, "SR0312"), quotes);
  return work;
}

// All the quotes of a document are looked for in one pass over it: more quotes add their own
// length's work, a longer document its own, never quotes × document (as a search per quote did).
// Counted, never timed.
TEST(Check, QuoteCheckingWorkGrowsWithDocumentPlusQuotes) {
  const std::size_t n = 20, size = 100'000;
  const std::uint64_t base = quote_check_work(n, size);
  const std::uint64_t more_quotes = quote_check_work(2 * n, size);
  const std::uint64_t more_text = quote_check_work(n, 2 * size);
  const std::uint64_t both = quote_check_work(2 * n, 2 * size);
  // the new quotes' 40,000 bytes, parsed and looked for (250,000); a search per quote: 6,000,000
  EXPECT_LE(more_quotes - base, 20U * n * 2000U);
  // 3 per new document byte (300,000); a search per quote: 3 per byte per quote (6,000,000)
  EXPECT_LE(more_text - base, 4U * size);
  EXPECT_LE(static_cast<double>(both), 2.5 * static_cast<double>(base))
      << "twice the quotes and twice the document: about twice the work, not 4 times";
}

// ---------------------------------------------------------------------------------------------

}  // namespace
