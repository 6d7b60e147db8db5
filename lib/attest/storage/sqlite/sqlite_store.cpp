#include <sys/stat.h>

#include <attest/storage/sqlite/lock_wait.hpp>
#include <attest/storage/sqlite/sqlite_store.hpp>

#include "backend.hpp"
#include "credential_feed.hpp"

namespace attest::storage::sqlite {

SqliteStore::~SqliteStore() {
    m_put_staff.reset();
    sqlite3_close_v2(m_db);
}

void SqliteStore::register_feed() {
    if (register_credential_feed(m_db, &m_feed) != SQLITE_OK) {
        throw_database(m_db, "cannot register the credential feed");
    }
}

void SqliteStore::exec(const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        if ((sqlite3_errcode(m_db) & 0xff) == SQLITE_BUSY) {
            sqlite3_free(message);
            throw Failure(busy_error(m_db));
        }
        std::string text = message != nullptr ? message : "unknown error";
        sqlite3_free(message);
        throw Failure(Error{ErrorKind::database, "database error: " + text, std::nullopt, {}});
    }
}

void SqliteStore::begin() {
    exec("BEGIN IMMEDIATE");
}

void SqliteStore::commit() {
    exec("COMMIT");
}

void SqliteStore::rollback() {
    m_bulk.clear();
    if (sqlite3_get_autocommit(m_db) == 0) {
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
    }
}

std::optional<std::string> SqliteStore::meta(const std::string& key) {
    Statement statement(m_db, "SELECT value FROM meta WHERE key = ?1");
    statement.bind(1, key);
    if (statement.step()) {
        return statement.text(0);
    }
    return std::nullopt;
}

void SqliteStore::set_meta(const std::string& key, const std::string& value) {
    Statement statement(m_db, "INSERT INTO meta(key, value) VALUES (?1, ?2) "
                              "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    statement.bind(1, key).bind(2, value).run();
}

Result<std::unique_ptr<Store>>
open_sqlite_store(const std::string& path, const LockWaitOptions& wait, const Tuning& tuning) {
    sqlite3* db = nullptr;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    mode_t previous = ::umask(0077);
    int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
    ::umask(previous);
    if (rc != SQLITE_OK) {
        std::string message = "cannot open database " + path + ": " +
                              (db != nullptr ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_close_v2(db);
        return fail(ErrorKind::database, message);
    }
    auto store = std::make_unique<SqliteStore>(db, tuning, std::make_unique<LockWait>(path, wait));
    try {
        store->exec("PRAGMA foreign_keys = ON");
        if (path != ":memory:") {
            store->exec("PRAGMA journal_mode = WAL");
            store->exec("PRAGMA synchronous = NORMAL");
            // Reports over a million credentials read pages in place instead of copying them.
            store->exec("PRAGMA mmap_size = 268435456");
        }
        // The rows a transaction writes are noted in a temporary table (state.cpp): kept in
        // memory, not in a temporary file.
        store->exec("PRAGMA temp_store = MEMORY");
        store->migrate();
        store->register_feed();
        store->capture_state();
    } catch (const Failure& failure) {
        return tl::unexpected<Error>(failure.error());
    }
    return std::unique_ptr<Store>(std::move(store));
}

} // namespace attest::storage::sqlite
