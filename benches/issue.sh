#!/usr/bin/env bash
# Benchmark: issue N personal certificates, each with a PKCS#12 file, with catool and with the
# equivalent OpenSSL shell loop, in the same run, for SM2 (SM2-with-SM3) and RSA-2048.
#
#   bash benches/issue.sh [N]          # default N=1000; e.g. N=20 for a quick check
#
# Modes timed per algorithm:
#   catool batch     one `catool cert issue --batch rows.csv` process over N rows
#   catool process   one `catool cert issue --slot S` process per certificate
#   openssl loop     genpkey + req + x509 -req + pkcs12 -export per certificate (4 processes)
# ratio = openssl loop seconds / catool seconds (higher: catool faster).
#
# KDF: catool seals every issued key in its registry with Argon2id (registry settings
# kdf.memory_kib / kdf.iterations, default 19456 KiB, 2 passes); OpenSSL has no such step.
# catool runs at the default, which is also the floor since issue 12 (a lower setting is
# refused). The second pass at kdf.memory_kib=1024, kdf.iterations=1 that earlier reports
# show is no longer possible: BENCH_LOW_KDF=always|auto only makes the script stop there
# (default never).
#
# Both tools write PKCS#12 files the same way: PBES2 AES-256-CBC, PBKDF2-HMAC-SHA256 with
# 600000 iterations, SHA-256 MAC with 600000 iterations (catool's since issue 12; reports
# before it were made at OpenSSL's default of 2048), the CA certificate included. One output
# of every timed run is checked with `openssl pkcs12 -info -noout` and `openssl verify`; a
# run only counts when those checks and the file count pass.
#
# Setup (persons, enterprise, packages, slot assignment) is not timed. Everything happens in
# a temporary directory that is removed at exit. Progress goes to stderr; the report (a
# Markdown table) goes to stdout.
#
# Needs: cargo, openssl (3.x, for SM2 distid options), jq, awk.
set -euo pipefail

N="${1:-1000}"
if ! [[ "$N" =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: bash benches/issue.sh [N]   (N: certificates per run, default 1000)" >&2
    exit 2
fi
LOW_KDF="${BENCH_LOW_KDF:-never}"
case "$LOW_KDF" in always | auto | never) ;; *)
    echo "BENCH_LOW_KDF must be always, auto or never" >&2
    exit 2
    ;;
esac
for tool in cargo openssl jq awk; do
    command -v "$tool" >/dev/null || { echo "issue.sh needs $tool on PATH" >&2; exit 2; }
done

# The goals of the issue, batch mode against the OpenSSL loop.
GOAL_SM2=20
GOAL_RSA=3

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log() { printf '[issue.sh %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# ---------------------------------------------------------------------------------------
# Build catool (release) and prepare a scratch directory.
# ---------------------------------------------------------------------------------------
log "building catool (cargo build --release)"
(cd "$ROOT" && cargo build --release >&2)
CATOOL="$ROOT/target/release/catool"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/catool-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

# A fresh registry; its master key lives next to it (registry path + ".key").
unset CATOOL_ACTOR CATOOL_PIN CATOOL_MASTER_KEY
export CATOOL_DB="$WORK/registry.db"

# Every certificate gets the same 6-digit PIN, read from a file by both tools.
PIN="$WORK/pin"
printf '123456\n' >"$PIN"
chmod 600 "$PIN"

DISTID="distid:1234567812345678" # GM/T 0009 default SM2 user id; catool uses the same
ORG_NAME="北京云签科技有限公司"
ORG_USCC="91110108MA01ABCD1E"

# Timing: wall-clock seconds from `date +%s.%N`, and the CPU seconds (user + system) of
# the processes the run started, from this shell's cutime + cstime in /proc (the machine
# may be shared: CPU time shows the work done whatever else was running).
HZ=$(getconf CLK_TCK)
child_cpu() { awk -v hz="$HZ" '{ printf "%.2f", ($16 + $17) / hz }' "/proc/$$/stat"; }
timer_start() {
    T0=$(date +%s.%N)
    C0=$(child_cpu)
}
timer_stop() { # sets SECS and CPU
    local t1 c1
    t1=$(date +%s.%N)
    c1=$(child_cpu)
    SECS=$(awk -v a="$T0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
    CPU=$(awk -v a="$C0" -v b="$c1" 'BEGIN { printf "%.2f", b - a }')
}
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
DATE_START=$(date -u +%Y-%m-%dT%H:%M:%SZ)

# ---------------------------------------------------------------------------------------
# Setup (untimed): N persons with valid resident ID numbers, one authorized enterprise
# with all of them as members.
# ---------------------------------------------------------------------------------------
# gen_persons N: "name id-number" lines (benches/persons.sh).
# shellcheck source=benches/persons.sh
source "$ROOT/benches/persons.sh"

log "setup: registry, $N persons, enterprise, memberships"
"$CATOOL" -q init
gen_persons "$N" >"$WORK/persons.txt"
while read -r name idno; do
    "$CATOOL" -q person add --name "$name" --id-number "$idno"
done <"$WORK/persons.txt"
# Person ids are 1..N in a fresh registry; person 1 administers the enterprise.
"$CATOOL" -q org add --name "$ORG_NAME" --uscc "$ORG_USCC" \
    --legal-rep 赵建国 --legal-rep-id 110108197506200055 --admin 1
for ((p = 2; p <= N; p++)); do
    "$CATOOL" -q org member add --org 1 --person "$p"
done
"$CATOOL" -q org authorize --org 1 --method face

# prepare_slots FILE: buys and pays N personal slots (packages hold at most 1000 slots),
# assigns slot k to person k (owner = holder), writes the slot ids to FILE. Untimed.
prepare_slots() {
    local file="$1" left="$N" take pkg
    : >"$file"
    while ((left > 0)); do
        take=$((left > 1000 ? 1000 : left))
        pkg=$("$CATOOL" --json package buy --org 1 --enterprise-slots 0 --personal-slots "$take" | jq -r .id)
        "$CATOOL" --json package pay --package "$pkg" | jq -r '.slots[].id' >>"$file"
        left=$((left - take))
    done
    local k=0 slot
    while read -r slot; do
        k=$((k + 1))
        "$CATOOL" -q cert assign --slot "$slot" --owner "$k" --holder "$k"
    done <"$file"
}

# ---------------------------------------------------------------------------------------
# CAs: one per algorithm in catool, and the same pair made by OpenSSL for its loop.
# ---------------------------------------------------------------------------------------
log "setup: CAs"
"$CATOOL" -q ca init --name bench-sm2 --algo sm2
"$CATOOL" -q ca init --name bench-rsa --algo rsa2048
"$CATOOL" ca export bench-sm2 --out "$WORK/catool-ca-sm2.pem"
"$CATOOL" ca export bench-rsa --out "$WORK/catool-ca-rsa.pem"

mkdir "$WORK/openssl-ca"
# OpenSSL 3.0 options per algorithm: key generation, and the digest/signature options that
# req and x509 need. For SM2, x509 -req needs -vfyopt to check the CSR's SM2 signature
# (made with that distid) and -sigopt so the certificate is signed with the same distid;
# without -sigopt the certificate is signed with an empty id and fails
# `openssl verify -vfyopt distid:…`.
genpkey_opts() {
    case "$1" in
    sm2) echo "-algorithm EC -pkeyopt ec_paramgen_curve:SM2" ;;
    rsa) echo "-algorithm RSA -pkeyopt rsa_keygen_bits:2048" ;;
    esac
}
req_opts() {
    case "$1" in
    sm2) echo "-sm3 -sigopt $DISTID" ;;
    rsa) echo "-sha256" ;;
    esac
}
x509_opts() {
    case "$1" in
    sm2) echo "-sm3 -vfyopt $DISTID -sigopt $DISTID" ;;
    rsa) echo "-sha256" ;;
    esac
}
verify_opts() {
    case "$1" in
    sm2) echo "-vfyopt $DISTID" ;;
    rsa) echo "" ;;
    esac
}
for algo in sm2 rsa; do
    # shellcheck disable=SC2046 # the option strings are meant to split
    openssl genpkey -quiet $(genpkey_opts "$algo") -out "$WORK/openssl-ca/$algo.key"
    # shellcheck disable=SC2046
    openssl req -x509 -new -key "$WORK/openssl-ca/$algo.key" $(req_opts "$algo") \
        -subj "/C=CN/O=bench-$algo/CN=bench-$algo" -days 3650 \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
        -out "$WORK/openssl-ca/$algo.pem"
done
# The leaf extensions catool writes (key usage, key ids, CRL distribution point); catool's
# private identity extension (1.2.156.10260.4.1.1.1, the ID number) is left out.
cat >"$WORK/openssl-ca/leaf.ext" <<'EOF'
keyUsage = critical, digitalSignature, nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
crlDistributionPoints = URI:http://crl.catool.invalid/ca-1.crl
EOF

# ---------------------------------------------------------------------------------------
# Checking an output: the PKCS#12 opens with the PIN and uses the modern profile, its leaf
# certificate has the right key type and verifies against the issuing CA.
# ---------------------------------------------------------------------------------------
check_p12() { # p12 ca.pem algo label
    local p12="$1" ca="$2" algo="$3" label="$4" info leaf="$WORK/check-leaf.pem"
    info=$(openssl pkcs12 -info -noout -in "$p12" -passin "file:$PIN" 2>&1) || {
        log "FAIL $label: openssl pkcs12 -info cannot open $p12:"$'\n'"$info"
        return 1
    }
    grep -q '^MAC: sha256, Iteration 600000$' <<<"$info" &&
        grep -q '^Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 600000, PRF hmacWithSHA256$' <<<"$info" &&
        grep -q '^PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC, Iteration 600000, PRF hmacWithSHA256$' <<<"$info" || {
        log "FAIL $label: $p12 is not AES-256-CBC / PBKDF2-SHA256 / 600000 iterations / SHA-256 MAC:"$'\n'"$info"
        return 1
    }
    openssl pkcs12 -in "$p12" -passin "file:$PIN" -nokeys -clcerts -out "$leaf" 2>/dev/null
    local text
    text=$(openssl x509 -in "$leaf" -noout -text)
    case "$algo" in
    sm2) grep -q 'ASN1 OID: SM2' <<<"$text" && grep -q 'SM2-with-SM3' <<<"$text" ;;
    rsa) grep -q 'Public-Key: (2048 bit)' <<<"$text" && grep -q 'sha256WithRSAEncryption' <<<"$text" ;;
    esac || {
        log "FAIL $label: the leaf in $p12 is not $algo"
        return 1
    }
    # shellcheck disable=SC2046
    openssl verify -CAfile "$ca" $(verify_opts "$algo") "$leaf" >/dev/null || {
        log "FAIL $label: the leaf in $p12 does not verify against $ca"
        return 1
    }
    log "ok   $label: $p12 ($(grep -c 'Certificate bag' <<<"$info") certificate bags)"
}

# check_run DIR CA ALGO LABEL: N files were written, the first and last pass check_p12.
check_run() {
    local dir="$1" ca="$2" algo="$3" label="$4" count
    count=$(find "$dir" -name '*.p12' | wc -l)
    if ((count != N)); then
        log "FAIL $label: $count PKCS#12 files in $dir, expected $N"
        return 1
    fi
    check_p12 "$dir/1.p12" "$ca" "$algo" "$label"
    check_p12 "$dir/$N.p12" "$ca" "$algo" "$label"
}

# ---------------------------------------------------------------------------------------
# Timed runs: each appends its result to RESULTS after its outputs pass check_run.
# ---------------------------------------------------------------------------------------
RESULTS=() # "algo|mode|kdf|seconds|cpu-seconds"

# catool batch: one process, one CSV row (slot,pin_file,p12) per certificate.
run_catool_batch() { # algo kdf-label kdf-tag (tag: used in file names, no commas)
    local algo="$1" kdf="$2" out="$WORK/out-catool-batch-$1-$3"
    mkdir "$out"
    prepare_slots "$WORK/slots.txt"
    # Paths in a batch CSV are relative to the CSV's directory ($WORK) and stay inside it.
    {
        echo "slot,pin_file,p12"
        awk -v pin="${PIN#"$WORK"/}" -v out="${out#"$WORK"/}" '{ printf "%s,%s,%s/%d.p12\n", $1, pin, out, NR }' "$WORK/slots.txt"
    } >"$WORK/rows.csv"
    log "timing catool batch, $algo, KDF $kdf, N=$N"
    timer_start
    "$CATOOL" cert issue --batch "$WORK/rows.csv" --ca "bench-$algo" --p12-profile modern -q
    timer_stop
    check_run "$out" "$WORK/catool-ca-$algo.pem" "$algo" "catool batch $algo"
    RESULTS+=("$algo|catool batch|$kdf|$SECS|$CPU")
    rm -rf "$out"
}

# catool process: one process per certificate, on fresh slots.
run_catool_process() { # algo kdf-label kdf-tag
    local algo="$1" kdf="$2" out="$WORK/out-catool-process-$1-$3" k slots
    mkdir "$out"
    prepare_slots "$WORK/slots.txt"
    mapfile -t slots <"$WORK/slots.txt"
    log "timing catool process-per-certificate, $algo, KDF $kdf, N=$N"
    timer_start
    for ((k = 1; k <= N; k++)); do
        "$CATOOL" cert issue --slot "${slots[k - 1]}" --pin-file "$PIN" --ca "bench-$algo" \
            --p12 "$out/$k.p12" -q
    done
    timer_stop
    check_run "$out" "$WORK/catool-ca-$algo.pem" "$algo" "catool process $algo"
    RESULTS+=("$algo|catool process|$kdf|$SECS|$CPU")
    rm -rf "$out"
}

# OpenSSL loop: key, CSR, certificate, PKCS#12 per certificate, same subject as catool's
# (C, O, OU=INDIVIDUAL, CN=name, serialNumber=ID number) and the CA certificate included.
run_openssl() { # algo
    local algo="$1" out="$WORK/out-openssl-$1" ca="$WORK/openssl-ca/$1" k name idno
    mkdir "$out"
    local gk rq xo people
    mapfile -t people <"$WORK/persons.txt"
    gk=$(genpkey_opts "$algo") rq=$(req_opts "$algo") xo=$(x509_opts "$algo")
    log "timing openssl loop, $algo, N=$N"
    timer_start
    for ((k = 1; k <= N; k++)); do
        read -r name idno <<<"${people[k - 1]}"
        # shellcheck disable=SC2086 # option strings split on purpose
        openssl genpkey -quiet $gk -out "$out/$k.key"
        # shellcheck disable=SC2086
        openssl req -new -key "$out/$k.key" $rq -utf8 \
            -subj "/C=CN/O=$ORG_NAME/OU=INDIVIDUAL/CN=$name/serialNumber=$idno" -out "$out/$k.csr"
        # shellcheck disable=SC2086
        openssl x509 -req -in "$out/$k.csr" -CA "$ca.pem" -CAkey "$ca.key" $xo -days 365 \
            -extfile "$WORK/openssl-ca/leaf.ext" -out "$out/$k.pem" 2>/dev/null
        openssl pkcs12 -export -inkey "$out/$k.key" -in "$out/$k.pem" -certfile "$ca.pem" \
            -name "$name" -passout "file:$PIN" -iter 600000 -macalg sha256 -out "$out/$k.p12"
    done
    timer_stop
    check_run "$out" "$ca.pem" "$algo" "openssl loop $algo"
    RESULTS+=("$algo|openssl loop|-|$SECS|$CPU")
    rm -rf "$out"
}

set_kdf() { # memory_kib iterations
    "$CATOOL" -q config set kdf.memory_kib "$1"
    "$CATOOL" -q config set kdf.iterations "$2"
}
# "MEMORY ITERATIONS" as the registry holds them now
get_kdf() { "$CATOOL" --json config list | jq -r '"\(.["kdf.memory_kib"]) \(.["kdf.iterations"])"'; }

# wall-clock seconds (or, with a 4th argument "cpu", CPU seconds) of a recorded run
secs_of() { # algo mode kdf [cpu]
    local r a m k s c
    for r in "${RESULTS[@]}"; do
        IFS='|' read -r a m k s c <<<"$r"
        if [[ "$a" == "$1" && "$m" == "$2" && "$k" == "$3" ]]; then
            if [[ "${4:-}" == cpu ]]; then echo "$c"; else echo "$s"; fi
            return
        fi
    done
}
ratio() { awk -v o="$1" -v c="$2" 'BEGIN { if (c > 0) printf "%.2f", o / c; else printf "n/a" }'; }

KDF_DEFAULT="19456 KiB, 2 passes"
KDF_LOW="1024 KiB, 1 pass"

# OpenSSL loop and catool at the default KDF (a fresh registry's setting), per algorithm.
if [[ "$(get_kdf)" != "19456 2" ]]; then
    echo "a fresh registry should have kdf.memory_kib=19456, kdf.iterations=2; it has: $(get_kdf)" >&2
    exit 1
fi
for algo in sm2 rsa; do
    run_openssl "$algo"
    run_catool_batch "$algo" "$KDF_DEFAULT" default
    run_catool_process "$algo" "$KDF_DEFAULT" default
done

# A second catool pass at a low KDF cost when the default misses the SM2 goal.
sm2_default_ratio=$(ratio "$(secs_of sm2 'openssl loop' -)" "$(secs_of sm2 'catool batch' "$KDF_DEFAULT")")
low_pass=no
case "$LOW_KDF" in
always) low_pass=yes ;;
auto) awk -v r="$sm2_default_ratio" -v g="$GOAL_SM2" 'BEGIN { exit !(r < g) }' && low_pass=yes ;;
esac
if [[ "$low_pass" == yes ]]; then
    log "SM2 batch ratio at the default KDF is ${sm2_default_ratio}x (goal ${GOAL_SM2}x): second catool pass at $KDF_LOW"
    set_kdf 1024 1
    [[ "$(get_kdf)" == "1024 1" ]] || { echo "kdf setting did not take: $(get_kdf)" >&2; exit 1; }
    for algo in sm2 rsa; do
        run_catool_batch "$algo" "$KDF_LOW" low
        run_catool_process "$algo" "$KDF_LOW" low
    done
fi

# ---------------------------------------------------------------------------------------
# Report (stdout, Markdown).
# ---------------------------------------------------------------------------------------
commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
# read-only look at uncommitted changes to tracked files (benches/ itself aside)
dirty=$(git -C "$ROOT" diff --name-only HEAD -- . ':!benches' 2>/dev/null | paste -sd, - || true)
[[ -z "$dirty" ]] || commit="$commit (uncommitted changes in: $dirty)"
cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || echo unknown)
cat <<EOF
## catool cert issue vs. an OpenSSL loop, N=$N

- date: $DATE_START to $(date -u +%Y-%m-%dT%H:%M:%SZ) (setup and timed runs)
- machine: $(nproc) CPUs, ${cpu:-unknown} ($(uname -srm))
- catool: commit $commit, release build ($("$CATOOL" --version))
- OpenSSL: $(openssl version)
- catool key sealing (Argon2id, registry settings kdf.memory_kib / kdf.iterations): default $KDF_DEFAULT$([[ "$low_pass" == yes ]] && echo "; second pass $KDF_LOW")
- PKCS#12 (both tools): AES-256-CBC, PBKDF2-HMAC-SHA256 600000 iterations, SHA-256 MAC 600000 iterations, CA certificate included
- load average (1, 5, 15 min) at start: $LOAD_START; at end: $(cut -d' ' -f1-3 /proc/loadavg)
- seconds: wall clock; certs/s = N / seconds; ratio = OpenSSL loop seconds / catool seconds
  (same algorithm). CPU s: user + system seconds of the processes the run started; CPU ratio
  compares those (robust when something else shares the machine).

| algorithm | mode | catool KDF | N | seconds | certs/s | ratio | CPU s | CPU ratio |
| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |
EOF
for r in "${RESULTS[@]}"; do
    IFS='|' read -r algo mode kdf secs cpu <<<"$r"
    ossl=$(secs_of "$algo" 'openssl loop' -)
    ossl_cpu=$(secs_of "$algo" 'openssl loop' - cpu)
    label=$([[ "$algo" == sm2 ]] && echo SM2 || echo RSA-2048)
    awk -v a="$label" -v m="$mode" -v k="$kdf" -v n="$N" -v s="$secs" -v o="$ossl" \
        -v c="$cpu" -v oc="$ossl_cpu" 'BEGIN {
        ref = (m == "openssl loop")
        printf "| %s | %s | %s | %d | %.2f | %.1f | %s | %.2f | %s |\n", a, m, k, n, s, n / s,
            ref ? "1.00 (reference)" : sprintf("%.2f", o / s), c,
            ref ? "1.00" : (c > 0 ? sprintf("%.2f", oc / c) : "n/a")
    }'
done

echo
echo "Goals (batch mode): SM2 >= ${GOAL_SM2}x, RSA-2048 >= ${GOAL_RSA}x."
echo
for kdf in "$KDF_DEFAULT" "$KDF_LOW"; do
    [[ -n "$(secs_of sm2 'catool batch' "$kdf")" ]] || continue
    for algo in sm2 rsa; do
        goal=$([[ "$algo" == sm2 ]] && echo "$GOAL_SM2" || echo "$GOAL_RSA")
        r=$(ratio "$(secs_of "$algo" 'openssl loop' -)" "$(secs_of "$algo" 'catool batch' "$kdf")")
        verdict=$(awk -v r="$r" -v g="$goal" 'BEGIN { print (r >= g) ? "met" : "missed" }')
        rc=$(ratio "$(secs_of "$algo" 'openssl loop' - cpu)" "$(secs_of "$algo" 'catool batch' "$kdf" cpu)")
        echo "- $algo batch, KDF $kdf: ${r}x wall clock, ${rc}x CPU (goal ${goal}x) — $verdict"
    done
done
