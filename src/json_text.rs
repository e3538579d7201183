//! JSON text written byte for byte as `serde_json` writes it (compact), for the history's MAC
//! input: every event's columns go through it on each `log verify`, a million times at scale.
//!
//! Why our own: serde_json writes through its `Formatter` one fragment at a time; the
//! columns of an event are short runs between quotes (its details are JSON text), and a plain
//! table-driven loop into the buffer costs less (issue 17: the MAC's input is built a million
//! times by `log verify` at scale). The output must never differ from serde_json's: every
//! stored MAC was computed over that. The tests compare the two on every character below
//! U+0300 and on random text.

/// For each byte, the letter after the backslash serde_json writes for it (`u`: `\u00XX`),
/// or 0 when it is written as it is: below 0x20, `"` and `\` are escaped, nothing else.
const ESCAPE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b'u';
        b += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0A] = b'n';
    table[0x0C] = b'f';
    table[0x0D] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

/// `s` as a JSON string, quotes included, appended to `out`.
pub fn push_str(out: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let letter = ESCAPE[usize::from(b)];
        if letter == 0 {
            continue;
        }
        out.extend_from_slice(&bytes[start..i]);
        out.push(b'\\');
        out.push(letter);
        if letter == b'u' {
            out.extend_from_slice(&[
                b'0',
                b'0',
                HEX[usize::from(b >> 4)],
                HEX[usize::from(b & 0xF)],
            ]);
        }
        start = i + 1;
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
            // Alone, and at each position among other characters.
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
