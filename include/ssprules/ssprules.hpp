// ssprules: declarative YAML policies for SSP case work. The umbrella header: the pipeline
// parse -> check -> compile -> evaluate, the record decoder and the test runner.
//
//   auto loaded = ssprules::load("rules/copenhagen/ssp-plus.yaml");   // parse + check + compile
//   ssprules::record_decoder decoder(loaded.prog);
//   ssprules::facts record;
//   decoder.decode(fields, record);
//   ssprules::decision d = ssprules::evaluate(loaded.prog, record, *ssprules::date::parse("2025-03-01"));
#pragma once

#include "ssprules/alternatives.hpp"
#include "ssprules/calendar.hpp"
#include "ssprules/decision_record.hpp"
#include "ssprules/check.hpp"
#include "ssprules/compile.hpp"
#include "ssprules/diagnostic.hpp"
#include "ssprules/diff.hpp"
#include "ssprules/doc.hpp"
#include "ssprules/error.hpp"
#include "ssprules/evaluate.hpp"
#include "ssprules/graph.hpp"
#include "ssprules/parse.hpp"
#include "ssprules/reader.hpp"
#include "ssprules/record.hpp"
#include "ssprules/source.hpp"
#include "ssprules/testing.hpp"
#include "ssprules/value.hpp"

// Header-only mode: the definitions come with the umbrella header (and are `inline`).
#ifdef SSPRULES_HEADER_ONLY
#  include "ssprules/impl/source.ipp"
#  include "ssprules/impl/diagnostic.ipp"
#  include "ssprules/impl/calendar.ipp"
#  include "ssprules/impl/value.ipp"
#  include "ssprules/impl/parse.ipp"
#  include "ssprules/impl/check.ipp"
#  include "ssprules/impl/machine.ipp"
#  include "ssprules/impl/compile.ipp"
#  include "ssprules/impl/record.ipp"
#  include "ssprules/impl/evaluate.ipp"
#  include "ssprules/impl/alternatives.ipp"
#  include "ssprules/impl/decision_record.ipp"
#  include "ssprules/impl/reader.ipp"
#  include "ssprules/impl/testing.ipp"
#  include "ssprules/impl/boundaries.ipp"
#  include "ssprules/impl/graph.ipp"
#  include "ssprules/impl/diff.ipp"
#  include "ssprules/impl/doc.ipp"
#endif
