#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <attest/storage/store.hpp>

namespace attest::storage::sqlite {

// How the SQLite backend reads; the defaults suit every workspace, tests change them to take
// both paths on small data.
struct Tuning {
    // A roster of at least this many staff is read on two threads, each on its own connection
    // to the same snapshot, in ranges of staff ids; a smaller one in one pass.
    std::int64_t split_staff = 20000;
};

// The embedded SQLite backend: WAL journal, foreign keys, a lock wait (see `LockWaitOptions`)
// so a cron job and an officer can work at once, and migrations keyed on PRAGMA user_version.
// `path` may be ":memory:" for tests.
Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path,
                                                 const LockWaitOptions& wait = {},
                                                 const Tuning& tuning = {});

// The schema version this build migrates databases to.
int current_schema_version();

} // namespace attest::storage::sqlite
