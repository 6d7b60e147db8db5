#include <algorithm>
#include <charconv>

#include <attest/core/text.hpp>
#include <attest/credentials/expiry.hpp>
#include <attest/credentials/roster.hpp>
#include <attest/journal/journal.hpp>

namespace attest::credentials {

namespace {

// Escapes TEXT per RFC 5545 3.3.11.
std::string ics_text(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '\\' || c == ';' || c == ',') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else if (c != '\r') {
            out += c;
        }
    }
    return out;
}

// Folds a content line at 75 octets without splitting a UTF-8 sequence (RFC 5545 3.1).
std::string ics_line(std::string_view line) {
    std::string out;
    size_t width = 0;
    for (size_t i = 0; i < line.size(); ++i) {
        auto c = static_cast<unsigned char>(line[i]);
        size_t length = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : 4;
        if (width + length > 75) {
            out += "\r\n ";
            width = 1;
        }
        out.append(line.substr(i, length));
        width += length;
        i += length - 1;
    }
    return out + "\r\n";
}

std::string compact(std::string_view iso) {
    std::string out;
    for (char c : iso) {
        if (c != '-' && c != ':') {
            out += c;
        }
    }
    return out;
}

std::string describe(const ReportItem& item) {
    switch (item.kind) {
    case ItemKind::expired:
        return "expired " + item.expires + " (" + std::to_string(-item.days) + " days ago)";
    case ItemKind::missing:
        return "missing: required for " + item.staff.role + ", never recorded";
    case ItemKind::expiring:
        break;
    }
    return "expires " + item.expires + " (in " + std::to_string(item.days) + " days)";
}

} // namespace

std::string_view to_string(ItemKind kind) {
    switch (kind) {
    case ItemKind::expired:
        return "expired";
    case ItemKind::missing:
        return "missing";
    case ItemKind::expiring:
        break;
    }
    return "expiring";
}

Result<int> parse_days(std::string_view text) {
    auto value = trim(text);
    int multiplier = 1;
    if (!value.empty() && (value.back() == 'd' || value.back() == 'D')) {
        value.remove_suffix(1);
    } else if (!value.empty() && (value.back() == 'w' || value.back() == 'W')) {
        value.remove_suffix(1);
        multiplier = 7;
    }
    int days = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), days);
    if (value.empty() || ec != std::errc{} || end != value.data() + value.size() || days < 0 ||
        days > 3650) {
        return fail(ErrorKind::invalid_input, "invalid period '" + std::string(text) + "'",
                    "write days as 60d (or 60), or weeks as 8w");
    }
    return days * multiplier;
}

std::vector<ReportItem> expiry_report(storage::Store& store,
                                      const config::CredentialSettings& settings, const Date& today,
                                      int within_days, const storage::StaffFilter& filter) {
    std::vector<ReportItem> items;
    auto through = today.plus_days(within_days).iso();
    auto today_iso = today.iso();
    for (auto& held : store.expiring(through, filter)) {
        ReportItem item;
        const auto* type = settings.type(held.credential.type);
        item.type = held.credential.type;
        item.type_title = type != nullptr ? type->title : item.type;
        item.expires = held.credential.expires;
        auto expires = parse_iso_date(item.expires);
        item.days = expires ? today.days_until(*expires) : 0;
        if (item.expires < today_iso) {
            item.kind = ItemKind::expired;
            item.escalate = true;
        } else {
            item.kind = ItemKind::expiring;
            auto windows = type != nullptr ? settings.windows_for(*type) : settings.alert_windows;
            item.window = 0;
            for (int w : windows) {
                if (item.days <= w) {
                    item.window = w;
                }
            }
            item.escalate = !windows.empty() && item.days <= windows.back();
        }
        item.staff = std::move(held.staff);
        item.credential = std::move(held.credential);
        items.push_back(std::move(item));
    }
    std::vector<std::pair<std::string, std::string>> requirements;
    for (const auto& role : settings.roles) {
        if (!filter.role.empty() && role.id != filter.role) {
            continue;
        }
        for (const auto& type : role.requires_types) {
            requirements.emplace_back(role.id, type);
        }
    }
    for (auto& missing : store.missing(requirements, filter)) {
        ReportItem item;
        item.kind = ItemKind::missing;
        item.type = missing.type;
        const auto* type = settings.type(missing.type);
        item.type_title = type != nullptr ? type->title : item.type;
        item.escalate = true;
        item.staff = std::move(missing.staff);
        items.push_back(std::move(item));
    }
    // The store returns held credentials by expiry, staff and type and missing ones by staff
    // and type, so urgency order needs no sort: expired, then missing, then expiring.
    auto first_missing = std::find_if(items.begin(), items.end(), [](const ReportItem& item) {
        return item.kind == ItemKind::missing;
    });
    auto first_expiring = std::find_if(items.begin(), first_missing, [](const ReportItem& item) {
        return item.kind == ItemKind::expiring;
    });
    std::rotate(first_expiring, first_missing, items.end());
    return items;
}

std::string manager_key(const storage::StaffRecord& staff) {
    if (!staff.manager_email.empty()) {
        return staff.manager_email;
    }
    return staff.manager.empty() ? "(no manager)" : staff.manager;
}

std::map<std::string, std::vector<ReportItem>> by_manager(const std::vector<ReportItem>& items) {
    std::map<std::string, std::vector<ReportItem>> groups;
    for (const auto& item : items) {
        groups[manager_key(item.staff)].push_back(item);
    }
    return groups;
}

std::vector<ReportItem> unsent(storage::Store& store, const std::vector<ReportItem>& items,
                               const std::string& channel) {
    std::vector<ReportItem> out;
    for (const auto& item : items) {
        if (!store.alert_sent({item.staff.id, item.type, item.expires, item.window, channel, {}})) {
            out.push_back(item);
        }
    }
    return out;
}

void mark_sent(storage::Store& store, const Clock& clock, const std::string& actor,
               const std::vector<ReportItem>& items, const std::string& channel) {
    auto now = clock.timestamp();
    size_t escalated = 0;
    for (const auto& item : items) {
        store.record_alert({item.staff.id, item.type, item.expires, item.window, channel, now});
        escalated += item.escalate ? 1 : 0;
    }
    nlohmann::json details = {{"channel", channel},
                              {"date", clock.today().iso()},
                              {"alerts", items.size()},
                              {"escalated", escalated},
                              {"managers", by_manager(items).size()}};
    journal::append(store, clock, {actor, "cred check", "alerts", details.dump()});
}

nlohmann::json item_json(const ReportItem& item) {
    return {{"status", to_string(item.kind)},
            {"staff", item.staff.id},
            {"name", full_name(item.staff)},
            {"role", item.staff.role},
            {"department", item.staff.department},
            {"site", item.staff.site},
            {"manager", item.staff.manager},
            {"manager_email", item.staff.manager_email},
            {"type", item.type},
            {"title", item.type_title},
            {"expires", item.expires},
            {"days", item.days},
            {"window", item.window},
            {"escalate", item.escalate}};
}

std::string render_text_report(const std::vector<ReportItem>& items, const Date& today) {
    std::string out;
    for (const auto& [key, group] : by_manager(items)) {
        const auto& first = group.front().staff;
        std::string who = first.manager.empty() ? key
                          : first.manager_email.empty()
                              ? first.manager
                              : first.manager + " <" + first.manager_email + ">";
        out += "Manager: " + who + " (" + std::to_string(group.size()) + " item" +
               (group.size() == 1 ? "" : "s") + ")\n";
        for (const auto& item : group) {
            out += "  " + std::string(to_string(item.kind));
            out += std::string(10 - to_string(item.kind).size(), ' ');
            out += item.staff.id + "  " + full_name(item.staff) + " (" + item.staff.role + ")  " +
                   item.type_title + ": " + describe(item);
            if (item.kind == ItemKind::expiring) {
                out += ", " + std::to_string(item.window) + "-day window";
            }
            if (item.escalate) {
                out += "  [escalated to compliance]";
            }
            out += '\n';
        }
        out += '\n';
    }
    out += std::to_string(items.size()) + " credential item" + (items.size() == 1 ? "" : "s") +
           " due as of " + today.iso() + ".\n";
    return out;
}

std::string render_ics(const std::vector<ReportItem>& items, const std::string& organization,
                       const Date& today, const std::string& timestamp) {
    std::string out;
    out += ics_line("BEGIN:VCALENDAR");
    out += ics_line("VERSION:2.0");
    out += ics_line("PRODID:-//attest//credential expiry//EN");
    out += ics_line("CALSCALE:GREGORIAN");
    out += ics_line("METHOD:PUBLISH");
    out += ics_line("X-WR-CALNAME:" + ics_text((organization.empty() ? "" : organization + ": ") +
                                               "credential expiry"));
    for (const auto& item : items) {
        auto date = item.expires.empty() ? today : *parse_iso_date(item.expires);
        std::string uid = "cred-" + item.staff.id + "-" + item.type + "-" +
                          (item.expires.empty() ? "missing" : compact(item.expires)) + "@attest";
        std::string summary = item.kind == ItemKind::missing
                                  ? "Missing " + item.type_title + ": " + full_name(item.staff)
                                  : item.type_title + " " +
                                        (item.kind == ItemKind::expired ? "expired" : "expires") +
                                        ": " + full_name(item.staff);
        out += ics_line("BEGIN:VEVENT");
        out += ics_line("UID:" + ics_text(uid));
        out += ics_line("DTSTAMP:" + compact(timestamp));
        out += ics_line("DTSTART;VALUE=DATE:" + compact(date.iso()));
        out += ics_line("DTEND;VALUE=DATE:" + compact(date.plus_days(1).iso()));
        out += ics_line("SUMMARY:" + ics_text(summary + " (" + item.staff.id + ")"));
        out += ics_line("DESCRIPTION:" +
                        ics_text(full_name(item.staff) + ", " + item.staff.role + ", " +
                                 item.staff.department + ", " + item.staff.site + "\n" +
                                 item.type_title + ": " + describe(item) +
                                 "\nManager: " + item.staff.manager));
        out += ics_line("CATEGORIES:" + ics_text(std::string(to_string(item.kind))));
        out += ics_line("TRANSP:TRANSPARENT");
        out += ics_line("END:VEVENT");
    }
    out += ics_line("END:VCALENDAR");
    return out;
}

std::vector<Email> alert_emails(const std::vector<ReportItem>& items,
                                const config::CredentialSettings& settings,
                                const std::string& organization, const Date& today) {
    auto told = [&](std::string_view who) {
        return std::find(settings.notify.begin(), settings.notify.end(), who) !=
               settings.notify.end();
    };
    std::vector<Email> emails;
    for (const auto& [key, group] : by_manager(items)) {
        Email email;
        const auto& first = group.front().staff;
        bool escalated =
            std::any_of(group.begin(), group.end(), [](const ReportItem& i) { return i.escalate; });
        if (told("manager") && !first.manager_email.empty()) {
            email.to.push_back(first.manager_email);
        }
        if (told("staff")) {
            for (const auto& item : group) {
                if (!item.staff.email.empty() && std::find(email.cc.begin(), email.cc.end(),
                                                           item.staff.email) == email.cc.end()) {
                    email.cc.push_back(item.staff.email);
                }
            }
        }
        if (!settings.escalation.empty() &&
            (email.to.empty() || (escalated && told("compliance")))) {
            (email.to.empty() ? email.to : email.cc).push_back(settings.escalation);
        }
        if (email.to.empty()) {
            continue;
        }
        size_t expired = static_cast<size_t>(std::count_if(
            group.begin(), group.end(), [](const ReportItem& i) { return i.escalate; }));
        email.subject = (organization.empty() ? "" : organization + ": ") +
                        std::to_string(group.size()) + " credential item" +
                        (group.size() == 1 ? "" : "s") + " due for " +
                        (first.manager.empty() ? key : first.manager) +
                        (expired > 0 ? " (" + std::to_string(expired) + " escalated)" : "");
        email.body = "Credentials that need action for staff reporting to " +
                     (first.manager.empty() ? key : first.manager) + ":\n\n" +
                     render_text_report(group, today) +
                     "\nRecord renewals with 'attest cred renew'; this alert is not resent for "
                     "the same credential and window.\n";
        emails.push_back(std::move(email));
    }
    return emails;
}

} // namespace attest::credentials
