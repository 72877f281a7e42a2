// Stage 4, evaluate: program + facts + evaluation date -> decision (outputs or per-record
// errors, and on request the explanation of every output).
#pragma once
#include "ssprules/version.hpp"  // first: the C++20 check
#ifndef SSPRULES_FIRST_HEADER
#  define SSPRULES_FIRST_HEADER 10  // header-first: see the end of this file
#endif

#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "ssprules/compile.hpp"
#include "ssprules/detail/codes.hpp"
#include "ssprules/record.hpp"
#include "ssprules/value.hpp"

namespace ssprules::inline SSPRULES_ABI {

namespace detail {
struct evaluator;
struct program_impl;
struct output_table;
/// Every rule's value for a record (in `program_impl::rules` order; missing where a rule failed
/// or the record was not evaluated), sensitive or not: for tools that evaluate records they
/// made up (boundary tests), never to show case data (explanations hide what they must).
[[nodiscard]] std::vector<value> rule_values(const program_impl& p, const facts& record,
                                             date as_of);
}  // namespace detail

/// A cited passage, resolved against the policy's `sources:`.
/// Thread-compatible.
struct cited_source {
  std::string document;  ///< the source's id
  std::string title;
  std::string section;
  std::string quote;
};

/// How one rule reached its value. What would show a sensitive input of the record is left
/// out: such an input, and a value (not an output) computed from one, is the string
/// `(present)` or `(absent)` in `result` and `used`; a case or row chosen by conditions that
/// read one is `decided_by` `"sensitive"`, without `condition` and `definition`, at the rule's
/// line.
/// A day a working-day function did not count, and why: `weekend`, or the names of the
/// holidays and closing days that fall on it with their sources.
/// Thread-compatible.
struct skipped_day {
  date first;
  date last;  ///< consecutive days with the same reason are one entry
  std::string reason;
};

/// A working-day function a step called (`add_working_days`, `working_day_on_or_after`,
/// `working_days_between`, `is_working_day`, `next_every_months`): the call as written, what it
/// gave, and the days it did not count.
/// Thread-compatible.
struct working_day_call {
  std::string function;  ///< its name, as `working_day_on_or_after`
  std::string call;
  std::string result;
  std::vector<skipped_day> skipped;  ///< in date order, at most 10 entries
  std::size_t more = 0;              ///< entries beyond those listed
};

/// A user function a step called: the call as written, its arguments by parameter name, what
/// it gave, and the function's citations.
/// Thread-compatible.
struct function_call {
  std::string function;
  std::string call;
  std::vector<std::pair<std::string, value>> arguments;
  value result;
  std::vector<cited_source> sources;
  std::string decided_by;  ///< "expression", "case 2", "otherwise": the part of its body
  std::uint32_t line = 0;  ///< where that part is in the file that defines the function
  std::string raised;      ///< the code of the `error:` that case raised (the call gave nothing)
};

/// What an aggregate over a list found (`count(r in police_reports where …)`, `some … satisfies
/// …`, `x in codes`): the items that met its condition (for `every`, the first that did not; for
/// `some` and `in`, the first that did), with their positions, and its result.
/// Thread-compatible.
struct list_aggregation {
  std::string expression;   ///< as written
  std::string list;         ///< the list as written (`police_reports`)
  std::string condition;    ///< the condition as written; empty when there is none
  std::string kind;         ///< `count`, `sum`, `min`, `max`, `some`, `every` or `in`
  std::size_t items = 0;    ///< how many items the list has
  std::size_t matched = 0;  ///< how many items the entries stand for (all that met it)
  std::vector<std::pair<std::size_t, value>> shown;  ///< (1-based position, item), at most 10
  value result;
};

/// One operand of a condition that did not hold: as written, and the value it had (missing
/// when it had none). Never a sensitive value: a step whose conditions read one lists no cases.
/// Thread-compatible.
struct compared_value {
  std::string expression;  ///< as written: `plan_deadline`, `23`, `[3, 4]`, `17..24`
  value result;            ///< missing for a literal (its text is its value) and when absent
  bool literal = false;    ///< a constant as written (it reads no input, parameter or rule)
};

/// Why a condition that did not hold was false (or, under a `not`, why a part was true): one
/// part of it, and what held instead. For a comparison, the operator that held between its
/// operands' values (`as_of <= plan_deadline` false: `as_of` 2025-03-01 `>` `plan_deadline`
/// 2018-11-06); for `x in [..]` and `lo..hi`, `in` or `not in`; for `present(x)`, a boolean
/// value and a part whose operands are computations, no relation and the one operand with its
/// value (`plan_approved_on` absent, `target_group` false).
/// Thread-compatible.
struct condition_fact {
  std::string part;      ///< as written: `as_of <= plan_deadline`; a table cell `age: 17..24`
  std::string relation;  ///< `==` `!=` `<` `<=` `>` `>=` `in` `not in`; empty: one operand
  std::vector<compared_value> operands;  ///< two with a relation, else one
};

/// A case (or table row) that was tried before the one that decided and did not hold, with the
/// parts that made its condition false.
/// Thread-compatible.
struct failed_case {
  std::string branch;      ///< "case 2", "row 3" (as `decided_by` names them)
  std::string condition;   ///< as written (a `when`; a row's cells as `age: 17..24, …`)
  std::uint32_t line = 0;  ///< where it is in the policy file
  std::vector<condition_fact> facts;  ///< at most 10, in the condition's order
  std::size_t more_facts = 0;         ///< false parts beyond those listed
};

/// One step of an explanation: how one rule reached its value (above). Thread-compatible.
struct explanation_step {
  std::string rule;
  bool output = false;
  value result;
  std::optional<record_error> error;  ///< when the rule failed
  /// The error is the policy's own, raised by the case in `decided_by` (`error:` of a case).
  bool raised = false;
  std::string decided_by;  ///< "expression", "case 2", "otherwise", "row 3", "rows 1, 4", …
  std::string condition;   ///< the deciding condition as written (a `when`, a row's cells)
  std::string definition;  ///< the deciding expression as written (`then`, `expr`)
  std::uint32_t line = 0;  ///< where the deciding part is in the policy file
  std::vector<std::pair<std::string, value>> used;  ///< inputs, parameters and values it read
  std::vector<cited_source> sources;
  std::vector<working_day_call> working_days;  ///< the working-day functions it called
  std::vector<function_call> function_calls;   ///< the user functions it called, in call order
  std::vector<list_aggregation> lists;         ///< what it counted, summed or looked for in lists
  /// The cases that were tried before the deciding one (all of them when `otherwise` decided)
  /// and the rows of a table no row of which matched (`otherwise`, or error SR1013): why each
  /// was false. At most 10; empty when the conditions read a sensitive input of the record.
  std::vector<failed_case> not_taken;
  std::size_t not_taken_more = 0;  ///< failed cases or rows beyond those listed
};

/// The language of a rendered explanation (the words around the policy's own names; the
/// policy's texts and the engine's error messages stay as they are).
enum class language : std::uint8_t { en, da };

/// The inputs of a decoded record as values, in `program::inputs()` order (missing where
/// absent or invalid). For decision records and tools; explanations are the way to show them.
[[nodiscard]] std::vector<value> input_values(const program& prog, const facts& record);

/// Options of one evaluation.
/// Thread-compatible.
struct evaluate_options {
  /// Record how each output was decided (costs nothing when false).
  bool explain = false;
};

/// The result for one record: a value or an error per output, the record's id, and the
/// explanation when asked for.
/// Immutable: safe to share between threads (nothing changes it once evaluated).
class decision {
 public:
  /// A decision that was never evaluated: not ok (SR1008), no outputs.
  decision() = default;

  /// True when the record was decided: every output has its value (a missing optional value
  /// counts). A record with an error is not decided and has every output missing.
  [[nodiscard]] bool ok() const noexcept { return names_ != nullptr && !error_.has_value(); }
  /// The first problem (the root cause, not its consequences), when not ok.
  [[nodiscard]] const std::optional<record_error>& error() const noexcept {
    return names_ != nullptr ? error_ : not_evaluated();
  }
  /// The record's id ("" when it had none).
  [[nodiscard]] const std::string& id() const noexcept { return id_; }
  /// The evaluation date used.
  [[nodiscard]] date as_of() const noexcept { return as_of_; }
  /// Output names, in declaration order (none for a decision never evaluated).
  [[nodiscard]] const std::vector<std::string>& names() const noexcept {
    static const std::vector<std::string> none;
    return names_ != nullptr ? *names_ : none;
  }
  /// Output values, in declaration order; all missing when the record has an error.
  [[nodiscard]] const std::vector<value>& values() const noexcept { return values_; }
  /// The problem that kept output `j` (in `names()` order) from a value; nullptr when the rules
  /// computing it succeeded (even if another output's problem makes the record an error).
  [[nodiscard]] const record_error* output_error(std::size_t j) const noexcept {
    return j < output_error_of_.size() && output_error_of_[j] >= 0
               ? &errors_[static_cast<std::size_t>(output_error_of_[j])]
               : nullptr;
  }
  /// The value of an output by name; nullptr when there is no such output.
  [[nodiscard]] const value* find(std::string_view name) const;

  /// Output `h` as `T`, checked (resolve `h` once: `prog.output("route")`): nullopt when the
  /// value is missing (an optional output without a value) or the record was not decided (an
  /// error; `error()` says why), never a silent 0. `T` is `bool`, `std::int64_t`, `decimal`,
  /// `date`, `std::string` or `std::string_view` (a string's text or an enum value's name,
  /// valid while the decision is): another `T` does not compile; a `T` that does not fit the
  /// output's declared type throws `ssprules::error` naming the output and the `get` that fits,
  /// as does a handle of another program.
  template <class T>
  [[nodiscard]] std::optional<T> get(output_handle h) const {
    using reader = detail::value_reader<T>;
    const value* v = output_value(h, &reader::reads, reader::name);
    if (v == nullptr || !v->present()) return std::nullopt;
    return v->template get<T>();
  }
  /// The index of enum output `h`'s value in `prog.output(h).values()` (the policy's order);
  /// nullopt when missing or not decided. Throws `ssprules::error` for an output that is not an
  /// enum or a handle of another program.
  [[nodiscard]] std::optional<std::size_t> enum_index(output_handle h) const;
  /// `output_error` of output `h`; throws `ssprules::error` for a handle of another program.
  [[nodiscard]] const record_error* output_error(output_handle h) const;
  /// Steps in evaluation order, when evaluated with `explain`.
  [[nodiscard]] const std::vector<explanation_step>& explanation() const noexcept { return steps_; }

  /// One JSON object: `{"id": …, "<output>": <value>, …}` or `{"id": …, "error": {…}}`.
  [[nodiscard]] std::string to_json() const;
  /// The explanation as indented text, one block per rule, in English or Danish (with a "not
  /// taken:" block for the cases tried before the deciding one); long lists (a `collect`
  /// table's rows and sources) show their first 10 items, then "and N more".
  [[nodiscard]] std::string explain_text(language lang = language::en) const;
  /// The explanation as a JSON array of steps (`rule`, `value`, `decided_by`, `condition`,
  /// `definition`, `line`, `used`, `sources`; `working_days`, `function_calls`, `lists` when
  /// it called working-day functions or user functions, or went over lists; `not_taken` when
  /// cases or rows were tried and did not hold).
  [[nodiscard]] std::string explanation_json() const;

 private:
  friend struct detail::evaluator;
  static const std::optional<record_error>& not_evaluated() noexcept {
    static const std::optional<record_error> e =
        record_error{detail::codes::malformed_record.id,
                     "the decision was never evaluated (a default-constructed decision)", ""};
    return e;
  }
  // output `h`'s value (nullptr for a decision never evaluated), after checking the handle and
  // that `reads` accepts the output's type (else throws, naming `wanted`)
  [[nodiscard]] const value* output_value(output_handle h, bool (*reads)(type_kind) noexcept,
                                          const char* wanted) const;
  std::string id_;
  bool has_id_ = false;
  date as_of_;
  std::shared_ptr<const std::vector<std::string>> names_;
  // the program's outputs (names_ shares its ownership: valid while names_ is)
  const detail::output_table* outputs_ = nullptr;
  std::vector<value> values_;
  // the record's distinct problems, each once, and per output the index of the one that hit
  // it (-1: none); both empty when ok()
  std::vector<record_error> errors_;
  std::vector<std::int32_t> output_error_of_;
  std::optional<record_error> error_;
  std::vector<explanation_step> steps_;
};

/// Writes `d` as one JSON object (as `decision::to_json`).
std::ostream& operator<<(std::ostream& os, const decision& d);

/// The outputs of many records, stored column by column (one array per output), without a
/// `decision` object per record: what `evaluate_batch` fills for a whole case register.
/// Thread-compatible: `evaluate_batch` fills it; then any number of threads may read it.
class result_batch {
 public:
  result_batch() = default;

  /// Number of records.
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  /// Output names, in declaration order.
  [[nodiscard]] const std::vector<std::string>& names() const noexcept { return *names_; }
  /// True when every output of record `i` has a value.
  [[nodiscard]] bool ok(std::size_t i) const noexcept { return error_of_[i] < 0; }
  /// The first problem of record `i` (the root cause), or nullptr when it is ok.
  [[nodiscard]] const record_error* error(std::size_t i) const noexcept {
    return error_of_[i] < 0 ? nullptr : &errors_[static_cast<std::size_t>(error_of_[i])];
  }
  /// Output `j` of record `i`; missing when the output failed or is a missing optional value.
  [[nodiscard]] value get(std::size_t i, std::size_t j) const;
  /// Record `i` as `decision::to_json` writes it, with the given id (or null).
  [[nodiscard]] std::string to_json(std::size_t i, const std::string* id) const;

  /// The raw column of output `j`: booleans 0/1, integers, decimals in millionths, dates as
  /// days since 1970-01-01, enums as indexes into `enum_names()`; strings and lists: use `get`.
  /// For bindings.
  [[nodiscard]] std::span<const std::int64_t> column(std::size_t j) const noexcept {
    return {values_.data() + j * size_, size_};
  }
  /// The names that enum columns index (one table for all enums of the policy).
  [[nodiscard]] const std::vector<std::string>& enum_names() const;
  /// Per record of output `j`: 0 present, 1 missing, 2 failed.
  [[nodiscard]] std::span<const std::uint8_t> states(std::size_t j) const noexcept {
    return {states_.data() + j * size_, size_};
  }

  /// Output `h` of record `i` as `T`, checked as `decision::get<T>` (resolve `h` once:
  /// `prog.output("route")`): nullopt when the value is missing or record `i` was not decided
  /// (`error(i)` says why). Reads the column, building no `value`; a `std::string_view` is valid
  /// while the batch is and until it is filled again. A `T` that does not fit the output's type,
  /// a handle of another program and `i >= size()` throw `ssprules::error`.
  template <class T>
  [[nodiscard]] std::optional<T> get(std::size_t i, output_handle h) const {
    using reader = detail::value_reader<T>;
    const std::int64_t* bits = cell(i, h, &reader::reads, reader::name);
    if (bits == nullptr) return std::nullopt;
    return reader::read(*bits, text_of(h.index(), *bits));
  }
  /// The index of enum output `h`'s value for record `i` in `prog.output(h).values()` (the
  /// policy's order), as `decision::enum_index`: nullopt when missing or not decided. Throws
  /// `ssprules::error` for an output that is not an enum, a handle of another program and
  /// `i >= size()`.
  [[nodiscard]] std::optional<std::size_t> enum_index(std::size_t i, output_handle h) const;
  /// The problem that kept output `h` of record `i` from a value, as `decision::output_error`:
  /// nullptr when the rules computing it succeeded (even if another output's problem makes the
  /// record an error); the record's problem for every output when the record failed before its
  /// rules ran (a bad input, a date out of force). Throws `ssprules::error` for a handle of
  /// another program and `i >= size()`.
  [[nodiscard]] const record_error* output_error(std::size_t i, output_handle h) const;

 private:
  friend struct detail::evaluator;
  // the raw value of output `h` for record `i` (nullptr when missing or failed), after checking
  // `i`, the handle and that `reads` accepts the output's type (else throws, naming `wanted`)
  [[nodiscard]] const std::int64_t* cell(std::size_t i, output_handle h,
                                         bool (*reads)(type_kind) noexcept,
                                         const char* wanted) const;
  // the text a raw value of output `j` stands for: an enum value's name, a string output's
  // text; an empty string for other kinds
  [[nodiscard]] const std::string& text_of(std::size_t j, std::int64_t bits) const;
  program prog_;
  std::size_t size_ = 0;
  std::shared_ptr<const std::vector<std::string>> names_;
  std::vector<std::int64_t> values_;    // output-major: values_[j * size_ + i]
  std::vector<std::uint8_t> states_;    // likewise
  std::vector<std::int32_t> error_of_;  // per record: index into errors_, -1 when ok
  std::vector<record_error> errors_;
  // the records that failed while their rules ran (ascending), and for each, per output, the
  // index into errors_ of the problem that hit it (-1: none): `output_error`. A record that
  // failed before (a bad input) is not listed: its problem is every output's
  std::vector<std::size_t> failed_runs_;
  std::vector<std::int32_t> failed_run_errors_;  // failed_runs_.size() * outputs
  std::vector<std::string> strings_;             // texts of string outputs; their values index it
  std::vector<std::vector<value>> lists_;        // collected lists; their values index it
};

/// Evaluates one record on `as_of` (the record's own `as_of` wins). Never throws for bad
/// data: problems are in the decision. Throws `ssprules::error` for an invalid program.
[[nodiscard]] decision evaluate(const program& prog, const facts& record, date as_of,
                                const evaluate_options& opts = {});

/// Evaluates many records: exactly one decision per record, in order. `threads` 0 means one
/// per hardware thread; the program is shared, never copied.
[[nodiscard]] std::vector<decision> evaluate_batch(const program& prog,
                                                   std::span<const facts> records, date as_of,
                                                   unsigned threads = 1,
                                                   const evaluate_options& opts = {});

/// Evaluates a batch of decoded records into `out` (resized; its memory is reused from call to
/// call): the fast path for whole registers, with no allocation per record. `threads` 0 means
/// one per hardware thread.
void evaluate_batch(const program& prog, const record_batch& records, date as_of, result_batch& out,
                    unsigned threads = 1);

/// Fills record `i` (0 <= i < count) of a source that `evaluate_in_blocks` reads in blocks.
using record_source = std::function<void(std::size_t i, facts& out)>;
/// Receives the results of records `first` .. `first + results.size() - 1`.
using result_sink = std::function<void(const result_batch& results, std::size_t first)>;

/// Decodes and evaluates `count` records in blocks of `block_rows` on `threads` threads (0: one
/// per hardware thread): the loop behind every whole-register evaluation (Python's
/// `evaluate_many`, DataFrames, Dask partitions), in flat memory whatever the count. Each
/// thread decodes a block with `source`, evaluates it as a `record_batch` and hands the results
/// to `sink`; `source` and `sink` are called from several threads at once (each block by one
/// thread; blocks in any order), so they must be safe for that. Every record yields exactly one
/// result. The first exception thrown by `source` or `sink` is rethrown once all threads stop.
void evaluate_in_blocks(const program& prog, std::size_t count, date as_of, unsigned threads,
                        const record_source& source, const result_sink& sink,
                        std::size_t block_rows = 16'384);

/// Fills `out` (empty, for the program) with records `first` .. `first + count - 1`
/// (`record_decoder::decode_columns` over those rows of a table's columns).
using block_source = std::function<void(std::size_t first, std::size_t count, record_batch& out)>;
/// The same loop for a source that decodes a block at a time.
void evaluate_in_blocks(const program& prog, std::size_t count, date as_of, unsigned threads,
                        const block_source& source, const result_sink& sink,
                        std::size_t block_rows = 16'384);

}  // namespace ssprules::inline SSPRULES_ABI

// Header-first: in the one translation unit that defines SSPRULES_IMPLEMENTATION, the first
// ssprules header it includes brings every definition once it is complete (detail/config.hpp).
#if defined(SSPRULES_IMPLEMENTATION) && SSPRULES_FIRST_HEADER == 10
#  include "ssprules/impl/all.ipp"
#endif
