#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <attest/core/error.hpp>

#include "statement.hpp"

namespace attest::storage::postgres {

// What a connection string names, for messages: "HOST[:PORT]/DBNAME", where HOST is a socket
// folder or "localhost" when none is given and DBNAME the login name when none is given. Never
// holds a password.
struct Target {
    std::string text;
};

// Checks a libpq connection string (a postgresql:// URI or "key=value" pairs): it must parse,
// and must not carry a password (those belong in ~/.pgpass, PGPASSFILE or PGPASSWORD, never
// on a command line or in attest.toml). Returns what it names.
Result<Target> check_conninfo(const std::string& conninfo);

// Connects, names the connection "attest" in pg_stat_activity with this process's id and host,
// and returns it ready for statements. A failure says which server could not be reached and
// what to check, with every password libpq knows of scrubbed from the message.
Result<std::unique_ptr<Connection>> connect(const std::string& conninfo);

} // namespace attest::storage::postgres
