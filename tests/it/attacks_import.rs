//! Attacks through `cert import` (issue 12, items 1 and 9), each against the real binary
//! with certificates made by the real `openssl`: a CA named like a registry CA must not get
//! its leaves linked to the registry CA, reissued, extended or onto that CA's CRL; CA
//! certificates, not-yet-valid ones and badly signed ones are not holder certificates;
//! duplicates are the same bytes (SHA-256 fingerprint), not the same issuer and serial; and no
//! certificate catool mints outlives its CA or the year D6 gives it.
//!
//! Where OpenSSL decides trust (`openssl verify -CAfile`), catool's decision is compared
//! with it.

use crate::common;
use crate::common::tamper;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::*;
use serde_json::Value;

const PIN: &str = "123456\n";
const NEW_PIN: &str = "654321\n";
/// The registry CA every test makes (RSA, so that `openssl verify` checks its leaves).
const REGISTRY_CA: &str = "测试CA";
/// 李娜's identity as catool writes it into her certificates (D14).
const LINA_SUBJECT: &str =
    "/C=CN/O=北京云签科技有限公司/OU=INDIVIDUAL/CN=李娜/serialNumber=110108199007050020";

// ---------------------------------------------------------------------------------------
// helpers

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 temp path")
}

fn openssl(args: &[&str]) -> Output {
    Command::new("openssl")
        .args(args)
        .output()
        .expect("run openssl")
}

/// Runs openssl and requires success; returns stdout followed by stderr.
fn openssl_ok(args: &[&str]) -> String {
    let out = openssl(args);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "openssl {args:?} failed: {text}");
    text
}

/// Whether `openssl verify -CAfile ca leaf` accepts the chain.
fn openssl_trusts(ca: &Path, leaf: &Path) -> bool {
    let out = openssl(&["verify", "-x509_strict", "-CAfile", s(ca), s(leaf)]);
    let said = String::from_utf8_lossy(&out.stdout);
    out.status.success() && said.trim() == format!("{}: OK", s(leaf))
}

/// Enterprise 1 (authorized, one paid package: slot 1 enterprise, 2 and 3 personal), the
/// RSA registry CA `测试CA` exported to `registry-ca.pem`, PIN files `pin` and `new-pin`.
fn registry() -> Env {
    require_tool("openssl", "apt-get install openssl");
    let env = Env::onboarded(true);
    env.ok(&["ca", "init", "--name", REGISTRY_CA, "--algo", "rsa2048"]);
    env.ok(&[
        "ca",
        "export",
        REGISTRY_CA,
        "--out",
        s(&env.path("registry-ca.pem")),
    ]);
    env.ok(&["package", "buy", "--org", "1"]);
    env.ok(&["package", "pay", "--package", "1"]);
    write_secret(&env.path("pin"), PIN);
    write_secret(&env.path("new-pin"), NEW_PIN);
    env
}

fn pin(env: &Env) -> String {
    s(&env.path("pin")).to_string()
}

fn new_pin(env: &Env) -> String {
    s(&env.path("new-pin")).to_string()
}

/// Issues slot 2 to 李娜 from the registry CA; returns the certificate's JSON view.
fn issue_lina(env: &Env) -> Value {
    env.ok(&[
        "cert", "assign", "--slot", "2", "--owner", "李娜", "--holder", "李娜",
    ]);
    env.json(&["cert", "issue", "--slot", "2", "--pin-file", &pin(env)])
}

fn cert_list(env: &Env) -> Vec<Value> {
    env.json(&["cert", "list"])
        .as_array()
        .expect("cert list is an array")
        .clone()
}

/// Serials on the registry CA's next CRL.
fn crl_serials(env: &Env) -> Vec<String> {
    env.json(&["crl", "--ca", REGISTRY_CA])["entries"]
        .as_array()
        .expect("CRL entries")
        .iter()
        .map(|e| e["serial"].as_str().expect("serial").to_string())
        .collect()
}

/// Outcomes of the history events of `action`.
fn outcomes(env: &Env, action: &str) -> Vec<String> {
    env.json(&["log", "--action", action])
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["outcome"].as_str().expect("outcome").to_string())
        .collect()
}

/// The extensions files the certificates below are made with.
const OPENSSL_CNF: &str = "\
[req]
distinguished_name = dn
string_mask = utf8only
utf8 = yes
[dn]
[ca_ext]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[leaf_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[cert_sign_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyCertSign
[ca]
default_ca = d
[d]
database = {dir}/index.txt
new_certs_dir = {dir}
serial = {dir}/serial
default_md = sha256
policy = anything
unique_subject = no
email_in_dn = no
[anything]
countryName = optional
organizationName = optional
organizationalUnitName = optional
commonName = supplied
serialNumber = optional
";

/// A CA made with openssl outside the registry (its own directory, key and database).
struct OpensslCa {
    dir: PathBuf,
    cnf: PathBuf,
    cert: PathBuf,
    key: PathBuf,
}

/// A leaf made by an [`OpensslCa`]: certificate and PKCS#8 key files.
struct Leaf {
    cert: PathBuf,
    key: PathBuf,
}

impl OpensslCa {
    /// A root CA (CA:TRUE, keyCertSign) with `subject`, in `<stem>/`.
    fn new(env: &Env, stem: &str, subject: &str) -> OpensslCa {
        let dir = env.path(stem);
        std::fs::create_dir(&dir).expect("mkdir");
        std::fs::write(dir.join("index.txt"), "").expect("index");
        let cnf = dir.join("openssl.cnf");
        std::fs::write(&cnf, OPENSSL_CNF.replace("{dir}", s(&dir))).expect("cnf");
        let ca = OpensslCa {
            cert: dir.join("ca.pem"),
            key: dir.join("ca.key"),
            dir,
            cnf,
        };
        openssl_ok(&[
            "req",
            "-x509",
            "-config",
            s(&ca.cnf),
            "-extensions",
            "ca_ext",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            s(&ca.key),
            "-out",
            s(&ca.cert),
            "-days",
            "7300",
            "-utf8",
            "-subj",
            subject,
        ]);
        ca
    }

    /// Signs a new RSA key for `subject` with `openssl ca`: extensions section `ext`,
    /// validity `start` (now when `None`) to `end` (YYYYMMDDHHMMSSZ), serial `serial_hex`.
    fn leaf(
        &self,
        stem: &str,
        subject: &str,
        ext: &str,
        start: Option<&str>,
        end: &str,
        serial_hex: &str,
    ) -> Leaf {
        let leaf = Leaf {
            cert: self.dir.join(format!("{stem}.pem")),
            key: self.dir.join(format!("{stem}.key")),
        };
        let csr = self.dir.join(format!("{stem}.csr"));
        std::fs::write(self.dir.join("serial"), format!("{serial_hex}\n")).expect("serial");
        openssl_ok(&[
            "req",
            "-new",
            "-config",
            s(&self.cnf),
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            s(&leaf.key),
            "-out",
            s(&csr),
            "-utf8",
            "-subj",
            subject,
        ]);
        let mut args = vec![
            "ca",
            "-batch",
            "-config",
            s(&self.cnf),
            "-cert",
            s(&self.cert),
            "-keyfile",
            s(&self.key),
            "-in",
            s(&csr),
            "-out",
            s(&leaf.cert),
            "-extensions",
            ext,
            "-enddate",
            end,
            "-notext",
            "-utf8",
            "-preserveDN",
        ];
        if let Some(start) = start {
            args.extend(["-startdate", start]);
        }
        let out = Command::new("openssl")
            .args(&args)
            .output()
            .expect("run openssl ca");
        assert!(
            out.status.success(),
            "openssl ca failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        leaf
    }
}

/// `openssl x509 -noout <what> -nameopt utf8` of a certificate, trimmed.
fn x509_field(cert: &Path, what: &str) -> String {
    openssl_ok(&["x509", "-in", s(cert), "-noout", what, "-nameopt", "utf8"])
        .trim()
        .to_string()
}

/// A file holding the certificate followed by `chain` (PEM).
fn with_chain(env: &Env, name: &str, cert: &Path, chain: &[&Path]) -> PathBuf {
    let mut pem = std::fs::read_to_string(cert).expect("read PEM");
    for c in chain {
        pem.push_str(&std::fs::read_to_string(c).expect("read PEM"));
    }
    let out = env.path(name);
    std::fs::write(&out, pem).expect("write PEM");
    out
}

/// `cert import FILE --key KEY --pin-file pin --org 1 --holder 李娜`.
fn import_args<'a>(env: &'a Env, file: &'a str, key: &'a str) -> Vec<String> {
    [
        "cert",
        "import",
        file,
        "--key",
        key,
        "--pin-file",
        &pin(env),
        "--org",
        "1",
        "--holder",
        "李娜",
    ]
    .iter()
    .map(|a| a.to_string())
    .collect()
}

fn import_leaf(env: &Env, cert: &Path, key: &Path) -> Value {
    let args = import_args(env, s(cert), s(key));
    let mut all = vec!["--json"];
    all.extend(args.iter().map(String::as_str));
    let out = env.ok(&all);
    serde_json::from_str(&out).expect("JSON")
}

fn import_refused(env: &Env, code: i32, cert: &Path, key: &Path) -> String {
    let before = cert_list(env).len();
    let args = import_args(env, s(cert), s(key));
    let all: Vec<&str> = args.iter().map(String::as_str).collect();
    let err = env.fails(code, &all);
    assert_eq!(
        cert_list(env).len(),
        before,
        "a refused import left a certificate behind"
    );
    assert!(common::is_one_error(&err), "not one error: {err}");
    err
}

/// 李娜's leaf from a CA named exactly like the registry CA, valid until 9999-12-31.
fn forged_ca_and_leaf(env: &Env, serial_hex: &str) -> (OpensslCa, Leaf) {
    let forged = OpensslCa::new(
        env,
        "forged",
        &format!("/C=CN/O={REGISTRY_CA}/CN={REGISTRY_CA}"),
    );
    assert_eq!(
        x509_field(&forged.cert, "-subject"),
        x509_field(&env.path("registry-ca.pem"), "-subject"),
        "the forged CA must be named exactly like the registry CA"
    );
    let leaf = forged.leaf(
        "leaf",
        LINA_SUBJECT,
        "leaf_ext",
        None,
        "99991231235959Z",
        serial_hex,
    );
    (forged, leaf)
}

// ---------------------------------------------------------------------------------------
// item 1: forged CA issuance

/// The scenario of issue 12 item 1, step by step: the import of the forged leaf is refused
/// (its signature does not verify under the registry CA it names), so the reissue has
/// nothing to reissue; nothing is minted, the CRL does not carry the forged serial, and
/// OpenSSL agrees that the leaf does not chain to the registry CA.
#[test]
fn a_leaf_from_a_ca_named_like_the_registry_ca_is_not_imported_reissued_or_put_on_its_crl() {
    let env = registry();
    let (forged, leaf) = forged_ca_and_leaf(&env, "1001");
    let registry_ca = env.path("registry-ca.pem");
    // Control: the forged chain is sound in itself; only the name is borrowed.
    assert!(openssl_trusts(&forged.cert, &leaf.cert));
    assert!(!openssl_trusts(&registry_ca, &leaf.cert));

    let err = import_refused(&env, 4, &leaf.cert, &leaf.key);
    assert!(
        err.contains(REGISTRY_CA) && err.contains("signature"),
        "{err}"
    );
    let out = env.run(&[
        "cert",
        "reissue",
        "--cert",
        "1",
        "--new-pin-file",
        &new_pin(&env),
    ]);
    assert!(!out.status.success(), "reissue of nothing succeeded");
    // Nothing catool holds chains to the registry CA with the forged validity.
    for c in cert_list(&env) {
        let pem = env.path(&format!("out-{}.pem", c["cert_id"]));
        env.ok(&[
            "cert",
            "export",
            "--cert",
            &c["cert_id"].to_string(),
            "--format",
            "pem",
            "--out",
            s(&pem),
        ]);
        assert!(
            !(openssl_trusts(&registry_ca, &pem) && x509_field(&pem, "-enddate").contains("9999")),
            "catool holds a registry certificate valid until 9999"
        );
    }
    assert!(cert_list(&env).is_empty(), "something was minted");
    assert!(!crl_serials(&env).contains(&"1001".to_string()));
    assert_eq!(outcomes(&env, "cert.import"), ["refused"]);
    env.ok(&["log", "verify"]);
}

/// The same forged leaf with its forged CA supplied as the chain (PEM) and in a PKCS#12:
/// the signature verifies under the supplied issuer, but the name is the registry CA's,
/// whose key did not sign it.
#[test]
fn a_forged_leaf_with_its_forged_ca_as_chain_is_still_refused() {
    let env = registry();
    let (forged, leaf) = forged_ca_and_leaf(&env, "1002");
    let pem = with_chain(&env, "chain.pem", &leaf.cert, &[&forged.cert]);
    let err = import_refused(&env, 4, &pem, &leaf.key);
    assert!(err.contains(REGISTRY_CA), "{err}");
    let password = env.path("p12-password");
    std::fs::write(&password, "p12 password\n").expect("password");
    let p12 = env.path("forged.p12");
    openssl_ok(&[
        "pkcs12",
        "-export",
        "-in",
        s(&leaf.cert),
        "-inkey",
        s(&leaf.key),
        "-certfile",
        s(&forged.cert),
        "-passout",
        &format!("file:{}", s(&password)),
        "-out",
        s(&p12),
    ]);
    let err = env.fails(
        4,
        &[
            "cert",
            "import",
            s(&p12),
            "--password-file",
            s(&password),
            "--pin-file",
            &pin(&env),
            "--org",
            "1",
            "--holder",
            "李娜",
        ],
    );
    assert!(err.contains(REGISTRY_CA), "{err}");
    assert!(cert_list(&env).is_empty());
}

/// A certificate from a CA with another name imports as a foreign certificate: no CA
/// link, and OpenSSL does not chain it to the registry CA either.
#[test]
fn a_foreign_certificate_imports_without_a_link_to_any_registry_ca() {
    let env = registry();
    let other = OpensslCa::new(&env, "other", "/C=CN/O=Other CA/CN=Other CA");
    let leaf = other.leaf(
        "leaf",
        LINA_SUBJECT,
        "leaf_ext",
        None,
        "20991231235959Z",
        "2001",
    );
    let v = import_leaf(&env, &leaf.cert, &leaf.key);
    assert!(v["ca_id"].is_null(), "{v}");
    assert!(v["slot_id"].is_null(), "{v}");
    assert!(!openssl_trusts(&env.path("registry-ca.pem"), &leaf.cert));
}

/// A foreign certificate imported into the enterprise for 李娜 cannot be reissued into a
/// certificate of the registry CA: refused, naming what to do; nothing minted.
#[test]
fn a_foreign_certificate_cannot_be_reissued_into_a_registry_certificate() {
    let env = registry();
    let other = OpensslCa::new(&env, "other", "/C=CN/O=Other CA/CN=Other CA");
    let leaf = other.leaf(
        "leaf",
        LINA_SUBJECT,
        "leaf_ext",
        None,
        "99991231235959Z",
        "2002",
    );
    let id = import_leaf(&env, &leaf.cert, &leaf.key)["id"].to_string();
    let err = env.fails(
        4,
        &[
            "cert",
            "reissue",
            "--cert",
            &id,
            "--new-pin-file",
            &new_pin(&env),
        ],
    );
    assert!(
        err.contains("not issued") && err.contains("cert assign"),
        "{err}"
    );
    let list = cert_list(&env);
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0]["state"], "active");
    assert_eq!(outcomes(&env, "cert.reissue"), ["refused"]);
}

/// Nor extended: refused before the PIN is even asked, with a slot left unconsumed.
#[test]
fn a_foreign_certificate_cannot_be_extended_into_a_registry_certificate() {
    let env = registry();
    let other = OpensslCa::new(&env, "other", "/C=CN/O=Other CA/CN=Other CA");
    // Less than three months left, so only the origin can stop the extension (D9).
    let end = (chrono::Utc::now() + chrono::Duration::days(30))
        .format("%Y%m%d%H%M%SZ")
        .to_string();
    let leaf = other.leaf("leaf", LINA_SUBJECT, "leaf_ext", None, &end, "2003");
    let id = import_leaf(&env, &leaf.cert, &leaf.key)["id"].to_string();
    let err = env.fails(
        4,
        &[
            "cert",
            "extend",
            "--cert",
            &id,
            "--pin-file",
            &pin(&env),
            "--yes",
        ],
    );
    assert!(
        err.contains("not issued") && err.contains("cert assign"),
        "{err}"
    );
    assert_eq!(cert_list(&env).len(), 1);
    let slots = env.json(&["package", "show", "1"])["slots"].clone();
    assert!(
        slots
            .as_array()
            .expect("slots")
            .iter()
            .all(|s| s["state"] == "unassigned"),
        "{slots}"
    );
}

/// A certificate really signed by the registry CA but not in the registry (its row lost,
/// here deleted with sqlite3) links to the CA by signature on import, and still cannot be
/// reissued: it was not issued into a slot of this registry.
#[test]
fn a_certificate_the_registry_ca_signed_links_by_signature_but_is_not_reissued() {
    let env = registry();
    let issued = issue_lina(&env);
    let id = issued["id"].to_string();
    let p12 = env.path("lina.p12");
    env.ok(&[
        "cert",
        "export",
        "--cert",
        &id,
        "--format",
        "p12",
        "--pin-file",
        &pin(&env),
        "--out",
        s(&p12),
    ]);
    // Certificates are never deleted (schema v3): done behind the schema's back.
    tamper::behind_the_schema(
        &env,
        "certs_never_deleted",
        &format!("DELETE FROM certs WHERE id = {id}"),
    );
    let v = env.json(&[
        "cert",
        "import",
        s(&p12),
        "--password-file",
        &pin(&env),
        "--pin-file",
        &pin(&env),
    ]);
    assert_eq!(v["ca_id"], 1, "{v}");
    assert!(v["slot_id"].is_null(), "{v}");
    let err = env.fails(
        4,
        &[
            "cert",
            "reissue",
            "--cert",
            &v["id"].to_string(),
            "--new-pin-file",
            &new_pin(&env),
        ],
    );
    assert!(err.contains("not issued"), "{err}");
}

/// Registries written before this check linked foreign certificates by issuer name
/// (simulated with sqlite3): such a certificate, revoked, stays off the CA's CRL, and cannot
/// be reissued.
#[test]
fn a_crl_lists_only_certificates_its_ca_signed() {
    let env = registry();
    let other = OpensslCa::new(&env, "other", "/C=CN/O=Other CA/CN=Other CA");
    let leaf = other.leaf(
        "leaf",
        LINA_SUBJECT,
        "leaf_ext",
        None,
        "20991231235959Z",
        "2004",
    );
    let id = import_leaf(&env, &leaf.cert, &leaf.key)["id"].to_string();
    // Linked to the registry CA by issuer name alone, as imports once were (now behind the
    // schema: a certificate's CA never changes).
    tamper::behind_triggers(
        &env,
        &["cert_identity_fixed"],
        &format!("UPDATE certs SET ca_id = 1 WHERE id = {id}"),
    );
    env.ok(&[
        "cert",
        "revoke",
        "--cert",
        &id,
        "--reason",
        "key-compromise",
    ]);
    let genuine = issue_lina(&env);
    env.ok(&[
        "cert",
        "revoke",
        "--cert",
        &genuine["id"].to_string(),
        "--reason",
        "key-compromise",
    ]);
    let serials = crl_serials(&env);
    assert!(!serials.contains(&"2004".to_string()), "{serials:?}");
    assert_eq!(
        serials,
        [genuine["serial"].as_str().expect("serial").to_string()]
    );
}

// ---------------------------------------------------------------------------------------
// item 9: imports believed without checks

#[test]
fn a_ca_certificate_is_refused_as_a_holder_certificate() {
    let env = registry();
    let ca = OpensslCa::new(&env, "ca", "/C=CN/O=Some CA/CN=Some CA");
    let err = import_refused(&env, 4, &ca.cert, &ca.key);
    assert!(err.contains("CA certificate"), "{err}");
}

#[test]
fn a_certificate_allowed_to_sign_certificates_is_refused_as_a_holder_certificate() {
    let env = registry();
    let other = OpensslCa::new(&env, "other", "/C=CN/O=Other CA/CN=Other CA");
    let leaf = other.leaf(
        "signer",
        LINA_SUBJECT,
        "cert_sign_ext",
        None,
        "20991231235959Z",
        "3001",
    );
    let text = openssl_ok(&["x509", "-in", s(&leaf.cert), "-noout", "-text"]);
    assert!(text.contains("CA:FALSE") && text.contains("Certificate Sign"));
    let err = import_refused(&env, 4, &leaf.cert, &leaf.key);
    assert!(err.contains("keyCertSign"), "{err}");
}

#[test]
fn a_certificate_not_yet_valid_is_refused() {
    let env = registry();
    let other = OpensslCa::new(&env, "other", "/C=CN/O=Other CA/CN=Other CA");
    let leaf = other.leaf(
        "future",
        LINA_SUBJECT,
        "leaf_ext",
        Some("20500101000000Z"),
        "20510101000000Z",
        "3002",
    );
    let err = import_refused(&env, 4, &leaf.cert, &leaf.key);
    assert!(
        err.contains("not yet valid") && err.contains("2050-01-01"),
        "{err}"
    );
}

/// Signed by one CA, supplied with another of the same name: the signature does not verify
/// against the issuer given with it (OpenSSL says the same). The right issuer imports.
#[test]
fn a_certificate_whose_signature_fails_against_the_supplied_issuer_is_refused() {
    let env = registry();
    let real = OpensslCa::new(&env, "real", "/C=CN/O=Other CA/CN=Other CA");
    let impostor = OpensslCa::new(&env, "impostor", "/C=CN/O=Other CA/CN=Other CA");
    let leaf = real.leaf(
        "leaf",
        LINA_SUBJECT,
        "leaf_ext",
        None,
        "20991231235959Z",
        "3003",
    );
    assert!(!openssl_trusts(&impostor.cert, &leaf.cert));
    let wrong = with_chain(&env, "wrong-chain.pem", &leaf.cert, &[&impostor.cert]);
    let err = import_refused(&env, 4, &wrong, &leaf.key);
    assert!(
        err.contains("signature") && err.contains("does not verify"),
        "{err}"
    );
    assert!(openssl_trusts(&real.cert, &leaf.cert));
    let right = with_chain(&env, "right-chain.pem", &leaf.cert, &[&real.cert]);
    let v = import_leaf(&env, &right, &leaf.key);
    assert!(v["ca_id"].is_null(), "{v}");
}

/// A certificate whose signature bytes were altered, supplied with its genuine issuer.
#[test]
fn a_certificate_with_an_altered_signature_is_refused_against_its_issuer() {
    let env = registry();
    let other = OpensslCa::new(&env, "other", "/C=CN/O=Other CA/CN=Other CA");
    let leaf = other.leaf(
        "leaf",
        LINA_SUBJECT,
        "leaf_ext",
        None,
        "20991231235959Z",
        "3004",
    );
    let der = env.path("leaf.der");
    openssl_ok(&[
        "x509",
        "-in",
        s(&leaf.cert),
        "-outform",
        "DER",
        "-out",
        s(&der),
    ]);
    let mut bytes = std::fs::read(&der).expect("read DER");
    let last = bytes.len() - 1;
    bytes[last] ^= 0x01; // the last octet of the signature
    std::fs::write(&der, &bytes).expect("write DER");
    let altered = env.path("altered.pem");
    openssl_ok(&[
        "x509",
        "-inform",
        "DER",
        "-in",
        s(&der),
        "-out",
        s(&altered),
    ]);
    assert!(!openssl_trusts(&other.cert, &altered));
    let chained = with_chain(&env, "altered-chain.pem", &altered, &[&other.cert]);
    let err = import_refused(&env, 4, &chained, &leaf.key);
    assert!(err.contains("does not verify"), "{err}");
}

/// A certificate forged with the serial of a genuine registry certificate is refused as a
/// forgery (not mistaken for the genuine one), and the CRL lists the genuine serial only
/// for the genuine certificate's revocation.
#[test]
fn a_forged_certificate_with_a_genuine_registry_serial_is_refused_and_stays_off_the_crl() {
    let env = registry();
    let genuine = issue_lina(&env);
    let serial = genuine["serial"].as_str().expect("serial").to_string();
    let (_, forged) = forged_ca_and_leaf(&env, &serial);
    assert_eq!(
        x509_field(&forged.cert, "-serial"),
        format!("serial={serial}")
    );
    let err = import_refused(&env, 4, &forged.cert, &forged.key);
    assert!(err.contains("signature"), "{err}");
    assert!(!err.contains("already imported"), "{err}");
    assert!(crl_serials(&env).is_empty());
    env.ok(&[
        "cert",
        "revoke",
        "--cert",
        &genuine["id"].to_string(),
        "--reason",
        "superseded",
    ]);
    let crl = env.json(&["crl", "--ca", REGISTRY_CA]);
    let entries = crl["entries"].as_array().expect("entries");
    assert_eq!(entries.len(), 1, "{crl}");
    assert_eq!(entries[0]["cert_id"], genuine["id"]);
}

/// Two certificates of one foreign issuer with one serial: one of them is forged (made with
/// another key under the same name). Imported first, the forgery does not shadow the
/// genuine one, which imports too; each is then found again by its own fingerprint.
#[test]
fn a_forged_foreign_certificate_with_a_genuine_serial_does_not_shadow_the_genuine_one() {
    let env = registry();
    let real = OpensslCa::new(&env, "real", "/C=CN/O=Other CA/CN=Other CA");
    let forger = OpensslCa::new(&env, "forger", "/C=CN/O=Other CA/CN=Other CA");
    let genuine = real.leaf(
        "genuine",
        LINA_SUBJECT,
        "leaf_ext",
        None,
        "20991231235959Z",
        "4001",
    );
    let forged = forger.leaf(
        "forged",
        LINA_SUBJECT,
        "leaf_ext",
        None,
        "20991231235959Z",
        "4001",
    );
    let forged_id = import_leaf(&env, &forged.cert, &forged.key)["id"].clone();
    let chained = with_chain(&env, "genuine-chain.pem", &genuine.cert, &[&real.cert]);
    let genuine_v = import_leaf(&env, &chained, &genuine.key);
    assert_ne!(genuine_v["id"], forged_id);
    assert_eq!(genuine_v["serial"], "4001");
    assert_ne!(
        genuine_v["sha256_fingerprint"],
        env.json(&["cert", "show", &forged_id.to_string()])["sha256_fingerprint"]
    );
    let err = import_refused(&env, 4, &forged.cert, &forged.key);
    assert!(
        err.contains("already imported") && err.contains(&format!("certificate {forged_id}")),
        "{err}"
    );
    let err = import_refused(&env, 4, &genuine.cert, &genuine.key);
    assert!(
        err.contains(&format!("certificate {}", genuine_v["id"])),
        "{err}"
    );
}

// ---------------------------------------------------------------------------------------
// validity caps (D6, D8, D9): never beyond the CA, never more than the year a minting gives

fn at(env: &Env, when: chrono::DateTime<chrono::Utc>, args: &[&str]) -> Output {
    env.cmd()
        .env("CATOOL_NOW", when.to_rfc3339())
        .args(args)
        .output()
        .expect("run catool")
}

fn time(v: &Value, field: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(v[field].as_str().expect("time"))
        .expect("RFC 3339")
        .with_timezone(&chrono::Utc)
}

/// A one-year CA made a month ago cannot give a new certificate its year (D6): refused,
/// naming the CA's end, and the slot stays unissued.
#[test]
fn issuing_from_a_ca_that_ends_within_the_year_is_refused() {
    let env = registry();
    let month_ago = chrono::Utc::now() - chrono::Duration::days(30);
    let out = at(
        &env,
        month_ago,
        &[
            "ca", "init", "--name", "short", "--algo", "rsa2048", "--years", "1",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    env.ok(&[
        "cert", "assign", "--slot", "2", "--owner", "李娜", "--holder", "李娜",
    ]);
    let err = env.fails(
        4,
        &[
            "cert",
            "issue",
            "--slot",
            "2",
            "--ca",
            "short",
            "--pin-file",
            &pin(&env),
        ],
    );
    assert!(err.contains("short") && err.contains("ca init"), "{err}");
    assert!(cert_list(&env).iter().all(|c| c["state"] == "pending"));
}

/// The end a reissue keeps is the one written in the replaced certificate (signed by the
/// CA), not a stored copy: a registry edited to say 9999 still gets the real end.
#[test]
fn reissue_keeps_the_signed_end_and_never_outlives_the_ca() {
    let env = registry();
    let old = issue_lina(&env);
    let id = old["id"].to_string();
    env.sqlite3(&format!(
        "UPDATE certs SET not_after = '9999-12-31T23:59:59Z' WHERE id = {id};"
    ));
    let new = env.json(&[
        "cert",
        "reissue",
        "--cert",
        &id,
        "--new-pin-file",
        &new_pin(&env),
    ]);
    assert_eq!(new["not_after"], old["not_after"]);
    let ca = env.json(&["ca", "show", REGISTRY_CA]);
    assert!(time(&new, "not_after") <= time(&ca, "not_after"));
    assert!(time(&new, "not_after") <= chrono::Utc::now() + chrono::Duration::days(366));
}

/// An extension that would end after its CA is refused (no slot consumed): catool does not
/// sell a year the CA cannot give.
#[test]
fn extension_beyond_the_ca_end_is_refused_and_consumes_no_slot() {
    let env = registry();
    let start = chrono::Utc::now() - chrono::Duration::days(300);
    let ok = |args: &[&str]| {
        let out = at(&env, start, args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    };
    ok(&[
        "ca", "init", "--name", "short", "--algo", "rsa2048", "--years", "1",
    ]);
    ok(&[
        "cert", "assign", "--slot", "2", "--owner", "李娜", "--holder", "李娜",
    ]);
    let out = ok(&[
        "--json",
        "cert",
        "issue",
        "--slot",
        "2",
        "--ca",
        "short",
        "--pin-file",
        &pin(&env),
    ]);
    let issued: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let err = env.fails(
        4,
        &[
            "cert",
            "extend",
            "--cert",
            &issued["id"].to_string(),
            "--pin-file",
            &pin(&env),
            "--keep-key",
        ],
    );
    assert!(err.contains("short") && err.contains("无法延期"), "{err}");
    let slots = env.json(&["package", "show", "1"])["slots"].clone();
    let unassigned = slots
        .as_array()
        .expect("slots")
        .iter()
        .filter(|s| s["state"] == "unassigned")
        .count();
    assert_eq!(unassigned, 2, "{slots}");
    assert_eq!(cert_list(&env).len(), 1);
}

// ---------------------------------------------------------------------------------------
// registries written before: issuer + serial was a table constraint (schema v1)

/// Turns a registry back into schema v1 (certificates unique per issuer name and serial),
/// as catool before this change wrote it, keeping its rows.
fn downgrade_to_v1(env: &Env) {
    let v1 = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("src/registry/migrations/0001_initial.sql"),
    )
    .expect("read the v1 schema");
    let start = v1.find("CREATE TABLE certs (").expect("certs table");
    let end = start + v1[start..].find(") STRICT;").expect("end of certs") + ") STRICT;".len();
    let table = v1[start..end].replace("CREATE TABLE certs (", "CREATE TABLE certs_v1 (");
    let indexes_at = v1
        .find("CREATE UNIQUE INDEX one_live_cert_per_slot")
        .expect("index");
    let indexes_end = v1[indexes_at..].find("CREATE TABLE seals").expect("seals") + indexes_at;
    env.sqlite3(&format!(
        "PRAGMA foreign_keys = OFF; BEGIN; {table}
         INSERT INTO certs_v1 SELECT id, slot_id, ca_id, org_id, kind, owner_person_id,
             serial_hex, issuer_dn, subject_dn, algo, not_before, not_after, cert_der,
             key_sealed, status, revoked_at, revoke_reason, frozen_at, wrong_pins, locked,
             holder_person_id, bound_person_id, bound_at, replaces_cert_id, created_at
             FROM certs;
         DROP TABLE certs; ALTER TABLE certs_v1 RENAME TO certs; {indexes}
         PRAGMA user_version = 1; COMMIT;",
        indexes = &v1[indexes_at..indexes_end]
    ));
    // And the rest of what a v1 registry was: an unkeyed history, no later schema objects.
    tamper::as_v1_registry(env, true);
}

/// A v1 registry with a reissued certificate (a row referring to another) is migrated on
/// first use: rows and references intact, the reissued certificate usable, and two imported
/// certificates of one issuer name and serial can then both be in it.
#[test]
fn a_v1_registry_is_migrated_with_its_certificates_and_then_takes_namesakes() {
    let env = registry();
    let old = issue_lina(&env);
    let new = env.json(&[
        "cert",
        "reissue",
        "--cert",
        &old["id"].to_string(),
        "--new-pin-file",
        &new_pin(&env),
    ]);
    downgrade_to_v1(&env);
    assert_eq!(env.sqlite3("PRAGMA user_version;").trim(), "1");
    assert!(
        env.sqlite3("SELECT sql FROM sqlite_schema WHERE name = 'certs';")
            .contains("UNIQUE (issuer_dn, serial_hex)")
    );

    let list = cert_list(&env);
    assert_eq!(list.len(), 2, "{list:?}");
    assert_eq!(
        env.sqlite3("PRAGMA user_version;").trim(),
        catool::registry::SCHEMA_VERSION.to_string()
    );
    assert_eq!(env.sqlite3("PRAGMA foreign_key_check;").trim(), "");
    assert_eq!(
        env.sqlite3(&format!(
            "SELECT replaces_cert_id FROM certs WHERE id = {};",
            new["id"]
        ))
        .trim(),
        old["id"].to_string()
    );
    env.ok(&[
        "cert",
        "verify-pin",
        "--cert",
        &new["id"].to_string(),
        "--pin-file",
        &new_pin(&env),
    ]);
    env.ok(&["log", "verify"]);

    let real = OpensslCa::new(&env, "real", "/C=CN/O=Other CA/CN=Other CA");
    let forger = OpensslCa::new(&env, "forger", "/C=CN/O=Other CA/CN=Other CA");
    let a = real.leaf(
        "a",
        LINA_SUBJECT,
        "leaf_ext",
        None,
        "20991231235959Z",
        "5001",
    );
    let b = forger.leaf(
        "b",
        LINA_SUBJECT,
        "leaf_ext",
        None,
        "20991231235959Z",
        "5001",
    );
    import_leaf(&env, &b.cert, &b.key);
    import_leaf(&env, &a.cert, &a.key);
    assert_eq!(cert_list(&env).len(), 4);
}
