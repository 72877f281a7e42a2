// Definitions for graph.hpp: the checker's dependency graph as Graphviz DOT.
#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ssprules/detail/checked.hpp"
#include "ssprules/graph.hpp"
#include "ssprules/terminal.hpp"

namespace ssprules::inline SSPRULES_ABI {
namespace detail {

// `text` as a DOT double-quoted string, the one escape for every text a policy puts into the
// graph (names, labels, the title): each line as the terminal shows it (control characters and
// ill-formed UTF-8 as visible `\x1b`, terminal.hpp), then `"` and `\` escaped (so that no
// text can end the string or make a Graphviz escape such as `\N` or `\l`) and `&` written as
// `&amp;` (Graphviz reads entities in labels); line breaks as DOT's `\n`.
SSPRULES_INLINE std::string graph_dot_quoted(std::string_view text) {
  std::string out = "\"";
  std::size_t start = 0;
  while (true) {
    std::size_t end = text.find('\n', start);
    std::string line =
        terminal_text(text.substr(start, end == std::string_view::npos ? end : end - start));
    for (char c : line) {
      if (c == '"' || c == '\\') {
        out += '\\';
        out += c;
      } else if (c == '&') {
        out += "&amp;";
      } else {
        out += c;
      }
    }
    if (end == std::string_view::npos) break;
    out += "\\n";
    start = end + 1;
  }
  return out + '"';
}

// `text` for the `// …` comment that opens the DOT text: one line whatever the policy wrote.
SSPRULES_INLINE std::string graph_dot_comment(std::string_view text) { return terminal_text(text); }

// The attributes that tell the kinds apart: shape, fill and outline.
SSPRULES_INLINE const char* graph_dot_style(std::string_view kind) {
  if (kind == "input") {
    return "shape=box, style=\"rounded,filled\", fillcolor=\"#dae8fc\", color=\"#6c8ebf\"";
  }
  if (kind == "parameter") {
    return "shape=hexagon, style=filled, fillcolor=\"#fff2cc\", color=\"#d6b656\"";
  }
  if (kind == "value") {
    return "shape=ellipse, style=filled, fillcolor=\"#f5f5f5\", color=\"#666666\"";
  }
  if (kind == "output") {
    return "shape=box, style=\"filled,bold\", fillcolor=\"#d5e8d4\", color=\"#82b366\"";
  }
  if (kind == "function") {
    return "shape=component, style=filled, fillcolor=\"#e1d5e7\", color=\"#9673a6\"";
  }
  return "shape=box, style=dashed, color=\"#b85450\"";  // broken: its declaration had errors
}

// The enum values of a symbol in the order its declaration writes them (the checker keeps
// them in the order it first met them); null when the declaration does not list them.
SSPRULES_INLINE const std::vector<std::string>* graph_declared_values(const checked_policy& policy,
                                                                      const symbol& s) {
  const rule_document& doc = *policy.doc;
  const type_decl* t = nullptr;
  if (s.kind == symbol_kind::input && s.index < doc.inputs.size()) {
    t = &doc.inputs[s.index].type;
  } else if (s.kind == symbol_kind::parameter && s.index < doc.parameters.size() &&
             doc.parameters[s.index].type) {
    t = &*doc.parameters[s.index].type;
  } else if (s.kind == symbol_kind::rule && s.index < doc.rules.size() && doc.rules[s.index].type) {
    t = &*doc.rules[s.index].type;
  }
  return t != nullptr && !t->values.empty() ? &t->values : nullptr;
}

}  // namespace detail

SSPRULES_INLINE std::string to_dot(const checked_rules& rules) {
  std::string out;
  if (!rules.valid()) return "digraph policy {\n}\n";
  const detail::checked_policy& policy = *rules.impl();
  const policy_info& info = rules.document().info;
  std::string title = info.id.empty() ? std::string("policy") : info.id;
  if (!info.version.empty()) title += " (version " + info.version + ")";

  out += "// " + detail::graph_dot_comment(title) +
         ": dependency graph (inputs and parameters -> values -> outputs)\n";
  out += "digraph " + detail::graph_dot_quoted(info.id.empty() ? "policy" : info.id) + " {\n";
  out += "  rankdir=LR;\n";
  out += "  label=" + detail::graph_dot_quoted(title) + ";\n";
  out += "  labelloc=t;\n";
  out += "  fontname=\"Helvetica\";\n";
  out += "  node [fontname=\"Helvetica\", fontsize=11];\n";
  out += "  edge [color=\"#555555\", arrowsize=0.7];\n";

  // nodes: the checker's symbols in declaration order (inputs, parameters, values and outputs)
  std::vector<graph_node> nodes = rules.graph_nodes();
  SSPRULES_ASSERT(nodes.size() == policy.symbols.size());
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    // a function's parameter, an item of a list: named only in a body or an aggregate
    if (nodes[i].kind == "param" || nodes[i].kind == "item") continue;
    const detail::symbol& s = policy.symbols[i];
    std::string label = nodes[i].name;
    if (nodes[i].kind != "broken" && !s.type.invalid) {
      value_type type = policy.public_type(s.type);
      if (s.kind == detail::symbol_kind::input && s.index < policy.inputs.size()) {
        type.min = policy.inputs[s.index].min;
        type.max = policy.inputs[s.index].max;
      }
      const std::vector<std::string>* declared = detail::graph_declared_values(policy, s);
      if (type.kind == type_kind::enumeration && declared != nullptr &&
          declared->size() == type.values.size()) {
        type.values = *declared;
      }
      label += "\n" + nodes[i].kind + ": " + type.describe();
    }
    out += "  " + detail::graph_dot_quoted(nodes[i].name) +
           " [label=" + detail::graph_dot_quoted(label) + ", " +
           detail::graph_dot_style(nodes[i].kind) + "];\n";
  }

  // edges: `to` uses `from`; sorted by the user, then by what it uses
  std::vector<std::pair<std::size_t, std::size_t>> edges = rules.graph_edges();
  std::sort(edges.begin(), edges.end(), [](const auto& a, const auto& b) {
    return std::pair(a.second, a.first) < std::pair(b.second, b.first);
  });
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
  for (const auto& [from, to] : edges) {
    if (from >= nodes.size() || to >= nodes.size()) continue;
    out += "  " + detail::graph_dot_quoted(nodes[from].name) + " -> " +
           detail::graph_dot_quoted(nodes[to].name) + ";\n";
  }

  // inputs, and parameters that use nothing, in the first column: the graph reads from them
  std::vector<bool> used_something(nodes.size(), false);
  for (const auto& [from, to] : edges) {
    if (to < nodes.size()) used_something[to] = true;
  }
  std::string sources;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if ((nodes[i].kind == "input" || nodes[i].kind == "parameter") && !used_something[i]) {
      sources += ' ' + detail::graph_dot_quoted(nodes[i].name) + ';';
    }
  }
  if (!sources.empty()) out += "  { rank=min;" + sources + " }\n";
  out += "}\n";
  return out;
}

}  // namespace ssprules::inline SSPRULES_ABI
