#pragma once

#include <vector>

#include <attest/ack/manual.hpp>
#include <attest/calendar/gather.hpp>
#include <attest/policy/model.hpp>

#include "context.hpp"

namespace attest::cli {

// The policy manual as the calendar reads it: every policy file of the workspace (none when
// it has no policy folder) and the acknowledgement settings built from them.
struct CalendarManual {
    std::vector<policy::Policy> policies;
    ack::Manual manual;
};

// Reads the workspace's policy manual for the calendar. Problems in its acknowledgement
// settings are printed with their place in the file, with a warning that the calendar may
// leave those policies' acknowledgements out; the rest of the calendar is still made.
CalendarManual load_calendar_manual(Context& context);

// Everything the calendar gathers from, besides the store; valid while `manual` lives.
calendar::Sources calendar_sources(Context& context, const CalendarManual& manual);

// Refuses (invalid input) a calendar without the recurring items of a checklist the workspace
// uses: one that did not load (its problems are printed as it is skipped) or an id no checklist
// has. It would look complete and not be; `attest due` and `attest check` both refuse it before
// reading or writing anything else.
void refuse_missing_checklists(Context& context, const calendar::Sources& sources);

} // namespace attest::cli
