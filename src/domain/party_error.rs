//! The refusals and errors of the party area — enterprises (D1), persons and administrators
//! (D2), packages (D3), who may act (`--as`) — as data (the onboarding import's are in
//! `import_error`): each variant has a stable code, a catalogue message, a hint
//! where the user can do something, and the rule it enforces (see `crate::i18n`).

use std::fmt;

use super::rules::{D1, D2, D3, D5};
use crate::error::Error;
use crate::error::exit::{BAD_INPUT, NOT_FOUND, REFUSED, USAGE};
use crate::i18n::{Arg, Catalogued, Described};
use crate::model::Id;
use crate::model::vocab::IdType;
use crate::msg;

/// What an actor wanted to do when [`super::require_admin`] or
/// [`super::require_operator`] refused it (quoted by the refusal).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    // certificates
    AssignSlots,
    ChangeHolder,
    IssueCerts,
    ReissueCerts,
    ExtendCerts,
    RevokeCerts,
    FreezeCerts,
    UnfreezeCerts,
    UnfreezeUnaffiliated,
    CheckPin,
    ExportKey,
    BindOthers,
    UnbindOthers,
    ImportIntoOrg,
    Decrypt,
    // enterprises and packages
    RegisterOrg,
    AuthorizeOrg,
    AddMembers,
    RemoveMembers,
    TransferAdmin,
    BuyPackages,
    SetPackageTerms,
    RecordPayment,
    // authorities and settings
    CreateCa,
    ChangeCa,
    CreateTsa,
    ChangeSettings,
    CopyRegistry,
    // seals
    MakeOrgSeals,
    MakeOthersSeal,
    UploadOrgSeals,
    UploadOthersSeal,
    ReviewSeals,
    AssignSeals,
    GrantSealUse,
    DecideGrants,
    VoidSeals,
}

impl Act {
    pub const ALL: [Act; 37] = [
        Act::AssignSlots,
        Act::ChangeHolder,
        Act::IssueCerts,
        Act::ReissueCerts,
        Act::ExtendCerts,
        Act::RevokeCerts,
        Act::FreezeCerts,
        Act::UnfreezeCerts,
        Act::UnfreezeUnaffiliated,
        Act::CheckPin,
        Act::ExportKey,
        Act::BindOthers,
        Act::UnbindOthers,
        Act::ImportIntoOrg,
        Act::Decrypt,
        Act::RegisterOrg,
        Act::AuthorizeOrg,
        Act::AddMembers,
        Act::RemoveMembers,
        Act::TransferAdmin,
        Act::BuyPackages,
        Act::SetPackageTerms,
        Act::RecordPayment,
        Act::CreateCa,
        Act::ChangeCa,
        Act::CreateTsa,
        Act::ChangeSettings,
        Act::CopyRegistry,
        Act::MakeOrgSeals,
        Act::MakeOthersSeal,
        Act::UploadOrgSeals,
        Act::UploadOthersSeal,
        Act::ReviewSeals,
        Act::AssignSeals,
        Act::GrantSealUse,
        Act::DecideGrants,
        Act::VoidSeals,
    ];

    /// Its catalogue entry (a verb phrase: "add members").
    pub fn id(self) -> &'static str {
        match self {
            Act::AssignSlots => msg!("act-assign-slots"),
            Act::ChangeHolder => msg!("act-change-holder"),
            Act::IssueCerts => msg!("act-issue-certs"),
            Act::ReissueCerts => msg!("act-reissue-certs"),
            Act::ExtendCerts => msg!("act-extend-certs"),
            Act::RevokeCerts => msg!("act-revoke-certs"),
            Act::FreezeCerts => msg!("act-freeze-certs"),
            Act::UnfreezeCerts => msg!("act-unfreeze-certs"),
            Act::UnfreezeUnaffiliated => msg!("act-unfreeze-unaffiliated"),
            Act::CheckPin => msg!("act-check-pin"),
            Act::ExportKey => msg!("act-export-key"),
            Act::BindOthers => msg!("act-bind-others"),
            Act::UnbindOthers => msg!("act-unbind-others"),
            Act::ImportIntoOrg => msg!("act-import-into-org"),
            Act::Decrypt => msg!("act-decrypt"),
            Act::RegisterOrg => msg!("act-register-org"),
            Act::AuthorizeOrg => msg!("act-authorize-org"),
            Act::AddMembers => msg!("act-add-members"),
            Act::RemoveMembers => msg!("act-remove-members"),
            Act::TransferAdmin => msg!("act-transfer-admin"),
            Act::BuyPackages => msg!("act-buy-packages"),
            Act::SetPackageTerms => msg!("act-set-package-terms"),
            Act::RecordPayment => msg!("act-record-payment"),
            Act::CreateCa => msg!("act-create-ca"),
            Act::ChangeCa => msg!("act-change-ca"),
            Act::CreateTsa => msg!("act-create-tsa"),
            Act::ChangeSettings => msg!("act-change-settings"),
            Act::CopyRegistry => msg!("act-copy-registry"),
            Act::MakeOrgSeals => msg!("act-make-org-seals"),
            Act::MakeOthersSeal => msg!("act-make-others-seal"),
            Act::UploadOrgSeals => msg!("act-upload-org-seals"),
            Act::UploadOthersSeal => msg!("act-upload-others-seal"),
            Act::ReviewSeals => msg!("act-review-seals"),
            Act::AssignSeals => msg!("act-assign-seals"),
            Act::GrantSealUse => msg!("act-grant-seal-use"),
            Act::DecideGrants => msg!("act-decide-grants"),
            Act::VoidSeals => msg!("act-void-seals"),
        }
    }
}

/// A registered enterprise's field that differs from what was given again (D1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrgField {
    Name,
    LegalRep,
    LegalRepId,
}

/// A registered person's field that differs from what was given again (D2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonField {
    Name,
    Email,
    Phone,
}

/// What is wrong with a unified social credit code (GB 32100-2015).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UsccProblem {
    /// It has this many characters, not 18.
    Length(i64),
    /// This character is not in the alphabet.
    Character(char),
    /// The check character should be `expected`.
    Check { expected: char, got: char },
}

/// What is wrong with a resident identity card number (GB 11643-1999).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResidentIdProblem {
    /// It has this many characters, not 18.
    Length(i64),
    NotDigits,
    /// Characters 7–14 are not a date.
    BirthDate(String),
    /// The check digit should be `expected`.
    Check {
        expected: char,
        got: char,
    },
}

/// Every refusal and error of the party area, with the data its message quotes.
#[derive(Debug, Clone, PartialEq)]
pub enum PartyError {
    // ---- who may act (D2)
    NotOperator {
        person: String,
        doing: Act,
    },
    NotAdmin {
        person: String,
        doing: Act,
    },
    NoProofCertificate {
        person: String,
    },
    ProofCertNotUsable {
        cert: Id,
        person: String,
        usable: String,
    },
    ProofCertAmbiguous {
        person: String,
        usable: String,
    },
    ProofPinNeeded {
        person: String,
        cert: Id,
    },
    // ---- enterprises (D1, D2)
    OrgDiffers {
        uscc: String,
        org: Id,
        field: OrgField,
        stored: String,
        given: String,
    },
    OrgAdminNotMember {
        uscc: String,
        org: Id,
        person: String,
        admin: String,
    },
    OrgNameTaken {
        name: String,
        org: Id,
        uscc: String,
    },
    InvalidUscc {
        field: String,
        value: String,
        problem: UsccProblem,
    },
    LetterWithFace,
    LetterMissing,
    LetterUnreadable,
    AlreadyAuthorized {
        org: String,
        method: String,
        at: String,
    },
    AlreadyMember {
        person: String,
        admin: bool,
        org: String,
    },
    NotMember {
        person: String,
        org: String,
    },
    RemoveAdmin {
        person: String,
        org: String,
    },
    MemberHasRights {
        person: String,
        org: String,
        certs: Vec<Id>,
        /// `(grant, seal)`.
        grants: Vec<(Id, Id)>,
    },
    AlreadyAdmin {
        person: String,
        org: String,
    },
    TransferToNonMember {
        person: String,
        org: String,
    },
    // ---- persons (D2)
    PersonDiffers {
        id_type: IdType,
        id_number: String,
        person: Id,
        field: PersonField,
        stored: Option<String>,
        given: String,
    },
    InvalidResidentId {
        field: String,
        value: String,
        problem: ResidentIdProblem,
    },
    InvalidIdNumber {
        field: String,
        value: String,
        id_type: IdType,
    },
    InvalidEmail {
        field: String,
        value: String,
    },
    InvalidPhone {
        field: String,
        value: String,
    },
    // ---- packages (D1, D3, D22)
    OutOfRange {
        field: String,
        value: i64,
        min: i64,
        max: i64,
    },
    OrgNotAuthorized {
        org: String,
    },
    EmptyPackage,
    NoSuchPackage {
        package: Id,
    },
}

fn d(exit: u8, code: &'static str, message: &'static str) -> Described {
    Described::new(exit, code, message)
}

/// A list of ids as messages quote it: `1, 2, 3`.
fn ids(v: impl IntoIterator<Item = String>) -> String {
    v.into_iter().collect::<Vec<_>>().join(", ")
}

impl Catalogued for PartyError {
    fn describe(&self) -> Described {
        use PartyError as E;
        match self {
            E::NotOperator { person, doing } => {
                d(REFUSED, "actor.not_operator", msg!("actor-not-operator"))
                    .hint(msg!("actor-not-operator-hint"))
                    .arg("person", person)
                    .arg("doing", Arg::Msg(doing.id()))
            }
            E::NotAdmin { person, doing } => d(REFUSED, "actor.not_admin", msg!("actor-not-admin"))
                .hint(msg!("actor-not-admin-hint"))
                .rule(D2)
                .arg("person", person)
                .arg("doing", Arg::Msg(doing.id())),
            E::NoProofCertificate { person } => d(
                REFUSED,
                "actor.no_certificate",
                msg!("actor-no-certificate"),
            )
            .hint(msg!("actor-no-certificate-hint"))
            .arg("person", person),
            E::ProofCertNotUsable {
                cert,
                person,
                usable,
            } => d(
                USAGE,
                "actor.certificate_not_usable",
                msg!("actor-certificate-not-usable"),
            )
            .hint(msg!("actor-choose-certificate-hint"))
            .arg("cert", *cert)
            .arg("person", person)
            .arg("usable", usable),
            E::ProofCertAmbiguous { person, usable } => d(
                USAGE,
                "actor.certificate_ambiguous",
                msg!("actor-certificate-ambiguous"),
            )
            .hint(msg!("actor-choose-certificate-hint"))
            .arg("person", person)
            .arg("usable", usable),
            E::ProofPinNeeded { person, cert } => {
                d(USAGE, "actor.pin_needed", msg!("actor-pin-needed"))
                    .hint(msg!("actor-pin-needed-hint"))
                    .arg("person", person)
                    .arg("cert", *cert)
            }
            E::OrgDiffers {
                uscc,
                org,
                field,
                stored,
                given,
            } => d(REFUSED, "org.add.differs", msg!("org-add-differs"))
                .hint(msg!("org-add-differs-hint"))
                .rule(D1)
                .arg("uscc", uscc)
                .arg("org", *org)
                .arg(
                    "field",
                    Arg::Msg(match field {
                        OrgField::Name => msg!("org-field-name"),
                        OrgField::LegalRep => msg!("org-field-legal-rep"),
                        OrgField::LegalRepId => msg!("org-field-legal-rep-id"),
                    }),
                )
                .arg("stored", stored)
                .arg("given", given),
            E::OrgAdminNotMember {
                uscc,
                org,
                person,
                admin,
            } => d(
                REFUSED,
                "org.add.admin_not_member",
                msg!("org-add-admin-not-member"),
            )
            .hint(msg!("org-add-admin-not-member-hint"))
            .rule(D2)
            .arg("uscc", uscc)
            .arg("org", *org)
            .arg("person", person)
            .arg("admin", admin),
            E::OrgNameTaken { name, org, uscc } => {
                d(REFUSED, "org.add.name_taken", msg!("org-add-name-taken"))
                    .hint(msg!("org-add-name-taken-hint"))
                    .rule(D1)
                    .arg("name", name)
                    .arg("org", *org)
                    .arg("uscc", uscc)
            }
            E::InvalidUscc {
                field,
                value,
                problem,
            } => {
                let (code, problem_id) = match problem {
                    UsccProblem::Length(_) => ("org.uscc.length", msg!("uscc-problem-length")),
                    UsccProblem::Character(_) => {
                        ("org.uscc.character", msg!("uscc-problem-character"))
                    }
                    UsccProblem::Check { .. } => ("org.uscc.check", msg!("uscc-problem-check")),
                };
                let d = d(BAD_INPUT, code, msg!("org-uscc-invalid"))
                    .rule(D1)
                    .arg("field", field)
                    .arg("value", value)
                    .arg("problem", Arg::Msg(problem_id));
                match problem {
                    UsccProblem::Length(n) => d.arg("chars", *n),
                    UsccProblem::Character(c) => d.arg("char", c.to_string()),
                    UsccProblem::Check { expected, got } => d
                        .arg("expected", expected.to_string())
                        .arg("got", got.to_string()),
                }
            }
            E::LetterWithFace => d(
                USAGE,
                "org.authorize.letter_with_face",
                msg!("org-authorize-letter-with-face"),
            ),
            E::LetterMissing => d(
                USAGE,
                "org.authorize.letter_missing",
                msg!("org-authorize-letter-missing"),
            )
            .hint(msg!("org-authorize-letter-missing-hint")),
            E::LetterUnreadable => d(
                BAD_INPUT,
                "org.authorize.letter_unreadable",
                msg!("org-authorize-letter-unreadable"),
            )
            .hint(msg!("org-authorize-letter-unreadable-hint"))
            .rule(D1),
            E::AlreadyAuthorized { org, method, at } => d(
                REFUSED,
                "org.authorize.already",
                msg!("org-authorize-already"),
            )
            .arg("org", org)
            .arg("method", method)
            .arg("at", at),
            E::AlreadyMember { person, admin, org } => {
                d(REFUSED, "org.member.already", msg!("org-member-already"))
                    .arg("person", person)
                    .arg("role", Arg::Msg(role_id(*admin)))
                    .arg("org", org)
            }
            E::NotMember { person, org } => d(
                NOT_FOUND,
                "org.member.not_member",
                msg!("org-member-not-member"),
            )
            .hint(msg!("org-members-hint"))
            .arg("person", person)
            .arg("org", org),
            E::RemoveAdmin { person, org } => d(
                REFUSED,
                "org.member.remove_admin",
                msg!("org-member-remove-admin"),
            )
            .hint(msg!("org-member-remove-admin-hint"))
            .rule(D2)
            .arg("person", person)
            .arg("org", org),
            E::MemberHasRights {
                person,
                org,
                certs,
                grants,
            } => {
                let message = match (certs.is_empty(), grants.is_empty()) {
                    (false, true) => msg!("org-member-has-certs"),
                    (true, false) => msg!("org-member-has-grants"),
                    _ => msg!("org-member-has-both"),
                };
                let mut seals: Vec<Id> = grants.iter().map(|(_, s)| *s).collect();
                seals.sort_unstable();
                seals.dedup();
                d(REFUSED, "org.member.has_rights", message)
                    .hint(msg!("org-member-has-rights-hint"))
                    .rule(D5)
                    .arg("person", person)
                    .arg("org", org)
                    .arg("certs", ids(certs.iter().map(Id::to_string)))
                    .arg("grants", ids(grants.iter().map(|(g, _)| g.to_string())))
                    .arg("seals", ids(seals.iter().map(Id::to_string)))
            }
            E::AlreadyAdmin { person, org } => d(
                REFUSED,
                "org.transfer.already_admin",
                msg!("org-transfer-already-admin"),
            )
            .arg("person", person)
            .arg("org", org),
            E::TransferToNonMember { person, org } => d(
                REFUSED,
                "org.transfer.not_member",
                msg!("org-transfer-not-member"),
            )
            .hint(msg!("org-add-member-hint"))
            .rule(D2)
            .arg("person", person)
            .arg("org", org),
            E::PersonDiffers {
                id_type,
                id_number,
                person,
                field,
                stored,
                given,
            } => d(REFUSED, "person.add.differs", msg!("person-add-differs"))
                .hint(msg!("person-add-differs-hint"))
                .rule(D2)
                .arg("id_type", id_type_label(*id_type))
                .arg("id_number", id_number)
                .arg("person", *person)
                .arg(
                    "field",
                    Arg::Msg(match field {
                        PersonField::Name => msg!("person-field-name"),
                        PersonField::Email => msg!("person-field-email"),
                        PersonField::Phone => msg!("person-field-phone"),
                    }),
                )
                .arg("stored", stored.as_deref().unwrap_or("-"))
                .arg("given", given),
            E::InvalidResidentId {
                field,
                value,
                problem,
            } => {
                let (code, problem_id) = match problem {
                    ResidentIdProblem::Length(_) => (
                        "person.resident_id.length",
                        msg!("resident-id-problem-length"),
                    ),
                    ResidentIdProblem::NotDigits => (
                        "person.resident_id.not_digits",
                        msg!("resident-id-problem-not-digits"),
                    ),
                    ResidentIdProblem::BirthDate(_) => (
                        "person.resident_id.birth_date",
                        msg!("resident-id-problem-birth-date"),
                    ),
                    ResidentIdProblem::Check { .. } => (
                        "person.resident_id.check",
                        msg!("resident-id-problem-check"),
                    ),
                };
                let d = d(BAD_INPUT, code, msg!("person-resident-id-invalid"))
                    .rule(D2)
                    .arg("field", field)
                    .arg("value", value)
                    .arg("problem", Arg::Msg(problem_id));
                match problem {
                    ResidentIdProblem::Length(n) => d.arg("chars", *n),
                    ResidentIdProblem::NotDigits => d,
                    ResidentIdProblem::BirthDate(b) => d.arg("birth", b),
                    ResidentIdProblem::Check { expected, got } => d
                        .arg("expected", expected.to_string())
                        .arg("got", got.to_string()),
                }
            }
            E::InvalidIdNumber {
                field,
                value,
                id_type,
            } => d(
                BAD_INPUT,
                "person.id_number.invalid",
                msg!("person-id-number-invalid"),
            )
            .arg("field", field)
            .arg("value", value)
            .arg("id_type", id_type_label(*id_type)),
            E::InvalidEmail { field, value } => d(
                BAD_INPUT,
                "person.email.invalid",
                msg!("person-email-invalid"),
            )
            .arg("field", field)
            .arg("value", value),
            E::InvalidPhone { field, value } => d(
                BAD_INPUT,
                "person.phone.invalid",
                msg!("person-phone-invalid"),
            )
            .arg("field", field)
            .arg("value", value),
            E::OutOfRange {
                field,
                value,
                min,
                max,
            } => d(
                BAD_INPUT,
                "package.buy.out_of_range",
                msg!("package-out-of-range"),
            )
            .arg("field", field)
            .arg("value", *value)
            .arg("min", *min)
            .arg("max", *max),
            E::OrgNotAuthorized { org } => d(
                REFUSED,
                "package.buy.not_authorized",
                msg!("package-buy-not-authorized"),
            )
            .hint(msg!("package-buy-not-authorized-hint"))
            .rule(D1)
            .arg("org", org),
            E::EmptyPackage => d(BAD_INPUT, "package.buy.empty", msg!("package-buy-empty"))
                .hint(msg!("package-buy-empty-hint"))
                .rule(D3),
            E::NoSuchPackage { package } => {
                d(NOT_FOUND, "package.not_found", msg!("package-not-found"))
                    .hint(msg!("package-list-hint"))
                    .arg("package", *package)
            }
        }
    }
}

/// A member's role as the catalogue names it.
pub fn role_id(admin: bool) -> &'static str {
    if admin {
        msg!("role-admin")
    } else {
        msg!("role-member")
    }
}

impl fmt::Display for PartyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe().message_in(crate::i18n::lang()))
    }
}

impl std::error::Error for PartyError {}

impl From<PartyError> for Error {
    fn from(e: PartyError) -> Self {
        Error::from_typed(e)
    }
}

#[cfg(test)]
mod tests;

/// The message naming an ID document type in the reader's language (`resident` is
/// 居民身份证 in Chinese text).
pub fn id_type_msg(id_type: IdType) -> &'static str {
    match id_type {
        IdType::Resident => msg!("id-type-resident"),
        IdType::Passport => msg!("id-type-passport"),
        IdType::Other => msg!("id-type-other"),
    }
}

fn id_type_label(id_type: IdType) -> Arg {
    Arg::Msg(id_type_msg(id_type))
}
