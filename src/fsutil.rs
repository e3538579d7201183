//! Output files: written to a temporary file beside the target and renamed into place, so a
//! crash or a full disk never leaves a half-written file under the name the user asked for.
//! A temporary file is named `.catool-<pid>-<random>.tmp`; one left behind by a killed
//! process (its pid no longer running) is removed the next time catool writes into that
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
    write_atomic_with(path, mode, |w| {
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
        if pid != std::process::id() && !process_alive(pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The pid in a catool temporary file's name (`.catool-<pid>-<random>.tmp`).
fn stale_owner(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(TEMP_PREFIX)?.strip_suffix(TEMP_SUFFIX)?;
    let (pid, random) = rest.split_once('-')?;
    (!random.is_empty()).then_some(())?;
    pid.parse().ok()
}

/// Whether the catool that wrote a temporary file may still run: a process with this pid
/// runs the same program as we do (pids are reused, 32768 of them by default, so a live pid
/// alone proves little). Without /proc, assume it runs, so nothing is removed.
fn process_alive(pid: u32) -> bool {
    let comm = |who: &str| std::fs::read(Path::new("/proc").join(who).join("comm")).ok();
    match comm("self") {
        Some(ours) => comm(&pid.to_string()).is_some_and(|theirs| theirs == ours),
        None => true,
    }
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
    fn a_writer_counts_as_alive_only_while_its_pid_runs_the_same_program() {
        assert!(process_alive(std::process::id()));
        // pid 1 is init (or the container's entry point), not this program.
        assert!(!process_alive(1));
        assert!(!process_alive(0));
    }

    #[test]
    fn temporary_files_of_dead_writers_are_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let dead = dir.path().join(".catool-0-dead.tmp");
        let reused = dir.path().join(".catool-1-reused.tmp");
        let other = dir.path().join(".catool-notes.txt");
        for f in [&dead, &reused, &other] {
            std::fs::write(f, b"x").unwrap();
        }
        write_atomic(&dir.path().join("out.pdf"), b"%PDF", 0o644).unwrap();
        assert!(!dead.exists() && !reused.exists());
        assert!(other.exists());
        assert_eq!(std::fs::read(dir.path().join("out.pdf")).unwrap(), b"%PDF");
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
