#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <attest/storage/store.hpp>

namespace attest::storage::postgres {

// True when `url` names a PostgreSQL database: a postgresql:// or postgres:// URI, or libpq
// "key=value" pairs such as "host=db.example.org dbname=attest".
bool is_postgres_url(std::string_view url);

// The PostgreSQL backend on the database `conninfo` names (any libpq connection string without
// a password: libpq finds it in ~/.pgpass, PGPASSFILE or PGPASSWORD). Creates or migrates the
// schema, and refuses a database that holds other tables or a newer schema. Writers take one
// lock for their whole transaction, as SQLite's single writer does, waiting as `wait` says.
Result<std::unique_ptr<Store>> open_postgres_store(const std::string& conninfo,
                                                   const LockWaitOptions& wait = {});

// The schema version this build migrates PostgreSQL databases to.
int current_schema_version();

} // namespace attest::storage::postgres
