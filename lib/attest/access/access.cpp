#include <algorithm>

#include <attest/access/access.hpp>
#include <attest/core/json.hpp>
#include <attest/core/text.hpp>
#include <attest/journal/journal.hpp>
#include <attest/storage/refusal.hpp>

namespace attest::access {

namespace {

// PostgreSQL keeps names of up to 63 bytes (NAMEDATALEN - 1).
constexpr size_t k_max_login = 63;

nlohmann::json site_json(const std::string& site) {
    return site.empty() ? nlohmann::json(nullptr) : nlohmann::json(site);
}

} // namespace

Result<Role> parse_role(std::string_view text) {
    for (auto role : {Role::officer, Role::viewer, Role::admin}) {
        if (text == role_name(role)) {
            return role;
        }
    }
    return fail(ErrorKind::invalid_input, "unknown role '" + terminal_safe(text) + "'",
                "use officer (records and changes a site's audits, evidence, staff and "
                "credentials), viewer (reads a site) or admin (reads every site, manages access)");
}

std::string_view role_name(Role role) {
    switch (role) {
    case Role::officer:
        return "officer";
    case Role::viewer:
        return "viewer";
    case Role::admin:
        return "admin";
    }
    return "viewer";
}

Result<void> check_login(std::string_view login) {
    std::string reason;
    if (login.empty()) {
        reason = "it is empty";
    } else if (login.size() > k_max_login) {
        reason = "PostgreSQL names are at most 63 bytes";
    } else if (!is_valid_utf8(login)) {
        reason = "it is not UTF-8";
    } else if (find_control_character(login) != std::string_view::npos) {
        reason = "it holds a control character";
    } else if (login.starts_with("pg_") || to_lower(login) == "public") {
        reason = "PostgreSQL reserves it";
    }
    if (reason.empty()) {
        return {};
    }
    return fail(ErrorKind::invalid_input,
                "'" + terminal_safe(login) + "' is not a PostgreSQL login name: " + reason,
                "name the person's database login, as createuser made it");
}

Result<storage::AccessGrant> check_grant(std::string_view login, std::string_view site,
                                         std::string_view role,
                                         const std::vector<std::string>& sites) {
    if (auto checked = check_login(login); !checked) {
        return tl::unexpected(checked.error());
    }
    auto parsed = parse_role(role);
    if (!parsed) {
        return tl::unexpected(parsed.error());
    }
    if (*parsed == Role::admin) {
        if (!site.empty()) {
            return fail(ErrorKind::invalid_input,
                        "an admin's role covers the whole workspace; it is not granted at a site",
                        "leave out --site: attest access grant " + terminal_safe(login) +
                            " --role admin");
        }
    } else if (trim(site).empty()) {
        return fail(ErrorKind::invalid_input,
                    "a" + std::string(*parsed == Role::officer ? "n " : " ") +
                        std::string(role_name(*parsed)) + " is granted at a site",
                    "name it: --site NAME" +
                        (sites.empty() ? std::string() : " (sites: " + join(sites, ", ") + ")"));
    } else if (!sites.empty() && std::find(sites.begin(), sites.end(), site) == sites.end()) {
        auto near = closest_match(site, sites);
        return fail(ErrorKind::invalid_input, "unknown site '" + terminal_safe(site) + "'",
                    (near.empty() ? std::string() : "did you mean " + terminal_safe(near) + "? ") +
                        "the workspace's sites: " + terminal_safe(join(sites, ", ")) +
                        " (sites in attest.toml)");
    }
    return storage::AccessGrant{
        std::string(login), std::string(site), std::string(role_name(*parsed)), {}, {}};
}

Error needs_postgres() {
    return Error{ErrorKind::invalid_input,
                 "access control needs a workspace kept in PostgreSQL; this one is a SQLite file, "
                 "which its file permissions alone protect",
                 std::nullopt,
                 "move it to a PostgreSQL database (attest storage migrate --to postgresql://...) "
                 "or start one there (attest init --database); see docs/access.md"};
}

Result<storage::AccessControl*> control_of(storage::Store& store) {
    if (auto* control = store.access_control()) {
        return control;
    }
    return tl::unexpected(needs_postgres());
}

namespace {

// The store's access control for a change to it: refused in plain words, before the database
// would refuse it, unless the session is an admin or not bound by the database's rules.
Result<storage::AccessControl*> manager_of(storage::Store& store) {
    auto control = control_of(store);
    if (control) {
        const auto& who = (*control)->identity();
        if (who.bound && !who.admin) {
            return tl::unexpected(storage::manage_refusal(who));
        }
    }
    return control;
}

} // namespace

Result<Granted> grant(storage::Store& store, const Clock& clock, const std::string& actor,
                      storage::AccessGrant grant) {
    auto control = manager_of(store);
    if (!control) {
        return tl::unexpected(control.error());
    }
    Granted out;
    for (const auto& held : (*control)->grants()) {
        if (held.login == grant.login && held.site == grant.site) {
            out.previous_role = held.role;
        }
    }
    grant.granted_by = actor;
    grant.granted_at = clock.timestamp();
    if (out.previous_role == grant.role) {
        out.changed = false;
        out.grant = std::move(grant);
        return out;
    }
    (*control)->put_grant(grant);
    (*control)->apply_grants(grant.login);
    nlohmann::json details = {{"user", grant.login},
                              {"site", site_json(grant.site)},
                              {"role", grant.role},
                              {"previous_role", or_null(out.previous_role.value_or(""))}};
    journal::append(store, clock, {actor, "access grant", "access:" + grant.login, details.dump()});
    out.grant = std::move(grant);
    return out;
}

Result<std::vector<storage::AccessGrant>> revoke(storage::Store& store, const Clock& clock,
                                                 const std::string& actor, const std::string& login,
                                                 const std::string& site, const std::string& role) {
    if (auto checked = check_login(login); !checked) {
        return tl::unexpected(checked.error());
    }
    if (!role.empty()) {
        if (auto parsed = parse_role(role); !parsed) {
            return tl::unexpected(parsed.error());
        }
    }
    auto control = manager_of(store);
    if (!control) {
        return tl::unexpected(control.error());
    }
    std::vector<storage::AccessGrant> removed;
    for (auto& held : (*control)->grants()) {
        if (held.login == login && (site.empty() || held.site == site) &&
            (role.empty() || held.role == role)) {
            removed.push_back(std::move(held));
        }
    }
    if (removed.empty() || (*control)->remove_grants(login, site, role) == 0) {
        std::string what = terminal_safe(login) + " holds no grant" +
                           (role.empty() ? "" : " as " + role) +
                           (site.empty() ? "" : " at site " + terminal_safe(site));
        return fail(ErrorKind::not_found, what, "attest access list shows every grant");
    }
    (*control)->apply_grants(login);
    nlohmann::json sites = nlohmann::json::array();
    for (const auto& held : removed) {
        sites.push_back({{"site", site_json(held.site)}, {"role", held.role}});
    }
    nlohmann::json details = {{"user", login}, {"removed", sites}};
    journal::append(store, clock, {actor, "access revoke", "access:" + login, details.dump()});
    return removed;
}

nlohmann::json grant_json(const storage::AccessGrant& grant) {
    return {{"user", grant.login},
            {"site", site_json(grant.site)},
            {"role", grant.role},
            {"granted_by", grant.granted_by},
            {"granted_at", grant.granted_at}};
}

} // namespace attest::access
