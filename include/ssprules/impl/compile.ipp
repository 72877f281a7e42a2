// Definitions for compile.hpp: lowering checked rules to the flat program, constant folding,
// parameter values per date segment, load-time assertions, and the load helpers.
#include <algorithm>
#include <atomic>
#include <map>
#include <set>

#include "ssprules/compile.hpp"
#include "ssprules/detail/program.hpp"

namespace ssprules {
namespace detail {

// Day-number bounds used for open date ranges.
inline std::int32_t first_day() { return date::min().days(); }
inline std::int32_t last_day() { return date::max().days(); }

class compiler {
 public:
  compiler(const checked_rules& rules, std::vector<diagnostic>& diagnostics)
      : diagnostics_(diagnostics) {
    p_ = std::make_shared<program_impl>();
    static std::atomic<std::uint64_t> serials{0};
    p_->serial = ++serials;
    p_->checked = rules;
    p_->policy = rules.impl();
  }

  std::shared_ptr<program_impl> run() {
    const checked_policy& cp = *p_->policy;
    p_->slot_count = static_cast<std::uint32_t>(cp.symbols.size()) + 1;
    p_->as_of_slot = p_->slot_count - 1;
    p_->input_count = static_cast<std::uint32_t>(cp.inputs.size());
    p_->parameter_count = static_cast<std::uint32_t>(cp.parameters.size());
    p_->calendar = cp.doc->calendar;
    // invariant: slots are inputs, then parameters, then rules, in declaration order
    for (std::uint32_t i = 0; i < p_->parameter_count; ++i) {
      SSPRULES_ASSERT(cp.symbols[p_->input_count + i].kind == symbol_kind::parameter &&
                      cp.symbols[p_->input_count + i].index == i);
    }
    describe_periods();
    make_inputs();
    make_segments();
    evaluate_parameters();
    check_assertions();
    lower_rules();
    describe_outputs();
    return p_;
  }

 private:
  void error(const char* code, std::string message, const source_span& at,
             std::vector<note> notes = {}) {
    diagnostics_.push_back({severity::error, code, std::move(message), at, std::move(notes)});
  }

  // ---------------------------------------------------------------------------------------
  // lowering with constant folding

  // Lowers a typed expression, folding constant subtrees. `always` says the expression runs
  // whenever its rule does: a constant one that fails is then an error (SR0603); in a branch
  // that may never be taken (`if places == 0 then 0 else 100 / places`) it is left to run time.
  std::uint32_t lower(const typed_expr& e, bool always = true) {
    std::size_t node_mark = p_->nodes.size();
    std::size_t child_mark = p_->children.size();
    std::vector<std::uint32_t> kids;
    kids.reserve(e.args.size());
    for (std::size_t i = 0; i < e.args.size(); ++i) {
      kids.push_back(lower(e.args[i], always && runs_whenever_parent_does(e.op, i)));
    }
    code_node n;
    n.op = e.op;
    n.kind = e.type.kind;
    n.operand_kind = e.operand_kind;
    n.fn = e.fn;
    n.negated = e.negated;
    n.optional = e.type.optional;
    n.bits = e.bits;
    n.source = &e;
    if (e.op == node_op::load) {
      n.bits = e.symbol;  // symbol id == slot
      const symbol& s = p_->policy->symbols[e.symbol];
      if (s.kind == symbol_kind::parameter && constant_parameter_[s.index]) {
        n.op = node_op::constant;
        n.bits = *constant_parameter_[s.index];
      }
    }
    if (e.op == node_op::constant && e.type.kind == type_kind::string) {
      n.bits = (e.bits << 1) | 1;  // a constant string
    }
    if (e.op == node_op::as_of) {  // the evaluation date has a slot of its own
      n.op = node_op::load;
      n.bits = p_->as_of_slot;
    }
    specialize(n, kids);
    n.first = static_cast<std::uint32_t>(p_->children.size());
    n.count = static_cast<std::uint32_t>(kids.size());
    p_->children.insert(p_->children.end(), kids.begin(), kids.end());
    choose_handler(*p_, n);
    auto index = static_cast<std::uint32_t>(p_->nodes.size());
    p_->nodes.push_back(n);
    if (!foldable(n, kids)) return index;
    try {
      frame empty;
      std::int64_t bits = evaluate_node(*p_, empty, index);
      // the subtree collapses into one constant
      p_->nodes.resize(node_mark);
      p_->children.resize(child_mark);
      n.op = node_op::constant;
      n.first = n.count = 0;
      n.bits = bits;
      choose_handler(*p_, n);
      p_->nodes.push_back(n);
      return static_cast<std::uint32_t>(node_mark);
    } catch (const eval_failure& f) {
      if (always) {
        error("SR0603", "this expression always fails: " + f.message,
              e.syntax ? e.syntax->at : source_span{});
      }
      return index;
    }
  }

  // Whether argument `i` of an `op` node is evaluated every time the node is.
  static bool runs_whenever_parent_does(node_op op, std::size_t i) {
    switch (op) {
      case node_op::cond: return i == 0;
      case node_op::and_:
      case node_op::or_:
      case node_op::coalesce: return i == 0;
      case node_op::in_list: return i <= 1;
      default: return true;
    }
  }

  bool is_constant(std::uint32_t node) const { return p_->nodes[node].op == node_op::constant; }

  // Moves constant operands of comparisons and membership tests out of the tree: fewer nodes to
  // visit for every record (`age == 17`, `category in [3, 4]`, `age in 18..23`).
  void specialize(code_node& n, std::vector<std::uint32_t>& kids) {
    switch (n.op) {
      case node_op::eq: case node_op::ne: case node_op::lt:
      case node_op::le: case node_op::gt: case node_op::ge: {
        if (kids.size() != 2) return;
        if (!is_constant(kids[1]) && is_constant(kids[0])) {  // `17 == age` -> `age == 17`
          std::swap(kids[0], kids[1]);
          n.op = n.op == node_op::lt   ? node_op::gt
                 : n.op == node_op::gt ? node_op::lt
                 : n.op == node_op::le ? node_op::ge
                 : n.op == node_op::ge ? node_op::le
                                       : n.op;
        }
        if (!is_constant(kids[1])) return;
        n.constant_rhs = true;
        n.bits = p_->nodes[kids[1]].bits;
        kids.pop_back();
        return;
      }
      case node_op::in_list:
      case node_op::in_range: {
        if (kids.size() < 2 ||
            !std::all_of(kids.begin() + 1, kids.end(), [&](std::uint32_t k) { return is_constant(k); })) {
          return;
        }
        n.constant_set = true;
        n.bits = static_cast<std::int64_t>(p_->constants.size());
        n.aux = static_cast<std::uint32_t>(kids.size() - 1);
        for (std::size_t i = 1; i < kids.size(); ++i) p_->constants.push_back(p_->nodes[kids[i]].bits);
        kids.resize(1);
        return;
      }
      default: return;
    }
  }

  bool foldable(const code_node& n, const std::vector<std::uint32_t>& kids) const {
    if (n.op == node_op::constant || n.op == node_op::load) return false;
    if (n.op == node_op::call && n.fn == builtin::present) return false;
    if (n.kind == type_kind::string && n.op != node_op::cond) return false;
    return std::all_of(kids.begin(), kids.end(), [&](std::uint32_t k) {
      return p_->nodes[k].op == node_op::constant;
    });
  }

  std::uint32_t push_children(const std::vector<std::uint32_t>& nodes) {
    auto first = static_cast<std::uint32_t>(p_->children.size());
    p_->children.insert(p_->children.end(), nodes.begin(), nodes.end());
    return first;
  }

  // ---------------------------------------------------------------------------------------
  // inputs, periods, segments, parameters, assertions

  void describe_periods() {
    for (const checked_period& pd : p_->policy->periods) {
      p_->periods_info.push_back({pd.syntax->name, pd.from, pd.to});
    }
  }

  void make_inputs() {
    const checked_policy& cp = *p_->policy;
    for (const checked_input& ci : cp.inputs) {
      const symbol& s = cp.symbols[ci.symbol];
      input_slot slot;
      slot.name = s.name;
      slot.type = s.type;
      slot.required = !ci.syntax->optional && !ci.default_value;
      slot.min = ci.min;
      slot.max = ci.max;
      if (s.type.kind == type_kind::enumeration) {
        for (std::uint32_t v : cp.enums[s.type.enum_id]) slot.enum_ids.emplace(cp.enum_values[v], v);
      }
      input_info info;
      info.name = s.name;
      info.type = cp.public_type(s.type);
      info.type.min = ci.min;
      info.type.max = ci.max;
      info.required = slot.required;
      info.doc = ci.syntax->doc;
      if (ci.default_value) {
        std::uint32_t node = lower(*ci.default_value);
        frame empty;
        try {
          slot.default_bits = evaluate_node(*p_, empty, node);
          info.default_value = to_value(*p_, empty, s.type.required(), *slot.default_bits, true);
        } catch (const eval_failure& f) {
          error("SR0603", "the default of `" + s.name + "` fails: " + f.message,
                ci.default_value->syntax->at);
        }
      }
      p_->inputs.push_back(std::move(slot));
      p_->inputs_info.push_back(std::move(info));
    }
  }

  // Days on which the period or a parameter changes.
  void make_segments() {
    const checked_policy& cp = *p_->policy;
    std::set<std::int32_t> points{first_day()};
    auto add_end = [&](const std::optional<date>& to) {
      if (to && to->days() < last_day()) points.insert(to->days() + 1);
    };
    for (const checked_period& pd : cp.periods) {
      if (pd.from) points.insert(pd.from->days());
      add_end(pd.to);
    }
    for (const checked_parameter& pm : cp.parameters) {
      for (const auto& c : pm.changes) {
        if (c.from) points.insert(c.from->days());
      }
    }
    p_->breakpoints.assign(points.begin(), points.end());
    for (std::int32_t from : p_->breakpoints) {
      segment s;
      s.from = from;
      for (std::size_t i = 0; i < cp.periods.size(); ++i) {
        const checked_period& pd = cp.periods[i];
        if (pd.from.value_or(date::min()).days() <= from &&
            from <= pd.to.value_or(date::max()).days()) {
          s.period = static_cast<std::int32_t>(i);
        }
      }
      s.parameters.assign(cp.parameters.size(), 0);
      p_->segments.push_back(std::move(s));
    }
  }

  void evaluate_parameters() {
    const checked_policy& cp = *p_->policy;
    constant_parameter_.assign(cp.parameters.size(), std::nullopt);
    // lower each change (parameters only reference parameters; nothing folds into them yet)
    std::vector<std::vector<std::uint32_t>> nodes(cp.parameters.size());
    for (std::size_t i = 0; i < cp.parameters.size(); ++i) {
      for (const auto& c : cp.parameters[i].changes) nodes[i].push_back(lower(c.value));
    }
    std::vector<bool> failed(cp.parameters.size(), false);
    for (segment& s : p_->segments) {
      frame f;
      f.slots.assign(p_->slot_count, 0);
      f.state.assign(p_->slot_count, state_present);
      f.as_of = s.from;
      // checked_policy::parameters is in dependency order
      for (std::size_t i = 0; i < cp.parameters.size(); ++i) {
        const checked_parameter& pm = cp.parameters[i];
        std::size_t pick = 0;
        bool has = false;
        for (std::size_t k = 0; k < pm.changes.size(); ++k) {
          if (pm.changes[k].from.value_or(date::min()).days() <= s.from) {
            pick = k;
            has = true;
          }
        }
        if (!has) continue;  // before its first value (the policy is not in force then)
        try {
          std::int64_t v = evaluate_node(*p_, f, nodes[i][pick]);
          f.slots[pm.symbol] = v;
          s.parameters[p_->policy->symbols[pm.symbol].index] = v;
        } catch (const eval_failure& e) {
          if (!failed[i]) {
            error("SR0603", "parameter `" + cp.symbols[pm.symbol].name + "` fails: " + e.message,
                  pm.changes[pick].syntax->at);
          }
          failed[i] = true;
        }
      }
    }
    // a parameter with the same value on every day the policy is in force folds into a
    // constant (one written once but computed from a parameter that changes does not)
    for (std::size_t i = 0; i < cp.parameters.size(); ++i) {
      if (failed[i]) continue;
      std::uint32_t index = cp.symbols[cp.parameters[i].symbol].index;
      std::optional<std::int64_t> only;
      bool same = true;
      for (const segment& s : p_->segments) {
        if (s.period < 0) continue;
        if (only && *only != s.parameters[index]) same = false;
        only = s.parameters[index];
      }
      if (same && only) constant_parameter_[index] = only;
    }
  }

  void check_assertions() {
    const checked_policy& cp = *p_->policy;
    for (const checked_assertion& a : cp.assertions) {
      std::uint32_t node = lower(a.condition);
      for (const segment& s : p_->segments) {
        if (s.period < 0) continue;
        frame f;
        f.slots.assign(p_->slot_count, 0);
        f.state.assign(p_->slot_count, state_present);
        for (const checked_parameter& pm : cp.parameters) {
          f.slots[pm.symbol] = s.parameters[cp.symbols[pm.symbol].index];
        }
        bool holds = false;
        std::string why;
        try {
          holds = evaluate_node(*p_, f, node) != 0;
        } catch (const eval_failure& e) {
          why = e.message;
        }
        if (holds) continue;
        std::string when = s.from == first_day()
                               ? std::string()
                               : " from " + date::from_days(s.from).to_string();
        std::vector<note> notes;
        if (!a.syntax->message.empty()) notes.push_back({a.syntax->message, {}});
        for (std::uint32_t sym : parameters_in(a.condition)) {
          notes.push_back({"`" + cp.symbols[sym].name + "` = " +
                               to_value(*p_, f, cp.symbols[sym].type, f.slots[sym], true)
                                   .to_string(),
                           {}});
        }
        error("SR0601", "assertion `" + a.syntax->name + "` does not hold" + when +
                            (why.empty() ? std::string() : ": " + why),
              a.syntax->condition.at, std::move(notes));
        break;
      }
    }
  }

  static void collect_loads(const typed_expr& e, std::vector<std::uint32_t>& out) {
    if (e.op == node_op::load && std::find(out.begin(), out.end(), e.symbol) == out.end()) {
      out.push_back(e.symbol);
    }
    for (const typed_expr& a : e.args) collect_loads(a, out);
  }

  static std::vector<std::uint32_t> parameters_in(const typed_expr& e) {
    std::vector<std::uint32_t> out;
    collect_loads(e, out);
    return out;
  }

  // ---------------------------------------------------------------------------------------
  // rules

  void lower_rules() {
    const checked_policy& cp = *p_->policy;
    std::vector<std::vector<std::uint32_t>> deps(cp.symbols.size());
    for (const dependency& d : cp.dependencies) deps[d.to].push_back(d.from);
    std::map<std::uint32_t, std::int32_t> output_index;  // symbol -> output position
    std::int32_t next_output = 0;
    for (const rule_decl& r : cp.doc->rules) {
      if (r.role != rule_role::output) continue;
      for (std::uint32_t s = 0; s < cp.symbols.size(); ++s) {
        if (cp.symbols[s].kind == symbol_kind::rule && cp.symbols[s].name == r.name) {
          output_index[s] = next_output++;
          break;
        }
      }
    }
    p_->output_rules.assign(static_cast<std::size_t>(next_output), 0);
    for (const checked_rule& r : cp.rules) {
      compiled_rule out;
      out.slot = r.symbol;
      out.type = cp.symbols[r.symbol].type;
      out.deps = deps[r.symbol];
      out.source = &r;
      auto it = output_index.find(r.symbol);
      if (it != output_index.end()) {
        out.output = it->second;
        p_->output_rules[static_cast<std::size_t>(it->second)] =
            static_cast<std::uint32_t>(p_->rules.size());
      }
      out.first_version = static_cast<std::uint32_t>(p_->versions.size());
      for (const checked_version& v : r.versions) p_->versions.push_back(lower_version(v));
      out.version_count = static_cast<std::uint32_t>(r.versions.size());
      choose_rule_handler(*p_, out);
      p_->rules.push_back(std::move(out));
    }
  }

  compiled_version lower_version(const checked_version& v) {
    compiled_version out;
    out.from = v.from ? v.from->days() : first_day();
    out.to = v.to ? v.to->days() : last_day();
    out.form = v.form;
    out.source = &v;
    switch (v.form) {
      case body_form::expression: out.expression = lower(v.expression); break;
      case body_form::cases: {
        std::vector<compiled_case> cases;
        for (const checked_case& c : v.cases) {
          compiled_case cc;
          cc.source = &c;
          // only the first `when` runs for every record
          if (c.when) cc.when = lower(*c.when, cases.empty());
          cc.then = lower(c.then, false);
          cases.push_back(cc);
        }
        out.first_case = static_cast<std::uint32_t>(p_->cases.size());
        out.case_count = static_cast<std::uint32_t>(cases.size());
        p_->cases.insert(p_->cases.end(), cases.begin(), cases.end());
        break;
      }
      case body_form::table: {
        const checked_table& t = v.table;
        out.hit = t.hit;
        out.aggregate = t.aggregate;
        std::vector<std::uint32_t> columns;
        for (const typed_expr& c : t.columns) columns.push_back(lower(c));
        out.first_column = push_children(columns);
        out.column_count = static_cast<std::uint32_t>(columns.size());
        std::vector<compiled_row> rows;
        for (const checked_row& r : t.rows) {
          compiled_row cr;
          cr.source = &r;
          std::vector<compiled_cell> cells;
          for (const checked_cell& c : r.cells) {
            compiled_cell cc;
            cc.kind = c.kind;
            cc.op = c.op;
            std::vector<std::uint32_t> operands;
            for (const typed_expr& o : c.operands) operands.push_back(lower(o, false));
            cc.count = static_cast<std::uint32_t>(operands.size());
            cc.constant = std::all_of(operands.begin(), operands.end(),
                                      [&](std::uint32_t k) { return is_constant(k); });
            if (cc.constant) {  // the usual cell: `recipient`, `>= 18`, `17..23`, `[3, 4]`
              cc.first = static_cast<std::uint32_t>(p_->constants.size());
              for (std::uint32_t k : operands) p_->constants.push_back(p_->nodes[k].bits);
            } else {
              cc.first = push_children(operands);
            }
            cells.push_back(cc);
          }
          cr.first_cell = static_cast<std::uint32_t>(p_->cells.size());
          p_->cells.insert(p_->cells.end(), cells.begin(), cells.end());
          cr.then = lower(r.then, false);
          rows.push_back(cr);
        }
        out.first_row = static_cast<std::uint32_t>(p_->rows.size());
        out.row_count = static_cast<std::uint32_t>(rows.size());
        p_->rows.insert(p_->rows.end(), rows.begin(), rows.end());
        if (t.otherwise) out.otherwise = lower(*t.otherwise, false);
        out.exclusive_rows = t.exclusive_rows;
        break;
      }
    }
    return out;
  }

  void describe_outputs() {
    const checked_policy& cp = *p_->policy;
    auto names = std::make_shared<std::vector<std::string>>();
    for (std::uint32_t r : p_->output_rules) {
      const compiled_rule& rule = p_->rules[r];
      const symbol& s = cp.symbols[rule.slot];
      output_info info;
      info.name = s.name;
      info.type = cp.public_type(s.type);
      info.doc = rule.source->syntax->doc;
      p_->outputs_info.push_back(std::move(info));
      names->push_back(s.name);
      p_->output_slots.push_back(rule.slot);
      if (s.type.kind == type_kind::string || s.type.kind == type_kind::list) {
        p_->pooled_outputs = true;
      }
    }
    p_->output_names = std::move(names);
  }

  std::shared_ptr<program_impl> p_;
  std::vector<diagnostic>& diagnostics_;
  std::vector<std::optional<std::int64_t>> constant_parameter_;
};

}  // namespace detail

SSPRULES_INLINE std::size_t detail::program_impl::segment_index(std::int32_t d) const {
  auto it = std::upper_bound(breakpoints.begin(), breakpoints.end(), d);
  return it == breakpoints.begin() ? 0 : static_cast<std::size_t>(it - breakpoints.begin()) - 1;
}

SSPRULES_INLINE const detail::segment& detail::program_impl::segment_at(std::int32_t d) const {
  return segments[segment_index(d)];
}

SSPRULES_INLINE const std::string& detail::program_impl::string_of(std::int64_t bits,
                                                                  const frame& f) const {
  auto index = static_cast<std::size_t>(bits >> 1);
  if ((bits & 1) != 0) return policy->strings[index];
  return (*f.input_strings)[index];
}

SSPRULES_INLINE compile_result compile(const checked_rules& rules) {
  if (!rules.valid() || !rules.impl()->ok) {
    throw error("ssprules::compile: the policy has errors; check it and fix them first");
  }
  compile_result result;
  detail::compiler c(rules, result.diagnostics);
  auto impl = c.run();
  if (!has_errors(result.diagnostics)) result.prog = program(std::move(impl));
  return result;
}

SSPRULES_INLINE const detail::program_impl& program::impl() const {
  if (!impl_) throw error("ssprules::program: empty program (the policy did not compile)");
  return *impl_;
}
SSPRULES_INLINE const std::string& program::id() const { return impl().policy->doc->info.id; }
SSPRULES_INLINE const std::string& program::title() const {
  return impl().policy->doc->info.title;
}
SSPRULES_INLINE const std::string& program::version() const {
  return impl().policy->doc->info.version;
}
SSPRULES_INLINE const std::vector<input_info>& program::inputs() const {
  return impl().inputs_info;
}
SSPRULES_INLINE const std::vector<output_info>& program::outputs() const {
  return impl().outputs_info;
}
SSPRULES_INLINE const std::vector<period_info>& program::effective() const {
  return impl().periods_info;
}
SSPRULES_INLINE bool program::in_force(date d) const {
  return impl().segment_at(d.days()).period >= 0;
}
SSPRULES_INLINE const checked_rules& program::checked() const { return impl().checked; }

SSPRULES_INLINE load_result load_source(const std::shared_ptr<const source>& src,
                                        const check_options& opts) {
  load_result result;
  parse_result parsed = parse(src);
  result.diagnostics = std::move(parsed.diagnostics);
  // a file that is not YAML at all has nothing to check; otherwise check what did parse, so
  // that one run reports as many mistakes as possible
  bool parsed_something = !parsed.document.rules.empty() || !parsed.document.inputs.empty() ||
                          !parsed.document.info.id.empty();
  if (has_errors(result.diagnostics) && !parsed_something) return result;
  check_result checked = check(std::move(parsed.document), opts);
  result.diagnostics.insert(result.diagnostics.end(), checked.diagnostics.begin(),
                            checked.diagnostics.end());
  std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(),
                   [](const diagnostic& a, const diagnostic& b) {
                     return std::tie(a.at.line, a.at.column) < std::tie(b.at.line, b.at.column);
                   });
  if (has_errors(result.diagnostics) || !checked.rules.impl()->ok) return result;
  compile_result compiled = compile(checked.rules);
  result.diagnostics.insert(result.diagnostics.end(), compiled.diagnostics.begin(),
                            compiled.diagnostics.end());
  if (compiled.ok()) result.prog = compiled.prog;
  return result;
}

SSPRULES_INLINE load_result load(const std::string& path, const check_options& opts) {
  return load_source(source::from_file(path), opts);
}

SSPRULES_INLINE load_result load_string(std::string text, std::string name,
                                        const check_options& opts) {
  return load_source(source::from_string(std::move(name), std::move(text)), opts);
}

SSPRULES_INLINE program load_or_throw(const std::string& path) {
  load_result r = load(path);
  if (!r.ok()) {
    std::vector<diagnostic> errors;
    for (auto& d : r.diagnostics) {
      if (d.level == severity::error) errors.push_back(std::move(d));
    }
    throw rules_error(std::move(errors));
  }
  return r.prog;
}

}  // namespace ssprules
