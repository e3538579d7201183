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

// `ses verify` judges the signer's certificate too (validity at the stamp's time, chain to a
// trust anchor, the registry's revocation and freezing), not only the stamp's bytes.

/// `ready()`, and cert 1's stamp of `contract.txt` in `contract.ses`.
fn stamped() -> Env {
    let (env, seal) = ready();
    let out = sign(&env, &seal, "pin");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    env
}

/// `ses verify --json FILE STAMP [extra]`: the report and the exit code.
fn verify_json(env: &Env, file: &str, stamp: &str, extra: &[&str]) -> (serde_json::Value, i32) {
    let (file, stamp) = (s(env, file), s(env, stamp));
    let mut args = vec!["--json", "ses", "verify", &file, &stamp];
    args.extend_from_slice(extra);
    let out = env.run(&args);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stderr)));
    (v, out.status.code().unwrap_or(-1))
}

/// The stamp-level check `name` of a `ses verify --json` report.
fn check<'a>(v: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == name)
        .unwrap_or_else(|| panic!("no check {name}: {v:#}"))
}

#[test]
fn ses_verify_of_a_good_stamp_reports_the_signer_certificates_checks_passed() {
    let env = stamped();
    let (v, code) = verify_json(&env, "contract.txt", "contract.ses", &[]);
    assert_eq!((v["verdict"].as_str(), code), (Some("valid"), 0), "{v:#}");
    for name in ["signer_validity", "signer_chain", "signer_revocation"] {
        assert_eq!(check(&v, name)["result"], "passed", "{name}: {v:#}");
    }
    let text = env.ok(&[
        "--lang",
        "en",
        "ses",
        "verify",
        &s(&env, "contract.txt"),
        &s(&env, "contract.ses"),
    ]);
    assert!(
        text.contains("signer certificate validity")
            && text.contains("signer certificate chain")
            && text.contains("signer certificate revocation"),
        "{text}"
    );
}

#[test]
fn a_stamp_whose_signer_certificate_was_revoked_is_not_valid() {
    let env = stamped();
    env.ok(&[
        "cert",
        "revoke",
        "--cert",
        "1",
        "--reason",
        "key-compromise",
    ]);
    let (v, code) = verify_json(&env, "contract.txt", "contract.ses", &[]);
    assert_eq!(
        (v["verdict"].as_str(), code),
        (Some("not_valid"), 1),
        "{v:#}"
    );
    let c = check(&v, "signer_revocation");
    assert_eq!(c["result"], "failed", "{v:#}");
    assert_eq!(c["code"], "pki.ses.signer_withdrawn", "{v:#}");
    assert!(c["message"].as_str().unwrap().contains("revoked"), "{v:#}");
    let out = env.run(&[
        "--lang",
        "en",
        "ses",
        "verify",
        &s(&env, "contract.txt"),
        &s(&env, "contract.ses"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("contract.ses") && err.contains("revoked"),
        "{err}"
    );
    let out = env.run(&[
        "--lang",
        "zh-CN",
        "ses",
        "verify",
        &s(&env, "contract.txt"),
        &s(&env, "contract.ses"),
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("签章人证书吊销状态") && text.contains("被吊销"),
        "{text}"
    );
}

#[test]
fn a_stamp_whose_signer_certificate_is_frozen_is_not_valid() {
    let env = stamped();
    env.ok(&["cert", "freeze", "--cert", "1"]);
    let (v, code) = verify_json(&env, "contract.txt", "contract.ses", &[]);
    assert_eq!(
        (v["verdict"].as_str(), code),
        (Some("not_valid"), 1),
        "{v:#}"
    );
    let c = check(&v, "signer_revocation");
    assert_eq!(c["result"], "failed", "{v:#}");
    assert!(c["message"].as_str().unwrap().contains("frozen"), "{v:#}");
}

use catool::pki::keys::PrivateKey;
use x509_cert::Certificate;

const DAY: std::time::Duration = std::time::Duration::from_secs(86400);

/// A new SM2 CA valid ten years either side of now, its certificate in `ca.pem`.
fn test_ca(env: &Env) -> (PrivateKey, Certificate) {
    use der::EncodePem;
    let now = std::time::SystemTime::now();
    let key = PrivateKey::generate_sm2().unwrap();
    let ca = catool::pki::x509::create_root_ca(
        &key,
        cn("测试CA"),
        now - 3650 * DAY,
        now + 3650 * DAY,
        catool::pki::keys::SM2_DEFAULT_DISTID,
    )
    .unwrap();
    let pem = ca.to_pem(der::pem::LineEnding::LF).unwrap();
    std::fs::write(env.path("ca.pem"), pem).unwrap();
    (key, ca)
}

fn cn(name: &str) -> x509_cert::name::Name {
    use catool::pki::dn::{CN, DnBuilder};
    DnBuilder::new().utf8(CN, name).unwrap().build().unwrap()
}

/// A key and a certificate `ca` issued for it, valid from `from` to `to`.
fn leaf(
    (ca_key, ca): &(PrivateKey, Certificate),
    name: &str,
    from: std::time::SystemTime,
    to: std::time::SystemTime,
) -> (PrivateKey, Certificate) {
    let key = PrivateKey::generate_sm2().unwrap();
    let cert = catool::pki::x509::issue_leaf(
        ca,
        ca_key,
        &catool::pki::x509::LeafRequest {
            subject: cn(name),
            public_key: key.public_key_spki().unwrap(),
            not_before: from,
            not_after: to,
            crl_uri: "http://crl.example.invalid/ca.crl".into(),
            identity: None,
        },
        catool::pki::keys::SM2_DEFAULT_DISTID,
    )
    .unwrap();
    (key, cert)
}

/// A seal made by `maker` `days_ago` listing `signer`, valid from 400 days ago for a year to
/// come.
fn seal_of(
    maker: &(PrivateKey, Certificate),
    signer: &Certificate,
    days_ago: u32,
) -> catool::pki::ses::SesSeal {
    use catool::pki::ses::asn1::SEAL_TYPE_ORG;
    use catool::pki::ses::build::{SealSpec, cert_list_of, sign_seal};
    let now = std::time::SystemTime::now();
    let spec = SealSpec {
        vid: "catool".into(),
        es_id: "11010800000000002".into(),
        kind: SEAL_TYPE_ORG,
        name: "测试合同专用章".into(),
        cert_list: cert_list_of(std::slice::from_ref(signer)).unwrap(),
        create_date: now - days_ago * DAY,
        valid_start: now - 400 * DAY,
        valid_end: now + 365 * DAY,
        picture_kind: "PNG".into(),
        picture: crate::seal_esl_interop::png(),
        width_mm: 42,
        height_mm: 42,
        ext_datas: None,
    };
    sign_seal(spec.seal_info().unwrap(), &maker.0, &maker.1).unwrap()
}

/// A CA (its certificate in `ca.pem`), a seal maker and a signer certificate it issued, the
/// signer's ended 35 days ago, a seal of the maker listing the signer valid from 400 days ago
/// for a year to come, and a stamp of `contract.txt` the signer dates 30 days ago: after its
/// certificate expired.
fn stamp_after_expiry(env: &Env) {
    use catool::pki::ses::build::{HashAlg, sign_stamp};
    use der::Encode;
    let now = std::time::SystemTime::now();
    let ca = test_ca(env);
    let maker = leaf(&ca, "制章者", now - 400 * DAY, now + 365 * DAY);
    let signer = leaf(&ca, "已过期的签章人", now - 400 * DAY, now - 35 * DAY);
    let seal = seal_of(&maker, &signer.1, 400);
    let data = "采购合同\n".as_bytes();
    let stamp = sign_stamp(
        seal,
        &HashAlg::Sm3.digest(data),
        now - 30 * DAY,
        "contract.txt",
        &signer.0,
        &signer.1,
    )
    .unwrap();
    std::fs::write(env.path("contract.txt"), data).unwrap();
    std::fs::write(env.path("late.ses"), stamp.to_der().unwrap()).unwrap();
}

#[test]
fn a_seal_made_after_its_makers_certificate_expired_is_not_valid() {
    use der::Encode;
    let env = Env::new();
    let now = std::time::SystemTime::now();
    let ca = test_ca(&env);
    let maker = leaf(&ca, "已过期的制章者", now - 400 * DAY, now - 35 * DAY);
    let signer = leaf(&ca, "签章人", now - 400 * DAY, now + 365 * DAY);
    let late = seal_of(&maker, &signer.1, 30);
    std::fs::write(env.path("late.esl"), late.to_der().unwrap()).unwrap();
    let (esl, ca) = (s(&env, "late.esl"), s(&env, "ca.pem"));
    let out = env.run(&["--json", "seal", "verify", &esl, "--trust", &ca]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (v["verdict"].as_str(), out.status.code()),
        (Some("not_valid"), Some(1)),
        "{v:#}"
    );
    let c = check(&v, "maker_validity");
    assert_eq!(c["result"], "failed", "{v:#}");
    assert_eq!(c["code"], "pki.ses.maker_expired", "{v:#}");
    assert_eq!(check(&v, "validity")["result"], "passed", "{v:#}");
    // Made while its maker's certificate was good, the seal stays valid after it ended.
    let early = seal_of(&maker, &signer.1, 400);
    std::fs::write(env.path("early.esl"), early.to_der().unwrap()).unwrap();
    let v = env.json(&["seal", "verify", &s(&env, "early.esl"), "--trust", &ca]);
    assert_eq!(v["verdict"], "valid", "{v:#}");
}

#[test]
fn a_stamp_dated_after_its_signer_certificate_expired_is_not_valid() {
    // No registry: the anchor is --trust, and revocation cannot be checked.
    let env = Env::new();
    stamp_after_expiry(&env);
    let ca = s(&env, "ca.pem");
    let (v, code) = verify_json(&env, "contract.txt", "late.ses", &["--trust", &ca]);
    assert_eq!(
        (v["verdict"].as_str(), code),
        (Some("not_valid"), 1),
        "{v:#}"
    );
    let c = check(&v, "signer_validity");
    assert_eq!(c["result"], "failed", "{v:#}");
    assert_eq!(c["code"], "pki.ses.signer_expired", "{v:#}");
    assert_eq!(check(&v, "signer_chain")["result"], "passed", "{v:#}");
    assert_eq!(
        check(&v, "signer_revocation")["result"],
        "not_checked",
        "{v:#}"
    );
    assert_eq!(
        v["seal"]["verdict"], "valid",
        "only the signer fails: {v:#}"
    );
    let args = [
        "--lang",
        "en",
        "ses",
        "verify",
        &s(&env, "contract.txt"),
        &s(&env, "late.ses"),
        "--trust",
        &ca,
    ];
    let out = env.run(&args);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("not checked"), "{text}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("late.ses") && err.contains("expired"), "{err}");
}

#[test]
fn a_signer_certificate_of_a_ca_that_is_not_trusted_fails_the_signer_chain() {
    // The stamp of a registry certificate, checked against another CA only.
    let env = stamped();
    stamp_after_expiry(&env);
    let ca = s(&env, "ca.pem");
    let (v, code) = verify_json(&env, "contract.txt", "contract.ses", &["--trust", &ca]);
    assert_eq!(
        (v["verdict"].as_str(), code),
        (Some("not_valid"), 1),
        "{v:#}"
    );
    assert_eq!(check(&v, "signer_chain")["result"], "not_trusted", "{v:#}");
    // The registry knows the certificate: its state is checked all the same.
    assert_eq!(check(&v, "signer_revocation")["result"], "passed", "{v:#}");
}
