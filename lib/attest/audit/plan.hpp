#pragma once

#include <optional>
#include <string>
#include <vector>

#include <attest/audit/audit.hpp>
#include <attest/evidence/evidence.hpp>

namespace attest::audit {

// A finding: an item answered partial or not-met, with what the plan for it is.
struct Finding {
    ItemRef item;
    storage::ResponseRecord response;
    // The finding's own plans, then those of the finding it was applied from through a
    // crosswalk (`response.applied_from`), which cover it: one corrective action, one plan.
    std::vector<storage::PlanRecord> plans;
    // True when the finding is listed under the finding it was applied from.
    bool grouped = false;
};

// True when `plan` is for another item and covers `finding` because the finding was applied
// from that item.
bool covers(const storage::PlanRecord& plan, const Finding& finding);

// The findings of an audit, most severe first, each followed by the findings applied from it.
std::vector<Finding> findings(const AuditView& view, const std::vector<storage::PlanRecord>& plans);

// The findings (`checklist:item`) a plan covers besides its own item: those applied from the
// plan's item through a crosswalk, among `responses`, the current answers of the plan's audit.
std::vector<std::string> covered_items(const storage::PlanRecord& plan,
                                       const std::vector<storage::ResponseRecord>& responses);

struct NewPlan {
    // How the deficiency is corrected.
    std::string action;
    // How recurrence is prevented.
    std::string prevention;
    // How the correction is monitored.
    std::string monitor;
    // The title responsible (a role, not a person: "Director of Nursing").
    std::string owner;
    std::optional<Date> due;
};

// The deadline a plan gets from a survey exit date when none is given: a CMS Plan of
// Correction is due 10 calendar days after the statement of deficiencies is received, a Joint
// Commission Evidence of Standards Compliance 60 days after the report. Empty for other
// frameworks or without a survey exit date.
std::optional<Date> default_plan_due(const AuditView& view, const ItemRef& item);

// Adds a corrective action plan for a finding; refuses items that are not findings, closed
// audits and missing fields. Journalled.
Result<storage::PlanRecord> add_plan(storage::Store& store, const Clock& clock,
                                     const std::string& actor, const AuditView& view,
                                     const ItemRef& item, const NewPlan& plan);

// Finds a plan by number.
Result<storage::PlanRecord> find_plan(storage::Store& store, const std::string& key);

// Marks a plan done with evidence of completion (files stored and linked to the plan).
Result<storage::PlanRecord> complete_plan(storage::Store& store, const evidence::BlobStore& blobs,
                                          const Clock& clock, const std::string& actor,
                                          const storage::PlanRecord& plan,
                                          const std::vector<std::filesystem::path>& evidence,
                                          const std::string& note);

// True when an open plan's due date has passed.
bool overdue(const storage::PlanRecord& plan, const Date& today);

} // namespace attest::audit
