// Part of check (impl/check.ipp includes the parts in order): inputs, parameters and rules —
// expressions, cases, decision tables and versions — with the bounds that table analysis
// (table_analysis.ipp) uses.
#include <algorithm>
#include <limits>
#include <string>
#include <vector>

#include "ssprules/impl/check_expressions.ipp"

namespace ssprules::inline SSPRULES_ABI {
namespace detail {

class rule_checker : public expression_checker {
 public:
  using expression_checker::expression_checker;

 protected:
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
      if (in.default_value && type && type->kind == type_kind::list) {
        error(codes::invalid_value, "a list input has no `default`: when absent it is empty",
              in.default_value->at,
              {{"remove `default`; `optional: true` tells an absent list from an empty one", {}}});
      } else if (in.default_value && type) {
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

  // Lists are inputs and parameters of functions; a declared list elsewhere is an error.
  std::optional<type_info> not_a_list(std::optional<type_info> t, const type_decl& d,
                                      const std::string& what) {
    if (!t || t->kind != type_kind::list) return t;
    error(codes::type_mismatch, what + " cannot be a list", d.at,
          {{"lists are inputs (or parameters of functions); count or sum them into a value: "
            "`count(r in police_reports where …)`",
            {}}});
    return std::nullopt;
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
    if (decl.type) declared = not_a_list(type_of_decl(*decl.type), *decl.type, "a parameter");
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
        if (!assign(v, *declared, "parameter `" + decl.name + "`"))
          ok = false;
        else if (decl.type)
          check_bounds(v, decl.type->min, decl.type->max, "a value of `" + decl.name + "`");
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
    if (e.type.kind == type_kind::list) {
      error(codes::type_mismatch, what + " cannot be a list",
            e.syntax ? e.syntax->at : source_span{},
            {{"lists are inputs; make one value of the list: `count(…)`, `some r in … satisfies "
              "…`, `sum(…)`, `min(…)`, `max(…)` (docs/rule-language.md, \"Lists\")",
              {}}});
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
      if (c.error) {
        cc.raises = &*c.error;
      } else {
        cc.then = check_expr(c.then, {expect, known, scope::rules});
        check_result(cc.then, declared, inferred, ok, what);
      }
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
        case aggregate_kind::count:
          result = type_info::of(type_kind::integer);
          break;
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
      expr_op op = cell.kind == cell_kind::range     ? expr_op::none
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

  // A user function: its parameters' types, then its body against its declared result type,
  // with the parameters in scope.
  void check_function(std::uint32_t index) {
    checked_function& cf = p_->functions[index];
    const function_decl& decl = *cf.syntax;
    const std::string what = "function `" + decl.name + "`";
    bool ok = true;
    for (std::size_t k = 0; k < decl.params.size(); ++k) {
      symbol& param = p_->symbols[cf.params[k]];
      auto t = type_of_decl(decl.params[k].type);
      if (!t) {
        param.type = type_info::bad();
        ok = false;
      } else {
        param.type = *t;
        param.type.optional = decl.params[k].optional;
        if (decl.params[k].type.min) param.lo = *decl.params[k].type.min;
        if (decl.params[k].type.max) param.hi = *decl.params[k].type.max;
      }
      locals_.emplace_back(decl.params[k].name, cf.params[k]);
    }
    std::optional<type_info> declared =
        not_a_list(type_of_decl(decl.type), decl.type, "the result of a function");
    std::optional<type_info> inferred;
    cf.body.form = decl.body.form;
    if (!declared) ok = false;
    if (ok && decl.body.form == body_form::expression) {
      cf.body.expression = check_expr(decl.body.expression, {&*declared, {}, scope::rules});
      check_result(cf.body.expression, declared, inferred, ok, what);
    } else if (ok && decl.body.form == body_form::cases) {
      check_cases(decl.body, cf.body, declared, inferred, ok, what);
    }
    locals_.clear();
    symbol& s = p_->symbols[cf.symbol];
    s.type = ok && inferred ? *inferred : type_info::bad();
  }

  void check_rule(std::uint32_t index) {
    const rule_decl& decl = p_->doc->rules[index];
    std::uint32_t sym = rule_symbol_[index];
    std::string what =
        std::string(decl.role == rule_role::output ? "output" : "value") + " `" + decl.name + "`";
    checked_rule cr;
    cr.syntax = &decl;
    cr.symbol = sym;
    std::optional<type_info> declared;
    bool ok = true;
    if (decl.type) {
      declared = not_a_list(type_of_decl(*decl.type), *decl.type, "a value or an output");
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
          cv.expression =
              check_expr(v.body.expression, {declared ? &*declared : nullptr, {}, scope::rules});
          check_result(cv.expression, declared, inferred, ok, what);
          break;
        case body_form::cases:
          check_cases(v.body, cv, declared, inferred, ok, what);
          break;
        case body_form::table:
          check_table(v.body, cv, declared, inferred, ok, what);
          break;
      }
      cr.versions.push_back(std::move(cv));
    }
    if (ok && decl.versioned) check_version_coverage(cr, what);
    symbol& s = p_->symbols[sym];
    if (ok && inferred && inferred->nothing) {
      error(codes::wrong_result_type, what + " is always `missing`", decl.at,
            {{"declare its type (`type: date`), or give it a value in some case", {}}});
      ok = false;
    }
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
        case body_form::expression:
          widen(v.expression, t);
          break;
        case body_form::cases:
          for (checked_case& c : v.cases) {
            if (!c.raises) widen(c.then, t);
          }
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

  // Bounds of integer values (for table gap analysis): literals, ranged inputs, ages, and what
  // `??`, `if`, `min`, `max`, `+`, `-` and negation make of them (interval arithmetic; an end
  // that is unbounded or would overflow stays unbounded).
  std::pair<std::int64_t, std::int64_t> bounds_of(const typed_expr& e) const {
    constexpr auto lo = std::numeric_limits<std::int64_t>::min();
    constexpr auto hi = std::numeric_limits<std::int64_t>::max();
    using range = std::pair<std::int64_t, std::int64_t>;
    auto either = [](range a, range b) -> range {
      return {std::min(a.first, b.first), std::max(a.second, b.second)};
    };
    // a + b for one end of an interval: unbounded stays unbounded, overflow widens
    auto plus = [](std::int64_t a, std::int64_t b, std::int64_t unbounded) {
      std::int64_t sum = 0;
      if (a == unbounded || b == unbounded || __builtin_add_overflow(a, b, &sum)) return unbounded;
      return sum;
    };
    auto negated = [](range a) -> range {
      return {a.second == hi ? lo : -a.second, a.first == lo ? hi : -a.first};
    };
    switch (e.op) {
      case node_op::constant:
        return {e.bits, e.bits};
      case node_op::load:
        return {p_->symbols[e.symbol].lo, p_->symbols[e.symbol].hi};
      case node_op::call: {
        if ((e.calls("min") || e.calls("max")) && !e.args.empty()) {
          range r = bounds_of(e.args[0]);
          for (std::size_t i = 1; i < e.args.size(); ++i) {
            range a = bounds_of(e.args[i]);
            r = e.calls("min") ? range{std::min(r.first, a.first), std::min(r.second, a.second)}
                               : range{std::max(r.first, a.first), std::max(r.second, a.second)};
          }
          return r;
        }
        return {e.fn->low, e.fn->high};  // from the function table
      }
      case node_op::coalesce:  // the value, or the fallback when it is missing
        if (e.args.size() != 2) return {lo, hi};
        return either(bounds_of(e.args[0]), bounds_of(e.args[1]));
      case node_op::cond:
        if (e.args.size() != 3) return {lo, hi};
        return either(bounds_of(e.args[1]), bounds_of(e.args[2]));
      case node_op::neg:
        if (e.args.size() != 1) return {lo, hi};
        return negated(bounds_of(e.args[0]));
      case node_op::add:
      case node_op::sub: {
        // a node whose checking failed may lack its operands: nothing is known of it
        if (e.args.size() != 2) return {lo, hi};
        range a = bounds_of(e.args[0]);
        range b = bounds_of(e.args[1]);
        if (e.op == node_op::sub) b = negated(b);
        return {plus(a.first, b.first, lo), plus(a.second, b.second, hi)};
      }
      default:
        return {lo, hi};
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
        case body_form::expression:
          widen_to(bounds_of(v.expression));
          break;
        case body_form::cases:
          for (const checked_case& c : v.cases) {
            if (!c.raises) widen_to(bounds_of(c.then));
          }
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
};

}  // namespace detail
}  // namespace ssprules::inline SSPRULES_ABI
