// The bundled calendars of holidays (`holidays: denmark`), made from calendars/*.yaml by
// scripts/embed-calendars.py: do not edit by hand. No stability promise.
#pragma once

#include <string_view>

#include "ssprules/version.hpp"

namespace ssprules::inline SSPRULES_ABI::detail {

/// A bundled calendar: the name policies use and its YAML text.
struct bundled_calendar {
  std::string_view name;
  std::string_view text;
};

// clang-format off
inline constexpr bundled_calendar bundled_calendars[] = {
    {"denmark", R"yaml(# The Danish public holidays (folkekirkens helligdage) that are not Sundays, for working-day
# calendars: `calendar: working_days: {holidays: denmark}`. Installed with ssprules and built
# into the library (include/ssprules/detail/bundled_calendars.hpp, made from this file by
# scripts/embed-calendars.py). tests/unit/working_days_test.cpp checks the days against a second
# Easter algorithm for 1900-2200 and against the published dates of 2023-2026.
# Grundlovsdag, juleaftensdag and nytårsaftensdag are not holidays: a policy lists them under
# `closed:` when its municipality closes.
calendar: denmark
title: Danske helligdage (folkekirkens helligdage)
sources:
  helligdage:
    title: Folkekirkens helligdage, fastsat ved kongelig anordning (Alterbog for Den Danske Folkekirke)
    issued_by: Kirkeministeriet
  lukkeloven:
    title: Lov om detailsalg fra butikker m.v. (lukkeloven)
    issued_by: Folketinget
  store_bededag:
    title: Lov om afskaffelse af store bededag som helligdag
    issued_by: Folketinget
    date: 2023-02-28
holidays:
  - {name: Nytårsdag, date: 01-01, source: [{doc: helligdage}, {doc: lukkeloven, section: "§ 2, stk. 1"}]}
  - {name: Skærtorsdag, easter: -3, source: [{doc: helligdage}, {doc: lukkeloven, section: "§ 2, stk. 1"}]}
  - {name: Langfredag, easter: -2, source: [{doc: helligdage}, {doc: lukkeloven, section: "§ 2, stk. 1"}]}
  - {name: Påskedag, easter: 0, source: [{doc: helligdage}, {doc: lukkeloven, section: "§ 2, stk. 1"}]}
  - {name: 2. påskedag, easter: 1, source: [{doc: helligdage}, {doc: lukkeloven, section: "§ 2, stk. 1"}]}
  - name: Store bededag
    easter: 26  # the fourth Friday after Easter
    to: 2023-12-31
    source: [{doc: helligdage}, {doc: store_bededag, section: "abolished as a holiday from 2024"}]
  - {name: Kristi himmelfartsdag, easter: 39, source: [{doc: helligdage}, {doc: lukkeloven, section: "§ 2, stk. 1"}]}
  - {name: Pinsedag, easter: 49, source: [{doc: helligdage}, {doc: lukkeloven, section: "§ 2, stk. 1"}]}
  - {name: 2. pinsedag, easter: 50, source: [{doc: helligdage}, {doc: lukkeloven, section: "§ 2, stk. 1"}]}
  - {name: Juledag, date: 12-25, source: [{doc: helligdage}, {doc: lukkeloven, section: "§ 2, stk. 1"}]}
  - {name: 2. juledag, date: 12-26, source: [{doc: helligdage}, {doc: lukkeloven, section: "§ 2, stk. 1"}]}
)yaml"},
};
// clang-format on

}  // namespace ssprules::inline SSPRULES_ABI::detail
