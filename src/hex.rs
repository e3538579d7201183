//! Hexadecimal text for hashes, serial numbers and the master key file. Written here (not a
//! crate) because it is two loops and every layer needs it.

/// Lower-case hex of `bytes`.
pub fn encode(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// Whether `text` is exactly `encode(bytes)` (lower-case), compared without making it.
pub fn encodes(text: &str, bytes: &[u8]) -> bool {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    text.len() == bytes.len() * 2
        && bytes
            .iter()
            .zip(text.as_bytes().chunks_exact(2))
            .all(|(b, pair)| {
                pair[0] == HEX[usize::from(b >> 4)] && pair[1] == HEX[usize::from(b & 15)]
            })
}

/// The SHA-256 fingerprint of `der` as certificates show it: upper-case hex pairs joined by
/// colons (`AB:CD:…`). The history records certificates by it, so every layer computes it
/// the same way.
pub fn fingerprint(der: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    fingerprint_text(&Sha256::digest(der).into())
}

/// A SHA-256 digest written as [`fingerprint`] writes it.
pub fn fingerprint_text(digest: &[u8; 32]) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(95);
    for (i, b) in digest.iter().enumerate() {
        if i > 0 {
            out.push(':');
        }
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 15)]));
    }
    out
}

/// The digest a [`fingerprint`] text writes: only exactly that form (upper case, colons),
/// so that the digest written again is the same text.
pub fn fingerprint_digest(text: &str) -> Option<[u8; 32]> {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let digit = |c: u8| {
        HEX.iter()
            .position(|h| *h == c)
            .and_then(|p| u8::try_from(p).ok())
    };
    let t = text.as_bytes();
    if t.len() != 95 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, b) in out.iter_mut().enumerate() {
        let at = i * 3;
        if i > 0 && t[at - 1] != b':' {
            return None;
        }
        *b = (digit(t[at])? << 4) | digit(t[at + 1])?;
    }
    Some(out)
}

/// The bytes of an even-length hex string (either case); `None` for anything else.
pub fn decode(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) || !s.is_ascii() {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_fingerprint_reads_back_only_in_its_own_form() {
        let f = super::fingerprint(b"body");
        let d = super::fingerprint_digest(&f).unwrap();
        assert_eq!(super::fingerprint_text(&d), f);
        assert_eq!(super::fingerprint_digest(&f.to_lowercase()), None);
        assert_eq!(super::fingerprint_digest(&f.replace(':', "-")), None);
        assert_eq!(super::fingerprint_digest(&f[1..]), None);
    }

    #[test]
    fn round_trips_and_refuses_odd_or_non_hex_text() {
        assert_eq!(super::encode(&[0, 0xab, 0xff]), "00abff");
        assert_eq!(super::decode("00ABff"), Some(vec![0, 0xab, 0xff]));
        assert_eq!(super::decode("abc"), None);
        assert_eq!(super::decode("zz"), None);
        assert!(super::encodes("00abff", &[0, 0xab, 0xff]));
        assert!(super::fingerprint(b"abc").starts_with("BA:78:16:BF:"));
        assert_eq!(super::fingerprint(b"abc").len(), 95);
        assert!(!super::encodes("00ABff", &[0, 0xab, 0xff]));
        assert!(!super::encodes("00ab", &[0, 0xab, 0xff]));
    }
}
