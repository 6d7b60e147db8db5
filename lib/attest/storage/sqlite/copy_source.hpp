#pragma once

#include <memory>
#include <string>

#include <attest/storage/copy.hpp>

namespace attest::storage::sqlite {

// Opens the SQLite database at `path` read-only for copying into another engine, in one read
// transaction (a snapshot: commands writing meanwhile wait for nothing and change nothing of
// what is read). A missing file is not created: it is an error naming the path.
Result<std::unique_ptr<CopySource>> open_copy_source(const std::string& path);

} // namespace attest::storage::sqlite
