//! `ses sign` (issue 19 part 2): a stamp as GB/T 38540 defines it (SES_Signature V4), made
//! only by a certificate in the seal's certList (D18), with the PIN and lockout of `pdf
//! sign` (D11); each refusal names the seal and the certificate and leaves no file.

use crate::common::*;
use crate::seal_maker::{assign, contract_seal, maker, s, setup};

fn wrong_pins(env: &Env, cert: &str) -> i64 {
    env.json(&["cert", "show", cert])["wrong_pins"]
        .as_i64()
        .unwrap()
}

/// A seal of enterprise 1 assigned to certificate 1, and a document to stamp.
fn ready() -> (Env, String) {
    let env = setup();
    maker(&env);
    let seal = contract_seal(&env);
    assign(&env, &seal, "1");
    std::fs::write(env.path("contract.txt"), "采购合同\n").unwrap();
    (env, seal)
}

fn sign(env: &Env, seal: &str, pin: &str) -> std::process::Output {
    sign_as(env, &["--as", "李娜"], seal, pin)
}

/// `ses sign` by the operator (no `--as`: no proof with the right PIN in between).
fn sign_unproven(env: &Env, seal: &str, pin: &str) -> std::process::Output {
    sign_as(env, &[], seal, pin)
}

fn sign_as(env: &Env, actor: &[&str], seal: &str, pin: &str) -> std::process::Output {
    let (file, pin, out) = (s(env, "contract.txt"), s(env, pin), s(env, "contract.ses"));
    let mut args = vec!["--lang", "en"];
    args.extend_from_slice(actor);
    args.extend([
        "ses",
        "sign",
        &file,
        "--seal",
        seal,
        "--cert",
        "1",
        "--pin-file",
        &pin,
        "--out",
        &out,
    ]);
    env.run(&args)
}

#[test]
fn a_holder_in_the_cert_list_stamps_a_file_and_the_stamp_is_recorded() {
    let (env, seal) = ready();
    let out = sign(&env, &seal, "pin");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let der = std::fs::read(env.path("contract.ses")).unwrap();
    assert_eq!(der[0], 0x30);
    let events = env.json(&["log", "--action", "ses.sign"]);
    let ok: Vec<_> = events
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["outcome"] == "ok")
        .collect();
    assert_eq!(ok.len(), 1);
    assert_eq!(ok[0]["details"]["hash"], "sm3");
}

#[test]
fn the_default_output_is_the_file_name_with_ses_appended() {
    let (env, seal) = ready();
    env.ok(&[
        "--as",
        "李娜",
        "ses",
        "sign",
        &s(&env, "contract.txt"),
        "--seal",
        &seal,
        "--cert",
        "1",
        "--pin-file",
        &s(&env, "pin"),
    ]);
    assert!(env.path("contract.txt.ses").exists());
}

#[test]
fn a_certificate_outside_the_cert_list_is_refused_naming_both_before_any_pin_attempt() {
    let env = setup();
    maker(&env);
    let seal = contract_seal(&env);
    std::fs::write(env.path("contract.txt"), "采购合同\n").unwrap();
    let out = sign(&env, &seal, "wrong.pin");
    assert_eq!(out.status.code(), Some(4));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("seal {seal}")) && err.contains("certificate 1"),
        "{err}"
    );
    assert_eq!(wrong_pins(&env, "1"), 0, "no PIN attempt spent");
    assert!(!env.path("contract.ses").exists());
}

#[test]
fn a_void_seal_cannot_stamp() {
    let (env, seal) = ready();
    env.ok(&["seal", "void", "--seal", &seal, "--reason", "印章遗失"]);
    let out = sign(&env, &seal, "pin");
    assert_eq!(out.status.code(), Some(4));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("seal {seal}")), "{err}");
    assert!(!env.path("contract.ses").exists());
}

#[test]
fn without_a_maker_ses_sign_says_how_to_get_one() {
    let env = setup();
    let seal = contract_seal(&env);
    assign(&env, &seal, "1");
    std::fs::write(env.path("contract.txt"), "采购合同\n").unwrap();
    let out = sign(&env, &seal, "pin");
    assert_eq!(out.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&out.stderr).contains("seal maker init"));
    assert!(!env.path("contract.ses").exists());
}

#[test]
fn a_wrong_pin_counts_toward_the_lockout_and_writes_nothing() {
    let (env, seal) = ready();
    let out = sign_unproven(&env, &seal, "wrong.pin");
    assert!(!out.status.success());
    assert_eq!(wrong_pins(&env, "1"), 1);
    assert!(!env.path("contract.ses").exists());
    for _ in 0..4 {
        sign_unproven(&env, &seal, "wrong.pin");
    }
    assert_eq!(env.json(&["cert", "show", "1"])["locked"], true);
    let out = sign_unproven(&env, &seal, "pin");
    assert!(!out.status.success(), "a locked certificate stamps nothing");
    assert!(!env.path("contract.ses").exists());
}

#[test]
fn a_reissued_certificate_is_no_longer_in_the_cert_list() {
    let (env, seal) = ready();
    env.ok(&[
        "cert",
        "reissue",
        "--cert",
        "1",
        "--new-pin-file",
        &s(&env, "new.pin"),
    ]);
    let out = sign(&env, &seal, "new.pin");
    assert_eq!(out.status.code(), Some(4));
}

fn pdf_sign(env: &Env, seal: &str) {
    let contract = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/contract.pdf");
    std::fs::copy(contract, env.path("doc.pdf")).unwrap();
    env.ok(&[
        "--as",
        "李娜",
        "pdf",
        "sign",
        &s(env, "doc.pdf"),
        "--out",
        &s(env, "signed.pdf"),
        "--cert",
        "1",
        "--pin-file",
        &s(env, "pin"),
        "--seal",
        seal,
        "--at",
        "100,100",
    ]);
}

#[test]
fn pdf_sign_records_the_seals_esid_and_maker_and_pdf_verify_reports_it_verified() {
    let (env, seal) = ready();
    pdf_sign(&env, &seal);
    let es_id = env.json(&["seal", "show", &seal])["esl"]["es_id"].clone();
    let bytes = std::fs::read(env.path("signed.pdf")).unwrap();
    let raw = String::from_utf8_lossy(&bytes);
    assert!(raw.contains("/CATOOL_ESID"), "in the signature dictionary");
    let v = env.json(&["pdf", "verify", &s(&env, "signed.pdf")]);
    let sig = &v["signatures"][0];
    assert_eq!(sig["seal"]["es_id"], es_id, "{sig}");
    assert_eq!(sig["seal"]["maker"], "印章制作中心");
    assert_eq!(sig["seal_verified"], true);
    let text = env.ok(&["--lang", "en", "pdf", "verify", &s(&env, "signed.pdf")]);
    assert!(text.contains("verifies"), "{text}");
}

#[test]
fn a_seal_without_an_esl_signs_pdfs_as_before_and_names_no_seal() {
    let env = setup();
    let seal = contract_seal(&env);
    assign(&env, &seal, "1");
    pdf_sign(&env, &seal);
    let v = env.json(&["pdf", "verify", &s(&env, "signed.pdf")]);
    assert!(v["signatures"][0]["seal"].is_null());
    assert!(v["signatures"][0]["seal_verified"].is_null());
}
