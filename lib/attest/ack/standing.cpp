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

namespace {

// The acknowledgements of one policy, by staff id: the current one's date and the latest
// earlier one's.
struct Signed {
    std::optional<Date> current;
    std::optional<Date> earlier;
};

std::map<std::string, Signed> signatures(const AckPolicy& policy,
                                         const std::vector<storage::AcknowledgementRecord>& all) {
    std::map<std::string, Signed> out;
    auto first = std::lower_bound(all.begin(), all.end(), policy.id,
                                  [](const storage::AcknowledgementRecord& a,
                                     const std::string& id) { return a.policy_id < id; });
    for (auto it = first; it != all.end() && it->policy_id == policy.id; ++it) {
        auto date = parse_iso_date(it->signed_on);
        if (!date) {
            continue;
        }
        auto& entry = out[it->staff_id];
        auto& slot = is_current(policy, *it) ? entry.current : entry.earlier;
        if (!slot || *date > *slot) {
            slot = *date;
        }
    }
    return out;
}

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
    std::sort(people.begin(), people.end(),
              [](const auto* a, const auto* b) { return a->id < b->id; });
    std::map<std::string, ManagerTally> managers;
    for (const auto& policy : manual.policies) {
        if (!policy.asks() || policy.retired || !policy.approved ||
            (!filter.policy.empty() && policy.id != filter.policy)) {
            continue;
        }
        auto signed_by = signatures(policy, acknowledgements);
        PolicyTally tally{&policy, {}};
        for (const auto* person : people) {
            if (!policy.applies_to(person->role)) {
                continue;
            }
            Entry entry;
            entry.policy = &policy;
            entry.staff = *person;
            Date from = *policy.approved;
            if (auto hired = parse_iso_date(person->hire_date); hired && *hired > from) {
                from = *hired;
            }
            entry.due = from.plus_days(policy.within_days);
            if (auto found = signed_by.find(person->id); found != signed_by.end()) {
                entry.signed_on = found->second.current;
                entry.stale_since = found->second.earlier;
            }
            entry.state = entry.signed_on     ? State::acknowledged
                          : entry.due < today ? State::overdue
                                              : State::pending;
            tally.tally.add(entry.state);
            out.total.add(entry.state);
            auto& manager = managers[person->manager];
            manager.manager = person->manager;
            if (manager.manager_email.empty()) {
                manager.manager_email = person->manager_email;
            }
            manager.tally.add(entry.state);
            if (entry.state == State::overdue ||
                (entry.state == State::pending && !filter.overdue_only)) {
                out.outstanding.push_back(std::move(entry));
            }
        }
        out.policies.push_back(tally);
    }
    for (auto& [name, manager] : managers) {
        out.managers.push_back(std::move(manager));
    }
    return out;
}

} // namespace attest::ack
