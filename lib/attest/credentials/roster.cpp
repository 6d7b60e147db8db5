#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include <attest/core/json.hpp>
#include <attest/core/text.hpp>
#include <attest/credentials/import_table.hpp>
#include <attest/credentials/roster.hpp>
#include <attest/journal/journal.hpp>

namespace attest::credentials {

namespace {

using detail::Field;

const std::vector<Field>& staff_fields() {
    static const std::vector<Field> fields = {
        {"id",
         {"id", "staffid", "employeeid", "empid", "emp", "employee", "employeenumber", "empno",
          "employeeno", "badge", "badgenumber", "personnelnumber"},
         true},
        {"last_name", {"lastname", "last", "surname", "familyname"}},
        {"first_name", {"firstname", "first", "givenname"}},
        {"middle_name", {"middlename", "middle", "middleinitial", "mi"}},
        {"name", {"name", "fullname", "employeename", "staffname"}},
        {"former_names",
         {"formernames", "formername", "maidenname", "previousnames", "previousname", "othernames",
          "aka", "alsoknownas"}},
        {"dob", {"dob", "dateofbirth", "birthdate", "birthday"}},
        {"role", {"role", "jobrole", "jobtitle", "position", "title", "jobcode"}, true},
        {"department", {"department", "dept", "unit", "costcenter"}},
        {"site", {"site", "location", "facility", "campus"}},
        {"manager", {"manager", "managername", "supervisor", "supervisorname", "reportsto"}},
        {"manager_email", {"manageremail", "supervisoremail", "reportstoemail"}},
        {"email", {"email", "workemail", "emailaddress"}},
        {"npi", {"npi", "npinumber"}},
        {"hire_date", {"hiredate", "startdate", "dateofhire", "doh"}},
        {"status", {"status", "employmentstatus", "active"}},
    };
    return fields;
}

std::optional<std::string> status_of(std::string_view text) {
    auto value = to_lower(text);
    if (value.empty() || value == "active" || value == "a" || value == "yes" || value == "y" ||
        value == "true" || value == "1" || value == "leave" || value == "loa") {
        return std::string("active");
    }
    if (value == "inactive" || value == "terminated" || value == "t" || value == "termed" ||
        value == "separated" || value == "no" || value == "n" || value == "false" || value == "0" ||
        value == "i") {
        return std::string("inactive");
    }
    return std::nullopt;
}

// "Last, First Middle" or "First Middle Last".
void split_name(std::string_view text, storage::StaffRecord& staff) {
    auto comma = text.find(',');
    std::string rest;
    if (comma != std::string_view::npos) {
        staff.last_name = std::string(trim(text.substr(0, comma)));
        rest = std::string(trim(text.substr(comma + 1)));
        auto space = rest.find(' ');
        staff.first_name = rest.substr(0, space);
        if (space != std::string::npos) {
            staff.middle_name = std::string(trim(std::string_view(rest).substr(space + 1)));
        }
        return;
    }
    auto words = wrap_text(text, 1);
    if (words.empty()) {
        return;
    }
    staff.first_name = words.front();
    if (words.size() > 1) {
        staff.last_name = words.back();
    }
    for (size_t i = 1; i + 1 < words.size(); ++i) {
        staff.middle_name += (staff.middle_name.empty() ? "" : " ") + words[i];
    }
}

bool same(const storage::StaffRecord& a, const storage::StaffRecord& b) {
    return a.first_name == b.first_name && a.middle_name == b.middle_name &&
           a.last_name == b.last_name && a.former_names == b.former_names && a.dob == b.dob &&
           a.role == b.role && a.department == b.department && a.site == b.site &&
           a.manager == b.manager && a.manager_email == b.manager_email && a.email == b.email &&
           a.npi == b.npi && a.hire_date == b.hire_date && a.status == b.status;
}

using Complain = std::function<void(std::string_view field, std::string message)>;

// Checks the fields every member of staff needs, whichever way they arrive.
void check_staff(const config::Config& config, const Date& today, const storage::StaffRecord& staff,
                 const Complain& complain) {
    if (staff.last_name.empty() && staff.first_name.empty()) {
        complain("name", "no name for staff id '" + staff.id + "'");
    }
    if (!config.sites.empty() && !staff.site.empty() &&
        std::find(config.sites.begin(), config.sites.end(), staff.site) == config.sites.end()) {
        auto suggestions = closest_matches(staff.site, config.sites);
        complain("site",
                 "unknown site '" + staff.site + "'" +
                     (suggestions.empty() ? "; configured sites: " + join(config.sites, ", ")
                                          : "; did you mean " + join(suggestions, ", ") + "?"));
    }
    if (!staff.npi.empty() && !valid_npi(staff.npi)) {
        complain("npi", "invalid NPI '" + staff.npi +
                            "': an NPI is 10 digits ending in a Luhn check digit");
    }
    if (!staff.dob.empty() && *parse_iso_date(staff.dob) >= today) {
        complain("dob", "date of birth " + staff.dob + " is not in the past");
    }
    if (!staff.dob.empty() && !staff.hire_date.empty() && staff.hire_date <= staff.dob) {
        complain("hire_date",
                 "hire date " + staff.hire_date + " is not after the date of birth " + staff.dob);
    }
    for (const auto* email : {&staff.email, &staff.manager_email}) {
        if (!email->empty() && email->find('@') == std::string::npos) {
            complain(email == &staff.email ? "email" : "manager_email",
                     "invalid email address '" + *email + "'");
        }
    }
}

nlohmann::json staff_json(const storage::StaffRecord& s) {
    return {{"id", s.id},
            {"name", full_name(s)},
            {"role", s.role},
            {"site", or_null(s.site)},
            {"department", or_null(s.department)},
            {"manager", or_null(s.manager)},
            {"status", s.status},
            {"npi", or_null(s.npi)}};
}

} // namespace

bool valid_npi(std::string_view npi) {
    if (npi.size() != 10 ||
        !std::all_of(npi.begin(), npi.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return false;
    }
    std::string digits = "80840" + std::string(npi.substr(0, 9));
    int sum = 0;
    bool twice = true;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
        int d = *it - '0';
        if (twice) {
            d *= 2;
            if (d > 9) {
                d -= 9;
            }
        }
        sum += d;
        twice = !twice;
    }
    int check = (10 - sum % 10) % 10;
    return npi[9] - '0' == check;
}

Result<std::string> resolve_role(const config::Config& config, const config::ColumnMap& map,
                                 std::string_view text) {
    std::string value(trim(text));
    auto mapped = map.roles.find(value);
    if (mapped != map.roles.end()) {
        value = mapped->second;
    }
    std::vector<std::string> names;
    for (const auto& role : config.credentials.roles) {
        if (role.id == value || to_lower(role.id) == to_lower(value) ||
            to_lower(role.title) == to_lower(value)) {
            return role.id;
        }
        names.push_back(role.id);
        names.push_back(role.title);
    }
    if (config.credentials.roles.empty()) {
        return fail(ErrorKind::invalid_input, "unknown role '" + value + "'",
                    "attest.toml configures no roles; add [roles.ID] tables");
    }
    auto suggestions = closest_matches(value, names);
    return fail(ErrorKind::invalid_input,
                "unknown role '" + value + "'" +
                    (suggestions.empty() ? "" : "; did you mean " + join(suggestions, ", ") + "?"),
                "roles are configured in attest.toml; map HR job titles in a column map's [roles]");
}

Result<std::string> resolve_type(const config::Config& config, const config::ColumnMap& map,
                                 std::string_view text) {
    std::string value(trim(text));
    auto mapped = map.types.find(value);
    if (mapped != map.types.end()) {
        value = mapped->second;
    }
    std::vector<std::string> names;
    for (const auto& type : config.credentials.types) {
        if (type.id == value || to_lower(type.id) == to_lower(value) ||
            to_lower(type.title) == to_lower(value)) {
            return type.id;
        }
        names.push_back(type.id);
    }
    if (names.empty()) {
        return fail(ErrorKind::invalid_input, "unknown credential type '" + value + "'",
                    "attest.toml configures no credential types; add [credential_types.ID] "
                    "tables");
    }
    auto suggestions = closest_matches(value, names);
    return fail(ErrorKind::invalid_input,
                "unknown credential type '" + value + "'" +
                    (suggestions.empty() ? "; known types: " + join(names, ", ")
                                         : "; did you mean " + join(suggestions, ", ") + "?"),
                "known types: " + join(names, ", ") +
                    " (attest.toml [credential_types]; map other names in a column map's "
                    "[types])");
}

Result<std::string> resolve_manager(const std::vector<storage::StaffRecord>& staff,
                                    std::string_view text) {
    std::string wanted(trim(text));
    auto key = to_lower(wanted);
    std::set<std::string> names;
    for (const auto& s : staff) {
        if (s.status != "active") {
            continue;
        }
        for (const auto* field : {&s.manager, &s.manager_email}) {
            std::string value(trim(*field));
            if (value.empty()) {
                continue;
            }
            if (to_lower(value) == key) {
                return wanted;
            }
            names.insert(value);
        }
    }
    std::vector<std::string> candidates(names.begin(), names.end());
    auto suggestions = closest_matches(wanted, candidates);
    std::string hint;
    if (!suggestions.empty()) {
        hint = "did you mean " + join(suggestions, ", ") + "?";
    } else if (candidates.empty()) {
        hint = "no active staff on the roster names a manager";
    } else {
        hint = "'attest staff list' shows each person's manager";
    }
    return fail(ErrorKind::invalid_input, "unknown manager '" + wanted + "'", hint);
}

bool reports_to(const storage::StaffRecord& staff, std::string_view manager) {
    auto key = to_lower(trim(manager));
    return to_lower(trim(staff.manager)) == key || to_lower(trim(staff.manager_email)) == key;
}

std::string full_name(const storage::StaffRecord& s) {
    return full_name(s.first_name, s.middle_name, s.last_name);
}

std::string full_name(std::string_view first, std::string_view middle, std::string_view last) {
    std::string out(first);
    for (auto part : {middle, last}) {
        if (!part.empty()) {
            if (!out.empty()) {
                out += ' ';
            }
            out += part;
        }
    }
    return out;
}

StaffImportPlan plan_staff_import(storage::Store& store, const config::Config& config,
                                  const Date& today, std::string_view text, const std::string& path,
                                  const StaffImportOptions& options, Diagnostics& diagnostics) {
    StaffImportPlan plan;
    plan.full = options.full;
    detail::ImportTable table(text, path, staff_fields(), options.map, diagnostics);
    if (has_errors(diagnostics) && table.rows().empty()) {
        return plan;
    }
    for (const auto& field : staff_fields()) {
        if (field.required && !table.has(field.name)) {
            detail::report(diagnostics, path, 1, 1,
                           "no '" + std::string(field.name) + "' column in the header",
                           Severity::error);
        }
    }
    if (!table.has("name") && !table.has("last_name")) {
        detail::report(diagnostics, path, 1, 1,
                       "no name columns in the header (last name and first name, or name)");
    }
    if (has_errors(diagnostics)) {
        return plan;
    }
    if (config.credentials.roles.empty()) {
        // Said once for the file, not once for every row.
        detail::report(diagnostics, path, 1, table.column("role"),
                       "attest.toml configures no roles, so the roles in this file cannot be "
                       "read; add a [roles.ID] table for each (see docs/configuration.md)");
        return plan;
    }
    DateStyle dob_style = options.dates;
    dob_style.latest_year = today.year();
    DateStyle other_style = options.dates;
    other_style.latest_year = today.year() + 1;
    std::map<std::string, std::pair<storage::StaffRecord, int>> by_id;
    // NPI -> the line and staff id that first gave it.
    std::map<std::string, std::pair<int, std::string>> npi_rows;
    std::vector<std::string> order;
    for (const auto& row : table.rows()) {
        ++plan.rows;
        size_t errors_before = diagnostics.size();
        auto complain = [&](std::string_view field, std::string message) {
            detail::report(diagnostics, path, row.line, table.column(field), std::move(message));
        };
        storage::StaffRecord staff;
        staff.id = std::string(table.get(row, "id"));
        if (staff.id.empty()) {
            complain("id", "empty staff id");
            continue;
        }
        staff.last_name = std::string(table.get(row, "last_name"));
        staff.first_name = std::string(table.get(row, "first_name"));
        staff.middle_name = std::string(table.get(row, "middle_name"));
        if (staff.last_name.empty() && staff.first_name.empty()) {
            split_name(table.get(row, "name"), staff);
        }
        staff.former_names = std::string(table.get(row, "former_names"));
        std::replace(staff.former_names.begin(), staff.former_names.end(), '|', ';');
        auto date = [&](std::string_view field, const DateStyle& style) -> std::string {
            auto value = table.get(row, field);
            if (value.empty()) {
                return {};
            }
            auto parsed = parse_date_text(value, style);
            if (!parsed) {
                complain(field, parsed.error().message);
                return {};
            }
            return parsed->iso();
        };
        staff.dob = date("dob", dob_style);
        staff.hire_date = date("hire_date", other_style);
        auto role_text = table.get(row, "role");
        if (role_text.empty()) {
            complain("role", "empty role for staff id '" + staff.id + "'");
        } else if (auto role = resolve_role(config, options.map, role_text)) {
            staff.role = *role;
        } else {
            complain("role", role.error().message);
        }
        staff.department = std::string(table.get(row, "department"));
        staff.site = std::string(table.get(row, "site"));
        staff.manager = std::string(table.get(row, "manager"));
        staff.manager_email = std::string(table.get(row, "manager_email"));
        staff.email = std::string(table.get(row, "email"));
        staff.npi = std::string(table.get(row, "npi"));
        auto status = status_of(table.get(row, "status"));
        if (!status) {
            complain("status", "unknown status '" + std::string(table.get(row, "status")) +
                                   "'; use active or inactive (terminated)");
        } else {
            staff.status = *status;
        }
        if (diagnostics.size() == errors_before) {
            check_staff(config, today, staff, complain);
        }
        if (diagnostics.size() != errors_before) {
            continue;
        }
        if (!staff.npi.empty()) {
            auto [other, fresh] = npi_rows.try_emplace(staff.npi, row.line, staff.id);
            if (!fresh && other->second.second != staff.id) {
                complain("npi", "NPI " + staff.npi + " of staff id '" + staff.id +
                                    "' is also on line " + std::to_string(other->second.first) +
                                    " (staff id '" + other->second.second +
                                    "'); an NPI belongs to one person");
                continue;
            }
        }
        auto found = by_id.find(staff.id);
        if (found != by_id.end()) {
            detail::report(diagnostics, path, row.line, table.column("id"),
                           "staff id '" + staff.id + "' also on line " +
                               std::to_string(found->second.second) + "; line " +
                               std::to_string(row.line) + " wins",
                           Severity::warning);
            found->second = {std::move(staff), row.line};
            continue;
        }
        std::string id = staff.id;
        order.push_back(id);
        by_id.emplace(std::move(id), std::make_pair(std::move(staff), row.line));
    }
    if (has_errors(diagnostics)) {
        return plan;
    }
    std::map<std::string, storage::StaffRecord> existing;
    for (auto& staff : store.staff()) {
        existing.emplace(staff.id, std::move(staff));
    }
    // Someone on record who holds a file row's NPI and keeps it (the file does not list them
    // with their own NPI, which would replace it).
    for (const auto& [id, on_record] : existing) {
        if (on_record.npi.empty() || by_id.count(id) != 0) {
            continue;
        }
        auto clash = npi_rows.find(on_record.npi);
        if (clash != npi_rows.end() && clash->second.second != id) {
            detail::report(diagnostics, path, clash->second.first, table.column("npi"),
                           "NPI " + on_record.npi + " of staff id '" + clash->second.second +
                               "' is already on record for staff id '" + id +
                               "'; an NPI belongs to one person");
        }
    }
    if (has_errors(diagnostics)) {
        return plan;
    }
    for (const auto& id : order) {
        auto& staff = by_id[id].first;
        auto it = existing.find(id);
        if (it == existing.end()) {
            plan.added.push_back(staff);
        } else if (same(it->second, staff)) {
            ++plan.unchanged;
        } else {
            plan.updated.push_back(staff);
        }
    }
    for (const auto& [id, staff] : existing) {
        if (staff.status == "active" && by_id.count(id) == 0) {
            plan.absent.push_back(staff);
        }
    }
    return plan;
}

void apply_staff_import(storage::Store& store, const Clock& clock, const std::string& actor,
                        const StaffImportPlan& plan, const std::string& path,
                        const std::string& sha256) {
    auto now = clock.timestamp();
    std::vector<storage::StaffRecord> written;
    written.reserve(plan.added.size() + plan.updated.size());
    for (auto list : {&plan.added, &plan.updated}) {
        for (auto staff : *list) {
            staff.updated_at = now;
            written.push_back(std::move(staff));
        }
    }
    store.put_staff_many(written);
    nlohmann::json deactivated = nlohmann::json::array();
    if (plan.full) {
        for (const auto& staff : plan.absent) {
            store.set_staff_status(staff.id, "inactive", now);
            deactivated.push_back(staff.id);
        }
    }
    nlohmann::json added = nlohmann::json::array();
    for (const auto& s : plan.added) {
        added.push_back(s.id);
    }
    nlohmann::json updated = nlohmann::json::array();
    for (const auto& s : plan.updated) {
        updated.push_back(s.id);
    }
    nlohmann::json details = {{"file", path},       {"sha256", sha256},
                              {"rows", plan.rows},  {"added", added},
                              {"updated", updated}, {"unchanged", plan.unchanged},
                              {"full", plan.full},  {"deactivated", deactivated}};
    journal::append(store, clock, {actor, "staff import", "staff", details.dump()});
}

Result<storage::StaffRecord> add_staff(storage::Store& store, const config::Config& config,
                                       const Clock& clock, const std::string& actor,
                                       storage::StaffRecord staff) {
    staff.id = std::string(trim(staff.id));
    if (staff.id.empty()) {
        return fail(ErrorKind::invalid_input, "a member of staff needs an id", "pass --id");
    }
    if (store.find_staff(staff.id)) {
        return fail(ErrorKind::conflict, "staff id '" + staff.id + "' is already on the roster",
                    "'attest staff show " + staff.id + "' shows them");
    }
    auto role = resolve_role(config, {}, staff.role);
    if (!role) {
        return tl::unexpected(role.error());
    }
    staff.role = *role;
    if (!staff.npi.empty()) {
        for (const auto& other : store.staff()) {
            if (other.npi == staff.npi) {
                return fail(ErrorKind::conflict,
                            "NPI " + staff.npi + " is already on record for staff id '" + other.id +
                                "'; an NPI belongs to one person",
                            "'attest staff show " + other.id + "' shows them");
            }
        }
    }
    std::optional<Error> problem;
    check_staff(config, clock.today(), staff, [&](std::string_view, std::string message) {
        if (!problem) {
            problem = Error{ErrorKind::invalid_input, std::move(message), std::nullopt, {}};
        }
    });
    if (problem) {
        return tl::unexpected(*problem);
    }
    staff.status = "active";
    staff.updated_at = clock.timestamp();
    store.put_staff(staff);
    journal::append(store, clock,
                    {actor, "staff add", "staff:" + staff.id, staff_json(staff).dump()});
    return staff;
}

Result<storage::StaffRecord> find_staff(storage::Store& store, const std::string& id) {
    if (auto staff = store.find_staff(id)) {
        return *staff;
    }
    std::vector<std::string> ids;
    for (const auto& s : store.staff()) {
        ids.push_back(s.id);
    }
    auto suggestions = closest_matches(id, ids);
    return fail(ErrorKind::not_found, "no staff id '" + id + "' on the roster",
                suggestions.empty() ? "'attest staff list' shows the roster"
                                    : "did you mean " + join(suggestions, ", ") + "?");
}

Result<void> deactivate_staff(storage::Store& store, const Clock& clock, const std::string& actor,
                              const std::string& id, const std::string& reason) {
    auto staff = find_staff(store, id);
    if (!staff) {
        return tl::unexpected(staff.error());
    }
    if (staff->status == "inactive") {
        return fail(ErrorKind::conflict, "staff id '" + id + "' is already inactive");
    }
    store.set_staff_status(id, "inactive", clock.timestamp());
    journal::append(store, clock,
                    {actor, "staff deactivate", "staff:" + id,
                     nlohmann::json{{"name", full_name(*staff)}, {"reason", reason}}.dump()});
    return {};
}

} // namespace attest::credentials
