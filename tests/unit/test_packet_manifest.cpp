#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <attest/packet/manifest.hpp>

namespace test_packet_manifest {

using namespace attest::packet;

namespace {
const std::string k_a(64, 'a');
const std::string k_b(64, 'b');
} // namespace

TEST_CASE("sha256sums_text") {
    CHECK(sha256sums_text({{"index.html", 3, k_a}, {"evidence/x/y.pdf", 4, k_b}}) ==
          k_a + "  index.html\n" + k_b + "  evidence/x/y.pdf\n");
}

TEST_CASE("parse_sha256sums") {
    SUBCASE("text and binary separators, CRLF, blank lines") {
        auto sums = parse_sha256sums(k_a + "  index.html\r\n\n" + k_b + " *report.pdf\n");
        REQUIRE(sums);
        REQUIRE(sums->size() == 2);
        CHECK((*sums)[0].path == "index.html");
        CHECK((*sums)[1].path == "report.pdf");
        CHECK((*sums)[1].sha256 == k_b);
    }
    SUBCASE("a malformed line is named") {
        auto sums = parse_sha256sums(k_a + "  index.html\nnot a sum\n");
        REQUIRE_FALSE(sums);
        CHECK(sums.error().message == "SHA256SUMS:2: not a '<sha256>  <path>' line");
        CHECK(parse_sha256sums("x\n", k_report_sums_name).error().message ==
              "REPORTS.SHA256SUMS:1: not a '<sha256>  <path>' line");
    }
    SUBCASE("uppercase hex and escaped lines are refused") {
        CHECK_FALSE(parse_sha256sums(std::string(64, 'A') + "  x\n"));
        CHECK_FALSE(parse_sha256sums("\\" + k_a + "  x\\ny\n"));
    }
}

TEST_CASE("manifest_text") {
    ManifestInfo info{7,    "2026 mock survey", "2026-11-27", "attest 0.1.0",
                      true, "findings",         "",           {"index.html", "report.pdf"}};
    std::vector<FileSum> files{{"audit.json", 12, k_a}};
    auto text = manifest_text(info, files);
    SUBCASE("equal input gives equal bytes") {
        CHECK(text == manifest_text(info, files));
    }
    SUBCASE("round trip") {
        auto parsed = parse_manifest(text);
        REQUIRE(parsed);
        CHECK(parsed->info.audit_id == 7);
        CHECK(parsed->info.audit_name == "2026 mock survey");
        CHECK(parsed->info.redacted);
        CHECK(parsed->info.only == "findings");
        CHECK(parsed->info.key_fingerprint.empty());
        REQUIRE(parsed->files.size() == 1);
        CHECK(parsed->files[0].size == 12);
        CHECK(parsed->files[0].sha256 == k_a);
        CHECK(parsed->info.reports == std::vector<std::string>{"index.html", "report.pdf"});
    }
    SUBCASE("the reports are named with their own list; unsigned, no signatures") {
        auto json = nlohmann::json::parse(text);
        CHECK(json["format"] == "attest-packet/2");
        CHECK(json["reports"]["sums"] == "REPORTS.SHA256SUMS");
        CHECK(json["reports"]["signature"] == "");
        CHECK(json["signature"] == "");
        info.key_fingerprint = std::string(64, 'c');
        auto signed_json = nlohmann::json::parse(manifest_text(info, files));
        CHECK(signed_json["reports"]["signature"] == "REPORTS.SHA256SUMS.sig");
        CHECK(signed_json["signature"] == "SHA256SUMS.sig");
    }
    SUBCASE("a packet of format 1 (reports listed in SHA256SUMS) still reads") {
        auto json = nlohmann::json::parse(text);
        json["format"] = "attest-packet/1";
        json.erase("reports");
        auto parsed = parse_manifest(json.dump());
        REQUIRE(parsed);
        CHECK(parsed->info.reports.empty());
    }
    SUBCASE("malformed manifests are errors") {
        CHECK(parse_manifest("{").error().message == "manifest.json is not valid JSON");
        CHECK(parse_manifest(R"({"format": "other/2"})").error().message ==
              "manifest.json has an unknown format 'other/2'");
        CHECK_FALSE(parse_manifest(R"({"format": "attest-packet/1"})"));
    }
}

} // namespace test_packet_manifest
