#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <attest/core/error.hpp>

namespace attest::evidence {

class Intake;

// A stored file's identity.
struct Blob {
    std::string sha256;
    std::uint64_t size = 0;
    // True when the same content was already in the store (nothing new was written).
    bool existed = false;
};

// Reports bytes copied so far, for progress bars.
using Progress = std::function<void(std::uint64_t bytes)>;

// The content-addressed evidence store: evidence/sha256/ab/abcdef... Each file is hashed with
// SHA-256 while it streams in, written to a temporary file (see temporaries.hpp), fsynced,
// renamed into place and made read-only. Identical content is stored once.
class BlobStore {
public:
    explicit BlobStore(std::filesystem::path root) : m_root(std::move(root)) {}

    // The evidence folder this store keeps.
    const std::filesystem::path& root() const { return m_root; }

    // Where content with this hash lives.
    std::filesystem::path path_of(const std::string& sha256) const;

    // Copies a file into the store. Symlinks are followed (their target's content is stored).
    // A new blob is noted in `intake` (when given) before it is put in place.
    Result<Blob> ingest(const std::filesystem::path& source, const Progress& progress = {},
                        Intake* intake = nullptr) const;

    // Removes a blob this command created, when the command fails after ingesting it.
    void discard(const Blob& blob) const;

    // Whether a stored blob still has no write permission for anyone, as ingest left it.
    bool read_only(const std::string& sha256) const;

    // Re-reads a stored blob and returns the SHA-256 of what is there now.
    Result<std::string> rehash(const std::string& sha256) const;

    // Every blob present (by the hash its path names), and stray files that are not blobs
    // (copies in progress under tmp/ are neither).
    struct Contents {
        std::vector<std::string> blobs;
        std::vector<std::filesystem::path> strays;
    };
    Contents list() const;

private:
    std::filesystem::path m_root;
};

// A media type from a file's name and first bytes: "application/pdf", "image/png", ...
std::string media_type(const std::filesystem::path& name, std::string_view first_bytes);

} // namespace attest::evidence
