//! Hardening of the catool process itself, done first thing at start.

use crate::error::{Error, Result};

/// No core dumps: a crash (or `kill -SEGV`, `gcore`) would otherwise write the master key,
/// PINs and unlocked private keys to disk, where nothing wipes them. RLIMIT_CORE 0 (soft
/// and hard, so nothing in the process raises it again) stops core files; PR_SET_DUMPABLE 0
/// also stops core_pattern pipe handlers (systemd-coredump, apport ignore RLIMIT_CORE) and
/// ptrace by other processes of the same user.
pub fn no_core_dumps() -> Result<()> {
    use rustix::process::{DumpableBehavior, Resource, Rlimit, set_dumpable_behavior, setrlimit};
    let fail = |what: &str, e: rustix::io::Errno| {
        Error::Internal(format!(
            "cannot switch core dumps off ({what}: {e}); catool does not run with secrets that a crash could write to disk"
        ))
    };
    setrlimit(
        Resource::Core,
        Rlimit {
            current: Some(0),
            maximum: Some(0),
        },
    )
    .map_err(|e| fail("setrlimit RLIMIT_CORE", e))?;
    set_dumpable_behavior(DumpableBehavior::NotDumpable)
        .map_err(|e| fail("prctl PR_SET_DUMPABLE", e))?;
    Ok(())
}

/// No transparent huge pages for this process: a huge page touched by one small allocation
/// is 2 MiB of memory the kernel first zeroes. With them `pdf sign` of a 73 MB file peaked at
/// 67 MiB instead of 41 (issue 17: ≤ 64 MiB) and an unchanged CRL spent a third of its time
/// zeroing pages. mimalloc is also built not to ask for them (its `no_thp` feature: its
/// madvise before `main` outlived this switch); this one covers SQLite's and glibc's memory
/// where the system default is `always`. Only a speed and memory choice: when the kernel
/// refuses (no THP support), catool goes on.
pub fn no_huge_pages() {
    let _ = rustix::thread::disable_transparent_huge_pages(true);
}
