#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include <attest/storage/store.hpp>

namespace attest::credentials {

// The renewal rule: a credential with no expiry beats every other, and otherwise the later
// expiry wins, a later record winning a tie. Dates are ISO 8601 text.
bool renews(std::string_view candidate_expires, std::string_view held_expires);

// Adds a batch of credentials (one, or a whole import) and keeps the current one of each
// member of staff and type by the renewal rule, among what is held and the batch's rows. Rows
// get consecutive ids in the order given; returns the first (0 for an empty batch).
std::int64_t add_credentials(storage::Store& store, const storage::CredentialBatch& batch,
                             std::span<const storage::CredentialRow> rows);

} // namespace attest::credentials
