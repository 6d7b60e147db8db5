#include <doctest/doctest.h>

#include <attest/journal/journal.hpp>
#include <attest/journal/state.hpp>

#include "forwarding_store.hpp"
#include "test_helpers.hpp"

namespace test_journal_state {

using namespace attest;

namespace {

storage::PlanRecord plan_for(std::int64_t audit) {
    storage::PlanRecord plan;
    plan.audit_id = audit;
    plan.checklist_id = "hipaa-security";
    plan.item_id = "164.308(a)(1)";
    plan.action = "Train staff";
    plan.owner = "J. Rivera";
    plan.due = "2026-12-31";
    plan.created_by = "pat";
    plan.created_at = "2026-11-27T10:00:00Z";
    return plan;
}

std::int64_t add_audit(storage::Store& store) {
    storage::AuditRecord audit;
    audit.name = "Mock survey";
    audit.site = "Main";
    audit.auditor = "pat";
    audit.created_at = "2026-11-27T10:00:00Z";
    audit.created_by = "pat";
    return store.insert_audit(audit);
}

// An observation linked to an item of `audit`, journalled; returns the link.
storage::EvidenceLink add_observation(storage::Store& store, const Clock& clock,
                                      std::int64_t audit) {
    storage::EvidenceRecord evidence;
    evidence.kind = "observation";
    auto id = store.add_evidence(evidence);
    storage::EvidenceLink link{id, audit, "hipaa-security", "164.308(a)(1)", 0, "pat", "now"};
    store.link_evidence(link);
    journal::append(store, clock, {"pat", "evidence add", "evidence:1", "{}"});
    return link;
}

std::vector<std::string> messages(storage::Store& store) {
    std::vector<std::string> out;
    for (const auto& problem : journal::verify_state(store)) {
        out.push_back(problem.message);
    }
    return out;
}

// Shows the recorded rows with one hash altered, as an attacker editing journal_state would.
class StateTamperingStore final : public test::ForwardingStore {
public:
    using ForwardingStore::ForwardingStore;
    void recorded_state(const storage::StateVisitor& visit) override {
        ForwardingStore::recorded_state([&](const storage::StateRow& row) {
            storage::StateRow edited = row;
            std::string hash(64, 'f');
            if (row.table == "plan") {
                edited.hash = hash;
            }
            visit(edited);
        });
    }
};

} // namespace

TEST_CASE("journal::append records the rows a transaction wrote") {
    auto opened = storage::open_store("sqlite::memory:");
    REQUIRE(opened);
    auto& store = **opened;
    test::FixedClock clock;
    auto audit = add_audit(store);
    journal::append(store, clock, {"pat", "audit new", "audit:1", "{}"});
    auto plan = store.add_plan(plan_for(audit));
    journal::append(store, clock, {"pat", "plan add", "plan:1", "{}"});

    SUBCASE("each entry commits to its rows, and the rows verify") {
        auto entries = store.journal(0, 0);
        REQUIRE(entries.size() == 2);
        CHECK(entries[0].state.size() == 64);
        CHECK(entries[1].state != entries[0].state);
        std::vector<std::string> rows;
        store.recorded_state([&](const storage::StateRow& row) {
            rows.push_back(std::to_string(row.sequence) + " " + std::string(row.table) + " " +
                           std::string(row.key));
        });
        CHECK(rows == std::vector<std::string>{"1 audit 1", "2 plan 1"});
        CHECK(messages(store).empty());
        CHECK_FALSE(journal::verify(store).first_broken);
    }
    SUBCASE("an entry that wrote nothing commits to no rows") {
        journal::append(store, clock, {"pat", "export", "audit:1", "{}"});
        CHECK(store.journal(2, 1).front().state == journal::StateDigest().finish());
        CHECK_FALSE(journal::verify(store).first_broken);
    }
    SUBCASE("a row changed without an entry is named with the entry it contradicts") {
        store.set_plan_status(plan, "done", "2026-11-28", "mallory", "done");
        CHECK(messages(store) ==
              std::vector<std::string>{"plan 1 was changed outside attest: it differs from what "
                                       "journal entry 2 (plan add) recorded"});
        auto problems = journal::verify_state(store);
        CHECK(problems.front().kind == "changed");
        CHECK(problems.front().sequence == 2);
    }
    SUBCASE("a row added without an entry") {
        store.add_plan(plan_for(audit));
        CHECK(messages(store) ==
              std::vector<std::string>{
                  "plan 2 was added outside attest: no journal entry recorded it"});
    }
    SUBCASE("a row recorded as deleted that is back") {
        auto link = add_observation(store, clock, audit);
        store.unlink_evidence(link);
        journal::append(store, clock, {"pat", "evidence unlink", "evidence:1", "{}"});
        CHECK(messages(store).empty());
        store.link_evidence(link);
        CHECK(messages(store) ==
              std::vector<std::string>{"evidence_link 1,1,'hipaa-security','164.308(a)(1)',0 was "
                                       "added outside attest: journal entry 4 (evidence unlink) "
                                       "recorded it deleted"});
    }
    SUBCASE("a deleted row") {
        auto link = add_observation(store, clock, audit);
        store.unlink_evidence(link);
        CHECK(messages(store) ==
              std::vector<std::string>{"evidence_link 1,1,'hipaa-security','164.308(a)(1)',0 was "
                                       "deleted outside attest: journal entry 3 (evidence add) "
                                       "recorded it and no entry deleted it"});
    }
    SUBCASE("recorded rows edited afterwards break the chain at their entry") {
        StateTamperingStore tampered(store);
        auto report = journal::verify(tampered);
        CHECK(report.first_broken == 2);
        CHECK(report.reason == "the rows entry 2 recorded were changed after it was written "
                               "(they do not match its state hash)");
    }
    SUBCASE("an entry without state after entries with it was not written by attest") {
        auto last = *store.last_journal_entry();
        storage::JournalEntry forged;
        forged.sequence = 3;
        forged.time = "2026-11-28T00:00:00Z";
        forged.actor = "mallory";
        forged.command = "plan add";
        forged.entity = "plan:9";
        forged.details = "{}";
        forged.previous_hash = last.hash;
        forged.hash = journal::entry_hash(forged);
        store.append_journal(forged);
        store.set_meta("journal.head", "3 " + forged.hash);
        auto report = journal::verify(store);
        CHECK(report.first_broken == 3);
        CHECK(report.reason ==
              "entry 3 records no state, though entry 1 before it does (attest did not write it)");
        // A baseline attest writes after it does not bless the state as it is.
        journal::ensure_baseline(store, clock, "pat");
        CHECK(journal::verify(store).first_broken == 3);
    }
}

TEST_CASE("journal::ensure_baseline") {
    auto opened = storage::open_store("sqlite::memory:");
    REQUIRE(opened);
    auto& store = **opened;
    test::FixedClock clock;

    SUBCASE("an empty journal needs none") {
        CHECK_FALSE(journal::ensure_baseline(store, clock, "pat"));
    }
    SUBCASE("rows with no journal at all get one, as the first entry") {
        // A workspace from a version that journalled nothing.
        add_audit(store);
        auto baseline = journal::ensure_baseline(store, clock, "pat");
        REQUIRE(baseline);
        CHECK(baseline->sequence == 1);
        CHECK(baseline->command == "journal baseline");
        CHECK(messages(store).empty());
        CHECK_FALSE(journal::verify(store).first_broken);
        CHECK_FALSE(journal::ensure_baseline(store, clock, "pat"));
    }
    SUBCASE("a journal from before state records gets one entry committing to every row") {
        // Rows and an entry as an older attest wrote them: no state, and no rows recorded.
        add_audit(store);
        store.add_plan(plan_for(1));
        storage::JournalEntry old;
        old.sequence = 1;
        old.time = "2026-11-01T00:00:00Z";
        old.actor = "pat";
        old.command = "audit new";
        old.entity = "audit:1";
        old.details = "{}";
        old.previous_hash = journal::k_genesis_hash;
        old.hash = journal::entry_hash(old);
        store.append_journal(old);
        store.set_meta("journal.head", "1 " + old.hash);

        auto baseline = journal::ensure_baseline(store, clock, "pat");
        REQUIRE(baseline);
        CHECK(baseline->sequence == 2);
        CHECK(baseline->command == "journal baseline");
        CHECK(messages(store).empty());
        CHECK_FALSE(journal::verify(store).first_broken);
        CHECK_FALSE(journal::ensure_baseline(store, clock, "pat"));
    }
}

TEST_CASE("journal::head and check_anchor") {
    auto opened = storage::open_store("sqlite::memory:");
    REQUIRE(opened);
    auto& store = **opened;
    test::FixedClock clock;
    CHECK_FALSE(journal::head(store));
    for (int i = 0; i < 3; ++i) {
        journal::append(store, clock, {"pat", "audit new", "audit:" + std::to_string(i), "{}"});
    }
    auto head = journal::head(store);
    REQUIRE(head);
    CHECK(head->sequence == 3);
    CHECK(head->hash == store.last_journal_entry()->hash);

    SUBCASE("a later journal still holds an earlier head") {
        journal::Head earlier{2, store.journal(1, 1).front().hash};
        journal::append(store, clock, {"pat", "audit new", "audit:9", "{}"});
        CHECK(journal::check_anchor(store, earlier).empty());
    }
    SUBCASE("a rewritten history does not") {
        journal::Head other{2, std::string(64, 'a')};
        CHECK(journal::check_anchor(store, other) ==
              "entry 2 has hash " + store.journal(1, 1).front().hash.substr(0, 16) +
                  ", not the anchored aaaaaaaaaaaaaaaa: the history up to entry 2 was rewritten");
    }
    SUBCASE("nor a shortened one") {
        journal::Head later{7, std::string(64, 'a')};
        CHECK(journal::check_anchor(store, later) ==
              "the journal has no entry 7 (it ends at entry 3): entries were removed");
    }
}

} // namespace test_journal_state
