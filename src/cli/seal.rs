//! `catool seal …`: seal images and their rules.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::output::{Table, fields, opt, show_path, term_safe};
use super::seal_esl::{self, ExportFormat, MakerCmd};
use super::{Context, parse_size, read_input_file};
use crate::domain::seal::{
    self as seal_domain, FONT_FALLBACK_NOTE, GrantDecision, GrantWindow, Owner,
};
use crate::domain::seal_error::{SealError, grant_state_label, seal_state_label};
use crate::domain::seal_esl::{ASSIGN, EFFECTIVE, VOID};
use crate::error::Result;
use crate::fsutil::write_atomic;
use crate::i18n::{Arg, lang, text};
use crate::model::Id;
use crate::model::vocab::SealSource;
use crate::msg;
use crate::seal::clean::{self, CleanOptions};
use crate::seal::render::{SealKind, SealSpec};

#[derive(Debug, Args)]
pub struct OwnerArgs {
    /// The enterprise (enterprise seals)
    #[arg(long, conflicts_with = "person")]
    org: Option<String>,
    /// The person (name seal, signature)
    #[arg(long)]
    person: Option<String>,
}

impl OwnerArgs {
    fn owner(&self) -> Result<Owner<'_>> {
        match (&self.org, &self.person) {
            (Some(o), None) => Ok(Owner::Org(o)),
            (None, Some(p)) => Ok(Owner::Person(p)),
            _ => Err(SealError::OwnerMissing.into()),
        }
    }
}

#[derive(Debug, Args)]
pub struct MakeArgs {
    /// Which seal (D16); enterprise kinds take --org, name and signature take --person. A
    /// generated signature is drawn from a font (a fallback): upload a photo of the real one
    /// with `seal upload --kind signature`
    #[arg(long, value_enum)]
    kind: SealKind,
    #[command(flatten)]
    owner: OwnerArgs,
    /// Text to draw: must be the registered name (enterprise name / legal representative / person's name) [default: that name]
    #[arg(long)]
    text: Option<String>,
    /// Seal name below the star (合同专用章 …) [default: by kind]
    #[arg(long)]
    label: Option<String>,
    /// 13-digit code on the lower arc (round seals), or the tax number (invoice; default USCC)
    #[arg(long)]
    code: Option<String>,
    /// Invoice seal: serial number drawn as (N) below 发票专用章, 1 to 99 [default: one more
    /// than the enterprise's invoice seals so far]
    #[arg(long, value_name = "N")]
    serial: Option<u32>,
    /// Physical size in mm: 40 (round), 40x30 (oval) … [default: by kind]
    #[arg(long, value_name = "MM[xMM]")]
    size: Option<String>,
    /// Resolution of the PNG, dots per inch (72 to 1200)
    #[arg(long, default_value_t = 300)]
    dpi: u32,
    /// Outer ring width in mm
    #[arg(long, value_name = "MM")]
    ring_width: Option<f32>,
    /// Star diameter as a fraction of the seal diameter
    #[arg(long, value_name = "RATIO")]
    star_size: Option<f32>,
    /// Angle the enterprise name spans along the arc, degrees
    #[arg(long, value_name = "DEG")]
    arc_span: Option<f32>,
    /// Ink colour as RRGGBB hex [default: vermilion]
    #[arg(long, value_name = "RRGGBB")]
    color: Option<String>,
    /// Ink opacity, 0 to 1
    #[arg(long)]
    opacity: Option<f32>,
    /// A TrueType/OpenType font to draw every character with, instead of the bundled ones
    /// (Noto Serif SC for Chinese, Arimo for digits and Latin, a Kai font for signatures)
    #[arg(long, value_name = "FILE")]
    font: Option<PathBuf>,
    /// Also write the PNG to this file (the registry keeps it either way: `seal export`)
    #[arg(long)]
    out: Option<PathBuf>,
    #[arg(long, help = super::FORCE_HELP)]
    force: bool,
}

#[derive(Debug, Subcommand)]
pub enum SealCmd {
    /// Generate a seal (印模制作, D16/D17); effective at once (D7)
    Make(Box<MakeArgs>),
    /// Register an uploaded image (手动上传: scan, cleaned photo, photo of a handwritten signature); pending review (D7)
    Upload {
        /// The image, PNG or JPEG (at most 50 megapixels); with --kind signature a photo or
        /// scan of black or blue ink on paper, whose ink is cut out here
        file: PathBuf,
        /// Which seal it is (D16); enterprise kinds take --org, name and signature take --person
        #[arg(long, value_enum)]
        kind: SealKind,
        #[command(flatten)]
        owner: OwnerArgs,
        /// Physical size in mm [default: by kind; signature 40x15, the ink scaled into it]
        #[arg(long, value_name = "MM[xMM]")]
        size: Option<String>,
        /// The image came out of `catool seal clean`
        #[arg(long)]
        cleaned: bool,
    },
    /// Cut a seal out of a photo or scan (扫描印章, D17): red ink only, transparent background
    Clean {
        /// The photo or scan, PNG or JPEG
        photo: PathBuf,
        /// The cut-out seal, written as a transparent PNG
        #[arg(long)]
        out: PathBuf,
        /// Print what was found (ink area, bounding box, rotation)
        #[arg(long)]
        report: bool,
        /// Rotate the seal upright
        #[arg(long)]
        straighten: bool,
        /// Repaint the ink in this colour (RRGGBB)
        #[arg(long, value_name = "RRGGBB")]
        color: Option<String>,
        /// Margin around the seal, pixels
        #[arg(long, default_value_t = 8)]
        margin: u32,
        #[arg(long, help = super::FORCE_HELP)]
        force: bool,
    },
    /// Approve or reject a pending seal image (platform review, D7)
    Review {
        /// Seal id of the pending image
        #[arg(long)]
        seal: Id,
        /// Approve it: the seal becomes effective
        #[arg(long, conflicts_with = "reject", required_unless_present = "reject")]
        approve: bool,
        /// Reject it (upload a better image to try again)
        #[arg(long)]
        reject: bool,
        /// Why; required with --reject, shown with the seal and recorded in the history
        #[arg(long)]
        reason: Option<String>,
    },
    /// Assign a seal to a certificate (分配印章; administrator only, D18)
    Assign {
        /// Seal id
        #[arg(long)]
        seal: Id,
        /// Certificate id: its holder may then stamp and sign with the seal
        #[arg(long)]
        cert: Id,
    },
    /// Grant a member use of an enterprise seal for a window; a member asking for themselves makes a request (申请印章授权, D18)
    Grant {
        /// Seal id of an enterprise seal
        #[arg(long)]
        seal: Id,
        /// The member [default: the acting person, as a request]
        #[arg(long, value_name = "PERSON")]
        to: Option<String>,
        /// Start: a date (2026-12-01) or RFC 3339 time
        #[arg(long)]
        from: String,
        /// End (exclusive): a date (2026-12-31) or RFC 3339 time
        #[arg(long)]
        until: String,
        /// What the seal is needed for (e.g. 投标), recorded with the grant
        #[arg(long)]
        reason: String,
    },
    /// Approve a requested grant (administrator)
    ApproveGrant {
        /// Grant id (`seal show` lists a seal's grants)
        #[arg(long)]
        grant: Id,
    },
    /// Reject a requested grant (administrator)
    RejectGrant {
        /// Grant id (`seal show` lists a seal's grants)
        #[arg(long)]
        grant: Id,
    },
    /// Take a grant back (收回; administrator)
    RevokeGrant {
        /// Grant id (`seal show` lists a seal's grants)
        #[arg(long)]
        grant: Id,
    },
    /// Void a seal (作废): never usable again
    Void {
        /// Seal id
        #[arg(long)]
        seal: Id,
        /// Why (e.g. 印章遗失), recorded in the history
        #[arg(long)]
        reason: String,
    },
    /// Tell whether the acting person may use a seal now (D18)
    Check {
        /// Seal id
        #[arg(long)]
        seal: Id,
    },
    /// List seals
    List {
        /// Only this enterprise's seals: id, USCC or exact name
        #[arg(long)]
        org: Option<String>,
        /// Only this person's seals: id, ID number or name
        #[arg(long)]
        person: Option<String>,
    },
    /// The seal-making authority (制章者) that signs the seals' .esl files (GB/T 38540)
    Maker {
        #[command(subcommand)]
        cmd: MakerCmd,
    },
    /// Register a seal made elsewhere from its .esl (GB/T 38540 SES_Seal), after checking it as `seal verify` does; effective at once when a registry CA issued its maker's certificate, else pending review (D7)
    Import {
        /// The .esl file (SES_Seal V4, DER)
        file: PathBuf,
        /// The enterprise the seal is of: id, USCC or exact name
        #[arg(long)]
        org: String,
        /// Which seal it is (D16)
        #[arg(long, value_enum, default_value = "official")]
        kind: SealKind,
    },
    /// Show a seal with its assignments, grants and .esl (esID, version, maker, validity, certList)
    Show {
        /// Seal id
        seal: Id,
    },
    /// Check a seal file (.esl, GB/T 38540 SES_Seal) made by any maker: structure, version, maker signature, maker chain, maker certificate validity, validity, picture, certificate list
    Verify(super::ses::SealVerifyArgs),
    /// Write a seal's PNG, or its .esl (GB/T 38540 SES_Seal signed by the seal-making authority)
    Export {
        /// Seal id
        #[arg(long)]
        seal: Id,
        /// What to write: the picture (png) or the electronic seal (esl)
        #[arg(long, value_enum, default_value = "png")]
        format: ExportFormat,
        /// The file to write
        #[arg(long)]
        out: PathBuf,
        #[arg(long, help = super::FORCE_HELP)]
        force: bool,
    },
}

fn parse_color(s: &str) -> Result<[u8; 3]> {
    let hex = s.trim().trim_start_matches('#');
    let bad = || SealError::InvalidColor {
        value: s.to_string(),
    };
    if hex.len() != 6 || !hex.is_ascii() {
        return Err(bad().into());
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|_| bad());
    Ok([byte(0)?, byte(2)?, byte(4)?])
}

/// The catalogue entry `id` in the chosen language with `args`.
fn say(id: &str, args: &[(&'static str, Arg)]) -> String {
    text(lang(), id, args)
}

/// A seal kind as a table or line shows it (`official` / 公章).
pub(super) fn kind_word(kind: SealKind) -> Arg {
    Arg::Msg(match kind {
        SealKind::Official => msg!("seal-kind-official"),
        SealKind::Contract => msg!("seal-kind-contract"),
        SealKind::Finance => msg!("seal-kind-finance"),
        SealKind::Invoice => msg!("seal-kind-invoice"),
        SealKind::LegalRep => msg!("seal-kind-legal-rep"),
        SealKind::Name => msg!("seal-kind-name"),
        SealKind::Signature => msg!("seal-kind-signature"),
    })
}

/// A label rendered on its own (a table cell or a `key: value` value).
pub(super) fn word(arg: Arg) -> String {
    match arg {
        Arg::Msg(id) => say(id, &[]),
        Arg::Text(s) => s,
        Arg::Num(n) => n.to_string(),
    }
}

/// A physical size: `40x40 mm`, to `digits` decimals.
fn size_mm(w: f64, h: f64, digits: usize) -> String {
    say(
        msg!("seal-size"),
        &[
            ("width", Arg::Text(format!("{w:.digits$}"))),
            ("height", Arg::Text(format!("{h:.digits$}"))),
        ],
    )
}

/// Width × height in pixels: `640x480 px`.
fn size_px(w: u32, h: u32) -> String {
    say(
        msg!("seal-size-px"),
        &[
            ("width", Arg::from(i64::from(w))),
            ("height", Arg::from(i64::from(h))),
        ],
    )
}

/// A seal's kind and label (`official 公章`), or its label alone where that is the kind's
/// word (`公章`).
fn kind_and_label(kind: SealKind, label: &str) -> String {
    let kind = word(kind_word(kind));
    if kind == label {
        return kind;
    }
    say(
        msg!("seal-kind-and-label"),
        &[("kind", Arg::Text(kind)), ("label", Arg::from(label))],
    )
}

fn seal_line(s: &crate::model::Seal) -> String {
    say(
        msg!("seal-line"),
        &[
            ("id", Arg::from(s.id)),
            (
                "what",
                Arg::Text(kind_and_label(s.kind, &term_safe(&s.label))),
            ),
            ("owner", Arg::Text(term_safe(&s.owner_name))),
            ("state", seal_state_label(s.state)),
            ("size", Arg::Text(size_mm(s.width_mm, s.height_mm, 0))),
        ],
    )
}

pub fn run(ctx: &Context, cmd: SealCmd) -> Result<()> {
    let out = ctx.out;
    match cmd {
        SealCmd::Make(a) => {
            // Checked before the seal is made: a refused output must not leave a new seal.
            let mut rules = ctx.output_rules(super::existing(a.force));
            if let Some(f) = &a.font {
                rules.input("--font", f);
            }
            let target = a
                .out
                .as_deref()
                .map(|p| rules.check("--out", p))
                .transpose()?;
            let kind = a.kind;
            let mut spec = SealSpec::new(kind, a.text.as_deref().unwrap_or(""));
            spec.label = a.label.clone().or(spec.label);
            spec.code = a.code.clone();
            spec.serial = a.serial;
            if let Some(s) = &a.size {
                (spec.width_mm, spec.height_mm) = parse_size(s)?;
            }
            spec.dpi = a.dpi;
            if let Some(v) = a.ring_width {
                spec.ring_width_mm = v;
            }
            if let Some(v) = a.star_size {
                spec.star_diameter_ratio = v;
            }
            if let Some(v) = a.arc_span {
                spec.arc_span_deg = v;
            }
            if let Some(c) = &a.color {
                spec.color = parse_color(c)?;
            }
            if let Some(o) = a.opacity {
                spec.opacity = o;
            }
            if let Some(f) = &a.font {
                spec.font = Some(read_input_file("--font", f)?);
            }
            let (mut reg, actor) = ctx.open_as()?;
            let made = seal_domain::make_detailed(&mut reg, &actor, a.owner.owner()?, spec)?;
            seal_esl::follow(ctx, &mut reg, &actor, made.seal.id, EFFECTIVE)?;
            if let Some(t) = &target {
                write_atomic(t, &made.png, 0o644)?;
            }
            out.emit(&made, |m| {
                let seal = ("seal", Arg::Text(seal_line(&m.seal)));
                let mut lines = vec![match m.serial {
                    Some(n) => say(
                        msg!("seal-made-serial"),
                        &[seal, ("serial", Arg::from(i64::from(n)))],
                    ),
                    None => say(msg!("seal-made"), &[seal]),
                }];
                if m.note.is_some() {
                    lines.push(say(
                        msg!("seal-made-font-fallback"),
                        &[("note", Arg::Msg(FONT_FALLBACK_NOTE))],
                    ));
                }
                if let Some(t) = &target {
                    lines.push(say(
                        msg!("seal-png-written"),
                        &[("path", Arg::Text(show_path(t.path())))],
                    ));
                }
                lines.join("\n")
            })
        }
        SealCmd::Upload {
            file,
            kind,
            owner,
            size,
            cleaned,
        } => {
            let bytes = read_input_file("FILE", &file)?;
            let size = size.as_deref().map(parse_size).transpose()?;
            let (mut reg, actor) = ctx.open_as()?;
            let source = if cleaned {
                SealSource::Cleaned
            } else {
                SealSource::Uploaded
            };
            let up =
                seal_domain::upload(&mut reg, &actor, owner.owner()?, kind, &bytes, source, size)?;
            out.emit(&up, |u| {
                let s = &u.seal;
                let mut lines = vec![say(
                    msg!("seal-uploaded"),
                    &[("seal", Arg::Text(seal_line(s))), ("id", Arg::from(s.id))],
                )];
                if let Some(r) = &u.handwriting {
                    let [red, green, blue] = r.ink_color;
                    let ink = match r.ink {
                        "black" => Arg::Msg(msg!("seal-ink-black")),
                        "blue" => Arg::Msg(msg!("seal-ink-blue")),
                        _ => Arg::Msg(msg!("seal-ink-other")),
                    };
                    lines.push(say(
                        msg!("seal-uploaded-handwriting"),
                        &[
                            ("ink", ink),
                            (
                                "color",
                                Arg::Text(format!("#{red:02X}{green:02X}{blue:02X}")),
                            ),
                            (
                                "lines",
                                Arg::from(if r.lines_removed { "removed" } else { "kept" }),
                            ),
                            ("size", Arg::Text(size_px(r.output_width, r.output_height))),
                        ],
                    ));
                }
                lines.join("\n")
            })
        }
        SealCmd::Clean {
            photo,
            out: path,
            report,
            straighten,
            color,
            margin,
            force,
        } => {
            let mut rules = ctx.output_rules(super::existing(force));
            rules.input("PHOTO", &photo);
            let target = rules.check("--out", &path)?;
            let bytes = read_input_file("PHOTO", &photo)?;
            let opts = CleanOptions {
                straighten,
                normalize_color: color.as_deref().map(parse_color).transpose()?,
                margin_px: margin,
                ..CleanOptions::default()
            };
            let cleaned = clean::clean(&bytes, &opts)?;
            write_atomic(&target, &cleaned.png, 0o644)?;
            let r = &cleaned.report;
            let output = || {
                (
                    "output",
                    Arg::Text(size_px(r.output_width, r.output_height)),
                )
            };
            let shown = ("path", Arg::Text(show_path(&path)));
            if report || out.json {
                out.emit(r, |r| {
                    let n = |v: u32| Arg::from(i64::from(v));
                    labelled(vec![
                        (
                            msg!("seal-clean-input"),
                            size_px(r.input_width, r.input_height),
                        ),
                        (
                            msg!("seal-clean-ink"),
                            say(
                                msg!("seal-clean-ink-value"),
                                &[
                                    ("pixels", Arg::Text(r.ink_pixels.to_string())),
                                    (
                                        "percent",
                                        Arg::Text(format!("{:.2}", r.ink_fraction * 100.0)),
                                    ),
                                ],
                            ),
                        ),
                        (
                            msg!("seal-clean-box"),
                            say(
                                msg!("seal-clean-box-value"),
                                &[
                                    ("x", n(r.bbox[0])),
                                    ("y", n(r.bbox[1])),
                                    ("w", n(r.bbox[2])),
                                    ("h", n(r.bbox[3])),
                                ],
                            ),
                        ),
                        (
                            msg!("seal-clean-rotation"),
                            format!("{:.1}°", r.rotation_deg),
                        ),
                        (
                            msg!("seal-clean-output"),
                            say(msg!("seal-clean-output-value"), &[output(), shown.clone()]),
                        ),
                    ])
                })
            } else {
                out.emit(r, |_| say(msg!("seal-cleaned"), &[output(), shown.clone()]))
            }
        }
        SealCmd::Review {
            seal,
            approve,
            reject: _,
            reason,
        } => {
            let (mut reg, actor) = ctx.open_as()?;
            let s = seal_domain::review(&mut reg, &actor, seal, approve, reason.as_deref())?;
            seal_esl::follow(ctx, &mut reg, &actor, seal, EFFECTIVE)?;
            out.emit(&s, |s| {
                say(msg!("seal-reviewed"), &[("seal", Arg::Text(seal_line(s)))])
            })
        }
        SealCmd::Assign { seal, cert } => {
            let (mut reg, actor) = ctx.open_as()?;
            let d = seal_domain::assign(&mut reg, &actor, seal, cert)?;
            seal_esl::follow(ctx, &mut reg, &actor, seal, ASSIGN)?;
            out.emit(&d, |d| {
                say(
                    msg!("seal-assigned"),
                    &[("seal", Arg::from(d.seal.id)), ("cert", Arg::from(cert))],
                )
            })
        }
        SealCmd::Grant {
            seal,
            to,
            from,
            until,
            reason,
        } => {
            let (mut reg, actor) = ctx.open_as()?;
            let g = seal_domain::grant(
                &mut reg,
                &actor,
                seal,
                to.as_deref(),
                GrantWindow {
                    from: &from,
                    until: &until,
                    reason: &reason,
                },
            )?;
            out.emit(&g, |g| {
                say(
                    msg!("seal-granted"),
                    &[
                        ("grant", Arg::from(g.id)),
                        ("person", Arg::Text(term_safe(&g.person.name))),
                        ("seal", Arg::from(g.seal_id)),
                        ("state", grant_state_label(g.state)),
                        ("from", Arg::from(&g.valid_from)),
                        ("until", Arg::from(&g.valid_until)),
                    ],
                )
            })
        }
        SealCmd::ApproveGrant { grant } => decide(ctx, grant, GrantDecision::Approve),
        SealCmd::RejectGrant { grant } => decide(ctx, grant, GrantDecision::Reject),
        SealCmd::RevokeGrant { grant } => decide(ctx, grant, GrantDecision::Revoke),
        SealCmd::Void { seal, reason } => {
            let (mut reg, actor) = ctx.open_as()?;
            let s = seal_domain::void(&mut reg, &actor, seal, &reason)?;
            seal_esl::follow(ctx, &mut reg, &actor, seal, VOID)?;
            out.emit(&s, |s| {
                say(msg!("seal-voided"), &[("seal", Arg::Text(seal_line(s)))])
            })
        }
        SealCmd::Check { seal } => {
            let (mut reg, actor) = ctx.open_as()?;
            let basis = seal_domain::can_use(&mut reg, &actor, seal)?;
            let because = basis.text_in(crate::i18n::Lang::En);
            out.emit(
                &serde_json::json!({ "seal_id": seal, "allowed": true, "because": because }),
                |_| {
                    say(
                        msg!("seal-may-use"),
                        &[
                            ("seal", Arg::from(seal)),
                            ("why", Arg::Text(basis.text_in(lang()))),
                        ],
                    )
                },
            )
        }
        SealCmd::List { org, person } => {
            let mut reg = ctx.open()?;
            let seals = seal_domain::list(&mut reg, org.as_deref(), person.as_deref())?;
            out.emit(&seals, |ss| {
                let mut t = table(&[
                    msg!("seal-col-id"),
                    msg!("seal-col-kind"),
                    msg!("seal-col-label"),
                    msg!("seal-col-owner"),
                    msg!("seal-col-source"),
                    msg!("seal-col-state"),
                    msg!("seal-col-size"),
                ]);
                for s in ss {
                    t.row(vec![
                        s.id.to_string(),
                        word(kind_word(s.kind)),
                        s.label.clone(),
                        s.owner_name.clone(),
                        word(source_word(s.source)),
                        word(seal_state_label(s.state)),
                        size_mm(s.width_mm, s.height_mm, 0),
                    ]);
                }
                t.render()
            })
        }
        SealCmd::Show { seal } => {
            let mut reg = ctx.open()?;
            let d = seal_domain::show(&mut reg, seal)?;
            let esl = crate::domain::seal_esl::view(&mut reg, seal)?;
            let shown = seal_esl::Shown {
                details: &d,
                esl: esl.as_ref(),
            };
            out.emit(&shown, |_| {
                let s = &d.seal;
                let mut text = labelled(vec![
                    (msg!("seal-field-id"), s.id.to_string()),
                    (msg!("seal-field-kind"), kind_and_label(s.kind, &s.label)),
                    (msg!("seal-field-owner"), s.owner_name.clone()),
                    (msg!("seal-field-source"), source_text(s)),
                    (msg!("seal-field-state"), word(seal_state_label(s.state))),
                    (msg!("seal-field-size"), size_mm(s.width_mm, s.height_mm, 1)),
                    (msg!("seal-field-review"), opt(&s.review_reason)),
                    (msg!("seal-field-made"), s.created_at.to_string()),
                ]);
                text.push('\n');
                text.push_str(&say(msg!("seal-show-assignments"), &[]));
                text.push('\n');
                let mut t = table(&[msg!("seal-col-cert"), msg!("seal-col-since")]);
                for a in &d.assignments {
                    t.row(vec![a.cert_id.to_string(), a.assigned_at.to_string()]);
                }
                text.push_str(&t.render());
                text.push('\n');
                text.push_str(&say(msg!("seal-show-grants"), &[]));
                text.push('\n');
                let mut t = table(&[
                    msg!("seal-col-grant"),
                    msg!("seal-col-person"),
                    msg!("seal-col-from"),
                    msg!("seal-col-until"),
                    msg!("seal-col-state"),
                    msg!("seal-col-reason"),
                ]);
                for g in &d.grants {
                    t.row(vec![
                        g.id.to_string(),
                        g.person.name.clone(),
                        g.valid_from.to_string(),
                        g.valid_until.to_string(),
                        word(grant_state_label(g.state)),
                        g.reason.clone(),
                    ]);
                }
                text.push_str(&t.render());
                text.push('\n');
                text.push_str(&say(msg!("seal-show-esl"), &[]));
                text.push('\n');
                text.push_str(&seal_esl::esl_lines(esl.as_ref()));
                text
            })
        }
        SealCmd::Maker { cmd } => seal_esl::maker(ctx, cmd),
        SealCmd::Import { file, org, kind } => seal_esl::import(ctx, &file, &org, kind),
        SealCmd::Verify(a) => super::ses::seal_verify(ctx, a),
        SealCmd::Export {
            seal,
            format: ExportFormat::Esl,
            out: path,
            force,
        } => seal_esl::export_esl(ctx, seal, &path, force),
        SealCmd::Export {
            seal,
            format: ExportFormat::Png,
            out: path,
            force,
        } => {
            let target = ctx
                .output_rules(super::existing(force))
                .check("--out", &path)?;
            let mut reg = ctx.open()?;
            let d = seal_domain::show(&mut reg, seal)?;
            write_atomic(&target, &d.seal.png, 0o644)?;
            out.emit(
                &serde_json::json!({ "seal_id": seal, "output": path }),
                |_| {
                    say(
                        msg!("seal-exported"),
                        &[
                            ("seal", Arg::from(seal)),
                            ("path", Arg::Text(show_path(&path))),
                        ],
                    )
                },
            )
        }
    }
}

/// `key: value` lines whose keys are catalogue entries.
fn labelled(pairs: Vec<(&'static str, String)>) -> String {
    let keys: Vec<String> = pairs.iter().map(|(id, _)| say(id, &[])).collect();
    let rows: Vec<(&str, String)> = keys
        .iter()
        .map(String::as_str)
        .zip(pairs.into_iter().map(|(_, v)| v))
        .collect();
    fields(&rows)
}

/// A table headed by catalogue entries.
fn table(columns: &[&'static str]) -> Table {
    let header: Vec<String> = columns.iter().map(|id| say(id, &[])).collect();
    Table::new(&header.iter().map(String::as_str).collect::<Vec<_>>())
}

/// Where a seal's image came from (`generated`, `uploaded`, `cleaned`) as people read it.
fn source_word(source: SealSource) -> Arg {
    Arg::Msg(match source {
        SealSource::Generated => msg!("seal-source-generated"),
        SealSource::Uploaded => msg!("seal-source-uploaded"),
        SealSource::Cleaned => msg!("seal-source-cleaned"),
    })
}

/// The seal's source, saying so when it is a font-drawn signature.
fn source_text(s: &crate::model::Seal) -> String {
    if s.kind == SealKind::Signature && s.source == SealSource::Generated {
        say(
            msg!("seal-source-font-fallback"),
            &[("note", Arg::Msg(FONT_FALLBACK_NOTE))],
        )
    } else {
        word(source_word(s.source))
    }
}

fn decide(ctx: &Context, grant: Id, decision: GrantDecision) -> Result<()> {
    let (mut reg, actor) = ctx.open_as()?;
    let g = seal_domain::decide_grant(&mut reg, &actor, grant, decision)?;
    ctx.out.emit(&g, |g| {
        say(
            msg!("seal-grant-now"),
            &[
                ("grant", Arg::from(g.id)),
                ("state", grant_state_label(g.state)),
            ],
        )
    })
}
