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
# Each command runs 5 times per file under /usr/bin/time; reported: the median wall-clock
# seconds, the median CPU seconds (user + system: robust when other work shares the machine) and
# the largest peak RSS (%M). Every run's exit code is checked (0: both tools call every
# signature valid), or the script fails; the first check also counts two valid signatures in
# each tool's report. Floors: `sha256sum FILE` (coreutils: no SHA extensions) and
# `openssl dgst -sha256 FILE` (SHA-NI where the CPU has it), each hashing the file once.
# catool is also timed on the image file with 0, 1 and 2 signatures (what each one costs).
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

pv() { "$py" -m pyhanko sign validate --no-revocation-check --trust-replace --trust "$work/ca.pem" "$1"; }

# Both tools must see two signatures and call both valid (checked once here on the full
# output; every timed run's exit code is checked below).
for f in big images; do
    n=$("$catool" --json pdf verify "$work/$f-2.pdf" | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(d["verdict"], len(d["signatures"]), sum(1 for s in d["signatures"] if s["valid"]))') || {
        echo "verify.sh: catool pdf verify $f-2.pdf failed" >&2; exit 1; }
    [[ $n == "valid 2 2" ]] || { echo "verify.sh: catool on $f-2.pdf: verdict, signatures, valid = $n; expected valid 2 2" >&2; exit 1; }
    out=$(pv "$work/$f-2.pdf" 2>&1) || { echo "verify.sh: pyHanko rejects $f-2.pdf:" >&2; echo "$out" >&2; exit 1; }
    n=$(grep -c ':INTACT:TRUSTED' <<<"$out" || true)
    [[ $n == 2 ]] || { echo "verify.sh: pyHanko reports $n intact, trusted signatures in $f-2.pdf, expected 2:" >&2; echo "$out" >&2; exit 1; }
done

once() { # expected-exit command... -> "wall cpu peak_kib" of one run; fails unless it exits as expected
    local want=$1 t0 t1 rc u s m
    shift
    t0=$(date +%s.%N)
    /usr/bin/time -o "$work/time" -f '%x %U %S %M' "$@" >/dev/null 2>&1 || true
    t1=$(date +%s.%N)
    # last line: exit status, user s, system s, max RSS KiB (a failed command adds a line before it)
    read -r rc u s m < <(tail -n 1 "$work/time")
    if [[ $rc != "$want" ]]; then echo "verify.sh: '$*' exited $rc (expected $want)" >&2; return 1; fi
    echo "$(echo "$t1 - $t0" | bc -l) $(echo "$u + $s" | bc -l) $m"
}
measure() { # expected-exit command... -> "median_wall median_cpu max_peak_kib" over $runs runs
    local i r all=()
    for ((i = 0; i < runs; i++)); do r=$(once "$@") || exit 1; all+=("$r"); done
    local mid=$(((runs + 1) / 2))
    echo "$(printf '%s\n' "${all[@]}" | cut -d' ' -f1 | sort -g | sed -n "${mid}p")" \
         "$(printf '%s\n' "${all[@]}" | cut -d' ' -f2 | sort -g | sed -n "${mid}p")" \
         "$(printf '%s\n' "${all[@]}" | cut -d' ' -f3 | sort -g | tail -n 1)"
}
ratio() { echo "scale=1; $1 / $2" | bc -l; }
mib() { printf '%.1f' "$(echo "$1 / 1024" | bc -l)"; }
size() { local b=$1; if ((b < 1048576)); then echo "$((b / 1024)) KiB"; else echo "$(mib $((b / 1024))) MiB"; fi; }

load0=$(cut -d' ' -f1-3 /proc/loadavg)
declare -A CW CC CM PW PC PM SW OW SIZE
for f in big images; do
    file="$work/$f-2.pdf"
    SIZE[$f]=$(stat -c %s "$file")
    cat "$file" >/dev/null   # warm the page cache
    read -r CW[$f] CC[$f] CM[$f] < <(measure 0 "$catool" pdf verify "$file") || exit 1
    read -r PW[$f] PC[$f] PM[$f] < <(measure 0 "$py" -m pyhanko sign validate --no-revocation-check --trust-replace --trust "$work/ca.pem" "$file") || exit 1
    read -r SW[$f] _ _ < <(measure 0 sha256sum "$file") || exit 1
    read -r OW[$f] _ _ < <(measure 0 openssl dgst -sha256 "$file") || exit 1
done
# catool on the image file with 0 (exit 7: not signed), 1 and 2 signatures: what each costs.
declare -A NW NC NM
for n in 0 1 2; do
    case $n in 0) file=$work/images.pdf want=7 ;; 1) file=$work/images-1.pdf want=0 ;; 2) file=$work/images-2.pdf want=0 ;; esac
    read -r NW[$n] NC[$n] NM[$n] < <(measure $want "$catool" pdf verify "$file") || exit 1
done
# The 70 MB probe: what catool says (not timed, not required to pass).
over_size=$(stat -c %s "$work/over-2.pdf")
over_rc=0
over_msg=$("$catool" pdf verify "$work/over-2.pdf" 2>&1 >/dev/null) || over_rc=$?
over_msg=$(head -n 1 <<<"$over_msg" | sed "s|$work/||")
load1=$(cut -d' ' -f1-3 /proc/loadavg)

row() { # key label
    local f=$1
    printf '| %s | %s | %.3f | %.3f | %s | %.2f | %.2f | %s | %s | %s |\n' "$2" "$(size "${SIZE[$f]}")" \
        "${CW[$f]}" "${PW[$f]}" "$(ratio "${PW[$f]}" "${CW[$f]}")" \
        "${CC[$f]}" "${PC[$f]}" "$(ratio "${PC[$f]}" "${CC[$f]}")" "$(mib "${CM[$f]}")" "$(mib "${PM[$f]}")"
}
floor() { # key label
    local f=$1
    printf '| %s | %.3f | %.3f | %.3f | %s | %s |\n' "$2" "${CW[$f]}" "${SW[$f]}" "${OW[$f]}" \
        "$(ratio "${CW[$f]}" "${SW[$f]}")" "$(ratio "${CW[$f]}" "${OW[$f]}")"
}
cat <<EOF2
machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u +%F); load average $load0 at start, $load1 at end
catool $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src Cargo.toml Cargo.lock || echo ' (+ uncommitted changes in src)'), pyHanko $("$py" -c 'import importlib.metadata as m; print(m.version("pyhanko"))'), $(sha256sum --version | head -n1), $(openssl version | cut -d' ' -f1-2)
each file carries two catool RSA-2048 signatures (the first covers an earlier revision); both tools report both valid in every run.
s: median wall-clock seconds of $runs runs; CPU s: median user + system seconds; peak: largest max RSS of the $runs runs (/usr/bin/time %M)

| file (2 signatures) | size | catool verify s | pyHanko validate s | pyHanko/catool | catool CPU s | pyHanko CPU s | CPU ratio | catool peak MiB | pyHanko peak MiB |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
$(row big "300-page text PDF")
$(row images "6 pages of random RGB images")

Floors (hash the whole file once): coreutils sha256sum (no SHA extensions) and openssl dgst -sha256 (SHA-NI when the CPU has it$(grep -qw sha_ni /proc/cpuinfo && echo ': it has' || echo ': it does not')).

| file | catool verify s | sha256sum s | openssl dgst s | catool/sha256sum | catool/openssl |
| --- | ---: | ---: | ---: | ---: | ---: |
$(floor big "300-page text PDF")
$(floor images "6 pages of random RGB images")

catool pdf verify on the image file by number of signatures: $(for n in 0 1 2; do printf '%s: %.3f s, %.2f CPU s, %s MiB; ' "$n" "${NW[$n]}" "${NC[$n]}" "$(mib "${NM[$n]}")"; done | sed 's/; $//') (0 = the unsigned input, exit 7)

catool pdf verify peak memory: $(mib "${CM[big]}") MiB on the 300-page file ($(size "${SIZE[big]}")), $(mib "${CM[images]}") MiB on the image file ($(size "${SIZE[images]}"))

70 MB probe (over-2.pdf, $over_size bytes, signed twice by catool without complaint): \`catool pdf verify\` exit $over_rc${over_msg:+: $over_msg}
EOF2
