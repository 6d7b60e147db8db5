#pragma once

#include <memory>
#include <string>

#include <attest/core/error.hpp>
#include <attest/storage/store.hpp>

// The entry point of the attest_postgres module, which open_store loads the first time a
// workspace's database is PostgreSQL, so that SQLite workspaces never load libpq and the
// Kerberos, LDAP and TLS libraries it brings.
extern "C" {

// Opens (creating or migrating the schema) the PostgreSQL database `conninfo` names, into `out`.
void attest_open_postgres_store(const std::string& conninfo,
                                const attest::storage::LockWaitOptions& wait,
                                attest::Result<std::unique_ptr<attest::storage::Store>>& out);
}
