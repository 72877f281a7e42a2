// Case records: the one decoder from raw fields (CSV cells, JSON values, YAML scalars, host
// language values) to typed facts for a program. Shared by the CLI, C++ callers and Python.
#pragma once
#include "ssprules/version.hpp"  // first: the C++20 check
#ifndef SSPRULES_FIRST_HEADER
#  define SSPRULES_FIRST_HEADER 14  // header-first: see the end of this file
#endif

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <ranges>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "ssprules/calendar.hpp"
#include "ssprules/compile.hpp"
#include "ssprules/record_error.hpp"
#include "ssprules/value.hpp"

namespace ssprules::inline SSPRULES_ABI {

namespace detail {
struct evaluator;
}

namespace detail {
/// The error (SR1008) of a record evaluated with a program other than the one that decoded it.
[[nodiscard]] record_error decoded_for_another(const std::string& policy_id);
}  // namespace detail

/// A field's value as a source gives it, before the policy's types are applied. How each kind
/// is read for each input type is the table "How records are read" in docs/rule-language.md;
/// the record decoder is its one implementation, shared by the CLI, C++ callers and Python.
///
/// Texts are views, not copies (a CSV reader hands out millions of cells): they must stay valid
/// until the field is decoded. So that a temporary cannot dangle, the text factories refuse an
/// rvalue `std::string` (`field_value::text("case-" + id)` does not compile: keep the string in
/// a variable first).
/// Thread-compatible.
class field_value {
 public:
  enum class kind : std::uint8_t {
    absent,  ///< missing, null, an empty CSV cell, None/NaN/NaT/NA in Python
    text,    ///< untyped text read by the field's declared type (CSV cells, YAML plain scalars)
    string,  ///< a JSON string, a Python str, a quoted YAML scalar: for strings, enums and dates
    number,  ///< a number written as text (a JSON number, a Python int beyond 64 bits, Decimal)
    boolean,
    integer,
    decimal,
    real,  ///< a binary floating-point number (a C++ double, a Python float); NaN is absent
    date,
    invalid,  ///< a value of a kind no input accepts (a time of day, a Python set)
    list,     ///< the items of a list input (a JSON array, a Python list, tuple or array)
    record,   ///< one item of a list of records: its fields by name (a JSON object, a dict)
  };

  field_value() = default;
  [[nodiscard]] static field_value absent() { return {}; }
  [[nodiscard]] static field_value text(std::string_view t) { return make(kind::text, t); }
  [[nodiscard]] static field_value text(const char* t) { return make(kind::text, t); }
  static field_value text(std::string&&) = delete;  // would dangle: keep the string alive
  [[nodiscard]] static field_value string(std::string_view t) { return make(kind::string, t); }
  [[nodiscard]] static field_value string(const char* t) { return make(kind::string, t); }
  static field_value string(std::string&&) = delete;  // would dangle
  [[nodiscard]] static field_value number(std::string_view t) { return make(kind::number, t); }
  [[nodiscard]] static field_value number(const char* t) { return make(kind::number, t); }
  static field_value number(std::string&&) = delete;  // would dangle
  [[nodiscard]] static field_value boolean(bool b) {
    field_value v;
    v.kind_ = kind::boolean;
    v.bits_ = b ? 1 : 0;
    return v;
  }
  [[nodiscard]] static field_value integer(std::int64_t i) {
    field_value v;
    v.kind_ = kind::integer;
    v.bits_ = i;
    return v;
  }
  [[nodiscard]] static field_value of_decimal(decimal d) {
    field_value v;
    v.kind_ = kind::decimal;
    v.bits_ = d.micros();
    return v;
  }
  /// A binary floating-point number, read as its shortest round-trip decimal form (0.1 is
  /// `0.1`, 1e-05 is `0.00001`); NaN is absent, an infinity fits no input.
  [[nodiscard]] static field_value real(double x) {
    field_value v;
    v.kind_ = kind::real;
    v.real_ = x;
    return v;
  }
  [[nodiscard]] static field_value of_date(date d) {
    field_value v;
    v.kind_ = kind::date;
    v.bits_ = d.days();
    return v;
  }
  /// A value of a kind no input accepts; `what` names it in the error ("a list").
  [[nodiscard]] static field_value invalid(std::string_view what) {
    return make(kind::invalid, what);
  }
  [[nodiscard]] static field_value invalid(const char* what) { return make(kind::invalid, what); }
  static field_value invalid(std::string&&) = delete;  // would dangle
  /// A list: its items, each a scalar or a `record` (a view: the items must stay valid until
  /// the field is decoded, as texts must). A CSV cell of a list input is `text`, items
  /// separated by `;`.
  [[nodiscard]] static field_value list(std::span<const field_value> items) {
    field_value v;
    v.kind_ = kind::list;
    v.items_ = items.data();
    v.count_ = clamped(items.size());
    return v;
  }
  /// One item of a list of records: its fields by name (a view, as for `list`).
  [[nodiscard]] static field_value record(
      std::span<const std::pair<std::string_view, field_value>> fields) {
    field_value v;
    v.kind_ = kind::record;
    v.fields_ = fields.data();
    v.count_ = clamped(fields.size());
    return v;
  }

  [[nodiscard]] kind get_kind() const noexcept { return kind_; }
  [[nodiscard]] std::string_view get_text() const noexcept { return text_; }
  [[nodiscard]] std::int64_t bits() const noexcept { return bits_; }
  [[nodiscard]] double get_real() const noexcept { return real_; }
  /// The items of a `list` (empty for other kinds).
  [[nodiscard]] std::span<const field_value> get_items() const noexcept {
    if (kind_ != kind::list) return {};
    return {items_, count_};
  }
  /// The fields of a `record` (empty for other kinds).
  [[nodiscard]] std::span<const std::pair<std::string_view, field_value>> get_fields()
      const noexcept {
    if (kind_ != kind::record) return {};
    return {fields_, count_};
  }

 private:
  // more than 2^32 - 1 items is read as that many: far over every limit, so an error
  static std::uint32_t clamped(std::size_t n) {
    return n > 0xFFFFFFFFU ? 0xFFFFFFFFU : static_cast<std::uint32_t>(n);
  }
  static field_value make(kind k, std::string_view t) {
    field_value v;
    v.kind_ = k;
    v.text_ = t;
    return v;
  }
  kind kind_ = kind::absent;
  std::uint32_t count_ = 0;  // items of a list, fields of a record
  union {
    std::int64_t bits_ = 0;
    double real_;
    const field_value* items_;                                // list
    const std::pair<std::string_view, field_value>* fields_;  // record
  };
  std::string_view text_;  // not owned: valid while the caller's buffer is
};

namespace detail {
/// An element of a range of named fields: `first` a name, `second` a `field_value`.
template <class E>
concept named_field = requires(E e) {
  { e.first } -> std::convertible_to<std::string_view>;
  { e.second } -> std::convertible_to<const field_value&>;
};
/// The name of element `E` stays valid while the range does: the element is a reference into
/// the range, or a name that does not own its text (an element made on the fly with a
/// `std::string` name would leave a dangling view).
template <class E>
concept lasting_name = std::is_lvalue_reference_v<E> ||
    std::is_trivially_copyable_v<std::remove_cvref_t<decltype(std::declval<E>().first)>>;
/// A range of named fields that `record_decoder::decode` copies into one vector of views (a
/// `std::map`, a `std::unordered_map`, a `std::vector` of pairs …); not what already is a span
/// of pairs of a view and a `field_value`.
template <class R>
concept named_field_range =
    std::ranges::input_range<R> && named_field<std::ranges::range_reference_t<R>> &&
    lasting_name<std::ranges::range_reference_t<R>> &&
    !std::is_convertible_v<R, std::span<const std::pair<std::string_view, field_value>>>;
}  // namespace detail

/// One column of a table, read in place: what a DataFrame, an Arrow array or a Parquet reader
/// holds (typed values and, optionally, a byte per row that is nonzero where the row has no
/// value, as pandas' masks). `record_decoder::decode_columns` reads a whole column with its
/// kind tested once, and each entry of a dictionary column decoded once; each cell reads as the
/// `field_value` named beside its factory would (the table "How records are read").
/// Thread-compatible: a view; the data must outlive it.
class column_view {
 public:
  enum class kind : std::uint8_t {
    absent,
    booleans,
    integers,
    reals,
    days,
    nanoseconds,
    dictionary,
    fields
  };

  /// A column with no value in any of its `rows` rows (a column the caller does not give).
  static column_view absent(std::size_t rows) noexcept;
  /// 0/1 bytes: `field_value::boolean`.
  static column_view booleans(std::span<const std::uint8_t> values,
                              const std::uint8_t* missing = nullptr) noexcept;
  /// `field_value::integer`.
  static column_view integers(std::span<const std::int64_t> values,
                              const std::uint8_t* missing = nullptr) noexcept;
  /// `field_value::real` (NaN is absent).
  static column_view reals(std::span<const double> values,
                           const std::uint8_t* missing = nullptr) noexcept;
  /// Days since 1970-01-01: `field_value::of_date`.
  static column_view days(std::span<const std::int32_t> values,
                          const std::uint8_t* missing = nullptr) noexcept;
  /// Nanoseconds since 1970-01-01 (numpy's datetime64[ns]; INT64_MIN, NaT, is absent): a date at
  /// midnight, any other time of day `invalid` ("a date and time (give a date)").
  static column_view nanoseconds(std::span<const std::int64_t> values,
                                 const std::uint8_t* missing = nullptr) noexcept;
  /// Codes into `entries` (a categorical column, an Arrow dictionary array): code k reads as
  /// `entries[k]`, a negative code is absent. Codes past the entries throw `ssprules::error` in
  /// `decode_columns`.
  static column_view dictionary(std::span<const std::int64_t> codes,
                                std::span<const field_value> entries) noexcept;
  /// Any fields, one per row.
  static column_view fields(std::span<const field_value> values) noexcept;

  /// Rows `first` .. `first + count - 1` (clamped to the column).
  [[nodiscard]] column_view rows(std::size_t first, std::size_t count) const noexcept;
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] kind get_kind() const noexcept { return kind_; }
  /// Row `i` as the field it reads as.
  [[nodiscard]] field_value at(std::size_t i) const noexcept;

 private:
  friend class record_decoder;
  kind kind_ = kind::absent;
  std::size_t size_ = 0;
  const void* data_ = nullptr;
  const std::uint8_t* missing_ = nullptr;
  std::span<const field_value> entries_;  // dictionary
};

/// A field name that is not an input of a policy, and the input it most likely means.
/// Thread-compatible.
struct unknown_field {
  std::string name;
  std::string
      suggestion;  ///< the closest input (same name up to case and spaces, or a typo); "" if none
  friend bool operator==(const unknown_field&, const unknown_field&) = default;
};

/// One decoded record, ready to evaluate against the program whose decoder made it. Holds the
/// record's `id`, its own `as_of` (if it has one), the typed inputs and a problem per input, and
/// the identity of that program: evaluated with any other program (another version of the
/// policy, even one that only reorders an enum), the record gets an error (SR1008).
/// Thread-compatible: give each thread its own (a decoder refills it record after record).
class facts {
 public:
  facts() = default;

  /// The record's `id` field ("" when absent).
  [[nodiscard]] const std::string& id() const noexcept { return id_; }
  [[nodiscard]] bool has_id() const noexcept { return has_id_; }
  /// True when input `i` (in `program::inputs()` order) has a value, given or by default.
  [[nodiscard]] bool has_input(std::size_t i) const noexcept {
    return i < state_.size() && state_[i] == 0;
  }
  /// The record's own `as_of`, which overrides the caller's evaluation date.
  [[nodiscard]] const std::optional<date>& as_of() const noexcept { return as_of_; }
  /// A problem with the record as a whole (malformed row, invalid `as_of`); when set, the
  /// record is not evaluated.
  [[nodiscard]] const std::optional<record_error>& error() const noexcept { return error_; }
  /// Problems with single inputs (missing, wrong type, invalid date …): (input index, error).
  [[nodiscard]] const std::vector<std::pair<std::uint32_t, record_error>>& input_errors()
      const noexcept {
    return input_errors_;
  }

  /// Sets the record id; used by the readers and bindings.
  void set_id(std::string id) {
    id_ = std::move(id);
    has_id_ = true;
  }
  /// Marks the whole record as broken.
  void set_error(record_error e) { error_ = std::move(e); }
  /// Sets or clears the record's own `as_of`.
  void set_as_of(std::optional<date> d) { as_of_ = d; }
  /// True when `prog`'s decoder (or one of a copy of `prog`) decoded this record.
  [[nodiscard]] bool decoded_for(const program& prog) const noexcept;

 private:
  friend class record_decoder;
  friend class record_batch;
  friend struct detail::evaluator;

  std::string id_;
  bool has_id_ = false;
  std::uint64_t program_ = 0;  // serial of the program it was decoded for; 0: none
  std::optional<date> as_of_;
  std::optional<record_error> error_;
  std::vector<std::int64_t> slots_;   // one per input
  std::vector<std::uint8_t> state_;   // 0 present, 1 missing (optional), 2 failed
  std::vector<std::string> strings_;  // string inputs' text, by input index; then list items'
  std::vector<std::int64_t> items_;   // the items of list inputs (detail::list_ref)
  std::vector<std::uint8_t> item_states_;
  std::vector<std::pair<std::uint32_t, record_error>> input_errors_;
};

/// The problems with single inputs of one record of a `record_batch`: (input index, error) pairs,
/// in input order. A view into the batch: valid until the batch changes. Thread-compatible.
class input_error_range {
 public:
  using ref = std::pair<std::uint32_t, std::uint32_t>;  // (input, index into the errors)
  /// Goes over the pairs in order. Thread-compatible: a position in the view.
  class iterator {
   public:
    using value_type = std::pair<std::uint32_t, const record_error&>;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    value_type operator*() const { return {at_->first, errors_[at_->second]}; }
    iterator& operator++() {
      ++at_;
      return *this;
    }
    iterator operator++(int) {
      iterator was = *this;
      ++at_;
      return was;
    }
    friend bool operator==(const iterator& a, const iterator& b) { return a.at_ == b.at_; }

   private:
    friend class input_error_range;
    iterator(const ref* at, const record_error* errors) : at_(at), errors_(errors) {}
    const ref* at_ = nullptr;
    const record_error* errors_ = nullptr;
  };
  input_error_range(const ref* first, const ref* last, const record_error* errors)
      : first_(first), last_(last), errors_(errors) {}
  [[nodiscard]] iterator begin() const { return {first_, errors_}; }
  [[nodiscard]] iterator end() const { return {last_, errors_}; }
  [[nodiscard]] std::size_t size() const { return static_cast<std::size_t>(last_ - first_); }
  [[nodiscard]] bool empty() const { return first_ == last_; }

 private:
  const ref* first_;
  const ref* last_;
  const record_error* errors_;
};

/// Many decoded records for one program, stored compactly (one row of input slots per record),
/// for `evaluate_batch`: a whole case register held once and evaluated as often as needed.
/// Thread-compatible: fill it from one thread; then any number may read or evaluate it.
class record_batch {
 public:
  /// An empty batch for a program.
  explicit record_batch(const program& prog);

  /// Number of records.
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  /// Reserves room for `n` records.
  void reserve(std::size_t n);
  /// Removes every record (keeps the memory).
  void clear();
  /// Appends one decoded record. A record decoded for another program is kept as a record
  /// error (SR1008), so that the batch still has one entry per record.
  void push_back(const facts& record);

  /// The record's `id` ("" when absent) and whether it had one.
  [[nodiscard]] const std::string& id(std::size_t i) const { return ids_[i]; }
  [[nodiscard]] bool has_id(std::size_t i) const { return has_id_[i] != 0; }
  /// The record's own `as_of`, if it has one.
  [[nodiscard]] std::optional<date> as_of(std::size_t i) const;
  /// The program the records were decoded for.
  [[nodiscard]] const program& target() const noexcept { return prog_; }
  /// Record `i`'s problems with single inputs, in input order: a range of (input index, error)
  /// pairs, as `facts::input_errors()` has them. Each distinct error is stored once per batch.
  [[nodiscard]] input_error_range input_errors(std::size_t i) const {
    const std::uint32_t from = i == 0 ? 0 : input_error_end_[i - 1];
    return {input_errors_.data() + from, input_errors_.data() + input_error_end_[i],
            errors_.data()};
  }
  /// The record's problem as a whole (a malformed row, an invalid `as_of`, an invalid `id`),
  /// if it has one.
  [[nodiscard]] const record_error* error(std::size_t i) const;

 private:
  friend struct detail::evaluator;
  friend class record_decoder;
  // the index of `e` in errors_, added when it is new (the last few are compared first)
  std::uint32_t intern(const record_error& e);
  program prog_;
  std::size_t size_ = 0;
  std::size_t inputs_ = 0;
  std::vector<std::int64_t> slots_;   // size_ rows of inputs_ slots
  std::vector<std::uint8_t> states_;  // likewise
  std::vector<std::string> ids_;
  std::vector<std::uint8_t> has_id_;
  std::vector<std::int32_t> as_of_;   // INT32_MIN: none
  std::vector<std::string> strings_;  // texts of string inputs; their slots hold (index << 1)
  // the items of all records' list inputs, one arena (their slots hold detail::list_ref)
  std::vector<std::int64_t> items_;
  std::vector<std::uint8_t> item_states_;
  // the input errors of all records, in order: (input, index into errors_)
  std::vector<std::pair<std::uint32_t, std::uint32_t>> input_errors_;
  std::vector<std::uint32_t> input_error_end_;  // per record: end of its input errors
  // each distinct input error once: a register where every row has the same problem holds
  // one copy of it
  std::vector<record_error> errors_;
  std::unordered_multimap<std::size_t, std::uint32_t> error_index_;    // hash -> errors_
  std::vector<std::pair<std::uint32_t, record_error>> record_errors_;  // (record, error), in order
};

/// How a source's columns map to a program's inputs; made once per file header.
/// Thread-compatible.
struct record_layout {
  std::vector<std::int32_t> column_input;  ///< input index per column, -1 if none
  std::int32_t id_column = -1;
  std::int32_t as_of_column = -1;
  std::vector<std::string> unknown;     ///< column names the policy does not know
  std::vector<std::string> duplicates;  ///< names given more than once
};

/// Decodes raw fields into facts for one program: applies declared types, ranges, enum values
/// and defaults, and records a per-input error for each field that does not fit. Never throws
/// for bad data. Immutable: safe to share between threads (one decoder for all).
class record_decoder {
 public:
  explicit record_decoder(const program& prog);

  /// Maps column names (a CSV header) to the program's inputs. Names are matched exactly
  /// (case and spaces count); see `unknown_fields` for the ones that match nothing.
  [[nodiscard]] record_layout bind(std::span<const std::string_view> names) const;
  /// The names among `names` that are neither inputs nor `id`/`as_of`, in order, each once,
  /// with the input it most likely means: the same name up to case and surrounding spaces, else
  /// the closest name within a small edit distance (`kategori` -> `category`).
  [[nodiscard]] std::vector<unknown_field> unknown_fields(
      std::span<const std::string_view> names) const;
  [[nodiscard]] std::vector<unknown_field> unknown_fields(std::span<const std::string> names) const;
  /// Decodes one row whose values follow `layout`; reuses `out`'s storage.
  void decode(const record_layout& layout, std::span<const field_value> row, facts& out) const;
  /// Decodes named fields in any order (JSON objects, dicts, YAML test inputs). A name given
  /// twice is a record error; names that are not inputs are ignored (and appended to
  /// `unknown`, when given).
  void decode(std::span<const std::pair<std::string_view, field_value>> fields, facts& out,
              std::vector<std::string_view>* unknown = nullptr) const;
  /// The same, for a braced list: `decode({{"age", field_value::integer(67)}}, out)`.
  void decode(std::initializer_list<std::pair<std::string_view, field_value>> fields, facts& out,
              std::vector<std::string_view>* unknown = nullptr) const;
  /// The same, for any range of pairs of a name and a `field_value` (`std::map`,
  /// `std::unordered_map`, `std::vector<std::pair<std::string, field_value>>` …): one vector
  /// of views per call, then the span overload. The names must stay valid until it returns.
  template <class R>
  requires detail::named_field_range<R>
  void decode(R&& fields, facts& out, std::vector<std::string_view>* unknown = nullptr) const {
    std::vector<std::pair<std::string_view, field_value>> flat;
    if constexpr (std::ranges::sized_range<R>) {
      flat.reserve(static_cast<std::size_t>(std::ranges::size(fields)));
    } else if constexpr (std::ranges::forward_range<R>) {
      flat.reserve(static_cast<std::size_t>(std::ranges::distance(fields)));
    }
    for (auto&& e : fields) flat.emplace_back(std::string_view(e.first), e.second);
    decode(std::span<const std::pair<std::string_view, field_value>>(flat), out, unknown);
  }

  /// Decodes fields given by input handle (resolved once: `prog.input("category")`), in any
  /// order: the hot path, with no name looked up and, once `out` has held a record of this
  /// program, nothing allocated (unless a string is longer than any before it, or a field does
  /// not fit: its message). Inputs not given are absent (defaults apply). `id` and `as_of` are
  /// not inputs: set them on `out` afterwards (`set_id`, `set_as_of`). An input given twice is a
  /// record error (SR1017). A handle of another program throws `ssprules::error` before `out`
  /// is touched.
  void decode(std::span<const std::pair<input_handle, field_value>> fields, facts& out) const;
  /// The same, for a braced list: `decode({{category, field_value::integer(3)}}, out)`. (A
  /// template only so that `decode({}, out)` still means the list of names.)
  template <class = void>
  void decode(std::initializer_list<std::pair<input_handle, field_value>> fields,
              facts& out) const {
    decode(std::span<const std::pair<input_handle, field_value>>(fields.begin(), fields.size()),
           out);
  }

  /// Decodes a table given column by column (in `layout`'s order, every column of the same
  /// number of rows) and appends its rows to `out`: the records `decode(layout, row, ...)` and
  /// `push_back` would give row by row, with each column's kind tested once, each dictionary
  /// entry decoded once and nothing allocated per record (but a string input's text, and the
  /// first record to have each distinct problem). Throws `ssprules::error`, before `out` is
  /// touched, for a batch of another program, a count of columns other than the layout's,
  /// columns of different lengths or a dictionary code past its entries.
  void decode_columns(const record_layout& layout, std::span<const column_view> columns,
                      record_batch& out) const {
    decode_columns(layout, columns, columns.empty() ? 0 : columns.front().size(), out);
  }
  /// The same for a table of `rows` rows, which every column must have: also a table with no
  /// column the policy reads (every record then has only its defaults and missing inputs).
  void decode_columns(const record_layout& layout, std::span<const column_view> columns,
                      std::size_t rows, record_batch& out) const;

  /// Decodes one field again on a decoded record (`name` an input of the program): its old
  /// value and problems are replaced, and an absent value takes the input's default. For
  /// "what if" questions. Throws `ssprules::error` for a name that is not an input.
  void replace(facts& record, std::string_view name, const field_value& v) const;
  /// `replace` by handle; throws `ssprules::error` for a handle of another program.
  void replace(facts& record, input_handle input, const field_value& v) const;

  /// The program it decodes for.
  [[nodiscard]] const program& target() const noexcept { return prog_; }

 private:
  void begin(facts& out) const;
  void decode_rows(const record_layout& layout, std::span<const column_view> columns,
                   std::size_t rows, record_batch& out) const;
  void set_input(std::uint32_t input, const field_value& v, facts& out) const;
  void set_list(std::uint32_t input, const field_value& v, facts& out) const;
  void set_as_of(const field_value& v, facts& out) const;
  void set_id(const field_value& v, facts& out) const;
  void finish(facts& out) const;
  void finish_input(std::uint32_t i, facts& out) const;
  void replace_input(facts& record, std::uint32_t i, const field_value& v) const;
  void check_handle(input_handle h) const;

  program prog_;
  std::unordered_map<std::string, std::uint32_t> input_index_;
};

/// One line about fields that are not inputs of `prog`, with suggestions, for a warning or, when
/// `refused`, the error of strict mode: "field `Category` is not an input of `x` (did you mean
/// `category`?) and is ignored". At most 32 names; the rest are counted ("and 3 more").
[[nodiscard]] std::string unknown_fields_message(const program& prog,
                                                 std::span<const unknown_field> fields,
                                                 bool refused = false);

}  // namespace ssprules::inline SSPRULES_ABI

// Header-first: in the one translation unit that defines SSPRULES_IMPLEMENTATION, the first
// ssprules header it includes brings every definition once it is complete (detail/config.hpp).
#if defined(SSPRULES_IMPLEMENTATION) && SSPRULES_FIRST_HEADER == 14
#  include "ssprules/impl/all.ipp"
#endif
