// Definitions for alternatives.hpp.
#include <algorithm>
#include <map>

#include "ssprules/alternatives.hpp"

namespace ssprules {
namespace detail {

// The values tried for an input: every value of a boolean, an enum or a small integer range.
inline std::vector<value> candidate_values(const input_info& in, const alternatives_options& opts) {
  std::vector<value> out;
  switch (in.type.kind) {
    case type_kind::boolean:
      out = {value::of_bool(false), value::of_bool(true)};
      break;
    case type_kind::enumeration:
      for (const std::string& v : in.type.values) out.push_back(value::of_enum(v));
      break;
    case type_kind::integer:
      if (in.type.min && in.type.max && *in.type.max - *in.type.min < opts.max_range) {
        for (std::int64_t i = *in.type.min; i <= *in.type.max; ++i) out.push_back(value::of_integer(i));
      }
      break;
    default: break;
  }
  return out;
}

inline field_value field_of_value(const value& v) {
  if (!v.present()) return field_value::absent();
  switch (v.kind()) {
    case type_kind::boolean: return field_value::boolean(v.as_bool());
    case type_kind::integer: return field_value::integer(v.as_integer());
    case type_kind::enumeration: return field_value::string(v.as_string());
    default: return field_value::absent();
  }
}

inline bool varies(type_kind k) { return k == type_kind::boolean || k == type_kind::enumeration; }

}  // namespace detail

SSPRULES_INLINE alternatives find_alternatives(const program& prog, const facts& record,
                                               date as_of, const alternatives_options& opts) {
  alternatives out;
  const date when = record.as_of().value_or(as_of);
  facts base = record;
  base.set_as_of(when);
  const decision now = evaluate(prog, base, when);
  if (!now.ok()) return out;
  const std::vector<output_info>& outputs = prog.outputs();
  const std::vector<input_info>& inputs = prog.inputs();
  record_decoder decoder(prog);

  // one input at a time
  std::map<std::size_t, std::vector<std::string>> depends_on_missing;  // output -> inputs
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const input_info& in = inputs[i];
    const bool missing = !record.has_input(i);
    // another value of a sensitive input would tell its value: only its absence is named
    if (in.sensitive && !missing) continue;
    std::vector<value> tries = detail::candidate_values(in, opts);
    // an optional input without a default made absent (with a default, absent is the default)
    if (!in.required && !missing && !in.default_value) tries.push_back(value::missing(in.type.kind));
    for (const value& v : tries) {
      facts changed = base;
      decoder.replace(changed, in.name, detail::field_of_value(v));
      if (!changed.input_errors().empty()) continue;
      decision d = evaluate(prog, changed, when);
      for (std::size_t j = 0; j < outputs.size(); ++j) {
        const value& was = now.values()[j];
        const value& would = d.values()[j];
        if (!would.present() || would == was) continue;
        if (missing) {
          auto& list = depends_on_missing[j];
          if (list.empty() || list.back() != in.name) list.push_back(in.name);
        } else if (detail::varies(outputs[j].type.kind)) {
          out.why_not.push_back({outputs[j].name, would, std::make_pair(in.name, v), std::nullopt});
        }
      }
    }
  }
  for (const auto& [j, names] : depends_on_missing) {
    out.undetermined.push_back({outputs[j].name, now.values()[j], names});
  }

  // later dates, nothing else changed: the first day each output changes
  std::vector<bool> found(outputs.size(), false);
  std::size_t left = 0;
  for (std::size_t j = 0; j < outputs.size(); ++j) left += detail::varies(outputs[j].type.kind) ? 1 : 0;
  for (int day = 1; day <= opts.horizon_days && left > 0; ++day) {
    date later = date::from_days(when.days() + day);
    base.set_as_of(later);
    decision d = evaluate(prog, base, later);
    if (!d.ok()) break;  // e.g. the policy ends
    for (std::size_t j = 0; j < outputs.size(); ++j) {
      if (found[j] || !detail::varies(outputs[j].type.kind)) continue;
      if (d.values()[j].present() && d.values()[j] != now.values()[j]) {
        found[j] = true;
        --left;
        out.why_not.push_back({outputs[j].name, d.values()[j], std::nullopt, later});
      }
    }
  }
  return out;
}

SSPRULES_INLINE std::string render(const alternatives& a, language lang) {
  const bool da = lang == language::da;
  std::string out;
  if (!a.why_not.empty()) {
    out += da ? "hvorfor ikke:\n" : "why not:\n";
    // one line per output and value, the changes that give it joined with "or"
    std::vector<std::pair<std::string, std::string>> lines;  // (output = value, changes)
    for (const alternative& alt : a.why_not) {
      std::string head = alt.output + (da ? " ville være " : " would be ") + alt.would_be.to_string();
      std::string change =
          alt.changed ? (da ? "med " : "with ") + alt.changed->first + " = " +
                            (alt.changed->second.present() ? alt.changed->second.to_string()
                                                           : (da ? "(mangler)" : "(absent)"))
                      : (da ? "fra " : "from ") + alt.from->to_string();
      auto it = std::find_if(lines.begin(), lines.end(), [&](const auto& l) { return l.first == head; });
      if (it == lines.end()) lines.emplace_back(head, change);
      else it->second += (da ? ", eller " : ", or ") + change;
    }
    for (const auto& [head, changes] : lines) out += "  " + head + " " + changes + '\n';
  }
  if (!a.undetermined.empty()) {
    out += da ? "uafklaret (valgfrie oplysninger mangler):\n"
              : "undetermined (optional inputs are missing):\n";
    for (const undetermined_output& u : a.undetermined) {
      out += "  " + u.output + " = " + u.value_now.to_string() + (da ? " afhænger af " : " depends on ");
      for (std::size_t i = 0; i < u.missing.size(); ++i) out += (i ? ", " : "") + u.missing[i];
      out += '\n';
    }
  }
  return out;
}

SSPRULES_INLINE std::string explain_record(const program& prog, const facts& record, date as_of,
                                           language lang) {
  decision d = evaluate(prog, record, as_of, {.explain = true});
  return d.explain_text(lang) + render(find_alternatives(prog, record, as_of), lang);
}

}  // namespace ssprules
