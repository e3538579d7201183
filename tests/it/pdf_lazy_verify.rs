//! `pdf verify` of a file opened lazily (issue 17): its large streams' data stays in the
//! file, and the reports are those of the file read whole, on the fixture corpus, catool's
//! signatures over it, pyHanko's LTV files and every attack PDF of the red-team corpora.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use catool::pdf::sign::sign;
use catool::pdf::verify::{verify_file, verify_lazily, verify_with_dss};

use crate::pdf_sign::{big_pdf, pki, request};

fn pdfs_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .collect();
    files.sort();
    files
}

/// The reports and validation data as compared (every field, the skipped ones too), or the
/// refusal's message.
fn eagerly(path: &Path) -> Result<String, String> {
    verify_with_dss(&std::fs::read(path).unwrap(), None)
        .map(|v| format!("{v:?}"))
        .map_err(|e| e.to_string())
}

/// Checks `files` lazily and eagerly; returns how many were verified lazily.
fn compare(files: &[PathBuf]) -> usize {
    let mut lazily = 0;
    for path in files {
        let eager = eagerly(path);
        let whole = verify_file(path, None)
            .map(|v| format!("{v:?}"))
            .map_err(|e| e.to_string());
        assert!(eager == whole, "{}: verify_file differs", path.display());
        if let Some(v) = verify_lazily(path, None).unwrap() {
            lazily += 1;
            assert!(
                eager.as_deref() == Ok(format!("{v:?}").as_str()),
                "{}: the lazy reports differ",
                path.display()
            );
        }
    }
    lazily
}

#[test]
fn lazily_read_pdfs_verify_as_the_eagerly_read_ones() {
    let dir = tempfile::tempdir().unwrap();
    let p = &pki().rsa_a;
    let chain = std::slice::from_ref(&p.ca);
    let mut req = request(p, chain);
    req.signing_time = SystemTime::UNIX_EPOCH + Duration::from_secs(1_750_000_000);
    let mut files = crate::pdf_lazy::corpus(dir.path());
    // Each file signed once and twice (the second signature's analysis reads the first's
    // later revision).
    for path in files.clone() {
        let Ok(once) = sign(std::fs::read(&path).unwrap(), None, &req, None) else {
            continue;
        };
        let twice = sign(once.bytes.clone(), None, &req, None).unwrap();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        for (tag, bytes) in [("once", once.bytes), ("twice", twice.bytes)] {
            let out = dir.path().join(format!("{name}-{tag}.pdf"));
            std::fs::write(&out, bytes).unwrap();
            files.push(out);
        }
    }
    let lazily = compare(&files);
    assert!(
        lazily >= 10,
        "only {lazily} of {} verified lazily",
        files.len()
    );
}

#[test]
fn the_signature_attack_pdfs_verify_lazily_as_eagerly() {
    let mut files = pdfs_in(&crate::pdf_attacks::corpus().dir);
    files.extend(pdfs_in(&crate::attacks_fieldmdp::cases().dir));
    let lazily = compare(&files);
    assert!(
        lazily * 2 >= files.len(),
        "only {lazily} of {} lazily",
        files.len()
    );
}

#[test]
fn a_signed_pdf_with_images_is_verified_without_reading_them_whole() {
    let dir = tempfile::tempdir().unwrap();
    let p = &pki().rsa_a;
    let chain = std::slice::from_ref(&p.ca);
    let signed = sign(big_pdf(6, 2, 2_000_000), None, &request(p, chain), None).unwrap();
    let path = dir.path().join("signed.pdf");
    std::fs::write(&path, &signed.bytes).unwrap();
    let (reports, _) = verify_lazily(&path, None)
        .unwrap()
        .expect("verified lazily");
    assert_eq!(reports.len(), 1);
    assert!(reports[0].integrity_ok && reports[0].covers_whole_file);
}
