#include <sys/stat.h>

#include <doctest/doctest.h>

#include <attest/core/fs.hpp>
#include <attest/integrity/modes.hpp>

#include "test_helpers.hpp"

namespace test_integrity_modes {

using namespace attest;
namespace fs = std::filesystem;

TEST_CASE("integrity::check_modes") {
    test::TempDir dir;
    workspace::Layout layout{dir.path()};
    REQUIRE(write_file_atomic(layout.database(), "db"));
    auto blob_folder = layout.evidence() / "sha256" / "ab";
    fs::create_directories(blob_folder);
    for (const auto& folder : {layout.evidence(), layout.evidence() / "sha256", blob_folder}) {
        ::chmod(folder.c_str(), 0700);
    }
    auto blob = blob_folder / ("ab" + std::string(62, '0'));
    REQUIRE(write_file_atomic(blob, "evidence"));
    ::chmod(blob.c_str(), 0400);
    auto key = dir.path() / "packet.key";
    REQUIRE(write_file_atomic(key, "key"));
    auto trusted = dir.path() / "trusted-keys";
    REQUIRE(write_file_atomic(trusted, "keys"));
    ::chmod(trusted.c_str(), 0644);
    auto messages = [&] {
        std::vector<std::string> out;
        for (const auto& problem : integrity::check_modes(layout, {key}, {trusted})) {
            out.push_back(problem.message);
        }
        return out;
    };

    SUBCASE("owner-only files and read-only evidence pass") {
        CHECK(messages().empty());
    }
    SUBCASE("each loosened mode is named with the chmod that fixes it") {
        ::chmod(layout.database().c_str(), 0644);
        ::chmod(blob.c_str(), 0600);
        ::chmod(key.c_str(), 0640);
        ::chmod(trusted.c_str(), 0666);
        auto root = dir.path().string();
        CHECK(messages() ==
              std::vector<std::string>{
                  "the database " + root +
                      "/attest.db is open to group or others (mode 0644): "
                      "chmod 600 " +
                      root + "/attest.db",
                  "stored evidence " + blob.string() +
                      " is writable, so it could be changed in place (mode 0600): chmod 400 " +
                      blob.string(),
                  "the private key " + key.string() +
                      " is readable by group or others, as ssh refuses a key (mode 0640): chmod "
                      "600 " +
                      key.string(),
                  "the trusted keys file " + trusted.string() +
                      " is writable by group or others, who could add a key to it (mode 0666): "
                      "chmod 644 " +
                      trusted.string()});
    }
    ::chmod(blob.c_str(), 0600);
}

} // namespace test_integrity_modes
