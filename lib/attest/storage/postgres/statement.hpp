#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <initializer_list>
#include <libpq-fe.h>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include <attest/core/error.hpp>

namespace attest::storage::postgres {

// A value bound to one parameter of a statement: text, sent as its bytes with their length
// (never spliced into SQL), or a whole number.
class Param {
public:
    Param(std::string_view text) : m_data(text.data()), m_size(static_cast<int>(text.size())) {}
    Param(const std::string& text) : Param(std::string_view(text)) {}
    Param(const char* text) : Param(std::string_view(text)) {}
    Param(std::int64_t number);
    Param(int number) : Param(static_cast<std::int64_t>(number)) {}
    Param(const Param& other);
    Param& operator=(const Param&) = delete;

    const char* data() const { return m_data == nullptr ? "" : m_data; }
    int size() const { return m_size; }
    // 1 (binary) for text, whose bytes go as they are; 0 (text) for a number's digits.
    int format() const { return m_number ? 0 : 1; }

private:
    const char* m_data = nullptr;
    int m_size = 0;
    bool m_number = false;
    char m_digits[24] = {};
};

// The rows a statement returned, in text form; freed when destroyed.
class Rows {
public:
    explicit Rows(PGresult* result) : m_result(result) {}
    ~Rows() { PQclear(m_result); }
    Rows(Rows&& other) noexcept : m_result(other.m_result) { other.m_result = nullptr; }
    Rows(const Rows&) = delete;
    Rows& operator=(const Rows&) = delete;
    Rows& operator=(Rows&& other) noexcept;

    int size() const { return m_result == nullptr ? 0 : PQntuples(m_result); }
    bool empty() const { return size() == 0; }
    std::string_view view(int row, int column) const {
        return {PQgetvalue(m_result, row, column),
                static_cast<size_t>(PQgetlength(m_result, row, column))};
    }
    std::string text(int row, int column) const { return std::string(view(row, column)); }
    std::int64_t integer(int row, int column) const;
    bool boolean(int row, int column) const { return view(row, column) == "t"; }
    // The rows an INSERT, UPDATE or DELETE changed.
    std::int64_t affected() const;
    const PGresult* get() const { return m_result; }

private:
    PGresult* m_result;
};

// One connection to the server with the statements it has prepared: every statement with
// values runs as a prepared statement (prepared on first use, then reused by name), its
// values bound as parameters. Failures throw a database Failure whose message has every secret
// the connection was opened with scrubbed from it.
class Connection {
public:
    Connection(PGconn* connection, std::vector<std::string> secrets);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Runs `sql` with `params`. Outside a transaction a serialization failure or deadlock is
    // retried a few times, since the statement alone is the transaction.
    Rows run(std::string_view sql, std::span<const Param> params);
    Rows run(std::string_view sql, std::initializer_list<Param> params = {}) {
        return run(sql, std::span<const Param>(params.begin(), params.size()));
    }
    // Runs SQL that takes no values (BEGIN, COMMIT, a migration), unprepared.
    void command(const char* sql);
    // Streams `data` (PostgreSQL's binary COPY format) into the COPY statement `sql`.
    void copy_in(const char* sql, std::string_view data);
    // The same in pieces, for more rows than should sit in memory at once: starts the COPY
    // statement `sql`, sends each piece of the data as it comes, then ends it.
    void copy_start(const char* sql);
    void copy_put(std::string_view data);
    void copy_end();

    // True inside a transaction block (including a failed one awaiting rollback).
    bool in_transaction() const;
    // Removes every secret from a message libpq wrote.
    std::string scrub(std::string message) const;
    // Throws a database Failure: `what`, then the server's message; a refusal (SQLSTATE
    // 42501) or a duplicate key (23505) as `on_refusal` words it, when set; text that is not
    // UTF-8 (22021) as bad input.
    [[noreturn]] void fail(const PGresult* result, const std::string& what) const;
    void on_refusal(std::function<Error(const PGresult*)> describe) {
        m_refusal = std::move(describe);
    }

private:
    PGconn* m_connection;
    std::vector<std::string> m_secrets;
    std::unordered_map<std::string, std::string> m_prepared;
    std::function<Error(const PGresult*)> m_refusal;
};

// The SQLSTATE of a failed result, empty when there is none.
std::string sql_state(const PGresult* result);

// The rows a cursor fetches at a time.
constexpr int k_cursor_rows = 4096;

// A read of a large result in pieces through a server-side cursor, row by row, so a million
// rows never sit in memory at once. Needs a transaction; closes the cursor when destroyed.
class Cursor {
public:
    Cursor(Connection& connection, const char* name, std::string_view select,
           std::span<const Param> params);
    ~Cursor();
    Cursor(const Cursor&) = delete;
    Cursor& operator=(const Cursor&) = delete;

    // Moves to the next row; false when there are no more.
    bool next();
    std::string_view view(int column) const { return m_rows.view(m_at, column); }
    std::string text(int column) const { return m_rows.text(m_at, column); }
    std::int64_t integer(int column) const { return m_rows.integer(m_at, column); }

private:
    Connection& m_connection;
    std::string m_fetch;
    std::string m_close;
    Rows m_rows{nullptr};
    int m_at = -1;
    bool m_done = false;
};

// A consistent snapshot for a read made of several statements: a read-only REPEATABLE READ
// transaction, unless the caller's transaction is already open (then that one is used).
class ReadSnapshot {
public:
    explicit ReadSnapshot(Connection& connection);
    ~ReadSnapshot();
    ReadSnapshot(const ReadSnapshot&) = delete;
    ReadSnapshot& operator=(const ReadSnapshot&) = delete;

    // True when the snapshot is this read's own transaction: nothing uncommitted of the caller's
    // is in it, so another connection importing it (export) sees the same rows.
    bool own() const { return m_own; }
    // The snapshot's name for SET TRANSACTION SNAPSHOT on another connection (pg_export_snapshot;
    // valid while this snapshot lasts).
    std::string export_name();

private:
    Connection& m_connection;
    bool m_own = false;
};

// A cursor read on a connection of its own, on another thread that fetches ahead of the caller
// (up to 32 pieces of k_cursor_rows), in a read-only transaction of the snapshot named `snapshot`
// (ReadSnapshot::export_name), so one read can run two queries at once. The caller steps it as
// a Cursor; a failure on the other thread is thrown by next(). `params` must outlive it.
class PrefetchCursor {
public:
    PrefetchCursor(std::unique_ptr<Connection> connection, const std::string& snapshot,
                   std::string select, std::vector<Param> params);
    ~PrefetchCursor();
    PrefetchCursor(const PrefetchCursor&) = delete;
    PrefetchCursor& operator=(const PrefetchCursor&) = delete;

    bool next();
    std::string_view view(int column) const { return m_rows.view(m_at, column); }
    std::string text(int column) const { return m_rows.text(m_at, column); }
    std::int64_t integer(int column) const { return m_rows.integer(m_at, column); }

private:
    void read(const std::string& snapshot);

    std::unique_ptr<Connection> m_connection;
    std::string m_select;
    std::vector<Param> m_params;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<Rows> m_ready;
    bool m_finished = false;
    bool m_stop = false;
    std::exception_ptr m_error;
    Rows m_rows{nullptr};
    int m_at = -1;
    bool m_done = false;
    std::thread m_thread;
};

} // namespace attest::storage::postgres
