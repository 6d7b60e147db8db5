#pragma once

#include <string>
#include <vector>

#include <attest/calendar/deadline.hpp>
#include <attest/core/date.hpp>
#include <attest/storage/store.hpp>

namespace attest::check {

// The point in a deadline's life an alert goes out for: once when it first comes within the
// look-ahead, and once more when it is past its date. A deadline whose date moves (a renewed
// credential, a plan given a new date, a policy approved again) is a new deadline.
enum class Stage { upcoming, overdue };

std::string_view to_string(Stage stage);

// Where the deadline stands: overdue once past its date, else upcoming (due today included).
Stage stage_of(const calendar::Deadline& deadline);

// The deadlines not yet alerted on `channel` ("report", "email", "webhook") at their current
// stage, in the order given.
std::vector<calendar::Deadline> unsent(storage::Store& store,
                                       const std::vector<calendar::Deadline>& deadlines,
                                       const std::string& channel);

// Records, within the caller's transaction, that these deadlines were alerted on `channel` at
// their current stage, and journals the run. The records share the table `cred check` keeps its
// alerts in, under a type of their own (`check:KIND`), so the two never silence each other.
void mark_sent(storage::Store& store, const Clock& clock, const std::string& actor,
               const std::vector<calendar::Deadline>& deadlines, const std::string& channel);

} // namespace attest::check
