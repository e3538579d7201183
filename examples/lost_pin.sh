#!/usr/bin/env bash
# Support staff: a holder forgot the PIN (or lost the phone). Check the certificate, reissue
# it (补发证书) with a new PIN, give the holder the new PKCS#12, publish a fresh CRL.
#
#   CATOOL_DB=/tmp/reg.db examples/lost_pin.sh CERT_ID NEW_PIN_FILE OUT_DIR
#
# The new PIN comes from a file (never the command line). Seal images must be uploaded
# again afterwards (D8): the script says so.
set -euo pipefail
catool="${CATOOL:-catool}"
export CATOOL_DB="${CATOOL_DB:?set CATOOL_DB to the registry file to use}"
cert="${1:?usage: lost_pin.sh CERT_ID NEW_PIN_FILE OUT_DIR}"
new_pin="${2:?usage: lost_pin.sh CERT_ID NEW_PIN_FILE OUT_DIR}"
out="${3:?usage: lost_pin.sh CERT_ID NEW_PIN_FILE OUT_DIR}"
mkdir -p "$out"

before=$("$catool" --json cert show "$cert")
echo "certificate $cert: $(jq -r '.state' <<<"$before"), holder $(jq -r '.holder.name' <<<"$before"), wrong PINs $(jq -r .wrong_pins <<<"$before")"

after=$("$catool" --json cert reissue --cert "$cert" --new-pin-file "$new_pin")
new=$(jq -r .id <<<"$after")
echo "reissued as certificate $new (serial $(jq -r .serial <<<"$after")), valid until $(jq -r .not_after <<<"$after")"

# The PKCS#12 gets its own export password (a PIN alone falls to a brute force); hand it
# to the holder apart from the file.
(umask 077; od -An -N15 -tx1 /dev/urandom | tr -d ' \n' > "$out/cert-$new.p12.pass")
"$catool" cert export --cert "$new" --format p12 --pin-file "$new_pin" \
    --p12-password-file "$out/cert-$new.p12.pass" --out "$out/cert-$new.p12"
ca=$(jq -r .ca_id <<<"$after")
"$catool" -q crl --ca "$ca" --out "$out/ca-$ca.crl"
echo "new PKCS#12: $out/cert-$new.p12 (password in $out/cert-$new.p12.pass); CRL with the old serial: $out/ca-$ca.crl"
echo "remind the holder: upload the seal image again (补发完成后需要重新上传签章图片, D8)"
