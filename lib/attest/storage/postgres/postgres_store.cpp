#include <attest/storage/postgres/module.hpp>
#include <attest/storage/postgres/postgres_store.hpp>

#include "backend.hpp"
#include "connection.hpp"

namespace attest::storage::postgres {

void PostgresStore::begin() {
    m_bulk.clear();
    m_analyze = false;
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
    if (m_analyze) {
        m_analyze = false;
        // The planner's statistics of a table that has just grown by many rows, so the next
        // report's plan fits the rows there are; autovacuum would renew them only later. Only
        // the table's owner may (others are skipped, without a word), and what is committed
        // stays committed whatever happens here.
        try {
            m_db->command("SET client_min_messages = error; ANALYZE credential; RESET "
                          "client_min_messages");
        } catch (const Failure&) {
        }
    }
}

void PostgresStore::rollback() {
    m_bulk.clear();
    m_analyze = false;
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

void PostgresStore::copy_begin(const std::string& table, const std::string& columns,
                               const std::string& staging_columns) {
    if (!m_identity.bound) {
        m_db->copy_start(("COPY " + table + columns + " FROM STDIN (FORMAT binary)").c_str());
        return;
    }
    // Created once per session (a rolled-back transaction takes it away again).
    const std::string staging = "attest_" + table + "_in";
    if (m_db->run("SELECT to_regclass($1) IS NULL", {"pg_temp." + staging}).boolean(0, 0)) {
        auto shape = staging_columns.empty() ? "(LIKE " + table + ")" : staging_columns;
        m_db->command(
            ("CREATE TEMPORARY TABLE " + staging + " " + shape + " ON COMMIT DELETE ROWS").c_str());
    }
    m_db->copy_start(("COPY " + staging + columns + " FROM STDIN (FORMAT binary)").c_str());
}

void PostgresStore::copy_finish(const std::string& table, const std::string& columns,
                                const std::function<void(const std::string&)>& check) {
    m_db->copy_end();
    if (!m_identity.bound) {
        return;
    }
    const std::string staging = "attest_" + table + "_in";
    if (check) {
        check(staging);
    }
    auto names = columns.substr(1, columns.size() - 2);
    m_db->command(
        ("INSERT INTO " + table + columns + " SELECT " + names + " FROM " + staging).c_str());
    m_db->command(("DELETE FROM " + staging).c_str());
}

Result<std::unique_ptr<Store>> open_postgres_store(const std::string& conninfo,
                                                   const LockWaitOptions& wait) {
    auto connection = connect(conninfo);
    if (!connection) {
        return tl::unexpected(connection.error());
    }
    auto store = std::make_unique<PostgresStore>(std::move(*connection), conninfo, wait);
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
