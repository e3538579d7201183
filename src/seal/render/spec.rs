//! What a seal is: its kind (D16), everything that decides how it looks (`SealSpec`), and the
//! checks a spec must pass before anything is drawn.

use std::fmt;

use crate::seal::error::{Field, Result, SealImageError, Side};

/// Smallest and largest accepted resolution (dots per inch).
pub const DPI_RANGE: std::ops::RangeInclusive<u32> = 72..=1200;
/// Smallest and largest accepted seal width or height in millimetres.
pub const SIZE_RANGE_MM: std::ops::RangeInclusive<f32> = 5.0..=100.0;
/// Invoice seal serial numbers (印章顺序编号) that can be drawn.
pub const SERIAL_RANGE: std::ops::RangeInclusive<u32> = 1..=99;

/// The seal kinds of D16.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SealKind {
    /// 公章: round, star, enterprise name.
    Official,
    /// 合同专用章: round, star, name, "合同专用章".
    Contract,
    /// 财务专用章: round, star, name, "财务专用章".
    Finance,
    /// 发票专用章: oval, name, taxpayer number, "发票专用章".
    Invoice,
    /// 法人章 / 法定代表人章: square, the legal representative's name.
    LegalRep,
    /// 人名章 / 姓名章: square, a person's name.
    Name,
    /// 手写签名: a person's handwritten signature. Uploaded as a photo of ink on paper
    /// (`seal upload --kind signature`); generated, it is only a font fallback.
    Signature,
}

/// The outline family a kind is drawn with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    Round,
    Oval,
    Square,
    Signature,
}

impl SealKind {
    /// Every kind, in the order of D16.
    pub const ALL: [SealKind; 7] = [
        SealKind::Official,
        SealKind::Contract,
        SealKind::Finance,
        SealKind::Invoice,
        SealKind::LegalRep,
        SealKind::Name,
        SealKind::Signature,
    ];

    /// Stable machine name: "official", "contract", "finance", "invoice", "legal_rep",
    /// "name", "signature".
    pub fn as_str(self) -> &'static str {
        match self {
            SealKind::Official => "official",
            SealKind::Contract => "contract",
            SealKind::Finance => "finance",
            SealKind::Invoice => "invoice",
            SealKind::LegalRep => "legal_rep",
            SealKind::Name => "name",
            SealKind::Signature => "signature",
        }
    }

    /// Parses a machine name (`legal-rep` is accepted for `legal_rep`).
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        SealKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s || k.as_str().replace('_', "-") == s)
    }

    /// The operator's Chinese word for the kind (公章, 合同专用章, …).
    pub fn chinese_name(self) -> &'static str {
        match self {
            SealKind::Official => "公章",
            SealKind::Contract => "合同专用章",
            SealKind::Finance => "财务专用章",
            SealKind::Invoice => "发票专用章",
            SealKind::LegalRep => "法人章",
            SealKind::Name => "人名章",
            SealKind::Signature => "手写签名",
        }
    }

    /// The seal name printed on the seal; `None` for the official seal and personal kinds.
    pub fn default_label(self) -> Option<&'static str> {
        match self {
            SealKind::Contract => Some("合同专用章"),
            SealKind::Finance => Some("财务专用章"),
            SealKind::Invoice => Some("发票专用章"),
            SealKind::Official | SealKind::LegalRep | SealKind::Name | SealKind::Signature => None,
        }
    }

    /// The usual physical size (width, height) in millimetres.
    pub fn default_size_mm(self) -> (f32, f32) {
        match self {
            SealKind::Official | SealKind::Contract | SealKind::Finance => (40.0, 40.0),
            SealKind::Invoice => (40.0, 30.0),
            SealKind::LegalRep | SealKind::Name => (20.0, 20.0),
            SealKind::Signature => (40.0, 15.0),
        }
    }

    pub(super) fn shape(self) -> Shape {
        match self {
            SealKind::Official | SealKind::Contract | SealKind::Finance => Shape::Round,
            SealKind::Invoice => Shape::Oval,
            SealKind::LegalRep | SealKind::Name => Shape::Square,
            SealKind::Signature => Shape::Signature,
        }
    }
}

impl fmt::Display for SealKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Everything that decides how a seal looks. Start from [`SealSpec::new`] and change fields.
#[derive(Clone)]
pub struct SealSpec {
    pub kind: SealKind,
    /// Enterprise name (round and oval seals) or person name (square seals, signature).
    pub text: String,
    /// Seal name below the star / tax number (合同专用章 …); only round and oval seals.
    pub label: Option<String>,
    /// 13-digit seal code on the lower arc (round seals) or the taxpayer number / unified
    /// social credit code across the middle (invoice seal, required there).
    pub code: Option<String>,
    /// Invoice seal only: the serial number (印章顺序编号) drawn as "(N)" below 发票专用章
    /// (国家税务总局公告 2011 年第 7 号: a taxpayer's invoice seals are numbered (1), (2) …).
    pub serial: Option<u32>,
    pub width_mm: f32,
    pub height_mm: f32,
    pub dpi: u32,
    /// Width of the outer ring or border (ignored for signatures).
    pub ring_width_mm: f32,
    /// Star circumscribed diameter / seal diameter (round seals; 0 = no star).
    pub star_diameter_ratio: f32,
    /// Largest angle the name may cover along the upper arc, in degrees.
    pub arc_span_deg: f32,
    /// Ink colour (sRGB).
    pub color: [u8; 3],
    /// 0 < opacity ≤ 1: solid ink gets alpha 255 × opacity.
    pub opacity: f32,
    /// Font file (TrueType/OpenType) that draws every character instead of the embedded fonts.
    pub font: Option<Vec<u8>>,
}

impl fmt::Debug for SealSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SealSpec")
            .field("kind", &self.kind)
            .field("text", &self.text)
            .field("label", &self.label)
            .field("code", &self.code)
            .field("serial", &self.serial)
            .field("width_mm", &self.width_mm)
            .field("height_mm", &self.height_mm)
            .field("dpi", &self.dpi)
            .field("ring_width_mm", &self.ring_width_mm)
            .field("star_diameter_ratio", &self.star_diameter_ratio)
            .field("arc_span_deg", &self.arc_span_deg)
            .field("color", &self.color)
            .field("opacity", &self.opacity)
            .field(
                "font",
                &self.font.as_ref().map(|f| format!("{} bytes", f.len())),
            )
            .finish()
    }
}

/// Vermilion (朱红) used for seal ink.
pub const SEAL_RED: [u8; 3] = [230, 0, 18];
/// Ink colour of handwritten signatures.
pub const SIGNATURE_INK: [u8; 3] = [16, 16, 16];

impl SealSpec {
    /// Defaults for `kind`: its usual size at 300 dpi, ring 1.2 mm (公章) or 1.0 mm (专用章,
    /// 发票专用章, square seals), star ⌀ = 0.35 × seal ⌀ (14 mm on 40 mm), name arc up to
    /// 240° (220° on the oval), vermilion ink (black for signatures), opaque, embedded font.
    pub fn new(kind: SealKind, text: &str) -> SealSpec {
        let (width_mm, height_mm) = kind.default_size_mm();
        let (ring_width_mm, star_diameter_ratio, arc_span_deg) = match kind {
            SealKind::Official => (1.2, 0.35, 240.0),
            SealKind::Contract | SealKind::Finance => (1.0, 0.35, 240.0),
            SealKind::Invoice => (1.0, 0.0, 220.0),
            SealKind::LegalRep | SealKind::Name => (1.0, 0.0, 0.0),
            SealKind::Signature => (0.0, 0.0, 0.0),
        };
        SealSpec {
            kind,
            text: text.to_string(),
            label: kind.default_label().map(str::to_string),
            code: None,
            serial: None,
            width_mm,
            height_mm,
            dpi: 300,
            ring_width_mm,
            star_diameter_ratio,
            arc_span_deg,
            color: if kind == SealKind::Signature {
                SIGNATURE_INK
            } else {
                SEAL_RED
            },
            opacity: 1.0,
            font: None,
        }
    }
}

/// The person name as laid out on a square seal: 2 characters + 之印, 3 + 印, 4 as is.
pub fn square_seal_text(name: &str) -> Result<String> {
    let chars: Vec<char> = name.chars().filter(|c| !c.is_whitespace()).collect();
    let base: String = chars.iter().collect();
    match chars.len() {
        0 => Err(SealImageError::SquareNameEmpty),
        2 => Ok(format!("{base}之印")),
        3 => Ok(format!("{base}印")),
        4 => Ok(base),
        n => Err(SealImageError::SquareNameLength {
            name: base,
            chars: n,
        }),
    }
}

pub(super) fn validate(spec: &SealSpec) -> Result<()> {
    use SealImageError as E;
    if !DPI_RANGE.contains(&spec.dpi) {
        return Err(E::Dpi { dpi: spec.dpi });
    }
    for (side, mm) in [
        (Side::SealWidth, spec.width_mm),
        (Side::SealHeight, spec.height_mm),
    ] {
        if !SIZE_RANGE_MM.contains(&mm) {
            return Err(E::Size { side, mm });
        }
    }
    if !(spec.opacity > 0.0 && spec.opacity <= 1.0) {
        return Err(E::Opacity {
            value: spec.opacity,
        });
    }
    let shape = spec.kind.shape();
    let min_side = spec.width_mm.min(spec.height_mm);
    if shape != Shape::Signature
        && !(spec.ring_width_mm > 0.0 && spec.ring_width_mm <= min_side * 0.1)
    {
        return Err(E::RingWidth {
            mm: spec.ring_width_mm,
            max_mm: min_side * 0.1,
        });
    }
    if shape == Shape::Round {
        if (spec.width_mm - spec.height_mm).abs() > 0.01 {
            return Err(E::NotRound {
                kind: spec.kind,
                width_mm: spec.width_mm,
                height_mm: spec.height_mm,
            });
        }
        if !(0.0..=0.5).contains(&spec.star_diameter_ratio) {
            return Err(E::StarRatio {
                ratio: spec.star_diameter_ratio,
            });
        }
    }
    if matches!(shape, Shape::Round | Shape::Oval) && !(90.0..=330.0).contains(&spec.arc_span_deg) {
        return Err(E::ArcSpan {
            deg: spec.arc_span_deg,
        });
    }
    if matches!(shape, Shape::Square | Shape::Signature) {
        if spec.label.as_deref().is_some_and(|l| !l.trim().is_empty()) {
            return Err(E::TakesNoLabel { kind: spec.kind });
        }
        if spec.code.as_deref().is_some_and(|c| !c.trim().is_empty()) {
            return Err(E::TakesNoCode { kind: spec.kind });
        }
    }
    if let Some(serial) = spec.serial {
        if spec.kind != SealKind::Invoice {
            return Err(E::TakesNoSerial { kind: spec.kind });
        }
        if !SERIAL_RANGE.contains(&serial) {
            return Err(E::SerialRange { serial });
        }
    }
    if spec.text.trim().is_empty() {
        return Err(E::EmptyText { kind: spec.kind });
    }
    for (field, s) in [
        (Field::text_of(spec.kind), Some(spec.text.as_str())),
        (Field::Label, spec.label.as_deref()),
        (Field::Code, spec.code.as_deref()),
    ] {
        if let Some(ch) = s.and_then(|s| s.chars().find(|c| c.is_control())) {
            return Err(E::ControlCharacter { field, ch });
        }
    }
    Ok(())
}
