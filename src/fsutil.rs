//! Output files: every file catool writes for a user goes through here.
//!
//! *Where* it may write is decided once per output, before any work, by [`OutputRules`]:
//! never over the registry (nor its `-wal`, `-shm`, `-journal`), the master key, or an input
//! of the same command, whatever the flags, and never over an existing file unless the user
//! said `--force`. Only a checked [`Output`] can be written, so no command can skip the check.
//!
//! *How* it is written: to a temporary file beside the target, synced, and renamed into
//! place, so a crash or a full disk never leaves a half-written file under the name the user
//! asked for. A temporary file is named `.catool-<pid>-<random>.tmp` and locked (flock) by
//! its writer; one left behind by a killed process is removed the next time catool writes
//! into that directory.

use std::collections::HashSet;
use std::io::Write;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::{Error, Result};
use crate::input_error::{Guarded, InputError};

const TEMP_PREFIX: &str = ".catool-";
const TEMP_SUFFIX: &str = ".tmp";

/// What to do with an output file that already exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Refuse the command (the default): a typo must not destroy a file.
    Refuse,
    /// Replace it (`--force`).
    Replace,
    /// Let the caller leave it alone (`--skip-existing` of `pdf stamp` / `pdf sign`).
    Skip,
}

/// A file a command must never write over, however the output is spelled.
struct Protected {
    what: Guarded,
    path: PathBuf,
    resolved: PathBuf,
    id: Option<(u64, u64)>,
}

/// The paths one command may not write over, and what to do with existing outputs.
pub struct OutputRules {
    protected: Vec<Protected>,
    existing: Existing,
    skip_offered: bool,
}

impl OutputRules {
    pub fn new(existing: Existing) -> OutputRules {
        OutputRules {
            protected: Vec::new(),
            existing,
            skip_offered: false,
        }
    }

    /// The command also has `--skip-existing`: the refusal of an existing output says so.
    pub fn offer_skip(mut self) -> OutputRules {
        self.skip_offered = true;
        self
    }

    pub fn existing(&self) -> Existing {
        self.existing
    }

    /// `path` is never an output of this command; `what` says what it is (the registry).
    pub fn protect(&mut self, what: Guarded, path: &Path) {
        self.protected.push(Protected {
            what,
            path: path.to_path_buf(),
            resolved: resolve(path),
            id: file_id(path),
        });
    }

    /// An input of this command (`flag` names it: `--pin-file`, `PHOTO`): never an output.
    pub fn input(&mut self, flag: &str, path: &Path) {
        self.protect(Guarded::Input(flag.to_string()), path);
    }

    /// Checks one output (`flag` names it in messages) and returns it, ready to be written.
    /// Refused, even with `--force`: the registry, its WAL files, the master key, any input of
    /// the command, also through a symbolic or hard link (same resolved path, or the same
    /// device and inode). Refused without `--force`: a file that exists. A directory.
    pub fn check(&self, flag: &str, path: &Path) -> Result<Output> {
        let resolved = resolve(path);
        let id = file_id(path);
        for p in &self.protected {
            if p.resolved == resolved || (id.is_some() && p.id == id) {
                return Err(InputError::OutputGuarded {
                    flag: flag.to_string(),
                    path: path.display().to_string(),
                    what: p.what.clone(),
                    guarded: p.path.display().to_string(),
                }
                .into());
            }
        }
        if std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
            return Err(InputError::OutputIsDirectory {
                flag: flag.to_string(),
                path: path.display().to_string(),
            }
            .into());
        }
        let exists = std::fs::symlink_metadata(path).is_ok();
        if exists && self.existing == Existing::Refuse {
            return Err(InputError::OutputExists {
                flag: flag.to_string(),
                path: path.display().to_string(),
                skip_offered: self.skip_offered,
            }
            .into());
        }
        Ok(Output {
            path: path.to_path_buf(),
            replace: self.existing == Existing::Replace,
        })
    }
}

/// An output path that passed [`OutputRules::check`] (or a file of catool's own).
#[derive(Debug, Clone)]
pub struct Output {
    path: PathBuf,
    /// Whether publishing may replace a file that is there by then.
    replace: bool,
}

impl Output {
    /// A file catool itself owns and creates (the master key, the demo's workspace, the man
    /// pages): not a user's output, so not checked; replaced when published.
    pub fn internal(path: &Path) -> Output {
        Output {
            path: path.to_path_buf(),
            replace: true,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// `path` with every symbolic link followed (a dangling last one too), made absolute; for a
/// file that does not exist, its directory resolved plus its name.
fn resolve(path: &Path) -> PathBuf {
    let mut p = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    // 40: the kernel's own limit on links followed in one lookup.
    for _ in 0..40 {
        if let Ok(c) = std::fs::canonicalize(&p) {
            return c;
        }
        match std::fs::read_link(&p) {
            Ok(target) => p = p.parent().map(|d| d.join(&target)).unwrap_or(target),
            Err(_) => break,
        }
    }
    match (p.parent(), p.file_name()) {
        (Some(dir), Some(name)) => std::fs::canonicalize(dir)
            .map(|d| d.join(name))
            .unwrap_or(p),
        _ => p,
    }
}

/// Device and inode of the file `path` leads to, if there is one: how a hard link is known.
fn file_id(path: &Path) -> Option<(u64, u64)> {
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

pub fn write_atomic(out: &Output, bytes: &[u8], mode: u32) -> Result<()> {
    pending_bytes(out, bytes, mode)?.publish()
}

/// `bytes` written to a temporary file beside the output, ready to `publish`.
pub fn pending_bytes(out: &Output, bytes: &[u8], mode: u32) -> Result<Pending> {
    write_pending(out, mode, |w| {
        w.write_all(bytes).map_err(|e| cannot_write(&out.path, &e))
    })
}

/// Like `write_atomic`, with the content produced by `write` straight into the temporary
/// file (large outputs are never built in memory first).
pub fn write_atomic_with(
    out: &Output,
    mode: u32,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    write_pending(out, mode, write)?.publish()
}

/// An output written completely (and synced) to its temporary file, not yet under its name.
/// `publish` renames it into place; dropped unpublished, the temporary file is removed. Lets
/// a caller record what it did (in the registry) between writing and publishing, so that a
/// crash never leaves a published file the history does not know about.
pub struct Pending {
    tmp: tempfile::NamedTempFile,
    path: PathBuf,
    replace: bool,
    replaced: Replaced,
}

impl Pending {
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Puts the output under its name. Without `--force`, a file that appeared there since
    /// the check (another process) is not replaced: the rename refuses to clobber it.
    pub fn publish(self) -> Result<()> {
        if self.replace {
            let path = self.path;
            let replaced = self.replaced;
            self.tmp
                .persist(&path)
                .map_err(|e| cannot_write(&path, &e.error))?;
            replaced.let_go_in_background();
            return Ok(());
        }
        let path = self.path.clone();
        if self.publish_new()? {
            Ok(())
        } else {
            Err(InputError::OutputAppeared {
                path: path.display().to_string(),
            }
            .into())
        }
    }

    /// Publishes only if nothing is under the name yet: `Ok(false)` (and the temporary file
    /// removed) when another process got there first.
    pub fn publish_new(self) -> Result<bool> {
        let path = self.path;
        match self.tmp.persist_noclobber(&path) {
            Ok(_) => Ok(true),
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
            Err(e) => Err(cannot_write(&path, &e.error)),
        }
    }
}

/// A large file the output replaces (`--force`), held from the start of the write until
/// after the rename. The kernel frees a file's cached pages and its blocks when its last
/// name and its last user are gone: a rename over a file nobody holds does it inside the
/// rename, for a large file slowly (73 MB: 8–18 ms, a quarter of the copy that made its
/// replacement), with the command waiting (issue 17). Held, the file is freed when it is let
/// go, on a thread of its own while the command finishes (its history, written before the
/// rename, is committed after it) and exits; and its cached pages, most of that work, are
/// dropped ahead (`POSIX_FADV_DONTNEED`) by a thread at slack priority (`sched`) while the
/// output is written, which leaves a core idle most of the time (`pdf sign` of 73 MB over
/// its earlier output: 87 → 78 ms).
///
/// Only a regular file whose last name this is (one link: otherwise the rename frees nothing
/// and the pages serve its other names), on a local file system: NFS, SMB and FUSE
/// file systems rename over a file held open in two steps (the old one first moved aside or
/// deleted), which would make the replacement neither atomic nor safe. The name is opened
/// `O_PATH` and without following a symbolic link: that opens nothing (no device is touched,
/// no FIFO waited for), needs no permission, and what is checked is what is held. The pages
/// are dropped through that same file (`/proc/self/fd`), opened for reading only if catool
/// may. The cost: pages of the old file not yet written to disk (another program wrote it
/// moments ago and did not sync it) are written before they are dropped, work the rename
/// would have skipped.
struct Replaced(Option<rustix::fd::OwnedFd>);

/// Below this size a replaced file is freed about as fast as a thread starts.
const REPLACED_IN_BACKGROUND: u64 = 4 << 20;

/// File systems that rename over an open file in one step and free it at its last close:
/// ext2/3/4, XFS, Btrfs, tmpfs, F2FS, and overlayfs over them (`statfs` magic numbers).
const RENAME_OVER_HELD: [rustix::fs::FsWord; 6] = [
    0xEF53,
    0x5846_5342,
    0x9123_683E,
    0x0102_1994,
    0xF2F5_2010,
    0x794C_7630,
];

/// Whether the file system of `fd` is one of [`RENAME_OVER_HELD`].
fn renames_over_held(fd: impl rustix::fd::AsFd) -> bool {
    rustix::fs::fstatfs(fd).is_ok_and(|fs| RENAME_OVER_HELD.contains(&fs.f_type))
}

impl Replaced {
    fn hold(path: &Path) -> Replaced {
        use rustix::fs::{FileType, Mode, OFlags, fstat, open};
        let held = open(
            path,
            OFlags::PATH | OFlags::NOFOLLOW | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .ok()
        .filter(|fd| {
            fstat(fd).is_ok_and(|st| {
                FileType::from_raw_mode(st.st_mode) == FileType::RegularFile
                    && st.st_nlink == 1
                    && u64::try_from(st.st_size).is_ok_and(|n| n >= REPLACED_IN_BACKGROUND)
            }) && renames_over_held(fd)
        });
        if let Some(fd) = &held {
            use rustix::fd::AsRawFd;
            let same_file = Path::new("/proc/self/fd").join(fd.as_raw_fd().to_string());
            let reading = OFlags::RDONLY | OFlags::NONBLOCK | OFlags::NOCTTY | OFlags::CLOEXEC;
            if let Ok(ahead) = open(&same_file, reading, Mode::empty()) {
                let _ = std::thread::Builder::new()
                    .name("drop-ahead".into())
                    .spawn(move || {
                        crate::sched::yield_to_critical_path();
                        let _ = rustix::fs::fadvise(&ahead, 0, None, rustix::fs::Advice::DontNeed);
                    });
            }
        }
        Replaced(held)
    }

    /// Lets the file go on a thread nobody waits for; where no thread can be started, here.
    /// (If the command ends first, the kernel finishes freeing the file as the process
    /// exits, and the command's time includes what is left of it.)
    fn let_go_in_background(self) {
        if let Some(fd) = self.0 {
            let _ = std::thread::Builder::new()
                .name("let-go".into())
                .spawn(move || drop(fd));
        }
    }
}

/// `path` cannot be written: `e` says why.
pub fn cannot_write(path: &Path, e: &std::io::Error) -> Error {
    InputError::CannotWrite {
        path: path.display().to_string(),
        detail: e.to_string(),
    }
    .into()
}

/// Writes the content produced by `write` to a temporary file beside the output (mode
/// `mode`), synced to disk, ready to `publish`.
pub fn write_pending(
    out: &Output,
    mode: u32,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<Pending> {
    write_pending_file(out, mode, |f| write(f))
}

/// As [`write_pending`], writing to the temporary file itself (so a copy from another file
/// can be the kernel's, `copy_file_range`).
pub fn write_pending_file(
    out: &Output,
    mode: u32,
    write: impl FnOnce(&mut std::fs::File) -> Result<()>,
) -> Result<Pending> {
    let path = out.path();
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    sweep_once(dir);
    let fail = |e: std::io::Error| cannot_write(path, &e);
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
    let replaced = match out.replace {
        true => Replaced::hold(path),
        false => Replaced(None),
    };
    write(tmp.as_file_mut())?;
    tmp.as_file().sync_all().map_err(fail)?;
    Ok(Pending {
        tmp,
        path: path.to_path_buf(),
        replace: out.replace,
        replaced,
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
        write_atomic(
            &Output::internal(&dir.path().join("out.pdf")),
            b"%PDF",
            0o644,
        )
        .unwrap();
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
            write_pending(&Output::internal(&target), 0o600, move |w| {
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
    fn only_a_large_regular_file_with_one_name_is_held_for_its_replacement() {
        let dir = tempfile::tempdir().unwrap();
        let at = |name: &str| dir.path().join(name);
        let large = vec![7u8; REPLACED_IN_BACKGROUND as usize];
        std::fs::write(at("large.pdf"), &large).unwrap();
        std::fs::write(at("small.pdf"), b"%PDF").unwrap();
        std::fs::write(at("linked.pdf"), &large).unwrap();
        std::fs::hard_link(at("linked.pdf"), at("other-name.pdf")).unwrap();
        std::os::unix::fs::symlink(at("large.pdf"), at("symlink.pdf")).unwrap();
        use rustix::fs::{CWD, FileType, Mode, mknodat};
        mknodat(
            CWD,
            at("fifo.pdf"),
            FileType::Fifo,
            Mode::RUSR | Mode::WUSR,
            0,
        )
        .unwrap();
        // Held where the test's directory is on a file system that renames over a held
        // file in one step (ext4, tmpfs, overlayfs, ...), and not elsewhere (NFS, 9p, ...).
        let local = renames_over_held(std::fs::File::open(dir.path()).unwrap());
        assert_eq!(Replaced::hold(&at("large.pdf")).0.is_some(), local);
        // Nothing to free early, or nothing the rename frees; a FIFO is not opened (nothing
        // waits for a writer).
        for name in [
            "small.pdf",
            "linked.pdf",
            "symlink.pdf",
            "fifo.pdf",
            "absent.pdf",
        ] {
            assert!(Replaced::hold(&at(name)).0.is_none(), "{name}");
        }
    }

    #[test]
    fn replacing_a_large_file_publishes_the_new_bytes_and_spares_its_other_names() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.pdf");
        let old = vec![1u8; REPLACED_IN_BACKGROUND as usize];
        let new = vec![2u8; REPLACED_IN_BACKGROUND as usize + 1];
        std::fs::write(&target, &old).unwrap();
        write_atomic(&Output::internal(&target), &new, 0o644).unwrap();
        assert!(std::fs::read(&target).unwrap() == new);
        std::fs::hard_link(&target, dir.path().join("kept.pdf")).unwrap();
        write_atomic(&Output::internal(&target), &old, 0o644).unwrap();
        assert!(std::fs::read(&target).unwrap() == old);
        assert!(std::fs::read(dir.path().join("kept.pdf")).unwrap() == new);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn an_unpublished_output_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.pdf");
        let pending = write_pending(&Output::internal(&target), 0o644, |w| {
            w.write_all(b"%PDF")
                .map_err(|e| Error::Internal(e.to_string()))
        })
        .unwrap();
        assert!(!target.exists());
        drop(pending);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn protected_files_are_refused_through_links_and_even_when_absent() {
        let dir = tempfile::tempdir().unwrap();
        let reg = dir.path().join("reg.db");
        std::fs::write(&reg, b"registry").unwrap();
        let mut rules = OutputRules::new(Existing::Replace);
        rules.protect(Guarded::Registry, &reg);
        rules.protect(Guarded::RegistryWal, &dir.path().join("reg.db-wal"));
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&reg, &link).unwrap();
        let hard = dir.path().join("hard");
        std::fs::hard_link(&reg, &hard).unwrap();
        let dangling = dir.path().join("dangling");
        std::os::unix::fs::symlink("reg.db-wal", &dangling).unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let dotted = dir.path().join("sub/../reg.db");
        for out in [
            &reg,
            &link,
            &hard,
            &dangling,
            &dotted,
            &dir.path().join("reg.db-wal"),
        ] {
            let e = rules.check("--out", out).err();
            assert!(
                matches!(
                    e.as_ref().and_then(|e| e.typed::<InputError>()),
                    Some(InputError::OutputGuarded { .. })
                ),
                "{}: {e:?}",
                out.display()
            );
        }
        assert!(rules.check("--out", &dir.path().join("other")).is_ok());
    }

    #[test]
    fn an_existing_output_is_refused_unless_replacing_or_skipping() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out.pem");
        std::fs::write(&out, b"old").unwrap();
        assert!(
            OutputRules::new(Existing::Refuse)
                .check("--out", &out)
                .is_err()
        );
        assert!(
            OutputRules::new(Existing::Skip)
                .check("--out", &out)
                .is_ok()
        );
        let replace = OutputRules::new(Existing::Replace)
            .check("--out", &out)
            .unwrap();
        write_atomic(&replace, b"new", 0o644).unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"new");
        // Checked while absent, there by the time it is published: left alone.
        let late = dir.path().join("late.pem");
        let checked = OutputRules::new(Existing::Refuse)
            .check("--out", &late)
            .unwrap();
        let pending = pending_bytes(&checked, b"mine", 0o644).unwrap();
        std::fs::write(&late, b"theirs").unwrap();
        assert!(pending.publish().is_err());
        assert_eq!(std::fs::read(&late).unwrap(), b"theirs");
    }
}
