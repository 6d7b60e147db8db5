#include <algorithm>
#include <map>

#include <attest/ack/standing.hpp>

namespace attest::ack {

std::string_view to_string(State state) {
    switch (state) {
    case State::acknowledged:
        return "acknowledged";
    case State::pending:
        return "pending";
    case State::overdue:
        return "overdue";
    }
    return "pending";
}

void Tally::add(State state) {
    ++required;
    if (state == State::acknowledged) {
        ++acknowledged;
    } else if (state == State::overdue) {
        ++overdue;
    }
}

double Tally::percent() const {
    if (required == 0) {
        return 100.0;
    }
    return static_cast<double>(acknowledged * 1000 / required) / 10.0;
}

bool is_current(const AckPolicy& policy, const storage::AcknowledgementRecord& acknowledgement) {
    return policy.approved && acknowledgement.policy_id == policy.id &&
           acknowledgement.approved == policy.approved->iso() &&
           acknowledgement.version == policy.version;
}

Date due_date(const AckPolicy& policy, std::string_view hire_date) {
    Date from = *policy.approved;
    if (auto hired = parse_iso_date(hire_date); hired && *hired > from) {
        from = *hired;
    }
    return from.plus_days(policy.within_days);
}

namespace {

// Folds one acknowledgement's date into a person's Signed.
void note_signature(Signed& into, bool current, std::string_view signed_on) {
    auto date = parse_iso_date(signed_on);
    if (!date) {
        return;
    }
    auto& slot = current ? into.current : into.earlier;
    if (!slot || *date > *slot) {
        slot = *date;
    }
}

} // namespace

Signatures::Signatures(std::vector<storage::Signature> rows) {
    auto by_staff = [](const storage::Signature& a, const storage::Signature& b) {
        return a.staff_id < b.staff_id;
    };
    if (!std::is_sorted(rows.begin(), rows.end(), by_staff)) {
        std::stable_sort(rows.begin(), rows.end(), by_staff);
    }
    for (auto& row : rows) {
        if (m_by_staff.empty() || m_by_staff.back().first != row.staff_id) {
            m_by_staff.emplace_back(std::move(row.staff_id), Signed{});
        }
        note_signature(m_by_staff.back().second, row.current, row.signed_on);
    }
}

Signed Signatures::of(std::string_view staff_id) const {
    auto found =
        std::lower_bound(m_by_staff.begin(), m_by_staff.end(), staff_id,
                         [](const auto& entry, std::string_view id) { return entry.first < id; });
    return found != m_by_staff.end() && found->first == staff_id ? found->second : Signed{};
}

namespace {

// The acknowledgements of one policy, in staff id order.
std::vector<const storage::AcknowledgementRecord*>
policy_acknowledgements(const AckPolicy& policy,
                        const std::vector<storage::AcknowledgementRecord>& all) {
    auto first = std::lower_bound(all.begin(), all.end(), policy.id,
                                  [](const storage::AcknowledgementRecord& a,
                                     const std::string& id) { return a.policy_id < id; });
    std::vector<const storage::AcknowledgementRecord*> out;
    for (auto it = first; it != all.end() && it->policy_id == policy.id; ++it) {
        out.push_back(&*it);
    }
    auto by_staff = [](const auto* a, const auto* b) {
        return a->staff_id < b->staff_id;
    };
    if (!std::is_sorted(out.begin(), out.end(), by_staff)) {
        std::stable_sort(out.begin(), out.end(), by_staff);
    }
    return out;
}

// Walks one policy's acknowledgements alongside people taken in staff id order, so each
// person's signatures are found without a lookup per person.
class SignatureCursor {
public:
    SignatureCursor(const AckPolicy& policy,
                    std::vector<const storage::AcknowledgementRecord*> acknowledgements)
        : m_policy(policy), m_all(std::move(acknowledgements)) {}

    Signed next(const std::string& staff_id) {
        while (m_at < m_all.size() && m_all[m_at]->staff_id < staff_id) {
            ++m_at;
        }
        Signed out;
        for (; m_at < m_all.size() && m_all[m_at]->staff_id == staff_id; ++m_at) {
            note_signature(out, is_current(m_policy, *m_all[m_at]), m_all[m_at]->signed_on);
        }
        return out;
    }

private:
    const AckPolicy& m_policy;
    std::vector<const storage::AcknowledgementRecord*> m_all;
    size_t m_at = 0;
};

bool in_scope(const storage::StaffRecord& person, const Filter& filter) {
    return person.status == "active" && (filter.site.empty() || person.site == filter.site) &&
           (filter.role.empty() || person.role == filter.role);
}

} // namespace

Standing standing(const Manual& manual, const std::vector<storage::StaffRecord>& staff,
                  const std::vector<storage::AcknowledgementRecord>& acknowledgements,
                  const Date& today, const Filter& filter) {
    Standing out;
    std::vector<const storage::StaffRecord*> people;
    for (const auto& person : staff) {
        if (in_scope(person, filter)) {
            people.push_back(&person);
        }
    }
    auto by_id = [](const auto* a, const auto* b) {
        return a->id < b->id;
    };
    if (!std::is_sorted(people.begin(), people.end(), by_id)) {
        std::sort(people.begin(), people.end(), by_id);
    }
    // Each person's manager tally, looked up once however many policies ask them.
    std::map<std::string, ManagerTally> managers;
    std::vector<ManagerTally*> manager_of;
    manager_of.reserve(people.size());
    for (const auto* person : people) {
        auto& manager = managers[person->manager];
        manager.manager = person->manager;
        if (manager.manager_email.empty()) {
            manager.manager_email = person->manager_email;
        }
        manager_of.push_back(&manager);
    }
    for (const auto& policy : manual.policies) {
        if (!policy.asks() || policy.retired || !policy.approved ||
            (!filter.policy.empty() && policy.id != filter.policy)) {
            continue;
        }
        SignatureCursor signatures(policy, policy_acknowledgements(policy, acknowledgements));
        PolicyTally tally{&policy, {}};
        for (size_t i = 0; i < people.size(); ++i) {
            const auto& person = *people[i];
            if (!policy.applies_to(person.role)) {
                continue;
            }
            Date due = due_date(policy, person.hire_date);
            auto signed_by = signatures.next(person.id);
            State state = signed_by.current ? State::acknowledged
                          : due < today     ? State::overdue
                                            : State::pending;
            tally.tally.add(state);
            out.total.add(state);
            manager_of[i]->tally.add(state);
            if (state == State::overdue || (state == State::pending && !filter.overdue_only)) {
                // Only the people listed are copied: at a health system's scale most have signed.
                Entry& entry = out.outstanding.emplace_back();
                entry.policy = &policy;
                entry.staff = person;
                entry.state = state;
                entry.due = due;
                entry.signed_on = signed_by.current;
                entry.stale_since = signed_by.earlier;
            }
        }
        out.policies.push_back(tally);
    }
    for (auto& [name, manager] : managers) {
        // Managers none of whose staff any policy asks are not listed.
        if (manager.tally.required > 0) {
            out.managers.push_back(std::move(manager));
        }
    }
    return out;
}

} // namespace attest::ack
