#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include <nlohmann/json.hpp>

#include <attest/ack/import.hpp>
#include <attest/ack/record.hpp>
#include <attest/core/text.hpp>
#include <attest/credentials/import_table.hpp>
#include <attest/credentials/roster.hpp>
#include <attest/journal/journal.hpp>

namespace attest::ack {

namespace {

using credentials::detail::ImportTable;

const std::vector<credentials::detail::Field>& signoff_fields() {
    static const std::vector<credentials::detail::Field> fields = {
        {"id",
         {"id", "staffid", "employeeid", "empid", "employee", "employeenumber", "empno",
          "learnerid", "userid", "personid"}},
        {"name", {"name", "fullname", "employeename", "staffname", "learner", "learnername"}},
        {"email", {"email", "workemail", "emailaddress", "learneremail", "useremail"}},
        {"policy",
         {"policy", "policyid", "policynumber", "policyno", "document", "documentid", "docid"},
         true},
        {"version", {"version", "policyversion", "revision", "documentversion", "rev"}},
        {"version_date",
         {"versiondate", "approved", "approvaldate", "policydate", "effectivedate",
          "revisiondate"}},
        {"signed_on",
         {"signedon", "signed", "signeddate", "datesigned", "acknowledged", "acknowledgedon",
          "acknowledgeddate", "completed", "completedon", "completiondate", "date"},
         true},
    };
    return fields;
}

using Key = std::tuple<std::string, std::string, std::string, std::string>;

Key key_of(const storage::AcknowledgementRecord& a) {
    return {a.policy_id, a.staff_id, a.approved, a.version};
}

class RowReader {
public:
    RowReader(const ImportTable& table, const std::string& path, Diagnostics& diagnostics)
        : m_table(table), m_path(path), m_diagnostics(diagnostics) {}

    void error(const CsvRow& row, std::string_view field, std::string message) {
        credentials::detail::report(m_diagnostics, m_path, row.line,
                                    std::max(1, m_table.column(field)), std::move(message));
    }

private:
    const ImportTable& m_table;
    const std::string& m_path;
    Diagnostics& m_diagnostics;
};

} // namespace

ImportPlan plan_import(storage::Store& store, const Manual& manual, const Date& today,
                       std::string_view text, const std::string& path, const config::ColumnMap& map,
                       const DateStyle& dates, Diagnostics& diagnostics) {
    ImportPlan plan;
    ImportTable table(text, path, signoff_fields(), map, diagnostics);
    if (has_errors(diagnostics)) {
        return plan;
    }
    if (!table.has("id") && !table.has("email")) {
        credentials::detail::report(diagnostics, path, 1, 1,
                                    "no staff id or email column; name one in a column map's "
                                    "[columns] (id = \"Learner ID\")");
        return plan;
    }
    std::map<std::string, const storage::StaffRecord*> by_id;
    std::map<std::string, std::vector<const storage::StaffRecord*>> by_email;
    auto staff = store.staff();
    for (const auto& person : staff) {
        by_id[person.id] = &person;
        if (!person.email.empty()) {
            by_email[to_lower(person.email)].push_back(&person);
        }
    }
    std::set<Key> seen;
    for (const auto& a : store.acknowledgements()) {
        seen.insert(key_of(a));
    }
    RowReader reader(table, path, diagnostics);
    for (const auto& row : table.rows()) {
        ++plan.rows;
        const storage::StaffRecord* person = nullptr;
        std::string id(table.get(row, "id"));
        std::string email(table.get(row, "email"));
        if (!id.empty()) {
            auto found = by_id.find(id);
            if (found == by_id.end()) {
                reader.error(row, "id", "no staff id '" + id + "' on the roster");
            } else {
                person = found->second;
            }
        } else if (!email.empty()) {
            auto found = by_email.find(to_lower(email));
            if (found == by_email.end()) {
                reader.error(row, "email", "no one on the roster has the email '" + email + "'");
            } else if (found->second.size() > 1) {
                reader.error(row, "email",
                             "the email '" + email + "' belongs to " +
                                 std::to_string(found->second.size()) +
                                 " people on the roster; give the staff id");
            } else {
                person = found->second.front();
                std::string name(table.get(row, "name"));
                if (!name.empty() && to_lower(name) != to_lower(credentials::full_name(*person)) &&
                    to_lower(name) != to_lower(person->last_name + ", " + person->first_name)) {
                    reader.error(row, "name",
                                 "the name '" + name + "' is not that of " + person->id + " (" +
                                     credentials::full_name(*person) + "), whose email this is");
                    person = nullptr;
                }
            }
        } else {
            reader.error(row, table.has("id") ? "id" : "email",
                         "no staff id or email; every sign-off must name who signed");
        }
        std::string policy_id(table.get(row, "policy"));
        const AckPolicy* policy = nullptr;
        if (policy_id.empty()) {
            reader.error(row, "policy", "no policy id");
        } else if (auto found = acknowledgeable(manual, policy_id); !found) {
            reader.error(row, "policy", found.error().message + "; " + found.error().hint);
        } else {
            policy = *found;
        }
        std::optional<Date> signed_on;
        if (auto text_on = table.get(row, "signed_on"); text_on.empty()) {
            reader.error(row, "signed_on", "no date signed");
        } else if (auto parsed = parse_date_text(text_on, dates); !parsed) {
            reader.error(row, "signed_on", parsed.error().message);
        } else if (today < *parsed) {
            reader.error(row, "signed_on",
                         "signed on " + parsed->iso() + ", after today (" + today.iso() + ")");
        } else {
            signed_on = *parsed;
        }
        std::optional<Date> claimed;
        if (auto text_date = table.get(row, "version_date"); !text_date.empty()) {
            if (auto parsed = parse_date_text(text_date, dates); !parsed) {
                reader.error(row, "version_date", parsed.error().message);
            } else {
                claimed = *parsed;
            }
        }
        if (person == nullptr || policy == nullptr || !signed_on) {
            continue;
        }
        std::string version(table.get(row, "version"));
        bool version_given = table.has("version") && !version.empty();
        // The version in force unless the row names another one by its version or its date.
        bool current = (!version_given || version == policy->version) &&
                       (!claimed || *claimed == *policy->approved);
        if (!version_given && !claimed && *signed_on < *policy->approved) {
            // Signed before this version existed, naming none: an earlier version.
            current = false;
        }
        Date version_from = current ? *policy->approved : claimed.value_or(Date{});
        if ((current || claimed) && *signed_on < version_from) {
            reader.error(row, "signed_on",
                         "signed on " + signed_on->iso() + ", before the version it claims (" +
                             (current
                                  ? policy->version_text()
                                  : (version_given ? version + " " : "") + "of " + claimed->iso()) +
                             ") was approved");
            continue;
        }
        storage::AcknowledgementRecord record;
        record.staff_id = person->id;
        record.policy_id = policy->id;
        record.version = current ? policy->version : version;
        record.approved = current ? policy->approved->iso() : (claimed ? claimed->iso() : "");
        record.signed_on = signed_on->iso();
        if (!seen.insert(key_of(record)).second) {
            ++plan.unchanged;
            continue;
        }
        if (!current) {
            ++plan.earlier;
        }
        plan.added.push_back(std::move(record));
    }
    return plan;
}

void apply_import(storage::Store& store, const Clock& clock, const std::string& actor,
                  const ImportPlan& plan, const std::string& path, const std::string& sha256) {
    auto added = plan.added;
    std::string now = clock.timestamp();
    for (auto& a : added) {
        a.recorded_by = actor;
        a.recorded_at = now;
        a.source = path + " sha256:" + sha256;
    }
    store.add_acknowledgements(added);
    journal::append(store, clock,
                    {actor, "policy ack import", "acknowledgements",
                     nlohmann::json{{"file", path},
                                    {"sha256", sha256},
                                    {"rows", plan.rows},
                                    {"added", plan.added.size()},
                                    {"earlier_versions", plan.earlier},
                                    {"unchanged", plan.unchanged}}
                         .dump()});
}

} // namespace attest::ack
