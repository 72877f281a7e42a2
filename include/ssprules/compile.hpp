// Stage 3, compile: checked_rules -> program (immutable, shareable across threads, no YAML).
#pragma once
#include "ssprules/version.hpp"  // first: the C++20 check
#ifndef SSPRULES_FIRST_HEADER
#  define SSPRULES_FIRST_HEADER 4  // header-first: see the end of this file
#endif

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ssprules/check.hpp"
#include "ssprules/diagnostic.hpp"
#include "ssprules/value.hpp"

namespace ssprules::inline SSPRULES_ABI {

namespace detail {
struct program_impl;
}

/// An input field of a program's records.
struct input_info {
  std::string name;
  value_type type;
  bool required = true;    ///< absent -> per-record error SR1001
  bool sensitive = false;  ///< explanations and decision records show only present / absent
  std::optional<value> default_value;
  std::string doc;
};

/// An output of a program's decisions.
struct output_info {
  std::string name;
  value_type type;
  std::string doc;
};

/// A period in which the policy is in force.
struct period_info {
  std::string name;
  std::optional<date> from;  ///< open when absent
  std::optional<date> to;
};

/// A compiled policy: immutable and safe to share between threads. Cheap to copy.
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

  /// Internal representation, for evaluate and tools (no stability promise).
  [[nodiscard]] const detail::program_impl& impl() const;

 private:
  std::shared_ptr<const detail::program_impl> impl_;
};

/// The product of `compile`: a program (invalid when there are errors) and diagnostics
/// (load-time assertions that fail, expressions that always fail).
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
[[nodiscard]] program load_or_throw(const std::string& path);

}  // namespace ssprules::inline SSPRULES_ABI

// Header-first: in the one translation unit that defines SSPRULES_IMPLEMENTATION, the first
// ssprules header it includes brings every definition once it is complete (detail/config.hpp).
#if defined(SSPRULES_IMPLEMENTATION) && SSPRULES_FIRST_HEADER == 4
#  include "ssprules/impl/all.ipp"
#endif
