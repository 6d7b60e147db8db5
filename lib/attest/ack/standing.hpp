#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <attest/ack/manual.hpp>
#include <attest/core/date.hpp>
#include <attest/storage/records.hpp>

namespace attest::ack {

// Where one person stands with one policy's version in force.
enum class State { acknowledged, pending, overdue };

std::string_view to_string(State state);

// One person who must acknowledge one policy.
struct Entry {
    const AckPolicy* policy = nullptr;
    storage::StaffRecord staff;
    State state = State::pending;
    // The acknowledgement is due by this date: approval (or hire, when later) plus the window.
    Date due;
    // When they acknowledged the version in force.
    std::optional<Date> signed_on;
    // When they last acknowledged an earlier version, which no longer counts.
    std::optional<Date> stale_since;
};

// Counts for one group (a policy, a manager): people who must acknowledge, have, are overdue.
struct Tally {
    std::size_t required = 0;
    std::size_t acknowledged = 0;
    std::size_t overdue = 0;
    void add(State state);
    // Acknowledged out of required, in percent rounded down to a tenth (so 100.0 means everyone);
    // 100 when no one is required.
    double percent() const;
};

struct PolicyTally {
    const AckPolicy* policy = nullptr;
    Tally tally;
};

struct ManagerTally {
    std::string manager;
    std::string manager_email;
    Tally tally;
};

// Which people and policies a status covers.
struct Filter {
    std::string policy;
    std::string site;
    std::string role;
    // Only entries past their due date (the tallies still count everyone in scope).
    bool overdue_only = false;
};

struct Standing {
    // Everyone in scope who has not acknowledged the version in force, by policy then staff id
    // (with `overdue_only`, those overdue only).
    std::vector<Entry> outstanding;
    std::vector<PolicyTally> policies;
    // By manager name (those without one under ""), ordered by name.
    std::vector<ManagerTally> managers;
    Tally total;
};

// Works out, on `today`, who must acknowledge the version in force of each policy that asks
// for it (active staff of the roles it names, or all; retired policies ask no one) and who has:
// an acknowledgement counts when it names the same version and approval date. `staff` is the
// roster in any order (in id order, as the store returns it, it is not sorted again);
// `acknowledgements` in policy id order, as the store returns them (by policy, then staff id).
// Only the people listed in `outstanding` are copied, so a roster of hundreds of thousands
// who have mostly signed costs one pass per policy that asks.
Standing standing(const Manual& manual, const std::vector<storage::StaffRecord>& staff,
                  const std::vector<storage::AcknowledgementRecord>& acknowledgements,
                  const Date& today, const Filter& filter);

// True when an acknowledgement is of the version of `policy` now in force.
bool is_current(const AckPolicy& policy, const storage::AcknowledgementRecord& acknowledgement);

// When a person hired on `hire_date` (ISO, may be empty) must acknowledge `policy`'s version in
// force by: its approval, or the hire when later, plus the policy's window. The policy must be
// approved.
Date due_date(const AckPolicy& policy, std::string_view hire_date);

// When one person signed one policy: the version in force's date and the latest earlier one's
// (acknowledgements whose date does not read count for neither).
struct Signed {
    std::optional<Date> current;
    std::optional<Date> earlier;
};

// One policy's acknowledgements reduced to each person's Signed, for looking people up in any
// order and from several threads at once: what a standing needs of a roster read in parts.
class Signatures {
public:
    // `rows` are the policy's acknowledgements (Store::signatures with its version and approval
    // date, `current` for those of the version in force), in any order.
    explicit Signatures(std::vector<storage::Signature> rows);
    // How `staff_id` signed; nothing when they never did.
    Signed of(std::string_view staff_id) const;

private:
    std::vector<std::pair<std::string, Signed>> m_by_staff;
};

} // namespace attest::ack
