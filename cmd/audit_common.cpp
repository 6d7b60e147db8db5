#include "audit_common.hpp"

#include <algorithm>
#include <cmath>

#include <attest/audit/plan.hpp>

#include "output.hpp"

namespace attest::cli {

std::optional<Date> date_option(const std::string& option, const std::string& text) {
    if (text.empty()) {
        return std::nullopt;
    }
    auto parsed = parse_iso_date(text);
    if (!parsed) {
        auto error = parsed.error();
        error.message = option + ": " + error.message;
        throw Failure(error);
    }
    return *parsed;
}

audit::AuditView load_audit(Context& context, const std::string& key) {
    auto& store = context.store();
    auto record = value_or_throw(audit::find(store, key));
    return value_or_throw(audit::load(store, record, context.parse_cache()));
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

nlohmann::json plan_json(const storage::PlanRecord& p, const Date& today) {
    return {{"id", p.id},
            {"audit", p.audit_id},
            {"checklist", p.checklist_id},
            {"item", p.item_id},
            {"action", p.action},
            {"prevention", or_null(p.prevention)},
            {"monitor", p.monitor},
            {"owner", p.owner},
            {"due", or_null(p.due)},
            {"status", p.status},
            {"overdue", audit::overdue(p, today)},
            {"completed_at", or_null(p.completed_at)},
            {"completed_by", or_null(p.completed_by)},
            {"completion_note", or_null(p.completion_note)},
            {"created_by", p.created_by},
            {"created_at", p.created_at}};
}

std::string progress_bar(double percent, size_t width) {
    auto filled = static_cast<size_t>(
        std::lround(std::clamp(percent, 0.0, 100.0) / 100.0 * static_cast<double>(width)));
    std::string bar;
    for (size_t i = 0; i < width; ++i) {
        bar += i < filled ? "\xe2\x96\x88" : "\xe2\x96\x91";
    }
    return bar;
}

} // namespace attest::cli
