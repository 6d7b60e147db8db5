#include <algorithm>
#include <deque>
#include <memory>

#include <doctest/doctest.h>

#include <attest/credentials/renewal.hpp>
#include <attest/credentials/standing.hpp>
#include <attest/storage/sqlite/sqlite_store.hpp>
#include <attest/storage/store.hpp>

#include "scratch_database.hpp"
#include "test_helpers.hpp"

namespace test_storage_contract {

// The contract every storage backend fulfils. Each backend runs the same cases: SQLite in
// memory and in a file, and PostgreSQL on a fresh database when ATTEST_TEST_PG names a server.
using namespace attest;
using namespace attest::storage;
using attest::credentials::CredentialStanding;
using attest::credentials::HeldCredential;
using attest::credentials::StandingQuery;

namespace {

// A fresh store of one backend, with what keeps it alive.
struct Backend {
    std::unique_ptr<test::TempDir> dir;
    std::unique_ptr<test::ScratchDatabase> database;
    std::unique_ptr<Store> store;
};

Backend open_backend(std::string_view name) {
    Backend backend;
    std::string url = "sqlite::memory:";
    if (name == "sqlite file") {
        backend.dir = std::make_unique<test::TempDir>();
        url = "sqlite:" + (backend.dir->path() / "attest.db").string();
    } else if (name == "postgresql") {
        backend.database = std::make_unique<test::ScratchDatabase>();
        REQUIRE(backend.database->created());
        url = backend.database->conninfo();
    }
    auto opened = open_store(url);
    REQUIRE_MESSAGE(opened, (opened ? "" : opened.error().message));
    backend.store = std::move(*opened);
    return backend;
}

// The backends every case runs on.
std::vector<std::string> backend_names() {
    std::vector<std::string> names = {"sqlite memory", "sqlite file"};
    if (!test::test_pg().empty()) {
        names.emplace_back("postgresql");
    }
    return names;
}

// Runs `body` on a fresh store of each backend, each in a subcase named after it.
template <typename Body>
void on_each_backend(Body body) {
    for (const auto& name : backend_names()) {
        SUBCASE(name.c_str()) {
            auto backend = open_backend(name);
            body(*backend.store);
        }
    }
}

void contract(Store& store) {
    SUBCASE("the schema is migrated to the current version") {
        CHECK(store.schema_version() >= 1);
    }
    SUBCASE("meta values are upserted") {
        CHECK_FALSE(store.meta("k"));
        store.set_meta("k", "one");
        store.set_meta("k", "two");
        CHECK(store.meta("k") == "two");
    }
    SUBCASE("journal entries come back in sequence order, in pages") {
        for (std::int64_t i = 1; i <= 5; ++i) {
            store.append_journal({i, "t", "a", "c", "e", "{}", "p", "h" + std::to_string(i),
                                  "s" + std::to_string(i)});
        }
        CHECK(store.last_journal_entry()->sequence == 5);
        auto page = store.journal(2, 2);
        REQUIRE(page.size() == 2);
        CHECK(page[0].sequence == 3);
        CHECK(page[1].hash == "h4");
        CHECK(page[1].state == "s4");
        CHECK(store.last_journal_entry()->state == "s5");
        CHECK(store.journal(0, 0).size() == 5);
    }
    SUBCASE("a rolled-back transaction leaves nothing behind") {
        {
            Transaction transaction(store);
            store.set_meta("x", "1");
        }
        CHECK_FALSE(store.meta("x"));
        {
            Transaction transaction(store);
            store.set_meta("x", "2");
            transaction.commit();
        }
        CHECK(store.meta("x") == "2");
    }
    SUBCASE("audits keep their checklists in order") {
        store.put_checklist_snapshot({"s1", "hipaa-security", "1", "bundled", "text"});
        store.put_checklist_snapshot({"s1", "hipaa-security", "1", "bundled", "text"});
        store.put_checklist_snapshot({"s2", "osha-hospital", "1", "bundled", "text2"});
        AuditRecord audit;
        audit.name = "Mock survey";
        audit.site = "Main";
        audit.auditor = "pat";
        audit.created_at = "2026-11-27T00:00:00Z";
        audit.created_by = "pat";
        audit.checklists = {{"osha-hospital", "s2"}, {"hipaa-security", "s1"}};
        auto id = store.insert_audit(audit);
        auto found = store.find_audit(id);
        REQUIRE(found);
        CHECK(found->name == "Mock survey");
        CHECK(found->status == "open");
        REQUIRE(found->checklists.size() == 2);
        CHECK(found->checklists[0].checklist_id == "osha-hospital");
        CHECK(store.find_audit_by_name("Mock survey")->id == id);
        CHECK_FALSE(store.find_audit(id + 1));
        CHECK(store.audits().size() == 1);
        CHECK(store.checklist_snapshot("s2")->source == "text2");
        SUBCASE("responses keep the item an answer was applied from") {
            ResponseRecord direct;
            direct.audit_id = id;
            direct.checklist_id = "osha-hospital";
            direct.item_id = "1910.38";
            direct.status = "not-met";
            direct.actor = "pat";
            direct.recorded_at = "2026-11-27T10:00:00Z";
            auto applied = direct;
            applied.checklist_id = "hipaa-security";
            applied.item_id = "164.308(a)(7)(i)";
            applied.applied_from = "osha-hospital:1910.38";
            store.add_response(direct);
            store.add_response(applied);
            auto current = store.current_responses(id);
            REQUIRE(current.size() == 2);
            CHECK(current[0].applied_from.empty());
            CHECK(current[1].applied_from == "osha-hospital:1910.38");
            auto history = store.response_history(id, "hipaa-security", "164.308(a)(7)(i)");
            REQUIRE(history.size() == 1);
            CHECK(history[0].applied_from == "osha-hospital:1910.38");
        }
        SUBCASE("a snapshot that does not exist is refused") {
            audit.name = "Other";
            audit.checklists = {{"x", "missing"}};
            CHECK_THROWS_AS(store.insert_audit(audit), Failure);
        }
    }
}

} // namespace

TEST_CASE("A batch of acknowledgements holding one already on record adds none of them") {
    on_each_backend([](Store& store) {
        std::vector<AcknowledgementRecord> first = {
            {"E1", "HR-1", "", "2026-01-01", "2026-01-02", "pat", "2026-01-02T10:00:00Z", "a"},
            {"E2", "HR-1", "", "2026-01-01", "2026-01-02", "pat", "2026-01-02T10:00:00Z", "a"}};
        {
            Transaction transaction(store);
            store.add_acknowledgements(first);
            transaction.commit();
        }
        std::vector<AcknowledgementRecord> again = {
            {"E3", "HR-1", "", "2026-01-01", "2026-01-04", "pat", "2026-01-04T10:00:00Z", "b"},
            first[1]};
        {
            Transaction transaction(store);
            CHECK_THROWS_AS(store.add_acknowledgements(again), Failure);
        }
        auto stored = store.acknowledgements();
        REQUIRE(stored.size() == 2);
        CHECK(stored[0].staff_id == "E1");
        CHECK(stored[1].staff_id == "E2");
        CHECK(stored[1].source == "a");
    });
}

TEST_CASE("Store contract") {
    on_each_backend([](Store& store) { contract(store); });
}

TEST_CASE("open_store") {
    SUBCASE("unknown scheme, not echoed, since a URL may hold a password") {
        auto store = open_store("mysql://pat:hunter2@db/attest");
        REQUIRE_FALSE(store);
        CHECK(store.error().kind == ErrorKind::invalid_input);
        CHECK(store.error().message ==
              "unsupported database URL: neither sqlite:PATH nor a PostgreSQL connection string");
    }
    SUBCASE("unopenable path is a database error") {
        auto store = open_store("sqlite:/nonexistent/folder/attest.db");
        REQUIRE_FALSE(store);
        CHECK(store.error().kind == ErrorKind::database);
    }
    SUBCASE("the journal is append-only in the database itself") {
        auto store = open_store("sqlite::memory:");
        REQUIRE(store);
        (*store)->append_journal({1, "t", "a", "c", "e", "{}", "p", "h", ""});
        CHECK((*store)->journal(0, 0).size() == 1);
    }
}

namespace {

// One line per item of a standing, in its order, so two standings compare as a whole.
std::vector<std::string> lines(const CredentialStanding& standing) {
    std::vector<std::string> out;
    for (const auto& c : standing.due) {
        out.push_back("due " + c.expires + " " + c.staff_id + " " + c.type + " " +
                      std::to_string(c.id) + " " + c.staff->last_name);
    }
    for (const auto& m : standing.missing) {
        out.push_back("missing " + m.staff->id + " " + m.type);
    }
    for (const auto& c : standing.unverified) {
        out.push_back("unverified " + c.staff_id + " " + c.type + " " + c.issued);
    }
    return out;
}

} // namespace

namespace {

// One SQLite database in a file, opened as usual and opened again to read in ranges on two
// threads whatever the size of what it reads.
struct TwoReaders {
    TwoReaders() {
        const auto path = (dir.path() / "attest.db").string();
        auto opened = open_store("sqlite:" + path);
        REQUIRE(opened);
        store = std::move(*opened);
        auto halves = sqlite::open_sqlite_store(path, {}, sqlite::Tuning{2});
        REQUIRE(halves);
        split = std::move(*halves);
    }
    test::TempDir dir;
    std::unique_ptr<Store> store;
    std::unique_ptr<Store> split;
};

} // namespace

TEST_CASE("Credential standing read in two halves matches one pass") {
    TwoReaders readers;
    auto& store = *readers.store;
    auto& split = *readers.split;
    // 400 people across two roles and sites, every tenth inactive; each holds a mix of
    // credentials, some renewed (only the current one counts), some never verified, and some
    // required types are never held.
    std::deque<std::string> text; // the rows' views point into it
    std::vector<CredentialRow> rows;
    for (int i = 0; i < 400; ++i) {
        StaffRecord s;
        s.id = "E" + std::to_string(1000 + i);
        s.last_name = "Name" + std::to_string(i);
        s.role = i % 3 == 0 ? "md" : "rn";
        s.site = i % 2 == 0 ? "North" : "South";
        s.status = i % 10 == 9 ? "inactive" : "active";
        store.put_staff(s);
        const char* types[] = {"license", "bls", "hipaa"};
        for (int t = 0; t < 3; ++t) {
            if ((i + t) % 7 == 0) {
                continue;
            }
            for (int renewal = 0; renewal < 1 + (i % 4 == 0 ? 1 : 0); ++renewal) {
                int month = 1 + (i * 7 + t * 3 + renewal * 5) % 12;
                auto& expires =
                    text.emplace_back(std::to_string(2026 + renewal + (i % 3)) + "-" +
                                      (month < 10 ? "0" : "") + std::to_string(month) + "-15");
                auto& id = text.emplace_back(s.id);
                rows.push_back({id, types[t], "N", "I", "2024-01-01", expires,
                                (i + t) % 5 == 0 ? "" : "board",
                                (i + t) % 5 == 0 ? "" : "2024-02-01", ""});
            }
        }
    }
    credentials::add_credentials(store, {"pat", "2026-11-27T10:00:00Z", "test"}, rows);

    StandingQuery query;
    query.through = "2027-03-31";
    query.requirements = {{"rn", "license"}, {"rn", "bls"}, {"md", "license"}, {"md", "dea"}};
    query.verified_types = {"license"};
    auto one = lines(credentials::standing(store, query));
    REQUIRE(one.size() > 100);
    CHECK(lines(credentials::standing(split, query)) == one);

    SUBCASE("with a filter") {
        query.filter.site = "North";
        auto north = lines(credentials::standing(store, query));
        CHECK(north.size() < one.size());
        CHECK(lines(credentials::standing(split, query)) == north);
    }
    SUBCASE("inside a transaction, which other connections cannot see into") {
        Transaction transaction(split);
        StaffRecord s;
        s.id = "E9999";
        s.role = "md";
        split.put_staff(s);
        auto inside = lines(credentials::standing(split, query));
        CHECK(std::find(inside.begin(), inside.end(), "missing E9999 dea") != inside.end());
    }
}

TEST_CASE("A policy's signatures read in ranges on two threads match one read") {
    TwoReaders readers;
    auto& store = *readers.store;
    // 300 people, some having signed the version asked about, some an earlier one, some both;
    // another policy's signatures beside them.
    std::vector<AcknowledgementRecord> rows;
    for (int i = 0; i < 300; ++i) {
        const std::string id = "E" + std::to_string(1000 + i * 7);
        if (i % 3 != 0) {
            rows.push_back({id, "HR-1", "2", "2026-01-01", "2026-01-0" + std::to_string(2 + i % 7),
                            "pat", "2026-01-02T10:00:00Z", "a"});
        }
        if (i % 4 == 0) {
            rows.push_back(
                {id, "HR-1", "1", "2025-01-01", "2025-02-01", "pat", "2025-02-01T10:00:00Z", "a"});
        }
        rows.push_back(
            {id, "HR-2", "1", "2026-01-01", "2026-03-01", "pat", "2026-03-01T10:00:00Z", "a"});
    }
    {
        Transaction transaction(store);
        store.add_acknowledgements(rows);
        transaction.commit();
    }
    auto text = [](const std::vector<Signature>& signatures) {
        std::vector<std::string> out;
        for (const auto& s : signatures) {
            out.push_back(s.staff_id + " " + s.signed_on + (s.current ? " current" : ""));
        }
        return out;
    };
    auto one = text(store.signatures("HR-1", "2", "2026-01-01"));
    REQUIRE(one.size() == 275);
    CHECK(text(readers.split->signatures("HR-1", "2", "2026-01-01")) == one);
}

TEST_CASE("Every engine gives the same credential standing when little of the roster is due") {
    // 300 people in three roles (one requiring nothing), every eighth inactive, every
    // eleventh holding nothing; few credentials due by the date asked, some licenses never
    // verified, some required types never held, one renewed.
    auto fill = [](Store& store) {
        std::deque<std::string> text;
        std::vector<CredentialRow> rows;
        for (int i = 0; i < 300; ++i) {
            StaffRecord s;
            s.id = "P" + std::to_string(500 - i);
            s.last_name = "Name" + std::to_string(i);
            s.role = i % 3 == 0 ? "md" : i % 3 == 1 ? "rn" : "clerk";
            s.site = i % 2 == 0 ? "North" : "South";
            s.status = i % 8 == 7 ? "inactive" : "active";
            store.put_staff(s);
            if (i % 11 == 0) {
                continue;
            }
            const char* types[] = {"license", "bls", "acls"};
            for (int t = 0; t < 3; ++t) {
                if ((i + t) % 5 == 0) {
                    continue;
                }
                auto& id = text.emplace_back(s.id);
                auto& expires = text.emplace_back((i + t) % 9 == 0 ? "2026-01-1" + std::to_string(t)
                                                                   : "2028-06-30");
                bool verified = t != 0 || i % 7 != 0;
                rows.push_back({id, types[t], "N", "I", "2024-01-01", expires,
                                verified ? "board" : "", verified ? "2024-02-01" : "", ""});
            }
        }
        rows.push_back({text.emplace_back("P500"), "bls", "N2", "I", "2025-01-01", "", "", "", ""});
        credentials::add_credentials(store, {"pat", "2026-11-27T10:00:00Z", "test"}, rows);
    };
    auto answers = [](Store& store, const std::string& site) {
        StandingQuery query;
        query.through = "2026-03-01";
        query.requirements = {{"rn", "license"}, {"rn", "bls"}, {"md", "license"}, {"md", "acls"}};
        query.verified_types = {"license"};
        query.filter.site = site;
        return lines(credentials::standing(store, query));
    };
    auto reference = open_backend("sqlite memory");
    fill(*reference.store);
    const auto all = answers(*reference.store, "");
    const auto north = answers(*reference.store, "North");
    REQUIRE(all.size() > 60);
    CHECK(north.size() < all.size());
    on_each_backend([&](Store& store) {
        fill(store);
        CHECK(answers(store, "") == all);
        CHECK(answers(store, "North") == north);
    });
}

namespace {

// Each person of a roster read as one line of their sixteen fields, the fields it asks for
// given.
class FieldLines final : public RosterSink {
public:
    explicit FieldLines(StaffFields fields) : m_fields(fields) {}
    void begin(std::size_t parts) override { m_parts.assign(parts, {}); }
    void take(std::size_t part, RosterBatch& batch) override {
        for (const auto& r : batch.staff) {
            std::string line;
            for (auto field : {r.id, r.first_name, r.middle_name, r.last_name, r.former_names,
                               r.dob, r.role, r.department, r.site, r.manager, r.manager_email,
                               r.email, r.npi, r.hire_date, r.status, r.updated_at}) {
                line += std::string(field) + "|";
            }
            m_parts.at(part).push_back(line);
        }
    }
    bool wants_credentials() const override { return false; }
    StaffFields staff_fields() const override { return m_fields; }
    std::vector<std::string> lines() const {
        std::vector<std::string> out;
        for (const auto& part : m_parts) {
            out.insert(out.end(), part.begin(), part.end());
        }
        return out;
    }

private:
    StaffFields m_fields;
    std::vector<std::vector<std::string>> m_parts;
};

} // namespace

TEST_CASE("A roster read for the named fields fills those and leaves the others empty") {
    auto fill = [](Store& store) {
        for (int i = 0; i < 3; ++i) {
            auto n = std::to_string(i);
            store.put_staff({"S" + n, "First" + n, "Mid" + n, "Last" + n, "Former" + n,
                             "1980-01-0" + n, "rn", "Dept" + n, "Main", "Manager" + n,
                             "m" + n + "@example.org", "s" + n + "@example.org", "N" + n,
                             "2020-01-0" + n, "active", "2026-01-01T00:00:00Z"});
        }
    };
    auto read = [](Store& store, StaffFields fields) {
        FieldLines sink(fields);
        store.read_roster({}, sink);
        return sink.lines();
    };
    on_each_backend([&](Store& store) {
        fill(store);
        auto all = read(store, StaffFields::all);
        REQUIRE(all.size() == 3);
        CHECK(all[1] == "S1|First1|Mid1|Last1|Former1|1980-01-01|rn|Dept1|Main|Manager1|"
                        "m1@example.org|s1@example.org|N1|2020-01-01|active|"
                        "2026-01-01T00:00:00Z|");
        auto named = read(store, StaffFields::named);
        REQUIRE(named.size() == 3);
        CHECK(named[1] == "S1|First1|Mid1|Last1|||rn||Main|Manager1|m1@example.org|||2020-01-01|"
                          "active||");
    });
}

TEST_CASE("A large credential batch supersedes only what it renews") {
    on_each_backend([](Store& store) {
        // 6,000 people with a license and a BLS card each, then a batch of 12,000 rows (large
        // enough to be matched against the current ones in one ordered pass) that renews even
        // people's credentials with a later expiry and gives odd people older ones.
        std::deque<std::string> text;
        std::vector<CredentialRow> first;
        std::vector<CredentialRow> second;
        for (int i = 0; i < 6000; ++i) {
            auto& id = text.emplace_back("P" + std::to_string(100000 + i));
            StaffRecord s;
            s.id = id;
            store.put_staff(s);
            for (const char* type : {"bls", "license"}) {
                first.push_back({id, type, "A", "I", "2024-01-01", "2026-06-30", "", "", ""});
                second.push_back({id, type, "B", "I", "2024-01-01",
                                  i % 2 == 0 ? "2028-06-30" : "2025-06-30", "", "", ""});
            }
        }
        // Given out of order: the store sorts a batch into its clustered order itself.
        std::reverse(second.begin(), second.end());
        credentials::add_credentials(store, {"pat", "2026-11-27T10:00:00Z", "first"}, first);
        credentials::add_credentials(store, {"pat", "2026-11-27T11:00:00Z", "second"}, second);

        auto even = store.credentials("P100000");
        REQUIRE(even.size() == 4);
        auto odd = store.credentials("P100001");
        REQUIRE(odd.size() == 4);
        for (const auto& c : even) {
            CHECK(c.current == (c.number == "B"));
        }
        for (const auto& c : odd) {
            CHECK(c.current == (c.number == "A"));
        }
        SUBCASE("what is already on record is recognised, in a large batch and a small one") {
            std::vector<CredentialRow> again = second;
            again[0].number = "C";          // a new number: not on record
            again[1].issued = "2024-01-02"; // a new issue date: not on record
            std::vector<std::uint32_t> order(again.size());
            for (std::uint32_t i = 0; i < order.size(); ++i) {
                order[i] = i;
            }
            auto by_person = [&](std::uint32_t a, std::uint32_t b) {
                return std::tie(again[a].staff_id, again[a].type) <
                       std::tie(again[b].staff_id, again[b].type);
            };
            std::stable_sort(order.begin(), order.end(), by_person);
            auto found = store.recorded(again, order);
            REQUIRE(found.size() == again.size());
            CHECK(found[0] == 0);
            CHECK(found[1] == 0);
            CHECK(std::count(found.begin(), found.end(), 1) == static_cast<long>(again.size()) - 2);
            // The same answers from per-person lookups.
            std::span<const CredentialRow> few(again.data(), 3);
            std::vector<std::uint32_t> few_order = {0, 1, 2};
            std::stable_sort(few_order.begin(), few_order.end(), by_person);
            CHECK(store.recorded(few, few_order) == std::vector<char>{0, 0, 1});
        }
        StandingQuery query;
        query.through = "2027-12-31";
        query.requirements = {{"", "license"}};
        auto standing = credentials::standing(store, query);
        // Only the odd people's first credentials are current and due.
        CHECK(standing.due.size() == 6000);
        CHECK(std::all_of(standing.due.begin(), standing.due.end(),
                          [](const HeldCredential& c) { return c.expires == "2026-06-30"; }));
    });
}

TEST_CASE("Due credentials are ordered by the whole expiry text") {
    on_each_backend([](Store& store) {
        for (const char* id : {"A1", "A2", "A3"}) {
            StaffRecord s;
            s.id = id;
            store.put_staff(s);
        }
        // Expiry texts that agree in their first 16 bytes.
        std::vector<CredentialRow> rows = {
            {"A1", "bls", "", "", "", "2026-01-01T00:00:09Z", "", "", ""},
            {"A2", "bls", "", "", "", "2026-01-01T00:00:01Z", "", "", ""},
            {"A3", "bls", "", "", "", "2026-01-01", "", "", ""},
            {"A3", "tb", "", "", "", "2026-01-01T00:00:01Z", "", "", ""},
        };
        credentials::add_credentials(store, {"pat", "2026-11-27T10:00:00Z", "test"}, rows);
        StandingQuery query;
        query.through = "2027";
        auto due = credentials::standing(store, query).due;
        std::vector<std::string> order;
        for (const auto& c : due) {
            order.push_back(c.staff_id + " " + c.type);
        }
        CHECK(order == std::vector<std::string>{"A3 bls", "A2 bls", "A3 tb", "A1 bls"});
    });
}

namespace {

// Runs the same writes on a store and returns every read back as text: ids, orders and values,
// which must be the same on every engine, so exports and journal hashes are too.
std::string answers(Store& store) {
    std::string out;
    auto line = [&](const std::string& text) {
        out += text + "\n";
    };
    store.put_checklist_snapshot({"s1", "hipaa-security", "1", "bundled", "text"});
    AuditRecord audit;
    audit.name = "Mock survey";
    audit.site = "Main";
    audit.created_at = "2026-11-27T00:00:00Z";
    audit.checklists = {{"hipaa-security", "s1"}};
    audit.scope = {{"hipaa-security", "z"}, {"hipaa-security", "a"}, {"hipaa-security", "M"}};
    {
        // An id given out in a transaction that is rolled back is given out again.
        Transaction rolled_back(store);
        store.insert_audit(audit);
    }
    const auto id = store.insert_audit(audit);
    line("audit " + std::to_string(id));
    const auto found = store.find_audit(id);
    REQUIRE(found);
    for (const auto& scope : found->scope) {
        line("scope " + scope.section_id);
    }
    ResponseRecord response;
    response.audit_id = id;
    response.checklist_id = "hipaa-security";
    response.status = "met";
    for (const char* item : {"b", "a", "B", "b", "é", "a"}) {
        response.item_id = item;
        line("response " + std::to_string(store.add_response(response)));
    }
    for (const auto& r : store.current_responses(id)) {
        line("current " + std::to_string(r.id) + " " + r.item_id);
    }
    EvidenceRecord file;
    file.sha256 = "ab";
    file.original_name = "scan.pdf";
    const auto evidence = store.add_evidence(file);
    const auto second = store.add_evidence(file);
    line("evidence " + std::to_string(evidence) + " " + std::to_string(second));
    for (const char* item : {"z", "a", "M"}) {
        CHECK(store.link_evidence({evidence, id, "hipaa-security", item, 0, "pat", "t"}));
    }
    CHECK_FALSE(store.link_evidence({evidence, id, "hipaa-security", "a", 0, "pat", "t"}));
    CHECK(store.unlink_evidence({evidence, id, "hipaa-security", "M", 0, "pat", "t"}));
    CHECK_FALSE(store.unlink_evidence({evidence, id, "hipaa-security", "M", 0, "pat", "t"}));
    CHECK(store.link_evidence({second, id, "hipaa-security", "M", 0, "pat", "t"}));
    for (const auto& link : store.evidence_links()) {
        line("link " + std::to_string(link.evidence_id) + " " + link.item_id);
    }
    PlanRecord plan;
    plan.audit_id = id;
    plan.item_id = "a";
    const auto plan_id = store.add_plan(plan);
    store.set_plan_status(plan_id, "done", "2026-12-01", "pat", "fixed");
    line("plan " + std::to_string(plan_id) + " " + store.find_plan(plan_id)->status + " " +
         store.plans().at(0).completion_note);
    // Ids compare byte by byte: "E10" before "E9", capitals before small letters, UTF-8 last.
    for (const char* staff_id : {"E9", "E10", "e1", "É1", "Z1"}) {
        StaffRecord s;
        s.id = staff_id;
        s.manager = "  Dana Smith ";
        s.site = "Main";
        store.put_staff(s);
    }
    StaffRecord replaced;
    replaced.id = "E9";
    replaced.last_name = "Replaced";
    store.put_staff(replaced);
    store.set_staff_status("E10", "inactive", "2026-12-01");
    for (const auto& s : store.staff()) {
        line("staff " + s.id + " " + s.last_name + " " + s.status + " " + s.manager);
    }
    std::vector<CredentialRow> rows = {
        {"E9", "bls", "1", "", "2024-01-01", "2026-01-01", "", "", ""},
        {"E9", "bls", "2", "", "2025-01-01", "", "", "", ""},
        {"E10", "license", "3", "", "2024-01-01", "2027-01-01", "board", "2024-02-01", ""},
        {"e1", "bls", "4", "", "2024-01-01", "2025-06-30", "", "", ""},
    };
    credentials::add_credentials(store, {"pat", "2026-11-27T10:00:00Z", "test"}, rows);
    CHECK(store.set_verified("E9", "bls", "board", "2026-12-01"));
    CHECK_FALSE(store.set_verified("E9", "tb", "board", "2026-12-01"));
    for (const auto& c : store.credentials("")) {
        line("credential " + std::to_string(c.id) + " " + c.staff_id + " " + c.type + " " +
             c.expires + " " + (c.current ? "current" : "old") + " " + c.verified_by + " " +
             c.recorded_by);
    }
    AlertRecord alert{"E9", "bls", "", 30, "email", "2026-12-01"};
    CHECK_FALSE(store.alert_sent(alert));
    store.record_alert(alert);
    store.record_alert(alert);
    CHECK(store.alert_sent(alert));
    std::vector<AcknowledgementRecord> acks = {
        {"E9", "PRIV-1", "2", "2026-03-01", "2026-03-05", "pat", "2026-03-05T10:00:00Z", "add"},
        {"E10", "HR-1", "", "2026-01-01", "2026-01-02", "pat", "2026-01-02T10:00:00Z", "s.csv"},
        {"E9", "PRIV-1", "1", "2025-03-01", "2025-03-05", "pat", "2025-03-05T10:00:00Z", "add"}};
    store.add_acknowledgements(acks);
    // One sign-off (ack add) takes another path on some engines than a batch (an import); text
    // with tabs, newlines, backslashes and quotes arrives as written either way.
    store.add_acknowledgements(std::vector<AcknowledgementRecord>{
        {"E10", "PRIV-1", "2", "2026-03-01", "2026-03-09", "pat", "2026-03-09T10:00:00Z", "add"}});
    store.add_acknowledgements(std::vector<AcknowledgementRecord>{});
    store.add_acknowledgements(std::vector<AcknowledgementRecord>{
        {"E9", "HR-1", "", "2026-01-01", "2026-01-03", "pat", "2026-01-03T10:00:00Z",
         "lms\texport\n\\ \"q\" é.csv"},
        {"E9", "SAFE-1", "v1", "2026-02-01", "2026-02-02", "pat", "2026-02-02T10:00:00Z", "x"}});
    for (const auto& a : store.acknowledgements()) {
        line("ack " + a.policy_id + " " + a.staff_id + " " + a.approved + " " + a.version + " " +
             a.signed_on + " " + a.source);
    }
    StandingQuery query;
    query.through = "2026-12-31";
    query.filter.manager = "dana SMITH";
    query.requirements = {{"", "bls"}};
    for (const auto& text : lines(credentials::standing(store, query))) {
        line(text);
    }
    return out;
}

} // namespace

TEST_CASE("Every engine gives the same answers to the same writes") {
    auto reference = open_backend("sqlite memory");
    const auto expected = answers(*reference.store);
    CHECK(expected.find("audit 1\n") != std::string::npos);
    CHECK(expected.find("staff E10 ") < expected.find("staff E9 "));
    CHECK(expected.find("ack HR-1 E10 2026-01-01  2026-01-02 s.csv\nack HR-1 E9 2026-01-01  "
                        "2026-01-03 lms\texport\n\\ \"q\" é.csv\nack PRIV-1 E10 2026-03-01 2 "
                        "2026-03-09 add\nack PRIV-1 E9 2025-03-01 1 2025-03-05 add\nack PRIV-1 E9 "
                        "2026-03-01 2 ") != std::string::npos);
    CHECK(expected.find("ack SAFE-1 E9 2026-02-01 v1 2026-02-02 x\n") != std::string::npos);
    on_each_backend([&](Store& store) { CHECK(answers(store) == expected); });
}

} // namespace test_storage_contract
