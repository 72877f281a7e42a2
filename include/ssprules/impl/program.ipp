// Part of compile (impl/compile.ipp includes it): what a compiled program answers (its id,
// inputs, outputs, periods) and `load`, the whole pipeline parse -> check -> compile in one call.
#include <memory>
#include <string>
#include <vector>

#include "ssprules/check.hpp"
#include "ssprules/compile.hpp"
#include "ssprules/detail/files.hpp"
#include "ssprules/detail/program.hpp"
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

SSPRULES_INLINE program load_or_throw(const std::string& path) {
  load_result r = load(path);
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
