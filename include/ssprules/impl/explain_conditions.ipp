// Explanations of the cases and rows that did not hold ("why is this plan overdue?"): each failed
// condition's false parts, with the values they compared. Read from the registers once a record
// has run, so evaluation itself does nothing for it (included by evaluate.ipp; explaining only).
#pragma once

#include <algorithm>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "ssprules/detail/civil.hpp"
#include "ssprules/detail/machine.hpp"
#include "ssprules/detail/program.hpp"
#include "ssprules/detail/text_lists.hpp"
#include "ssprules/detail/vocabulary.hpp"
#include "ssprules/evaluate.hpp"
#include "ssprules/impl/machine.ipp"

namespace ssprules::inline SSPRULES_ABI::detail {

// Evaluates the parts of a condition again from the registers the record left (inputs,
// parameters, rules, as_of: each written once per record) and tells which parts made it false.
// Covers loads, constants, `??`, comparisons, `and`/`or`/`not`, `in`, ranges and `present`; a
// part made of anything else (arithmetic, calls, aggregates) is shown as written with the truth
// value the condition's structure proves it had, never recomputed (the machine alone computes).
class condition_reader {
 public:
  condition_reader(const program_impl& p, const frame& f,
                   const program_impl::sensitivity& sensitive)
      : p_(p), f_(f), sensitive_(sensitive) {}

  // The cases of `v` before case `taken` (every case with a `when` when `taken` is past them),
  // as `step.not_taken`; nothing when a condition reads a value that must not be shown.
  void cases(const checked_version& v, std::size_t taken, explanation_step& step) const {
    const std::size_t n = std::min(taken, v.cases.size());
    for (std::size_t k = 0; k < n; ++k) {
      if (v.cases[k].when && shows_sensitive(*v.cases[k].when)) return;
    }
    for (std::size_t k = 0; k < n; ++k) {
      const checked_case& c = v.cases[k];
      if (!c.when) continue;
      if (step.not_taken.size() == shown_items) {
        ++step.not_taken_more;
        continue;
      }
      failed_case out;
      out.branch = "case " + std::to_string(k + 1);
      out.condition = source_text(c.when->syntax);
      out.line = c.syntax ? c.syntax->at.line : 0;
      if (auto t = truth(*c.when); t && *t) {
        add(out, leaf(*c.when, false));  // not what the machine found: claim no more than it
      } else {
        why(*c.when, false, out);
      }
      step.not_taken.push_back(std::move(out));
    }
  }

  // Every row of a table none of whose rows matched, as `step.not_taken`: the cells that failed.
  void rows(const checked_table& t, explanation_step& step) const {
    for (const typed_expr& col : t.columns) {
      if (shows_sensitive(col)) return;
    }
    for (const checked_row& row : t.rows) {
      for (const checked_cell& cell : row.cells) {
        for (const typed_expr& o : cell.operands) {
          if (shows_sensitive(o)) return;
        }
      }
    }
    std::vector<std::optional<reg>> columns;
    columns.reserve(t.columns.size());
    for (const typed_expr& col : t.columns) columns.push_back(eval(col));
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
      if (step.not_taken.size() == shown_items) {
        step.not_taken_more += t.rows.size() - r;
        break;
      }
      const checked_row& row = t.rows[r];
      failed_case out;
      out.branch = "row " + std::to_string(r + 1);
      out.line = row.syntax ? row.syntax->at.line : 0;
      for (std::size_t j = 0; j < row.cells.size() && j < t.columns.size(); ++j) {
        const std::string text = cell_text(t, row, j);
        out.condition += (j ? ", " : "") + text;
        cell(t.columns[j], columns[j], row.cells[j], text, out);
      }
      step.not_taken.push_back(std::move(out));
    }
  }

 private:
  // A register as the record left it: its bits, and whether it holds a value.
  struct reg {
    std::int64_t bits = 0;
    bool present = false;
  };

  static std::string text_of(const typed_expr& e) {
    return e.op == node_op::as_of && !e.syntax ? "as_of" : source_text(e.syntax);
  }

  static std::string cell_text(const checked_table& t, const checked_row& row, std::size_t j) {
    const table_cell* syntax = row.cells[j].syntax;
    return source_text(t.columns[j].syntax) + ": " +
           (syntax && syntax->at.valid() ? std::string(syntax->at.text()) : "any");
  }

  // True for a symbol whose value is one register the record wrote (not an item or a
  // function's parameter, whose registers later code reuses).
  [[nodiscard]] bool readable(std::uint32_t s) const {
    if (s >= p_.policy->symbols.size() || s >= f_.state.size()) return false;
    const symbol& sym = p_.policy->symbols[s];
    return (sym.kind == symbol_kind::input || sym.kind == symbol_kind::parameter ||
            sym.kind == symbol_kind::rule) &&
           sym.type.kind != type_kind::list;
  }

  // True when `e` reads a sensitive input of the record or a value that shows one.
  [[nodiscard]] bool shows_sensitive(const typed_expr& e) const {
    if (e.op == node_op::load && e.symbol < p_.policy->symbols.size()) {
      const symbol& s = p_.policy->symbols[e.symbol];
      if (s.kind == symbol_kind::input && s.index < p_.inputs.size() &&
          p_.inputs[s.index].sensitive && f_.state[e.symbol] == state_present)
        return true;
      if (sensitive_.would_show(e.symbol)) return true;
    }
    return std::any_of(e.args.begin(), e.args.end(),
                       [&](const typed_expr& a) { return shows_sensitive(a); });
  }

  // True when `e` reads no input, parameter, rule or date: a literal as written.
  static bool literal(const typed_expr& e) {
    if (e.op == node_op::load || e.op == node_op::as_of || e.op == node_op::call ||
        e.op == node_op::call_function || e.op == node_op::aggregate || e.op == node_op::in_items)
      return false;
    return std::all_of(e.args.begin(), e.args.end(),
                       [](const typed_expr& a) { return literal(a); });
  }

  // The value of `e` as the record had it; nullopt for what this reader does not compute.
  [[nodiscard]] std::optional<reg> eval(const typed_expr& e) const {
    switch (e.op) {
      case node_op::constant:  // as compile lays a literal out in a register
        if (e.type.kind == type_kind::string) return reg{(e.bits << 1) | 1, true};
        if (e.type.kind == type_kind::date) {
          return reg{cal::pack(static_cast<std::int32_t>(e.bits)), true};
        }
        return reg{e.bits, true};
      case node_op::missing:
        return reg{0, false};
      case node_op::as_of:
        return reg{f_.slots[p_.as_of_slot], true};
      case node_op::load:
        if (!readable(e.symbol) || f_.state[e.symbol] == state_failed) return std::nullopt;
        return reg{f_.slots[e.symbol], f_.state[e.symbol] == state_present};
      case node_op::coalesce: {
        if (e.args.size() != 2) return std::nullopt;
        auto a = eval(e.args[0]);
        if (!a || a->present) return a;
        return eval(e.args[1]);
      }
      case node_op::to_decimal: {
        auto a = e.args.size() == 1 ? eval(e.args[0]) : std::nullopt;
        if (!a || !a->present) return a;
        std::int64_t scaled = 0;
        if (__builtin_mul_overflow(a->bits, decimal::scale, &scaled)) return std::nullopt;
        return reg{scaled, true};
      }
      case node_op::neg: {
        auto a = e.args.size() == 1 ? eval(e.args[0]) : std::nullopt;
        if (!a || !a->present) return a;
        if (a->bits == std::numeric_limits<std::int64_t>::min()) return std::nullopt;
        return reg{-a->bits, true};
      }
      case node_op::cond: {
        if (e.args.size() != 3) return std::nullopt;
        auto c = truth(e.args[0]);
        if (!c) return std::nullopt;
        return eval(e.args[*c ? 1 : 2]);
      }
      case node_op::not_:
      case node_op::and_:
      case node_op::or_:
      case node_op::eq:
      case node_op::ne:
      case node_op::lt:
      case node_op::le:
      case node_op::gt:
      case node_op::ge:
      case node_op::in_list:
      case node_op::in_range: {
        auto t = truth(e);
        if (!t) return std::nullopt;
        return reg{*t ? 1 : 0, true};
      }
      case node_op::call:
        if (e.calls("present")) {
          auto t = truth(e);
          if (!t) return std::nullopt;
          return reg{*t ? 1 : 0, true};
        }
        return std::nullopt;
      default:
        return std::nullopt;
    }
  }

  // `a c b` for values of kind `kind` (strings compare as text, the rest as the machine does).
  [[nodiscard]] bool holds(cmp c, type_kind kind, std::int64_t a, std::int64_t b) const {
    int order = 0;
    if (kind == type_kind::string) {
      order = p_.string_of(a, f_).compare(p_.string_of(b, f_));
    } else {
      order = a < b ? -1 : a > b ? 1 : 0;
    }
    switch (c) {
      case cmp::eq:
        return order == 0;
      case cmp::ne:
        return order != 0;
      case cmp::lt:
        return order < 0;
      case cmp::le:
        return order <= 0;
      case cmp::gt:
        return order > 0;
      case cmp::ge:
        return order >= 0;
    }
    return false;
  }

  static std::optional<cmp> cmp_of(node_op o) {
    switch (o) {
      case node_op::eq:
        return cmp::eq;
      case node_op::ne:
        return cmp::ne;
      case node_op::lt:
        return cmp::lt;
      case node_op::le:
        return cmp::le;
      case node_op::gt:
        return cmp::gt;
      case node_op::ge:
        return cmp::ge;
      default:
        return std::nullopt;
    }
  }

  static cmp cmp_of(expr_op o) {
    return o == expr_op::eq   ? cmp::eq
           : o == expr_op::ne ? cmp::ne
           : o == expr_op::lt ? cmp::lt
           : o == expr_op::le ? cmp::le
           : o == expr_op::gt ? cmp::gt
                              : cmp::ge;
  }

  static cmp negation(cmp c) {
    switch (c) {
      case cmp::eq:
        return cmp::ne;
      case cmp::ne:
        return cmp::eq;
      case cmp::lt:
        return cmp::ge;
      case cmp::le:
        return cmp::gt;
      case cmp::gt:
        return cmp::le;
      case cmp::ge:
        return cmp::lt;
    }
    return c;
  }

  static const char* symbol_of(cmp c) {
    switch (c) {
      case cmp::eq:
        return "==";
      case cmp::ne:
        return "!=";
      case cmp::lt:
        return "<";
      case cmp::le:
        return "<=";
      case cmp::gt:
        return ">";
      case cmp::ge:
        return ">=";
    }
    return "?";
  }

  // Whether `v` is one of `items` (nullopt when an item is not known).
  [[nodiscard]] std::optional<bool> member(const reg& v, type_kind kind,
                                           const std::vector<typed_expr>& items,
                                           std::size_t from) const {
    for (std::size_t k = from; k < items.size(); ++k) {
      auto item = eval(items[k]);
      if (!item || !item->present) return std::nullopt;
      if (holds(cmp::eq, kind, v.bits, item->bits)) return true;
    }
    return false;
  }

  // What a boolean part evaluated to, when this reader can tell (as the machine: `and` and `or`
  // stop at the operand that decides).
  [[nodiscard]] std::optional<bool> truth(const typed_expr& e) const {
    switch (e.op) {
      case node_op::not_: {
        auto a = e.args.size() == 1 ? truth(e.args[0]) : std::nullopt;
        if (!a) return std::nullopt;
        return !*a;
      }
      case node_op::and_:
      case node_op::or_: {
        if (e.args.size() != 2) return std::nullopt;
        const bool decides = e.op == node_op::or_;  // the value that decides alone
        auto l = truth(e.args[0]);
        if (l && *l == decides) return decides;
        auto r = truth(e.args[1]);
        if (r && *r == decides) return decides;
        if (l && r) return !decides;
        return std::nullopt;
      }
      case node_op::in_list: {
        auto v = e.args.empty() ? std::nullopt : eval(e.args[0]);
        if (!v || !v->present) return std::nullopt;
        auto found = member(*v, e.operand_kind, e.args, 1);
        if (!found) return std::nullopt;
        return *found != e.negated;
      }
      case node_op::in_range: {
        if (e.args.size() != 3) return std::nullopt;
        auto v = eval(e.args[0]);
        auto lo = eval(e.args[1]);
        auto hi = eval(e.args[2]);
        if (!v || !lo || !hi || !v->present || !lo->present || !hi->present) return std::nullopt;
        const bool inside = holds(cmp::ge, e.operand_kind, v->bits, lo->bits) &&
                            holds(cmp::le, e.operand_kind, v->bits, hi->bits);
        return inside != e.negated;
      }
      case node_op::call:
        if (e.calls("present") && e.args.size() == 1) {
          auto a = eval(e.args[0]);
          if (!a) return std::nullopt;
          return a->present;
        }
        return std::nullopt;
      default:
        break;
    }
    if (auto c = cmp_of(e.op)) {
      if (e.args.size() != 2) return std::nullopt;
      auto a = eval(e.args[0]);
      auto b = eval(e.args[1]);
      if (!a || !b || !a->present || !b->present) return std::nullopt;
      return holds(*c, e.operand_kind, a->bits, b->bits);
    }
    if (e.type.kind != type_kind::boolean) return std::nullopt;
    auto v = eval(e);
    if (!v || !v->present) return std::nullopt;
    return v->bits != 0;
  }

  // An operand as an explanation shows it: as written, with its value unless it is a literal
  // (a sensitive one only as present / absent).
  [[nodiscard]] compared_value operand(const typed_expr& e) const {
    compared_value out;
    out.expression = text_of(e);
    if (literal(e)) {
      out.literal = true;
      return out;
    }
    auto r = eval(e);
    if (!r) return out;
    out.result = to_value(p_, f_, e.type.required(), r->bits, r->present);
    return out;
  }

  // A part with the truth value it had, as written (what cannot be shown by its operands).
  static condition_fact leaf(const typed_expr& e, bool was) {
    condition_fact fact;
    fact.part = text_of(e);
    fact.operands.push_back({fact.part, value::of_bool(was), false});
    return fact;
  }

  static void add(failed_case& out, condition_fact fact) {
    if (out.facts.size() == shown_items) {
      ++out.more_facts;
      return;
    }
    out.facts.push_back(std::move(fact));
  }

  // The parts of `e`, which evaluated to `was`, that made it so.
  void why(const typed_expr& e, bool was, failed_case& out) const {
    switch (e.op) {
      case node_op::not_:
        if (e.args.size() == 1) return why(e.args[0], !was, out);
        break;
      case node_op::and_:
      case node_op::or_: {
        if (e.args.size() != 2) break;
        const bool decides = e.op == node_op::or_;
        if (was != decides) {  // both operands had the value (an `and` true, an `or` false)
          why(e.args[0], was, out);
          why(e.args[1], was, out);
          return;
        }
        // one operand decided: the first that had the value (the machine stopped there)
        auto l = truth(e.args[0]);
        if (l && *l == was) return why(e.args[0], was, out);
        if (l) return why(e.args[1], was, out);  // the first did not decide: the second did
        auto r = truth(e.args[1]);
        if (r && *r == was) return why(e.args[1], was, out);
        return add(out, leaf(e, was));
      }
      case node_op::in_list:
      case node_op::in_range: {
        if (e.args.empty()) break;
        auto v = eval(e.args[0]);
        if (v && !v->present) return absent(e.args[0], out);
        if (!v) break;
        condition_fact fact;
        fact.part = text_of(e);
        fact.relation = was ? (e.negated ? "not in" : "in") : (e.negated ? "in" : "not in");
        fact.operands.push_back(operand(e.args[0]));
        std::string set;
        if (e.op == node_op::in_range && e.args.size() == 3) {
          set = text_of(e.args[1]) + ".." + text_of(e.args[2]);
        } else {
          for (std::size_t k = 1; k < e.args.size(); ++k) {
            set += (k > 1 ? ", " : "[") + text_of(e.args[k]);
          }
          set += "]";
        }
        fact.operands.push_back({set, value(), true});
        return add(out, std::move(fact));
      }
      case node_op::call:
        if (e.calls("present") && e.args.size() == 1 && eval(e.args[0])) {
          condition_fact fact;
          fact.part = text_of(e);
          fact.operands.push_back(operand(e.args[0]));
          return add(out, std::move(fact));
        }
        break;
      default:
        if (auto c = cmp_of(e.op); c && e.args.size() == 2) {
          auto a = eval(e.args[0]);
          auto b = eval(e.args[1]);
          if (a && !a->present) return absent(e.args[0], out);
          if (b && !b->present) return absent(e.args[1], out);
          if (!a || !b) break;
          condition_fact fact;
          fact.part = text_of(e);
          fact.relation = symbol_of(was ? *c : negation(*c));
          fact.operands.push_back(operand(e.args[0]));
          fact.operands.push_back(operand(e.args[1]));
          return add(out, std::move(fact));
        }
        if (e.op == node_op::load || e.op == node_op::coalesce) {
          condition_fact fact;
          fact.part = text_of(e);
          fact.operands.push_back(operand(e));
          if (fact.operands[0].result.present() || fact.operands[0].literal)
            return add(out, std::move(fact));
        }
        break;
    }
    add(out, leaf(e, was));
  }

  // `x` had no value: what made a comparison with it, or a membership test, not hold.
  void absent(const typed_expr& x, failed_case& out) const {
    condition_fact fact;
    fact.part = text_of(x);
    fact.operands.push_back(operand(x));
    add(out, std::move(fact));
  }

  // One cell of a row that did not match: the column's value and the cell's operands, when it
  // failed (nothing when it held).
  void cell(const typed_expr& column, const std::optional<reg>& c, const checked_cell& cell,
            const std::string& text, failed_case& out) const {
    if (cell.kind == cell_kind::any) return;
    const type_kind kind = column.type.kind;
    if (c && !c->present) {
      condition_fact fact;
      fact.part = text;
      fact.operands.push_back(operand(column));
      return add(out, std::move(fact));
    }
    std::optional<bool> held;
    if (c) {
      switch (cell.kind) {
        case cell_kind::compare: {
          auto v = cell.operands.empty() ? std::nullopt : eval(cell.operands[0]);
          if (v && v->present) held = holds(cmp_of(cell.op), kind, c->bits, v->bits);
          break;
        }
        case cell_kind::range: {
          auto lo = cell.operands.size() == 2 ? eval(cell.operands[0]) : std::nullopt;
          auto hi = cell.operands.size() == 2 ? eval(cell.operands[1]) : std::nullopt;
          if (lo && hi && lo->present && hi->present) {
            held =
                holds(cmp::ge, kind, c->bits, lo->bits) && holds(cmp::le, kind, c->bits, hi->bits);
          }
          break;
        }
        case cell_kind::one_of:
          held = member(*c, kind, cell.operands, 0);
          break;
        case cell_kind::any:
          break;
      }
    }
    if (held && *held) return;
    condition_fact fact;
    fact.part = text;
    if (!held) {  // not known here: the cell as written, false (no row matched)
      fact.operands.push_back({text, value::of_bool(false), false});
      return add(out, std::move(fact));
    }
    fact.operands.push_back(operand(column));
    if (cell.kind == cell_kind::compare) {
      fact.relation = symbol_of(negation(cmp_of(cell.op)));
      fact.operands.push_back(operand(cell.operands[0]));
    } else {
      fact.relation = "not in";
      const table_cell* syntax = cell.syntax;
      fact.operands.push_back(
          {syntax && syntax->at.valid() ? std::string(syntax->at.text()) : std::string(), value(),
           true});
    }
    add(out, std::move(fact));
  }

  const program_impl& p_;
  const frame& f_;
  const program_impl::sensitivity& sensitive_;
};

// One fact as text: `as_of 2025-03-01 > plan_deadline 2018-11-06`, `plan_approved_on absent`,
// `age 30 not in 17..24`; an operand that is more than a name is in parentheses, so that its
// value stands apart (`(category ?? 0) 0 not in [3, 4]`, `(score * 3 > 100) false`).
inline std::string condition_fact_text(const condition_fact& fact, language lang) {
  const vocabulary& w = words(lang);
  auto shown = [&](const compared_value& o) {
    if (o.literal) return o.expression;
    const bool compound = o.expression.find(' ') != std::string::npos;
    return (compound ? "(" + o.expression + ")" : o.expression) + " " +
           (o.result.present() ? o.result.to_string() : w.absent);
  };
  if (fact.operands.empty()) return fact.part;
  if (fact.relation.empty() || fact.operands.size() < 2) return shown(fact.operands[0]);
  const std::string relation = fact.relation == "in"       ? w.in
                               : fact.relation == "not in" ? w.not_in
                                                           : fact.relation;
  return shown(fact.operands[0]) + " " + relation + " " + shown(fact.operands[1]);
}

// The cases and rows of a step that did not hold, as indented lines:
//   not taken:
//     case 5 (line 209): as_of <= plan_deadline
//       because as_of 2025-03-01 > plan_deadline 2018-11-06
inline std::string not_taken_text(const explanation_step& s, language lang) {
  if (s.not_taken.empty()) return {};
  const vocabulary& w = words(lang);
  std::string out = std::string("  ") + w.not_taken + ":\n";
  for (const failed_case& c : s.not_taken) {
    std::string branch = c.branch;
    if (branch.rfind("case ", 0) == 0) {
      branch = std::string(w.case_) + branch.substr(4);
    } else if (branch.rfind("row ", 0) == 0) {
      branch = std::string(w.row) + branch.substr(3);
    }
    out += "    " + branch;
    if (c.line) out += std::string(" (") + w.line + " " + std::to_string(c.line) + ")";
    out += ": " + c.condition + '\n';
    std::string facts;
    for (std::size_t k = 0; k < c.facts.size(); ++k) {
      facts += (k ? "; " : "") + condition_fact_text(c.facts[k], lang);
    }
    if (c.more_facts) facts += "; " + and_more(c.more_facts, lang);
    if (!facts.empty()) out += std::string("      ") + w.because + " " + facts + '\n';
  }
  if (s.not_taken_more) out += "    " + and_more(s.not_taken_more, lang) + '\n';
  return out;
}

// `,"not_taken":[…]` (and `"not_taken_more"`) when a step has cases or rows that did not hold.
inline void append_not_taken_json(std::string& out, const explanation_step& s) {
  if (s.not_taken.empty()) return;
  out += ",\"not_taken\":[";
  for (std::size_t i = 0; i < s.not_taken.size(); ++i) {
    const failed_case& c = s.not_taken[i];
    out += i ? ",{\"branch\":" : "{\"branch\":";
    append_json_string(out, c.branch);
    out += ",\"condition\":";
    append_json_string(out, c.condition);
    out += ",\"line\":" + std::to_string(c.line) + ",\"facts\":[";
    for (std::size_t k = 0; k < c.facts.size(); ++k) {
      const condition_fact& fact = c.facts[k];
      out += k ? ",{\"part\":" : "{\"part\":";
      append_json_string(out, fact.part);
      out += ",\"relation\":";
      append_json_string(out, fact.relation);
      out += ",\"operands\":[";
      for (std::size_t o = 0; o < fact.operands.size(); ++o) {
        const compared_value& v = fact.operands[o];
        out += o ? ",{\"expression\":" : "{\"expression\":";
        append_json_string(out, v.expression);
        out += v.literal ? ",\"literal\":true}" : ",\"value\":" + v.result.to_json() + '}';
      }
      out += "]}";
    }
    out += "],\"more\":" + std::to_string(c.more_facts) + '}';
  }
  out += ']';
  if (s.not_taken_more) out += ",\"not_taken_more\":" + std::to_string(s.not_taken_more);
}

}  // namespace ssprules::inline SSPRULES_ABI::detail
