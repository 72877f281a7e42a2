// Tools for policy authors and caseworkers: a policy as one self-contained HTML page.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "ssprules/compile.hpp"

namespace ssprules {

/// How `policy_html` renders a page.
struct doc_options {
  /// Turns the DOT text of the dependency graph (`to_dot`) into an SVG document, e.g. by running
  /// Graphviz `dot -Tsvg`; nullopt (or a text without an `<svg>` element) when it cannot. The
  /// library never starts a process itself: without this function, or when it fails, the page
  /// shows the DOT text with a note instead of a picture.
  std::function<std::optional<std::string>(const std::string& dot)> render_svg;
  /// Draw the dependency graph section at all.
  bool graph = true;
  /// Show the policy's inline tests as worked examples.
  bool examples = true;
};

/// The policy as one self-contained HTML5 page (UTF-8, inline CSS, no scripts, no external
/// resources) for the people who apply it: title, purpose, jurisdiction, version and effective
/// periods; every input with its type in plain words; every parameter with its values over
/// time; every value and output with its definition as written (cases as an ordered list,
/// decision tables as HTML tables, versions per period) and the cited passages of the source
/// documents; assertions; the dependency graph; the tests as examples; and a table of contents
/// with anchors. Every text from the policy is HTML-escaped. The same program and options
/// always give the same page. Throws `ssprules::error` for a default-constructed program.
[[nodiscard]] std::string policy_html(const program& prog, const doc_options& opts = {});

/// The `<svg>…</svg>` element of an SVG document, ready to embed in HTML: the XML prolog, the
/// DOCTYPE and comments before the element are dropped. Empty when there is no `<svg` element.
[[nodiscard]] std::string svg_element(std::string_view svg_document);

/// `text` with `&`, `<`, `>`, `"` and `'` replaced by HTML entities (UTF-8 passes unchanged).
[[nodiscard]] std::string html_escape(std::string_view text);

}  // namespace ssprules
