//! Output files: every file catool writes for a user goes through here.
//!
//! *Where* it may write is decided once per output, before any work, by [`OutputRules`]:
//! never over the registry (nor its `-wal`, `-shm`, `-journal`), the master key, or an input
//! of the same command, whatever the flags, and never over an existing file unless the user
//! said `--force`. Only a checked [`Output`] can be written, so no command can skip the check.
//!
//! *How* it is written: to a temporary file beside the target, synced, and renamed into
//! place, so a crash or a full disk never leaves a half-written file under the name the user
//! asked for (`sweep`: the temporary files of killed processes).
//!
//! *Which* directory: the one that was checked. The check records the directory's identity
//! (device and inode); writing opens it again, refuses if it is another one by then, and
//! holds it (`held_dir`) while the temporary file and the rename name files relative to it:
//! a directory of the path that is a symbolic link, retargeted meanwhile, writes nothing
//! anywhere. (Held from the check on, a batch's outputs in a thousand directories would
//! hold a thousand descriptors.)

mod held_dir;
mod replaced;
mod sweep;

use std::ffi::OsString;
use std::io::Write;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::input_error::{Guarded, InputError};

use held_dir::{FileId, HeldDir, Target};
use replaced::Replaced;
pub use sweep::sweep_once;

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
    /// The file's own identity, if it exists: how a hard link to it is known.
    id: Option<FileId>,
    /// Its directory's identity and its name there (it need not exist): how an output is
    /// known to be it by the directory that is held, whatever path led there.
    place: Option<(FileId, OsString)>,
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
        let resolved = resolve(path);
        let place = match (resolved.parent(), resolved.file_name()) {
            (Some(dir), Some(name)) => file_id(dir).map(|d| (d, name.to_os_string())),
            _ => None,
        };
        self.protected.push(Protected {
            what,
            path: path.to_path_buf(),
            id: file_id(path),
            resolved,
            place,
        });
    }

    /// An input of this command (`flag` names it: `--pin-file`, `PHOTO`): never an output.
    pub fn input(&mut self, flag: &str, path: &Path) {
        self.protect(Guarded::Input(flag.to_string()), path);
    }

    /// Checks one output (`flag` names it in messages) and returns it, ready to be written
    /// into the directory checked, which it holds. Refused, even with `--force`: the
    /// registry, its WAL files, the master key, any input of the command, also through a
    /// symbolic or hard link (same resolved path, same place in the same directory, or the
    /// same device and inode); a symbolic link (catool never writes through one nor
    /// replaces one); a device, FIFO or socket. Refused without `--force`: a file that
    /// exists. A directory.
    pub fn check(&self, flag: &str, path: &Path) -> Result<Output> {
        let is_directory = || -> Error {
            InputError::OutputIsDirectory {
                flag: flag.to_string(),
                path: path.display().to_string(),
            }
            .into()
        };
        // `a/..` and `/` name no file in a directory; `a/` names a directory.
        let trailing_slash = path.as_os_str().as_encoded_bytes().ends_with(b"/");
        let name = path
            .file_name()
            .filter(|_| !trailing_slash)
            .ok_or_else(is_directory)?
            .to_os_string();
        let dir = HeldDir::open(parent_of(path)).map_err(|e| cannot_write(path, &e))?;
        let dir_id = dir.id().map_err(|e| cannot_write(path, &e))?;
        let target = dir.target(&name);
        let resolved = resolve(path);
        for p in &self.protected {
            let same_place = p.place.as_ref() == Some(&(dir_id, name.clone()));
            let same_file = matches!(target, Target::Regular(id) if p.id == Some(id));
            if same_place || same_file || p.resolved == resolved {
                return Err(InputError::OutputGuarded {
                    flag: flag.to_string(),
                    path: path.display().to_string(),
                    what: p.what.clone(),
                    guarded: p.path.display().to_string(),
                }
                .into());
            }
        }
        if let Target::Directory = target {
            return Err(is_directory());
        }
        // Replacing a link would not write where it points (what the user may mean), and
        // writing where it points is how a planted link sends a `--force` run as root into
        // /etc: neither, the name given must be the file's own.
        if dir.is_link(&name) {
            return Err(InputError::OutputIsLink {
                flag: flag.to_string(),
                path: path.display().to_string(),
            }
            .into());
        }
        match target {
            Target::Directory => return Err(is_directory()),
            Target::NotRegular => {
                return Err(InputError::OutputNotRegular {
                    flag: flag.to_string(),
                    path: path.display().to_string(),
                }
                .into());
            }
            Target::Absent | Target::Regular(_) => {}
        }
        if dir.has(&name) && self.existing == Existing::Refuse {
            return Err(InputError::OutputExists {
                flag: flag.to_string(),
                path: path.display().to_string(),
                skip_offered: self.skip_offered,
            }
            .into());
        }
        Ok(Output {
            path: path.to_path_buf(),
            dir: parent_of(path).to_path_buf(),
            dir_id,
            name,
            replace: self.existing == Existing::Replace,
        })
    }
}

/// The directory `path` names a file in (`.` for a bare name).
fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// An output path that passed [`OutputRules::check`] (or a file of catool's own): its
/// directory, which directory that was, and its name there.
#[derive(Debug, Clone)]
pub struct Output {
    /// As the user gave it: what messages say.
    path: PathBuf,
    dir: PathBuf,
    dir_id: FileId,
    name: OsString,
    /// Whether publishing may replace a file that is there by then.
    replace: bool,
}

impl Output {
    /// A file catool itself owns and creates (the master key, the demo's workspace, the man
    /// pages): not a user's output, so not checked; replaced when published.
    pub fn internal(path: &Path) -> Result<Output> {
        let name = path.file_name().ok_or_else(|| {
            cannot_write(
                path,
                &std::io::Error::from(std::io::ErrorKind::IsADirectory),
            )
        })?;
        let dir = parent_of(path);
        let held = HeldDir::open(dir).map_err(|e| cannot_write(path, &e))?;
        Ok(Output {
            path: path.to_path_buf(),
            dir: dir.to_path_buf(),
            dir_id: held.id().map_err(|e| cannot_write(path, &e))?,
            name: name.to_os_string(),
            replace: true,
        })
    }

    /// Its directory, opened again and held: refused if it is not the one checked (a link
    /// on its path was retargeted since).
    fn reopen(&self) -> Result<HeldDir> {
        let held = HeldDir::open(&self.dir).map_err(|e| cannot_write(&self.path, &e))?;
        if held.id().map_err(|e| cannot_write(&self.path, &e))? != self.dir_id {
            return Err(InputError::OutputDirChanged {
                path: self.path.display().to_string(),
            }
            .into());
        }
        Ok(held)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// `path` with every symbolic link followed (a dangling last one too), made absolute; for a
/// file that does not exist, its directory resolved plus its name.
pub fn resolve(path: &Path) -> PathBuf {
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
    resolve_ancestors(&p)
}

/// `path` with its directories' symbolic links followed and its own name kept (a link named
/// there stays that link), made absolute.
pub fn resolve_dir(path: &Path) -> PathBuf {
    resolve_ancestors(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()))
}

/// `p` with its deepest directory that exists resolved (links followed) and the names below
/// it kept as they are: a directory not created yet is no reason to leave the links above
/// it for a later lookup to follow (wherever they point by then). As given when no
/// directory of it resolves, or a `..` stands below one that does not exist.
fn resolve_ancestors(p: &Path) -> PathBuf {
    let mut below = Vec::new();
    let mut at = p;
    while let (Some(parent), Some(name)) = (at.parent(), at.file_name()) {
        below.push(name);
        if let Ok(dir) = std::fs::canonicalize(parent) {
            return below.iter().rev().fold(dir, |path, name| path.join(name));
        }
        at = parent;
    }
    p.to_path_buf()
}

/// Device and inode of the file `path` leads to, if there is one: how a hard link is known.
fn file_id(path: &Path) -> Option<FileId> {
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
    tmp: Temporary,
    out: Output,
    replaced: Replaced,
}

/// The temporary file in the held directory; removed when dropped, unless renamed.
struct Temporary {
    dir: HeldDir,
    name: OsString,
    file: std::fs::File,
    renamed: bool,
}

impl Drop for Temporary {
    fn drop(&mut self) {
        if !self.renamed {
            let _ = self.dir.remove(&self.name);
        }
    }
}

impl Pending {
    pub fn path(&self) -> &Path {
        &self.out.path
    }

    /// Puts the output under its name. Without `--force`, a file that appeared there since
    /// the check (another process) is not replaced: the rename refuses to clobber it.
    pub fn publish(self) -> Result<()> {
        if self.out.replace {
            let mut tmp = self.tmp;
            tmp.dir
                .rename_over(&tmp.name, &self.out.name)
                .map_err(|e| cannot_write(&self.out.path, &e))?;
            tmp.renamed = true;
            self.replaced.let_go_in_background();
            return Ok(());
        }
        let path = self.out.path.clone();
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
        let mut tmp = self.tmp;
        let published = tmp
            .dir
            .rename_new(&tmp.name, &self.out.name)
            .map_err(|e| cannot_write(&self.out.path, &e))?;
        tmp.renamed = published;
        Ok(published)
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
    let dir = out.reopen()?;
    sweep::sweep_held_once(&dir, &out.dir);
    let fail = |e: std::io::Error| cannot_write(path, &e);
    let replaced = match out.replace {
        true => Replaced::hold(&dir, &out.name),
        false => Replaced(None),
    };
    let mut tmp = create_temporary(dir, mode).map_err(fail)?;
    // Held for the file's life (the kernel drops it if the process dies): how a sweep tells
    // a live writer's file from a dead one's.
    tmp.file.lock().map_err(fail)?;
    write(&mut tmp.file)?;
    tmp.file.sync_all().map_err(fail)?;
    Ok(Pending {
        tmp,
        out: out.clone(),
        replaced,
    })
}

/// A new temporary file in `dir` (a fresh random name if one is taken).
fn create_temporary(dir: HeldDir, mode: u32) -> std::io::Result<Temporary> {
    let mut tries = 0;
    loop {
        let name = sweep::temporary_name()?;
        match dir.create_new(&name, mode) {
            Ok(file) => {
                return Ok(Temporary {
                    dir,
                    name,
                    file,
                    renamed: false,
                });
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && tries < 8 => tries += 1,
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            &Output::internal(&dir.path().join("out.pdf")).unwrap(),
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
            write_pending(&Output::internal(&target).unwrap(), 0o600, move |w| {
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
    fn replacing_a_large_file_publishes_the_new_bytes_and_spares_its_other_names() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.pdf");
        let old = vec![1u8; replaced::REPLACED_IN_BACKGROUND as usize];
        let new = vec![2u8; replaced::REPLACED_IN_BACKGROUND as usize + 1];
        std::fs::write(&target, &old).unwrap();
        write_atomic(&Output::internal(&target).unwrap(), &new, 0o644).unwrap();
        assert!(std::fs::read(&target).unwrap() == new);
        std::fs::hard_link(&target, dir.path().join("kept.pdf")).unwrap();
        write_atomic(&Output::internal(&target).unwrap(), &old, 0o644).unwrap();
        assert!(std::fs::read(&target).unwrap() == old);
        assert!(std::fs::read(dir.path().join("kept.pdf")).unwrap() == new);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn an_unpublished_output_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.pdf");
        let pending = write_pending(&Output::internal(&target).unwrap(), 0o644, |w| {
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

    #[test]
    fn an_output_whose_directory_link_was_retargeted_since_the_check_is_not_written() {
        let dir = tempfile::tempdir().unwrap();
        let at = |name: &str| dir.path().join(name);
        std::fs::create_dir(at("safe")).unwrap();
        std::fs::create_dir(at("guarded")).unwrap();
        std::fs::write(at("guarded/reg.db"), b"registry").unwrap();
        std::os::unix::fs::symlink("safe", at("dl")).unwrap();
        let mut rules = OutputRules::new(Existing::Replace);
        rules.protect(Guarded::Registry, &at("guarded/reg.db"));
        let out = rules.check("--out", &at("dl/reg.db")).unwrap();
        // Retargeted between the check and the write.
        std::fs::remove_file(at("dl")).unwrap();
        std::os::unix::fs::symlink("guarded", at("dl")).unwrap();
        let e = write_atomic(&out, b"%PDF", 0o644).err();
        assert!(matches!(
            e.as_ref().and_then(|e| e.typed::<InputError>()),
            Some(InputError::OutputDirChanged { .. })
        ));
        assert_eq!(std::fs::read(at("guarded/reg.db")).unwrap(), b"registry");
        assert_eq!(std::fs::read_dir(at("guarded")).unwrap().count(), 1);
        assert_eq!(std::fs::read_dir(at("safe")).unwrap().count(), 0);
    }

    #[test]
    fn an_output_in_the_protected_files_directory_is_refused_by_place_not_only_by_path() {
        let dir = tempfile::tempdir().unwrap();
        let at = |name: &str| dir.path().join(name);
        std::fs::create_dir(at("guarded")).unwrap();
        let mut rules = OutputRules::new(Existing::Replace);
        // Absent, as the WAL is between commands: known by its directory and name.
        rules.protect(Guarded::RegistryWal, &at("guarded/reg.db-wal"));
        std::os::unix::fs::symlink("guarded", at("dl")).unwrap();
        let e = rules.check("--out", &at("dl/reg.db-wal")).err();
        assert!(matches!(
            e.as_ref().and_then(|e| e.typed::<InputError>()),
            Some(InputError::OutputGuarded { .. })
        ));
    }

    #[test]
    fn fifos_and_symbolic_links_dangling_or_not_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let at = |name: &str| dir.path().join(name);
        use rustix::fs::{CWD, FileType, Mode, mknodat};
        mknodat(CWD, at("fifo"), FileType::Fifo, Mode::RUSR | Mode::WUSR, 0).unwrap();
        std::os::unix::fs::symlink("/dev/null", at("null")).unwrap();
        std::os::unix::fs::symlink("nowhere", at("dangling")).unwrap();
        std::fs::write(at("file"), b"x").unwrap();
        std::os::unix::fs::symlink("file", at("to-file")).unwrap();
        let rules = OutputRules::new(Existing::Replace);
        let refusal = |name: &str| {
            let e = rules.check("--out", &at(name)).err();
            match e.as_ref().and_then(|e| e.typed::<InputError>()) {
                Some(InputError::OutputNotRegular { .. }) => "not regular",
                Some(InputError::OutputIsLink { .. }) => "link",
                _ => panic!("{name}: {e:?}"),
            }
        };
        assert_eq!(refusal("fifo"), "not regular");
        for name in ["null", "dangling", "to-file"] {
            assert_eq!(refusal(name), "link", "{name}");
            assert!(std::fs::symlink_metadata(at(name)).unwrap().is_symlink());
        }
    }

    #[test]
    fn a_path_naming_no_file_is_refused_as_a_directory() {
        let rules = OutputRules::new(Existing::Replace);
        for path in ["/", "a/..", "new/"] {
            let e = rules.check("--out", Path::new(path)).err();
            assert!(
                matches!(
                    e.as_ref().and_then(|e| e.typed::<InputError>()),
                    Some(InputError::OutputIsDirectory { .. })
                ),
                "{path}: {e:?}"
            );
        }
    }

    #[test]
    fn checked_outputs_hold_no_descriptors() {
        let dir = tempfile::tempdir().unwrap();
        let open_fds = || std::fs::read_dir("/proc/self/fd").unwrap().count();
        let rules = OutputRules::new(Existing::Refuse);
        for i in 0..1000 {
            std::fs::create_dir(dir.path().join(i.to_string())).unwrap();
        }
        let before = open_fds();
        let outputs: Vec<Output> = (0..2000)
            .map(|i| {
                let sub = dir.path().join((i % 1000).to_string());
                rules.check("--out", &sub.join(format!("{i}.pdf"))).unwrap()
            })
            .collect();
        // Other tests of this process open files meanwhile: a loose bound, far below 2000
        // (a batch's outputs may be in as many directories).
        assert!(
            open_fds() < before + 100,
            "{} descriptors",
            open_fds() - before
        );
        drop(outputs);
    }
}
