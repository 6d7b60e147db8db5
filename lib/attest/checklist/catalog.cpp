#include <algorithm>
#include <map>

#include <attest/checklist/catalog.hpp>
#include <attest/checklist/loader.hpp>
#include <attest/core/fs.hpp>
#include <attest/core/sha256.hpp>
#include <attest/core/text.hpp>

namespace attest::checklist {

namespace fs = std::filesystem;

std::optional<Entry> load_entry(const fs::path& path, const std::string& origin,
                                Diagnostics& diagnostics, const ParseCache& cache) {
    auto text = read_file(path);
    if (!text) {
        diagnostics.push_back({Severity::error, {path.string(), 0, 0}, text.error().message, {}});
        return std::nullopt;
    }
    auto sha256 = sha256_hex(*text);
    if (auto cached = cache.get(sha256, path.string())) {
        return Entry{std::move(*cached), origin, path, std::move(*text), std::move(sha256)};
    }
    auto result = parse_checklist(*text, path.string());
    diagnostics.insert(diagnostics.end(), result.diagnostics.begin(), result.diagnostics.end());
    if (!result.checklist) {
        return std::nullopt;
    }
    cache.put(sha256, *result.checklist);
    return Entry{std::move(*result.checklist), origin, path, std::move(*text), std::move(sha256)};
}

Catalog Catalog::load(const std::vector<Source>& sources, Diagnostics& diagnostics,
                      const ParseCache& cache) {
    Catalog catalog;
    for (const auto& source : sources) {
        std::error_code ec;
        if (!fs::is_directory(source.directory, ec)) {
            continue;
        }
        std::vector<fs::path> files;
        for (const auto& file : fs::directory_iterator(source.directory, ec)) {
            if (file.path().extension() == ".toml" && file.is_regular_file(ec)) {
                files.push_back(file.path());
            }
        }
        std::sort(files.begin(), files.end());
        std::map<std::string, fs::path> seen;
        for (const auto& file : files) {
            auto entry = load_entry(file, source.origin, diagnostics, cache);
            if (!entry) {
                continue;
            }
            auto [it, inserted] = seen.emplace(entry->checklist.id, file);
            if (!inserted) {
                diagnostics.push_back({Severity::error,
                                       {file.string(), 1, 1},
                                       "checklist id '" + entry->checklist.id +
                                           "' is already used by " + it->second.string(),
                                       {}});
                continue;
            }
            catalog.add(std::move(*entry));
        }
    }
    return catalog;
}

Catalog::Catalog(const Catalog& other) : m_entries(other.m_entries) {
    for (const auto& entry : m_entries) {
        m_indexes.push_back(std::make_unique<const ChecklistIndex>(entry.checklist));
    }
}

Catalog& Catalog::operator=(const Catalog& other) {
    if (this != &other) {
        *this = Catalog(other);
    }
    return *this;
}

void Catalog::add(Entry entry) {
    auto existing = std::find_if(m_entries.begin(), m_entries.end(), [&](const Entry& e) {
        return e.checklist.id == entry.checklist.id;
    });
    if (existing != m_entries.end()) {
        *existing = std::move(entry);
        m_indexes[static_cast<size_t>(existing - m_entries.begin())] =
            std::make_unique<const ChecklistIndex>(existing->checklist);
    } else {
        m_entries.push_back(std::move(entry));
        m_indexes.push_back(std::make_unique<const ChecklistIndex>(m_entries.back().checklist));
    }
}

const Entry* Catalog::find(std::string_view id) const {
    for (const auto& entry : m_entries) {
        if (entry.checklist.id == id) {
            return &entry;
        }
    }
    return nullptr;
}

std::vector<std::string> Catalog::ids() const {
    std::vector<std::string> out;
    for (const auto& entry : m_entries) {
        out.push_back(entry.checklist.id);
    }
    return out;
}

std::vector<Target> Catalog::resolve(const Link& link) const {
    std::vector<Target> targets;
    for (size_t i = 0; i < m_entries.size(); ++i) {
        const auto& entry = m_entries[i];
        if (entry.checklist.id != link.prefix && entry.checklist.framework != link.prefix) {
            continue;
        }
        const auto& index = *m_indexes[i];
        if (const Item* item = index.find_item(link.id)) {
            targets.push_back({&entry, index.section_of(link.id), item});
        } else if (const Section* section = index.find_section(link.id)) {
            targets.push_back({&entry, section, nullptr});
        }
    }
    return targets;
}

Diagnostics Catalog::check_links(const Entry& entry) const {
    Diagnostics warnings;
    for (const auto& section : entry.checklist.sections) {
        for (const auto& item : section.items) {
            for (const auto& link : item.maps_to) {
                if (!resolve(link).empty()) {
                    continue;
                }
                bool known_prefix = false;
                std::vector<std::string> candidates;
                for (const auto& e : m_entries) {
                    if (e.checklist.id != link.prefix && e.checklist.framework != link.prefix) {
                        continue;
                    }
                    known_prefix = true;
                    for (const Item* named : e.checklist.items_named(link.id)) {
                        candidates.push_back(e.checklist.id + ":" + named->id);
                    }
                }
                if (candidates.size() > 1) {
                    warnings.push_back({Severity::warning,
                                        link.where,
                                        "crosswalk link '" + link.text() + "' of item '" + item.id +
                                            "' is ambiguous: it could be " +
                                            join(candidates, " or "),
                                        {}});
                    continue;
                }
                std::string message =
                    "crosswalk link '" + link.text() + "' of item '" + item.id + "' matches no ";
                message +=
                    known_prefix
                        ? "item or section in the loaded '" + link.prefix + "' checklists"
                        : "loaded checklist (no checklist or framework '" + link.prefix + "')";
                warnings.push_back({Severity::warning, link.where, message, {}});
            }
        }
    }
    return warnings;
}

} // namespace attest::checklist
