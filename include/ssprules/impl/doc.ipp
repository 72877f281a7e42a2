// Definitions for doc.hpp: a policy as one self-contained HTML page. What of a Graphviz
// drawing the page keeps is decided in svg.ipp.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ssprules/detail/checked.hpp"
#include "ssprules/detail/civil.hpp"
#include "ssprules/detail/codes.hpp"
#include "ssprules/detail/utf8.hpp"
#include "ssprules/detail/vocabulary.hpp"
#include "ssprules/detail/work.hpp"
#include "ssprules/doc.hpp"
#include "ssprules/graph.hpp"
#include "ssprules/impl/svg.ipp"

namespace ssprules::inline SSPRULES_ABI {

SSPRULES_INLINE std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    switch (c) {
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
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace detail {

// The page's style sheet: readable on screen, compact on paper, no external fonts.
inline constexpr const char* doc_css = R"css(
:root { --ink: #1b1b1b; --muted: #5b5b5b; --line: #d4d4d0; --soft: #f5f5f1; --accent: #1f4e79;
        --input: #dae8fc; --parameter: #fff2cc; --value: #eeeeee; --output: #d5e8d4; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0 auto; max-width: 62rem; padding: 2rem 1.5rem 4rem; color: var(--ink);
       background: #fff; font: 1rem/1.55 system-ui, -apple-system, "Segoe UI", Roboto,
       "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif; }
h1, h2, h3, h4 { line-height: 1.25; margin: 1.6em 0 0.5em; }
h1 { font-size: 2rem; margin-top: 0.2em; }
h2 { font-size: 1.45rem; border-bottom: 2px solid var(--line); padding-bottom: 0.2em; }
h3 { font-size: 1.15rem; }
h4 { font-size: 1rem; color: var(--muted); }
p { margin: 0.5em 0; }
a { color: var(--accent); }
code, pre { font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas,
            monospace; font-size: 0.92em; }
code { background: var(--soft); padding: 0.05em 0.3em; border-radius: 3px;
       overflow-wrap: anywhere; }
code a { color: inherit; text-decoration: underline dotted; }
pre { background: var(--soft); padding: 0.8em 1em; overflow-x: auto; border-radius: 4px;
      font-size: 0.8rem; line-height: 1.4; }
header.policy { border-bottom: 3px solid var(--accent); padding-bottom: 0.8rem; }
.kicker { text-transform: uppercase; letter-spacing: 0.08em; font-size: 0.8rem;
          color: var(--muted); margin: 0; }
.meta { color: var(--muted); }
nav.toc { background: var(--soft); border: 1px solid var(--line); border-radius: 6px;
          padding: 0.6rem 1.2rem; margin: 1.5rem 0; }
nav.toc h2 { border: 0; margin: 0.3em 0; font-size: 1.1rem; }
nav.toc ol { margin: 0.2em 0; padding-left: 1.4em; }
nav.toc ul.names { display: inline; padding: 0; margin: 0; font-size: 0.88em; }
nav.toc ul.names li { display: inline; }
nav.toc ul.names li + li::before { content: ", "; }
nav.toc ul.names::before { content: " \2014  "; color: var(--muted); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.2em 1.2em; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
table { border-collapse: collapse; margin: 0.6em 0 1em; font-size: 0.93rem; width: auto;
        max-width: 100%; }
th, td { border: 1px solid var(--line); padding: 0.35em 0.6em; text-align: left;
         vertical-align: top; }
thead th { background: var(--soft); }
tfoot th, tfoot td { background: #fafaf7; font-style: italic; }
table.decision td.result { font-weight: 600; }
th code, td code { overflow-wrap: normal; }
td.date { white-space: nowrap; }
table.decision td.notes, table.fields td.notes { font-size: 0.9em; max-width: 28rem; }
.any { color: var(--muted); font-style: italic; }
.absent { color: var(--muted); font-style: italic; }
article { margin: 1.2em 0 1.8em; }
article > h3 { margin-bottom: 0.2em; }
.tag { display: inline-block; font-size: 0.72rem; font-weight: 600; text-transform: uppercase;
       letter-spacing: 0.05em; padding: 0.1em 0.5em; border-radius: 3px; vertical-align: 0.15em;
       margin-left: 0.4em; color: #333; }
.tag.input { background: var(--input); } .tag.parameter { background: var(--parameter); }
.tag.value { background: var(--value); } .tag.output { background: var(--output); }
.tag.function { background: var(--parameter); }
.type { color: var(--muted); margin-top: 0; }
ol.cases li { margin: 0.3em 0; }
.when-note { color: var(--muted); font-size: 0.92em; }
blockquote.quote { margin: 0.5em 0 0.7em; padding: 0.3em 0.9em; border-left: 4px solid #c9b458;
                   background: #fdfbf0; }
blockquote.quote p { margin: 0.2em 0; font-style: italic; }
blockquote.quote footer, p.cite { font-size: 0.86em; color: var(--muted); }
td blockquote.quote { margin: 0.4em 0; }
.deps { font-size: 0.9em; color: var(--muted); }
.note { background: #fff6e0; border-left: 4px solid #e0a800; padding: 0.4em 0.8em; }
figure.graph { margin: 1em 0; overflow-x: auto; }
figure.graph svg { max-width: none; height: auto; }
figcaption { font-size: 0.88em; color: var(--muted); }
div.example-tables { display: flex; flex-wrap: wrap; gap: 0 1.5rem; align-items: flex-start; }
table.example caption { text-align: left; font-weight: 600; padding-bottom: 0.2em; }
footer.page { margin-top: 3rem; border-top: 1px solid var(--line); padding-top: 0.6rem;
              font-size: 0.85em; color: var(--muted); }
@page { margin: 16mm 14mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  a { color: inherit; text-decoration: none; }
  nav.toc { break-after: page; }
  h2, h3, h4 { break-after: avoid; }
  table, blockquote, figure, article.example, tr { break-inside: avoid; }
  pre { white-space: pre-wrap; }
  figure.graph { overflow: visible; }
  figure.graph svg { max-width: 100%; }
}
)css";

// The page's Content-Security-Policy: nothing but its own inline style.
inline constexpr const char* doc_csp =
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

// Words for the parts of a page, in one place.
struct doc_writer {
  const checked_policy& policy;
  const rule_document& doc;
  const program& prog;
  const doc_options& opts;
  const vocabulary& w;  // the page's fixed words, in `opts.lang`
  std::string out;
  std::map<std::string, std::string> anchors;       // symbol name -> anchor
  std::map<std::string, std::size_t> source_index;  // source document id -> index
  // the symbol of each input, parameter and rule by its declaration's index (null: none)
  std::vector<const symbol*> input_symbol, parameter_symbol, rule_symbol;
  std::vector<const checked_rule*> rule_checked;  // the checker's rule of each rule declaration
  // per symbol, the symbols it uses and that use it, in declaration order
  std::vector<std::vector<std::size_t>> uses_of, used_by_of;

  // Every lookup the page needs, built once: each part of the page then costs its own size, and
  // the page grows linearly with the policy (a lookup per rule that walked every symbol or every
  // dependency made a 100,000-rule page quadratic).
  doc_writer(const checked_policy& p, const program& pr, const doc_options& o)
      : policy(p),
        doc(*p.doc),
        prog(pr),
        opts(o),
        w(words(o.lang)),
        input_symbol(doc.inputs.size(), nullptr),
        parameter_symbol(doc.parameters.size(), nullptr),
        rule_symbol(doc.rules.size(), nullptr),
        rule_checked(doc.rules.size(), nullptr),
        uses_of(policy.symbols.size()),
        used_by_of(policy.symbols.size()) {
    for (const symbol& s : policy.symbols) {
      count_work();
      std::vector<const symbol*>* by_index = s.kind == symbol_kind::input       ? &input_symbol
                                             : s.kind == symbol_kind::parameter ? &parameter_symbol
                                             : s.kind == symbol_kind::rule      ? &rule_symbol
                                                                                : nullptr;
      if (by_index != nullptr && s.index < by_index->size() && (*by_index)[s.index] == nullptr) {
        (*by_index)[s.index] = &s;
      }
      if (s.kind == symbol_kind::broken || s.kind == symbol_kind::param ||
          s.kind == symbol_kind::item)
        continue;
      anchors.emplace(s.name, anchor_of(s));
    }
    for (const checked_rule& cr : policy.rules) {
      count_work();
      if (cr.syntax == nullptr || doc.rules.empty() || cr.syntax < doc.rules.data() ||
          cr.syntax >= doc.rules.data() + doc.rules.size()) {
        continue;
      }
      rule_checked[static_cast<std::size_t>(cr.syntax - doc.rules.data())] = &cr;
    }
    for (const dependency& d : policy.dependencies) {
      count_work();
      if (d.from >= policy.symbols.size() || d.to >= policy.symbols.size()) continue;
      uses_of[d.to].push_back(d.from);
      used_by_of[d.from].push_back(d.to);
    }
    for (auto* lists : {&uses_of, &used_by_of}) {
      for (std::vector<std::size_t>& ids : *lists) {
        count_work(ids.size());
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
      }
    }
    for (std::size_t i = 0; i < doc.sources.size(); ++i) source_index.emplace(doc.sources[i].id, i);
  }

  static std::string anchor_of(const symbol& s) {
    switch (s.kind) {
      case symbol_kind::input:
        return "input-" + s.name;
      case symbol_kind::parameter:
        return "parameter-" + s.name;
      case symbol_kind::function:
        return "function-" + s.name;
      default:
        return "rule-" + s.name;
    }
  }

  static std::string esc(std::string_view t) { return html_escape(t); }

  // The `<th>` cells of a table's header row.
  static std::string headings(std::initializer_list<const char*> words) {
    std::string html;
    for (const char* word : words) html += std::string("<th>") + word + "</th>";
    return html;
  }

  // A word that stands for something missing or open ("open", "absent", …), greyed.
  static std::string absent(std::string_view word) {
    return "<span class=\"absent\">" + std::string(word) + "</span>";
  }

  // Collapses runs of blank space (line breaks of multi-line YAML scalars) into one space.
  // Paragraphs of a description: blank lines separate them, other line breaks fold.
  static std::string paragraphs(std::string_view text, const char* cls = nullptr) {
    std::string out;
    std::size_t at = 0;
    while (at < text.size()) {
      std::size_t blank = text.find("\n\n", at);
      std::string para = detail::folded_text(
          text.substr(at, blank == std::string_view::npos ? blank : blank - at));
      if (!para.empty()) {
        out += cls ? std::string("<p class=\"") + cls + "\">" : std::string("<p>");
        out += esc(para) + "</p>\n";
      }
      if (blank == std::string_view::npos) break;
      at = blank + 2;
    }
    return out;
  }

  // An expression, a cell or a value as written in the policy file.
  static std::string written(const source_span& at, std::string_view fallback) {
    return detail::folded_text(at.valid() ? at.text() : fallback);
  }
  static std::string written(const expr& e) { return written(e.at, e.text); }

  static bool ident_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }
  static bool ident_char(char c) { return ident_start(c) || (c >= '0' && c <= '9'); }

  // Code as written, with the names of inputs, parameters, values and outputs linked to their
  // entries (not text inside quotes); built-in functions carry their description as a title.
  std::string code(std::string_view text) const {
    std::string html = "<code>";
    std::size_t i = 0;
    while (i < text.size()) {
      char c = text[i];
      if (c == '"' || c == '\'') {
        std::size_t j = i + 1;
        while (j < text.size() && text[j] != c) j += text[j] == '\\' ? 2 : 1;
        j = std::min(j + 1, text.size());
        html += esc(text.substr(i, j - i));
        i = j;
      } else if (ident_start(c)) {
        std::size_t j = i;
        while (j < text.size() && ident_char(text[j])) ++j;
        std::string_view word = text.substr(i, j - i);
        std::size_t k = j;
        while (k < text.size() && text[k] == ' ') ++k;
        bool call = k < text.size() && text[k] == '(';
        auto it = anchors.find(std::string(word));
        const function_info* fn = call ? find_function(word) : nullptr;
        if (!call && it != anchors.end()) {
          html += "<a href=\"#" + esc(it->second) + "\">" + esc(word) + "</a>";
        } else if (fn) {  // a built-in function: its signature and description from the table
          html +=
              "<abbr title=\"" +
              esc(std::string(fn->name) + fn->signature() + ": " + std::string(fn->description)) +
              "\">" + esc(word) + "</abbr>";
        } else {
          html += esc(word);
        }
        i = j;
      } else if (c >= '0' && c <= '9') {  // numbers and dates: never names
        std::size_t j = i;
        while (j < text.size() && (ident_char(text[j]) || text[j] == '.' ||
                                   (text[j] == '-' && j + 1 < text.size() && text[j + 1] >= '0' &&
                                    text[j + 1] <= '9'))) {
          if (text[j] == '.' && j + 1 < text.size() && text[j + 1] == '.') break;  // `17..23`
          ++j;
        }
        html += esc(text.substr(i, j - i));
        i = j;
      } else {
        html += esc(text.substr(i, 1));
        ++i;
      }
    }
    return html + "</code>";
  }

  std::string name_link(const std::string& name) const {
    auto it = anchors.find(name);
    if (it == anchors.end()) return "<code>" + esc(name) + "</code>";
    return "<a href=\"#" + esc(it->second) + "\"><code>" + esc(name) + "</code></a>";
  }

  static std::string date_text(const std::optional<date>& d) { return d ? d->to_string() : ""; }

  // "from 2009-05-14 to 2010-12-31", "from 2011-01-01 on", "until …", "always".
  std::string range_words(const std::optional<date>& from, const std::optional<date>& to) const {
    if (from && to) return fill(w.from_to, {from->to_string(), to->to_string()});
    if (from) return fill(w.from_on, {from->to_string()});
    if (to) return fill(w.until, {to->to_string()});
    return w.at_all_times;
  }

  // A list of items in words: `a`, `a or b`, `a, b or c`.
  static std::string either(const std::vector<std::string>& items, const char* last) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (i > 0) out += i + 1 == items.size() ? std::string(" ") + last + " " : ", ";
      out += items[i];
    }
    return out;
  }

  static std::string join(const std::vector<std::string>& items, std::string_view sep) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (i > 0) out += sep;
      out += items[i];
    }
    return out;
  }

  // A type in plain words (HTML).
  std::string type_words(const value_type& t) const {
    switch (t.kind) {
      case type_kind::boolean:
        return fill(w.yes_or_no, {"<code>true</code>", "<code>false</code>"});
      case type_kind::integer:
        if (t.min && t.max) {
          return fill(w.whole_number_from_to, {std::to_string(*t.min), std::to_string(*t.max)});
        }
        if (t.min) return fill(w.whole_number_at_least, {std::to_string(*t.min)});
        if (t.max) return fill(w.whole_number_at_most, {std::to_string(*t.max)});
        return w.whole_number;
      case type_kind::decimal:
        return w.decimal_number;
      case type_kind::string:
        return w.text;
      case type_kind::enumeration: {
        std::vector<std::string> names;
        for (const std::string& v : t.values) names.push_back("<code>" + esc(v) + "</code>");
        return names.empty() ? std::string(w.one_of_names) : fill(w.one_of, {either(names, w.or_)});
      }
      case type_kind::date:
        return w.a_date;
      case type_kind::list: {
        if (t.item == type_kind::record) {
          std::vector<std::string> fields;
          for (const value_field& f : t.fields) {
            fields.push_back("<code>" + esc(f.name) + "</code> (" + type_words(f.type) +
                             (f.type.optional ? std::string(", ") + w.may_be_absent : "") + ")");
          }
          return fill(w.list_of_records, {either(fields, w.and_)});
        }
        value_type item;
        item.kind = t.item;
        item.values = t.values;
        return fill(w.list_of, {type_words(item)});
      }
      case type_kind::record:
        break;
    }
    return esc(to_string(t.kind));
  }

  // The declared type of a symbol (enum values in the order the policy writes them).
  value_type type_of(const symbol& s) const {
    value_type t = policy.public_type(s.type);
    const type_decl* decl = nullptr;
    if (s.kind == symbol_kind::input && s.index < doc.inputs.size()) {
      decl = &doc.inputs[s.index].type;
      if (s.index < policy.inputs.size()) {
        t.min = policy.inputs[s.index].min;
        t.max = policy.inputs[s.index].max;
      }
    } else if (s.kind == symbol_kind::parameter && s.index < doc.parameters.size() &&
               doc.parameters[s.index].type) {
      decl = &*doc.parameters[s.index].type;
    } else if (s.kind == symbol_kind::rule && s.index < doc.rules.size() &&
               doc.rules[s.index].type) {
      decl = &*doc.rules[s.index].type;
    }
    if (decl != nullptr && t.kind == type_kind::enumeration &&
        decl->values.size() == t.values.size() && !decl->values.empty()) {
      t.values = decl->values;
    }
    return t;
  }

  const symbol* find_symbol(symbol_kind kind, std::size_t index) const {
    const std::vector<const symbol*>& by_index = kind == symbol_kind::input       ? input_symbol
                                                 : kind == symbol_kind::parameter ? parameter_symbol
                                                                                  : rule_symbol;
    return index < by_index.size() ? by_index[index] : nullptr;
  }

  std::string source_anchor(std::size_t i) const { return "source-" + std::to_string(i + 1); }

  // A citation: the quoted passage, and the document (title, issuer, date) and section.
  std::string citation_html(const citation& c) const {
    std::string where;
    auto it = source_index.find(c.document);
    if (it != source_index.end()) {
      const source_document& d = doc.sources[it->second];
      where = "<a href=\"#" + source_anchor(it->second) + "\">" +
              esc(d.title.empty() ? d.id : d.title) + "</a>";
      if (!d.issued_by.empty()) where += ", " + esc(d.issued_by);
      if (d.issued) where += ", " + d.issued->to_string();
    } else {
      where = "<code>" + esc(c.document) + "</code>";
    }
    if (!c.section.empty())
      where += std::string(", ") + w.section + " &ldquo;" + esc(detail::folded_text(c.section)) +
               "&rdquo;";
    std::string quote = detail::folded_text(c.quote);
    if (quote.empty()) {
      return std::string("<p class=\"cite\">") + w.source_heading + ": " + where + "</p>\n";
    }
    return "<blockquote class=\"quote\"><p>&ldquo;" + esc(quote) + "&rdquo;</p><footer>&mdash; " +
           where + "</footer></blockquote>\n";
  }

  std::string citations_html(const std::vector<citation>& cs) const {
    std::string html;
    for (const citation& c : cs) html += citation_html(c);
    return html;
  }

  // ------------------------------------------------------------------------------------------

  std::string title() const {
    if (!doc.info.title.empty()) return doc.info.title;
    return doc.info.id.empty() ? std::string(w.policy) : doc.info.id;
  }

  void write() {
    out += std::string("<!DOCTYPE html>\n<html lang=\"") + w.html_lang +
           "\">\n<head>\n<meta charset=\"utf-8\">\n";
    // the page runs nothing and loads nothing: whatever a policy or a drawing holds, the browser
    // refuses scripts, fetches, frames, plugins, forms and a <base>; only the inline style sheet
    out +=
        std::string("<meta http-equiv=\"Content-Security-Policy\" content=\"") + doc_csp + "\">\n";
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out += "<meta name=\"generator\" content=\"ssprules doc\">\n";
    out += "<title>" + esc(title()) + "</title>\n<style>" + doc_css + "</style>\n</head>\n<body>\n";
    write_header();
    write_contents();
    out += "<main>\n";
    write_about();
    write_periods();
    write_sources();
    write_inputs();
    write_parameters();
    write_functions();
    write_rules(rule_role::value);
    write_rules(rule_role::output);
    write_assertions();
    write_graph();
    write_examples();
    out += "</main>\n";
    out += "<footer class=\"page\">" +
           fill(w.footer,
                {"<code>" + esc(doc.file ? doc.file->name() : std::string("(text)")) + "</code>"}) +
           "</footer>\n";
    out += "</body>\n</html>\n";
  }

  bool has_values() const {
    return std::any_of(doc.rules.begin(), doc.rules.end(),
                       [](const rule_decl& r) { return r.role == rule_role::value; });
  }
  bool has_examples() const { return opts.examples && !doc.tests.empty(); }

  void write_header() {
    out += std::string("<header class=\"policy\">\n<p class=\"kicker\">") + w.policy +
           "</p>\n<h1>" + esc(title()) + "</h1>\n";
    std::vector<std::string> meta;
    if (!doc.info.jurisdiction.empty()) meta.push_back(esc(doc.info.jurisdiction));
    if (!doc.info.version.empty()) meta.push_back(fill(w.version_n, {esc(doc.info.version)}));
    if (!doc.info.id.empty()) meta.push_back("<code>" + esc(doc.info.id) + "</code>");
    if (!meta.empty()) out += "<p class=\"meta\">" + join(meta, " &middot; ") + "</p>\n";
    out += "</header>\n";
  }

  void toc_names(const std::vector<std::pair<std::string, std::string>>& names) {
    if (names.empty()) return;
    out += "<ul class=\"names\">";
    for (const auto& [name, anchor] : names) {
      out += "<li><a href=\"#" + esc(anchor) + "\">" + esc(name) + "</a></li>";
    }
    out += "</ul>";
  }

  void write_contents() {
    out += std::string("<nav class=\"toc\" aria-label=\"") + w.contents + "\">\n<h2>" + w.contents +
           "</h2>\n<ol>\n";
    out += std::string("<li><a href=\"#about\">") + w.about + "</a></li>\n";
    out += std::string("<li><a href=\"#in-force\">") + w.in_force_heading + "</a>";
    if (policy.working_days) {
      out += std::string("<ul class=\"names\"><li><a href=\"#working-days\">") + w.working_days +
             "</a></li></ul>";
    }
    out += "</li>\n";
    if (!doc.sources.empty()) {
      out += std::string("<li><a href=\"#sources\">") + w.source_documents + "</a></li>\n";
    }
    std::vector<std::pair<std::string, std::string>> names;
    for (const input_decl& in : doc.inputs) names.emplace_back(in.name, "input-" + in.name);
    out += std::string("<li><a href=\"#inputs\">") + w.inputs + "</a>";
    toc_names(names);
    out += "</li>\n";
    if (!doc.parameters.empty()) {
      names.clear();
      for (const parameter_decl& p : doc.parameters) {
        names.emplace_back(p.name, "parameter-" + p.name);
      }
      out += std::string("<li><a href=\"#parameters\">") + w.parameters + "</a>";
      toc_names(names);
      out += "</li>\n";
    }
    if (!doc.functions.empty()) {
      names.clear();
      for (const function_decl& f : doc.functions) names.emplace_back(f.name, "function-" + f.name);
      out += std::string("<li><a href=\"#functions\">") + w.functions + "</a>";
      toc_names(names);
      out += "</li>\n";
    }
    for (rule_role role : {rule_role::value, rule_role::output}) {
      if (role == rule_role::value && !has_values()) continue;
      names.clear();
      for (const rule_decl& r : doc.rules) {
        if (r.role == role) names.emplace_back(r.name, "rule-" + r.name);
      }
      out += role == rule_role::value
                 ? std::string("<li><a href=\"#values\">") + w.values_heading + "</a>"
                 : std::string("<li><a href=\"#outputs\">") + w.outputs_heading + "</a>";
      toc_names(names);
      out += "</li>\n";
    }
    if (!doc.assertions.empty()) {
      out += std::string("<li><a href=\"#assertions\">") + w.assertions + "</a></li>\n";
    }
    if (opts.graph) {
      out += std::string("<li><a href=\"#graph\">") + w.dependency_graph + "</a></li>\n";
    }
    if (has_examples()) {
      out += std::string("<li><a href=\"#examples\">") + w.examples + "</a></li>\n";
    }
    out += "</ol>\n</nav>\n";
  }

  void write_about() {
    out += std::string("<section id=\"about\">\n<h2>") + w.about + "</h2>\n";
    out += paragraphs(doc.info.doc, "purpose");
    out += "<dl class=\"facts\">\n";
    auto term = [&](const char* word, const std::string& html) {
      out += std::string("<dt>") + word + "</dt><dd>" + html + "</dd>\n";
    };
    if (!doc.info.title.empty()) term(w.title, esc(doc.info.title));
    if (!doc.info.id.empty()) term(w.identifier, "<code>" + esc(doc.info.id) + "</code>");
    if (!doc.info.jurisdiction.empty()) term(w.jurisdiction, esc(doc.info.jurisdiction));
    if (!doc.info.version.empty()) term(w.version, esc(doc.info.version));
    std::vector<std::string> periods;
    for (const period_info& p : prog.effective()) {
      std::string words = range_words(p.from, p.to);
      periods.push_back(p.name.empty() ? words : esc(p.name) + " (" + words + ")");
    }
    if (!periods.empty()) term(w.in_force, either(periods, w.and_));
    term(w.inputs, std::to_string(doc.inputs.size()));
    std::size_t outputs = 0;
    for (const rule_decl& r : doc.rules) outputs += r.role == rule_role::output ? 1 : 0;
    term(w.outputs, std::to_string(outputs));
    if (doc.file) term(w.policy_file, "<code>" + esc(doc.file->name()) + "</code>");
    if (!doc.imported.empty()) {
      std::vector<std::string> files;
      for (const auto& f : doc.imported) files.push_back("<code>" + esc(beside(*f)) + "</code>");
      term(w.imports, join(files, ", ") + " <span class=\"meta\">" + w.imports_note + "</span>");
    }
    out += "</dl>\n</section>\n";
  }

  // The name of `f` relative to the policy's folder, as an import names it.
  std::string beside(const source& f) const {
    const std::filesystem::path folder =
        std::filesystem::path(doc.file ? doc.file->name() : std::string()).parent_path();
    std::filesystem::path relative = std::filesystem::path(f.name()).lexically_relative(folder);
    return relative.empty() ? f.name() : relative.generic_string();
  }

  // "Defined in shared/deadlines.yaml." for a definition imported from another file, else "".
  std::string defined_in(const source_span& at) const {
    if (!at.file || at.file == doc.file) return {};
    return " <span class=\"meta imported\">" +
           fill(w.defined_in, {"<code>" + esc(beside(*at.file)) + "</code>"}) + "</span>";
  }

  void write_periods() {
    out += std::string("<section id=\"in-force\">\n<h2>") + w.in_force_heading + "</h2>\n";
    out += "<p>" + fill(w.periods_intro, {"<code>SR1006</code>"}) + "</p>\n";
    out += "<table class=\"periods\">\n<thead><tr>" +
           headings({w.period, w.from, w.to_heading, w.notes}) + "</tr></thead>\n<tbody>\n";
    for (const checked_period& p : policy.periods) {
      const period_decl* syntax = p.syntax;
      std::string name = syntax && !syntax->name.empty() ? esc(syntax->name) : "&mdash;";
      out += "<tr><td>" + name + "</td><td class=\"date\">" +
             (p.from ? p.from->to_string() : absent(w.open)) + "</td><td class=\"date\">" +
             (p.to ? p.to->to_string() : absent(w.until_further_notice)) +
             "</td><td class=\"notes\">";
      if (syntax) out += paragraphs(syntax->doc) + citations_html(syntax->sources);
      out += "</td></tr>\n";
    }
    out += "</tbody>\n</table>\n";
    out += std::string("<h3 id=\"calendar\">") + w.dates_and_ages + "</h3>\n<ul>\n";
    out += std::string("<li>") + w.age_rule + "</li>\n";
    out += std::string("<li>") +
           (doc.calendar.leap_day == leap_day_birthday::mar_1 ? w.leap_mar_1 : w.leap_feb_28) +
           "</li>\n";
    out += std::string("<li>") +
           (doc.calendar.missing == missing_day::clamp ? w.months_clamp : w.months_next) +
           "</li>\n";
    out += "<li>" + fill(w.age_band, {"<code>17..23</code>"}) + "</li>\n</ul>\n";
    write_working_days();
    out += "</section>\n";
  }

  // A day rule in words: "every 24 December", "2 days before Easter Sunday", ….
  std::string rule_in_words(const day_rule& r) const {
    const auto month = list_item(w.months, static_cast<std::size_t>(r.month - 1));
    std::string text;
    switch (r.what) {
      case day_rule::kind::every_year:
        text = fill(w.every_year, {std::to_string(r.day), month});
        break;
      case day_rule::kind::easter: {
        const bool one = r.offset == 1 || r.offset == -1;
        const char* words = r.offset < 0 ? (one ? w.day_before_easter : w.days_before_easter)
                                         : (one ? w.day_after_easter : w.days_after_easter);
        text = r.offset == 0 ? std::string(w.easter_sunday)
                             : fill(words, {std::to_string(r.offset < 0 ? -r.offset : r.offset)});
        break;
      }
      case day_rule::kind::nth:
        text = fill(w.nth_weekday,
                    {r.n > 0 ? list_item(w.ordinals, static_cast<std::size_t>(r.n - 1))
                             : list_item(w.ordinals_from_last, static_cast<std::size_t>(-r.n - 1)),
                     list_item(w.weekdays, static_cast<std::size_t>(r.nth_weekday)), month});
        break;
      case day_rule::kind::once:
        text = fill(w.only_on, {r.on.to_string()});
        break;
    }
    if (r.from) text += ", " + fill(w.rule_from, {r.from->to_string()});
    if (r.to) text += ", " + fill(w.until, {r.to->to_string()});
    return text;
  }

  // The working-day calendar: its weekend, its rules and the days they close in the years the
  // policy is in force (at most five, from the first).
  void write_working_days() {
    if (!policy.working_days || !doc.working_days) return;
    const working_calendar& c = *policy.working_days;
    out += std::string("<h3 id=\"working-days\">") + w.working_days + "</h3>\n<p>";
    std::vector<std::string> weekend;
    for (weekday d : c.weekend()) {
      weekend.emplace_back(list_item(w.weekdays, static_cast<std::size_t>(d)));
    }
    out += fill(w.working_days_intro,
                {weekend.empty() ? std::string(w.closed)
                                 : fill(w.weekend_or_closed,
                                        {join(weekend, std::string(" ") + w.or_a + " ")})});
    if (!doc.working_days->holidays.empty()) {
      out +=
          "; " + fill(w.holidays_bundled, {"<code>" + esc(doc.working_days->holidays) + "</code>"});
    } else if (!doc.working_days->holidays_file.empty()) {
      out += "; " +
             fill(w.holidays_file, {"<code>" + esc(doc.working_days->holidays_file) + "</code>"});
    }
    out += "." + defined_in(doc.working_days->at);
    out += "</p>\n<table class=\"working-days\">\n<thead><tr>" +
           headings({w.day, w.rule, w.calendar, w.source_heading}) + "</tr></thead>\n<tbody>\n";
    for (const closing_rule& r : c.rules()) {
      out += "<tr><td>" + esc(r.rule.name) + "</td><td>" + esc(rule_in_words(r.rule)) +
             "</td><td>" +
             (r.calendar.empty() ? std::string(w.this_policy)
                                 : "<code>" + esc(r.calendar) + "</code>") +
             "</td><td class=\"notes\">";
      for (const citation& cited : r.rule.sources) {
        out += "<span class=\"cite\">" + esc(cited.document) +
               (cited.section.empty() ? std::string() : " " + esc(cited.section)) + "</span> ";
      }
      out += "</td></tr>\n";
    }
    out += "</tbody>\n</table>\n";
    int first = 2025;
    if (!policy.periods.empty() && policy.periods.front().from) {
      first = policy.periods.front().from->to_ymd().year;
    }
    int last = first + 4;
    if (!policy.periods.empty() && policy.periods.back().to) {
      last = std::min(last, policy.periods.back().to->to_ymd().year);
    }
    first = std::max(first, working_calendar::first_year);
    last = std::min(last, working_calendar::last_year);
    out += "<p>" + fill(w.closed_days, {std::to_string(first), std::to_string(last)}) +
           "</p>\n<ul class=\"closed-days\">\n";
    for (int y = first; y <= last; ++y) {
      std::vector<std::string> days;
      const std::int32_t end = cal::days_from_ymd(y, 12, 31);
      for (std::int32_t d = cal::days_from_ymd(y, 1, 1); d <= end; ++d) {
        if (c.is_working_day(d) || c.is_weekend(d)) continue;
        std::string names;
        for (const closing_rule* r : c.closed_by(d)) {
          names += (names.empty() ? "" : ", ") + r->rule.name;
        }
        days.push_back(date::from_days(d).to_string() + " " + esc(names));
      }
      out += "<li><strong>" + std::to_string(y) + "</strong>: " + join(days, "; ") + "</li>\n";
    }
    out += "</ul>\n";
  }

  void write_sources() {
    if (doc.sources.empty()) return;
    out += std::string("<section id=\"sources\">\n<h2>") + w.source_documents + "</h2>\n";
    out += std::string("<p>") + w.sources_intro + "</p>\n<ol class=\"sources\">\n";
    for (std::size_t i = 0; i < doc.sources.size(); ++i) {
      const source_document& d = doc.sources[i];
      out += "<li id=\"" + source_anchor(i) + "\"><strong>" +
             esc(d.title.empty() ? d.id : d.title) + "</strong>";
      std::vector<std::string> facts;
      if (!d.issued_by.empty()) facts.push_back(fill(w.issued_by, {esc(d.issued_by)}));
      if (d.issued) facts.push_back(fill(w.dated, {d.issued->to_string()}));
      if (!facts.empty()) out += ", " + join(facts, ", ");
      out += ". <span class=\"meta\">" + fill(w.cited_as, {"<code>" + esc(d.id) + "</code>"});
      if (!d.file.empty()) out += "; " + fill(w.text_in, {"<code>" + esc(d.file) + "</code>"});
      out += ".</span>" + defined_in(d.at);
      if (!d.url.empty()) {
        bool web = d.url.rfind("https://", 0) == 0 || d.url.rfind("http://", 0) == 0;
        out += web ? " <a href=\"" + esc(d.url) + "\">" + esc(d.url) + "</a>"
                   : " <code>" + esc(d.url) + "</code>";
      }
      out += "</li>\n";
    }
    out += "</ol>\n</section>\n";
  }

  void write_inputs() {
    out += std::string("<section id=\"inputs\">\n<h2>") + w.inputs + "</h2>\n";
    out += "<p>" + fill(w.inputs_intro, {"<code>id</code>", "<code>as_of</code>"}) + "</p>\n";
    if (doc.inputs.empty()) {
      out += std::string("<p>") + w.no_other_fields + "</p>\n</section>\n";
      return;
    }
    out += "<table class=\"fields\">\n<thead><tr>" +
           headings({w.field, w.type, w.required_heading, w.description}) +
           "</tr></thead>\n<tbody>\n";
    for (std::size_t i = 0; i < doc.inputs.size(); ++i) {
      const input_decl& in = doc.inputs[i];
      const symbol* s = find_symbol(symbol_kind::input, i);
      std::string type = s ? type_words(type_of(*s)) : esc(in.type.name);
      std::string required = w.required;
      if (in.default_value) {
        required = fill(w.optional_default, {code(written(*in.default_value))});
      } else if (in.optional) {
        required = w.optional_missing;
      }
      out += "<tr id=\"input-" + esc(in.name) + "\"><td><code>" + esc(in.name) +
             "</code></td><td>" + type + "</td><td>" + required + "</td><td class=\"notes\">" +
             paragraphs(in.doc) + citations_html(in.sources) + "</td></tr>\n";
    }
    out += "</tbody>\n</table>\n</section>\n";
  }

  void write_parameters() {
    if (doc.parameters.empty()) return;
    out += std::string("<section id=\"parameters\">\n<h2>") + w.parameters + "</h2>\n";
    out += std::string("<p>") + w.parameters_intro + "</p>\n";
    for (std::size_t i = 0; i < doc.parameters.size(); ++i) {
      const parameter_decl& p = doc.parameters[i];
      const symbol* s = find_symbol(symbol_kind::parameter, i);
      out += "<article class=\"parameter\" id=\"parameter-" + esc(p.name) + "\">\n<h3><code>" +
             esc(p.name) + "</code><span class=\"tag parameter\">" + w.parameter + "</span></h3>\n";
      if (s && !s->type.invalid) out += "<p class=\"type\">" + type_words(type_of(*s)) + "</p>\n";
      if (std::string in = defined_in(p.at); !in.empty()) out += "<p>" + in + "</p>\n";
      out += paragraphs(p.doc) + citations_html(p.sources);
      std::vector<const parameter_change*> changes;
      for (const parameter_change& c : p.changes) changes.push_back(&c);
      std::stable_sort(changes.begin(), changes.end(),
                       [](const parameter_change* a, const parameter_change* b) {
                         if (!a->from || !b->from) return !a->from && b->from;
                         return *a->from < *b->from;
                       });
      out += "<table class=\"changes\">\n<thead><tr>" +
             headings({w.from, w.value_heading, w.source_heading}) + "</tr></thead>\n<tbody>\n";
      for (const parameter_change* c : changes) {
        out += "<tr><td class=\"date\">" + (c->from ? c->from->to_string() : absent(w.the_start)) +
               "</td><td>" + code(written(c->value)) + "</td><td class=\"notes\">" +
               citations_html(c->sources) + "</td></tr>\n";
      }
      out += "</tbody>\n</table>\n</article>\n";
    }
    out += "</section>\n";
  }

  // The names a rule uses and the names that use it, in declaration order.
  void write_dependencies(std::size_t sym) {
    const std::vector<std::size_t>& uses = uses_of[sym];
    const std::vector<std::size_t>& used_by = used_by_of[sym];
    auto names = [&](const std::vector<std::size_t>& ids) {
      std::vector<std::string> links;
      for (std::size_t id : ids) {
        count_work();
        links.push_back(name_link(policy.symbols[id].name));
      }
      return either(links, w.and_);
    };
    std::string text;
    if (!uses.empty()) text += fill(w.uses, {names(uses)});
    if (!used_by.empty()) text += (text.empty() ? "" : " ") + fill(w.used_by, {names(used_by)});
    if (!text.empty()) out += "<p class=\"deps\">" + text + "</p>\n";
  }

  const char* hit_words(const decision_table& t) const {
    switch (t.hit) {
      case hit_policy::first:
        return w.hit_first;
      case hit_policy::unique:
        return w.hit_unique;
      case hit_policy::any:
        return w.hit_any;
      case hit_policy::collect:
        switch (t.aggregate) {
          case aggregate_kind::list:
            return w.hit_list;
          case aggregate_kind::sum:
            return w.hit_sum;
          case aggregate_kind::count:
            return w.hit_count;
          case aggregate_kind::min:
            return w.hit_min;
          case aggregate_kind::max:
            return w.hit_max;
        }
    }
    return "";
  }

  static std::string cell_text(const table_cell& cell) {
    if (cell.kind == cell_kind::any) return {};
    if (cell.at.valid()) return written(cell.at, "");
    std::string text;
    for (const expr& e : cell.operands) text += (text.empty() ? "" : ", ") + written(e);
    return text;
  }

  void write_table(const rule_decl& rule, const decision_table& t, const std::string& id) {
    out += "<p>" + std::string(hit_words(t)) + " " + w.table_rows +
           (t.otherwise ? std::string("; ") + w.table_otherwise : std::string(".")) + "</p>\n";
    out += "<table class=\"decision\" id=\"" + esc(id) + "\" data-rule=\"" + esc(rule.name) +
           "\">\n<thead><tr><th scope=\"col\">" + w.row_heading + "</th>";
    for (const expr& c : t.columns) out += "<th scope=\"col\">" + code(written(c)) + "</th>";
    out += "<th scope=\"col\">" + fill(w.result_of, {"<code>" + esc(rule.name) + "</code>"}) +
           "</th><th scope=\"col\">" + w.notes + "</th></tr></thead>\n<tbody>\n";
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
      const table_row& row = t.rows[r];
      out += "<tr><th scope=\"row\">" + std::to_string(r + 1) + "</th>";
      for (std::size_t c = 0; c < t.columns.size(); ++c) {
        std::string text = c < row.when.size() ? cell_text(row.when[c]) : std::string();
        out += text.empty() || text == "any" || text == "-"
                   ? std::string("<td><span class=\"any\">") + w.any + "</span></td>"
                   : "<td>" + code(text) + "</td>";
      }
      out += "<td class=\"result\">" + code(written(row.then)) + "</td><td class=\"notes\">" +
             paragraphs(row.doc) + citations_html(row.sources) + "</td></tr>\n";
    }
    out += "</tbody>\n";
    if (t.otherwise) {
      out += std::string("<tfoot><tr><th scope=\"row\">") + w.otherwise + "</th><td colspan=\"" +
             std::to_string(t.columns.size()) + "\">" + w.no_row_matches +
             "</td><td class=\"result\">" + code(written(*t.otherwise)) +
             "</td><td class=\"notes\"></td></tr></tfoot>\n";
    }
    out += "</table>\n";
  }

  void write_cases(const std::vector<case_clause>& cases) {
    out += std::string("<p>") + w.cases_intro + "</p>\n<ol class=\"cases\">\n";
    for (const case_clause& c : cases) {
      out += "<li>";
      if (c.when) {
        out += fill(w.if_then,
                    {code(written(*c.when)),
                     c.error ? fill(w.is_error, {code(c.error->code), esc(c.error->message)})
                             : code(written(c.then))});
      } else {
        out += w.otherwise + (" " + code(written(c.then))) + ".";
      }
      if (!c.doc.empty())
        out += "<div class=\"when-note\">" + esc(detail::folded_text(c.doc)) + "</div>";
      out += citations_html(c.sources) + "</li>\n";
    }
    out += "</ol>\n";
  }

  void write_body(const rule_decl& rule, const rule_body& body, const std::string& table_id) {
    switch (body.form) {
      case body_form::expression:
        out += "<p class=\"definition\">" + fill(w.computed_as, {code(written(body.expression))}) +
               "</p>\n";
        break;
      case body_form::cases:
        write_cases(body.cases);
        break;
      case body_form::table:
        write_table(rule, body.table, table_id);
        break;
    }
  }

  void write_rules(rule_role role) {
    if (role == rule_role::value && !has_values()) return;
    if (role == rule_role::value) {
      out += std::string("<section id=\"values\">\n<h2>") + w.values_heading + "</h2>\n<p>" +
             w.values_intro + "</p>\n";
    } else {
      out += std::string("<section id=\"outputs\">\n<h2>") + w.outputs_heading + "</h2>\n<p>" +
             w.outputs_intro + "</p>\n";
    }
    for (std::size_t i = 0; i < doc.rules.size(); ++i) {
      count_work();
      const rule_decl& rule = doc.rules[i];
      if (rule.role != role) continue;
      const char* kind = role == rule_role::output ? "output" : "value";
      const char* kind_word = role == rule_role::output ? w.output : w.value;
      const symbol* s = find_symbol(symbol_kind::rule, i);
      out += "<article class=\"rule\" id=\"rule-" + esc(rule.name) + "\">\n<h3><code>" +
             esc(rule.name) + "</code><span class=\"tag " + kind + "\">" + kind_word +
             "</span></h3>\n";
      if (s && !s->type.invalid) {
        value_type t = type_of(*s);
        out += "<p class=\"type\">" + type_words(t) +
               (t.optional ? "; " + fill(w.may_be_missing_as, {"<code>null</code>"}) : "") +
               "</p>\n";
      }
      out += paragraphs(rule.doc) + citations_html(rule.sources);
      // resolved date ranges of the versions, from the checker
      const checked_rule* checked = rule_checked[i];
      for (std::size_t v = 0; v < rule.versions.size(); ++v) {
        const rule_version& version = rule.versions[v];
        std::string table_id = "table-" + rule.name;
        if (rule.versioned) {
          table_id += "-" + std::to_string(v + 1);
          std::optional<date> from = version.from, to = version.to;
          if (checked && v < checked->versions.size()) {
            from = checked->versions[v].from;
            to = checked->versions[v].to;
          }
          out += "<h4 class=\"version\">" +
                 (version.period.empty()
                      ? fill(w.version_number, {std::to_string(v + 1)})
                      : fill(w.in_period, {"&ldquo;" + esc(version.period) + "&rdquo;"})) +
                 ", " + range_words(from, to) + "</h4>\n";
          out += citations_html(version.sources);
        }
        write_body(rule, version.body, table_id);
      }
      if (s) write_dependencies(static_cast<std::size_t>(s - policy.symbols.data()));
      out += "</article>\n";
    }
    out += "</section>\n";
  }

  // The policy's own functions: each signature (parameters and result, typed), its body as
  // written, its citations, and what uses it.
  void write_functions() {
    if (doc.functions.empty()) return;
    out += std::string("<section id=\"functions\">\n<h2>") + w.functions + "</h2>\n<p>" +
           w.functions_intro + "</p>\n";
    for (std::size_t i = 0; i < doc.functions.size(); ++i) {
      count_work();
      const function_decl& f = doc.functions[i];
      const checked_function* cf = i < policy.functions.size() ? &policy.functions[i] : nullptr;
      const bool typed =
          cf && cf->symbol < policy.symbols.size() && !policy.symbols[cf->symbol].type.invalid;
      std::vector<std::string> params;
      std::vector<std::string> described;
      for (std::size_t k = 0; k < f.params.size(); ++k) {
        params.push_back(esc(f.params[k].name));
        if (typed && k < cf->params.size()) {
          const symbol& p = policy.symbols[cf->params[k]];
          described.push_back(
              "<code>" + esc(f.params[k].name) + "</code>, " + type_words(type_of(p)) +
              (f.params[k].optional ? std::string(" (") + w.may_be_missing + ")" : std::string()));
        }
      }
      out += "<article class=\"function\" id=\"function-" + esc(f.name) + "\">\n<h3><code>" +
             esc(f.name) + "(" + join(params, ", ") + ")</code><span class=\"tag function\">" +
             w.function + "</span></h3>\n";
      if (typed) {
        out += "<p class=\"type\">" +
               (described.empty() ? std::string(w.no_parameters)
                                  : fill(w.parameters_list, {join(described, "; ")})) +
               ". " + fill(w.result_is, {type_words(type_of(policy.symbols[cf->symbol]))}) +
               "</p>\n";
      }
      if (std::string in = defined_in(f.at); !in.empty()) out += "<p>" + in + "</p>\n";
      out += paragraphs(f.doc) + citations_html(f.sources);
      if (f.body.form == body_form::expression) {
        out += "<p class=\"definition\">" +
               fill(w.computed_as, {code(written(f.body.expression))}) + "</p>\n";
      } else {
        write_cases(f.body.cases);
      }
      if (cf && cf->symbol < policy.symbols.size()) write_dependencies(cf->symbol);
      out += "</article>\n";
    }
    out += "</section>\n";
  }

  void write_assertions() {
    if (doc.assertions.empty()) return;
    out += std::string("<section id=\"assertions\">\n<h2>") + w.assertions + "</h2>\n<p>" +
           w.assertions_intro + "</p>\n";
    for (std::size_t i = 0; i < doc.assertions.size(); ++i) {
      const assertion_decl& a = doc.assertions[i];
      // an assertion without a `name:` has the parser's "assertion 2" (for diagnostics)
      const bool unnamed = a.name.empty() || a.name == "assertion " + std::to_string(i + 1);
      out += "<article class=\"assertion\" id=\"assertion-" + std::to_string(i + 1) + "\">\n<h3>" +
             (unnamed ? fill(w.assertion_n, {std::to_string(i + 1)})
                      : "<code>" + esc(a.name) + "</code>") +
             "</h3>\n<p>" + fill(w.must_hold, {code(written(a.condition))}) + "</p>\n" +
             paragraphs(a.message) + citations_html(a.sources) + "</article>\n";
    }
    out += "</section>\n";
  }

  void write_graph() {
    if (!opts.graph) return;
    out += std::string("<section id=\"graph\">\n<h2>") + w.dependency_graph + "</h2>\n";
    out += "<p>" + fill(w.graph_intro, {"<em>a</em>", "<em>b</em>"}) + "</p>\n";
    if (policy.symbols.size() > opts.max_graph_nodes) {
      // Graphviz's layout grows faster than the graph: a page of a very large policy would take
      // hours to draw, and its picture could not be read anyway
      out += "<p class=\"note\">" +
             fill(w.graph_too_large,
                  {std::to_string(policy.symbols.size()), std::to_string(opts.max_graph_nodes),
                   "<code>ssprules graph</code>", "<code>dot -Tsvg</code>"}) +
             "</p>\n</section>\n";
      return;
    }
    std::string dot = to_dot(prog.checked());
    std::string svg;
    if (opts.render_svg) {
      std::optional<std::string> rendered = opts.render_svg(dot);
      if (rendered) svg = svg_element(*rendered);
    }
    if (!svg.empty()) {
      out += "<figure class=\"graph\">\n" + svg + "\n<figcaption>" +
             fill(w.graph_caption, {"<code>" + esc(doc.info.id) + "</code>"}) +
             "</figcaption>\n</figure>\n";
    } else {
      out += "<p class=\"note\">" +
             fill(w.graph_not_drawn, {"<code>dot</code>", "<code>dot -Tsvg</code>"}) +
             "</p>\n<pre class=\"dot\">" + esc(dot) + "</pre>\n";
    }
    out += "</section>\n";
  }

  std::string scalar_html(const scalar& s) const {
    if (s.null) return absent(w.absent);
    return "<code>" + esc(s.text) + "</code>";
  }

  void write_examples() {
    if (!has_examples()) return;
    out += std::string("<section id=\"examples\">\n<h2>") + w.examples + "</h2>\n<p>" +
           fill(w.examples_intro, {"<code>ssprules test</code>"}) + "</p>\n";
    for (std::size_t i = 0; i < doc.tests.size(); ++i) {
      const test_case& t = doc.tests[i];
      std::optional<date> as_of = t.as_of ? t.as_of : doc.tests_as_of;
      out += "<article class=\"example\" id=\"example-" + std::to_string(i + 1) + "\">\n<h3>" +
             esc(t.name.empty() ? fill(w.example_n, {std::to_string(i + 1)}) : t.name) + "</h3>\n";
      if (as_of) out += "<p>" + fill(w.evaluated_on, {as_of->to_string()}) + "</p>\n";
      out += std::string("<div class=\"example-tables\">\n<table class=\"example given\">\n") +
             "<caption>" + w.given + "</caption>\n<thead><tr>" +
             headings({w.field, w.value_heading}) + "</tr></thead>\n<tbody>\n";
      if (t.input.empty()) {
        out += "<tr><td colspan=\"2\">" + absent(w.no_fields) + "</td></tr>\n";
      }
      for (const field_entry& f : t.input) {
        out += "<tr><td>" + name_link(f.name) + "</td><td>" + scalar_html(f.value) + "</td></tr>\n";
      }
      out += "</tbody>\n</table>\n";
      if (t.error) {
        out += std::string("<table class=\"example expected\">\n<caption>") + w.expected +
               "</caption>\n<thead><tr>" + headings({w.result, w.meaning}) +
               "</tr></thead>\n<tbody>\n<tr><td>" + w.error + " <code>" + esc(t.error->code) +
               "</code></td><td>";
        const code_info* known = find_code(t.error->code);  // its meaning, from the registry
        out += known ? esc(known->meaning) : std::string();
        if (!t.error->message.empty()) {
          out += std::string(known ? "; " : "") +
                 fill(w.message_contains, {"&ldquo;" + esc(t.error->message) + "&rdquo;"});
        }
        out += "</td></tr>\n</tbody>\n</table>\n";
      } else {
        out += std::string("<table class=\"example expected\">\n<caption>") + w.expected +
               "</caption>\n<thead><tr>" + headings({w.output_heading, w.value_heading}) +
               "</tr></thead>\n<tbody>\n";
        for (const field_entry& f : t.expect) {
          out +=
              "<tr><td>" + name_link(f.name) + "</td><td>" + scalar_html(f.value) + "</td></tr>\n";
        }
        out += "</tbody>\n</table>\n";
      }
      out += "</div>\n</article>\n";
    }
    out += "</section>\n";
  }
};

}  // namespace detail

SSPRULES_INLINE std::string policy_html(const program& prog, const doc_options& opts) {
  if (!prog.valid() || !prog.checked().valid()) {
    throw error("ssprules::policy_html: the program is empty (load a policy that checks first)");
  }
  detail::doc_writer writer(*prog.checked().impl(), prog, opts);
  writer.write();
  return std::move(writer.out);
}

}  // namespace ssprules::inline SSPRULES_ABI
