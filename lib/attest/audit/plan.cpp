#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include <attest/audit/plan.hpp>
#include <attest/core/json.hpp>
#include <attest/core/text.hpp>
#include <attest/journal/journal.hpp>

namespace attest::audit {

namespace {

bool is_finding(const storage::ResponseRecord& response) {
    return response.status == "partial" || response.status == "not-met";
}

std::string plan_key(const storage::PlanRecord& plan) {
    return plan.checklist_id + ":" + plan.item_id;
}

} // namespace

bool covers(const storage::PlanRecord& plan, const Finding& finding) {
    return plan.audit_id == finding.response.audit_id && plan_key(plan) != finding.item.key() &&
           !finding.response.applied_from.empty() &&
           plan_key(plan) == finding.response.applied_from;
}

std::vector<Finding> findings(const AuditView& view,
                              const std::vector<storage::PlanRecord>& plans) {
    std::vector<Finding> sorted;
    for (const auto& ref : view.items()) {
        const auto* response = view.response(ref);
        if (response == nullptr || !is_finding(*response)) {
            continue;
        }
        Finding finding{ref, *response, {}, false};
        for (const auto& plan : plans) {
            if (plan.audit_id == view.record.id && plan_key(plan) == ref.key()) {
                finding.plans.push_back(plan);
            }
        }
        for (const auto& plan : plans) {
            if (covers(plan, finding)) {
                finding.plans.push_back(plan);
            }
        }
        sorted.push_back(std::move(finding));
    }
    std::stable_sort(sorted.begin(), sorted.end(), [](const Finding& a, const Finding& b) {
        if (a.item.item->severity != b.item.item->severity) {
            return a.item.item->severity > b.item.item->severity;
        }
        return a.response.status == "not-met" && b.response.status != "not-met";
    });
    // A finding applied from another finding goes right after it.
    auto is_source = [&](const std::string& key) {
        return std::any_of(sorted.begin(), sorted.end(),
                           [&](const Finding& f) { return f.item.key() == key; });
    };
    std::vector<Finding> out;
    std::set<std::string> placed;
    auto place = [&](auto&& self, const Finding& f, bool grouped) -> void {
        if (!placed.insert(f.item.key()).second) {
            return;
        }
        out.push_back(f);
        out.back().grouped = grouped;
        for (const auto& applied : sorted) {
            if (applied.response.applied_from == f.item.key()) {
                self(self, applied, true);
            }
        }
    };
    for (const auto& f : sorted) {
        if (f.response.applied_from.empty() || !is_source(f.response.applied_from)) {
            place(place, f, false);
        }
    }
    for (const auto& f : sorted) {
        place(place, f, false);
    }
    return out;
}

std::vector<std::string> covered_items(const storage::PlanRecord& plan,
                                       const std::vector<storage::ResponseRecord>& responses) {
    std::vector<std::string> out;
    for (const auto& r : responses) {
        if (r.audit_id == plan.audit_id && is_finding(r) && r.applied_from == plan_key(plan) &&
            r.checklist_id + ":" + r.item_id != plan_key(plan)) {
            out.push_back(r.checklist_id + ":" + r.item_id);
        }
    }
    return out;
}

std::optional<Date> default_plan_due(const AuditView& view, const ItemRef& item) {
    auto exit = parse_iso_date(view.record.survey_exit);
    if (!exit) {
        return std::nullopt;
    }
    if (item.checklist->checklist.framework == "cms") {
        return exit->plus_days(10);
    }
    if (item.checklist->checklist.framework == "tjc") {
        return exit->plus_days(60);
    }
    return std::nullopt;
}

Result<storage::PlanRecord> add_plan(storage::Store& store, const Clock& clock,
                                     const std::string& actor, const AuditView& view,
                                     const ItemRef& item, const NewPlan& request) {
    if (auto open = require_open(view.record); !open) {
        return tl::unexpected(open.error());
    }
    const auto* response = view.response(item);
    if (response == nullptr || !is_finding(*response)) {
        return fail(ErrorKind::invalid_input,
                    item.key() + " is not a finding (it is " +
                        (response == nullptr ? std::string("unanswered") : response->status) + ")",
                    "plans are for items answered partial or not-met");
    }
    for (const auto& [field, value] :
         {std::pair{"--action", &request.action}, std::pair{"--owner", &request.owner},
          std::pair{"--monitor", &request.monitor}}) {
        if (trim(*value).empty()) {
            return fail(ErrorKind::invalid_input, std::string("a plan needs ") + field,
                        "a Plan of Correction says what is done, who is responsible (a title), "
                        "how it is monitored and by when");
        }
    }
    auto due = request.due ? request.due : default_plan_due(view, item);
    if (!due) {
        return fail(ErrorKind::invalid_input, "a plan needs --due DATE",
                    "or start the audit with --survey-exit DATE so CMS and Joint Commission "
                    "deadlines are set for you");
    }
    storage::PlanRecord plan;
    plan.audit_id = view.record.id;
    plan.checklist_id = item.checklist->id;
    plan.item_id = item.item->id;
    plan.action = request.action;
    plan.prevention = request.prevention;
    plan.monitor = request.monitor;
    plan.owner = request.owner;
    plan.due = due->iso();
    plan.created_by = actor;
    plan.created_at = clock.timestamp();
    plan.id = store.add_plan(plan);
    nlohmann::json details = {{"audit", view.record.id},
                              {"item", item.key()},
                              {"action", plan.action},
                              {"prevention", or_null(plan.prevention)},
                              {"monitor", or_null(plan.monitor)},
                              {"owner", plan.owner},
                              {"due", or_null(plan.due)}};
    journal::append(store, clock,
                    {actor, "plan add", "plan:" + std::to_string(plan.id), details.dump()});
    return plan;
}

Result<storage::PlanRecord> find_plan(storage::Store& store, const std::string& key) {
    if (auto id = parse_number(key)) {
        if (auto plan = store.find_plan(*id)) {
            return *plan;
        }
    }
    std::vector<std::string> ids;
    for (const auto& plan : store.plans()) {
        ids.push_back(std::to_string(plan.id));
    }
    auto suggestions = closest_matches(key, ids);
    return fail(ErrorKind::not_found, "no plan '" + key + "'",
                suggestions.empty() ? "'attest plan list' shows the plans"
                                    : "did you mean " + join(suggestions, ", ") + "?");
}

Result<storage::PlanRecord> complete_plan(storage::Store& store, const evidence::BlobStore& blobs,
                                          const Clock& clock, const std::string& actor,
                                          const storage::PlanRecord& plan,
                                          const std::vector<std::filesystem::path>& files,
                                          const std::string& note) {
    if (plan.status == "done") {
        return fail(ErrorKind::conflict, "plan " + std::to_string(plan.id) + " is already done");
    }
    auto audit = store.find_audit(plan.audit_id);
    if (audit) {
        if (auto open = require_open(*audit); !open) {
            return tl::unexpected(open.error());
        }
    }
    if (files.empty()) {
        return fail(ErrorKind::invalid_input, "completing a plan needs --evidence FILE",
                    "attach what shows the correction: an audit log, training roster, photo");
    }
    evidence::AddRequest request;
    request.paths = files;
    request.kind = "record";
    request.note = note;
    request.targets.push_back({plan.audit_id, plan.checklist_id, plan.item_id, plan.id});
    auto added = evidence::add(store, blobs, clock, actor, request);
    if (!added) {
        return tl::unexpected(added.error());
    }
    auto now = clock.timestamp();
    store.set_plan_status(plan.id, "done", now, actor, note);
    nlohmann::json ids = nlohmann::json::array();
    for (const auto& e : added->added) {
        ids.push_back(e.id);
    }
    journal::append(store, clock,
                    {actor, "plan done", "plan:" + std::to_string(plan.id),
                     nlohmann::json({{"evidence", ids}, {"note", note}}).dump()});
    auto done = plan;
    done.status = "done";
    done.completed_at = now;
    done.completed_by = actor;
    done.completion_note = note;
    return done;
}

bool overdue(const storage::PlanRecord& plan, const Date& today) {
    auto due = parse_iso_date(plan.due);
    return plan.status == "open" && due && *due < today;
}

} // namespace attest::audit
