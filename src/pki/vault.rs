//! Key protection: private keys are stored only as AEAD ciphertext (XChaCha20-Poly1305).
//!
//! * A holder's key is sealed under a key derived with Argon2id from the 6-digit PIN, with
//!   the registry **master key** as Argon2's secret input. Without the master key file the
//!   ciphertext in the registry cannot even be attacked PIN by PIN; with it, 10^6 PINs are
//!   a bounded search slowed only by the KDF cost — the lockout (D11) protects online use,
//!   the master key protects offline copies of the database.
//! * A CA key is sealed under a key derived from the master key alone (HMAC-SHA-256 with a
//!   fresh salt): issuing must not need a person's PIN.
//!
//! Sealed blobs carry their format version, KDF parameters, salt and nonce, so changing the
//! KDF cost setting never breaks existing keys. The associated data binds a blob to its row
//! (e.g. `cert:<serial>`), so swapping ciphertexts between rows fails authentication.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

use super::error::{Cause, PkiError};
use super::pin::Pin;
use crate::error::Result;

const MAGIC_PIN: &[u8; 4] = b"CTP1";
const MAGIC_MASTER: &[u8; 4] = b"CTM1";
const SALT_LEN: usize = 16;
const NONCE_LEN: usize = 24;

/// Argon2id cost for PIN-derived keys (registry settings `kdf.memory_kib`, `kdf.iterations`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfCost {
    pub memory_kib: u32,
    pub iterations: u32,
}

impl KdfCost {
    /// OWASP's Argon2id recommendation (19 MiB, 2 passes, 1 lane).
    pub const DEFAULT: KdfCost = KdfCost {
        memory_kib: 19_456,
        iterations: 2,
    };

    /// The most the settings allow (4 GiB, 100 passes): a sealed key whose header asks for
    /// more was not sealed by catool, and is refused as damaged before any derivation (the
    /// header is authenticated only by the key it derives, so an edited one could otherwise
    /// make catool take all memory, or hours, before the PIN is judged wrong).
    pub const MAX: KdfCost = KdfCost {
        memory_kib: 4_194_304,
        iterations: 100,
    };
}

/// The registry master key: 32 random bytes in a 0600 file outside the database.
pub struct MasterKey {
    bytes: Zeroizing<[u8; 32]>,
    path: PathBuf,
}

impl MasterKey {
    /// Loads the key file, or creates it (0600, 32 random bytes as hex) when it is missing.
    /// Safe when several processes start on a new registry at once: the key is written to a
    /// temporary file and renamed into place only if no key is there yet; a process that
    /// lost the race loads the winner's. Nobody ever reads a half-written key, and a killed
    /// process's temporary file is swept like any other.
    pub fn load_or_create(path: &Path) -> Result<MasterKey> {
        if path.exists() {
            return MasterKey::load(path);
        }
        let mut bytes = Zeroizing::new([0u8; 32]);
        fill_random(bytes.as_mut())?;
        let mut hex = Zeroizing::new(String::with_capacity(65));
        hex.push_str(&Zeroizing::new(crate::hex::encode(bytes.as_ref())));
        hex.push('\n');
        let fail = |e: crate::error::Error| PkiError::MasterKeyCreate {
            path: path.display().to_string(),
            why: e.to_string(),
        };
        // The master key is catool's own file, not a user's output: created once, never replaced.
        let target = crate::fsutil::Output::internal(path).map_err(fail)?;
        let pending = crate::fsutil::pending_bytes(&target, hex.as_bytes(), 0o600).map_err(fail)?;
        if pending.publish_new().map_err(fail)? {
            Ok(MasterKey {
                bytes,
                path: path.to_path_buf(),
            })
        } else {
            MasterKey::load(path)
        }
    }

    pub fn load(path: &Path) -> Result<MasterKey> {
        let shown = || path.display().to_string();
        let cannot = |e: std::io::Error| PkiError::MasterKeyUnreadable {
            path: shown(),
            source: Cause::new(e),
        };
        // Never through a link: callers pass the key's path with its links followed when
        // the command began (what was protected); a link there now was planted since.
        use std::os::unix::fs::OpenOptionsExt;
        let nofollow = rustix::fs::OFlags::NOFOLLOW.bits() as i32;
        let file = std::fs::File::options()
            .read(true)
            .custom_flags(nofollow)
            .open(path)
            .map_err(cannot)?;
        // 64 hex digits and a newline; read no further than a few lines' worth.
        let mode = file
            .metadata()
            .map(|m| m.permissions().mode() & 0o077)
            .unwrap_or(0);
        let raw = crate::input::read_secret(file, 1024)
            .map_err(cannot)?
            .ok_or_else(|| PkiError::MasterKeyTooLong { path: shown() })?;
        let text =
            std::str::from_utf8(&raw).map_err(|_| PkiError::MasterKeyDamaged { path: shown() })?;
        if mode != 0 {
            return Err(PkiError::MasterKeyExposed {
                path: shown(),
                mode: format!("{mode:o}"),
            }
            .into());
        }
        let hex = text.trim();
        let mut bytes = Zeroizing::new([0u8; 32]);
        let decoded = Zeroizing::new(crate::hex::decode(hex).unwrap_or_default());
        if decoded.len() != 32 {
            return Err(PkiError::MasterKeyDamaged { path: shown() }.into());
        }
        bytes.copy_from_slice(&decoded);
        Ok(MasterKey {
            bytes,
            path: path.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A value stored in the registry to recognise its master key (reveals nothing of it).
    pub fn check_value(&self) -> String {
        crate::hex::encode(&self.hmac(&[b"catool master key check v1"]))
    }

    /// A key for one purpose, derived from the master key with HMAC-SHA-256 under `label`
    /// (HKDF-Expand for one block): knowing it reveals neither the master key nor any other
    /// purpose's key.
    pub fn derive(&self, label: &[u8]) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(self.hmac(&[label]))
    }

    fn hmac(&self, parts: &[&[u8]]) -> [u8; 32] {
        let mut mac = <Hmac<Sha256> as hmac::KeyInit>::new_from_slice(self.bytes.as_ref())
            .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
        for p in parts {
            mac.update(p);
        }
        mac.finalize().into_bytes().into()
    }
}

pub fn fill_random(buf: &mut [u8]) -> Result<()> {
    getrandom::fill(buf).map_err(|e| PkiError::from(e).into())
}

/// Why a sealed key could not be opened.
#[derive(Debug, PartialEq, Eq)]
pub enum OpenError {
    /// Authentication failed: a wrong PIN (or a master key from another registry).
    WrongSecret,
    /// The blob is not a sealed key of a known format.
    Damaged,
}

fn xnonce(bytes: &[u8]) -> Result<XNonce> {
    let arr: [u8; NONCE_LEN] = bytes.try_into().map_err(|_| PkiError::SealingFailed)?;
    Ok(XNonce::from(arr))
}

fn aead(key: &[u8; 32]) -> XChaCha20Poly1305 {
    XChaCha20Poly1305::new(key.into())
}

fn pin_key(
    master: &MasterKey,
    pin: &Pin,
    salt: &[u8],
    cost: KdfCost,
) -> Result<Zeroizing<[u8; 32]>> {
    let params = Params::new(cost.memory_kib, cost.iterations, 1, Some(32)).map_err(|e| {
        PkiError::KdfCostInvalid {
            detail: e.to_string(),
        }
    })?;
    let argon = Argon2::new_with_secret(
        master.bytes.as_ref(),
        Algorithm::Argon2id,
        Version::V0x13,
        params.clone(),
    )
    .map_err(|e| PkiError::Argon2 {
        detail: e.to_string(),
    })?;
    let mut memory =
        super::kdf_memory::KdfMemory::new(params.block_count()).map_err(|e| PkiError::Argon2 {
            detail: e.to_string(),
        })?;
    let mut key = Zeroizing::new([0u8; 32]);
    argon
        .hash_password_into_with_memory(pin.as_bytes(), salt, key.as_mut(), memory.blocks())
        .map_err(|e| PkiError::Argon2 {
            detail: e.to_string(),
        })?;
    Ok(key)
}

/// Seals `plaintext` under the PIN and the master key.
pub fn seal_with_pin(
    master: &MasterKey,
    pin: &Pin,
    cost: KdfCost,
    aad: &[u8],
    plaintext: &[u8],
) -> Result<Vec<u8>> {
    let mut salt = [0u8; SALT_LEN];
    let mut nonce = [0u8; NONCE_LEN];
    fill_random(&mut salt)?;
    fill_random(&mut nonce)?;
    let key = pin_key(master, pin, &salt, cost)?;
    let ct = aead(&key)
        .encrypt(
            &XNonce::from(nonce),
            Payload {
                msg: plaintext,
                aad,
            },
        )
        .map_err(|_| PkiError::SealingFailed)?;
    let mut out = Vec::with_capacity(4 + 8 + SALT_LEN + NONCE_LEN + ct.len());
    out.extend_from_slice(MAGIC_PIN);
    out.extend_from_slice(&cost.memory_kib.to_be_bytes());
    out.extend_from_slice(&cost.iterations.to_be_bytes());
    out.extend_from_slice(&salt);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&ct);
    Ok(out)
}

/// Opens a blob made by `seal_with_pin`.
pub fn open_with_pin(
    master: &MasterKey,
    pin: &Pin,
    aad: &[u8],
    blob: &[u8],
) -> Result<Result<Zeroizing<Vec<u8>>, OpenError>> {
    let header = 4 + 8 + SALT_LEN + NONCE_LEN;
    if blob.len() < header + 16 || &blob[..4] != MAGIC_PIN {
        return Ok(Err(OpenError::Damaged));
    }
    let word = |i: usize| u32::from_be_bytes([blob[i], blob[i + 1], blob[i + 2], blob[i + 3]]);
    let cost = KdfCost {
        memory_kib: word(4),
        iterations: word(8),
    };
    if cost.memory_kib > KdfCost::MAX.memory_kib || cost.iterations > KdfCost::MAX.iterations {
        return Ok(Err(OpenError::Damaged));
    }
    let salt = &blob[12..12 + SALT_LEN];
    let nonce = &blob[12 + SALT_LEN..header];
    let key = pin_key(master, pin, salt, cost)?;
    Ok(aead(&key)
        .decrypt(
            &xnonce(nonce)?,
            Payload {
                msg: &blob[header..],
                aad,
            },
        )
        .map(Zeroizing::new)
        .map_err(|_| OpenError::WrongSecret))
}

/// Seals `plaintext` under the master key alone (CA keys).
pub fn seal_with_master(master: &MasterKey, aad: &[u8], plaintext: &[u8]) -> Result<Vec<u8>> {
    let mut salt = [0u8; SALT_LEN];
    let mut nonce = [0u8; NONCE_LEN];
    fill_random(&mut salt)?;
    fill_random(&mut nonce)?;
    let key = Zeroizing::new(master.hmac(&[b"catool ca key v1", &salt]));
    let ct = aead(&key)
        .encrypt(
            &XNonce::from(nonce),
            Payload {
                msg: plaintext,
                aad,
            },
        )
        .map_err(|_| PkiError::SealingFailed)?;
    let mut out = Vec::with_capacity(4 + SALT_LEN + NONCE_LEN + ct.len());
    out.extend_from_slice(MAGIC_MASTER);
    out.extend_from_slice(&salt);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&ct);
    Ok(out)
}

pub fn open_with_master(
    master: &MasterKey,
    aad: &[u8],
    blob: &[u8],
) -> Result<Result<Zeroizing<Vec<u8>>, OpenError>> {
    let header = 4 + SALT_LEN + NONCE_LEN;
    if blob.len() < header + 16 || &blob[..4] != MAGIC_MASTER {
        return Ok(Err(OpenError::Damaged));
    }
    let salt = &blob[4..4 + SALT_LEN];
    let key = Zeroizing::new(master.hmac(&[b"catool ca key v1", salt]));
    Ok(aead(&key)
        .decrypt(
            &xnonce(&blob[4 + SALT_LEN..header])?,
            Payload {
                msg: &blob[header..],
                aad,
            },
        )
        .map(Zeroizing::new)
        .map_err(|_| OpenError::WrongSecret))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn processes_racing_to_create_the_master_key_all_get_the_same_one() {
        for _ in 0..20 {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("registry.db.key");
            let barrier = std::sync::Barrier::new(8);
            let checks: Vec<String> = std::thread::scope(|s| {
                let handles: Vec<_> = (0..8)
                    .map(|_| {
                        s.spawn(|| {
                            barrier.wait();
                            MasterKey::load_or_create(&path).unwrap().check_value()
                        })
                    })
                    .collect();
                handles.into_iter().map(|h| h.join().unwrap()).collect()
            });
            assert!(checks.iter().all(|c| *c == checks[0]));
            assert_eq!(MasterKey::load(&path).unwrap().check_value(), checks[0]);
            // No temporary key file is left beside it.
            assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        }
    }

    const FAST: KdfCost = KdfCost {
        memory_kib: 64,
        iterations: 1,
    };

    fn master(dir: &Path, name: &str) -> MasterKey {
        MasterKey::load_or_create(&dir.join(name)).unwrap()
    }

    #[test]
    fn a_sealed_key_whose_header_asks_for_more_than_the_settings_allow_is_damaged() {
        let dir = tempfile::tempdir().unwrap();
        let m = master(dir.path(), "k");
        let pin = Pin::parse("t", b"123456").unwrap();
        let blob = seal_with_pin(&m, &pin, FAST, b"cert:1", b"secret key").unwrap();
        for (at, word) in [
            (4, KdfCost::MAX.memory_kib + 1),
            (8, KdfCost::MAX.iterations + 1),
        ] {
            let mut edited = blob.clone();
            edited[at..at + 4].copy_from_slice(&word.to_be_bytes());
            assert_eq!(
                open_with_pin(&m, &pin, b"cert:1", &edited).unwrap(),
                Err(OpenError::Damaged)
            );
        }
    }

    #[test]
    fn a_sealed_key_opens_with_the_same_pin_and_aad_only() {
        let dir = tempfile::tempdir().unwrap();
        let m = master(dir.path(), "k");
        let pin = Pin::parse("t", b"123456").unwrap();
        let blob = seal_with_pin(&m, &pin, FAST, b"cert:1", b"secret key").unwrap();
        assert!(!blob.windows(10).any(|w| w == b"secret key"));
        assert_eq!(
            &open_with_pin(&m, &pin, b"cert:1", &blob).unwrap().unwrap()[..],
            b"secret key"
        );
        let wrong = Pin::parse("t", b"654321").unwrap();
        assert_eq!(
            open_with_pin(&m, &wrong, b"cert:1", &blob)
                .unwrap()
                .unwrap_err(),
            OpenError::WrongSecret
        );
        assert_eq!(
            open_with_pin(&m, &pin, b"cert:2", &blob)
                .unwrap()
                .unwrap_err(),
            OpenError::WrongSecret
        );
    }

    #[test]
    fn another_master_key_cannot_open_a_sealed_key() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (master(dir.path(), "a"), master(dir.path(), "b"));
        let pin = Pin::parse("t", b"123456").unwrap();
        let blob = seal_with_pin(&a, &pin, FAST, b"x", b"k").unwrap();
        assert!(open_with_pin(&b, &pin, b"x", &blob).unwrap().is_err());
        let ca = seal_with_master(&a, b"ca", b"k").unwrap();
        assert!(open_with_master(&b, b"ca", &ca).unwrap().is_err());
        assert_eq!(
            &open_with_master(&a, b"ca", &ca).unwrap().unwrap()[..],
            b"k"
        );
    }

    #[test]
    fn the_master_key_file_is_private_and_reloads() {
        let dir = tempfile::tempdir().unwrap();
        let a = master(dir.path(), "k");
        let mode = std::fs::metadata(dir.path().join("k"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        assert_eq!(master(dir.path(), "k").check_value(), a.check_value());
    }
}
