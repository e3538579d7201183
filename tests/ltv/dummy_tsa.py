"""Answers one RFC 3161 TimeStampReq with pyHanko's in-process DummyTimeStamper (the TSA
pyHanko's own tests use): request DER on stdin, TimeStampResp DER on stdout.

usage: dummy_tsa.py TSA_CERT.pem TSA_KEY.pem [--embed CA.pem] [--fault none|imprint|nonce]

--fault imprint  the token stamps another digest than the request's (same algorithm)
--fault nonce    the token carries another nonce than the request's
Used by tests/it/ltv_interop.rs, as a token source for `catool tsa check` and as the brain of
a fake TSA behind `catool pdf sign --tsa-url`.
"""

import argparse
import sys

from asn1crypto import keys, pem, tsp, x509
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore


def load(path):
    data = open(path, "rb").read()
    if pem.detect(data):
        _, _, data = pem.unarmor(data)
    return data


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cert")
    ap.add_argument("key")
    ap.add_argument("--embed", action="append", default=[])
    ap.add_argument("--fault", choices=["none", "imprint", "nonce"], default="none")
    a = ap.parse_args()
    cert = x509.Certificate.load(load(a.cert))
    key = keys.PrivateKeyInfo.load(load(a.key))
    embed = [x509.Certificate.load(load(p)) for p in a.embed]
    req = tsp.TimeStampReq.load(sys.stdin.buffer.read())
    if a.fault != "none":
        fields = {
            "version": req["version"],
            "message_imprint": req["message_imprint"],
            "cert_req": True,
        }
        if req["nonce"].native is not None:
            fields["nonce"] = req["nonce"].native
        if a.fault == "imprint":
            imprint = req["message_imprint"]
            digest = bytearray(imprint["hashed_message"].native)
            digest[0] ^= 0xFF
            fields["message_imprint"] = tsp.MessageImprint(
                {"hash_algorithm": imprint["hash_algorithm"], "hashed_message": bytes(digest)}
            )
        else:
            fields["nonce"] = (req["nonce"].native or 0) + 1
        req = tsp.TimeStampReq(fields)
    stamper = DummyTimeStamper(
        tsa_cert=cert,
        tsa_key=key,
        certs_to_embed=SimpleCertificateStore.from_certs(embed),
    )
    resp = stamper.request_tsa_response(req)
    sys.stdout.buffer.write(resp.dump())


if __name__ == "__main__":
    main()
