#include <algorithm>

#include <attest/calendar/items.hpp>
#include <attest/calendar/recurrence.hpp>

namespace attest::calendar {

namespace {

std::optional<Date> recorded_day(const std::string& timestamp, const Date& today) {
    auto day = parse_iso_date(std::string_view(timestamp).substr(0, 10));
    if (!day) {
        return std::nullopt;
    }
    return *day > today ? today : *day;
}

void keep_later(std::optional<Date>& slot, const Date& date) {
    if (!slot || date > *slot) {
        slot = date;
    }
}

} // namespace

std::map<std::string, ItemHistory>
item_histories(const std::vector<std::vector<storage::ResponseRecord>>& answers,
               const std::vector<storage::EvidenceRecord>& evidence,
               const std::vector<storage::EvidenceLink>& links, const Date& today) {
    std::map<std::string, ItemHistory> out;
    // The latest answer of each item across audits decides whether it applies.
    std::map<std::string, std::string> latest_at;
    for (const auto& audit_answers : answers) {
        for (const auto& answer : audit_answers) {
            auto key = answer.checklist_id + ":" + answer.item_id;
            auto& history = out[key];
            auto& at = latest_at[key];
            if (answer.recorded_at >= at) {
                at = answer.recorded_at;
                history.not_applicable = answer.status == "na";
            }
            if (answer.status == "met") {
                if (auto day = recorded_day(answer.recorded_at, today)) {
                    keep_later(history.last_met, *day);
                }
            }
        }
    }
    std::map<std::int64_t, const storage::EvidenceRecord*> by_id;
    for (const auto& e : evidence) {
        by_id[e.id] = &e;
    }
    for (const auto& link : links) {
        if (link.item_id.empty()) {
            continue;
        }
        auto found = by_id.find(link.evidence_id);
        if (found == by_id.end() || found->second->valid_to.empty()) {
            continue;
        }
        if (auto until = parse_iso_date(found->second->valid_to)) {
            keep_later(out[link.checklist_id + ":" + link.item_id].covered_until, *until);
        }
    }
    return out;
}

bool recurs(const checklist::Item& item) {
    return item.status != checklist::ItemStatus::retired &&
           (!item.windows.empty() || frequency_months(item.frequency).has_value());
}

Deadline item_deadline(const checklist::Entry& entry, const checklist::Item& item,
                       const ItemHistory& history, const Date& today) {
    Deadline d;
    d.kind = Kind::item;
    const auto& id = entry.checklist.id;
    d.id = "item/" + id + ":" + item.id;
    d.command = "attest audit record AUDIT " + id + ":" + item.id + " --status met";
    std::string done_text =
        history.last_met ? "last met " + history.last_met->iso() : std::string("never met");
    if (history.covered_until) {
        done_text += ", evidence valid to " + history.covered_until->iso();
    }
    if (!item.windows.empty()) {
        auto due = window_due(item.windows, history.last_met, today);
        d.due = due.closes;
        d.opens = due.opens;
        std::string windows;
        for (const auto& window : item.windows) {
            windows += (windows.empty() ? "" : ", ") + window.text();
        }
        d.what = item.title + " (" + id + ":" + item.id + "), within " + due.opens.iso() + ".." +
                 due.closes.iso();
        d.detail = id + " " + item.id + "; every year within " + windows + "; " + done_text;
    } else {
        int months = *frequency_months(item.frequency);
        if (history.last_met && history.covered_until) {
            auto by_answer = next_due(*history.last_met, months);
            d.due = std::max(by_answer, *history.covered_until);
        } else if (history.last_met) {
            d.due = next_due(*history.last_met, months);
        } else if (history.covered_until) {
            d.due = *history.covered_until;
        } else {
            d.due = today;
        }
        d.what = item.title + " (" + id + ":" + item.id + "), " + item.frequency;
        d.detail = id + " " + item.id + "; " + item.frequency + "; " + done_text;
    }
    count_days(d, today);
    return d;
}

} // namespace attest::calendar
