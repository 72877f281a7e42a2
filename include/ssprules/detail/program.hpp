// The compiled form of a policy: the machine's code (detail/machine.hpp) with the public
// descriptions of inputs, outputs and periods, the record layout the decoder fills, and the
// days on which parameters change. Compile's product; no stability promise.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ssprules/compile.hpp"
#include "ssprules/detail/checked.hpp"
#include "ssprules/detail/machine.hpp"
#include "ssprules/detail/work.hpp"
#include "ssprules/version.hpp"

namespace ssprules::inline SSPRULES_ABI::detail {

/// A stretch of days with the same period and parameter values.
struct segment {
  std::int32_t from = 0;
  std::int32_t period = -1;              ///< index into periods, -1: not in force
  std::vector<std::int64_t> parameters;  ///< by parameter index
};

/// A hash of strings that also takes a `std::string_view`, so that a map keyed by `std::string`
/// is searched with a view, without copying it (`std::equal_to<>` beside it).
struct string_hash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept {
    return std::hash<std::string_view>{}(s);
  }
};

/// How the decoder reads one value: an input, or one field of the items of a list input.
struct value_slot {
  std::string name;  ///< the input's, or the field's ("" for the items of a list of scalars)
  type_info type;
  bool required = true;
  std::optional<std::int64_t> min, max;
  /// value name -> enum value id (searched with a view: no allocation per record)
  std::unordered_map<std::string, std::uint32_t, string_hash, std::equal_to<>> enum_ids;
};

/// What a decision keeps of its program's outputs (shared, so that a decision may outlive its
/// program): their names and descriptions, and the program's serial, which output handles are
/// checked against.
struct output_table {
  std::uint64_t serial = 0;
  std::vector<std::string> names;
  std::vector<output_info> outputs;
};

/// What the decoder needs to know about an input.
struct input_slot : value_slot {
  bool sensitive = false;  // explanations show only whether it is present
  std::optional<std::int64_t> default_bits;
  /// A list: how its items are read, one slot per field of a record (else one). Each item takes
  /// `items.size()` registers in the item arena (detail/machine.hpp: list references).
  std::vector<value_slot> items;
};

/// A compiled policy.
struct program_impl : machine_code {
  checked_rules checked;
  std::vector<input_info> inputs_info;
  std::vector<output_info> outputs_info;
  std::vector<period_info> periods_info;
  std::shared_ptr<const output_table> outputs_table;
  /// `outputs_table->names`, sharing its ownership
  std::shared_ptr<const std::vector<std::string>> output_names;

  std::vector<input_slot> inputs;
  std::uint32_t symbol_count = 0;  ///< inputs, parameters and rules: registers 0 .. count - 1
  std::uint32_t as_of_slot = 0;    ///< == symbol_count: the evaluation date
  std::uint32_t input_count = 0;
  std::uint32_t parameter_count = 0;

  std::vector<std::uint32_t> output_rules;  ///< per output: index into rules
  std::vector<std::uint32_t> output_slots;  ///< per output: its register
  std::vector<std::uint8_t> output_shifts;  ///< per output: 32 for dates (to days), else 0
  bool pooled_outputs = false;  ///< some output is a string or a list (kept outside its slot)
  std::vector<std::int32_t> breakpoints;  ///< ascending; segments[i] starts at breakpoints[i]
  std::vector<segment> segments;

  /// Sensitivity follows the dependency graph: per register of an input or a rule (others
  /// false), `depends` says whether its value depends, through any rule, on a sensitive input
  /// that the record has; `shows` whether its value would show one: the same, except that an
  /// output's value is shown in every decision anyway, so neither an output nor what is
  /// computed from outputs alone shows more. A record that lacks all of them shows nothing of
  /// them. Both are empty when the policy has no sensitive input.
  struct sensitivity {
    std::vector<bool> depends, shows;
    [[nodiscard]] bool depends_on(std::uint32_t slot) const {
      return slot < depends.size() && depends[slot];
    }
    [[nodiscard]] bool would_show(std::uint32_t slot) const {
      return slot < shows.size() && shows[slot];
    }
  };
  bool any_sensitive = false;  ///< some input is sensitive

  /// The sensitivity of every register for one record (`has(i)`: input index `i` has a value,
  /// given or by default): one pass over the rules in dependency order, so that its cost is
  /// the policy's size, never rules x sensitive inputs (a set per rule, as compile kept, was
  /// quadratic on a chain that reads a sensitive input at each step).
  template <class Has>
  [[nodiscard]] sensitivity sensitivity_of(Has&& has) const {
    sensitivity out;
    if (!any_sensitive) return out;
    out.depends.assign(symbol_count, false);
    out.shows.assign(symbol_count, false);
    for (std::uint32_t i = 0; i < input_count; ++i) {
      if (inputs[i].sensitive && has(i)) out.depends[i] = out.shows[i] = true;  // register i
    }
    count_work(input_count);
    for (const compiled_rule& r : rules) {
      count_work(1 + r.deps.size());
      bool depends = false;
      bool shows = false;
      for (std::uint32_t d : r.deps) {
        if (d >= symbol_count) continue;
        depends = depends || out.depends[d];
        shows = shows || out.shows[d];
      }
      out.depends[r.slot] = depends;
      out.shows[r.slot] = shows && r.output < 0;
    }
    return out;
  }

  /// The segment containing day `d`.
  [[nodiscard]] const segment& segment_at(std::int32_t d) const;
  /// The index of that segment.
  [[nodiscard]] std::size_t segment_index(std::int32_t d) const;
};

}  // namespace ssprules::inline SSPRULES_ABI::detail
