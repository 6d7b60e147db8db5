#include <algorithm>
#include <iterator>
#include <map>
#include <span>
#include <string_view>
#include <tuple>

#include <attest/core/workers.hpp>
#include <attest/credentials/standing.hpp>

namespace attest::credentials {

namespace {

using Requirements = std::map<std::string, std::vector<std::string>, std::less<>>;

// The people a report names, allocated in blocks that all their items share: one allocation
// per thousand people rather than one each, freed together.
class Roster {
public:
    std::shared_ptr<const storage::StaffRecord> add(const storage::StaffView& staff) {
        if (!m_block || m_used == k_block) {
            m_block = std::make_shared<std::vector<storage::StaffRecord>>();
            m_block->reserve(k_block);
            m_used = 0;
        }
        m_block->push_back(
            {std::string(staff.id), std::string(staff.first_name), std::string(staff.middle_name),
             std::string(staff.last_name), std::string(staff.former_names), std::string(staff.dob),
             std::string(staff.role), std::string(staff.department), std::string(staff.site),
             std::string(staff.manager), std::string(staff.manager_email), std::string(staff.email),
             std::string(staff.npi), std::string(staff.hire_date), std::string(staff.status),
             std::string(staff.updated_at)});
        // Shares ownership of the block; the vector never reallocates past its reserve.
        return {m_block, &(*m_block)[m_used++]};
    }

private:
    static constexpr size_t k_block = 1024;
    std::shared_ptr<std::vector<storage::StaffRecord>> m_block;
    size_t m_used = 0;
};

// One part of the roster as the store reads it, merged batch by batch.
struct Part {
    CredentialStanding standing;
    Roster roster;
    // Which of one person's required types they hold.
    std::vector<char> found;
};

// Merges each batch into the standing of the part it belongs to.
class Merge final : public storage::RosterSink {
public:
    Merge(const StandingQuery& query, const Requirements& required)
        : m_query(query), m_required(required) {}

    void begin(std::size_t parts) override {
        m_parts.resize(parts);
        if (m_query.also != nullptr) {
            m_query.also->begin(parts);
        }
    }

    void take(std::size_t part, storage::RosterBatch& batch) override {
        if (m_query.also != nullptr) {
            m_query.also->take(part, batch);
        }
        Part& into = m_parts.at(part);
        const std::string_view through = m_query.through;
        for (size_t p = 0; p < batch.staff.size(); ++p) {
            const auto& staff = batch.staff[p];
            if (staff.status != "active") {
                continue;
            }
            std::shared_ptr<const storage::StaffRecord> person;
            auto record = [&] {
                if (!person) {
                    person = into.roster.add(staff);
                }
                return person;
            };
            auto role = m_required.find(staff.role);
            const std::vector<std::string>* needs =
                role == m_required.end() ? nullptr : &role->second;
            // A person the backend read only in part holds every type required.
            const bool holds_required =
                !batch.holds_required.empty() && batch.holds_required[p] != 0;
            auto& found = into.found;
            found.assign(needs != nullptr && !holds_required ? needs->size() : 0, 0);
            const auto held = std::span(batch.credentials)
                                  .subspan(batch.starts[p], batch.starts[p + 1] - batch.starts[p]);
            for (auto& credential : held) {
                auto hold = [&](std::vector<HeldCredential>& list) {
                    HeldCredential& c = list.emplace_back();
                    c.id = credential.id;
                    c.staff = record();
                    c.staff_id = c.staff->id;
                    c.type.assign(credential.type);
                    c.expires.assign(credential.expires);
                    c.issued.assign(credential.issued);
                };
                if (!credential.expires.empty() && credential.expires <= through) {
                    hold(into.standing.due);
                }
                if (credential.verified_at.empty() && needs_verifying(credential.type)) {
                    hold(into.standing.unverified);
                }
                for (size_t i = 0; i < found.size(); ++i) {
                    found[i] |= static_cast<char>((*needs)[i] == credential.type);
                }
            }
            for (size_t i = 0; i < found.size(); ++i) {
                if (found[i] == 0) {
                    into.standing.missing.push_back({record(), (*needs)[i]});
                }
            }
        }
    }

    // What the report shows and what the other report sharing the pass reads.
    storage::StaffFields staff_fields() const override {
        if (m_query.also != nullptr && m_query.also->staff_fields() == storage::StaffFields::all) {
            return storage::StaffFields::all;
        }
        return m_query.staff_fields;
    }

    std::vector<Part>& parts() { return m_parts; }

private:
    bool needs_verifying(std::string_view type) const {
        return std::find(m_query.verified_types.begin(), m_query.verified_types.end(), type) !=
               m_query.verified_types.end();
    }

    const StandingQuery& m_query;
    const Requirements& m_required;
    std::vector<Part> m_parts;
};

// Due credentials come from the parts by staff id and type, so ordering them by expiry with
// ties kept in that order gives expiry, staff id, type. Each is moved once, after sorting small
// keys: an ISO date fits in two integers, compared without memcmp calls.
std::vector<HeldCredential> by_expiry(std::span<Part> parts) {
    struct Key {
        // The first 16 bytes, zero-padded, in string order, and the length.
        std::uint64_t high, low;
        std::uint32_t part, at, size;
    };
    auto packed = [](std::string_view text, size_t from) {
        std::uint64_t n = 0;
        for (size_t i = from; i < from + 8; ++i) {
            n = n << 8 | (i < text.size() ? static_cast<unsigned char>(text[i]) : 0U);
        }
        return n;
    };
    std::vector<Key> keys;
    size_t count = 0;
    for (const auto& part : parts) {
        count += part.standing.due.size();
    }
    keys.reserve(count);
    for (std::uint32_t p = 0; p < parts.size(); ++p) {
        const auto& due = parts[p].standing.due;
        for (std::uint32_t i = 0; i < due.size(); ++i) {
            const auto& expires = due[i].expires;
            keys.push_back({packed(expires, 0), packed(expires, 8), p, i,
                            static_cast<std::uint32_t>(std::min<size_t>(expires.size(), 17))});
        }
    }
    auto expires = [&](const Key& k) -> std::string_view {
        return parts[k.part].standing.due[k.at].expires;
    };
    auto before = [&](const Key& a, const Key& b) {
        if (a.high != b.high || a.low != b.low) {
            return std::tie(a.high, a.low) < std::tie(b.high, b.low);
        }
        // Only text of another length or longer than 16 bytes can still differ: the text is
        // looked at only then.
        if (a.size != b.size || a.size > 16) {
            if (int c = expires(a).compare(expires(b)); c != 0) {
                return c < 0;
            }
        }
        return std::tie(a.part, a.at) < std::tie(b.part, b.at);
    };
    sort_on_two_cores(keys.begin(), keys.end(), before);
    std::vector<HeldCredential> out;
    out.reserve(keys.size());
    for (const auto& k : keys) {
        out.push_back(std::move(parts[k.part].standing.due[k.at]));
    }
    return out;
}

} // namespace

CredentialStanding standing(storage::Store& store, const StandingQuery& query) {
    Requirements required;
    for (const auto& [role, type] : query.requirements) {
        required[role].push_back(type);
    }
    for (auto& [role, types] : required) {
        std::sort(types.begin(), types.end());
        types.erase(std::unique(types.begin(), types.end()), types.end());
    }
    auto filter = query.filter;
    filter.status = "active";
    // The backend may leave out what the report cannot show.
    storage::RosterInterest interest;
    interest.through = query.through;
    interest.unverified_types = query.verified_types;
    interest.requirements = query.requirements;
    Merge merge(query, required);
    if (query.also != nullptr) {
        // Another report shares the pass and needs every person: read the whole roster.
        store.read_roster(filter, merge);
    } else {
        store.read_standing(filter, interest, merge);
    }
    // The parts in id order give what one pass would.
    CredentialStanding out;
    auto append = [](auto& into, auto& from) {
        into.insert(into.end(), std::make_move_iterator(from.begin()),
                    std::make_move_iterator(from.end()));
    };
    out.due = by_expiry(merge.parts());
    for (auto& part : merge.parts()) {
        append(out.missing, part.standing.missing);
        append(out.unverified, part.standing.unverified);
    }
    return out;
}

} // namespace attest::credentials
