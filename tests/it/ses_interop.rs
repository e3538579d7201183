//! catool's .esl and .ses checked by something that is not catool's registry code (issue 19
//! part 2): the structures split with a generic DER reader (no catool types), the maker's and
//! the signer's SM2 signatures verified by OpenSSL (`-sigopt distid:1234567812345678`), and
//! the seal and stamp checked end to end by the verifier of `seal verify` / `ses verify`.

use std::process::Command;

use der::Tagged as _;
use der::asn1::AnyRef;
use der::{Decode, Encode};

use crate::common::*;
use crate::seal_maker::{assign, contract_seal, export_esl, maker, s, setup};

/// The elements of the DER SEQUENCE `bytes`, each as its own DER.
fn elements(bytes: &[u8]) -> Vec<Vec<u8>> {
    let outer = AnyRef::from_der(bytes).unwrap();
    let mut reader = der::SliceReader::new(outer.value()).unwrap();
    let mut out = Vec::new();
    while !der::Reader::is_finished(&reader) {
        let e: AnyRef = der::Reader::decode(&mut reader).unwrap();
        out.push(e.to_der().unwrap());
    }
    out
}

/// The content of a DER primitive (OCTET STRING, or BIT STRING without its unused-bits byte).
fn content(element: &[u8]) -> Vec<u8> {
    let any = AnyRef::from_der(element).unwrap();
    let v = any.value();
    if any.tag() == der::Tag::BitString {
        assert_eq!(v[0], 0, "no unused bits");
        v[1..].to_vec()
    } else {
        v.to_vec()
    }
}

/// OpenSSL verifies `signature` over `tbs` with the key of certificate `cert` (DER), SM3 with
/// the default SM2 ID.
fn openssl_verifies(env: &Env, name: &str, cert: &[u8], tbs: &[u8], signature: &[u8]) {
    require_tool("openssl", "apt-get install openssl");
    let p = |x: &str| env.path(&format!("{name}.{x}"));
    std::fs::write(p("cert.der"), cert).unwrap();
    std::fs::write(p("tbs"), tbs).unwrap();
    std::fs::write(p("sig"), signature).unwrap();
    let key = Command::new("openssl")
        .args(["x509", "-inform", "DER", "-noout", "-pubkey", "-in"])
        .arg(p("cert.der"))
        .output()
        .unwrap();
    assert!(key.status.success());
    std::fs::write(p("pub.pem"), key.stdout).unwrap();
    let out = Command::new("openssl")
        .args([
            "dgst",
            "-sm3",
            "-sigopt",
            "distid:1234567812345678",
            "-verify",
        ])
        .arg(p("pub.pem"))
        .arg("-signature")
        .arg(p("sig"))
        .arg(p("tbs"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && text.contains("Verified OK"),
        "{name}: {text}"
    );
}

/// A maker, a contract seal assigned to certificate 1, its .esl, and a stamp of a file.
fn stamped() -> Env {
    let env = setup();
    maker(&env);
    let seal = contract_seal(&env);
    assign(&env, &seal, "1");
    export_esl(&env, &seal, "a.esl");
    std::fs::write(env.path("contract.txt"), "采购合同\n").unwrap();
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
        "--out",
        &s(&env, "contract.ses"),
    ]);
    env
}

#[test]
fn openssl_verifies_the_makers_signature_of_an_exported_esl() {
    let env = stamped();
    let esl = std::fs::read(env.path("a.esl")).unwrap();
    let parts = elements(&esl);
    assert_eq!(parts.len(), 4, "eSealInfo, cert, signAlgID, signedValue");
    // signAlgID: SM2 with SM3 (1.2.156.10197.1.501).
    assert_eq!(
        parts[2],
        [6, 8, 0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x83, 0x75]
    );
    openssl_verifies(
        &env,
        "seal",
        &content(&parts[1]),
        &parts[0],
        &content(&parts[3]),
    );
    // The header: "ES", version 4, Vid "catool".
    let info = elements(&parts[0]);
    let header = elements(&info[0]);
    assert_eq!(content(&header[0]), b"ES");
    assert_eq!(header[1], [2, 1, 4]);
    assert_eq!(content(&header[2]), b"catool");
}

#[test]
fn openssl_verifies_the_signers_signature_of_an_ses_and_its_data_hash_is_the_files_sm3() {
    let env = stamped();
    let ses = std::fs::read(env.path("contract.ses")).unwrap();
    let parts = elements(&ses);
    assert_eq!(parts.len(), 4, "toSign, cert, signatureAlgID, signature");
    openssl_verifies(
        &env,
        "stamp",
        &content(&parts[1]),
        &parts[0],
        &content(&parts[3]),
    );
    let tbs = elements(&parts[0]);
    assert_eq!(tbs[0], [2, 1, 4], "TBS_Sign version 4");
    assert_eq!(
        tbs[1],
        std::fs::read(env.path("a.esl")).unwrap(),
        "the seal's .esl as exported"
    );
    let sm3 = Command::new("openssl")
        .args(["dgst", "-sm3", "-binary"])
        .arg(env.path("contract.txt"))
        .output()
        .unwrap();
    assert_eq!(content(&tbs[3]), sm3.stdout, "dataHash");
}

#[test]
fn the_seal_verifier_accepts_an_exported_esl_chained_to_the_registry_ca() {
    let env = stamped();
    let esl = std::fs::read(env.path("a.esl")).unwrap();
    let ca = catool_ca(&env);
    let report = catool::pki::ses::verify::verify_seal(&esl, &options(&ca)).unwrap();
    assert!(report.failure().is_none(), "{:?}", report.checks);
    assert_eq!(report.cert_list_len, 1);
}

#[test]
fn the_stamp_verifier_accepts_the_stamp_and_refuses_it_for_another_file() {
    let env = stamped();
    let ses = std::fs::read(env.path("contract.ses")).unwrap();
    let ca = catool_ca(&env);
    let data = std::fs::read(env.path("contract.txt")).unwrap();
    let report = catool::pki::ses::verify::verify_stamp(&ses, &data, &options(&ca)).unwrap();
    assert!(report.failure().is_none(), "{:?}", report.checks);
    let other =
        catool::pki::ses::verify::verify_stamp(&ses, b"another file", &options(&ca)).unwrap();
    assert!(other.failure().is_some(), "an .ses for another file fails");
}

fn catool_ca(env: &Env) -> Vec<x509_cert::Certificate> {
    let pem = env.ok(&["ca", "export", "1"]);
    let (_, der) = der::pem::decode_vec(pem.as_bytes()).unwrap();
    vec![x509_cert::Certificate::from_der(&der).unwrap()]
}

fn options(anchors: &[x509_cert::Certificate]) -> catool::pki::ses::verify::SealOptions<'_> {
    catool::pki::ses::verify::SealOptions {
        anchors,
        at: std::time::SystemTime::now(),
        max_pixels: 50_000_000,
    }
}

#[test]
fn seal_verify_accepts_an_exported_esl_against_the_registry_cas() {
    let env = stamped();
    let v = env.json(&["seal", "verify", &s(&env, "a.esl")]);
    assert_eq!(v["verdict"], "valid", "{v}");
}

#[test]
fn ses_verify_accepts_the_ses_sign_output_and_refuses_it_for_another_file() {
    let env = stamped();
    let v = env.json(&[
        "ses",
        "verify",
        &s(&env, "contract.txt"),
        &s(&env, "contract.ses"),
    ]);
    assert_eq!(v["verdict"], "valid", "{v}");
    std::fs::write(env.path("other.txt"), "另一份合同\n").unwrap();
    let out = env.run(&[
        "ses",
        "verify",
        &s(&env, "other.txt"),
        &s(&env, "contract.ses"),
    ]);
    assert!(!out.status.success(), "an .ses for another file");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("contract.ses"), "{err}");
}
