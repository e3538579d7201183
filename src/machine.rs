//! Which machine and which OS account a command runs on: what every history event records
//! besides the actor (issue 18), so that a registry several desks write (PostgreSQL) says
//! from where each command came. Both are read from the operating system, never from
//! variables the caller sets (`HOSTNAME`, `USER`, `LOGNAME` are whatever the caller's shell
//! says); they describe the machine as its kernel and account database see it. Neither is
//! proof of anything against the machine's own administrator, who can rename the host or the
//! account: they are a record, kept under the event's MAC so nobody changes them afterwards.

use std::sync::OnceLock;

/// The host name and OS user name of this process, read once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Machine {
    pub host: String,
    pub os_user: String,
}

/// This process's machine and account (read on first use, then kept: neither changes while
/// a command runs).
pub fn current() -> &'static Machine {
    static CURRENT: OnceLock<Machine> = OnceLock::new();
    CURRENT.get_or_init(|| Machine {
        host: host(),
        os_user: os_user(),
    })
}

/// The kernel's host name (`gethostname`), else `/proc/sys/kernel/hostname`, else `unknown`.
fn host() -> String {
    whoami::hostname()
        .ok()
        .and_then(clean)
        .or_else(|| {
            std::fs::read_to_string("/proc/sys/kernel/hostname")
                .ok()
                .and_then(clean)
        })
        .unwrap_or_else(|| "unknown".to_string())
}

/// The account name of the effective user id (`getpwuid_r(geteuid())`, through NSS: local,
/// LDAP or SSSD accounts alike) — the account whose rights the command runs with, which is
/// what can read the master key — else that user id as a number. The environment's `USER`
/// is never read: a user id always exists, so it is never needed as a last fallback, and it
/// is whatever the caller's shell says.
fn os_user() -> String {
    whoami::username()
        .ok()
        .and_then(clean)
        .unwrap_or_else(|| rustix::process::geteuid().as_raw().to_string())
}

/// A name as recorded: trimmed, never empty, at most 255 characters (a host name's limit).
fn clean(name: String) -> Option<String> {
    let t = name.trim();
    (!t.is_empty()).then(|| t.chars().take(255).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_machine_is_read_from_the_os_and_never_empty() {
        let m = current();
        assert!(!m.host.is_empty());
        assert!(!m.os_user.is_empty());
        let kernel = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap();
        assert_eq!(m.host, kernel.trim());
        // Not from the environment: the name of the effective uid.
        let uid = rustix::process::geteuid().as_raw();
        let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
        if let Some(name) = passwd
            .lines()
            .map(|l| l.split(':').collect::<Vec<_>>())
            .find(|f| f.len() > 2 && f[2] == uid.to_string())
            .map(|f| f[0].to_string())
        {
            assert_eq!(m.os_user, name);
        }
    }

    #[test]
    fn names_are_trimmed_and_an_empty_one_is_none() {
        assert_eq!(clean(" desk-3\n".into()).as_deref(), Some("desk-3"));
        assert_eq!(clean("  ".into()), None);
        assert_eq!(clean("a".repeat(300)).map(|s| s.len()), Some(255));
    }
}
