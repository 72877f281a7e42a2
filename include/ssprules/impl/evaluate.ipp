// Definitions for evaluate.hpp: the node interpreter, the rule runner (one failing rule never
// stops the others), decisions, explanations and batches.
#include <algorithm>
#include <limits>
#include <ostream>

#include "ssprules/detail/civil.hpp"
#include "ssprules/detail/codes.hpp"
#include "ssprules/detail/json.hpp"
#include "ssprules/detail/machine.hpp"
#include "ssprules/detail/parallel.hpp"
#include "ssprules/detail/program.hpp"
#include "ssprules/detail/text_lists.hpp"
#include "ssprules/detail/vocabulary.hpp"
#include "ssprules/evaluate.hpp"
#include "ssprules/impl/explain_conditions.ipp"
#include "ssprules/impl/machine.ipp"

namespace ssprules::inline SSPRULES_ABI {
namespace detail {

// `count(…) = 2: 2 of 3 items of `police_reports` meet `r.kind == vold`: item 1 {…}, item 3 {…}`
inline std::string list_aggregation_text(const list_aggregation& a, language lang) {
  const vocabulary& w = words(lang);
  std::string out = a.expression + " = " + a.result.to_string() + ": ";
  const std::string items_of = std::string(" ") + w.items_of + " `";
  const std::string of = std::to_string(a.matched) + " " + w.of + " " + std::to_string(a.items) +
                         items_of + a.list + "`";
  if (a.kind == "every") {
    out += a.matched == 0
               ? w.all + (" " + std::to_string(a.items)) + items_of + a.list + "` " + w.meet +
                     " `" + a.condition + "`"
               : w.not_every_item_of + (" `" + a.list) + "` " + w.meets + " `" + a.condition + "`";
  } else if (a.kind == "some" || a.kind == "in") {
    out += a.matched == 0 ? w.none_of + (" " + std::to_string(a.items)) + items_of + a.list + "`"
                          : w.found_in + (" `" + a.list) + "`";
    if (!a.condition.empty()) out += std::string(", ") + w.condition + " `" + a.condition + "`";
  } else {
    out += of;
    if (!a.condition.empty()) {
      out += std::string(" ") + (a.matched == 1 ? w.meets : w.meet) + " `" + a.condition + "`";
    }
  }
  for (std::size_t i = 0; i < a.shown.size(); ++i) {
    const value& item = a.shown[i].second;
    out += (i ? ", " : ": ") + std::string(w.item) + " " + std::to_string(a.shown[i].first) +
           (item.kind() == type_kind::record ? " " : " = ") + item.to_string();
  }
  if (a.matched > a.shown.size()) out += ", " + and_more(a.matched - a.shown.size(), lang);
  return out;
}

}  // namespace detail

namespace detail {

// Runs programs on frames and turns frames into decisions; friend of facts and decision.
struct evaluator {
  // Copies a record's inputs into the frame and the period's parameters; false when the
  // record is not evaluated at all (record error or not in force).
  // Sizes a frame for a program (once) and clears what the previous record left behind.
  // Lays a frame out for a program (once) and clears what the previous record left behind.
  static void reset(const program_impl& p, frame& f) {
    prepare_frame(p, f);
    for (std::uint32_t slot : f.failed) {
      f.error_of[slot] = -1;
      f.state[slot] = state_present;  // rules that are never missing keep `present` between runs
    }
    f.failed.clear();
    f.errors.clear();
    f.any_failed = false;
  }

  // Sets the evaluation date; copies the parameters when it leaves the cached segment. False
  // when the policy is not in force then.
  static bool set_date(const program_impl& p, frame& f, std::int32_t day) {
    f.as_of = day;
    f.slots[p.as_of_slot] = cal::pack(day);
    if (day < f.segment_from || day > f.segment_to) {
      std::size_t i = p.segment_index(day);
      const segment& s = p.segments[i];
      f.segment_from = s.from;
      f.segment_to = i + 1 < p.segments.size() ? p.segments[i + 1].from - 1 : date::max().days();
      f.period = s.period;
      std::copy(s.parameters.begin(), s.parameters.end(), f.slots.begin() + p.input_count);
    }
    return f.period >= 0;
  }

  // One decoded record, wherever it is stored (a `facts`, a row of a `record_batch`).
  struct record_view {
    const std::int64_t* slots = nullptr;
    const std::uint8_t* states = nullptr;
    std::size_t input_count = 0;
    const std::vector<std::string>* strings = nullptr;
    const std::pair<std::uint32_t, record_error>* input_errors = nullptr;  // a facts' own
    std::size_t input_error_count = 0;
    // a batch's: (input, index into `error_table`), input_error_count of them
    const std::pair<std::uint32_t, std::uint32_t>* input_error_refs = nullptr;
    const record_error* error_table = nullptr;
    const record_error* error = nullptr;
    std::uint64_t program = 0;            ///< serial of the program it was decoded for
    const std::int64_t* items = nullptr;  ///< the arena of its list inputs' items
    const std::uint8_t* item_states = nullptr;
  };

  static record_view view_of(const facts& r) {
    record_view view;
    view.slots = r.slots_.data();
    view.states = r.state_.data();
    view.input_count = r.slots_.size();
    view.strings = &r.strings_;
    view.input_errors = r.input_errors_.data();
    view.input_error_count = r.input_errors_.size();
    view.error = r.error_ ? &*r.error_ : nullptr;
    view.program = r.program_;
    view.items = r.items_.data();
    view.item_states = r.item_states_.data();
    return view;
  }

  // Loads one record's inputs into the frame. False when the record is not evaluated at all
  // (a record error, or the policy not in force), with the problem.
  static bool start(const program_impl& p, const record_view& record, date as_of, frame& f,
                    std::optional<record_error>& record_problem) {
    reset(p, f);
    f.input_strings = record.strings;
    f.items = record.items;
    f.item_states = record.item_states;
    if (record.error) {
      record_problem = *record.error;
      return false;
    }
    if (!set_date(p, f, as_of.days())) {
      record_problem = not_in_force(p, as_of);
      return false;
    }
    if (record.program != p.serial || record.input_count != p.input_count) {
      record_problem = decoded_for_another(p.policy->doc->info.id);
      return false;
    }
    // a handful of inputs: a plain loop beats a call to memmove
    for (std::size_t j = 0; j < record.input_count; ++j) {
      f.slots[j] = record.slots[j];
      f.state[j] = record.states[j];
    }
    for (std::size_t k = 0; k < record.input_error_count; ++k) {
      const auto [input, err] =
          record.input_error_refs != nullptr
              ? std::pair<std::uint32_t, const record_error*>(
                    record.input_error_refs[k].first,
                    record.error_table + record.input_error_refs[k].second)
              : std::pair<std::uint32_t, const record_error*>(record.input_errors[k].first,
                                                              &record.input_errors[k].second);
      f.error_of[input] = static_cast<std::int32_t>(f.errors.size());
      f.failed.push_back(input);
      f.errors.push_back(*err);
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
      if (from && to)
        periods += "from " + from->to_string() + " to " + to->to_string();
      else if (from)
        periods += "from " + from->to_string();
      else if (to)
        periods += "until " + to->to_string();
      else
        periods += "always";
    }
    return {codes::not_in_force.id,
            "policy `" + p.policy->doc->info.id + "` is not in force on " + as_of.to_string() +
                "; it is in force " + periods,
            "as_of"};
  }

  static void fail_rule(const program_impl& p, frame& f, std::uint32_t r, record_error e) {
    std::uint32_t slot = p.rules[r].slot;
    f.state[slot] = state_failed;
    f.error_of[slot] = static_cast<std::int32_t>(f.errors.size());
    f.failed.push_back(slot);
    f.errors.push_back(std::move(e));
    f.any_failed = true;
  }

  // Runs every rule in dependency order (one block of code). A rule that throws fails alone;
  // the machine goes on with the next one; rules that use a failed value fail with it.
  static void run(const program_impl& p, frame& f) {
    run_from(p, f,
             f.any_failed ? next_runnable(p, f, 0) : (p.rules.empty() ? p.end : p.rules[0].entry));
  }

  static void run_from(const program_impl& p, frame& f, std::uint32_t entry) {
    for (;;) {
      try {
        run_block(p, f, entry);
        return;
      } catch (const eval_failure& e) {
        std::uint32_t rule = rule_at(p, e.at);
        fail_rule(p, f, rule, {e.code, e.message, ""});
        entry = next_runnable(p, f, rule + 1);
      }
    }
  }

  // The rule whose code holds instruction `at`.
  static std::uint32_t rule_at(const program_impl& p, std::uint32_t at) {
    auto it = std::upper_bound(p.rules.begin(), p.rules.end(), at,
                               [](std::uint32_t x, const compiled_rule& r) { return x < r.entry; });
    return static_cast<std::uint32_t>(it - p.rules.begin()) - 1;
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
    if (s.type.kind == type_kind::list && s.kind == symbol_kind::rule) {
      return value::missing(type_kind::list);  // a collected list: see rule_value
    }
    return to_value(p, f, s.type, f.slots[slot], true);
  }

  // Every rule's value (in `program_impl::rules` order), sensitive or not; see rule_values.
  static std::vector<value> all_rule_values(const program_impl& p, const facts& record,
                                            date as_of) {
    frame f;
    std::optional<record_error> problem;
    const bool started = start(p, view_of(record), as_of, f, problem);
    if (started) run(p, f);
    std::vector<value> out;
    out.reserve(p.rules.size());
    for (std::uint32_t r = 0; r < p.rules.size(); ++r) {
      out.push_back(started ? rule_value(p, f, r) : value::missing(p.rules[r].type.kind));
    }
    return out;
  }

  static decision make(const program_impl& p, const facts& record, date as_of,
                       const evaluate_options& opts, frame& f) {
    decision d;
    d.id_ = record.id_;
    d.has_id_ = record.has_id_;
    d.as_of_ = as_of;
    d.names_ = p.output_names;
    d.outputs_ = p.outputs_table.get();
    std::optional<record_error> problem;
    bool started = start(p, view_of(record), as_of, f, problem);
    std::size_t n = p.output_rules.size();
    if (!started) {
      d.values_.reserve(n);
      for (std::uint32_t r : p.output_rules)
        d.values_.push_back(value::missing(p.rules[r].type.kind));
      if (problem) {
        d.errors_.push_back(*problem);
        d.output_error_of_.assign(n, 0);
      }
      d.error_ = std::move(problem);
      return d;
    }
    f.trace = opts.explain;
    f.calls.clear();
    f.function_calls.clear();
    f.noted_items.clear();
    f.item_marks.clear();
    f.item_traces.clear();
    run(p, f);
    f.trace = false;
    d.values_.reserve(n);
    if (f.errors.empty()) {
      for (std::uint32_t r : p.output_rules) d.values_.push_back(rule_value(p, f, r));
    } else {
      // a record with an error is not decided: every output is missing (the explanation
      // still shows what each rule computed), and each output keeps the problem that hit it
      for (std::uint32_t r : p.output_rules)
        d.values_.push_back(value::missing(p.rules[r].type.kind));
      d.output_error_of_.resize(n);
      for (std::size_t i = 0; i < n; ++i) {
        d.output_error_of_[i] = f.error_of[p.rules[p.output_rules[i]].slot];
      }
      d.error_ = f.errors.front();
    }
    if (opts.explain) explain(p, f, d);
    // the frame's errors move into the decision (the explanation has read them); the next
    // record starts from an empty list anyway
    if (!f.errors.empty()) d.errors_ = std::move(f.errors);
    f.errors.clear();
    return d;
  }

  // ---------------------------------------------------------------------------------------
  // batches

  // Evaluates records [begin, end) of a batch into `out`; errors go to `errors` (numbered from
  // 0; the caller renumbers them when it joins threads), and the records that failed while
  // their rules ran to `failed`, with per output the problem that hit it in `failed_outputs`
  // (as result_batch::failed_runs_ and failed_run_errors_).
  static void run_batch(const program_impl& p, const record_batch& in, date default_as_of,
                        result_batch& out, std::size_t begin, std::size_t end, frame& f,
                        std::vector<record_error>& errors, std::vector<std::size_t>& failed,
                        std::vector<std::int32_t>& failed_outputs) {
    const std::size_t n = in.size_;
    const std::size_t inputs = in.inputs_;
    const std::size_t outputs = p.output_rules.size();
    auto record_error_at =
        std::lower_bound(in.record_errors_.begin(), in.record_errors_.end(), begin,
                         [](const auto& e, std::size_t i) { return e.first < i; });
    std::optional<record_error> problem;
    // The index in `errors` of a record's problems: those of the last record that had problems
    // when they are the same (a register of the same mistake keeps one copy), else a copy.
    std::size_t last_from = 0;
    std::size_t last_count = 0;
    auto same_errors = [&](std::span<const record_error> these) {
      if (last_count == these.size() && last_from + last_count <= errors.size() &&
          std::equal(these.begin(), these.end(), errors.begin() + last_from)) {
        return static_cast<std::int32_t>(last_from);
      }
      last_from = errors.size();
      last_count = these.size();
      errors.insert(errors.end(), these.begin(), these.end());
      return static_cast<std::int32_t>(last_from);
    };
    const std::uint32_t* output_slots = p.output_slots.data();
    const std::uint32_t first_entry = p.rules.empty() ? p.end : p.rules[0].entry;
    for (std::size_t i = begin; i < end; ++i) {
      const std::int64_t* slots = in.slots_.data() + i * inputs;
      const std::uint8_t* states = in.states_.data() + i * inputs;
      std::uint32_t first_error = i == 0 ? 0 : in.input_error_end_[i - 1];
      bool record_failed =
          record_error_at != in.record_errors_.end() && record_error_at->first == i;
      std::int32_t day = in.as_of_[i] == std::numeric_limits<std::int32_t>::min()
                             ? default_as_of.days()
                             : in.as_of_[i];
      bool in_force =
          f.owner == p.serial && f.segment_from <= day && day <= f.segment_to && f.period >= 0;
      if (record_failed || !in_force || in.input_error_end_[i] != first_error ||
          !f.failed.empty() || !f.errors.empty()) {
        // the general way: record and input errors, a new date segment, a previous failure
        record_view view;
        view.slots = slots;
        view.states = states;
        view.input_count = inputs;
        view.strings = &in.strings_;
        view.input_error_refs = in.input_errors_.data() + first_error;
        view.error_table = in.errors_.data();
        view.input_error_count = in.input_error_end_[i] - first_error;
        view.error = record_failed ? &record_error_at->second : nullptr;
        view.program = p.serial;  // the batch's rows were checked when they were added
        view.items = in.items_.data();
        view.item_states = in.item_states_.data();
        if (record_failed) ++record_error_at;
        if (!start(p, view, date::from_days(day), f, problem)) {
          for (std::size_t j = 0; j < outputs; ++j) {
            out.values_[j * n + i] = 0;
            out.states_[j * n + i] = state_failed;
          }
          out.error_of_[i] = same_errors(std::span(&*problem, 1));
          problem.reset();
          continue;
        }
        run(p, f);
      } else {
        // the usual way: same program, same date segment, nothing failed before. (Local
        // pointers: byte stores may alias anything, so the vectors' data would be reloaded.)
        f.input_strings = &in.strings_;
        f.items = in.items_.data();
        f.item_states = in.item_states_.data();
        std::int64_t* reg = f.slots.data();
        std::uint8_t* state = f.state.data();
        if (f.as_of != day) {
          f.as_of = day;
          reg[p.as_of_slot] = cal::pack(day);
        }
        std::copy_n(slots, inputs, reg);
        std::copy_n(states, inputs, state);
        run_from(p, f, first_entry);
      }
      if (!p.pooled_outputs) {
        const std::int64_t* reg = f.slots.data();
        const std::uint8_t* state = f.state.data();
        std::int64_t* values = out.values_.data() + i;
        std::uint8_t* value_states = out.states_.data() + i;
        for (std::size_t j = 0; j < outputs; ++j) {
          // date registers carry their parts below the day number: columns hold days
          values[j * n] = reg[output_slots[j]] >> p.output_shifts[j];
          value_states[j * n] = state[output_slots[j]];
        }
      }
      for (std::size_t j = 0; j < outputs && p.pooled_outputs; ++j) {
        const compiled_rule& rule = p.rules[p.output_rules[j]];
        std::int64_t bits = f.slots[rule.slot];
        std::uint8_t st = f.state[rule.slot];
        if (st == state_present && rule.type.kind == type_kind::string) {
          bits = static_cast<std::int64_t>(out.strings_.size());
          out.strings_.push_back(p.string_of(f.slots[rule.slot], f));
        } else if (st == state_present && rule.type.kind == type_kind::list) {
          bits = static_cast<std::int64_t>(out.lists_.size());
          out.lists_.push_back(list_value(p, f, p.output_rules[j]).as_list());
        }
        out.values_[j * n + i] = bits >> p.output_shifts[j];
        out.states_[j * n + i] = st;
      }
      if (f.errors.empty()) {
        out.error_of_[i] = -1;
      } else {
        // not decided: every output missing, as for a single decision
        for (std::size_t j = 0; j < outputs; ++j) {
          out.values_[j * n + i] = 0;
          out.states_[j * n + i] = state_failed;
        }
        // each output keeps the problem that hit it (f.errors.front() is the record's)
        const std::int32_t base = same_errors(f.errors);
        out.error_of_[i] = base;
        failed.push_back(i);
        for (std::size_t j = 0; j < outputs; ++j) {
          const std::int32_t e = f.error_of[p.rules[p.output_rules[j]].slot];
          failed_outputs.push_back(e < 0 ? -1 : base + e);
        }
      }
    }
  }

  static void evaluate_into(const program& prog, const record_batch& in, date as_of,
                            result_batch& out, unsigned threads) {
    const program_impl& p = prog.impl();
    out.prog_ = prog;
    const std::size_t n = in.size_;
    const std::size_t outputs = p.output_rules.size();
    out.size_ = n;
    out.names_ = p.output_names;
    out.values_.resize(n * outputs);
    out.states_.resize(n * outputs);
    out.error_of_.resize(n);
    out.errors_.clear();
    out.failed_runs_.clear();
    out.failed_run_errors_.clear();
    out.strings_.clear();
    out.lists_.clear();
    // string and list outputs keep texts and lists in the result: one thread writes them
    bool shared_pools =
        std::any_of(p.output_rules.begin(), p.output_rules.end(), [&](std::uint32_t r) {
          type_kind k = p.rules[r].type.kind;
          return k == type_kind::string || k == type_kind::list;
        });
    if (n > 0 && in.prog_.impl().serial != p.serial) {
      // decoded for another program: one error per record, nothing evaluated
      std::fill(out.values_.begin(), out.values_.end(), 0);
      std::fill(out.states_.begin(), out.states_.end(), state_failed);
      out.errors_.push_back(decoded_for_another(p.policy->doc->info.id));
      std::fill(out.error_of_.begin(), out.error_of_.end(), 0);
      return;
    }
    // Threads take blocks of records in turn (detail/parallel.hpp); each block keeps its own
    // errors, numbered in record order when all are done.
    constexpr std::size_t block = 8192;
    const std::size_t blocks = (n + block - 1) / block;
    if (threads_for(threads, blocks) <= 1 || shared_pools) {
      thread_local frame f;
      run_batch(p, in, as_of, out, 0, n, f, out.errors_, out.failed_runs_, out.failed_run_errors_);
      return;
    }
    struct block_errors {
      std::vector<record_error> errors;
      std::vector<std::size_t> failed;
      std::vector<std::int32_t> failed_outputs;
    };
    std::vector<block_errors> errors(blocks);
    for_each_block<frame>(blocks, threads, [&](frame& f, std::size_t b) {
      block_errors& e = errors[b];
      run_batch(p, in, as_of, out, b * block, std::min(n, (b + 1) * block), f, e.errors, e.failed,
                e.failed_outputs);
    });
    for (std::size_t b = 0; b < blocks; ++b) {
      auto base = static_cast<std::int32_t>(out.errors_.size());
      if (base != 0 && !errors[b].errors.empty()) {
        for (std::size_t i = b * block; i < std::min(n, (b + 1) * block); ++i) {
          if (out.error_of_[i] >= 0) out.error_of_[i] += base;
        }
        for (std::int32_t& e : errors[b].failed_outputs) {
          if (e >= 0) e += base;
        }
      }
      for (auto& e : errors[b].errors) out.errors_.push_back(std::move(e));
      // blocks are joined in order: the failed records stay ascending
      out.failed_runs_.insert(out.failed_runs_.end(), errors[b].failed.begin(),
                              errors[b].failed.end());
      out.failed_run_errors_.insert(out.failed_run_errors_.end(), errors[b].failed_outputs.begin(),
                                    errors[b].failed_outputs.end());
    }
  }

  static std::vector<value> input_values(const program_impl& p, const facts& r) {
    std::vector<value> out;
    out.reserve(p.inputs.size());
    frame none;
    none.input_strings = &r.strings_;
    none.items = r.items_.data();
    none.item_states = r.item_states_.data();
    for (std::size_t i = 0; i < p.inputs.size(); ++i) {
      const input_slot& in = p.inputs[i];
      if (i >= r.state_.size() || r.state_[i] != state_present) {
        out.push_back(value::missing(in.type.kind));
      } else if (in.type.kind == type_kind::string) {
        out.push_back(value::of_string(r.strings_[i]));
      } else {
        out.push_back(to_value(p, none, in.type, r.slots_[i], true));
      }
    }
    return out;
  }

  static value result_value(const result_batch& r, std::size_t i, std::size_t j) {
    const program_impl& p = r.prog_.impl();
    const compiled_rule& rule = p.rules[p.output_rules[j]];
    std::size_t at = j * r.size_ + i;
    if (r.states_[at] != state_present) return value::missing(rule.type.kind);
    std::int64_t bits = r.values_[at];
    switch (rule.type.kind) {
      case type_kind::date:
        return value::of_date(date::from_days(static_cast<std::int32_t>(bits)));
      case type_kind::string:
        return value::of_string(r.strings_[static_cast<std::size_t>(bits)]);
      case type_kind::list:
        return value::of_list(rule.type.item, r.lists_[static_cast<std::size_t>(bits)]);
      default: {
        frame none;
        return to_value(p, none, rule.type, bits, true);
      }
    }
  }

  // ---------------------------------------------------------------------------------------
  // explanations

  // Marks `as_of` among the symbols an expression reads.
  static constexpr std::uint32_t as_of_symbol = 0xFFFFFFFEU;

  static void loads_in(const typed_expr& e, std::vector<std::uint32_t>& out) {
    if ((e.op == node_op::aggregate || e.op == node_op::in_items) && !e.args.empty()) {
      // the list, and what the rest reads other than the items (their symbols come after
      // every declared one: check makes them while it goes over the list)
      const std::size_t list = e.op == node_op::in_items ? 1 : 0;
      loads_in(e.args[list], out);
      std::vector<std::uint32_t> inner;
      for (std::size_t k = 0; k < e.args.size(); ++k) {
        if (k != list) loads_in(e.args[k], inner);
      }
      for (std::uint32_t s : inner) {
        if ((s == as_of_symbol || s < e.symbol) &&
            std::find(out.begin(), out.end(), s) == out.end())
          out.push_back(s);
      }
      return;
    }
    std::uint32_t s = e.op == node_op::load    ? e.symbol
                      : e.op == node_op::as_of ? as_of_symbol
                                               : no_register;
    if (s != no_register && std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
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

  // True when input `i` of the record in the frame is not missing (a value, given or by
  // default, or a bad one): what it depends on may show it.
  static bool has_input(const frame& f, std::uint32_t i) { return f.state[i] != state_missing; }

  // What a value that must not be shown shows instead: whether it is there.
  static value presence(bool there) { return value::of_string(there ? "(present)" : "(absent)"); }

  // The symbols a version's conditions read: its cases' `when`s, its table's columns and cells.
  static void conditions_in(const checked_version& v, std::vector<std::uint32_t>& out) {
    if (v.form == body_form::cases) {
      for (const checked_case& c : v.cases) {
        if (c.when) loads_in(*c.when, out);
      }
    } else if (v.form == body_form::table) {
      for (const typed_expr& col : v.table.columns) loads_in(col, out);
      for (const checked_row& row : v.table.rows) {
        for (const checked_cell& cell : row.cells) {
          for (const typed_expr& o : cell.operands) loads_in(o, out);
        }
      }
    }
  }

  // True when the case or row that decided a version would show a sensitive input of the
  // record: a condition reads one, or a value that shows one.
  static bool branch_shows_sensitive(const program_impl::sensitivity& sensitive, std::uint32_t slot,
                                     const checked_version& v) {
    if (v.form == body_form::expression || !sensitive.depends_on(slot)) return false;
    std::vector<std::uint32_t> read;
    conditions_in(v, read);
    return std::any_of(read.begin(), read.end(), [&](std::uint32_t s) {
      return s != as_of_symbol && sensitive.would_show(s);
    });
  }

  // The values a step used (a sensitive input, and a value that would show one, only as
  // present / absent), its citations, and its own value likewise; then the step is done.
  static void finish_step(const program_impl& p, const frame& f,
                          const program_impl::sensitivity& sensitive, std::uint32_t r,
                          explanation_step& step, const std::vector<std::uint32_t>& used,
                          std::vector<citation>& cites, decision& d) {
    for (std::uint32_t s : used) {
      if (s == as_of_symbol) {
        step.used.emplace_back("as_of", value::of_date(date::from_days(f.as_of)));
        continue;
      }
      const symbol& used_symbol = p.policy->symbols[s];
      const bool sensitive_input =
          used_symbol.kind == symbol_kind::input && p.inputs[used_symbol.index].sensitive;
      if (sensitive_input || sensitive.would_show(s)) {
        step.used.emplace_back(used_symbol.name, presence(f.state[s] == state_present));
        continue;
      }
      step.used.emplace_back(used_symbol.name, slot_value(p, f, s));
      if (used_symbol.kind == symbol_kind::parameter) parameter_citations(p, s, f.as_of, cites);
    }
    if (sensitive.would_show(p.rules[r].slot)) {
      step.result = presence(step.result.present());
    } else if (step.decided_by != "sensitive" && !sensitive.depends_on(p.rules[r].slot)) {
      working_day_calls(p, f, r, step);  // its dates would show a sensitive input otherwise
      function_calls(p, f, r, step);     // and so would its arguments
      list_aggregations(p, f, r, step);  // and the items
    }
    step.sources = resolve(p, cites);
    d.steps_.push_back(std::move(step));
  }

  // Why a working-day calendar does not count `day`: `weekend`, or the rules that close it.
  static std::string closed_because(const working_calendar& c, std::int32_t day) {
    std::string out;
    for (const closing_rule* rule : c.closed_by(day)) {
      out += (out.empty() ? "" : " and ") + rule->rule.name;
      if (!rule->rule.sources.empty()) {
        const citation& cited = rule->rule.sources.back();
        out += " (" + (rule->calendar.empty() ? std::string() : rule->calendar + ": ") +
               cited.document + (cited.section.empty() ? "" : " " + cited.section) + ")";
      } else if (!rule->calendar.empty()) {
        out += " (" + rule->calendar + ")";
      }
    }
    if (c.is_weekend(day)) out += out.empty() ? "weekend" : ", on the weekend";
    return out;
  }

  // The days of [from, to] a calendar does not count, runs of one reason as one entry.
  static void skipped_days(const working_calendar& c, std::int32_t from, std::int32_t to,
                           working_day_call& call) {
    for (std::int32_t d = from; d <= to; ++d) {
      if (c.is_working_day(d)) continue;
      std::string why = closed_because(c, d);
      if (!call.skipped.empty() && call.skipped.back().reason == why &&
          call.skipped.back().last.days() == d - 1) {
        call.skipped.back().last = date::from_days(d);
        continue;
      }
      if (call.skipped.size() == shown_items) {
        ++call.more;
        continue;
      }
      call.skipped.push_back({date::from_days(d), date::from_days(d), why});
    }
  }

  // The working-day functions rule `r` called, with the days they skipped (explanations).
  static void working_day_calls(const program_impl& p, const frame& f, std::uint32_t r,
                                explanation_step& step) {
    for (const traced_call& t : f.calls) {
      if (rule_at(p, t.at) != r) continue;
      const instr& in = p.code[t.at];
      working_day_call call;
      call.call = in.source ? source_text(in.source->syntax) : std::string();
      call.function = in.source && in.source->fn ? std::string(in.source->fn->name) : std::string();
      const working_calendar* c = p.working_days.get();
      const std::int32_t a = cal::days_of(t.a);
      switch (in.code) {
        case op::add_working_days: {
          const std::int32_t to = cal::days_of(t.result);
          call.result = date::from_days(to).to_string();
          if (to > a) skipped_days(*c, a + 1, to - 1, call);
          if (to < a) skipped_days(*c, to + 1, a - 1, call);
          break;
        }
        case op::working_day_on_or_after: {
          const std::int32_t to = cal::days_of(t.result);
          call.result = date::from_days(to).to_string();
          skipped_days(*c, a, to - 1, call);
          break;
        }
        case op::working_days_between: {
          const std::int32_t b = cal::days_of(t.b);
          call.result = std::to_string(t.result);
          skipped_days(*c, std::min(a, b) + 1, std::max(a, b), call);
          break;
        }
        case op::is_working_day:
          call.result = t.result != 0 ? "true" : "false";
          skipped_days(*c, a, a, call);
          break;
        case op::next_every_months:
          call.result = date::from_days(cal::days_of(t.result)).to_string();
          break;
        default:
          continue;
      }
      step.working_days.push_back(std::move(call));
    }
  }

  // The user functions rule `r` called: each call's arguments, result and citations.
  static void function_calls(const program_impl& p, const frame& f, std::uint32_t r,
                             explanation_step& step) {
    for (const traced_function_call& t : f.function_calls) {
      if (rule_at(p, t.at) != r) continue;
      const instr& in = p.code[t.at];
      const symbol& fs = p.policy->symbols[t.function];
      const checked_function& fn = p.policy->functions[fs.index];
      function_call call;
      call.function = fs.name;
      call.call = in.source ? source_text(in.source->syntax) : fs.name;
      for (std::size_t k = 0; k < fn.params.size() && k < t.args.size(); ++k) {
        const symbol& param = p.policy->symbols[fn.params[k]];
        call.arguments.emplace_back(param.name, t.arg_states[k] == state_present
                                                    ? to_value(p, f, param.type, t.args[k], true)
                                                    : value::missing(param.type.kind));
      }
      call.result = t.result_state == state_present ? to_value(p, f, fs.type, t.result, true)
                                                    : value::missing(fs.type.kind);
      call.sources = resolve(p, fn.syntax->sources);
      if (fn.body.form == body_form::expression) {
        call.decided_by = "expression";
        call.line = fn.syntax->body.expression.at.line;
      } else if (t.decided == branch_otherwise) {
        call.decided_by = "otherwise";
        call.line = fn.body.cases.empty() ? 0 : fn.body.cases.back().syntax->at.line;
      } else if (t.decided < fn.body.cases.size()) {
        call.decided_by = "case " + std::to_string(t.decided + 1);
        call.line = fn.body.cases[t.decided].syntax->at.line;
        if (t.result_state == state_failed && fn.body.cases[t.decided].raises) {
          call.raised = fn.body.cases[t.decided].raises->code;
        }
      }
      step.function_calls.push_back(std::move(call));
    }
  }

  // The aggregates over lists rule `r` ran: the items that counted, by position.
  static void list_aggregations(const program_impl& p, const frame& f, std::uint32_t r,
                                explanation_step& step) {
    for (const traced_items& t : f.item_traces) {
      if (rule_at(p, t.at) != r) continue;
      const instr& in = p.code[t.at];
      if (in.source == nullptr) continue;
      const typed_expr& e = *in.source;
      const bool membership = e.op == node_op::in_items;
      const typed_expr& list = e.args[membership ? 1 : 0];
      list_aggregation out;
      out.expression = source_text(e.syntax);
      out.list = source_text(list.syntax);
      out.kind = membership ? "in" : to_string(static_cast<list_aggregate>(e.bits));
      if (!membership && !(e.args[2].op == node_op::constant && e.args[2].bits == 1)) {
        out.condition = source_text(e.args[2].syntax);
      }
      out.items = list_size(t.list);
      out.matched = t.noted.size();
      const value all = ::ssprules::detail::list_value(p, f, list.type, t.list);
      for (std::uint32_t k : t.noted) {
        if (out.shown.size() == shown_items) break;
        if (k < all.as_list().size()) out.shown.emplace_back(k + 1, all.as_list()[k]);
      }
      out.result = to_value(p, f, e.type.required(), t.result, t.result_state == state_present);
      step.lists.push_back(std::move(out));
    }
  }

  // True when a value rule `rule` reads directly failed (its own error is that one's).
  static bool reads_failed(const frame& f, const compiled_rule& rule) {
    return std::any_of(rule.deps.begin(), rule.deps.end(), [&](std::uint32_t s) {
      return s < f.state.size() && f.state[s] == state_failed;
    });
  }

  static void explain(const program_impl& p, const frame& f, decision& d) {
    const program_impl::sensitivity sensitive =
        p.sensitivity_of([&](std::uint32_t i) { return has_input(f, i); });
    const condition_reader reader(p, f, sensitive);
    for (std::uint32_t r = 0; r < p.rules.size(); ++r) {
      const compiled_rule& rule = p.rules[r];
      const checked_rule& cr = *rule.source;
      const checked_version& cv = cr.versions[f.version[rule.slot]];
      explanation_step step;
      step.rule = p.policy->symbols[rule.slot].name;
      step.output = rule.output >= 0;
      step.result = rule_value(p, f, r);
      std::int32_t e = f.error_of[rule.slot];
      if (e >= 0) step.error = f.errors[static_cast<std::size_t>(e)];
      std::vector<std::uint32_t> used;
      std::vector<citation> cites = cr.syntax->sources;
      cites.insert(cites.end(), cv.syntax->sources.begin(), cv.syntax->sources.end());
      std::uint32_t branch = f.branch[rule.slot];
      if (branch_shows_sensitive(sensitive, rule.slot, cv)) {
        // which case or row decided would tell a sensitive input: the rule's own citations
        // and what its conditions read (each shown as present / absent when it must be)
        step.decided_by = "sensitive";
        step.line = cr.syntax->at.line;
        conditions_in(cv, used);
        finish_step(p, f, sensitive, r, step, used, cites, d);
        continue;
      }
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
            if (c.raises) {
              step.definition = "error " + c.raises->code + ": " + c.raises->message;
              step.raised = step.error && step.error->code == c.raises->code;
            } else {
              step.definition = source_text(c.then.syntax);
              loads_in(c.then, used);
            }
            step.line = c.syntax->at.line;
            cites.insert(cites.end(), c.syntax->sources.begin(), c.syntax->sources.end());
            // the cases tried before (a failed rule's branch is the last record's, unless it
            // raised its own error)
            if (!step.error || step.raised) reader.cases(cv, branch, step);
          } else if (branch == branch_otherwise && !cv.cases.empty()) {
            const checked_case& c = cv.cases.back();
            step.decided_by = "otherwise";
            step.definition = source_text(c.then.syntax);
            step.line = c.syntax->at.line;
            loads_in(c.then, used);
            cites.insert(cites.end(), c.syntax->sources.begin(), c.syntax->sources.end());
            if (!step.error) reader.cases(cv, cv.cases.size(), step);
          }
          break;
        case body_form::table: {
          const checked_table& t = cv.table;
          for (const typed_expr& col : t.columns) loads_in(col, used);
          // several rows decide a `collect` table, and agreeing rows an `any` table
          std::vector<std::uint32_t> rows;
          bool every_row =
              t.hit == hit_policy::collect || (t.hit == hit_policy::any && !t.exclusive_rows);
          if (every_row && r < f.matched.size() &&
              (branch == branch_collected ||
               (branch < t.rows.size() && !f.matched[r].empty() && f.matched[r][0] == branch))) {
            rows = f.matched[r];
          }
          if (rows.size() > 1) {
            step.decided_by = "rows ";
            for (std::size_t i = 0; i < rows.size(); ++i) {
              step.decided_by += (i ? ", " : "") + std::to_string(rows[i] + 1);
              const checked_row& row = t.rows[rows[i]];
              loads_in(row.then, used);
              cites.insert(cites.end(), row.syntax->sources.begin(), row.syntax->sources.end());
            }
            step.line = t.rows[rows[0]].syntax->at.line;
          } else if (branch < t.rows.size() || rows.size() == 1) {
            if (branch >= t.rows.size()) branch = rows[0];
            const checked_row& row = t.rows[branch];
            step.decided_by = "row " + std::to_string(branch + 1);
            std::string cells;
            for (std::size_t i = 0; i < row.cells.size(); ++i) {
              const table_cell* syntax = row.cells[i].syntax;
              std::string cell_text =
                  syntax && syntax->at.valid() ? std::string(syntax->at.text()) : "any";
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
          } else {
            step.decided_by = "no row";
            step.line = t.syntax ? t.syntax->at.line : 0;
          }
          // no row matched: why each row did not (the otherwise decided, or the table failed
          // with SR1013 itself, not because a value it reads failed)
          if (step.error ? step.error->code == codes::no_row_matches.id && !reads_failed(f, rule)
                         : step.decided_by == "otherwise") {
            reader.rows(t, step);
          }
          break;
        }
      }
      finish_step(p, f, sensitive, r, step, used, cites, d);
    }
  }
};

SSPRULES_INLINE std::vector<value> rule_values(const program_impl& p, const facts& record,
                                               date as_of) {
  return evaluator::all_rule_values(p, record, record.as_of().value_or(as_of));
}

}  // namespace detail

SSPRULES_INLINE const value* decision::find(std::string_view name) const {
  if (!names_) return nullptr;
  for (std::size_t i = 0; i < names_->size(); ++i) {
    if ((*names_)[i] == name) return &values_[i];
  }
  return nullptr;
}

namespace detail {
[[noreturn]] inline void foreign_output() {
  throw error(
      "ssprules::decision: an output handle of another program (another policy, or another "
      "version of it); resolve handles from the program that evaluated the decision");
}
}  // namespace detail

SSPRULES_INLINE const value* decision::output_value(output_handle h,
                                                    bool (*reads)(type_kind) noexcept,
                                                    const char* wanted) const {
  if (outputs_ == nullptr) return nullptr;  // never evaluated: no output has a value
  if (h.program_ != outputs_->serial || h.index_ >= values_.size()) {
    detail::foreign_output();
  }
  const output_info& out = outputs_->outputs[h.index_];
  if (!reads(out.type.kind)) {
    value::wrong_get(out.type.kind, wanted, "output `" + out.name + "`");
  }
  return &values_[h.index_];
}

SSPRULES_INLINE std::optional<std::size_t> decision::enum_index(output_handle h) const {
  if (outputs_ == nullptr) return std::nullopt;
  if (h.program_ != outputs_->serial || h.index_ >= values_.size()) {
    detail::foreign_output();
  }
  const output_info& out = outputs_->outputs[h.index_];
  if (out.type.kind != type_kind::enumeration) {
    throw ssprules::error("ssprules::decision::enum_index: output `" + out.name + "` is " +
                          out.type.describe() + ", not an enum");
  }
  const value& v = values_[h.index_];
  if (!v.present()) return std::nullopt;
  const std::vector<std::string>& names = out.type.values;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == v.as_string()) return i;
  }
  SSPRULES_ASSERT(false && "an enum output's value is one of its type's values");
  return std::nullopt;
}

SSPRULES_INLINE const record_error* decision::output_error(output_handle h) const {
  if (outputs_ == nullptr) return nullptr;
  if (h.program_ != outputs_->serial || h.index_ >= values_.size()) {
    detail::foreign_output();
  }
  return output_error(h.index_);
}

SSPRULES_INLINE std::string decision::to_json() const {
  std::string out = "{\"id\":";
  if (has_id_)
    detail::append_json_string(out, id_);
  else
    out += "null";
  if (const auto& problem = error()) {
    out += ",\"error\":{\"code\":";
    detail::append_json_string(out, problem->code);
    out += ",\"message\":";
    detail::append_json_string(out, problem->message);
    if (!problem->field.empty()) {
      out += ",\"field\":";
      detail::append_json_string(out, problem->field);
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

SSPRULES_INLINE std::ostream& operator<<(std::ostream& os, const decision& d) {
  return os << d.to_json();
}

namespace detail {

// `decided_by` ("case 2", "row 3", "otherwise", …) in the language of the explanation.
inline std::string decided_by_in(const std::string& label, language lang) {
  const vocabulary& w = words(lang);
  if (label == "sensitive") return w.not_shown_sensitive;
  std::string out = label;
  // many rows of a `collect` table: the first few, then how many more
  if (out.rfind("rows ", 0) == 0) {
    const auto items = static_cast<std::size_t>(std::count(out.begin(), out.end(), ',')) + 1;
    if (items > shown_items) {
      std::size_t cut = 0;  // after the last item shown
      for (std::size_t k = 0; k < shown_items; ++k) cut = out.find(',', cut + 1);
      out = out.substr(0, cut) + ' ' + and_more(items - shown_items, lang);
    }
  }
  if (lang == language::en) return out;
  // the labels the evaluator writes, in English; longer prefixes first ("rows " before "row ")
  static const std::pair<std::string, const char * vocabulary::*> labels[] = {
      {english.expression, &vocabulary::expression},
      {english.collected_rows, &vocabulary::collected_rows},
      {english.no_row, &vocabulary::no_row},
      {english.otherwise, &vocabulary::otherwise},
      {std::string(english.case_) + ' ', &vocabulary::case_},
      {std::string(english.rows) + ' ', &vocabulary::rows},
      {std::string(english.row) + ' ', &vocabulary::row}};
  for (const auto& [prefix, field] : labels) {
    if (out.rfind(prefix, 0) != 0) continue;
    std::string word = w.*field;
    if (prefix.back() == ' ') word += ' ';
    return word + out.substr(prefix.size());
  }
  return out;
}

}  // namespace detail

SSPRULES_INLINE std::string decision::explain_text(language lang) const {
  const detail::vocabulary& w = detail::words(lang);
  const std::string source_line = std::string("  ") + w.source + ": ";
  std::string out;
  for (const explanation_step& s : steps_) {
    out += (s.output ? w.output : w.value) + (" " + s.rule) + " = " +
           (s.error ? w.error + (" " + s.error->code) + ": " + s.error->message
                    : s.result.to_string()) +
           '\n';
    if (s.error && !s.raised) {
      // a function's `error:` case that failed the rule: where it was raised
      for (const function_call& c : s.function_calls) {
        if (c.raised.empty()) continue;
        out +=
            "  " + c.call + " " + w.raised + " " + c.raised + " (" +
            detail::decided_by_in(c.decided_by, lang) +
            (c.line ? ", " + std::string(w.line) + " " + std::to_string(c.line) : std::string()) +
            ")\n";
      }
      out += detail::not_taken_text(s, lang);  // a table no row of which matched
      continue;
    }
    out += std::string("  ") + w.decided_by + " " + detail::decided_by_in(s.decided_by, lang);
    if (s.line) out += std::string(" (") + w.line + " " + std::to_string(s.line) + ")";
    out += '\n';
    if (!s.condition.empty()) out += std::string("    ") + w.when + " " + s.condition + '\n';
    if (!s.definition.empty()) out += std::string("    ") + w.gives + " " + s.definition + '\n';
    if (!s.used.empty()) {
      out += std::string("  ") + w.using_ + " ";
      for (std::size_t i = 0; i < s.used.size(); ++i) {
        out += (i ? ", " : "") + s.used[i].first + " = " + s.used[i].second.to_string();
      }
      out += '\n';
    }
    // the rows of a `collect` table may cite many sources: the first few, then how many more
    for (std::size_t i = 0; i < s.sources.size() && i < detail::shown_items; ++i) {
      const cited_source& c = s.sources[i];
      out += source_line + c.document;
      if (!c.title.empty()) out += " (" + c.title + ")";
      if (!c.section.empty()) out += ", " + c.section;
      if (!c.quote.empty()) out += ": \"" + c.quote + "\"";
      out += '\n';
    }
    if (s.sources.size() > detail::shown_items) {
      out += source_line + detail::and_more(s.sources.size() - detail::shown_items, lang) + '\n';
    }
    for (const working_day_call& c : s.working_days) {
      out += "  " + c.call + " = " + c.result;
      if (!c.skipped.empty()) {
        out += std::string(", ") + w.not_counting + " ";
        for (std::size_t i = 0; i < c.skipped.size(); ++i) {
          const skipped_day& k = c.skipped[i];
          out += (i ? "; " : "") + k.first.to_string();
          if (k.last != k.first) out += std::string(" ") + w.to + " " + k.last.to_string();
          out += " " + detail::skipped_reason(k.reason, lang);
        }
        if (c.more) out += "; " + detail::and_more(c.more, lang);
      }
      out += '\n';
    }
    for (const function_call& c : s.function_calls) {
      out += "  " + c.call +
             (c.raised.empty() ? " = " + c.result.to_string()
                               : " " + (w.raised + (" " + c.raised)) + " (" + c.decided_by + ")");
      for (std::size_t k = 0; k < c.arguments.size(); ++k) {
        out += (k ? std::string(", ") : std::string(" ") + w.with + " ") + c.arguments[k].first +
               " = " + c.arguments[k].second.to_string();
      }
      out += '\n';
      for (const cited_source& cs : c.sources) {
        out += "  " + source_line + cs.document;
        if (!cs.title.empty()) out += " (" + cs.title + ")";
        if (!cs.section.empty()) out += ", " + cs.section;
        if (!cs.quote.empty()) out += ": \"" + cs.quote + "\"";
        out += '\n';
      }
    }
    for (const list_aggregation& a : s.lists)
      out += "  " + detail::list_aggregation_text(a, lang) + '\n';
    out += detail::not_taken_text(s, lang);
  }
  return out;
}

namespace detail {

// Citations as the explanation's JSON writes them: `[{"doc", "title", "section", "quote"}]`.
inline void append_sources_json(std::string& out, const std::vector<cited_source>& sources) {
  out += '[';
  for (std::size_t i = 0; i < sources.size(); ++i) {
    const cited_source& c = sources[i];
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
  out += ']';
}

}  // namespace detail

SSPRULES_INLINE std::string decision::explanation_json() const {
  using detail::append_json_string;
  using detail::append_sources_json;
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
      out += '}';
      detail::append_not_taken_json(out, s);  // a table no row of which matched
      out += '}';
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
    out += "},\"sources\":";
    append_sources_json(out, s.sources);
    if (!s.working_days.empty()) {
      out += ",\"working_days\":[";
      for (std::size_t i = 0; i < s.working_days.size(); ++i) {
        const working_day_call& c = s.working_days[i];
        out += i ? ",{\"function\":" : "{\"function\":";
        append_json_string(out, c.function);
        out += ",\"call\":";
        append_json_string(out, c.call);
        out += ",\"result\":";
        append_json_string(out, c.result);
        out += ",\"skipped\":[";
        for (std::size_t k = 0; k < c.skipped.size(); ++k) {
          out += k ? ",{\"from\":\"" : "{\"from\":\"";
          out += c.skipped[k].first.to_string() + "\",\"to\":\"" + c.skipped[k].last.to_string() +
                 "\",\"reason\":";
          append_json_string(out, c.skipped[k].reason);
          out += '}';
        }
        out += "],\"more\":" + std::to_string(c.more) + '}';
      }
      out += ']';
    }
    if (!s.function_calls.empty()) {
      out += ",\"function_calls\":[";
      for (std::size_t i = 0; i < s.function_calls.size(); ++i) {
        const function_call& c = s.function_calls[i];
        out += i ? ",{\"function\":" : "{\"function\":";
        append_json_string(out, c.function);
        out += ",\"call\":";
        append_json_string(out, c.call);
        out += ",\"arguments\":{";
        for (std::size_t k = 0; k < c.arguments.size(); ++k) {
          if (k) out += ',';
          append_json_string(out, c.arguments[k].first);
          out += ':' + c.arguments[k].second.to_json();
        }
        out += "},\"result\":" + c.result.to_json() + ",\"sources\":";
        append_sources_json(out, c.sources);
        out += '}';
      }
      out += ']';
    }
    if (!s.lists.empty()) {
      out += ",\"lists\":[";
      for (std::size_t i = 0; i < s.lists.size(); ++i) {
        const list_aggregation& a = s.lists[i];
        out += i ? ",{\"expression\":" : "{\"expression\":";
        append_json_string(out, a.expression);
        out += ",\"kind\":";
        append_json_string(out, a.kind);
        out += ",\"list\":";
        append_json_string(out, a.list);
        out += ",\"condition\":";
        append_json_string(out, a.condition);
        out += ",\"items\":" + std::to_string(a.items) +
               ",\"matched\":" + std::to_string(a.matched) + ",\"shown\":[";
        for (std::size_t k = 0; k < a.shown.size(); ++k) {
          out += (k ? ",{\"item\":" : "{\"item\":") + std::to_string(a.shown[k].first) +
                 ",\"value\":" + a.shown[k].second.to_json() + '}';
        }
        out += "],\"result\":" + a.result.to_json() + '}';
      }
      out += ']';
    }
    detail::append_not_taken_json(out, s);
    out += '}';
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

SSPRULES_INLINE std::vector<value> input_values(const program& prog, const facts& record) {
  return detail::evaluator::input_values(prog.impl(), record);
}

SSPRULES_INLINE void evaluate_batch(const program& prog, const record_batch& records, date as_of,
                                    result_batch& out, unsigned threads) {
  detail::evaluator::evaluate_into(prog, records, as_of, out, threads);
}

SSPRULES_INLINE const std::vector<std::string>& result_batch::enum_names() const {
  return prog_.impl().policy->enum_values;
}

SSPRULES_INLINE value result_batch::get(std::size_t i, std::size_t j) const {
  return detail::evaluator::result_value(*this, i, j);
}

namespace detail {
[[noreturn]] inline void no_such_record(const char* what, std::size_t i, std::size_t size) {
  throw error(std::string("ssprules::result_batch::") + what + ": record " + std::to_string(i) +
              " of a batch of " + std::to_string(size) + " records");
}
}  // namespace detail

SSPRULES_INLINE const std::int64_t* result_batch::cell(std::size_t i, output_handle h,
                                                       bool (*reads)(type_kind) noexcept,
                                                       const char* wanted) const {
  if (i >= size_) detail::no_such_record("get", i, size_);
  const output_info& out = prog_.output(h);  // throws for a handle of another program
  if (!reads(out.type.kind)) {
    value::wrong_get(out.type.kind, wanted, "output `" + out.name + "`");
  }
  const std::size_t at = h.index() * size_ + i;
  return states_[at] == detail::state_present ? &values_[at] : nullptr;
}

SSPRULES_INLINE const std::string& result_batch::text_of(std::size_t j, std::int64_t bits) const {
  static const std::string none;
  switch (prog_.outputs()[j].type.kind) {
    case type_kind::enumeration:
      return enum_names()[static_cast<std::size_t>(bits)];
    case type_kind::string:
      return strings_[static_cast<std::size_t>(bits)];
    default:
      return none;
  }
}

SSPRULES_INLINE std::optional<std::size_t> result_batch::enum_index(std::size_t i,
                                                                    output_handle h) const {
  if (i >= size_) detail::no_such_record("enum_index", i, size_);
  const output_info& out = prog_.output(h);
  if (out.type.kind != type_kind::enumeration) {
    throw ssprules::error("ssprules::result_batch::enum_index: output `" + out.name + "` is " +
                          out.type.describe() + ", not an enum");
  }
  const std::size_t at = h.index() * size_ + i;
  if (states_[at] != detail::state_present) return std::nullopt;
  const std::string& name = enum_names()[static_cast<std::size_t>(values_[at])];
  const std::vector<std::string>& names = out.values();
  for (std::size_t k = 0; k < names.size(); ++k) {
    if (names[k] == name) return k;
  }
  SSPRULES_ASSERT(false && "an enum output's value is one of its type's values");
  return std::nullopt;
}

SSPRULES_INLINE const record_error* result_batch::output_error(std::size_t i,
                                                               output_handle h) const {
  if (i >= size_) detail::no_such_record("output_error", i, size_);
  (void)prog_.output(h);  // throws for a handle of another program
  if (error_of_[i] < 0) return nullptr;
  auto it = std::lower_bound(failed_runs_.begin(), failed_runs_.end(), i);
  if (it == failed_runs_.end() || *it != i) {
    // failed before its rules ran: the record's problem is every output's
    return &errors_[static_cast<std::size_t>(error_of_[i])];
  }
  const std::size_t row = static_cast<std::size_t>(it - failed_runs_.begin());
  const std::int32_t e = failed_run_errors_[row * names_->size() + h.index()];
  return e < 0 ? nullptr : &errors_[static_cast<std::size_t>(e)];
}

SSPRULES_INLINE std::string result_batch::to_json(std::size_t i, const std::string* id) const {
  std::string out = "{\"id\":";
  if (id)
    detail::append_json_string(out, *id);
  else
    out += "null";
  if (const record_error* e = error(i)) {
    out += ",\"error\":{\"code\":";
    detail::append_json_string(out, e->code);
    out += ",\"message\":";
    detail::append_json_string(out, e->message);
    if (!e->field.empty()) {
      out += ",\"field\":";
      detail::append_json_string(out, e->field);
    }
    out += "}}";
    return out;
  }
  for (std::size_t j = 0; j < names_->size(); ++j) {
    out += ',';
    detail::append_json_string(out, (*names_)[j]);
    out += ':';
    out += get(i, j).to_json();
  }
  out += '}';
  return out;
}

SSPRULES_INLINE void evaluate_in_blocks(const program& prog, std::size_t count, date as_of,
                                        unsigned threads, const block_source& source,
                                        const result_sink& sink, std::size_t block_rows) {
  (void)prog.impl();  // throws for an empty program, before any thread starts
  block_rows = std::max<std::size_t>(block_rows, 1);
  const std::size_t blocks = (count + block_rows - 1) / block_rows;
  struct block_memory {  // per thread, reused from block to block
    std::optional<record_batch> batch;
    result_batch out;
  };
  detail::for_each_block<block_memory>(blocks, threads, [&](block_memory& m, std::size_t b) {
    if (!m.batch) m.batch.emplace(prog);
    const std::size_t first = b * block_rows;
    const std::size_t rows = std::min(count, first + block_rows) - first;
    m.batch->clear();
    source(first, rows, *m.batch);
    if (m.batch->size() != rows) {
      throw error("evaluate_in_blocks: the source gave " + std::to_string(m.batch->size()) +
                  " records for a block of " + std::to_string(rows));
    }
    evaluate_batch(prog, *m.batch, as_of, m.out, 1);
    sink(m.out, first);
  });
}

SSPRULES_INLINE void evaluate_in_blocks(const program& prog, std::size_t count, date as_of,
                                        unsigned threads, const record_source& source,
                                        const result_sink& sink, std::size_t block_rows) {
  block_source blocks = [&](std::size_t first, std::size_t rows, record_batch& out) {
    thread_local facts record;  // per thread, reused from record to record
    for (std::size_t i = first; i < first + rows; ++i) {
      source(i, record);
      out.push_back(record);
    }
  };
  evaluate_in_blocks(prog, count, as_of, threads, blocks, sink, block_rows);
}

SSPRULES_INLINE std::vector<decision> evaluate_batch(const program& prog,
                                                     std::span<const facts> records, date as_of,
                                                     unsigned threads,
                                                     const evaluate_options& opts) {
  const detail::program_impl& p = prog.impl();
  std::vector<decision> out(records.size());
  constexpr std::size_t block = 256;  // decisions per block (each is a few allocations)
  const std::size_t blocks = (records.size() + block - 1) / block;
  detail::for_each_block<detail::frame>(blocks, threads, [&](detail::frame& f, std::size_t b) {
    for (std::size_t i = b * block; i < std::min(records.size(), (b + 1) * block); ++i) {
      date when = records[i].as_of().value_or(as_of);
      out[i] = detail::evaluator::make(p, records[i], when, opts, f);
    }
  });
  return out;
}

}  // namespace ssprules::inline SSPRULES_ABI
