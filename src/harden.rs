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
