#!/usr/bin/env bash
# Reproduces the attack corpus from scratch: builds catool, makes a throwaway registry with an
# RSA CA and one signer (李娜, certificate 1, PIN 123456, PKCS#12 protected by the PIN), writes
# the base PDF, signs it with catool (approval A.pdf, certification C.pdf = DocMDP P=2; the
# same for the inherited-resources base: A2.pdf, C2.pdf, and for each prepared base of the
# second red team: prepared/prepared_VARIANT_A.pdf, _C.pdf), builds
# every attack (make_corpus.py attacks) and judges the corpus with pyHanko and catool (judge.py).
#
# usage: tests/attacks/setup_demo.sh [WORKDIR]      (default /tmp/corpus; wiped first)
# env:   CATOOL=path/to/catool (default: cargo build, then target/debug/catool)
#        SKIP_JUDGE=1 to stop after building the corpus
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
WORK="${1:-/tmp/corpus}"

if [[ -z "${CATOOL:-}" ]]; then
    (cd "$ROOT" && cargo build --quiet)
    CATOOL="$ROOT/target/debug/catool"
fi

rm -rf "$WORK"
mkdir -p "$WORK"
cd "$WORK"
export CATOOL_DB="$WORK/reg.db"
unset CATOOL_ACTOR CATOOL_NOW CATOOL_PIN CATOOL_MASTER_KEY
c() { "$CATOOL" -q "$@"; }

# Registry and onboarding (as tests/it/common/mod.rs Env::onboarded(true)).
c init
c person add --name 张伟 --id-number 110108198503120011
c person add --name 李娜 --id-number 110108199007050020
c org add --name 北京云签科技有限公司 --uscc 91110108MA01ABCD1E \
    --legal-rep 赵建国 --legal-rep-id 110108197506200055 --admin 1
c org member add --org 1 --person 2
c org authorize --org 1 --method face

# RSA CA, a paid package, 李娜's certificate (slot 2) with its PKCS#12.
c ca init --name "Corpus RSA CA" --algo rsa2048
c package buy --org 1
c package pay --package 1
printf '123456\n' > pin
chmod 600 pin
c cert assign --slot 2 --owner 李娜 --holder 李娜
c cert issue --slot 2 --ca "Corpus RSA CA" --pin-file pin --p12 signer.p12
c ca export "Corpus RSA CA" --out ca.pem

# The base document and catool's two signatures on it.
python3 "$HERE/make_corpus.py" base base.pdf
qpdf --check base.pdf > /dev/null
c --as 李娜 pdf sign base.pdf --out A.pdf --cert 1 --pin-file pin --reason approval
c --as 李娜 pdf sign base.pdf --out C.pdf --cert 1 --pin-file pin --certify --reason certification

# The same document with both pages inheriting /Resources from the page tree, signed likewise.
python3 "$HERE/make_corpus.py" base-inherited base-inherited.pdf
qpdf --check base-inherited.pdf > /dev/null
c --as 李娜 pdf sign base-inherited.pdf --out A2.pdf --cert 1 --pin-file pin --reason approval
c --as 李娜 pdf sign base-inherited.pdf --out C2.pdf --cert 1 --pin-file pin --certify \
    --reason certification

# The prepared bases of the second red team (rt2_), each signed likewise into prepared/.
mkdir -p prepared
for v in ia_oc ia_js ia_hidden_field pkey_metadata pkey_parent_metadata pkey_fieldap \
        pkey_info_gs pt_meta pt_ap zorder; do
    python3 "$HERE/make_corpus.py" base-prepared "$v" "prepared/base_$v.pdf"
    # qpdf warns (exit 3) about the pt_* bases' page without /Type, as intended.
    qpdf --check "prepared/base_$v.pdf" > /dev/null 2>&1 || [[ $? -eq 3 ]]
    c --as 李娜 pdf sign "prepared/base_$v.pdf" --out "prepared/prepared_${v}_A.pdf" --cert 1 \
        --pin-file pin --reason approval
    c --as 李娜 pdf sign "prepared/base_$v.pdf" --out "prepared/prepared_${v}_C.pdf" --cert 1 \
        --pin-file pin --certify --reason certification
done

# The attacks (the PKCS#12 password is the PIN).
python3 "$HERE/make_corpus.py" attacks --approval A.pdf --certified C.pdf \
    --p12 signer.p12 --p12-password-file pin --ca ca.pem --out "$WORK/corpus" \
    --inherited-approval A2.pdf --inherited-certified C2.pdf --prepared-dir prepared

if [[ -z "${SKIP_JUDGE:-}" ]]; then
    python3 "$HERE/judge.py" "$WORK/corpus" --ca ca.pem --catool "$CATOOL" --db "$CATOOL_DB"
fi
