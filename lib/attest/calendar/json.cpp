#include <attest/calendar/json.hpp>
#include <attest/core/json.hpp>

namespace attest::calendar {

nlohmann::json deadline_json(const Deadline& d) {
    return {{"id", d.id},
            {"kind", to_string(d.kind)},
            {"what", d.what},
            {"owner", or_null(d.owner)},
            {"staff", or_null(d.staff_id)},
            {"staff_name", or_null(d.staff_name)},
            {"manager", or_null(d.manager)},
            {"manager_email", or_null(d.manager_email)},
            {"site", or_null(d.site)},
            {"due", d.due.iso()},
            {"opens", d.opens ? nlohmann::json(d.opens->iso()) : nlohmann::json(nullptr)},
            {"days", d.days},
            {"state", to_string(d.state)},
            {"command", d.command},
            {"detail", d.detail}};
}

} // namespace attest::calendar
