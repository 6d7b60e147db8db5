#include <algorithm>
#include <array>
#include <cstdint>
#include <tuple>

#include <attest/calendar/deadline.hpp>
#include <attest/core/text.hpp>
#include <attest/core/workers.hpp>

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

std::vector<Deadline> sorted_deadlines(std::vector<std::vector<Deadline>>& pieces) {
    // Sorted as small keys, then each deadline moved once into place: a calendar has a hundred
    // thousand deadlines of a dozen strings each, too many to swap about. An id's first 24
    // bytes, zero-padded, compare as three integers in string order; ids that tie on them are
    // compared as text when their lengths differ or pass 24 bytes.
    struct Key {
        std::int64_t starts;
        std::int64_t due;
        std::uint64_t id[3];
        const std::string* text;
        std::uint32_t piece;
        std::uint32_t at;
        Kind kind;
        // The id's length, up to 25.
        std::uint32_t size;
    };
    auto packed = [](std::string_view text, size_t from) {
        std::uint64_t n = 0;
        for (size_t i = from; i < from + 8; ++i) {
            n = n << 8 | (i < text.size() ? static_cast<unsigned char>(text[i]) : 0U);
        }
        return n;
    };
    size_t count = 0;
    for (const auto& piece : pieces) {
        count += piece.size();
    }
    std::vector<Key> keys;
    keys.reserve(count);
    for (std::uint32_t p = 0; p < pieces.size(); ++p) {
        for (std::uint32_t i = 0; i < pieces[p].size(); ++i) {
            const auto& d = pieces[p][i];
            keys.push_back({d.starts().days().time_since_epoch().count(),
                            d.due.days().time_since_epoch().count(),
                            {packed(d.id, 0), packed(d.id, 8), packed(d.id, 16)},
                            &d.id,
                            p,
                            i,
                            d.kind,
                            static_cast<std::uint32_t>(std::min<size_t>(d.id.size(), 25))});
        }
    }
    auto before = [](const Key& a, const Key& b) {
        if (a.starts != b.starts || a.due != b.due || a.kind != b.kind) {
            return std::tie(a.starts, a.due, a.kind) < std::tie(b.starts, b.due, b.kind);
        }
        if (a.id[0] != b.id[0] || a.id[1] != b.id[1] || a.id[2] != b.id[2]) {
            return std::tie(a.id[0], a.id[1], a.id[2]) < std::tie(b.id[0], b.id[1], b.id[2]);
        }
        if (a.size != b.size || a.size > 24) {
            if (int c = a.text->compare(*b.text); c != 0) {
                return c < 0;
            }
        }
        return std::tie(a.piece, a.at) < std::tie(b.piece, b.at);
    };
    sort_on_two_cores(keys.begin(), keys.end(), before);
    std::vector<Deadline> out;
    out.reserve(count);
    for (const auto& k : keys) {
        out.push_back(std::move(pieces[k.piece][k.at]));
    }
    pieces.clear();
    return out;
}

void sort_deadlines(std::vector<Deadline>& deadlines) {
    std::vector<std::vector<Deadline>> pieces;
    pieces.push_back(std::move(deadlines));
    deadlines = sorted_deadlines(pieces);
}

} // namespace attest::calendar
