#include <string>

#include <doctest/doctest.h>

#include <attest/report/html.hpp>

namespace test_report_html {

using namespace attest::report;

namespace {

// Counts the occurrences of `needle` in `text`.
size_t count(const std::string& text, const std::string& needle) {
    size_t n = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
        ++n;
    }
    return n;
}

AuditReport sample() {
    AuditReport report;
    report.audit.name = "2026 mock survey";
    auto add = [&](std::string checklist, std::string id, std::string likelihood,
                   std::string scope) {
        ItemEntry item;
        item.checklist_id = std::move(checklist);
        item.item_id = std::move(id);
        item.title = "Title of " + item.item_id;
        attest::storage::ResponseRecord response;
        response.status = "not-met";
        response.likelihood = std::move(likelihood);
        response.scope = std::move(scope);
        item.response = response;
        report.findings.push_back({report.items.size(), {}});
        report.items.push_back(item);
    };
    add("cms-hospital-cop", "482.42(a)", "high", "widespread");
    add("tjc-hospital", "IC.06.01.01", "high", "widespread");
    add("tjc-hospital", "NPSG.07.01.01", "moderate", "pattern");
    add("osha-hospital", "1910.1030(c)(1)", "", "");
    return report;
}

} // namespace

TEST_CASE("render_html SAFER matrix") {
    auto html = render_html(sample());
    SUBCASE("a cell with findings counts them and links to their list") {
        CHECK(html.find("<a href=\"#safer-high-widespread\"><title>High / widespread: 2 "
                        "findings</title>") != std::string::npos);
        CHECK(html.find("<a href=\"#safer-moderate-pattern\"><title>Moderate / pattern: 1 "
                        "finding</title>") != std::string::npos);
        CHECK(count(html, "<a href=\"#safer-") == 2);
    }
    SUBCASE("an empty cell shows 0 and links nowhere") {
        CHECK(html.find("<title>Low / limited: 0 findings</title>") != std::string::npos);
        CHECK(html.find("href=\"#safer-low-limited\"") == std::string::npos);
    }
    SUBCASE("each cell's list links to the findings, which carry the anchors") {
        CHECK(html.find("<dt id=\"safer-high-widespread\">High / widespread (2)</dt><dd><a "
                        "href=\"#finding-cms-hospital-cop%3A482.42%28a%29\">cms-hospital-cop:482."
                        "42(a)</a>, <a href=\"#finding-tjc-hospital%3AIC.06.01.01\">") !=
              std::string::npos);
        CHECK(html.find("<tr id=\"finding-cms-hospital-cop%3A482.42%28a%29\">") !=
              std::string::npos);
        CHECK(html.find("<tr id=\"finding-tjc-hospital%3AIC.06.01.01\">") != std::string::npos);
    }
    SUBCASE("findings without a placement are listed as not placed") {
        CHECK(html.find("<dt id=\"safer-unplaced\">Not placed (1)</dt>") != std::string::npos);
        CHECK(html.find("3 of 4 findings placed") != std::string::npos);
    }
}

TEST_CASE("render_html integrity") {
    auto report = sample();
    SUBCASE("names the SHA256SUMS digest and the key's full fingerprint") {
        report.integrity = {std::string(64, 'a'), std::string(64, 'b')};
        auto html = render_html(report);
        CHECK(html.find("<dt>SHA256SUMS digest</dt><dd><code>" + std::string(64, 'a') +
                        "</code>") != std::string::npos);
        CHECK(html.find("<dt>Signing key</dt><dd><code>" + std::string(64, 'b') + "</code>") !=
              std::string::npos);
    }
    SUBCASE("an unsigned packet says so") {
        report.integrity = {std::string(64, 'a'), ""};
        CHECK(render_html(report).find("<dt>Signing key</dt><dd>not signed") != std::string::npos);
    }
    SUBCASE("a report rendered on its own names no digest") {
        CHECK(render_html(report).find("SHA256SUMS digest") == std::string::npos);
    }
}

TEST_CASE("render_html chart labels") {
    auto report = sample();
    attest::audit::SectionTally section;
    section.checklist_id = "cms-hospital-cop";
    section.section_id = "482.13";
    section.title = "Condition of participation: Patient's rights and grievance procedures";
    section.tally.met = 1;
    report.sections.push_back(section);
    auto html = render_html(report);
    SUBCASE("a long label wraps onto a second line at a word") {
        CHECK(html.find(">cms-hospital-cop 482.13 Condition of<tspan x=\"294\" "
                        "dy=\"13\">participation: Patient&#39;s rights and\xe2\x80\xa6</tspan>") !=
              std::string::npos);
    }
    SUBCASE("a label too long for two lines is shortened on a word, the full text as tooltip") {
        CHECK(html.find("<title>cms-hospital-cop 482.13 Condition of participation: Patient&#39;s "
                        "rights and grievance procedures</title>") != std::string::npos);
    }
    SUBCASE("a label that fits stays whole, without a tooltip") {
        CHECK(html.find("class=\"label\">Overall</text>") != std::string::npos);
    }
    SUBCASE("the section title in the items list is never shortened") {
        CHECK(html.find("participati...") == std::string::npos);
    }
}

} // namespace test_report_html
