#include <algorithm>
#include <charconv>

#include <nlohmann/json.hpp>

#include <attest/audit/audit.hpp>
#include <attest/core/text.hpp>
#include <attest/journal/journal.hpp>

namespace attest::audit {

Result<storage::AuditRecord> create(storage::Store& store, const checklist::Catalog& catalog,
                                    const std::vector<std::string>& configured_sites,
                                    const Clock& clock, const std::string& actor,
                                    const NewAudit& request) {
    if (trim(request.name).empty()) {
        return fail(ErrorKind::invalid_input, "an audit needs a name",
                    "pass --name, such as --name \"2026 mock survey\"");
    }
    if (request.checklist_ids.empty()) {
        return fail(ErrorKind::invalid_input, "an audit needs at least one checklist",
                    "pass --checklist ID; 'attest checklist list' shows them");
    }
    if (trim(request.site).empty()) {
        return fail(ErrorKind::invalid_input, "an audit needs a site", "pass --site NAME");
    }
    if (!configured_sites.empty() && std::find(configured_sites.begin(), configured_sites.end(),
                                               request.site) == configured_sites.end()) {
        return fail(ErrorKind::invalid_input, "unknown site '" + request.site + "'",
                    "configured sites: " + join(configured_sites, ", "));
    }
    if (store.find_audit_by_name(request.name)) {
        return fail(ErrorKind::conflict, "an audit named '" + request.name + "' already exists",
                    "choose another name");
    }
    storage::AuditRecord record;
    record.name = std::string(trim(request.name));
    record.site = request.site;
    record.auditor = request.auditor.empty() ? actor : request.auditor;
    record.created_at = clock.timestamp();
    record.created_by = actor;
    record.due = request.due ? request.due->iso() : std::string{};
    nlohmann::json checklists = nlohmann::json::array();
    for (const auto& id : request.checklist_ids) {
        const auto* entry = catalog.find(id);
        if (entry == nullptr) {
            auto suggestions = closest_matches(id, catalog.ids());
            return fail(ErrorKind::not_found, "unknown checklist '" + id + "'",
                        suggestions.empty() ? "'attest checklist list' shows the checklists"
                                            : "did you mean " + join(suggestions, ", ") + "?");
        }
        bool repeated = std::any_of(record.checklists.begin(), record.checklists.end(),
                                    [&](const auto& c) { return c.checklist_id == id; });
        if (repeated) {
            return fail(ErrorKind::invalid_input, "checklist '" + id + "' is named twice");
        }
        store.put_checklist_snapshot({entry->sha256, entry->checklist.id, entry->checklist.version,
                                      entry->origin, entry->text});
        record.checklists.push_back({id, entry->sha256});
        checklists.push_back({{"id", id},
                              {"version", entry->checklist.version},
                              {"sha256", entry->sha256},
                              {"items", entry->checklist.item_count()}});
    }
    record.id = store.insert_audit(record);
    nlohmann::json details = {{"name", record.name},
                              {"site", record.site},
                              {"auditor", record.auditor},
                              {"due", record.due},
                              {"checklists", checklists}};
    journal::append(store, clock,
                    {actor, "audit new", "audit:" + std::to_string(record.id), details.dump()});
    return record;
}

Result<storage::AuditRecord> find(storage::Store& store, const std::string& key) {
    std::int64_t id = 0;
    auto [end, error] = std::from_chars(key.data(), key.data() + key.size(), id);
    if (error == std::errc{} && end == key.data() + key.size()) {
        if (auto audit = store.find_audit(id)) {
            return *audit;
        }
    }
    if (auto audit = store.find_audit_by_name(key)) {
        return *audit;
    }
    std::vector<std::string> names;
    for (const auto& audit : store.audits()) {
        names.push_back(audit.name);
    }
    auto suggestions = closest_matches(key, names);
    return fail(ErrorKind::not_found, "no audit '" + key + "'",
                suggestions.empty() ? "'attest audit list' shows the audits"
                                    : "did you mean " + join(suggestions, ", ") + "?");
}

} // namespace attest::audit
