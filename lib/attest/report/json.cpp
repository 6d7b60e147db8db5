#include <cmath>

#include <attest/audit/json.hpp>
#include <attest/core/json.hpp>
#include <attest/report/json.hpp>

namespace attest::report {

namespace {

nlohmann::json percent_json(std::optional<double> value) {
    if (!value) {
        return nullptr;
    }
    return std::round(*value * 10) / 10;
}

nlohmann::json counts_json(const CredentialCounts& c) {
    return {{"staff", c.staff},         {"required", c.required},
            {"held", c.held},           {"current", c.current},
            {"compliant", c.compliant}, {"expired", c.expired},
            {"missing", c.missing},     {"unverified", c.unverified},
            {"expiring", c.expiring},   {"percent_compliant", percent_json(c.percent_compliant())}};
}

nlohmann::json credentials_json(const CredentialSnapshot& snapshot, bool redacted) {
    nlohmann::json by_role = nlohmann::json::array();
    for (const auto& c : snapshot.by_role) {
        auto entry = counts_json(c);
        entry["role"] = c.key;
        entry["title"] = c.title;
        by_role.push_back(std::move(entry));
    }
    nlohmann::json by_department = nlohmann::json::array();
    for (const auto& c : snapshot.by_department) {
        auto entry = counts_json(c);
        entry["department"] = c.key;
        by_department.push_back(std::move(entry));
    }
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& c : snapshot.rows) {
        nlohmann::json row = {{"staff_id", c.staff_id},
                              {"role", c.role},
                              {"department", or_null(c.department)},
                              {"credential", c.credential},
                              {"title", c.title},
                              {"issued", or_null(c.issued)},
                              {"expires", or_null(c.expires)},
                              {"days", c.days},
                              {"status", c.status}};
        if (!redacted) {
            row["name"] = c.name;
            row["email"] = or_null(c.email);
            row["npi"] = or_null(c.npi);
            row["date_of_birth"] = or_null(c.date_of_birth);
            row["number"] = or_null(c.number);
        }
        rows.push_back(std::move(row));
    }
    return {{"available", snapshot.available},
            {"site", or_null(snapshot.site)},
            {"within_days", snapshot.within_days},
            {"summary", counts_json(snapshot.total)},
            {"by_role", by_role},
            {"by_department", by_department},
            {"rows", rows}};
}

nlohmann::json ack_counts_json(const AckCounts& c) {
    return {{"required", c.required},
            {"acknowledged", c.acknowledged},
            {"outstanding", c.outstanding()},
            {"overdue", c.overdue},
            {"percent", c.percent}};
}

nlohmann::json acknowledgements_json(const AckSnapshot& snapshot, bool redacted) {
    nlohmann::json by_policy = nlohmann::json::array();
    for (const auto& c : snapshot.by_policy) {
        auto entry = ack_counts_json(c);
        entry["policy"] = c.policy;
        entry["title"] = c.title;
        entry["version"] = c.version;
        entry["within_days"] = c.within_days;
        by_policy.push_back(std::move(entry));
    }
    nlohmann::json overdue = nlohmann::json::array();
    for (const auto& r : snapshot.overdue) {
        nlohmann::json row = {{"policy", r.policy},
                              {"staff_id", r.staff_id},
                              {"role", r.role},
                              {"department", or_null(r.department)},
                              {"due", r.due},
                              {"days_overdue", r.days_overdue},
                              {"earlier_version_signed_on", or_null(r.earlier_version_signed_on)}};
        if (!redacted) {
            row["name"] = r.name;
            row["manager"] = or_null(r.manager);
        }
        overdue.push_back(std::move(row));
    }
    return {{"available", snapshot.available},
            {"site", or_null(snapshot.site)},
            {"summary", ack_counts_json(snapshot.total)},
            {"by_policy", by_policy},
            {"overdue", overdue}};
}

nlohmann::json policies_json(const PolicySnapshot& snapshot) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& p : snapshot.rows) {
        rows.push_back({{"path", p.path},
                        {"id", or_null(p.id)},
                        {"title", or_null(p.title)},
                        {"owner", or_null(p.owner)},
                        {"approved", or_null(p.approved)},
                        {"next_review", or_null(p.next_review)},
                        {"status", p.status},
                        {"errors", p.errors},
                        {"warnings", p.warnings}});
    }
    nlohmann::json items = nlohmann::json::array();
    for (const auto& c : snapshot.coverage) {
        items.push_back({{"checklist", c.checklist},
                         {"item", c.item},
                         {"title", c.title},
                         {"status", c.status},
                         {"covered_by", c.covered_by}});
    }
    return {{"available", snapshot.available},
            {"folder", snapshot.folder},
            {"checked", snapshot.rows.size()},
            {"errors", snapshot.errors},
            {"warnings", snapshot.warnings},
            {"review_warning_days", snapshot.review_warning_days},
            {"overdue", snapshot.reviews("overdue")},
            {"due_soon", snapshot.reviews("due soon")},
            {"coverage",
             {{"needs_policy", snapshot.coverage.size()},
              {"covered", snapshot.coverage_count("covered")},
              {"uncovered", snapshot.coverage_count("uncovered")},
              {"not_applicable", snapshot.coverage_count("not applicable")},
              {"items", items}}},
            {"rows", rows}};
}

} // namespace

nlohmann::json audit_json(const AuditReport& report) {
    bool redacted = report.redact == Redact::yes;
    nlohmann::json checklists = nlohmann::json::array();
    for (const auto& c : report.checklists) {
        checklists.push_back({{"id", c.id},
                              {"framework", c.framework},
                              {"title", c.title},
                              {"version", c.version},
                              {"sha256", c.sha256},
                              {"tally", audit::tally_json(c.tally)}});
    }
    nlohmann::json sections = nlohmann::json::array();
    for (const auto& s : report.sections) {
        sections.push_back({{"checklist", s.checklist_id},
                            {"section", s.section_id},
                            {"title", s.title},
                            {"tally", audit::tally_json(s.tally)}});
    }
    nlohmann::json evidence = nlohmann::json::array();
    for (const auto& e : report.evidence) {
        nlohmann::json entry = {{"id", e.record.id},
                                {"checklist", e.checklist_id},
                                {"item", e.item_id},
                                {"plan", or_null(e.plan_id)},
                                {"path", or_null(e.packet_path)},
                                {"sha256", or_null(e.record.sha256)},
                                {"size", e.record.size},
                                {"name", or_null(e.record.original_name)},
                                {"media_type", or_null(e.record.media_type)},
                                {"kind", e.record.kind},
                                {"note", or_null(e.record.note)},
                                {"valid_from", or_null(e.record.valid_from)},
                                {"valid_to", or_null(e.record.valid_to)},
                                {"added_by", e.record.added_by},
                                {"added_at", e.record.added_at}};
        if (!redacted) {
            entry["source"] = or_null(e.record.source_path);
        }
        evidence.push_back(std::move(entry));
    }
    nlohmann::json items = nlohmann::json::array();
    for (const auto& item : report.items) {
        nlohmann::json response =
            item.response ? audit::response_json(*item.response) : nlohmann::json(nullptr);
        nlohmann::json linked = nlohmann::json::array();
        for (auto index : item.evidence) {
            linked.push_back(report.evidence[index].record.id);
        }
        nlohmann::json entry = {{"checklist", item.checklist_id},
                                {"framework", item.framework},
                                {"section", item.section_id},
                                {"id", item.item_id},
                                {"title", item.title},
                                {"severity", item.severity},
                                {"status", item.status()},
                                {"response", response},
                                {"evidence", linked}};
        // The survey codes of the framework's own forms; absent for other frameworks.
        if (item.framework == "cms") {
            entry["tag"] = or_null(item.tag);
            entry["tag_confirmed"] =
                item.tag.empty() ? nlohmann::json() : nlohmann::json(item.tag_confirmed);
        } else if (item.framework == "tjc") {
            entry["standard"] = or_null(item.standard);
            entry["element_of_performance"] = or_null(item.element);
        }
        items.push_back(std::move(entry));
    }
    nlohmann::json findings = nlohmann::json::array();
    for (const auto& f : report.findings) {
        const auto& item = report.items[f.item];
        nlohmann::json plans = nlohmann::json::array();
        for (const auto& p : f.plans) {
            plans.push_back(audit::plan_json(p, report.today));
        }
        findings.push_back({{"item", item.key()},
                            {"severity", item.severity},
                            {"status", item.status()},
                            {"likelihood", or_null(item.response->likelihood)},
                            {"scope", or_null(item.response->scope)},
                            {"note", or_null(item.response->note)},
                            {"applied_from", or_null(item.response->applied_from)},
                            {"plans", plans}});
    }
    const auto& a = report.audit;
    return {{"format", "attest-audit/1"},
            {"organization", report.organization},
            {"prepared_for", report.today.iso()},
            {"redacted", redacted},
            {"only", report.only == Only::findings ? "findings" : "everything"},
            {"audit",
             {{"id", a.id},
              {"name", a.name},
              {"site", or_null(a.site)},
              {"auditor", or_null(a.auditor)},
              {"status", a.status},
              {"created_at", a.created_at},
              {"created_by", a.created_by},
              {"due", or_null(a.due)},
              {"survey_exit", or_null(a.survey_exit)},
              {"recurrence", or_null(a.recurrence)},
              {"previous", or_null(a.previous_id)},
              {"closed_at", or_null(a.closed_at)}}},
            {"overall", audit::tally_json(report.overall)},
            {"checklists", checklists},
            {"sections", sections},
            {"items", items},
            {"findings", findings},
            {"evidence", evidence},
            {"credentials", credentials_json(report.credentials, redacted)},
            {"acknowledgements", acknowledgements_json(report.acknowledgements, redacted)},
            {"policies", policies_json(report.policies)}};
}

} // namespace attest::report
