// Long lists in rendered text (explanations, "why not"): the first few items, then "and N
// more". The structured forms (explanation_step, alternatives, JSON) stay complete. No
// stability promise.
#pragma once

#include <cstddef>
#include <string>

#include "ssprules/evaluate.hpp"

namespace ssprules::detail {

/// How many items of one list a rendered text shows before "and N more".
inline constexpr std::size_t shown_items = 10;

/// The words for the `n` items left out of a list: "and 12 more", "og 12 flere".
inline std::string and_more(std::size_t n, language lang) {
  return (lang == language::da ? "og " : "and ") + std::to_string(n) +
         (lang == language::da ? " flere" : " more");
}

}  // namespace ssprules::detail
