// Long lists in rendered text (explanations, "why not"): the first few items, then "and N
// more". The structured forms (explanation_step, alternatives, JSON) stay complete. No
// stability promise.
#pragma once

#include <cstddef>
#include <string>

#include "ssprules/detail/vocabulary.hpp"
#include "ssprules/evaluate.hpp"
#include "ssprules/version.hpp"

namespace ssprules::inline SSPRULES_ABI::detail {

/// How many items of one list a rendered text shows before "and N more".
inline constexpr std::size_t shown_items = 10;

/// The words for the `n` items left out of a list: "and 12 more", "og 12 flere".
inline std::string and_more(std::size_t n, language lang) {
  return fill(words(lang).and_more, {std::to_string(n)});
}

/// Why a working-day function skipped a day (`skipped_day::reason`: "weekend", or a holiday's
/// name and source, "…, on the weekend" when it falls on one), in the explanation's language.
inline std::string skipped_reason(std::string reason, language lang) {
  if (lang == language::en) return reason;
  const std::string as_written = std::string(", ") + english.on_the_weekend;
  if (auto at = reason.find(as_written); at != std::string::npos)
    reason.replace(at, as_written.size(), std::string(", ") + words(lang).on_the_weekend);
  return reason;  // "weekend" is the Danish word too
}

}  // namespace ssprules::inline SSPRULES_ABI::detail
