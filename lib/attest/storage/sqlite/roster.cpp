#include <atomic>
#include <exception>
#include <thread>

#include <attest/storage/roster_fill.hpp>

#include "backend.hpp"

namespace attest::storage::sqlite {

namespace {

// Staff handed over at a time.
constexpr std::size_t k_batch_staff = 4096;
// The ranges a large roster is cut in for two threads to take in turn.
constexpr std::uint64_t k_ranges = 16;

// Appends the filter's conditions on staff `s`, binding from parameter `next` on.
std::string filter_sql(const StaffFilter& filter, int next, std::vector<std::string>& values) {
    std::string sql;
    auto add = [&](const std::string& value, const std::string& condition) {
        if (!value.empty()) {
            sql += " AND " + condition;
            values.push_back(value);
            ++next;
        }
    };
    add(filter.status, "s.status = ?" + std::to_string(next));
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

// Reads staff matching `filter` with ids in [from, to) (an empty bound leaves that end open)
// and their current credentials, from one ordered pass over each table (both in id order,
// their clustered order), handing them to `sink` as part `part`.
void read_range(sqlite3* db, const StaffFilter& filter, const std::string& from,
                const std::string& to, std::size_t part, RosterSink& sink) {
    std::vector<std::string> values;
    const StaffFields fields = sink.staff_fields();
    std::string sql = "SELECT " + prefixed(staff_columns(fields)) + " FROM staff s WHERE 1" +
                      filter_sql(filter, 1, values);
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
    // A sink that needs the people only gets no credentials: the query finds no row.
    Statement held(db, ("SELECT staff_id, type, id, expires, issued, verified_at FROM "
                        "credential WHERE current = 1" +
                        std::string(sink.wants_credentials() ? "" : " AND 0") +
                        range_sql("staff_id", 1) + " ORDER BY staff_id, type")
                           .c_str());
    bind_range(held, 1);
    bool more = held.step();

    fill_roster(
        people, [&] { return people.step(); }, held, [&] { return held.step(); }, more,
        [&](StaffView& person, TextArena& text) { keep_person(person, text, people, 0, fields); },
        sink, part, k_batch_staff);
}

// `parts - 1` ids splitting [low, high] into ranges of about equal size, reading the eight
// bytes after the ids' common prefix as a number: roster ids mostly share a prefix and count
// up. A place holding a digit at both ends counts in tens (so S0000001 to S0200000 splits into
// even ranges, not into the few that the digits' bytes fall in), any other in bytes. An uneven
// split only costs time.
std::vector<std::string> split_ids(std::string_view low, std::string_view high,
                                   std::uint64_t parts) {
    size_t prefix = 0;
    while (prefix < low.size() && prefix < high.size() && low[prefix] == high[prefix]) {
        ++prefix;
    }
    constexpr size_t k_places = 8;
    auto byte_at = [&](std::string_view id, size_t place) -> unsigned {
        size_t at = prefix + place;
        return at < id.size() ? static_cast<unsigned char>(id[at]) : 0U;
    };
    auto is_digit = [](unsigned c) {
        return c >= '0' && c <= '9';
    };
    std::uint64_t radix[k_places];
    for (size_t i = 0; i < k_places; ++i) {
        radix[i] = is_digit(byte_at(low, i)) && is_digit(byte_at(high, i)) ? 10 : 256;
    }
    auto number = [&](std::string_view id) {
        std::uint64_t n = 0;
        for (size_t i = 0; i < k_places; ++i) {
            unsigned c = byte_at(id, i);
            n = n * radix[i] + (radix[i] == 10 ? c - '0' : c);
        }
        return n;
    };
    const std::uint64_t first = number(low);
    const std::uint64_t step = (number(high) - first) / parts;
    std::vector<std::string> out;
    for (std::uint64_t part = 1; part < parts; ++part) {
        std::uint64_t at = first + step * part;
        char bytes[k_places];
        for (size_t i = k_places; i-- > 0;) {
            auto digit = at % radix[i];
            at /= radix[i];
            bytes[i] = static_cast<char>(radix[i] == 10 ? '0' + digit : digit);
        }
        // Trailing zero bytes are left off.
        size_t length = k_places;
        while (length > 0 && bytes[length - 1] == '\0') {
            --length;
        }
        std::string& id = out.emplace_back(high.substr(0, prefix));
        id.append(bytes, length);
    }
    return out;
}

} // namespace

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

void SqliteStore::read_roster(const StaffFilter& filter, RosterSink& sink) {
    // Enough staff to be worth two threads? Counting stops at the threshold.
    const std::int64_t threshold = std::max<std::int64_t>(m_tuning.split_staff, 2);
    std::int64_t staff = 0;
    {
        Statement count(m_db, "SELECT count(*) FROM (SELECT 1 FROM staff LIMIT ?1)");
        count.bind(1, threshold);
        count.step();
        staff = count.integer(0);
    }
    auto end_id = [&](const char* sql) {
        Statement end(m_db, sql);
        return end.step() ? end.text(0) : std::string{};
    };
    // The roster in ranges of staff ids that two threads take in turn, each on its own
    // connection, so one thread finishing early picks up more.
    if (staff >= threshold &&
        read_in_ranges(
            end_id("SELECT id FROM staff ORDER BY id LIMIT 1"),
            end_id("SELECT id FROM staff ORDER BY id DESC LIMIT 1"),
            [&](std::size_t parts) { sink.begin(parts); },
            [&](sqlite3* db, const std::string& from, const std::string& to, std::size_t part) {
                read_range(db, filter, from, to, part, sink);
            })) {
        return;
    }
    sink.begin(1);
    read_range(m_db, filter, {}, {}, 0, sink);
}

bool SqliteStore::read_in_ranges(std::string_view low, std::string_view high,
                                 const std::function<void(std::size_t)>& begin,
                                 const std::function<void(sqlite3*, const std::string&,
                                                          const std::string&, std::size_t)>& read) {
    Reader first_reader;
    Reader second_reader;
    if (!pin_readers(first_reader, second_reader)) {
        return false;
    }
    const auto bounds = split_ids(low, high, k_ranges);
    const std::size_t parts = bounds.size() + 1;
    begin(parts);
    static const std::string open_end;
    std::atomic<size_t> next{0};
    auto work = [&](sqlite3* db) {
        for (size_t i = next++; i < parts; i = next++) {
            read(db, i == 0 ? open_end : bounds[i - 1], i == bounds.size() ? open_end : bounds[i],
                 i);
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
    return true;
}

} // namespace attest::storage::sqlite
