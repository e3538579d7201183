//! The directory an output goes into, opened once when the output is checked and held until
//! it is published: every later step (the temporary file, the rename, the sweep of files
//! killed writers left) names files *relative to that open directory*, never by its path
//! again. A path is looked up anew each time it is used; a directory of it that is a
//! symbolic link, retargeted between the check and the rename (at the registry's directory,
//! say), would otherwise send the rename somewhere the check never looked.

use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use rustix::fd::OwnedFd;
use rustix::fs::{AtFlags, FileType, Mode, OFlags, RenameFlags, Stat};

/// A directory held open (`O_PATH`: nothing read, no permission needed beyond reaching it).
#[derive(Debug)]
pub(super) struct HeldDir(OwnedFd);

/// Device and inode: what a file is, whatever its name.
pub(super) type FileId = (u64, u64);

fn id_of(st: &Stat) -> FileId {
    (st.st_dev, st.st_ino)
}

/// What a name in the directory leads to, its last symbolic link followed.
pub(super) enum Target {
    Absent,
    Directory,
    /// A device, FIFO or socket: never replaced by a file.
    NotRegular,
    Regular(FileId),
}

impl HeldDir {
    /// Opens `dir` (following its symbolic links, as a path would be followed) and holds it.
    pub(super) fn open(dir: &Path) -> std::io::Result<HeldDir> {
        let flags = OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC;
        Ok(HeldDir(rustix::fs::open(dir, flags, Mode::empty())?))
    }

    /// The directory's own identity.
    pub(super) fn id(&self) -> std::io::Result<FileId> {
        Ok(id_of(&rustix::fs::fstat(&self.0)?))
    }

    /// What `name` leads to (its last symbolic link followed).
    pub(super) fn target(&self, name: &OsStr) -> Target {
        match rustix::fs::statat(&self.0, name, AtFlags::empty()) {
            Err(_) => Target::Absent,
            Ok(st) => match FileType::from_raw_mode(st.st_mode) {
                FileType::Directory => Target::Directory,
                FileType::RegularFile => Target::Regular(id_of(&st)),
                _ => Target::NotRegular,
            },
        }
    }

    /// Whether `name` is a symbolic link (dangling or not).
    pub(super) fn is_link(&self, name: &OsStr) -> bool {
        rustix::fs::statat(&self.0, name, AtFlags::SYMLINK_NOFOLLOW)
            .is_ok_and(|st| FileType::from_raw_mode(st.st_mode) == FileType::Symlink)
    }

    /// Whether anything, a dangling symbolic link too, has the name `name`.
    pub(super) fn has(&self, name: &OsStr) -> bool {
        rustix::fs::statat(&self.0, name, AtFlags::SYMLINK_NOFOLLOW).is_ok()
    }

    /// Creates a new file `name` (never an existing one, never through a symbolic link),
    /// readable and writable, mode `mode` whatever the umask.
    pub(super) fn create_new(&self, name: &OsStr, mode: u32) -> std::io::Result<std::fs::File> {
        let flags = OFlags::RDWR | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW;
        let fd = rustix::fs::openat(
            &self.0,
            name,
            flags | OFlags::CLOEXEC,
            Mode::from_raw_mode(0o600),
        )?;
        rustix::fs::fchmod(&fd, Mode::from_raw_mode(mode))?;
        Ok(std::fs::File::from(fd))
    }

    /// Opens `name` to read, without following a symbolic link, waiting for nothing (a FIFO).
    pub(super) fn open_to_read(&self, name: &OsStr) -> std::io::Result<std::fs::File> {
        let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::NOCTTY;
        let fd = rustix::fs::openat(&self.0, name, flags | OFlags::CLOEXEC, Mode::empty())?;
        Ok(std::fs::File::from(fd))
    }

    /// Holds `name` itself (`O_PATH`, its symbolic link not followed: nothing is opened).
    pub(super) fn hold(&self, name: &OsStr) -> std::io::Result<OwnedFd> {
        let flags = OFlags::PATH | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        Ok(rustix::fs::openat(&self.0, name, flags, Mode::empty())?)
    }

    pub(super) fn remove(&self, name: &OsStr) -> std::io::Result<()> {
        Ok(rustix::fs::unlinkat(&self.0, name, AtFlags::empty())?)
    }

    /// Renames `from` to `to`, replacing what `to` names (a symbolic link itself, not what it
    /// points at).
    pub(super) fn rename_over(&self, from: &OsStr, to: &OsStr) -> std::io::Result<()> {
        Ok(rustix::fs::renameat(&self.0, from, &self.0, to)?)
    }

    /// Renames `from` to `to` only if nothing has that name: `Ok(false)` if something does.
    pub(super) fn rename_new(&self, from: &OsStr, to: &OsStr) -> std::io::Result<bool> {
        use rustix::io::Errno;
        let fd = &self.0;
        match rustix::fs::renameat_with(fd, from, fd, to, RenameFlags::NOREPLACE) {
            Ok(()) => Ok(true),
            Err(Errno::EXIST) => Ok(false),
            // File systems without the flag: a hard link is created only where no name is,
            // and the temporary name then goes.
            Err(Errno::INVAL) | Err(Errno::NOSYS) => {
                match rustix::fs::linkat(fd, from, fd, to, AtFlags::empty()) {
                    Ok(()) => {
                        let _ = self.remove(from);
                        Ok(true)
                    }
                    Err(Errno::EXIST) => Ok(false),
                    Err(e) => Err(e.into()),
                }
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The names in the directory (none if it cannot be listed).
    pub(super) fn names(&self) -> Vec<OsString> {
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
        let Ok(listing) = rustix::fs::openat(&self.0, ".", flags, Mode::empty()) else {
            return Vec::new();
        };
        let Ok(dir) = rustix::fs::Dir::read_from(&listing) else {
            return Vec::new();
        };
        dir.flatten()
            .map(|e| OsStr::from_bytes(e.file_name().to_bytes()).to_os_string())
            .filter(|n| n != "." && n != "..")
            .collect()
    }
}
