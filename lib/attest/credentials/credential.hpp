#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <attest/config/config.hpp>
#include <attest/core/date.hpp>
#include <attest/core/date_text.hpp>
#include <attest/storage/store.hpp>

namespace attest::credentials {

// The date a credential stops being valid (it is valid through that day), or none when it does
// not expire. A stated expiry is used as given, except that a type valid through the end of its
// expiry month moves it to the month's last day. Without one, a type with a validity period
// expires that long after issue (month arithmetic clamps: a card issued on 29 February is good
// through 28 February); a type without one never expires. Rejects an expiry before issue and a
// type with a validity but neither date.
Result<std::optional<Date>> compute_expiry(const config::CredentialType& type,
                                           std::optional<Date> issued, std::optional<Date> expires);

// A credential as given on the command line or in a file, before checks.
struct NewCredential {
    std::string staff_id;
    std::string type;
    std::string number;
    std::string issuer;
    std::optional<Date> issued;
    std::optional<Date> expires;
    std::string verified_by;
    std::optional<Date> verified_at;
    std::string note;
};

enum class Renewal { no, yes };

// Records one credential for a member of staff: checks the staff id and type (suggesting close
// ones), computes the expiry and journals it. A renewal needs a credential of that type on
// record and must end later than it.
Result<storage::CredentialRecord> add_credential(storage::Store& store,
                                                 const config::Config& config, const Clock& clock,
                                                 const std::string& actor,
                                                 const NewCredential& request, Renewal renewal);

// Records that a member of staff's current credential of a type was checked with its primary
// source (the issuing board's lookup) by `verified_by` on `on`, and journals it. The date may
// not be in the future or before the credential was issued.
Result<storage::CredentialRecord>
verify_credential(storage::Store& store, const config::Config& config, const Clock& clock,
                  const std::string& actor, const std::string& staff_id, const std::string& type,
                  const std::string& verified_by, const Date& on);

struct CredentialImportOptions {
    config::ColumnMap map;
    DateStyle dates;
};

struct CredentialImportPlan {
    // The credentials to add, sorted by staff id, type, issue and expiry date; their text
    // points into `text`, which the plan keeps, and (type ids) into the configuration.
    std::vector<storage::CredentialRow> credentials;
    // Rows identical to a credential already on record or to an earlier row (a re-import),
    // skipped.
    size_t already_recorded = 0;
    size_t computed_expiry = 0;
    size_t never_expire = 0;
    size_t rows = 0;
    std::shared_ptr<const void> text;
};

// Reads a credential spreadsheet (staff id, type, number, issuer, issued, expires, verified by,
// verified on, note): every bad row is a diagnostic, and the plan only counts when there is
// none. A blank expiry means the credential does not expire, unless its type has a validity
// period and the row has an issue date, when the expiry is computed.
CredentialImportPlan plan_credential_import(storage::Store& store, const config::Config& config,
                                            const Clock& clock, std::string text,
                                            const std::string& path,
                                            const CredentialImportOptions& options,
                                            Diagnostics& diagnostics);

// Stores the planned credentials within the caller's transaction and journals the import.
void apply_credential_import(storage::Store& store, const Clock& clock, const std::string& actor,
                             const CredentialImportPlan& plan, const std::string& path,
                             const std::string& sha256);

// A training session or competency check-off: one credential of `type` issued on `date` to
// every attendee.
struct Session {
    std::string type;
    Date date;
    std::string instructor;
    std::string note;
    std::vector<std::string> staff_ids;
};

// Reads the staff ids from a sign-in sheet (a CSV with a staff id column); unknown ids are
// `path:line:col` diagnostics.
std::vector<std::string> read_sign_in_sheet(storage::Store& store, std::string_view text,
                                            const std::string& path, Diagnostics& diagnostics);

// Records a session for everyone in it, in the caller's transaction; journalled once.
Result<std::vector<storage::CredentialRecord>>
record_session(storage::Store& store, const config::Config& config, const Clock& clock,
               const std::string& actor, const Session& session);

} // namespace attest::credentials
