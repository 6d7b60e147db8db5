#include <algorithm>
#include <deque>
#include <future>
#include <thread>
#include <tuple>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include <attest/core/json.hpp>
#include <attest/core/text.hpp>
#include <attest/credentials/credential.hpp>
#include <attest/credentials/import_table.hpp>
#include <attest/credentials/renewal.hpp>
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

// A record as a row for the store; the row points into the record.
storage::CredentialRow row_of(const storage::CredentialRecord& c) {
    return {c.staff_id, c.type,        c.number,      c.issuer, c.issued,
            c.expires,  c.verified_by, c.verified_at, c.note};
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
    const char* command = renewal == Renewal::yes ? "cred renew" : "cred add";
    auto row = row_of(record);
    record.id = credentials::add_credentials(store, {actor, record.recorded_at, command},
                                             std::span<const storage::CredentialRow>(&row, 1));
    record.current = !current || renews(record.expires, current->expires);
    auto details = credential_json(record);
    if (current) {
        details["previous_expires"] = current->expires;
    }
    journal::append(store, clock,
                    {actor, renewal == Renewal::yes ? "cred renew" : "cred add",
                     "staff:" + staff->id, details.dump()});
    return record;
}

Result<storage::CredentialRecord>
verify_credential(storage::Store& store, const config::Config& config, const Clock& clock,
                  const std::string& actor, const std::string& staff_id, const std::string& type,
                  const std::string& verified_by, const Date& on) {
    auto staff = find_staff(store, staff_id);
    if (!staff) {
        return tl::unexpected(staff.error());
    }
    auto type_id = resolve_type(config, {}, type);
    if (!type_id) {
        return tl::unexpected(type_id.error());
    }
    if (trim(verified_by).empty()) {
        return fail(ErrorKind::invalid_input, "say who verified the credential",
                    "for example --by \"J. Ortiz, board website lookup\"");
    }
    if (on > clock.today()) {
        return fail(ErrorKind::invalid_input,
                    "verification date " + on.iso() + " is in the future");
    }
    std::optional<storage::CredentialRecord> current;
    for (auto& c : store.credentials(staff->id)) {
        if (c.type == *type_id && c.current) {
            current = std::move(c);
        }
    }
    if (!current) {
        return fail(ErrorKind::not_found, staff->id + " holds no " + *type_id + " to verify",
                    "record it first with 'attest cred add " + staff->id + " " + *type_id + "'");
    }
    if (!current->issued.empty() && on.iso() < current->issued) {
        return fail(ErrorKind::invalid_input, "verification date " + on.iso() +
                                                  " is before the credential was issued (" +
                                                  current->issued + ")");
    }
    store.set_verified(staff->id, *type_id, verified_by, on.iso());
    nlohmann::json details = {{"staff", staff->id},
                              {"type", *type_id},
                              {"credential", current->id},
                              {"verified_by", verified_by},
                              {"verified_at", on.iso()},
                              {"previous_verified_by", or_null(current->verified_by)},
                              {"previous_verified_at", or_null(current->verified_at)}};
    journal::append(store, clock, {actor, "cred verify", "staff:" + staff->id, details.dump()});
    current->verified_by = verified_by;
    current->verified_at = on.iso();
    return *current;
}

namespace {

// A share of a credential file's rows, checked on its own thread: the problems found, and
// the text its rows point to that is not in the file.
struct CheckedRows {
    Diagnostics diagnostics;
    size_t computed_expiry = 0;
    size_t never_expire = 0;
    // ISO dates, ten characters each (with room for any year Date can write).
    std::string dates;
    std::deque<std::string> strings;
};

// What an import plan keeps alive: the file text its rows point into, and the text each
// share of rows wrote.
struct ImportText {
    std::shared_ptr<const CsvTable::Storage> file;
    std::vector<CheckedRows> shares;
};

// The roster's staff ids in byte order, looked up from where the last lookup ended: files list
// people in id order more often than not, so most lookups step forward a place or two.
class RosterIds {
public:
    explicit RosterIds(std::vector<std::string> ids) : m_ids(std::move(ids)) {
        if (!std::is_sorted(m_ids.begin(), m_ids.end())) {
            std::sort(m_ids.begin(), m_ids.end());
        }
    }

    // Whether `id` is on the roster; `at` is the caller's place, kept between calls.
    bool contains(std::string_view id, size_t& at) const {
        auto below = [](const std::string& held, std::string_view wanted) {
            return held < wanted;
        };
        if (at >= m_ids.size() || m_ids[at] > id) {
            at = static_cast<size_t>(std::lower_bound(m_ids.begin(), m_ids.end(), id, below) -
                                     m_ids.begin());
        } else {
            for (int step = 0; step < 4 && at < m_ids.size() && m_ids[at] < id; ++step) {
                ++at;
            }
            if (at < m_ids.size() && m_ids[at] < id) {
                at = static_cast<size_t>(
                    std::lower_bound(m_ids.begin() + static_cast<std::ptrdiff_t>(at), m_ids.end(),
                                     id, below) -
                    m_ids.begin());
            }
        }
        return at < m_ids.size() && m_ids[at] == id;
    }

private:
    std::vector<std::string> m_ids;
};

// Puts `rows` in `order` (a permutation of their indexes) in place: no second copy of a file's
// rows is made.
void permute(std::vector<storage::CredentialRow>& rows, std::span<const std::uint32_t> order) {
    std::vector<bool> placed(rows.size(), false);
    for (size_t start = 0; start < rows.size(); ++start) {
        if (placed[start] || order[start] == start) {
            continue;
        }
        const storage::CredentialRow first = rows[start];
        size_t at = start;
        for (;;) {
            placed[at] = true;
            const size_t from = order[at];
            if (from == start) {
                rows[at] = first;
                break;
            }
            rows[at] = rows[from];
            at = from;
        }
    }
}

// The fields that make two credential records the same one.
auto identity(const storage::CredentialRow& c) {
    return std::tuple{c.staff_id, c.type, c.issued, c.expires, c.number};
}

struct RowChecker {
    const config::Config& config;
    const CredentialImportOptions& options;
    const detail::ImportTable& table;
    const std::string& path;
    const RosterIds& known_staff;
    Date today;
    DateStyle style;
    DateStyle expiry_style;

    // Checks `rows`, writing the credential of each good one to the same place in `into`.
    void check(std::span<const CsvRow> rows, std::span<storage::CredentialRow> into,
               CheckedRows& out) const {
        out.dates.resize(rows.size() * 30 + 24);
        char* next_date = out.dates.data();
        const char* dates_end = next_date + out.dates.size();
        auto keep_date = [&](const std::optional<Date>& date) -> std::string_view {
            if (!date) {
                return {};
            }
            if (dates_end - next_date < 24) {
                return out.strings.emplace_back(date->iso());
            }
            char* start = next_date;
            next_date = date->write_iso(next_date);
            return {start, static_cast<size_t>(next_date - start)};
        };
        // Spreadsheets repeat a handful of type names; each is resolved once.
        std::vector<std::pair<std::string, const config::CredentialType*>> type_cache;
        const int staff_at = table.index("staff_id");
        const int type_at = table.index("type");
        const int number_at = table.index("number");
        const int issuer_at = table.index("issuer");
        const int issued_at = table.index("issued");
        const int expires_at = table.index("expires");
        const int verified_by_at = table.index("verified_by");
        const int verified_at_at = table.index("verified_at");
        const int note_at = table.index("note");
        auto& diagnostics = out.diagnostics;
        // Files list each person's credentials together; a repeated id is checked once.
        std::string_view known;
        size_t roster_at = 0;
        for (size_t i = 0; i < rows.size(); ++i) {
            const auto& row = rows[i];
            size_t errors_before = diagnostics.size();
            auto complain = [&](std::string_view field, std::string message) {
                detail::report(diagnostics, path, row.line, table.column(field),
                               std::move(message));
            };
            storage::CredentialRow& c = into[i];
            c.staff_id = detail::ImportTable::get(row, staff_at);
            if (c.staff_id.empty()) {
                complain("staff_id", "empty staff id");
            } else if (c.staff_id != known) {
                if (!known_staff.contains(c.staff_id, roster_at)) {
                    complain("staff_id", "no staff id '" + std::string(c.staff_id) +
                                             "' on the roster; import the roster first ('attest "
                                             "staff import')");
                } else {
                    known = c.staff_id;
                }
            }
            auto type_text = detail::ImportTable::get(row, type_at);
            const config::CredentialType* type = nullptr;
            auto cached = std::find_if(type_cache.begin(), type_cache.end(),
                                       [&](const auto& entry) { return entry.first == type_text; });
            if (cached != type_cache.end()) {
                type = cached->second;
            } else if (auto id = resolve_type(config, options.map, std::string(type_text))) {
                type = config.credentials.type(*id);
                type_cache.emplace_back(std::string(type_text), type);
            } else {
                complain("type", id.error().message);
            }
            auto date = [&](int at, std::string_view field,
                            const DateStyle& s) -> std::optional<Date> {
                auto value = detail::ImportTable::get(row, at);
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
            auto issued = date(issued_at, "issued", style);
            auto expires = date(expires_at, "expires", expiry_style);
            auto verified = date(verified_at_at, "verified_at", style);
            if (diagnostics.size() != errors_before) {
                continue;
            }
            if (issued && *issued > today) {
                complain("issued", "issue date " + issued->iso() + " is in the future");
                continue;
            }
            auto expiry = compute_expiry(*type, issued, expires);
            if (!expiry) {
                complain(expires ? "expires" : "issued", expiry.error().message);
                continue;
            }
            if (!expires && *expiry) {
                ++out.computed_expiry;
            }
            if (!*expiry) {
                ++out.never_expire;
            }
            c.type = type->id;
            c.number = detail::ImportTable::get(row, number_at);
            c.issuer = detail::ImportTable::get(row, issuer_at);
            c.issued = keep_date(issued);
            c.expires = keep_date(*expiry);
            c.verified_by = detail::ImportTable::get(row, verified_by_at);
            c.verified_at = keep_date(verified);
            c.note = detail::ImportTable::get(row, note_at);
        }
    }
};

} // namespace

CredentialImportPlan plan_credential_import(storage::Store& store, const config::Config& config,
                                            const Clock& clock, std::string text,
                                            const std::string& path,
                                            const CredentialImportOptions& options,
                                            Diagnostics& diagnostics) {
    CredentialImportPlan plan;
    // The roster's ids are read while the file is parsed.
    auto roster = std::async(std::launch::async, [&store] { return store.staff_ids(); });
    detail::ImportTable table(std::move(text), path, credential_fields(), options.map, diagnostics);
    for (const auto& field : credential_fields()) {
        if (field.required && !table.has(field.name) && !has_errors(diagnostics)) {
            detail::report(diagnostics, path, 1, 1,
                           "no '" + std::string(field.name) + "' column in the header");
        }
    }
    const auto& rows = table.table().rows;
    if (has_errors(diagnostics) && rows.empty()) {
        return plan;
    }
    const RosterIds known_staff(roster.get());
    auto today = clock.today();
    RowChecker checker{config,      options, table,         path,
                       known_staff, today,   options.dates, options.dates};
    checker.style.latest_year = today.year() + 1;
    checker.expiry_style.latest_year = today.year() + 60;

    // A large file is checked in two halves at once (dates, staff ids and types are checked
    // row by row, independently); problems are then listed in file order.
    auto kept = std::make_shared<ImportText>();
    kept->file = table.table().storage;
    const size_t shares = rows.size() >= 20000 ? 2 : 1;
    kept->shares.resize(shares);
    std::span<const CsvRow> all(rows);
    std::vector<storage::CredentialRow> planned(rows.size());
    std::span<storage::CredentialRow> into(planned);
    const size_t half = rows.size() / shares;
    if (shares == 2) {
        std::thread second(
            [&] { checker.check(all.subspan(half), into.subspan(half), kept->shares[1]); });
        checker.check(all.first(half), into.first(half), kept->shares[0]);
        second.join();
    } else {
        checker.check(all, into, kept->shares[0]);
    }
    plan.rows = rows.size();
    for (auto& share : kept->shares) {
        diagnostics.insert(diagnostics.end(), share.diagnostics.begin(), share.diagnostics.end());
        plan.computed_expiry += share.computed_expiry;
        plan.never_expire += share.never_expire;
    }
    if (has_errors(diagnostics)) {
        return plan;
    }

    // Sorted by what identifies a credential, repeats sit side by side, and the store gets
    // them in its clustered order. Exports are usually grouped by person already; then only
    // each person's few rows need sorting.
    std::vector<std::uint32_t> order(planned.size());
    for (std::uint32_t i = 0; i < order.size(); ++i) {
        order[i] = i;
    }
    auto before = [&](std::uint32_t a, std::uint32_t b) {
        return identity(planned[a]) < identity(planned[b]);
    };
    auto by_staff = [&](std::uint32_t a, std::uint32_t b) {
        return planned[a].staff_id < planned[b].staff_id;
    };
    if (std::is_sorted(order.begin(), order.end(), by_staff)) {
        for (auto run = order.begin(); run != order.end();) {
            auto end = std::find_if(run, order.end(), [&](std::uint32_t i) {
                return planned[i].staff_id != planned[*run].staff_id;
            });
            std::stable_sort(run, end, before);
            run = end;
        }
    } else {
        std::stable_sort(order.begin(), order.end(), before);
    }
    // Credentials already on record with the same identity (a re-import).
    const auto on_record = store.recorded(planned, order);
    // Keep the first of each run of repeats, in sorted order.
    std::vector<char> repeat(order.size(), 0);
    for (size_t i = 0; i < order.size(); ++i) {
        const auto& c = planned[order[i]];
        if ((i > 0 && identity(planned[order[i - 1]]) == identity(c)) || on_record[order[i]] != 0) {
            repeat[i] = 1;
            ++plan.already_recorded;
        }
    }
    permute(planned, order);
    if (plan.already_recorded > 0) {
        size_t kept_rows = 0;
        for (size_t i = 0; i < planned.size(); ++i) {
            if (repeat[i] == 0) {
                planned[kept_rows++] = planned[i];
            }
        }
        planned.resize(kept_rows);
    }
    plan.credentials = std::move(planned);
    plan.text = std::move(kept);
    return plan;
}

void apply_credential_import(storage::Store& store, const Clock& clock, const std::string& actor,
                             const CredentialImportPlan& plan, const std::string& path,
                             const std::string& sha256) {
    add_credentials(store, {actor, clock.timestamp(), "cred import " + path}, plan.credentials);
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
    std::vector<storage::CredentialRow> rows;
    rows.reserve(records.size());
    for (const auto& record : records) {
        rows.push_back(row_of(record));
    }
    auto first = add_credentials(store, {actor, now, "cred session"}, rows);
    for (size_t i = 0; i < records.size(); ++i) {
        records[i].id = first + static_cast<std::int64_t>(i);
    }
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
