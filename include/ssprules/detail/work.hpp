// A count of the work the library does, for tests of how its cost grows with the input
// (docs/hardening.md, "Costs that grow with the input"). No stability promise.
#pragma once

#include <cstdint>

#include "ssprules/version.hpp"

namespace ssprules::inline SSPRULES_ABI::detail {

/// Units of work done on this thread so far; never reset by the library. A test reads it
/// before and after a call and compares the difference with the input's size, or the
/// differences at sizes N and 2N (about 2 when linear, 4 when quadratic), instead of timing
/// the call. Counted where the work grows with the input:
///   - parse: each YAML node read, each byte the YAML nesting pre-check scans, each byte a
///     scalar's positions are aligned over, each token the expression lexer reads (1 + its
///     bytes), each byte walked to find a column (`source::position_of`);
///   - check: each expression node typed, each enum value declared, joined, compared or
///     assigned, each step of a decision table's analysis, each step of a quote search
///     (`find_all`), each edge a dependency cycle's search follows, each period looked up by
///     name and each version and period walked for a rule's coverage;
///   - compile: each expression node lowered, each date segment made and each parameter value
///     it holds, each parameter change picked and each parameter read looked at, each run of an
///     assertion (times its parameters);
///   - evaluate with an explanation: each input and rule (and its dependencies) of the
///     record's sensitivity pass (`program_impl::sensitivity_of`);
///   - doc (`policy_html`): each symbol, checked rule and dependency the page indexes, each rule
///     it writes and each name in a rule's "uses" and "used by" lists.
/// A loop over input-sized data that counts nothing can hide a regression from these tests:
/// new loops count their steps too.
inline thread_local std::uint64_t work_done = 0;

/// Adds `units` to `work_done`.
inline void count_work(std::uint64_t units = 1) noexcept { work_done += units; }

}  // namespace ssprules::inline SSPRULES_ABI::detail
