#include <algorithm>
#include <atomic>
#include <map>
#include <set>
#include <unordered_map>

#include <attest/core/text.hpp>
#include <attest/core/workers.hpp>
#include <attest/policy/check.hpp>
#include <attest/policy/coverage.hpp>
#include <attest/policy/files.hpp>
#include <attest/policy/links.hpp>
#include <attest/policy/overrides.hpp>
#include <attest/policy/parser.hpp>
#include <attest/policy/requirements.hpp>
#include <attest/policy/rules.hpp>

namespace attest::policy {

namespace fs = std::filesystem;

namespace {

using checklist::Catalog;

void report(Diagnostics& diagnostics, std::string_view rule, Location where, std::string message) {
    const Rule* found = find_rule(rule);
    diagnostics.push_back({found != nullptr ? found->severity : Severity::error, std::move(where),
                           std::move(message), std::string(rule)});
}

std::string megabytes(size_t bytes) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f MiB", static_cast<double>(bytes) / 1048576.0);
    return buffer;
}

// Per-file work: everything a worker thread can check on its own.
struct FileResult {
    Parsed parsed;
    std::vector<Claim> claims;
    std::vector<PendingAnchor> anchors;
};

void check_dates(const CheckOptions& options, FileResult& result) {
    auto& policy = result.parsed.policy;
    auto& diagnostics = result.parsed.diagnostics;
    const Date& today = options.today;
    if (policy.approved && *policy.approved > today) {
        report(diagnostics, "approval-in-future", policy.approved_text.where,
               "approval date " + policy.approved->iso() + " is in the future (today is " +
                   today.iso() + ")");
    }
    auto due = policy.due();
    if (!due) {
        return;
    }
    int days = today.days_until(*due);
    std::string how;
    if (!policy.next_review && policy.approved && policy.review_cycle_months) {
        how = " (approved " + policy.approved->iso() + ", review cycle " +
              policy.review_cycle.value + ")";
    }
    if (days < 0) {
        report(diagnostics, "review-overdue", policy.due_where(),
               "review overdue: the next review was due " + due->iso() + ", " +
                   std::to_string(-days) + (days == -1 ? " day" : " days") + " ago" + how);
    } else if (days <= options.settings.review_warning_days) {
        report(diagnostics, "review-due-soon", policy.due_where(),
               "review due " +
                   (days == 0 ? std::string("today")
                              : "in " + std::to_string(days) + (days == 1 ? " day" : " days")) +
                   ", on " + due->iso() + how);
    }
}

// Resolves what a policy satisfies. An explicit claim that names nothing is an
// unknown-requirement finding; claims under a framework no checklist has are reported once per
// framework and file. A prose citation that names nothing bundled is still a citation of a real
// regulation, so it is kept and not reported.
void check_requirements(const Catalog& catalog, FileResult& result) {
    struct Unknown {
        const Requirement* first = nullptr;
        std::string error;
        size_t count = 0;
    };
    std::vector<std::pair<std::string, Unknown>> unknown;
    // A document may cite the same requirement many times; resolve each one once.
    std::unordered_map<std::string, Resolved> resolved_once;
    for (const auto& requirement : result.parsed.policy.satisfies) {
        auto key = requirement.written + '\n' + requirement.text();
        auto [it, inserted] = resolved_once.emplace(key, Resolved{});
        if (inserted) {
            it->second = resolve(catalog, requirement);
            result.claims.insert(result.claims.end(), it->second.claims.begin(),
                                 it->second.claims.end());
        }
        const Resolved& resolved = it->second;
        if (resolved.error.empty() || requirement.origin == Origin::prose) {
            continue;
        }
        if (!resolved.unknown_prefix) {
            report(result.parsed.diagnostics, "unknown-requirement", requirement.where,
                   resolved.error);
            continue;
        }
        auto group = std::find_if(unknown.begin(), unknown.end(), [&](const auto& pair) {
            return pair.first == requirement.prefix;
        });
        if (group == unknown.end()) {
            unknown.push_back({requirement.prefix, {&requirement, resolved.error, 0}});
            group = std::prev(unknown.end());
        }
        ++group->second.count;
    }
    for (const auto& [prefix, group] : unknown) {
        std::string message = group.error;
        if (group.count > 1) {
            size_t more = group.count - 1;
            size_t hint = std::min(message.find("; did you mean"), message.size());
            message.insert(hint, " (as " + std::string(more == 1 ? "does " : "do ") +
                                     std::to_string(more) +
                                     (more == 1 ? " more requirement" : " more requirements") +
                                     " in this file)");
        }
        report(result.parsed.diagnostics, "unknown-requirement", group.first->where, message);
    }
}

void check_file(const CheckOptions& options, const Catalog& catalog, const fs::path& file,
                const ParseOptions& parse_options, FileResult& result, LinkCache& cache) {
    std::string shown = display_path(file, options.display_base);
    size_t limit = static_cast<size_t>(options.settings.max_file_mib) * 1048576;
    size_t size = 0;
    auto text = read_whole(file, limit, size);
    if (!text) {
        result.parsed.policy.path = shown;
        result.parsed.policy.file = file;
        result.parsed.policy.readable = false;
        std::string message =
            size > limit ? "file is " + megabytes(size) + ", larger than the " +
                               std::to_string(options.settings.max_file_mib) +
                               " MiB a policy may be (raise [policy] max_file_mib to read it)"
                         : text.error().message;
        report(result.parsed.diagnostics, "unreadable", {shown, 0, 0}, message);
        return;
    }
    result.parsed = parse_policy(*text, shown, parse_options);
    result.parsed.policy.file = file;
    if (!result.parsed.policy.readable) {
        return;
    }
    check_dates(options, result);
    check_requirements(catalog, result);
    fs::path absolute_base = options.workspace.empty() ? options.root : options.workspace;
    check_links(result.parsed.policy, absolute_base, cache, result.parsed.diagnostics,
                result.anchors);
}

// Anchors, in the same file and into other files, once every file is parsed.
void check_anchors(const std::vector<fs::path>& files, std::vector<FileResult>& results) {
    std::unordered_map<std::string, size_t> by_file;
    for (size_t i = 0; i < results.size(); ++i) {
        by_file.emplace(files[i].string(), i);
    }
    std::vector<const Policy*> manual;
    for (const auto& result : results) {
        manual.push_back(&result.parsed.policy);
    }
    for (auto& result : results) {
        for (const auto& pending : result.anchors) {
            auto found = by_file.find(pending.file.string());
            if (found == by_file.end() || !results[found->second].parsed.policy.readable) {
                continue;
            }
            const auto& target = results[found->second].parsed.policy;
            auto problem = check_anchor(pending, result.parsed.policy, target, manual);
            if (!problem.empty()) {
                report(result.parsed.diagnostics, "broken-link", pending.where, problem);
            }
        }
    }
}

void check_unique_ids(std::vector<FileResult>& results) {
    std::map<std::string, const Policy*> ids;
    for (auto& result : results) {
        const auto& policy = result.parsed.policy;
        if (!policy.id.present()) {
            continue;
        }
        auto [it, inserted] = ids.emplace(policy.id.value, &policy);
        if (!inserted) {
            const Location& first = it->second->id.where;
            report(result.parsed.diagnostics, "duplicate-id", policy.id.where,
                   "policy id '" + policy.id.value + "' is already used by " + first.path + ":" +
                       std::to_string(first.line) + ":" + std::to_string(first.column));
        }
    }
}

} // namespace

size_t Report::count(Severity severity) const {
    return static_cast<size_t>(
        std::count_if(diagnostics.begin(), diagnostics.end(),
                      [&](const Diagnostic& d) { return d.severity == severity; }));
}

size_t Report::files_with_findings() const {
    std::set<std::string> paths;
    for (const auto& diagnostic : diagnostics) {
        paths.insert(diagnostic.where.path);
    }
    return paths.size();
}

Result<Report> check_policies(const CheckOptions& options, const Catalog& catalog) {
    auto collected = collect_files(options);
    if (!collected) {
        return tl::unexpected(collected.error());
    }
    const auto& files = collected->files;
    ParseOptions parse_options{options.settings.required_headings,
                               options.settings.heading_aliases};
    std::vector<FileResult> results(files.size());
    std::atomic<size_t> next{0};
    auto work = [&] {
        LinkCache cache;
        for (size_t i = next++; i < files.size(); i = next++) {
            check_file(options, catalog, files[i], parse_options, results[i], cache);
        }
    };
    run_workers(worker_count(options.threads, files.size()), work);
    check_anchors(files, results);
    check_unique_ids(results);

    Report report_out;
    for (const auto& skipped : collected->skipped) {
        report_out.skipped.push_back(display_path(skipped, options.display_base));
    }
    Diagnostics coverage_found;
    if (options.check_coverage) {
        std::vector<PolicyClaims> claims;
        for (const auto& result : results) {
            claims.push_back({result.parsed.policy.label(), &result.claims});
        }
        check_coverage(options, catalog, claims, report_out, coverage_found);
    }

    RuleFilter filter(options);
    Diagnostics& diagnostics = report_out.diagnostics;
    for (auto& result : results) {
        filter.file(result.parsed.policy, result.parsed.diagnostics, diagnostics);
        report_out.policies.push_back(std::move(result.parsed.policy));
    }
    std::stable_sort(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& a, const Diagnostic& b) {
                         return std::tie(a.where.path, a.where.line, a.where.column) <
                                std::tie(b.where.path, b.where.line, b.where.column);
                     });
    filter.manual(coverage_found, diagnostics);
    report_out.disabled = filter.disabled();
    return report_out;
}

std::string summary_line(const Report& report) {
    size_t errors = report.count(Severity::error);
    size_t warnings = report.count(Severity::warning);
    size_t policies = report.policies.size();
    std::string line =
        std::to_string(policies) + (policies == 1 ? " policy" : " policies") + " checked";
    if (report.coverage_checked) {
        size_t covered = 0;
        size_t not_applicable = 0;
        for (const auto& row : report.coverage) {
            covered += row.covered_by.empty() ? 0 : 1;
            not_applicable += row.covered_by.empty() && row.not_applicable ? 1 : 0;
        }
        line += ", " + std::to_string(covered) + " of " +
                std::to_string(report.coverage.size() - not_applicable) + " required items covered";
        if (not_applicable > 0) {
            line += " (" + std::to_string(not_applicable) + " not applicable)";
        }
    } else {
        line += " (coverage not checked)";
    }
    if (errors == 0 && warnings == 0) {
        line += ": no problems";
    } else {
        line += ": " + std::to_string(errors) + (errors == 1 ? " error" : " errors") + ", " +
                std::to_string(warnings) + (warnings == 1 ? " warning" : " warnings") + " in " +
                std::to_string(report.files_with_findings()) +
                (report.files_with_findings() == 1 ? " file" : " files");
    }
    if (!report.disabled.empty()) {
        std::vector<std::string> parts;
        for (const auto& note : report.disabled) {
            std::string part = note.rule + " (" + note.where;
            if (note.files > 0) {
                part += ", " + std::to_string(note.files) + (note.files == 1 ? " file" : " files");
            }
            if (note.hidden > 0) {
                part += ", " + std::to_string(note.hidden) + " hidden";
            }
            parts.push_back(part + ")");
        }
        line += "; disabled: " + join(parts, ", ");
    }
    return line;
}

} // namespace attest::policy
