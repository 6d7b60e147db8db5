#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <set>

#include <attest/core/date.hpp>
#include <attest/core/text.hpp>
#include <attest/report/oscal.hpp>

namespace attest::report {

using nlohmann::json;

namespace {

// The namespace the workspace namespaces are themselves derived in (a version 5 UUID of
// "urn:attest:oscal" in RFC 4122's URL namespace), fixed for good.
const Uuid& oscal_root_namespace() {
    static const Uuid root =
        uuid_v5(*parse_uuid("6ba7b811-9dad-11d1-80b4-00c04fd430c8"), k_oscal_namespace);
    return root;
}

// OSCAL's StringDatatype: one line, no blanks at either end, not empty. Runs of blanks and line
// breaks become one space; control characters are dropped.
std::string one_line(std::string_view text) {
    std::string out;
    bool blank = false;
    for (unsigned char c : text) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            blank = true;
            continue;
        }
        if (c < 0x20 || c == 0x7f) {
            continue;
        }
        if (blank && !out.empty()) {
            out += ' ';
        }
        blank = false;
        out += static_cast<char>(c);
    }
    return out;
}

// Prose (markup-multiline): control characters other than line breaks and tabs are dropped.
std::string prose(std::string_view text) {
    std::string out;
    for (unsigned char c : text) {
        if ((c >= 0x20 && c != 0x7f) || c == '\n' || c == '\t') {
            out += static_cast<char>(c);
        }
    }
    return std::string(trim(out));
}

bool is_token_start(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

bool is_token_char(char c) {
    return is_token_start(c) || (c >= '0' && c <= '9') || c == '.' || c == '-';
}

// A relative path as a URI reference: unreserved characters and '/' kept, the rest
// percent-encoded byte by byte.
std::string uri_path(std::string_view path) {
    static constexpr char k_hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : path) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += k_hex[c >> 4];
            out += k_hex[c & 0x0f];
        }
    }
    return out;
}

// A stored time or date as OSCAL's date-time with a time zone: journal times are already UTC
// (`2026-11-27T14:03:00Z`); a date is midnight UTC of that day.
std::string date_time(std::string_view text) {
    if (text.size() == 10) {
        return std::string(text) + "T00:00:00Z";
    }
    return std::string(text);
}

json prop(std::string_view name, std::string_view value) {
    return {{"name", name}, {"ns", k_oscal_namespace}, {"value", one_line(value)}};
}

// Adds a property when its value has text.
void add_prop(json& props, std::string_view name, std::string_view value) {
    if (!one_line(value).empty()) {
        props.push_back(prop(name, value));
    }
}

std::string answer_words(std::string_view status) {
    if (status == "met") {
        return "met";
    }
    if (status == "partial") {
        return "partially met";
    }
    if (status == "not-met") {
        return "not met";
    }
    if (status == "na") {
        return "not applicable";
    }
    return "unanswered";
}

bool deficient(const ItemEntry& item) {
    return item.response &&
           (item.response->status == "partial" || item.response->status == "not-met");
}

// Builds the parts both documents share, with UUIDs derived from the workspace's namespace and
// stable keys (audit, item, plan and evidence numbers), never from the clock.
class OscalBuilder {
public:
    OscalBuilder(const AuditReport& report, const OscalSource& source)
        : m_report(report), m_space(oscal_namespace(source.workspace)), m_tool(source.tool) {}

    std::string uuid(std::string_view key) const {
        return uuid_v5(m_space,
                       "audit:" + std::to_string(m_report.audit.id) + ":" + std::string(key))
            .text();
    }

    std::string item_uuid(std::string_view what, const ItemEntry& item) const {
        return uuid(std::string(what) + ":" + item.key());
    }

    // The party a name stands for, added to the metadata's parties.
    std::string party(std::string_view name, std::string_view type = "person") {
        auto clean = one_line(name);
        auto key = std::string(type) + ":" + clean;
        auto found = m_parties.find(key);
        if (found == m_parties.end()) {
            found = m_parties
                        .emplace(key, json{{"uuid", uuid_v5(m_space, "party:" + key).text()},
                                           {"type", type},
                                           {"name", clean}})
                        .first;
        }
        return found->second["uuid"].get<std::string>();
    }

    // An origin naming who gave an answer, or nothing when nobody is recorded.
    json origins_of(std::string_view actor) {
        if (one_line(actor).empty()) {
            return nullptr;
        }
        return json::array(
            {{{"actors", json::array({{{"type", "party"}, {"actor-uuid", party(actor)}}})}}});
    }

    json metadata(std::string_view what) {
        std::string title = one_line(m_report.audit.name) + ": " + std::string(what);
        if (!one_line(m_report.organization).empty()) {
            title = one_line(m_report.organization) + ", " + title;
        }
        auto modified = oscal_last_modified(m_report);
        json out = {{"title", title},
                    {"last-modified", modified},
                    {"version", modified},
                    {"oscal-version", k_oscal_version}};
        json props = json::array();
        add_prop(props, "tool", m_tool);
        out["props"] = props;
        std::string organization;
        if (!one_line(m_report.organization).empty()) {
            organization = party(m_report.organization, "organization");
        }
        json responsible = json::array();
        if (!one_line(m_report.audit.auditor).empty()) {
            out["roles"] = json::array({{{"id", "assessor"}, {"title", "Auditor"}}});
            responsible.push_back(
                {{"role-id", "assessor"}, {"party-uuids", {party(m_report.audit.auditor)}}});
        }
        if (!m_parties.empty()) {
            json parties = json::array();
            for (const auto& [key, p] : m_parties) {
                parties.push_back(p);
            }
            out["parties"] = parties;
        }
        if (!responsible.empty()) {
            out["responsible-parties"] = responsible;
        }
        return out;
    }

    json observation(const ItemEntry& item) {
        const auto& response = *item.response;
        std::set<std::string> methods;
        json evidence = json::array();
        for (size_t index : item.evidence) {
            const auto& e = m_report.evidence[index];
            const auto& kind = e.record.kind;
            methods.insert(kind == "interview" ? "INTERVIEW" : "EXAMINE");
            evidence.push_back(relevant_evidence(e));
        }
        if (methods.empty()) {
            methods.insert("EXAMINE");
        }
        json props = json::array();
        props.push_back(prop("item", item.key()));
        props.push_back(prop("answer", response.status));
        add_prop(props, "likelihood", response.likelihood);
        add_prop(props, "scope", response.scope);
        add_prop(props, "applied-from", response.applied_from);
        std::string description = "Answered " + answer_words(response.status) + ".";
        if (!prose(response.note).empty()) {
            description += " " + prose(response.note);
        }
        json out = {{"uuid", item_uuid("observation", item)},
                    {"title", one_line(item.item_id + " " + item.title)},
                    {"description", description},
                    {"props", props},
                    {"methods", methods},
                    {"types", json::array({deficient(item) ? "finding" : "control-objective"})}};
        if (auto origins = origins_of(response.actor); !origins.is_null()) {
            out["origins"] = origins;
        }
        if (!evidence.empty()) {
            out["relevant-evidence"] = evidence;
        }
        out["collected"] = date_time(response.recorded_at);
        return out;
    }

    json finding(const ItemEntry& item) {
        const auto& status = item.response->status;
        const bool satisfied = status == "met" || status == "na";
        json state = {{"state", satisfied ? "satisfied" : "not-satisfied"},
                      {"reason", status == "met"  ? "pass"
                                 : status == "na" ? "other"
                                                  : "fail"}};
        std::string description = item.key() + " was found " + answer_words(status) + ".";
        if (!prose(item.response->note).empty()) {
            description += " " + prose(item.response->note);
        }
        json out = {
            {"uuid", item_uuid("finding", item)},
            {"title", one_line(item.item_id + " " + item.title)},
            {"description", description},
            {"props", json::array({prop("item", item.key())})},
            {"target",
             {{"type", "objective-id"}, {"target-id", oscal_control_id(item)}, {"status", state}}}};
        if (auto origins = origins_of(item.response->actor); !origins.is_null()) {
            out["origins"] = origins;
        }
        out["related-observations"] =
            json::array({{{"observation-uuid", item_uuid("observation", item)}}});
        if (deficient(item)) {
            out["related-risks"] = json::array({{{"risk-uuid", item_uuid("risk", item)}}});
        }
        return out;
    }

    json risk(const FindingEntry& finding) {
        const auto& item = m_report.items[finding.item];
        const auto& response = *item.response;
        std::string statement = prose(item.requirement);
        if (statement.empty()) {
            statement = one_line(item.title);
        }
        std::string description = item.key() + " is " + answer_words(response.status) + ".";
        if (!prose(response.note).empty()) {
            description += " " + prose(response.note);
        }
        bool any_open = false;
        std::string deadline;
        for (const auto& plan : finding.plans) {
            if (plan.status != "done") {
                any_open = true;
                if (!plan.due.empty() && (deadline.empty() || plan.due < deadline)) {
                    deadline = plan.due;
                }
            }
        }
        std::string status = finding.plans.empty() ? "open" : any_open ? "remediating" : "closed";
        json out = {{"uuid", item_uuid("risk", item)},
                    {"title", one_line(item.item_id + " " + item.title)},
                    {"description", description},
                    {"statement", statement},
                    {"props", json::array({prop("item", item.key())})},
                    {"status", status}};
        json facets = json::array();
        facets.push_back(
            {{"name", "severity"}, {"system", k_oscal_namespace}, {"value", item.severity}});
        if (!response.likelihood.empty()) {
            facets.push_back({{"name", "likelihood"},
                              {"system", k_oscal_namespace},
                              {"value", one_line(response.likelihood)}});
        }
        if (!response.scope.empty()) {
            facets.push_back({{"name", "scope"},
                              {"system", k_oscal_namespace},
                              {"value", one_line(response.scope)}});
        }
        std::string assessor =
            one_line(m_report.audit.auditor).empty() ? response.actor : m_report.audit.auditor;
        if (!one_line(assessor).empty()) {
            out["characterizations"] = json::array(
                {{{"origin",
                   {{"actors",
                     json::array({{{"type", "party"}, {"actor-uuid", party(assessor)}}})}}},
                  {"facets", facets}}});
        }
        if (!deadline.empty()) {
            out["deadline"] = date_time(deadline);
        }
        json remediations = json::array();
        for (const auto& plan : finding.plans) {
            remediations.push_back(remediation(plan));
        }
        if (!remediations.empty()) {
            out["remediations"] = remediations;
        }
        out["related-observations"] =
            json::array({{{"observation-uuid", item_uuid("observation", item)}}});
        return out;
    }

    json back_matter() const {
        json resources = json::array();
        for (const auto& [id, resource] : m_resources) {
            resources.push_back(resource);
        }
        if (resources.empty()) {
            return nullptr;
        }
        return {{"resources", resources}};
    }

    // The audit's checklists, as the assessment plan an assessment-results document imports.
    std::string plan_resource() {
        json props = json::array();
        std::string description = "attest keeps no separate assessment plan: the audit's "
                                  "checklists, as snapshotted when it started, are its plan.";
        for (const auto& c : m_report.checklists) {
            json p = prop("checklist", c.id);
            p["remarks"] = prose(c.title + (c.version.empty() ? "" : ", version " + c.version) +
                                 ", snapshot SHA-256 " + c.sha256);
            props.push_back(p);
        }
        auto id = uuid("assessment-plan");
        json resource = {
            {"uuid", id},
            {"title", "Assessment plan: the checklists of " + one_line(m_report.audit.name)},
            {"description", description}};
        if (!props.empty()) {
            resource["props"] = props;
        }
        m_resources.emplace("0-plan", resource);
        return id;
    }

private:
    json relevant_evidence(const EvidenceEntry& e) {
        std::string name = one_line(e.record.original_name);
        std::string description = name.empty() ? "Evidence " + std::to_string(e.record.id) : name;
        description += " (" + (e.record.kind.empty() ? std::string("evidence") : e.record.kind) +
                       (e.plan_id != 0 ? ", completes plan #" + std::to_string(e.plan_id) : "") +
                       ")";
        json out = {{"description", description}};
        json props = json::array();
        props.push_back(prop("evidence-id", std::to_string(e.record.id)));
        add_prop(props, "kind", e.record.kind);
        out["props"] = props;
        if (!prose(e.record.note).empty()) {
            out["remarks"] = prose(e.record.note);
        }
        if (e.record.sha256.empty()) {
            return out;
        }
        auto id = uuid("evidence:" + std::to_string(e.record.id));
        char order[24];
        std::snprintf(order, sizeof order, "1-%012lld", static_cast<long long>(e.record.id));
        if (!m_resources.count(order)) {
            json rlink = {
                {"href", uri_path(e.packet_path.empty() ? "evidence/sha256/" + e.record.sha256
                                                        : e.packet_path)}};
            if (!one_line(e.record.media_type).empty()) {
                rlink["media-type"] = one_line(e.record.media_type);
            }
            rlink["hashes"] = json::array({{{"algorithm", "SHA-256"}, {"value", e.record.sha256}}});
            json resource = {
                {"uuid", id},
                {"title", name.empty() ? "Evidence " + std::to_string(e.record.id) : name},
                {"props", props},
                {"rlinks", json::array({rlink})}};
            m_resources.emplace(order, resource);
        }
        out["href"] = "#" + id;
        return out;
    }

    json remediation(const storage::PlanRecord& plan) {
        bool done = plan.status == "done";
        json props = json::array();
        props.push_back(prop("plan-id", std::to_string(plan.id)));
        props.push_back(prop("plan-status", plan.status));
        add_prop(props, "owner", plan.owner);
        std::string remarks;
        auto add_remark = [&](std::string_view label, std::string_view text) {
            if (!prose(text).empty()) {
                remarks +=
                    (remarks.empty() ? "" : "\n\n") + std::string(label) + ": " + prose(text);
            }
        };
        add_remark("Prevention", plan.prevention);
        add_remark("Monitoring", plan.monitor);
        if (done) {
            add_remark("Completed " + plan.completed_at.substr(0, 10),
                       plan.completion_note.empty() ? "done" : plan.completion_note);
        }
        std::string description = prose(plan.action);
        json out = {{"uuid", uuid("plan:" + std::to_string(plan.id))},
                    {"lifecycle", done ? "completed" : "planned"},
                    {"title", "Corrective action plan #" + std::to_string(plan.id)},
                    {"description", description.empty() ? "Corrective action" : description},
                    {"props", props}};
        if (auto origins = origins_of(plan.created_by); !origins.is_null()) {
            out["origins"] = origins;
        }
        if (!plan.due.empty()) {
            out["tasks"] =
                json::array({{{"uuid", uuid("plan:" + std::to_string(plan.id) + ":due")},
                              {"type", "milestone"},
                              {"title", "Corrective action due"},
                              {"timing", {{"on-date", {{"date", date_time(plan.due)}}}}}}});
        }
        if (!remarks.empty()) {
            out["remarks"] = remarks;
        }
        return out;
    }

    const AuditReport& m_report;
    Uuid m_space;
    std::string m_tool;
    std::map<std::string, json> m_parties;
    // Back-matter resources, keyed so the plan comes first and evidence follows by number.
    std::map<std::string, json> m_resources;
};

} // namespace

Uuid oscal_namespace(std::string_view workspace) {
    return uuid_v5(oscal_root_namespace(), "workspace:" + std::string(workspace));
}

std::string oscal_control_id(const ItemEntry& item) {
    if (!item.oscal_id.empty()) {
        bool token = is_token_start(item.oscal_id.front()) &&
                     std::all_of(item.oscal_id.begin(), item.oscal_id.end(), is_token_char);
        if (token) {
            return item.oscal_id;
        }
    }
    auto tokenize = [](std::string_view text) {
        std::string out;
        for (char c : text) {
            if (c == '(') {
                out += '.';
            } else if (c == ')') {
                continue;
            } else {
                out += is_token_char(c) ? c : '_';
            }
        }
        return out;
    };
    std::string out = tokenize(item.checklist_id) + "_" + tokenize(item.item_id);
    if (!is_token_start(out.front())) {
        out = "_" + out;
    }
    return out;
}

std::string oscal_last_modified(const AuditReport& report) {
    std::string latest = report.audit.created_at;
    auto consider = [&](const std::string& time) {
        if (!time.empty() && time > latest) {
            latest = time;
        }
    };
    consider(report.audit.closed_at);
    for (const auto& item : report.items) {
        if (item.response) {
            consider(item.response->recorded_at);
        }
    }
    for (const auto& finding : report.findings) {
        for (const auto& plan : finding.plans) {
            consider(plan.created_at);
            consider(plan.completed_at);
        }
    }
    for (const auto& e : report.evidence) {
        consider(e.record.added_at);
    }
    return date_time(latest.empty() ? report.today.iso() : latest);
}

json oscal_assessment_results(const AuditReport& report, const OscalSource& source) {
    OscalBuilder builder(report, source);
    json controls = json::array();
    std::set<std::string> seen;
    json observations = json::array();
    json findings = json::array();
    for (const auto& item : report.items) {
        auto control = oscal_control_id(item);
        if (seen.insert(control).second) {
            controls.push_back({{"control-id", control}});
        }
        if (item.response) {
            observations.push_back(builder.observation(item));
            findings.push_back(builder.finding(item));
        }
    }
    json risks = json::array();
    for (const auto& finding : report.findings) {
        risks.push_back(builder.risk(finding));
    }

    const auto& audit = report.audit;
    std::vector<std::string> checklist_ids;
    for (const auto& c : report.checklists) {
        checklist_ids.push_back(c.id);
    }
    std::string description =
        "Audit " + std::to_string(audit.id) + " of " + join(checklist_ids, ", ") +
        (one_line(audit.site).empty() ? "" : " at " + one_line(audit.site)) + ": " +
        std::to_string(report.overall.total()) + " items, " + std::to_string(report.overall.met) +
        " met, " + std::to_string(report.overall.partial) + " partial, " +
        std::to_string(report.overall.not_met) + " not met, " + std::to_string(report.overall.na) +
        " not applicable, " + std::to_string(report.overall.open) + " unanswered.";
    json props = json::array();
    props.push_back(prop("audit-id", std::to_string(audit.id)));
    props.push_back(prop("audit-status", audit.status));
    add_prop(props, "site", audit.site);
    if (report.overall.applicable() > 0) {
        props.push_back(prop("percent-met", one_decimal(report.overall.percent_met())));
        props.push_back(prop("score", one_decimal(report.overall.score())));
    }
    json result = {{"uuid", builder.uuid("result")},
                   {"title", one_line(audit.name)},
                   {"description", description},
                   {"start", date_time(audit.created_at)}};
    if (!audit.closed_at.empty()) {
        result["end"] = date_time(audit.closed_at);
    }
    result["props"] = props;
    result["reviewed-controls"] = {
        {"control-selections", json::array({{{"include-controls", controls}}})}};
    if (!observations.empty()) {
        result["observations"] = observations;
    }
    if (!risks.empty()) {
        result["risks"] = risks;
    }
    if (!findings.empty()) {
        result["findings"] = findings;
    }

    auto plan = builder.plan_resource();
    json document = {{"uuid", builder.uuid("assessment-results")}};
    // The metadata goes last so it lists every party the parts above named.
    document["import-ap"] = {{"href", "#" + plan}};
    document["results"] = json::array({result});
    if (auto back = builder.back_matter(); !back.is_null()) {
        document["back-matter"] = back;
    }
    document["metadata"] = builder.metadata("assessment results");
    return {{"assessment-results", document}};
}

Result<json> oscal_poam(const AuditReport& report, const OscalSource& source) {
    if (report.findings.empty()) {
        return fail(ErrorKind::invalid_input,
                    "audit " + std::to_string(report.audit.id) +
                        " has no findings (items answered partial or not-met), so it has no plan "
                        "of action and milestones to write",
                    "OSCAL requires at least one POA&M item; export the assessment results "
                    "with --oscal assessment-results");
    }
    OscalBuilder builder(report, source);
    json observations = json::array();
    json risks = json::array();
    json findings = json::array();
    json items = json::array();
    for (const auto& finding : report.findings) {
        const auto& item = report.items[finding.item];
        observations.push_back(builder.observation(item));
        risks.push_back(builder.risk(finding));
        findings.push_back(builder.finding(item));
        std::string description;
        for (const auto& plan : finding.plans) {
            description += (description.empty() ? "" : "\n\n") + std::string("Plan #") +
                           std::to_string(plan.id) + " (" + plan.status +
                           (plan.due.empty() ? "" : ", due " + plan.due) +
                           "): " + prose(plan.action);
        }
        if (description.empty()) {
            description = "No corrective action plan yet.";
        }
        json props = json::array();
        props.push_back(prop("item", item.key()));
        props.push_back(prop("answer", item.response->status));
        items.push_back(
            {{"uuid", builder.item_uuid("poam-item", item)},
             {"title", one_line(item.item_id + " " + item.title)},
             {"description", description},
             {"props", props},
             {"related-findings",
              json::array({{{"finding-uuid", builder.item_uuid("finding", item)}}})},
             {"related-observations",
              json::array({{{"observation-uuid", builder.item_uuid("observation", item)}}})},
             {"related-risks", json::array({{{"risk-uuid", builder.item_uuid("risk", item)}}})}});
    }
    json document = {{"uuid", builder.uuid("poam")}};
    document["observations"] = observations;
    document["risks"] = risks;
    document["findings"] = findings;
    document["poam-items"] = items;
    if (auto back = builder.back_matter(); !back.is_null()) {
        document["back-matter"] = back;
    }
    document["metadata"] = builder.metadata("plan of action and milestones");
    return json{{"plan-of-action-and-milestones", document}};
}

} // namespace attest::report
