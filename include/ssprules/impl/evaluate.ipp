// Definitions for evaluate.hpp: the node interpreter, the rule runner (one failing rule never
// stops the others), decisions, explanations and batches.
#include <algorithm>
#include <thread>

#include "ssprules/detail/json.hpp"
#include "ssprules/detail/program.hpp"
#include "ssprules/evaluate.hpp"

namespace ssprules {
namespace detail {

SSPRULES_INLINE std::string source_text(const expr* e) {
  if (!e || !e->at.valid()) return e ? e->text : std::string();
  std::string text(e->at.file->text().substr(e->at.offset, e->at.length));
  // fold line breaks of multi-line YAML scalars
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// Primitive operations shared by every node kind.
namespace vm {

__extension__ using int128 = __int128;  // products of decimals need 128 bits

[[noreturn]] SSPRULES_INLINE void fail(const char* code, const std::string& what,
                                       const code_node& n) {
  std::string where = n.source ? source_text(n.source->syntax) : std::string();
  throw eval_failure{code, where.empty() ? what : what + " in `" + where + "`"};
}

SSPRULES_INLINE std::int64_t checked_add(std::int64_t a, std::int64_t b, const code_node& n) {
  std::int64_t r = 0;
  if (__builtin_add_overflow(a, b, &r)) fail("SR1011", "arithmetic overflow", n);
  return r;
}

SSPRULES_INLINE std::int64_t checked_sub(std::int64_t a, std::int64_t b, const code_node& n) {
  std::int64_t r = 0;
  if (__builtin_sub_overflow(a, b, &r)) fail("SR1011", "arithmetic overflow", n);
  return r;
}

// Rounds a 128-bit quotient half away from zero and checks that it fits.
SSPRULES_INLINE std::int64_t rounded_div(int128 num, int128 den, const code_node& n) {
  if (den == 0) fail("SR1010", "division by zero", n);
  bool negative = (num < 0) != (den < 0);
  int128 a = num < 0 ? -num : num;
  int128 b = den < 0 ? -den : den;
  int128 q = a / b;
  if ((a % b) * 2 >= b) ++q;
  if (negative) q = -q;
  if (q > std::numeric_limits<std::int64_t>::max() || q < std::numeric_limits<std::int64_t>::min()) {
    fail("SR1011", "arithmetic overflow", n);
  }
  return static_cast<std::int64_t>(q);
}

SSPRULES_INLINE date as_date(std::int64_t bits) {
  return date::from_days(static_cast<std::int32_t>(bits));
}

SSPRULES_INLINE std::int64_t date_or_fail(const std::optional<date>& d, const code_node& n) {
  if (!d) fail("SR1012", "the date falls outside the calendar (1400-01-01 to 9999-12-31)", n);
  return d->days();
}

SSPRULES_INLINE bool equal(const program_impl& p, const frame& f, type_kind kind,
                           std::int64_t a, std::int64_t b) {
  if (kind == type_kind::string) return p.string_of(a, f) == p.string_of(b, f);
  return a == b;
}

SSPRULES_INLINE int compare(const program_impl& p, const frame& f, type_kind kind,
                            std::int64_t a, std::int64_t b) {
  if (kind == type_kind::string) return p.string_of(a, f).compare(p.string_of(b, f));
  return a < b ? -1 : (a > b ? 1 : 0);
}

SSPRULES_INLINE std::int64_t call(const program_impl& p, const frame& f, const code_node& n) {
  const std::uint32_t* kid = p.children.data() + n.first;
  auto arg = [&](std::uint32_t i) { return evaluate_node(p, f, kid[i]); };
  const calendar_conventions& conv = p.calendar;
  switch (n.fn) {
    case builtin::age: {
      date birth = as_date(arg(0));
      date on = as_date(arg(1));
      if (on < birth) fail("SR1015", "the date is before the birth date", n);
      return age_on(birth, on, conv);
    }
    case builtin::birthday: {
      date birth = as_date(arg(0));
      std::int64_t k = arg(1);
      if (k < 0) fail("SR1012", "a birthday number must not be negative", n);
      return date_or_fail(nth_birthday(birth, k, conv), n);
    }
    case builtin::add_days: return date_or_fail(add_days(as_date(arg(0)), arg(1)), n);
    case builtin::add_months: return date_or_fail(add_months(as_date(arg(0)), arg(1), conv), n);
    case builtin::add_years: return date_or_fail(add_years(as_date(arg(0)), arg(1), conv), n);
    case builtin::days_between: return days_between(as_date(arg(0)), as_date(arg(1)));
    case builtin::months_between:
      return months_between(as_date(arg(0)), as_date(arg(1)), conv);
    case builtin::year: return as_date(arg(0)).to_ymd().year;
    case builtin::month: return as_date(arg(0)).to_ymd().month;
    case builtin::day: return as_date(arg(0)).to_ymd().day;
    case builtin::abs: {
      std::int64_t v = arg(0);
      if (v == std::numeric_limits<std::int64_t>::min()) fail("SR1011", "arithmetic overflow", n);
      return v < 0 ? -v : v;
    }
    case builtin::min:
    case builtin::max: {
      std::int64_t best = arg(0);
      for (std::uint32_t i = 1; i < n.count; ++i) {
        std::int64_t v = arg(i);
        if (n.fn == builtin::min ? v < best : v > best) best = v;
      }
      return best;
    }
    case builtin::present: {
      bool present = false;
      (void)evaluate_optional(p, f, kid[0], present);
      return present ? 1 : 0;
    }
  }
  return 0;
}

}  // namespace vm

using namespace vm;  // NOLINT(google-build-using-namespace): internal, within detail

SSPRULES_INLINE std::int64_t evaluate_node(const program_impl& p, const frame& f,
                                           std::uint32_t index) {
  const code_node& n = p.nodes[index];
  const std::uint32_t* kid = p.children.data() + n.first;
  switch (n.op) {
    case node_op::constant: return n.bits;
    case node_op::load: return f.slots[static_cast<std::size_t>(n.bits)];
    case node_op::as_of: return f.as_of;
    case node_op::call: return call(p, f, n);
    case node_op::neg: {
      std::int64_t v = evaluate_node(p, f, kid[0]);
      if (v == std::numeric_limits<std::int64_t>::min()) fail("SR1011", "arithmetic overflow", n);
      return -v;
    }
    case node_op::not_: return evaluate_node(p, f, kid[0]) != 0 ? 0 : 1;
    case node_op::add: return checked_add(evaluate_node(p, f, kid[0]), evaluate_node(p, f, kid[1]), n);
    case node_op::sub: return checked_sub(evaluate_node(p, f, kid[0]), evaluate_node(p, f, kid[1]), n);
    case node_op::mul: {
      std::int64_t a = evaluate_node(p, f, kid[0]);
      std::int64_t b = evaluate_node(p, f, kid[1]);
      if (n.kind == type_kind::decimal) {
        return rounded_div(static_cast<int128>(a) * b, decimal::scale, n);
      }
      std::int64_t r = 0;
      if (__builtin_mul_overflow(a, b, &r)) fail("SR1011", "arithmetic overflow", n);
      return r;
    }
    case node_op::div: {
      std::int64_t a = evaluate_node(p, f, kid[0]);
      std::int64_t b = evaluate_node(p, f, kid[1]);
      return rounded_div(static_cast<int128>(a) * decimal::scale, b, n);
    }
    case node_op::to_decimal: {
      std::int64_t r = 0;
      if (__builtin_mul_overflow(evaluate_node(p, f, kid[0]), decimal::scale, &r)) {
        fail("SR1011", "arithmetic overflow", n);
      }
      return r;
    }
    case node_op::eq:
      return equal(p, f, n.operand_kind, evaluate_node(p, f, kid[0]), evaluate_node(p, f, kid[1]));
    case node_op::ne:
      return !equal(p, f, n.operand_kind, evaluate_node(p, f, kid[0]), evaluate_node(p, f, kid[1]));
    case node_op::lt:
      return compare(p, f, n.operand_kind, evaluate_node(p, f, kid[0]), evaluate_node(p, f, kid[1])) < 0;
    case node_op::le:
      return compare(p, f, n.operand_kind, evaluate_node(p, f, kid[0]), evaluate_node(p, f, kid[1])) <= 0;
    case node_op::gt:
      return compare(p, f, n.operand_kind, evaluate_node(p, f, kid[0]), evaluate_node(p, f, kid[1])) > 0;
    case node_op::ge:
      return compare(p, f, n.operand_kind, evaluate_node(p, f, kid[0]), evaluate_node(p, f, kid[1])) >= 0;
    case node_op::and_: return evaluate_node(p, f, kid[0]) != 0 && evaluate_node(p, f, kid[1]) != 0;
    case node_op::or_: return evaluate_node(p, f, kid[0]) != 0 || evaluate_node(p, f, kid[1]) != 0;
    case node_op::coalesce: {
      bool present = false;
      std::int64_t v = evaluate_optional(p, f, kid[0], present);
      return present ? v : evaluate_node(p, f, kid[1]);
    }
    case node_op::cond:
      return evaluate_node(p, f, kid[0]) != 0 ? evaluate_node(p, f, kid[1])
                                              : evaluate_node(p, f, kid[2]);
    case node_op::in_list: {
      std::int64_t v = evaluate_node(p, f, kid[0]);
      bool found = false;
      for (std::uint32_t i = 1; i < n.count && !found; ++i) {
        found = equal(p, f, n.operand_kind, v, evaluate_node(p, f, kid[i]));
      }
      return found != n.negated;
    }
    case node_op::in_range: {
      std::int64_t v = evaluate_node(p, f, kid[0]);
      bool inside = compare(p, f, n.operand_kind, evaluate_node(p, f, kid[1]), v) <= 0 &&
                    compare(p, f, n.operand_kind, v, evaluate_node(p, f, kid[2])) <= 0;
      return inside != n.negated;
    }
  }
  return 0;
}

SSPRULES_INLINE std::int64_t evaluate_optional(const program_impl& p, const frame& f,
                                               std::uint32_t index, bool& present) {
  const code_node& n = p.nodes[index];
  if (!n.optional) {
    present = true;
    return evaluate_node(p, f, index);
  }
  const std::uint32_t* kid = p.children.data() + n.first;
  switch (n.op) {
    case node_op::load: {
      auto slot = static_cast<std::size_t>(n.bits);
      present = f.state[slot] == state_present;
      return present ? f.slots[slot] : 0;
    }
    case node_op::coalesce: {
      std::int64_t v = evaluate_optional(p, f, kid[0], present);
      return present ? v : evaluate_optional(p, f, kid[1], present);
    }
    case node_op::cond:
      return evaluate_node(p, f, kid[0]) != 0 ? evaluate_optional(p, f, kid[1], present)
                                              : evaluate_optional(p, f, kid[2], present);
    case node_op::to_decimal: {
      std::int64_t v = evaluate_optional(p, f, kid[0], present);
      if (!present) return 0;
      std::int64_t r = 0;
      if (__builtin_mul_overflow(v, decimal::scale, &r)) fail("SR1011", "arithmetic overflow", n);
      return r;
    }
    default:
      present = true;
      return evaluate_node(p, f, index);
  }
}

SSPRULES_INLINE value to_value(const program_impl& p, const frame& f, const type_info& t,
                               std::int64_t bits, bool present) {
  if (!present) return value::missing(t.kind);
  switch (t.kind) {
    case type_kind::boolean: return value::of_bool(bits != 0);
    case type_kind::integer: return value::of_integer(bits);
    case type_kind::decimal: return value::of_decimal(decimal::from_micros(bits));
    case type_kind::string: return value::of_string(p.string_of(bits, f));
    case type_kind::enumeration:
      return value::of_enum(p.policy->enum_values[static_cast<std::size_t>(bits)]);
    case type_kind::date: return value::of_date(as_date(bits));
    case type_kind::list: return value::missing(type_kind::list);
  }
  return {};
}

// Runs programs on frames and turns frames into decisions; friend of facts and decision.
struct evaluator {
  // Copies a record's inputs into the frame and the period's parameters; false when the
  // record is not evaluated at all (record error or not in force).
  static bool start(const program_impl& p, const facts& record, date as_of, frame& f,
                    std::optional<record_error>& record_problem) {
    f.slots.resize(p.slot_count);
    f.state.assign(p.slot_count, state_present);
    f.error_of.assign(p.slot_count, -1);
    f.errors.clear();
    f.branch.assign(p.rules.size(), branch_none);
    f.version.assign(p.rules.size(), 0);
    f.any_failed = false;
    f.input_strings = &record.strings_;
    f.as_of = as_of.days();
    if (record.error_) {
      record_problem = record.error_;
      return false;
    }
    const segment& s = p.segment_at(f.as_of);
    if (s.period < 0) {
      record_problem = not_in_force(p, as_of);
      return false;
    }
    if (record.slots_.size() != p.input_count) {
      record_problem = record_error{"SR1008", "the record was decoded for another policy", ""};
      return false;
    }
    std::copy(record.slots_.begin(), record.slots_.end(), f.slots.begin());
    std::copy(record.state_.begin(), record.state_.end(), f.state.begin());
    for (std::uint32_t i = 0; i < p.parameter_count; ++i) {
      f.slots[p.input_count + i] = s.parameters[i];
    }
    for (const auto& [input, err] : record.input_errors_) {
      f.error_of[input] = static_cast<std::int32_t>(f.errors.size());
      f.errors.push_back(err);
      f.state[input] = state_failed;
      f.any_failed = true;
    }
    return true;
  }

  static record_error not_in_force(const program_impl& p, date as_of) {
    // contiguous periods read as one stretch: "from 2009-05-14", "from 2022-01-01 to 2025-12-31"
    std::vector<std::pair<std::optional<date>, std::optional<date>>> stretches;
    for (const period_info& pd : p.periods_info) {
      if (!stretches.empty() && stretches.back().second && pd.from &&
          stretches.back().second->days() + 1 == pd.from->days()) {
        stretches.back().second = pd.to;
      } else {
        stretches.emplace_back(pd.from, pd.to);
      }
    }
    std::string periods;
    for (const auto& [from, to] : stretches) {
      if (!periods.empty()) periods += " and ";
      if (from && to) periods += "from " + from->to_string() + " to " + to->to_string();
      else if (from) periods += "from " + from->to_string();
      else if (to) periods += "until " + to->to_string();
      else periods += "always";
    }
    return {"SR1006", "policy `" + p.policy->doc->info.id + "` is not in force on " +
                          as_of.to_string() + "; it is in force " + periods,
            "as_of"};
  }

  static void fail_rule(const program_impl& p, frame& f, std::uint32_t r, record_error e) {
    std::uint32_t slot = p.rules[r].slot;
    f.state[slot] = state_failed;
    f.error_of[slot] = static_cast<std::int32_t>(f.errors.size());
    f.errors.push_back(std::move(e));
    f.any_failed = true;
  }

  static bool cell_matches(const program_impl& p, const frame& f, const compiled_cell& c,
                           type_kind kind, std::int64_t v) {
    const std::uint32_t* operand = p.children.data() + c.first;
    switch (c.kind) {
      case cell_kind::any: return true;
      case cell_kind::compare: {
        std::int64_t x = evaluate_node(p, f, operand[0]);
        switch (c.op) {
          case expr_op::eq: return equal(p, f, kind, v, x);
          case expr_op::ne: return !equal(p, f, kind, v, x);
          case expr_op::lt: return compare(p, f, kind, v, x) < 0;
          case expr_op::le: return compare(p, f, kind, v, x) <= 0;
          case expr_op::gt: return compare(p, f, kind, v, x) > 0;
          case expr_op::ge: return compare(p, f, kind, v, x) >= 0;
          default: return false;
        }
      }
      case cell_kind::range:
        return compare(p, f, kind, evaluate_node(p, f, operand[0]), v) <= 0 &&
               compare(p, f, kind, v, evaluate_node(p, f, operand[1])) <= 0;
      case cell_kind::one_of:
        for (std::uint32_t i = 0; i < c.count; ++i) {
          if (equal(p, f, kind, v, evaluate_node(p, f, operand[i]))) return true;
        }
        return false;
    }
    return false;
  }

  static bool row_matches(const program_impl& p, const frame& f, const compiled_version& v,
                          const compiled_row& row, const std::int64_t* columns) {
    for (std::uint32_t i = 0; i < v.column_count; ++i) {
      type_kind kind = p.nodes[p.children[v.first_column + i]].kind;
      if (!cell_matches(p, f, p.cells[row.first_cell + i], kind, columns[i])) return false;
    }
    return true;
  }

  static std::string table_name(const program_impl& p, std::uint32_t r) {
    return "the table of `" + p.policy->symbols[p.rules[r].slot].name + "`";
  }

  // Evaluates a table; returns the value and sets `present`.
  static std::int64_t run_table(const program_impl& p, frame& f, std::uint32_t r,
                                const compiled_version& v, bool& present) {
    std::int64_t small[16];
    std::vector<std::int64_t> large;
    std::int64_t* columns = small;
    if (v.column_count > 16) {
      large.resize(v.column_count);
      columns = large.data();
    }
    for (std::uint32_t i = 0; i < v.column_count; ++i) {
      columns[i] = evaluate_node(p, f, p.children[v.first_column + i]);
    }
    auto no_match = [&]() -> std::int64_t {
      if (v.otherwise == no_node) {
        throw eval_failure{"SR1013", "no row of " + table_name(p, r) + " matches this record"};
      }
      f.branch[r] = branch_otherwise;
      return evaluate_optional(p, f, v.otherwise, present);
    };
    switch (v.hit) {
      case hit_policy::first:
        for (std::uint32_t i = 0; i < v.row_count; ++i) {
          const compiled_row& row = p.rows[v.first_row + i];
          if (row_matches(p, f, v, row, columns)) {
            f.branch[r] = i;
            return evaluate_optional(p, f, row.then, present);
          }
        }
        return no_match();
      case hit_policy::unique:
      case hit_policy::any: {
        std::uint32_t found = branch_none;
        std::int64_t result = 0;
        bool result_present = false;
        for (std::uint32_t i = 0; i < v.row_count; ++i) {
          const compiled_row& row = p.rows[v.first_row + i];
          if (!row_matches(p, f, v, row, columns)) continue;
          bool here_present = false;
          std::int64_t here = evaluate_optional(p, f, row.then, here_present);
          if (found != branch_none) {
            if (v.hit == hit_policy::unique) {
              throw eval_failure{"SR1014", "rows " + std::to_string(found + 1) + " and " +
                                               std::to_string(i + 1) + " of " + table_name(p, r) +
                                               " both match this record, but the table is `unique`"};
            }
            type_kind kind = p.rules[r].type.kind;
            if (here_present != result_present ||
                (here_present && !equal(p, f, kind, here, result))) {
              throw eval_failure{"SR1018", "rows " + std::to_string(found + 1) + " and " +
                                               std::to_string(i + 1) + " of " + table_name(p, r) +
                                               " match this record with different results, but "
                                               "the table is `any`"};
            }
            continue;
          }
          found = i;
          result = here;
          result_present = here_present;
        }
        if (found == branch_none) return no_match();
        f.branch[r] = found;
        present = result_present;
        return result;
      }
      case hit_policy::collect: {
        if (f.lists.size() < p.rules.size()) f.lists.resize(p.rules.size());
        std::vector<std::int64_t>& items = f.lists[r];
        items.clear();
        std::uint32_t first_match = branch_none;
        for (std::uint32_t i = 0; i < v.row_count; ++i) {
          const compiled_row& row = p.rows[v.first_row + i];
          if (!row_matches(p, f, v, row, columns)) continue;
          if (first_match == branch_none) first_match = i;
          items.push_back(evaluate_node(p, f, row.then));
        }
        f.branch[r] = items.empty() ? branch_none : branch_collected;
        present = true;
        switch (v.aggregate) {
          case aggregate_kind::list: return static_cast<std::int64_t>(items.size());
          case aggregate_kind::count: return static_cast<std::int64_t>(items.size());
          case aggregate_kind::sum: {
            std::int64_t sum = 0;
            for (std::int64_t x : items) {
              if (__builtin_add_overflow(sum, x, &sum)) {
                throw eval_failure{"SR1011", "arithmetic overflow in the sum of " +
                                                 table_name(p, r)};
              }
            }
            return sum;
          }
          case aggregate_kind::min:
          case aggregate_kind::max: {
            if (items.empty()) return no_match();
            return v.aggregate == aggregate_kind::min ? *std::min_element(items.begin(), items.end())
                                                      : *std::max_element(items.begin(), items.end());
          }
        }
        return 0;
      }
    }
    return 0;
  }

  static void run_rule(const program_impl& p, frame& f, std::uint32_t r) {
    const compiled_rule& rule = p.rules[r];
    if (f.any_failed) {
      for (std::uint32_t dep : rule.deps) {
        if (f.state[dep] == state_failed) {
          f.state[rule.slot] = state_failed;
          f.error_of[rule.slot] = f.error_of[dep];  // the root cause
          return;
        }
      }
    }
    std::uint32_t chosen = 0;
    for (std::uint32_t k = 0; k < rule.version_count; ++k) {
      const compiled_version& v = p.versions[rule.first_version + k];
      if (v.from <= f.as_of && f.as_of <= v.to) {
        chosen = k;
        break;
      }
    }
    f.version[r] = chosen;
    const compiled_version& v = p.versions[rule.first_version + chosen];
    bool present = true;
    std::int64_t result = 0;
    try {
      switch (v.form) {
        case body_form::expression:
          result = evaluate_optional(p, f, v.expression, present);
          f.branch[r] = branch_expression;
          break;
        case body_form::cases:
          for (std::uint32_t i = 0; i < v.case_count; ++i) {
            const compiled_case& c = p.cases[v.first_case + i];
            if (c.when == no_node || evaluate_node(p, f, c.when) != 0) {
              result = evaluate_optional(p, f, c.then, present);
              f.branch[r] = c.when == no_node ? branch_otherwise : i;
              break;
            }
          }
          break;
        case body_form::table: result = run_table(p, f, r, v, present); break;
      }
    } catch (const eval_failure& e) {
      fail_rule(p, f, r, {e.code, e.message, ""});
      return;
    }
    f.slots[rule.slot] = result;
    f.state[rule.slot] = present ? state_present : state_missing;
  }

  static void run(const program_impl& p, frame& f) {
    for (std::uint32_t r = 0; r < p.rules.size(); ++r) run_rule(p, f, r);
  }

  static value list_value(const program_impl& p, const frame& f, std::uint32_t r) {
    const compiled_rule& rule = p.rules[r];
    std::vector<value> items;
    type_info item = type_info::of(rule.type.item);
    item.enum_id = rule.type.enum_id;
    if (r < f.lists.size()) {
      for (std::int64_t x : f.lists[r]) items.push_back(to_value(p, f, item, x, true));
    }
    return value::of_list(rule.type.item, std::move(items));
  }

  static value rule_value(const program_impl& p, const frame& f, std::uint32_t r) {
    const compiled_rule& rule = p.rules[r];
    if (f.state[rule.slot] == state_failed) return value::missing(rule.type.kind);
    if (rule.type.kind == type_kind::list) return list_value(p, f, r);
    return to_value(p, f, rule.type, f.slots[rule.slot], f.state[rule.slot] == state_present);
  }

  static value slot_value(const program_impl& p, const frame& f, std::uint32_t slot) {
    const symbol& s = p.policy->symbols[slot];
    if (f.state[slot] != state_present) return value::missing(s.type.kind);
    if (s.type.kind == type_kind::list) return value::missing(type_kind::list);
    return to_value(p, f, s.type, f.slots[slot], true);
  }

  static decision make(const program_impl& p, const facts& record, date as_of,
                       const evaluate_options& opts, frame& f) {
    decision d;
    d.id_ = record.id_;
    d.has_id_ = record.has_id_;
    d.as_of_ = as_of;
    d.names_ = p.output_names;
    std::optional<record_error> problem;
    bool started = start(p, record, as_of, f, problem);
    std::size_t n = p.output_rules.size();
    if (!started) {
      d.values_.reserve(n);
      for (std::uint32_t r : p.output_rules) d.values_.push_back(value::missing(p.rules[r].type.kind));
      d.output_errors_.assign(n, problem);
      d.error_ = std::move(problem);
      return d;
    }
    run(p, f);
    d.values_.reserve(n);
    d.output_errors_.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      std::uint32_t r = p.output_rules[i];
      d.values_.push_back(rule_value(p, f, r));
      std::int32_t e = f.error_of[p.rules[r].slot];
      if (e >= 0) d.output_errors_[i] = f.errors[static_cast<std::size_t>(e)];
    }
    if (!f.errors.empty()) d.error_ = f.errors.front();
    if (opts.explain) explain(p, f, d);
    return d;
  }

  // ---------------------------------------------------------------------------------------
  // explanations

  // Marks `as_of` among the symbols an expression reads.
  static constexpr std::uint32_t as_of_symbol = 0xFFFFFFFEU;

  static void loads_in(const typed_expr& e, std::vector<std::uint32_t>& out) {
    std::uint32_t s = e.op == node_op::load    ? e.symbol
                      : e.op == node_op::as_of ? as_of_symbol
                                               : no_node;
    if (s != no_node && std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
    for (const typed_expr& a : e.args) loads_in(a, out);
  }

  // The citations of a parameter in force on `as_of`: its own and those of its current value.
  static void parameter_citations(const program_impl& p, std::uint32_t symbol_id,
                                  std::int32_t as_of, std::vector<citation>& out) {
    const parameter_decl& decl = p.policy->doc->parameters[p.policy->symbols[symbol_id].index];
    out.insert(out.end(), decl.sources.begin(), decl.sources.end());
    const parameter_change* current = nullptr;
    for (const parameter_change& c : decl.changes) {
      if (c.from.value_or(date::min()).days() <= as_of &&
          (!current || c.from.value_or(date::min()) >= current->from.value_or(date::min()))) {
        current = &c;
      }
    }
    if (current) out.insert(out.end(), current->sources.begin(), current->sources.end());
  }

  static std::vector<cited_source> resolve(const program_impl& p,
                                           const std::vector<citation>& cites) {
    std::vector<cited_source> out;
    for (const citation& c : cites) {
      cited_source s;
      s.document = c.document;
      s.section = c.section;
      s.quote = c.quote;
      for (const source_document& d : p.policy->doc->sources) {
        if (d.id == c.document) s.title = d.title;
      }
      out.push_back(std::move(s));
    }
    return out;
  }

  static void explain(const program_impl& p, const frame& f, decision& d) {
    for (std::uint32_t r = 0; r < p.rules.size(); ++r) {
      const compiled_rule& rule = p.rules[r];
      const checked_rule& cr = *rule.source;
      const checked_version& cv = cr.versions[f.version[r]];
      explanation_step step;
      step.rule = p.policy->symbols[rule.slot].name;
      step.output = rule.output >= 0;
      step.result = rule_value(p, f, r);
      std::int32_t e = f.error_of[rule.slot];
      if (e >= 0) step.error = f.errors[static_cast<std::size_t>(e)];
      std::vector<std::uint32_t> used;
      std::vector<citation> cites = cr.syntax->sources;
      cites.insert(cites.end(), cv.syntax->sources.begin(), cv.syntax->sources.end());
      std::uint32_t branch = f.branch[r];
      switch (cv.form) {
        case body_form::expression:
          step.decided_by = "expression";
          step.definition = source_text(cv.expression.syntax);
          step.line = cv.expression.syntax ? cv.expression.syntax->at.line : 0;
          loads_in(cv.expression, used);
          break;
        case body_form::cases:
          if (branch < cv.cases.size()) {
            const checked_case& c = cv.cases[branch];
            step.decided_by = c.when ? "case " + std::to_string(branch + 1) : "otherwise";
            if (c.when) {
              step.condition = source_text(c.when->syntax);
              loads_in(*c.when, used);
            }
            step.definition = source_text(c.then.syntax);
            step.line = c.syntax->at.line;
            loads_in(c.then, used);
            cites.insert(cites.end(), c.syntax->sources.begin(), c.syntax->sources.end());
          } else if (branch == branch_otherwise && !cv.cases.empty()) {
            const checked_case& c = cv.cases.back();
            step.decided_by = "otherwise";
            step.definition = source_text(c.then.syntax);
            step.line = c.syntax->at.line;
            loads_in(c.then, used);
            cites.insert(cites.end(), c.syntax->sources.begin(), c.syntax->sources.end());
          }
          break;
        case body_form::table: {
          const checked_table& t = cv.table;
          for (const typed_expr& col : t.columns) loads_in(col, used);
          if (branch < t.rows.size()) {
            const checked_row& row = t.rows[branch];
            step.decided_by = "row " + std::to_string(branch + 1);
            std::string cells;
            for (std::size_t i = 0; i < row.cells.size(); ++i) {
              const table_cell* syntax = row.cells[i].syntax;
              std::string cell_text =
                  syntax && syntax->at.valid()
                      ? std::string(syntax->at.file->text().substr(syntax->at.offset,
                                                                   syntax->at.length))
                      : "any";
              cells += (i ? ", " : "") + source_text(t.columns[i].syntax) + ": " + cell_text;
            }
            step.condition = cells;
            step.definition = source_text(row.then.syntax);
            step.line = row.syntax->at.line;
            loads_in(row.then, used);
            cites.insert(cites.end(), row.syntax->sources.begin(), row.syntax->sources.end());
          } else if (branch == branch_otherwise && t.otherwise) {
            step.decided_by = "otherwise";
            step.definition = source_text(t.otherwise->syntax);
            step.line = t.otherwise->syntax ? t.otherwise->syntax->at.line : 0;
          } else if (branch == branch_collected) {
            step.decided_by = "collected rows";
            step.line = t.syntax ? t.syntax->at.line : 0;
          } else {
            step.decided_by = "no row";
            step.line = t.syntax ? t.syntax->at.line : 0;
          }
          break;
        }
      }
      for (std::uint32_t s : used) {
        if (s == as_of_symbol) {
          step.used.emplace_back("as_of", value::of_date(date::from_days(f.as_of)));
          continue;
        }
        step.used.emplace_back(p.policy->symbols[s].name, slot_value(p, f, s));
        if (p.policy->symbols[s].kind == symbol_kind::parameter) {
          parameter_citations(p, s, f.as_of, cites);
        }
      }
      step.sources = resolve(p, cites);
      d.steps_.push_back(std::move(step));
    }
  }
};

}  // namespace detail

SSPRULES_INLINE const value* decision::find(std::string_view name) const {
  if (!names_) return nullptr;
  for (std::size_t i = 0; i < names_->size(); ++i) {
    if ((*names_)[i] == name) return &values_[i];
  }
  return nullptr;
}

SSPRULES_INLINE std::string decision::to_json() const {
  std::string out = "{\"id\":";
  if (has_id_) detail::append_json_string(out, id_);
  else out += "null";
  if (error_) {
    out += ",\"error\":{\"code\":";
    detail::append_json_string(out, error_->code);
    out += ",\"message\":";
    detail::append_json_string(out, error_->message);
    if (!error_->field.empty()) {
      out += ",\"field\":";
      detail::append_json_string(out, error_->field);
    }
    out += "}}";
    return out;
  }
  for (std::size_t i = 0; i < values_.size(); ++i) {
    out += ',';
    detail::append_json_string(out, (*names_)[i]);
    out += ':';
    out += values_[i].to_json();
  }
  out += '}';
  return out;
}

SSPRULES_INLINE std::string decision::explain_text() const {
  std::string out;
  for (const explanation_step& s : steps_) {
    out += (s.output ? "output " : "value ") + s.rule + " = " +
           (s.error ? "error " + s.error->code + ": " + s.error->message : s.result.to_string()) +
           '\n';
    if (s.error) continue;
    out += "  decided by " + s.decided_by;
    if (s.line) out += " (line " + std::to_string(s.line) + ")";
    out += '\n';
    if (!s.condition.empty()) out += "    when " + s.condition + '\n';
    if (!s.definition.empty()) out += "    gives " + s.definition + '\n';
    if (!s.used.empty()) {
      out += "  using ";
      for (std::size_t i = 0; i < s.used.size(); ++i) {
        out += (i ? ", " : "") + s.used[i].first + " = " + s.used[i].second.to_string();
      }
      out += '\n';
    }
    for (const cited_source& c : s.sources) {
      out += "  source: " + c.document;
      if (!c.title.empty()) out += " (" + c.title + ")";
      if (!c.section.empty()) out += ", " + c.section;
      if (!c.quote.empty()) out += ": \"" + c.quote + "\"";
      out += '\n';
    }
  }
  return out;
}

SSPRULES_INLINE std::string decision::explanation_json() const {
  using detail::append_json_string;
  std::string out = "[";
  bool first = true;
  for (const explanation_step& s : steps_) {
    if (!first) out += ',';
    first = false;
    out += "{\"rule\":";
    append_json_string(out, s.rule);
    out += s.output ? ",\"output\":true" : ",\"output\":false";
    if (s.error) {
      out += ",\"error\":{\"code\":";
      append_json_string(out, s.error->code);
      out += ",\"message\":";
      append_json_string(out, s.error->message);
      out += "}}";
      continue;
    }
    out += ",\"value\":" + s.result.to_json();
    out += ",\"decided_by\":";
    append_json_string(out, s.decided_by);
    if (!s.condition.empty()) {
      out += ",\"condition\":";
      append_json_string(out, s.condition);
    }
    if (!s.definition.empty()) {
      out += ",\"definition\":";
      append_json_string(out, s.definition);
    }
    out += ",\"line\":" + std::to_string(s.line);
    out += ",\"used\":{";
    for (std::size_t i = 0; i < s.used.size(); ++i) {
      if (i) out += ',';
      append_json_string(out, s.used[i].first);
      out += ':' + s.used[i].second.to_json();
    }
    out += "},\"sources\":[";
    for (std::size_t i = 0; i < s.sources.size(); ++i) {
      const cited_source& c = s.sources[i];
      if (i) out += ',';
      out += "{\"doc\":";
      append_json_string(out, c.document);
      if (!c.title.empty()) {
        out += ",\"title\":";
        append_json_string(out, c.title);
      }
      if (!c.section.empty()) {
        out += ",\"section\":";
        append_json_string(out, c.section);
      }
      if (!c.quote.empty()) {
        out += ",\"quote\":";
        append_json_string(out, c.quote);
      }
      out += '}';
    }
    out += "]}";
  }
  return out + "]";
}


SSPRULES_INLINE decision evaluate(const program& prog, const facts& record, date as_of,
                                  const evaluate_options& opts) {
  const detail::program_impl& p = prog.impl();
  thread_local detail::frame f;
  date when = record.as_of().value_or(as_of);
  return detail::evaluator::make(p, record, when, opts, f);
}

SSPRULES_INLINE std::vector<decision> evaluate_batch(const program& prog,
                                                     std::span<const facts> records, date as_of,
                                                     unsigned threads,
                                                     const evaluate_options& opts) {
  const detail::program_impl& p = prog.impl();
  std::vector<decision> out(records.size());
  if (threads == 0) threads = std::max(1U, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(1, records.size() / 64)));
  auto work = [&](std::size_t begin, std::size_t end) {
    detail::frame f;
    for (std::size_t i = begin; i < end; ++i) {
      date when = records[i].as_of().value_or(as_of);
      out[i] = detail::evaluator::make(p, records[i], when, opts, f);
    }
  };
  if (threads <= 1) {
    work(0, records.size());
    return out;
  }
  std::vector<std::thread> pool;
  std::size_t chunk = (records.size() + threads - 1) / threads;
  for (unsigned t = 0; t < threads; ++t) {
    std::size_t begin = t * chunk;
    std::size_t end = std::min(records.size(), begin + chunk);
    if (begin >= end) break;
    pool.emplace_back(work, begin, end);
  }
  for (auto& th : pool) th.join();
  return out;
}

}  // namespace ssprules
