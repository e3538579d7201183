//! Every PDF error renders completely in both languages (snapshots in snapshots/).

use super::*;
use crate::i18n::testing::{all_rendered, assert_complete};

fn cause() -> Cause {
    Cause::new(std::io::Error::other("invalid file header"))
}

/// One of every PDF error, with plausible data.
pub(crate) fn samples() -> Vec<PdfError> {
    use PdfError as E;
    let s = |v: &str| v.to_string();
    vec![
        E::Empty,
        E::NoHeader,
        E::Unreadable { cause: cause() },
        E::NeedsPassword,
        E::WrongPassword,
        E::NoPages,
        E::Damaged { cause: cause() },
        E::NoCatalog,
        E::DamagedPage {
            page: PageRef::Number(3),
            cause: cause(),
        },
        E::DamagedPage {
            page: PageRef::Object(12, 0),
            cause: cause(),
        },
        E::Revisions {
            problem: super::super::problem::RevisionError::FileNoEof,
        },
        E::InFile {
            file: s("合同/采购合同.pdf"),
            error: Wrapped(E::NoHeader.into()),
        },
        E::InFile {
            file: s("合同/采购合同.pdf"),
            error: Wrapped(crate::error::Error::BadInput(s("an untyped error"))),
        },
        E::XrefRebuilt,
        E::ObjectStreamUnread {
            num: 9,
            container: 11,
        },
        E::WriteFailed { cause: cause() },
        E::InputChanged,
        E::Encrypted {
            what: Appended::ValidationData,
        },
        E::Encrypted {
            what: Appended::DocumentTimestamp,
        },
        E::PageOutOfRange { page: 5, count: 1 },
        E::PageOutOfRange { page: 9, count: 3 },
        E::InvalidPages {
            spec: s("1-x"),
            problem: PagesProblem::NotANumber(s("x")),
        },
        E::InvalidPages {
            spec: s("5-2"),
            problem: PagesProblem::Backwards(5, 2),
        },
        E::InvalidPages {
            spec: s(","),
            problem: PagesProblem::Nothing,
        },
        E::InvalidPair {
            flag: s("--at"),
            value: s("150"),
        },
        E::InvalidAnchor { name: s("xx") },
        E::InvalidOccurrence { value: s("0") },
        E::EdgesDisagree {
            cross_page: Edge::Right,
            edge: Edge::Left,
        },
        E::NoPosition,
        E::AtNeedsFullSeal,
        E::SealSizeMm {
            width: s("400"),
            height: s("400"),
        },
        E::SealSizePt {
            width: s("0"),
            height: s("0"),
        },
        E::NoMark,
        E::ClipEmpty { page: 2 },
        E::OffPage {
            x_mm: s("300"),
            y_mm: s("20"),
            page: 1,
            width_mm: s("210"),
            height_mm: s("297"),
            fits: true,
        },
        E::OffPage {
            x_mm: s("100"),
            y_mm: s("100"),
            page: 1,
            width_mm: s("210"),
            height_mm: s("297"),
            fits: false,
        },
        E::Opacity { value: s("2") },
        E::CannotAddSeal {
            page: 2,
            cause: cause(),
        },
        E::SealImage {
            error: Wrapped(crate::error::Error::BadInput(s("not a PNG or JPEG"))),
        },
        E::CrossPageOnePage,
        E::CrossPageSelected { selected: 1 },
        E::CrossPageSelected { selected: 0 },
        E::PagesPerSealTooFew { n: 1 },
        E::SplitRatio { value: s("1.5") },
        E::MinStrip { value: s("0") },
        E::Along { value: s("NaN") },
        E::PagesPerSealTooMany { n: 31, count: 30 },
        E::StripsTooThin {
            seal_mm: s("30"),
            pages: 10,
            strip_mm: s("3.0"),
            min_mm: s("5"),
            fix: StripFix::FewerPages(6),
        },
        E::StripsTooThin {
            seal_mm: s("30"),
            pages: 2,
            strip_mm: s("3.0"),
            min_mm: s("5"),
            fix: StripFix::RatioOrSize,
        },
        E::StripsTooThin {
            seal_mm: s("8"),
            pages: 2,
            strip_mm: s("4.0"),
            min_mm: s("5"),
            fix: StripFix::Size,
        },
        E::PastPage {
            along_mm: s("290"),
            edge: Edge::Right,
            page: 2,
            run_mm: s("297"),
            fix: AlongFix::Between {
                from_mm: s("20"),
                to_mm: s("277"),
            },
        },
        E::PastPage {
            along_mm: s("100"),
            edge: Edge::Top,
            page: 2,
            run_mm: s("210"),
            fix: AlongFix::SealTooLong {
                length_mm: s("250"),
            },
        },
        E::PartTooDeep {
            page: 1,
            depth_mm: s("54"),
            across_mm: s("35.3"),
        },
        E::FullSealOnStrip {
            x_mm: s("200"),
            y_mm: s("150"),
            page: 1,
            edge: Edge::Bottom,
        },
        E::EmptyKeyword,
        E::KeywordNotFound {
            keyword: s("盖章处"),
            pages: 3,
        },
        E::KeywordNotFound {
            keyword: "甲方".repeat(30),
            pages: 1,
        },
        E::NoSuchOccurrence {
            keyword: s("甲方"),
            total: 2,
            n: 3,
        },
        E::StreamTooLarge {
            page: PageRef::Number(4),
            mib: 256,
        },
        E::ContentTooLarge {
            page: PageRef::Number(4),
            mib: 64,
        },
        E::TooManyOperators {
            page: PageRef::Object(7, 0),
            max: 5_000_000,
        },
        E::TooManyGlyphs {
            page: PageRef::Number(1),
            max: 2_000_000,
        },
        E::KeyMismatch,
        E::CertifiedVisible { permission: 2 },
        E::CertifiedNoChanges,
        E::AlreadyCertified,
        E::SignedCannotCertify,
        E::SignedNoStamp,
        E::TimestampNotDer {
            tsa: s("http://127.0.0.1:8080/"),
            cause: cause(),
        },
        E::NoRoom {
            document_timestamp: false,
            bytes: 30_000,
        },
        E::NoRoom {
            document_timestamp: true,
            bytes: 30_000,
        },
        E::NeedsOutDir,
        E::NeedsOut,
        E::CannotCreateOutDir {
            dir: s("out"),
            cause: cause(),
        },
        E::NotAFile { path: s("..") },
        E::SameName {
            name: s("合同.pdf"),
        },
        E::CannotReadDir {
            dir: s("inbox"),
            cause: cause(),
        },
        E::NoInputs,
        E::OpaqueImage {
            path: s("photo.png"),
            clear_percent: s("0.0"),
        },
        E::NeedsSealOrImage,
        E::VisibleNeedsPosition,
        E::PositionNeedsAppearance,
        E::NoSignatures { file: s("doc.pdf") },
        E::NotValid {
            bad: 1,
            total: 2,
            file: s("signed.pdf"),
        },
        E::LockedField {
            signature: s("Lock1"),
            field: s("Signature1"),
            lock: s("/All, in its field's /Lock and its FieldMDP /Reference"),
        },
        E::LockedNoChanges {
            signature: s("Lock1"),
        },
        E::LockedVisible {
            signature: s("Lock1"),
            permission: 2,
        },
    ]
}

#[test]
fn every_pdf_error_renders_in_both_languages() {
    assert_complete(&samples());
}

#[test]
fn every_pdf_error_in_english() {
    insta::assert_snapshot!(all_rendered(&samples(), Lang::En));
}

#[test]
fn every_pdf_error_in_chinese() {
    insta::assert_snapshot!(all_rendered(&samples(), Lang::ZhCn));
}

#[test]
fn a_file_error_keeps_the_code_of_the_error_it_names() {
    let e = PdfError::in_file(
        std::path::Path::new("a.pdf"),
        PdfError::NoHeader.into(),
        &[BAD_INPUT],
    );
    let d = e.described().map(|d| d.code);
    assert_eq!(d, Some("pdf.read.no_header"));
    assert!(e.to_string().starts_with("a.pdf: not a PDF"), "{e}");
}

#[test]
fn a_wrapped_lower_error_is_the_source() {
    use std::error::Error as _;
    let e = PdfError::Unreadable { cause: cause() };
    assert_eq!(
        e.source().map(ToString::to_string).as_deref(),
        Some("invalid file header")
    );
}
