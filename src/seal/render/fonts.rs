//! The fonts seal text is drawn with, and which of them draws each character.
//!
//! Seal rules engrave Chinese in a Song/serif face and digits and Latin letters in an
//! Arial-like sans-serif (the taxpayer number of the invoice seal, the seal code, the serial
//! "(1)"). So on every seal but the signature an ASCII letter, digit or punctuation mark is
//! drawn with Arimo (Arial's metrics) and everything else with Noto Serif CJK SC. The
//! generated signature is drawn with Catool Kai, a Kai (楷体) face written with a pen: it is a
//! fallback for a person who has not uploaded a photo of their real signature. A `--font`
//! file replaces all three. See assets/fonts/README.md for where the fonts come from.

use std::sync::OnceLock;

use ab_glyph::FontRef;

use super::spec::{SealKind, SealSpec};
use crate::seal::error::{Cause, Result, SealImageError};

const SERIF_CJK: &[u8] = include_bytes!("../../../assets/fonts/NotoSerifSC-Bold-GB2312.otf");
const SANS_LATIN: &[u8] = include_bytes!("../../../assets/fonts/Arimo-Bold-ASCII.ttf");
const HANDWRITING: &[u8] = include_bytes!("../../../assets/fonts/CatoolKai-Regular-GB2312.ttf");

/// A font that draws seal text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FontFace {
    /// Noto Serif CJK SC Bold (GB 2312 subset): Chinese on seals.
    SerifCjk,
    /// Arimo Bold (ASCII subset), metric-compatible with Arial: digits and Latin on seals.
    SansLatin,
    /// Catool Kai (LXGW WenKai subset): the generated, font-drawn signature.
    Handwriting,
    /// The font file given with `--font`.
    Custom,
}

impl FontFace {
    /// The font's own name; `None` for the `--font` file.
    pub fn name(self) -> Option<&'static str> {
        match self {
            FontFace::SerifCjk => Some("Noto Serif CJK SC Bold"),
            FontFace::SansLatin => Some("Arimo Bold"),
            FontFace::Handwriting => Some("Catool Kai (from LXGW WenKai)"),
            FontFace::Custom => None,
        }
    }
}

/// The embedded face that draws `ch` on a seal of `kind` (without `--font`).
pub fn face_for(kind: SealKind, ch: char) -> FontFace {
    match kind {
        SealKind::Signature => FontFace::Handwriting,
        _ if ch.is_ascii_graphic() || ch == ' ' => FontFace::SansLatin,
        _ => FontFace::SerifCjk,
    }
}

/// An embedded font, parsed once per process.
fn embedded(face: FontFace) -> Result<&'static FontRef<'static>> {
    static SERIF: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    static SANS: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    static KAI: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    let (cell, bytes) = match face {
        FontFace::SerifCjk | FontFace::Custom => (&SERIF, SERIF_CJK),
        FontFace::SansLatin => (&SANS, SANS_LATIN),
        FontFace::Handwriting => (&KAI, HANDWRITING),
    };
    cell.get_or_init(|| FontRef::try_from_slice(bytes).ok())
        .as_ref()
        .ok_or_else(|| SealImageError::EmbeddedFont {
            face,
            source: Cause::new(ab_glyph::InvalidFont),
        })
}

/// The fonts one seal is drawn with.
pub(super) struct Fonts<'a> {
    kind: SealKind,
    custom: Option<FontRef<'a>>,
}

impl<'a> Fonts<'a> {
    pub(super) fn new(spec: &'a SealSpec) -> Result<Fonts<'a>> {
        let custom = match &spec.font {
            Some(bytes) => Some(FontRef::try_from_slice(bytes).map_err(|e| {
                SealImageError::FontUnreadable {
                    source: Cause::new(e),
                }
            })?),
            None => None,
        };
        Ok(Fonts {
            kind: spec.kind,
            custom,
        })
    }

    /// The face that draws `ch`.
    pub(super) fn face(&self, ch: char) -> FontFace {
        if self.custom.is_some() {
            FontFace::Custom
        } else {
            face_for(self.kind, ch)
        }
    }

    pub(super) fn font(&self, face: FontFace) -> Result<&FontRef<'a>> {
        match (face, &self.custom) {
            (FontFace::Custom, Some(f)) => Ok(f),
            _ => embedded(face),
        }
    }
}
