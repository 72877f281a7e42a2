// Part of check (impl/check.ipp includes the parts in order): expressions — names, literals,
// operators, calls of the built-in functions (detail/functions.hpp) — typed, with flow typing after
// `present(…)`.
#include <algorithm>
#include <charconv>
#include <string>
#include <vector>

#include "ssprules/detail/functions.hpp"
#include "ssprules/detail/numerals.hpp"
#include "ssprules/impl/check_lists.ipp"

namespace ssprules::inline SSPRULES_ABI {
namespace detail {

class expression_checker : public list_checker {
 public:
  using list_checker::list_checker;

 protected:
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
          error(
              codes::invalid_value,
              "decimal `" + e.text + "` has more than 6 digits after the point or is out of range",
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
      default:
        return invalid(e);
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
    if (e.text == "missing") {
      typed_expr t;
      t.op = node_op::missing;
      t.syntax = &e;
      if (ctx.expect && !ctx.expect->invalid) {
        t.type = *ctx.expect;
      } else {
        t.type.nothing = true;
      }
      t.type.optional = true;
      return t;
    }
    // the items being gone over come first, then a function's parameters inside its body
    if (auto item = check_item_name(e)) {
      if (!item->type.invalid &&
          std::find(ctx.known.begin(), ctx.known.end(), item->symbol) != ctx.known.end()) {
        item->type.optional = false;
      }
      return *item;
    }
    for (const auto& [name, id] : locals_) {
      if (name != e.text) continue;
      typed_expr t;
      t.op = node_op::load;
      t.symbol = id;
      t.type = p_->symbols[id].type;
      t.syntax = &e;
      if (std::find(ctx.known.begin(), ctx.known.end(), id) != ctx.known.end()) {
        t.type.optional = false;
      }
      return t;
    }
    auto it = names_.find(e.text);
    if (it != names_.end() && p_->symbols[it->second].kind == symbol_kind::function) {
      error(codes::type_mismatch, "`" + e.text + "` is a function: call it, `" + e.text + "(…)`",
            e.at);
      return invalid(e);
    }
    bool expect_enum =
        ctx.expect && ctx.expect->kind == type_kind::enumeration && !ctx.expect->invalid;
    std::optional<std::uint32_t> member;
    if (expect_enum) {
      auto m = enum_value_ids_.find(e.text);
      if (m != enum_value_ids_.end() && enum_has(ctx.expect->enum_id, m->second))
        member = m->second;
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
      if (t.type.kind == type_kind::list && !t.type.invalid && sym.kind == symbol_kind::rule) {
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
    for (const symbol& s : p_->symbols) {
      if (s.kind != symbol_kind::item) candidates.push_back(s.name);
    }
    for (const bound_item& item : items_) candidates.push_back(item.name);
    candidates.emplace_back("as_of");
    if (expect_enum) {
      std::string close = closest_enum_value(*p_, ctx.expect->enum_id, e.text, suggestion_budget_);
      if (close.empty()) close = closest_match(e.text, candidates);
      error(codes::not_an_enum_value,
            "`" + e.text + "` is neither a name nor a value of " + describe(*ctx.expect), e.at,
            suggestion(close));
      return invalid(e);
    }
    std::vector<note> notes = suggestion(closest_match(e.text, candidates));
    if (e.text == "null" || e.text == "none" || e.text == "nil" || e.text == "None" ||
        e.text == "NULL") {
      notes = {
          {"no value is written `missing` (`then: missing`); to test for one, write "
           "`present(x)` or `not present(x)`",
           {}}};
    }
    if (notes.empty() && enum_value_ids_.count(e.text)) {
      notes.push_back(
          {"`" + e.text +
               "` is an enum value; it can be used where that enum is "
               "expected (compared with an enum, or as the result of an output declared "
               "`type: enum`)",
           {}});
    }
    error(codes::unknown_name, "unknown name `" + e.text + "`", e.at, std::move(notes));
    return invalid(e);
  }

  static std::string kind_name(const symbol& s) {
    switch (s.kind) {
      case symbol_kind::input:
        return "input";
      case symbol_kind::parameter:
        return "parameter";
      case symbol_kind::rule:
        return "rule";
      case symbol_kind::broken:
        return "name";
      case symbol_kind::function:
        return "function";
      case symbol_kind::param:
        return "function parameter";
      case symbol_kind::item:
        return "list item";
    }
    return "name";
  }

  // Is `e` a bare name that is not a symbol (so probably an enum value needing context)?
  bool is_unresolved_name(const expr& e) const {
    if (e.kind != expr_kind::name || e.text == "as_of" || names_.count(e.text) != 0) return false;
    if (find_item(e.text)) return false;
    return std::none_of(locals_.begin(), locals_.end(),
                        [&](const auto& local) { return local.first == e.text; });
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
    inner.known =
        merged(ctx.known, e.op == expr_op::and_ ? facts_if_true(lhs) : facts_if_false(lhs));
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
    const expr& set_syntax = e.args[1];
    if (set_syntax.kind != expr_kind::list && set_syntax.kind != expr_kind::range &&
        (is_unresolved_name(e.args[0]) || e.args[0].kind == expr_kind::string)) {
      // `red in colours`: the list's items say what `red` is
      typed_expr list = check_expr(set_syntax, inner);
      if (list.type.invalid) return bad_node(e);
      type_info item = type_info::of(list.type.item);
      item.enum_id = list.type.enum_id;
      inner.expect = list.type.kind == type_kind::list ? &item : nullptr;
      typed_expr subject = check_expr(e.args[0], inner);
      if (subject.type.invalid) return bad_node(e);
      require_present(subject);
      if (list.type.kind != type_kind::list) {
        error(codes::expression_syntax,
              "`in` needs a list `[a, b]`, a range `lo..hi` or a list input, not " +
                  describe(list.type),
              set_syntax.at);
        return bad_node(e);
      }
      return check_in_items(e, std::move(subject), std::move(list));
    }
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
    if (!range && set.kind != expr_kind::list) {  // `x in L`, a list input
      expr_context of_list{nullptr, ctx.known, ctx.allowed};
      typed_expr list = check_expr(set, of_list);
      if (list.type.invalid) return bad_node(e);
      if (list.type.kind != type_kind::list) {
        error(codes::expression_syntax,
              "`in` needs a list `[a, b]`, a range `lo..hi` or a list input, not " +
                  describe(list.type),
              set.at);
        return bad_node(e);
      }
      return check_in_items(e, std::move(subject), std::move(list));
    }
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

  // The enum type of `weekday(d)`: monday … sunday.
  std::uint32_t weekday_enum() {
    if (!p_->weekday_enum) {
      std::vector<std::uint32_t> members;
      for (std::string_view day : weekday_names) members.push_back(enum_value_id(std::string(day)));
      p_->weekday_enum = enum_type_id(std::move(members));
    }
    return *p_->weekday_enum;
  }

  // A call of a built-in function, typed by its row of function_table.
  typed_expr check_call(const expr& e, const expr_context& ctx) {
    if (auto kind = list_aggregate_named(e.text);
        kind && !(e.args.size() >= 2 && is_minmax(*kind))) {
      return check_aggregate_call(e, *kind, ctx);
    }
    const function_info* info = find_function(e.text);
    if (!info) {
      auto user = names_.find(e.text);
      if (user != names_.end() && p_->symbols[user->second].kind == symbol_kind::function) {
        return check_user_call(e, ctx, user->second);
      }
      std::vector<std::string> names;
      for (const function_info& f : function_table) names.emplace_back(f.name);
      for (const checked_function& f : p_->functions) names.push_back(f.syntax->name);
      std::vector<note> notes = suggestion(closest_match(e.text, names));
      notes.push_back(
          {"the built-in functions are listed under \"Functions\" in "
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
    if (info->working_days && !p_->doc->working_days) {
      error(codes::no_working_days,
            "`" + e.text + "` counts working days, but the policy has no working-day calendar",
            e.at,
            {{"declare one under `calendar:`, e.g. `calendar: {working_days: {holidays: "
              "denmark}}` (docs/rule-language.md, \"Working days\")",
              {}}});
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
      case result_kind::integer:
        t.type = type_info::of(type_kind::integer);
        break;
      case result_kind::date:
        t.type = type_info::of(type_kind::date);
        break;
      case result_kind::boolean:
        t.type = type_info::of(type_kind::boolean);
        break;
      case result_kind::common:
        break;  // set by check_arguments
      case result_kind::weekday:
        t.type = type_info::of(type_kind::enumeration);
        t.type.enum_id = weekday_enum();
        break;
    }
    return t;
  }

  static bool is_minmax(list_aggregate k) {
    return k == list_aggregate::min || k == list_aggregate::max;
  }

  // `count(L)`, `count(r in L where C)`, `sum(r.x for r in L where C)`, `min(L)` …: one
  // argument, a list or an `each` over one. (`min`/`max` of two or more are the built-ins.)
  typed_expr check_aggregate_call(const expr& e, list_aggregate kind, const expr_context& ctx) {
    if (ctx.allowed != scope::rules) {
      error(codes::constant_required, "`" + e.text + "` cannot be used here", e.at,
            {{"parameters, assertions and defaults are fixed when the policy loads; lists are "
              "inputs",
              {}}});
      return invalid(e);
    }
    if (e.args.size() != 1) {
      error(codes::wrong_argument_count,
            "`" + e.text + "` takes 1 argument (a list, or `r in list where condition`), given " +
                std::to_string(e.args.size()),
            e.at,
            {{"e.g. `" + e.text +
                  (kind == list_aggregate::count ? "(r in police_reports where r.kind == vold)`"
                                                 : "(r.amount for r in payments)`"),
              {}}});
      return invalid(e);
    }
    const expr& a = e.args[0];
    if (a.kind == expr_kind::each) {
      // `r in L where C`: the value is the item itself
      const bool implicit = a.args[1].kind == expr_kind::name && a.args[1].text == a.text;
      return check_aggregate(e, kind, a.args[0], a.text, implicit ? nullptr : &a.args[1],
                             &a.args[2], ctx);
    }
    // `count(r in L)`: `r` names nothing, so it is the item, not a value looked for in `L`
    if (a.kind == expr_kind::membership && a.op == expr_op::in &&
        a.args[0].kind == expr_kind::name && names_.count(a.args[0].text) == 0 &&
        !find_item(a.args[0].text) && a.args[1].kind != expr_kind::list &&
        a.args[1].kind != expr_kind::range) {
      return check_aggregate(e, kind, a.args[1], a.args[0].text, nullptr, nullptr, ctx);
    }
    if (is_minmax(kind)) {  // `min(x)` of one value that is no list: the built-in's arity
      expr_context inner{nullptr, ctx.known, ctx.allowed};
      typed_expr one = check_expr(a, inner);
      if (one.type.invalid) return invalid(e);
      if (one.type.kind != type_kind::list) {
        error(codes::wrong_argument_count,
              "`" + e.text + "` takes at least 2 arguments (a, b, …), given 1", e.at,
              {{"or one list: `" + e.text + "(dates)`, `" + e.text +
                    "(r.date for r in police_reports)`",
                {}}});
        return invalid(e);
      }
    }
    return check_aggregate(e, kind, a, "item", nullptr, nullptr, ctx);
  }

  // A call of a user function: one argument per parameter, each of the parameter's type (and
  // present unless the parameter is `optional`); the result has the function's type.
  typed_expr check_user_call(const expr& e, const expr_context& ctx, std::uint32_t sym) {
    p_->symbols[sym].used = true;
    // by index: checking the arguments may add symbols (items of lists) and move the table
    const checked_function& cf = p_->functions[p_->symbols[sym].index];
    const function_decl& decl = *cf.syntax;
    if (ctx.allowed != scope::rules) {
      error(codes::constant_required, "`" + e.text + "` cannot be called here", e.at,
            {{ctx.allowed == scope::constants
                  ? "a default is a constant such as `false` or `0`"
                  : "parameters and assertions may use only literals and other parameters",
              {}}});
      return invalid(e);
    }
    std::string signature;
    for (const function_param& param : decl.params) {
      signature += (signature.empty() ? "" : ", ") + param.name;
    }
    if (e.args.size() != decl.params.size()) {
      const std::size_t n = decl.params.size();
      error(codes::wrong_argument_count,
            "`" + e.text + "` takes " + std::to_string(n) + (n == 1 ? " argument" : " arguments") +
                " (" + signature + "), given " + std::to_string(e.args.size()),
            e.at, {{"declared here", p_->symbols[sym].at}});
      return invalid(e);
    }
    typed_expr t;
    t.op = node_op::call_function;
    t.symbol = sym;
    t.syntax = &e;
    bool ok = true;
    for (std::size_t k = 0; k < e.args.size(); ++k) {
      const type_info pt = p_->symbols[cf.params[k]].type;  // a copy: see above
      expr_context inner{pt.invalid ? nullptr : &pt, ctx.known, ctx.allowed};
      typed_expr a = check_expr(e.args[k], inner);
      if (a.type.invalid || pt.invalid || p_->symbols[sym].type.invalid) {
        ok = false;
      } else {
        if (!pt.optional) require_present(a);
        type_info target = pt;
        target.optional = true;  // presence was checked above
        if (!assign(a, target,
                    "argument " + std::to_string(k + 1) + " (`" + decl.params[k].name + "`) of `" +
                        e.text + "`"))
          ok = false;
      }
      t.args.push_back(std::move(a));
    }
    if (!ok || p_->symbols[sym].type.invalid) {
      t.type = type_info::bad();
      return t;
    }
    t.type = p_->symbols[sym].type;
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
        case param_kind::decimal:
          if (!is_numeric(a.type.kind)) {
            error(codes::type_mismatch, "`" + name + "` needs a number, not " + describe(a.type),
                  e.args[i].at);
            return false;
          }
          widen(a, type_info::of(type_kind::decimal));
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
        case param_kind::maybe:
          break;
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

 protected:
  typed_expr check_expr(const expr& e, const expr_context& ctx) final {
    count_work();
    switch (e.kind) {
      case expr_kind::field:
        return check_field(e, ctx);
      case expr_kind::quantified:
        return check_aggregate(e,
                               e.op == expr_op::and_ ? list_aggregate::every : list_aggregate::some,
                               e.args[0], e.text, nullptr, &e.args[1], ctx);
      case expr_kind::each:
        error(codes::expression_syntax,
              "`" + e.text +
                  " in … where …` goes over a list inside `count(…)`, `sum(…)`, "
                  "`min(…)` or `max(…)`",
              e.at, {{"e.g. `count(r in police_reports where r.kind == vold) >= 2`", {}}});
        return invalid(e);
      case expr_kind::boolean:
      case expr_kind::integer:
      case expr_kind::decimal:
      case expr_kind::string:
      case expr_kind::date:
        return check_literal(e, ctx);
      case expr_kind::name:
        return check_name(e, ctx);
      case expr_kind::call:
        return check_call(e, ctx);
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
          case expr_op::div:
            return check_arithmetic(e, ctx);
          case expr_op::and_:
          case expr_op::or_:
            return check_logical(e, ctx);
          case expr_op::coalesce:
            return check_coalesce(e, ctx);
          default:
            return check_comparison(e, ctx);
        }
      case expr_kind::membership:
        return check_membership(e, ctx);
      case expr_kind::conditional:
        return check_conditional(e, ctx);
      case expr_kind::list:
      case expr_kind::range:
        error(codes::expression_syntax, "a list or range can only follow `in`", e.at);
        return invalid(e);
    }
    return invalid(e);
  }

 protected:
};

}  // namespace detail
}  // namespace ssprules::inline SSPRULES_ABI
