//! `catool seal …`: seal images and their rules.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::output::{Table, fields, opt, show_path, term_safe};
use super::{Context, parse_size, read_input_file};
use crate::domain::seal::{self as seal_domain, GrantDecision, GrantWindow, Owner};
use crate::error::{Error, Result};
use crate::fsutil::write_atomic;
use crate::model::Id;
use crate::model::vocab::SealSource;
use crate::seal::clean::{self, CleanOptions};
use crate::seal::render::{self, SealKind, SealSpec};

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
            _ => Err(Error::Usage(
                "give --org (enterprise seals) or --person (name seal, signature)".into(),
            )),
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
    /// Text to draw instead of the registered name (enterprise name / person's name)
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
    /// Show a seal with its assignments and grants
    Show {
        /// Seal id
        seal: Id,
    },
    /// Write a seal's PNG
    Export {
        /// Seal id
        #[arg(long)]
        seal: Id,
        /// The PNG file to write
        #[arg(long)]
        out: PathBuf,
        #[arg(long, help = super::FORCE_HELP)]
        force: bool,
    },
}

fn parse_color(s: &str) -> Result<[u8; 3]> {
    let hex = s.trim().trim_start_matches('#');
    let bad = || {
        Error::BadInput(format!(
            "invalid colour '{s}': expected RRGGBB hex like E60012"
        ))
    };
    if hex.len() != 6 {
        return Err(bad());
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|_| bad());
    Ok([byte(0)?, byte(2)?, byte(4)?])
}

fn seal_line(s: &crate::model::Seal) -> String {
    format!(
        "seal {} — {} {} of {} — {} ({:.0}x{:.0} mm)",
        s.id,
        s.kind,
        term_safe(&s.label),
        term_safe(&s.owner_name),
        s.state,
        s.width_mm,
        s.height_mm
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
            if let Some(t) = &target {
                write_atomic(t, &made.png, 0o644)?;
            }
            out.emit(&made, |m| {
                let serial = m
                    .serial
                    .map(|n| format!(", serial ({n})"))
                    .unwrap_or_default();
                let mut line = format!(
                    "made {}{serial}; usable at once (已生效, D7)",
                    seal_line(&m.seal)
                );
                if let Some(note) = m.note {
                    line.push_str(&format!("\nfont fallback: {note}"));
                }
                if let Some(t) = &target {
                    line.push_str(&format!("\nPNG written to {}", show_path(t.path())));
                }
                line
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
                let mut text = format!(
                    "uploaded {} — pending review (待审核); next: catool seal review --seal {} --approve",
                    seal_line(s),
                    s.id
                );
                if let Some(r) = &u.handwriting {
                    let [red, green, blue] = r.ink_color;
                    text.push_str(&format!(
                        "\nhandwriting cut out of the photo: {} ink (#{red:02X}{green:02X}{blue:02X}){}, {}x{} px",
                        r.ink,
                        if r.lines_removed { ", ruled lines removed" } else { "" },
                        r.output_width,
                        r.output_height
                    ));
                }
                text
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
            if report || out.json {
                out.emit(r, |r| {
                    fields(&[
                        ("input", format!("{}x{} px", r.input_width, r.input_height)),
                        (
                            "ink",
                            format!(
                                "{} px ({:.2}% of the picture)",
                                r.ink_pixels,
                                r.ink_fraction * 100.0
                            ),
                        ),
                        (
                            "seal box",
                            format!(
                                "x {} y {} w {} h {}",
                                r.bbox[0], r.bbox[1], r.bbox[2], r.bbox[3]
                            ),
                        ),
                        ("rotation", format!("{:.1}°", r.rotation_deg)),
                        (
                            "output",
                            format!(
                                "{}x{} px → {}",
                                r.output_width,
                                r.output_height,
                                show_path(&path)
                            ),
                        ),
                    ])
                })
            } else {
                out.emit(r, |r| format!("seal cut out: {}x{} px → {}; register it with: catool seal upload {} --cleaned --kind …", r.output_width, r.output_height, show_path(&path), show_path(&path)))
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
            out.emit(&s, |s| format!("reviewed {}", seal_line(s)))
        }
        SealCmd::Assign { seal, cert } => {
            let (mut reg, actor) = ctx.open_as()?;
            let d = seal_domain::assign(&mut reg, &actor, seal, cert)?;
            out.emit(&d, |d| {
                format!("seal {} assigned (已分配) to certificate {cert}", d.seal.id)
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
                format!(
                    "grant {} for {} on seal {}: {} ({} … {})",
                    g.id,
                    term_safe(&g.person.name),
                    g.seal_id,
                    g.state,
                    g.valid_from,
                    g.valid_until
                )
            })
        }
        SealCmd::ApproveGrant { grant } => decide(ctx, grant, GrantDecision::Approve),
        SealCmd::RejectGrant { grant } => decide(ctx, grant, GrantDecision::Reject),
        SealCmd::RevokeGrant { grant } => decide(ctx, grant, GrantDecision::Revoke),
        SealCmd::Void { seal, reason } => {
            let (mut reg, actor) = ctx.open_as()?;
            let s = seal_domain::void(&mut reg, &actor, seal, &reason)?;
            out.emit(&s, |s| format!("voided (已作废) {}", seal_line(s)))
        }
        SealCmd::Check { seal } => {
            let (mut reg, actor) = ctx.open_as()?;
            let why = seal_domain::can_use(&mut reg, &actor, seal)?;
            out.emit(
                &serde_json::json!({ "seal_id": seal, "allowed": true, "because": why }),
                |_| format!("may use seal {seal}: {}", term_safe(&why)),
            )
        }
        SealCmd::List { org, person } => {
            let mut reg = ctx.open()?;
            let seals = seal_domain::list(&mut reg, org.as_deref(), person.as_deref())?;
            out.emit(&seals, |ss| {
                let mut t =
                    Table::new(&["ID", "KIND", "LABEL", "OWNER", "SOURCE", "STATE", "SIZE"]);
                for s in ss {
                    t.row(vec![
                        s.id.to_string(),
                        s.kind.to_string(),
                        s.label.clone(),
                        s.owner_name.clone(),
                        s.source.to_string(),
                        s.state.to_string(),
                        format!("{:.0}x{:.0} mm", s.width_mm, s.height_mm),
                    ]);
                }
                t.render()
            })
        }
        SealCmd::Show { seal } => {
            let mut reg = ctx.open()?;
            let d = seal_domain::show(&mut reg, seal)?;
            out.emit(&d, |d| {
                let s = &d.seal;
                let mut text = fields(&[
                    ("id", s.id.to_string()),
                    ("kind", format!("{} {}", s.kind, s.label)),
                    ("owner", s.owner_name.clone()),
                    ("source", source_text(s)),
                    ("state", s.state.to_string()),
                    ("size", format!("{:.1}x{:.1} mm", s.width_mm, s.height_mm)),
                    ("review", opt(&s.review_reason)),
                    ("made", s.created_at.to_string()),
                ]);
                text.push_str("\nassigned to certificates:\n");
                let mut t = Table::new(&["CERT", "SINCE"]);
                for a in &d.assignments {
                    t.row(vec![a.cert_id.to_string(), a.assigned_at.to_string()]);
                }
                text.push_str(&t.render());
                text.push_str("\ngrants:\n");
                let mut t = Table::new(&["GRANT", "PERSON", "FROM", "UNTIL", "STATE", "REASON"]);
                for g in &d.grants {
                    t.row(vec![
                        g.id.to_string(),
                        g.person.name.clone(),
                        g.valid_from.to_string(),
                        g.valid_until.to_string(),
                        g.state.to_string(),
                        g.reason.clone(),
                    ]);
                }
                text.push_str(&t.render());
                text
            })
        }
        SealCmd::Export {
            seal,
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
                |_| format!("seal {seal} written to {}", show_path(&path)),
            )
        }
    }
}

/// The seal's source, saying so when it is a font-drawn signature.
fn source_text(s: &crate::model::Seal) -> String {
    if s.kind == SealKind::Signature && s.source == SealSource::Generated {
        format!("generated — font fallback: {}", render::FONT_FALLBACK_NOTE)
    } else {
        s.source.to_string()
    }
}

fn decide(ctx: &Context, grant: Id, decision: GrantDecision) -> Result<()> {
    let (mut reg, actor) = ctx.open_as()?;
    let g = seal_domain::decide_grant(&mut reg, &actor, grant, decision)?;
    ctx.out
        .emit(&g, |g| format!("grant {} is now {}", g.id, g.state))
}
