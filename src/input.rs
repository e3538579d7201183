//! Reading what the user names, bounded: a PIN file is read up to 64 bytes, a certificate up
//! to 64 KiB, a batch CSV up to 64 MiB … and never further, so `--pin-file /dev/zero`, a FIFO
//! that never ends or a huge file is refused at once instead of filling memory. Secret
//! files (PINs, passwords) also draw a warning when others may read them.

use std::io::Read;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::i18n::{Arg, lang, text};
use crate::input_error::{InputError, InputKind};
use crate::msg;

/// Why a path a document names (a batch CSV, an import document) is not inside the
/// document's directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathProblem {
    Absolute,
    Parent,
    Empty,
    /// A component is a symbolic link: it could lead anywhere (an archive unpacked with the
    /// document can carry one).
    Symlink,
}

impl PathProblem {
    /// The catalogues' selector for the problem.
    pub fn key(self) -> &'static str {
        match self {
            PathProblem::Absolute => "absolute",
            PathProblem::Parent => "parent",
            PathProblem::Empty => "empty",
            PathProblem::Symlink => "symlink",
        }
    }
}

/// `p` (as a document wrote it) taken relative to the document's directory `dir`: a
/// document, perhaps made by someone else, reads and writes nothing outside its directory,
/// so an absolute path, a `..` component or a symbolic link on the way is refused. (A link
/// made after this check is the same user's doing, not the document's.)
pub fn inside_dir(dir: &Path, p: &Path) -> std::result::Result<std::path::PathBuf, PathProblem> {
    use std::path::Component;
    if p.as_os_str().is_empty() {
        return Err(PathProblem::Empty);
    }
    if p.has_root() {
        return Err(PathProblem::Absolute);
    }
    let mut at = dir.to_path_buf();
    for c in p.components() {
        match c {
            Component::ParentDir => return Err(PathProblem::Parent),
            Component::CurDir => continue,
            c => at.push(c),
        }
        if std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(PathProblem::Symlink);
        }
    }
    Ok(dir.join(p))
}

/// A PIN file: six digits and a newline, with room for a CRLF and some slack.
pub const MAX_PIN_FILE: u64 = 64;
/// A password file: one line.
pub const MAX_PASSWORD_FILE: u64 = 1024;
/// Certificate, private key and PKCS#12 files: a certificate is 1–3 KiB, a chain a few.
pub const MAX_CERT_FILE: u64 = 64 * 1024;
/// Batch CSVs, images, fonts and letters (held in memory whole).
pub const MAX_INPUT: u64 = 64 * 1024 * 1024;
/// PDFs to stamp, sign or verify: large scanned bids, still well below memory.
pub const MAX_PDF: u64 = 512 * 1024 * 1024;

/// `limit` for messages: "64 bytes", "64 KiB", "512 MiB".
pub fn human(limit: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    UNITS
        .iter()
        .find(|(size, _)| limit >= *size && limit.is_multiple_of(*size))
        .map(|(size, unit)| format!("{} {unit}", limit / size))
        .unwrap_or_else(|| format!("{limit} bytes"))
}

/// All of `reader` when it holds at most `limit` bytes, `None` when it holds more (reading
/// stops one byte past the limit).
pub fn read_capped(reader: impl Read, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    let mut buf = Vec::new();
    reader.take(limit.saturating_add(1)).read_to_end(&mut buf)?;
    Ok((buf.len() as u64 <= limit).then_some(buf))
}

/// Like [`read_capped`] for secrets: the buffer is allocated once, at its full size, so no
/// copy of the secret is left behind in a reallocated block, and it is wiped when dropped.
pub fn read_secret(reader: impl Read, limit: u64) -> std::io::Result<Option<Zeroizing<Vec<u8>>>> {
    let capacity = usize::try_from(limit.saturating_add(1)).unwrap_or(usize::MAX);
    let mut buf = Zeroizing::new(Vec::with_capacity(capacity));
    reader.take(limit.saturating_add(1)).read_to_end(&mut buf)?;
    Ok((buf.len() as u64 <= limit).then_some(buf))
}

/// Reads the file `flag` names, at most `limit` bytes; `kind` says what such a file is, for
/// the refusal ("an input file").
pub fn read_file(flag: &str, path: &Path, limit: u64, kind: InputKind) -> Result<Vec<u8>> {
    let file = std::fs::File::open(path).map_err(|e| unreadable(flag, path, &e))?;
    read_capped(file, limit)
        .map_err(|e| unreadable(flag, path, &e))?
        .ok_or_else(|| too_big(flag, path, limit, kind))
}

/// The file `flag` names cannot be read: `e` says why.
pub fn unreadable(flag: &str, path: &Path, e: &std::io::Error) -> Error {
    InputError::Unreadable {
        flag: flag.to_string(),
        path: path.display().to_string(),
        detail: e.to_string(),
    }
    .into()
}

pub fn too_big(flag: &str, path: &Path, limit: u64, kind: InputKind) -> Error {
    InputError::TooBig {
        flag: flag.to_string(),
        path: path.display().to_string(),
        limit: human(limit),
        kind,
    }
    .into()
}

/// The permission bits of a regular file that group or others may read or write.
pub fn loose_mode(path: &Path) -> Option<u32> {
    let meta = std::fs::metadata(path).ok()?;
    let mode = meta.permissions().mode();
    (meta.is_file() && mode & 0o077 != 0).then_some(mode & 0o777)
}

/// A secret file whose permissions catool checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Secret {
    Registry,
    PinFile,
    PasswordFile,
}

/// A warning when a secret file is open to others, in the chosen language.
pub fn exposure_warning(what: Secret, path: &Path) -> Option<String> {
    let what = match what {
        Secret::Registry => msg!("secret-registry"),
        Secret::PinFile => msg!("secret-pin-file"),
        Secret::PasswordFile => msg!("secret-password-file"),
    };
    loose_mode(path).map(|mode| {
        text(
            lang(),
            msg!("warning-exposed"),
            &[
                ("what", Arg::Msg(what)),
                ("path", Arg::Text(path.display().to_string())),
                ("mode", Arg::Text(format!("{mode:o}"))),
            ],
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_stops_one_byte_past_the_limit() {
        let endless = std::io::repeat(0);
        assert!(read_capped(endless, 64).unwrap().is_none());
        assert_eq!(
            read_capped(&b"123456\n"[..], 64).unwrap().unwrap(),
            b"123456\n"
        );
        assert_eq!(read_capped(&[0u8; 64][..], 64).unwrap().unwrap().len(), 64);
        assert!(read_secret(std::io::repeat(1), 64).unwrap().is_none());
    }

    #[test]
    fn limits_read_in_their_unit() {
        assert_eq!(human(64), "64 bytes");
        assert_eq!(human(64 * 1024), "64 KiB");
        assert_eq!(human(512 * 1024 * 1024), "512 MiB");
    }
}
