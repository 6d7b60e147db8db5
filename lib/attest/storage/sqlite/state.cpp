#include <algorithm>
#include <cstring>
#include <string>

#include <attest/core/sha256.hpp>

#include "backend.hpp"
#include "state.hpp"

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

std::string identifier(std::string_view name) {
    std::string out = "\"";
    for (char c : name) {
        out += c;
        if (c == '"') {
            out += '"';
        }
    }
    return out + "\"";
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
            return "CAST(" + row + identifier(key.front()) + " AS TEXT)";
        }
        std::string out;
        for (const auto& column : key) {
            out += (out.empty() ? "" : "||','||") + ("quote(" + row + identifier(column) + ")");
        }
        return out;
    }
    std::string hash_sql(const std::string& row) const {
        std::string out = "attest_row_hash(";
        for (size_t i = 0; i < columns.size(); ++i) {
            out += (i == 0 ? "" : ", ") + row + identifier(columns[i]);
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

std::string sql_text(std::string_view text) {
    std::string out = "'";
    for (char c : text) {
        out += c;
        if (c == '\'') {
            out += '\'';
        }
    }
    return out + "'";
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
                   sql_text(table.name) + ", " + table.key_sql(row) + ", " +
                   (deleted ? "NULL" : table.hash_sql(row)) + ");";
        };
        auto trigger = [&](const char* event, const std::string& body) {
            return "CREATE TEMP TRIGGER IF NOT EXISTS " +
                   identifier("attest_state_" + table.name + "_" + event) + " AFTER " + event +
                   " ON " + identifier(table.name) + " BEGIN " + body + " END;\n";
        };
        sql += trigger("insert", note("NEW.", false));
        sql += trigger("update", note("OLD.", true) + note("NEW.", false));
        sql += trigger("delete", note("OLD.", true));
    }
    run_sql(db, sql);
}

} // namespace

void SqliteStore::capture_state() {
    if (register_row_hash(m_db) != SQLITE_OK) {
        throw_database(m_db, "cannot register the row hash");
    }
    capture_changes(m_db);
}

void SqliteStore::record_state(std::int64_t sequence, StateScope scope,
                               const StateVisitor& visit) {
    sqlite3* db = m_db;
    if (scope == StateScope::full) {
        for (const auto& table : tracked_tables(db)) {
            Statement copy(db, "INSERT INTO journal_state(seq, tbl, key, hash) SELECT ?1, " +
                               sql_text(table.name) + ", " + table.key_sql("") + ", " +
                               table.hash_sql("") + " FROM main." + identifier(table.name));
            copy.bind(1, sequence).run();
        }
    } else {
        Statement copy(db, "INSERT INTO journal_state(seq, tbl, key, hash) SELECT ?1, tbl, key, hash "
                       "FROM temp.attest_changed");
        copy.bind(1, sequence).run();
    }
    run_sql(db, "DELETE FROM temp.attest_changed");
    Statement rows(db, "SELECT tbl, key, hash FROM journal_state WHERE seq = ?1 ORDER BY tbl, key");
    rows.bind(1, sequence);
    show(rows, sequence, visit);
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
    std::vector<StateMismatch> out;
    // The last recorded state of each row, merged with the tables read in the same order.
    Statement recorded(db, "SELECT tbl, key, hash, max(seq) FROM journal_state GROUP BY tbl, key "
                       "ORDER BY tbl, key");
    bool more = recorded.step();
    auto add = [&](std::string_view table, std::string_view key, std::int64_t sequence,
                   std::string recorded_hash, std::string actual) {
        if (out.size() < limit) {
            out.push_back({std::string(table), std::string(key), sequence, std::move(recorded_hash),
                           std::move(actual)});
        }
    };
    // Recorded rows before (`table`, `key`) are gone: all of them when `table` is null, the
    // rest of the table when `key` is.
    auto drain = [&](const std::string* table, const std::string* key) {
        while (more) {
            auto at_table = recorded.view(0);
            if (table != nullptr) {
                int c = at_table.compare(*table);
                if (c > 0 || (c == 0 && key != nullptr && recorded.view(1) >= *key)) {
                    return;
                }
            }
            if (!recorded.blob(2).empty()) {
                add(at_table, recorded.view(1), recorded.integer(3), to_hex(recorded.blob(2)), "");
            }
            more = recorded.step();
        }
    };
    for (const auto& table : tracked_tables(db)) {
        Statement rows(db, "SELECT " + table.key_sql("") + " AS k, " + table.hash_sql("") +
                           " FROM main." + identifier(table.name) + " ORDER BY k");
        std::string previous;
        bool first = true;
        while (rows.step()) {
            std::string key(rows.view(0));
            std::string actual = to_hex(rows.blob(1));
            drain(&table.name, &key);
            bool duplicate = !first && key == previous;
            first = false;
            previous = key;
            if (!duplicate && more && recorded.view(0) == table.name && recorded.view(1) == key) {
                std::string expected = to_hex(recorded.blob(2));
                if (expected != actual) {
                    add(table.name, key, recorded.integer(3), expected, actual);
                }
                more = recorded.step();
            } else {
                add(table.name, key, 0, "", actual);
            }
        }
        drain(&table.name, nullptr);
        if (out.size() >= limit) {
            break;
        }
    }
    if (out.size() < limit) {
        drain(nullptr, nullptr);
    }
    return out;
}

} // namespace attest::storage::sqlite
