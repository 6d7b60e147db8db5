#pragma once

#include <cstddef>
#include <cstdint>

#include <attest/storage/records.hpp>

namespace attest::storage {

// The staff columns a roster read fetches for `fields`, in this order ("id, first_name, ...");
// with StaffFields::all, every column of the staff table in table order, as both backends store
// and read them.
constexpr const char* staff_columns(StaffFields fields) {
    return fields == StaffFields::all
               ? "id, first_name, middle_name, last_name, former_names, dob, role, department, "
                 "site, manager, manager_email, email, npi, hire_date, status, updated_at"
               : "id, first_name, middle_name, last_name, role, site, manager, manager_email, "
                 "hire_date, status";
}

// Fills `person` from the columns of `row` from `first` on, as staff_columns(fields) names
// them, keeping their text in `text`.
template <class Row>
void keep_person(StaffView& person, TextArena& text, const Row& row, int first,
                 StaffFields fields) {
    using Field = std::string_view StaffView::*;
    static constexpr Field k_all[] = {
        &StaffView::id,        &StaffView::first_name,    &StaffView::middle_name,
        &StaffView::last_name, &StaffView::former_names,  &StaffView::dob,
        &StaffView::role,      &StaffView::department,    &StaffView::site,
        &StaffView::manager,   &StaffView::manager_email, &StaffView::email,
        &StaffView::npi,       &StaffView::hire_date,     &StaffView::status,
        &StaffView::updated_at};
    static constexpr Field k_named[] = {&StaffView::id,          &StaffView::first_name,
                                        &StaffView::middle_name, &StaffView::last_name,
                                        &StaffView::role,        &StaffView::site,
                                        &StaffView::manager,     &StaffView::manager_email,
                                        &StaffView::hire_date,   &StaffView::status};
    if (fields == StaffFields::all) {
        for (Field field : k_all) {
            person.*field = text.keep(row.view(first++));
        }
    } else {
        for (Field field : k_named) {
            person.*field = text.keep(row.view(first++));
        }
    }
}

// Appends to `batch` the current credential whose type, id, expires, issued and verified_at
// are the columns of `row` from `first` on, keeping its text in the batch's.
template <class Row>
void keep_credential(RosterBatch& batch, std::size_t& credentials, const Row& row, int first) {
    if (credentials == batch.credentials.size()) {
        batch.credentials.emplace_back();
    }
    CurrentCredential& c = batch.credentials[credentials++];
    c.type = batch.text.keep(row.view(first));
    c.id = row.integer(first + 1);
    c.expires = batch.text.keep(row.view(first + 2));
    c.issued = batch.text.keep(row.view(first + 3));
    c.verified_at = batch.text.keep(row.view(first + 4));
}

// The roster read every backend shares: a merge of two cursors in staff id order, people
// (id in column 0) and current credentials (staff_id, type, id, expires, issued, verified_at),
// into RosterBatches of `batch_staff` people handed to `sink` as part `part`. A cursor has
// view(column) and integer(column); `next_person()` and `next_held()` step them and say
// whether a row is there; `assign(StaffView&, TextArena&)` fills a person from the current
// people row. `more` says whether the held cursor already stands on a row.
template <class People, class Held, class NextPerson, class NextHeld, class Assign>
void fill_roster(People& people, NextPerson next_person, Held& held, NextHeld next_held, bool more,
                 Assign assign, RosterSink& sink, std::size_t part, std::size_t batch_staff) {
    RosterBatch batch;
    std::size_t staff = 0;
    std::size_t credentials = 0;
    auto hand_over = [&] {
        batch.staff.resize(staff);
        batch.credentials.resize(credentials);
        batch.starts.resize(staff + 1);
        batch.starts[staff] = static_cast<std::uint32_t>(credentials);
        sink.take(part, batch);
        batch.text.clear();
        staff = 0;
        credentials = 0;
    };
    while (next_person()) {
        auto id = people.view(0);
        while (more && held.view(0) < id) {
            more = next_held();
        }
        if (staff == batch.staff.size()) {
            batch.staff.emplace_back();
            batch.starts.emplace_back();
        }
        assign(batch.staff[staff], batch.text);
        batch.starts[staff] = static_cast<std::uint32_t>(credentials);
        ++staff;
        while (more && held.view(0) == people.view(0)) {
            keep_credential(batch, credentials, held, 1);
            more = next_held();
        }
        if (staff == batch_staff) {
            hand_over();
        }
    }
    if (staff > 0) {
        hand_over();
    }
}

} // namespace attest::storage
