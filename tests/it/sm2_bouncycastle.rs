//! SM2 proven by a foreign verifier. OpenSSL 3.0 and poppler cannot check SM2 CMS signatures
//! (they have no way to pass the SM2 distinguishing ID); BouncyCastle can. `tests/bc/VerifyCms.java`
//! (compiled here with javac against Debian's BouncyCastle 1.72 jars) reads a signed PDF itself,
//! takes every signature's /Contents and byte ranges and verifies the CMS with the ID
//! 1234567812345678 set explicitly. Every kind of SM2 signature catool makes is checked, the
//! demo's contract too, with negative controls (a changed byte, a wrong ID) that prove the
//! verifier checks something. The SM2 CMS envelope of `catool encrypt` is opened with
//! BouncyCastle as far as it can (its CMS API cannot: see the envelope test).

use crate::common;
use crate::common::pdf;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::*;

use crate::common::bc as bc_build;

/// tests/bc/VerifyCms.java, compiled once (content-addressed: `common/bc.rs`); the classpath.
fn verifier() -> &'static str {
    static CP: OnceLock<String> = OnceLock::new();
    CP.get_or_init(|| bc_build::compile(&["VerifyCms.java"]))
}

/// Runs the BouncyCastle verifier; returns (exit code, stdout + stderr).
fn bc(args: &[&std::ffi::OsStr]) -> (Option<i32>, String) {
    let out = Command::new("java")
        .arg("-cp")
        .arg(verifier())
        .arg("VerifyCms")
        .args(args)
        .output()
        .expect("run java VerifyCms");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), text)
}

/// BouncyCastle accepts every signature of `pdf`: exactly `algs.len()` OK lines, in file
/// order, with these algorithms, each signer certificate checked against its CA in the CMS.
fn bc_accepts(pdf: &Path, algs: &[&str]) -> String {
    let (code, text) = bc(&[pdf.as_os_str()]);
    assert_eq!(
        code,
        Some(0),
        "BouncyCastle rejects {}:\n{text}",
        pdf.display()
    );
    let oks: Vec<&str> = text.lines().filter(|l| l.starts_with("OK ")).collect();
    assert_eq!(
        oks.len(),
        algs.len(),
        "BouncyCastle should report {} verified signature(s) in {}:\n{text}",
        algs.len(),
        pdf.display()
    );
    for (line, alg) in oks.iter().zip(algs) {
        assert!(
            line.contains(&format!(" {alg} ")),
            "expected a {alg} signature, BouncyCastle says: {line}"
        );
        assert!(
            line.contains("issuer-verified("),
            "the signer certificate should be checked with its CA from the CMS: {line}"
        );
        assert!(
            line.contains("ess-v2("),
            "the signing-certificate-v2 attribute should name the signer: {line}"
        );
    }
    text
}

/// BouncyCastle rejects `pdf` (with `extra` arguments): exit 1 and a FAIL line containing
/// `why`.
fn bc_rejects(pdf: &Path, extra: &[&str], why: &str) -> String {
    let mut args = vec![pdf.as_os_str()];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    let (code, text) = bc(&args);
    assert_eq!(
        code,
        Some(1),
        "BouncyCastle should reject {} {extra:?}:\n{text}",
        pdf.display()
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("FAIL ") && l.contains(why)),
        "BouncyCastle should fail with `{why}` on {} {extra:?}:\n{text}",
        pdf.display()
    );
    text
}

/// An enterprise with an SM2 CA; 李娜 holds SM2 certificate 1 (PIN 123456, PKCS#12
/// `lina.p12`), 王芳 SM2 certificate 2 (PIN 654321, `fang.p12`); 李娜's name seal 1 is assigned
/// to certificate 1; `doc.pdf` is the contract (two 盖章处), `plain.pdf` a two-page lopdf file,
/// `disc.png` a seal picture.
fn setup() -> Env {
    let env = Env::onboarded(true);
    env.ok(&["ca", "init", "--name", "SM2 CA", "--algo", "sm2"]);
    env.ok(&["package", "buy", "--org", "1"]);
    env.ok(&["package", "pay", "--package", "1"]);
    std::fs::write(env.path("pin"), "123456\n").unwrap();
    std::fs::write(env.path("pin2"), "654321\n").unwrap();
    for (slot, who, pin, p12) in [
        ("2", "李娜", "pin", "lina.p12"),
        ("3", "王芳", "pin2", "fang.p12"),
    ] {
        env.ok(&[
            "cert", "assign", "--slot", slot, "--owner", who, "--holder", who,
        ]);
        env.ok(&[
            "cert",
            "issue",
            "--slot",
            slot,
            "--ca",
            "SM2 CA",
            "--pin-file",
            &p(&env, pin),
            "--p12",
            &p(&env, p12),
        ]);
    }
    for id in ["1", "2"] {
        let cert = env.json(&["cert", "show", id]);
        assert_eq!(
            cert["algo"], "sm2",
            "certificate {id} should be SM2: {cert}"
        );
    }
    env.ok(&["seal", "make", "--kind", "name", "--person", "李娜"]);
    env.ok(&["seal", "assign", "--seal", "1", "--cert", "1"]);
    let contract = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/contract.pdf");
    std::fs::copy(contract, env.path("doc.pdf")).unwrap();
    std::fs::write(
        env.path("plain.pdf"),
        pdf::make_pdf(&[pdf::a4(), pdf::a4()]),
    )
    .unwrap();
    std::fs::write(env.path("disc.png"), pdf::red_disc_png(200)).unwrap();
    env
}

/// `catool --as WHO pdf sign INPUT --out OUT EXTRA…`, required to succeed; returns OUT's path.
fn sign(env: &Env, who: &str, input: &str, out: &str, extra: &[&str]) -> PathBuf {
    let (i, o) = (p(env, input), p(env, out));
    let mut args = vec!["--as", who, "pdf", "sign", i.as_str(), "--out", o.as_str()];
    args.extend_from_slice(extra);
    env.ok(&args);
    env.path(out)
}

/// catool's own verdict agrees: every signature valid, all SM2-SM3. (`pdf verify --json`
/// prints the signatures as an array, or as `{"signatures": [...]}`: both are read.)
fn catool_accepts(env: &Env, pdf: &Path, n: usize) {
    let v = env.json(&["pdf", "verify", &pdf.to_string_lossy()]);
    let sigs = v
        .as_array()
        .or_else(|| v["signatures"].as_array())
        .unwrap_or_else(|| panic!("pdf verify --json gives no list of signatures: {v}"));
    assert_eq!(sigs.len(), n, "catool pdf verify: {v}");
    for s in sigs {
        assert_eq!(s["valid"], true, "catool pdf verify: {s}");
        assert_eq!(s["algorithm"], "SM2-SM3", "catool pdf verify: {s}");
    }
}

#[test]
fn an_invisible_sm2_signature_verifies_in_bouncycastle() {
    let env = setup();
    let lina_pin = p(&env, "pin");
    let signed = sign(
        &env,
        "李娜",
        "plain.pdf",
        "invisible.pdf",
        &["--cert", "1", "--pin-file", &lina_pin, "--reason", "同意"],
    );
    catool_accepts(&env, &signed, 1);
    let text = bc_accepts(&signed, &["SM3withSM2"]);
    assert!(
        text.contains("whole-file") && text.contains("CN=李娜"),
        "the signature should cover the whole file and name 李娜:\n{text}"
    );
    // The ID is set explicitly; passing the default by hand gives the same verdict.
    let (code, again) = bc(&[
        signed.as_os_str(),
        "--distid".as_ref(),
        "1234567812345678".as_ref(),
    ]);
    assert_eq!(code, Some(0), "explicit default ID should verify:\n{again}");
}

#[test]
fn visible_and_certifying_sm2_signatures_verify_in_bouncycastle() {
    let env = setup();
    let pin = p(&env, "pin");
    // A registry seal on the contract's 盖章处 (D18: assigned to certificate 1).
    let seal = sign(
        &env,
        "李娜",
        "doc.pdf",
        "seal.pdf",
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
            "同意签订",
            "--location",
            "北京",
        ],
    );
    catool_accepts(&env, &seal, 1);
    bc_accepts(&seal, &["SM3withSM2"]);
    // Any picture as the appearance, on every page of the lopdf file.
    let image = sign(
        &env,
        "李娜",
        "plain.pdf",
        "image.pdf",
        &[
            "--cert",
            "1",
            "--pin-file",
            &pin,
            "--image",
            &p(&env, "disc.png"),
            "--all",
            "--at",
            "150,200",
        ],
    );
    catool_accepts(&env, &image, 1);
    bc_accepts(&image, &["SM3withSM2"]);
    // A certification signature (DocMDP), invisible and with the seal.
    let certified = sign(
        &env,
        "李娜",
        "doc.pdf",
        "certified.pdf",
        &["--cert", "1", "--pin-file", &pin, "--certify"],
    );
    catool_accepts(&env, &certified, 1);
    bc_accepts(&certified, &["SM3withSM2"]);
    let certified_seal = sign(
        &env,
        "李娜",
        "doc.pdf",
        "certified-seal.pdf",
        &[
            "--cert",
            "1",
            "--pin-file",
            &pin,
            "--certify",
            "--seal",
            "1",
            "--page",
            "1",
            "--at",
            "100,100",
        ],
    );
    catool_accepts(&env, &certified_seal, 1);
    bc_accepts(&certified_seal, &["SM3withSM2"]);
}

#[test]
fn two_sm2_signers_and_a_repeated_signature_on_one_file_all_verify_in_bouncycastle() {
    let env = setup();
    let a = sign(
        &env,
        "李娜",
        "doc.pdf",
        "a.pdf",
        &[
            "--cert",
            "1",
            "--pin-file",
            &p(&env, "pin"),
            "--seal",
            "1",
            "--keyword",
            "盖章处",
            "--occurrence",
            "1",
        ],
    );
    bc_accepts(&a, &["SM3withSM2"]);
    let ab = sign(
        &env,
        "王芳",
        "a.pdf",
        "ab.pdf",
        &[
            "--cert",
            "2",
            "--pin-file",
            &p(&env, "pin2"),
            "--image",
            &p(&env, "disc.png"),
            "--keyword",
            "盖章处",
            "--occurrence",
            "2",
        ],
    );
    catool_accepts(&env, &ab, 2);
    let text = bc_accepts(&ab, &["SM3withSM2", "SM3withSM2"]);
    let oks: Vec<&str> = text.lines().filter(|l| l.starts_with("OK ")).collect();
    assert!(
        oks[0].contains("CN=李娜") && oks[0].contains("earlier-revision"),
        "the first signature is 李娜's and covers the revision she signed: {}",
        oks[0]
    );
    assert!(
        oks[1].contains("CN=王芳") && oks[1].contains("whole-file"),
        "the second signature is 王芳's and covers the whole file: {}",
        oks[1]
    );
    // 李娜 signs once more (invisible): three signatures, all still valid.
    let aba = sign(
        &env,
        "李娜",
        "ab.pdf",
        "aba.pdf",
        &["--cert", "1", "--pin-file", &p(&env, "pin")],
    );
    catool_accepts(&env, &aba, 3);
    bc_accepts(&aba, &["SM3withSM2", "SM3withSM2", "SM3withSM2"]);
}

#[test]
fn bouncycastle_rejects_a_changed_byte_and_a_wrong_sm2_id() {
    let env = setup();
    let signed = sign(
        &env,
        "李娜",
        "doc.pdf",
        "s.pdf",
        &[
            "--cert",
            "1",
            "--pin-file",
            &p(&env, "pin"),
            "--seal",
            "1",
            "--keyword",
            "盖章处",
        ],
    );
    bc_accepts(&signed, &["SM3withSM2"]);

    // One byte inside the first signed range (in the original document's first stream).
    let mut bytes = std::fs::read(&signed).unwrap();
    let pos = bytes
        .windows(6)
        .position(|w| w == b"stream")
        .expect("the contract has a stream")
        + 20;
    bytes[pos] ^= 0x01;
    std::fs::write(env.path("flipped.pdf"), &bytes).unwrap();
    bc_rejects(
        &env.path("flipped.pdf"),
        &[],
        "message-digest attribute value does not match calculated value",
    );
    let out = env.run(&["pdf", "verify", &p(&env, "flipped.pdf")]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "catool should reject the changed file too"
    );

    // One byte in the part after the signature (the second range): the tail of the file.
    let mut bytes = std::fs::read(&signed).unwrap();
    let n = bytes.len();
    let tail = bytes[..n - 1]
        .iter()
        .rposition(|b| b.is_ascii_digit())
        .expect("startxref offset at the end");
    bytes[tail] = if bytes[tail] == b'0' { b'1' } else { b'0' };
    std::fs::write(env.path("tail.pdf"), &bytes).unwrap();
    bc_rejects(
        &env.path("tail.pdf"),
        &[],
        "message-digest attribute value does not match calculated value",
    );

    // The right bytes, the wrong SM2 distinguishing ID: the signature itself is checked
    // with the ID, not a digest alone.
    bc_rejects(
        &signed,
        &["--distid", "1234567812345679"],
        "the CMS signature does not verify (SM2 ID 1234567812345679)",
    );
    bc_rejects(
        &signed,
        &["--distid", ""],
        "the CMS signature does not verify (SM2 ID )",
    );

    // A file without signatures is not "all verified".
    bc_rejects(&env.path("doc.pdf"), &[], "no signatures");
}

#[test]
fn the_demo_contract_stays_valid_for_bouncycastle() {
    let env = Env::new();
    let dir = env.path("demo");
    env.ok(&["demo", "--dir", &dir.to_string_lossy()]);
    let contract = dir.join("contract-signed.pdf");
    assert!(
        contract.is_file(),
        "catool demo should write {}",
        contract.display()
    );
    // 甲方 signs with the enterprise's SM2 certificate, then 王芳 co-signs with RSA.
    let text = bc_accepts(&contract, &["SM3withSM2", "SHA256withRSA"]);
    let first = text.lines().find(|l| l.starts_with("OK ")).unwrap();
    assert!(
        first.contains("OU=ORGANIZATION") && first.contains("earlier-revision"),
        "the demo's first signature is the enterprise's SM2 signature: {first}"
    );
    bc_rejects(
        &contract,
        &["--distid", "1234567812345679"],
        "SM3withSM2: the CMS signature does not verify",
    );
}

/// `catool encrypt` to an SM2 certificate: BouncyCastle 1.72's CMS API cannot open it (it has
/// no SM2 key transport; mapping the OID to its "SM2" Cipher fails too, because that Cipher
/// takes raw C1‖C2‖C3 octets, while CMS carries the GM/T 0009 DER SM2Cipher). BouncyCastle's
/// primitives (SM2Engine C1C3C2 on the decoded SM2Cipher, then SM4-CBC) open it with the key
/// from the PKCS#12 catool wrote, and give back the document; another key does not.
#[test]
fn an_sm2_envelope_opens_with_bouncycastle_primitives_though_not_its_cms_api() {
    let env = setup();
    let doc = "招标文件 第一册 bid document\n".repeat(200);
    std::fs::write(env.path("bid.docx"), &doc).unwrap();
    env.ok(&[
        "encrypt",
        "--to",
        "1",
        &p(&env, "bid.docx"),
        &p(&env, "bid.p7m"),
    ]);
    let (code, text) = bc(&[
        "envelope".as_ref(),
        env.path("bid.p7m").as_os_str(),
        env.path("lina.p12").as_os_str(),
        env.path("pin").as_os_str(),
        env.path("bid.out").as_os_str(),
    ]);
    assert_eq!(
        code,
        Some(0),
        "BouncyCastle should open the SM2 envelope:\n{text}"
    );
    assert!(
        text.contains("PRIMITIVES OK"),
        "SM2Engine + SM4-CBC should open it:\n{text}"
    );
    assert_eq!(
        std::fs::read(env.path("bid.out")).unwrap(),
        doc.as_bytes(),
        "BouncyCastle's plaintext differs from the document:\n{text}"
    );
    // The finding, pinned: if a BouncyCastle upgrade opens it through the CMS API, this
    // assertion says so (then update this test and the README).
    assert!(
        text.contains("CMS-API FAIL")
            && text.contains("No such algorithm: 1.2.156.10197.1.301.3")
            && text.contains("Invalid point encoding 0x30"),
        "BouncyCastle 1.72's CMS API was expected to fail on SM2 key transport:\n{text}"
    );
    assert!(
        text.contains("KEY EC"),
        "the PKCS#12 catool wrote should hold an EC (SM2) key that BouncyCastle reads:\n{text}"
    );

    // Negative control: 王芳's key does not open a document encrypted to 李娜.
    let (code, text) = bc(&[
        "envelope".as_ref(),
        env.path("bid.p7m").as_os_str(),
        env.path("fang.p12").as_os_str(),
        env.path("pin2").as_os_str(),
        env.path("wrong.out").as_os_str(),
    ]);
    assert_eq!(
        code,
        Some(1),
        "another SM2 key must not open the envelope:\n{text}"
    );
    assert!(
        text.contains("PRIMITIVES FAIL"),
        "the primitives should fail with the wrong key:\n{text}"
    );
    assert!(
        !env.path("wrong.out").exists(),
        "nothing should be written when the envelope does not open"
    );
}
