#include "calendar_common.hpp"

#include <filesystem>

#include <attest/core/text.hpp>

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

void refuse_missing_checklists(Context& context, const calendar::Sources& sources) {
    auto missing = calendar::missing_checklists(context.store(), sources);
    if (missing.empty()) {
        return;
    }
    std::vector<std::string> quoted;
    for (const auto& id : missing) {
        quoted.push_back("'" + terminal_safe(id) + "'");
    }
    auto suggestions = missing.size() == 1 ? closest_matches(missing[0], sources.catalog.ids())
                                           : std::vector<std::string>{};
    throw Failure(Error{
        ErrorKind::invalid_input,
        (missing.size() == 1 ? "checklist " : "checklists ") + join(quoted, ", ") +
            (missing.size() == 1 ? " is" : " are") +
            " not available, so the calendar would leave out " +
            (missing.size() == 1 ? "its" : "their") + " recurring items",
        std::nullopt,
        suggestions.empty()
            ? "fix the problems reported above ('attest checklist validate FILE' shows them), or "
              "take it out of [checklists] use in attest.toml"
            : "did you mean " + join(suggestions, ", ") +
                  "? 'attest checklist list' shows the checklists"});
}

} // namespace attest::cli
