// A synthetic case register for the Copenhagen SSP+ policy, shared by the benchmarks: the same
// records as raw fields (for the decoder), decoded facts (for the engine) and plain structs (for
// the hand-written baseline). Deterministic: the same seed gives the same register.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "ssprules/calendar.hpp"

namespace ssprules::bench {

/// One case as text fields, in the Copenhagen policy's terms (an empty string is absent).
struct copenhagen_case {
  std::string id;
  std::string birth_date;
  std::string category;
  std::string assessed;
  std::string state_signal;
  std::string local_offer;
  std::string benefit_status;
  std::string plan_approved_on;
};

/// `n` cases: births 1986-2012, a third without a category, some trial-period signals, half
/// recipients, and approvals around the 17th birthday for some. Ids count from `first_id`.
inline std::vector<copenhagen_case> make_copenhagen_cases(std::size_t n, unsigned seed = 42,
                                                          std::size_t first_id = 0) {
  std::mt19937 rng(seed);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const date first = *date::from_ymd(1986, 1, 1);
  std::vector<copenhagen_case> out;
  out.reserve(n);
  const char* signals[] = {"kriminalforsorgen", "politiet", "arbejdsdirektoratet", "skat"};
  for (std::size_t i = 0; i < n; ++i) {
    copenhagen_case c;
    c.id = "cph-" + std::to_string(first_id + i);
    date birth = date::from_days(first.days() + pick(0, 26 * 365));
    c.birth_date = birth.to_string();
    int category = pick(0, 5);
    c.category = category >= 1 && category <= 4 ? std::to_string(category) : "";
    c.assessed = pick(0, 19) == 0 ? "true" : "";
    c.state_signal = pick(0, 19) == 0 ? signals[pick(0, 3)] : "";
    c.local_offer = pick(0, 19) == 0 ? "true" : "";
    c.benefit_status = pick(0, 1) == 0 ? "recipient" : "self_supporting";
    if (pick(0, 2) == 0) {
      c.plan_approved_on = date::from_days(birth.days() + 17 * 365 + pick(-30, 250)).to_string();
    }
    out.push_back(std::move(c));
  }
  return out;
}

/// The field names of the CSV header, in copenhagen_case order.
inline const char* const copenhagen_header =
    "id,birth_date,category,assessed_category_3_or_4,state_signal,local_offer_signal,"
    "benefit_status,plan_approved_on";

/// The cases as CSV text with a header row.
inline std::string copenhagen_csv(const std::vector<copenhagen_case>& cases) {
  std::string out = std::string(copenhagen_header) + "\n";
  for (const auto& c : cases) {
    out += c.id + ',' + c.birth_date + ',' + c.category + ',' + c.assessed + ',' + c.state_signal +
           ',' + c.local_offer + ',' + c.benefit_status + ',' + c.plan_approved_on + '\n';
  }
  return out;
}

}  // namespace ssprules::bench
