#include <attest/storage/roster_fill.hpp>

#include "backend.hpp"

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

} // namespace

// One ordered pass over staff and current credentials through two cursors, both in id order,
// from one snapshot. The server reads the credentials from the current-credential index alone.
void PostgresStore::read_roster(const StaffFilter& filter, RosterSink& sink) {
    ReadSnapshot snapshot(*m_db);
    std::vector<Param> values;
    const std::string sql = "SELECT " + prefixed(k_staff_columns) + " FROM staff s WHERE true" +
                            filter_sql(filter, values) + " ORDER BY s.id";
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
        [&](StaffView& r, TextArena& text) {
            std::string_view* fields[] = {
                &r.id,   &r.first_name, &r.middle_name, &r.last_name, &r.former_names,  &r.dob,
                &r.role, &r.department, &r.site,        &r.manager,   &r.manager_email, &r.email,
                &r.npi,  &r.hire_date,  &r.status,      &r.updated_at};
            int column = 0;
            for (auto* field : fields) {
                *field = text.keep(people.view(column++));
            }
        },
        sink, 0, k_batch_staff);
}

} // namespace attest::storage::postgres
