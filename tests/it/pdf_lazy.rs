//! Large PDFs opened lazily (issue 17): `pdf::open` leaves stream data in the file, and
//! stamping and signing from it write the same bytes as from the file read whole
//! (`pdf::load`), on the fixture corpus, generated PDFs and hostile inputs alike.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use catool::pdf::job::{self, Anchor, Occurrence, Pages, Placement, Seal};
use catool::pdf::sign::{Appearance, sign, sign_file};
use catool::pdf::stamp::{Mark, SealImage};

use crate::common::pdf::{a4, make_pdf, red_disc_png};
use crate::pdf_sign::{big_pdf, pki, request};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Every PDF of the fixture corpus, with generated ones and damaged variants, written to
/// `dir`.
pub(crate) fn corpus(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for sub in ["", "ltv", "hostile"] {
        let d = fixtures().join(sub);
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "pdf") {
                files.push(p);
            }
        }
    }
    let big = big_pdf(6, 2, 200_000);
    let mut generated = vec![
        ("three-pages.pdf", make_pdf(&[a4(), a4(), a4()])),
        ("images.pdf", big.clone()),
    ];
    generated.extend(damaged(&big));
    for (name, bytes) in generated {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        files.push(p);
    }
    files.sort();
    files
}

/// `pdf` damaged the ways large files get damaged: cut short, its `startxref` wrong, its
/// cross-reference table garbled, an update whose /Prev points at itself.
fn damaged(pdf: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    let find = |needle: &[u8]| {
        pdf.windows(needle.len())
            .rposition(|w| w == needle)
            .unwrap()
    };
    let startxref = find(b"startxref");
    let xref_at: usize = std::str::from_utf8(&pdf[startxref + 10..])
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let mut wrong_start = pdf[..startxref].to_vec();
    wrong_start.extend_from_slice(format!("startxref\n{}\n%%EOF", xref_at / 2).as_bytes());
    let mut garbled = pdf.to_vec();
    for b in &mut garbled[xref_at + 30..xref_at + 90] {
        if b.is_ascii_digit() {
            *b = b'9';
        }
    }
    let mut looping = pdf.to_vec();
    let update_at = looping.len();
    looping.extend_from_slice(
        format!(
            "\nxref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 1 /Prev {update_at} /Root 1 0 R >>\nstartxref\n{update_at}\n%%EOF"
        )
        .as_bytes(),
    );
    vec![
        ("truncated.pdf", pdf[..pdf.len() / 2].to_vec()),
        ("wrong-startxref.pdf", wrong_start),
        ("garbled-xref.pdf", garbled),
        ("prev-loop.pdf", looping),
    ]
}

/// The outcome as compared: the output's bytes, or the refusal's message.
fn outcome<T>(
    r: catool::error::Result<T>,
    bytes: impl FnOnce(T) -> Vec<u8>,
) -> Result<Vec<u8>, String> {
    r.map(bytes).map_err(|e| e.to_string())
}

pub(crate) fn stamp_both(
    path: &Path,
    seal: &Seal,
    placement: &Placement,
) -> (Result<Vec<u8>, String>, Result<Vec<u8>, String>) {
    let eager = job::stamp(std::fs::read(path).unwrap(), None, seal, placement)
        .and_then(|s| s.into_bytes())
        .map(|(_, bytes)| bytes);
    let mut out = tempfile::NamedTempFile::new().unwrap();
    let lazy = job::stamp_file(path, None, seal, placement)
        .and_then(|s| s.write_file(out.as_file_mut()))
        .map(|_| std::fs::read(out.path()).unwrap());
    let text = |r: catool::error::Result<Vec<u8>>| r.map_err(|e| e.to_string());
    let (eager, lazy) = (text(eager), text(lazy));
    (eager, lazy)
}

/// `path` stamped on every page eagerly and lazily ([`stamp_both`]).
pub(crate) fn stamp_every_page_both_ways(
    path: &Path,
) -> (Result<Vec<u8>, String>, Result<Vec<u8>, String>) {
    let image = SealImage::from_png(&red_disc_png(120)).unwrap();
    let seal = Seal {
        image: &image,
        width_mm: 40.0,
        height_mm: 40.0,
        opacity: 0.9,
    };
    let all = Placement::At {
        pages: Pages::All,
        anchor: Anchor::BottomRight,
        x_mm: -20.0,
        y_mm: 20.0,
        clamp: true,
    };
    stamp_both(path, &seal, &all)
}

#[test]
fn lazily_opened_pdfs_stamp_byte_identical_to_eagerly_read_ones() {
    let dir = tempfile::tempdir().unwrap();
    let mut stamped = 0;
    for path in corpus(dir.path()) {
        let (eager, lazy) = stamp_every_page_both_ways(&path);
        stamped += usize::from(eager.is_ok());
        assert!(
            eager == lazy,
            "{}: {:?} / {:?}",
            path.display(),
            eager.as_ref().map(Vec::len),
            lazy.as_ref().map(Vec::len)
        );
    }
    assert!(stamped >= 5, "only {stamped} files stamped");
}

#[test]
fn a_pdf_larger_than_one_copy_piece_stamps_byte_identical_lazily() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("large.pdf");
    // Three 9 MB images: the kernel copies the input in 8 MiB pieces, each flushed to disk
    // by another thread while the next is copied, the last piece a partial one.
    std::fs::write(&path, big_pdf(3, 1, 9_000_000)).unwrap();
    let (eager, lazy) = stamp_every_page_both_ways(&path);
    let eager = eager.unwrap();
    assert!(eager.len() > 27_000_000);
    assert!(Ok(eager) == lazy);
}

#[test]
fn keyword_stamps_from_a_lazily_opened_pdf_match_the_eager_ones() {
    let dir = tempfile::tempdir().unwrap();
    let image = SealImage::from_png(&red_disc_png(120)).unwrap();
    let seal = Seal {
        image: &image,
        width_mm: 30.0,
        height_mm: 30.0,
        opacity: 1.0,
    };
    let path = dir.path().join("images.pdf");
    std::fs::write(&path, big_pdf(6, 2, 200_000)).unwrap();
    for text in ["Page 5 line 30", "lazy dog", "no such words"] {
        let keyword = Placement::Keyword {
            text: text.into(),
            occurrence: Occurrence::All,
            offset_mm: (0.0, 0.0),
            allow_missing: true,
            clamp: true,
        };
        let (eager, lazy) = stamp_both(&path, &seal, &keyword);
        assert!(eager.is_ok(), "{text}: {eager:?}");
        assert!(eager == lazy, "{text}");
    }
}

#[test]
fn lazily_opened_pdfs_sign_byte_identical_to_eagerly_read_ones() {
    let dir = tempfile::tempdir().unwrap();
    let p = &pki().rsa_a;
    let chain = std::slice::from_ref(&p.ca);
    let image = SealImage::from_png(&red_disc_png(120)).unwrap();
    // RSA PKCS#1 v1.5 signatures are deterministic: same input, same time, same bytes.
    let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_750_000_000);
    let mut signed = 0;
    for path in corpus(dir.path()) {
        for visible in [false, true] {
            let mut req = request(p, chain);
            req.signing_time = at;
            if visible {
                req.appearance = Some(Appearance {
                    image: &image,
                    marks: vec![Mark {
                        page: 1,
                        center: (100.0, 100.0),
                        clip: None,
                    }],
                    size_pt: (80.0, 80.0),
                });
            }
            let eager = outcome(sign(std::fs::read(&path).unwrap(), None, &req, None), |s| {
                s.bytes
            });
            let mut out = tempfile::NamedTempFile::new().unwrap();
            let lazy = outcome(
                sign_file(&path, None, &req, None, out.as_file_mut()),
                |_| std::fs::read(out.path()).unwrap(),
            );
            signed += usize::from(eager.is_ok());
            assert!(eager == lazy, "{} (visible: {visible})", path.display());
        }
    }
    assert!(signed >= 8, "only {signed} signatures");
}

#[test]
fn hostile_and_damaged_inputs_are_refused_alike_lazily_and_eagerly() {
    let dir = tempfile::tempdir().unwrap();
    let mut refused = 0;
    for path in corpus(dir.path()) {
        let eager = catool::pdf::load(std::fs::read(&path).unwrap(), None).map(|p| p.page_count());
        let lazy = catool::pdf::open(&path, None).map(|p| p.page_count());
        let (eager, lazy) = (
            eager.map_err(|e| e.to_string()),
            lazy.map_err(|e| e.to_string()),
        );
        refused += usize::from(eager.is_err());
        assert_eq!(eager, lazy, "{}", path.display());
    }
    assert!(refused >= 1, "no refusal in the corpus");
}

#[test]
fn a_pdf_with_images_is_opened_without_reading_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("images.pdf");
    std::fs::write(&path, big_pdf(4, 1, 500_000)).unwrap();
    let pdf = catool::pdf::open(&path, None).unwrap();
    let source = pdf.source().expect("opened lazily");
    let images = pdf
        .doc
        .get_prev_documents()
        .objects
        .iter()
        .filter(|(id, o)| {
            o.as_stream().is_ok_and(|s| {
                s.dict
                    .get(b"Subtype")
                    .and_then(lopdf::Object::as_name)
                    .is_ok_and(|n| n == b"Image")
                    && s.content.is_empty()
                    && source.is_hollow(**id)
            })
        })
        .count();
    assert_eq!(images, 4);
}

#[test]
fn a_pdf_larger_than_one_copy_piece_signs_byte_identical_lazily_with_sha256_and_sm3() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("large.pdf");
    // Three 9 MB images: the kernel copies the input in 8 MiB pieces, hashed one by one on
    // another thread, the last piece a partial one.
    std::fs::write(&path, big_pdf(3, 1, 9_000_000)).unwrap();
    let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_750_000_000);
    for p in [&pki().rsa_a, &pki().sm2] {
        let chain = std::slice::from_ref(&p.ca);
        let mut req = request(p, chain);
        req.signing_time = at;
        let eager = sign(std::fs::read(&path).unwrap(), None, &req, None)
            .unwrap()
            .bytes;
        let mut out = tempfile::NamedTempFile::new().unwrap();
        sign_file(&path, None, &req, None, out.as_file_mut()).unwrap();
        let lazy = std::fs::read(out.path()).unwrap();
        assert!(eager.len() > 27_000_000);
        assert!(
            eager == lazy,
            "{} bytes / {} bytes",
            eager.len(),
            lazy.len()
        );
    }
}
