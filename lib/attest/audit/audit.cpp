#include <algorithm>
#include <array>
#include <cmath>

#include <nlohmann/json.hpp>

#include <attest/audit/answer_text.hpp>
#include <attest/audit/audit.hpp>
#include <attest/checklist/loader.hpp>
#include <attest/core/json.hpp>
#include <attest/core/text.hpp>
#include <attest/journal/journal.hpp>

namespace attest::audit {

namespace {

constexpr std::array<std::string_view, 4> k_statuses = {"met", "partial", "not-met", "na"};
constexpr std::array<std::string_view, 3> k_likelihoods = {"low", "moderate", "high"};
constexpr std::array<std::string_view, 3> k_scopes = {"limited", "pattern", "widespread"};
constexpr std::array<std::string_view, 3> k_recurrences = {"monthly", "quarterly", "annual"};

template <size_t N>
bool one_of(const std::array<std::string_view, N>& allowed, std::string_view value) {
    return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

template <size_t N>
tl::unexpected<Error> not_allowed(std::string_view what, const std::string& value,
                                  const std::array<std::string_view, N>& allowed) {
    std::vector<std::string> names(allowed.begin(), allowed.end());
    return fail(ErrorKind::invalid_input, "invalid " + std::string(what) + " '" + value + "'",
                "allowed values: " + join(names, ", "));
}

int months_of(const std::string& recurrence) {
    if (recurrence == "monthly") {
        return 1;
    }
    if (recurrence == "quarterly") {
        return 3;
    }
    return recurrence == "annual" ? 12 : 0;
}

int weight_of(checklist::ItemSeverity severity) {
    return static_cast<int>(severity) + 1;
}

// Orders statuses from worst to best for diffs.
int rank_of(const std::string& status) {
    if (status == "met") {
        return 3;
    }
    if (status == "partial") {
        return 2;
    }
    if (status == "not-met") {
        return 1;
    }
    return 0;
}

Result<std::vector<storage::AuditScope>>
resolve_sections(const checklist::Catalog& catalog, const std::vector<std::string>& checklist_ids,
                 const std::vector<std::string>& sections) {
    std::vector<storage::AuditScope> scope;
    for (const auto& text : sections) {
        auto colon = text.find(':');
        std::vector<storage::AuditScope> matches;
        std::vector<std::string> all;
        for (const auto& id : checklist_ids) {
            const auto& checklist = catalog.find(id)->checklist;
            for (const auto& section : checklist.sections) {
                all.push_back(id + ":" + section.id);
                bool match = colon == std::string::npos ? section.id == text
                                                        : id == text.substr(0, colon) &&
                                                              section.id == text.substr(colon + 1);
                if (match) {
                    matches.push_back({id, section.id});
                }
            }
        }
        if (matches.empty()) {
            auto suggestions = closest_matches(text, all);
            return fail(ErrorKind::not_found, "no section '" + text + "' in the audit's checklists",
                        suggestions.empty() ? "'attest checklist show ID' lists sections"
                                            : "did you mean " + join(suggestions, ", ") + "?");
        }
        if (matches.size() > 1) {
            std::vector<std::string> names;
            for (const auto& m : matches) {
                names.push_back(m.checklist_id + ":" + m.section_id);
            }
            return fail(ErrorKind::invalid_input, "section '" + text + "' is in several checklists",
                        "name one: " + join(names, ", "));
        }
        scope.push_back(matches.front());
    }
    return scope;
}

} // namespace

std::span<const std::string_view> statuses() {
    return k_statuses;
}
std::span<const std::string_view> likelihoods() {
    return k_likelihoods;
}
std::span<const std::string_view> scopes() {
    return k_scopes;
}
std::span<const std::string_view> recurrences() {
    return k_recurrences;
}

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
    if (!request.recurrence.empty() && !one_of(k_recurrences, request.recurrence)) {
        return not_allowed("recurrence", request.recurrence, k_recurrences);
    }
    if (store.find_audit_by_name(std::string(trim(request.name)))) {
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
    record.survey_exit = request.survey_exit ? request.survey_exit->iso() : std::string{};
    record.recurrence = request.recurrence;
    record.previous_id = request.previous_id;
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
        record.checklists.push_back({id, entry->sha256});
        checklists.push_back({{"id", id},
                              {"version", entry->checklist.version},
                              {"sha256", entry->sha256},
                              {"items", entry->checklist.item_count()}});
    }
    auto scope = resolve_sections(catalog, request.checklist_ids, request.sections);
    if (!scope) {
        return tl::unexpected(scope.error());
    }
    record.scope = *scope;
    for (const auto& id : request.checklist_ids) {
        const auto* entry = catalog.find(id);
        store.put_checklist_snapshot({entry->sha256, entry->checklist.id, entry->checklist.version,
                                      entry->origin, entry->text});
    }
    record.id = store.insert_audit(record);
    nlohmann::json sections = nlohmann::json::array();
    for (const auto& s : record.scope) {
        sections.push_back(s.checklist_id + ":" + s.section_id);
    }
    nlohmann::json details = {{"name", record.name},
                              {"site", or_null(record.site)},
                              {"auditor", or_null(record.auditor)},
                              {"due", or_null(record.due)},
                              {"survey_exit", or_null(record.survey_exit)},
                              {"recurrence", or_null(record.recurrence)},
                              {"previous", or_null(record.previous_id)},
                              {"sections", sections},
                              {"checklists", checklists}};
    journal::append(store, clock,
                    {actor, "audit new", "audit:" + std::to_string(record.id), details.dump()});
    return record;
}

Result<storage::AuditRecord> create_like(storage::Store& store, const checklist::Catalog& catalog,
                                         const Clock& clock, const std::string& actor,
                                         const storage::AuditRecord& previous,
                                         const std::string& name, std::optional<Date> due) {
    NewAudit request;
    request.name = name;
    request.site = previous.site;
    request.auditor = previous.auditor;
    request.recurrence = previous.recurrence;
    for (const auto& c : previous.checklists) {
        request.checklist_ids.push_back(c.checklist_id);
    }
    for (const auto& s : previous.scope) {
        request.sections.push_back(s.checklist_id + ":" + s.section_id);
    }
    request.previous_id = previous.id;
    request.due = due;
    if (!due && !previous.due.empty() && months_of(previous.recurrence) > 0) {
        request.due = parse_iso_date(previous.due)->plus_months(months_of(previous.recurrence));
    }
    return create(store, catalog, {}, clock, actor, request);
}

Result<storage::AuditRecord> find(storage::Store& store, const std::string& key) {
    if (auto id = parse_number(key)) {
        if (auto audit = store.find_audit(*id)) {
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

Result<void> require_open(const storage::AuditRecord& audit) {
    if (audit.status == "closed") {
        return fail(ErrorKind::conflict,
                    "audit " + std::to_string(audit.id) + " '" + audit.name +
                        "' is closed and read-only",
                    "reopen it first with 'attest audit reopen " + std::to_string(audit.id) +
                        " --reason TEXT'");
    }
    return {};
}

std::vector<std::string> past_dates(const storage::AuditRecord& audit, const Date& today) {
    std::vector<std::string> out;
    auto days_ago = [&](const Date& date) {
        auto days = date.days_until(today);
        return std::to_string(days) + " day" + (days == 1 ? "" : "s") + " before today (" +
               today.iso() + ")";
    };
    if (auto due = parse_iso_date(audit.due); due && *due < today) {
        out.push_back("the due date " + due->iso() + " is " + days_ago(*due) +
                      "; the audit starts overdue");
    }
    if (auto exit = parse_iso_date(audit.survey_exit); exit && *exit < today) {
        out.push_back("the survey exit date " + exit->iso() + " is " + days_ago(*exit) +
                      "; plan deadlines count from it (CMS " + exit->plus_days(10).iso() +
                      ", Joint Commission " + exit->plus_days(60).iso() + ")");
    }
    return out;
}

Result<void> close(storage::Store& store, const Clock& clock, const std::string& actor,
                   const AuditView& view, Force force) {
    const auto& audit = view.record;
    if (auto open = require_open(audit); !open) {
        return open;
    }
    auto tally = status(view).overall;
    if (tally.open > 0 && force == Force::no) {
        auto id = std::to_string(audit.id);
        return fail(ErrorKind::invalid_input,
                    "audit " + id + " '" + audit.name + "' has " + std::to_string(tally.open) +
                        " unanswered item" + (tally.open == 1 ? "" : "s") + " of " +
                        std::to_string(tally.total()),
                    "answer them ('attest audit walk " + id +
                        " --only open'), or close it as it is with 'attest audit close " + id +
                        " --force'");
    }
    auto now = clock.timestamp();
    store.set_audit_status(audit.id, "closed", now);
    nlohmann::json details = nlohmann::json::object();
    if (tally.open > 0) {
        details["unanswered"] = tally.open;
        details["forced"] = true;
    }
    journal::append(store, clock,
                    {actor, "audit close", "audit:" + std::to_string(audit.id), details.dump()});
    return {};
}

Result<void> reopen(storage::Store& store, const Clock& clock, const std::string& actor,
                    const storage::AuditRecord& audit, const std::string& reason) {
    if (audit.status != "closed") {
        return fail(ErrorKind::conflict, "audit " + std::to_string(audit.id) + " is not closed");
    }
    if (trim(reason).empty()) {
        return fail(ErrorKind::invalid_input, "reopening a closed audit needs a reason",
                    "pass --reason TEXT; it is kept in the journal");
    }
    store.set_audit_status(audit.id, "open", "");
    journal::append(store, clock,
                    {actor, "audit reopen", "audit:" + std::to_string(audit.id),
                     nlohmann::json({{"reason", reason}}).dump()});
    return {};
}

bool AuditView::in_scope(const std::string& checklist_id, const std::string& section_id) const {
    bool scoped = std::any_of(record.scope.begin(), record.scope.end(),
                              [&](const auto& s) { return s.checklist_id == checklist_id; });
    if (!scoped) {
        return true;
    }
    return std::any_of(record.scope.begin(), record.scope.end(), [&](const auto& s) {
        return s.checklist_id == checklist_id && s.section_id == section_id;
    });
}

std::vector<ItemRef> AuditView::items() const {
    std::vector<ItemRef> out;
    for (const auto& c : checklists) {
        for (const auto& section : c.checklist.sections) {
            if (!in_scope(c.id, section.id)) {
                continue;
            }
            for (const auto& item : section.items) {
                out.push_back({&c, &section, &item});
            }
        }
    }
    return out;
}

const storage::ResponseRecord* AuditView::response(const ItemRef& item) const {
    auto it = responses.find(item.key());
    return it == responses.end() ? nullptr : &it->second;
}

std::vector<ItemRef> AuditView::mapped(const ItemRef& item) const {
    std::vector<ItemRef> out;
    auto add = [&](const ItemRef& ref) {
        if (ref.key() == item.key()) {
            return;
        }
        bool seen = std::any_of(out.begin(), out.end(),
                                [&](const ItemRef& o) { return o.key() == ref.key(); });
        if (!seen) {
            out.push_back(ref);
        }
    };
    auto matches = [](const AuditChecklist& c, const checklist::Link& link) {
        return c.id == link.prefix || c.checklist.framework == link.prefix;
    };
    auto all = items();
    // Links may spell an item by an alias or in another case (`nist:ac-02` for AC-2); an
    // ambiguous spelling names nothing.
    for (const auto& link : item.item->maps_to) {
        for (const auto& c : checklists) {
            if (!matches(c, link)) {
                continue;
            }
            const auto* target = c.checklist.find_item(link.id);
            for (const auto& other : all) {
                if (other.checklist == &c && other.item == target) {
                    add(other);
                }
            }
        }
    }
    for (const auto& other : all) {
        for (const auto& link : other.item->maps_to) {
            if (matches(*item.checklist, link) &&
                item.checklist->checklist.find_item(link.id) == item.item) {
                add(other);
            }
        }
    }
    return out;
}

Result<ItemRef> AuditView::resolve(const std::string& text) const {
    auto all = items();
    auto colon = text.find(':');
    std::vector<ItemRef> matches;
    // The exact spelling first; only when nothing has it, the same letters in any case.
    for (bool any_case : {false, true}) {
        for (const auto& ref : all) {
            bool named =
                colon != std::string::npos &&
                to_lower(std::string_view(text).substr(0, colon)) == to_lower(ref.checklist->id);
            auto wanted = named ? std::string_view(text).substr(colon + 1) : std::string_view(text);
            if (any_case ? ref.item->answers_to_any_case(wanted) : ref.item->answers_to(wanted)) {
                matches.push_back(ref);
            }
        }
        if (!matches.empty()) {
            break;
        }
    }
    if (matches.size() == 1) {
        return matches.front();
    }
    if (matches.size() > 1) {
        std::vector<std::string> keys;
        bool one_checklist = true;
        for (const auto& m : matches) {
            keys.push_back(m.key());
            one_checklist = one_checklist && m.checklist == matches.front().checklist;
        }
        if (one_checklist) {
            return fail(ErrorKind::invalid_input,
                        "item '" + text + "' is ambiguous: it could be " + join(keys, " or "),
                        "write the id as the checklist spells it, such as '" +
                            matches.front().item->id + "'");
        }
        return fail(ErrorKind::invalid_input,
                    "item '" + text + "' is in several checklists of this audit",
                    "name one: " + join(keys, ", "));
    }
    std::vector<std::string> ids;
    for (const auto& ref : all) {
        ids.push_back(ref.item->id);
    }
    auto suggestions = closest_matches(text, ids);
    return fail(ErrorKind::not_found,
                "audit " + std::to_string(record.id) + " has no item '" + text + "'",
                suggestions.empty()
                    ? "'attest audit show " + std::to_string(record.id) + "' lists its checklists"
                    : "did you mean " + join(suggestions, ", ") + "?");
}

Result<AuditView> load(storage::Store& store, const storage::AuditRecord& audit,
                       const checklist::ParseCache& cache) {
    AuditView view;
    view.record = audit;
    for (const auto& c : audit.checklists) {
        auto snapshot = store.checklist_snapshot(c.snapshot_sha256);
        if (!snapshot) {
            return fail(ErrorKind::database, "the snapshot of checklist '" + c.checklist_id +
                                                 "' for audit " + std::to_string(audit.id) +
                                                 " is missing");
        }
        std::optional<checklist::Checklist> parsed = cache.get(c.snapshot_sha256, c.checklist_id);
        if (!parsed) {
            auto result = checklist::parse_checklist(snapshot->source, c.checklist_id + ".toml");
            if (!result.checklist) {
                return fail(ErrorKind::database,
                            "the snapshot of checklist '" + c.checklist_id + "' does not parse");
            }
            cache.put(c.snapshot_sha256, *result.checklist);
            parsed = std::move(result.checklist);
        }
        view.checklists.push_back({c.checklist_id, c.snapshot_sha256, std::move(*parsed)});
    }
    for (auto& response : store.current_responses(audit.id)) {
        auto key = response.checklist_id + ":" + response.item_id;
        view.responses[key] = std::move(response);
    }
    return view;
}

Result<void> validate(const AuditView& view, const ItemRef& item, const Answer& answer) {
    if (auto open = require_open(view.record); !open) {
        return open;
    }
    if (!one_of(k_statuses, answer.status)) {
        return not_allowed("status", answer.status, k_statuses);
    }
    if (answer.status == "na" && trim(answer.note).empty()) {
        return fail(ErrorKind::invalid_input,
                    "marking " + item.key() + " not applicable needs a rationale",
                    "say why in the note, such as \"" +
                        std::string(na_example(item.checklist->checklist.framework)) + "\"");
    }
    bool finding = answer.status == "partial" || answer.status == "not-met";
    if (!answer.likelihood.empty() && !one_of(k_likelihoods, answer.likelihood)) {
        return not_allowed("likelihood of harm", answer.likelihood, k_likelihoods);
    }
    if (!answer.scope.empty() && !one_of(k_scopes, answer.scope)) {
        return not_allowed("scope", answer.scope, k_scopes);
    }
    if (!finding && (!answer.likelihood.empty() || !answer.scope.empty())) {
        return fail(ErrorKind::invalid_input,
                    "a SAFER placement (likelihood, scope) applies only to partial or not-met");
    }
    return {};
}

storage::ResponseRecord response_for(const AuditView& view, const ItemRef& item,
                                     const Answer& answer) {
    storage::ResponseRecord response;
    response.audit_id = view.record.id;
    response.checklist_id = item.checklist->id;
    response.item_id = item.item->id;
    response.status = answer.status;
    response.note = answer.note;
    response.likelihood = answer.likelihood;
    response.scope = answer.scope;
    response.applied_from = answer.applied_from;
    return response;
}

Result<storage::ResponseRecord> record(storage::Store& store, const Clock& clock,
                                       const std::string& actor, AuditView& view,
                                       const ItemRef& item, const Answer& answer) {
    if (auto valid = validate(view, item, answer); !valid) {
        return tl::unexpected(valid.error());
    }
    auto response = response_for(view, item, answer);
    response.actor = actor;
    response.recorded_at = clock.timestamp();
    const auto* previous = view.response(item);
    nlohmann::json details = {
        {"item", item.key()}, {"status", answer.status}, {"note", answer.note}};
    if (previous != nullptr) {
        details["previous"] = previous->status;
    }
    if (!answer.likelihood.empty()) {
        details["likelihood"] = answer.likelihood;
    }
    if (!answer.scope.empty()) {
        details["scope"] = answer.scope;
    }
    if (!answer.applied_from.empty()) {
        details["applied_from"] = answer.applied_from;
    }
    response.id = store.add_response(response);
    journal::append(
        store, clock,
        {actor, "audit record", "audit:" + std::to_string(view.record.id), details.dump()});
    view.responses[item.key()] = response;
    return response;
}

double Tally::percent_met() const {
    return applicable() == 0 ? 0.0 : 100.0 * met / applicable();
}

double Tally::score() const {
    return weight == 0 ? 0.0 : 100.0 * earned / weight;
}

void Tally::add(const checklist::Item& item, const storage::ResponseRecord* response) {
    std::string status = response != nullptr ? response->status : "";
    if (status == "na") {
        ++na;
        return;
    }
    double w = weight_of(item.severity);
    weight += w;
    if (status == "met") {
        ++met;
        earned += w;
    } else if (status == "partial") {
        ++partial;
        earned += w / 2;
    } else if (status == "not-met") {
        ++not_met;
    } else {
        ++open;
    }
}

nlohmann::json tally_json(const Tally& t) {
    return {{"met", t.met},
            {"partial", t.partial},
            {"not_met", t.not_met},
            {"na", t.na},
            {"open", t.open},
            {"total", t.total()},
            {"applicable", t.applicable()},
            {"percent_met", std::round(t.percent_met() * 10) / 10},
            {"score", std::round(t.score() * 10) / 10}};
}

StatusReport status(const AuditView& view) {
    StatusReport report;
    for (const auto& c : view.checklists) {
        Tally checklist_tally;
        for (const auto& section : c.checklist.sections) {
            if (!view.in_scope(c.id, section.id)) {
                continue;
            }
            SectionTally section_tally{c.id, section.id, section.title, {}};
            for (const auto& item : section.items) {
                const auto* response = view.response({&c, &section, &item});
                section_tally.tally.add(item, response);
                checklist_tally.add(item, response);
                report.overall.add(item, response);
            }
            report.by_section.push_back(std::move(section_tally));
        }
        report.by_checklist.emplace_back(c.id, checklist_tally);
    }
    return report;
}

std::vector<DiffRow> diff(const AuditView& before, const AuditView& after) {
    std::vector<DiffRow> rows;
    auto status_of = [](const AuditView& view, const ItemRef& ref) {
        const auto* response = view.response(ref);
        return response == nullptr ? std::string("open") : response->status;
    };
    auto before_items = before.items();
    auto after_items = after.items();
    for (const auto& ref : after_items) {
        auto match = std::find_if(before_items.begin(), before_items.end(),
                                  [&](const ItemRef& b) { return b.key() == ref.key(); });
        DiffRow row{
            ref.checklist->id, ref.item->id, ref.item->title, "", status_of(after, ref), ""};
        if (match == before_items.end()) {
            row.change = "added";
        } else {
            row.before = status_of(before, *match);
            if (row.before == row.after) {
                row.change = "unchanged";
            } else if (rank_of(row.after) > rank_of(row.before) && rank_of(row.before) > 0) {
                row.change = "improved";
            } else if (rank_of(row.after) < rank_of(row.before) && rank_of(row.after) > 0) {
                row.change = "regressed";
            } else {
                row.change = "changed";
            }
        }
        rows.push_back(std::move(row));
    }
    for (const auto& ref : before_items) {
        bool kept = std::any_of(after_items.begin(), after_items.end(),
                                [&](const ItemRef& a) { return a.key() == ref.key(); });
        if (!kept) {
            rows.push_back({ref.checklist->id, ref.item->id, ref.item->title,
                            status_of(before, ref), "", "removed"});
        }
    }
    return rows;
}

} // namespace attest::audit
