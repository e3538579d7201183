//! Why a registry row a trust decision rests on is not believed (D21, `super::anchor`), as
//! data: a certificate, CA or TSA whose keyed history event is missing or recorded something
//! else, a CA's CRL publication changed outside catool, a signer's record removed. Each is a
//! registry-integrity finding (exit code REGISTRY when it refuses a command; inside `pdf
//! verify`'s verdict or `tsa check` it is the reason quoted) with a stable code
//! (`anchor.…`) and a catalogue message (i18n/*/pki.ftl).

use std::fmt;

use crate::error::exit::REGISTRY;
use crate::i18n::{Arg, Catalogued, Described};
use crate::model::Id;
use crate::msg;
use crate::pdf::error::Wrapped;

/// The row a finding is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Anchored {
    Cert { id: Id },
    Slot { id: Id },
    Ca { id: Id, name: String },
    Tsa { id: Id, name: String },
    Seal { id: Id },
    Org { id: Id },
    Membership { org: Id, person: Id },
    Person { id: Id },
    Grant { id: Id },
}

/// What of a certificate row differs from its keyed event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CertPart {
    /// Its body (SHA-256 fingerprint).
    Body,
    Serial,
    Ca,
}

/// A keyed history event, as a finding names it (`event #12 ca.init`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRef {
    pub seq: Id,
    pub action: String,
}

/// Why a row is not believed.
#[derive(Debug, Clone, PartialEq)]
pub enum AnchorProblem {
    /// The row's keyed events cannot be checked (no master key, or it does not open them).
    HistoryUnchecked {
        of: Anchored,
        error: Wrapped,
    },
    CertNotInHistory {
        cert: Id,
    },
    CertDiffers {
        cert: Id,
        part: CertPart,
        event: EventRef,
    },
    CaNoInit {
        ca: Id,
        name: String,
    },
    TsaNoInit {
        tsa: Id,
        name: String,
    },
    /// A CA's or TSA's certificate differs from the one its init event recorded.
    CertificateDiffers {
        of: Anchored,
        event: EventRef,
    },
    TsaCaDiffers {
        tsa: Id,
        name: String,
        event: EventRef,
    },
    CrlDirDiffers {
        ca: Id,
        name: String,
        stored: Option<String>,
        configured: Option<String>,
    },
    CrlUrlsDiffer {
        ca: Id,
        name: String,
        stored: Vec<String>,
        configured: Vec<String>,
        added: Vec<String>,
    },
    /// A registry CA issued a signer's certificate, yet no registry row holds its bytes.
    SignerRecordMissing {
        serial: String,
    },
    /// An event about the row fails its MAC (altered, or written without the master key): what
    /// it says of the row is unknown, so the row is not believed either way (red team 6).
    EventAltered {
        of: Anchored,
        event: EventRef,
    },
    /// The keyed history leaves a certificate revoked or on hold, yet no row has its id (the
    /// row renumbered or deleted outside catool): no CRL is signed without it.
    KeyedCertWithoutRow {
        cert: Id,
        event: EventRef,
    },
    /// A column of a row (a certificate's state, a slot's owner or holder) says otherwise
    /// than its keyed history (`event`: the last event that set it; `None`: none did).
    RowDiffers(Box<RowDiff>),
}

/// A column of a row that says otherwise than its keyed history ([`AnchorProblem::RowDiffers`]).
#[derive(Debug, Clone, PartialEq)]
pub struct RowDiff {
    pub of: Anchored,
    pub column: &'static str,
    pub stored: Option<String>,
    pub history: Option<String>,
    pub event: Option<EventRef>,
}

impl RowDiff {
    /// The finding: `column` of `of` is `stored` where the history (last set by `event`)
    /// says `history`.
    pub fn problem(
        of: Anchored,
        column: &'static str,
        stored: Option<String>,
        history: Option<String>,
        event: Option<EventRef>,
    ) -> AnchorProblem {
        AnchorProblem::RowDiffers(Box::new(RowDiff {
            of,
            column,
            stored,
            history,
            event,
        }))
    }
}

fn d(code: &'static str, message: &'static str) -> Described {
    Described::new(REGISTRY, code, message)
}

impl Anchored {
    /// "certificate 4", "CA 3 'Demo CA'", "TSA 1 'tsa1'" as the argument `object`.
    fn add_to(&self, d: Described) -> Described {
        match self {
            Anchored::Cert { id } => d
                .arg("object", Arg::Msg(msg!("anchor-object-cert")))
                .arg("id", *id),
            Anchored::Slot { id } => d
                .arg("object", Arg::Msg(msg!("anchor-object-slot")))
                .arg("id", *id),
            Anchored::Ca { id, name } => d
                .arg("object", Arg::Msg(msg!("anchor-object-ca")))
                .arg("id", *id)
                .arg("name", name),
            Anchored::Tsa { id, name } => d
                .arg("object", Arg::Msg(msg!("anchor-object-tsa")))
                .arg("id", *id)
                .arg("name", name),
            Anchored::Seal { id } => d
                .arg("object", Arg::Msg(msg!("anchor-object-seal")))
                .arg("id", *id),
            Anchored::Org { id } => d
                .arg("object", Arg::Msg(msg!("anchor-object-org")))
                .arg("id", *id),
            Anchored::Membership { org, person } => d
                .arg("object", Arg::Msg(msg!("anchor-object-membership")))
                .arg("id", *org)
                .arg("person", *person),
            Anchored::Person { id } => d
                .arg("object", Arg::Msg(msg!("anchor-object-person")))
                .arg("id", *id),
            Anchored::Grant { id } => d
                .arg("object", Arg::Msg(msg!("anchor-object-grant")))
                .arg("id", *id),
        }
    }
}

impl EventRef {
    fn add_to(&self, d: Described) -> Described {
        d.arg("seq", self.seq).arg("action", &self.action)
    }
}

/// A list of URLs, or "none" when empty, as the argument `name`.
fn urls(d: Described, name: &'static str, list: &[String]) -> Described {
    if list.is_empty() {
        d.arg(name, Arg::Msg(msg!("anchor-none")))
    } else {
        d.arg(name, list.join(", "))
    }
}

fn dir(d: Described, name: &'static str, dir: &Option<String>) -> Described {
    match dir {
        Some(dir) => d.arg(name, dir),
        None => d.arg(name, Arg::Msg(msg!("anchor-none"))),
    }
}

impl Catalogued for AnchorProblem {
    fn describe(&self) -> Described {
        use AnchorProblem as P;
        let described = match self {
            P::HistoryUnchecked { of, error } => error.nest(
                of.add_to(d(
                    "anchor.history_unchecked",
                    msg!("anchor-history-unchecked"),
                )),
                "error",
            ),
            P::CertNotInHistory { cert } => d(
                "anchor.cert.not_in_history",
                msg!("anchor-cert-not-in-history"),
            )
            .arg("cert", *cert),
            P::CertDiffers { cert, part, event } => event.add_to(
                d("anchor.cert.differs", msg!("anchor-cert-differs"))
                    .arg("cert", *cert)
                    .arg(
                        "part",
                        Arg::Msg(match part {
                            CertPart::Body => msg!("anchor-part-body"),
                            CertPart::Serial => msg!("anchor-part-serial"),
                            CertPart::Ca => msg!("anchor-part-ca"),
                        }),
                    ),
            ),
            P::CaNoInit { ca, name } => d("anchor.ca.no_init", msg!("anchor-ca-no-init"))
                .arg("ca", *ca)
                .arg("name", name),
            P::TsaNoInit { tsa, name } => d("anchor.tsa.no_init", msg!("anchor-tsa-no-init"))
                .arg("tsa", *tsa)
                .arg("name", name),
            P::CertificateDiffers { of, event } => event.add_to(of.add_to(d(
                "anchor.certificate_differs",
                msg!("anchor-certificate-differs"),
            ))),
            P::TsaCaDiffers { tsa, name, event } => event.add_to(
                d("anchor.tsa.ca_differs", msg!("anchor-tsa-ca-differs"))
                    .arg("tsa", *tsa)
                    .arg("name", name),
            ),
            P::CrlDirDiffers {
                ca,
                name,
                stored,
                configured,
            } => {
                let base = d("anchor.ca.crl_dir_differs", msg!("anchor-crl-dir-differs"))
                    .arg("ca", *ca)
                    .arg("name", name);
                dir(dir(base, "stored", stored), "configured", configured)
            }
            P::CrlUrlsDiffer {
                ca,
                name,
                stored,
                configured,
                added,
            } => {
                let base = d(
                    "anchor.ca.crl_urls_differ",
                    if added.is_empty() {
                        msg!("anchor-crl-urls-differ")
                    } else {
                        msg!("anchor-crl-urls-added")
                    },
                )
                .arg("ca", *ca)
                .arg("name", name)
                .arg("added", added.join(", "));
                urls(urls(base, "stored", stored), "configured", configured)
            }
            P::SignerRecordMissing { serial } => d(
                "anchor.signer_record_missing",
                msg!("anchor-signer-record-missing"),
            )
            .arg("serial", serial),
            P::EventAltered { of, event } => {
                event.add_to(of.add_to(d("anchor.event_altered", msg!("anchor-event-altered"))))
            }
            P::KeyedCertWithoutRow { cert, event } => event.add_to(
                d("anchor.cert.row_missing", msg!("anchor-cert-row-missing")).arg("cert", *cert),
            ),
            P::RowDiffers(diff) => {
                let RowDiff {
                    of,
                    column,
                    stored,
                    history,
                    event,
                } = diff.as_ref();
                let value = |d: Described, name: &'static str, v: &Option<String>| match v {
                    Some(v) => d.arg(name, v),
                    None => d.arg(name, Arg::Msg(msg!("anchor-none"))),
                };
                let base = match event {
                    Some(e) => e.add_to(d("anchor.row_differs", msg!("anchor-row-differs-event"))),
                    None => d("anchor.row_differs", msg!("anchor-row-differs")),
                };
                let base = of.add_to(base).arg("column", *column);
                value(value(base, "stored", stored), "history", history)
            }
        };
        described.hint(msg!("anchor-restore-hint"))
    }
}

impl fmt::Display for AnchorProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe().message_in(crate::i18n::lang()))
    }
}

impl std::error::Error for AnchorProblem {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            AnchorProblem::HistoryUnchecked { error, .. } => Some(&error.0),
            _ => None,
        }
    }
}

impl From<AnchorProblem> for crate::error::Error {
    fn from(e: AnchorProblem) -> Self {
        crate::error::Error::from_typed(e)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::i18n::testing::{all_rendered, assert_complete};

    fn event(seq: Id, action: &str) -> EventRef {
        EventRef {
            seq,
            action: action.into(),
        }
    }

    /// One of every finding, with plausible data.
    pub(crate) fn samples() -> Vec<AnchorProblem> {
        use AnchorProblem as P;
        let s = |v: &str| v.to_string();
        let ca = || Anchored::Ca {
            id: 3,
            name: s("Demo CA (backup)"),
        };
        vec![
            P::HistoryUnchecked {
                of: Anchored::Cert { id: 4 },
                error: Wrapped(crate::error::Error::Internal(s("no master key"))),
            },
            P::HistoryUnchecked {
                of: ca(),
                error: Wrapped(crate::error::Error::Internal(s("no master key"))),
            },
            P::CertNotInHistory { cert: 4 },
            P::CertDiffers {
                cert: 4,
                part: CertPart::Body,
                event: event(23, "cert.reissue"),
            },
            P::CertDiffers {
                cert: 4,
                part: CertPart::Serial,
                event: event(23, "cert.issue"),
            },
            P::CertDiffers {
                cert: 4,
                part: CertPart::Ca,
                event: event(23, "cert.import"),
            },
            P::CaNoInit {
                ca: 3,
                name: s("Demo CA (backup)"),
            },
            P::TsaNoInit {
                tsa: 1,
                name: s("tsa1"),
            },
            P::CertificateDiffers {
                of: ca(),
                event: event(2, "ca.init"),
            },
            P::CertificateDiffers {
                of: Anchored::Tsa {
                    id: 1,
                    name: s("tsa1"),
                },
                event: event(5, "tsa.init"),
            },
            P::TsaCaDiffers {
                tsa: 1,
                name: s("tsa1"),
                event: event(5, "tsa.init"),
            },
            P::CrlDirDiffers {
                ca: 3,
                name: s("Demo CA"),
                stored: Some(s("/tmp/evil")),
                configured: None,
            },
            P::CrlUrlsDiffer {
                ca: 3,
                name: s("Demo CA"),
                stored: vec![s("http://a.example/a.crl"), s("http://evil.example/x.crl")],
                configured: vec![s("http://a.example/a.crl")],
                added: vec![s("http://evil.example/x.crl")],
            },
            P::CrlUrlsDiffer {
                ca: 3,
                name: s("Demo CA"),
                stored: vec![],
                configured: vec![s("http://a.example/a.crl")],
                added: vec![],
            },
            P::SignerRecordMissing { serial: s("7F3A") },
            P::EventAltered {
                of: Anchored::Cert { id: 4 },
                event: event(40, "cert.freeze"),
            },
            P::KeyedCertWithoutRow {
                cert: 4,
                event: event(31, "cert.revoke"),
            },
            RowDiff::problem(
                Anchored::Cert { id: 4 },
                "status",
                Some(s("active")),
                Some(s("frozen")),
                Some(event(40, "cert.freeze")),
            ),
            RowDiff::problem(
                Anchored::Seal { id: 1 },
                "org_id",
                Some(s("2")),
                Some(s("1")),
                Some(event(7, "seal.make")),
            ),
            RowDiff::problem(
                Anchored::Membership { org: 1, person: 3 },
                "role",
                Some(s("admin")),
                Some(s("member")),
                Some(event(3, "org.transfer-admin")),
            ),
            P::HistoryUnchecked {
                of: Anchored::Org { id: 1 },
                error: Wrapped(crate::error::Error::Internal(s("no master key"))),
            },
            RowDiff::problem(
                Anchored::Slot { id: 5 },
                "holder_person_id",
                Some(s("3")),
                None,
                None,
            ),
            RowDiff::problem(
                Anchored::Person { id: 3 },
                "name",
                Some(s("张伟")),
                Some(s("王芳")),
                Some(event(3, "person.add")),
            ),
            RowDiff::problem(
                Anchored::Org { id: 1 },
                "uscc",
                Some(s("91310115MA1K4XYW21")),
                Some(s("91110108MA01ABCD1E")),
                Some(event(5, "org.add")),
            ),
            RowDiff::problem(
                Anchored::Seal { id: 2 },
                "assignment",
                Some(s("certificate 4")),
                None,
                None,
            ),
            RowDiff::problem(
                Anchored::Grant { id: 7 },
                "state",
                Some(s("approved")),
                Some(s("requested")),
                Some(event(30, "seal.grant")),
            ),
        ]
    }

    #[test]
    fn every_anchor_problem_renders_completely_in_both_languages() {
        assert_complete(&samples());
    }

    #[test]
    fn every_anchor_problem_in_english() {
        insta::assert_snapshot!(all_rendered(&samples(), Lang::En));
    }

    #[test]
    fn every_anchor_problem_in_chinese() {
        insta::assert_snapshot!(all_rendered(&samples(), Lang::ZhCn));
    }
}
