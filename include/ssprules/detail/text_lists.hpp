// Long lists in rendered text (explanations, "why not"): the first few items, then "and N
// more". The structured forms (explanation_step, alternatives, JSON) stay complete. No
// stability promise.
#pragma once

#include <cstddef>
#include <string>

#include "ssprules/evaluate.hpp"
#include "ssprules/version.hpp"

namespace ssprules::inline SSPRULES_ABI::detail {

/// How many items of one list a rendered text shows before "and N more".
inline constexpr std::size_t shown_items = 10;

/// The words for the `n` items left out of a list: "and 12 more", "og 12 flere".
inline std::string and_more(std::size_t n, language lang) {
  return (lang == language::da ? "og " : "and ") + std::to_string(n) +
         (lang == language::da ? " flere" : " more");
}

/// Why a working-day function skipped a day (`skipped_day::reason`: "weekend", or a holiday's
/// name and source, "…, on the weekend" when it falls on one), in the explanation's language.
inline std::string skipped_reason(std::string reason, language lang) {
  if (lang != language::da) return reason;
  if (auto at = reason.find(", on the weekend"); at != std::string::npos)
    reason.replace(at, 16, ", i weekenden");
  return reason;  // "weekend" is the Danish word too
}

}  // namespace ssprules::inline SSPRULES_ABI::detail
