#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <attest/config/credentials.hpp>
#include <attest/core/diagnostic.hpp>

namespace attest::config {

// A string from attest.toml with the place it was written, so later messages can point at it.
struct Located {
    std::string value;
    Location where;
};

// A `[policy.rules]` entry: a rule's severity for this workspace, or off when empty.
struct RuleSetting {
    std::string rule;
    std::optional<Severity> severity;
    Location where;
};

// A `[policy.folders."PATH"]` table: rules turned off for every policy under PATH (relative
// to the policy folder).
struct FolderSetting {
    std::string path;
    std::vector<Located> disable;
    Location where;
};

// How `attest policy check` reads and judges the policy manual: the `[policy]` table.
struct PolicySettings {
    // Where the policy manual lives, relative to the workspace.
    std::string dir = "policies";
    // Headings every policy must have, each non-empty; "A|B" accepts either spelling.
    std::vector<std::string> required_headings = {
        "Purpose", "Scope", "Policy", "Procedures", "Responsibilities", "References"};
    // A review due within this many days is a warning.
    int review_warning_days = 90;
    // Days staff have to acknowledge a policy's current version, counted from its approval (or
    // their hire date, when later), unless its front matter sets `acknowledge_within`.
    int acknowledge_within_days = 30;
    // Files larger than this are reported and not parsed.
    int max_file_mib = 16;
    // Glob patterns (relative to the policy folder) of Markdown files that are not policies.
    std::vector<std::string> exclude;
    // The checklists whose needs_policy items must be covered; empty means `[checklists] use`.
    std::vector<std::string> coverage;
    // Where attest.toml chooses each checklist coverage is checked against (`[policy] coverage`,
    // else `[checklists] use`): coverage findings about a checklist kept outside the workspace
    // point here. `selected_default` is where a workspace using every checklist says so.
    std::vector<Located> selected;
    Location selected_default;
    // Other headings accepted for a required heading, by the required heading's first spelling:
    // `[policy.heading_aliases] Procedures = ["Process", "Guidelines"]`.
    std::vector<std::pair<std::string, std::vector<std::string>>> heading_aliases;
    // Requirements (`PREFIX:ID`) that do not apply here and need no policy.
    std::vector<Located> not_applicable;
    std::vector<RuleSetting> rules;
    std::vector<FolderSetting> folders;
};

// How the journal is anchored and checked: the `[journal]` table. Paths are as written
// (relative ones are relative to the workspace).
struct JournalSettings {
    // Anchor files (`attest log anchor -o FILE`) that `attest verify` checks the chain against.
    std::vector<Located> anchors;
    // The PEM public keys whose signatures on anchors and packets are trusted.
    std::string trusted_keys;
    // The private key `attest log anchor` signs with when no --sign is given.
    std::string signing_key;
};

struct Config {
    // The organisation the workspace audits, shown on reports.
    std::string organization;
    // The sites audits can be run at; empty allows any site name.
    std::vector<std::string> sites;
    // The checklists this workspace uses (ids); empty means every available checklist.
    std::vector<std::string> checklists;
    // The policy manual and how it is checked.
    PolicySettings policy;
    // Credential types, roles and alert settings (credentials.hpp).
    CredentialSettings credentials;
    // Anchors and keys for verifying the journal.
    JournalSettings journal;
    // `[evidence] roots`: folders (relative to the workspace) besides the workspace itself and a
    // spreadsheet's own folder that evidence named in a spreadsheet may come from.
    std::vector<std::string> evidence_roots;
    // `[storage] url`: the database the workspace keeps its records in, a PostgreSQL connection
    // string (docs/postgresql.md); empty for the workspace's own attest.db. `storage_url_at` is
    // where attest.toml names it, for messages about it.
    std::string storage_url;
    Location storage_url_at;
};

// Parses attest.toml. Unknown tables and keys, wrong types and missing required values are
// reported with their positions; the result is empty when there is any error.
std::optional<Config> parse_config(std::string_view text, const std::string& path,
                                   Diagnostics& diagnostics);

// The checklists a new workspace starts with (`[checklists] use`) and why they were chosen
// ("a clinic", written into a comment); both empty for a workspace that uses every checklist.
struct ChosenChecklists {
    std::vector<std::string> ids;
    std::string reason;
};

// The text of a new attest.toml for an organisation and its sites, using the `chosen`
// checklists.
std::string default_config_text(const std::string& organization,
                                const std::vector<std::string>& sites,
                                const ChosenChecklists& chosen = {});

// The `[storage]` table naming the database `url`, to append to an attest.toml.
std::string storage_config_text(const std::string& url);

} // namespace attest::config
