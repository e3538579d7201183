#!/usr/bin/env bash
# Seal cleaning benchmark (issue 15): a 12-megapixel synthetic photo with exact ground truth
# (tests/it/clean_set: round seal, lighting gradient, paper tint, print and a ruled line across
# the seal, perspective, blur, noise, JPEG) cut out by the release binary, against the HSV
# threshold a user would otherwise script (benches/clean_hsv.py, Pillow), same run, same
# photo: wall time per run (median of N) and IoU against the truth (print excluded), print
# kept. Writes benches/RESULTS-clean.md.
#
#   bash benches/clean.sh [N]        (N runs each, default 7; needs python3 with Pillow, jq)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
cargo build --release -q --locked
catool="$PWD/target/release/catool"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CLEAN_BENCH_DIR="$work"
cargo test --release -q --locked --test it -- --ignored --exact seal_clean::bench_write_photo >/dev/null

ms() { # command... -> wall milliseconds
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1
    t1=$(date +%s%N)
    echo $(((t1 - t0) / 1000000))
}
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

photo="$work/photo.jpg"
c=$(for _ in $(seq "$runs"); do ms "$catool" -q seal clean "$photo" --out "$work/catool.png" --margin 0 --force; done | median)
p=$(for _ in $(seq "$runs"); do ms python3 benches/clean_hsv.py "$photo" "$work/hsv.png"; done | median)
# Where each output sits in the photo: catool's is cropped to the seal (its report says
# where), the HSV one has the photo's size.
"$catool" seal clean "$photo" --out "$work/catool.png" --margin 0 --force --json |
    jq -r '"\(.bbox[0]) \(.bbox[1])"' >"$work/catool.origin"
echo "0 0" >"$work/hsv.origin"
scores=$(cargo test --release -q --locked --test it -- --ignored --exact seal_clean::bench_score_outputs --nocapture | grep '^score ')
field() { echo "$scores" | awk -v n="$1" -v k="$2" '$2 == n {for (i = 3; i < NF; i++) if ($i == k) print $(i + 1)}'; }

size=$(python3 -c "from PIL import Image; print('%dx%d' % Image.open('$photo').size)")
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
ratio=$(echo "scale=1; $p / $c" | bc -l)
{
    echo "# Seal cleaning benchmark"
    echo
    echo "\`bash benches/clean.sh $runs\` on $(date -u +%Y-%m-%d): $(nproc) cores, $cpu."
    echo "One synthetic $size photo (JPEG, $(($(stat -c %s "$photo") / 1024)) KB) from"
    echo "\`tests/it/clean_set\` with its exact ink and print masks; wall time of the whole"
    echo "command (start, JPEG decode, work, PNG write), median of $runs runs each, same run."
    echo
    echo "| tool | time (median) | IoU (print excluded) | print kept as ink |"
    echo "|---|---|---|---|"
    echo "| \`catool seal clean\` (release) | $c ms | $(field catool iou) | $(field catool print_kept) % |"
    echo "| Pillow HSV threshold (\`benches/clean_hsv.py\`) | $p ms | $(field hsv iou) | $(field hsv print_kept) % |"
    echo
    echo "catool takes 1/${ratio} of the HSV script's time here (most of the script's time is"
    echo "Python start-up, the HSV conversion and writing a full-size PNG; catool writes the"
    echo "cropped seal). IoU counts pixels marked ink (alpha ≥ 128) against the true ink, print"
    echo "pixels left out; print kept is the share of print pixels near the seal marked ink."
} >benches/RESULTS-clean.md
cat benches/RESULTS-clean.md
