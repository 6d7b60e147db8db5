#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include <attest/checklist/model.hpp>

namespace attest::checklist {

// A cache of parsed checklists keyed by the SHA-256 of their text, so commands do not re-parse
// hundreds of kilobytes of TOML on every start. Entries hold only checklists that validated;
// a missing, unreadable or corrupt entry is simply a miss. The cache never decides validity:
// the key is the exact text, so any edit to a checklist file parses it afresh.
class ParseCache {
public:
    // `directory` empty disables the cache.
    explicit ParseCache(std::filesystem::path directory) : m_directory(std::move(directory)) {}

    std::optional<Checklist> get(const std::string& sha256, const std::string& path) const;
    // Stores an entry; failures (read-only home, full disk) are ignored.
    void put(const std::string& sha256, const Checklist& checklist) const;

    // $ATTEST_CACHE_DIR, else $XDG_CACHE_HOME/attest, else ~/.cache/attest; empty when
    // ATTEST_CACHE_DIR is set to "off".
    static std::filesystem::path default_directory();

private:
    std::filesystem::path m_directory;
};

// The binary form of a checklist used by the cache; `decode` returns nothing on any damage.
std::string encode(const Checklist& checklist);
std::optional<Checklist> decode(std::string_view data, const std::string& path);

} // namespace attest::checklist
