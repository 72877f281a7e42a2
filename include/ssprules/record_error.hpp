// A per-record problem, as every stage that reads or evaluates records reports it.
#pragma once
#include "ssprules/version.hpp"  // first: the C++20 check
#ifndef SSPRULES_FIRST_HEADER
#  define SSPRULES_FIRST_HEADER 15  // header-first: see the end of this file
#endif

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>

#include "ssprules/detail/codes.hpp"

namespace ssprules::inline SSPRULES_ABI {

/// Every code of docs/diagnostics.md (SR0xxx diagnostics, SR1xxx per-record errors) as an
/// enumerator named for what it means, in ascending order of id: `required_input_missing` is
/// SR1001. Generated from the one registry (detail/codes.hpp), so each code has exactly one
/// enumerator; the strings stay the stable names (files, JSON, Python), the enum is for `switch`.
enum class error_code : std::uint16_t {
#define SSPRULES_ERROR_CODE_ENUMERATOR(name, id, meaning, anchor) name,
  SSPRULES_CODES(SSPRULES_ERROR_CODE_ENUMERATOR)
#undef SSPRULES_ERROR_CODE_ENUMERATOR
};

static_assert(std::size(detail::all_codes) == std::size(detail::code_names) &&
                  std::size(detail::all_codes) < 0xFFFF,
              "one enumerator of error_code per entry of detail::all_codes");

/// The id of a code: `to_string(error_code::required_input_missing)` is `SR1001`.
[[nodiscard]] constexpr std::string_view to_string(error_code code) noexcept {
  const auto i = static_cast<std::size_t>(code);
  return i < std::size(detail::all_codes) ? detail::all_codes[i]->id : std::string_view();
}

/// The enumerator of a code's id (`SR1001`); nullopt for text that is no code of ssprules, as
/// a policy's own code raised by an `error:` case (`FJ0001`).
[[nodiscard]] constexpr std::optional<error_code> to_error_code(std::string_view id) noexcept {
  if (!detail::well_formed_code(id)) return std::nullopt;
  for (std::size_t i = 0; i < std::size(detail::all_codes); ++i) {
    if (detail::all_codes[i]->id == id) return static_cast<error_code>(i);
  }
  return std::nullopt;
}

/// A per-record problem: a stable code (SR1xxx, see docs/diagnostics.md, or the policy's own code
/// of an `error:` case), a message that names fields and rules but never the values of a case,
/// and the field concerned (if any). Thread-compatible: a plain value.
struct record_error {
  std::string code;
  std::string message;
  std::string field;
  /// The code as an enumerator (`error_code::required_input_missing`); nullopt for a policy's
  /// own code (`error:` of a case), which has no enumerator.
  [[nodiscard]] std::optional<error_code> code_enum() const noexcept { return to_error_code(code); }
  friend bool operator==(const record_error&, const record_error&) = default;
};

}  // namespace ssprules::inline SSPRULES_ABI

// Header-first: in the one translation unit that defines SSPRULES_IMPLEMENTATION, the first
// ssprules header it includes brings every definition once it is complete (detail/config.hpp).
#if defined(SSPRULES_IMPLEMENTATION) && SSPRULES_FIRST_HEADER == 15
#  include "ssprules/impl/all.ipp"
#endif
