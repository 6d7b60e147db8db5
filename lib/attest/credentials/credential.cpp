#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include <attest/core/text.hpp>
#include <attest/credentials/credential.hpp>
#include <attest/credentials/import_table.hpp>
#include <attest/credentials/roster.hpp>
#include <attest/journal/journal.hpp>

namespace attest::credentials {

namespace {

using detail::Field;

const std::vector<Field>& credential_fields() {
    static const std::vector<Field> fields = {
        {"staff_id",
         {"staffid", "id", "employeeid", "empid", "emp", "employee", "employeenumber", "empno",
          "badge"},
         true},
        {"type",
         {"type", "credential", "credentialtype", "credentialid", "certification", "license",
          "training", "course"},
         true},
        {"number", {"number", "credentialnumber", "licensenumber", "licenseno", "certnumber"}},
        {"issuer", {"issuer", "issuedby", "issuingbody", "board", "instructor", "provider"}},
        {"issued",
         {"issued", "issuedate", "dateissued", "issuedon", "completed", "completiondate",
          "completedon", "effectivedate"}},
        {"expires",
         {"expires", "expiry", "expirydate", "expiration", "expirationdate", "expireson", "exp",
          "validthrough"}},
        {"verified_by", {"verifiedby", "psvby"}},
        {"verified_at", {"verifiedat", "verifiedon", "verifieddate", "psvdate"}},
        {"note", {"note", "notes", "comment", "comments"}},
    };
    return fields;
}

Date end_of_month(const Date& date) {
    using namespace std::chrono;
    auto ymd = date.ymd();
    return Date{sys_days{year_month_day_last{ymd.year(), month_day_last{ymd.month()}}}};
}

std::string key_of(const storage::CredentialRecord& c) {
    return c.staff_id + '\x1f' + c.type + '\x1f' + c.issued + '\x1f' + c.expires + '\x1f' +
           c.number;
}

nlohmann::json credential_json(const storage::CredentialRecord& c) {
    return {{"staff", c.staff_id},          {"type", c.type},
            {"number", c.number},           {"issuer", c.issuer},
            {"issued", c.issued},           {"expires", c.expires},
            {"verified_by", c.verified_by}, {"verified_at", c.verified_at}};
}

} // namespace

Result<std::optional<Date>> compute_expiry(const config::CredentialType& type,
                                           std::optional<Date> issued,
                                           std::optional<Date> expires) {
    std::optional<Date> result;
    if (expires) {
        result = type.end_of_month ? end_of_month(*expires) : *expires;
    } else if (type.validity) {
        if (!issued) {
            return fail(ErrorKind::invalid_input,
                        type.id + " expires (it is valid for " +
                            (type.validity->months > 0
                                 ? std::to_string(type.validity->months) + " months"
                                 : std::to_string(type.validity->days) + " days") +
                            "), so it needs an expiry date or an issue date");
        }
        Date end = issued->plus_months(type.validity->months).plus_days(type.validity->days);
        result = type.end_of_month ? end_of_month(end) : end;
    }
    if (result && issued && *result < *issued) {
        return fail(ErrorKind::invalid_input,
                    "expiry date " + result->iso() + " is before the issue date " + issued->iso());
    }
    return result;
}

Result<storage::CredentialRecord> add_credential(storage::Store& store,
                                                 const config::Config& config, const Clock& clock,
                                                 const std::string& actor,
                                                 const NewCredential& request, Renewal renewal) {
    auto staff = find_staff(store, request.staff_id);
    if (!staff) {
        return tl::unexpected(staff.error());
    }
    auto type_id = resolve_type(config, {}, request.type);
    if (!type_id) {
        return tl::unexpected(type_id.error());
    }
    const auto& type = *config.credentials.type(*type_id);
    if (request.issued && *request.issued > clock.today()) {
        return fail(ErrorKind::invalid_input,
                    "issue date " + request.issued->iso() + " is in the future");
    }
    auto expires = compute_expiry(type, request.issued, request.expires);
    if (!expires) {
        return tl::unexpected(expires.error());
    }
    std::optional<storage::CredentialRecord> current;
    for (const auto& c : store.credentials(staff->id)) {
        if (c.type == type.id) {
            if (!current || c.expires.empty() ||
                (!current->expires.empty() && c.expires >= current->expires)) {
                current = c;
            }
        }
    }
    if (renewal == Renewal::yes) {
        if (!current) {
            return fail(ErrorKind::not_found, staff->id + " holds no " + type.id + " to renew",
                        "record a first one with 'attest cred add " + staff->id + " " + type.id +
                            "'");
        }
        if (!current->expires.empty() && *expires && (*expires)->iso() <= current->expires) {
            return fail(ErrorKind::invalid_input, "the renewal expires " + (*expires)->iso() +
                                                      ", not after the current " + type.id + " (" +
                                                      current->expires + ")");
        }
    }
    storage::CredentialRecord record;
    record.staff_id = staff->id;
    record.type = type.id;
    record.number = request.number;
    record.issuer = request.issuer;
    record.issued = request.issued ? request.issued->iso() : "";
    record.expires = *expires ? (*expires)->iso() : "";
    record.verified_by = request.verified_by;
    record.verified_at = request.verified_at ? request.verified_at->iso() : "";
    record.note = request.note;
    record.recorded_by = actor;
    record.recorded_at = clock.timestamp();
    record.id = store.add_credentials({record});
    auto details = credential_json(record);
    if (current) {
        details["previous_expires"] = current->expires;
    }
    journal::append(store, clock,
                    {actor, renewal == Renewal::yes ? "cred renew" : "cred add",
                     "staff:" + staff->id, details.dump()});
    return record;
}

CredentialImportPlan plan_credential_import(storage::Store& store, const config::Config& config,
                                            const Clock& clock, const std::string& actor,
                                            std::string_view text, const std::string& path,
                                            const CredentialImportOptions& options,
                                            Diagnostics& diagnostics) {
    CredentialImportPlan plan;
    detail::ImportTable table(text, path, credential_fields(), options.map, diagnostics);
    for (const auto& field : credential_fields()) {
        if (field.required && !table.has(field.name) && !has_errors(diagnostics)) {
            detail::report(diagnostics, path, 1, 1,
                           "no '" + std::string(field.name) + "' column in the header");
        }
    }
    if (has_errors(diagnostics) && table.rows().empty()) {
        return plan;
    }
    std::unordered_set<std::string> staff_ids;
    for (const auto& s : store.staff()) {
        staff_ids.insert(s.id);
    }
    std::unordered_set<std::string> seen;
    seen.reserve(table.rows().size());
    for (const auto& c : store.credentials("")) {
        seen.insert(key_of(c));
    }
    auto today = clock.today();
    auto recorded_at = clock.timestamp();
    DateStyle style = options.dates;
    style.latest_year = today.year() + 1;
    DateStyle expiry_style = options.dates;
    expiry_style.latest_year = today.year() + 60;
    std::unordered_map<std::string, std::string> type_cache;
    plan.credentials.reserve(table.rows().size());
    for (const auto& row : table.rows()) {
        ++plan.rows;
        size_t errors_before = diagnostics.size();
        auto complain = [&](std::string_view field, std::string message) {
            detail::report(diagnostics, path, row.line, table.column(field), std::move(message));
        };
        storage::CredentialRecord c;
        c.staff_id = std::string(table.get(row, "staff_id"));
        if (c.staff_id.empty()) {
            complain("staff_id", "empty staff id");
        } else if (staff_ids.count(c.staff_id) == 0) {
            complain("staff_id", "no staff id '" + c.staff_id +
                                     "' on the roster; import the roster first ('attest staff "
                                     "import')");
        }
        auto type_text = std::string(table.get(row, "type"));
        auto cached = type_cache.find(type_text);
        if (cached != type_cache.end()) {
            c.type = cached->second;
        } else if (auto type = resolve_type(config, options.map, type_text)) {
            c.type = *type;
            type_cache.emplace(type_text, *type);
        } else {
            complain("type", type.error().message);
        }
        auto date = [&](std::string_view field, const DateStyle& s) -> std::optional<Date> {
            auto value = table.get(row, field);
            if (value.empty()) {
                return std::nullopt;
            }
            auto parsed = parse_date_text(value, s);
            if (!parsed) {
                complain(field, parsed.error().message);
                return std::nullopt;
            }
            return *parsed;
        };
        auto issued = date("issued", style);
        auto expires = date("expires", expiry_style);
        auto verified = date("verified_at", style);
        if (diagnostics.size() != errors_before) {
            continue;
        }
        if (issued && *issued > today) {
            complain("issued", "issue date " + issued->iso() + " is in the future");
            continue;
        }
        const auto& type = *config.credentials.type(c.type);
        auto expiry = compute_expiry(type, issued, expires);
        if (!expiry) {
            complain(expires ? "expires" : "issued", expiry.error().message);
            continue;
        }
        if (!expires && *expiry) {
            ++plan.computed_expiry;
        }
        if (!*expiry) {
            ++plan.never_expire;
        }
        c.number = std::string(table.get(row, "number"));
        c.issuer = std::string(table.get(row, "issuer"));
        c.issued = issued ? issued->iso() : "";
        c.expires = *expiry ? (*expiry)->iso() : "";
        c.verified_by = std::string(table.get(row, "verified_by"));
        c.verified_at = verified ? verified->iso() : "";
        c.note = std::string(table.get(row, "note"));
        c.recorded_by = actor;
        c.recorded_at = recorded_at;
        if (!seen.insert(key_of(c)).second) {
            ++plan.already_recorded;
            continue;
        }
        plan.credentials.push_back(std::move(c));
    }
    return plan;
}

void apply_credential_import(storage::Store& store, const Clock& clock, const std::string& actor,
                             const CredentialImportPlan& plan, const std::string& path,
                             const std::string& sha256) {
    store.add_credentials(plan.credentials);
    nlohmann::json details = {{"file", path},
                              {"sha256", sha256},
                              {"rows", plan.rows},
                              {"added", plan.credentials.size()},
                              {"already_recorded", plan.already_recorded},
                              {"computed_expiry", plan.computed_expiry},
                              {"never_expire", plan.never_expire}};
    journal::append(store, clock, {actor, "cred import", "credentials", details.dump()});
}

std::vector<std::string> read_sign_in_sheet(storage::Store& store, std::string_view text,
                                            const std::string& path, Diagnostics& diagnostics) {
    std::vector<Field> fields = {credential_fields().front()};
    detail::ImportTable table(text, path, fields, {}, diagnostics);
    std::vector<std::string> ids;
    if (!table.has("staff_id")) {
        if (!has_errors(diagnostics)) {
            detail::report(diagnostics, path, 1, 1,
                           "no staff id column in the sign-in sheet (such as 'Employee ID')");
        }
        return ids;
    }
    for (const auto& row : table.rows()) {
        std::string id(table.get(row, "staff_id"));
        if (id.empty()) {
            continue;
        }
        auto staff = find_staff(store, id);
        if (!staff) {
            detail::report(diagnostics, path, row.line, table.column("staff_id"),
                           staff.error().message + " (" + staff.error().hint + ")");
            continue;
        }
        if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
            ids.push_back(id);
        }
    }
    return ids;
}

Result<std::vector<storage::CredentialRecord>>
record_session(storage::Store& store, const config::Config& config, const Clock& clock,
               const std::string& actor, const Session& session) {
    auto type_id = resolve_type(config, {}, session.type);
    if (!type_id) {
        return tl::unexpected(type_id.error());
    }
    if (session.staff_ids.empty()) {
        return fail(ErrorKind::invalid_input, "nobody attended: the session names no staff");
    }
    if (session.date > clock.today()) {
        return fail(ErrorKind::invalid_input,
                    "the session date " + session.date.iso() + " is in the future");
    }
    const auto& type = *config.credentials.type(*type_id);
    auto expires = compute_expiry(type, session.date, std::nullopt);
    if (!expires) {
        return tl::unexpected(expires.error());
    }
    std::vector<storage::CredentialRecord> records;
    auto now = clock.timestamp();
    for (const auto& id : session.staff_ids) {
        storage::CredentialRecord c;
        c.staff_id = id;
        c.type = type.id;
        c.issuer = session.instructor;
        c.issued = session.date.iso();
        c.expires = *expires ? (*expires)->iso() : "";
        c.note = session.note;
        c.recorded_by = actor;
        c.recorded_at = now;
        records.push_back(std::move(c));
    }
    store.add_credentials(records);
    nlohmann::json details = {{"type", type.id},
                              {"date", session.date.iso()},
                              {"expires", *expires ? (*expires)->iso() : ""},
                              {"instructor", session.instructor},
                              {"note", session.note},
                              {"staff", session.staff_ids}};
    journal::append(store, clock, {actor, "cred session", "credentials", details.dump()});
    return records;
}

} // namespace attest::credentials
