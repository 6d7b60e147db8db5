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
