#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <sqlite3.h>

#include <attest/core/error.hpp>

namespace attest::storage::sqlite {

// Throws a database Failure: `what`, followed by SQLite's message for `db` when there is one.
[[noreturn]] void throw_database(sqlite3* db, const std::string& what);

// A prepared statement: parameters bound by position, columns read by index, finalized when
// destroyed. Every failure throws a database Failure.
class Statement {
public:
    Statement(sqlite3* db, const char* sql);
    Statement(sqlite3* db, const std::string& sql) : Statement(db, sql.c_str()) {}
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int index, const std::string& value) {
        check(sqlite3_bind_text(m_statement, index, value.data(), static_cast<int>(value.size()),
                                SQLITE_TRANSIENT));
        return *this;
    }
    // Binds text the caller keeps alive until the statement is reset or finalized.
    // An empty view binds as empty text, never NULL.
    Statement& bind_view(int index, std::string_view value) {
        check(sqlite3_bind_text(m_statement, index, value.empty() ? "" : value.data(),
                                static_cast<int>(value.size()), SQLITE_STATIC));
        return *this;
    }
    Statement& bind(int index, std::int64_t value) {
        check(sqlite3_bind_int64(m_statement, index, value));
        return *this;
    }
    // Binds bytes the caller keeps alive until the statement is reset or finalized; an empty
    // view binds NULL.
    Statement& bind_blob_view(int index, std::string_view bytes) {
        check(bytes.empty() ? sqlite3_bind_null(m_statement, index)
                            : sqlite3_bind_blob(m_statement, index, bytes.data(),
                                                static_cast<int>(bytes.size()), SQLITE_STATIC));
        return *this;
    }

    // True while a row is available.
    bool step();
    // Steps through every row, for a statement whose rows nobody reads.
    void run();

    std::string text(int column) const {
        auto* data = sqlite3_column_text(m_statement, column);
        int size = sqlite3_column_bytes(m_statement, column);
        return data == nullptr
                   ? std::string{}
                   : std::string(reinterpret_cast<const char*>(data), static_cast<size_t>(size));
    }
    // The column's text, valid until the next step or reset.
    std::string_view view(int column) const {
        auto* data = sqlite3_column_text(m_statement, column);
        int size = sqlite3_column_bytes(m_statement, column);
        return data == nullptr ? std::string_view{}
                               : std::string_view(reinterpret_cast<const char*>(data),
                                                  static_cast<size_t>(size));
    }
    // The column's bytes as stored (a BLOB's, unconverted), valid until the next step or reset;
    // empty for NULL.
    std::string_view blob(int column) const {
        auto* data = static_cast<const char*>(sqlite3_column_blob(m_statement, column));
        int size = sqlite3_column_bytes(m_statement, column);
        return data == nullptr ? std::string_view{}
                               : std::string_view(data, static_cast<size_t>(size));
    }
    std::int64_t integer(int column) const { return sqlite3_column_int64(m_statement, column); }
    double real(int column) const { return sqlite3_column_double(m_statement, column); }
    // The column's storage class: SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT, SQLITE_BLOB or
    // SQLITE_NULL.
    int type(int column) const { return sqlite3_column_type(m_statement, column); }
    // Makes the statement ready to run again with new parameters.
    void reset() {
        sqlite3_reset(m_statement);
        sqlite3_clear_bindings(m_statement);
    }
    // Makes the statement ready to run again when every parameter will be bound anew.
    void rewind() { sqlite3_reset(m_statement); }

private:
    void check(int rc) {
        if (rc != SQLITE_OK) {
            throw_database(m_db, "cannot bind parameter");
        }
    }
    sqlite3* m_db;
    sqlite3_stmt* m_statement = nullptr;
};

} // namespace attest::storage::sqlite
