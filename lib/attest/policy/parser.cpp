#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <map>
#include <optional>

#include <attest/core/date.hpp>
#include <attest/core/date_text.hpp>
#include <attest/core/text.hpp>
#include <attest/policy/citations.hpp>
#include <attest/policy/front_matter.hpp>
#include <attest/policy/markdown.hpp>
#include <attest/policy/parser.hpp>
#include <attest/policy/rules.hpp>

namespace attest::policy {

namespace {

constexpr std::array<std::string_view, 16> k_keys = {
    "title",    "id",           "owner",       "approved",
    "approver", "review_cycle", "next_review", "satisfies",
    "disable",  "name",         "acronym",     "majorRevisions",
    "version",  "status",       "acknowledge", "acknowledge_within"};
// Keys other manuals use for what an attest key holds, compared without case, '_', '-' or
// spaces, so an unknown key can point at the attest key it most likely means.
constexpr std::array<std::pair<std::string_view, std::string_view>, 38> k_synonyms = {{
    {"acknowledgedby", "acknowledge"},
    {"attestation", "acknowledge"},
    {"signoff", "acknowledge"},
    {"acknowledgewithindays", "acknowledge_within"},
    {"approvedby", "approver"},
    {"approvingofficial", "approver"},
    {"approval", "approved"},
    {"approvaldate", "approved"},
    {"approvedon", "approved"},
    {"dateapproved", "approved"},
    {"lastreviewed", "approved"},
    {"reviewed", "approved"},
    {"lastreview", "approved"},
    {"reviewdate", "next_review"},
    {"nextreviewdate", "next_review"},
    {"reviewby", "next_review"},
    {"reviewdue", "next_review"},
    {"reviewfrequency", "review_cycle"},
    {"reviewperiod", "review_cycle"},
    {"reviewinterval", "review_cycle"},
    {"policynumber", "id"},
    {"policyid", "id"},
    {"number", "id"},
    {"policyno", "id"},
    {"author", "owner"},
    {"responsible", "owner"},
    {"policyowner", "owner"},
    {"responsibleparty", "owner"},
    {"contact", "owner"},
    {"revisions", "majorRevisions"},
    {"revisionhistory", "majorRevisions"},
    {"history", "majorRevisions"},
    {"controls", "satisfies"},
    {"requirements", "satisfies"},
    {"standards", "satisfies"},
    {"citations", "satisfies"},
    {"effectivedate", "effective"},
    {"policytitle", "title"},
}};
// Keys a policy may carry for people and other tools; attest reads them but checks nothing.
constexpr std::array<std::string_view, 7> k_informational_keys = {
    "effective", "department", "category", "tags", "supersedes", "summary", "keywords"};

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

// "Procedures" and "Procedure", "Policies" and "Policy" are the same heading.
std::string singular(std::string word) {
    if (word.size() > 4 && word.compare(word.size() - 3, 3, "ies") == 0) {
        return word.substr(0, word.size() - 3) + "y";
    }
    if (word.size() > 3 && word.back() == 's' && word[word.size() - 2] != 's') {
        word.pop_back();
    }
    return word;
}

std::string heading_key(std::string_view text) {
    std::string normal = normalize_heading(text);
    std::string out;
    size_t start = 0;
    while (start <= normal.size()) {
        size_t space = std::min(normal.find(' ', start), normal.size());
        if (space > start) {
            out += (out.empty() ? "" : " ") + singular(normal.substr(start, space - start));
        }
        start = space + 1;
    }
    return out;
}

// The headings one heading stands for: itself and, for a combined heading ("Purpose and Scope",
// "Roles & Responsibilities", "Purpose/Scope"), each of its parts.
std::vector<std::string> heading_parts(std::string_view text) {
    std::vector<std::string> parts = {heading_key(text)};
    std::string normal = normalize_heading(text);
    for (std::string_view separator : {" and ", " & ", "/", ", "}) {
        size_t at = 0;
        while ((at = normal.find(separator, at)) != std::string::npos) {
            normal.replace(at, separator.size(), "\n");
        }
    }
    if (normal.find('\n') == std::string::npos) {
        return parts;
    }
    size_t start = 0;
    while (start <= normal.size()) {
        size_t end = std::min(normal.find('\n', start), normal.size());
        auto part = heading_key(normal.substr(start, end - start));
        if (!part.empty()) {
            parts.push_back(part);
        }
        start = end + 1;
    }
    return parts;
}

// The spellings a required heading accepts: "A|B", and the aliases configured for any of them.
std::vector<std::string>
accepted_headings(const std::string& wanted,
                  const std::vector<std::pair<std::string, std::vector<std::string>>>& aliases) {
    std::vector<std::string> options;
    size_t start = 0;
    while (start <= wanted.size()) {
        size_t bar = std::min(wanted.find('|', start), wanted.size());
        std::string option = heading_key(std::string_view(wanted).substr(start, bar - start));
        if (!option.empty()) {
            options.push_back(std::move(option));
        }
        start = bar + 1;
    }
    size_t spellings = options.size();
    for (const auto& [name, others] : aliases) {
        if (std::find(options.begin(), options.begin() + static_cast<std::ptrdiff_t>(spellings),
                      heading_key(name)) ==
            options.begin() + static_cast<std::ptrdiff_t>(spellings)) {
            continue;
        }
        for (const auto& other : others) {
            options.push_back(heading_key(other));
        }
    }
    return options;
}

// The quoted names joined as prose: 'a', 'b' and 'c'.
std::string quoted_list(const std::vector<std::string>& names) {
    std::string out;
    for (size_t i = 0; i < names.size(); ++i) {
        out += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + ("'" + names[i] + "'");
    }
    return out;
}

// Reads a revision date as manuals write it: 2018-06-01, Jun 1 2018, June 1, 2018, 1 Jun 2018,
// 06/01/2018, 01-Jun-2018.
std::optional<Date> parse_revision_date(std::string_view text) {
    text = trim(text);
    if (auto iso = parse_iso_date(text)) {
        return *iso;
    }
    static constexpr std::array<std::string_view, 12> k_months = {
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    std::vector<std::string> words;
    std::string word;
    for (char c : std::string(text) + " ") {
        if (c == ' ' || c == ',' || c == '\t') {
            if (!word.empty()) {
                words.push_back(to_lower(word));
                word.clear();
            }
        } else {
            word += c;
        }
    }
    if (words.size() == 3) {
        auto month_of = [&](const std::string& w) -> unsigned {
            for (size_t m = 0; m < k_months.size(); ++m) {
                if (w.size() >= 3 && w.compare(0, 3, k_months[m]) == 0) {
                    return static_cast<unsigned>(m + 1);
                }
            }
            return 0;
        };
        auto number = [](const std::string& w) {
            return parse_number(w);
        };
        unsigned month = month_of(words[0]);
        auto day = number(words[1]);
        if (month == 0) {
            month = month_of(words[1]);
            day = number(words[0]);
        }
        auto year = number(words[2]);
        if (month != 0 && day && year && *year >= 1900 && *year <= 2999 && *day >= 1 &&
            *day <= 31) {
            char iso[16];
            std::snprintf(iso, sizeof iso, "%04d-%02u-%02d", static_cast<int>(*year), month,
                          static_cast<int>(*day));
            if (auto date = parse_iso_date(iso)) {
                return *date;
            }
            return std::nullopt;
        }
    }
    if (auto date = parse_date_text(text, DateStyle{})) {
        return *date;
    }
    return std::nullopt;
}

std::string compact(std::string_view key) {
    std::string out;
    for (char c : key) {
        if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    return out;
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
        if (key == "satisfies" && entry.value.kind == MetaValue::Kind::mapping) {
            // comply: a mapping of framework to control ids.
            for (const auto& [framework, ids] : entry.value.mapping) {
                for (const auto& item : ids) {
                    Requirement requirement;
                    requirement.where = item.where;
                    requirement.prefix = std::string(trim(framework.text));
                    requirement.id = std::string(trim(item.text));
                    requirement.written = requirement.prefix + ":" + requirement.id;
                    m_policy.satisfies.push_back(std::move(requirement));
                }
            }
            return;
        }
        if (key == "majorRevisions") {
            read_revisions(entry);
            return;
        }
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
        if (key == "acknowledge") {
            for (const auto& item : list_of(entry)) {
                m_policy.acknowledge.push_back({std::string(trim(item.text)), item.where});
            }
            return;
        }
        Field* target = nullptr;
        if (key == "title" || key == "name") {
            target = &m_policy.title;
        } else if (key == "id" || key == "acronym") {
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
        } else if (key == "version") {
            target = &m_policy.version;
        } else if (key == "status") {
            target = &m_policy.status;
        } else if (key == "acknowledge_within") {
            target = &m_policy.acknowledge_within;
        }
        if (target != nullptr) {
            if (is_single(entry) && !twice(entry, *target)) {
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
        std::string suggestion;
        for (const auto& [other, meant] : k_synonyms) {
            if (compact(key) == other) {
                suggestion = meant;
            }
        }
        if (suggestion.empty()) {
            suggestion = closest_match(key, known);
        }
        if (!suggestion.empty()) {
            message += "; did you mean '" + suggestion + "'?";
        }
        report(m_diagnostics, "front-matter", entry.where, message);
    }

    // `name` and `title` (or `acronym` and `id`) both given: the second is reported.
    bool twice(const MetaEntry& entry, const Field& target) {
        if (!target.present()) {
            return false;
        }
        std::string other = entry.key == "name"      ? "title"
                            : entry.key == "title"   ? "name"
                            : entry.key == "acronym" ? "id"
                            : entry.key == "id"      ? "acronym"
                                                     : "";
        if (other.empty()) {
            return false;
        }
        report(m_diagnostics, "front-matter", entry.where,
               "'" + entry.key + "' and '" + other + "' both give the policy's " +
                   (other == "title" || other == "name" ? "title" : "id") + "; keep one");
        return true;
    }

    // comply's `majorRevisions`: a list of {date, comment}; the latest date is the approval.
    void read_revisions(const MetaEntry& entry) {
        if (entry.value.kind == MetaValue::Kind::null) {
            return;
        }
        if (entry.value.kind != MetaValue::Kind::records) {
            std::string what = entry.value.kind == MetaValue::Kind::other     ? entry.value.type
                               : entry.value.kind == MetaValue::Kind::mapping ? "a mapping"
                               : entry.value.kind == MetaValue::Kind::list    ? "a list of text"
                                                                              : "one value";
            report(m_diagnostics, "front-matter", entry.value.where,
                   "'majorRevisions' must be a list of revisions, each with a 'date' and a "
                   "'comment', not " +
                       what);
            return;
        }
        std::optional<Date> latest;
        Location latest_where;
        for (const auto& record : entry.value.records) {
            const Scalar* date = nullptr;
            for (const auto& [name, value] : record) {
                if (name.text == "date") {
                    date = &value;
                } else if (name.text != "comment" && name.text != "author") {
                    report(m_diagnostics, "front-matter", name.where,
                           "unknown revision key '" + name.text +
                               "'; a revision has a 'date' and a 'comment'");
                }
            }
            if (date == nullptr) {
                report(m_diagnostics, "required-metadata",
                       record.empty() ? entry.value.where : record.front().first.where,
                       "a revision in 'majorRevisions' has no 'date'");
                continue;
            }
            auto parsed = parse_revision_date(date->text);
            if (!parsed) {
                report(m_diagnostics, "invalid-date", date->where,
                       "revision date '" + date->text +
                           "' is not a date; write it as 'Jun 1 2018' or 2018-06-01");
                continue;
            }
            if (!latest || *parsed > *latest) {
                latest = parsed;
                latest_where = date->where;
            }
        }
        if (latest && !m_policy.approved_text.present()) {
            m_policy.approved_text = {latest->iso(), latest_where};
        }
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
    std::vector<std::string> missing;
    for (const auto& [name, field] : required) {
        if (!field->present()) {
            missing.emplace_back(name);
        }
    }
    if (!policy.review_cycle.present() && !policy.next_review_text.present()) {
        missing.emplace_back("review_cycle' or 'next_review");
    }
    if (missing.empty()) {
        return;
    }
    std::string message = "missing required metadata " + quoted_list(missing);
    if (!front.delimited) {
        message += "; add " + std::string(missing.size() == 1 ? "it" : "them") +
                   " to the header above '---'";
        if (!policy.owner.present() || !policy.approver.present() ||
            (!policy.review_cycle.present() && !policy.next_review_text.present())) {
            message += " (comply headers have no owner, approver or review cycle of their own)";
        }
    }
    report(diagnostics, "required-metadata", front.opening, message);
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
    if (policy.acknowledge_within.present()) {
        policy.acknowledge_within_days = parse_acknowledge_window(policy.acknowledge_within.value);
        if (!policy.acknowledge_within_days) {
            report(diagnostics, "invalid-date", policy.acknowledge_within.where,
                   "'acknowledge_within' is not a number of days: '" +
                       policy.acknowledge_within.value +
                       "'; write it as 30, '30 days' or '2 weeks' (at most 3650 days)");
        }
    }
    if (!policy.status_known()) {
        report(diagnostics, "front-matter", policy.status.where,
               "'status' must be active, draft or retired, not '" + policy.status.value + "'");
    }
    if (policy.review_cycle.present()) {
        policy.review_cycle_months = parse_review_cycle(policy.review_cycle.value);
        if (!policy.review_cycle_months) {
            report(diagnostics, "invalid-date", policy.review_cycle.where,
                   "'review_cycle' is not a period: '" + policy.review_cycle.value +
                       "'; write it as '12 months', '2 years', 'annual' or 'biennial'");
        }
    }
}

void check_headings(const Policy& policy, const Location& fallback, const ParseOptions& options,
                    Diagnostics& diagnostics) {
    Location missing_at = policy.headings.empty() ? fallback : policy.headings.front().where;
    std::vector<std::vector<std::string>> have;
    have.reserve(policy.headings.size());
    for (const auto& heading : policy.headings) {
        have.push_back(heading_parts(heading.text));
    }
    std::vector<std::string> missing;
    std::vector<const Heading*> reported_empty;
    for (const auto& wanted : options.required_headings) {
        auto accepted = accepted_headings(wanted, options.heading_aliases);
        const Heading* found = nullptr;
        for (size_t i = 0; i < have.size() && found == nullptr; ++i) {
            for (const auto& part : have[i]) {
                if (std::find(accepted.begin(), accepted.end(), part) != accepted.end()) {
                    found = &policy.headings[i];
                    break;
                }
            }
        }
        if (found == nullptr) {
            missing.push_back(std::string(trim(wanted.substr(0, wanted.find('|')))));
        } else if (!found->has_content && std::find(reported_empty.begin(), reported_empty.end(),
                                                    found) == reported_empty.end()) {
            reported_empty.push_back(found);
            report(diagnostics, "empty-section", found->where,
                   "section '" + found->text + "' is empty");
        }
    }
    if (!missing.empty()) {
        report(diagnostics, "missing-heading", missing_at,
               std::string(missing.size() == 1 ? "missing required heading "
                                               : "missing required headings ") +
                   quoted_list(missing));
    }
}

} // namespace

bool heading_matches(std::string_view heading, std::string_view wanted) {
    auto accepted = accepted_headings(std::string(wanted), {});
    for (const auto& part : heading_parts(heading)) {
        if (std::find(accepted.begin(), accepted.end(), part) != accepted.end()) {
            return true;
        }
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
    if (options.body || front.syntax == Syntax::none) {
        Outline outline = scan_markdown(text, front.body, index, path);
        policy.headings = std::move(outline.headings);
        policy.links = std::move(outline.links);
        policy.anchors = std::move(outline.anchors);
    }
    Location body_start = index.locate(path, front.body);
    if (front.syntax == Syntax::none) {
        Location start{path, 1, 1};
        for (const auto& heading : policy.headings) {
            if (heading.level == 1 && !heading.text.empty()) {
                policy.title = {heading.text, heading.where};
                break;
            }
        }
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
    if (policy.satisfies.empty() && options.body) {
        // Without explicit claims, the regulations the text cites are what it addresses.
        policy.satisfies = find_citations(text, front.body, index, path);
    }
    check_dates(policy, diagnostics);
    if (options.body) {
        check_headings(policy, body_start, options, diagnostics);
    }
    std::stable_sort(
        diagnostics.begin(), diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
            return std::tie(a.where.line, a.where.column) < std::tie(b.where.line, b.where.column);
        });
    return result;
}

} // namespace attest::policy
