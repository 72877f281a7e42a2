// The Copenhagen SSP+ policy written by hand in C++: the yardstick for the engine's speed.
// Records arrive pre-decoded (dates as day numbers and year/month/day, enums as small integers),
// as a case system would hold them. Follows docs/rule-language.md's calendar conventions.
#pragma once

#include <cstdint>
#include <limits>

namespace ssprules::bench::baseline {

/// A pre-decoded case.
struct record {
  std::int32_t birth = 0;  ///< days since 1970-01-01
  std::int16_t birth_year = 0;
  std::int8_t birth_month = 0;
  std::int8_t birth_day = 0;
  std::int8_t category = 0;  ///< 0: not registered
  bool assessed = false;
  bool state_signal = false;
  bool local_offer = false;
  bool self_supporting = false;
  std::int32_t approved = std::numeric_limits<std::int32_t>::min();  ///< min: absent
};

enum phase : std::uint8_t { triangle, ssp_plus, phase_none };
enum route : std::uint8_t { jobcenter, uu, kui, route_none };
enum plan_status : std::uint8_t { not_applicable, approved, approved_late, not_due, due, overdue };

/// Every output of the policy.
struct result {
  std::int32_t age = 0;
  std::int32_t intake_date = 0;
  std::int32_t plan_deadline = 0;
  bool target_group = false;
  bool eligible = false;
  std::uint8_t phase = 0;
  std::uint8_t route = 0;
  std::uint8_t plan_status = 0;
};

/// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm).
constexpr std::int32_t days_from_civil(int y, int m, int d) noexcept {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

constexpr bool leap(int y) noexcept { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

constexpr int days_in_month(int y, int m) noexcept {
  constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : days[m - 1];
}

/// The evaluation date, decoded once per batch.
struct evaluation_date {
  std::int32_t days;
  int year, month, day;
};

inline constexpr std::int32_t trial_end = days_from_civil(2010, 12, 31);
inline constexpr std::int32_t kui_from = days_from_civil(2019, 8, 1);

/// The policy, by hand.
inline result evaluate(const record& r, const evaluation_date& on) noexcept {
  result out;
  // age: the birthday of a 29 February birth is 1 March in a common year
  int bm = r.birth_month;
  int bd = r.birth_day;
  if (bm == 2 && bd == 29 && !leap(on.year)) {
    bm = 3;
    bd = 1;
  }
  out.age = on.year - r.birth_year - ((on.month < bm || (on.month == bm && on.day < bd)) ? 1 : 0);
  // intake: the 17th birthday
  int iy = r.birth_year + 17;
  int im = r.birth_month;
  int id = r.birth_day;
  if (im == 2 && id == 29 && !leap(iy)) {
    im = 3;
    id = 1;
  }
  out.intake_date = days_from_civil(iy, im, id);
  // deadline: 210 months later, clamped to the month's last day
  int index = r.birth_year * 12 + (r.birth_month - 1) + 210;
  int dy = index / 12;
  int dm = index % 12 + 1;
  int dd = r.birth_day <= days_in_month(dy, dm) ? r.birth_day : days_in_month(dy, dm);
  out.plan_deadline = days_from_civil(dy, dm, dd);
  // target group by period
  bool registered = r.category == 3 || r.category == 4;
  out.target_group = on.days <= trial_end
                         ? registered || r.assessed || r.state_signal || r.local_offer
                         : registered;
  out.phase = out.target_group && out.age == 17                    ? triangle
              : out.target_group && out.age >= 18 && out.age <= 23 ? ssp_plus
                                                                   : phase_none;
  out.eligible = out.phase != phase_none;
  out.route = !out.eligible        ? route_none
              : !r.self_supporting ? jobcenter
              : on.days < kui_from ? uu
                                   : kui;
  bool has_approval = r.approved != std::numeric_limits<std::int32_t>::min();
  out.plan_status = !out.target_group || out.age > 23 ? not_applicable
                    : has_approval ? (r.approved <= out.plan_deadline ? approved : approved_late)
                    : on.days < out.intake_date    ? not_due
                    : on.days <= out.plan_deadline ? due
                                                   : overdue;
  return out;
}

}  // namespace ssprules::bench::baseline
