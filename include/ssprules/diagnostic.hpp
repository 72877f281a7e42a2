// Diagnostics: what every stage reports about the user's rules, rendered like a compiler.
#pragma once
#include "ssprules/version.hpp"  // first: the C++20 check
#ifndef SSPRULES_FIRST_HEADER
#  define SSPRULES_FIRST_HEADER 6  // header-first: see the end of this file
#endif

#include <optional>
#include <string>
#include <vector>

#include "ssprules/error.hpp"
#include "ssprules/record_error.hpp"
#include "ssprules/source.hpp"

namespace ssprules::inline SSPRULES_ABI {

/// How bad a diagnostic is: errors stop a policy from compiling, warnings do not.
enum class severity { error, warning };

/// A secondary message attached to a diagnostic: a hint, or a related place.
/// Thread-compatible.
struct note {
  std::string message;
  source_span at;  ///< may point nowhere (a plain hint)
};

/// One finding about a policy: a stable code (`SR0101`…, see docs/diagnostics.md), a one-line
/// lowercase message with user names in backticks, where it is, and notes.
/// Thread-compatible.
struct diagnostic {
  severity level = severity::error;
  std::string code;
  std::string message;
  source_span at;
  std::vector<note> notes;
  /// The code as an enumerator (`error_code::unknown_name`), for `switch`; nullopt for text
  /// that is no code of ssprules (a diagnostic a caller made up).
  [[nodiscard]] std::optional<error_code> code_enum() const noexcept { return to_error_code(code); }
};

/// Renders `file:line:column: error[CODE]: message`, the source line, a caret under the span
/// and the notes, each line ending in '\n'.
[[nodiscard]] std::string render(const diagnostic& d);
/// Renders each diagnostic in order.
[[nodiscard]] std::string render(const std::vector<diagnostic>& ds);
/// "2 errors, 1 warning" style summary; empty when there are none.
[[nodiscard]] std::string summarize(const std::vector<diagnostic>& ds);
/// True when any diagnostic is an error.
[[nodiscard]] bool has_errors(const std::vector<diagnostic>& ds) noexcept;

/// Thrown by the `*_or_throw` helpers: a policy that does not check, with all its diagnostics.
/// Immutable: safe to share between threads, as `std::runtime_error`.
class rules_error : public error {
 public:
  explicit rules_error(std::vector<diagnostic> diagnostics);
  /// Every diagnostic, in the order they were found.
  [[nodiscard]] const std::vector<diagnostic>& diagnostics() const noexcept { return diagnostics_; }

 private:
  std::vector<diagnostic> diagnostics_;
};

}  // namespace ssprules::inline SSPRULES_ABI

// Header-first: in the one translation unit that defines SSPRULES_IMPLEMENTATION, the first
// ssprules header it includes brings every definition once it is complete (detail/config.hpp).
#if defined(SSPRULES_IMPLEMENTATION) && SSPRULES_FIRST_HEADER == 6
#  include "ssprules/impl/all.ipp"
#endif
