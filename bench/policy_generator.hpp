// Synthetic policies for the compile-time benchmarks: `generate_policy(n)` writes a valid policy
// of exactly `n` values and outputs that looks like the real ones (rules/), so that loading it
// measures what a large municipal policy would cost; `generate_table_policy(rows)` writes one
// `unique` table over an integer column with `rows` rows (table analysis against table size).
// Deterministic: the same arguments give the same text.
//
// The shape of a generated policy:
//   - 34 typed inputs: dates, bools with defaults, required bools, bounded integers, enums, and
//     optional ones (`category`, `last_contact`, `referral_source`, `plan_approved_on`) that
//     rules use only through `??` or after `present(…)`;
//   - parameters, two of which change on 2019-08-01 (an enum route and an integer threshold),
//     and budget lines checked by an assertion;
//   - two effective periods (trial 2009-05-14..2010-12-31, continuation from 2011-01-01);
//   - rules, each of a declared type (bool, integer, date or one of five enums) that use one to
//     three of the 64 rules before them (the oldest not yet used first, so nearly every value is
//     used, and the dependency depth grows with the size: ~0.8-0.9 n), written as expressions
//     with arithmetic, comparisons and calendar calls (`age`, `add_months`, `birthday`,
//     `months_between`, …; ~59%), ordered `cases` with `otherwise` (~21%), decision tables
//     (~19%: `first` and `unique` over bool, enum and integer-range columns; `unique` tables
//     partition every column, so they have no gap and no overlap, or have `otherwise:`; one
//     rule in two hundred is a table of 32 to 60 rows), and `versions:` over the two periods
//     (1%);
//   - every tenth rule an output, plus the rules no later rule uses (so no value is unused).
// Integer rules stay within 0..1000 and date rules within a person's first 30 years, so no
// evaluation overflows or leaves the calendar however deep the dependency chain is.
#pragma once

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace ssprules::bench {

namespace policy_generator_detail {

enum class kind : std::uint8_t { boolean, integer, date, enumeration };

struct enum_family {
  const char* name;  // stem of the rules of this family
  std::vector<const char*> values;
};

// Enums of rules (0-4) and of inputs (5-9). Value names are distinct across families.
inline const std::vector<enum_family>& families() {
  static const std::vector<enum_family> f = {
      {"priority", {"low", "medium", "high", "urgent"}},
      {"route", {"jobcenter", "uu", "kui", "no_route"}},
      {"phase", {"triangle", "ssp_plus", "aftercare", "not_in_programme"}},
      {"risk", {"no_risk", "low_risk", "moderate_risk", "severe_risk"}},
      {"team", {"school_team", "street_team", "police_team", "social_team"}},
      {"benefit_status", {"recipient", "self_supporting"}},
      {"district",
       {"indre_by", "norrebro", "vesterbro", "amager", "valby", "bispebjerg", "bronshoj",
        "osterbro"}},
      {"school_type", {"folkeskole", "private_school", "efterskole", "production_school"}},
      {"living_situation",
       {"with_parents", "one_parent", "foster_care", "institution", "independent"}},
      {"language", {"danish", "other_language"}},
  };
  return f;
}
constexpr int rule_families = 5;
constexpr int route_family = 1;
constexpr int district_family = 6;

// Something a rule can use: an input or an earlier rule.
struct ref {
  std::string name;
  kind k = kind::boolean;
  int family = -1;  // enums
  int hi = 1;       // integers: a typical upper value (they are all >= 0)
  int lo = 0;
  long index = -1;  // the rule's position; -1 for inputs
};

const char* const inputs_yaml = R"(inputs:
  birth_date:
    type: date
    doc: The young person's date of birth.
  referral_date: {type: date, doc: When the case was referred to SSP.}
  school_start_date: date
  case_opened_on: date
  last_contact: {type: date, optional: true, doc: The last contact with the family.}
  plan_approved_on: {type: date, optional: true}
  criminal_behaviour: {type: bool, default: false, source: handbook}
  poor_living_conditions: {type: bool, default: false, source: handbook}
  school_absence: {type: bool, default: false}
  substance_abuse: {type: bool, default: false}
  family_support: {type: bool, default: false}
  gang_affiliation: {type: bool, default: false}
  housing_instability: {type: bool, default: false}
  mental_health_concern: {type: bool, default: false}
  previous_ssp: {type: bool, default: false}
  police_contact: {type: bool, default: false}
  social_services_case: {type: bool, default: false}
  parental_consent: bool
  in_education: bool
  employed: bool
  category:
    type: integer
    min: 1
    max: 4
    optional: true
    doc: SSP single-case category; absent when not registered.
  school_grade: {type: integer, min: 0, max: 10}
  household_size: {type: integer, min: 1, max: 12}
  absence_days: {type: integer, min: 0, max: 365}
  prior_offences: {type: integer, min: 0, max: 50}
  siblings: {type: integer, min: 0, max: 15}
  income_band: {type: integer, min: 1, max: 5}
  contacts_last_year: {type: integer, min: 0, max: 100}
  benefit_status:
    type: enum
    values: [recipient, self_supporting]
    doc: Ydelsesmodtager (recipient) or selvforsørger (self-supporting).
  district: {values: [indre_by, norrebro, vesterbro, amager, valby, bispebjerg, bronshoj, osterbro]}
  school_type: {values: [folkeskole, private_school, efterskole, production_school]}
  living_situation: {values: [with_parents, one_parent, foster_care, institution, independent]}
  referral_source:
    type: enum
    values: [kriminalforsorgen, politiet, skole, sundhedspleje]
    optional: true
  language: {values: [danish, other_language]}
)";

const char* const header_yaml = R"(sources:
  handbook:
    title: SSP-håndbog (synthetic)
    issued_by: Benchmark Kommune
    date: 2009-05-14
  kui-2019:
    title: Lov om kommunal indsats for unge under 25 år
    date: 2019-08-01

effective:
  - name: trial
    from: 2009-05-14
    to: 2010-12-31
    source: {doc: handbook, section: Forsøgsperiode}
  - name: continuation
    from: 2011-01-01

calendar:
  leap_day_birthday: mar_1

)";

const char* const parameters_yaml = R"(parameters:
  intake_age: {type: integer, value: 17, source: {doc: handbook, section: Triangelmodellen}}
  age_limit: 23
  plan_months:
    type: integer
    value: 210
    doc: 17½ years.
  absence_threshold:
    type: integer
    value: 20
    changes:
      - from: 2019-08-01
        value: 15
        source: kui-2019
  self_supporting_route:
    type: enum
    values: [uu, kui]
    value: uu
    source: {doc: handbook, section: Triangelmodellen}
    changes:
      - from: 2019-08-01
        value: kui
        source: {doc: kui-2019, section: kommunal ungeindsats}
  total_budget: 1000000
  outreach_worker: 535000
  school_prevention: 200000
  leisure_jobs: outreach_worker - 270000

assertions:
  - name: budget_adds_up
    assert: outreach_worker + school_prevention + leisure_jobs == total_budget
    message: the three budget lines must add up to the total

)";

class generator {
 public:
  explicit generator(unsigned seed) : rng_(seed) {
    auto in = [&](const char* name, kind k, int family = -1, int lo = 0, int hi = 1) {
      inputs_.push_back({name, k, family, hi, lo});
    };
    in("birth_date", kind::date);
    in("referral_date", kind::date);
    in("school_start_date", kind::date);
    in("case_opened_on", kind::date);
    for (const char* b :
         {"criminal_behaviour", "poor_living_conditions", "school_absence", "substance_abuse",
          "family_support", "gang_affiliation", "housing_instability", "mental_health_concern",
          "previous_ssp", "police_contact", "social_services_case", "parental_consent",
          "in_education", "employed"}) {
      in(b, kind::boolean);
    }
    in("school_grade", kind::integer, -1, 0, 10);
    in("household_size", kind::integer, -1, 1, 12);
    in("absence_days", kind::integer, -1, 0, 365);
    in("prior_offences", kind::integer, -1, 0, 50);
    in("siblings", kind::integer, -1, 0, 15);
    in("income_band", kind::integer, -1, 1, 5);
    in("contacts_last_year", kind::integer, -1, 0, 100);
    in("benefit_status", kind::enumeration, 5);
    in("district", kind::enumeration, district_family);
    in("school_type", kind::enumeration, 7);
    in("living_situation", kind::enumeration, 8);
    in("language", kind::enumeration, 9);
  }

  std::string run(std::size_t n) {
    rules_.reserve(n);
    bodies_.reserve(n);
    used_.reserve(n);
    for (std::size_t i = 0; i < n; ++i) add_rule(i);

    std::string out;
    out.reserve(n * 170 + 8000);
    out += "# A synthetic policy of " + std::to_string(n) +
           " rules for the compile benchmarks (bench/policy_generator.hpp).\n";
    out += "id: generated-" + std::to_string(n) + "\n";
    out += "title: Generated SSP policy (" + std::to_string(n) + " rules)\n";
    out += "jurisdiction: Benchmark Kommune\nversion: \"1\"\n\n";
    out += header_yaml;
    out += inputs_yaml;
    out += '\n';
    out += parameters_yaml;
    // every tenth rule is an output, and so is every rule nothing uses
    auto is_output = [&](std::size_t i) { return i % 10 == 9 || !used_[i]; };
    bool any_value = false;
    for (std::size_t i = 0; i < n && !any_value; ++i) any_value = !is_output(i);
    if (any_value) {
      out += "values:\n";
      for (std::size_t i = 0; i < n; ++i) {
        if (!is_output(i)) out += bodies_[i];
      }
      out += '\n';
    }
    out += "outputs:\n";
    for (std::size_t i = 0; i < n; ++i) {
      if (is_output(i)) out += bodies_[i];
    }
    return out;
  }

 private:
  int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool chance(int percent) { return pick(0, 99) < percent; }
  template <class T>
  const T& one_of(const std::vector<T>& v) {
    return v[static_cast<std::size_t>(pick(0, static_cast<int>(v.size()) - 1))];
  }
  const char* any_value(int family) {
    const auto& v = families()[family].values;
    return v[static_cast<std::size_t>(pick(0, static_cast<int>(v.size()) - 1))];
  }

  // ---- choosing what a rule uses

  static constexpr std::size_t window = 64;

  ref use_rule(std::size_t j) {
    ref r = rules_[j];
    r.index = static_cast<long>(j);
    return r;
  }

  // Marks the rules a rule's text names as used.
  void mark_used(const std::vector<ref>& d, const std::string& text) {
    for (const ref& r : d) {
      if (r.index < 0) continue;
      for (std::size_t at = text.find(r.name); at != std::string::npos;
           at = text.find(r.name, at + 1)) {
        char next = at + r.name.size() < text.size() ? text[at + r.name.size()] : ' ';
        if (!(std::isalnum(static_cast<unsigned char>(next)) || next == '_')) {
          used_[static_cast<std::size_t>(r.index)] = true;
          break;
        }
      }
    }
  }

  // The rules a new rule uses: 1-3 of the 64 before it (the oldest unused one first), or an
  // input now and then.
  std::vector<ref> deps(std::size_t i, int count) {
    std::vector<ref> out;
    std::size_t first = i > window ? i - window : 0;
    // every input is used early on (rules 9 to 38 each start with one)
    if (i >= 9 && i - 9 < inputs_.size()) out.push_back(inputs_[i - 9]);
    if (i > 0) {
      for (std::size_t j = first; j < i; ++j) {
        if (!used_[j]) {
          out.push_back(use_rule(j));
          break;
        }
      }
    }
    for (int tries = 0; static_cast<int>(out.size()) < count && tries < 8; ++tries) {
      ref r = i == 0 || chance(20) ? one_of(inputs_)
                                   : use_rule(static_cast<std::size_t>(
                                         pick(static_cast<int>(first), static_cast<int>(i) - 1)));
      bool again =
          std::any_of(out.begin(), out.end(), [&](const ref& o) { return o.name == r.name; });
      if (!again) out.push_back(std::move(r));
    }
    return out;
  }

  // ---- expressions of one type from a reference of any type

  std::string cond(const ref& r) {
    switch (r.k) {
      case kind::boolean:
        return chance(75) ? r.name : "not " + r.name;
      case kind::integer: {
        int t = pick(r.lo + 1, std::max(r.lo + 1, r.hi));
        switch (pick(0, 4)) {
          case 0:
            return r.name + " > " + std::to_string(t);
          case 1:
            return r.name + " >= " + std::to_string(t);
          case 2:
            return r.name + " <= " + std::to_string(t);
          case 3: {
            int u = pick(t, std::max(t, r.hi));
            return r.name + " in " + std::to_string(t) + ".." + std::to_string(u);
          }
          default:
            return r.name + " >= intake_age and " + r.name + " <= age_limit";
        }
      }
      case kind::date:
        switch (pick(0, 5)) {
          case 5:  // the age on that date (never before the birth)
            return "age(birth_date, max(" + r.name +
                   ", birth_date)) >= " + std::to_string(pick(15, 25));
          case 0:
            return r.name + " <= as_of";
          case 1:
            return "as_of < " + r.name;
          case 2:
            return "add_months(" + r.name + ", " + std::to_string(pick(1, 24)) + ") < as_of";
          case 3:
            return "days_between(" + r.name + ", as_of) > " + std::to_string(pick(7, 400));
          default:
            return r.name + " < birthday(birth_date, " + std::to_string(pick(15, 25)) + ")";
        }
      case kind::enumeration: {
        const auto& v = families()[r.family].values;
        std::vector<const char*> shuffled(v.begin(), v.end());
        std::shuffle(shuffled.begin(), shuffled.end(), rng_);
        switch (pick(0, 2)) {
          case 0:
            return r.name + " == " + shuffled[0];
          case 1:
            return r.name + " != " + shuffled[0];
          default:
            return r.name + " in [" + shuffled[0] + ", " + shuffled[1] + "]";
        }
      }
    }
    return "true";
  }

  // An integer in 0..~1000 from a reference; sets `lo` and `hi` to its typical range.
  std::string integer_of(const ref& r, int& lo, int& hi) {
    switch (r.k) {
      case kind::integer:
        lo = r.lo;
        hi = r.hi;
        return r.name;
      case kind::boolean: {
        int k = pick(1, 20);
        lo = 0;
        hi = k;
        return "(if " + r.name + " then " + std::to_string(k) + " else 0)";
      }
      case kind::date:
        lo = 0;
        hi = 120;
        return "max(months_between(" + r.name + ", as_of), 0)";
      case kind::enumeration: {
        int k = pick(2, 9);
        lo = 1;
        hi = k;
        return "(if " + r.name + " == " + any_value(r.family) + " then " + std::to_string(k) +
               " else 1)";
      }
    }
    return "0";
  }

  // A date within the person's first 30 years.
  std::string date_of(const ref& r) {
    if (r.k == kind::date) return r.name;
    return "(if " + cond(r) +
           " then add_months(birth_date, plan_months) else birthday(birth_date, " +
           std::to_string(pick(15, 18)) + "))";
  }

  std::string enum_of(const ref& r, int family) {
    if (r.k == kind::enumeration && r.family == family) return r.name;
    return "(if " + cond(r) + " then " + any_value(family) + " else " + any_value(family) + ")";
  }

  // A condition that uses an optional input the checked way, now and then.
  std::string optional_condition() {
    switch (pick(0, 3)) {
      case 0:
        return "(category ?? 0) in [3, 4]";
      case 1:
        return "present(last_contact) and days_between(last_contact, as_of) <= " +
               std::to_string(pick(30, 180));
      case 2:
        return "present(referral_source) and referral_source == politiet";
      default:
        return "present(plan_approved_on) and plan_approved_on <= as_of";
    }
  }

  // ---- one rule

  struct typed {
    kind k;
    int family = -1;
  };

  typed choose_type() {
    int t = pick(0, 99);
    if (t < 35) return {kind::boolean};
    if (t < 60) return {kind::integer};
    if (t < 75) return {kind::date};
    return {kind::enumeration, pick(0, rule_families - 1)};
  }

  static const char* stem(typed t, std::size_t i) {
    static const char* const bools[] = {"eligible",  "needs_plan", "at_risk", "in_group",
                                        "qualifies", "flagged",    "review",  "in_scope"};
    static const char* const ints[] = {"score", "months", "points", "level", "contacts", "weight"};
    static const char* const dates[] = {"deadline", "review_on", "intake", "start", "follow_up"};
    switch (t.k) {
      case kind::boolean:
        return bools[i % 8];
      case kind::integer:
        return ints[i % 6];
      case kind::date:
        return dates[i % 5];
      case kind::enumeration:
        return families()[t.family].name;
    }
    return "rule";
  }

  static std::string type_lines(typed t) {
    switch (t.k) {
      case kind::boolean:
        return "    type: bool\n";
      case kind::integer:
        return "    type: integer\n";
      case kind::date:
        return "    type: date\n";
      case kind::enumeration: {
        std::string s = "    type: enum\n    values: [";
        const auto& v = families()[t.family].values;
        for (std::size_t j = 0; j < v.size(); ++j) s += (j ? ", " : "") + std::string(v[j]);
        return s + "]\n";
      }
    }
    return {};
  }

  // A result of a type for a `then:` (a constant most of the time).
  std::string result(typed t, const std::vector<ref>& d) {
    switch (t.k) {
      case kind::boolean:
        return chance(50) ? "true" : "false";
      case kind::integer: {
        if (chance(10)) {
          int lo = 0;
          int hi = 0;
          std::string e = integer_of(one_of(d), lo, hi);
          result_lo_ = std::min(result_lo_, lo);
          result_hi_ = std::max(result_hi_, hi);
          return e;
        }
        int k = pick(0, 100);
        result_lo_ = std::min(result_lo_, k);
        result_hi_ = std::max(result_hi_, k);
        return std::to_string(k);
      }
      case kind::date:
        switch (pick(0, 5)) {
          case 0:
          case 1:
            return "add_months(birth_date, " + std::to_string(pick(150, 290)) + ")";
          case 2:
          case 3:
          case 4:
            return "birthday(birth_date, " + std::to_string(pick(14, 24)) + ")";
          default:
            return date_of(one_of(d));
        }
      case kind::enumeration:
        if (t.family == route_family && chance(30)) return "self_supporting_route";
        return any_value(t.family);
    }
    return {};
  }

  std::string expression(typed t, const std::vector<ref>& d, int& lo, int& hi) {
    switch (t.k) {
      case kind::boolean: {
        std::string s = cond(d[0]);
        for (std::size_t j = 1; j < d.size(); ++j) {
          s += chance(60) ? " and " : " or ";
          s += cond(d[j]);
        }
        if (chance(10))
          s = "(" + s + ") and not (" + optional_condition() + ")";
        else if (chance(10))
          s += " or " + optional_condition();
        return s;
      }
      case kind::integer: {
        std::vector<int> los(d.size());
        std::vector<int> his(d.size());
        std::vector<std::string> parts;
        for (std::size_t j = 0; j < d.size(); ++j)
          parts.push_back(integer_of(d[j], los[j], his[j]));
        int form = d.size() == 1 ? pick(0, 3) : pick(4, 8);
        switch (form) {
          case 0: {
            int k = pick(2, 4);
            hi = std::min(1000, his[0] * k);
            return "min(" + parts[0] + " * " + std::to_string(k) + ", 1000)";
          }
          case 1: {
            int k = pick(1, 10);
            hi = std::min(1000, his[0] + k);
            return "min(" + parts[0] + " + " + std::to_string(k) + ", 1000)";
          }
          case 2:
            hi = 8;
            return "min((category ?? 0) + " + parts[0] + ", 1000)";
          case 3:
            hi = std::min(1000, his[0] + 30);
            return "min(age(birth_date, as_of) + " + parts[0] + ", 1000)";
          case 4:
          case 5: {
            std::string s = parts[0];
            int sum = his[0];
            for (std::size_t j = 1; j < parts.size(); ++j) {
              s += " + " + parts[j];
              sum += his[j];
            }
            hi = std::min(1000, sum);
            return "min(" + s + ", 1000)";
          }
          case 6:
            hi = std::max(his[0], his[1]);
            return "abs(" + parts[0] + " - " + parts[1] + ")";
          case 7:
            hi = std::max(his[0], his[1]);
            return "max(" + parts[0] + ", " + parts[1] + ")";
          default:
            // the checker knows the bounds of a conditional: keep them
            lo = std::min(los[0], los[1]);
            hi = std::max(his[0], his[1]);
            return "if " + cond(d.back()) + " then " + parts[0] + " else " + parts[1];
        }
      }
      case kind::date:
        switch (pick(0, 3)) {
          case 0:
            return "min(add_months(" + date_of(d[0]) + ", " + std::to_string(pick(1, 36)) +
                   "), add_years(birth_date, 30))";
          case 1:
            return "min(add_days(" + date_of(d[0]) + ", " + std::to_string(pick(7, 90)) +
                   "), add_years(birth_date, 30))";
          case 2:
            return "if " + cond(d[0]) +
                   " then add_months(birth_date, plan_months) else birthday(birth_date, " +
                   std::to_string(pick(16, 18)) + ")";
          default:
            return "min(max(" + date_of(d[0]) + ", referral_date), add_years(birth_date, 30))";
        }
      case kind::enumeration: {
        std::vector<const char*> v = families()[t.family].values;
        std::shuffle(v.begin(), v.end(), rng_);
        std::string s = "if " + cond(d[0]) + " then " + v[0] + " else ";
        if (d.size() > 1) {
          s += "if " + cond(d[1]) + " then " + v[1] + " else " +
               (d.back().k == kind::enumeration && d.back().family == t.family ? d.back().name
                                                                               : v[2]);
        } else {
          s += v[1];
        }
        return s;
      }
    }
    return {};
  }

  std::string cases(typed t, const std::vector<ref>& d) {
    std::string s = "    cases:\n";
    int clauses = pick(2, 4);
    for (int c = 0; c < clauses; ++c) {
      std::string when = cond(d[static_cast<std::size_t>(c) % d.size()]);
      if (chance(30)) when += " and " + cond(one_of(d));
      if (c == 1 && chance(15)) when = optional_condition();
      s += "      - when: " + when + "\n        then: " + result(t, d) + "\n";
      if (chance(5))
        s +=
            "        source: {doc: handbook, section: \"§ " + std::to_string(pick(1, 40)) + "\"}\n";
    }
    s += "      - otherwise: " + result(t, {d[0]}) + "\n";
    return s;
  }

  // ---- decision tables: each column is partitioned; the rows of a `unique` table are the
  // product of the partitions (some columns collapsed to `any` under a cell), so no two rows
  // overlap and none is missing.

  struct column {
    std::string expr;
    std::vector<std::string> cells;  // a partition of the column's domain
  };

  static std::string quoted(const std::string& s) { return "\"" + s + "\""; }

  column make_column(const ref& r, int bands) {
    column c;
    switch (r.k) {
      case kind::boolean:
        c.expr = r.name;
        c.cells = {"true", "false"};
        break;
      case kind::date:
        c.expr = r.name + " <= as_of";
        c.cells = {"true", "false"};
        break;
      case kind::integer: {
        if (r.hi <= r.lo) {
          // a rule the checker knows to be constant: bands of it would be rows never used
          c.expr = r.name + " > " + std::to_string(r.lo);
          c.cells = {"true", "false"};
          break;
        }
        c.expr = r.name;
        int span = r.hi - r.lo;
        int n = std::min(bands, span);
        std::vector<int> cuts;
        for (int j = 1; j <= n; ++j)
          cuts.push_back(r.lo + static_cast<int>((static_cast<long long>(span) * j) / (n + 1)) + 1);
        cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
        c.cells.push_back(quoted("< " + std::to_string(cuts[0])));
        for (std::size_t j = 0; j + 1 < cuts.size(); ++j) {
          if (cuts[j + 1] - 1 == cuts[j])
            c.cells.push_back(std::to_string(cuts[j]));
          else
            c.cells.push_back(std::to_string(cuts[j]) + ".." + std::to_string(cuts[j + 1] - 1));
        }
        c.cells.push_back(quoted(">= " + std::to_string(cuts.back())));
        break;
      }
      case kind::enumeration: {
        c.expr = r.name;
        const auto& v = families()[r.family].values;
        std::vector<const char*> shuffled(v.begin(), v.end());
        std::shuffle(shuffled.begin(), shuffled.end(), rng_);
        std::size_t groups = static_cast<std::size_t>(
            pick(2, std::min<int>(bands + 1, static_cast<int>(shuffled.size()))));
        // sizes: spread the values over `groups` cells
        for (std::size_t g = 0; g < groups; ++g) {
          std::size_t from = g * shuffled.size() / groups;
          std::size_t to = (g + 1) * shuffled.size() / groups;
          if (to - from == 1) {
            c.cells.push_back(shuffled[from]);
          } else {
            std::string cell = "[";
            for (std::size_t j = from; j < to; ++j)
              cell += (j > from ? ", " : "") + std::string(shuffled[j]);
            c.cells.push_back(cell + "]");
          }
        }
        break;
      }
    }
    return c;
  }

  void product(const std::vector<column>& cols, std::size_t at, std::vector<std::string>& row,
               std::vector<std::vector<std::string>>& rows, bool collapse) {
    if (at == cols.size()) {
      rows.push_back(row);
      return;
    }
    // a later column may be `any` under this prefix (a rule that does not care)
    if (collapse && at > 0 && chance(25)) {
      row.push_back("any");
      product(cols, at + 1, row, rows, collapse);
      row.pop_back();
      return;
    }
    for (const std::string& cell : cols[at].cells) {
      row.push_back(cell);
      product(cols, at + 1, row, rows, collapse);
      row.pop_back();
    }
  }

  std::string table(typed t, const std::vector<ref>& d, bool big) {
    std::vector<column> cols;
    if (big) {
      // a district-by-band or band-by-flag table of dozens of rows
      if (chance(50)) {
        cols.push_back(make_column({"district", kind::enumeration, district_family}, 8));
        cols.back().cells = {"indre_by", "norrebro",   "vesterbro", "amager",
                             "valby",    "bispebjerg", "bronshoj",  "osterbro"};
        ref band = d[0].k == kind::integer && d[0].hi > d[0].lo
                       ? d[0]
                       : ref{"absence_days", kind::integer, -1, 365, 0};
        cols.push_back(make_column(band, pick(3, 6)));
      } else {
        ref band = d[0].k == kind::integer && d[0].hi > d[0].lo
                       ? d[0]
                       : ref{"contacts_last_year", kind::integer, -1, 100, 0};
        if (band.hi - band.lo < 40) band.hi = band.lo + 40;  // bands beyond the typical values too
        cols.push_back(make_column(band, pick(15, 29)));
        cols.push_back(make_column(d.size() > 1 && d[1].k == kind::boolean
                                       ? d[1]
                                       : ref{"criminal_behaviour", kind::boolean},
                                   2));
      }
    } else {
      // a handful of rows, as most tables have
      for (const ref& r : d) cols.push_back(make_column(r, d.size() > 2 ? 1 : pick(1, 3)));
      std::size_t combinations = 1;
      for (const column& c : cols) combinations *= c.cells.size();
      if (combinations > 8) {
        cols.clear();
        for (const ref& r : d) cols.push_back(make_column(r, 1));
      }
    }
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    product(cols, 0, row, rows, !big);
    bool unique = big || chance(60);
    bool otherwise = false;
    if (unique) {
      // a few unique tables leave a row out and say what happens then
      if (rows.size() > 2 && chance(20)) {
        rows.erase(rows.begin() + pick(0, static_cast<int>(rows.size()) - 1));
        otherwise = true;
      }
    } else {
      // `first`: specific rows, some left out, then a catch-all row (or `otherwise`)
      if (rows.size() > 1) {
        int drop = pick(1, std::max(1, static_cast<int>(rows.size()) / 3));
        for (int k = 0; k < drop && rows.size() > 1; ++k) {
          rows.erase(rows.begin() + pick(0, static_cast<int>(rows.size()) - 1));
        }
        if (chance(50))
          otherwise = true;
        else
          rows.push_back(std::vector<std::string>(cols.size(), "any"));
      } else {
        otherwise = true;
      }
    }
    std::string s = "    table:\n      hit: ";
    s += unique ? "unique" : "first";
    s += "\n      columns: [";
    for (std::size_t j = 0; j < cols.size(); ++j) s += (j ? ", " : "") + cols[j].expr;
    s += "]\n      rows:\n";
    for (std::size_t k = 0; k < rows.size(); ++k) {
      s += "        - when: [";
      for (std::size_t j = 0; j < rows[k].size(); ++j) s += (j ? ", " : "") + rows[k][j];
      s += "]\n          then: " + result(t, d) + "\n";
      if (chance(3)) s += "          doc: Row " + std::to_string(k + 1) + " of the guideline.\n";
    }
    if (otherwise) s += "      otherwise: " + result(t, d) + "\n";
    return s;
  }

  std::string versions(const std::vector<ref>& d) {
    std::string s = "    versions:\n      - period: trial\n        expr: " + cond(d[0]);
    for (std::size_t j = 1; j < d.size(); ++j) s += " or " + cond(d[j]);
    s += " or " + optional_condition() + "\n";
    s += "        source: {doc: handbook, section: Forsøgsperiode}\n";
    s += "      - period: continuation\n        expr: " + cond(d[0]) + "\n";
    return s;
  }

  // The first rules are fixed, like the start of a real policy; they use the optional inputs
  // and the parameters.
  bool fixed_rule(std::size_t i, std::string& body) {
    auto emit = [&](typed t, const std::string& name, int hi, const std::string& text) {
      rules_.push_back({name, t.k, t.family, hi, 0});
      used_.push_back(false);
      body = "  " + name + ":\n" + type_lines(t) + text;
    };
    auto r = [&](std::size_t j) {
      used_[j] = true;
      return rules_[j].name;
    };
    switch (i) {
      case 0:
        emit(
            {kind::integer}, "age_0", 40,
            "    expr: age(birth_date, as_of)\n    doc: Completed years on the evaluation date.\n");
        return true;
      case 1:
        emit({kind::boolean}, "registered_3_or_4_1", 1,
             "    expr: (category ?? 0) in [3, 4]\n    source: {doc: handbook, section: "
             "Triangelmodellen, quote: kategori 3 eller 4}\n");
        return true;
      case 2:
        emit({kind::boolean}, "in_age_band_2", 1,
             "    expr: " + r(0) + " >= intake_age and " + r(0) + " <= age_limit\n");
        return true;
      case 3:
        emit({kind::date}, "plan_deadline_3", 1,
             "    expr: add_months(birth_date, plan_months)\n    doc: The day the young person "
             "turns 17½.\n");
        return true;
      case 4:
        emit({kind::boolean}, "recent_contact_4", 1,
             "    expr: present(last_contact) and days_between(last_contact, as_of) <= 90\n");
        return true;
      case 5:
        emit({kind::boolean}, "signalled_5", 1,
             "    expr: present(referral_source) and referral_source in [politiet, "
             "kriminalforsorgen]\n");
        return true;
      case 6:
        emit({kind::boolean}, "high_absence_6", 1, "    expr: absence_days > absence_threshold\n");
        return true;
      case 7:
        emit(
            {kind::enumeration, route_family}, "route_7", 1,
            "    table:\n      hit: unique\n      columns: [" + r(2) +
                ", benefit_status]\n"
                "      rows:\n        - when: [false, any]\n          then: no_route\n"
                "        - when: [true, recipient]\n          then: jobcenter\n"
                "        - when: [true, self_supporting]\n          then: self_supporting_route\n");
        return true;
      case 8:
        emit({kind::boolean}, "plan_in_time_8", 1,
             "    expr: present(plan_approved_on) and plan_approved_on <= " + r(3) + "\n");
        return true;
      default:
        return false;
    }
  }

  void add_rule(std::size_t i) {
    std::string body;
    if (fixed_rule(i, body)) {
      bodies_.push_back(std::move(body));
      return;
    }
    typed t = choose_type();
    int form = pick(0, 99);
    bool versioned = i % 100 == 25;
    bool big_table = i % 200 == 50;
    if (versioned) t = {kind::boolean};
    std::vector<ref> d = deps(i, pick(1, 3));
    if (d.size() > 3) d.pop_back();
    if (big_table && d[0].k != kind::integer) {
      // a band table wants an integer rule to band
      for (std::size_t j = i; j-- > (i > window ? i - window : 0);) {
        if (rules_[j].k == kind::integer) {
          d.insert(d.begin(), use_rule(j));
          break;
        }
      }
    }
    std::string name = std::string(stem(t, i)) + "_" + std::to_string(i);
    int lo = 0;
    int hi = 1;
    result_lo_ = std::numeric_limits<int>::max();
    result_hi_ = std::numeric_limits<int>::min();
    std::string text;
    if (versioned) {
      text = versions(d);
    } else if (big_table) {
      text = table(t, d, true);
    } else if (form < 60) {
      std::string e = expression(t, d, lo, hi);
      text = "    expr: " + e + "\n";
    } else if (form < 82) {
      text = cases(t, d);
    } else {
      text = table(t, d, false);
    }
    if (t.k == kind::integer && (big_table || form >= 60)) {
      // cases and tables: the range of their results, as the checker infers it
      lo = result_lo_;
      hi = result_hi_;
    }
    if (t.k == kind::integer && hi < lo) hi = lo;  // hi == lo: a constant
    body = "  " + name + ":\n" + type_lines(t);
    if (chance(8)) body += "    doc: Derived step " + std::to_string(i) + " of the assessment.\n";
    if (chance(5))
      body += "    source: {doc: handbook, section: \"§ " + std::to_string(pick(1, 40)) + "\"}\n";
    body += text;
    mark_used(d, text);
    rules_.push_back({name, t.k, t.family, hi, lo});
    used_.push_back(false);
    bodies_.push_back(std::move(body));
  }

  std::mt19937 rng_;
  std::vector<ref> inputs_;
  std::vector<ref> rules_;
  std::vector<bool> used_;
  std::vector<std::string> bodies_;
  int result_lo_ = 0;  // the range of the integer results of the rule being written
  int result_hi_ = 0;
};

}  // namespace policy_generator_detail

/// A valid policy of exactly `rules` values and outputs (see the top of this file).
inline std::string generate_policy(std::size_t rules, unsigned seed = 1) {
  return policy_generator_detail::generator(seed).run(rules);
}

/// One `unique` table over an integer input with `rows` rows of ten values each
/// (`0..9`, `10..19`, …), no gap and no overlap over the input's `min`..`max`.
inline std::string generate_table_policy(std::size_t rows) {
  std::string out;
  out.reserve(rows * 48 + 400);
  out += "id: table-" + std::to_string(rows) + "\n";
  out += "title: One unique table of " + std::to_string(rows) + " rows\n";
  out += "effective: {from: 2020-01-01}\n";
  out += "inputs:\n  score: {type: integer, min: 0, max: " + std::to_string(rows * 10 - 1) + "}\n";
  out += "outputs:\n  band:\n    type: integer\n    table:\n      hit: unique\n";
  out += "      columns: [score]\n      rows:\n";
  for (std::size_t r = 0; r < rows; ++r) {
    out += "        - when: [" + std::to_string(r * 10) + ".." + std::to_string(r * 10 + 9) +
           "]\n          then: " + std::to_string(r % 97) + "\n";
  }
  return out;
}

}  // namespace ssprules::bench
