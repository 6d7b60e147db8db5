#pragma once

#include <memory>
#include <string>

#include <attest/core/error.hpp>
#include <attest/storage/copy.hpp>

namespace attest::storage::postgres {

// Copies `source` into the empty PostgreSQL database `conninfo` names (storage/copy.hpp's
// copy_into, for PostgreSQL): the transaction is left open in the result.
Result<std::unique_ptr<PendingCopy>>
copy_into_postgres(const std::string& conninfo, CopySource& source, const CopyProgress& progress);

} // namespace attest::storage::postgres

// The attest_postgres module's entry point for `attest storage migrate`.
extern "C" {

// copy_into_postgres, into `out`.
void attest_copy_into_postgres(const std::string& conninfo, attest::storage::CopySource& source,
                               const attest::storage::CopyProgress& progress,
                               attest::Result<std::unique_ptr<attest::storage::PendingCopy>>& out);
}
