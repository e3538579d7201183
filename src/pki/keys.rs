//! Key generation, PKCS#8 (de)serialisation and a single signer type that
//! plugs both RSA (sha256WithRSAEncryption) and SM2 (SM3withSM2) into
//! `x509_cert::builder::Builder::build`.

use der::{Decode, Encode, SecretDocument, asn1::BitString, oid::ObjectIdentifier};
use getrandom::SysRng;
use pkcs8::{DecodePrivateKey, EncodePrivateKey, PrivateKeyInfoRef};
use sha2::Sha256;
use signature::{Keypair, SignatureEncoding, Signer};
use sm2::elliptic_curve::Generate;
use spki::{
    AlgorithmIdentifierOwned, DynSignatureAlgorithmIdentifier, EncodePublicKey,
    SignatureBitStringEncoding, SubjectPublicKeyInfoOwned,
};

use super::error::{PkiError, Result};

/// GM/T 0009 default SM2 distinguishing identifier.
pub const SM2_DEFAULT_DISTID: &str = "1234567812345678";

pub const OID_RSA_ENCRYPTION: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
pub const OID_EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
pub const OID_SM2_CURVE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.156.10197.1.301");
pub const OID_SM2_WITH_SM3: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.156.10197.1.501");
pub const OID_SHA256_WITH_RSA: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11");
pub const OID_SHA384_WITH_RSA: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.12");
pub const OID_SHA512_WITH_RSA: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.13");

/// Key algorithms a CA (and the certificates it issues) can use (D15).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algo {
    Sm2,
    Rsa2048,
    Rsa3072,
    Rsa4096,
}

impl Algo {
    pub fn as_str(self) -> &'static str {
        match self {
            Algo::Sm2 => "sm2",
            Algo::Rsa2048 => "rsa2048",
            Algo::Rsa3072 => "rsa3072",
            Algo::Rsa4096 => "rsa4096",
        }
    }

    pub fn parse(s: &str) -> Option<Algo> {
        [Algo::Sm2, Algo::Rsa2048, Algo::Rsa3072, Algo::Rsa4096]
            .into_iter()
            .find(|a| a.as_str() == s)
    }

    pub fn generate(self) -> Result<PrivateKey> {
        match self {
            Algo::Sm2 => PrivateKey::generate_sm2(),
            Algo::Rsa2048 => PrivateKey::generate_rsa(2048),
            Algo::Rsa3072 => PrivateKey::generate_rsa(3072),
            Algo::Rsa4096 => PrivateKey::generate_rsa(4096),
        }
    }
}

/// A private key of one of the supported algorithms.
#[derive(Clone)]
pub enum PrivateKey {
    Rsa(Box<rsa::PrivateKey>),
    Sm2(sm2::SecretKey),
}

impl PrivateKey {
    /// RSA key generation (uses the OS RNG).
    pub fn generate_rsa(bits: usize) -> Result<Self> {
        Ok(PrivateKey::Rsa(Box::new(rsa::PrivateKey::new(
            &mut SysRng,
            bits,
        )?)))
    }

    /// SM2 key generation (uses the OS RNG).
    pub fn generate_sm2() -> Result<Self> {
        let sk = sm2::SecretKey::try_generate_from_rng(&mut SysRng)?;
        Ok(PrivateKey::Sm2(sk))
    }

    pub fn algorithm_name(&self) -> &'static str {
        match self {
            PrivateKey::Rsa(_) => "RSA",
            PrivateKey::Sm2(_) => "SM2",
        }
    }

    /// The `Algo` of this key (RSA sizes other than 2048/3072/4096 are `None`).
    pub fn algo(&self) -> Option<Algo> {
        use rsa::traits::PublicKeyParts;
        match self {
            PrivateKey::Sm2(_) => Some(Algo::Sm2),
            PrivateKey::Rsa(k) => match k.size() * 8 {
                2048 => Some(Algo::Rsa2048),
                3072 => Some(Algo::Rsa3072),
                4096 => Some(Algo::Rsa4096),
                _ => None,
            },
        }
    }

    /// Unencrypted PKCS#8 `PrivateKeyInfo` DER (zeroized on drop).
    ///
    /// SM2 keys are written the way OpenSSL 3 writes them:
    /// algorithm = id-ecPublicKey, parameters = namedCurve 1.2.156.10197.1.301.
    pub fn to_pkcs8_der(&self) -> Result<SecretDocument> {
        Ok(match self {
            PrivateKey::Rsa(k) => k.to_pkcs8_der()?,
            PrivateKey::Sm2(k) => k.to_pkcs8_der()?,
        })
    }

    /// Parse an unencrypted PKCS#8 `PrivateKeyInfo`, dispatching on the algorithm.
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self> {
        let pki = PrivateKeyInfoRef::from_der(der)?;
        let alg = pki.algorithm.oid;
        if alg == OID_RSA_ENCRYPTION {
            return Ok(PrivateKey::Rsa(Box::new(rsa::PrivateKey::from_pkcs8_der(
                der,
            )?)));
        }
        if alg == OID_EC_PUBLIC_KEY {
            let curve: Option<ObjectIdentifier> = pki
                .algorithm
                .parameters
                .map(|p| p.decode_as())
                .transpose()?;
            if curve == Some(OID_SM2_CURVE) {
                return Ok(PrivateKey::Sm2(sm2::SecretKey::from_pkcs8_der(der)?));
            }
            return Err(PkiError::UnsupportedCurve {
                curve: curve.map_or_else(|| "none".to_string(), |c| c.to_string()),
            });
        }
        Err(PkiError::UnsupportedKeyAlgorithm {
            oid: alg.to_string(),
        })
    }

    /// SubjectPublicKeyInfo of the public half.
    pub fn public_key_spki(&self) -> Result<SubjectPublicKeyInfoOwned> {
        let doc = match self {
            PrivateKey::Rsa(k) => k.to_public_key().to_public_key_der()?,
            PrivateKey::Sm2(k) => k.public_key().to_public_key_der()?,
        };
        Ok(SubjectPublicKeyInfoOwned::from_der(doc.as_bytes())?)
    }

    /// Build a certificate/CRL signer from this key.
    /// RSA -> sha256WithRSAEncryption (PKCS#1 v1.5), SM2 -> SM3withSM2 with `distid`.
    pub fn signer(&self, sm2_distid: &str) -> Result<CertSigner> {
        let spki_der = self.public_key_spki()?.to_der()?;
        let kind = match self {
            PrivateKey::Rsa(k) => {
                SignerKind::RsaSha256(rsa::pkcs1v15::SigningKey::<Sha256>::new(k.as_ref().clone()))
            }
            PrivateKey::Sm2(k) => SignerKind::Sm2(sm2::dsa::SigningKey::new(sm2_distid, k)?),
        };
        Ok(CertSigner {
            kind,
            public: PublicKeyDer(spki_der),
        })
    }
}

/// What a public key says of the signatures its private half makes: enough to lay out a
/// signature (its algorithm, its largest size) before the private key is at hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    /// RSA, with the modulus length in bytes (the signature's length).
    Rsa {
        modulus_len: usize,
    },
    Sm2,
}

impl KeyKind {
    /// The kind of the key in `spki` (a certificate's): RSA, or EC on the SM2 curve.
    pub fn of_spki(spki: &SubjectPublicKeyInfoOwned) -> Result<KeyKind> {
        let oid = spki.algorithm.oid;
        if oid == OID_RSA_ENCRYPTION {
            use rsa::traits::PublicKeyParts;
            let spki_ref = der::referenced::OwnedToRef::owned_to_ref(spki);
            let pk = rsa::PublicKey::try_from(spki_ref)?;
            return Ok(KeyKind::Rsa {
                modulus_len: pk.size(),
            });
        }
        if oid == OID_EC_PUBLIC_KEY {
            let curve: Option<ObjectIdentifier> = spki
                .algorithm
                .parameters
                .as_ref()
                .map(|p| p.decode_as())
                .transpose()?;
            if curve == Some(OID_SM2_CURVE) {
                return Ok(KeyKind::Sm2);
            }
            return Err(PkiError::UnsupportedCurve {
                curve: curve.map_or_else(|| "none".to_string(), |c| c.to_string()),
            });
        }
        Err(PkiError::UnsupportedKeyAlgorithm {
            oid: oid.to_string(),
        })
    }

    /// The signature algorithm [`PrivateKey::signer`] signs with.
    pub fn signature_algorithm(self) -> AlgorithmIdentifierOwned {
        match self {
            // RFC 4055: parameters MUST be NULL for sha256WithRSAEncryption
            KeyKind::Rsa { .. } => AlgorithmIdentifierOwned {
                oid: OID_SHA256_WITH_RSA,
                parameters: Some(der::asn1::Null.into()),
            },
            // GM/T 0015: SM3withSM2, parameters absent
            KeyKind::Sm2 => AlgorithmIdentifierOwned {
                oid: OID_SM2_WITH_SM3,
                parameters: None,
            },
        }
    }

    /// The longest signature the key makes: RSA the modulus size, SM2 a DER SEQUENCE of
    /// two 33-byte INTEGERs.
    pub fn max_signature_len(self) -> usize {
        match self {
            KeyKind::Rsa { modulus_len } => modulus_len,
            KeyKind::Sm2 => 72,
        }
    }
}

/// True if the two SPKIs carry the same key (algorithm OID + key bits; the
/// algorithm parameters are ignored so that NULL vs absent does not matter).
pub fn same_public_key(a: &SubjectPublicKeyInfoOwned, b: &SubjectPublicKeyInfoOwned) -> bool {
    a.algorithm.oid == b.algorithm.oid && a.subject_public_key == b.subject_public_key
}

enum SignerKind {
    RsaSha256(rsa::pkcs1v15::SigningKey<Sha256>),
    Sm2(sm2::dsa::SigningKey),
}

/// Signer usable with `x509_cert::builder::Builder::build::<_, SignatureBits>`.
pub struct CertSigner {
    kind: SignerKind,
    public: PublicKeyDer,
}

/// Verifying key as seen by the builder: just the SPKI DER.
#[derive(Clone)]
pub struct PublicKeyDer(Vec<u8>);

impl EncodePublicKey for PublicKeyDer {
    fn to_public_key_der(&self) -> spki::Result<der::Document> {
        Ok(der::Document::from_der(&self.0)?)
    }
}

/// Signature bytes already in their X.509 BIT STRING form
/// (RSA: raw big-endian; SM2: DER `SEQUENCE { r INTEGER, s INTEGER }`).
pub struct SignatureBits(Vec<u8>);

impl SignatureBitStringEncoding for SignatureBits {
    fn to_bitstring(&self) -> der::Result<BitString> {
        BitString::from_bytes(&self.0)
    }
}

impl Keypair for CertSigner {
    type VerifyingKey = PublicKeyDer;
    fn verifying_key(&self) -> PublicKeyDer {
        self.public.clone()
    }
}

impl DynSignatureAlgorithmIdentifier for CertSigner {
    fn signature_algorithm_identifier(&self) -> spki::Result<AlgorithmIdentifierOwned> {
        // The modulus length does not change the algorithm.
        Ok(match &self.kind {
            SignerKind::RsaSha256(_) => KeyKind::Rsa { modulus_len: 0 },
            SignerKind::Sm2(_) => KeyKind::Sm2,
        }
        .signature_algorithm())
    }
}

impl Signer<SignatureBits> for CertSigner {
    fn try_sign(&self, msg: &[u8]) -> signature::Result<SignatureBits> {
        Ok(SignatureBits(match &self.kind {
            SignerKind::RsaSha256(k) => k.try_sign(msg)?.to_vec(),
            SignerKind::Sm2(k) => {
                let sig: sm2::dsa::Signature = k.try_sign(msg)?;
                // NOTE: sm2::dsa::Signature::to_bitstring() emits raw r||s (64 bytes),
                // which OpenSSL rejects. X.509 needs the DER SEQUENCE form.
                sig.to_der().to_vec()
            }
        }))
    }
}

/// Whether [`verify_signature`] can check signatures of this algorithm.
pub fn can_verify(sig_alg: &AlgorithmIdentifierOwned) -> bool {
    [
        OID_SHA256_WITH_RSA,
        OID_SHA384_WITH_RSA,
        OID_SHA512_WITH_RSA,
        OID_SM2_WITH_SM3,
    ]
    .contains(&sig_alg.oid)
}

/// Verify a signature produced over `tbs_der` (certificate or CRL TBS) with
/// the issuer's SPKI. Supports sha256/384/512WithRSAEncryption (other CAs' certificates
/// brought to `cert import` with their issuer) and SM3withSM2.
pub fn verify_signature(
    tbs_der: &[u8],
    sig_alg: &AlgorithmIdentifierOwned,
    signature: &BitString,
    issuer_spki: &SubjectPublicKeyInfoOwned,
    sm2_distid: &str,
) -> Result<()> {
    use signature::Verifier;
    let sig = signature.as_bytes().ok_or(PkiError::SignatureUnusedBits)?;
    let spki_ref = der::referenced::OwnedToRef::owned_to_ref(issuer_spki);
    if sig_alg.oid == OID_SHA256_WITH_RSA {
        let pk = rsa::PublicKey::try_from(spki_ref)?;
        let vk = rsa::pkcs1v15::VerifyingKey::<Sha256>::new(pk);
        vk.verify(tbs_der, &rsa::pkcs1v15::Signature::try_from(sig)?)?;
        Ok(())
    } else if sig_alg.oid == OID_SHA384_WITH_RSA {
        let pk = rsa::PublicKey::try_from(spki_ref)?;
        let vk = rsa::pkcs1v15::VerifyingKey::<sha2::Sha384>::new(pk);
        vk.verify(tbs_der, &rsa::pkcs1v15::Signature::try_from(sig)?)?;
        Ok(())
    } else if sig_alg.oid == OID_SHA512_WITH_RSA {
        let pk = rsa::PublicKey::try_from(spki_ref)?;
        let vk = rsa::pkcs1v15::VerifyingKey::<sha2::Sha512>::new(pk);
        vk.verify(tbs_der, &rsa::pkcs1v15::Signature::try_from(sig)?)?;
        Ok(())
    } else if sig_alg.oid == OID_SM2_WITH_SM3 {
        let point = issuer_spki
            .subject_public_key
            .as_bytes()
            .ok_or(PkiError::BadSm2PublicKey)?;
        let vk = sm2::dsa::VerifyingKey::from_sec1_bytes(sm2_distid, point)?;
        let s = sm2::dsa::Signature::from_der(sig)?;
        vk.verify(tbs_der, &s)?;
        Ok(())
    } else {
        Err(PkiError::UnsupportedSignatureAlgorithm {
            oid: sig_alg.oid.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a signature's layout is read from (the certificate's key) agrees with what the
    /// private key signs with: the same algorithm, a signature never longer than the room.
    #[test]
    fn the_kind_of_a_public_key_matches_its_private_halfs_signatures() {
        for (key, bits) in [
            (PrivateKey::generate_sm2().unwrap(), None),
            (PrivateKey::generate_rsa(2048).unwrap(), Some(256)),
        ] {
            let kind = KeyKind::of_spki(&key.public_key_spki().unwrap()).unwrap();
            if let Some(n) = bits {
                assert_eq!(kind, KeyKind::Rsa { modulus_len: n });
            }
            let signer = key.signer(SM2_DEFAULT_DISTID).unwrap();
            assert_eq!(
                kind.signature_algorithm(),
                signer.signature_algorithm_identifier().unwrap()
            );
            let sig = signer.try_sign(b"layout").unwrap();
            assert!(sig.0.len() <= kind.max_signature_len());
        }
    }
}
