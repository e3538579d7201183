#!/usr/bin/env bash
# Makes the seed inputs in fuzz/seeds/<target>/: small valid files of every kind each target
# reads, so the fuzzers start from real structure. Committed; re-run only to change them.
# Needs: a built catool (CATOOL, default target/debug/catool), openssl, qpdf, python3.
# The keys in these files are throwaway test keys made here; nothing real.
set -euo pipefail
cd "$(dirname "$0")/.."
catool="${CATOOL:-$PWD/target/debug/catool}"
seeds=fuzz/seeds
rm -rf "$seeds" && mkdir -p "$seeds"/{pdf,certificate,seal_image,batch_csv}
work=$(mktemp -d) && trap 'rm -rf "$work"' EXIT

# --- PDFs: the fixture PDFs, the hostile corpus's small ones, xref streams, signed.
cp tests/fixtures/reportlab_stsong.pdf tests/fixtures/reportlab_rotated.pdf \
   tests/fixtures/fpdf2_ttf_subset.pdf assets/contract.pdf "$seeds/pdf/"
cp tests/fixtures/hostile/{cycle,hugelen,parentcycle}.pdf "$seeds/pdf/"
qpdf --object-streams=generate assets/contract.pdf "$seeds/pdf/objstm.pdf"
qpdf --encrypt "" owner 256 -- assets/contract.pdf "$seeds/pdf/owner-password.pdf"
"$catool" -q demo --dir "$work/demo" >/dev/null
export CATOOL_DB="$work/demo/registry.db"
"$catool" -q --as 李娜 pdf sign assets/contract.pdf --out "$seeds/pdf/signed-sm2.pdf" \
    --cert 2 --pin-file "$work/demo/lina.pin"
"$catool" -q --as 张伟 pdf sign assets/contract.pdf --out "$seeds/pdf/signed-rsa.pdf" \
    --cert 1 --pin-file "$work/demo/enterprise.pin"

# --- Certificates, keys, PKCS#12 (password 123456, the target tries it), envelopes.
c="$seeds/certificate"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/rsa.key" -subj "/CN=fuzz RSA/O=测试" \
    -days 30 -out "$c/rsa.pem" 2>/dev/null
openssl x509 -in "$c/rsa.pem" -outform DER -out "$c/rsa.der"
openssl pkcs8 -topk8 -nocrypt -in "$work/rsa.key" -out "$c/rsa-key.pem"
openssl ecparam -name SM2 -genkey -noout -out "$work/sm2.ec" 2>/dev/null
openssl pkcs8 -topk8 -nocrypt -in "$work/sm2.ec" -outform DER -out "$c/sm2-key.der"
openssl req -x509 -key "$work/sm2.ec" -sm3 -sigopt distid:1234567812345678 \
    -subj "/CN=fuzz SM2" -days 30 -out "$c/sm2.pem" 2>/dev/null
openssl pkcs12 -export -in "$c/rsa.pem" -inkey "$work/rsa.key" -passout pass:123456 \
    -out "$c/rsa.p12"
openssl pkcs12 -export -legacy -in "$c/rsa.pem" -inkey "$work/rsa.key" -passout pass:123456 \
    -out "$c/rsa-legacy.p12" 2>/dev/null
# catool's own PKCS#12 (password = the demo's random PIN: parsed up to the MAC check), and
# the same pair re-packed by OpenSSL under 123456 (parsed all the way).
"$catool" -q --as 李娜 cert export --cert 2 --format p12 --pin-file "$work/demo/lina.pin" \
    --out "$c/catool-sm2.p12"
openssl pkcs12 -in "$c/catool-sm2.p12" -passin "file:$work/demo/lina.pin" -nodes \
    -out "$work/sm2-pair.pem"
openssl pkcs12 -export -in "$work/sm2-pair.pem" -passout pass:123456 -out "$c/sm2.p12"
"$catool" -q cert export --cert 1 --out "$work/ent.pem"
"$catool" -q cert export --cert 2 --out "$work/lina.pem"
printf '投标文件' > "$work/bid.txt"
"$catool" -q encrypt "$work/bid.txt" "$c/envelope-rsa.p7m" --to "$work/ent.pem"
"$catool" -q encrypt "$work/bid.txt" "$c/envelope-sm2.p7m" --to "$work/lina.pem"
openssl cms -encrypt -in "$work/bid.txt" -aes256 -outform DER "$c/rsa.pem" > "$c/envelope-openssl.p7m"
openssl cms -sign -binary -in "$work/bid.txt" -signer "$c/rsa.pem" -inkey "$work/rsa.key" \
    -outform DER -out "$c/signature.p7s"

# --- Seal pictures: small PNG (RGBA, palette, grey) and JPEG.
python3 - "$seeds/seal_image" <<'PY'
import sys
from PIL import Image
out = sys.argv[1]
seal = Image.open("assets/seals/contract.png").convert("RGBA").resize((96, 96))
seal.save(f"{out}/seal-rgba.png")
seal.convert("P").save(f"{out}/seal-palette.png")
seal.convert("L").save(f"{out}/seal-grey.png")
photo = Image.open("assets/seals/photo-before.jpg")
photo.thumbnail((160, 160))
photo.save(f"{out}/photo.jpg", quality=70)
PY

# --- Batch CSVs.
b="$seeds/batch_csv"
printf 'slot,pin_file,p12\n1,a.pin,out/a.p12\n2,"b,c.pin",\n# comment\n\n3,c.pin\n' > "$b/header.csv"
printf '1,a.pin,x.p12\n2,b.pin,x.p12\nnot-a-slot,c.pin\n4\n5,a,b,c\n' > "$b/errors.csv"
printf '\xef\xbb\xbf7,\xe5\xbc\xa0\xe4\xbc\x9f.pin\r\n8,"quoted ""pin"".pin"\r\n' > "$b/bom-crlf.csv"
ls -l "$seeds"/*
