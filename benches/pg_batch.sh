#!/usr/bin/env bash
# Benchmark (issue 18): batch issuance of N SM2 certificates against one PostgreSQL registry
# from two "machines" at once, against the same N on an SQLite registry from one machine,
# and the per-command cost of opening the registry on each backend.
#
#   bash benches/pg_batch.sh [N]       # default N=1000; e.g. N=40 for a quick check
#
# Machines: two HOME/XDG_DATA_HOME directories, each with its own copy of the master key
# ($XDG_DATA_HOME/catool/master.key, as README "Team setup" says), each running one
# `catool cert issue --batch` over half of the rows, both started together; the time is from
# the start until both have finished. SQLite: one process over all N rows.
#
# PostgreSQL: a throwaway cluster from tests/pg/cluster.sh (initdb + pg_ctl, a Unix socket
# only), switched back to crash-safe settings for the run (fsync, full_page_writes on;
# synchronous_commit off, which like SQLite's WAL + synchronous=NORMAL that catool uses may
# lose the last commits on a power cut but never corrupts). The server runs on the same
# 2-core machine as the clients.
#
# Setup (untimed): persons, an authorized enterprise, an SM2 CA, paid packages and one
# assigned slot per certificate, made once on SQLite and moved to PostgreSQL with
# `catool registry copy` (so both start from the same registry).
#
# Open cost: median wall time of RUNS runs (default 21) of `catool --json ca list` (reads the
# registry: connects or opens, checks the schema version, loads the master key, reads the
# CAs) on each backend, and of `catool --version` (process start only).
#
# Checks: every PKCS#12 written, no serial twice, `log verify` passes on both registries.
# Needs: cargo, jq, awk, psql and the PostgreSQL server binaries (.ci/deps).
set -euo pipefail

N="${1:-1000}"
RUNS="${RUNS:-21}"
if ! [[ "$N" =~ ^[1-9][0-9]*$ ]] || ((N < 2)); then
    echo "usage: bash benches/pg_batch.sh [N]   (N >= 2: certificates per run, default 1000)" >&2
    exit 2
fi
for tool in cargo jq awk psql; do
    command -v "$tool" >/dev/null || { echo "pg_batch.sh needs $tool on PATH" >&2; exit 2; }
done

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log() { printf '[pg_batch.sh %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

log "building catool (cargo build --release --locked)"
(cd "$ROOT" && cargo build --release --locked >&2)
CATOOL="${CARGO_TARGET_DIR:-$ROOT/target}/release/catool"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/catool-pgbench.XXXXXX")"
PGDIR="$(mktemp -d "${TMPDIR:-/tmp}/catool-pgbench-pg.XXXXXX")"
coproc CLUSTER { bash "$ROOT/tests/pg/cluster.sh" "$PGDIR"; }
CLUSTER_IN=${CLUSTER[1]}
cleanup() {
    # Closing the script's input stops the cluster and removes its directory.
    exec {CLUSTER_IN}>&- 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
read -r ready <&"${CLUSTER[0]}"
[[ "$ready" == ready* ]] || { echo "the PostgreSQL cluster did not start" >&2; exit 1; }
psql -h "$PGDIR" -U postgres -d postgres -qAt >/dev/null <<'SQL'
ALTER SYSTEM SET fsync = on;
ALTER SYSTEM SET full_page_writes = on;
ALTER SYSTEM SET synchronous_commit = off;
SELECT pg_reload_conf();
CREATE DATABASE bench;
SQL
PG_URL="postgres://postgres@/bench?host=$PGDIR&sslmode=disable"
PG_VERSION=$(psql -h "$PGDIR" -U postgres -d postgres -qAt -c "SHOW server_version")

unset CATOOL_ACTOR CATOOL_PIN CATOOL_MASTER_KEY CATOOL_AS_PIN
SQLITE_DB="$WORK/registry.db"
export CATOOL_DB="$SQLITE_DB"

PIN="$WORK/pin"
printf '123456\n' >"$PIN"
chmod 600 "$PIN"

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
DATE_START=$(date -u +%Y-%m-%dT%H:%M:%SZ)

# gen_persons N: "name id-number" lines (benches/persons.sh).
# shellcheck source=benches/persons.sh
source "$ROOT/benches/persons.sh"

log "setup on SQLite: $N persons, enterprise, SM2 CA, $N assigned slots"
"$CATOOL" -q init
gen_persons "$N" >"$WORK/persons.txt"
while read -r name idno; do
    "$CATOOL" -q person add --name "$name" --id-number "$idno"
done <"$WORK/persons.txt"
"$CATOOL" -q org add --name 北京云签科技有限公司 --uscc 91110108MA01ABCD1E \
    --legal-rep 赵建国 --legal-rep-id 110108197506200055 --admin 1
for ((p = 2; p <= N; p++)); do
    "$CATOOL" -q org member add --org 1 --person "$p"
done
"$CATOOL" -q org authorize --org 1 --method face
"$CATOOL" -q ca init --name bench-sm2 --algo sm2
left=$N
: >"$WORK/slots.txt"
while ((left > 0)); do
    take=$((left > 1000 ? 1000 : left))
    pkg=$("$CATOOL" --json package buy --org 1 --enterprise-slots 0 --personal-slots "$take" | jq -r .id)
    "$CATOOL" --json package pay --package "$pkg" | jq -r '.slots[].id' >>"$WORK/slots.txt"
    left=$((left - take))
done
k=0
while read -r slot; do
    k=$((k + 1))
    "$CATOOL" -q cert assign --slot "$slot" --owner "$k" --holder "$k"
done <"$WORK/slots.txt"

log "setup: catool registry copy to PostgreSQL; two machines with the master key"
"$CATOOL" -q registry copy --from "$SQLITE_DB" --to "$PG_URL"
for m in a b; do
    mkdir -p "$WORK/home-$m/.local/share/catool"
    chmod 700 "$WORK/home-$m" "$WORK/home-$m/.local/share/catool"
    install -m 600 "$SQLITE_DB.key" "$WORK/home-$m/.local/share/catool/master.key"
done
on_machine() { # a|b catool-args…
    local m="$1"
    shift
    HOME="$WORK/home-$m" XDG_DATA_HOME="$WORK/home-$m/.local/share" CATOOL_DB="$PG_URL" \
        "$CATOOL" "$@"
}

# rows FILE OUTDIR FIRST LAST: a batch CSV for slots FIRST..LAST of slots.txt (paths relative
# to $WORK, where the CSVs are).
rows() {
    local file="$1" out="$2" first="$3" last="$4"
    mkdir -p "$WORK/$out"
    {
        echo "slot,pin_file,p12"
        awk -v f="$first" -v l="$last" -v out="$out" 'NR >= f && NR <= l { printf "%s,pin,%s/%d.p12\n", $1, out, NR }' "$WORK/slots.txt"
    } >"$WORK/$file"
}
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

log "timing: SQLite, one machine, $N certificates"
rows rows-sqlite.csv out-sqlite 1 "$N"
t0=$(now)
"$CATOOL" -q cert issue --batch "$WORK/rows-sqlite.csv" --ca bench-sm2 --p12-profile modern
SQLITE_SECS=$(elapsed "$t0" "$(now)")

log "timing: PostgreSQL, two machines at once, $((N / 2)) + $((N - N / 2)) certificates"
half=$((N / 2))
rows rows-a.csv out-pg-a 1 "$half"
rows rows-b.csv out-pg-b $((half + 1)) "$N"
t0=$(now)
on_machine a -q cert issue --batch "$WORK/rows-a.csv" --ca bench-sm2 --p12-profile modern &
pa=$!
on_machine b -q cert issue --batch "$WORK/rows-b.csv" --ca bench-sm2 --p12-profile modern &
pb=$!
wait "$pa"
wait "$pb"
PG_SECS=$(elapsed "$t0" "$(now)")

log "checks"
n_sqlite=$(find "$WORK/out-sqlite" -name '*.p12' | wc -l)
n_pg=$(find "$WORK/out-pg-a" "$WORK/out-pg-b" -name '*.p12' | wc -l)
[[ "$n_sqlite" -eq "$N" && "$n_pg" -eq "$N" ]] || { log "FAIL: $n_sqlite / $n_pg PKCS#12 files, expected $N"; exit 1; }
for db in sqlite pg; do
    if [[ $db == pg ]]; then list=$(on_machine a --json cert list --limit 0); else list=$("$CATOOL" --json cert list --limit 0); fi
    total=$(jq '[.[] | select(.serial != null)] | length' <<<"$list")
    unique=$(jq '[.[] | select(.serial != null) | .serial] | unique | length' <<<"$list")
    [[ "$total" -eq "$unique" && "$total" -ge "$N" ]] || { log "FAIL: $db: $total certificates, $unique serials"; exit 1; }
done
"$CATOOL" -q log verify
on_machine a -q log verify
on_machine b -q log verify

# median_ms CMD…: the median wall time of RUNS runs, in milliseconds.
median_ms() {
    local i t0 t1
    for ((i = 0; i < RUNS; i++)); do
        t0=$(date +%s%N)
        "$@" >/dev/null
        t1=$(date +%s%N)
        echo $(((t1 - t0) / 1000))
    done | sort -n | awk '{ a[NR] = $1 } END { printf "%.1f", a[int((NR + 1) / 2)] / 1000 }'
}
log "timing: opening the registry, median of $RUNS runs"
VERSION_MS=$(median_ms "$CATOOL" --version)
SQLITE_MS=$(median_ms "$CATOOL" --json ca list)
PG_MS=$(median_ms on_machine a --json ca list)

LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
rate() { awk -v n="$N" -v s="$1" 'BEGIN { printf "%.1f", n / s }'; }
over() { awk -v a="$1" -v b="$VERSION_MS" 'BEGIN { printf "%.1f", a - b }'; }
echo "Machine: $(nproc) CPUs, load average $LOAD_START at start, $LOAD_END at end; $DATE_START; PostgreSQL $PG_VERSION (Unix socket, same machine); catool $("$CATOOL" --version | awk '{print $2}') release build"
echo
echo "| run | registry | certificates | wall time | throughput |"
echo "| --- | --- | ---: | ---: | ---: |"
echo "| one machine, one batch | SQLite file | $N | ${SQLITE_SECS} s | $(rate "$SQLITE_SECS") certs/s |"
echo "| two machines at once, one batch each | PostgreSQL | $N | ${PG_SECS} s | $(rate "$PG_SECS") certs/s |"
echo
echo "| command (median of $RUNS) | wall time | over process start |"
echo "| --- | ---: | ---: |"
echo "| \`catool --version\` (process start) | ${VERSION_MS} ms | – |"
echo "| \`catool --json ca list\` on SQLite | ${SQLITE_MS} ms | $(over "$SQLITE_MS") ms |"
echo "| \`catool --json ca list\` on PostgreSQL (Unix socket) | ${PG_MS} ms | $(over "$PG_MS") ms |"
echo
# The issue's goal is the per-command overhead of opening the registry (the command minus
# starting the process, which is the same whatever the registry); the whole command is shown
# beside it.
PG_OVER=$(over "$PG_MS")
verdict=$(awk -v a="$PG_OVER" 'BEGIN { print (a <= 10 ? "met" : "not met") }')
echo "Goal: opening the registry <= 10 ms per command on PostgreSQL over a Unix socket: ${PG_OVER} ms — $verdict (the whole read-only command: ${PG_MS} ms, of which ${VERSION_MS} ms starting the process)."
