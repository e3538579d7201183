//! Scheduling hints for catool's own threads: which of them may wait when the cores are
//! busy. Nothing here changes what a command computes, only the order the kernel runs its
//! threads in.

/// The niceness a thread with slack runs at: the kernel then gives it about a tenth of a
/// core another thread of the process wants (CFS weights 110 against 1024), and all of an
/// idle one.
pub const SLACK_NICENESS: i32 = 10;

/// Lowers the calling thread's priority to [`SLACK_NICENESS`]: for work that runs beside
/// the command's critical path and is needed only at its end. `pdf sign` unseals the key
/// (Argon2id, about 20 ms of one core) while it copies and hashes the document; on two
/// cores the three threads took turns, and the copy and the hash, which the signature waits
/// for, finished later by the time Argon2id took from them (a 73 MB document: 112 ms, 91 ms
/// with the unsealing at this niceness, issue 17). Raising one's own niceness needs no
/// privilege; where the kernel refuses anyway, the thread runs as it would have.
pub fn yield_to_critical_path() {
    // Linux applies PRIO_PROCESS with a thread id to that thread alone. A thread started
    // nicer than this (the whole command run under `nice`) stays as it is.
    let me = Some(rustix::thread::gettid());
    if rustix::process::getpriority_process(me).is_ok_and(|now| now < SLACK_NICENESS) {
        let _ = rustix::process::setpriority_process(me, SLACK_NICENESS);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_thread_with_slack_runs_at_lower_priority_and_the_others_do_not() {
        let main_before = rustix::process::getpriority_process(Some(rustix::thread::gettid()));
        let inside = std::thread::spawn(|| {
            yield_to_critical_path();
            rustix::process::getpriority_process(Some(rustix::thread::gettid()))
        })
        .join();
        let started = main_before.as_ref().map_or(0, |p| *p);
        assert!(
            matches!(inside, Ok(Ok(n)) if n == started.max(SLACK_NICENESS)),
            "{inside:?}"
        );
        let main_after = rustix::process::getpriority_process(Some(rustix::thread::gettid()));
        assert_eq!(main_before.ok(), main_after.ok());
    }
}
