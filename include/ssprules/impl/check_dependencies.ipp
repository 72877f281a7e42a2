// Part of check (impl/check.ipp includes the parts in order): the dependency graph of the symbols
// (Boost.Graph), their order, and cycles reported with their whole path.
#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>
#include <boost/graph/topological_sort.hpp>
#include <map>
#include <vector>

#include "ssprules/impl/check_state.ipp"

namespace ssprules::inline SSPRULES_ABI {
namespace detail {

class dependency_checker : public check_state {
 public:
  using check_state::check_state;

 protected:
  // -------------------------------------------------------------------------------------------
  // dependency graph

  // Edges from the names `e` uses (and the user functions it calls) to `user`; the names in
  // `local` (a function's parameters) are not symbols of the policy.
  void note_names(const expr& e, std::uint32_t user, const function_decl* local = nullptr) {
    if (e.kind == expr_kind::each || e.kind == expr_kind::quantified) {
      // the item's name is bound in the value and the condition, not in the list
      note_names(e.args[0], user, local);
      bound_.push_back(e.text);
      for (std::size_t k = 1; k < e.args.size(); ++k) note_names(e.args[k], user, local);
      bound_.pop_back();
      return;
    }
    const bool is_local = e.kind == expr_kind::name &&
                          ((local && std::any_of(local->params.begin(), local->params.end(),
                                                 [&](const function_param& param) {
                                                   return param.name == e.text;
                                                 })) ||
                           std::find(bound_.begin(), bound_.end(), e.text) != bound_.end());
    const bool calls_function = e.kind == expr_kind::call && !find_function(e.text);
    if ((e.kind == expr_kind::name && !is_local) || calls_function) {
      auto it = names_.find(e.text);
      if (it != names_.end() &&
          (e.kind == expr_kind::name) != (p_->symbols[it->second].kind == symbol_kind::function)) {
        auto key = std::make_pair(it->second, user);
        if (it->second != user) p_->symbols[it->second].used = true;
        if (edge_index_.try_emplace(key, p_->dependencies.size()).second) {
          p_->dependencies.push_back({it->second, user, e.at});
        }
      }
    }
    for (const expr& a : e.args) note_names(a, user, local);
  }

  std::vector<std::string> bound_;  // names of list items in scope (note_names)

  void note_body(const rule_body& b, std::uint32_t user, const function_decl* local = nullptr) {
    switch (b.form) {
      case body_form::expression:
        note_names(b.expression, user, local);
        break;
      case body_form::cases:
        for (const case_clause& c : b.cases) {
          if (c.when) note_names(*c.when, user, local);
          note_names(c.then, user, local);
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
    // a function depends on what its body uses, so that a rule calling it comes after those,
    // and a function that calls itself (directly or through others) is a cycle like any other
    for (const checked_function& f : p_->functions) {
      if (f.symbol != no_symbol) note_body(f.syntax->body, f.symbol, f.syntax);
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
      auto it =
          edge_index_.find({static_cast<std::uint32_t>(used), static_cast<std::uint32_t>(user)});
      if (it == edge_index_.end()) continue;
      const source_span& at = p_->dependencies[it->second].at;
      if (i == 0) {
        first_at = at;
      } else {
        const bool call = p_->symbols[used].kind == symbol_kind::function;
        notes.push_back({"`" + p_->symbols[user].name + (call ? "` calls `" : "` uses `") +
                             p_->symbols[used].name + "` here",
                         at});
      }
    }
    const bool through_function = std::any_of(path.begin(), path.end(), [&](std::size_t v) {
      return p_->symbols[v].kind == symbol_kind::function;
    });
    notes.push_back({through_function ? "a function cannot call itself, and a rule cannot depend "
                                        "on itself, directly or through other functions and rules"
                                      : "a rule cannot depend on itself, directly or through "
                                        "other rules",
                     {}});
    error(codes::dependency_cycle, "dependency cycle: " + text, first_at, std::move(notes));
  }
};

}  // namespace detail
}  // namespace ssprules::inline SSPRULES_ABI
