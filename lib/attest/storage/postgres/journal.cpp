#include <limits>

#include "backend.hpp"

namespace attest::storage::postgres {

namespace {

std::vector<JournalEntry> read_entries(const Rows& rows) {
    std::vector<JournalEntry> entries;
    entries.reserve(static_cast<size_t>(rows.size()));
    for (int i = 0; i < rows.size(); ++i) {
        entries.push_back(JournalEntry{rows.integer(i, 0), rows.text(i, 1), rows.text(i, 2),
                                       rows.text(i, 3), rows.text(i, 4), rows.text(i, 5),
                                       rows.text(i, 6), rows.text(i, 7), rows.text(i, 8)});
    }
    return entries;
}

} // namespace

// Appends run inside a writer's transaction, which holds the writer lock (lock_wait.cpp): the
// entry before it is the last one committed, so the chain never forks.
void PostgresStore::append_journal(const JournalEntry& entry) {
    m_db->run("INSERT INTO journal(seq, time, actor, command, entity, details, prev_hash, hash, "
              "state) VALUES ($1::bigint, $2, $3, $4, $5, $6, $7, $8, $9)",
              {entry.sequence, entry.time, entry.actor, entry.command, entry.entity, entry.details,
               entry.previous_hash, entry.hash, entry.state});
}

std::optional<JournalEntry> PostgresStore::last_journal_entry() {
    if (!sees_everything()) {
        // Its place in the chain only: a writer may not read other people's entries.
        auto rows = m_db->run("SELECT seq, prev_hash, hash, state FROM attest_journal_last() "
                              "WHERE seq IS NOT NULL");
        if (rows.empty()) {
            return std::nullopt;
        }
        JournalEntry last;
        last.sequence = rows.integer(0, 0);
        last.previous_hash = rows.text(0, 1);
        last.hash = rows.text(0, 2);
        last.state = rows.text(0, 3);
        return last;
    }
    auto entries = read_entries(m_db->run("SELECT seq, time, actor, command, entity, details, "
                                          "prev_hash, hash, state FROM journal ORDER BY seq DESC "
                                          "LIMIT 1"));
    if (entries.empty()) {
        return std::nullopt;
    }
    return entries.front();
}

std::vector<JournalEntry> PostgresStore::journal(std::int64_t after, std::int64_t limit) {
    return read_entries(
        m_db->run("SELECT seq, time, actor, command, entity, details, prev_hash, "
                  "hash, state FROM journal WHERE seq > $1::bigint ORDER BY seq LIMIT "
                  "$2::bigint",
                  {after, limit > 0 ? limit : std::numeric_limits<std::int64_t>::max()}));
}

} // namespace attest::storage::postgres
