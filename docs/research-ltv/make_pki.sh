#!/bin/sh
# Throwaway RSA PKI for PAdES B-T/B-LT/B-LTA tests:
#   root CA (self-signed) -> signer (leaf) + TSA (critical EKU timeStamping)
#   CRL of the root made with `openssl ca -gencrl` (nextUpdate = +CRLDAYS days)
# Usage: sh make_pki.sh [outdir] [crldays]
set -eu
OUT=${1:-pki}; CRLDAYS=${2:-30}
rm -rf "$OUT"; mkdir -p "$OUT/db"; cd "$OUT"
: > db/index.txt; echo 1000 > db/serial; echo 1000 > db/crlnumber
cat > ca.cnf <<CNF
[ ca ]
default_ca = root_ca
[ root_ca ]
dir = .
database = \$dir/db/index.txt
serial = \$dir/db/serial
crlnumber = \$dir/db/crlnumber
new_certs_dir = \$dir/db
certificate = \$dir/root.pem
private_key = \$dir/root.key
default_md = sha256
default_days = 825
default_crl_days = $CRLDAYS
policy = pol_any
unique_subject = no
copy_extensions = none
[ pol_any ]
commonName = supplied
organizationName = optional
countryName = optional
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = unused
[ v3_root ]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ v3_signer ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
crlDistributionPoints = URI:http://crl.catool.invalid/ca-1.crl
[ v3_tsa ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = critical, timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
crlDistributionPoints = URI:http://crl.catool.invalid/ca-1.crl
[ crl_ext ]
authorityKeyIdentifier = keyid:always
CNF
openssl genrsa -out root.key 2048 2>/dev/null
openssl req -new -x509 -config ca.cnf -key root.key -subj "/CN=Test Root CA/O=catool-test" \
    -days 3650 -extensions v3_root -out root.pem
for n in signer tsa; do
  openssl genrsa -out $n.key 2048 2>/dev/null
  openssl req -new -config ca.cnf -key $n.key -subj "/CN=Test $n/O=catool-test" -out $n.csr
  openssl ca -batch -config ca.cnf -extensions v3_$n -notext -in $n.csr -out $n.pem 2>/dev/null
done
openssl ca -config ca.cnf -gencrl -crlexts crl_ext -out root.crl.pem 2>/dev/null
openssl crl -in root.crl.pem -outform DER -out root.crl
cat tsa.pem root.pem > tsa-chain.pem
echo "PKI in $(pwd):"; ls
openssl crl -in root.crl -inform DER -noout -lastupdate -nextupdate
