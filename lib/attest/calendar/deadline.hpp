#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <attest/core/date.hpp>

namespace attest::calendar {

// What a deadline is about: a corrective action plan, a staff credential, a policy review, a
// policy acknowledgement, evidence that runs out, a recurring checklist item, or an audit.
enum class Kind { plan, credential, policy_review, ack, evidence, item, audit };

// Every kind in the order listings document them.
std::span<const Kind> kinds();
// "plan", "credential", "policy-review", "ack", "evidence", "item", "audit".
std::string_view to_string(Kind kind);
// The kind with this name, or nothing.
std::optional<Kind> parse_kind(std::string_view text);

// Where a deadline stands on the day it was gathered.
enum class State { overdue, due_today, upcoming };

// "overdue", "due-today", "upcoming".
std::string_view to_string(State state);

// One thing that must be done by a date, gathered from what the workspace already records.
struct Deadline {
    Kind kind = Kind::plan;
    // Stable across runs and re-exports: derived from what the deadline is about (the plan
    // number, the person and credential type, the policy id, the checklist item), never from
    // its date or its place in a listing, so a calendar updates an event instead of adding one.
    std::string id;
    // One line saying what must be done ("Renew State RN license of Maria Lopez (E1017)").
    std::string what;
    // Who must act: the plan's owner, the policy's owner, the audit's auditor; for a credential
    // or an acknowledgement, the person's manager. May be empty.
    std::string owner;
    // The member of staff concerned (credentials, acknowledgements), else empty.
    std::string staff_id;
    std::string staff_name;
    // Their manager and the manager's email, as the roster has them.
    std::string manager;
    std::string manager_email;
    // The site it belongs to; empty for the whole organisation.
    std::string site;
    // The date it is due by.
    Date due;
    // The first day of a fixed window (a posting period) the item must be done in; the window
    // closes on `due`.
    std::optional<Date> opens;
    // Days from the gathering date to `due`: negative when overdue.
    int days = 0;
    State state = State::upcoming;
    // The attest command that closes it, ready to adapt ("attest plan done 3").
    std::string command;
    // What it comes from, for people and calendars: the item's checklist and frequency, the
    // credential's expiry, the policy's file.
    std::string detail;

    // The first day it can be done on for a windowed item (`opens`), else the due date: what
    // listings order by and the look-ahead counts, so a window shows before it opens.
    Date starts() const { return opens ? *opens : due; }
};

// Which deadlines to gather.
struct Query {
    // The day deadlines are counted from.
    Date today;
    // Deadlines due within this many days of today (and everything overdue).
    int within_days = 30;
    // Only these kinds; empty for every kind.
    std::vector<Kind> kinds;
    // Only deadlines for this person: their owner, the manager (name or email) or the member
    // of staff (id or name), compared ignoring case.
    std::string owner;
    // Only deadlines of this site.
    std::string site;
    // Only deadlines already past their date.
    bool overdue_only = false;

    // True when the query asks for this kind.
    bool wants(Kind kind) const;
    // True when a gathered deadline passes the owner, site and overdue filters.
    bool matches(const Deadline& deadline) const;
};

// Fills in a deadline's days and state counted from `today`.
void count_days(Deadline& deadline, const Date& today);

// Orders deadlines soonest first (the most overdue leading; a window by its first day), then
// by due date, kind and id, so every run lists them the same way.
void sort_deadlines(std::vector<Deadline>& deadlines);
// The deadlines of every piece, taken in order as one list, ordered as sort_deadlines orders
// them: each is moved once, and `pieces` is left empty.
std::vector<Deadline> sorted_deadlines(std::vector<std::vector<Deadline>>& pieces);

} // namespace attest::calendar
