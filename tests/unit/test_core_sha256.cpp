#include <filesystem>
#include <string>

#include <doctest/doctest.h>

#include <attest/core/fs.hpp>
#include <attest/core/sha256.hpp>

namespace test_core_sha256 {

TEST_CASE("sha256_hex") {
    CHECK(attest::sha256_hex("") ==
          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(attest::sha256_hex("abc") ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("Sha256 incremental") {
    attest::Sha256 hash;
    hash.update("a");
    hash.update("bc");
    CHECK(attest::to_hex(hash.finish()) == attest::sha256_hex("abc"));
    SUBCASE("finish resets the state") {
        CHECK(attest::to_hex(hash.finish()) == attest::sha256_hex(""));
    }
}

TEST_CASE("sha256_file") {
    auto path = std::filesystem::temp_directory_path() / "attest-sha256-test.txt";
    REQUIRE(attest::write_file_atomic(path, std::string(3 << 20, 'x')));
    CHECK(*attest::sha256_file(path) == attest::sha256_hex(std::string(3 << 20, 'x')));
    std::filesystem::remove(path);
    SUBCASE("a missing file is an I/O error") {
        auto result = attest::sha256_file("/nonexistent/attest");
        REQUIRE_FALSE(result);
        CHECK(result.error().kind == attest::ErrorKind::io);
    }
}

TEST_CASE("write_file_atomic") {
    auto path = std::filesystem::temp_directory_path() / "attest-atomic-test.txt";
    std::filesystem::remove(path);
    REQUIRE(attest::write_file_atomic(path, "first"));
    CHECK((std::filesystem::status(path).permissions() & std::filesystem::perms::all) ==
          (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
    SUBCASE("refuses to overwrite when asked not to") {
        auto result = attest::write_file_atomic(path, "second", attest::Overwrite::no);
        REQUIRE_FALSE(result);
        CHECK(result.error().kind == attest::ErrorKind::conflict);
        CHECK(*attest::read_file(path) == "first");
    }
    SUBCASE("replaces content") {
        REQUIRE(attest::write_file_atomic(path, "second"));
        CHECK(*attest::read_file(path) == "second");
    }
    std::filesystem::remove(path);
}

} // namespace test_core_sha256
