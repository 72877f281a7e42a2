// The extension module `ssprules._ssprules`: a thin layer over the C++ library (conversion,
// exceptions, releasing the GIL). The Pythonic surface (Policy, Decision, errors, DataFrames)
// is plain Python in bindings/python/ssprules/.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <deque>
#include <exception>
#include <limits>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "convert.hpp"
#include "results.hpp"
#include "ssprules/detail/vocabulary.hpp"
#include "ssprules/ssprules.hpp"

namespace py = pybind11;

namespace ssprules::python {
namespace {

// A loaded policy with its decoder (made once: decoding looks inputs up by name), and its
// inputs and outputs (enum values in declaration order, as the C++ API gives them: the order of
// `Field.values` and of the codes of enum columns).
struct core {
  explicit core(program p)
      : prog(std::move(p)), decoder(prog), inputs(prog.inputs()), outputs(prog.outputs()) {}
  program prog;
  record_decoder decoder;
  std::vector<input_info> inputs;
  std::vector<output_info> outputs;
};

load_outcome loaded(load_result r) {
  load_outcome out;
  out.core = r.ok() ? py::cast(core(r.prog)) : py::none();
  if (r.ok()) out.text = r.prog.checked().document().file->text();
  out.rendered = render(r.diagnostics);
  out.diagnostics = std::move(r.diagnostics);
  return out;
}

check_options options(bool verify_quotes) {
  check_options o;
  o.verify_quotes = verify_quotes;
  return o;
}

// The evaluation date (the Python layer turns None into today).
date required_date(py::handle as_of_obj) {
  std::optional<date> d = to_date(as_of_obj, "as_of");
  if (!d) throw py::type_error("as_of: give a date");
  return *d;
}

// The unknown-field rule of one call (`strict` or the policy's `unknown_fields:`): raises
// ValueError naming the fields when they are refused, else gives the warning's text (None when
// there is nothing to say); Python emits it as ssprules.UnknownFieldWarning.
std::optional<std::string> unknown_fields_warning(const core& c,
                                                  const std::vector<std::string>& names,
                                                  bool strict) {
  unknown_fields_mode mode = strict ? unknown_fields_mode::error : c.prog.unknown_fields();
  if (names.empty() || mode == unknown_fields_mode::ignore) return std::nullopt;
  std::vector<unknown_field> fields = c.decoder.unknown_fields(std::span<const std::string>(names));
  std::string message = unknown_fields_message(c.prog, fields, mode == unknown_fields_mode::error);
  if (mode == unknown_fields_mode::error) throw py::value_error(message);
  return message;
}

// Field names not seen before, in order (at most 1,000: the warning names 32).
void note_unknown(std::vector<std::string>& names, std::span<const std::string_view> found) {
  for (std::string_view name : found) {
    if (names.size() >= 1000) return;
    if (std::find(names.begin(), names.end(), name) == names.end()) names.emplace_back(name);
  }
}

// Decodes a mapping (field name -> Python value) into `out`; names that are not inputs go to
// `unknown` when given.
void decode_mapping(const core& c, py::handle record, facts& out,
                    std::vector<std::string>* unknown = nullptr) {
  if (!PyDict_Check(record.ptr()) && !PyObject_HasAttrString(record.ptr(), "keys")) {
    throw py::type_error(std::string("a record must be a mapping of field names to values, not ") +
                         Py_TYPE(record.ptr())->tp_name);
  }
  field_storage storage;  // what the fields point into, until decoded
  std::vector<std::pair<std::string_view, field_value>> fields;
  py::object items = py::reinterpret_steal<py::object>(PyMapping_Items(record.ptr()));
  if (!items) throw py::error_already_set();
  for (py::handle item : items) {
    py::handle key = PyTuple_GET_ITEM(item.ptr(), 0);
    if (!PyUnicode_Check(key.ptr())) {
      throw py::type_error("record field names must be str, not " +
                           std::string(Py_TYPE(key.ptr())->tp_name));
    }
    Py_ssize_t size = 0;
    const char* name = PyUnicode_AsUTF8AndSize(key.ptr(), &size);
    if (name == nullptr) throw py::error_already_set();
    fields.emplace_back(std::string_view(name, static_cast<std::size_t>(size)),
                        to_field(PyTuple_GET_ITEM(item.ptr(), 1), storage));
  }
  std::vector<std::string_view> found;
  c.decoder.decode(fields, out, unknown ? &found : nullptr);
  if (unknown) note_unknown(*unknown, found);
}

// One evaluation (the explanation only with `explain`), as the struct sequence `Evaluation`.
py::object evaluate_one(const core& c, py::handle record, py::handle as_of_obj, bool explain,
                        const std::string& lang, bool strict) {
  if (lang != "en" && lang != "da") throw py::value_error("lang: choose \"en\" or \"da\"");
  facts f;
  std::vector<std::string> unknown;
  decode_mapping(c, record, f, &unknown);
  evaluation out;
  out.warning = unknown_fields_warning(c, unknown, strict);  // refused: before evaluating
  decision d = evaluate(c.prog, f, required_date(as_of_obj), {.explain = explain});
  for (const value& v : d.values()) out.values.append(to_python(v));
  if (f.has_id()) out.id = d.id();
  out.as_of = to_python(d.as_of());
  out.error = d.error();
  if (explain) {
    out.explanation_json = d.explanation_json();
    out.explanation_text = explain_record(c.prog, f, required_date(as_of_obj),
                                          lang == "da" ? language::da : language::en);
  }
  return to_python(out);
}

// ---- batches: records in blocks, results as columns

// The result columns of a whole batch, filled block by block (without the GIL) from the
// `result_batch` of each block: arrays allocated once, nothing per record. Errors are kept
// once each (a register where every row has the same problem holds one copy of it) and every
// record has the index of its error (-1: none).
class column_sink {
 public:
  // Allocates the columns (holds the GIL).
  column_sink(const core& c, std::size_t n)
      : outputs_(c.outputs), n_(n), error_of_(static_cast<py::ssize_t>(n)) {
    error_ptr_ = error_of_.mutable_data();
    for (const output_info& o : outputs_) {
      values_.emplace_back(static_cast<py::ssize_t>(n));
      states_.emplace_back(static_cast<py::ssize_t>(n));
      bool objects = o.type.kind == type_kind::string || o.type.kind == type_kind::list;
      objects_.emplace_back(objects ? n : 0);
    }
    for (auto& a : values_) value_ptr_.push_back(a.mutable_data());
    for (auto& a : states_) state_ptr_.push_back(a.mutable_data());
  }

  // Copies the results of records [offset, offset + out.size()) (no GIL; blocks may be
  // written by different threads at once).
  void write(const result_batch& out, std::size_t offset) {
    const std::size_t m = out.size();
    for (std::size_t j = 0; j < outputs_.size(); ++j) {
      const value_type& t = outputs_[j].type;
      auto raw = out.column(j);
      auto states = out.states(j);
      std::copy(states.begin(), states.end(), state_ptr_[j] + offset);
      std::int64_t* dst = value_ptr_[j] + offset;
      if (t.kind == type_kind::enumeration) {
        const std::vector<std::int64_t>& code_of = codes_for(out, j);
        for (std::size_t i = 0; i < m; ++i) {
          dst[i] = states[i] == 0 ? code_of[static_cast<std::size_t>(raw[i])] : -1;
        }
      } else if (!objects_[j].empty()) {
        for (std::size_t i = 0; i < m; ++i) objects_[j][offset + i] = out.get(i, j);
      } else {
        std::copy(raw.begin(), raw.end(), dst);
      }
    }
    std::lock_guard<std::mutex> lock(errors_mutex_);
    for (std::size_t i = 0; i < m; ++i) {
      const record_error* e = out.error(i);
      error_ptr_[offset + i] = e == nullptr ? -1 : intern(*e);
    }
  }

  // The index of record i's error in the table (-1: none); valid once its block is written.
  [[nodiscard]] std::int32_t error_of(std::size_t i) const { return error_ptr_[i]; }
  [[nodiscard]] const record_error& error(std::int32_t k) const {
    return table_[static_cast<std::size_t>(k)];
  }

  // The columns and the errors (`as_of` and `warning` are the caller's). Enum values are
  // codes into the output's declared values (-1 where there is none); strings and lists are
  // Python lists. Holds the GIL.
  batch_result to_python() {
    batch_result result;
    for (std::size_t j = 0; j < outputs_.size(); ++j) {
      py::object values = values_[j];
      if (!objects_[j].empty()) {
        py::list items;
        for (const value& v : objects_[j]) items.append(python::to_python(v));
        values = std::move(items);
      }
      result.outputs.push_back(
          {outputs_[j].name, to_string(outputs_[j].type.kind), values, states_[j]});
    }
    result.error_of = error_of_;
    result.error_table = table_;
    result.as_of = py::none();
    return result;
  }

 private:
  // The index of `e` in the table of distinct errors, added when new (holds errors_mutex_).
  // Rows in a row often share their error: the last one is compared first.
  std::int32_t intern(const record_error& e) {
    if (last_ >= 0 && table_[static_cast<std::size_t>(last_)] == e) return last_;
    key_.assign(e.code).append(1, '\0').append(e.field).append(1, '\0').append(e.message);
    auto [it, added] = index_.try_emplace(key_, static_cast<std::int32_t>(table_.size()));
    if (added) table_.push_back(e);
    last_ = it->second;
    return last_;
  }

  // Per enum output: the policy-wide enum index -> position in the output's declared values.
  const std::vector<std::int64_t>& codes_for(const result_batch& out, std::size_t j) {
    std::call_once(codes_once_, [&] {
      codes_.resize(outputs_.size());
      for (std::size_t k = 0; k < outputs_.size(); ++k) {
        const value_type& t = outputs_[k].type;
        if (t.kind != type_kind::enumeration) continue;
        codes_[k].assign(out.enum_names().size(), -1);
        for (std::size_t g = 0; g < out.enum_names().size(); ++g) {
          auto it = std::find(t.values.begin(), t.values.end(), out.enum_names()[g]);
          if (it != t.values.end()) codes_[k][g] = it - t.values.begin();
        }
      }
    });
    return codes_[j];
  }

  const std::vector<output_info>& outputs_;
  std::size_t n_;
  std::vector<py::array_t<std::int64_t>> values_;
  std::vector<py::array_t<std::uint8_t>> states_;
  std::vector<std::int64_t*> value_ptr_;
  std::vector<std::uint8_t*> state_ptr_;
  std::vector<std::vector<value>> objects_;  // string and list outputs
  std::once_flag codes_once_;
  std::vector<std::vector<std::int64_t>> codes_;
  py::array_t<std::int32_t> error_of_;
  std::int32_t* error_ptr_ = nullptr;
  std::mutex errors_mutex_;
  std::vector<record_error> table_;                      // distinct errors, in order of first use
  std::unordered_map<std::string, std::int32_t> index_;  // code \0 field \0 message -> table_
  std::string key_;
  std::int32_t last_ = -1;
};

// Counts, per input and error code, the records of a batch with that input error (all of a
// record's input errors, not only its first): what `evaluate_many` needs to say "most of this
// column fails the same way". Records without input errors cost one test.
class failure_counter {
 public:
  explicit failure_counter(std::size_t inputs) : by_input_(inputs) {}

  // The input errors of a block's records; called from several threads at once.
  void add(const record_batch& batch) {
    std::unique_lock<std::mutex> lock(mutex_, std::defer_lock);
    for (std::size_t i = 0; i < batch.size(); ++i) {
      for (const auto& [input, e] : batch.input_errors(i)) {
        if (!lock.owns_lock()) lock.lock();  // none for a clean block
        count(input, e);
      }
    }
  }

  // Every (input, code) seen, in input order.
  std::vector<input_failure> take() {
    std::vector<input_failure> out;
    for (std::vector<input_failure>& seen : by_input_) {
      for (input_failure& s : seen) out.push_back(std::move(s));
    }
    return out;
  }

 private:
  // One record's error with one input (holds mutex_).
  void count(std::uint32_t input, const record_error& e) {
    if (input >= by_input_.size()) by_input_.resize(input + 1);
    std::vector<input_failure>& seen = by_input_[input];
    auto it = std::find_if(seen.begin(), seen.end(),
                           [&](const input_failure& s) { return s.code == e.code; });
    if (it == seen.end()) {
      seen.push_back({e.field, e.code, e.message, 1});
    } else {
      ++it->records;
    }
  }

  std::mutex mutex_;
  std::vector<std::vector<input_failure>> by_input_;
};

// Every error of a record that was not decided, the decision's first (the record's error or its
// first problem), then every input error not already listed, in input order.
py::list all_errors(const record_error& first, const facts& f) {
  py::list out;
  out.append(to_python(first));
  if (f.error() && !(*f.error() == first)) out.append(to_python(*f.error()));
  for (const auto& [input, e] : f.input_errors()) {
    if (!(e == first)) out.append(to_python(e));
  }
  return out;
}

// Records per block: the working memory of a block stays small and is reused.
constexpr std::size_t block_rows = 16'384;

// Decodes records [begin, end) with `decode(i, facts&)` and evaluates them in blocks on
// `threads` threads (the library's loop), writing into `sink`. No GIL: `decode` must not touch
// Python.
template <class Decode>
void decode_and_evaluate(const core& c, std::size_t begin, std::size_t end, date as_of,
                         unsigned threads, column_sink& sink, const Decode& decode) {
  evaluate_in_blocks(
      c.prog, end - begin, as_of, threads, [&](std::size_t i, facts& f) { decode(begin + i, f); },
      [&](const result_batch& out, std::size_t first) { sink.write(out, begin + first); },
      block_rows);
}

// An iterable of mappings: decoded with the GIL held (Python objects), evaluated without it.
// The result's `as_of` has per record the date it was evaluated on (its own `as_of`, else the
// call's).
batch_result evaluate_records(const core& c, py::iterable records, py::handle as_of_obj,
                              unsigned threads, bool strict) {
  date as_of = required_date(as_of_obj);
  std::vector<facts> decoded;
  std::vector<std::string> unknown;
  for (py::handle record : records) decode_mapping(c, record, decoded.emplace_back(), &unknown);
  // refused: before evaluating
  std::optional<std::string> warning = unknown_fields_warning(c, unknown, strict);
  column_sink sink(c, decoded.size());
  {
    py::gil_scoped_release unlocked;
    decode_and_evaluate(c, 0, decoded.size(), as_of, threads, sink,
                        [&](std::size_t i, facts& f) { f = decoded[i]; });
  }
  batch_result result = sink.to_python();
  for (std::size_t i = 0; i < decoded.size(); ++i) {
    std::int32_t k = sink.error_of(i);
    if (k >= 0) result.record_errors[py::int_(i)] = all_errors(sink.error(k), decoded[i]);
  }
  py::list days;
  for (const facts& f : decoded) days.append(to_python(f.as_of().value_or(as_of)));
  result.as_of = std::move(days);
  result.warning = std::move(warning);
  return result;
}

// One column of a table: typed numbers read in place (`view`), or Python objects converted a
// chunk of rows at a time.
struct column {
  enum class kind { typed, objects, unused } k = kind::unused;
  column_view view;            // typed: the whole column
  const void* data = nullptr;  // objects: a contiguous numpy array of them, if it is one
  py::object keep;             // the array, alive while its data is read
  py::object keep_mask;
  py::object keep_uniques;          // codes: the distinct values
  std::vector<field_value> fields;  // codes: per distinct value
  // objects: two chunks' worth, one evaluated while the next is converted
  std::array<std::vector<field_value>, 2> chunk_fields;
  std::array<std::size_t, 2> chunk_from{};  // the row of chunk_fields[b][0]

  // Rows [first, first + count) of the table as a column_view (objects: from buffer `b`).
  [[nodiscard]] column_view rows(std::size_t first, std::size_t count, std::size_t b) const {
    switch (k) {
      case kind::typed:
        return view.rows(first, count);
      case kind::objects:
        return column_view::fields(chunk_fields[b]).rows(first - chunk_from[b], count);
      case kind::unused:
        break;
    }
    return column_view::absent(count);
  }
};

// `storage` keeps what the distinct values' fields point into for the whole call.
column column_of(py::handle kind_obj, py::handle array_obj, std::size_t n, field_storage& storage) {
  std::string kind = kind_obj.cast<std::string>();
  column col;
  if (kind == "codes") {  // (codes, distinct values): each distinct value converted once
    auto pair = py::reinterpret_borrow<py::tuple>(array_obj);
    if (pair.size() != 2) throw py::value_error("a column of codes is (codes, distinct values)");
    auto codes =
        py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>::ensure(pair[0]);
    if (!codes || static_cast<std::size_t>(codes.size()) != n) {
      throw py::value_error("the codes of a column have the wrong shape");
    }
    col.keep_uniques = pair[1];
    for (py::handle u : py::reinterpret_borrow<py::sequence>(pair[1])) {
      col.fields.push_back(to_field(u, storage));
    }
    const std::int64_t* c = codes.data();
    for (std::size_t i = 0; i < n; ++i) {
      if (c[i] >= static_cast<std::int64_t>(col.fields.size())) {
        throw py::value_error("a code points past the distinct values of its column");
      }
    }
    col.k = column::kind::typed;
    col.view = column_view::dictionary(std::span(c, n), col.fields);
    col.keep = std::move(codes);
    return col;
  }
  if (kind == "object") {
    if (!PySequence_Check(array_obj.ptr()) || static_cast<std::size_t>(py::len(array_obj)) != n) {
      throw py::value_error("a column of objects must be a sequence of one value per row");
    }
    col.k = column::kind::objects;
    col.keep = py::reinterpret_borrow<py::object>(array_obj);
    if (py::isinstance<py::array>(array_obj)) {
      auto a = py::reinterpret_borrow<py::array>(array_obj);
      if (a.dtype().kind() == 'O' && a.ndim() == 1 && (a.flags() & py::array::c_style)) {
        col.data = a.data();  // read in place (the array is kept alive by `keep`)
      }
    }
    return col;
  }
  // a numpy array of T, read in place; `mask` nonzero where a row is missing, or null
  auto typed = [&](auto tag, py::handle values) -> std::span<const decltype(tag)> {
    using T = decltype(tag);
    auto a = py::array_t<T, py::array::c_style | py::array::forcecast>::ensure(values);
    if (!a || static_cast<std::size_t>(a.size()) != n) {
      throw py::value_error("the column of " + kind + " has the wrong shape");
    }
    std::span<const T> out(a.data(), n);
    col.k = column::kind::typed;
    col.keep = std::move(a);
    return out;
  };
  // pandas' nullable columns (Int64, boolean, Float64): (values, mask), read in place
  const std::uint8_t* mask = nullptr;
  py::handle values = array_obj;
  if (kind.ends_with("_masked")) {
    auto pair = py::reinterpret_borrow<py::tuple>(array_obj);
    if (pair.size() != 2) throw py::value_error("a masked column is (values, mask)");
    auto m = py::array_t<std::uint8_t, py::array::c_style | py::array::forcecast>::ensure(pair[1]);
    if (!m || static_cast<std::size_t>(m.size()) != n) {
      throw py::value_error("the mask of a column of " + kind + " has the wrong shape");
    }
    mask = m.data();
    col.keep_mask = std::move(m);
    values = pair[0];
  }
  if (kind == "bool" || kind == "bool_masked")
    col.view = column_view::booleans(typed(std::uint8_t{}, values), mask);
  else if (kind == "int" || kind == "int_masked")
    col.view = column_view::integers(typed(std::int64_t{}, values), mask);
  else if (kind == "float" || kind == "float_masked")
    col.view = column_view::reals(typed(double{}, values), mask);
  else if (kind == "date_ns")
    col.view = column_view::nanoseconds(typed(std::int64_t{}, values), mask);
  else
    throw py::value_error("unknown column kind `" + kind + "`");
  return col;
}

// Converts the objects of rows [from, to) of an object column into buffer `b` (holds the GIL).
void convert_objects(column& col, std::size_t b, std::size_t from, std::size_t to,
                     field_storage& storage) {
  std::vector<field_value>& fields = col.chunk_fields[b];
  fields.clear();
  col.chunk_from[b] = from;
  if (col.data != nullptr) {  // a contiguous numpy array of objects: read the pointers
    auto items = static_cast<PyObject* const*>(col.data);
    for (std::size_t i = from; i < to; ++i) fields.push_back(to_field(items[i], storage));
    return;
  }
  PyObject* seq = col.keep.ptr();
  for (std::size_t i = from; i < to; ++i) {
    py::object item =
        py::reinterpret_steal<py::object>(PySequence_GetItem(seq, static_cast<Py_ssize_t>(i)));
    if (!item) throw py::error_already_set();
    fields.push_back(to_field(item, storage));
  }
}

// A table given column by column: names, kinds ("bool", "int", "float", "date_ns", "codes",
// "object", "bool_masked", "int_masked", "float_masked") and arrays of n rows ("codes": a pair
// of int64 codes, -1 missing, and the distinct values; "*_masked": a pair of values and a mask,
// nonzero where missing). Rows are decoded and evaluated without the GIL, on several threads;
// "object" columns are converted a chunk at a time with the GIL. Columns the policy does not read
// (and `id`: a table's rows are known by their index) are skipped.
batch_result evaluate_columns(const core& c, const std::vector<std::string>& names, py::list kinds,
                              py::list arrays, std::size_t n, py::handle as_of_obj,
                              unsigned threads, bool strict) {
  if (names.size() != static_cast<std::size_t>(py::len(kinds)) ||
      names.size() != static_cast<std::size_t>(py::len(arrays))) {
    throw py::value_error("names, kinds and arrays differ in length");
  }
  date as_of = required_date(as_of_obj);
  std::vector<std::string_view> views(names.begin(), names.end());
  record_layout layout = c.decoder.bind(views);
  if (!layout.duplicates.empty()) {
    throw py::value_error("the column `" + layout.duplicates.front() +
                          "` is given more than once; give each field once");
  }
  std::optional<std::string> warning = unknown_fields_warning(c, layout.unknown, strict);
  field_storage storage;  // what the fields of the distinct values point into
  std::vector<column> columns(names.size());
  bool objects = false;
  for (std::size_t k = 0; k < names.size(); ++k) {
    bool used = layout.column_input[k] >= 0 || static_cast<std::int32_t>(k) == layout.as_of_column;
    if (used) columns[k] = column_of(kinds[k], arrays[k], n, storage);
    objects = objects || columns[k].k == column::kind::objects;
  }
  column_sink sink(c, n);
  failure_counter failures(c.inputs.size());
  if (threads == 0) threads = std::max(1U, std::thread::hardware_concurrency());
  // Columns of objects go in chunks, converted with the GIL: chunk k is evaluated (without
  // the GIL, on its own thread and its helpers) while chunk k + 1 is converted.
  const std::size_t chunk = objects ? block_rows * 4 : std::max<std::size_t>(n, 1);
  // what the fields of a chunk's objects point into (numbers' texts, lists' items)
  std::array<field_storage, 2> chunk_storage;
  auto convert = [&](std::size_t from, std::size_t b) {
    chunk_storage[b].clear();
    for (column& col : columns) {
      if (col.k == column::kind::objects)
        convert_objects(col, b, from, std::min(n, from + chunk), chunk_storage[b]);
    }
  };
  auto evaluate_chunk = [&](std::size_t from, std::size_t b) {
    const std::size_t end = std::min(n, from + chunk);
    auto decode = [&](std::size_t first, std::size_t count, record_batch& out) {
      thread_local std::vector<column_view> block;  // per thread, reused block after block
      block.clear();
      for (const column& col : columns) block.push_back(col.rows(from + first, count, b));
      c.decoder.decode_columns(layout, block, count, out);
      failures.add(out);
    };
    evaluate_in_blocks(
        c.prog, end - from, as_of, threads, block_source(decode),
        [&](const result_batch& out, std::size_t first) { sink.write(out, from + first); },
        block_rows);
  };
  if (n > 0) convert(0, 0);
  for (std::size_t from = 0, k = 0; from < n; from += chunk, ++k) {
    std::exception_ptr failure;
    std::thread runner([&, from, k] {
      try {
        evaluate_chunk(from, k % 2);
      } catch (...) {
        failure = std::current_exception();
      }
    });
    try {
      if (from + chunk < n) convert(from + chunk, (k + 1) % 2);  // meanwhile, with the GIL
    } catch (...) {
      runner.join();  // it never takes the GIL: no deadlock
      throw;
    }
    {
      py::gil_scoped_release unlocked;
      runner.join();
    }
    if (failure) std::rethrow_exception(failure);
  }
  batch_result result = sink.to_python();
  result.input_failures = failures.take();
  result.warning = std::move(warning);
  return result;
}

// Compares two versions over the same mappings, keeping the first `keep` changed records; the
// warning is about fields that neither version reads.
diff_outcome diff_records(const core& old_core, const core& new_core, py::iterable records,
                          py::handle as_of_obj, std::size_t keep) {
  date as_of = required_date(as_of_obj);
  policy_diff diff(old_core.prog, new_core.prog, keep);
  facts old_record;
  facts new_record;
  std::vector<std::string> unknown_old;
  std::vector<std::string> unknown_new;
  for (py::handle record : records) {
    decode_mapping(old_core, record, old_record, &unknown_old);
    decode_mapping(new_core, record, new_record, &unknown_new);
    py::gil_scoped_release unlocked;
    diff.add(old_record, new_record, as_of);
  }
  std::vector<std::string> neither;
  for (const std::string& u : unknown_old) {
    if (std::find(unknown_new.begin(), unknown_new.end(), u) != unknown_new.end())
      neither.push_back(u);
  }
  return {diff.report(), unknown_fields_warning(old_core, neither, false)};
}

std::vector<field_info> fields_of(const std::vector<input_info>& inputs) {
  std::vector<field_info> out;
  for (const input_info& in : inputs) {
    out.push_back({in.name, in.type.describe(), to_string(in.type.kind), !in.required,
                   in.default_value ? to_python(*in.default_value) : py::none(), in.type.values,
                   in.doc});
  }
  return out;
}

std::vector<field_info> fields_of(const std::vector<output_info>& outputs) {
  std::vector<field_info> out;
  for (const output_info& o : outputs) {
    out.push_back({o.name, o.type.describe(), to_string(o.type.kind), o.type.optional, py::none(),
                   o.type.values, o.doc});
  }
  return out;
}

test_report tests_of(const core& c, const std::string& path) {
  py::gil_scoped_release unlocked;
  return run_policy_tests(c.prog, path);
}

// Tests at the policy's boundaries (`yaml(policy_name)` writes them as a test file).
boundary_tests boundary_tests_of(const core& c, int year, std::size_t max_tests) {
  boundary_options opts;
  opts.year = year;
  opts.max_tests = max_tests;
  py::gil_scoped_release unlocked;
  return generate_boundary_tests(c.prog, opts);
}

}  // namespace
}  // namespace ssprules::python

PYBIND11_MODULE(_ssprules, m) {
  using namespace ssprules;
  using namespace ssprules::python;
  m.doc() = "The C++ core of ssprules (internal: use the `ssprules` package).";
  import_datetime();
  py::register_exception<ssprules::error>(m, "EngineError", PyExc_RuntimeError);
  bind_results(m);
  m.def(
      "as_of_date", [](py::handle as_of) { return to_python(required_date(as_of)); },
      py::arg("as_of"),
      "An evaluation date as a datetime.date (the checks every `as_of` argument gets).");
  m.def(
      "decimal_of",
      [](std::int64_t micros) { return to_python(ssprules::decimal::from_micros(micros)); },
      py::arg("micros"),
      "The decimal.Decimal of a decimal given in millionths (a decimal output column's values).");

  py::class_<core>(m, "Core", "A loaded, checked and compiled policy (internal).")
      .def_property_readonly("id", [](const core& c) { return c.prog.id(); })
      .def_property_readonly("title", [](const core& c) { return c.prog.title(); })
      .def_property_readonly("version", [](const core& c) { return c.prog.version(); })
      .def_property_readonly("jurisdiction", [](const core& c) { return c.prog.jurisdiction(); })
      .def_property_readonly("policy_doc", [](const core& c) { return c.prog.doc(); })
      .def_property_readonly("inputs", [](const core& c) { return fields_of(c.inputs); })
      .def_property_readonly("outputs", [](const core& c) { return fields_of(c.outputs); })
      .def_property_readonly("effective", [](const core& c) { return c.prog.effective(); })
      .def("evaluate", &evaluate_one, py::arg("record"), py::arg("as_of"), py::arg("explain"),
           py::arg("lang") = "en", py::arg("strict") = false)
      .def("evaluate_records", &evaluate_records, py::arg("records"), py::arg("as_of"),
           py::arg("threads"), py::arg("strict") = false)
      .def("evaluate_columns", &evaluate_columns, py::arg("names"), py::arg("kinds"),
           py::arg("arrays"), py::arg("rows"), py::arg("as_of"), py::arg("threads"),
           py::arg("strict") = false)
      .def(
          "unknown_fields_warning",
          [](const core& c, const std::vector<std::string>& names, bool strict) {
            std::vector<std::string_view> views(names.begin(), names.end());
            std::vector<std::string> unknown;
            for (const auto& u :
                 c.decoder.unknown_fields(std::span<const std::string_view>(views))) {
              unknown.push_back(u.name);
            }
            return unknown_fields_warning(c, unknown, strict);
          },
          py::arg("names"), py::arg("strict") = false)
      .def("run_tests", &tests_of, py::arg("path"))
      .def("boundary_tests", &boundary_tests_of, py::arg("year"), py::arg("max_tests"))
      .def(
          "decision_record",
          [](const core& c, py::handle record, py::handle as_of_obj, const std::string& key,
             bool strict) {
            try {
              check_record_key(key);
            } catch (const ssprules::error& e) {
              throw py::value_error(std::string("key: ") + e.what());
            }
            facts f;
            std::vector<std::string> unknown;
            decode_mapping(c, record, f, &unknown);
            std::optional<std::string> warning = unknown_fields_warning(c, unknown, strict);
            return audit_record{decision_record(c.prog, f, required_date(as_of_obj), key),
                                std::move(warning)};
          },
          py::arg("record"), py::arg("as_of"), py::arg("key"), py::arg("strict") = false)
      .def("diff", &diff_records, py::arg("new"), py::arg("records"), py::arg("as_of"),
           py::arg("keep"))
      .def(
          "doc",
          [](const core& c, const std::string& lang, bool graph, bool examples) {
            std::optional<language> named = detail::language_named(lang);
            if (!named) throw py::value_error("lang: choose \"en\" or \"da\"");
            doc_options opts;
            opts.lang = *named;
            opts.graph = graph;
            opts.examples = examples;
            py::gil_scoped_release unlocked;
            return policy_html(c.prog, opts);
          },
          py::arg("lang") = "en", py::arg("graph") = true, py::arg("examples") = true);

  m.def(
      "loads",
      [](std::string text, std::string name, bool verify_quotes) {
        load_result r;
        {
          py::gil_scoped_release unlocked;
          r = load_string(std::move(text), std::move(name), options(verify_quotes));
        }
        return loaded(std::move(r));
      },
      py::arg("text"), py::arg("name"), py::arg("verify_quotes") = true);
  // The file is read by the C++ loader, as in the CLI; the text lets a Policy pickle.
  m.def(
      "load",
      [](const std::string& path, bool verify_quotes) {
        load_result r;
        {
          py::gil_scoped_release unlocked;
          r = load(path, options(verify_quotes));
        }
        return loaded(std::move(r));
      },
      py::arg("path"), py::arg("verify_quotes") = true);
}
