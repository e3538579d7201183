//! The refusals and errors of the registry's electronic seals (GB/T 38540, issue 19): the
//! seal-making authority, the SES_Seal structures (.esl) it signs, imported seals and
//! `ses sign`, as data: each variant has a stable code (`seal.maker.…`, `seal.esl.…`,
//! `ses.…`), a catalogue message (area seal), a hint where the user can do something, and the
//! rule it enforces. Errors of the structures themselves are `crate::pki::ses`'s.

use std::fmt;

use super::rules::Rule;
use crate::error::exit::{BAD_INPUT, NOT_FOUND, REFUSED};
use crate::i18n::{Catalogued, Described, Lang};
use crate::model::Id;
use crate::msg;

/// D7: a generated seal is effective at once, an uploaded (or imported) one after review.
const D7: Rule = Rule(7);
/// D18: a seal is usable by the certificates it is assigned to, and never once void.
const D18: Rule = Rule(18);

#[derive(Debug, Clone, PartialEq)]
pub enum MakerError {
    /// No seal-making authority: no .esl can be made.
    NoMaker,
    MakerNotFound {
        reference: String,
    },
    MakerNameTaken {
        name: String,
    },
    /// The CA's certificate has ended: it can certify no maker.
    CaExpired {
        ca: String,
        on: String,
    },
    KeyUnopenable {
        maker: String,
    },
    /// The seal has no SES_Seal: pending, rejected, or made before there was a maker.
    NoStructure {
        seal: Id,
    },
    /// `ses sign`: the certificate is not in the seal's certList.
    NotInCertList {
        seal: Id,
        es_id: String,
        cert: Id,
    },
    /// `ses sign`: the seal's structure has ended (voided, or past validEnd).
    Ended {
        seal: Id,
        es_id: String,
        end: String,
    },
    /// `seal import`: the file's picture is not an image catool can read.
    ImportPicture {
        file: String,
        kind: String,
        detail: String,
    },
    /// `seal import`: the seal's esID is already in the registry.
    ImportEsIdTaken {
        file: String,
        es_id: String,
        seal: Id,
    },
    /// `seal import`: the seal's maker signature or structure failed verification.
    ImportInvalid {
        file: String,
        reason: String,
    },
}

fn d(exit: u8, code: &'static str, message: &'static str) -> Described {
    Described::new(exit, code, message)
}

impl Catalogued for MakerError {
    fn describe(&self) -> Described {
        use MakerError as E;
        match self {
            E::NoMaker => d(REFUSED, "seal.maker.none", msg!("seal-maker-none"))
                .hint(msg!("seal-maker-none-hint")),
            E::MakerNotFound { reference } => d(
                NOT_FOUND,
                "seal.maker.not_found",
                msg!("seal-maker-not-found"),
            )
            .hint(msg!("seal-maker-not-found-hint"))
            .arg("maker", reference),
            E::MakerNameTaken { name } => d(
                REFUSED,
                "seal.maker.name_taken",
                msg!("seal-maker-name-taken"),
            )
            .hint(msg!("seal-maker-name-taken-hint"))
            .arg("name", name),
            E::CaExpired { ca, on } => d(
                REFUSED,
                "seal.maker.ca_expired",
                msg!("seal-maker-ca-expired"),
            )
            .hint(msg!("seal-maker-ca-expired-hint"))
            .arg("ca", ca)
            .arg("on", on),
            E::KeyUnopenable { maker } => d(
                REFUSED,
                "seal.maker.key_unopenable",
                msg!("seal-maker-key-unopenable"),
            )
            .hint(msg!("seal-maker-key-unopenable-hint"))
            .arg("maker", maker),
            E::NoStructure { seal } => d(REFUSED, "seal.esl.none", msg!("seal-esl-none"))
                .hint(msg!("seal-esl-none-hint"))
                .rule(D7)
                .arg("seal", *seal),
            E::NotInCertList { seal, es_id, cert } => d(
                REFUSED,
                "ses.not_in_cert_list",
                msg!("ses-not-in-cert-list"),
            )
            .hint(msg!("ses-not-in-cert-list-hint"))
            .rule(D18)
            .arg("seal", *seal)
            .arg("esid", es_id)
            .arg("cert", *cert),
            E::Ended { seal, es_id, end } => d(REFUSED, "ses.seal_ended", msg!("ses-seal-ended"))
                .hint(msg!("ses-seal-ended-hint"))
                .rule(D18)
                .arg("seal", *seal)
                .arg("esid", es_id)
                .arg("end", end),
            E::ImportPicture { file, kind, detail } => d(
                BAD_INPUT,
                "seal.import.picture",
                msg!("seal-import-picture"),
            )
            .hint(msg!("seal-import-picture-hint"))
            .arg("file", file)
            .arg("kind", kind)
            .arg("detail", detail),
            E::ImportEsIdTaken { file, es_id, seal } => d(
                REFUSED,
                "seal.import.esid_taken",
                msg!("seal-import-esid-taken"),
            )
            .hint(msg!("seal-import-esid-taken-hint"))
            .arg("file", file)
            .arg("esid", es_id)
            .arg("seal", *seal),
            E::ImportInvalid { file, reason } => d(
                BAD_INPUT,
                "seal.import.invalid",
                msg!("seal-import-invalid"),
            )
            .hint(msg!("seal-import-invalid-hint"))
            .arg("file", file)
            .arg("reason", reason),
        }
    }
}

impl MakerError {
    /// The message in `lang` (what `Display` prints in the chosen language).
    pub fn message_in(&self, lang: Lang) -> String {
        self.describe().message_in(lang)
    }
}

impl fmt::Display for MakerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_in(crate::i18n::lang()))
    }
}

impl std::error::Error for MakerError {}

impl From<MakerError> for crate::error::Error {
    fn from(e: MakerError) -> Self {
        crate::error::Error::from_typed(e)
    }
}

#[cfg(test)]
mod tests {
    use super::MakerError as E;
    use super::*;
    use crate::i18n::testing::assert_complete;

    fn samples() -> Vec<E> {
        let s = |v: &str| v.to_string();
        vec![
            E::NoMaker,
            E::MakerNotFound { reference: s("9") },
            E::MakerNameTaken {
                name: s("印章制作中心"),
            },
            E::CaExpired {
                ca: s("Demo SM2 CA"),
                on: s("2026-01-01T00:00:00+08:00"),
            },
            E::KeyUnopenable {
                maker: s("印章制作中心"),
            },
            E::NoStructure { seal: 3 },
            E::NotInCertList {
                seal: 1,
                es_id: s("CATOOL-S1-2"),
                cert: 4,
            },
            E::Ended {
                seal: 1,
                es_id: s("CATOOL-S1-3"),
                end: s("2026-12-01T12:00:00+08:00"),
            },
            E::ImportPicture {
                file: s("seal.esl"),
                kind: s("OFD"),
                detail: s("not a PNG, JPEG or GIF image"),
            },
            E::ImportEsIdTaken {
                file: s("seal.esl"),
                es_id: s("11010800001"),
                seal: 2,
            },
            E::ImportInvalid {
                file: s("seal.esl"),
                reason: s("the maker's signature does not verify"),
            },
        ]
    }

    #[test]
    fn every_maker_error_renders_completely_in_both_languages() {
        assert_complete(&samples());
    }

    #[test]
    fn a_signer_outside_the_cert_list_is_named_with_the_seal() {
        let e: crate::error::Error = samples()[6].clone().into();
        assert_eq!(e.code(), REFUSED);
        let text = e.refusal().unwrap_or_default();
        assert!(
            text.contains("seal 1") && text.contains("certificate 4"),
            "{text}"
        );
    }
}
