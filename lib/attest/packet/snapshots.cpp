#include <algorithm>
#include <map>
#include <set>

#include <attest/ack/standing.hpp>
#include <attest/credentials/expiry.hpp>
#include <attest/credentials/roster.hpp>
#include <attest/packet/snapshots.hpp>
#include <attest/policy/check.hpp>

namespace attest::packet {

namespace fs = std::filesystem;

namespace {

constexpr int k_default_look_ahead = 90;

// The counts one member of staff adds to each group they belong to.
struct Tally {
    int required = 0;
    int missing = 0;
    int required_expired = 0;
    int required_unverified = 0;
    int expired = 0;
    int unverified = 0;
    int expiring = 0;
};

void add(report::CredentialCounts& counts, const Tally& tally) {
    counts.staff += 1;
    counts.required += tally.required;
    counts.held += tally.required - tally.missing;
    counts.current += tally.required - tally.missing - tally.required_expired;
    counts.compliant +=
        tally.required - tally.missing - tally.required_expired - tally.required_unverified;
    counts.expired += tally.expired;
    counts.missing += tally.missing;
    counts.unverified += tally.unverified;
    counts.expiring += tally.expiring;
}

bool requires_type(const config::CredentialSettings& settings, const storage::StaffRecord& staff,
                   const std::string& type) {
    const auto* role = settings.role(staff.role);
    return role != nullptr && std::find(role->requires_types.begin(), role->requires_types.end(),
                                        type) != role->requires_types.end();
}

std::vector<report::CredentialCounts>
sorted_groups(std::map<std::string, report::CredentialCounts> groups) {
    std::vector<report::CredentialCounts> out;
    for (auto& [key, counts] : groups) {
        out.push_back(std::move(counts));
    }
    return out;
}

} // namespace

report::CredentialSnapshot credential_snapshot(storage::Store& store,
                                               const config::CredentialSettings& settings,
                                               const Date& today, const std::string& site) {
    report::CredentialSnapshot out;
    out.site = site;
    out.within_days =
        settings.alert_windows.empty()
            ? k_default_look_ahead
            : *std::max_element(settings.alert_windows.begin(), settings.alert_windows.end());
    auto roster = store.staff();
    out.available = !roster.empty();
    if (!out.available) {
        return out;
    }

    std::map<std::string, Tally> tallies;
    std::map<std::string, const storage::StaffRecord*> covered;
    for (const auto& person : roster) {
        if (person.status != "active" || (!site.empty() && person.site != site)) {
            continue;
        }
        const auto* role = settings.role(person.role);
        auto& tally = tallies[person.id];
        if (role != nullptr) {
            tally.required = static_cast<int>(
                std::set<std::string>(role->requires_types.begin(), role->requires_types.end())
                    .size());
        }
        covered.emplace(person.id, &person);
    }

    storage::StaffFilter filter;
    filter.site = site;
    auto items = credentials::expiry_report(store, settings, today, out.within_days, filter);
    // Licence numbers and issue dates are not in the report; read them for the few staff listed.
    std::map<std::string, std::vector<storage::CredentialRecord>> held;
    for (const auto& item : items) {
        auto at = tallies.find(item.staff().id);
        if (at == tallies.end()) {
            continue;
        }
        auto& tally = at->second;
        report::CredentialRow row;
        row.staff_id = item.staff().id;
        row.name = credentials::full_name(item.staff());
        row.role = item.staff().role;
        row.department = item.staff().department;
        row.email = item.staff().email;
        row.npi = item.staff().npi;
        row.date_of_birth = item.staff().dob;
        row.credential = item.type;
        row.title = item.type_title;
        row.expires = item.expires;
        row.days = item.days;
        row.status = std::string(credentials::to_string(item.kind));
        switch (item.kind) {
        case credentials::ItemKind::missing:
            ++tally.missing;
            break;
        case credentials::ItemKind::expired:
            ++tally.expired;
            tally.required_expired += requires_type(settings, item.staff(), item.type) ? 1 : 0;
            break;
        case credentials::ItemKind::unverified:
            ++tally.unverified;
            tally.required_unverified += requires_type(settings, item.staff(), item.type) ? 1 : 0;
            break;
        case credentials::ItemKind::expiring:
            ++tally.expiring;
            break;
        }
        if (item.kind != credentials::ItemKind::missing) {
            auto records = held.find(item.staff().id);
            if (records == held.end()) {
                records = held.emplace(item.staff().id, store.credentials(item.staff().id)).first;
            }
            for (const auto& record : records->second) {
                if (record.id == item.credential_id) {
                    row.number = record.number;
                    row.issued = record.issued;
                }
            }
        }
        out.rows.push_back(std::move(row));
    }

    std::map<std::string, report::CredentialCounts> by_role;
    std::map<std::string, report::CredentialCounts> by_department;
    for (const auto& [id, person] : covered) {
        const auto& tally = tallies[id];
        add(out.total, tally);
        auto& role = by_role[person->role];
        if (role.key.empty()) {
            const auto* configured = settings.role(person->role);
            role.key = person->role;
            role.title = configured != nullptr ? configured->title : person->role;
        }
        add(role, tally);
        auto& department = by_department[person->department];
        department.key = person->department;
        department.title = person->department.empty() ? "(no department)" : person->department;
        add(department, tally);
    }
    out.by_role = sorted_groups(std::move(by_role));
    out.by_department = sorted_groups(std::move(by_department));
    return out;
}

report::AckSnapshot ack_snapshot(storage::Store& store, const ack::Manual& manual,
                                 const Date& today, const std::string& site) {
    report::AckSnapshot out;
    out.site = site;
    out.available = std::any_of(manual.policies.begin(), manual.policies.end(),
                                [](const ack::AckPolicy& p) { return p.asks() && !p.retired; });
    if (!out.available) {
        return out;
    }
    ack::Filter filter;
    filter.site = site;
    auto standing = ack::standing(manual, store.staff(), store.acknowledgements(), today, filter);
    auto counts = [](const ack::Tally& tally) {
        report::AckCounts c;
        c.required = static_cast<int>(tally.required);
        c.acknowledged = static_cast<int>(tally.acknowledged);
        c.overdue = static_cast<int>(tally.overdue);
        c.percent = tally.percent();
        return c;
    };
    out.total = counts(standing.total);
    for (const auto& p : standing.policies) {
        auto c = counts(p.tally);
        c.policy = p.policy->id;
        c.title = p.policy->title;
        c.version = p.policy->version_text();
        c.within_days = p.policy->within_days;
        out.by_policy.push_back(std::move(c));
    }
    for (const auto& e : standing.outstanding) {
        if (e.state != ack::State::overdue) {
            continue;
        }
        report::AckRow row;
        row.policy = e.policy->id;
        row.staff_id = e.staff.id;
        row.name = credentials::full_name(e.staff);
        row.role = e.staff.role;
        row.department = e.staff.department;
        row.manager = e.staff.manager;
        row.due = e.due.iso();
        row.days_overdue = e.due.days_until(today);
        row.earlier_version_signed_on = e.stale_since ? e.stale_since->iso() : "";
        out.overdue.push_back(std::move(row));
    }
    std::stable_sort(out.overdue.begin(), out.overdue.end(),
                     [](const auto& a, const auto& b) { return a.days_overdue > b.days_overdue; });
    return out;
}

Result<report::PolicySnapshot> policy_snapshot(const PolicyManual& manual,
                                               const audit::AuditView& view, const Date& today) {
    report::PolicySnapshot out;
    out.review_warning_days = manual.settings.review_warning_days;
    auto workspace = fs::absolute(manual.workspace).lexically_normal();
    auto root = (workspace / manual.settings.dir).lexically_normal();
    if (!root.has_filename()) {
        root = root.parent_path();
    }
    // Paths are shown relative to the workspace, or to the policy folder when it lies outside
    // (`dir = "/srv/policies"`), so the packet names no folder of the machine it was made on.
    auto relative = root.lexically_relative(workspace);
    bool inside = !relative.empty() && *relative.begin() != "..";
    out.folder = inside ? relative.generic_string() : root.filename().string();
    std::error_code ec;
    if (!fs::is_directory(root, ec)) {
        return out;
    }
    out.available = true;

    // Requirements resolve against the checklists as the audit has them, which may be older
    // than the files in the catalog now.
    checklist::Catalog catalog = *manual.catalog;
    for (const auto& c : view.checklists) {
        const auto* entry = catalog.find(c.id);
        if (entry == nullptr || entry->sha256 != c.sha256) {
            catalog.add({c.checklist, "audit", {}, {}, c.sha256});
        }
    }
    policy::CheckOptions options;
    options.paths = {root};
    options.root = root;
    options.display_base = inside ? workspace : root;
    options.workspace = workspace;
    options.settings = manual.settings;
    options.today = today;
    options.threads = manual.threads;
    for (const auto& c : view.checklists) {
        options.coverage.push_back(c.id);
    }
    auto checked = policy::check_policies(options, catalog);
    if (!checked) {
        return tl::unexpected(checked.error());
    }

    std::map<std::string, std::pair<int, int>> problems;
    for (const auto& d : checked->diagnostics) {
        if (d.rule == "uncovered-requirement" || d.severity == Severity::note) {
            continue;
        }
        bool error = d.severity == Severity::error;
        ++(error ? out.errors : out.warnings);
        auto& counts = problems[d.where.path];
        ++(error ? counts.first : counts.second);
    }
    for (const auto& p : checked->policies) {
        report::PolicyRow row;
        row.path = p.path;
        row.id = p.id.value;
        row.title = p.title.value;
        row.owner = p.owner.value;
        row.approved = p.approved ? p.approved->iso() : p.approved_text.value;
        auto due = p.due();
        row.next_review = due ? due->iso() : "";
        row.status = std::string(policy::review_status(p, today, out.review_warning_days));
        if (auto found = problems.find(p.path); found != problems.end()) {
            row.errors = found->second.first;
            row.warnings = found->second.second;
        }
        out.rows.push_back(std::move(row));
    }
    std::sort(out.rows.begin(), out.rows.end(),
              [](const auto& a, const auto& b) { return a.path < b.path; });

    std::map<std::string, const policy::CoverageItem*> coverage;
    for (const auto& row : checked->coverage) {
        coverage.emplace(row.entry->checklist.id + ":" + row.item->id, &row);
    }
    for (const auto& ref : view.items()) {
        if (!ref.item->needs_policy || ref.item->status != checklist::ItemStatus::current) {
            continue;
        }
        report::CoverageRow row{ref.checklist->id, ref.item->id, ref.item->title, "uncovered", {}};
        if (auto found = coverage.find(ref.key()); found != coverage.end()) {
            for (const auto& cover : found->second->covered_by) {
                row.covered_by.push_back(cover.via.empty() ? cover.policy
                                                           : cover.policy + " (" + cover.via + ")");
            }
            std::sort(row.covered_by.begin(), row.covered_by.end());
            row.status = !row.covered_by.empty()         ? "covered"
                         : found->second->not_applicable ? "not applicable"
                                                         : "uncovered";
        }
        out.coverage.push_back(std::move(row));
    }
    return out;
}

} // namespace attest::packet
