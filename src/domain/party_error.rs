//! The refusals and errors of the party area — enterprises (D1), persons and administrators
//! (D2), packages (D3), who may act (`--as`), and the onboarding import (`catool import`,
//! JSON or CSV) — as data: each variant has a stable code, a catalogue message, a hint
//! where the user can do something, and the rule it enforces (see `crate::i18n`).

use std::fmt;

use super::rules::{D1, D2, D3, D5};
use crate::error::exit::{BAD_INPUT, NOT_FOUND, REFUSED, USAGE};
use crate::error::{Error, exit};
use crate::i18n::{Arg, Catalogued, Described};
use crate::model::Id;
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
    RecordPayment,
    // authorities and settings
    CreateCa,
    ChangeCa,
    CreateTsa,
    ChangeSettings,
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
    pub const ALL: [Act; 35] = [
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
        Act::RecordPayment,
        Act::CreateCa,
        Act::ChangeCa,
        Act::CreateTsa,
        Act::ChangeSettings,
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
            Act::RecordPayment => msg!("act-record-payment"),
            Act::CreateCa => msg!("act-create-ca"),
            Act::ChangeCa => msg!("act-change-ca"),
            Act::CreateTsa => msg!("act-create-tsa"),
            Act::ChangeSettings => msg!("act-change-settings"),
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

/// Where in an onboarding document something is: a JSON field (`persons[0].id_number`) or
/// a CSV sheet's line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Spot {
    Json {
        path: String,
    },
    Csv {
        file: String,
        line: i64,
        column: Option<String>,
    },
}

impl Spot {
    /// Its catalogue entry and that entry's arguments (`at_…`).
    fn entry(&self) -> (&'static str, Vec<(&'static str, Arg)>) {
        match self {
            Spot::Json { path } => (msg!("spot-json"), vec![("at_path", Arg::from(path))]),
            Spot::Csv { file, line, column } => {
                let mut args = vec![("at_file", Arg::from(file)), ("at_line", Arg::Num(*line))];
                match column {
                    Some(c) => {
                        args.push(("at_column", Arg::from(c)));
                        (msg!("spot-csv-column"), args)
                    }
                    None => (msg!("spot-csv"), args),
                }
            }
        }
    }

    /// The spot in the current language: `import persons[0].id_number`,
    /// `onboarding.csv line 4, column id_number`.
    pub fn render(&self) -> String {
        let (id, args) = self.entry();
        crate::i18n::text(crate::i18n::lang(), id, &args)
    }
}

/// What is wrong with a path an import document names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathProblem {
    Absolute,
    Parent,
    Empty,
}

/// Which entity of a CSV sheet two rows describe differently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CsvEntity {
    Person { id_number: String },
    Org { uscc: String },
    Package { number: i64, uscc: String },
}

/// What a CSV row lacks for a value it gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvNeed {
    /// The person (name and id_number).
    Person,
    /// The enterprise (uscc).
    Uscc,
    /// A certificate (cert_kind).
    CertKind,
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
        id_type: String,
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
        id_type: String,
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
    // ---- the import document (`catool import`)
    ImportNotDocument {
        file: String,
        detail: String,
    },
    ImportPathOutside {
        at: Spot,
        path: String,
        problem: PathProblem,
    },
    ImportBadAuthorize {
        at: Spot,
        value: String,
    },
    ImportLetterWithoutMethod {
        at: Spot,
        column: String,
    },
    ImportBadIdType {
        at: Spot,
        value: String,
    },
    ImportBadKind {
        at: Spot,
        value: String,
    },
    ImportPackageDiffers {
        at: Spot,
        package: Id,
        org: String,
        nth: i64,
        field: String,
        have: i64,
        want: i64,
    },
    ImportTooFewSlots {
        at: Spot,
        package: Id,
        have: i64,
        kind: String,
    },
    ImportOwnerDiffers {
        at: Spot,
        slot: Id,
        owner: String,
        given: String,
    },
    ImportHolderDiffers {
        at: Spot,
        slot: Id,
        holder: String,
        given: String,
    },
    // ---- the CSV sheet of an import
    CsvUtf16 {
        file: String,
    },
    CsvNotUtf8 {
        file: String,
        line: i64,
        byte: String,
    },
    CsvSyntax {
        file: String,
        line: i64,
        detail: String,
    },
    CsvEmpty {
        file: String,
    },
    CsvUnnamedColumn {
        at: Spot,
        index: i64,
    },
    CsvUnknownColumn {
        at: Spot,
        known: String,
    },
    CsvColumnTwice {
        at: Spot,
    },
    CsvMissingColumn {
        at: Spot,
        column: String,
        required: String,
    },
    CsvFieldCount {
        at: Spot,
        values: i64,
        columns: i64,
    },
    CsvDiffers {
        at: Spot,
        value: String,
        old: String,
        old_line: i64,
        entity: CsvEntity,
    },
    CsvNotNumber {
        at: Spot,
        value: String,
    },
    CsvShortenedNumber {
        at: Spot,
        value: String,
    },
    CsvOrphanValue {
        at: Spot,
        needs: CsvNeed,
    },
    CsvPersonIncomplete {
        at: Spot,
        given: String,
    },
    CsvSecondAdmin {
        at: Spot,
        uscc: String,
        old_line: i64,
        old: String,
    },
    CsvBadRole {
        at: Spot,
        value: String,
    },
    CsvBadPackageNumber {
        at: Spot,
        value: i64,
    },
    CsvCertWithoutPerson {
        at: Spot,
    },
    CsvOrgIncomplete {
        at: Spot,
        uscc: String,
        missing: String,
    },
    CsvPackageGap {
        at: Spot,
        number: i64,
        uscc: String,
        expected: i64,
    },
}

fn d(exit: u8, code: &'static str, message: &'static str) -> Described {
    Described::new(exit, code, message)
}

/// `d` quoting `spot` as `$at` (a nested entry with its own arguments `at_…`).
fn with_spot(mut d: Described, spot: &Spot) -> Described {
    let (id, args) = spot.entry();
    d.args.extend(args);
    d.arg("at", Arg::Msg(id))
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
                .arg("id_type", id_type)
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
            .arg("id_type", id_type),
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
            E::ImportNotDocument { file, detail } => d(
                BAD_INPUT,
                "import.document.invalid",
                msg!("import-not-document"),
            )
            .hint(msg!("import-not-document-hint"))
            .arg("file", file)
            .arg("detail", detail),
            E::ImportPathOutside { at, path, problem } => with_spot(
                d(
                    BAD_INPUT,
                    "import.path.outside",
                    msg!("import-path-outside"),
                ),
                at,
            )
            .hint(msg!("import-path-outside-hint"))
            .arg("path", path)
            .arg(
                "how",
                match problem {
                    PathProblem::Absolute => "absolute",
                    PathProblem::Parent => "parent",
                    PathProblem::Empty => "empty",
                },
            ),
            E::ImportBadAuthorize { at, value } => with_spot(
                d(
                    BAD_INPUT,
                    "import.authorize.invalid",
                    msg!("import-authorize-invalid"),
                ),
                at,
            )
            .arg("value", value),
            E::ImportLetterWithoutMethod { at, column } => with_spot(
                d(
                    BAD_INPUT,
                    "import.letter.without_method",
                    msg!("import-letter-without-method"),
                ),
                at,
            )
            .arg("column", column),
            E::ImportBadIdType { at, value } => with_spot(
                d(
                    BAD_INPUT,
                    "import.id_type.invalid",
                    msg!("import-id-type-invalid"),
                ),
                at,
            )
            .arg("value", value),
            E::ImportBadKind { at, value } => with_spot(
                d(
                    BAD_INPUT,
                    "import.kind.invalid",
                    msg!("import-kind-invalid"),
                ),
                at,
            )
            .arg("value", value),
            E::ImportPackageDiffers {
                at,
                package,
                org,
                nth,
                field,
                have,
                want,
            } => with_spot(
                d(
                    REFUSED,
                    "import.package.differs",
                    msg!("import-package-differs"),
                ),
                at,
            )
            .hint(msg!("import-package-differs-hint"))
            .rule(D3)
            .arg("package", *package)
            .arg("org", org)
            .arg("nth", *nth)
            .arg("field", field)
            .arg("have", *have)
            .arg("want", *want),
            E::ImportTooFewSlots {
                at,
                package,
                have,
                kind,
            } => with_spot(
                d(
                    REFUSED,
                    "import.package.too_few_slots",
                    msg!("import-too-few-slots"),
                ),
                at,
            )
            .hint(msg!("import-too-few-slots-hint"))
            .rule(D3)
            .arg("package", *package)
            .arg("have", *have)
            .arg("kind", kind),
            E::ImportOwnerDiffers {
                at,
                slot,
                owner,
                given,
            } => with_spot(
                d(
                    REFUSED,
                    "import.slot.owner_differs",
                    msg!("import-owner-differs"),
                ),
                at,
            )
            .rule(D5)
            .arg("slot", *slot)
            .arg("owner", owner)
            .arg("given", given),
            E::ImportHolderDiffers {
                at,
                slot,
                holder,
                given,
            } => with_spot(
                d(
                    REFUSED,
                    "import.slot.holder_differs",
                    msg!("import-holder-differs"),
                ),
                at,
            )
            .hint(msg!("import-holder-differs-hint"))
            .rule(D5)
            .arg("slot", *slot)
            .arg("holder", holder)
            .arg("given", given),
            E::CsvUtf16 { file } => d(BAD_INPUT, "import.csv.utf16", msg!("csv-utf16"))
                .hint(msg!("csv-save-as-utf8-hint"))
                .arg("file", file),
            E::CsvNotUtf8 { file, line, byte } => {
                d(BAD_INPUT, "import.csv.not_utf8", msg!("csv-not-utf8"))
                    .hint(msg!("csv-not-utf8-hint"))
                    .arg("file", file)
                    .arg("line", *line)
                    .arg("byte", byte)
            }
            E::CsvSyntax { file, line, detail } => {
                d(BAD_INPUT, "import.csv.syntax", msg!("csv-syntax"))
                    .arg("file", file)
                    .arg("line", *line)
                    .arg("detail", detail)
            }
            E::CsvEmpty { file } => d(BAD_INPUT, "import.csv.empty", msg!("csv-empty"))
                .hint(msg!("csv-columns-hint"))
                .arg("file", file),
            E::CsvUnnamedColumn { at, index } => with_spot(
                d(
                    BAD_INPUT,
                    "import.csv.unnamed_column",
                    msg!("csv-unnamed-column"),
                ),
                at,
            )
            .hint(msg!("csv-unnamed-column-hint"))
            .arg("index", *index),
            E::CsvUnknownColumn { at, known } => with_spot(
                d(
                    BAD_INPUT,
                    "import.csv.unknown_column",
                    msg!("csv-unknown-column"),
                ),
                at,
            )
            .arg("known", known),
            E::CsvColumnTwice { at } => with_spot(
                d(
                    BAD_INPUT,
                    "import.csv.column_twice",
                    msg!("csv-column-twice"),
                ),
                at,
            ),
            E::CsvMissingColumn {
                at,
                column,
                required,
            } => with_spot(
                d(
                    BAD_INPUT,
                    "import.csv.missing_column",
                    msg!("csv-missing-column"),
                ),
                at,
            )
            .arg("column", column)
            .arg("required", required),
            E::CsvFieldCount {
                at,
                values,
                columns,
            } => with_spot(
                d(BAD_INPUT, "import.csv.field_count", msg!("csv-field-count")),
                at,
            )
            .hint(msg!("csv-field-count-hint"))
            .arg("values", *values)
            .arg("columns", *columns),
            E::CsvDiffers {
                at,
                value,
                old,
                old_line,
                entity,
            } => {
                let d = with_spot(d(BAD_INPUT, "import.csv.differs", msg!("csv-differs")), at)
                    .hint(msg!("csv-differs-hint"))
                    .arg("value", value)
                    .arg("old", old)
                    .arg("old_line", *old_line);
                match entity {
                    CsvEntity::Person { id_number } => d
                        .arg("entity", Arg::Msg(msg!("csv-entity-person")))
                        .arg("id_number", id_number),
                    CsvEntity::Org { uscc } => d
                        .arg("entity", Arg::Msg(msg!("csv-entity-org")))
                        .arg("uscc", uscc),
                    CsvEntity::Package { number, uscc } => d
                        .arg("entity", Arg::Msg(msg!("csv-entity-package")))
                        .arg("number", *number)
                        .arg("uscc", uscc),
                }
            }
            E::CsvNotNumber { at, value } => with_spot(
                d(
                    BAD_INPUT,
                    "import.csv.not_a_number",
                    msg!("csv-not-a-number"),
                ),
                at,
            )
            .arg("value", value),
            E::CsvShortenedNumber { at, value } => with_spot(
                d(
                    BAD_INPUT,
                    "import.csv.shortened_number",
                    msg!("csv-shortened-number"),
                ),
                at,
            )
            .hint(msg!("csv-shortened-number-hint"))
            .arg("value", value),
            E::CsvOrphanValue { at, needs } => with_spot(
                d(
                    BAD_INPUT,
                    "import.csv.orphan_value",
                    msg!("csv-orphan-value"),
                ),
                at,
            )
            .arg(
                "needs",
                Arg::Msg(match needs {
                    CsvNeed::Person => msg!("csv-needs-person"),
                    CsvNeed::Uscc => msg!("csv-needs-uscc"),
                    CsvNeed::CertKind => msg!("csv-needs-cert-kind"),
                }),
            ),
            E::CsvPersonIncomplete { at, given } => with_spot(
                d(
                    BAD_INPUT,
                    "import.csv.person_incomplete",
                    msg!("csv-person-incomplete"),
                ),
                at,
            )
            .arg("given", given),
            E::CsvSecondAdmin {
                at,
                uscc,
                old_line,
                old,
            } => with_spot(
                d(
                    BAD_INPUT,
                    "import.csv.second_admin",
                    msg!("csv-second-admin"),
                ),
                at,
            )
            .rule(D2)
            .arg("uscc", uscc)
            .arg("old_line", *old_line)
            .arg("old", old),
            E::CsvBadRole { at, value } => with_spot(
                d(
                    BAD_INPUT,
                    "import.csv.role_invalid",
                    msg!("csv-role-invalid"),
                ),
                at,
            )
            .arg("value", value),
            E::CsvBadPackageNumber { at, value } => with_spot(
                d(
                    BAD_INPUT,
                    "import.csv.package_invalid",
                    msg!("csv-package-invalid"),
                ),
                at,
            )
            .arg("value", *value),
            E::CsvCertWithoutPerson { at } => with_spot(
                d(
                    BAD_INPUT,
                    "import.csv.cert_without_person",
                    msg!("csv-cert-without-person"),
                ),
                at,
            ),
            E::CsvOrgIncomplete { at, uscc, missing } => with_spot(
                d(
                    BAD_INPUT,
                    "import.csv.org_incomplete",
                    msg!("csv-org-incomplete"),
                ),
                at,
            )
            .hint(msg!("csv-org-incomplete-hint"))
            .arg("uscc", uscc)
            .arg("missing", missing),
            E::CsvPackageGap {
                at,
                number,
                uscc,
                expected,
            } => with_spot(
                d(BAD_INPUT, "import.csv.package_gap", msg!("csv-package-gap")),
                at,
            )
            .hint(msg!("csv-package-gap-hint"))
            .arg("number", *number)
            .arg("uscc", uscc)
            .arg("expected", *expected),
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

/// An error of one row of an import document: what the single command's domain function
/// said, prefixed by where the row is (`import persons[0].id_number: …`,
/// `onboarding.csv line 4, column id_number: …`). Its code, hint, rule and exit code are the
/// inner error's; a flag the inner message names (`--id-number`) is called by the
/// document's name for that field (`id_number`).
#[derive(Debug, Clone)]
pub struct ImportAt {
    pub at: Spot,
    /// The document's name for the field the inner error calls by its flag.
    pub field_as: Option<String>,
    pub inner: Error,
}

impl Catalogued for ImportAt {
    fn describe(&self) -> Described {
        let d = match self.inner.described() {
            Some(mut d) => {
                if let Some(column) = &self.field_as {
                    for (name, value) in &mut d.args {
                        if *name == "field" {
                            *value = Arg::Text(column.clone());
                        }
                    }
                }
                let inner = d.message;
                d.message = msg!("import-at");
                d.arg("import_inner", Arg::Msg(inner))
            }
            None => Described::new(self.inner.code(), "import.row", msg!("import-at"))
                .arg("import_inner", self.inner.to_string()),
        };
        with_spot(d, &self.at)
    }
}

impl fmt::Display for ImportAt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe().message_in(crate::i18n::lang()))
    }
}

impl std::error::Error for ImportAt {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.inner)
    }
}

impl From<ImportAt> for Error {
    fn from(e: ImportAt) -> Self {
        Error::from_typed(e)
    }
}

/// How a failure of `e` keeps its kind when a row is named: the kinds a user's row causes
/// are prefixed; registry, check and internal failures are not about the row.
pub fn is_about_the_row(e: &Error) -> bool {
    matches!(
        e.code(),
        exit::USAGE | exit::NOT_FOUND | exit::REFUSED | exit::BAD_INPUT
    ) && !matches!(e, Error::Partial { .. })
}

#[cfg(test)]
mod tests;
