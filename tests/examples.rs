//! The shell scripts in examples/ are what operators copy: they must keep working.

mod common;
use common::*;

fn run_example(name: &str) -> String {
    require_tool("jq", "apt-get install jq");
    let env = Env::new();
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name);
    let out = std::process::Command::new("bash")
        .arg(&script)
        .env("CATOOL", BIN)
        .env("CATOOL_DB", &env.db)
        .env("WORKDIR", env.dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "examples/{name} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

#[test]
fn onboard_example_onboards_an_enterprise() {
    let out = run_example("onboard.sh");
    assert!(out.contains("package 1 with 3 slots"), "{out}");
    assert!(out.contains("intact"), "{out}");
}
