#include <algorithm>
#include <string>
#include <tuple>
#include <utility>

#include <attest/core/sha256.hpp>
#include <attest/storage/refusal.hpp>
#include <attest/storage/sql_text.hpp>
#include <attest/storage/state_merge.hpp>

#include "backend.hpp"
#include "copy_data.hpp"

namespace attest::storage::postgres {

// The rows each journal entry records, as the SQLite backend's state.cpp records them and
// hashed byte for byte the same way, so a journal's hashes are the same on both engines.
//
// Every tracked table carries three statement triggers (installed by install_state_triggers
// after the migrations, with a function of its own) that note the key and content hash of each
// row a statement writes in the session's temporary table attest_changed, when the session has one:
// attest's connections create it before their first transaction, any other client (psql, a script)
// has none, so its writes leave no note and verification finds the rows unrecorded.

namespace {

// Columns the PostgreSQL tables keep and SQLite's do not, left out of a row's hash: the
// order of an audit's sections and of an item's evidence, which SQLite keeps as rowids.
bool engine_only(std::string_view table, std::string_view column) {
    return column == "position" && (table == "audit_scope" || table == "evidence_link");
}

struct Column {
    std::string name;
    // The base type's name: bigint, integer, smallint, boolean, text, bytea, double precision.
    std::string type;
};

// A tracked table: its hashed columns in order and those of its primary key in key order.
struct Table {
    std::string name;
    std::vector<Column> columns;
    std::vector<Column> key;

    // The row's key as text, as SQLite's CAST(x AS TEXT) or quote(a)||','||quote(b) give it.
    std::string key_sql() const {
        auto as_text = [](const Column& column) {
            auto quoted = sql_identifier(column.name);
            return column.type == "boolean" ? quoted + "::integer::text" : quoted + "::text";
        };
        if (key.size() == 1) {
            return as_text(key.front());
        }
        std::string out;
        for (const auto& column : key) {
            auto quoted = sql_identifier(column.name);
            bool text = column.type == "text";
            out +=
                (out.empty() ? "" : " || ',' || ") +
                (text ? "'''' || replace(" + quoted + ", '''', '''''') || ''''" : as_text(column));
        }
        return out;
    }
    // The first 16 bytes of the SHA-256 over the row's columns, each a type letter and its
    // bytes: 'i' and 8 big-endian bytes for a whole number (a boolean is 0 or 1), 'r' and the
    // IEEE 754 bits for a real, 't' or 'b' and an 8-byte length then the bytes for text
    // (UTF-8) or a blob, 'n' for NULL.
    std::string hash_sql() const {
        std::string out = "substring(sha256(";
        for (size_t i = 0; i < columns.size(); ++i) {
            auto quoted = sql_identifier(columns[i].name);
            const auto& type = columns[i].type;
            std::string value;
            if (type == "boolean") {
                value = "'\\x69'::bytea || int8send(" + quoted + "::integer::bigint)";
            } else if (type == "bigint" || type == "integer" || type == "smallint") {
                value = "'\\x69'::bytea || int8send(" + quoted + "::bigint)";
            } else if (type == "double precision" || type == "real") {
                value = "'\\x72'::bytea || float8send(" + quoted + "::double precision)";
            } else if (type == "bytea") {
                value =
                    "'\\x62'::bytea || int8send(octet_length(" + quoted + ")::bigint) || " + quoted;
            } else {
                value = "'\\x74'::bytea || int8send(octet_length(convert_to(" + quoted +
                        ", 'UTF8'))::bigint) || convert_to(" + quoted + ", 'UTF8')";
            }
            out += (i == 0 ? "" : " || ") + ("coalesce(" + value + ", '\\x6e'::bytea)");
        }
        return out + ") from 1 for 16)";
    }
};

// Every table of the schema but the journal, its state, meta and the schema version.
std::vector<Table> tracked_tables(Connection& db) {
    auto rows =
        db.run("SELECT c.relname, a.attname, (CASE WHEN t.typtype = 'd' THEN t.typbasetype "
               "ELSE t.oid END)::regtype::text, coalesce(array_position(i.indkey::int2[], "
               "a.attnum) - array_lower(i.indkey::int2[], 1), -1) "
               "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
               "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT "
               "a.attisdropped JOIN pg_type t ON t.oid = a.atttypid "
               "LEFT JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary "
               "WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname NOT IN "
               "('meta', 'journal', 'journal_state', 'attest_schema') "
               "ORDER BY c.relname COLLATE \"C\", a.attnum");
    std::vector<Table> tables;
    std::vector<std::vector<std::pair<std::int64_t, Column>>> keys;
    for (int i = 0; i < rows.size(); ++i) {
        auto table = rows.view(i, 0);
        if (tables.empty() || tables.back().name != table) {
            tables.push_back({std::string(table), {}, {}});
            keys.emplace_back();
        }
        Column column{rows.text(i, 1), rows.text(i, 2)};
        if (auto position = rows.integer(i, 3); position >= 0) {
            keys.back().emplace_back(position, column);
        }
        if (!engine_only(table, column.name)) {
            tables.back().columns.push_back(std::move(column));
        }
    }
    for (size_t i = 0; i < tables.size(); ++i) {
        std::sort(keys[i].begin(), keys[i].end(),
                  [](const auto& a, const auto& b) { return a.first < b.first; });
        for (auto& [position, column] : keys[i]) {
            tables[i].key.push_back(std::move(column));
        }
        if (tables[i].key.empty()) {
            throw Failure(Error{ErrorKind::database,
                                "table " + tables[i].name +
                                    " has no primary key; the journal "
                                    "cannot record its rows",
                                std::nullopt,
                                {}});
        }
    }
    return tables;
}

void show(Connection& db, std::int64_t sequence, const StateVisitor& visit) {
    const Param params[] = {sequence};
    Cursor rows(db, "attest_state_rows",
                "SELECT tbl, key, encode(hash, 'hex') FROM journal_state WHERE seq = $1::bigint "
                "ORDER BY tbl, key",
                params);
    while (rows.next()) {
        visit(StateRow{sequence, rows.view(0), rows.view(1), rows.view(2)});
    }
}

// The type letter a column's values are hashed with.
char hash_kind(const Column& column) {
    const auto& type = column.type;
    if (type == "boolean" || type == "bigint" || type == "integer" || type == "smallint") {
        return 'i';
    }
    if (type == "double precision" || type == "real") {
        return 'r';
    }
    return type == "bytea" ? 'b' : 't';
}

// The function each tracked table's triggers run, with the table's key and hash as static SQL
// (PL/pgSQL keeps its plans, so a statement pays for no parsing). An update notes the old key
// deleted, then the new row, as SQLite's triggers do; the last note of a key in a transaction
// wins. The transition table a trigger lacks is never reached: the branch reading it does not
// run.
std::string note_function(const std::string& function, const Table& table) {
    auto note = [&](const char* rows, const std::string& hash, const char* update) {
        return "        INSERT INTO pg_temp.attest_changed(tbl, key, hash) SELECT " +
               sql_literal(table.name) + ", " + table.key_sql() + ", " + hash + " FROM " + rows +
               " ON CONFLICT (tbl, key) DO UPDATE SET hash = " + update + ";\n";
    };
    return "CREATE OR REPLACE FUNCTION " + sql_identifier(function) +
           "() RETURNS trigger LANGUAGE plpgsql AS $attest$\n"
           "BEGIN\n"
           "    IF to_regclass('pg_temp.attest_changed') IS NULL OR\n"
           "       current_setting('attest.bulk_state', true) = 'on' THEN\n"
           "        RETURN NULL;\n"
           "    END IF;\n"
           "    IF TG_OP <> 'INSERT' THEN\n" +
           note("old_rows", "NULL::bytea", "NULL") +
           "    END IF;\n"
           "    IF TG_OP <> 'DELETE' THEN\n" +
           note("new_rows", table.hash_sql(), "excluded.hash") +
           "    END IF;\n"
           "    RETURN NULL;\n"
           "END\n"
           "$attest$";
}

} // namespace

void PostgresStore::install_state_triggers() {
    for (const auto& table : tracked_tables(*m_db)) {
        auto function = "attest_note_" + table.name;
        m_db->command(note_function(function, table).c_str());
        auto trigger = [&](const char* event, const char* transitions) {
            return "CREATE OR REPLACE TRIGGER attest_state_" + std::string(event) + " AFTER " +
                   event + " ON " + sql_identifier(table.name) + " REFERENCING " + transitions +
                   " FOR EACH STATEMENT EXECUTE FUNCTION " + sql_identifier(function) + "()";
        };
        m_db->command(trigger("insert", "NEW TABLE AS new_rows").c_str());
        m_db->command(trigger("update", "OLD TABLE AS old_rows NEW TABLE AS new_rows").c_str());
        m_db->command(trigger("delete", "OLD TABLE AS old_rows").c_str());
    }
}

std::optional<BulkLayout> PostgresStore::bulk_layout(const std::string& table,
                                                     std::span<const char* const> columns) {
    auto tables = tracked_tables(*m_db);
    auto found =
        std::find_if(tables.begin(), tables.end(), [&](const Table& t) { return t.name == table; });
    if (!m_capturing || found == tables.end()) {
        return std::nullopt;
    }
    auto place = [&](const Column& column, bool key) -> std::optional<std::pair<size_t, char>> {
        for (size_t i = 0; i < columns.size(); ++i) {
            if (column.name == columns[i]) {
                // A key's text: whole numbers (booleans as 0 or 1) in digits, text quoted
                // when the key has several columns; other types are not written in bulk.
                char kind = hash_kind(column);
                if (key && kind != 'i' && kind != 't') {
                    return std::nullopt;
                }
                return std::pair{i, kind};
            }
        }
        return std::nullopt;
    };
    BulkLayout layout{table, {}, {}};
    for (const auto& column : found->columns) {
        auto at = place(column, false);
        if (!at || at->second == 'r') {
            return std::nullopt;
        }
        layout.hashed.push_back(*at);
    }
    for (const auto& column : found->key) {
        auto at = place(column, true);
        if (!at) {
            return std::nullopt;
        }
        layout.key.push_back(*at);
    }
    return layout;
}

void PostgresStore::bulk_begin() {
    m_db->command("SET LOCAL attest.bulk_state = 'on'");
}

void PostgresStore::bulk_end() {
    m_db->command("SET LOCAL attest.bulk_state = 'off'");
}

void PostgresStore::bulk_note(const BulkLayout& layout, std::span<const BulkValue> values) {
    m_bulk.note(layout, values);
}

void PostgresStore::capture_state() {
    if (m_capturing) {
        return;
    }
    m_db->command("CREATE TEMPORARY TABLE attest_changed (tbl text COLLATE \"C\" NOT NULL, key "
                  "text COLLATE \"C\" NOT NULL, hash bytea, PRIMARY KEY (tbl, key))");
    m_capturing = true;
}

void PostgresStore::record_state(std::int64_t sequence, StateScope scope,
                                 const StateVisitor& visit) {
    if (scope == StateScope::full) {
        // A baseline commits to every row: one who sees only some sites cannot write it.
        if (!sees_everything()) {
            throw Failure(verify_refusal(m_identity));
        }
        for (const auto& table : tracked_tables(*m_db)) {
            m_db->run("INSERT INTO journal_state(seq, tbl, key, hash) SELECT $1::bigint, " +
                          sql_literal(table.name) + ", " + table.key_sql() + ", " +
                          table.hash_sql() + " FROM " + sql_identifier(table.name),
                      {sequence});
        }
        m_db->command("DELETE FROM pg_temp.attest_changed");
        m_bulk.clear();
        show(*m_db, sequence, visit);
        return;
    }
    m_db->run("INSERT INTO journal_state(seq, tbl, key, hash) SELECT $1::bigint, tbl, key, "
              "hash FROM pg_temp.attest_changed",
              {sequence});
    // Rows written in bulk were noted by attest; a trigger's note of the same row came after
    // (the rows were new) and wins. Both in (table, key) order, byte by byte, as "C" orders.
    auto bulk = m_bulk.take();
    if (bulk.empty()) {
        // Shown from the session's own notes, which are what was filed: a writer may not read
        // the journal's state back (only an admin reads it).
        Cursor rows(*m_db, "attest_state_noted",
                    "SELECT tbl, key, encode(hash, 'hex') FROM pg_temp.attest_changed ORDER BY "
                    "tbl, key",
                    {});
        while (rows.next()) {
            visit(StateRow{sequence, rows.view(0), rows.view(1), rows.view(2)});
        }
        m_db->command("DELETE FROM pg_temp.attest_changed");
        return;
    }
    // The triggers' notes read first, so that the bulk rows can stream into the journal's
    // state while the server stores them: each piece is sent as soon as it is full, and the
    // server files one while attest hashes and writes the next.
    auto noted = m_db->run("SELECT tbl, key, encode(hash, 'hex') FROM pg_temp.attest_changed "
                           "ORDER BY tbl, key");
    m_db->command("DELETE FROM pg_temp.attest_changed");
    const std::string columns = "(seq, tbl, key, hash)";
    constexpr size_t k_piece = size_t{1} << 16;
    CopyData filed;
    bool copying = false;
    size_t next = 0;
    char hex[32];
    constexpr const char* k_digits = "0123456789abcdef";
    auto file_bulk_before = [&](std::string_view table, std::string_view key, bool last) {
        for (; next < bulk.size(); ++next) {
            const auto& note = bulk[next];
            int c = last ? -1 : std::string_view(note.table).compare(table);
            if (c == 0) {
                c = std::string_view(note.key).compare(key);
            }
            if (c > 0) {
                return;
            }
            if (c == 0) {
                continue;
            }
            for (size_t i = 0; i < note.hash.size(); ++i) {
                hex[2 * i] = k_digits[note.hash[i] >> 4];
                hex[2 * i + 1] = k_digits[note.hash[i] & 0xf];
            }
            visit(StateRow{sequence, note.table, note.key, std::string_view(hex, sizeof hex)});
            if (!copying) {
                // A writer may append to the journal's state but not read it, nor so copy its
                // shape.
                copy_begin("journal_state", columns,
                           "(seq bigint, tbl text, key text, hash bytea)");
                copying = true;
            }
            filed.row(4);
            filed.int64(sequence);
            filed.text(note.table);
            filed.text(note.key);
            filed.text(std::string_view(reinterpret_cast<const char*>(note.hash.data()),
                                        note.hash.size()));
            if (filed.size() >= k_piece) {
                m_db->copy_put(filed.bytes());
                filed.clear();
            }
        }
    };
    for (int i = 0; i < noted.size(); ++i) {
        file_bulk_before(noted.view(i, 0), noted.view(i, 1), false);
        visit(StateRow{sequence, noted.view(i, 0), noted.view(i, 1), noted.view(i, 2)});
    }
    file_bulk_before({}, {}, true);
    if (copying) {
        m_db->copy_put(filed.finish());
        copy_finish("journal_state", columns);
    }
}

void PostgresStore::recorded_state(const StateVisitor& visit) {
    // Verification needs every row of every site; others' rows would look deleted.
    if (!sees_everything()) {
        throw Failure(verify_refusal(m_identity));
    }
    ReadSnapshot snapshot(*m_db);
    Cursor rows(*m_db, "attest_recorded_state",
                "SELECT seq, tbl, key, encode(hash, 'hex') FROM journal_state "
                "ORDER BY seq, tbl, key",
                {});
    while (rows.next()) {
        visit(StateRow{rows.integer(0), rows.view(1), rows.view(2), rows.view(3)});
    }
}

std::vector<StateMismatch> PostgresStore::state_mismatches(size_t limit) {
    if (!sees_everything()) {
        throw Failure(verify_refusal(m_identity));
    }
    ReadSnapshot snapshot(*m_db);
    // The last recorded state of each row, merged with the tables read in the same order.
    struct Recorded {
        Cursor rows;
        bool next() { return rows.next(); }
        std::string_view table() const { return rows.view(0); }
        std::string_view key() const { return rows.view(1); }
        std::string_view hash() const { return rows.view(2); }
        std::int64_t sequence() const { return rows.integer(3); }
    } recorded{Cursor(*m_db, "attest_recorded_last",
                      "SELECT DISTINCT ON (tbl, key) tbl, key, coalesce(encode(hash, 'hex'), ''), "
                      "seq FROM journal_state ORDER BY tbl, key, seq DESC",
                      {})};
    bool more = recorded.next();
    auto tables = tracked_tables(*m_db);
    std::vector<std::string> names;
    for (const auto& table : tables) {
        names.push_back(table.name);
    }
    auto rows_of = [&](const std::string& name, const auto& visit) {
        const auto& table = *std::find_if(tables.begin(), tables.end(),
                                          [&](const Table& t) { return t.name == name; });
        Cursor rows(*m_db, "attest_table_state",
                    "SELECT k, encode(h, 'hex') FROM (SELECT " + table.key_sql() + " AS k, " +
                        table.hash_sql() + " AS h FROM " + sql_identifier(table.name) +
                        ") r ORDER BY k COLLATE \"C\"",
                    {});
        while (rows.next()) {
            if (!visit(rows.view(0), rows.view(1))) {
                return;
            }
        }
    };
    return merge_state(recorded, more, names, rows_of, limit);
}

} // namespace attest::storage::postgres
