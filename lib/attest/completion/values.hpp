#pragma once

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include <attest/audit/audit.hpp>
#include <attest/checklist/catalog.hpp>
#include <attest/config/config.hpp>
#include <attest/storage/records.hpp>

namespace attest::completion {

// One value a shell may offer, with a short description it may show beside it.
struct Candidate {
    std::string value;
    std::string description;
};

// Every audit by number (described by its name) and by name (described by its number).
std::vector<Candidate> audit_candidates(const std::vector<storage::AuditRecord>& audits);
// Every checklist id, described by its title.
std::vector<Candidate> checklist_candidates(const checklist::Catalog& catalog);
// The item ids of a checklist, described by their titles.
std::vector<Candidate> item_candidates(const checklist::Checklist& checklist);
// How an audit's items are spelled: bare where the id is unique among the audit's checklists
// (CHECKLIST:ITEM otherwise), or all as CHECKLIST:ITEM, for a user who typed a checklist id and
// a colon.
enum class Qualify { when_shared, always };

// The items an audit covers, spelled the way `audit record` accepts them.
std::vector<Candidate> item_candidates(const audit::AuditView& audit,
                                       Qualify qualify = Qualify::when_shared);
// The largest roster whose people are offered with their names (and whose sites are read):
// a larger one is offered by id alone, which is read in a tenth of the time.
inline constexpr size_t k_described_staff = 5000;

// Every staff id, described by the person's name and role.
std::vector<Candidate> staff_candidates(const std::vector<storage::StaffRecord>& staff);
// Staff ids alone, for a roster too large to describe.
std::vector<Candidate> staff_id_candidates(std::vector<std::string> ids);
// The credential types of attest.toml, described by their titles.
std::vector<Candidate> credential_type_candidates(const config::Config& config);
// The roles of attest.toml, described by their titles.
std::vector<Candidate> role_candidates(const config::Config& config);
// The sites of attest.toml, then those of audits and staff not listed there, each once.
std::vector<Candidate> site_candidates(const config::Config& config,
                                       const std::vector<storage::AuditRecord>& audits,
                                       const std::vector<storage::StaffRecord>& staff);

// True when text can be offered to a shell: well-formed UTF-8 with no control character (tab
// and line breaks included: they would split the list) and no bidirectional or line-separator
// format character, which could make a terminal show other text than the value.
bool offerable(std::string_view text);

// Writes candidates one a line, `VALUE` or `VALUE<tab>DESCRIPTION`. A value that is not
// offerable is left out; a description that is not is dropped.
void write_candidates(const std::vector<Candidate>& candidates, std::ostream& out);

} // namespace attest::completion
