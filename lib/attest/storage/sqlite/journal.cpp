
#include "backend.hpp"

namespace attest::storage::sqlite {

namespace {

JournalEntry read_entry(const Statement& statement) {
    return JournalEntry{statement.integer(0), statement.text(1), statement.text(2),
                        statement.text(3),    statement.text(4), statement.text(5),
                        statement.text(6),    statement.text(7), statement.text(8)};
}

} // namespace

void SqliteStore::append_journal(const JournalEntry& entry) {
    Statement statement(m_db,
                        "INSERT INTO journal(seq, time, actor, command, entity, details, "
                        "prev_hash, hash, state) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    statement.bind(1, entry.sequence)
        .bind(2, entry.time)
        .bind(3, entry.actor)
        .bind(4, entry.command)
        .bind(5, entry.entity)
        .bind(6, entry.details)
        .bind(7, entry.previous_hash)
        .bind(8, entry.hash)
        .bind(9, entry.state)
        .run();
}

std::optional<JournalEntry> SqliteStore::last_journal_entry() {
    Statement statement(m_db, "SELECT seq, time, actor, command, entity, details, prev_hash, "
                              "hash, state FROM journal ORDER BY seq DESC LIMIT 1");
    if (statement.step()) {
        return read_entry(statement);
    }
    return std::nullopt;
}

std::vector<JournalEntry> SqliteStore::journal(std::int64_t after, std::int64_t limit) {
    Statement statement(m_db, "SELECT seq, time, actor, command, entity, details, prev_hash, "
                              "hash, state FROM journal WHERE seq > ?1 ORDER BY seq LIMIT ?2");
    statement.bind(1, after).bind(2, limit > 0 ? limit : std::int64_t{-1});
    std::vector<JournalEntry> entries;
    while (statement.step()) {
        entries.push_back(read_entry(statement));
    }
    return entries;
}

} // namespace attest::storage::sqlite
