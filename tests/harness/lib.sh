# Shared by the harness scripts: a workspace in a scratch folder, with the credential types
# and the RN role the writers and imports use. Sets $work (removed on exit) and $ws, and
# exports ATTEST_WORKSPACE.
: "${ATTEST:?set ATTEST to the attest binary}"
export NO_COLOR=1 ATTEST_ACTOR=harness
work=$(mktemp -d "${TMPDIR:-/tmp}/attest-$1.XXXXXX")
trap 'rm -rf "$work"' EXIT
ws=$work/ws
"$ATTEST" init "$ws" --organization Harness --site Main >/dev/null || exit 3
cat >>"$ws/attest.toml" <<'TOML'

[credential_types.license]
validity = "24 months"
[credential_types.bls]
validity = "24 months"
end_of_month = true
[credential_types.hipaa]
validity = "12 months"

[roles.rn]
title = "Registered Nurse"
requires = ["license", "bls", "hipaa"]
TOML
# A small checklist of our own keeps each export's report short.
cat >"$ws/checklists/harness.toml" <<'TOML'
[checklist]
id = "harness"
framework = "internal"
title = "Harness rounds"
version = "1"
source = "written for the harness"

[[section]]
id = "H"
title = "Rounds"

[[section.item]]
id = "H.1"
title = "Hand hygiene observed"
requirement = "Staff clean their hands before and after patient contact."
evidence = ["observation"]
severity = "high"

[[section.item]]
id = "H.2"
title = "Sharps containers below the fill line"
requirement = "Sharps containers are replaced before they are three quarters full."
evidence = ["observation"]
severity = "moderate"
TOML
export ATTEST_WORKSPACE=$ws
"$ATTEST" audit new --checklist harness --name "harness" --site Main >/dev/null || exit 3
