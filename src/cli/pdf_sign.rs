//! `catool pdf sign` and `catool pdf verify`.

use std::path::Path;

use serde_json::json;

use super::Context;
use super::output::Table;
use super::parse_size;
use super::pdf::{SignArgs, inputs, outputs, password, placement};
use crate::domain::signing;
use crate::error::{Error, Result};
use crate::fsutil::{Pending, pending_bytes};
use crate::pdf::job;
use crate::pdf::sign::{Appearance, SignRequest, sign as sign_pdf};
use crate::pdf::stamp::SealImage;
use crate::pki::pin::Pin;

/// Signs every input with one certificate: the PIN is asked once, the checks run once,
/// then each file is signed and recorded; a failed file is reported and the others go on.
pub fn sign(ctx: &Context, a: &SignArgs) -> Result<()> {
    let files = inputs(&a.inputs)?;
    let (jobs, batch) = outputs(&files, a.out.as_deref(), a.out_dir.as_deref())?;
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
    let pin = Pin::read("--pin-file", a.pin_file.as_deref())?;
    let (mut reg, actor) = ctx.open_as()?;
    let master = ctx.master_key(&mut reg)?;
    let signer = signing::signer(&mut reg, &actor, &master, a.cert, &pin, a.seal)?;
    let size = a.place.size.as_deref().map(parse_size).transpose()?;
    let image = match (&signer.seal, &a.image) {
        (Some(s), _) => Some((
            SealImage::from_png(&s.png)?,
            size.unwrap_or((s.width_mm, s.height_mm)),
        )),
        (None, Some(p)) => {
            let img = SealImage::from_png(&super::read_input_file("--image", p)?)?;
            let dims = size.unwrap_or((40.0, 40.0 / img.aspect()));
            Some((img, dims))
        }
        _ => None,
    };
    if !batch {
        let (input, output) = &jobs[0];
        if a.skip_existing && output.exists() {
            return super::pdf::skipped(ctx.out, input, output);
        }
        let (signed, pending) = sign_one(
            input,
            output,
            password.as_deref().map(String::as_str),
            &signer,
            image.as_ref(),
            placement.as_ref(),
            a,
        )?;
        signing::record(
            &mut reg,
            &actor,
            &signer,
            &input.to_string_lossy(),
            &output.to_string_lossy(),
            &signed.field_name,
        )?;
        pending.publish()?;
        let v = json!({ "input": input, "output": output, "field": signed.field_name, "byte_range": signed.byte_range });
        return ctx.out.emit(&v, |v| {
            format!(
                "signed (已签署) {} with certificate {} ({}) as field {} → {}",
                input.display(),
                signer.cert_row.id,
                signer.name,
                v["field"].as_str().unwrap_or("?"),
                output.display()
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
        )
        .and_then(|(signed, pending)| {
            // Recorded first, then published: a process killed in between never leaves a
            // signed file the history does not know.
            signing::record(
                &mut reg,
                &actor,
                &signer,
                &input.to_string_lossy(),
                &output.to_string_lossy(),
                &signed.field_name,
            )?;
            pending.publish()?;
            Ok(signed)
        });
        match signed {
            Ok(s) => report.ok(json!({ "input": input, "output": output, "field": s.field_name, "byte_range": s.byte_range })),
            Err(e) => report.failed(&input.display().to_string(), json!({ "input": input }), e),
        }
    }
    report.finish("signed")
}

fn sign_one(
    input: &Path,
    output: &Path,
    password: Option<&str>,
    signer: &signing::Signer,
    image: Option<&(SealImage, (f32, f32))>,
    placement: Option<&job::Placement>,
    a: &SignArgs,
) -> Result<(crate::pdf::sign::Signed, Pending)> {
    let bytes = std::fs::read(input)
        .map_err(|e| Error::BadInput(format!("cannot read {}: {e}", input.display())))?;
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
    };
    let signed = sign_pdf(bytes, password, &req).map_err(|e| match e {
        Error::BadInput(m) => Error::BadInput(format!("{}: {m}", input.display())),
        e => e,
    })?;
    let pending = pending_bytes(output, &signed.bytes, 0o644)?;
    Ok((signed, pending))
}

/// `pdf verify`: every signature, with the registry's view; exit 1 if any is not valid.
pub fn verify(ctx: &Context, file: &Path, password_file: Option<&Path>) -> Result<()> {
    let password = password(password_file)?;
    let bytes = super::read_input_file("FILE", file)?;
    let reports = crate::pdf::verify::verify(&bytes, password.as_deref().map(String::as_str))?;
    let mut reg = ctx.open()?;
    let checked = signing::check(&mut reg, reports)?;
    let bad = checked.iter().filter(|c| !c.valid).count();
    ctx.out.emit(&checked, |checked| {
        if checked.is_empty() {
            return format!("{}: no signatures", file.display());
        }
        let mut t = Table::new(&[
            "FIELD", "SIGNER", "TIME", "ALG", "INTACT", "COVERS", "CA", "STATE", "VALID",
        ]);
        for c in checked {
            let r = &c.report;
            t.row(vec![
                r.field.clone(),
                r.signer_subject.clone(),
                r.signing_time.clone().unwrap_or_else(|| "-".into()),
                r.algorithm.clone(),
                if r.integrity_ok {
                    "yes".into()
                } else {
                    "NO".into()
                },
                if r.covers_whole_file {
                    "whole file".into()
                } else if r.modified_after {
                    "later revisions added".into()
                } else {
                    "partial".into()
                },
                c.chain_ca.clone().unwrap_or_else(|| "unknown CA".into()),
                c.registry_state.clone().unwrap_or_else(|| "-".into()),
                if c.valid {
                    "valid".into()
                } else {
                    format!(
                        "INVALID{}",
                        r.problem
                            .as_ref()
                            .map(|p| format!(": {p}"))
                            .unwrap_or_default()
                    )
                },
            ]);
        }
        t.render()
    })?;
    if checked.is_empty() {
        return Err(Error::CheckFailed(format!(
            "{} has no signatures",
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
