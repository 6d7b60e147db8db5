#pragma once

// Who may see and change what in a workspace shared by many people: the grants a database
// keeps (a login, a site, a role) and the identity it authenticated. Only a backend that
// enforces them itself (PostgreSQL, with roles and row-level security) offers this; a SQLite
// workspace is one person's file.

#include <cstdint>
#include <string>
#include <vector>

namespace attest::storage {

// One grant: `login` is an officer or viewer at `site`, or an admin of the whole workspace
// (`site` empty).
struct AccessGrant {
    std::string login;
    std::string site;
    std::string role;
    std::string granted_by;
    std::string granted_at;
};

// What the database says about the session: the login it authenticated, whether its
// row-level security binds that login at all (the database's owner and superusers are not
// bound), and the login's grants.
struct Identity {
    std::string login;
    bool bound = false;
    bool admin = false;
    std::vector<std::string> officer_sites;
    std::vector<std::string> viewer_sites;
};

// The grants of a backend that enforces them. Writes run inside the caller's transaction;
// the database refuses them (a database Failure) unless the session is an admin or unbound.
class AccessControl {
public:
    virtual ~AccessControl() = default;

    // The session's login and grants, as read when the store was opened.
    virtual const Identity& identity() const = 0;
    // Every grant the session may see (all for an admin, its own otherwise), ordered by
    // login and site.
    virtual std::vector<AccessGrant> grants() = 0;
    // Adds a grant, or replaces the role of the login's grant at the same site.
    virtual void put_grant(const AccessGrant& grant) = 0;
    // Removes the login's grants at `site` (every site when empty) with `role` (any when
    // empty); returns how many there were.
    virtual std::int64_t remove_grants(const std::string& login, const std::string& site,
                                       const std::string& role) = 0;
    // Makes the login a member of exactly the database roles its grants name (creating those
    // roles the first time), so the database's own privileges follow the grants.
    virtual void apply_grants(const std::string& login) = 0;
};

} // namespace attest::storage
