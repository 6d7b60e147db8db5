#include <attest/core/sha256.hpp>
#include <attest/journal/journal.hpp>

namespace attest::journal {

namespace {

constexpr const char* k_head_key = "journal.head";

void add_field(Sha256& hash, std::string_view field) {
    std::string length = std::to_string(field.size()) + ":";
    hash.update(length);
    hash.update(field);
    hash.update("\n");
}

} // namespace

std::string entry_hash(const storage::JournalEntry& entry) {
    Sha256 hash;
    add_field(hash, std::to_string(entry.sequence));
    add_field(hash, entry.time);
    add_field(hash, entry.actor);
    add_field(hash, entry.command);
    add_field(hash, entry.entity);
    add_field(hash, entry.details);
    add_field(hash, entry.previous_hash);
    return to_hex(hash.finish());
}

storage::JournalEntry append(storage::Store& store, const Clock& clock, const Change& change) {
    auto last = store.last_journal_entry();
    storage::JournalEntry entry;
    entry.sequence = last ? last->sequence + 1 : 1;
    entry.time = clock.timestamp();
    entry.actor = change.actor;
    entry.command = change.command;
    entry.entity = change.entity;
    entry.details = change.details;
    entry.previous_hash = last ? last->hash : k_genesis_hash;
    entry.hash = entry_hash(entry);
    store.append_journal(entry);
    store.set_meta(k_head_key, std::to_string(entry.sequence) + " " + entry.hash);
    return entry;
}

VerifyReport verify(storage::Store& store) {
    VerifyReport report;
    std::string previous = k_genesis_hash;
    std::int64_t expected_sequence = 1;
    constexpr std::int64_t k_batch = 4096;
    std::int64_t after = 0;
    for (;;) {
        auto batch = store.journal(after, k_batch);
        for (const auto& entry : batch) {
            ++report.entries;
            if (report.first_broken) {
                continue;
            }
            if (entry.sequence != expected_sequence) {
                report.first_broken = expected_sequence;
                report.reason = "entry " + std::to_string(expected_sequence) +
                                " is missing (the next entry is " + std::to_string(entry.sequence) +
                                ")";
            } else if (entry.previous_hash != previous) {
                report.first_broken = entry.sequence;
                report.reason = "entry " + std::to_string(entry.sequence) +
                                " does not link to the entry before it";
            } else if (entry_hash(entry) != entry.hash) {
                report.first_broken = entry.sequence;
                report.reason = "entry " + std::to_string(entry.sequence) +
                                " was changed after it was written (its hash does not match)";
            }
            previous = entry.hash;
            expected_sequence = entry.sequence + 1;
        }
        if (static_cast<std::int64_t>(batch.size()) < k_batch) {
            break;
        }
        after = batch.back().sequence;
    }
    if (!report.first_broken) {
        auto head = store.meta(k_head_key);
        std::string actual = report.entries == 0
                                 ? std::string{}
                                 : std::to_string(expected_sequence - 1) + " " + previous;
        if (head.value_or("") != actual) {
            report.first_broken = expected_sequence;
            report.reason = "the journal ends at entry " + std::to_string(expected_sequence - 1) +
                            " but its recorded head is " +
                            (head ? "entry " + head->substr(0, head->find(' ')) : "missing") +
                            " (entries were removed)";
        }
    }
    return report;
}

} // namespace attest::journal
