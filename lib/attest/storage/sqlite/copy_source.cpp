#include <filesystem>

#include <attest/storage/sql_text.hpp>
#include <attest/storage/sqlite/copy_source.hpp>
#include <attest/storage/sqlite/sqlite_store.hpp>

#include "statement.hpp"

namespace attest::storage::sqlite {

namespace {

class SqliteCopySource final : public CopySource {
public:
    explicit SqliteCopySource(sqlite3* db) : m_db(db) {}
    ~SqliteCopySource() override {
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
        sqlite3_close_v2(m_db);
    }
    SqliteCopySource(const SqliteCopySource&) = delete;
    SqliteCopySource& operator=(const SqliteCopySource&) = delete;

    // Starts the read transaction and reads once, which fixes its snapshot.
    void begin() {
        exec("BEGIN");
        Statement first(m_db, "SELECT count(*) FROM main.sqlite_schema");
        first.step();
    }

    int schema_version() override {
        Statement statement(m_db, "PRAGMA user_version");
        statement.step();
        return static_cast<int>(statement.integer(0));
    }

    std::vector<CopyTable> tables() override {
        std::vector<CopyTable> tables;
        {
            Statement names(m_db, "SELECT name FROM main.sqlite_schema WHERE type = 'table' AND "
                                  "name NOT LIKE 'sqlite%' AND sql NOT LIKE 'CREATE VIRTUAL%' "
                                  "ORDER BY name");
            while (names.step()) {
                tables.push_back({std::string(names.view(0)), {}, 0});
            }
        }
        for (auto& table : tables) {
            Statement columns(m_db, "SELECT name FROM pragma_table_info(?1) ORDER BY cid");
            columns.bind(1, table.name);
            while (columns.step()) {
                table.columns.emplace_back(columns.view(0));
            }
            Statement count(m_db, "SELECT count(*) FROM " + sql_identifier(table.name));
            count.step();
            table.rows = count.integer(0);
        }
        return tables;
    }

    void read(const std::string& table, std::span<const std::string> columns,
              const std::function<void(std::span<const CopyValue>)>& row) override {
        std::string select;
        for (const auto& column : columns) {
            select += (select.empty() ? "" : ", ") +
                      (column == "rowid" ? std::string("rowid") : sql_identifier(column));
        }
        Statement rows(m_db, "SELECT " + select + " FROM " + sql_identifier(table) + " ORDER BY " +
                                 order_of(table));
        std::vector<CopyValue> values(columns.size());
        while (rows.step()) {
            for (size_t i = 0; i < values.size(); ++i) {
                const int at = static_cast<int>(i);
                auto& value = values[i];
                switch (rows.type(at)) {
                case SQLITE_INTEGER:
                    value = {CopyValue::Type::integer, rows.integer(at), 0, {}};
                    break;
                case SQLITE_FLOAT:
                    value = {CopyValue::Type::real, 0, rows.real(at), {}};
                    break;
                case SQLITE_TEXT:
                    value = {CopyValue::Type::text, 0, 0, rows.view(at)};
                    break;
                case SQLITE_BLOB:
                    value = {CopyValue::Type::blob, 0, 0, rows.blob(at)};
                    break;
                default:
                    value = {};
                    break;
                }
            }
            row(values);
        }
    }

private:
    void exec(const char* sql) {
        if (sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
            throw_database(m_db, "cannot read the database to copy");
        }
    }

    // Rowid order for an ordinary table; primary-key order for a WITHOUT ROWID one.
    std::string order_of(const std::string& table) {
        Statement without(m_db, "SELECT wr FROM pragma_table_list(?1) WHERE schema = 'main'");
        without.bind(1, table);
        if (!without.step() || without.integer(0) == 0) {
            return "rowid";
        }
        Statement key(m_db, "SELECT name FROM pragma_table_info(?1) WHERE pk > 0 ORDER BY pk");
        key.bind(1, table);
        std::string order;
        while (key.step()) {
            order += (order.empty() ? "" : ", ") + sql_identifier(std::string(key.view(0)));
        }
        return order;
    }

    sqlite3* m_db;
};

} // namespace

Result<std::unique_ptr<CopySource>> open_copy_source(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        return fail(ErrorKind::not_found, "there is no SQLite database at " + path,
                    "run attest storage migrate in the workspace that holds attest.db");
    }
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) !=
        SQLITE_OK) {
        std::string message = "cannot open database " + path + ": " +
                              (db != nullptr ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_close_v2(db);
        return fail(ErrorKind::database, message);
    }
    auto source = std::make_unique<SqliteCopySource>(db);
    try {
        sqlite3_busy_timeout(db, 10000);
        source->begin();
        if (int version = source->schema_version(); version != current_schema_version()) {
            return fail(ErrorKind::conflict,
                        path + " has schema version " + std::to_string(version) +
                            "; this attest copies version " +
                            std::to_string(current_schema_version()),
                        version < current_schema_version()
                            ? "run any attest command in the workspace first (it upgrades the "
                              "database), then copy it"
                            : "copy it with the newer attest that upgraded it");
        }
    } catch (const Failure& failure) {
        return tl::unexpected(failure.error());
    }
    return std::unique_ptr<CopySource>(std::move(source));
}

} // namespace attest::storage::sqlite
