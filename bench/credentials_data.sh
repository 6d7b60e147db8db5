# The attest.toml credential settings the credential benchmarks share: alert windows, the five
# types the data uses (and ACLS) and the rn role requiring them.
credential_config() {
  cat <<'TOML'

[credentials]
alert_windows = [90, 60, 30, 7]

[credential_types.license]
validity = "24 months"
[credential_types.bls]
validity = "24 months"
end_of_month = true
[credential_types.tb]
validity = "none"
[credential_types.hipaa]
validity = "12 months"
[credential_types.bbp]
validity = "12 months"
[credential_types.acls]
validity = "24 months"

[roles.rn]
requires = ["license", "bls", "tb", "hipaa", "bbp"]
TOML
}
# The roster and credentials the credential benchmarks import: `staff_csv N` prints N staff
# (all rn, 40 units, 500 managers); `credentials_csv N` five credentials each, expiry dates
# spread from 60 days before 2026-11-27 to two years after (tb never expires).
staff_csv() {
  awk -v n="$1" 'BEGIN {
    print "id,last_name,first_name,role,department,site,manager,manager_email"
    for (i = 1; i <= n; i++)
      printf "S%07d,Last%d,First%d,rn,Unit%d,Main,Manager %d,m%d@example.org\n", i, i, i, i % 40, i % 500, i % 500
  }'
}
credentials_csv() {
  awk -v n="$1" 'BEGIN {
    srand(7)
    print "staff_id,type,number,issuer,issued,expires"
    split("license bls hipaa bbp tb", types, " ")
    for (i = 1; i <= n; i++)
      for (t = 1; t <= 5; t++) {
        d = int(rand() * 790) - 60
        ey = 2026; em = 11; ed = 27 + d
        while (ed > 28) { ed -= 28; em++; if (em > 12) { em = 1; ey++ } }
        while (ed < 1) { ed += 28; em--; if (em < 1) { em = 12; ey-- } }
        ex = types[t] == "tb" ? "" : sprintf("%04d-%02d-%02d", ey, em, ed)
        printf "S%07d,%s,N%d,Issuer,2024-11-01,%s\n", i, types[t], i * 5 + t, ex
      }
  }'
}
# The attest.toml tables those credentials need: their types and the rn role requiring them.
credential_types_toml() {
  cat <<'TOML'

[credential_types.license]
validity = "24 months"
[credential_types.bls]
validity = "24 months"
[credential_types.tb]
validity = "none"
[credential_types.hipaa]
validity = "12 months"
[credential_types.bbp]
validity = "12 months"

[roles.rn]
requires = ["license", "bls", "tb", "hipaa", "bbp"]
TOML
}
# The same answers as attest's expiry report written as plain SQL: current credentials due by
# $2 (default 2027-01-26, 60 days from 2026-11-27) with their holders, and required credentials
# never held. $1 is how the engine says a credential is current ("c.current = 1" in SQLite,
# "c.current" in PostgreSQL).
expiring_sql() {
  local current=$1 through=${2:-2027-01-26}
  cat <<SQL
SELECT c.id, c.staff_id, c.type, c.expires, s.id, s.first_name, s.middle_name, s.last_name,
       s.former_names, s.dob, s.role, s.department, s.site, s.manager, s.manager_email, s.email,
       s.npi, s.hire_date, s.status, s.updated_at
FROM credential c JOIN staff s ON s.id = c.staff_id
WHERE $current AND c.expires <> '' AND c.expires <= '$through' AND s.status = 'active'
ORDER BY c.expires, c.staff_id, c.type;
WITH req(role, type) AS (VALUES ('rn','license'),('rn','bls'),('rn','tb'),('rn','hipaa'),
  ('rn','bbp'))
SELECT s.id, s.first_name, s.middle_name, s.last_name, s.former_names, s.dob, s.role,
       s.department, s.site, s.manager, s.manager_email, s.email, s.npi, s.hire_date, s.status,
       s.updated_at, req.type
FROM staff s JOIN req ON req.role = s.role
WHERE NOT EXISTS (SELECT 1 FROM credential c WHERE c.staff_id = s.id AND c.type = req.type
                  AND $current)
  AND s.status = 'active' ORDER BY s.id, req.type;
SQL
}
# The same answers as expiring_sql, as a DBA would write them for PostgreSQL: the due credentials
# likewise, and the people lacking a required type from one ordered pass over the current
# credentials (an aggregate of each person's types as bits, the five types of the rn role),
# not a lookup per person and type. JIT compilation is off: it takes longer than these queries
# run, and attest turns it off for its reports too.
expiring_sql_postgres() {
  local through=${1:-2027-01-26}
  cat <<SQL
SET jit = off;
SELECT c.id, c.staff_id, c.type, c.expires, s.id, s.first_name, s.middle_name, s.last_name,
       s.former_names, s.dob, s.role, s.department, s.site, s.manager, s.manager_email, s.email,
       s.npi, s.hire_date, s.status, s.updated_at
FROM credential c JOIN staff s ON s.id = c.staff_id
WHERE c.current AND c.expires <> '' AND c.expires <= '$through' AND s.status = 'active'
ORDER BY c.expires, c.staff_id, c.type;
WITH req(type, bit) AS (VALUES ('bbp', 1), ('bls', 2), ('hipaa', 4), ('license', 8), ('tb', 16)),
held AS (SELECT staff_id, bit_or(CASE type WHEN 'bbp' THEN 1 WHEN 'bls' THEN 2 WHEN 'hipaa' THEN 4
                                           WHEN 'license' THEN 8 WHEN 'tb' THEN 16 ELSE 0 END) AS bits
         FROM credential WHERE current GROUP BY staff_id),
lacking AS (SELECT s.*, coalesce(h.bits, 0) AS bits FROM staff s LEFT JOIN held h ON h.staff_id = s.id
            WHERE s.role = 'rn' AND s.status = 'active' AND coalesce(h.bits, 0) <> 31)
SELECT l.id, l.first_name, l.middle_name, l.last_name, l.former_names, l.dob, l.role,
       l.department, l.site, l.manager, l.manager_email, l.email, l.npi, l.hire_date, l.status,
       l.updated_at, req.type
FROM lacking l JOIN req ON l.bits & req.bit = 0 ORDER BY l.id, req.type;
SQL
}
# Makes the credential benchmarks' workspace in a new folder under BENCH_DIR (default /var/tmp)
# named after $1, or in the folder $2 when given (made if need be): attest.toml with credential_config, ATTEST_WORKSPACE and ATTEST_TODAY
# exported, STAFF (default 200000) people in $work/staff.csv and five credentials each in
# $work/creds.csv, neither imported. Sets $work and $staff; the caller removes $work.
credential_workspace() {
  staff=${STAFF:-200000}
  if [[ -n ${2:-} ]]; then
    work=$2
    mkdir -p "$work"
  else
    work=$(mktemp -d "${BENCH_DIR:-/var/tmp}/attest-bench-$1.XXXXXX")
  fi
  "$ATTEST" init "$work/ws" --organization Bench --site Main >/dev/null
  credential_config >>"$work/ws/attest.toml"
  export ATTEST_WORKSPACE=$work/ws ATTEST_TODAY=2026-11-27
  staff_csv "$staff" >"$work/staff.csv"
  credentials_csv "$staff" >"$work/creds.csv"
}
