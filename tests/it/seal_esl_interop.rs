//! catool's own electronic seals (.esl) and stamps (.ses), checked by something that is not
//! catool: Python's asn1crypto parses them against the GB/T 38540 V4 structures written out
//! independently in tests/ses/parse_ses.py, and OpenSSL verifies the maker's and the
//! signer's SM2 signatures (SM3, ID 1234567812345678) and the data hash. The builder also
//! writes ofdrw's layout byte for byte.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, SystemTime};

use catool::pki::keys::PrivateKey;
use catool::pki::ses::asn1::{SEAL_TYPE_ORG, first_element};
use catool::pki::ses::build::{HashAlg, SealSpec, cert_list_of, sign_seal, sign_stamp};
use catool::pki::ses::{CertList, SesSeal};
use der::{Decode, Encode, EncodePem};
use x509_cert::Certificate;

use crate::common::*;

const FIX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/eseal/");

/// A small PNG (a red disc would do; one colour is enough to decode).
pub(crate) fn png() -> Vec<u8> {
    let img = image::RgbaImage::from_pixel(64, 64, image::Rgba([200, 0, 0, 255]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// A V4 seal with `picture`, made by the SM2 test party (its CA is the anchor) for itself.
pub(crate) fn made_seal(picture: Vec<u8>) -> (SesSeal, &'static PrivateKey, &'static Certificate) {
    let party = &crate::pdf_sign::pki().sm2;
    let now = SystemTime::now();
    let spec = SealSpec {
        vid: "catool".into(),
        es_id: "11010800000000001".into(),
        kind: SEAL_TYPE_ORG,
        name: "北京云签科技有限公司合同专用章".into(),
        cert_list: cert_list_of(std::slice::from_ref(&party.cert)).unwrap(),
        create_date: now - Duration::from_secs(60),
        valid_start: now - Duration::from_secs(60),
        valid_end: now + Duration::from_secs(365 * 86400),
        picture_kind: "PNG".into(),
        picture,
        width_mm: 42,
        height_mm: 42,
        ext_datas: None,
    };
    let seal = sign_seal(spec.seal_info().unwrap(), &party.key, &party.cert).unwrap();
    (seal, &party.key, &party.cert)
}

/// Writes the test party's seal, a stamp of it over `data`, and the CA into `env`'s dir.
fn seal_and_stamp(env: &Env, data: &[u8]) {
    let (seal, key, cert) = made_seal(png());
    let stamp = sign_stamp(
        seal.clone(),
        &HashAlg::Sm3.digest(data),
        SystemTime::now(),
        "contract.pdf",
        key,
        cert,
    )
    .unwrap();
    std::fs::write(env.path("seal.esl"), seal.to_der().unwrap()).unwrap();
    std::fs::write(env.path("stamp.ses"), stamp.to_der().unwrap()).unwrap();
    std::fs::write(env.path("contract.pdf"), data).unwrap();
    write_ca(env);
}

/// The test maker's CA certificate, as `ca.pem` in `env`'s dir.
fn write_ca(env: &Env) {
    let ca = &crate::pdf_sign::pki().sm2.ca;
    let pem = ca.to_pem(der::pem::LineEnding::LF).unwrap();
    std::fs::write(env.path("ca.pem"), pem).unwrap();
}

fn openssl(args: &[&str]) -> String {
    require_tool("openssl", "apt-get install openssl");
    let out = Command::new("openssl").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// OpenSSL's verdict on `sig` over `tbs` with the public key of the DER certificate `cert`.
fn openssl_sm2_verify(dir: &Path, cert: &str, sig: &str, tbs: &str) -> String {
    let p = |n: &str| dir.join(n).display().to_string();
    let pubkey = openssl(&[
        "x509",
        "-inform",
        "DER",
        "-in",
        &p(cert),
        "-pubkey",
        "-noout",
    ]);
    let pub_path = dir.join(format!("{cert}.pub.pem"));
    std::fs::write(&pub_path, pubkey).unwrap();
    openssl(&[
        "dgst",
        "-sm3",
        "-verify",
        &pub_path.display().to_string(),
        "-sigopt",
        "distid:1234567812345678",
        "-signature",
        &p(sig),
        &p(tbs),
    ])
}

#[test]
fn catools_esl_and_ses_parse_with_asn1crypto_and_their_sm2_signatures_verify_with_openssl() {
    let env = Env::new();
    let data = b"%PDF-1.7 a contract".as_slice();
    seal_and_stamp(&env, data);
    let out_dir = env.path("parsed");
    std::fs::create_dir(&out_dir).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ses/parse_ses.py");
    let run = Command::new("python3")
        .arg(&script)
        .arg(env.path("seal.esl"))
        .arg(env.path("stamp.ses"))
        .arg(&out_dir)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(v["header_id"], "ES");
    assert_eq!(v["version"], 4);
    assert_eq!(v["name"], "北京云签科技有限公司合同专用章");
    assert_eq!(v["cert_list_type"], 1);
    assert_eq!(v["signer_in_cert_list"], true);
    assert_eq!(v["picture_type"], "PNG");
    assert_eq!(v["sign_alg_id"], "1.2.156.10197.1.501");
    assert_eq!(v["stamp_version"], 4);
    assert_eq!(v["embedded_seal_is_the_esl"], true);
    // GeneralizedTime (tag 24), as ofdrw writes it.
    assert_eq!(v["time_tags"], serde_json::json!([24, 24, 24]));

    let ok = "Verified OK";
    let seal = openssl_sm2_verify(&out_dir, "maker.der", "seal_sig.der", "seal_tbs.der");
    assert_eq!(seal.trim(), ok, "maker's signature");
    let stamp = openssl_sm2_verify(&out_dir, "signer.der", "stamp_sig.der", "stamp_tbs.der");
    assert_eq!(stamp.trim(), ok, "signer's signature");
    let sm3 = Command::new("openssl")
        .args(["dgst", "-sm3", "-binary"])
        .arg(env.path("contract.pdf"))
        .output()
        .unwrap()
        .stdout;
    assert_eq!(std::fs::read(out_dir.join("data_hash.bin")).unwrap(), sm3);
}

#[test]
fn catools_own_seal_and_stamp_verify_with_catool_against_their_ca() {
    let env = Env::new();
    seal_and_stamp(&env, b"a contract");
    let (seal, stamp, file, ca) = (
        p(&env, "seal.esl"),
        p(&env, "stamp.ses"),
        p(&env, "contract.pdf"),
        p(&env, "ca.pem"),
    );
    let v = env.json(&["seal", "verify", &seal, "--trust", &ca]);
    assert_eq!(v["verdict"], "valid", "{v}");
    let v = env.json(&["ses", "verify", &file, &stamp, "--trust", &ca]);
    assert_eq!(v["verdict"], "valid", "{v}");
    assert_eq!(v["seal"]["verdict"], "valid");
}

#[test]
fn a_stamp_over_another_file_is_refused_naming_the_stamp() {
    let env = Env::new();
    seal_and_stamp(&env, b"a contract");
    std::fs::write(env.path("other.pdf"), b"another contract").unwrap();
    let stamp = p(&env, "stamp.ses");
    let err = env.fails(
        1,
        &[
            "ses",
            "verify",
            &p(&env, "other.pdf"),
            &stamp,
            "--trust",
            &p(&env, "ca.pem"),
        ],
    );
    assert!(is_one_error(&err), "{err}");
    assert!(
        err.contains(&stamp) && err.contains("SM3 data hash differs"),
        "{err}"
    );
}

#[test]
fn a_signer_not_in_the_seals_cert_list_is_refused() {
    let env = Env::new();
    let (seal, _, _) = made_seal(png());
    let other = &crate::pdf_sign::pki().rsa_a;
    let stamp = sign_stamp(
        seal,
        &HashAlg::Sha256.digest(b"x"),
        SystemTime::now(),
        "x",
        &other.key,
        &other.cert,
    )
    .unwrap();
    std::fs::write(env.path("x"), b"x").unwrap();
    std::fs::write(env.path("stamp.ses"), stamp.to_der().unwrap()).unwrap();
    write_ca(&env);
    let args = [
        "ses",
        "verify",
        &p(&env, "x"),
        &p(&env, "stamp.ses"),
        "--trust",
        &p(&env, "ca.pem"),
    ];
    let err = env.fails(1, &args);
    assert!(
        err.contains("is not in the seal's certificate list"),
        "{err}"
    );
    let mut all = vec!["--json"];
    all.extend_from_slice(&args);
    let out = env.run(&all);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let listed = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == "signer_listed");
    assert_eq!(listed.unwrap()["result"], "failed");
    // RSA signer: its signature (SHA-256) and data hash still verify.
    let sig = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == "signature");
    assert_eq!(sig.unwrap()["result"], "passed", "{v}");
}

/// The builder writes ofdrw's V4 layout: the values of ofdrw's UserV4.esl, given to
/// [`SealSpec`], make exactly the `SES_SealInfo` bytes ofdrw signed.
#[test]
fn the_builder_writes_ofdrws_v4_seal_info_byte_for_byte() {
    let ofdrw = std::fs::read(format!("{FIX}UserV4.esl")).unwrap();
    let seal = SesSeal::from_der(&ofdrw).unwrap();
    let info = &seal.seal_info;
    let CertList::Certs(certs) = &info.property.cert_list else {
        panic!("ofdrw lists certificates")
    };
    let certs: Vec<Certificate> = certs
        .iter()
        .map(|c| Certificate::from_der(c.as_bytes()).unwrap())
        .collect();
    let t = |g: &der::asn1::GeneralizedTime| g.to_system_time();
    let spec = SealSpec {
        vid: info.header.vid.to_string(),
        es_id: info.es_id.to_string(),
        kind: info.property.kind,
        name: info.property.name.clone(),
        cert_list: cert_list_of(&certs).unwrap(),
        create_date: t(&info.property.create_date),
        valid_start: t(&info.property.valid_start),
        valid_end: t(&info.property.valid_end),
        picture_kind: info.picture.kind.to_string(),
        picture: info.picture.data.as_bytes().to_vec(),
        width_mm: info.picture.width,
        height_mm: info.picture.height,
        ext_datas: None,
    };
    assert_eq!(
        spec.seal_info().unwrap().to_der().unwrap(),
        first_element(&ofdrw).unwrap()
    );
    // And the whole seal, decoded and encoded again, is the file.
    assert_eq!(seal.to_der().unwrap(), ofdrw);
}
