#!/usr/bin/env bash
# Stamping benchmark (issue: PDF stamping). Same run, same inputs, three tools:
#   1. every page of a 300-page PDF: catool vs `qpdf --overlay` (a one-page stamp PDF
#      repeated on every page) vs pyHanko (benches/pyhanko_stamp.py, its static stamp API);
#   2. a cross-page seal (骑缝章) over the same 300 pages (60 groups of 5 strips, 8 mm each):
#      catool vs the same `qpdf --overlay` (qpdf has no cross-page seal; the overlay is the
#      floor any tool touching every page pays);
#   3. 200 small PDFs: catool's batch (one process, all cores) vs a qpdf loop vs a pyHanko loop.
# Reports seconds (the 300-page catool and qpdf jobs: the median of 5 runs), the ratios, and
# catool's peak memory against the input size.
#
#   bash benches/stamp.sh            (needs qpdf, python3 with pyhanko + reportlab)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
catool="$PWD/target/release/catool"
seal="$PWD/assets/seals/official.png"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work" <<'PY'
import sys
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
work = sys.argv[1]
c = canvas.Canvas(f"{work}/big.pdf", pagesize=A4, invariant=1)
for p in range(300):
    c.setFont("Helvetica", 10)
    for i in range(50):
        c.drawString(60, 800 - i * 15, f"Page {p + 1} line {i + 1}: the quick brown fox jumps over the lazy dog 0123456789")
    c.showPage()
c.save()
import os
os.makedirs(f"{work}/small", exist_ok=True)
for n in range(200):
    c = canvas.Canvas(f"{work}/small/doc{n:03}.pdf", pagesize=A4, invariant=1)
    for p in range(2):
        c.drawString(72, 760, f"Document {n} page {p + 1}")
        c.showPage()
    c.save()
PY

seconds() { # command... -> wall seconds
    local t0 t1
    t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N)
    echo "$t1 - $t0" | bc -l
}
median5() { # command... -> the median wall seconds of 5 runs (a busy machine's outliers go)
    for _ in 1 2 3 4 5; do seconds "$@"; done | sort -g | sed -n 3p
}
peak_kib() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1; }

# The one-page stamp PDF qpdf overlays: made by catool from a blank A4 page.
python3 -c "from reportlab.pdfgen import canvas; c=canvas.Canvas('$work/blank.pdf'); c.showPage(); c.save()"
"$catool" -q pdf stamp "$work/blank.pdf" --out "$work/stamp.pdf" --image "$seal" --at 170,270

big_size=$(stat -c %s "$work/big.pdf")
c1=$(median5 "$catool" -q pdf stamp "$work/big.pdf" --out "$work/c.pdf" --force --image "$seal" --all --at 170,270)
q1=$(median5 qpdf "$work/big.pdf" --overlay "$work/stamp.pdf" --repeat=1 -- "$work/q.pdf")
p1=$(seconds python3 benches/pyhanko_stamp.py "$work/big.pdf" "$seal" "$work/p.pdf")
mem=$(peak_kib "$catool" -q pdf stamp "$work/big.pdf" --out "$work/c2.pdf" --image "$seal" --all --at 170,270)
qpdf --check "$work/c.pdf" >/dev/null
x1=$(median5 "$catool" -q pdf stamp "$work/big.pdf" --out "$work/x.pdf" --force --image "$seal" --cross-page --pages-per-seal 5)
qpdf --check "$work/x.pdf" >/dev/null

c2=$(seconds "$catool" -q pdf stamp "$work/small" --out-dir "$work/cout" --image "$seal" --all --at 170,270)
q2=$(seconds bash -c "for f in '$work'/small/*.pdf; do qpdf \"\$f\" --overlay '$work/stamp.pdf' --repeat=1 -- '$work'/q-\$(basename \"\$f\"); done")
p2=$(seconds bash -c "for f in '$work'/small/*.pdf; do python3 benches/pyhanko_stamp.py \"\$f\" '$seal' '$work'/p-\$(basename \"\$f\"); done")

ratio() { echo "scale=1; $1 / $2" | bc -l; }
cat <<EOF2
machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u +%F)
catool $(git rev-parse --short HEAD), $(qpdf --version | head -n1), pyHanko $(python3 -c 'import importlib.metadata as m; print(m.version("pyhanko"))')

| job | catool s | qpdf s | pyHanko s | qpdf/catool | pyHanko/catool |
| --- | ---: | ---: | ---: | ---: | ---: |
| every page of a 300-page PDF ($((big_size / 1024)) KiB) | $(printf %.3f "$c1") | $(printf %.3f "$q1") | $(printf %.3f "$p1") | $(ratio "$q1" "$c1") | $(ratio "$p1" "$c1") |
| cross-page seal over the 300 pages (60 groups of 5; qpdf: the overlay above) | $(printf %.3f "$x1") | $(printf %.3f "$q1") | – | $(ratio "$q1" "$x1") | – |
| 200 two-page PDFs (catool: one batch) | $(printf %.3f "$c2") | $(printf %.3f "$q2") | $(printf %.3f "$p2") | $(ratio "$q2" "$c2") | $(ratio "$p2" "$c2") |

catool peak memory on the 300-page job: $((mem / 1024)) MiB for a $((big_size / 1024)) KiB input (the process itself needs a few MiB)
EOF2
