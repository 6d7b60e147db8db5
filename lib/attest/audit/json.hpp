#pragma once

#include <nlohmann/json.hpp>

#include <attest/core/date.hpp>
#include <attest/storage/store.hpp>

namespace attest::audit {

// The one JSON form of a corrective action plan, as `plan list/show/done --format json`,
// `audit findings --format json` and the packet's audit.json print it: the audit, checklist and
// item it answers, what will be done and by whom, and whether it is overdue `today`. Absent
// values are null.
nlohmann::json plan_json(const storage::PlanRecord& plan, const Date& today);

// The one JSON form of a recorded answer: status, note, SAFER placement, who and when, and the
// item it was applied from through a crosswalk (null for an answer given to the item itself).
nlohmann::json response_json(const storage::ResponseRecord& response);

} // namespace attest::audit
