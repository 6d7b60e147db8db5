#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>

#include <attest/core/fs.hpp>
#include <attest/core/text.hpp>
#include <attest/policy/check.hpp>
#include <attest/policy/report.hpp>
#include <attest/policy/rules.hpp>

#include "commands.hpp"
#include "output.hpp"

namespace attest::cli {

namespace policy_command {
namespace {

namespace fs = std::filesystem;
using policy::CheckOptions;
using policy::Report;

// What a policy command reads: the paths given, or the workspace's policy folder.
struct Scope {
    std::vector<std::string> paths;
    std::vector<std::string> disable;
};

// Builds the check options from the workspace (when there is one) and the command line.
CheckOptions check_options(Context& context, const Scope& scope) {
    CheckOptions options;
    options.display_base = fs::current_path();
    options.today = context.clock().today();
    if (const char* threads = std::getenv("ATTEST_POLICY_THREADS"); threads != nullptr) {
        options.threads = static_cast<unsigned>(std::strtoul(threads, nullptr, 10));
    }
    auto layout = context.try_layout();
    if (layout) {
        const auto& config = context.config();
        options.settings = config.policy;
        options.workspace = layout->root;
        options.root = layout->root / config.policy.dir;
        options.coverage =
            config.policy.coverage.empty() ? config.checklists : config.policy.coverage;
    }
    for (const auto& rule : scope.disable) {
        if (policy::find_rule(rule) == nullptr) {
            auto suggestion = closest_match(rule, policy::rule_ids());
            throw Failure(Error{ErrorKind::invalid_input, "--disable: unknown rule '" + rule + "'",
                                std::nullopt,
                                suggestion.empty() ? "'attest policy rules' lists the rules"
                                                   : "did you mean '" + suggestion + "'?"});
        }
        options.disabled.push_back(rule);
    }
    if (scope.paths.empty()) {
        if (!layout) {
            throw Failure(Error{ErrorKind::not_found,
                                "no policies to check: not in a workspace and no PATH given",
                                std::nullopt,
                                "pass the policy folder ('attest policy check policies/') or run "
                                "inside a workspace (a folder with attest.toml)"});
        }
        std::error_code ec;
        if (!fs::is_directory(options.root, ec)) {
            throw Failure(Error{ErrorKind::not_found,
                                "the policy folder " + options.root.string() + " does not exist",
                                std::nullopt,
                                "create it, or set [policy] dir in " + layout->config().string()});
        }
        options.paths.push_back(options.root);
    } else {
        for (const auto& path : scope.paths) {
            std::error_code ec;
            if (!fs::exists(path, ec)) {
                throw Failure(Error{ErrorKind::not_found, "no such file or folder: " + path,
                                    std::nullopt,
                                    "check the path, or run without paths to check the "
                                    "workspace's policy folder"});
            }
            options.paths.emplace_back(path);
        }
        // Checking part of the manual cannot tell whether the whole manual covers a checklist.
        options.check_coverage = false;
        if (!layout) {
            options.root = options.paths.size() == 1 && fs::is_directory(options.paths[0])
                               ? options.paths[0]
                               : fs::current_path();
        }
    }
    if (options.root.is_relative()) {
        options.root = fs::current_path() / options.root;
    }
    for (auto& path : options.paths) {
        if (path.is_relative()) {
            path = fs::current_path() / path;
        }
    }
    const auto& catalog = context.catalog();
    if (options.coverage.empty()) {
        options.coverage = catalog.ids();
    }
    for (const auto& id : options.coverage) {
        if (catalog.find(id) == nullptr) {
            auto suggestions = closest_matches(id, catalog.ids());
            throw Failure(
                Error{ErrorKind::invalid_input,
                      "checklist '" + id + "' named in attest.toml is not available", std::nullopt,
                      suggestions.empty() ? "'attest checklist list' shows the checklists"
                                          : "did you mean " + join(suggestions, ", ") + "?"});
        }
    }
    return options;
}

Report run(Context& context, const CheckOptions& options) {
    return value_or_throw(policy::check_policies(options, context.catalog()));
}

void print_text(Context& context, std::ostream& out, const Report& report) {
    for (const auto& d : report.diagnostics) {
        std::string where = d.where.path;
        if (d.where.line > 0) {
            where += ':' + std::to_string(d.where.line);
            if (d.where.column > 0) {
                where += ':' + std::to_string(d.where.column);
            }
        }
        bool error = d.severity == Severity::error;
        out << context.style(where, "1") << ": "
            << context.style(std::string(to_string(d.severity)) + ":", error ? "1;31" : "1;33")
            << ' ' << d.message << " [" << d.rule << "]\n";
    }
    out << policy::summary_line(report) << '\n';
}

// In a GitHub Actions job, the whole report goes to the job summary as Markdown, since the
// annotations are capped.
void append_step_summary(const Report& report) {
    const char* path = std::getenv("GITHUB_STEP_SUMMARY");
    if (path == nullptr || *path == '\0') {
        return;
    }
    std::ofstream file(path, std::ios::app);
    if (file) {
        policy::write_github_summary(file, report);
        file.flush();
    }
    if (!file) {
        throw Failure(
            Error{ErrorKind::io,
                  std::string("cannot write the job summary to ") + path + " (GITHUB_STEP_SUMMARY)",
                  std::nullopt, "check that the file's folder exists and is writable"});
    }
}

struct CheckCommand {
    Scope scope;
    std::string format;
    std::string output;
    bool strict = false;
};

int run_check(const CheckCommand& command, Context& context) {
    std::string format = command.format;
    if (format.empty()) {
        format = context.format() == Format::json ? "json" : "text";
    }
    auto options = check_options(context, command.scope);
    auto report = run(context, options);
    std::ostringstream rendered;
    if (format == "json") {
        policy::write_json(rendered, report, options.today);
    } else if (format == "sarif") {
        policy::write_sarif(rendered, report);
    } else if (format == "junit") {
        policy::write_junit(rendered, report,
                            command.strict ? policy::Strict::yes : policy::Strict::no);
    } else if (format == "github") {
        policy::write_github(rendered, report);
        append_step_summary(report);
    } else if (command.output.empty()) {
        print_text(context, context.out, report);
    } else {
        policy::write_text(rendered, report);
    }
    if (command.output.empty()) {
        context.out << rendered.str();
    } else {
        value_or_throw(write_file_atomic(command.output, rendered.str()));
        if (!context.options.quiet) {
            print_text(context, context.out, report);
        }
    }
    bool failed = report.count(Severity::error) > 0 ||
                  (command.strict && report.count(Severity::warning) > 0);
    return code(failed ? ExitCode::findings : ExitCode::ok);
}

int run_list(const Scope& scope, Context& context) {
    auto options = check_options(context, scope);
    options.check_coverage = false;
    auto report = run(context, options);
    std::vector<Row> rows;
    nlohmann::json json = nlohmann::json::array();
    for (const auto& p : report.policies) {
        std::vector<std::string> satisfies;
        for (const auto& requirement : p.satisfies) {
            satisfies.push_back(requirement.prefix.empty() ? requirement.written
                                                           : requirement.text());
        }
        std::string status(
            policy::review_status(p, options.today, options.settings.review_warning_days));
        auto due = p.due();
        rows.push_back({p.id.value, p.title.value, p.owner.value,
                        p.approved ? p.approved->iso() : p.approved_text.value,
                        due ? due->iso() : "", status, join(satisfies, " "), p.path});
        auto item = policy::to_json(p);
        item["status"] = status;
        json.push_back(item);
    }
    emit(context,
         {"ID", "TITLE", "OWNER", "APPROVED", "NEXT_REVIEW", "STATUS", "SATISFIES", "PATH"}, rows,
         json);
    size_t errors = report.count(Severity::error);
    if (errors > 0 && !context.options.quiet) {
        context.err << "attest: note: " << errors << (errors == 1 ? " problem" : " problems")
                    << " in the policies; run 'attest policy check' for details\n";
    }
    return code(ExitCode::ok);
}

struct CoverageCommand {
    std::string checklist;
    bool uncovered = false;
};

int run_coverage(const CoverageCommand& command, Context& context) {
    auto options = check_options(context, {});
    if (!command.checklist.empty()) {
        if (context.catalog().find(command.checklist) == nullptr) {
            auto suggestions = closest_matches(command.checklist, context.catalog().ids());
            throw Failure(Error{
                ErrorKind::not_found, "unknown checklist '" + command.checklist + "'", std::nullopt,
                suggestions.empty() ? "'attest checklist list' shows the checklists"
                                    : "did you mean " + join(suggestions, ", ") + "?"});
        }
        options.coverage = {command.checklist};
    }
    auto report = run(context, options);
    std::vector<Row> rows;
    nlohmann::json json = nlohmann::json::array();
    struct Tally {
        size_t required = 0;
        size_t covered = 0;
        size_t not_applicable = 0;
    };
    std::vector<std::pair<std::string, Tally>> tallies;
    for (const auto& row : report.coverage) {
        const auto& id = row.entry->checklist.id;
        if (tallies.empty() || tallies.back().first != id) {
            tallies.push_back({id, {}});
        }
        auto& tally = tallies.back().second;
        ++tally.required;
        tally.covered += row.covered_by.empty() ? 0 : 1;
        tally.not_applicable += row.covered_by.empty() && row.not_applicable ? 1 : 0;
        bool uncovered = row.covered_by.empty() && !row.not_applicable;
        if (command.uncovered && !uncovered) {
            continue;
        }
        std::vector<std::string> by;
        nlohmann::json covers = nlohmann::json::array();
        for (const auto& cover : row.covered_by) {
            by.push_back(cover.via.empty() ? cover.policy : cover.policy + " (" + cover.via + ")");
            covers.push_back({{"policy", cover.policy}, {"via", or_null(cover.via)}});
        }
        std::string status = !row.covered_by.empty() ? "covered"
                             : row.not_applicable    ? "not applicable"
                                                     : "UNCOVERED";
        rows.push_back({id, row.item->id, status, row.item->title, join(by, ", ")});
        json.push_back({{"checklist", id},
                        {"item", row.item->id},
                        {"title", row.item->title},
                        {"status", status == "UNCOVERED" ? "uncovered" : status},
                        {"covered_by", covers}});
    }
    emit(context, {"CHECKLIST", "ITEM", "STATUS", "TITLE", "COVERED_BY"}, rows, json);
    if (context.format() == Format::table && !context.options.quiet) {
        context.out << '\n';
        for (const auto& [id, tally] : tallies) {
            context.out << id << ": " << tally.covered << " of " << tally.required
                        << " items that need a policy are covered";
            if (tally.not_applicable > 0) {
                context.out << ", " << tally.not_applicable << " not applicable";
            }
            context.out << '\n';
        }
    }
    return code(ExitCode::ok);
}

int run_rules(Context& context) {
    std::vector<config::RuleSetting> settings;
    if (context.try_layout()) {
        settings = context.config().policy.rules;
    }
    std::vector<Row> rows;
    nlohmann::json json = nlohmann::json::array();
    for (const auto& rule : policy::rules()) {
        std::string severity(to_string(rule.severity));
        for (const auto& setting : settings) {
            if (setting.rule == rule.id) {
                severity = setting.severity ? std::string(to_string(*setting.severity)) : "off";
            }
        }
        std::string scope = rule.scope == policy::RuleScope::file ? "file" : "manual";
        rows.push_back({std::string(rule.id), severity, std::string(to_string(rule.severity)),
                        scope, std::string(rule.summary)});
        json.push_back({{"id", rule.id},
                        {"severity", severity},
                        {"default", to_string(rule.severity)},
                        {"scope", scope},
                        {"summary", rule.summary}});
    }
    emit(context, {"RULE", "SEVERITY", "DEFAULT", "SCOPE", "CHECKS"}, rows, json);
    return code(ExitCode::ok);
}

} // namespace
} // namespace policy_command

void register_policy(CLI::App& app, Context& context, int& exit_code) {
    using namespace policy_command;
    auto* group = app.add_subcommand("policy", "Check the policy manual: metadata, review dates, "
                                               "headings, requirements, links, coverage");
    group->require_subcommand(1);
    group->footer("Policies are Markdown files with YAML (---) or TOML (+++) front matter; see "
                  "docs/policy-format.md and 'man attest-policy'.");

    auto check = std::make_shared<CheckCommand>();
    auto* check_app = group->add_subcommand(
        "check", "Check policies; exit 1 on errors (and warnings with --strict)");
    check_app->add_option("PATH", check->scope.paths,
                          "Policy files or folders (default: the workspace's policy folder; "
                          "coverage is checked only then)");
    check_app->add_option("--format", check->format, "Report format (default: text)")
        ->check(CLI::IsMember({"text", "json", "sarif", "junit", "github"}));
    check_app->add_option("-o,--output", check->output,
                          "Write the report to FILE (atomically); the text report still goes to "
                          "stdout unless --quiet");
    check_app->add_flag("--strict", check->strict, "Warnings fail the check too");
    check_app->add_option("--disable", check->scope.disable, "Turn a rule off for this run")
        ->type_name("RULE");
    check_app->footer(
        "Examples:\n"
        "  attest policy check                                # the workspace's policy folder\n"
        "  attest policy check policies/privacy/PRIV-100.md   # one file (no coverage check)\n"
        "  attest policy check --format sarif -o attest.sarif # for GitHub/GitLab code scanning\n"
        "  attest policy check --format junit -o policy-junit.xml\n"
        "  attest policy check --format github                # annotations in a GitHub job;\n"
        "                                                     # all findings in "
        "$GITHUB_STEP_SUMMARY\n"
        "  attest policy check --strict --today 2026-12-01\n"
        "Findings print as path:line:col: error|warning: message [rule], then a summary.\n"
        "Exit codes: 0 clean (warnings allowed unless --strict), 1 findings, 2 bad usage or "
        "configuration.");
    check_app->callback([=, &context, &exit_code] { exit_code = run_check(*check, context); });

    auto list_scope = std::make_shared<Scope>();
    auto* list = group->add_subcommand(
        "list", "Every policy with owner, approval, next review and what it satisfies");
    list->add_option("PATH", list_scope->paths,
                     "Policy files or folders (default: the workspace's)");
    list->footer("Examples:\n"
                 "  attest policy list\n"
                 "  attest policy list --format csv > policies.csv\n"
                 "  attest policy list --format json | jq '.[] | select(.status == \"overdue\")'");
    list->callback([=, &context, &exit_code] { exit_code = run_list(*list_scope, context); });

    auto coverage = std::make_shared<CoverageCommand>();
    auto* coverage_app = group->add_subcommand(
        "coverage", "Per checklist, the items that need a policy and the policies covering them");
    coverage_app->add_option("--checklist", coverage->checklist, "Only this checklist");
    coverage_app->add_flag("--uncovered", coverage->uncovered, "Only items no policy covers");
    coverage_app->footer("Examples:\n"
                         "  attest policy coverage\n"
                         "  attest policy coverage --checklist hipaa-security\n"
                         "  attest policy coverage --uncovered --format csv");
    coverage_app->callback(
        [=, &context, &exit_code] { exit_code = run_coverage(*coverage, context); });

    auto* rules_app =
        group->add_subcommand("rules", "The rules with their ids and severities in this workspace");
    rules_app->footer("Examples:\n  attest policy rules\n  attest policy rules --format json");
    rules_app->callback([&context, &exit_code] { exit_code = run_rules(context); });

    register_policy_ack(*group, context, exit_code);
}

} // namespace attest::cli
