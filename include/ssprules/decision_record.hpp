// Decision records: an audit trail of each decision that does not store the case data. A record
// names the policy (id, version, SHA-256 of its source text), the evaluation date, a keyed hash
// of the inputs (HMAC-SHA256 under a key the caller keeps: an unkeyed hash of a birth date and a
// category is reversed by trying every value), which inputs were present, the outputs, and the
// part of each rule that decided it, so that a decision can be reproduced and checked later.
#pragma once
#include "ssprules/version.hpp"  // first: the C++20 check
#ifndef SSPRULES_FIRST_HEADER
#  define SSPRULES_FIRST_HEADER 5  // header-first: see the end of this file
#endif

#include <cstddef>
#include <string>
#include <string_view>

#include "ssprules/compile.hpp"
#include "ssprules/evaluate.hpp"
#include "ssprules/record.hpp"

namespace ssprules::inline SSPRULES_ABI {

/// The fewest bytes a key of the inputs' hash may have. NUL bytes at the end of a key do not
/// count: HMAC pads a short key with NUL bytes, so `k`, `k\0` and `k\0\0` are the same key (and
/// a key of NUL bytes is the empty key).
inline constexpr std::size_t min_record_key_bytes = 16;

/// Throws `ssprules::error`, with a message that says the minimum, when `key` is too short to
/// key the inputs' hash (fewer than `min_record_key_bytes` bytes before its trailing NUL
/// bytes). `decision_record` and `inputs_hmac` check their key with it; callers that read a
/// key (`ssprules eval --key-file`, Python's `Policy.decision_record`) call it first.
void check_record_key(std::string_view key);

/// The decision record of one record as one JSON object (one line of `ssprules eval
/// --records FILE`):
/// `{"policy", "version", "policy_sha256", "id", "as_of", "inputs_hmac_sha256",
///   "inputs": {name: "present"|"absent"}, "outputs": {…} | "error": {…},
///   "decided_by": {rule: "case 2" | "row 3" | … | "sensitive"}}`.
/// `key` must pass `check_record_key` (else `ssprules::error`). Input values never appear in it,
/// nor does the case or row of a rule whose conditions read a sensitive input or a value
/// computed from one (`"sensitive"`; see `evaluate`'s explanations).
[[nodiscard]] std::string decision_record(const program& prog, const facts& record, date as_of,
                                          std::string_view key);

/// The HMAC-SHA256 (hex) of a record's inputs under `key`: over the policy id and, per input
/// in declaration order, its name and value (`value::to_json`) or `absent`. Equal inputs give
/// equal hashes under one key, whatever order or format they came in.
[[nodiscard]] std::string inputs_hmac(const program& prog, const facts& record,
                                      std::string_view key);

/// SHA-256 (hex) of a policy's source text; for a policy with `imports`, of the manifest that
/// lists the SHA-256 of its text and then, one line per imported file in the order imported,
/// the file's name and the SHA-256 of its text (so a change in any of them changes it).
[[nodiscard]] std::string policy_sha256(const program& prog);

}  // namespace ssprules::inline SSPRULES_ABI

// Header-first: in the one translation unit that defines SSPRULES_IMPLEMENTATION, the first
// ssprules header it includes brings every definition once it is complete (detail/config.hpp).
#if defined(SSPRULES_IMPLEMENTATION) && SSPRULES_FIRST_HEADER == 5
#  include "ssprules/impl/all.ipp"
#endif
