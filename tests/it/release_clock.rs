//! The clock override `CATOOL_NOW` exists for the test suite only: a release build must
//! ignore it (else anyone could backdate certificates, history and CRLs, or sign with an
//! expired certificate). This test builds the binary with the release profile's settings and
//! tries it; the debug binary, which obeys the override, is the control that shows the
//! attempt would be seen.
//!
//! The build uses the `release-check` profile (Cargo.toml): `release` with the optimiser
//! off. What is compiled in is decided by `cfg(debug_assertions)`, which both profiles set
//! alike (off); optimisation level, LTO and codegen units select no code. A full `--release`
//! build took some 8 minutes of this suite's 2 CPUs, `release-check` under 4 CPU-minutes.
//! The README's demo command (`cargo run --release -- demo`) and the benchmarks run the
//! real release binary.

use std::path::{Path, PathBuf};
use std::process::Command;

const DEBUG_BIN: &str = env!("CARGO_BIN_EXE_catool");
const PAST: &str = "2020-01-01T00:00:00Z";

fn release_binary() -> PathBuf {
    // target/debug/catool → target/
    let target = Path::new(DEBUG_BIN)
        .parent()
        .and_then(Path::parent)
        .expect("target directory");
    let status = Command::new(env!("CARGO"))
        .args([
            "build",
            "--profile",
            "release-check",
            "--locked",
            "--bin",
            "catool",
            "--target-dir",
        ])
        .arg(target)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .expect("run cargo build --release");
    assert!(
        status.success(),
        "cargo build --profile release-check failed"
    );
    target.join("release-check").join("catool")
}

/// `ca init` with the clock set to 2020, then the CA's creation time.
fn ca_created_at(bin: &Path) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("registry.db");
    let run = |args: &[&str]| {
        let out = Command::new(bin)
            .env("CATOOL_DB", &db)
            .env("CATOOL_NOW", PAST)
            .args(args)
            .output()
            .expect("run catool");
        assert!(
            out.status.success(),
            "{} {args:?}: {}",
            bin.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    run(&["ca", "init", "--name", "Clock CA", "--algo", "sm2"]);
    let list: serde_json::Value =
        serde_json::from_str(&run(&["--json", "ca", "list"])).expect("JSON");
    list[0]["created_at"]
        .as_str()
        .expect("created_at")
        .to_string()
}

#[test]
fn a_release_build_ignores_the_test_clock() {
    assert!(
        ca_created_at(Path::new(DEBUG_BIN)).starts_with("2020-01-01"),
        "control: the debug build should obey CATOOL_NOW"
    );
    let released = ca_created_at(&release_binary());
    let this_year = chrono::Utc::now().format("%Y").to_string();
    assert!(
        released.starts_with(&this_year),
        "the release build took CATOOL_NOW={PAST}: CA created at {released}"
    );
}

/// The premise of building with `release-check`: it is `release` with code generation
/// settings changed, nothing that selects code (debug assertions, overflow checks).
#[test]
fn the_release_check_profile_differs_from_release_only_in_code_generation() {
    let manifest =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
            .expect("Cargo.toml");
    let section = manifest
        .split("[profile.release-check]")
        .nth(1)
        .expect("a [profile.release-check] section")
        .split("\n[")
        .next()
        .unwrap_or("");
    let keys: Vec<&str> = section
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split('=').next().map(str::trim))
        .collect();
    assert!(section.contains("inherits = \"release\""), "{section}");
    for key in &keys {
        assert!(
            [
                "inherits",
                "opt-level",
                "lto",
                "codegen-units",
                "incremental"
            ]
            .contains(key),
            "release-check sets {key}, which may change what is compiled in"
        );
    }
}

/// The panic switch of the crash tests (`CATOOL_PANIC_FOR_TEST`) is not in a release build
/// either: the command runs as asked.
#[test]
fn a_release_build_ignores_the_panic_switch() {
    let bin = release_binary();
    let dir = tempfile::tempdir().expect("tempdir");
    let out = Command::new(&bin)
        .env("CATOOL_DB", dir.path().join("registry.db"))
        .env("CATOOL_PANIC_FOR_TEST", "1")
        .args(["--json", "person", "list"])
        .output()
        .expect("run catool");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
