#include <doctest/doctest.h>

#include <attest/access/access.hpp>
#include <attest/storage/refusal.hpp>

namespace test_access_access {

using namespace attest;
using namespace attest::access;

const std::vector<std::string> k_sites = {"Main", "North", "Eastside Clinic"};

TEST_CASE("parse_role") {
    CHECK(*parse_role("officer") == Role::officer);
    CHECK(*parse_role("viewer") == Role::viewer);
    CHECK(*parse_role("admin") == Role::admin);
    auto bad = parse_role("Officer");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().kind == ErrorKind::invalid_input);
    CHECK(bad.error().message == "unknown role 'Officer'");
    CHECK(bad.error().hint.starts_with("use officer (records and changes a site's audits"));
}

TEST_CASE("check_login") {
    CHECK(check_login("nurse_ann"));
    CHECK(check_login("Ann O'Neil"));
    SUBCASE("empty, too long, reserved or with control characters") {
        CHECK(check_login("").error().message == "'' is not a PostgreSQL login name: it is empty");
        CHECK(check_login(std::string(64, 'a'))
                  .error()
                  .message.ends_with("PostgreSQL names are at most 63 bytes"));
        CHECK(check_login(std::string(63, 'a')));
        CHECK(check_login("pg_monitor").error().message ==
              "'pg_monitor' is not a PostgreSQL login name: PostgreSQL reserves it");
        CHECK(check_login("PUBLIC").error().message.ends_with("PostgreSQL reserves it"));
        auto control = check_login("ann\x1b[2J");
        REQUIRE_FALSE(control);
        CHECK(control.error().message ==
              "'ann\\x1b[2J' is not a PostgreSQL login name: it holds a control character");
        CHECK(check_login("\xff\xfe").error().message.ends_with("it is not UTF-8"));
    }
}

TEST_CASE("check_grant") {
    SUBCASE("an officer or viewer at one of the workspace's sites") {
        auto grant = check_grant("nurse_ann", "North", "officer", k_sites);
        REQUIRE(grant);
        CHECK(grant->login == "nurse_ann");
        CHECK(grant->site == "North");
        CHECK(grant->role == "officer");
        CHECK(check_grant("liaison", "Eastside Clinic", "viewer", k_sites));
    }
    SUBCASE("any site when the workspace lists none") {
        CHECK(check_grant("nurse_ann", "Anywhere", "viewer", {}));
    }
    SUBCASE("an unknown site, with the one meant") {
        auto grant = check_grant("nurse_ann", "Nroth", "officer", k_sites);
        REQUIRE_FALSE(grant);
        CHECK(grant.error().kind == ErrorKind::invalid_input);
        CHECK(grant.error().message == "unknown site 'Nroth'");
        CHECK(grant.error().hint == "did you mean North? the workspace's sites: Main, North, "
                                    "Eastside Clinic (sites in attest.toml)");
    }
    SUBCASE("a site is needed for officers and viewers, refused for admins") {
        CHECK(check_grant("ann", "", "officer", k_sites).error().message ==
              "an officer is granted at a site");
        CHECK(check_grant("ann", " ", "viewer", k_sites).error().message ==
              "a viewer is granted at a site");
        CHECK(check_grant("ann", "", "viewer", k_sites).error().hint ==
              "name it: --site NAME (sites: Main, North, Eastside Clinic)");
        auto admin = check_grant("dir", "Main", "admin", k_sites);
        REQUIRE_FALSE(admin);
        CHECK(admin.error().message ==
              "an admin's role covers the whole workspace; it is not granted at a site");
        CHECK(admin.error().hint == "leave out --site: attest access grant dir --role admin");
        auto whole = check_grant("dir", "", "admin", k_sites);
        REQUIRE(whole);
        CHECK(whole->site.empty());
    }
    SUBCASE("a bad login or role") {
        CHECK_FALSE(check_grant("pg_read_all_data", "Main", "viewer", k_sites));
        CHECK(check_grant("ann", "Main", "owner", k_sites).error().message ==
              "unknown role 'owner'");
    }
}

TEST_CASE("grant_json") {
    auto json = grant_json({"dir", "", "admin", "postgres", "2026-12-02T10:00:00Z"});
    CHECK(json.dump() == R"({"granted_at":"2026-12-02T10:00:00Z","granted_by":"postgres",)"
                         R"("role":"admin","site":null,"user":"dir"})");
    CHECK(grant_json({"ann", "North", "officer", "dir", "t"})["site"] == "North");
}

TEST_CASE("control_of refuses a store without access control") {
    // SQLite: one person's file.
    auto store = storage::open_store("sqlite::memory:");
    REQUIRE(store);
    auto control = control_of(**store);
    REQUIRE_FALSE(control);
    CHECK(control.error().kind == ErrorKind::invalid_input);
    CHECK(control.error().message.starts_with("access control needs a workspace kept in "
                                              "PostgreSQL"));
}

TEST_CASE("refusals name the login, what it lacks and the grant that would allow it") {
    storage::Identity ann{"nurse_ann", true, false, {"North"}, {"Main", "West"}};
    SUBCASE("a change at a named site") {
        auto error = storage::change_refusal(ann, "response", "Main");
        CHECK(error.kind == ErrorKind::database);
        CHECK(error.message ==
              "you (nurse_ann) may not change answers to audit items at site Main");
        CHECK(error.hint == "an admin can run: attest access grant nurse_ann --site Main --role "
                            "officer");
    }
    SUBCASE("a change the database refused without naming the site") {
        storage::Identity vic{"vic", true, false, {}, {"North"}};
        auto error = storage::change_refusal(vic, "credential", "");
        CHECK(error.message == "you (vic) may not change credentials: you are a viewer at North");
        CHECK(error.hint ==
              "an admin can run: attest access grant vic --site North --role officer");
        CHECK(storage::change_refusal(ann, "", "").message ==
              "you (nurse_ann) may not change this workspace's records: you are an officer at "
              "North and a viewer at Main and West");
    }
    SUBCASE("names a shell must quote, and control characters") {
        storage::Identity odd{"Ann O'Neil", true, false, {}, {}};
        auto error = storage::change_refusal(odd, "audit", "East \x1b[31mside");
        CHECK(error.message == "you (Ann O'Neil) may not change audits at site East \\x1b[31mside");
        CHECK(error.hint == "an admin can run: attest access grant 'Ann O'\\''Neil' --site 'East "
                            "\\x1b[31mside' --role officer");
    }
    SUBCASE("access, verification and no grant at all") {
        CHECK(storage::change_refusal(ann, "site_access", "").message ==
              "you (nurse_ann) may not manage access to this workspace: you are an officer at "
              "North and a viewer at Main and West");
        auto verify = storage::verify_refusal(ann);
        CHECK(verify.message.starts_with("you (nurse_ann) may not verify the journal: it compares "
                                         "every site's records"));
        CHECK(verify.hint.ends_with("attest access grant nurse_ann --role admin"));
        storage::Identity eve{"eve", true, false, {}, {}};
        CHECK(storage::no_access_refusal(eve).message ==
              "you (eve) have no access to this workspace's database");
        CHECK(storage::describe_grants(eve) == "you have no role at any site");
        storage::Identity dir{"dir", true, true, {}, {}};
        CHECK(storage::describe_grants(dir) ==
              "you are an admin (who manages access but records nothing)");
    }
}

TEST_CASE("table_in_message") {
    CHECK(storage::table_in_message("permission denied for table audit") == "audit");
    CHECK(storage::table_in_message(
              "new row violates row-level security policy for table \"journal\"") == "journal");
    CHECK(storage::table_in_message("permission denied for schema public").empty());
}

} // namespace test_access_access
