// Definitions for check.hpp: name resolution, types, the dependency graph (Boost.Graph),
// versions and periods, citations, unused warnings. Table analysis is in table_analysis.ipp.
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>
#include <boost/graph/topological_sort.hpp>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "ssprules/check.hpp"
#include "ssprules/detail/checked.hpp"
#include "ssprules/detail/codes.hpp"
#include "ssprules/detail/files.hpp"
#include "ssprules/detail/numerals.hpp"
#include "ssprules/detail/search.hpp"
#include "ssprules/detail/suggest.hpp"
#include "ssprules/detail/work.hpp"

namespace ssprules {
namespace detail {

// A set of symbols known to be present at a point of an expression (flow typing after
// `present(x) and …`).
using known_set = std::vector<std::uint32_t>;

SSPRULES_INLINE known_set merged(const known_set& a, const known_set& b) {
  known_set out = a;
  for (std::uint32_t s : b) {
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
  }
  return out;
}

SSPRULES_INLINE known_set intersected(const known_set& a, const known_set& b) {
  known_set out;
  for (std::uint32_t s : a) {
    if (std::find(b.begin(), b.end(), s) != b.end()) out.push_back(s);
  }
  return out;
}

// Symbols that are present whenever `e` is true.
SSPRULES_INLINE known_set facts_if_true(const typed_expr& e);
// Symbols that are present whenever `e` is false.
SSPRULES_INLINE known_set facts_if_false(const typed_expr& e);

SSPRULES_INLINE known_set facts_if_true(const typed_expr& e) {
  switch (e.op) {
    case node_op::call:
      if (e.calls("present") && !e.args.empty() && e.args[0].op == node_op::load) {
        return {e.args[0].symbol};
      }
      return {};
    case node_op::and_: return merged(facts_if_true(e.args[0]), facts_if_true(e.args[1]));
    case node_op::or_: return intersected(facts_if_true(e.args[0]), facts_if_true(e.args[1]));
    case node_op::not_: return facts_if_false(e.args[0]);
    default: return {};
  }
}

SSPRULES_INLINE known_set facts_if_false(const typed_expr& e) {
  switch (e.op) {
    case node_op::or_: return merged(facts_if_false(e.args[0]), facts_if_false(e.args[1]));
    case node_op::and_: return intersected(facts_if_false(e.args[0]), facts_if_false(e.args[1]));
    case node_op::not_: return facts_if_true(e.args[0]);
    default: return {};
  }
}

// What an expression may refer to.
enum class scope : std::uint8_t {
  rules,       // inputs, parameters, rules, as_of
  parameters,  // parameters only (parameter values, assertions)
  constants,   // literals only (input defaults)
};

struct expr_context {
  const type_info* expect = nullptr;  // an enum type that resolves bare names / strings
  known_set known;
  scope allowed = scope::rules;
};

SSPRULES_INLINE bool is_numeric(type_kind k) {
  return k == type_kind::integer || k == type_kind::decimal;
}

SSPRULES_INLINE bool is_ordered(type_kind k) {
  return is_numeric(k) || k == type_kind::date;
}

// The names of an enum's values in id order, iterated without copies (for suggestions). A
// hand-written range: Clang 14 cannot compile libstdc++ 12's std::views.
class enum_value_names {
 public:
  enum_value_names(const checked_policy& p, std::uint32_t enum_id)
      : p_(p), ids_(p.enums[enum_id]) {}

  class iterator {
   public:
    iterator(const checked_policy& p, const std::uint32_t* at) : p_(&p), at_(at) {}
    const std::string& operator*() const { return p_->enum_values[*at_]; }
    iterator& operator++() {
      ++at_;
      return *this;
    }
    bool operator!=(const iterator& other) const { return at_ != other.at_; }

   private:
    const checked_policy* p_;
    const std::uint32_t* at_;
  };

  [[nodiscard]] iterator begin() const { return {p_, ids_.data()}; }
  [[nodiscard]] iterator end() const { return {p_, ids_.data() + ids_.size()}; }

 private:
  const checked_policy& p_;
  const std::vector<std::uint32_t>& ids_;
};

// How many values of an enum a message lists before "and N more".
inline constexpr std::size_t listed_enum_values = 20;

// How many enum values one check may compare with misspelt values for "did you mean" notes:
// 10,000 misspellings of an enum of 100,000 values are reported, without a suggestion once the
// budget is spent, instead of taking 10^9 comparisons.
inline constexpr std::size_t enum_suggestion_budget = 1'000'000;

// The closest value of an enum to a misspelt `word` ("did you mean"), while `budget` (values
// still to compare) lasts; empty when none is close or the budget is spent.
SSPRULES_INLINE std::string closest_enum_value(const checked_policy& p, std::uint32_t enum_id,
                                               std::string_view word, std::size_t& budget) {
  std::size_t n = p.enums[enum_id].size();
  if (n > budget) {
    budget = 0;
    return {};
  }
  budget -= n;
  count_work(n);
  return closest_match(word, enum_value_names(p, enum_id));
}

// "a, b, c" from the names of an enum's values; past `listed_enum_values`, "…, and N more".
SSPRULES_INLINE std::string enum_value_list(const checked_policy& p, std::uint32_t enum_id,
                                            std::string_view quote = "") {
  const auto& m = p.enums[enum_id];
  std::string out;
  for (std::size_t i = 0; i < m.size() && i < listed_enum_values; ++i) {
    out += (i ? ", " : "") + std::string(quote) + p.enum_values[m[i]] + std::string(quote);
  }
  if (m.size() > listed_enum_values) {
    out += ", and " + std::to_string(m.size() - listed_enum_values) + " more";
  }
  return out;
}

class checker {
 public:
  checker(std::shared_ptr<const rule_document> doc, const check_options& opts,
          std::vector<diagnostic>& diagnostics)
      : opts_(opts), diagnostics_(diagnostics) {
    p_ = std::make_shared<checked_policy>();
    p_->doc = std::move(doc);
  }

  std::shared_ptr<checked_policy> run() {
    const rule_document& doc = *p_->doc;
    check_periods();
    declare_symbols();
    collect_dependencies();
    order_by_dependencies();
    check_inputs();
    for (std::uint32_t s : order_) {
      symbol& sym = p_->symbols[s];
      if (sym.kind == symbol_kind::parameter) check_parameter(sym.index);
      if (sym.kind == symbol_kind::rule) check_rule(sym.index);
    }
    check_assertions();
    check_citations();
    warn_unused();
    check_tests(*p_, doc.tests, doc.tests_as_of.has_value(), diagnostics_);
    return p_;
  }

 private:
  // -------------------------------------------------------------------------------------------
  // diagnostics

  void error(const code_info& code, std::string message, const source_span& at,
             std::vector<note> notes = {}) {
    diagnostics_.push_back({severity::error, code.id, std::move(message), at, std::move(notes)});
  }
  void warning(const code_info& code, std::string message, const source_span& at,
               std::vector<note> notes = {}) {
    diagnostics_.push_back({severity::warning, code.id, std::move(message), at, std::move(notes)});
  }

  static std::vector<note> suggestion(const std::string& close) {
    if (close.empty()) return {};
    return {{"did you mean `" + close + "`?", {}}};
  }

  // -------------------------------------------------------------------------------------------
  // enum and type helpers

  std::uint32_t enum_value_id(const std::string& name) {
    auto [it, inserted] =
        enum_value_ids_.try_emplace(name, static_cast<std::uint32_t>(p_->enum_values.size()));
    if (inserted) p_->enum_values.push_back(name);
    return it->second;
  }

  std::uint32_t enum_type_id(std::vector<std::uint32_t> members) {
    std::sort(members.begin(), members.end());
    members.erase(std::unique(members.begin(), members.end()), members.end());
    auto [it, inserted] =
        enum_type_ids_.try_emplace(members, static_cast<std::uint32_t>(p_->enums.size()));
    if (inserted) p_->enums.push_back(members);
    return it->second;
  }

  bool enum_has(std::uint32_t enum_id, std::uint32_t value) const {
    const auto& m = p_->enums[enum_id];
    return std::binary_search(m.begin(), m.end(), value);
  }

  static std::uint64_t enum_pair(std::uint32_t a, std::uint32_t b) {
    return (std::uint64_t{a} << 32U) | b;
  }

  // Whether two enums share a value. Each pair is compared once (the smaller against the
  // larger): a comparison in every row of a table of 100,000 rows costs no more than one.
  bool enums_overlap(std::uint32_t a, std::uint32_t b) {
    if (a == b) return true;  // enums are never empty
    if (p_->enums[a].size() > p_->enums[b].size()) std::swap(a, b);
    auto [it, inserted] = enum_overlaps_.try_emplace(enum_pair(a, b), false);
    if (inserted) {
      const auto& small = p_->enums[a];
      count_work(small.size());
      it->second = std::any_of(small.begin(), small.end(),
                               [&](std::uint32_t v) { return enum_has(b, v); });
    }
    return it->second;
  }

  // "`x` is not a value" / "`x`, `y` are not values" for the values of enum `from` that enum
  // `to` lacks (at most `listed_enum_values` named); empty when `to` has all of them. Each pair
  // is compared once.
  const std::string& values_outside(std::uint32_t from, std::uint32_t to) {
    auto [it, inserted] = enum_outside_.try_emplace(enum_pair(from, to));
    if (inserted) {
      count_work(p_->enums[from].size());
      std::size_t extra = 0;
      std::string list;
      for (std::uint32_t v : p_->enums[from]) {
        if (enum_has(to, v)) continue;
        if (++extra <= listed_enum_values) {
          list += (list.empty() ? "`" : ", `") + p_->enum_values[v] + "`";
        }
      }
      if (extra > listed_enum_values) {
        list += ", and " + std::to_string(extra - listed_enum_values) + " more";
      }
      if (extra > 0) list += extra == 1 ? " is not a value" : " are not values";
      it->second = std::move(list);
    }
    return it->second;
  }

  std::string describe(const type_info& t) const {
    if (t.invalid) return "an invalid type";
    std::string out = to_string(t.kind);
    if (t.kind == type_kind::enumeration) out += " {" + enum_value_list(*p_, t.enum_id) + "}";
    if (t.kind == type_kind::list) out += std::string(" of ") + to_string(t.item);
    return out;
  }

  std::optional<type_info> type_of_decl(const type_decl& d) {
    type_info t;
    if (d.name == "bool") t.kind = type_kind::boolean;
    else if (d.name == "integer") t.kind = type_kind::integer;
    else if (d.name == "decimal") t.kind = type_kind::decimal;
    else if (d.name == "string") t.kind = type_kind::string;
    else if (d.name == "date") t.kind = type_kind::date;
    else if (d.name == "enum") {
      t.kind = type_kind::enumeration;
      std::vector<std::uint32_t> members;
      std::unordered_set<std::uint32_t> seen;
      seen.reserve(d.values.size());
      count_work(d.values.size());
      for (std::size_t i = 0; i < d.values.size(); ++i) {
        std::uint32_t id = enum_value_id(d.values[i]);
        if (!seen.insert(id).second) {
          error(codes::declared_twice, "enum value `" + d.values[i] + "` is listed twice",
                d.value_spans[i]);
          continue;
        }
        members.push_back(id);
      }
      if (members.empty()) return std::nullopt;
      t.enum_id = enum_type_id(std::move(members));
    } else {
      return std::nullopt;
    }
    return t;
  }

  // The common type of two branches, converting integer to decimal and joining enums.
  std::optional<type_info> unify(const type_info& a, const type_info& b) {
    if (a.invalid) return b;
    if (b.invalid) return a;
    type_info out = a;
    out.optional = a.optional || b.optional;
    if (a.kind == b.kind) {
      if (a.kind == type_kind::enumeration && a.enum_id != b.enum_id) {
        auto [it, inserted] = enum_unions_.try_emplace(enum_pair(a.enum_id, b.enum_id), 0);
        if (inserted) {  // each pair of enums is joined once, however many branches join them
          std::vector<std::uint32_t> all = p_->enums[a.enum_id];
          all.insert(all.end(), p_->enums[b.enum_id].begin(), p_->enums[b.enum_id].end());
          count_work(all.size());
          it->second = enum_type_id(std::move(all));
        }
        out.enum_id = it->second;
      }
      return out;
    }
    if (is_numeric(a.kind) && is_numeric(b.kind)) {
      out.kind = type_kind::decimal;
      return out;
    }
    return std::nullopt;
  }

  // Converts an integer expression where a decimal is wanted; `context` is the expression that
  // needs the conversion (named when it overflows).
  static void widen(typed_expr& e, const type_info& target, const expr* context = nullptr) {
    if (target.kind == type_kind::decimal && e.type.kind == type_kind::integer && !e.type.invalid) {
      typed_expr conv;
      conv.op = node_op::to_decimal;
      conv.type = type_info::of(type_kind::decimal, e.type.optional);
      conv.syntax = context ? context : e.syntax;
      conv.args.push_back(std::move(e));
      e = std::move(conv);
    }
  }

  // Checks that `e` fits where `target` is declared; reports at `e`.
  bool assign(typed_expr& e, const type_info& target, const std::string& what) {
    if (e.type.invalid || target.invalid) return false;
    const source_span& at = e.syntax ? e.syntax->at : source_span{};
    if (e.type.kind == target.kind) {
      if (target.kind == type_kind::enumeration && e.type.enum_id != target.enum_id) {
        const std::string& extra = values_outside(e.type.enum_id, target.enum_id);
        if (!extra.empty()) {
          error(codes::not_an_enum_value, extra + " of " + what + "'s type " + describe(target),
                at);
          return false;
        }
      }
      return true;
    }
    if (target.kind == type_kind::decimal && e.type.kind == type_kind::integer) {
      widen(e, target);
      return true;
    }
    error(codes::wrong_result_type,
          what + " is declared " + describe(target) + " but this is " + describe(e.type), at);
    return false;
  }

  void require_present(typed_expr& e) {
    if (!e.type.optional || e.type.invalid) return;
    std::string name = e.syntax && e.syntax->kind == expr_kind::name ? e.syntax->text : "";
    std::vector<note> notes;
    if (!name.empty()) {
      notes.push_back({"test it first, `present(" + name + ") and …`, or give a default, `" +
                           name + " ?? " + default_example(e.type) + "`",
                       {}});
    } else {
      notes.push_back({"test it with `present(…)` or give a default with `?? …`", {}});
    }
    error(codes::may_be_missing,
          (name.empty() ? std::string("this value") : "`" + name + "`") + " may be missing here",
          e.syntax ? e.syntax->at : source_span{}, std::move(notes));
    e.type.optional = false;
  }

  std::string default_example(const type_info& t) const {
    switch (t.kind) {
      case type_kind::boolean: return "false";
      case type_kind::integer: return "0";
      case type_kind::decimal: return "0.0";
      case type_kind::string: return "\"\"";
      case type_kind::date: return "2000-01-01";
      case type_kind::enumeration:
        return p_->enums[t.enum_id].empty() ? "…" : p_->enum_values[p_->enums[t.enum_id][0]];
      default: return "…";
    }
  }

  // -------------------------------------------------------------------------------------------
  // periods and symbols

  void check_periods() {
    const rule_document& doc = *p_->doc;
    std::map<std::string, const period_decl*> names;
    for (const period_decl& pd : doc.periods) {
      if (pd.from && pd.to && *pd.from > *pd.to) {
        error(codes::invalid_period,
              "the period ends (" + pd.to->to_string() + ") before it starts (" +
                  pd.from->to_string() + ")",
              pd.at);
        continue;
      }
      if (!pd.name.empty()) {
        auto [it, inserted] = names.try_emplace(pd.name, &pd);
        if (!inserted) {
          error(codes::declared_twice, "period `" + pd.name + "` is declared twice", pd.at,
                {{"first declared here", it->second->at}});
        }
      }
      p_->periods.push_back({pd.from, pd.to, &pd});
    }
    auto start = [](const checked_period& c) { return c.from.value_or(date::min()); };
    std::sort(p_->periods.begin(), p_->periods.end(),
              [&](const auto& a, const auto& b) { return start(a) < start(b); });
    for (std::size_t i = 1; i < p_->periods.size(); ++i) {
      const checked_period& prev = p_->periods[i - 1];
      const checked_period& cur = p_->periods[i];
      if (prev.to.value_or(date::max()) >= start(cur)) {
        error(codes::invalid_period,
              "effective periods overlap: this one starts on " + start(cur).to_string() +
                  ", before the previous one ends",
              cur.syntax->at, {{"the previous period", prev.syntax->at}});
      }
    }
    // by name, for the versions that name one (the first in date order when declared twice)
    for (std::size_t i = 0; i < p_->periods.size(); ++i) {
      const std::string& name = p_->periods[i].syntax->name;
      if (!name.empty()) period_index_.try_emplace(name, i);
    }
  }

  void declare(const std::string& name, symbol_kind kind, std::uint32_t index,
               const source_span& at) {
    auto [it, inserted] =
        names_.try_emplace(name, static_cast<std::uint32_t>(p_->symbols.size()));
    if (!inserted) {
      error(codes::declared_twice, "`" + name + "` is declared twice", at,
            {{"first declared here", p_->symbols[it->second].at}});
      return;
    }
    symbol s;
    s.name = name;
    s.kind = kind;
    s.index = index;
    s.at = at;
    p_->symbols.push_back(std::move(s));
  }

  void declare_symbols() {
    const rule_document& doc = *p_->doc;
    for (std::uint32_t i = 0; i < doc.inputs.size(); ++i) {
      declare(doc.inputs[i].name, symbol_kind::input, i, doc.inputs[i].at);
    }
    for (std::uint32_t i = 0; i < doc.parameters.size(); ++i) {
      declare(doc.parameters[i].name, symbol_kind::parameter, i, doc.parameters[i].at);
    }
    for (std::uint32_t i = 0; i < doc.rules.size(); ++i) {
      declare(doc.rules[i].name, symbol_kind::rule, i, doc.rules[i].at);
    }
    // declarations that did not parse: known names of unknown type, reported already
    for (const std::string& name : doc.broken_names) {
      if (names_.count(name)) continue;
      names_.emplace(name, static_cast<std::uint32_t>(p_->symbols.size()));
      symbol s;
      s.name = name;
      s.kind = symbol_kind::broken;
      s.index = no_symbol;
      s.type = type_info::bad();
      s.used = true;
      p_->symbols.push_back(std::move(s));
    }
    rule_symbol_.assign(doc.rules.size(), no_symbol);
    parameter_symbol_.assign(doc.parameters.size(), no_symbol);
    input_symbol_.assign(doc.inputs.size(), no_symbol);
    for (std::uint32_t s = 0; s < p_->symbols.size(); ++s) {
      const symbol& sym = p_->symbols[s];
      if (sym.kind == symbol_kind::rule) rule_symbol_[sym.index] = s;
      if (sym.kind == symbol_kind::parameter) parameter_symbol_[sym.index] = s;
      if (sym.kind == symbol_kind::input) input_symbol_[sym.index] = s;
    }
  }

  // -------------------------------------------------------------------------------------------
  // dependency graph

  void note_names(const expr& e, std::uint32_t user) {
    if (e.kind == expr_kind::name) {
      auto it = names_.find(e.text);
      if (it != names_.end()) {
        auto key = std::make_pair(it->second, user);
        if (it->second != user) p_->symbols[it->second].used = true;
        if (edge_index_.try_emplace(key, p_->dependencies.size()).second) {
          p_->dependencies.push_back({it->second, user, e.at});
        }
      }
    }
    for (const expr& a : e.args) note_names(a, user);
  }

  void note_body(const rule_body& b, std::uint32_t user) {
    switch (b.form) {
      case body_form::expression: note_names(b.expression, user); break;
      case body_form::cases:
        for (const case_clause& c : b.cases) {
          if (c.when) note_names(*c.when, user);
          note_names(c.then, user);
        }
        break;
      case body_form::table:
        for (const expr& c : b.table.columns) note_names(c, user);
        for (const table_row& r : b.table.rows) {
          for (const table_cell& cell : r.when) {
            for (const expr& o : cell.operands) note_names(o, user);
          }
          note_names(r.then, user);
        }
        if (b.table.otherwise) note_names(*b.table.otherwise, user);
        break;
    }
  }

  void collect_dependencies() {
    const rule_document& doc = *p_->doc;
    for (std::uint32_t i = 0; i < doc.parameters.size(); ++i) {
      if (parameter_symbol_[i] == no_symbol) continue;
      for (const parameter_change& c : doc.parameters[i].changes) {
        note_names(c.value, parameter_symbol_[i]);
      }
    }
    for (std::uint32_t i = 0; i < doc.rules.size(); ++i) {
      if (rule_symbol_[i] == no_symbol) continue;
      for (const rule_version& v : doc.rules[i].versions) note_body(v.body, rule_symbol_[i]);
    }
  }

  // Orders symbols so that each comes after everything it uses; reports each cycle with its
  // whole path and leaves the symbols on it out of the order.
  void order_by_dependencies() {
    using graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
    const std::size_t n = p_->symbols.size();
    graph g(n);
    for (const dependency& d : p_->dependencies) boost::add_edge(d.to, d.from, g);  // user -> used

    std::vector<std::size_t> component(n);
    std::size_t count = n == 0 ? 0 : boost::strong_components(g, component.data());
    std::vector<std::size_t> size(count, 0);
    for (std::size_t c : component) ++size[c];
    std::vector<bool> cyclic(n, false);
    for (std::size_t v = 0; v < n; ++v) {
      bool self_loop = false;
      for (auto [e, end] = boost::out_edges(v, g); e != end; ++e) {
        if (boost::target(*e, g) == v) self_loop = true;
      }
      cyclic[v] = size[component[v]] > 1 || self_loop;
    }
    std::vector<bool> reported(count, false);
    std::vector<std::size_t> previous(n, n);  // report_cycle's, reset after each cycle
    for (std::size_t v = 0; v < n; ++v) {
      if (!cyclic[v] || reported[component[v]]) continue;
      reported[component[v]] = true;
      report_cycle(g, component, v, previous);
    }
    // Topological order of the graph without the cyclic symbols.
    graph acyclic(n);
    for (const dependency& d : p_->dependencies) {
      if (!cyclic[d.from] && !cyclic[d.to]) boost::add_edge(d.to, d.from, acyclic);
    }
    std::vector<std::size_t> order;
    order.reserve(n);
    boost::topological_sort(acyclic, std::back_inserter(order));  // used before user
    for (std::size_t v : order) {
      if (cyclic[v]) {
        p_->symbols[v].type = type_info::bad();
      } else {
        order_.push_back(static_cast<std::uint32_t>(v));
      }
    }
  }

  // `previous` (one entry per symbol, each `n`) is shared by every cycle and left as it was
  // found, so that a cycle costs the symbols and edges its search visits, not the whole policy
  // (a fresh vector per cycle made 100,000 self-referencing values quadratic).
  template <typename Graph>
  void report_cycle(const Graph& g, const std::vector<std::size_t>& component, std::size_t start,
                    std::vector<std::size_t>& previous) {
    // Shortest path back to `start` inside its component (breadth first).
    const std::size_t n = component.size();
    std::vector<std::size_t> queue{start};
    std::size_t found = n;
    for (std::size_t head = 0; head < queue.size() && found == n; ++head) {
      std::size_t u = queue[head];
      for (auto [e, end] = boost::out_edges(u, g); e != end; ++e) {
        count_work();
        std::size_t w = boost::target(*e, g);
        if (component[w] != component[start]) continue;
        if (w == start) {
          found = u;
          break;
        }
        if (previous[w] == n) {
          previous[w] = u;
          queue.push_back(w);
        }
      }
    }
    std::vector<std::size_t> path;  // start -> … -> found, each using the next
    for (std::size_t v = found; v != n && v != start; v = previous[v]) path.push_back(v);
    for (std::size_t v : queue) previous[v] = n;
    path.push_back(start);
    std::reverse(path.begin(), path.end());
    std::string text;
    for (std::size_t v : path) text += "`" + p_->symbols[v].name + "` → ";
    text += "`" + p_->symbols[start].name + "`";
    std::vector<note> notes;
    source_span first_at;
    for (std::size_t i = 0; i < path.size(); ++i) {
      std::size_t user = path[i];
      std::size_t used = i + 1 < path.size() ? path[i + 1] : start;
      auto it = edge_index_.find({static_cast<std::uint32_t>(used), static_cast<std::uint32_t>(user)});
      if (it == edge_index_.end()) continue;
      const source_span& at = p_->dependencies[it->second].at;
      if (i == 0) {
        first_at = at;
      } else {
        notes.push_back({"`" + p_->symbols[user].name + "` uses `" + p_->symbols[used].name +
                             "` here",
                         at});
      }
    }
    notes.push_back({"a rule cannot depend on itself, directly or through other rules", {}});
    error(codes::dependency_cycle, "dependency cycle: " + text, first_at, std::move(notes));
  }

  // -------------------------------------------------------------------------------------------
  // expressions

  typed_expr invalid(const expr& e) {
    typed_expr t;
    t.type = type_info::bad();
    t.syntax = &e;
    return t;
  }

  typed_expr constant(const expr& e, type_info type, std::int64_t bits) {
    typed_expr t;
    t.op = node_op::constant;
    t.type = type;
    t.bits = bits;
    t.syntax = &e;
    return t;
  }

  std::uint32_t string_id(const std::string& s) {
    auto [it, inserted] =
        string_ids_.try_emplace(s, static_cast<std::uint32_t>(p_->strings.size()));
    if (inserted) p_->strings.push_back(s);
    return it->second;
  }

  typed_expr check_literal(const expr& e, const expr_context& ctx) {
    switch (e.kind) {
      case expr_kind::boolean:
        return constant(e, type_info::of(type_kind::boolean), e.text == "true" ? 1 : 0);
      case expr_kind::integer: {
        std::int64_t v = 0;
        auto [ptr, ec] = std::from_chars(e.text.data(), e.text.data() + e.text.size(), v);
        if (ec != std::errc() || ptr != e.text.data() + e.text.size()) {
          error(codes::invalid_value, "integer `" + e.text + "` is out of range", e.at,
                {{"integers are between -9223372036854775808 and 9223372036854775807", {}}});
          return invalid(e);
        }
        return constant(e, type_info::of(type_kind::integer), v);
      }
      case expr_kind::decimal: {
        auto d = decimal::parse(e.text);
        if (!d) {
          error(codes::invalid_value,
                "decimal `" + e.text +
                    "` has more than 6 digits after the point or is out of range",
                e.at);
          return invalid(e);
        }
        return constant(e, type_info::of(type_kind::decimal), d->micros());
      }
      case expr_kind::date:
        return constant(e, type_info::of(type_kind::date),
                        date::parse(e.text).value_or(date()).days());
      case expr_kind::string:
        if (ctx.expect && ctx.expect->kind == type_kind::enumeration && !ctx.expect->invalid) {
          auto it = enum_value_ids_.find(e.text);
          if (it != enum_value_ids_.end() && enum_has(ctx.expect->enum_id, it->second)) {
            type_info t = ctx.expect->required();
            return constant(e, t, it->second);
          }
          error(
              codes::not_an_enum_value,
              "\"" + e.text + "\" is not a value of " + describe(*ctx.expect), e.at,
              suggestion(closest_enum_value(*p_, ctx.expect->enum_id, e.text, suggestion_budget_)));
          return invalid(e);
        }
        return constant(e, type_info::of(type_kind::string), string_id(e.text));
      default: return invalid(e);
    }
  }

  typed_expr check_name(const expr& e, const expr_context& ctx) {
    if (e.text == "as_of") {
      if (ctx.allowed != scope::rules) {
        error(codes::unknown_name, "`as_of` (the evaluation date) cannot be used here", e.at,
              {{ctx.allowed == scope::parameters
                    ? "parameters and assertions are fixed when the policy loads"
                    : "a default is a constant",
                {}}});
        return invalid(e);
      }
      typed_expr t;
      t.op = node_op::as_of;
      t.type = type_info::of(type_kind::date);
      t.syntax = &e;
      return t;
    }
    auto it = names_.find(e.text);
    bool expect_enum =
        ctx.expect && ctx.expect->kind == type_kind::enumeration && !ctx.expect->invalid;
    std::optional<std::uint32_t> member;
    if (expect_enum) {
      auto m = enum_value_ids_.find(e.text);
      if (m != enum_value_ids_.end() && enum_has(ctx.expect->enum_id, m->second)) member = m->second;
    }
    if (it != names_.end()) {
      symbol& sym = p_->symbols[it->second];
      if (sym.kind == symbol_kind::broken) return invalid(e);
      // a name that is also a value of the expected enum: the type decides when the named
      // thing could not stand here anyway (a bool input `criminal` and a reason `criminal`)
      if (member && sym.type.kind != type_kind::enumeration && !sym.type.invalid) {
        return constant(e, ctx.expect->required(), *member);
      }
      if (member) {
        error(codes::ambiguous_enum_name,
              "`" + e.text + "` is both " + (sym.kind == symbol_kind::input ? "an " : "a ") +
                  kind_name(sym) + " and a value of " + describe(*ctx.expect),
              e.at, {{"rename one of them; until then the name means the " + kind_name(sym), {}}});
        return invalid(e);
      }
      if (ctx.allowed == scope::constants ||
          (ctx.allowed == scope::parameters && sym.kind != symbol_kind::parameter)) {
        error(codes::constant_required,
              "`" + e.text + "` is " +
                  (sym.kind == symbol_kind::input ? "an input" : "a " + kind_name(sym)) +
                  " and cannot be used here",
              e.at,
              {{ctx.allowed == scope::constants
                    ? "a default is a constant such as `false` or `0`"
                    : "parameters and assertions may use only literals and other parameters",
                {}}});
        return invalid(e);
      }
      sym.used = true;
      typed_expr t;
      t.op = node_op::load;
      t.symbol = it->second;
      t.type = sym.type;
      t.syntax = &e;
      if (t.type.kind == type_kind::list && !t.type.invalid) {
        error(codes::type_mismatch,
              "`" + e.text + "` collects a list and cannot be used in an expression", e.at,
              {{"give its table an `aggregate` (sum, count, min, max) to get one value", {}}});
        return invalid(e);
      }
      if (std::find(ctx.known.begin(), ctx.known.end(), it->second) != ctx.known.end()) {
        t.type.optional = false;
      }
      return t;
    }
    if (member) return constant(e, ctx.expect->required(), *member);
    // unknown: suggest a name, or an enum value when one is expected
    std::vector<std::string> candidates;
    for (const symbol& s : p_->symbols) candidates.push_back(s.name);
    candidates.emplace_back("as_of");
    if (expect_enum) {
      std::string close =
          closest_enum_value(*p_, ctx.expect->enum_id, e.text, suggestion_budget_);
      if (close.empty()) close = closest_match(e.text, candidates);
      error(codes::not_an_enum_value,
            "`" + e.text + "` is neither a name nor a value of " + describe(*ctx.expect), e.at,
            suggestion(close));
      return invalid(e);
    }
    std::vector<note> notes = suggestion(closest_match(e.text, candidates));
    if (notes.empty() && enum_value_ids_.count(e.text)) {
      notes.push_back({"`" + e.text + "` is an enum value; it can be used where that enum is "
                       "expected (compared with an enum, or as the result of an output declared "
                       "`type: enum`)",
                       {}});
    }
    error(codes::unknown_name, "unknown name `" + e.text + "`", e.at, std::move(notes));
    return invalid(e);
  }

  static std::string kind_name(const symbol& s) {
    switch (s.kind) {
      case symbol_kind::input: return "input";
      case symbol_kind::parameter: return "parameter";
      case symbol_kind::rule: return "rule";
      case symbol_kind::broken: return "name";
    }
    return "name";
  }

  // Is `e` a bare name that is not a symbol (so probably an enum value needing context)?
  bool is_unresolved_name(const expr& e) const {
    return e.kind == expr_kind::name && e.text != "as_of" && names_.count(e.text) == 0;
  }

  typed_expr check_comparison(const expr& e, const expr_context& ctx) {
    bool swap = is_unresolved_name(e.args[0]) || e.args[0].kind == expr_kind::string;
    const expr& first_syntax = swap ? e.args[1] : e.args[0];
    const expr& second_syntax = swap ? e.args[0] : e.args[1];
    expr_context inner{nullptr, ctx.known, ctx.allowed};
    typed_expr first = check_expr(first_syntax, inner);
    inner.expect = &first.type;
    typed_expr second = check_expr(second_syntax, inner);
    typed_expr lhs = swap ? std::move(second) : std::move(first);
    typed_expr rhs = swap ? std::move(first) : std::move(second);
    typed_expr t;
    t.op = e.op == expr_op::eq   ? node_op::eq
           : e.op == expr_op::ne ? node_op::ne
           : e.op == expr_op::lt ? node_op::lt
           : e.op == expr_op::le ? node_op::le
           : e.op == expr_op::gt ? node_op::gt
                                 : node_op::ge;
    t.type = type_info::of(type_kind::boolean);
    t.syntax = &e;
    if (lhs.type.invalid || rhs.type.invalid) {
      t.type = type_info::bad();
      return t;
    }
    require_present(lhs);
    require_present(rhs);
    if (!comparable(lhs, rhs, e.op, e.at)) {
      t.type = type_info::bad();
      return t;
    }
    t.operand_kind = lhs.type.kind;
    if (is_numeric(lhs.type.kind) && lhs.type.kind != rhs.type.kind) {
      widen(lhs, type_info::of(type_kind::decimal), &e);
      widen(rhs, type_info::of(type_kind::decimal), &e);
      t.operand_kind = type_kind::decimal;
    }
    t.args.push_back(std::move(lhs));
    t.args.push_back(std::move(rhs));
    return t;
  }

  bool comparable(const typed_expr& a, const typed_expr& b, expr_op op, const source_span& at) {
    type_kind ka = a.type.kind;
    type_kind kb = b.type.kind;
    bool ordering = op == expr_op::lt || op == expr_op::le || op == expr_op::gt ||
                    op == expr_op::ge || op == expr_op::none;
    if (!(ka == kb || (is_numeric(ka) && is_numeric(kb)))) {
      std::vector<note> notes;
      if ((ka == type_kind::date && kb == type_kind::integer) ||
          (ka == type_kind::integer && kb == type_kind::date)) {
        notes.push_back({"to compare an age, use `age(birth_date, as_of)`; to shift a date, "
                         "`add_days`, `add_months` or `add_years`",
                         {}});
      }
      error(codes::type_mismatch,
            std::string("cannot compare ") + describe(a.type) + " with " + describe(b.type), at,
            std::move(notes));
      return false;
    }
    if (ordering && !is_ordered(ka)) {
      error(codes::type_mismatch,
            std::string("`") + to_string(op == expr_op::none ? expr_op::le : op) +
                "` needs numbers or dates; " + describe(a.type) + " has no order",
            at);
      return false;
    }
    if (ka == type_kind::enumeration && !enums_overlap(a.type.enum_id, b.type.enum_id)) {
      error(codes::not_an_enum_value,
            "the two sides can never be equal: " + describe(a.type) + " and " + describe(b.type) +
                " have no value in common",
            at);
      return false;
    }
    return true;
  }

  typed_expr check_arithmetic(const expr& e, const expr_context& ctx) {
    expr_context inner{nullptr, ctx.known, ctx.allowed};
    typed_expr lhs = check_expr(e.args[0], inner);
    typed_expr rhs = check_expr(e.args[1], inner);
    typed_expr t;
    t.syntax = &e;
    t.op = e.op == expr_op::add   ? node_op::add
           : e.op == expr_op::sub ? node_op::sub
           : e.op == expr_op::mul ? node_op::mul
                                  : node_op::div;
    if (lhs.type.invalid || rhs.type.invalid) {
      t.type = type_info::bad();
      return t;
    }
    require_present(lhs);
    require_present(rhs);
    if (!is_numeric(lhs.type.kind) || !is_numeric(rhs.type.kind)) {
      std::vector<note> notes;
      if (lhs.type.kind == type_kind::date || rhs.type.kind == type_kind::date) {
        notes.push_back({e.op == expr_op::sub
                             ? "to count days or months between dates, use `days_between(a, b)` "
                               "or `months_between(a, b)`"
                             : "to shift a date, use `add_days`, `add_months` or `add_years`",
                         {}});
      }
      error(codes::type_mismatch,
            std::string("`") + to_string(e.op) + "` needs numbers, not " +
                describe(is_numeric(lhs.type.kind) ? rhs.type : lhs.type),
            e.at, std::move(notes));
      t.type = type_info::bad();
      return t;
    }
    bool decimal_result = e.op == expr_op::div || lhs.type.kind == type_kind::decimal ||
                          rhs.type.kind == type_kind::decimal;
    t.type = type_info::of(decimal_result ? type_kind::decimal : type_kind::integer);
    widen(lhs, t.type, &e);
    widen(rhs, t.type, &e);
    t.args.push_back(std::move(lhs));
    t.args.push_back(std::move(rhs));
    return t;
  }

  typed_expr check_logical(const expr& e, const expr_context& ctx) {
    expr_context inner{nullptr, ctx.known, ctx.allowed};
    typed_expr lhs = check_expr(e.args[0], inner);
    expect_bool(lhs, e.op == expr_op::and_ ? "`and`" : "`or`");
    inner.known = merged(ctx.known, e.op == expr_op::and_ ? facts_if_true(lhs)
                                                          : facts_if_false(lhs));
    typed_expr rhs = check_expr(e.args[1], inner);
    expect_bool(rhs, e.op == expr_op::and_ ? "`and`" : "`or`");
    typed_expr t;
    t.op = e.op == expr_op::and_ ? node_op::and_ : node_op::or_;
    t.type = type_info::of(type_kind::boolean);
    if (lhs.type.invalid || rhs.type.invalid) t.type = type_info::bad();
    t.syntax = &e;
    t.args.push_back(std::move(lhs));
    t.args.push_back(std::move(rhs));
    return t;
  }

  void expect_bool(typed_expr& e, const std::string& where) {
    if (e.type.invalid) return;
    require_present(e);
    if (e.type.kind != type_kind::boolean) {
      error(codes::not_a_condition,
            where + " needs a condition (true or false), not " + describe(e.type),
            e.syntax ? e.syntax->at : source_span{});
      e.type = type_info::bad();
    }
  }

  typed_expr check_coalesce(const expr& e, const expr_context& ctx) {
    expr_context inner{ctx.expect, ctx.known, ctx.allowed};
    typed_expr lhs = check_expr(e.args[0], inner);
    type_info lhs_type = lhs.type.invalid ? type_info::bad() : lhs.type.required();
    if (!lhs.type.invalid && !lhs.type.optional) {
      warning(codes::may_be_missing, "this value is never missing, so `?? …` is never used",
              e.args[0].at);
    }
    // the default may be any value of the value's enum or of the enum expected around it
    type_info rhs_expect = lhs_type;
    if (ctx.expect && !ctx.expect->invalid && ctx.expect->kind == type_kind::enumeration &&
        lhs_type.kind == type_kind::enumeration && !lhs_type.invalid) {
      rhs_expect = unify(lhs_type, ctx.expect->required()).value_or(lhs_type);
    }
    inner.expect = lhs.type.invalid ? ctx.expect : &rhs_expect;
    typed_expr rhs = check_expr(e.args[1], inner);
    typed_expr t;
    t.op = node_op::coalesce;
    t.syntax = &e;
    auto common = unify(lhs_type, rhs.type);
    if (!common) {
      error(codes::type_mismatch,
            "the default is " + describe(rhs.type) + " but the value is " + describe(lhs_type),
            e.args[1].at);
      t.type = type_info::bad();
    } else {
      t.type = *common;
      t.type.optional = rhs.type.optional;
      widen(lhs, t.type);
      widen(rhs, t.type);
    }
    t.args.push_back(std::move(lhs));
    t.args.push_back(std::move(rhs));
    return t;
  }

  typed_expr check_conditional(const expr& e, const expr_context& ctx) {
    expr_context inner{nullptr, ctx.known, ctx.allowed};
    typed_expr cond = check_expr(e.args[0], inner);
    expect_bool(cond, "`if`");
    inner.expect = ctx.expect;
    inner.known = merged(ctx.known, facts_if_true(cond));
    typed_expr yes = check_expr(e.args[1], inner);
    inner.known = merged(ctx.known, facts_if_false(cond));
    typed_expr no = check_expr(e.args[2], inner);
    typed_expr t;
    t.op = node_op::cond;
    t.syntax = &e;
    auto common = unify(yes.type, no.type);
    if (!common) {
      error(codes::type_mismatch,
            "the branches of `if` differ: " + describe(yes.type) + " and " + describe(no.type),
            e.at);
      t.type = type_info::bad();
    } else {
      t.type = *common;
      widen(yes, t.type);
      widen(no, t.type);
    }
    if (cond.type.invalid) t.type = type_info::bad();
    t.args.push_back(std::move(cond));
    t.args.push_back(std::move(yes));
    t.args.push_back(std::move(no));
    return t;
  }

  typed_expr check_membership(const expr& e, const expr_context& ctx) {
    expr_context inner{nullptr, ctx.known, ctx.allowed};
    typed_expr subject = check_expr(e.args[0], inner);
    typed_expr t;
    t.syntax = &e;
    t.type = type_info::of(type_kind::boolean);
    t.negated = e.op == expr_op::not_in;
    if (subject.type.invalid) {
      t.type = type_info::bad();
      return t;
    }
    require_present(subject);
    inner.expect = &subject.type;
    const expr& set = e.args[1];
    bool range = set.kind == expr_kind::range;
    t.op = range ? node_op::in_range : node_op::in_list;
    t.operand_kind = subject.type.kind;
    std::vector<typed_expr> items;
    bool ok = true;
    for (const expr& item_syntax : set.args) {
      typed_expr item = check_expr(item_syntax, inner);
      if (item.type.invalid) {
        ok = false;
        continue;
      }
      require_present(item);
      if (!comparable(subject, item, range ? expr_op::none : expr_op::eq, item_syntax.at)) {
        ok = false;
        continue;
      }
      items.push_back(std::move(item));
    }
    if (!ok) {
      t.type = type_info::bad();
      return t;
    }
    bool any_decimal = subject.type.kind == type_kind::decimal ||
                       std::any_of(items.begin(), items.end(), [](const typed_expr& x) {
                         return x.type.kind == type_kind::decimal;
                       });
    if (any_decimal) {
      t.operand_kind = type_kind::decimal;
      widen(subject, type_info::of(type_kind::decimal));
      for (auto& x : items) widen(x, type_info::of(type_kind::decimal));
    }
    t.args.push_back(std::move(subject));
    for (auto& x : items) t.args.push_back(std::move(x));
    return t;
  }

  // A call of a built-in function, typed by its row of function_table.
  typed_expr check_call(const expr& e, const expr_context& ctx) {
    const function_info* info = find_function(e.text);
    if (!info) {
      std::vector<std::string> names;
      for (const function_info& f : function_table) names.emplace_back(f.name);
      std::vector<note> notes = suggestion(closest_match(e.text, names));
      notes.push_back({"the built-in functions are listed under \"Functions\" in "
                       "docs/rule-language.md",
                       {}});
      error(codes::unknown_function, "unknown function `" + e.text + "`", e.at, std::move(notes));
      return invalid(e);
    }
    int given = static_cast<int>(e.args.size());
    if (info->variadic ? given < info->arity : given != info->arity) {
      std::string wanted = info->variadic ? "at least " + std::to_string(info->arity) + " arguments"
                           : info->arity == 1 ? "1 argument"
                                              : std::to_string(info->arity) + " arguments";
      error(codes::wrong_argument_count,
            "`" + e.text + "` takes " + wanted + " " + info->signature() + ", given " +
                std::to_string(given),
            e.at);
      return invalid(e);
    }
    typed_expr t;
    t.op = node_op::call;
    t.fn = info;
    t.syntax = &e;
    expr_context inner{nullptr, ctx.known, ctx.allowed};
    bool ok = true;
    for (const expr& a : e.args) {
      t.args.push_back(check_expr(a, inner));
      if (t.args.back().type.invalid) ok = false;
    }
    if (!ok) {
      t.type = type_info::bad();
      return t;
    }
    ok = check_arguments(*info, e, t);
    if (!ok) {
      t.type = type_info::bad();
      return t;
    }
    switch (info->result) {
      case result_kind::integer: t.type = type_info::of(type_kind::integer); break;
      case result_kind::date: t.type = type_info::of(type_kind::date); break;
      case result_kind::boolean: t.type = type_info::of(type_kind::boolean); break;
      case result_kind::common: break;  // set by check_arguments
    }
    return t;
  }

  // Checks each argument of a call against its parameter's kind (reporting the first that
  // does not fit) and, for a `common` result, joins their types into `t.type`.
  bool check_arguments(const function_info& info, const expr& e, typed_expr& t) {
    const std::string& name = e.text;
    auto param_of = [&](std::size_t i) -> const param_info& {
      return info.params[info.variadic ? 0 : i];
    };
    for (std::size_t i = 0; i < t.args.size(); ++i) {
      if (param_of(i).kind != param_kind::maybe) require_present(t.args[i]);
    }
    std::optional<type_info> common;
    for (std::size_t i = 0; i < t.args.size(); ++i) {
      const param_info& param = param_of(i);
      typed_expr& a = t.args[i];
      if (param.kind == param_kind::maybe) {
        if (!a.type.optional) {
          warning(codes::may_be_missing,
                  "this value is never missing, so `" + name + "(…)` is always true", e.args[i].at);
        }
        continue;
      }
      auto exact = [&](type_kind kind) {
        if (a.type.kind == kind) return true;
        error(codes::type_mismatch,
              "argument " + std::to_string(i + 1) + " of `" + name + "` (" +
                  std::string(param.role) + ") must be " + to_string(kind) + ", not " +
                  describe(a.type),
              e.args[i].at);
        return false;
      };
      switch (param.kind) {
        case param_kind::date:
          if (!exact(type_kind::date)) return false;
          continue;
        case param_kind::integer:
          if (!exact(type_kind::integer)) return false;
          continue;
        case param_kind::number:
          if (!is_numeric(a.type.kind)) {
            error(codes::type_mismatch, "`" + name + "` needs a number, not " + describe(a.type),
                  e.args[i].at);
            return false;
          }
          break;
        case param_kind::ordered:
          if (!is_ordered(a.type.kind)) {
            error(codes::type_mismatch,
                  "`" + name + "` needs numbers or dates, not " + describe(a.type), e.args[i].at);
            return false;
          }
          break;
        case param_kind::maybe: break;
      }
      std::optional<type_info> joined = common ? unify(*common, a.type) : a.type;
      if (!joined) {
        error(codes::type_mismatch,
              "the arguments of `" + name + "` differ: " + describe(*common) + " and " +
                  describe(a.type),
              e.args[i].at);
        return false;
      }
      common = joined;
    }
    if (info.result == result_kind::common && common) {
      for (auto& a : t.args) widen(a, *common);
      t.type = *common;
    }
    return true;
  }

 public:
  typed_expr check_expr(const expr& e, const expr_context& ctx) {
    count_work();
    switch (e.kind) {
      case expr_kind::boolean:
      case expr_kind::integer:
      case expr_kind::decimal:
      case expr_kind::string:
      case expr_kind::date: return check_literal(e, ctx);
      case expr_kind::name: return check_name(e, ctx);
      case expr_kind::call: return check_call(e, ctx);
      case expr_kind::unary: {
        expr_context inner{nullptr, ctx.known, ctx.allowed};
        typed_expr operand = check_expr(e.args[0], inner);
        typed_expr t;
        t.syntax = &e;
        if (e.op == expr_op::not_) {
          expect_bool(operand, "`not`");
          t.op = node_op::not_;
          t.type = operand.type.invalid ? type_info::bad() : type_info::of(type_kind::boolean);
        } else {
          t.op = node_op::neg;
          if (!operand.type.invalid) {
            require_present(operand);
            if (!is_numeric(operand.type.kind)) {
              error(codes::type_mismatch, "`-` needs a number, not " + describe(operand.type),
                    e.at);
              operand.type = type_info::bad();
            }
          }
          t.type = operand.type;
        }
        t.args.push_back(std::move(operand));
        return t;
      }
      case expr_kind::binary:
        switch (e.op) {
          case expr_op::add:
          case expr_op::sub:
          case expr_op::mul:
          case expr_op::div: return check_arithmetic(e, ctx);
          case expr_op::and_:
          case expr_op::or_: return check_logical(e, ctx);
          case expr_op::coalesce: return check_coalesce(e, ctx);
          default: return check_comparison(e, ctx);
        }
      case expr_kind::membership: return check_membership(e, ctx);
      case expr_kind::conditional: return check_conditional(e, ctx);
      case expr_kind::list:
      case expr_kind::range:
        error(codes::expression_syntax, "a list or range can only follow `in`", e.at);
        return invalid(e);
    }
    return invalid(e);
  }

 private:
  // -------------------------------------------------------------------------------------------
  // inputs and parameters

  void check_inputs() {
    const rule_document& doc = *p_->doc;
    for (std::uint32_t i = 0; i < doc.inputs.size(); ++i) {
      const input_decl& in = doc.inputs[i];
      checked_input ci;
      ci.syntax = &in;
      ci.symbol = input_symbol_[i];
      ci.min = in.type.min;
      ci.max = in.type.max;
      auto type = type_of_decl(in.type);
      type_info t = type ? *type : type_info::bad();
      t.optional = in.optional && !in.default_value;
      if (in.default_value && type) {
        expr_context ctx{&t, {}, scope::constants};
        typed_expr d = check_expr(*in.default_value, ctx);
        if (!d.type.invalid) {
          if (d.op != node_op::constant &&
              !(d.op == node_op::neg && d.args[0].op == node_op::constant)) {
            error(codes::invalid_value,
                  "a default must be a single value such as `false`, `0` or `none`",
                  in.default_value->at);
          } else if (assign(d, t, "input `" + in.name + "`")) {
            check_bounds(d, ci.min, ci.max, "the default of `" + in.name + "`");
            ci.default_value = std::move(d);
          }
        }
      }
      if (ci.symbol != no_symbol) {
        symbol& sym = p_->symbols[ci.symbol];
        sym.type = t;
        if (in.type.min) sym.lo = *in.type.min;
        if (in.type.max) sym.hi = *in.type.max;
      }
      p_->inputs.push_back(std::move(ci));
    }
  }

  void check_bounds(const typed_expr& d, std::optional<std::int64_t> min,
                    std::optional<std::int64_t> max, const std::string& what) {
    if (d.type.kind != type_kind::integer) return;
    std::int64_t v = d.op == node_op::neg ? -d.args[0].bits : d.bits;
    if ((min && v < *min) || (max && v > *max)) {
      error(codes::outside_declared_range,
            what + " is outside the declared range " +
                (min ? std::to_string(*min) : std::string()) + ".." +
                (max ? std::to_string(*max) : std::string()),
            d.syntax ? d.syntax->at : source_span{});
    }
  }

  void check_parameter(std::uint32_t index) {
    const parameter_decl& decl = p_->doc->parameters[index];
    checked_parameter cp;
    cp.syntax = &decl;
    cp.symbol = parameter_symbol_[index];
    std::optional<type_info> declared;
    if (decl.type) declared = type_of_decl(*decl.type);
    if (decl.type && !declared) {
      p_->symbols[cp.symbol].type = type_info::bad();
      return;
    }
    std::optional<type_info> common = declared;
    bool ok = true;
    for (const parameter_change& change : decl.changes) {
      expr_context ctx{declared ? &*declared : nullptr, {}, scope::parameters};
      typed_expr v = check_expr(change.value, ctx);
      if (v.type.invalid) {
        ok = false;
        continue;
      }
      if (declared) {
        if (!assign(v, *declared, "parameter `" + decl.name + "`")) ok = false;
        else if (decl.type) check_bounds(v, decl.type->min, decl.type->max,
                                         "a value of `" + decl.name + "`");
      } else if (!common) {
        common = v.type;
      } else if (auto u = unify(*common, v.type)) {
        common = *u;
      } else {
        error(codes::type_mismatch,
              "the values of parameter `" + decl.name + "` differ in type: " + describe(*common) +
                  " and " + describe(v.type),
              change.value.at);
        ok = false;
      }
      cp.changes.push_back({change.from, std::move(v), &change});
    }
    // the changes in date order; the first applies from the start
    std::stable_sort(cp.changes.begin(), cp.changes.end(), [](const auto& a, const auto& b) {
      return a.from.value_or(date::min()) < b.from.value_or(date::min());
    });
    for (std::size_t i = 1; i < cp.changes.size(); ++i) {
      if (cp.changes[i].from.value_or(date::min()) ==
          cp.changes[i - 1].from.value_or(date::min())) {
        error(codes::dates_do_not_fit,
              "parameter `" + decl.name + "` changes twice on the same date",
              cp.changes[i].syntax->at);
        ok = false;
      }
    }
    if (!cp.changes.empty() && cp.changes.front().from) {
      // A first value with a date: before it the parameter has no value; the policy must not
      // be in force then.
      // (the periods are sorted by start: only the first can start earlier)
      date first = *cp.changes.front().from;
      if (!p_->periods.empty() && p_->periods.front().from.value_or(date::min()) < first) {
        const checked_period& pd = p_->periods.front();
        error(codes::dates_do_not_fit,
              "parameter `" + decl.name + "` has no value before " + first.to_string() +
                  ", but the policy is in force then",
              cp.changes.front().syntax->at,
              {{"give it a `value` without a date, or start the change at the period's start",
                pd.syntax->at}});
        ok = false;
      }
    }
    if (!ok || !common) {
      p_->symbols[cp.symbol].type = type_info::bad();
    } else {
      for (auto& c : cp.changes) widen(c.value, *common);
      p_->symbols[cp.symbol].type = *common;
      p_->symbols[cp.symbol].type.optional = false;
    }
    p_->parameter_order.push_back(index);
    p_->parameters.push_back(std::move(cp));
  }

  // -------------------------------------------------------------------------------------------
  // rules

  struct body_check {
    std::optional<type_info> type;  // unset: an error was reported
  };

  // Checks a result expression (an `expr`, a `then`, an `otherwise`) against the rule's
  // declared type, or folds it into the inferred type.
  void check_result(typed_expr& e, const std::optional<type_info>& declared,
                    std::optional<type_info>& inferred, bool& ok, const std::string& what) {
    if (e.type.invalid) {
      ok = false;
      return;
    }
    if (declared) {
      bool was_optional = e.type.optional;
      if (!assign(e, *declared, what)) {
        ok = false;
        return;
      }
      type_info t = *declared;
      t.optional = was_optional || (inferred && inferred->optional);
      inferred = t;
      return;
    }
    if (!inferred) {
      inferred = e.type;
      return;
    }
    auto u = unify(*inferred, e.type);
    if (!u) {
      error(codes::type_mismatch,
            what + " gives " + describe(e.type) + " here but " + describe(*inferred) + " elsewhere",
            e.syntax ? e.syntax->at : source_span{});
      ok = false;
      return;
    }
    inferred = *u;
  }

  void check_cases(const rule_body& body, checked_version& out,
                   const std::optional<type_info>& declared, std::optional<type_info>& inferred,
                   bool& ok, const std::string& what) {
    known_set earlier_false;  // facts from the cases before (they were false)
    const type_info* expect = declared ? &*declared : nullptr;
    for (const case_clause& c : body.cases) {
      checked_case cc;
      cc.syntax = &c;
      known_set known = earlier_false;
      if (c.when) {
        typed_expr when = check_expr(*c.when, {nullptr, known, scope::rules});
        expect_bool(when, "`when`");
        if (when.type.invalid) ok = false;
        earlier_false = merged(earlier_false, facts_if_false(when));
        known = merged(known, facts_if_true(when));
        cc.when = std::move(when);
      }
      cc.then = check_expr(c.then, {expect, known, scope::rules});
      check_result(cc.then, declared, inferred, ok, what);
      out.cases.push_back(std::move(cc));
    }
    if (!body.cases.empty() && body.cases.back().when) {
      error(codes::cases_without_otherwise, "the cases of " + what + " have no `otherwise`",
            body.cases.back().at,
            {{"add `- otherwise: …` as the last case so that every record gets a value", {}}});
      ok = false;
    }
  }

  void check_table(const rule_body& body, checked_version& out,
                   const std::optional<type_info>& declared, std::optional<type_info>& inferred,
                   bool& ok, const std::string& what) {
    const decision_table& table = body.table;
    checked_table& ct = out.table;
    ct.syntax = &table;
    ct.hit = table.hit;
    ct.aggregate = table.aggregate;
    for (const expr& c : table.columns) {
      typed_expr col = check_expr(c, {nullptr, {}, scope::rules});
      if (!col.type.invalid) {
        require_present(col);
        if (col.type.kind == type_kind::list) {
          error(codes::type_mismatch, "a column cannot be a list", c.at);
          col.type = type_info::bad();
        }
      }
      if (col.type.invalid) ok = false;
      ct.columns.push_back(std::move(col));
    }
    if (!ok) return;
    // collect: the element type of the rows; the table's type depends on the aggregate
    bool collect = table.hit == hit_policy::collect;
    // for a collected list the declared type is that of its items; a count is an integer
    // whatever the rows give
    std::optional<type_info> item_declared = declared;
    if (collect && table.aggregate == aggregate_kind::count) item_declared.reset();
    std::optional<type_info> item_type;
    const type_info* expect = item_declared ? &*item_declared : nullptr;
    for (const table_row& row : table.rows) {
      checked_row cr;
      cr.syntax = &row;
      for (std::size_t i = 0; i < row.when.size() && i < ct.columns.size(); ++i) {
        cr.cells.push_back(check_cell(row.when[i], ct.columns[i], ok));
      }
      cr.then = check_expr(row.then, {expect, {}, scope::rules});
      check_result(cr.then, item_declared, item_type, ok, what);
      ct.rows.push_back(std::move(cr));
    }
    if (table.otherwise) {
      if (collect && table.aggregate != aggregate_kind::min &&
          table.aggregate != aggregate_kind::max) {
        warning(codes::conflicting_keys,
                "a `collect` table with aggregate `" +
                    std::string(table.aggregate == aggregate_kind::list  ? "list"
                                : table.aggregate == aggregate_kind::sum ? "sum"
                                                                         : "count") +
                    "` always has a result; `otherwise` is never used",
                table.otherwise->at);
      }
      typed_expr o = check_expr(*table.otherwise, {expect, {}, scope::rules});
      check_result(o, item_declared, item_type, ok, what);
      ct.otherwise = std::move(o);
    }
    if (!ok || !item_type) return;
    type_info result = *item_type;
    if (collect) {
      switch (table.aggregate) {
        case aggregate_kind::list:
          result = type_info::of(type_kind::list);
          result.item = item_type->kind;
          result.enum_id = item_type->enum_id;
          if (item_type->optional) {
            error(codes::may_be_missing,
                  "the rows of a collected list must not give missing values", table.at);
            ok = false;
          }
          break;
        case aggregate_kind::count: result = type_info::of(type_kind::integer); break;
        case aggregate_kind::sum:
          if (!is_numeric(item_type->kind)) {
            error(codes::type_mismatch,
                  "`aggregate: sum` needs numbers, but the rows give " + describe(*item_type),
                  table.at);
            ok = false;
          }
          break;
        case aggregate_kind::min:
        case aggregate_kind::max:
          if (!is_ordered(item_type->kind)) {
            error(codes::type_mismatch,
                  "`aggregate: min/max` needs numbers or dates, but the rows give " +
                      describe(*item_type),
                  table.at);
            ok = false;
          }
          break;
      }
      if (declared && ok && table.aggregate != aggregate_kind::list &&
          declared->kind != result.kind) {
        error(codes::wrong_result_type,
              what + " is declared " + describe(*declared) + " but its table gives " +
                  describe(result),
              table.at);
        ok = false;
      }
    }
    if (!ok) return;
    inferred = result;
  }

  checked_cell check_cell(const table_cell& cell, const typed_expr& column, bool& ok) {
    checked_cell cc;
    cc.syntax = &cell;
    cc.kind = cell.kind;
    cc.op = cell.op;
    if (column.type.invalid) return cc;
    for (const expr& o : cell.operands) {
      typed_expr v = check_expr(o, {&column.type, {}, scope::rules});
      if (v.type.invalid) {
        ok = false;
        continue;
      }
      require_present(v);
      expr_op op = cell.kind == cell_kind::range ? expr_op::none
                   : cell.kind == cell_kind::compare ? cell.op
                                                     : expr_op::eq;
      if (!comparable(column, v, op, o.at)) {
        ok = false;
        continue;
      }
      if (column.type.kind == type_kind::decimal) widen(v, column.type);
      if (column.type.kind == type_kind::integer && v.type.kind == type_kind::decimal) {
        error(codes::type_mismatch,
              "this column holds whole numbers; compare it with whole numbers", o.at);
        ok = false;
        continue;
      }
      cc.operands.push_back(std::move(v));
    }
    return cc;
  }

  std::pair<std::optional<date>, std::optional<date>> version_range(const rule_version& v,
                                                                     bool& ok) {
    if (v.period.empty()) {
      if (v.from && v.to && *v.from > *v.to) {
        error(codes::invalid_period, "the version ends before it starts", v.at);
        ok = false;
      }
      return {v.from, v.to};
    }
    count_work();
    if (auto it = period_index_.find(v.period); it != period_index_.end()) {
      const checked_period& pd = p_->periods[it->second];
      return {pd.from, pd.to};
    }
    std::vector<std::string> names;
    for (const checked_period& pd : p_->periods) {
      if (!pd.syntax->name.empty()) names.push_back(pd.syntax->name);
    }
    std::vector<note> notes = suggestion(closest_match(v.period, names));
    if (names.empty()) notes.push_back({"name the periods under `effective:` with `name:`", {}});
    error(codes::unknown_period, "unknown period `" + v.period + "`", v.at, std::move(notes));
    ok = false;
    return {};
  }

  // Versions must not overlap and must cover every day the policy is in force.
  void check_version_coverage(const checked_rule& rule, const std::string& what) {
    std::vector<const checked_version*> sorted;
    for (const auto& v : rule.versions) sorted.push_back(&v);
    std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) {
      return a->from.value_or(date::min()) < b->from.value_or(date::min());
    });
    for (std::size_t i = 1; i < sorted.size(); ++i) {
      if (sorted[i - 1]->to.value_or(date::max()) >= sorted[i]->from.value_or(date::min())) {
        error(codes::dates_do_not_fit,
              "versions of " + what + " overlap from " +
                  sorted[i]->from.value_or(date::min()).to_string(),
              sorted[i]->syntax->at, {{"the earlier version", sorted[i - 1]->syntax->at}});
        return;
      }
    }
    // The versions (sorted, not overlapping) and the periods (sorted by start) are walked
    // together: each period from the first version that does not end before it, so that the
    // work is the versions plus the periods, not versions x periods.
    std::size_t first = 0;
    for (const checked_period& pd : p_->periods) {
      // walk the period's days through the sorted versions
      date cursor = pd.from.value_or(date::min());
      date end = pd.to.value_or(date::max());
      while (first < sorted.size() && sorted[first]->to.value_or(date::max()) < cursor) {
        count_work();
        ++first;
      }
      bool covered = false;  // some version holds `end` (and every day before it, from `from`)
      for (std::size_t i = first; i < sorted.size(); ++i) {
        count_work();
        const checked_version* v = sorted[i];
        if (v->from.value_or(date::min()) > cursor) break;
        if (v->to.value_or(date::max()) >= cursor) {
          if (v->to.value_or(date::max()) >= end) {
            cursor = end;
            covered = true;
            break;
          }
          cursor = date::from_days(v->to->days() + 1);
        }
      }
      if (!covered) {
        error(codes::dates_do_not_fit,
              what + " has no version for " + cursor.to_string() + ", when the policy is in force",
              rule.syntax->at,
              {{"the effective period" +
                    (pd.syntax->name.empty() ? std::string() : " `" + pd.syntax->name + "`"),
                pd.syntax->at}});
        return;
      }
    }
  }

  void check_rule(std::uint32_t index) {
    const rule_decl& decl = p_->doc->rules[index];
    std::uint32_t sym = rule_symbol_[index];
    std::string what = std::string(decl.role == rule_role::output ? "output" : "value") + " `" +
                       decl.name + "`";
    checked_rule cr;
    cr.syntax = &decl;
    cr.symbol = sym;
    std::optional<type_info> declared;
    bool ok = true;
    if (decl.type) {
      declared = type_of_decl(*decl.type);
      if (!declared) ok = false;
    }
    std::optional<type_info> inferred;
    for (const rule_version& v : decl.versions) {
      checked_version cv;
      cv.syntax = &v;
      cv.form = v.body.form;
      std::tie(cv.from, cv.to) = version_range(v, ok);
      if (!ok) break;
      switch (v.body.form) {
        case body_form::expression:
          cv.expression = check_expr(v.body.expression,
                                     {declared ? &*declared : nullptr, {}, scope::rules});
          check_result(cv.expression, declared, inferred, ok, what);
          break;
        case body_form::cases: check_cases(v.body, cv, declared, inferred, ok, what); break;
        case body_form::table: check_table(v.body, cv, declared, inferred, ok, what); break;
      }
      cr.versions.push_back(std::move(cv));
    }
    if (ok && decl.versioned) check_version_coverage(cr, what);
    symbol& s = p_->symbols[sym];
    if (!ok || !inferred) {
      s.type = type_info::bad();
    } else {
      s.type = *inferred;
      widen_results(cr, s.type);
      if (s.type.kind == type_kind::integer) infer_bounds(cr, s);
      for (checked_version& v : cr.versions) {
        if (v.form == body_form::table) v.table.exclusive_rows = analyze_table(v, what);
      }
    }
    p_->rules.push_back(std::move(cr));
  }

  // Once a rule's type is known, whole-number results of a decimal rule become decimals
  // (branches checked before a later decimal branch widened the type).
  static void widen_results(checked_rule& rule, const type_info& t) {
    for (checked_version& v : rule.versions) {
      switch (v.form) {
        case body_form::expression: widen(v.expression, t); break;
        case body_form::cases:
          for (checked_case& c : v.cases) widen(c.then, t);
          break;
        case body_form::table: {
          type_info item = t;
          if (v.table.hit == hit_policy::collect) {
            if (v.table.aggregate == aggregate_kind::count) break;
            if (v.table.aggregate == aggregate_kind::list) item = type_info::of(t.item);
          }
          for (checked_row& r : v.table.rows) widen(r.then, item);
          if (v.table.otherwise) widen(*v.table.otherwise, item);
          break;
        }
      }
    }
  }

  // Bounds of integer values (for table gap analysis): literals, ranged inputs, ages.
  std::pair<std::int64_t, std::int64_t> bounds_of(const typed_expr& e) const {
    constexpr auto lo = std::numeric_limits<std::int64_t>::min();
    constexpr auto hi = std::numeric_limits<std::int64_t>::max();
    switch (e.op) {
      case node_op::constant: return {e.bits, e.bits};
      case node_op::load: return {p_->symbols[e.symbol].lo, p_->symbols[e.symbol].hi};
      case node_op::call: return {e.fn->low, e.fn->high};  // from the function table
      case node_op::cond: {
        auto a = bounds_of(e.args[1]);
        auto b = bounds_of(e.args[2]);
        return {std::min(a.first, b.first), std::max(a.second, b.second)};
      }
      default: return {lo, hi};
    }
  }

  void infer_bounds(const checked_rule& rule, symbol& s) const {
    bool first = true;
    auto widen_to = [&](std::pair<std::int64_t, std::int64_t> b) {
      if (first) {
        s.lo = b.first;
        s.hi = b.second;
        first = false;
      } else {
        s.lo = std::min(s.lo, b.first);
        s.hi = std::max(s.hi, b.second);
      }
    };
    for (const checked_version& v : rule.versions) {
      switch (v.form) {
        case body_form::expression: widen_to(bounds_of(v.expression)); break;
        case body_form::cases:
          for (const checked_case& c : v.cases) widen_to(bounds_of(c.then));
          break;
        case body_form::table:
          if (v.table.hit == hit_policy::collect) {
            widen_to({std::numeric_limits<std::int64_t>::min(),
                      std::numeric_limits<std::int64_t>::max()});
          } else {
            for (const checked_row& r : v.table.rows) widen_to(bounds_of(r.then));
            if (v.table.otherwise) widen_to(bounds_of(*v.table.otherwise));
          }
          break;
      }
    }
  }

  // Defined in table_analysis.ipp. Reports gaps, overlaps and unused rows; true when it proved
  // that no two rows can match the same record.
  bool analyze_table(const checked_version& version, const std::string& what);

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

  // The folder `file:` paths are relative to (empty: the working directory).
  [[nodiscard]] std::filesystem::path policy_folder() const {
    return std::filesystem::path(p_->doc->file ? p_->doc->file->name() : std::string())
        .parent_path();
  }

  // The text of a cited document, whitespace normalised; nullptr (once reported) when its
  // `file:` lies outside the policy's folder (SR0007), cannot be read (SR0313) or is too large
  // (SR0005). Read once per document, through `check_options::read_file`.
  const std::string* source_text(const source_document& s) {
    auto cached = source_texts_.find(s.id);
    if (cached != source_texts_.end()) return cached->second ? &*cached->second : nullptr;
    const std::filesystem::path base = policy_folder();
    const source_span& at = s.file_at.valid() ? s.file_at : s.at;
    std::optional<std::string> text;
    if (resolve_inside(base, s.file)) {
      file_contents f = read_through(opts_.read_file, (base / s.file).string(),
                                     opts_.max_source_bytes);
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
    report_missing_quotes(first);
    // the path of a document no quote needed read must stay inside the policy's folder too
    if (!opts_.verify_quotes) return;
    const std::filesystem::path base = policy_folder();
    for (const source_document& s : doc.sources) {
      if (s.file.empty() || source_texts_.count(s.id) != 0 || resolve_inside(base, s.file)) {
        continue;
      }
      diagnostics_.push_back(
          outside_folder(s.file, s.file_at.valid() ? s.file_at : s.at, "the policy's",
                         "the document"));
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
      } else if (p_->doc->rules[s.index].role == rule_role::value) {
        warning(codes::unused_declaration, "value `" + s.name + "` is never used", s.at,
                {{"use it in a rule, or make it an output", {}}});
      }
    }
  }

  static constexpr std::uint32_t no_symbol = 0xFFFFFFFFU;

  std::shared_ptr<checked_policy> p_;
  const check_options& opts_;
  std::vector<diagnostic>& diagnostics_;
  std::unordered_map<std::string, std::uint32_t> names_;
  std::unordered_map<std::string, std::uint32_t> enum_value_ids_;
  std::map<std::vector<std::uint32_t>, std::uint32_t> enum_type_ids_;
  // what was worked out once per pair of enum types (enum_pair(a, b))
  std::unordered_map<std::uint64_t, std::uint32_t> enum_unions_;
  std::unordered_map<std::uint64_t, bool> enum_overlaps_;
  std::unordered_map<std::uint64_t, std::string> enum_outside_;
  std::size_t suggestion_budget_ = enum_suggestion_budget;
  std::unordered_map<std::string, std::uint32_t> string_ids_;
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::size_t> edge_index_;
  std::map<std::string, std::optional<std::string>> source_texts_;
  // The distinct quotes (whitespace normalised) of each cited document, by its id, and each
  // citation whose quote check_citations looks for.
  struct cited_quotes {
    const std::string* text = nullptr;  // the document's, normalised (in source_texts_)
    std::unordered_map<std::string, std::size_t> index;  // quote -> its number
    std::vector<bool> found;                             // by number
  };
  struct quote_check {
    const source_document* document;
    std::size_t quote;     // its number in cited_quotes::index
    source_span at;        // where SR0312 goes when the quote is not found
    std::size_t position;  // diagnostics_.size() when it was cited: where SR0312 goes in the list
  };
  std::map<std::string, cited_quotes> cited_quotes_;
  std::vector<quote_check> quote_checks_;
  std::vector<std::uint32_t> rule_symbol_, parameter_symbol_, input_symbol_;
  std::vector<std::uint32_t> order_;
  std::unordered_map<std::string, std::size_t> period_index_;  // name -> index into periods
};

// The names of each enum type's values, as sets made when first asked for: the tests of a
// policy with an enum of 100,000 values look each expected value up instead of scanning.
class enum_name_sets {
 public:
  explicit enum_name_sets(const checked_policy& policy) : policy_(policy) {}

  std::size_t suggestion_budget = enum_suggestion_budget;  ///< for closest_enum_value

  bool has(std::uint32_t enum_id, std::string_view name) {
    auto [it, inserted] = sets_.try_emplace(enum_id);
    if (inserted) {
      count_work(policy_.enums[enum_id].size());
      for (const std::string& v : enum_value_names(policy_, enum_id)) it->second.insert(v);
    }
    return it->second.count(name) != 0;
  }

 private:
  const checked_policy& policy_;
  std::unordered_map<std::uint32_t, std::unordered_set<std::string_view>> sets_;
};

// Why an expected value of output `out` can never match its type; empty when it can.
SSPRULES_INLINE std::string expected_value_problem(const checked_policy& policy,
                                                   const symbol* out, const field_entry& f,
                                                   enum_name_sets& enums) {
  if (!out || out->type.invalid || f.value.null) return {};
  const std::string& text = f.value.text;
  std::string what = "`" + f.name + "` = `" + text + "`, but ";
  switch (out->type.kind) {
    case type_kind::boolean:
      if (text != "true" && text != "false") return what + "it is true or false";
      break;
    case type_kind::integer:
      if (!parse_integer(text)) return what + "it is a whole number";
      break;
    case type_kind::decimal:
      if (!decimal::parse(text)) return what + "it is a decimal number";
      break;
    case type_kind::date:
      if (!date::parse(text)) return what + "it is a date YYYY-MM-DD";
      break;
    case type_kind::enumeration:
      if (!enums.has(out->type.enum_id, text)) {
        std::string close =
            closest_enum_value(policy, out->type.enum_id, text, enums.suggestion_budget);
        return what + "it is one of " + enum_value_list(policy, out->type.enum_id) +
               (close.empty() ? std::string() : " (did you mean `" + close + "`?)");
      }
      break;
    default: break;
  }
  return {};
}

SSPRULES_INLINE void check_tests(const checked_policy& policy, const std::vector<test_case>& tests,
                                 bool file_as_of, std::vector<diagnostic>& diagnostics) {
  auto error = [&](const code_info& code, std::string message, const source_span& at,
                   std::vector<note> notes = {}) {
    diagnostics.push_back({severity::error, code.id, std::move(message), at, std::move(notes)});
  };
  auto suggestion = [](const std::string& close) {
    return close.empty() ? std::vector<note>{}
                         : std::vector<note>{{"did you mean `" + close + "`?", {}}};
  };
  std::vector<std::string> inputs;
  std::vector<std::string> outputs;
  for (const auto& in : policy.doc->inputs) inputs.push_back(in.name);
  for (const auto& r : policy.doc->rules) {
    if (r.role == rule_role::output) outputs.push_back(r.name);
  }
  // looked up by name for every field of every test
  const std::unordered_set<std::string_view> input_set(inputs.begin(), inputs.end());
  const std::unordered_set<std::string_view> output_set(outputs.begin(), outputs.end());
  std::unordered_map<std::string_view, const symbol*> rule_symbols;
  for (const symbol& s : policy.symbols) {
    if (s.kind == symbol_kind::rule) rule_symbols[s.name] = &s;  // the last of a name, as before
  }
  enum_name_sets enum_sets(policy);
  std::set<std::string> names;
  for (const test_case& t : tests) {
    if (!names.insert(t.name).second) {
      error(codes::invalid_test, "two tests are named `" + t.name + "`", t.at);
    }
    if (!t.as_of && !file_as_of) {
      error(codes::invalid_test, "test `" + t.name + "` has no `as_of`", t.at,
            {{"tests pin the evaluation date so that they give the same result every day", {}}});
    }
    for (const field_entry& f : t.input) {
      if (f.name == "id" || f.name == "as_of") continue;
      if (input_set.count(f.name) == 0) {
        error(codes::invalid_test, "test `" + t.name + "` sets unknown input `" + f.name + "`",
              f.at, suggestion(closest_match(f.name, inputs)));
      }
    }
    for (const field_entry& f : t.expect) {
      if (output_set.count(f.name) == 0) {
        error(codes::invalid_test, "test `" + t.name + "` expects unknown output `" + f.name + "`",
              f.at, suggestion(closest_match(f.name, outputs)));
        continue;
      }
      auto out = rule_symbols.find(f.name);
      std::string problem = expected_value_problem(
          policy, out == rule_symbols.end() ? nullptr : out->second, f, enum_sets);
      if (!problem.empty()) {
        error(codes::invalid_test, "test `" + t.name + "` expects " + problem, f.value.at);
      }
    }
    if (t.error) {
      const std::string& code = t.error->code;
      if (!well_formed_code(code)) {
        error(codes::invalid_test, "`" + code + "` is not an error code; codes look like `SR1006`",
              t.error->at);
      }
    }
  }
}

}  // namespace detail

SSPRULES_INLINE const rule_document& checked_rules::document() const {
  if (!impl_) throw error("ssprules::checked_rules: empty (check failed to run)");
  return *impl_->doc;
}

SSPRULES_INLINE std::vector<graph_node> checked_rules::graph_nodes() const {
  std::vector<graph_node> out;
  if (!impl_) return out;
  for (const detail::symbol& s : impl_->symbols) {
    if (s.kind == detail::symbol_kind::broken) {
      out.push_back({s.name, "broken"});
      continue;
    }
    std::string kind = s.kind == detail::symbol_kind::input       ? "input"
                       : s.kind == detail::symbol_kind::parameter ? "parameter"
                       : impl_->doc->rules[s.index].role == rule_role::output ? "output"
                                                                               : "value";
    out.push_back({s.name, kind});
  }
  return out;
}

SSPRULES_INLINE std::vector<std::pair<std::size_t, std::size_t>> checked_rules::graph_edges()
    const {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  if (!impl_) return out;
  for (const detail::dependency& d : impl_->dependencies) out.emplace_back(d.from, d.to);
  return out;
}

SSPRULES_INLINE check_result check(rule_document doc, const check_options& opts) {
  check_result result;
  auto shared = std::make_shared<const rule_document>(std::move(doc));
  detail::checker c(shared, opts, result.diagnostics);
  std::shared_ptr<detail::checked_policy> policy = c.run();
  // invariant: a policy is ok only when every name has a type (an untyped one always comes
  // with an error; the second condition guards compile against a missed report)
  bool all_typed = std::none_of(policy->symbols.begin(), policy->symbols.end(),
                                [](const detail::symbol& s) {
                                  return s.type.invalid && s.kind != detail::symbol_kind::broken;
                                });
  policy->ok = policy->doc->complete && !has_errors(result.diagnostics) && all_typed;
  if (policy->doc->complete && !has_errors(result.diagnostics) && !all_typed) {
    result.diagnostics.push_back({severity::error,
                                  detail::codes::internal_error.id,
                                  "internal error: a rule could not be typed but no error was "
                                  "reported; please report this policy",
                                  source_span::at(policy->doc->file, 0, 0),
                                  {}});
  }
  result.rules = checked_rules(std::move(policy));
  std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(),
                   [](const diagnostic& a, const diagnostic& b) {
                     return std::tie(a.at.line, a.at.column) < std::tie(b.at.line, b.at.column);
                   });
  return result;
}

}  // namespace ssprules

#include "ssprules/impl/table_analysis.ipp"
