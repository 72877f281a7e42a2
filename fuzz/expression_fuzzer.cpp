// libFuzzer target: bytes as an expression of the rule language.
//
// The expression is parsed on its own (`parse_expression`), then placed in a minimal policy with
// inputs of every type, where it is checked, compiled and evaluated on four records (one with
// every input missing, some at the ends of their ranges) on two dates, each record alone and in
// a `record_batch`: the interpreter and the columnar evaluator must agree.
// The first byte picks where it goes: an output's expression, a case's `when`, or a table cell.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fuzz_common.hpp"
#include "ssprules/ssprules.hpp"

namespace {

// The expression as a YAML literal block scalar indented by `indent` spaces: the bytes arrive
// unchanged whatever they hold (quotes, `#`, `:`), line by line.
std::string block(std::string_view text, std::size_t indent) {
  std::string out = "|-\n";
  std::string pad(indent, ' ');
  std::size_t begin = 0;
  while (begin <= text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    out += pad;
    out += text.substr(begin, end - begin);
    out += '\n';
    begin = end + 1;
  }
  return out;
}

const char* const header =
    "id: fuzz-expression\n"
    "effective: {from: 2000-01-01}\n"
    "inputs:\n"
    "  n: {type: integer, min: -1000, max: 1000}\n"
    "  m: {type: integer, optional: true}\n"
    "  d: decimal\n"
    "  b: bool\n"
    "  s: string\n"
    "  e: {type: enum, values: [red, green, blue]}\n"
    "  born: date\n"
    "  seen: {type: date, optional: true}\n"
    "parameters:\n"
    "  p:\n"
    "    value: 3\n"
    "    changes:\n"
    "      - {from: 2020-01-01, value: 4}\n"
    "  rate: 0.25\n"
    "values:\n"
    "  twice: n * 2\n"
    "outputs:\n";

std::string policy_with(std::string_view expression, std::uint8_t where) {
  std::string text = header;
  switch (where % 3) {
    case 0:
      text += "  o: " + block(expression, 4);
      break;
    case 1:
      text += "  o:\n    cases:\n      - when: " + block(expression, 10) +
              "        then: 1\n      - otherwise: 0\n";
      break;
    default:
      text +=
          "  o:\n    table:\n      hit: first\n      columns: [n]\n      rows:\n"
          "        - when:\n            - " +
          block(expression, 14) + "          then: 1\n      otherwise: 0\n";
      break;
  }
  return text;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string_view expression(reinterpret_cast<const char*>(data) + 1, size - 1);

  ssprules::expression_result parsed =
      ssprules::parse_expression(ssprules::source::from_string("e", std::string(expression)));
  SSPRULES_FUZZ_CHECK(parsed.expression.has_value() || !parsed.diagnostics.empty(),
                      "an expression that does not parse has a diagnostic");
  (void)ssprules::render(parsed.diagnostics);

  ssprules::check_options opts;
  opts.verify_quotes = false;
  ssprules::load_result loaded =
      ssprules::load_string(policy_with(expression, data[0]), "fuzz.yaml", opts);
  (void)ssprules::render(loaded.diagnostics);
  if (!loaded.ok()) return 0;

  ssprules::record_decoder decoder(loaded.prog);
  using field = std::pair<std::string_view, ssprules::field_value>;
  const std::vector<std::vector<field>> rows = {
      {{"id", ssprules::field_value::text("r1")},
       {"n", ssprules::field_value::integer(7)},
       {"m", ssprules::field_value::integer(-3)},
       {"d", ssprules::field_value::text("1.5")},
       {"b", ssprules::field_value::boolean(true)},
       {"s", ssprules::field_value::string("Kolding")},
       {"e", ssprules::field_value::text("green")},
       {"born", ssprules::field_value::text("2008-02-29")},
       {"seen", ssprules::field_value::text("2024-12-31")}},
      {{"id", ssprules::field_value::text("r2")},
       {"n", ssprules::field_value::integer(-1000)},
       {"d", ssprules::field_value::text("-9223372036854.775808")},
       {"b", ssprules::field_value::boolean(false)},
       {"s", ssprules::field_value::string("")},
       {"e", ssprules::field_value::text("blue")},
       {"born", ssprules::field_value::text("1400-01-01")},
       {"seen", ssprules::field_value::text("9999-12-31")}},
      {{"id", ssprules::field_value::text("r3")},
       {"n", ssprules::field_value::integer(0)},
       {"m", ssprules::field_value::integer(9'223'372'036'854'775'807)},
       {"d", ssprules::field_value::text("0")},
       {"b", ssprules::field_value::boolean(true)},
       {"s", ssprules::field_value::string("\xC3\xA6\xC3\xB8\xC3\xA5")},
       {"e", ssprules::field_value::text("red")},
       {"born", ssprules::field_value::text("2000-08-31")},
       {"as_of", ssprules::field_value::text("2024-02-29")}},
      {},  // every input missing
  };
  std::vector<ssprules::facts> records(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) decoder.decode(rows[i], records[i]);
  ssprules_fuzz::evaluate_both_ways(loaded.prog, records, *ssprules::date::parse("2025-03-01"));
  ssprules_fuzz::evaluate_both_ways(loaded.prog, records, *ssprules::date::parse("2000-01-01"));
  return 0;
}
