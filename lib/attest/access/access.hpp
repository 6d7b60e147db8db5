#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include <attest/core/date.hpp>
#include <attest/core/error.hpp>
#include <attest/storage/store.hpp>

namespace attest::access {

// Sites and roles in a workspace many people share (docs/access.md). An officer records and
// changes their sites' audits, evidence, staff and credentials; a viewer reads their sites;
// an admin reads every site and manages access. The database enforces it; this module checks
// a request and records it.

enum class Role { officer, viewer, admin };

// "officer", "viewer" or "admin"; anything else is bad input naming the three.
Result<Role> parse_role(std::string_view text);
std::string_view role_name(Role role);

// Checks a PostgreSQL login name: 1 to 63 bytes of UTF-8 with no control characters, not one
// of PostgreSQL's reserved pg_ names or PUBLIC.
Result<void> check_login(std::string_view login);

// A grant asked for, checked: officers and viewers name a site, one of the workspace's
// `sites` when it lists any; an admin names none (an admin's role covers the whole workspace).
Result<storage::AccessGrant> check_grant(std::string_view login, std::string_view site,
                                         std::string_view role,
                                         const std::vector<std::string>& sites);

// The store's access control, or the error a workspace without any gets: access control
// needs PostgreSQL.
Result<storage::AccessControl*> control_of(storage::Store& store);
// That error, for a command that knows the engine before opening the store.
Error needs_postgres();

// What a grant changed: nothing when the login already had that role at that site.
struct Granted {
    storage::AccessGrant grant;
    std::optional<std::string> previous_role;
    bool changed = true;
};

// Records `grant` (made by check_grant) in the caller's transaction: the row, the login's
// database roles, and a journal entry by `actor`. The database refuses it unless the session
// is an admin or the database's owner.
Result<Granted> grant(storage::Store& store, const Clock& clock, const std::string& actor,
                      storage::AccessGrant grant);

// Removes the login's grants at `site` (every site when empty) with `role` (any when empty)
// in the caller's transaction, with a journal entry; the removed grants, or bad input when
// there were none.
Result<std::vector<storage::AccessGrant>> revoke(storage::Store& store, const Clock& clock,
                                                 const std::string& actor, const std::string& login,
                                                 const std::string& site, const std::string& role);

// One grant as JSON: user, site (null for an admin), role, granted_by, granted_at.
nlohmann::json grant_json(const storage::AccessGrant& grant);

} // namespace attest::access
