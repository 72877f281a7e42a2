// Part of check: the tests a policy carries (`tests:`) and those of test files, checked against
// the policy — every expected output exists and every expected value fits its type. Used by
// check for a policy's own tests and by testing (`check_test_file`) for test files.
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "ssprules/check.hpp"
#include "ssprules/detail/checked.hpp"
#include "ssprules/detail/codes.hpp"
#include "ssprules/detail/numerals.hpp"
#include "ssprules/detail/suggest.hpp"
#include "ssprules/detail/work.hpp"

namespace ssprules::inline SSPRULES_ABI {
namespace detail {

// The names of each enum type's values, as sets made when first asked for: the tests of a
// policy with an enum of 100,000 values look each expected value up instead of scanning.
class enum_name_sets {
 public:
  explicit enum_name_sets(const checked_policy& policy) : policy_(policy) {}

  std::size_t suggestion_budget = enum_suggestion_budget;  ///< for closest_enum_value

  bool has(std::uint32_t enum_id, std::string_view name) {
    auto [it, inserted] = sets_.try_emplace(enum_id);
    if (inserted) {
      count_work(policy_.enums[enum_id].size());
      for (const std::string& v : enum_value_names(policy_, enum_id)) it->second.insert(v);
    }
    return it->second.count(name) != 0;
  }

 private:
  const checked_policy& policy_;
  std::unordered_map<std::uint32_t, std::unordered_set<std::string_view>> sets_;
};

// Why an expected value of output `out` can never match its type; empty when it can.
SSPRULES_INLINE std::string expected_value_problem(const checked_policy& policy, const symbol* out,
                                                   const field_entry& f, enum_name_sets& enums) {
  if (!out || out->type.invalid || f.value.null) return {};
  const std::string& text = f.value.text;
  std::string what = "`" + f.name + "` = `" + text + "`, but ";
  switch (out->type.kind) {
    case type_kind::boolean:
      if (text != "true" && text != "false") return what + "it is true or false";
      break;
    case type_kind::integer:
      if (!parse_integer(text)) return what + "it is a whole number";
      break;
    case type_kind::decimal:
      if (!decimal::parse(text)) return what + "it is a decimal number";
      break;
    case type_kind::date:
      if (!date::parse(text)) return what + "it is a date YYYY-MM-DD";
      break;
    case type_kind::enumeration:
      if (!enums.has(out->type.enum_id, text)) {
        std::string close =
            closest_enum_value(policy, out->type.enum_id, text, enums.suggestion_budget);
        return what + "it is one of " + enum_value_list(policy, out->type.enum_id) +
               (close.empty() ? std::string() : " (did you mean `" + close + "`?)");
      }
      break;
    default:
      break;
  }
  return {};
}

SSPRULES_INLINE void check_tests(const checked_policy& policy, const std::vector<test_case>& tests,
                                 bool file_as_of, std::vector<diagnostic>& diagnostics) {
  auto error = [&](const code_info& code, std::string message, const source_span& at,
                   std::vector<note> notes = {}) {
    diagnostics.push_back({severity::error, code.id, std::move(message), at, std::move(notes)});
  };
  auto suggestion = [](const std::string& close) {
    return close.empty() ? std::vector<note>{}
                         : std::vector<note>{{"did you mean `" + close + "`?", {}}};
  };
  std::vector<std::string> inputs;
  std::vector<std::string> outputs;
  for (const auto& in : policy.doc->inputs) inputs.push_back(in.name);
  for (const auto& r : policy.doc->rules) {
    if (r.role == rule_role::output) outputs.push_back(r.name);
  }
  // looked up by name for every field of every test
  const std::unordered_set<std::string_view> input_set(inputs.begin(), inputs.end());
  const std::unordered_set<std::string_view> output_set(outputs.begin(), outputs.end());
  std::unordered_map<std::string_view, const symbol*> rule_symbols;
  for (const symbol& s : policy.symbols) {
    if (s.kind == symbol_kind::rule) rule_symbols[s.name] = &s;  // the last of a name, as before
  }
  enum_name_sets enum_sets(policy);
  // the codes of the policy's own `error:` cases
  std::set<std::string> raised;
  for (const auto& r : policy.doc->rules) {
    for (const auto& v : r.versions) {
      for (const auto& c : v.body.cases) {
        if (c.error) raised.insert(c.error->code);
      }
    }
  }
  for (const auto& f : policy.doc->functions) {  // functions raise them too
    for (const auto& c : f.body.cases) {
      if (c.error) raised.insert(c.error->code);
    }
  }
  std::set<std::string> names;
  for (const test_case& t : tests) {
    if (!names.insert(t.name).second) {
      error(codes::invalid_test, "two tests are named `" + t.name + "`", t.at);
    }
    if (!t.as_of && !file_as_of) {
      error(codes::invalid_test, "test `" + t.name + "` has no `as_of`", t.at,
            {{"tests pin the evaluation date so that they give the same result every day", {}}});
    }
    for (const field_entry& f : t.input) {
      if (f.name == "id" || f.name == "as_of") continue;
      if (input_set.count(f.name) == 0) {
        error(codes::invalid_test, "test `" + t.name + "` sets unknown input `" + f.name + "`",
              f.at, suggestion(closest_match(f.name, inputs)));
      }
    }
    for (const field_entry& f : t.expect) {
      if (output_set.count(f.name) == 0) {
        error(codes::invalid_test, "test `" + t.name + "` expects unknown output `" + f.name + "`",
              f.at, suggestion(closest_match(f.name, outputs)));
        continue;
      }
      auto out = rule_symbols.find(f.name);
      std::string problem = expected_value_problem(
          policy, out == rule_symbols.end() ? nullptr : out->second, f, enum_sets);
      if (!problem.empty()) {
        error(codes::invalid_test, "test `" + t.name + "` expects " + problem, f.value.at);
      }
    }
    if (t.error) {
      const std::string& code = t.error->code;
      if (!well_formed_code(code) && raised.count(code) == 0) {
        std::string known;
        for (const auto& c : raised) known += (known.empty() ? "`" : ", `") + c + "`";
        error(codes::invalid_test,
              "`" + code + "` is not an error code; codes look like `SR1006`" +
                  (known.empty() ? std::string() : " or are the policy's own: " + known),
              t.error->at);
      }
    }
  }
}

}  // namespace detail
}  // namespace ssprules::inline SSPRULES_ABI
