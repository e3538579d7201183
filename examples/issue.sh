#!/usr/bin/env bash
# Operator issuance: assign every unassigned personal slot of an enterprise to a member and
# import (导入证书) the certificates in one batch, each with its own PIN file and PKCS#12.
#
#   CATOOL_DB=/tmp/reg.db WORKDIR=/tmp/out examples/issue.sh
#
# Runs on a fresh registry: it onboards a small enterprise first (as examples/onboard.sh).
# PINs are generated into 0600 files and never appear on a command line.
set -euo pipefail
catool="${CATOOL:-catool}"
export CATOOL_DB="${CATOOL_DB:?set CATOOL_DB to the registry file to use}"
work="${WORKDIR:-$(mktemp -d)}"
mkdir -p "$work/pins" "$work/p12"
chmod 700 "$work/pins"

# --- a small enterprise with two members and two personal slots -------------------------
admin=$("$catool" --json person add --name 孙丽 --id-number 110108198001010015 | jq -r .id)
m1=$("$catool" --json person add --name 钱进 --id-number 110108199203040022 | jq -r .id)
m2=$("$catool" --json person add --name 赵云 --id-number 110108199506070034 | jq -r .id)
org=$("$catool" --json org add --name 南京启明信息技术有限公司 --uscc 91330106MA2H00001E \
    --legal-rep 孙丽 --legal-rep-id 110108198001010015 --admin "$admin" | jq -r .id)
for m in "$m1" "$m2"; do "$catool" -q org member add --org "$org" --person "$m"; done
"$catool" -q org authorize --org "$org" --method face
"$catool" -q package pay --package "$("$catool" --json package buy --org "$org" | jq -r .id)"
"$catool" -q ca list --json | jq -e 'length > 0' >/dev/null ||
    "$catool" -q ca init --name 启明SM2CA --algo sm2

# --- assign each unassigned personal slot to the next member ----------------------------
members=("$m1" "$m2")
rows="$work/rows.csv"
echo "slot,pin_file,p12" > "$rows"
i=0
for slot in $("$catool" --json package list --org "$org" |
              jq -r '.[].id' | while read -r pkg; do
                  "$catool" --json package show "$pkg" |
                  jq -r '.slots[] | select(.kind == "personal" and .state == "unassigned") | .id'
              done); do
    person=${members[$((i % ${#members[@]}))]}
    "$catool" -q cert assign --slot "$slot" --owner "$person" --holder "$person"
    # A random 6-digit PIN per certificate, handed to its holder out of band.
    (umask 077; printf '%06d\n' $((10#$(od -An -N4 -tu4 /dev/urandom | tr -d ' ') % 1000000)) > "$work/pins/$slot.pin")
    # Paths in the CSV are relative to its directory ($work) and may not leave it.
    echo "$slot,pins/$slot.pin,p12/$slot.p12" >> "$rows"
    i=$((i + 1))
done

# --- one batch: a JSON line per row; stop the script if any row failed -------------------
# The PKCS#12 files get their own export password (600,000 PBKDF2 iterations), handed out
# apart from the files: protected by a 6-digit PIN alone, a file falls to a brute force.
(umask 077; od -An -N15 -tx1 /dev/urandom | tr -d ' \n' > "$work/pins/p12.pass")
"$catool" --json cert issue --batch "$rows" --p12-password-file "$work/pins/p12.pass" | tee "$work/results.jsonl" |
    jq -r 'if .ok then "slot \(.slot): certificate \(.cert_id) serial \(.serial)" else "slot \(.slot): FAILED \(.error.message)" end'
jq -se 'all(.ok)' "$work/results.jsonl" >/dev/null
echo "issued $(jq -s 'length' "$work/results.jsonl") certificates; PKCS#12 files in $work/p12 (password in $work/pins/p12.pass)"
