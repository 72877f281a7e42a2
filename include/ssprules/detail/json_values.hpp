// JSON values as the record decoder's field values: one place that says what a JSON null,
// flag, number, string, array and object are (the CLI's JSON Lines, and YAML test inputs
// written as lists). No stability promise.
#pragma once

#include <deque>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ssprules/detail/json.hpp"
#include "ssprules/record.hpp"
#include "ssprules/version.hpp"

namespace ssprules::inline SSPRULES_ABI::detail {

/// Keeps the texts and items that the field values of one record's lists point into; cleared
/// record by record.
class json_list_storage {
 public:
  void clear() {
    texts_.clear();
    items_.clear();
    fields_.clear();
  }

  /// A top-level value of a JSON object as a field value (`text` as `json_field` holds it).
  field_value value(json_kind kind, std::string_view text) {
    switch (kind) {
      case json_kind::null:
        return field_value::absent();
      case json_kind::boolean:
        return field_value::boolean(text == "true");
      case json_kind::number:
        return field_value::number(text);
      case json_kind::string:
        return field_value::string(text);
      case json_kind::nested:
        if (!text.empty() && text.front() == '[') return list(text);
        return field_value::invalid("an object");
      case json_kind::bad_string:
        break;
    }
    return field_value::invalid(
        "valid text (it holds an unpaired surrogate escape or invalid UTF-8)");
  }

 private:
  // An array: its items, objects among them as records of scalar fields. The texts are copied
  // (the parsers' buffers are reused), so the values stay valid until `clear`.
  field_value list(std::string_view raw) {
    std::string error;
    std::vector<json_field> parsed;
    if (!items_parser_.parse_array(raw, parsed, error)) return field_value::invalid("a list");
    std::vector<field_value> items;
    items.reserve(parsed.size());
    for (const json_field& item : parsed) {
      if (item.kind == json_kind::nested && !item.text.empty() && item.text.front() == '{') {
        items.push_back(record(item.text));
      } else if (item.kind == json_kind::nested) {
        items.push_back(field_value::invalid("a list"));
      } else {
        items.push_back(scalar(item.kind, item.text));
      }
    }
    items_.push_back(std::move(items));
    return field_value::list(items_.back());
  }

  field_value record(std::string_view raw) {
    std::string error;
    std::vector<json_field> parsed;
    if (!fields_parser_.parse(raw, parsed, error)) return field_value::invalid("an object");
    std::vector<std::pair<std::string_view, field_value>> fields;
    fields.reserve(parsed.size());
    for (const json_field& f : parsed) {
      std::string_view name = texts_.emplace_back(f.name);
      field_value v = f.kind == json_kind::nested ? field_value::invalid("a list or object")
                                                  : scalar(f.kind, f.text);
      fields.emplace_back(name, v);
    }
    fields_.push_back(std::move(fields));
    return field_value::record(fields_.back());
  }

  field_value scalar(json_kind kind, std::string_view text) {
    if (kind == json_kind::number || kind == json_kind::string) {
      std::string_view kept = texts_.emplace_back(text);
      return kind == json_kind::number ? field_value::number(kept) : field_value::string(kept);
    }
    return value(kind, text);
  }

  std::deque<std::string> texts_;
  std::deque<std::vector<field_value>> items_;
  std::deque<std::vector<std::pair<std::string_view, field_value>>> fields_;
  json_object_parser items_parser_;
  json_object_parser fields_parser_;
};

}  // namespace ssprules::inline SSPRULES_ABI::detail
