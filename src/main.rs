#![forbid(unsafe_code)]

// mimalloc rather than glibc's malloc: threads that free what another thread allocated (the
// history walk hands events to the replay thread) contend on glibc's arena locks, and its
// small-object paths were a sixth of `log verify`'s CPU (issue 17, measured with perf).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    catool::cli::main()
}
