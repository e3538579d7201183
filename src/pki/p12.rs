//! PKCS#12 (PFX) writer and reader.
//!
//! The `pkcs12` crate (0.2.0-pre.0) only provides ASN.1 types and the RFC 7292
//! App. B KDF -- no builder, no decryption. We use our own equivalents in
//! `p12_asn1` (see there for why) + `cms` ContentInfo / EncryptedData + `pbe`.
//! (`alt/p12_using_pkcs12_crate.rs` is the same code on top of the pkcs12 crate.)

use cms::{
    content_info::CmsVersion, encrypted_data::EncryptedData, enveloped_data::EncryptedContentInfo,
};
use der::{
    Any, Decode, Encode,
    asn1::{BmpString, OctetString, SetOfVec},
};
use sha1::{Digest, Sha1};
use spki::AlgorithmIdentifierOwned;
use x509_cert::{
    Certificate,
    attr::{Attribute, Attributes},
};

use super::error::{PkiError, Result};
use super::keys::{PrivateKey, same_public_key};
use super::p12_asn1::{
    CERT_BAG, CertBag, ContentInfo, DigestInfo, EncryptedPrivateKeyInfo, FRIENDLY_NAME, ID_DATA,
    ID_ENCRYPTED_DATA, KEY_BAG, LOCAL_KEY_ID, MacData, PKCS8_SHROUDED_KEY_BAG, Pfx,
    SAFE_CONTENTS_BAG, SafeBag, X509_CERTIFICATE,
};
use super::pbe::{self, MacAlg, PbeScheme};

#[derive(Clone, Copy, Debug)]
pub struct P12Profile {
    pub key_pbe: PbeScheme,
    /// `None` = certificates stored unencrypted (id-data).
    pub cert_pbe: Option<PbeScheme>,
    pub mac: MacAlg,
    pub mac_iterations: i32,
}

/// Iterations of every derivation in a PKCS#12 catool writes (key bag, certificate bag and
/// MAC alike: an attacker checks guesses against the cheapest of the three). OWASP's
/// figure for PBKDF2-HMAC-SHA256; OpenSSL's default of 2,048 let one core try all 10^6
/// six-digit PINs in minutes. Below the 2,000,000 this reader accepts.
pub const ITERATIONS: u32 = 600_000;

impl P12Profile {
    /// The algorithms of `openssl pkcs12 -export` in OpenSSL 3.x (AES-256-CBC, PBKDF2-SHA256,
    /// SHA-256 MAC), at [`ITERATIONS`].
    pub fn modern() -> Self {
        P12Profile {
            key_pbe: PbeScheme::Pbes2Aes256 {
                iterations: ITERATIONS,
            },
            cert_pbe: Some(PbeScheme::Pbes2Aes256 {
                iterations: ITERATIONS,
            }),
            mac: MacAlg::Sha256,
            mac_iterations: ITERATIONS as i32,
        }
    }

    /// 3DES for key and certs + SHA-1 MAC (readable by old Windows / Java 8 / OpenSSL 1.0),
    /// at [`ITERATIONS`] too: old readers are slower to open it, not less able.
    pub fn legacy() -> Self {
        P12Profile {
            key_pbe: PbeScheme::Sha1TripleDes {
                iterations: ITERATIONS,
            },
            cert_pbe: Some(PbeScheme::Sha1TripleDes {
                iterations: ITERATIONS,
            }),
            mac: MacAlg::Sha1,
            mac_iterations: ITERATIONS as i32,
        }
    }
}

/// What one password guess against a file of `profile` costs on this machine: the
/// cheapest check the file offers (the MAC, or decrypting a bag), measured on a slice of the
/// iterations and scaled (the work is linear in them), best of three runs.
pub fn guess_cost(profile: &P12Profile) -> Result<std::time::Duration> {
    const SLICE: u32 = 20;
    let time = |f: &dyn Fn() -> Result<()>| -> Result<std::time::Duration> {
        let mut best = std::time::Duration::MAX;
        for _ in 0..3 {
            let start = std::time::Instant::now();
            f()?;
            best = best.min(start.elapsed());
        }
        Ok(best * SLICE)
    };
    let mac_iterations = (profile.mac_iterations / SLICE as i32).max(1);
    let mac = time(&|| {
        pbe::pkcs12_mac(profile.mac.oid(), "000000", &[0; 16], mac_iterations, b"x").map(|_| ())
    })?;
    let scheme = match profile.key_pbe {
        PbeScheme::Pbes2Aes256 { iterations } => PbeScheme::Pbes2Aes256 {
            iterations: (iterations / SLICE).max(1),
        },
        PbeScheme::Sha1TripleDes { iterations } => PbeScheme::Sha1TripleDes {
            iterations: (iterations / SLICE).max(1),
        },
    };
    let key = time(&|| pbe::encrypt(scheme, "000000", b"x").map(|_| ()))?;
    Ok(mac.min(key))
}

fn bag_attributes(
    local_key_id: Option<&[u8]>,
    friendly_name: Option<&str>,
) -> Result<Option<Attributes>> {
    let mut attrs = Attributes::new();
    if let Some(name) = friendly_name {
        let mut values = SetOfVec::new();
        values.insert(Any::encode_from(&BmpString::from_utf8(name)?)?)?;
        attrs.insert(Attribute {
            oid: FRIENDLY_NAME,
            values,
        })?;
    }
    if let Some(id) = local_key_id {
        let mut values = SetOfVec::new();
        values.insert(Any::encode_from(&OctetString::new(id)?)?)?;
        attrs.insert(Attribute {
            oid: LOCAL_KEY_ID,
            values,
        })?;
    }
    Ok(if attrs.is_empty() { None } else { Some(attrs) })
}

fn cert_bag(cert: &Certificate, attrs: Option<Attributes>) -> Result<SafeBag> {
    let bag = CertBag {
        cert_id: X509_CERTIFICATE,
        cert_value: OctetString::new(cert.to_der()?)?,
    };
    Ok(SafeBag {
        bag_id: CERT_BAG,
        bag_value: Any::encode_from(&bag)?,
        bag_attributes: attrs,
    })
}

fn data_content_info(bytes: Vec<u8>) -> Result<ContentInfo> {
    Ok(ContentInfo {
        content_type: ID_DATA,
        content: Any::encode_from(&OctetString::new(bytes)?)?,
    })
}

/// Build a PFX holding `key` (pkcs8ShroudedKeyBag), `cert` and `chain`.
/// Layout matches OpenSSL: [EncryptedData(certs), Data(shrouded key)].
pub fn write_pfx(
    key: &PrivateKey,
    cert: &Certificate,
    chain: &[Certificate],
    password: &str,
    friendly_name: Option<&str>,
    profile: &P12Profile,
) -> Result<Vec<u8>> {
    // localKeyId = SHA-1(cert DER), the OpenSSL convention
    let local_key_id = Sha1::digest(cert.to_der()?);

    // --- certificates ---
    let mut cert_bags = vec![cert_bag(
        cert,
        bag_attributes(Some(&local_key_id), friendly_name)?,
    )?];
    for c in chain {
        cert_bags.push(cert_bag(c, None)?);
    }
    let certs_der = cert_bags.to_der()?;
    let certs_ci = match profile.cert_pbe {
        None => data_content_info(certs_der)?,
        Some(scheme) => {
            let (alg, ct) = pbe::encrypt(scheme, password, &certs_der)?;
            let ed = EncryptedData {
                version: CmsVersion::V0,
                enc_content_info: EncryptedContentInfo {
                    content_type: ID_DATA,
                    content_enc_alg: alg,
                    encrypted_content: Some(OctetString::new(ct)?),
                },
                unprotected_attrs: None,
            };
            ContentInfo {
                content_type: ID_ENCRYPTED_DATA,
                content: Any::encode_from(&ed)?,
            }
        }
    };

    // --- key ---
    let pkcs8 = key.to_pkcs8_der()?;
    let (alg, ct) = pbe::encrypt(profile.key_pbe, password, pkcs8.as_bytes())?;
    let epki = EncryptedPrivateKeyInfo {
        encryption_algorithm: alg,
        encrypted_data: OctetString::new(ct)?,
    };
    let key_bag = SafeBag {
        bag_id: PKCS8_SHROUDED_KEY_BAG,
        bag_value: Any::encode_from(&epki)?,
        bag_attributes: bag_attributes(Some(&local_key_id), friendly_name)?,
    };
    let key_ci = data_content_info(vec![key_bag].to_der()?)?;

    // --- AuthenticatedSafe + MAC ---
    let auth_safe_der = vec![certs_ci, key_ci].to_der()?;
    let mac_salt: [u8; 16] = pbe::random_bytes()?;
    let digest = pbe::pkcs12_mac(
        profile.mac.oid(),
        password,
        &mac_salt,
        profile.mac_iterations,
        &auth_safe_der,
    )?;
    let mac_data = MacData {
        mac: DigestInfo {
            algorithm: AlgorithmIdentifierOwned {
                oid: profile.mac.oid(),
                parameters: Some(der::asn1::Null.into()),
            },
            digest: OctetString::new(digest)?,
        },
        mac_salt: OctetString::new(mac_salt.to_vec())?,
        iterations: profile.mac_iterations,
    };

    let pfx = Pfx {
        version: 3,
        auth_safe: data_content_info(auth_safe_der)?,
        mac_data: Some(mac_data),
    };
    Ok(pfx.to_der()?)
}

/// Result of parsing a PFX.
pub struct ParsedPfx {
    pub key: PrivateKey,
    /// Certificate whose public key matches `key`.
    pub cert: Certificate,
    /// All other certificates.
    pub others: Vec<Certificate>,
    /// Human-readable description of what was found (algorithms etc.).
    pub notes: Vec<String>,
}

/// Parse a PFX: verify the MAC, decrypt all bags, return the key and the
/// certificate whose SPKI matches it.
pub fn read_pfx(data: &[u8], password: &str) -> Result<ParsedPfx> {
    let mut notes = Vec::new();
    // OpenSSL writes DER; Windows/Java often write BER (indefinite lengths).
    let pfx = match Pfx::from_der(data) {
        Ok(p) => p,
        Err(e) => {
            notes.push(format!("not DER ({e}); retried as BER"));
            Pfx::from_ber(data)?
        }
    };
    if pfx.auth_safe.content_type != ID_DATA {
        return Err(PkiError::P12NotPasswordIntegrity);
    }
    let auth_safe_bytes = pfx.auth_safe.content.decode_as::<OctetString>()?;
    let auth_safe_bytes = auth_safe_bytes.as_bytes();

    match &pfx.mac_data {
        Some(md) => {
            let expect = pbe::pkcs12_mac(
                md.mac.algorithm.oid,
                password,
                md.mac_salt.as_bytes(),
                md.iterations,
                auth_safe_bytes,
            )?;
            if !ct_eq(&expect, md.mac.digest.as_bytes()) {
                return Err(PkiError::P12MacMismatch);
            }
            notes.push(format!(
                "MAC {} iter {}",
                md.mac.algorithm.oid, md.iterations
            ));
        }
        None => notes.push("no MAC".into()),
    }

    let cis = Vec::<ContentInfo>::from_der(auth_safe_bytes)?;
    let mut keys = Vec::new();
    let mut certs = Vec::new();
    for ci in cis {
        let safe_contents: Vec<u8> = if ci.content_type == ID_DATA {
            ci.content
                .decode_as::<OctetString>()?
                .into_bytes()
                .into_vec()
        } else if ci.content_type == ID_ENCRYPTED_DATA {
            let ed: EncryptedData = ci.content.decode_as()?;
            let eci = ed.enc_content_info;
            notes.push(format!(
                "EncryptedData alg {}",
                describe_alg(&eci.content_enc_alg)
            ));
            let ct = eci
                .encrypted_content
                .ok_or(PkiError::P12EncryptedDataEmpty)?;
            pbe::decrypt(&eci.content_enc_alg, password, ct.as_bytes())?.to_vec()
        } else {
            notes.push(format!("skipped ContentInfo {}", ci.content_type));
            continue;
        };
        collect_bags(
            &safe_contents,
            password,
            &mut keys,
            &mut certs,
            &mut notes,
            0,
        )?;
    }

    let key = keys.into_iter().next().ok_or(PkiError::P12NoPrivateKey)?;
    let spki = key.public_key_spki()?;
    let idx = certs
        .iter()
        .position(|c| same_public_key(c.tbs_certificate().subject_public_key_info(), &spki))
        .ok_or(PkiError::P12NoMatchingCertificate)?;
    let cert = certs.remove(idx);
    Ok(ParsedPfx {
        key,
        cert,
        others: certs,
        notes,
    })
}

fn collect_bags(
    safe_contents: &[u8],
    password: &str,
    keys: &mut Vec<PrivateKey>,
    certs: &mut Vec<Certificate>,
    notes: &mut Vec<String>,
    depth: u8,
) -> Result<()> {
    if depth > 4 {
        return Err(PkiError::P12NestedTooDeep);
    }
    for bag in Vec::<SafeBag>::from_der(safe_contents)? {
        let value = bag_value(&bag)?;
        if bag.bag_id == PKCS8_SHROUDED_KEY_BAG {
            let epki = EncryptedPrivateKeyInfo::from_der(&value)?;
            notes.push(format!(
                "shrouded key bag alg {}",
                describe_alg(&epki.encryption_algorithm)
            ));
            let pkcs8 = pbe::decrypt(
                &epki.encryption_algorithm,
                password,
                epki.encrypted_data.as_bytes(),
            )?;
            keys.push(PrivateKey::from_pkcs8_der(&pkcs8)?);
        } else if bag.bag_id == KEY_BAG {
            keys.push(PrivateKey::from_pkcs8_der(&value)?);
        } else if bag.bag_id == CERT_BAG {
            let cb = CertBag::from_der(&value)?;
            if cb.cert_id == X509_CERTIFICATE {
                certs.push(Certificate::from_der(cb.cert_value.as_bytes())?);
            }
        } else if bag.bag_id == SAFE_CONTENTS_BAG {
            collect_bags(&value, password, keys, certs, notes, depth + 1)?;
        } else {
            notes.push(format!("skipped bag {}", bag.bag_id));
        }
    }
    Ok(())
}

fn bag_value(bag: &SafeBag) -> Result<Vec<u8>> {
    Ok(bag.bag_value.to_der()?)
}

fn describe_alg(alg: &AlgorithmIdentifierOwned) -> String {
    if alg.oid == pbe::OID_PBES2 {
        match alg
            .to_der()
            .ok()
            .and_then(|d| pkcs5::EncryptionScheme::from_der(&d).ok())
        {
            Some(pkcs5::EncryptionScheme::Pbes2(p)) => {
                format!("PBES2(kdf {}, enc {})", p.kdf.oid(), p.encryption.oid())
            }
            _ => "PBES2(?)".into(),
        }
    } else {
        alg.oid.to_string()
    }
}

fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
