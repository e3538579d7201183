//! The errors of the PDF layer, as data: reading a PDF (empty, not a PDF, damaged, a
//! password), placing a seal (pages, positions, cross-page strips, keywords), writing and
//! signing (certified documents, encrypted ones), and the command line's PDF inputs and
//! outputs. Each variant has a stable code (`pdf.…`), a catalogue message, a hint where the
//! user can do something, and keeps the lower error it wraps as its `source()`. What a
//! signature check finds is `super::problem`; the registry's view is the domain's.

use std::fmt;

mod parts;
#[cfg(test)]
mod tests;

pub(crate) use parts::english;
pub use parts::{AlongFix, Appended, Cause, PageRef, PagesProblem, StripFix, Wrapped};

use super::cross_page::Edge;
use crate::error::exit::{BAD_INPUT, CHECK_FAILED, NOT_FOUND, NOT_SIGNED, REFUSED, USAGE};
use crate::i18n::{Arg, Catalogued, Described, Lang};
use crate::msg;

/// Every error of the PDF layer and of the PDF commands' inputs and outputs.
#[derive(Debug, Clone, PartialEq)]
pub enum PdfError {
    // ---- reading a PDF
    Empty,
    NoHeader,
    Unreadable {
        cause: Cause,
    },
    NeedsPassword,
    WrongPassword,
    NoPages,
    Damaged {
        cause: Cause,
    },
    NoCatalog,
    DamagedPage {
        page: PageRef,
        cause: Cause,
    },
    /// The revisions of the file cannot be told apart (`super::problem::RevisionError`).
    Revisions {
        problem: super::problem::RevisionError,
    },
    /// An error about the input file `file`.
    InFile {
        file: String,
        error: Wrapped,
    },
    // ---- writing
    XrefRebuilt,
    /// Object `num` is listed in object stream `container`, which did not load.
    ObjectStreamUnread {
        num: u32,
        container: u32,
    },
    WriteFailed {
        cause: Cause,
    },
    /// The input was shorter, while its bytes were copied, than when it was opened: another
    /// program was writing it (the copy, not the output, is what failed).
    InputChanged,
    Encrypted {
        what: Appended,
    },
    // ---- where the seal goes
    PageOutOfRange {
        page: u32,
        count: u32,
    },
    InvalidPages {
        spec: String,
        problem: PagesProblem,
    },
    InvalidPair {
        flag: String,
        value: String,
    },
    InvalidAnchor {
        name: String,
    },
    InvalidOccurrence {
        value: String,
    },
    EdgesDisagree {
        cross_page: Edge,
        edge: Edge,
    },
    NoPosition,
    AtNeedsFullSeal,
    SealSizeMm {
        width: String,
        height: String,
    },
    SealSizePt {
        width: String,
        height: String,
    },
    NoMark,
    ClipEmpty {
        page: u32,
    },
    OffPage {
        x_mm: String,
        y_mm: String,
        page: u32,
        width_mm: String,
        height_mm: String,
        /// The seal fits the page (a position inside it would do).
        fits: bool,
    },
    Opacity {
        value: String,
    },
    CannotAddSeal {
        page: u32,
        cause: Cause,
    },
    SealImage {
        error: Wrapped,
    },
    // ---- cross-page seals (骑缝章)
    CrossPageOnePage,
    CrossPageSelected {
        selected: u32,
    },
    PagesPerSealTooFew {
        n: u32,
    },
    SplitRatio {
        value: String,
    },
    MinStrip {
        value: String,
    },
    Along {
        value: String,
    },
    PagesPerSealTooMany {
        n: u32,
        count: u32,
    },
    StripsTooThin {
        seal_mm: String,
        pages: u32,
        strip_mm: String,
        min_mm: String,
        fix: StripFix,
    },
    PastPage {
        along_mm: String,
        edge: Edge,
        page: u32,
        run_mm: String,
        fix: AlongFix,
    },
    PartTooDeep {
        page: u32,
        depth_mm: String,
        across_mm: String,
    },
    FullSealOnStrip {
        x_mm: String,
        y_mm: String,
        page: u32,
        edge: Edge,
    },
    // ---- keywords (关键字)
    EmptyKeyword,
    KeywordNotFound {
        keyword: String,
        pages: u32,
    },
    NoSuchOccurrence {
        keyword: String,
        total: u32,
        n: u32,
    },
    StreamTooLarge {
        page: PageRef,
        mib: u32,
    },
    ContentTooLarge {
        page: PageRef,
        mib: u32,
    },
    TooManyOperators {
        page: PageRef,
        max: u32,
    },
    TooManyGlyphs {
        page: PageRef,
        max: u32,
    },
    // ---- signing and stamping a signed document
    KeyMismatch,
    CertifiedVisible {
        permission: i64,
    },
    CertifiedNoChanges,
    AlreadyCertified,
    SignedCannotCertify,
    SignedNoStamp,
    TimestampNotDer {
        tsa: String,
        cause: Cause,
    },
    /// A signature (or a document timestamp) still larger than the room reserved for it once
    /// the room was made for its first size: the TSA's tokens change size between requests.
    NoRoom {
        document_timestamp: bool,
        bytes: usize,
    },
    // ---- the commands' files
    NeedsOutDir,
    NeedsOut,
    CannotCreateOutDir {
        dir: String,
        cause: Cause,
    },
    NotAFile {
        path: String,
    },
    SameName {
        name: String,
    },
    CannotReadDir {
        dir: String,
        cause: Cause,
    },
    NoInputs,
    OpaqueImage {
        path: String,
        clear_percent: String,
    },
    NeedsSealOrImage,
    VisibleNeedsPosition,
    PositionNeedsAppearance,
    // ---- checking signatures
    NoSignatures {
        file: String,
    },
    NotValid {
        bad: u32,
        total: u32,
        file: String,
    },
    // ---- signing a document an earlier signature locks (FieldMDP, ISO 32000-2 12.8.2.4)
    /// Signature `signature`'s field lock covers the new signature field `field`.
    LockedField {
        signature: String,
        field: String,
        lock: String,
    },
    /// Signature `signature`'s field lock allows no change at all (/Lock /P 1).
    LockedNoChanges {
        signature: String,
    },
    /// Signature `signature`'s field lock carries a DocMDP permission (/P): only invisible
    /// new signatures.
    LockedVisible {
        signature: String,
        permission: i64,
    },
}

fn d(exit: u8, code: &'static str, message: &'static str) -> Described {
    Described::new(exit, code, message)
}

/// A count as a message argument (plural forms choose by it).
fn n(v: u32) -> Arg {
    Arg::Num(i64::from(v))
}

impl Catalogued for PdfError {
    fn describe(&self) -> Described {
        use PdfError as E;
        match self {
            E::Empty => d(BAD_INPUT, "pdf.read.empty", msg!("pdf-read-empty")),
            E::NoHeader => d(BAD_INPUT, "pdf.read.no_header", msg!("pdf-read-no-header")),
            E::Unreadable { cause } => d(
                BAD_INPUT,
                "pdf.read.unreadable",
                msg!("pdf-read-unreadable"),
            )
            .arg("detail", cause.to_string()),
            E::NeedsPassword => d(
                BAD_INPUT,
                "pdf.read.needs_password",
                msg!("pdf-read-needs-password"),
            )
            .hint(msg!("pdf-read-needs-password-hint")),
            E::WrongPassword => d(
                BAD_INPUT,
                "pdf.read.wrong_password",
                msg!("pdf-read-wrong-password"),
            ),
            E::NoPages => d(BAD_INPUT, "pdf.read.no_pages", msg!("pdf-read-no-pages")),
            E::Damaged { cause } => d(BAD_INPUT, "pdf.read.damaged", msg!("pdf-read-damaged"))
                .arg("detail", cause.to_string()),
            E::NoCatalog => d(
                BAD_INPUT,
                "pdf.read.no_catalog",
                msg!("pdf-read-no-catalog"),
            ),
            E::DamagedPage { page, cause } => page.add_to(
                d(
                    BAD_INPUT,
                    "pdf.read.damaged_page",
                    msg!("pdf-read-damaged-page"),
                )
                .arg("detail", cause.to_string()),
            ),
            E::Revisions { problem } => {
                let inner = problem.describe();
                let mut outer = d(BAD_INPUT, "pdf.read.revisions", msg!("pdf-read-revisions"));
                outer.args = inner.args;
                outer.arg("problem", Arg::Msg(inner.message))
            }
            E::InFile { file, error } => {
                let outer = d(error.0.code(), "pdf.file", msg!("pdf-in-file")).arg("in_file", file);
                let mut nested = error.nest(outer, "in_file_error");
                if let Some(inner) = error.0.described() {
                    nested.code = inner.code;
                }
                nested
            }
            E::XrefRebuilt => d(
                BAD_INPUT,
                "pdf.write.xref_rebuilt",
                msg!("pdf-write-xref-rebuilt"),
            )
            .hint(msg!("pdf-write-xref-rebuilt-hint")),
            E::ObjectStreamUnread { num, container } => d(
                BAD_INPUT,
                "pdf.write.object_stream_unread",
                msg!("pdf-write-object-stream-unread"),
            )
            .arg("num", n(*num))
            .arg("container", n(*container))
            .hint(msg!("pdf-write-object-stream-unread-hint")),
            E::WriteFailed { cause } => d(BAD_INPUT, "pdf.write.failed", msg!("pdf-write-failed"))
                .arg("detail", cause.to_string()),
            E::InputChanged => d(
                BAD_INPUT,
                "pdf.write.input_changed",
                msg!("pdf-write-input-changed"),
            )
            .hint(msg!("pdf-write-input-changed-hint")),
            E::Encrypted { what } => d(
                BAD_INPUT,
                "pdf.write.encrypted",
                msg!("pdf-write-encrypted"),
            )
            .hint(msg!("pdf-write-encrypted-hint"))
            .arg(
                "what",
                Arg::Msg(match what {
                    Appended::ValidationData => msg!("pdf-appended-validation-data"),
                    Appended::DocumentTimestamp => msg!("pdf-appended-document-timestamp"),
                }),
            ),
            E::PageOutOfRange { page, count } => d(
                BAD_INPUT,
                "pdf.place.page_out_of_range",
                msg!("pdf-place-page-out-of-range"),
            )
            .arg("page", n(*page))
            .arg("count", n(*count)),
            E::InvalidPages { spec, problem } => {
                let base = d(
                    BAD_INPUT,
                    "pdf.place.invalid_pages",
                    msg!("pdf-place-invalid-pages"),
                )
                .hint(msg!("pdf-place-invalid-pages-hint"))
                .arg("spec", spec);
                match problem {
                    PagesProblem::NotANumber(part) => base
                        .arg("why", Arg::Msg(msg!("pdf-pages-not-a-number")))
                        .arg("part", part),
                    PagesProblem::Backwards(a, b) => base
                        .arg("why", Arg::Msg(msg!("pdf-pages-backwards")))
                        .arg("from", n(*a))
                        .arg("to", n(*b)),
                    PagesProblem::Nothing => base.arg("why", Arg::Msg(msg!("pdf-pages-nothing"))),
                }
            }
            E::InvalidPair { flag, value } => d(
                BAD_INPUT,
                "pdf.place.invalid_pair",
                msg!("pdf-place-invalid-pair"),
            )
            .arg("flag", flag)
            .arg("value", value),
            E::InvalidAnchor { name } => d(
                BAD_INPUT,
                "pdf.place.invalid_anchor",
                msg!("pdf-place-invalid-anchor"),
            )
            .arg("name", name),
            E::InvalidOccurrence { value } => d(
                BAD_INPUT,
                "pdf.place.invalid_occurrence",
                msg!("pdf-place-invalid-occurrence"),
            )
            .arg("value", value),
            E::EdgesDisagree { cross_page, edge } => d(
                USAGE,
                "pdf.place.edges_disagree",
                msg!("pdf-place-edges-disagree"),
            )
            .hint(msg!("pdf-place-edges-disagree-hint"))
            .arg("cross_page", cross_page.name())
            .arg("edge", edge.name()),
            E::NoPosition => d(
                USAGE,
                "pdf.place.no_position",
                msg!("pdf-place-no-position"),
            )
            .hint(msg!("pdf-place-no-position-hint")),
            E::AtNeedsFullSeal => d(
                USAGE,
                "pdf.place.at_needs_full_seal",
                msg!("pdf-place-at-needs-full-seal"),
            )
            .hint(msg!("pdf-place-at-needs-full-seal-hint")),
            E::SealSizeMm { width, height } => d(
                BAD_INPUT,
                "pdf.place.seal_size",
                msg!("pdf-place-seal-size-mm"),
            )
            .arg("width", width)
            .arg("height", height),
            E::SealSizePt { width, height } => d(
                BAD_INPUT,
                "pdf.sign.seal_size",
                msg!("pdf-place-seal-size-pt"),
            )
            .arg("width", width)
            .arg("height", height),
            E::NoMark => d(BAD_INPUT, "pdf.sign.no_mark", msg!("pdf-sign-no-mark")),
            E::ClipEmpty { page } => d(
                BAD_INPUT,
                "pdf.place.clip_empty",
                msg!("pdf-place-clip-empty"),
            )
            .arg("page", n(*page)),
            E::OffPage {
                x_mm,
                y_mm,
                page,
                width_mm,
                height_mm,
                fits,
            } => d(
                BAD_INPUT,
                "pdf.place.off_page",
                if *fits {
                    msg!("pdf-place-off-page")
                } else {
                    msg!("pdf-place-larger-than-page")
                },
            )
            .hint(if *fits {
                msg!("pdf-place-off-page-hint")
            } else {
                msg!("pdf-place-larger-than-page-hint")
            })
            .arg("x", x_mm)
            .arg("y", y_mm)
            .arg("page", n(*page))
            .arg("width", width_mm)
            .arg("height", height_mm),
            E::Opacity { value } => d(
                BAD_INPUT,
                "pdf.stamp.invalid_opacity",
                msg!("pdf-stamp-invalid-opacity"),
            )
            .arg("value", value),
            E::CannotAddSeal { page, cause } => d(
                BAD_INPUT,
                "pdf.stamp.cannot_add",
                msg!("pdf-stamp-cannot-add"),
            )
            .arg("page", n(*page))
            .arg("detail", cause.to_string()),
            E::SealImage { error } => error.nest(
                d(
                    BAD_INPUT,
                    "pdf.stamp.seal_image",
                    msg!("pdf-stamp-seal-image"),
                ),
                "image_error",
            ),
            E::CrossPageOnePage => d(
                BAD_INPUT,
                "pdf.cross_page.one_page",
                msg!("pdf-cross-page-one-page"),
            )
            .hint(msg!("pdf-cross-page-single-hint")),
            E::CrossPageSelected { selected } => d(
                BAD_INPUT,
                "pdf.cross_page.too_few_pages",
                msg!("pdf-cross-page-too-few-pages"),
            )
            .hint(msg!("pdf-cross-page-single-hint"))
            .arg("selected", n(*selected)),
            E::PagesPerSealTooFew { n: pages } => d(
                BAD_INPUT,
                "pdf.cross_page.pages_per_seal_too_few",
                msg!("pdf-cross-page-pages-per-seal-too-few"),
            )
            .arg("n", n(*pages)),
            E::SplitRatio { value } => d(
                BAD_INPUT,
                "pdf.cross_page.invalid_split_ratio",
                msg!("pdf-cross-page-invalid-split-ratio"),
            )
            .hint(msg!("pdf-cross-page-invalid-split-ratio-hint"))
            .arg("value", value),
            E::MinStrip { value } => d(
                BAD_INPUT,
                "pdf.cross_page.invalid_min_strip",
                msg!("pdf-cross-page-invalid-min-strip"),
            )
            .arg("value", value),
            E::Along { value } => d(
                BAD_INPUT,
                "pdf.cross_page.invalid_along",
                msg!("pdf-cross-page-invalid-along"),
            )
            .arg("value", value),
            E::PagesPerSealTooMany { n: pages, count } => d(
                BAD_INPUT,
                "pdf.cross_page.pages_per_seal_too_many",
                msg!("pdf-cross-page-pages-per-seal-too-many"),
            )
            .hint(msg!("pdf-cross-page-pages-per-seal-too-many-hint"))
            .arg("n", n(*pages))
            .arg("count", n(*count)),
            E::StripsTooThin {
                seal_mm,
                pages,
                strip_mm,
                min_mm,
                fix,
            } => {
                let (hint, most) = match fix {
                    StripFix::FewerPages(m) => (msg!("pdf-cross-page-fewer-pages-hint"), *m),
                    StripFix::RatioOrSize => (msg!("pdf-cross-page-ratio-or-size-hint"), 0),
                    StripFix::Size => (msg!("pdf-cross-page-larger-size-hint"), 0),
                };
                d(
                    BAD_INPUT,
                    "pdf.cross_page.strips_too_thin",
                    msg!("pdf-cross-page-strips-too-thin"),
                )
                .hint(hint)
                .arg("seal", seal_mm)
                .arg("pages", n(*pages))
                .arg("strip", strip_mm)
                .arg("min", min_mm)
                .arg("most", n(most))
            }
            E::PastPage {
                along_mm,
                edge,
                page,
                run_mm,
                fix,
            } => {
                let from = match edge {
                    Edge::Right | Edge::Left => msg!("pdf-edge-from-top"),
                    Edge::Top | Edge::Bottom => msg!("pdf-edge-from-left"),
                };
                let base = d(
                    BAD_INPUT,
                    "pdf.cross_page.past_page",
                    msg!("pdf-cross-page-past-page"),
                )
                .arg("along", along_mm)
                .arg("from", Arg::Msg(from))
                .arg("page", n(*page))
                .arg("run", run_mm)
                .arg("edge", Arg::Msg(edge.label_id()));
                match fix {
                    AlongFix::SealTooLong { length_mm } => base
                        .hint(msg!("pdf-cross-page-seal-too-long-hint"))
                        .arg("length", length_mm),
                    AlongFix::Between { from_mm, to_mm } => base
                        .hint(msg!("pdf-cross-page-along-between-hint"))
                        .arg("lowest", from_mm)
                        .arg("highest", to_mm),
                }
            }
            E::PartTooDeep {
                page,
                depth_mm,
                across_mm,
            } => d(
                BAD_INPUT,
                "pdf.cross_page.part_too_deep",
                msg!("pdf-cross-page-part-too-deep"),
            )
            .hint(msg!("pdf-cross-page-part-too-deep-hint"))
            .arg("page", n(*page))
            .arg("depth", depth_mm)
            .arg("across", across_mm),
            E::FullSealOnStrip {
                x_mm,
                y_mm,
                page,
                edge,
            } => d(
                BAD_INPUT,
                "pdf.cross_page.full_seal_on_strip",
                msg!("pdf-cross-page-full-seal-on-strip"),
            )
            .hint(msg!("pdf-cross-page-full-seal-on-strip-hint"))
            .arg("x", x_mm)
            .arg("y", y_mm)
            .arg("page", n(*page))
            .arg("edge", Arg::Msg(edge.label_id())),
            E::EmptyKeyword => d(BAD_INPUT, "pdf.keyword.empty", msg!("pdf-keyword-empty")),
            E::KeywordNotFound { keyword, pages } => shown(
                d(
                    NOT_FOUND,
                    "pdf.keyword.not_found",
                    msg!("pdf-keyword-not-found"),
                )
                .hint(msg!("pdf-keyword-not-found-hint"))
                .arg("pages", n(*pages)),
                keyword,
            ),
            E::NoSuchOccurrence {
                keyword,
                total,
                n: nth,
            } => shown(
                d(
                    NOT_FOUND,
                    "pdf.keyword.no_such_occurrence",
                    msg!("pdf-keyword-no-such-occurrence"),
                )
                .arg("total", n(*total))
                .arg("n", n(*nth)),
                keyword,
            ),
            E::StreamTooLarge { page, mib } => page.add_to(
                d(
                    BAD_INPUT,
                    "pdf.keyword.stream_too_large",
                    msg!("pdf-keyword-stream-too-large"),
                )
                .arg("mib", n(*mib)),
            ),
            E::ContentTooLarge { page, mib } => page.add_to(
                d(
                    BAD_INPUT,
                    "pdf.keyword.content_too_large",
                    msg!("pdf-keyword-content-too-large"),
                )
                .arg("mib", n(*mib)),
            ),
            E::TooManyOperators { page, max } => page.add_to(
                d(
                    BAD_INPUT,
                    "pdf.keyword.too_many_operators",
                    msg!("pdf-keyword-too-many-operators"),
                )
                .arg("max", n(*max)),
            ),
            E::TooManyGlyphs { page, max } => page.add_to(
                d(
                    BAD_INPUT,
                    "pdf.keyword.too_many_glyphs",
                    msg!("pdf-keyword-too-many-glyphs"),
                )
                .arg("max", n(*max)),
            ),
            E::KeyMismatch => d(
                BAD_INPUT,
                "pdf.sign.key_mismatch",
                msg!("pdf-sign-key-mismatch"),
            ),
            E::CertifiedVisible { permission } => d(
                REFUSED,
                "pdf.sign.certified_visible",
                msg!("pdf-sign-certified-visible"),
            )
            .hint(msg!("pdf-sign-certified-visible-hint"))
            .arg("permission", *permission),
            E::CertifiedNoChanges => d(
                REFUSED,
                "pdf.sign.certified_no_changes",
                msg!("pdf-sign-certified-no-changes"),
            ),
            E::AlreadyCertified => d(
                REFUSED,
                "pdf.sign.already_certified",
                msg!("pdf-sign-already-certified"),
            )
            .hint(msg!("pdf-sign-certify-first-hint")),
            E::SignedCannotCertify => d(
                REFUSED,
                "pdf.sign.signed_cannot_certify",
                msg!("pdf-sign-signed-cannot-certify"),
            )
            .hint(msg!("pdf-sign-certify-first-hint")),
            E::SignedNoStamp => d(REFUSED, "pdf.stamp.signed", msg!("pdf-stamp-signed"))
                .hint(msg!("pdf-stamp-signed-hint")),
            E::TimestampNotDer { tsa, cause } => d(
                BAD_INPUT,
                "pdf.sign.timestamp_not_der",
                msg!("pdf-sign-timestamp-not-der"),
            )
            .arg("tsa", tsa)
            .arg("detail", cause.to_string()),
            E::NoRoom {
                document_timestamp,
                bytes,
            } => d(
                BAD_INPUT,
                "pdf.sign.no_room",
                if *document_timestamp {
                    msg!("pdf-sign-no-room-timestamp")
                } else {
                    msg!("pdf-sign-no-room")
                },
            )
            .hint(msg!("pdf-sign-no-room-hint"))
            .arg("bytes", i64::try_from(*bytes).unwrap_or(i64::MAX)),
            E::NeedsOutDir => d(
                USAGE,
                "pdf.files.needs_out_dir",
                msg!("pdf-files-needs-out-dir"),
            ),
            E::NeedsOut => d(USAGE, "pdf.files.needs_out", msg!("pdf-files-needs-out")),
            E::CannotCreateOutDir { dir, cause } => d(
                BAD_INPUT,
                "pdf.files.cannot_create_out_dir",
                msg!("pdf-files-cannot-create-out-dir"),
            )
            .arg("dir", dir)
            .arg("detail", cause.to_string()),
            E::NotAFile { path } => d(
                BAD_INPUT,
                "pdf.files.not_a_file",
                msg!("pdf-files-not-a-file"),
            )
            .arg("path", path),
            E::SameName { name } => d(
                BAD_INPUT,
                "pdf.files.same_name",
                msg!("pdf-files-same-name"),
            )
            .hint(msg!("pdf-files-same-name-hint"))
            .arg("name", name),
            E::CannotReadDir { dir, cause } => d(
                BAD_INPUT,
                "pdf.files.cannot_read_dir",
                msg!("pdf-files-cannot-read-dir"),
            )
            .arg("dir", dir)
            .arg("detail", cause.to_string()),
            E::NoInputs => d(
                BAD_INPUT,
                "pdf.files.no_inputs",
                msg!("pdf-files-no-inputs"),
            ),
            E::OpaqueImage {
                path,
                clear_percent,
            } => d(
                BAD_INPUT,
                "pdf.files.opaque_image",
                msg!("pdf-files-opaque-image"),
            )
            .hint(msg!("pdf-files-opaque-image-hint"))
            .arg("path", path)
            .arg("clear", clear_percent),
            E::NeedsSealOrImage => d(
                USAGE,
                "pdf.stamp.needs_seal_or_image",
                msg!("pdf-stamp-needs-seal-or-image"),
            ),
            E::VisibleNeedsPosition => d(
                USAGE,
                "pdf.sign.visible_needs_position",
                msg!("pdf-sign-visible-needs-position"),
            ),
            E::PositionNeedsAppearance => d(
                USAGE,
                "pdf.sign.position_needs_appearance",
                msg!("pdf-sign-position-needs-appearance"),
            )
            .hint(msg!("pdf-sign-position-needs-appearance-hint")),
            E::NoSignatures { file } => d(
                NOT_SIGNED,
                "pdf.verify.no_signatures",
                msg!("pdf-verify-no-signatures"),
            )
            .arg("file", file),
            E::NotValid { bad, total, file } => d(
                CHECK_FAILED,
                "pdf.verify.not_valid",
                msg!("pdf-verify-not-valid"),
            )
            .arg("bad", n(*bad))
            .arg("total", n(*total))
            .arg("file", file),
            E::LockedField {
                signature,
                field,
                lock,
            } => d(
                REFUSED,
                "pdf.sign.locked_field",
                msg!("pdf-sign-locked-field"),
            )
            .hint(msg!("pdf-sign-locked-hint"))
            .arg("signature", signature)
            .arg("field", field)
            .arg("lock", lock),
            E::LockedNoChanges { signature } => d(
                REFUSED,
                "pdf.sign.locked_no_changes",
                msg!("pdf-sign-locked-no-changes"),
            )
            .hint(msg!("pdf-sign-locked-hint"))
            .arg("signature", signature),
            E::LockedVisible {
                signature,
                permission,
            } => d(
                REFUSED,
                "pdf.sign.locked_visible",
                msg!("pdf-sign-locked-visible"),
            )
            .hint(msg!("pdf-sign-locked-visible-hint"))
            .arg("signature", signature)
            .arg("permission", *permission),
        }
    }
}

/// A keyword as messages quote it: whole, or its first 40 characters and its length.
fn shown(d: Described, keyword: &str) -> Described {
    const MAX: usize = 40;
    match keyword.char_indices().nth(MAX) {
        Some((cut, _)) => d
            .arg("keyword", Arg::Msg(msg!("pdf-keyword-cut")))
            .arg("keyword_start", &keyword[..cut])
            .arg("keyword_chars", keyword.chars().count() as i64),
        None => d.arg("keyword", keyword),
    }
}

impl PdfError {
    pub fn message_in(&self, lang: Lang) -> String {
        self.describe().message_in(lang)
    }

    /// The error `e` about the input file `file`: a PDF error (or any error of a kind in
    /// `kinds`, e.g. bad input) names the file; others pass unchanged.
    pub fn in_file(
        file: &std::path::Path,
        e: crate::error::Error,
        kinds: &[u8],
    ) -> crate::error::Error {
        // Writing the output failed (a full disk): not the input's fault, and the caller
        // names the output (`PdfError::naming_output`).
        let writing = matches!(e.typed::<PdfError>(), Some(PdfError::WriteFailed { .. }));
        if kinds.contains(&e.code()) && !writing {
            PdfError::InFile {
                file: file.display().to_string(),
                error: Wrapped(e),
            }
            .into()
        } else {
            e
        }
    }

    /// `e`, but a failure to write the output (`WriteFailed`) said of `out`, the file that
    /// could not be written.
    pub fn naming_output(out: &std::path::Path, e: crate::error::Error) -> crate::error::Error {
        match e.typed::<PdfError>() {
            Some(PdfError::WriteFailed { cause }) => crate::input_error::InputError::CannotWrite {
                path: out.display().to_string(),
                detail: cause.to_string(),
            }
            .into(),
            _ => e,
        }
    }
}

impl fmt::Display for PdfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_in(crate::i18n::lang()))
    }
}

impl std::error::Error for PdfError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        use PdfError as E;
        match self {
            E::Unreadable { cause }
            | E::Damaged { cause }
            | E::DamagedPage { cause, .. }
            | E::WriteFailed { cause }
            | E::CannotAddSeal { cause, .. }
            | E::TimestampNotDer { cause, .. }
            | E::CannotCreateOutDir { cause, .. }
            | E::CannotReadDir { cause, .. } => Some(&*cause.0),
            E::InFile { error, .. } | E::SealImage { error } => Some(&error.0),
            E::Revisions { problem } => Some(problem),
            _ => None,
        }
    }
}

impl From<PdfError> for crate::error::Error {
    fn from(e: PdfError) -> Self {
        crate::error::Error::from_typed(e)
    }
}
