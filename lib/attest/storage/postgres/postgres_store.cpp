#include <attest/storage/postgres/module.hpp>
#include <attest/storage/postgres/postgres_store.hpp>

#include "backend.hpp"
#include "connection.hpp"

namespace attest::storage::postgres {

void PostgresStore::begin() {
    m_db->command("BEGIN ISOLATION LEVEL READ COMMITTED");
    try {
        take_writer_lock();
    } catch (...) {
        rollback();
        throw;
    }
}

void PostgresStore::commit() {
    m_db->command("COMMIT");
}

void PostgresStore::rollback() {
    if (m_db->in_transaction()) {
        try {
            m_db->command("ROLLBACK");
        } catch (const Failure&) {
            // A lost connection has rolled the transaction back already.
        }
    }
}

std::optional<std::string> PostgresStore::meta(const std::string& key) {
    auto rows = m_db->run("SELECT value FROM meta WHERE key = $1", {key});
    if (rows.empty()) {
        return std::nullopt;
    }
    return rows.text(0, 0);
}

void PostgresStore::set_meta(const std::string& key, const std::string& value) {
    m_db->run("INSERT INTO meta(key, value) VALUES ($1, $2) "
              "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
              {key, value});
}

Result<std::unique_ptr<Store>> open_postgres_store(const std::string& conninfo,
                                                   const LockWaitOptions& wait) {
    auto connection = connect(conninfo);
    if (!connection) {
        return tl::unexpected(connection.error());
    }
    auto store = std::make_unique<PostgresStore>(std::move(*connection), wait);
    try {
        store->migrate();
        store->capture_state();
        store->load_identity();
    } catch (const Failure& failure) {
        return tl::unexpected<Error>(failure.error());
    }
    return std::unique_ptr<Store>(std::move(store));
}

} // namespace attest::storage::postgres

// The attest_postgres module: only PostgreSQL workspaces load libpq and what it brings.
extern "C" {

extern const char* const attest_module_version;
const char* const attest_module_version = ATTEST_VERSION;

void attest_open_postgres_store(const std::string& conninfo,
                                const attest::storage::LockWaitOptions& wait,
                                attest::Result<std::unique_ptr<attest::storage::Store>>& out) {
    out = attest::storage::postgres::open_postgres_store(conninfo, wait);
}
}
