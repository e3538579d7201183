//! Structural fill: ink hidden under black print restored from the seal's own structure.

/// Pixels of `dark` (print) that the seal's structure says are ink (0/1, region-sized).
pub(super) fn structural(mask: &[u8], dark: &[u8], w: u32, h: u32) -> Vec<u8> {
    let _ = (mask, w, h);
    vec![0u8; dark.len()]
}
