//! The clock override `CATOOL_NOW` exists for the test suite only: a release build must
//! ignore it (else anyone could backdate certificates, history and CRLs, or sign with an
//! expired certificate). This test builds the release binary the way a user does
//! (`cargo build --release`) and tries it; the debug binary, which obeys the override, is
//! the control that shows the attempt would be seen.

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
            "--release",
            "--locked",
            "--bin",
            "catool",
            "--target-dir",
        ])
        .arg(target)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .expect("run cargo build --release");
    assert!(status.success(), "cargo build --release failed");
    target.join("release").join("catool")
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
