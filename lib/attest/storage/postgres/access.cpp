#include <string>

#include <attest/storage/refusal.hpp>

#include "backend.hpp"

namespace attest::storage::postgres {

namespace {

std::string error_field(const PGresult* result, int field) {
    const char* value = result == nullptr ? nullptr : PQresultErrorField(result, field);
    return value == nullptr ? std::string{} : value;
}

// A row whose key another row holds. attest checks for the other row first, so it is one
// the login cannot see (the server then says no more than the key's name) or one another
// writer added meanwhile: either way the user chooses another key, or asks who sees it.
Error duplicate_refusal(const Identity& who, const std::string& table, const std::string& detail) {
    struct Clash {
        std::string_view table;
        std::string_view what;
        std::string_view hint;
    };
    static constexpr Clash k_clashes[] = {
        {"staff", "a member of staff with this id",
         "staff ids are one list for every site: give this person another id, or ask an admin "
         "which site holds it (attest staff show ID)"},
        {"audit", "an audit with this name",
         "audit names are one list for every site: choose another name (adding your site's "
         "name to it, for instance)"},
    };
    std::string what = "a record of " + rows_noun(table) + " with the same key";
    std::string hint = "ask an admin which site holds it, or use another key";
    for (const auto& clash : k_clashes) {
        if (clash.table == table) {
            what = clash.what;
            hint = clash.hint;
        }
    }
    std::string message = what + " is already recorded";
    if (who.bound && !who.admin) {
        message += " at a site you (" + who.login + ") cannot see; " + describe_grants(who);
    } else if (!detail.empty()) {
        message += ": " + detail;
    }
    return Error{ErrorKind::conflict, terminal_safe(message + "; nothing was changed"),
                 std::nullopt, std::string(hint)};
}

} // namespace

void PostgresStore::load_identity() {
    auto rows = m_db->run(
        "SELECT w.login, w.bound, w.admin, g.kind, g.site FROM attest_whoami() w LEFT JOIN "
        "LATERAL (SELECT 'officer' AS kind, unnest(w.officer) AS site UNION ALL SELECT "
        "'viewer', unnest(w.viewer)) g ON true");
    m_identity = Identity{rows.text(0, 0), rows.boolean(0, 1), rows.boolean(0, 2), {}, {}};
    for (int i = 0; i < rows.size(); ++i) {
        if (rows.view(i, 3) == "officer") {
            m_identity.officer_sites.push_back(rows.text(i, 4));
        } else if (rows.view(i, 3) == "viewer") {
            m_identity.viewer_sites.push_back(rows.text(i, 4));
        }
    }
    // Every refusal from here on is worded from who the session is.
    m_db->on_refusal([this](const PGresult* result) -> Error {
        if (sql_state(result) == "23505") {
            return duplicate_refusal(m_identity, error_field(result, PG_DIAG_TABLE_NAME),
                                     error_field(result, PG_DIAG_MESSAGE_DETAIL));
        }
        // An upsert (INSERT ... ON CONFLICT DO UPDATE) whose key another row holds that the
        // login may not see: the server refuses the update with its policy's USING expression.
        auto primary = error_field(result, PG_DIAG_MESSAGE_PRIMARY);
        if (primary.find("(USING expression)") != std::string::npos) {
            return duplicate_refusal(m_identity, table_in_message(primary), "");
        }
        auto constraint = error_field(result, PG_DIAG_CONSTRAINT_NAME);
        if (constraint == "attest_site_access") {
            return change_refusal(m_identity, error_field(result, PG_DIAG_TABLE_NAME),
                                  error_field(result, PG_DIAG_MESSAGE_DETAIL));
        }
        if (constraint == "attest_manage_access") {
            return manage_refusal(m_identity);
        }
        if (!constraint.empty()) {
            // The server's own words: a check of attest's schema that names what to do.
            auto hint = error_field(result, PG_DIAG_MESSAGE_HINT);
            return Error{ErrorKind::database,
                         terminal_safe(error_field(result, PG_DIAG_MESSAGE_PRIMARY)), std::nullopt,
                         terminal_safe(hint)};
        }
        return change_refusal(m_identity,
                              table_in_message(error_field(result, PG_DIAG_MESSAGE_PRIMARY)), "");
    });
    if (m_identity.bound && !m_identity.admin && m_identity.officer_sites.empty() &&
        m_identity.viewer_sites.empty()) {
        throw Failure(no_access_refusal(m_identity));
    }
}

void PostgresStore::check_can_migrate(int version) {
    auto rows = m_db->run(
        "SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) OR "
        "pg_has_role(current_user, c.relowner, 'USAGE'), pg_get_userbyid(c.relowner)::text, "
        "current_user::text FROM pg_class c WHERE c.oid = 'journal'::regclass");
    if (rows.empty() || rows.boolean(0, 0)) {
        return;
    }
    throw Failure(
        Error{ErrorKind::database,
              terminal_safe("the workspace database is at schema version " +
                            std::to_string(version) + " and this attest needs version " +
                            std::to_string(current_schema_version()) + ", which only its owner (" +
                            rows.text(0, 1) + ") can make; you are " + rows.text(0, 2)),
              std::nullopt,
              terminal_safe("the owner runs any attest command once (for instance attest log with "
                            "user=" +
                            shell_word(rows.text(0, 1)) +
                            " in the connection string); then everyone can go on")});
}

std::vector<AccessGrant> PostgresStore::grants() {
    auto rows = m_db->run("SELECT login, site, role, granted_by, granted_at FROM site_access "
                          "ORDER BY login, site");
    std::vector<AccessGrant> out(static_cast<size_t>(rows.size()));
    for (int i = 0; i < rows.size(); ++i) {
        out[static_cast<size_t>(i)] = AccessGrant{rows.text(i, 0), rows.text(i, 1), rows.text(i, 2),
                                                  rows.text(i, 3), rows.text(i, 4)};
    }
    return out;
}

void PostgresStore::put_grant(const AccessGrant& grant) {
    m_db->run("INSERT INTO site_access(login, site, role, granted_by, granted_at) VALUES ($1, $2, "
              "$3, $4, $5) ON CONFLICT (login, site) DO UPDATE SET role = excluded.role, "
              "granted_by = excluded.granted_by, granted_at = excluded.granted_at",
              {grant.login, grant.site, grant.role, grant.granted_by, grant.granted_at});
}

std::int64_t PostgresStore::remove_grants(const std::string& login, const std::string& site,
                                          const std::string& role) {
    return m_db
        ->run("DELETE FROM site_access WHERE login = $1 AND ($2 = '' OR site = $2) AND "
              "($3 = '' OR role = $3)",
              {login, site, role})
        .affected();
}

void PostgresStore::apply_grants(const std::string& login) {
    auto found = m_db->run("SELECT rolcanlogin FROM pg_roles WHERE rolname = $1", {login});
    if (found.empty() && m_db->run("SELECT 1 FROM site_access WHERE login = $1", {login}).empty()) {
        // A login dropped from the server whose last grant was just revoked: no role to change.
        return;
    }
    if (found.empty() || !found.boolean(0, 0)) {
        throw Failure(
            Error{ErrorKind::not_found,
                  terminal_safe(found.empty() ? "there is no PostgreSQL login " + login
                                              : login + " is a PostgreSQL group role, not a login"),
                  std::nullopt,
                  terminal_safe("a database administrator creates the login first: createuser "
                                "--pwprompt " +
                                shell_word(login) +
                                " (each person has their own, so the journal names them)")});
    }
    m_db->run("SELECT attest_access_apply($1)", {login});
}

} // namespace attest::storage::postgres
