// Definitions for decision_record.hpp.
#include "ssprules/decision_record.hpp"
#include "ssprules/detail/json.hpp"
#include "ssprules/detail/sha256.hpp"
#include "ssprules/error.hpp"

namespace ssprules::inline SSPRULES_ABI {

SSPRULES_INLINE std::string policy_sha256(const program& prog) {
  const rule_document& doc = prog.checked().document();
  const std::string own =
      detail::hex(detail::sha256::of(doc.file ? std::string_view(doc.file->text()) : ""));
  if (doc.imported.empty()) return own;  // the hash of the policy's text, as it always was
  // with imports: the hash of a manifest, the policy's text hash and then, per imported file
  // in the order imported, its name and its text's hash, one line each
  std::string manifest = own + '\n';
  for (const auto& f : doc.imported) {
    manifest += f->name() + ' ' + detail::hex(detail::sha256::of(f->text())) + '\n';
  }
  return detail::hex(detail::sha256::of(manifest));
}

SSPRULES_INLINE void check_record_key(std::string_view key) {
  std::size_t end = key.find_last_not_of('\0');
  std::size_t length = end == std::string_view::npos ? 0 : end + 1;
  if (key.empty()) throw error("decision records need a secret key for the hash of the inputs");
  if (length < min_record_key_bytes) {
    throw error("the key of the decision records is shorter than " +
                std::to_string(min_record_key_bytes) +
                " bytes (NUL bytes at its end not counted); use a longer secret, e.g. the "
                "output of `openssl rand -hex 32`");
  }
}

SSPRULES_INLINE std::string inputs_hmac(const program& prog, const facts& record,
                                        std::string_view key) {
  check_record_key(key);
  std::string message = prog.id() + '\n';
  const std::vector<value> values = input_values(prog, record);
  for (std::size_t i = 0; i < values.size(); ++i) {
    message +=
        prog.inputs()[i].name + '=' + (values[i].present() ? values[i].to_json() : "absent") + '\n';
  }
  return detail::hex(detail::hmac_sha256(key, message));
}

SSPRULES_INLINE std::string decision_record(const program& prog, const facts& record, date as_of,
                                            std::string_view key) {
  using detail::append_json_string;
  const std::string hmac = inputs_hmac(prog, record, key);
  decision d = evaluate(prog, record, as_of, {.explain = true});
  std::string out = "{\"policy\":";
  append_json_string(out, prog.id());
  out += ",\"version\":";
  append_json_string(out, prog.version());
  out += ",\"policy_sha256\":\"" + policy_sha256(prog) + "\",\"id\":";
  if (record.has_id())
    append_json_string(out, record.id());
  else
    out += "null";
  out += ",\"as_of\":\"" + d.as_of().to_string() + "\",\"inputs_hmac_sha256\":\"" + hmac + "\"";
  out += ",\"inputs\":{";
  for (std::size_t i = 0; i < prog.inputs().size(); ++i) {
    if (i) out += ',';
    append_json_string(out, prog.inputs()[i].name);
    out += record.has_input(i) ? ":\"present\"" : ":\"absent\"";
  }
  out += '}';
  if (d.ok()) {
    out += ",\"outputs\":{";
    for (std::size_t j = 0; j < d.names().size(); ++j) {
      if (j) out += ',';
      append_json_string(out, d.names()[j]);
      out += ':' + d.values()[j].to_json();
    }
    out += '}';
  } else {
    out += ",\"error\":{\"code\":";
    append_json_string(out, d.error()->code);
    out += ",\"message\":";
    append_json_string(out, d.error()->message);
    out += '}';
  }
  out += ",\"decided_by\":{";
  bool first = true;
  for (const explanation_step& s : d.explanation()) {
    if (s.error) continue;
    if (!first) out += ',';
    first = false;
    append_json_string(out, s.rule);
    out += ':';
    append_json_string(out, s.decided_by);
  }
  out += "}}";
  return out;
}

}  // namespace ssprules::inline SSPRULES_ABI
