//! The refusals and errors of the onboarding import (`catool import`, JSON or CSV): the
//! document's own problems (`ImportError`, codes `import.…`), and an error of a single
//! command's domain function on one of its rows ([`ImportAt`]), named by where the row is
//! ([`Spot`]: a JSON path, or a CSV sheet's line and column).

use std::fmt;

use super::rules::{D2, D3, D5};
use crate::error::exit::{BAD_INPUT, REFUSED};
use crate::error::{Error, exit};
use crate::i18n::{Arg, Catalogued, Described};
use crate::model::Id;
use crate::msg;

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

pub use crate::input::PathProblem;

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

/// Every problem of an import document itself, with the data its message quotes.
#[derive(Debug, Clone, PartialEq)]
pub enum ImportError {
    // ---- the document
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

impl Catalogued for ImportError {
    fn describe(&self) -> Described {
        use ImportError as E;
        match self {
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
            .arg("how", problem.key()),
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

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe().message_in(crate::i18n::lang()))
    }
}

impl std::error::Error for ImportError {}

impl From<ImportError> for Error {
    fn from(e: ImportError) -> Self {
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
