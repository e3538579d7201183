//! `catool pdf sign` and `catool pdf verify`.

use std::path::Path;

use serde_json::json;

use super::Context;
use super::output::{show_path, term_safe};
use super::parse_size;
use super::pdf::{
    LevelArg, SignArgs, TimestampArgs, TsaArgs, inputs, output_rules, outputs, password, placement,
};
use crate::domain::Actor;
use crate::domain::ltv::IssueCrl;
use crate::domain::signing::{self, KeyInFlight, Signer};
use crate::domain::signing_error::SigningError;
use crate::error::exit::BAD_INPUT;
use crate::error::{Error, Result};
use crate::fsutil::{Output, Pending, write_pending_file};
use crate::i18n::{Arg, Lang, tr};
use crate::msg;
use crate::pdf::PdfError;
use crate::pdf::job;
use crate::pdf::ltv::PadesLevel;
use crate::pdf::sign::{Appearance, SealMark, SignRequest, Signature, sign_file};
use crate::pdf::stamp::SealImage;
use crate::pki::signed_data::{DigestAlg, carried_certificates, signature_timestamp_tokens};
use crate::pki::timestamper::Timestamper;
use crate::pki::vault::MasterKey;
use crate::registry::Registry;

/// Signs every input with one certificate: the PIN is asked once, the checks run once,
/// then each file is signed and recorded; a failed file is reported and the others go on.
pub fn sign(ctx: &Context, a: &SignArgs) -> Result<()> {
    // Decided before anything is read or issued: the TSA at a URL is another party's, and
    // its certificate's revocation status is not catool's to vouch for.
    if let (Some(url), Some(LevelArg::Blt | LevelArg::Blta)) = (&a.tsa.tsa_url, a.level) {
        return Err(SigningError::ForeignTsaLevel { url: url.clone() }.into());
    }
    let files = inputs(&a.inputs)?;
    // Checked before the PIN is read or checked: a refused output costs no PIN attempt.
    let mut rules = output_rules(ctx, a.force, a.skip_existing);
    for (flag, path) in [
        ("--pin-file", &a.pin_file),
        ("--image", &a.image),
        ("--password-file", &a.password_file),
    ] {
        if let Some(p) = path {
            rules.input(flag, p);
        }
    }
    let (jobs, batch) = outputs(&files, a.out.as_deref(), a.out_dir.as_deref(), rules)?;
    let password = password(a.password_file.as_deref())?;
    let visible = a.seal.is_some() || a.image.is_some();
    if visible != a.place.given() {
        return Err(if visible {
            PdfError::VisibleNeedsPosition
        } else {
            PdfError::PositionNeedsAppearance
        }
        .into());
    }
    let placement = visible.then(|| placement(&a.place)).transpose()?;
    let pin = super::read_pin("--pin-file", a.pin_file.as_deref())?;
    let (mut reg, actor) = ctx.open_as_signer()?;
    let master = ctx.master_key(&mut reg)?;
    // Opened before the attempt is counted: once it is, nothing may fail before its PIN
    // is checked (an attempt never checked stays counted as wrong).
    let conn = reg.another_connection()?;
    let (signer, attempt) = signing::reserve(&mut reg, &actor, a.cert, a.seal)?;
    let job = Job {
        a,
        jobs,
        batch,
        password: password.as_deref().map(String::as_str),
        placement: placement.as_ref(),
    };
    std::thread::scope(|s| {
        // The PIN is checked (Argon2id, tens of milliseconds whatever the file) while the
        // rest is prepared and the document copied and hashed; the signature waits for it.
        let key = KeyInFlight::start(s, attempt, conn, &actor, &master, &pin);
        let signer = signer.with_key(key);
        let outcome = sign_all(ctx, job, &signer, &mut reg, &actor, &master);
        // The PIN's verdict first, as when it was checked before anything else: a wrong
        // PIN is the error reported (and counted) whatever else failed meanwhile.
        signer.key.wait()?;
        if outcome.is_ok() && signer.cert_row.ca_id.is_none() {
            // A certificate made elsewhere (`cert import`) signs, but this registry trusts
            // its own CAs only: said now, not first at `pdf verify`.
            ctx.out.warn(super::pdf::say(
                msg!("pdf-sign-foreign-issuer"),
                vec![("cert", signer.cert_row.id.into())],
            ));
        }
        outcome
    })
}

/// What `pdf sign` was asked, checked before the PIN.
struct Job<'a> {
    a: &'a SignArgs,
    jobs: Vec<(std::path::PathBuf, Output)>,
    batch: bool,
    password: Option<&'a str>,
    placement: Option<&'a job::Placement>,
}

/// `pdf sign` after the PIN attempt is counted: its key is being unsealed meanwhile.
fn sign_all(
    ctx: &Context,
    job: Job,
    signer: &Signer<KeyInFlight>,
    reg: &mut Registry,
    actor: &Actor,
    master: &MasterKey,
) -> Result<()> {
    let Job {
        a,
        jobs,
        batch,
        password,
        placement,
    } = job;
    let choice = choose_tsa(reg, &a.tsa, a.level.is_some_and(|l| l != LevelArg::Bb))?;
    let level = pades_level(a.level, choice.is_some())?;
    // From B-T on, a registry TSA records its tokens and CRLs are issued in the actor's
    // name, which the PIN may still be proving (`--as`): the PIN's verdict first. (Both are
    // signed along, so they are needed before the document is laid out.) B-B opens a TSA
    // only when one was named (`--tsa`, `--tsa-url`), so that a wrong name or URL is refused
    // as at the other levels.
    let named = a.tsa.tsa.is_some() || a.tsa.tsa_url.is_some();
    let tsa = if level > PadesLevel::Bb || named {
        signer.key.wait()?;
        choice.map(|c| c.open(reg, actor, master)).transpose()?
    } else {
        None
    };
    let mut issuer = crl_issuer(ctx, actor, master);
    let mut ltv = Levels {
        level,
        tsa,
        collector: crate::domain::ltv::Collector::default(),
        revocation_crls: None,
    };
    let size = a.place.size.as_deref().map(parse_size).transpose()?;
    let image = match (&signer.seal, &a.image) {
        (Some(s), _) => Some((
            SealImage::from_png(&s.png)?,
            size.unwrap_or((s.width_mm, s.height_mm)),
        )),
        (None, Some(p)) => {
            let img = SealImage::from_png(&super::read_input_file("--image", p)?)?;
            super::pdf::refuse_opaque(&img, p, a.opaque_ok)?;
            let dims = size.unwrap_or((40.0, 40.0 / img.aspect()));
            Some((img, dims))
        }
        _ => None,
    };
    if !batch {
        let (input, output) = &jobs[0];
        if a.skip_existing && output.path().exists() {
            // Nothing is said before the PIN's verdict: a wrong PIN prints no result.
            signer.key.wait()?;
            return super::pdf::skipped(ctx.out, input, output.path());
        }
        let (signed, pending) = sign_one(
            input,
            output,
            password,
            signer,
            image.as_ref(),
            placement,
            a,
            &mut ltv,
            reg,
            &mut issuer,
        )?;
        signing::record(
            reg,
            actor,
            signer,
            &input.to_string_lossy(),
            &output.path().to_string_lossy(),
            &signed.field_name,
        )?;
        pending.publish()?;
        let v = json!({ "input": input, "output": output.path(), "field": signed.field_name, "byte_range": signed.byte_range, "pades_level": level.name() });
        return ctx.out.emit(&v, |v| {
            super::pdf::say(
                msg!("pdf-signed"),
                vec![
                    ("input", show_path(input).into()),
                    ("cert", signer.cert_row.id.into()),
                    ("name", term_safe(&signer.name).into()),
                    (
                        "field",
                        term_safe(v["field"].as_str().unwrap_or("?")).into(),
                    ),
                    ("level", level.name().into()),
                    ("output", show_path(output.path()).into()),
                ],
            )
        });
    }
    let mut report = super::batch::Reporter::new(ctx.out, jobs.len(), &tr(msg!("pdf-batch-unit")));
    if a.skip_existing && jobs.iter().any(|(_, output)| output.path().exists()) {
        // Skipped files are reported as done: not before the PIN's verdict.
        signer.key.wait()?;
    }
    let jobs = super::pdf::skip_existing(jobs, a.skip_existing, &mut report);
    for (input, output) in &jobs {
        let signed = sign_one(
            input,
            output,
            password,
            signer,
            image.as_ref(),
            placement,
            a,
            &mut ltv,
            reg,
            &mut issuer,
        )
        .and_then(|(signed, pending)| {
            // Recorded first, then published: a process killed in between never leaves a
            // signed file the history does not know.
            signing::record(
                reg,
                actor,
                signer,
                &input.to_string_lossy(),
                &output.path().to_string_lossy(),
                &signed.field_name,
            )?;
            pending.publish()?;
            Ok(signed)
        });
        // A wrong PIN is the command's error, not this file's: nothing more is tried.
        signer.key.wait()?;
        match signed {
            Ok(s) => report.ok(json!({ "input": input, "output": output.path(), "field": s.field_name, "byte_range": s.byte_range, "pades_level": level.name() })),
            Err(e) => report.failed(&show_path(input), json!({ "input": input }), e),
        }
    }
    report.finish(&tr(msg!("pdf-batch-signed")))
}

/// The PAdES level asked for, and what reaching it needs.
struct Levels {
    level: PadesLevel,
    tsa: Option<Box<dyn Timestamper>>,
    collector: crate::domain::ltv::Collector,
    /// The CRLs of the signer's chain, signed with each signature (B-T and above): issued
    /// once for the whole command, when the first input has been found to be a PDF (a
    /// refused input issues none).
    revocation_crls: Option<Vec<Vec<u8>>>,
}

impl Levels {
    /// Takes the signed file `f` (`path` names it) from B-T to the level asked: the
    /// validation data of every certificate in it (B-LT), then a document timestamp
    /// (B-LTA), each appended to it (the file read lazily, as signing reads its input).
    fn extend(
        &mut self,
        f: &mut std::fs::File,
        path: &Path,
        password: Option<&str>,
        certs: Vec<Vec<u8>>,
        reg: &mut Registry,
        issue_crl: &mut IssueCrl,
    ) -> Result<()> {
        if self.level < PadesLevel::Blt {
            return Ok(());
        }
        let data = self.collector.collect(reg, issue_crl, &certs)?;
        crate::pdf::ltv::append_dss(f, path, password, &data)?;
        if self.level < PadesLevel::Blta {
            return Ok(());
        }
        let tsa: &mut dyn Timestamper = self.tsa.as_deref_mut().ok_or_else(no_tsa)?;
        let alg = DigestAlg::Sha256;
        crate::pdf::ltv::append_document_timestamp(f, path, password, tsa, alg).map(|_| ())
    }
}

/// Issues and publishes the next CRL of a registry CA, as `catool crl` does.
fn crl_issuer<'a>(
    ctx: &'a Context,
    actor: &'a Actor,
    master: &'a MasterKey,
) -> impl FnMut(&mut Registry, crate::model::Id) -> Result<Vec<u8>> + 'a {
    move |reg, id| {
        super::ca::issue_crl(ctx, reg, actor, master, Some(&id.to_string()), None)
            .map(|report| report.into_der())
    }
}

fn no_tsa() -> Error {
    SigningError::NeedsTsa.into()
}

/// The level asked for, or the default: B-T when a TSA is at hand, else B-B.
fn pades_level(asked: Option<LevelArg>, have_tsa: bool) -> Result<PadesLevel> {
    let level = match asked {
        Some(l) => l.level(),
        None if have_tsa => PadesLevel::Bt,
        None => PadesLevel::Bb,
    };
    if level > PadesLevel::Bb && !have_tsa {
        return Err(no_tsa());
    }
    Ok(level)
}

/// The TSA named by `--tsa`/`--tsa-url`, else the registry's TSA when it has exactly one,
/// else none. A registry TSA gets its own connection: it records each token as it issues it.
fn timestamper(
    reg: &mut Registry,
    actor: &Actor,
    master: &MasterKey,
    a: &TsaArgs,
    needed: bool,
) -> Result<Option<Box<dyn Timestamper>>> {
    choose_tsa(reg, a, needed)?
        .map(|c| c.open(reg, actor, master))
        .transpose()
}

/// A TSA chosen ([`choose_tsa`]) and not opened yet: a registry TSA records its tokens in
/// the actor's name, which the PIN of `pdf sign` may not have proved yet.
enum TsaChoice<'a> {
    Url(&'a str),
    /// The registry TSA of this name, or the registry's only one.
    Registry(Option<&'a str>),
}

/// [`timestamper`]'s choice, from the arguments and the registry's list of TSAs.
fn choose_tsa<'a>(
    reg: &mut Registry,
    a: &'a TsaArgs,
    needed: bool,
) -> Result<Option<TsaChoice<'a>>> {
    if let Some(url) = &a.tsa_url {
        return Ok(Some(TsaChoice::Url(url)));
    }
    if a.tsa.is_none() {
        let tsas = crate::domain::tsa::list(reg)?;
        if tsas.len() > 1 && needed {
            return Err(SigningError::ManyTsas {
                count: tsas.len() as i64,
                names: tsas
                    .iter()
                    .map(|t| t.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            }
            .into());
        }
        if tsas.len() != 1 {
            return Ok(None);
        }
    }
    Ok(Some(TsaChoice::Registry(a.tsa.as_deref())))
}

impl TsaChoice<'_> {
    fn open(
        self,
        reg: &Registry,
        actor: &Actor,
        master: &MasterKey,
    ) -> Result<Box<dyn Timestamper>> {
        Ok(match self {
            TsaChoice::Url(url) => Box::new(crate::pki::tsp_http::HttpTsa::new(
                url,
                crate::pki::tsp_http::DEFAULT_TIMEOUT,
            )?),
            TsaChoice::Registry(name) => Box::new(crate::domain::tsa::RegistryTsa::open(
                reg.another_connection()?,
                actor.clone(),
                master,
                name,
                "pdf",
            )?),
        })
    }
}

#[allow(clippy::too_many_arguments)]
fn sign_one(
    input: &Path,
    output: &Output,
    password: Option<&str>,
    signer: &Signer<KeyInFlight>,
    image: Option<&(SealImage, (f32, f32))>,
    placement: Option<&job::Placement>,
    a: &SignArgs,
    levels: &mut Levels,
    reg: &mut Registry,
    issue_crl: &mut IssueCrl,
) -> Result<(Signature, Pending)> {
    super::check_pdf_file("PDF", input)?;
    let in_file = |e| PdfError::in_file(input, e, &[BAD_INPUT]);
    let appearance = match (image, placement) {
        (Some((img, size_mm)), Some(p)) => {
            let pdf = crate::pdf::open(input, password)?;
            let marks = job::plan_opened(&pdf, *size_mm, p)?.marks;
            let pt = crate::pdf::geometry::PT_PER_MM;
            Some(Appearance {
                image: img,
                marks,
                size_pt: (size_mm.0 * pt, size_mm.1 * pt),
            })
        }
        _ => None,
    };
    // From B-T on, the signer's revocation status as of signing is signed along: each CA's
    // CRL issued once for the whole command, once an input is known to be a PDF a revision
    // can be appended to (a refused input issues none).
    if levels.level >= PadesLevel::Bt && levels.revocation_crls.is_none() {
        crate::pdf::open(input, password)
            .and_then(|pdf| pdf.check_appendable())
            .map_err(in_file)?;
        let chain: Vec<Vec<u8>> = std::iter::once(&signer.cert)
            .chain(signer.chain.iter())
            .filter_map(|c| der::Encode::to_der(c).ok())
            .collect();
        let crls = levels.collector.collect(reg, issue_crl, &chain)?.crls;
        levels.revocation_crls = Some(crls);
    }
    // A copy: `levels` is borrowed again to extend the signature.
    let revocation_crls = levels.revocation_crls.clone().unwrap_or_default();
    // The seal's .esl identity, recorded in the signature dictionary (none without one).
    let esl = match &signer.seal {
        Some(s) => crate::domain::seal_esl::view(reg, s.id)?,
        None => None,
    };
    let req = SignRequest {
        key: &signer.key,
        cert: &signer.cert,
        chain: &signer.chain,
        reason: a.reason.as_deref(),
        location: a.location.as_deref(),
        name: Some(&signer.name),
        signing_time: crate::domain::ca::system_time(crate::domain::clock::now()?),
        certify: a.certify,
        appearance,
        revocation_crls: &revocation_crls,
        seal_mark: esl.as_ref().map(|v| SealMark {
            es_id: &v.es_id,
            maker: &v.maker,
        }),
    };
    // The input opened lazily, hashed as it is copied to the output; at B-LT and B-LTA the
    // validation data and the document timestamp are appended to that output, read lazily.
    let mut signed = None;
    let pending = write_pending_file(output, 0o644, |f| {
        let tsa = match levels.level {
            PadesLevel::Bb => None,
            _ => Some(levels.tsa.as_deref_mut().ok_or_else(no_tsa)? as &mut dyn Timestamper),
        };
        let done = sign_file(input, password, &req, tsa, f).map_err(in_file)?;
        if levels.level >= PadesLevel::Blt {
            let mut certs: Vec<Vec<u8>> = std::iter::once(&signer.cert)
                .chain(signer.chain.iter())
                .filter_map(|c| der::Encode::to_der(c).ok())
                .collect();
            for token in signature_timestamp_tokens(&done.cms) {
                certs.extend(carried_certificates(&token));
            }
            levels
                .extend(f, output.path(), password, certs, reg, issue_crl)
                .map_err(in_file)?;
        }
        signed = Some(done);
        Ok(())
    })
    .map_err(|e| PdfError::naming_output(output.path(), e))?;
    let signed = signed.ok_or_else(|| Error::Internal("signed output not written".into()))?;
    Ok((signed, pending))
}

/// `pdf timestamp`: the validation data of every signature already in the PDF, then a
/// document timestamp over it all (B-LTA; run again to renew the archive timestamp).
pub fn timestamp(ctx: &Context, a: &TimestampArgs) -> Result<()> {
    let mut rules = output_rules(ctx, a.force, false);
    if let Some(p) = &a.password_file {
        rules.input("--password-file", p);
    }
    rules.input("PDF", &a.input);
    let output = rules.check("--out", &a.out)?;
    let password = password(a.password_file.as_deref())?;
    let password = password.as_deref().map(String::as_str);
    super::check_pdf_file("PDF", &a.input)?;
    let in_file = |e| PdfError::in_file(&a.input, e, &[BAD_INPUT]);
    // The input is read lazily (its images stay on disk), copied to the output and the
    // validation data and the timestamp appended there (issue 17).
    let (reports, _) = crate::pdf::verify::verify_file(&a.input, password).map_err(in_file)?;
    let certs = crate::domain::ltv::certificates_of(&reports);
    let (mut reg, actor) = ctx.open_as()?;
    let master = ctx.master_key(&mut reg)?;
    let mut tsa = timestamper(&mut reg, &actor, &master, &a.tsa, true)?.ok_or_else(no_tsa)?;
    let data = crate::domain::ltv::Collector::default().collect(
        &mut reg,
        &mut crl_issuer(ctx, &actor, &master),
        &certs,
    )?;
    let mut field_name = String::new();
    let pending = write_pending_file(&output, 0o644, |f| {
        let mut input = std::fs::File::open(&a.input)
            .map_err(|e| crate::input::unreadable("PDF", &a.input, &e))?;
        std::io::copy(&mut input, f).map_err(crate::pdf::write_failed)?;
        let out = output.path();
        crate::pdf::ltv::append_dss(f, out, password, &data).map_err(in_file)?;
        field_name = crate::pdf::ltv::append_document_timestamp(
            f,
            out,
            password,
            tsa.as_mut(),
            DigestAlg::Sha256,
        )
        .map_err(in_file)?;
        Ok(())
    })
    .map_err(|e| PdfError::naming_output(output.path(), e))?;
    crate::domain::ltv::record_timestamp(
        &mut reg,
        &actor,
        &a.input.to_string_lossy(),
        &output.path().to_string_lossy(),
        &field_name,
        &tsa.describe(Lang::En),
    )?;
    pending.publish()?;
    let v = json!({
        "input": a.input, "output": output.path(), "field": field_name,
        "signatures_covered": reports.len(), "certificates_added": data.certs.len(),
        "crls_added": data.crls.len(), "tsa": tsa.describe(Lang::En), "pades_level": PadesLevel::Blta.name(),
    });
    ctx.out.emit(&v, |_| {
        super::pdf::say(
            msg!("pdf-timestamped"),
            vec![
                ("input", show_path(&a.input).into()),
                ("signatures", (reports.len() as i64).into()),
                ("certificates", (data.certs.len() as i64).into()),
                ("crls", (data.crls.len() as i64).into()),
                ("tsa", term_safe(&tsa.describe(crate::i18n::lang())).into()),
                ("field", term_safe(&field_name).into()),
                ("output", show_path(output.path()).into()),
            ],
        )
    })
}

/// `pdf verify`: every signature, with the registry's view. Exit 0 when every signature is
/// valid, 1 when any is not, 7 when the PDF has no signatures; a damaged file is bad input (5).
pub fn verify(
    ctx: &Context,
    file: &Path,
    password_file: Option<&Path>,
    trust: &[std::path::PathBuf],
) -> Result<()> {
    let password = password(password_file)?;
    let anchors = trust
        .iter()
        .map(|p| super::tsa::read_certificate("--trust", p))
        .collect::<Result<Vec<_>>>()?;
    // The file is read lazily: its images stay on disk (issue 17).
    super::check_pdf_file("PDF", file)?;
    let (reports, dss) =
        crate::pdf::verify::verify_file(file, password.as_deref().map(String::as_str))
            .map_err(|e| PdfError::in_file(file, e, &[BAD_INPUT]))?;
    let mut reg = ctx.open()?;
    let checked = signing::check(&mut reg, reports, &dss, &anchors)?;
    let bad = checked.iter().filter(|c| !c.valid).count();
    let verdict = match (checked.len(), bad) {
        (0, _) => "no_signatures",
        (_, 0) => "valid",
        _ => "not_valid",
    };
    let report = json!({ "file": file, "verdict": verdict, "signatures": checked });
    ctx.out
        .emit(&report, |_| render_verification(file, &checked))?;
    if checked.is_empty() {
        return Err(PdfError::NoSignatures {
            file: file.display().to_string(),
        }
        .into());
    }
    match bad {
        0 => Ok(()),
        n => Err(PdfError::NotValid {
            bad: n as u32,
            total: checked.len() as u32,
            file: file.display().to_string(),
        }
        .into()),
    }
}

/// The human report: one block per signature, saying what was checked and what was found
/// (its words from the catalogue; the values as the PDF and the registry have them).
fn render_verification(file: &Path, checked: &[signing::Checked]) -> String {
    use super::pdf::say;
    use crate::pdf::verify::{Coverage, SignatureKind};
    let file = show_path(file);
    if checked.is_empty() {
        return say(
            msg!("pdf-report-no-signatures"),
            vec![("file", file.into())],
        );
    }
    let labels = ReportLabels::new();
    let mut out = say(
        msg!("pdf-report-count"),
        vec![
            ("file", file.into()),
            ("count", (checked.len() as i64).into()),
        ],
    );
    out.push('\n');
    for c in checked {
        let r = &c.report;
        let kind = match (r.kind, r.docmdp_permission) {
            (SignatureKind::Certification, Some(p)) => say(
                msg!("pdf-kind-certification-permission"),
                vec![("permission", i64::from(p).into())],
            ),
            (SignatureKind::Certification, None) => tr(msg!("pdf-kind-certification")),
            (SignatureKind::DocumentTimestamp, _) => tr(msg!("pdf-kind-document-timestamp")),
            (SignatureKind::Approval, _) => tr(msg!("pdf-kind-approval")),
        };
        out.push('\n');
        out += &say(
            msg!("pdf-report-heading"),
            vec![
                ("field", term_safe(&r.field).into()),
                ("kind", kind.into()),
                ("verdict", Arg::Msg(c.verdict.label_id())),
            ],
        );
        out.push('\n');
        let mut line = |label: &'static str, value: String| {
            out += &labels.line(label, &value);
        };
        if let Some(why) = &c.reason {
            line(msg!("pdf-label-reason"), term_safe(&why.to_string()));
        }
        let none = tr(msg!("value-none"));
        let dash = |s: &str| {
            if s.is_empty() {
                none.clone()
            } else {
                term_safe(s)
            }
        };
        line(msg!("pdf-label-signer"), dash(&r.signer_subject));
        if let Some(h) = &c.registry_holder {
            line(
                msg!("pdf-label-holder"),
                say(
                    msg!("pdf-report-holder"),
                    vec![("holder", term_safe(&h.name).into()), ("id", h.id.into())],
                ),
            );
        }
        let ca = match &c.chain_ca {
            Some(ca) => term_safe(ca),
            None => tr(msg!("pdf-report-not-registry-ca")),
        };
        let issuer = match (c.registry_cert_id, &c.registry_label) {
            (Some(id), Some(state)) => say(
                msg!("pdf-report-issuer-cert"),
                vec![
                    ("issuer", term_safe(&r.issuer).into()),
                    ("ca", ca.into()),
                    ("cert", id.into()),
                    ("state", state.into()),
                ],
            ),
            _ => say(
                msg!("pdf-report-issuer"),
                vec![("issuer", term_safe(&r.issuer).into()), ("ca", ca.into())],
            ),
        };
        line(msg!("pdf-label-issuer"), issuer);
        if let (Some(a), Some(b)) = (&c.cert_not_before, &c.cert_not_after) {
            line(
                msg!("pdf-label-validity"),
                say(
                    msg!("pdf-report-validity"),
                    vec![("from", a.into()), ("to", b.into())],
                ),
            );
        }
        line(msg!("pdf-label-algorithm"), dash(&r.algorithm));
        if let Some(s) = &r.seal {
            let verdict = if c.seal_verified == Some(true) {
                msg!("seal-pdf-esl-verified")
            } else {
                msg!("seal-pdf-esl-not-verified")
            };
            line(
                msg!("seal-pdf-label"),
                say(
                    msg!("seal-pdf-found"),
                    vec![
                        ("esid", term_safe(&s.es_id).into()),
                        ("maker", term_safe(&s.maker).into()),
                        ("verdict", Arg::Msg(verdict)),
                    ],
                ),
            );
        }
        let claimed = term_safe(r.signing_time.as_deref().unwrap_or(&none));
        let time = |id| say(id, vec![("time", claimed.clone().into())]);
        match (r.kind, &r.timestamp) {
            (SignatureKind::DocumentTimestamp, _) => {
                line(msg!("pdf-label-time"), time(msg!("pdf-report-tsa-time")));
            }
            (_, None) => {
                line(
                    msg!("pdf-label-signed-at"),
                    time(msg!("pdf-report-claimed-no-timestamp")),
                );
            }
            (_, Some(ts)) => {
                line(
                    msg!("pdf-label-signed-at"),
                    time(msg!("pdf-report-claimed")),
                );
                let trust = if c.timestamp_trusted {
                    msg!("pdf-report-trusted-time")
                } else {
                    msg!("pdf-report-untrusted-time")
                };
                line(
                    msg!("pdf-label-timestamp"),
                    say(
                        msg!("pdf-report-timestamp"),
                        vec![
                            (
                                "time",
                                term_safe(ts.time.as_deref().unwrap_or(&none)).into(),
                            ),
                            ("tsa", term_safe(&ts.tsa).into()),
                            ("trust", Arg::Msg(trust)),
                        ],
                    ),
                );
            }
        }
        if let Some(level) = c.pades_level {
            let id = if c.long_term_validation {
                msg!("pdf-report-level-ltv")
            } else {
                msg!("pdf-report-level")
            };
            line(
                msg!("pdf-label-level"),
                say(id, vec![("level", level.name().into())]),
            );
        }
        line(
            msg!("pdf-label-integrity"),
            tr(if r.integrity_ok {
                msg!("pdf-report-intact")
            } else {
                msg!("pdf-report-not-intact")
            }),
        );
        let of = || -> Vec<(&'static str, Arg)> {
            vec![
                ("revision", (r.revision as i64).into()),
                ("revisions", (r.revisions as i64).into()),
            ]
        };
        let coverage = match r.coverage {
            Coverage::WholeFile => say(msg!("pdf-report-coverage-whole"), of()),
            Coverage::EarlierRevision => {
                let mut args = of();
                args.push(("level", Arg::Msg(r.modification_level.label_id())));
                args.push(("allowed", Arg::Msg(r.allowed_level.label_id())));
                say(msg!("pdf-report-coverage-earlier"), args)
            }
            Coverage::Incomplete => tr(msg!("pdf-report-coverage-incomplete")),
        };
        line(msg!("pdf-label-coverage"), coverage);
        for ch in &r.changes {
            let mark = if ch.level > r.allowed_level {
                msg!("pdf-report-not-allowed")
            } else {
                msg!("pdf-report-allowed")
            };
            line(
                msg!("pdf-label-change"),
                say(
                    msg!("pdf-report-change"),
                    vec![
                        ("revision", (ch.revision as i64).into()),
                        ("what", term_safe(&ch.what_in(crate::i18n::lang())).into()),
                        ("mark", Arg::Msg(mark)),
                    ],
                ),
            );
        }
    }
    out
}

/// The labels of the report's lines, in the chosen language, padded to one width.
struct ReportLabels {
    width: usize,
}

impl ReportLabels {
    const ALL: [&'static str; 13] = [
        msg!("pdf-label-reason"),
        msg!("pdf-label-signer"),
        msg!("pdf-label-holder"),
        msg!("pdf-label-issuer"),
        msg!("pdf-label-validity"),
        msg!("pdf-label-algorithm"),
        msg!("pdf-label-time"),
        msg!("pdf-label-signed-at"),
        msg!("pdf-label-timestamp"),
        msg!("pdf-label-level"),
        msg!("pdf-label-integrity"),
        msg!("pdf-label-coverage"),
        msg!("pdf-label-change"),
    ];

    fn new() -> ReportLabels {
        use unicode_width::UnicodeWidthStr;
        let width = Self::ALL.iter().map(|l| tr(l).width()).max().unwrap_or(0);
        ReportLabels { width }
    }

    /// `  label  value`, values aligned.
    fn line(&self, label: &'static str, value: &str) -> String {
        use unicode_width::UnicodeWidthStr;
        let label = tr(label);
        let pad = " ".repeat(self.width.saturating_sub(label.width()));
        format!("  {label}{pad}  {value}\n")
    }
}
