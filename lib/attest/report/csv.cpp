#include <cstdio>

#include <attest/core/csv.hpp>
#include <attest/report/csv.hpp>

namespace attest::report {

namespace {

// A field a spreadsheet would read as a formula is kept as text with a leading apostrophe
// (spreadsheet_safe): notes and plans are typed by people.
void row(std::string& out, std::initializer_list<std::string_view> fields) {
    bool first = true;
    for (auto field : fields) {
        if (!first) {
            out += ',';
        }
        first = false;
        out += csv_field(spreadsheet_safe(field));
    }
    out += "\r\n";
}

void row_of(std::string& out, const std::vector<std::string>& fields) {
    for (size_t i = 0; i < fields.size(); ++i) {
        out += (i == 0 ? "" : ",") + csv_field(spreadsheet_safe(fields[i]));
    }
    out += "\r\n";
}

std::string plan_text(const storage::PlanRecord& plan) {
    std::string text = plan.action;
    if (!plan.prevention.empty()) {
        text += "\nPrevention: " + plan.prevention;
    }
    if (!plan.monitor.empty()) {
        text += "\nMonitoring: " + plan.monitor;
    }
    return text;
}

// The item's title and, after a colon, what the auditor found.
std::string deficiency(const ItemEntry& item) {
    std::string text = item.title;
    if (item.response && !item.response->note.empty()) {
        text += ": " + item.response->note;
    }
    return text;
}

std::string join_plans(const FindingEntry& finding, std::string storage::PlanRecord::*field) {
    std::string out;
    for (const auto& plan : finding.plans) {
        out += (out.empty() ? "" : ";") + plan.*field;
    }
    return out;
}

} // namespace

std::string plan_of_correction_csv(const AuditReport& report) {
    std::string out;
    row(out, {"tag", "regulation", "deficiency", "plan", "responsible", "completion_date",
              "tag_confirmed"});
    for (const auto& finding : report.findings) {
        const auto& item = report.items[finding.item];
        if (item.framework != "cms") {
            continue;
        }
        auto text = deficiency(item);
        std::string confirmed = item.tag.empty() ? "" : item.tag_confirmed ? "yes" : "no";
        if (finding.plans.empty()) {
            row(out, {item.tag, item.item_id, text, "", "", "", confirmed});
        }
        for (const auto& plan : finding.plans) {
            row(out,
                {item.tag, item.item_id, text, plan_text(plan), plan.owner, plan.due, confirmed});
        }
    }
    return out;
}

std::string evidence_of_standards_compliance_csv(const AuditReport& report) {
    std::string out;
    row(out, {"standard", "element_of_performance", "finding", "likelihood", "scope",
              "corrective_action", "prevention", "responsible", "completion_date",
              "measure_of_success", "plan_status"});
    for (const auto& finding : report.findings) {
        const auto& item = report.items[finding.item];
        if (item.framework != "tjc") {
            continue;
        }
        auto text = deficiency(item);
        const auto& r = *item.response;
        if (finding.plans.empty()) {
            row(out,
                {item.standard, item.element, text, r.likelihood, r.scope, "", "", "", "", "", ""});
        }
        for (const auto& plan : finding.plans) {
            row(out, {item.standard, item.element, text, r.likelihood, r.scope, plan.action,
                      plan.prevention, plan.owner, plan.due, plan.monitor, plan.status});
        }
    }
    return out;
}

std::string responses_csv(const AuditReport& report) {
    std::string out;
    row(out, {"checklist", "framework", "section", "item", "title", "severity", "status", "note",
              "likelihood", "scope", "recorded_by", "recorded_at", "evidence"});
    for (const auto& item : report.items) {
        std::string evidence;
        for (auto index : item.evidence) {
            const auto& e = report.evidence[index];
            evidence +=
                (evidence.empty() ? "" : ";") +
                (e.packet_path.empty() ? "note:" + std::to_string(e.record.id) : e.packet_path);
        }
        storage::ResponseRecord none;
        const auto& r = item.response ? *item.response : none;
        row(out, {item.checklist_id, item.framework, item.section_id, item.item_id, item.title,
                  item.severity, item.status(), r.note, r.likelihood, r.scope, r.actor,
                  r.recorded_at, evidence});
    }
    return out;
}

std::string findings_csv(const AuditReport& report) {
    std::string out;
    row(out, {"checklist", "item", "title", "severity", "status", "likelihood", "scope", "note",
              "applied_from", "plans", "plan_status", "due"});
    for (const auto& finding : report.findings) {
        const auto& item = report.items[finding.item];
        std::string ids;
        for (const auto& plan : finding.plans) {
            ids += (ids.empty() ? "" : ";") + std::to_string(plan.id);
        }
        row(out,
            {item.checklist_id, item.item_id, item.title, item.severity, item.status(),
             item.response->likelihood, item.response->scope, item.response->note,
             item.response->applied_from, ids, join_plans(finding, &storage::PlanRecord::status),
             join_plans(finding, &storage::PlanRecord::due)});
    }
    return out;
}

std::string credentials_csv(const AuditReport& report) {
    std::string out;
    bool personal = report.redact == Redact::no;
    if (personal) {
        row(out, {"staff_id", "name", "role", "department", "email", "npi", "date_of_birth",
                  "credential", "number", "issued", "expires", "status"});
    } else {
        row(out, {"staff_id", "role", "department", "credential", "issued", "expires", "status"});
    }
    for (const auto& c : report.credentials.rows) {
        if (personal) {
            row(out, {c.staff_id, c.name, c.role, c.department, c.email, c.npi, c.date_of_birth,
                      c.credential, c.number, c.issued, c.expires, c.status});
        } else {
            row(out,
                {c.staff_id, c.role, c.department, c.credential, c.issued, c.expires, c.status});
        }
    }
    return out;
}

std::string acknowledgements_csv(const AuditReport& report) {
    std::string out;
    bool personal = report.redact == Redact::no;
    std::vector<std::string> header = {"kind",         "policy",  "version", "required",
                                       "acknowledged", "overdue", "percent", "staff_id"};
    if (personal) {
        header.push_back("name");
    }
    header.insert(header.end(), {"role", "department"});
    if (personal) {
        header.push_back("manager");
    }
    header.insert(header.end(), {"due", "days_overdue"});
    row_of(out, header);
    const auto& snapshot = report.acknowledgements;
    for (const auto& c : snapshot.by_policy) {
        char percent[16];
        std::snprintf(percent, sizeof percent, "%.1f", c.percent);
        std::vector<std::string> fields = {"policy",
                                           c.policy,
                                           c.version,
                                           std::to_string(c.required),
                                           std::to_string(c.acknowledged),
                                           std::to_string(c.overdue),
                                           percent,
                                           ""};
        fields.resize(header.size());
        row_of(out, fields);
    }
    for (const auto& r : snapshot.overdue) {
        std::vector<std::string> fields = {"overdue", r.policy, "", "", "", "", "", r.staff_id};
        if (personal) {
            fields.push_back(r.name);
        }
        fields.insert(fields.end(), {r.role, r.department});
        if (personal) {
            fields.push_back(r.manager);
        }
        fields.insert(fields.end(), {r.due, std::to_string(r.days_overdue)});
        row_of(out, fields);
    }
    return out;
}

} // namespace attest::report
