#include <nlohmann/json.hpp>

#include <attest/ack/record.hpp>
#include <attest/ack/standing.hpp>
#include <attest/core/text.hpp>
#include <attest/credentials/roster.hpp>
#include <attest/journal/journal.hpp>

namespace attest::ack {

Result<const AckPolicy*> acknowledgeable(const Manual& manual, const std::string& policy_id) {
    const AckPolicy* policy = manual.find(policy_id);
    if (policy == nullptr) {
        auto suggestions = closest_matches(policy_id, manual.ids());
        return fail(ErrorKind::not_found, "no policy with id '" + policy_id + "' in the manual",
                    suggestions.empty() ? "'attest policy list' shows the policies and their ids"
                                        : "did you mean " + join(suggestions, ", ") + "?");
    }
    if (policy->retired) {
        return fail(ErrorKind::invalid_input,
                    "policy " + policy_id + " is retired; it takes no acknowledgements",
                    "acknowledge the policy that replaced it, or set its 'status' back to active "
                    "in " +
                        policy->path);
    }
    if (!policy->approved) {
        return fail(ErrorKind::invalid_input,
                    "policy " + policy_id + " has no approval date, so no version to acknowledge",
                    "give it an 'approved: YYYY-MM-DD' in " + policy->path);
    }
    return policy;
}

Result<void> check_signed_on(const AckPolicy& policy, const Date& signed_on, const Date& today) {
    if (signed_on < *policy.approved) {
        return fail(ErrorKind::invalid_input,
                    "signed on " + signed_on.iso() + ", before version " + policy.version_text() +
                        " of policy " + policy.id + " was approved",
                    "a sign-off of an earlier version does not count for this one; check the "
                    "date or the version");
    }
    if (today < signed_on) {
        return fail(ErrorKind::invalid_input,
                    "signed on " + signed_on.iso() + ", after today (" + today.iso() + ")",
                    "check the date; pass --on YYYY-MM-DD");
    }
    return {};
}

Result<Added> add_acknowledgement(storage::Store& store, const Manual& manual, const Clock& clock,
                                  const std::string& actor, const std::string& staff_id,
                                  const std::string& policy_id, std::optional<Date> signed_on) {
    auto staff = credentials::find_staff(store, staff_id);
    if (!staff) {
        return tl::unexpected(staff.error());
    }
    auto policy = acknowledgeable(manual, policy_id);
    if (!policy) {
        return tl::unexpected(policy.error());
    }
    Date on = signed_on.value_or(clock.today());
    if (auto checked = check_signed_on(**policy, on, clock.today()); !checked) {
        return tl::unexpected(checked.error());
    }
    for (const auto& existing : store.acknowledgements()) {
        if (existing.staff_id == staff_id && is_current(**policy, existing)) {
            return Added{existing, false};
        }
    }
    storage::AcknowledgementRecord record{
        staff_id, policy_id, (*policy)->version, (*policy)->approved->iso(),
        on.iso(), actor,     clock.timestamp(),  "add"};
    store.add_acknowledgements({&record, 1});
    journal::append(store, clock,
                    {actor, "policy ack add", "acknowledgement:" + policy_id + ":" + staff_id,
                     nlohmann::json{{"staff", staff_id},
                                    {"policy", policy_id},
                                    {"version", record.version},
                                    {"approved", record.approved},
                                    {"signed_on", record.signed_on}}
                         .dump()});
    return Added{record, true};
}

} // namespace attest::ack
