// ssprules: declarative YAML policies for SSP case work. The umbrella header: the pipeline
// parse -> check -> compile -> evaluate, the record decoder and the test runner.
//
//   auto loaded = ssprules::load("rules/copenhagen/ssp-plus.yaml");   // parse + check + compile
//   ssprules::record_decoder decoder(loaded.prog);
//   ssprules::facts record;
//   decoder.decode(fields, record);
//   ssprules::decision d = ssprules::evaluate(loaded.prog, record,
//   *ssprules::date::parse("2025-03-01"));
#pragma once
#include "ssprules/version.hpp"  // first: the C++20 check
#ifndef SSPRULES_FIRST_HEADER
#  define SSPRULES_FIRST_HEADER 17  // header-first: see the end of this file
#endif

#include "ssprules/alternatives.hpp"
#include "ssprules/calendar.hpp"
#include "ssprules/check.hpp"
#include "ssprules/compile.hpp"
#include "ssprules/decision_record.hpp"
#include "ssprules/diagnostic.hpp"
#include "ssprules/diff.hpp"
#include "ssprules/doc.hpp"
#include "ssprules/error.hpp"
#include "ssprules/evaluate.hpp"
#include "ssprules/graph.hpp"
#include "ssprules/parse.hpp"
#include "ssprules/policy_store.hpp"
#include "ssprules/reader.hpp"
#include "ssprules/record.hpp"
#include "ssprules/source.hpp"
#include "ssprules/terminal.hpp"
#include "ssprules/testing.hpp"
#include "ssprules/value.hpp"

// Header-first: in the one translation unit that defines SSPRULES_IMPLEMENTATION, the first
// ssprules header it includes brings every definition once it is complete (detail/config.hpp).
#if defined(SSPRULES_IMPLEMENTATION) && SSPRULES_FIRST_HEADER == 17
#  include "ssprules/impl/all.ipp"
#endif
