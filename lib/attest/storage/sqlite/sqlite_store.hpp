#pragma once

#include <memory>
#include <string>

#include <attest/storage/store.hpp>

namespace attest::storage::sqlite {

// The embedded SQLite backend: WAL journal, foreign keys, a lock wait (see `LockWaitOptions`)
// so a cron job and an officer can work at once, and migrations keyed on PRAGMA user_version.
// `path` may be ":memory:" for tests.
Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path,
                                                 const LockWaitOptions& wait = {});

// The schema version this build migrates databases to.
int current_schema_version();

} // namespace attest::storage::sqlite
