//! The entry points the fuzz targets in `fuzz/` drive (cargo-fuzz, libFuzzer, nightly) and
//! that `tests/it/fuzz_regressions.rs` replays on stable with every seed and every input a
//! fuzzer ever found a bug with. Each takes arbitrary bytes and must return: an `Err` is a
//! fine answer for garbage, a panic, a hang or an unbounded allocation is a bug. Where an
//! input is accepted, the entry also checks a property of the result (a stamped PDF loads
//! again, an accepted key matches its certificate), so a fuzzer finds wrong answers too.
//!
//! Not part of catool's interface: hidden from the docs and free to change.

use std::sync::OnceLock;

use crate::pdf::cross_page::{self, Edge};
use crate::pdf::job::{self, Occurrence, Pages, Placement, Seal};
use crate::pdf::stamp::SealImage;
use crate::pki::keys::PrivateKey;

/// PDF loading, keyword search (关键字), page text, stamping at a position, across pages
/// (骑缝章) and at a keyword, and signature verification, on one untrusted file.
pub fn pdf(data: &[u8]) {
    let Ok(pdf) = crate::pdf::load(data.to_vec(), None) else {
        return;
    };
    let doc = pdf.doc.get_prev_documents();
    for needle in ["甲方", "Seal", "盖章"] {
        let _ = crate::pdf::text::find_text(doc, needle);
    }
    for (_, page_id) in doc.get_pages().into_iter().take(4) {
        let _ = crate::pdf::text::page_text(doc, page_id);
    }
    let _ = crate::pdf::verify::verify(data, None);

    let Some(image) = seal_image() else { return };
    let seal = Seal {
        image,
        width_mm: 40.0,
        height_mm: 40.0,
        opacity: 0.9,
    };
    let placements = [
        Placement::At {
            pages: Pages::One(1),
            anchor: job::Anchor::Origin,
            x_mm: 100.0,
            y_mm: 150.0,
            clamp: true,
        },
        Placement::CrossPage {
            pages: Pages::All,
            options: cross_page::Options::new(Edge::Right),
            full_seal: None,
        },
        Placement::CrossPage {
            pages: Pages::All,
            options: cross_page::Options {
                split_ratio: Some(0.5),
                ..cross_page::Options::new(Edge::Top)
            },
            full_seal: Some(job::FullSeal {
                clamp: true,
                ..job::FullSeal::default()
            }),
        },
        Placement::Keyword {
            text: "甲方".into(),
            occurrence: Occurrence::All,
            offset_mm: (0.0, 0.0),
            allow_missing: true,
            clamp: true,
        },
    ];
    for placement in &placements {
        let Ok(stamped) = job::stamp(data.to_vec(), None, &seal, placement) else {
            continue;
        };
        let Ok((_, out)) = stamped.into_bytes() else {
            continue;
        };
        // What catool writes it must be able to read back: an output that does not load
        // would be a corrupt file handed to the user.
        if let Err(e) = crate::pdf::load(out, None) {
            panic!("a stamped PDF does not load again: {e}");
        }
    }
}

/// The seal every PDF run stamps with (a bundled seal PNG, prepared once).
fn seal_image() -> Option<&'static SealImage> {
    static IMAGE: OnceLock<Option<SealImage>> = OnceLock::new();
    IMAGE
        .get_or_init(|| SealImage::from_png(include_bytes!("../assets/seals/contract.png")).ok())
        .as_ref()
}

/// `cert import` inputs (PEM/DER certificate, PKCS#8 key, PKCS#12 with a password) and
/// encrypted documents (`decrypt`: CMS EnvelopedData, opened with fixed RSA and SM2 keys),
/// and a detached CMS signature over the input.
pub fn certificate(data: &[u8]) {
    use crate::domain::cert::{
        ImportSource, parse_cert_input, parse_key_input, read_import_source,
    };
    if let Ok(cert) = parse_cert_input(data) {
        let tbs = cert.tbs_certificate();
        let _ = (tbs.subject().to_string(), tbs.issuer().to_string());
        let _ = crate::pki::x509::serial_hex(&cert);
    }
    let _ = parse_key_input(data);
    for password in ["123456", ""] {
        if let Ok(crate::domain::cert::ImportInput { cert, key, .. }) =
            read_import_source(ImportSource::Pkcs12 {
                bytes: data,
                password,
            })
        {
            let spki = key.public_key_spki().ok();
            assert!(
                spki.is_some_and(|s| crate::pki::keys::same_public_key(
                    cert.tbs_certificate().subject_public_key_info(),
                    &s
                )),
                "an imported key does not match its certificate"
            );
        }
    }
    if let Ok(envelope) = crate::pki::envelope::parse(data) {
        let _ = envelope.content_encryption();
        for (i, recipient) in envelope.recipients().iter().enumerate().take(4) {
            let _ = recipient.describe();
            let _ = envelope.key_encryption(i);
            for key in fixed_keys() {
                let _ = envelope.open(i, key);
            }
        }
    }
    let mut report = crate::pdf::verify::SignatureReport::empty(String::new());
    let _ = crate::pdf::verify::check_cms(&[&b"%PDF-1.7 signed range"[..], b""], data, &mut report);
}

/// One RSA-2048 and one SM2 key, made once per process.
fn fixed_keys() -> &'static [PrivateKey] {
    static KEYS: OnceLock<Vec<PrivateKey>> = OnceLock::new();
    KEYS.get_or_init(|| {
        [PrivateKey::generate_sm2(), PrivateKey::generate_rsa(2048)]
            .into_iter()
            .filter_map(Result::ok)
            .collect()
    })
}

/// `seal clean` (photograph → seal) and the seal image `pdf stamp --image` embeds. The pixel
/// limit is lowered to 0.5 MP so a run stays fast (18 runs/s at 4 MP); the limit logic is
/// the same, and the stamp decoder (25 MP limit) only sees pictures under it.
pub fn seal_image_input(data: &[u8]) {
    const FUZZ_MAX_PIXELS: u64 = 500_000;
    let opts = crate::seal::clean::CleanOptions {
        max_pixels: FUZZ_MAX_PIXELS,
        ..Default::default()
    };
    if let Ok(cleaned) = crate::seal::clean::clean(data, &opts) {
        let r = &cleaned.report;
        assert_eq!(
            (cleaned.mask.width(), cleaned.mask.height()),
            (r.output_width, r.output_height),
            "the ink mask and the report disagree on the output size"
        );
    }
    if crate::seal::clean::decode_limited(data, FUZZ_MAX_PIXELS).is_ok() {
        let _ = SealImage::from_png(data);
    }
}

/// The `cert issue --batch` CSV reader: every line ends as a row or an error naming it.
pub fn batch_csv(data: &[u8]) {
    for row in crate::cli::cert::parse_batch(data) {
        match row {
            Ok(r) => assert!(r.line >= 1 && !r.pin_file.as_os_str().is_empty()),
            Err((line, e)) => assert!(line >= 1 && !e.to_string().is_empty()),
        }
    }
}
