//! Output files: written to a temporary file beside the target and renamed into place, so a
//! crash or a full disk never leaves a half-written file under the name the user asked for.
//! A temporary file is named `.catool-<pid>-<random>.tmp` and locked (flock) by its writer;
//! one left behind by a killed process is removed the next time catool writes into that
//! directory.

use std::collections::HashSet;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::{Error, Result};

const TEMP_PREFIX: &str = ".catool-";
const TEMP_SUFFIX: &str = ".tmp";

pub fn write_atomic(path: &Path, bytes: &[u8], mode: u32) -> Result<()> {
    pending_bytes(path, bytes, mode)?.publish()
}

/// `bytes` written to a temporary file beside `path`, ready to `publish`.
pub fn pending_bytes(path: &Path, bytes: &[u8], mode: u32) -> Result<Pending> {
    write_pending(path, mode, |w| {
        w.write_all(bytes)
            .map_err(|e| Error::BadInput(format!("cannot write {}: {e}", path.display())))
    })
}

/// Like `write_atomic`, with the content produced by `write` straight into the temporary
/// file (large outputs are never built in memory first).
pub fn write_atomic_with(
    path: &Path,
    mode: u32,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    write_pending(path, mode, write)?.publish()
}

/// An output written completely (and synced) to its temporary file, not yet under its name.
/// `publish` renames it into place; dropped unpublished, the temporary file is removed. Lets
/// a caller record what it did (in the registry) between writing and publishing, so that a
/// crash never leaves a published file the history does not know about.
pub struct Pending {
    tmp: tempfile::NamedTempFile,
    path: PathBuf,
}

impl Pending {
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn publish(self) -> Result<()> {
        let path = self.path;
        self.tmp.persist(&path).map_err(|e| {
            Error::BadInput(format!("cannot write {}: {}", path.display(), e.error))
        })?;
        Ok(())
    }

    /// Publishes only if nothing is under the name yet: `Ok(false)` (and the temporary file
    /// removed) when another process got there first.
    pub fn publish_new(self) -> Result<bool> {
        let path = self.path;
        match self.tmp.persist_noclobber(&path) {
            Ok(_) => Ok(true),
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
            Err(e) => Err(Error::BadInput(format!(
                "cannot write {}: {}",
                path.display(),
                e.error
            ))),
        }
    }
}

/// Writes the content produced by `write` to a temporary file beside `path` (mode `mode`),
/// synced to disk, ready to `publish`.
pub fn write_pending(
    path: &Path,
    mode: u32,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<Pending> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    sweep_once(dir);
    let fail = |e: std::io::Error| Error::BadInput(format!("cannot write {}: {e}", path.display()));
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!("{TEMP_PREFIX}{}-", std::process::id()))
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)
        .map_err(fail)?;
    // Held for the file's life (the kernel drops it if the process dies): how a sweep tells
    // a live writer's file from a dead one's.
    tmp.as_file().lock().map_err(fail)?;
    tmp.as_file()
        .set_permissions(std::fs::Permissions::from_mode(mode))
        .map_err(fail)?;
    write(tmp.as_file_mut())?;
    tmp.as_file().sync_all().map_err(fail)?;
    Ok(Pending {
        tmp,
        path: path.to_path_buf(),
    })
}

/// Removes, once per directory per process, the temporary files that killed catool
/// processes left in `dir`. Best effort: a file that cannot be listed or removed stays.
/// Writing into a directory does this first; a batch calls it for its output directory
/// even when it has nothing left to write.
pub fn sweep_once(dir: &Path) {
    static SWEPT: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);
    let Ok(mut swept) = SWEPT.lock() else { return };
    if !swept
        .get_or_insert_with(HashSet::new)
        .insert(dir.to_path_buf())
    {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(stale_owner) else {
            continue;
        };
        if pid != std::process::id() {
            remove_if_stale(&entry.path(), pid);
        }
    }
}

/// Removes a temporary file whose writer is gone: nobody holds its lock (every writer locks
/// its file as long as it lives), and either no process has its pid or the file is older
/// than a minute (pids are reused; and a writer takes its lock a moment after creating the
/// file, so a young file of a live pid is left alone).
fn remove_if_stale(path: &Path, pid: u32) {
    let Ok(file) = std::fs::File::open(path) else {
        return;
    };
    if file.try_lock().is_err() {
        return;
    }
    let pid_gone =
        Path::new("/proc/self").exists() && !Path::new("/proc").join(pid.to_string()).exists();
    let old = file
        .metadata()
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age > std::time::Duration::from_secs(60));
    if pid_gone || old {
        let _ = std::fs::remove_file(path);
    }
}

/// The pid in a catool temporary file's name (`.catool-<pid>-<random>.tmp`).
fn stale_owner(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(TEMP_PREFIX)?.strip_suffix(TEMP_SUFFIX)?;
    let (pid, random) = rest.split_once('-')?;
    (!random.is_empty()).then_some(())?;
    pid.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names_carry_the_writers_pid() {
        assert_eq!(stale_owner(".catool-4242-AbC123.tmp"), Some(4242));
        assert_eq!(stale_owner(".catool-AbC123"), None);
        assert_eq!(stale_owner(".catool-4242-.tmp"), None);
        assert_eq!(stale_owner("report.pdf"), None);
    }

    #[test]
    fn only_unlocked_temporary_files_of_gone_or_old_writers_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let file = |name: &str| {
            let p = dir.path().join(name);
            std::fs::write(&p, b"x").unwrap();
            p
        };
        let gone = file(".catool-0-gone.tmp"); // no process has pid 0
        let young = file(".catool-1-young.tmp"); // pid 1 runs; the file is new
        let old = file(".catool-1-old.tmp"); // pid 1 runs (reused pid); an hour old
        std::fs::File::options()
            .write(true)
            .open(&old)
            .unwrap()
            .set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(3600))
            .unwrap();
        let locked = file(".catool-0-locked.tmp"); // its writer still holds the lock
        let holder = std::fs::File::open(&locked).unwrap();
        holder.lock().unwrap();
        let other = file(".catool-notes.txt");
        write_atomic(&dir.path().join("out.pdf"), b"%PDF", 0o644).unwrap();
        assert!(!gone.exists() && !old.exists());
        assert!(young.exists() && locked.exists() && other.exists());
        assert_eq!(std::fs::read(dir.path().join("out.pdf")).unwrap(), b"%PDF");
        drop(holder);
    }

    #[test]
    fn publish_new_never_replaces_an_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("key");
        let write = |bytes: &'static [u8]| {
            write_pending(&target, 0o600, move |w| {
                w.write_all(bytes)
                    .map_err(|e| Error::Internal(e.to_string()))
            })
            .unwrap()
        };
        assert!(write(b"first").publish_new().unwrap());
        assert!(!write(b"second").publish_new().unwrap());
        assert_eq!(std::fs::read(&target).unwrap(), b"first");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn an_unpublished_output_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.pdf");
        let pending = write_pending(&target, 0o644, |w| {
            w.write_all(b"%PDF")
                .map_err(|e| Error::Internal(e.to_string()))
        })
        .unwrap();
        assert!(!target.exists());
        drop(pending);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
