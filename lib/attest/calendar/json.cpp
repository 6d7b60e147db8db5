#include <attest/calendar/json.hpp>
#include <attest/core/json.hpp>
#include <attest/core/text.hpp>

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

namespace {

// A JSON string as nlohmann::json writes one (UTF-8 kept, control characters escaped), or
// null for empty text when `null_when_empty`.
void append_json_text(std::string& out, std::string_view text, bool null_when_empty = false) {
    if (null_when_empty && text.empty()) {
        out += "null";
        return;
    }
    static constexpr char k_hex[] = "0123456789abcdef";
    out += '"';
    for (char c : text) {
        auto byte = static_cast<unsigned char>(c);
        switch (byte) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (byte < 0x20) {
                out += "\\u00";
                out += k_hex[byte >> 4];
                out += k_hex[byte & 15];
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

bool all_utf8(const Deadline& d) {
    for (const auto* text : {&d.id, &d.what, &d.owner, &d.staff_id, &d.staff_name, &d.manager,
                             &d.manager_email, &d.site, &d.command, &d.detail}) {
        if (find_invalid_utf8(*text) != std::string_view::npos) {
            return false;
        }
    }
    return true;
}

} // namespace

std::string deadlines_json_text(const std::vector<Deadline>& deadlines) {
    if (deadlines.empty()) {
        return "[]\n";
    }
    std::string out = "[\n";
    for (size_t i = 0; i < deadlines.size(); ++i) {
        const auto& d = deadlines[i];
        if (!all_utf8(d)) {
            // Left to nlohmann::json, which refuses it with its own error.
            out += "  ";
            for (char c : deadline_json(d).dump(2)) {
                out += c;
                if (c == '\n') {
                    out += "  ";
                }
            }
            out += i + 1 < deadlines.size() ? ",\n" : "\n";
            continue;
        }
        // The keys in the order nlohmann::json keeps them (sorted), one level into the array;
        // `nullable` text is null when empty.
        bool first = true;
        auto key = [&](const char* name) {
            out += first ? "  {\n    \"" : ",\n    \"";
            first = false;
            out += name;
            out += "\": ";
        };
        auto text = [&](const char* name, std::string_view value, bool nullable = false) {
            key(name);
            append_json_text(out, value, nullable);
        };
        text("command", d.command);
        key("days");
        out += std::to_string(d.days);
        text("detail", d.detail);
        text("due", d.due.iso());
        text("id", d.id);
        text("kind", to_string(d.kind));
        text("manager", d.manager, true);
        text("manager_email", d.manager_email, true);
        if (d.opens) {
            text("opens", d.opens->iso());
        } else {
            key("opens");
            out += "null";
        }
        text("owner", d.owner, true);
        text("site", d.site, true);
        text("staff", d.staff_id, true);
        text("staff_name", d.staff_name, true);
        text("state", to_string(d.state));
        text("what", d.what);
        out += "\n  }";
        out += i + 1 < deadlines.size() ? ",\n" : "\n";
    }
    out += "]\n";
    return out;
}

} // namespace attest::calendar
