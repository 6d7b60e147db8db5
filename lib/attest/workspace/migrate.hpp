#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <attest/config/config.hpp>
#include <attest/core/date.hpp>
#include <attest/core/error.hpp>
#include <attest/storage/copy.hpp>
#include <attest/workspace/workspace.hpp>

namespace attest::workspace {

// Whether a verified copy also points attest.toml at the new database.
enum class SwitchConfig { no, yes };

struct MigrateOptions {
    // The PostgreSQL database to copy into: a libpq connection string or URI, no password.
    std::string target;
    SwitchConfig switch_config = SwitchConfig::no;
    // Who migrates, recorded in the journal entry that closes the copy.
    std::string actor;
    storage::CopyProgress progress;
};

struct MigrateResult {
    // What the target is, for messages: "HOST[:PORT]/DBNAME".
    std::string target;
    // Every table copied, with the rows the workspace held and the rows the copy holds.
    std::vector<storage::CopyCount> counts;
    // The journal entries copied and the hash of the last, which the copy's chain continues
    // from with the entry that records the migration.
    std::int64_t entries = 0;
    std::string head;
    std::int64_t migration_entry = 0;
    // The text attest.toml needs (or was given, with SwitchConfig::yes) to use the copy.
    std::string config_text;
    bool config_switched = false;
};

// Copies the workspace's SQLite database (every table: audits, responses, evidence records and
// links, staff, credentials, alerts, acknowledgements, plans, the journal and the state each
// entry recorded, hashes as they are) into the empty PostgreSQL database `options.target`
// names, in one transaction. Before committing it checks the copy: each table's row count
// matches, and the journal's chain and every row's recorded state verify on the target; then
// it appends one journal entry recording the migration. Anything short of that rolls the
// target back to empty: nothing is changed. With SwitchConfig::yes, attest.toml then gets the
// `[storage] url` line; otherwise the caller tells the user to add it. attest.db is left as it
// was.
Result<MigrateResult> migrate_storage(const Layout& layout, const config::Config& config,
                                      const Clock& clock, const MigrateOptions& options);

} // namespace attest::workspace
