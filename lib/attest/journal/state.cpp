#include <charconv>
#include <iterator>
#include <map>

#include <nlohmann/json.hpp>

#include <attest/journal/journal.hpp>
#include <attest/journal/state.hpp>

namespace attest::journal {

StateDigest::StateDigest() {
    m_hash.update("attest state 1\n");
}

void StateDigest::add(const storage::StateRow& row) {
    // The bytes add_field would hash, gathered for one update: an import hashes a million rows.
    auto& bytes = m_buffer;
    bytes.clear();
    for (std::string_view field :
         {row.table, row.key, row.hash.empty() ? std::string_view("deleted") : row.hash}) {
        char digits[20];
        auto* end = std::to_chars(std::begin(digits), std::end(digits), field.size()).ptr;
        bytes.append(digits, end);
        bytes += ':';
        bytes.append(field);
        bytes += '\n';
    }
    m_hash.update(bytes);
    ++m_rows;
}

std::string StateDigest::finish() {
    auto digest = to_hex(m_hash.finish());
    m_hash.update("attest state 1\n");
    m_rows = 0;
    return digest;
}

std::vector<StateProblem> verify_state(storage::Store& store, size_t limit) {
    std::vector<StateProblem> problems;
    // "journal entry 7 (audit record)", looked up once per entry.
    std::map<std::int64_t, std::string> entries;
    auto entry = [&](std::int64_t sequence) -> const std::string& {
        auto found = entries.find(sequence);
        if (found == entries.end()) {
            auto read = store.journal(sequence - 1, 1);
            std::string text = "journal entry " + std::to_string(sequence);
            if (!read.empty() && read.front().sequence == sequence) {
                text += " (" + read.front().command + ")";
            }
            found = entries.emplace(sequence, std::move(text)).first;
        }
        return found->second;
    };
    for (auto& mismatch : store.state_mismatches(limit)) {
        StateProblem problem;
        problem.table = std::move(mismatch.table);
        problem.key = std::move(mismatch.key);
        problem.sequence = mismatch.sequence;
        std::string row = problem.table + " " + problem.key;
        if (mismatch.actual.empty()) {
            problem.kind = "deleted";
            problem.message = row + " was deleted outside attest: " + entry(mismatch.sequence) +
                              " recorded it and no entry deleted it";
        } else if (mismatch.recorded.empty()) {
            problem.kind = "added";
            problem.message =
                row + " was added outside attest: " +
                (mismatch.sequence == 0 ? "no journal entry recorded it"
                                        : entry(mismatch.sequence) + " recorded it deleted");
        } else {
            problem.kind = "changed";
            problem.message = row + " was changed outside attest: it differs from what " +
                              entry(mismatch.sequence) + " recorded";
        }
        problems.push_back(std::move(problem));
    }
    return problems;
}

std::optional<storage::JournalEntry> ensure_baseline(storage::Store& store, const Clock& clock,
                                                     const std::string& actor) {
    // Needed while the last entry records no state, or, with no entry at all, while rows
    // exist that no entry recorded (a workspace written by a version that journalled nothing).
    auto needed = [&] {
        auto last = store.last_journal_entry();
        return last ? last->state.empty() : !store.state_mismatches(1).empty();
    };
    if (!needed()) {
        return std::nullopt;
    }
    storage::Transaction transaction(store);
    // Another process may have written it meanwhile.
    if (!needed()) {
        return std::nullopt;
    }
    nlohmann::json details = {{"reason", "the journal records the state of every row from here "
                                         "on; this entry commits to the rows as they were"},
                              {"schema", store.schema_version()}};
    auto entry = append(store, clock, {actor, "journal baseline", "journal", details.dump()},
                        storage::StateScope::full);
    transaction.commit();
    return entry;
}

} // namespace attest::journal
