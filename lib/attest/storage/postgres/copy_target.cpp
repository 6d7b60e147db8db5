#include <algorithm>
#include <charconv>
#include <limits>
#include <map>
#include <set>
#include <string>

#include <attest/storage/postgres/copy_module.hpp>
#include <attest/storage/sql_text.hpp>

#include "backend.hpp"
#include "connection.hpp"
#include "copy_data.hpp"

namespace attest::storage::postgres {

// A workspace copied into an empty database: the schema created through the migrations, each
// table streamed in with binary COPY in foreign-key order, and every table counted, all inside
// one transaction that the caller commits after checking the copy. Killed or disconnected
// before that commit, the server rolls everything back: the database is as empty as it was.

namespace {

// Advisory locks: the migrations' (as schema.cpp takes it) and every writer's (lock_wait.cpp).
constexpr const char* k_lock_schema = "SELECT pg_advisory_xact_lock(1635021684, 2)";

// Rows sent to the server per piece of COPY data, and between progress reports.
constexpr size_t k_piece_bytes = size_t{1} << 20;
constexpr std::int64_t k_progress_rows = 20000;

struct TargetColumn {
    std::string name;
    // The base type's name: bigint, integer, boolean, text, bytea, double precision.
    std::string type;
    bool has_default = false;
    bool not_null = false;
};

struct TargetTable {
    std::string name;
    std::vector<TargetColumn> columns;
};

// The tables of the schema as this build creates it, but the schema version's own.
std::vector<TargetTable> target_tables(Connection& db) {
    auto rows = db.run("SELECT c.relname, a.attname, (CASE WHEN t.typtype = 'd' THEN "
                       "t.typbasetype ELSE t.oid END)::regtype::text, a.atthasdef, a.attnotnull "
                       "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                       "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT "
                       "a.attisdropped JOIN pg_type t ON t.oid = a.atttypid "
                       "WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname <> "
                       "'attest_schema' ORDER BY c.relname COLLATE \"C\", a.attnum");
    std::vector<TargetTable> tables;
    for (int i = 0; i < rows.size(); ++i) {
        if (tables.empty() || tables.back().name != rows.view(i, 0)) {
            tables.push_back({rows.text(i, 0), {}});
        }
        tables.back().columns.push_back(
            {rows.text(i, 1), rows.text(i, 2), rows.boolean(i, 3), rows.boolean(i, 4)});
    }
    return tables;
}

// The tables in an order that fills a referenced table before those referencing it.
std::vector<const TargetTable*> fill_order(Connection& db, const std::vector<TargetTable>& tables) {
    auto rows = db.run("SELECT a.relname, b.relname FROM pg_constraint c "
                       "JOIN pg_class a ON a.oid = c.conrelid JOIN pg_class b ON b.oid = "
                       "c.confrelid JOIN pg_namespace n ON n.oid = a.relnamespace "
                       "WHERE c.contype = 'f' AND n.nspname = current_schema()");
    std::multimap<std::string, std::string> needs;
    for (int i = 0; i < rows.size(); ++i) {
        if (rows.view(i, 0) != rows.view(i, 1)) {
            needs.emplace(rows.text(i, 0), rows.text(i, 1));
        }
    }
    std::vector<const TargetTable*> order;
    std::set<std::string> done;
    while (order.size() < tables.size()) {
        const size_t before = order.size();
        for (const auto& table : tables) {
            if (done.count(table.name) != 0) {
                continue;
            }
            auto [from, to] = needs.equal_range(table.name);
            if (std::all_of(from, to, [&](const auto& need) { return done.count(need.second); })) {
                order.push_back(&table);
                done.insert(table.name);
            }
        }
        if (order.size() == before) {
            throw Failure(Error{ErrorKind::database,
                                "the PostgreSQL schema's foreign keys form a cycle; attest "
                                "cannot order the copy",
                                std::nullopt,
                                {}});
        }
    }
    return order;
}

// Why the database is not an empty one to copy into, or empty when it is.
std::string not_empty_reason(Connection& db) {
    auto tables = db.run("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = "
                         "c.relnamespace WHERE n.nspname = current_schema() AND c.relkind IN "
                         "('r', 'v', 'm', 'p', 'f') ORDER BY c.relname COLLATE \"C\"");
    if (tables.empty()) {
        return {};
    }
    bool attest = false;
    for (int i = 0; i < tables.size(); ++i) {
        attest = attest || tables.view(i, 0) == "attest_schema";
    }
    auto place = db.run("SELECT current_database(), current_schema()");
    const std::string where = place.text(0, 0) + " (schema " + place.text(0, 1) + ")";
    if (!attest) {
        std::string names;
        const int shown = std::min(tables.size(), 3);
        for (int i = 0; i < shown; ++i) {
            names += (i == 0 ? "" : ", ") + tables.text(i, 0);
        }
        if (tables.size() > shown) {
            names += " and " + std::to_string(tables.size() - shown) + " more";
        }
        return "the PostgreSQL database " + where +
               " belongs to another application: it holds tables that are not attest's (" + names +
               ")";
    }
    for (int i = 0; i < tables.size(); ++i) {
        const auto name = tables.text(i, 0);
        if (name == "attest_schema") {
            continue;
        }
        auto rows = db.run("SELECT EXISTS (SELECT 1 FROM " + sql_identifier(name) + ")");
        if (rows.boolean(0, 0)) {
            auto entries = db.run("SELECT count(*) FROM journal");
            return "the PostgreSQL database " + where + " already holds an attest workspace (" +
                   std::to_string(entries.integer(0, 0)) + " journal entries; table " + name +
                   " has rows)";
        }
    }
    return {};
}

[[noreturn]] void cannot_copy(const std::string& table, const std::string& column,
                              const std::string& what) {
    throw Failure(Error{ErrorKind::database, "cannot copy " + table + "." + column + ": " + what,
                        std::nullopt,
                        "the two schemas differ; copy with the attest that last wrote the "
                        "workspace"});
}

const char* copy_type_name(CopyValue::Type type) {
    switch (type) {
    case CopyValue::Type::null:
        return "NULL";
    case CopyValue::Type::integer:
        return "a whole number";
    case CopyValue::Type::real:
        return "a real number";
    case CopyValue::Type::text:
        return "text";
    case CopyValue::Type::blob:
        return "a blob";
    }
    return "a value";
}

// One column of the COPY: where its value comes from and what PostgreSQL keeps.
struct CopyField {
    const TargetColumn* target;
    size_t source; // index into the values read
};

void put_value(CopyData& data, const std::string& table, const CopyField& field,
               const CopyValue& value) {
    const auto& type = field.target->type;
    auto mismatch = [&] {
        cannot_copy(table, field.target->name,
                    std::string(copy_type_name(value.type)) + " where PostgreSQL keeps " + type);
    };
    if (value.type == CopyValue::Type::null) {
        data.null();
        return;
    }
    if (type == "bigint") {
        value.type == CopyValue::Type::integer ? data.int64(value.integer) : mismatch();
    } else if (type == "integer") {
        if (value.type != CopyValue::Type::integer ||
            value.integer < std::numeric_limits<std::int32_t>::min() ||
            value.integer > std::numeric_limits<std::int32_t>::max()) {
            mismatch();
        }
        data.int32(static_cast<std::int32_t>(value.integer));
    } else if (type == "boolean") {
        value.type == CopyValue::Type::integer ? data.boolean(value.integer != 0) : mismatch();
    } else if (type == "double precision") {
        if (value.type == CopyValue::Type::real) {
            data.float8(value.real);
        } else if (value.type == CopyValue::Type::integer) {
            data.float8(static_cast<double>(value.integer));
        } else {
            mismatch();
        }
    } else if (type == "text" || type == "bytea") {
        if (value.type == CopyValue::Type::text || value.type == CopyValue::Type::blob) {
            data.text(value.bytes);
        } else if (value.type == CopyValue::Type::integer && type == "text") {
            char digits[24];
            auto end = std::to_chars(digits, digits + sizeof digits, value.integer).ptr;
            data.text(std::string_view(digits, static_cast<size_t>(end - digits)));
        } else {
            mismatch();
        }
    } else {
        cannot_copy(table, field.target->name, "attest does not copy PostgreSQL type " + type);
    }
}

} // namespace

std::vector<CopyCount> PostgresStore::copy_from(CopySource& source, const CopyProgress& progress) {
    m_db->command("BEGIN ISOLATION LEVEL READ COMMITTED");
    m_db->command(k_lock_schema);
    take_writer_lock();
    if (auto reason = not_empty_reason(*m_db); !reason.empty()) {
        throw Failure(Error{ErrorKind::conflict, reason, std::nullopt,
                            "copy into a new, empty database (createdb attest) of its own; "
                            "nothing was changed"});
    }
    migrate(MigrateIn::callers_transaction);

    auto tables = target_tables(*m_db);
    auto from = source.tables();
    std::int64_t total = 0;
    for (const auto& table : from) {
        total += table.rows;
        if (std::none_of(tables.begin(), tables.end(),
                         [&](const TargetTable& t) { return t.name == table.name; })) {
            cannot_copy(table.name, "*", "PostgreSQL's schema has no such table");
        }
    }
    // The state triggers note rows for a journal entry; a copy writes none of its own, and
    // the transition tables they would build for a million rows cost time. Off until the copy
    // ends, inside the transaction, so no other session ever sees them off.
    for (const auto& table : tables) {
        m_db->command(
            ("ALTER TABLE " + sql_identifier(table.name) + " DISABLE TRIGGER USER").c_str());
    }

    std::vector<CopyCount> counts;
    std::int64_t done = 0;
    std::int64_t reported = 0;
    for (const TargetTable* table : fill_order(*m_db, tables)) {
        auto found = std::find_if(from.begin(), from.end(),
                                  [&](const CopyTable& t) { return t.name == table->name; });
        if (found == from.end()) {
            continue;
        }
        const CopyTable& origin = *found;
        // Each PostgreSQL column from the source column of its name; the order SQLite keeps as
        // rowids (an audit's sections, an item's evidence) becomes the `position` column.
        std::vector<std::string> read;
        std::vector<CopyField> fields;
        std::string names;
        for (const auto& column : table->columns) {
            auto in_source = std::find(origin.columns.begin(), origin.columns.end(), column.name);
            std::string take;
            if (in_source != origin.columns.end()) {
                take = column.name;
            } else if (column.name == "position") {
                take = "rowid";
            } else if (column.has_default || !column.not_null) {
                continue;
            } else {
                cannot_copy(table->name, column.name, "the source has no such column");
            }
            fields.push_back({&column, read.size()});
            read.push_back(take);
            names += (names.empty() ? "" : ", ") + sql_identifier(column.name);
        }
        for (const auto& column : origin.columns) {
            if (std::find(read.begin(), read.end(), column) == read.end()) {
                cannot_copy(table->name, column, "PostgreSQL's schema has no such column");
            }
        }
        m_db->copy_start(
            ("COPY " + sql_identifier(table->name) + " (" + names + ") FROM STDIN (FORMAT binary)")
                .c_str());
        CopyData data;
        const auto width = static_cast<std::uint16_t>(fields.size());
        source.read(table->name, read, [&](std::span<const CopyValue> values) {
            data.row(width);
            for (const auto& field : fields) {
                put_value(data, table->name, field, values[field.source]);
            }
            if (data.size() >= k_piece_bytes) {
                m_db->copy_put(data.take());
            }
            if (++done - reported >= k_progress_rows && progress) {
                progress(done, total);
                reported = done;
            }
        });
        m_db->copy_put(data.finish());
        m_db->copy_end();
        auto landed = m_db->run("SELECT count(*) FROM " + sql_identifier(table->name));
        counts.push_back({table->name, origin.rows, landed.integer(0, 0)});
    }
    for (const auto& table : tables) {
        m_db->command(
            ("ALTER TABLE " + sql_identifier(table.name) + " ENABLE TRIGGER USER").c_str());
    }
    if (progress) {
        progress(done, total);
    }
    // Statistics for the planner, so the first report after the copy plans as later ones will.
    m_db->command("ANALYZE");
    capture_state();
    return counts;
}

namespace {

class PostgresPendingCopy final : public PendingCopy {
public:
    PostgresPendingCopy(std::unique_ptr<PostgresStore> store, std::vector<CopyCount> counts,
                        std::string target)
        : m_store(std::move(store)), m_counts(std::move(counts)), m_target(std::move(target)) {}
    ~PostgresPendingCopy() override {
        if (!m_committed) {
            m_store->rollback();
        }
    }
    PostgresPendingCopy(const PostgresPendingCopy&) = delete;
    PostgresPendingCopy& operator=(const PostgresPendingCopy&) = delete;

    Store& store() override { return *m_store; }
    const std::vector<CopyCount>& counts() const override { return m_counts; }
    const std::string& target() const override { return m_target; }
    void commit() override {
        m_store->commit();
        m_committed = true;
    }

private:
    std::unique_ptr<PostgresStore> m_store;
    std::vector<CopyCount> m_counts;
    std::string m_target;
    bool m_committed = false;
};

} // namespace

Result<std::unique_ptr<PendingCopy>>
copy_into_postgres(const std::string& conninfo, CopySource& source, const CopyProgress& progress) {
    auto target = check_conninfo(conninfo);
    if (!target) {
        return tl::unexpected(target.error());
    }
    auto connection = connect(conninfo);
    if (!connection) {
        return tl::unexpected(connection.error());
    }
    auto store =
        std::make_unique<PostgresStore>(std::move(*connection), conninfo, LockWaitOptions{});
    try {
        auto counts = store->copy_from(source, progress);
        return std::unique_ptr<PendingCopy>(std::make_unique<PostgresPendingCopy>(
            std::move(store), std::move(counts), target->text));
    } catch (const Failure& failure) {
        store->rollback();
        return tl::unexpected<Error>(failure.error());
    }
}

} // namespace attest::storage::postgres

extern "C" {

void attest_copy_into_postgres(const std::string& conninfo, attest::storage::CopySource& source,
                               const attest::storage::CopyProgress& progress,
                               attest::Result<std::unique_ptr<attest::storage::PendingCopy>>& out) {
    out = attest::storage::postgres::copy_into_postgres(conninfo, source, progress);
}
}
