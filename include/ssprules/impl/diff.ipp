// Definitions for diff.hpp: two versions of a policy on the same records.
#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ssprules/diff.hpp"
#include "ssprules/error.hpp"

namespace ssprules::inline SSPRULES_ABI {
namespace detail {

// `ok`, or `error SR1xxx`: what a record's error status is compared by.
SSPRULES_INLINE std::string diff_status(const decision& d) {
  return d.ok() ? std::string("ok") : "error " + d.error()->code;
}

// Output `j` of a decision as the diff compares it: its value as text, or `error SR1xxx` (a
// record with an error has no outputs: each is the error that hit it, or the record's).
SSPRULES_INLINE std::string diff_output_text(const decision& d, std::size_t j) {
  if (const record_error* e = d.output_error(j)) return "error " + e->code;
  if (!d.ok()) return "error " + d.error()->code;
  return d.values()[j].to_string();
}

// `id version` of a program.
SSPRULES_INLINE std::string diff_label(const program& p) {
  return p.version().empty() ? p.id() : p.id() + ' ' + p.version();
}

// Pairs with their counts, most records first (ties: by old, then new value).
SSPRULES_INLINE std::vector<value_change> diff_sorted_changes(
    const std::map<std::pair<std::string, std::string>, std::size_t>& counts) {
  std::vector<value_change> out;
  out.reserve(counts.size());
  for (const auto& [pair, n] : counts) out.push_back({pair.first, pair.second, n});
  std::stable_sort(out.begin(), out.end(), [](const value_change& a, const value_change& b) {
    return a.records > b.records;
  });
  return out;
}

// Names in `a` that are not in `b`, in `a`'s order.
template <typename Info>
std::vector<std::string> diff_names_missing(const std::vector<Info>& a,
                                            const std::vector<Info>& b) {
  std::vector<std::string> out;
  for (const Info& x : a) {
    if (std::none_of(b.begin(), b.end(), [&](const Info& y) { return y.name == x.name; })) {
      out.push_back(x.name);
    }
  }
  return out;
}

// Characters (code points) of UTF-8 text: what a terminal column counts.
SSPRULES_INLINE std::size_t diff_text_width(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; }));
}

// The byte offset after the first `n` characters of `s`.
SSPRULES_INLINE std::size_t diff_text_offset(std::string_view s, std::size_t n) {
  std::size_t i = 0;
  while (i < s.size() && n > 0) {
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0U) == 0x80U) ++i;
    --n;
  }
  return i;
}

// One line broken into lines of at most `width` characters, at spaces where possible;
// continuation lines are indented 4 more than the line itself.
SSPRULES_INLINE std::vector<std::string> diff_wrap_line(std::string_view line, std::size_t width) {
  std::vector<std::string> out;
  width = std::max<std::size_t>(width, 1);
  std::size_t indent = line.find_first_not_of(' ');
  if (indent == std::string_view::npos) indent = 0;
  std::size_t hanging = std::min(indent + 4, width / 2);
  std::string prefix;
  while (diff_text_width(line) + prefix.size() > width) {
    std::size_t room = width - prefix.size();
    std::size_t cut = diff_text_offset(line, room);
    std::size_t space = line.rfind(' ', cut);
    std::size_t first_text = prefix.empty() ? indent : 0;
    std::size_t end = space != std::string_view::npos && space > first_text ? space : cut;
    out.push_back(prefix + std::string(line.substr(0, end)));
    line.remove_prefix(end);
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    prefix.assign(hanging, ' ');
  }
  out.push_back(prefix + std::string(line));
  return out;
}

// Text split into lines (a final newline does not start another line).
SSPRULES_INLINE std::vector<std::string> diff_lines_of(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    out.emplace_back(text.substr(0, nl));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return out;
}

// The explanation of a decision split into one block of lines per step (`explain_text` starts
// each step's block with an unindented line); empty when it cannot be split that way.
SSPRULES_INLINE std::vector<std::vector<std::string>> diff_step_blocks(const decision& d) {
  std::vector<std::vector<std::string>> out;
  for (std::string& line : diff_lines_of(d.explain_text())) {
    if (!line.empty() && line.front() != ' ') out.emplace_back();
    if (out.empty()) return {};
    out.back().push_back(std::move(line));
  }
  if (out.size() != d.explanation().size()) return {};
  return out;
}

// A step's outcome as the diff compares it.
SSPRULES_INLINE std::string diff_step_outcome(const explanation_step& s) {
  return s.error ? "error " + s.error->code : s.result.to_string();
}

// Two columns of `col` characters, separated by ` | `; long lines are wrapped.
SSPRULES_INLINE void diff_append_columns(std::string& out, const std::vector<std::string>& left,
                                         const std::vector<std::string>& right, std::size_t col) {
  std::vector<std::string> l;
  std::vector<std::string> r;
  for (const std::string& line : left) {
    for (std::string& w : diff_wrap_line(line, col)) l.push_back(std::move(w));
  }
  for (const std::string& line : right) {
    for (std::string& w : diff_wrap_line(line, col)) r.push_back(std::move(w));
  }
  for (std::size_t i = 0; i < std::max(l.size(), r.size()); ++i) {
    std::string a = i < l.size() ? l[i] : std::string();
    const std::string b = i < r.size() ? r[i] : std::string();
    a.append(col - std::min(col, diff_text_width(a)), ' ');
    out += "  " + a + (b.empty() ? " |" : " | " + b) + '\n';
  }
}

// One kept record: its changed outputs, then the explanation of every rule whose outcome
// differs, old version left and new version right.
SSPRULES_INLINE void diff_append_record(std::string& out, const changed_record& c, std::size_t col,
                                        std::size_t width) {
  const decision& o = c.old_decision;
  const decision& n = c.new_decision;
  out += "== " + (c.id.empty() ? std::string("(no id)") : c.id) + " (record " +
         std::to_string(c.index + 1) + ", as of " + o.as_of().to_string() + ")\n";
  for (std::size_t j = 0; j < o.names().size(); ++j) {
    const std::string& name = o.names()[j];
    auto it = std::find(n.names().begin(), n.names().end(), name);
    if (it == n.names().end()) continue;
    std::string a = diff_output_text(o, j);
    std::string b = diff_output_text(n, static_cast<std::size_t>(it - n.names().begin()));
    if (a != b) out += "  " + name + ": " + a + " -> " + b + '\n';
  }
  if (diff_status(o) != diff_status(n)) {
    out += "  error status: " + diff_status(o) + " -> " + diff_status(n) + '\n';
  }

  std::vector<std::vector<std::string>> old_blocks = diff_step_blocks(o);
  std::vector<std::vector<std::string>> new_blocks = diff_step_blocks(n);
  auto problem = [](const decision& d) {
    return std::vector<std::string>{"error " + d.error()->code + ": " + d.error()->message};
  };
  out += '\n';
  diff_append_columns(out, {"old"}, {"new"}, col);
  diff_append_columns(out, {std::string(col, '-')}, {std::string(col, '-')}, col);
  // a decision without steps failed before any rule ran: show its error instead
  if (old_blocks.empty() || new_blocks.empty()) {
    diff_append_columns(
        out, old_blocks.empty() && !o.ok() ? problem(o) : diff_lines_of(o.explain_text()),
        new_blocks.empty() && !n.ok() ? problem(n) : diff_lines_of(n.explain_text()), col);
    out += '\n';
    return;
  }
  // the rules whose outcome differs (or that only one version has), in the new version's order
  const auto& os = o.explanation();
  const auto& ns = n.explanation();
  auto find_step = [](const std::vector<explanation_step>& steps, const std::string& rule) {
    for (std::size_t i = 0; i < steps.size(); ++i) {
      if (steps[i].rule == rule) return static_cast<std::ptrdiff_t>(i);
    }
    return static_cast<std::ptrdiff_t>(-1);
  };
  std::size_t same = 0;
  auto show = [&](std::ptrdiff_t oi, std::ptrdiff_t ni) {
    static const std::vector<std::string> absent{"(not in this version)"};
    diff_append_columns(out, oi < 0 ? absent : old_blocks[static_cast<std::size_t>(oi)],
                        ni < 0 ? absent : new_blocks[static_cast<std::size_t>(ni)], col);
  };
  // outputs of only one version are listed at the top of the report, not in every record
  std::vector<std::string> one_sided;
  for (std::size_t ni = 0; ni < ns.size(); ++ni) {
    std::ptrdiff_t oi = find_step(os, ns[ni].rule);
    if (oi >= 0 &&
        diff_step_outcome(os[static_cast<std::size_t>(oi)]) == diff_step_outcome(ns[ni])) {
      ++same;
    } else if (oi < 0 && ns[ni].output) {
      one_sided.push_back(ns[ni].rule);
    } else {
      show(oi, static_cast<std::ptrdiff_t>(ni));
    }
  }
  for (std::size_t oi = 0; oi < os.size(); ++oi) {
    if (find_step(ns, os[oi].rule) >= 0) continue;
    if (os[oi].output) {
      one_sided.push_back(os[oi].rule);
    } else {
      show(static_cast<std::ptrdiff_t>(oi), -1);
    }
  }
  if (same > 0 || !one_sided.empty()) {
    std::string note;
    if (same > 0) {
      note = std::to_string(same) + (same == 1 ? " rule" : " rules") +
             " with the same outcome in both versions";
    }
    if (!one_sided.empty()) {
      note += std::string(note.empty() ? "" : ", and ") + "the " +
              (one_sided.size() == 1 ? "output " : "outputs ");
      for (std::size_t i = 0; i < one_sided.size(); ++i) {
        note += (i ? ", " : "") + one_sided[i];
      }
      note += " of one version only";
    }
    for (const std::string& line : diff_wrap_line("  (not shown: " + note + ")", width)) {
      out += line + '\n';
    }
  }
  out += '\n';
}

}  // namespace detail

SSPRULES_INLINE policy_diff::policy_diff(program old_policy, program new_policy, std::size_t keep)
    : old_(std::move(old_policy)), new_(std::move(new_policy)), keep_(keep) {
  if (!old_.valid() || !new_.valid()) {
    throw error("ssprules::policy_diff: both versions must be compiled programs");
  }
  const auto& a = old_.outputs();
  const auto& b = new_.outputs();
  for (std::size_t i = 0; i < a.size(); ++i) {
    for (std::size_t j = 0; j < b.size(); ++j) {
      if (a[i].name == b[j].name) common_.emplace_back(i, j);
    }
  }
  pairs_.resize(common_.size());
  changed_of_.assign(common_.size(), 0);
  other_of_.assign(common_.size(), 0);
}

SSPRULES_INLINE void policy_diff::add(const facts& old_record, const facts& new_record,
                                      date as_of) {
  std::size_t index = records_++;
  decision o = evaluate(old_, old_record, as_of);
  decision n = evaluate(new_, new_record, as_of);
  std::string old_status = detail::diff_status(o);
  std::string new_status = detail::diff_status(n);
  bool status_changed = old_status != new_status;
  std::vector<std::string> outputs;
  for (std::size_t k = 0; k < common_.size(); ++k) {
    std::string a = detail::diff_output_text(o, common_[k].first);
    std::string b = detail::diff_output_text(n, common_[k].second);
    if (a == b) continue;
    outputs.push_back(old_.outputs()[common_[k].first].name);
    if (status_changed) continue;  // counted once, as a status change
    ++changed_of_[k];
    auto key = std::make_pair(std::move(a), std::move(b));
    auto it = pairs_[k].find(key);
    if (it != pairs_[k].end()) {
      ++it->second;
    } else if (pairs_[k].size() < max_pairs) {
      pairs_[k].emplace(std::move(key), 1);
    } else {
      ++other_of_[k];  // invariant: pairs_[k] never holds more than max_pairs entries
    }
  }
  if (status_changed) ++status_[{old_status, new_status}];  // as many pairs as error codes
  if (!status_changed && outputs.empty()) return;
  ++changed_;
  if (first_.size() >= keep_) return;
  // only the kept records are evaluated again, with their explanations
  changed_record c;
  c.index = index;
  c.id = old_record.has_id() ? old_record.id() : new_record.id();
  c.outputs = std::move(outputs);
  c.old_decision = evaluate(old_, old_record, as_of, {.explain = true});
  c.new_decision = evaluate(new_, new_record, as_of, {.explain = true});
  first_.push_back(std::move(c));
}

SSPRULES_INLINE diff_report policy_diff::report() const {
  diff_report r;
  r.old_label = detail::diff_label(old_);
  r.new_label = detail::diff_label(new_);
  r.records = records_;
  r.changed_records = changed_;
  for (std::size_t k = 0; k < common_.size(); ++k) {
    output_diff d;
    d.output = old_.outputs()[common_[k].first].name;
    d.changed = changed_of_[k];
    d.changes = detail::diff_sorted_changes(pairs_[k]);
    d.other_changes = other_of_[k];
    r.outputs.push_back(std::move(d));
  }
  r.status_changes = detail::diff_sorted_changes(status_);
  r.only_old_outputs = detail::diff_names_missing(old_.outputs(), new_.outputs());
  r.only_new_outputs = detail::diff_names_missing(new_.outputs(), old_.outputs());
  r.only_old_inputs = detail::diff_names_missing(old_.inputs(), new_.inputs());
  r.only_new_inputs = detail::diff_names_missing(new_.inputs(), old_.inputs());
  r.first_changed = first_;
  return r;
}

SSPRULES_INLINE std::string to_text(const diff_report& r, std::size_t width) {
  auto plural = [](std::size_t n, const char* word) {
    return std::to_string(n) + ' ' + word + (n == 1 ? "" : "s");
  };
  auto list = [](const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& name : names) out += (out.empty() ? "" : ", ") + name;
    return out;
  };
  std::string out = "old: " + r.old_label + "\nnew: " + r.new_label + '\n';
  auto append_names = [&](const char* what, const std::vector<std::string>& names) {
    if (!names.empty()) out += what + list(names) + '\n';
  };
  append_names("outputs only in the old version: ", r.only_old_outputs);
  append_names("outputs only in the new version: ", r.only_new_outputs);
  append_names("inputs only the old version reads: ", r.only_old_inputs);
  append_names("inputs only the new version reads: ", r.only_new_inputs);
  out += '\n' + plural(r.records, "record") + " compared: ";
  if (r.changed_records == 0) return out + "no record changes\n";
  out += plural(r.changed_records, "record") + (r.changed_records == 1 ? " changes" : " change") +
         "\n\n";

  auto append_pairs = [&](const std::vector<value_change>& changes) {
    for (const value_change& c : changes) {
      std::string n = std::to_string(c.records);
      out += std::string(n.size() < 8 ? 8 - n.size() : 0, ' ') + n + "  " + c.from + " -> " + c.to +
             '\n';
    }
  };
  std::vector<std::string> unchanged;
  for (const output_diff& d : r.outputs) {
    if (d.changed == 0) {
      unchanged.push_back(d.output);
      continue;
    }
    out += d.output + ": " + plural(d.changed, "record") +
           (d.changed == 1 ? " changes" : " change") + '\n';
    append_pairs(d.changes);
    if (d.other_changes > 0) {
      std::string n = std::to_string(d.other_changes);
      out += std::string(n.size() < 8 ? 8 - n.size() : 0, ' ') + n + "  other changes\n";
    }
  }
  if (!unchanged.empty()) out += "unchanged outputs: " + list(unchanged) + '\n';
  if (!r.status_changes.empty()) {
    std::size_t n = 0;
    for (const value_change& c : r.status_changes) n += c.records;
    out += std::string("error status: ") + plural(n, "record") + (n == 1 ? " changes" : " change") +
           " (their outputs are not counted above)\n";
    append_pairs(r.status_changes);
  }

  if (r.first_changed.empty()) return out;
  out += "\nthe first " + std::to_string(r.first_changed.size()) + " of " +
         plural(r.changed_records, "changed record") +
         ", with the rules whose outcome changes:\n\n";
  width = std::max<std::size_t>(width, 44);
  std::size_t col = width / 2 - 3;
  for (const changed_record& c : r.first_changed) detail::diff_append_record(out, c, col, width);
  return out;
}

}  // namespace ssprules::inline SSPRULES_ABI
