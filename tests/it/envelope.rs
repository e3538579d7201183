//! Documents encrypted to a certificate (D20, 扫码加密/解密), driven through the real binary:
//! round trips (RSA and SM2), interop with `openssl cms` both ways, the PIN and state rules,
//! and the D10 proof that an extension without --keep-key loses old documents.

use crate::common;
use common::*;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const BID: &str = "投标文件：报价 1,234,567.00 元；技术标与商务标。\n";

/// An onboarded registry with a CA of `algo` and a paid reference package (slot 1
/// enterprise, slots 2 and 3 personal), PIN files `pin` (123456) and `bad` (000000), and the
/// bid document `bid.txt`.
fn with_ca(algo: &str) -> Env {
    let env = Env::onboarded(true);
    env.ok(&["ca", "init", "--name", "测试CA", "--algo", algo]);
    env.ok(&["package", "buy", "--org", "1"]);
    env.ok(&["package", "pay", "--package", "1"]);
    std::fs::write(env.path("pin"), "123456\n").unwrap();
    std::fs::write(env.path("bad"), "000000\n").unwrap();
    std::fs::write(env.path("bid.txt"), BID).unwrap();
    env
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Assigns `slot` to person `person` (owner and holder) and issues it with PIN 123456;
/// returns the certificate id as text.
fn issue(env: &Env, slot: u32, person: u32) -> String {
    let (slot, person) = (slot.to_string(), person.to_string());
    env.ok(&[
        "cert", "assign", "--slot", &slot, "--owner", &person, "--holder", &person,
    ]);
    let c = env.json(&[
        "cert",
        "issue",
        "--slot",
        &slot,
        "--pin-file",
        &p(env, "pin"),
    ]);
    c["id"].as_i64().unwrap().to_string()
}

fn encrypt(env: &Env, to: &str, input: &str, output: &str) -> Value {
    env.json(&["encrypt", "--to", to, &p(env, input), &p(env, output)])
}

fn decrypt_args(env: &Env, cert: &str, pin: &str, input: &str, output: &str) -> Vec<String> {
    [
        "decrypt",
        "--cert",
        cert,
        "--pin-file",
        &p(env, pin),
        &p(env, input),
        &p(env, output),
    ]
    .iter()
    .map(|a| a.to_string())
    .collect()
}

fn decrypt(env: &Env, cert: &str, input: &str, output: &str) -> Value {
    let args = decrypt_args(env, cert, "pin", input, output);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    env.json(&args)
}

fn decrypt_fails(env: &Env, code: i32, cert: &str, pin: &str, input: &str) -> String {
    let args = decrypt_args(env, cert, pin, input, "never.txt");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let err = env.fails(code, &args);
    assert!(
        !env.path("never.txt").exists(),
        "a failed decrypt must write nothing"
    );
    err
}

fn read(env: &Env, name: &str) -> String {
    String::from_utf8(std::fs::read(env.path(name)).unwrap()).unwrap()
}

fn cert(env: &Env, id: &str) -> Value {
    env.json(&["cert", "show", id])
}

fn openssl(args: &[&str]) -> Output {
    require_tool("openssl", "apt-get install openssl");
    Command::new("openssl")
        .args(args)
        .output()
        .expect("run openssl")
}

fn openssl_ok(args: &[&str]) -> String {
    let out = openssl(args);
    assert!(
        out.status.success(),
        "openssl {args:?} failed:\nstdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The certificate as PEM and its private key as an unencrypted PEM, the way an operator
/// gets them: `cert export` (PEM, and PKCS#12 with the PIN), then `openssl pkcs12 -nodes`.
fn cert_and_key_pem(env: &Env, id: &str) -> (PathBuf, PathBuf) {
    let cert_pem = env.path(&format!("cert{id}.pem"));
    let p12 = env.path(&format!("cert{id}.p12"));
    let key_pem = env.path(&format!("key{id}.pem"));
    env.ok(&[
        "cert",
        "export",
        "--cert",
        id,
        "--format",
        "pem",
        "--out",
        s(&cert_pem),
    ]);
    env.ok(&[
        "cert",
        "export",
        "--cert",
        id,
        "--format",
        "p12",
        "--pin-file",
        &p(env, "pin"),
        "--out",
        s(&p12),
    ]);
    openssl_ok(&[
        "pkcs12",
        "-in",
        s(&p12),
        "-passin",
        &format!("file:{}", p(env, "pin")),
        "-nocerts",
        "-nodes",
        "-out",
        s(&key_pem),
    ]);
    (cert_pem, key_pem)
}

/// Runs catool with the clock ten months ahead (extension needs < 3 months left, D9).
fn ten_months_later(env: &Env, args: &[&str]) -> Output {
    let later = (chrono::Utc::now() + chrono::Duration::days(300)).to_rfc3339();
    env.cmd()
        .env("CATOOL_NOW", later)
        .args(args)
        .output()
        .unwrap()
}

fn succeeded(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "catool failed ({:?}):\nstdout: {}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or(Value::Null)
}

fn events(env: &Env, cert: &str, action: &str) -> Vec<Value> {
    env.json(&["log", "--cert", cert, "--action", action])
        .as_array()
        .unwrap()
        .clone()
}

// ---- round trips ---------------------------------------------------------------------------

#[test]
fn a_document_encrypted_to_an_rsa_certificate_decrypts_with_its_key_and_pin() {
    let env = with_ca("rsa2048");
    let id = issue(&env, 2, 2);
    let enc = encrypt(&env, &id, "bid.txt", "bid.p7m");
    assert_eq!(
        enc["recipient"]["cert_id"].as_i64().unwrap().to_string(),
        id
    );
    assert_eq!(enc["key_encryption"], "rsaes-oaep (sha256, mgf1-sha256)");
    assert_eq!(enc["content_encryption"], "aes-256-cbc");
    assert_eq!(enc["output"], p(&env, "bid.p7m"));
    assert_eq!(
        enc["bytes"].as_u64().unwrap(),
        std::fs::metadata(env.path("bid.p7m")).unwrap().len()
    );
    assert!(
        !std::fs::read(env.path("bid.p7m"))
            .unwrap()
            .windows(6)
            .any(|w| w == "报价".as_bytes())
    );
    let dec = decrypt(&env, &id, "bid.p7m", "bid.out");
    assert_eq!(read(&env, "bid.out"), BID);
    assert_eq!(dec["bytes"].as_u64().unwrap() as usize, BID.len());
    assert_eq!(
        dec["recipient"]["serial"],
        cert(&env, &id)["serial"],
        "{dec}"
    );
}

#[test]
fn a_document_encrypted_to_an_sm2_certificate_uses_sm2_and_sm4_and_decrypts() {
    let env = with_ca("sm2");
    let id = issue(&env, 2, 2);
    let enc = encrypt(&env, &id, "bid.txt", "bid.p7m");
    assert_eq!(enc["key_encryption"], "sm2encrypt");
    assert_eq!(enc["content_encryption"], "sm4-cbc");
    decrypt(&env, &id, "bid.p7m", "bid.out");
    assert_eq!(read(&env, "bid.out"), BID);
}

#[test]
fn the_decrypted_document_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let env = with_ca("sm2");
    let id = issue(&env, 2, 2);
    encrypt(&env, &id, "bid.txt", "bid.p7m");
    decrypt(&env, &id, "bid.p7m", "bid.out");
    let mode = std::fs::metadata(env.path("bid.out"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600, "{mode:o}");
}

#[test]
fn pem_output_round_trips_and_is_labelled_cms() {
    let env = with_ca("sm2");
    let id = issue(&env, 2, 2);
    env.ok(&[
        "encrypt",
        "--to",
        &id,
        "--pem",
        &p(&env, "bid.txt"),
        &p(&env, "bid.pem"),
    ]);
    assert!(read(&env, "bid.pem").starts_with("-----BEGIN CMS-----\n"));
    decrypt(&env, &id, "bid.pem", "bid.out");
    assert_eq!(read(&env, "bid.out"), BID);
}

#[test]
fn encryption_and_decryption_are_recorded_in_the_history() {
    let env = with_ca("sm2");
    let id = issue(&env, 2, 2);
    encrypt(&env, &id, "bid.txt", "bid.p7m");
    decrypt(&env, &id, "bid.p7m", "bid.out");
    let serial = cert(&env, &id)["serial"].clone();
    let enc = events(&env, &id, "cert.encrypt");
    assert_eq!(enc.len(), 1, "{enc:?}");
    assert_eq!(enc[0]["outcome"], "ok");
    assert_eq!(
        enc[0]["details"]["bytes"].as_u64().unwrap() as usize,
        BID.len()
    );
    assert_eq!(enc[0]["details"]["recipient_serial"], serial);
    let dec = events(&env, &id, "cert.decrypt");
    assert_eq!(dec.len(), 1, "{dec:?}");
    assert_eq!(dec[0]["outcome"], "ok");
    assert_eq!(dec[0]["details"]["recipient_serial"], serial);
    env.ok(&["log", "verify"]);
}

// ---- interop with openssl ------------------------------------------------------------------

#[test]
fn openssl_decrypts_what_catool_encrypted_to_an_rsa_certificate() {
    let env = with_ca("rsa2048");
    let id = issue(&env, 2, 2);
    encrypt(&env, &id, "bid.txt", "bid.p7m");
    let (cert_pem, key_pem) = cert_and_key_pem(&env, &id);
    let out = env.path("openssl.out");
    openssl_ok(&[
        "cms",
        "-decrypt",
        "-inform",
        "DER",
        "-in",
        &p(&env, "bid.p7m"),
        "-recip",
        s(&cert_pem),
        "-inkey",
        s(&key_pem),
        "-out",
        s(&out),
    ]);
    assert_eq!(read(&env, "openssl.out"), BID);
    // and the key transport is RSAES-OAEP with explicit SHA-256 parameters (RFC 4055)
    let dump = openssl_ok(&[
        "cms",
        "-cmsout",
        "-print",
        "-inform",
        "DER",
        "-in",
        &p(&env, "bid.p7m"),
    ]);
    assert!(dump.contains("rsaesOaep"), "{dump}");
    assert!(dump.contains("sha256"), "{dump}");
    assert!(dump.contains("mgf1"), "{dump}");
    assert!(dump.contains("aes-256-cbc"), "{dump}");
}

#[test]
fn openssl_decrypts_what_catool_encrypted_to_an_sm2_certificate() {
    let env = with_ca("sm2");
    let id = issue(&env, 2, 2);
    encrypt(&env, &id, "bid.txt", "bid.p7m");
    let (cert_pem, key_pem) = cert_and_key_pem(&env, &id);
    let out = env.path("openssl.out");
    openssl_ok(&[
        "cms",
        "-decrypt",
        "-inform",
        "DER",
        "-in",
        &p(&env, "bid.p7m"),
        "-recip",
        s(&cert_pem),
        "-inkey",
        s(&key_pem),
        "-out",
        s(&out),
    ]);
    assert_eq!(read(&env, "openssl.out"), BID);
}

#[test]
fn catool_decrypts_what_openssl_encrypted_with_rsa_oaep_sha256() {
    let env = with_ca("rsa2048");
    let id = issue(&env, 2, 2);
    let (cert_pem, _) = cert_and_key_pem(&env, &id);
    openssl_ok(&[
        "cms",
        "-encrypt",
        "-aes256",
        "-recip",
        s(&cert_pem),
        "-keyopt",
        "rsa_padding_mode:oaep",
        "-keyopt",
        "rsa_oaep_md:sha256",
        "-binary",
        "-outform",
        "DER",
        "-in",
        &p(&env, "bid.txt"),
        "-out",
        &p(&env, "openssl.p7m"),
    ]);
    let dec = decrypt(&env, &id, "openssl.p7m", "bid.out");
    assert_eq!(read(&env, "bid.out"), BID);
    assert_eq!(dec["key_encryption"], "rsaes-oaep (sha256, mgf1-sha256)");
}

#[test]
fn catool_decrypts_openssl_streamed_ber_with_its_default_padding() {
    // `openssl cms -encrypt` without options: RSA PKCS#1 v1.5; -stream: indefinite-length
    // BER with the content in chunks. A document larger than one chunk.
    let env = with_ca("rsa2048");
    let id = issue(&env, 2, 2);
    let (cert_pem, _) = cert_and_key_pem(&env, &id);
    let big: String = BID.repeat(4000);
    std::fs::write(env.path("big.txt"), &big).unwrap();
    openssl_ok(&[
        "cms",
        "-encrypt",
        "-aes128",
        "-stream",
        "-recip",
        s(&cert_pem),
        "-binary",
        "-outform",
        "DER",
        "-in",
        &p(&env, "big.txt"),
        "-out",
        &p(&env, "big.p7m"),
    ]);
    let dec = decrypt(&env, &id, "big.p7m", "big.out");
    assert_eq!(read(&env, "big.out"), big);
    assert_eq!(dec["key_encryption"], "rsa-pkcs1v15");
    assert_eq!(dec["content_encryption"], "aes-128-cbc");
}

// ---- recipients ----------------------------------------------------------------------------

#[test]
fn a_foreign_certificate_file_can_receive_documents() {
    let env = with_ca("sm2");
    let key = env.path("foreign.key");
    let crt = env.path("foreign.crt");
    openssl_ok(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        s(&key),
        "-out",
        s(&crt),
        "-days",
        "30",
        "-subj",
        "/CN=foreign bidder",
    ]);
    let enc = encrypt(&env, s(&crt), "bid.txt", "bid.p7m");
    assert!(enc["recipient"]["cert_id"].is_null(), "{enc}");
    assert_eq!(enc["recipient"]["subject"], "CN=foreign bidder");
    assert!(
        enc["warnings"][0]
            .as_str()
            .unwrap()
            .contains("not in this registry"),
        "{enc}"
    );
    openssl_ok(&[
        "cms",
        "-decrypt",
        "-inform",
        "DER",
        "-in",
        &p(&env, "bid.p7m"),
        "-recip",
        s(&crt),
        "-inkey",
        s(&key),
        "-out",
        &p(&env, "bid.out"),
    ]);
    assert_eq!(read(&env, "bid.out"), BID);
}

#[test]
fn a_certificate_file_of_the_registry_is_that_registry_certificate() {
    let env = with_ca("sm2");
    let id = issue(&env, 2, 2);
    let pem = env.path("c.pem");
    env.ok(&["cert", "export", "--cert", &id, "--out", s(&pem)]);
    let enc = encrypt(&env, s(&pem), "bid.txt", "bid.p7m");
    assert_eq!(
        enc["recipient"]["cert_id"].as_i64().unwrap().to_string(),
        id
    );
    decrypt(&env, &id, "bid.p7m", "bid.out");
    assert_eq!(read(&env, "bid.out"), BID);
    // …with its rules: revoked, the file no longer receives documents either
    env.ok(&[
        "cert",
        "revoke",
        "--cert",
        &id,
        "--reason",
        "key-compromise",
    ]);
    let err = env.fails(
        4,
        &[
            "encrypt",
            "--to",
            s(&pem),
            &p(&env, "bid.txt"),
            &p(&env, "x.p7m"),
        ],
    );
    assert!(err.contains("revoked"), "{err}");
}

#[test]
fn an_unknown_recipient_is_not_found() {
    let env = with_ca("sm2");
    let err = env.fails(
        3,
        &[
            "encrypt",
            "--to",
            "42",
            &p(&env, "bid.txt"),
            &p(&env, "x.p7m"),
        ],
    );
    assert!(err.contains("no certificate 42"), "{err}");
    let err = env.fails(
        5,
        &[
            "encrypt",
            "--to",
            &p(&env, "bid.txt"),
            &p(&env, "bid.txt"),
            &p(&env, "x.p7m"),
        ],
    );
    assert!(err.contains("not a DER or PEM certificate"), "{err}");
}

// ---- PIN and certificate state -------------------------------------------------------------

#[test]
fn a_wrong_pin_counts_toward_the_lockout_and_decrypts_nothing() {
    let env = with_ca("sm2");
    let id = issue(&env, 2, 2);
    encrypt(&env, &id, "bid.txt", "bid.p7m");
    let err = decrypt_fails(&env, 4, &id, "bad", "bid.p7m");
    assert!(err.contains("密码错误"), "{err}");
    assert!(err.contains("1 of 5"), "{err}");
    assert_eq!(cert(&env, &id)["wrong_pins"], 1);
    // the right PIN then works and resets the count (D11)
    decrypt(&env, &id, "bid.p7m", "bid.out");
    assert_eq!(cert(&env, &id)["wrong_pins"], 0);
}

#[test]
fn a_document_for_another_certificate_names_its_recipient() {
    let env = with_ca("sm2");
    let for_li = issue(&env, 2, 2);
    let wang = issue(&env, 3, 3);
    encrypt(&env, &for_li, "bid.txt", "bid.p7m");
    let err = decrypt_fails(&env, 4, &wang, "pin", "bid.p7m");
    assert!(
        err.contains(&format!("not encrypted to certificate {wang}")),
        "{err}"
    );
    let serial = cert(&env, &for_li)["serial"].as_str().unwrap().to_string();
    assert!(err.contains(&serial), "{err}");
    assert!(err.contains(&format!("= certificate {for_li}")), "{err}");
    // no PIN attempt was spent on it
    assert_eq!(cert(&env, &wang)["wrong_pins"], 0);
}

#[test]
fn a_revoked_certificate_can_neither_receive_nor_decrypt() {
    let env = with_ca("sm2");
    let id = issue(&env, 2, 2);
    encrypt(&env, &id, "bid.txt", "bid.p7m");
    env.ok(&[
        "cert",
        "revoke",
        "--cert",
        &id,
        "--reason",
        "key-compromise",
    ]);
    let err = env.fails(
        4,
        &[
            "encrypt",
            "--to",
            &id,
            &p(&env, "bid.txt"),
            &p(&env, "x.p7m"),
        ],
    );
    assert!(err.contains("无法加密") && err.contains("已吊销"), "{err}");
    assert!(!env.path("x.p7m").exists());
    let err = decrypt_fails(&env, 4, &id, "pin", "bid.p7m");
    assert!(err.contains("无法解密") && err.contains("已吊销"), "{err}");
    let refused = events(&env, &id, "cert.encrypt");
    assert_eq!(refused.last().unwrap()["outcome"], "refused", "{refused:?}");
}

#[test]
fn a_frozen_certificate_can_neither_receive_nor_decrypt_until_unfrozen() {
    let env = with_ca("sm2");
    let id = issue(&env, 2, 2);
    encrypt(&env, &id, "bid.txt", "bid.p7m");
    env.ok(&["cert", "freeze", "--cert", &id]);
    let err = env.fails(
        4,
        &[
            "encrypt",
            "--to",
            &id,
            &p(&env, "bid.txt"),
            &p(&env, "x.p7m"),
        ],
    );
    assert!(err.contains("已冻结"), "{err}");
    let err = decrypt_fails(&env, 4, &id, "pin", "bid.p7m");
    assert!(err.contains("已冻结"), "{err}");
    env.ok(&["cert", "unfreeze", "--cert", &id]);
    decrypt(&env, &id, "bid.p7m", "bid.out");
    assert_eq!(read(&env, "bid.out"), BID);
}

#[test]
fn only_the_holder_or_the_administrator_may_decrypt() {
    let env = with_ca("sm2");
    let id = issue(&env, 2, 2);
    encrypt(&env, &id, "bid.txt", "bid.p7m");
    // 王芳 proves who she is with a certificate of her own, and is refused all the same.
    let (_, fang_pin) = env.certify("3", "1");
    let mut args = decrypt_args(&env, &id, "pin", "bid.p7m", "x.out");
    args.splice(
        0..0,
        [
            "--as".to_string(),
            "3".to_string(),
            "--as-pin-file".to_string(),
            fang_pin,
        ],
    );
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let err = env.fails(4, &args);
    assert!(err.contains("无权限"), "{err}");
    let mut args = decrypt_args(&env, &id, "pin", "bid.p7m", "bid.out");
    args.splice(0..0, ["--as".to_string(), "2".to_string()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    env.ok(&args);
    assert_eq!(read(&env, "bid.out"), BID);
}

// ---- D10: extension and the key ------------------------------------------------------------

#[test]
fn d10_after_an_extension_without_keep_key_old_documents_cannot_be_decrypted() {
    let env = with_ca("sm2");
    let old = issue(&env, 2, 2);
    encrypt(&env, &old, "bid.txt", "bid.p7m");
    let new = succeeded(&ten_months_later(
        &env,
        &[
            "--json",
            "cert",
            "extend",
            "--cert",
            &old,
            "--pin-file",
            &p(&env, "pin"),
            "--yes",
        ],
    ))["id"]
        .as_i64()
        .unwrap()
        .to_string();
    let args = decrypt_args(&env, &new, "pin", "bid.p7m", "never.txt");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = ten_months_later(&env, &args);
    assert_eq!(out.status.code(), Some(4));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot decrypt (无法解密)"), "{err}");
    assert!(
        err.contains(&format!("encrypted to certificate {old}")),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "the key of certificate {new} does not open this document"
        )),
        "{err}"
    );
    assert!(
        err.contains("documents encrypted before an extension without --keep-key cannot be decrypted with the new key (D10)"),
        "{err}"
    );
    assert!(!env.path("never.txt").exists());
    // the old certificate is superseded: it cannot decrypt either
    let args = decrypt_args(&env, &old, "pin", "bid.p7m", "never.txt");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    assert_eq!(ten_months_later(&env, &args).status.code(), Some(4));
}

#[test]
fn d10_after_an_extension_with_keep_key_old_documents_still_decrypt() {
    let env = with_ca("sm2");
    let old = issue(&env, 2, 2);
    encrypt(&env, &old, "bid.txt", "bid.p7m");
    let new = succeeded(&ten_months_later(
        &env,
        &[
            "--json",
            "cert",
            "extend",
            "--cert",
            &old,
            "--pin-file",
            &p(&env, "pin"),
            "--keep-key",
        ],
    ))["id"]
        .as_i64()
        .unwrap()
        .to_string();
    assert_ne!(new, old);
    let args = decrypt_args(&env, &new, "pin", "bid.p7m", "bid.out");
    let mut all = vec!["--json"];
    all.extend(args.iter().map(String::as_str));
    let dec = succeeded(&ten_months_later(&env, &all));
    assert_eq!(read(&env, "bid.out"), BID);
    assert_eq!(
        dec["encrypted_to"]["cert_id"].as_i64().unwrap().to_string(),
        old,
        "{dec}"
    );
    assert_eq!(
        dec["recipient"]["cert_id"].as_i64().unwrap().to_string(),
        new
    );
}

#[test]
fn encrypting_to_a_certificate_close_to_extension_warns_about_d10() {
    let env = with_ca("sm2");
    let id = issue(&env, 2, 2);
    let out = ten_months_later(
        &env,
        &[
            "--json",
            "encrypt",
            "--to",
            &id,
            &p(&env, "bid.txt"),
            &p(&env, "bid.p7m"),
        ],
    );
    let enc = succeeded(&out);
    let w = enc["warnings"][0].as_str().unwrap_or_default();
    assert!(w.contains("--keep-key") && w.contains("D10"), "{enc}");
}

// ---- damaged input -------------------------------------------------------------------------

#[test]
fn a_truncated_document_is_bad_input() {
    let env = with_ca("rsa2048");
    let id = issue(&env, 2, 2);
    encrypt(&env, &id, "bid.txt", "bid.p7m");
    let doc = std::fs::read(env.path("bid.p7m")).unwrap();
    std::fs::write(env.path("cut.p7m"), &doc[..doc.len() - 20]).unwrap();
    let err = decrypt_fails(&env, 5, &id, "pin", "cut.p7m");
    assert!(
        err.contains("无法解密") && err.contains("truncated"),
        "{err}"
    );
    std::fs::write(env.path("junk.p7m"), "not an envelope at all").unwrap();
    let err = decrypt_fails(&env, 5, &id, "pin", "junk.p7m");
    assert!(err.contains("not a CMS document"), "{err}");
}

#[test]
fn a_damaged_encrypted_key_is_bad_input() {
    let env = with_ca("rsa2048");
    let id = issue(&env, 2, 2);
    encrypt(&env, &id, "bid.txt", "bid.p7m");
    let mut doc = std::fs::read(env.path("bid.p7m")).unwrap();
    // the 256-byte RSA-wrapped key: OCTET STRING, length 0x0100
    let at = doc
        .windows(4)
        .position(|w| w == [0x04, 0x82, 0x01, 0x00])
        .expect("wrapped key");
    doc[at + 4 + 100] ^= 0x01;
    std::fs::write(env.path("bad.p7m"), &doc).unwrap();
    let err = decrypt_fails(&env, 5, &id, "pin", "bad.p7m");
    assert!(
        err.contains("无法解密") && err.contains("does not open"),
        "{err}"
    );
}

#[test]
fn damaged_content_is_bad_input() {
    let env = with_ca("sm2");
    let id = issue(&env, 2, 2);
    encrypt(&env, &id, "bid.txt", "bid.p7m");
    let mut doc = std::fs::read(env.path("bid.p7m")).unwrap();
    // flipping the top bit of the last byte of the next-to-last CBC block flips the same bit
    // of the padding byte (1…16 → ≥ 0x81): invalid padding, always
    let n = doc.len();
    doc[n - 17] ^= 0x80;
    std::fs::write(env.path("bad.p7m"), &doc).unwrap();
    let err = decrypt_fails(&env, 5, &id, "pin", "bad.p7m");
    assert!(err.contains("无法解密") && err.contains("damaged"), "{err}");
}

#[test]
fn the_output_may_not_overwrite_the_input() {
    let env = with_ca("sm2");
    let id = issue(&env, 2, 2);
    // Refused even with --force (issue 12: an output never replaces an input).
    let err = env.fails(
        5,
        &[
            "encrypt",
            "--to",
            &id,
            &p(&env, "bid.txt"),
            &p(&env, "bid.txt"),
            "--force",
        ],
    );
    assert!(err.contains("is an input of this command"), "{err}");
    assert_eq!(read(&env, "bid.txt"), BID);
}
