#include <map>
#include <ostream>
#include <set>

#include <attest/completion/values.hpp>
#include <attest/core/text.hpp>

namespace attest::completion {

std::vector<Candidate> audit_candidates(const std::vector<storage::AuditRecord>& audits) {
    std::vector<Candidate> out;
    for (const auto& audit : audits) {
        out.push_back({std::to_string(audit.id), audit.name + " (" + audit.status + ")"});
    }
    for (const auto& audit : audits) {
        out.push_back({audit.name, "audit " + std::to_string(audit.id)});
    }
    return out;
}

std::vector<Candidate> checklist_candidates(const checklist::Catalog& catalog) {
    std::vector<Candidate> out;
    for (const auto& entry : catalog.entries()) {
        out.push_back({entry.checklist.id, entry.checklist.title});
    }
    return out;
}

std::vector<Candidate> item_candidates(const checklist::Checklist& checklist) {
    std::vector<Candidate> out;
    for (const auto& section : checklist.sections) {
        for (const auto& item : section.items) {
            out.push_back({item.id, item.title});
        }
    }
    return out;
}

std::vector<Candidate> item_candidates(const audit::AuditView& audit, Qualify qualify) {
    auto items = audit.items();
    std::map<std::string, int> uses;
    for (const auto& item : items) {
        ++uses[item.item->id];
    }
    std::vector<Candidate> out;
    for (const auto& item : items) {
        bool bare = qualify == Qualify::when_shared && uses[item.item->id] == 1;
        out.push_back({bare ? item.item->id : item.key(), item.item->title});
    }
    return out;
}

std::vector<Candidate> staff_candidates(const std::vector<storage::StaffRecord>& staff) {
    std::vector<Candidate> out;
    for (const auto& person : staff) {
        std::string description = person.first_name;
        if (!person.last_name.empty()) {
            description += (description.empty() ? "" : " ") + person.last_name;
        }
        if (!person.role.empty()) {
            description += " (" + person.role + ")";
        }
        out.push_back({person.id, description});
    }
    return out;
}

std::vector<Candidate> staff_id_candidates(std::vector<std::string> ids) {
    std::vector<Candidate> out;
    out.reserve(ids.size());
    for (auto& id : ids) {
        out.push_back({std::move(id), ""});
    }
    return out;
}

std::vector<Candidate> credential_type_candidates(const config::Config& config) {
    std::vector<Candidate> out;
    for (const auto& type : config.credentials.types) {
        out.push_back({type.id, type.title});
    }
    return out;
}

std::vector<Candidate> role_candidates(const config::Config& config) {
    std::vector<Candidate> out;
    for (const auto& role : config.credentials.roles) {
        out.push_back({role.id, role.title});
    }
    return out;
}

std::vector<Candidate> site_candidates(const config::Config& config,
                                       const std::vector<storage::AuditRecord>& audits,
                                       const std::vector<storage::StaffRecord>& staff) {
    std::vector<Candidate> out;
    std::set<std::string> seen;
    auto add = [&](const std::string& site) {
        if (!site.empty() && seen.insert(site).second) {
            out.push_back({site, ""});
        }
    };
    for (const auto& site : config.sites) {
        add(site);
    }
    for (const auto& audit : audits) {
        add(audit.site);
    }
    for (const auto& person : staff) {
        add(person.site);
    }
    return out;
}

bool offerable(std::string_view text) {
    if (!is_valid_utf8(text)) {
        return false;
    }
    for (size_t i = 0; i < text.size(); ++i) {
        auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x20 || byte == 0x7f) {
            return false;
        }
        if (byte == 0xc2 && i + 1 < text.size()) {
            // C1 controls, U+0080 to U+009F.
            auto next = static_cast<unsigned char>(text[i + 1]);
            if (next >= 0x80 && next <= 0x9f) {
                return false;
            }
        }
        if (byte == 0xe2 && i + 2 < text.size()) {
            // U+2028..U+202E (line and paragraph separators, bidirectional embeddings and
            // overrides) and U+2066..U+2069 (bidirectional isolates).
            auto second = static_cast<unsigned char>(text[i + 1]);
            auto third = static_cast<unsigned char>(text[i + 2]);
            if ((second == 0x80 && third >= 0xa8 && third <= 0xae) ||
                (second == 0x81 && third >= 0xa6 && third <= 0xa9)) {
                return false;
            }
        }
    }
    return true;
}

void write_candidates(const std::vector<Candidate>& candidates, std::ostream& out) {
    for (const auto& candidate : candidates) {
        if (candidate.value.empty() || !offerable(candidate.value)) {
            continue;
        }
        out << candidate.value;
        if (!candidate.description.empty() && offerable(candidate.description)) {
            out << '\t' << candidate.description;
        }
        out << '\n';
    }
}

} // namespace attest::completion
