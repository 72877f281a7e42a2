// "Why not" and "undetermined": what would have to differ for an output to take another value,
// and which outputs depend on optional inputs that are missing. Found by evaluating the record
// again with one input changed at a time, and on later dates.
#pragma once
#include "ssprules/version.hpp"  // first: the C++20 check
#ifndef SSPRULES_FIRST_HEADER
#  define SSPRULES_FIRST_HEADER 1  // header-first: see the end of this file
#endif

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ssprules/compile.hpp"
#include "ssprules/evaluate.hpp"
#include "ssprules/record.hpp"

namespace ssprules::inline SSPRULES_ABI {

/// A list input with one item fewer (`item` left out) or one more (a copy of `item` added).
/// Thread-compatible.
struct item_change {
  std::string input;
  bool added = false;
  std::size_t item = 0;  ///< 1-based position of the item left out or copied
  value item_value;
};

/// Another value a boolean or enum output would have, and the one change that gives it: an
/// input with another value, a list with one item fewer or more, or (when neither is set) a
/// later date, `from`.
/// Thread-compatible.
struct alternative {
  std::string output;
  value would_be;
  std::optional<std::pair<std::string, value>> changed;  ///< input -> its other value
  std::optional<date> from;          ///< the first later date with that value, nothing else changed
  std::optional<item_change> items;  ///< a list input with one item fewer or more
};

/// An output whose value depends on optional inputs that are missing: with some value of each
/// input in `missing`, the output would differ from `value_now`.
/// Thread-compatible.
struct undetermined_output {
  std::string output;
  value value_now;
  std::vector<std::string> missing;
};

/// A date output that `working_day_on_or_after` moved: it would be `would_be`, which is not a
/// working day (`reason`: the weekend, or the holiday's name and source), and is `is`, the next
/// working day.
/// Thread-compatible.
struct moved_to_working_day {
  std::string output;
  date would_be;
  date is;
  std::string reason;
};

/// The alternatives of one record. Complete: `render` shows the first few of a long list.
/// Thread-compatible.
struct alternatives {
  std::vector<alternative> why_not;
  std::vector<moved_to_working_day> moved;
  std::vector<undetermined_output> undetermined;
  /// How many evaluations the search made (its cost; bounded by the candidate values and the
  /// horizon, never by the width of a range).
  std::size_t evaluations = 0;
};

/// How far the search goes.
/// Thread-compatible.
struct alternatives_options {
  /// Days after the evaluation date searched for a change over time.
  int horizon_days = 3660;
  /// A list input is tried without each of its first this many items, and with a copy of each
  /// added (one item fewer or more).
  std::size_t list_items = 20;
  /// An integer input is tried at every value of its range when the range has at most this
  /// many values; otherwise at the values the policy compares it with, each with its
  /// neighbours, and at the ends of its range.
  std::int64_t max_range = 64;
};

/// Changes one input at a time (booleans flipped; the enum values some condition tells apart,
/// with one value standing for all the others; every value of a small integer range, or the
/// values the policy compares a wider one with, plus and minus one, and its ends; a present
/// optional made absent; a list with one of its first items left out, or one copied) and the
/// evaluation date (each day of the horizon), and reports the
/// boolean and enum outputs that change. Dates, strings and decimals are not varied (time is),
/// nor are sensitive inputs that have a value (another value would tell theirs); an output that
/// depends on a sensitive input the record has gets no alternatives at all (another date or
/// input that changed it would tell that input). A date output whose deadline fell on a day that
/// is not a working day and moved to the next one is in `moved` (sensitive ones excepted). For a
/// record that cannot be evaluated: empty.
[[nodiscard]] alternatives find_alternatives(const program& prog, const facts& record, date as_of,
                                             const alternatives_options& opts = {});

/// The alternatives as indented text ("why not:" / "undetermined:" sections; empty when
/// there are none), in English or Danish. Long lists are cut: per output the first 10 values,
/// per value the first 10 changes, then "and N more" ("og N flere").
[[nodiscard]] std::string render(const alternatives& a, language lang = language::en);

/// The whole explanation of one record: `decision::explain_text` followed by the
/// alternatives. What `ssprules explain` prints and Python's `Decision.explain()` returns.
[[nodiscard]] std::string explain_record(const program& prog, const facts& record, date as_of,
                                         language lang = language::en);

}  // namespace ssprules::inline SSPRULES_ABI

// Header-first: in the one translation unit that defines SSPRULES_IMPLEMENTATION, the first
// ssprules header it includes brings every definition once it is complete (detail/config.hpp).
#if defined(SSPRULES_IMPLEMENTATION) && SSPRULES_FIRST_HEADER == 1
#  include "ssprules/impl/all.ipp"
#endif
