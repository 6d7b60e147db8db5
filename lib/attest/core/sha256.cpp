#include <cassert>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>
#include <vector>

#include <openssl/evp.h>

#include <attest/core/sha256.hpp>

namespace attest {

struct Sha256::State {
    EVP_MD_CTX* context = nullptr;
};

Sha256::Sha256() : m_state(std::make_unique<State>()) {
    m_state->context = EVP_MD_CTX_new();
    assert(m_state->context != nullptr);
    EVP_DigestInit_ex(m_state->context, EVP_sha256(), nullptr);
}

Sha256::~Sha256() {
    EVP_MD_CTX_free(m_state->context);
}

void Sha256::update(const void* data, size_t size) {
    EVP_DigestUpdate(m_state->context, data, size);
}

Digest Sha256::finish() {
    Digest digest{};
    unsigned int length = 0;
    EVP_DigestFinal_ex(m_state->context, digest.data(), &length);
    assert(length == digest.size());
    // The digest the context holds is reused: naming EVP_sha256() again would look the
    // algorithm up again, which for a hash per row was a third of the hashing.
    EVP_DigestInit_ex2(m_state->context, nullptr, nullptr);
    return digest;
}

std::string to_hex(const Digest& digest) {
    return to_hex(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
}

std::string to_hex(std::string_view bytes) {
    static constexpr char k_digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (char c : bytes) {
        auto byte = static_cast<unsigned char>(c);
        out += k_digits[byte >> 4];
        out += k_digits[byte & 0x0f];
    }
    return out;
}

std::string sha256_hex(std::string_view text) {
    Sha256 hash;
    hash.update(text);
    return to_hex(hash.finish());
}

Result<std::string> sha256_file(const std::filesystem::path& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return fail(ErrorKind::io, "cannot open " + path.string() + ": " + std::strerror(errno));
    }
    Sha256 hash;
    std::vector<char> buffer(1 << 20);
    for (;;) {
        ssize_t got = ::read(fd, buffer.data(), buffer.size());
        if (got < 0) {
            if (errno == EINTR) {
                continue;
            }
            int saved = errno;
            ::close(fd);
            return fail(ErrorKind::io,
                        "cannot read " + path.string() + ": " + std::strerror(saved));
        }
        if (got == 0) {
            break;
        }
        hash.update(buffer.data(), static_cast<size_t>(got));
    }
    ::close(fd);
    return to_hex(hash.finish());
}

} // namespace attest
