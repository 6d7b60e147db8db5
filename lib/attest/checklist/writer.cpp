#include <cstdio>

#include <attest/checklist/writer.hpp>

namespace attest::checklist {

namespace {

std::string quote(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
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
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
                char escaped[8];
                std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned char>(c));
                out += escaped;
            } else {
                out += c;
            }
        }
    }
    return out + "\"";
}

// A TOML bare key when possible, else a quoted one.
std::string key(std::string_view name) {
    bool bare = !name.empty();
    for (char c : name) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_';
        bare = bare && ok;
    }
    return bare ? std::string(name) : quote(name);
}

void line(std::string& out, std::string_view name, std::string_view value) {
    if (!value.empty()) {
        out += std::string(name) + " = " + quote(value) + "\n";
    }
}

void array(std::string& out, std::string_view name, const std::vector<std::string>& values) {
    if (values.empty()) {
        return;
    }
    out += std::string(name) + " = [";
    for (size_t i = 0; i < values.size(); ++i) {
        out += (i > 0 ? ", " : "") + quote(values[i]);
    }
    out += "]\n";
}

} // namespace

std::string to_toml(const Checklist& checklist) {
    std::string out = "[checklist]\n";
    line(out, "id", checklist.id);
    line(out, "framework", checklist.framework);
    line(out, "title", checklist.title);
    line(out, "version", checklist.version);
    line(out, "source", checklist.source);
    line(out, "edition", checklist.edition);
    if (checklist.effective) {
        out += "effective = " + checklist.effective->iso() + "\n";
    }
    line(out, "description", checklist.description);
    array(out, "facilities", checklist.facilities);
    line(out, "state", checklist.state);
    for (const auto& section : checklist.sections) {
        out += "\n[[section]]\n";
        line(out, "id", section.id);
        line(out, "title", section.title);
        line(out, "description", section.description);
        for (const auto& item : section.items) {
            out += "\n[[section.item]]\n";
            line(out, "id", item.id);
            array(out, "aliases", item.aliases);
            line(out, "title", item.title);
            line(out, "requirement", item.requirement);
            line(out, "guidance", item.guidance);
            if (!item.attributes.empty()) {
                out += "attributes = { ";
                for (size_t i = 0; i < item.attributes.size(); ++i) {
                    out += (i > 0 ? ", " : "") + key(item.attributes[i].first) + " = " +
                           quote(item.attributes[i].second);
                }
                out += " }\n";
            }
            array(out, "evidence", item.evidence);
            line(out, "frequency", item.frequency);
            if (!item.windows.empty()) {
                std::vector<std::string> windows;
                for (const auto& window : item.windows) {
                    windows.push_back(window.text());
                }
                array(out, "windows", windows);
            }
            if (item.severity != ItemSeverity::moderate) {
                line(out, "severity", to_string(item.severity));
            }
            if (item.needs_policy) {
                out += "needs_policy = true\n";
            }
            array(out, "tags", item.tags);
            std::vector<std::string> links;
            for (const auto& link : item.maps_to) {
                links.push_back(link.text());
            }
            array(out, "maps_to", links);
            if (item.status != ItemStatus::current) {
                line(out, "status", to_string(item.status));
            }
            if (!item.verified) {
                out += "verified = false\n";
            }
        }
    }
    return out;
}

} // namespace attest::checklist
