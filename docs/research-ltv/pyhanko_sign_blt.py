#!/usr/bin/env python3
"""Sign PDFs at PAdES B-B / B-T / B-LT / B-LTA with pyHanko, fully offline:
in-process DummyTimeStamper (no HTTP TSA) and CRLs supplied from files
(allow_fetching=False, revocation_mode='require').

usage: pyhanko_sign_blt.py LEVEL IN.pdf OUT.pdf [N]   (N>1: benchmark, writes OUT-<i>.pdf)
   or: pyhanko_sign_blt.py LEVEL IN.pdf OUT.pdf 1 --tsa-url http://127.0.0.1:9000/tsa
env PKI=dir (default ./pki) with root.pem signer.pem signer.key tsa.pem tsa.key root.crl
"""
import sys, time, os
from pyhanko.keys import load_cert_from_pemder, load_private_key_from_pemder
from pyhanko.sign import signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko.sign.timestamps import HTTPTimeStamper
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

PKI = os.environ.get('PKI', 'pki')
p = lambda n: os.path.join(PKI, n)

level, inp, out = sys.argv[1], sys.argv[2], sys.argv[3]
n = int(sys.argv[4]) if len(sys.argv) > 4 else 1
tsa_url = sys.argv[sys.argv.index('--tsa-url') + 1] if '--tsa-url' in sys.argv else None

root = load_cert_from_pemder(p('root.pem'))
tsa_cert = load_cert_from_pemder(p('tsa.pem'))
signer = signers.SimpleSigner(
    signing_cert=load_cert_from_pemder(p('signer.pem')),
    signing_key=load_private_key_from_pemder(p('signer.key'), passphrase=None),
    cert_registry=SimpleCertificateStore.from_certs([root]),  # chain in CMS certs
)
if tsa_url:
    timestamper = HTTPTimeStamper(tsa_url)
else:
    timestamper = DummyTimeStamper(
        tsa_cert=tsa_cert,
        tsa_key=load_private_key_from_pemder(p('tsa.key'), passphrase=None),
        certs_to_embed=SimpleCertificateStore.from_certs([tsa_cert, root]),
    )

with open(p('root.crl'), 'rb') as f:
    crl_der = f.read()

def vc():
    # offline: no fetchers, CRLs come from local files only
    return ValidationContext(trust_roots=[root], crls=[crl_der],
                             allow_fetching=False, revocation_mode='require')

meta = signers.PdfSignatureMetadata(
    field_name='Signature1',
    subfilter=SigSeedSubFilter.PADES,          # /ETSI.CAdES.detached
    md_algorithm='sha256',
    embed_validation_info=level in ('B-LT', 'B-LTA'),
    use_pades_lta=level == 'B-LTA',
    validation_context=vc() if level in ('B-LT', 'B-LTA') else None,
    timestamp_field_name='DocTimeStamp1' if level == 'B-LTA' else None,
)
ts = timestamper if level != 'B-B' else None

t0 = time.perf_counter()
for i in range(n):
    # fresh VC per document (VCs cache validation paths / revinfo state)
    if meta.validation_context is not None:
        meta = signers.PdfSignatureMetadata(**{**meta.__dict__, 'validation_context': vc()})
    with open(inp, 'rb') as f:
        w = IncrementalPdfFileWriter(f)
        target = out if n == 1 else out.replace('.pdf', f'-{i}.pdf')
        with open(target, 'wb') as outf:
            signers.PdfSigner(meta, signer=signer, timestamper=ts).sign_pdf(w, output=outf)
dt = time.perf_counter() - t0
print(f'{level}: signed {n} file(s) in {dt:.2f}s ({dt/n*1000:.1f} ms/file)')
