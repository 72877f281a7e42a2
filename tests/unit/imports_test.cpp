// Unit tests for `imports:` (check_imports.ipp): definitions files merged into the policy that
// imports them, each once; names defined twice, cycles, paths outside the folder and files that
// cannot be read as located diagnostics; the hash of decision records and the files a folder
// walk skips cover the imported files.
#include "check_support.hpp"
#include "ssprules/decision_record.hpp"
#include "ssprules/doc.hpp"

namespace {

const std::string deadlines = R"(title: Fælles frister
sources:
  retningslinjer: {title: Retningslinjer, file: docs/retningslinjer.txt}
parameters:
  acknowledge_days:
    type: integer
    value: 6
    source: {doc: retningslinjer, quote: "inden for 6 hverdage"}
calendar:
  working_days:
    holidays: denmark
    closed:
      - {name: Grundlovsdag, date: 06-05, source: retningslinjer}
)";

std::string importing_policy(const std::string& imports, const std::string& extra = "") {
  return "id: p\neffective: {from: 2024-01-01}\nimports: " + imports + "\n" + extra +
         "inputs:\n  notified_on: date\noutputs:\n"
         "  acknowledge_by: add_working_days(notified_on, acknowledge_days)\n";
}

std::map<std::string, std::string> folder(std::map<std::string, std::string> more = {}) {
  std::map<std::string, std::string> files = {
      {"m/shared/deadlines.yaml", deadlines},
      {"m/shared/docs/retningslinjer.txt", "Kommunen kvitterer inden for 6 hverdage.\n"}};
  for (auto& [k, v] : more) files[k] = v;
  return files;
}

ssprules::load_result load_with(std::map<std::string, std::string> files, const std::string& text) {
  files["m/policy.yaml"] = text;
  return ssprules::load("m/policy.yaml", serving(files));
}

const diagnostic* first_of(const std::vector<diagnostic>& ds, std::string_view code) {
  for (const diagnostic& d : ds) {
    if (d.code == code) return &d;
  }
  return nullptr;
}

TEST(Imports, ImportedSourcesParametersAndCalendarAreThePolicysOwn) {
  auto r = load_with(folder(), importing_policy("[shared/deadlines.yaml]"));
  ASSERT_TRUE(r.ok()) << rendered(r.diagnostics);
  EXPECT_TRUE(r.diagnostics.empty()) << rendered(r.diagnostics);
  const ssprules::rule_document& doc = r.prog.checked().document();
  ASSERT_EQ(doc.imported.size(), 1U);
  EXPECT_EQ(doc.imported[0]->name(), "m/shared/deadlines.yaml");
  // 2025-06-02 + 6 working days: Grundlovsdag (the import's closing day), the weekend and
  // 2. pinsedag (the bundled holidays it names) are not counted
  ssprules::record_decoder decoder(r.prog);
  ssprules::facts f;
  std::vector<std::pair<std::string_view, ssprules::field_value>> raw{
      {"notified_on", ssprules::field_value::text("2025-06-02")}};
  decoder.decode(raw, f);
  ssprules::decision d = ssprules::evaluate(r.prog, f, ssprules::test_support::day("2025-06-02"));
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d.values()[0].to_string(), "2025-06-12");
  // the quote was checked in the document beside the definitions file, not beside the policy
  auto moved = folder({{"m/shared/docs/retningslinjer.txt", "something else\n"}});
  auto quote = load_with(moved, importing_policy("[shared/deadlines.yaml]"));
  const diagnostic* missing = first_of(quote.diagnostics, "SR0312");
  ASSERT_NE(missing, nullptr) << rendered(quote.diagnostics);
  EXPECT_EQ(missing->at.file->name(), "m/shared/deadlines.yaml");
  EXPECT_EQ(missing->at.line, 8U);
}

TEST(Imports, ADefinitionsFileMayNameAFileBesideThePolicyButNotOutsideIt) {
  // shared/deadlines.yaml cites ../sources/x.txt: beside the policy, inside its folder tree
  std::string beside = deadlines;
  beside.replace(beside.find("docs/retningslinjer.txt"),
                 std::string("docs/retningslinjer.txt").size(), "../sources/retningslinjer.txt");
  auto ok =
      load_with({{"m/shared/deadlines.yaml", beside},
                 {"m/sources/retningslinjer.txt", "Kommunen kvitterer inden for 6 hverdage.\n"}},
                importing_policy("[shared/deadlines.yaml]"));
  EXPECT_TRUE(ok.ok()) << rendered(ok.diagnostics);
  EXPECT_EQ(first_of(ok.diagnostics, "SR0007"), nullptr) << rendered(ok.diagnostics);
  // ../../ leaves the policy's folder: SR0007, named where it is written
  std::string outside = deadlines;
  outside.replace(outside.find("docs/retningslinjer.txt"),
                  std::string("docs/retningslinjer.txt").size(), "../../retningslinjer.txt");
  auto bad = load_with({{"m/shared/deadlines.yaml", outside},
                        {"retningslinjer.txt", "Kommunen kvitterer inden for 6 hverdage.\n"}},
                       importing_policy("[shared/deadlines.yaml]"));
  const diagnostic* out = first_of(bad.diagnostics, "SR0007");
  ASSERT_NE(out, nullptr) << rendered(bad.diagnostics);
  EXPECT_EQ(out->at.file->name(), "m/shared/deadlines.yaml");
  EXPECT_TRUE(contains(out->message, "outside the policy's folder")) << out->message;
}

TEST(Imports, AFileImportedTwiceIsReadOnce) {
  auto files = folder({{"m/shared/a.yaml", "imports: [deadlines.yaml]\n"},
                       {"m/shared/b.yaml", "imports: [deadlines.yaml, a.yaml]\n"}});
  auto r =
      load_with(files, importing_policy("[shared/a.yaml, shared/b.yaml, shared/deadlines.yaml]"));
  ASSERT_TRUE(r.ok()) << rendered(r.diagnostics);
  const auto& imported = r.prog.checked().document().imported;
  ASSERT_EQ(imported.size(), 3U);
  EXPECT_EQ(imported[0]->name(), "m/shared/deadlines.yaml");  // a's import, before a
  EXPECT_EQ(imported[1]->name(), "m/shared/a.yaml");
  EXPECT_EQ(imported[2]->name(), "m/shared/b.yaml");
}

TEST(Imports, ANameDefinedTwiceNamesBothPlaces) {
  auto files =
      folder({{"m/shared/more.yaml",
               "sources:\n  retningslinjer: {title: Again}\n"
               "parameters:\n  notified_on: {type: date, value: 2024-01-01}\n"
               "calendar:\n  missing_day: next_day\n  working_days: {holidays: denmark}\n"}});
  auto r = load_with(files, importing_policy("[shared/deadlines.yaml, shared/more.yaml]",
                                             "calendar:\n  missing_day: clamp\n"));
  EXPECT_FALSE(r.ok());
  std::vector<std::string> seen;
  for (const diagnostic& d : r.diagnostics) {
    if (d.code != "SR0106") continue;
    ASSERT_EQ(d.notes.size(), 1U) << rendered(r.diagnostics);
    ASSERT_TRUE(d.notes[0].at.valid()) << "the first place is located";
    seen.push_back(d.message + " @ " + d.at.file->name() + ":" + std::to_string(d.at.line) +
                   " first " + d.notes[0].at.file->name() + ":" +
                   std::to_string(d.notes[0].at.line));
  }
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen, (std::vector<std::string>{
                      "`calendar: missing_day` is defined twice @ m/shared/more.yaml:6 first "
                      "m/policy.yaml:5",
                      "`calendar: working_days` is defined twice @ m/shared/more.yaml:7 first "
                      "m/shared/deadlines.yaml:11",
                      "`notified_on` is declared twice @ m/shared/more.yaml:4 first "
                      "m/policy.yaml:7",
                      "source document `retningslinjer` is defined twice @ m/shared/more.yaml:2 "
                      "first m/shared/deadlines.yaml:3"}))
      << rendered(r.diagnostics);
}

TEST(Imports, ACycleIsAnErrorWithItsPath) {
  auto files = folder(
      {{"m/shared/a.yaml", "imports: [b.yaml]\n"}, {"m/shared/b.yaml", "imports: [a.yaml]\n"}});
  auto r = load_with(files, importing_policy("[shared/a.yaml]"));
  const diagnostic* d = first_of(r.diagnostics, "SR0317");
  ASSERT_NE(d, nullptr) << rendered(r.diagnostics);
  EXPECT_EQ(d->message,
            "import cycle: `m/shared/a.yaml`, which imports `m/shared/b.yaml`, which imports "
            "`m/shared/a.yaml`");
  EXPECT_EQ(d->at.file->name(), "m/shared/b.yaml");
  EXPECT_EQ(d->at.line, 1U);
  EXPECT_EQ(d->at.column, 11U);
  // a policy that imports itself: a cycle too, not an endless read
  auto self = load_with(folder(), importing_policy("[policy.yaml]"));
  EXPECT_NE(first_of(self.diagnostics, "SR0317"), nullptr) << rendered(self.diagnostics);
}

// A reader that serves a new file for every path (each importing one more) meets a limit, not
// an endless chain.
TEST(Imports, AnEndlessChainOfImportsStopsAtALimit) {
  check_options opts;
  std::size_t reads = 0;
  opts.read_file = [&reads](const std::string& path, std::size_t) {
    ++reads;
    ssprules::file_contents out;
    out.text = path == "m/policy.yaml"
                   ? "id: p\neffective: {from: 2024-01-01}\nimports: [a/x.yaml]\noutputs:\n  x: 1\n"
                   : "imports: [a/x.yaml]\n";
    return out;
  };
  auto r = ssprules::load("m/policy.yaml", opts);
  EXPECT_FALSE(r.ok());
  const diagnostic* d = first_of(r.diagnostics, "SR0005");
  ASSERT_NE(d, nullptr) << rendered(r.diagnostics);
  EXPECT_EQ(d->message,
            "too many imports: a policy imports at most 256 files, nested at most 32 deep");
  EXPECT_LE(reads, 40U);
}

TEST(Imports, OutsideTheFolderMissingOrNotADefinitionsFile) {
  auto files = folder(
      {{"m/shared/bad.yaml", "outputs:\n  y: 1\nparameters:\n  k: {type: integer, value: 2}\n"}});
  auto r = load_with(
      files, importing_policy("[../elsewhere.yaml, shared/none.yaml, shared/bad.yaml, \"\"]"));
  EXPECT_FALSE(r.ok());
  const diagnostic* outside = first_of(r.diagnostics, "SR0007");
  ASSERT_NE(outside, nullptr) << rendered(r.diagnostics);
  EXPECT_EQ(outside->at.column, 11U);
  const diagnostic* unreadable = first_of(r.diagnostics, "SR0316");
  ASSERT_NE(unreadable, nullptr) << rendered(r.diagnostics);
  EXPECT_EQ(unreadable->message, "cannot read the imported file `shared/none.yaml`: no such file");
  const diagnostic* unknown = first_of(r.diagnostics, "SR0101");
  ASSERT_NE(unknown, nullptr) << rendered(r.diagnostics);
  EXPECT_EQ(unknown->message, "unknown key `outputs` in a definitions file");
  EXPECT_EQ(unknown->at.file->name(), "m/shared/bad.yaml");
  const diagnostic* empty = first_of(r.diagnostics, "SR0104");
  ASSERT_NE(empty, nullptr) << rendered(r.diagnostics);
  EXPECT_EQ(empty->message, "an import names no file");
  // the policy's own diagnostics come first, then each imported file's
  EXPECT_EQ(r.diagnostics.back().at.file->name(), "m/shared/bad.yaml") << rendered(r.diagnostics);
}

TEST(Imports, TheDecisionRecordHashCoversTheImportedFiles) {
  auto plain =
      ssprules::load_string("id: p\neffective: {from: 2024-01-01}\noutputs:\n  x: 1\n", "p.yaml");
  ASSERT_TRUE(plain.ok());
  // without imports: the hash of the text, as always
  EXPECT_EQ(ssprules::policy_sha256(plain.prog),
            "8bde18e0c1420d09538118f7f032736669e9b77b9bb8ac0d021ded2ff3bdbd71");
  // with imports: a change in the imported file changes the hash, the same files give the same
  auto a = load_with(folder(), importing_policy("[shared/deadlines.yaml]"));
  auto same = load_with(folder(), importing_policy("[shared/deadlines.yaml]"));
  auto files = folder();
  files["m/shared/deadlines.yaml"] += "# a comment\n";
  auto changed = load_with(files, importing_policy("[shared/deadlines.yaml]"));
  ASSERT_TRUE(a.ok() && same.ok() && changed.ok()) << rendered(changed.diagnostics);
  EXPECT_EQ(ssprules::policy_sha256(a.prog), ssprules::policy_sha256(same.prog));
  EXPECT_NE(ssprules::policy_sha256(a.prog), ssprules::policy_sha256(changed.prog));
  EXPECT_EQ(ssprules::policy_sha256(a.prog).size(), 64U);
}

TEST(Imports, TheDocMarksWhatWasImported) {
  auto r = load_with(folder(), importing_policy("[shared/deadlines.yaml]"));
  ASSERT_TRUE(r.ok()) << rendered(r.diagnostics);
  std::string html = ssprules::policy_html(r.prog);
  EXPECT_NE(html.find("<dt>Imports</dt><dd><code>shared/deadlines.yaml</code>"), std::string::npos);
  EXPECT_NE(html.find("Defined in <code>shared/deadlines.yaml</code>"), std::string::npos);
}

}  // namespace
