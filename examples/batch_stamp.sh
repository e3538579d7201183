#!/usr/bin/env bash
# Testers: stamp every PDF in a folder on all pages with a seal image, in parallel, then
# cross-page (骑缝章) and keyword (关键字) stamps on one contract; check every output with qpdf.
#
#   examples/batch_stamp.sh INPUT_DIR SEAL.png OUTPUT_DIR
set -euo pipefail
catool="${CATOOL:-catool}"
in="${1:?usage: batch_stamp.sh INPUT_DIR SEAL.png OUTPUT_DIR}"
seal="${2:?usage: batch_stamp.sh INPUT_DIR SEAL.png OUTPUT_DIR}"
out="${3:?usage: batch_stamp.sh INPUT_DIR SEAL.png OUTPUT_DIR}"
mkdir -p "$out"

# One JSON line per file; the batch goes on after a failure and exits non-zero at the end.
status=0
"$catool" --json pdf stamp "$in" --out-dir "$out/all-pages" --image "$seal" --all --at 170,270 \
    > "$out/results.jsonl" || status=$?
# A failed batch ends with its error line (no "ok"): the summary.
jq -r 'if has("ok") | not then "batch:  \(.error.message)"
       elif .ok then "ok      \(.input)"
       else "FAILED  \(.input): \(.error.message) (exit \(.error.exit_code))" end' "$out/results.jsonl"

first=$(jq -r 'select(.ok == true) | .input' "$out/results.jsonl" | head -n 1)
if [ -n "$first" ]; then
    "$catool" pdf stamp "$first" --out "$out/cross-page.pdf" --image "$seal" --cross-page
    "$catool" pdf stamp "$first" --out "$out/keyword.pdf" --image "$seal" --keyword 盖章处 --allow-missing
fi
for f in "$out"/all-pages/*.pdf "$out"/*.pdf; do
    [ -e "$f" ] && qpdf --check "$f" >/dev/null && echo "qpdf ok $f"
done
exit "$status"
