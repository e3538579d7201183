//! Keyword search (关键字签章, rule D19): `catool::pdf::text` on PDFs made by other producers
//! (tests/fixtures/, see its README.md for how each was made) and on hand-built documents.
//! Positions are checked against how each fixture was drawn and, independently, against
//! poppler's `pdftotext -bbox-layout`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use catool::pdf::geometry::PageBox;
use catool::pdf::text::{TextHit, find_text, page_text};
use lopdf::{Dictionary, Document, Object, ObjectId, Stream, dictionary};

fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn fixture(name: &str) -> Document {
    Document::load(fixture_path(name)).unwrap_or_else(|e| panic!("cannot load fixture {name}: {e}"))
}

fn page_id(doc: &Document, page: u32) -> ObjectId {
    doc.get_pages()[&page]
}

fn width(r: &[f32; 4]) -> f32 {
    r[2] - r[0]
}

/// A hit drawn at baseline start (x, y) in user space: its left edge is at x, the baseline
/// lies inside it, and it is `ems` font sizes wide (±15 %).
fn assert_drawn_at(hit: &TextHit, page: u32, x: f32, y: f32, size: f32, ems: f32) {
    let r = hit.rect;
    assert_eq!(hit.page, page, "{hit:?}");
    assert!(
        (r[0] - x).abs() <= 1.0,
        "left edge {} is not at x = {x}: {hit:?}",
        r[0]
    );
    assert!(
        r[1] <= y && y <= r[3],
        "baseline {y} is not inside the box: {hit:?}"
    );
    let expected = ems * size;
    assert!(
        (width(&r) - expected).abs() <= 0.15 * expected,
        "width {} is not ≈ {expected}: {hit:?}",
        width(&r)
    );
}

// ---------------------------------------------------------------------------------------
// poppler, the independent reference

/// Words per page (1-based) with their boxes in visible top-left coordinates (points).
type Words = BTreeMap<u32, Vec<(String, [f32; 4])>>;

fn pdftotext_words(path: &Path) -> Words {
    let out = match Command::new("pdftotext")
        .arg("-bbox-layout")
        .arg(path)
        .arg("-")
        .output()
    {
        Ok(out) => out,
        Err(e) => panic!(
            "pdftotext is needed to cross-check positions ({e}); install poppler: apt-get install -y poppler-utils"
        ),
    };
    assert!(
        out.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = String::from_utf8_lossy(&out.stdout);
    let attr = |line: &str, name: &str| -> f32 {
        let key = format!("{name}=\"");
        let start = line.find(&key).map(|i| i + key.len()).expect("attribute");
        line[start..]
            .split('"')
            .next()
            .and_then(|v| v.parse().ok())
            .expect("number")
    };
    let mut words = Words::new();
    let mut page = 0;
    for line in html.lines().map(str::trim) {
        if line.starts_with("<page ") {
            page += 1;
            words.insert(page, Vec::new());
        } else if line.starts_with("<word ") {
            let text = line
                .split('>')
                .nth(1)
                .and_then(|t| t.split("</word").next())
                .unwrap_or("");
            let text = text
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&amp;", "&");
            let b = [
                attr(line, "xMin"),
                attr(line, "yMin"),
                attr(line, "xMax"),
                attr(line, "yMax"),
            ];
            words.entry(page).or_default().push((text, b));
        }
    }
    words
}

/// A user-space rectangle in the page's visible top-left coordinates.
fn visible(doc: &Document, page: u32, r: &[f32; 4]) -> [f32; 4] {
    let pb = PageBox::of(doc, page_id(doc, page)).expect("page box");
    let (x0, y0) = pb.to_visible(r[0], r[1]);
    let (x1, y1) = pb.to_visible(r[2], r[3]);
    [x0.min(x1), y0.min(y1), x0.max(x1), y0.max(y1)]
}

/// Every hit of `needle` in the fixture is where poppler puts the word `needle` (±2 pt on
/// each edge), and poppler has no occurrence that catool missed.
fn assert_agrees_with_poppler(name: &str, needle: &str) {
    let doc = fixture(name);
    let hits = find_text(&doc, needle).expect("search");
    let words = pdftotext_words(&fixture_path(name));
    let poppler: Vec<(u32, [f32; 4])> = words
        .iter()
        .flat_map(|(page, ws)| {
            ws.iter()
                .filter(|(t, _)| t == needle)
                .map(|(_, b)| (*page, *b))
        })
        .collect();
    assert!(
        !poppler.is_empty(),
        "poppler finds no word {needle} in {name}: {words:?}"
    );
    for (page, b) in &poppler {
        let found = hits.iter().any(|h| {
            let v = visible(&doc, h.page, &h.rect);
            h.page == *page && v.iter().zip(b).all(|(a, b)| (a - b).abs() <= 2.0)
        });
        let ours: Vec<_> = hits
            .iter()
            .map(|h| (h.page, visible(&doc, h.page, &h.rect)))
            .collect();
        assert!(
            found,
            "{name}: poppler's {needle} on page {page} at {b:?} has no hit within 2 pt; catool: {ours:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// reportlab, STSong-Light (CID font, UniGB-UCS2-H, no ToUnicode)

#[test]
fn the_cid_font_keyword_is_found_on_page_2_where_reportlab_drew_it() {
    let hits = find_text(&fixture("reportlab_stsong.pdf"), "盖章处").unwrap();
    assert_eq!(hits.len(), 3, "{hits:?}");
    assert_drawn_at(&hits[0], 2, 400.0, 150.0, 12.0, 3.0);
    assert_eq!(hits[0].text, "盖章处");
    // STSong-Light's FontDescriptor: Ascent 752, Descent -271.
    assert!(
        (hits[0].rect[1] - (150.0 - 0.271 * 12.0)).abs() < 0.01,
        "{:?}",
        hits[0]
    );
    assert!(
        (hits[0].rect[3] - (150.0 + 0.752 * 12.0)).abs() < 0.01,
        "{:?}",
        hits[0]
    );
}

#[test]
fn a_keyword_drawn_in_two_pieces_matches_as_one_hit() {
    // drawString('盖章', 100, 300) then drawString('处', 124, 300): two text objects.
    let hits = find_text(&fixture("reportlab_stsong.pdf"), "盖章处").unwrap();
    assert_drawn_at(&hits[1], 2, 100.0, 300.0, 12.0, 3.0);
    assert_eq!(hits[1].text, "盖章处");
}

#[test]
fn spaces_between_the_keywords_glyphs_are_ignored() {
    // drawString('盖 章 处', 250, 450): three 12 pt ideographs and two 207/1000 em spaces.
    let hits = find_text(&fixture("reportlab_stsong.pdf"), "盖章处").unwrap();
    let hit = &hits[2];
    assert_eq!(hit.text, "盖 章 处");
    assert_drawn_at(hit, 2, 250.0, 450.0, 12.0, 3.0);
    assert!(
        (width(&hit.rect) - (36.0 + 2.0 * 0.207 * 12.0)).abs() < 0.1,
        "{hit:?}"
    );
}

#[test]
fn a_needle_with_spaces_matches_text_without_them() {
    let hits = find_text(&fixture("reportlab_stsong.pdf"), "盖 章处").unwrap();
    assert_eq!(hits.len(), 3);
}

#[test]
fn hits_come_in_page_order_then_content_order() {
    // 盖章 is on page 1 (请勿在此盖章) and three times on page 2, drawn at x = 400, 100, 250
    // in that order (not the reading order, which would be 250, 100, 400).
    let hits = find_text(&fixture("reportlab_stsong.pdf"), "盖章").unwrap();
    let order: Vec<(u32, i32)> = hits
        .iter()
        .map(|h| (h.page, h.rect[0].round() as i32))
        .collect();
    assert_eq!(order, vec![(1, 120), (2, 400), (2, 100), (2, 250)]);
}

#[test]
fn an_absent_keyword_finds_nothing() {
    let doc = fixture("reportlab_stsong.pdf");
    assert_eq!(find_text(&doc, "中标通知书").unwrap(), vec![]);
    assert_eq!(find_text(&doc, "盖章处签字").unwrap(), vec![]);
}

#[test]
fn an_empty_keyword_is_refused() {
    let err = find_text(&fixture("reportlab_stsong.pdf"), " \t").unwrap_err();
    assert_eq!(err.kind(), "bad_input");
}

#[test]
fn page_text_returns_the_chinese_text_of_the_reportlab_pages() {
    let doc = fixture("reportlab_stsong.pdf");
    let first = page_text(&doc, page_id(&doc, 1)).unwrap();
    let second = page_text(&doc, page_id(&doc, 2)).unwrap();
    assert!(first.contains("投标文件（商务部分）"), "{first}");
    assert!(first.contains("第一页：本页没有签章位置。"), "{first}");
    assert!(second.contains("投标人名称：某某科技有限公司"), "{second}");
    assert!(second.contains("法定代表人签字："), "{second}");
    // Lines drawn apart come out on lines of their own.
    assert!(second.lines().any(|l| l.trim() == "盖章处"), "{second}");
}

#[test]
fn reportlab_positions_agree_with_poppler() {
    assert_agrees_with_poppler("reportlab_stsong.pdf", "盖章处");
}

// ---------------------------------------------------------------------------------------
// fpdf2, embedded CFF subset (Type0, Identity-H, ToUnicode)

#[test]
fn the_embedded_subset_font_keyword_is_found_where_fpdf2_drew_it() {
    let hits = find_text(&fixture("fpdf2_ttf_subset.pdf"), "盖章处").unwrap();
    assert_eq!(hits.len(), 1, "{hits:?}");
    // text(300, 200) at 16 pt: baseline 200 pt below the top of an 841.89 pt page.
    assert_drawn_at(&hits[0], 1, 300.0, 841.89 - 200.0, 16.0, 3.0);
    assert_eq!(hits[0].text, "盖章处");
}

#[test]
fn fpdf2_positions_agree_with_poppler() {
    assert_agrees_with_poppler("fpdf2_ttf_subset.pdf", "盖章处");
}

// ---------------------------------------------------------------------------------------
// LibreOffice, subset TrueType simple fonts with ToUnicode

#[test]
fn the_libreoffice_keyword_is_found_on_page_2() {
    let hits = find_text(&fixture("libreoffice.pdf"), "盖章处").unwrap();
    assert_eq!(hits.len(), 1, "{hits:?}");
    let hit = &hits[0];
    assert_eq!(hit.page, 2);
    // 12 pt, in the text area (left margin 25 mm = 70.9 pt), after 投标人 and a space.
    assert!((width(&hit.rect) - 36.0).abs() <= 0.15 * 36.0, "{hit:?}");
    assert!(hit.rect[0] > 70.0 && hit.rect[0] < 150.0, "{hit:?}");
    let text = page_text(
        &fixture("libreoffice.pdf"),
        page_id(&fixture("libreoffice.pdf"), 2),
    )
    .unwrap();
    assert!(text.contains("投标人 盖章处 日期"), "{text}");
}

#[test]
fn libreoffice_positions_agree_with_poppler() {
    assert_agrees_with_poppler("libreoffice.pdf", "盖章处");
}

// ---------------------------------------------------------------------------------------
// Rotated pages, standard 14 font (Helvetica, no /Widths)

#[test]
fn rotated_pages_report_the_keyword_in_user_space() {
    let doc = fixture("reportlab_rotated.pdf");
    let hits = find_text(&doc, "Signature here").unwrap();
    assert_eq!(
        hits.iter().map(|h| h.page).collect::<Vec<_>>(),
        vec![1, 2, 3, 4]
    );
    for (hit, rotate) in hits.iter().zip([90, 0, 180, 270]) {
        assert_eq!(
            PageBox::of(&doc, page_id(&doc, hit.page)).unwrap().rotate,
            rotate
        );
        // Helvetica AFM widths: "Signature here" is 6559/1000 em.
        assert_drawn_at(hit, hit.page, 100.0, 500.0, 14.0, 6.559);
        assert!((width(&hit.rect) - 6.559 * 14.0).abs() < 0.05, "{hit:?}");
        assert_eq!(hit.text, "Signature here");
    }
}

#[test]
fn rotated_page_positions_agree_with_poppler() {
    assert_agrees_with_poppler("reportlab_rotated.pdf", "Signature");
}

#[test]
fn on_a_page_rotated_90_degrees_the_visible_box_is_turned() {
    // /Rotate 90 turns the A4 page clockwise: the text runs downwards on the displayed page,
    // its baseline (user y = 500) 500 pt from the visible left edge.
    let doc = fixture("reportlab_rotated.pdf");
    let hit = &find_text(&doc, "Signature here").unwrap()[0];
    let v = visible(&doc, 1, &hit.rect);
    assert!(v[0] < 500.0 && 500.0 < v[2], "{v:?}");
    assert!(
        (v[1] - 100.0).abs() < 1.0 && (v[3] - v[1] - 6.559 * 14.0).abs() < 0.1,
        "{v:?}"
    );
}

// ---------------------------------------------------------------------------------------
// Hand-built documents

/// A one-page document (A4) with `content` and `resources`; extra objects can be added.
fn one_page(content: &[u8], resources: Dictionary) -> (Document, ObjectId) {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.to_vec()));
    let page = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Contents" => content_id,
        "Resources" => resources,
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
        ),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    (doc, page)
}

fn helvetica() -> Dictionary {
    dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding" }
}

fn fonts(entries: Vec<(&str, Object)>) -> Dictionary {
    let mut f = Dictionary::new();
    for (k, v) in entries {
        f.set(k, v);
    }
    dictionary! { "Font" => f }
}

#[test]
fn malformed_content_and_missing_fonts_do_not_panic() {
    let broken_cmap = Stream::new(
        dictionary! {},
        b"begincmap 1 beginbfrange <00> [ <zz> endcmap ((((".to_vec(),
    );
    let mut doc = Document::with_version("1.7");
    let tu = doc.add_object(broken_cmap);
    let broken_type0 = dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "X", "Encoding" => "Identity-H",
        "DescendantFonts" => vec![Object::Dictionary(dictionary! {
            "W" => vec![1.into(), "x".into(), Object::Null, vec![Object::Null].into(), 5.into()],
            "DW" => "wide",
        })],
        "ToUnicode" => tu,
    };
    let broken_simple = dictionary! {
        "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "Y",
        "Widths" => "none", "FirstChar" => -5,
        "Encoding" => dictionary! { "Differences" => vec![300.into(), "A".into(), (-1).into(), "nosuchglyph".into()] },
        "FontDescriptor" => dictionary! { "Ascent" => f32::NAN, "Descent" => 5000 },
    };
    let extreme_type3 = dictionary! {
        "Type" => "Font", "Subtype" => "Type3", "FirstChar" => -1e30, "Widths" => vec![500.into()],
        "FontMatrix" => vec![Object::Integer(0); 6],
        "FontBBox" => vec![0.into(), 1e30.into(), 0.into(), f32::INFINITY.into()],
    };
    // Wrong operand counts and types, unknown operators, fonts that are missing, broken or
    // not fonts, unbalanced q/Q and BT/ET, a missing XObject, absurd sizes; then text that
    // must still be found; then bytes lopdf's lexer gives up on (1e999, an unterminated
    // string), where reading stops without an error.
    let content: &[u8] = b"Q Q Q cm 1 2 cm BT /Nope 12 Tf (abc) Tj 12 Tf /F1 Tf ET Tj TJ ' \"\n\
        BT /F2 12 Tf <00010002> Tj [(a) 5 (b) /Name [] <>] TJ 1 2 3 Tm 1 0 0 1 nan 5 Tm T* ET\n\
        BT /F3 12 Tf (\\000\\377abc) Tj 10 20 TD (x) ' 1 2 (y) \" ET /NoForm Do q q q\n\
        BT /F4 12 Tf (abc) Tj ET BT /F5 12 Tf (abc) Tj ET BT /F1 0 Tf (zero size) Tj ET BT /F1 1e30 Tf 1e30 1e30 Td (huge) Tj ET\n\
        foo bar 12 baz 0 Tc 0 Tw BT /F1 12 Tf 72 700 Td (Sign here) Tj ET\n\
        BT /F1 12 Tf [(a) 1e999 (b)] TJ (unterminated";
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.to_vec()));
    let pages_id = doc.new_object_id();
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
        "Resources" => fonts(vec![
            ("F1", helvetica().into()),
            ("F2", broken_type0.into()),
            ("F3", broken_simple.into()),
            ("F4", Object::Reference((999, 0))),
            ("F5", extreme_type3.into()),
        ]),
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
        ),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);

    let hits = find_text(&doc, "Sign here").expect("a damaged page is read as far as possible");
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_drawn_at(&hits[0], 1, 72.0, 700.0, 12.0, 4.28);
    page_text(&doc, page).expect("page text of a damaged page");
}

#[test]
fn garbage_bytes_as_content_do_not_panic() {
    let mut seed = 0x2545_f491_u32;
    let garbage: Vec<u8> = (0..20_000)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            b"BTETQqcmTjTJTfTd[]()<>/ 0123456789.-\n\\"[(seed % 37) as usize]
        })
        .collect();
    let (doc, page) = one_page(&garbage, fonts(vec![("F1", helvetica().into())]));
    find_text(&doc, "盖章处").expect("garbage is no error");
    page_text(&doc, page).expect("garbage is no error");
}

#[test]
fn form_xobjects_are_searched_through_their_matrix() {
    let (mut doc, page) = one_page(b"q 2 0 0 2 0 0 cm /Fm1 Do Q", dictionary! {});
    let form = doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 300.into(), 400.into()],
            "Matrix" => vec![1.into(), 0.into(), 0.into(), 1.into(), 50.into(), 100.into()],
            "Resources" => fonts(vec![("F1", helvetica().into())]),
        },
        b"BT /F1 10 Tf 10 20 Td (Sign here) Tj ET".to_vec(),
    ));
    let resources = dictionary! { "XObject" => dictionary! { "Fm1" => form } };
    doc.get_dictionary_mut(page)
        .unwrap()
        .set("Resources", resources);
    let hits = find_text(&doc, "Sign here").unwrap();
    assert_eq!(hits.len(), 1);
    // Td (10, 20) in the form, the form's Matrix moves by (50, 100), the page's cm scales × 2.
    assert_drawn_at(&hits[0], 1, 120.0, 240.0, 20.0, 4.28);
}

#[test]
fn a_form_that_draws_itself_is_followed_8_levels_deep() {
    let (mut doc, page) = one_page(b"/Fm1 Do", dictionary! {});
    let form_id = doc.new_object_id();
    let resources = dictionary! {
        "Font" => dictionary! { "F1" => helvetica() },
        "XObject" => dictionary! { "Fm1" => form_id },
    };
    let form = Stream::new(
        dictionary! { "Type" => "XObject", "Subtype" => "Form", "Resources" => resources.clone(),
        "Matrix" => vec![1.into(), 0.into(), 0.into(), 1.into(), 0.into(), (-20).into()] },
        b"BT /F1 10 Tf 72 700 Td (Sign here) Tj ET /Fm1 Do".to_vec(),
    );
    doc.objects.insert(form_id, Object::Stream(form));
    doc.get_dictionary_mut(page)
        .unwrap()
        .set("Resources", resources);
    let hits = find_text(&doc, "Sign here").unwrap();
    assert_eq!(hits.len(), 8, "{hits:?}");
    assert!(
        (hits[7].rect[1] - hits[0].rect[1] + 7.0 * 20.0).abs() < 0.01,
        "{hits:?}"
    );
}

#[test]
fn a_page_with_more_than_ten_million_operators_is_refused() {
    // Each level draws the next form 60 times: 60^4 > 10^7 operators from a few bytes.
    let (mut doc, page) = one_page(b"/F0 Do", dictionary! {});
    let mut next: Option<ObjectId> = None;
    let mut ids = Vec::new();
    for _ in 0..5 {
        let mut res = Dictionary::new();
        let content = match next {
            Some(id) => {
                res.set("XObject", dictionary! { "F0" => id });
                b"/F0 Do ".repeat(60)
            }
            None => b"0 0 m".to_vec(),
        };
        let id = doc.add_object(Stream::new(
            dictionary! { "Type" => "XObject", "Subtype" => "Form", "Resources" => res },
            content,
        ));
        ids.push(id);
        next = Some(id);
    }
    doc.get_dictionary_mut(page).unwrap().set(
        "Resources",
        dictionary! { "XObject" => dictionary! { "F0" => ids[4] } },
    );
    let started = std::time::Instant::now();
    let err = find_text(&doc, "x").unwrap_err();
    assert_eq!(err.kind(), "bad_input");
    assert!(err.to_string().contains("operators"), "{err}");
    assert!(
        started.elapsed().as_secs() < 60,
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn simple_font_differences_with_uni_glyph_names_decode() {
    let font = dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "SimSun",
        "FirstChar" => 65, "Widths" => vec![1000.into(), 1000.into(), 1000.into()],
        "Encoding" => dictionary! {
            "Type" => "Encoding", "BaseEncoding" => "WinAnsiEncoding",
            "Differences" => vec![65.into(), "uni76D6".into(), "uni7AE0".into(), "uni5904".into()],
        },
    };
    let (doc, page) = one_page(
        b"BT /F1 20 Tf 100 100 Td (xABCy) Tj ET",
        fonts(vec![("F1", font.into())]),
    );
    let hits = find_text(&doc, "盖章处").unwrap();
    assert_eq!(hits.len(), 1);
    // 'x' keeps its WinAnsi meaning and its /Widths fallback (500) before the match.
    assert_drawn_at(&hits[0], 1, 110.0, 100.0, 20.0, 3.0);
    assert_eq!(page_text(&doc, page).unwrap(), "x盖章处y");
}

#[test]
fn a_utf16_predefined_cmap_decodes_without_to_unicode() {
    let font = dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "STSong-Light", "Encoding" => "UniGB-UTF16-H",
        "DescendantFonts" => vec![Object::Dictionary(dictionary! {
            "Type" => "Font", "Subtype" => "CIDFontType0", "BaseFont" => "STSong-Light", "DW" => 1000,
        })],
    };
    // 盖 章 处 then U+20BB7 (a surrogate pair, one 4-byte code).
    let (doc, _) = one_page(
        b"BT /F1 10 Tf 50 60 Td <76D67AE05904D842DFB7> Tj ET",
        fonts(vec![("F1", font.into())]),
    );
    let hits = find_text(&doc, "盖章处\u{20BB7}").unwrap();
    assert_eq!(hits.len(), 1);
    assert_drawn_at(&hits[0], 1, 50.0, 60.0, 10.0, 4.0);
}

#[test]
fn identity_h_without_to_unicode_reads_as_replacement_characters_but_still_advances() {
    let font = dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "Subset", "Encoding" => "Identity-H",
        "DescendantFonts" => vec![Object::Dictionary(dictionary! {
            "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "Subset", "DW" => 1000,
        })],
    };
    let (doc, page) = one_page(
        b"BT /F1 10 Tf 50 60 Td <00010002> Tj /F2 10 Tf (Sign) Tj ET",
        fonts(vec![("F1", font.into()), ("F2", helvetica().into())]),
    );
    assert_eq!(page_text(&doc, page).unwrap(), "\u{FFFD}\u{FFFD}Sign");
    let hits = find_text(&doc, "Sign").unwrap();
    assert_drawn_at(&hits[0], 1, 70.0, 60.0, 10.0, 2.0);
}

#[test]
fn kangxi_radicals_in_the_pdf_match_the_ideographs_they_stand_for() {
    // Some producers map 日 to U+2F47 KANGXI RADICAL SUN in /ToUnicode.
    let (mut doc, page) = one_page(b"BT /F1 10 Tf 50 60 Td <00010002> Tj ET", dictionary! {});
    let cmap = b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
        2 beginbfchar <0001> <2F47> <0002> <671F> endbfchar";
    let tu = doc.add_object(Stream::new(dictionary! {}, cmap.to_vec()));
    let font = dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "Subset", "Encoding" => "Identity-H",
        "ToUnicode" => tu,
        "DescendantFonts" => vec![Object::Dictionary(dictionary! { "Subtype" => "CIDFontType2", "DW" => 1000 })],
    };
    doc.get_dictionary_mut(page)
        .unwrap()
        .set("Resources", fonts(vec![("F1", font.into())]));
    let hits = find_text(&doc, "日期").unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].text, "\u{2F47}期");
}

/// Timing: `python3 tests/fixtures/make_fixtures.py --large /tmp/large.pdf` then
/// `CATOOL_LARGE_PDF=/tmp/large.pdf cargo test --release --test it pdf_keyword:: -- --ignored --nocapture`.
#[test]
#[ignore = "timing; needs CATOOL_LARGE_PDF (see the doc comment)"]
fn searching_a_300_page_pdf_takes_well_under_a_second_a_page() {
    let path = std::env::var("CATOOL_LARGE_PDF")
        .expect("set CATOOL_LARGE_PDF to a PDF made by tests/fixtures/make_fixtures.py --large");
    let doc = Document::load(&path).unwrap();
    let started = std::time::Instant::now();
    let hits = find_text(&doc, "盖章处").unwrap();
    let took = started.elapsed();
    println!(
        "{} pages, {} hits, search took {took:?}",
        doc.get_pages().len(),
        hits.len()
    );
    assert_eq!(hits.len(), doc.get_pages().len());
}
