#include <algorithm>
#include <map>
#include <tuple>

#include <attest/calendar/json.hpp>
#include <attest/check/digest.hpp>
#include <attest/core/json.hpp>
#include <attest/core/text.hpp>

namespace attest::check {

namespace {

// An owner written as an email address ("ip@hospital.org") can be mailed; a title or a name
// cannot.
bool looks_like_address(const std::string& text) {
    auto at = text.find('@');
    return at != std::string::npos && at > 0 && at + 1 < text.size() &&
           text.find_first_of(" \t\r\n<>,;\"") == std::string::npos &&
           text.find('.', at) != std::string::npos;
}

std::string when_text(int days) {
    if (days == 0) {
        return "today";
    }
    if (days < 0) {
        return std::to_string(-days) + (days == -1 ? " day ago" : " days ago");
    }
    return "in " + std::to_string(days) + (days == 1 ? " day" : " days");
}

std::string plural(size_t count, const char* one, const char* many) {
    return std::to_string(count) + " " + (count == 1 ? one : many);
}

// A field on one line of the report: escaped for a terminal, its line breaks (a plan's action
// typed on several lines) shown as spaces so each deadline stays one row.
std::string one_line(std::string_view text) {
    auto safe = terminal_safe(text);
    std::replace(safe.begin(), safe.end(), '\n', ' ');
    return safe;
}

void pad_to(std::string& out, const std::string& text, size_t width) {
    out += text;
    out.append(width - std::min(width, display_width(text)) + 2, ' ');
}

} // namespace

size_t Digest::overdue() const {
    return static_cast<size_t>(
        std::count_if(deadlines.begin(), deadlines.end(), [](const calendar::Deadline& d) {
            return d.state == calendar::State::overdue;
        }));
}

std::string Digest::label() const {
    if (recipient.empty()) {
        return email.empty() ? "(no owner)" : email;
    }
    return email.empty() || email == recipient ? recipient : recipient + " <" + email + ">";
}

std::vector<Digest> digests(const std::vector<calendar::Deadline>& deadlines) {
    // Named recipients first, by name then address; no one last.
    std::map<std::tuple<bool, std::string, std::string>, Digest> groups;
    for (const auto& d : deadlines) {
        std::string name(trim(d.owner));
        std::string email(trim(d.manager_email));
        if (email.empty() && looks_like_address(name)) {
            email = name;
        }
        auto& digest = groups[{name.empty() && email.empty(), name, email}];
        digest.recipient = name;
        digest.email = email;
        digest.deadlines.push_back(d);
    }
    std::vector<Digest> out;
    for (auto& [key, digest] : groups) {
        out.push_back(std::move(digest));
    }
    return out;
}

nlohmann::json check_json(const std::vector<Digest>& digests, const std::string& organization,
                          const Date& today, int within_days) {
    nlohmann::json counts = nlohmann::json::object();
    for (auto kind : calendar::kinds()) {
        counts[std::string(calendar::to_string(kind))] = 0;
    }
    size_t total = 0;
    size_t overdue = 0;
    nlohmann::json list = nlohmann::json::array();
    for (const auto& digest : digests) {
        nlohmann::json items = nlohmann::json::array();
        for (const auto& d : digest.deadlines) {
            auto& count = counts[std::string(calendar::to_string(d.kind))];
            count = count.get<size_t>() + 1;
            items.push_back(calendar::deadline_json(d));
        }
        total += digest.deadlines.size();
        overdue += digest.overdue();
        list.push_back({{"recipient", or_null(digest.recipient)},
                        {"email", or_null(digest.email)},
                        {"count", digest.deadlines.size()},
                        {"overdue", digest.overdue()},
                        {"deadlines", items}});
    }
    return {{"organization", organization},
            {"date", today.iso()},
            {"within", within_days},
            {"count", total},
            {"overdue", overdue},
            {"counts", counts},
            {"digests", list}};
}

std::string render_text(const std::vector<Digest>& digests, const Date& today, int within_days) {
    struct Line {
        std::string state, due, when, kind, what, command;
    };
    size_t total = 0;
    size_t overdue = 0;
    size_t widths[4] = {5, 3, 4, 4};
    std::vector<std::pair<std::string, std::vector<Line>>> groups;
    for (const auto& digest : digests) {
        auto& [label, lines] = groups.emplace_back();
        label = one_line(digest.label());
        for (const auto& d : digest.deadlines) {
            Line line{
                std::string(calendar::to_string(d.state)), d.due.iso(),      when_text(d.days),
                std::string(calendar::to_string(d.kind)),  one_line(d.what), one_line(d.command)};
            const std::string* fields[4] = {&line.state, &line.due, &line.when, &line.kind};
            for (size_t c = 0; c < 4; ++c) {
                widths[c] = std::max(widths[c], display_width(*fields[c]));
            }
            lines.push_back(std::move(line));
        }
        total += digest.deadlines.size();
        overdue += digest.overdue();
    }
    std::string out = "Deadlines on " + today.iso() + " (overdue, or due within " +
                      plural(static_cast<size_t>(within_days), "day", "days") +
                      ") not reported before: " + std::to_string(total) + ", " +
                      std::to_string(overdue) + " overdue\n";
    for (const auto& [label, lines] : groups) {
        out += "\nFor " + label + " (" + plural(lines.size(), "deadline", "deadlines") + ")\n";
        std::string heading = "  ";
        const char* titles[4] = {"STATE", "DUE", "WHEN", "KIND"};
        for (size_t c = 0; c < 4; ++c) {
            pad_to(heading, titles[c], widths[c]);
        }
        out += heading + "WHAT\n";
        for (const auto& line : lines) {
            std::string text = "  ";
            const std::string* fields[4] = {&line.state, &line.due, &line.when, &line.kind};
            for (size_t c = 0; c < 4; ++c) {
                pad_to(text, *fields[c], widths[c]);
            }
            out += text + line.what + '\n';
            if (!line.command.empty()) {
                out += std::string(text.size(), ' ') + "to close: " + line.command + '\n';
            }
        }
    }
    return out;
}

DigestEmail digest_email(const Digest& digest, const std::string& organization,
                         const std::string& escalation, const Date& today, int within_days) {
    DigestEmail email;
    size_t overdue = digest.overdue();
    if (!digest.email.empty()) {
        email.to.push_back(digest.email);
        if (overdue > 0 && !escalation.empty() && escalation != digest.email) {
            email.cc.push_back(escalation);
        }
    } else if (!escalation.empty()) {
        email.to.push_back(escalation);
    }
    std::string who = digest.recipient.empty() ? "no named owner" : digest.recipient;
    email.subject = (organization.empty() ? "" : organization + ": ") +
                    plural(digest.deadlines.size(), "deadline", "deadlines") + " for " + who +
                    (overdue > 0 ? " (" + std::to_string(overdue) + " overdue)" : "");
    email.body = "Compliance deadlines for " + one_line(who) + ":\n\n" +
                 render_text({digest}, today, within_days) +
                 "\nEach deadline is sent once when it comes within " +
                 plural(static_cast<size_t>(within_days), "day", "days") +
                 " and once more when it is overdue; 'attest due' lists everything due.\n";
    return email;
}

} // namespace attest::check
