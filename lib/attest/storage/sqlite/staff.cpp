
#include <attest/storage/roster_fill.hpp>

#include "backend.hpp"

namespace attest::storage::sqlite {

const char* const k_staff_columns = staff_columns(StaffFields::all);

StaffRecord read_staff(const Statement& s, int at) {
    StaffRecord r;
    std::string* fields[] = {&r.id,           &r.first_name, &r.middle_name,   &r.last_name,
                             &r.former_names, &r.dob,        &r.role,          &r.department,
                             &r.site,         &r.manager,    &r.manager_email, &r.email,
                             &r.npi,          &r.hire_date,  &r.status,        &r.updated_at};
    for (auto* field : fields) {
        *field = s.view(at++);
    }
    return r;
}

void SqliteStore::put_staff(const StaffRecord& r) {
    // Prepared once: a roster import puts hundreds of thousands of people.
    if (!m_put_staff) {
        m_put_staff = std::make_unique<Statement>(
            m_db, "INSERT OR REPLACE INTO staff(id, first_name, middle_name, last_name, "
                  "former_names, dob, role, department, site, manager, manager_email, email, "
                  "npi, hire_date, status, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
                  "?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)");
    }
    Statement& statement = *m_put_staff;
    statement.rewind();
    const std::string* fields[] = {&r.id,           &r.first_name, &r.middle_name,   &r.last_name,
                                   &r.former_names, &r.dob,        &r.role,          &r.department,
                                   &r.site,         &r.manager,    &r.manager_email, &r.email,
                                   &r.npi,          &r.hire_date,  &r.status,        &r.updated_at};
    int index = 1;
    for (const auto* field : fields) {
        statement.bind(index++, *field);
    }
    statement.run();
}

std::optional<StaffRecord> SqliteStore::find_staff(const std::string& id) {
    Statement statement(
        m_db, (std::string("SELECT ") + k_staff_columns + " FROM staff WHERE id = ?1").c_str());
    statement.bind(1, id);
    if (statement.step()) {
        return read_staff(statement, 0);
    }
    return std::nullopt;
}

std::vector<StaffRecord> SqliteStore::staff() {
    Statement statement(
        m_db, (std::string("SELECT ") + k_staff_columns + " FROM staff ORDER BY id").c_str());
    std::vector<StaffRecord> out;
    // Sized first: a roster of 200,000 grown by doubling moves every record many times.
    Statement count(m_db, "SELECT count(*) FROM staff");
    if (count.step()) {
        out.reserve(static_cast<size_t>(count.integer(0)));
    }
    while (statement.step()) {
        out.push_back(read_staff(statement, 0));
    }
    return out;
}

std::vector<std::string> SqliteStore::staff_ids() {
    Statement statement(m_db, "SELECT id FROM staff ORDER BY id");
    std::vector<std::string> out;
    while (statement.step()) {
        out.emplace_back(statement.view(0));
    }
    return out;
}

void SqliteStore::set_staff_status(const std::string& id, const std::string& status,
                                   const std::string& updated_at) {
    Statement statement(m_db, "UPDATE staff SET status = ?2, updated_at = ?3 WHERE id = ?1");
    statement.bind(1, id).bind(2, status).bind(3, updated_at).run();
}

} // namespace attest::storage::sqlite
