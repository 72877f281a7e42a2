// Part of parse (impl/parse.ipp includes it): YAML text -> yaml-cpp nodes with their source
// spans. The prechecks that yaml-cpp would crash, hang or mislead on (tabs, NUL bytes, nesting,
// alias bombs, unclosed brackets) run first; yaml-cpp's exceptions become diagnostics here.
#include <yaml-cpp/yaml.h>
#if __has_include(<yaml-cpp/depthguard.h>)
#  include <yaml-cpp/depthguard.h>  // YAML::DeepRecursion (yaml-cpp 0.7 and later)
#endif

#include <algorithm>
#include <array>
#include <charconv>
#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "ssprules/detail/codes.hpp"
#include "ssprules/detail/json.hpp"
#include "ssprules/detail/scalar_locator.hpp"
#include "ssprules/detail/suggest.hpp"
#include "ssprules/detail/utf8.hpp"
#include "ssprules/detail/work.hpp"
#include "ssprules/parse.hpp"

namespace ssprules::inline SSPRULES_ABI {
namespace detail {

// Runs a function when the scope ends.
template <typename F>
struct at_scope_exit {
  F f;
  ~at_scope_exit() { f(); }
};
template <typename F>
at_scope_exit(F) -> at_scope_exit<F>;

// A YAML node with the span diagnostics should point at (for an empty value: its key).
struct ynode {
  YAML::Node node;
  source_span at;
};

// The innermost `[` or `{` still open at `end` (quotes and comments skipped), if any.
SSPRULES_INLINE std::optional<std::size_t> unclosed_bracket(const std::string& text, int end) {
  std::vector<std::size_t> open;
  char quote = 0;
  std::size_t stop = end < 0 ? text.size() : std::min(text.size(), static_cast<std::size_t>(end));
  for (std::size_t i = 0; i < stop; ++i) {
    char c = text[i];
    if (quote != 0) {
      if (c == quote)
        quote = 0;
      else if (c == '\\' && quote == '"')
        ++i;
      continue;
    }
    if (c == '#' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\n')) {
      while (i < stop && text[i] != '\n') ++i;
    } else if ((c == '"' || c == '\'') &&
               (i == 0 ||
                std::string_view(" \t\n[{,:").find(text[i - 1]) != std::string_view::npos)) {
      quote = c;
    } else if (c == '[' || c == '{') {
      open.push_back(i);
    } else if ((c == ']' || c == '}') && !open.empty()) {
      open.pop_back();
    }
  }
  if (open.empty()) return std::nullopt;
  return open.back();
}

// Reads YAML nodes into AST pieces, collecting diagnostics; one instance per file.
class yaml_reader {
 public:
  yaml_reader(std::shared_ptr<const source> file, std::vector<diagnostic>& diagnostics,
              const parse_options& opts)
      : file_(std::move(file)), diagnostics_(diagnostics), opts_(opts) {}

  const std::shared_ptr<const source>& file() const { return file_; }

  // The one conversion from yaml-cpp's 0-based Mark to a span.
  source_span span_at_mark(const YAML::Mark& mark, std::size_t length) const {
    if (mark.pos < 0) return {};
    return source_span::at(file_, static_cast<std::size_t>(mark.pos), length);
  }

  // The span of a node: a scalar's text on its first line, or the first character.
  source_span span_of(const YAML::Node& n, const source_span& fallback) const {
    if (!n.IsDefined() || n.IsNull() || n.Mark().pos < 0) return fallback;
    const std::string& raw = file_->text();
    auto pos = static_cast<std::size_t>(n.Mark().pos);
    std::size_t length = 1;
    if (n.IsScalar() && pos < raw.size()) {
      // only the scalar's own bytes are scanned: a line of 100,000 scalars stays linear
      std::string_view rest = std::string_view(raw).substr(pos);
      char first = raw[pos];
      if (first == '"' || first == '\'') {
        std::size_t end = rest.find_first_of(first == '"' ? "\"\n" : "'\n", 1);
        if (end == std::string_view::npos)
          end = rest.size();
        else if (rest[end] == first)
          ++end;  // the closing quote
        length = end;
        count_work(end);
      } else if (first != '|' && first != '>') {
        std::string_view value(n.Scalar());
        value = value.substr(0, value.find('\n'));
        rest = rest.substr(0, value.size());
        length = std::min(value.size(), rest.find('\n'));
        count_work(value.size());
      }
    }
    return source_span::at(file_, pos, std::max<std::size_t>(length, 1));
  }

  ynode wrap(const YAML::Node& n, const source_span& fallback) const {
    return {n, span_of(n, fallback)};
  }

  void error(const code_info& code, std::string message, const source_span& at,
             std::vector<note> notes = {}) {
    if (budget_reported_) return;  // past the node budget the document was not read fully
    diagnostics_.push_back({severity::error, code.id, std::move(message), at, std::move(notes)});
  }

  // Counts visited nodes so that alias-heavy YAML ("billion laughs") cannot make us do
  // unbounded work; returns false once over budget (reported once).
  bool visit(const source_span& at) {
    count_work();
    if (++visited_ <= node_budget()) return true;
    if (!budget_reported_) {
      error(codes::limit_exceeded,
            "the policy expands to too many YAML nodes (are aliases nested?)", at);
      budget_reported_ = true;
    }
    return false;
  }

  bool expect_map(const ynode& n, std::string_view what) {
    if (n.node.IsMap()) return true;
    error(codes::wrong_shape,
          "expected a mapping (`key: value` lines) for " + std::string(what) + ", found " +
              shape(n.node),
          n.at);
    return false;
  }

  bool expect_sequence(const ynode& n, std::string_view what) {
    if (n.node.IsSequence()) return true;
    error(codes::wrong_shape,
          "expected a list (`- item` lines) for " + std::string(what) + ", found " + shape(n.node),
          n.at);
    return false;
  }

  static std::string shape(const YAML::Node& n) {
    if (!n.IsDefined() || n.IsNull()) return "nothing";
    if (n.IsMap()) return "a mapping";
    if (n.IsSequence()) return "a list";
    return "`" + elide(n.Scalar()) + "`";
  }

  static std::string elide(const std::string& text) {
    std::string one_line = text.substr(0, text.find('\n'));
    if (one_line.size() > 40) one_line = one_line.substr(0, 37) + "...";
    return one_line;
  }

  // Calls f(key, key_span, value) for each entry of a mapping; reports duplicate keys and keys
  // not in `allowed` (with a suggestion), skipping them.
  template <typename F>
  void entries(const ynode& map, std::initializer_list<std::string_view> allowed,
               std::string_view context, F&& f) {
    if (!expect_map(map, context)) return;
    std::unordered_map<std::string, source_span> seen;  // a mapping may have 100,000 keys
    std::optional<text_range> split;  // the previous value, when YAML split it at a `,`
    for (const auto& kv : map.node) {
      source_span key_at = span_of(kv.first, map.at);
      if (!visit(key_at)) return;
      if (inside(split, key_at)) continue;  // the rest of a split expression (reported with it)
      split = split_extent(kv.second);
      if (!kv.first.IsScalar()) {
        error(codes::wrong_shape, "keys must be plain names in " + std::string(context), key_at);
        continue;
      }
      std::string key = kv.first.Scalar();
      auto [dup, fresh] = seen.try_emplace(key, key_at);
      if (!fresh) {
        error(codes::duplicate_key, "duplicate key `" + key + "` in " + std::string(context),
              key_at, {{"first given here", dup->second}});
        continue;
      }
      if (allowed.size() != 0 &&
          std::find(allowed.begin(), allowed.end(), std::string_view(key)) == allowed.end()) {
        std::vector<note> notes;
        std::string close = closest_match(key, allowed);
        if (!close.empty()) notes.push_back({"did you mean `" + close + "`?", {}});
        std::string known;
        for (std::string_view a : allowed)
          known += (known.empty() ? "`" : ", `") + std::string(a) + "`";
        notes.push_back({"known keys here: " + known, {}});
        error(codes::unknown_key, "unknown key `" + key + "` in " + std::string(context), key_at,
              std::move(notes));
        continue;
      }
      ynode value = wrap(kv.second, key_at);
      if (!untagged(kv.first, key_at) || !untagged(kv.second, value.at)) continue;
      f(key, key_at, value);
    }
  }

  // False, after a diagnostic, for a node with an explicit YAML tag (`!!binary`, `!!str`,
  // `!custom`): the engine reads values by their declared types, and a tag it ignored would
  // silently change what the author wrote.
  bool untagged(const YAML::Node& n, const source_span& at) {
    const std::string& tag = n.Tag();
    if (tag.empty() || tag == "?" || tag == "!") return true;
    static constexpr std::string_view core = "tag:yaml.org,2002:";
    std::string shown = tag.rfind(core, 0) == 0 ? "!!" + tag.substr(core.size()) : tag;
    error(codes::yaml_tag, "YAML tag `" + elide(shown) + "` is not supported", at,
          {{"remove the tag: values are read by the types the policy declares (quote a value "
            "to make it text)",
            {}}});
    return false;
  }

  // Calls f(item) for each item of a list.
  template <typename F>
  void items(const ynode& seq, std::string_view what, F&& f) {
    if (!expect_sequence(seq, what)) return;
    std::optional<text_range> split;  // the previous item, when YAML split it at a `,`
    for (const auto& item : seq.node) {
      ynode n = wrap(item, seq.at);
      if (!visit(n.at)) return;
      if (inside(split, n.at)) continue;  // the rest of a split expression (reported with it)
      split = split_extent(item);
      if (!untagged(item, n.at)) continue;
      f(n);
    }
  }

  // A scalar's text; the line break that YAML's folded and literal styles keep at the end is
  // dropped.
  std::optional<std::string> text(const ynode& n, std::string_view what) {
    if (n.node.IsScalar()) {
      std::string t = n.node.Scalar();
      while (!t.empty() && (t.back() == '\n' || t.back() == ' ' || t.back() == '\r')) t.pop_back();
      return t;
    }
    error(codes::wrong_shape, "expected text for " + std::string(what) + ", found " + shape(n.node),
          n.at);
    return std::nullopt;
  }

  std::optional<bool> boolean(const ynode& n, std::string_view what) {
    auto t = text(n, what);
    if (!t) return std::nullopt;
    if (*t == "true") return true;
    if (*t == "false") return false;
    error(codes::invalid_value,
          "expected `true` or `false` for " + std::string(what) + ", found `" + elide(*t) + "`",
          n.at);
    return std::nullopt;
  }

  std::optional<date> date_value(const ynode& n, std::string_view what) {
    auto t = text(n, what);
    if (!t) return std::nullopt;
    if (auto d = date::parse(*t)) return d;
    error(codes::invalid_value,
          "expected a date `YYYY-MM-DD` for " + std::string(what) + ", found `" + elide(*t) + "`",
          n.at, {{"dates are ISO 8601 calendar dates that exist, e.g. `2019-08-01`", {}}});
    return std::nullopt;
  }

  std::optional<std::int64_t> integer(const ynode& n, std::string_view what) {
    auto t = text(n, what);
    if (!t) return std::nullopt;
    std::int64_t v = 0;
    const char* begin = t->data();
    const char* end = t->data() + t->size();
    auto [ptr, ec] = std::from_chars(begin, end, v);
    if (ec == std::errc() && ptr == end && !t->empty()) return v;
    error(codes::invalid_value,
          "expected a whole number for " + std::string(what) + ", found `" + elide(*t) + "`", n.at);
    return std::nullopt;
  }

  // A valid name: ASCII letters, digits and `_`, not starting with a digit, not a keyword.
  std::optional<std::string> name(const std::string& word, const source_span& at,
                                  std::string_view what) {
    static constexpr std::array<std::string_view, 10> keywords = {
        "and", "or", "not", "in", "if", "then", "else", "true", "false", "missing"};
    bool ok = !word.empty() && !std::isdigit(static_cast<unsigned char>(word[0])) &&
              std::all_of(word.begin(), word.end(), [](char c) {
                return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
              });
    if (!ok) {
      error(codes::invalid_name,
            "`" + elide(word) + "` is not a valid " + std::string(what) + " name", at,
            {{"names use letters, digits and `_` and start with a letter, e.g. `birth_date`", {}}});
      return std::nullopt;
    }
    if (std::find(keywords.begin(), keywords.end(), word) != keywords.end()) {
      error(codes::invalid_name,
            "`" + word + "` is a keyword of the expression language and cannot name " +
                std::string(what == "input" ? "an " : "a ") + std::string(what),
            at);
      return std::nullopt;
    }
    if (word == "as_of" || word == "id") {
      error(codes::invalid_name,
            "`" + word + "` is reserved for the record's " +
                (word == "id" ? std::string("identifier") : std::string("evaluation date")) +
                " and cannot name " + (what == "input" ? "an " : "a ") + std::string(what),
            at,
            {{"every record may carry `id` and `as_of`; the policy does not declare them", {}}});
      return std::nullopt;
    }
    return word;
  }

  // A scalar as an expression; plain YAML scalars such as `17`, `true` or `2019-08-01` are
  // expressions too.
  std::optional<expr> expression(const ynode& n, std::string_view what) {
    if (!n.node.IsScalar()) {
      error(codes::wrong_shape,
            "expected an expression for " + std::string(what) + ", found " + shape(n.node), n.at);
      return std::nullopt;
    }
    if (auto split = split_by_flow(n)) {
      scalar_locator where(file_, split->begin);
      expression_parser parser(split->text, where, diagnostics_, opts_.max_expression_depth);
      return parser.parse_all();
    }
    const std::string& value = n.node.Scalar();
    scalar_locator where(file_, n.at.offset, value);
    expression_parser parser(value, where, diagnostics_, opts_.max_expression_depth);
    return parser.parse_all();
  }

  // A table cell: a scalar (`any`, `>= 18`, `17..23`, `recipient`) or a list of values.
  std::optional<table_cell> cell(const ynode& n) {
    if (n.node.IsSequence()) {
      table_cell c;
      c.kind = cell_kind::one_of;
      c.at = n.at;
      bool ok = true;
      items(n, "a list cell", [&](const ynode& item) {
        if (auto e = expression(item, "a value in a list cell")) {
          c.operands.push_back(std::move(*e));
        } else {
          ok = false;
        }
      });
      if (ok && c.operands.empty()) {
        error(codes::invalid_cell, "an empty list matches nothing; write `any` to match everything",
              n.at);
        return std::nullopt;
      }
      return ok ? std::optional<table_cell>(std::move(c)) : std::nullopt;
    }
    if (n.node.IsNull()) {
      error(codes::invalid_cell, "empty cell; write `any` to match everything", n.at);
      return std::nullopt;
    }
    if (!n.node.IsScalar()) {
      error(codes::invalid_cell,
            "expected a cell such as `any`, `>= 18`, `17..23` or a value, found " + shape(n.node),
            n.at);
      return std::nullopt;
    }
    if (auto split = split_by_flow(n)) {
      scalar_locator where(file_, split->begin);
      expression_parser parser(split->text, where, diagnostics_, opts_.max_expression_depth);
      return parser.parse_cell();
    }
    const std::string& value = n.node.Scalar();
    scalar_locator where(file_, n.at.offset, value);
    expression_parser parser(value, where, diagnostics_, opts_.max_expression_depth);
    return parser.parse_cell();
  }

  // A test input: a single value, or a list (of values or of mappings of values) for a list
  // input, kept as JSON text for the record decoder.
  scalar input_value(const ynode& n) {
    if (!n.node.IsSequence()) return scalar_value(n);
    scalar s;
    s.at = n.at;
    s.json = true;
    s.text = "[";
    bool first = true;
    for (const auto& item : n.node) {
      s.text += first ? "" : ",";
      first = false;
      if (item.IsMap()) {
        s.text += '{';
        bool first_field = true;
        for (const auto& kv : item) {
          s.text += first_field ? "" : ",";
          first_field = false;
          detail::append_json_string(s.text, kv.first.Scalar());
          s.text += ':';
          s.text += json_scalar(kv.second);
        }
        s.text += '}';
      } else {
        s.text += json_scalar(item);
      }
    }
    s.text += ']';
    return s;
  }

  // A YAML scalar as JSON: quoted text a string, `null`/`~` null, `true`/`false` flags, a
  // number as written, anything else a string. A list or mapping nested deeper: a list (the
  // decoder refuses it where it does not fit).
  static std::string json_scalar(const YAML::Node& n) {
    if (!n.IsDefined() || n.IsNull()) return "null";
    if (!n.IsScalar()) return "[]";
    const std::string& t = n.Scalar();
    std::string out;
    if (n.Tag() != "!") {
      if (t == "~" || t == "null" || t == "Null" || t == "NULL") return "null";
      if (t == "true" || t == "false") return t;
      if (looks_like_json_number(t)) return t;
    }
    detail::append_json_string(out, t);
    return out;
  }

  static bool looks_like_json_number(std::string_view t) {
    std::size_t i = 0;
    auto digits = [&] {
      std::size_t from = i;
      while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
      return i > from;
    };
    if (i < t.size() && t[i] == '-') ++i;
    if (!digits()) return false;
    if (i < t.size() && t[i] == '.') {
      ++i;
      if (!digits()) return false;
    }
    if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
      ++i;
      if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
      if (!digits()) return false;
    }
    return i == t.size();
  }

  scalar scalar_value(const ynode& n) {
    scalar s;
    s.at = n.at;
    if (!n.node.IsDefined() || n.node.IsNull()) {
      s.null = true;
      return s;
    }
    if (!n.node.IsScalar()) {
      error(codes::wrong_shape, "expected a single value, found " + shape(n.node), n.at);
      s.null = true;
      return s;
    }
    s.text = n.node.Scalar();
    s.quoted = n.node.Tag() == "!";
    if (!s.quoted && (s.text == "~" || s.text == "null" || s.text == "Null" || s.text == "NULL")) {
      s.null = true;
    }
    return s;
  }

  // `source: doc-id`, `source: {doc, section, quote}`, or a list of those.
  std::vector<citation> citations(const ynode& n) {
    std::vector<citation> out;
    auto one = [&](const ynode& c) {
      citation cite;
      cite.at = c.at;
      if (c.node.IsScalar()) {
        cite.document = c.node.Scalar();
        out.push_back(std::move(cite));
        return;
      }
      entries(c, {"doc", "section", "quote"}, "a citation",
              [&](const std::string& key, const source_span&, const ynode& v) {
                auto t = text(v, "`" + key + "` of a citation");
                if (!t) return;
                if (key == "doc") cite.document = *t;
                if (key == "section") cite.section = *t;
                if (key == "quote") {
                  cite.quote = *t;
                  cite.quote_at = v.at;
                }
              });
      if (c.node.IsMap() && cite.document.empty()) {
        error(codes::missing_key, "a citation needs `doc`: the id of an entry under `sources:`",
              c.at);
        return;
      }
      if (c.node.IsMap()) out.push_back(std::move(cite));
    };
    if (n.node.IsSequence()) {
      items(n, "citations", one);
    } else {
      one(n);
    }
    return out;
  }

  // Type keys (`type`, `values`, `min`, `max`) gathered from a declaration's mapping.
  struct type_keys {
    std::optional<ynode> type;
    std::optional<ynode> values;
    std::optional<ynode> min;
    std::optional<ynode> max;
    std::optional<ynode> of;  // the items of a list
    bool any() const { return type || values || min || max || of; }
  };

  bool take_type_key(type_keys& keys, const std::string& key, const ynode& v) {
    if (key == "type")
      keys.type = v;
    else if (key == "values")
      keys.values = v;
    else if (key == "min")
      keys.min = v;
    else if (key == "max")
      keys.max = v;
    else if (key == "of")
      keys.of = v;
    else
      return false;
    return true;
  }

  // The item type of `type: list`: `of: date`, `of: {type: enum, values: […]}`, or the fields
  // of a record, `of: {date: date, kind: {type: enum, values: […]}}` (a mapping without `type`).
  bool list_items(type_decl& t, const ynode& of) {
    auto scalar_type = [&](const ynode& n, const source_span& owner,
                           const std::string& what) -> std::optional<type_decl> {
      type_keys keys;
      if (n.node.IsScalar()) {
        keys.type = n;
      } else {
        entries(n, {"type", "values", "min", "max", "of"}, what,
                [&](const std::string& k, const source_span&, const ynode& f) {
                  take_type_key(keys, k, f);
                });
        if (!n.node.IsMap()) return std::nullopt;
      }
      if (!keys.type && !keys.values) {
        error(codes::missing_key, what + " has no type", owner,
              {{"write e.g. `date` or `{type: enum, values: [a, b]}`", {}}});
        return std::nullopt;
      }
      auto item = type_from(keys, owner);
      if (item && item->name == "list") {
        error(codes::unknown_type, "a list cannot hold lists", item->at,
              {{"give the items fields instead: `of: {date: date, kind: …}`", {}}});
        return std::nullopt;
      }
      return item;
    };
    if (of.node.IsScalar() || (of.node.IsMap() && (of.node["type"] || of.node["values"]))) {
      auto item = scalar_type(of, of.at, "the items of the list");
      if (!item) return false;
      t.of.push_back(std::move(*item));
      return true;
    }
    if (!of.node.IsMap() || of.node.size() == 0) {
      error(codes::invalid_value, "`of` must name the type of the items or their fields", of.at,
            {{"write `of: date`, or `of: {date: date, kind: {type: enum, values: [a, b]}}` for "
              "items with fields",
              {}}});
      return false;
    }
    bool ok = true;
    entries(of, {}, "the fields of the list's items",
            [&](const std::string& key, const source_span& key_at, const ynode& entry) {
              auto valid = name(key, key_at, "field");
              if (!valid) {
                ok = false;
                return;
              }
              record_field_decl field;
              field.name = *valid;
              field.at = key_at;
              const std::string what = "field `" + field.name + "`";
              ynode type_node = entry;
              if (entry.node.IsMap() && entry.node["optional"]) {
                // `{type: date, optional: true}`: the same keys as a type, and `optional`
                type_keys keys;
                entries(entry, {"type", "values", "min", "max", "optional"}, what,
                        [&](const std::string& k, const source_span&, const ynode& f) {
                          if (take_type_key(keys, k, f)) return;
                          if (k == "optional")
                            field.optional = boolean(f, "`optional`").value_or(false);
                        });
                if (!keys.type && !keys.values) {
                  error(codes::missing_key, what + " has no type", key_at);
                  ok = false;
                  return;
                }
                auto ft = type_from(keys, key_at);
                if (!ft || ft->name == "list") {
                  if (ft) error(codes::unknown_type, "a list cannot hold lists", ft->at);
                  ok = false;
                  return;
                }
                field.type = std::move(*ft);
              } else {
                auto ft = scalar_type(type_node, key_at, what);
                if (!ft) {
                  ok = false;
                  return;
                }
                field.type = std::move(*ft);
              }
              t.fields.push_back(std::move(field));
            });
    return ok && !t.fields.empty();
  }

  std::optional<type_decl> type_from(const type_keys& keys, const source_span& owner) {
    static constexpr std::array<std::string_view, 7> type_names = {
        "bool", "integer", "decimal", "string", "enum", "date", "list"};
    type_decl t;
    t.at = owner;
    if (keys.type) {
      auto name_text = text(*keys.type, "`type`");
      if (!name_text) return std::nullopt;
      t.name = *name_text;
      t.at = keys.type->at;
      if (t.name == "boolean") t.name = "bool";
      if (t.name == "int") t.name = "integer";
      if (std::find(type_names.begin(), type_names.end(), t.name) == type_names.end()) {
        std::vector<note> notes;
        std::string close = closest_match(t.name, type_names);
        if (!close.empty()) notes.push_back({"did you mean `" + close + "`?", {}});
        notes.push_back({"types: bool, integer, decimal, string, enum, date, list", {}});
        error(codes::unknown_type, "unknown type `" + elide(t.name) + "`", keys.type->at,
              std::move(notes));
        return std::nullopt;
      }
    } else if (keys.values) {
      t.name = "enum";
    }
    if (keys.values) {
      if (t.name != "enum") {
        error(codes::conflicting_keys,
              "`values` lists the values of an enum; this type is `" + t.name + "`",
              keys.values->at);
        return std::nullopt;
      }
      items(*keys.values, "`values`", [&](const ynode& item) {
        auto v = text(item, "an enum value");
        if (!v) return;
        if (auto valid = name(*v, item.at, "enum value")) {
          t.values.push_back(*valid);
          t.value_spans.push_back(item.at);
        }
      });
    } else if (t.name == "enum") {
      error(codes::missing_key,
            "an enum needs `values`, e.g. `values: [recipient, self_supporting]`", t.at);
      return std::nullopt;
    }
    for (auto [bound, slot] : {std::pair{&keys.min, &t.min}, std::pair{&keys.max, &t.max}}) {
      if (!*bound) continue;
      if (t.name != "integer") {
        error(codes::conflicting_keys,
              "`min` and `max` bound integers; this type is `" +
                  (t.name.empty() ? std::string("not stated") : t.name) + "`",
              (*bound)->at);
        continue;
      }
      *slot = integer(**bound, "a bound");
    }
    if (t.min && t.max && *t.min > *t.max) {
      error(codes::invalid_value, "`min` is greater than `max`", keys.min->at);
    }
    if (keys.of && t.name != "list") {
      error(codes::conflicting_keys,
            "`of` gives the items of a list; this type is `" +
                (t.name.empty() ? std::string("not stated") : t.name) + "`",
            keys.of->at);
      return std::nullopt;
    }
    if (t.name == "list") {
      if (!keys.of) {
        error(codes::missing_key, "a list needs `of`, the type of its items", t.at,
              {{"write e.g. `{type: list, of: date}`", {}}});
        return std::nullopt;
      }
      if (!list_items(t, *keys.of)) return std::nullopt;
    }
    return t;
  }

  std::size_t node_budget() const { return file_->text().size() + 1000; }

  // Where an unquoted expression that YAML cut at a `,` of a flow list or mapping lies in the
  // file: `[age(b, as_of)]` reads as the items `age(b` and `as_of)`. The scalar has more `(` than
  // `)` and a `,` follows it; the expression runs on to the `,`, `]`, `}`, comment or line end
  // where its brackets close. Nothing when `n` is not such a piece.
  struct text_range {
    std::size_t begin;
    std::size_t end;
  };
  std::optional<text_range> split_extent(const YAML::Node& n) {
    constexpr std::size_t max_scan = 1000;  // bounds the work per scalar
    if (!n.IsScalar() || n.Tag() != "?" || n.Mark().pos < 0) return std::nullopt;  // quoted
    const std::string& value = n.Scalar();
    if (std::count(value.begin(), value.end(), '(') <= std::count(value.begin(), value.end(), ')'))
      return std::nullopt;
    const std::string& raw = file_->text();
    const auto begin = static_cast<std::size_t>(n.Mark().pos);
    if (raw.compare(begin, value.size(), value) != 0) return std::nullopt;
    std::size_t after = raw.find_first_not_of(' ', begin + value.size());
    if (after == std::string::npos || raw[after] != ',') return std::nullopt;  // not a flow item
    int depth = 0;
    char quote = 0;
    std::size_t end = begin;
    for (; end < raw.size() && end - begin < max_scan; ++end) {
      char c = raw[end];
      if (quote != 0) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '(') {
        ++depth;
      } else if (c == ')') {
        if (--depth < 0) return std::nullopt;
      } else if (depth == 0 && std::string_view(",]}\n#").find(c) != std::string_view::npos) {
        break;
      }
    }
    count_work(end - begin);
    if (depth != 0 || quote != 0 || end - begin >= max_scan) return std::nullopt;
    while (end > begin && (raw[end - 1] == ' ' || raw[end - 1] == '\r')) --end;
    return text_range{begin, end};
  }

  // How to write the flow collection around `at` in block style, for the item `shown`.
  // The bracket is the nearest one still open before `at`, looked for backwards over at most
  // 1,000 bytes (quotes not skipped: this only chooses the words), so that a file of many split
  // expressions costs no more than reading it.
  std::string one_per_line(std::size_t at, const std::string& shown) {
    constexpr std::size_t max_scan = 1000;
    const std::string& text = file_->text();
    char opener = '[';
    int depth = 0;
    for (std::size_t i = at, seen = 0; i > 0 && seen < max_scan; --i, ++seen) {
      char c = text[i - 1];
      if (c == ']' || c == '}') {
        ++depth;
      } else if ((c == '[' || c == '{') && depth-- == 0) {
        opener = c;
        break;
      }
    }
    count_work(std::min(at, max_scan));
    if (opener == '{') return "the mapping one `key: value` per line";
    return "the list one item per line (`- " + shown + "`)";
  }

  static bool inside(const std::optional<text_range>& r, const source_span& at) {
    return r && at.valid() && at.offset > r->begin && at.offset < r->end;
  }

  // The whole expression as written when YAML split `n` (see split_extent), after reporting it
  // with the quoting that fixes it, so that the rest of the policy is checked as meant.
  struct split_expression_text {
    std::size_t begin;
    std::string text;
  };
  std::optional<split_expression_text> split_by_flow(const ynode& n) {
    auto extent = split_extent(n.node);
    if (!extent) return std::nullopt;
    split_expression_text split{extent->begin,
                                file_->text().substr(extent->begin, extent->end - extent->begin)};
    std::string shown = split.text.size() <= 80 ? split.text : elide(split.text);
    error(codes::split_expression,
          "YAML split the expression `" + elide(split.text) + "` at its `,` into separate items",
          source_span::at(file_, extent->begin, extent->end - extent->begin),
          {{"inside `[...]` and `{...}` a `,` separates items: quote the expression, \"" + shown +
                "\", or write " + one_per_line(extent->begin, shown),
            {}}});
    return split;
  }

 private:
  std::shared_ptr<const source> file_;
  std::vector<diagnostic>& diagnostics_;
  const parse_options& opts_;
  std::size_t visited_ = 0;
  bool budget_reported_ = false;
};

// True when the quote at `i` can open a quoted scalar: where a node may start, that is after
// only indentation on its line, after `: `, `- ` or `? `, or in flow context (`depth` > 0) after
// `[`, `{`, `,` or a `:`. Elsewhere (`say "hi`, `5" screen`) it is part of a plain scalar, and
// treating it as an opening quote would hide the brackets that follow it from the depth count.
SSPRULES_INLINE bool starts_quoted_scalar(std::string_view text, std::size_t i, std::size_t depth) {
  std::size_t j = i;
  while (j > 0 && (text[j - 1] == ' ' || text[j - 1] == '\t')) --j;
  if (j == 0 || text[j - 1] == '\n' || text[j - 1] == '\r') return true;
  const char before = text[j - 1];
  const bool blank_between = j < i;
  switch (before) {
    case '-':
    case '?':
      return blank_between;
    case ':':
      return blank_between || depth > 0;
    case '[':
    case '{':
    case ',':
      return depth > 0;
    default:
      return false;
  }
}

// Checks that must happen before yaml-cpp sees the text: size, tabs in indentation, and flow
// nesting depth (yaml-cpp recurses per level). Returns false when the text must not be parsed.
SSPRULES_INLINE bool precheck_yaml(const std::shared_ptr<const source>& file,
                                   const parse_options& opts,
                                   std::vector<diagnostic>& diagnostics) {
  const std::string& text = file->text();
  auto fail = [&](const code_info& code, std::string message, std::size_t offset,
                  std::size_t length, std::vector<note> notes = {}) {
    diagnostics.push_back({severity::error, code.id, std::move(message),
                           source_span::at(file, offset, length), std::move(notes)});
    return false;
  };
  if (text.size() > opts.max_file_bytes) {
    return fail(codes::limit_exceeded,
                "file is " + std::to_string(text.size()) + " bytes; the limit is " +
                    std::to_string(opts.max_file_bytes),
                0, 0);
  }
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    return fail(codes::empty_file, "file is empty", 0, 0);
  }
  if (text.find('\0') != std::string::npos) {
    return fail(codes::invalid_yaml, "file contains NUL bytes; is it a binary file?",
                text.find('\0'), 1);
  }
  // YAML is Unicode text: a file in Latin-1 or Windows-1252 (`K\xF8benhavn`) would otherwise load
  // with its titles, quotes and string values ill-formed (and Python's `ssprules.load` refuses it)
  if (std::size_t bad = first_invalid_utf8(text); bad != std::string::npos) {
    return fail(codes::invalid_yaml, "file is not valid UTF-8", bad, 1,
                {{"save the file as UTF-8; a byte like this is typical of Latin-1 or Windows-1252 "
                  "(æ, ø, å)",
                  {}}});
  }
  count_work(text.size());
  // tabs in indentation (a line of blanks only has none)
  for (std::uint32_t line = 1; line <= file->line_count(); ++line) {
    std::string_view l = file->line_text(line);
    std::size_t indent = l.find_first_not_of(" \t");
    count_work(l.size() + 1);
    if (indent == std::string_view::npos) continue;
    if (std::size_t tab = l.substr(0, indent).find('\t'); tab != std::string_view::npos) {
      return fail(codes::tab_in_indentation, "tab character in indentation",
                  file->line_start(line) + tab, 1,
                  {{"YAML indents with spaces only; replace the tab with spaces", {}}});
    }
  }
  // block nesting depth: indentation levels plus compact `- - -` items on a line (an estimate
  // that never undercounts what yaml-cpp will recurse into)
  {
    std::vector<std::size_t> indents;
    for (std::uint32_t line = 1; line <= file->line_count(); ++line) {
      std::string_view l = file->line_text(line);
      std::size_t indent = l.find_first_not_of(' ');
      count_work(l.size() + 1);
      if (indent == std::string_view::npos || l[indent] == '#') continue;
      while (!indents.empty() && indents.back() >= indent) indents.pop_back();
      indents.push_back(indent);
      std::size_t depth = indents.size();
      for (std::size_t p = indent;
           p + 1 <= l.size() && l[p] == '-' && (p + 1 == l.size() || l[p + 1] == ' ');) {
        ++depth;
        p = l.find_first_not_of(' ', p + 1);
        if (p == std::string_view::npos) break;
      }
      if (depth > opts.max_yaml_depth) {
        return fail(codes::limit_exceeded,
                    "YAML nests deeper than " + std::to_string(opts.max_yaml_depth) + " levels",
                    file->line_start(line) + indent, 1);
      }
    }
  }
  // flow nesting depth, skipping quoted text and comments
  count_work(text.size());
  std::size_t depth = 0;
  char quote = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quote != 0) {
      if (c == quote)
        quote = 0;
      else if (c == '\\' && quote == '"')
        ++i;
      else if (c == '\n' && quote == '\'') {
      }
      continue;
    }
    if (c == '#' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\n' || text[i - 1] == '\t')) {
      while (i < text.size() && text[i] != '\n') ++i;
      continue;
    }
    if ((c == '"' || c == '\'') && starts_quoted_scalar(text, i, depth)) {
      quote = c;
    } else if (c == '[' || c == '{') {
      if (++depth > opts.max_yaml_depth) {
        return fail(codes::limit_exceeded,
                    "YAML nests deeper than " + std::to_string(opts.max_yaml_depth) + " levels", i,
                    1);
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return true;
}

// The flow item around `at` as written: back to the `[`, `{` or `,` before it, on to the `,`,
// `]`, `}` or line end after it (at most a line), for a note that shows how to quote it.
SSPRULES_INLINE std::string flow_item_at(const std::string& text, int at) {
  std::size_t pos = std::min(text.size(), static_cast<std::size_t>(std::max(at, 0)));
  std::size_t begin = pos;
  while (begin > 0 && std::string_view("[{,\n").find(text[begin - 1]) == std::string_view::npos)
    --begin;
  std::size_t end = pos;
  while (end < text.size() && std::string_view(",]}\n").find(text[end]) == std::string_view::npos)
    ++end;
  std::string item = text.substr(begin, end - begin);
  std::size_t first = item.find_first_not_of(" \t");
  std::size_t last = item.find_last_not_of(" \t\r");
  return first == std::string::npos ? std::string() : item.substr(first, last - first + 1);
}

// Where a nesting deeper than `max_depth` shows on the line of `mark`: the bracket that goes one
// level too deep (quotes not skipped: this only places the caret), else the mark itself.
SSPRULES_INLINE std::size_t too_deep_at(const source& file, const YAML::Mark& mark,
                                        std::size_t max_depth) {
  std::size_t at = std::min(file.text().size(), static_cast<std::size_t>(std::max(mark.pos, 0)));
  std::string_view line = file.line_text(file.position_of(at).line);
  std::size_t start = file.line_start(file.position_of(at).line);
  std::size_t depth = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '[' || line[i] == '{') {
      if (++depth > max_depth) return start + i;
    } else if ((line[i] == ']' || line[i] == '}') && depth > 0) {
      --depth;
    }
  }
  return at;
}

// Loads YAML text; a syntax error becomes a diagnostic with a hint for the common causes.
SSPRULES_INLINE std::optional<YAML::Node> load_yaml(yaml_reader& reader,
                                                    std::vector<diagnostic>& diagnostics,
                                                    const parse_options& opts) {
  try {
    return YAML::Load(reader.file()->text());
#if __has_include(<yaml-cpp/depthguard.h>)
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp's own guard (0.7 and later): nesting the pre-check did not see, e.g. behind an
    // opening quote it took for one; the same limit and message
    diagnostics.push_back(
        {severity::error,
         codes::limit_exceeded.id,
         "YAML nests deeper than " + std::to_string(opts.max_yaml_depth) + " levels",
         source_span::at(reader.file(), too_deep_at(*reader.file(), e.mark, opts.max_yaml_depth),
                         1),
         {}});
#endif
  } catch (const YAML::Exception& e) {
    std::vector<note> notes;
    if (e.msg.find("illegal map value") != std::string::npos) {
      notes.push_back(
          {"a value containing `: ` must be quoted, and nested keys must be indented "
           "consistently",
           {}});
    } else if (e.msg.find("end of") != std::string::npos &&
               e.msg.find("flow") != std::string::npos) {
      notes.push_back({"a `[` or `{` is not closed", {}});
      if (auto opener = unclosed_bracket(reader.file()->text(), e.mark.pos)) {
        diagnostics.push_back({severity::error, codes::invalid_yaml.id, "invalid YAML: " + e.msg,
                               source_span::at(reader.file(), *opener, 1), std::move(notes)});
        return std::nullopt;
      }
    } else if (e.msg.find("unknown token") != std::string::npos &&
               unclosed_bracket(reader.file()->text(), e.mark.pos)) {
      // `[target_group, category ?? 0]`: a `?` inside a flow list starts a YAML key
      std::string item = flow_item_at(reader.file()->text(), e.mark.pos);
      notes.push_back(
          {"inside `[...]` and `{...}` an expression with `?`, `:` or `,` must be "
           "quoted: \"" +
               item + "\", or write the list one item per line",
           {}});
    } else if (e.msg.find("block entry") != std::string::npos) {
      notes.push_back(
          {"a `-` list item is not aligned with the items before it, or a value "
           "starting with `- ` needs quotes",
           {}});
    }
    diagnostics.push_back({severity::error, codes::invalid_yaml.id, "invalid YAML: " + e.msg,
                           reader.span_at_mark(e.mark, 1), std::move(notes)});
  } catch (const std::exception& e) {
    diagnostics.push_back({severity::error,
                           codes::invalid_yaml.id,
                           std::string("invalid YAML: ") + e.what(),
                           source_span::at(reader.file(), 0, 0),
                           {}});
  }
  return std::nullopt;
}

}  // namespace detail
}  // namespace ssprules::inline SSPRULES_ABI
