#include "audit_common.hpp"

#include <algorithm>
#include <cmath>

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
