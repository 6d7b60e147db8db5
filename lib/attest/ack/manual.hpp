#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <attest/config/config.hpp>
#include <attest/core/date.hpp>
#include <attest/core/diagnostic.hpp>
#include <attest/core/error.hpp>
#include <attest/policy/model.hpp>

namespace attest::ack {

// A policy as acknowledgements see it: the version in force (its version text and approval
// date), who must acknowledge it and within how many days.
struct AckPolicy {
    std::string id;
    std::string title;
    std::string path;
    std::string version;
    std::optional<Date> approved;
    bool retired = false;
    // Everyone (`acknowledge: all`), or the role ids listed; neither when the policy asks no one.
    bool everyone = false;
    std::vector<std::string> roles;
    int within_days = 30;

    // True when its front matter asks someone to acknowledge it.
    bool asks() const { return everyone || !roles.empty(); }
    // True when a member of staff with `role` must acknowledge it.
    bool applies_to(std::string_view role) const;
    // "3.2 of 2026-03-01", "of 2026-03-01": the version in force, for messages.
    std::string version_text() const;
};

// The policies of the manual with an id, by id.
struct Manual {
    std::vector<AckPolicy> policies;
    // The policy with this id, or null.
    const AckPolicy* find(const std::string& id) const;
    // Every id, for did-you-mean suggestions.
    std::vector<std::string> ids() const;
};

// Builds the manual from parsed policies: resolves the roles in `acknowledge` against
// attest.toml's roles (by id or title) and takes `acknowledge_within` or the workspace default.
// Reports, at their place in the file, an unknown role, `all` beside roles, a window that is not
// a number of days, an unknown status, a policy that asks for acknowledgement without an id or
// an approval date, and an id two policies share.
Manual build_manual(const std::vector<policy::Policy>& policies, const config::Config& config,
                    Diagnostics& diagnostics);

// Reads every policy file under the workspace's policy folder (as `policy check` finds them),
// showing paths relative to `display_base`: their front matter, which is all acknowledgements
// and review dates need (the body is not scanned; ParseOptions::body). Fails when the folder
// is missing or unreadable.
Result<std::vector<policy::Policy>> read_policies(const std::filesystem::path& workspace,
                                                  const config::Config& config,
                                                  const std::filesystem::path& display_base);

} // namespace attest::ack
