#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include <attest/core/error.hpp>

namespace attest {

using Digest = std::array<std::uint8_t, 32>;

// Incremental SHA-256 through OpenSSL's libcrypto, which uses the CPU's SHA extensions.
class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    void update(const void* data, size_t size);
    void update(std::string_view text) { update(text.data(), text.size()); }
    // Returns the digest; the object is then reset for reuse.
    Digest finish();

private:
    struct State;
    std::unique_ptr<State> m_state;
};

// Lowercase hexadecimal, as `sha256sum` prints.
std::string to_hex(const Digest& digest);
// Lowercase hexadecimal of any bytes.
std::string to_hex(std::string_view bytes);

// The hex SHA-256 of a string.
std::string sha256_hex(std::string_view text);

// The hex SHA-256 of a file's content, read in large blocks.
Result<std::string> sha256_file(const std::filesystem::path& path);

} // namespace attest
