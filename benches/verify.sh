#!/usr/bin/env bash
# Verification benchmark (issue: PDF signature verification). Same run, same inputs, two tools:
#   `catool pdf verify FILE`  vs
#   `pyhanko sign validate --no-revocation-check --trust-replace --trust ca.pem FILE`
# on two files, each signed twice by catool (two `pdf sign` runs: two signatures, the first
# covering an earlier revision, the second the whole file):
#   1. a 300-page text PDF (reportlab, as stamp.sh makes big.pdf);
#   2. a 66 MB PDF: six pages, each one uncompressed 8-bit /DeviceRGB image XObject of random
#      bytes (incompressible) drawn over the full page. 66 MB, not 70: `catool pdf verify`
#      refuses inputs over 64 MiB (67,108,864 bytes; src/cli/mod.rs read_input_file) although
#      `pdf sign` signs them. The script also signs a 70 MB file (2000 x 1944 images) and
#      prints what `catool pdf verify` says about it, without timing it.
# Each tool runs 5 times per file; the median wall-clock time is reported. Every run must exit 0
# (both tools report every signature valid), or the script fails. Peak RSS comes from one more
# run of each under /usr/bin/time -f %M. `sha256sum FILE` (median of 5) is the floor: reading and
# hashing the file once.
#
#   bash benches/verify.sh           (needs python3 with pyhanko; installs what is missing:
#                                     reportlab with pip, /usr/bin/time with `apt-get install time`)
#
# The registry (RSA CA, 李娜's certificate 1, its PIN file, ca.pem) is made in the temporary
# work directory with the commands of tests/attacks/setup_demo.sh, using the release binary.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ! -x /usr/bin/time ]]; then
    echo "verify.sh: /usr/bin/time missing: installing the Debian package 'time'" >&2
    apt-get install -y -q time >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q time >/dev/null; }
fi
if ! python3 -c 'import reportlab' 2>/dev/null; then
    echo "verify.sh: reportlab missing: pip install reportlab" >&2
    python3 -m pip install -q reportlab >&2
fi
# pyHanko through the real interpreter (not the pyenv shim scripts, which would add their own
# start-up time to every pyHanko run).
py=$(python3 -c 'import sys; print(sys.executable)')
"$py" -m pyhanko --version >/dev/null

cargo build --release -q
catool="$PWD/target/release/catool"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
runs=5

# Registry and signer, as tests/attacks/setup_demo.sh.
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
c package buy --org 1
c package pay --package 1
printf '123456\n' > "$work/pin"
chmod 600 "$work/pin"
c cert assign --slot 2 --owner 李娜 --holder 李娜
c cert issue --slot 2 --ca "Bench RSA CA" --pin-file "$work/pin" --p12 "$work/signer.p12"
c ca export "Bench RSA CA" --out "$work/ca.pem"

python3 - "$work" <<'PY'
import os, sys
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
work = sys.argv[1]

# 1. 300 pages of text, as stamp.sh.
c = canvas.Canvas(f"{work}/big.pdf", pagesize=A4, invariant=1)
for p in range(300):
    c.setFont("Helvetica", 10)
    for i in range(50):
        c.drawString(60, 800 - i * 15, f"Page {p + 1} line {i + 1}: the quick brown fox jumps over the lazy dog 0123456789")
    c.showPage()
c.save()

# 2. Six A4 pages, each one W x H RGB image of random bytes, uncompressed: 2000 x 1833
#    (11.0 MB per page, 66.0 MB) for the benchmark, 2000 x 1944 (11.66 MB, 70.0 MB) for the probe.
def image_pdf(path, W, H, pages=6):
    objs = []  # object bodies; object number = index + 1

    def add(body):
        objs.append(body)
        return len(objs)

    catalog, tree, kids = add(None), add(None), []
    for _ in range(pages):
        data = os.urandom(W * H * 3)
        img = add(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB "
                  b"/BitsPerComponent 8 /Length %d >>\nstream\n" % (W, H, len(data)) + data + b"\nendstream")
        content = b"q 595.28 0 0 841.89 0 0 cm /Im0 Do Q"
        cs = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595.28 841.89] "
                        b"/Resources << /XObject << /Im0 %d 0 R >> >> /Contents %d 0 R >>" % (tree, img, cs)))
    objs[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % tree
    objs[tree - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    with open(path, "wb") as f:
        f.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for n, body in enumerate(objs, 1):
            offsets.append(f.tell())
            f.write(b"%d 0 obj\n" % n + body + b"\nendobj\n")
        xref = f.tell()
        f.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
        for o in offsets:
            f.write(b"%010d 00000 n \n" % o)
        f.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, catalog, xref))

image_pdf(f"{work}/images.pdf", 2000, 1833)
image_pdf(f"{work}/over.pdf", 2000, 1944)
PY
if command -v qpdf >/dev/null; then qpdf --check "$work/images.pdf" >/dev/null; fi

# Two signatures on each: the second `pdf sign` signs the signed file (incremental update).
for f in big images over; do
    c --as 李娜 pdf sign "$work/$f.pdf" --out "$work/$f-1.pdf" --cert 1 --pin-file "$work/pin" --reason first
    c --as 李娜 pdf sign "$work/$f-1.pdf" --out "$work/$f-2.pdf" --cert 1 --pin-file "$work/pin" --reason second
done

cv() { "$catool" pdf verify "$1"; }
pv() { "$py" -m pyhanko sign validate --no-revocation-check --trust-replace --trust "$work/ca.pem" "$1"; }
sh() { sha256sum "$1"; }

# Both tools must see two signatures and call both valid (checked once on the outputs, then
# every timed run's exit code is checked).
for f in big images; do
    n=$("$catool" --json pdf verify "$work/$f-2.pdf" | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(d["verdict"], len(d["signatures"]), sum(1 for s in d["signatures"] if s["valid"]))') || {
        echo "verify.sh: catool pdf verify $f-2.pdf failed" >&2; exit 1; }
    [[ $n == "valid 2 2" ]] || { echo "verify.sh: catool on $f-2.pdf: verdict, signatures, valid = $n; expected valid 2 2" >&2; exit 1; }
    out=$(pv "$work/$f-2.pdf" 2>&1) || { echo "verify.sh: pyHanko rejects $f-2.pdf:" >&2; echo "$out" >&2; exit 1; }
    n=$(grep -c 'INTACT:' <<<"$out" || true)
    [[ $n == 2 ]] || { echo "verify.sh: pyHanko reports $n intact signatures in $f-2.pdf, expected 2:" >&2; echo "$out" >&2; exit 1; }
done

seconds() { # command... -> wall seconds of one run; fails the script if the run fails
    local t0 t1 rc=0
    t0=$(date +%s.%N); "$@" >/dev/null 2>&1 || rc=$?; t1=$(date +%s.%N)
    if [[ $rc != 0 ]]; then echo "verify.sh: '$*' exited $rc" >&2; return 1; fi
    echo "$t1 - $t0" | bc -l
}
median() { # command... -> median wall seconds of $runs runs
    local i s all=()
    for ((i = 0; i < runs; i++)); do s=$(seconds "$@") || exit 1; all+=("$s"); done
    printf '%s\n' "${all[@]}" | sort -g | sed -n "$(((runs + 1) / 2))p"
}
peak_kib() { # command... -> peak RSS in KiB; fails the script if the run fails
    local out rc=0
    out=$(/usr/bin/time -f %M "$@" 2>&1 >/dev/null) || rc=$?
    if [[ $rc != 0 ]]; then echo "verify.sh: '$*' exited $rc" >&2; return 1; fi
    tail -n 1 <<<"$out"
}
ratio() { echo "scale=1; $1 / $2" | bc -l; }
mib() { echo "scale=1; $1 / 1024" | bc -l; }

# The 70 MB probe: what catool says (not timed, not required to pass).
over_size=$(stat -c %s "$work/over-2.pdf")
over_rc=0
over_msg=$("$catool" pdf verify "$work/over-2.pdf" 2>&1 >/dev/null) || over_rc=$?
over_msg=$(head -n 1 <<<"$over_msg" | sed "s|$work/||")

load0=$(cut -d' ' -f1-3 /proc/loadavg)
declare -A C P S CM PM SIZE
for f in big images; do
    file="$work/$f-2.pdf"
    SIZE[$f]=$(stat -c %s "$file")
    cat "$file" >/dev/null   # warm the page cache
    C[$f]=$(median cv "$file") || exit 1
    P[$f]=$(median pv "$file") || exit 1
    S[$f]=$(median sh "$file") || exit 1
    CM[$f]=$(peak_kib "$catool" pdf verify "$file") || exit 1
    PM[$f]=$(peak_kib "$py" -m pyhanko sign validate --no-revocation-check --trust-replace --trust "$work/ca.pem" "$file") || exit 1
done
load1=$(cut -d' ' -f1-3 /proc/loadavg)

row() { # name label
    local f=$1
    printf '| %s | %s | %.3f | %.3f | %s | %.3f | %s | %s | %s |\n' "$2" \
        "$(mib $((SIZE[$f] / 1024))) MiB" "${C[$f]}" "${P[$f]}" "$(ratio "${P[$f]}" "${C[$f]}")" \
        "${S[$f]}" "$(ratio "${C[$f]}" "${S[$f]}")" "$(mib "${CM[$f]}")" "$(mib "${PM[$f]}")"
}
cat <<EOF2
machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u +%F); load average $load0 at start, $load1 at end
catool $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src Cargo.toml Cargo.lock || echo ' (+ uncommitted changes)'), pyHanko $("$py" -c 'import importlib.metadata as m; print(m.version("pyhanko"))'), $(sha256sum --version | head -n1)
seconds: median of $runs wall-clock runs; each file carries two catool RSA-2048 signatures (the first covers an earlier revision); both tools report both valid

| file (2 signatures) | size | catool verify s | pyHanko validate s | pyHanko/catool | sha256sum s | catool/sha256sum | catool peak MiB | pyHanko peak MiB |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
$(row big "300-page text PDF")
$(row images "6 pages of random RGB images")

catool pdf verify peak memory: $(mib "${CM[big]}") MiB on the 300-page file ($(mib $((SIZE[big] / 1024))) MiB), $(mib "${CM[images]}") MiB on the image file ($(mib $((SIZE[images] / 1024))) MiB)

70 MB probe (over-2.pdf, $over_size bytes, signed twice by catool without complaint): \`catool pdf verify\` exit $over_rc${over_msg:+: $over_msg}
EOF2
