//! Temporary files killed catool processes left behind: how they are named, and their
//! removal the next time catool writes into their directory.
//!
//! A temporary file is named `.catool-<pid>-<random>.tmp` and locked (flock) by its writer
//! for as long as it lives; one nobody holds whose writer is gone (or that is old) is stale.

use std::collections::HashSet;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::held_dir::{FileId, HeldDir};

const TEMP_PREFIX: &str = ".catool-";
const TEMP_SUFFIX: &str = ".tmp";

/// A fresh temporary name for this process: `.catool-<pid>-<random>.tmp`.
pub(super) fn temporary_name() -> std::io::Result<OsString> {
    let mut random = [0u8; 8];
    getrandom::fill(&mut random).map_err(std::io::Error::other)?;
    let name = [
        TEMP_PREFIX,
        &std::process::id().to_string(),
        "-",
        &crate::hex::encode(&random),
        TEMP_SUFFIX,
    ]
    .concat();
    Ok(name.into())
}

/// Removes, once per directory per process, the temporary files that killed catool
/// processes left in `dir`. Best effort: a file that cannot be listed or removed stays.
/// A batch calls it for its output directory even when it has nothing left to write.
pub fn sweep_once(dir: &Path) {
    if let Ok(held) = HeldDir::open(dir) {
        sweep_held_once(&held, dir);
    }
}

/// [`sweep_once`] for a directory already held (`path` named it): what writing into it
/// does first. Known by its path and its identity together: an inode number alone is
/// reused once a directory is deleted, a path alone may lead elsewhere later.
pub(super) fn sweep_held_once(dir: &HeldDir, path: &Path) {
    static SWEPT: Mutex<Option<HashSet<(PathBuf, FileId)>>> = Mutex::new(None);
    let Ok(id) = dir.id() else { return };
    {
        let Ok(mut swept) = SWEPT.lock() else { return };
        if !swept
            .get_or_insert_with(HashSet::new)
            .insert((path.to_path_buf(), id))
        {
            return;
        }
    }
    for name in dir.names() {
        let Some(pid) = name.to_str().and_then(stale_owner) else {
            continue;
        };
        if pid != std::process::id() {
            remove_if_stale(dir, &name, pid);
        }
    }
}

/// Removes a temporary file whose writer is gone: nobody holds its lock (every writer locks
/// its file as long as it lives), and either no process has its pid or the file is older
/// than a minute (pids are reused; and a writer takes its lock a moment after creating the
/// file, so a young file of a live pid is left alone).
fn remove_if_stale(dir: &HeldDir, name: &OsStr, pid: u32) {
    let Ok(file) = dir.open_to_read(name) else {
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
        let _ = dir.remove(name);
    }
}

/// The pid in a catool temporary file's name (`.catool-<pid>-<random>.tmp`).
fn stale_owner(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(TEMP_PREFIX)?.strip_suffix(TEMP_SUFFIX)?;
    let (pid, random) = rest.split_once('-')?;
    (!random.is_empty() && !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
        .then_some(())?;
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
        assert_eq!(stale_owner(".catool-+4242-x.tmp"), None);
        assert_eq!(stale_owner("report.pdf"), None);
        let mine = temporary_name().unwrap();
        assert_eq!(
            stale_owner(mine.to_str().unwrap()),
            Some(std::process::id())
        );
    }
}
