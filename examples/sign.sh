#!/usr/bin/env bash
# Two parties sign a contract (D20): each with the certificate they hold, its PIN from a
# file, and the seal the administrator assigned them as the visible signature at 盖章处;
# then the signatures are verified (and pdfsig/pyHanko can check the RSA one too).
#
#   examples/sign.sh DEMO_DIR
#
# DEMO_DIR is a directory made by `catool demo --dir DEMO_DIR` (registry, PIN files, seals).
set -euo pipefail
catool="${CATOOL:-catool}"
demo="${1:?usage: sign.sh DEMO_DIR (made by catool demo --dir DEMO_DIR)}"
export CATOOL_DB="$demo/registry.db"
out="$demo/sign-example"
mkdir -p "$out"

# Party A: the enterprise certificate (1) held by 张伟, with the contract seal (2).
"$catool" --as 张伟 pdf sign "$demo/contract-stamped.pdf" --out "$out/a.pdf" \
    --cert 1 --pin-file "$demo/enterprise.pin" --seal 2 --keyword 盖章处 --occurrence 1 \
    --reason 同意签订 --location 北京
# Party B: 李娜's certificate (2) and her name seal (3), on the second 盖章处.
"$catool" --as 李娜 pdf sign "$out/a.pdf" --out "$out/ab.pdf" \
    --cert 2 --pin-file "$demo/lina.pin" --seal 3 --keyword 盖章处 --occurrence 2

"$catool" pdf verify "$out/ab.pdf"
"$catool" --json pdf verify "$out/ab.pdf" | jq -e '.verdict == "valid" and all(.signatures[]; .valid)' >/dev/null
echo "both signatures valid: $out/ab.pdf"
