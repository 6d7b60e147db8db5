#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <attest/core/diagnostic.hpp>

namespace attest::config {

// How long a credential is valid after it is issued; absent for credentials that never expire.
struct Validity {
    int months = 0;
    int days = 0;
    bool empty() const { return months == 0 && days == 0; }
};

// A kind of credential: a license, a certification card, a screening, a training.
struct CredentialType {
    std::string id;
    std::string title;
    std::optional<Validity> validity;
    // Valid through the last day of the expiry month (American Heart Association cards).
    bool end_of_month = false;
    // The issuing body must be checked directly (a license lookup), not a copy of the card.
    bool primary_source = false;
    // Days before expiry at which alerts go out; empty uses the default windows.
    std::vector<int> alert_windows;
};

// A job role and the credential types everyone in it must hold.
struct Role {
    std::string id;
    std::string title;
    std::vector<std::string> requires_types;
};

// The `[credentials]`, `[credential_types.*]` and `[roles.*]` tables of attest.toml.
struct CredentialSettings {
    // Default alert windows, days before expiry, largest first.
    std::vector<int> alert_windows = {90, 60, 30, 7};
    // Where expired credentials and those past the last window are escalated.
    std::string escalation;
    // Who is told: any of "staff", "manager", "compliance".
    std::vector<std::string> notify = {"manager", "compliance"};
    // The sender of alert emails.
    std::string from = "attest@localhost";
    std::vector<CredentialType> types;
    std::vector<Role> roles;

    const CredentialType* type(std::string_view id) const;
    const Role* role(std::string_view id) const;
    // The alert windows of a type (its own, else the defaults), largest first.
    const std::vector<int>& windows_for(const CredentialType& type) const;
    std::vector<std::string> type_ids() const;
    std::vector<std::string> role_ids() const;
};

// The column map of a staff or credential import (`--map MAP.toml`): canonical field name to
// the header in the file, and HR job titles to role ids.
struct ColumnMap {
    std::map<std::string, std::string> columns;
    std::map<std::string, std::string> roles;
    std::map<std::string, std::string> types;
    std::string date_format;
};

// Parses a column map file:
//   [columns]  id = "Emp #"     [roles]  "Registered Nurse" = "rn"     date_format = "DD/MM/YYYY"
std::optional<ColumnMap> parse_column_map(std::string_view text, const std::string& path,
                                          Diagnostics& diagnostics);

// Parses a validity such as "24 months", "1 year", "365 days" or "none".
std::optional<Validity> parse_validity(std::string_view text);

} // namespace attest::config
