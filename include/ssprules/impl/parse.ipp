// Definitions for parse.hpp: YAML (via yaml-cpp) -> rule_document. The YAML reading and its
// prechecks are in yaml_reader.ipp; yaml-cpp stays inside these two files.
#include <yaml-cpp/yaml.h>
#if __has_include(<yaml-cpp/depthguard.h>)
#  include <yaml-cpp/depthguard.h>  // YAML::DeepRecursion (yaml-cpp 0.7 and later)
#endif

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "ssprules/detail/codes.hpp"
#include "ssprules/detail/scalar_locator.hpp"
#include "ssprules/detail/suggest.hpp"
#include "ssprules/detail/utf8.hpp"
#include "ssprules/detail/work.hpp"
#include "ssprules/impl/expression_parser.ipp"
#include "ssprules/impl/yaml_reader.ipp"
#include "ssprules/parse.hpp"

// after yaml_reader.ipp, which it uses
#include "ssprules/impl/parse_calendar.ipp"

namespace ssprules::inline SSPRULES_ABI {
namespace detail {

// Walks a policy's top-level mapping into a rule_document.
class document_reader {
 public:
  document_reader(yaml_reader& r, rule_document& doc) : r_(r), doc_(doc) {}

  void read(const ynode& top) {
    bool has_effective = false;
    bool has_outputs = false;
    r_.entries(top,
               {"id", "title", "jurisdiction", "version", "doc", "unknown_fields", "imports",
                "sources", "effective", "calendar", "inputs", "parameters", "functions", "values",
                "outputs", "assertions", "tests"},
               "the policy", [&](const std::string& key, const source_span&, const ynode& v) {
                 if (key == "imports")
                   read_imports(v);
                 else if (key == "id")
                   set_text(doc_.info.id, v, "`id`", &doc_.info.at);
                 else if (key == "title")
                   set_text(doc_.info.title, v, "`title`");
                 else if (key == "jurisdiction")
                   set_text(doc_.info.jurisdiction, v, "`jurisdiction`");
                 else if (key == "version")
                   set_text(doc_.info.version, v, "`version`");
                 else if (key == "doc")
                   set_text(doc_.info.doc, v, "`doc`");
                 else if (key == "unknown_fields")
                   read_unknown_fields(v);
                 else if (key == "sources")
                   read_sources(v);
                 else if (key == "effective") {
                   has_effective = true;
                   read_periods(v);
                 } else if (key == "calendar")
                   read_calendar(v);
                 else if (key == "inputs")
                   read_inputs(v);
                 else if (key == "parameters")
                   read_parameters(v);
                 else if (key == "functions")
                   read_functions(v);
                 else if (key == "values")
                   read_rules(v, rule_role::value);
                 else if (key == "outputs") {
                   has_outputs = true;
                   read_rules(v, rule_role::output);
                 } else if (key == "assertions")
                   read_assertions(v);
                 else if (key == "tests")
                   read_tests(v);
               });
    if (!top.node.IsMap()) return;
    source_span start = source_span::at(r_.file(), 0, 1);
    if (doc_.info.id.empty() && !top.node["id"]) {
      r_.error(codes::missing_key, "the policy has no `id`", start,
               {{"add e.g. `id: copenhagen-ssp-plus` at the top", {}}});
    }
    if (!has_effective) {
      r_.error(codes::missing_key, "the policy has no `effective` period", start,
               {{"add e.g. `effective: {from: 2022-01-01, to: 2025-12-31}`", {}}});
    }
    if (!has_outputs) {
      r_.error(codes::missing_key, "the policy has no `outputs`", start);
    }
  }

  // A definitions file: the parts a policy may import, nothing else.
  void read_definitions(const ynode& top) {
    r_.entries(top, {"title", "doc", "imports", "sources", "parameters", "functions", "calendar"},
               "a definitions file",
               [&](const std::string& key, const source_span&, const ynode& v) {
                 if (key == "title")
                   set_text(doc_.info.title, v, "`title`");
                 else if (key == "doc")
                   set_text(doc_.info.doc, v, "`doc`");
                 else if (key == "imports")
                   read_imports(v);
                 else if (key == "sources")
                   read_sources(v);
                 else if (key == "parameters")
                   read_parameters(v);
                 else if (key == "functions")
                   read_functions(v);
                 else if (key == "calendar")
                   read_calendar(v);
               });
  }

  // `functions: {name: {params: {p: type, …}, type: T, expr | cases, doc, source}}`.
  void read_functions(const ynode& v) {
    r_.entries(v, {}, "`functions`",
               [&](const std::string& key, const source_span& key_at, const ynode& entry) {
                 auto valid = r_.name(key, key_at, "function");
                 if (!valid) return;
                 function_decl fn;
                 fn.name = *valid;
                 fn.at = key_at;
                 const std::string what = "function `" + fn.name + "`";
                 yaml_reader::type_keys keys;
                 std::optional<ynode> params, expression, cases;
                 r_.entries(entry,
                            {"params", "type", "values", "of", "expr", "cases", "doc", "source"},
                            what, [&](const std::string& k, const source_span&, const ynode& f) {
                              if (r_.take_type_key(keys, k, f)) return;
                              if (k == "params")
                                params = f;
                              else if (k == "expr")
                                expression = f;
                              else if (k == "cases")
                                cases = f;
                              else if (k == "doc")
                                set_text(fn.doc, f, "`doc`");
                              else if (k == "source")
                                fn.sources = r_.citations(f);
                            });
                 if (!entry.node.IsMap()) return;
                 bool ok = true;
                 if (params) {
                   r_.entries(*params, {}, "the `params` of " + what,
                              [&](const std::string& name, const source_span& at, const ynode& t) {
                                if (auto param = read_param(name, at, t, what))
                                  fn.params.push_back(std::move(*param));
                                else
                                  ok = false;
                              });
                 }
                 if (!keys.type && !keys.values) {
                   r_.error(codes::missing_key, what + " has no `type` (the type of its result)",
                            key_at, {{"write e.g. `type: date`", {}}});
                   return;
                 }
                 auto t = r_.type_from(keys, key_at);
                 if (!t) return;
                 fn.type = std::move(*t);
                 auto body = read_body(expression, cases, std::nullopt, key_at, what);
                 if (!body || !ok) return;
                 fn.body = std::move(*body);
                 doc_.functions.push_back(std::move(fn));
               });
  }

  // One parameter of a function: `from: date` or `from: {type: integer, optional: true}`.
  std::optional<function_param> read_param(const std::string& key, const source_span& key_at,
                                           const ynode& entry, const std::string& what) {
    auto valid = r_.name(key, key_at, "parameter");
    if (!valid) return std::nullopt;
    function_param param;
    param.name = *valid;
    param.at = key_at;
    yaml_reader::type_keys keys;
    if (entry.node.IsScalar()) {
      keys.type = entry;
    } else {
      r_.entries(entry, {"type", "values", "min", "max", "of", "optional"},
                 "parameter `" + param.name + "` of " + what,
                 [&](const std::string& k, const source_span&, const ynode& f) {
                   if (r_.take_type_key(keys, k, f)) return;
                   if (k == "optional")
                     param.optional = r_.boolean(f, "`optional`").value_or(false);
                 });
      if (!entry.node.IsMap()) return std::nullopt;
    }
    if (!keys.type && !keys.values) {
      r_.error(codes::missing_key, "parameter `" + param.name + "` of " + what + " has no type",
               key_at, {{"write e.g. `" + param.name + ": date`", {}}});
      return std::nullopt;
    }
    auto t = r_.type_from(keys, key_at);
    if (!t) return std::nullopt;
    param.type = std::move(*t);
    return param;
  }

  void read_imports(const ynode& v) {
    r_.items(v, "`imports`", [&](const ynode& item) {
      auto path = r_.text(item, "an import");
      if (!path) return;
      if (path->empty()) {
        r_.error(codes::invalid_value, "an import names no file", item.at,
                 {{"write the path of a definitions file relative to this file, e.g. "
                   "`imports: [shared/deadlines.yaml]`",
                   {}}});
        return;
      }
      doc_.imports.push_back({*path, item.at});
    });
  }

  void read_tests_list(const ynode& v, std::vector<test_case>& out) {
    r_.items(v, "`tests`", [&](const ynode& item) {
      if (auto t = read_test(item)) out.push_back(std::move(*t));
    });
  }

  void read_sources(const ynode& v) {
    r_.entries(v, {}, "`sources`",
               [&](const std::string& id, const source_span& key_at, const ynode& entry) {
                 source_document d;
                 d.id = id;
                 d.at = key_at;
                 if (entry.node.IsScalar()) {
                   d.title = entry.node.Scalar();
                 } else if (!entry.node.IsNull()) {
                   r_.entries(entry, {"title", "issued_by", "date", "url", "file"},
                              "a source document",
                              [&](const std::string& key, const source_span&, const ynode& f) {
                                if (key == "date")
                                  d.issued = r_.date_value(f, "`date`");
                                else if (key == "title")
                                  set_text(d.title, f, "`title`");
                                else if (key == "issued_by")
                                  set_text(d.issued_by, f, "`issued_by`");
                                else if (key == "url")
                                  set_text(d.url, f, "`url`");
                                else if (key == "file")
                                  set_text(d.file, f, "`file`", &d.file_at);
                              });
                 }
                 doc_.sources.push_back(std::move(d));
               });
  }

 private:
  void set_text(std::string& out, const ynode& v, std::string_view what,
                source_span* at = nullptr) {
    if (auto t = r_.text(v, what)) {
      out = *t;
      if (at) *at = v.at;
    }
  }

  void read_periods(const ynode& v) {
    auto one = [&](const ynode& p) {
      period_decl period;
      period.at = p.at;
      r_.entries(p, {"name", "from", "to", "doc", "source"}, "an effective period",
                 [&](const std::string& key, const source_span&, const ynode& f) {
                   if (key == "name") {
                     if (auto t = r_.text(f, "`name`")) {
                       if (auto n = r_.name(*t, f.at, "period")) period.name = *n;
                     }
                   } else if (key == "from")
                     period.from = r_.date_value(f, "`from`");
                   else if (key == "to")
                     period.to = r_.date_value(f, "`to`");
                   else if (key == "doc")
                     set_text(period.doc, f, "`doc`");
                   else if (key == "source")
                     period.sources = r_.citations(f);
                 });
      if (p.node.IsMap()) doc_.periods.push_back(std::move(period));
    };
    if (v.node.IsSequence()) {
      r_.items(v, "`effective`", one);
    } else {
      one(v);
    }
  }

  void read_unknown_fields(const ynode& v) {
    auto t = r_.text(v, "`unknown_fields`");
    if (!t) return;
    if (*t == "warn")
      doc_.info.unknown_fields = unknown_fields_mode::warn;
    else if (*t == "error")
      doc_.info.unknown_fields = unknown_fields_mode::error;
    else if (*t == "ignore")
      doc_.info.unknown_fields = unknown_fields_mode::ignore;
    else
      r_.error(
          codes::unknown_option,
          "`unknown_fields` is `warn`, `error` or `ignore`, not `" + yaml_reader::elide(*t) + "`",
          v.at);
  }

  void read_calendar(const ynode& v) {
    r_.entries(v, {"leap_day_birthday", "missing_day", "working_days"}, "`calendar`",
               [&](const std::string& key, const source_span&, const ynode& f) {
                 if (key == "working_days") {
                   doc_.working_days = calendar_reader(r_).read_working_days(f);
                   return;
                 }
                 auto t = r_.text(f, "`" + key + "`");
                 if (!t) return;
                 if (key == "leap_day_birthday") {
                   doc_.leap_day_at = f.at;
                   if (*t == "mar_1")
                     doc_.calendar.leap_day = leap_day_birthday::mar_1;
                   else if (*t == "feb_28")
                     doc_.calendar.leap_day = leap_day_birthday::feb_28;
                   else
                     r_.error(codes::unknown_option,
                              "`leap_day_birthday` is `mar_1` or `feb_28`, not `" +
                                  yaml_reader::elide(*t) + "`",
                              f.at);
                 } else {
                   doc_.missing_day_at = f.at;
                   if (*t == "clamp")
                     doc_.calendar.missing = missing_day::clamp;
                   else if (*t == "next_day")
                     doc_.calendar.missing = missing_day::next_day;
                   else
                     r_.error(codes::unknown_option,
                              "`missing_day` is `clamp` or `next_day`, not `" +
                                  yaml_reader::elide(*t) + "`",
                              f.at);
                 }
               });
  }

  void read_inputs(const ynode& v) {
    r_.entries(v, {}, "`inputs`",
               [&](const std::string& key, const source_span& key_at, const ynode& entry) {
                 auto valid = r_.name(key, key_at, "input");
                 if (!valid) return;
                 at_scope_exit guard{[&, before = doc_.inputs.size()] {
                   if (doc_.inputs.size() == before) doc_.broken_names.push_back(key);
                 }};
                 input_decl in;
                 in.name = *valid;
                 in.at = key_at;
                 yaml_reader::type_keys keys;
                 if (entry.node.IsScalar()) {
                   keys.type = entry;  // `birth_date: date`
                 } else if (entry.node.IsNull()) {
                   r_.error(codes::missing_key, "input `" + in.name + "` has no type", key_at,
                            {{"write e.g. `" + in.name + ": date` or `" + in.name +
                                  ": {type: integer, min: 1, max: 4}`",
                              {}}});
                   return;
                 } else {
                   r_.entries(entry,
                              {"type", "values", "min", "max", "of", "optional", "default",
                               "sensitive", "doc", "source"},
                              "input `" + in.name + "`",
                              [&](const std::string& k, const source_span&, const ynode& f) {
                                if (r_.take_type_key(keys, k, f)) return;
                                if (k == "optional")
                                  in.optional = r_.boolean(f, "`optional`").value_or(false);
                                else if (k == "sensitive")
                                  in.sensitive = r_.boolean(f, "`sensitive`").value_or(false);
                                else if (k == "default")
                                  in.default_value = r_.expression(f, "`default`");
                                else if (k == "doc")
                                  set_text(in.doc, f, "`doc`");
                                else if (k == "source")
                                  in.sources = r_.citations(f);
                              });
                   if (!entry.node.IsMap()) return;
                 }
                 if (!keys.type && !keys.values) {
                   r_.error(codes::missing_key, "input `" + in.name + "` has no `type`", key_at);
                   return;
                 }
                 auto t = r_.type_from(keys, key_at);
                 if (!t) return;
                 in.type = std::move(*t);
                 if (in.default_value) in.optional = true;
                 doc_.inputs.push_back(std::move(in));
               });
  }

  void read_parameters(const ynode& v) {
    r_.entries(
        v, {}, "`parameters`",
        [&](const std::string& key, const source_span& key_at, const ynode& entry) {
          auto valid = r_.name(key, key_at, "parameter");
          if (!valid) return;
          at_scope_exit guard{[&, before = doc_.parameters.size()] {
            if (doc_.parameters.size() == before) doc_.broken_names.push_back(key);
          }};
          parameter_decl p;
          p.name = *valid;
          p.at = key_at;
          if (entry.node.IsScalar()) {  // `total_budget: 1000000`
            if (auto e = r_.expression(entry, "parameter `" + p.name + "`")) {
              p.changes.push_back({std::nullopt, std::move(*e), {}, entry.at});
              doc_.parameters.push_back(std::move(p));
            }
            return;
          }
          yaml_reader::type_keys keys;
          std::optional<ynode> base_value;
          std::optional<ynode> changes;
          r_.entries(entry,
                     {"type", "values", "min", "max", "of", "value", "changes", "doc", "source"},
                     "parameter `" + p.name + "`",
                     [&](const std::string& k, const source_span&, const ynode& f) {
                       if (r_.take_type_key(keys, k, f)) return;
                       if (k == "value")
                         base_value = f;
                       else if (k == "changes")
                         changes = f;
                       else if (k == "doc")
                         set_text(p.doc, f, "`doc`");
                       else if (k == "source")
                         p.sources = r_.citations(f);
                     });
          if (!entry.node.IsMap()) return;
          if (keys.any()) p.type = r_.type_from(keys, key_at);
          if (base_value) {
            if (auto e = r_.expression(*base_value, "`value`")) {
              // `source:` beside `value:` cites that value (and so the parameter until it changes)
              p.changes.push_back(
                  {std::nullopt, std::move(*e), std::move(p.sources), base_value->at});
              p.sources.clear();
            }
          }
          if (changes) {
            r_.items(*changes, "`changes`", [&](const ynode& item) {
              parameter_change c;
              c.at = item.at;
              bool has_value = false;
              r_.entries(item, {"from", "value", "source"}, "a parameter change",
                         [&](const std::string& k, const source_span&, const ynode& f) {
                           if (k == "from")
                             c.from = r_.date_value(f, "`from`");
                           else if (k == "source")
                             c.sources = r_.citations(f);
                           else if (k == "value") {
                             has_value = true;
                             if (auto e = r_.expression(f, "`value`"))
                               c.value = std::move(*e);
                             else
                               has_value = false;
                           }
                         });
              if (!item.node.IsMap()) return;
              if (!c.from) {
                r_.error(codes::missing_key,
                         "a parameter change needs `from`: the date it takes effect", item.at);
                return;
              }
              if (has_value)
                p.changes.push_back(std::move(c));
              else if (item.node.IsMap() && !item.node["value"])
                r_.error(codes::missing_key, "a parameter change needs `value`", item.at);
            });
          }
          if (!base_value && !changes) {
            r_.error(codes::missing_key, "parameter `" + p.name + "` has no `value`", key_at);
            return;
          }
          if (!p.changes.empty()) doc_.parameters.push_back(std::move(p));
        });
  }

  // Reads `expr`, `cases` or `table` (exactly one) from a mapping's collected keys.
  std::optional<rule_body> read_body(const std::optional<ynode>& expression,
                                     const std::optional<ynode>& cases,
                                     const std::optional<ynode>& table, const source_span& owner,
                                     const std::string& what) {
    int count = (expression ? 1 : 0) + (cases ? 1 : 0) + (table ? 1 : 0);
    if (count == 0) {
      r_.error(codes::missing_key, what + " has no definition", owner,
               {{"give it one of `expr`, `cases`, `table` (or `versions`)", {}}});
      return std::nullopt;
    }
    if (count > 1) {
      const ynode& second = table ? *table : *cases;
      r_.error(codes::conflicting_keys,
               what + " is defined more than once; keep one of `expr`, `cases`, `table`",
               second.at);
      return std::nullopt;
    }
    rule_body body;
    body.at = owner;
    if (expression) {
      body.form = body_form::expression;
      auto e = r_.expression(*expression, "`expr`");
      if (!e) return std::nullopt;
      body.expression = std::move(*e);
      body.at = expression->at;
      return body;
    }
    if (cases) {
      body.form = body_form::cases;
      body.at = cases->at;
      bool ok = read_cases(*cases, body.cases, what);
      return ok ? std::optional<rule_body>(std::move(body)) : std::nullopt;
    }
    body.form = body_form::table;
    body.at = table->at;
    bool ok = read_table(*table, body.table, what);
    return ok ? std::optional<rule_body>(std::move(body)) : std::nullopt;
  }

  bool read_cases(const ynode& v, std::vector<case_clause>& out, const std::string& what) {
    bool ok = true;
    bool after_otherwise = false;
    r_.items(v, "`cases`", [&](const ynode& item) {
      case_clause c;
      c.at = item.at;
      std::optional<ynode> when;
      std::optional<ynode> then;
      std::optional<ynode> otherwise;
      std::optional<ynode> raised;
      r_.entries(item, {"when", "then", "error", "otherwise", "doc", "source"}, "a case",
                 [&](const std::string& k, const source_span&, const ynode& f) {
                   if (k == "when")
                     when = f;
                   else if (k == "then")
                     then = f;
                   else if (k == "error")
                     raised = f;
                   else if (k == "otherwise")
                     otherwise = f;
                   else if (k == "doc")
                     set_text(c.doc, f, "`doc`");
                   else if (k == "source")
                     c.sources = r_.citations(f);
                 });
      if (!item.node.IsMap()) {
        ok = false;
        return;
      }
      if (after_otherwise) {
        r_.error(codes::conflicting_keys, "a case after `otherwise` is never reached", item.at,
                 {{"`otherwise` must be the last case", {}}});
        ok = false;
        return;
      }
      if (raised) {
        if (then || otherwise || !when) {
          r_.error(codes::conflicting_keys,
                   then        ? "a case has either `then` or `error`, not both"
                   : otherwise ? "`otherwise` cannot raise an error: write `- when: …` with "
                                 "`error:` before it"
                               : "an `error` case needs `when`: the condition that raises it",
                   raised->at);
          ok = false;
          return;
        }
        c.when = r_.expression(*when, "`when`");
        c.error = read_author_error(*raised);
        if (!c.when || !c.error) {
          ok = false;
          return;
        }
        out.push_back(std::move(c));
        return;
      }
      if (otherwise) {
        if (when || then) {
          r_.error(codes::conflicting_keys, "a case has either `when` and `then`, or `otherwise`",
                   item.at);
          ok = false;
          return;
        }
        after_otherwise = true;
        auto e = r_.expression(*otherwise, "`otherwise`");
        if (!e) {
          ok = false;
          return;
        }
        c.then = std::move(*e);
        out.push_back(std::move(c));
        return;
      }
      if (!when || !then) {
        r_.error(codes::missing_key,
                 std::string("a case of ") + what + " needs " + (when ? "`then`" : "`when`"),
                 item.at);
        ok = false;
        return;
      }
      c.when = r_.expression(*when, "`when`");
      auto e = r_.expression(*then, "`then`");
      if (!c.when || !e) {
        ok = false;
        return;
      }
      c.then = std::move(*e);
      out.push_back(std::move(c));
    });
    if (ok && v.node.IsSequence() && out.empty()) {
      r_.error(codes::missing_key, std::string("the cases of ") + what + " are empty", v.at,
               {{"write at least `- otherwise: …`", {}}});
      return false;
    }
    return ok && v.node.IsSequence();
  }

  // `error: {code: FJ0001, message: "…"}` of a case.
  std::optional<author_error> read_author_error(const ynode& v) {
    author_error e;
    e.at = v.at;
    source_span code_at = v.at;
    r_.entries(v, {"code", "message"}, "`error`",
               [&](const std::string& k, const source_span&, const ynode& f) {
                 auto t = r_.text(f, "`" + k + "`");
                 if (!t) return;
                 if (k == "code") {
                   e.code = *t;
                   code_at = f.at;
                 } else {
                   e.message = *t;
                 }
               });
    if (!v.node.IsMap()) return std::nullopt;
    if (e.code.empty() || e.message.empty()) {
      r_.error(codes::missing_key, "`error` needs a `code` and a `message`", v.at,
               {{"e.g. `error: {code: FJ0001, message: \"the calendar of holidays ends in "
                 "2026\"}`",
                 {}}});
      return std::nullopt;
    }
    const bool shaped =
        e.code.size() <= 32 && std::isalpha(static_cast<unsigned char>(e.code[0])) &&
        std::all_of(e.code.begin(), e.code.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
        });
    if (!shaped) {
      r_.error(codes::invalid_value,
               "the error code `" + yaml_reader::elide(e.code) +
                   "` is not a code: a letter, then letters, digits, `_`, `-` or `.` (at most 32)",
               code_at, {{"e.g. `FJ0001`", {}}});
      return std::nullopt;
    }
    if ((e.code[0] == 'S' || e.code[0] == 's') && e.code.size() > 1 &&
        (e.code[1] == 'R' || e.code[1] == 'r')) {
      r_.error(codes::invalid_value,
               "the error code `" + e.code + "` starts with `SR`, which is the engine's own",
               code_at,
               {{"give your codes a prefix of your own, e.g. the municipality's: `FJ0001`", {}}});
      return std::nullopt;
    }
    return e;
  }

  static std::optional<hit_policy> hit_from(const std::string& t) {
    if (t == "first") return hit_policy::first;
    if (t == "unique") return hit_policy::unique;
    if (t == "any") return hit_policy::any;
    if (t == "collect") return hit_policy::collect;
    return std::nullopt;
  }

  static std::optional<aggregate_kind> aggregate_from(const std::string& t) {
    if (t == "list") return aggregate_kind::list;
    if (t == "sum") return aggregate_kind::sum;
    if (t == "count") return aggregate_kind::count;
    if (t == "min") return aggregate_kind::min;
    if (t == "max") return aggregate_kind::max;
    return std::nullopt;
  }

  bool read_table(const ynode& v, decision_table& table, const std::string& what) {
    bool ok = true;
    table.at = v.at;
    std::optional<ynode> rows;
    bool has_hit = false;
    bool has_columns = false;
    r_.entries(v, {"hit", "aggregate", "columns", "rows", "otherwise"}, "a decision table",
               [&](const std::string& k, const source_span&, const ynode& f) {
                 if (k == "hit") {
                   has_hit = true;
                   table.hit_at = f.at;
                   auto t = r_.text(f, "`hit`");
                   if (!t) {
                     ok = false;
                     return;
                   }
                   if (auto h = hit_from(*t)) {
                     table.hit = *h;
                   } else {
                     std::vector<std::string> names = {"first", "unique", "any", "collect"};
                     std::vector<note> notes;
                     std::string close = closest_match(*t, names);
                     if (!close.empty()) notes.push_back({"did you mean `" + close + "`?", {}});
                     notes.push_back({"hit policies: first, unique, any, collect", {}});
                     r_.error(codes::unknown_option,
                              "unknown hit policy `" + yaml_reader::elide(*t) + "`", f.at,
                              std::move(notes));
                     ok = false;
                   }
                 } else if (k == "aggregate") {
                   auto t = r_.text(f, "`aggregate`");
                   if (!t) {
                     ok = false;
                     return;
                   }
                   if (auto a = aggregate_from(*t)) {
                     table.aggregate = *a;
                   } else {
                     r_.error(codes::unknown_option,
                              "unknown aggregate `" + yaml_reader::elide(*t) +
                                  "`; use list, sum, count, min or max",
                              f.at);
                     ok = false;
                   }
                 } else if (k == "columns") {
                   has_columns = true;
                   r_.items(f, "`columns`", [&](const ynode& c) {
                     if (auto e = r_.expression(c, "a column"))
                       table.columns.push_back(std::move(*e));
                     else
                       ok = false;
                   });
                   if (!f.node.IsSequence()) ok = false;
                 } else if (k == "rows") {
                   rows = f;
                 } else if (k == "otherwise") {
                   table.otherwise = r_.expression(f, "`otherwise`");
                   if (!table.otherwise) ok = false;
                 }
               });
    if (!v.node.IsMap()) return false;
    if (!has_hit) {
      r_.error(codes::missing_key, "the table of " + what + " has no `hit` policy", v.at,
               {{"state how rows combine: `hit: first`, `unique`, `any` or `collect`", {}}});
      ok = false;
    }
    if (!has_columns) {
      r_.error(codes::missing_key, "the table of " + what + " has no `columns`", v.at);
      return false;
    }
    if (!rows) {
      r_.error(codes::missing_key, "the table of " + what + " has no `rows`", v.at);
      return false;
    }
    if (table.columns.empty() && ok) {
      r_.error(codes::missing_key, "the table of " + what + " has no columns", v.at,
               {{"list the expressions the rows test, e.g. `columns: [age, benefit_status]`", {}}});
      return false;
    }
    if (rows->node.IsSequence() && rows->node.size() == 0) {
      r_.error(codes::missing_key, "the table of " + what + " has no rows", rows->at);
      return false;
    }
    r_.items(*rows, "`rows`", [&](const ynode& item) {
      table_row row;
      row.at = item.at;
      std::optional<ynode> when;
      std::optional<ynode> then;
      r_.entries(item, {"when", "then", "doc", "source"}, "a table row",
                 [&](const std::string& k, const source_span&, const ynode& f) {
                   if (k == "when")
                     when = f;
                   else if (k == "then")
                     then = f;
                   else if (k == "doc")
                     set_text(row.doc, f, "`doc`");
                   else if (k == "source")
                     row.sources = r_.citations(f);
                 });
      if (!item.node.IsMap()) {
        ok = false;
        return;
      }
      if (!when || !then) {
        r_.error(codes::missing_key,
                 std::string("a table row needs ") + (when ? "`then`" : "`when`"), item.at);
        ok = false;
        return;
      }
      if (!when->node.IsSequence()) {
        r_.error(codes::wrong_shape,
                 "`when` of a table row lists one cell per column, e.g. `[true, any]`", when->at);
        ok = false;
        return;
      }
      bool row_ok = true;
      r_.items(*when, "`when`", [&](const ynode& c) {
        if (auto cell = r_.cell(c))
          row.when.push_back(std::move(*cell));
        else
          row_ok = false;
      });
      if (row_ok && row.when.size() != table.columns.size()) {
        auto count = [](std::size_t n, const char* word) {
          return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
        };
        r_.error(codes::wrong_cell_count,
                 "row has " + count(row.when.size(), "cell") + " but the table has " +
                     count(table.columns.size(), "column"),
                 when->at);
        row_ok = false;
      }
      auto e = r_.expression(*then, "`then`");
      if (!e) row_ok = false;
      if (!row_ok) {
        ok = false;
        return;
      }
      row.then = std::move(*e);
      table.rows.push_back(std::move(row));
    });
    return ok && rows->node.IsSequence();
  }

  void read_rules(const ynode& v, rule_role role) {
    const char* section = role == rule_role::output ? "`outputs`" : "`values`";
    const char* what_kind = role == rule_role::output ? "output" : "value";
    r_.entries(v, {}, section,
               [&](const std::string& key, const source_span& key_at, const ynode& entry) {
                 auto valid = r_.name(key, key_at, what_kind);
                 if (!valid) return;
                 at_scope_exit guard{[&, before = doc_.rules.size()] {
                   if (doc_.rules.size() == before) doc_.broken_names.push_back(key);
                 }};
                 rule_decl rule;
                 rule.name = *valid;
                 rule.role = role;
                 rule.at = key_at;
                 std::string what = std::string(what_kind) + " `" + rule.name + "`";
                 if (entry.node.IsScalar()) {  // `eligible: phase != none`
                   if (auto e = r_.expression(entry, what)) {
                     rule_version version;
                     version.at = entry.at;
                     version.body.form = body_form::expression;
                     version.body.expression = std::move(*e);
                     version.body.at = entry.at;
                     rule.versions.push_back(std::move(version));
                     doc_.rules.push_back(std::move(rule));
                   }
                   return;
                 }
                 yaml_reader::type_keys keys;
                 std::optional<ynode> expression, cases, table, versions;
                 r_.entries(entry,
                            {"type", "values", "min", "max", "of", "doc", "source", "expr", "cases",
                             "table", "versions"},
                            what, [&](const std::string& k, const source_span&, const ynode& f) {
                              if (r_.take_type_key(keys, k, f)) return;
                              if (k == "expr")
                                expression = f;
                              else if (k == "cases")
                                cases = f;
                              else if (k == "table")
                                table = f;
                              else if (k == "versions")
                                versions = f;
                              else if (k == "doc")
                                set_text(rule.doc, f, "`doc`");
                              else if (k == "source")
                                rule.sources = r_.citations(f);
                            });
                 if (!entry.node.IsMap()) return;
                 if (keys.any()) {
                   rule.type = r_.type_from(keys, key_at);
                   if (!rule.type) return;
                 }
                 if (versions) {
                   if (expression || cases || table) {
                     r_.error(codes::conflicting_keys,
                              what +
                                  " has `versions` and a definition of its own; move the "
                                  "definition into a version",
                              versions->at);
                     return;
                   }
                   rule.versioned = true;
                   bool ok = true;
                   r_.items(*versions, "`versions`", [&](const ynode& item) {
                     rule_version version;
                     version.at = item.at;
                     std::optional<ynode> ve, vc, vt;
                     r_.entries(item, {"period", "from", "to", "expr", "cases", "table", "source"},
                                "a version of " + what,
                                [&](const std::string& k, const source_span&, const ynode& f) {
                                  if (k == "period") {
                                    if (auto t = r_.text(f, "`period`")) version.period = *t;
                                  } else if (k == "from")
                                    version.from = r_.date_value(f, "`from`");
                                  else if (k == "to")
                                    version.to = r_.date_value(f, "`to`");
                                  else if (k == "expr")
                                    ve = f;
                                  else if (k == "cases")
                                    vc = f;
                                  else if (k == "table")
                                    vt = f;
                                  else if (k == "source")
                                    version.sources = r_.citations(f);
                                });
                     if (!item.node.IsMap()) {
                       ok = false;
                       return;
                     }
                     if (version.period.empty() && !version.from && !version.to) {
                       r_.error(codes::missing_key,
                                "a version needs `period`, or `from` and/or `to`", item.at);
                       ok = false;
                       return;
                     }
                     if (!version.period.empty() && (version.from || version.to)) {
                       r_.error(codes::conflicting_keys,
                                "a version has either `period` or `from`/`to`, not both", item.at);
                       ok = false;
                       return;
                     }
                     auto body = read_body(ve, vc, vt, item.at, "a version of " + what);
                     if (!body) {
                       ok = false;
                       return;
                     }
                     version.body = std::move(*body);
                     rule.versions.push_back(std::move(version));
                   });
                   if (ok && versions->node.IsSequence() && rule.versions.empty()) {
                     r_.error(codes::missing_key, what + " has no versions", versions->at);
                     return;
                   }
                   if (ok && !rule.versions.empty()) doc_.rules.push_back(std::move(rule));
                   return;
                 }
                 auto body = read_body(expression, cases, table, key_at, what);
                 if (!body) return;
                 rule_version version;
                 version.at = body->at;
                 version.body = std::move(*body);
                 rule.versions.push_back(std::move(version));
                 doc_.rules.push_back(std::move(rule));
               });
  }

  void read_assertions(const ynode& v) {
    r_.items(v, "`assertions`", [&](const ynode& item) {
      assertion_decl a;
      a.at = item.at;
      std::optional<ynode> condition;
      r_.entries(item, {"name", "assert", "message", "source"}, "an assertion",
                 [&](const std::string& k, const source_span&, const ynode& f) {
                   if (k == "name")
                     set_text(a.name, f, "`name`");
                   else if (k == "assert")
                     condition = f;
                   else if (k == "message")
                     set_text(a.message, f, "`message`");
                   else if (k == "source")
                     a.sources = r_.citations(f);
                 });
      if (!item.node.IsMap()) return;
      if (!condition) {
        r_.error(codes::missing_key, "an assertion needs `assert`: the condition that must hold",
                 item.at);
        return;
      }
      auto e = r_.expression(*condition, "`assert`");
      if (!e) return;
      a.condition = std::move(*e);
      if (a.name.empty()) a.name = "assertion " + std::to_string(doc_.assertions.size() + 1);
      doc_.assertions.push_back(std::move(a));
    });
  }

  void read_tests(const ynode& v) {
    if (v.node.IsMap()) {  // {as_of: …, cases: […]}
      r_.entries(v, {"as_of", "cases"}, "`tests`",
                 [&](const std::string& k, const source_span&, const ynode& f) {
                   if (k == "as_of")
                     doc_.tests_as_of = r_.date_value(f, "`as_of`");
                   else
                     read_tests_list(f, doc_.tests);
                 });
      return;
    }
    read_tests_list(v, doc_.tests);
  }

 public:
  std::optional<test_case> read_test(const ynode& item) {
    test_case t;
    t.at = item.at;
    bool ok = true;
    auto fields = [&](const ynode& f, std::vector<field_entry>& out, const char* what) {
      const bool inputs = std::string_view(what) == "`input`";
      r_.entries(f, {}, what, [&](const std::string& k, const source_span& key_at, const ynode& x) {
        out.push_back({k, inputs ? r_.input_value(x) : r_.scalar_value(x), key_at});
      });
      if (!f.node.IsMap() && !f.node.IsNull()) ok = false;
    };
    r_.entries(item, {"name", "doc", "as_of", "input", "expect", "error"}, "a test",
               [&](const std::string& k, const source_span&, const ynode& f) {
                 if (k == "name")
                   set_text(t.name, f, "`name`");
                 else if (k == "doc") {
                 } else if (k == "as_of") {
                   t.as_of = r_.date_value(f, "`as_of`");
                   if (!t.as_of) ok = false;
                 } else if (k == "input")
                   fields(f, t.input, "`input`");
                 else if (k == "expect")
                   fields(f, t.expect, "`expect`");
                 else if (k == "error") {
                   expected_error e;
                   e.at = f.at;
                   if (f.node.IsScalar()) {
                     e.code = f.node.Scalar();
                   } else {
                     r_.entries(f, {"code", "message"}, "`error`",
                                [&](const std::string& ek, const source_span&, const ynode& ev) {
                                  if (ek == "code")
                                    set_text(e.code, ev, "`code`");
                                  else
                                    set_text(e.message, ev, "`message`");
                                });
                   }
                   t.error = std::move(e);
                 }
               });
    if (!item.node.IsMap()) return std::nullopt;
    if (t.name.empty()) {
      r_.error(codes::missing_key, "a test needs a `name`", item.at);
      ok = false;
    }
    if (t.expect.empty() && !t.error) {
      r_.error(codes::missing_key,
               "test `" + t.name + "` expects nothing; give it `expect` or `error`", item.at);
      ok = false;
    }
    if (!t.expect.empty() && t.error) {
      r_.error(codes::conflicting_keys, "test `" + t.name + "` has both `expect` and `error`",
               t.error->at);
      ok = false;
    }
    if (!ok) return std::nullopt;
    return t;
  }

 private:
  yaml_reader& r_;
  rule_document& doc_;
};

}  // namespace detail

SSPRULES_INLINE parse_result parse(const std::shared_ptr<const source>& src,
                                   const parse_options& opts) {
  parse_result result;
  result.document.file = src;
  result.document.complete = false;
  if (!src) throw error("ssprules::parse: no source given");
  if (!detail::precheck_yaml(src, opts, result.diagnostics)) return result;
  detail::yaml_reader reader(src, result.diagnostics, opts);
  auto root = detail::load_yaml(reader, result.diagnostics, opts);
  if (!root) return result;
  source_span start = source_span::at(src, 0, 1);
  if (!reader.untagged(*root, start)) return result;
  if (!root->IsMap()) {
    reader.error(detail::codes::wrong_shape,
                 "a policy file is a YAML mapping starting with keys such as `id:` and "
                 "`inputs:`, found " +
                     detail::yaml_reader::shape(*root),
                 start);
    return result;
  }
  detail::document_reader(reader, result.document).read(reader.wrap(*root, start));
  result.document.complete = !has_errors(result.diagnostics);
  return result;
}

SSPRULES_INLINE parse_result parse_definitions(const std::shared_ptr<const source>& src,
                                               const parse_options& opts) {
  parse_result result;
  result.document.file = src;
  result.document.complete = false;
  if (!src) throw error("ssprules::parse_definitions: no source given");
  if (!detail::precheck_yaml(src, opts, result.diagnostics)) return result;
  detail::yaml_reader reader(src, result.diagnostics, opts);
  auto root = detail::load_yaml(reader, result.diagnostics, opts);
  if (!root) return result;
  source_span start = source_span::at(src, 0, 1);
  if (!reader.untagged(*root, start)) return result;
  if (!root->IsMap()) {
    reader.error(detail::codes::wrong_shape,
                 "a definitions file is a YAML mapping of `sources:`, `parameters:` and "
                 "`calendar:`, found " +
                     detail::yaml_reader::shape(*root),
                 start);
    return result;
  }
  detail::document_reader(reader, result.document).read_definitions(reader.wrap(*root, start));
  result.document.complete = !has_errors(result.diagnostics);
  return result;
}

SSPRULES_INLINE holiday_calendar_result
parse_holiday_calendar(const std::shared_ptr<const source>& src, const parse_options& opts) {
  holiday_calendar_result result;
  result.calendar.file = src;
  if (!src) throw error("ssprules::parse_holiday_calendar: no source given");
  if (!detail::precheck_yaml(src, opts, result.diagnostics)) return result;
  detail::yaml_reader reader(src, result.diagnostics, opts);
  auto root = detail::load_yaml(reader, result.diagnostics, opts);
  if (!root) return result;
  source_span start = source_span::at(src, 0, 1);
  if (!reader.untagged(*root, start)) return result;
  rule_document scratch;
  detail::document_reader walker(reader, scratch);
  detail::calendar_reader days(reader);
  bool has_holidays = false;
  holiday_calendar& c = result.calendar;
  reader.entries(reader.wrap(*root, start), {"calendar", "title", "sources", "holidays"},
                 "a calendar of holidays",
                 [&](const std::string& k, const source_span&, const detail::ynode& f) {
                   if (k == "calendar") {
                     if (auto t = reader.text(f, "`calendar`")) c.id = *t;
                   } else if (k == "title") {
                     if (auto t = reader.text(f, "`title`")) c.title = *t;
                   } else if (k == "sources") {
                     walker.read_sources(f);
                   } else {
                     has_holidays = true;
                     c.holidays = days.read_rules(f, "`holidays`");
                   }
                 });
  c.sources = std::move(scratch.sources);
  if (root->IsMap() && !has_holidays) {
    reader.error(detail::codes::missing_key,
                 "a calendar of holidays needs `holidays:`, a list of day rules", start,
                 {{"e.g. `holidays: [{name: Juledag, date: 12-25}]`", {}}});
  }
  return result;
}

SSPRULES_INLINE test_file_result parse_test_file(const std::shared_ptr<const source>& src,
                                                 const parse_options& opts) {
  test_file_result result;
  result.tests.file = src;
  if (!src) throw error("ssprules::parse_test_file: no source given");
  if (!detail::precheck_yaml(src, opts, result.diagnostics)) return result;
  detail::yaml_reader reader(src, result.diagnostics, opts);
  auto root = detail::load_yaml(reader, result.diagnostics, opts);
  if (!root) return result;
  source_span start = source_span::at(src, 0, 1);
  if (!reader.untagged(*root, start)) return result;
  rule_document scratch;
  detail::document_reader walker(reader, scratch);
  bool has_policy = false;
  reader.entries(reader.wrap(*root, start), {"policy", "as_of", "tests"}, "a test file",
                 [&](const std::string& k, const source_span&, const detail::ynode& f) {
                   if (k == "policy") {
                     has_policy = true;
                     result.tests.policy_at = f.at;
                     if (auto t = reader.text(f, "`policy`")) result.tests.policy = *t;
                   } else if (k == "as_of") {
                     result.tests.as_of = reader.date_value(f, "`as_of`");
                   } else {
                     walker.read_tests_list(f, result.tests.tests);
                   }
                 });
  if (root->IsMap() && !has_policy) {
    reader.error(detail::codes::missing_key,
                 "a test file needs `policy`: the path of the policy it tests", start);
  }
  return result;
}

SSPRULES_INLINE bool looks_like_test_file(const source& src) {
  // A cheap look at the top-level keys, without a full parse: a line starting with `policy:`.
  const std::string& text = src.text();
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + pos, end - pos);
    if (line.substr(0, 7) == "policy:") return true;
    pos = end + 1;
  }
  return false;
}

SSPRULES_INLINE yaml_file_shape classify_yaml_file(const source& src) {
  // the keys of lines that start in column 1 (`key:` then a space or the line's end)
  constexpr std::string_view policy_only[] = {
      "id",     "jurisdiction", "version", "unknown_fields", "effective",
      "inputs", "values",       "outputs", "assertions",     "tests"};
  constexpr std::string_view definitions[] = {"sources",  "parameters", "functions",
                                              "calendar", "title",      "doc"};
  auto among = [](std::string_view key, auto& list) {
    return std::find(std::begin(list), std::end(list), key) != std::end(list);
  };
  yaml_file_shape shape;
  bool policy = false;
  bool test_file = false;
  bool holidays = false;
  bool only_definitions = true;
  std::size_t count = 0;
  const std::string& text = src.text();
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t end = std::min(text.find('\n', pos), text.size());
    std::string_view line(text.data() + pos, end - pos);
    pos = end + 1;
    if (line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
    if (line.empty() || std::string_view(" \t#-[{\"'?.").find(line[0]) != std::string_view::npos)
      continue;
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    if (colon + 1 < line.size() && line[colon + 1] != ' ' && line[colon + 1] != '\r') continue;
    std::string_view key = line.substr(0, colon);
    while (!key.empty() && key.back() == ' ') key.remove_suffix(1);
    ++count;
    if (shape.keys.size() < 8) shape.keys.emplace_back(key);
    test_file = test_file || key == "policy";
    policy = policy || among(key, policy_only);
    holidays = holidays || key == "holidays";
    only_definitions = only_definitions && among(key, definitions);
  }
  if (test_file)
    shape.kind = yaml_file_kind::test_file;
  else if (policy)
    shape.kind = yaml_file_kind::policy;
  else if (holidays)
    shape.kind = yaml_file_kind::holiday_calendar;
  else if (count > 0 && only_definitions)
    shape.kind = yaml_file_kind::definitions;
  return shape;
}

namespace detail {

SSPRULES_INLINE std::string folded_text(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

SSPRULES_INLINE std::string source_text(const expr* e) {
  if (!e || !e->at.valid()) return e ? e->text : std::string();
  return folded_text(e->at.text());
}

}  // namespace detail

}  // namespace ssprules::inline SSPRULES_ABI
