#include <doctest/doctest.h>

#include <attest/core/fs.hpp>
#include <attest/packet/anchor.hpp>
#include <attest/packet/sign.hpp>

#include "test_helpers.hpp"

namespace test_packet_anchor {

using namespace attest;
using namespace attest::packet;

namespace {

const journal::Head k_head{42, std::string(64, 'a')};
const std::string k_time = "2026-11-27T10:00:00Z";

std::string error_of(std::string_view text) {
    auto parsed = parse_anchor(text, "head.anchor");
    REQUIRE_FALSE(parsed);
    const auto& where = *parsed.error().where;
    return where.path + ":" + std::to_string(where.line) + ":" + std::to_string(where.column) +
           ": " + parsed.error().message;
}

} // namespace

TEST_CASE("anchor_text and parse_anchor") {
    test::TempDir dir;
    auto key = dir.path() / "anchor.key";
    REQUIRE(generate_key_pair(key, Overwrite::no));
    auto other = dir.path() / "other.key";
    REQUIRE(generate_key_pair(other, Overwrite::no));
    auto trusted = std::vector<PublicKey>{public_key_of(key).value()};

    SUBCASE("an unsigned anchor is four lines and reads back") {
        auto text = anchor_text(k_head, k_time, {}).value();
        CHECK(text == "attest journal anchor 1\nsequence 42\nhash " + std::string(64, 'a') +
                          "\ntime 2026-11-27T10:00:00Z\n");
        auto anchor = parse_anchor(text, "head.anchor").value();
        CHECK(anchor.head.sequence == 42);
        CHECK(anchor.head.hash == k_head.hash);
        CHECK(anchor.time == k_time);
        CHECK_FALSE(anchor.key);
        CHECK(check_signature(anchor, trusted).signer == Signer::none);
    }
    SUBCASE("a signed anchor names its key; a trusted key vouches for it") {
        auto anchor = parse_anchor(anchor_text(k_head, k_time, key).value(), "a").value();
        REQUIRE(anchor.key);
        CHECK(anchor.key->fingerprint == public_key_fingerprint(key).value());
        auto check = check_signature(anchor, trusted);
        CHECK(check.signer == Signer::trusted);
        CHECK(check.fingerprint == anchor.key->fingerprint);
        CHECK(check_signature(anchor, {}).signer == Signer::unknown);
    }
    SUBCASE("an anchor edited after signing has a bad signature") {
        auto text = anchor_text(k_head, k_time, key).value();
        text.replace(text.find("sequence 42"), 11, "sequence 41");
        auto anchor = parse_anchor(text, "a").value();
        CHECK(check_signature(anchor, trusted).signer == Signer::bad);
    }
    SUBCASE("a signature under another key swapped in is bad") {
        auto mine = anchor_text(k_head, k_time, key).value();
        auto theirs = anchor_text(k_head, k_time, other).value();
        auto signature_line = theirs.substr(theirs.find("signature "));
        mine.replace(mine.find("signature "), std::string::npos, signature_line);
        CHECK(check_signature(parse_anchor(mine, "a").value(), trusted).signer == Signer::bad);
    }
    SUBCASE("malformed anchors are errors at their position") {
        CHECK(error_of("hello\n") == "head.anchor:1:1: not an attest journal anchor (the first "
                                     "line is not 'attest journal anchor 1')");
        CHECK(error_of("attest journal anchor 1\nsequence 4\n") ==
              "head.anchor:3:1: an anchor has 4 lines, or 7 when signed; this one has 2");
        CHECK(error_of("attest journal anchor 1\nsequence x\nhash " + std::string(64, 'a') +
                       "\ntime t\n") ==
              "head.anchor:2:10: the sequence must be a positive whole number");
        CHECK(error_of("attest journal anchor 1\nsequence 0\nhash " + std::string(64, 'a') +
                       "\ntime t\n") ==
              "head.anchor:2:10: the sequence must be a positive whole number");
        CHECK(error_of("attest journal anchor 1\nsequence 3\nhash abc\ntime t\n") ==
              "head.anchor:3:6: the hash must be 64 lowercase hex digits");
        CHECK(error_of("attest journal anchor 1\nsequence 3\nhsh " + std::string(64, 'a') +
                       "\ntime t\n") == "head.anchor:3:1: expected 'hash ...'");
        auto text = anchor_text(k_head, k_time, key).value();
        auto bad_fingerprint = text;
        bad_fingerprint.replace(bad_fingerprint.find("fingerprint ") + 12, 4, "0000");
        CHECK(error_of(bad_fingerprint) == "head.anchor:6:13: the fingerprint is not the key's");
        auto short_signature = text.substr(0, text.size() - 5) + "\n";
        CHECK(error_of(short_signature) ==
              "head.anchor:7:11: the signature must be an Ed25519 signature in 128 hex digits");
    }
}

} // namespace test_packet_anchor
