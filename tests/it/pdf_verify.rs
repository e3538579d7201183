//! `pdf verify`: validity in time, exit codes, the report's fields, and bad input. (Attacks
//! on signed documents are in pdf_attacks.rs.)

use crate::common;
use crate::common::pdf;

use common::*;
use serde_json::Value;

/// 李娜 holds RSA certificate 1 (PIN in `pin`); `doc.pdf` is unsigned, `signed.pdf` is
/// signed by her now.
fn setup() -> Env {
    let env = Env::with_lina_certificate("RSA CA", "rsa2048");
    std::fs::write(env.path("doc.pdf"), pdf::make_pdf(&[pdf::a4(), pdf::a4()])).unwrap();
    sign(&env, "doc.pdf", "signed.pdf", None);
    env
}

fn sign(env: &Env, input: &str, output: &str, now: Option<&str>) {
    let mut c = env.cmd();
    if let Some(t) = now {
        c.env("CATOOL_NOW", t);
    }
    let out = c
        .args(["--as", "李娜", "pdf", "sign", &p(env, input), "--out"])
        .arg(env.path(output))
        .args(["--cert", "1", "--pin-file", &p(env, "pin")])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `pdf verify --json` at `now` (the test clock of debug builds), with its exit code.
fn verify_at(env: &Env, file: &str, now: Option<&str>) -> (Value, i32) {
    let mut c = env.cmd();
    if let Some(t) = now {
        c.env("CATOOL_NOW", t);
    }
    let out = c
        .args(["--json", "pdf", "verify", &p(env, file)])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stderr)));
    (v, out.status.code().unwrap_or(-1))
}

fn in_years(years: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::days(365 * years))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[test]
fn a_fresh_signature_reports_what_was_checked_and_is_valid() {
    let env = setup();
    let (v, code) = verify_at(&env, "signed.pdf", None);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["verdict"], "valid");
    let s = &v["signatures"][0];
    assert_eq!(s["verdict"], "valid");
    assert_eq!(s["kind"], "approval");
    assert_eq!(s["coverage"], "whole_file");
    assert_eq!(s["modification_level"], "none");
    assert_eq!(s["signing_time_source"], "claimed");
    assert_eq!(s["algorithm"], "RSA-SHA256");
    assert_eq!(s["revision"], 2);
    assert_eq!(s["revisions"], 2);
    assert!(s["cert_not_after"].as_str().is_some());
    let text = env.ok(&["pdf", "verify", &p(&env, "signed.pdf")]);
    for line in ["VALID", "whole file", "claimed by the signer", "RSA-SHA256"] {
        assert!(text.contains(line), "{line}: {text}");
    }
}

#[test]
fn an_expired_certificate_is_valid_only_at_the_claimed_time_and_not_plainly_valid() {
    let env = setup();
    let (v, code) = verify_at(&env, "signed.pdf", Some(&in_years(2)));
    assert_eq!(code, 1, "{v}");
    let s = &v["signatures"][0];
    assert_eq!(s["verdict"], "valid_at_claimed_time_only", "{v}");
    assert_eq!(s["valid"], false);
    let reason = s["reason"].as_str().unwrap();
    assert!(
        reason.contains("expired") && reason.contains("no timestamp proves it"),
        "{reason}"
    );
}

#[test]
fn a_signing_time_claimed_in_the_future_is_not_valid() {
    let env = setup();
    let soon = (chrono::Utc::now() + chrono::Duration::days(30))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    sign(&env, "doc.pdf", "future.pdf", Some(&soon));
    let (v, code) = verify_at(&env, "future.pdf", None);
    assert_eq!(code, 1, "{v}");
    assert_eq!(v["signatures"][0]["verdict"], "invalid");
    assert!(
        v["signatures"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("in the future"),
        "{v}"
    );
}

#[test]
fn a_signature_claimed_after_a_revocation_is_not_valid() {
    let env = setup();
    let later = (chrono::Utc::now() + chrono::Duration::hours(1))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    sign(&env, "doc.pdf", "late.pdf", Some(&later));
    env.ok(&[
        "cert",
        "revoke",
        "--cert",
        "1",
        "--reason",
        "key-compromise",
    ]);
    let after = (chrono::Utc::now() + chrono::Duration::hours(2))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let (v, code) = verify_at(&env, "late.pdf", Some(&after));
    assert_eq!(code, 1, "{v}");
    assert_eq!(v["signatures"][0]["verdict"], "invalid", "{v}");
    assert!(
        v["signatures"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("before the claimed signing time"),
        "{v}"
    );
}

#[test]
fn an_unsigned_pdf_says_no_signatures_with_its_own_exit_code() {
    let env = setup();
    let (v, code) = verify_at(&env, "doc.pdf", None);
    assert_eq!(code, 7);
    assert_eq!(v["verdict"], "no_signatures");
    assert_eq!(v["signatures"].as_array().unwrap().len(), 0);
    let err = env.fails(7, &["pdf", "verify", &p(&env, "doc.pdf")]);
    assert!(err.contains("no signatures"), "{err}");
}

/// Damaged inputs: one line naming the file, exit 5 (bad input), never "valid", never 70.
#[test]
fn damaged_inputs_are_named_as_damaged() {
    let env = setup();
    let signed = std::fs::read(env.path("signed.pdf")).unwrap();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty.pdf", Vec::new()),
        ("text.pdf", b"hello, this is not a PDF\n".to_vec()),
        ("truncated.pdf", signed[..signed.len() * 2 / 3].to_vec()),
        ("head.pdf", signed[..200].to_vec()),
    ];
    for (name, bytes) in cases {
        std::fs::write(env.path(name), &bytes).unwrap();
        let out = env.run(&["pdf", "verify", &p(&env, name)]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(5), "{name}: {err}");
        assert!(
            err.contains(name),
            "{name}: the error does not name the file: {err}"
        );
        assert_eq!(err.trim().lines().count(), 1, "{name}: {err}");
        assert!(!String::from_utf8_lossy(&out.stdout).contains("VALID"));
    }
}

/// A signature whose /Contents is not what it should be: not valid (exit 1), the reason
/// says what is wrong, never a crash.
#[test]
fn a_contents_that_is_not_a_cms_signature_is_not_valid() {
    let env = setup();
    let signed = std::fs::read(env.path("signed.pdf")).unwrap();
    let v = verify_at(&env, "signed.pdf", None).0;
    let br: Vec<usize> = v["signatures"][0]["byte_range"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_u64().unwrap() as usize)
        .collect();
    let (start, end) = (br[1] + 1, br[2] - 1);
    // Not DER at all; a DER SEQUENCE that is not CMS; CMS SignedData with no SignerInfo.
    let not_der = "41".repeat(8);
    let not_cms = "3003020105";
    // ContentInfo { signedData, [0] SignedData { 1, {}, {data}, {} } }
    let no_signer = "302006092a864886f70d010702a013301102010131003006\
06092a864886f70d0107013100";
    for (name, hex, expect) in [
        ("notder.pdf", not_der.as_str(), "CMS"),
        ("notcms.pdf", not_cms, "CMS"),
        ("nosigner.pdf", no_signer, "CMS"),
    ] {
        let mut bytes = signed.clone();
        let mut filled = hex.as_bytes().to_vec();
        filled.resize(end - start, b'0');
        bytes[start..end].copy_from_slice(&filled);
        std::fs::write(env.path(name), &bytes).unwrap();
        let (v, code) = verify_at(&env, name, None);
        assert_eq!(code, 1, "{name}: {v}");
        let reason = v["signatures"][0]["reason"].as_str().unwrap_or("");
        assert!(reason.contains(expect), "{name}: {reason}");
        assert_eq!(v["signatures"][0]["valid"], false);
    }
}

/// Bytes appended after the last %%EOF that are not a complete revision: a reader may still
/// apply them (poppler reads an update that lacks its %%EOF), so the signature does not
/// cover what the file shows and is not valid. (pyHanko ignores such bytes.)
#[test]
fn bytes_after_the_last_eof_make_the_signature_not_valid() {
    let env = setup();
    let mut bytes = std::fs::read(env.path("signed.pdf")).unwrap();
    bytes.extend_from_slice(b"trailing junk\n");
    std::fs::write(env.path("junk.pdf"), &bytes).unwrap();
    let (v, code) = verify_at(&env, "junk.pdf", None);
    assert_eq!(code, 1, "{v}");
    let s = &v["signatures"][0];
    assert_eq!(s["coverage"], "earlier_revision");
    assert!(
        s["reason"]
            .as_str()
            .unwrap()
            .contains("not a complete revision"),
        "{v}"
    );
    // Whitespace after %%EOF is nothing.
    let mut bytes = std::fs::read(env.path("signed.pdf")).unwrap();
    bytes.extend_from_slice(b"\r\n\n  \n");
    std::fs::write(env.path("spaces.pdf"), &bytes).unwrap();
    let (v, code) = verify_at(&env, "spaces.pdf", None);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["signatures"][0]["coverage"], "whole_file");
}

/// An encrypted PDF without its password: one line saying the password is needed, exit 5.
#[test]
fn an_encrypted_pdf_without_its_password_says_so() {
    require_tool("qpdf", "apt-get install qpdf");
    let env = setup();
    let out = std::process::Command::new("qpdf")
        .args(["--encrypt", "user-pw", "owner-pw", "256", "--"])
        .arg(env.path("signed.pdf"))
        .arg(env.path("locked.pdf"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = env.fails(5, &["pdf", "verify", &p(&env, "locked.pdf")]);
    assert!(
        err.contains("password") && err.contains("locked.pdf"),
        "{err}"
    );
    assert!(is_one_error(&err), "{err}");
}

/// A signature made with a digest algorithm catool does not know: not valid, and the reason
/// names the algorithm.
#[test]
fn an_unknown_digest_algorithm_is_not_valid_and_named() {
    let env = setup();
    let mut bytes = std::fs::read(env.path("signed.pdf")).unwrap();
    // Every id-sha256 (2.16.840.1.101.3.4.2.1) in the hex /Contents (the SignedData's list
    // and the SignerInfo's digest algorithm, neither of them signed) becomes
    // 2.16.840.1.101.3.4.2.99.
    let sha256 = b"0609608648016503040201";
    let found: Vec<usize> = (0..bytes.len() - sha256.len())
        .filter(|i| bytes[*i..*i + sha256.len()].eq_ignore_ascii_case(sha256))
        .collect();
    assert!(!found.is_empty(), "the CMS names SHA-256");
    for at in found {
        bytes[at + sha256.len() - 2..at + sha256.len()].copy_from_slice(b"63");
    }
    std::fs::write(env.path("unknown.pdf"), &bytes).unwrap();
    let (v, code) = verify_at(&env, "unknown.pdf", None);
    assert_eq!(code, 1, "{v}");
    let reason = v["signatures"][0]["reason"].as_str().unwrap();
    assert!(reason.contains("2.16.840.1.101.3.4.2.99"), "{reason}");
}

/// A signed page whose /Contents also names an object the file never defined (a null,
/// nothing shown): a later revision that defines that object changes the page without
/// redefining any signed object. Not valid.
#[test]
fn defining_an_object_the_signed_revision_referred_to_is_a_modification() {
    use lopdf::{Document, Object, Stream, dictionary};
    let env = setup();
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let shown = doc.add_object(Stream::new(
        lopdf::Dictionary::new(),
        b"BT /F1 14 Tf 60 760 Td (Contract total: 100 CNY) Tj ET".to_vec(),
    ));
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Contents" => vec![Object::Reference(shown), Object::Reference((99, 0))],
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
        ),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    std::fs::write(env.path("dangling.pdf"), &bytes).unwrap();
    sign(&env, "dangling.pdf", "dangling-signed.pdf", None);
    let (v, code) = verify_at(&env, "dangling-signed.pdf", None);
    assert_eq!(code, 0, "{v}");

    // The update: object 99, a content stream, and nothing else.
    let mut signed = std::fs::read(env.path("dangling-signed.pdf")).unwrap();
    let text = String::from_utf8_lossy(&signed).into_owned();
    let prev = pdf::last_startxref(&signed);
    let root = text.rsplit("/Root ").next().unwrap();
    let root: String = root.split('R').next().unwrap().trim().to_string();
    if !signed.ends_with(b"\n") {
        signed.push(b'\n');
    }
    let content = b"BT /F1 14 Tf 60 730 Td (Late fee: 900000 CNY per day) Tj ET";
    let at = signed.len();
    signed.extend_from_slice(
        format!("99 0 obj\n<< /Length {} >>\nstream\n", content.len()).as_bytes(),
    );
    signed.extend_from_slice(content);
    signed.extend_from_slice(b"\nendstream\nendobj\n");
    let xref = signed.len();
    signed.extend_from_slice(
        format!(
            "xref\n99 1\n{at:010} 00000 n \ntrailer\n<< /Size 100 /Root {root} R /Prev {prev} >>\nstartxref\n{xref}\n%%EOF\n"
        )
        .as_bytes(),
    );
    std::fs::write(env.path("dangling-attacked.pdf"), &signed).unwrap();
    let (v, code) = verify_at(&env, "dangling-attacked.pdf", None);
    assert_eq!(code, 1, "{v}");
    let reason = v["signatures"][0]["reason"].as_str().unwrap();
    assert!(reason.contains("defines object 99"), "{reason}");
}
