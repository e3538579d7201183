#!/usr/bin/env python3
"""Put CRL(s) into SignedData.crls (unsigned part of CMS) of the first signature, in place
of the /Contents hex (same length, zero padded). usage: inject_cms_crl.py IN OUT crl.der..."""
import sys, re
from asn1crypto import cms, crl as asn1crl
d = bytearray(open(sys.argv[1], 'rb').read())
m = re.search(rb'/Contents <([0-9a-fA-F]+)>', d)
hexs = m.group(1); raw = bytes.fromhex(hexs.decode())
ci = cms.ContentInfo.load(raw.rstrip(b'\x00') if False else raw, strict=False)
ci = cms.ContentInfo.load(ci.dump())  # drop trailing padding
sd = ci['content']
sd['crls'] = cms.RevocationInfoChoices([asn1crl.CertificateList.load(open(f, 'rb').read()) for f in sys.argv[3:]])
new = ci.dump(force=True).hex().encode()
assert len(new) <= len(hexs), 'no room'
d[m.start(1):m.end(1)] = new + b'0' * (len(hexs) - len(new))
open(sys.argv[2], 'wb').write(d)
print('ok', len(new)//2, 'bytes of CMS')
