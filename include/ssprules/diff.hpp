// Tools for policy authors: what a new version of a policy changes on the same case records.
//
//   ssprules::policy_diff diff(old_prog, new_prog, 10);
//   for each record: diff.add(decoded_for_old, decoded_for_new, as_of);   // any number
//   std::cout << ssprules::to_text(diff.report());
#pragma once
#include "ssprules/version.hpp"  // first: the C++20 check
#ifndef SSPRULES_FIRST_HEADER
#  define SSPRULES_FIRST_HEADER 7  // header-first: see the end of this file
#endif

#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "ssprules/compile.hpp"
#include "ssprules/evaluate.hpp"
#include "ssprules/record.hpp"

namespace ssprules::inline SSPRULES_ABI {

/// How many records took an output (or their error status) from one value to another. Values
/// are written as `value::to_string` writes them; a failed output as `error SR1xxx`; an error
/// status as `ok` or `error SR1xxx`.
/// Thread-compatible.
struct value_change {
  std::string from;
  std::string to;
  std::size_t records = 0;
};

/// The changes of one output that both versions have.
/// Thread-compatible.
struct output_diff {
  std::string output;
  std::size_t changed = 0;            ///< records whose value of this output changes
  std::vector<value_change> changes;  ///< per (old -> new) pair, most records first
  /// Changed records whose pair was not among the first `policy_diff::max_pairs` pairs seen
  /// (so that memory stays flat when, say, every date moves by a day).
  std::size_t other_changes = 0;
};

/// A record that changes: where it is, which outputs change, and both decisions with their
/// explanations (`decision::explain_text`).
/// Thread-compatible.
struct changed_record {
  std::size_t index = 0;  ///< 0-based position among the records added
  std::string id;
  std::vector<std::string> outputs;  ///< the outputs of both versions whose value changes
  decision old_decision;
  decision new_decision;
};

/// What changes between two versions of a policy on the records added so far.
/// Thread-compatible.
struct diff_report {
  std::string old_label;  ///< the old policy's `id version`; callers may put a path here
  std::string new_label;
  std::size_t records = 0;          ///< records compared
  std::size_t changed_records = 0;  ///< records whose outputs or error status change
  /// Every output both versions have, in the old version's order (`changed` 0: unchanged).
  /// Records whose error status changes are counted in `status_changes` only.
  std::vector<output_diff> outputs;
  std::vector<value_change> status_changes;   ///< `ok` / `error SR1xxx` pairs, most records first
  std::vector<std::string> only_old_outputs;  ///< outputs the new version drops
  std::vector<std::string> only_new_outputs;  ///< outputs the new version adds
  std::vector<std::string> only_old_inputs;   ///< inputs the new version no longer reads
  std::vector<std::string> only_new_inputs;   ///< inputs only the new version reads
  std::vector<changed_record> first_changed;  ///< the first `keep` changed records, in order
};

/// Compares two versions of a policy record by record, keeping counts and the first `keep`
/// changed records only: memory does not grow with the number of records.
/// Thread-compatible: add records from one thread at a time.
class policy_diff {
 public:
  /// The most (old -> new) pairs counted per output; later pairs go to `other_changes`.
  static constexpr std::size_t max_pairs = 50;

  /// A comparison of `old_policy` with `new_policy` (both valid programs) that keeps the first
  /// `keep` changed records with their explanations.
  policy_diff(program old_policy, program new_policy, std::size_t keep = 10);

  /// Evaluates one record with both versions on `as_of` (the record's own `as_of` wins) and
  /// counts what changes. `old_record` and `new_record` are the same raw record decoded for
  /// each version (`record_decoder`), since their inputs may differ.
  void add(const facts& old_record, const facts& new_record, date as_of);

  /// What changes on the records added so far.
  [[nodiscard]] diff_report report() const;

 private:
  using pair_counts = std::map<std::pair<std::string, std::string>, std::size_t>;

  program old_;
  program new_;
  std::size_t keep_;
  std::vector<std::pair<std::size_t, std::size_t>> common_;  // (old index, new index) outputs
  std::size_t records_ = 0;
  std::size_t changed_ = 0;
  std::vector<pair_counts> pairs_;       // per common output
  std::vector<std::size_t> changed_of_;  // per common output
  std::vector<std::size_t> other_of_;    // per common output
  pair_counts status_;
  std::vector<changed_record> first_;
};

/// The report as text for a terminal: counts per output and (old -> new) pair, error status
/// changes, outputs and inputs of only one version, then each kept record with the
/// explanations of its changed rules side by side in two columns of `width / 2` characters.
[[nodiscard]] std::string to_text(const diff_report& report, std::size_t width = 160);

}  // namespace ssprules::inline SSPRULES_ABI

// Header-first: in the one translation unit that defines SSPRULES_IMPLEMENTATION, the first
// ssprules header it includes brings every definition once it is complete (detail/config.hpp).
#if defined(SSPRULES_IMPLEMENTATION) && SSPRULES_FIRST_HEADER == 7
#  include "ssprules/impl/all.ipp"
#endif
