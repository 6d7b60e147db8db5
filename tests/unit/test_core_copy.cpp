#include <fcntl.h>
#include <random>
#include <string>
#include <unistd.h>

#include <doctest/doctest.h>

#include <attest/core/copy.hpp>
#include <attest/core/fs.hpp>
#include <attest/core/sha256.hpp>

#include "test_helpers.hpp"

namespace test_core_copy {

using namespace attest;

namespace {

// Writes `size` pseudo-random bytes to `path` and returns them.
std::string random_file(const std::filesystem::path& path, size_t size) {
    std::mt19937 random(7);
    std::string content(size, '\0');
    for (auto& c : content) {
        c = static_cast<char>(random());
    }
    REQUIRE(write_file_atomic(path, content, Overwrite::yes));
    return content;
}

struct Fd {
    int fd;
    ~Fd() { ::close(fd); }
};

} // namespace

TEST_CASE("read_and_hash") {
    test::TempDir dir;
    SUBCASE("hands over every byte in order and hashes them, over more pieces than buffers") {
        // Not a whole number of pieces, and more pieces than the buffers they go round.
        auto content = random_file(dir.path() / "in", (9u << 20) + 12345);
        Fd in{::open((dir.path() / "in").c_str(), O_RDONLY)};
        std::string received;
        std::uint64_t last_progress = 0;
        auto result = read_and_hash(
            in.fd,
            [&](const char* data, size_t size) -> Result<void> {
                received.append(data, size);
                return {};
            },
            [&](std::uint64_t bytes) { last_progress = bytes; });
        REQUIRE(result);
        CHECK(result->first == sha256_hex(content));
        CHECK(result->second == content.size());
        CHECK(received == content);
        CHECK(last_progress == content.size());
    }
    SUBCASE("an empty file") {
        random_file(dir.path() / "empty", 0);
        Fd in{::open((dir.path() / "empty").c_str(), O_RDONLY)};
        auto result = read_and_hash(in.fd, [](const char*, size_t) -> Result<void> { return {}; });
        REQUIRE(result);
        CHECK(result->first == sha256_hex(""));
        CHECK(result->second == 0);
    }
    SUBCASE("a writer's error stops the reading and is returned") {
        random_file(dir.path() / "in", 5u << 20);
        Fd in{::open((dir.path() / "in").c_str(), O_RDONLY)};
        int pieces = 0;
        auto result = read_and_hash(in.fd, [&](const char*, size_t) -> Result<void> {
            if (++pieces == 2) {
                return fail(ErrorKind::io, "disk full");
            }
            return {};
        });
        REQUIRE_FALSE(result);
        CHECK(result.error().message == "disk full");
        CHECK(pieces == 2);
    }
    SUBCASE("an unreadable descriptor is an error") {
        Fd out{::open((dir.path() / "w").c_str(), O_WRONLY | O_CREAT, 0600)};
        auto result = read_and_hash(out.fd, [](const char*, size_t) -> Result<void> { return {}; });
        REQUIRE_FALSE(result);
        CHECK(result.error().message.rfind("cannot read: ", 0) == 0);
    }
}

TEST_CASE("copy_and_hash copies and hashes what landed") {
    test::TempDir dir;
    auto content = random_file(dir.path() / "in", (3u << 20) + 7);
    Fd in{::open((dir.path() / "in").c_str(), O_RDONLY)};
    Fd out{::open((dir.path() / "out").c_str(), O_RDWR | O_CREAT, 0600)};
    auto result = copy_and_hash(in.fd, out.fd);
    REQUIRE(result);
    CHECK(result->first == sha256_hex(content));
    CHECK(result->second == content.size());
    CHECK(*read_file(dir.path() / "out") == content);
}

} // namespace test_core_copy
