#include <map>
#include <optional>

#include <attest/storage/roster_fill.hpp>

#include "backend.hpp"
#include "connection.hpp"

namespace attest::storage::postgres {

namespace {

// Staff handed over at a time.
constexpr std::size_t k_batch_staff = 4096;

// The filter's conditions on staff `s` as parameters $1, $2, ...: only placeholders are
// written into the SQL, the values go to `values`.
std::string filter_sql(const StaffFilter& filter, std::vector<Param>& values) {
    std::string sql;
    auto next = [&] {
        return "$" + std::to_string(values.size() + 1);
    };
    auto add = [&](const std::string& value, const char* column) {
        if (!value.empty()) {
            sql += std::string(" AND ") + column + " = " + next();
            values.emplace_back(value);
        }
    };
    add(filter.status, "s.status");
    add(filter.site, "s.site");
    add(filter.department, "s.department");
    add(filter.role, "s.role");
    if (!filter.manager.empty()) {
        // lower() and trim() of the "C" collation change ASCII only, as SQLite's do.
        auto at = next();
        sql += " AND (lower(btrim(s.manager, ' ')) = lower(" + at +
               "::attest_text) OR lower(btrim(s.manager_email, ' ')) = lower(" + at +
               "::attest_text))";
        values.emplace_back(filter.manager);
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

// The people lacking a type their role requires, as a WITH clause naming `roles` r (a role
// and its mask) and `held` h (a staff id and the mask of their current credentials), and the
// test of r and h that is true when a bit of the role's mask is missing from the person's.
// Each required type is a bit in one of the masks' 62-bit words. The values go to `values`.
struct LackingSql {
    std::string with;
    std::string test;
};

LackingSql lacking_sql(const std::vector<std::pair<std::string, std::string>>& requirements,
                       std::vector<Param>& values) {
    constexpr size_t k_word = 62;
    std::map<std::string_view, size_t> bits;
    for (const auto& [role, type] : requirements) {
        bits.emplace(type, 0);
    }
    size_t next_bit = 0;
    for (auto& [type, bit] : bits) {
        bit = next_bit++;
    }
    const size_t words = (bits.size() + k_word - 1) / k_word;
    std::map<std::string_view, std::vector<std::int64_t>> roles;
    for (const auto& [role, type] : requirements) {
        auto& mask = roles.try_emplace(role, words, 0).first->second;
        const size_t bit = bits[type];
        mask[bit / k_word] |= std::int64_t{1} << (bit % k_word);
    }
    auto at = [&] {
        return "$" + std::to_string(values.size());
    };
    std::string sql = "WITH roles AS (SELECT * FROM (VALUES ";
    for (const auto& [role, mask] : roles) {
        values.emplace_back(role);
        sql += (values.size() == 1 ? "(" : ", (") + at() + "::text";
        for (auto word : mask) {
            values.emplace_back(word);
            sql += ", " + at() + "::bigint";
        }
        sql += ")";
    }
    sql += ") r(role";
    std::string lacks;
    for (size_t w = 0; w < words; ++w) {
        const auto n = std::to_string(w);
        sql += ", w" + n;
        lacks += (w == 0 ? "(coalesce(h.w" : " OR (coalesce(h.w") + n + ", 0) & r.w" + n +
                 ") <> r.w" + n;
    }
    sql += ")), held AS (SELECT staff_id";
    for (size_t w = 0; w < words; ++w) {
        sql += ", bit_or(CASE type";
        for (const auto& [type, bit] : bits) {
            if (bit / k_word == w) {
                values.emplace_back(type);
                sql += " WHEN " + at() + "::text THEN " +
                       std::to_string(std::int64_t{1} << (bit % k_word));
            }
        }
        sql += " ELSE 0::bigint END) AS w" + std::to_string(w);
    }
    sql += " FROM credential WHERE current GROUP BY staff_id)";
    return {sql, lacks};
}

} // namespace

// One ordered pass over staff and current credentials through two cursors, both in id order,
// from one snapshot. The server reads the credentials from the current-credential index alone.
void PostgresStore::read_roster(const StaffFilter& filter, RosterSink& sink) {
    ReadSnapshot snapshot(*m_db);
    std::vector<Param> values;
    const StaffFields fields = sink.staff_fields();
    const std::string sql = "SELECT " + prefixed(staff_columns(fields)) +
                            " FROM staff s WHERE true" + filter_sql(filter, values) +
                            " ORDER BY s.id";
    Cursor people(*m_db, "attest_roster_staff", sql, values);
    // A sink that needs the people only gets no credentials: the query finds no row.
    Cursor held(*m_db, "attest_roster_held",
                std::string("SELECT staff_id, type, id, expires, issued, verified_at FROM "
                            "credential WHERE current") +
                    (sink.wants_credentials() ? "" : " AND false") + " ORDER BY staff_id, type",
                {});
    sink.begin(1);
    bool more = held.next();

    fill_roster(
        people, [&] { return people.next(); }, held, [&] { return held.next(); }, more,
        [&](StaffView& r, TextArena& text) { keep_person(r, text, people, 0, fields); }, sink, 0,
        k_batch_staff);
}

// The people a credential report can show something of, from two cursors in staff id order,
// each row a person (columns 0 to 15) with one current credential (type, id, expires, issued,
// verified_at): the credentials `interest` names, by their expiry or their missing
// verification; and the people lacking a required type, from one ordered pass over the current
// credentials, with every current credential they hold (column 21 false for a person holding
// none). A person in both comes from the second. When a sample of the current credentials says
// the interest names more than a fifth of them, the holder's columns repeated on every row
// would cost more than reading the whole roster once, and the whole roster is read. On a large
// roster, and outside the caller's own transaction, the named credentials are read on a
// connection of their own, from the same snapshot, while this one finds the people lacking a type.
void PostgresStore::read_standing(const StaffFilter& filter, const RosterInterest& interest,
                                  RosterSink& sink) {
    // Current credentials in the 1% sample from which a second connection pays its way.
    constexpr std::int64_t k_parallel_sample = 500;
    ReadSnapshot snapshot(*m_db);
    std::vector<Param> named_values;
    named_values.emplace_back(interest.through);
    std::string named = "c.current AND ((c.expires <> '' AND c.expires <= $1)";
    if (!interest.unverified_types.empty()) {
        named += " OR (c.verified_at = '' AND c.type IN (";
        for (size_t i = 0; i < interest.unverified_types.size(); ++i) {
            named_values.emplace_back(interest.unverified_types[i]);
            named += (i == 0 ? "$" : ", $") + std::to_string(named_values.size()) + "::text";
        }
        named += "))";
    }
    named += ")";
    auto sample = m_db->run("SELECT count(*) FILTER (WHERE " + named +
                                "), count(*) FROM credential c TABLESAMPLE SYSTEM (1) "
                                "REPEATABLE (0) WHERE c.current",
                            named_values);
    if (sample.integer(0, 0) * 5 > sample.integer(0, 1)) {
        read_roster(filter, sink);
        return;
    }
    // Whole results are read, not their first rows; compiling them would take longer than
    // running them.
    m_db->command("SET LOCAL cursor_tuple_fraction = 1");
    m_db->command("SET LOCAL jit = off");
    const std::string person = "SELECT " + prefixed(k_staff_columns) +
                               ", c.type, c.id, c.expires, c.issued, c.verified_at";
    const std::string named_sql =
        person + " FROM credential c JOIN staff s ON s.id = c.staff_id WHERE " + named +
        filter_sql(filter, named_values) + " ORDER BY s.id, c.type";
    // The named rows on this connection, or read ahead on a second one while this one finds the
    // people lacking a type (whose first row comes only after a pass over every credential).
    std::optional<Cursor> named_here;
    std::optional<PrefetchCursor> named_ahead;
    std::optional<Cursor> lacking;
    if (!interest.requirements.empty()) {
        std::vector<Param> values;
        auto [with, test] = lacking_sql(interest.requirements, values);
        std::string sql = with + " " + person +
                          ", c.staff_id IS NOT NULL FROM staff s JOIN roles r ON r.role = s.role "
                          "LEFT JOIN held h ON h.staff_id = s.id LEFT JOIN credential c ON "
                          "c.staff_id = s.id AND c.current WHERE (" +
                          test + ")" + filter_sql(filter, values) + " ORDER BY s.id, c.type";
        std::unique_ptr<Connection> second;
        if (snapshot.own() && sample.integer(0, 1) >= k_parallel_sample && !m_conninfo.empty()) {
            // Without a second connection (the server's limit reached, say) it runs on this one.
            if (auto opened = connect(m_conninfo)) {
                second = std::move(*opened);
            }
        }
        if (second) {
            named_ahead.emplace(std::move(second), snapshot.export_name(), named_sql, named_values);
        }
        lacking.emplace(*m_db, "attest_standing_lacking", sql, values);
    }
    if (!named_ahead) {
        named_here.emplace(*m_db, "attest_standing_named", named_sql, named_values);
    }

    sink.begin(1);
    RosterBatch batch;
    std::size_t staff = 0;
    std::size_t credentials = 0;
    auto hand_over = [&] {
        batch.staff.resize(staff);
        batch.holds_required.resize(staff);
        batch.credentials.resize(credentials);
        batch.starts.resize(staff + 1);
        batch.starts[staff] = static_cast<std::uint32_t>(credentials);
        sink.take(0, batch);
        batch.text.clear();
        staff = 0;
        credentials = 0;
    };
    // Takes the person `from` stands on and their rows, moving past them; `all_held` for the
    // cursor of people lacking a type.
    std::string id;
    auto take = [&](auto& from, bool& more, bool all_held) {
        if (staff == batch.staff.size()) {
            batch.staff.emplace_back();
            batch.starts.emplace_back();
            batch.holds_required.emplace_back();
        }
        keep_person(batch.staff[staff], batch.text, from, 0, StaffFields::all);
        batch.starts[staff] = static_cast<std::uint32_t>(credentials);
        batch.holds_required[staff] = static_cast<char>(!all_held);
        ++staff;
        id.assign(from.view(0));
        while (more && from.view(0) == id) {
            if (!all_held || from.view(21) == "t") {
                keep_credential(batch, credentials, from, 16);
            }
            more = from.next();
        }
        if (staff == k_batch_staff) {
            hand_over();
        }
    };
    // The merge of the named rows (a Cursor or a PrefetchCursor) with the people lacking a type
    // from `more_rows` (null when no role requires a type).
    auto merge = [&](auto& named_rows, Cursor* more_rows) {
        bool more_named = named_rows.next();
        bool more_lacking = more_rows != nullptr && more_rows->next();
        while (more_named || more_lacking) {
            int c = !more_named     ? 1
                    : !more_lacking ? -1
                                    : named_rows.view(0).compare(more_rows->view(0));
            if (c < 0) {
                take(named_rows, more_named, false);
                continue;
            }
            take(*more_rows, more_lacking, true);
            while (c == 0 && more_named && named_rows.view(0) == id) {
                more_named = named_rows.next();
            }
        }
    };
    Cursor* more_rows = lacking ? &*lacking : nullptr;
    if (named_ahead) {
        merge(*named_ahead, more_rows);
    } else {
        merge(*named_here, more_rows);
    }
    if (staff > 0) {
        hand_over();
    }
    m_db->command("SET LOCAL jit TO DEFAULT");
    m_db->command("SET LOCAL cursor_tuple_fraction TO DEFAULT");
}

} // namespace attest::storage::postgres
