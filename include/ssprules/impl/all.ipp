// The definitions of the whole library, for the one translation unit that defines
// `SSPRULES_IMPLEMENTATION` (every public header includes this file at its end in that unit;
// elsewhere nothing includes it). The compiled library builds the same files one per stage
// (src/*.cpp).
#pragma once

#ifndef SSPRULES_IMPLEMENTATION
#  error "ssprules/impl/all.ipp is for the translation unit that defines SSPRULES_IMPLEMENTATION"
#endif

// the declarations first, then the definitions in pipeline order
// clang-format off
#include "ssprules/ssprules.hpp"

#include "ssprules/impl/source.ipp"
#include "ssprules/impl/diagnostic.ipp"
#include "ssprules/impl/calendar.ipp"
#include "ssprules/impl/value.ipp"
#include "ssprules/impl/parse.ipp"
#include "ssprules/impl/check.ipp"
#include "ssprules/impl/machine.ipp"
#include "ssprules/impl/compile.ipp"
#include "ssprules/impl/record.ipp"
#include "ssprules/impl/evaluate.ipp"
#include "ssprules/impl/alternatives.ipp"
#include "ssprules/impl/decision_record.ipp"
#include "ssprules/impl/reader.ipp"
#include "ssprules/impl/testing.ipp"
#include "ssprules/impl/boundaries.ipp"
#include "ssprules/impl/graph.ipp"
#include "ssprules/impl/diff.ipp"
#include "ssprules/impl/doc.ipp"
#include "ssprules/impl/policy_store.ipp"
// clang-format on
