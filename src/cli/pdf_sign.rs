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
use crate::domain::signing;
use crate::error::{Error, Result};
use crate::fsutil::{Output, Pending, pending_bytes};
use crate::pdf::job;
use crate::pdf::ltv::PadesLevel;
use crate::pdf::sign::{Appearance, SignRequest, sign as sign_pdf};
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
        return Err(Error::Refused(format!(
            "PAdES B-LT and B-LTA carry the revocation status of every certificate, and catool cannot vouch for it for the TSA at {url} (not one of this registry's): use a registry TSA (--tsa NAME), or sign at --level B-T"
        )));
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
        return Err(Error::Usage(if visible {
            "a visible signature needs a position: --at X,Y, --keyword TEXT or --cross-page".into()
        } else {
            "a position needs an appearance: --seal S or --image PNG (or drop the position for an invisible signature)".into()
        }));
    }
    let placement = visible.then(|| placement(&a.place)).transpose()?;
    let pin = super::read_pin("--pin-file", a.pin_file.as_deref())?;
    let (mut reg, actor) = ctx.open_as_signer()?;
    let master = ctx.master_key(&mut reg)?;
    let signer = signing::signer(&mut reg, &actor, &master, a.cert, &pin, a.seal)?;
    let tsa = timestamper(
        &mut reg,
        &actor,
        &master,
        &a.tsa,
        a.level.is_some_and(|l| l != LevelArg::Bb),
    )?;
    let level = pades_level(a.level, tsa.is_some())?;
    let mut issuer = crl_issuer(ctx, &actor, &master);
    let mut collector = crate::domain::ltv::Collector::default();
    // From B-T on, the signer's revocation status as of signing is signed along (each CA's
    // CRL issued once for the whole command).
    let revocation_crls = if level >= PadesLevel::Bt {
        let chain: Vec<Vec<u8>> = std::iter::once(&signer.cert)
            .chain(signer.chain.iter())
            .filter_map(|c| der::Encode::to_der(c).ok())
            .collect();
        collector.collect(&mut reg, &mut issuer, &chain)?.crls
    } else {
        Vec::new()
    };
    let mut ltv = Levels {
        level,
        tsa,
        collector,
        revocation_crls,
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
            return super::pdf::skipped(ctx.out, input, output.path());
        }
        let (signed, pending) = sign_one(
            input,
            output,
            password.as_deref().map(String::as_str),
            &signer,
            image.as_ref(),
            placement.as_ref(),
            a,
            &mut ltv,
            &mut reg,
            &mut issuer,
        )?;
        signing::record(
            &mut reg,
            &actor,
            &signer,
            &input.to_string_lossy(),
            &output.path().to_string_lossy(),
            &signed.field_name,
        )?;
        pending.publish()?;
        let v = json!({ "input": input, "output": output.path(), "field": signed.field_name, "byte_range": signed.byte_range, "pades_level": level.name() });
        return ctx.out.emit(&v, |v| {
            format!(
                "signed (已签署) {} with certificate {} ({}) as field {} at PAdES {} → {}",
                show_path(input),
                signer.cert_row.id,
                term_safe(&signer.name),
                term_safe(v["field"].as_str().unwrap_or("?")),
                level.name(),
                show_path(output.path())
            )
        });
    }
    let mut report = super::batch::Reporter::new(ctx.out, jobs.len(), "PDFs");
    let jobs = super::pdf::skip_existing(jobs, a.skip_existing, &mut report);
    for (input, output) in &jobs {
        let signed = sign_one(
            input,
            output,
            password.as_deref().map(String::as_str),
            &signer,
            image.as_ref(),
            placement.as_ref(),
            a,
            &mut ltv,
            &mut reg,
            &mut issuer,
        )
        .and_then(|(signed, pending)| {
            // Recorded first, then published: a process killed in between never leaves a
            // signed file the history does not know.
            signing::record(
                &mut reg,
                &actor,
                &signer,
                &input.to_string_lossy(),
                &output.path().to_string_lossy(),
                &signed.field_name,
            )?;
            pending.publish()?;
            Ok(signed)
        });
        match signed {
            Ok(s) => report.ok(json!({ "input": input, "output": output.path(), "field": s.field_name, "byte_range": s.byte_range, "pades_level": level.name() })),
            Err(e) => report.failed(&show_path(input), json!({ "input": input }), e),
        }
    }
    report.finish("signed")
}

/// The PAdES level asked for, and what reaching it needs.
struct Levels {
    level: PadesLevel,
    tsa: Option<Box<dyn Timestamper>>,
    collector: crate::domain::ltv::Collector,
    /// The CRLs of the signer's chain, signed with each signature (B-T and above).
    revocation_crls: Vec<Vec<u8>>,
}

impl Levels {
    /// Takes a signed (or timestamped) file from B-T to the level asked: the validation
    /// data of every certificate in it (B-LT), then a document timestamp (B-LTA).
    fn extend(
        &mut self,
        bytes: Vec<u8>,
        password: Option<&str>,
        certs: Vec<Vec<u8>>,
        reg: &mut Registry,
        issue_crl: &mut IssueCrl,
    ) -> Result<Vec<u8>> {
        if self.level < PadesLevel::Blt {
            return Ok(bytes);
        }
        let data = self.collector.collect(reg, issue_crl, &certs)?;
        let bytes = crate::pdf::ltv::add_dss(bytes, password, &data)?;
        if self.level < PadesLevel::Blta {
            return Ok(bytes);
        }
        let tsa: &mut dyn Timestamper = self.tsa.as_deref_mut().ok_or_else(no_tsa)?;
        let alg = DigestAlg::Sha256;
        Ok(crate::pdf::ltv::add_document_timestamp(bytes, password, tsa, alg)?.bytes)
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
            .map(|report| report.der)
    }
}

fn no_tsa() -> Error {
    Error::Usage(
        "PAdES B-T and above need a time-stamping authority: create one with `catool tsa init --ca CA`, or give --tsa-url URL (or sign at --level B-B)".into(),
    )
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
    if let Some(url) = &a.tsa_url {
        let tsa = crate::pki::tsp_http::HttpTsa::new(url, crate::pki::tsp_http::DEFAULT_TIMEOUT)?;
        return Ok(Some(Box::new(tsa)));
    }
    if a.tsa.is_none() {
        let tsas = crate::domain::tsa::list(reg)?;
        if tsas.len() > 1 && needed {
            return Err(Error::Usage(format!(
                "the registry has {} TSAs ({}): choose one with --tsa NAME",
                tsas.len(),
                tsas.iter()
                    .map(|t| t.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        if tsas.len() != 1 {
            return Ok(None);
        }
    }
    let tsa = crate::domain::tsa::RegistryTsa::open(
        reg.another_connection()?,
        actor.clone(),
        master,
        a.tsa.as_deref(),
        "pdf",
    )?;
    Ok(Some(Box::new(tsa)))
}

#[allow(clippy::too_many_arguments)]
fn sign_one(
    input: &Path,
    output: &Output,
    password: Option<&str>,
    signer: &signing::Signer,
    image: Option<&(SealImage, (f32, f32))>,
    placement: Option<&job::Placement>,
    a: &SignArgs,
    levels: &mut Levels,
    reg: &mut Registry,
    issue_crl: &mut IssueCrl,
) -> Result<(crate::pdf::sign::Signed, Pending)> {
    let bytes = super::read_pdf_file("PDF", input)?;
    let appearance = match (image, placement) {
        (Some((img, size_mm)), Some(p)) => {
            let marks = job::plan(bytes.clone(), password, *size_mm, p)?;
            let pt = crate::pdf::geometry::PT_PER_MM;
            Some(Appearance {
                image: img,
                marks,
                size_pt: (size_mm.0 * pt, size_mm.1 * pt),
            })
        }
        _ => None,
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
        revocation_crls: &levels.revocation_crls,
    };
    let in_file = |e| match e {
        Error::BadInput(m) => Error::BadInput(format!("{}: {m}", input.display())),
        e => e,
    };
    let tsa = match levels.level {
        PadesLevel::Bb => None,
        _ => Some(levels.tsa.as_deref_mut().ok_or_else(no_tsa)? as &mut dyn Timestamper),
    };
    let mut signed = sign_pdf(bytes, password, &req, tsa).map_err(in_file)?;
    if levels.level >= PadesLevel::Blt {
        let mut certs: Vec<Vec<u8>> = std::iter::once(&signer.cert)
            .chain(signer.chain.iter())
            .filter_map(|c| der::Encode::to_der(c).ok())
            .collect();
        for token in signature_timestamp_tokens(&signed.cms) {
            certs.extend(carried_certificates(&token));
        }
        signed.bytes = levels
            .extend(signed.bytes, password, certs, reg, issue_crl)
            .map_err(in_file)?;
    }
    let pending = pending_bytes(output, &signed.bytes, 0o644)?;
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
    let bytes = super::read_pdf_file("PDF", &a.input)?;
    let in_file = |e| match e {
        Error::BadInput(m) => Error::BadInput(format!("{}: {m}", a.input.display())),
        e => e,
    };
    let reports = crate::pdf::verify::verify(&bytes, password).map_err(in_file)?;
    let certs = crate::domain::ltv::certificates_of(&reports);
    let (mut reg, actor) = ctx.open_as()?;
    let master = ctx.master_key(&mut reg)?;
    let mut tsa = timestamper(&mut reg, &actor, &master, &a.tsa, true)?.ok_or_else(no_tsa)?;
    let data = crate::domain::ltv::Collector::default().collect(
        &mut reg,
        &mut crl_issuer(ctx, &actor, &master),
        &certs,
    )?;
    let with_dss = crate::pdf::ltv::add_dss(bytes, password, &data).map_err(in_file)?;
    let stamped = crate::pdf::ltv::add_document_timestamp(
        with_dss,
        password,
        tsa.as_mut(),
        DigestAlg::Sha256,
    )
    .map_err(in_file)?;
    let pending = pending_bytes(&output, &stamped.bytes, 0o644)?;
    crate::domain::ltv::record_timestamp(
        &mut reg,
        &actor,
        &a.input.to_string_lossy(),
        &output.path().to_string_lossy(),
        &stamped.field_name,
        &tsa.describe(),
    )?;
    pending.publish()?;
    let v = json!({
        "input": a.input, "output": output.path(), "field": stamped.field_name,
        "signatures_covered": reports.len(), "certificates_added": data.certs.len(),
        "crls_added": data.crls.len(), "tsa": tsa.describe(), "pades_level": PadesLevel::Blta.name(),
    });
    ctx.out.emit(&v, |_| {
        format!(
            "timestamped (已加盖时间戳) {}: validation data for {} signature(s) ({} certificates, {} CRLs) and a document timestamp from {} as field {} → {}",
            show_path(&a.input),
            reports.len(),
            data.certs.len(),
            data.crls.len(),
            term_safe(&tsa.describe()),
            term_safe(&stamped.field_name),
            show_path(output.path())
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
    let bytes = super::read_pdf_file("PDF", file)?;
    let (reports, dss) =
        crate::pdf::verify::verify_with_dss(&bytes, password.as_deref().map(String::as_str))
            .map_err(|e| match e {
                Error::BadInput(m) => Error::BadInput(format!("{}: {m}", file.display())),
                e => e,
            })?;
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
        return Err(Error::NotSigned(format!(
            "{} has no signatures (未签名): nothing to verify",
            file.display()
        )));
    }
    match bad {
        0 => Ok(()),
        n => Err(Error::CheckFailed(format!(
            "{n} of {} signature(s) in {} are not valid",
            checked.len(),
            file.display()
        ))),
    }
}

/// The human report: one block per signature, saying what was checked and what was found.
fn render_verification(file: &Path, checked: &[signing::Checked]) -> String {
    use crate::pdf::verify::{Coverage, SignatureKind};
    if checked.is_empty() {
        return format!("{}: no signatures (未签名)", show_path(file));
    }
    let mut out = format!("{}: {} signature(s)\n", show_path(file), checked.len());
    for c in checked {
        let r = &c.report;
        let kind = match (r.kind, r.docmdp_permission) {
            (SignatureKind::Certification, Some(p)) => format!("certification, DocMDP P={p}"),
            (SignatureKind::Certification, None) => "certification".into(),
            (SignatureKind::DocumentTimestamp, _) => "document timestamp".into(),
            (SignatureKind::Approval, _) => "approval".into(),
        };
        out += &format!(
            "\n{} ({kind}): {}\n",
            term_safe(&r.field),
            c.verdict.describe()
        );
        if let Some(why) = &c.reason {
            out += &format!("  reason     {}\n", term_safe(why));
        }
        let signer = if r.signer_subject.is_empty() {
            "-".to_string()
        } else {
            term_safe(&r.signer_subject)
        };
        out += &format!("  signer     {signer}\n");
        let ca = c.chain_ca.as_deref().unwrap_or("not a CA of this registry");
        let cert = match (c.registry_cert_id, &c.registry_label) {
            (Some(id), Some(state)) => format!("; certificate {id}, {state}"),
            _ => String::new(),
        };
        out += &format!(
            "  issuer     {} (CA: {}{cert})\n",
            term_safe(&r.issuer),
            term_safe(ca)
        );
        if let (Some(a), Some(b)) = (&c.cert_not_before, &c.cert_not_after) {
            out += &format!("  validity   {a} to {b}\n");
        }
        out += &format!(
            "  algorithm  {}\n",
            if r.algorithm.is_empty() {
                "-".to_string()
            } else {
                term_safe(&r.algorithm)
            }
        );
        let claimed = term_safe(r.signing_time.as_deref().unwrap_or("-"));
        match (r.kind, &r.timestamp) {
            (SignatureKind::DocumentTimestamp, _) => {
                out += &format!("  time       {claimed} (the TSA's time)\n");
            }
            (_, None) => {
                out += &format!("  signed at  {claimed} (claimed by the signer; no timestamp)\n");
            }
            (_, Some(ts)) => {
                out += &format!("  signed at  {claimed} (claimed by the signer)\n");
                out += &format!(
                    "  timestamp  {} by {} ({})\n",
                    term_safe(ts.time.as_deref().unwrap_or("-")),
                    term_safe(&ts.tsa),
                    if c.timestamp_trusted {
                        "trusted time: the signature existed then"
                    } else {
                        "NOT trusted time"
                    }
                );
            }
        }
        if let Some(level) = c.pades_level {
            out += &format!(
                "  level      PAdES {}{}\n",
                level.name(),
                if c.long_term_validation {
                    " (carries what validating it offline needs)"
                } else {
                    ""
                }
            );
        }
        out += &format!(
            "  integrity  {}\n",
            if r.integrity_ok {
                "intact: the signed bytes match the signature"
            } else {
                "NOT intact"
            }
        );
        let coverage = match r.coverage {
            Coverage::WholeFile => {
                format!("whole file (revision {} of {})", r.revision, r.revisions)
            }
            Coverage::EarlierRevision => format!(
                "revision {} of {}; later revisions: {} (allowed: {})",
                r.revision,
                r.revisions,
                r.modification_level.describe(),
                r.allowed_level.describe()
            ),
            Coverage::Incomplete => "incomplete: the signed bytes are not a whole revision".into(),
        };
        out += &format!("  coverage   {coverage}\n");
        for ch in &r.changes {
            let mark = if ch.level > r.allowed_level {
                "NOT ALLOWED"
            } else {
                "allowed"
            };
            out += &format!("  change     {} [{mark}]\n", term_safe(&ch.to_string()));
        }
    }
    out
}
