#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <attest/core/date.hpp>
#include <attest/core/sha256.hpp>
#include <attest/storage/store.hpp>

namespace attest::journal {

// The hash of the entry before the first: 64 zeros.
inline const std::string k_genesis_hash(64, '0');

// What a change is: who did it, with which command, to which entity, and the details (JSON).
struct Change {
    std::string actor;
    std::string command;
    std::string entity;
    std::string details;
};

// Adds one field to a journal hash: its length, a colon, its bytes and a newline, so no two
// different sequences of fields hash alike.
void add_field(Sha256& hash, std::string_view field);

// The SHA-256 that chains an entry to its predecessor: it covers the sequence, time, actor,
// command, entity, details, the previous hash and the digest of the state the entry recorded
// (when it did), each length-prefixed so no two different entries hash alike.
std::string entry_hash(const storage::JournalEntry& entry);

// Appends a change to the journal within the caller's transaction and returns the new entry.
// The entry records the rows the transaction wrote since the last entry (every row, for a
// baseline) and commits to them.
storage::JournalEntry append(storage::Store& store, const Clock& clock, const Change& change,
                             storage::StateScope scope = storage::StateScope::changed);

// The head of the chain: its last entry's sequence and hash.
struct Head {
    std::int64_t sequence = 0;
    std::string hash;
};

// The current head; none while the journal is empty.
std::optional<Head> head(storage::Store& store);

// Whether the chain still holds a head recorded earlier (an anchor kept elsewhere): empty when
// entry `anchored.sequence` still has `anchored.hash`, else what is wrong, in plain words. A
// history rewritten from scratch, even with every hash recomputed, no longer holds it.
std::string check_anchor(storage::Store& store, const Head& anchored);

struct VerifyReport {
    std::int64_t entries = 0;
    // The first entry whose chain is broken, and why; empty when the chain verifies.
    std::optional<std::int64_t> first_broken;
    std::string reason;
};

// Recomputes the whole chain: each entry's hash, its link to the previous entry, gaps in the
// sequence, the digest of the state each entry recorded (and that no entry after the first to
// record state lacks one), and the head recorded at the last append (which catches removed
// trailing entries).
VerifyReport verify(storage::Store& store);

} // namespace attest::journal
