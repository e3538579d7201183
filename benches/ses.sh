#!/usr/bin/env bash
# Electronic seal and stamp verification benchmark (issue 19: `seal verify` and `ses verify`
# ≤ 5 ms each). Runs the release `catool` on ofdrw's samples (tests/fixtures/eseal/), with no
# registry (CATOOL_DB points nowhere) and ofdrw's root as --trust:
#   catool seal verify UserV4.esl --trust ofdrw-root.pem --at 2021-01-01    (exit 0)
#   catool ses verify DOC SignedValueV4.dat --trust ofdrw-root.pem          (exit 1: its
#                                                     data hash is zeros, every check runs)
# Each command runs RUNS times (default 50); reported: the median and the fastest wall-clock
# milliseconds of a whole process (start-up, reading, both SM2 verifications, PNG decode,
# report), and the same for `catool --version` (the start-up floor).
#
#   bash benches/ses.sh          (builds the release binary first if it is missing)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-50}
bin=target/release/catool
[[ -x $bin ]] || cargo build --release --locked >&2
fix=tests/fixtures/eseal
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CATOOL_DB=$work/none.db
echo "any document" >"$work/doc.txt"

# time_ms EXPECTED_EXIT CMD...: one run's wall-clock milliseconds (exit code checked).
time_ms() {
    local want=$1 start end rc
    shift
    start=$(date +%s%N)
    set +e
    "$@" >/dev/null 2>&1
    rc=$?
    set -e
    end=$(date +%s%N)
    [[ $rc == "$want" ]] || { echo "exit $rc, expected $want: $*" >&2; exit 1; }
    echo $(((end - start) / 1000))
}

bench() {
    local label=$1 want=$2
    shift 2
    local samples=()
    for _ in $(seq "$runs"); do samples+=("$(time_ms "$want" "$@")"); done
    python3 - "$label" "${samples[@]}" <<'PY'
import statistics, sys
label, us = sys.argv[1], sorted(int(x) for x in sys.argv[2:])
print(f"| {label} | {len(us)} | {statistics.median(us) / 1000:.2f} | {us[0] / 1000:.2f} |")
PY
}

echo "machine: $(nproc) cores; $(date -u +%F); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "catool $(git rev-parse --short HEAD)"
echo
echo "| command | runs | median ms | fastest ms |"
echo "| --- | ---: | ---: | ---: |"
bench "catool --version (start-up floor)" 0 "$bin" --version
bench "seal verify UserV4.esl" 0 "$bin" seal verify "$fix/UserV4.esl" --trust "$fix/ofdrw-root.pem" --at 2021-01-01
bench "ses verify DOC SignedValueV4.dat" 1 "$bin" ses verify "$work/doc.txt" "$fix/SignedValueV4.dat" --trust "$fix/ofdrw-root.pem"
