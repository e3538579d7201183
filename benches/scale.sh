#!/usr/bin/env bash
# Benchmark: the registry at scale (issue 17). A synthetic registry of 10,000 enterprises,
# 100,000 persons, 200,000 certificates (40,000 revoked by CA scale-main) and 1,000,000 events
# (benches/scale/gen_registry.rs), then catool's listings, one certificate, a CRL, the history
# check and one issue timed on it; and `openssl ca -gencrl` over an index.txt of the same
# 200,000 certificates, in the same run.
#
#   bash benches/scale.sh [DIVIDE]       # default 1 (full scale); e.g. 100 for a quick check
#   SCALE_DB=path bash benches/scale.sh  # reuse a registry gen_registry made (PATH.key beside)
#
# Each command runs RUNS times (default 5, env RUNS); the report gives the median wall-clock
# milliseconds and the peak RSS (GNU time). Listings print JSON (at most 1,000 rows: their
# default --limit). Goals: listings <= 100 ms; `crl` <= 500 ms and >= 5x faster than
# `openssl ca -gencrl`; `log verify` <= 5 s; one issue <= its time on an empty registry + 10
# ms. Progress goes to stderr; the report (Markdown) to stdout.
#
# Needs: cargo, openssl, sqlite3, jq, awk, GNU time (/usr/bin/time).
set -euo pipefail

DIVIDE="${1:-1}"
RUNS="${RUNS:-5}"
[[ "$DIVIDE" =~ ^[1-9][0-9]*$ ]] || { echo "usage: bash benches/scale.sh [DIVIDE]" >&2; exit 2; }
for tool in cargo openssl sqlite3 jq awk /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "scale.sh needs $tool" >&2; exit 2; }
done
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log() { printf '[scale.sh %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

if [[ -z "${SCALE_NO_BUILD:-}" ]]; then # set: use the release binaries as they are
    log "building catool and gen_registry (release)"
    (cd "$ROOT" && cargo build --release --bin catool --example gen_registry >&2)
fi
CATOOL="$ROOT/target/release/catool"
GEN="$ROOT/target/release/examples/gen_registry"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/catool-scale.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
unset CATOOL_ACTOR CATOOL_PIN CATOOL_MASTER_KEY CATOOL_AS_PIN
if [[ -n "${SCALE_DB:-}" ]]; then
    DB="$SCALE_DB"
    log "using $DB"
else
    DB="$WORK/registry.db"
    log "generating the registry (divide $DIVIDE)"
    /usr/bin/time -f '%e %M' -o "$WORK/gen.time" "$GEN" "$DB" --divide "$DIVIDE" >&2
    log "generated in $(cut -d' ' -f1 "$WORK/gen.time") s"
fi
export CATOOL_DB="$DB"
PIN="$WORK/pin"
printf '123456\n' >"$PIN"
chmod 600 "$PIN"

# time_cmd LABEL CMD...: RUNS runs; records "label|median ms|max peak KiB|rows|median CPU ms".
# CPU time (user + system) is what a loaded machine changes least: wall clock there is
# mostly waiting for a core.
RESULTS=()
time_cmd() {
    local label="$1" i ms kib rows="" user sys
    shift
    local times=() cpus=() peak=0
    for ((i = 0; i < RUNS; i++)); do
        /usr/bin/time -f '%e %M %U %S' -o "$WORK/t" "$@" >"$WORK/out" 2>"$WORK/err" || {
            log "FAIL $label: $(head -c 400 "$WORK/err")"
            exit 1
        }
        read -r secs kib user sys <"$WORK/t"
        times+=("$(awk -v s="$secs" 'BEGIN { printf "%d", s * 1000 }')")
        cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%d", (u + s) * 1000 }')")
        ((kib > peak)) && peak=$kib
    done
    # GNU time has 10 ms resolution: also time the last run with date for sub-10 ms figures.
    local t0 t1
    t0=$(date +%s%N)
    "$@" >"$WORK/out" 2>/dev/null
    t1=$(date +%s%N)
    times+=("$(((t1 - t0) / 1000000))")
    ms=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
    local cpu
    cpu=$(printf '%s\n' "${cpus[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
    if jq -e 'type == "array"' "$WORK/out" >/dev/null 2>&1; then rows=$(jq length "$WORK/out"); fi
    RESULTS+=("$label|$ms|$peak|$rows|$cpu")
    log "$label: ${ms} ms (CPU ${cpu} ms), peak ${peak} KiB${rows:+, $rows rows}"
}

# Pick subjects from the registry itself.
q() { sqlite3 "$DB" "$1"; }
ORG=$(q "SELECT org_id FROM certs GROUP BY org_id ORDER BY org_id LIMIT 1 OFFSET (SELECT count(*) / 2 FROM orgs)")
PERSON=$(q "SELECT owner_person_id FROM certs WHERE id = (SELECT max(id) / 2 FROM certs)")
PERSON_IDNO=$(q "SELECT id_number FROM persons WHERE id = $PERSON")
CERT=$(q "SELECT max(id) / 2 FROM certs")
PERSON_ORG=$(q "SELECT org_id FROM certs WHERE id = $CERT")
CERTS=$(q "SELECT count(*) FROM certs")
EVENTS=$(q "SELECT count(*) FROM events")
REVOKED_MAIN=$(q "SELECT count(*) FROM certs WHERE ca_id = (SELECT id FROM cas WHERE name = 'scale-main') AND revoked_at IS NOT NULL")

log "timing catool ($CERTS certificates, $EVENTS events)"
time_cmd "registry open (ca list)" "$CATOOL" --json ca list
time_cmd "cert list --org $ORG" "$CATOOL" --json cert list --org "$ORG"
time_cmd "cert list --person $PERSON_IDNO" "$CATOOL" --json cert list --person "$PERSON_IDNO"
time_cmd "cert list --expiring 30" "$CATOOL" --json cert list --expiring 30
time_cmd "cert list (first page)" "$CATOOL" --json cert list
time_cmd "cert list --offset 150000" "$CATOOL" --json cert list --offset 150000
time_cmd "cert show $CERT" "$CATOOL" --json cert show "$CERT"
CERT_SHA=$(q "SELECT json_extract(details, '$.sha256') FROM events WHERE action = 'cert.issue' AND object = 'cert:$CERT'")
time_cmd "cert show SHA256 (of $CERT)" "$CATOOL" --json cert show "sha256:$CERT_SHA"
time_cmd "person list (first page)" "$CATOOL" --json person list
time_cmd "org list (first page)" "$CATOOL" --json org list
time_cmd "package list (first page)" "$CATOOL" --json package list
time_cmd "log --person $PERSON_IDNO" "$CATOOL" --json log --person "$PERSON_IDNO"
time_cmd "log (first page)" "$CATOOL" --json log
# `crl` starts from the last CRL's entries when its keyed ca.crl event vouches for them and
# reads only the certificates events since then name (migration 0011): timed so (nothing
# changed since), after timing it built from every certificate (the stored entries cleared
# before each run with sqlite3, as for the first CRL after migration 0011 or after tampering).
time_cmd "crl from every certificate ($REVOKED_MAIN entries)" bash -c \
    'sqlite3 "$1" "UPDATE ca_crl SET last_entries = NULL" && "$2" crl --ca scale-main --out "$3" --force' \
    _ "$DB" "$CATOOL" "$WORK/full.crl"
time_cmd "crl --ca scale-main ($REVOKED_MAIN entries)" "$CATOOL" crl --ca scale-main --out "$WORK/main.crl" --force
CRL_ENTRIES=$(openssl crl -inform DER -in "$WORK/main.crl" -noout -text | grep -c 'Serial Number:' || true)
time_cmd "log verify ($EVENTS events)" "$CATOOL" --json log verify

# One issue: on this registry, and on an empty one (same steps), each on a fresh slot.
issue_setup() { # prints a slot id assigned in org $1 to person $2
    local pkg
    pkg=$("$CATOOL" --json package buy --org "$1" --enterprise-slots 0 --personal-slots "$RUNS" | jq -r .id)
    "$CATOOL" --json package pay --package "$pkg" | jq -r '.slots[].id' | while read -r s; do
        "$CATOOL" -q cert assign --slot "$s" --owner "$2" --holder "$2"
        echo "$s"
    done
}
issue_runs() { # label; slots in $WORK/slots
    local label="$1" s times=() t0 t1 ms
    while read -r s; do
        t0=$(date +%s%N)
        "$CATOOL" -q cert issue --slot "$s" --pin-file "$PIN" --ca scale-main
        t1=$(date +%s%N)
        times+=("$(((t1 - t0) / 1000000))")
    done <"$WORK/slots"
    ms=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
    RESULTS+=("$label|$ms||")
    log "$label: ${ms} ms"
}
issue_setup "$PERSON_ORG" "$PERSON" >"$WORK/slots"
issue_runs "cert issue (this registry)"
(
    export CATOOL_DB="$WORK/empty.db"
    "$CATOOL" -q init
    "$CATOOL" -q ca init --name scale-main --algo sm2
    "$CATOOL" -q person add --name 测试甲 --id-number 11010819900101001X
    "$CATOOL" -q org add --name 示例科技有限公司 --uscc 91110108MA01ABCD1E --legal-rep 赵建国 \
        --legal-rep-id 110108197506200055 --admin 1
    "$CATOOL" -q org authorize --org 1 --method face
    issue_setup 1 1 >"$WORK/slots"
    issue_runs "cert issue (empty registry)"
    printf '%s\n' "${RESULTS[-1]}" >"$WORK/empty.result"
)
RESULTS+=("$(cat "$WORK/empty.result")")

# OpenSSL: the same certificates in an index.txt (R with revocation date and reason, V
# otherwise), a CA of its own (P-256; one signature either way), `openssl ca -gencrl`.
log "openssl ca -gencrl over $CERTS entries"
# A stored time (2027-05-01T08:00:00Z) as index.txt writes it (270501080000Z).
asn1() { echo "substr($1, 3, 2) || substr($1, 6, 2) || substr($1, 9, 2) || substr($1, 12, 2) || substr($1, 15, 2) || substr($1, 18, 2) || 'Z'"; }
mkdir -p "$WORK/ossl"
q "SELECT CASE WHEN revoked_at IS NOT NULL AND ca_id = (SELECT id FROM cas WHERE name = 'scale-main')
              THEN 'R' ELSE 'V' END || char(9)
          || $(asn1 not_after) || char(9)
          || CASE WHEN revoked_at IS NOT NULL AND ca_id = (SELECT id FROM cas WHERE name = 'scale-main')
              THEN $(asn1 revoked_at) || ',keyCompromise' ELSE '' END || char(9)
          || CASE WHEN length(serial_hex) % 2 = 1 THEN '0' ELSE '' END || upper(serial_hex) || char(9)
          || 'unknown' || char(9) || '/C=CN/CN=cert' || id
       FROM certs ORDER BY id" >"$WORK/ossl/index.txt"
echo "unique_subject = no" >"$WORK/ossl/index.txt.attr"
echo 01 >"$WORK/ossl/crlnumber"
openssl ecparam -name prime256v1 -genkey -noout -out "$WORK/ossl/ca.key" 2>/dev/null
openssl req -x509 -new -key "$WORK/ossl/ca.key" -subj "/C=CN/CN=openssl-ca" -days 3650 \
    -out "$WORK/ossl/ca.pem" 2>/dev/null
cat >"$WORK/ossl/ca.cnf" <<EOF
[ ca ]
default_ca = CA_default
[ CA_default ]
dir = $WORK/ossl
database = \$dir/index.txt
crlnumber = \$dir/crlnumber
certificate = \$dir/ca.pem
private_key = \$dir/ca.key
default_md = sha256
default_crl_days = 7
unique_subject = no
EOF
time_cmd "openssl ca -gencrl" openssl ca -config "$WORK/ossl/ca.cnf" -gencrl -out "$WORK/ossl/crl.pem"
# The ratio goal from alternated runs (catool, openssl, catool, ...; 2 * RUNS + 1 each, timed
# to the microsecond): this machine's speed drifts by a third within minutes, so two blocks
# of runs minutes apart compare two machines.
log "crl and openssl ca -gencrl, alternated"
alt_crl=()
alt_ossl=()
us() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N); echo $(((t1 - t0) / 1000)); }
for ((i = 0; i < 2 * RUNS + 1; i++)); do
    alt_crl+=("$(us "$CATOOL" crl --ca scale-main --out "$WORK/main.crl" --force)")
    alt_ossl+=("$(us openssl ca -config "$WORK/ossl/ca.cnf" -gencrl -out "$WORK/ossl/crl.pem")")
done
median_of() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
ALT_CRL_US=$(median_of "${alt_crl[@]}")
ALT_OSSL_US=$(median_of "${alt_ossl[@]}")
log "alternated: crl ${ALT_CRL_US} us, openssl ${ALT_OSSL_US} us"
OSSL_ENTRIES=$(openssl crl -in "$WORK/ossl/crl.pem" -noout -text | grep -c 'Serial Number:' || true)

# ---------------------------------------------------------------------------------------
ms_of() { local r; for r in "${RESULTS[@]}"; do [[ "${r%%|*}" == "$1"* ]] && { cut -d'|' -f2 <<<"$r"; return; }; done; }
commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || echo unknown)
cat <<EOF
## catool registry at scale: $CERTS certificates, $EVENTS events

- machine: $(nproc) CPUs, ${cpu} ($(uname -srm)), load average $(cut -d' ' -f1-3 /proc/loadavg)
- catool: commit $commit, release build; $(openssl version)
- median of $((RUNS + 1)) runs, wall clock; peak RSS from GNU time; JSON output (listings: at most 1,000 rows, the default --limit)
- CRL entries: catool $CRL_ENTRIES, openssl $OSSL_ENTRIES

| command | ms | CPU ms | peak RSS MiB | rows |
| --- | ---: | ---: | ---: | ---: |
EOF
for r in "${RESULTS[@]}"; do
    IFS='|' read -r label ms kib rows cpu <<<"$r"
    mib=$([[ -n "$kib" ]] && awk -v k="$kib" 'BEGIN { printf "%.0f", k / 1024 }' || echo "")
    echo "| \`$label\` | $ms | $cpu | $mib | $rows |"
done
cpu_of() { local r; for r in "${RESULTS[@]}"; do [[ "${r%%|*}" == "$1"* ]] && { cut -d'|' -f5 <<<"$r"; return; }; done; }
crl=$(ms_of "crl --ca")
ossl=$(ms_of "openssl ca -gencrl")
ratio() { awk -v o="$1" -v c="$2" 'BEGIN { printf "%.1fx", o / (c > 0 ? c : 1) }'; }
echo
echo "- crl vs openssl ca -gencrl, alternated ($((2 * RUNS + 1)) runs each): $(awk -v u="$ALT_CRL_US" 'BEGIN { printf "%.1f", u / 1000 }') ms vs $(awk -v u="$ALT_OSSL_US" 'BEGIN { printf "%.1f", u / 1000 }') ms, $(ratio "$ALT_OSSL_US" "$ALT_CRL_US") wall clock (goal >= 5x, crl <= 500 ms)"
echo "- the same from the table's blocks of runs: $(ratio "$ossl" "$crl") wall clock, $(ratio "$(cpu_of "openssl ca")" "$(cpu_of "crl --ca")") CPU time"
echo "- crl built from every certificate vs openssl: $(ratio "$ossl" "$(ms_of "crl from every")") wall clock, $(ratio "$(cpu_of "openssl ca")" "$(cpu_of "crl from every")") CPU time"
echo "- one issue: $(ms_of "cert issue (this") ms here, $(ms_of "cert issue (empty") ms on an empty registry (goal: <= empty + 10 ms)"
echo "- log verify: $(ms_of "log verify") ms (goal <= 5000 ms)"
