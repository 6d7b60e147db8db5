#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <attest/core/error.hpp>
#include <attest/storage/store.hpp>

namespace attest::storage {

// One value of a row as the source engine keeps it, valid until the next row is shown.
struct CopyValue {
    enum class Type { null, integer, real, text, blob };
    Type type = Type::null;
    std::int64_t integer = 0;
    double real = 0;
    std::string_view bytes;
};

// A table of the database being copied: its columns in table order and how many rows it has.
struct CopyTable {
    std::string name;
    std::vector<std::string> columns;
    std::int64_t rows = 0;
};

// A workspace database read for copying into another engine, table by table, all from one
// snapshot taken when it was opened, so a command writing meanwhile cannot split the copy.
class CopySource {
public:
    virtual ~CopySource() = default;
    // The schema version the source is at; a copy needs the one this build writes.
    virtual int schema_version() = 0;
    // Every table of the schema (not the engine's own), ordered by name.
    virtual std::vector<CopyTable> tables() = 0;
    // Shows each row of `table` to `row`: the values of `columns` in that order, where
    // "rowid" is the engine's own row number (the order rows were written in), rows in rowid
    // or primary-key order.
    virtual void read(const std::string& table, std::span<const std::string> columns,
                      const std::function<void(std::span<const CopyValue>)>& row) = 0;
};

// Rows copied so far of all the source holds, for a progress line.
using CopyProgress = std::function<void(std::int64_t done, std::int64_t total)>;

// One table of a copy: the rows the source holds and the rows the target holds after it.
struct CopyCount {
    std::string table;
    std::int64_t source_rows = 0;
    std::int64_t target_rows = 0;
};

// A copy made inside the target's transaction and not yet visible to anyone else: checks
// read it through `store()`; `commit()` makes it visible at once; destroyed without a commit
// (an error, a failed check, a kill), it leaves the target exactly as it was.
class PendingCopy {
public:
    virtual ~PendingCopy() = default;
    // The target, inside the copy's transaction, noting the rows written through it so a
    // journal entry can record them.
    virtual Store& store() = 0;
    // Each table copied, in the order copied, with both counts.
    virtual const std::vector<CopyCount>& counts() const = 0;
    // What the target is, for messages: "HOST[:PORT]/DBNAME", never a password.
    virtual const std::string& target() const = 0;
    virtual void commit() = 0;
};

// Opens the database `source_url` names (sqlite:PATH, which must exist) for copying, read-only.
Result<std::unique_ptr<CopySource>> open_copy_source(const std::string& source_url);

// True when `url` names a database a workspace can be copied into (a PostgreSQL connection
// string or URI).
bool is_copy_target(const std::string& url);

// Copies every table of `source` into the database `target_url` names, which must be empty
// (no tables at all, or attest's schema without a row): creates the schema, streams each
// table's rows in, and counts what landed, all in one transaction left open in the result.
// Refuses a target that holds rows or another application's tables, and a source at another
// schema version, before anything is written.
Result<std::unique_ptr<PendingCopy>> copy_into(const std::string& target_url, CopySource& source,
                                               const CopyProgress& progress = {});

} // namespace attest::storage
