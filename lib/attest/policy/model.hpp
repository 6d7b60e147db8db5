#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <attest/core/date.hpp>
#include <attest/core/diagnostic.hpp>

namespace attest::policy {

// How a policy's metadata is written: YAML front matter (`---`), TOML front matter (`+++`), or
// none at all (a legacy document whose metadata sits in prose).
enum class Syntax { yaml, toml, none };

std::string_view to_string(Syntax syntax);

// A metadata value as written, with its position in the file.
struct Field {
    std::string value;
    Location where;
    bool present() const { return !value.empty(); }
};

// Where a requirement reference came from: the `satisfies` list, or a citation in the prose of
// a legacy document.
enum class Origin { satisfies, prose };

// A checklist requirement a policy claims to satisfy: `PREFIX:ID` as in crosswalk links, where
// PREFIX is a checklist id or a framework (`hipaa-security:164.316(a)`, `osha:1910.1030(c)`).
struct Requirement {
    std::string prefix;
    std::string id;
    Location where;
    Origin origin = Origin::satisfies;
    // The text as written, for messages ("45 CFR 164.316(a)" for a prose citation).
    std::string written;
    std::string text() const { return prefix + ":" + id; }
};

struct Heading {
    int level = 0;
    std::string text;
    // The GitHub-style anchor (`#hand-hygiene`), unique within the document.
    std::string anchor;
    Location where;
    // True when any text or image follows before the next heading of the same or a higher level.
    bool has_content = false;
};

// A link or image target in the body and where it is written.
struct Link {
    std::string target;
    Location where;
    bool image = false;
};

// One policy document as read from its file.
struct Policy {
    // The path as shown in messages.
    std::string path;
    // The file on disk, for resolving relative links.
    std::filesystem::path file;
    Syntax syntax = Syntax::none;
    // False when the file could not be read as a policy at all (binary, unclosed front matter).
    bool readable = true;

    Field id;
    Field title;
    Field owner;
    Field approver;
    Field approved_text;
    Field next_review_text;
    Field review_cycle;
    std::optional<Date> approved;
    std::optional<Date> next_review;
    std::optional<int> review_cycle_months;
    // The version as written (`version: 3.2`); with the approval date it names the version in
    // force, which staff acknowledge.
    Field version;
    // `status: retired` takes a policy out of force (no acknowledgements are due or taken);
    // `active` (the default) and `draft` are the other values.
    Field status;
    // Who must acknowledge the version in force: role ids, or the one value `all`.
    std::vector<Field> acknowledge;
    // `acknowledge_within: 30` (days, or "30 days"); absent means the workspace default.
    Field acknowledge_within;
    std::optional<int> acknowledge_within_days;

    std::vector<Requirement> satisfies;
    // Rule ids the front matter turns off for this file.
    std::vector<Field> disable;
    std::vector<Heading> headings;
    // Anchors the document declares besides its headings' (`<a name="x">`, `{#x}`).
    std::vector<std::string> anchors;
    std::vector<Link> links;

    // When the next review is due: next_review when given, else approved plus review_cycle.
    std::optional<Date> due() const;
    // Where messages about the review date point.
    Location due_where() const;
    // The policy's id, else its file name, for listings and coverage.
    std::string label() const;
    // True when `status: retired`.
    bool retired() const;
    // False when `status` is given and is none of active, draft and retired.
    bool status_known() const;
};

// Where a policy's review stands on `today`: "overdue", "due soon" (within `warning_days`),
// "ok", "no review date", or "unreadable" for a file that could not be read as a policy.
std::string_view review_status(const Policy& policy, const Date& today, int warning_days);

// Parses an acknowledgement window: "30", "30 days", "2 weeks". Returns the days (1 to 3650).
std::optional<int> parse_acknowledge_window(std::string_view text);

// Parses a review cycle: "12 months", "1 year", "2 years", "18 mo", "annual", "biennial",
// "P1Y", "P18M". Returns the cycle in months.
std::optional<int> parse_review_cycle(std::string_view text);

// Positions in a text: byte offsets to 1-based lines and columns counted in Unicode code points,
// as editors and SARIF (`unicodeCodePoints`) count them.
class LineIndex {
public:
    explicit LineIndex(std::string_view text);
    std::pair<int, int> position(size_t offset) const;
    Location locate(const std::string& path, size_t offset) const;
    // The byte offset where a 1-based line starts (the end of the text past the last line).
    size_t line_start(int line) const;
    int lines() const { return static_cast<int>(m_starts.size()); }

private:
    std::string_view m_text;
    std::vector<size_t> m_starts;
    // The last position found, which the next one on the same line counts on from. A LineIndex
    // belongs to one file read by one thread.
    mutable size_t m_last_line = 0;
    mutable size_t m_last_offset = 0;
    mutable int m_last_column = 1;
};

} // namespace attest::policy
