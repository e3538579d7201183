//! Replays on stable what the fuzzers (fuzz/, cargo-fuzz on nightly) start from and what
//! they found: every file in fuzz/seeds/<target>/ and fuzz/regressions/<target>/ goes
//! through the same entry point its fuzz target calls (src/fuzz.rs). An entry returns for
//! any input; a panic here is a regression of a bug a fuzzer once found.

use std::path::{Path, PathBuf};

fn inputs(target: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut files: Vec<PathBuf> = ["seeds", "regressions"]
        .iter()
        .flat_map(|kind| {
            std::fs::read_dir(root.join(kind).join(target))
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != ".gitkeep"))
        })
        .collect();
    files.sort();
    files
}

fn replay(target: &str, entry: fn(&[u8]), at_least: usize) {
    let files = inputs(target);
    assert!(
        files.len() >= at_least,
        "expected at least {at_least} inputs for {target}, found {}: run fuzz/make_seeds.sh",
        files.len()
    );
    for file in files {
        let data = std::fs::read(&file).unwrap();
        let outcome = std::panic::catch_unwind(|| entry(&data));
        assert!(outcome.is_ok(), "{} panicked", file.display());
    }
}

#[test]
fn pdf_inputs_found_by_fuzzing_end_without_panic() {
    replay("pdf", catool::fuzz::pdf, 10);
}

#[test]
fn certificate_and_pkcs12_inputs_found_by_fuzzing_end_without_panic() {
    replay("certificate", catool::fuzz::certificate, 12);
}

#[test]
fn seal_picture_inputs_found_by_fuzzing_end_without_panic() {
    replay("seal_image", catool::fuzz::seal_image_input, 4);
}

#[test]
fn batch_csv_inputs_found_by_fuzzing_end_without_panic() {
    replay("batch_csv", catool::fuzz::batch_csv, 3);
}
