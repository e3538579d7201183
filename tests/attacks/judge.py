#!/usr/bin/env python3
"""Judges an attack corpus (make_corpus.py attacks) with pyHanko and with catool.

usage: judge.py DIR --ca CA.pem [--catool BIN --db REGISTRY] [--json]

For every file in DIR/manifest.json:
  * pyHanko, API: pyhanko_verdict.py FILE CA.pem (one line per signature, bottom_line);
  * pyHanko, CLI: `pyhanko sign validate --no-revocation-check --trust-replace --trust CA FILE`
    (exit 0 = every signature valid), as a cross-check of the API;
  * catool (with --catool): `catool --json pdf verify FILE` (per-signature "valid") and the
    plain report, which must contain the manifest's "names" phrase (case-insensitive) when the
    file is expected invalid.
A file passes when pyHanko's and catool's verdicts on the manifest's "signatures" equal
"expect", the CLI agrees with the API, and catool agrees with pyHanko on every other signature
in the file too. Prints a table; exits 1 if any file fails, 0 otherwise.

Known pyHanko weaknesses recorded in the manifest are accepted, catool must still be right:
  * "pyhanko_fooled": true  - pyHanko says valid although the document changed: its "valid"
    is accepted (shown as `valid!`), catool must say invalid;
  * "pyhanko_differs": why  - pyHanko's verdict may differ from "expect" for that reason;
  * "pyhanko_cli_refuses": why - the CLI may reject the file whatever the API says (hybrid-
    reference files: the CLI's strict reader refuses them).
A file pyHanko cannot open at all counts as rejected by pyHanko ("invalid", noted), as a file
catool refuses to judge counts as rejected by catool.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def pyhanko_api(path: Path, ca: str) -> dict[str, bool]:
    out = subprocess.run(
        [sys.executable, str(HERE / "pyhanko_verdict.py"), str(path), ca],
        capture_output=True, text=True, check=True,
    )
    lines = [json.loads(l) for l in out.stdout.splitlines() if l.strip()]
    # {None: False} when pyHanko cannot open the file at all
    return {l["field"]: bool(l["bottom_line"]) for l in lines}


def pyhanko_cli(path: Path, ca: str) -> bool:
    out = subprocess.run(
        ["pyhanko", "sign", "validate", "--no-revocation-check", "--trust-replace", "--trust",
         ca, str(path)],
        capture_output=True, text=True,
    )
    return out.returncode == 0


def catool_verify(path: Path, catool: str, db: str) -> tuple[dict[str, bool] | None, str]:
    env = dict(os.environ, CATOOL_DB=db)
    env.pop("CATOOL_ACTOR", None)
    j = subprocess.run([catool, "--json", "pdf", "verify", str(path)],
                       capture_output=True, text=True, env=env)
    plain = subprocess.run([catool, "pdf", "verify", str(path)],
                           capture_output=True, text=True, env=env)
    report = "\n".join([j.stdout, j.stderr, plain.stdout, plain.stderr])
    try:
        data = json.loads(j.stdout)
    except json.JSONDecodeError:
        return None, report
    if isinstance(data, dict) and isinstance(data.get("signatures"), list):
        data = data["signatures"]  # {"file", "signatures": [...]}
    if not isinstance(data, list):  # {"error": ...}: catool refused to judge the file
        return None, report
    return {s.get("field"): bool(s.get("valid")) for s in data}, report


def verdict(per_field: dict[str, bool] | None, fields: list[str]) -> str:
    if per_field is None:
        return "error"
    got = [per_field.get(f) for f in fields]
    if any(g is None for g in got):
        return "missing"
    if all(got):
        return "valid"
    if not any(got):
        return "invalid"
    return "mixed"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--ca", required=True)
    ap.add_argument("--catool")
    ap.add_argument("--db", default=os.environ.get("CATOOL_DB"))
    ap.add_argument("--json", action="store_true", help="one JSON line per file")
    args = ap.parse_args()
    if args.catool and not args.db:
        ap.error("--db (or CATOOL_DB) is needed with --catool")
    d = Path(args.dir)
    manifest = json.loads((d / "manifest.json").read_text())
    failures = 0
    rows = []
    for case in manifest:
        path = d / case["file"]
        fields = case.get("signatures") or []
        api = pyhanko_api(path, args.ca)
        unreadable = list(api) == [None]
        fields = fields or list(api)[:1]
        ph = "invalid" if unreadable else verdict(api, fields)
        cli = pyhanko_cli(path, args.ca)
        problems = []
        notes = []  # accepted, recorded pyHanko weaknesses: shown, not failures
        if unreadable:
            notes.append("pyHanko cannot open the file (counted as invalid)")
        if ph != case["expect"]:
            if case.get("pyhanko_fooled") and ph == "valid":
                notes.append("pyHanko fooled (known)")
            elif case.get("pyhanko_differs"):
                notes.append(f"pyHanko says {ph}: {case['pyhanko_differs']}")
            else:
                problems.append(f"pyHanko says {ph}")
        elif case.get("pyhanko_fooled"):
            notes.append("pyHanko is no longer fooled: the manifest's pyhanko_fooled is stale")
        if cli != all(api.values()):
            if case.get("pyhanko_cli_refuses") and not cli:
                notes.append("pyHanko CLI refuses the file (known: hybrid-reference file)")
            else:
                problems.append(f"pyHanko CLI {'accepts' if cli else 'rejects'}, API differs")
        ct = "-"
        names_ok = "-"
        if args.catool:
            per, report = catool_verify(path, args.catool, args.db)
            ct = verdict(per, fields)
            if ct == "error" and case["expect"] == "invalid":
                ct = "invalid"  # a refusal to judge is a rejection; noted below
                problems_note = "catool refused the file"
            else:
                problems_note = None
            if ct != case["expect"]:
                problems.append(f"catool says {ct}")
            if per is not None:
                for f, ok in api.items():
                    if f is not None and f not in fields and per.get(f) != ok:
                        problems.append(f"catool says {f} {'valid' if per.get(f) else 'invalid'}"
                                        f", pyHanko {'valid' if ok else 'invalid'}")
            if case["expect"] == "invalid" and case.get("names"):
                names_ok = "yes" if case["names"].lower() in report.lower() else "NO"
                if names_ok == "NO":
                    problems.append(f"catool's report does not name {case['names']!r}")
            if problems_note:
                notes.append(problems_note + " (counted as invalid)")
        failed = bool(problems)
        failures += failed
        rows.append({
            "file": case["file"], "expect": case["expect"],
            "pyhanko": ph + ("!" if ph == "valid" and case.get("pyhanko_fooled") else ""),
            "pyhanko_cli": "valid" if cli else "invalid", "catool": ct, "names": names_ok,
            "ok": not failed, "problems": problems, "notes": notes,
        })
    if args.json:
        for r in rows:
            print(json.dumps(r, ensure_ascii=False))
    else:
        print(f"{'file':42} {'expect':8} {'pyHanko':8} {'cli':8} {'catool':8} {'names':5} result")
        for r in rows:
            said = r["problems"] + r["notes"]
            print(f"{r['file']:42} {r['expect']:8} {r['pyhanko']:8} {r['pyhanko_cli']:8} "
                  f"{r['catool']:8} {r['names']:5} {'ok' if r['ok'] else 'FAIL'}"
                  + (f"  ({'; '.join(said)})" if said else ""))
        print(f"{len(rows) - failures} of {len(rows)} files as expected"
              " (pyHanko 'valid!' = fooled: valid although the document changed)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
