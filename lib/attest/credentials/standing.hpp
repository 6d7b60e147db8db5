#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <attest/storage/store.hpp>

namespace attest::credentials {

// A current credential with its holder, for expiry reports. People holding several due
// credentials share one staff record.
struct HeldCredential {
    std::int64_t id = 0;
    std::string staff_id;
    std::string type;
    std::string expires;
    std::string issued;
    std::shared_ptr<const storage::StaffRecord> staff;
};

// A required credential a member of staff has never held.
struct MissingCredential {
    std::shared_ptr<const storage::StaffRecord> staff;
    std::string type;
};

// What a credential report asks: which credentials are due, which each role requires, which
// must be verified with the primary source, and whose.
struct StandingQuery {
    // Credentials expiring on or before this ISO date are due.
    std::string through;
    // Pairs of a role and a credential type everyone in it must hold.
    std::vector<std::pair<std::string, std::string>> requirements;
    // Types whose current credential must be verified with the primary source.
    std::vector<std::string> verified_types;
    // Which staff; only active staff are covered, whatever the filter says of status.
    storage::StaffFilter filter;
    // Another report made from the same pass over the roster: sees every batch too.
    storage::RosterSink* also = nullptr;
    // The fields of the people the report shows (their StaffRecords have only these).
    storage::StaffFields staff_fields = storage::StaffFields::all;
};

// The credential standing of active staff matching a query's filter.
struct CredentialStanding {
    // Current credentials due, ordered by expiry, staff id and type.
    std::vector<HeldCredential> due;
    // Required credentials never held, ordered by staff id and type.
    std::vector<MissingCredential> missing;
    // Current credentials of the verified types that nobody has verified yet, ordered by
    // staff id and type.
    std::vector<HeldCredential> unverified;
};

// Due, missing and unverified credentials of the staff a query covers, merged from the roster
// and its current credentials as the store reads them (in id order, in batches, possibly in
// several ranges at once): each person's credentials are checked for due dates, verification
// and their role's requirements together.
CredentialStanding standing(storage::Store& store, const StandingQuery& query);

} // namespace attest::credentials
