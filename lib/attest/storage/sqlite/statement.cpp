#include "statement.hpp"

#include <attest/storage/sqlite/lock_wait.hpp>

namespace attest::storage::sqlite {

void throw_database(sqlite3* db, const std::string& what) {
    if (db != nullptr && (sqlite3_errcode(db) & 0xff) == SQLITE_BUSY) {
        throw Failure(busy_error(db));
    }
    std::string message = what;
    if (db != nullptr) {
        message += ": ";
        message += sqlite3_errmsg(db);
    }
    throw Failure(Error{ErrorKind::database, message, std::nullopt, {}});
}

Statement::Statement(sqlite3* db, const char* sql) : m_db(db) {
    if (sqlite3_prepare_v2(db, sql, -1, &m_statement, nullptr) != SQLITE_OK) {
        throw_database(db, "cannot prepare statement");
    }
}

Statement::~Statement() {
    sqlite3_finalize(m_statement);
}

bool Statement::step() {
    int rc = sqlite3_step(m_statement);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    throw_database(m_db, "database statement failed");
}

void Statement::run() {
    while (step()) {
    }
}

} // namespace attest::storage::sqlite
