#!/usr/bin/env bash
# Large PDFs (issue 17): `catool pdf sign` (B-B, RSA-2048) and `pdf stamp --all` of PDFs of six
# pages of incompressible images (benches/pdf_large_gen.py), against `cp` of the same file and
# `pyhanko sign addsig` (PKCS#12, RSA-2048) in the same run; `pdf verify` of the signed file
# against `pyhanko sign validate` and `pdfsig`; then the 300-page text PDF stamped on every
# page against `qpdf --overlay`. Seconds: median of RUNS runs (default 3), the tools compared
# run in turn (one round: each once); peak memory: `/usr/bin/time -f %M` (maximum resident
# set size).
#
# catool fsyncs every output before renaming it into place (a power cut leaves the old file
# or the whole new one, never half of it); `cp` does not. Both are compared: `cp`, and `cp`
# followed by `sync` of the copy (what the same guarantee costs a copy). catool's fixed costs
# (start-up, registry, the Argon2id unsealing of the signing key, the seal image) are measured
# on a one-page PDF and shown apart: "− fixed" rows are the part that grows with the file.
#
#   bash benches/pdf_large.sh            # SIZES="73 500" (MB) by default
#   SIZES=73 RUNS=5 bash benches/pdf_large.sh
#
# Needs: cargo, python3 with pyhanko and reportlab, qpdf, pdfsig, openssl, bc, GNU time. The
# report (Markdown) goes to stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in cargo python3 qpdf openssl bc pdfsig /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "pdf_large.sh needs $tool" >&2; exit 2; }
done
python3 -c 'import reportlab' 2>/dev/null ||
    { echo "pdf_large.sh needs python3's reportlab (pip install reportlab)" >&2; exit 2; }
# pyHanko through the real interpreter: a pyenv shim on PATH adds its own start-up (about
# 70 ms here) to pyHanko's time.
py=$(python3 -c 'import sys; print(sys.executable)')
"$py" -m pyhanko --version >/dev/null 2>&1 ||
    { echo "pdf_large.sh needs pyHanko's CLI for $py (pip install pyhanko pyhanko-cli)" >&2; exit 2; }
cargo build --release -q
catool="$PWD/target/release/catool"
seal="$PWD/assets/seals/official.png"
work=$(mktemp -d "${TMPDIR:-/tmp}/pdf_large.XXXXXX")
trap 'rm -rf "$work"' EXIT
runs=${RUNS:-3}
sizes=${SIZES:-73 500}

export CATOOL_DB="$work/reg.db"
unset CATOOL_ACTOR CATOOL_NOW CATOOL_PIN CATOOL_MASTER_KEY
c() { "$catool" -q "$@" >/dev/null; }
c init
c person add --name 张伟 --id-number 110108198503120011
c person add --name 李娜 --id-number 110108199007050020
c org add --name 北京云签科技有限公司 --uscc 91110108MA01ABCD1E \
    --legal-rep 赵建国 --legal-rep-id 110108197506200055 --admin 1
c org member add --org 1 --person 2
c org authorize --org 1 --method face
c ca init --name "Bench RSA CA" --algo rsa2048
c package buy --org 1
c package pay --package 1
printf '123456\n' >"$work/pin"
chmod 600 "$work/pin"
c cert assign --slot 2 --owner 李娜 --holder 李娜
c cert issue --slot 2 --ca "Bench RSA CA" --pin-file "$work/pin" # certificate 1
c ca export "Bench RSA CA" --out "$work/ca.pem"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/k.pem" -out "$work/c.pem" \
    -subj "/CN=bench" -days 30 2>/dev/null
openssl pkcs12 -export -inkey "$work/k.pem" -in "$work/c.pem" -out "$work/k.p12" -passout pass:secret
printf 'secret' >"$work/pass"

seconds() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N); echo "$t1 - $t0" | bc -l; }
median() { for _ in $(seq "$runs"); do seconds "$@"; done | sort -g | sed -n "$(((runs + 1) / 2))p"; }
# alternate NAME 'COMMAND' [NAME 'COMMAND' ...]: one run of each in turn, $runs rounds; the
# median seconds of each in MED[NAME]. The machine's speed drifts by a third within minutes:
# a ratio of two blocks of runs minutes apart compares two machines, one of interleaved
# runs compares the tools.
declare -A MED
alternate() {
    local -a names=() cmds=()
    local -A all=()
    local i
    while (($#)); do names+=("$1"); cmds+=("$2"); shift 2; done
    for _ in $(seq "$runs"); do
        for i in "${!names[@]}"; do all[${names[$i]}]+="$(seconds eval "${cmds[$i]}") "; done
    done
    for i in "${!names[@]}"; do
        MED[${names[$i]}]=$(printf '%s\n' ${all[${names[$i]}]} | sort -g | sed -n "$(((runs + 1) / 2))p")
    done
}
# Through bash, so that the shell functions below can be measured (the peak is the largest
# process's: bash's own is about 4 MiB).
# A verifier's exit status (an untrusted certificate) does not stop the run.
peak_mib() { { /usr/bin/time -f %M bash -c '"$@"' _ "$@" 2>&1 >/dev/null || true; } | tail -n 1 | awk '{printf "%.0f", $1 / 1024}'; }
r() { echo "scale=2; $1 / $2" | bc -l; }
d() { echo "$1 - $2" | bc -l; }
f() { printf '%.3f' "$1"; }

sign() { "$catool" -q --as 李娜 pdf sign "$1" --out "$2" --force --cert 1 --pin-file "$work/pin"; }
stamp() { "$catool" -q pdf stamp "$1" --out "$2" --force --image "$seal" --all --at 170,270; }
pyh() { rm -f "$2"; "$py" -m pyhanko sign addsig --field Sig1 pkcs12 --passfile "$work/pass" "$1" "$2" "$work/k.p12"; }
verify() { "$catool" -q pdf verify "$1"; }
pyv() { "$py" -m pyhanko sign validate --trust "$work/ca.pem" "$1"; }
cps() { cp "$1" "$2" && sync "$2"; }
export catool work seal py
export -f sign stamp pyh verify pyv cps

echo "# Benchmark results: \`benches/pdf_large.sh\`"
echo
echo "- machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //') ($(uname -sr)); load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- catool $(git rev-parse --short HEAD), pyHanko $("$py" -c 'import importlib.metadata as m; print(m.version("pyhanko"))'), $(qpdf --version | head -n1); median of $runs runs, the tools compared run in turn"
echo
echo "| input | job | catool s | other | other s | ratio (other / catool) | catool peak MiB | other peak MiB |"
echo "| --- | --- | ---: | --- | ---: | ---: | ---: | ---: |"
# Fixed costs: the same jobs on a one-page PDF.
python3 -c "from reportlab.pdfgen import canvas; c=canvas.Canvas('$work/small.pdf'); c.drawString(72, 760, 'one page'); c.showPage(); c.save()"
fs_s=$(median sign "$work/small.pdf" "$work/s.pdf")
ft_s=$(median stamp "$work/small.pdf" "$work/t.pdf")
echo "| 1 page | pdf sign: fixed costs | $(f "$fs_s") | - | - | - | - | - |"
echo "| 1 page | pdf stamp --all: fixed costs | $(f "$ft_s") | - | - | - | - | - |"
for mb in $sizes; do
    in="$work/in-$mb.pdf"
    python3 benches/pdf_large_gen.py "$in" "$mb"
    cat "$in" >/dev/null
    alternate cp "cp '$in' '$work/cp.pdf'" cps "cps '$in' '$work/cp.pdf'" \
        sign "sign '$in' '$work/s.pdf'" stamp "stamp '$in' '$work/t.pdf'" pyh "pyh '$in' '$work/p.pdf'"
    cp_s=${MED[cp]} cps_s=${MED[cps]} s_s=${MED[sign]} t_s=${MED[stamp]} p_s=${MED[pyh]}
    s_m=$(peak_mib sign "$in" "$work/s.pdf")
    pdfsig "$work/s.pdf" 2>/dev/null | grep -q "Signature Validation: Signature is Valid" ||
        { echo "pdf_large.sh: pdfsig does not validate catool's signature" >&2; exit 1; }
    t_m=$(peak_mib stamp "$in" "$work/t.pdf")
    qpdf --check "$work/t.pdf" >/dev/null
    p_m=$(peak_mib pyh "$in" "$work/p.pdf")
    echo "| $mb MB | pdf sign (B-B, RSA) | $(f "$s_s") | cp | $(f "$cp_s") | $(r "$cp_s" "$s_s") (sign = $(r "$s_s" "$cp_s")x cp) | $s_m | - |"
    echo "| $mb MB | pdf sign (B-B, RSA) | $(f "$s_s") | cp + sync | $(f "$cps_s") | $(r "$cps_s" "$s_s") (sign = $(r "$s_s" "$cps_s")x cp + sync) | $s_m | - |"
    sv_s=$(d "$s_s" "$fs_s")
    echo "| $mb MB | pdf sign − fixed | $(f "$sv_s") | cp | $(f "$cp_s") | $(r "$cp_s" "$sv_s") (= $(r "$sv_s" "$cp_s")x cp) | - | - |"
    echo "| $mb MB | pdf sign − fixed | $(f "$sv_s") | cp + sync | $(f "$cps_s") | $(r "$cps_s" "$sv_s") (= $(r "$sv_s" "$cps_s")x cp + sync) | - | - |"
    echo "| $mb MB | pdf sign (B-B, RSA) | $(f "$s_s") | pyhanko sign addsig | $(f "$p_s") | $(r "$p_s" "$s_s") | $s_m | $p_m |"
    echo "| $mb MB | pdf stamp --all | $(f "$t_s") | cp | $(f "$cp_s") | $(r "$cp_s" "$t_s") (stamp = $(r "$t_s" "$cp_s")x cp) | $t_m | - |"
    echo "| $mb MB | pdf stamp --all | $(f "$t_s") | cp + sync | $(f "$cps_s") | $(r "$cps_s" "$t_s") (stamp = $(r "$t_s" "$cps_s")x cp + sync) | $t_m | - |"
    tv_s=$(d "$t_s" "$ft_s")
    echo "| $mb MB | pdf stamp --all − fixed | $(f "$tv_s") | cp | $(f "$cp_s") | $(r "$cp_s" "$tv_s") (= $(r "$tv_s" "$cp_s")x cp) | - | - |"
    echo "| $mb MB | pdf stamp --all − fixed | $(f "$tv_s") | cp + sync | $(f "$cps_s") | $(r "$cps_s" "$tv_s") (= $(r "$tv_s" "$cps_s")x cp + sync) | - | - |"
    alternate verify "verify '$work/s.pdf'" pyv "pyv '$work/s.pdf'" pdfsig "pdfsig '$work/s.pdf'"
    v_s=${MED[verify]} pv_s=${MED[pyv]} ps_s=${MED[pdfsig]}
    v_m=$(peak_mib verify "$work/s.pdf")
    pv_m=$(peak_mib pyv "$work/s.pdf")
    ps_m=$(peak_mib pdfsig "$work/s.pdf")
    echo "| $mb MB | pdf verify (1 signature) | $(f "$v_s") | pyhanko sign validate | $(f "$pv_s") | $(r "$pv_s" "$v_s") | $v_m | $pv_m |"
    echo "| $mb MB | pdf verify (1 signature) | $(f "$v_s") | pdfsig | $(f "$ps_s") | $(r "$ps_s" "$v_s") | $v_m | $ps_m |"
    rm -f "$in" "$work"/*.pdf
done

python3 - "$work" <<'PY'
import sys
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
c = canvas.Canvas(f"{sys.argv[1]}/text.pdf", pagesize=A4, invariant=1)
for p in range(300):
    c.setFont("Helvetica", 10)
    for i in range(50):
        c.drawString(60, 800 - i * 15, f"Page {p + 1} line {i + 1}: the quick brown fox jumps over the lazy dog 0123456789")
    c.showPage()
c.save()
PY
"$catool" -q pdf stamp "$work/text.pdf" --out "$work/one.pdf" --image "$seal" --pages 1 --at 170,270
qpdf "$work/one.pdf" --pages "$work/one.pdf" 1 -- "$work/stamp.pdf"
alternate c "stamp '$work/text.pdf' '$work/c.pdf'" \
    q "qpdf '$work/text.pdf' --overlay '$work/stamp.pdf' --repeat=1 -- '$work/q.pdf'" \
    qs "qpdf '$work/text.pdf' --overlay '$work/stamp.pdf' --repeat=1 -- '$work/q.pdf' && sync '$work/q.pdf'"
c_s=${MED[c]} q_s=${MED[q]} qs_s=${MED[qs]}
c_m=$(peak_mib stamp "$work/text.pdf" "$work/c.pdf")
echo "| 300-page text | pdf stamp --all | $(f "$c_s") | qpdf --overlay | $(f "$q_s") | $(r "$q_s" "$c_s") | $c_m | - |"
echo "| 300-page text | pdf stamp --all | $(f "$c_s") | qpdf --overlay + sync | $(f "$qs_s") | $(r "$qs_s" "$c_s") | $c_m | - |"
echo
echo "- load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
