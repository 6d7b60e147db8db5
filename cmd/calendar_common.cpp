#include "calendar_common.hpp"

#include <filesystem>

namespace attest::cli {

CalendarManual load_calendar_manual(Context& context) {
    const auto& layout = context.layout();
    const auto& config = context.config();
    CalendarManual out;
    std::error_code ec;
    if (!std::filesystem::is_directory(layout.root / config.policy.dir, ec)) {
        return out;
    }
    out.policies =
        value_or_throw(ack::read_policies(layout.root, config, std::filesystem::current_path()));
    Diagnostics diagnostics;
    out.manual = ack::build_manual(out.policies, config, diagnostics);
    // A manual with problems still has deadlines: they are shown, and `policy check` and
    // `policy ack` refuse it until they are fixed.
    context.print_diagnostics(diagnostics);
    if (has_errors(diagnostics)) {
        context.err << "attest: warning: acknowledgements of the policies above may be left out "
                       "of the calendar until their front matter is fixed\n";
    }
    return out;
}

calendar::Sources calendar_sources(Context& context, const CalendarManual& manual) {
    return {context.config(), context.catalog(), manual.policies, manual.manual};
}

} // namespace attest::cli
