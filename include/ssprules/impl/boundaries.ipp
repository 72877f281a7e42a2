// Definitions for the boundary tests of testing.hpp: `generate_boundary_tests` and the YAML
// writer of test files.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "ssprules/detail/candidates.hpp"
#include "ssprules/detail/checked.hpp"
#include "ssprules/detail/civil.hpp"
#include "ssprules/detail/json.hpp"
#include "ssprules/detail/json_values.hpp"
#include "ssprules/detail/program.hpp"
#include "ssprules/error.hpp"
#include "ssprules/evaluate.hpp"
#include "ssprules/record.hpp"
#include "ssprules/testing.hpp"

namespace ssprules::inline SSPRULES_ABI {
namespace detail {

// ---------------------------------------------------------------------------------------------
// YAML text

// True when `text` can be written as a plain YAML scalar and reads back as the same text (not
// as null, not as another node); `flow` for values inside `{...}`.
SSPRULES_INLINE bool yaml_plain_ok(std::string_view text, bool flow) {
  if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL") {
    return false;
  }
  const std::string_view indicators = "!&*?|>'\"%@`#,[]{}:";
  if (indicators.find(text.front()) != std::string_view::npos) return false;
  if (text.front() == '-' && (text.size() == 1 || text[1] == ' ')) return false;
  if (text.front() == ' ' || text.back() == ' ' || text.back() == ':') return false;
  for (char ch : text) {
    auto u = static_cast<unsigned char>(ch);
    if (u < 0x20U || u == 0x7FU) return false;
    if (flow && std::string_view(",[]{}:").find(ch) != std::string_view::npos) return false;
  }
  return text.find(": ") == std::string_view::npos && text.find(" #") == std::string_view::npos;
}

// A double-quoted YAML scalar.
SSPRULES_INLINE std::string yaml_quoted(std::string_view text) {
  std::string out = "\"";
  for (char ch : text) {
    switch (ch) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(ch) < 0x20U || ch == 0x7F) {
          static const char* const hex = "0123456789ABCDEF";
          out += "\\x";
          out += hex[(static_cast<unsigned char>(ch) >> 4U) & 0xFU];
          out += hex[static_cast<unsigned char>(ch) & 0xFU];
        } else {
          out += ch;
        }
    }
  }
  return out + "\"";
}

// Text as a YAML scalar: plain when it can be, else double-quoted.
SSPRULES_INLINE std::string yaml_text(std::string_view text, bool flow) {
  return yaml_plain_ok(text, flow) ? std::string(text) : yaml_quoted(text);
}

// A test's scalar as written: null, quoted (a string), or plain when it reads back the same.
SSPRULES_INLINE std::string yaml_scalar(const scalar& s, bool flow) {
  if (s.null) return "null";
  if (s.json) return s.text;  // a list, as JSON: YAML's flow style reads it as written
  return s.quoted ? yaml_quoted(s.text) : yaml_text(s.text, flow);
}

// `{a: 1, b: x}`.
SSPRULES_INLINE std::string yaml_flow_map(const std::vector<field_entry>& fields) {
  std::string out = "{";
  for (std::size_t i = 0; i < fields.size(); ++i) {
    out += (i ? ", " : "") + yaml_text(fields[i].name, true) + ": " +
           yaml_scalar(fields[i].value, true);
  }
  return out + "}";
}

// `text` as `# ` comment lines of at most `width` columns (words are not split).
SSPRULES_INLINE std::string yaml_comment(std::string_view text, std::size_t width = 100) {
  std::string out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view paragraph = text.substr(start, end - start);
    std::string line = "#";
    std::size_t at = 0;
    bool first = true;
    while (at < paragraph.size()) {
      std::size_t space = paragraph.find(' ', at);
      if (space == std::string_view::npos) space = paragraph.size();
      std::string_view word = paragraph.substr(at, space - at);
      at = space + 1;
      if (word.empty()) continue;
      if (!first && line.size() + 1 + word.size() > width) {
        out += line + "\n";
        line = "#  ";  // a continuation line, indented
      }
      line += " ";
      line += word;
      first = false;
    }
    out += line + "\n";
    if (end == text.size()) break;
    start = end + 1;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// boundaries

// A test's written value as a raw field, exactly as the test runner reads it.
SSPRULES_INLINE field_value boundary_field(const scalar& s) {
  if (s.null) return field_value::absent();
  return s.quoted ? field_value::string(s.text) : field_value::text(s.text);
}

// `1st`, `2nd`, `3rd`, `4th`, `11th`, `21st` …
SSPRULES_INLINE std::string ordinal(std::int64_t n) {
  std::int64_t tens = n % 100;
  const char* suffix = "th";
  if (tens < 11 || tens > 13) {
    switch (n % 10) {
      case 1:
        suffix = "st";
        break;
      case 2:
        suffix = "nd";
        break;
      case 3:
        suffix = "rd";
        break;
      default:
        break;
    }
  }
  return std::to_string(n) + suffix;
}

// A whole number an age is compared with, and when: a constant always, a parameter's value
// between the dates it changes on (both ends inclusive, open when absent).
struct age_constant {
  std::int64_t value = 0;
  std::optional<date> from;
  std::optional<date> to;
};

// What the checked policy says about its boundaries: the ages it compares (as the birthdays
// on which they change), the birth date input, the date rules computed from date inputs, and
// date inputs compared with those.
class boundary_finder {
 public:
  explicit boundary_finder(const checked_policy& cp) : cp_(cp) {
    find_birth_input();
    // rules whose value is the age on the evaluation date (`age: age(birth_date, as_of)`), in
    // dependency order so that a rule can use an earlier one
    for (const checked_rule& r : cp_.rules) {
      bool all = !r.versions.empty();
      for (const checked_version& v : r.versions) {
        all = all && v.form == body_form::expression && is_age(v.expression);
      }
      if (all) age_rules_.insert(r.symbol);
    }
    find_date_rules();
    for (const checked_rule& r : cp_.rules) {
      for (const checked_version& v : r.versions) visit_version(v);
    }
    for (const checked_parameter& p : cp_.parameters) {
      for (const checked_parameter_change& c : p.changes) visit(c.value);
    }
  }

  /// The symbol of the birth date input, if the policy has one.
  [[nodiscard]] std::optional<std::uint32_t> birth() const { return birth_; }
  /// The birthdays (ages >= 1) on which some comparison changes, ascending, each with the
  /// periods in which it does (a parameter's value holds only between its changes).
  [[nodiscard]] const std::map<std::int64_t, std::vector<age_constant>>& ages() const {
    return ages_;
  }
  /// Date rules computed from date inputs, in dependency order (symbol ids).
  [[nodiscard]] const std::vector<std::uint32_t>& date_rules() const { return date_rules_; }
  /// (date input, date rule) pairs compared somewhere (`plan_approved_on <= plan_deadline`).
  [[nodiscard]] const std::vector<std::pair<std::uint32_t, std::uint32_t>>& compared() const {
    return compared_;
  }
  /// Date inputs a working-day function counts from (`add_working_days(notified_on, 6)`).
  [[nodiscard]] const std::vector<std::uint32_t>& working_day_inputs() const {
    return working_day_inputs_;
  }

 private:
  [[nodiscard]] bool is_input_date(const typed_expr& e) const {
    return e.op == node_op::load && e.symbol < cp_.symbols.size() &&
           cp_.symbols[e.symbol].kind == symbol_kind::input &&
           cp_.symbols[e.symbol].type.kind == type_kind::date;
  }

  void find_birth_input() {
    // the first date input whose age or birthday the policy takes
    auto look = [&](const typed_expr& e, auto&& self) -> void {
      if (birth_) return;
      if ((e.calls("age") || e.calls("birthday")) && !e.args.empty() && is_input_date(e.args[0])) {
        birth_ = e.args[0].symbol;
        return;
      }
      for (const typed_expr& a : e.args) self(a, self);
    };
    for (const checked_rule& r : cp_.rules) {
      for (const checked_version& v : r.versions) {
        for_each_expr(v, [&](const typed_expr& e) { look(e, look); });
      }
    }
    if (birth_) return;
    for (const checked_input& in : cp_.inputs) {
      const symbol& s = cp_.symbols[in.symbol];
      if (s.type.kind == type_kind::date && !s.type.optional && !in.default_value) {
        birth_ = in.symbol;
        return;
      }
    }
  }

  template <class F>
  static void for_each_expr(const checked_version& v, F&& f) {
    switch (v.form) {
      case body_form::expression:
        f(v.expression);
        break;
      case body_form::cases:
        for (const checked_case& c : v.cases) {
          if (c.when) f(*c.when);
          f(c.then);
        }
        break;
      case body_form::table:
        for (const typed_expr& c : v.table.columns) f(c);
        for (const checked_row& row : v.table.rows) {
          for (const checked_cell& cell : row.cells) {
            for (const typed_expr& o : cell.operands) f(o);
          }
          f(row.then);
        }
        if (v.table.otherwise) f(*v.table.otherwise);
        break;
    }
  }

  void find_date_rules() {
    // rules reached from a date input through the dependency graph, whose value is a date
    std::set<std::uint32_t> reached;
    for (const checked_input& in : cp_.inputs) {
      if (cp_.symbols[in.symbol].type.kind == type_kind::date) reached.insert(in.symbol);
    }
    bool grew = true;
    while (grew) {
      grew = false;
      for (const dependency& d : cp_.dependencies) {
        if (reached.count(d.from) && reached.insert(d.to).second) grew = true;
      }
    }
    for (const checked_rule& r : cp_.rules) {
      if (reached.count(r.symbol) && cp_.symbols[r.symbol].type.kind == type_kind::date) {
        date_rules_.push_back(r.symbol);
      }
    }
  }

  // `age(birth, as_of)`, or a rule whose value it is.
  [[nodiscard]] bool is_age(const typed_expr& e) const {
    if (e.op == node_op::load) return age_rules_.count(e.symbol) != 0;
    return birth_ && e.calls("age") && e.args.size() == 2 && e.args[0].op == node_op::load &&
           e.args[0].symbol == *birth_ && e.args[1].op == node_op::as_of;
  }

  // The whole numbers an expression can be: a constant, or each value of an integer parameter
  // with the dates it holds between.
  [[nodiscard]] std::vector<age_constant> constants(const typed_expr& e) const {
    if (e.type.kind != type_kind::integer) return {};
    if (e.op == node_op::constant) return {{e.bits, {}, {}}};
    if (e.op == node_op::neg && e.args.size() == 1 && e.args[0].op == node_op::constant &&
        e.args[0].bits != std::numeric_limits<std::int64_t>::min()) {
      return {{-e.args[0].bits, {}, {}}};
    }
    std::vector<age_constant> out;
    if (e.op == node_op::load && cp_.symbols[e.symbol].kind == symbol_kind::parameter) {
      const checked_parameter& p = cp_.parameters[cp_.symbols[e.symbol].index];
      for (std::size_t i = 0; i < p.changes.size(); ++i) {
        const checked_parameter_change& c = p.changes[i];
        if (c.value.op != node_op::constant) continue;
        std::optional<date> to;
        if (i + 1 < p.changes.size() && p.changes[i + 1].from) {
          to = add_days(*p.changes[i + 1].from, -1);
        }
        out.push_back({c.value.bits, c.from, to});
      }
    }
    return out;
  }

  // The birthday on which `k + shift` is reached.
  void add_age(const age_constant& k, std::int64_t shift = 0) {
    std::int64_t n = 0;
    if (__builtin_add_overflow(k.value, shift, &n) || n < 1 || n > 150) return;
    std::vector<age_constant>& windows = ages_[n];
    age_constant w{n, k.from, k.to};
    auto same = [&](const age_constant& o) { return o.from == w.from && o.to == w.to; };
    if (std::find_if(windows.begin(), windows.end(), same) == windows.end()) windows.push_back(w);
  }

  // `age op k`: the birthdays on which the comparison can change.
  void add_comparison(node_op op, const std::vector<age_constant>& ks) {
    for (const age_constant& k : ks) {
      switch (op) {
        case node_op::eq:
        case node_op::ne:
          add_age(k);
          add_age(k, 1);
          break;
        case node_op::lt:
        case node_op::ge:
          add_age(k);
          break;
        case node_op::le:
        case node_op::gt:
          add_age(k, 1);
          break;
        default:
          break;
      }
    }
  }

  static node_op flipped(node_op op) {
    switch (op) {
      case node_op::lt:
        return node_op::gt;
      case node_op::le:
        return node_op::ge;
      case node_op::gt:
        return node_op::lt;
      case node_op::ge:
        return node_op::le;
      default:
        return op;
    }
  }

  static node_op comparison(expr_op op) {
    switch (op) {
      case expr_op::eq:
        return node_op::eq;
      case expr_op::ne:
        return node_op::ne;
      case expr_op::lt:
        return node_op::lt;
      case expr_op::le:
        return node_op::le;
      case expr_op::gt:
        return node_op::gt;
      case expr_op::ge:
        return node_op::ge;
      default:
        return node_op::constant;
    }
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
          if (is_age(e.args[0])) add_comparison(e.op, constants(e.args[1]));
          if (is_age(e.args[1])) add_comparison(flipped(e.op), constants(e.args[0]));
          note_compared(e.args[0], e.args[1]);
          note_compared(e.args[1], e.args[0]);
        }
        break;
      case node_op::in_range:
        if (e.args.size() == 3 && is_age(e.args[0])) {
          for (const age_constant& lo : constants(e.args[1])) add_age(lo);
          for (const age_constant& hi : constants(e.args[2])) add_age(hi, 1);
        }
        break;
      case node_op::in_list:
        if (!e.args.empty() && is_age(e.args[0])) {
          for (std::size_t i = 1; i < e.args.size(); ++i) {
            add_comparison(node_op::eq, constants(e.args[i]));
          }
        }
        break;
      case node_op::call:
        if (e.calls("birthday") && e.args.size() == 2 && birth_ && e.args[0].op == node_op::load &&
            e.args[0].symbol == *birth_) {
          for (const age_constant& n : constants(e.args[1])) add_age(n);
        }
        if (e.fn && e.fn->working_days && !e.args.empty()) note_working_day_inputs(e.args[0]);
        break;
      default:
        break;
    }
    for (const typed_expr& a : e.args) visit(a);
  }

  // The date inputs in a working-day function's date argument.
  void note_working_day_inputs(const typed_expr& e) {
    if (is_input_date(e) && std::find(working_day_inputs_.begin(), working_day_inputs_.end(),
                                      e.symbol) == working_day_inputs_.end()) {
      working_day_inputs_.push_back(e.symbol);
    }
    for (const typed_expr& a : e.args) note_working_day_inputs(a);
  }

  void note_compared(const typed_expr& input, const typed_expr& rule) {
    if (!is_input_date(input) || (birth_ && input.symbol == *birth_)) return;
    if (rule.op != node_op::load) return;
    if (std::find(date_rules_.begin(), date_rules_.end(), rule.symbol) == date_rules_.end()) return;
    std::pair<std::uint32_t, std::uint32_t> pair{input.symbol, rule.symbol};
    if (std::find(compared_.begin(), compared_.end(), pair) == compared_.end()) {
      compared_.push_back(pair);
    }
  }

  void visit_version(const checked_version& v) {
    for_each_expr(v, [&](const typed_expr& e) { visit(e); });
    if (v.form != body_form::table) return;
    // cells of columns that are ages: `0..5`, `>= 25`, `[17, 18]`
    for (std::size_t c = 0; c < v.table.columns.size(); ++c) {
      if (!is_age(v.table.columns[c])) continue;
      for (const checked_row& row : v.table.rows) {
        if (c >= row.cells.size()) continue;
        const checked_cell& cell = row.cells[c];
        switch (cell.kind) {
          case cell_kind::any:
            break;
          case cell_kind::compare:
            if (!cell.operands.empty()) {
              add_comparison(comparison(cell.op), constants(cell.operands[0]));
            }
            break;
          case cell_kind::range:
            if (cell.operands.size() == 2) {
              for (const age_constant& lo : constants(cell.operands[0])) add_age(lo);
              for (const age_constant& hi : constants(cell.operands[1])) add_age(hi, 1);
            }
            break;
          case cell_kind::one_of:
            for (const typed_expr& o : cell.operands) add_comparison(node_op::eq, constants(o));
            break;
        }
      }
    }
  }

  const checked_policy& cp_;
  std::optional<std::uint32_t> birth_;
  std::set<std::uint32_t> age_rules_;
  std::map<std::int64_t, std::vector<age_constant>> ages_;
  std::vector<std::uint32_t> date_rules_;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> compared_;
  std::vector<std::uint32_t> working_day_inputs_;
};

// One record's inputs, by input index (program::inputs order); nullopt: absent.
using boundary_inputs = std::vector<std::optional<scalar>>;

// Builds the tests: evaluates candidate records and keeps what the engine gives.
class boundary_generator {
 public:
  boundary_generator(const program& prog, const boundary_options& opts)
      : prog_(prog),
        cp_(*prog.checked().impl()),
        decoder_(prog),
        opts_(opts),
        finder_(cp_),
        conv_(prog.impl().calendar),
        uses_(uses_of_inputs(cp_)) {
    const std::vector<input_info>& inputs = prog_.inputs();
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      if (finder_.birth() && inputs[i].name == cp_.symbols[*finder_.birth()].name) birth_ = i;
    }
  }

  boundary_tests run() {
    boundary_tests out;
    choose_inputs();
    period_cases();
    birthday_cases();
    deadline_cases();
    compared_cases();
    holiday_cases();
    list_window_cases();
    out.found = cases_.size();
    for (test_case& t : cases_) {
      if (out.file.tests.size() >= opts_.max_tests) break;
      out.file.tests.push_back(std::move(t));
    }
    out.notes = notes();
    out.evaluations = evaluations_;
    return out;
  }

 private:
  // ------------------------------------------------------------------------------------------
  // records

  static scalar text_scalar(std::string text, bool quoted = false) {
    scalar s;
    s.text = std::move(text);
    s.quoted = quoted;
    return s;
  }
  static scalar date_scalar(date d) { return text_scalar(d.to_string()); }

  // Decodes a record's inputs into `record_`.
  void decode_record(const boundary_inputs& in) {
    const std::vector<input_info>& inputs = prog_.inputs();
    std::vector<std::pair<std::string_view, field_value>> fields;
    lists_.clear();
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      if (!in[i]) continue;
      fields.emplace_back(inputs[i].name, in[i]->json ? lists_.value(json_kind::nested, in[i]->text)
                                                      : boundary_field(*in[i]));
    }
    decoder_.decode(fields, record_);
  }

  [[nodiscard]] decision evaluate_record(const boundary_inputs& in, date as_of) {
    decode_record(in);
    ++evaluations_;
    return evaluate(prog_, record_, as_of);
  }

  // The candidate values of input `i` when choosing a record: absent first (when allowed).
  // Enums and integers: the values the policy tells apart (detail/candidates.hpp), never every
  // value of a large enum or a wide range.
  [[nodiscard]] std::vector<std::optional<scalar>> candidates(std::size_t i) const {
    const input_info& in = prog_.inputs()[i];
    std::vector<std::optional<scalar>> out;
    bool may_be_absent = !in.required;
    if (may_be_absent) out.emplace_back(std::nullopt);
    switch (in.type.kind) {
      case type_kind::boolean:
        // a value equal to the default is the same record as the absent one
        if (!in.default_value || in.default_value->as_bool()) {
          out.emplace_back(text_scalar("false"));
        }
        if (!in.default_value || !in.default_value->as_bool()) {
          out.emplace_back(text_scalar("true"));
        }
        break;
      case type_kind::enumeration:
        for (std::string& v : enum_candidates(cp_, uses_[i], in.type.values)) {
          out.emplace_back(text_scalar(std::move(v)));
        }
        break;
      case type_kind::integer: {
        // without bounds: 0 and 1 (or the one bound and its neighbour inside)
        constexpr auto top = std::numeric_limits<std::int64_t>::max();
        std::int64_t lo = in.type.min.value_or(std::min<std::int64_t>(0, in.type.max.value_or(0)));
        std::int64_t hi = in.type.max.value_or(lo == top ? top : std::max<std::int64_t>(lo, 0) + 1);
        for (std::int64_t v : integer_candidates(uses_[i], lo, hi, 10)) {
          out.emplace_back(text_scalar(std::to_string(v)));
        }
        break;
      }
      case type_kind::decimal:
        out.emplace_back(text_scalar(std::to_string(in.type.min.value_or(0))));
        break;
      case type_kind::string:
        if (!may_be_absent) out.emplace_back(text_scalar("example", true));
        break;
      case type_kind::date:
        // a date input other than the birth date: a plausible date when one is needed
        if (!may_be_absent) out.emplace_back(date_scalar(*date::from_ymd(reference_year(), 1, 15)));
        break;
      case type_kind::list:  // an absent list is empty (or missing, when optional)
      case type_kind::record:
        break;
    }
    if (out.empty()) out.emplace_back(std::nullopt);
    return out;
  }

  [[nodiscard]] int reference_year() const { return std::clamp(opts_.year, 1500, 9800); }

  // How much the outputs vary over some evaluations: per output, the number of distinct
  // values (an error counts as one).
  std::size_t variety(const std::vector<std::pair<boundary_inputs, date>>& samples) {
    std::vector<std::set<std::string>> seen(prog_.outputs().size());
    for (const auto& [in, as_of] : samples) {
      decision d = evaluate_record(in, as_of);
      for (std::size_t j = 0; j < seen.size(); ++j) {
        seen[j].insert(d.ok() ? d.values()[j].to_string() : "error " + d.error()->code);
      }
    }
    std::size_t n = 0;
    for (const auto& s : seen) n += s.size();
    return n;
  }

  // Starting from `start`, changes one input at a time (in declaration order, the birth date
  // aside) to the first value that makes the outputs vary most over the given dates, with the
  // birth date each date comes with. Simple and deterministic; absent values win ties. Returns
  // the record and how much the outputs vary with it.
  std::pair<boundary_inputs, std::size_t> tuned(boundary_inputs start,
                                                const std::vector<std::pair<date, date>>& at) {
    const std::vector<input_info>& inputs = prog_.inputs();
    auto samples_of = [&](const boundary_inputs& in) {
      std::vector<std::pair<boundary_inputs, date>> out;
      for (const auto& [birth, as_of] : at) {
        boundary_inputs one = in;
        if (birth_) one[*birth_] = date_scalar(birth);
        out.emplace_back(std::move(one), as_of);
      }
      return out;
    };
    std::size_t best = variety(samples_of(start));
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      if (birth_ && i == *birth_) continue;
      for (const std::optional<scalar>& c : candidates(i)) {
        boundary_inputs trial = start;
        trial[i] = c;
        std::size_t score = variety(samples_of(trial));
        if (score > best) {
          best = score;
          start = std::move(trial);
        }
      }
    }
    return {std::move(start), best};
  }

  // The better of the record tuned from the plain record and from the bare one (required
  // inputs only, at their first values): some boundaries show only without an input the others
  // need (the end of a trial period in which more records qualified).
  boundary_inputs tuned_for(const std::vector<std::pair<date, date>>& at) {
    auto from_plain = tuned(filler_, at);
    auto from_bare = tuned(bare_, at);
    return from_bare.second > from_plain.second ? from_bare.first : from_plain.first;
  }

  // The plain record: each required input its first candidate, optional ones absent; then
  // tuned so that the outputs vary most around the birthdays (or the periods' first days).
  void choose_inputs() {
    const std::vector<input_info>& inputs = prog_.inputs();
    bare_.assign(inputs.size(), std::nullopt);
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      if (birth_ && i == *birth_) continue;
      if (inputs[i].required) bare_[i] = candidates(i).front();
    }
    std::vector<std::pair<date, date>> at;  // (birth date, as_of)
    for (const auto& [n, windows] : finder_.ages()) {
      if (auto placed = place(n, windows, birth_kind::ordinary)) {
        at.emplace_back(placed->first, *add_days(placed->second, -1));
        at.emplace_back(placed->first, placed->second);
      }
    }
    if (at.empty()) {
      for (const period_info& p : prog_.effective()) {
        if (p.from) at.emplace_back(birth_aged(plain_age(), *p.from), *p.from);
      }
      date mid = *date::from_ymd(reference_year(), 6, 15);
      if (prog_.in_force(mid)) at.emplace_back(birth_aged(plain_age(), mid), mid);
    }
    filler_ = tuned(bare_, at).first;
  }

  // ------------------------------------------------------------------------------------------
  // birth dates

  enum class birth_kind : std::uint8_t { ordinary, leap_day, month_end };

  static std::string kind_text(birth_kind k) {
    switch (k) {
      case birth_kind::ordinary:
        return "15 March";
      case birth_kind::leap_day:
        return "29 February";
      case birth_kind::month_end:
        return "31 August";
    }
    return {};
  }

  // A birth date of the kind whose nth birthday falls in the year nearest the reference year
  // in which the policy is in force on that birthday and the days around it, and in one of the
  // windows in which the age matters: (birth, birthday).
  std::optional<std::pair<date, date>> place(std::int64_t n,
                                             const std::vector<age_constant>& windows,
                                             birth_kind kind) const {
    auto in_window = [&](date d) {
      return std::any_of(windows.begin(), windows.end(), [&](const age_constant& w) {
        return (!w.from || *w.from <= d) && (!w.to || d <= *w.to);
      });
    };
    static constexpr int months[] = {3, 2, 8};
    static constexpr int days[] = {15, 29, 31};
    const auto k = static_cast<std::size_t>(kind);
    for (int distance = 0; distance <= 60; ++distance) {
      for (int sign : {-1, 1}) {
        if (distance == 0 && sign == 1) continue;
        std::int64_t year = reference_year() + sign * distance - n;
        auto birth = date::from_ymd(static_cast<int>(year), months[k], days[k]);
        if (!birth) continue;  // 29 February of a common year
        auto birthday = nth_birthday(*birth, n, conv_);
        if (!birthday) continue;
        auto before = add_days(*birthday, -1);
        auto after = add_days(*birthday, 1);
        if (before && after && prog_.in_force(*before) && prog_.in_force(*birthday) &&
            prog_.in_force(*after) && in_window(*before) && in_window(*after)) {
          return std::pair{*birth, *birthday};
        }
      }
    }
    return std::nullopt;
  }

  // The age records take when no birthday is in question: the lowest age the policy compares.
  [[nodiscard]] std::int64_t plain_age() const {
    return finder_.ages().empty() ? 18 : finder_.ages().begin()->first;
  }

  // Born on 15 March, `n` years old on `on`.
  [[nodiscard]] date birth_aged(std::int64_t n, date on) const {
    int year = on.to_ymd().year - static_cast<int>(n);
    date birth = *date::from_ymd(year, 3, 15);
    auto birthday = nth_birthday(birth, n, conv_);
    if (birthday && *birthday > on) birth = *date::from_ymd(year - 1, 3, 15);
    return birth;
  }

  // ------------------------------------------------------------------------------------------
  // cases

  // Adds a test for a record on a date, with what the engine gives now; the same record on the
  // same date twice is one test.
  void add(std::string name, const boundary_inputs& in, date as_of) {
    const std::vector<input_info>& inputs = prog_.inputs();
    std::string key = as_of.to_string();
    test_case t;
    t.as_of = as_of;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      if (!in[i]) continue;
      t.input.push_back({inputs[i].name, *in[i], {}});
      key += "|" + inputs[i].name + (in[i]->quoted ? "=\"" : "=") + in[i]->text;
    }
    if (!keys_.insert(key).second) return;
    decision d = evaluate_record(in, as_of);
    if (d.ok()) {
      const std::vector<output_info>& outputs = prog_.outputs();
      for (std::size_t j = 0; j < outputs.size(); ++j) {
        const value& v = d.values()[j];
        scalar s;
        if (!v.present()) {
          s.null = true;
        } else {
          s.text = v.to_string();
          // strings and lists are compared as their text; write them quoted
          s.quoted = v.kind() == type_kind::string || v.kind() == type_kind::list;
        }
        t.expect.push_back({outputs[j].name, std::move(s), {}});
      }
    } else {
      t.error = expected_error{d.error()->code, {}, {}};
    }
    // unique names (they are, unless two boundaries describe themselves alike)
    std::string unique = name;
    for (int n = 2; !names_.insert(unique).second; ++n) unique = name + " #" + std::to_string(n);
    t.name = std::move(unique);
    cases_.push_back(std::move(t));
  }

  boundary_inputs with_birth(boundary_inputs in, date birth) const {
    if (birth_) in[*birth_] = date_scalar(birth);
    return in;
  }

  // Both ends of each effective period, each date a parameter changes on, and the dates of
  // rule versions: the day before and the first day, the last day and the day after.
  void period_cases() {
    struct edge {
      std::string label;
      date first;   // day before / last day
      date second;  // first day / day after
      bool starts;
    };
    std::vector<edge> edges;
    auto starts = [&](std::string label, std::optional<date> from) {
      if (!from) return;
      if (auto before = add_days(*from, -1)) {
        edges.push_back({std::move(label), *before, *from, true});
      }
    };
    auto ends = [&](std::string label, std::optional<date> to) {
      if (!to) return;
      if (auto after = add_days(*to, 1)) edges.push_back({std::move(label), *to, *after, false});
    };
    const std::vector<period_info>& periods = prog_.effective();
    for (std::size_t i = 0; i < periods.size(); ++i) {
      std::string label = !periods[i].name.empty() ? "period " + periods[i].name
                          : periods.size() == 1    ? std::string("effective period")
                                                   : "effective period " + std::to_string(i + 1);
      starts(label + " starts", periods[i].from);
      ends(label + " ends", periods[i].to);
    }
    for (const checked_parameter& p : cp_.parameters) {
      for (const checked_parameter_change& c : p.changes) {
        starts("parameter " + cp_.symbols[p.symbol].name + " changes", c.from);
      }
    }
    for (const checked_rule& r : cp_.rules) {
      if (!r.syntax || !r.syntax->versioned) continue;
      for (const checked_version& v : r.versions) {
        starts("rule " + cp_.symbols[r.symbol].name + " version starts", v.from);
        ends("rule " + cp_.symbols[r.symbol].name + " version ends", v.to);
      }
    }
    std::set<date> used;
    for (const edge& e : edges) {
      if (used.count(e.first) && used.count(e.second)) continue;
      // the record with which the outputs differ most across this edge
      std::vector<std::pair<date, date>> at = {{birth_aged(plain_age(), e.first), e.first},
                                               {birth_aged(plain_age(), e.second), e.second}};
      boundary_inputs in = tuned_for(at);
      const char* first = e.starts ? "day before" : "last day";
      const char* second = e.starts ? "first day" : "day after";
      for (const auto& [on, what] : {std::pair{e.first, first}, std::pair{e.second, second}}) {
        if (!used.insert(on).second) continue;
        add(e.label + ", " + what + " (" + on.to_string() + ")",
            with_birth(in, birth_aged(plain_age(), on)), on);
      }
    }
  }

  // The day before, of and after each birthday the policy compares, for a birth on 15 March,
  // on 29 February and on 31 August.
  void birthday_cases() {
    if (!birth_) return;
    for (const auto& [n, windows] : finder_.ages()) {
      for (birth_kind kind : {birth_kind::ordinary, birth_kind::leap_day, birth_kind::month_end}) {
        auto placed = place(n, windows, kind);
        if (!placed) continue;
        const auto [birth, birthday] = *placed;
        if (n == plain_age()) births_.emplace_back(birth, birthday);
        kinds_.insert(static_cast<int>(kind));
        std::string what = ordinal(n) + " birthday, born " + birth.to_string() + ", ";
        boundary_inputs in = with_birth(filler_, birth);
        add(what + "day before (" + add_days(birthday, -1)->to_string() + ")", in,
            *add_days(birthday, -1));
        add(what + "on the day (" + birthday.to_string() + ")", in, birthday);
        add(what + "day after (" + add_days(birthday, 1)->to_string() + ")", in,
            *add_days(birthday, 1));
      }
    }
  }

  // The values of the date rules for a record (evaluated on `as_of`), by rule symbol. From
  // the rules' values, not the explanation, which hides what depends on a sensitive input:
  // these records are made up, not case data.
  std::vector<std::pair<std::uint32_t, date>> date_values(const boundary_inputs& in, date as_of) {
    std::vector<std::pair<std::uint32_t, date>> out;
    decode_record(in);
    ++evaluations_;
    const program_impl& p = prog_.impl();
    const std::vector<value> values = rule_values(p, record_, as_of);
    for (std::uint32_t s : finder_.date_rules()) {
      for (std::size_t r = 0; r < p.rules.size(); ++r) {
        const value& v = values[r];
        if (p.rules[r].slot == s && v.present() && v.kind() == type_kind::date) {
          out.emplace_back(s, v.as_date());
        }
      }
    }
    return out;
  }

  // The day before, of and after each date the policy computes from a date input (a
  // deadline), for the birth dates of the lowest birthday (born 15 March, 29 February and 31
  // August; other ages only shift those dates by whole years).
  void deadline_cases() {
    std::vector<std::pair<date, date>> bases = births_;  // (birth, a date in force)
    if (!birth_ || bases.empty()) {
      date mid = *date::from_ymd(reference_year(), 6, 15);
      bases = {{birth_aged(plain_age(), mid), mid}};
    }
    for (const auto& [birth, on] : bases) {
      boundary_inputs in = with_birth(filler_, birth);
      for (const auto& [rule, deadline] : date_values(in, on)) {
        std::string what = cp_.symbols[rule].name + (birth_ ? ", born " + birth.to_string() : "");
        deadlines_.insert(cp_.symbols[rule].name);
        for (const auto& [shift, label] :
             {std::pair{-1, "day before"}, std::pair{0, "on the day"}, std::pair{1, "day after"}}) {
          auto as_of = add_days(deadline, shift);
          if (!as_of || !prog_.in_force(*as_of)) continue;
          add(what + ", " + label + " (" + as_of->to_string() + ")", in, *as_of);
        }
      }
    }
  }

  // A date input compared with a computed date (`plan_approved_on <= plan_deadline`): the day
  // before, of and after that date, evaluated on the day after it, for the first birth date.
  void compared_cases() {
    if (finder_.compared().empty()) return;
    date birth;
    date on;
    if (!births_.empty()) {
      std::tie(birth, on) = births_.front();
    } else {
      on = *date::from_ymd(reference_year(), 6, 15);
      birth = birth_aged(plain_age(), on);
    }
    boundary_inputs base = with_birth(filler_, birth);
    std::vector<std::pair<std::uint32_t, date>> values = date_values(base, on);
    const std::vector<input_info>& inputs = prog_.inputs();
    for (const auto& [input, rule] : finder_.compared()) {
      auto it = std::find_if(values.begin(), values.end(),
                             [&, r = rule](const auto& v) { return v.first == r; });
      if (it == values.end()) continue;
      const date deadline = it->second;
      auto as_of = add_days(deadline, 1);
      if (!as_of || !prog_.in_force(*as_of)) continue;
      std::size_t index = 0;
      while (index < inputs.size() && inputs[index].name != cp_.symbols[input].name) ++index;
      if (index == inputs.size()) continue;
      const std::string& input_name = inputs[index].name;
      const std::string& rule_name = cp_.symbols[rule].name;
      compared_names_.push_back(input_name + " around " + rule_name);
      for (const auto& [shift, label] :
           {std::pair{-1, "the day before"}, std::pair{0, "the day of"},
            std::pair{1, "the day after"}}) {
        auto d = add_days(deadline, shift);
        if (!d) continue;
        boundary_inputs in = base;
        in[index] = date_scalar(*d);
        add(input_name + " " + d->to_string() + ", " + label + " " + rule_name +
                (birth_ ? ", born " + birth.to_string() : "") + " (as of " + as_of->to_string() +
                ")",
            in, *as_of);
      }
    }
  }

  // Around the closing days a working-day deadline may cross: for each date input a
  // working-day function counts from, that input on the working day before each holiday or
  // closing day of the reference year that is not on the weekend, and on the day itself, each
  // evaluated on that day.
  void holiday_cases() {
    if (!cp_.working_days || finder_.working_day_inputs().empty()) return;
    const working_calendar& c = *cp_.working_days;
    const int year = std::clamp(reference_year(), working_calendar::first_year + 1,
                                working_calendar::last_year - 1);
    date on = *date::from_ymd(year, 6, 15);
    boundary_inputs base =
        with_birth(filler_, births_.empty() ? birth_aged(plain_age(), on) : births_.front().first);
    const std::vector<input_info>& inputs = prog_.inputs();
    std::vector<std::size_t> indexes;  // of the inputs counted from, among the record's
    for (std::uint32_t input : finder_.working_day_inputs()) {
      std::size_t index = 0;
      while (index < inputs.size() && inputs[index].name != cp_.symbols[input].name) ++index;
      if (index < inputs.size()) indexes.push_back(index);
    }
    // each closing day in turn, for every such input: the cap keeps the year's first ones
    const std::int32_t end = cal::days_from_ymd(year, 12, 31);
    for (std::int32_t d = cal::days_from_ymd(year, 1, 1); d <= end; ++d) {
      if (c.is_working_day(d) || c.is_weekend(d)) continue;
      std::string names;
      for (const closing_rule* r : c.closed_by(d)) {
        names += (names.empty() ? "" : " and ") + r->rule.name;
      }
      holidays_.insert(names);
      std::optional<std::int32_t> before = c.add(d, -1);
      for (std::size_t index : indexes) {
        for (const auto& [day, label] :
             {std::pair{before.value_or(d), "the working day before"}, std::pair{d, "on"}}) {
          const date when = date::from_days(day);
          if (!prog_.in_force(when)) continue;
          boundary_inputs in = base;
          in[index] = date_scalar(when);
          add(inputs[index].name + " " + when.to_string() + ", " + label + " " + names, in, when);
        }
      }
    }
  }

  // Items at the edges of the windows rules count a list's items in: one to three equal items
  // (so that "at least two" shows) dated each day from 1,200 days before a mid-year evaluation
  // date to 60 after; where the outputs change from one day to the next, the two days are
  // tests. The items' other fields take each value of their first enum (at most 5), else their
  // first plain value; optional fields are left out.
  void list_window_cases() {
    const std::vector<input_info>& inputs = prog_.inputs();
    date on = *date::from_ymd(reference_year(), 6, 15);
    if (!prog_.in_force(on)) {
      for (const period_info& p : prog_.effective()) {
        if (p.from && prog_.in_force(*p.from)) on = *p.from;
      }
      if (!prog_.in_force(on)) return;
    }
    const boundary_inputs base =
        with_birth(filler_, births_.empty() ? birth_aged(plain_age(), on) : births_.front().first);
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      const value_type& t = inputs[i].type;
      if (t.kind != type_kind::list || inputs[i].sensitive) continue;
      const bool dates = t.item == type_kind::date;
      const bool dated_records =
          t.item == type_kind::record &&
          std::any_of(t.fields.begin(), t.fields.end(), [](const value_field& f) {
            return f.type.kind == type_kind::date && !f.type.optional;
          });
      if (!dates && !dated_records) continue;
      // the item variants: each value of the first enum field
      std::vector<std::string> variants{""};
      for (const value_field& f : t.fields) {
        if (f.type.kind != type_kind::enumeration || f.type.optional) continue;
        variants.assign(f.type.values.begin(),
                        f.type.values.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(
                                                    5, f.type.values.size())));
        break;
      }
      auto item_json = [&](date d, const std::string& variant) {
        std::string out;
        if (dates) {
          append_json_string(out, d.to_string());
          return out;
        }
        out = "{";
        bool first = true;
        bool enum_done = false;
        for (const value_field& f : t.fields) {
          if (f.type.optional) continue;
          out += first ? "" : ",";
          first = false;
          append_json_string(out, f.name);
          out += ':';
          switch (f.type.kind) {
            case type_kind::date:
              append_json_string(out, d.to_string());
              break;
            case type_kind::enumeration:
              append_json_string(out,
                                 !enum_done && !variant.empty() ? variant : f.type.values.front());
              enum_done = true;
              break;
            case type_kind::integer:
              out += std::to_string(f.type.min.value_or(0));
              break;
            case type_kind::decimal:
              out += "0";
              break;
            case type_kind::boolean:
              out += "false";
              break;
            default:
              append_json_string(out, "example");
              break;
          }
        }
        return out + "}";
      };
      auto list_of = [&](date d, const std::string& variant, int copies) {
        scalar s;
        s.json = true;
        s.text = "[";
        for (int c = 0; c < copies; ++c) s.text += (c ? "," : "") + item_json(d, variant);
        s.text += "]";
        return s;
      };
      std::set<std::int32_t> edges;  // the first day after each change
      constexpr std::size_t max_edges = 8;
      for (int copies = 1; copies <= 3 && edges.size() < max_edges; ++copies) {
        for (const std::string& variant : variants) {
          std::string previous;
          for (std::int32_t offset = -1200; offset <= 60 && edges.size() < max_edges; ++offset) {
            const date d = date::from_days(on.days() + offset);
            boundary_inputs in = base;
            in[i] = list_of(d, variant, copies);
            decision dec = evaluate_record(in, on);
            std::string outputs;
            if (dec.ok()) {
              for (const value& v : dec.values()) outputs += v.to_string() + '|';
            } else {
              outputs = dec.error()->code;
            }
            if (offset > -1200 && outputs != previous && !edges.count(d.days())) {
              edges.insert(d.days());
              const date before = date::from_days(d.days() - 1);
              const std::string what = inputs[i].name + ": " + std::to_string(copies) +
                                       (copies == 1 ? " item" : " items") +
                                       (variant.empty() ? "" : " (" + variant + ")") + " dated ";
              boundary_inputs at_before = base;
              at_before[i] = list_of(before, variant, copies);
              add(what + before.to_string() + ", the day before a change", at_before, on);
              add(what + d.to_string() + ", the day of the change", in, on);
            }
            previous = std::move(outputs);
          }
        }
      }
      if (!edges.empty()) list_edges_.push_back(inputs[i].name);
    }
  }

  // What the header comment says about the tests.
  std::vector<std::string> notes() const {
    std::vector<std::string> out;
    out.push_back(
        "Boundaries: both ends of each effective period and the dates parameters change on (the "
        "day before, the first day; the last day, the day after)");
    if (birth_ && !finder_.ages().empty()) {
      std::string ages;
      std::size_t i = 0;
      for (const auto& entry : finder_.ages()) {
        ages += (i == 0                           ? ""
                 : i + 1 == finder_.ages().size() ? " and "
                                                  : ", ") +
                ordinal(entry.first);
        ++i;
      }
      std::string kinds;
      for (int k : kinds_) {
        kinds += (kinds.empty() ? "" : ", ") + kind_text(static_cast<birth_kind>(k));
      }
      out.back() += "; the day before, of and after the " + ages + " birthdays (born " + kinds +
                    "; a 29 February birth has its birthday on " +
                    (conv_.leap_day == leap_day_birthday::mar_1 ? "1 March" : "28 February") +
                    " in common years, `leap_day_birthday: " +
                    (conv_.leap_day == leap_day_birthday::mar_1 ? "mar_1" : "feb_28") + "`)";
    }
    if (!deadlines_.empty()) {
      std::vector<std::string> used;
      for (std::uint32_t s : finder_.date_rules()) {
        if (deadlines_.count(cp_.symbols[s].name)) used.push_back(cp_.symbols[s].name);
      }
      std::string names;
      for (std::size_t i = 0; i < used.size(); ++i) {
        names += (i == 0 ? "" : i + 1 == used.size() ? " and " : ", ") + used[i];
      }
      out.back() += std::string("; the day before, of and after the ") +
                    (used.size() == 1 ? "date " : "dates ") + names +
                    (birth_ && !finder_.ages().empty()
                         ? " for the birth dates of the " + ordinal(plain_age()) + " birthdays"
                         : std::string());
    }
    for (const std::string& c : compared_names_) out.back() += "; " + c;
    if (!holidays_.empty()) {
      out.back() += "; the working day before and the day of each holiday and closing day of " +
                    std::to_string(reference_year()) + " that a working-day deadline counts over";
    }
    for (const std::string& list : list_edges_) {
      out.back() += "; items of " + list +
                    " dated the day before and the day of each change of the outputs (the edges of "
                    "the windows rules count them in)";
    }
    out.back() += ".";
    // the other inputs
    std::string chosen;
    const std::vector<input_info>& inputs = prog_.inputs();
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      if ((birth_ && i == *birth_) || !filler_[i]) continue;
      chosen += (chosen.empty() ? "" : ", ") + inputs[i].name + ": " + filler_[i]->text;
    }
    out.push_back("Other inputs: " + (chosen.empty() ? std::string("none") : chosen) +
                  (chosen.empty() ? ""
                                  : " (picked one input at a time so that the outputs vary "
                                    "most around the boundaries)") +
                  "; the rest absent, except where a test says otherwise.");
    return out;
  }

  program prog_;
  const checked_policy& cp_;
  record_decoder decoder_;
  json_list_storage lists_;  ///< what the list inputs of `record_` point into
  facts record_;
  boundary_options opts_;
  boundary_finder finder_;
  calendar_conventions conv_;
  std::optional<std::size_t> birth_;  // input index of the birth date
  boundary_inputs bare_;              // required inputs at their first values, the others absent
  boundary_inputs filler_;            // tuned from bare_ around the birthdays
  std::vector<std::pair<date, date>> births_;  // of the lowest age: (birth date, birthday)
  std::set<int> kinds_;
  std::set<std::string> deadlines_;
  std::vector<std::string> compared_names_;
  std::set<std::string> holidays_;       ///< the closing days holiday_cases() went around
  std::vector<std::string> list_edges_;  ///< the list inputs list_window_cases() found edges of
  std::set<std::string> keys_;
  std::set<std::string> names_;
  std::vector<test_case> cases_;
  std::vector<input_use> uses_;  // per input: what the policy compares it with
  std::size_t evaluations_ = 0;
};

}  // namespace detail

SSPRULES_INLINE boundary_tests generate_boundary_tests(const program& prog,
                                                       const boundary_options& opts) {
  if (!prog.valid()) throw error("ssprules::generate_boundary_tests: no program given");
  return detail::boundary_generator(prog, opts).run();
}

SSPRULES_INLINE std::string test_file_yaml(const test_file& tests, const std::string& comment) {
  using detail::yaml_flow_map;
  using detail::yaml_text;
  std::string out;
  if (!comment.empty()) out += detail::yaml_comment(comment);
  out += "policy: " + yaml_text(tests.policy, false) + "\n";
  if (tests.as_of) out += "as_of: " + tests.as_of->to_string() + "\n";
  out += tests.tests.empty() ? "tests: []\n" : "tests:\n";
  for (const test_case& t : tests.tests) {
    out += "  - name: " + yaml_text(t.name, false) + "\n";
    if (t.as_of) out += "    as_of: " + t.as_of->to_string() + "\n";
    out += "    input: " + yaml_flow_map(t.input) + "\n";
    if (t.error) {
      out += "    error: {code: " + yaml_text(t.error->code, true);
      if (!t.error->message.empty()) out += ", message: " + detail::yaml_quoted(t.error->message);
      out += "}\n";
      continue;
    }
    // one line when it fits in 100 columns, else one output a line
    std::string flow = "    expect: " + yaml_flow_map(t.expect);
    if (flow.size() <= 100) {
      out += flow + "\n";
      continue;
    }
    out += "    expect:\n";
    for (const field_entry& e : t.expect) {
      out +=
          "      " + yaml_text(e.name, false) + ": " + detail::yaml_scalar(e.value, false) + "\n";
    }
  }
  return out;
}

SSPRULES_INLINE std::string boundary_tests::yaml(const std::string& policy) const {
  std::string comment =
      "Boundary tests proposed by `ssprules test --generate-boundaries`. Each `expect` is what "
      "the engine gives NOW, not necessarily what the policy means: review every test against "
      "the policy and its sources, correct the expectations that are wrong, and keep the file "
      "beside the policy.";
  for (const std::string& n : notes) comment += "\n" + n;
  comment += "\n" + std::to_string(file.tests.size()) + " tests";
  if (capped()) {
    comment += " (capped: the first " + std::to_string(file.tests.size()) + " of " +
               std::to_string(found) + " cases)";
  }
  comment += ".";
  test_file named = file;
  named.policy = policy;
  return test_file_yaml(named, comment);
}

}  // namespace ssprules::inline SSPRULES_ABI
