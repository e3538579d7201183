//! The errors of the registry itself, as data: a file that cannot be opened, is not a
//! registry, was written by a newer catool or altered outside catool; a value it holds that
//! catool never writes; what its schema refuses (D1, D2, D4, D5, D13); and a reference to a
//! row that is not there. Each variant has a stable code (`registry.…`), a catalogue message
//! (i18n/*/registry.ftl), a hint where the user can do something and the rule it enforces.

use std::fmt;

use crate::domain::rules::{D1, D2, D4, D5, D13};
use crate::error::Error;
use crate::error::exit::{INTERNAL, NOT_FOUND, REFUSED, REGISTRY, USAGE};
use crate::i18n::{Arg, Catalogued, Described, Lang};
use crate::model::Id;
use crate::model::vocab::{IdType, UnknownText};
use crate::msg;

/// Why a file is not a catool registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotRegistry {
    /// SQLite does not recognise it as a database.
    NotSqlite,
    /// An SQLite database of another application (another `application_id`, or tables).
    OtherApplication,
    /// SQLite refused it, saying this.
    Sqlite(String),
}

/// How an object of the schema differs from the one catool's migrations make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaChange {
    /// catool makes it; the file lacks it.
    Dropped,
    /// Same name, other SQL (a constraint or trigger changed).
    Redefined,
    /// The file has it; catool does not make it.
    Added,
}

/// One difference between a file's schema and catool's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaProblem {
    /// SQLite's word for the object: `table`, `index`, `trigger`, `view`.
    pub kind: String,
    pub name: String,
    pub change: SchemaChange,
}

impl SchemaProblem {
    fn id(&self) -> &'static str {
        match self.change {
            SchemaChange::Dropped => msg!("registry-schema-dropped"),
            SchemaChange::Redefined => msg!("registry-schema-redefined"),
            SchemaChange::Added => msg!("registry-schema-added"),
        }
    }

    fn args(&self) -> Vec<(&'static str, Arg)> {
        vec![
            ("object_kind", Arg::from(&self.kind)),
            ("object", Arg::from(&self.name)),
        ]
    }

    /// The difference in `lang` (`log verify` reports it in English).
    pub fn text_in(&self, lang: Lang) -> String {
        crate::i18n::text(lang, self.id(), &self.args())
    }
}

impl fmt::Display for SchemaProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text_in(Lang::En))
    }
}

/// Every error of the registry, with the data its message quotes.
#[derive(Debug, Clone, PartialEq)]
pub enum RegistryError {
    // ---- opening the file
    DirectoryMissing {
        path: String,
        dir: String,
    },
    IsDirectory {
        path: String,
    },
    /// The synthetic registry generator (benchmarks) writes only new files.
    SyntheticTargetExists {
        path: String,
    },
    /// `registry copy`: no registry where `--from` points.
    CopySourceMissing {
        path: String,
    },
    /// `registry copy`: `--from` and `--to` are the same registry.
    CopySame {
        path: String,
    },
    /// `registry copy`: the target already holds a registry's rows (`table` has some).
    CopyTargetNotEmpty {
        target: String,
        table: String,
    },
    CannotOpen {
        path: String,
        why: String,
    },
    /// A symbolic link where the registry's path, resolved when the command started, had
    /// none: planted since (SQLite opens with `SQLITE_OPEN_NOFOLLOW`), never followed.
    LinkFound {
        path: String,
    },
    NotARegistry {
        path: String,
        why: NotRegistry,
    },
    CannotWrite {
        path: String,
        why: String,
    },
    NotWal {
        path: String,
        mode: String,
    },
    // ---- its schema
    CannotLock {
        why: String,
    },
    Newer {
        path: String,
        version: i64,
        known: i64,
    },
    MigrationFailed {
        path: String,
        to: i64,
        why: String,
    },
    /// A migration would leave rows referring to missing rows (nothing was changed).
    MigrationDangling {
        to: i64,
    },
    Altered {
        path: String,
        first: SchemaProblem,
        more: i64,
    },
    // ---- using it
    Busy {
        secs: i64,
    },
    ReadOnly {
        why: String,
    },
    /// A stored value catool never writes (`what` names its vocabulary: a catalogue entry).
    UnknownValue {
        what: &'static str,
        value: String,
    },
    AppendFailed {
        why: String,
    },
    /// A stored value of a kind catool never keeps in its column: text that is not UTF-8,
    /// bytes, or a number where text belongs, or text where a number does (an edit of the
    /// file: SQLite keeps what an edit gives it): `value` as text, with bytes that are not
    /// UTF-8 replaced, its first 60 characters.
    WrongKind {
        value: String,
    },
    // ---- what the schema refuses
    SlotHasCertificate {
        slot: Id,
    },
    AccountAlreadyBound {
        cert: Id,
        person: Id,
    },
    OwnerPermanent {
        slot: Id,
    },
    CaNameTaken {
        name: String,
    },
    TsaNameTaken {
        name: String,
    },
    UsccTaken {
        uscc: String,
    },
    PersonTaken {
        id_type: IdType,
        id_number: String,
    },
    SecondAdmin {
        org: Id,
    },
    // ---- rows that are not there, or not one
    CertNotFound {
        cert: Id,
    },
    SlotNotFound {
        slot: Id,
    },
    SealNotFound {
        seal: Id,
    },
    GrantNotFound {
        grant: Id,
    },
    CaNotFound {
        reference: String,
    },
    TsaNotFound {
        reference: String,
    },
    OrgNotFound {
        reference: String,
    },
    PersonNotFound {
        reference: String,
    },
    NoCa,
    NoTsa,
    SeveralCas {
        count: i64,
    },
    SeveralTsas {
        count: i64,
    },
    /// Several enterprises answer to `reference`: (id, USCC) of each.
    OrgAmbiguous {
        reference: String,
        candidates: Vec<(Id, String)>,
    },
    /// Several persons answer to `reference`: (id, last four characters of the ID number).
    PersonAmbiguous {
        reference: String,
        candidates: Vec<(Id, String)>,
    },
}

fn d(exit: u8, code: &'static str, message: &'static str) -> Described {
    Described::new(exit, code, message)
}

fn not_registry(why: &NotRegistry) -> Arg {
    match why {
        NotRegistry::NotSqlite => Arg::Msg(msg!("registry-not-sqlite")),
        NotRegistry::OtherApplication => Arg::Msg(msg!("registry-other-application")),
        NotRegistry::Sqlite(s) => Arg::from(s),
    }
}

/// Candidates as `1 (…), 2 (…)`: ids and what tells them apart, in no language.
fn candidates(list: &[(Id, String)]) -> Arg {
    let parts: Vec<String> = list.iter().map(|(id, c)| format!("{id} ({c})")).collect();
    Arg::Text(parts.join(", "))
}

fn count(list: &[(Id, String)]) -> i64 {
    i64::try_from(list.len()).unwrap_or(i64::MAX)
}

impl Catalogued for RegistryError {
    fn describe(&self) -> Described {
        use RegistryError as E;
        match self {
            E::DirectoryMissing { path, dir } => d(
                REGISTRY,
                "registry.open.no_directory",
                msg!("registry-no-directory"),
            )
            .hint(msg!("registry-no-directory-hint"))
            .arg("path", path)
            .arg("dir", dir),
            E::IsDirectory { path } => d(
                REGISTRY,
                "registry.open.directory",
                msg!("registry-is-directory"),
            )
            .hint(msg!("registry-is-directory-hint"))
            .arg("path", path),
            E::CopySourceMissing { path } => d(
                NOT_FOUND,
                "registry.copy.source_missing",
                msg!("registry-copy-source-missing"),
            )
            .hint(msg!("registry-copy-source-hint"))
            .arg("path", path),
            E::CopySame { path } => {
                d(USAGE, "registry.copy.same", msg!("registry-copy-same")).arg("path", path)
            }
            E::CopyTargetNotEmpty { target, table } => d(
                REFUSED,
                "registry.copy.target_not_empty",
                msg!("registry-copy-target-not-empty"),
            )
            .hint(msg!("registry-copy-target-hint"))
            .arg("target", target)
            .arg("table", table),
            E::SyntheticTargetExists { path } => d(
                USAGE,
                "registry.synthetic.exists",
                msg!("registry-synthetic-exists"),
            )
            .hint(msg!("registry-synthetic-exists-hint"))
            .arg("path", path),
            E::CannotOpen { path, why } => d(
                REGISTRY,
                "registry.open.failed",
                msg!("registry-cannot-open"),
            )
            .hint(msg!("registry-cannot-open-hint"))
            .arg("path", path)
            .arg("why", why),
            E::LinkFound { path } => d(
                REGISTRY,
                "registry.open.link_found",
                msg!("registry-link-found"),
            )
            .hint(msg!("registry-link-found-hint"))
            .arg("path", path),
            E::NotARegistry { path, why } => d(
                REGISTRY,
                "registry.open.not_a_registry",
                msg!("registry-not-a-registry"),
            )
            .hint(msg!("registry-not-a-registry-hint"))
            .arg("path", path)
            .arg("why", not_registry(why)),
            E::CannotWrite { path, why } => d(
                REGISTRY,
                "registry.open.not_writable",
                msg!("registry-cannot-write"),
            )
            .hint(msg!("registry-check-permissions-hint"))
            .arg("path", path)
            .arg("why", why),
            E::NotWal { path, mode } => {
                d(REGISTRY, "registry.open.not_wal", msg!("registry-not-wal"))
                    .hint(msg!("registry-not-wal-hint"))
                    .arg("path", path)
                    .arg("mode", mode)
            }
            E::CannotLock { why } => d(
                REGISTRY,
                "registry.migrate.locked",
                msg!("registry-cannot-lock"),
            )
            .hint(msg!("registry-try-again-hint"))
            .arg("why", why),
            E::Newer {
                path,
                version,
                known,
            } => d(REGISTRY, "registry.migrate.newer", msg!("registry-newer"))
                .hint(msg!("registry-newer-hint"))
                .arg("path", path)
                .arg("version", *version)
                .arg("known", *known),
            E::MigrationFailed { path, to, why } => d(
                REGISTRY,
                "registry.migrate.failed",
                msg!("registry-migration-failed"),
            )
            .hint(msg!("registry-restore-hint"))
            .arg("path", path)
            .arg("to", *to)
            .arg("why", why),
            E::MigrationDangling { to } => d(
                INTERNAL,
                "registry.migrate.dangling",
                msg!("registry-migration-dangling"),
            )
            .arg("to", *to),
            E::Altered { path, first, more } => {
                let mut described = d(
                    REGISTRY,
                    "registry.schema.altered",
                    msg!("registry-altered"),
                )
                .hint(msg!("registry-altered-hint"))
                .arg("path", path)
                .arg("problem", Arg::Msg(first.id()))
                .arg("more", *more);
                described.args.extend(first.args());
                described
            }
            E::Busy { secs } => d(REGISTRY, "registry.busy", msg!("registry-busy"))
                .hint(msg!("registry-try-again-hint"))
                .arg("secs", *secs),
            E::ReadOnly { why } => d(REGISTRY, "registry.read_only", msg!("registry-read-only"))
                .hint(msg!("registry-check-permissions-hint"))
                .arg("why", why),
            E::UnknownValue { what, value } => d(
                REGISTRY,
                "registry.value.unknown",
                msg!("registry-unknown-value"),
            )
            .hint(msg!("registry-altered-hint"))
            .arg("what", Arg::Msg(what))
            .arg("value", value),
            E::WrongKind { value } => d(
                REGISTRY,
                "registry.value.wrong_kind",
                msg!("registry-wrong-kind"),
            )
            .hint(msg!("registry-altered-hint"))
            .arg("value", value),
            E::AppendFailed { why } => d(
                INTERNAL,
                "registry.history.append_failed",
                msg!("registry-append-failed"),
            )
            .arg("why", why),
            E::SlotHasCertificate { slot } => d(
                REFUSED,
                "registry.slot.has_certificate",
                msg!("registry-slot-has-certificate"),
            )
            .hint(msg!("registry-slot-has-certificate-hint"))
            .rule(D4)
            .arg("slot", *slot),
            E::AccountAlreadyBound { cert, person } => d(
                REFUSED,
                "registry.bind.taken",
                msg!("registry-account-already-bound"),
            )
            .hint(msg!("registry-account-already-bound-hint"))
            .rule(D13)
            .arg("cert", *cert)
            .arg("person", *person),
            E::OwnerPermanent { slot } => d(
                REFUSED,
                "registry.slot.owner_permanent",
                msg!("registry-owner-permanent"),
            )
            .rule(D5)
            .arg("slot", *slot),
            E::CaNameTaken { name } => d(
                REFUSED,
                "registry.ca.name_taken",
                msg!("registry-ca-name-taken"),
            )
            .hint(msg!("registry-name-taken-hint"))
            .arg("name", name),
            E::TsaNameTaken { name } => d(
                REFUSED,
                "registry.tsa.name_taken",
                msg!("registry-tsa-name-taken"),
            )
            .hint(msg!("registry-name-taken-hint"))
            .arg("name", name),
            E::UsccTaken { uscc } => d(
                REFUSED,
                "registry.org.uscc_taken",
                msg!("registry-uscc-taken"),
            )
            .hint(msg!("registry-uscc-taken-hint"))
            .rule(D1)
            .arg("uscc", uscc),
            E::PersonTaken { id_type, id_number } => d(
                REFUSED,
                "registry.person.taken",
                msg!("registry-person-taken"),
            )
            .hint(msg!("registry-person-taken-hint"))
            .rule(D2)
            .arg("id_type", Arg::Msg(id_type_word(*id_type)))
            .arg("id_number", id_number),
            E::SecondAdmin { org } => d(
                REFUSED,
                "registry.org.second_admin",
                msg!("registry-second-admin"),
            )
            .hint(msg!("registry-second-admin-hint"))
            .rule(D2)
            .arg("org", *org),
            E::CertNotFound { cert } => d(
                NOT_FOUND,
                "registry.cert.not_found",
                msg!("registry-cert-not-found"),
            )
            .hint(msg!("registry-cert-not-found-hint"))
            .arg("cert", *cert),
            E::SlotNotFound { slot } => d(
                NOT_FOUND,
                "registry.slot.not_found",
                msg!("registry-slot-not-found"),
            )
            .hint(msg!("registry-slot-not-found-hint"))
            .arg("slot", *slot),
            E::SealNotFound { seal } => d(
                NOT_FOUND,
                "registry.seal.not_found",
                msg!("registry-seal-not-found"),
            )
            .hint(msg!("registry-seal-not-found-hint"))
            .arg("seal", *seal),
            E::GrantNotFound { grant } => d(
                NOT_FOUND,
                "registry.grant.not_found",
                msg!("registry-grant-not-found"),
            )
            .hint(msg!("registry-grant-not-found-hint"))
            .arg("grant", *grant),
            E::CaNotFound { reference } => d(
                NOT_FOUND,
                "registry.ca.not_found",
                msg!("registry-ca-not-found"),
            )
            .hint(msg!("registry-ca-list-hint"))
            .arg("ca", reference),
            E::TsaNotFound { reference } => d(
                NOT_FOUND,
                "registry.tsa.not_found",
                msg!("registry-tsa-not-found"),
            )
            .hint(msg!("registry-tsa-list-hint"))
            .arg("tsa", reference),
            E::OrgNotFound { reference } => d(
                NOT_FOUND,
                "registry.org.not_found",
                msg!("registry-org-not-found"),
            )
            .hint(msg!("registry-org-not-found-hint"))
            .arg("org", reference),
            E::PersonNotFound { reference } => d(
                NOT_FOUND,
                "registry.person.not_found",
                msg!("registry-person-not-found"),
            )
            .hint(msg!("registry-person-not-found-hint"))
            .arg("person", reference),
            E::NoCa => d(NOT_FOUND, "registry.ca.none", msg!("registry-no-ca"))
                .hint(msg!("registry-no-ca-hint")),
            E::NoTsa => d(NOT_FOUND, "registry.tsa.none", msg!("registry-no-tsa"))
                .hint(msg!("registry-no-tsa-hint")),
            E::SeveralCas { count } => {
                d(USAGE, "registry.ca.several", msg!("registry-several-cas"))
                    .hint(msg!("registry-several-cas-hint"))
                    .arg("count", *count)
            }
            E::SeveralTsas { count } => {
                d(USAGE, "registry.tsa.several", msg!("registry-several-tsas"))
                    .hint(msg!("registry-several-tsas-hint"))
                    .arg("count", *count)
            }
            E::OrgAmbiguous {
                reference,
                candidates: list,
            } => d(
                USAGE,
                "registry.org.ambiguous",
                msg!("registry-org-ambiguous"),
            )
            .hint(msg!("registry-org-ambiguous-hint"))
            .arg("org", reference)
            .arg("count", count(list))
            .arg("candidates", candidates(list)),
            E::PersonAmbiguous {
                reference,
                candidates: list,
            } => d(
                USAGE,
                "registry.person.ambiguous",
                msg!("registry-person-ambiguous"),
            )
            .hint(msg!("registry-person-ambiguous-hint"))
            .arg("person", reference)
            .arg("count", count(list))
            .arg("candidates", candidates(list)),
        }
    }
}

/// An ID document type as the registry's messages name it.
fn id_type_word(t: IdType) -> &'static str {
    match t {
        IdType::Resident => msg!("registry-id-type-resident"),
        IdType::Passport => msg!("registry-id-type-passport"),
        IdType::Other => msg!("registry-id-type-other"),
    }
}

impl RegistryError {
    /// The message in `lang` (what `Display` prints in the chosen language).
    pub fn message_in(&self, lang: Lang) -> String {
        self.describe().message_in(lang)
    }
}

impl fmt::Display for RegistryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_in(crate::i18n::lang()))
    }
}

impl std::error::Error for RegistryError {}

impl From<RegistryError> for Error {
    fn from(e: RegistryError) -> Self {
        Error::from_typed(e)
    }
}

impl RegistryError {
    /// A stored value of a kind catool does not keep where it was read, as it is reported.
    pub(crate) fn wrong_kind(v: &super::backend::Value) -> RegistryError {
        use super::backend::Value;
        let text = match v {
            Value::Null => "NULL".to_string(),
            Value::Integer(i) => i.to_string(),
            Value::Real(f) => f.to_string(),
            Value::Text(t) => t.clone(),
            Value::Blob(b) => String::from_utf8_lossy(b).into_owned(),
        };
        RegistryError::WrongKind {
            value: text.chars().take(60).collect(),
        }
    }
}

/// An SQLite error no caller translated: a stored value catool never writes is the
/// registry's (`UnknownValue`, the file was edited); anything else is internal.
pub(crate) fn from_sqlite(e: rusqlite::Error) -> Error {
    if let rusqlite::Error::FromSqlConversionFailure(_, _, inner) = &e
        && let Some(u) = inner.downcast_ref::<UnknownText>()
    {
        return RegistryError::UnknownValue {
            what: u.what,
            value: u.value.clone(),
        }
        .into();
    }
    Error::Internal(format!("registry: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::testing::{all_rendered, assert_complete};

    fn s(v: &str) -> String {
        v.to_string()
    }

    /// One value of every variant.
    fn samples() -> Vec<RegistryError> {
        use RegistryError as E;
        let db = || s("/srv/catool/registry.db");
        vec![
            E::DirectoryMissing {
                path: db(),
                dir: s("/srv/catool"),
            },
            E::IsDirectory { path: db() },
            E::SyntheticTargetExists { path: db() },
            E::CopySourceMissing { path: db() },
            E::CopySame { path: db() },
            E::CopyTargetNotEmpty {
                target: s("postgres://catool@db.example/catool"),
                table: s("events"),
            },
            E::CannotOpen {
                path: db(),
                why: s("unable to open database file"),
            },
            E::LinkFound { path: db() },
            E::NotARegistry {
                path: db(),
                why: NotRegistry::NotSqlite,
            },
            E::NotARegistry {
                path: db(),
                why: NotRegistry::OtherApplication,
            },
            E::NotARegistry {
                path: db(),
                why: NotRegistry::Sqlite(s("file is not a database")),
            },
            E::CannotWrite {
                path: db(),
                why: s("attempt to write a readonly database"),
            },
            E::NotWal {
                path: db(),
                mode: s("delete"),
            },
            E::CannotLock {
                why: s("database is locked"),
            },
            E::Newer {
                path: db(),
                version: 9,
                known: 7,
            },
            E::MigrationFailed {
                path: db(),
                to: 5,
                why: s("table ca_crl already exists"),
            },
            E::MigrationDangling { to: 7 },
            E::Altered {
                path: db(),
                first: SchemaProblem {
                    kind: s("trigger"),
                    name: s("events_no_update"),
                    change: SchemaChange::Dropped,
                },
                more: 0,
            },
            E::Altered {
                path: db(),
                first: SchemaProblem {
                    kind: s("table"),
                    name: s("certs"),
                    change: SchemaChange::Redefined,
                },
                more: 2,
            },
            E::Altered {
                path: db(),
                first: SchemaProblem {
                    kind: s("index"),
                    name: s("my_index"),
                    change: SchemaChange::Added,
                },
                more: 1,
            },
            E::Busy { secs: 30 },
            E::ReadOnly {
                why: s("attempt to write a readonly database"),
            },
            E::UnknownValue {
                what: msg!("vocab-certificate-status"),
                value: s("expired"),
            },
            E::AppendFailed {
                why: s("UNIQUE constraint failed: events.seq"),
            },
            E::WrongKind {
                value: s("{\"reason\":\"key-compromise\u{fffd}\"}"),
            },
            E::SlotHasCertificate { slot: 3 },
            E::AccountAlreadyBound { cert: 4, person: 2 },
            E::OwnerPermanent { slot: 3 },
            E::CaNameTaken {
                name: s("平台SM2根CA"),
            },
            E::TsaNameTaken {
                name: s("平台时间戳"),
            },
            E::UsccTaken {
                uscc: s("91110108MA01ABCD1E"),
            },
            E::PersonTaken {
                id_type: IdType::Resident,
                id_number: s("110108199007050020"),
            },
            E::PersonTaken {
                id_type: IdType::Passport,
                id_number: s("E12345678"),
            },
            E::PersonTaken {
                id_type: IdType::Other,
                id_number: s("H12345678"),
            },
            E::SecondAdmin { org: 1 },
            E::CertNotFound { cert: 42 },
            E::SlotNotFound { slot: 42 },
            E::SealNotFound { seal: 42 },
            E::GrantNotFound { grant: 42 },
            E::CaNotFound {
                reference: s("旧CA"),
            },
            E::TsaNotFound { reference: s("7") },
            E::OrgNotFound {
                reference: s("北京某某科技有限公司"),
            },
            E::PersonNotFound {
                reference: s("nobody"),
            },
            E::NoCa,
            E::NoTsa,
            E::SeveralCas { count: 2 },
            E::SeveralTsas { count: 3 },
            E::OrgAmbiguous {
                reference: s("云签科技"),
                candidates: vec![(1, s("91110108MA01ABCD1E")), (4, s("91310115MA1K4XYW21"))],
            },
            E::PersonAmbiguous {
                reference: s("刘洋"),
                candidates: vec![(1, s("…0020")), (2, s("…0046"))],
            },
        ]
    }

    #[test]
    fn every_registry_error_renders_completely_in_both_languages() {
        assert_complete(&samples());
    }

    #[test]
    fn every_registry_error_in_english() {
        insta::assert_snapshot!(all_rendered(&samples(), Lang::En));
    }

    #[test]
    fn every_registry_error_in_chinese() {
        insta::assert_snapshot!(all_rendered(&samples(), Lang::ZhCn));
    }

    #[test]
    fn every_vocabulary_is_named_in_both_languages() {
        use crate::model::vocab::*;
        let names = [
            CertStatus::NAME,
            CertKind::NAME,
            SlotState::NAME,
            PackageStatus::NAME,
            SealState::NAME,
            SealSource::NAME,
            GrantState::NAME,
            Role::NAME,
            EventOutcome::NAME,
            Algo::NAME,
            SealKind::NAME,
            IdType::NAME,
            AuthMethod::NAME,
            crate::model::Stamp::NAME,
        ];
        for lang in Lang::ALL {
            for id in names {
                assert_ne!(crate::i18n::text(lang, id, &[]), id, "{}", lang.tag());
            }
        }
    }

    #[test]
    fn a_value_catool_never_writes_is_a_registry_error_naming_it() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let e = conn
            .query_row("SELECT 'expired'", [], |r| {
                r.get::<_, crate::model::CertStatus>(0)
            })
            .unwrap_err();
        let e = from_sqlite(e);
        assert_eq!(e.code(), REGISTRY);
        assert_eq!(
            e.typed::<RegistryError>(),
            Some(&RegistryError::UnknownValue {
                what: crate::model::CertStatus::NAME,
                value: s("expired")
            })
        );
        assert_eq!(
            e.described().map(|d| d.message_in(Lang::En)).as_deref(),
            Some("the registry holds 'expired' as a certificate status, which catool never writes")
        );
    }
}
