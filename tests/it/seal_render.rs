//! Seal drawing (D16): geometry, colour and refusals, checked on the pixels of the PNGs.
//!
//! `CATOOL_WRITE_SEAL_SAMPLES=1 cargo test --test it seal_render::` also writes the README samples
//! to assets/seals/<kind>.png.

use catool::i18n::{Catalogued, Lang};
use catool::seal::error::{Field, SealImageError};
use catool::seal::render::*;
use image::RgbaImage;

const COMPANY: &str = "北京云签科技有限公司";
const SEAL_CODE: &str = "1101080012345";
const USCC: &str = "91110108MA01ABCD1E";

fn decode(r: &Rendered) -> RgbaImage {
    let img = image::load_from_memory(&r.png).unwrap().to_rgba8();
    assert_eq!((img.width(), img.height()), (r.width_px, r.height_px));
    img
}

fn draw(spec: &SealSpec) -> RgbaImage {
    decode(&render(spec).unwrap())
}

fn official() -> SealSpec {
    let mut s = SealSpec::new(SealKind::Official, COMPANY);
    s.code = Some(SEAL_CODE.into());
    s
}

fn invoice() -> SealSpec {
    let mut s = SealSpec::new(SealKind::Invoice, COMPANY);
    s.code = Some(USCC.into());
    s
}

fn alpha(img: &RgbaImage, x: u32, y: u32) -> u8 {
    img.get_pixel(x, y)[3]
}

/// Pixels with alpha > 127 along the centre row: (first, last) column.
fn row_extent(img: &RgbaImage, y: u32) -> (u32, u32) {
    let xs: Vec<u32> = (0..img.width())
        .filter(|&x| alpha(img, x, y) > 127)
        .collect();
    (xs[0], xs[xs.len() - 1])
}

fn col_extent(img: &RgbaImage, x: u32) -> (u32, u32) {
    let ys: Vec<u32> = (0..img.height())
        .filter(|&y| alpha(img, x, y) > 127)
        .collect();
    (ys[0], ys[ys.len() - 1])
}

fn expected_px(mm: f32, dpi: u32) -> f32 {
    mm * dpi as f32 / 25.4
}

/// Largest distance (px) from the image centre of any pixel with alpha > 0, relative to the
/// ellipse with the image's half-width and half-height: > 1 means outside.
fn max_ellipse_excess_px(img: &RgbaImage) -> f32 {
    let (a, b) = (img.width() as f32 / 2.0, img.height() as f32 / 2.0);
    let mut worst = f32::NEG_INFINITY;
    for (x, y, p) in img.enumerate_pixels() {
        if p[3] > 0 {
            let (dx, dy) = (x as f32 + 0.5 - a, y as f32 + 0.5 - b);
            // Distance beyond the ellipse, approximated along the ray from the centre.
            let r = (dx * dx + dy * dy).sqrt();
            let f = ((dx / a).powi(2) + (dy / b).powi(2)).sqrt();
            let edge = if f > 0.0 { r / f } else { 0.0 };
            worst = worst.max(r - edge);
        }
    }
    worst
}

fn ink_pixels(img: &RgbaImage, x0: u32, y0: u32, x1: u32, y1: u32) -> usize {
    let mut n = 0;
    for y in y0..y1 {
        for x in x0..x1 {
            if alpha(img, x, y) > 127 {
                n += 1;
            }
        }
    }
    n
}

/// Why `spec` cannot be drawn, checked to be bad input (exit 5).
fn refusal(spec: &SealSpec) -> SealImageError {
    match render(spec) {
        Err(e) => {
            assert_eq!(e.describe().exit, 5, "{e:?}");
            e
        }
        Ok(_) => panic!("expected an error for {spec:?}"),
    }
}

#[test]
fn round_seal_ring_outer_diameter_matches_the_requested_size_within_one_pixel() {
    for dpi in [150, 300, 600] {
        let mut spec = official();
        spec.dpi = dpi;
        let img = draw(&spec);
        let want = expected_px(40.0, dpi);
        let (cx, cy) = (img.width() / 2, img.height() / 2);
        let (l, r) = row_extent(&img, cy);
        let (t, b) = col_extent(&img, cx);
        let (dx, dy) = ((r - l + 1) as f32, (b - t + 1) as f32);
        assert!(
            (dx - want).abs() <= 1.0,
            "dpi {dpi}: horizontal {dx} px, want {want}"
        );
        assert!(
            (dy - want).abs() <= 1.0,
            "dpi {dpi}: vertical {dy} px, want {want}"
        );
    }
}

#[test]
fn official_seal_star_is_centred() {
    let img = draw(&official());
    let (cx, cy) = (img.width() as f32 / 2.0, img.height() as f32 / 2.0);
    let inner_r = cx - expected_px(1.2, 300);
    let lim = inner_r * 0.4;
    let (mut sx, mut sy, mut sw) = (0.0f64, 0.0f64, 0.0f64);
    for (x, y, p) in img.enumerate_pixels() {
        let (dx, dy) = (x as f32 + 0.5 - cx, y as f32 + 0.5 - cy);
        if (dx * dx + dy * dy).sqrt() <= lim {
            let w = f64::from(p[3]);
            sx += w * f64::from(x as f32 + 0.5);
            sy += w * f64::from(y as f32 + 0.5);
            sw += w;
        }
    }
    assert!(sw > 0.0, "no ink in the centre: the star is missing");
    let (mx, my) = ((sx / sw) as f32, (sy / sw) as f32);
    assert!(
        (mx - cx).abs() <= 2.0 && (my - cy).abs() <= 2.0,
        "star centroid ({mx}, {my}), centre ({cx}, {cy})"
    );
}

#[test]
fn round_seals_keep_all_ink_inside_the_ring() {
    for kind in [SealKind::Official, SealKind::Contract, SealKind::Finance] {
        let mut spec = SealSpec::new(kind, COMPANY);
        spec.code = Some(SEAL_CODE.into());
        let img = draw(&spec);
        let excess = max_ellipse_excess_px(&img);
        assert!(excess <= 1.0, "{kind}: ink {excess} px beyond the ring");
    }
}

#[test]
fn round_seal_corners_are_fully_transparent() {
    let img = draw(&official());
    let (w, h) = (img.width(), img.height());
    let (cx, cy) = (w as f32 / 2.0, h as f32 / 2.0);
    for (x, y, p) in img.enumerate_pixels() {
        let (dx, dy) = (x as f32 + 0.5 - cx, y as f32 + 0.5 - cy);
        if (dx * dx + dy * dy).sqrt() > cx + 1.0 {
            assert_eq!(
                p.0,
                [0, 0, 0, 0],
                "pixel ({x}, {y}) outside the ring is not transparent"
            );
        }
    }
    for (x, y) in [(0, 0), (w - 1, 0), (0, h - 1), (w - 1, h - 1)] {
        assert_eq!(alpha(&img, x, y), 0);
    }
}

#[test]
fn opaque_ink_has_exactly_the_requested_colour() {
    let mut spec = SealSpec::new(SealKind::Contract, COMPANY);
    spec.color = [12, 34, 200];
    let img = draw(&spec);
    let mut opaque = 0;
    for p in img.pixels() {
        if p[3] > 0 {
            assert_eq!([p[0], p[1], p[2]], [12, 34, 200]);
        }
        if p[3] == 255 {
            opaque += 1;
        }
    }
    assert!(opaque > 1000, "only {opaque} opaque pixels");
}

#[test]
fn default_seal_ink_is_vermilion() {
    assert_eq!(
        SealSpec::new(SealKind::Official, COMPANY).color,
        [230, 0, 18]
    );
    let img = draw(&official());
    assert!(img.pixels().any(|p| p.0 == [230, 0, 18, 255]));
}

#[test]
fn same_inputs_give_byte_identical_png() {
    for kind in SealKind::ALL {
        let mut spec = SealSpec::new(
            kind,
            if kind.default_size_mm().0 == 40.0 {
                COMPANY
            } else {
                "张伟"
            },
        );
        if kind == SealKind::Invoice {
            spec.code = Some(USCC.into());
        }
        let a = render(&spec).unwrap();
        let b = render(&spec.clone()).unwrap();
        assert_eq!(a.png, b.png, "{kind}");
    }
}

#[test]
fn png_carries_no_text_or_time_chunks() {
    let png = render(&official()).unwrap().png;
    for chunk in [&b"tIME"[..], b"tEXt", b"iTXt", b"zTXt"] {
        assert!(
            !png.windows(4).any(|w| w == chunk),
            "{:?} chunk present",
            std::str::from_utf8(chunk)
        );
    }
}

#[test]
fn invoice_seal_is_an_oval_of_40_by_30_mm() {
    let img = draw(&invoice());
    assert_eq!((img.width(), img.height()), (472, 354));
    let (cx, cy) = (img.width() / 2, img.height() / 2);
    let (l, r) = row_extent(&img, cy);
    let (t, b) = col_extent(&img, cx);
    assert!(((r - l + 1) as f32 - expected_px(40.0, 300)).abs() <= 1.0);
    assert!(((b - t + 1) as f32 - expected_px(30.0, 300)).abs() <= 1.0);
    // Oval, not a rectangle: corners are empty and ink stays inside the ellipse.
    assert_eq!(alpha(&img, 0, 0), 0);
    assert_eq!(alpha(&img, img.width() - 1, img.height() - 1), 0);
    assert!(max_ellipse_excess_px(&img) <= 1.0);
}

#[test]
fn invoice_seal_without_a_taxpayer_number_is_refused() {
    let e = refusal(&SealSpec::new(SealKind::Invoice, COMPANY));
    assert_eq!(e, SealImageError::InvoiceNeedsCode);
    assert!(e.to_string().contains("taxpayer number"), "{e}");
}

fn font_file(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/assets/fonts/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// Ink pixels (alpha > 127) in rows [y0, y1) of the middle `half_w` px either side.
fn centre_ink(img: &RgbaImage, y0: u32, y1: u32, half_w: u32) -> usize {
    let cx = img.width() / 2;
    ink_pixels(img, cx - half_w, y0, cx + half_w, y1)
}

#[test]
fn invoice_seal_draws_its_serial_under_the_label() {
    let mut spec = invoice();
    let plain = draw(&spec);
    spec.serial = Some(1);
    let numbered = draw(&spec);
    let k = expected_px(1.0, 300);
    let cy = plain.height() as f32 / 2.0;
    // The label ends 8.8 mm below the centre; the serial starts at least 1 mm further down
    // and ends inside the ring (1 mm) with its 0.5 mm margin.
    let band = ((cy + 9.8 * k) as u32, (cy + 13.5 * k) as u32);
    assert_eq!(centre_ink(&plain, band.0, band.1, (4.0 * k) as u32), 0);
    let serial_ink = centre_ink(&numbered, band.0, band.1, (4.0 * k) as u32);
    assert!(serial_ink > 100, "{serial_ink} ink pixels for (1)");
    // Everything else is unchanged.
    let above = (cy + 9.8 * k) as u32;
    for y in 0..above {
        for x in 0..plain.width() {
            assert_eq!(
                plain.get_pixel(x, y),
                numbered.get_pixel(x, y),
                "({x}, {y})"
            );
        }
    }
    // Centred: as much ink left of the centre as right of it, within a tenth.
    let cx = plain.width() / 2;
    let left = ink_pixels(&numbered, cx - 60, band.0, cx, band.1) as f32;
    let right = ink_pixels(&numbered, cx, band.0, cx + 60, band.1) as f32;
    assert!(
        (left - right).abs() <= 0.1 * (left + right),
        "{left} / {right}"
    );
}

#[test]
fn a_serial_is_refused_on_other_seals_and_outside_1_to_99() {
    let mut spec = official();
    spec.serial = Some(1);
    assert_eq!(
        refusal(&spec),
        SealImageError::TakesNoSerial {
            kind: SealKind::Official
        }
    );
    let mut spec = invoice();
    for n in [0, 100] {
        spec.serial = Some(n);
        let e = refusal(&spec);
        assert_eq!(e, SealImageError::SerialRange { serial: n });
        assert!(e.to_string().contains("1..=99"), "{e}");
    }
}

#[test]
fn digits_and_latin_on_seals_are_drawn_in_the_arial_metric_sans() {
    for c in USCC.chars().chain("()-".chars()) {
        assert_eq!(face_for(SealKind::Invoice, c), FontFace::SansLatin, "{c}");
        assert_eq!(face_for(SealKind::Official, c), FontFace::SansLatin, "{c}");
    }
    for c in "北京发票专用章（）".chars() {
        assert_eq!(face_for(SealKind::Invoice, c), FontFace::SerifCjk, "{c}");
    }
    // An all-Latin invoice seal comes out byte for byte as if Arimo were the only font.
    let mut spec = SealSpec::new(SealKind::Invoice, "YUNQIAN TECHNOLOGY CO LTD");
    spec.code = Some(USCC.into());
    spec.label = Some("INVOICE".into());
    spec.serial = Some(2);
    let embedded = render(&spec).unwrap().png;
    spec.font = Some(font_file("Arimo-Bold-ASCII.ttf"));
    assert!(embedded == render(&spec).unwrap().png);
}

#[test]
fn the_taxpayer_number_is_not_drawn_in_the_serif_font() {
    // Drawing everything with the serif font changes only the taxpayer number's line.
    let sans = draw(&invoice());
    let mut spec = invoice();
    spec.font = Some(font_file("NotoSerifSC-Bold-GB2312.otf"));
    let serif = draw(&spec);
    let k = expected_px(1.0, 300);
    let cy = sans.height() as f32 / 2.0;
    let (y0, y1) = ((cy - 2.5 * k) as u32, (cy + 2.5 * k) as u32);
    let mut inside = 0;
    for (x, y, p) in sans.enumerate_pixels() {
        let q = serif.get_pixel(x, y);
        if (p[3] > 127) != (q[3] > 127) {
            assert!((y0..y1).contains(&y), "the serif font changed ({x}, {y})");
            inside += 1;
        }
    }
    assert!(
        inside > 500,
        "{inside} pixels differ on the taxpayer number's line"
    );
}

#[test]
fn a_name_mixing_chinese_and_latin_stays_inside_the_ring() {
    let mut spec = official();
    spec.text = "北京3D打印科技有限公司".into();
    let img = draw(&spec);
    let r = img.width() as f32 / 2.0;
    for (x, y, p) in img.enumerate_pixels() {
        if p[3] > 0 {
            let d = ((x as f32 + 0.5 - r).powi(2) + (y as f32 + 0.5 - r).powi(2)).sqrt();
            assert!(d <= r + 1.0, "ink at ({x}, {y})");
        }
    }
}

#[test]
fn the_generated_signature_is_drawn_with_the_kai_fallback_font() {
    assert_eq!(face_for(SealKind::Signature, '张'), FontFace::Handwriting);
    assert_eq!(face_for(SealKind::Signature, 'A'), FontFace::Handwriting);
    let mut spec = SealSpec::new(SealKind::Signature, "张伟");
    let embedded = render(&spec).unwrap().png;
    spec.font = Some(font_file("CatoolKai-Regular-GB2312.ttf"));
    assert!(embedded == render(&spec).unwrap().png);
}

#[test]
fn square_seals_are_square_with_a_border() {
    for kind in [SealKind::LegalRep, SealKind::Name] {
        let img = draw(&SealSpec::new(kind, "赵建国"));
        assert_eq!(img.width(), img.height());
        assert_eq!(img.width(), expected_px(20.0, 300).round() as u32);
        // The border: every edge pixel is solid ink.
        let n = img.width();
        for i in 0..n {
            for (x, y) in [(i, 0), (i, n - 1), (0, i), (n - 1, i)] {
                assert_eq!(alpha(&img, x, y), 255, "{kind}: border gap at ({x}, {y})");
            }
        }
    }
}

#[test]
fn two_character_name_gets_zhi_yin_and_fills_four_cells() {
    assert_eq!(square_seal_text("张伟").unwrap(), "张伟之印");
    assert_eq!(square_seal_text("李小娜").unwrap(), "李小娜印");
    assert_eq!(square_seal_text("欧阳娜娜").unwrap(), "欧阳娜娜");
    let img = draw(&SealSpec::new(SealKind::Name, "张伟"));
    let n = img.width();
    let border = expected_px(1.0, 300).ceil() as u32 + 2;
    let mid = n / 2;
    for (x0, y0, x1, y1) in [
        (border, border, mid, mid),
        (mid, border, n - border, mid),
        (border, mid, mid, n - border),
        (mid, mid, n - border, n - border),
    ] {
        let ink = ink_pixels(&img, x0, y0, x1, y1);
        let area = ((x1 - x0) * (y1 - y0)) as usize;
        assert!(
            ink * 10 > area,
            "cell ({x0},{y0})-({x1},{y1}) has only {ink} of {area} inked"
        );
    }
}

#[test]
fn square_seal_reads_right_column_first() {
    // "一" is a single flat stroke, "国" a full box: placing "一" first must put the sparse
    // cell at the top right.
    let img = draw(&SealSpec::new(SealKind::Name, "一国国国"));
    let n = img.width();
    let mid = n / 2;
    let b = expected_px(1.0, 300).ceil() as u32 + 2;
    let top_right = ink_pixels(&img, mid, b, n - b, mid);
    let top_left = ink_pixels(&img, b, b, mid, mid);
    let bottom_right = ink_pixels(&img, mid, mid, n - b, n - b);
    assert!(
        top_right * 2 < top_left,
        "top right {top_right}, top left {top_left}"
    );
    assert!(
        top_right * 2 < bottom_right,
        "top right {top_right}, bottom right {bottom_right}"
    );
}

#[test]
fn square_seal_refuses_names_of_other_lengths_and_suggests_signature() {
    for (name, chars) in [("张", 1), ("阿依古丽买买提", 7)] {
        let e = refusal(&SealSpec::new(SealKind::LegalRep, name));
        assert_eq!(
            e,
            SealImageError::SquareNameLength {
                name: name.into(),
                chars
            }
        );
        let hint = e.describe().hint_in(Lang::En).unwrap_or_default();
        assert!(hint.contains("--kind signature"), "{hint}");
    }
}

#[test]
fn long_name_of_30_characters_fits_inside_the_ring() {
    let name = "北京云签科技有限公司".repeat(3);
    assert_eq!(name.chars().count(), 30);
    let mut spec = SealSpec::new(SealKind::Official, &name);
    spec.code = Some(SEAL_CODE.into());
    let img = draw(&spec);
    assert!(max_ellipse_excess_px(&img) <= 1.0);
}

#[test]
fn over_long_name_of_60_characters_is_refused_with_the_limit() {
    let name = "北京云签科技有限公司".repeat(6);
    match refusal(&SealSpec::new(SealKind::Official, &name)) {
        SealImageError::TooLong {
            field: Field::EnterpriseName,
            chars: 60,
            fit,
            ..
        } => assert!((30..60).contains(&fit), "at most {fit} fit"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn empty_or_blank_name_is_refused() {
    for kind in SealKind::ALL {
        for text in ["", "  \t "] {
            let mut spec = SealSpec::new(kind, text);
            spec.code = Some(USCC.into()).filter(|_| kind == SealKind::Invoice);
            assert_eq!(refusal(&spec), SealImageError::EmptyText { kind }, "{kind}");
        }
    }
}

#[test]
fn character_missing_from_the_font_is_refused_naming_it_and_font_option() {
    for (kind, text, missing, field) in [
        (
            SealKind::Official,
            "北京𠀀科技有限公司",
            '𠀀',
            Field::EnterpriseName,
        ),
        (
            SealKind::Official,
            "北京😀科技有限公司",
            '😀',
            Field::EnterpriseName,
        ),
        (SealKind::Signature, "张😀", '😀', Field::PersonName),
    ] {
        let e = refusal(&SealSpec::new(kind, text));
        assert!(
            matches!(e, SealImageError::NoGlyph { ch, field: f, .. } if ch == missing && f == field),
            "{e:?}"
        );
        let hint = e.describe().hint_in(Lang::En).unwrap_or_default();
        assert!(hint.contains("--font"), "{hint}");
    }
    let e = refusal(&SealSpec::new(SealKind::Official, "北京😀科技有限公司"));
    assert!(e.to_string().contains("U+1F600"), "{e}");
}

#[test]
fn unreadable_font_file_is_refused() {
    let mut spec = official();
    spec.font = Some(b"not a font".to_vec());
    let e = refusal(&spec);
    assert!(matches!(e, SealImageError::FontUnreadable { .. }), "{e:?}");
}

#[test]
fn half_opacity_gives_alpha_about_128_on_solid_ink() {
    let mut spec = official();
    spec.opacity = 0.5;
    let img = draw(&spec);
    let max = img.pixels().map(|p| p[3]).max().unwrap();
    assert!((127..=128).contains(&max), "max alpha {max}");
    let solid = img.pixels().filter(|p| p[3] == max).count();
    assert!(solid > 1000);
}

#[test]
fn resolution_and_size_limits_are_enforced() {
    for dpi in [71, 1201, 0] {
        let mut spec = official();
        spec.dpi = dpi;
        assert_eq!(refusal(&spec), SealImageError::Dpi { dpi });
    }
    for mm in [4.9, 100.5, f32::NAN] {
        let mut spec = official();
        (spec.width_mm, spec.height_mm) = (mm, mm);
        assert!(
            matches!(refusal(&spec), SealImageError::Size { .. }),
            "{mm}"
        );
    }
    let mut spec = official();
    (spec.width_mm, spec.height_mm) = (5.0, 5.0);
    spec.ring_width_mm = 0.4;
    spec.code = None;
    spec.text = "云签".into();
    assert!(render(&spec).is_ok());
    spec.dpi = 72;
    assert!(render(&spec).is_ok());
}

#[test]
fn size_follows_mm_and_dpi() {
    assert!((mm_to_px(25.4, 300) - 300.0).abs() < 1e-3);
    let mut spec = SealSpec::new(SealKind::Signature, "张伟");
    spec.dpi = 600;
    let r = render(&spec).unwrap();
    assert_eq!((r.width_px, r.height_px), (945, 354));
    assert_eq!((r.width_mm, r.height_mm), (40.0, 15.0));
}

#[test]
fn signature_is_ink_on_a_transparent_background() {
    let img = draw(&SealSpec::new(SealKind::Signature, "张伟"));
    let inked = img.pixels().filter(|p| p[3] > 0).count();
    let total = (img.width() * img.height()) as usize;
    assert!(
        inked * 50 > total && inked * 2 < total,
        "{inked} of {total} pixels inked"
    );
    for x in 0..img.width() {
        assert_eq!(alpha(&img, x, 0), 0);
        assert_eq!(alpha(&img, x, img.height() - 1), 0);
    }
}

#[test]
fn kind_names_round_trip() {
    for kind in SealKind::ALL {
        assert_eq!(SealKind::parse(kind.as_str()), Some(kind));
    }
    assert_eq!(SealKind::parse("legal-rep"), Some(SealKind::LegalRep));
    assert_eq!(SealKind::parse("stamp"), None);
    assert_eq!(SealKind::Official.default_label(), None);
    assert_eq!(SealKind::Finance.default_label(), Some("财务专用章"));
    assert_eq!(SealKind::Invoice.default_size_mm(), (40.0, 30.0));
}

#[test]
fn custom_label_on_a_personal_seal_is_refused() {
    let mut spec = SealSpec::new(SealKind::Name, "李娜");
    spec.label = Some("合同专用章".into());
    assert_eq!(
        refusal(&spec),
        SealImageError::TakesNoLabel {
            kind: SealKind::Name
        }
    );
}

#[test]
fn round_seal_renders_quickly() {
    // Release builds take a few ms; the bound here is loose so debug test runs pass too.
    let spec = official();
    render(&spec).unwrap();
    let t = std::time::Instant::now();
    for _ in 0..5 {
        render(&spec).unwrap();
    }
    let ms = t.elapsed().as_secs_f64() * 1000.0 / 5.0;
    assert!(ms < 500.0, "{ms:.1} ms per seal");
}

/// Writes the README samples when CATOOL_WRITE_SEAL_SAMPLES=1.
#[test]
fn readme_samples() {
    let samples: Vec<(SealKind, SealSpec)> = SealKind::ALL
        .into_iter()
        .map(|kind| {
            let spec = match kind {
                SealKind::Official | SealKind::Contract | SealKind::Finance => {
                    let mut s = SealSpec::new(kind, COMPANY);
                    s.code = Some(SEAL_CODE.into());
                    s
                }
                SealKind::Invoice => {
                    let mut s = invoice();
                    s.serial = Some(1);
                    s
                }
                SealKind::LegalRep => SealSpec::new(kind, "赵建国"),
                SealKind::Name => SealSpec::new(kind, "李娜"),
                SealKind::Signature => SealSpec::new(kind, "张伟"),
            };
            (kind, spec)
        })
        .collect();
    let write = std::env::var_os("CATOOL_WRITE_SEAL_SAMPLES").is_some_and(|v| v == "1");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/seals");
    for (kind, spec) in samples {
        let r = render(&spec).unwrap();
        if write {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join(format!("{}.png", kind.as_str())), &r.png).unwrap();
        }
    }
}
