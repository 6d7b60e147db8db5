#include <doctest/doctest.h>

#include <attest/credentials/credential.hpp>
#include <attest/credentials/expiry.hpp>
#include <attest/credentials/renewal.hpp>
#include <attest/credentials/screening.hpp>

#include "test_helpers.hpp"

namespace test_credentials_expiry {

using namespace attest;

namespace {

class FixedClock final : public Clock {
public:
    explicit FixedClock(Date today) : m_today(today) {}
    Date today() const override { return m_today; }
    std::string timestamp() const override { return m_today.iso() + "T10:00:00Z"; }

private:
    Date m_today;
};

config::CredentialType type(std::string id, int months, bool end_of_month = false) {
    config::CredentialType t;
    t.id = std::move(id);
    t.title = t.id;
    if (months > 0) {
        t.validity = config::Validity{months, 0};
    }
    t.end_of_month = end_of_month;
    return t;
}

storage::StaffRecord person(std::string id, std::string role, std::string manager) {
    storage::StaffRecord s;
    s.id = std::move(id);
    s.first_name = "Pat";
    s.last_name = s.id;
    s.role = std::move(role);
    s.manager = manager;
    s.manager_email = manager + "@example.org";
    return s;
}

} // namespace

TEST_CASE("compute_expiry") {
    auto bls = type("bls", 24, true);
    auto license = type("license", 24);
    auto tb = type("tb", 0);

    SUBCASE("AHA cards are valid through the end of the expiry month") {
        CHECK(credentials::compute_expiry(bls, Date(2026, 3, 14), std::nullopt).value()->iso() ==
              "2028-03-31");
        CHECK(credentials::compute_expiry(bls, std::nullopt, Date(2027, 2, 3)).value()->iso() ==
              "2027-02-28");
        CHECK(credentials::compute_expiry(bls, std::nullopt, Date(2028, 2, 3)).value()->iso() ==
              "2028-02-29");
    }

    SUBCASE("leap days clamp to the end of February") {
        CHECK(
            credentials::compute_expiry(license, Date(2024, 2, 29), std::nullopt).value()->iso() ==
            "2026-02-28");
        auto yearly = type("hipaa", 12);
        CHECK(credentials::compute_expiry(yearly, Date(2024, 2, 29), std::nullopt).value()->iso() ==
              "2025-02-28");
        auto four = type("four", 48);
        CHECK(credentials::compute_expiry(four, Date(2024, 2, 29), std::nullopt).value()->iso() ==
              "2028-02-29");
    }

    SUBCASE("a stated expiry wins over the validity") {
        CHECK(credentials::compute_expiry(license, Date(2026, 1, 10), Date(2026, 12, 31))
                  .value()
                  ->iso() == "2026-12-31");
    }

    SUBCASE("non-expiring types") {
        CHECK_FALSE(
            credentials::compute_expiry(tb, Date(2026, 1, 10), std::nullopt).value().has_value());
        CHECK_FALSE(
            credentials::compute_expiry(tb, std::nullopt, std::nullopt).value().has_value());
    }

    SUBCASE("impossible combinations") {
        CHECK(credentials::compute_expiry(license, Date(2026, 5, 1), Date(2026, 4, 30))
                  .error()
                  .message == "expiry date 2026-04-30 is before the issue date 2026-05-01");
        CHECK(credentials::compute_expiry(license, std::nullopt, std::nullopt).error().message ==
              "license expires (it is valid for 24 months), so it needs an expiry date or an "
              "issue date");
    }
}

TEST_CASE("parse_days") {
    CHECK(*credentials::parse_days("60d") == 60);
    CHECK(*credentials::parse_days("60") == 60);
    CHECK(*credentials::parse_days("8w") == 56);
    CHECK(credentials::parse_days("soon").error().message == "invalid period 'soon'");
    CHECK_FALSE(credentials::parse_days("-5d"));
}

TEST_CASE("expiry_report") {
    auto store = std::move(*storage::open_store("sqlite::memory:"));
    config::CredentialSettings settings;
    settings.types = {type("bls", 24, true), type("license", 24), type("tb", 0)};
    settings.types[1].alert_windows = {120, 30};
    config::Role rn;
    rn.id = "rn";
    rn.requires_types = {"bls", "license", "tb"};
    settings.roles = {rn};
    store->put_staff(person("E1", "rn", "dana"));
    store->put_staff(person("E2", "rn", "lee"));
    auto inactive = person("E3", "rn", "lee");
    inactive.status = "inactive";
    store->put_staff(inactive);
    auto held = [&](std::string_view staff, std::string_view t, std::string_view expires) {
        storage::CredentialRow c;
        c.staff_id = staff;
        c.type = t;
        c.expires = expires;
        credentials::add_credentials(*store, {"pat", "2026-11-01T09:00:00Z", "test"},
                                     std::span<const storage::CredentialRow>(&c, 1));
    };
    held("E1", "bls", "2026-11-30");
    held("E1", "license", "2027-02-10");
    held("E1", "tb", "");
    held("E2", "bls", "2026-10-31");
    held("E2", "license", "2026-12-01");
    held("E2", "license", "2028-12-01");
    held("E3", "bls", "2020-01-31");
    Date today(2026, 11, 27);

    SUBCASE("expired, missing and expiring, most urgent first, with windows") {
        auto items = credentials::expiry_report(*store, settings, today, 90, {});
        REQUIRE(items.size() == 4);
        CHECK(items[0].kind == credentials::ItemKind::expired);
        CHECK(items[0].staff().id == "E2");
        CHECK(items[0].days == -27);
        CHECK(items[0].escalate);
        CHECK(items[1].kind == credentials::ItemKind::missing);
        CHECK(items[1].staff().id == "E2");
        CHECK(items[1].type == "tb");
        CHECK(items[2].kind == credentials::ItemKind::expiring);
        CHECK(items[2].type == "bls");
        CHECK(items[2].days == 3);
        CHECK(items[2].window == 7);
        CHECK(items[2].escalate);
        CHECK(items[3].type == "license");
        CHECK(items[3].days == 75);
        CHECK(items[3].window == 120);
        CHECK_FALSE(items[3].escalate);
    }

    SUBCASE("a renewal supersedes the old credential; inactive staff are left out") {
        auto items = credentials::expiry_report(*store, settings, today, 30, {});
        for (const auto& item : items) {
            CHECK(item.staff().id != "E3");
            CHECK_FALSE((item.staff().id == "E2" && item.type == "license"));
        }
        CHECK(items.size() == 3);
    }

    SUBCASE("licenses awaiting primary source verification come after missing ones") {
        settings.types[1].primary_source = true;
        auto items = credentials::expiry_report(*store, settings, today, 0, {});
        std::vector<std::string> unverified;
        for (const auto& item : items) {
            if (item.kind == credentials::ItemKind::unverified) {
                unverified.push_back(item.staff().id + " " + item.expires);
                CHECK(item.window == -1);
                CHECK(item.escalate);
            }
        }
        CHECK(unverified == std::vector<std::string>{"E1 2027-02-10", "E2 2028-12-01"});
        CHECK(items.back().kind == credentials::ItemKind::unverified);
        CHECK(store->set_verified("E2", "license", "J. Ortiz", "2026-11-20"));
        CHECK_FALSE(store->set_verified("E2", "tb", "J. Ortiz", "2026-11-20"));
        items = credentials::expiry_report(*store, settings, today, 0, {});
        CHECK(std::count_if(items.begin(), items.end(), [](const auto& i) {
                  return i.kind == credentials::ItemKind::unverified;
              }) == 1);
    }

    SUBCASE("in one batch the latest expiry is current, none counting as latest") {
        std::vector<storage::CredentialRow> rows(3);
        rows[0] = {"E2", "tb", "", "", "", "2027-01-01", "", "", ""};
        rows[1] = {"E2", "tb", "", "", "", "", "", "", ""};
        rows[2] = {"E2", "tb", "", "", "", "2029-01-01", "", "", ""};
        auto first =
            credentials::add_credentials(*store, {"pat", "2026-11-02T09:00:00Z", "test"}, rows);
        std::vector<std::string> current;
        for (const auto& c : store->credentials("E2")) {
            if (c.type == "tb") {
                CHECK(c.recorded_by == "pat");
                if (c.current) {
                    current.push_back(std::to_string(c.id - first) + ":" + c.expires);
                }
            }
        }
        CHECK(current == std::vector<std::string>{"1:"});
    }

    SUBCASE("the window boundary: a credential expiring today is not yet expired") {
        auto items = credentials::expiry_report(*store, settings, Date(2026, 11, 30), 0, {});
        auto bls = std::find_if(items.begin(), items.end(), [](const auto& i) {
            return i.staff().id == "E1" && i.type == "bls";
        });
        REQUIRE(bls != items.end());
        CHECK(bls->kind == credentials::ItemKind::expiring);
        CHECK(bls->days == 0);
        auto next = credentials::expiry_report(*store, settings, Date(2026, 12, 1), 0, {});
        CHECK(std::any_of(next.begin(), next.end(), [](const auto& i) {
            return i.staff().id == "E1" && i.type == "bls" &&
                   i.kind == credentials::ItemKind::expired;
        }));
    }

    SUBCASE("filters by manager") {
        storage::StaffFilter filter;
        filter.manager = "dana";
        auto items = credentials::expiry_report(*store, settings, today, 90, filter);
        REQUIRE(items.size() == 2);
        CHECK(items[0].staff().id == "E1");
    }

    SUBCASE("alerts are not resent on the same channel and window") {
        FixedClock clock(today);
        auto items = credentials::expiry_report(*store, settings, today, 90, {});
        CHECK(credentials::unsent(*store, items, "email").size() == 4);
        credentials::mark_sent(*store, clock, "cron", items, "email");
        CHECK(credentials::unsent(*store, items, "email").empty());
        CHECK(credentials::unsent(*store, items, "webhook").size() == 4);
        auto later = credentials::expiry_report(*store, settings, Date(2026, 12, 28), 90, {});
        auto again = credentials::unsent(*store, later, "email");
        CHECK(std::any_of(again.begin(), again.end(), [](const auto& i) {
                  return i.staff().id == "E1" && i.type == "license" && i.window == 120;
              }) == false);
    }

    SUBCASE("ICS output") {
        auto items = credentials::expiry_report(*store, settings, today, 90, {});
        auto ics =
            credentials::render_ics(items, "Riverside, General", today, "2026-11-27T10:00:00Z");
        CHECK(ics.rfind("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", 0) == 0);
        CHECK(ics.find("X-WR-CALNAME:Riverside\\, General: credential expiry\r\n") !=
              std::string::npos);
        CHECK(ics.find("DTSTART;VALUE=DATE:20261130\r\n") != std::string::npos);
        CHECK(ics.find("UID:cred-E1-bls-20261130@attest\r\n") != std::string::npos);
        CHECK(ics.find("DTSTAMP:20261127T100000Z\r\n") != std::string::npos);
        CHECK(ics.size() > 15);
        CHECK(ics.substr(ics.size() - 15) == "END:VCALENDAR\r\n");
        size_t start = 0;
        while (start < ics.size()) {
            auto end = ics.find("\r\n", start);
            CHECK(end - start <= 75);
            start = end + 2;
        }
    }
}

TEST_CASE("name_variants") {
    auto confusables = credentials::Confusables::load();
    REQUIRE(confusables);
    auto name_variants = [&](std::string_view name) {
        return credentials::name_variants(name, *confusables);
    };
    CHECK(name_variants("Garcia-Lopez") ==
          std::vector<std::string>{"GARCIALOPEZ", "GARCIA", "LOPEZ"});
    CHECK(name_variants("O'Brien") == std::vector<std::string>{"OBRIEN"});
    CHECK(name_variants("José") == std::vector<std::string>{"JOSE"});
    CHECK(name_variants("Smith Jr.") == std::vector<std::string>{"SMITH"});
    CHECK(name_variants("van der Berg") ==
          std::vector<std::string>{"VANDERBERG", "VAN", "DER", "BERG"});
    CHECK(credentials::normalize_name("Müller", *confusables) == "MULLER");
}

TEST_CASE("normalize_name through look-alikes") {
    auto confusables = credentials::Confusables::load();
    REQUIRE(confusables);
    auto normalize_name = [&](std::string_view name) {
        return credentials::normalize_name(name, *confusables);
    };
    // Cyrillic а (U+0430), і (U+0456), о (U+043E), С (U+0421); Greek ο (U+03BF); fullwidth Ｓ.
    CHECK(normalize_name("Sm\xD1\x96th") == "SMITH");
    CHECK(normalize_name("J\xD0\xBEhns\xD0\xBEn") == "JOHNSON");
    CHECK(normalize_name("\xD0\xA1"
                         "arter") == "CARTER");
    CHECK(normalize_name("D\xCE\xBF"
                         "e") == "DOE");
    CHECK(normalize_name("\xEF\xBC\xB3mith") == "SMITH");
    CHECK(normalize_name("M\xD0\xB0"
                         "ria") == "MARIA");
    SUBCASE("plain names keep their letters: no new collisions") {
        CHECK(normalize_name("Ian") == "IAN");
        CHECK(normalize_name("Lan") == "LAN");
        CHECK(normalize_name("Ivy") != normalize_name("Lvy"));
        CHECK(normalize_name("Mona") != normalize_name("Rnona"));
        CHECK(normalize_name("Olga") != normalize_name("0lga"));
        CHECK(normalize_name("Søren") == "SOREN");
        CHECK(normalize_name("Łukasz") == "LUKASZ");
    }
    SUBCASE("a name wholly in another script has no Latin form") {
        CHECK(normalize_name("\xD0\x98\xD0\xB2\xD0\xB0\xD0\xBD") == "A");
    }
}

TEST_CASE("screen") {
    auto store = std::move(*storage::open_store("sqlite::memory:"));
    auto add = [&](std::string id, std::string first, std::string last, std::string dob,
                   std::string npi, std::string former = {}) {
        storage::StaffRecord s;
        s.id = std::move(id);
        s.first_name = std::move(first);
        s.last_name = std::move(last);
        s.dob = std::move(dob);
        s.npi = std::move(npi);
        s.former_names = std::move(former);
        s.role = "rn";
        store->put_staff(s);
    };
    add("E1", "Maria", "Garcia-Lopez", "1980-02-03", "");
    add("E2", "John", "Smith", "1975-06-07", "1234567893");
    add("E3", "Ann", "Lee", "1990-01-01", "", "Baker");
    add("E4", "Tom", "Jones", "", "");
    add("E5", "Ruth", "Miller", "1970-01-01", "");
    std::string leie =
        "LASTNAME,FIRSTNAME,MIDNAME,BUSNAME,GENERAL,SPECIALTY,UPIN,NPI,DOB,ADDRESS,CITY,STATE,"
        "ZIP,EXCLTYPE,EXCLDATE,REINDATE,WAIVERDATE,WVRSTATE\n"
        "LOPEZ,MARIA,,,NURSING,,,0000000000,19800203,1 A ST,X,TX,1,1128a1,20200101,00000000,"
        "00000000,\n"
        "SMYTHE,JON,,,PHYSICIAN,,,1234567893,19500101,,,,,1128b4,20190101,00000000,00000000,\n"
        "BAKER,ANN,Q,,,,,0000000000,00000000,,,,,1128a1,20210101,00000000,00000000,\n"
        "JONES,TOM,,,,,,0000000000,19600101,,,,,1128a1,20210101,00000000,00000000,\n"
        "MILLER,RUTH,,,,,,0000000000,19710101,,,,,1128a1,20210101,00000000,00000000,\n"
        "LEE,ANN,,,,,,0000000000,19900101,,,,,1128a1,20150101,20200101,00000000,\n";
    Diagnostics diagnostics;
    auto screened = credentials::screen(*store, Date(2026, 11, 27),
                                        {{"LEIE", "UPDATED.csv", leie, "ab"}}, diagnostics);
    REQUIRE(screened);
    REQUIRE(diagnostics.empty());
    const auto& report = *screened;
    CHECK(report.staff_screened == 5);
    CHECK(report.lists[0].entries == 5);
    CHECK(report.lists[0].ended == 1);
    REQUIRE(report.matches.size() == 4);
    CHECK(report.matches[0].staff.id == "E2");
    CHECK(report.matches[0].strength == credentials::MatchStrength::npi);
    CHECK(report.matches[0].line == 3);
    CHECK(report.matches[1].staff.id == "E1");
    CHECK(report.matches[1].strength == credentials::MatchStrength::name_dob);
    CHECK(report.matches[1].reason == "name Garcia-Lopez, Maria and date of birth 1980-02-03");
    CHECK(report.matches[2].staff.id == "E3");
    CHECK(report.matches[2].strength == credentials::MatchStrength::name);
    CHECK(report.matches[2].reason == "former name Baker, Ann (no date of birth to compare)");
    CHECK(report.matches[3].staff.id == "E4");
    CHECK(report.matches[3].strength == credentials::MatchStrength::name);
    auto note = credentials::screening_note(report);
    CHECK(note.find("4 potential matches (identity must be confirmed before action)") !=
          std::string::npos);
}

namespace {

credentials::ReportItem report_item(credentials::ItemKind kind, storage::StaffRecord staff,
                                    std::string type_title, std::string expires, int days,
                                    int window) {
    credentials::ReportItem item;
    item.kind = kind;
    item.person = std::make_shared<const storage::StaffRecord>(std::move(staff));
    item.type = type_title;
    item.type_title = std::move(type_title);
    item.expires = std::move(expires);
    item.days = days;
    item.window = window;
    item.escalate = kind != credentials::ItemKind::expiring;
    return item;
}

} // namespace

TEST_CASE("manager_key") {
    auto a = person("E1", "rn", "Dana");
    a.manager_email = "DWhitfield@Example.org";
    auto b = person("E2", "rn", "Dana W.");
    b.manager_email = " dwhitfield@example.org ";
    CHECK(credentials::manager_key(a) == credentials::manager_key(b));
    auto none = person("E3", "rn", "");
    none.manager_email.clear();
    CHECK(credentials::manager_key(none) == "(no manager)");
    CHECK(credentials::manager_label(a) == "Dana <DWhitfield@Example.org>");
    CHECK(credentials::manager_label(none) == "(no manager)");
}

TEST_CASE("render_text_report") {
    auto a = person("E1", "rn", "Dana Whitfield");
    a.manager_email = "DWhitfield@example.org";
    auto b = person("M002", "physician", "Dana Whitfield");
    b.manager_email = "dwhitfield@example.org";
    b.first_name = "Bo\x1b[2J";
    std::vector<credentials::ReportItem> items = {
        report_item(credentials::ItemKind::expired, b, "BLS", "2026-11-30", -1, 0),
        report_item(credentials::ItemKind::missing, a, "TB screening", "", 0, 0),
        report_item(credentials::ItemKind::unverified, b, "State license", "2027-06-30", 211, -1),
        report_item(credentials::ItemKind::expiring, a, "State RN license", "2026-12-20", 19, 30),
    };
    auto text = credentials::render_text_report(items, Date(2026, 12, 1));
    // One group under the first item's spelling of the manager; the name column as wide as
    // the escaped name.
    CHECK(text ==
          "Manager: Dana Whitfield <dwhitfield@example.org> (4 items)\n"
          "  STATUS      STAFF  NAME            ROLE       CREDENTIAL        DETAIL\n"
          "  expired     M002   Bo\\x1b[2J M002  physician  BLS               2026-11-30 (1 day "
          "ago); escalated to compliance\n"
          "  missing     E1     Pat E1          rn         TB screening      required for the "
          "role, never recorded; escalated to compliance\n"
          "  unverified  M002   Bo\\x1b[2J M002  physician  State license     primary source "
          "check not recorded; escalated to compliance\n"
          "  expiring    E1     Pat E1          rn         State RN license  2026-12-20 (in 19 "
          "days), 30-day window\n"
          "\n"
          "4 credential items due as of 2026-12-01.\n");
}

} // namespace test_credentials_expiry
