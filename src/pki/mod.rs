//! Cryptography: key protection (`vault`), PINs (`pin`). Certificates, PKCS#12 and CRLs
//! join here; nothing in `pki` touches the registry.

pub mod pin;
pub mod vault;
