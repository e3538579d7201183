//! Documents encrypted to a certificate (D20, 扫码加密/解密): CMS `EnvelopedData`
//! (RFC 5652 §6) in a `ContentInfo`, one `KeyTransRecipientInfo` per recipient, identified by
//! the certificate's issuer and serial number.
//!
//! What catool writes:
//!  * RSA recipients: the content-encryption key is wrapped with RSAES-OAEP, SHA-256 and
//!    MGF1-SHA-256, with explicit `RSAES-OAEP-params` (RFC 3560, RFC 4055 §4.1); the content
//!    is AES-256-CBC. `openssl cms -decrypt` opens it.
//!  * SM2 recipients: the key is wrapped with SM2 public-key encryption (GB/T 32918.4), the
//!    ciphertext in the GM/T 0009 ASN.1 form `SEQUENCE { x, y, hash, ciphertext }` (C1C3C2),
//!    key-encryption algorithm sm2encrypt 1.2.156.10197.1.301.3; the content is SM4-CBC
//!    (1.2.156.10197.1.104.2). SM4 rather than AES because an SM2 document is made for a
//!    platform that runs on the national algorithms end to end (D15, GM/T 0010); the `sm4`
//!    crate is RustCrypto's, on the same `cipher` 0.5 as `aes` and `cbc`.
//!
//! What catool reads, for documents made by other tools: DER, BER (indefinite lengths, as
//! `openssl cms -stream` writes) or PEM (`CMS`/`PKCS7`); the content type id-envelopedData or
//! its GM/T 0010 twin 1.2.156.10197.6.1.4.2.3; key transport RSAES-OAEP with SHA-1/SHA-256/
//! SHA-384/SHA-512 (and any label), RSA PKCS#1 v1.5 (`openssl cms -encrypt`'s default), or
//! SM2 (DER, or raw C1C3C2 / C1C2C3); content AES-128/192/256-CBC, SM4-CBC or 3DES-CBC;
//! recipients named by issuer and serial or by subject key identifier.
//!
//! CBC has no integrity check of its own: damage to the encrypted key is always detected
//! (OAEP and the SM2 hash check), damage to the content only when it breaks the padding. Bid
//! documents are signed as well (D20), and the signature is what proves them intact.

use cbc::cipher::{
    BlockCipherDecrypt, BlockCipherEncrypt, BlockModeDecrypt, BlockModeEncrypt, InnerIvInit,
    KeyInit, block_padding::Pkcs7,
};
use cms::cert::IssuerAndSerialNumber;
use cms::content_info::CmsVersion;
use cms::enveloped_data::{
    EncryptedContentInfo, EnvelopedData, KeyTransRecipientInfo, RecipientIdentifier, RecipientInfo,
    RecipientInfos,
};
use der::asn1::{Null, ObjectIdentifier, OctetString};
use der::{Any, Decode, Encode, Header, Sequence, SliceReader, Tagged};
use digest::{Digest, FixedOutputReset};
use getrandom::SysRng;
use sha2::{Sha256, Sha384, Sha512};
use spki::AlgorithmIdentifierOwned;
use x509_cert::Certificate;
use x509_cert::ext::pkix::SubjectKeyIdentifier;
use zeroize::Zeroizing;

use super::error::{CmsKind, PkiError, num};
use super::keys::{OID_EC_PUBLIC_KEY, OID_RSA_ENCRYPTION, OID_SM2_CURVE, PrivateKey};
use super::pbe::{OID_SHA1, OID_SHA256, OID_SHA384, OID_SHA512};

pub const OID_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
pub const OID_SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
pub const OID_ENVELOPED_DATA: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.3");
pub const OID_ENCRYPTED_DATA: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.6");
pub const OID_AUTH_ENVELOPED_DATA: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.1.23");
/// GM/T 0010 data / envelopedData (read only; catool writes the RFC 5652 OIDs).
pub const OID_GM_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.156.10197.6.1.4.2.1");
pub const OID_GM_ENVELOPED_DATA: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.156.10197.6.1.4.2.3");

pub const OID_RSAES_OAEP: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.7");
pub const OID_MGF1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.8");
pub const OID_P_SPECIFIED: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.9");
/// SM2 public-key encryption (GM/T 0006 sm2encrypt / sm2-3).
pub const OID_SM2_ENCRYPT: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.156.10197.1.301.3");

pub const OID_AES128_CBC: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.1.2");
pub const OID_AES192_CBC: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.1.22");
pub const OID_AES256_CBC: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.1.42");
pub const OID_SM4_CBC: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.156.10197.1.104.2");
pub const OID_DES_EDE3_CBC: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.3.7");

pub type Result<T> = std::result::Result<T, PkiError>;

fn internal(what: &str) -> impl FnOnce(der::Error) -> PkiError + '_ {
    move |e| PkiError::EnvEncode {
        what: what.to_string(),
        detail: e.to_string(),
    }
}

// ---- ASN.1 ---------------------------------------------------------------------------------

/// `ContentInfo` whose content is decoded as `EnvelopedData` directly (no intermediate `Any`
/// copy of a possibly large document).
#[derive(Clone, Debug, Sequence)]
struct EnvelopedContentInfo {
    content_type: ObjectIdentifier,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT")]
    content: EnvelopedData,
}

/// `RSAES-OAEP-params` (RFC 8017 A.2.1); every field has a DEFAULT (SHA-1, MGF1-SHA-1, empty
/// label) and is left out when it has the default value.
#[derive(Clone, Debug, Default, Sequence)]
struct RsaesOaepParams {
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    hash: Option<AlgorithmIdentifierOwned>,
    #[asn1(context_specific = "1", tag_mode = "EXPLICIT", optional = "true")]
    mask_gen: Option<AlgorithmIdentifierOwned>,
    #[asn1(context_specific = "2", tag_mode = "EXPLICIT", optional = "true")]
    p_source: Option<AlgorithmIdentifierOwned>,
}

// ---- algorithms ----------------------------------------------------------------------------

/// Content-encryption algorithms (all CBC with PKCS#7 padding).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentCipher {
    Aes128Cbc,
    Aes192Cbc,
    Aes256Cbc,
    Sm4Cbc,
    DesEde3Cbc,
}

impl ContentCipher {
    pub fn name(self) -> &'static str {
        match self {
            ContentCipher::Aes128Cbc => "aes-128-cbc",
            ContentCipher::Aes192Cbc => "aes-192-cbc",
            ContentCipher::Aes256Cbc => "aes-256-cbc",
            ContentCipher::Sm4Cbc => "sm4-cbc",
            ContentCipher::DesEde3Cbc => "des-ede3-cbc",
        }
    }

    fn oid(self) -> ObjectIdentifier {
        match self {
            ContentCipher::Aes128Cbc => OID_AES128_CBC,
            ContentCipher::Aes192Cbc => OID_AES192_CBC,
            ContentCipher::Aes256Cbc => OID_AES256_CBC,
            ContentCipher::Sm4Cbc => OID_SM4_CBC,
            ContentCipher::DesEde3Cbc => OID_DES_EDE3_CBC,
        }
    }

    fn from_oid(oid: &ObjectIdentifier) -> Option<Self> {
        [
            ContentCipher::Aes128Cbc,
            ContentCipher::Aes192Cbc,
            ContentCipher::Aes256Cbc,
            ContentCipher::Sm4Cbc,
            ContentCipher::DesEde3Cbc,
        ]
        .into_iter()
        .find(|c| c.oid() == *oid)
    }

    fn key_len(self) -> usize {
        match self {
            ContentCipher::Aes128Cbc | ContentCipher::Sm4Cbc => 16,
            ContentCipher::Aes192Cbc | ContentCipher::DesEde3Cbc => 24,
            ContentCipher::Aes256Cbc => 32,
        }
    }

    fn block_len(self) -> usize {
        match self {
            ContentCipher::DesEde3Cbc => 8,
            _ => 16,
        }
    }

    fn encrypt(self, key: &[u8], iv: &[u8], data: &[u8]) -> Result<Vec<u8>> {
        match self {
            ContentCipher::Aes128Cbc => cbc_encrypt::<aes::Aes128>(key, iv, data),
            ContentCipher::Aes192Cbc => cbc_encrypt::<aes::Aes192>(key, iv, data),
            ContentCipher::Aes256Cbc => cbc_encrypt::<aes::Aes256>(key, iv, data),
            ContentCipher::Sm4Cbc => cbc_encrypt::<sm4::Sm4>(key, iv, data),
            ContentCipher::DesEde3Cbc => cbc_encrypt::<des::TdesEde3>(key, iv, data),
        }
    }

    /// `None` when the padding is wrong: a damaged document or a wrong key.
    fn decrypt(self, key: &[u8], iv: &[u8], data: &[u8]) -> Option<Vec<u8>> {
        match self {
            ContentCipher::Aes128Cbc => cbc_decrypt::<aes::Aes128>(key, iv, data),
            ContentCipher::Aes192Cbc => cbc_decrypt::<aes::Aes192>(key, iv, data),
            ContentCipher::Aes256Cbc => cbc_decrypt::<aes::Aes256>(key, iv, data),
            ContentCipher::Sm4Cbc => cbc_decrypt::<sm4::Sm4>(key, iv, data),
            ContentCipher::DesEde3Cbc => cbc_decrypt::<des::TdesEde3>(key, iv, data),
        }
    }
}

fn cbc_encrypt<C: BlockCipherEncrypt + KeyInit>(
    key: &[u8],
    iv: &[u8],
    data: &[u8],
) -> Result<Vec<u8>> {
    let cipher = C::new_from_slice(key).map_err(|_| PkiError::EnvCipherInit)?;
    let mode = cbc::Encryptor::<C>::inner_iv_slice_init(cipher, iv)
        .map_err(|_| PkiError::EnvCipherInit)?;
    Ok(mode.encrypt_padded_vec::<Pkcs7>(data))
}

fn cbc_decrypt<C: BlockCipherDecrypt + KeyInit>(
    key: &[u8],
    iv: &[u8],
    data: &[u8],
) -> Option<Vec<u8>> {
    let cipher = C::new_from_slice(key).ok()?;
    let mode = cbc::Decryptor::<C>::inner_iv_slice_init(cipher, iv).ok()?;
    mode.decrypt_padded_vec::<Pkcs7>(data).ok()
}

/// Digests that may appear in RSAES-OAEP-params.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OaepHash {
    Sha1,
    Sha256,
    Sha384,
    Sha512,
}

impl OaepHash {
    fn from_alg(alg: &AlgorithmIdentifierOwned) -> Result<Self> {
        let oid = alg.oid;
        if oid == OID_SHA1 {
            Ok(OaepHash::Sha1)
        } else if oid == OID_SHA256 {
            Ok(OaepHash::Sha256)
        } else if oid == OID_SHA384 {
            Ok(OaepHash::Sha384)
        } else if oid == OID_SHA512 {
            Ok(OaepHash::Sha512)
        } else {
            Err(PkiError::EnvOaepDigest {
                oid: oid.to_string(),
            })
        }
    }

    fn name(self) -> &'static str {
        match self {
            OaepHash::Sha1 => "sha1",
            OaepHash::Sha256 => "sha256",
            OaepHash::Sha384 => "sha384",
            OaepHash::Sha512 => "sha512",
        }
    }
}

/// How the content-encryption key was wrapped.
#[derive(Debug, Clone, PartialEq, Eq)]
enum KeyTransport {
    RsaOaep {
        hash: OaepHash,
        mgf: OaepHash,
        label: Option<Vec<u8>>,
    },
    RsaPkcs1v15,
    Sm2,
}

impl KeyTransport {
    fn from_alg(alg: &AlgorithmIdentifierOwned) -> Result<Self> {
        if alg.oid == OID_RSA_ENCRYPTION {
            return Ok(KeyTransport::RsaPkcs1v15);
        }
        if alg.oid == OID_SM2_ENCRYPT {
            return Ok(KeyTransport::Sm2);
        }
        if alg.oid != OID_RSAES_OAEP {
            return Err(PkiError::EnvKeyEncryption {
                oid: alg.oid.to_string(),
            });
        }
        let params = match &alg.parameters {
            None => RsaesOaepParams::default(),
            Some(p) if p.tag() == der::Tag::Null => RsaesOaepParams::default(),
            Some(p) => {
                p.decode_as::<RsaesOaepParams>()
                    .map_err(|e| PkiError::EnvOaepParamsCorrupt {
                        detail: e.to_string(),
                    })?
            }
        };
        let hash = params
            .hash
            .as_ref()
            .map(OaepHash::from_alg)
            .transpose()?
            .unwrap_or(OaepHash::Sha1);
        let mgf = match &params.mask_gen {
            None => OaepHash::Sha1,
            Some(m) if m.oid == OID_MGF1 => {
                let inner: AlgorithmIdentifierOwned = m
                    .parameters
                    .as_ref()
                    .ok_or(PkiError::EnvMgf1NoDigest)?
                    .decode_as()
                    .map_err(|e: der::Error| PkiError::EnvMgf1ParamsCorrupt {
                        detail: e.to_string(),
                    })?;
                OaepHash::from_alg(&inner)?
            }
            Some(m) => {
                return Err(PkiError::EnvMaskGeneration {
                    oid: m.oid.to_string(),
                });
            }
        };
        let label = match &params.p_source {
            None => None,
            Some(p) if p.oid == OID_P_SPECIFIED => {
                let l: Option<OctetString> = p
                    .parameters
                    .as_ref()
                    .map(|a| a.decode_as())
                    .transpose()
                    .map_err(|e: der::Error| PkiError::EnvOaepLabelCorrupt {
                        detail: e.to_string(),
                    })?;
                l.map(|l| l.as_bytes().to_vec()).filter(|l| !l.is_empty())
            }
            Some(p) => {
                return Err(PkiError::EnvLabelSource {
                    oid: p.oid.to_string(),
                });
            }
        };
        Ok(KeyTransport::RsaOaep { hash, mgf, label })
    }

    fn name(&self) -> String {
        match self {
            KeyTransport::RsaOaep { hash, mgf, .. } => {
                format!("rsaes-oaep ({}, mgf1-{})", hash.name(), mgf.name())
            }
            KeyTransport::RsaPkcs1v15 => "rsa-pkcs1v15".into(),
            KeyTransport::Sm2 => "sm2encrypt".into(),
        }
    }
}

/// RFC 4055 `sha256Identifier`: parameters present and NULL.
fn sha256_identifier() -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned {
        oid: OID_SHA256,
        parameters: Some(Null.into()),
    }
}

/// RFC 4055 rSAES-OAEP-SHA256-Identifier: SHA-256, MGF1-SHA-256, empty label (omitted).
fn oaep_sha256_identifier() -> Result<AlgorithmIdentifierOwned> {
    let mgf = AlgorithmIdentifierOwned {
        oid: OID_MGF1,
        parameters: Some(Any::encode_from(&sha256_identifier()).map_err(internal("MGF1"))?),
    };
    let params = RsaesOaepParams {
        hash: Some(sha256_identifier()),
        mask_gen: Some(mgf),
        p_source: None,
    };
    Ok(AlgorithmIdentifierOwned {
        oid: OID_RSAES_OAEP,
        parameters: Some(Any::encode_from(&params).map_err(internal("OAEP parameters"))?),
    })
}

fn oaep_decrypt(
    key: &rsa::PrivateKey,
    hash: OaepHash,
    mgf: OaepHash,
    label: Option<Vec<u8>>,
    ct: &[u8],
) -> rsa::Result<Vec<u8>> {
    fn with_mgf<D: Digest + FixedOutputReset>(
        key: &rsa::PrivateKey,
        mgf: OaepHash,
        label: Option<Box<[u8]>>,
        ct: &[u8],
    ) -> rsa::Result<Vec<u8>> {
        fn run<D: Digest + FixedOutputReset, M: Digest + FixedOutputReset>(
            key: &rsa::PrivateKey,
            label: Option<Box<[u8]>>,
            ct: &[u8],
        ) -> rsa::Result<Vec<u8>> {
            let padding = rsa::Oaep::<D, M> {
                digest: D::new(),
                mgf_digest: M::new(),
                label,
            };
            key.decrypt(padding, ct)
        }
        match mgf {
            OaepHash::Sha1 => run::<D, sha1::Sha1>(key, label, ct),
            OaepHash::Sha256 => run::<D, Sha256>(key, label, ct),
            OaepHash::Sha384 => run::<D, Sha384>(key, label, ct),
            OaepHash::Sha512 => run::<D, Sha512>(key, label, ct),
        }
    }
    let label = label.map(Vec::into_boxed_slice);
    match hash {
        OaepHash::Sha1 => with_mgf::<sha1::Sha1>(key, mgf, label, ct),
        OaepHash::Sha256 => with_mgf::<Sha256>(key, mgf, label, ct),
        OaepHash::Sha384 => with_mgf::<Sha384>(key, mgf, label, ct),
        OaepHash::Sha512 => with_mgf::<Sha512>(key, mgf, label, ct),
    }
}

// ---- recipients ----------------------------------------------------------------------------

/// A recipient's public key, taken from its certificate.
enum RecipientKey {
    Rsa(rsa::PublicKey),
    Sm2(sm2::PublicKey),
}

fn recipient_key(cert: &Certificate) -> Result<RecipientKey> {
    let spki = cert.tbs_certificate().subject_public_key_info();
    let oid = spki.algorithm.oid;
    if oid == OID_RSA_ENCRYPTION {
        let spki_ref = der::referenced::OwnedToRef::owned_to_ref(spki);
        let pk = rsa::PublicKey::try_from(spki_ref).map_err(|e| PkiError::EnvRecipientRsaKey {
            detail: e.to_string(),
        })?;
        return Ok(RecipientKey::Rsa(pk));
    }
    let curve: Option<ObjectIdentifier> = spki
        .algorithm
        .parameters
        .as_ref()
        .and_then(|p| p.decode_as().ok());
    // GM/T 0015 certificates say id-ecPublicKey + the SM2 curve; a few old ones put the SM2
    // curve OID in the algorithm itself.
    if (oid == OID_EC_PUBLIC_KEY && curve == Some(OID_SM2_CURVE)) || oid == OID_SM2_CURVE {
        let point = spki
            .subject_public_key
            .as_bytes()
            .ok_or(PkiError::EnvRecipientSm2Unreadable)?;
        let pk = sm2::PublicKey::from_sec1_bytes(point).map_err(|e| {
            PkiError::EnvRecipientSm2Invalid {
                detail: e.to_string(),
            }
        })?;
        return Ok(RecipientKey::Sm2(pk));
    }
    Err(PkiError::EnvRecipientAlgorithm {
        oid: oid.to_string(),
        curve: curve.map(|c| c.to_string()),
    })
}

/// How a `RecipientInfo` names its recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecipientId {
    IssuerSerial {
        issuer: x509_cert::name::Name,
        serial: x509_cert::serial_number::SerialNumber,
    },
    KeyId(Vec<u8>),
    /// A recipient type catool does not open (key agreement, KEK, password, other).
    Other(&'static str),
}

impl RecipientId {
    /// The serial number as catool prints it (upper-case hex).
    pub fn serial_hex(&self) -> Option<String> {
        match self {
            RecipientId::IssuerSerial { serial, .. } => Some(hex_upper(serial.as_bytes())),
            _ => None,
        }
    }

    pub fn describe(&self) -> String {
        match self {
            RecipientId::IssuerSerial { issuer, serial } => {
                format!("issuer {issuer}, serial {}", hex_upper(serial.as_bytes()))
            }
            RecipientId::KeyId(k) => format!("subject key identifier {}", hex_upper(k)),
            RecipientId::Other(kind) => format!("a {kind} recipient (not supported by catool)"),
        }
    }

    /// Whether this names `cert` (issuer and serial, or its subject key identifier).
    pub fn matches(&self, cert: &Certificate) -> bool {
        let tbs = cert.tbs_certificate();
        match self {
            RecipientId::IssuerSerial { issuer, serial } => {
                serial.as_bytes() == tbs.serial_number().as_bytes()
                    && (issuer == tbs.issuer()
                        || matches!((issuer.to_der(), tbs.issuer().to_der()), (Ok(a), Ok(b)) if a == b))
            }
            RecipientId::KeyId(k) => matches!(
                tbs.get_extension::<SubjectKeyIdentifier>(),
                Ok(Some((_, ski))) if ski.0.as_bytes() == k.as_slice()
            ),
            RecipientId::Other(_) => false,
        }
    }
}

fn hex_upper(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02X}");
        s
    })
}

// ---- making a document ---------------------------------------------------------------------

/// An encrypted document: the DER `ContentInfo` and the algorithms it uses.
#[derive(Debug)]
pub struct Sealed {
    pub der: Vec<u8>,
    pub key_encryption: String,
    pub content_encryption: &'static str,
}

/// Encrypts `plaintext` to the holder of `recipient` (see the module doc for the algorithms).
pub fn seal(recipient: &Certificate, plaintext: &[u8]) -> Result<Sealed> {
    let key = recipient_key(recipient)?;
    let cipher = match key {
        RecipientKey::Rsa(_) => ContentCipher::Aes256Cbc,
        RecipientKey::Sm2(_) => ContentCipher::Sm4Cbc,
    };
    let mut cek = Zeroizing::new(vec![0u8; cipher.key_len()]);
    let mut iv = vec![0u8; cipher.block_len()];
    getrandom::fill(&mut cek)?;
    getrandom::fill(&mut iv)?;

    let (enc_key, key_enc_alg, key_encryption) = match &key {
        RecipientKey::Rsa(pk) => {
            let wrapped = pk
                .encrypt(&mut SysRng, rsa::Oaep::<Sha256>::new(), &cek)
                .map_err(|e| PkiError::EnvOaepWrap {
                    detail: e.to_string(),
                })?;
            (
                wrapped,
                oaep_sha256_identifier()?,
                "rsaes-oaep (sha256, mgf1-sha256)".to_string(),
            )
        }
        RecipientKey::Sm2(pk) => {
            let wrapped = sm2::pke::EncryptingKey::new_with_mode(*pk, sm2::pke::Mode::C1C3C2)
                .encrypt_der(&mut SysRng, &cek)
                .map_err(|e| PkiError::EnvSm2Encrypt {
                    detail: e.to_string(),
                })?;
            (
                wrapped,
                AlgorithmIdentifierOwned {
                    oid: OID_SM2_ENCRYPT,
                    parameters: None,
                },
                "sm2encrypt".to_string(),
            )
        }
    };
    let tbs = recipient.tbs_certificate();
    let ktri = KeyTransRecipientInfo {
        version: CmsVersion::V0,
        rid: RecipientIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: tbs.issuer().clone(),
            serial_number: tbs.serial_number().clone(),
        }),
        key_enc_alg,
        enc_key: OctetString::new(enc_key).map_err(internal("encrypted key"))?,
    };
    let content = cipher.encrypt(&cek, &iv, plaintext)?;
    let enveloped = EnvelopedData {
        // RFC 5652 §6.1: 0 when there is no originatorInfo, no unprotectedAttrs and every
        // RecipientInfo is a version-0 KeyTransRecipientInfo.
        version: CmsVersion::V0,
        originator_info: None,
        recip_infos: RecipientInfos::try_from(vec![RecipientInfo::Ktri(ktri)])
            .map_err(internal("recipient infos"))?,
        encrypted_content: EncryptedContentInfo {
            content_type: OID_DATA,
            content_enc_alg: AlgorithmIdentifierOwned {
                oid: cipher.oid(),
                parameters: Some(
                    Any::encode_from(&OctetString::new(iv).map_err(internal("IV"))?)
                        .map_err(internal("IV"))?,
                ),
            },
            encrypted_content: Some(OctetString::new(content).map_err(internal("content"))?),
        },
        unprotected_attrs: None,
    };
    let info = EnvelopedContentInfo {
        content_type: OID_ENVELOPED_DATA,
        content: enveloped,
    };
    Ok(Sealed {
        der: info.to_der().map_err(internal("encoding"))?,
        key_encryption,
        content_encryption: cipher.name(),
    })
}

/// PEM text of a DER document (label `CMS`, as `openssl cms -outform PEM` writes).
pub fn to_pem(der: &[u8]) -> Result<String> {
    der::pem::encode_string("CMS", der::pem::LineEnding::LF, der).map_err(|e| PkiError::EnvEncode {
        what: "PEM".to_string(),
        detail: e.to_string(),
    })
}

// ---- opening a document --------------------------------------------------------------------

/// A parsed encrypted document.
#[derive(Debug, Clone)]
pub struct Envelope {
    data: EnvelopedData,
}

fn content_kind(oid: &ObjectIdentifier) -> CmsKind {
    if *oid == OID_SIGNED_DATA {
        CmsKind::SignedData
    } else if *oid == OID_DATA {
        CmsKind::Data
    } else if *oid == OID_ENCRYPTED_DATA {
        CmsKind::EncryptedData
    } else if *oid == OID_AUTH_ENVELOPED_DATA {
        CmsKind::AuthEnvelopedData
    } else {
        CmsKind::Other {
            oid: oid.to_string(),
        }
    }
}

/// The content type of what looks like a `ContentInfo`, read without decoding the rest.
fn peek_content_type(bytes: &[u8]) -> Option<ObjectIdentifier> {
    let mut r = SliceReader::new_with_encoding_rules(bytes, der::EncodingRules::Ber).ok()?;
    let header = Header::decode(&mut r).ok()?;
    if header.tag() != der::Tag::Sequence {
        return None;
    }
    ObjectIdentifier::decode(&mut r).ok()
}

/// DER bytes of a PEM document, or the input itself.
fn unpem(bytes: &[u8]) -> Result<std::borrow::Cow<'_, [u8]>> {
    let head = &bytes[..bytes.len().min(64)];
    let text_start = head.iter().position(|b| !b.is_ascii_whitespace());
    let is_pem = text_start.is_some_and(|i| head[i..].starts_with(b"-----BEGIN "));
    if !is_pem {
        return Ok(std::borrow::Cow::Borrowed(bytes));
    }
    let text = std::str::from_utf8(bytes).map_err(|_| PkiError::EnvPemNotText)?;
    let (label, der) =
        der::pem::decode_vec(text.trim().as_bytes()).map_err(|e| PkiError::EnvPemCorrupt {
            detail: e.to_string(),
        })?;
    if !matches!(label, "CMS" | "PKCS7") {
        return Err(PkiError::EnvPemLabel {
            label: label.to_string(),
        });
    }
    Ok(std::borrow::Cow::Owned(der))
}

/// Reads an encrypted document: DER, BER or PEM.
pub fn parse(bytes: &[u8]) -> Result<Envelope> {
    let der = unpem(bytes)?;
    let bytes: &[u8] = &der;
    if bytes.is_empty() {
        return Err(PkiError::EnvEmpty);
    }
    let ct = peek_content_type(bytes).ok_or(PkiError::EnvNotCms)?;
    if ct != OID_ENVELOPED_DATA && ct != OID_GM_ENVELOPED_DATA {
        return Err(PkiError::EnvOtherContent {
            kind: content_kind(&ct),
        });
    }
    let info = match EnvelopedContentInfo::from_der(bytes) {
        Ok(i) => i,
        Err(der_err) => {
            EnvelopedContentInfo::from_ber(bytes).map_err(|_| PkiError::EnvDamaged {
                detail: der_err.to_string(),
            })?
        }
    };
    Ok(Envelope { data: info.content })
}

impl Envelope {
    /// Every recipient, in document order.
    pub fn recipients(&self) -> Vec<RecipientId> {
        self.data
            .recip_infos
            .0
            .iter()
            .map(|ri| match ri {
                RecipientInfo::Ktri(k) => match &k.rid {
                    RecipientIdentifier::IssuerAndSerialNumber(is) => RecipientId::IssuerSerial {
                        issuer: is.issuer.clone(),
                        serial: is.serial_number.clone(),
                    },
                    RecipientIdentifier::SubjectKeyIdentifier(ski) => {
                        RecipientId::KeyId(ski.0.as_bytes().to_vec())
                    }
                },
                RecipientInfo::Kari(_) => RecipientId::Other("key-agreement"),
                RecipientInfo::Kekri(_) => RecipientId::Other("KEK"),
                RecipientInfo::Pwri(_) => RecipientId::Other("password"),
                RecipientInfo::Ori(_) => RecipientId::Other("other"),
            })
            .collect()
    }

    /// The index (into `recipients()`) of the recipient `cert` names, if any.
    pub fn find(&self, cert: &Certificate) -> Option<usize> {
        self.recipients().iter().position(|r| r.matches(cert))
    }

    /// The content-encryption algorithm's name, or its OID when catool does not know it.
    pub fn content_encryption(&self) -> String {
        let oid = self.data.encrypted_content.content_enc_alg.oid;
        ContentCipher::from_oid(&oid)
            .map(|c| c.name().to_string())
            .unwrap_or_else(|| oid.to_string())
    }

    /// The key-transport algorithm of recipient `index`, as catool names it.
    pub fn key_encryption(&self, index: usize) -> String {
        match self.data.recip_infos.0.iter().nth(index) {
            Some(RecipientInfo::Ktri(k)) => KeyTransport::from_alg(&k.key_enc_alg)
                .map(|t| t.name())
                .unwrap_or_else(|_| k.key_enc_alg.oid.to_string()),
            _ => "-".into(),
        }
    }

    /// Decrypts the document as recipient `index` with `key`.
    pub fn open(&self, index: usize, key: &PrivateKey) -> Result<Vec<u8>> {
        let Some(RecipientInfo::Ktri(ktri)) = self.data.recip_infos.0.iter().nth(index) else {
            return Err(PkiError::EnvRecipientKind);
        };
        let transport = KeyTransport::from_alg(&ktri.key_enc_alg)?;
        let wrapped = ktri.enc_key.as_bytes();
        let cek: Zeroizing<Vec<u8>> = Zeroizing::new(match (&transport, key) {
            (KeyTransport::RsaOaep { hash, mgf, label }, PrivateKey::Rsa(k)) => {
                oaep_decrypt(k, *hash, *mgf, label.clone(), wrapped)
                    .map_err(|_| PkiError::EnvRsaOaepNoOpen)?
            }
            (KeyTransport::RsaPkcs1v15, PrivateKey::Rsa(k)) => k
                .decrypt(rsa::Pkcs1v15Encrypt, wrapped)
                .map_err(|_| PkiError::EnvRsaPkcs1NoOpen)?,
            (KeyTransport::Sm2, PrivateKey::Sm2(k)) => sm2_unwrap(k, wrapped)?,
            (t, k) => {
                return Err(PkiError::EnvKeyMismatch {
                    transport: t.name(),
                    key: k.algorithm_name().to_string(),
                });
            }
        });
        self.decrypt_content(&cek)
    }

    fn decrypt_content(&self, cek: &[u8]) -> Result<Vec<u8>> {
        let eci = &self.data.encrypted_content;
        if eci.content_type != OID_DATA && eci.content_type != OID_GM_DATA {
            return Err(PkiError::EnvContentNotData {
                oid: eci.content_type.to_string(),
            });
        }
        let alg = &eci.content_enc_alg;
        let cipher =
            ContentCipher::from_oid(&alg.oid).ok_or_else(|| PkiError::EnvContentCipher {
                oid: alg.oid.to_string(),
            })?;
        let iv: OctetString = alg
            .parameters
            .as_ref()
            .ok_or_else(|| PkiError::EnvNoIv {
                cipher: cipher.name().to_string(),
            })?
            .decode_as()
            .map_err(|e: der::Error| PkiError::EnvIvCorrupt {
                detail: e.to_string(),
            })?;
        if iv.as_bytes().len() != cipher.block_len() {
            return Err(PkiError::EnvIvLength {
                cipher: cipher.name().to_string(),
                got: num(iv.as_bytes().len()),
                want: num(cipher.block_len()),
            });
        }
        let content = eci
            .encrypted_content
            .as_ref()
            .ok_or(PkiError::EnvDetached)?;
        let content = content.as_bytes();
        if content.is_empty() || content.len() % cipher.block_len() != 0 {
            return Err(PkiError::EnvNotWholeBlocks {
                bytes: num(content.len()),
                block: num(cipher.block_len()),
            });
        }
        if cek.len() != cipher.key_len() {
            return Err(PkiError::EnvContentKeyLength {
                got: num(cek.len()),
                cipher: cipher.name().to_string(),
                want: num(cipher.key_len()),
            });
        }
        cipher
            .decrypt(cek, iv.as_bytes(), content)
            .ok_or_else(|| PkiError::EnvBadPadding {
                cipher: cipher.name().to_string(),
            })
    }
}

/// SM2-decrypts a wrapped key: the GM/T 0009 DER form, or the raw C1C3C2 / C1C2C3 forms
/// some tools write (the SM3 check value tells which).
fn sm2_unwrap(key: &sm2::SecretKey, wrapped: &[u8]) -> Result<Vec<u8>> {
    use sm2::pke::{DecryptingKey, Mode};
    let fail = || PkiError::EnvSm2NoOpen;
    let scalar = key.to_nonzero_scalar();
    if wrapped.first() == Some(&0x30) {
        return DecryptingKey::new_with_mode(scalar, Mode::C1C3C2)
            .decrypt_der(wrapped)
            .map_err(|_| fail());
    }
    if wrapped.first() == Some(&0x04) {
        for mode in [Mode::C1C3C2, Mode::C1C2C3] {
            if let Ok(k) = DecryptingKey::new_with_mode(scalar, mode).decrypt(wrapped) {
                return Ok(k);
            }
        }
        return Err(fail());
    }
    Err(PkiError::EnvSm2KeyForm)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oaep_sha256_identifier_is_the_rfc_4055_encoding() {
        let alg = oaep_sha256_identifier().unwrap_or_else(|e| panic!("{e}"));
        let t = KeyTransport::from_alg(&alg).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            t,
            KeyTransport::RsaOaep {
                hash: OaepHash::Sha256,
                mgf: OaepHash::Sha256,
                label: None
            }
        );
    }

    #[test]
    fn every_content_cipher_round_trips() {
        for c in [
            ContentCipher::Aes128Cbc,
            ContentCipher::Aes192Cbc,
            ContentCipher::Aes256Cbc,
            ContentCipher::Sm4Cbc,
            ContentCipher::DesEde3Cbc,
        ] {
            let key = vec![7u8; c.key_len()];
            let iv = vec![9u8; c.block_len()];
            let ct = c
                .encrypt(&key, &iv, b"bid")
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(c.decrypt(&key, &iv, &ct).as_deref(), Some(&b"bid"[..]));
        }
    }

    #[test]
    fn garbage_is_not_an_envelope() {
        assert!(matches!(parse(b"hello"), Err(PkiError::EnvNotCms)));
        assert!(matches!(parse(b""), Err(PkiError::EnvEmpty)));
    }
}
