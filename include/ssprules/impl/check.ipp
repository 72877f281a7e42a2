// Definitions for check.hpp: name resolution, types, the dependency graph (Boost.Graph),
// versions and periods, citations, unused warnings. The checker is built in parts, one concern
// per file, each a class derived from the one before:
//
//   check_state.ipp         the policy, diagnostics, enum and type helpers, periods, symbols
//   check_dependencies.ipp  the dependency graph, its order and cycles (Boost.Graph)
//   check_expressions.ipp   expressions and their types
//   check_rules.ipp         inputs, parameters, rules, cases, tables (table_analysis.ipp)
//   check_sources.ipp       assertions, citations and cited documents, unused names
//   check_imports.ipp       the definitions files of `imports:`, merged in (run first)
//   check_calendar.ipp      the working-day calendar and its holidays (run next)
//   check_tests.ipp         tests against the policy (also for test files)
#include <algorithm>
#include <memory>
#include <tuple>
#include <vector>

#include "ssprules/impl/check_calendar.ipp"
#include "ssprules/impl/check_sources.ipp"
#include "ssprules/impl/check_tests.ipp"

namespace ssprules::inline SSPRULES_ABI {
namespace detail {

// The whole checker: every part, run in order.
class checker : public source_checker {
 public:
  using source_checker::source_checker;

  std::shared_ptr<checked_policy> run() {
    const rule_document& doc = *p_->doc;
    p_->working_days = resolve_working_days(doc, opts_, diagnostics_);
    check_periods();
    declare_symbols();
    collect_dependencies();
    order_by_dependencies();
    check_inputs();
    for (std::uint32_t s : order_) {
      // copied: checking adds symbols (the items of lists) and may move the table
      const symbol_kind kind = p_->symbols[s].kind;
      const std::uint32_t index = p_->symbols[s].index;
      if (kind == symbol_kind::parameter) check_parameter(index);
      if (kind == symbol_kind::rule) check_rule(index);
      if (kind == symbol_kind::function) check_function(index);
    }
    check_assertions();
    check_citations();
    warn_unused();
    check_tests(*p_, doc.tests, doc.tests_as_of.has_value(), diagnostics_);
    return p_;
  }
};

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
    std::string kind = s.kind == detail::symbol_kind::input                   ? "input"
                       : s.kind == detail::symbol_kind::parameter             ? "parameter"
                       : s.kind == detail::symbol_kind::function              ? "function"
                       : s.kind == detail::symbol_kind::param                 ? "param"
                       : s.kind == detail::symbol_kind::item                  ? "item"
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
  result.diagnostics = resolve_imports(doc, opts);
  auto shared = std::make_shared<const rule_document>(std::move(doc));
  detail::checker c(shared, opts, result.diagnostics);
  std::shared_ptr<detail::checked_policy> policy = c.run();
  // invariant: a policy is ok only when every name has a type (an untyped one always comes
  // with an error; the second condition guards compile against a missed report)
  bool all_typed =
      std::none_of(policy->symbols.begin(), policy->symbols.end(), [](const detail::symbol& s) {
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
  detail::sort_by_place(result.diagnostics, result.rules.impl()->doc->file);
  return result;
}

}  // namespace ssprules::inline SSPRULES_ABI

#include "ssprules/impl/table_analysis.ipp"
