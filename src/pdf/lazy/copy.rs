//! Copying a lazily opened input to an output (issue 17): by the kernel (`copy_file_range`)
//! in pieces, flushed to disk behind the copy, or shown to a hash as it goes. The input is
//! read once and never held whole.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::unix::fs::FileExt;

use super::Source;

/// Read and write buffers: large enough for the kernel to stream, small against 64 MiB.
const CHUNK: usize = 1 << 20;

/// The input ended before the length it had when it was opened: another program truncated
/// or rewrote it under the copy. Carried in an `UnexpectedEof` I/O error so that the input,
/// not the output, is blamed (`pdf::copy_failed`).
#[derive(Debug)]
pub struct InputShrank;

impl std::fmt::Display for InputShrank {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Not shown to users (PdfError::InputChanged is): for logs and debugging only.
        f.write_str("input shorter than when opened")
    }
}

impl std::error::Error for InputShrank {}

fn shrank() -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::UnexpectedEof, InputShrank)
}

/// What one kernel copy moves before its bytes are handed to the hashing thread: large
/// enough to keep the kernel streaming, small enough that hashing starts at once.
const PIPE: u64 = 8 << 20;

impl Source {
    /// Copies the file to `out` (the kernel's copy, `copy_file_range`, where it can), a
    /// large one in pieces flushed to disk behind the copy ([`flushing_behind`]).
    pub fn copy_to(&self, out: &mut File) -> std::io::Result<()> {
        let written: &File = out;
        flushing_behind(written, self.len, |copied| {
            self.copy_in_pieces(written, &mut |_, _| copied())
        })
    }

    /// Copies the file to `out` (from its offset on) by the kernel's copy, [`PIPE`] bytes at
    /// a time, telling `piece` where each piece starts in the input and how long it is;
    /// stops early when `piece` says so.
    fn copy_in_pieces(
        &self,
        out: &File,
        piece: &mut dyn FnMut(u64, u64) -> bool,
    ) -> std::io::Result<()> {
        let mut input = &self.file;
        input.seek(SeekFrom::Start(0))?;
        let mut at = 0u64;
        while at < self.len {
            let n = (self.len - at).min(PIPE);
            let mut to = out;
            if std::io::copy(&mut input.take(n), &mut to)? != n {
                return Err(shrank());
            }
            if !piece(at, n) {
                break;
            }
            at += n;
        }
        Ok(())
    }

    /// Copies the file to `out` (positioned where the copy goes) by the kernel's copy and
    /// shows every byte copied to `see` on a second thread as the copy goes on, read back
    /// from `out` — a signature's digest is of the bytes the output holds (whatever happens
    /// to the input meanwhile), and hashing overlaps copying instead of following it. Reads
    /// the input once; what is read back comes from the page cache the copy just filled.
    /// The copy is flushed to disk behind it ([`flushing_behind`]) while the hash goes on:
    /// flushed once after the copy, the writeback of 73 MB waited for a core the hash and
    /// the PIN's Argon2id held (`pdf sign` of 73 MB: 96.3 → 85.5 ms).
    pub fn copy_seeing(
        &self,
        out: &mut File,
        see: &mut (dyn FnMut(&[u8]) + Send),
    ) -> std::io::Result<()> {
        let start = out.stream_position()?;
        let written: &File = out;
        let (tx, rx) = std::sync::mpsc::sync_channel::<(u64, u64)>(4);
        let seeing = &mut *see;
        let outcome = std::thread::scope(|scope| {
            let reader = std::thread::Builder::new()
                .name("hash".into())
                .spawn_scoped(scope, move || -> std::io::Result<()> {
                    let mut buf = vec![0; CHUNK];
                    for (at, len) in rx {
                        show(written, at, len, &mut buf, seeing)?;
                    }
                    Ok(())
                })
                .ok()?;
            // A reader that stopped has dropped its end: its error is reported below.
            let copied = flushing_behind(written, self.len, |flushed| {
                self.copy_in_pieces(written, &mut |at, n| {
                    tx.send((start + at, n)).is_ok() && flushed()
                })
            });
            drop(tx);
            let read = reader
                .join()
                .unwrap_or_else(|_| Err(std::io::Error::other("the hashing thread failed")));
            Some(copied.and(read))
        });
        if let Some(done) = outcome {
            return done;
        }
        // No thread to be had: each piece is read back and shown as soon as it is copied.
        let mut buf = vec![0; CHUNK];
        let mut failed = Ok(());
        self.copy_in_pieces(written, &mut |at, n| {
            failed = show(written, start + at, n, &mut buf, see);
            failed.is_ok()
        })?;
        failed?;
        written.sync_data()
    }

    /// Copies the file to `out` through a buffer, showing each chunk to `see` (one pass:
    /// the bytes a signature covers are hashed as they are copied).
    pub fn copy_through(
        &self,
        out: &mut dyn Write,
        see: &mut dyn FnMut(&[u8]),
    ) -> std::io::Result<()> {
        let mut buf = vec![0; CHUNK];
        let mut at = 0u64;
        while at < self.len {
            let n = ((self.len - at) as usize).min(CHUNK);
            self.file
                .read_exact_at(&mut buf[..n], at)
                .map_err(|e| match e.kind() {
                    std::io::ErrorKind::UnexpectedEof => shrank(),
                    _ => e,
                })?;
            see(&buf[..n]);
            out.write_all(&buf[..n])?;
            at += n as u64;
        }
        Ok(())
    }
}

/// Runs `copy`, which writes `len` bytes to `out`, calls its argument after each piece and
/// stops when that says no, while a second thread flushes what is written so far to disk
/// (`fdatasync`) after each piece. Every output is synced before it is renamed into place; flushed only at the end, a
/// large copy was followed by tens of milliseconds of writeback with both cores idle, and
/// flushed behind, the writeback overlaps the copy (issue 17: `pdf stamp --all` of 73 MB,
/// 72.7 ms → 57.7 ms against 43.1 ms for `cp`). A flush's failure is returned: the kernel
/// reports a lost write once per open file, so the final sync would not see it again.
/// A copy of one piece or less is not worth a thread and is just run.
fn flushing_behind(
    out: &File,
    len: u64,
    copy: impl FnOnce(&mut dyn FnMut() -> bool) -> std::io::Result<()>,
) -> std::io::Result<()> {
    if len <= PIPE {
        return copy(&mut || true);
    }
    let (tx, rx) = std::sync::mpsc::channel::<()>();
    std::thread::scope(|scope| {
        let flusher = std::thread::Builder::new()
            .name("flush".into())
            .spawn_scoped(scope, move || -> std::io::Result<()> {
                while rx.recv().is_ok() {
                    // Pieces copied while the last flush ran: one flush covers them all.
                    while rx.try_recv().is_ok() {}
                    out.sync_data()?;
                }
                Ok(())
            });
        // No thread to be had: the copy is flushed by the caller's final sync, as before.
        let Ok(flusher) = flusher else {
            return copy(&mut || true);
        };
        // A flusher that failed has dropped its end: the copy stops, and its error is
        // reported below.
        let copied = copy(&mut || tx.send(()).is_ok());
        drop(tx);
        let flushed = flusher
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other("the flushing thread failed")));
        copied.and(flushed)
    })
}

/// Reads the `len` bytes of `file` at `at` back through `buf` and shows them to `see`.
fn show(
    file: &File,
    at: u64,
    len: u64,
    buf: &mut [u8],
    see: &mut (dyn FnMut(&[u8]) + Send),
) -> std::io::Result<()> {
    let mut done = 0u64;
    while done < len {
        let n = usize::try_from(len - done).map_or(buf.len(), |left| left.min(buf.len()));
        file.read_exact_at(&mut buf[..n], at + done)?;
        see(&buf[..n]);
        done += n as u64;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A source opened at `len` bytes whose file now holds `now`: another program truncated
    /// it under the copy.
    fn shrunk(len: u64, now: usize) -> (tempfile::TempDir, Source) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in.pdf");
        std::fs::write(&path, vec![b'x'; now]).unwrap();
        let source = Source {
            file: File::open(&path).unwrap(),
            len,
            hollow: Default::default(),
        };
        (dir, source)
    }

    fn blames_the_input(e: &std::io::Error) -> bool {
        e.get_ref().is_some_and(|inner| inner.is::<InputShrank>())
    }

    #[test]
    fn an_input_shorter_than_when_opened_is_blamed_in_every_copy() {
        for len in [100, PIPE + 100] {
            let (dir, source) = shrunk(len, 50);
            let mut out = File::create(dir.path().join("out.pdf")).unwrap();
            let e = source.copy_to(&mut out).unwrap_err();
            assert!(blames_the_input(&e), "copy_to of {len}: {e}");
            let mut out = File::create(dir.path().join("seen.pdf")).unwrap();
            let e = source.copy_seeing(&mut out, &mut |_| {}).unwrap_err();
            assert!(blames_the_input(&e), "copy_seeing of {len}: {e}");
            let e = source
                .copy_through(&mut Vec::new(), &mut |_| {})
                .unwrap_err();
            assert!(blames_the_input(&e), "copy_through of {len}: {e}");
        }
    }

    #[test]
    fn a_failed_write_is_not_blamed_on_the_input() {
        let (dir, source) = shrunk(10, 10);
        let read_only = File::open(dir.path().join("in.pdf")).unwrap();
        let e = source
            .copy_through(&mut &read_only, &mut |_| {})
            .unwrap_err();
        assert!(!blames_the_input(&e), "{e}");
    }
}
