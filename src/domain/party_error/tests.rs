//! Every party error renders completely in both languages (snapshots in
//! src/domain/party_error/snapshots/).

use super::*;
use crate::i18n::Lang;
use crate::i18n::testing::{all_rendered, assert_complete};

fn s(v: &str) -> String {
    v.to_string()
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
            id_type: crate::model::vocab::IdType::Passport,
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
            id_type: crate::model::vocab::IdType::Resident,
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
    v
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
