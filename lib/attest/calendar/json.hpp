#pragma once

#include <nlohmann/json.hpp>

#include <attest/calendar/deadline.hpp>

namespace attest::calendar {

// A deadline as JSON, the one shape listings and digests use: id, kind, what, owner, staff,
// staff_name, manager, manager_email, site (null when empty), due, opens (null without a
// window), days, state, command, detail.
nlohmann::json deadline_json(const Deadline& deadline);

// Deadlines as a JSON array of deadline_json, laid out as `dump(2)` lays the array out, with a
// final line break: written straight from the deadlines, a hundred thousand of them without
// holding them as JSON values. Text that is not UTF-8 fails as nlohmann::json fails it.
std::string deadlines_json_text(const std::vector<Deadline>& deadlines);

} // namespace attest::calendar
