#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include <attest/audit/audit.hpp>
#include <attest/checklist/cache.hpp>
#include <attest/checklist/catalog.hpp>
#include <attest/core/fs.hpp>
#include <attest/storage/store.hpp>

#include "test_helpers.hpp"

namespace attest::test {

// Checklist TOML for a test, written a line per section and item so that a fixture says only
// what it is about: `ChecklistToml("cms-x", "cms").section("482.15", "Emergency")
// .item("482.15(a)", "Plan", "severity = \"high\"")`. Items get the requirement "R"; `fields`
// are further TOML lines of the item.
class ChecklistToml {
public:
    ChecklistToml(const std::string& id, const std::string& framework,
                  const std::string& title = "T", const std::string& source = "S") {
        m_text = "[checklist]\nid = \"" + id + "\"\nframework = \"" + framework + "\"\ntitle = \"" +
                 title + "\"\nversion = \"1\"\nsource = \"" + source + "\"\n";
    }

    ChecklistToml& section(const std::string& id, const std::string& title) {
        m_text += "\n[[section]]\nid = \"" + id + "\"\ntitle = \"" + title + "\"\n";
        return *this;
    }

    ChecklistToml& item(const std::string& id, const std::string& title,
                        const std::string& fields = "") {
        m_text += "\n[[section.item]]\nid = \"" + id + "\"\ntitle = \"" + title +
                  "\"\nrequirement = \"R\"\n" + fields + (fields.empty() ? "" : "\n");
        return *this;
    }

    const std::string& text() const { return m_text; }
    operator std::string() const { return m_text; }

private:
    std::string m_text;
};

// An in-memory workspace for audit tests: the given checklist files in a catalog, an empty
// SQLite store in memory, a pinned clock, and a parse cache.
struct AuditWorkspace {
    TempDir dir;
    checklist::Catalog catalog;
    std::unique_ptr<storage::Store> store;
    FixedClock clock;
    checklist::ParseCache cache{std::filesystem::path{}};

    // `files` are (file name, TOML text) pairs.
    explicit AuditWorkspace(const std::vector<std::pair<std::string, std::string>>& files) {
        for (const auto& [name, text] : files) {
            REQUIRE(write_file_atomic(dir.path() / name, text));
        }
        Diagnostics diagnostics;
        catalog = checklist::Catalog::load({{dir.path(), "bundled"}}, diagnostics);
        REQUIRE(diagnostics.empty());
        store = std::move(*storage::open_store("sqlite::memory:"));
    }

    // Starts an audit of `checklists` at Main by "pat" and loads it.
    audit::AuditView start(const std::string& name, const std::vector<std::string>& checklists) {
        audit::NewAudit request;
        request.name = name;
        request.site = "Main";
        request.checklist_ids = checklists;
        auto record = audit::create(*store, catalog, {}, clock, "pat", request);
        REQUIRE(record);
        return *audit::load(*store, *record, cache);
    }
};

} // namespace attest::test
