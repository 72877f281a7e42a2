// Stage 4, evaluate: program + facts + evaluation date -> decision (outputs or per-record
// errors, and on request the explanation of every output).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "ssprules/compile.hpp"
#include "ssprules/record.hpp"
#include "ssprules/value.hpp"

namespace ssprules {

namespace detail {
struct evaluator;
}

/// A cited passage, resolved against the policy's `sources:`.
struct cited_source {
  std::string document;  ///< the source's id
  std::string title;
  std::string section;
  std::string quote;
};

/// How one rule reached its value.
struct explanation_step {
  std::string rule;
  bool output = false;
  value result;
  std::optional<record_error> error;  ///< when the rule failed
  std::string decided_by;  ///< "expression", "case 2", "otherwise", "row 3", "rows 1, 4", …
  std::string condition;   ///< the deciding condition as written (a `when`, a row's cells)
  std::string definition;  ///< the deciding expression as written (`then`, `expr`)
  std::uint32_t line = 0;  ///< where the deciding part is in the policy file
  std::vector<std::pair<std::string, value>> used;  ///< inputs, parameters and values it read
  std::vector<cited_source> sources;
};

/// Options of one evaluation.
struct evaluate_options {
  /// Record how each output was decided (costs nothing when false).
  bool explain = false;
};

/// The result for one record: a value or an error per output, the record's id, and the
/// explanation when asked for.
class decision {
 public:
  /// True when every output has a value.
  [[nodiscard]] bool ok() const noexcept { return !error_.has_value(); }
  /// The first problem (the root cause, not its consequences), when not ok.
  [[nodiscard]] const std::optional<record_error>& error() const noexcept { return error_; }
  /// The record's id ("" when it had none).
  [[nodiscard]] const std::string& id() const noexcept { return id_; }
  /// The evaluation date used.
  [[nodiscard]] date as_of() const noexcept { return as_of_; }
  /// Output names, in declaration order.
  [[nodiscard]] const std::vector<std::string>& names() const noexcept { return *names_; }
  /// Output values, in declaration order; a failed output is a missing value.
  [[nodiscard]] const std::vector<value>& values() const noexcept { return values_; }
  /// The problem of each output (nullopt where it has a value).
  [[nodiscard]] const std::vector<std::optional<record_error>>& output_errors() const noexcept {
    return output_errors_;
  }
  /// The value of an output by name; nullptr when there is no such output.
  [[nodiscard]] const value* find(std::string_view name) const;
  /// Steps in evaluation order, when evaluated with `explain`.
  [[nodiscard]] const std::vector<explanation_step>& explanation() const noexcept {
    return steps_;
  }

  /// One JSON object: `{"id": …, "<output>": <value>, …}` or `{"id": …, "error": {…}}`.
  [[nodiscard]] std::string to_json() const;
  /// The explanation as indented text, one block per rule.
  [[nodiscard]] std::string explain_text() const;
  /// The explanation as a JSON array of steps (`rule`, `value`, `decided_by`, `condition`,
  /// `definition`, `line`, `used`, `sources`).
  [[nodiscard]] std::string explanation_json() const;

 private:
  friend struct detail::evaluator;
  std::string id_;
  bool has_id_ = false;
  date as_of_;
  std::shared_ptr<const std::vector<std::string>> names_;
  std::vector<value> values_;
  std::vector<std::optional<record_error>> output_errors_;
  std::optional<record_error> error_;
  std::vector<explanation_step> steps_;
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

}  // namespace ssprules
