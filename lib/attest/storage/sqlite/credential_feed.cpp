#include "credential_feed.hpp"

#include <new>
#include <string_view>

namespace attest::storage::sqlite {

namespace {

enum Column {
    staff_id,
    type,
    id,
    number,
    issuer,
    issued,
    expires,
    verified_by,
    verified_at,
    note,
    batch,
    current,
};

struct Table : sqlite3_vtab {
    const CredentialFeed* const* source = nullptr;
};

struct Cursor : sqlite3_vtab_cursor {
    const CredentialFeed* feed = nullptr;
    size_t at = 0;
};

int connect(sqlite3* db, void* source, int, const char* const*, sqlite3_vtab** out, char**) {
    int rc = sqlite3_declare_vtab(db, "CREATE TABLE x(staff_id, type, id, number, issuer, "
                                      "issued, expires, verified_by, verified_at, note, batch, "
                                      "current)");
    if (rc != SQLITE_OK) {
        return rc;
    }
    auto* table = new (std::nothrow) Table{};
    if (table == nullptr) {
        return SQLITE_NOMEM;
    }
    table->source = static_cast<const CredentialFeed* const*>(source);
    *out = table;
    return SQLITE_OK;
}

int disconnect(sqlite3_vtab* table) {
    delete static_cast<Table*>(table);
    return SQLITE_OK;
}

int best_index(sqlite3_vtab*, sqlite3_index_info* info) {
    // Only ever read whole, in order.
    info->estimatedCost = 1e6;
    return SQLITE_OK;
}

int open_cursor(sqlite3_vtab* table, sqlite3_vtab_cursor** out) {
    auto* cursor = new (std::nothrow) Cursor{};
    if (cursor == nullptr) {
        return SQLITE_NOMEM;
    }
    cursor->feed = *static_cast<Table*>(table)->source;
    *out = cursor;
    return SQLITE_OK;
}

int close_cursor(sqlite3_vtab_cursor* cursor) {
    delete static_cast<Cursor*>(cursor);
    return SQLITE_OK;
}

int filter(sqlite3_vtab_cursor* cursor, int, const char*, int, sqlite3_value**) {
    static_cast<Cursor*>(cursor)->at = 0;
    return SQLITE_OK;
}

int next(sqlite3_vtab_cursor* cursor) {
    ++static_cast<Cursor*>(cursor)->at;
    return SQLITE_OK;
}

int eof(sqlite3_vtab_cursor* base) {
    auto* cursor = static_cast<Cursor*>(base);
    return cursor->feed == nullptr || cursor->at >= cursor->feed->order.size() ? 1 : 0;
}

int column(sqlite3_vtab_cursor* base, sqlite3_context* context, int n) {
    auto* cursor = static_cast<Cursor*>(base);
    const auto& feed = *cursor->feed;
    const auto position = feed.order[cursor->at];
    const auto& row = feed.rows[position];
    // The rows outlive the statement reading them, so SQLite need not copy the text.
    auto text = [&](std::string_view value) {
        sqlite3_result_text(context, value.empty() ? "" : value.data(),
                            static_cast<int>(value.size()), SQLITE_STATIC);
    };
    switch (static_cast<Column>(n)) {
    case staff_id:
        text(row.staff_id);
        break;
    case type:
        text(row.type);
        break;
    case id:
        sqlite3_result_int64(context, feed.first_id + position);
        break;
    case number:
        text(row.number);
        break;
    case issuer:
        text(row.issuer);
        break;
    case issued:
        text(row.issued);
        break;
    case expires:
        text(row.expires);
        break;
    case verified_by:
        text(row.verified_by);
        break;
    case verified_at:
        text(row.verified_at);
        break;
    case note:
        text(row.note);
        break;
    case batch:
        sqlite3_result_int64(context, feed.batch);
        break;
    case current:
        sqlite3_result_int(context, feed.current[cursor->at]);
        break;
    }
    return SQLITE_OK;
}

int rowid(sqlite3_vtab_cursor* cursor, sqlite3_int64* out) {
    *out = static_cast<sqlite3_int64>(static_cast<Cursor*>(cursor)->at);
    return SQLITE_OK;
}

const sqlite3_module& module() {
    static const sqlite3_module instance = [] {
        sqlite3_module m{};
        // No xCreate: the table exists on every connection under the module's name only.
        m.xConnect = connect;
        m.xBestIndex = best_index;
        m.xDisconnect = disconnect;
        m.xOpen = open_cursor;
        m.xClose = close_cursor;
        m.xFilter = filter;
        m.xNext = next;
        m.xEof = eof;
        m.xColumn = column;
        m.xRowid = rowid;
        return m;
    }();
    return instance;
}

} // namespace

int register_credential_feed(sqlite3* db, const CredentialFeed* const* source) {
    return sqlite3_create_module_v2(db, "attest_credential_feed", &module(),
                                    const_cast<CredentialFeed**>(source), nullptr);
}

} // namespace attest::storage::sqlite
