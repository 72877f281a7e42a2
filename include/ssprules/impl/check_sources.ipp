// Part of check (impl/check.ipp includes the parts in order): assertions, citations of the legal
// sources (the cited documents read through check_options::read_file, their quotes found), and
// unused names.
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "ssprules/detail/files.hpp"
#include "ssprules/detail/search.hpp"
#include "ssprules/impl/check_imports.ipp"
#include "ssprules/impl/check_rules.ipp"

namespace ssprules::inline SSPRULES_ABI {
namespace detail {

class source_checker : public rule_checker {
 public:
  using rule_checker::rule_checker;

 protected:
  // -------------------------------------------------------------------------------------------
  // assertions, citations, unused

  void check_assertions() {
    for (const assertion_decl& a : p_->doc->assertions) {
      typed_expr c = check_expr(a.condition, {nullptr, {}, scope::parameters});
      expect_bool(c, "`assert`");
      if (!c.type.invalid) p_->assertions.push_back({std::move(c), &a});
    }
  }

  static std::string normalize_space(std::string_view text) {
    std::string out;
    bool space = false;
    for (char c : text) {
      if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
        space = !out.empty();
        continue;
      }
      if (space) out += ' ';
      space = false;
      out += c;
    }
    return out;
  }

  void check_citation(const citation& c) {
    const rule_document& doc = *p_->doc;
    auto it = std::find_if(doc.sources.begin(), doc.sources.end(),
                           [&](const source_document& s) { return s.id == c.document; });
    if (it == doc.sources.end()) {
      std::vector<std::string> ids;
      for (const auto& s : doc.sources) ids.push_back(s.id);
      std::vector<note> notes = suggestion(closest_match(c.document, ids));
      if (ids.empty()) {
        notes.push_back({"declare the document under `sources:`", {}});
      } else if (notes.empty()) {
        std::string known;
        for (const auto& id : ids) known += (known.empty() ? "`" : ", `") + id + "`";
        notes.push_back({"documents under `sources:`: " + known, {}});
      }
      error(codes::unknown_source, "citation of unknown source document `" + c.document + "`", c.at,
            std::move(notes));
      return;
    }
    if (c.quote.empty()) return;
    std::string quote = normalize_space(c.quote);
    if (std::size_t length = code_points_of(quote); length > opts_.max_quote_length) {
      error(codes::limit_exceeded,
            "the quoted passage is " + std::to_string(length) + " characters; the limit is " +
                std::to_string(opts_.max_quote_length),
            c.quote_at.valid() ? c.quote_at : c.at,
            {{"quote a shorter passage: the sentence that matters, with `section` for where the "
              "rest is",
              {}}});
      return;
    }
    if (it->file.empty() || !opts_.verify_quotes) return;
    const std::string* text = source_text(*it);
    if (!text) return;
    // looked for later, with every other quote of the document (report_missing_quotes)
    auto& quotes = cited_quotes_[it->id];
    quotes.text = text;
    const std::size_t next = quotes.index.size();
    const std::size_t quote_id = quotes.index.try_emplace(std::move(quote), next).first->second;
    quote_checks_.push_back(
        {&*it, quote_id, c.quote_at.valid() ? c.quote_at : c.at, diagnostics_.size()});
  }

  // Searches each cited document once for all of its distinct quotes (Aho–Corasick,
  // detail::find_all: linear in the document and the quotes, where a search per quote costs
  // quotes × document) and puts SR0312 for each quote not found where check_citation would have
  // reported it: among the diagnostics from `first` on, in the order of the citations.
  void report_missing_quotes(std::size_t first) {
    for (auto& [id, quotes] : cited_quotes_) {
      std::vector<std::string_view> patterns(quotes.index.size());
      for (const auto& [quote, i] : quotes.index) patterns[i] = quote;
      quotes.found = find_all(*quotes.text, patterns);
    }
    std::vector<diagnostic> later(std::make_move_iterator(diagnostics_.begin() + first),
                                  std::make_move_iterator(diagnostics_.end()));
    diagnostics_.resize(first);
    std::size_t moved = 0;
    for (const quote_check& q : quote_checks_) {
      if (cited_quotes_.at(q.document->id).found[q.quote]) continue;
      for (; first + moved < q.position; ++moved) diagnostics_.push_back(std::move(later[moved]));
      error(codes::quote_not_found, "the quoted passage is not in `" + q.document->file + "`", q.at,
            {{"quotes are compared verbatim (whitespace aside); copy the passage from the "
              "document",
              {}}});
    }
    for (; moved < later.size(); ++moved) diagnostics_.push_back(std::move(later[moved]));
  }

  static std::size_t code_points_of(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char ch) {
      return (static_cast<unsigned char>(ch) & 0xC0U) != 0x80U;
    }));
  }

  // The text of a cited document, whitespace normalised; nullptr (once reported) when its
  // `file:` lies outside the policy's folder (SR0007), cannot be read (SR0313) or is too large
  // (SR0005). Read once per document, through `check_options::read_file`.
  const std::string* source_text(const source_document& s) {
    auto cached = source_texts_.find(s.id);
    if (cached != source_texts_.end()) return cached->second ? &*cached->second : nullptr;
    const std::filesystem::path base = folder_of(s.at, p_->doc->file);  // where it is written
    const source_span& at = s.file_at.valid() ? s.file_at : s.at;
    std::optional<std::string> text;
    if (resolve_in_policy(s.at, p_->doc->file, s.file)) {
      file_contents f =
          read_through(opts_.read_file, (base / s.file).string(), opts_.max_source_bytes);
      if (f.ok()) {
        text = normalize_space(f.text);
      } else if (f.error == read_error::too_large) {
        error(
            codes::limit_exceeded, "source document `" + s.file + "`: " + f.reason, at,
            {{"quotes are checked in documents of up to " + std::to_string(opts_.max_source_bytes) +
                  " bytes; cite a smaller document or an extract of it",
              {}}});
      } else {
        warning(codes::unreadable_source,
                "cannot read source document `" + s.file + "`: " + f.reason +
                    "; its quotes are not checked",
                at, {{"the path is relative to the policy file: " + (base / s.file).string(), {}}});
      }
    } else {
      diagnostics_.push_back(outside_folder(s.file, at, "the policy's", "the document"));
    }
    auto [it, inserted] = source_texts_.emplace(s.id, std::move(text));
    return it->second ? &*it->second : nullptr;
  }

  void check_citations() {
    const rule_document& doc = *p_->doc;
    const std::size_t first = diagnostics_.size();
    auto all = [&](const std::vector<citation>& cs) {
      for (const citation& c : cs) check_citation(c);
    };
    for (const auto& pd : doc.periods) all(pd.sources);
    for (const auto& in : doc.inputs) all(in.sources);
    for (const auto& pm : doc.parameters) {
      all(pm.sources);
      for (const auto& ch : pm.changes) all(ch.sources);
    }
    for (const auto& r : doc.rules) {
      all(r.sources);
      for (const auto& v : r.versions) {
        all(v.sources);
        for (const auto& c : v.body.cases) all(c.sources);
        for (const auto& row : v.body.table.rows) all(row.sources);
      }
    }
    for (const auto& a : doc.assertions) all(a.sources);
    if (doc.working_days) {
      for (const auto& r : doc.working_days->closed) all(r.sources);
    }
    report_missing_quotes(first);
    // the path of a document no quote needed read must stay inside the policy's folder too
    if (!opts_.verify_quotes) return;
    for (const source_document& s : doc.sources) {
      if (s.file.empty() || source_texts_.count(s.id) != 0 ||
          resolve_in_policy(s.at, p_->doc->file, s.file)) {
        continue;
      }
      diagnostics_.push_back(outside_folder(s.file, s.file_at.valid() ? s.file_at : s.at,
                                            "the policy's", "the document"));
    }
  }

  void warn_unused() {
    // when a declaration did not parse, its uses were not read, so "never used" would be
    // guesswork
    if (!p_->doc->broken_names.empty() || p_->doc->rules.empty()) return;
    for (const symbol& s : p_->symbols) {
      if (s.used) continue;
      if (s.kind == symbol_kind::input) {
        warning(codes::unused_input, "input `" + s.name + "` is never used", s.at,
                {{"remove it, or use it in a rule", {}}});
      } else if (s.kind == symbol_kind::parameter) {
        warning(codes::unused_declaration, "parameter `" + s.name + "` is never used", s.at);
      } else if (s.kind == symbol_kind::function) {
        warning(codes::unused_declaration, "function `" + s.name + "` is never called", s.at);
      } else if (s.kind == symbol_kind::rule && p_->doc->rules[s.index].role == rule_role::value) {
        warning(codes::unused_declaration, "value `" + s.name + "` is never used", s.at,
                {{"use it in a rule, or make it an output", {}}});
      }
    }
  }
};

}  // namespace detail
}  // namespace ssprules::inline SSPRULES_ABI
