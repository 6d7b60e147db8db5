#pragma once

#include <cstdint>
#include <span>

#include <sqlite3.h>

#include <attest/storage/store.hpp>

namespace attest::storage::sqlite {

// A batch of credentials as the `attest_credential_feed` virtual table shows it: the rows in
// `order`, each with its id (`first_id` plus its place in the batch as given), the batch and
// whether it is the current credential. A bulk insert then runs as one INSERT ... SELECT
// instead of one statement per row.
struct CredentialFeed {
    std::span<const CredentialRow> rows;
    std::span<const std::uint32_t> order;
    // Indexed like `order`: 1 for the row that becomes current.
    std::span<const char> current;
    std::int64_t first_id = 0;
    std::int64_t batch = 0;
};

// Registers the read-only, eponymous `attest_credential_feed` table on `db`. It reads
// whatever `*source` points to when a statement starts (nothing while it is null); the
// pointer must outlive the connection.
int register_credential_feed(sqlite3* db, const CredentialFeed* const* source);

} // namespace attest::storage::sqlite
