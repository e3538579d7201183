//! `catool cert issue --batch FILE.csv`: a CSV of slots, PIN files and PKCS#12 outputs read
//! and checked row by row (a bad row fails alone), then issued on worker threads, each row
//! reported as it finishes (`super::batch::Reporter`) with a summary in the chosen language.

use std::path::{Path, PathBuf};

use serde_json::json;

use super::Context;
use super::cert::{IssueArgs, export_password, issue_one};
use super::cert_render::{PinOnly, warn_pin_only};
use crate::domain::cert;
use crate::domain::cert_error::CertError;
use crate::error::{Error, Result};
use crate::fsutil::{Output, OutputRules};
use crate::i18n::Arg;
use crate::model::Id;
use crate::msg;

/// What a row's input or output is called in a message: `id` (`line { $line }` …) with the
/// line.
fn input_name(id: &'static str, line: usize) -> String {
    super::say(id, &[("line", Arg::Num(line_no(line)))])
}

/// A CSV line number as a message quotes it.
fn line_no(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// One row of a batch CSV.
pub(crate) struct BatchRow {
    pub(crate) line: usize,
    pub(crate) slot: Id,
    pub(crate) pin_file: PathBuf,
    pub(crate) p12: Option<PathBuf>,
}

type BatchRows = Vec<std::result::Result<BatchRow, (usize, Error)>>;

/// The rows of the batch CSV at `path`, their paths resolved against the CSV's directory.
fn read_batch(path: &Path) -> Result<BatchRows> {
    let bytes = super::read_input_file("--batch", path)?;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let resolve = |mut r: BatchRow| -> std::result::Result<BatchRow, (usize, Error)> {
        let line = r.line;
        let inside =
            |column: &str, p: &Path| inside_csv_dir(dir, line, column, p).map_err(|e| (line, e));
        r.pin_file = inside("pin_file", &r.pin_file)?;
        r.p12 = r.p12.as_deref().map(|p| inside("p12", p)).transpose()?;
        Ok(r)
    };
    Ok(parse_batch(&bytes)
        .into_iter()
        .map(|row| row.and_then(resolve))
        .collect())
}

/// A path from line `line` of a batch CSV, taken relative to the CSV's directory `dir` and
/// never outside it ([`crate::input::inside_dir`]).
fn inside_csv_dir(dir: &Path, line: usize, column: &str, p: &Path) -> Result<PathBuf> {
    crate::input::inside_dir(dir, p).map_err(|problem| {
        CertError::BatchPathOutside {
            line: line_no(line),
            column: column.to_string(),
            path: p.display().to_string(),
            problem,
        }
        .into()
    })
}

/// The rows of a batch CSV (`slot,pin_file[,p12]`, optional header, `#` comments); a bad row
/// is an `Err` naming its line, the others go on. Fuzzed (src/fuzz.rs).
pub(crate) fn parse_batch(bytes: &[u8]) -> BatchRows {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let mut rows = Vec::new();
    let mut seen_outputs = std::collections::HashSet::new();
    for (i, rec) in reader.records().enumerate() {
        let line = i + 1;
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                rows.push(Err((
                    line,
                    CertError::BatchCsv {
                        line: line_no(line),
                        why: e.to_string(),
                    }
                    .into(),
                )));
                continue;
            }
        };
        let first = rec.get(0).unwrap_or("");
        if line == 1 && first.eq_ignore_ascii_case("slot") {
            continue;
        }
        if rec.iter().all(str::is_empty) || first.starts_with('#') {
            continue;
        }
        if rec.len() > 3 {
            rows.push(Err((
                line,
                CertError::BatchFields {
                    line: line_no(line),
                    fields: line_no(rec.len()),
                }
                .into(),
            )));
            continue;
        }
        let p12 = rec.get(2).filter(|s| !s.is_empty()).map(PathBuf::from);
        if let Some(p) = &p12
            && !seen_outputs.insert(p.clone())
        {
            rows.push(Err((
                line,
                CertError::BatchOutputReused {
                    line: line_no(line),
                    path: p.display().to_string(),
                }
                .into(),
            )));
            continue;
        }
        let parsed = match (first.parse::<Id>(), rec.get(1).filter(|s| !s.is_empty())) {
            (Ok(slot), Some(pin)) => Ok(BatchRow {
                line,
                slot,
                pin_file: PathBuf::from(pin),
                p12,
            }),
            _ => Err((
                line,
                CertError::BatchRow {
                    line: line_no(line),
                    row: rec.iter().collect::<Vec<_>>().join(","),
                }
                .into(),
            )),
        };
        rows.push(parsed);
    }
    rows
}

/// Each row with its checked PKCS#12 output; a row whose output is refused is an error of
/// that row only.
fn checked_rows(rows: BatchRows, rules: &OutputRules) -> Vec<CheckedRow> {
    rows.into_iter()
        .map(|row| {
            let r = row.map_err(|(line, e)| (line, None, e))?;
            let p12 = r
                .p12
                .as_deref()
                .map(|p| rules.check(&input_name(msg!("cert-batch-p12-of-line"), r.line), p))
                .transpose()
                .map_err(|e| (r.line, Some(r.slot), e))?;
            Ok((r, p12))
        })
        .collect()
}

/// A row ready to issue, or why not: its line, its slot when the row was read that far (a
/// refused output), and the error.
type CheckedRow = std::result::Result<(BatchRow, Option<Output>), (usize, Option<Id>, Error)>;

/// `cert issue --batch`: every row is issued on its own; a failed row is reported and the
/// others go on. Rows run on `--jobs` threads, each with its own registry connection (SQLite
/// serialises the commits); results stream as they finish, a progress bar on a terminal,
/// one JSON object per row with --json.
pub(super) fn batch_issue(ctx: &Context, a: &IssueArgs, csv_path: &Path) -> Result<()> {
    let rows = read_batch(csv_path)?;
    let password = export_password(&a.p12_password_file)?;
    // Every row's output is checked before any row runs: against the registry and master key,
    // the CSV, and every row's PIN file (no row writes over another row's input).
    let mut rules = ctx.output_rules(if a.skip_existing {
        crate::fsutil::Existing::Skip
    } else {
        super::existing(a.force)
    });
    rules.input("--batch", csv_path);
    if let Some(p) = &a.p12_password_file {
        rules.input("--p12-password-file", p);
    }
    for r in rows.iter().flatten() {
        rules.input(
            &input_name(msg!("cert-batch-pin-file-of-line"), r.line),
            &r.pin_file,
        );
    }
    let rows = checked_rows(rows, &rules);
    let (mut reg, _) = ctx.open_as()?;
    let master = ctx.master_key(&mut reg)?;
    drop(reg);
    let unit = crate::i18n::tr(msg!("cert-batch-unit"));
    let mut report = super::batch::Reporter::new(ctx.out, rows.len(), &unit)
        .skip_reason(msg!("cert-batch-already-issued"));
    let threads = super::batch::workers(a.jobs).min(rows.len().max(1));
    // `Err((cert id, serial))`: the slot was issued already (--skip-existing).
    type Done = std::result::Result<cert::Issued, (Id, String)>;
    type RowResult = (
        Option<usize>,
        std::result::Result<(usize, Id, Done), (usize, Option<Id>, Error)>,
    );
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (tx, rx) = std::sync::mpsc::channel::<RowResult>();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let (tx, rows, next, master) = (tx.clone(), &rows, &next, &master);
            let password = password.as_deref().map(String::as_str);
            scope.spawn(move || {
                let mut conn = match ctx.open_as() {
                    Ok(c) => Some(c),
                    Err(e) => {
                        let _ = tx.send((None, Err((0, None, e))));
                        None
                    }
                };
                while let Some((reg, actor)) = conn.as_mut() {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(row) = rows.get(i) else { break };
                    // --skip-existing: the certificate a row's slot was issued as.
                    let already = match row {
                        Ok((r, _)) if a.skip_existing => {
                            cert::issued_as(reg, r.slot).ok().flatten()
                        }
                        _ => None,
                    };
                    let result = match (row, already) {
                        (Err((line, slot, e)), _) => Err((*line, *slot, e.clone())),
                        (Ok((r, _)), Some(id)) => Ok((r.line, r.slot, Err(id))),
                        (Ok((r, Some(p12))), None) if a.skip_existing && p12.path().exists() => {
                            Err((
                                r.line,
                                Some(r.slot),
                                CertError::BatchP12Exists {
                                    slot: r.slot,
                                    path: p12.path().display().to_string(),
                                }
                                .into(),
                            ))
                        }
                        (Ok((r, p12)), None) => super::read_pin("pin_file", Some(&r.pin_file))
                            .and_then(|pin| {
                                issue_one(
                                    reg,
                                    actor,
                                    master,
                                    r.slot,
                                    a,
                                    &pin,
                                    p12.as_ref(),
                                    password,
                                )
                            })
                            .map(|issued| (r.line, r.slot, Ok(issued)))
                            .map_err(|e| (r.line, Some(r.slot), e)),
                    };
                    if tx.send((Some(i), result)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        for (i, result) in rx {
            match (i, result) {
                (Some(i), Ok((line, slot, Ok(issued)))) => report.ok_at(
                    i,
                    json!({
                        "line": line, "slot": slot, "cert_id": issued.cert.cert.id,
                        "serial": issued.cert.cert.serial_hex
                    }),
                ),
                (Some(i), Ok((line, slot, Err((cert_id, serial))))) => report.skipped_at(
                    i,
                    &super::say(
                        msg!("cert-batch-row-issued"),
                        &[
                            ("line", Arg::Num(line_no(line))),
                            ("slot", Arg::Num(slot)),
                            ("cert", Arg::Num(cert_id)),
                        ],
                    ),
                    json!({ "line": line, "slot": slot, "cert_id": cert_id, "serial": serial, "outcome": "already_issued" }),
                ),
                (Some(i), Err((line, slot, e))) => report.failed_at(
                    i,
                    &input_name(msg!("cert-batch-line"), line),
                    json!({ "line": line, "slot": slot }),
                    e,
                ),
                (None, Err((line, slot, e))) => report.failed(
                    &input_name(msg!("cert-batch-line"), line),
                    json!({ "line": line, "slot": slot }),
                    e,
                ),
                (None, Ok(_)) => {}
            }
        }
    });
    let pin_only = password.is_none() && rows.iter().flatten().any(|r| r.1.is_some());
    if pin_only {
        warn_pin_only(PinOnly::Batch, a.p12_profile);
    }
    report.finish(&crate::i18n::tr(msg!("cert-batch-issued")))
}
