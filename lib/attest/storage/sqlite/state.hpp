#pragma once

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

} // namespace attest::storage::sqlite
