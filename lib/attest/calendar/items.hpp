#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <attest/calendar/deadline.hpp>
#include <attest/checklist/catalog.hpp>
#include <attest/core/date.hpp>
#include <attest/storage/records.hpp>

namespace attest::calendar {

// When each `checklist:item` was last done: the latest date it was answered `met` (its
// current answer in an audit), and the latest `valid-to` of evidence linked to it.
struct ItemHistory {
    std::optional<Date> last_met;
    std::optional<Date> covered_until;
    // True when its most recent answer anywhere is `na`: it does not apply here.
    bool not_applicable = false;
};

// The history of every answered or evidenced item, keyed `checklist:item`, from the current
// answers of every audit and the evidence links. An answer's date is the day it was recorded
// (UTC), or `today` when that is later than today (an answer cannot come from the future).
std::map<std::string, ItemHistory>
item_histories(const std::vector<std::vector<storage::ResponseRecord>>& answers,
               const std::vector<storage::EvidenceRecord>& evidence,
               const std::vector<storage::EvidenceLink>& links, const Date& today);

// True when an item is a calendar deadline: it has fixed windows, or a frequency of a month or
// longer (recurrence.hpp), and it is not retired.
bool recurs(const checklist::Item& item);

// The deadline of one recurring item of `entry`, from its history: windows decide it when the
// item has them; else the later of the last `met` answer plus the frequency and the linked
// evidence's `valid-to`; an item never done is due on `today`.
Deadline item_deadline(const checklist::Entry& entry, const checklist::Item& item,
                       const ItemHistory& history, const Date& today);

} // namespace attest::calendar
