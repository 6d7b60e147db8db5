#pragma once

#include <cstdint>
#include <vector>

#include <sqlite3.h>

#include <attest/storage/store.hpp>

namespace attest::storage::sqlite {

// The SQL that adds the journal's state record: the `state` column of each entry and the
// `journal_state` table of the rows each entry recorded.
inline constexpr const char* k_state_migration = R"sql(
ALTER TABLE journal ADD COLUMN state TEXT NOT NULL DEFAULT '';
CREATE TABLE journal_state (
    seq  INTEGER NOT NULL,
    tbl  TEXT NOT NULL,
    key  TEXT NOT NULL,
    hash BLOB,
    PRIMARY KEY (seq, tbl, key)
) WITHOUT ROWID;
CREATE TRIGGER journal_state_append_only_update BEFORE UPDATE ON journal_state
BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TRIGGER journal_state_append_only_delete BEFORE DELETE ON journal_state
BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
)sql";

// Makes this connection note every row its transactions write to a tracked table (every
// table but the journal and its state, and meta): temporary triggers, which only this
// connection sees, put each written row's key and content hash in a temporary table until
// `record_state` files them under a journal entry. A write made by any other program leaves
// no note, so verification finds the row unrecorded. Call once per connection, outside a
// transaction.
void capture_state(sqlite3* db);

// Files the noted rows (or every row, for StateScope::full) under `sequence` and shows them
// to `visit` in table and key order.
void record_state(sqlite3* db, std::int64_t sequence, StateScope scope, const StateVisitor& visit);

// Shows every filed row, ordered by sequence, table and key.
void recorded_state(sqlite3* db, const StateVisitor& visit);

// Compares the last filed state of every row with the tables as they are.
std::vector<StateMismatch> state_mismatches(sqlite3* db, size_t limit);

// Registers `attest_row_hash(...)`, the content hash of a row's values, on `db`.
int register_row_hash(sqlite3* db);

} // namespace attest::storage::sqlite
