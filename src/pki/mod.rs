//! Cryptography, with no knowledge of the registry: key pairs and signing (`keys`), names
//! (`dn`), certificates (`x509`), CRLs (`crl`), PKCS#12 files (`p12`, `p12_asn1`, `pbe`),
//! key protection (`vault`, its Argon2id memory `kdf_memory`), PINs (`pin`), the CMS pieces signatures and timestamps share
//! (`signed_data` to build, `cms_verify` to check) and RFC 3161 time stamping (`tsp`, the
//! `timestamper` trait), and electronic seals and stamps as GB/T 38540 defines them (`ses`).
//!
//! Built on the RustCrypto der 0.8 generation (x509-cert 0.3, rsa 0.10, sm2 0.14, cms 0.3):
//! measured faster than the der 0.7 set, and one generation keeps one code path per job.

pub mod cms_verify;
pub mod crl;
pub mod dn;
pub mod envelope;
pub mod error;
pub mod kdf_memory;
pub mod keys;
pub mod p12;
pub mod p12_asn1;
pub mod pbe;
pub mod pin;
pub mod ses;
pub mod signed_data;
pub mod timestamper;
pub mod tsp;
pub mod tsp_http;
pub mod vault;
pub mod x509;
