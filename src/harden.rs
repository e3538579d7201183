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

/// No transparent huge pages for this process's allocations: a huge page touched by one
/// small allocation is 2 MiB of memory the kernel first zeroes. With them `pdf sign` of a
/// 73 MB file peaked at 67 MiB instead of 41 (issue 17: ≤ 64 MiB) and an unchanged CRL spent
/// a third of its time zeroing pages. mimalloc is built not to ask for them (its `no_thp`
/// feature: its madvise before `main` outlived any switch here). Where the system gives
/// them to every allocation (`always`), this switches them off for the whole process,
/// SQLite's and glibc's memory too. Where it gives them only to memory that asks (`madvise`,
/// the default of Debian's and Ubuntu's kernels) or never, nothing is switched: the one
/// mapping that asks is the Argon2id memory (`pki::kdf_memory`), which is faster on them.
/// Only a speed and memory choice: when the kernel refuses (no THP support), catool goes on.
pub fn no_huge_pages() {
    if huge_pages_for_every_allocation() {
        let _ = rustix::thread::disable_transparent_huge_pages(true);
    }
}

/// Whether the kernel's THP mode is `always` (or cannot be read: then as if it were).
fn huge_pages_for_every_allocation() -> bool {
    std::fs::read_to_string("/sys/kernel/mm/transparent_hugepage/enabled")
        .map_or(true, |mode| thp_mode_is_always(&mode))
}

/// The selected mode of `/sys/kernel/mm/transparent_hugepage/enabled` is in brackets:
/// `always [madvise] never`.
fn thp_mode_is_always(mode: &str) -> bool {
    mode.contains("[always]")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_always_mode_switches_huge_pages_off() {
        assert!(thp_mode_is_always("[always] madvise never\n"));
        assert!(!thp_mode_is_always("always [madvise] never\n"));
        assert!(!thp_mode_is_always("always madvise [never]\n"));
    }
}
