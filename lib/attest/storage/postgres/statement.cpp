#include "statement.hpp"

#include <charconv>
#include <chrono>
#include <cstring>
#include <thread>

namespace attest::storage::postgres {

namespace {

// How often a single statement that lost a serialization conflict is run again.
constexpr int k_retries = 5;

// The first line of a server message, without the trailing newline.
std::string first_line(const char* message) {
    std::string text = message == nullptr ? "" : message;
    if (auto end = text.find('\n'); end != std::string::npos) {
        text.resize(end);
    }
    return text;
}

bool retryable(const std::string& state) {
    return state == "40001" || state == "40P01";
}

} // namespace

Param::Param(std::int64_t number) : m_number(true) {
    auto [end, ec] = std::to_chars(m_digits, m_digits + sizeof m_digits - 1, number);
    (void)ec;
    *end = '\0';
    m_data = m_digits;
    m_size = static_cast<int>(end - m_digits);
}

Param::Param(const Param& other)
    : m_data(other.m_data), m_size(other.m_size), m_number(other.m_number) {
    if (m_number) {
        std::memcpy(m_digits, other.m_digits, sizeof m_digits);
        m_data = m_digits;
    }
}

Rows& Rows::operator=(Rows&& other) noexcept {
    if (this != &other) {
        PQclear(m_result);
        m_result = other.m_result;
        other.m_result = nullptr;
    }
    return *this;
}

std::int64_t Rows::integer(int row, int column) const {
    auto text = view(row, column);
    std::int64_t value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
}

std::int64_t Rows::affected() const {
    const char* count = PQcmdTuples(m_result);
    std::int64_t value = 0;
    std::from_chars(count, count + std::strlen(count), value);
    return value;
}

std::string sql_state(const PGresult* result) {
    const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
    return state == nullptr ? std::string{} : state;
}

Connection::Connection(PGconn* connection, std::vector<std::string> secrets)
    : m_connection(connection), m_secrets(std::move(secrets)) {}

Connection::~Connection() {
    PQfinish(m_connection);
}

std::string Connection::scrub(std::string message) const {
    for (const auto& secret : m_secrets) {
        if (secret.empty()) {
            continue;
        }
        for (auto at = message.find(secret); at != std::string::npos;
             at = message.find(secret, at)) {
            message.replace(at, secret.size(), "***");
        }
    }
    return message;
}

void Connection::fail(const PGresult* result, const std::string& what) const {
    const char* message =
        result != nullptr ? PQresultErrorMessage(result) : PQerrorMessage(m_connection);
    std::string text = first_line(message);
    if (text.empty()) {
        text = first_line(PQerrorMessage(m_connection));
    }
    std::string hint;
    if (PQstatus(m_connection) == CONNECTION_BAD) {
        hint = "the connection to the PostgreSQL server was lost; nothing of this command was "
               "kept: run it again when the server is back";
    } else if (sql_state(result) == "22021") {
        // Text that is not UTF-8 (a note typed in Latin-1, a stray byte), refused by the
        // server before it was stored; the command's transaction rolls back.
        throw Failure(Error{ErrorKind::invalid_input,
                            "the text given holds bytes that are not valid UTF-8; nothing was "
                            "changed",
                            std::nullopt, "re-type it, or convert the file with iconv -t UTF-8"});
    } else if ((sql_state(result) == "42501" || sql_state(result) == "23505") && m_refusal) {
        throw Failure(m_refusal(result));
    } else if (sql_state(result) == "42501") {
        hint = "ask the database's owner to grant your PostgreSQL user the rights attest needs";
    }
    throw Failure(Error{ErrorKind::database, scrub(what + ": " + text), std::nullopt, hint});
}

Rows Connection::run(std::string_view sql, std::span<const Param> params) {
    std::string key(sql);
    auto found = m_prepared.find(key);
    if (found == m_prepared.end()) {
        std::string name = "attest_" + std::to_string(m_prepared.size() + 1);
        Rows prepared(PQprepare(m_connection, name.c_str(), key.c_str(), 0, nullptr));
        if (PQresultStatus(prepared.get()) != PGRES_COMMAND_OK) {
            fail(prepared.get(), "cannot prepare statement");
        }
        found = m_prepared.emplace(std::move(key), std::move(name)).first;
    }
    std::vector<const char*> values(params.size());
    std::vector<int> lengths(params.size());
    std::vector<int> formats(params.size());
    for (size_t i = 0; i < params.size(); ++i) {
        values[i] = params[i].data();
        lengths[i] = params[i].size();
        formats[i] = params[i].format();
    }
    const bool alone = !in_transaction();
    for (int attempt = 0;; ++attempt) {
        Rows result(PQexecPrepared(m_connection, found->second.c_str(),
                                   static_cast<int>(params.size()), values.data(), lengths.data(),
                                   formats.data(), 0));
        auto status = PQresultStatus(result.get());
        if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) {
            return result;
        }
        if (alone && attempt < k_retries && retryable(sql_state(result.get()))) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5 << attempt));
            continue;
        }
        fail(result.get(), "database statement failed");
    }
}

void Connection::command(const char* sql) {
    Rows result(PQexec(m_connection, sql));
    if (PQresultStatus(result.get()) != PGRES_COMMAND_OK &&
        PQresultStatus(result.get()) != PGRES_TUPLES_OK) {
        fail(result.get(), "database error");
    }
}

void Connection::copy_in(const char* sql, std::string_view data) {
    copy_start(sql);
    constexpr size_t k_piece = size_t{1} << 20;
    for (size_t at = 0; at < data.size(); at += k_piece) {
        copy_put(data.substr(at, k_piece));
    }
    copy_end();
}

void Connection::copy_start(const char* sql) {
    Rows started(PQexec(m_connection, sql));
    if (PQresultStatus(started.get()) != PGRES_COPY_IN) {
        fail(started.get(), "cannot start copying rows");
    }
}

void Connection::copy_put(std::string_view data) {
    if (!data.empty() &&
        PQputCopyData(m_connection, data.data(), static_cast<int>(data.size())) != 1) {
        fail(nullptr, "cannot copy rows");
    }
}

void Connection::copy_end() {
    if (PQputCopyEnd(m_connection, nullptr) != 1) {
        fail(nullptr, "cannot copy rows");
    }
    Rows finished(PQgetResult(m_connection));
    while (PGresult* extra = PQgetResult(m_connection)) {
        PQclear(extra);
    }
    if (PQresultStatus(finished.get()) != PGRES_COMMAND_OK) {
        fail(finished.get(), "cannot copy rows");
    }
}

bool Connection::in_transaction() const {
    auto status = PQtransactionStatus(m_connection);
    return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

Cursor::Cursor(Connection& connection, const char* name, std::string_view select,
               std::span<const Param> params)
    : m_connection(connection), m_fetch("FETCH " + std::to_string(k_cursor_rows) + " FROM " + name),
      m_close(std::string("CLOSE ") + name) {
    m_connection.run(
        std::string("DECLARE ") + name + " NO SCROLL CURSOR FOR " + std::string(select), params);
}

Cursor::~Cursor() {
    // A failed transaction has closed it already; nothing to report from a destructor.
    try {
        if (m_connection.in_transaction()) {
            m_connection.command(m_close.c_str());
        }
    } catch (const Failure&) {
    }
}

bool Cursor::next() {
    if (m_done) {
        return false;
    }
    if (++m_at < m_rows.size()) {
        return true;
    }
    m_rows = m_connection.run(m_fetch);
    m_at = 0;
    m_done = m_rows.empty();
    return !m_done;
}

ReadSnapshot::ReadSnapshot(Connection& connection) : m_connection(connection) {
    if (!m_connection.in_transaction()) {
        m_connection.command("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
        m_own = true;
    }
}

std::string ReadSnapshot::export_name() {
    return m_connection.run("SELECT pg_export_snapshot()").text(0, 0);
}

ReadSnapshot::~ReadSnapshot() {
    if (m_own) {
        try {
            m_connection.command("COMMIT");
        } catch (const Failure&) {
        }
    }
}

namespace {

// Pieces of k_cursor_rows fetched ahead of the caller, at most: 128k rows, so a caller waiting on
// another query's first row finds them read.
constexpr std::size_t k_pieces_ahead = 32;

} // namespace

PrefetchCursor::PrefetchCursor(std::unique_ptr<Connection> connection, const std::string& snapshot,
                               std::string select, std::vector<Param> params)
    : m_connection(std::move(connection)), m_select(std::move(select)),
      m_params(std::move(params)) {
    m_thread = std::thread([this, snapshot] { read(snapshot); });
}

PrefetchCursor::~PrefetchCursor() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_changed.notify_all();
    m_thread.join();
}

void PrefetchCursor::read(const std::string& snapshot) {
    std::exception_ptr error;
    try {
        // The name is the server's own (hexadecimal digits and hyphens); SET takes no
        // parameter, so it is checked before it is quoted into the statement.
        if (snapshot.empty() ||
            snapshot.find_first_not_of("0123456789ABCDEFabcdef-") != std::string::npos) {
            throw Failure(Error{
                ErrorKind::database, "PostgreSQL exported a snapshot named unexpectedly", {}, {}});
        }
        m_connection->command("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
        m_connection->command(("SET TRANSACTION SNAPSHOT '" + snapshot + "'").c_str());
        m_connection->command("SET LOCAL cursor_tuple_fraction = 1");
        m_connection->command("SET LOCAL jit = off");
        m_connection->run("DECLARE attest_prefetch NO SCROLL CURSOR FOR " + m_select,
                          std::span<const Param>(m_params));
        const std::string fetch =
            "FETCH " + std::to_string(k_cursor_rows) + " FROM attest_prefetch";
        for (;;) {
            {
                std::unique_lock lock(m_mutex);
                m_changed.wait(lock, [&] { return m_stop || m_ready.size() < k_pieces_ahead; });
                if (m_stop) {
                    break;
                }
            }
            auto rows = m_connection->run(fetch);
            if (rows.empty()) {
                break;
            }
            {
                std::lock_guard lock(m_mutex);
                m_ready.push_back(std::move(rows));
            }
            m_changed.notify_all();
        }
        m_connection->command("COMMIT");
    } catch (...) {
        error = std::current_exception();
    }
    {
        std::lock_guard lock(m_mutex);
        m_error = error;
        m_finished = true;
    }
    m_changed.notify_all();
}

bool PrefetchCursor::next() {
    if (m_done) {
        return false;
    }
    if (++m_at < m_rows.size()) {
        return true;
    }
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return !m_ready.empty() || m_finished; });
    if (!m_ready.empty()) {
        m_rows = std::move(m_ready.front());
        m_ready.pop_front();
        m_at = 0;
        lock.unlock();
        m_changed.notify_all();
        return true;
    }
    m_done = true;
    if (m_error) {
        std::rethrow_exception(m_error);
    }
    return false;
}

} // namespace attest::storage::postgres
