#include <algorithm>
#include <memory>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <attest/core/fs.hpp>
#include <attest/core/sha256.hpp>
#include <attest/packet/trust.hpp>

#include "openssl_handles.hpp"

namespace attest::packet {

namespace fs = std::filesystem;

namespace {

std::optional<PublicKey> describe(EVP_PKEY* key) {
    if (key == nullptr || EVP_PKEY_get_id(key) != EVP_PKEY_ED25519) {
        return std::nullopt;
    }
    std::string raw(32, '\0');
    size_t size = raw.size();
    if (EVP_PKEY_get_raw_public_key(key, reinterpret_cast<unsigned char*>(raw.data()), &size) !=
        1) {
        return std::nullopt;
    }
    raw.resize(size);
    return PublicKey{raw, sha256_hex(raw)};
}

// The PEM blocks of a text with the line each begins on.
struct Block {
    int line = 0;
    std::string text;
};
std::vector<Block> pem_blocks(std::string_view text) {
    std::vector<Block> blocks;
    int line = 1;
    size_t at = 0;
    while (at < text.size()) {
        size_t begin = text.find("-----BEGIN ", at);
        if (begin == std::string_view::npos) {
            break;
        }
        line +=
            static_cast<int>(std::count(text.begin() + static_cast<std::ptrdiff_t>(at),
                                        text.begin() + static_cast<std::ptrdiff_t>(begin), '\n'));
        size_t end = text.find("-----END ", begin);
        size_t stop = end == std::string_view::npos ? text.size() : text.find('\n', end);
        stop = stop == std::string_view::npos ? text.size() : stop + 1;
        blocks.push_back({line, std::string(text.substr(begin, stop - begin))});
        line +=
            static_cast<int>(std::count(text.begin() + static_cast<std::ptrdiff_t>(begin),
                                        text.begin() + static_cast<std::ptrdiff_t>(stop), '\n'));
        at = stop;
    }
    return blocks;
}

} // namespace

Result<PublicKey> public_key_of(const fs::path& path) {
    auto text = read_file(path);
    if (!text) {
        return tl::unexpected(text.error());
    }
    std::unique_ptr<BIO, BioFree> bio(
        BIO_new_mem_buf(text->data(), static_cast<int>(text->size())));
    Key key(text->find("PRIVATE KEY") != std::string::npos
                ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr)
                : PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
    auto described = describe(key.get());
    if (!described) {
        return fail(ErrorKind::invalid_input, path.string() + " is not an Ed25519 PEM key",
                    "make a key pair with 'attest key gen'");
    }
    return *described;
}

Result<PublicKey> public_key_from_hex(std::string_view hex) {
    auto raw = bytes_of_hex(hex);
    if (!raw || raw->size() != 32) {
        return fail(ErrorKind::invalid_input, "not an Ed25519 public key (64 hex digits)");
    }
    Key key(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr,
                                        reinterpret_cast<const unsigned char*>(raw->data()),
                                        raw->size()));
    if (!key) {
        return fail(ErrorKind::invalid_input, "not an Ed25519 public key");
    }
    return PublicKey{*raw, sha256_hex(*raw)};
}

Result<std::vector<PublicKey>> load_trusted_keys(const fs::path& file, Required required) {
    std::error_code ec;
    if (required == Required::no && !fs::exists(file, ec)) {
        return std::vector<PublicKey>{};
    }
    auto text = read_file(file);
    if (!text) {
        return tl::unexpected(text.error());
    }
    std::vector<PublicKey> keys;
    for (const auto& block : pem_blocks(*text)) {
        std::unique_ptr<BIO, BioFree> bio(
            BIO_new_mem_buf(block.text.data(), static_cast<int>(block.text.size())));
        Key key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
        auto described = describe(key.get());
        if (!described) {
            return tl::unexpected(Error{ErrorKind::invalid_input,
                                        "not an Ed25519 public key in PEM",
                                        Location{file.string(), block.line, 1},
                                        "append the .pub file 'attest key gen' wrote: cat "
                                        "KEY.pub >> " +
                                            file.string()});
        }
        if (std::none_of(keys.begin(), keys.end(), [&](const PublicKey& k) {
                return k.fingerprint == described->fingerprint;
            })) {
            keys.push_back(std::move(*described));
        }
    }
    return keys;
}

bool well_formed_signature(std::string_view signature) {
    return signature.size() == 64;
}

bool signature_matches(const PublicKey& key, std::string_view message, std::string_view signature) {
    if (!well_formed_signature(signature) || key.raw.size() != 32) {
        return false;
    }
    Key pkey(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr,
                                         reinterpret_cast<const unsigned char*>(key.raw.data()),
                                         key.raw.size()));
    std::unique_ptr<EVP_MD_CTX, MdFree> context(EVP_MD_CTX_new());
    if (!pkey || EVP_DigestVerifyInit(context.get(), nullptr, nullptr, nullptr, pkey.get()) != 1) {
        return false;
    }
    return EVP_DigestVerify(context.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                            signature.size(),
                            reinterpret_cast<const unsigned char*>(message.data()),
                            message.size()) == 1;
}

const PublicKey* signer_among(std::span<const PublicKey> keys, std::string_view message,
                              std::string_view signature) {
    for (const auto& key : keys) {
        if (signature_matches(key, message, signature)) {
            return &key;
        }
    }
    return nullptr;
}

Result<std::string> bytes_of_hex(std::string_view hex) {
    auto digit = [](char c) -> int {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    };
    if (hex.size() % 2 != 0) {
        return fail(ErrorKind::invalid_input, "odd number of hex digits");
    }
    std::string out;
    out.reserve(hex.size() / 2);
    for (size_t i = 0; i < hex.size(); i += 2) {
        int high = digit(hex[i]);
        int low = digit(hex[i + 1]);
        if (high < 0 || low < 0) {
            return fail(ErrorKind::invalid_input, "not lowercase hex");
        }
        out += static_cast<char>(high << 4 | low);
    }
    return out;
}

} // namespace attest::packet
