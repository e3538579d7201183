"""A foreign PKI and PDF edits for the long-term-validation attacks (tests/it/attacks_ltv.rs).

usage:
  forge.py pki DIR [--tsa-seconds N]    DIR/ca.pem, ca.key (a foreign root CA), tsa.pem, tsa.key
                                         (its TSA: critical timeStamping EKU, valid from a day
                                         ago for N seconds, default 30 days)
  forge.py crl DIR OUT [--revoke CERT.pem --days-ago D]
                                         a CRL (DER) signed by DIR's CA, fresh for 7 days,
                                         listing CERT revoked D days ago (default 1)
  forge.py add-dss IN OUT [--cert PEM_OR_DER]... [--crl DER]...
                                         appends an incremental update adding them to the /DSS
                                         (pyHanko's writer: what another tool would produce)
  forge.py doc-timestamp IN OUT URL      a document timestamp (pyHanko's PdfTimeStamper) from
                                         the RFC 3161 TSA at URL, with no validation data
"""

import argparse
import datetime as dt
import io

from asn1crypto import crl as acrl
from asn1crypto import pem
from asn1crypto import x509 as ax509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

UTC = dt.timezone.utc


def now():
    return dt.datetime.now(UTC).replace(microsecond=0)


def der_of(path):
    data = open(path, "rb").read()
    return pem.unarmor(data)[2] if pem.detect(data) else data


def write_pair(d, stem, cert, key):
    open(f"{d}/{stem}.pem", "wb").write(cert.public_bytes(serialization.Encoding.PEM))
    open(f"{d}/{stem}.key", "wb").write(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


def pki(a):
    t = now()
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Foreign Platform Root CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(1)
        .not_valid_before(t - dt.timedelta(days=30))
        .not_valid_after(t + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), True
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    tsa = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Foreign Platform TSA")]))
        .issuer_name(ca_name)
        .public_key(tsa_key.public_key())
        .serial_number(0x7A5)
        .not_valid_before(t - dt.timedelta(days=1))
        .not_valid_after(t + dt.timedelta(seconds=a.tsa_seconds))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), True)
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False), True
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    write_pair(a.dir, "ca", ca, ca_key)
    write_pair(a.dir, "tsa", tsa, tsa_key)


def crl(a):
    ca = x509.load_pem_x509_certificate(open(f"{a.dir}/ca.pem", "rb").read())
    ca_key = serialization.load_pem_private_key(open(f"{a.dir}/ca.key", "rb").read(), None)
    t = now()
    b = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca.subject)
        .last_update(t - dt.timedelta(minutes=1))
        .next_update(t + dt.timedelta(days=7))
        .add_extension(x509.CRLNumber(1), False)
    )
    if a.revoke:
        c = x509.load_der_x509_certificate(der_of(a.revoke))
        b = b.add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(c.serial_number)
            .revocation_date(t - dt.timedelta(days=a.days_ago))
            .build()
        )
    open(a.out, "wb").write(b.sign(ca_key, hashes.SHA256()).public_bytes(serialization.Encoding.DER))


def add_dss(a):
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    w = IncrementalPdfFileWriter(io.BytesIO(open(a.input, "rb").read()))
    DocumentSecurityStore.supply_dss_in_writer(
        w,
        None,
        certs=[ax509.Certificate.load(der_of(c)) for c in a.cert],
        crls=[acrl.CertificateList.load(der_of(c)) for c in a.crl],
    )
    out = io.BytesIO()
    w.write(out)
    open(a.output, "wb").write(out.getvalue())


def doc_timestamp(a):
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import timestamps
    from pyhanko.sign.signers.pdf_signer import PdfTimeStamper

    w = IncrementalPdfFileWriter(io.BytesIO(open(a.input, "rb").read()))
    out = io.BytesIO()
    PdfTimeStamper(timestamps.HTTPTimeStamper(a.url, timeout=60)).timestamp_pdf(w, "sha256", output=out)
    open(a.output, "wb").write(out.getvalue())


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("pki")
    p.add_argument("dir")
    p.add_argument("--tsa-seconds", type=int, default=30 * 86400)
    p.set_defaults(run=pki)
    p = sub.add_parser("crl")
    p.add_argument("dir")
    p.add_argument("out")
    p.add_argument("--revoke")
    p.add_argument("--days-ago", type=float, default=1.0)
    p.set_defaults(run=crl)
    p = sub.add_parser("add-dss")
    p.add_argument("input")
    p.add_argument("output")
    p.add_argument("--cert", action="append", default=[])
    p.add_argument("--crl", action="append", default=[])
    p.set_defaults(run=add_dss)
    p = sub.add_parser("doc-timestamp")
    p.add_argument("input")
    p.add_argument("output")
    p.add_argument("url")
    p.set_defaults(run=doc_timestamp)
    a = ap.parse_args()
    a.run(a)


if __name__ == "__main__":
    main()
