#include <algorithm>
#include <charconv>

#include <attest/core/ics.hpp>
#include <attest/core/text.hpp>
#include <attest/credentials/expiry.hpp>
#include <attest/credentials/roster.hpp>
#include <attest/credentials/standing.hpp>
#include <attest/journal/journal.hpp>

namespace attest::credentials {

namespace {

std::string compact(std::string_view iso) {
    std::string out;
    for (char c : iso) {
        if (c != '-' && c != ':') {
            out += c;
        }
    }
    return out;
}

std::string days_text(int days) {
    if (days == 0) {
        return "today";
    }
    int n = days < 0 ? -days : days;
    std::string count = std::to_string(n) + (n == 1 ? " day" : " days");
    return days < 0 ? count + " ago" : "in " + count;
}

// What the status column does not already say about an item.
std::string describe(const ReportItem& item) {
    switch (item.kind) {
    case ItemKind::expired:
        return item.expires + " (" + days_text(item.days) + ")";
    case ItemKind::missing:
        return "required for the role, never recorded";
    case ItemKind::unverified:
        return "primary source check not recorded" +
               (item.issued.empty() ? std::string{} : " (issued " + item.issued + ")");
    case ItemKind::expiring:
        break;
    }
    return item.expires + " (" + days_text(item.days) + "), " + std::to_string(item.window) +
           "-day window";
}

// The manager as a subject line names them: their name, else their email.
std::string manager_name(const storage::StaffRecord& staff) {
    std::string name(trim(staff.manager));
    return terminal_safe(name.empty() ? std::string(trim(staff.manager_email)) : name);
}

// Appends `text` padded with spaces to `width` columns and a two-space gutter.
void append_column(std::string& out, const std::string& text, size_t width) {
    out += text;
    out.append(width - std::min(width, display_width(text)) + 2, ' ');
}

} // namespace

std::string_view to_string(ItemKind kind) {
    switch (kind) {
    case ItemKind::expired:
        return "expired";
    case ItemKind::missing:
        return "missing";
    case ItemKind::unverified:
        return "unverified";
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
                                      int within_days, const storage::StaffFilter& filter,
                                      storage::RosterSink* also, storage::StaffFields fields) {
    StandingQuery query;
    query.staff_fields = fields;
    query.through = today.plus_days(within_days).iso();
    query.filter = filter;
    query.also = also;
    for (const auto& role : settings.roles) {
        if (!filter.role.empty() && role.id != filter.role) {
            continue;
        }
        for (const auto& type : role.requires_types) {
            query.requirements.emplace_back(role.id, type);
        }
    }
    for (const auto& type : settings.types) {
        if (type.primary_source) {
            query.verified_types.push_back(type.id);
        }
    }
    auto standing = credentials::standing(store, query);
    const auto today_iso = today.iso();
    auto title = [&](const std::string& type_id) {
        const auto* type = settings.type(type_id);
        return type != nullptr ? type->title : type_id;
    };

    // Most urgent first: expired (the oldest first), missing, unverified, then expiring. Due
    // credentials come ordered by expiry, so the expired ones lead them.
    std::vector<ReportItem> items;
    items.reserve(standing.due.size() + standing.missing.size() + standing.unverified.size());
    auto add_due = [&](HeldCredential& held) {
        ReportItem& item = items.emplace_back();
        const auto* type = settings.type(held.type);
        item.type_title = type != nullptr ? type->title : held.type;
        item.type = std::move(held.type);
        item.expires = std::move(held.expires);
        auto expires = parse_iso_date(item.expires);
        item.days = expires ? today.days_until(*expires) : 0;
        if (item.expires < today_iso) {
            item.kind = ItemKind::expired;
            item.escalate = true;
        } else {
            item.kind = ItemKind::expiring;
            const auto& windows =
                type != nullptr ? settings.windows_for(*type) : settings.alert_windows;
            for (int w : windows) {
                if (item.days <= w) {
                    item.window = w;
                }
            }
            item.escalate = !windows.empty() && item.days <= windows.back();
        }
        item.person = std::move(held.staff);
        item.credential_id = held.id;
    };
    auto first_expiring = std::find_if(standing.due.begin(), standing.due.end(),
                                       [&](const auto& held) { return held.expires >= today_iso; });
    std::for_each(standing.due.begin(), first_expiring, add_due);
    for (auto& missing : standing.missing) {
        ReportItem& item = items.emplace_back();
        item.kind = ItemKind::missing;
        item.type_title = title(missing.type);
        item.type = std::move(missing.type);
        item.escalate = true;
        item.person = std::move(missing.staff);
    }
    for (auto& held : standing.unverified) {
        // An expired credential is already reported as expired.
        if (!held.expires.empty() && held.expires < today_iso) {
            continue;
        }
        ReportItem& item = items.emplace_back();
        item.kind = ItemKind::unverified;
        item.type_title = title(held.type);
        item.type = std::move(held.type);
        item.expires = std::move(held.expires);
        if (auto expires = parse_iso_date(item.expires)) {
            item.days = today.days_until(*expires);
        }
        item.window = -1;
        item.escalate = true;
        item.person = std::move(held.staff);
        item.credential_id = held.id;
        item.issued = std::move(held.issued);
    }
    std::for_each(first_expiring, standing.due.end(), add_due);
    return items;
}

std::string manager_key(const storage::StaffRecord& staff) {
    auto email = to_lower(trim(staff.manager_email));
    if (!email.empty()) {
        return email;
    }
    auto name = to_lower(trim(staff.manager));
    return name.empty() ? "(no manager)" : name;
}

std::string manager_label(const storage::StaffRecord& staff) {
    std::string name(trim(staff.manager));
    std::string email(trim(staff.manager_email));
    if (name.empty()) {
        return email.empty() ? "(no manager)" : email;
    }
    return email.empty() ? name : name + " <" + email + ">";
}

std::map<std::string, std::vector<ReportItem>> by_manager(const std::vector<ReportItem>& items) {
    std::map<std::string, std::vector<ReportItem>> groups;
    for (const auto& item : items) {
        groups[manager_key(item.staff())].push_back(item);
    }
    return groups;
}

std::vector<ReportItem> unsent(storage::Store& store, const std::vector<ReportItem>& items,
                               const std::string& channel) {
    std::vector<ReportItem> out;
    for (const auto& item : items) {
        if (!store.alert_sent(
                {item.staff().id, item.type, item.expires, item.window, channel, {}})) {
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
        store.record_alert({item.staff().id, item.type, item.expires, item.window, channel, now});
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
    auto text = [](const std::string& value) {
        return value.empty() ? nlohmann::json(nullptr) : nlohmann::json(value);
    };
    return {{"status", to_string(item.kind)},
            {"staff", item.staff().id},
            {"name", full_name(item.staff())},
            {"role", item.staff().role},
            {"department", text(item.staff().department)},
            {"site", text(item.staff().site)},
            {"manager", text(item.staff().manager)},
            {"manager_email", text(item.staff().manager_email)},
            {"type", item.type},
            {"title", item.type_title},
            {"expires", text(item.expires)},
            {"days", item.expires.empty() ? nlohmann::json(nullptr) : nlohmann::json(item.days)},
            {"window", item.window > 0 ? nlohmann::json(item.window) : nlohmann::json(nullptr)},
            {"escalate", item.escalate}};
}

std::string render_text_report(const std::vector<ReportItem>& items, const Date& today) {
    // Every field comes from a roster or attest.toml someone else wrote: escaped, then measured,
    // so the columns line up across the whole report.
    struct Line {
        std::string status, id, name, role, credential, detail;
        bool escalate;
    };
    std::vector<std::pair<std::string, std::vector<Line>>> groups;
    size_t widths[5] = {6, 5, 4, 4, 10};
    for (const auto& [key, group] : by_manager(items)) {
        auto& [label, lines] = groups.emplace_back();
        label = terminal_safe(manager_label(group.front().staff()));
        for (const auto& item : group) {
            Line line{std::string(to_string(item.kind)),
                      terminal_safe(item.staff().id),
                      terminal_safe(full_name(item.staff())),
                      terminal_safe(item.staff().role),
                      terminal_safe(item.type_title),
                      terminal_safe(describe(item)),
                      item.escalate};
            const std::string* fields[5] = {&line.status, &line.id, &line.name, &line.role,
                                            &line.credential};
            for (size_t c = 0; c < 5; ++c) {
                widths[c] = std::max(widths[c], display_width(*fields[c]));
            }
            lines.push_back(std::move(line));
        }
    }
    std::string out;
    for (const auto& [label, lines] : groups) {
        out += "Manager: " + label + " (" + std::to_string(lines.size()) + " item" +
               (lines.size() == 1 ? "" : "s") + ")\n";
        std::string heading = "  ";
        const char* titles[5] = {"STATUS", "STAFF", "NAME", "ROLE", "CREDENTIAL"};
        for (size_t c = 0; c < 5; ++c) {
            append_column(heading, titles[c], widths[c]);
        }
        out += heading + "DETAIL\n";
        for (const auto& line : lines) {
            std::string text = "  ";
            const std::string* fields[5] = {&line.status, &line.id, &line.name, &line.role,
                                            &line.credential};
            for (size_t c = 0; c < 5; ++c) {
                append_column(text, *fields[c], widths[c]);
            }
            text += line.detail;
            if (line.escalate) {
                text += "; escalated to compliance";
            }
            out += text + '\n';
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
    out += ics::line("BEGIN:VCALENDAR");
    out += ics::line("VERSION:2.0");
    out += ics::line("PRODID:-//attest//credential expiry//EN");
    out += ics::line("CALSCALE:GREGORIAN");
    out += ics::line("METHOD:PUBLISH");
    out += ics::line("X-WR-CALNAME:" + ics::text((organization.empty() ? "" : organization + ": ") +
                                                 "credential expiry"));
    for (const auto& item : items) {
        auto date = item.expires.empty() ? today : *parse_iso_date(item.expires);
        // Unverified credentials are events of today, like missing ones.
        if (item.kind == ItemKind::unverified) {
            date = today;
        }
        std::string uid = "cred-" + item.staff().id + "-" + item.type + "-" +
                          (item.kind == ItemKind::unverified ? "unverified-"
                           : item.expires.empty()            ? "missing"
                                                             : "") +
                          compact(item.expires) + "@attest";
        std::string summary = item.kind == ItemKind::missing
                                  ? "Missing " + item.type_title + ": " + full_name(item.staff())
                              : item.kind == ItemKind::unverified
                                  ? "Verify " + item.type_title +
                                        " with the primary source: " + full_name(item.staff())
                                  : item.type_title + " " +
                                        (item.kind == ItemKind::expired ? "expired" : "expires") +
                                        ": " + full_name(item.staff());
        out += ics::line("BEGIN:VEVENT");
        out += ics::line("UID:" + ics::text(uid));
        out += ics::line("DTSTAMP:" + ics::timestamp(timestamp));
        out += ics::line("DTSTART;VALUE=DATE:" + ics::date(date));
        out += ics::line("DTEND;VALUE=DATE:" + ics::date(date.plus_days(1)));
        out += ics::line("SUMMARY:" + ics::text(summary + " (" + item.staff().id + ")"));
        out += ics::line("DESCRIPTION:" +
                         ics::text(full_name(item.staff()) + ", " + item.staff().role + ", " +
                                   item.staff().department + ", " + item.staff().site + "\n" +
                                   item.type_title + ": " + describe(item) +
                                   "\nManager: " + item.staff().manager));
        out += ics::line("CATEGORIES:" + ics::text(std::string(to_string(item.kind))));
        out += ics::line("TRANSP:TRANSPARENT");
        out += ics::line("END:VEVENT");
    }
    out += ics::line("END:VCALENDAR");
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
        const auto& first = group.front().staff();
        bool escalated =
            std::any_of(group.begin(), group.end(), [](const ReportItem& i) { return i.escalate; });
        if (told("manager") && !first.manager_email.empty()) {
            email.to.push_back(first.manager_email);
        }
        if (told("staff")) {
            for (const auto& item : group) {
                if (!item.staff().email.empty() &&
                    std::find(email.cc.begin(), email.cc.end(), item.staff().email) ==
                        email.cc.end()) {
                    email.cc.push_back(item.staff().email);
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
                        (group.size() == 1 ? "" : "s") + " due for " + manager_name(first) +
                        (expired > 0 ? " (" + std::to_string(expired) + " escalated)" : "");
        email.body = "Credentials that need action for staff reporting to " + manager_name(first) +
                     ":\n\n" + render_text_report(group, today) +
                     "\nRecord renewals with 'attest cred renew' and primary source checks with "
                     "'attest cred "
                     "verify'; this alert is not resent for "
                     "the same credential and window.\n";
        emails.push_back(std::move(email));
    }
    return emails;
}

} // namespace attest::credentials
