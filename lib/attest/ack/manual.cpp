#include <algorithm>
#include <atomic>
#include <map>
#include <optional>

#include <attest/ack/manual.hpp>
#include <attest/core/text.hpp>
#include <attest/core/workers.hpp>
#include <attest/credentials/roster.hpp>
#include <attest/policy/check.hpp>
#include <attest/policy/files.hpp>
#include <attest/policy/parser.hpp>

namespace attest::ack {

bool AckPolicy::applies_to(std::string_view role) const {
    return everyone || std::find(roles.begin(), roles.end(), role) != roles.end();
}

std::string AckPolicy::version_text() const {
    std::string text = version.empty() ? "" : version + " ";
    return text + "of " + (approved ? approved->iso() : std::string("no approval date"));
}

const AckPolicy* Manual::find(const std::string& id) const {
    auto found =
        std::lower_bound(policies.begin(), policies.end(), id,
                         [](const AckPolicy& p, const std::string& key) { return p.id < key; });
    return found != policies.end() && found->id == id ? &*found : nullptr;
}

std::vector<std::string> Manual::ids() const {
    std::vector<std::string> out;
    out.reserve(policies.size());
    for (const auto& p : policies) {
        out.push_back(p.id);
    }
    return out;
}

namespace {

void manual_error(Diagnostics& diagnostics, const Location& where, std::string message) {
    diagnostics.push_back({Severity::error, where, std::move(message), "acknowledge"});
}

void read_audience(const policy::Policy& source, const config::Config& config, AckPolicy& policy,
                   Diagnostics& diagnostics) {
    for (const auto& item : source.acknowledge) {
        if (to_lower(item.value) == "all") {
            policy.everyone = true;
            continue;
        }
        auto role = credentials::resolve_role(config, {}, item.value);
        if (!role) {
            manual_error(diagnostics, item.where,
                         "'acknowledge': " + role.error().message +
                             " (role ids or titles from attest.toml [roles], or 'all')");
            continue;
        }
        if (std::find(policy.roles.begin(), policy.roles.end(), *role) == policy.roles.end()) {
            policy.roles.push_back(*role);
        }
    }
    if (policy.everyone && !policy.roles.empty()) {
        manual_error(diagnostics, source.acknowledge.front().where,
                     "'acknowledge' lists 'all' beside roles; write 'all' alone or the roles");
    }
}

} // namespace

Manual build_manual(const std::vector<policy::Policy>& policies, const config::Config& config,
                    Diagnostics& diagnostics) {
    Manual manual;
    std::map<std::string, std::string> first_path;
    for (const auto& source : policies) {
        if (!source.readable) {
            continue;
        }
        bool asks = !source.acknowledge.empty();
        if (!source.id.present()) {
            if (asks) {
                manual_error(diagnostics, source.acknowledge.front().where,
                             "a policy that asks for acknowledgement needs an 'id'");
            }
            continue;
        }
        AckPolicy policy;
        policy.id = source.id.value;
        policy.title = source.title.value;
        policy.path = source.path;
        policy.version = source.version.value;
        policy.approved = source.approved;
        policy.retired = source.retired();
        policy.within_days = config.policy.acknowledge_within_days;
        if (!source.status_known()) {
            manual_error(diagnostics, source.status.where,
                         "'status' must be active, draft or retired, not '" + source.status.value +
                             "'");
        }
        if (source.acknowledge_within.present()) {
            if (auto days = policy::parse_acknowledge_window(source.acknowledge_within.value)) {
                policy.within_days = *days;
            } else {
                manual_error(diagnostics, source.acknowledge_within.where,
                             "'acknowledge_within' is not a number of days: '" +
                                 source.acknowledge_within.value +
                                 "'; write it as 30, '30 days' or '2 weeks' (at most 3650 days)");
            }
        }
        read_audience(source, config, policy, diagnostics);
        if (asks && !policy.approved && !policy.retired) {
            manual_error(diagnostics, source.acknowledge.front().where,
                         "policy " + policy.id +
                             " asks for acknowledgement but has no valid 'approved' date; the "
                             "approval date names the version staff acknowledge");
        }
        auto [it, inserted] = first_path.emplace(policy.id, policy.path);
        if (!inserted) {
            manual_error(diagnostics, source.id.where,
                         "policy id '" + policy.id + "' is also the id of " + it->second +
                             "; acknowledgements name a policy by its id");
            continue;
        }
        manual.policies.push_back(std::move(policy));
    }
    std::sort(manual.policies.begin(), manual.policies.end(),
              [](const AckPolicy& a, const AckPolicy& b) { return a.id < b.id; });
    return manual;
}

Result<std::vector<policy::Policy>> read_policies(const std::filesystem::path& workspace,
                                                  const config::Config& config,
                                                  const std::filesystem::path& display_base) {
    policy::CheckOptions options;
    options.settings = config.policy;
    options.workspace = workspace;
    options.root = workspace / config.policy.dir;
    options.display_base = display_base;
    std::error_code ec;
    if (!std::filesystem::is_directory(options.root, ec)) {
        return fail(ErrorKind::not_found,
                    "the policy folder " + options.root.string() + " does not exist",
                    "create it, or set [policy] dir in attest.toml");
    }
    options.paths.push_back(options.root);
    auto collected = policy::collect_files(options);
    if (!collected) {
        return tl::unexpected(collected.error());
    }
    const size_t limit = static_cast<size_t>(config.policy.max_file_mib) * 1024 * 1024;
    const auto& files = collected->files;
    // Files are read and parsed on every core, as `policy check` does: a manual of ten
    // thousand policies takes a second on one.
    policy::ParseOptions front_matter;
    front_matter.body = false;
    std::vector<std::optional<policy::Policy>> parsed(files.size());
    std::atomic<size_t> next{0};
    auto work = [&] {
        for (size_t i = next++; i < files.size(); i = next++) {
            size_t size = 0;
            auto text = policy::read_whole(files[i], limit, size);
            if (!text) {
                continue;
            }
            auto result = policy::parse_policy(*text, policy::display_path(files[i], display_base),
                                               front_matter);
            result.policy.file = files[i];
            parsed[i] = std::move(result.policy);
        }
    };
    run_workers(worker_count(0, files.size()), work);
    std::vector<policy::Policy> out;
    out.reserve(files.size());
    for (auto& policy : parsed) {
        if (policy) {
            out.push_back(std::move(*policy));
        }
    }
    return out;
}

} // namespace attest::ack
