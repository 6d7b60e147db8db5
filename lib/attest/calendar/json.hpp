#pragma once

#include <nlohmann/json.hpp>

#include <attest/calendar/deadline.hpp>

namespace attest::calendar {

// A deadline as JSON, the one shape listings and digests use: id, kind, what, owner, staff,
// staff_name, manager, manager_email, site (null when empty), due, opens (null without a
// window), days, state, command, detail.
nlohmann::json deadline_json(const Deadline& deadline);

} // namespace attest::calendar
