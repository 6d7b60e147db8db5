#include <algorithm>
#include <unordered_map>

#include <attest/core/sha256.hpp>
#include <attest/journal/journal.hpp>
#include <attest/journal/state.hpp>

namespace attest::journal {

namespace {

constexpr const char* k_head_key = "journal.head";

} // namespace

void add_field(Sha256& hash, std::string_view field) {
    std::string length = std::to_string(field.size()) + ":";
    hash.update(length);
    hash.update(field);
    hash.update("\n");
}

std::string entry_hash(const storage::JournalEntry& entry) {
    Sha256 hash;
    add_field(hash, std::to_string(entry.sequence));
    add_field(hash, entry.time);
    add_field(hash, entry.actor);
    add_field(hash, entry.command);
    add_field(hash, entry.entity);
    add_field(hash, entry.details);
    add_field(hash, entry.previous_hash);
    if (!entry.state.empty()) {
        add_field(hash, entry.state);
    }
    return to_hex(hash.finish());
}

storage::JournalEntry append(storage::Store& store, const Clock& clock, const Change& change,
                             storage::StateScope scope) {
    auto last = store.last_journal_entry();
    storage::JournalEntry entry;
    entry.sequence = last ? last->sequence + 1 : 1;
    StateDigest digest;
    store.record_state(entry.sequence, scope,
                       [&](const storage::StateRow& row) { digest.add(row); });
    entry.state = digest.finish();
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

std::optional<Head> head(storage::Store& store) {
    auto last = store.last_journal_entry();
    if (!last) {
        return std::nullopt;
    }
    return Head{last->sequence, last->hash};
}

std::string check_anchor(storage::Store& store, const Head& anchored) {
    auto found = store.journal(anchored.sequence - 1, 1);
    auto sequence = std::to_string(anchored.sequence);
    if (found.empty() || found.front().sequence != anchored.sequence) {
        auto last = store.last_journal_entry();
        return "the journal has no entry " + sequence + " (it ends at entry " +
               std::to_string(last ? last->sequence : 0) + "): entries were removed";
    }
    if (found.front().hash != anchored.hash) {
        return "entry " + sequence + " has hash " + found.front().hash.substr(0, 16) +
               ", not the anchored " + anchored.hash.substr(0, 16) + ": the history up to entry " +
               sequence + " was rewritten";
    }
    return {};
}

VerifyReport verify(storage::Store& store) {
    VerifyReport report;
    // The digest of each entry's recorded rows, and the rows of entries that do not exist.
    std::unordered_map<std::int64_t, std::string> digests;
    {
        StateDigest digest;
        std::int64_t at = 0;
        store.recorded_state([&](const storage::StateRow& row) {
            if (row.sequence != at && at != 0) {
                digests[at] = digest.finish();
            }
            at = row.sequence;
            digest.add(row);
        });
        if (at != 0) {
            digests[at] = digest.finish();
        }
    }
    const std::string no_rows = StateDigest().finish();
    // The first entry that recorded state; every entry after it must.
    std::int64_t first_with_state = 0;
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
            } else if (auto found = digests.find(entry.sequence);
                       !entry.state.empty() &&
                       (found == digests.end() ? no_rows : found->second) != entry.state) {
                report.first_broken = entry.sequence;
                report.reason = "the rows entry " + std::to_string(entry.sequence) +
                                " recorded were changed after it was written (they do not match "
                                "its state hash)";
            } else if (entry.state.empty() && (first_with_state != 0 || found != digests.end())) {
                report.first_broken = entry.sequence;
                report.reason =
                    "entry " + std::to_string(entry.sequence) + " records no state, though " +
                    (first_with_state != 0 ? "entry " + std::to_string(first_with_state) +
                                                 " before it does (attest did not write it)"
                                           : std::string("rows are filed under it"));
            }
            if (!entry.state.empty() && first_with_state == 0) {
                first_with_state = entry.sequence;
            }
            digests.erase(entry.sequence);
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
    if (!report.first_broken && !digests.empty()) {
        auto orphan = std::min_element(digests.begin(), digests.end())->first;
        report.first_broken = orphan;
        report.reason = "rows are filed under entry " + std::to_string(orphan) +
                        ", which is not in the journal";
    }
    return report;
}

} // namespace attest::journal
