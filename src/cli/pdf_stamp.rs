//! `catool pdf stamp`: one PDF or a batch (several files, a directory), with progress; the
//! plan of a `--dry-run`; what a stamping did, for people and for `--json`.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use clap::Args;
use serde_json::json;

use super::output::show_path;
use super::pdf::{
    PlacementArgs, inputs, output_rules, outputs, password, placement, refuse_opaque, say,
    skip_existing, skipped,
};
use super::{Context, parse_size, read_input_file};
use crate::domain::stamping;
use crate::error::exit::{BAD_INPUT, NOT_FOUND};
use crate::error::{Error, Result};
use crate::fsutil::{Output, Pending, write_pending_file};
use crate::i18n::{Arg, tr};
use crate::model::Id;
use crate::msg;
use crate::pdf::PdfError;
use crate::pdf::cross_page::Group;
use crate::pdf::geometry::PT_PER_MM;
use crate::pdf::job::{self, Placement, StampReport};
use crate::pdf::stamp::SealImage;

#[derive(Debug, Args)]
pub struct StampArgs {
    /// PDF files, or directories of PDFs (a batch needs --out-dir)
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Output file (one input)
    #[arg(long, conflicts_with = "out_dir")]
    out: Option<PathBuf>,
    /// Output directory (several inputs); files keep their names
    #[arg(long)]
    out_dir: Option<PathBuf>,
    /// Parallel jobs for a batch [default: all cores]
    #[arg(long)]
    jobs: Option<usize>,
    /// Leave inputs whose output file already exists alone: re-run an interrupted batch to
    /// finish it (an output is only ever there complete)
    #[arg(long)]
    skip_existing: bool,
    #[arg(long, conflicts_with = "skip_existing", help = super::FORCE_HELP)]
    force: bool,
    /// A registry seal (D18 rules apply; the use is recorded)
    #[arg(long, conflicts_with = "image", required_unless_present = "image")]
    seal: Option<Id>,
    /// A seal picture with a transparent background (PNG with alpha) instead of a registry
    /// seal; an opaque picture is refused (cut it out with `catool seal clean` first)
    #[arg(long)]
    image: Option<PathBuf>,
    /// Accept an --image without transparency (it will cover the page under it)
    #[arg(long, requires = "image")]
    opaque_ok: bool,
    #[command(flatten)]
    place: PlacementArgs,
    /// Ink opacity, 0.05 to 1
    #[arg(long, default_value_t = 1.0)]
    opacity: f32,
    /// User password of encrypted inputs
    #[arg(long, value_name = "FILE")]
    password_file: Option<PathBuf>,
    /// Say, per file and page, where each seal would go (mm and pt) and write nothing
    #[arg(long)]
    dry_run: bool,
}

struct Prepared {
    image: SealImage,
    width_mm: f32,
    height_mm: f32,
    registry: Option<SealInUse>,
}

/// The registry, the actor and the seal whose every use is recorded.
type SealInUse = (
    crate::registry::Registry,
    crate::domain::Actor,
    stamping::UsableSeal,
);

fn prepare(ctx: &Context, a: &StampArgs) -> Result<Prepared> {
    let size = a.place.size.as_deref().map(parse_size).transpose()?;
    if let Some(id) = a.seal {
        let (mut reg, actor) = ctx.open_as()?;
        let seal = stamping::usable_seal(&mut reg, &actor, id)?;
        let (w, h) = size.unwrap_or((seal.width_mm, seal.height_mm));
        return Ok(Prepared {
            image: SealImage::from_png(&seal.png)?,
            width_mm: w,
            height_mm: h,
            registry: Some((reg, actor, seal)),
        });
    }
    let path = a.image.as_ref().ok_or(PdfError::NeedsSealOrImage)?;
    let png = read_input_file("--image", path)?;
    let image = SealImage::from_png(&png)?;
    refuse_opaque(&image, path, a.opaque_ok)?;
    let (w, h) = size.unwrap_or((40.0, 40.0 / image.aspect()));
    Ok(Prepared {
        image,
        width_mm: w,
        height_mm: h,
        registry: None,
    })
}

/// `pdf stamp --dry-run`: where each seal would go, per file and page; nothing is written.
fn dry_run(ctx: &Context, a: &StampArgs, placement: &Placement) -> Result<()> {
    let files = inputs(&a.inputs)?;
    let password = password(a.password_file.as_deref())?;
    let prepared = prepare(ctx, a)?;
    let size = (prepared.width_mm, prepared.height_mm);
    let mut report = super::batch::Reporter::new(ctx.out, files.len(), &tr(msg!("pdf-batch-unit")));
    for file in &files {
        let planned = super::read_pdf_file("PDF", file).and_then(|bytes| {
            job::plan_all(
                bytes,
                password.as_deref().map(String::as_str),
                size,
                placement,
            )
        });
        match planned {
            Ok(plan) => {
                let (mm, pt) = (|v: f32| tenths(v / PT_PER_MM), |v: f32| tenths(v));
                let seals: Vec<_> = plan
                    .marks
                    .iter()
                    .map(|m| {
                        json!({
                            "page": m.page,
                            "x_mm": mm(m.center.0), "y_mm": mm(m.center.1),
                            "x_pt": pt(m.center.0), "y_pt": pt(m.center.1),
                            "strip": m.clip.is_some(),
                        })
                    })
                    .collect();
                if !ctx.out.json && !ctx.out.quiet {
                    super::output::stdout(&planned_text(file, &plan));
                }
                report.ok(json!({
                    "input": file, "seals": seals, "moved": plan.moved, "groups": plan.groups,
                }));
            }
            Err(e) => report.failed(
                &show_path(file),
                json!({ "input": file }),
                PdfError::in_file(file, e, &[BAD_INPUT]),
            ),
        }
    }
    report.finish(&tr(msg!("pdf-batch-planned")))
}

/// `--dry-run` for people, one line each, starting with the file: every seal's centre (mm
/// and pt), or for a cross-page seal every group and each strip's rectangle on its page; then
/// the seals `--clamp` moved.
fn planned_text(file: &Path, plan: &job::Plan) -> String {
    let name = show_path(file);
    let mut lines: Vec<String> = Vec::new();
    if plan.groups.is_empty() {
        for m in &plan.marks {
            lines.push(say(
                msg!("pdf-plan-mark"),
                vec![
                    ("file", name.clone().into()),
                    ("page", i64::from(m.page).into()),
                    ("x_mm", tenths_arg(m.center.0 / PT_PER_MM)),
                    ("y_mm", tenths_arg(m.center.1 / PT_PER_MM)),
                    ("x_pt", tenths_arg(m.center.0)),
                    ("y_pt", tenths_arg(m.center.1)),
                ],
            ));
        }
    }
    for (i, g) in plan.groups.iter().enumerate() {
        lines.push(say(
            msg!("pdf-plan-group"),
            vec![
                ("file", name.clone().into()),
                ("group", (i as i64 + 1).into()),
                ("edge", Arg::Msg(g.edge.label_id())),
                ("pages", page_list(&g.pages).into()),
            ],
        ));
        let areas = g
            .full_seal
            .iter()
            .map(|a| (msg!("pdf-plan-whole-seal"), a))
            .chain(g.strips.iter().map(|a| (msg!("pdf-plan-strip"), a)));
        for (what, a) in areas {
            lines.push(say(
                msg!("pdf-plan-area"),
                vec![
                    ("file", name.clone().into()),
                    ("page", i64::from(a.page).into()),
                    ("what", Arg::Msg(what)),
                    ("w_mm", tenths_arg(a.w_mm)),
                    ("h_mm", tenths_arg(a.h_mm)),
                    ("x_mm", tenths_arg(a.x_mm)),
                    ("y_mm", tenths_arg(a.y_mm)),
                ],
            ));
        }
    }
    format!("{}{}\n", lines.join("\n"), moved_lines(&plan.moved))
}

/// One line per seal `--clamp` moved inside its page (each starting with a newline).
fn moved_lines(moved: &[job::Moved]) -> String {
    moved
        .iter()
        .map(|m| {
            let moved = say(
                msg!("pdf-moved"),
                vec![
                    ("page", i64::from(m.page).into()),
                    ("from_x", tenths_arg(m.from_mm.0)),
                    ("from_y", tenths_arg(m.from_mm.1)),
                    ("to_x", tenths_arg(m.to_mm.0)),
                    ("to_y", tenths_arg(m.to_mm.1)),
                ],
            );
            format!("\n{moved}")
        })
        .collect()
}

/// A length rounded to tenths, as people read it (160, 216.7) and as JSON prints it.
fn tenths(v: impl Into<f64>) -> f64 {
    (v.into() * 10.0).round() / 10.0
}

/// A length rounded to tenths, as a message quotes it.
fn tenths_arg(v: impl Into<f64>) -> Arg {
    Arg::Text(tenths(v).to_string())
}

/// `pages 3-8` for a run of consecutive pages, else `pages 1, 3, 5`.
fn page_list(pages: &[u32]) -> String {
    match (pages.first(), pages.last()) {
        (Some(a), Some(b)) if pages.windows(2).all(|w| w[1] == w[0] + 1) => say(
            msg!("pdf-page-run"),
            vec![("from", i64::from(*a).into()), ("to", i64::from(*b).into())],
        ),
        _ => {
            let all: Vec<String> = pages.iter().map(u32::to_string).collect();
            say(
                msg!("pdf-page-list"),
                vec![("pages", all.join(", ").into())],
            )
        }
    }
}

/// What a stamping did, in one line: the marks and their pages, or the cross-page groups.
fn stamped_text(stamped: &StampReport, output: &Path) -> String {
    let to = show_path(output);
    if stamped.groups.is_empty() {
        let pages: Vec<String> = stamped.placed.iter().map(|p| p.page.to_string()).collect();
        let line = say(
            msg!("pdf-stamped"),
            vec![
                ("marks", (stamped.placed.len() as i64).into()),
                ("pages", pages.join(",").into()),
                ("output", to.into()),
            ],
        );
        return format!("{line}{}", moved_lines(&stamped.moved));
    }
    let narrowest = stamped
        .groups
        .iter()
        .map(Group::narrowest_mm)
        .fold(f64::INFINITY, f64::min);
    // Group sizes differ by at most one: "6 of 4 pages, 2 of 3 pages".
    let mut by_size = std::collections::BTreeMap::new();
    for g in &stamped.groups {
        *by_size.entry(std::cmp::Reverse(g.pages.len())).or_insert(0) += 1;
    }
    let sizes: Vec<String> = by_size
        .iter()
        .map(|(std::cmp::Reverse(pages), n)| {
            say(
                msg!("pdf-stamped-group-size"),
                vec![
                    ("groups", (*n as i64).into()),
                    ("pages", (*pages as i64).into()),
                ],
            )
        })
        .collect();
    let whole = stamped
        .groups
        .iter()
        .filter(|g| g.full_seal.is_some())
        .count();
    let line = say(
        if whole > 0 {
            msg!("pdf-stamped-cross-page-full")
        } else {
            msg!("pdf-stamped-cross-page")
        },
        vec![
            ("seals", (stamped.groups.len() as i64).into()),
            ("edge", Arg::Msg(stamped.groups[0].edge.label_id())),
            ("sizes", sizes.join(", ").into()),
            ("narrowest", format!("{narrowest:.1}").into()),
            ("output", to.into()),
        ],
    );
    format!("{line}{}", moved_lines(&stamped.moved))
}

pub(super) fn stamp(ctx: &Context, a: &StampArgs) -> Result<()> {
    let placement = placement(&a.place)?;
    if a.dry_run {
        return dry_run(ctx, a, &placement);
    }
    let files = inputs(&a.inputs)?;
    let password = password(a.password_file.as_deref())?;
    let mut rules = output_rules(ctx, a.force, a.skip_existing);
    if let Some(p) = &a.image {
        rules.input("--image", p);
    }
    if let Some(p) = &a.password_file {
        rules.input("--password-file", p);
    }
    let (jobs, batch) = outputs(&files, a.out.as_deref(), a.out_dir.as_deref(), rules)?;
    let mut prepared = prepare(ctx, a)?;
    let seal = job::Seal {
        image: &prepared.image,
        width_mm: prepared.width_mm,
        height_mm: prepared.height_mm,
        opacity: a.opacity,
    };
    let out = ctx.out;
    if !batch {
        let (input, output) = &jobs[0];
        if a.skip_existing && output.path().exists() {
            return skipped(out, input, output.path());
        }
        let (stamped, pending) = stamp_file(
            input,
            output,
            password.as_deref().map(String::as_str),
            &seal,
            &placement,
        )?;
        record_and_publish(&mut prepared.registry, input, &stamped, pending)?;
        return out.emit(
            &json!({ "input": input, "output": output.path(), "result": stamped }),
            |_| stamped_text(&stamped, output.path()),
        );
    }
    let threads = super::batch::workers(a.jobs);
    let mut report = super::batch::Reporter::new(out, jobs.len(), &tr(msg!("pdf-batch-unit")));
    let jobs = skip_existing(jobs, a.skip_existing, &mut report);
    let next = AtomicUsize::new(0);
    // Bounded: a finished file waits (open, unpublished) until its use is recorded.
    let (tx, rx) = mpsc::sync_channel::<(usize, Result<(StampReport, Pending)>)>(threads);
    std::thread::scope(|scope| {
        for _ in 0..threads.min(jobs.len()) {
            let tx = tx.clone();
            let (jobs, next, seal, placement, password) = (
                &jobs,
                &next,
                &seal,
                &placement,
                password.as_deref().map(String::as_str),
            );
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some((input, output)) = jobs.get(i) else {
                        break;
                    };
                    let r = stamp_file(input, output, password, seal, placement);
                    if tx.send((i, r)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        for (i, r) in rx {
            let (input, output) = &jobs[i];
            let recorded = r.and_then(|(stamped, pending)| {
                record_and_publish(&mut prepared.registry, input, &stamped, pending)?;
                Ok(stamped)
            });
            match recorded {
                Ok(stamped) => report.ok_at(
                    i,
                    json!({
                        "input": input, "output": output.path(),
                        "marks": stamped.placed.len(), "groups": stamped.groups,
                    }),
                ),
                Err(e) => report.failed_at(i, &show_path(input), json!({ "input": input }), e),
            }
        }
    });
    report.finish(&tr(msg!("pdf-batch-stamped")))
}

/// Records the stamping in the history (with a registry seal), then puts the output under
/// its name: a process killed in between leaves the record and no file (the re-run stamps
/// it again), never a stamped file the history does not know.
fn record_and_publish(
    registry: &mut Option<SealInUse>,
    input: &Path,
    stamped: &StampReport,
    pending: Pending,
) -> Result<()> {
    if let Some((reg, actor, s)) = registry.as_mut() {
        stamping::record(
            reg,
            actor,
            s,
            &input.to_string_lossy(),
            &pending.path().to_string_lossy(),
            stamped,
        )?;
    }
    pending.publish()
}

/// Reads and stamps one file, written to its temporary file (not yet published).
fn stamp_file(
    input: &Path,
    output: &Output,
    password: Option<&str>,
    seal: &job::Seal,
    placement: &Placement,
) -> Result<(StampReport, Pending)> {
    // Opened lazily: only what the stamp changes is read; the input is copied as it is.
    super::check_pdf_file("PDF", input)?;
    let stamped = job::stamp_file(input, password, seal, placement)
        .map_err(|e| PdfError::in_file(input, e, &[BAD_INPUT, NOT_FOUND]))?;
    let mut report = None;
    let pending = write_pending_file(output, 0o644, |f| {
        report = Some(stamped.write_file(f)?);
        Ok(())
    })
    .map_err(|e| PdfError::naming_output(output.path(), e))?;
    let report = report.ok_or_else(|| Error::Internal("stamped output not written".into()))?;
    Ok((report, pending))
}
