#include <functional>

#include <doctest/doctest.h>

#include <attest/journal/journal.hpp>

#include "forwarding_store.hpp"
#include "test_helpers.hpp"

namespace test_journal_journal {

using namespace attest;

namespace {

// Wraps a store and alters the journal entries it returns, as an attacker editing rows would.
class TamperingStore final : public test::ForwardingStore {
public:
    TamperingStore(storage::Store& inner,
                   std::function<void(std::vector<storage::JournalEntry>&)> edit)
        : ForwardingStore(inner), m_edit(std::move(edit)) {}
    std::vector<storage::JournalEntry> journal(std::int64_t after, std::int64_t limit) override {
        auto entries = ForwardingStore::journal(after, limit);
        m_edit(entries);
        return entries;
    }

private:
    std::function<void(std::vector<storage::JournalEntry>&)> m_edit;
};

} // namespace

TEST_CASE("journal::append and verify") {
    auto opened = storage::open_store("sqlite::memory:");
    REQUIRE(opened);
    auto& store = **opened;
    test::FixedClock clock;
    for (int i = 0; i < 3; ++i) {
        journal::append(store, clock, {"pat", "audit new", "audit:" + std::to_string(i), "{}"});
    }

    SUBCASE("entries chain from the genesis hash") {
        auto entries = store.journal(0, 0);
        REQUIRE(entries.size() == 3);
        CHECK(entries[0].previous_hash == journal::k_genesis_hash);
        CHECK(entries[1].previous_hash == entries[0].hash);
        CHECK(entries[2].hash == journal::entry_hash(entries[2]));
        auto report = journal::verify(store);
        CHECK(report.entries == 3);
        CHECK_FALSE(report.first_broken);
    }
    SUBCASE("an empty journal verifies") {
        auto empty = storage::open_store("sqlite::memory:");
        CHECK_FALSE(journal::verify(**empty).first_broken);
    }
    SUBCASE("an edited field is caught at its entry") {
        TamperingStore tampered(store, [](auto& entries) {
            for (auto& e : entries) {
                if (e.sequence == 2) {
                    e.actor = "mallory";
                }
            }
        });
        auto report = journal::verify(tampered);
        CHECK(report.first_broken == 2);
        CHECK(report.reason ==
              "entry 2 was changed after it was written (its hash does not match)");
    }
    SUBCASE("a recomputed hash breaks the link to the next entry") {
        TamperingStore tampered(store, [](auto& entries) {
            for (auto& e : entries) {
                if (e.sequence == 2) {
                    e.details = "{\"x\":1}";
                    e.hash = journal::entry_hash(e);
                }
            }
        });
        auto report = journal::verify(tampered);
        CHECK(report.first_broken == 3);
        CHECK(report.reason == "entry 3 does not link to the entry before it");
    }
    SUBCASE("a removed entry is caught") {
        TamperingStore tampered(store, [](auto& entries) {
            std::erase_if(entries, [](const auto& e) { return e.sequence == 2; });
        });
        auto report = journal::verify(tampered);
        CHECK(report.first_broken == 2);
        CHECK(report.reason == "entry 2 is missing (the next entry is 3)");
    }
    SUBCASE("removed trailing entries are caught by the recorded head") {
        TamperingStore tampered(store, [](auto& entries) {
            std::erase_if(entries, [](const auto& e) { return e.sequence == 3; });
        });
        auto report = journal::verify(tampered);
        CHECK(report.first_broken == 3);
        CHECK(
            report.reason ==
            "the journal ends at entry 2 but its recorded head is entry 3 (entries were removed)");
    }
}

TEST_CASE("journal::entry_hash") {
    storage::JournalEntry a{1, "t", "ab", "c", "e", "d", "p", "", ""};
    storage::JournalEntry b{1, "t", "a", "bc", "e", "d", "p", "", ""};
    CHECK(journal::entry_hash(a) != journal::entry_hash(b));
    CHECK(journal::entry_hash(a).size() == 64);
}

} // namespace test_journal_journal
