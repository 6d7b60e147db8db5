#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <attest/core/date.hpp>
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

// The SHA-256 that chains an entry to its predecessor: it covers the sequence, time, actor,
// command, entity, details and the previous hash, each length-prefixed so no two different
// entries hash alike.
std::string entry_hash(const storage::JournalEntry& entry);

// Appends a change to the journal within the caller's transaction and returns the new entry.
storage::JournalEntry append(storage::Store& store, const Clock& clock, const Change& change);

struct VerifyReport {
    std::int64_t entries = 0;
    // The first entry whose chain is broken, and why; empty when the chain verifies.
    std::optional<std::int64_t> first_broken;
    std::string reason;
};

// Recomputes the whole chain: each entry's hash, its link to the previous entry, gaps in the
// sequence, and the head recorded at the last append (which catches removed trailing entries).
VerifyReport verify(storage::Store& store);

} // namespace attest::journal
