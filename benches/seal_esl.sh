#!/usr/bin/env bash
# Benchmark (issue 19): re-issuing the SES_Seal structures (.esl) of N seals after a reissue
# (补发, D8) of the certificate they are all assigned to, and `seal verify` / `ses verify`
# of one .esl / .ses.
#
#   bash benches/seal_esl.sh [N]       # default N=1000
#
# Setup (not timed): `catool demo` (a seal-making authority, seal 2 assigned to certificate
# 1, its .esl, the contract's .ses), then N-1 copies of seal 2, its assignment and its
# current structure inserted with sqlite3 (so N seals list certificate 1). Timed: `cert
# reissue --cert 1` (which re-issues the N structures: N SM2 signatures, N rows, N keyed
# events, one transaction) against the same reissue of certificate 2, whose one seal (3)
# re-issues one structure; the difference is the cost of the N-1 extra structures. The
# target is at most 2 s for 1000. Then `seal verify` and `ses verify`, best of 5 (each a
# whole process: opening the registry included; the target is at most 5 ms of checking).
#
# Needs: cargo, sqlite3. CATOOL: the binary [default: target/release/catool, built].
set -euo pipefail

N="${1:-1000}"
BIN="${CATOOL:-}"
if [ -z "$BIN" ]; then
    cargo build --release --locked -q
    BIN=target/release/catool
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$BIN" demo --dir "$dir/demo" >/dev/null
db="$dir/demo/registry.db"
c() { "$BIN" --db "$db" "$@"; }

sqlite3 "$db" <<SQL
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $N - 1)
INSERT INTO seals (org_id, person_id, kind, label, source, state, png, width_mm, height_mm,
                   created_at)
SELECT org_id, person_id, 'finance', label, source, state, png, width_mm, height_mm, created_at
FROM seals, n WHERE seals.id = 2;
INSERT INTO seal_assignments (seal_id, cert_id, assigned_at)
SELECT id, 1, created_at FROM seals WHERE kind = 'finance' AND id > 3;
INSERT INTO seal_structures (seal_id, maker_id, es_id, version, cert_ids, valid_start,
                             valid_end, reason, der, created_at)
SELECT s.id, t.maker_id, 'BENCH-' || s.id, t.version, t.cert_ids, t.valid_start, t.valid_end,
       t.reason, t.der, t.created_at
FROM seals s, seal_structures t WHERE s.kind = 'finance' AND s.id > 3 AND t.seal_id = 2;
SQL
listing=$(sqlite3 "$db" "SELECT count(*) FROM seal_structures WHERE cert_ids = '[1]'")
echo "seals whose .esl lists certificate 1: $listing" >&2

printf '246810\n' >"$dir/new.pin"
chmod 600 "$dir/new.pin"
now() { date +%s.%N; }
t0=$(now)
c cert reissue --cert 2 --new-pin-file "$dir/new.pin" >/dev/null
t1=$(now)
c cert reissue --cert 1 --new-pin-file "$dir/new.pin" >/dev/null
t2=$(now)
reissued=$(sqlite3 "$db" "SELECT count(*) FROM seal_structures WHERE reason = 'reissue'")
one=$(echo "$t1 - $t0" | bc)
many=$(echo "$t2 - $t1" | bc)

best() {
    local b=999
    for _ in 1 2 3 4 5; do
        local s e
        s=$(now)
        "$@" >/dev/null
        e=$(now)
        b=$(echo "if ($e - $s < $b) $e - $s else $b" | bc)
    done
    echo "$b"
}
sv=$(best c seal verify "$dir/demo/seal-3.esl")
ev=$(best c ses verify "$dir/demo/contract.pdf" "$dir/demo/contract.pdf.ses")

cat <<EOF2
| measure | seconds |
|---|---|
| cert reissue, its 1 seal's .esl re-issued | $one |
| cert reissue, its $N seals' .esl re-issued ($reissued structures with reason reissue in all) | $many |
| the $((N - 1)) extra structures | $(echo "$many - $one" | bc) |
| seal verify (whole process, best of 5) | $sv |
| ses verify (whole process, best of 5) | $ev |
EOF2
