// Part of check (impl/check.ipp includes the parts in order): what every part of the checker
// shares — the policy being checked, the diagnostics, the enum and type helpers, the periods and
// the symbol table. Each later part is a class derived from the one before.
#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "ssprules/check.hpp"
#include "ssprules/detail/checked.hpp"
#include "ssprules/detail/codes.hpp"
#include "ssprules/detail/suggest.hpp"
#include "ssprules/detail/work.hpp"

namespace ssprules::inline SSPRULES_ABI {
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
    case node_op::and_:
      return merged(facts_if_true(e.args[0]), facts_if_true(e.args[1]));
    case node_op::or_:
      return intersected(facts_if_true(e.args[0]), facts_if_true(e.args[1]));
    case node_op::not_:
      return facts_if_false(e.args[0]);
    default:
      return {};
  }
}

SSPRULES_INLINE known_set facts_if_false(const typed_expr& e) {
  switch (e.op) {
    case node_op::or_:
      return merged(facts_if_false(e.args[0]), facts_if_false(e.args[1]));
    case node_op::and_:
      return intersected(facts_if_false(e.args[0]), facts_if_false(e.args[1]));
    case node_op::not_:
      return facts_if_true(e.args[0]);
    default:
      return {};
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

SSPRULES_INLINE bool is_ordered(type_kind k) { return is_numeric(k) || k == type_kind::date; }

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

class check_state {
 public:
  check_state(std::shared_ptr<const rule_document> doc, const check_options& opts,
              std::vector<diagnostic>& diagnostics)
      : opts_(opts), diagnostics_(diagnostics) {
    p_ = std::make_shared<checked_policy>();
    p_->doc = std::move(doc);
  }

 protected:
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
      it->second =
          std::any_of(small.begin(), small.end(), [&](std::uint32_t v) { return enum_has(b, v); });
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
    if (t.nothing) return "`missing`";
    std::string out = to_string(t.kind);
    if (t.kind == type_kind::enumeration) out += " {" + enum_value_list(*p_, t.enum_id) + "}";
    if (t.kind == type_kind::list && t.item == type_kind::record && t.record < p_->records.size()) {
      out += " of {";
      const auto& fields = p_->records[t.record].fields;
      for (std::size_t i = 0; i < fields.size(); ++i) out += (i ? ", " : "") + fields[i].name;
      out += "}";
    } else if (t.kind == type_kind::list) {
      type_info each = type_info::of(t.item);
      each.enum_id = t.enum_id;
      out += " of " + describe(each);
    }
    return out;
  }

  std::optional<type_info> type_of_decl(const type_decl& d) {
    type_info t;
    if (d.name == "bool")
      t.kind = type_kind::boolean;
    else if (d.name == "integer")
      t.kind = type_kind::integer;
    else if (d.name == "decimal")
      t.kind = type_kind::decimal;
    else if (d.name == "string")
      t.kind = type_kind::string;
    else if (d.name == "date")
      t.kind = type_kind::date;
    else if (d.name == "list")
      return list_type_of_decl(d);
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

  // The type of a list written `type: list, of: …` (`of` a type, or fields of records). Every
  // list gets a record type: one unnamed field for a list of scalars (its bounds), else its
  // fields, so the decoder reads both the same way.
  std::optional<type_info> list_type_of_decl(const type_decl& d) {
    type_info t;
    t.kind = type_kind::list;
    record_type items;
    if (!d.of.empty()) {
      auto each = type_of_decl(d.of[0]);
      if (!each) return std::nullopt;
      t.item = each->kind;
      t.enum_id = each->enum_id;
      items.fields.push_back({"", *each, d.of[0].min, d.of[0].max, d.of[0].at});
    } else {
      t.item = type_kind::record;
      if (d.fields.size() > max_record_fields) {
        error(codes::limit_exceeded,
              "the items of a list have " + std::to_string(d.fields.size()) + " fields; at most " +
                  std::to_string(max_record_fields) + " are allowed",
              d.fields[max_record_fields].at,
              {{"keep the fields the rules use; the decoder ignores the others a record has", {}}});
        return std::nullopt;
      }
      std::unordered_map<std::string, source_span> seen;
      for (const record_field_decl& f : d.fields) {
        auto ft = type_of_decl(f.type);
        if (!ft) return std::nullopt;
        ft->optional = f.optional;
        if (auto [it, inserted] = seen.emplace(f.name, f.at); !inserted) {
          error(codes::declared_twice, "field `" + f.name + "` is declared twice", f.at,
                {{"first declared here", it->second}});
          return std::nullopt;
        }
        items.fields.push_back({f.name, *ft, f.type.min, f.type.max, f.at});
      }
    }
    t.record = static_cast<std::uint32_t>(p_->records.size());
    p_->records.push_back(std::move(items));
    return t;
  }

  // Whether lists of `from` items can stand where lists of `to` items are declared (a list
  // passed to a function): the same item kind, the same fields, enums within the declared ones.
  bool same_items(const type_info& from, const type_info& to) const {
    if (from.item != to.item) return false;
    if (from.item == type_kind::enumeration) return values_fit(from.enum_id, to.enum_id);
    if (from.item != type_kind::record) return true;
    const auto& a = p_->records[from.record].fields;
    const auto& b = p_->records[to.record].fields;
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (a[i].name != b[i].name || a[i].type.kind != b[i].type.kind) return false;
      if (a[i].type.optional && !b[i].type.optional) return false;
      if (a[i].type.kind == type_kind::enumeration &&
          !values_fit(a[i].type.enum_id, b[i].type.enum_id))
        return false;
    }
    return true;
  }

  bool values_fit(std::uint32_t from, std::uint32_t to) const {
    for (std::uint32_t v : p_->enums[from]) {
      if (!enum_has(to, v)) return false;
    }
    return true;
  }

  // The common type of two branches, converting integer to decimal and joining enums.
  std::optional<type_info> unify(const type_info& a, const type_info& b) {
    if (a.invalid) return b;
    if (b.invalid) return a;
    if (a.nothing || b.nothing) {  // `missing` takes the other's type and makes it optional
      type_info out = a.nothing ? b : a;
      out.optional = true;
      return out;
    }
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
    if (e.type.nothing) {
      e.type = target;
      e.type.optional = true;
      return true;
    }
    if (e.type.kind == target.kind) {
      if (target.kind == type_kind::list && !same_items(e.type, target)) {
        error(codes::wrong_result_type,
              what + " is declared " + describe(target) + " but this is " + describe(e.type), at);
        return false;
      }
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
    if (e.op == node_op::missing) {
      error(codes::may_be_missing, "`missing` has no value, so it cannot be used here",
            e.syntax ? e.syntax->at : source_span{},
            {{"`missing` is a result (`then: missing`, `else missing`); to test a value, write "
              "`present(x)` or `not present(x)`",
              {}}});
      e.type.optional = false;
      return;
    }
    std::string name = e.syntax && e.syntax->kind == expr_kind::name    ? e.syntax->text
                       : e.syntax && e.syntax->kind == expr_kind::field ? source_text(e.syntax)
                                                                        : "";
    std::vector<note> notes;
    if (!name.empty()) {
      notes.push_back({"test it first, `present(" + name + ") and …`, or give a default, `" + name +
                           " ?? " + default_example(e.type) + "`",
                       {}});
    } else {
      notes.push_back({"test it with `present(…)` or give a default with `?? …`", {}});
    }
    error(codes::may_be_missing,
          (name.empty() ? std::string("this value") : "`" + name + "`") + " may be missing here",
          e.syntax ? e.syntax->at : source_span{}, std::move(notes));
    e.type.optional = false;
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
        notes.push_back(
            {"to compare an age, use `age(birth_date, as_of)`; to shift a date, "
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

  std::string default_example(const type_info& t) const {
    switch (t.kind) {
      case type_kind::boolean:
        return "false";
      case type_kind::integer:
        return "0";
      case type_kind::decimal:
        return "0.0";
      case type_kind::string:
        return "\"\"";
      case type_kind::date:
        return "2000-01-01";
      case type_kind::enumeration:
        return p_->enums[t.enum_id].empty() ? "…" : p_->enum_values[p_->enums[t.enum_id][0]];
      default:
        return "…";
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
    auto [it, inserted] = names_.try_emplace(name, static_cast<std::uint32_t>(p_->symbols.size()));
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
    p_->functions.assign(doc.functions.size(), {});
    for (std::uint32_t i = 0; i < doc.functions.size(); ++i) {
      const function_decl& fn = doc.functions[i];
      p_->functions[i].syntax = &fn;
      p_->functions[i].symbol = no_symbol;  // until declared (below)
      if (find_function(fn.name) || fn.name == "count" || fn.name == "sum") {
        error(codes::invalid_name, "`" + fn.name + "` is a built-in function", fn.at,
              {{"give your function another name", {}}});
        continue;
      }
      declare(fn.name, symbol_kind::function, i, fn.at);
      for (const function_param& param : fn.params) {
        p_->functions[i].params.push_back(static_cast<std::uint32_t>(p_->symbols.size()));
        symbol s;
        s.name = param.name;
        s.kind = symbol_kind::param;
        s.index = i;
        s.at = param.at;
        s.type = type_info::bad();  // until check_function (never, for a function on a cycle)
        s.used = true;              // unused parameters are not worth a warning
        p_->symbols.push_back(std::move(s));
      }
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
      if (sym.kind == symbol_kind::function) p_->functions[sym.index].symbol = s;
    }
  }

  // The parameters of the user function whose body is being checked, by name (empty otherwise).
  std::vector<std::pair<std::string, std::uint32_t>> locals_;

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

}  // namespace detail
}  // namespace ssprules::inline SSPRULES_ABI
