//! `catool pdf stamp`: one PDF or a batch (several files, a directory), with progress.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use clap::{Args, Subcommand, ValueEnum};
use serde_json::json;

use super::output::show_path;
use super::{Context, parse_size, read_input_file};
use crate::domain::stamping;
use crate::error::{Error, Result};
use crate::fsutil::{Existing, Output, OutputRules, Pending, write_pending};
use crate::model::Id;
use crate::pdf::geometry::PT_PER_MM;
use crate::pdf::job::{self, Anchor, Occurrence, Pages, Placement, StampReport};
use crate::pdf::stamp::{Edge, SealImage};
use zeroize::Zeroizing;

#[derive(Debug, Subcommand)]
pub enum PdfCmd {
    /// Stamp a seal on PDFs (D19): page, pages, all, cross-page 骑缝章, keyword 关键字
    ///
    /// A signed PDF is refused: page content added after a signature invalidates it. Seal a
    /// signed document with `catool pdf sign --seal` (the seal becomes a new signature's
    /// appearance).
    Stamp(Box<StampArgs>),
    /// Sign PDFs with a certificate (D20): PAdES, visible seal or invisible, RSA or SM2
    Sign(Box<SignArgs>),
    /// Add long-term validation data and a document timestamp (PAdES B-LTA)
    ///
    /// For every signature already in the PDF: the certificates of its chain and of its
    /// timestamp's TSA, and the current CRLs of the registry CAs that issued them, go into the
    /// document security store (/DSS); then a document timestamp from the TSA covers it all.
    /// Run it again before the last timestamp's TSA certificate expires to renew the archive
    /// (what pyHanko calls ltaupdate).
    Timestamp(Box<TimestampArgs>),
    /// Check every signature: integrity, coverage, later changes, chain, validity in time
    ///
    /// For each signature: the signed bytes are intact and are exactly a whole revision; every
    /// later revision is compared with the signed one and only signature, form-filling and
    /// validation-data changes are allowed (no page content, annotations, catalog entries …);
    /// the signer's certificate chains to a registry CA and was valid at the claimed signing
    /// time and still is (expired or revoked since: "not proven", no timestamp proves the
    /// time). Exit 0: every signature valid; 1: any not valid; 7: no signatures; 5: the file
    /// is damaged or not a PDF.
    Verify {
        /// The PDF to check
        file: PathBuf,
        /// User password of an encrypted PDF
        #[arg(long, value_name = "FILE")]
        password_file: Option<PathBuf>,
        /// A CA certificate (PEM or DER) trusted to certify time-stamping authorities, besides
        /// the registry's CAs (a TSA of another platform); repeatable
        #[arg(long, value_name = "CA.pem")]
        trust: Vec<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum UnitArg {
    /// Millimetres
    Mm,
    /// PDF points (1/72 inch)
    Pt,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum EdgeArg {
    /// The right edge of each page
    Right,
    /// The left edge of each page
    Left,
}

/// Where the seal goes: shared by `pdf stamp` and `pdf sign`.
#[derive(Debug, Args)]
pub struct PlacementArgs {
    /// One page
    #[arg(long, conflicts_with_all = ["pages", "all"])]
    page: Option<u32>,
    /// Pages: 1-3,5,last
    #[arg(long, conflicts_with = "all")]
    pages: Option<String>,
    /// Every page (全部页批量签章)
    #[arg(long)]
    all: bool,
    /// Where the seal goes: X,Y is its centre from the visible page's top-left corner (y
    /// down); ANCHOR:DX,DY puts the seal's matching corner, edge middle or centre on the
    /// page's (tl tc tr l c r bl bc br), moved DX right and DY up — e.g. br:-20,20 for every
    /// page size and orientation
    #[arg(long, value_name = "X,Y|ANCHOR:DX,DY")]
    at: Option<String>,
    /// Move a seal that would reach past the visible page inside it (and say so) instead of
    /// refusing the file
    #[arg(long)]
    clamp: bool,
    /// Unit of --at, --offset, --y
    #[arg(long, value_enum, default_value = "mm")]
    unit: UnitArg,
    /// 骑缝章: one seal cut into strips on the edges of the pages
    #[arg(long, conflicts_with_all = ["keyword", "at"])]
    cross_page: bool,
    /// Edge for --cross-page
    #[arg(long, value_enum, default_value = "right", requires = "cross_page")]
    edge: EdgeArg,
    /// Height of a cross-page seal's centre from the top [default: middle]
    #[arg(long, requires = "cross_page")]
    y: Option<f32>,
    /// 关键字签章: centre the seal on this text
    #[arg(long, conflicts_with_all = ["at", "page", "pages", "all"])]
    keyword: Option<String>,
    /// Which occurrences: first, all, or a number
    #[arg(long, default_value = "first", requires = "keyword")]
    occurrence: String,
    /// Move a keyword stamp by DX,DY (right, down)
    #[arg(long, value_name = "DX,DY", requires = "keyword")]
    offset: Option<String>,
    /// A missing keyword is not an error (the file is copied unchanged)
    #[arg(long, requires = "keyword")]
    allow_missing: bool,
    /// Seal size in mm [default: the seal's real size; 40 mm wide for --image]
    #[arg(long, value_name = "MM[xMM]")]
    pub(super) size: Option<String>,
}

impl PlacementArgs {
    pub(super) fn given(&self) -> bool {
        self.at.is_some() || self.cross_page || self.keyword.is_some()
    }
}

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

#[derive(Debug, Args)]
pub struct SignArgs {
    /// PDF files, or directories of PDFs (a batch needs --out-dir)
    #[arg(required = true)]
    pub(super) inputs: Vec<PathBuf>,
    /// Output file (one input)
    #[arg(long, conflicts_with = "out_dir")]
    pub(super) out: Option<PathBuf>,
    /// Output directory (several inputs)
    #[arg(long)]
    pub(super) out_dir: Option<PathBuf>,
    /// Leave inputs whose output file already exists alone: re-run an interrupted batch to
    /// finish it (an output is only ever there complete)
    #[arg(long)]
    pub(super) skip_existing: bool,
    #[arg(long, conflicts_with = "skip_existing", help = super::FORCE_HELP)]
    pub(super) force: bool,
    /// The signing certificate (the holder's own; D20)
    #[arg(long)]
    pub(super) cert: Id,
    /// File holding the certificate's PIN (- for stdin; default $CATOOL_PIN); asked once
    #[arg(long, value_name = "FILE")]
    pub(super) pin_file: Option<PathBuf>,
    /// A registry seal as the visible signature's appearance (D18 rules apply)
    #[arg(long, conflicts_with = "image")]
    pub(super) seal: Option<Id>,
    /// A seal picture with a transparent background (PNG with alpha) as the appearance; an
    /// opaque picture is refused (cut it out with `catool seal clean` first)
    #[arg(long)]
    pub(super) image: Option<PathBuf>,
    /// Accept an --image without transparency (it will cover the page under it)
    #[arg(long, requires = "image")]
    pub(super) opaque_ok: bool,
    #[command(flatten)]
    pub(super) place: PlacementArgs,
    /// Why it is signed (e.g. 同意签订), written into the signature (/Reason)
    #[arg(long)]
    pub(super) reason: Option<String>,
    /// Where it is signed (e.g. 北京), written into the signature (/Location)
    #[arg(long)]
    pub(super) location: Option<String>,
    /// A certification signature (DocMDP: later form filling and signatures allowed)
    #[arg(long)]
    pub(super) certify: bool,
    /// User password of encrypted inputs
    #[arg(long, value_name = "FILE")]
    pub(super) password_file: Option<PathBuf>,
    /// PAdES level: B-B the signature alone; B-T with a signature timestamp; B-LT also the
    /// certificates and CRLs to validate it offline (/DSS); B-LTA also a document timestamp.
    /// Default: B-T when a TSA is given or the registry has one, else B-B
    #[arg(long, value_enum)]
    pub(super) level: Option<LevelArg>,
    #[command(flatten)]
    pub(super) tsa: TsaArgs,
}

/// Which time-stamping authority: the registry's own, or any RFC 3161 TSA over HTTP.
#[derive(Debug, Args)]
pub struct TsaArgs {
    /// A registry TSA (name or id; default: the registry's TSA when it has exactly one)
    #[arg(long, value_name = "TSA", conflicts_with = "tsa_url")]
    pub(super) tsa: Option<String>,
    /// Any RFC 3161 time-stamping authority over HTTP, e.g. http://127.0.0.1:8080/
    #[arg(long, value_name = "URL")]
    pub(super) tsa_url: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LevelArg {
    /// The signature alone
    #[value(name = "B-B", alias = "b-b")]
    Bb,
    /// With a signature timestamp
    #[value(name = "B-T", alias = "b-t")]
    Bt,
    /// Also the certificates and CRLs to validate it offline (/DSS)
    #[value(name = "B-LT", alias = "b-lt")]
    Blt,
    /// Also a document timestamp over it all
    #[value(name = "B-LTA", alias = "b-lta")]
    Blta,
}

impl LevelArg {
    pub(super) fn level(self) -> crate::pdf::ltv::PadesLevel {
        use crate::pdf::ltv::PadesLevel;
        match self {
            LevelArg::Bb => PadesLevel::Bb,
            LevelArg::Bt => PadesLevel::Bt,
            LevelArg::Blt => PadesLevel::Blt,
            LevelArg::Blta => PadesLevel::Blta,
        }
    }
}

/// `pdf timestamp`: validation data for every signature, then a document timestamp.
#[derive(Debug, Args)]
pub struct TimestampArgs {
    /// The signed PDF
    pub(super) input: PathBuf,
    /// Output file: the input plus the validation data and the document timestamp
    #[arg(long)]
    pub(super) out: PathBuf,
    #[arg(long, help = super::FORCE_HELP)]
    pub(super) force: bool,
    #[command(flatten)]
    pub(super) tsa: TsaArgs,
    /// User password of an encrypted PDF
    #[arg(long, value_name = "FILE")]
    pub(super) password_file: Option<PathBuf>,
}

fn pair(flag: &str, s: &str, unit: UnitArg) -> Result<(f32, f32)> {
    let bad = || {
        Error::BadInput(format!(
            "invalid {flag} '{s}': expected two numbers like 150,240"
        ))
    };
    let (a, b) = s.split_once(',').ok_or_else(bad)?;
    let a: f32 = a
        .trim()
        .trim_end_matches("mm")
        .trim_end_matches("pt")
        .parse()
        .map_err(|_| bad())?;
    let b: f32 = b
        .trim()
        .trim_end_matches("mm")
        .trim_end_matches("pt")
        .parse()
        .map_err(|_| bad())?;
    Ok((to_mm(a, unit), to_mm(b, unit)))
}

fn to_mm(v: f32, unit: UnitArg) -> f32 {
    match unit {
        UnitArg::Mm => v,
        UnitArg::Pt => v / PT_PER_MM,
    }
}

pub(super) fn placement(a: &PlacementArgs) -> Result<Placement> {
    let pages = match (&a.page, &a.pages, a.all) {
        (Some(n), _, _) => Some(Pages::One(*n)),
        (_, Some(spec), _) => Some(Pages::List(spec.clone())),
        (_, _, true) => Some(Pages::All),
        _ => None,
    };
    if let Some(text) = &a.keyword {
        let occurrence = match a.occurrence.as_str() {
            "first" => Occurrence::First,
            "all" => Occurrence::All,
            n => Occurrence::Nth(n.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
                Error::BadInput(format!(
                    "invalid --occurrence '{n}': expected first, all or a number from 1"
                ))
            })?),
        };
        let offset_mm = a
            .offset
            .as_deref()
            .map(|o| pair("--offset", o, a.unit))
            .transpose()?
            .unwrap_or((0.0, 0.0));
        return Ok(Placement::Keyword {
            text: text.clone(),
            occurrence,
            offset_mm,
            allow_missing: a.allow_missing,
            clamp: a.clamp,
        });
    }
    if a.cross_page {
        let edge = match a.edge {
            EdgeArg::Right => Edge::Right,
            EdgeArg::Left => Edge::Left,
        };
        return Ok(Placement::CrossPage {
            pages: pages.unwrap_or(Pages::All),
            edge,
            y_mm: a.y.map(|y| to_mm(y, a.unit)),
        });
    }
    let at = a.at.as_deref().ok_or_else(|| {
        Error::Usage(
            "say where: --at X,Y or --at ANCHOR:DX,DY (with --page/--pages/--all), --cross-page, or --keyword TEXT"
                .into(),
        )
    })?;
    let (anchor, at) = match at.split_once(':') {
        Some((name, rest)) => (
            Anchor::parse(name.trim()).ok_or_else(|| {
                Error::BadInput(format!(
                    "invalid --at anchor '{name}': expected tl, tc, tr, l, c, r, bl, bc or br (as in br:-20,20)"
                ))
            })?,
            rest,
        ),
        None => (Anchor::Origin, at),
    };
    let (x_mm, y_mm) = pair("--at", at, a.unit)?;
    Ok(Placement::At {
        pages: pages.unwrap_or(Pages::One(1)),
        anchor,
        x_mm,
        y_mm,
        clamp: a.clamp,
    })
}

/// What `pdf stamp` / `pdf sign` do with existing outputs: refuse them, replace them
/// (`--force`) or leave them and finish the rest (`--skip-existing`).
pub(super) fn output_rules(ctx: &Context, force: bool, skip_existing: bool) -> OutputRules {
    let existing = match (force, skip_existing) {
        (true, _) => Existing::Replace,
        (false, true) => Existing::Skip,
        (false, false) => Existing::Refuse,
    };
    ctx.output_rules(existing).offer_skip()
}

/// Pairs every input with its output: `--out` for one input, `--out-dir` (created if
/// missing) for a batch. Every output is checked by `rules` (with every PDF input added to
/// the inputs it protects) before any work: one refused output refuses the command.
pub(super) fn outputs(
    files: &[PathBuf],
    out: Option<&Path>,
    out_dir: Option<&Path>,
    mut rules: OutputRules,
) -> Result<(Vec<(PathBuf, Output)>, bool)> {
    let batch = files.len() > 1 || out_dir.is_some();
    for f in files {
        rules.input("PDF", f);
    }
    let jobs: Vec<(PathBuf, Output)> = if batch {
        let dir =
            out_dir.ok_or_else(|| Error::Usage("several inputs need --out-dir DIR".into()))?;
        if !dir.is_dir() {
            std::fs::create_dir_all(dir).map_err(|e| {
                Error::BadInput(format!("cannot create --out-dir {}: {e}", dir.display()))
            })?;
        }
        let mut names = std::collections::HashSet::new();
        files
            .iter()
            .map(|f| {
                let name = f
                    .file_name()
                    .ok_or_else(|| Error::BadInput(format!("{} is not a file", f.display())))?;
                // Two inputs of one name (from two directories) would share one output.
                if !names.insert(name.to_owned()) {
                    return Err(Error::BadInput(format!(
                        "two inputs are named {}: their outputs in --out-dir would be one file; stamp them in separate runs",
                        Path::new(name).display()
                    )));
                }
                Ok((f.clone(), rules.check("--out-dir output", &dir.join(name))?))
            })
            .collect::<Result<_>>()?
    } else {
        let out = out.ok_or_else(|| Error::Usage("give --out FILE".into()))?;
        vec![(files[0].clone(), rules.check("--out", out)?)]
    };
    // Temporary files a killed earlier run left go now, even if nothing is left to write.
    if let Some(dir) = out_dir {
        crate::fsutil::sweep_once(dir);
    }
    Ok((jobs, batch))
}

/// Reads an optional `--password-file` (see [`super::read_password_file`]).
pub(super) fn password(path: Option<&Path>) -> Result<Option<Zeroizing<String>>> {
    path.map(super::read_password_file).transpose()
}

/// Expands directories (their *.pdf files, sorted) and checks every input exists.
pub(super) fn inputs(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| {
                    Error::BadInput(format!("cannot read directory {}: {e}", p.display()))
                })?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| {
                    f.is_file() && f.extension().is_some_and(|x| x.eq_ignore_ascii_case("pdf"))
                })
                .collect();
            files.sort();
            out.extend(files);
        } else {
            out.push(p.clone());
        }
    }
    if out.is_empty() {
        return Err(Error::BadInput("no PDF files to stamp".into()));
    }
    Ok(out)
}

pub fn run(ctx: &Context, cmd: PdfCmd) -> Result<()> {
    match cmd {
        PdfCmd::Stamp(a) => stamp(ctx, &a),
        PdfCmd::Sign(a) => super::pdf_sign::sign(ctx, &a),
        PdfCmd::Timestamp(a) => super::pdf_sign::timestamp(ctx, &a),
        PdfCmd::Verify {
            file,
            password_file,
            trust,
        } => super::pdf_sign::verify(ctx, &file, password_file.as_deref(), &trust),
    }
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
    let path = a
        .image
        .as_ref()
        .ok_or_else(|| Error::Usage("give --seal S or --image PNG".into()))?;
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

/// A seal picture must let the page show around the seal: one with no transparent
/// background would paste a rectangle (the paper of a photo, a black box) over the page.
pub(super) fn refuse_opaque(image: &SealImage, path: &Path, opaque_ok: bool) -> Result<()> {
    // A seal leaves at least a few percent of its square bounding box clear (a round seal
    // about 21 %); a picture with less has a background.
    const MIN_CLEAR: f32 = 0.02;
    if opaque_ok || image.clear_fraction() >= MIN_CLEAR {
        return Ok(());
    }
    Err(Error::BadInput(format!(
        "--image {} has no transparent background ({:.1} % of it is clear): stamped, it would cover the page under it; cut the seal out first with `catool seal clean {} --out seal.png`, or pass --opaque-ok",
        path.display(),
        image.clear_fraction() * 100.0,
        path.display()
    )))
}

/// One line per seal `--clamp` moved inside its page (each starting with a newline).
fn moved_lines(moved: &[job::Moved]) -> String {
    let mm = tenths;
    moved
        .iter()
        .map(|m| {
            format!(
                "\nmoved inside page {} (--clamp): ({}, {}) mm → ({}, {}) mm",
                m.page,
                mm(m.from_mm.0),
                mm(m.from_mm.1),
                mm(m.to_mm.0),
                mm(m.to_mm.1)
            )
        })
        .collect()
}

/// A length rounded to tenths, as people read it (160, 216.7).
fn tenths(v: f32) -> f32 {
    (v * 10.0).round() / 10.0
}

/// `pdf stamp --dry-run`: where each seal would go, per file and page; nothing is written.
fn dry_run(ctx: &Context, a: &StampArgs, placement: &Placement) -> Result<()> {
    let files = inputs(&a.inputs)?;
    let password = password(a.password_file.as_deref())?;
    let prepared = prepare(ctx, a)?;
    let size = (prepared.width_mm, prepared.height_mm);
    let mut report = super::batch::Reporter::new(ctx.out, files.len(), "PDFs");
    for file in &files {
        let planned = super::read_pdf_file("PDF", file).and_then(|bytes| {
            job::plan_with_moves(
                bytes,
                password.as_deref().map(String::as_str),
                size,
                placement,
            )
        });
        match planned {
            Ok((marks, moved)) => {
                let seals: Vec<_> = marks
                    .iter()
                    .map(|m| {
                        let mm = |v: f32| (v / PT_PER_MM * 10.0).round() / 10.0;
                        let pt = |v: f32| (v * 10.0).round() / 10.0;
                        json!({
                            "page": m.page,
                            "x_mm": mm(m.center.0), "y_mm": mm(m.center.1),
                            "x_pt": pt(m.center.0), "y_pt": pt(m.center.1),
                            "strip": m.clip.is_some(),
                        })
                    })
                    .collect();
                if !ctx.out.json && !ctx.out.quiet {
                    let lines: Vec<String> = marks
                        .iter()
                        .map(|m| {
                            format!(
                                "{}: page {} at ({}, {}) mm = ({}, {}) pt{}",
                                show_path(file),
                                m.page,
                                tenths(m.center.0 / PT_PER_MM),
                                tenths(m.center.1 / PT_PER_MM),
                                tenths(m.center.0),
                                tenths(m.center.1),
                                if m.clip.is_some() { ", a strip" } else { "" },
                            )
                        })
                        .collect();
                    super::output::stdout(&format!(
                        "{}{}\n",
                        lines.join("\n"),
                        moved_lines(&moved)
                    ));
                }
                report.ok(json!({ "input": file, "seals": seals, "moved": moved }));
            }
            Err(e) => report.failed(
                &show_path(file),
                json!({ "input": file }),
                match e {
                    Error::BadInput(m) => Error::BadInput(format!("{}: {m}", file.display())),
                    e => e,
                },
            ),
        }
    }
    report.finish("planned (dry run, nothing written)")
}

fn stamp(ctx: &Context, a: &StampArgs) -> Result<()> {
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
            |_| {
                let pages: Vec<String> =
                    stamped.placed.iter().map(|p| p.page.to_string()).collect();
                format!(
                    "stamped {} mark(s) on page(s) {} → {}{}",
                    stamped.placed.len(),
                    pages.join(","),
                    show_path(output.path()),
                    moved_lines(&stamped.moved),
                )
            },
        );
    }
    let threads = a
        .jobs
        .unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
        })
        .clamp(1, 64);
    let mut report = super::batch::Reporter::new(out, jobs.len(), "PDFs");
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
                    json!({ "input": input, "output": output.path(), "marks": stamped.placed.len() }),
                ),
                Err(e) => report.failed_at(i, &show_path(input), json!({ "input": input }), e),
            }
        }
    });
    report.finish("stamped")
}

/// Reports one input left alone by --skip-existing (a single file; batches use the reporter).
pub(super) fn skipped(out: super::Out, input: &Path, output: &Path) -> Result<()> {
    out.emit(
        &json!({ "input": input, "output": output, "skipped": true }),
        |_| format!("skipped {}: {} exists", show_path(input), show_path(output)),
    )
}

/// The jobs whose output does not exist yet (all of them without --skip-existing); each
/// skipped one is reported.
pub(super) fn skip_existing(
    jobs: Vec<(PathBuf, Output)>,
    skip: bool,
    report: &mut super::batch::Reporter,
) -> Vec<(PathBuf, Output)> {
    if !skip {
        return jobs;
    }
    let (done, todo): (Vec<_>, Vec<_>) = jobs.into_iter().partition(|(_, out)| out.path().exists());
    for (input, output) in done {
        report.skipped(
            &format!("{}: {} exists", show_path(&input), show_path(output.path())),
            json!({ "input": input, "output": output.path() }),
        );
    }
    todo
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
    let bytes = super::read_pdf_file("PDF", input)?;
    let stamped = job::stamp(bytes, password, seal, placement).map_err(|e| match e {
        Error::BadInput(m) => Error::BadInput(format!("{}: {m}", input.display())),
        Error::NotFound(m) => Error::NotFound(format!("{}: {m}", input.display())),
        e => e,
    })?;
    let mut report = None;
    let pending = write_pending(output, 0o644, |w| {
        report = Some(stamped.write_to(w)?);
        Ok(())
    })?;
    let report = report.ok_or_else(|| Error::Internal("stamped output not written".into()))?;
    Ok((report, pending))
}
