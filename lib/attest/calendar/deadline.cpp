#include <algorithm>
#include <array>
#include <tuple>

#include <attest/calendar/deadline.hpp>
#include <attest/core/text.hpp>

namespace attest::calendar {

namespace {

constexpr std::array<Kind, 7> k_kinds = {Kind::plan, Kind::credential, Kind::policy_review,
                                         Kind::ack,  Kind::evidence,   Kind::item,
                                         Kind::audit};

bool same_person(std::string_view wanted, std::string_view name) {
    return !name.empty() && to_lower(trim(name)) == wanted;
}

} // namespace

std::span<const Kind> kinds() {
    return k_kinds;
}

std::string_view to_string(Kind kind) {
    switch (kind) {
    case Kind::plan:
        return "plan";
    case Kind::credential:
        return "credential";
    case Kind::policy_review:
        return "policy-review";
    case Kind::ack:
        return "ack";
    case Kind::evidence:
        return "evidence";
    case Kind::item:
        return "item";
    case Kind::audit:
        return "audit";
    }
    return "plan";
}

std::optional<Kind> parse_kind(std::string_view text) {
    for (Kind kind : k_kinds) {
        if (to_string(kind) == text) {
            return kind;
        }
    }
    return std::nullopt;
}

std::string_view to_string(State state) {
    switch (state) {
    case State::overdue:
        return "overdue";
    case State::due_today:
        return "due-today";
    case State::upcoming:
        return "upcoming";
    }
    return "upcoming";
}

bool Query::wants(Kind kind) const {
    return kinds.empty() || std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

bool Query::matches(const Deadline& deadline) const {
    if (!wants(deadline.kind) || (overdue_only && deadline.state != State::overdue) ||
        (!site.empty() && deadline.site != site)) {
        return false;
    }
    if (owner.empty()) {
        return true;
    }
    auto wanted = to_lower(trim(owner));
    return same_person(wanted, deadline.owner) || same_person(wanted, deadline.manager) ||
           same_person(wanted, deadline.manager_email) || same_person(wanted, deadline.staff_id) ||
           same_person(wanted, deadline.staff_name);
}

void count_days(Deadline& deadline, const Date& today) {
    deadline.days = today.days_until(deadline.due);
    deadline.state = deadline.days < 0    ? State::overdue
                     : deadline.days == 0 ? State::due_today
                                          : State::upcoming;
}

void sort_deadlines(std::vector<Deadline>& deadlines) {
    // Sorted as keys, then moved into place along the permutation's cycles: a calendar has a
    // hundred thousand deadlines of a dozen strings each, too many to swap about or to copy
    // into a second vector.
    struct Key {
        Date starts;
        Date due;
        Kind kind;
        const std::string* id;
        size_t at;
    };
    std::vector<Key> keys;
    keys.reserve(deadlines.size());
    for (size_t i = 0; i < deadlines.size(); ++i) {
        const auto& d = deadlines[i];
        keys.push_back({d.starts(), d.due, d.kind, &d.id, i});
    }
    std::sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) {
        return std::tie(a.starts, a.due, a.kind, *a.id, a.at) <
               std::tie(b.starts, b.due, b.kind, *b.id, b.at);
    });
    // Position i takes the deadline at keys[i].at.
    std::vector<char> placed(deadlines.size(), 0);
    for (size_t start = 0; start < deadlines.size(); ++start) {
        if (placed[start] != 0 || keys[start].at == start) {
            continue;
        }
        Deadline held = std::move(deadlines[start]);
        size_t at = start;
        while (keys[at].at != start) {
            deadlines[at] = std::move(deadlines[keys[at].at]);
            placed[at] = 1;
            at = keys[at].at;
        }
        deadlines[at] = std::move(held);
        placed[at] = 1;
    }
}

} // namespace attest::calendar
