//! Seals and stamps made elsewhere (ofdrw's samples, tests/fixtures/eseal/, with their
//! licence and provenance): `seal verify` reads V1, V4 and V5 and verifies the maker's
//! signature, says when a seal expired and that a maker nobody trusts is not trusted; any
//! one-byte change is refused; `ses verify` checks ofdrw's stamp; bad input is one line
//! naming the file and the reason.

use std::time::{Duration, SystemTime};

use catool::pki::ses::{SealOptions, verify_seal};
use der::{Decode, DecodePem, Encode};
use serde_json::Value;
use x509_cert::Certificate;

use crate::common::*;
use crate::seal_esl_interop::{made_seal, png};

const FIX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/eseal/");

fn fix(name: &str) -> String {
    format!("{FIX}{name}")
}

fn check<'a>(v: &'a Value, name: &str) -> &'a Value {
    v["checks"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["check"] == name))
        .unwrap_or_else(|| panic!("no check {name} in {v}"))
}

/// `catool --json ARGS` that exits with `code`: the report and stderr.
fn report(env: &Env, code: i32, args: &[&str]) -> (Value, String) {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let out = env.run(&all);
    assert_eq!(
        out.status.code(),
        Some(code),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = serde_json::from_slice(&out.stdout).unwrap();
    (v, String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn ofdrws_v4_seal_verifies_but_expired_in_2022() {
    let env = Env::new();
    let file = fix("UserV4.esl");
    let (v, err) = report(
        &env,
        1,
        &["seal", "verify", &file, "--trust", &fix("ofdrw-root.pem")],
    );
    assert_eq!(v["version"], 4);
    assert_eq!(check(&v, "maker_signature")["result"], "passed");
    assert_eq!(check(&v, "chain")["result"], "passed");
    assert_eq!(check(&v, "validity")["code"], "pki.ses.expired");
    assert_eq!(check(&v, "picture")["result"], "passed");
    assert!(is_one_error(&err) && err.contains(&file), "{err}");
    assert!(err.contains("the seal expired on 2022-04-22"), "{err}");
}

/// `seal verify` of the ofdrw sample `name`, trusting ofdrw's root, at `at`: the report.
fn verified_at(name: &str, at: &str) -> Value {
    let env = Env::new();
    let (file, root) = (fix(name), fix("ofdrw-root.pem"));
    env.json(&["seal", "verify", &file, "--trust", &root, "--at", at])
}

#[test]
fn ofdrws_v4_seal_is_valid_at_2021_01_01() {
    let v = verified_at("UserV4.esl", "2021-01-01");
    assert_eq!(v["verdict"], "valid", "{v}");
    assert_eq!(v["es_id"], "51f044b76510434e9bc67a1185c2fba5");
    assert_eq!(v["picture"]["width_mm"], 40);
}

#[test]
fn ofdrws_v1_seal_is_read_and_its_maker_signature_verifies() {
    let v = verified_at("UserV1.esl", "2021-01-01");
    assert_eq!(v["version"], 1);
    assert_eq!(v["verdict"], "valid", "{v}");
    assert_eq!(check(&v, "maker_signature")["result"], "passed");
}

/// ofdrw made its V5 samples in 2026 with the maker certificate of its 2020 samples, which
/// ended in 2022: read, signature and chain sound, but made by an expired certificate.
#[test]
fn ofdrws_v5_seal_is_read_and_its_maker_signature_verifies_but_its_maker_had_expired() {
    let env = Env::new();
    let (file, root) = (fix("UserV5_ts.esl"), fix("ofdrw-root.pem"));
    let args = [
        "seal",
        "verify",
        &file,
        "--trust",
        &root,
        "--at",
        "2027-01-01",
    ];
    let (v, err) = report(&env, 1, &args);
    assert_eq!(v["version"], 5);
    assert_eq!(check(&v, "maker_signature")["result"], "passed");
    assert_eq!(check(&v, "chain")["result"], "passed");
    assert_eq!(check(&v, "validity")["result"], "passed");
    assert_eq!(check(&v, "maker_validity")["code"], "pki.ses.maker_expired");
    assert!(err.contains("before the seal was made"), "{err}");
}

#[test]
fn without_trust_the_maker_is_not_trusted_and_its_signature_is_still_checked() {
    let env = Env::new();
    let file = fix("UserV4.esl");
    let (v, err) = report(&env, 1, &["seal", "verify", &file, "--at", "2021-01-01"]);
    assert_eq!(check(&v, "chain")["result"], "not_trusted");
    assert_eq!(check(&v, "maker_signature")["result"], "passed");
    assert!(
        err.contains("is not trusted") && err.contains("--trust"),
        "{err}"
    );
}

#[test]
fn the_report_reads_in_chinese() {
    let env = Env::new();
    let out = env
        .cmd()
        .env("CATOOL_LANG", "zh-CN")
        .args([
            "seal",
            "verify",
            &fix("UserV4.esl"),
            "--trust",
            &fix("ofdrw-root.pem"),
        ])
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(
        stdout.contains("制章者签名") && stdout.contains("通过"),
        "{stdout}"
    );
    assert!(
        stderr.contains("印章已于") && stderr.contains("过期"),
        "{stderr}"
    );
}

/// Every byte of ofdrw's V4 seal, changed, makes the seal fail: it no longer reads, or a
/// signature (the maker's over the seal, the root's over the maker's certificate) fails.
/// Every byte outside the picture is changed, and every 7th inside it (the picture is
/// 15 702 of the 17 011 bytes, all of it under the maker's signature).
#[test]
fn a_one_byte_change_anywhere_in_ofdrws_v4_seal_is_refused() {
    let der = std::fs::read(fix("UserV4.esl")).unwrap();
    let root = Certificate::from_pem(std::fs::read(fix("ofdrw-root.pem")).unwrap()).unwrap();
    let anchors = [root];
    let opts = SealOptions {
        anchors: &anchors,
        at: SystemTime::UNIX_EPOCH + Duration::from_secs(1_609_459_200),
        max_pixels: catool::seal::clean::DEFAULT_MAX_PIXELS,
    };
    let intact = verify_seal(&der, &opts).unwrap();
    assert!(intact.failure().is_none(), "{:?}", intact.checks);
    let seal = catool::pki::ses::SesSeal::from_der(&der).unwrap();
    let picture = seal.seal_info.picture.data.as_bytes();
    let start = der
        .windows(picture.len())
        .position(|w| w == picture)
        .unwrap();
    let in_picture = start..start + picture.len();
    let positions: Vec<usize> = (0..der.len())
        .filter(|i| !in_picture.contains(i) || (i - start) % 7 == 0)
        .collect();
    assert!(positions.len() > 3_000, "{}", positions.len());
    let mut accepted = Vec::new();
    for i in positions {
        let mut changed = der.clone();
        changed[i] ^= 0x01;
        if let Ok(r) = verify_seal(&changed, &opts)
            && r.failure().is_none()
        {
            accepted.push(i);
        }
    }
    assert!(
        accepted.is_empty(),
        "changes accepted at bytes {accepted:?}"
    );
}

#[test]
fn ofdrws_v4_stamp_signature_verifies_and_its_zero_hash_matches_no_document() {
    let env = Env::new();
    let doc = env.path("contract.pdf");
    std::fs::write(&doc, b"%PDF-1.7 any document").unwrap();
    let stamp = fix("SignedValueV4.dat");
    let (v, err) = report(
        &env,
        1,
        &[
            "ses",
            "verify",
            &doc.display().to_string(),
            &stamp,
            "--trust",
            &fix("ofdrw-root.pem"),
        ],
    );
    assert_eq!(check(&v, "signature")["result"], "passed", "{v}");
    assert_eq!(check(&v, "signer_listed")["result"], "passed");
    assert_eq!(check(&v, "data_hash")["code"], "pki.ses.data_hash");
    assert_eq!(
        v["seal"]["verdict"], "valid",
        "the seal was valid when stamped: {v}"
    );
    assert!(
        is_one_error(&err) && err.contains(&stamp) && err.contains("data hash differs"),
        "{err}"
    );
}

/// `catool seal verify FILE` on `bytes` fails with `code` and one line naming FILE and `why`.
fn refused(bytes: &[u8], code: i32, why: &str) {
    let env = Env::new();
    let file = env.path("bad.esl");
    std::fs::write(&file, bytes).unwrap();
    let file = file.display().to_string();
    let err = env.fails(code, &["seal", "verify", &file, "--at", "2021-01-01"]);
    assert!(is_one_error(&err), "{err}");
    let line = err.lines().next().unwrap_or_default();
    assert!(line.contains(&file) && line.contains(why), "{why}: {err}");
}

fn ofdrw_v4() -> Vec<u8> {
    std::fs::read(fix("UserV4.esl")).unwrap()
}

#[test]
fn a_truncated_seal_is_refused() {
    refused(&ofdrw_v4()[..5000], 5, "not a DER-encoded electronic seal");
}

#[test]
fn a_file_that_is_not_der_is_refused() {
    refused(
        b"<svg>not a seal</svg>",
        5,
        "not a DER-encoded electronic seal",
    );
}

#[test]
fn a_wrong_header_id_is_refused() {
    let mut der = ofdrw_v4();
    assert_eq!(&der[12..14], b"ES");
    der[12] = b'X';
    refused(&der, 5, "the header ID is 'XS'");
}

#[test]
fn an_unknown_version_is_refused() {
    let mut der = ofdrw_v4();
    assert_eq!(der[16], 4);
    der[16] = 7;
    refused(&der, 5, "version 7 is not known");
}

#[test]
fn a_picture_that_does_not_decode_is_refused() {
    let mut picture = png();
    picture.truncate(40);
    let (seal, _, _) = made_seal(picture);
    refused(
        &seal.to_der().unwrap(),
        5,
        "the seal picture (PNG) does not decode",
    );
}

/// A real PNG whose header is patched to say 10 000 × 10 000 pixels (100 megapixels, over
/// the 50 megapixel limit of seal pictures), CRC fixed: refused from the header.
fn huge_png() -> Vec<u8> {
    let mut png = png();
    assert_eq!(&png[12..16], b"IHDR");
    png[16..20].copy_from_slice(&10_000u32.to_be_bytes());
    png[20..24].copy_from_slice(&10_000u32.to_be_bytes());
    let crc = crate::seal_clean::crc32(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    png
}

#[test]
fn a_picture_over_the_pixel_limit_is_refused() {
    let (seal, _, _) = made_seal(huge_png());
    refused(
        &seal.to_der().unwrap(),
        5,
        "over the limit of 50000000 pixels",
    );
}
