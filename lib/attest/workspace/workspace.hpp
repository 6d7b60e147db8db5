#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <attest/checklist/catalog.hpp>
#include <attest/config/config.hpp>
#include <attest/core/error.hpp>

namespace attest::workspace {

inline constexpr const char* k_config_file = "attest.toml";
inline constexpr const char* k_database_file = "attest.db";

// The folder that holds attest.toml and the paths derived from it.
struct Layout {
    std::filesystem::path root;

    std::filesystem::path config() const { return root / k_config_file; }
    std::filesystem::path database() const { return root / k_database_file; }
    std::filesystem::path evidence() const { return root / "evidence"; }
    std::filesystem::path checklists() const { return root / "checklists"; }
    std::string store_url() const { return "sqlite:" + database().string(); }
};

// Finds the workspace the way git finds a repository: `explicit_root` when given (from
// --workspace or ATTEST_WORKSPACE), else `start` or its nearest parent holding attest.toml.
Result<Layout> find(const std::optional<std::filesystem::path>& explicit_root,
                    const std::filesystem::path& start);

// Loads and validates the workspace's attest.toml.
Result<config::Config> load_config(const Layout& layout, Diagnostics& diagnostics);

struct InitOptions {
    std::string organization;
    std::vector<std::string> sites;
    // A template workspace (such as examples/riverside) whose attest.toml, checklists/ and
    // policies/ are copied into the new workspace.
    std::optional<std::filesystem::path> from;
    // A PostgreSQL connection string for the workspace's records, written to attest.toml as
    // `[storage] url`; empty for an attest.db in the workspace.
    std::string database;
    // The checklists attest.toml's `[checklists] use` names (from `init --facility`); empty
    // ids for a workspace that uses every checklist. Not allowed with `from`.
    config::ChosenChecklists checklists;
};

// The store URL of a workspace: attest.toml's `[storage] url` when it names one, else the
// workspace's own attest.db.
std::string store_url(const Layout& layout, const config::Config& config);

// Creates a workspace in `root`: attest.toml, the database (attest.db, or the schema in the
// PostgreSQL database `options.database` names), evidence/ and checklists/, all readable by
// the owner only. Refuses when `root` already holds a workspace. On failure,
// whatever this call created is removed again.
Result<Layout> init(const std::filesystem::path& root, const InitOptions& options);

// Where bundled checklists are: $ATTEST_CHECKLISTS, the installed share folder next to the
// executable, or the source tree this binary was built from.
std::filesystem::path bundled_checklist_dir();

// The checklist sources for a command: bundled checklists, then the workspace's own (which
// override bundled ones with the same id). `layout` may be absent outside a workspace.
std::vector<checklist::Source> checklist_sources(const std::optional<Layout>& layout);

} // namespace attest::workspace
