// Definitions for doc.hpp: a policy as one self-contained HTML page. What of a Graphviz
// drawing the page keeps is decided in svg.ipp.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
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
  static std::string range_words(const std::optional<date>& from, const std::optional<date>& to) {
    if (from && to) return "from " + from->to_string() + " to " + to->to_string();
    if (from) return "from " + from->to_string() + " on";
    if (to) return "until " + to->to_string();
    return "at all times";
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
  static std::string type_words(const value_type& t) {
    switch (t.kind) {
      case type_kind::boolean:
        return "yes or no (<code>true</code> or <code>false</code>)";
      case type_kind::integer:
        if (t.min && t.max) {
          return "a whole number from " + std::to_string(*t.min) + " to " + std::to_string(*t.max);
        }
        if (t.min) return "a whole number of at least " + std::to_string(*t.min);
        if (t.max) return "a whole number of at most " + std::to_string(*t.max);
        return "a whole number";
      case type_kind::decimal:
        return "a decimal number";
      case type_kind::string:
        return "text";
      case type_kind::enumeration: {
        std::vector<std::string> names;
        for (const std::string& v : t.values) names.push_back("<code>" + esc(v) + "</code>");
        return names.empty() ? std::string("one of a list of names")
                             : "one of " + either(names, "or");
      }
      case type_kind::date:
        return "a date (year-month-day)";
      case type_kind::list: {
        if (t.item == type_kind::record) {
          std::vector<std::string> fields;
          for (const value_field& f : t.fields) {
            fields.push_back("<code>" + esc(f.name) + "</code> (" + type_words(f.type) +
                             (f.type.optional ? ", may be absent" : "") + ")");
          }
          return "a list of items, each with " + either(fields, "and");
        }
        value_type item;
        item.kind = t.item;
        item.values = t.values;
        return "a list, each item " + type_words(item);
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
      where += ", section &ldquo;" + esc(detail::folded_text(c.section)) + "&rdquo;";
    std::string quote = detail::folded_text(c.quote);
    if (quote.empty()) return "<p class=\"cite\">Source: " + where + "</p>\n";
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
    return doc.info.id.empty() ? std::string("Policy") : doc.info.id;
  }

  void write() {
    out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
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
    out += "<footer class=\"page\">Generated by ssprules from <code>" +
           esc(doc.file ? doc.file->name() : std::string("(text)")) +
           "</code>. The policy file is the authority: this page shows it as written.</footer>\n";
    out += "</body>\n</html>\n";
  }

  bool has_values() const {
    return std::any_of(doc.rules.begin(), doc.rules.end(),
                       [](const rule_decl& r) { return r.role == rule_role::value; });
  }
  bool has_examples() const { return opts.examples && !doc.tests.empty(); }

  void write_header() {
    out += "<header class=\"policy\">\n<p class=\"kicker\">Policy</p>\n<h1>" + esc(title()) +
           "</h1>\n";
    std::vector<std::string> meta;
    if (!doc.info.jurisdiction.empty()) meta.push_back(esc(doc.info.jurisdiction));
    if (!doc.info.version.empty()) meta.push_back("version " + esc(doc.info.version));
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
    out += "<nav class=\"toc\" aria-label=\"Contents\">\n<h2>Contents</h2>\n<ol>\n";
    out += "<li><a href=\"#about\">About this policy</a></li>\n";
    out += "<li><a href=\"#in-force\">When the policy applies</a>";
    if (policy.working_days) {
      out += "<ul class=\"names\"><li><a href=\"#working-days\">Working days</a></li></ul>";
    }
    out += "</li>\n";
    if (!doc.sources.empty()) out += "<li><a href=\"#sources\">Source documents</a></li>\n";
    std::vector<std::pair<std::string, std::string>> names;
    for (const input_decl& in : doc.inputs) names.emplace_back(in.name, "input-" + in.name);
    out += "<li><a href=\"#inputs\">Inputs</a>";
    toc_names(names);
    out += "</li>\n";
    if (!doc.parameters.empty()) {
      names.clear();
      for (const parameter_decl& p : doc.parameters) {
        names.emplace_back(p.name, "parameter-" + p.name);
      }
      out += "<li><a href=\"#parameters\">Parameters</a>";
      toc_names(names);
      out += "</li>\n";
    }
    if (!doc.functions.empty()) {
      names.clear();
      for (const function_decl& f : doc.functions) names.emplace_back(f.name, "function-" + f.name);
      out += "<li><a href=\"#functions\">Functions</a>";
      toc_names(names);
      out += "</li>\n";
    }
    for (rule_role role : {rule_role::value, rule_role::output}) {
      if (role == rule_role::value && !has_values()) continue;
      names.clear();
      for (const rule_decl& r : doc.rules) {
        if (r.role == role) names.emplace_back(r.name, "rule-" + r.name);
      }
      out += role == rule_role::value ? "<li><a href=\"#values\">Values (intermediate steps)</a>"
                                      : "<li><a href=\"#outputs\">Outputs (the decision)</a>";
      toc_names(names);
      out += "</li>\n";
    }
    if (!doc.assertions.empty()) out += "<li><a href=\"#assertions\">Assertions</a></li>\n";
    if (opts.graph) out += "<li><a href=\"#graph\">Dependency graph</a></li>\n";
    if (has_examples()) out += "<li><a href=\"#examples\">Examples</a></li>\n";
    out += "</ol>\n</nav>\n";
  }

  void write_about() {
    out += "<section id=\"about\">\n<h2>About this policy</h2>\n";
    out += paragraphs(doc.info.doc, "purpose");
    out += "<dl class=\"facts\">\n";
    if (!doc.info.title.empty()) out += "<dt>Title</dt><dd>" + esc(doc.info.title) + "</dd>\n";
    if (!doc.info.id.empty()) {
      out += "<dt>Identifier</dt><dd><code>" + esc(doc.info.id) + "</code></dd>\n";
    }
    if (!doc.info.jurisdiction.empty()) {
      out += "<dt>Jurisdiction</dt><dd>" + esc(doc.info.jurisdiction) + "</dd>\n";
    }
    if (!doc.info.version.empty()) {
      out += "<dt>Version</dt><dd>" + esc(doc.info.version) + "</dd>\n";
    }
    std::vector<std::string> periods;
    for (const period_info& p : prog.effective()) {
      std::string words = range_words(p.from, p.to);
      periods.push_back(p.name.empty() ? words : esc(p.name) + " (" + words + ")");
    }
    if (!periods.empty()) {
      out += "<dt>In force</dt><dd>" + either(periods, "and") + "</dd>\n";
    }
    out += "<dt>Inputs</dt><dd>" + std::to_string(doc.inputs.size()) + "</dd>\n";
    std::size_t outputs = 0;
    for (const rule_decl& r : doc.rules) outputs += r.role == rule_role::output ? 1 : 0;
    out += "<dt>Outputs</dt><dd>" + std::to_string(outputs) + "</dd>\n";
    if (doc.file) {
      out += "<dt>Policy file</dt><dd><code>" + esc(doc.file->name()) + "</code></dd>\n";
    }
    if (!doc.imported.empty()) {
      std::vector<std::string> files;
      for (const auto& f : doc.imported) files.push_back("<code>" + esc(beside(*f)) + "</code>");
      out += "<dt>Imports</dt><dd>" + join(files, ", ") +
             " <span class=\"meta\">(shared definitions: the sources, parameters and calendar "
             "marked with their file below)</span></dd>\n";
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
    return " <span class=\"meta imported\">Defined in <code>" + esc(beside(*at.file)) +
           "</code>.</span>";
  }

  void write_periods() {
    out += "<section id=\"in-force\">\n<h2>When the policy applies</h2>\n";
    out +=
        "<p>The policy decides cases on evaluation dates inside these periods (both ends "
        "included). A case evaluated on any other date gets an error (<code>SR1006</code>), "
        "never a guess.</p>\n";
    out +=
        "<table class=\"periods\">\n<thead><tr><th>Period</th><th>From</th><th>To</th>"
        "<th>Notes</th></tr></thead>\n<tbody>\n";
    for (const checked_period& p : policy.periods) {
      const period_decl* syntax = p.syntax;
      std::string name = syntax && !syntax->name.empty() ? esc(syntax->name) : "&mdash;";
      out += "<tr><td>" + name + "</td><td class=\"date\">" +
             (p.from ? p.from->to_string() : std::string("<span class=\"absent\">open</span>")) +
             "</td><td class=\"date\">" +
             (p.to ? p.to->to_string()
                   : std::string("<span class=\"absent\">until further notice</span>")) +
             "</td><td class=\"notes\">";
      if (syntax) out += paragraphs(syntax->doc) + citations_html(syntax->sources);
      out += "</td></tr>\n";
    }
    out += "</tbody>\n</table>\n";
    out += "<h3 id=\"calendar\">Dates and ages</h3>\n<ul>\n";
    out += "<li>An age is the number of whole years completed on the evaluation date.</li>\n";
    out += doc.calendar.leap_day == leap_day_birthday::mar_1
               ? "<li>Someone born on 29 February has their birthday on 1 March in years "
                 "without 29 February.</li>\n"
               : "<li>Someone born on 29 February has their birthday on 28 February in years "
                 "without 29 February.</li>\n";
    out += doc.calendar.missing == missing_day::clamp
               ? "<li>Adding months to a date whose day the target month lacks gives the last "
                 "day of that month (31 August + 6 months = 28 or 29 February).</li>\n"
               : "<li>Adding months to a date whose day the target month lacks gives the first "
                 "day of the month after (31 August + 6 months = 1 March).</li>\n";
    out +=
        "<li>An age band such as <code>17..23</code> includes both ends: from the 17th "
        "birthday up to the day before the 24th.</li>\n</ul>\n";
    write_working_days();
    out += "</section>\n";
  }

  // A day rule in words: "every 24 December", "2 days before Easter Sunday", ….
  static std::string rule_in_words(const day_rule& r) {
    static constexpr const char* months[] = {"January",   "February", "March",    "April",
                                             "May",       "June",     "July",     "August",
                                             "September", "October",  "November", "December"};
    static constexpr const char* ordinals[] = {"first", "second", "third", "fourth", "fifth"};
    std::string out;
    switch (r.what) {
      case day_rule::kind::every_year:
        out = "every " + std::to_string(r.day) + " " + months[r.month - 1];
        break;
      case day_rule::kind::easter:
        out = r.offset == 0 ? std::string("Easter Sunday")
                            : std::to_string(r.offset < 0 ? -r.offset : r.offset) +
                                  (r.offset == 1 || r.offset == -1 ? " day " : " days ") +
                                  (r.offset < 0 ? "before" : "after") + " Easter Sunday";
        break;
      case day_rule::kind::nth:
        out = std::string(r.n > 0     ? "the " + std::string(ordinals[r.n - 1])
                          : r.n == -1 ? std::string("the last")
                                      : "the " + std::string(ordinals[-r.n - 1]) + " from last") +
              " " + std::string(weekday_names[static_cast<int>(r.nth_weekday)]) + " of " +
              months[r.month - 1];
        break;
      case day_rule::kind::once:
        out = "only on " + r.on.to_string();
        break;
    }
    if (r.from) out += ", from " + r.from->to_string();
    if (r.to) out += ", until " + r.to->to_string();
    return out;
  }

  // The working-day calendar: its weekend, its rules and the days they close in the years the
  // policy is in force (at most five, from the first).
  void write_working_days() {
    if (!policy.working_days || !doc.working_days) return;
    const working_calendar& c = *policy.working_days;
    out +=
        "<h3 id=\"working-days\">Working days</h3>\n<p>Working-day deadlines count every day "
        "that is not ";
    std::vector<std::string> weekend;
    for (weekday d : c.weekend()) weekend.emplace_back(weekday_names[static_cast<int>(d)]);
    out += weekend.empty() ? std::string("closed") : "a " + join(weekend, " or a ") + " or closed";
    if (!doc.working_days->holidays.empty()) {
      out += "; the public holidays are the bundled calendar <code>" +
             esc(doc.working_days->holidays) + "</code>";
    } else if (!doc.working_days->holidays_file.empty()) {
      out += "; the public holidays are the calendar <code>" +
             esc(doc.working_days->holidays_file) + "</code>";
    }
    out += "." + defined_in(doc.working_days->at);
    out +=
        "</p>\n<table class=\"working-days\">\n<thead><tr><th>Day</th><th>Rule</th>"
        "<th>Calendar</th><th>Source</th></tr></thead>\n<tbody>\n";
    for (const closing_rule& r : c.rules()) {
      out += "<tr><td>" + esc(r.rule.name) + "</td><td>" + esc(rule_in_words(r.rule)) +
             "</td><td>" +
             (r.calendar.empty() ? std::string("this policy")
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
    out += "<p>The days they close from " + std::to_string(first) + " to " + std::to_string(last) +
           " that are not on the weekend:</p>\n<ul class=\"closed-days\">\n";
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
    out += "<section id=\"sources\">\n<h2>Source documents</h2>\n";
    out += "<p>The rules below cite passages of these documents.</p>\n<ol class=\"sources\">\n";
    for (std::size_t i = 0; i < doc.sources.size(); ++i) {
      const source_document& d = doc.sources[i];
      out += "<li id=\"" + source_anchor(i) + "\"><strong>" +
             esc(d.title.empty() ? d.id : d.title) + "</strong>";
      std::vector<std::string> facts;
      if (!d.issued_by.empty()) facts.push_back("issued by " + esc(d.issued_by));
      if (d.issued) facts.push_back("dated " + d.issued->to_string());
      if (!facts.empty()) out += ", " + join(facts, ", ");
      out += ". <span class=\"meta\">Cited as <code>" + esc(d.id) + "</code>";
      if (!d.file.empty()) out += "; text in <code>" + esc(d.file) + "</code>";
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
    out += "<section id=\"inputs\">\n<h2>Inputs</h2>\n";
    out +=
        "<p>The fields of a case record. Every record may also carry <code>id</code> (a "
        "pseudonymous case key, carried to the result) and <code>as_of</code> (its own "
        "evaluation date).</p>\n";
    if (doc.inputs.empty()) {
      out += "<p>This policy reads no other fields.</p>\n</section>\n";
      return;
    }
    out +=
        "<table class=\"fields\">\n<thead><tr><th>Field</th><th>Type</th><th>Required</th>"
        "<th>Description</th></tr></thead>\n<tbody>\n";
    for (std::size_t i = 0; i < doc.inputs.size(); ++i) {
      const input_decl& in = doc.inputs[i];
      const symbol* s = find_symbol(symbol_kind::input, i);
      std::string type = s ? type_words(type_of(*s)) : esc(in.type.name);
      std::string required = "required";
      if (in.default_value) {
        required = "optional; when absent: " + code(written(*in.default_value));
      } else if (in.optional) {
        required = "optional (may be missing)";
      }
      out += "<tr id=\"input-" + esc(in.name) + "\"><td><code>" + esc(in.name) +
             "</code></td><td>" + type + "</td><td>" + required + "</td><td class=\"notes\">" +
             paragraphs(in.doc) + citations_html(in.sources) + "</td></tr>\n";
    }
    out += "</tbody>\n</table>\n</section>\n";
  }

  void write_parameters() {
    if (doc.parameters.empty()) return;
    out += "<section id=\"parameters\">\n<h2>Parameters</h2>\n";
    out +=
        "<p>Named constants of the policy. A parameter may change on a date: every rule that "
        "uses it follows the evaluation date.</p>\n";
    for (std::size_t i = 0; i < doc.parameters.size(); ++i) {
      const parameter_decl& p = doc.parameters[i];
      const symbol* s = find_symbol(symbol_kind::parameter, i);
      out += "<article class=\"parameter\" id=\"parameter-" + esc(p.name) + "\">\n<h3><code>" +
             esc(p.name) + "</code><span class=\"tag parameter\">parameter</span></h3>\n";
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
      out +=
          "<table class=\"changes\">\n<thead><tr><th>From</th><th>Value</th><th>Source</th>"
          "</tr></thead>\n<tbody>\n";
      for (const parameter_change* c : changes) {
        out += "<tr><td class=\"date\">" +
               (c->from ? c->from->to_string()
                        : std::string("<span class=\"absent\">the start</span>")) +
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
      return either(links, "and");
    };
    std::string text;
    if (!uses.empty()) text += "Uses " + names(uses) + ".";
    if (!used_by.empty())
      text += std::string(text.empty() ? "" : " ") + "Used by " + names(used_by) + ".";
    if (!text.empty()) out += "<p class=\"deps\">" + text + "</p>\n";
  }

  static const char* hit_words(const decision_table& t) {
    switch (t.hit) {
      case hit_policy::first:
        return "The first row that matches decides.";
      case hit_policy::unique:
        return "Exactly one row matches each case.";
      case hit_policy::any:
        return "Rows that match must give the same result.";
      case hit_policy::collect:
        switch (t.aggregate) {
          case aggregate_kind::list:
            return "Every row that matches adds its result to a list.";
          case aggregate_kind::sum:
            return "The results of the rows that match are added up.";
          case aggregate_kind::count:
            return "The result is the number of rows that match.";
          case aggregate_kind::min:
            return "The result is the smallest of the matching rows' results.";
          case aggregate_kind::max:
            return "The result is the largest of the matching rows' results.";
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
    out += "<p>" + std::string(hit_words(t)) + " Each row gives the result when every column " +
           "matches its cell" +
           (t.otherwise ? "; when no row matches, the last line applies." : ".") + "</p>\n";
    out += "<table class=\"decision\" id=\"" + esc(id) + "\" data-rule=\"" + esc(rule.name) +
           "\">\n<thead><tr><th scope=\"col\">Row</th>";
    for (const expr& c : t.columns) out += "<th scope=\"col\">" + code(written(c)) + "</th>";
    out += "<th scope=\"col\">Result: <code>" + esc(rule.name) +
           "</code></th>"
           "<th scope=\"col\">Notes</th></tr></thead>\n<tbody>\n";
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
      const table_row& row = t.rows[r];
      out += "<tr><th scope=\"row\">" + std::to_string(r + 1) + "</th>";
      for (std::size_t c = 0; c < t.columns.size(); ++c) {
        std::string text = c < row.when.size() ? cell_text(row.when[c]) : std::string();
        out += text.empty() || text == "any" || text == "-"
                   ? "<td><span class=\"any\">any</span></td>"
                   : "<td>" + code(text) + "</td>";
      }
      out += "<td class=\"result\">" + code(written(row.then)) + "</td><td class=\"notes\">" +
             paragraphs(row.doc) + citations_html(row.sources) + "</td></tr>\n";
    }
    out += "</tbody>\n";
    if (t.otherwise) {
      out += "<tfoot><tr><th scope=\"row\">otherwise</th><td colspan=\"" +
             std::to_string(t.columns.size()) + "\">no row matches</td><td class=\"result\">" +
             code(written(*t.otherwise)) + "</td><td class=\"notes\"></td></tr></tfoot>\n";
    }
    out += "</table>\n";
  }

  void write_cases(const std::vector<case_clause>& cases) {
    out += "<p>The first condition that holds decides:</p>\n<ol class=\"cases\">\n";
    for (const case_clause& c : cases) {
      out += "<li>";
      if (c.when) {
        out += "If " + code(written(*c.when)) + ", then " +
               (c.error ? "the record is the error " + code(c.error->code) + ": " +
                              esc(c.error->message)
                        : code(written(c.then))) +
               ";";
      } else {
        out += "otherwise " + code(written(c.then)) + ".";
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
        out += "<p class=\"definition\">Computed as " + code(written(body.expression)) + ".</p>\n";
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
      out +=
          "<section id=\"values\">\n<h2>Values (intermediate steps)</h2>\n<p>Derived values "
          "the outputs use. They are not part of the decision, but explanations show them.</p>\n";
    } else {
      out +=
          "<section id=\"outputs\">\n<h2>Outputs (the decision)</h2>\n<p>What the policy "
          "decides for each case, in the order the policy states them.</p>\n";
    }
    for (std::size_t i = 0; i < doc.rules.size(); ++i) {
      count_work();
      const rule_decl& rule = doc.rules[i];
      if (rule.role != role) continue;
      const char* kind = role == rule_role::output ? "output" : "value";
      const symbol* s = find_symbol(symbol_kind::rule, i);
      out += "<article class=\"rule\" id=\"rule-" + esc(rule.name) + "\">\n<h3><code>" +
             esc(rule.name) + "</code><span class=\"tag " + kind + "\">" + kind + "</span></h3>\n";
      if (s && !s->type.invalid) {
        value_type t = type_of(*s);
        out += "<p class=\"type\">" + type_words(t) +
               (t.optional ? "; may be missing (written as <code>null</code>)" : "") + "</p>\n";
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
                 (version.period.empty() ? std::string("Version ") + std::to_string(v + 1)
                                         : "In period &ldquo;" + esc(version.period) + "&rdquo;") +
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
    out +=
        "<section id=\"functions\">\n<h2>Functions</h2>\n<p>Computations the rules call by "
        "name: a call gives the body's result with the arguments in place of the "
        "parameters.</p>\n";
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
          described.push_back("<code>" + esc(f.params[k].name) + "</code>, " +
                              type_words(type_of(p)) +
                              (f.params[k].optional ? " (may be missing)" : ""));
        }
      }
      out += "<article class=\"function\" id=\"function-" + esc(f.name) + "\">\n<h3><code>" +
             esc(f.name) + "(" + join(params, ", ") +
             ")</code><span class=\"tag function\">function</span></h3>\n";
      if (typed) {
        out += "<p class=\"type\">" +
               (described.empty() ? std::string("No parameters")
                                  : "Parameters: " + join(described, "; ")) +
               ". Result: " + type_words(type_of(policy.symbols[cf->symbol])) + ".</p>\n";
      }
      if (std::string in = defined_in(f.at); !in.empty()) out += "<p>" + in + "</p>\n";
      out += paragraphs(f.doc) + citations_html(f.sources);
      if (f.body.form == body_form::expression) {
        out +=
            "<p class=\"definition\">Computed as " + code(written(f.body.expression)) + ".</p>\n";
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
    out +=
        "<section id=\"assertions\">\n<h2>Assertions</h2>\n<p>Conditions over the parameters "
        "that are checked whenever the policy loads, on every date a parameter changes.</p>\n";
    for (std::size_t i = 0; i < doc.assertions.size(); ++i) {
      const assertion_decl& a = doc.assertions[i];
      out += "<article class=\"assertion\" id=\"assertion-" + std::to_string(i + 1) + "\">\n<h3>" +
             (a.name.empty() ? "Assertion " + std::to_string(i + 1)
                             : "<code>" + esc(a.name) + "</code>") +
             "</h3>\n<p>Must hold: " + code(written(a.condition)) + "</p>\n" +
             paragraphs(a.message) + citations_html(a.sources) + "</article>\n";
    }
    out += "</section>\n";
  }

  void write_graph() {
    if (!opts.graph) return;
    out += "<section id=\"graph\">\n<h2>Dependency graph</h2>\n";
    out +=
        "<p>An arrow from <em>a</em> to <em>b</em> means that <em>b</em> uses <em>a</em>. "
        "Inputs are rounded blue boxes, parameters yellow hexagons, values grey ellipses and "
        "outputs bold green boxes; the graph reads from the facts on the left to the decision "
        "on the right.</p>\n";
    if (policy.symbols.size() > opts.max_graph_nodes) {
      // Graphviz's layout grows faster than the graph: a page of a very large policy would take
      // hours to draw, and its picture could not be read anyway
      out += "<p class=\"note\">The graph has " + std::to_string(policy.symbols.size()) +
             " names, more than the " + std::to_string(opts.max_graph_nodes) +
             " this page draws. <code>ssprules graph</code> writes it in the DOT language; draw "
             "it with <code>dot -Tsvg</code>.</p>\n</section>\n";
      return;
    }
    std::string dot = to_dot(prog.checked());
    std::string svg;
    if (opts.render_svg) {
      std::optional<std::string> rendered = opts.render_svg(dot);
      if (rendered) svg = svg_element(*rendered);
    }
    if (!svg.empty()) {
      out += "<figure class=\"graph\">\n" + svg + "\n<figcaption>The dependency graph of <code>" +
             esc(doc.info.id) + "</code>.</figcaption>\n</figure>\n";
    } else {
      out +=
          "<p class=\"note\">The graph could not be drawn here (Graphviz <code>dot</code> was "
          "not available). This is its text in the DOT language; draw it with "
          "<code>dot -Tsvg</code>.</p>\n<pre class=\"dot\">" +
          esc(dot) + "</pre>\n";
    }
    out += "</section>\n";
  }

  std::string scalar_html(const scalar& s) const {
    if (s.null) return "<span class=\"absent\">absent</span>";
    return "<code>" + esc(s.text) + "</code>";
  }

  void write_examples() {
    if (!has_examples()) return;
    out +=
        "<section id=\"examples\">\n<h2>Examples</h2>\n<p>These examples are the policy's own "
        "tests: <code>ssprules test</code> checks that the policy gives exactly these results. "
        "Fields not listed are absent (defaults apply); outputs not listed are not checked.</p>\n";
    for (std::size_t i = 0; i < doc.tests.size(); ++i) {
      const test_case& t = doc.tests[i];
      std::optional<date> as_of = t.as_of ? t.as_of : doc.tests_as_of;
      out += "<article class=\"example\" id=\"example-" + std::to_string(i + 1) + "\">\n<h3>" +
             esc(t.name.empty() ? "Example " + std::to_string(i + 1) : t.name) + "</h3>\n";
      if (as_of) out += "<p>Evaluated on " + as_of->to_string() + ".</p>\n";
      out +=
          "<div class=\"example-tables\">\n<table class=\"example given\">\n<caption>Given"
          "</caption>\n<thead><tr><th>Field</th><th>Value</th></tr></thead>\n<tbody>\n";
      if (t.input.empty()) {
        out += "<tr><td colspan=\"2\"><span class=\"absent\">no fields</span></td></tr>\n";
      }
      for (const field_entry& f : t.input) {
        out += "<tr><td>" + name_link(f.name) + "</td><td>" + scalar_html(f.value) + "</td></tr>\n";
      }
      out += "</tbody>\n</table>\n";
      if (t.error) {
        out +=
            "<table class=\"example expected\">\n<caption>Expected</caption>\n<thead><tr><th>"
            "Result</th><th>Meaning</th></tr></thead>\n<tbody>\n<tr><td>error <code>" +
            esc(t.error->code) + "</code></td><td>";
        const code_info* known = find_code(t.error->code);  // its meaning, from the registry
        out += known ? esc(known->meaning) : std::string();
        if (!t.error->message.empty()) {
          out += std::string(known ? "; " : "") + "the message contains &ldquo;" +
                 esc(t.error->message) + "&rdquo;";
        }
        out += "</td></tr>\n</tbody>\n</table>\n";
      } else {
        out +=
            "<table class=\"example expected\">\n<caption>Expected</caption>\n<thead><tr><th>"
            "Output</th><th>Value</th></tr></thead>\n<tbody>\n";
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
