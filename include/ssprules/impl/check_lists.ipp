// Part of check (impl/check.ipp includes the parts in order): lists — their types, the names of
// items while `count`, `sum`, `min`, `max`, `some` and `every` go over them, fields of items
// (`r.kind`), and membership `x in L`. Typed per item, with "did you mean" on field names.
#include <string>
#include <vector>

#include "ssprules/detail/suggest.hpp"
#include "ssprules/impl/check_dependencies.ipp"

namespace ssprules::inline SSPRULES_ABI {
namespace detail {

class list_checker : public dependency_checker {
 public:
  using dependency_checker::dependency_checker;
  virtual ~list_checker() = default;
  list_checker(const list_checker&) = delete;
  list_checker& operator=(const list_checker&) = delete;

 protected:
  // The expression checker (the next part) checks the parts of list expressions.
  virtual typed_expr check_expr(const expr& e, const expr_context& ctx) = 0;

  // An item being gone over: its name, the list's type and its first register.
  struct bound_item {
    std::string name;
    type_info list;
    std::uint32_t first = 0;
  };
  std::vector<bound_item> items_;  // innermost last

  static typed_expr bad_node(const expr& e) {
    typed_expr t;
    t.type = type_info::bad();
    t.syntax = &e;
    return t;
  }

  // The aggregate a call names: `count`, `sum`, `min`, `max` (the last two also built-ins of two
  // or more arguments).
  static std::optional<list_aggregate> list_aggregate_named(std::string_view name) {
    if (name == "count") return list_aggregate::count;
    if (name == "sum") return list_aggregate::sum;
    if (name == "min") return list_aggregate::min;
    if (name == "max") return list_aggregate::max;
    return std::nullopt;
  }

  const bound_item* find_item(const std::string& name) const {
    for (auto it = items_.rbegin(); it != items_.rend(); ++it) {
      if (it->name == name) return &*it;
    }
    return nullptr;
  }

  // "date" / "{date, kind}" for messages.
  std::string item_text(const type_info& list) const {
    if (list.item != type_kind::record) {
      type_info each = type_info::of(list.item);
      each.enum_id = list.enum_id;
      return describe(each);
    }
    std::string out = "{";
    const auto& fields = p_->records[list.record].fields;
    for (std::size_t i = 0; i < fields.size(); ++i) out += (i ? ", " : "") + fields[i].name;
    return out + "}";
  }

  // The registers of an item: one per field of a record, else one (symbols of kind `item`).
  std::uint32_t declare_item(const std::string& name, const type_info& list,
                             const source_span& at) {
    const auto first = static_cast<std::uint32_t>(p_->symbols.size());
    auto add = [&](std::string shown, type_info t, std::optional<std::int64_t> lo,
                   std::optional<std::int64_t> hi) {
      symbol s;
      s.name = std::move(shown);
      s.kind = symbol_kind::item;
      s.type = t;
      s.at = at;
      s.used = true;
      if (lo) s.lo = *lo;
      if (hi) s.hi = *hi;
      p_->symbols.push_back(std::move(s));
    };
    const auto& fields = p_->records[list.record].fields;
    if (list.item == type_kind::record) {
      for (const record_type::field& f : fields) add(name + "." + f.name, f.type, f.min, f.max);
    } else {
      const record_type::field& f = fields[0];
      add(name, f.type, f.min, f.max);
    }
    return first;
  }

  // The list an aggregate goes over: a list, present.
  bool check_list_operand(typed_expr& list, const expr& syntax, const std::string& what) {
    if (list.type.invalid) return false;
    if (list.type.kind != type_kind::list) {
      error(codes::type_mismatch, what + " goes over a list, not " + describe(list.type), syntax.at,
            {{"lists are inputs declared `type: list` (docs/rule-language.md, \"Lists\")", {}}});
      return false;
    }
    if (list.type.optional) {
      std::string name = syntax.kind == expr_kind::name ? syntax.text : "the list";
      error(codes::may_be_missing, "`" + name + "` may be missing here", syntax.at,
            {{"an optional list may be absent: test it first, `present(" + name +
                  ") and …` or `if present(" + name +
                  ") then … else …`; a list that is not "
                  "optional is empty when absent",
              {}}});
      return false;
    }
    return true;
  }

  // `count(…)`, `sum(…)`, `min(…)`, `max(…)` over items (`e` the call, its one argument a list
  // or `r in L where C` / `v for r in L where C`), `some` and `every` (`e` the quantified node).
  typed_expr check_aggregate(const expr& e, list_aggregate kind, const expr& list_syntax,
                             const std::string& name, const expr* value_syntax,
                             const expr* condition_syntax, const expr_context& ctx) {
    const std::string what = std::string("`") + to_string(kind) + "`";
    expr_context inner{nullptr, ctx.known, ctx.allowed};
    typed_expr list = check_expr(list_syntax, inner);
    if (!check_list_operand(list, list_syntax, what)) return bad_node(e);
    typed_expr t;
    t.op = node_op::aggregate;
    t.bits = static_cast<std::int64_t>(kind);
    t.syntax = &e;
    t.symbol = declare_item(name, list.type, list_syntax.at);
    items_.push_back({name, list.type, t.symbol});
    typed_expr condition;
    if (condition_syntax) {
      condition = check_expr(*condition_syntax, inner);
      expect_bool(condition, kind == list_aggregate::some || kind == list_aggregate::every
                                 ? "`satisfies`"
                                 : "`where`");
    } else {
      condition.op = node_op::constant;
      condition.type = type_info::of(type_kind::boolean);
      condition.bits = 1;
      condition.syntax = &e;
    }
    typed_expr value;
    if (value_syntax) {
      // the value is taken of the items that meet the condition: what it proves holds
      expr_context of_value{nullptr, merged(ctx.known, facts_if_true(condition)), ctx.allowed};
      value = check_expr(*value_syntax, of_value);
    } else {
      value.op = node_op::load;
      value.symbol = t.symbol;
      value.type = p_->symbols[t.symbol].type;
      value.syntax = &list_syntax;
      const bool needs_value =
          kind == list_aggregate::sum || kind == list_aggregate::min || kind == list_aggregate::max;
      if (list.type.item == type_kind::record && needs_value) {
        error(codes::type_mismatch,
              what + " needs a value per item; the items of `" + source_text(&list_syntax) +
                  "` have fields " + item_text(list.type),
              e.at,
              {{std::string("write e.g. `") + to_string(kind) + "(r." +
                    p_->records[list.type.record].fields[0].name + " for r in " +
                    source_text(&list_syntax) + ")`",
                {}}});
        items_.pop_back();
        return bad_node(e);
      }
    }
    items_.pop_back();
    if (value.type.invalid || condition.type.invalid) return bad_node(e);
    switch (kind) {
      case list_aggregate::count:
        t.type = type_info::of(type_kind::integer);
        break;
      case list_aggregate::some:
      case list_aggregate::every:
        t.type = type_info::of(type_kind::boolean);
        break;
      case list_aggregate::sum:
      case list_aggregate::min:
      case list_aggregate::max: {
        require_present(value);
        const bool numeric = is_numeric(value.type.kind);
        if (kind == list_aggregate::sum ? !numeric : !is_ordered(value.type.kind)) {
          error(codes::type_mismatch,
                what + (kind == list_aggregate::sum ? " adds numbers" : " needs numbers or dates") +
                    ", not " + describe(value.type),
                value_syntax ? value_syntax->at : list_syntax.at);
          return bad_node(e);
        }
        t.type = type_info::of(value.type.kind);
        // the smallest or largest of no items is missing; a sum of none is 0
        t.type.optional = kind != list_aggregate::sum;
        break;
      }
    }
    t.args.push_back(std::move(list));
    t.args.push_back(std::move(value));
    t.args.push_back(std::move(condition));
    return t;
  }

  // `r.kind`: a field of the item being gone over.
  typed_expr check_field(const expr& e, const expr_context& ctx) {
    const expr& owner = e.args[0];
    const bound_item* item = owner.kind == expr_kind::name ? find_item(owner.text) : nullptr;
    if (!item) {
      std::string shown = source_text(&owner);
      error(codes::unknown_name,
            "`" + shown + "." + e.text + "`: only an item of a list has fields", e.at,
            {{"name the item while going over the list: `some r in police_reports satisfies "
              "r." +
                  e.text + " …`, `count(r in police_reports where r." + e.text + " …)`",
              {}}});
      return bad_node(e);
    }
    if (item->list.item != type_kind::record) {
      error(codes::type_mismatch,
            "`" + owner.text + "` is " + item_text(item->list) + ", an item without fields", e.at,
            {{"use the item itself: `" + owner.text + "`", {}}});
      return bad_node(e);
    }
    const auto& fields = p_->records[item->list.record].fields;
    for (std::size_t k = 0; k < fields.size(); ++k) {
      if (fields[k].name != e.text) continue;
      typed_expr t;
      t.op = node_op::load;
      t.symbol = item->first + static_cast<std::uint32_t>(k);
      t.type = fields[k].type;
      t.syntax = &e;
      if (std::find(ctx.known.begin(), ctx.known.end(), t.symbol) != ctx.known.end()) {
        t.type.optional = false;
      }
      return t;
    }
    std::vector<std::string> names;
    for (const auto& f : fields) names.push_back(f.name);
    std::vector<note> notes = suggestion(closest_match(e.text, names));
    notes.push_back({"the items of the list have the fields " + item_text(item->list), {}});
    error(codes::unknown_name, "the items have no field `" + e.text + "`", e.at, std::move(notes));
    return bad_node(e);
  }

  // A name that is an item being gone over (a record's item is used through its fields); null
  // when `e` names no item.
  std::optional<typed_expr> check_item_name(const expr& e) {
    const bound_item* item = find_item(e.text);
    if (!item) return std::nullopt;
    if (item->list.item == type_kind::record) {
      const auto& fields = p_->records[item->list.record].fields;
      error(
          codes::type_mismatch,
          "`" + e.text + "` is an item with fields " + item_text(item->list) + "; use one of them",
          e.at, {{"e.g. `" + e.text + "." + fields[0].name + "`", {}}});
      return bad_node(e);
    }
    typed_expr t;
    t.op = node_op::load;
    t.symbol = item->first;
    t.type = p_->symbols[item->first].type;
    t.syntax = &e;
    return t;
  }

  // `x in L` / `x not in L` with L a list of scalars.
  typed_expr check_in_items(const expr& e, typed_expr subject, typed_expr list) {
    const expr& list_syntax = e.args[1];
    if (!check_list_operand(list, list_syntax, "`in`")) return bad_node(e);
    if (list.type.item == type_kind::record) {
      error(codes::type_mismatch,
            "the items of `" + source_text(&list_syntax) + "` have fields " + item_text(list.type) +
                "; `in` looks for a value among a list of values",
            e.at,
            {{"write `some r in " + source_text(&list_syntax) + " satisfies r." +
                  p_->records[list.type.record].fields[0].name + " == …`",
              {}}});
      return bad_node(e);
    }
    typed_expr item;
    item.op = node_op::load;
    item.type = type_info::of(list.type.item);
    item.type.enum_id = list.type.enum_id;
    if (!comparable(subject, item, expr_op::eq, e.at)) return bad_node(e);
    typed_expr t;
    t.op = node_op::in_items;
    t.negated = e.op == expr_op::not_in;
    t.syntax = &e;
    t.type = type_info::of(type_kind::boolean);
    t.operand_kind = list.type.item;
    if (is_numeric(subject.type.kind) && subject.type.kind != list.type.item) {
      error(
          codes::type_mismatch,
          "cannot look for " + describe(subject.type) + " among " + item_text(list.type) + " items",
          e.at, {{"compare numbers of the same kind, or go over the items with `some`", {}}});
      return bad_node(e);
    }
    t.symbol = declare_item("item", list.type, list_syntax.at);
    t.args.push_back(std::move(subject));
    t.args.push_back(std::move(list));
    return t;
  }
};

}  // namespace detail
}  // namespace ssprules::inline SSPRULES_ABI
