#include <attest/storage/roster_fill.hpp>

#include "backend.hpp"
#include "copy_data.hpp"

namespace attest::storage::postgres {

const char* const k_staff_columns = staff_columns(StaffFields::all);

void assign_staff(StaffRecord& r, const Rows& rows, int row, int at) {
    std::string* fields[] = {&r.id,           &r.first_name, &r.middle_name,   &r.last_name,
                             &r.former_names, &r.dob,        &r.role,          &r.department,
                             &r.site,         &r.manager,    &r.manager_email, &r.email,
                             &r.npi,          &r.hire_date,  &r.status,        &r.updated_at};
    for (auto* field : fields) {
        field->assign(rows.view(row, at++));
    }
}

namespace {

std::vector<StaffRecord> read_staff(const Rows& rows) {
    std::vector<StaffRecord> out(static_cast<size_t>(rows.size()));
    for (int i = 0; i < rows.size(); ++i) {
        assign_staff(out[static_cast<size_t>(i)], rows, i, 0);
    }
    return out;
}

} // namespace

namespace {

// Replaces every column but the id with the incoming row's, for an INSERT ... ON CONFLICT.
constexpr const char* k_staff_upsert =
    " ON CONFLICT (id) DO UPDATE SET first_name = excluded.first_name, "
    "middle_name = excluded.middle_name, last_name = excluded.last_name, "
    "former_names = excluded.former_names, dob = excluded.dob, role = excluded.role, "
    "department = excluded.department, site = excluded.site, manager = "
    "excluded.manager, manager_email = excluded.manager_email, email = excluded.email, "
    "npi = excluded.npi, hire_date = excluded.hire_date, status = excluded.status, "
    "updated_at = excluded.updated_at";

// Below this many people, one statement each costs less than a staging table.
constexpr size_t k_staff_copy_threshold = 64;

} // namespace

void PostgresStore::put_staff(const StaffRecord& r) {
    m_db->run(std::string("INSERT INTO staff(") + k_staff_columns +
                  ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, "
                  "$16)" +
                  k_staff_upsert,
              {r.id, r.first_name, r.middle_name, r.last_name, r.former_names, r.dob, r.role,
               r.department, r.site, r.manager, r.manager_email, r.email, r.npi, r.hire_date,
               r.status, r.updated_at});
}

// An import's people in one binary COPY to a staging table and one upsert from it: one round
// trip and one firing of the journal's state triggers instead of one per person.
void PostgresStore::put_staff_many(std::span<const StaffRecord> staff) {
    if (staff.size() < k_staff_copy_threshold) {
        Store::put_staff_many(staff);
        return;
    }
    // Created once per session (a rolled-back transaction takes it away again).
    if (m_db->run("SELECT to_regclass('pg_temp.attest_staff_in') IS NULL").boolean(0, 0)) {
        m_db->command("CREATE TEMPORARY TABLE attest_staff_in (LIKE staff) ON COMMIT DELETE ROWS");
    }
    CopyData data;
    for (const auto& r : staff) {
        data.row(16);
        for (const auto* field :
             {&r.id, &r.first_name, &r.middle_name, &r.last_name, &r.former_names, &r.dob, &r.role,
              &r.department, &r.site, &r.manager, &r.manager_email, &r.email, &r.npi, &r.hire_date,
              &r.status, &r.updated_at}) {
            data.text(*field);
        }
    }
    m_db->copy_in(
        (std::string("COPY attest_staff_in(") + k_staff_columns + ") FROM STDIN (FORMAT binary)")
            .c_str(),
        data.finish());
    m_db->command((std::string("INSERT INTO staff(") + k_staff_columns + ") SELECT " +
                   k_staff_columns + " FROM attest_staff_in" + k_staff_upsert)
                      .c_str());
    m_db->command("DELETE FROM attest_staff_in");
}

std::optional<StaffRecord> PostgresStore::find_staff(const std::string& id) {
    auto found = read_staff(
        m_db->run(std::string("SELECT ") + k_staff_columns + " FROM staff WHERE id = $1", {id}));
    if (found.empty()) {
        return std::nullopt;
    }
    return found.front();
}

std::vector<StaffRecord> PostgresStore::staff() {
    return read_staff(
        m_db->run(std::string("SELECT ") + k_staff_columns + " FROM staff ORDER BY id"));
}

std::vector<std::string> PostgresStore::staff_ids() {
    auto rows = m_db->run("SELECT id FROM staff ORDER BY id");
    std::vector<std::string> out;
    out.reserve(static_cast<size_t>(rows.size()));
    for (int i = 0; i < rows.size(); ++i) {
        out.emplace_back(rows.view(i, 0));
    }
    return out;
}

void PostgresStore::set_staff_status(const std::string& id, const std::string& status,
                                     const std::string& updated_at) {
    m_db->run("UPDATE staff SET status = $2, updated_at = $3 WHERE id = $1",
              {id, status, updated_at});
}

} // namespace attest::storage::postgres
