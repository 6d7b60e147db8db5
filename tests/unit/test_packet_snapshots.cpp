#include <fstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <attest/checklist/loader.hpp>
#include <attest/credentials/renewal.hpp>
#include <attest/packet/gather.hpp>
#include <attest/packet/snapshots.hpp>

#include "fixtures.hpp"

namespace test_packet_snapshots {

using namespace attest;
namespace fs = std::filesystem;

namespace {

config::CredentialType type(std::string id, int months) {
    config::CredentialType t;
    t.id = std::move(id);
    t.title = "Title of " + t.id;
    if (months > 0) {
        t.validity = config::Validity{months, 0};
    }
    return t;
}

config::CredentialSettings settings() {
    config::CredentialSettings s;
    s.types = {type("bls", 24), type("license", 24), type("tb", 0), type("acls", 24)};
    s.types[1].primary_source = true;
    config::Role rn;
    rn.id = "rn";
    rn.title = "Registered Nurse";
    rn.requires_types = {"bls", "license", "tb"};
    config::Role clerk;
    clerk.id = "clerk";
    clerk.title = "Unit Clerk";
    clerk.requires_types = {"tb"};
    s.roles = {rn, clerk};
    return s;
}

storage::StaffRecord person(std::string id, std::string role, std::string site,
                            std::string department) {
    storage::StaffRecord s;
    s.id = id;
    s.first_name = "Pat";
    s.last_name = "Doe-" + id;
    s.dob = "1980-02-03";
    s.email = id + "@example.org";
    s.npi = "1234567893";
    s.manager = "Dana Whitfield";
    s.manager_email = "dana@example.org";
    s.role = std::move(role);
    s.site = std::move(site);
    s.department = std::move(department);
    return s;
}

// Main: E1 (rn, 4 West) all current, licence verified, BLS expiring in 3 days; E2 (rn, ICU)
// BLS and a non-required ACLS expired, TB missing, licence not verified with its primary
// source; E3 (clerk, no department) TB missing; E5 inactive. North: E4 (rn) holds nothing.
std::unique_ptr<storage::Store> roster() {
    auto store = std::move(*storage::open_store("sqlite::memory:"));
    store->put_staff(person("E1", "rn", "Main", "4 West"));
    store->put_staff(person("E2", "rn", "Main", "ICU"));
    store->put_staff(person("E3", "clerk", "Main", ""));
    store->put_staff(person("E4", "rn", "North", "4 West"));
    auto inactive = person("E5", "rn", "Main", "ICU");
    inactive.status = "inactive";
    store->put_staff(inactive);
    auto held = [&](std::string staff, std::string t, std::string issued, std::string expires,
                    std::string number = "", std::string verified_by = "") {
        std::string verified_at = verified_by.empty() ? "" : "2025-01-02";
        storage::CredentialRow row{staff,   t,           number,      "Issuer", issued,
                                   expires, verified_by, verified_at, ""};
        credentials::add_credentials(*store, {"test", "2026-11-27T10:00:00Z", "test"}, {&row, 1});
    };
    held("E1", "bls", "2024-11-05", "2026-11-30", "B-1");
    held("E1", "license", "2025-06-01", "2027-06-01", "RN-1", "J. Ortiz");
    held("E1", "tb", "2015-01-01", "");
    held("E2", "bls", "2024-10-05", "2026-10-31", "B-2");
    held("E2", "license", "2026-12-01", "2028-12-01", "RN-2");
    held("E2", "acls", "2024-01-10", "2026-01-31");
    held("E5", "bls", "2020-01-01", "2022-01-31");
    return store;
}

std::vector<std::string> rows_of(const report::CredentialSnapshot& snapshot) {
    std::vector<std::string> out;
    for (const auto& r : snapshot.rows) {
        out.push_back(r.status + " " + r.staff_id + " " + r.credential + " " + r.expires + " " +
                      std::to_string(r.days));
    }
    return out;
}

std::string counts(const report::CredentialCounts& c) {
    return c.key + "|" + c.title + ": staff " + std::to_string(c.staff) + ", required " +
           std::to_string(c.required) + ", held " + std::to_string(c.held) + ", current " +
           std::to_string(c.current) + ", compliant " + std::to_string(c.compliant) + ", expired " +
           std::to_string(c.expired) + ", missing " + std::to_string(c.missing) + ", unverified " +
           std::to_string(c.unverified) + ", expiring " + std::to_string(c.expiring);
}

std::vector<std::string> counts(const std::vector<report::CredentialCounts>& groups) {
    std::vector<std::string> out;
    for (const auto& c : groups) {
        out.push_back(counts(c));
    }
    return out;
}

const std::string k_checklist = test::ChecklistToml("mini", "internal", "Mini")
                                    .section("sec", "Section")
                                    .item("A.1", "First", "needs_policy = true")
                                    .item("A.2", "Second", "needs_policy = true")
                                    .item("A.3", "Third", "needs_policy = true")
                                    .item("A.4", "No policy needed")
                                    .section("other", "Other")
                                    .item("B.1", "Out of scope", "needs_policy = true");

checklist::Checklist parse(const std::string& text) {
    auto parsed = checklist::parse_checklist(text, "mini.toml");
    REQUIRE(parsed.checklist);
    return *parsed.checklist;
}

// An audit of the "sec" section of the mini checklist, at Main.
audit::AuditView audit_view(const std::string& text = k_checklist) {
    audit::AuditView view;
    view.record.id = 1;
    view.record.name = "Mock survey";
    view.record.site = "Main";
    view.record.scope = {{"mini", "sec"}};
    view.checklists.push_back({"mini", "snapshot-sha", parse(text)});
    return view;
}

checklist::Catalog catalog_of(const std::string& text, const std::string& sha256) {
    checklist::Catalog catalog;
    catalog.add({parse(text), "workspace", "mini.toml", text, sha256});
    return catalog;
}

void write(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
}

std::string policy_text(const std::string& id, const std::string& approved,
                        const std::string& satisfies) {
    return "---\ntitle: Policy " + id + "\nid: " + id + "\nowner: Director of " + id +
           "\napproved: " + approved + "\napprover: a\nreview_cycle: 12 months\nsatisfies: [" +
           satisfies + "]\n---\n# T\n";
}

} // namespace

TEST_CASE("credential_snapshot") {
    auto store = roster();
    auto s = settings();
    Date today(2026, 11, 27);

    SUBCASE("the audit's site: counts, groups and what needs action, most urgent first") {
        auto snapshot = packet::credential_snapshot(*store, s, today, "Main");
        CHECK(snapshot.available);
        CHECK(snapshot.site == "Main");
        CHECK(snapshot.within_days == 90);
        CHECK(counts(snapshot.total) == "|: staff 3, required 7, held 5, current 4, compliant 3, "
                                        "expired 2, missing 2, unverified 1, expiring 1");
        REQUIRE(snapshot.total.percent_compliant());
        CHECK(*snapshot.total.percent_compliant() == doctest::Approx(300.0 / 7));
        CHECK(counts(snapshot.by_role) ==
              std::vector<std::string>{
                  "clerk|Unit Clerk: staff 1, required 1, held 0, current 0, compliant 0, "
                  "expired 0, missing 1, unverified 0, expiring 0",
                  "rn|Registered Nurse: staff 2, required 6, held 5, current 4, compliant 3, "
                  "expired 2, missing 1, unverified 1, expiring 1"});
        CHECK(counts(snapshot.by_department) ==
              std::vector<std::string>{
                  "|(no department): staff 1, required 1, held 0, current 0, compliant 0, "
                  "expired 0, missing 1, unverified 0, expiring 0",
                  "4 West|4 West: staff 1, required 3, held 3, current 3, compliant 3, expired 0, "
                  "missing 0, unverified 0, expiring 1",
                  "ICU|ICU: staff 1, required 3, held 2, current 1, compliant 0, expired 2, "
                  "missing 1, unverified 1, expiring 0"});
        CHECK(rows_of(snapshot) == std::vector<std::string>{"expired E2 acls 2026-01-31 -300",
                                                            "expired E2 bls 2026-10-31 -27",
                                                            "missing E2 tb  0", "missing E3 tb  0",
                                                            "unverified E2 license 2028-12-01 735",
                                                            "expiring E1 bls 2026-11-30 3"});
        const auto& bls = snapshot.rows[1];
        CHECK(bls.name == "Pat Doe-E2");
        CHECK(bls.role == "rn");
        CHECK(bls.department == "ICU");
        CHECK(bls.email == "E2@example.org");
        CHECK(bls.npi == "1234567893");
        CHECK(bls.date_of_birth == "1980-02-03");
        CHECK(bls.title == "Title of bls");
        CHECK(bls.number == "B-2");
        CHECK(bls.issued == "2024-10-05");
        CHECK(snapshot.rows[2].title == "Title of tb");
        CHECK(snapshot.rows[2].number.empty());
        CHECK(snapshot.rows[4].number == "RN-2");
        CHECK(snapshot.rows[4].issued == "2026-12-01");
    }
    SUBCASE("no site: the whole organisation") {
        auto snapshot = packet::credential_snapshot(*store, s, today, "");
        CHECK(counts(snapshot.total) == "|: staff 4, required 10, held 5, current 4, compliant 3, "
                                        "expired 2, missing 5, unverified 1, expiring 1");
        CHECK(snapshot.by_department.size() == 3);
        CHECK(snapshot.by_department[1].staff == 2);
    }
    SUBCASE("the look-ahead is the first alert window") {
        s.alert_windows = {30, 200};
        auto snapshot = packet::credential_snapshot(*store, s, today, "Main");
        CHECK(snapshot.within_days == 200);
        CHECK(snapshot.total.expiring == 2);
        CHECK(snapshot.rows.back().credential == "license");
        CHECK(snapshot.rows.back().number == "RN-1");
        s.alert_windows.clear();
        CHECK(packet::credential_snapshot(*store, s, today, "Main").within_days == 90);
    }
    SUBCASE("a site with no active staff; nothing required") {
        auto snapshot = packet::credential_snapshot(*store, s, today, "Elsewhere");
        CHECK(snapshot.available);
        CHECK(snapshot.total.staff == 0);
        CHECK_FALSE(snapshot.total.percent_compliant());
        CHECK(snapshot.rows.empty());
        CHECK(snapshot.by_role.empty());
    }
    SUBCASE("no staff on record: not available") {
        auto empty = std::move(*storage::open_store("sqlite::memory:"));
        auto snapshot = packet::credential_snapshot(*empty, s, today, "Main");
        CHECK_FALSE(snapshot.available);
        CHECK(snapshot.rows.empty());
    }
}

TEST_CASE("policy_snapshot") {
    test::TempDir dir;
    auto catalog = catalog_of(k_checklist, "snapshot-sha");
    packet::PolicyManual manual;
    manual.workspace = dir.path();
    manual.settings.required_headings = {};
    manual.settings.not_applicable = {{"mini:A.3", {}}};
    manual.catalog = &catalog;
    manual.threads = 2;
    auto view = audit_view();
    Date today(2026, 11, 27);

    SUBCASE("no policy folder: not available, and no error") {
        auto snapshot = packet::policy_snapshot(manual, view, today);
        REQUIRE(snapshot);
        CHECK_FALSE(snapshot->available);
        CHECK(snapshot->folder == "policies");
    }
    SUBCASE("policies, their review status and problems; coverage of the audit's scope") {
        write(dir.path() / "policies/sub/b.md", policy_text("B", "2025-01-01", "mini:B.1"));
        write(dir.path() / "policies/a.md", policy_text("A", "2026-01-01", "mini:A.1"));
        write(dir.path() / "policies/c.md", policy_text("C", "2026-06-01", "mini:A.9"));
        auto snapshot = packet::policy_snapshot(manual, view, today);
        REQUIRE(snapshot);
        CHECK(snapshot->available);
        std::vector<std::string> rows;
        for (const auto& p : snapshot->rows) {
            rows.push_back(p.path + "|" + p.id + "|" + p.title + "|" + p.owner + "|" + p.approved +
                           "|" + p.next_review + "|" + p.status + "|" + p.problems());
        }
        CHECK(rows ==
              std::vector<std::string>{
                  "policies/a.md|A|Policy A|Director of A|2026-01-01|2027-01-01|due soon|1 warning",
                  "policies/c.md|C|Policy C|Director of C|2026-06-01|2027-06-01|ok|1 error",
                  "policies/sub/b.md|B|Policy B|Director of B|2025-01-01|2026-01-01|overdue|1 "
                  "error"});
        // The uncovered A.2 is listed under coverage, not counted as an error.
        CHECK(snapshot->errors == 2);
        CHECK(snapshot->warnings == 1);
        CHECK(snapshot->reviews("overdue") == 1);
        CHECK(snapshot->reviews("due soon") == 1);
        std::vector<std::string> coverage;
        for (const auto& c : snapshot->coverage) {
            std::string by;
            for (const auto& policy : c.covered_by) {
                by += " " + policy;
            }
            coverage.push_back(c.checklist + ":" + c.item + " " + c.title + ": " + c.status + by);
        }
        CHECK(coverage == std::vector<std::string>{"mini:A.1 First: covered A",
                                                   "mini:A.2 Second: uncovered",
                                                   "mini:A.3 Third: not applicable"});
        auto by_checklist = snapshot->coverage_by_checklist();
        REQUIRE(by_checklist.size() == 1);
        CHECK(by_checklist[0].needs_policy == 3);
        CHECK(by_checklist[0].covered == 1);
        CHECK(by_checklist[0].uncovered == 1);
        CHECK(by_checklist[0].not_applicable == 1);
    }
    SUBCASE("requirements resolve against the checklist as the audit has it") {
        // The catalog's file has moved on and dropped A.2; the audit still walks it.
        std::string newer = k_checklist;
        auto at = newer.find("[[section.item]]\nid = \"A.2\"");
        newer.erase(at, newer.find("[[section.item]]\nid = \"A.3\"") - at);
        catalog = catalog_of(newer, "newer-sha");
        write(dir.path() / "policies/a.md", policy_text("A", "2026-06-01", "mini:A.2"));
        auto snapshot = packet::policy_snapshot(manual, view, today);
        REQUIRE(snapshot);
        CHECK(snapshot->errors == 0);
        REQUIRE(snapshot->coverage.size() == 3);
        CHECK(snapshot->coverage[1].item == "A.2");
        CHECK(snapshot->coverage[1].status == "covered");
    }
    SUBCASE("another folder name") {
        manual.settings.dir = "manual/./current/";
        write(dir.path() / "manual/current/a.md", policy_text("A", "2026-06-01", "mini:A.1"));
        auto snapshot = packet::policy_snapshot(manual, view, today);
        REQUIRE(snapshot);
        CHECK(snapshot->folder == "manual/current");
        REQUIRE(snapshot->rows.size() == 1);
        CHECK(snapshot->rows[0].path == "manual/current/a.md");
    }
    SUBCASE("a policy folder outside the workspace: paths relative to it") {
        test::TempDir elsewhere;
        manual.settings.dir = (elsewhere.path() / "manual").string();
        write(elsewhere.path() / "manual/ic/a.md", policy_text("A", "2026-06-01", "mini:A.1"));
        auto snapshot = packet::policy_snapshot(manual, view, today);
        REQUIRE(snapshot);
        CHECK(snapshot->folder == "manual");
        REQUIRE(snapshot->rows.size() == 1);
        CHECK(snapshot->rows[0].path == "ic/a.md");
    }
}

ack::Manual ack_manual() {
    ack::Manual manual;
    ack::AckPolicy p1;
    p1.id = "P1";
    p1.title = "Hand hygiene";
    p1.version = "2";
    p1.approved = Date(2026, 10, 1);
    p1.roles = {"rn"};
    p1.within_days = 30;
    ack::AckPolicy p2;
    p2.id = "P2";
    p2.title = "Privacy";
    p2.approved = Date(2026, 11, 20);
    p2.everyone = true;
    p2.within_days = 14;
    ack::AckPolicy p3 = p2;
    p3.id = "P3";
    p3.retired = true;
    ack::AckPolicy p4 = p2;
    p4.id = "P4";
    p4.everyone = false;
    manual.policies = {p1, p2, p3, p4};
    return manual;
}

TEST_CASE("ack_snapshot") {
    auto store = roster();
    store->add_acknowledgements(std::vector<storage::AcknowledgementRecord>{
        {"E1", "P1", "2", "2026-10-01", "2026-10-05", "pat", "2026-10-05T10:00:00Z", "add"},
        {"E2", "P1", "1", "2025-01-01", "2025-01-05", "pat", "2025-01-05T10:00:00Z", "add"}});
    auto manual = ack_manual();
    Date today(2026, 11, 27);

    SUBCASE("one site: counts by policy, percentages, and who is overdue") {
        auto snapshot = packet::ack_snapshot(*store, manual, today, "Main");
        CHECK(snapshot.available);
        CHECK(snapshot.site == "Main");
        CHECK(snapshot.total.required == 5);
        CHECK(snapshot.total.acknowledged == 1);
        CHECK(snapshot.total.outstanding() == 4);
        CHECK(snapshot.total.overdue == 1);
        CHECK(snapshot.total.percent == doctest::Approx(20.0));
        REQUIRE(snapshot.by_policy.size() == 2);
        CHECK(snapshot.by_policy[0].policy == "P1");
        CHECK(snapshot.by_policy[0].version == "2 of 2026-10-01");
        CHECK(snapshot.by_policy[0].within_days == 30);
        CHECK(snapshot.by_policy[0].required == 2);
        CHECK(snapshot.by_policy[0].acknowledged == 1);
        CHECK(snapshot.by_policy[0].percent == doctest::Approx(50.0));
        CHECK(snapshot.by_policy[1].policy == "P2");
        CHECK(snapshot.by_policy[1].required == 3);
        CHECK(snapshot.by_policy[1].overdue == 0);
        REQUIRE(snapshot.overdue.size() == 1);
        const auto& row = snapshot.overdue[0];
        CHECK(row.policy == "P1");
        CHECK(row.staff_id == "E2");
        CHECK(row.name == "Pat Doe-E2");
        CHECK(row.manager == "Dana Whitfield");
        CHECK(row.department == "ICU");
        CHECK(row.due == "2026-10-31");
        CHECK(row.days_overdue == 27);
        CHECK(row.earlier_version_signed_on == "2025-01-05");
    }
    SUBCASE("the whole organisation, longest overdue first") {
        store->put_staff(person("E6", "rn", "North", "ICU"));
        auto late = manual;
        late.policies[1].approved = Date(2026, 10, 20);
        auto snapshot = packet::ack_snapshot(*store, late, today, "");
        CHECK(snapshot.total.required == 9);
        REQUIRE(snapshot.overdue.size() == 8);
        CHECK(snapshot.overdue[0].policy == "P1");
        CHECK(snapshot.overdue[0].days_overdue == 27);
        CHECK(snapshot.overdue.back().policy == "P2");
        CHECK(snapshot.overdue.back().days_overdue == 24);
    }
    SUBCASE("no policy asking, or only retired ones: not available") {
        ack::Manual none;
        none.policies = {manual.policies[2], manual.policies[3]};
        auto snapshot = packet::ack_snapshot(*store, none, today, "Main");
        CHECK_FALSE(snapshot.available);
        CHECK(snapshot.by_policy.empty());
    }
    SUBCASE("gather carries it for the audit's site, redacted without names or managers") {
        auto view = audit_view();
        packet::GatherOptions options;
        options.acknowledgements = &manual;
        auto report = packet::gather(*store, view, today, options);
        REQUIRE(report);
        CHECK(report->acknowledgements.site == "Main");
        CHECK(report->acknowledgements.overdue.size() == 1);
        options.redact = report::Redact::yes;
        report = packet::gather(*store, view, today, options);
        REQUIRE(report);
        REQUIRE(report->acknowledgements.overdue.size() == 1);
        CHECK(report->acknowledgements.overdue[0].name.empty());
        CHECK(report->acknowledgements.overdue[0].manager.empty());
        CHECK(report->acknowledgements.overdue[0].staff_id == "E2");
        options.acknowledgements = nullptr;
        report = packet::gather(*store, view, today, options);
        REQUIRE(report);
        CHECK_FALSE(report->acknowledgements.available);
    }
}

TEST_CASE("gather") {
    auto store = roster();
    auto s = settings();
    auto catalog = catalog_of(k_checklist, "snapshot-sha");
    test::TempDir dir;
    auto view = audit_view();
    storage::ResponseRecord response;
    response.checklist_id = "mini";
    response.item_id = "A.1";
    response.status = "not-met";
    response.actor = "jane.doe";
    view.responses["mini:A.1"] = response;
    packet::GatherOptions options;
    options.credentials = &s;
    packet::PolicyManual manual;
    manual.workspace = dir.path();
    manual.catalog = &catalog;
    options.policies = manual;
    Date today(2026, 11, 27);

    SUBCASE("both snapshots, for the audit's site") {
        write(dir.path() / "policies/a.md", policy_text("A", "2026-06-01", "mini:A.1"));
        auto report = packet::gather(*store, view, today, options);
        REQUIRE(report);
        CHECK(report->credentials.available);
        CHECK(report->credentials.site == "Main");
        CHECK(report->credentials.rows.size() == 6);
        CHECK(report->credentials.rows[0].name == "Pat Doe-E2");
        CHECK(report->policies.available);
        CHECK(report->policies.rows.size() == 1);
        CHECK(report->policies.coverage.size() == 3);
    }
    SUBCASE("without credential settings or a policy manual there are no snapshots") {
        options.credentials = nullptr;
        options.policies.reset();
        auto report = packet::gather(*store, view, today, options);
        REQUIRE(report);
        CHECK_FALSE(report->credentials.available);
        CHECK_FALSE(report->policies.available);
    }
    SUBCASE("redaction drops staff personal data; ids, roles and departments stay") {
        options.redact = report::Redact::yes;
        auto report = packet::gather(*store, view, today, options);
        REQUIRE(report);
        REQUIRE(report->credentials.rows.size() == 6);
        for (const auto& row : report->credentials.rows) {
            CHECK(row.name.empty());
            CHECK(row.email.empty());
            CHECK(row.npi.empty());
            CHECK(row.date_of_birth.empty());
            CHECK(row.number.empty());
            CHECK_FALSE(row.staff_id.empty());
            CHECK_FALSE(row.role.empty());
        }
        CHECK(report->credentials.rows[1].department == "ICU");
        CHECK(report->items[0].response->actor == "[redacted]");
    }
    SUBCASE("--only findings keeps the snapshots") {
        options.only = report::Only::findings;
        write(dir.path() / "policies/a.md", policy_text("A", "2026-06-01", "mini:A.1"));
        auto report = packet::gather(*store, view, today, options);
        REQUIRE(report);
        CHECK(report->items.size() == 1);
        CHECK(report->credentials.total.staff == 3);
        CHECK(report->policies.rows.size() == 1);
    }
}

} // namespace test_packet_snapshots
