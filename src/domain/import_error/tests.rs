//! Every import error, and an import row's error, renders completely in both languages
//! (snapshots in src/domain/import_error/snapshots/).

use super::*;
use crate::domain::Act;
use crate::domain::party_error::{PartyError, ResidentIdProblem, UsccProblem};
use crate::i18n::Lang;
use crate::i18n::testing::{all_rendered, assert_complete};

fn s(v: &str) -> String {
    v.to_string()
}

fn csv(line: i64, column: &str) -> Spot {
    Spot::Csv {
        file: s("onboarding.csv"),
        line,
        column: Some(s(column)),
    }
}

fn json(path: &str) -> Spot {
    Spot::Json { path: s(path) }
}

/// One of every import error, with plausible data.
fn samples() -> Vec<ImportError> {
    use ImportError as E;
    let org = || s("北京云签科技有限公司");
    let uscc = || s("91110108MA01C8XK5P");
    let mut v = vec![
        E::ImportNotDocument {
            file: s("onboarding.json"),
            detail: s("expected value at line 1 column 1"),
        },
        E::ImportBadAuthorize {
            at: json("orgs[0].authorize"),
            value: s("video"),
        },
        E::ImportLetterWithoutMethod {
            at: csv(3, "letter"),
            column: s("authorize"),
        },
        E::ImportBadIdType {
            at: json("persons[1].id_type"),
            value: s("driving"),
        },
        E::ImportBadKind {
            at: csv(4, "cert_kind"),
            value: s("personel"),
        },
        E::ImportPackageDiffers {
            at: json("packages[0].years"),
            package: 1,
            org: org(),
            nth: 1,
            field: s("years"),
            have: 1,
            want: 2,
        },
        E::ImportTooFewSlots {
            at: csv(5, "cert_kind"),
            package: 1,
            have: 2,
            kind: s("personal"),
        },
        E::ImportOwnerDiffers {
            at: json("packages[0].certificates[0].owner"),
            slot: 2,
            owner: s("王芳"),
            given: s("李娜"),
        },
        E::ImportHolderDiffers {
            at: json("packages[0].certificates[0].holder"),
            slot: 2,
            holder: s("王芳"),
            given: s("李娜"),
        },
        E::CsvUtf16 {
            file: s("onboarding.csv"),
        },
        E::CsvNotUtf8 {
            file: s("onboarding.csv"),
            line: 2,
            byte: s("0xD5"),
        },
        E::CsvSyntax {
            file: s("onboarding.csv"),
            line: 7,
            detail: s("found record with 3 fields"),
        },
        E::CsvEmpty {
            file: s("onboarding.csv"),
        },
        E::CsvUnnamedColumn {
            at: Spot::Csv {
                file: s("onboarding.csv"),
                line: 1,
                column: None,
            },
            index: 4,
        },
        E::CsvUnknownColumn {
            at: csv(1, "fax"),
            known: s("name, id_number, uscc"),
        },
        E::CsvColumnTwice {
            at: csv(1, "email"),
        },
        E::CsvMissingColumn {
            at: Spot::Csv {
                file: s("onboarding.csv"),
                line: 1,
                column: None,
            },
            column: s("id_number"),
            required: s("name, id_number, uscc"),
        },
        E::CsvFieldCount {
            at: Spot::Csv {
                file: s("onboarding.csv"),
                line: 6,
                column: None,
            },
            values: 22,
            columns: 21,
        },
        E::CsvNotNumber {
            at: csv(3, "years"),
            value: s("two"),
        },
        E::CsvShortenedNumber {
            at: csv(2, "id_number"),
            value: s("1.10108E+17"),
        },
        E::CsvPersonIncomplete {
            at: csv(3, "name"),
            given: s("id_number"),
        },
        E::CsvSecondAdmin {
            at: csv(4, "role"),
            uscc: uscc(),
            old_line: 2,
            old: s("110108198503120011"),
        },
        E::CsvBadRole {
            at: csv(4, "role"),
            value: s("owner"),
        },
        E::CsvBadPackageNumber {
            at: csv(4, "package"),
            value: 0,
        },
        E::CsvCertWithoutPerson {
            at: csv(4, "cert_kind"),
        },
        E::CsvOrgIncomplete {
            at: csv(2, "org_name"),
            uscc: uscc(),
            missing: s("org_name"),
        },
        E::CsvOrgIncomplete {
            at: csv(2, "role"),
            uscc: uscc(),
            missing: s("role"),
        },
        E::CsvPackageGap {
            at: csv(3, "package"),
            number: 2,
            uscc: uscc(),
            expected: 1,
        },
    ];
    for problem in [
        PathProblem::Absolute,
        PathProblem::Parent,
        PathProblem::Empty,
        PathProblem::Symlink,
    ] {
        v.push(E::ImportPathOutside {
            at: json("packages[0].certificates[0].pin_file"),
            path: s("../pins/wang.pin"),
            problem,
        });
    }
    for entity in [
        CsvEntity::Person {
            id_number: s("110108198503120011"),
        },
        CsvEntity::Org { uscc: uscc() },
        CsvEntity::Package {
            number: 1,
            uscc: uscc(),
        },
    ] {
        v.push(E::CsvDiffers {
            at: csv(3, "email"),
            value: s("wf@example.com"),
            old: s("wang@example.com"),
            old_line: 2,
            entity,
        });
    }
    for needs in [CsvNeed::Person, CsvNeed::Uscc, CsvNeed::CertKind] {
        v.push(E::CsvOrphanValue {
            at: csv(5, "holder"),
            needs,
        });
    }
    v
}

/// An import row's errors: a typed one whose flag becomes the document's field, one with
/// a nested entry of its own (the act refused), and an untyped one.
fn rows() -> Vec<ImportAt> {
    vec![
        ImportAt {
            at: json("persons[1].id_number"),
            field_as: Some(s("id_number")),
            inner: PartyError::InvalidResidentId {
                field: s("--id-number"),
                value: s("110108198503120012"),
                problem: ResidentIdProblem::Check {
                    expected: '1',
                    got: '2',
                },
            }
            .into(),
        },
        ImportAt {
            at: csv(3, "uscc"),
            field_as: Some(s("uscc")),
            inner: PartyError::InvalidUscc {
                field: s("--uscc"),
                value: s("91110108MA01C8XK5"),
                problem: UsccProblem::Length(17),
            }
            .into(),
        },
        ImportAt {
            at: Spot::Csv {
                file: s("onboarding.csv"),
                line: 4,
                column: None,
            },
            field_as: None,
            inner: PartyError::NotAdmin {
                person: s("李娜"),
                doing: Act::BuyPackages,
            }
            .into(),
        },
        ImportAt {
            at: json("memberships[0].person"),
            field_as: None,
            inner: Error::NotFound(s("no person 'nobody' in the registry")),
        },
    ]
}

#[test]
fn every_import_error_renders_completely_in_both_languages() {
    assert_complete(&samples());
}

#[test]
fn every_import_error_in_english() {
    insta::assert_snapshot!(all_rendered(&samples(), Lang::En));
}

#[test]
fn every_import_error_in_chinese() {
    insta::assert_snapshot!(all_rendered(&samples(), Lang::ZhCn));
}

#[test]
fn an_import_row_error_renders_completely_in_both_languages() {
    assert_complete(&rows());
}

#[test]
fn import_row_errors_in_both_languages() {
    let both = format!(
        "--- en\n{}--- zh-CN\n{}",
        all_rendered(&rows(), Lang::En),
        all_rendered(&rows(), Lang::ZhCn)
    );
    insta::assert_snapshot!(both);
}

#[test]
fn an_import_row_error_keeps_the_inner_errors_code_exit_and_rule() {
    let row = &rows()[2];
    let d = row.describe();
    assert_eq!(d.code, "actor.not_admin");
    assert_eq!(d.exit, crate::error::exit::REFUSED);
    assert_eq!(d.rule, Some(D2));
    assert!(
        d.message_in(Lang::En)
            .starts_with("onboarding.csv line 4: not allowed (无权限)"),
        "{}",
        d.message_in(Lang::En)
    );
}

#[test]
fn an_import_row_error_calls_the_flag_by_the_documents_field_name() {
    let m = rows()[0].describe().message_in(Lang::En);
    assert!(
        m.starts_with("import persons[1].id_number: invalid id_number '110108198503120012'"),
        "{m}"
    );
}
