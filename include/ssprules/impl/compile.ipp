// Definitions for compile.hpp: code generation from checked rules to the machine's blocks
// (machine.ipp), constant folding, parameter values per date segment and load-time assertions.
// The program's accessors and `load` are in program.ipp.
//
// Registers: symbols (inputs, parameters, rules) 0 .. S-1, the evaluation date S, constants
// S+1 .. S+C (interned as they appear), then temporaries. While code is generated, temporaries
// carry `temp_flag` and are numbered from 0 per rule; once every constant is known they are
// relocated after the constants.
#include <algorithm>
#include <atomic>
#include <filesystem>
#include <iterator>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "ssprules/compile.hpp"
#include "ssprules/detail/civil.hpp"
#include "ssprules/detail/codes.hpp"
#include "ssprules/detail/files.hpp"
#include "ssprules/detail/machine.hpp"
#include "ssprules/detail/program.hpp"
#include "ssprules/detail/work.hpp"
#include "ssprules/impl/compile_expressions.ipp"
#include "ssprules/impl/machine.ipp"

namespace ssprules::inline SSPRULES_ABI {
namespace detail {

// Puts the enum values of `t` (an enum, a list of enums, the enum fields of a list of records)
// in the order its declaration `declared` lists them, the order `input_info::values()` and
// `output_info::values()` promise: the checker interns an enum type as a set of value ids, so
// `public_type` gives the values in the order the policy first names them anywhere (Copenhagen's
// `route` would read `uu, kui, none, jobcenter`, not its `jobcenter, uu, kui, none`). Values the
// declaration does not list (none once the policy checks) keep their order, after.
inline void declaration_order(value_type& t, const type_decl& declared) {
  for (value_field& f : t.fields) {
    for (const record_field_decl& d : declared.fields) {
      if (d.name == f.name) declaration_order(f.type, d.type);
    }
  }
  const type_decl& d =
      declared.name == "list" && declared.of.size() == 1 ? declared.of[0] : declared;
  if (t.values.empty() || d.values.empty()) return;
  // linear in the number of values: an enum may have thousands (codes of a register)
  std::unordered_set<std::string_view> left(t.values.begin(), t.values.end());
  std::vector<std::string> ordered;
  ordered.reserve(t.values.size());
  for (const std::string& v : d.values) {
    if (left.erase(v) != 0) ordered.push_back(v);
  }
  for (const std::string& v : t.values) {
    if (left.erase(v) != 0) ordered.push_back(v);
  }
  t.values = std::move(ordered);
}

// The whole compiler: inputs, periods, segments, parameters, assertions, rules and the layout,
// on top of the code generator (compile_expressions.ipp).
class compiler : public code_generator {
 public:
  using code_generator::code_generator;

  std::shared_ptr<program_impl> run() {
    const checked_policy& cp = *p_->policy;
    p_->symbol_count = static_cast<std::uint32_t>(cp.symbols.size());
    p_->as_of_slot = p_->symbol_count;
    p_->input_count = static_cast<std::uint32_t>(cp.inputs.size());
    p_->parameter_count = static_cast<std::uint32_t>(cp.parameters.size());
    p_->calendar = cp.doc->calendar;
    p_->working_days = cp.working_days;
    if (cp.weekday_enum) {
      // the enum's members are sorted ids; map each weekday to its own id by name
      for (std::uint32_t v : cp.enums[*cp.weekday_enum]) {
        for (std::size_t d = 0; d < std::size(weekday_names); ++d) {
          if (cp.enum_values[v] == weekday_names[d]) p_->weekday_values[d] = v;
        }
      }
    }
    // invariant: registers are inputs, then parameters, then rules, in declaration order
    for (std::uint32_t i = 0; i < p_->parameter_count; ++i) {
      SSPRULES_ASSERT(cp.symbols[p_->input_count + i].kind == symbol_kind::parameter &&
                      cp.symbols[p_->input_count + i].index == i);
    }
    describe_periods();
    make_inputs();
    make_segments();
    evaluate_parameters();
    check_assertions();
    generate_rules();
    mark_sensitivity();
    relocate_temporaries();
    describe_outputs();
    return p_;
  }

 private:
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
      slot.sensitive = ci.syntax->sensitive;
      slot.min = ci.min;
      slot.max = ci.max;
      auto enum_ids = [&](value_slot& v) {
        if (v.type.kind != type_kind::enumeration) return;
        for (std::uint32_t id : cp.enums[v.type.enum_id])
          v.enum_ids.emplace(cp.enum_values[id], id);
      };
      enum_ids(slot);
      if (s.type.kind == type_kind::list) {
        for (const record_type::field& f : cp.records[s.type.record].fields) {
          value_slot item;
          item.name = f.name;
          item.type = f.type.required();
          item.required = !f.type.optional;
          item.min = f.min;
          item.max = f.max;
          enum_ids(item);
          slot.items.push_back(std::move(item));
        }
      }
      input_info info;
      info.name = s.name;
      info.type = cp.public_type(s.type);
      declaration_order(info.type, ci.syntax->type);
      info.type.min = ci.min;
      info.type.max = ci.max;
      info.required = slot.required;
      info.sensitive = slot.sensitive;
      info.doc = ci.syntax->doc;
      if (ci.default_value) {
        try {
          slot.default_bits = run_now(*ci.default_value);
          info.default_value = to_value(*p_, scratch_, s.type.required(), *slot.default_bits, true);
        } catch (const eval_failure& f) {
          error(codes::always_fails, "the default of `" + s.name + "` fails: " + f.message,
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
    // every parameter's value on every segment: refused past the budget, before it is made
    const std::size_t count = cp.parameters.size();
    if (count > 0 && p_->breakpoints.size() > parameter_value_budget / count) {
      too_many_parameter_values_ = true;
      auto grouped = [](std::size_t n) {  // 10,000,000
        std::string digits = std::to_string(n);
        for (std::size_t at = digits.size(); at > 3; at -= 3) digits.insert(at - 3, ",");
        return digits;
      };
      error(codes::limit_exceeded,
            "the parameters have too many values: " + grouped(count) + " parameters on " +
                grouped(p_->breakpoints.size()) +
                " dates (where a period starts or ends or a parameter changes) are more than " +
                "the " + grouped(parameter_value_budget) + " values a policy may have",
            cp.parameters.front().syntax->at,
            {{"every date a parameter changes on holds a value of every parameter; change "
              "fewer parameters, or change them on the same dates",
              {}}});
    }
    // the periods are sorted by start and do not overlap (check): walked with the breakpoints
    std::size_t period = 0;
    for (std::int32_t from : p_->breakpoints) {
      count_work();
      segment s;
      s.from = from;
      while (period + 1 < cp.periods.size() &&
             cp.periods[period + 1].from.value_or(date::min()).days() <= from) {
        ++period;
      }
      if (period < cp.periods.size()) {
        const checked_period& pd = cp.periods[period];
        if (pd.from.value_or(date::min()).days() <= from &&
            from <= pd.to.value_or(date::max()).days()) {
          s.period = static_cast<std::int32_t>(period);
        }
      }
      if (!too_many_parameter_values_) s.parameters.assign(count, 0);
      p_->segments.push_back(std::move(s));
    }
  }

  // Each parameter's value on each segment. A segment starts as a copy of the one before; a
  // parameter is run again only where its value (`changes`) or a parameter it reads changes, so
  // that the runs grow with the changes, not with parameters x dates.
  void evaluate_parameters() {
    const checked_policy& cp = *p_->policy;
    const std::size_t count = cp.parameters.size();
    changed_at_.assign(count, {});
    if (too_many_parameter_values_ || count == 0) return;
    std::vector<bool> failed(count, false);
    std::vector<std::size_t> next(count, 0);  // per parameter: its changes before this one apply
    std::vector<const checked_parameter_change*> picked(count, nullptr);
    std::vector<std::vector<std::uint32_t>> reads(count);  // the parameters `picked` reads
    std::vector<bool> changed(cp.symbols.size(), false);   // by symbol, on this segment
    std::vector<std::uint32_t> touched;
    for (std::size_t k = 0; k < p_->segments.size(); ++k) {
      segment& s = p_->segments[k];
      if (k > 0) s.parameters = p_->segments[k - 1].parameters;
      count_work(count);
      // checked_policy::parameters is in dependency order
      for (std::size_t i = 0; i < count; ++i) {
        const checked_parameter& pm = cp.parameters[i];
        const std::uint32_t index = cp.symbols[pm.symbol].index;
        while (next[i] < pm.changes.size() &&
               pm.changes[next[i]].from.value_or(date::min()).days() <= s.from) {
          count_work();
          ++next[i];
        }
        const checked_parameter_change* pick = next[i] > 0 ? &pm.changes[next[i] - 1] : nullptr;
        if (failed[i]) s.parameters[index] = 0;
        if (!pick || failed[i]) continue;  // before its first value (not in force then)
        bool run = pick != picked[i];
        if (run) {
          picked[i] = pick;
          reads[i] = parameters_in(pick->value);
        }
        count_work(reads[i].size());
        run = run || std::any_of(reads[i].begin(), reads[i].end(),
                                 [&](std::uint32_t r) { return changed[r]; });
        if (!run) continue;
        try {
          std::int64_t v = run_now(pick->value);
          set_scratch_symbol(pm.symbol, v);
          if (k == 0 || v != s.parameters[index]) {
            changed[pm.symbol] = true;
            touched.push_back(pm.symbol);
            if (k > 0) changed_at_[index].push_back(k);
          }
          s.parameters[index] = v;
        } catch (const eval_failure& e) {
          error(codes::always_fails,
                "parameter `" + cp.symbols[pm.symbol].name + "` fails: " + e.message,
                pick->syntax->at);
          failed[i] = true;
          s.parameters[index] = 0;
        }
      }
      for (std::uint32_t t : touched) changed[t] = false;
      touched.clear();
    }
    // a parameter with the same value on every day the policy is in force is a constant
    for (std::size_t i = 0; i < count; ++i) {
      if (failed[i]) continue;
      std::uint32_t sym = cp.parameters[i].symbol;
      std::uint32_t index = cp.symbols[sym].index;
      std::optional<std::int64_t> only;
      bool same = true;
      count_work(p_->segments.size());
      for (const segment& s : p_->segments) {
        if (s.period < 0) continue;
        if (only && *only != s.parameters[index]) same = false;
        only = s.parameters[index];
      }
      if (same && only) constant_parameter_[sym] = *only;
    }
  }

  // Each assertion on the first day in force and wherever a parameter it reads changes (on the
  // first segment in force from there): on every other segment its parameters, and so its
  // result, are those of one of these.
  void check_assertions() {
    const checked_policy& cp = *p_->policy;
    if (cp.assertions.empty() || too_many_parameter_values_) return;
    const std::size_t segments = p_->segments.size();
    std::vector<std::size_t> in_force_from(segments + 1, segments);  // first in force >= k
    for (std::size_t k = segments; k-- > 0;) {
      in_force_from[k] = p_->segments[k].period >= 0 ? k : in_force_from[k + 1];
    }
    for (const checked_assertion& a : cp.assertions) {
      const std::vector<std::uint32_t> params = parameters_in(a.condition);
      std::vector<std::size_t> at{in_force_from[0]};
      for (std::uint32_t sym : params) {
        for (std::size_t k : changed_at_[cp.symbols[sym].index]) at.push_back(in_force_from[k]);
      }
      std::sort(at.begin(), at.end());
      at.erase(std::unique(at.begin(), at.end()), at.end());
      count_work(at.size() * (1 + params.size()));
      for (std::size_t k : at) {
        if (k >= segments) break;
        const segment& s = p_->segments[k];
        for (std::uint32_t sym : params) {
          set_scratch_symbol(sym, s.parameters[cp.symbols[sym].index]);
        }
        bool holds = false;
        std::string why;
        try {
          holds = run_now(a.condition) != 0;
        } catch (const eval_failure& e) {
          why = e.message;
        }
        if (holds) continue;
        std::string when =
            s.from == first_day() ? std::string() : " from " + date::from_days(s.from).to_string();
        std::vector<note> notes;
        if (!a.syntax->message.empty()) notes.push_back({a.syntax->message, {}});
        for (std::uint32_t sym : params) {
          notes.push_back({"`" + cp.symbols[sym].name + "` = " +
                               to_value(*p_, scratch_, cp.symbols[sym].type,
                                        s.parameters[cp.symbols[sym].index], true)
                                   .to_string(),
                           {}});
        }
        error(codes::assertion_fails,
              "assertion `" + a.syntax->name + "` does not hold" + when +
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

  void generate_rules() {
    const checked_policy& cp = *p_->policy;
    std::vector<std::vector<std::uint32_t>> deps(cp.symbols.size());
    for (const dependency& d : cp.dependencies) deps[d.to].push_back(d.from);
    std::map<std::uint32_t, std::int32_t> output_index;  // symbol -> output position
    std::int32_t next_output = 0;
    std::unordered_map<std::string, std::uint32_t> rule_symbols;
    for (std::uint32_t s = 0; s < cp.symbols.size(); ++s) {
      if (cp.symbols[s].kind == symbol_kind::rule) rule_symbols.emplace(cp.symbols[s].name, s);
    }
    for (const rule_decl& r : cp.doc->rules) {
      if (r.role == rule_role::output) output_index[rule_symbols.at(r.name)] = next_output++;
    }
    p_->output_rules.assign(static_cast<std::size_t>(next_output), 0);
    // a rule that calls a function reads what the function's body reads: its failures and
    // sensitivity pass through the call
    auto through_functions = [&](std::uint32_t symbol) {
      const std::vector<std::uint32_t>& direct = deps[symbol];
      if (std::none_of(direct.begin(), direct.end(), [&](std::uint32_t d) {
            return cp.symbols[d].kind == symbol_kind::function;
          }))
        return direct;
      std::vector<std::uint32_t> out;
      std::vector<std::uint32_t> pending = direct;
      std::set<std::uint32_t> seen;
      while (!pending.empty()) {
        std::uint32_t d = pending.back();
        pending.pop_back();
        if (!seen.insert(d).second) continue;
        if (cp.symbols[d].kind != symbol_kind::function) {
          out.push_back(d);
          continue;
        }
        pending.insert(pending.end(), deps[d].begin(), deps[d].end());
      }
      std::sort(out.begin(), out.end());
      return out;
    };
    for (const checked_rule& r : cp.rules) {
      compiled_rule out;
      out.slot = r.symbol;
      out.type = cp.symbols[r.symbol].type;
      out.deps = through_functions(r.symbol);
      out.source = &r;
      auto it = output_index.find(r.symbol);
      if (it != output_index.end()) {
        out.output = it->second;
        p_->output_rules[static_cast<std::size_t>(it->second)] =
            static_cast<std::uint32_t>(p_->rules.size());
      }
      p_->rules.push_back(std::move(out));
    }
    // one block: each rule's code, then the next rule's; `ret` after the last
    for (std::uint32_t r = 0; r < p_->rules.size(); ++r) {
      std::size_t code_mark = p_->code.size();
      generate_rule(r);
      resolve_labels(code_mark);  // a rule's jumps stay within it: resolve them while few
    }
    p_->end = emit(op::ret);
  }

  // Whether some input is sensitive: the rest follows the dependency graph for each record
  // (program_impl::sensitivity_of).
  void mark_sensitivity() {
    p_->any_sensitive = std::any_of(p_->inputs.begin(), p_->inputs.end(),
                                    [](const input_slot& in) { return in.sensitive; });
  }

  void generate_rule(std::uint32_t index) {
    const checked_rule& r = *p_->rules[index].source;
    std::uint32_t slot = p_->rules[index].slot;
    p_->rules[index].entry = static_cast<std::uint32_t>(p_->code.size());
    rule_entry_ = p_->rules[index].entry;
    next_temp_ = 0;
    rule_ = index;
    next_rule_ = label();
    if (r.versions.size() == 1) {
      generate_body(r.versions[0], slot);
    } else {
      for (std::uint32_t k = 0; k < r.versions.size(); ++k) {
        const checked_version& v = r.versions[k];
        std::uint32_t next = label();
        if (v.from)
          jump_if(cmp::lt, type_kind::date, p_->as_of_slot, constant(cal::pack(v.from->days())),
                  next);
        if (v.to)
          jump_if(cmp::gt, type_kind::date, p_->as_of_slot, constant(cal::pack(v.to->days())),
                  next);
        emit(op::mark_version, slot, k);
        generate_body(v, slot);
        place(next);
      }
      // not reached while the policy is in force (check proves that versions cover it)
      finish(branch_none);
    }
    place(next_rule_);
  }

  // The result of a rule: its value into its register (and its state when it may be missing).
  void result(const typed_expr& e, std::uint32_t slot) {
    std::uint32_t r = gen(e, slot, false);
    bool rule_optional = p_->rules[rule_].type.optional;
    if (!rule_optional) {
      if (r != slot) emit(op::move, slot, r);
    } else if (e.type.optional) {
      if (r != slot) emit(op::move_state, slot, r);
    } else {
      emit(op::move_present, slot, r);
    }
  }

  // The end of a branch that decided the rule: mark it and go on with the next rule.
  void finish(std::uint32_t branch_value) {
    std::uint32_t slot = p_->rules[rule_].slot;
    // `move slot, x` then `done` become one `move_done` (unless a jump lands after the move)
    if (!p_->code.empty() && p_->code.size() > rule_entry_ && last_label_at_ != p_->code.size()) {
      instr& last = p_->code.back();
      if (last.code == op::move && last.dst == slot && branch_value != branch_keep) {
        last.code = op::move_done;
        last.b = next_rule_;
        last.c = branch_value;
        pending_jumps_.push_back(static_cast<std::uint32_t>(p_->code.size() - 1));
        return;
      }
    }
    std::uint32_t at = emit(op::done, slot, branch_value, next_rule_, rule_);
    pending_jumps_.push_back(at);
  }

  void generate_body(const checked_version& v, std::uint32_t slot) {
    switch (v.form) {
      case body_form::expression: {
        std::uint32_t r = gen(v.expression, slot, true);
        bool rule_optional = p_->rules[rule_].type.optional;
        if (!rule_optional) {
          if (r != slot) emit(op::move, slot, r);
        } else if (v.expression.type.optional) {
          if (r != slot) emit(op::move_state, slot, r);
        } else {
          emit(op::move_present, slot, r);
        }
        finish(branch_expression);
        return;
      }
      case body_form::cases: {
        bool first = true;
        for (std::uint32_t i = 0; i < v.cases.size(); ++i) {
          const checked_case& c = v.cases[i];
          if (!c.when) {
            result(c.then, slot);
            finish(branch_otherwise);
            return;
          }
          std::uint32_t next = label();
          branch(*c.when, false, next, first);  // only the first condition runs every time
          first = false;
          if (c.raises) {
            p_->raised.push_back(c.raises);
            emit(op::raise, slot, static_cast<std::uint32_t>(p_->raised.size() - 1), 0, i);
          } else {
            result(c.then, slot);
            finish(i);
          }
          place(next);
        }
        emit(op::fail_no_row, rule_);  // not reached: check requires an otherwise
        return;
      }
      case body_form::table:
        generate_table(v.table, slot);
        return;
    }
  }

  // Jumps to `fail` when the cell does not hold for the column's value.
  void cell_test(const checked_cell& cell, std::uint32_t column, type_kind kind,
                 std::uint32_t fail) {
    auto operand = [&](std::size_t k) { return gen(cell.operands[k], no_register, false); };
    switch (cell.kind) {
      case cell_kind::any:
        return;
      case cell_kind::compare: {
        cmp c = cell.op == expr_op::eq   ? cmp::eq
                : cell.op == expr_op::ne ? cmp::ne
                : cell.op == expr_op::lt ? cmp::lt
                : cell.op == expr_op::le ? cmp::le
                : cell.op == expr_op::gt ? cmp::gt
                                         : cmp::ge;
        jump_if(negation(c), kind, column, operand(0), fail);
        return;
      }
      case cell_kind::range:
        jump_if(cmp::lt, kind, column, operand(0), fail);
        jump_if(cmp::gt, kind, column, operand(1), fail);
        return;
      case cell_kind::one_of: {
        std::uint32_t ok = label();
        for (std::size_t k = 0; k < cell.operands.size(); ++k) {
          jump_if(cmp::eq, kind, column, operand(k), ok);
        }
        emit_jump(op::jump, 0, 0, fail);
        place(ok);
        return;
      }
    }
  }

  void generate_table(const checked_table& t, std::uint32_t slot) {
    std::vector<std::uint32_t> columns;
    std::vector<type_kind> kinds;
    for (const typed_expr& c : t.columns) {
      columns.push_back(gen(c, no_register, true));
      kinds.push_back(c.type.kind);
    }
    bool first_hit =
        t.hit == hit_policy::first ||
        (t.exclusive_rows && (t.hit == hit_policy::unique || t.hit == hit_policy::any));
    if (first_hit) {
      // rows in order; the first that matches decides
      for (std::uint32_t i = 0; i < t.rows.size(); ++i) {
        std::uint32_t next = label();
        for (std::size_t j = 0; j < t.rows[i].cells.size(); ++j) {
          cell_test(t.rows[i].cells[j], columns[j], kinds[j], next);
        }
        result(t.rows[i].then, slot);
        finish(i);
        place(next);
      }
      if (t.otherwise) {
        result(*t.otherwise, slot);
        finish(branch_otherwise);
      } else {
        emit(op::fail_no_row, rule_);
      }
      return;
    }
    // every row: its test into tests[i], its result (when it matched) into results[i]
    table_code tc;
    tc.hit = t.hit;
    tc.aggregate = t.aggregate;
    tc.rule = rule_;
    tc.rows = static_cast<std::uint32_t>(t.rows.size());
    tc.tests = temporaries(tc.rows);
    tc.results = temporaries(tc.rows);
    tc.otherwise = temporary();  // the flag: 1 when the otherwise value is needed
    tc.has_otherwise = t.otherwise.has_value();
    tc.kind = t.rows.empty() ? type_kind::boolean : t.rows[0].then.type.kind;
    for (std::uint32_t i = 0; i < t.rows.size(); ++i) {
      std::uint32_t miss = label();
      std::uint32_t next = label();
      for (std::size_t j = 0; j < t.rows[i].cells.size(); ++j) {
        cell_test(t.rows[i].cells[j], columns[j], kinds[j], miss);
      }
      emit(op::move, tc.tests + i, constant(1));
      std::uint32_t r = gen(t.rows[i].then, tc.results + i, false);
      emit(t.rows[i].then.type.optional ? op::move_state : op::move_present, tc.results + i, r);
      emit_jump(op::jump, 0, 0, next);
      place(miss);
      emit(op::move, tc.tests + i, constant(0));
      place(next);
    }
    auto index = static_cast<std::uint32_t>(p_->tables.size());
    p_->tables.push_back(tc);
    emit(op::table, slot, index);  // sets the branch itself
    if (t.otherwise) {
      std::uint32_t other = label();
      emit_jump(op::jump_true, tc.otherwise, 0, other);
      finish(branch_keep);
      place(other);
      result(*t.otherwise, slot);
    }
    finish(branch_keep);
  }

  // ---------------------------------------------------------------------------------------
  // layout

  void relocate_temporaries() {
    std::uint32_t temp_base = p_->as_of_slot + 1 + static_cast<std::uint32_t>(p_->constants.size());
    for (instr& i : p_->code) relocate(i, temp_base);
    for (table_code& t : p_->tables) {
      for (std::uint32_t* reg : {&t.tests, &t.results, &t.otherwise}) {
        if (*reg & temp_flag) *reg = temp_base + (*reg & ~temp_flag);
      }
    }
    p_->slot_count = temp_base + max_temps_;
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
      if (rule.source->syntax->type) declaration_order(info.type, *rule.source->syntax->type);
      info.doc = rule.source->syntax->doc;
      p_->outputs_info.push_back(std::move(info));
      names->push_back(s.name);
      p_->output_slots.push_back(rule.slot);
      p_->output_shifts.push_back(s.type.kind == type_kind::date ? 32 : 0);
      if (s.type.kind == type_kind::string || s.type.kind == type_kind::list) {
        p_->pooled_outputs = true;
      }
    }
    auto table = std::make_shared<output_table>();
    table->serial = p_->serial;
    table->names = std::move(*names);
    table->outputs = p_->outputs_info;
    p_->output_names = std::shared_ptr<const std::vector<std::string>>(table, &table->names);
    p_->outputs_table = std::move(table);
  }
};

}  // namespace detail

SSPRULES_INLINE std::size_t detail::program_impl::segment_index(std::int32_t d) const {
  auto it = std::upper_bound(breakpoints.begin(), breakpoints.end(), d);
  return it == breakpoints.begin() ? 0 : static_cast<std::size_t>(it - breakpoints.begin()) - 1;
}

SSPRULES_INLINE const detail::segment& detail::program_impl::segment_at(std::int32_t d) const {
  return segments[segment_index(d)];
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

}  // namespace ssprules::inline SSPRULES_ABI

#include "ssprules/impl/program.ipp"

namespace ssprules::inline SSPRULES_ABI {

SSPRULES_INLINE load_result load(const std::filesystem::path& path, const check_options& opts) {
  return load(path.string(), opts);
}

SSPRULES_INLINE load_result load(const char* path, const check_options& opts) {
  return load(std::string(path != nullptr ? path : ""), opts);
}

SSPRULES_INLINE program load_or_throw(const std::filesystem::path& path,
                                      const check_options& opts) {
  return load_or_throw(path.string(), opts);
}

SSPRULES_INLINE program load_or_throw(const char* path, const check_options& opts) {
  return load_or_throw(std::string(path != nullptr ? path : ""), opts);
}

}  // namespace ssprules::inline SSPRULES_ABI
