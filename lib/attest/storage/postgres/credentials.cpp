#include <algorithm>
#include <array>
#include <tuple>

#include <attest/storage/refusal.hpp>

#include "backend.hpp"
#include "copy_data.hpp"

namespace attest::storage::postgres {

namespace {

// A batch at least this large is matched against the records in one ordered pass instead of
// one lookup per person and type.
constexpr size_t k_large_batch = 10000;

constexpr const char* k_credential_columns =
    "SELECT c.id, c.staff_id, c.type, c.number, c.issuer, c.issued, c.expires, c.verified_by, "
    "c.verified_at, c.note, b.recorded_by, b.recorded_at, c.current FROM credential c JOIN "
    "credential_batch b ON b.id = c.batch ";

// Calls `each(first, end)` for every run of `order` with the same staff id and type.
template <typename Each>
void for_each_group(std::span<const CredentialRow> rows, std::span<const std::uint32_t> order,
                    Each each) {
    for (size_t group = 0; group < order.size();) {
        const auto& head = rows[order[group]];
        size_t end = group + 1;
        while (end < order.size() && rows[order[end]].staff_id == head.staff_id &&
               rows[order[end]].type == head.type) {
            ++end;
        }
        each(group, end);
        group = end;
    }
}

// Moves `scan` forward to the records of (staff_id, type), calling `take` for each of them;
// the scan is in (staff id, type) order, as the groups are.
template <typename Take>
void advance(Cursor& scan, bool& scanning, std::string_view staff_id, std::string_view type,
             Take take) {
    while (scanning) {
        int c = scan.view(0).compare(staff_id);
        if (c == 0) {
            c = scan.view(1).compare(type);
        }
        if (c > 0) {
            break;
        }
        if (c == 0) {
            take();
        }
        scanning = scan.next();
    }
}

} // namespace

std::vector<std::optional<Holding>>
PostgresStore::current_holdings(std::span<const CredentialRow> rows,
                                std::span<const std::uint32_t> order) {
    std::vector<std::optional<Holding>> out;
    ReadSnapshot snapshot(*m_db);
    if (rows.size() < k_large_batch) {
        for_each_group(rows, order, [&](size_t group, size_t) {
            const auto& head = rows[order[group]];
            auto found = m_db->run("SELECT id, expires FROM credential WHERE staff_id = $1 AND "
                                   "type = $2 AND current",
                                   {head.staff_id, head.type});
            out.push_back(found.empty() ? std::nullopt
                                        : std::optional<Holding>(
                                              Holding{found.integer(0, 0), found.text(0, 1)}));
        });
        return out;
    }
    Cursor scan(*m_db, "attest_holdings",
                "SELECT staff_id, type, id, expires FROM credential WHERE current ORDER BY "
                "staff_id, type",
                {});
    bool scanning = scan.next();
    for_each_group(rows, order, [&](size_t group, size_t) {
        const auto& head = rows[order[group]];
        std::optional<Holding> found;
        advance(scan, scanning, head.staff_id, head.type, [&] {
            found = Holding{scan.integer(2), scan.text(3)};
        });
        out.push_back(std::move(found));
    });
    return out;
}

std::int64_t PostgresStore::add_credentials(const CredentialBatch& batch,
                                            std::span<const CredentialRow> rows,
                                            std::span<const std::uint32_t> order,
                                            std::span<const char> current,
                                            std::span<const Superseded> superseded) {
    if (rows.empty()) {
        return 0;
    }
    const std::int64_t batch_id =
        m_db->run("INSERT INTO credential_batch(id, recorded_by, recorded_at, source) SELECT "
                  "attest_next_id('credential_batch'), $1, $2, $3 RETURNING id",
                  {batch.recorded_by, batch.recorded_at, batch.source})
            .integer(0, 0);
    const std::int64_t first_id = m_db->run("SELECT attest_next_id('credential')").integer(0, 0);
    for (const auto& old : superseded) {
        m_db->run("UPDATE credential SET current = false WHERE staff_id = $1 AND type = $2 AND "
                  "id = $3::bigint",
                  {old.staff_id, old.type, old.id});
    }
    // The whole batch in one COPY, in the order given (person, type), each row with the id of
    // its place in the batch as the caller gave it. attest notes the rows for the journal
    // itself as it sends them, while the server stores what it has been sent: the statement's
    // own noting (a hash and an upsert per row) would take longer than storing them.
    static constexpr const char* k_names[] = {"staff_id",    "type",   "id",      "number",
                                              "issuer",      "issued", "expires", "verified_by",
                                              "verified_at", "note",   "batch",   "current"};
    const std::string columns = "(staff_id, type, id, number, issuer, issued, expires, "
                                "verified_by, verified_at, note, batch, current)";
    auto layout = bulk_layout("credential", k_names);
    if (layout) {
        bulk_begin();
    }
    copy_begin("credential", columns);
    CopyData data;
    std::array<BulkValue, std::size(k_names)> values;
    // Sent in pieces small enough that the socket's buffer holds several: the server stores
    // one while attest writes and hashes the next, rather than each waiting for the other
    // (1 MiB pieces: 10.1 s for a million rows, 64 KiB: 8.8 s).
    constexpr size_t k_piece = size_t{1} << 16;
    for (size_t i = 0; i < order.size(); ++i) {
        const auto& row = rows[order[i]];
        const std::int64_t id = first_id + static_cast<std::int64_t>(order[i]);
        data.row(12);
        data.text(row.staff_id);
        data.text(row.type);
        data.int64(id);
        for (auto field : {row.number, row.issuer, row.issued, row.expires, row.verified_by,
                           row.verified_at, row.note}) {
            data.text(field);
        }
        data.int64(batch_id);
        data.boolean(current[i] != 0);
        if (layout) {
            values = {row.staff_id,    row.type,   id,          row.number,
                      row.issuer,      row.issued, row.expires, row.verified_by,
                      row.verified_at, row.note,   batch_id,    std::int64_t{current[i] != 0}};
            bulk_note(*layout, values);
        }
        if (data.size() >= k_piece) {
            m_db->copy_put(data.bytes());
            data.clear();
        }
    }
    m_db->copy_put(data.finish());
    m_analyze = m_analyze || rows.size() >= k_large_batch;
    // A login row-level security binds: the people's sites checked once, refused in plain
    // words naming the site, before the policies check each row.
    copy_finish("credential", columns, [&](const std::string& staging) {
        auto refused = m_db->run("SELECT coalesce(attest_staff_site(i.staff_id), '') FROM "
                                 "(SELECT DISTINCT staff_id FROM " +
                                 staging +
                                 ") i WHERE attest_staff_site(i.staff_id) IS NULL OR NOT "
                                 "attest_staff_site(i.staff_id) IN (SELECT "
                                 "attest_sites('{officer}')) LIMIT 1");
        if (!refused.empty()) {
            throw Failure(change_refusal(m_identity, "credential", refused.text(0, 0)));
        }
    });
    if (layout) {
        bulk_end();
    }
    return first_id;
}

std::vector<char> PostgresStore::recorded(std::span<const CredentialRow> rows,
                                          std::span<const std::uint32_t> order) {
    std::vector<char> out(rows.size(), 0);
    ReadSnapshot snapshot(*m_db);
    if (m_db->run("SELECT 1 FROM credential LIMIT 1").empty()) {
        return out;
    }
    // The (issued, expires, number) of each record of one person and type.
    using Held = std::tuple<std::string, std::string, std::string>;
    std::vector<Held> held;
    auto mark = [&](size_t group, size_t end) {
        for (size_t i = group; i < end && !held.empty(); ++i) {
            const auto& row = rows[order[i]];
            out[order[i]] =
                static_cast<char>(std::any_of(held.begin(), held.end(), [&](const Held& h) {
                    return std::get<0>(h) == row.issued && std::get<1>(h) == row.expires &&
                           std::get<2>(h) == row.number;
                }));
        }
    };
    if (rows.size() < k_large_batch) {
        for_each_group(rows, order, [&](size_t group, size_t end) {
            const auto& head = rows[order[group]];
            auto found = m_db->run("SELECT issued, expires, number FROM credential WHERE "
                                   "staff_id = $1 AND type = $2",
                                   {head.staff_id, head.type});
            held.clear();
            for (int i = 0; i < found.size(); ++i) {
                held.emplace_back(found.text(i, 0), found.text(i, 1), found.text(i, 2));
            }
            mark(group, end);
        });
        return out;
    }
    Cursor scan(*m_db, "attest_recorded",
                "SELECT staff_id, type, issued, expires, number FROM credential ORDER BY "
                "staff_id, type",
                {});
    bool scanning = scan.next();
    for_each_group(rows, order, [&](size_t group, size_t end) {
        const auto& head = rows[order[group]];
        held.clear();
        advance(scan, scanning, head.staff_id, head.type,
                [&] { held.emplace_back(scan.text(2), scan.text(3), scan.text(4)); });
        mark(group, end);
    });
    return out;
}

bool PostgresStore::set_verified(const std::string& staff_id, const std::string& type,
                                 const std::string& verified_by, const std::string& verified_at) {
    return m_db->run("UPDATE credential SET verified_by = $3, verified_at = $4 WHERE staff_id = "
                     "$1 AND type = $2 AND current",
                     {staff_id, type, verified_by, verified_at})
               .affected() > 0;
}

std::vector<CredentialRecord> PostgresStore::credentials(const std::string& staff_id) {
    constexpr const char* k_order = "ORDER BY c.staff_id, c.type, c.expires = '', c.expires, c.id";
    auto rows =
        staff_id.empty()
            ? m_db->run(std::string(k_credential_columns) + k_order)
            : m_db->run(std::string(k_credential_columns) + "WHERE c.staff_id = $1 " + k_order,
                        {staff_id});
    std::vector<CredentialRecord> out(static_cast<size_t>(rows.size()));
    for (int i = 0; i < rows.size(); ++i) {
        auto& r = out[static_cast<size_t>(i)];
        r.id = rows.integer(i, 0);
        std::string* fields[] = {&r.staff_id, &r.type,        &r.number,      &r.issuer,
                                 &r.issued,   &r.expires,     &r.verified_by, &r.verified_at,
                                 &r.note,     &r.recorded_by, &r.recorded_at};
        int column = 1;
        for (auto* field : fields) {
            *field = rows.text(i, column++);
        }
        r.current = rows.boolean(i, column);
    }
    return out;
}

bool PostgresStore::alert_sent(const AlertRecord& a) {
    return !m_db->run("SELECT 1 FROM alert WHERE staff_id = $1 AND type = $2 AND expires = $3 "
                      "AND \"window\" = $4::bigint AND channel = $5",
                      {a.staff_id, a.type, a.expires, a.window, a.channel})
                .empty();
}

void PostgresStore::record_alert(const AlertRecord& a) {
    m_db->run("INSERT INTO alert(staff_id, type, expires, \"window\", channel, sent_at) VALUES "
              "($1, $2, $3, $4::bigint, $5, $6) ON CONFLICT (staff_id, type, expires, "
              "\"window\", channel) DO UPDATE SET sent_at = excluded.sent_at",
              {a.staff_id, a.type, a.expires, a.window, a.channel, a.sent_at});
}

} // namespace attest::storage::postgres
