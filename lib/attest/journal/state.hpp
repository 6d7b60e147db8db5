#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <attest/core/date.hpp>
#include <attest/core/sha256.hpp>
#include <attest/storage/store.hpp>

namespace attest::journal {

// What an entry commits to: the SHA-256 over the rows it recorded (table, key and content
// hash, or deletion), in table and key order. Chained into the entry's hash, so a state
// record edited afterwards breaks the chain at its entry.
class StateDigest {
public:
    StateDigest();
    void add(const storage::StateRow& row);
    // The digest in hex; the object is then reset.
    std::string finish();
    size_t rows() const { return m_rows; }

private:
    Sha256 m_hash;
    size_t m_rows = 0;
    std::string m_buffer;
};

// A row of the workspace that contradicts the journal, in plain words naming the table, the
// row and the entry it contradicts.
struct StateProblem {
    // "changed", "deleted" (recorded, now gone) or "added" (present, never recorded or
    // recorded as deleted).
    std::string kind;
    std::string table;
    std::string key;
    // The entry that recorded the row last; 0 when none did.
    std::int64_t sequence = 0;
    std::string message;
};

// Compares every row of the workspace with what the journal recorded last for it: a row
// changed, deleted or added behind attest's back is one problem each, at most `limit`.
std::vector<StateProblem> verify_state(storage::Store& store, size_t limit = 1000);

// Workspaces from before the journal recorded state: when the last entry carries no state,
// or there is no entry but there are rows, appends one "journal baseline" entry, in its own
// transaction, that commits to every row as it is, so the rows verify from then on. Returns
// the entry when one was written.
std::optional<storage::JournalEntry> ensure_baseline(storage::Store& store, const Clock& clock,
                                                     const std::string& actor);

} // namespace attest::journal
