#!/usr/bin/env python3
"""Strict offline PAdES validation with pyHanko's AdES API (what `pyhanko sign adesverify`
does, plus: fetching forbidden (LOCAL_ONLY), per-component AdES indications, and a
PAdES level guess (pyHanko itself has no B-B/B-T/B-LT/B-LTA verdict).
usage: validate_offline.py FILE.pdf ROOT.pem [ROOT2.pem ...] [--at ISO8601]
exit 0 only if pyHanko's bottom line is VALID and the signature timestamp (if present) PASSED."""
import asyncio, sys
from datetime import datetime
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation.ades import ades_lta_validation
from pyhanko.sign.validation.pdf_embedded import async_validate_pdf_timestamp
from pyhanko.sign.validation.policy_decl import (
    PdfSignatureValidationSpec, SignatureValidationSpec, RevocationInfoGatheringSpec,
    RevinfoOnlineFetchingRule, CertificateFetchingRule)
from pyhanko.sign.diff_analysis import DEFAULT_DIFF_POLICY
from pyhanko_certvalidator.context import CertValidationPolicySpec
from pyhanko_certvalidator.policy_decl import CertRevTrustPolicy, REQUIRE_REVINFO, FreshnessReqType
from pyhanko_certvalidator.registry import SimpleTrustManager
from pyhanko_certvalidator.ltv.types import ValidationTimingInfo
from pyhanko.pdf_utils.misc import isoparse

args = [a for a in sys.argv[1:]]
at = None
if '--at' in args:
    i = args.index('--at'); at = isoparse(args[i + 1]); del args[i:i + 2]
path, roots = args[0], [load_cert_from_pemder(p) for p in args[1:]]

cert_policy = CertValidationPolicySpec(
    trust_manager=SimpleTrustManager.build(trust_roots=roots),
    revinfo_policy=CertRevTrustPolicy(REQUIRE_REVINFO, freshness=None,
        freshness_req_type=FreshnessReqType.MAX_DIFF_REVOCATION_VALIDATION))
spec = PdfSignatureValidationSpec(SignatureValidationSpec(
    cert_validation_policy=cert_policy,
    revinfo_gathering_policy=RevocationInfoGatheringSpec(
        online_fetching_rule=RevinfoOnlineFetchingRule.LOCAL_ONLY,
        certificate_fetching_rule=CertificateFetchingRule.NEVER_FETCH)),
    diff_policy=DEFAULT_DIFF_POLICY)
timing = ValidationTimingInfo(at, at, point_in_time_validation=True) if at else ValidationTimingInfo.now()

r = PdfFileReader(open(path, 'rb'))
ok = True
doc_ts = [s for s in r.embedded_timestamp_signatures]
has_dss = '/DSS' in r.root
for sig in r.embedded_regular_signatures:
    res = asyncio.run(ades_lta_validation(sig, spec, timing_info=timing))
    sts = res.signature_timestamp_status
    print(f'{sig.field_name}: signature {res.ades_subindic}'
          + (f' ({res.failure_msg})' if res.failure_msg else ''))
    print(f'  signature timestamp: {sts.ades_subindic if sts else "none"}'
          + (f' ({sts.failure_msg})' if sts and sts.failure_msg else ''))
    print(f'  best signature time: {res.best_signature_time}; oldest doc-TS (ER): {res.oldest_evidence_record_timestamp}')
    later_docts = [t for t in doc_ts if t.signed_revision > sig.signed_revision]
    ua = sig.signer_info['unsigned_attrs']
    ts_present = ua.native is not None and any(a['type'].native == 'signature_time_stamp_token' for a in ua)
    print(f'  pyHanko bottom line (what the CLI prints/exit code): {res.api_status.bottom_line if res.api_status else None}; signature TST in CMS: {ts_present}')
    level = 'B-B'
    if ts_present: level = 'B-T'
    if ts_present and has_dss: level = 'B-LT'
    if level == 'B-LT' and later_docts: level = 'B-LTA'
    print(f'  structural PAdES level (guess): {level}; DSS={has_dss}; later doc timestamps={len(later_docts)}')
    # Verdict = CLI bottom line, plus: a TST that is present must validate (the CLI misses this)
    ok &= bool(res.api_status and res.api_status.bottom_line) and (
        not ts_present or (sts is not None and sts.ades_subindic.status.name == 'PASSED'))
print('RESULT:', 'PASS' if ok else 'FAIL')
sys.exit(0 if ok else 1)
