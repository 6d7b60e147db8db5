#include <set>

#include <nlohmann/json.hpp>

#include <attest/check/alerts.hpp>
#include <attest/journal/journal.hpp>

namespace attest::check {

namespace {

// The alert record of one deadline at its stage: the deadline's id in the subject column, its
// kind under the `check:` type, its date, and the stage as the window (0 once overdue, as
// `cred check` records an expired credential; 1 while upcoming).
storage::AlertRecord alert_record(const calendar::Deadline& deadline, const std::string& channel,
                                  const std::string& sent_at) {
    return {deadline.id,
            "check:" + std::string(calendar::to_string(deadline.kind)),
            deadline.due.iso(),
            stage_of(deadline) == Stage::overdue ? 0 : 1,
            channel,
            sent_at};
}

} // namespace

std::string_view to_string(Stage stage) {
    return stage == Stage::overdue ? "overdue" : "upcoming";
}

Stage stage_of(const calendar::Deadline& deadline) {
    return deadline.state == calendar::State::overdue ? Stage::overdue : Stage::upcoming;
}

std::vector<calendar::Deadline> unsent(storage::Store& store,
                                       const std::vector<calendar::Deadline>& deadlines,
                                       const std::string& channel) {
    std::vector<calendar::Deadline> out;
    for (const auto& deadline : deadlines) {
        if (!store.alert_sent(alert_record(deadline, channel, {}))) {
            out.push_back(deadline);
        }
    }
    return out;
}

void mark_sent(storage::Store& store, const Clock& clock, const std::string& actor,
               const std::vector<calendar::Deadline>& deadlines, const std::string& channel) {
    auto now = clock.timestamp();
    size_t overdue = 0;
    std::set<std::string> kinds;
    for (const auto& deadline : deadlines) {
        store.record_alert(alert_record(deadline, channel, now));
        overdue += stage_of(deadline) == Stage::overdue ? 1 : 0;
        kinds.insert(std::string(calendar::to_string(deadline.kind)));
    }
    nlohmann::json details = {{"channel", channel},
                              {"date", clock.today().iso()},
                              {"alerts", deadlines.size()},
                              {"overdue", overdue},
                              {"kinds", kinds}};
    journal::append(store, clock, {actor, "check", "alerts", details.dump()});
}

} // namespace attest::check
