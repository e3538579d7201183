//! The refusals and errors of the seals area in the registry (D7 review, D16 one effective
//! seal of a kind, D18 assignment, grants, voiding and use), as data: each variant has a
//! stable code (`seal.…`), a catalogue message, a hint where the user can do something, and
//! the rule it enforces (see `crate::i18n`). Errors of the images themselves are
//! `crate::seal::error::SealImageError`.

use std::fmt;

use super::rules::Rule;
use super::seal::GrantDecision;
use crate::error::exit::{BAD_INPUT, REFUSED, USAGE};
use crate::i18n::{Arg, Catalogued, Described, Lang};
use crate::model::Id;
use crate::model::vocab::{GrantState, SealState};
use crate::msg;
use crate::seal::error::kind_name;
use crate::seal::render::SealKind;

/// D5: the owner's name is what a personal name seal is generated from.
const D5: Rule = Rule(5);
/// D7: a generated seal is effective at once, an uploaded one after review.
const D7: Rule = Rule(7);
/// D16: the seal kinds, one effective seal of each enterprise kind at a time.
const D16: Rule = Rule(16);
/// D18: assignment, grants, voiding and use.
const D18: Rule = Rule(18);

/// Every refusal and error of the seals area, with the data its message quotes.
#[derive(Debug, Clone, PartialEq)]
pub enum SealError {
    // ---- whose seal, which kind (D16)
    OwnerMissing,
    NeedsOrg {
        kind: SealKind,
    },
    NeedsPerson {
        kind: SealKind,
    },
    /// `--text` other than the name the registry holds for the seal's owner: a seal reads
    /// its owner's name (D5, D16), never a name someone typed.
    TextNotTheName {
        kind: SealKind,
        given: String,
        name: String,
    },
    OneEffective {
        owner: String,
        kind: SealKind,
        seal: Id,
    },
    CodeDigits {
        code: String,
        kind: SealKind,
    },
    CodeNotUscc {
        code: String,
        uscc: String,
    },
    InvalidColor {
        value: String,
    },
    // ---- review (D7)
    RejectNeedsReason,
    NotPending {
        seal: Id,
        state: SealState,
    },
    // ---- the state of a seal (D7, D18)
    Void {
        seal: Id,
    },
    Pending {
        seal: Id,
    },
    Rejected {
        seal: Id,
        reason: Option<String>,
    },
    AlreadyVoid {
        seal: Id,
    },
    // ---- assignment (D18)
    CertWithoutEnterprise {
        cert: Id,
    },
    CertNotActive {
        cert: Id,
    },
    OtherEnterprise {
        seal: Id,
        cert: Id,
    },
    NotOwnCertificate {
        seal: Id,
        owner: String,
        cert: Id,
    },
    AlreadyAssigned {
        seal: Id,
        cert: Id,
    },
    // ---- grants (D18)
    WindowEmpty {
        from: String,
        until: String,
    },
    GrantPersonalSeal {
        seal: Id,
    },
    GrantNeedsMember,
    NotMember {
        person: String,
        org: String,
    },
    RequestOnlyForSelf {
        actor: String,
        to: String,
    },
    GrantNotOpen {
        grant: Id,
        state: GrantState,
        decision: GrantDecision,
    },
    // ---- use (D18)
    GrantNotNow {
        seal: Id,
        grant: Id,
        from: String,
        until: String,
    },
    NotAllowedToUse {
        seal: Id,
    },
}

fn d(exit: u8, code: &'static str, message: &'static str) -> Described {
    Described::new(exit, code, message)
}

/// A seal's state (`pending`, `effective`, `rejected`, `void`) as people read it.
pub fn seal_state_label(state: SealState) -> Arg {
    Arg::Msg(match state {
        SealState::Pending => msg!("seal-state-pending"),
        SealState::Effective => msg!("seal-state-effective"),
        SealState::Rejected => msg!("seal-state-rejected"),
        SealState::Void => msg!("seal-state-void"),
    })
}

/// A grant's state (`requested`, `approved`, `rejected`, `revoked`) as people read it.
pub fn grant_state_label(state: GrantState) -> Arg {
    Arg::Msg(match state {
        GrantState::Requested => msg!("seal-grant-state-requested"),
        GrantState::Approved => msg!("seal-grant-state-approved"),
        GrantState::Rejected => msg!("seal-grant-state-rejected"),
        GrantState::Revoked => msg!("seal-grant-state-revoked"),
    })
}

fn decision_label(decision: GrantDecision) -> Arg {
    Arg::Msg(match decision {
        GrantDecision::Approve => msg!("seal-grant-decision-approve"),
        GrantDecision::Reject => msg!("seal-grant-decision-reject"),
        GrantDecision::Revoke => msg!("seal-grant-decision-revoke"),
    })
}

impl Catalogued for SealError {
    fn describe(&self) -> Described {
        use SealError as E;
        match self {
            E::OwnerMissing => d(USAGE, "seal.owner.missing", msg!("seal-owner-missing"))
                .hint(msg!("seal-owner-missing-hint")),
            E::NeedsOrg { kind } => d(USAGE, "seal.owner.needs_org", msg!("seal-owner-needs-org"))
                .hint(msg!("seal-owner-needs-org-hint"))
                .rule(D16)
                .arg("kind", kind_name(*kind)),
            E::NeedsPerson { kind } => d(
                USAGE,
                "seal.owner.needs_person",
                msg!("seal-owner-needs-person"),
            )
            .hint(msg!("seal-owner-needs-person-hint"))
            .rule(D16)
            .arg("kind", kind_name(*kind)),
            E::TextNotTheName { kind, given, name } => d(
                BAD_INPUT,
                "seal.text.not_the_name",
                msg!("seal-text-not-the-name"),
            )
            .hint(msg!("seal-text-not-the-name-hint"))
            .rule(if matches!(kind, SealKind::Name | SealKind::Signature) {
                D5
            } else {
                D16
            })
            .arg("kind", kind_name(*kind))
            .arg("given", given.as_str())
            .arg("name", name.as_str()),
            E::OneEffective { owner, kind, seal } => {
                d(REFUSED, "seal.one_effective", msg!("seal-one-effective"))
                    .hint(msg!("seal-one-effective-hint"))
                    .rule(D16)
                    .arg("owner", owner)
                    .arg("kind", kind_name(*kind))
                    .arg("seal", *seal)
            }
            E::CodeDigits { code, kind } => {
                d(BAD_INPUT, "seal.code.digits", msg!("seal-code-digits"))
                    .hint(msg!("seal-code-digits-hint"))
                    .rule(D16)
                    .arg("code", code)
                    .arg("kind", kind_name(*kind))
            }
            E::CodeNotUscc { code, uscc } => {
                d(BAD_INPUT, "seal.code.not_uscc", msg!("seal-code-not-uscc"))
                    .hint(msg!("seal-code-not-uscc-hint"))
                    .rule(D16)
                    .arg("code", code)
                    .arg("uscc", uscc)
            }
            E::InvalidColor { value } => {
                d(BAD_INPUT, "seal.color.invalid", msg!("seal-color-invalid"))
                    .hint(msg!("seal-color-invalid-hint"))
                    .arg("value", value)
            }
            E::RejectNeedsReason => d(
                USAGE,
                "seal.review.needs_reason",
                msg!("seal-review-needs-reason"),
            )
            .hint(msg!("seal-review-needs-reason-hint"))
            .rule(D7),
            E::NotPending { seal, state } => d(
                REFUSED,
                "seal.review.not_pending",
                msg!("seal-review-not-pending"),
            )
            .rule(D7)
            .arg("seal", *seal)
            .arg("state", seal_state_label(*state)),
            E::Void { seal } => d(REFUSED, "seal.void", msg!("seal-void"))
                .hint(msg!("seal-void-hint"))
                .rule(D18)
                .arg("seal", *seal),
            E::Pending { seal } => d(REFUSED, "seal.pending", msg!("seal-pending"))
                .hint(msg!("seal-pending-hint"))
                .rule(D7)
                .arg("seal", *seal),
            E::Rejected { seal, reason } => d(REFUSED, "seal.rejected", msg!("seal-rejected"))
                .hint(msg!("seal-rejected-hint"))
                .rule(D7)
                .arg("seal", *seal)
                .arg(
                    "reason",
                    reason
                        .as_deref()
                        .map_or(Arg::Msg(msg!("seal-no-reason")), Arg::from),
                ),
            E::AlreadyVoid { seal } => d(REFUSED, "seal.void.already", msg!("seal-void-already"))
                .rule(D18)
                .arg("seal", *seal),
            E::CertWithoutEnterprise { cert } => d(
                REFUSED,
                "seal.assign.cert_without_enterprise",
                msg!("seal-assign-cert-without-enterprise"),
            )
            .rule(D18)
            .arg("cert", *cert),
            E::CertNotActive { cert } => d(
                REFUSED,
                "seal.assign.cert_not_active",
                msg!("seal-assign-cert-not-active"),
            )
            .hint(msg!("seal-assign-cert-not-active-hint"))
            .rule(D18)
            .arg("cert", *cert),
            E::OtherEnterprise { seal, cert } => d(
                REFUSED,
                "seal.assign.other_enterprise",
                msg!("seal-assign-other-enterprise"),
            )
            .rule(D18)
            .arg("seal", *seal)
            .arg("cert", *cert),
            E::NotOwnCertificate { seal, owner, cert } => d(
                REFUSED,
                "seal.assign.not_own_certificate",
                msg!("seal-assign-not-own-certificate"),
            )
            .rule(D18)
            .arg("seal", *seal)
            .arg("owner", owner)
            .arg("cert", *cert),
            E::AlreadyAssigned { seal, cert } => {
                d(REFUSED, "seal.assign.already", msg!("seal-assign-already"))
                    .rule(D18)
                    .arg("seal", *seal)
                    .arg("cert", *cert)
            }
            E::WindowEmpty { from, until } => d(
                BAD_INPUT,
                "seal.grant.window_empty",
                msg!("seal-grant-window-empty"),
            )
            .hint(msg!("seal-grant-window-empty-hint"))
            .arg("from", from)
            .arg("until", until),
            E::GrantPersonalSeal { seal } => d(
                REFUSED,
                "seal.grant.personal_seal",
                msg!("seal-grant-personal-seal"),
            )
            .hint(msg!("seal-grant-personal-seal-hint"))
            .rule(D18)
            .arg("seal", *seal),
            E::GrantNeedsMember => d(
                USAGE,
                "seal.grant.needs_member",
                msg!("seal-grant-needs-member"),
            )
            .hint(msg!("seal-grant-needs-member-hint")),
            E::NotMember { person, org } => d(
                REFUSED,
                "seal.grant.not_member",
                msg!("seal-grant-not-member"),
            )
            .hint(msg!("seal-grant-not-member-hint"))
            .rule(D18)
            .arg("person", person)
            .arg("org", org),
            E::RequestOnlyForSelf { actor, to } => d(
                REFUSED,
                "seal.grant.not_allowed",
                msg!("seal-grant-not-allowed"),
            )
            .hint(msg!("seal-grant-not-allowed-hint"))
            .rule(D18)
            .arg("actor", actor)
            .arg("to", to),
            E::GrantNotOpen {
                grant,
                state,
                decision,
            } => d(REFUSED, "seal.grant.not_open", msg!("seal-grant-not-open"))
                .rule(D18)
                .arg("grant", *grant)
                .arg("state", grant_state_label(*state))
                .arg("decision", decision_label(*decision)),
            E::GrantNotNow {
                seal,
                grant,
                from,
                until,
            } => d(REFUSED, "seal.use.not_now", msg!("seal-use-not-now"))
                .hint(msg!("seal-use-not-now-hint"))
                .rule(D18)
                .arg("seal", *seal)
                .arg("grant", *grant)
                .arg("from", from)
                .arg("until", until),
            E::NotAllowedToUse { seal } => d(
                REFUSED,
                "seal.use.not_allowed",
                msg!("seal-use-not-allowed"),
            )
            .hint(msg!("seal-use-not-allowed-hint"))
            .rule(D18)
            .arg("seal", *seal),
        }
    }
}

impl SealError {
    /// The message in `lang` (what `Display` prints in the chosen language).
    pub fn message_in(&self, lang: Lang) -> String {
        self.describe().message_in(lang)
    }
}

impl fmt::Display for SealError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_in(crate::i18n::lang()))
    }
}

impl std::error::Error for SealError {}

impl From<SealError> for crate::error::Error {
    fn from(e: SealError) -> Self {
        crate::error::Error::from_typed(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::testing::{all_rendered, assert_complete};

    /// One of every seal error, with plausible data.
    fn samples() -> Vec<SealError> {
        use SealError as E;
        let s = |v: &str| v.to_string();
        let time = |v: &str| format!("2026-12-{v}T00:00:00+08:00");
        vec![
            E::OwnerMissing,
            E::NeedsOrg {
                kind: SealKind::Contract,
            },
            E::NeedsPerson {
                kind: SealKind::Name,
            },
            E::TextNotTheName {
                kind: SealKind::Name,
                given: s("张伟"),
                name: s("王芳"),
            },
            E::OneEffective {
                owner: s("北京云签科技有限公司"),
                kind: SealKind::Official,
                seal: 1,
            },
            E::CodeDigits {
                code: s("11010800"),
                kind: SealKind::Finance,
            },
            E::CodeNotUscc {
                code: s("91110108MA01ABCD1X"),
                uscc: s("91110108MA01ABCD1E"),
            },
            E::InvalidColor { value: s("red") },
            E::RejectNeedsReason,
            E::NotPending {
                seal: 3,
                state: SealState::Effective,
            },
            E::Void { seal: 2 },
            E::Pending { seal: 3 },
            E::Rejected {
                seal: 4,
                reason: Some(s("图片模糊")),
            },
            E::Rejected {
                seal: 5,
                reason: None,
            },
            E::AlreadyVoid { seal: 2 },
            E::CertWithoutEnterprise { cert: 7 },
            E::CertNotActive { cert: 1 },
            E::OtherEnterprise { seal: 1, cert: 4 },
            E::NotOwnCertificate {
                seal: 6,
                owner: s("李娜"),
                cert: 2,
            },
            E::AlreadyAssigned { seal: 1, cert: 1 },
            E::WindowEmpty {
                from: time("31"),
                until: time("01"),
            },
            E::GrantPersonalSeal { seal: 6 },
            E::GrantNeedsMember,
            E::NotMember {
                person: s("王芳"),
                org: s("北京云签科技有限公司"),
            },
            E::RequestOnlyForSelf {
                actor: s("王芳"),
                to: s("李娜"),
            },
            E::GrantNotOpen {
                grant: 2,
                state: GrantState::Revoked,
                decision: GrantDecision::Approve,
            },
            E::GrantNotOpen {
                grant: 3,
                state: GrantState::Approved,
                decision: GrantDecision::Reject,
            },
            E::GrantNotNow {
                seal: 1,
                grant: 2,
                from: time("01"),
                until: time("31"),
            },
            E::NotAllowedToUse { seal: 1 },
        ]
    }

    #[test]
    fn every_seal_error_renders_completely_in_both_languages() {
        assert_complete(&samples());
    }

    #[test]
    fn every_seal_error_in_english() {
        insta::assert_snapshot!(all_rendered(&samples(), Lang::En));
    }

    #[test]
    fn every_seal_error_in_chinese() {
        insta::assert_snapshot!(all_rendered(&samples(), Lang::ZhCn));
    }

    #[test]
    fn every_seal_and_grant_state_has_a_label_in_both_languages() {
        for lang in Lang::ALL {
            for state in SealState::ALL {
                let Arg::Msg(id) = seal_state_label(state) else {
                    panic!("{state} has no label");
                };
                assert_ne!(crate::i18n::text(lang, id, &[]), id);
            }
            for state in GrantState::ALL {
                let Arg::Msg(id) = grant_state_label(state) else {
                    panic!("{state} has no label");
                };
                assert_ne!(crate::i18n::text(lang, id, &[]), id);
            }
        }
    }

    #[test]
    fn a_refusal_is_recorded_in_english_whatever_the_language() {
        let e: crate::error::Error = SealError::Void { seal: 2 }.into();
        assert_eq!(e.code(), REFUSED);
        assert_eq!(
            e.refusal().as_deref(),
            Some("seal 2 is void (已作废) and can no longer be used")
        );
    }
}
