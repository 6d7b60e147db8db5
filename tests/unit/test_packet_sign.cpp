#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include <attest/core/fs.hpp>
#include <attest/packet/sign.hpp>

namespace test_packet_sign {

using namespace attest::packet;
namespace fs = std::filesystem;

TEST_CASE("generate_key_pair, sign and verify_signature") {
    auto dir = fs::temp_directory_path() / ("attest-sign-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    auto key = dir / "keys" / "packet.key";
    auto fingerprint = generate_key_pair(key, attest::Overwrite::no);
    REQUIRE(fingerprint);
    CHECK(fingerprint->size() == 64);
    struct stat info {};
    REQUIRE(::stat(key.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    fs::path pub = key;
    pub += ".pub";
    CHECK(public_key_fingerprint(pub).value() == *fingerprint);
    CHECK(public_key_fingerprint(key).value() == *fingerprint);

    SUBCASE("a signature verifies; a changed message or signature does not") {
        auto signature = sign(key, "abc  index.html\n");
        REQUIRE(signature);
        CHECK(signature->size() == 64);
        CHECK(verify_signature(pub, "abc  index.html\n", *signature).value());
        CHECK_FALSE(verify_signature(pub, "abd  index.html\n", *signature).value());
        auto broken = *signature;
        broken[10] ^= 1;
        CHECK_FALSE(verify_signature(pub, "abc  index.html\n", broken).value());
        CHECK_FALSE(verify_signature(pub, "abc  index.html\n", "short").value());
    }
    SUBCASE("signing is deterministic (Ed25519)") {
        CHECK(sign(key, "m").value() == sign(key, "m").value());
    }
    SUBCASE("a public key cannot sign; other files are not keys") {
        CHECK(sign(pub, "m").error().message == pub.string() + " is not a private key");
        auto junk = dir / "junk.pem";
        REQUIRE(attest::write_file_atomic(junk, "hello"));
        CHECK(verify_signature(junk, "m", "s").error().message ==
              junk.string() + " is not a PEM key");
    }
    SUBCASE("an existing key pair is kept unless overwriting") {
        CHECK(generate_key_pair(key, attest::Overwrite::no).error().message ==
              key.string() + " already exists");
        auto again = generate_key_pair(key, attest::Overwrite::yes);
        REQUIRE(again);
        CHECK(*again != *fingerprint);
    }
    fs::remove_all(dir);
}

} // namespace test_packet_sign
