#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <attest/checklist/cache.hpp>
#include <attest/checklist/index.hpp>
#include <attest/checklist/model.hpp>
#include <attest/core/diagnostic.hpp>

namespace attest::checklist {

// A folder checklists are read from and what to call them ("bundled", "workspace").
struct Source {
    std::filesystem::path directory;
    std::string origin;
};

// A loaded checklist with where it came from and the SHA-256 of its exact text.
struct Entry {
    Checklist checklist;
    std::string origin;
    std::filesystem::path path;
    std::string text;
    std::string sha256;
};

// What a crosswalk link points at: an item, or a whole section, of a loaded checklist.
struct Target {
    const Entry* entry = nullptr;
    const Section* section = nullptr;
    const Item* item = nullptr;
};

// The checklists available to a command: bundled ones and the workspace's own.
class Catalog {
public:
    Catalog() = default;
    // A copy indexes its own entries; a move keeps them where they are.
    Catalog(const Catalog& other);
    Catalog& operator=(const Catalog& other);
    Catalog(Catalog&&) noexcept = default;
    Catalog& operator=(Catalog&&) noexcept = default;
    ~Catalog() = default;

    // Loads every `*.toml` file in each source, in order. A checklist id seen again in a later
    // source replaces the earlier one (a workspace can override a bundled checklist); the same
    // id twice in one source is an error. Invalid files are reported and skipped. Parsed
    // checklists come from `cache` when it holds the same text.
    static Catalog load(const std::vector<Source>& sources, Diagnostics& diagnostics,
                        const ParseCache& cache = ParseCache({}));

    // Adds a checklist, replacing one with the same id.
    void add(Entry entry);

    const std::vector<Entry>& entries() const { return m_entries; }
    const Entry* find(std::string_view id) const;
    std::vector<std::string> ids() const;

    // Everything a link names: the checklist with that id, or each checklist of that framework.
    std::vector<Target> resolve(const Link& link) const;

    // One warning per crosswalk link of `entry` that resolves to nothing.
    Diagnostics check_links(const Entry& entry) const;

private:
    std::vector<Entry> m_entries;
    // One per entry, in the same order: crosswalk links resolve by hash lookups.
    std::vector<std::unique_ptr<const ChecklistIndex>> m_indexes;
};

// Loads one checklist file into an Entry; diagnostics go to `diagnostics`.
std::optional<Entry> load_entry(const std::filesystem::path& path, const std::string& origin,
                                Diagnostics& diagnostics, const ParseCache& cache = ParseCache({}));

} // namespace attest::checklist
