//! Signatures that outlive their certificates (PAdES B-T, B-LT, B-LTA): catool's own TSA
//! stamps the signature, the document carries the certificates and CRLs to validate it
//! offline, a document timestamp protects it all; pyHanko validates the files with revocation
//! checking required and fetching forbidden (tests/ltv/validate_offline.py), and catool's own
//! verdict uses the timestamp's time.

use crate::common;

use std::process::Command;

use common::*;

/// 李娜 holds RSA certificate 1 (PIN in `pin`); the registry has a TSA under the same CA;
/// the contract is `doc.pdf`; the CA certificate is `ca.pem`.
fn setup() -> Env {
    let env = Env::with_lina_certificate("RSA CA", "rsa2048");
    env.ok(&["tsa", "init", "--ca", "RSA CA", "--name", "测试时间戳"]);
    let contract = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/contract.pdf");
    std::fs::copy(contract, env.path("doc.pdf")).unwrap();
    let ca = env.ok(&["ca", "export", "1"]);
    std::fs::write(env.path("ca.pem"), ca).unwrap();
    env
}

fn sign(env: &Env, out: &str, level: &str) {
    env.ok(&[
        "pdf",
        "sign",
        &p(env, "doc.pdf"),
        "--out",
        &p(env, out),
        "--cert",
        "1",
        "--pin-file",
        &p(env, "pin"),
        "--level",
        level,
    ]);
}

/// pyHanko's strict offline validation: (passed, its report).
fn pyhanko_offline(env: &Env, file: &str) -> (bool, String) {
    require_tool("python3", "apt-get install python3");
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/ltv/validate_offline.py");
    let out = Command::new("python3")
        .arg(script)
        .arg(env.path(file))
        .arg(env.path("ca.pem"))
        .output()
        .expect("run validate_offline.py");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

fn verified(env: &Env, file: &str) -> serde_json::Value {
    env.json(&["pdf", "verify", &p(env, file)])
}

#[test]
fn a_b_t_signature_carries_a_timestamp_catool_and_pyhanko_accept() {
    let env = setup();
    sign(&env, "bt.pdf", "B-T");
    let v = verified(&env, "bt.pdf");
    assert_eq!(v["verdict"], "valid", "{v:#}");
    let s = &v["signatures"][0];
    assert_eq!(s["pades_level"], "B-T", "{v:#}");
    assert_eq!(s["timestamp_trusted"], true, "{v:#}");
    assert!(
        s["timestamp"]["tsa"]
            .as_str()
            .unwrap_or("")
            .contains("测试时间戳"),
        "{v:#}"
    );
    // pyHanko's AdES validation requires revocation data: B-T carries the signer's CRL in the
    // signed adbe-revocationInfoArchival attribute. Offline: the CRL address in catool's
    // certificates is a .invalid host, which never resolves.
    require_tool("pyhanko", "pip install pyhanko-cli");
    let out = Command::new("pyhanko")
        .args(["sign", "adesverify", "--trust-replace", "--trust"])
        .arg(env.path("ca.pem"))
        .arg(env.path("bt.pdf"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "pyHanko rejects the B-T file:\n{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("INTACT:TRUSTED,TIMESTAMP_TOKEN<INTACT:TRUSTED>"),
        "pyHanko does not accept the signature and its timestamp:\n{text}"
    );
}

#[test]
fn a_b_lt_file_validates_offline_with_revocation_checking_in_pyhanko() {
    let env = setup();
    sign(&env, "blt.pdf", "B-LT");
    let (ok, text) = pyhanko_offline(&env, "blt.pdf");
    assert!(ok, "pyHanko rejects the B-LT file offline:\n{text}");
    let v = verified(&env, "blt.pdf");
    assert_eq!(v["verdict"], "valid", "{v:#}");
    assert_eq!(v["signatures"][0]["pades_level"], "B-LT", "{v:#}");
    assert_eq!(v["signatures"][0]["long_term_validation"], true, "{v:#}");
}

#[test]
fn a_b_lta_file_validates_offline_in_pyhanko_and_has_a_document_timestamp() {
    let env = setup();
    sign(&env, "blta.pdf", "B-LTA");
    let (ok, text) = pyhanko_offline(&env, "blta.pdf");
    assert!(ok, "pyHanko rejects the B-LTA file offline:\n{text}");
    assert!(text.contains("later doc timestamps=1"), "{text}");
    let v = verified(&env, "blta.pdf");
    assert_eq!(v["verdict"], "valid", "{v:#}");
    let kinds: Vec<&str> = v["signatures"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["kind"].as_str())
        .collect();
    assert_eq!(kinds, ["approval", "document_timestamp"], "{v:#}");
    assert_eq!(v["signatures"][0]["pades_level"], "B-LTA", "{v:#}");
}

#[test]
fn renewing_the_archive_timestamp_adds_one_and_stores_nothing_twice() {
    let env = setup();
    sign(&env, "blta.pdf", "B-LTA");
    env.ok(&[
        "pdf",
        "timestamp",
        &p(&env, "blta.pdf"),
        "--out",
        &p(&env, "renewed.pdf"),
    ]);
    let v = verified(&env, "renewed.pdf");
    assert_eq!(v["verdict"], "valid", "{v:#}");
    let stamps = v["signatures"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["kind"] == "document_timestamp")
        .count();
    assert_eq!(stamps, 2, "{v:#}");
    // The certificates are in the store once: the renewal adds only what is new (fresh CRLs).
    let bytes = std::fs::read(env.path("renewed.pdf")).unwrap();
    let (ok, text) = pyhanko_offline(&env, "renewed.pdf");
    assert!(ok, "pyHanko rejects the renewed file:\n{text}");
    let certs_in_first = count_dss_certs(&std::fs::read(env.path("blta.pdf")).unwrap());
    assert!(
        certs_in_first >= 2,
        "the store lists {certs_in_first} certificates"
    );
    assert_eq!(count_dss_certs(&bytes), certs_in_first);
}

/// How many certificates the document security store lists (qpdf reads the structure).
fn count_dss_certs(pdf: &[u8]) -> usize {
    require_tool("qpdf", "apt-get install qpdf");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("x.pdf");
    std::fs::write(&file, pdf).unwrap();
    let out = Command::new("qpdf")
        .args(["--json", "--json-key=qpdf"])
        .arg(&file)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let objects = &json["qpdf"][1];
    let root = objects["trailer"]["value"]["/Root"]
        .as_str()
        .unwrap()
        .to_string();
    let key = |r: &str| format!("obj:{r}");
    let dss_ref = objects[key(&root)]["value"]["/DSS"]
        .as_str()
        .unwrap()
        .to_string();
    objects[key(&dss_ref)]["value"]["/Certs"]
        .as_array()
        .map_or(0, |a| a.len())
}

#[test]
fn pdf_timestamp_adds_validation_data_and_an_archive_timestamp_to_a_b_t_file() {
    let env = setup();
    sign(&env, "bt.pdf", "B-T");
    env.ok(&[
        "pdf",
        "timestamp",
        &p(&env, "bt.pdf"),
        "--out",
        &p(&env, "lta.pdf"),
    ]);
    let (ok, text) = pyhanko_offline(&env, "lta.pdf");
    assert!(ok, "pyHanko rejects the renewed file:\n{text}");
    assert_eq!(verified(&env, "lta.pdf")["verdict"], "valid");
}

#[test]
fn archiving_a_document_whose_open_action_points_at_a_page_keeps_its_signature_valid() {
    // LibreOffice writes /OpenAction [page /XYZ …]: the page the action shows is not part of
    // the action, so the document timestamp's widget added to that page stays allowed.
    let env = setup();
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/libreoffice.pdf");
    std::fs::copy(fixture, env.path("doc.pdf")).unwrap();
    sign(&env, "bt.pdf", "B-T");
    env.ok(&[
        "pdf",
        "timestamp",
        &p(&env, "bt.pdf"),
        "--out",
        &p(&env, "lta.pdf"),
    ]);
    let v = verified(&env, "lta.pdf");
    assert_eq!(v["verdict"], "valid", "{v:#}");
    assert_eq!(v["signatures"][0]["pades_level"], "B-LTA", "{v:#}");
    let (ok, text) = pyhanko_offline(&env, "lta.pdf");
    assert!(ok, "pyHanko rejects the archived file:\n{text}");
}

#[test]
fn a_page_changed_after_signing_is_caught_even_when_the_open_action_points_at_it() {
    let env = setup();
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/libreoffice.pdf");
    std::fs::copy(fixture, env.path("doc.pdf")).unwrap();
    sign(&env, "signed.pdf", "B-B");
    // An incremental update that gives the first page new content (pyHanko's writer, as an
    // attacker's tool would).
    let script = r#"
import sys
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
w = IncrementalPdfFileWriter(open(sys.argv[1], "rb"))
page_ref, _ = w.find_page_for_modification(0)
page = page_ref.get_object()
page["/Contents"] = w.add_object(generic.StreamObject(stream_data=b"BT 72 700 Td (PAID) Tj ET"))
w.mark_update(page_ref)
w.write(open(sys.argv[2], "wb"))
"#;
    let out = Command::new("python3")
        .args([
            "-c",
            script,
            &p(&env, "signed.pdf"),
            &p(&env, "changed.pdf"),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = env.run(&["--json", "pdf", "verify", &p(&env, "changed.pdf")]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["verdict"], "not_valid", "{v:#}");
}

#[test]
fn revoked_after_the_timestamp_stays_valid_but_without_one_is_not_proven() {
    let env = setup();
    sign(&env, "bt.pdf", "B-LT");
    sign(&env, "bb.pdf", "B-B");
    // Revoked an hour after both signatures.
    let hour_later = (chrono::Utc::now() + chrono::Duration::hours(1))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let out = env
        .cmd()
        .env("CATOOL_NOW", &hour_later)
        .args([
            "cert",
            "revoke",
            "--cert",
            "1",
            "--reason",
            "key-compromise",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let later = |file: &str| {
        let out = env
            .cmd()
            .env("CATOOL_NOW", "2028-06-01T00:00:00Z")
            .args(["--json", "pdf", "verify", &p(&env, file)])
            .output()
            .unwrap();
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let bt = later("bt.pdf");
    assert_eq!(bt["signatures"][0]["verdict"], "valid", "{bt:#}");
    let bb = later("bb.pdf");
    assert_eq!(
        bb["signatures"][0]["verdict"], "valid_at_claimed_time_only",
        "{bb:#}"
    );
}

#[test]
fn an_unreachable_tsa_is_one_clear_error_and_nothing_is_written() {
    let env = setup();
    // A port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/");
    let signed = || {
        env.json(&["log"]).as_array().map_or(0, |a| {
            a.iter().filter(|e| e["action"] == "pdf.sign").count()
        })
    };
    let before = signed();
    let out = env.run(&[
        "pdf",
        "sign",
        &p(&env, "doc.pdf"),
        "--out",
        &p(&env, "x.pdf"),
        "--cert",
        "1",
        "--pin-file",
        &p(&env, "pin"),
        "--tsa-url",
        &url,
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(err.contains(&url), "the TSA is not named: {err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(!env.path("x.pdf").exists());
    assert_eq!(before, signed(), "a history event claims a signature");
}

/// The CRLs a B-T signature carries are issued once the input is known to be a PDF: a
/// damaged or missing input issues none (each refused run issued one, its number used up
/// and its event in the history, for a command that did nothing).
#[test]
fn a_refused_input_issues_no_crl_for_the_signature() {
    let env = setup();
    let crls = || {
        env.json(&["log"])
            .as_array()
            .map_or(0, |a| a.iter().filter(|e| e["action"] == "ca.crl").count())
    };
    let before = crls();
    let pdf = std::fs::read(env.path("doc.pdf")).unwrap();
    let startxref = pdf.windows(9).rposition(|w| w == b"startxref").unwrap();
    let mut damaged = pdf[..startxref].to_vec();
    damaged.extend_from_slice(b"startxref\n999999999\n%%EOF\n");
    std::fs::write(env.path("damaged.pdf"), damaged).unwrap();
    for input in ["damaged.pdf", "missing.pdf"] {
        let out = env.run(&[
            "pdf",
            "sign",
            &p(&env, input),
            "--out",
            &p(&env, "x.pdf"),
            "--cert",
            "1",
            "--pin-file",
            &p(&env, "pin"),
            "--level",
            "B-T",
        ]);
        assert_eq!(
            out.status.code(),
            Some(5),
            "{input}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!env.path("x.pdf").exists());
    }
    assert_eq!(crls(), before, "a refused input issued a CRL");
    sign(&env, "bt.pdf", "B-T");
    assert_eq!(crls(), before + 1);
}

#[test]
fn b_t_without_any_tsa_says_how_to_get_one() {
    let env = Env::with_lina_certificate("RSA CA", "rsa2048");
    let contract = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/contract.pdf");
    std::fs::copy(contract, env.path("doc.pdf")).unwrap();
    let err = env.fails(
        2,
        &[
            "pdf",
            "sign",
            &p(&env, "doc.pdf"),
            "--out",
            &p(&env, "x.pdf"),
            "--cert",
            "1",
            "--pin-file",
            &p(&env, "pin"),
            "--level",
            "B-T",
        ],
    );
    assert!(err.contains("tsa init"), "{err}");
}

/// `catool tsa serve` of another registry (another platform's TSA) on a free port; killed
/// when dropped.
struct Served {
    child: std::process::Child,
    url: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve_tsa(env: &Env) -> Served {
    use std::io::BufRead;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = env
        .cmd()
        .args(["tsa", "serve", "--listen", &format!("127.0.0.1:{port}")])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut lines = std::io::BufReader::new(stderr).lines();
    let ready = lines
        .by_ref()
        .take(20)
        .any(|l| l.is_ok_and(|l| l.contains("listening on")));
    assert!(ready, "tsa serve did not start");
    // Keep draining its log so the server never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    Served {
        child,
        url: format!("http://127.0.0.1:{port}/"),
    }
}

#[test]
fn another_platforms_tsa_over_http_is_trusted_only_with_its_ca_given() {
    let env = Env::with_lina_certificate("RSA CA", "rsa2048");
    let contract = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/contract.pdf");
    std::fs::copy(contract, env.path("doc.pdf")).unwrap();
    // The other platform: its own registry, CA and TSA, served over HTTP.
    let other = Env::new();
    other.ok(&[
        "ca",
        "init",
        "--name",
        "Other Platform CA",
        "--algo",
        "rsa2048",
    ]);
    other.ok(&["tsa", "init", "--ca", "Other Platform CA"]);
    std::fs::write(env.path("other-ca.pem"), other.ok(&["ca", "export", "1"])).unwrap();
    let served = serve_tsa(&other);
    env.ok(&[
        "pdf",
        "sign",
        &p(&env, "doc.pdf"),
        "--out",
        &p(&env, "t.pdf"),
        "--cert",
        "1",
        "--pin-file",
        &p(&env, "pin"),
        "--tsa-url",
        &served.url,
    ]);
    let out = env.run(&["--json", "pdf", "verify", &p(&env, "t.pdf")]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{v:#}");
    let reason = v["signatures"][0]["reason"].as_str().unwrap_or("");
    assert!(reason.contains("--trust"), "{v:#}");
    let v = env.json(&[
        "pdf",
        "verify",
        &p(&env, "t.pdf"),
        "--trust",
        &p(&env, "other-ca.pem"),
    ]);
    assert_eq!(v["verdict"], "valid", "{v:#}");
    assert_eq!(v["signatures"][0]["timestamp_trusted"], true, "{v:#}");
    assert_eq!(v["signatures"][0]["pades_level"], "B-T", "{v:#}");
}

/// Runs catool against `db` (the registry file) with the clock at `at`; requires success.
fn at_time(env: &Env, db: &std::path::Path, at: &str, args: &[&str]) -> String {
    let out = env
        .cmd()
        .env("CATOOL_DB", db)
        .env("CATOOL_NOW", at)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "catool {args:?} at {at}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_crl_in_the_document_catches_a_revocation_an_old_registry_copy_does_not_know() {
    let env = setup();
    let hours = |h: i64| {
        (chrono::Utc::now() + chrono::Duration::hours(h))
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    };
    // A copy of the registry (and its key) from before the revocation.
    let old = env.path("old.db");
    std::fs::copy(&env.db, &old).unwrap();
    std::fs::copy(env.path("registry.db.key"), env.path("old.db.key")).unwrap();
    at_time(
        &env,
        &env.db,
        &hours(1),
        &[
            "cert",
            "revoke",
            "--cert",
            "1",
            "--reason",
            "key-compromise",
        ],
    );
    // The old copy does not know: it lets the revoked certificate sign, an hour later.
    let (doc, signed) = (p(&env, "doc.pdf"), p(&env, "late.pdf"));
    let pin = p(&env, "pin");
    at_time(
        &env,
        &old,
        &hours(2),
        &[
            "pdf",
            "sign",
            &doc,
            "--out",
            &signed,
            "--cert",
            "1",
            "--pin-file",
            &pin,
            "--level",
            "B-T",
        ],
    );
    // The live registry archives it: its CRL, in the document, lists the revocation.
    let archived = p(&env, "archived.pdf");
    at_time(
        &env,
        &env.db,
        &hours(3),
        &["pdf", "timestamp", &signed, "--out", &archived],
    );
    let out = env
        .cmd()
        .env("CATOOL_DB", &old)
        .env("CATOOL_NOW", hours(3))
        .args(["--json", "pdf", "verify", &archived])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{v:#}");
    let reason = v["signatures"][0]["reason"].as_str().unwrap_or("");
    assert!(reason.contains("a CRL in the document"), "{v:#}");
}

/// `pdf verify --json FILE --trust …` on a fixture; the signatures' (kind, level, verdict, reason).
fn fixture_report(env: &Env, file: &str, trust: bool) -> Vec<(String, String, String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ltv");
    let file = dir.join(file);
    let root = dir.join("pyhanko-root.pem");
    let mut args = vec!["--json", "pdf", "verify", file.to_str().unwrap()];
    if trust {
        args.extend(["--trust", root.to_str().unwrap()]);
    }
    let out = env.run(&args);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["signatures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let text = |k: &str| s[k].as_str().unwrap_or("").to_string();
            (
                text("kind"),
                text("pades_level"),
                text("verdict"),
                text("reason"),
            )
        })
        .collect()
}

#[test]
fn pyhankos_validation_data_and_document_timestamp_are_read() {
    let env = Env::new();
    let with_trust = fixture_report(&env, "pyhanko-b-lta.pdf", true);
    assert_eq!(with_trust[0].0, "approval", "{with_trust:?}");
    // Its signer is no registry certificate (so not valid here), but the level is read:
    // the timestamps' TSA is trusted by --trust, the /DSS holds the chain and CRLs.
    assert_eq!(with_trust[0].1, "B-LTA", "{with_trust:?}");
    assert_eq!(with_trust[1].0, "document_timestamp", "{with_trust:?}");
    assert_eq!(with_trust[1].2, "valid", "{with_trust:?}");
    let without = fixture_report(&env, "pyhanko-b-lta.pdf", false);
    assert_eq!(without[0].1, "B-B", "{without:?}");
    assert!(without[1].3.contains("--trust"), "{without:?}");
    let xref_stream = fixture_report(&env, "pyhanko-b-lt-xref-stream.pdf", true);
    assert_eq!(xref_stream[0].1, "B-LT", "{xref_stream:?}");
}

#[test]
fn an_sm2_signature_reaches_b_lta_with_an_sm2_tsa() {
    let env = Env::with_lina_certificate("SM2 CA", "sm2");
    env.ok(&["tsa", "init", "--ca", "SM2 CA"]);
    let contract = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/contract.pdf");
    std::fs::copy(contract, env.path("doc.pdf")).unwrap();
    sign(&env, "sm2-lta.pdf", "B-LTA");
    let v = verified(&env, "sm2-lta.pdf");
    assert_eq!(v["verdict"], "valid", "{v:#}");
    let s = &v["signatures"][0];
    assert_eq!(s["algorithm"], "SM2-SM3", "{v:#}");
    assert_eq!(s["pades_level"], "B-LTA", "{v:#}");
    assert_eq!(s["timestamp_trusted"], true, "{v:#}");
    assert_eq!(v["signatures"][1]["kind"], "document_timestamp", "{v:#}");
}
