#include <attest/calendar/ics.hpp>
#include <attest/core/ics.hpp>
#include <attest/core/text.hpp>

namespace attest::calendar {

namespace {

// Who a deadline is for, as one line of an event's description.
std::string for_whom(const Deadline& d) {
    std::string out;
    auto part = [&](const std::string& label, const std::string& value) {
        if (!value.empty()) {
            out += (out.empty() ? "" : "; ") + label + value;
        }
    };
    part("owner: ", d.owner);
    part("staff: ", d.staff_id.empty() ? std::string() : d.staff_name + " (" + d.staff_id + ")");
    if (d.manager != d.owner) {
        part("manager: ", d.manager);
    }
    part("manager email: ", d.manager_email);
    part("site: ", d.site);
    return out;
}

} // namespace

std::string event_uid(const Deadline& deadline, const std::string& organization) {
    auto slug = slugify(organization);
    return deadline.id + "@" + (slug.empty() ? std::string("attest") : slug + ".attest");
}

std::string render_ics(const std::vector<Deadline>& deadlines, const std::string& organization,
                       const std::string& timestamp) {
    std::string out;
    auto line = [&out](std::string_view content) {
        out += ics::line(content);
    };
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line("PRODID:-//attest//compliance calendar//EN");
    line("CALSCALE:GREGORIAN");
    line("METHOD:PUBLISH");
    auto name = (organization.empty() ? "" : organization + ": ") + "compliance deadlines";
    // RFC 7986's NAME and REFRESH-INTERVAL, and the X- spellings Google, Apple and Outlook
    // read, so a subscribed feed is named and fetched again twice a day.
    line("NAME:" + ics::text(name));
    line("X-WR-CALNAME:" + ics::text(name));
    line("REFRESH-INTERVAL;VALUE=DURATION:PT12H");
    line("X-PUBLISHED-TTL:PT12H");
    auto stamp = ics::timestamp(timestamp);
    for (const auto& d : deadlines) {
        line("BEGIN:VEVENT");
        line("UID:" + ics::text(event_uid(d, organization)));
        line("DTSTAMP:" + stamp);
        line("DTSTART;VALUE=DATE:" + ics::date(d.opens ? *d.opens : d.due));
        line("DTEND;VALUE=DATE:" + ics::date(d.due.plus_days(1)));
        line("SUMMARY:" + ics::text(d.what));
        std::string description = d.detail;
        auto whom = for_whom(d);
        if (!whom.empty()) {
            description += "\n" + whom;
        }
        description += "\nDue " + d.due.iso() + ". To close it: " + d.command;
        line("DESCRIPTION:" + ics::text(description));
        line("CATEGORIES:" + ics::text(std::string(to_string(d.kind))));
        line("TRANSP:TRANSPARENT");
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    return out;
}

} // namespace attest::calendar
