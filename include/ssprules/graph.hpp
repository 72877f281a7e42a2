// Tools for policy authors: the dependency graph of a checked policy as Graphviz DOT.
#pragma once
#include "ssprules/version.hpp"  // first: the C++20 check
#ifndef SSPRULES_FIRST_HEADER
#  define SSPRULES_FIRST_HEADER 11  // header-first: see the end of this file
#endif

#include <string>

#include "ssprules/check.hpp"

namespace ssprules::inline SSPRULES_ABI {

/// The dependency graph of a policy (inputs and parameters -> values -> outputs) as a Graphviz
/// DOT `digraph`, left to right: one node per name in declaration order, labelled with its name
/// and type and shaped and coloured by kind, then one edge per use (`from -> to`: `to` uses
/// `from`), sorted. The same policy always gives the same text. Render it with `dot -Tsvg`.
[[nodiscard]] std::string to_dot(const checked_rules& rules);

}  // namespace ssprules::inline SSPRULES_ABI

// Header-first: in the one translation unit that defines SSPRULES_IMPLEMENTATION, the first
// ssprules header it includes brings every definition once it is complete (detail/config.hpp).
#if defined(SSPRULES_IMPLEMENTATION) && SSPRULES_FIRST_HEADER == 11
#  include "ssprules/impl/all.ipp"
#endif
