//! The working memory of one Argon2id derivation (a PIN's key, `vault`): mapped on its own
//! and backed by transparent huge pages where the kernel gives them to memory that asks (its
//! THP mode `madvise`; in mode `always` catool switches them off for the whole process,
//! this mapping included, and in mode `never` there are none: then it is ordinary memory).
//!
//! Why not the argon2 crate's own allocation: the derivation writes each of its 1 KiB blocks
//! before it reads it, so with 4 KiB pages its 19 MiB cost 4,864 page faults, about 40 % of
//! its time (24 ms, 14 ms on 2 MiB pages; `pdf sign` of a one-page PDF 43 → 32 ms, issue 17).
//! The global allocator is built without huge pages, and the process keeps them off where
//! the system would give them to every allocation (`harden::no_huge_pages`): a huge page
//! touched by one small allocation is 2 MiB the kernel first clears. This mapping asks for
//! them (`MADV_HUGEPAGE`) and is the only memory that does.
//!
//! The one `unsafe` of catool is here: the argon2 crate takes its memory as `&mut [Block]`
//! and offers no safe way to view other memory as blocks.

use argon2::Block;
use memmap2::{Advice, MmapMut, MmapOptions};

/// The kernel backs an aligned 2 MiB with one huge page (x86-64, AArch64 with 4 KiB pages).
const HUGE_PAGE: usize = 2 << 20;

// A block is 128 64-bit words and nothing else, and the mapping's page alignment is enough.
const _: () = assert!(size_of::<Block>() == Block::SIZE && align_of::<Block>() <= 4096);

/// Zeroed memory for `len` blocks, unmapped (returned to the kernel, which clears it
/// before any other use) when dropped.
pub struct KdfMemory {
    map: MmapMut,
    offset: usize,
    len: usize,
}

impl KdfMemory {
    pub fn new(len: usize) -> std::io::Result<KdfMemory> {
        let bytes = len
            .checked_mul(Block::SIZE)
            .and_then(|b| b.checked_add(HUGE_PAGE))
            .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::OutOfMemory))?;
        // One huge page more than needed, to start on a huge page boundary.
        let map = MmapOptions::new().len(bytes).map_anon()?;
        // Where the kernel has no huge pages for it, the memory is ordinary pages.
        let _ = map.advise(Advice::HugePage);
        let addr = map.as_ptr() as usize;
        let offset = (HUGE_PAGE - addr % HUGE_PAGE) % HUGE_PAGE;
        Ok(KdfMemory { map, offset, len })
    }

    /// The memory as `len` blocks.
    pub fn blocks(&mut self) -> &mut [Block] {
        let start = self.map[self.offset..].as_mut_ptr();
        #[allow(unsafe_code)]
        // SAFETY: the mapping is `len * 1024 + HUGE_PAGE` bytes and `offset < HUGE_PAGE`, so
        // the `len` blocks from `start` lie inside it; `start` is 2 MiB aligned (a multiple
        // of the mapping's page alignment), more than a block's alignment; a block is an
        // array of integers and nothing else (the size assertion above), for which every
        // bit pattern is a valid value; and the slice borrows `self` mutably,
        // so nothing else reaches the mapping while it lives.
        unsafe {
            std::slice::from_raw_parts_mut(start.cast::<Block>(), self.len)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::{Algorithm, Argon2, Params, Version};

    #[test]
    fn blocks_are_as_many_as_asked_zeroed_and_huge_page_aligned() {
        let mut m = KdfMemory::new(3000).unwrap();
        let blocks = m.blocks();
        assert_eq!(blocks.len(), 3000);
        assert_eq!(blocks.as_ptr() as usize % HUGE_PAGE, 0);
        assert!(blocks.iter().all(|b| b.as_ref().iter().all(|w| *w == 0)));
        blocks[2999].as_mut()[127] = u64::MAX;
        assert_eq!(m.blocks()[2999].as_ref()[127], u64::MAX);
    }

    #[test]
    fn a_derivation_in_this_memory_equals_one_in_the_argon2_crates_own() {
        let params = Params::new(4096, 2, 1, Some(32)).unwrap();
        let argon = Argon2::new_with_secret(
            &[7; 32],
            Algorithm::Argon2id,
            Version::V0x13,
            params.clone(),
        )
        .unwrap();
        let (mut own, mut here) = ([0u8; 32], [0u8; 32]);
        argon
            .hash_password_into(b"123456", b"salt of 16 bytes", &mut own)
            .unwrap();
        let mut m = KdfMemory::new(params.block_count()).unwrap();
        argon
            .hash_password_into_with_memory(b"123456", b"salt of 16 bytes", &mut here, m.blocks())
            .unwrap();
        assert_eq!(own, here);
    }
}
