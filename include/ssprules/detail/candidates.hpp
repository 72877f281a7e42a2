// The values of an input worth trying when a tool varies it ("why not", boundary tests): a
// bounded set found in what the policy compares the input with, never the whole range of a
// wide integer or every value of a large enum that no condition tells apart. No stability
// promise.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ssprules/detail/checked.hpp"
#include "ssprules/version.hpp"

namespace ssprules::inline SSPRULES_ABI::detail {

/// The number of whole numbers from `lo` to `hi` (0 when `hi < lo`), saturating: the full
/// 64-bit range has 2^64 of them, counted as UINT64_MAX. Never overflows.
constexpr std::uint64_t range_size(std::int64_t lo, std::int64_t hi) noexcept {
  if (hi < lo) return 0;
  // two's complement difference: exact in 64 unsigned bits
  const std::uint64_t gap = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
  return gap == UINT64_MAX ? gap : gap + 1;
}

/// What a policy does with one input's value.
struct input_use {
  /// The constants it is compared with (`x < 18`, `x in [a, b]`, `x in 3..5`, a table cell
  /// under a column `x`, the values of a parameter it is compared with): integers as values,
  /// enum values as their ids. Ascending, distinct.
  std::vector<std::int64_t> constants;
  /// Read in some other way (an output's value, arithmetic, a function's argument, compared
  /// with another value): then any value may matter.
  bool opaque = false;
};

/// How the rules of a policy use each of its inputs (in `checked_policy::inputs` order). One
/// walk over the checked policy: linear in its size.
[[nodiscard]] std::vector<input_use> uses_of_inputs(const checked_policy& cp);

/// The integers of an input's range (`min`..`max`, open when absent) worth trying: every one
/// when both bounds are given and there are at most `every_up_to`; otherwise the bounds that
/// are given, 0 when inside, and each constant of `use` with its neighbours (minus one, itself,
/// plus one) inside the range. Ascending; at most 3 + 3 per constant, whatever the range.
[[nodiscard]] std::vector<std::int64_t> integer_candidates(const input_use& use,
                                                           std::optional<std::int64_t> min,
                                                           std::optional<std::int64_t> max,
                                                           std::uint64_t every_up_to);

/// The values of an enum input (`values`, its names in declaration order) worth trying:
/// every one when the input is read opaquely; otherwise those the policy compares it with and
/// the first other one, which stands for all the others (no condition tells them apart).
/// In declaration order.
[[nodiscard]] std::vector<std::string> enum_candidates(const checked_policy& cp,
                                                       const input_use& use,
                                                       const std::vector<std::string>& values);

}  // namespace ssprules::inline SSPRULES_ABI::detail
