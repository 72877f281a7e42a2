// Part of doc (impl/doc.ipp includes it): `svg_element`, the allow-list sanitizer that keeps of
// a Graphviz SVG drawing only what draws (shapes, text, groups, gradients) and nothing that
// runs, links, loads or styles.
#include <string>
#include <string_view>
#include <vector>

#include "ssprules/detail/utf8.hpp"
#include "ssprules/detail/work.hpp"
#include "ssprules/doc.hpp"

namespace ssprules::inline SSPRULES_ABI {

namespace detail {

// The allow-list behind `svg_element`: what Graphviz draws a graph with (shapes, text, groups,
// gradients) and nothing that runs, links, loads or styles. Attribute values that refer to
// anything but a fragment of the same SVG (`url(#l_0)`) are dropped too.
SSPRULES_INLINE bool svg_kept_element(std::string_view name) {
  static constexpr std::string_view kept[] = {
      "svg",      "g",     "title",          "desc",           "defs", "polygon",
      "polyline", "path",  "ellipse",        "circle",         "rect", "line",
      "text",     "tspan", "linearGradient", "radialGradient", "stop"};
  return std::find(std::begin(kept), std::end(kept), name) != std::end(kept);
}

SSPRULES_INLINE bool svg_kept_attribute(std::string_view name) {
  static constexpr std::string_view kept[] = {"id",
                                              "class",
                                              "width",
                                              "height",
                                              "viewBox",
                                              "preserveAspectRatio",
                                              "version",
                                              "xmlns",
                                              "transform",
                                              "x",
                                              "y",
                                              "x1",
                                              "y1",
                                              "x2",
                                              "y2",
                                              "cx",
                                              "cy",
                                              "r",
                                              "rx",
                                              "ry",
                                              "dx",
                                              "dy",
                                              "fx",
                                              "fy",
                                              "points",
                                              "d",
                                              "fill",
                                              "fill-opacity",
                                              "fill-rule",
                                              "stroke",
                                              "stroke-width",
                                              "stroke-opacity",
                                              "stroke-dasharray",
                                              "stroke-dashoffset",
                                              "stroke-linecap",
                                              "stroke-linejoin",
                                              "stroke-miterlimit",
                                              "opacity",
                                              "font-family",
                                              "font-size",
                                              "font-weight",
                                              "font-style",
                                              "font-variant",
                                              "text-anchor",
                                              "text-decoration",
                                              "dominant-baseline",
                                              "baseline-shift",
                                              "letter-spacing",
                                              "xml:space",
                                              "offset",
                                              "stop-color",
                                              "stop-opacity",
                                              "gradientUnits",
                                              "gradientTransform",
                                              "spreadMethod",
                                              "clip-rule",
                                              "visibility"};
  return std::find(std::begin(kept), std::end(kept), name) != std::end(kept);
}

// True when `value` refers to nothing outside the SVG: no `url(` other than `url(#id)`.
SSPRULES_INLINE bool svg_local_value(std::string_view value) {
  std::string lower;
  for (char c : value) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
      lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
  }
  std::size_t at = 0;
  while ((at = lower.find("url(", at)) != std::string::npos) {
    at += 4;
    if (at >= lower.size() || lower[at] != '#') return false;
    std::size_t end = lower.find(')', at);
    if (end == std::string::npos) return false;
    for (std::size_t i = at + 1; i < end; ++i) {
      char c = lower[i];
      bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
                c == '.' || c == ':';
      if (!ok) return false;
    }
    at = end + 1;
  }
  return true;
}

// An SVG document (XML) read once, front to back, into the markup of its `<svg>` element as
// the allow-list keeps it. Text and attribute values are decoded (the XML entities and character
// references) and escaped again for HTML, so that what the browser's HTML parser builds is what
// was read; comments, processing instructions, CDATA markers and DOCTYPEs are dropped; an
// element off the list is dropped with everything in it, except `<a>`, whose content stays
// (Graphviz wraps linked nodes in it). Anything that is not well-formed gives nothing.
class svg_sanitizer {
 public:
  explicit svg_sanitizer(std::string_view in) : in_(in) {}

  std::string run() {
    // before the root: the prolog, comments, a DOCTYPE, and any text or other markup
    while (true) {
      std::size_t lt = in_.find('<', at_);
      if (lt == std::string_view::npos) return {};
      at_ = lt;
      if (!skip_markup()) {
        if (failed_) return {};
        if (starts_with("<svg") && at_ + 4 < in_.size() && ends_name(in_[at_ + 4])) break;
        ++at_;
      }
    }
    while (at_ < in_.size()) {
      if (in_[at_] != '<') {
        std::size_t lt = in_.find('<', at_);
        if (lt == std::string_view::npos) lt = in_.size();
        if (!text(in_.substr(at_, lt - at_))) return {};
        at_ = lt;
        continue;
      }
      if (skip_markup()) continue;
      if (failed_) return {};
      if (starts_with("<![CDATA[")) {
        std::size_t end = in_.find("]]>", at_ + 9);
        if (end == std::string_view::npos) return {};
        if (dropped_ == 0) out_ += html_escape(in_.substr(at_ + 9, end - at_ - 9));
        at_ = end + 3;
        continue;
      }
      if (starts_with("</")) {
        if (!end_tag()) return {};
        if (open_.empty()) return std::move(out_);  // the root closed: done
        continue;
      }
      if (!start_tag()) return {};
      if (open_.empty()) return std::move(out_);  // a self-closing root
    }
    return {};  // the root never closed
  }

 private:
  enum class fate : std::uint8_t { kept, unwrapped, dropped };

  bool starts_with(std::string_view s) const { return in_.compare(at_, s.size(), s) == 0; }
  static bool ends_name(char c) {
    return c == ' ' || c == '>' || c == '/' || c == '\n' || c == '\r' || c == '\t';
  }
  static bool name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == ':' || c == '-' || c == '.' || static_cast<unsigned char>(c) >= 0x80U;
  }
  void skip_space() {
    while (at_ < in_.size() &&
           (in_[at_] == ' ' || in_[at_] == '\n' || in_[at_] == '\r' || in_[at_] == '\t')) {
      ++at_;
    }
  }
  std::string_view name() {
    std::size_t start = at_;
    while (at_ < in_.size() && name_char(in_[at_])) ++at_;
    return in_.substr(start, at_ - start);
  }

  // Comments, processing instructions and declarations (a DOCTYPE with its internal subset):
  // skipped, true. False when `at_` starts none of them (or one never ends: failed_).
  bool skip_markup() {
    std::size_t end = std::string_view::npos;
    if (starts_with("<!--")) {
      end = in_.find("-->", at_ + 4);
      if (end != std::string_view::npos) end += 3;
    } else if (starts_with("<?")) {
      end = in_.find("?>", at_ + 2);
      if (end != std::string_view::npos) end += 2;
    } else if (starts_with("<!") && !starts_with("<![CDATA[")) {
      int brackets = 0;
      char quote = 0;
      for (std::size_t i = at_ + 2; i < in_.size(); ++i) {
        char c = in_[i];
        if (quote != 0) {
          if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
          quote = c;
        } else if (c == '[') {
          ++brackets;
        } else if (c == ']') {
          --brackets;
        } else if (c == '>' && brackets <= 0) {
          end = i + 1;
          break;
        }
      }
    } else {
      return false;
    }
    if (end == std::string_view::npos) {
      failed_ = true;
      return false;
    }
    at_ = end;
    return true;
  }

  // XML text with its references decoded; false for a reference that is not one.
  static bool decode(std::string_view raw, std::string& out) {
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] != '&') {
        out += raw[i];
        continue;
      }
      std::size_t semi = raw.find(';', i);
      if (semi == std::string_view::npos || semi - i > 12) return false;
      std::string_view ref = raw.substr(i + 1, semi - i - 1);
      i = semi;
      if (ref == "amp") {
        out += '&';
      } else if (ref == "lt") {
        out += '<';
      } else if (ref == "gt") {
        out += '>';
      } else if (ref == "quot") {
        out += '"';
      } else if (ref == "apos") {
        out += '\'';
      } else if (ref.size() >= 2 && ref[0] == '#') {
        bool hex = ref[1] == 'x';
        std::uint32_t cp = 0;
        std::string_view digits = ref.substr(hex ? 2 : 1);
        if (digits.empty()) return false;
        for (char c : digits) {
          int d = c >= '0' && c <= '9'          ? c - '0'
                  : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                  : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                : -1;
          if (d < 0 || cp > 0x10FFFFU) return false;
          cp = cp * (hex ? 16U : 10U) + static_cast<std::uint32_t>(d);
        }
        // what XML 1.0 allows as a character; anything else is not well-formed
        bool ok = cp == 0x9U || cp == 0xAU || cp == 0xDU || (cp >= 0x20U && cp <= 0xD7FFU) ||
                  (cp >= 0xE000U && cp <= 0xFFFDU) || (cp >= 0x10000U && cp <= 0x10FFFFU);
        if (!ok) return false;
        append_utf8(out, cp);
      } else {
        return false;  // no DTD here defines other entities
      }
    }
    return true;
  }

  bool text(std::string_view raw) {
    if (dropped_ > 0) return true;
    std::string decoded;
    if (!decode(raw, decoded)) return false;
    out_ += html_escape(decoded);
    return true;
  }

  bool start_tag() {
    ++at_;  // '<'
    std::string_view element = name();
    if (element.empty()) return false;
    fate f = dropped_ > 0                ? fate::dropped
             : element == "a"            ? fate::unwrapped
             : svg_kept_element(element) ? fate::kept
                                         : fate::dropped;
    std::string tag = "<" + std::string(element);
    bool self_closing = false;
    while (true) {
      std::size_t before = at_;
      skip_space();
      if (at_ >= in_.size()) return false;
      if (in_[at_] == '>') {
        ++at_;
        break;
      }
      if (in_[at_] == '/') {
        if (at_ + 1 >= in_.size() || in_[at_ + 1] != '>') return false;
        at_ += 2;
        self_closing = true;
        break;
      }
      if (at_ == before) return false;  // attributes are separated by space
      std::string_view attribute = name();
      if (attribute.empty()) return false;
      skip_space();
      if (at_ >= in_.size() || in_[at_] != '=') return false;
      ++at_;
      skip_space();
      if (at_ >= in_.size() || (in_[at_] != '"' && in_[at_] != '\'')) return false;
      char quote = in_[at_++];
      std::size_t end = in_.find(quote, at_);
      if (end == std::string_view::npos) return false;
      std::string_view raw = in_.substr(at_, end - at_);
      at_ = end + 1;
      if (raw.find('<') != std::string_view::npos) return false;
      std::string value;
      if (!decode(raw, value)) return false;
      if (f == fate::kept && svg_kept_attribute(attribute) && svg_local_value(value)) {
        tag += " " + std::string(attribute) + "=\"" + html_escape(value) + "\"";
      }
    }
    if (f == fate::kept) out_ += tag + (self_closing ? "/>" : ">");
    if (!self_closing) {
      open_.emplace_back(element, f);
      if (f == fate::dropped) ++dropped_;
    }
    return true;
  }

  bool end_tag() {
    at_ += 2;
    std::string_view element = name();
    skip_space();
    if (at_ >= in_.size() || in_[at_] != '>') return false;
    ++at_;
    if (open_.empty() || open_.back().first != element) return false;
    fate f = open_.back().second;
    open_.pop_back();
    if (f == fate::dropped) --dropped_;
    if (f == fate::kept) out_ += "</" + std::string(element) + ">";
    return true;
  }

  std::string_view in_;
  std::size_t at_ = 0;
  bool failed_ = false;
  std::string out_;
  std::vector<std::pair<std::string_view, fate>> open_;  // the elements open, outermost first
  std::size_t dropped_ = 0;  // how many of them are dropped (their content is too)
};

}  // namespace detail

SSPRULES_INLINE std::string svg_element(std::string_view svg_document) {
  return detail::svg_sanitizer(svg_document).run();
}

}  // namespace ssprules::inline SSPRULES_ABI
