// Definitions for record.hpp: the one record decoder. Error messages name the field and what
// was expected, never the value (case data is sensitive).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <initializer_list>
#include <limits>
#include <system_error>
#include <tuple>

#include "ssprules/detail/civil.hpp"
#include "ssprules/detail/codes.hpp"
#include "ssprules/detail/numerals.hpp"
#include "ssprules/detail/program.hpp"
#include "ssprules/detail/suggest.hpp"
#include "ssprules/error.hpp"
#include "ssprules/record.hpp"

namespace ssprules::inline SSPRULES_ABI {
namespace detail {

// Where a value of a record is, for messages: field `x`, field `reports` (item 3), field
// `reports` (item 3, `date`).
struct value_place {
  std::string_view input;
  std::size_t item = 0;  // 1-based; 0: the input itself
  std::string_view field;
  [[nodiscard]] std::string text() const {
    std::string out = "field `" + std::string(input) + "`";
    if (item == 0) return out;
    out += " (item " + std::to_string(item);
    if (!field.empty()) out += ", `" + std::string(field) + "`";
    return out + ")";
  }
};

enum class decode_status : std::uint8_t { absent, present, failed };

// A name from the caller's data, safe to show in one line.
SSPRULES_INLINE std::string shown_name(std::string_view name) {
  std::string out;
  for (char c : name.substr(0, 64))
    out += static_cast<unsigned char>(c) < 0x20 || c == '`' ? '?' : c;
  if (name.size() > 64) out += "...";
  return out;
}

SSPRULES_INLINE std::string expected_text(const value_slot& in, const program_impl& p,
                                          bool one_item = false);

// "a list of dates", "a list of records with the fields date, kind"; one item: "a record …".
SSPRULES_INLINE std::string list_text(const input_slot& in, const program_impl& p, bool one_item) {
  if (in.type.item == type_kind::record) {
    std::string fields;
    for (std::size_t j = 0; j < in.items.size(); ++j) fields += (j ? ", " : "") + in.items[j].name;
    return one_item ? "an object with the fields " + fields
                    : "a list of objects with the fields " + fields;
  }
  return "a list, each item " + expected_text(in.items[0], p);
}

SSPRULES_INLINE std::string expected_text(const value_slot& in, const program_impl& p,
                                          bool one_item) {
  switch (in.type.kind) {
    case type_kind::boolean:
      return "`true` or `false`";
    case type_kind::integer: {
      std::string out = "a whole number";
      if (in.min && in.max) {
        out += " from " + std::to_string(*in.min) + " to " + std::to_string(*in.max);
      } else if (in.min) {
        out += " of at least " + std::to_string(*in.min);
      } else if (in.max) {
        out += " of at most " + std::to_string(*in.max);
      }
      return out;
    }
    case type_kind::decimal:
      return "a decimal number with at most 6 digits after the point";
    case type_kind::string:
      return "text";
    case type_kind::enumeration: {
      std::string out = "one of ";
      const auto& members = p.policy->enums[in.type.enum_id];
      for (std::size_t i = 0; i < members.size(); ++i) {
        out += (i ? ", " : "") + p.policy->enum_values[members[i]];
      }
      return out;
    }
    case type_kind::date:
      return "a date YYYY-MM-DD";
    case type_kind::list:
      return list_text(static_cast<const input_slot&>(in), p, one_item);
    case type_kind::record:
      return "an object";
  }
  return "a value";
}

SSPRULES_INLINE const char* kind_text(field_value::kind k) {
  switch (k) {
    case field_value::kind::boolean:
      return "a boolean";
    case field_value::kind::integer:
    case field_value::kind::decimal:
    case field_value::kind::real:
    case field_value::kind::number:
      return "a number";
    case field_value::kind::string:
      return "a string";
    case field_value::kind::date:
      return "a date";
    case field_value::kind::list:
      return "a list";
    case field_value::kind::record:
      return "an object";
    default:
      return "a value";
  }
}

// The error of a record evaluated with a program other than the one whose decoder made it.
SSPRULES_INLINE record_error decoded_for_another(const std::string& policy_id) {
  return {codes::malformed_record.id,
          "the record was decoded for another policy or version, not for `" + policy_id +
              "`; decode it with this program's record_decoder",
          ""};
}

// The shortest text that reads back as `x` (`0.1`, `1e-05`, `3`); `buffer` holds it.
SSPRULES_INLINE std::string_view shortest_text(double x, char (&buffer)[32]) {
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, x);
  if (ec != std::errc()) return {};
  return {buffer, static_cast<std::size_t>(end - buffer)};
}

}  // namespace detail

SSPRULES_INLINE bool facts::decoded_for(const program& prog) const noexcept {
  return prog.valid() && program_ == prog.impl().serial;
}

SSPRULES_INLINE record_decoder::record_decoder(const program& prog) : prog_(prog) {
  const detail::program_impl& p = prog_.impl();
  for (std::uint32_t i = 0; i < p.inputs.size(); ++i) input_index_.emplace(p.inputs[i].name, i);
}

SSPRULES_INLINE record_layout record_decoder::bind(std::span<const std::string_view> names) const {
  record_layout layout;
  layout.column_input.assign(names.size(), -1);
  std::vector<bool> seen(input_index_.size(), false);
  for (std::size_t c = 0; c < names.size(); ++c) {
    std::string_view name = names[c];
    if (name == "id" || name == "as_of") {
      std::int32_t& column = name == "id" ? layout.id_column : layout.as_of_column;
      if (column >= 0)
        layout.duplicates.emplace_back(name);
      else
        column = static_cast<std::int32_t>(c);
      continue;
    }
    auto it = input_index_.find(std::string(name));
    if (it == input_index_.end()) {
      layout.unknown.emplace_back(name);
      continue;
    }
    if (seen[it->second]) {
      layout.duplicates.emplace_back(name);
      continue;
    }
    seen[it->second] = true;
    layout.column_input[c] = static_cast<std::int32_t>(it->second);
  }
  return layout;
}

SSPRULES_INLINE std::vector<unknown_field> record_decoder::unknown_fields(
    std::span<const std::string_view> names) const {
  auto lower_trimmed = [](std::string_view n) {
    while (!n.empty() && (n.front() == ' ' || n.front() == '\t')) n.remove_prefix(1);
    while (!n.empty() && (n.back() == ' ' || n.back() == '\t')) n.remove_suffix(1);
    std::string out(n);
    for (char& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
  };
  std::vector<std::string> known;
  known.reserve(input_index_.size() + 2);
  for (const auto& in : prog_.impl().inputs) known.push_back(in.name);
  known.emplace_back("id");
  known.emplace_back("as_of");
  std::unordered_map<std::string, std::string> folded;  // lower-case, trimmed -> name
  for (const std::string& k : known) folded.emplace(lower_trimmed(k), k);
  std::vector<unknown_field> out;
  std::unordered_map<std::string_view, bool> seen;
  for (std::string_view name : names) {
    if (name == "id" || name == "as_of" || input_index_.count(std::string(name)) != 0) continue;
    if (!seen.emplace(name, true).second) continue;
    unknown_field u{std::string(name), {}};
    std::string key = lower_trimmed(name);
    if (auto it = folded.find(key); it != folded.end()) {
      u.suggestion = it->second;
    } else {
      u.suggestion = detail::closest_match(key, known);
    }
    out.push_back(std::move(u));
  }
  return out;
}

SSPRULES_INLINE std::vector<unknown_field> record_decoder::unknown_fields(
    std::span<const std::string> names) const {
  std::vector<std::string_view> views(names.begin(), names.end());
  return unknown_fields(std::span<const std::string_view>(views));
}

SSPRULES_INLINE std::string unknown_fields_message(const program& prog,
                                                   std::span<const unknown_field> fields,
                                                   bool refused) {
  constexpr std::size_t max_named = 32;
  auto shown = [](std::string_view name) {
    std::string out;  // field names are the caller's text: keep the line one line
    for (char c : name.substr(0, 64))
      out += static_cast<unsigned char>(c) < 0x20 || c == '`' ? '?' : c;
    if (name.size() > 64) out += "...";
    return out;
  };
  auto hint = [](const unknown_field& f) {
    return f.suggestion.empty() ? std::string() : " (did you mean `" + f.suggestion + "`?)";
  };
  std::string out;
  if (fields.size() == 1) {  // field `Category` is not an input of `x` (did you mean …?)
    out = "field `" + shown(fields[0].name) + "` is not an input of `" + prog.id() + "`" +
          hint(fields[0]);
  } else {
    std::string list;
    for (std::size_t i = 0; i < fields.size() && i < max_named; ++i) {
      if (i > 0) list += i + 1 == fields.size() ? " and " : ", ";
      list += '`' + shown(fields[i].name) + '`' + hint(fields[i]);
    }
    if (fields.size() > max_named) {
      list += " and " + std::to_string(fields.size() - max_named) + " more";
    }
    out = "fields " + list + " are not inputs of `" + prog.id() + "`";
  }
  bool one = fields.size() == 1;
  if (refused) {
    out +=
        "; nothing was evaluated (unknown fields are refused: `unknown_fields: error` or strict "
        "mode)";
  } else {
    out += one ? " and is ignored" : " and are ignored";
  }
  return out;
}

SSPRULES_INLINE void record_decoder::begin(facts& out) const {
  const detail::program_impl& p = prog_.impl();
  std::size_t n = p.inputs.size();
  out.id_.clear();
  out.has_id_ = false;
  out.program_ = p.serial;
  out.as_of_.reset();
  out.error_.reset();
  out.slots_.assign(n, 0);
  out.state_.assign(n, detail::state_missing);
  if (out.strings_.size() != n) out.strings_.resize(n);
  out.items_.clear();
  out.item_states_.clear();
  out.input_errors_.clear();
}

namespace detail {

// The problems one column already had, by what decides their message (the way the value
// failed and its kind; the input is the column's): a column of the same mistake builds its
// message once. `decode_value` sets `key` for each failure (0: a message of its own, as an
// `invalid` value's) and, when the key is known, `hit` (the index the caller gave it) instead
// of the message.
struct failure_memo {
  static constexpr std::size_t capacity = 8;
  std::uint32_t keys[capacity] = {};
  std::uint32_t errors[capacity] = {};
  std::size_t count = 0;
  std::uint32_t key = 0;
  std::optional<std::uint32_t> hit;
  void remember(std::uint32_t error) {
    if (key != 0 && count < capacity) {
      keys[count] = key;
      errors[count++] = error;
    }
  }
};

// The table "How records are read" in docs/rule-language.md, implemented once: one value, an
// input's or a list item's (`at` names it in errors). A string's text is left in `text`. With
// `memo`, a problem it already knows is not built again (`memo->hit`).
SSPRULES_INLINE decode_status decode_value(const value_slot& in, const field_value& v,
                                           const value_place& at, const program_impl& p,
                                           std::int64_t& bits, std::string_view& text_out,
                                           record_error& why, failure_memo* memo = nullptr) {
  using k = field_value::kind;
  k kind = v.get_kind();
  if (kind == k::absent) return decode_status::absent;
  if (kind == k::real && std::isnan(v.get_real())) return decode_status::absent;  // pandas' NaN
  std::string_view text = v.get_text();
  char real_text[32];
  if (kind == k::real && std::isfinite(v.get_real())) {
    text = detail::shortest_text(v.get_real(), real_text);  // read as it prints
  }
  if (kind == k::text && in.type.kind != type_kind::string) {
    // spreadsheets pad cells; spaces around a number, date, name or flag mean nothing
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  }
  bool textual = kind == k::text || kind == k::string || kind == k::number;
  if (textual && text.empty() && in.type.kind != type_kind::string) return decode_status::absent;
  // `way`: which of the ways below it failed (with the value's kind, the message's key)
  auto reject = [&](std::uint32_t way, const detail::code_info& code, auto message) {
    if (memo != nullptr) {
      memo->key = way == 0 ? 0 : way << 8 | static_cast<std::uint32_t>(kind);
      memo->hit.reset();
      for (std::size_t j = 0; j < memo->count && memo->key != 0; ++j) {
        if (memo->keys[j] == memo->key) {
          memo->hit = memo->errors[j];
          return decode_status::failed;
        }
      }
    }
    why = record_error{code.id, message(), std::string(at.input)};
    return decode_status::failed;
  };
  auto wrong_kind = [&]() {
    const bool infinite = kind == k::real && !std::isfinite(v.get_real());
    // an `invalid` value names what it is: a message of its own
    return reject(kind == k::invalid ? 0
                  : infinite         ? 2
                                     : 1,
                  detail::codes::wrong_field_type, [&] {
                    std::string got = kind == k::invalid ? std::string(v.get_text())
                                      : infinite         ? std::string("an infinite number")
                                                         : detail::kind_text(kind);
                    return at.text() + " must be " + detail::expected_text(in, p) + ", not " + got;
                  });
  };
  // A number of any kind times 10^scale, as a whole number; nullopt after reporting why not.
  auto scaled = [&](int scale) -> std::optional<std::int64_t> {
    std::int64_t x = 0;
    detail::number_status st = detail::number_status::ok;
    if (kind == k::integer) {
      if (__builtin_mul_overflow(v.bits(), scale == 0 ? 1 : decimal::scale, &x)) {
        st = detail::number_status::range;
      }
    } else if (kind == k::decimal) {
      x = v.bits();
      if (scale == 0) {
        if (x % decimal::scale != 0) st = detail::number_status::fraction;
        x /= decimal::scale;
      }
    } else {
      st = detail::scaled_number(text, scale, x);
    }
    switch (st) {
      case detail::number_status::ok:
        return x;
      case detail::number_status::range:
        if (in.type.kind == type_kind::decimal) {
          reject(3, detail::codes::field_out_of_range,
                 [&] { return at.text() + " is too large for a decimal"; });
        } else if (in.type.kind == type_kind::integer && !in.min && !in.max) {
          reject(4, detail::codes::field_out_of_range,
                 [&] { return at.text() + " is too large for a 64-bit integer"; });
        } else {
          reject(5,
                 in.type.kind == type_kind::integer ? detail::codes::field_out_of_range
                                                    : detail::codes::wrong_field_type,
                 [&] {
                   return at.text() + " is out of range: it must be " +
                          detail::expected_text(in, p);
                 });
        }
        return std::nullopt;
      default:
        reject(6, detail::codes::wrong_field_type,
               [&] { return at.text() + " must be " + detail::expected_text(in, p); });
        return std::nullopt;
    }
  };
  if (kind == k::real && !std::isfinite(v.get_real())) return wrong_kind();  // an infinity
  bool numeric = kind == k::number || kind == k::integer || kind == k::decimal || kind == k::real ||
                 kind == k::text;
  bits = 0;
  switch (in.type.kind) {
    case type_kind::boolean:
      if (kind == k::boolean) {
        bits = v.bits();
        break;
      }
      if (kind == k::text) {
        std::string_view t = text;
        if (t == "true" || t == "TRUE" || t == "True") {
          bits = 1;
          break;
        }
        if (t == "false" || t == "FALSE" || t == "False") {
          bits = 0;
          break;
        }
      }
      if (!numeric) return wrong_kind();
      {
        // 0 and 1, however written: a 0/1 column, also as pandas' float64 with blanks
        std::int64_t x = 0;
        bool ok = false;
        if (kind == k::integer) {
          x = v.bits();
          ok = true;
        } else if (kind == k::decimal) {
          ok = v.bits() % decimal::scale == 0;
          x = v.bits() / decimal::scale;
        } else {
          ok = detail::scaled_number(text, 0, x) == detail::number_status::ok;
        }
        if (!ok || (x != 0 && x != 1)) {
          return reject(7, detail::codes::wrong_field_type,
                        [&] { return at.text() + " must be `true` or `false` (or 1 or 0)"; });
        }
        bits = x;
      }
      break;
    case type_kind::integer: {
      if (!numeric) return wrong_kind();
      auto x = scaled(0);
      if (!x) return decode_status::failed;
      bits = *x;
      if ((in.min && bits < *in.min) || (in.max && bits > *in.max)) {
        return reject(8, detail::codes::field_out_of_range, [&] {
          return at.text() + " is out of range: it must be " + detail::expected_text(in, p);
        });
      }
      break;
    }
    case type_kind::decimal: {
      if (!numeric) return wrong_kind();
      auto x = scaled(6);
      if (!x) return decode_status::failed;
      bits = *x;
      break;
    }
    case type_kind::string:
      if (kind != k::text && kind != k::string) return wrong_kind();
      text_out = text;
      break;
    case type_kind::enumeration: {
      if (kind != k::text && kind != k::string) return wrong_kind();
      auto it = in.enum_ids.find(text);  // a view: no copy
      if (it == in.enum_ids.end()) {
        return reject(9, detail::codes::not_an_enum_field,
                      [&] { return at.text() + " must be " + detail::expected_text(in, p); });
      }
      bits = it->second;
      break;
    }
    case type_kind::date:
      // the machine's registers hold dates packed with their year, month and day
      if (kind == k::date) {
        bits = detail::cal::pack(static_cast<std::int32_t>(v.bits()));
      } else if (kind == k::text || kind == k::string) {
        auto d = date::parse(text);
        if (!d) {
          return reject(10, detail::codes::invalid_date_field, [&] {
            return at.text() + " is not a valid date (expected YYYY-MM-DD, a day that exists)";
          });
        }
        bits = detail::cal::pack(d->days());
      } else {
        return wrong_kind();
      }
      break;
    case type_kind::list:
    case type_kind::record:
      return wrong_kind();
  }
  return decode_status::present;
}

}  // namespace detail

SSPRULES_INLINE void record_decoder::set_input(std::uint32_t i, const field_value& v,
                                               facts& out) const {
  const detail::program_impl& p = prog_.impl();
  const detail::input_slot& in = p.inputs[i];
  if (in.type.kind == type_kind::list) return set_list(i, v, out);
  std::int64_t bits = 0;
  std::string_view text;
  record_error why;
  switch (detail::decode_value(in, v, {in.name, 0, {}}, p, bits, text, why)) {
    case detail::decode_status::absent:
      return;
    case detail::decode_status::failed:
      out.input_errors_.emplace_back(i, std::move(why));
      out.state_[i] = detail::state_failed;
      return;
    case detail::decode_status::present:
      break;
  }
  if (in.type.kind == type_kind::string) {
    out.strings_[i].assign(text);
    bits = static_cast<std::int64_t>(i) << 1;
  }
  out.slots_[i] = bits;
  out.state_[i] = detail::state_present;
}

SSPRULES_INLINE void record_decoder::set_list(std::uint32_t i, const field_value& v,
                                              facts& out) const {
  const detail::program_impl& p = prog_.impl();
  const detail::input_slot& in = p.inputs[i];
  using k = field_value::kind;
  const bool records = in.type.item == type_kind::record;
  auto reject = [&](const detail::code_info& code, std::string message) {
    out.input_errors_.emplace_back(i, record_error{code.id, std::move(message), in.name});
    out.state_[i] = detail::state_failed;
  };
  std::span<const field_value> items;
  std::vector<field_value> pieces;  // a CSV cell's items
  switch (v.get_kind()) {
    case k::absent:
      return;  // empty, unless optional (finish_input)
    case k::real:
      if (std::isnan(v.get_real())) return;
      break;
    case k::list:
      items = v.get_items();
      break;
    case k::text: {
      if (records) {
        return reject(detail::codes::wrong_field_type,
                      "field `" + in.name +
                          "` is a list of records, which a CSV cell cannot hold; give the records "
                          "as JSON Lines, an array of objects (`\"" +
                          in.name + "\": [{\"" + in.items[0].name + "\": …}]`)");
      }
      // `2024-03-01;2024-11-20`: items separated by `;`, spaces around each ignored
      std::string_view cell = v.get_text();
      bool blank =
          std::all_of(cell.begin(), cell.end(), [](char c) { return c == ' ' || c == '\t'; });
      if (blank) return;
      std::size_t from = 0;
      for (;;) {
        std::size_t semi = cell.find(';', from);
        std::string_view piece = cell.substr(
            from, semi == std::string_view::npos ? std::string_view::npos : semi - from);
        pieces.push_back(field_value::text(piece));
        if (semi == std::string_view::npos || pieces.size() > detail::max_list_items) break;
        from = semi + 1;
      }
      items = pieces;
      break;
    }
    default:
      break;
  }
  if (v.get_kind() != k::list && v.get_kind() != k::text) {
    return reject(detail::codes::wrong_field_type,
                  "field `" + in.name + "` must be " + detail::expected_text(in, p) + ", not " +
                      (v.get_kind() == k::invalid ? std::string(v.get_text())
                                                  : detail::kind_text(v.get_kind())));
  }
  if (items.size() > detail::max_list_items) {
    static_assert(detail::max_list_items == 10'000, "the message says how many");
    return reject(detail::codes::too_many_items,
                  "field `" + in.name + "` has more than 10,000 items, the most a list may hold");
  }
  const std::size_t width = in.items.size();
  const std::size_t first = out.items_.size();
  out.items_.resize(first + items.size() * width, 0);
  out.item_states_.resize(out.items_.size(), detail::state_missing);
  auto fail_at = [&](const record_error& why) {
    out.items_.resize(first);  // a failed list leaves nothing behind
    out.item_states_.resize(first);
    out.input_errors_.emplace_back(i, why);
    out.state_[i] = detail::state_failed;
  };
  // one value into its register of the arena; false (after fail_at) when it does not fit
  auto put = [&](std::size_t at, std::size_t field, const field_value& value,
                 const detail::value_place& place) {
    const detail::value_slot& slot = in.items[field];
    std::int64_t bits = 0;
    std::string_view text;
    record_error why;
    switch (detail::decode_value(slot, value, place, p, bits, text, why)) {
      case detail::decode_status::failed:
        fail_at(why);
        return false;
      case detail::decode_status::absent:
        if (slot.required) {
          fail_at(
              {detail::codes::required_input_missing.id, place.text() + " is missing", in.name});
          return false;
        }
        return true;  // stays missing
      case detail::decode_status::present:
        break;
    }
    if (slot.type.kind == type_kind::string) {
      bits = static_cast<std::int64_t>(out.strings_.size()) << 1;
      out.strings_.emplace_back(text);
    }
    out.items_[at] = bits;
    out.item_states_[at] = detail::state_present;
    return true;
  };
  for (std::size_t n = 0; n < items.size(); ++n) {
    const field_value& item = items[n];
    const std::size_t at = first + n * width;
    if (!records) {
      if (!put(at, 0, item, {in.name, n + 1, {}})) return;
      continue;
    }
    if (item.get_kind() != k::record) {
      std::string got = item.get_kind() == k::invalid  ? std::string(item.get_text())
                        : item.get_kind() == k::absent ? std::string("nothing")
                                                       : detail::kind_text(item.get_kind());
      return fail_at({detail::codes::wrong_field_type.id,
                      detail::value_place{in.name, n + 1, {}}.text() + " must be " +
                          detail::expected_text(in, p, true) + ", not " + got,
                      in.name});
    }
    std::uint64_t given = 0;  // the fields seen (at most 64 are declared)
    for (const auto& [name, value] : item.get_fields()) {
      std::size_t field = width;
      for (std::size_t j = 0; j < width; ++j) {
        if (in.items[j].name == name) field = j;
      }
      if (field == width) {
        // another system's extra field is ignored, but not one that is a declared field misspelt
        std::vector<std::string_view> names;
        for (const auto& slot : in.items) names.push_back(slot.name);
        std::string close = detail::closest_match(name, names);
        if (close.empty()) continue;
        return fail_at({detail::codes::wrong_field_type.id,
                        detail::value_place{in.name, n + 1, {}}.text() + " has a field `" +
                            detail::shown_name(name) + "` the items do not have (did you mean `" +
                            close + "`?)",
                        in.name});
      }
      if ((given >> field) & 1U) {
        return fail_at(
            {detail::codes::field_given_twice.id,
             detail::value_place{in.name, n + 1, in.items[field].name}.text() + " is given twice",
             in.name});
      }
      given |= std::uint64_t{1} << field;
      if (!put(at + field, field, value, {in.name, n + 1, in.items[field].name})) return;
    }
    for (std::size_t j = 0; j < width; ++j) {
      if (((given >> j) & 1U) == 0 && in.items[j].required) {
        return fail_at(
            {detail::codes::required_input_missing.id,
             detail::value_place{in.name, n + 1, in.items[j].name}.text() + " is missing",
             in.name});
      }
    }
  }
  out.slots_[i] = detail::list_ref(first, static_cast<std::uint32_t>(items.size()));
  out.state_[i] = detail::state_present;
}

namespace detail {

// A record's own `as_of`: a date, or text YYYY-MM-DD.
SSPRULES_INLINE decode_status read_as_of(const field_value& v, std::optional<date>& out) {
  using k = field_value::kind;
  switch (v.get_kind()) {
    case k::absent:
      return decode_status::absent;
    case k::date:
      out = date::from_days(static_cast<std::int32_t>(v.bits()));
      return decode_status::present;
    case k::text:
    case k::string: {
      if (v.get_text().empty()) return decode_status::absent;
      if (auto d = date::parse(v.get_text())) {
        out = d;
        return decode_status::present;
      }
      break;
    }
    default:
      break;
  }
  return decode_status::failed;
}

SSPRULES_INLINE record_error as_of_error() {
  return {codes::invalid_as_of.id, "field `as_of` is not a valid date (expected YYYY-MM-DD)",
          "as_of"};
}

// A record's `id`: text or a number, as it prints; `out` reuses its buffer record after record.
SSPRULES_INLINE decode_status read_id(const field_value& v, std::string& out) {
  using k = field_value::kind;
  switch (v.get_kind()) {
    case k::absent:
      return decode_status::absent;
    case k::text:
    case k::string:
    case k::number:
      out.assign(v.get_text());
      return decode_status::present;
    case k::integer: {
      char buffer[24];
      auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v.bits());
      out.assign(buffer, end);
      return decode_status::present;
    }
    case k::real: {
      char buffer[32];
      if (std::isfinite(v.get_real())) {
        out.assign(detail::shortest_text(v.get_real(), buffer));
        return decode_status::present;
      }
      if (std::isnan(v.get_real())) return decode_status::absent;
      break;
    }
    default:
      break;
  }
  return decode_status::failed;
}

SSPRULES_INLINE record_error id_error() {
  return {codes::wrong_field_type.id, "field `id` must be text or a number", "id"};
}

}  // namespace detail

SSPRULES_INLINE void record_decoder::set_as_of(const field_value& v, facts& out) const {
  if (detail::read_as_of(v, out.as_of_) == detail::decode_status::failed) {
    out.error_ = detail::as_of_error();
  }
}

SSPRULES_INLINE void record_decoder::set_id(const field_value& v, facts& out) const {
  switch (detail::read_id(v, out.id_)) {
    case detail::decode_status::absent:
      return;
    case detail::decode_status::present:
      out.has_id_ = true;
      return;
    case detail::decode_status::failed:
      out.error_ = detail::id_error();
      return;
  }
}

SSPRULES_INLINE void record_decoder::finish_input(std::uint32_t i, facts& out) const {
  if (out.state_[i] != detail::state_missing) return;
  const detail::input_slot& in = prog_.impl().inputs[i];
  if (in.type.kind == type_kind::list && in.required) {  // an absent list is empty
    out.slots_[i] = detail::list_ref(out.items_.size(), 0);
    out.state_[i] = detail::state_present;
  } else if (in.default_bits) {
    out.slots_[i] = *in.default_bits;
    out.state_[i] = detail::state_present;
  } else if (in.required) {
    out.input_errors_.emplace_back(
        i, record_error{detail::codes::required_input_missing.id,
                        "missing required input `" + in.name + "`", in.name});
    out.state_[i] = detail::state_failed;
  }
}

SSPRULES_INLINE void record_decoder::finish(facts& out) const {
  for (std::uint32_t i = 0; i < prog_.impl().inputs.size(); ++i) finish_input(i, out);
  // report problems in declaration order, whatever order the fields came in (stable_sort
  // takes a buffer: not for a clean record)
  if (out.input_errors_.size() < 2) return;
  std::stable_sort(out.input_errors_.begin(), out.input_errors_.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
}

SSPRULES_INLINE void record_decoder::replace(facts& record, std::string_view name,
                                             const field_value& v) const {
  auto it = input_index_.find(std::string(name));
  if (it == input_index_.end()) {
    throw error("record_decoder::replace: `" + std::string(name) + "` is not an input of `" +
                prog_.id() + "`");
  }
  replace_input(record, it->second, v);
}

SSPRULES_INLINE void record_decoder::check_handle(input_handle h) const {
  if (h.program_ != prog_.impl().serial || h.index_ >= prog_.impl().inputs.size()) {
    throw error(std::string("ssprules::record_decoder: ") +
                (h.valid() ? "an input handle of another program (another policy, or another "
                             "version of it)"
                           : "an empty input handle") +
                " used with a decoder of `" + prog_.id() +
                "`; resolve handles from the program the decoder decodes for");
  }
}

SSPRULES_INLINE void record_decoder::replace(facts& record, input_handle input,
                                             const field_value& v) const {
  check_handle(input);
  replace_input(record, input.index_, v);
}

SSPRULES_INLINE void record_decoder::replace_input(facts& record, std::uint32_t i,
                                                   const field_value& v) const {
  if (!record.decoded_for(prog_) || record.slots_.size() != prog_.impl().inputs.size()) {
    throw error("record_decoder::replace: the record was not decoded by a decoder of `" +
                prog_.id() + "` (decode it first)");
  }
  auto& errors = record.input_errors_;
  errors.erase(
      std::remove_if(errors.begin(), errors.end(), [&](const auto& e) { return e.first == i; }),
      errors.end());
  record.slots_[i] = 0;
  record.state_[i] = detail::state_missing;
  record.strings_[i].clear();
  set_input(i, v, record);
  finish_input(i, record);
  std::stable_sort(errors.begin(), errors.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
}

SSPRULES_INLINE void record_decoder::decode(const record_layout& layout,
                                            std::span<const field_value> row, facts& out) const {
  begin(out);
  if (row.size() != layout.column_input.size()) {
    out.error_ =
        record_error{detail::codes::malformed_record.id,
                     "the row has " + std::to_string(row.size()) + " fields but the header has " +
                         std::to_string(layout.column_input.size()),
                     ""};
    if (layout.id_column >= 0 && static_cast<std::size_t>(layout.id_column) < row.size()) {
      set_id(row[static_cast<std::size_t>(layout.id_column)], out);
    }
    return;
  }
  if (layout.id_column >= 0) set_id(row[static_cast<std::size_t>(layout.id_column)], out);
  if (layout.as_of_column >= 0) set_as_of(row[static_cast<std::size_t>(layout.as_of_column)], out);
  for (std::size_t c = 0; c < row.size(); ++c) {
    std::int32_t input = layout.column_input[c];
    if (input >= 0) set_input(static_cast<std::uint32_t>(input), row[c], out);
  }
  finish(out);
}

SSPRULES_INLINE void record_decoder::decode(
    std::initializer_list<std::pair<std::string_view, field_value>> fields, facts& out,
    std::vector<std::string_view>* unknown) const {
  decode(std::span<const std::pair<std::string_view, field_value>>(fields.begin(), fields.size()),
         out, unknown);
}

SSPRULES_INLINE void record_decoder::decode(
    std::span<const std::pair<std::string_view, field_value>> fields, facts& out,
    std::vector<std::string_view>* unknown) const {
  begin(out);
  std::vector<bool> seen(input_index_.size() + 2, false);
  for (const auto& [name, v] : fields) {
    std::size_t key = 0;
    if (name == "id") {
      key = input_index_.size();
    } else if (name == "as_of") {
      key = input_index_.size() + 1;
    } else {
      auto it = input_index_.find(std::string(name));
      if (it == input_index_.end()) {  // not an input of this policy
        if (unknown) unknown->push_back(name);
        continue;
      }
      key = it->second;
    }
    if (seen[key]) {
      out.error_ =
          record_error{detail::codes::field_given_twice.id,
                       "field `" + std::string(name) + "` is given twice", std::string(name)};
      continue;
    }
    seen[key] = true;
    if (name == "id")
      set_id(v, out);
    else if (name == "as_of")
      set_as_of(v, out);
    else
      set_input(static_cast<std::uint32_t>(key), v, out);
  }
  finish(out);
}

SSPRULES_INLINE void record_decoder::decode(
    std::span<const std::pair<input_handle, field_value>> fields, facts& out) const {
  for (const auto& field : fields) check_handle(field.first);  // before `out` is touched
  begin(out);
  // the inputs given so far: a bit per input, on the stack for up to 512 inputs, else in a
  // buffer of the thread's that keeps its size from record to record
  const std::size_t n = prog_.impl().inputs.size();
  std::uint64_t small[8] = {};
  std::uint64_t* seen = small;
  if (n > 64 * std::size(small)) {
    thread_local std::vector<std::uint64_t> large;
    large.assign((n + 63) / 64, 0);
    seen = large.data();
  }
  for (const auto& [h, v] : fields) {
    const std::uint32_t i = h.index_;
    const std::uint64_t bit = std::uint64_t{1} << (i % 64);
    if (seen[i / 64] & bit) {
      const std::string& name = prog_.impl().inputs[i].name;
      out.error_ = record_error{detail::codes::field_given_twice.id,
                                "field `" + name + "` is given twice", name};
      continue;
    }
    seen[i / 64] |= bit;
    set_input(i, v, out);
  }
  finish(out);
}

SSPRULES_INLINE record_batch::record_batch(const program& prog)
    : prog_(prog), inputs_(prog.impl().inputs.size()) {}

SSPRULES_INLINE void record_batch::reserve(std::size_t n) {
  slots_.reserve(n * inputs_);
  states_.reserve(n * inputs_);
  ids_.reserve(n);
  has_id_.reserve(n);
  as_of_.reserve(n);
  input_error_end_.reserve(n);
}

SSPRULES_INLINE void record_batch::clear() {
  size_ = 0;
  slots_.clear();
  states_.clear();
  ids_.clear();
  has_id_.clear();
  as_of_.clear();
  strings_.clear();
  items_.clear();
  item_states_.clear();
  input_errors_.clear();
  input_error_end_.clear();
  record_errors_.clear();
  errors_.clear();
  error_index_.clear();
}

SSPRULES_INLINE std::uint32_t record_batch::intern(const record_error& e) {
  // the problems of a register repeat: a few columns fail in a few ways
  const std::size_t n = errors_.size();
  for (std::size_t k = n; k > 0 && k + 16 > n; --k) {
    if (errors_[k - 1] == e) return static_cast<std::uint32_t>(k - 1);
  }
  const std::size_t h = std::hash<std::string_view>()(e.message) ^
                        (std::hash<std::string_view>()(e.field) * 31) ^
                        std::hash<std::string_view>()(e.code);
  auto [from, to] = error_index_.equal_range(h);
  for (auto it = from; it != to; ++it) {
    if (errors_[it->second] == e) return it->second;
  }
  errors_.push_back(e);
  error_index_.emplace(h, static_cast<std::uint32_t>(n));
  return static_cast<std::uint32_t>(n);
}

SSPRULES_INLINE void record_batch::push_back(const facts& record) {
  const detail::program_impl& p = prog_.impl();
  auto index = static_cast<std::uint32_t>(size_);
  if (record.error_) {
    record_errors_.emplace_back(index, *record.error_);
  }
  bool ours = record.decoded_for(prog_) && record.slots_.size() == inputs_;
  if (!record.error_ && !ours)
    record_errors_.emplace_back(index, detail::decoded_for_another(prog_.id()));
  std::size_t base = slots_.size();
  slots_.resize(base + inputs_, 0);
  states_.resize(base + inputs_, detail::state_missing);
  if (ours) {
    for (std::size_t j = 0; j < inputs_; ++j) {
      slots_[base + j] = record.slots_[j];
      states_[base + j] = record.state_[j];
      // string inputs point into the batch's own texts
      if (p.inputs[j].type.kind == type_kind::string && record.state_[j] == detail::state_present) {
        slots_[base + j] = static_cast<std::int64_t>(strings_.size()) << 1;
        strings_.push_back(record.strings_[j]);
      }
      // list inputs into the batch's one arena of items (and their texts)
      if (p.inputs[j].type.kind == type_kind::list && record.state_[j] == detail::state_present) {
        const std::int64_t ref = record.slots_[j];
        const auto& fields = p.inputs[j].items;
        const std::size_t width = fields.size();
        const std::size_t from = detail::list_first(ref);
        const std::size_t count = detail::list_size(ref) * width;
        const std::size_t to = items_.size();
        items_.insert(items_.end(), record.items_.begin() + static_cast<std::ptrdiff_t>(from),
                      record.items_.begin() + static_cast<std::ptrdiff_t>(from + count));
        item_states_.insert(
            item_states_.end(), record.item_states_.begin() + static_cast<std::ptrdiff_t>(from),
            record.item_states_.begin() + static_cast<std::ptrdiff_t>(from + count));
        for (std::size_t f = 0; f < width; ++f) {
          if (fields[f].type.kind != type_kind::string) continue;
          for (std::size_t at = to + f; at < items_.size(); at += width) {
            if (item_states_[at] != detail::state_present) continue;
            const auto text = static_cast<std::size_t>(items_[at] >> 1);
            items_[at] = static_cast<std::int64_t>(strings_.size()) << 1;
            strings_.push_back(record.strings_[text]);
          }
        }
        slots_[base + j] = detail::list_ref(to, detail::list_size(ref));
      }
    }
  }
  ids_.push_back(record.id_);
  has_id_.push_back(record.has_id_ ? 1 : 0);
  as_of_.push_back(record.as_of_ ? record.as_of_->days()
                                 : std::numeric_limits<std::int32_t>::min());
  for (const auto& [input, e] : record.input_errors_) input_errors_.emplace_back(input, intern(e));
  input_error_end_.push_back(static_cast<std::uint32_t>(input_errors_.size()));
  ++size_;
}

SSPRULES_INLINE const record_error* record_batch::error(std::size_t i) const {
  auto it = std::lower_bound(record_errors_.begin(), record_errors_.end(), i,
                             [](const auto& e, std::size_t at) { return e.first < at; });
  return it != record_errors_.end() && it->first == i ? &it->second : nullptr;
}

SSPRULES_INLINE std::optional<date> record_batch::as_of(std::size_t i) const {
  if (as_of_[i] == std::numeric_limits<std::int32_t>::min()) return std::nullopt;
  return date::from_days(as_of_[i]);
}

// ---- tables given column by column

SSPRULES_INLINE column_view column_view::absent(std::size_t rows) noexcept {
  column_view c;
  c.size_ = rows;
  return c;
}

#define SSPRULES_COLUMN_FACTORY(name, T)                                                \
  SSPRULES_INLINE column_view column_view::name(std::span<const T> values,              \
                                                const std::uint8_t* missing) noexcept { \
    column_view c;                                                                      \
    c.kind_ = kind::name;                                                               \
    c.size_ = values.size();                                                            \
    c.data_ = values.data();                                                            \
    c.missing_ = missing;                                                               \
    return c;                                                                           \
  }
SSPRULES_COLUMN_FACTORY(booleans, std::uint8_t)
SSPRULES_COLUMN_FACTORY(integers, std::int64_t)
SSPRULES_COLUMN_FACTORY(reals, double)
SSPRULES_COLUMN_FACTORY(days, std::int32_t)
SSPRULES_COLUMN_FACTORY(nanoseconds, std::int64_t)
#undef SSPRULES_COLUMN_FACTORY

SSPRULES_INLINE column_view column_view::dictionary(std::span<const std::int64_t> codes,
                                                    std::span<const field_value> entries) noexcept {
  column_view c;
  c.kind_ = kind::dictionary;
  c.size_ = codes.size();
  c.data_ = codes.data();
  c.entries_ = entries;
  return c;
}

SSPRULES_INLINE column_view column_view::fields(std::span<const field_value> values) noexcept {
  column_view c;
  c.kind_ = kind::fields;
  c.size_ = values.size();
  c.data_ = values.data();
  return c;
}

SSPRULES_INLINE column_view column_view::rows(std::size_t first, std::size_t count) const noexcept {
  column_view c = *this;
  first = std::min(first, size_);
  c.size_ = std::min(count, size_ - first);
  if (c.missing_ != nullptr) c.missing_ += first;
  std::size_t width = 0;
  switch (kind_) {
    case kind::absent:
      break;
    case kind::booleans:
      width = sizeof(std::uint8_t);
      break;
    case kind::integers:
    case kind::nanoseconds:
    case kind::dictionary:
      width = sizeof(std::int64_t);
      break;
    case kind::reals:
      width = sizeof(double);
      break;
    case kind::days:
      width = sizeof(std::int32_t);
      break;
    case kind::fields:
      width = sizeof(field_value);
      break;
  }
  if (c.data_ != nullptr) c.data_ = static_cast<const char*>(c.data_) + first * width;
  return c;
}

namespace detail {
inline constexpr std::int64_t nanoseconds_per_day = 86'400'000'000'000;
inline constexpr const char* time_of_day = "a date and time (give a date)";
}  // namespace detail

SSPRULES_INLINE field_value column_view::at(std::size_t i) const noexcept {
  if (missing_ != nullptr && missing_[i] != 0) return field_value::absent();
  switch (kind_) {
    case kind::absent:
      return field_value::absent();
    case kind::booleans:
      return field_value::boolean(static_cast<const std::uint8_t*>(data_)[i] != 0);
    case kind::integers:
      return field_value::integer(static_cast<const std::int64_t*>(data_)[i]);
    case kind::reals:
      return field_value::real(static_cast<const double*>(data_)[i]);
    case kind::days:
      return field_value::of_date(date::from_days(static_cast<const std::int32_t*>(data_)[i]));
    case kind::nanoseconds: {
      const std::int64_t ns = static_cast<const std::int64_t*>(data_)[i];
      if (ns == std::numeric_limits<std::int64_t>::min()) return field_value::absent();  // NaT
      if (ns % detail::nanoseconds_per_day != 0) return field_value::invalid(detail::time_of_day);
      return field_value::of_date(
          date::from_days(static_cast<std::int32_t>(ns / detail::nanoseconds_per_day)));
    }
    case kind::dictionary: {
      const std::int64_t code = static_cast<const std::int64_t*>(data_)[i];
      if (code < 0 || static_cast<std::size_t>(code) >= entries_.size()) {
        return field_value::absent();
      }
      return entries_[static_cast<std::size_t>(code)];
    }
    case kind::fields:
      return static_cast<const field_value*>(data_)[i];
  }
  return field_value::absent();
}

SSPRULES_INLINE void record_decoder::decode_columns(const record_layout& layout,
                                                    std::span<const column_view> columns,
                                                    std::size_t rows, record_batch& out) const {
  const detail::program_impl& p = prog_.impl();
  auto refuse = [&](const std::string& why) {
    throw error("record_decoder::decode_columns: " + why);
  };
  if (!out.prog_.valid() || out.prog_.impl().serial != p.serial) {
    refuse("the batch is for another program than the decoder's (`" + prog_.id() + "`)");
  }
  if (columns.size() != layout.column_input.size()) {
    refuse(std::to_string(columns.size()) + " columns given for a layout of " +
           std::to_string(layout.column_input.size()));
  }
  // by rows, where columns do not map one to one onto inputs the columns decode alone
  bool by_rows = !layout.duplicates.empty();
  std::vector<std::uint8_t> given(p.inputs.size(), 0);
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const column_view& col = columns[c];
    if (col.size() != rows) {
      refuse("column " + std::to_string(c + 1) + " has " + std::to_string(col.size()) +
             " rows where the table has " + std::to_string(rows) +
             "; give every column the table's rows");
    }
    if (col.kind_ == column_view::kind::dictionary) {
      const auto* codes = static_cast<const std::int64_t*>(col.data_);
      for (std::size_t r = 0; r < rows; ++r) {
        if (codes[r] >= static_cast<std::int64_t>(col.entries_.size())) {
          refuse("column " + std::to_string(c + 1) + ", row " + std::to_string(r + 1) + ": code " +
                 std::to_string(codes[r]) + " past its " + std::to_string(col.entries_.size()) +
                 " entries");
        }
      }
    }
    const std::int32_t input = layout.column_input[c];
    if (input < 0) continue;
    if (static_cast<std::size_t>(input) >= given.size()) refuse("the layout is another program's");
    by_rows = by_rows || given[static_cast<std::size_t>(input)] != 0 ||
              p.inputs[static_cast<std::size_t>(input)].type.kind == type_kind::list;
    given[static_cast<std::size_t>(input)] = 1;
  }
  if (by_rows) return decode_rows(layout, columns, rows, out);

  const std::size_t inputs = out.inputs_;
  const std::size_t base = out.size_;
  out.slots_.resize((base + rows) * inputs, 0);
  out.states_.resize((base + rows) * inputs, detail::state_missing);
  out.ids_.resize(base + rows);
  out.has_id_.resize(base + rows, 0);
  out.as_of_.resize(base + rows, std::numeric_limits<std::int32_t>::min());
  std::int64_t* slots = out.slots_.data() + base * inputs;
  std::uint8_t* states = out.states_.data() + base * inputs;

  // `id`, then `as_of`: as row by row, a bad `as_of` is the record's problem over a bad `id`
  std::vector<std::pair<std::uint32_t, record_error>> record_problems;
  if (layout.id_column >= 0) {
    const column_view& col = columns[static_cast<std::size_t>(layout.id_column)];
    for (std::size_t r = 0; r < rows; ++r) {
      switch (detail::read_id(col.at(r), out.ids_[base + r])) {
        case detail::decode_status::absent:
          break;
        case detail::decode_status::present:
          out.has_id_[base + r] = 1;
          break;
        case detail::decode_status::failed:
          record_problems.emplace_back(static_cast<std::uint32_t>(r), detail::id_error());
          break;
      }
    }
  }
  if (layout.as_of_column >= 0) {
    const column_view& col = columns[static_cast<std::size_t>(layout.as_of_column)];
    std::vector<std::pair<std::uint32_t, record_error>> merged;
    auto id_problem = record_problems.begin();
    for (std::size_t r = 0; r < rows; ++r) {
      std::optional<date> d;
      const auto row = static_cast<std::uint32_t>(r);
      bool failed = false;
      switch (detail::read_as_of(col.at(r), d)) {
        case detail::decode_status::absent:
          break;
        case detail::decode_status::present:
          out.as_of_[base + r] = d->days();
          break;
        case detail::decode_status::failed:
          failed = true;
          break;
      }
      const bool id_failed = id_problem != record_problems.end() && id_problem->first == row;
      if (failed) {
        merged.emplace_back(row, detail::as_of_error());
      } else if (id_failed) {
        merged.push_back(std::move(*id_problem));
      }
      if (id_failed) ++id_problem;
    }
    record_problems = std::move(merged);
  }
  for (auto& [row, e] : record_problems) {
    out.record_errors_.emplace_back(static_cast<std::uint32_t>(base + row), std::move(e));
  }

  // (row, input, index into out.errors_) of every input problem, sorted by row and input at
  // the end (as `finish` sorts a record's problems)
  std::vector<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t>> problems;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const std::int32_t input = layout.column_input[c];
    if (input < 0) continue;
    const auto i = static_cast<std::uint32_t>(input);
    const detail::input_slot& in = p.inputs[i];
    const column_view& col = columns[c];
    const std::uint8_t* missing = col.missing_;
    std::int64_t* slot = slots + i;
    std::uint8_t* state = states + i;
    // a decoded cell into row r: its value (a string's text into the batch) or its problem
    auto put = [&](std::size_t r, detail::decode_status status, std::int64_t bits,
                   std::string_view text, std::uint32_t problem) {
      switch (status) {
        case detail::decode_status::absent:
          return;
        case detail::decode_status::failed:
          problems.emplace_back(static_cast<std::uint32_t>(r), i, problem);
          state[r * inputs] = detail::state_failed;
          return;
        case detail::decode_status::present:
          break;
      }
      if (in.type.kind == type_kind::string) {
        bits = static_cast<std::int64_t>(out.strings_.size()) << 1;
        out.strings_.emplace_back(text);
      }
      slot[r * inputs] = bits;
      state[r * inputs] = detail::state_present;
    };
    // one cell as the row decoder reads it (the general way, and every problem's message,
    // built once per way of failing)
    detail::failure_memo memo;
    auto cell = [&](std::size_t r, const field_value& v) {
      std::int64_t bits = 0;
      std::string_view text;
      record_error why;
      const auto status = detail::decode_value(in, v, {in.name, 0, {}}, p, bits, text, why, &memo);
      std::uint32_t problem = 0;
      if (status == detail::decode_status::failed) {
        if (memo.hit) {
          problem = *memo.hit;
        } else {
          problem = out.intern(why);
          memo.remember(problem);
        }
      }
      put(r, status, bits, text, problem);
    };
    auto each = [&](auto fast) {  // rows with a value; `fast` false: read it the general way
      for (std::size_t r = 0; r < rows; ++r) {
        if (missing != nullptr && missing[r] != 0) continue;
        if (!fast(r)) cell(r, col.at(r));
      }
    };
    auto present = [&](std::size_t r, std::int64_t bits) {
      slot[r * inputs] = bits;
      state[r * inputs] = detail::state_present;
      return true;
    };
    using ck = column_view::kind;
    const type_kind want = in.type.kind;
    if (col.kind_ == ck::absent) continue;
    if (col.kind_ == ck::booleans && want == type_kind::boolean) {
      const auto* d = static_cast<const std::uint8_t*>(col.data_);
      each([&](std::size_t r) { return present(r, d[r] != 0 ? 1 : 0); });
    } else if (col.kind_ == ck::integers && want == type_kind::integer) {
      const auto* d = static_cast<const std::int64_t*>(col.data_);
      const std::int64_t lo = in.min.value_or(std::numeric_limits<std::int64_t>::min());
      const std::int64_t hi = in.max.value_or(std::numeric_limits<std::int64_t>::max());
      each([&](std::size_t r) { return d[r] >= lo && d[r] <= hi && present(r, d[r]); });
    } else if (col.kind_ == ck::days && want == type_kind::date) {
      const auto* d = static_cast<const std::int32_t*>(col.data_);
      each([&](std::size_t r) { return present(r, detail::cal::pack(d[r])); });
    } else if (col.kind_ == ck::nanoseconds && want == type_kind::date) {
      const auto* d = static_cast<const std::int64_t*>(col.data_);
      each([&](std::size_t r) {
        const std::int64_t ns = d[r];
        if (ns == std::numeric_limits<std::int64_t>::min()) return true;  // NaT: absent
        if (ns % detail::nanoseconds_per_day != 0) return false;
        return present(
            r, detail::cal::pack(static_cast<std::int32_t>(ns / detail::nanoseconds_per_day)));
      });
    } else if (col.kind_ == ck::dictionary) {
      // each entry decoded once: (status, bits or text, problem)
      struct entry {
        detail::decode_status status = detail::decode_status::absent;
        std::int64_t bits = 0;
        std::string_view text;
        std::uint32_t problem = 0;
      };
      std::vector<entry> entries(col.entries_.size());
      for (std::size_t k = 0; k < entries.size(); ++k) {
        record_error why;
        entries[k].status = detail::decode_value(in, col.entries_[k], {in.name, 0, {}}, p,
                                                 entries[k].bits, entries[k].text, why);
        if (entries[k].status == detail::decode_status::failed) {
          entries[k].problem = out.intern(why);
        }
      }
      const auto* codes = static_cast<const std::int64_t*>(col.data_);
      for (std::size_t r = 0; r < rows; ++r) {
        if (codes[r] < 0) continue;
        const entry& e = entries[static_cast<std::size_t>(codes[r])];
        put(r, e.status, e.bits, e.text, e.problem);
      }
    } else {
      each([](std::size_t) { return false; });
    }
  }
  // what no column gave: defaults, required inputs missing (list inputs went row by row)
  for (std::uint32_t i = 0; i < p.inputs.size(); ++i) {
    const detail::input_slot& in = p.inputs[i];
    std::optional<std::uint32_t> required;
    for (std::size_t r = 0; r < rows; ++r) {
      if (states[r * inputs + i] != detail::state_missing) continue;
      if (in.default_bits) {
        slots[r * inputs + i] = *in.default_bits;
        states[r * inputs + i] = detail::state_present;
      } else if (in.required) {
        if (!required) {
          required = out.intern({detail::codes::required_input_missing.id,
                                 "missing required input `" + in.name + "`", in.name});
        }
        problems.emplace_back(static_cast<std::uint32_t>(r), i, *required);
        states[r * inputs + i] = detail::state_failed;
      }
    }
  }
  std::sort(problems.begin(), problems.end());
  out.input_error_end_.reserve(base + rows);
  auto problem = problems.begin();
  for (std::size_t r = 0; r < rows; ++r) {
    for (; problem != problems.end() && std::get<0>(*problem) == r; ++problem) {
      out.input_errors_.emplace_back(std::get<1>(*problem), std::get<2>(*problem));
    }
    out.input_error_end_.push_back(static_cast<std::uint32_t>(out.input_errors_.size()));
  }
  out.size_ = base + rows;
}

// The general way, for columns that do not map one to one onto inputs of their own (a list
// input, an input given twice): each row as its fields, decoded as `decode(layout, row, ...)`.
SSPRULES_INLINE void record_decoder::decode_rows(const record_layout& layout,
                                                 std::span<const column_view> columns,
                                                 std::size_t rows, record_batch& out) const {
  std::vector<field_value> row(columns.size());
  facts record;
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < columns.size(); ++c) row[c] = columns[c].at(r);
    decode(layout, row, record);
    out.push_back(record);
  }
}

}  // namespace ssprules::inline SSPRULES_ABI
