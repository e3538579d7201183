//! CRL distribution (D11, D15): the CRL URL certificates carry, per CA; the directory
//! `catool crl` publishes into (what a web server serves at that URL); `crl show`; and which
//! serials stay on the CRLs over time. Checked with the real openssl.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use common::{Env, require_tool};
use serde_json::Value;

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn openssl(args: &[&str]) -> Output {
    require_tool("openssl", "apt-get install openssl");
    Command::new("openssl")
        .args(args)
        .output()
        .expect("run openssl")
}

/// Runs openssl, requires success; stdout followed by stderr.
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

/// An onboarded registry with a paid package (slot 1 enterprise, 2 and 3 personal), the
/// 0600 PIN file `pin`, and RSA CA `rsa` made with `init_args` added to `ca init`; its
/// certificate exported to `ca.pem`.
fn env_with_ca(init_args: &[&str]) -> Env {
    let env = Env::onboarded(true);
    env.ok(&["package", "buy", "--org", "1"]);
    env.ok(&["package", "pay", "--package", "1"]);
    common::write_secret(&env.path("pin"), "123456\n");
    let mut args = vec!["ca", "init", "--name", "rsa", "--algo", "rsa2048"];
    args.extend_from_slice(init_args);
    env.ok(&args);
    let ca = env.path("ca.pem");
    env.ok(&["ca", "export", "rsa", "--out", s(&ca)]);
    env
}

/// A directory under the test's temporary directory (created).
fn dir(env: &Env, name: &str) -> PathBuf {
    let d = env.path(name);
    std::fs::create_dir_all(&d).expect("mkdir");
    d
}

/// Assigns `slot` to person `owner` and issues it from CA `rsa`; returns the certificate's
/// JSON view, with its PEM exported to `cert-<id>.pem`.
fn issue(env: &Env, slot: u32, owner: u32) -> (Value, PathBuf) {
    let (slot, owner) = (slot.to_string(), owner.to_string());
    env.ok(&[
        "cert", "assign", "--slot", &slot, "--owner", &owner, "--holder", &owner,
    ]);
    let pin = env.path("pin");
    let v = env.json(&[
        "cert",
        "issue",
        "--slot",
        &slot,
        "--pin-file",
        s(&pin),
        "--ca",
        "rsa",
    ]);
    let v = if v.get("cert").is_some() {
        v["cert"].clone()
    } else {
        v
    };
    let id = v["id"].as_i64().expect("certificate id").to_string();
    let pem = env.path(&format!("cert-{id}.pem"));
    env.ok(&[
        "cert",
        "export",
        "--cert",
        &id,
        "--format",
        "pem",
        "--out",
        s(&pem),
    ]);
    (v, pem)
}

/// The URI of the certificate's CRL distribution point, as openssl reads it.
fn crl_url_of(cert: &Path) -> String {
    let text = openssl_ok(&[
        "x509",
        "-in",
        s(cert),
        "-noout",
        "-ext",
        "crlDistributionPoints",
    ]);
    text.lines()
        .find_map(|l| l.trim().strip_prefix("URI:"))
        .unwrap_or_else(|| panic!("no CRL distribution point URI in:\n{text}"))
        .to_string()
}

/// `openssl crl -text` of a DER CRL.
fn crl_text(der: &Path) -> String {
    openssl_ok(&["crl", "-in", s(der), "-inform", "DER", "-noout", "-text"])
}

/// The CRL number in `openssl crl -text` output.
fn crl_number(text: &str) -> u64 {
    let mut lines = text.lines();
    lines
        .by_ref()
        .find(|l| l.contains("X509v3 CRL Number"))
        .unwrap_or_else(|| panic!("no CRL number in:\n{text}"));
    let n = lines.next().unwrap_or_default().trim();
    n.parse()
        .unwrap_or_else(|_| panic!("CRL number '{n}' in:\n{text}"))
}

/// The serials listed in `openssl crl -text` output, with their reasons.
fn crl_entries(text: &str) -> Vec<(String, String)> {
    let mut entries: Vec<(String, String)> = Vec::new();
    let mut lines = text.lines().map(str::trim);
    while let Some(l) = lines.next() {
        if let Some(serial) = l.strip_prefix("Serial Number: ") {
            entries.push((serial.to_string(), String::new()));
        } else if l == "X509v3 CRL Reason Code:" {
            let reason = lines.next().unwrap_or_default().to_string();
            if let Some(last) = entries.last_mut() {
                last.1 = reason;
            }
        }
    }
    entries
}

fn next_crl_number(env: &Env) -> i64 {
    env.json(&["ca", "list"])[0]["next_crl_number"]
        .as_i64()
        .expect("next_crl_number")
}

/// Runs catool with the clock at `at` (debug builds honour CATOOL_NOW); requires success.
fn ok_at(env: &Env, at: DateTime<Utc>, args: &[&str]) -> String {
    let out = env
        .cmd()
        .env("CATOOL_NOW", at.to_rfc3339_opts(SecondsFormat::Secs, true))
        .args(args)
        .output()
        .expect("run catool");
    assert!(
        out.status.success(),
        "catool {args:?} at {at} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

// ---------------------------------------------------------------------------------------
// The URL in certificates

#[test]
fn certificates_carry_the_documented_placeholder_url_by_default() {
    let env = env_with_ca(&[]);
    let (_, pem) = issue(&env, 2, 2);
    assert_eq!(crl_url_of(&pem), "http://crl.catool.invalid/ca-1.crl");
}

#[test]
fn ca_init_crl_url_goes_into_the_certificates_it_issues() {
    let env = env_with_ca(&["--crl-url", "http://pki.example.com/crl/root.crl"]);
    let (_, pem) = issue(&env, 2, 2);
    assert_eq!(crl_url_of(&pem), "http://pki.example.com/crl/root.crl");
}

#[test]
fn ca_set_crl_url_changes_later_certificates_only() {
    let env = env_with_ca(&[]);
    let (_, before) = issue(&env, 2, 2);
    let said = env.ok(&[
        "ca",
        "set",
        "rsa",
        "--crl-url",
        "http://pki.example.com/r.crl",
    ]);
    assert!(said.contains("those issued before keep theirs"), "{said}");
    let (_, after) = issue(&env, 3, 3);
    assert_eq!(crl_url_of(&before), "http://crl.catool.invalid/ca-1.crl");
    assert_eq!(crl_url_of(&after), "http://pki.example.com/r.crl");
    assert_eq!(
        env.json(&["ca", "show", "rsa"])["crl_url"],
        "http://pki.example.com/r.crl"
    );
}

#[test]
fn a_crl_url_that_names_no_file_to_publish_is_refused() {
    let env = env_with_ca(&[]);
    for bad in [
        "http://pki.example.com/crl/",
        "ftp://pki.example.com/root.crl",
        "http://pki.example.com/root.crl?v=1",
        "http://pki.example.com/.hidden",
    ] {
        let err = env.fails(5, &["ca", "set", "rsa", "--crl-url", bad]);
        assert!(err.contains("invalid --crl-url"), "{bad}: {err}");
    }
    assert_eq!(
        env.json(&["ca", "show", "rsa"])["crl_url"],
        "http://crl.catool.invalid/ca-1.crl"
    );
}

#[test]
fn ca_set_is_recorded_in_the_history_and_verifies() {
    let env = env_with_ca(&[]);
    let www = dir(&env, "www");
    env.ok(&[
        "ca",
        "set",
        "rsa",
        "--crl-url",
        "http://pki.example.com/r.crl",
        "--crl-dir",
        s(&www),
    ]);
    let events = env.json(&["log", "--action", "ca.set"]);
    let details = &events[0]["details"];
    assert_eq!(details["crl_url"], "http://pki.example.com/r.crl");
    assert_eq!(
        details["previous_crl_url"],
        "http://crl.catool.invalid/ca-1.crl"
    );
    assert_eq!(details["crl_dir"], s(&www));
    env.ok(&["crl"]);
    env.ok(&["log", "verify"]);
}

// ---------------------------------------------------------------------------------------
// Publication

#[test]
fn crl_publishes_der_under_the_stable_name_and_the_url_file_name() {
    let env = env_with_ca(&[]);
    let www = dir(&env, "www");
    env.ok(&[
        "ca",
        "set",
        "rsa",
        "--crl-url",
        "http://pki.example.com/crl/root.crl",
        "--crl-dir",
        s(&www),
    ]);
    let report = env.json(&["crl", "--ca", "rsa"]);
    let stable = www.join("ca-1.crl");
    let named = www.join("root.crl");
    assert_eq!(
        report["published"],
        serde_json::json!([s(&stable), s(&named)])
    );
    for file in [&stable, &named] {
        let said = openssl_ok(&[
            "crl",
            "-in",
            s(file),
            "-inform",
            "DER",
            "-CAfile",
            s(&env.path("ca.pem")),
            "-noout",
        ]);
        assert!(said.contains("verify OK"), "{}: {said}", file.display());
    }
    let mut left: Vec<String> = std::fs::read_dir(&www)
        .expect("read www")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["ca-1.crl", "root.crl"], "no temporary file left");
}

#[test]
fn each_crl_replaces_the_published_one() {
    let env = env_with_ca(&[]);
    let www = dir(&env, "www");
    env.ok(&["ca", "set", "rsa", "--crl-dir", s(&www)]);
    env.ok(&["crl"]);
    env.ok(&["crl"]);
    assert_eq!(crl_number(&crl_text(&www.join("ca-1.crl"))), 2);
}

#[test]
fn after_a_url_change_the_crl_is_still_published_for_earlier_certificates() {
    let env = env_with_ca(&["--crl-url", "http://pki.example.com/old.crl"]);
    let www = dir(&env, "www");
    env.ok(&[
        "ca",
        "set",
        "rsa",
        "--crl-url",
        "http://pki.example.com/new.crl",
    ]);
    env.ok(&["ca", "set", "rsa", "--crl-dir", s(&www)]);
    env.ok(&["crl"]);
    for name in ["ca-1.crl", "old.crl", "new.crl"] {
        assert_eq!(crl_number(&crl_text(&www.join(name))), 1, "{name}");
    }
}

#[test]
fn no_crl_dir_stops_publication() {
    let env = env_with_ca(&[]);
    let www = dir(&env, "www");
    env.ok(&["ca", "set", "rsa", "--crl-dir", s(&www)]);
    env.ok(&["ca", "set", "rsa", "--no-crl-dir"]);
    let report = env.json(&["crl"]);
    assert_eq!(report["published"], serde_json::json!([]));
    assert!(!www.join("ca-1.crl").exists());
}

#[test]
fn a_missing_crl_dir_is_refused() {
    let env = env_with_ca(&[]);
    let err = env.fails(
        5,
        &["ca", "set", "rsa", "--crl-dir", s(&env.path("nowhere"))],
    );
    assert!(err.contains("is not a directory"), "{err}");
}

#[test]
fn publication_never_writes_over_the_registry_and_uses_up_no_crl_number() {
    let env = env_with_ca(&[]);
    let registry_dir = env.db.parent().expect("registry dir").to_path_buf();
    // The file a CRL named after it would replace: the registry file, or on PostgreSQL (no
    // registry file) the master key file beside where it would be.
    let (name, what) = if common::on_postgres() {
        ("registry.db.key", "master key")
    } else {
        ("registry.db", "the registry")
    };
    // Refused when it is set (nothing changes, no CRL is refused later).
    let key_before = std::fs::read(registry_dir.join("registry.db.key")).unwrap();
    let err = env.fails(
        5,
        &[
            "ca",
            "set",
            "rsa",
            "--crl-url",
            &format!("http://pki.example.com/{name}"),
            "--crl-dir",
            s(&registry_dir),
        ],
    );
    assert!(err.contains(what), "{err}");
    // The file's name comes from the URL, its directory from --crl-dir: both are named.
    assert!(err.contains("--crl-dir/--crl-url"), "{err}");
    // Refused when published too: a publication set while the master key was elsewhere.
    let elsewhere = env.path("pub");
    std::fs::create_dir(&elsewhere).unwrap();
    let copy = elsewhere.join("copy.key");
    std::fs::copy(registry_dir.join("registry.db.key"), &copy).unwrap();
    env.ok(&[
        "ca",
        "set",
        "rsa",
        "--crl-url",
        "http://pki.example.com/copy.key",
        "--crl-dir",
        s(&elsewhere),
    ]);
    let err = env.fails(5, &["--master-key", s(&copy), "crl"]);
    assert!(err.contains("master key"), "{err}");
    assert!(std::fs::read(&copy).unwrap() == key_before);
    assert!(std::fs::read(registry_dir.join("registry.db.key")).unwrap() == key_before);
    assert_eq!(next_crl_number(&env), 1, "the refused CRL used up a number");
    env.ok(&["log", "verify"]);
}

// ---------------------------------------------------------------------------------------
// The command line: crl, crl issue, crl show, --pem/--der

#[test]
fn crl_alone_and_crl_issue_both_issue_the_next_crl() {
    let env = env_with_ca(&[]);
    assert_eq!(env.json(&["crl", "--ca", "rsa"])["crl_number"], 1);
    assert_eq!(env.json(&["crl", "issue", "--ca", "rsa"])["crl_number"], 2);
    assert_eq!(next_crl_number(&env), 3);
}

#[test]
fn pem_and_der_mean_the_same_for_a_file_and_stdout() {
    let env = env_with_ca(&[]);
    let der_file = env.path("a.crl");
    let pem_file = env.path("b.crl");
    env.ok(&["crl", "--out", s(&der_file)]);
    env.ok(&["crl", "--out", s(&pem_file), "--pem"]);
    let stdout_pem = env.cmd().args(["crl"]).output().expect("run").stdout;
    let stdout_der = env
        .cmd()
        .args(["crl", "--der"])
        .output()
        .expect("run")
        .stdout;
    let is_pem = |b: &[u8]| b.starts_with(b"-----BEGIN X509 CRL-----");
    let is_der = |b: &[u8]| b.first() == Some(&0x30);
    assert!(
        is_der(&std::fs::read(&der_file).expect("read")),
        "file default: DER"
    );
    assert!(
        is_pem(&std::fs::read(&pem_file).expect("read")),
        "file --pem: PEM"
    );
    assert!(is_pem(&stdout_pem), "stdout default: PEM");
    assert!(is_der(&stdout_der), "stdout --der: DER");
    env.fails(2, &["crl", "--pem", "--der"]);
}

#[test]
fn crl_show_prints_the_last_crl_without_issuing_a_new_number() {
    let env = env_with_ca(&[]);
    let (cert, _) = issue(&env, 2, 2);
    let id = cert["id"].as_i64().expect("id").to_string();
    env.ok(&[
        "cert",
        "revoke",
        "--cert",
        &id,
        "--reason",
        "key-compromise",
    ]);
    let issued = env.path("issued.crl");
    env.ok(&["crl", "--out", s(&issued)]);
    let shown = env.json(&["crl", "show"]);
    assert_eq!(shown["crl_number"], 1);
    assert_eq!(shown["entries"][0]["serial"], cert["serial"]);
    assert_eq!(shown["entries"][0]["reason"], "key-compromise");
    let text = env.ok(&["crl", "show", "--ca", "rsa"]);
    assert!(
        text.contains("CRL number:") && text.contains("key-compromise"),
        "{text}"
    );
    let again = env.path("again.crl");
    env.ok(&["crl", "show", "--der", "--out", s(&again)]);
    assert_eq!(
        std::fs::read(&again).expect("read"),
        std::fs::read(&issued).expect("read"),
        "crl show gives the CRL as issued"
    );
    assert_eq!(next_crl_number(&env), 2, "crl show issued a CRL");
}

#[test]
fn crl_show_before_any_crl_says_how_to_issue_one() {
    let env = env_with_ca(&[]);
    let err = env.fails(3, &["crl", "show"]);
    assert!(err.contains("catool crl --ca 1"), "{err}");
}

// ---------------------------------------------------------------------------------------
// What stays on the CRL

#[test]
fn openssl_verify_with_the_published_crl_says_revoked() {
    let env = env_with_ca(&[]);
    let www = dir(&env, "www");
    env.ok(&["ca", "set", "rsa", "--crl-dir", s(&www)]);
    let (cert, pem) = issue(&env, 2, 2);
    let id = cert["id"].as_i64().expect("id").to_string();
    env.ok(&[
        "cert",
        "revoke",
        "--cert",
        &id,
        "--reason",
        "key-compromise",
    ]);
    env.ok(&["crl"]);
    let crl_pem = env.path("published.pem");
    openssl_ok(&[
        "crl",
        "-in",
        s(&www.join("ca-1.crl")),
        "-inform",
        "DER",
        "-out",
        s(&crl_pem),
    ]);
    let out = openssl(&[
        "verify",
        "-crl_check",
        "-CRLfile",
        s(&crl_pem),
        "-CAfile",
        s(&env.path("ca.pem")),
        s(&pem),
    ]);
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !out.status.success(),
        "a revoked certificate verified: {said}"
    );
    assert!(said.contains("certificate revoked"), "{said}");
}

/// RFC 5280 §5.1.2.6 allows dropping a revoked certificate once it has expired; catool
/// keeps it, so a validator checking an old signature still finds it.
#[test]
fn a_revoked_serial_stays_on_every_crl_before_and_after_the_certificate_expires() {
    let env = env_with_ca(&[]);
    let (cert, _) = issue(&env, 2, 2);
    let id = cert["id"].as_i64().expect("id").to_string();
    let serial = cert["serial"].as_str().expect("serial").to_string();
    env.ok(&[
        "cert",
        "revoke",
        "--cert",
        &id,
        "--reason",
        "key-compromise",
    ]);
    let not_after: DateTime<Utc> = cert["not_after"]
        .as_str()
        .expect("not_after")
        .parse()
        .expect("RFC 3339 not_after");
    let times = [
        not_after - Duration::days(300),
        not_after - Duration::days(30),
        not_after - Duration::days(1),
        not_after + Duration::days(1),
        not_after + Duration::days(400),
    ];
    for (i, at) in times.into_iter().enumerate() {
        let file = env.path(&format!("crl-{i}.der"));
        ok_at(&env, at, &["crl", "--out", s(&file)]);
        let text = crl_text(&file);
        assert_eq!(crl_number(&text), i as u64 + 1);
        assert_eq!(
            crl_entries(&text),
            [(serial.clone(), "Key Compromise".to_string())],
            "CRL at {at}:\n{text}"
        );
    }
}

/// A frozen certificate is on hold; unfrozen, the next (full) CRL simply no longer lists
/// it: removeFromCRL belongs to delta CRLs (RFC 5280 §5.3.1), which catool does not issue.
#[test]
fn a_frozen_certificate_is_on_hold_and_leaves_the_next_crl_once_unfrozen() {
    let env = env_with_ca(&[]);
    let (cert, _) = issue(&env, 2, 2);
    let id = cert["id"].as_i64().expect("id").to_string();
    let serial = cert["serial"].as_str().expect("serial").to_string();
    env.ok(&["cert", "freeze", "--cert", &id]);
    let held = env.path("held.der");
    env.ok(&["crl", "--out", s(&held)]);
    assert_eq!(
        crl_entries(&crl_text(&held)),
        [(serial, "Certificate Hold".to_string())]
    );
    env.ok(&["cert", "unfreeze", "--cert", &id]);
    let after = env.path("after.der");
    env.ok(&["crl", "--out", s(&after)]);
    let text = crl_text(&after);
    assert_eq!(crl_entries(&text), [], "{text}");
    assert!(!text.contains("Remove From CRL"), "{text}");
}

#[test]
fn an_older_copy_of_the_registry_does_not_publish_over_a_later_crl() {
    // Red team 7, round 3: the run that committed first could rename its CRL over a later
    // one; a registry restored from a backup is the same case, and can be set up in a test.
    let env = env_with_ca(&[]);
    let www = dir(&env, "www");
    env.ok(&["ca", "set", "rsa", "--crl-dir", s(&www)]);
    env.ok(&["crl"]);
    let old = env.path("old.db");
    env.sqlite3(&format!(".backup '{}'", s(&old)));
    env.ok(&["crl"]);
    env.ok(&["crl"]);
    let published = www.join("ca-1.crl");
    assert_eq!(crl_number(&crl_text(&published)), 3);
    env.sqlite3(&format!(".restore '{}'", s(&old)));
    let err = env.fails(5, &["crl"]);
    assert!(err.contains("CRL #2") && err.contains("CRL #3"), "{err}");
    assert_eq!(crl_number(&crl_text(&published)), 3);
}
