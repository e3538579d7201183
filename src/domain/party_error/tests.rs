//! Every party error, and an import row's error, renders completely in both languages
//! (snapshots in src/domain/party_error/snapshots/).

use super::*;
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

/// One of every party error, with plausible data.
fn samples() -> Vec<PartyError> {
    use PartyError as E;
    let org = || s("北京云签科技有限公司");
    let uscc = || s("91110108MA01C8XK5P");
    let mut v = vec![
        E::NotOperator {
            person: s("王芳"),
            doing: Act::CreateCa,
        },
        E::NoProofCertificate {
            person: s("王芳")
        },
        E::ProofCertNotUsable {
            cert: 9,
            person: s("王芳"),
            usable: s("2, 5"),
        },
        E::ProofCertAmbiguous {
            person: s("王芳"),
            usable: s("2, 5"),
        },
        E::ProofPinNeeded {
            person: s("王芳"),
            cert: 2,
        },
        E::OrgAdminNotMember {
            uscc: uscc(),
            org: 1,
            person: s("李娜"),
            admin: s("王芳"),
        },
        E::OrgNameTaken {
            name: org(),
            org: 1,
            uscc: uscc(),
        },
        E::LetterWithFace,
        E::LetterMissing,
        E::LetterUnreadable,
        E::AlreadyAuthorized {
            org: org(),
            method: s("face"),
            at: s("2026-03-01T09:30:00+08:00"),
        },
        E::AlreadyMember {
            person: s("王芳"),
            admin: true,
            org: org(),
        },
        E::AlreadyMember {
            person: s("李娜"),
            admin: false,
            org: org(),
        },
        E::NotMember {
            person: s("陈明"),
            org: org(),
        },
        E::RemoveAdmin {
            person: s("王芳"),
            org: org(),
        },
        E::MemberHasRights {
            person: s("李娜"),
            org: org(),
            certs: vec![1, 3],
            grants: vec![],
        },
        E::MemberHasRights {
            person: s("李娜"),
            org: org(),
            certs: vec![],
            grants: vec![(2, 1)],
        },
        E::MemberHasRights {
            person: s("李娜"),
            org: org(),
            certs: vec![1],
            grants: vec![(2, 1), (4, 1)],
        },
        E::AlreadyAdmin {
            person: s("王芳"),
            org: org(),
        },
        E::TransferToNonMember {
            person: s("陈明"),
            org: org(),
        },
        E::InvalidIdNumber {
            field: s("--id-number"),
            value: s("E1234"),
            id_type: s("passport"),
        },
        E::InvalidEmail {
            field: s("--email"),
            value: s("wang.fang"),
        },
        E::InvalidPhone {
            field: s("--phone"),
            value: s("138-abc"),
        },
        E::OutOfRange {
            field: s("--years"),
            value: 20,
            min: 1,
            max: 10,
        },
        E::OrgNotAuthorized { org: org() },
        E::EmptyPackage,
        E::NoSuchPackage { package: 42 },
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
    v.push(E::NotAdmin {
        person: s("李娜"),
        doing: Act::BuyPackages,
    });
    for field in [OrgField::Name, OrgField::LegalRep, OrgField::LegalRepId] {
        v.push(E::OrgDiffers {
            uscc: uscc(),
            org: 1,
            field,
            stored: org(),
            given: s("北京云签科技"),
        });
    }
    for (field, stored) in [
        (PersonField::Name, Some(s("王芳"))),
        (PersonField::Email, None),
        (PersonField::Phone, Some(s("13800000000"))),
    ] {
        v.push(E::PersonDiffers {
            id_type: s("resident"),
            id_number: s("110108198503120011"),
            person: 1,
            field,
            stored,
            given: s("王方"),
        });
    }
    for problem in [
        UsccProblem::Length(17),
        UsccProblem::Character('I'),
        UsccProblem::Check {
            expected: '1',
            got: '2',
        },
    ] {
        v.push(E::InvalidUscc {
            field: s("--uscc"),
            value: s("91110108MA01C8XK5"),
            problem,
        });
    }
    for problem in [
        ResidentIdProblem::Length(14),
        ResidentIdProblem::NotDigits,
        ResidentIdProblem::BirthDate(s("19851332")),
        ResidentIdProblem::Check {
            expected: 'X',
            got: '1',
        },
    ] {
        v.push(E::InvalidResidentId {
            field: s("--id-number"),
            value: s("11010819851332001X"),
            problem,
        });
    }
    for problem in [
        PathProblem::Absolute,
        PathProblem::Parent,
        PathProblem::Empty,
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
fn every_party_error_renders_completely_in_both_languages() {
    assert_complete(&samples());
}

#[test]
fn every_party_error_in_english() {
    insta::assert_snapshot!(all_rendered(&samples(), Lang::En));
}

#[test]
fn every_party_error_in_chinese() {
    insta::assert_snapshot!(all_rendered(&samples(), Lang::ZhCn));
}

/// What an actor wanted to do, as a refusal quotes it: every one, in English and Chinese.
#[test]
fn every_act_refused_in_both_languages() {
    let refusals: Vec<PartyError> = Act::ALL
        .into_iter()
        .map(|doing| PartyError::NotAdmin {
            person: s("李娜"),
            doing,
        })
        .collect();
    assert_complete(&refusals);
    let acts: String = Act::ALL
        .into_iter()
        .map(|a| {
            let en = crate::i18n::text(Lang::En, a.id(), &[]);
            let zh = crate::i18n::text(Lang::ZhCn, a.id(), &[]);
            assert!(en != a.id() && zh != a.id(), "{a:?}");
            format!("{a:?}: {en} | {zh}\n")
        })
        .collect();
    insta::assert_snapshot!(acts);
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
