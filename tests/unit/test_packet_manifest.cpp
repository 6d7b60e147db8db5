#include <doctest/doctest.h>

#include <attest/packet/manifest.hpp>

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
    }
    SUBCASE("uppercase hex and escaped lines are refused") {
        CHECK_FALSE(parse_sha256sums(std::string(64, 'A') + "  x\n"));
        CHECK_FALSE(parse_sha256sums("\\" + k_a + "  x\\ny\n"));
    }
}

TEST_CASE("manifest_text") {
    ManifestInfo info{7, "2026 mock survey", "2026-11-27", "attest 0.1.0", true, "findings", ""};
    std::vector<FileSum> files{{"index.html", 12, k_a}};
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
    }
    SUBCASE("malformed manifests are errors") {
        CHECK(parse_manifest("{").error().message == "manifest.json is not valid JSON");
        CHECK(parse_manifest(R"({"format": "other/2"})").error().message ==
              "manifest.json has an unknown format 'other/2'");
        CHECK_FALSE(parse_manifest(R"({"format": "attest-packet/1"})"));
    }
}
