// Decision table analysis (part of the check stage): gaps (a combination no row matches),
// overlaps (two rows that both match under `unique`), conflicting rows under `any`, and rows a
// `first` table never reaches; each with a concrete example.
//
// Each column's domain is a set of integer intervals: bools are {0, 1}, enums their value ids,
// integers their known bounds, dates (as day numbers) all dates or, for `as_of`, the effective
// periods, decimals their millionths. Each cell is an interval set too. The analysis splits the
// first column's domain into the pieces where the same rows match, recurses into the next
// column with only those rows, and looks at the rows left at the end.
#include <algorithm>
#include <iterator>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "ssprules/detail/checked.hpp"
#include "ssprules/detail/codes.hpp"
#include "ssprules/detail/work.hpp"

namespace ssprules::inline SSPRULES_ABI::detail {

using interval = std::pair<std::int64_t, std::int64_t>;  // inclusive
using interval_set = std::vector<interval>;              // sorted, disjoint

SSPRULES_INLINE interval_set intersect(const interval_set& a, const interval_set& b) {
  interval_set out;
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() && j < b.size()) {
    std::int64_t lo = std::max(a[i].first, b[j].first);
    std::int64_t hi = std::min(a[i].second, b[j].second);
    if (lo <= hi) out.emplace_back(lo, hi);
    if (a[i].second < b[j].second)
      ++i;
    else
      ++j;
  }
  return out;
}

SSPRULES_INLINE interval_set normalized(interval_set s) {
  std::sort(s.begin(), s.end());
  interval_set out;
  for (const interval& x : s) {
    if (x.first > x.second) continue;
    if (!out.empty() && (out.back().second == std::numeric_limits<std::int64_t>::max() ||
                         x.first <= out.back().second + 1)) {
      out.back().second = std::max(out.back().second, x.second);
    } else {
      out.push_back(x);
    }
  }
  return out;
}

// One column of the analysis.
struct analysis_column {
  interval_set domain;
  type_kind kind = type_kind::boolean;
  std::string label;  // the column's source text
};

// The recursive partition, with a work budget.
class table_analyzer {
 public:
  table_analyzer(const std::vector<analysis_column>& columns,
                 const std::vector<std::vector<interval_set>>& cells, std::size_t budget)
      : columns_(columns), cells_(cells), budget_(budget), point_(columns.size()) {}

  struct finding {
    std::vector<std::int64_t> point;
    std::vector<std::uint32_t> rows;  // rows matching at the point, in order
  };

  std::optional<finding> gap;
  std::vector<finding> overlaps;  // first few points where 2+ rows match
  std::vector<bool> first_used;   // rows that are the first match somewhere
  bool exhausted = false;
  bool any_overlap = false;

  void run(bool want_overlaps) {
    want_overlaps_ = want_overlaps;
    first_used.assign(cells_.size(), false);
    std::vector<std::uint32_t> rows(cells_.size());
    for (std::uint32_t r = 0; r < rows.size(); ++r) rows[r] = r;
    visit(0, rows);
  }

 private:
  // Sweeps column `col`: the rows' intervals open and close at boundaries; between two
  // boundaries the same rows match. Each piece goes on to the next column with its rows, or,
  // at the last column, is looked at directly. O((rows + pieces) log rows) per column, plus the
  // rows handed down.
  // One step of the budget (also counted in `work_done`); true once over it.
  bool spend() {
    count_work();
    return ++work_ > budget_;
  }

  void visit(std::size_t col, const std::vector<std::uint32_t>& rows) {
    if (exhausted) return;
    if (spend()) {
      exhausted = true;
      return;
    }
    if (col == columns_.size()) {
      leaf(rows);
      return;
    }
    constexpr auto max = std::numeric_limits<std::int64_t>::max();
    struct event {
      std::int64_t at;
      bool opens;
      std::uint32_t row;
    };
    std::vector<event> events;
    std::vector<std::int64_t> positions;
    for (const interval& d : columns_[col].domain) {
      positions.push_back(d.first);
      if (d.second != max) positions.push_back(d.second + 1);
    }
    for (std::uint32_t r : rows) {
      for (const interval& x : cells_[r][col]) {
        events.push_back({x.first, true, r});
        positions.push_back(x.first);
        if (x.second != max) {
          events.push_back({x.second + 1, false, r});
          positions.push_back(x.second + 1);
        }
      }
    }
    std::sort(events.begin(), events.end(),
              [](const event& a, const event& b) { return a.at < b.at; });
    std::sort(positions.begin(), positions.end());
    positions.erase(std::unique(positions.begin(), positions.end()), positions.end());
    work_ += events.size() + positions.size();
    const interval_set& domain = columns_[col].domain;
    std::set<std::uint32_t> active;  // rows matching the current piece, in row order
    std::size_t e = 0;
    std::size_t d = 0;
    bool last = col + 1 == columns_.size();
    for (std::size_t k = 0; k < positions.size() && !exhausted; ++k) {
      std::int64_t lo = positions[k];
      std::int64_t hi = k + 1 < positions.size() ? positions[k + 1] - 1 : max;
      for (; e < events.size() && events[e].at <= lo; ++e) {
        if (events[e].opens)
          active.insert(events[e].row);
        else
          active.erase(events[e].row);
      }
      while (d < domain.size() && domain[d].second < lo) ++d;
      if (d == domain.size() || domain[d].first > lo) continue;  // outside the domain
      point_[col] = representative({lo, hi});
      if (last) {
        look_at(active);
      } else {
        visit(col + 1, std::vector<std::uint32_t>(active.begin(), active.end()));
      }
      if (spend()) exhausted = true;
    }
  }

  // A readable example inside a piece: avoid the extremes of unbounded domains.
  static std::int64_t representative(const interval& piece) {
    constexpr auto min = std::numeric_limits<std::int64_t>::min();
    constexpr auto max = std::numeric_limits<std::int64_t>::max();
    if (piece.first == min && piece.second == max) return 0;
    if (piece.first == min) return piece.second;
    return piece.first;
  }

  // A combination of values of every column, and the rows that match it.
  template <typename Rows>
  void look_at(const Rows& rows) {
    if (rows.empty()) {
      if (!gap) gap = finding{point_, {}};
      return;
    }
    auto first = rows.begin();
    first_used[*first] = true;
    if (rows.size() >= 2 && want_overlaps_) {
      any_overlap = true;
      std::uint32_t a = *first;
      std::uint32_t b = *std::next(first);
      // one finding per distinct first pair of rows
      bool seen = std::any_of(overlaps.begin(), overlaps.end(),
                              [&](const finding& f) { return f.rows[0] == a && f.rows[1] == b; });
      if (!seen && overlaps.size() < 3) {
        overlaps.push_back({point_, std::vector<std::uint32_t>(rows.begin(), rows.end())});
      }
    }
  }

  void leaf(const std::vector<std::uint32_t>& rows) { look_at(rows); }

  const std::vector<analysis_column>& columns_;
  const std::vector<std::vector<interval_set>>& cells_;
  std::size_t budget_;
  std::size_t work_ = 0;
  bool want_overlaps_ = false;
  std::vector<std::int64_t> point_;
};

SSPRULES_INLINE bool rule_checker::analyze_table(const checked_version& version,
                                                 const std::string& what) {
  const checked_table& table = version.table;
  constexpr auto min = std::numeric_limits<std::int64_t>::min();
  constexpr auto max = std::numeric_limits<std::int64_t>::max();
  // Only tables whose columns are bools, enums, integers, decimals or dates and whose cells
  // are constants can be analysed.
  std::vector<analysis_column> columns;
  for (const typed_expr& col : table.columns) {
    analysis_column c;
    c.kind = col.type.kind;
    c.label = col.syntax ? col.syntax->text : std::string();
    if (col.syntax && col.syntax->at.valid()) {
      c.label = std::string(col.syntax->at.text());
    }
    switch (col.type.kind) {
      case type_kind::boolean:
        c.domain = {{0, 1}};
        break;
      case type_kind::enumeration:
        for (std::uint32_t v : p_->enums[col.type.enum_id]) c.domain.emplace_back(v, v);
        break;
      case type_kind::integer: {
        auto [lo, hi] = bounds_of(col);
        c.domain = {{lo, hi}};
        break;
      }
      case type_kind::decimal:
        c.domain = {{min, max}};
        break;
      case type_kind::date:
        if (col.op == node_op::as_of && !p_->periods.empty()) {
          for (const checked_period& pd : p_->periods) {
            c.domain.emplace_back(pd.from.value_or(date::min()).days(),
                                  pd.to.value_or(date::max()).days());
          }
          // a version's table only sees the days of its version
          c.domain = intersect(normalized(c.domain), {{version.from.value_or(date::min()).days(),
                                                       version.to.value_or(date::max()).days()}});
        } else {
          c.domain = {{date::min().days(), date::max().days()}};
        }
        break;
      default:
        return false;
    }
    c.domain = normalized(c.domain);
    columns.push_back(std::move(c));
  }
  auto constant_value = [&](const typed_expr& e) -> std::optional<std::int64_t> {
    if (e.op == node_op::constant) return e.bits;
    if (e.op == node_op::neg && e.args[0].op == node_op::constant && e.args[0].bits != min) {
      return -e.args[0].bits;
    }
    if (e.op == node_op::to_decimal && e.args[0].op == node_op::constant) {
      std::int64_t v = 0;
      if (__builtin_mul_overflow(e.args[0].bits, decimal::scale, &v)) return std::nullopt;
      return v;
    }
    return std::nullopt;
  };
  std::vector<std::vector<interval_set>> cells;
  for (const checked_row& row : table.rows) {
    std::vector<interval_set> sets;
    for (std::size_t i = 0; i < row.cells.size(); ++i) {
      const checked_cell& cell = row.cells[i];
      interval_set s;
      std::vector<std::int64_t> values;
      for (const typed_expr& o : cell.operands) {
        auto v = constant_value(o);
        if (!v) return false;  // not analysable
        values.push_back(*v);
      }
      switch (cell.kind) {
        case cell_kind::any:
          s = {{min, max}};
          break;
        case cell_kind::one_of:
          for (std::int64_t v : values) s.emplace_back(v, v);
          break;
        case cell_kind::range:
          s = {{values[0], values[1]}};
          break;
        case cell_kind::compare: {
          std::int64_t v = values[0];
          switch (cell.op) {
            case expr_op::eq:
              s = {{v, v}};
              break;
            case expr_op::ne:
              if (v != min) s.emplace_back(min, v - 1);
              if (v != max) s.emplace_back(v + 1, max);
              break;
            case expr_op::lt:
              if (v != min) s = {{min, v - 1}};
              break;
            case expr_op::le:
              s = {{min, v}};
              break;
            case expr_op::gt:
              if (v != max) s = {{v + 1, max}};
              break;
            case expr_op::ge:
              s = {{v, max}};
              break;
            default:
              return false;
          }
          break;
        }
      }
      sets.push_back(intersect(normalized(std::move(s)), columns[i].domain));
    }
    if (sets.size() != columns.size()) return false;
    cells.push_back(std::move(sets));
  }

  auto show = [&](std::size_t col, std::int64_t v) -> std::string {
    switch (columns[col].kind) {
      case type_kind::boolean:
        return v ? "true" : "false";
      case type_kind::enumeration:
        return p_->enum_values[static_cast<std::size_t>(v)];
      case type_kind::date:
        return date::from_days(static_cast<std::int32_t>(v)).to_string();
      case type_kind::decimal:
        return decimal::from_micros(v).to_string();
      default:
        return std::to_string(v);
    }
  };
  auto example = [&](const std::vector<std::int64_t>& point) {
    std::string out;
    for (std::size_t i = 0; i < point.size(); ++i) {
      out += (i ? ", " : "") + std::string("`") + columns[i].label + "` = " + show(i, point[i]);
    }
    return out;
  };
  auto row_name = [&](std::uint32_t r) { return "row " + std::to_string(r + 1); };

  table_analyzer analyzer(columns, cells, opts_.table_analysis_budget);
  bool check_overlaps = table.hit == hit_policy::unique || table.hit == hit_policy::any;
  analyzer.run(check_overlaps);
  const source_span& table_at = table.syntax->at;
  if (analyzer.exhausted) {
    warning(codes::table_too_large,
            "the table of " + what +
                " has too many combinations to check for gaps and overlaps completely",
            table_at, {{"split it into smaller tables or use fewer distinct boundaries", {}}});
  }
  // no match is an error unless there is an `otherwise`, or the table collects into a list,
  // a sum or a count (which are then empty or zero)
  bool collect_has_default = table.hit == hit_policy::collect &&
                             table.aggregate != aggregate_kind::min &&
                             table.aggregate != aggregate_kind::max;
  bool may_miss = !table.otherwise && !collect_has_default;
  if (analyzer.gap && may_miss) {
    error(codes::table_gap,
          "the table of " + what + " has a gap: no row matches " + example(analyzer.gap->point),
          table_at,
          {{"add a row for this case, or `otherwise:` with the result when no row matches", {}}});
  }
  if (table.hit == hit_policy::unique) {
    for (const auto& f : analyzer.overlaps) {
      const table_row& second = *table.rows[f.rows[1]].syntax;
      const table_row& first = *table.rows[f.rows[0]].syntax;
      error(codes::table_overlap,
            row_name(f.rows[0]) + " and " + row_name(f.rows[1]) + " of " + what + " both match " +
                example(f.point) + ", but the table is `unique`",
            second.at,
            {{row_name(f.rows[0]) + " is here", first.at},
             {"make the rows exclusive, or use `hit: first` if their order decides", {}}});
    }
  }
  if (table.hit == hit_policy::any) {
    for (const auto& f : analyzer.overlaps) {
      const typed_expr& a = table.rows[f.rows[0]].then;
      for (std::size_t k = 1; k < f.rows.size(); ++k) {
        const typed_expr& b = table.rows[f.rows[k]].then;
        if (a.op == node_op::constant && b.op == node_op::constant && a.bits != b.bits) {
          error(codes::table_overlap,
                row_name(f.rows[0]) + " and " + row_name(f.rows[k]) + " of " + what +
                    " both match " + example(f.point) +
                    " with different results, but the table is `any`",
                table.rows[f.rows[k]].syntax->at,
                {{row_name(f.rows[0]) + " is here", table.rows[f.rows[0]].syntax->at}});
          break;
        }
      }
    }
  }
  if (table.hit == hit_policy::first && !analyzer.exhausted) {
    for (std::uint32_t r = 0; r < table.rows.size(); ++r) {
      if (analyzer.first_used[r]) continue;
      warning(codes::row_never_used,
              row_name(r) + " of " + what +
                  " is never used: the rows before it match everything it matches",
              table.rows[r].syntax->at);
    }
  }
  return check_overlaps && !analyzer.exhausted && !analyzer.any_overlap;
}

}  // namespace ssprules::inline SSPRULES_ABI::detail
