#!/usr/bin/env bash
# Time-stamping and long-term-validation benchmark (issue: PAdES B-T / B-LT). Same run, same
# inputs:
#   1. what catool's in-process registry TSA adds to a signature: `catool pdf sign` of 200
#      copies of assets/contract.pdf (3 pages, 5 KB) in one batch at B-B and at B-T (and B-LT),
#      with RSA-2048 and with SM2 (certificate, CA and TSA of the same algorithm); per-document
#      time = batch time / 200, so process start-up and the PIN's KDF (paid once per batch)
#      are spread over 200 documents. Aim: B-T - B-B <= 5 ms per document. Also the wall time
#      of one document at B-B and B-T (a whole process: start-up and KDF included).
#   2. 200 PDFs at B-LT, RSA-2048: catool's batch (`pdf sign DIR --out-dir OUT --level B-LT`,
#      registry TSA, one CRL issued for the command) vs pyHanko 0.38 signing the same PDF 200
#      times at B-LT in one process (docs/research-ltv/pyhanko_sign_blt.py: in-process
#      DummyTimeStamper, CRL from a file, no fetching, a fresh ValidationContext per document)
#      with an equivalent openssl RSA-2048 PKI (docs/research-ltv/make_pki.sh: root CA, signer,
#      TSA, CRL of the root). Aim: pyHanko / catool >= 10.
# Each command runs 3 times (interleaved: B-B, B-T, B-LT, B-B, …, so drift in the machine's load
# hits every level alike); reported: the median wall-clock seconds and the median CPU seconds
# (user + system of the process, robust when other work shares the machine). Every run's exit
# code and output count are checked; one output of each tool is validated offline by pyHanko
# with revocation checking required (tests/ltv/validate_offline.py) and by `catool pdf verify`.
#
#   bash benches/ltv.sh              (needs python3 with pyhanko, openssl, bc, /usr/bin/time;
#                                     RUNS=5 for more runs)
#
# The registry (an RSA-2048 CA and an SM2 CA, 李娜's certificate 1 (RSA) and 2 (SM2) with PIN
# file `pin`, one TSA per CA: `tsa init --ca CA`) is made in a temporary directory with the
# commands of tests/attacks/setup_demo.sh, using the release binary. B-B runs name no TSA (the
# registry has two, so none is opened); B-T and B-LT name the TSA of the signer's CA.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ! -x /usr/bin/time ]]; then
    echo "ltv.sh: /usr/bin/time missing: installing the Debian package 'time'" >&2
    apt-get install -y -q time >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q time >/dev/null; }
fi
# pyHanko through the real interpreter (not a pyenv shim, which adds its own start-up).
py=$(python3 -c 'import sys; print(sys.executable)')
"$py" -c 'import pyhanko' || { echo "ltv.sh: needs pyHanko: pip install pyhanko pyhanko-cli" >&2; exit 1; }

cargo build --release -q
catool="$PWD/target/release/catool"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
runs=${RUNS:-3}
n=200

# Registry, signers and TSAs.
export CATOOL_DB="$work/reg.db"
unset CATOOL_ACTOR CATOOL_NOW CATOOL_PIN CATOOL_MASTER_KEY
c() { "$catool" -q "$@"; }
c init
c person add --name 张伟 --id-number 110108198503120011
c person add --name 李娜 --id-number 110108199007050020
c org add --name 北京云签科技有限公司 --uscc 91110108MA01ABCD1E \
    --legal-rep 赵建国 --legal-rep-id 110108197506200055 --admin 1
c org member add --org 1 --person 2
c org authorize --org 1 --method face
c ca init --name "Bench RSA CA" --algo rsa2048
c ca init --name "Bench SM2 CA" --algo sm2
c package buy --org 1
c package pay --package 1
printf '123456\n' > "$work/pin"
chmod 600 "$work/pin"
c cert assign --slot 2 --owner 李娜 --holder 李娜
c cert issue --slot 2 --ca "Bench RSA CA" --pin-file "$work/pin"     # certificate 1
c cert assign --slot 3 --owner 李娜 --holder 李娜
c cert issue --slot 3 --ca "Bench SM2 CA" --pin-file "$work/pin"     # certificate 2
c tsa init --ca "Bench RSA CA"                                       # TSA 1
c tsa init --ca "Bench SM2 CA"                                       # TSA 2
c ca export "Bench RSA CA" --out "$work/ca.pem"

# The 200 inputs: copies of the contract. pyHanko's PKI: openssl, RSA-2048, CRL for 10 years.
mkdir -p "$work/in" "$work/out"
for ((i = 0; i < n; i++)); do cp assets/contract.pdf "$(printf '%s/in/doc%03d.pdf' "$work" "$i")"; done
sh docs/research-ltv/make_pki.sh "$work/pki" 3650 >/dev/null 2>&1

once() { # command... -> "wall cpu" of one run; fails unless it exits 0
    local t0 t1 rc u s
    t0=$(date +%s.%N)
    /usr/bin/time -o "$work/time" -f '%x %U %S' "$@" >"$work/last.out" 2>&1 || true
    t1=$(date +%s.%N)
    read -r rc u s < <(tail -n 1 "$work/time")
    if [[ $rc != 0 ]]; then echo "ltv.sh: '$*' exited $rc:" >&2; cat "$work/last.out" >&2; return 1; fi
    echo "$(echo "$t1 - $t0" | bc -l) $(echo "$u + $s" | bc -l)"
}
median() { sort -g | sed -n "$(((runs + 1) / 2))p"; }
count() { find "$1" -name '*.pdf' | wc -l; }

# tag -> list of "wall cpu" samples
declare -A S
add() { S[$1]+="$2"$'\n'; }
med() { printf '%s' "${S[$1]}" | grep . | cut -d' ' -f"$2" | median; }

sign_batch() { # tag cert level [tsa]
    local tag=$1 cert=$2 level=$3 tsa=${4:-} out r
    out="$work/out/$tag-$RUN"
    r=$(once "$catool" -q --as 李娜 pdf sign "$work/in" --out-dir "$out" --cert "$cert" \
        --pin-file "$work/pin" --level "$level" ${tsa:+--tsa "$tsa"}) || exit 1
    [[ $(count "$out") == "$n" ]] || { echo "ltv.sh: $tag made $(count "$out") files, not $n" >&2; exit 1; }
    add "$tag" "$r"
}
sign_single() { # tag cert level [tsa]
    local tag=$1 cert=$2 level=$3 tsa=${4:-} r
    r=$(once "$catool" -q --as 李娜 pdf sign "$work/in/doc000.pdf" --out "$work/out/$tag-$RUN.pdf" \
        --cert "$cert" --pin-file "$work/pin" --level "$level" ${tsa:+--tsa "$tsa"}) || exit 1
    add "$tag" "$r"
}
pyhanko_batch() {
    local out="$work/out/py-$RUN" r
    mkdir -p "$out"
    r=$(PKI="$work/pki" once "$py" docs/research-ltv/pyhanko_sign_blt.py B-LT "$work/in/doc000.pdf" "$out/doc.pdf" "$n") || exit 1
    [[ $(count "$out") == "$n" ]] || { echo "ltv.sh: pyHanko made $(count "$out") files, not $n" >&2; exit 1; }
    add py "$r"
    # pyHanko's own timing of its signing loop (after start-up and imports)
    add py_loop "$(sed -n 's/.* in \([0-9.]*\)s .*/\1/p' "$work/last.out") 0"
}

load0=$(cut -d' ' -f1-3 /proc/loadavg)
cat "$work"/in/*.pdf >/dev/null
for ((RUN = 0; RUN < runs; RUN++)); do
    sign_batch rsa_bb 1 B-B
    sign_batch rsa_bt 1 B-T 1
    sign_batch rsa_blt 1 B-LT 1
    sign_batch sm2_bb 2 B-B
    sign_batch sm2_bt 2 B-T 2
    sign_single rsa_bb1 1 B-B
    sign_single rsa_bt1 1 B-T 1
    sign_single sm2_bb1 2 B-B
    sign_single sm2_bt1 2 B-T 2
    pyhanko_batch
done
load1=$(cut -d' ' -f1-3 /proc/loadavg)

# One output of each tool, validated offline with revocation checking required; catool's own
# verdict on its files (B-T and B-LT, both algorithms).
"$py" tests/ltv/validate_offline.py "$work/out/rsa_blt-0/doc199.pdf" "$work/ca.pem" >"$work/v1" 2>&1 ||
    { echo "ltv.sh: pyHanko rejects catool's B-LT output:" >&2; cat "$work/v1" >&2; exit 1; }
"$py" tests/ltv/validate_offline.py "$work/out/py-0/doc-199.pdf" "$work/pki/root.pem" >"$work/v2" 2>&1 ||
    { echo "ltv.sh: pyHanko rejects its own B-LT output:" >&2; cat "$work/v2" >&2; exit 1; }
for f in rsa_bt-0/doc199 rsa_blt-0/doc199 sm2_bt-0/doc199; do
    lv=$("$catool" --json pdf verify "$work/out/$f.pdf" | "$py" -c '
import json, sys
d = json.load(sys.stdin)
print(d["verdict"], *[s.get("pades_level") for s in d["signatures"]])')
    case $f in *blt*) want="valid B-LT" ;; *) want="valid B-T" ;; esac
    [[ $lv == "$want" ]] || { echo "ltv.sh: catool pdf verify $f.pdf: $lv, expected $want" >&2; exit 1; }
done

w() { med "$1" 1; }
cpu() { med "$1" 2; }
ms() { printf '%.2f' "$(echo "$1 * 1000 / $n" | bc -l)"; }           # seconds per batch -> ms per document
dms() { printf '%+.2f' "$(echo "($1 - $2) * 1000 / $n" | bc -l)"; }  # difference, ms per document
ratio() { printf '%.1f' "$(echo "$1 / $2" | bc -l)"; }
row() { # label bb-tag other-tag
    printf '| %s | %.3f | %s | %.3f | %s | %s | %.2f | %.2f | %s |\n' "$1" \
        "$(w "$3")" "$(ms "$(w "$3")")" "$(w "$2")" "$(ms "$(w "$2")")" "$(dms "$(w "$3")" "$(w "$2")")" \
        "$(cpu "$3")" "$(cpu "$2")" "$(dms "$(cpu "$3")" "$(cpu "$2")")"
}
single() { printf '%.3f s (%.2f CPU s)' "$(w "$1")" "$(cpu "$1")"; }
cat <<EOF2
machine: $(nproc) cores (shared with other engineers' builds), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u +%F); load average $load0 at start, $load1 at end
catool $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src Cargo.toml Cargo.lock || echo ' (+ uncommitted changes in src)'), pyHanko $("$py" -c 'import importlib.metadata as m; print(m.version("pyhanko"))'), $(openssl version | cut -d' ' -f1-2)
input: assets/contract.pdf ($(stat -c %s assets/contract.pdf) bytes, 3 pages) copied $n times; s: median wall-clock seconds of $runs runs, CPU s: median user + system seconds

1. What the registry TSA adds per document (one batch of $n; B-B names no TSA, B-T/B-LT the signer's CA's TSA)

| batch of $n, one process | level s | ms/doc | B-B s | ms/doc | wall Δ ms/doc | level CPU s | B-B CPU s | CPU Δ ms/doc |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
$(row "RSA-2048, B-T vs B-B" rsa_bb rsa_bt)
$(row "SM2, B-T vs B-B" sm2_bb sm2_bt)
$(row "RSA-2048, B-LT vs B-B" rsa_bb rsa_blt)

one document, whole process (start-up, registry open, PIN KDF, sign, record):
  RSA-2048: B-B $(single rsa_bb1), B-T $(single rsa_bt1)
  SM2:      B-B $(single sm2_bb1), B-T $(single sm2_bt1)

2. $n PDFs at B-LT, RSA-2048, offline (catool: registry TSA, one CRL per command; pyHanko: in-process DummyTimeStamper, CRL from a file)

| job | catool s | pyHanko s | pyHanko/catool | catool CPU s | pyHanko CPU s | CPU ratio |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
| $n contracts at B-LT (whole process each) | $(printf %.3f "$(w rsa_blt)") | $(printf %.2f "$(w py)") | $(ratio "$(w py)" "$(w rsa_blt)") | $(printf %.2f "$(cpu rsa_blt)") | $(printf %.2f "$(cpu py)") | $(ratio "$(cpu py)" "$(cpu rsa_blt)") |

pyHanko's own timing of its signing loop (imports and start-up excluded): $(printf %.2f "$(w py_loop)") s = $(ms "$(w py_loop)") ms/doc; catool: $(ms "$(w rsa_blt)") ms/doc including start-up
checked: every run exit 0 with $n outputs; pyHanko validates offline (revocation required) catool's and its own B-LT output; \`catool pdf verify\`: B-T (RSA, SM2) and B-LT outputs valid at those levels
EOF2
