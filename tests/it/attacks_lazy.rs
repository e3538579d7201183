//! Attacks on the lazy PDF reader (issue 17; red team round 5): a file the lazy reader
//! could read differently from the eager one must get the eager verdict, and a piped PDF is
//! read as the file would be.

use std::process::Stdio;
use std::time::{Duration, SystemTime};

use catool::pdf::sign::sign;
use catool::pdf::verify::{verify_file, verify_with_dss};

use crate::common::*;
use crate::pdf_sign::{pki, request};

/// Content of page 2 as signed, and as an attacker rewrites it.
const SIGNED_TEXT: &[u8] = b"BT /F1 24 Tf 72 700 Td (Page 2: total price 1000 CNY) Tj ET";
const FORGED_TEXT: &[u8] = b"BT /F1 24 Tf 72 700 Td (Page 2: total price 9000000 CNY) Tj ET";

/// A two-page PDF with a cross-reference stream whose page 2 lives in an object stream
/// whose /Type entry is `type_entry` as written (`/Type /Obj#53tm` is `/Type /ObjStm` with a
/// name escape, ISO 32000-1 §7.3.5; readers find the stream through the table, with or
/// without the entry), and a large image on page 1 (so the lazy reader has something to leave in the
/// file). Page 2's content stream (object 10) is an ordinary object.
fn escaped_object_stream_pdf(type_entry: &[u8]) -> Vec<u8> {
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let image: Vec<u8> = (0..512 * 1024)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed as u8
        })
        .collect();
    let page1 = b"q 400 0 0 300 100 300 cm /Im1 Do Q BT /F1 24 Tf 72 700 Td (Page 1) Tj ET";
    let hidden = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 10 0 R /Resources << /Font << /F1 5 0 R >> >> >>\n";
    let header = b"9 0\n";
    let objstm: Vec<u8> = [&header[..], hidden].concat();
    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = std::collections::BTreeMap::new();
    let mut object = |out: &mut Vec<u8>, n: u32, dict: Vec<u8>, data: Option<&[u8]>| {
        offsets.insert(n, out.len());
        out.extend(format!("{n} 0 obj\n").as_bytes());
        out.extend(dict);
        if let Some(d) = data {
            out.extend(b"\nstream\n");
            out.extend(d);
            out.extend(b"\nendstream");
        }
        out.extend(b"\nendobj\n");
    };
    object(
        &mut out,
        1,
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        None,
    );
    object(
        &mut out,
        2,
        b"<< /Type /Pages /Kids [3 0 R 9 0 R] /Count 2 >>".to_vec(),
        None,
    );
    object(&mut out, 3, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> /XObject << /Im1 6 0 R >> >> >>".to_vec(), None);
    object(
        &mut out,
        4,
        format!("<< /Length {} >>", page1.len()).into_bytes(),
        Some(page1),
    );
    object(
        &mut out,
        5,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
        None,
    );
    object(
        &mut out,
        6,
        format!("<< /Type /XObject /Subtype /Image /Width 1024 /Height 512 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length {} >>", image.len()).into_bytes(),
        Some(&image),
    );
    object(
        &mut out,
        10,
        format!("<< /Length +{} >>", SIGNED_TEXT.len()).into_bytes(),
        Some(SIGNED_TEXT),
    );
    let mut dict = b"<< ".to_vec();
    dict.extend(type_entry);
    dict.extend(format!(" /N 1 /First {} /Length {} >>", header.len(), objstm.len()).as_bytes());
    object(&mut out, 11, dict, Some(&objstm));
    let xref_at = out.len();
    let mut rows = Vec::new();
    for n in 0..=12u32 {
        let (kind, field, gen_or_index): (u8, u32, u16) = match n {
            0 => (0, 0, 65535),
            9 => (2, 11, 0),
            12 => (1, xref_at as u32, 0),
            n => match offsets.get(&n) {
                Some(at) => (1, *at as u32, 0),
                None => (0, 0, 0),
            },
        };
        rows.push(kind);
        rows.extend(field.to_be_bytes());
        rows.extend(gen_or_index.to_be_bytes());
    }
    out.extend(
        format!(
            "12 0 obj\n<< /Type /XRef /Size 13 /W [1 4 2] /Root 1 0 R /Length {} >>\nstream\n",
            rows.len()
        )
        .as_bytes(),
    );
    out.extend(&rows);
    out.extend(format!("\nendstream\nendobj\nstartxref\n{xref_at}\n%%EOF\n").as_bytes());
    out
}

/// `signed` with an incremental update that redefines object 10 (page 2's content) as
/// `content`, through a classic cross-reference section.
fn rewrite_page_two(signed: &[u8], content: &[u8]) -> Vec<u8> {
    let last = signed.windows(9).rposition(|w| w == b"startxref").unwrap();
    let prev: usize = std::str::from_utf8(&signed[last + 9..])
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let text = String::from_utf8_lossy(&signed[prev..(prev + 4000).min(signed.len())]);
    let after = text.split("/Size").nth(1).unwrap().trim_start();
    let digits = after.find(|c: char| !c.is_ascii_digit()).unwrap();
    let size: u32 = after[..digits].parse().unwrap();
    let mut out = signed.to_vec();
    let at = out.len();
    out.extend(format!("10 0 obj\n<< /Length {} >>\nstream\n", content.len()).as_bytes());
    out.extend(content);
    out.extend(b"\nendstream\nendobj\n");
    let xref = out.len();
    out.extend(
        format!(
            "xref\n10 1\n{at:010} 00000 n \ntrailer\n<< /Size {size} /Root 1 0 R /Prev {prev} >>\nstartxref\n{xref}\n%%EOF\n"
        )
        .as_bytes(),
    );
    out
}

fn signed(pdf: Vec<u8>) -> Vec<u8> {
    let p = &pki().rsa_a;
    let mut req = request(p, std::slice::from_ref(&p.ca));
    req.signing_time = SystemTime::UNIX_EPOCH + Duration::from_secs(1_750_000_000);
    sign(pdf, None, &req, None).unwrap().bytes
}

#[test]
fn a_page_rewritten_after_signing_inside_an_escaped_object_stream_is_not_valid() {
    let dir = tempfile::tempdir().unwrap();
    // The lexer could not tell this container is an object stream: its /Type is escaped.
    let base = escaped_object_stream_pdf(b"/Type /Obj#53tm");
    let forged = rewrite_page_two(&signed(base), FORGED_TEXT);
    let path = dir.path().join("forged.pdf");
    std::fs::write(&path, &forged).unwrap();
    let (reports, _) = verify_file(&path, None).unwrap();
    let (eager, _) = verify_with_dss(&forged, None).unwrap();
    assert_eq!(format!("{reports:?}"), format!("{eager:?}"));
    assert_eq!(reports.len(), 1);
    assert!(
        !reports[0].changes.is_empty(),
        "the rewritten page 2 went unreported: {:?}",
        reports[0].changes
    );
}

#[test]
fn an_escaped_object_stream_is_stamped_lazily_as_eagerly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("objstm.pdf");
    std::fs::write(&path, escaped_object_stream_pdf(b"/Type /Obj#53tm")).unwrap();
    let (eager, lazy) = crate::pdf_lazy::stamp_every_page_both_ways(&path);
    assert!(eager.is_ok(), "{eager:?}");
    assert!(lazy == eager, "lazy: {:?}", lazy.err());
}

#[test]
fn a_piped_pdf_is_verified_as_the_file_is() {
    let env = Env::new();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("signed.pdf");
    std::fs::write(&path, signed(escaped_object_stream_pdf(b"/Type /ObjStm"))).unwrap();
    let from_file = env.run(&["--json", "pdf", "verify", path.to_str().unwrap()]);
    let piped = env
        .cmd()
        .args(["--json", "pdf", "verify", "/dev/stdin"])
        .stdin(Stdio::from(std::fs::File::open(&path).unwrap()))
        .output()
        .unwrap();
    // A file redirected to stdin is a regular file; a pipe is not: feed one too.
    let mut child = env
        .cmd()
        .args(["--json", "pdf", "verify", "/dev/stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || {
        use std::io::Write;
        let _ = stdin.write_all(&bytes);
    });
    let pipe = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    for (how, out) in [("redirected", &piped), ("pipe", &pipe)] {
        assert_eq!(
            out.status.code(),
            from_file.status.code(),
            "{how}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let field = |o: &std::process::Output| {
            let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
            v["signatures"][0]["verdict"].clone()
        };
        assert_eq!(field(out), field(&from_file), "{how}");
    }
}

#[test]
fn a_pdf_whose_object_stream_did_not_load_is_neither_signed_nor_stamped() {
    // An object stream without /Type /ObjStm: this parser (and pyHanko) do not read it, other
    // readers may, so what the document says — a certification's lock, say — is unknown.
    let pdf = escaped_object_stream_pdf(b"");
    let p = &pki().rsa_a;
    let req = request(p, std::slice::from_ref(&p.ca));
    let Err(err) = sign(pdf.clone(), None, &req, None) else {
        panic!("signed a PDF whose object stream did not load");
    };
    assert!(
        err.to_string().contains("object 11"),
        "unexpected refusal: {err}"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("untyped.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let (eager, lazy) = crate::pdf_lazy::stamp_every_page_both_ways(&path);
    assert!(
        eager.as_ref().is_err_and(|e| e.contains("object 11")),
        "{:?}",
        eager.map(|b| b.len())
    );
    assert_eq!(eager, lazy);
}
