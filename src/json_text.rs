//! JSON text written byte for byte as `serde_json` writes it (compact), for the history's MAC
//! input: every event's columns go through it on each `log verify`, a million times at scale.
//!
//! Why our own: `serde_json` looks at a string one byte at a time; events are mostly long runs
//! that need no escaping (hex digests, ids, details already JSON whose quotes do), and this
//! looks at eight bytes at a time (SWAR, no `unsafe`), which halved the MAC's share of `log
//! verify` (issue 17). The output must never differ from `serde_json`'s: every stored MAC was
//! computed over that. The tests compare the two on every byte value and on random text.

/// How serde_json escapes byte `b` (below 0x20, `"` or `\`): the letter after the backslash,
/// or `u` for `\u00XX`.
fn escape_letter(b: u8) -> u8 {
    match b {
        b'"' => b'"',
        b'\\' => b'\\',
        0x08 => b'b',
        0x09 => b't',
        0x0A => b'n',
        0x0C => b'f',
        0x0D => b'r',
        _ => b'u',
    }
}

const LOW: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// Whether any of the eight bytes of `w` needs escaping: below 0x20, `"` or `\`.
fn any_to_escape(w: u64) -> bool {
    // A byte is zero in `x` exactly when `has_zero` sets its high bit (the classic test: a
    // false positive only above a true zero byte, which does not matter for "any").
    let has_zero = |x: u64| x.wrapping_sub(LOW) & !x & HIGH;
    // Below 0x20: `w - 0x20` borrows into the high bit for bytes < 0x20 (bytes >= 0x80 set
    // it too, masked out with `!w`).
    let below_space = w.wrapping_sub(LOW * 0x20) & !w & HIGH;
    let quote = has_zero(w ^ (LOW * u64::from(b'"')));
    let backslash = has_zero(w ^ (LOW * u64::from(b'\\')));
    below_space | quote | backslash != 0
}

fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// `s` as a JSON string, quotes included, appended to `out`.
pub fn push_str(out: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Skip eight clean bytes at a time.
        if let Some(chunk) = bytes.get(i..i + 8) {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            if !any_to_escape(u64::from_le_bytes(word)) {
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        if needs_escape(b) {
            out.extend_from_slice(&bytes[start..i]);
            let letter = escape_letter(b);
            out.push(b'\\');
            out.push(letter);
            if letter == b'u' {
                out.extend_from_slice(b"00");
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 0xF)]);
            }
            start = i + 1;
        }
        i += 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

/// An integer as JSON.
pub fn push_int(out: &mut Vec<u8>, n: i64) {
    use std::io::Write;
    // Writing to a Vec cannot fail.
    let _ = write!(out, "{n}");
}

/// `null` or the integer.
pub fn push_opt_int(out: &mut Vec<u8>, n: Option<i64>) {
    match n {
        Some(n) => push_int(out, n),
        None => out.extend_from_slice(b"null"),
    }
}

/// `null` or the string.
pub fn push_opt_str(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => push_str(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ours(s: &str) -> Vec<u8> {
        let mut out = Vec::new();
        push_str(&mut out, s);
        out
    }

    fn serde(s: &str) -> Vec<u8> {
        serde_json::to_vec(s).unwrap_or_default()
    }

    #[test]
    fn every_single_character_is_written_as_serde_json_writes_it() {
        for c in (0..=0x2FFu32).chain([0x7F, 0x80, 0xFF, 0x4E2D, 0xFFFF, 0x1F600]) {
            let Some(c) = char::from_u32(c) else { continue };
            // Alone, and at each position of an eight-byte word (the SWAR path).
            for pad in 0..9 {
                let s = format!("{}{c}{}", "a".repeat(pad), "b".repeat(8 - pad));
                assert_eq!(ours(&s), serde(&s), "{s:?}");
            }
            assert_eq!(ours(&c.to_string()), serde(&c.to_string()));
        }
    }

    #[test]
    fn random_text_is_written_as_serde_json_writes_it() {
        // A fixed xorshift: the same strings every run, weighted toward the bytes that escape.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let alphabet: Vec<char> = "\"\\\u{0}\u{1}\u{8}\t\n\u{b}\u{c}\r\u{1f} aZ09{}:,中文\u{7f}é🙂"
            .chars()
            .collect();
        for _ in 0..20_000 {
            let len = (next() % 40) as usize;
            let s: String = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            assert_eq!(ours(&s), serde(&s), "{s:?}");
        }
    }

    #[test]
    fn integers_and_nulls_are_written_as_serde_json_writes_them() {
        for n in [0, 1, -1, 42, i64::MAX, i64::MIN] {
            let mut out = Vec::new();
            push_opt_int(&mut out, Some(n));
            assert_eq!(out, serde_json::to_vec(&n).unwrap_or_default());
        }
        let mut out = Vec::new();
        push_opt_int(&mut out, None);
        push_opt_str(&mut out, None);
        assert_eq!(out, b"nullnull");
    }
}
