// Definitions for alternatives.hpp, and the candidate values of detail/candidates.hpp that the
// boundary tests share.
#include <algorithm>
#include <deque>
#include <limits>
#include <map>
#include <set>
#include <unordered_map>

#include "ssprules/alternatives.hpp"
#include "ssprules/detail/candidates.hpp"
#include "ssprules/detail/program.hpp"
#include "ssprules/detail/text_lists.hpp"

namespace ssprules::inline SSPRULES_ABI {
namespace detail {

// One walk over the rules of a checked policy, noting for each input what it is compared with.
class input_use_finder {
 public:
  explicit input_use_finder(const checked_policy& cp) : cp_(cp), uses_(cp.inputs.size()) {
    for (std::size_t i = 0; i < cp.inputs.size(); ++i) {
      input_of_.emplace(cp.inputs[i].symbol, i);
    }
  }

  std::vector<input_use> run() {
    for (const checked_rule& r : cp_.rules) {
      for (const checked_version& v : r.versions) version(v);
    }
    for (input_use& u : uses_) {
      std::sort(u.constants.begin(), u.constants.end());
      u.constants.erase(std::unique(u.constants.begin(), u.constants.end()), u.constants.end());
    }
    return std::move(uses_);
  }

 private:
  // An input, seen through `x ?? default` and `to_decimal(x)`.
  struct input_ref {
    std::size_t input = 0;
    bool decimal = false;                  // compared as a decimal: constants are in millionths
    const typed_expr* fallback = nullptr;  // the default of `x ?? default`, walked on its own
  };

  [[nodiscard]] std::optional<input_ref> ref(const typed_expr& e) const {
    if (e.op == node_op::load) {
      auto it = input_of_.find(e.symbol);
      if (it == input_of_.end()) return std::nullopt;
      return input_ref{it->second, false, nullptr};
    }
    if (e.op == node_op::to_decimal && e.args.size() == 1) {
      auto r = ref(e.args[0]);
      if (r) r->decimal = true;
      return r;
    }
    if (e.op == node_op::coalesce && e.args.size() == 2) {
      auto r = ref(e.args[0]);
      if (r) r->fallback = &e.args[1];
      return r;
    }
    return std::nullopt;
  }

  // The values a constant expression can have: a literal, a negated one, a whole number as a
  // decimal, each value of a parameter.
  [[nodiscard]] std::optional<std::vector<std::int64_t>> constants(const typed_expr& e) const {
    constexpr auto min = std::numeric_limits<std::int64_t>::min();
    switch (e.op) {
      case node_op::constant:
        return std::vector<std::int64_t>{e.bits};
      case node_op::neg:
        if (e.args.size() == 1 && e.args[0].op == node_op::constant && e.args[0].bits != min) {
          return std::vector<std::int64_t>{-e.args[0].bits};
        }
        return std::nullopt;
      case node_op::to_decimal: {
        if (e.args.size() != 1) return std::nullopt;
        auto inner = constants(e.args[0]);
        if (!inner) return std::nullopt;
        std::vector<std::int64_t> out;
        for (std::int64_t v : *inner) {
          std::int64_t scaled = 0;
          if (__builtin_mul_overflow(v, decimal::scale, &scaled)) return std::nullopt;
          out.push_back(scaled);
        }
        return out;
      }
      case node_op::load: {
        if (e.symbol >= cp_.symbols.size()) return std::nullopt;
        const symbol& s = cp_.symbols[e.symbol];
        if (s.kind != symbol_kind::parameter || s.index >= cp_.parameters.size()) {
          return std::nullopt;
        }
        std::vector<std::int64_t> out;
        for (const checked_parameter_change& c : cp_.parameters[s.index].changes) {
          auto v = constants(c.value);
          if (!v) return std::nullopt;
          out.insert(out.end(), v->begin(), v->end());
        }
        return out;
      }
      default:
        return std::nullopt;
    }
  }

  void note(const input_ref& r, const std::vector<std::int64_t>& values) {
    for (std::int64_t v : values) {
      // a decimal constant: the whole numbers around it (the neighbours cover the other side)
      uses_[r.input].constants.push_back(r.decimal ? v / decimal::scale : v);
    }
  }

  // `x op operand`: the operand's constants, or (another value) any value may matter.
  void compared(const input_ref& r, const typed_expr& operand) {
    if (auto values = constants(operand)) {
      note(r, *values);
    } else {
      uses_[r.input].opaque = true;
      visit(operand);
    }
    if (r.fallback) visit(*r.fallback);
  }

  void visit(const typed_expr& e) {
    switch (e.op) {
      case node_op::eq:
      case node_op::ne:
      case node_op::lt:
      case node_op::le:
      case node_op::gt:
      case node_op::ge:
        if (e.args.size() == 2) {
          if (auto r = ref(e.args[0])) return compared(*r, e.args[1]);
          if (auto r = ref(e.args[1])) return compared(*r, e.args[0]);
        }
        break;
      case node_op::in_list:
      case node_op::in_range:
        if (!e.args.empty()) {
          if (auto r = ref(e.args[0])) {
            for (std::size_t k = 1; k < e.args.size(); ++k) compared(*r, e.args[k]);
            return;
          }
        }
        break;
      case node_op::load: {
        auto it = input_of_.find(e.symbol);
        if (it != input_of_.end()) uses_[it->second].opaque = true;
        return;
      }
      default:
        break;
    }
    for (const typed_expr& a : e.args) visit(a);
  }

  void version(const checked_version& v) {
    switch (v.form) {
      case body_form::expression:
        visit(v.expression);
        break;
      case body_form::cases:
        for (const checked_case& c : v.cases) {
          if (c.when) visit(*c.when);
          visit(c.then);
        }
        break;
      case body_form::table: {
        const checked_table& t = v.table;
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
          auto r = ref(t.columns[c]);
          if (!r)
            visit(t.columns[c]);
          else if (r->fallback)
            visit(*r->fallback);
          for (const checked_row& row : t.rows) {
            if (c >= row.cells.size()) continue;
            for (const typed_expr& o : row.cells[c].operands) {
              if (r) {
                compared(input_ref{r->input, r->decimal, nullptr}, o);
              } else {
                visit(o);
              }
            }
          }
        }
        for (const checked_row& row : t.rows) visit(row.then);
        if (t.otherwise) visit(*t.otherwise);
        break;
      }
    }
  }

  const checked_policy& cp_;
  std::unordered_map<std::uint32_t, std::size_t> input_of_;  // symbol -> input index
  std::vector<input_use> uses_;
};

SSPRULES_INLINE std::vector<input_use> uses_of_inputs(const checked_policy& cp) {
  return input_use_finder(cp).run();
}

SSPRULES_INLINE std::vector<std::int64_t> integer_candidates(const input_use& use,
                                                             std::optional<std::int64_t> min,
                                                             std::optional<std::int64_t> max,
                                                             std::uint64_t every_up_to) {
  const std::int64_t lo = min.value_or(std::numeric_limits<std::int64_t>::min());
  const std::int64_t hi = max.value_or(std::numeric_limits<std::int64_t>::max());
  std::vector<std::int64_t> out;
  if (hi < lo) return out;
  const std::uint64_t size = range_size(lo, hi);
  if (min && max && size <= every_up_to) {
    // counted, not `v <= hi; ++v`, which never ends when hi is the largest integer
    for (std::uint64_t k = 0; k < size; ++k) {
      out.push_back(static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + k));
    }
    return out;
  }
  std::set<std::int64_t> picks;
  if (min) picks.insert(lo);
  if (max) picks.insert(hi);
  if (lo <= 0 && 0 <= hi) picks.insert(0);
  for (std::int64_t c : use.constants) {
    for (std::int64_t step : {-1, 0, 1}) {
      std::int64_t v = 0;
      if (!__builtin_add_overflow(c, step, &v) && lo <= v && v <= hi) picks.insert(v);
    }
  }
  out.assign(picks.begin(), picks.end());
  return out;
}

SSPRULES_INLINE std::vector<std::string> enum_candidates(const checked_policy& cp,
                                                         const input_use& use,
                                                         const std::vector<std::string>& values) {
  if (use.opaque) return values;
  std::set<std::string_view> mentioned;
  for (std::int64_t id : use.constants) {
    if (id >= 0 && static_cast<std::size_t>(id) < cp.enum_values.size()) {
      mentioned.insert(cp.enum_values[static_cast<std::size_t>(id)]);
    }
  }
  std::vector<std::string> out;
  bool other = false;  // the one that stands for the values no condition names
  for (const std::string& v : values) {
    if (mentioned.count(v) != 0) {
      out.push_back(v);
    } else if (!other) {
      out.push_back(v);
      other = true;
    }
  }
  return out;
}

// The values tried for an input: both booleans, the enum values and integers the policy
// tells apart (detail/candidates.hpp).
inline std::vector<value> candidate_values(const checked_policy& cp, const input_info& in,
                                           const input_use& use, const alternatives_options& opts) {
  std::vector<value> out;
  switch (in.type.kind) {
    case type_kind::boolean:
      out = {value::of_bool(false), value::of_bool(true)};
      break;
    case type_kind::enumeration:
      for (std::string& v : enum_candidates(cp, use, in.type.values)) {
        out.push_back(value::of_enum(std::move(v)));
      }
      break;
    case type_kind::integer: {
      const auto every = static_cast<std::uint64_t>(std::max<std::int64_t>(0, opts.max_range));
      for (std::int64_t v : integer_candidates(use, in.type.min, in.type.max, every)) {
        out.push_back(value::of_integer(v));
      }
      break;
    }
    default:
      break;
  }
  return out;
}

inline bool varies(type_kind k) { return k == type_kind::boolean || k == type_kind::enumeration; }

// A scalar value as a field value (texts are views into `v`, which must outlive decoding).
inline field_value field_of_value(const value& v) {
  if (!v.present()) return field_value::absent();
  switch (v.kind()) {
    case type_kind::boolean:
      return field_value::boolean(v.as_bool());
    case type_kind::integer:
      return field_value::integer(v.as_integer());
    case type_kind::decimal:
      return field_value::of_decimal(v.as_decimal());
    case type_kind::string:
    case type_kind::enumeration:
      return field_value::string(std::string_view(v.as_string()));
    case type_kind::date:
      return field_value::of_date(v.as_date());
    default:
      return field_value::absent();
  }
}

// A list value as a field value for the decoder, with item `skip` left out or item `copy`
// added once more (SIZE_MAX: neither); `items` and `fields` hold what it points into.
inline field_value list_field(
    const value& list, std::size_t skip, std::size_t copy, std::vector<field_value>& items,
    std::deque<std::vector<std::pair<std::string_view, field_value>>>& fields) {
  items.clear();
  fields.clear();
  auto add = [&](const value& item) {
    if (item.kind() != type_kind::record) {
      items.push_back(field_of_value(item));
      return;
    }
    auto& f = fields.emplace_back();
    for (std::size_t k = 0; k < item.as_list().size(); ++k) {
      f.emplace_back(std::string_view(item.field_names()[k]), field_of_value(item.as_list()[k]));
    }
    items.push_back(field_value::record(f));
  };
  const auto& all = list.as_list();
  for (std::size_t k = 0; k < all.size(); ++k) {
    if (k != skip) add(all[k]);
  }
  if (copy < all.size()) add(all[copy]);
  return field_value::list(items);
}

// `items` joined with `separator`, the first `shown_items` of them, then "and N more".
inline std::string capped_join(const std::vector<std::string>& items, const std::string& separator,
                               language lang) {
  std::string out;
  for (std::size_t i = 0; i < items.size() && i < shown_items; ++i) {
    out += (i ? separator : std::string()) + items[i];
  }
  if (items.size() > shown_items) out += ", " + and_more(items.size() - shown_items, lang);
  return out;
}

}  // namespace detail

SSPRULES_INLINE alternatives find_alternatives(const program& prog, const facts& record, date as_of,
                                               const alternatives_options& opts) {
  alternatives out;
  const date when = record.as_of().value_or(as_of);
  facts base = record;
  base.set_as_of(when);
  const decision now = evaluate(prog, base, when);
  ++out.evaluations;
  if (!now.ok()) return out;
  const detail::program_impl& p = prog.impl();
  const std::vector<output_info>& outputs = prog.outputs();
  const std::vector<input_info>& inputs = prog.inputs();
  record_decoder decoder(prog);

  // an output that depends on a sensitive input the record has gets no alternatives: another
  // date or input that changes it would tell that input (a birth date by its 18th birthday)
  const detail::program_impl::sensitivity sensitive =
      p.sensitivity_of([&](std::uint32_t i) { return record.has_input(i); });
  std::vector<bool> told(outputs.size(), true);
  std::size_t open = 0;
  for (std::size_t j = 0; j < outputs.size(); ++j) {
    told[j] = !sensitive.depends_on(p.output_slots[j]);
    open += told[j] ? 1 : 0;
  }
  if (open == 0) return out;

  // date outputs that working_day_on_or_after moved off a day that is not a working day
  if (p.working_days) {
    const decision explained = evaluate(prog, base, when, {.explain = true});
    ++out.evaluations;
    for (const explanation_step& s : explained.explanation()) {
      if (!s.output || s.error || !s.result.present() || s.result.kind() != type_kind::date)
        continue;
      auto j = std::find_if(outputs.begin(), outputs.end(),
                            [&](const output_info& o) { return o.name == s.rule; });
      if (j == outputs.end() || !told[static_cast<std::size_t>(j - outputs.begin())]) continue;
      for (const working_day_call& c : s.working_days) {
        // the call that gave the output's value, and moved it
        if (c.function != "working_day_on_or_after" || c.skipped.empty() ||
            c.result != s.result.to_string())
          continue;
        out.moved.push_back(
            {s.rule, c.skipped.front().first, s.result.as_date(), c.skipped.front().reason});
        break;
      }
    }
  }

  // one input at a time
  const std::vector<detail::input_use> uses = detail::uses_of_inputs(*p.policy);
  std::map<std::size_t, std::vector<std::string>> depends_on_missing;  // output -> inputs
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const input_info& in = inputs[i];
    const bool missing = !record.has_input(i);
    // another value of a sensitive input would tell its value: only its absence is named
    if (in.sensitive && !missing) continue;
    std::vector<value> tries = detail::candidate_values(*p.policy, in, uses[i], opts);
    // an optional input without a default made absent (with a default, absent is the default)
    if (!in.required && !missing && !in.default_value) {
      tries.push_back(value::missing(in.type.kind));
    }
    for (const value& v : tries) {
      facts changed = base;
      decoder.replace(changed, in.name, detail::field_of_value(v));
      if (!changed.input_errors().empty()) continue;
      decision d = evaluate(prog, changed, when);
      ++out.evaluations;
      for (std::size_t j = 0; j < outputs.size(); ++j) {
        if (!told[j]) continue;
        const value& was = now.values()[j];
        const value& would = d.values()[j];
        if (!would.present() || would == was) continue;
        if (missing) {
          auto& list = depends_on_missing[j];
          if (list.empty() || list.back() != in.name) list.push_back(in.name);
        } else if (detail::varies(outputs[j].type.kind)) {
          out.why_not.push_back(
              {outputs[j].name, would, std::make_pair(in.name, v), std::nullopt, std::nullopt});
        }
      }
    }
  }
  for (const auto& [j, names] : depends_on_missing) {
    out.undetermined.push_back({outputs[j].name, now.values()[j], names});
  }

  // a list input with one item fewer or one more (a copy of one of its first items)
  const std::vector<value> given = input_values(prog, base);
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const input_info& in = inputs[i];
    if (in.type.kind != type_kind::list || in.sensitive || !record.has_input(i)) continue;
    const value& list = given[i];
    if (!list.present()) continue;
    const std::size_t n = std::min(list.as_list().size(), opts.list_items);
    std::vector<field_value> items;
    std::deque<std::vector<std::pair<std::string_view, field_value>>> fields;
    std::vector<bool> fewer_found(outputs.size(), false), more_found(outputs.size(), false);
    for (std::size_t k = 0; k < 2 * n; ++k) {
      const bool added = k >= n;
      const std::size_t item = added ? k - n : k;
      facts changed = base;
      decoder.replace(changed, in.name,
                      detail::list_field(list, added ? SIZE_MAX : item, added ? item : SIZE_MAX,
                                         items, fields));
      if (!changed.input_errors().empty()) continue;
      decision d = evaluate(prog, changed, when);
      ++out.evaluations;
      for (std::size_t j = 0; j < outputs.size(); ++j) {
        if (!told[j] || !detail::varies(outputs[j].type.kind)) continue;
        std::vector<bool>& found = added ? more_found : fewer_found;
        const value& would = d.values()[j];
        if (found[j] || !would.present() || would == now.values()[j]) continue;
        found[j] = true;  // the first item that does it stands for the others
        out.why_not.push_back({outputs[j].name, would, std::nullopt, std::nullopt,
                               item_change{in.name, added, item + 1, list.as_list()[item]}});
      }
    }
  }

  // later dates, nothing else changed: the first day each output changes
  std::vector<bool> found(outputs.size(), false);
  std::size_t left = 0;
  for (std::size_t j = 0; j < outputs.size(); ++j) {
    left += told[j] && detail::varies(outputs[j].type.kind) ? 1 : 0;
  }
  for (int day = 1; day <= opts.horizon_days && left > 0; ++day) {
    date later = date::from_days(when.days() + day);
    base.set_as_of(later);
    decision d = evaluate(prog, base, later);
    ++out.evaluations;
    if (!d.ok()) break;  // e.g. the policy ends
    for (std::size_t j = 0; j < outputs.size(); ++j) {
      if (found[j] || !told[j] || !detail::varies(outputs[j].type.kind)) continue;
      if (d.values()[j].present() && d.values()[j] != now.values()[j]) {
        found[j] = true;
        --left;
        out.why_not.push_back({outputs[j].name, d.values()[j], std::nullopt, later, std::nullopt});
      }
    }
  }
  return out;
}

SSPRULES_INLINE std::string render(const alternatives& a, language lang) {
  using detail::and_more;
  using detail::shown_items;
  const bool da = lang == language::da;
  std::string out;
  if (!a.why_not.empty()) {
    out += da ? "hvorfor ikke:\n" : "why not:\n";
    // one line per output and value, in the order their first alternative came, the changes
    // that give it joined with "or"; per output the first few values and per value the first
    // few changes, then how many more (every value of a large enum may change an output)
    struct line {
      const std::string* output;
      std::string head;
      std::vector<std::string> changes;
    };
    std::vector<line> lines;
    std::map<std::string, std::size_t, std::less<>> line_of;  // head -> index into lines
    for (const alternative& alt : a.why_not) {
      std::string head =
          alt.output + (da ? " ville være " : " would be ") + alt.would_be.to_string();
      auto [it, fresh] = line_of.try_emplace(std::move(head), lines.size());
      if (fresh) lines.push_back({&alt.output, it->first, {}});
      std::string change;
      if (alt.changed) {
        change = (da ? "med " : "with ") + alt.changed->first + " = " +
                 (alt.changed->second.present() ? alt.changed->second.to_string()
                                                : (da ? "(mangler)" : "(absent)"));
      } else if (alt.items) {
        const item_change& c = *alt.items;
        const std::string item = std::to_string(c.item) + " " + c.item_value.to_string();
        change = c.added ? (da ? "med ét element mere i " : "with one more item in ") + c.input +
                               (da ? " som element " : " like item ") + item
                         : (da ? "med " : "with ") + c.input +
                               (da ? " uden element " : " without item ") + item;
      } else {
        change = (da ? "fra " : "from ") + alt.from->to_string();
      }
      lines[it->second].changes.push_back(std::move(change));
    }
    // the line "and N more values of OUTPUT" stands where the first value left out would
    std::vector<std::string> text;
    std::map<std::string_view, std::size_t> values_of;  // output -> its lines so far
    std::map<std::string_view, std::size_t> more_at;    // output -> its "and N more" in text
    for (const line& l : lines) {
      const std::size_t n = ++values_of[*l.output];
      if (n <= shown_items) {
        text.push_back("  " + l.head + " " +
                       detail::capped_join(l.changes, da ? ", eller " : ", or ", lang) + '\n');
      } else if (n == shown_items + 1) {
        more_at[*l.output] = text.size();
        text.emplace_back();
      }
    }
    for (const auto& [output, at] : more_at) {
      text[at] = "  " + and_more(values_of[output] - shown_items, lang) +
                 (da ? " værdier af " : " values of ") + std::string(output) + '\n';
    }
    for (const std::string& t : text) out += t;
  }
  if (!a.moved.empty()) {
    if (a.why_not.empty()) out += da ? "hvorfor ikke:\n" : "why not:\n";
    for (std::size_t k = 0; k < a.moved.size() && k < shown_items; ++k) {
      const moved_to_working_day& m = a.moved[k];
      out += "  " + m.output + (da ? " ville være " : " would be ") + m.would_be.to_string() +
             (da ? ", ikke en hverdag: " : ", not a working day: ") +
             detail::skipped_reason(m.reason, lang) + (da ? "; den er " : "; it is ") +
             m.is.to_string() + (da ? ", den næste hverdag\n" : ", the next working day\n");
    }
    if (a.moved.size() > shown_items)
      out += "  " + and_more(a.moved.size() - shown_items, lang) + '\n';
  }
  if (!a.undetermined.empty()) {
    out += da ? "uafklaret (valgfrie oplysninger mangler):\n"
              : "undetermined (optional inputs are missing):\n";
    for (std::size_t k = 0; k < a.undetermined.size() && k < shown_items; ++k) {
      const undetermined_output& u = a.undetermined[k];
      out += "  " + u.output + " = " + u.value_now.to_string() +
             (da ? " afhænger af " : " depends on ") + detail::capped_join(u.missing, ", ", lang) +
             '\n';
    }
    if (a.undetermined.size() > shown_items) {
      out += "  " + and_more(a.undetermined.size() - shown_items, lang) + '\n';
    }
  }
  return out;
}

SSPRULES_INLINE std::string explain_record(const program& prog, const facts& record, date as_of,
                                           language lang) {
  decision d = evaluate(prog, record, as_of, {.explain = true});
  return d.explain_text(lang) + render(find_alternatives(prog, record, as_of), lang);
}

}  // namespace ssprules::inline SSPRULES_ABI
