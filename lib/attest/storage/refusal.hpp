#pragma once

// What a refusal by a database that enforces sites and roles says, in plain words: who the
// user is, what they may not do, and the command an admin runs to allow it. Inline, as
// sql_text.hpp is, because the backend that uses it is a loadable module that can call only
// what the executable itself links.

#include <string>
#include <string_view>
#include <vector>

#include <attest/core/error.hpp>
#include <attest/core/text.hpp>
#include <attest/storage/access.hpp>

namespace attest::storage {

// `word` as one shell word, for a command to copy: as it is when it holds only letters,
// digits and . _ - @ + / :, else in single quotes (each ' as '\'').
inline std::string shell_word(std::string_view word) {
    bool plain = !word.empty();
    for (unsigned char c : word) {
        bool safe =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            std::string_view("._-@+/:").find(static_cast<char>(c)) != std::string_view::npos;
        plain = plain && safe;
    }
    if (plain) {
        return std::string(word);
    }
    std::string out = "'";
    for (char c : word) {
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return out + "'";
}

// What the rows of one of attest's tables are, in a sentence: "audits", "answers", ...
inline std::string rows_noun(std::string_view table) {
    struct Noun {
        std::string_view table;
        std::string_view noun;
    };
    static constexpr Noun k_nouns[] = {
        {"audit", "audits"},
        {"audit_checklist", "audits"},
        {"audit_scope", "audits"},
        {"response", "answers to audit items"},
        {"plan", "corrective action plans"},
        {"evidence", "evidence"},
        {"evidence_link", "evidence links"},
        {"staff", "staff"},
        {"credential", "credentials"},
        {"credential_batch", "credentials"},
        {"alert", "credential alerts"},
        {"acknowledgement", "policy acknowledgements"},
        {"checklist_snapshot", "checklists"},
        {"site_access", "access to the workspace"},
        {"journal", "the journal"},
        {"journal_state", "the journal"},
        {"meta", "the journal"},
    };
    for (const auto& known : k_nouns) {
        if (known.table == table) {
            return std::string(known.noun);
        }
    }
    return table.empty() ? std::string("this workspace's records") : std::string(table);
}

// The table a server's refusal names ("permission denied for table audit", "new row violates
// row-level security policy for table \"audit\""); empty when it names none.
inline std::string table_in_message(std::string_view message) {
    constexpr std::string_view k_marker = "for table ";
    auto at = message.find(k_marker);
    if (at == std::string_view::npos) {
        return {};
    }
    auto name = message.substr(at + k_marker.size());
    if (!name.empty() && name.front() == '"') {
        name.remove_prefix(1);
        return std::string(name.substr(0, name.find('"')));
    }
    return std::string(name.substr(0, name.find_first_of(" \n")));
}

// "A, B and C".
inline std::string sites_list(const std::vector<std::string>& sites) {
    std::string out;
    for (size_t i = 0; i < sites.size(); ++i) {
        out += (i == 0 ? "" : i + 1 == sites.size() ? " and " : ", ") + sites[i];
    }
    return out;
}

// What a login may do, for a refusal: "you are an officer at North and a viewer at Main".
inline std::string describe_grants(const Identity& who) {
    std::vector<std::string> parts;
    if (who.admin) {
        parts.push_back("an admin (who manages access but records nothing)");
    }
    if (!who.officer_sites.empty()) {
        parts.push_back("an officer at " + sites_list(who.officer_sites));
    }
    if (!who.viewer_sites.empty()) {
        parts.push_back("a viewer at " + sites_list(who.viewer_sites));
    }
    if (parts.empty()) {
        return "you have no role at any site";
    }
    return "you are " + sites_list(parts);
}

// The command an admin runs to let `login` do something, as a hint.
inline std::string grant_hint(std::string_view login, std::string_view site,
                              std::string_view role) {
    return "an admin can run: attest access grant " + shell_word(login) +
           (site.empty() ? std::string() : " --site " + shell_word(site)) + " --role " +
           std::string(role);
}

// The refusal of a grant or revoke to someone who is no admin.
inline Error manage_refusal(const Identity& who) {
    return Error{ErrorKind::database,
                 terminal_safe("you (" + who.login + ") may not manage access to this workspace: " +
                               describe_grants(who)),
                 std::nullopt,
                 "an admin or the database's owner grants and revokes access (attest access "
                 "grant, attest access revoke)"};
}

// The refusal of a change to `table`'s rows; at `site` when the database said which.
inline Error change_refusal(const Identity& who, std::string_view table, std::string_view site) {
    if (table == "site_access") {
        return manage_refusal(who);
    }
    std::string message = "you (" + who.login + ") may not change " + rows_noun(table);
    std::string hint_site = "SITE";
    if (!site.empty()) {
        message += " at site " + std::string(site);
        hint_site = site;
    } else {
        message += ": " + describe_grants(who);
        if (who.viewer_sites.size() == 1) {
            hint_site = who.viewer_sites.front();
        }
    }
    return Error{ErrorKind::database, terminal_safe(message), std::nullopt,
                 terminal_safe(grant_hint(who.login, hint_site, "officer"))};
}

// The refusal of a journal verification to someone who cannot see every site's rows.
inline Error verify_refusal(const Identity& who) {
    return Error{
        ErrorKind::database,
        terminal_safe("you (" + who.login +
                      ") may not verify the journal: it compares every site's records with "
                      "what the journal recorded, and " +
                      describe_grants(who)),
        std::nullopt,
        terminal_safe("an admin verifies the whole workspace (attest verify, log --verify); " +
                      grant_hint(who.login, "", "admin"))};
}

// The refusal of a login that holds no grant at all.
inline Error no_access_refusal(const Identity& who) {
    return Error{
        ErrorKind::database,
        terminal_safe("you (" + who.login + ") have no access to this workspace's database"),
        std::nullopt,
        terminal_safe(grant_hint(who.login, "SITE", "viewer") + " (or --role officer)")};
}

} // namespace attest::storage
