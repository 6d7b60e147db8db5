#include <ostream>

#include <attest/access/access.hpp>
#include <attest/core/text.hpp>

#include "commands.hpp"
#include "output.hpp"

namespace attest::cli {

namespace access_command {
namespace {

// A login, and the site and role a grant gives or a revoke takes away.
struct GrantOptions {
    std::string user;
    std::string site;
    std::string role;
};
using RevokeOptions = GrantOptions;

struct ListOptions {
    std::string user;
};

// The store, once it is known to enforce access: a SQLite workspace is refused before its
// database is opened, so nothing about it changes.
storage::Store& access_store(Context& context) {
    if (workspace::store_url(context.layout(), context.config()).starts_with("sqlite:")) {
        throw Failure(access::needs_postgres());
    }
    return context.store();
}

// "an officer at North", "an admin of every site".
std::string role_text(const std::string& role, const std::string& site) {
    std::string article = role == "officer" || role == "admin" ? "an " : "a ";
    return article + role + (site.empty() ? " of every site" : " at " + terminal_safe(site));
}

int run_grant(const GrantOptions& options, Context& context) {
    auto request = value_or_throw(
        access::check_grant(options.user, options.site, options.role, context.config().sites));
    auto& store = access_store(context);
    storage::Transaction transaction(store);
    auto granted =
        value_or_throw(access::grant(store, context.clock(), context.actor(), std::move(request)));
    transaction.commit();
    const auto& grant = granted.grant;
    if (context.format() == Format::json) {
        auto json = access::grant_json(grant);
        json["changed"] = granted.changed;
        json["previous_role"] = or_null(granted.previous_role.value_or(""));
        print_json(context.out, json);
    } else if (!context.options.quiet) {
        auto who = terminal_safe(grant.login);
        if (!granted.changed) {
            context.out << who << " is already " << role_text(grant.role, grant.site)
                        << "; nothing changed\n";
        } else if (granted.previous_role) {
            context.out << who << " was " << role_text(*granted.previous_role, grant.site)
                        << "; now " << role_text(grant.role, grant.site) << '\n';
        } else {
            context.out << who << " is now " << role_text(grant.role, grant.site) << '\n';
        }
    }
    return code(ExitCode::ok);
}

int run_revoke(const RevokeOptions& options, Context& context) {
    auto& store = access_store(context);
    storage::Transaction transaction(store);
    auto removed = value_or_throw(access::revoke(store, context.clock(), context.actor(),
                                                 options.user, options.site, options.role));
    transaction.commit();
    if (context.format() == Format::json) {
        nlohmann::json json = nlohmann::json::array();
        for (const auto& grant : removed) {
            json.push_back(access::grant_json(grant));
        }
        print_json(context.out, {{"user", options.user}, {"removed", json}});
    } else if (!context.options.quiet) {
        std::vector<std::string> roles;
        for (const auto& grant : removed) {
            roles.push_back(role_text(grant.role, grant.site));
        }
        context.out << terminal_safe(options.user) << " is no longer " << join(roles, ", ") << '\n';
    }
    return code(ExitCode::ok);
}

int run_list(const ListOptions& options, Context& context) {
    auto& store = access_store(context);
    auto* control = value_or_throw(access::control_of(store));
    std::vector<Row> rows;
    nlohmann::json json = nlohmann::json::array();
    for (const auto& grant : control->grants()) {
        if (!options.user.empty() && grant.login != options.user) {
            continue;
        }
        rows.push_back({grant.login, Cell(grant.site, grant.site.empty() ? "(every site)" : ""),
                        grant.role, grant.granted_by, grant.granted_at});
        if (!grant.site.empty()) {
            rows.back()[1].display.reset();
        }
        json.push_back(access::grant_json(grant));
    }
    if (rows.empty() && context.format() == Format::table) {
        if (!context.options.quiet) {
            const auto& who = control->identity();
            context.out << (who.bound && !who.admin
                                ? "You (" + terminal_safe(who.login) + ") hold no grant.\n"
                                : std::string("No one holds a grant yet; the database's owner "
                                              "and superusers see everything.\n"));
        }
        return code(ExitCode::ok);
    }
    emit(context, {"USER", "SITE", "ROLE", "GRANTED BY", "GRANTED AT"}, rows, json);
    return code(ExitCode::ok);
}

} // namespace
} // namespace access_command

void register_access(CLI::App& app, Context& context, int& exit_code) {
    using namespace access_command;
    auto* group =
        app.add_subcommand("access", "Who may see and change which site (PostgreSQL workspaces)");
    group->require_subcommand(1);
    group->footer(
        "In a workspace kept in PostgreSQL the database itself enforces sites and roles, with\n"
        "database roles, grants and row-level security, so no client gets around them: an\n"
        "officer records and changes their sites' audits, evidence, staff and credentials, a\n"
        "viewer reads their sites, an admin reads every site and manages access. Each person\n"
        "connects with their own login, which the journal records as the actor. A SQLite\n"
        "workspace is one person's file: these commands refuse it. See docs/access.md.");

    auto grant_options = std::make_shared<GrantOptions>();
    auto* grant = group->add_subcommand("grant", "Make a login an officer or viewer at a site, "
                                                 "or an admin");
    grant->add_option("user", grant_options->user, "The person's PostgreSQL login")->required();
    grant->add_option("--site", grant_options->site,
                      "The site (one of attest.toml's sites); not for --role admin");
    grant->add_option("--role", grant_options->role, "officer, viewer or admin")->required();
    grant->footer("A login has one role at a site; granting another replaces it. The login must\n"
                  "exist first (createuser). Only an admin or the database's owner grants.\n\n"
                  "Examples:\n  attest access grant nurse_ann --site North --role officer\n"
                  "  attest access grant surveyor_liaison --site Main --role viewer\n"
                  "  attest access grant compliance_dir --role admin");
    grant->callback(
        [grant_options, &context, &exit_code] { exit_code = run_grant(*grant_options, context); });

    auto revoke_options = std::make_shared<RevokeOptions>();
    auto* revoke = group->add_subcommand("revoke", "Take a login's grants away");
    revoke->add_option("user", revoke_options->user, "The person's PostgreSQL login")->required();
    revoke->add_option("--site", revoke_options->site, "Only the grant at this site");
    revoke->add_option("--role", revoke_options->role, "Only grants of this role");
    revoke->footer("Without --site or --role every grant of the login goes; its database roles\n"
                   "follow, so it can no longer read or change anything.\n\n"
                   "Examples:\n  attest access revoke nurse_ann --site North\n"
                   "  attest access revoke compliance_dir --role admin\n"
                   "  attest access revoke former_officer");
    revoke->callback([revoke_options, &context, &exit_code] {
        exit_code = run_revoke(*revoke_options, context);
    });

    auto list_options = std::make_shared<ListOptions>();
    auto* list = group->add_subcommand("list", "List the grants (an admin sees all, others "
                                               "their own)");
    list->add_option("--user", list_options->user, "Only this login's grants");
    list->footer("Examples:\n  attest access list\n  attest access list --user nurse_ann\n"
                 "  attest access list --format csv");
    list->callback(
        [list_options, &context, &exit_code] { exit_code = run_list(*list_options, context); });
}

} // namespace attest::cli
