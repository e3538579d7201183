//! CRL (v2) construction.
//!
//! `x509_cert::builder::CrlBuilder` exists, but it copies the *issuer
//! certificate's own AKI* into the CRL when present, which is only correct for
//! self-signed roots (for a sub-CA it would point at the root's key). We
//! therefore assemble `TbsCertList` directly and sign it with the same
//! `CertSigner` used for certificates.

use std::time::{Duration, SystemTime};

use std::ops::Range;

use der::{Decode, Encode, EncodeValue, Header, Length, Reader, SliceReader, Tag, asn1::BitString};
use signature::Signer;
use spki::{DynSignatureAlgorithmIdentifier, SignatureBitStringEncoding};
use x509_cert::{
    Certificate,
    certificate::Version,
    crl::{CertificateList, RevokedCert, TbsCertList},
    ext::{
        Extension, ToExtension,
        pkix::{AuthorityKeyIdentifier, CrlNumber, CrlReason, SubjectKeyIdentifier},
    },
    serial_number::SerialNumber,
    time::Time,
};

use super::error::Result;
use super::keys::PrivateKey;
use super::x509::key_identifier;

pub struct Revocation {
    pub serial: SerialNumber,
    pub revoked_at: SystemTime,
    pub reason: Option<CrlReason>,
}

/// A CRL just signed.
pub struct BuiltCrl {
    pub der: Vec<u8>,
    /// thisUpdate and nextUpdate as the CRL carries them (whole seconds).
    pub this_update: SystemTime,
    pub next_update: SystemTime,
}

/// The DER of one CRL entry (a `revokedCertificates` element, RFC 5280 §5.1), to go into
/// [`build_crl`]'s `entries`.
pub fn encode_entry(ca_cert: &Certificate, r: &Revocation, out: &mut Vec<u8>) -> Result<()> {
    let issuer = ca_cert.tbs_certificate().subject();
    let crl_entry_extensions = match &r.reason {
        Some(reason) => Some(vec![reason.to_extension(issuer, &[])?]),
        None => None,
    };
    RevokedCert {
        serial_number: r.serial.clone(),
        revocation_date: Time::try_from(r.revoked_at)?,
        crl_entry_extensions,
    }
    .encode_to_vec(out)?;
    Ok(())
}

/// Signs CA `ca_cert`'s CRL number `crl_number` listing `entries`: the DER of each entry, one
/// after another in the order listed, from [`encode_entry`] or copied from an earlier CRL
/// ([`entry_ranges`]).
///
/// The TBSCertList is put together from its encoded parts rather than from one
/// `TbsCertList` value: an entry kept from the last CRL is then copied as it was, not
/// decoded into x509-cert's structures and encoded again (at 40,000 entries that round
/// trip was a third of an unchanged CRL's time, issue 17). The parts before and after the
/// list are still encoded by x509-cert, and a test decodes the result with it and checks
/// it encodes back to the same bytes.
pub fn build_crl(
    ca_cert: &Certificate,
    ca_key: &PrivateKey,
    crl_number: u64,
    entries: &[u8],
    this_update: SystemTime,
    next_update_in: Duration,
    sm2_distid: &str,
) -> Result<BuiltCrl> {
    let signer = ca_key.signer(sm2_distid)?;
    let ca_tbs = ca_cert.tbs_certificate();
    let issuer = ca_tbs.subject().clone();

    let key_id = match ca_tbs.get_extension::<SubjectKeyIdentifier>()? {
        Some((_, ski)) => ski.0,
        None => key_identifier(ca_tbs.subject_public_key_info())?.0,
    };
    let mut exts: Vec<Extension> = Vec::new();
    let aki = AuthorityKeyIdentifier {
        key_identifier: Some(key_id),
        ..Default::default()
    };
    exts.push((&aki).to_extension(&issuer, &exts)?);
    let num = CrlNumber::try_from(crl_number)?;
    exts.push((&num).to_extension(&issuer, &exts)?);

    let this = Time::try_from(this_update)?;
    let next = Time::try_from(this_update + next_update_in)?;
    let mut tbs: TbsCertList = TbsCertList {
        version: Version::V2,
        signature: signer.signature_algorithm_identifier()?,
        issuer,
        this_update: this,
        next_update: Some(next),
        revoked_certificates: None,
        crl_extensions: None,
    };
    // version .. nextUpdate, then (the same with the extensions) the extensions' [0].
    let head = tbs.value_len()?;
    tbs.crl_extensions = Some(exts);
    let with_exts = tbs.to_der()?;
    let body = &with_exts[with_exts.len() - usize::try_from(tbs.value_len()?)?..];
    let (before, extensions) = body.split_at(usize::try_from(head)?);

    let mut list = Vec::new();
    if !entries.is_empty() {
        Header::new(Tag::Sequence, Length::try_from(entries.len())?).encode_to_vec(&mut list)?;
    }
    let tbs_len = before.len() + list.len() + entries.len() + extensions.len();
    let mut tbs_der = Vec::with_capacity(tbs_len + 8);
    Header::new(Tag::Sequence, Length::try_from(tbs_len)?).encode_to_vec(&mut tbs_der)?;
    for part in [before, &list, entries, extensions] {
        tbs_der.extend_from_slice(part);
    }
    let sig = signer.try_sign(&tbs_der)?;
    let signature: BitString = sig.to_bitstring()?;
    let algorithm = tbs.signature.to_der()?;
    let signature = signature.to_der()?;
    let len = tbs_der.len() + algorithm.len() + signature.len();
    let mut der = Vec::with_capacity(len + 8);
    Header::new(Tag::Sequence, Length::try_from(len)?).encode_to_vec(&mut der)?;
    for part in [&tbs_der, &algorithm, &signature] {
        der.extend_from_slice(part);
    }
    Ok(BuiltCrl {
        der,
        this_update: this.to_system_time(),
        next_update: next.to_system_time(),
    })
}

/// Where each entry of a CRL's `revokedCertificates` is in its DER `der`, in order (none when
/// it lists none). Only the framing is read, strictly: the CRL, its TBSCertList, the list
/// and each entry are SEQUENCEs, each ends exactly where its parent says, and nothing follows
/// the CRL; an entry's contents are not decoded.
pub fn entry_ranges(der: &[u8]) -> Result<Vec<Range<usize>>> {
    let malformed = || super::error::PkiError::from(der::Error::from(der::ErrorKind::Failed));
    let mut r = SliceReader::new(der)?;
    let at = |r: &SliceReader<'_>| usize::try_from(r.position());
    // The next element: its tag and where its encoding is.
    let next = |r: &mut SliceReader<'_>| -> Result<(Tag, Range<usize>)> {
        let start = at(r)?;
        let header = Header::decode(r)?;
        r.read_slice(header.length())?;
        Ok((header.tag(), start..at(r)?))
    };
    // A SEQUENCE's header: where its contents end.
    let sequence = |r: &mut SliceReader<'_>| -> Result<usize> {
        let header = Header::decode(r)?;
        if header.tag() != Tag::Sequence {
            return Err(der::Error::from(der::ErrorKind::TagUnexpected {
                expected: Some(Tag::Sequence),
                actual: header.tag(),
            })
            .into());
        }
        at(r)?
            .checked_add(usize::try_from(header.length())?)
            .ok_or_else(malformed)
    };
    if sequence(&mut r)? != der.len() {
        return Err(malformed()); // CertificateList: nothing after it
    }
    let tbs_end = sequence(&mut r)?;
    let is_time = |t: Tag| matches!(t, Tag::UtcTime | Tag::GeneralizedTime);
    if Tag::peek(&r)? == Tag::Integer {
        next(&mut r)?; // version
    }
    for _ in 0..3 {
        next(&mut r)?; // signature, issuer, thisUpdate
    }
    if at(&r)? < tbs_end && is_time(Tag::peek(&r)?) {
        next(&mut r)?; // nextUpdate
    }
    let mut ranges = Vec::new();
    if at(&r)? < tbs_end && Tag::peek(&r)? == Tag::Sequence {
        let list_end = sequence(&mut r)?;
        if list_end > tbs_end {
            return Err(malformed());
        }
        while at(&r)? < list_end {
            let (tag, range) = next(&mut r)?;
            if tag != Tag::Sequence {
                return Err(malformed());
            }
            ranges.push(range);
        }
        if at(&r)? != list_end {
            return Err(malformed());
        }
    }
    if at(&r)? > tbs_end {
        return Err(malformed());
    }
    Ok(ranges)
}

/// What a CRL says, read back from its DER.
pub struct CrlContents {
    /// `None` when the CRL has no CRL number extension (or one too large for 64 bits).
    pub number: Option<u64>,
    pub this_update: SystemTime,
    pub next_update: Option<SystemTime>,
    pub entries: Vec<CrlContentsEntry>,
}

pub struct CrlContentsEntry {
    /// Big-endian serial number bytes.
    pub serial: Vec<u8>,
    pub revoked_at: SystemTime,
    pub reason: Option<CrlReason>,
}

/// Parses a DER CRL and checks it is signed by `issuer`'s key.
pub fn read_crl(der: &[u8], issuer: &Certificate, sm2_distid: &str) -> Result<CrlContents> {
    let crl: CertificateList = CertificateList::from_der(der)?;
    let tbs_der = crl.tbs_cert_list.to_der()?;
    super::keys::verify_signature(
        &tbs_der,
        &crl.signature_algorithm,
        &crl.signature,
        issuer.tbs_certificate().subject_public_key_info(),
        sm2_distid,
    )?;
    let tbs = &crl.tbs_cert_list;
    let mut number = None;
    for ext in tbs.crl_extensions.iter().flatten() {
        if ext.extn_id == <CrlNumber as const_oid::AssociatedOid>::OID {
            let n = CrlNumber::from_der(ext.extn_value.as_bytes())?;
            let bytes = n.0.as_bytes();
            if bytes.len() <= 8 {
                number = Some(bytes.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b)));
            }
        }
    }
    let entries = tbs
        .revoked_certificates
        .iter()
        .flatten()
        .map(contents_entry)
        .collect::<Result<_>>()?;
    Ok(CrlContents {
        number,
        this_update: tbs.this_update.to_system_time(),
        next_update: tbs.next_update.map(|t| t.to_system_time()),
        entries,
    })
}

/// One entry of a CRL, read back from its DER (one of [`entry_ranges`]).
pub fn read_entry(der: &[u8]) -> Result<CrlContentsEntry> {
    contents_entry(&RevokedCert::from_der(der)?)
}

fn contents_entry(r: &RevokedCert) -> Result<CrlContentsEntry> {
    let mut reason = None;
    for ext in r.crl_entry_extensions.iter().flatten() {
        if ext.extn_id == <CrlReason as const_oid::AssociatedOid>::OID {
            reason = Some(CrlReason::from_der(ext.extn_value.as_bytes())?);
        }
    }
    Ok(CrlContentsEntry {
        serial: r.serial_number.as_bytes().to_vec(),
        revoked_at: r.revocation_date.to_system_time(),
        reason,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::pki::dn::{CN, DnBuilder};
    use crate::pki::keys::Algo;
    use crate::pki::x509::create_root_ca;

    const DISTID: &str = "1234567812345678";

    /// A self-signed test CA.
    pub(crate) fn ca(algo: Algo) -> (Certificate, PrivateKey) {
        let now = SystemTime::now();
        let key = algo.generate().expect("a key");
        let name = DnBuilder::new()
            .utf8(CN, "测试 CA")
            .and_then(DnBuilder::build)
            .expect("a name");
        let year = Duration::from_secs(365 * 86400);
        let cert = create_root_ca(&key, name, now, now + year, DISTID).expect("a CA");
        (cert, key)
    }

    pub(crate) fn revocation(serial: &[u8], reason: Option<CrlReason>) -> Revocation {
        Revocation {
            serial: SerialNumber::new(serial).expect("a serial"),
            revoked_at: SystemTime::UNIX_EPOCH + Duration::from_secs(1_790_000_000),
            reason,
        }
    }

    /// The DER of `list`'s entries, one after another.
    pub(crate) fn entries(ca: &Certificate, list: &[Revocation]) -> Vec<u8> {
        let mut out = Vec::new();
        for r in list {
            encode_entry(ca, r, &mut out).expect("encodes");
        }
        out
    }

    #[test]
    fn a_crl_put_together_from_its_parts_is_the_der_x509_cert_would_encode() {
        for algo in [Algo::Sm2, Algo::Rsa2048] {
            let (cert, key) = ca(algo);
            let list = [
                revocation(&[0x0A, 0x01], Some(CrlReason::KeyCompromise)),
                revocation(&[0x7F; 20], Some(CrlReason::CertificateHold)),
                revocation(&[0x01], None),
            ];
            for listed in [&list[..], &[]] {
                let now = SystemTime::now();
                let built = build_crl(
                    &cert,
                    &key,
                    7,
                    &entries(&cert, listed),
                    now,
                    Duration::from_secs(86400),
                    DISTID,
                )
                .expect("builds");
                let decoded =
                    CertificateList::<x509_cert::certificate::Rfc5280>::from_der(&built.der)
                        .expect("x509-cert decodes it");
                assert_eq!(decoded.to_der().expect("encodes"), built.der);
                let read = read_crl(&built.der, &cert, DISTID).expect("its signature verifies");
                assert_eq!(read.number, Some(7));
                assert_eq!(read.entries.len(), listed.len());
                assert_eq!(Some(built.next_update), read.next_update);
                assert_eq!(built.this_update, read.this_update);
                for (got, want) in read.entries.iter().zip(listed) {
                    assert_eq!(got.serial, want.serial.as_bytes());
                    assert_eq!(got.reason, want.reason);
                }
            }
        }
    }

    #[test]
    fn the_entries_of_a_crl_are_found_as_they_were_encoded() {
        let (cert, key) = ca(Algo::Sm2);
        // 3,000 entries: the list's length takes three bytes (over 65,535).
        let list: Vec<Revocation> = (1..=3000u16)
            .map(|n| revocation(&n.to_be_bytes(), Some(CrlReason::Superseded)))
            .collect();
        let encoded = entries(&cert, &list);
        let built = build_crl(
            &cert,
            &key,
            1,
            &encoded,
            SystemTime::now(),
            Duration::from_secs(86400),
            DISTID,
        )
        .expect("builds");
        let ranges = entry_ranges(&built.der).expect("reads");
        assert!(encoded.len() > 65_535);
        assert_eq!(ranges.len(), 3000);
        let found: Vec<u8> = ranges
            .iter()
            .flat_map(|r| built.der[r.clone()].to_vec())
            .collect();
        assert_eq!(found, encoded);
        let empty = build_crl(
            &cert,
            &key,
            2,
            &[],
            SystemTime::now(),
            Duration::ZERO,
            DISTID,
        )
        .expect("builds");
        assert!(entry_ranges(&empty.der).expect("reads").is_empty());
    }

    #[test]
    fn what_is_not_a_crl_has_no_entries_to_find() {
        for bytes in [&b""[..], b"\x30\x03\x02\x01\x01", b"\x30\x80", b"\x04\x00"] {
            assert!(entry_ranges(bytes).is_err(), "{bytes:?}");
        }
    }

    #[test]
    fn a_crl_whose_framing_does_not_hold_has_no_entries_to_find() {
        let (cert, key) = ca(Algo::Sm2);
        let one = entries(&cert, &[revocation(&[0x0A], Some(CrlReason::Superseded))]);
        let build = |entries: &[u8]| {
            build_crl(
                &cert,
                &key,
                1,
                entries,
                SystemTime::now(),
                Duration::ZERO,
                DISTID,
            )
            .expect("builds")
            .der
        };
        let good = build(&one);
        assert_eq!(entry_ranges(&good).expect("reads").len(), 1);
        // Trailing bytes after the CRL.
        let mut trailing = good.clone();
        trailing.push(0);
        assert!(entry_ranges(&trailing).is_err());
        // An entry that is not a SEQUENCE (an OCTET STRING in the list).
        let mut not_sequence = one.clone();
        not_sequence.extend_from_slice(b"\x04\x00");
        assert!(entry_ranges(&build(&not_sequence)).is_err());
    }
}
