#include <algorithm>
#include <array>
#include <exception>
#include <thread>
#include <tuple>
#include <utility>

#include "backend.hpp"
#include "credential_feed.hpp"

namespace attest::storage::sqlite {

namespace {

// A batch this large notes its rows for the journal itself (add_credentials); a smaller one
// leaves them to the insert trigger.
constexpr size_t k_bulk_note_rows = 1000;

constexpr const char* k_credential_columns =
    "c.id, c.staff_id, c.type, c.number, c.issuer, c.issued, c.expires, c.verified_by, "
    "c.verified_at, c.note, b.recorded_by, b.recorded_at, c.current";

CredentialRecord read_credential(const Statement& s, int at) {
    CredentialRecord r;
    r.id = s.integer(at++);
    std::string* fields[] = {&r.staff_id, &r.type,        &r.number,      &r.issuer,
                             &r.issued,   &r.expires,     &r.verified_by, &r.verified_at,
                             &r.note,     &r.recorded_by, &r.recorded_at};
    for (auto* field : fields) {
        *field = s.text(at++);
    }
    r.current = s.integer(at) != 0;
    return r;
}

} // namespace

std::vector<std::optional<Holding>>
SqliteStore::current_holdings(std::span<const CredentialRow> rows,
                              std::span<const std::uint32_t> order) {
    std::vector<std::optional<Holding>> out;
    // One lookup each for a small batch, one ordered pass over the current credentials for a
    // large one.
    const bool large = rows.size() >= 10000;
    Statement lookup(m_db, "SELECT id, expires FROM credential WHERE staff_id = ?1 AND "
                           "type = ?2 AND current = 1");
    Statement scan(m_db, "SELECT staff_id, type, id, expires FROM credential WHERE current = "
                         "1 ORDER BY staff_id, type");
    bool scanning = large && scan.step();
    auto current_of = [&](std::string_view staff_id,
                          std::string_view type) -> std::optional<Holding> {
        if (!large) {
            lookup.reset();
            lookup.bind_view(1, staff_id).bind_view(2, type);
            if (lookup.step()) {
                return Holding{lookup.integer(0), lookup.text(1)};
            }
            return std::nullopt;
        }
        while (scanning) {
            auto at_staff = scan.view(0);
            auto at_type = scan.view(1);
            int c = at_staff.compare(staff_id);
            if (c == 0) {
                c = at_type.compare(type);
            }
            if (c > 0) {
                break;
            }
            if (c == 0) {
                return Holding{scan.integer(2), scan.text(3)};
            }
            scanning = scan.step();
        }
        return std::nullopt;
    };
    for (size_t group = 0; group < order.size();) {
        const auto& head = rows[order[group]];
        size_t end = group + 1;
        while (end < order.size() && rows[order[end]].staff_id == head.staff_id &&
               rows[order[end]].type == head.type) {
            ++end;
        }
        out.push_back(current_of(head.staff_id, head.type));
        group = end;
    }
    return out;
}

std::int64_t SqliteStore::add_credentials(const CredentialBatch& batch,
                                          std::span<const CredentialRow> rows,
                                          std::span<const std::uint32_t> order,
                                          std::span<const char> current,
                                          std::span<const Superseded> superseded) {
    if (rows.empty()) {
        return 0;
    }
    Statement add_batch(m_db, "INSERT INTO credential_batch(recorded_by, recorded_at, source) "
                              "VALUES (?1, ?2, ?3)");
    add_batch.bind(1, batch.recorded_by).bind(2, batch.recorded_at).bind(3, batch.source).run();
    const std::int64_t batch_id = sqlite3_last_insert_rowid(m_db);
    const std::int64_t first_id = [&] {
        Statement last(m_db, "SELECT coalesce(max(id), 0) FROM credential");
        last.step();
        return last.integer(0) + 1;
    }();
    Statement supersede(m_db, "UPDATE credential SET current = 0 WHERE staff_id = ?1 AND "
                              "type = ?2 AND id = ?3");
    for (const auto& old : superseded) {
        supersede.reset();
        supersede.bind_view(1, old.staff_id).bind_view(2, old.type).bind(3, old.id);
        supersede.run();
    }
    // One statement for the whole batch, reading it through the feed table in the order given
    // (clustered order: person, type, id), so a large import appends to the table instead of
    // splitting pages all over it.
    CredentialFeed feed{rows, order, current, first_id, batch_id};
    m_feed = &feed;
    struct Unset {
        const CredentialFeed*& feed;
        ~Unset() { feed = nullptr; }
    } unset{m_feed};
    Statement insert(m_db, "INSERT INTO credential(staff_id, type, id, number, issuer, issued, "
                           "expires, verified_by, verified_at, note, batch, current) SELECT "
                           "staff_id, type, id, number, issuer, issued, expires, verified_by, "
                           "verified_at, note, batch, current FROM attest_credential_feed");
    // A large batch's rows are noted for the journal on a second thread while SQLite stores
    // them (the feed's values, hashed as the insert trigger would), the trigger off meanwhile.
    static constexpr const char* k_names[] = {"staff_id",    "type",   "id",      "number",
                                              "issuer",      "issued", "expires", "verified_by",
                                              "verified_at", "note",   "batch",   "current"};
    auto layout = rows.size() >= k_bulk_note_rows
                      ? bulk_layout("credential", k_names, "ttitttttttii")
                      : std::nullopt;
    if (!layout) {
        insert.run();
        return first_id;
    }
    BulkNotes notes;
    std::exception_ptr noting_failed;
    std::thread noting([&] {
        try {
            std::array<BulkValue, std::size(k_names)> values;
            for (size_t i = 0; i < order.size(); ++i) {
                const auto& row = rows[order[i]];
                values = {
                    row.staff_id, row.type,        first_id + static_cast<std::int64_t>(order[i]),
                    row.number,   row.issuer,      row.issued,
                    row.expires,  row.verified_by, row.verified_at,
                    row.note,     batch_id,        std::int64_t{current[i] != 0}};
                notes.note(*layout, values);
            }
        } catch (...) {
            noting_failed = std::current_exception();
        }
    });
    struct Bulk {
        bool& state;
        std::thread& noting;
        ~Bulk() {
            state = false;
            if (noting.joinable()) {
                noting.join();
            }
        }
    } bulk{m_bulk_state, noting};
    m_bulk_state = true;
    insert.run();
    m_bulk_state = false;
    noting.join();
    if (noting_failed) {
        std::rethrow_exception(noting_failed);
    }
    m_bulk.append(std::move(notes));
    return first_id;
}

std::vector<char> SqliteStore::recorded(std::span<const CredentialRow> rows,
                                        std::span<const std::uint32_t> order) {
    std::vector<char> out(rows.size(), 0);
    {
        Statement any(m_db, "SELECT 1 FROM credential LIMIT 1");
        if (!any.step()) {
            return out;
        }
    }
    // The (issued, expires, number) of each record of one person and type.
    using Held = std::tuple<std::string, std::string, std::string>;
    std::vector<Held> held;
    // A small batch looks each person and type up; a large one reads the records once, in
    // clustered order, alongside the batch.
    const bool large = rows.size() >= 10000;
    Statement lookup(m_db, "SELECT issued, expires, number FROM credential WHERE staff_id = "
                           "?1 AND type = ?2");
    Statement scan(m_db, "SELECT staff_id, type, issued, expires, number FROM credential "
                         "ORDER BY staff_id, type");
    bool scanning = large && scan.step();
    auto read_group = [&](std::string_view staff_id, std::string_view type) {
        held.clear();
        if (!large) {
            lookup.reset();
            lookup.bind_view(1, staff_id).bind_view(2, type);
            while (lookup.step()) {
                held.emplace_back(lookup.text(0), lookup.text(1), lookup.text(2));
            }
            return;
        }
        while (scanning) {
            int c = scan.view(0).compare(staff_id);
            if (c == 0) {
                c = scan.view(1).compare(type);
            }
            if (c > 0) {
                break;
            }
            if (c == 0) {
                held.emplace_back(scan.text(2), scan.text(3), scan.text(4));
            }
            scanning = scan.step();
        }
    };
    for (size_t group = 0; group < order.size();) {
        const auto& head = rows[order[group]];
        size_t end = group + 1;
        while (end < order.size() && rows[order[end]].staff_id == head.staff_id &&
               rows[order[end]].type == head.type) {
            ++end;
        }
        read_group(head.staff_id, head.type);
        for (size_t i = group; i < end && !held.empty(); ++i) {
            const auto& row = rows[order[i]];
            out[order[i]] =
                static_cast<char>(std::any_of(held.begin(), held.end(), [&](const Held& h) {
                    return std::get<0>(h) == row.issued && std::get<1>(h) == row.expires &&
                           std::get<2>(h) == row.number;
                }));
        }
        group = end;
    }
    return out;
}

bool SqliteStore::set_verified(const std::string& staff_id, const std::string& type,
                               const std::string& verified_by, const std::string& verified_at) {
    Statement statement(m_db, "UPDATE credential SET verified_by = ?3, verified_at = ?4 WHERE "
                              "staff_id = ?1 AND type = ?2 AND current = 1");
    statement.bind(1, staff_id).bind(2, type).bind(3, verified_by).bind(4, verified_at).run();
    return sqlite3_changes(m_db) > 0;
}

std::vector<CredentialRecord> SqliteStore::credentials(const std::string& staff_id) {
    std::string sql = std::string("SELECT ") + k_credential_columns +
                      " FROM credential c JOIN credential_batch b ON b.id = c.batch ";
    if (!staff_id.empty()) {
        sql += "WHERE c.staff_id = ?1 ";
    }
    sql += "ORDER BY c.staff_id, c.type, c.expires = '', c.expires, c.id";
    Statement statement(m_db, sql.c_str());
    if (!staff_id.empty()) {
        statement.bind(1, staff_id);
    }
    std::vector<CredentialRecord> out;
    while (statement.step()) {
        out.push_back(read_credential(statement, 0));
    }
    return out;
}

bool SqliteStore::alert_sent(const AlertRecord& a) {
    Statement statement(m_db, "SELECT 1 FROM alert WHERE staff_id = ?1 AND type = ?2 AND "
                              "expires = ?3 AND window = ?4 AND channel = ?5");
    statement.bind(1, a.staff_id)
        .bind(2, a.type)
        .bind(3, a.expires)
        .bind(4, a.window)
        .bind(5, a.channel);
    return statement.step();
}

void SqliteStore::record_alert(const AlertRecord& a) {
    Statement statement(m_db, "INSERT OR REPLACE INTO alert(staff_id, type, expires, window, "
                              "channel, sent_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    statement.bind(1, a.staff_id)
        .bind(2, a.type)
        .bind(3, a.expires)
        .bind(4, a.window)
        .bind(5, a.channel)
        .bind(6, a.sent_at)
        .run();
}

} // namespace attest::storage::sqlite
