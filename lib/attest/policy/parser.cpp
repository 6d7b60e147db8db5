#include <algorithm>
#include <array>
#include <cstring>
#include <map>

#include <attest/core/text.hpp>
#include <attest/policy/citations.hpp>
#include <attest/policy/front_matter.hpp>
#include <attest/policy/markdown.hpp>
#include <attest/policy/parser.hpp>
#include <attest/policy/rules.hpp>

namespace attest::policy {

namespace {

constexpr std::array<std::string_view, 9> k_keys = {"title",       "id",        "owner",
                                                    "approved",    "approver",  "review_cycle",
                                                    "next_review", "satisfies", "disable"};
// Keys a policy may carry for people and other tools; attest reads them but checks nothing.
constexpr std::array<std::string_view, 8> k_informational_keys = {
    "version", "effective", "department", "category", "tags", "supersedes", "summary", "keywords"};

void report(Diagnostics& diagnostics, std::string_view rule, Location where, std::string message) {
    const Rule* found = find_rule(rule);
    diagnostics.push_back({found != nullptr ? found->severity : Severity::error, std::move(where),
                           std::move(message), std::string(rule)});
}

std::string normalize_heading(std::string_view text) {
    text = trim(text);
    // Drop numbering: "3.", "3.1", "3)", "A.", "IV." followed by a space.
    size_t i = 0;
    while (i < text.size() &&
           (std::isdigit(static_cast<unsigned char>(text[i])) != 0 || text[i] == '.')) {
        ++i;
    }
    if (i == 0) {
        while (i < text.size() && i < 5 && std::strchr("IVXA", text[i]) != nullptr &&
               text[i] != '\0') {
            ++i;
        }
        if (i == 0 || i >= text.size() || (text[i] != '.' && text[i] != ')')) {
            i = 0;
        }
    }
    if (i > 0 && i < text.size() && (text[i] == ')' || text[i] == '.')) {
        ++i;
    }
    if (i > 0 && i < text.size() && (text[i] == ' ' || text[i] == '\t')) {
        text.remove_prefix(i);
    }
    text = trim(text);
    while (!text.empty() && text.back() == ':') {
        text.remove_suffix(1);
    }
    return to_lower(trim(text));
}

Field field_of(const MetaEntry& entry) {
    return {entry.value.items.empty() ? std::string()
                                      : std::string(trim(entry.value.items[0].text)),
            entry.value.where};
}

class MetadataReader {
public:
    MetadataReader(Policy& policy, Diagnostics& diagnostics)
        : m_policy(policy), m_diagnostics(diagnostics) {}

    void read(const std::vector<MetaEntry>& entries) {
        std::map<std::string, int> seen;
        for (const auto& entry : entries) {
            auto [it, inserted] = seen.emplace(entry.key, entry.where.line);
            if (!inserted) {
                report(m_diagnostics, "front-matter", entry.where,
                       "duplicate key '" + entry.key + "' (first written at line " +
                           std::to_string(it->second) + ")");
                continue;
            }
            read_entry(entry);
        }
    }

private:
    Policy& m_policy;
    Diagnostics& m_diagnostics;

    bool is_single(const MetaEntry& entry) {
        if (entry.value.kind == MetaValue::Kind::scalar ||
            entry.value.kind == MetaValue::Kind::null) {
            return true;
        }
        std::string what = entry.value.kind == MetaValue::Kind::list ? "a list" : entry.value.type;
        report(m_diagnostics, "front-matter", entry.value.where,
               "'" + entry.key + "' must be a single value, not " + what);
        return false;
    }

    // A list, or one value standing for a list of one.
    std::vector<Scalar> list_of(const MetaEntry& entry) {
        if (entry.value.kind == MetaValue::Kind::other) {
            report(m_diagnostics, "front-matter", entry.value.where,
                   "'" + entry.key + "' must be a list of text values, not " + entry.value.type);
            return {};
        }
        return entry.value.items;
    }

    void read_entry(const MetaEntry& entry) {
        const std::string& key = entry.key;
        if (key == "satisfies") {
            for (const auto& item : list_of(entry)) {
                std::string_view text = trim(item.text);
                auto colon = text.find(':');
                Requirement requirement;
                requirement.where = item.where;
                requirement.written = std::string(text);
                if (colon == std::string_view::npos) {
                    requirement.id = std::string(text);
                } else {
                    requirement.prefix = std::string(trim(text.substr(0, colon)));
                    requirement.id = std::string(trim(text.substr(colon + 1)));
                }
                m_policy.satisfies.push_back(std::move(requirement));
            }
            return;
        }
        if (key == "disable") {
            for (const auto& item : list_of(entry)) {
                read_disable(item);
            }
            return;
        }
        Field* target = nullptr;
        if (key == "title") {
            target = &m_policy.title;
        } else if (key == "id") {
            target = &m_policy.id;
        } else if (key == "owner") {
            target = &m_policy.owner;
        } else if (key == "approver") {
            target = &m_policy.approver;
        } else if (key == "approved") {
            target = &m_policy.approved_text;
        } else if (key == "next_review") {
            target = &m_policy.next_review_text;
        } else if (key == "review_cycle") {
            target = &m_policy.review_cycle;
        }
        if (target != nullptr) {
            if (is_single(entry)) {
                *target = field_of(entry);
            }
            return;
        }
        if (std::find(k_informational_keys.begin(), k_informational_keys.end(), key) !=
            k_informational_keys.end()) {
            return;
        }
        std::vector<std::string> known(k_keys.begin(), k_keys.end());
        known.insert(known.end(), k_informational_keys.begin(), k_informational_keys.end());
        std::string message = "unknown front matter key '" + key + "'";
        auto suggestion = closest_match(key, known);
        if (!suggestion.empty()) {
            message += "; did you mean '" + suggestion + "'?";
        }
        report(m_diagnostics, "front-matter", entry.where, message);
    }

    void read_disable(const Scalar& item) {
        std::string id(trim(item.text));
        const Rule* rule = find_rule(id);
        if (rule == nullptr) {
            std::string message = "unknown rule '" + id + "' in 'disable'";
            auto suggestion = closest_match(id, rule_ids());
            message += suggestion.empty() ? "; 'attest policy rules' lists them"
                                          : "; did you mean '" + suggestion + "'?";
            report(m_diagnostics, "front-matter", item.where, message);
            return;
        }
        if (rule->scope == RuleScope::manual) {
            report(m_diagnostics, "front-matter", item.where,
                   "rule '" + id +
                       "' applies to the whole manual and cannot be disabled in one file; set "
                       "its severity in attest.toml [policy.rules]");
            return;
        }
        if (id == "front-matter" || id == "unreadable") {
            report(m_diagnostics, "front-matter", item.where,
                   "rule '" + id + "' cannot be disabled: it decides whether the file can be read");
            return;
        }
        m_policy.disable.push_back({id, item.where});
    }
};

void check_metadata(Policy& policy, const FrontMatter& front, Diagnostics& diagnostics) {
    std::vector<std::pair<std::string_view, const Field*>> required = {
        {"title", &policy.title},
        {"id", &policy.id},
        {"owner", &policy.owner},
        {"approved", &policy.approved_text},
        {"approver", &policy.approver}};
    for (const auto& [name, field] : required) {
        if (!field->present()) {
            report(diagnostics, "required-metadata", front.opening,
                   "missing required metadata '" + std::string(name) + "'");
        }
    }
    if (!policy.review_cycle.present() && !policy.next_review_text.present()) {
        report(diagnostics, "required-metadata", front.opening,
               "missing required metadata 'review_cycle' or 'next_review'");
    }
}

void check_dates(Policy& policy, Diagnostics& diagnostics) {
    auto parse_date = [&](const Field& field, std::string_view name, std::optional<Date>& out) {
        if (!field.present()) {
            return;
        }
        auto parsed = parse_iso_date(field.value);
        if (parsed) {
            out = *parsed;
            return;
        }
        report(diagnostics, "invalid-date", field.where,
               "'" + std::string(name) + "' is not a valid date: '" + field.value +
                   "'; write it as YYYY-MM-DD");
    };
    parse_date(policy.approved_text, "approved", policy.approved);
    parse_date(policy.next_review_text, "next_review", policy.next_review);
    if (policy.review_cycle.present()) {
        policy.review_cycle_months = parse_review_cycle(policy.review_cycle.value);
        if (!policy.review_cycle_months) {
            report(diagnostics, "invalid-date", policy.review_cycle.where,
                   "'review_cycle' is not a period: '" + policy.review_cycle.value +
                       "'; write it as '12 months', '2 years', 'annual' or 'biennial'");
        }
    }
}

void check_headings(const Policy& policy, const Location& fallback,
                    const std::vector<std::string>& required, Diagnostics& diagnostics) {
    Location missing_at = policy.headings.empty() ? fallback : policy.headings.front().where;
    std::vector<std::string> have;
    have.reserve(policy.headings.size());
    for (const auto& heading : policy.headings) {
        have.push_back(normalize_heading(heading.text));
    }
    for (const auto& wanted : required) {
        std::vector<std::string> options;
        size_t start = 0;
        while (start <= wanted.size()) {
            size_t bar = std::min(wanted.find('|', start), wanted.size());
            std::string option =
                normalize_heading(std::string_view(wanted).substr(start, bar - start));
            if (!option.empty()) {
                options.push_back(std::move(option));
            }
            start = bar + 1;
        }
        const Heading* found = nullptr;
        for (size_t i = 0; i < have.size() && found == nullptr; ++i) {
            if (std::find(options.begin(), options.end(), have[i]) != options.end()) {
                found = &policy.headings[i];
            }
        }
        std::string name = wanted.substr(0, wanted.find('|'));
        if (found == nullptr) {
            report(diagnostics, "missing-heading", missing_at,
                   "missing required heading '" + name + "'");
        } else if (!found->has_content) {
            report(diagnostics, "empty-section", found->where,
                   "section '" + found->text + "' is empty");
        }
    }
}

} // namespace

bool heading_matches(std::string_view heading, std::string_view wanted) {
    std::string have = normalize_heading(heading);
    size_t start = 0;
    while (start <= wanted.size()) {
        size_t bar = wanted.find('|', start);
        auto option = wanted.substr(start, bar == std::string_view::npos ? std::string_view::npos
                                                                         : bar - start);
        if (!trim(option).empty() && normalize_heading(option) == have) {
            return true;
        }
        if (bar == std::string_view::npos) {
            break;
        }
        start = bar + 1;
    }
    return false;
}

Parsed parse_policy(std::string_view text, const std::string& path, const ParseOptions& options) {
    Parsed result;
    Policy& policy = result.policy;
    Diagnostics& diagnostics = result.diagnostics;
    policy.path = path;
    policy.file = path;
    if (const void* nul = std::memchr(text.data(), '\0', text.size()); nul != nullptr) {
        auto offset = static_cast<size_t>(static_cast<const char*>(nul) - text.data());
        report(diagnostics, "unreadable",
               LineIndex(text.substr(0, offset + 1)).locate(path, offset),
               "binary file (a NUL byte); a policy must be UTF-8 Markdown text");
        policy.readable = false;
        return result;
    }
    if (size_t bad = find_invalid_utf8(text); bad != std::string_view::npos) {
        char byte[8];
        std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(text[bad]));
        report(diagnostics, "unreadable", LineIndex(text.substr(0, bad + 1)).locate(path, bad),
               std::string("invalid UTF-8 (byte ") + byte + "); save the file as UTF-8");
        policy.readable = false;
        return result;
    }
    LineIndex index(text);
    FrontMatter front = read_front_matter(text, index, path, diagnostics);
    policy.syntax = front.syntax;
    if (!front.closed) {
        policy.readable = false;
        return result;
    }
    MetadataReader(policy, diagnostics).read(front.entries);
    Outline outline = scan_markdown(text, front.body, index, path);
    policy.headings = std::move(outline.headings);
    policy.links = std::move(outline.links);
    Location body_start = index.locate(path, front.body);
    if (front.syntax == Syntax::none) {
        Location start{path, 1, 1};
        for (const auto& heading : policy.headings) {
            if (heading.level == 1 && !heading.text.empty()) {
                policy.title = {heading.text, heading.where};
                break;
            }
        }
        policy.satisfies = find_citations(text, front.body, index, path);
        std::vector<std::string> missing;
        if (!policy.title.present()) {
            missing.emplace_back("title");
        }
        for (std::string name : {"id", "owner", "approved", "approver"}) {
            missing.push_back(name);
        }
        missing.emplace_back("review_cycle or next_review");
        report(diagnostics, "required-metadata", start,
               "no front matter, so no " + join(missing, ", ") +
                   " (metadata written in prose is not read); start the file with a '---' "
                   "block, see docs/policy-format.md");
    } else if (front.parsed) {
        check_metadata(policy, front, diagnostics);
    }
    check_dates(policy, diagnostics);
    check_headings(policy, body_start, options.required_headings, diagnostics);
    std::stable_sort(
        diagnostics.begin(), diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
            return std::tie(a.where.line, a.where.column) < std::tie(b.where.line, b.where.column);
        });
    return result;
}

} // namespace attest::policy
