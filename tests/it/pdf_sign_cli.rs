//! `catool pdf sign` / `pdf verify` with registry certificates: the platform's checks before
//! a signature (D11, D18, D20), the record of each (D21), and interop with pyHanko.

use crate::common;
use crate::common::pdf;

use std::process::Command;

use common::*;

/// Enterprise with an RSA CA; 李娜 holds certificate 1 (PIN 123456), 王芳 certificate 2
/// (PIN 654321); 李娜's name seal 1 is assigned to certificate 1; the contract is `doc.pdf`.
fn setup() -> Env {
    let env = Env::onboarded(true);
    env.ok(&["ca", "init", "--name", "RSA CA", "--algo", "rsa2048"]);
    env.ok(&["package", "buy", "--org", "1"]);
    env.ok(&["package", "pay", "--package", "1"]);
    std::fs::write(env.path("pin"), "123456\n").unwrap();
    std::fs::write(env.path("pin2"), "654321\n").unwrap();
    std::fs::write(env.path("bad"), "000000\n").unwrap();
    env.ok(&[
        "cert", "assign", "--slot", "2", "--owner", "李娜", "--holder", "李娜",
    ]);
    env.ok(&[
        "cert",
        "issue",
        "--slot",
        "2",
        "--pin-file",
        &p(&env, "pin"),
    ]);
    env.ok(&[
        "cert", "assign", "--slot", "3", "--owner", "王芳", "--holder", "王芳",
    ]);
    env.ok(&[
        "cert",
        "issue",
        "--slot",
        "3",
        "--pin-file",
        &p(&env, "pin2"),
    ]);
    env.ok(&["seal", "make", "--kind", "name", "--person", "李娜"]);
    env.ok(&["seal", "assign", "--seal", "1", "--cert", "1"]);
    let contract = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/contract.pdf");
    std::fs::copy(contract, env.path("doc.pdf")).unwrap();
    let ca = env.ok(&["ca", "export", "1"]);
    std::fs::write(env.path("ca.pem"), ca).unwrap();
    env
}

fn sign_as(env: &Env, who: &str, input: &str, out: &str, extra: &[&str]) -> std::process::Output {
    let (i, o) = (p(env, input), p(env, out));
    let mut args = vec!["--as", who, "pdf", "sign"];
    args.extend([i.as_str(), "--out", o.as_str()]);
    args.extend_from_slice(extra);
    env.run(&args)
}

/// 李娜 signs `in/d1.pdf` … `in/d3.pdf` (copies of the contract) into `out/` with
/// certificate 1 and the PIN in the file `pin` (`global`: options before `pdf sign`).
fn sign_batch(env: &Env, global: &[&str], pin: &str, extra: &[&str]) -> std::process::Output {
    let dir = env.path("in");
    std::fs::create_dir(&dir).unwrap();
    for i in 1..=3 {
        std::fs::copy(env.path("doc.pdf"), dir.join(format!("d{i}.pdf"))).unwrap();
    }
    let (dir, out, pin) = (p(env, "in"), p(env, "out"), p(env, pin));
    let mut args = vec!["--as", "李娜"];
    args.extend_from_slice(global);
    args.extend([
        "pdf",
        "sign",
        &dir,
        "--out-dir",
        &out,
        "--cert",
        "1",
        "--pin-file",
        &pin,
    ]);
    args.extend_from_slice(extra);
    env.run(&args)
}

fn pyhanko_valid(env: &Env, file: &str) -> String {
    require_tool("pyhanko", "pip install pyhanko-cli");
    let out = Command::new("pyhanko")
        .args([
            "sign",
            "validate",
            "--pretty-print",
            "--no-revocation-check",
            "--trust-replace",
            "--trust",
        ])
        .arg(env.path("ca.pem"))
        .arg(env.path(file))
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "pyhanko rejects {file}:\n{text}");
    text
}

#[test]
fn the_holder_signs_with_the_assigned_seal_and_pyhanko_and_pdfsig_accept_it() {
    let env = setup();
    let pin = p(&env, "pin");
    let out = sign_as(
        &env,
        "李娜",
        "doc.pdf",
        "signed.pdf",
        &[
            "--cert",
            "1",
            "--pin-file",
            &pin,
            "--seal",
            "1",
            "--keyword",
            "盖章处",
            "--reason",
            "同意",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = pyhanko_valid(&env, "signed.pdf");
    assert!(
        text.contains("The signature is cryptographically sound."),
        "{text}"
    );
    require_tool("pdfsig", "apt-get install poppler-utils");
    let sig = Command::new("pdfsig")
        .arg(env.path("signed.pdf"))
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&sig.stdout).contains("Signature is Valid."));
    let v = env.json(&["pdf", "verify", &p(&env, "signed.pdf")]);
    assert_eq!(v["signatures"][0]["valid"], true);
    assert_eq!(v["signatures"][0]["chain_ca"], "RSA CA");
    assert_eq!(v["signatures"][0]["covers_whole_file"], true);
    // Recorded (D21).
    assert_eq!(
        env.json(&["log", "--action", "pdf.sign"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    pdf::qpdf_check(&env.path("signed.pdf"));
}

#[test]
fn both_parties_sign_one_after_the_other_and_both_stay_valid() {
    let env = setup();
    assert!(
        sign_as(
            &env,
            "李娜",
            "doc.pdf",
            "a.pdf",
            &["--cert", "1", "--pin-file", &p(&env, "pin")]
        )
        .status
        .success()
    );
    let out = sign_as(
        &env,
        "王芳",
        "a.pdf",
        "ab.pdf",
        &["--cert", "2", "--pin-file", &p(&env, "pin2")],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = env.json(&["pdf", "verify", &p(&env, "ab.pdf")]);
    assert_eq!(v["signatures"].as_array().unwrap().len(), 2);
    assert!(
        v["signatures"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["valid"] == true)
    );
    assert_eq!(v["signatures"][0]["modified_after"], true);
    let text = pyhanko_valid(&env, "ab.pdf");
    assert_eq!(
        text.matches("The signature is cryptographically sound.")
            .count(),
        2,
        "{text}"
    );
}

#[test]
fn a_wrong_pin_counts_toward_the_lockout_and_nothing_is_written() {
    let env = setup();
    let out = sign_as(
        &env,
        "李娜",
        "doc.pdf",
        "x.pdf",
        &["--cert", "1", "--pin-file", &p(&env, "bad")],
    );
    assert_eq!(out.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 of 5"));
    assert!(!env.path("x.pdf").exists());
    assert_eq!(env.json(&["cert", "show", "1"])["wrong_pins"], 1);
}

/// A PDF larger than one copy piece (8 MiB): its copy and hash run while the PIN is still
/// being checked on another thread.
fn large_input(env: &Env) -> String {
    std::fs::write(
        env.path("large.pdf"),
        crate::pdf_sign::big_pdf(2, 1, 9_000_000),
    )
    .unwrap();
    "large.pdf".to_string()
}

/// The files of the environment's directory: nothing half-written is left behind.
fn files_in(env: &Env) -> std::collections::BTreeSet<String> {
    std::fs::read_dir(env.path("."))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn a_wrong_pin_while_a_large_input_is_copied_writes_nothing_counts_and_locks_at_five() {
    let env = setup();
    let input = large_input(&env);
    // An earlier output the refused signature must leave as it is (`--force`).
    std::fs::write(env.path("x.pdf"), b"earlier output").unwrap();
    let before = files_in(&env);
    for attempt in 1..=5 {
        let out = sign_as(
            &env,
            "李娜",
            &input,
            "x.pdf",
            &["--force", "--cert", "1", "--pin-file", &p(&env, "bad")],
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(4), "{err}");
        assert!(err.contains("wrong PIN"), "{err}");
        assert_eq!(std::fs::read(env.path("x.pdf")).unwrap(), b"earlier output");
        assert_eq!(files_in(&env), before, "attempt {attempt}");
        assert_eq!(env.json(&["cert", "show", "1"])["wrong_pins"], attempt);
    }
    assert_eq!(env.json(&["cert", "show", "1"])["status"], "locked");
    // Locked: the right PIN is refused too, before anything is written.
    let out = sign_as(
        &env,
        "李娜",
        &input,
        "x.pdf",
        &["--force", "--cert", "1", "--pin-file", &p(&env, "pin")],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("locked"));
    assert_eq!(std::fs::read(env.path("x.pdf")).unwrap(), b"earlier output");
    assert_eq!(files_in(&env), before);
    assert!(
        env.json(&["log", "--action", "pdf.sign"])
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn the_right_pin_while_a_large_input_is_copied_signs_it_validly() {
    let env = setup();
    let input = large_input(&env);
    let out = sign_as(
        &env,
        "李娜",
        &input,
        "x.pdf",
        &["--cert", "1", "--pin-file", &p(&env, "pin")],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(env.json(&["cert", "show", "1"])["wrong_pins"], 0);
    env.ok(&["pdf", "verify", &p(&env, "x.pdf")]);
    let text = pyhanko_valid(&env, "x.pdf");
    assert!(
        text.contains("The signature is cryptographically sound."),
        "{text}"
    );
}

#[test]
fn a_wrong_pin_fails_a_batch_once_and_writes_nothing() {
    let env = setup();
    let out = sign_batch(&env, &[], "bad", &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{err}");
    assert!(err.contains("1 of 5"), "{err}");
    let written = std::fs::read_dir(env.path("out")).map_or(0, |d| d.count());
    assert_eq!(written, 0);
    assert_eq!(env.json(&["cert", "show", "1"])["wrong_pins"], 1);
}

#[test]
fn revoked_frozen_locked_and_expired_certificates_cannot_sign() {
    let env = setup();
    let pin = p(&env, "pin");
    env.ok(&["cert", "freeze", "--cert", "1"]);
    let err = String::from_utf8_lossy(
        &sign_as(
            &env,
            "李娜",
            "doc.pdf",
            "x.pdf",
            &["--cert", "1", "--pin-file", &pin],
        )
        .stderr,
    )
    .into_owned();
    assert!(err.contains("已冻结"), "{err}");
    env.ok(&["cert", "unfreeze", "--cert", "1"]);
    let later = env
        .cmd()
        .env("CATOOL_NOW", "2030-01-01T00:00:00Z")
        .args([
            "--as",
            "李娜",
            "pdf",
            "sign",
            &p(&env, "doc.pdf"),
            "--out",
            &p(&env, "x.pdf"),
            "--cert",
            "1",
            "--pin-file",
            &pin,
        ])
        .output()
        .unwrap();
    assert_eq!(later.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&later.stderr).contains("已失效"));
    env.ok(&[
        "cert",
        "revoke",
        "--cert",
        "1",
        "--reason",
        "key-compromise",
    ]);
    let err = String::from_utf8_lossy(
        &sign_as(
            &env,
            "李娜",
            "doc.pdf",
            "x.pdf",
            &["--cert", "1", "--pin-file", &pin],
        )
        .stderr,
    )
    .into_owned();
    assert!(err.contains("已吊销"), "{err}");
    for _ in 0..5 {
        sign_as(
            &env,
            "王芳",
            "doc.pdf",
            "x.pdf",
            &["--cert", "2", "--pin-file", &p(&env, "bad")],
        );
    }
    let err = String::from_utf8_lossy(
        &sign_as(
            &env,
            "王芳",
            "doc.pdf",
            "x.pdf",
            &["--cert", "2", "--pin-file", &p(&env, "pin2")],
        )
        .stderr,
    )
    .into_owned();
    assert!(err.contains("已锁定"), "{err}");
}

#[test]
fn another_persons_certificate_or_an_unassigned_seal_is_refused() {
    let env = setup();
    let out = sign_as(
        &env,
        "王芳",
        "doc.pdf",
        "x.pdf",
        &["--cert", "1", "--pin-file", &p(&env, "pin")],
    );
    assert_eq!(out.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&out.stderr).contains("holder"));
    let out = sign_as(
        &env,
        "王芳",
        "doc.pdf",
        "x.pdf",
        &[
            "--cert",
            "2",
            "--pin-file",
            &p(&env, "pin2"),
            "--seal",
            "1",
            "--at",
            "100,100",
        ],
    );
    assert_eq!(out.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&out.stderr).contains("无权使用"));
}

#[test]
fn verify_fails_after_one_byte_inside_the_signed_range_changes() {
    let env = setup();
    assert!(
        sign_as(
            &env,
            "李娜",
            "doc.pdf",
            "s.pdf",
            &["--cert", "1", "--pin-file", &p(&env, "pin")]
        )
        .status
        .success()
    );
    let mut bytes = std::fs::read(env.path("s.pdf")).unwrap();
    let pos = bytes.windows(6).position(|w| w == b"stream").unwrap() + 20;
    bytes[pos] ^= 0x01;
    std::fs::write(env.path("t.pdf"), &bytes).unwrap();
    let out = env.run(&["pdf", "verify", &p(&env, "t.pdf")]);
    assert_eq!(out.status.code(), Some(1));
    require_tool("pdfsig", "apt-get install poppler-utils");
    let sig = Command::new("pdfsig")
        .arg(env.path("t.pdf"))
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&sig.stdout).contains("Signature is Valid."));
}

#[test]
fn verify_reports_a_revoked_signer_as_not_valid() {
    let env = setup();
    assert!(
        sign_as(
            &env,
            "李娜",
            "doc.pdf",
            "s.pdf",
            &["--cert", "1", "--pin-file", &p(&env, "pin")]
        )
        .status
        .success()
    );
    // Times have one-second resolution: revoke in a later second than the signing.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    env.ok(&[
        "cert",
        "revoke",
        "--cert",
        "1",
        "--reason",
        "key-compromise",
    ]);
    let out = env.run(&["--json", "pdf", "verify", &p(&env, "s.pdf")]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["signatures"][0]["integrity_ok"], true);
    assert_eq!(v["signatures"][0]["valid"], false);
    assert!(
        v["signatures"][0]["registry_state"]
            .as_str()
            .unwrap()
            .contains("revoked")
    );
    // Revoked after the claimed signing time: valid then, but nothing proves the time.
    assert_eq!(v["signatures"][0]["verdict"], "valid_at_claimed_time_only");
    assert!(
        v["signatures"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("no timestamp proves"),
        "{v}"
    );
}

#[test]
fn a_pdf_signed_by_pyhanko_with_a_registry_certificate_then_by_catool_validates_in_both() {
    let env = setup();
    env.ok(&[
        "cert",
        "export",
        "--cert",
        "2",
        "--format",
        "p12",
        "--pin-file",
        &p(&env, "pin2"),
        "--out",
        &p(&env, "fang.p12"),
    ]);
    let script =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pyhanko_sign.py");
    let out = Command::new("python3")
        .arg(script)
        .args([
            &p(&env, "doc.pdf"),
            &p(&env, "py.pdf"),
            &p(&env, "fang.p12"),
            "654321",
            "PartyA",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        sign_as(
            &env,
            "李娜",
            "py.pdf",
            "both.pdf",
            &["--cert", "1", "--pin-file", &p(&env, "pin")]
        )
        .status
        .success()
    );
    let v = env.json(&["pdf", "verify", &p(&env, "both.pdf")]);
    assert_eq!(v["signatures"].as_array().unwrap().len(), 2);
    assert!(
        v["signatures"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["valid"] == true),
        "{v}"
    );
    let text = pyhanko_valid(&env, "both.pdf");
    assert_eq!(
        text.matches("The signature is cryptographically sound.")
            .count(),
        2,
        "{text}"
    );
}

#[test]
fn an_unsigned_pdf_fails_verification() {
    let env = setup();
    let err = env.fails(7, &["pdf", "verify", &p(&env, "doc.pdf")]);
    assert!(err.contains("no signatures"), "{err}");
}

#[test]
fn a_batch_is_signed_with_one_pin_entry() {
    let env = setup();
    let out = sign_batch(
        &env,
        &["--json"],
        "pin",
        &["--seal", "1", "--page", "3", "--at", "150,200"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 3);
    for i in 1..=3 {
        env.ok(&["pdf", "verify", &p(&env, &format!("out/d{i}.pdf"))]);
    }
    assert_eq!(
        env.json(&["log", "--action", "pdf.sign"])
            .as_array()
            .unwrap()
            .len(),
        3
    );
}

#[test]
fn an_interrupted_batch_is_finished_with_skip_existing_without_signing_twice() {
    let env = setup();
    let dir = env.path("in");
    std::fs::create_dir(&dir).unwrap();
    std::fs::create_dir(env.path("out")).unwrap();
    for i in 1..=3 {
        std::fs::copy(env.path("doc.pdf"), dir.join(format!("d{i}.pdf"))).unwrap();
    }
    // d2 was finished before the interruption: it must be left exactly as it is.
    std::fs::write(env.path("out/d2.pdf"), b"already signed").unwrap();
    let (input, out_dir, pin) = (p(&env, "in"), p(&env, "out"), p(&env, "pin"));
    let batch = [
        "--as",
        "李娜",
        "--json",
        "pdf",
        "sign",
        &input,
        "--out-dir",
        &out_dir,
        "--cert",
        "1",
        "--pin-file",
        &pin,
        "--skip-existing",
    ];
    let lines: Vec<serde_json::Value> = env
        .ok(&batch)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    let skipped: Vec<&serde_json::Value> = lines.iter().filter(|l| l["skipped"] == true).collect();
    assert_eq!(skipped.len(), 1);
    assert!(skipped[0]["output"].as_str().unwrap().ends_with("d2.pdf"));
    assert_eq!(
        std::fs::read(env.path("out/d2.pdf")).unwrap(),
        b"already signed"
    );
    for i in [1, 3] {
        env.ok(&["pdf", "verify", &p(&env, &format!("out/d{i}.pdf"))]);
    }
    let signed = env.json(&["log", "--action", "pdf.sign"]);
    assert_eq!(signed.as_array().unwrap().len(), 2);
    // Run again: everything exists, nothing is signed or recorded.
    let again = env.ok(&batch);
    assert!(again.lines().all(|l| l.contains("\"skipped\":true")));
    let signed = env.json(&["log", "--action", "pdf.sign"]);
    assert_eq!(signed.as_array().unwrap().len(), 2);
}

#[test]
fn a_wrong_pin_reports_no_file_skipped_before_its_verdict() {
    let env = setup();
    // One file: its output exists.
    std::fs::write(env.path("x.pdf"), b"already here").unwrap();
    let bad = p(&env, "bad");
    let out = sign_as(
        &env,
        "李娜",
        "doc.pdf",
        "x.pdf",
        &["--cert", "1", "--pin-file", &bad, "--skip-existing"],
    );
    assert_eq!(out.status.code(), Some(4), "{out:?}");
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // A batch whose outputs all exist: no line says a file was done.
    std::fs::create_dir(env.path("out")).unwrap();
    for i in 1..=3 {
        std::fs::write(env.path(&format!("out/d{i}.pdf")), b"already here").unwrap();
    }
    let out = sign_batch(&env, &["--json"], "bad", &["--skip-existing"]);
    assert_eq!(out.status.code(), Some(4), "{out:?}");
    // The error itself is the only JSON printed.
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("skipped"), "{stdout}");
    assert!(stdout.contains("cert.pin.wrong"), "{stdout}");
    assert_eq!(env.json(&["cert", "show", "1"])["wrong_pins"], 2);
}

#[test]
fn a_tsa_named_at_level_b_b_must_exist() {
    let env = setup();
    let pin = p(&env, "pin");
    let out = sign_as(
        &env,
        "李娜",
        "doc.pdf",
        "x.pdf",
        &[
            "--cert",
            "1",
            "--pin-file",
            &pin,
            "--level",
            "B-B",
            "--tsa",
            "nosuch",
        ],
    );
    assert_ne!(out.status.code(), Some(0), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("nosuch"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!env.path("x.pdf").exists());
}
