// Part of compile (impl/compile.ipp includes it): what a compiled program answers (its id,
// inputs, outputs, periods) and `load`, the whole pipeline parse -> check -> compile in one call.
#include <memory>
#include <string>
#include <vector>

#include "ssprules/check.hpp"
#include "ssprules/compile.hpp"
#include "ssprules/detail/files.hpp"
#include "ssprules/detail/program.hpp"
#include "ssprules/detail/suggest.hpp"
#include "ssprules/error.hpp"
#include "ssprules/parse.hpp"

namespace ssprules::inline SSPRULES_ABI {

SSPRULES_INLINE const detail::program_impl& program::impl() const {
  if (!impl_) throw error("ssprules::program: empty program (the policy did not compile)");
  return *impl_;
}
SSPRULES_INLINE const std::string& program::id() const { return impl().policy->doc->info.id; }
SSPRULES_INLINE const std::string& program::title() const { return impl().policy->doc->info.title; }
SSPRULES_INLINE const std::string& program::version() const {
  return impl().policy->doc->info.version;
}
SSPRULES_INLINE const std::string& program::jurisdiction() const {
  return impl().policy->doc->info.jurisdiction;
}
SSPRULES_INLINE const std::string& program::doc() const { return impl().policy->doc->info.doc; }
SSPRULES_INLINE const std::vector<input_info>& program::inputs() const {
  return impl().inputs_info;
}
SSPRULES_INLINE const std::vector<output_info>& program::outputs() const {
  return impl().outputs_info;
}
SSPRULES_INLINE const std::vector<period_info>& program::effective() const {
  return impl().periods_info;
}
SSPRULES_INLINE unknown_fields_mode program::unknown_fields() const {
  return impl().policy->doc->info.unknown_fields;
}
SSPRULES_INLINE bool program::in_force(date d) const {
  return impl().segment_at(d.days()).period >= 0;
}
SSPRULES_INLINE const checked_rules& program::checked() const { return impl().checked; }

namespace detail {
// The index of the entry named `name` of `infos` (inputs or outputs), or -1.
template <class Info>
std::int64_t index_of(const std::vector<Info>& infos, std::string_view name) {
  for (std::size_t i = 0; i < infos.size(); ++i) {
    if (infos[i].name == name) return static_cast<std::int64_t>(i);
  }
  return -1;
}

// "program `x` has no input `categori` (did you mean `category`?)"
template <class Info>
[[noreturn]] void no_such(const program& prog, const std::vector<Info>& infos, const char* what,
                          std::string_view name) {
  std::vector<std::string_view> names;
  names.reserve(infos.size());
  for (const Info& i : infos) names.emplace_back(i.name);
  std::string close = closest_match(name, names);
  std::string shown;  // the caller's text: keep the message one line
  for (char c : name.substr(0, 64))
    shown += static_cast<unsigned char>(c) < 0x20 || c == '`' ? '?' : c;
  if (name.size() > 64) shown += "...";
  std::string message = "ssprules::program::" + std::string(what) + ": policy `" + prog.id() +
                        "` has no " + what + " `" + shown + "`";
  if (!close.empty()) message += " (did you mean `" + close + "`?)";
  throw error(message);
}

[[noreturn]] inline void foreign_handle(const program& prog, const char* what) {
  throw error(std::string("ssprules: an ") + what + " handle of another program used with `" +
              prog.id() +
              "` (resolve handles from the program, or the snapshot, you use them with)");
}
}  // namespace detail

SSPRULES_INLINE std::optional<input_handle> program::find_input(std::string_view name) const {
  const std::int64_t i = detail::index_of(impl().inputs_info, name);
  if (i < 0) return std::nullopt;
  input_handle h;
  h.program_ = impl().serial;
  h.index_ = static_cast<std::uint32_t>(i);
  return h;
}

SSPRULES_INLINE input_handle program::input(std::string_view name) const {
  if (auto h = find_input(name)) return *h;
  detail::no_such(*this, impl().inputs_info, "input", name);
}

SSPRULES_INLINE const input_info& program::input(input_handle h) const {
  if (!owns(h)) detail::foreign_handle(*this, "input");
  return impl().inputs_info[h.index_];
}

SSPRULES_INLINE std::optional<output_handle> program::find_output(std::string_view name) const {
  const std::int64_t i = detail::index_of(impl().outputs_info, name);
  if (i < 0) return std::nullopt;
  output_handle h;
  h.program_ = impl().serial;
  h.index_ = static_cast<std::uint32_t>(i);
  return h;
}

SSPRULES_INLINE output_handle program::output(std::string_view name) const {
  if (auto h = find_output(name)) return *h;
  detail::no_such(*this, impl().outputs_info, "output", name);
}

SSPRULES_INLINE const output_info& program::output(output_handle h) const {
  if (!owns(h)) detail::foreign_handle(*this, "output");
  return impl().outputs_info[h.index_];
}

SSPRULES_INLINE bool program::owns(input_handle h) const noexcept {
  return impl_ != nullptr && h.program_ == impl_->serial && h.index_ < impl_->inputs_info.size();
}

SSPRULES_INLINE bool program::owns(output_handle h) const noexcept {
  return impl_ != nullptr && h.program_ == impl_->serial && h.index_ < impl_->outputs_info.size();
}

SSPRULES_INLINE load_result load_source(const std::shared_ptr<const source>& src,
                                        const check_options& opts) {
  load_result result;
  parse_result parsed = parse(src);
  result.diagnostics = std::move(parsed.diagnostics);
  // a file that is not YAML at all has nothing to check; otherwise check what did parse, so
  // that one run reports as many mistakes as possible
  bool parsed_something = !parsed.document.rules.empty() || !parsed.document.inputs.empty() ||
                          !parsed.document.info.id.empty();
  if (has_errors(result.diagnostics) && !parsed_something) return result;
  check_result checked = check(std::move(parsed.document), opts);
  result.diagnostics.insert(result.diagnostics.end(), checked.diagnostics.begin(),
                            checked.diagnostics.end());
  detail::sort_by_place(result.diagnostics, src);
  if (has_errors(result.diagnostics) || !checked.rules.impl()->ok) return result;
  compile_result compiled = compile(checked.rules);
  result.diagnostics.insert(result.diagnostics.end(), compiled.diagnostics.begin(),
                            compiled.diagnostics.end());
  if (compiled.ok()) result.prog = compiled.prog;
  return result;
}

SSPRULES_INLINE load_result load(const std::string& path, const check_options& opts) {
  load_result unreadable;
  auto src = detail::read_source(opts.read_file, path, unreadable.diagnostics);
  return src ? load_source(src, opts) : unreadable;
}

SSPRULES_INLINE load_result load_string(std::string text, std::string name,
                                        const check_options& opts) {
  return load_source(source::from_string(std::move(name), std::move(text)), opts);
}

SSPRULES_INLINE program load_or_throw(const std::string& path, const check_options& opts) {
  load_result r = load(path, opts);
  if (!r.ok()) {
    std::vector<diagnostic> errors;
    for (auto& d : r.diagnostics) {
      if (d.level == severity::error) errors.push_back(std::move(d));
    }
    throw rules_error(std::move(errors));
  }
  return r.prog;
}

}  // namespace ssprules::inline SSPRULES_ABI
