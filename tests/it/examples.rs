//! The shell scripts in examples/ are what operators copy: they must keep working.

use crate::common;
use common::*;

#[test]
fn onboard_example_onboards_an_enterprise() {
    require_tool("jq", "apt-get install jq");
    let out = example(&Env::new(), "onboard.sh", &[]);
    assert!(out.contains("package 1 with 3 slots"), "{out}");
    assert!(out.contains("intact"), "{out}");
}

#[test]
fn issue_example_batch_issues_every_personal_slot() {
    require_tool("jq", "apt-get install jq");
    let env = Env::new();
    let out = example(&env, "issue.sh", &[]);
    assert!(out.contains("issued 2 certificates"), "{out}");
    assert_eq!(
        env.json(&["cert", "list", "--status", "active"])
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn lost_pin_example_reissues_and_publishes_a_crl() {
    require_tool("jq", "apt-get install jq");
    let env = Env::new();
    example(&env, "issue.sh", &[]);
    std::fs::write(env.path("new.pin"), "246810\n").unwrap();
    let out_dir = env.path("support");
    let out = example(
        &env,
        "lost_pin.sh",
        &[
            "1",
            env.path("new.pin").to_str().unwrap(),
            out_dir.to_str().unwrap(),
        ],
    );
    assert!(out.contains("reissued as certificate 3"), "{out}");
    assert!(out_dir.join("cert-3.p12").is_file());
    assert!(out_dir.join("ca-1.crl").is_file());
    env.ok(&[
        "cert",
        "verify-pin",
        "--cert",
        "3",
        "--pin-file",
        env.path("new.pin").to_str().unwrap(),
    ]);
}

/// Runs examples/NAME against `env`'s registry with its directory as WORKDIR.
fn example(env: &Env, name: &str, args: &[&str]) -> String {
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name);
    let out = std::process::Command::new("bash")
        .arg(&script)
        .args(args)
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
fn seals_example_makes_assigns_and_grants_seals() {
    require_tool("jq", "apt-get install jq");
    let env = Env::new();
    let out = example(&env, "seals.sh", &[]);
    assert!(out.contains("may use seal 1"), "{out}");
    assert_eq!(env.json(&["seal", "list"]).as_array().unwrap().len(), 4);
}

#[test]
fn batch_stamp_example_stamps_a_folder_and_reports_a_broken_file() {
    require_tool("jq", "apt-get install jq");
    require_tool("qpdf", "apt-get install qpdf");
    let env = Env::new();
    let inbox = env.path("inbox");
    std::fs::create_dir(&inbox).unwrap();
    let contract = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/contract.pdf");
    for i in 1..=3 {
        std::fs::copy(&contract, inbox.join(format!("contract{i}.pdf"))).unwrap();
    }
    std::fs::write(inbox.join("broken.pdf"), b"not a pdf").unwrap();
    let seal = env.path("seal.png");
    env.ok(&["demo", "--dir", env.path("demo").to_str().unwrap()]);
    std::fs::copy(env.path("demo/seal-official.png"), &seal).unwrap();
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/batch_stamp.sh");
    let out = std::process::Command::new("bash")
        .arg(&script)
        .args([
            inbox.to_str().unwrap(),
            seal.to_str().unwrap(),
            env.path("out").to_str().unwrap(),
        ])
        .env("CATOOL", BIN)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(5), "{stdout}");
    assert!(
        stdout.contains("FAILED") && stdout.matches("ok      ").count() == 3,
        "{stdout}"
    );
    assert!(env.path("out/cross-page.pdf").is_file() && env.path("out/keyword.pdf").is_file());
}

#[test]
fn sign_example_signs_as_two_parties_and_verifies() {
    require_tool("jq", "apt-get install jq");
    let env = Env::new();
    let demo = env.path("demo");
    env.ok(&["demo", "--dir", demo.to_str().unwrap()]);
    let out = example(&env, "sign.sh", &[demo.to_str().unwrap()]);
    assert!(out.contains("both signatures valid"), "{out}");
}

/// The demo's signed contract: both signatures valid for catool; the RSA one (王芳,
/// Signature2) for pyHanko too, which cannot check SM3 digests (BouncyCastle proves the SM2
/// one: sm2_bouncycastle.rs).
#[test]
fn the_demo_contract_is_valid_for_catool_and_its_rsa_signature_for_pyhanko() {
    require_tool("pyhanko", "pip install pyhanko-cli");
    let env = Env::new();
    let demo = env.path("demo");
    env.ok(&["demo", "--dir", demo.to_str().unwrap()]);
    let contract = demo.join("contract-signed.pdf");
    let v = env.json(&[
        "--db",
        demo.join("registry.db").to_str().unwrap(),
        "pdf",
        "verify",
        contract.to_str().unwrap(),
    ]);
    assert_eq!(v["verdict"], "valid", "{v}");
    assert_eq!(v["signatures"].as_array().unwrap().len(), 2);
    let script =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/attacks/pyhanko_verdict.py");
    let out = std::process::Command::new("python3")
        .arg(script)
        .arg(&contract)
        .arg(demo.join("ca-rsa2048.pem"))
        .output()
        .unwrap();
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let rsa = lines
        .iter()
        .find(|l| l["field"] == "Signature2")
        .unwrap_or_else(|| panic!("pyHanko did not see Signature2: {lines:?}"));
    assert_eq!(rsa["bottom_line"], true, "{rsa}");
    assert_eq!(rsa["coverage"], "ENTIRE_FILE", "{rsa}");

    // The demo's tampered copy (page 1 replaced in an appended revision): not valid for
    // catool, naming the change, nor for pyHanko.
    let tampered = demo.join("contract-tampered.pdf");
    let out = env
        .cmd()
        .args(["--json", "--db", demo.join("registry.db").to_str().unwrap()])
        .args(["pdf", "verify", tampered.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["verdict"], "not_valid", "{v}");
    assert!(
        v.to_string().contains("replaces the content of page 1"),
        "{v}"
    );
    let script =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/attacks/pyhanko_verdict.py");
    let out = std::process::Command::new("python3")
        .arg(script)
        .arg(&tampered)
        .arg(demo.join("ca-rsa2048.pem"))
        .output()
        .unwrap();
    let rsa = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|l| l["field"] == "Signature2")
        .expect("pyHanko sees Signature2");
    assert_eq!(rsa["bottom_line"], false, "{rsa}");
}
