//! The digests of every signature's signed ranges in one pass over the file. Every
//! signature's first range starts at byte 0, so one running hash per algorithm serves them
//! all: it is copied where a signature's gap begins, and the copy finishes with that
//! signature's second range. A file with n signatures is hashed about once, not n times
//! (the image bytes of a scanned bid are before every gap).

use std::collections::BTreeMap;

use crate::pdf::sign::DigestAlg;

/// The bytes one signature covers (its two ranges), hashed on demand.
pub(crate) trait Covered {
    fn digest(&self, alg: DigestAlg) -> Vec<u8>;
    /// The covered bytes themselves (what a signature without signed attributes signs).
    fn bytes(&self) -> Vec<u8>;
}

impl Covered for [&[u8]; 2] {
    fn digest(&self, alg: DigestAlg) -> Vec<u8> {
        alg.digest(self)
    }

    fn bytes(&self) -> Vec<u8> {
        self.concat()
    }
}

/// Digest of the signed ranges, by algorithm and byte range.
pub(super) type RangeDigests = BTreeMap<(DigestAlg, [usize; 4]), Vec<u8>>;

/// A hash being computed, of any algorithm a signature uses.
#[derive(Clone)]
pub(crate) enum Running {
    Sha256(sha2::Sha256),
    Sha384(sha2::Sha384),
    Sha512(sha2::Sha512),
    Sm3(sm3::Sm3),
}

impl Running {
    pub(crate) fn new(alg: DigestAlg) -> Running {
        use digest::Digest;
        match alg {
            DigestAlg::Sha256 => Running::Sha256(sha2::Sha256::new()),
            DigestAlg::Sha384 => Running::Sha384(sha2::Sha384::new()),
            DigestAlg::Sha512 => Running::Sha512(sha2::Sha512::new()),
            DigestAlg::Sm3 => Running::Sm3(sm3::Sm3::new()),
        }
    }

    pub(crate) fn update(&mut self, b: &[u8]) {
        use digest::Digest;
        match self {
            Running::Sha256(h) => h.update(b),
            Running::Sha384(h) => h.update(b),
            Running::Sha512(h) => h.update(b),
            Running::Sm3(h) => h.update(b),
        }
    }

    pub(crate) fn finish(self) -> Vec<u8> {
        use digest::Digest;
        match self {
            Running::Sha256(h) => h.finalize().to_vec(),
            Running::Sha384(h) => h.finalize().to_vec(),
            Running::Sha512(h) => h.finalize().to_vec(),
            Running::Sm3(h) => h.finalize().to_vec(),
        }
    }
}

/// The digests `wanted` asks for (algorithm and `[0, b, c, d]` byte range, already checked
/// to lie within `bytes` with `b <= c`); ranges that do not start at 0 are left out (the
/// caller hashes those itself, and refuses them anyway).
pub(super) fn range_digests(bytes: &[u8], wanted: &[(DigestAlg, [usize; 4])]) -> RangeDigests {
    let mut out = RangeDigests::new();
    let mut by_alg: BTreeMap<DigestAlg, Vec<[usize; 4]>> = BTreeMap::new();
    for (alg, br) in wanted {
        if fits(br, bytes.len()) {
            by_alg.entry(*alg).or_default().push(*br);
        }
    }
    for (alg, mut ranges) in by_alg {
        ranges.sort();
        ranges.dedup();
        let mut running = Running::new(alg);
        let mut at = 0;
        for br in ranges {
            running.update(&bytes[at..br[1]]);
            at = br[1];
            let mut own = running.clone();
            own.update(&bytes[br[2]..br[2] + br[3]]);
            out.insert((alg, br), own.finish());
        }
    }
    out
}

/// [`range_digests`] over the file as it is read, chunk by chunk in order: one running
/// hash per algorithm up to the last gap, copied where each gap begins, and each copy fed
/// its signature's second range.
pub(super) struct Streaming {
    base: Vec<(DigestAlg, Running, Vec<[usize; 4]>)>,
    own: Vec<(DigestAlg, [usize; 4], Running)>,
    at: usize,
}

impl Streaming {
    pub(super) fn new(len: usize, wanted: &[(DigestAlg, [usize; 4])]) -> Streaming {
        let mut by_alg: BTreeMap<DigestAlg, Vec<[usize; 4]>> = BTreeMap::new();
        for (alg, br) in wanted {
            if fits(br, len) {
                by_alg.entry(*alg).or_default().push(*br);
            }
        }
        let base = by_alg
            .into_iter()
            .map(|(alg, mut ranges)| {
                ranges.sort();
                ranges.dedup();
                // Consumed from the end: the nearest gap last.
                ranges.reverse();
                (alg, Running::new(alg), ranges)
            })
            .collect();
        Streaming {
            base,
            own: Vec::new(),
            at: 0,
        }
    }

    /// The next bytes of the file, starting at `at` (where the last chunk ended).
    pub(super) fn update(&mut self, at: usize, chunk: &[u8]) {
        debug_assert_eq!(at, self.at);
        let end = at + chunk.len();
        for (alg, running, ranges) in &mut self.base {
            let mut pos = at;
            while let Some(br) = ranges.last().copied() {
                if br[1] > end {
                    break;
                }
                running.update(&chunk[pos - at..br[1] - at]);
                pos = br[1];
                self.own.push((*alg, br, running.clone()));
                ranges.pop();
            }
            if !ranges.is_empty() {
                running.update(&chunk[pos - at..]);
            }
        }
        for (_, br, running) in &mut self.own {
            let (from, to) = (br[2].max(at), (br[2] + br[3]).min(end));
            if from < to {
                running.update(&chunk[from - at..to - at]);
            }
        }
        self.at = end;
    }

    pub(super) fn finish(self) -> RangeDigests {
        self.own
            .into_iter()
            .filter(|(_, br, _)| br[2] + br[3] <= self.at)
            .map(|(alg, br, running)| ((alg, br), running.finish()))
            .collect()
    }
}

fn fits(br: &[usize; 4], len: usize) -> bool {
    br[0] == 0 && br[1] <= br[2] && br[2].checked_add(br[3]).is_some_and(|end| end <= len)
}

#[cfg(test)]
mod tests {
    use super::*;

    const WANTED: [(DigestAlg, [usize; 4]); 4] = [
        (DigestAlg::Sha256, [0, 100, 200, 300]),
        (DigestAlg::Sha256, [0, 5000, 5100, 4900]),
        (DigestAlg::Sm3, [0, 100, 200, 300]),
        (DigestAlg::Sha512, [0, 0, 0, 10_000]),
    ];

    fn file() -> Vec<u8> {
        (0..10_000u32).map(|i| (i * 7 % 251) as u8).collect()
    }

    #[test]
    fn shared_pass_digests_equal_separate_ones() {
        let (bytes, wanted) = (file(), WANTED);
        let got = range_digests(&bytes, &wanted);
        for (alg, br) in wanted {
            let expect = alg.digest(&[&bytes[..br[1]], &bytes[br[2]..br[2] + br[3]]]);
            assert_eq!(got[&(alg, br)], expect, "{alg:?} {br:?}");
        }
    }

    #[test]
    fn streaming_digests_equal_the_whole_file_ones() {
        let bytes = file();
        // The last one lies past the end of the file: left out by both.
        let mut wanted = WANTED.to_vec();
        wanted.push((DigestAlg::Sha256, [0, 2, 3, 20_000]));
        for chunk in [1, 7, 100, 4096, 20_000] {
            let mut s = Streaming::new(bytes.len(), &wanted);
            for (i, c) in bytes.chunks(chunk).enumerate() {
                s.update(i * chunk, c);
            }
            assert_eq!(s.finish(), range_digests(&bytes, &wanted), "chunk {chunk}");
        }
    }

    #[test]
    fn ranges_outside_the_file_are_left_out() {
        let got = range_digests(b"short", &[(DigestAlg::Sha256, [0, 2, 3, 10])]);
        assert!(got.is_empty());
    }
}
