#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <attest/checklist/catalog.hpp>
#include <attest/config/config.hpp>
#include <attest/core/date.hpp>
#include <attest/core/diagnostic.hpp>
#include <attest/core/error.hpp>
#include <attest/policy/model.hpp>

namespace attest::policy {

// What one run of `attest policy check` reads and how it judges it.
struct CheckOptions {
    // Files and folders to read; folders are read recursively for *.md and *.markdown files,
    // skipping hidden ones.
    std::vector<std::filesystem::path> paths;
    // The policy folder: `[policy.folders]` and `exclude` patterns are relative to it.
    std::filesystem::path root;
    // Paths in messages are shown relative to this folder when they are under it.
    std::filesystem::path display_base;
    // The workspace folder: links starting with '/' resolve against it (else against `root`).
    std::filesystem::path workspace;
    config::PolicySettings settings;
    // Checklist ids whose needs_policy items must be covered by some policy.
    std::vector<std::string> coverage;
    // False skips coverage (when only part of the manual is read).
    bool check_coverage = true;
    // Rules turned off for this run (`--disable`).
    std::vector<std::string> disabled;
    Date today;
    // Worker threads for reading and parsing; 0 picks one per core.
    unsigned threads = 0;
};

// A policy that covers a checklist item, and how: directly, through a broader citation
// (`via hipaa-security:164.308`), or through a crosswalk link.
struct Cover {
    std::string policy;
    std::string via;
};

// One needs_policy item of a covered checklist and the policies that satisfy it.
struct CoverageItem {
    const checklist::Entry* entry = nullptr;
    const checklist::Item* item = nullptr;
    std::vector<Cover> covered_by;
    // Listed in `[policy] not_applicable`.
    bool not_applicable = false;
};

// A rule turned off for this run, where it was turned off, and how many findings that hid.
struct DisabledRule {
    std::string rule;
    // "attest.toml", "--disable", "folder drafts/" or "front matter".
    std::string where;
    size_t files = 0;
    size_t hidden = 0;
};

struct Report {
    std::vector<Policy> policies;
    // Markdown files under the folders read that are not policies: repository files such as
    // README.md and files matching `[policy] exclude`.
    std::vector<std::string> skipped;
    // Every finding, sorted by path, line and column; coverage findings point into checklists.
    Diagnostics diagnostics;
    std::vector<CoverageItem> coverage;
    bool coverage_checked = false;
    std::vector<DisabledRule> disabled;

    size_t count(Severity severity) const;
    // The number of distinct files with at least one finding.
    size_t files_with_findings() const;
};

// Reads every policy under `options.paths` and checks it: the file-local rules of
// parse_policy, then review dates against `options.today`, requirements against the catalog
// (with a did-you-mean for near misses), relative links and their anchors, unique ids across
// the manual, and coverage of the needs_policy items of `options.coverage`. Rules turned off
// in configuration, in a file's front matter, for a folder, or with `disabled` are dropped and
// listed in Report::disabled; configured severities are applied. Fails (nothing checked) when
// a path does not exist.
Result<Report> check_policies(const CheckOptions& options, const checklist::Catalog& catalog);

// The one-line summary printed after the findings:
// "26 policies checked: 9 errors, 3 warnings in 7 files; disabled: review-due-soon (attest.toml)".
std::string summary_line(const Report& report);

} // namespace attest::policy
