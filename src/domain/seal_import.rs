//! `seal import FILE.esl --org O` (issue 19): a seal made elsewhere, registered after the
//! checks of `seal verify` (structure, version, the maker's signature, validity now, the
//! picture decodes within the seal image pixel limit). A seal whose maker catool trusts (a
//! registry maker, or a maker certificate a registry CA issued) is effective at once; any
//! other waits for review like an uploaded image (D7). The .esl is kept as it came (its
//! structure row, reason `import`); an assignment later re-issues it under the registry's
//! maker (`seal_esl`). Nothing is registered when a check fails.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};
use x509_cert::Certificate;

use super::history::{self, Draft};
use super::maker_error::MakerError;
use super::seal_esl::IMPORT;
use super::{Act, Actor, clock, mutate, require_admin};
use crate::error::Result;
use crate::model::vocab::{SealSource, SealState};
use crate::model::{Seal, Stamp};
use crate::pki::ses::decode::{When, decode_seal};
use crate::pki::ses::verify::{CheckName, SealOptions, verify_seal};
use crate::registry::{Registry, cas, makers, orgs, seals};
use crate::seal::clean;
use crate::seal::error::SealImageError;
use crate::seal::render::SealKind;

/// What `seal import` registered.
#[derive(Debug, Serialize)]
pub struct Imported {
    pub seal: Seal,
    pub es_id: String,
    /// The maker certificate's subject.
    pub maker: String,
    /// The maker is one catool trusts: the seal is effective at once.
    pub trusted: bool,
    pub valid_start: Stamp,
    pub valid_end: Stamp,
}

fn time(t: &When) -> Stamp {
    Stamp::new(DateTime::<Utc>::from(t.time))
}

/// The picture as a PNG the registry stores (PNG, JPEG or GIF in the file).
fn picture_png(file: &str, kind: &str, data: &[u8]) -> Result<Vec<u8>> {
    let bad = |detail: String| MakerError::ImportPicture {
        file: file.to_string(),
        kind: kind.to_string(),
        detail,
    };
    if !matches!(
        kind.to_ascii_uppercase().as_str(),
        "PNG" | "JPG" | "JPEG" | "GIF"
    ) {
        return Err(bad("not a PNG, JPEG or GIF image".to_string()).into());
    }
    let max = clean::CleanOptions::default().max_pixels;
    let img = clean::decode(data, max).map_err(|e| bad(e.to_string()))?;
    let mut png = Vec::new();
    img.to_rgba8()
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .map_err(SealImageError::encode)?;
    Ok(png)
}

pub fn import(
    reg: &mut Registry,
    actor: &Actor,
    file: &str,
    bytes: &[u8],
    org_ref: &str,
    kind: SealKind,
) -> Result<Imported> {
    let now = clock::now()?;
    // The checks `seal verify` makes, at the time of import.
    let anchors: Vec<Certificate> = reg.read(|tx| {
        cas::list(tx)?
            .iter()
            .map(|c| super::ca::parse_cert(&c.cert_der))
            .collect()
    })?;
    let report = verify_seal(
        bytes,
        &SealOptions {
            anchors: &anchors,
            at: now.into(),
            max_pixels: clean::DEFAULT_MAX_PIXELS,
        },
    )
    .map_err(|e| e.in_file(file))?;
    // Every check must pass but the chain: a maker no registry CA certified is registered
    // all the same, for review (D7).
    let mut trusted = true;
    for check in &report.checks {
        match (check.name, check.outcome.failure()) {
            (CheckName::Chain, Some(_)) => trusted = false,
            (_, Some(e)) => return Err(e.clone().in_file(file).into()),
            _ => {}
        }
    }
    let seal = decode_seal(bytes).map_err(|e| e.in_file(file))?;
    let picture = seal.picture();
    let png = picture_png(file, picture.kind.as_str(), picture.data.as_bytes())?;
    let maker_der = seal.maker().0.as_bytes().to_vec();
    let maker = report.maker.clone();
    let es_id = report.es_id.clone();
    let (valid_start, valid_end) = (time(&report.valid_start), time(&report.valid_end));
    let name = report.name.clone();
    let (w, h) = (report.width_mm, report.height_mm);
    let seal_row = mutate(reg, actor, "seal.import", |tx| {
        let org = orgs::resolve(tx, org_ref)?;
        require_admin(tx, actor, org.id, Act::UploadOrgSeals)?;
        if let Some(other) = makers::seal_of_es_id(tx, &es_id)? {
            return Err(MakerError::ImportEsIdTaken {
                file: file.to_string(),
                es_id: es_id.clone(),
                seal: other,
            }
            .into());
        }
        // Trusted, effective at once, unless the enterprise already has an effective seal of
        // a kind it has one of (D16): then it waits for review like any other.
        let taken = matches!(
            kind,
            SealKind::Official | SealKind::Contract | SealKind::Finance | SealKind::Invoice
        ) && seals::list(tx, Some(org.id), None)?
            .iter()
            .any(|s| s.kind == kind && s.state == SealState::Effective);
        let state = if trusted && !taken {
            SealState::Effective
        } else {
            SealState::Pending
        };
        let label = kind.default_label().unwrap_or(kind.chinese_name());
        let id = seals::insert(
            tx,
            &seals::NewSeal {
                org_id: Some(org.id),
                person_id: None,
                kind,
                label,
                source: SealSource::Uploaded,
                state,
                png: &png,
                width_mm: f64::from(w),
                height_mm: f64::from(h),
                at: Stamp::new(now),
            },
        )?;
        let ours = makers::list(tx)?
            .into_iter()
            .find(|m| m.cert_der == maker_der)
            .map(|m| m.id);
        makers::insert_structure(
            tx,
            &makers::NewStructure {
                seal_id: id,
                maker_id: ours,
                es_id: &es_id,
                version: i64::from(report.version),
                cert_ids: &[],
                valid_start,
                valid_end,
                reason: IMPORT,
                der: bytes,
                at: Stamp::new(now),
            },
        )?;
        history::record(
            tx,
            actor,
            Draft::new("seal.import", format!("seal:{id}"))
                .org(org.id)
                .details(json!({
                    "kind": kind.as_str(), "state": state, "es_id": es_id, "name": name,
                    "maker": maker, "trusted": trusted, "bytes": bytes.len(),
                    "sha256": crate::hex::encode(&Sha256::digest(bytes)),
                })),
        )?;
        seals::require(tx, id)
    })?;
    Ok(Imported {
        seal: seal_row,
        es_id,
        maker,
        trusted,
        valid_start,
        valid_end,
    })
}
