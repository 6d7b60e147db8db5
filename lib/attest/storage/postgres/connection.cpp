#include "connection.hpp"

#include <cstdlib>
#include <libpq-fe.h>
#include <unistd.h>
#include <vector>

namespace attest::storage::postgres {

namespace {

constexpr const char* k_password_hint =
    "put the password in ~/.pgpass (mode 0600) or the file PGPASSFILE names, or set "
    "PGPASSWORD in the environment; see docs/postgresql.md";

// The parsed options of a connection string, freed when destroyed.
struct Options {
    PQconninfoOption* options = nullptr;
    ~Options() { PQconninfoFree(options); }

    std::string get(std::string_view keyword) const {
        for (auto* option = options; option != nullptr && option->keyword != nullptr; ++option) {
            if (keyword == option->keyword && option->val != nullptr) {
                return option->val;
            }
        }
        return {};
    }
};

std::string first_line(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
        text.pop_back();
    }
    if (auto end = text.find('\n'); end != std::string::npos) {
        text.resize(end);
    }
    return text;
}

std::string env(const char* name) {
    const char* value = std::getenv(name);
    return value == nullptr ? std::string{} : value;
}

Target describe(const Options& options) {
    std::string host = options.get("host");
    if (host.empty()) {
        host = options.get("hostaddr");
    }
    if (host.empty()) {
        host = env("PGHOST");
    }
    if (host.empty()) {
        host = "localhost";
    }
    std::string port = options.get("port");
    if (port.empty()) {
        port = env("PGPORT");
    }
    std::string database = options.get("dbname");
    if (database.empty()) {
        database = env("PGDATABASE");
    }
    if (database.empty()) {
        database = options.get("user");
    }
    if (database.empty()) {
        database = env("PGUSER");
    }
    return Target{host + (port.empty() ? "" : ":" + port) + "/" + database};
}

} // namespace

Result<Target> check_conninfo(const std::string& conninfo) {
    Options options;
    char* error = nullptr;
    options.options = PQconninfoParse(conninfo.c_str(), &error);
    if (options.options == nullptr) {
        std::string message = error != nullptr ? first_line(error) : "out of memory";
        PQfreemem(error);
        // libpq quotes the offending option, never a value; a password value cannot appear.
        return fail(ErrorKind::invalid_input, "not a PostgreSQL connection string: " + message,
                    "use postgresql://HOST/DBNAME or \"host=HOST dbname=DBNAME\"");
    }
    if (!options.get("password").empty()) {
        return fail(ErrorKind::invalid_input,
                    "the PostgreSQL connection string holds a password; attest refuses to "
                    "keep one there, where command lines and attest.toml would show it",
                    k_password_hint);
    }
    return describe(options);
}

Result<std::unique_ptr<Connection>> connect(const std::string& conninfo) {
    auto target = check_conninfo(conninfo);
    if (!target) {
        return tl::unexpected(target.error());
    }
    char host[256] = {};
    ::gethostname(host, sizeof host - 1);
    std::string name = "attest process " + std::to_string(::getpid()) + " on " + host;
    // Only the connection string's own options and the application name: libpq reads the
    // password from the environment or the password file itself.
    const char* keywords[] = {"dbname", "application_name", "connect_timeout", nullptr};
    const char* values[] = {conninfo.c_str(), name.c_str(), "10", nullptr};
    PGconn* raw = PQconnectdbParams(keywords, values, 1);
    if (raw == nullptr) {
        return fail(ErrorKind::database,
                    "cannot connect to PostgreSQL at " + target->text + ": out of memory");
    }
    auto connection =
        std::make_unique<Connection>(raw, std::vector<std::string>{env("PGPASSWORD")});
    if (PQstatus(raw) != CONNECTION_OK) {
        std::string message = first_line(PQerrorMessage(raw));
        std::string hint;
        if (PQconnectionNeedsPassword(raw) != 0 || message.find("password") != std::string::npos) {
            hint = std::string("check the user and its password: ") + k_password_hint;
        } else if (message.find("role \"") != std::string::npos &&
                   message.find("does not exist") != std::string::npos) {
            hint = "the server has no such login: check the user in the connection string (or "
                   "PGUSER), or ask its administrator to create it (createuser NAME)";
        } else if (message.find("does not exist") != std::string::npos) {
            hint = "create the database first (createdb DBNAME), or check its name";
        } else {
            hint = "check that the server is running and accepts connections at that host and "
                   "port (pg_isready), and the connection string in attest.toml [storage] url";
        }
        return fail(
            ErrorKind::database,
            connection->scrub("cannot connect to PostgreSQL at " + target->text + ": " + message),
            hint);
    }
    // Messages and dates the same whatever the server's defaults.
    connection->command("SET client_encoding = 'UTF8'");
    connection->command("SET TIME ZONE 'UTC'");
    connection->command("SET client_min_messages = warning");
    return connection;
}

} // namespace attest::storage::postgres
