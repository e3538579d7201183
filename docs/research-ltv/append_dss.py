#!/usr/bin/env python3
"""Foreign (non-pyHanko-writer) DSS appender, mimicking what catool should write:
one incremental update containing: new catalog revision with /DSS ref, DSS dict,
one stream per cert/CRL/OCSP (plain '<< /Length n >>' streams, raw DER), optional /VRI,
classic xref table (default) or xref stream.
usage: append_dss.py IN OUT [--cert f.der]... [--crl f.der]... [--ocsp f.der]...
                     [--vri] [--dss-type] [--xref-stream] [--filter] [--direct-arrays-in-catalog]
"""
import argparse, hashlib, io, re, zlib
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils import generic

ap = argparse.ArgumentParser()
ap.add_argument('inp'); ap.add_argument('out')
ap.add_argument('--cert', action='append', default=[])
ap.add_argument('--crl', action='append', default=[])
ap.add_argument('--ocsp', action='append', default=[])
ap.add_argument('--vri', action='store_true', help='add /VRI entry per signature')
ap.add_argument('--dss-type', action='store_true', help='add /Type /DSS')
ap.add_argument('--xref-stream', action='store_true')
ap.add_argument('--filter', action='store_true', help='FlateDecode the DER streams')
ap.add_argument('--bad-key', action='store_true', help='add an unexpected DSS key')
a = ap.parse_args()

data = open(a.inp, 'rb').read()
r = PdfFileReader(io.BytesIO(data))
trailer = r.trailer
root_ref = trailer.raw_get('/Root')
size = int(trailer['/Size'])
prev = r.last_startxref
nxt = [size]
def alloc():
    n = nxt[0]; nxt[0] += 1; return n

objs = {}   # num -> bytes body
def ser(o):
    b = io.BytesIO(); o.write_to_stream(b); return b.getvalue()
def stream_obj(der):
    if a.filter:
        body = zlib.compress(der)
        return b'<< /Length %d /Filter /FlateDecode >>\nstream\n' % len(body) + body + b'\nendstream'
    return b'<< /Length %d >>\nstream\n' % len(der) + der + b'\nendstream'

def add_streams(files):
    refs = []
    for f in files:
        n = alloc(); objs[n] = stream_obj(open(f, 'rb').read()); refs.append(n)
    return refs
cert_refs = add_streams(a.cert); crl_refs = add_streams(a.crl); ocsp_refs = add_streams(a.ocsp)
arr = lambda refs: b'[' + b' '.join(b'%d 0 R' % n for n in refs) + b']'

dss = b'<<'
if a.dss_type: dss += b' /Type /DSS'
if cert_refs: dss += b' /Certs ' + arr(cert_refs)
if crl_refs: dss += b' /CRLs ' + arr(crl_refs)
if ocsp_refs: dss += b' /OCSPs ' + arr(ocsp_refs)
if a.bad_key: dss += b' /Foo 1'
if a.vri:
    vri = b' /VRI <<'
    for s in r.embedded_signatures:
        contents = s.sig_object['/Contents']  # bytes incl. zero padding as stored
        key = hashlib.sha1(bytes(contents)).hexdigest().upper()
        n = alloc()
        body = b'<< /Type /VRI'
        if cert_refs: body += b' /Cert ' + arr(cert_refs)
        if crl_refs: body += b' /CRL ' + arr(crl_refs)
        if ocsp_refs: body += b' /OCSP ' + arr(ocsp_refs)
        objs[n] = body + b' >>'
        vri += b' /' + key.encode() + b' %d 0 R' % n
    dss += vri + b' >>'
dss += b' >>'
dss_num = alloc(); objs[dss_num] = dss

# new catalog revision = old catalog + /DSS
cat = r.root  # DictionaryObject (resolved), values remain indirect refs where they were
newcat = generic.DictionaryObject(dict(cat))
newcat[generic.NameObject('/DSS')] = generic.IndirectObject(dss_num, 0, r)
objs[root_ref.idnum] = ser(newcat)

out = bytearray(data)
if not out.endswith(b'\n'): out += b'\n'
offsets = {}
for n in sorted(objs):
    offsets[n] = len(out)
    out += b'%d 0 obj\n' % n + objs[n] + b'\nendobj\n'
new_size = nxt[0]
id0 = trailer['/ID'][0] if '/ID' in trailer else None
idarr = b''
if id0 is not None:
    idarr = b' /ID [<' + bytes(id0).hex().encode() + b'> <' + hashlib.md5(bytes(out)).hexdigest().encode() + b'>]'
info = b''
if '/Info' in trailer:
    ir = trailer.raw_get('/Info'); info = b' /Info %d %d R' % (ir.idnum, ir.generation)

# contiguous subsections
nums = sorted(offsets)
if not a.xref_stream:
    xref_off = len(out)
    out += b'xref\n'
    secs = []
    for n in nums:
        if secs and n == secs[-1][-1] + 1: secs[-1].append(n)
        else: secs.append([n])
    for s in secs:
        out += b'%d %d\n' % (s[0], len(s))
        for n in s: out += b'%010d 00000 n \n' % offsets[n]
    out += (b'trailer\n<< /Size %d /Root %d 0 R /Prev %d' % (new_size, root_ref.idnum, prev)) + info + idarr + b' >>\n'
    out += b'startxref\n%d\n%%%%EOF\n' % xref_off
else:
    xn = new_size; new_size += 1
    xref_off = len(out); offsets[xn] = xref_off; nums = sorted(offsets)
    rows = b''.join(b'\x01' + offsets[n].to_bytes(4, 'big') + b'\x00' for n in nums)
    index = b' '.join(b'%d 1' % n for n in nums)
    out += (b'%d 0 obj\n<< /Type /XRef /Size %d /Root %d 0 R /Prev %d /W [1 4 1] /Index [%s] /Length %d'
            % (xn, new_size, root_ref.idnum, prev, index, len(rows))) + info + idarr + b' >>\nstream\n' + rows + b'\nendstream\nendobj\n'
    out += b'startxref\n%d\n%%%%EOF\n' % xref_off
open(a.out, 'wb').write(out)
print(f'wrote {a.out}: DSS obj {dss_num}, certs {cert_refs}, crls {crl_refs}, vri={a.vri}')
