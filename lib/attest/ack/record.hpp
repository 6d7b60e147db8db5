#pragma once

#include <optional>
#include <string>

#include <attest/ack/manual.hpp>
#include <attest/core/date.hpp>
#include <attest/core/error.hpp>
#include <attest/storage/store.hpp>

namespace attest::ack {

// The policy with this id, if it can be acknowledged: an unknown id gets the closest ids
// suggested; a retired policy, or one without an approval date, is refused.
Result<const AckPolicy*> acknowledgeable(const Manual& manual, const std::string& policy_id);

// Checks a sign-off of the version of `policy` in force on `signed_on`: not before the version
// was approved, not after `today`.
Result<void> check_signed_on(const AckPolicy& policy, const Date& signed_on, const Date& today);

// What `add_acknowledgement` did.
struct Added {
    storage::AcknowledgementRecord record;
    // False when the person had already acknowledged this version (the record on file is
    // returned and nothing changed).
    bool added = true;
};

// Records that a member of staff acknowledged the version of a policy in force, on `signed_on`
// (today when absent), within the caller's transaction; journalled. Fails, changing nothing,
// for an unknown staff id or policy, a retired policy and a date before the approval or after
// today.
Result<Added> add_acknowledgement(storage::Store& store, const Manual& manual, const Clock& clock,
                                  const std::string& actor, const std::string& staff_id,
                                  const std::string& policy_id, std::optional<Date> signed_on);

} // namespace attest::ack
