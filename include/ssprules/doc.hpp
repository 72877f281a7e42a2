// Tools for policy authors and caseworkers: a policy as one self-contained HTML page.
#pragma once
#include "ssprules/version.hpp"  // first: the C++20 check
#ifndef SSPRULES_FIRST_HEADER
#  define SSPRULES_FIRST_HEADER 8  // header-first: see the end of this file
#endif

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "ssprules/compile.hpp"
#include "ssprules/evaluate.hpp"  // language

namespace ssprules::inline SSPRULES_ABI {

/// How `policy_html` renders a page.
/// Thread-compatible.
struct doc_options {
  /// Turns the DOT text of the dependency graph (`to_dot`) into an SVG document, e.g. by running
  /// Graphviz `dot -Tsvg`; nullopt (or a text without an `<svg>` element) when it cannot. The
  /// library never starts a process itself: without this function, or when it fails, the page
  /// shows the DOT text with a note instead of a picture.
  std::function<std::optional<std::string>(const std::string& dot)> render_svg;
  /// Draw the dependency graph section at all.
  bool graph = true;
  /// The most names (inputs, parameters, values and outputs) whose graph the page draws; a larger
  /// policy's graph section says so and points to `ssprules graph`, because Graphviz's layout
  /// grows much faster than the graph (the rest of the page grows linearly with the policy).
  std::size_t max_graph_nodes = 2000;
  /// Show the policy's inline tests as worked examples.
  bool examples = true;
  /// The language of the page's own words (headings, labels, sentences, `<html lang>`), the
  /// same words as `explain` in that language; the policy's texts stay as written.
  language lang = language::en;
};

/// The policy as one self-contained HTML5 page (UTF-8, inline CSS, no scripts, no external
/// resources, and a Content-Security-Policy that forbids both whatever the page holds) for the
/// people who apply it: title, purpose, jurisdiction, version and effective
/// periods; every input with its type in plain words; every parameter with its values over
/// time; every value and output with its definition as written (cases as an ordered list,
/// decision tables as HTML tables, versions per period) and the cited passages of the source
/// documents; assertions; the dependency graph; the tests as examples; and a table of contents
/// with anchors. Every text from the policy is HTML-escaped, and the drawing `render_svg` returns
/// is embedded only as `svg_element` cleans it. The same program and options always give the
/// same page; its size and the work it takes grow linearly with the policy. Throws
/// `ssprules::error` for a default-constructed program.
[[nodiscard]] std::string policy_html(const program& prog, const doc_options& opts = {});

/// The `<svg>…</svg>` element of an SVG document, cleaned to embed in HTML: only what draws a
/// graph is kept, by an allow-list of elements (`svg`, `g`, `title`, `desc`, `defs`, `polygon`,
/// `polyline`, `path`, `ellipse`, `circle`, `rect`, `line`, `text`, `tspan`, gradients and
/// `stop`) and of presentation attributes. `<a>` is replaced by its content; any other element
/// (`script`, `style`, `image`, `foreignObject`, `use`, `animate`, …) is dropped with its content;
/// `href`, `xlink:href`, `style`, event attributes (`on…`) and values with a `url(` other than
/// `url(#id)` are dropped; comments, processing instructions, CDATA markers and the DOCTYPE go;
/// text and attribute values are decoded and HTML-escaped again. Empty when there is no `<svg>`
/// element or the document is not well-formed XML.
[[nodiscard]] std::string svg_element(std::string_view svg_document);

/// `text` with `&`, `<`, `>`, `"` and `'` replaced by HTML entities (UTF-8 passes unchanged).
[[nodiscard]] std::string html_escape(std::string_view text);

}  // namespace ssprules::inline SSPRULES_ABI

// Header-first: in the one translation unit that defines SSPRULES_IMPLEMENTATION, the first
// ssprules header it includes brings every definition once it is complete (detail/config.hpp).
#if defined(SSPRULES_IMPLEMENTATION) && SSPRULES_FIRST_HEADER == 8
#  include "ssprules/impl/all.ipp"
#endif
