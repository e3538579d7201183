//! Password-based encryption used inside PKCS#12:
//!  * PBES2 (PBKDF2-HMAC-SHA256 + AES-256-CBC) via the `pkcs5` crate
//!    (password = raw UTF-8 bytes, as OpenSSL does);
//!  * legacy PKCS#12 PBE (RFC 7292 App. C): pbeWithSHAAnd3-KeyTripleDES-CBC,
//!    pbeWithSHAAnd40BitRC2-CBC, pbeWithSHAAnd128BitRC2-CBC, implemented here
//!    with `p12_asn1::kdf` (BMPString password + NUL) + `des` / `rc2` + `cbc`.
//!  * the PKCS#12 MAC (HMAC with a key from the PKCS#12 KDF, ID=3).

use super::p12_asn1::{
    KdfId, PBE_SHA1_3DES, PBE_SHA1_RC2_40, PBE_SHA1_RC2_128, Pkcs12PbeParams, kdf,
};
use cbc::cipher::{
    BlockCipherDecrypt, BlockCipherEncrypt, BlockModeDecrypt, BlockModeEncrypt, InnerIvInit,
    KeyInit, block_padding::Pkcs7,
};
use der::{Any, Decode, Encode, asn1::ObjectIdentifier, asn1::OctetString};
use digest::{Digest, FixedOutputReset, block_api::BlockSizeUser};
use hmac::{Hmac, Mac};
use spki::AlgorithmIdentifierOwned;
use zeroize::Zeroizing;

use super::error::{PkiError, Result};

pub const OID_PBES2: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.5.13");
pub const OID_SHA1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.14.3.2.26");
pub const OID_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
pub const OID_SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.2");
pub const OID_SHA512: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.3");
pub const OID_SM3: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.156.10197.1.401");

/// Which encryption to apply to a bag (key bag or cert SafeContents).
#[derive(Clone, Copy, Debug)]
pub enum PbeScheme {
    /// PBES2 / PBKDF2-HMAC-SHA256 / AES-256-CBC (OpenSSL 3 default).
    Pbes2Aes256 { iterations: u32 },
    /// pbeWithSHAAnd3-KeyTripleDES-CBC (legacy, Windows/old Java compatible).
    Sha1TripleDes { iterations: u32 },
}

pub fn random_bytes<const N: usize>() -> Result<[u8; N]> {
    let mut b = [0u8; N];
    getrandom::fill(&mut b)?;
    Ok(b)
}

/// Encrypt `plaintext`; returns the AlgorithmIdentifier to store and the ciphertext.
pub fn encrypt(
    scheme: PbeScheme,
    password: &str,
    plaintext: &[u8],
) -> Result<(AlgorithmIdentifierOwned, Vec<u8>)> {
    match scheme {
        PbeScheme::Pbes2Aes256 { iterations } => {
            let salt: [u8; 16] = random_bytes()?;
            let iv: [u8; 16] = random_bytes()?;
            let params =
                pkcs5::pbes2::Parameters::generate_pbkdf2_sha256_aes256cbc(iterations, &salt, iv)?;
            let ct = params.encrypt(password.as_bytes(), plaintext)?;
            let scheme = pkcs5::EncryptionScheme::from(params);
            let alg = AlgorithmIdentifierOwned::from_der(&scheme.to_der()?)?;
            Ok((alg, ct))
        }
        PbeScheme::Sha1TripleDes { iterations } => {
            let salt: [u8; 8] = random_bytes()?;
            let iterations =
                i32::try_from(iterations).map_err(|_| PkiError::PbeIterationsOutOfRange {
                    iterations: i64::from(iterations),
                    max: MAX_ITERATIONS,
                })?;
            let params = Pkcs12PbeParams {
                salt: OctetString::new(salt.to_vec())?,
                iterations,
            };
            let ct = pkcs12_pbe(PBE_SHA1_3DES, password, &salt, iterations, plaintext, true)?;
            let alg = AlgorithmIdentifierOwned {
                oid: PBE_SHA1_3DES,
                parameters: Some(Any::encode_from(&params)?),
            };
            Ok((alg, ct))
        }
    }
}

/// Most iterations a file may ask for (MAC or key derivation). OpenSSL writes 2,048 and the
/// highest counts in use are around 600,000; a hostile file asking for billions would keep
/// catool busy for hours (found reviewing the hostile-input work).
const MAX_ITERATIONS: i64 = 2_000_000;

fn check_iterations(n: i64) -> Result<()> {
    if !(1..=MAX_ITERATIONS).contains(&n) {
        return Err(PkiError::PbeIterationsOutOfRange {
            iterations: n,
            max: MAX_ITERATIONS,
        });
    }
    Ok(())
}

/// Decrypt with whatever algorithm `alg` names (PBES2 or PKCS#12 PBE).
pub fn decrypt(
    alg: &AlgorithmIdentifierOwned,
    password: &str,
    ct: &[u8],
) -> Result<Zeroizing<Vec<u8>>> {
    if alg.oid == OID_PBES2 {
        let scheme = pkcs5::EncryptionScheme::from_der(&alg.to_der()?)?;
        match scheme.pbes2().map(|p| &p.kdf) {
            Some(pkcs5::pbes2::Kdf::Pbkdf2(p)) => check_iterations(i64::from(p.iteration_count))?,
            _ => {
                return Err(PkiError::PbeUnsupportedKdf);
            }
        }
        return Ok(Zeroizing::new(scheme.decrypt(password.as_bytes(), ct)?));
    }
    let params: Pkcs12PbeParams = alg
        .parameters
        .as_ref()
        .ok_or(PkiError::PbeParametersMissing)?
        .decode_as()?;
    let pt = pkcs12_pbe(
        alg.oid,
        password,
        params.salt.as_bytes(),
        params.iterations,
        ct,
        false,
    )?;
    Ok(Zeroizing::new(pt))
}

fn pkcs12_pbe(
    oid: ObjectIdentifier,
    password: &str,
    salt: &[u8],
    iterations: i32,
    data: &[u8],
    encrypt: bool,
) -> Result<Vec<u8>> {
    use sha1::Sha1;
    check_iterations(i64::from(iterations))?;
    let kdf = |id, len| -> Result<Zeroizing<Vec<u8>>> {
        Ok(kdf::<Sha1>(password, salt, id, iterations, len)?)
    };
    if oid == PBE_SHA1_3DES {
        let key = kdf(KdfId::Key, 24)?;
        let iv = kdf(KdfId::Iv, 8)?;
        let c = des::TdesEde3::new_from_slice(&key).map_err(|_| PkiError::PbeCipherKey)?;
        return cbc_run(c, &iv, data, encrypt);
    }
    let rc2_bits = if oid == PBE_SHA1_RC2_40 {
        40
    } else if oid == PBE_SHA1_RC2_128 {
        128
    } else {
        return Err(PkiError::PbeUnsupportedAlgorithm {
            oid: oid.to_string(),
        });
    };
    let key = kdf(KdfId::Key, rc2_bits / 8)?;
    let iv = kdf(KdfId::Iv, 8)?;
    let c = rc2::Rc2::new_with_eff_key_len(&key, rc2_bits);
    cbc_run(c, &iv, data, encrypt)
}

fn cbc_run<C>(cipher: C, iv: &[u8], data: &[u8], encrypt: bool) -> Result<Vec<u8>>
where
    C: BlockCipherEncrypt + BlockCipherDecrypt,
{
    if encrypt {
        let m =
            cbc::Encryptor::<C>::inner_iv_slice_init(cipher, iv).map_err(|_| PkiError::PbeBadIv)?;
        Ok(m.encrypt_padded_vec::<Pkcs7>(data))
    } else {
        let m =
            cbc::Decryptor::<C>::inner_iv_slice_init(cipher, iv).map_err(|_| PkiError::PbeBadIv)?;
        m.decrypt_padded_vec::<Pkcs7>(data)
            .map_err(|_| PkiError::PbeDecryptFailed)
    }
}

// ---------------------------------------------------------------- MAC ----

/// PKCS#12 MAC algorithms (digest for both KDF and HMAC).
#[derive(Clone, Copy, Debug)]
pub enum MacAlg {
    Sha1,
    Sha256,
}

impl MacAlg {
    pub fn oid(self) -> ObjectIdentifier {
        match self {
            MacAlg::Sha1 => OID_SHA1,
            MacAlg::Sha256 => OID_SHA256,
        }
    }
}

/// HMAC over `data` with key = PKCS#12-KDF(ID=3, hash = digest_oid).
pub fn pkcs12_mac(
    digest_oid: ObjectIdentifier,
    password: &str,
    salt: &[u8],
    iterations: i32,
    data: &[u8],
) -> Result<Vec<u8>> {
    check_iterations(i64::from(iterations))?;
    if digest_oid == OID_SHA1 {
        mac_with::<sha1::Sha1>(password, salt, iterations, data)
    } else if digest_oid == OID_SHA256 {
        mac_with::<sha2::Sha256>(password, salt, iterations, data)
    } else if digest_oid == OID_SHA384 {
        mac_with::<sha2::Sha384>(password, salt, iterations, data)
    } else if digest_oid == OID_SHA512 {
        mac_with::<sha2::Sha512>(password, salt, iterations, data)
    } else if digest_oid == OID_SM3 {
        mac_with::<sm3::Sm3>(password, salt, iterations, data)
    } else {
        Err(PkiError::MacUnsupportedDigest {
            oid: digest_oid.to_string(),
        })
    }
}

fn mac_with<D>(password: &str, salt: &[u8], iterations: i32, data: &[u8]) -> Result<Vec<u8>>
where
    D: Digest + FixedOutputReset + BlockSizeUser + Clone + hmac::EagerHash,
{
    let key = kdf::<D>(
        password,
        salt,
        KdfId::Mac,
        iterations,
        <D as Digest>::output_size(),
    )?;
    let mut mac = <Hmac<D> as KeyInit>::new_from_slice(&key).map_err(|_| PkiError::PbeCipherKey)?;
    mac.update(data);
    Ok(mac.finalize().into_bytes().to_vec())
}
