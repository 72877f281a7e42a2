// Stage 3, compile: checked_rules -> program (immutable, shareable across threads, no YAML).
#pragma once
#include "ssprules/version.hpp"  // first: the C++20 check
#ifndef SSPRULES_FIRST_HEADER
#  define SSPRULES_FIRST_HEADER 4  // header-first: see the end of this file
#endif

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ssprules/check.hpp"
#include "ssprules/diagnostic.hpp"
#include "ssprules/value.hpp"

namespace ssprules::inline SSPRULES_ABI {

namespace detail {
struct program_impl;
}

/// An input field of a program's records. Thread-compatible.
struct input_info {
  std::string name;
  value_type type;
  bool required = true;    ///< absent -> per-record error SR1001
  bool sensitive = false;  ///< explanations and decision records show only present / absent
  std::optional<value> default_value;
  std::string doc;
  /// The values of an enum input (or of a list of enums), in the order its declaration lists
  /// them (so are those of the enum fields of a list of records, in `type.fields`); else empty.
  [[nodiscard]] const std::vector<std::string>& values() const noexcept { return type.values; }
};

/// An output of a program's decisions. Thread-compatible.
struct output_info {
  std::string name;
  value_type type;
  std::string doc;
  /// The values of an enum output, in the order its declaration (`values: [...]`) lists them:
  /// what `decision::enum_index` counts in. An output that declares no type has them in the
  /// order the policy first names them. Empty for other kinds.
  [[nodiscard]] const std::vector<std::string>& values() const noexcept { return type.values; }
};

/// An input of one program, resolved once by name (`program::input`) for decoding by handle
/// without a lookup per record. It remembers its program: a handle used with another program
/// (another version of the policy too) throws `ssprules::error`, in every build. A default
/// handle belongs to no program. Immutable: safe to share (a small trivially copyable value).
class input_handle {
 public:
  input_handle() = default;
  /// The input's index in `program::inputs()`.
  [[nodiscard]] std::uint32_t index() const noexcept { return index_; }
  /// False for a default-constructed handle.
  [[nodiscard]] bool valid() const noexcept { return program_ != 0; }
  friend bool operator==(input_handle, input_handle) = default;

 private:
  friend class program;
  friend class record_decoder;
  std::uint64_t program_ = 0;  // the serial of the program it came from; 0: none
  std::uint32_t index_ = 0;
};

/// An output of one program, resolved once by name (`program::output`) for typed access to
/// decisions (`decision::get<T>`, `decision::enum_index`). Like `input_handle`, it remembers its
/// program. Immutable: safe to share (a small trivially copyable value).
class output_handle {
 public:
  output_handle() = default;
  /// The output's index in `program::outputs()` and `decision::values()`.
  [[nodiscard]] std::uint32_t index() const noexcept { return index_; }
  /// False for a default-constructed handle.
  [[nodiscard]] bool valid() const noexcept { return program_ != 0; }
  friend bool operator==(output_handle, output_handle) = default;

 private:
  friend class program;
  friend class decision;
  std::uint64_t program_ = 0;
  std::uint32_t index_ = 0;
};

/// A period in which the policy is in force. Thread-compatible.
struct period_info {
  std::string name;
  std::optional<date> from;  ///< open when absent
  std::optional<date> to;
};

/// A compiled policy. Immutable: safe to share between threads (evaluate one program from any
/// number of threads at once). Cheap to copy (copies share one compiled form).
class program {
 public:
  program() = default;
  explicit program(std::shared_ptr<const detail::program_impl> impl) : impl_(std::move(impl)) {}

  /// False for a default-constructed program.
  [[nodiscard]] bool valid() const noexcept { return impl_ != nullptr; }
  /// The policy's `id`, `title` and `version`.
  [[nodiscard]] const std::string& id() const;
  [[nodiscard]] const std::string& title() const;
  [[nodiscard]] const std::string& version() const;
  /// The policy's `jurisdiction` (who decided it) and `doc` (what it is for), "" when absent.
  [[nodiscard]] const std::string& jurisdiction() const;
  [[nodiscard]] const std::string& doc() const;
  /// The input fields, in declaration order.
  [[nodiscard]] const std::vector<input_info>& inputs() const;
  /// The outputs, in declaration order.
  [[nodiscard]] const std::vector<output_info>& outputs() const;
  /// The effective periods, ascending.
  [[nodiscard]] const std::vector<period_info>& effective() const;
  /// What front ends do with record fields that are not inputs (the policy's `unknown_fields:`).
  [[nodiscard]] unknown_fields_mode unknown_fields() const;
  /// True when the policy is in force on `d`.
  [[nodiscard]] bool in_force(date d) const;
  /// The checked policy it was compiled from (document, graph).
  [[nodiscard]] const checked_rules& checked() const;

  /// The handle of input `name`, for decoding by handle. Throws `ssprules::error` when the
  /// program has no such input, with the closest name (`did you mean \`category\`?`): a
  /// handle is resolved once, at start-up, where a typo is the embedding code's bug.
  [[nodiscard]] input_handle input(std::string_view name) const;
  /// The handle of input `name`, or nullopt when there is none (to probe, without throwing).
  [[nodiscard]] std::optional<input_handle> find_input(std::string_view name) const;
  /// The description of a handle's input. Throws `ssprules::error` for a handle of another
  /// program.
  [[nodiscard]] const input_info& input(input_handle h) const;
  /// The handle of output `name`; throws `ssprules::error` (with the closest name) when there
  /// is none.
  [[nodiscard]] output_handle output(std::string_view name) const;
  /// The handle of output `name`, or nullopt when there is none.
  [[nodiscard]] std::optional<output_handle> find_output(std::string_view name) const;
  /// The description of a handle's output (its enum values: `output(h).values()`). Throws
  /// `ssprules::error` for a handle of another program.
  [[nodiscard]] const output_info& output(output_handle h) const;
  /// True when the handle came from this program (or a copy of it).
  [[nodiscard]] bool owns(input_handle h) const noexcept;
  [[nodiscard]] bool owns(output_handle h) const noexcept;

  /// Internal representation, for evaluate and tools (no stability promise).
  [[nodiscard]] const detail::program_impl& impl() const;

 private:
  std::shared_ptr<const detail::program_impl> impl_;
};

/// The product of `compile`: a program (invalid when there are errors) and diagnostics
/// (load-time assertions that fail, expressions that always fail).
/// Thread-compatible.
struct compile_result {
  program prog;
  std::vector<diagnostic> diagnostics;
  [[nodiscard]] bool ok() const noexcept { return prog.valid() && !has_errors(diagnostics); }
};

/// Compiles checked rules: folds constants, lays values out in slots, evaluates parameters on
/// each date they change and checks the assertions. Throws `ssprules::error` when `rules` has
/// errors (check them first).
[[nodiscard]] compile_result compile(const checked_rules& rules);

/// The product of `load`: every diagnostic of parse, check and compile, and the program when
/// there was no error.
/// Thread-compatible.
struct load_result {
  program prog;
  std::vector<diagnostic> diagnostics;
  [[nodiscard]] bool ok() const noexcept { return prog.valid() && !has_errors(diagnostics); }
};

/// Reads, parses, checks and compiles a policy file. A file that cannot be read is a
/// diagnostic like any other (one error channel): SR0006 when it is missing, not a regular file
/// or not readable, SR0005 when it is over `parse_options::max_file_bytes` (16 MiB). The file is
/// read through `opts.read_file` (by default `read_file`, from disk).
[[nodiscard]] load_result load(const std::string& path, const check_options& opts = {});
/// `load` of a `std::filesystem::path` (its native string, as `path.string()`).
[[nodiscard]] load_result load(const std::filesystem::path& path, const check_options& opts = {});
/// `load` of a C string, so that `load("policy.yaml")` picks neither of the two above over the
/// other.
[[nodiscard]] load_result load(const char* path, const check_options& opts = {});
/// Parses, checks and compiles policy text; `name` is the file name diagnostics show.
[[nodiscard]] load_result load_string(std::string text, std::string name = "<string>",
                                      const check_options& opts = {});
/// Parses, checks and compiles a source.
[[nodiscard]] load_result load_source(const std::shared_ptr<const source>& src,
                                      const check_options& opts = {});
/// Like `load`, but throws `ssprules::rules_error` (with every error) when the policy has
/// errors, a file that cannot be read included. Warnings are dropped.
[[nodiscard]] program load_or_throw(const std::string& path, const check_options& opts = {});
/// `load_or_throw` of a `std::filesystem::path` (its native string, as `path.string()`).
[[nodiscard]] program load_or_throw(const std::filesystem::path& path,
                                    const check_options& opts = {});
/// `load_or_throw` of a C string, so that `load_or_throw("policy.yaml")` picks neither of the
/// two above over the other.
[[nodiscard]] program load_or_throw(const char* path, const check_options& opts = {});

}  // namespace ssprules::inline SSPRULES_ABI

// Header-first: in the one translation unit that defines SSPRULES_IMPLEMENTATION, the first
// ssprules header it includes brings every definition once it is complete (detail/config.hpp).
#if defined(SSPRULES_IMPLEMENTATION) && SSPRULES_FIRST_HEADER == 4
#  include "ssprules/impl/all.ipp"
#endif
