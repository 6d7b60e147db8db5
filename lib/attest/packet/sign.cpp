#include <cstdio>
#include <memory>
#include <sys/stat.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <attest/core/sha256.hpp>
#include <attest/packet/sign.hpp>

#include "openssl_handles.hpp"

namespace attest::packet {

namespace fs = std::filesystem;

namespace {

std::string bio_text(BIO* bio) {
    char* data = nullptr;
    long size = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<size_t>(size));
}

// Loads a PEM key: a private key when the file holds one, else a public key.
Result<Key> load_key(const fs::path& path, bool want_private) {
    auto text = read_file(path);
    if (!text) {
        return tl::unexpected(text.error());
    }
    std::unique_ptr<BIO, BioFree> bio(
        BIO_new_mem_buf(text->data(), static_cast<int>(text->size())));
    EVP_PKEY* key = nullptr;
    bool is_private = text->find("PRIVATE KEY") != std::string::npos;
    if (want_private && !is_private) {
        return fail(ErrorKind::invalid_input, path.string() + " is not a private key",
                    "sign with the key 'attest key gen' wrote without .pub");
    }
    if (is_private) {
        if (auto private_file = require_private_file(path, "the signing key"); !private_file) {
            return tl::unexpected(private_file.error());
        }
    }
    key = is_private ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr)
                     : PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr);
    if (key == nullptr) {
        return fail(ErrorKind::invalid_input, path.string() + " is not a PEM key",
                    "make a key pair with 'attest key gen'");
    }
    Key owned(key);
    if (EVP_PKEY_get_id(key) != EVP_PKEY_ED25519) {
        return fail(ErrorKind::invalid_input, path.string() + " is not an Ed25519 key",
                    "make a key pair with 'attest key gen'");
    }
    return owned;
}

std::string fingerprint(EVP_PKEY* key) {
    unsigned char raw[32];
    size_t size = sizeof raw;
    EVP_PKEY_get_raw_public_key(key, raw, &size);
    return sha256_hex(std::string_view(reinterpret_cast<const char*>(raw), size));
}

} // namespace

Result<std::string> generate_key_pair(const fs::path& private_key, Overwrite overwrite) {
    fs::path public_key = private_key;
    public_key += ".pub";
    std::error_code ec;
    if (overwrite == Overwrite::no) {
        for (const auto& path : {private_key, public_key}) {
            if (fs::exists(path, ec)) {
                return fail(ErrorKind::conflict, path.string() + " already exists",
                            "choose another name, or pass --force to replace the key pair");
            }
        }
    }
    if (!private_key.parent_path().empty() && !fs::exists(private_key.parent_path(), ec)) {
        if (auto created = create_private_directory(private_key.parent_path()); !created) {
            return tl::unexpected(created.error());
        }
    }
    std::unique_ptr<EVP_PKEY_CTX, ContextFree> context(
        EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr));
    EVP_PKEY* generated = nullptr;
    if (!context || EVP_PKEY_keygen_init(context.get()) <= 0 ||
        EVP_PKEY_keygen(context.get(), &generated) <= 0) {
        return fail(ErrorKind::io, "cannot generate an Ed25519 key (OpenSSL failed)");
    }
    Key key(generated);
    std::unique_ptr<BIO, BioFree> private_pem(BIO_new(BIO_s_mem()));
    std::unique_ptr<BIO, BioFree> public_pem(BIO_new(BIO_s_mem()));
    if (PEM_write_bio_PrivateKey(private_pem.get(), key.get(), nullptr, nullptr, 0, nullptr,
                                 nullptr) != 1 ||
        PEM_write_bio_PUBKEY(public_pem.get(), key.get()) != 1) {
        return fail(ErrorKind::io, "cannot encode the key pair (OpenSSL failed)");
    }
    if (auto written = write_file_atomic(private_key, bio_text(private_pem.get())); !written) {
        return tl::unexpected(written.error());
    }
    if (auto written = write_file_atomic(public_key, bio_text(public_pem.get())); !written) {
        return tl::unexpected(written.error());
    }
    ::chmod(public_key.c_str(), 0644);
    return fingerprint(key.get());
}

Result<std::string> public_key_fingerprint(const fs::path& path) {
    auto key = load_key(path, false);
    if (!key) {
        return tl::unexpected(key.error());
    }
    return fingerprint(key->get());
}

Result<std::string> sign(const fs::path& private_key, std::string_view message) {
    auto key = load_key(private_key, true);
    if (!key) {
        return tl::unexpected(key.error());
    }
    std::unique_ptr<EVP_MD_CTX, MdFree> context(EVP_MD_CTX_new());
    std::string signature(64, '\0');
    size_t size = signature.size();
    if (EVP_DigestSignInit(context.get(), nullptr, nullptr, nullptr, key->get()) != 1 ||
        EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &size,
                       reinterpret_cast<const unsigned char*>(message.data()),
                       message.size()) != 1) {
        return fail(ErrorKind::io,
                    "cannot sign with " + private_key.string() + " (OpenSSL failed)");
    }
    signature.resize(size);
    return signature;
}

Result<bool> verify_signature(const fs::path& public_key, std::string_view message,
                              std::string_view signature) {
    auto key = load_key(public_key, false);
    if (!key) {
        return tl::unexpected(key.error());
    }
    std::unique_ptr<EVP_MD_CTX, MdFree> context(EVP_MD_CTX_new());
    if (EVP_DigestVerifyInit(context.get(), nullptr, nullptr, nullptr, key->get()) != 1) {
        return fail(ErrorKind::io, "cannot check signatures with " + public_key.string());
    }
    return EVP_DigestVerify(context.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                            signature.size(),
                            reinterpret_cast<const unsigned char*>(message.data()),
                            message.size()) == 1;
}

} // namespace attest::packet
