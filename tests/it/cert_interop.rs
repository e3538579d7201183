//! Certificate interop with the real `openssl` CLI (OpenSSL 3.0): what catool issues,
//! openssl verifies and reads; what openssl makes, catool imports and uses.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::*;
use serde_json::Value;

/// GM/T 0009 default SM2 distinguishing ID, which catool signs with.
const SM2_DISTID: &str = "distid:1234567812345678";
const PIN: &str = "123456\n";
const OTHER_PIN: &str = "654321\n";
const ORG_NAME: &str = "北京云签科技有限公司";

// ---------------------------------------------------------------------------------------
// helpers

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 temp path")
}

/// Runs openssl; returns the output whatever the exit code.
fn openssl(args: &[&str]) -> Output {
    Command::new("openssl")
        .args(args)
        .output()
        .expect("run openssl")
}

/// Runs openssl, requires success; returns stdout followed by stderr (openssl writes some
/// reports, e.g. `verify OK` and `pkcs12 -info`, to stderr).
fn openssl_ok(args: &[&str]) -> String {
    let out = openssl(args);
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(
        out.status.success(),
        "openssl {args:?} failed ({:?}):\nstdout: {stdout}\nstderr: {stderr}",
        out.status.code()
    );
    format!("{stdout}{stderr}")
}

fn write(env: &Env, name: &str, contents: &str) -> PathBuf {
    let p = env.path(name);
    std::fs::write(&p, contents).expect("write test file");
    p
}

/// Enterprise 1 authorized, with one paid package (slot 1 enterprise, 2 and 3 personal)
/// and a PIN file `pin`.
fn env_with_slots() -> Env {
    let env = Env::onboarded(true);
    buy_package(&env, 1);
    write(&env, "pin", PIN);
    env
}

fn buy_package(env: &Env, package: u32) {
    env.ok(&["package", "buy", "--org", "1"]);
    env.ok(&["package", "pay", "--package", &package.to_string()]);
}

/// Creates CA `name` and exports its certificate to `<name>.pem`.
fn make_ca(env: &Env, name: &str, algo: &str) -> PathBuf {
    env.ok(&["ca", "init", "--name", name, "--algo", algo]);
    let pem = env.path(&format!("{name}.pem"));
    env.ok(&["ca", "export", name, "--out", s(&pem)]);
    pem
}

struct Issued {
    id: i64,
    serial: String,
    /// The certificate, exported by catool as PEM.
    pem: PathBuf,
    /// The PKCS#12 written by `cert issue --p12`, if asked.
    p12: Option<PathBuf>,
}

/// Assigns `slot` to `owner` (also holder) and issues it from `ca` with the PIN file `pin`,
/// optionally writing a PKCS#12 with `profile` (modern|legacy).
fn issue(env: &Env, slot: u32, owner: u32, ca: &str, profile: Option<&str>) -> Issued {
    let (slot, owner) = (slot.to_string(), owner.to_string());
    env.ok(&[
        "cert", "assign", "--slot", &slot, "--owner", &owner, "--holder", &owner,
    ]);
    let pin = env.path("pin");
    let p12 = profile.map(|p| env.path(&format!("slot{slot}-{p}.p12")));
    let mut args = vec![
        "cert",
        "issue",
        "--slot",
        &slot,
        "--pin-file",
        s(&pin),
        "--ca",
        ca,
    ];
    if let (Some(path), Some(profile)) = (&p12, profile) {
        args.extend(["--p12", s(path), "--p12-profile", profile]);
    }
    let v = env.json(&args);
    cert_of(env, &v, p12)
}

/// Exports the certificate described by the JSON `v` (a catool certificate view) as PEM.
fn cert_of(env: &Env, v: &Value, p12: Option<PathBuf>) -> Issued {
    let id = v["id"].as_i64().unwrap_or_else(|| panic!("no id in {v}"));
    let serial = v["serial"].as_str().expect("serial").to_string();
    let pem = env.path(&format!("cert-{id}.pem"));
    env.ok(&[
        "cert",
        "export",
        "--cert",
        &id.to_string(),
        "--format",
        "pem",
        "--out",
        s(&pem),
    ]);
    Issued {
        id,
        serial,
        pem,
        p12,
    }
}

fn x509_text(pem: &Path) -> String {
    openssl_ok(&["x509", "-in", s(pem), "-noout", "-text"])
}

/// An extension in `openssl x509 -text` output: its header line (name and `critical`) and
/// the lines of its value.
fn extension(text: &str, name: &str) -> (String, Vec<String>) {
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.trim_start().starts_with(&format!("{name}:")))
        .unwrap_or_else(|| panic!("no extension {name} in:\n{text}"));
    let indent = |l: &str| l.len() - l.trim_start().len();
    let header = lines[at].trim().to_string();
    let value = lines[at + 1..]
        .iter()
        .take_while(|l| indent(l) > indent(lines[at]))
        .map(|l| l.trim().to_string())
        .collect();
    (header, value)
}

/// Public key of a certificate as openssl prints it.
fn cert_pubkey(pem: &Path) -> String {
    openssl_ok(&["x509", "-in", s(pem), "-pubkey", "-noout"])
}

/// Public key of a private key file as openssl prints it.
fn key_pubkey(key: &Path) -> String {
    openssl_ok(&["pkey", "-in", s(key), "-pubout"])
}

/// Extracts the private key of a PKCS#12 with openssl; returns its public key.
fn p12_pubkey(p12: &Path, password_file: &Path, key_out: &Path) -> String {
    openssl_ok(&[
        "pkcs12",
        "-in",
        s(p12),
        "-passin",
        &format!("file:{}", s(password_file)),
        "-nocerts",
        "-nodes",
        "-out",
        s(key_out),
    ]);
    key_pubkey(key_out)
}

fn p12_info(p12: &Path, password_file: &Path) -> String {
    openssl_ok(&[
        "pkcs12",
        "-info",
        "-noout",
        "-passin",
        &format!("file:{}", s(password_file)),
        "-in",
        s(p12),
    ])
}

/// `openssl crl -text` entries: (serial, reason) in CRL order.
fn crl_entries(text: &str) -> Vec<(String, String)> {
    let mut entries: Vec<(String, String)> = Vec::new();
    let mut lines = text.lines().map(str::trim).peekable();
    while let Some(l) = lines.next() {
        if let Some(serial) = l.strip_prefix("Serial Number: ") {
            entries.push((serial.to_string(), String::new()));
        } else if l == "X509v3 CRL Reason Code:" {
            let reason = lines.next().unwrap_or_default().to_string();
            entries.last_mut().expect("reason after a serial").1 = reason;
        }
    }
    entries
}

fn crl_number(text: &str) -> u64 {
    let (_, value) = extension(text, "X509v3 CRL Number");
    value[0]
        .parse()
        .unwrap_or_else(|_| panic!("CRL number not a number in:\n{text}"))
}

/// Writes the next CRL of `ca` as PEM to `name`.
fn crl(env: &Env, ca: &str, name: &str) -> PathBuf {
    let out = env.path(name);
    env.ok(&["crl", "--ca", ca, "--out", s(&out), "--pem"]);
    out
}

/// Serials of the certificates of RSA CA `crl-ca` made by [`revoked_set`].
struct RevokedSet {
    env: Env,
    ca_pem: PathBuf,
    superseded: String,
    compromised: String,
    held: String,
    replacement: String,
    compromised_pem: PathBuf,
    replacement_pem: PathBuf,
}

/// Three certificates of RSA CA `crl-ca`: a reissued one (superseded), a revoked one (key
/// compromise) and a frozen enterprise one (hold).
fn revoked_set() -> RevokedSet {
    let env = env_with_slots();
    let ca_pem = make_ca(&env, "crl-ca", "rsa2048");
    let lost_pin = issue(&env, 2, 2, "crl-ca", None);
    let stolen = issue(&env, 3, 3, "crl-ca", None);
    let enterprise = issue(&env, 1, 1, "crl-ca", None);
    let new_pin = write(&env, "new-pin", OTHER_PIN);
    let reissued = env.json(&[
        "cert",
        "reissue",
        "--cert",
        &lost_pin.id.to_string(),
        "--new-pin-file",
        s(&new_pin),
    ]);
    env.ok(&[
        "cert",
        "revoke",
        "--cert",
        &stolen.id.to_string(),
        "--reason",
        "key-compromise",
    ]);
    env.ok(&["cert", "freeze", "--cert", &enterprise.id.to_string()]);
    let replacement = cert_of(&env, &reissued, None);
    RevokedSet {
        env,
        ca_pem,
        superseded: lost_pin.serial,
        compromised: stolen.serial,
        held: enterprise.serial,
        replacement: replacement.serial,
        compromised_pem: stolen.pem,
        replacement_pem: replacement.pem,
    }
}

/// One DER TLV at `at`: (header length, content length).
fn der_tlv(d: &[u8], at: usize) -> (usize, usize) {
    let first = d[at + 1] as usize;
    if first < 0x80 {
        return (2, first);
    }
    let n = first & 0x7f;
    let len = d[at + 2..at + 2 + n]
        .iter()
        .fold(0usize, |acc, b| (acc << 8) | *b as usize);
    (2 + n, len)
}

/// An openssl configuration whose `leaf` section makes a holder's (end-entity)
/// certificate. Without it `openssl req -x509` marks every self-signed certificate CA:TRUE
/// (its default `v3_ca`), which import refuses as a holder's certificate.
fn leaf_cnf(env: &Env) -> PathBuf {
    write(
        env,
        "leaf.cnf",
        "[req]\ndistinguished_name = dn\nstring_mask = utf8only\nutf8 = yes\n[dn]\n\
         [leaf]\nbasicConstraints = critical, CA:FALSE\n\
         keyUsage = critical, digitalSignature, nonRepudiation\nsubjectKeyIdentifier = hash\n",
    )
}

/// Makes an RSA-2048 key and a self-signed holder's certificate valid 30 days with openssl.
fn openssl_rsa_pair(env: &Env, stem: &str, cn: &str) -> (PathBuf, PathBuf) {
    let key = env.path(&format!("{stem}.key"));
    let cert = env.path(&format!("{stem}.crt"));
    let cnf = leaf_cnf(env);
    openssl_ok(&[
        "req",
        "-x509",
        "-config",
        s(&cnf),
        "-extensions",
        "leaf",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        s(&key),
        "-out",
        s(&cert),
        "-days",
        "30",
        "-utf8",
        "-subj",
        &format!("/CN={cn}"),
    ]);
    (key, cert)
}

/// `openssl pkcs12 -export` of a key and certificate (modern defaults, or `-legacy`).
fn openssl_p12(env: &Env, key: &Path, cert: &Path, password: &Path, legacy: bool) -> PathBuf {
    let out = env.path(if legacy { "legacy.p12" } else { "modern.p12" });
    let pass = format!("file:{}", s(password));
    let mut args = vec![
        "pkcs12",
        "-export",
        "-in",
        s(cert),
        "-inkey",
        s(key),
        "-passout",
        &pass,
        "-out",
        s(&out),
    ];
    if legacy {
        args.push("-legacy");
    }
    openssl_ok(&args);
    out
}

/// Imports with `catool cert import FILE extra… --pin-file pin --holder 2 --org 1`.
fn import(env: &Env, file: &Path, extra: &[&str]) -> Value {
    let pin = write(env, "pin", PIN);
    let mut args = vec!["cert", "import", s(file)];
    args.extend_from_slice(extra);
    args.extend(["--pin-file", s(&pin), "--holder", "2", "--org", "1"]);
    env.json(&args)
}

/// Runs a catool import expected to fail with `code`; returns stderr and checks that
/// nothing was imported.
fn import_fails(env: &Env, code: i32, file: &Path, extra: &[&str]) -> String {
    let pin = write(env, "pin", PIN);
    let mut args = vec!["cert", "import", s(file)];
    args.extend_from_slice(extra);
    args.extend(["--pin-file", s(&pin), "--holder", "2", "--org", "1"]);
    let stderr = env.fails(code, &args);
    assert_eq!(
        env.json(&["cert", "list"]),
        serde_json::json!([]),
        "a refused import must not leave a certificate behind"
    );
    stderr
}

/// After import: the PIN opens the key, and the PKCS#12 export opens in openssl with the
/// same key pair as `original_key`.
fn assert_usable(env: &Env, imported: &Value, original_key: &Path) {
    let id = imported["id"].as_i64().expect("id").to_string();
    let pin = env.path("pin");
    let said = env.ok(&["cert", "verify-pin", "--cert", &id, "--pin-file", s(&pin)]);
    assert!(said.contains("PIN correct"), "verify-pin said: {said}");
    let p12 = env.path(&format!("export-{id}.p12"));
    env.ok(&[
        "cert",
        "export",
        "--cert",
        &id,
        "--format",
        "p12",
        "--pin-file",
        s(&pin),
        "--out",
        s(&p12),
    ]);
    p12_info(&p12, &pin);
    assert_eq!(
        p12_pubkey(&p12, &pin, &env.path(&format!("export-{id}.key"))),
        key_pubkey(original_key),
        "the exported PKCS#12 holds another key than the imported one"
    );
}

// ---------------------------------------------------------------------------------------
// catool issues, openssl verifies

#[test]
fn rsa2048_leaf_verifies_against_its_ca_with_openssl() {
    require_tool("openssl", "apt-get install openssl");
    let env = env_with_slots();
    let ca = make_ca(&env, "rsa", "rsa2048");
    let leaf = issue(&env, 2, 2, "rsa", None);
    let out = openssl_ok(&["verify", "-x509_strict", "-CAfile", s(&ca), s(&leaf.pem)]);
    assert_eq!(out.trim(), format!("{}: OK", s(&leaf.pem)));
}

#[test]
fn sm2_leaf_verifies_against_its_ca_with_openssl_and_the_default_distid() {
    require_tool("openssl", "apt-get install openssl");
    let env = env_with_slots();
    let ca = make_ca(&env, "sm2", "sm2");
    let leaf = issue(&env, 2, 2, "sm2", None);
    let out = openssl_ok(&[
        "verify",
        "-x509_strict",
        "-vfyopt",
        SM2_DISTID,
        "-CAfile",
        s(&ca),
        s(&leaf.pem),
    ]);
    assert_eq!(out.trim(), format!("{}: OK", s(&leaf.pem)));
    assert!(x509_text(&leaf.pem).contains("Signature Algorithm: SM2-with-SM3"));
}

#[test]
fn rsa3072_and_rsa4096_cas_issue_leaves_that_verify_with_openssl() {
    require_tool("openssl", "apt-get install openssl");
    let env = env_with_slots();
    for (slot, algo, bits) in [(2, "rsa3072", 3072), (3, "rsa4096", 4096)] {
        let ca = make_ca(&env, algo, algo);
        assert!(
            x509_text(&ca).contains(&format!("Public-Key: ({bits} bit)")),
            "{algo} CA has another key size"
        );
        let leaf = issue(&env, slot, 2, algo, None);
        let out = openssl_ok(&["verify", "-CAfile", s(&ca), s(&leaf.pem)]);
        assert_eq!(out.trim(), format!("{}: OK", s(&leaf.pem)), "{algo}");
    }
}

#[test]
fn personal_certificate_shows_chinese_names_key_usage_crl_point_and_id_number() {
    require_tool("openssl", "apt-get install openssl");
    let env = env_with_slots();
    make_ca(&env, "rsa", "rsa2048");
    let leaf = issue(&env, 2, 2, "rsa", None);

    let subject = openssl_ok(&[
        "x509",
        "-in",
        s(&leaf.pem),
        "-noout",
        "-subject",
        "-nameopt",
        "utf8",
    ]);
    assert!(subject.contains("CN=李娜"), "subject: {subject}");
    assert!(
        subject.contains(&format!("O={ORG_NAME}")),
        "subject: {subject}"
    );

    let text = x509_text(&leaf.pem);
    let (header, value) = extension(&text, "X509v3 Key Usage");
    assert!(
        header.ends_with("critical"),
        "key usage not critical: {header}"
    );
    assert_eq!(value, ["Digital Signature, Non Repudiation"]);
    let (_, value) = extension(&text, "X509v3 CRL Distribution Points");
    assert!(
        value.iter().any(|l| l.starts_with("URI:http")),
        "no CRL URI in {value:?}"
    );
    let (_, value) = extension(&text, "1.2.156.10260.4.1.1.1");
    assert!(
        value.concat().contains(ID_MEMBER1),
        "resident ID extension holds {value:?}"
    );
}

#[test]
fn enterprise_certificate_carries_the_uscc_extension() {
    require_tool("openssl", "apt-get install openssl");
    let env = env_with_slots();
    make_ca(&env, "sm2", "sm2");
    let leaf = issue(&env, 1, 1, "sm2", None);
    let subject = openssl_ok(&[
        "x509",
        "-in",
        s(&leaf.pem),
        "-noout",
        "-subject",
        "-nameopt",
        "utf8",
    ]);
    assert!(
        subject.contains(&format!("CN={ORG_NAME}")),
        "subject: {subject}"
    );
    let (_, value) = extension(&x509_text(&leaf.pem), "1.2.156.10260.4.4");
    assert!(
        value.concat().contains(USCC_A),
        "USCC extension holds {value:?}"
    );
}

#[test]
fn ca_certificate_is_a_critical_ca_with_cert_and_crl_signing_and_key_identifiers() {
    require_tool("openssl", "apt-get install openssl");
    let env = env_with_slots();
    for (slot, algo) in [(2, "rsa2048"), (3, "sm2")] {
        let ca = make_ca(&env, algo, algo);
        let text = x509_text(&ca);
        let (header, value) = extension(&text, "X509v3 Basic Constraints");
        assert!(header.ends_with("critical"), "{algo}: {header}");
        assert_eq!(value, ["CA:TRUE"], "{algo}");
        let (header, value) = extension(&text, "X509v3 Key Usage");
        assert!(header.ends_with("critical"), "{algo}: {header}");
        assert_eq!(value, ["Certificate Sign, CRL Sign"], "{algo}");
        let (_, ski) = extension(&text, "X509v3 Subject Key Identifier");
        let (_, aki) = extension(&text, "X509v3 Authority Key Identifier");
        assert_eq!(ski.len(), 1, "{algo}: SKI {ski:?}");
        assert_eq!(aki, ski, "{algo}: a root's AKI is its own SKI");

        let leaf = issue(&env, slot, 2, algo, None);
        let (_, leaf_aki) = extension(&x509_text(&leaf.pem), "X509v3 Authority Key Identifier");
        assert_eq!(leaf_aki, ski, "{algo}: a leaf's AKI is its CA's SKI");
    }
}

// ---------------------------------------------------------------------------------------
// PKCS#12

#[test]
fn issued_pkcs12_opens_in_openssl_with_its_profile_algorithms_and_the_certificate_key() {
    require_tool("openssl", "apt-get install openssl");
    let env = env_with_slots();
    buy_package(&env, 2); // slots 4 (enterprise), 5 and 6 (personal)
    make_ca(&env, "rsa", "rsa2048");
    make_ca(&env, "sm2", "sm2");
    let pin = env.path("pin");
    for (slot, owner, ca, profile) in [
        (2, 2, "rsa", "modern"),
        (3, 3, "rsa", "legacy"),
        (5, 2, "sm2", "modern"),
        (6, 3, "sm2", "legacy"),
    ] {
        let what = format!("{ca} {profile}");
        let issued = issue(&env, slot, owner, ca, Some(profile));
        let p12 = issued.p12.as_deref().expect("p12 written");
        let info = p12_info(p12, &pin);
        if profile == "modern" {
            assert!(info.contains("MAC: sha256"), "{what}:\n{info}");
            assert!(info.contains("AES-256-CBC"), "{what}:\n{info}");
            assert!(!info.contains("TripleDES"), "{what}:\n{info}");
        } else {
            assert!(info.contains("MAC: sha1"), "{what}:\n{info}");
            assert!(
                info.contains("pbeWithSHA1And3-KeyTripleDES-CBC") || info.contains("3DES"),
                "{what}:\n{info}"
            );
        }
        let key = env.path(&format!("slot{slot}.key"));
        assert_eq!(
            p12_pubkey(p12, &pin, &key),
            cert_pubkey(&issued.pem),
            "{what}: the PKCS#12 key is not the certificate's"
        );
    }
}

// ---------------------------------------------------------------------------------------
// CRLs

#[test]
fn crl_lists_superseded_compromised_and_held_certificates_with_their_reasons() {
    require_tool("openssl", "apt-get install openssl");
    let set = revoked_set();
    let crl = crl(&set.env, "crl-ca", "crl.pem");
    let text = openssl_ok(&["crl", "-in", s(&crl), "-noout", "-text"]);
    let mut entries = crl_entries(&text);
    entries.sort();
    let mut expected = vec![
        (set.superseded.clone(), "Superseded".to_string()),
        (set.compromised.clone(), "Key Compromise".to_string()),
        (set.held.clone(), "Certificate Hold".to_string()),
    ];
    expected.sort();
    assert_eq!(entries, expected, "CRL:\n{text}");
    assert!(
        !text.contains(&set.replacement),
        "the reissued certificate must not be on the CRL"
    );
}

#[test]
fn each_new_crl_has_a_higher_crl_number() {
    require_tool("openssl", "apt-get install openssl");
    let set = revoked_set();
    let first = crl(&set.env, "crl-ca", "crl1.pem");
    let second = crl(&set.env, "crl-ca", "crl2.pem");
    let number = |p: &Path| crl_number(&openssl_ok(&["crl", "-in", s(p), "-noout", "-text"]));
    assert!(
        number(&second) > number(&first),
        "CRL numbers {} then {}",
        number(&first),
        number(&second)
    );
}

#[test]
fn rsa_crl_signature_verifies_with_openssl() {
    require_tool("openssl", "apt-get install openssl");
    let set = revoked_set();
    let crl = crl(&set.env, "crl-ca", "crl.pem");
    let out = openssl_ok(&[
        "crl",
        "-in",
        s(&crl),
        "-verify",
        "-CAfile",
        s(&set.ca_pem),
        "-noout",
    ]);
    assert!(out.contains("verify OK"), "openssl crl -verify said: {out}");
}

#[test]
fn openssl_crl_check_rejects_the_revoked_certificate_and_accepts_the_replacement() {
    require_tool("openssl", "apt-get install openssl");
    let set = revoked_set();
    let crl = crl(&set.env, "crl-ca", "crl.pem");
    let check = |leaf: &Path| {
        openssl(&[
            "verify",
            "-crl_check",
            "-CRLfile",
            s(&crl),
            "-CAfile",
            s(&set.ca_pem),
            s(leaf),
        ])
    };
    let revoked = check(&set.compromised_pem);
    let said = String::from_utf8_lossy(&revoked.stdout).into_owned()
        + &String::from_utf8_lossy(&revoked.stderr);
    assert!(
        !revoked.status.success(),
        "revoked certificate verified: {said}"
    );
    assert!(said.contains("certificate revoked"), "openssl said: {said}");
    let replacement = check(&set.replacement_pem);
    let said = String::from_utf8_lossy(&replacement.stdout);
    assert!(replacement.status.success(), "replacement refused: {said}");
    assert_eq!(said.trim(), format!("{}: OK", s(&set.replacement_pem)));
}

/// OpenSSL 3.0 checks SM2 CRL signatures with an empty distinguishing ID (`openssl crl
/// -verify` has no `-vfyopt`), so the signature is checked over the TBS with pkeyutl.
#[test]
fn sm2_crl_is_signed_with_the_default_distid() {
    require_tool("openssl", "apt-get install openssl");
    let env = env_with_slots();
    let ca = make_ca(&env, "sm2", "sm2");
    let held = issue(&env, 1, 1, "sm2", None);
    env.ok(&["cert", "freeze", "--cert", &held.id.to_string()]);
    let der_path = env.path("crl.der");
    env.ok(&["crl", "--ca", "sm2", "--out", s(&der_path)]);
    let der = std::fs::read(&der_path).expect("read CRL");
    let (outer_header, _) = der_tlv(&der, 0);
    let tbs_at = outer_header;
    let (h, l) = der_tlv(&der, tbs_at);
    let alg_at = tbs_at + h + l;
    let (ah, al) = der_tlv(&der, alg_at);
    let sig_at = alg_at + ah + al;
    assert_eq!(der[sig_at], 0x03, "signature is not a BIT STRING");
    let (sh, sl) = der_tlv(&der, sig_at);
    let tbs = env.path("tbs.bin");
    let sig = env.path("sig.bin");
    std::fs::write(&tbs, &der[tbs_at..alg_at]).expect("write tbs");
    // Skip the BIT STRING's unused-bits octet.
    std::fs::write(&sig, &der[sig_at + sh + 1..sig_at + sh + sl]).expect("write sig");
    let pubkey = write(&env, "ca-pub.pem", &cert_pubkey(&ca));

    let out = openssl_ok(&[
        "pkeyutl",
        "-verify",
        "-pubin",
        "-inkey",
        s(&pubkey),
        "-rawin",
        "-digest",
        "sm3",
        "-pkeyopt",
        SM2_DISTID,
        "-in",
        s(&tbs),
        "-sigfile",
        s(&sig),
    ]);
    assert!(out.contains("Signature Verified Successfully"), "{out}");
    let text = openssl_ok(&[
        "crl",
        "-in",
        s(&der_path),
        "-inform",
        "DER",
        "-noout",
        "-text",
    ]);
    assert_eq!(
        crl_entries(&text),
        [(held.serial, "Certificate Hold".to_string())]
    );
}

// ---------------------------------------------------------------------------------------
// openssl makes, catool imports

#[test]
fn rsa_pem_pair_made_by_openssl_imports_and_is_usable() {
    require_tool("openssl", "apt-get install openssl");
    let env = Env::onboarded(true);
    let (key, cert) = openssl_rsa_pair(&env, "pair", "导入测试");
    let v = import(&env, &cert, &["--key", s(&key)]);
    assert_eq!(v["subject_dn"], "CN=导入测试");
    assert_eq!(v["algo"], "rsa2048");
    assert_usable(&env, &v, &key);
}

#[test]
fn rsa_pkcs12_made_by_openssl_with_modern_defaults_imports_and_is_usable() {
    require_tool("openssl", "apt-get install openssl");
    let env = Env::onboarded(true);
    let (key, cert) = openssl_rsa_pair(&env, "modern", "现代");
    let password = write(&env, "password", "p12 pass word\n");
    let p12 = openssl_p12(&env, &key, &cert, &password, false);
    assert!(p12_info(&p12, &password).contains("AES-256-CBC"));
    let v = import(&env, &p12, &["--password-file", s(&password)]);
    assert_eq!(v["subject_dn"], "CN=现代");
    assert_usable(&env, &v, &key);
}

#[test]
fn rsa_pkcs12_made_by_openssl_legacy_imports_and_is_usable() {
    require_tool("openssl", "apt-get install openssl");
    let env = Env::onboarded(true);
    let (key, cert) = openssl_rsa_pair(&env, "legacy", "旧格式");
    let password = write(&env, "password", "p12 pass word\n");
    let p12 = openssl_p12(&env, &key, &cert, &password, true);
    let v = import(&env, &p12, &["--password-file", s(&password)]);
    assert_eq!(v["subject_dn"], "CN=旧格式");
    assert_usable(&env, &v, &key);
}

#[test]
fn sm2_pem_pair_made_by_openssl_imports_and_is_usable() {
    require_tool("openssl", "apt-get install openssl");
    let env = Env::onboarded(true);
    let key = env.path("sm2.key");
    let cert = env.path("sm2.crt");
    openssl_ok(&[
        "genpkey",
        "-algorithm",
        "EC",
        "-pkeyopt",
        "ec_paramgen_curve:SM2",
        "-out",
        s(&key),
    ]);
    let cnf = leaf_cnf(&env);
    openssl_ok(&[
        "req",
        "-new",
        "-x509",
        "-config",
        s(&cnf),
        "-extensions",
        "leaf",
        "-utf8",
        "-key",
        s(&key),
        "-sm3",
        "-sigopt",
        SM2_DISTID,
        "-subj",
        "/CN=测试",
        "-days",
        "30",
        "-out",
        s(&cert),
    ]);
    let v = import(&env, &cert, &["--key", s(&key)]);
    assert_eq!(v["subject_dn"], "CN=测试");
    assert_eq!(v["algo"], "sm2");
    assert_usable(&env, &v, &key);
}

// ---------------------------------------------------------------------------------------
// bad input to import

#[test]
fn import_with_a_wrong_pkcs12_password_is_bad_input() {
    require_tool("openssl", "apt-get install openssl");
    let env = Env::onboarded(true);
    let (key, cert) = openssl_rsa_pair(&env, "p", "x");
    let right = write(&env, "right", "right\n");
    let wrong = write(&env, "wrong", "wrong\n");
    let p12 = openssl_p12(&env, &key, &cert, &right, false);
    let err = import_fails(&env, 5, &p12, &["--password-file", s(&wrong)]);
    assert!(err.contains("wrong PKCS#12 password"), "stderr: {err}");
}

/// A file that is no certificate, key or PKCS#12 (an image, a CSV given by mistake) is
/// bad input and said so (it was asked for a PKCS#12 password, a usage error), while a
/// PKCS#12 given without its password is still asked for one.
#[test]
fn import_of_a_file_that_is_neither_certificate_nor_pkcs12_is_bad_input() {
    require_tool("openssl", "apt-get install openssl");
    let env = Env::onboarded(true);
    let png = write(&env, "seal.png", "\u{89}PNG\r\n\u{1a}\n not really");
    let csv = write(&env, "rows.csv", "slot,holder\n1,李娜\n");
    for file in [&png, &csv] {
        let err = import_fails(&env, 5, file, &[]);
        assert!(err.contains("neither a certificate"), "stderr: {err}");
        assert!(!err.contains("PKCS#12: give its password"), "stderr: {err}");
    }
    let (key, cert) = openssl_rsa_pair(&env, "p", "x");
    let right = write(&env, "right", "right\n");
    let p12 = openssl_p12(&env, &key, &cert, &right, false);
    let err = import_fails(&env, 2, &p12, &[]);
    assert!(err.contains("--password-file"), "stderr: {err}");
}

/// A certificate made elsewhere signs, and `pdf sign` says at once what `pdf verify` here
/// will say of its signatures (not issued by a registry CA), instead of exit 0 in silence.
#[test]
fn signing_with_an_imported_certificate_says_this_registry_will_not_trust_it() {
    require_tool("openssl", "apt-get install openssl");
    let env = Env::onboarded(true);
    let (key, cert) = openssl_rsa_pair(&env, "p", "x");
    let right = write(&env, "right", "right\n");
    let p12 = openssl_p12(&env, &key, &cert, &right, false);
    let v = import(&env, &p12, &["--password-file", s(&right)]);
    let id = v["id"].to_string();
    let contract = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/contract.pdf");
    let pin = env.path("pin");
    let out = env.run(&[
        "--as",
        "2",
        "pdf",
        "sign",
        s(&contract),
        "--out",
        s(&env.path("s.pdf")),
        "--cert",
        &id,
        "--pin-file",
        s(&pin),
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("not issued by a CA of this registry"), "{err}");
    // And so it is: the signature is intact, its issuer not trusted here.
    let verify = env.run(&["pdf", "verify", s(&env.path("s.pdf"))]);
    assert_eq!(verify.status.code(), Some(1));
}

#[test]
fn import_of_a_corrupted_pem_certificate_is_bad_input() {
    require_tool("openssl", "apt-get install openssl");
    let env = Env::onboarded(true);
    let (key, cert) = openssl_rsa_pair(&env, "p", "x");
    let pem = std::fs::read_to_string(&cert).expect("read PEM");
    // Swap the first base64 characters pairwise: "MIID…" becomes "IMDI…", whose first
    // octet is no longer a SEQUENCE tag.
    let mut lines: Vec<String> = pem.lines().map(String::from).collect();
    let body: Vec<char> = lines[1].chars().collect();
    let mut flipped = body.clone();
    flipped.swap(0, 1);
    flipped.swap(2, 3);
    assert_ne!(flipped, body);
    lines[1] = flipped.into_iter().collect();
    let corrupt = write(&env, "corrupt.pem", &(lines.join("\n") + "\n"));
    let err = import_fails(&env, 5, &corrupt, &["--key", s(&key)]);
    assert!(err.contains("corrupt"), "stderr: {err}");
}

#[test]
fn import_of_a_truncated_der_certificate_is_bad_input() {
    require_tool("openssl", "apt-get install openssl");
    let env = Env::onboarded(true);
    let (key, cert) = openssl_rsa_pair(&env, "p", "x");
    let der = env.path("cert.der");
    openssl_ok(&["x509", "-in", s(&cert), "-outform", "DER", "-out", s(&der)]);
    let bytes = std::fs::read(&der).expect("read DER");
    let truncated = env.path("truncated.der");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).expect("write DER");
    let err = import_fails(&env, 5, &truncated, &["--key", s(&key)]);
    assert!(err.contains("truncated or corrupt"), "stderr: {err}");
}

#[test]
fn import_of_a_key_that_does_not_match_the_certificate_is_bad_input() {
    require_tool("openssl", "apt-get install openssl");
    let env = Env::onboarded(true);
    let (_, cert) = openssl_rsa_pair(&env, "a", "a");
    let (other_key, _) = openssl_rsa_pair(&env, "b", "b");
    let err = import_fails(&env, 5, &cert, &["--key", s(&other_key)]);
    assert!(err.contains("does not match"), "stderr: {err}");
}

/// OpenSSL 3.0's `req -x509`/`x509 -days` cannot backdate, but `openssl ca` takes explicit
/// `-startdate`/`-enddate`, so the certificate really is expired.
#[test]
fn import_of_an_expired_certificate_is_refused() {
    require_tool("openssl", "apt-get install openssl");
    let env = Env::onboarded(true);
    let dir = env.path("ca");
    std::fs::create_dir(&dir).expect("mkdir");
    std::fs::write(dir.join("index.txt"), "").expect("index");
    std::fs::write(dir.join("serial"), "1000\n").expect("serial");
    let config = dir.join("ca.cnf");
    std::fs::write(
        &config,
        format!(
            "[ca]\ndefault_ca = d\n[d]\ndatabase = {dir}/index.txt\nnew_certs_dir = {dir}\n\
             serial = {dir}/serial\ndefault_md = sha256\npolicy = p\nunique_subject = no\n\
             [p]\ncommonName = supplied\n",
            dir = s(&dir)
        ),
    )
    .expect("config");
    let key = env.path("expired.key");
    let csr = env.path("expired.csr");
    let cert = env.path("expired.crt");
    openssl_ok(&[
        "req",
        "-new",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        s(&key),
        "-out",
        s(&csr),
        "-subj",
        "/CN=expired",
    ]);
    openssl_ok(&[
        "ca",
        "-batch",
        "-config",
        s(&config),
        "-selfsign",
        "-keyfile",
        s(&key),
        "-in",
        s(&csr),
        "-out",
        s(&cert),
        "-startdate",
        "20200101000000Z",
        "-enddate",
        "20200201000000Z",
        "-notext",
    ]);
    let dates = openssl_ok(&["x509", "-in", s(&cert), "-noout", "-enddate"]);
    assert!(dates.contains("Feb  1 00:00:00 2020 GMT"), "{dates}");
    let err = import_fails(&env, 4, &cert, &["--key", s(&key)]);
    assert!(err.contains("expired"), "stderr: {err}");
}
