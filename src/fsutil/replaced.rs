//! A large file an output replaces (`--force`): held across the rename so that freeing it
//! happens off the command's critical path (issue 17).

use std::ffi::OsStr;
use std::path::Path;

use super::held_dir::HeldDir;

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
pub(super) struct Replaced(pub(super) Option<rustix::fd::OwnedFd>);

/// Below this size a replaced file is freed about as fast as a thread starts.
pub(super) const REPLACED_IN_BACKGROUND: u64 = 4 << 20;

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
pub(super) fn renames_over_held(fd: impl rustix::fd::AsFd) -> bool {
    rustix::fs::fstatfs(fd).is_ok_and(|fs| RENAME_OVER_HELD.contains(&fs.f_type))
}

impl Replaced {
    /// Holds what `name` in `dir` is, if it is worth holding (see above).
    pub(super) fn hold(dir: &HeldDir, name: &OsStr) -> Replaced {
        use rustix::fs::{FileType, Mode, OFlags, fstat, open};
        let held = dir.hold(name).ok().filter(|fd| {
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
    pub(super) fn let_go_in_background(self) {
        if let Some(fd) = self.0 {
            let _ = std::thread::Builder::new()
                .name("let-go".into())
                .spawn(move || drop(fd));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let held = HeldDir::open(dir.path()).unwrap();
        let hold = |name: &str| Replaced::hold(&held, std::ffi::OsStr::new(name));
        assert_eq!(hold("large.pdf").0.is_some(), local);
        // Nothing to free early, or nothing the rename frees; a FIFO is not opened (nothing
        // waits for a writer).
        for name in [
            "small.pdf",
            "linked.pdf",
            "symlink.pdf",
            "fifo.pdf",
            "absent.pdf",
        ] {
            assert!(hold(name).0.is_none(), "{name}");
        }
    }
}
