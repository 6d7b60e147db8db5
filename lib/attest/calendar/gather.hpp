#pragma once

#include <string>
#include <vector>

#include <attest/ack/manual.hpp>
#include <attest/calendar/deadline.hpp>
#include <attest/checklist/catalog.hpp>
#include <attest/config/config.hpp>
#include <attest/policy/model.hpp>
#include <attest/storage/store.hpp>

namespace attest::calendar {

// What a workspace knows besides its database: attest.toml, the checklists available, and the
// policy manual read from its folder (with the acknowledgement settings built from it).
struct Sources {
    const config::Config& config;
    const checklist::Catalog& catalog;
    const std::vector<policy::Policy>& policies;
    const ack::Manual& manual;
};

// Every deadline of the workspace due (or, for a window, opening) within the query's days of
// its date, everything overdue included, that passes its filters, soonest first:
//  - open corrective action plans with a due date (the plan's owner);
//  - credentials expired, expiring, required but never held, or awaiting primary source
//    verification, as the credential standing decides them (the person's manager);
//  - policy reviews (next_review, or approved plus review_cycle) of policies in force;
//  - acknowledgements of a policy's version in force not yet given, as ack standing decides;
//  - evidence whose `valid-to` runs out, the latest of each subject (evidence renewed by a
//    later piece for the same item is not due; evidence for a recurring item counts there);
//  - recurring checklist items (items/next_due) of the checklists the workspace uses;
//  - open audits with a due date, and the next cycle of each recurring audit.
std::vector<Deadline> gather(storage::Store& store, const Sources& sources, const Query& query);

// The checklists whose recurring items the calendar lists (attest.toml's [checklists] use,
// else those the audits cover) that the catalog does not hold, in id order: a file that did not
// load (an unknown frequency, a window that is no day of the year) or an id no checklist has.
// Their items would be missing from the calendar without a word, so `attest due` refuses them.
std::vector<std::string> missing_checklists(storage::Store& store, const Sources& sources);

} // namespace attest::calendar
