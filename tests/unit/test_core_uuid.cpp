#include <doctest/doctest.h>

#include <attest/core/uuid.hpp>

namespace test_core_uuid {

using namespace attest;

TEST_CASE("parse_uuid") {
    SUBCASE("canonical text in either case reads back the same") {
        auto lower = parse_uuid("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
        REQUIRE(lower);
        CHECK(lower->text() == "6ba7b810-9dad-11d1-80b4-00c04fd430c8");
        auto upper = parse_uuid("6BA7B810-9DAD-11D1-80B4-00C04FD430C8");
        REQUIRE(upper);
        CHECK(*upper == *lower);
        CHECK(lower->bytes[0] == 0x6b);
        CHECK(lower->bytes[15] == 0xc8);
    }
    SUBCASE("anything else is refused") {
        CHECK_FALSE(parse_uuid(""));
        CHECK_FALSE(parse_uuid("6ba7b810-9dad-11d1-80b4-00c04fd430c"));
        CHECK_FALSE(parse_uuid("6ba7b810-9dad-11d1-80b4-00c04fd430c8a"));
        CHECK_FALSE(parse_uuid("6ba7b8109dad-11d1-80b4-00c04fd430c8-"));
        CHECK_FALSE(parse_uuid("6ba7b810-9dad-11d1-80b4-00c04fd430cg"));
        CHECK_FALSE(parse_uuid("{ba7b810-9dad-11d1-80b4-00c04fd430c8"));
    }
}

TEST_CASE("uuid_v5") {
    auto dns = *parse_uuid("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
    auto url = *parse_uuid("6ba7b811-9dad-11d1-80b4-00c04fd430c8");
    SUBCASE("matches RFC 4122 name-based UUIDs (as Python's uuid.uuid5 computes them)") {
        CHECK(uuid_v5(dns, "www.example.com").text() == "2ed6657d-e927-568b-95e1-2665a8aea6a2");
        CHECK(uuid_v5(url, "https://example.org/").text() ==
              "527dda32-a0de-5105-a042-cb475b5f7d11");
    }
    SUBCASE("the same namespace and name give the same UUID; any change gives another") {
        CHECK(uuid_v5(dns, "audit:1") == uuid_v5(dns, "audit:1"));
        CHECK_FALSE(uuid_v5(dns, "audit:1") == uuid_v5(dns, "audit:2"));
        CHECK_FALSE(uuid_v5(dns, "audit:1") == uuid_v5(url, "audit:1"));
    }
    SUBCASE("version 5, RFC 4122 variant") {
        auto text = uuid_v5(dns, "anything").text();
        CHECK(text[14] == '5');
        CHECK((text[19] == '8' || text[19] == '9' || text[19] == 'a' || text[19] == 'b'));
    }
}

} // namespace test_core_uuid
