#include "state.hpp"

#include <algorithm>
#include <cstring>
#include <string>

#include <attest/core/sha256.hpp>
#include <attest/storage/sql_text.hpp>
#include <attest/storage/state_merge.hpp>

#include "backend.hpp"

namespace attest::storage::sqlite {

namespace {

// Bytes of SHA-256 kept per row: 128 bits, beyond reach of a second preimage, half the space.
constexpr int k_row_hash_size = 16;

void run_sql(sqlite3* db, const std::string& sql) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        sqlite3_free(message);
        throw_database(db, "cannot record the journal's state");
    }
}

// A tracked table: its columns in order and those of its primary key in key order.
struct Table {
    std::string name;
    std::vector<std::string> columns;
    std::vector<std::string> key;

    // The row's key as text, its columns read through `row` ("NEW.", "OLD." or "").
    std::string key_sql(const std::string& row) const {
        if (key.empty()) {
            return "CAST(" + row + "rowid AS TEXT)";
        }
        if (key.size() == 1) {
            return "CAST(" + row + sql_identifier(key.front()) + " AS TEXT)";
        }
        std::string out;
        for (const auto& column : key) {
            out += (out.empty() ? "" : "||','||") + ("quote(" + row + sql_identifier(column) + ")");
        }
        return out;
    }
    std::string hash_sql(const std::string& row) const {
        std::string out = "attest_row_hash(";
        for (size_t i = 0; i < columns.size(); ++i) {
            out += (i == 0 ? "" : ", ") + row + sql_identifier(columns[i]);
        }
        return out + ")";
    }
};

// Every table but the journal, its state and meta, by name.
std::vector<Table> tracked_tables(sqlite3* db) {
    std::vector<Table> tables;
    {
        Statement names(db, "SELECT name FROM main.sqlite_schema WHERE type = 'table' AND name NOT "
                            "IN ('meta', 'journal', 'journal_state') AND name NOT LIKE 'sqlite%' "
                            "AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name");
        while (names.step()) {
            tables.push_back({std::string(names.view(0)), {}, {}});
        }
    }
    for (auto& table : tables) {
        Statement columns(db, "SELECT name, pk FROM pragma_table_info(?1) ORDER BY cid");
        columns.bind(1, table.name);
        std::vector<std::pair<std::int64_t, std::string>> key;
        while (columns.step()) {
            table.columns.emplace_back(columns.view(0));
            if (columns.integer(1) > 0) {
                key.emplace_back(columns.integer(1), columns.view(0));
            }
        }
        std::sort(key.begin(), key.end());
        for (auto& [position, column] : key) {
            table.key.push_back(std::move(column));
        }
    }
    return tables;
}

void hash_row(sqlite3_context* context, int count, sqlite3_value** values) {
    auto* hash = static_cast<Sha256*>(sqlite3_user_data(context));
    auto length = [&](std::uint64_t n) {
        unsigned char bytes[8];
        for (int i = 7; i >= 0; --i) {
            bytes[i] = static_cast<unsigned char>(n & 0xff);
            n >>= 8;
        }
        hash->update(bytes, sizeof bytes);
    };
    for (int i = 0; i < count; ++i) {
        sqlite3_value* value = values[i];
        switch (sqlite3_value_type(value)) {
        case SQLITE_INTEGER:
            hash->update("i");
            length(static_cast<std::uint64_t>(sqlite3_value_int64(value)));
            break;
        case SQLITE_FLOAT: {
            double number = sqlite3_value_double(value);
            std::uint64_t bits = 0;
            std::memcpy(&bits, &number, sizeof bits);
            hash->update("r");
            length(bits);
            break;
        }
        case SQLITE_NULL:
            hash->update("n");
            break;
        case SQLITE_BLOB:
        case SQLITE_TEXT:
        default: {
            bool text = sqlite3_value_type(value) == SQLITE_TEXT;
            const void* data = text ? static_cast<const void*>(sqlite3_value_text(value))
                                    : sqlite3_value_blob(value);
            auto size = static_cast<std::uint64_t>(sqlite3_value_bytes(value));
            hash->update(text ? "t" : "b");
            length(size);
            hash->update(data, size);
            break;
        }
        }
    }
    auto digest = hash->finish();
    sqlite3_result_blob(context, digest.data(), k_row_hash_size, SQLITE_TRANSIENT);
}

void show(Statement& rows, std::int64_t sequence, const StateVisitor& visit) {
    std::string hash;
    while (rows.step()) {
        hash = to_hex(rows.blob(2));
        visit(StateRow{sequence, rows.view(0), rows.view(1), hash});
    }
}

int register_row_hash(sqlite3* db) {
    return sqlite3_create_function_v2(db, "attest_row_hash", -1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                      new Sha256, hash_row, nullptr, nullptr,
                                      [](void* hash) { delete static_cast<Sha256*>(hash); });
}

void capture_changes(sqlite3* db) {
    std::string sql = "CREATE TEMP TABLE IF NOT EXISTS attest_changed (tbl TEXT NOT NULL, key "
                      "TEXT NOT NULL, hash BLOB, PRIMARY KEY (tbl, key)) WITHOUT ROWID;\n";
    for (const auto& table : tracked_tables(db)) {
        auto note = [&](const std::string& row, bool deleted) {
            return "INSERT OR REPLACE INTO attest_changed(tbl, key, hash) VALUES (" +
                   sql_literal(table.name) + ", " + table.key_sql(row) + ", " +
                   (deleted ? "NULL" : table.hash_sql(row)) + ");";
        };
        auto trigger = [&](const char* event, const std::string& body, const char* when) {
            return "CREATE TEMP TRIGGER IF NOT EXISTS " +
                   sql_identifier("attest_state_" + table.name + "_" + event) + " AFTER " + event +
                   " ON " + sql_identifier(table.name) + when + " BEGIN " + body + " END;\n";
        };
        // A bulk insert notes its rows itself (SqliteStore::bulk_layout).
        sql += trigger("insert", note("NEW.", false), " WHEN NOT attest_bulk_state()");
        sql += trigger("update", note("OLD.", true) + note("NEW.", false), "");
        sql += trigger("delete", note("OLD.", true), "");
    }
    run_sql(db, sql);
}

} // namespace

void SqliteStore::capture_state() {
    if (register_row_hash(m_db) != SQLITE_OK) {
        throw_database(m_db, "cannot register the row hash");
    }
    auto bulk_state = [](sqlite3_context* context, int, sqlite3_value**) {
        sqlite3_result_int(context, *static_cast<const bool*>(sqlite3_user_data(context)) ? 1 : 0);
    };
    if (sqlite3_create_function_v2(m_db, "attest_bulk_state", 0, SQLITE_UTF8, &m_bulk_state,
                                   bulk_state, nullptr, nullptr, nullptr) != SQLITE_OK) {
        throw_database(m_db, "cannot register the bulk state");
    }
    capture_changes(m_db);
    m_capturing = true;
}

std::optional<BulkLayout> SqliteStore::bulk_layout(const std::string& table,
                                                   std::span<const char* const> columns,
                                                   std::string_view kinds) {
    if (!m_capturing) {
        return std::nullopt;
    }
    auto tables = tracked_tables(m_db);
    auto found =
        std::find_if(tables.begin(), tables.end(), [&](const Table& t) { return t.name == table; });
    if (found == tables.end()) {
        return std::nullopt;
    }
    auto place = [&](const std::string& column) -> std::optional<std::pair<size_t, char>> {
        for (size_t i = 0; i < columns.size(); ++i) {
            if (column == columns[i]) {
                return std::pair{i, kinds[i]};
            }
        }
        return std::nullopt;
    };
    BulkLayout layout{table, {}, {}};
    for (const auto& column : found->columns) {
        auto at = place(column);
        if (!at) {
            return std::nullopt;
        }
        layout.hashed.push_back(*at);
    }
    if (found->key.empty()) {
        return std::nullopt;
    }
    for (const auto& column : found->key) {
        auto at = place(column);
        if (!at) {
            return std::nullopt;
        }
        layout.key.push_back(*at);
    }
    return layout;
}

void SqliteStore::record_state(std::int64_t sequence, StateScope scope, const StateVisitor& visit) {
    sqlite3* db = m_db;
    if (scope == StateScope::full) {
        for (const auto& table : tracked_tables(db)) {
            Statement copy(db, "INSERT INTO journal_state(seq, tbl, key, hash) SELECT ?1, " +
                                   sql_literal(table.name) + ", " + table.key_sql("") + ", " +
                                   table.hash_sql("") + " FROM main." + sql_identifier(table.name));
            copy.bind(1, sequence).run();
        }
        m_bulk.clear();
    } else if (m_bulk.empty()) {
        Statement copy(db,
                       "INSERT INTO journal_state(seq, tbl, key, hash) SELECT ?1, tbl, key, hash "
                       "FROM temp.attest_changed");
        copy.bind(1, sequence).run();
    } else {
        file_with_bulk(sequence, visit);
        return;
    }
    run_sql(db, "DELETE FROM temp.attest_changed");
    Statement rows(db, "SELECT tbl, key, hash FROM journal_state WHERE seq = ?1 ORDER BY tbl, key");
    rows.bind(1, sequence);
    show(rows, sequence, visit);
}

void SqliteStore::file_with_bulk(std::int64_t sequence, const StateVisitor& visit) {
    // The triggers' notes and the bulk notes, both in (table, key) order, filed and shown
    // together; a trigger's note of a row noted in bulk came after it and wins.
    auto bulk = m_bulk.take();
    Statement noted(m_db, "SELECT tbl, key, hash FROM temp.attest_changed ORDER BY tbl, key");
    Statement file(m_db, "INSERT INTO journal_state(seq, tbl, key, hash) VALUES (?1, ?2, ?3, ?4)");
    std::string hex;
    auto put = [&](std::string_view table, std::string_view key, std::string_view hash) {
        file.reset();
        file.bind(1, sequence).bind_view(2, table).bind_view(3, key).bind_blob_view(4, hash);
        file.run();
        hex = to_hex(hash);
        visit(StateRow{sequence, table, key, hex});
    };
    auto bytes = [](const BulkNote& note) {
        return std::string_view(reinterpret_cast<const char*>(note.hash.data()), note.hash.size());
    };
    size_t next = 0;
    while (noted.step()) {
        const auto table = noted.view(0);
        const auto key = noted.view(1);
        const auto at = std::pair{table, key};
        for (; next < bulk.size() &&
               std::pair{std::string_view(bulk[next].table), std::string_view(bulk[next].key)} < at;
             ++next) {
            put(bulk[next].table, bulk[next].key, bytes(bulk[next]));
        }
        if (next < bulk.size() && bulk[next].table == table && bulk[next].key == key) {
            ++next;
        }
        put(table, key, noted.blob(2));
    }
    for (; next < bulk.size(); ++next) {
        put(bulk[next].table, bulk[next].key, bytes(bulk[next]));
    }
    run_sql(m_db, "DELETE FROM temp.attest_changed");
}

void SqliteStore::recorded_state(const StateVisitor& visit) {
    sqlite3* db = m_db;
    Statement rows(db, "SELECT seq, tbl, key, hash FROM journal_state ORDER BY seq, tbl, key");
    std::string hash;
    while (rows.step()) {
        hash = to_hex(rows.blob(3));
        visit(StateRow{rows.integer(0), rows.view(1), rows.view(2), hash});
    }
}

std::vector<StateMismatch> SqliteStore::state_mismatches(size_t limit) {
    sqlite3* db = m_db;
    // The last recorded state of each row, merged with the tables read in the same order.
    struct Recorded {
        Statement rows;
        std::string hex;
        bool next() {
            bool more = rows.step();
            hex = more ? to_hex(rows.blob(2)) : std::string();
            return more;
        }
        std::string_view table() const { return rows.view(0); }
        std::string_view key() const { return rows.view(1); }
        std::string_view hash() const { return hex; }
        std::int64_t sequence() const { return rows.integer(3); }
    } recorded{Statement(db, "SELECT tbl, key, hash, max(seq) FROM journal_state GROUP BY tbl, "
                             "key ORDER BY tbl, key"),
               {}};
    bool more = recorded.next();
    auto tables = tracked_tables(db);
    std::vector<std::string> names;
    for (const auto& table : tables) {
        names.push_back(table.name);
    }
    auto rows_of = [&](const std::string& name, const auto& visit) {
        const auto& table = *std::find_if(tables.begin(), tables.end(),
                                          [&](const Table& t) { return t.name == name; });
        Statement rows(db, "SELECT " + table.key_sql("") + " AS k, " + table.hash_sql("") +
                               " FROM main." + sql_identifier(table.name) + " ORDER BY k");
        std::string actual;
        while (rows.step()) {
            actual = to_hex(rows.blob(1));
            if (!visit(rows.view(0), std::string_view(actual))) {
                return;
            }
        }
    };
    return merge_state(recorded, more, names, rows_of, limit);
}

} // namespace attest::storage::sqlite
