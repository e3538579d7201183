#!/usr/bin/env python3
"""pyHanko's verdict on every signature of a PDF, one JSON line per signature.

usage: pyhanko_verdict.py FILE CA.pem

Each line: {"field", "intact", "valid", "trusted", "coverage", "modification_level",
"docmdp_ok", "docmdp", "bottom_line", "error"} from pyHanko's own validator
(pyhanko.sign.validation.validate_pdf_signature with its default difference policy), trusting
only CA.pem, no fetching (revocation: soft-fail, so the CRL URL in catool's certificates is not
fetched). "bottom_line" is pyHanko's PdfSignatureStatus.bottom_line (intact, valid, trusted and
the changes after the signature allowed). A signature pyHanko cannot validate at all (it
raises) is reported with bottom_line false and the exception in "error"; a file pyHanko cannot
open gives one line with field null. Exits 0 whenever it could report (2 on usage errors).
"""
from __future__ import annotations

import json
import logging
import sys


def _name(value):
    if value is None:
        return None
    return getattr(value, "name", str(value))


def verdicts(path: str, ca_pem: str) -> list[dict]:
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    root = load_cert_from_pemder(ca_pem)
    out = []
    with open(path, "rb") as f:
        try:
            reader = PdfFileReader(f, strict=False)
            sigs = list(reader.embedded_signatures)
        except Exception as e:  # noqa: BLE001 - a verdict, not a crash
            return [{"field": None, "bottom_line": False, "error": f"{type(e).__name__}: {e}"}]
        for sig in sigs:
            line = {
                "field": sig.field_name,
                "intact": None,
                "valid": None,
                "trusted": None,
                "coverage": None,
                "modification_level": None,
                "docmdp_ok": None,
                "docmdp": None,
                "bottom_line": False,
                "error": None,
            }
            try:
                line["docmdp"] = _name(sig.docmdp_level)
                vc = ValidationContext(
                    trust_roots=[root], allow_fetching=False, revocation_mode="soft-fail"
                )
                st = validate_pdf_signature(sig, signer_validation_context=vc)
                line.update(
                    intact=bool(st.intact),
                    valid=bool(st.valid),
                    trusted=bool(st.trusted),
                    coverage=_name(st.coverage),
                    modification_level=_name(st.modification_level),
                    docmdp_ok=st.docmdp_ok,
                    bottom_line=bool(st.bottom_line),
                )
                diff = getattr(st, "diff_result", None)
                if diff is not None and not hasattr(diff, "modification_level"):
                    line["error"] = f"diff: {str(diff)[:300]}"
            except Exception as e:  # noqa: BLE001
                line["error"] = f"{type(e).__name__}: {str(e)[:300]}"
                line["bottom_line"] = False
            out.append(line)
    return out


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    logging.disable(logging.CRITICAL)
    for line in verdicts(sys.argv[1], sys.argv[2]):
        print(json.dumps(line, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
