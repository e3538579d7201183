//! PKCS#12 (RFC 7292) ASN.1 types + the App. B key-derivation function.
//!
//! This replaces the `pkcs12 = "=0.2.0-pre.0"` crate, which provides the same
//! types and KDF but (a) pins `cms = "=0.3.0-pre.1"` whose `builder` feature
//! does not compile against the stable RustCrypto set, and (b) has an
//! asymmetric `SafeBag` (decode keeps the `[0]` wrapper, encode adds it).
//! Everything below is plain `der` derive; the KDF follows RFC 7292 App. B.2
//! (adapted from the pkcs12 crate, Apache-2.0/MIT).

use der::{
    Any, Sequence,
    asn1::{BmpString, ObjectIdentifier, OctetString},
};
use digest::{Digest, FixedOutputReset, OutputSizeUser, Update, block_api::BlockSizeUser};
use spki::AlgorithmIdentifierOwned;
use x509_cert::attr::Attributes;
use zeroize::{Zeroize, Zeroizing};

pub use cms::content_info::ContentInfo;

macro_rules! oid {
    ($name:ident, $s:literal) => {
        pub const $name: ObjectIdentifier = ObjectIdentifier::new_unwrap($s);
    };
}
oid!(PBE_SHA1_3DES, "1.2.840.113549.1.12.1.3");
oid!(PBE_SHA1_RC2_128, "1.2.840.113549.1.12.1.5");
oid!(PBE_SHA1_RC2_40, "1.2.840.113549.1.12.1.6");
oid!(KEY_BAG, "1.2.840.113549.1.12.10.1.1");
oid!(PKCS8_SHROUDED_KEY_BAG, "1.2.840.113549.1.12.10.1.2");
oid!(CERT_BAG, "1.2.840.113549.1.12.10.1.3");
oid!(SAFE_CONTENTS_BAG, "1.2.840.113549.1.12.10.1.6");
oid!(X509_CERTIFICATE, "1.2.840.113549.1.9.22.1");
oid!(FRIENDLY_NAME, "1.2.840.113549.1.9.20");
oid!(LOCAL_KEY_ID, "1.2.840.113549.1.9.21");
oid!(ID_DATA, "1.2.840.113549.1.7.1");
oid!(ID_ENCRYPTED_DATA, "1.2.840.113549.1.7.6");

/// `PFX ::= SEQUENCE { version INTEGER {v3(3)}, authSafe ContentInfo, macData MacData OPTIONAL }`
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct Pfx {
    pub version: u8,
    pub auth_safe: ContentInfo,
    pub mac_data: Option<MacData>,
}

/// `MacData ::= SEQUENCE { mac DigestInfo, macSalt OCTET STRING, iterations INTEGER DEFAULT 1 }`
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct MacData {
    pub mac: DigestInfo,
    pub mac_salt: OctetString,
    #[asn1(default = "default_one")]
    pub iterations: i32,
}

fn default_one() -> i32 {
    1
}

#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct DigestInfo {
    pub algorithm: AlgorithmIdentifierOwned,
    pub digest: OctetString,
}

/// `SafeBag ::= SEQUENCE { bagId OID, bagValue [0] EXPLICIT ANY, bagAttributes SET OF Attribute OPTIONAL }`
/// (`bag_value` is the inner value on both encode and decode.)
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct SafeBag {
    pub bag_id: ObjectIdentifier,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT")]
    pub bag_value: Any,
    pub bag_attributes: Option<Attributes>,
}

/// `CertBag ::= SEQUENCE { certId OID, certValue [0] EXPLICIT OCTET STRING }`
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct CertBag {
    pub cert_id: ObjectIdentifier,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT")]
    pub cert_value: OctetString,
}

/// `pkcs-12PbeParams ::= SEQUENCE { salt OCTET STRING, iterations INTEGER }`
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct Pkcs12PbeParams {
    pub salt: OctetString,
    pub iterations: i32,
}

/// PKCS#8 `EncryptedPrivateKeyInfo` with an owned AlgorithmIdentifier (so
/// non-PBES2 algorithms such as pbeWithSHAAnd3-KeyTripleDES-CBC fit).
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct EncryptedPrivateKeyInfo {
    pub encryption_algorithm: AlgorithmIdentifierOwned,
    pub encrypted_data: OctetString,
}

/// RFC 7292 App. B diversifier.
#[derive(Clone, Copy)]
pub enum KdfId {
    Key = 1,
    Iv = 2,
    Mac = 3,
}

/// PKCS#12 KDF with password given as UTF-8 (converted to BMPString + U+0000,
/// as OpenSSL does).
pub fn kdf<D>(
    password: &str,
    salt: &[u8],
    id: KdfId,
    iterations: i32,
    out_len: usize,
) -> der::Result<Zeroizing<Vec<u8>>>
where
    D: Digest + FixedOutputReset + BlockSizeUser,
{
    let mut pass = Zeroizing::new(BmpString::from_utf8(password)?.into_bytes().into_vec());
    pass.extend_from_slice(&[0, 0]);
    Ok(Zeroizing::new(kdf_raw::<D>(
        &pass, salt, id, iterations, out_len,
    )))
}

fn kdf_raw<D>(pass: &[u8], salt: &[u8], id: KdfId, rounds: i32, key_len: usize) -> Vec<u8>
where
    D: Digest + FixedOutputReset + BlockSizeUser,
{
    let mut digest = D::new();
    let u = <D as OutputSizeUser>::output_size();
    let v = D::block_size();
    let d_block = vec![id as u8; v];

    // I = S || P, each padded by repetition to a multiple of v
    let slen = v * salt.len().div_ceil(v);
    let plen = v * pass.len().div_ceil(v);
    let mut i_buf = Zeroizing::new(vec![0u8; slen + plen]);
    for k in 0..slen {
        i_buf[k] = salt[k % salt.len()];
    }
    for k in 0..plen {
        i_buf[slen + k] = pass[k % pass.len()];
    }

    let mut out = vec![0u8; key_len];
    let mut filled = 0;
    loop {
        Update::update(&mut digest, &d_block);
        Update::update(&mut digest, &i_buf);
        let mut a = digest.finalize_fixed_reset();
        for _ in 1..rounds {
            Update::update(&mut digest, &a);
            a = digest.finalize_fixed_reset();
        }
        let n = (key_len - filled).min(u);
        out[filled..filled + n].copy_from_slice(&a[..n]);
        filled += n;
        if filled >= key_len {
            a.as_mut_slice().zeroize();
            break;
        }
        // I_j = (I_j + B + 1) mod 2^v, B = A repeated to v bytes
        for j in (0..i_buf.len()).step_by(v) {
            let mut carry = 1u16;
            for k in (0..v).rev() {
                carry += i_buf[j + k] as u16 + a[k % u] as u16;
                i_buf[j + k] = carry as u8;
                carry >>= 8;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unhex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    /// Vectors from the pkcs12 crate's tests (verified there against OpenSSL's
    /// PKCS12_key_gen_utf8); the 200-byte case exercises the I_j update loop.
    #[test]
    fn kdf_vectors() {
        const P: &str = "ge@\u{e4}heim";
        const S: [u8; 8] = [1, 2, 3, 4, 5, 6, 7, 8];
        let cases: [(KdfId, i32, usize, &str); 5] = [
            (
                KdfId::Key,
                100,
                32,
                "fae4d4957a3cc781e1180b9d4fb79c1e0c8579b746a3177e5b0768a3118bf863",
            ),
            (
                KdfId::Iv,
                100,
                32,
                "e5ff813bc6547de5155b14d2fada85b3201a977349db6e26ccc998d9e8f83d6c",
            ),
            (
                KdfId::Mac,
                100,
                32,
                "136355ed9434516682534f46d63956db5ff06b844702c2c1f3b46321e2524a4d",
            ),
            (
                KdfId::Mac,
                1000,
                32,
                "3f9113f05c30a996c4a516409bdac9d065f44296ccd52bb75de3fcfdbe2bf130",
            ),
            (
                KdfId::Key,
                1000,
                200,
                "2b95a0569b63f641fae1efca32e84db3699ab74540628ba66283b58cf5400527d8d0ebe2ccbf768c51c4d8fbd1bb156be06c1c59cbb69e44052ffc37376fdb47b2de7f9e543de9d096d8e5474b220410ff1c5d8bb7e5bc0f61baeaa12fd0da1d7a9701729cea6014d7fe62a2ed926dc36b61307f119d64edbceb5a9c58133bbf75ba0bef000a1a5180e4b1de7d89c89528bcb7899a1e46fd4da0d9de8f8e65e8d0d775e33d1247e76d596a34303161b219f39afda448bf518a2835fc5e28f0b55a1b6137a2c70cf7",
            ),
        ];
        for (id, iter, len, want) in cases {
            let got = kdf::<sha2::Sha256>(P, &S, id, iter, len).unwrap();
            assert_eq!(got.as_slice(), unhex(want).as_slice());
        }
    }
}
