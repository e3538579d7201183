//! The errors of the seal image layer: reading a picture, drawing a seal, cutting a seal or a
//! handwritten signature out of a photo. Each variant carries the data its message quotes
//! and has a stable code (`seal.image.…`), a catalogue message and, where the user can do
//! something, a hint (see `crate::i18n`). The image crate's and font parser's own errors stay
//! attached as the `source`. This layer knows nothing of the registry: who may make or use a
//! seal is `crate::domain::seal_error`.

use std::fmt;
use std::sync::Arc;

use super::render::{FontFace, SealKind};
use crate::domain::rules::Rule;
use crate::error::exit::{BAD_INPUT, INTERNAL};
use crate::i18n::{Arg, Catalogued, Described, Lang};
use crate::msg;

/// What the seal image layer's functions return.
pub type Result<T, E = SealImageError> = std::result::Result<T, E>;

/// D16: the seal kinds and what each carries.
const D16: Rule = Rule(16);

/// A lower error (image decoder or encoder, font parser, I/O) kept as the source of a
/// [`SealImageError`]. Two causes are equal when they say the same.
#[derive(Debug, Clone)]
pub struct Cause(Arc<dyn std::error::Error + Send + Sync>);

impl Cause {
    pub fn new(e: impl std::error::Error + Send + Sync + 'static) -> Cause {
        Cause(Arc::new(e))
    }
}

impl PartialEq for Cause {
    fn eq(&self, other: &Cause) -> bool {
        self.0.to_string() == other.0.to_string()
    }
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Which text of a seal a message is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    EnterpriseName,
    PersonName,
    Label,
    Code,
    TaxpayerNumber,
    Serial,
}

impl Field {
    /// The main text of a seal of `kind`: the enterprise's name on round and oval seals, a
    /// person's name on square seals and signatures.
    pub fn text_of(kind: SealKind) -> Field {
        match kind {
            SealKind::Official | SealKind::Contract | SealKind::Finance | SealKind::Invoice => {
                Field::EnterpriseName
            }
            SealKind::LegalRep | SealKind::Name | SealKind::Signature => Field::PersonName,
        }
    }

    fn id(self) -> &'static str {
        match self {
            Field::EnterpriseName => msg!("seal-image-field-enterprise-name"),
            Field::PersonName => msg!("seal-image-field-person-name"),
            Field::Label => msg!("seal-image-field-label"),
            Field::Code => msg!("seal-image-field-code"),
            Field::TaxpayerNumber => msg!("seal-image-field-taxpayer-number"),
            Field::Serial => msg!("seal-image-field-serial"),
        }
    }
}

/// Which side of a picture's physical size is out of range, and of what.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    SealWidth,
    SealHeight,
    SignatureWidth,
    SignatureHeight,
}

impl Side {
    fn id(self) -> &'static str {
        match self {
            Side::SealWidth => msg!("seal-image-side-seal-width"),
            Side::SealHeight => msg!("seal-image-side-seal-height"),
            Side::SignatureWidth => msg!("seal-image-side-signature-width"),
            Side::SignatureHeight => msg!("seal-image-side-signature-height"),
        }
    }
}

/// Why no seal was found in a picture (`SealImageError::NoSeal`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoSeal {
    /// The picture is this small.
    TooSmall { width: u32, height: u32 },
    /// Nothing in it is red enough to be seal ink.
    NotRed,
    /// Only scattered red specks.
    Specks,
    /// Only this many pixels of red ink, `min` needed.
    LittleInk { pixels: u64, min: u64 },
}

/// Why no handwriting was found in a picture (`SealImageError::NoHandwriting`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoInk {
    /// Nothing is clearly darker than the paper.
    NothingDarker,
    /// No strokes, only specks.
    OnlySpecks,
}

/// Every error of the seal image layer, with the data its message quotes.
#[derive(Debug, Clone, PartialEq)]
pub enum SealImageError {
    // ---- reading a picture
    NotAnImage,
    Unreadable {
        source: Cause,
    },
    TruncatedJpeg,
    Truncated,
    Corrupt {
        source: Cause,
    },
    Unsupported {
        source: Cause,
    },
    TooLargeToDecode {
        source: Cause,
    },
    Empty {
        width: u32,
        height: u32,
    },
    TooLarge {
        width: u32,
        height: u32,
        max_pixels: u64,
    },
    // ---- what a seal may be (checked before drawing)
    Dpi {
        dpi: u32,
    },
    Size {
        side: Side,
        mm: f32,
    },
    Opacity {
        value: f32,
    },
    RingWidth {
        mm: f32,
        max_mm: f32,
    },
    NotRound {
        kind: SealKind,
        width_mm: f32,
        height_mm: f32,
    },
    StarRatio {
        ratio: f32,
    },
    ArcSpan {
        deg: f32,
    },
    TakesNoLabel {
        kind: SealKind,
    },
    TakesNoCode {
        kind: SealKind,
    },
    TakesNoSerial {
        kind: SealKind,
    },
    SerialRange {
        serial: u32,
    },
    EmptyText {
        kind: SealKind,
    },
    ControlCharacter {
        field: Field,
        ch: char,
    },
    SquareNameEmpty,
    SquareNameLength {
        name: String,
        chars: usize,
    },
    InvoiceNeedsCode,
    // ---- fonts and drawing
    FontUnreadable {
        source: Cause,
    },
    NoGlyph {
        face: FontFace,
        field: Field,
        ch: char,
    },
    NothingToDraw {
        field: Field,
    },
    TooLong {
        field: Field,
        chars: usize,
        fit: usize,
        kind: SealKind,
        width_mm: f32,
        height_mm: f32,
    },
    LabelTooLong {
        label: String,
        kind: SealKind,
        width_mm: f32,
        height_mm: f32,
    },
    SerialDoesNotFit {
        serial: u32,
        width_mm: f32,
        height_mm: f32,
    },
    SignatureTooLong {
        name: String,
        chars: usize,
        width_mm: f32,
        height_mm: f32,
    },
    // ---- cutting out a seal or a signature
    NoSeal {
        why: NoSeal,
    },
    PictureTooSmall {
        width: u32,
        height: u32,
        min: u32,
    },
    NoHandwriting {
        why: NoInk,
    },
    // ---- cannot happen without a bug
    EmbeddedFont {
        face: FontFace,
        source: Cause,
    },
    Encode {
        source: Cause,
    },
    Worker,
}

fn d(code: &'static str, message: &'static str) -> Described {
    Described::new(BAD_INPUT, code, message)
}

/// A millimetre size or other measure as written in messages (`40`, `12.5`).
fn num(v: f32) -> Arg {
    Arg::Text(v.to_string())
}

fn count(n: impl TryInto<i64>) -> Arg {
    Arg::Num(n.try_into().unwrap_or(i64::MAX))
}

/// A character's code point: `U+20000`.
fn codepoint(ch: char) -> Arg {
    Arg::Text(format!("U+{:04X}", u32::from(ch)))
}

/// A seal kind as messages name it (公章, …).
pub(crate) fn kind_name(kind: SealKind) -> Arg {
    Arg::Msg(match kind {
        SealKind::Official => msg!("seal-kind-official-name"),
        SealKind::Contract => msg!("seal-kind-contract-name"),
        SealKind::Finance => msg!("seal-kind-finance-name"),
        SealKind::Invoice => msg!("seal-kind-invoice-name"),
        SealKind::LegalRep => msg!("seal-kind-legal-rep-name"),
        SealKind::Name => msg!("seal-kind-name-name"),
        SealKind::Signature => msg!("seal-kind-signature-name"),
    })
}

fn face_name(face: FontFace) -> Arg {
    match face.name() {
        Some(name) => Arg::from(name),
        None => Arg::Msg(msg!("seal-image-face-custom")),
    }
}

impl Catalogued for SealImageError {
    fn describe(&self) -> Described {
        use SealImageError as E;
        let range = |lo: f32, hi: f32, d: Described| d.arg("min", num(lo)).arg("max", num(hi));
        match self {
            E::NotAnImage => d("seal.image.not_an_image", msg!("seal-image-not-an-image"))
                .hint(msg!("seal-image-not-an-image-hint")),
            E::Unreadable { source } => d("seal.image.unreadable", msg!("seal-image-unreadable"))
                .arg("detail", source.to_string()),
            E::TruncatedJpeg => d(
                "seal.image.truncated_jpeg",
                msg!("seal-image-truncated-jpeg"),
            )
            .hint(msg!("seal-image-truncated-hint")),
            E::Truncated => d("seal.image.truncated", msg!("seal-image-truncated"))
                .hint(msg!("seal-image-truncated-hint")),
            E::Corrupt { source } => d("seal.image.corrupt", msg!("seal-image-corrupt"))
                .hint(msg!("seal-image-truncated-hint"))
                .arg("detail", source.to_string()),
            E::Unsupported { source } => {
                d("seal.image.unsupported", msg!("seal-image-unsupported"))
                    .hint(msg!("seal-image-not-an-image-hint"))
                    .arg("detail", source.to_string())
            }
            E::TooLargeToDecode { source } => d(
                "seal.image.too_large_to_decode",
                msg!("seal-image-too-large-to-decode"),
            )
            .hint(msg!("seal-image-too-large-hint"))
            .arg("detail", source.to_string()),
            E::Empty { width, height } => d("seal.image.empty", msg!("seal-image-empty"))
                .arg("width", count(*width))
                .arg("height", count(*height)),
            E::TooLarge {
                width,
                height,
                max_pixels,
            } => d("seal.image.too_large", msg!("seal-image-too-large"))
                .hint(msg!("seal-image-too-large-hint"))
                .arg("width", count(*width))
                .arg("height", count(*height))
                .arg("pixels", count(u64::from(*width) * u64::from(*height)))
                .arg("max", count(*max_pixels)),
            E::Dpi { dpi } => {
                let r = super::render::DPI_RANGE;
                d("seal.image.dpi", msg!("seal-image-dpi"))
                    .arg("dpi", count(*dpi))
                    .arg("min", count(*r.start()))
                    .arg("max", count(*r.end()))
            }
            E::Size { side, mm } => {
                let r = super::render::SIZE_RANGE_MM;
                range(
                    *r.start(),
                    *r.end(),
                    d("seal.image.size", msg!("seal-image-size")),
                )
                .arg("side", Arg::Msg(side.id()))
                .arg("mm", num(*mm))
            }
            E::Opacity { value } => {
                d("seal.image.opacity", msg!("seal-image-opacity")).arg("value", num(*value))
            }
            E::RingWidth { mm, max_mm } => {
                d("seal.image.ring_width", msg!("seal-image-ring-width"))
                    .arg("mm", num(*mm))
                    .arg("max", Arg::Text(format!("{max_mm:.1}")))
            }
            E::NotRound {
                kind,
                width_mm,
                height_mm,
            } => d("seal.image.not_round", msg!("seal-image-not-round"))
                .rule(D16)
                .arg("kind", kind_name(*kind))
                .arg("width", num(*width_mm))
                .arg("height", num(*height_mm)),
            E::StarRatio { ratio } => {
                d("seal.image.star_ratio", msg!("seal-image-star-ratio")).arg("ratio", num(*ratio))
            }
            E::ArcSpan { deg } => {
                d("seal.image.arc_span", msg!("seal-image-arc-span")).arg("deg", num(*deg))
            }
            E::TakesNoLabel { kind } => d("seal.image.no_label", msg!("seal-image-no-label"))
                .hint(msg!("seal-image-no-label-hint"))
                .rule(D16)
                .arg("kind", kind_name(*kind)),
            E::TakesNoCode { kind } => d("seal.image.no_code", msg!("seal-image-no-code"))
                .hint(msg!("seal-image-no-code-hint"))
                .rule(D16)
                .arg("kind", kind_name(*kind)),
            E::TakesNoSerial { kind } => d("seal.image.no_serial", msg!("seal-image-no-serial"))
                .hint(msg!("seal-image-no-serial-hint"))
                .rule(D16)
                .arg("kind", kind_name(*kind)),
            E::SerialRange { serial } => {
                let r = super::render::SERIAL_RANGE;
                d("seal.image.serial_range", msg!("seal-image-serial-range"))
                    .rule(D16)
                    .arg("serial", count(*serial))
                    .arg("min", count(*r.start()))
                    .arg("max", count(*r.end()))
            }
            E::EmptyText { kind } => d("seal.image.empty_text", msg!("seal-image-empty-text"))
                .arg("field", Arg::Msg(Field::text_of(*kind).id()))
                .arg("kind", kind_name(*kind)),
            E::ControlCharacter { field, ch } => d(
                "seal.image.control_character",
                msg!("seal-image-control-character"),
            )
            .hint(msg!("seal-image-control-character-hint"))
            .arg("field", Arg::Msg(field.id()))
            .arg("codepoint", codepoint(*ch)),
            E::SquareNameEmpty => d(
                "seal.image.square_name_empty",
                msg!("seal-image-square-name-empty"),
            ),
            E::SquareNameLength { name, chars } => d(
                "seal.image.square_name_length",
                msg!("seal-image-square-name-length"),
            )
            .hint(msg!("seal-image-square-name-length-hint"))
            .rule(D16)
            .arg("name", name)
            .arg("chars", count(*chars)),
            E::InvoiceNeedsCode => d(
                "seal.image.invoice_needs_code",
                msg!("seal-image-invoice-needs-code"),
            )
            .hint(msg!("seal-image-invoice-needs-code-hint"))
            .rule(D16),
            E::FontUnreadable { .. } => d(
                "seal.image.font_unreadable",
                msg!("seal-image-font-unreadable"),
            )
            // ab_glyph's one parse error says no more than its name (`InvalidFont`).
            .hint(msg!("seal-image-font-unreadable-hint")),
            E::NoGlyph { face, field, ch } => d("seal.image.no_glyph", msg!("seal-image-no-glyph"))
                .hint(msg!("seal-image-no-glyph-hint"))
                .arg("face", face_name(*face))
                .arg("field", Arg::Msg(field.id()))
                .arg("char", Arg::Text(ch.to_string()))
                .arg("codepoint", codepoint(*ch)),
            E::NothingToDraw { field } => d(
                "seal.image.nothing_to_draw",
                msg!("seal-image-nothing-to-draw"),
            )
            .arg("field", Arg::Msg(field.id())),
            E::TooLong {
                field,
                chars,
                fit,
                kind,
                width_mm,
                height_mm,
            } => d("seal.image.too_long", msg!("seal-image-too-long"))
                .hint(msg!("seal-image-too-long-hint"))
                .arg("field", Arg::Msg(field.id()))
                .arg("chars", count(*chars))
                .arg("fit", count(*fit))
                .arg("kind", kind_name(*kind))
                .arg("width", num(*width_mm))
                .arg("height", num(*height_mm)),
            E::LabelTooLong {
                label,
                kind,
                width_mm,
                height_mm,
            } => d(
                "seal.image.label_too_long",
                msg!("seal-image-label-too-long"),
            )
            .hint(msg!("seal-image-label-too-long-hint"))
            .arg("label", label)
            .arg("kind", kind_name(*kind))
            .arg("width", num(*width_mm))
            .arg("height", num(*height_mm)),
            E::SerialDoesNotFit {
                serial,
                width_mm,
                height_mm,
            } => d(
                "seal.image.serial_does_not_fit",
                msg!("seal-image-serial-does-not-fit"),
            )
            .hint(msg!("seal-image-larger-seal-hint"))
            .arg("serial", count(*serial))
            .arg("width", num(*width_mm))
            .arg("height", num(*height_mm)),
            E::SignatureTooLong {
                name,
                chars,
                width_mm,
                height_mm,
            } => d(
                "seal.image.signature_too_long",
                msg!("seal-image-signature-too-long"),
            )
            .hint(msg!("seal-image-signature-too-long-hint"))
            .arg("name", name)
            .arg("chars", count(*chars))
            .arg("width", num(*width_mm))
            .arg("height", num(*height_mm)),
            E::NoSeal { why } => {
                let described = d("seal.image.no_seal", msg!("seal-image-no-seal"))
                    .hint(msg!("seal-image-no-seal-hint"));
                match why {
                    NoSeal::TooSmall { width, height } => described
                        .arg("why", Arg::Msg(msg!("seal-image-no-seal-too-small")))
                        .arg("width", count(*width))
                        .arg("height", count(*height)),
                    NoSeal::NotRed => {
                        described.arg("why", Arg::Msg(msg!("seal-image-no-seal-not-red")))
                    }
                    NoSeal::Specks => {
                        described.arg("why", Arg::Msg(msg!("seal-image-no-seal-specks")))
                    }
                    NoSeal::LittleInk { pixels, min } => described
                        .arg("why", Arg::Msg(msg!("seal-image-no-seal-little-ink")))
                        .arg("pixels", count(*pixels))
                        .arg("min", count(*min)),
                }
            }
            E::PictureTooSmall { width, height, min } => d(
                "seal.image.signature_picture_too_small",
                msg!("seal-image-signature-picture-too-small"),
            )
            .arg("width", count(*width))
            .arg("height", count(*height))
            .arg("min", count(*min)),
            E::NoHandwriting { why } => d(
                "seal.image.no_handwriting",
                msg!("seal-image-no-handwriting"),
            )
            .hint(msg!("seal-image-no-handwriting-hint"))
            .arg(
                "why",
                Arg::Msg(match why {
                    NoInk::NothingDarker => msg!("seal-image-no-handwriting-nothing-darker"),
                    NoInk::OnlySpecks => msg!("seal-image-no-handwriting-only-specks"),
                }),
            ),
            E::EmbeddedFont { face, source } => Described::new(
                INTERNAL,
                "seal.image.embedded_font",
                msg!("seal-image-embedded-font"),
            )
            .arg("face", face_name(*face))
            .arg("detail", source.to_string()),
            E::Encode { source } => {
                Described::new(INTERNAL, "seal.image.encode", msg!("seal-image-encode"))
                    .arg("detail", source.to_string())
            }
            E::Worker => Described::new(INTERNAL, "seal.image.worker", msg!("seal-image-worker")),
        }
    }
}

impl SealImageError {
    /// The message in `lang` (what `Display` prints in the chosen language).
    pub fn message_in(&self, lang: Lang) -> String {
        self.describe().message_in(lang)
    }

    /// A picture or seal that could not be encoded as PNG (a bug: the pixels are ours).
    pub fn encode(e: image::ImageError) -> SealImageError {
        SealImageError::Encode {
            source: Cause::new(e),
        }
    }
}

impl fmt::Display for SealImageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_in(crate::i18n::lang()))
    }
}

impl std::error::Error for SealImageError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        use SealImageError as E;
        match self {
            E::Unreadable { source }
            | E::Corrupt { source }
            | E::Unsupported { source }
            | E::TooLargeToDecode { source }
            | E::FontUnreadable { source }
            | E::EmbeddedFont { source, .. }
            | E::Encode { source } => Some(&*source.0),
            _ => None,
        }
    }
}

impl From<SealImageError> for crate::error::Error {
    fn from(e: SealImageError) -> Self {
        crate::error::Error::from_typed(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::testing::{all_rendered, assert_complete};

    fn io(what: &str) -> Cause {
        Cause::new(std::io::Error::other(what.to_string()))
    }

    /// One of every image error, with plausible data.
    fn samples() -> Vec<SealImageError> {
        use SealImageError as E;
        vec![
            E::NotAnImage,
            E::Unreadable {
                source: io("permission denied"),
            },
            E::TruncatedJpeg,
            E::Truncated,
            E::Corrupt {
                source: io("Format error decoding Png: CRC error"),
            },
            E::Unsupported {
                source: io("The decoder for Png does not support 64-bit samples"),
            },
            E::TooLargeToDecode {
                source: io("Memory limit exceeded"),
            },
            E::Empty {
                width: 0,
                height: 12,
            },
            E::TooLarge {
                width: 20_000,
                height: 20_000,
                max_pixels: 50_000_000,
            },
            E::Dpi { dpi: 2400 },
            E::Size {
                side: Side::SealWidth,
                mm: 120.0,
            },
            E::Size {
                side: Side::SignatureHeight,
                mm: 2.5,
            },
            E::Opacity { value: 1.5 },
            E::RingWidth {
                mm: 6.0,
                max_mm: 4.0,
            },
            E::NotRound {
                kind: SealKind::Official,
                width_mm: 40.0,
                height_mm: 30.0,
            },
            E::StarRatio { ratio: 0.8 },
            E::ArcSpan { deg: 360.0 },
            E::TakesNoLabel {
                kind: SealKind::Name,
            },
            E::TakesNoCode {
                kind: SealKind::LegalRep,
            },
            E::TakesNoSerial {
                kind: SealKind::Contract,
            },
            E::SerialRange { serial: 100 },
            E::EmptyText {
                kind: SealKind::Finance,
            },
            E::ControlCharacter {
                field: Field::Label,
                ch: '\u{1b}',
            },
            E::SquareNameEmpty,
            E::SquareNameLength {
                name: "阿卜杜热合曼".into(),
                chars: 6,
            },
            E::InvoiceNeedsCode,
            E::FontUnreadable {
                source: Cause::new(ab_glyph::InvalidFont),
            },
            E::NoGlyph {
                face: FontFace::SerifCjk,
                field: Field::EnterpriseName,
                ch: '𠀀',
            },
            E::NoGlyph {
                face: FontFace::Custom,
                field: Field::PersonName,
                ch: '龘',
            },
            E::NothingToDraw { field: Field::Code },
            E::TooLong {
                field: Field::EnterpriseName,
                chars: 48,
                fit: 24,
                kind: SealKind::Official,
                width_mm: 40.0,
                height_mm: 40.0,
            },
            E::LabelTooLong {
                label: "合同与财务及发票专用章".into(),
                kind: SealKind::Contract,
                width_mm: 38.0,
                height_mm: 38.0,
            },
            E::SerialDoesNotFit {
                serial: 12,
                width_mm: 30.0,
                height_mm: 20.0,
            },
            E::SignatureTooLong {
                name: "欧阳娜娜欧阳娜娜欧阳娜娜".into(),
                chars: 12,
                width_mm: 20.0,
                height_mm: 15.0,
            },
            E::NoSeal {
                why: NoSeal::TooSmall {
                    width: 6,
                    height: 4,
                },
            },
            E::NoSeal {
                why: NoSeal::NotRed,
            },
            E::NoSeal {
                why: NoSeal::Specks,
            },
            E::NoSeal {
                why: NoSeal::LittleInk {
                    pixels: 90,
                    min: 150,
                },
            },
            E::PictureTooSmall {
                width: 20,
                height: 300,
                min: 32,
            },
            E::NoHandwriting {
                why: NoInk::NothingDarker,
            },
            E::NoHandwriting {
                why: NoInk::OnlySpecks,
            },
            E::EmbeddedFont {
                face: FontFace::Handwriting,
                source: Cause::new(ab_glyph::InvalidFont),
            },
            E::Encode {
                source: io("No space left on device"),
            },
            E::Worker,
        ]
    }

    #[test]
    fn every_seal_image_error_renders_completely_in_both_languages() {
        assert_complete(&samples());
    }

    #[test]
    fn every_seal_image_error_in_english() {
        insta::assert_snapshot!(all_rendered(&samples(), Lang::En));
    }

    #[test]
    fn every_seal_image_error_in_chinese() {
        insta::assert_snapshot!(all_rendered(&samples(), Lang::ZhCn));
    }

    #[test]
    fn a_wrapped_decoder_error_is_the_source() {
        use std::error::Error as _;
        let e = SealImageError::Corrupt {
            source: io("CRC error"),
        };
        assert_eq!(
            e.source().map(|s| s.to_string()).as_deref(),
            Some("CRC error")
        );
        assert!(SealImageError::NotAnImage.source().is_none());
    }

    #[test]
    fn an_image_error_keeps_its_exit_code_and_code_in_the_envelope() {
        let e: crate::error::Error = SealImageError::NotAnImage.into();
        assert_eq!(e.code(), BAD_INPUT);
        assert_eq!(e.kind(), "bad_input");
        assert_eq!(
            e.typed::<SealImageError>(),
            Some(&SealImageError::NotAnImage)
        );
    }
}
