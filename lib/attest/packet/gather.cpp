#include <algorithm>
#include <map>
#include <set>

#include <attest/audit/plan.hpp>
#include <attest/checklist/survey_codes.hpp>
#include <attest/packet/gather.hpp>
#include <attest/packet/names.hpp>

namespace attest::packet {

namespace {

void redact_text(std::string& field) {
    if (!field.empty()) {
        field = std::string(report::k_redacted);
    }
}

void redact(report::AuditReport& report) {
    redact_text(report.audit.auditor);
    redact_text(report.audit.created_by);
    for (auto& item : report.items) {
        if (item.response) {
            redact_text(item.response->actor);
        }
    }
    for (auto& finding : report.findings) {
        for (auto& plan : finding.plans) {
            redact_text(plan.created_by);
            redact_text(plan.completed_by);
        }
    }
    for (auto& e : report.evidence) {
        redact_text(e.record.added_by);
        // Source paths name home folders (/home/jdoe/...): keep only the file name.
        e.record.source_path.clear();
        e.record.symlink_target.clear();
    }
    for (auto& row : report.credentials.rows) {
        row.name.clear();
        row.email.clear();
        row.npi.clear();
        row.date_of_birth.clear();
        row.number.clear();
    }
    for (auto& row : report.acknowledgements.overdue) {
        row.name.clear();
        row.manager.clear();
    }
}

} // namespace

Result<report::AuditReport> gather(storage::Store& store, const audit::AuditView& view,
                                   const Date& today, const GatherOptions& options) {
    report::AuditReport out;
    out.audit = view.record;
    out.organization = options.organization;
    out.today = today;
    out.only = options.only;
    out.redact = options.redact;
    if (options.credentials != nullptr) {
        out.credentials = credential_snapshot(store, *options.credentials, today, view.record.site);
    }
    if (options.acknowledgements != nullptr) {
        out.acknowledgements =
            ack_snapshot(store, *options.acknowledgements, today, view.record.site);
    }
    if (options.policies) {
        auto policies = policy_snapshot(*options.policies, view, today);
        if (!policies) {
            return tl::unexpected(policies.error());
        }
        out.policies = std::move(*policies);
    }

    auto status = audit::status(view);
    out.overall = status.overall;
    for (const auto& [id, tally] : status.by_checklist) {
        for (const auto& c : view.checklists) {
            if (c.id == id) {
                out.checklists.push_back({c.id, c.checklist.framework, c.checklist.title,
                                          c.checklist.version, c.sha256, tally});
            }
        }
    }
    out.sections = status.by_section;

    auto plans = store.plans();
    auto found = audit::findings(view, plans);
    std::set<std::string> finding_keys;
    for (const auto& f : found) {
        finding_keys.insert(f.item.key());
    }

    std::map<std::string, size_t> item_index;
    for (const auto& ref : view.items()) {
        if (options.only == report::Only::findings && finding_keys.count(ref.key()) == 0) {
            continue;
        }
        report::ItemEntry item;
        item.checklist_id = ref.checklist->id;
        item.framework = ref.checklist->checklist.framework;
        item.section_id = ref.section->id;
        item.section_title = ref.section->title;
        item.item_id = ref.item->id;
        item.title = ref.item->title;
        item.requirement = ref.item->requirement;
        item.oscal_id = ref.item->attribute("oscal-id");
        item.severity = std::string(checklist::to_string(ref.item->severity));
        if (const auto* response = view.response(ref)) {
            item.response = *response;
        }
        if (item.framework == "cms") {
            auto cited = checklist::cited_survey_tag(ref.checklist->checklist, *ref.item);
            item.tag = std::move(cited.tag);
            item.tag_confirmed = cited.confirmed;
        } else if (item.framework == "tjc") {
            auto ep = checklist::element_of_performance(*ref.item);
            item.standard = std::move(ep.standard);
            item.element = std::move(ep.element);
        }
        item_index[item.key()] = out.items.size();
        out.items.push_back(std::move(item));
    }
    for (const auto& f : found) {
        auto at = item_index.find(f.item.key());
        if (at != item_index.end()) {
            out.findings.push_back({at->second, f.plans});
        }
    }

    // Evidence linked to the audit's items (and to plans of its findings), in item order, then
    // by evidence number, so the packet's layout is stable.
    auto links = store.evidence_links();
    std::sort(links.begin(), links.end(), [](const auto& a, const auto& b) {
        return std::tie(a.evidence_id, a.plan_id) < std::tie(b.evidence_id, b.plan_id);
    });
    std::map<std::int64_t, storage::EvidenceRecord> records;
    for (auto& e : store.evidence()) {
        records.emplace(e.id, std::move(e));
    }
    std::map<std::string, NameAllocator> folders;
    std::map<std::string, std::string> item_folders;
    for (auto& item : out.items) {
        std::set<std::pair<std::int64_t, std::int64_t>> seen;
        for (const auto& link : links) {
            if (link.audit_id != view.record.id || link.checklist_id != item.checklist_id ||
                link.item_id != item.item_id ||
                !seen.insert({link.evidence_id, link.plan_id}).second) {
                continue;
            }
            auto record = records.find(link.evidence_id);
            if (record == records.end()) {
                continue;
            }
            report::EvidenceEntry entry{record->second, "", item.checklist_id, item.item_id,
                                        link.plan_id};
            if (!entry.record.sha256.empty()) {
                auto key = item.key();
                if (!item_folders.count(key)) {
                    item_folders[key] =
                        "evidence/" + safe_component(item.checklist_id) + "/" +
                        folders["evidence/" + item.checklist_id].allocate(item.item_id);
                }
                std::string folder = item_folders[key];
                if (link.plan_id != 0) {
                    folder += "/plan-" + std::to_string(link.plan_id);
                }
                entry.packet_path =
                    folder + "/" + folders[folder].allocate(entry.record.original_name);
            }
            item.evidence.push_back(out.evidence.size());
            out.evidence.push_back(std::move(entry));
        }
    }
    if (options.redact == report::Redact::yes) {
        redact(out);
    }
    return out;
}

} // namespace attest::packet
