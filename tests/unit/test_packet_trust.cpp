#include <doctest/doctest.h>

#include <attest/core/fs.hpp>
#include <attest/core/sha256.hpp>
#include <attest/packet/sign.hpp>
#include <attest/packet/trust.hpp>

#include "test_helpers.hpp"

namespace test_packet_trust {

using namespace attest;
using namespace attest::packet;

TEST_CASE("load_trusted_keys and signer_among") {
    test::TempDir dir;
    auto first = dir.path() / "first.key";
    auto second = dir.path() / "second.key";
    REQUIRE(generate_key_pair(first, Overwrite::no));
    REQUIRE(generate_key_pair(second, Overwrite::no));
    auto pem = [&](const std::filesystem::path& key) {
        return read_file(key.string() + ".pub").value();
    };
    auto list = dir.path() / "trusted-keys";

    SUBCASE("PEM keys one after another, comments between, a key listed twice once") {
        REQUIRE(write_file_atomic(list, "# the compliance office\n" + pem(first) + "\n# the lab\n" +
                                            pem(second) + pem(first)));
        auto keys = load_trusted_keys(list, Required::yes).value();
        REQUIRE(keys.size() == 2);
        CHECK(keys[0].fingerprint == public_key_fingerprint(first).value());
        CHECK(keys[1].fingerprint == public_key_fingerprint(second).value());
        auto signature = sign(second, "SHA256SUMS text").value();
        const auto* signer = signer_among(keys, "SHA256SUMS text", signature);
        REQUIRE(signer != nullptr);
        CHECK(signer->fingerprint == keys[1].fingerprint);
        CHECK(signer_among(keys, "other text", signature) == nullptr);
        CHECK(signer_among(std::span(keys).first(1), "SHA256SUMS text", signature) == nullptr);
    }
    SUBCASE("a missing file is no keys unless it is required") {
        CHECK(load_trusted_keys(list, Required::no).value().empty());
        auto missing = load_trusted_keys(list, Required::yes);
        REQUIRE_FALSE(missing);
        CHECK(missing.error().kind == ErrorKind::not_found);
    }
    SUBCASE("a block that is not an Ed25519 public key is an error at its line") {
        REQUIRE(write_file_atomic(list, pem(first) + "# next\n" + read_file(first).value()));
        auto bad = load_trusted_keys(list, Required::yes);
        REQUIRE_FALSE(bad);
        CHECK(bad.error().message == "not an Ed25519 public key in PEM");
        CHECK(bad.error().where->line == 5);
    }
    SUBCASE("signatures of the wrong size are malformed") {
        CHECK(well_formed_signature(std::string(64, 'x')));
        CHECK_FALSE(well_formed_signature("not a signature"));
        auto key = public_key_of(first).value();
        CHECK_FALSE(signature_matches(key, "m", "short"));
    }
    SUBCASE("keys round-trip through hex") {
        auto key = public_key_of(first).value();
        auto back = public_key_from_hex(to_hex(key.raw)).value();
        CHECK(back.fingerprint == key.fingerprint);
        CHECK_FALSE(public_key_from_hex("abc"));
        CHECK_FALSE(bytes_of_hex("zz"));
    }
}

} // namespace test_packet_trust
