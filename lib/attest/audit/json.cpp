#include <attest/audit/json.hpp>
#include <attest/audit/plan.hpp>
#include <attest/core/json.hpp>

namespace attest::audit {

nlohmann::json plan_json(const storage::PlanRecord& p, const Date& today) {
    return {{"id", p.id},
            {"audit", p.audit_id},
            {"checklist", p.checklist_id},
            {"item", p.item_id},
            {"action", p.action},
            {"prevention", or_null(p.prevention)},
            {"monitor", or_null(p.monitor)},
            {"owner", p.owner},
            {"due", or_null(p.due)},
            {"status", p.status},
            {"overdue", overdue(p, today)},
            {"completed_at", or_null(p.completed_at)},
            {"completed_by", or_null(p.completed_by)},
            {"completion_note", or_null(p.completion_note)},
            {"created_by", p.created_by},
            {"created_at", p.created_at}};
}

nlohmann::json response_json(const storage::ResponseRecord& r) {
    return {{"status", r.status},
            {"note", or_null(r.note)},
            {"likelihood", or_null(r.likelihood)},
            {"scope", or_null(r.scope)},
            {"actor", r.actor},
            {"recorded_at", r.recorded_at},
            {"applied_from", or_null(r.applied_from)}};
}

} // namespace attest::audit
