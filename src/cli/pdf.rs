//! `catool pdf stamp`: one PDF or a batch (several files, a directory), with progress.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};
use serde_json::json;

use super::Context;
use super::output::show_path;
use crate::error::Result;
use crate::fsutil::{Existing, Output, OutputRules};
use crate::i18n::{Arg, lang, text};
use crate::model::Id;
use crate::msg;
use crate::pdf::PdfError;
use crate::pdf::cross_page::{self, Edge};
use crate::pdf::error::Cause;
use crate::pdf::geometry::PT_PER_MM;
use crate::pdf::job::{Anchor, FullSeal, Occurrence, Pages, Placement};
use crate::pdf::stamp::SealImage;
use zeroize::Zeroizing;

#[derive(Debug, Subcommand)]
pub enum PdfCmd {
    /// Stamp a seal on PDFs (D19): page, pages, all, cross-page 骑缝章, keyword 关键字
    ///
    /// A signed PDF is refused: page content added after a signature invalidates it. Seal a
    /// signed document with `catool pdf sign --seal` (the seal becomes a new signature's
    /// appearance).
    Stamp(Box<super::pdf_stamp::StampArgs>),
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EdgeArg {
    /// The right edge of each page (page 1 of a group shows the seal's left part)
    Right,
    /// The left edge of each page (page 1 of a group shows the seal's right part)
    Left,
    /// The top edge of each page (page 1 of a group shows the seal's bottom part)
    Top,
    /// The bottom edge of each page (page 1 of a group shows the seal's top part)
    Bottom,
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
    /// Unit of --at, --offset, --along
    #[arg(long, value_enum, default_value = "mm")]
    unit: UnitArg,
    /// 骑缝章: one seal cut into strips along this edge of consecutive pages (the selected
    /// pages, default all), one seal per group of pages; `--cross-page` alone is the right edge
    #[arg(long, value_enum, value_name = "EDGE", conflicts_with = "keyword")]
    cross_page: Option<Option<EdgeArg>>,
    /// The edge of a cross-page seal, as earlier versions took it (`--cross-page --edge
    /// left`); kept for existing scripts: write `--cross-page left`
    #[arg(
        long,
        value_enum,
        value_name = "EDGE",
        requires = "cross_page",
        hide = true
    )]
    edge: Option<EdgeArg>,
    /// At most N pages per cross-page seal; pages are split into balanced groups (sizes
    /// differ by at most one, never a single page) [default: as many as keep every strip
    /// --min-strip-mm wide]
    #[arg(long, value_name = "N", requires = "cross_page")]
    pages_per_seal: Option<u32>,
    /// The share (0 < R < 1) of each cross-page seal shown on the first page of its group;
    /// the rest is split evenly over the group's other pages [default: equal strips]
    #[arg(
        long,
        value_name = "R",
        requires = "cross_page",
        allow_negative_numbers = true
    )]
    split_ratio: Option<f32>,
    /// Narrowest cross-page strip in mm: the default grouping keeps every strip at least this
    /// wide, and an explicit --pages-per-seal or --split-ratio that cuts narrower is refused
    #[arg(long, value_name = "MM", default_value_t = crate::pdf::cross_page::DEFAULT_MIN_STRIP_MM, requires = "cross_page")]
    min_strip_mm: f32,
    /// Where a cross-page seal's centre lies along the edge, from the displayed page's top
    /// (right and left edges) or left side (top and bottom edges), the same on every page so
    /// pages of different sizes aligned there line up [default: the middle of the shortest
    /// page]
    #[arg(
        long,
        value_name = "DIST",
        alias = "y",
        requires = "cross_page",
        allow_negative_numbers = true
    )]
    along: Option<f32>,
    /// Also the whole seal on the first page of each cross-page group, at --at (an anchor or
    /// X,Y as for other stamps) [default: br:-20,20, its bottom-right corner 20 mm in from the
    /// page's]; it must not cover the strip
    #[arg(long, requires = "cross_page")]
    with_full_seal: bool,
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
        self.at.is_some() || self.cross_page.is_some() || self.keyword.is_some()
    }
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

/// The catalogue entry `id` with `args`, in the chosen language.
pub(super) fn say(id: &'static str, args: Vec<(&'static str, Arg)>) -> String {
    text(lang(), id, &args)
}

fn pair(flag: &str, s: &str, unit: UnitArg) -> Result<(f32, f32)> {
    let bad = || PdfError::InvalidPair {
        flag: flag.to_string(),
        value: s.to_string(),
    };
    // `nan` and `inf` parse as f32: a position is two finite numbers.
    let number = |v: &str| {
        v.trim()
            .trim_end_matches("mm")
            .trim_end_matches("pt")
            .parse::<f32>()
            .ok()
            .filter(|n| n.is_finite())
            .ok_or_else(bad)
    };
    let (a, b) = s.split_once(',').ok_or_else(bad)?;
    Ok((to_mm(number(a)?, unit), to_mm(number(b)?, unit)))
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
                PdfError::InvalidOccurrence {
                    value: n.to_string(),
                }
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
    if let Some(edge) = a.cross_page {
        let edge = match (edge, a.edge) {
            (Some(e), Some(old)) if e != old => {
                return Err(PdfError::EdgesDisagree {
                    cross_page: e.edge(),
                    edge: old.edge(),
                }
                .into());
            }
            (Some(e), _) | (None, Some(e)) => e,
            (None, None) => EdgeArg::Right,
        };
        return cross_page(a, pages, edge);
    }
    let at = a.at.as_deref().ok_or(PdfError::NoPosition)?;
    let (anchor, (x_mm, y_mm)) = parse_at(at, a.unit)?;
    Ok(Placement::At {
        pages: pages.unwrap_or(Pages::One(1)),
        anchor,
        x_mm,
        y_mm,
        clamp: a.clamp,
    })
}

/// `--at X,Y` or `--at ANCHOR:DX,DY`, in mm.
fn parse_at(at: &str, unit: UnitArg) -> Result<(Anchor, (f32, f32))> {
    let (anchor, at) = match at.split_once(':') {
        Some((name, rest)) => (
            Anchor::parse(name.trim()).ok_or_else(|| PdfError::InvalidAnchor {
                name: name.to_string(),
            })?,
            rest,
        ),
        None => (Anchor::Origin, at),
    };
    Ok((anchor, pair("--at", at, unit)?))
}

impl EdgeArg {
    fn edge(self) -> Edge {
        match self {
            EdgeArg::Right => Edge::Right,
            EdgeArg::Left => Edge::Left,
            EdgeArg::Top => Edge::Top,
            EdgeArg::Bottom => Edge::Bottom,
        }
    }
}

/// 骑缝章 options, checked before any file is read.
fn cross_page(a: &PlacementArgs, pages: Option<Pages>, edge: EdgeArg) -> Result<Placement> {
    let edge = edge.edge();
    let full_seal = match (a.with_full_seal, a.at.as_deref()) {
        (false, Some(_)) => return Err(PdfError::AtNeedsFullSeal.into()),
        (false, None) => None,
        (true, None) => Some(FullSeal {
            clamp: a.clamp,
            ..FullSeal::default()
        }),
        (true, Some(at)) => {
            let (anchor, (x_mm, y_mm)) = parse_at(at, a.unit)?;
            Some(FullSeal {
                anchor,
                x_mm,
                y_mm,
                clamp: a.clamp,
            })
        }
    };
    let options = cross_page::Options {
        edge,
        along_mm: a.along.map(|v| to_mm(v, a.unit)),
        pages_per_seal: a.pages_per_seal,
        split_ratio: a.split_ratio,
        min_strip_mm: a.min_strip_mm,
    };
    options.validate()?;
    Ok(Placement::CrossPage {
        pages: pages.unwrap_or(Pages::All),
        options,
        full_seal,
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
        let dir = out_dir.ok_or(PdfError::NeedsOutDir)?;
        if !dir.is_dir() {
            std::fs::create_dir_all(dir).map_err(|e| PdfError::CannotCreateOutDir {
                dir: dir.display().to_string(),
                cause: Cause::new(e),
            })?;
        }
        let mut names = std::collections::HashSet::new();
        files
            .iter()
            .map(|f| {
                let name = f.file_name().ok_or_else(|| PdfError::NotAFile {
                    path: f.display().to_string(),
                })?;
                // Two inputs of one name (from two directories) would share one output.
                if !names.insert(name.to_owned()) {
                    return Err(PdfError::SameName {
                        name: Path::new(name).display().to_string(),
                    }
                    .into());
                }
                Ok((f.clone(), rules.check("--out-dir output", &dir.join(name))?))
            })
            .collect::<Result<_>>()?
    } else {
        let out = out.ok_or(PdfError::NeedsOut)?;
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
                .map_err(|e| PdfError::CannotReadDir {
                    dir: p.display().to_string(),
                    cause: Cause::new(e),
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
        return Err(PdfError::NoInputs.into());
    }
    Ok(out)
}

pub fn run(ctx: &Context, cmd: PdfCmd) -> Result<()> {
    match cmd {
        PdfCmd::Stamp(a) => super::pdf_stamp::stamp(ctx, &a),
        PdfCmd::Sign(a) => super::pdf_sign::sign(ctx, &a),
        PdfCmd::Timestamp(a) => super::pdf_sign::timestamp(ctx, &a),
        PdfCmd::Verify {
            file,
            password_file,
            trust,
        } => super::pdf_sign::verify(ctx, &file, password_file.as_deref(), &trust),
    }
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
    Err(PdfError::OpaqueImage {
        path: path.display().to_string(),
        clear_percent: format!("{:.1}", image.clear_fraction() * 100.0),
    }
    .into())
}

/// Reports one input left alone by --skip-existing (a single file; batches use the reporter).
pub(super) fn skipped(out: super::Out, input: &Path, output: &Path) -> Result<()> {
    out.emit(
        &json!({ "input": input, "output": output, "skipped": true }),
        |_| {
            say(
                msg!("pdf-skipped"),
                vec![
                    ("input", show_path(input).into()),
                    ("output", show_path(output).into()),
                ],
            )
        },
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
            &say(
                msg!("pdf-exists"),
                vec![
                    ("input", show_path(&input).into()),
                    ("output", show_path(output.path()).into()),
                ],
            ),
            json!({ "input": input, "output": output.path() }),
        );
    }
    todo
}
