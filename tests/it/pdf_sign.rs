//! PDF signatures (D20): `catool::pdf::sign` and `catool::pdf::verify`, checked by other
//! validators — pyHanko (`pyhanko sign validate`), poppler's `pdfsig` and `openssl cms
//! -verify` — and against signatures pyHanko made (tests/fixtures/pyhanko_sign.py).

use crate::common;
use crate::common::pdf;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::{Duration, Instant, SystemTime};

use catool::pdf::problem::SignatureProblem;
use catool::pdf::sign::{Appearance, SignRequest, Signed, sign};
use catool::pdf::stamp::Mark;
use catool::pdf::verify::{SignatureReport, verify};
use catool::pki::dn::{C, CN, DnBuilder, O};
use catool::pki::keys::{PrivateKey, SM2_DEFAULT_DISTID};
use catool::pki::x509::{LeafRequest, create_root_ca, issue_leaf};
use common::require_tool;
use der::{EncodePem, pem::LineEnding};
use pdf::*;
use x509_cert::Certificate;

const MM: f32 = 72.0 / 25.4;

/// A CA and a leaf (signing) certificate with its key.
pub(crate) struct Party {
    pub(crate) ca: Certificate,
    pub(crate) key: PrivateKey,
    pub(crate) cert: Certificate,
}

fn party(ca_key: &PrivateKey, ca: &Certificate, key: PrivateKey, cn: &str) -> Party {
    let now = SystemTime::now();
    let subject = DnBuilder::new()
        .printable(C, "CN")
        .unwrap()
        .utf8(O, "北京云签科技有限公司")
        .unwrap()
        .utf8(CN, cn)
        .unwrap()
        .build()
        .unwrap();
    let cert = issue_leaf(
        ca,
        ca_key,
        &LeafRequest {
            subject,
            public_key: key.public_key_spki().unwrap(),
            not_before: now - Duration::from_secs(3600),
            not_after: now + Duration::from_secs(365 * 86400),
            crl_uri: "http://crl.example.invalid/ca.crl".into(),
            identity: None,
        },
        SM2_DEFAULT_DISTID,
    )
    .unwrap();
    Party {
        ca: ca.clone(),
        key,
        cert,
    }
}

pub(crate) struct Pki {
    /// 甲方 and 乙方 under one RSA CA.
    pub(crate) rsa_a: Party,
    rsa_b: Party,
    pub(crate) sm2: Party,
}

fn root(key: &PrivateKey, name: &str) -> Certificate {
    let now = SystemTime::now();
    let subject = DnBuilder::new()
        .printable(C, "CN")
        .unwrap()
        .utf8(O, name)
        .unwrap()
        .utf8(CN, name)
        .unwrap()
        .build()
        .unwrap();
    create_root_ca(
        key,
        subject,
        now - Duration::from_secs(7200),
        now + Duration::from_secs(3650 * 86400),
        SM2_DEFAULT_DISTID,
    )
    .unwrap()
}

/// Keys are slow to make in debug builds: one set for all tests.
pub(crate) fn pki() -> &'static Pki {
    static PKI: OnceLock<Pki> = OnceLock::new();
    PKI.get_or_init(|| {
        let rsa_ca_key = PrivateKey::generate_rsa(2048).unwrap();
        let rsa_ca = root(&rsa_ca_key, "测试RSA根CA");
        let sm2_ca_key = PrivateKey::generate_sm2().unwrap();
        let sm2_ca = root(&sm2_ca_key, "测试SM2根CA");
        Pki {
            rsa_a: party(
                &rsa_ca_key,
                &rsa_ca,
                PrivateKey::generate_rsa(2048).unwrap(),
                "甲方 张伟",
            ),
            rsa_b: party(
                &rsa_ca_key,
                &rsa_ca,
                PrivateKey::generate_rsa(2048).unwrap(),
                "乙方 李娜",
            ),
            sm2: party(
                &sm2_ca_key,
                &sm2_ca,
                PrivateKey::generate_sm2().unwrap(),
                "甲方 王芳",
            ),
        }
    })
}

pub(crate) fn request<'a>(p: &'a Party, chain: &'a [Certificate]) -> SignRequest<'a> {
    SignRequest {
        key: &p.key,
        cert: &p.cert,
        chain,
        reason: Some("同意合同条款"),
        location: Some("北京"),
        name: Some("张伟"),
        signing_time: SystemTime::now(),
        certify: false,
        appearance: None,
        revocation_crls: &[],
        seal_mark: None,
    }
}

fn sign_with<'a>(input: Vec<u8>, p: &'a Party, f: impl FnOnce(&mut SignRequest<'a>)) -> Signed {
    let mut req = request(p, std::slice::from_ref(&p.ca));
    f(&mut req);
    sign(input, None, &req, None).unwrap()
}

struct Dir(tempfile::TempDir);

impl Dir {
    fn new() -> Dir {
        Dir(tempfile::tempdir().unwrap())
    }
    fn path(&self, name: &str) -> PathBuf {
        self.0.path().join(name)
    }
    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }
    fn ca_pem(&self, p: &Party) -> PathBuf {
        self.write("ca.pem", p.ca.to_pem(LineEnding::LF).unwrap().as_bytes())
    }
}

fn run(cmd: &mut Command) -> (bool, String) {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

/// `pyhanko sign validate` with the CA as the only trust root (no revocation sources: the
/// CRL URL is not served). Returns its pretty-printed report.
fn pyhanko_validate(pdf: &Path, ca_pem: &Path, extra: &[&str]) -> (bool, String) {
    require_tool("pyhanko", "pip install pyhanko-cli");
    run(Command::new("pyhanko")
        .args([
            "sign",
            "validate",
            "--pretty-print",
            "--no-revocation-check",
            "--trust-replace",
            "--trust",
        ])
        .arg(ca_pem)
        .args(extra)
        .arg(pdf))
}

/// Every signature pyHanko reports must be intact, trusted and valid.
fn assert_pyhanko_valid(pdf: &Path, ca_pem: &Path, expected_signatures: usize) -> String {
    let (ok, text) = pyhanko_validate(pdf, ca_pem, &[]);
    eprintln!("pyhanko sign validate {}:\n{text}", pdf.display());
    assert!(ok, "pyhanko rejects {}:\n{text}", pdf.display());
    let intact = text
        .matches("The signature is cryptographically sound.")
        .count();
    let trusted = text.matches("The signer's certificate is trusted.").count();
    assert_eq!(
        intact, expected_signatures,
        "pyhanko: not every signature is intact:\n{text}"
    );
    assert_eq!(
        trusted, expected_signatures,
        "pyhanko: not every signer is trusted:\n{text}"
    );
    assert!(
        !text.contains("INVALID") && !text.contains("is not valid"),
        "pyhanko:\n{text}"
    );
    text
}

/// pyHanko's reading of each signature's DocMDP level ("Signature1 MDPPerm.FILL_FORMS").
fn pyhanko_docmdp(pdf: &Path) -> Vec<String> {
    require_tool("python3", "apt-get install python3");
    let script = "import sys\nfrom pyhanko.pdf_utils.reader import PdfFileReader\nr = PdfFileReader(open(sys.argv[1], 'rb'))\nfor s in r.embedded_signatures:\n    print(s.field_name, s.docmdp_level)";
    let (ok, text) = run(Command::new("python3").args(["-c", script]).arg(pdf));
    assert!(ok, "pyhanko (pip install pyhanko): {text}");
    text.lines().map(str::to_string).collect()
}

fn pdfsig(pdf: &Path) -> String {
    require_tool("pdfsig", "apt-get install poppler-utils");
    let text = run(Command::new("pdfsig").arg(pdf)).1;
    eprintln!("pdfsig {}:\n{text}", pdf.display());
    text
}

/// The CMS and the signed bytes of a signature, as files for `openssl cms -verify`.
fn extract(dir: &Dir, bytes: &[u8], br: [usize; 4], tag: &str) -> (PathBuf, PathBuf) {
    let hex = &bytes[br[1] + 1..br[2] - 1];
    let raw: Vec<u8> = hex
        .chunks(2)
        .map(|p| u8::from_str_radix(std::str::from_utf8(p).unwrap(), 16).unwrap())
        .collect();
    // The DER length says where the CMS ends inside the zero padding.
    let len = match raw[1] {
        l if l < 0x80 => 2 + l as usize,
        l => {
            let n = (l & 0x7f) as usize;
            2 + n
                + raw[2..2 + n]
                    .iter()
                    .fold(0usize, |a, b| (a << 8) | *b as usize)
        }
    };
    let sig = dir.write(&format!("{tag}.p7s"), &raw[..len]);
    let content = dir.write(
        &format!("{tag}.signed"),
        &[&bytes[..br[1]], &bytes[br[2]..br[2] + br[3]]].concat(),
    );
    (sig, content)
}

fn openssl_cms_verify(sig: &Path, content: &Path, ca_pem: &Path) -> (bool, String) {
    require_tool("openssl", "apt-get install openssl");
    run(Command::new("openssl")
        .args([
            "cms",
            "-verify",
            "-binary",
            "-inform",
            "DER",
            "-purpose",
            "any",
            "-out",
            "/dev/null",
            "-in",
        ])
        .arg(sig)
        .arg("-content")
        .arg(content)
        .arg("-CAfile")
        .arg(ca_pem))
}

fn pkcs12(dir: &Dir, p: &Party) -> PathBuf {
    let pfx = catool::pki::p12::write_pfx(
        &p.key,
        &p.cert,
        std::slice::from_ref(&p.ca),
        "secret",
        Some("party"),
        &catool::pki::p12::P12Profile::modern(),
    )
    .unwrap();
    dir.write("party.p12", &pfx)
}

/// Signs with pyHanko (tests/fixtures/pyhanko_sign.py); returns pyHanko's own signing time.
fn pyhanko_sign(input: &Path, output: &Path, p12: &Path, field: &str, extra: &[&str]) -> f64 {
    require_tool("python3", "apt-get install python3");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pyhanko_sign.py");
    let out = Command::new("python3")
        .arg(script)
        .arg(input)
        .arg(output)
        .arg(p12)
        .args(["secret", field])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "pyhanko signing failed (pip install pyhanko, or run .ci/deps): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
}

fn ok_report(r: &SignatureReport) {
    assert!(
        r.integrity_ok,
        "signature {} does not verify: {:?}",
        r.field, r.problem
    );
    assert_eq!(r.problem, None);
}

#[test]
fn an_rsa_signature_validates_in_pyhanko_pdfsig_and_openssl() {
    let p = &pki().rsa_a;
    let dir = Dir::new();
    let ca = dir.ca_pem(p);
    let input = make_pdf(&[a4(), a4()]);
    let signed = sign_with(input.clone(), p, |_| {});
    assert!(
        signed.bytes.starts_with(&input),
        "the input's bytes must be kept as they are"
    );
    assert_eq!(signed.field_name, "Signature1");
    let file = dir.write("signed.pdf", &signed.bytes);
    qpdf_check(&file);

    let reports = verify(&signed.bytes, None).unwrap();
    assert_eq!(reports.len(), 1);
    let r = &reports[0];
    ok_report(r);
    assert_eq!(r.field, "Signature1");
    assert_eq!(r.algorithm, "RSA-SHA256");
    assert!(r.covers_whole_file && !r.modified_after);
    assert_eq!(r.byte_range, signed.byte_range);
    assert!(
        r.signer_subject.contains("甲方 张伟"),
        "{}",
        r.signer_subject
    );
    assert!(r.issuer.contains("测试RSA根CA"), "{}", r.issuer);
    assert!(r.signing_time.is_some());
    assert_eq!(r.chain_der.len(), 1);

    let text = assert_pyhanko_valid(&file, &ca, 1);
    assert!(text.contains("Signature1"), "{text}");

    let text = pdfsig(&file);
    assert!(
        text.contains("Signature Validation: Signature is Valid."),
        "pdfsig:\n{text}"
    );
    assert!(
        text.contains("同意合同条款") || text.contains("Signer full Distinguished Name"),
        "pdfsig:\n{text}"
    );

    let (sig, content) = extract(&dir, &signed.bytes, signed.byte_range, "rsa");
    let (ok, text) = openssl_cms_verify(&sig, &content, &ca);
    assert!(
        ok && text.contains("Verification successful"),
        "openssl cms -verify:\n{text}"
    );
}

#[test]
fn an_sm2_signature_verifies() {
    let p = &pki().sm2;
    let dir = Dir::new();
    let signed = sign_with(make_pdf(&[a4()]), p, |_| {});
    let file = dir.write("sm2.pdf", &signed.bytes);
    qpdf_check(&file);
    let reports = verify(&signed.bytes, None).unwrap();
    assert_eq!(reports.len(), 1);
    ok_report(&reports[0]);
    assert_eq!(reports[0].algorithm, "SM2-SM3");
    assert!(reports[0].signer_subject.contains("甲方 王芳"));

    // OpenSSL 3.0's `cms -verify` checks SM2 signatures (and SM2 certificates) with an empty
    // distinguishing ID and has no option to set one, so it refuses signatures made with the
    // GM/T default ID; its verdict is only printed. OpenSSL checks the parts instead: the SM3
    // digest of the signed ranges is the messageDigest, and `pkeyutl` with the default ID
    // verifies the signature over the signed attributes with the signer's public key.
    let ca = dir.ca_pem(p);
    let (sig, content) = extract(&dir, &signed.bytes, signed.byte_range, "sm2");
    let (ok, text) = openssl_cms_verify(&sig, &content, &ca);
    eprintln!("openssl cms -verify on an SM2 signature: success={ok}\n{text}");

    use der::{Decode, Encode};
    let ci = cms::content_info::ContentInfo::from_der(&std::fs::read(&sig).unwrap()).unwrap();
    let sd: cms::signed_data::SignedData = ci.content.decode_as().unwrap();
    let si = sd.signer_infos.0.iter().next().unwrap();
    let attrs = si.signed_attrs.as_ref().unwrap();
    let md_oid = der::asn1::ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
    let md: der::asn1::OctetString = attrs
        .iter()
        .find(|a| a.oid == md_oid)
        .unwrap()
        .values
        .iter()
        .next()
        .unwrap()
        .decode_as()
        .unwrap();
    let (ok, text) = run(Command::new("openssl")
        .args(["dgst", "-sm3", "-hex", "-r"])
        .arg(&content));
    assert!(ok, "{text}");
    let hex: String = md.as_bytes().iter().map(|b| format!("{b:02x}")).collect();
    assert!(
        text.starts_with(&hex),
        "openssl sm3 {text} != messageDigest {hex}"
    );
    let attrs_file = dir.write("attrs.der", &attrs.to_der().unwrap());
    let sig_file = dir.write("sig.bin", si.signature.as_bytes());
    let cert_file = dir.write(
        "signer.pem",
        p.cert.to_pem(LineEnding::LF).unwrap().as_bytes(),
    );
    let (ok, pubkey) = run(Command::new("openssl")
        .args(["x509", "-pubkey", "-noout", "-in"])
        .arg(&cert_file));
    assert!(ok, "{pubkey}");
    let pub_file = dir.write("signer-pub.pem", pubkey.as_bytes());
    let (ok, text) = run(Command::new("openssl")
        .args([
            "pkeyutl",
            "-verify",
            "-pubin",
            "-rawin",
            "-digest",
            "sm3",
            "-pkeyopt",
            "distid:1234567812345678",
            "-inkey",
        ])
        .arg(&pub_file)
        .arg("-in")
        .arg(&attrs_file)
        .arg("-sigfile")
        .arg(&sig_file));
    assert!(
        ok && text.contains("Signature Verified Successfully"),
        "openssl pkeyutl -verify:\n{text}"
    );
}

#[test]
fn two_parties_sign_one_after_the_other_and_both_signatures_stay_valid() {
    let pki = pki();
    let dir = Dir::new();
    let ca = dir.ca_pem(&pki.rsa_a);
    let png = red_disc_png(300);
    let seal_image = catool::pdf::stamp::SealImage::from_png(&png).unwrap();
    let first = sign_with(make_pdf(&[a4(), a4()]), &pki.rsa_a, |r| {
        r.name = Some("甲方");
        r.appearance = Some(Appearance {
            image: &seal_image,
            marks: vec![Mark {
                page: 2,
                center: (50.0 * MM, 240.0 * MM),
                clip: None,
            }],
            size_pt: (40.0 * MM, 40.0 * MM),
        });
    });
    let second = sign_with(first.bytes.clone(), &pki.rsa_b, |r| {
        r.name = Some("乙方");
        r.appearance = Some(Appearance {
            image: &seal_image,
            marks: vec![Mark {
                page: 2,
                center: (150.0 * MM, 240.0 * MM),
                clip: None,
            }],
            size_pt: (40.0 * MM, 40.0 * MM),
        });
    });
    assert!(second.bytes.starts_with(&first.bytes));
    assert_eq!(second.field_name, "Signature2");
    let file = dir.write("both.pdf", &second.bytes);
    qpdf_check(&file);

    let reports = verify(&second.bytes, None).unwrap();
    assert_eq!(reports.len(), 2);
    for r in &reports {
        ok_report(r);
    }
    assert_eq!(reports[0].field, "Signature1");
    assert!(reports[0].modified_after && !reports[0].covers_whole_file);
    assert!(reports[0].signer_subject.contains("甲方"));
    assert_eq!(reports[1].field, "Signature2");
    assert!(reports[1].covers_whole_file && !reports[1].modified_after);
    assert!(reports[1].signer_subject.contains("乙方"));

    assert_pyhanko_valid(&file, &ca, 2);
    let text = pdfsig(&file);
    assert_eq!(
        text.matches("Signature Validation: Signature is Valid.")
            .count(),
        2,
        "pdfsig:\n{text}"
    );
    // Both seals are drawn on page 2.
    let img = render(&file, 2, 50);
    let px_mm = 50.0 / 25.4;
    let left =
        red(&image::imageops::crop_imm(&img, 0, 0, img.width() / 2, img.height()).to_image());
    let right =
        red(
            &image::imageops::crop_imm(&img, img.width() / 2, 0, img.width() / 2, img.height())
                .to_image(),
        );
    assert!(
        left.count > 500 && right.count > 500,
        "two seals expected on page 2"
    );
    assert!((left.cx / px_mm - 50.0).abs() < 1.5 && (left.cy / px_mm - 240.0).abs() < 1.5);
    assert!((right.cx / px_mm + 105.0 - 150.0).abs() < 1.5);
}

#[test]
fn a_pdf_signed_by_pyhanko_can_be_signed_again_and_both_validate() {
    let pki = pki();
    let dir = Dir::new();
    let ca = dir.ca_pem(&pki.rsa_a);
    let input = dir.write("in.pdf", &make_pdf(&[a4()]));
    let p12 = pkcs12(&dir, &pki.rsa_a);
    let by_pyhanko = dir.path("pyhanko.pdf");
    pyhanko_sign(&input, &by_pyhanko, &p12, "甲方签章", &[]);
    let first = std::fs::read(&by_pyhanko).unwrap();
    let reports = verify(&first, None).unwrap();
    assert_eq!(reports.len(), 1);
    ok_report(&reports[0]);
    assert_eq!(reports[0].field, "甲方签章");

    let second = sign_with(first.clone(), &pki.rsa_b, |_| {});
    assert!(second.bytes.starts_with(&first));
    let file = dir.write("both.pdf", &second.bytes);
    qpdf_check(&file);
    let reports = verify(&second.bytes, None).unwrap();
    assert_eq!(reports.len(), 2);
    for r in &reports {
        ok_report(r);
    }
    assert_eq!(reports[0].field, "甲方签章");
    assert!(reports[0].modified_after);
    assert_eq!(reports[1].field, "Signature1");
    assert_pyhanko_valid(&file, &ca, 2);
}

#[test]
fn a_changed_byte_breaks_the_signature() {
    let p = &pki().rsa_a;
    let dir = Dir::new();
    let signed = sign_with(make_pdf(&[a4()]), p, |_| {});
    let mut bytes = signed.bytes.clone();
    let at = bytes.windows(6).position(|w| w == b"Page 1").unwrap();
    bytes[at + 5] = b'7'; // "Page 7 of the test document"
    let reports = verify(&bytes, None).unwrap();
    assert_eq!(reports.len(), 1);
    assert!(!reports[0].integrity_ok);
    assert!(
        matches!(reports[0].problem, Some(SignatureProblem::DigestMismatch)),
        "{:?}",
        reports[0].problem
    );
    let file = dir.write("tampered.pdf", &bytes);
    let text = pdfsig(&file);
    assert!(
        !text.contains("Signature is Valid")
            && text.contains("Signature Validation: Digest Mismatch."),
        "pdfsig:\n{text}"
    );
    let (_, text) = pyhanko_validate(&file, &dir.ca_pem(p), &[]);
    assert!(
        !text.contains("The signature is cryptographically sound."),
        "pyhanko:\n{text}"
    );

    // A change in the signature itself (its CMS) is caught as well.
    // A /ByteRange whose gap is not exactly the /Contents string is refused.
    let mut bytes = signed.bytes.clone();
    let [_, a, b, c] = signed.byte_range;
    let old = format!("[0 {a} {b} {c}");
    let new = format!("[0 {} {} {}", a + 1, b, c);
    let at = bytes
        .windows(old.len())
        .position(|w| w == old.as_bytes())
        .unwrap();
    bytes[at..at + new.len()].copy_from_slice(new.as_bytes());
    let reports = verify(&bytes, None).unwrap();
    assert!(!reports[0].integrity_ok);
    assert!(
        matches!(reports[0].problem, Some(SignatureProblem::GapNotHex)),
        "{:?}",
        reports[0].problem
    );

    // The signature value closes the CMS (no unsigned attributes): change its last byte.
    let (sig, _) = extract(&dir, &signed.bytes, signed.byte_range, "cms");
    let cms_len = std::fs::metadata(&sig).unwrap().len() as usize;
    let mut bytes = signed.bytes.clone();
    let at = signed.byte_range[1] + 1 + 2 * cms_len - 1;
    bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
    let reports = verify(&bytes, None).unwrap();
    assert!(!reports[0].integrity_ok);
    assert!(
        matches!(
            reports[0].problem,
            Some(SignatureProblem::SignatureInvalid { .. })
        ),
        "{:?}",
        reports[0].problem
    );
}

#[test]
fn a_visible_signature_shows_the_seal_where_asked_on_rotated_pages_too() {
    let p = &pki().rsa_a;
    let dir = Dir::new();
    let png = red_disc_png(300);
    let seal_image = catool::pdf::stamp::SealImage::from_png(&png).unwrap();
    let pages: Vec<PageSpec> = [0, 90]
        .iter()
        .map(|r| PageSpec { rotate: *r, ..a4() })
        .collect();
    let mut bytes = make_pdf(&pages);
    for page in [1, 2] {
        bytes = sign_with(bytes, p, |r| {
            r.appearance = Some(Appearance {
                image: &seal_image,
                marks: vec![Mark {
                    page,
                    center: (60.0 * MM, 45.0 * MM),
                    clip: None,
                }],
                size_pt: (30.0 * MM, 30.0 * MM),
            });
        })
        .bytes;
    }
    let file = dir.write("visible.pdf", &bytes);
    qpdf_check(&file);
    for page in [1, 2] {
        let r = red(&render(&file, page, 100));
        let px_mm = 100.0 / 25.4;
        assert!(
            r.count > 3000,
            "page {page}: no seal ({} red pixels)",
            r.count
        );
        let (x, y) = (r.cx / px_mm, r.cy / px_mm);
        assert!(
            (x - 60.0).abs() < 1.0 && (y - 45.0).abs() < 1.0,
            "page {page}: seal at ({x:.1}, {y:.1}) mm"
        );
        let (w, h) = (
            (r.max_x - r.min_x) as f32 / px_mm,
            (r.max_y - r.min_y) as f32 / px_mm,
        );
        assert!(
            (w - 30.0).abs() < 1.0 && (h - 30.0).abs() < 1.0,
            "page {page}: seal {w:.1}x{h:.1} mm"
        );
    }
    for r in verify(&bytes, None).unwrap() {
        ok_report(&r);
    }
    assert_pyhanko_valid(&file, &dir.ca_pem(p), 2);
}

#[test]
fn further_marks_are_drawn_on_their_pages() {
    let p = &pki().rsa_a;
    let dir = Dir::new();
    let png = red_disc_png(300);
    let seal_image = catool::pdf::stamp::SealImage::from_png(&png).unwrap();
    let signed = sign_with(make_pdf(&[a4(), a4(), a4()]), p, |r| {
        r.appearance = Some(Appearance {
            image: &seal_image,
            marks: vec![
                Mark {
                    page: 1,
                    center: (100.0 * MM, 100.0 * MM),
                    clip: None,
                },
                Mark {
                    page: 3,
                    center: (100.0 * MM, 200.0 * MM),
                    clip: None,
                },
            ],
            size_pt: (30.0 * MM, 30.0 * MM),
        });
    });
    let file = dir.write("marks.pdf", &signed.bytes);
    qpdf_check(&file);
    let px_mm = 50.0 / 25.4;
    let r1 = red(&render(&file, 1, 50));
    let r2 = red(&render(&file, 2, 50));
    let r3 = red(&render(&file, 3, 50));
    assert!(r1.count > 500 && r2.count == 0 && r3.count > 500);
    assert!((r3.cy / px_mm - 200.0).abs() < 1.5);
    ok_report(&verify(&signed.bytes, None).unwrap()[0]);
    assert_pyhanko_valid(&file, &dir.ca_pem(p), 1);
}

/// Red pixels of each page's right-edge strip: (count, width in mm).
fn strips(file: &Path, pages: u32) -> Vec<(u64, f32)> {
    let px_mm = 100.0 / 25.4;
    (1..=pages)
        .map(|page| {
            let img = render(file, page, 100);
            let r = red(&img);
            assert!(
                r.count == 0 || img.width() - r.max_x <= 2,
                "page {page}: the strip is not on the right edge"
            );
            (
                r.count,
                (r.max_x + 1).saturating_sub(r.min_x) as f32 / px_mm,
            )
        })
        .collect()
}

#[test]
fn cross_page_strips_sign_unsigned_and_signed_pdfs_alike() {
    use catool::pdf::cross_page::{Edge, Options};
    use catool::pdf::job::{Pages, Placement, plan};
    let pki = pki();
    let dir = Dir::new();
    let ca = dir.ca_pem(&pki.rsa_a);
    let png = red_disc_png(300);
    let seal_image = catool::pdf::stamp::SealImage::from_png(&png).unwrap();
    let size = (30.0 * MM, 30.0 * MM);
    let unsigned = make_pdf(&[a4(), a4(), a4()]);
    let signed_once = sign_with(unsigned.clone(), &pki.rsa_a, |_| {}).bytes;
    for (label, input, expected) in [("unsigned", unsigned, 1), ("signed", signed_once, 2)] {
        let cross = Placement::CrossPage {
            pages: Pages::All,
            options: Options::new(Edge::Right),
            full_seal: None,
        };
        let marks = plan(input.clone(), None, (30.0, 30.0), &cross).unwrap();
        let signed = sign_with(input, &pki.rsa_b, |r| {
            r.appearance = Some(Appearance {
                image: &seal_image,
                marks,
                size_pt: size,
            })
        });
        let file = dir.write(&format!("{label}.pdf"), &signed.bytes);
        qpdf_check(&file);
        for (page, (count, width)) in strips(&file, 3).into_iter().enumerate() {
            assert!(count > 300, "{label}: page {}: no strip", page + 1);
            assert!(
                (width - 10.0).abs() < 1.0,
                "{label}: page {}: strip {width:.1} mm wide",
                page + 1
            );
        }
        let reports = verify(&signed.bytes, None).unwrap();
        assert_eq!(reports.len(), expected);
        for r in &reports {
            ok_report(r);
        }
        assert_pyhanko_valid(&file, &ca, expected);
    }
}

#[test]
fn a_certification_signature_validates_and_allows_a_second_signature() {
    let pki = pki();
    let dir = Dir::new();
    let ca = dir.ca_pem(&pki.rsa_a);
    let certified = sign_with(make_pdf(&[a4()]), &pki.rsa_a, |r| r.certify = true);
    let file = dir.write("certified.pdf", &certified.bytes);
    qpdf_check(&file);
    assert_pyhanko_valid(&file, &ca, 1);
    assert_eq!(
        pyhanko_docmdp(&file),
        ["Signature1 MDPPerm.FILL_FORMS"],
        "pyhanko does not see a certification (P=2)"
    );
    ok_report(&verify(&certified.bytes, None).unwrap()[0]);

    // P=2: a later (invisible) approval signature is allowed and keeps the certification
    // valid. (pyHanko, stricter than Acrobat, refuses a new *visible* signature field after a
    // certification.)
    let both = sign_with(certified.bytes.clone(), &pki.rsa_b, |_| {});
    let file = dir.write("certified2.pdf", &both.bytes);
    assert_pyhanko_valid(&file, &ca, 2);
    assert_eq!(
        pyhanko_docmdp(&file),
        ["Signature1 MDPPerm.FILL_FORMS", "Signature2 None"]
    );

    // Stamping (page content) after a certification would break it: refused.
    let seal = catool::pdf::stamp::SealImage::from_png(&red_disc_png(200)).unwrap();
    let refused = catool::pdf::job::stamp(
        certified.bytes.clone(),
        None,
        &catool::pdf::job::Seal {
            image: &seal,
            width_mm: 30.0,
            height_mm: 30.0,
            opacity: 1.0,
        },
        &catool::pdf::job::Placement::At {
            pages: catool::pdf::job::Pages::One(1),
            anchor: catool::pdf::job::Anchor::Origin,
            x_mm: 100.0,
            y_mm: 100.0,
            clamp: false,
        },
    );
    match refused {
        Err(e) => assert_eq!(e.kind(), "refused", "{e}"),
        Ok(_) => panic!("a certified PDF was stamped"),
    }

    // Only the first signature may certify.
    let chain = [pki.rsa_b.ca.clone()];
    let mut req = request(&pki.rsa_b, &chain);
    req.certify = true;
    let err = sign(both.bytes.clone(), None, &req, None).unwrap_err();
    assert_eq!(err.kind(), "refused", "{err}");
}

#[test]
fn a_key_that_does_not_match_the_certificate_is_refused() {
    let pki = pki();
    let chain = [];
    let mut req = request(&pki.rsa_a, &chain);
    req.key = &pki.rsa_b.key;
    let err = sign(make_pdf(&[a4()]), None, &req, None).unwrap_err();
    assert_eq!(err.kind(), "bad_input");
    assert!(err.to_string().contains("does not belong"), "{err}");
}

#[test]
fn an_encrypted_pdf_is_signed_with_its_password() {
    let p = &pki().rsa_a;
    let dir = Dir::new();
    let plain = dir.write("plain.pdf", &make_pdf(&[a4()]));
    let enc = dir.path("enc.pdf");
    qpdf(&[
        "--encrypt",
        "user",
        "owner",
        "256",
        "--",
        plain.to_str().unwrap(),
        enc.to_str().unwrap(),
    ]);
    let chain = [p.ca.clone()];
    let req = request(p, &chain);
    let signed = sign(std::fs::read(&enc).unwrap(), Some("user"), &req, None).unwrap();
    let file = dir.write("signed.pdf", &signed.bytes);
    qpdf_check_with_password(&file, Some("user"));
    let reports = verify(&signed.bytes, Some("user")).unwrap();
    ok_report(&reports[0]);
    assert_pyhanko_valid_with(&file, &dir.ca_pem(p), 1, &["--password", "user"]);
}

fn assert_pyhanko_valid_with(pdf: &Path, ca_pem: &Path, n: usize, extra: &[&str]) {
    let (ok, text) = pyhanko_validate(pdf, ca_pem, extra);
    assert!(ok, "pyhanko rejects {}:\n{text}", pdf.display());
    assert_eq!(
        text.matches("The signature is cryptographically sound.")
            .count(),
        n,
        "pyhanko:\n{text}"
    );
}

#[test]
fn an_unsigned_pdf_has_no_signatures() {
    assert!(verify(&make_pdf(&[a4()]), None).unwrap().is_empty());
}

/// A PDF of `pages` pages with some text each and, every `image_every` pages, an incompressible
/// image of `image_bytes` bytes (to reach a given file size).
pub(crate) fn big_pdf(pages: usize, image_every: usize, image_bytes: usize) -> Vec<u8> {
    use lopdf::{Dictionary, Document, Object, Stream, dictionary};
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(
        dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica" },
    );
    let mut seed = 0x2545F4914F6CDD1Du64;
    let mut kids = Vec::new();
    for i in 0..pages {
        let mut content = String::from("BT /F1 10 Tf 50 800 Td 12 TL\n");
        for l in 0..60 {
            content.push_str(&format!(
                "(Page {} line {l}: the quick brown fox jumps over the lazy dog) '\n",
                i + 1
            ));
        }
        content.push_str("ET\n");
        let mut xobjects = Dictionary::new();
        if image_every > 0 && i % image_every == 0 {
            let side = ((image_bytes / 3) as f64).sqrt() as i64;
            let mut data = vec![0u8; (side * side * 3) as usize];
            for b in data.iter_mut() {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                *b = seed as u8;
            }
            let img = doc.add_object(Stream::new(
                dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => side, "Height" => side, "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8 },
                data,
            ));
            xobjects.set("Im0", img);
            content.push_str("q 200 0 0 200 300 100 cm /Im0 Do Q\n");
        }
        let c = doc.add_object(Stream::new(Dictionary::new(), content.into_bytes()));
        let page = dictionary! {
            "Type" => "Page", "Parent" => pages_id, "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Contents" => c, "Resources" => dictionary! { "Font" => dictionary! { "F1" => font }, "XObject" => xobjects },
        };
        kids.push(Object::Reference(doc.add_object(page)));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

/// Timing, not a check: `cargo test --release --test it pdf_sign:: -- --ignored --nocapture`.
#[test]
#[ignore]
fn measure_signing_against_pyhanko() {
    let p = &pki().rsa_a;
    let dir = Dir::new();
    let ca = dir.ca_pem(p);
    let p12 = pkcs12(&dir, p);
    for (label, bytes) in [
        ("300 pages", big_pdf(300, 0, 0)),
        ("~50 MB", big_pdf(300, 6, 1_000_000)),
    ] {
        let input = dir.write("big.pdf", &bytes);
        let mb = bytes.len() as f64 / 1e6;
        let cp: Vec<f64> = (0..3)
            .map(|_| {
                let t = Instant::now();
                let ok = Command::new("cp")
                    .arg(&input)
                    .arg(dir.path("copy.pdf"))
                    .status()
                    .unwrap()
                    .success();
                assert!(ok);
                t.elapsed().as_secs_f64()
            })
            .collect();
        let mut in_memory = Vec::new();
        let ours: Vec<f64> = (0..3)
            .map(|_| {
                let t = Instant::now();
                let data = std::fs::read(&input).unwrap();
                let t_sign = Instant::now();
                let signed = sign_with(data, p, |_| {});
                in_memory.push(t_sign.elapsed().as_secs_f64());
                std::fs::write(dir.path("ours.pdf"), &signed.bytes).unwrap();
                t.elapsed().as_secs_f64()
            })
            .collect();
        let verify_t: Vec<f64> = (0..3)
            .map(|_| {
                let t = Instant::now();
                let data = std::fs::read(dir.path("ours.pdf")).unwrap();
                ok_report(&verify(&data, None).unwrap()[0]);
                t.elapsed().as_secs_f64()
            })
            .collect();
        let mut theirs_inner = Vec::new();
        let theirs: Vec<f64> = (0..3)
            .map(|_| {
                let t = Instant::now();
                theirs_inner.push(pyhanko_sign(
                    &input,
                    &dir.path("theirs.pdf"),
                    &p12,
                    "Signature1",
                    &[],
                ));
                t.elapsed().as_secs_f64()
            })
            .collect();
        assert_pyhanko_valid(&dir.path("ours.pdf"), &ca, 1);
        let (ours, theirs, inner) = (median(ours), median(theirs), median(theirs_inner));
        eprintln!(
            "{label} ({mb:.1} MB): catool sign {ours:.3} s (read+sign+write; {:.3} s in sign()), verify {:.3} s; pyHanko {theirs:.3} s process, {inner:.3} s in sign_pdf; cp {:.3} s; pyHanko/catool {:.1}x (process), {:.1}x (sign_pdf only)",
            median(in_memory),
            median(verify_t),
            median(cp),
            theirs / ours,
            inner / ours
        );
    }
}

#[test]
fn pdfs_of_other_producers_and_shapes_are_signed_validly() {
    let p = &pki().rsa_a;
    let dir = Dir::new();
    let ca = dir.ca_pem(p);
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let plain = dir.write("plain.pdf", &make_pdf(&[a4(), a4()]));
    let objstm = dir.path("objstm.pdf");
    qpdf(&[
        "--object-streams=generate",
        plain.to_str().unwrap(),
        objstm.to_str().unwrap(),
    ]);
    let linear = dir.path("linear.pdf");
    qpdf(&[
        "--linearize",
        plain.to_str().unwrap(),
        linear.to_str().unwrap(),
    ]);
    let png = red_disc_png(200);
    let seal_image = catool::pdf::stamp::SealImage::from_png(&png).unwrap();
    let mut inputs = vec![objstm, linear];
    for f in [
        "libreoffice.pdf",
        "reportlab_stsong.pdf",
        "fpdf2_ttf_subset.pdf",
        "reportlab_rotated.pdf",
    ] {
        inputs.push(fixtures.join(f));
    }
    for input in inputs {
        let name = input.file_name().unwrap().to_string_lossy().into_owned();
        let signed = sign_with(std::fs::read(&input).unwrap(), p, |r| {
            r.appearance = Some(Appearance {
                image: &seal_image,
                marks: vec![Mark {
                    page: 1,
                    center: (100.0 * MM, 100.0 * MM),
                    clip: None,
                }],
                size_pt: (30.0 * MM, 30.0 * MM),
            });
        });
        let file = dir.write(&format!("signed-{name}"), &signed.bytes);
        qpdf_check(&file);
        let reports = verify(&signed.bytes, None).unwrap();
        assert_eq!(reports.len(), 1, "{name}");
        ok_report(&reports[0]);
        assert_pyhanko_valid(&file, &ca, 1);
        let text = pdfsig(&file);
        assert!(
            text.contains("Signature Validation: Signature is Valid."),
            "{name}: pdfsig:\n{text}"
        );
        let r = red(&render(&file, 1, 50));
        assert!(r.count > 300, "{name}: no seal drawn");
    }
}

#[test]
fn a_document_timestamp_by_pyhanko_is_checked_too() {
    let pki = pki();
    let dir = Dir::new();
    let signed = sign_with(make_pdf(&[a4()]), &pki.rsa_a, |_| {});
    let input = dir.write("signed.pdf", &signed.bytes);
    let stamped = dir.path("timestamped.pdf");
    require_tool("python3", "apt-get install python3");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pyhanko_timestamp.py");
    let (ok, text) = run(Command::new("python3")
        .arg(script)
        .arg(&input)
        .arg(&stamped));
    assert!(
        ok,
        "pyhanko timestamping failed (pip install pyhanko, or run .ci/deps): {text}"
    );
    let bytes = std::fs::read(&stamped).unwrap();
    // And catool signs after the timestamp.
    let again = sign_with(bytes, &pki.rsa_b, |_| {});
    let reports = verify(&again.bytes, None).unwrap();
    assert_eq!(reports.len(), 3);
    for r in &reports {
        ok_report(r);
    }
    assert_eq!(reports[0].field, "Signature1");
    assert!(
        reports[1].signer_subject.contains("Test TSA"),
        "{}",
        reports[1].signer_subject
    );
    assert_eq!(reports[1].algorithm, "RSA-SHA256");
    assert!(reports[1].modified_after);
    assert_eq!(reports[2].field, "Signature2");
    assert!(reports[2].covers_whole_file);

    // A changed byte under the timestamp is caught through its imprint.
    let mut bytes = std::fs::read(&stamped).unwrap();
    let at = bytes.windows(6).position(|w| w == b"Page 1").unwrap();
    bytes[at + 5] = b'7';
    let reports = verify(&bytes, None).unwrap();
    assert!(reports.iter().all(|r| !r.integrity_ok));
    assert!(
        matches!(reports[1].problem, Some(SignatureProblem::ImprintMismatch)),
        "{:?}",
        reports[1].problem
    );
}
