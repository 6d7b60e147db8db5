#pragma once

#include <string>
#include <vector>

#include <attest/calendar/deadline.hpp>

namespace attest::calendar {

// An RFC 5545 calendar (PRODID, VERSION 2.0, CRLF line ends, lines folded at 75 octets) with
// one all-day event per deadline: on its due date, or across its window for an item with a
// fixed window. Each event's UID is the deadline's id at the organisation (`plan/3@riverside-
// general-hospital.attest`), so a calendar subscribed to the feed updates an event when its
// date moves instead of adding another. `timestamp` (ISO 8601 UTC) is every event's DTSTAMP.
std::string render_ics(const std::vector<Deadline>& deadlines, const std::string& organization,
                       const std::string& timestamp);

// The UID an event for this deadline gets in a feed of this organisation.
std::string event_uid(const Deadline& deadline, const std::string& organization);

} // namespace attest::calendar
