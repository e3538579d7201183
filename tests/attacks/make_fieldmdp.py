#!/usr/bin/env python3
"""Builds the field-lock (FieldMDP) cases that `catool pdf verify` and pyHanko both judge
(tests/it/attacks_fieldmdp.rs).

usage: make_fieldmdp.py SIGNER.p12 P12_PASSWORD_FILE OUT_DIR

A signature field's /Lock dictionary (ISO 32000-1 12.7.5.5) and the FieldMDP transform in
its signature's /Reference (12.8.2.4) name the form fields that signing freezes: /Action /All,
/Include [names] or /Exclude [names]. Every case starts from the attack corpus's base document
(make_corpus.py: one text field `amount`, /V (100)); pyHanko signs it (PAdES, SHA-256, an
invisible field, the key from SIGNER.p12) and make_corpus.py's `attack_form_fill` sets
`amount` to 900000 (/V and a new appearance stream) in a raw incremental update. Files:

  all_signed           Lock1 locks /All; nothing changed after signing
  all_fill             Lock1 locks /All; amount filled
  include_fill         Lock1 locks /Include [amount]; amount filled
  exclude_other_fill   Lock1 locks /Exclude [remark]; amount filled
  include_other_fill   Lock1 locks /Include [remark]; amount filled
  exclude_fill         Lock1 locks /Exclude [amount]; amount filled
  lock_only_fill       /Include [amount] only in the field's /Lock (no FieldMDP /Reference)
  reference_only_fill  /Include [amount] only in the signature's FieldMDP /Reference
  later_lock_signed    Approval1 signs; amount filled (5000); Lock2 signs, /Include [amount]
  later_lock_fill      later_lock_signed, then amount filled (900000)
  readonly_flag        Lock1 locks /Include [amount]; amount's /Ff set to 1 (read-only), as
                       Acrobat does to the fields a signature locks
  all_then_signed      Lock1 locks /All; pyHanko signs a new invisible field Signature2
  include_then_signed  Lock1 locks /Include [amount]; pyHanko signs a new field Signature2
  include_other_signed Lock1 locks /Include [remark]; nothing changed (`pdf sign` may add
                       a signature: the lock does not cover its field)
  p1_signed            Lock1 locks /Include [remark] and its /Lock carries /P 1 (PDF 2.0: no
                       changes at all after it)
  p2_signed            the same with /P 2 (form filling and invisible signatures)
  inherited_fill       the base's `amount` made the kid of a field `bid` whose /V it inherits
                       (an unsigned update before signing); Lock1 locks /Include
                       [bid.amount]; then bid's /V set to 900000 and the form's
                       /NeedAppearances to true (a viewer redraws bid.amount from the value
                       it inherits), the kid itself untouched

Signature fields added after a signature, and form-wide appearance entries (red team round 7):

  reused_value         Signature1 (no lock) signed; then a NEW visible signature field Sig2
                       (widget on page 1, an appearance painting a white box and "Contract
                       total: 900000 CNY" over the signed text) whose /V is the signature
                       dictionary of Signature1 (an object of the signed revision)
  reused_value_invisible  the same with an invisible Sig2 (/Rect [0 0 0 0], no appearance)
  sneaky_sig_field     Signature1 (no lock) signed; then a new, UNSIGNED visible signature
                       field Sig2 (no /V) with the same painting appearance ("Sneaky
                       Signature", Mainka et al. 2021)
  empty_sig_field      Signature1 signed; then a new visible signature field Sig2 with an
                       empty appearance and no /V (a field prepared for a later signer)
  empty_sig_field_signed  empty_sig_field, then pyHanko signs Sig2
  include_dr           Lock1 locks /Include [amount]; then only the form's /DR (its /Helv font
                       replaced by Helvetica with /Differences [49 /nine]) and
                       /NeedAppearances true: the field is untouched, a viewer redraws it
  all_dr               the same after a lock of /All
  include_need_app     Lock1 locks /Include [amount]; only /NeedAppearances true
  approval_dr          Signature1 (no lock) signed; the same /DR and /NeedAppearances update

pyHanko writes a field lock to both places (the field's /Lock and the signature's /Reference);
lock_only_fill and reference_only_fill make it write one of them, by wrapping its
SigMDPSetup.apply, its own code otherwise.
"""
from __future__ import annotations

import dataclasses
import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_corpus as corpus  # noqa: E402


def sign(data: bytes, signer, field: str, lock=None, where: str = "both", p=None) -> bytes:
    """pyHanko signs `data` in a new invisible field `field`. `lock` (a FieldMDPSpec) goes to
    the field's /Lock and the signature's /Reference ("both"), or only to one ("lock",
    "reference"); `p` (an MDPPerm) is the /P of the field's /Lock."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.fields import SigFieldSpec, SigSeedSubFilter
    from pyhanko.sign.signers import cms_embedder

    w = IncrementalPdfFileWriter(io.BytesIO(data))
    in_field = lock if where in ("both", "lock") else None
    fields.append_signature_field(
        w, SigFieldSpec(field, field_mdp_spec=in_field, doc_mdp_update_value=p)
    )
    original = cms_embedder.SigMDPSetup.apply

    def apply(setup, sig_ref, writer):
        if where == "lock":
            setup = dataclasses.replace(setup, field_lock=None)
        elif where == "reference":
            setup = dataclasses.replace(setup, field_lock=lock)
        return original(setup, sig_ref, writer)

    cms_embedder.SigMDPSetup.apply = apply
    try:
        meta = signers.PdfSignatureMetadata(
            field_name=field, subfilter=SigSeedSubFilter.PADES, md_algorithm="sha256"
        )
        out = io.BytesIO()
        signers.sign_pdf(w, meta, signer=signer, output=out)
    finally:
        cms_embedder.SigMDPSetup.apply = original
    return out.getvalue()


def set_readonly(data: bytes) -> bytes:
    """One update: `amount`'s /Ff set to 1 (read-only), nothing else."""
    pdf = corpus.Pdf(data)
    num, field = pdf.field("amount")
    u = corpus.Update(pdf)
    u.redefine(num, corpus.dict_with(field, {"/Ff": b"1"}))
    return u.bytes()


def make_inherited(base: bytes) -> bytes:
    """Unsigned update: `amount` (widget and field) becomes the kid of a new field `bid`
    (/FT /Tx /V (100)) and inherits its type and value; the form lists `bid`."""
    pdf = corpus.Pdf(base)
    num, field = pdf.field("amount")
    u = corpus.Update(pdf)
    parent = u.new(b"<< /FT /Tx /T (bid) /V (100) /Kids [%d 0 R] >>" % num)
    u.redefine(num, corpus.dict_with(field, {"/FT": None, "/V": None, "/Parent": b"%d 0 R" % parent}))
    form_ref = pdf.root.raw_get("/AcroForm")
    form = form_ref.get_object()
    u.redefine(corpus.ref_num(form_ref), corpus.dict_with(form, {"/Fields": b"[%d 0 R]" % parent}))
    return u.bytes()


def fill_inherited(data: bytes) -> bytes:
    """One update: field `bid` /V (900000), the form's /NeedAppearances true; its kid
    bid.amount (the widget, with the old appearance) untouched."""
    pdf = corpus.Pdf(data)
    num, parent = pdf.field("bid")
    u = corpus.Update(pdf)
    u.redefine(num, corpus.dict_with(parent, {"/V": corpus.pdf_string("900000")}))
    form_ref = pdf.root.raw_get("/AcroForm")
    form = form_ref.get_object()
    u.redefine(corpus.ref_num(form_ref), corpus.dict_with(form, {"/NeedAppearances": b"true"}))
    return u.bytes()


def painted_sig_field(data: bytes, value: bytes | None, paint: bool = True,
                      indirect_rect: bool = False) -> bytes:
    """One update: a new visible signature field Sig2 (a widget on page 1, listed in the form
    and the page's /Annots) whose appearance paints a white box and "Contract total: 900000
    CNY" over the signed text (without `paint`: an empty appearance, as pyHanko gives an empty
    field); `value` is its raw /V (None: no /V, an unsigned field). With `indirect_rect`, each
    number of its /Rect is an indirect object (viewers resolve them and draw the widget)."""
    pdf = corpus.Pdf(data)
    u = corpus.Update(pdf)
    rect = (40, 600, 560, 720)
    w, h = rect[2] - rect[0], rect[3] - rect[1]
    ap = u.new(corpus.stream_obj(
        b"/Type /XObject /Subtype /Form /BBox [0 0 %d %d] /Resources << /Font << /F1 %d 0 R >> >>"
        % (w, h, corpus.font_num(pdf)),
        b"q 1 g 0 0 %d %d re f Q BT /F1 24 Tf 0 g 12 50 Td (Contract total: 900000 CNY) Tj ET"
        % (w, h) if paint else b""))
    v = b"" if value is None else b" /V " + value
    if indirect_rect:
        rect_obj = b"[" + b" ".join(b"%d 0 R" % u.new(b"%d" % x) for x in rect) + b"]"
    else:
        rect_obj = b"[%d %d %d %d]" % rect
    f = u.new(b"<< /FT /Sig /T (Sig2) /Type /Annot /Subtype /Widget /Rect %s /F 4"
              b" /P %d 0 R /AP << /N %d 0 R >>%s >>" % (rect_obj, pdf.page_num(0), ap, v))
    corpus.add_field(u, pdf, f)
    corpus.add_annot(u, pdf, 0, f)
    return u.bytes()


def reuse_signature_value(data: bytes) -> bytes:
    """painted_sig_field with /V the raw /V (a reference) of field Signature1."""
    _, sig = corpus.Pdf(data).field("Signature1")
    return painted_sig_field(data, corpus.ser(sig.raw_get("/V")))


def reuse_signature_value_invisibly(data: bytes) -> bytes:
    """One update: a new invisible signature field Sig2 (/Rect [0 0 0 0], no appearance, not
    on a page) whose /V is the raw /V of field Signature1."""
    pdf = corpus.Pdf(data)
    _, sig = pdf.field("Signature1")
    u = corpus.Update(pdf)
    f = u.new(b"<< /FT /Sig /T (Sig2) /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /F 132"
              b" /V " + corpus.ser(sig.raw_get("/V")) + b" >>")
    corpus.add_field(u, pdf, f)
    return u.bytes()


def sign_existing(data: bytes, signer, field: str) -> bytes:
    """pyHanko signs the existing empty signature field `field` of `data`."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter

    w = IncrementalPdfFileWriter(io.BytesIO(data))
    meta = signers.PdfSignatureMetadata(
        field_name=field, subfilter=SigSeedSubFilter.PADES, md_algorithm="sha256"
    )
    out = io.BytesIO()
    signers.sign_pdf(w, meta, signer=signer, output=out, existing_fields_only=True)
    return out.getvalue()


def restyle_form(data: bytes, dr: bool = True) -> bytes:
    """One update: the form's /NeedAppearances true and (with `dr`) its /DR's /Helv a new
    Helvetica whose /Differences draw "1" as "9"; no field touched."""
    pdf = corpus.Pdf(data)
    u = corpus.Update(pdf)
    changes = {"/NeedAppearances": b"true"}
    if dr:
        font = u.new(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding"
                     b" << /BaseEncoding /WinAnsiEncoding /Differences [49 /nine] >> >>")
        changes["/DR"] = b"<< /Font << /Helv %d 0 R >> >>" % font
    form_ref = pdf.root.raw_get("/AcroForm")
    u.redefine(corpus.ref_num(form_ref), corpus.dict_with(form_ref.get_object(), changes))
    return u.bytes()


def main() -> int:
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    from pyhanko.sign import signers
    from pyhanko.sign.fields import FieldMDPAction, FieldMDPSpec, MDPPerm

    p12, password_file, out_dir = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    password = password_file.read_bytes().strip()
    signer = signers.SimpleSigner.load_pkcs12(str(p12), passphrase=password)
    if signer is None:
        raise SystemExit(f"pyHanko cannot load {p12}")
    out_dir.mkdir(parents=True, exist_ok=True)

    def include(*names):
        return FieldMDPSpec(FieldMDPAction.INCLUDE, list(names))

    def exclude(*names):
        return FieldMDPSpec(FieldMDPAction.EXCLUDE, list(names))

    everything = FieldMDPSpec(FieldMDPAction.ALL)
    fill = corpus.attack_form_fill
    base = corpus.base_pdf()
    cases: dict[str, bytes] = {}
    locked_all = sign(base, signer, "Lock1", everything)
    locked_amount = sign(base, signer, "Lock1", include("amount"))
    cases["all_signed"] = locked_all
    cases["all_fill"] = fill(locked_all)
    cases["include_fill"] = fill(locked_amount)
    cases["exclude_other_fill"] = fill(sign(base, signer, "Lock1", exclude("remark")))
    cases["include_other_fill"] = fill(sign(base, signer, "Lock1", include("remark")))
    cases["exclude_fill"] = fill(sign(base, signer, "Lock1", exclude("amount")))
    cases["lock_only_fill"] = fill(sign(base, signer, "Lock1", include("amount"), "lock"))
    cases["reference_only_fill"] = fill(
        sign(base, signer, "Lock1", include("amount"), "reference")
    )
    filled_before = fill(sign(base, signer, "Approval1"), "5000")
    later = sign(filled_before, signer, "Lock2", include("amount"))
    cases["later_lock_signed"] = later
    cases["later_lock_fill"] = fill(later)
    cases["readonly_flag"] = set_readonly(locked_amount)
    cases["all_then_signed"] = sign(locked_all, signer, "Signature2")
    cases["include_then_signed"] = sign(locked_amount, signer, "Signature2")
    cases["include_other_signed"] = sign(base, signer, "Lock1", include("remark"))
    cases["p1_signed"] = sign(base, signer, "Lock1", include("remark"), p=MDPPerm.NO_CHANGES)
    cases["p2_signed"] = sign(base, signer, "Lock1", include("remark"), p=MDPPerm.FILL_FORMS)
    inherited = sign(make_inherited(base), signer, "Lock1", include("bid.amount"))
    cases["inherited_fill"] = fill_inherited(inherited)
    approved = sign(base, signer, "Signature1")
    cases["reused_value"] = reuse_signature_value(approved)
    cases["reused_value_invisible"] = reuse_signature_value_invisibly(approved)
    cases["sneaky_sig_field"] = painted_sig_field(approved, None)
    cases["sneaky_indirect_rect"] = painted_sig_field(approved, None, indirect_rect=True)
    cases["sneaky_indirect_rect_locked"] = painted_sig_field(locked_amount, None, indirect_rect=True)
    empty_field = painted_sig_field(approved, None, paint=False)
    cases["empty_sig_field"] = empty_field
    cases["empty_sig_field_signed"] = sign_existing(empty_field, signer, "Sig2")
    cases["include_dr"] = restyle_form(locked_amount)
    cases["all_dr"] = restyle_form(locked_all)
    cases["include_need_app"] = restyle_form(locked_amount, dr=False)
    cases["approval_dr"] = restyle_form(approved)
    for name, data in cases.items():
        (out_dir / f"{name}.pdf").write_bytes(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
