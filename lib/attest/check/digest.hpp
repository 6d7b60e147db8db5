#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <attest/calendar/deadline.hpp>
#include <attest/core/date.hpp>

namespace attest::check {

// The deadlines that go to one person: a plan's or policy's owner, or the manager of the staff
// a credential or acknowledgement concerns.
struct Digest {
    // Their name as written (an owner, a manager); empty when nobody is named.
    std::string recipient;
    // Their email address: the manager's from the roster, or an owner written as an address;
    // empty when none is known.
    std::string email;
    // In the order given (soonest first).
    std::vector<calendar::Deadline> deadlines;

    size_t overdue() const;
    // "Dana Whitfield <dana@example.org>", "Infection Preventionist", "(no owner)".
    std::string label() const;
};

// The deadlines grouped by recipient: one digest per owner or manager, named ones first by name
// then email, the deadlines of no one last.
std::vector<Digest> digests(const std::vector<calendar::Deadline>& deadlines);

// What `attest check` reports in one run: the organisation, the date, the look-ahead, the
// counts of the new deadlines by kind and how many are overdue, and the digests (each deadline
// in the shape `attest due --format json` gives it). The document `--format json` prints and a
// webhook receives.
nlohmann::json check_json(const std::vector<Digest>& digests, const std::string& organization,
                          const Date& today, int within_days);

// The plain-text report a person (or cron's mail) reads: a line of totals, then each digest
// with its deadlines in aligned columns (state, due date, how far off, kind, what) and the
// command that closes each; every field from an input escaped for a terminal.
std::string render_text(const std::vector<Digest>& digests, const Date& today, int within_days);

// One digest's email: to the recipient's address, else to `escalation`; `escalation` copied
// when something in it is overdue. No email (empty `to`) when neither address is known.
struct DigestEmail {
    std::vector<std::string> to;
    std::vector<std::string> cc;
    std::string subject;
    std::string body;
};

DigestEmail digest_email(const Digest& digest, const std::string& organization,
                         const std::string& escalation, const Date& today, int within_days);

} // namespace attest::check
