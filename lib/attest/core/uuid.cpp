#include <openssl/evp.h>

#include <attest/core/uuid.hpp>

namespace attest {

namespace {

int hex_digit(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

bool uuid_dash_at(size_t position) {
    return position == 8 || position == 13 || position == 18 || position == 23;
}

} // namespace

std::string Uuid::text() const {
    static constexpr char k_digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (size_t i = 0; i < bytes.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) {
            out += '-';
        }
        out += k_digits[bytes[i] >> 4];
        out += k_digits[bytes[i] & 0x0f];
    }
    return out;
}

std::optional<Uuid> parse_uuid(std::string_view text) {
    if (text.size() != 36) {
        return std::nullopt;
    }
    Uuid uuid;
    size_t nibble = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        if (uuid_dash_at(i)) {
            if (text[i] != '-') {
                return std::nullopt;
            }
            continue;
        }
        int value = hex_digit(text[i]);
        if (value < 0) {
            return std::nullopt;
        }
        auto& byte = uuid.bytes[nibble / 2];
        byte = static_cast<std::uint8_t>(nibble % 2 == 0 ? value << 4 : byte | value);
        ++nibble;
    }
    return uuid;
}

Uuid uuid_v5(const Uuid& space, std::string_view name) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_MD_CTX* context = EVP_MD_CTX_new();
    EVP_DigestInit_ex(context, EVP_sha1(), nullptr);
    EVP_DigestUpdate(context, space.bytes.data(), space.bytes.size());
    EVP_DigestUpdate(context, name.data(), name.size());
    EVP_DigestFinal_ex(context, digest, &length);
    EVP_MD_CTX_free(context);
    Uuid out;
    for (size_t i = 0; i < out.bytes.size(); ++i) {
        out.bytes[i] = digest[i];
    }
    out.bytes[6] = static_cast<std::uint8_t>((out.bytes[6] & 0x0f) | 0x50);
    out.bytes[8] = static_cast<std::uint8_t>((out.bytes[8] & 0x3f) | 0x80);
    return out;
}

} // namespace attest
