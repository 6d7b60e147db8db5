#include <algorithm>
#include <atomic>
#include <exception>
#include <iterator>
#include <map>
#include <thread>
#include <tuple>
#include <utility>

#include "backend.hpp"
#include "credential_feed.hpp"

namespace attest::storage::sqlite {

namespace {

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

// Appends the filter's conditions on staff `s`, binding from parameter `next` on.
std::string filter_sql(const StaffFilter& filter, int next, std::vector<std::string>& values) {
    std::string sql = " AND s.status = 'active'";
    auto add = [&](const std::string& value, const std::string& condition) {
        if (!value.empty()) {
            sql += " AND " + condition;
            values.push_back(value);
            ++next;
        }
    };
    add(filter.site, "s.site = ?" + std::to_string(next));
    add(filter.department, "s.department = ?" + std::to_string(next));
    add(filter.role, "s.role = ?" + std::to_string(next));
    if (!filter.manager.empty()) {
        sql += " AND (lower(trim(s.manager)) = lower(?" + std::to_string(next) +
               ") OR lower(trim(s.manager_email)) = lower(?" + std::to_string(next) + "))";
        values.push_back(filter.manager);
    }
    return sql;
}

// "a, b" -> "s.a, s.b": staff columns in a join.
std::string prefixed(std::string_view columns) {
    std::string out = "s.";
    for (char c : columns) {
        out += c;
        if (c == ' ') {
            out += "s.";
        }
    }
    return out;
}

using Requirements = std::map<std::string, std::vector<std::string>, std::less<>>;

// The people a report names, allocated in blocks that all their items share: one
// allocation per thousand people rather than one each, freed together.
class Roster {
public:
    std::shared_ptr<const StaffRecord> add(StaffRecord&& record) {
        if (!m_block || m_used == k_block) {
            m_block = std::make_shared<std::vector<StaffRecord>>();
            m_block->reserve(k_block);
            m_used = 0;
        }
        m_block->push_back(std::move(record));
        // Shares ownership of the block; the vector never reallocates past its reserve.
        return {m_block, &(*m_block)[m_used++]};
    }

private:
    static constexpr size_t k_block = 1024;
    std::shared_ptr<std::vector<StaffRecord>> m_block;
    size_t m_used = 0;
};

// The standing of active staff with ids in [from, to) (an empty bound leaves that end
// open), from one ordered pass over staff merged with one over current credentials (both
// in id order, the tables' clustered order): each person's credentials are checked for
// due dates, verification and the role's requirements together, with no index to
// maintain.
CredentialStanding standing_pass(sqlite3* db, const StandingQuery& query,
                                 const Requirements& required, const std::string& from,
                                 const std::string& to) {
    CredentialStanding out;
    std::vector<std::string> values;
    std::string sql = "SELECT " + prefixed(k_staff_columns) + " FROM staff s WHERE 1" +
                      filter_sql(query.filter, 1, values);
    // Conditions keeping `column` within the bounds, numbered from parameter `next` on.
    auto range_sql = [&](const char* column, int next) {
        std::string conditions;
        if (!from.empty()) {
            conditions += std::string(" AND ") + column + " >= ?" + std::to_string(next++);
        }
        if (!to.empty()) {
            conditions += std::string(" AND ") + column + " < ?" + std::to_string(next);
        }
        return conditions;
    };
    auto bind_range = [&](Statement& statement, int next) {
        if (!from.empty()) {
            statement.bind(next++, from);
        }
        if (!to.empty()) {
            statement.bind(next, to);
        }
    };
    const int filters = static_cast<int>(values.size());
    sql += range_sql("s.id", filters + 1) + " ORDER BY s.id";
    Statement people(db, sql.c_str());
    int index = 1;
    for (const auto& value : values) {
        people.bind(index++, value);
    }
    bind_range(people, filters + 1);
    Statement held(db, ("SELECT staff_id, type, id, expires, issued, verified_at FROM "
                        "credential WHERE current = 1" +
                        range_sql("staff_id", 1) + " ORDER BY staff_id, type")
                           .c_str());
    bind_range(held, 1);
    const std::string_view through = query.through;
    auto needs_verifying = [&](std::string_view type) {
        return std::find(query.verified_types.begin(), query.verified_types.end(), type) !=
               query.verified_types.end();
    };
    // Each credential row's columns, read once per row.
    struct Row {
        std::string_view staff_id, type, expires;
    } row;
    auto next = [&] {
        if (!held.step()) {
            return false;
        }
        row = {held.view(0), held.view(1), held.view(3)};
        return true;
    };
    bool more = next();
    std::vector<char> found;
    Roster roster;
    constexpr int k_role_column = 6;
    while (people.step()) {
        auto id = people.view(0);
        while (more && row.staff_id < id) {
            more = next();
        }
        std::shared_ptr<const StaffRecord> person;
        auto record = [&] {
            if (!person) {
                person = roster.add(read_staff(people, 0));
            }
            return person;
        };
        auto hold = [&](std::vector<HeldCredential>& into) {
            HeldCredential& c = into.emplace_back();
            c.id = held.integer(2);
            c.staff_id = id;
            c.type = row.type;
            c.expires = row.expires;
            c.issued = held.view(4);
            c.staff = record();
        };
        auto role = required.find(people.view(k_role_column));
        const std::vector<std::string>* needs = role == required.end() ? nullptr : &role->second;
        found.assign(needs != nullptr ? needs->size() : 0, 0);
        while (more && row.staff_id == id) {
            if (!row.expires.empty() && row.expires <= through) {
                hold(out.due);
            }
            if (needs_verifying(row.type) && held.view(5).empty()) {
                hold(out.unverified);
            }
            for (size_t i = 0; i < found.size(); ++i) {
                found[i] |= static_cast<char>((*needs)[i] == row.type);
            }
            more = next();
        }
        for (size_t i = 0; i < found.size(); ++i) {
            if (found[i] == 0) {
                out.missing.push_back({record(), (*needs)[i]});
            }
        }
    }
    return out;
}

// Due credentials come from the passes by staff id and type, so ordering them by expiry
// with ties kept in that order gives expiry, staff id, type. Each is moved once, after
// sorting small keys: an ISO date fits in two integers, compared without memcmp calls.
std::vector<HeldCredential> by_expiry(std::span<CredentialStanding> parts) {
    struct Key {
        // The first 16 bytes, zero-padded, in string order.
        std::uint64_t high, low;
        std::uint32_t part, at;
    };
    auto packed = [](std::string_view text, size_t from) {
        std::uint64_t n = 0;
        for (size_t i = from; i < from + 8; ++i) {
            n = n << 8 | (i < text.size() ? static_cast<unsigned char>(text[i]) : 0U);
        }
        return n;
    };
    std::vector<Key> keys;
    for (std::uint32_t p = 0; p < parts.size(); ++p) {
        const auto& due = parts[p].due;
        for (std::uint32_t i = 0; i < due.size(); ++i) {
            keys.push_back({packed(due[i].expires, 0), packed(due[i].expires, 8), p, i});
        }
    }
    auto expires = [&](const Key& k) -> std::string_view {
        return parts[k.part].due[k.at].expires;
    };
    std::sort(keys.begin(), keys.end(), [&](const Key& a, const Key& b) {
        if (a.high != b.high || a.low != b.low) {
            return std::tie(a.high, a.low) < std::tie(b.high, b.low);
        }
        // Only text longer than 16 bytes can still differ.
        if (expires(a).size() > 16 || expires(b).size() > 16) {
            if (int c = expires(a).compare(expires(b)); c != 0) {
                return c < 0;
            }
        }
        return std::tie(a.part, a.at) < std::tie(b.part, b.at);
    });
    std::vector<HeldCredential> out;
    out.reserve(keys.size());
    for (const auto& k : keys) {
        out.push_back(std::move(parts[k.part].due[k.at]));
    }
    return out;
}

// `parts - 1` ids splitting [low, high] into ranges of about equal size, reading the bytes
// after the ids' common prefix as a number: roster ids mostly share a prefix and count
// up. An uneven split only costs time.
std::vector<std::string> split_ids(std::string_view low, std::string_view high,
                                   std::uint64_t parts) {
    size_t prefix = 0;
    while (prefix < low.size() && prefix < high.size() && low[prefix] == high[prefix]) {
        ++prefix;
    }
    auto number = [&](std::string_view id) {
        std::uint64_t n = 0;
        for (size_t i = 0; i < 8; ++i) {
            size_t at = prefix + i;
            n = n << 8 | (at < id.size() ? static_cast<unsigned char>(id[at]) : 0U);
        }
        return n;
    };
    const std::uint64_t first = number(low);
    const std::uint64_t step = (number(high) - first) / parts;
    std::vector<std::string> out;
    for (std::uint64_t part = 1; part < parts; ++part) {
        std::uint64_t at = first + step * part;
        std::string& id = out.emplace_back(high.substr(0, prefix));
        // Trailing zero bytes are left off.
        for (int shift = 56; shift >= 0 && (at << (56 - shift)) != 0; shift -= 8) {
            id += static_cast<char>((at >> shift) & 0xff);
        }
    }
    return out;
}

// Staff above which a report reads the roster on two threads, and the ranges it is cut in.
constexpr std::int64_t k_split_staff = 20000;

constexpr std::uint64_t k_ranges = 16;

} // namespace

std::int64_t SqliteStore::add_credentials(const CredentialBatch& batch,
                                          std::span<const CredentialRow> rows) {
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

    // Rows go in clustered order (person, type, id), so a large import appends to the
    // table instead of splitting pages all over it; ids follow the order given.
    std::vector<std::uint32_t> order(rows.size());
    for (std::uint32_t i = 0; i < order.size(); ++i) {
        order[i] = i;
    }
    auto before = [&](std::uint32_t a, std::uint32_t b) {
        const auto& x = rows[a];
        const auto& y = rows[b];
        if (int c = x.staff_id.compare(y.staff_id); c != 0) {
            return c < 0;
        }
        if (int c = x.type.compare(y.type); c != 0) {
            return c < 0;
        }
        return a < b;
    };
    if (!std::is_sorted(order.begin(), order.end(), before)) {
        std::sort(order.begin(), order.end(), before);
    }

    // The credential currently in force for each person and type the batch touches: one
    // lookup each for a small batch, one ordered pass over the current ones for a large one.
    struct Current {
        std::int64_t id = 0;
        std::string expires;
    };
    const bool large = rows.size() >= 10000;
    Statement lookup(m_db, "SELECT id, expires FROM credential WHERE staff_id = ?1 AND "
                           "type = ?2 AND current = 1");
    Statement scan(m_db, "SELECT staff_id, type, id, expires FROM credential WHERE current = "
                         "1 ORDER BY staff_id, type");
    bool scanning = large && scan.step();
    auto current_of = [&](std::string_view staff_id,
                          std::string_view type) -> std::optional<Current> {
        if (!large) {
            lookup.reset();
            lookup.bind_view(1, staff_id).bind_view(2, type);
            if (lookup.step()) {
                return Current{lookup.integer(0), lookup.text(1)};
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
                return Current{scan.integer(2), scan.text(3)};
            }
            scanning = scan.step();
        }
        return std::nullopt;
    };
    // Renewal rule: no expiry beats everything, a later record wins a tie.
    auto beats = [](std::string_view candidate, std::string_view held) {
        return candidate.empty() || (!held.empty() && candidate >= held);
    };

    // Which row of each (person, type) group becomes current, and which credentials on
    // record it supersedes; the scan over those on record finishes before anything changes.
    std::vector<char> current(order.size(), 0);
    std::vector<std::pair<size_t, std::int64_t>> superseded;
    for (size_t group = 0; group < order.size();) {
        const auto& head = rows[order[group]];
        size_t end = group + 1;
        while (end < order.size() && rows[order[end]].staff_id == head.staff_id &&
               rows[order[end]].type == head.type) {
            ++end;
        }
        auto held = current_of(head.staff_id, head.type);
        // The winner among the batch's rows, if one beats what is held.
        std::optional<size_t> winner;
        std::string_view best = held ? std::string_view(held->expires) : std::string_view{};
        bool have_best = held.has_value();
        for (size_t i = group; i < end; ++i) {
            const auto& row = rows[order[i]];
            if (!have_best || beats(row.expires, best)) {
                winner = i;
                best = row.expires;
                have_best = true;
            }
        }
        if (winner) {
            current[*winner] = 1;
            if (held) {
                superseded.emplace_back(group, held->id);
            }
        }
        group = end;
    }
    scan.rewind();
    lookup.rewind();
    Statement supersede(m_db, "UPDATE credential SET current = 0 WHERE staff_id = ?1 AND "
                              "type = ?2 AND id = ?3");
    for (const auto& [group, id] : superseded) {
        const auto& head = rows[order[group]];
        supersede.reset();
        supersede.bind_view(1, head.staff_id).bind_view(2, head.type).bind(3, id);
        supersede.run();
    }
    // One statement for the whole batch, reading it through the feed table.
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
    insert.run();
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

// Opens two more connections to the workspace reading the same snapshot: while this
// connection holds the write lock for a moment no commit can land, so both start their
// read transactions at the same point. False when that cannot be done (an in-memory or
// read-only database, an open transaction, a busy writer): the caller reads alone.
bool SqliteStore::pin_readers(Reader& a, Reader& b) {
    const char* path = sqlite3_db_filename(m_db, "main");
    if (path == nullptr || *path == '\0' || sqlite3_get_autocommit(m_db) == 0) {
        return false;
    }
    for (Reader* reader : {&a, &b}) {
        if (sqlite3_open_v2(path, &reader->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                            nullptr) != SQLITE_OK) {
            return false;
        }
        sqlite3_busy_timeout(reader->db, 10000);
        if (sqlite3_exec(reader->db, "PRAGMA query_only = 1; PRAGMA mmap_size = 268435456", nullptr,
                         nullptr, nullptr) != SQLITE_OK) {
            return false;
        }
    }
    if (sqlite3_exec(m_db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) {
        return false;
    }
    bool pinned = true;
    for (Reader* reader : {&a, &b}) {
        pinned = pinned && sqlite3_exec(reader->db, "BEGIN; SELECT count(*) FROM sqlite_schema",
                                        nullptr, nullptr, nullptr) == SQLITE_OK;
    }
    sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
    return pinned;
}

CredentialStanding SqliteStore::standing(const StandingQuery& query) {
    Requirements required;
    for (const auto& [role, type] : query.requirements) {
        required[role].push_back(type);
    }
    for (auto& [role, types] : required) {
        std::sort(types.begin(), types.end());
        types.erase(std::unique(types.begin(), types.end()), types.end());
    }
    // Enough staff to be worth two passes? Counting stops at the threshold.
    std::int64_t staff = 0;
    if (query.passes != 1) {
        Statement count(m_db, "SELECT count(*) FROM (SELECT 1 FROM staff LIMIT ?1)");
        count.bind(1, query.passes == 2 ? std::int64_t{2} : k_split_staff);
        count.step();
        staff = count.integer(0);
    }
    Reader first_reader;
    Reader second_reader;
    if ((query.passes == 0 && staff < k_split_staff) || staff < 2 ||
        !pin_readers(first_reader, second_reader)) {
        auto out = standing_pass(m_db, query, required, {}, {});
        out.due = by_expiry(std::span(&out, 1));
        return out;
    }
    auto end_id = [&](const char* sql) {
        Statement end(m_db, sql);
        return end.step() ? end.text(0) : std::string{};
    };
    // The roster in ranges of staff ids that two threads take in turn, each on its own
    // connection, so one thread finishing early picks up more.
    const auto bounds =
        split_ids(end_id("SELECT id FROM staff ORDER BY id LIMIT 1"),
                  end_id("SELECT id FROM staff ORDER BY id DESC LIMIT 1"), k_ranges);
    std::vector<CredentialStanding> parts(bounds.size() + 1);
    std::atomic<size_t> next{0};
    auto work = [&](sqlite3* db) {
        for (size_t i = next++; i < parts.size(); i = next++) {
            parts[i] = standing_pass(db, query, required, i == 0 ? "" : bounds[i - 1],
                                     i == bounds.size() ? "" : bounds[i]);
        }
    };
    std::exception_ptr worker_failure;
    std::thread worker([&] {
        try {
            work(first_reader.db);
        } catch (...) {
            worker_failure = std::current_exception();
        }
    });
    try {
        work(second_reader.db);
    } catch (...) {
        worker.join();
        throw;
    }
    worker.join();
    if (worker_failure) {
        std::rethrow_exception(worker_failure);
    }
    // The ranges in id order give what one pass would.
    CredentialStanding out;
    auto append = [](auto& into, auto& from) {
        into.insert(into.end(), std::make_move_iterator(from.begin()),
                    std::make_move_iterator(from.end()));
    };
    out.due = by_expiry(parts);
    for (auto& part : parts) {
        append(out.missing, part.missing);
        append(out.unverified, part.unverified);
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
