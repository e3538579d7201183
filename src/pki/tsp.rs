//! RFC 3161 time stamping, pure: the protocol's ASN.1 (TimeStampReq, TimeStampResp,
//! PKIStatusInfo, TSTInfo, MessageImprint), making requests, issuing tokens (a CMS SignedData
//! over a DER TSTInfo), answering requests as a server, and checking tokens and responses
//! from any TSA (OpenSSL, pyHanko/certomancer, catool). Trust in the TSA certificate (its
//! chain, its validity at genTime) is the caller's.
//!
//! The types are written here with `der` derives rather than taken from `x509-tsp` 0.1: that
//! crate is built on der 0.7, and catool keeps to the der 0.8 generation (see `pki`).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cms::content_info::ContentInfo;
use cms::signed_data::SignedData;
use der::asn1::{BitString, Int, ObjectIdentifier, OctetString};
use der::{
    Any, Decode, DecodeValue, Encode, EncodeValue, FixedTag, Header, Length, Reader, Sequence, Tag,
    Writer,
};
use spki::AlgorithmIdentifierOwned;
use x509_cert::Certificate;
use x509_cert::ext::Extension;
use x509_cert::ext::pkix::ExtendedKeyUsage;
use x509_cert::ext::pkix::name::GeneralName;

use super::cms_verify;
use super::error::{PkiError, RejectReason, TokenProblem};
use super::keys::{PrivateKey, SM2_DEFAULT_DISTID};
use super::signed_data::{self, DigestAlg, IssuerSerial, OID_CONTENT_TYPE};
use super::x509::OID_KP_TIME_STAMPING;
use crate::i18n::Lang;

/// id-ct-TSTInfo: the eContentType of a timestamp token.
pub const OID_TST_INFO: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.1.4");
/// ESS signingCertificate (RFC 2634, SHA-1 certificate hashes).
pub const OID_SIGNING_CERTIFICATE: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.12");
const OID_SHA1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.14.3.2.26");
/// The policy catool's TSAs use unless told otherwise: OpenSSL's sample TSA policy
/// (`tsa_policy1` of openssl.cnf), which claims no real policy. Set a registered one with
/// `tsa init --policy`.
pub const DEFAULT_POLICY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.3.4.1");

/// Requests and responses are small; anything larger is refused before it is parsed.
pub const MAX_MESSAGE: usize = 64 * 1024;

// ---- ASN.1 ------------------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub struct MessageImprint {
    pub hash_algorithm: AlgorithmIdentifierOwned,
    pub hashed_message: OctetString,
}

#[derive(Clone, Debug, Sequence)]
pub struct TimeStampReq {
    pub version: u8,
    pub message_imprint: MessageImprint,
    #[asn1(optional = "true")]
    pub req_policy: Option<ObjectIdentifier>,
    #[asn1(optional = "true")]
    pub nonce: Option<Int>,
    #[asn1(default = "Default::default")]
    pub cert_req: bool,
    #[asn1(context_specific = "0", tag_mode = "IMPLICIT", optional = "true")]
    pub extensions: Option<Vec<Extension>>,
}

#[derive(Clone, Debug, Sequence)]
pub struct PkiStatusInfo {
    pub status: u32,
    #[asn1(optional = "true")]
    pub status_string: Option<Vec<String>>,
    #[asn1(optional = "true")]
    pub fail_info: Option<BitString>,
}

#[derive(Clone, Debug, Sequence)]
pub struct TimeStampResp {
    pub status: PkiStatusInfo,
    /// The TimeStampToken (a ContentInfo), kept as its encoding so that checking it sees
    /// the bytes that were signed.
    #[asn1(optional = "true")]
    pub time_stamp_token: Option<Any>,
}

#[derive(Clone, Debug, Sequence)]
pub struct Accuracy {
    #[asn1(optional = "true")]
    pub seconds: Option<u32>,
    #[asn1(context_specific = "0", tag_mode = "IMPLICIT", optional = "true")]
    pub millis: Option<u16>,
    #[asn1(context_specific = "1", tag_mode = "IMPLICIT", optional = "true")]
    pub micros: Option<u16>,
}

#[derive(Clone, Debug, Sequence)]
pub struct TstInfo {
    pub version: u8,
    pub policy: ObjectIdentifier,
    pub message_imprint: MessageImprint,
    pub serial_number: Int,
    pub gen_time: GenTime,
    #[asn1(optional = "true")]
    pub accuracy: Option<Accuracy>,
    #[asn1(default = "Default::default")]
    pub ordering: bool,
    #[asn1(optional = "true")]
    pub nonce: Option<Int>,
    /// A CHOICE, so explicitly tagged whatever the module's default.
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    pub tsa: Option<GeneralName>,
    #[asn1(context_specific = "1", tag_mode = "IMPLICIT", optional = "true")]
    pub extensions: Option<Vec<Extension>>,
}

/// A GeneralizedTime as RFC 3161 allows it: `YYYYMMDDhhmmss[.s…]Z` (der's own type refuses
/// fractional seconds, which TSAs such as certomancer write).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenTime(pub String);

impl FixedTag for GenTime {
    const TAG: Tag = Tag::GeneralizedTime;
}

impl<'a> DecodeValue<'a> for GenTime {
    type Error = der::Error;
    fn decode_value<R: Reader<'a>>(reader: &mut R, header: Header) -> der::Result<Self> {
        let bytes = reader.read_vec(header.length())?;
        let text = String::from_utf8(bytes).map_err(|_| Tag::GeneralizedTime.value_error())?;
        let t = GenTime(text);
        t.to_system_time()
            .ok_or_else(|| der::Error::from(Tag::GeneralizedTime.value_error()))?;
        Ok(t)
    }
}

impl EncodeValue for GenTime {
    fn value_len(&self) -> der::Result<Length> {
        Length::try_from(self.0.len())
    }
    fn encode_value(&self, writer: &mut impl Writer) -> der::Result<()> {
        writer.write(self.0.as_bytes())
    }
}

impl GenTime {
    /// Whole seconds, UTC.
    pub fn from_system_time(t: SystemTime) -> Option<GenTime> {
        let secs = t.duration_since(UNIX_EPOCH).ok()?.as_secs();
        let dt = chrono::DateTime::<chrono::Utc>::from_timestamp(i64::try_from(secs).ok()?, 0)?;
        Some(GenTime(dt.format("%Y%m%d%H%M%SZ").to_string()))
    }

    pub fn to_system_time(&self) -> Option<SystemTime> {
        let s = self.0.strip_suffix('Z')?;
        let (whole, frac) = match s.split_once('.') {
            Some((w, f)) if !f.is_empty() && f.len() <= 9 && !f.ends_with('0') => (w, f),
            Some(_) => return None,
            None => (s, ""),
        };
        if whole.len() != 14 || !whole.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        if !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let dt = chrono::NaiveDateTime::parse_from_str(whole, "%Y%m%d%H%M%S").ok()?;
        let secs = u64::try_from(dt.and_utc().timestamp()).ok()?;
        let nanos: u32 = if frac.is_empty() {
            0
        } else {
            format!("{frac:0<9}").parse().ok()?
        };
        UNIX_EPOCH.checked_add(Duration::new(secs, nanos))
    }
}

/// ESS signingCertificate / signingCertificateV2 as other producers may write them: the
/// hash algorithm explicit or not, issuerSerial optional, policies ignored.
#[derive(Sequence)]
struct AnySigningCertificate {
    certs: Vec<AnyEssCertId>,
    #[asn1(optional = "true")]
    policies: Option<Any>,
}

#[derive(Sequence)]
struct AnyEssCertId {
    #[asn1(optional = "true")]
    hash_algorithm: Option<AlgorithmIdentifierOwned>,
    cert_hash: OctetString,
    #[asn1(optional = "true")]
    issuer_serial: Option<IssuerSerial>,
}

// ---- status and failures ----------------------------------------------------------------

pub const STATUS_GRANTED: u32 = 0;
pub const STATUS_GRANTED_WITH_MODS: u32 = 1;
pub const STATUS_REJECTION: u32 = 2;

/// PKIFailureInfo bits a TSA answers with (RFC 3161 2.4.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailInfo {
    BadAlg = 0,
    BadRequest = 2,
    BadDataFormat = 5,
    UnacceptedPolicy = 15,
    UnacceptedExtension = 16,
    SystemFailure = 25,
}

impl FailInfo {
    fn bit_string(self) -> Option<BitString> {
        let bit = self as usize;
        let mut bytes = vec![0u8; bit / 8 + 1];
        bytes[bit / 8] = 0x80 >> (bit % 8);
        BitString::new(7 - (bit % 8) as u8, bytes).ok()
    }

    fn from_bit_string(b: &BitString) -> Vec<&'static str> {
        let bytes = b.raw_bytes();
        let set = |bit: usize| {
            bytes
                .get(bit / 8)
                .is_some_and(|byte| byte & (0x80 >> (bit % 8)) != 0)
        };
        [
            (0, "badAlg"),
            (2, "badRequest"),
            (5, "badDataFormat"),
            (14, "timeNotAvailable"),
            (15, "unacceptedPolicy"),
            (16, "unacceptedExtension"),
            (17, "addInfoNotAvailable"),
            (25, "systemFailure"),
        ]
        .into_iter()
        .filter(|(bit, _)| set(*bit))
        .map(|(_, name)| name)
        .collect()
    }
}

/// Why a request is refused: the failInfo, and why (its English message is the statusString
/// the requester reads).
#[derive(Clone, Debug, PartialEq)]
pub struct Rejection {
    pub fail: FailInfo,
    pub reason: RejectReason,
}

impl Rejection {
    fn new(fail: FailInfo, reason: RejectReason) -> Rejection {
        Rejection { fail, reason }
    }
}

/// Why a request got no token: a reply rejecting it was sent.
#[derive(Debug)]
pub enum Refusal<E> {
    /// The request cannot be answered.
    Request(RejectReason),
    /// The issuer failed (the reply is a systemFailure, its text not sent).
    Issue(E),
    /// The token issued does not encode into a reply (a systemFailure; cannot happen).
    Encode(PkiError),
}

// ---- requests ---------------------------------------------------------------------------

/// The MessageImprint of `digest`, made with `alg`.
pub fn message_imprint(alg: DigestAlg, digest: &[u8]) -> Result<MessageImprint, PkiError> {
    Ok(MessageImprint {
        hash_algorithm: AlgorithmIdentifierOwned {
            oid: alg.oid(),
            parameters: None,
        },
        hashed_message: OctetString::new(digest)?,
    })
}

/// An INTEGER from unsigned big-endian bytes.
pub fn unsigned_int(magnitude: &[u8]) -> Result<Int, PkiError> {
    let trimmed: Vec<u8> = magnitude.iter().copied().skip_while(|b| *b == 0).collect();
    let mut bytes = Vec::with_capacity(trimmed.len() + 1);
    if trimmed.first().is_none_or(|b| b & 0x80 != 0) {
        bytes.push(0);
    }
    bytes.extend_from_slice(&trimmed);
    Ok(Int::new(&bytes)?)
}

/// The magnitude of a (non-negative) INTEGER without leading zeros.
fn magnitude(i: &Int) -> Vec<u8> {
    i.as_bytes()
        .iter()
        .copied()
        .skip_while(|b| *b == 0)
        .collect()
}

/// A DER TimeStampReq for `digest` (made with `alg`), asking for the TSA certificate in the
/// token (certReq TRUE).
pub fn request(alg: DigestAlg, digest: &[u8], nonce: Option<u64>) -> Result<Vec<u8>, PkiError> {
    let req = TimeStampReq {
        version: 1,
        message_imprint: message_imprint(alg, digest)?,
        req_policy: None,
        nonce: nonce.map(|n| unsigned_int(&n.to_be_bytes())).transpose()?,
        cert_req: true,
        extensions: None,
    };
    Ok(req.to_der()?)
}

/// A request a TSA can answer: its imprint (the algorithm known and the digest of its size),
/// nonce and whether the certificate is wanted.
#[derive(Clone, Debug)]
pub struct ParsedRequest {
    pub imprint: MessageImprint,
    pub alg: DigestAlg,
    pub nonce: Option<Int>,
    pub cert_req: bool,
}

/// Reads a request as a TSA with `policy` does; what it cannot answer is a [`Rejection`].
pub fn read_request(der: &[u8], policy: ObjectIdentifier) -> Result<ParsedRequest, Rejection> {
    use RejectReason as R;
    let req = TimeStampReq::from_der(der).map_err(|e| {
        Rejection::new(
            FailInfo::BadDataFormat,
            R::NotDer {
                reason: e.to_string(),
            },
        )
    })?;
    if req.version != 1 {
        return Err(Rejection::new(
            FailInfo::BadRequest,
            R::Version {
                version: i64::from(req.version),
            },
        ));
    }
    let oid = req.message_imprint.hash_algorithm.oid;
    let alg = DigestAlg::from_oid(&oid).ok_or_else(|| {
        Rejection::new(
            FailInfo::BadAlg,
            R::Algorithm {
                oid: oid.to_string(),
            },
        )
    })?;
    let len = req.message_imprint.hashed_message.as_bytes().len();
    if len != alg.digest(&[]).len() {
        return Err(Rejection::new(
            FailInfo::BadDataFormat,
            R::DigestLength {
                alg: alg.name().to_string(),
                want: super::error::num(alg.digest(&[]).len()),
                got: super::error::num(len),
            },
        ));
    }
    if let Some(p) = req.req_policy
        && p != policy
    {
        return Err(Rejection::new(
            FailInfo::UnacceptedPolicy,
            R::Policy {
                policy: policy.to_string(),
                requested: p.to_string(),
            },
        ));
    }
    if req.extensions.as_ref().is_some_and(|e| !e.is_empty()) {
        return Err(Rejection::new(FailInfo::UnacceptedExtension, R::Extensions));
    }
    Ok(ParsedRequest {
        imprint: req.message_imprint,
        alg,
        nonce: req.nonce,
        cert_req: req.cert_req,
    })
}

// ---- issuing ----------------------------------------------------------------------------

/// A TSA's signing material.
pub struct TsaKey<'a> {
    pub key: &'a PrivateKey,
    pub cert: &'a Certificate,
    /// CA certificates embedded after the TSA's own.
    pub chain: &'a [Certificate],
    pub policy: ObjectIdentifier,
}

/// A DER TimeStampToken: a ContentInfo holding SignedData over the DER TSTInfo
/// (eContentType id-ct-TSTInfo), with signed attributes contentType, messageDigest and
/// signingCertificateV2; RSA keys sign SHA-256 with RSA PKCS#1 v1.5, SM2 keys SM3withSM2
/// (ID 1234567812345678). genTime is `gen_time` to the second, with an accuracy of 1 s.
pub fn issue_token(
    tsa: &TsaKey,
    serial: &[u8],
    gen_time: SystemTime,
    imprint: &MessageImprint,
    nonce: Option<&Int>,
) -> Result<Vec<u8>, PkiError> {
    let tst = TstInfo {
        version: 1,
        policy: tsa.policy,
        message_imprint: imprint.clone(),
        serial_number: unsigned_int(serial)?,
        gen_time: GenTime::from_system_time(gen_time).ok_or(PkiError::TsaGenTime)?,
        accuracy: Some(Accuracy {
            seconds: Some(1),
            millis: None,
            micros: None,
        }),
        ordering: false,
        nonce: nonce.cloned(),
        tsa: Some(GeneralName::DirectoryName(
            tsa.cert.tbs_certificate().subject().clone(),
        )),
        extensions: None,
    };
    let tst_der = tst.to_der()?;
    let digest_alg = match tsa.key {
        PrivateKey::Rsa(_) => DigestAlg::Sha256,
        PrivateKey::Sm2(_) => DigestAlg::Sm3,
    };
    let signer = tsa.key.signer(SM2_DEFAULT_DISTID)?;
    let attrs = signed_data::signed_attributes(
        OID_TST_INFO,
        &digest_alg.digest(&[&tst_der]),
        tsa.cert,
        None,
    )?;
    let signature = signed_data::sign_attributes(&signer, &attrs)?;
    signed_data::assemble(
        &signed_data::Content {
            econtent_type: OID_TST_INFO,
            econtent: Some(&tst_der),
            digest_alg,
            cert: tsa.cert,
            chain: tsa.chain,
        },
        &signer,
        attrs,
        signature,
    )
}

/// A DER TimeStampResp granting `token`.
pub fn granted(token: &[u8]) -> Result<Vec<u8>, PkiError> {
    Ok(TimeStampResp {
        status: PkiStatusInfo {
            status: STATUS_GRANTED,
            status_string: None,
            fail_info: None,
        },
        time_stamp_token: Some(Any::from_der(token)?),
    }
    .to_der()?)
}

/// A DER TimeStampResp rejecting a request, its statusString the reason in English (the
/// protocol's text, whoever reads it).
pub fn rejected(r: &Rejection) -> Vec<u8> {
    let resp = TimeStampResp {
        status: PkiStatusInfo {
            status: STATUS_REJECTION,
            status_string: Some(vec![r.reason.message_in(Lang::En)]),
            fail_info: r.fail.bit_string(),
        },
        time_stamp_token: None,
    };
    // Encoding a status, a short text and a bit string cannot fail; the bare status is the
    // fallback all the same (30 03 02 01 02 = rejection).
    resp.to_der()
        .unwrap_or_else(|_| vec![0x30, 0x05, 0x30, 0x03, 0x02, 0x01, 0x02])
}

/// Answers a request as a server: a rejection for what cannot be answered, else the token
/// `issue` makes (it allocates the serial and the time), granted; a failure of `issue` is a
/// systemFailure (its error is not sent: it is the server's to log).
pub fn respond<E>(
    request_der: &[u8],
    policy: ObjectIdentifier,
    issue: impl FnOnce(&ParsedRequest) -> Result<Vec<u8>, E>,
) -> (Vec<u8>, Result<ParsedRequest, Refusal<E>>) {
    let req = match read_request(request_der, policy) {
        Ok(r) => r,
        Err(r) => return (rejected(&r), Err(Refusal::Request(r.reason))),
    };
    let failure = match issue(&req) {
        Ok(token) => match granted(&token) {
            Ok(resp) => return (resp, Ok(req)),
            Err(e) => Refusal::Encode(e),
        },
        Err(e) => Refusal::Issue(e),
    };
    let reply = rejected(&Rejection::new(
        FailInfo::SystemFailure,
        RejectReason::CouldNotIssue,
    ));
    (reply, Err(failure))
}

// ---- checking ---------------------------------------------------------------------------

/// What a checked token says.
#[derive(Clone, Debug)]
pub struct TokenInfo {
    pub gen_time: SystemTime,
    /// genTime as the TSA wrote it.
    pub gen_time_text: String,
    /// The serial number, upper-case hex.
    pub serial_hex: String,
    pub policy: ObjectIdentifier,
    pub imprint_alg: DigestAlg,
    /// The nonce's magnitude (big-endian, no leading zeros).
    pub nonce: Option<Vec<u8>>,
    /// "RSA-SHA256", "SM2-SM3" …
    pub signature_algorithm: String,
    pub tsa_cert_der: Vec<u8>,
    /// The other certificates the token carries (its chain, usually), DER.
    pub other_certs_der: Vec<Vec<u8>>,
}

/// Checks a TimeStampToken from any TSA against the digest it should stamp: the CMS
/// signature verifies with the TSA certificate the token carries (found by issuer and serial
/// or subject key identifier), the ESS signingCertificate(V2) attribute names that
/// certificate, the message imprint is `expected_alg`/`expected_digest`, and the certificate
/// is for time stamping only (extendedKeyUsage id-kp-timeStamping, critical). Trust in the
/// certificate is the caller's.
pub fn check_token(
    token_der: &[u8],
    expected_alg: DigestAlg,
    expected_digest: &[u8],
) -> Result<TokenInfo, TokenProblem> {
    let (tst, info) = read_token(token_der)?;
    let imprint = &tst.message_imprint;
    if imprint.hash_algorithm.oid != expected_alg.oid()
        || imprint.hashed_message.as_bytes() != expected_digest
    {
        return Err(TokenProblem::WrongImprint {
            expected_alg,
            expected: expected_digest.to_vec(),
            token_alg: DigestAlg::from_oid(&imprint.hash_algorithm.oid).map_or_else(
                || imprint.hash_algorithm.oid.to_string(),
                |a| a.name().to_string(),
            ),
            token: imprint.hashed_message.as_bytes().to_vec(),
        });
    }
    Ok(info)
}

/// A library's error as the `reason` a finding quotes.
fn reason(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// Parses and checks everything of a token but its imprint.
fn read_token(token_der: &[u8]) -> Result<(TstInfo, TokenInfo), TokenProblem> {
    use TokenProblem as P;
    let ci =
        ContentInfo::from_der(token_der).map_err(|e| P::NotContentInfo { reason: reason(e) })?;
    if ci.content_type != signed_data::OID_SIGNED_DATA {
        return Err(P::NotSignedData {
            oid: ci.content_type.to_string(),
        });
    }
    let sd: SignedData = ci
        .content
        .decode_as()
        .map_err(|e| P::SignedDataUnreadable { reason: reason(e) })?;
    if sd.encap_content_info.econtent_type != OID_TST_INFO {
        return Err(P::NotTstInfo {
            oid: sd.encap_content_info.econtent_type.to_string(),
        });
    }
    let tst_der = sd
        .encap_content_info
        .econtent
        .as_ref()
        .ok_or(P::NoTstInfo)?
        .decode_as::<OctetString>()
        .map_err(|e| P::ContentUnreadable { reason: reason(e) })?;
    let tst = TstInfo::from_der(tst_der.as_bytes())
        .map_err(|e| P::TstInfoUnreadable { reason: reason(e) })?;
    if tst.version != 1 {
        return Err(P::TstInfoVersion {
            version: i64::from(tst.version),
        });
    }
    let mut infos = sd.signer_infos.0.iter();
    let si = infos.next().ok_or(P::NoSigner)?;
    if infos.next().is_some() {
        return Err(P::SeveralSigners);
    }
    let certs = cms_verify::certificates(&sd);
    let tsa_cert = cms_verify::find_signer(&certs, si).ok_or(P::TsaCertificateMissing)?;
    let digest_alg =
        DigestAlg::from_oid(&si.digest_alg.oid).ok_or_else(|| P::UnsupportedDigest {
            oid: si.digest_alg.oid.to_string(),
        })?;
    if si.signed_attrs.is_none() {
        return Err(P::NoSignedAttributes);
    }
    let content_type = cms_verify::signed_attribute::<ObjectIdentifier>(si, OID_CONTENT_TYPE);
    if content_type != Some(OID_TST_INFO) {
        return Err(P::ContentTypeNotTstInfo);
    }
    let md = cms_verify::message_digest(si).ok_or(P::NoMessageDigest)?;
    if md != digest_alg.digest(&[tst_der.as_bytes()]) {
        return Err(P::MessageDigestMismatch);
    }
    let signed =
        cms_verify::signed_attributes_der(token_der).ok_or(P::SignedAttributesUnlocatable)?;
    cms_verify::verify_with(
        &si.signature_algorithm,
        digest_alg,
        &signed,
        si.signature.as_bytes(),
        tsa_cert,
    )
    .map_err(|failure| P::SignatureInvalid { failure })?;
    check_ess(si, tsa_cert)?;
    check_tsa_eku(tsa_cert)?;

    let key = cms_verify::key_algorithm(&si.signature_algorithm, tsa_cert).unwrap_or("?");
    let imprint_oid = &tst.message_imprint.hash_algorithm.oid;
    let imprint_alg = DigestAlg::from_oid(imprint_oid).ok_or_else(|| P::UnsupportedImprint {
        oid: imprint_oid.to_string(),
    })?;
    let gen_time = tst.gen_time.to_system_time().ok_or(P::GenTimeUnreadable)?;
    let tsa_cert_der = tsa_cert
        .to_der()
        .map_err(|e| P::Reencode { reason: reason(e) })?;
    let info = TokenInfo {
        gen_time,
        gen_time_text: tst.gen_time.0.clone(),
        serial_hex: crate::hex::encode(&magnitude(&tst.serial_number)).to_uppercase(),
        policy: tst.policy,
        imprint_alg,
        nonce: tst.nonce.as_ref().map(magnitude),
        signature_algorithm: [
            key,
            cms_verify::rsa_hash(&si.signature_algorithm.oid)
                .unwrap_or(digest_alg)
                .name(),
        ]
        .join("-"),
        other_certs_der: certs
            .iter()
            .filter(|c| !std::ptr::eq(**c, tsa_cert))
            .filter_map(|c| c.to_der().ok())
            .collect(),
        tsa_cert_der,
    };
    Ok((tst, info))
}

/// The ESS signingCertificateV2 (or v1) attribute must identify the TSA certificate: its
/// first entry's hash is the certificate's, and its issuer and serial, when given, are too.
fn check_ess(si: &cms::signed_data::SignerInfo, cert: &Certificate) -> Result<(), TokenProblem> {
    use TokenProblem as P;
    let (ess, v2) = match cms_verify::signed_attribute::<AnySigningCertificate>(
        si,
        signed_data::OID_SIGNING_CERTIFICATE_V2,
    ) {
        Some(e) => (e, true),
        None => (
            cms_verify::signed_attribute::<AnySigningCertificate>(si, OID_SIGNING_CERTIFICATE)
                .ok_or(P::NoSigningCertificate)?,
            false,
        ),
    };
    let id = ess.certs.first().ok_or(P::SigningCertificateEmpty)?;
    let cert_der = cert
        .to_der()
        .map_err(|e| P::Reencode { reason: reason(e) })?;
    let hash = match (&id.hash_algorithm, v2) {
        (_, false) => {
            use sha1::Digest;
            sha1::Sha1::digest(&cert_der).to_vec()
        }
        (None, true) => DigestAlg::Sha256.digest(&[&cert_der]),
        (Some(a), true) if a.oid == OID_SHA1 => {
            use sha1::Digest;
            sha1::Sha1::digest(&cert_der).to_vec()
        }
        (Some(a), true) => DigestAlg::from_oid(&a.oid)
            .ok_or_else(|| P::SigningCertificateHash {
                oid: a.oid.to_string(),
            })?
            .digest(&[&cert_der]),
    };
    if id.cert_hash.as_bytes() != hash {
        return Err(P::SigningCertificateOther);
    }
    if let Some(is) = &id.issuer_serial {
        let tbs = cert.tbs_certificate();
        let issuer_ok = is
            .issuer
            .iter()
            .any(|g| matches!(g, GeneralName::DirectoryName(n) if n == tbs.issuer()));
        if !issuer_ok || is.serial_number != *tbs.serial_number() {
            return Err(P::SigningCertificateIssuerSerial);
        }
    }
    Ok(())
}

/// RFC 3161 2.3: the TSA certificate's extendedKeyUsage is id-kp-timeStamping alone, and
/// critical.
pub fn check_tsa_eku(cert: &Certificate) -> Result<(), TokenProblem> {
    let subject = cert.tbs_certificate().subject().to_string();
    match cert.tbs_certificate().get_extension::<ExtendedKeyUsage>() {
        Err(e) => Err(TokenProblem::EkuUnreadable {
            subject,
            reason: reason(e),
        }),
        Ok(None) => Err(TokenProblem::EkuMissing { subject }),
        Ok(Some((_, eku))) if eku.0 != [OID_KP_TIME_STAMPING] => {
            Err(TokenProblem::EkuNotTimeStampingOnly { subject })
        }
        Ok(Some((false, _))) => Err(TokenProblem::EkuNotCritical { subject }),
        Ok(Some(_)) => Ok(()),
    }
}

/// Checks a TimeStampResp to `request_der` and returns its token and what it says: status granted (or
/// granted with modifications), the token checked ([`check_token`]) with the request's
/// imprint, and the nonce the request sent.
pub fn parse_response(
    resp_der: &[u8],
    request_der: &[u8],
) -> Result<(Vec<u8>, TokenInfo), TokenProblem> {
    use TokenProblem as P;
    let req = TimeStampReq::from_der(request_der)
        .map_err(|e| P::RequestUnreadable { reason: reason(e) })?;
    let resp =
        TimeStampResp::from_der(resp_der).map_err(|e| P::ReplyUnreadable { reason: reason(e) })?;
    let status = &resp.status;
    if status.status != STATUS_GRANTED && status.status != STATUS_GRANTED_WITH_MODS {
        return Err(P::NotGranted {
            status: i64::from(status.status),
            fail_info: status
                .fail_info
                .as_ref()
                .map(|f| {
                    FailInfo::from_bit_string(f)
                        .into_iter()
                        .map(String::from)
                        .collect()
                })
                .unwrap_or_default(),
            texts: status
                .status_string
                .iter()
                .flatten()
                .map(|t| t.chars().filter(|c| !c.is_control()).take(200).collect())
                .collect(),
        });
    }
    let token = resp
        .time_stamp_token
        .as_ref()
        .ok_or(P::NoToken)?
        .to_der()
        .map_err(|e| P::Reencode { reason: reason(e) })?;
    let alg =
        DigestAlg::from_oid(&req.message_imprint.hash_algorithm.oid).ok_or(P::RequestAlgorithm)?;
    let info = check_token(&token, alg, req.message_imprint.hashed_message.as_bytes())?;
    let sent = req.nonce.as_ref().map(magnitude);
    if info.nonce != sent {
        return Err(match sent {
            Some(_) => P::WrongNonce,
            None => P::UnexpectedNonce,
        });
    }
    Ok((token, info))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Catalogued;
    use crate::pki::dn::{CN, DnBuilder};
    use crate::pki::keys::Algo;
    use crate::pki::x509::{LeafRequest, create_root_ca, issue_leaf_with};

    struct Fixture {
        ca: Certificate,
        key: PrivateKey,
        cert: Certificate,
    }

    fn fixture(eku: Option<(bool, Vec<ObjectIdentifier>)>) -> Fixture {
        let now = SystemTime::now();
        let year = Duration::from_secs(365 * 86400);
        let ca_key = Algo::Sm2.generate().unwrap();
        let name = |n: &str| DnBuilder::new().utf8(CN, n).unwrap().build().unwrap();
        let ca = create_root_ca(&ca_key, name("CA"), now, now + year, SM2_DEFAULT_DISTID).unwrap();
        let key = Algo::Sm2.generate().unwrap();
        let req = LeafRequest {
            subject: name("TSA"),
            public_key: key.public_key_spki().unwrap(),
            not_before: now,
            not_after: now + year,
            crl_uri: "http://crl.example/ca.crl".into(),
            identity: None,
        };
        let cert = issue_leaf_with(&ca, &ca_key, &req, SM2_DEFAULT_DISTID, eku).unwrap();
        Fixture { ca, key, cert }
    }

    fn tsa_fixture() -> Fixture {
        fixture(Some((true, vec![OID_KP_TIME_STAMPING])))
    }

    fn token(f: &Fixture, digest: &[u8], nonce: Option<u64>) -> Vec<u8> {
        let chain = [f.ca.clone()];
        let tsa = TsaKey {
            key: &f.key,
            cert: &f.cert,
            chain: &chain,
            policy: DEFAULT_POLICY,
        };
        let nonce = nonce.map(|n| unsigned_int(&n.to_be_bytes()).unwrap());
        issue_token(
            &tsa,
            &[7],
            SystemTime::now(),
            &message_imprint(DigestAlg::Sm3, digest).unwrap(),
            nonce.as_ref(),
        )
        .unwrap()
    }

    fn respond_to(f: &Fixture, request_der: &[u8]) -> Vec<u8> {
        let chain = [f.ca.clone()];
        let tsa = TsaKey {
            key: &f.key,
            cert: &f.cert,
            chain: &chain,
            policy: DEFAULT_POLICY,
        };
        respond(request_der, DEFAULT_POLICY, |r| {
            issue_token(
                &tsa,
                &[1, 2],
                SystemTime::now(),
                &r.imprint,
                r.nonce.as_ref(),
            )
        })
        .0
    }

    #[test]
    fn a_token_checks_against_the_digest_it_stamps() {
        let f = tsa_fixture();
        let d = DigestAlg::Sm3.digest(&[b"contract"]);
        let info = check_token(&token(&f, &d, Some(42)), DigestAlg::Sm3, &d).unwrap();
        assert_eq!(info.serial_hex, "07");
        assert_eq!(info.nonce, Some(vec![42]));
        assert_eq!(info.signature_algorithm, "SM2-SM3");
        assert_eq!(info.other_certs_der, vec![f.ca.to_der().unwrap()]);
    }

    #[test]
    fn a_token_for_another_digest_is_a_wrong_imprint() {
        let f = tsa_fixture();
        let d = DigestAlg::Sm3.digest(&[b"contract"]);
        let other = DigestAlg::Sm3.digest(&[b"forgery"]);
        let e = check_token(&token(&f, &d, None), DigestAlg::Sm3, &other).unwrap_err();
        assert!(
            matches!(&e, TokenProblem::WrongImprint { token, .. } if *token == d),
            "{e:?}"
        );
    }

    #[test]
    fn a_reply_with_another_nonce_is_refused() {
        let f = tsa_fixture();
        let d = DigestAlg::Sm3.digest(&[b"contract"]);
        let req = request(DigestAlg::Sm3, &d, Some(1)).unwrap();
        let other = request(DigestAlg::Sm3, &d, Some(2)).unwrap();
        let resp = respond_to(&f, &other);
        let e = parse_response(&resp, &req).unwrap_err();
        assert_eq!(e, TokenProblem::WrongNonce);
        assert!(parse_response(&respond_to(&f, &req), &req).is_ok());
    }

    #[test]
    fn a_certificate_without_the_time_stamping_eku_is_refused() {
        let f = fixture(None);
        let d = DigestAlg::Sm3.digest(&[b"x"]);
        let e = check_token(&token(&f, &d, None), DigestAlg::Sm3, &d).unwrap_err();
        assert!(matches!(e, TokenProblem::EkuMissing { .. }), "{e:?}");
    }

    #[test]
    fn a_non_critical_time_stamping_eku_is_refused() {
        let f = fixture(Some((false, vec![OID_KP_TIME_STAMPING])));
        let d = DigestAlg::Sm3.digest(&[b"x"]);
        let e = check_token(&token(&f, &d, None), DigestAlg::Sm3, &d).unwrap_err();
        assert!(matches!(e, TokenProblem::EkuNotCritical { .. }), "{e:?}");
    }

    #[test]
    fn a_changed_token_does_not_verify() {
        let f = tsa_fixture();
        let d = DigestAlg::Sm3.digest(&[b"x"]);
        let mut t = token(&f, &d, None);
        let n = t.len();
        t[n - 10] ^= 1; // inside the signature
        assert!(matches!(
            check_token(&t, DigestAlg::Sm3, &d),
            Err(TokenProblem::SignatureInvalid { .. })
        ));
    }

    #[test]
    fn garbage_and_unknown_algorithms_are_rejected_with_their_fail_info() {
        let r = read_request(b"not asn.1", DEFAULT_POLICY).unwrap_err();
        assert_eq!(r.fail, FailInfo::BadDataFormat);
        let short = request(DigestAlg::Sha256, &[1, 2, 3], None).unwrap();
        let r = read_request(&short, DEFAULT_POLICY).unwrap_err();
        assert_eq!(r.fail, FailInfo::BadDataFormat);
        let mut md5 =
            TimeStampReq::from_der(&request(DigestAlg::Sha256, &[0; 32], None).unwrap()).unwrap();
        md5.message_imprint.hash_algorithm.oid = ObjectIdentifier::new_unwrap("1.2.840.113549.2.5");
        let r = read_request(&md5.to_der().unwrap(), DEFAULT_POLICY).unwrap_err();
        assert_eq!(r.fail, FailInfo::BadAlg);
        let f = tsa_fixture();
        let e = parse_response(
            &respond_to(&f, &md5.to_der().unwrap()),
            &md5.to_der().unwrap(),
        )
        .unwrap_err();
        assert_eq!(e.describe().code, "pki.token.rejected");
        assert!(
            e.message_in(Lang::En)
                .starts_with("the TSA rejected the request (badAlg): unsupported hash algorithm"),
            "{e:?}"
        );
    }

    #[test]
    fn gen_time_reads_fractional_seconds_and_refuses_malformed_ones() {
        let t = GenTime("20260102030405.25Z".into())
            .to_system_time()
            .unwrap();
        let base = GenTime("20260102030405Z".into()).to_system_time().unwrap();
        assert_eq!(t.duration_since(base).unwrap(), Duration::from_millis(250));
        for bad in [
            "20260102030405",
            "20260102030405.Z",
            "20260102030405.50Z",
            "2026010203Z",
        ] {
            assert!(GenTime(bad.into()).to_system_time().is_none(), "{bad}");
        }
    }
}
