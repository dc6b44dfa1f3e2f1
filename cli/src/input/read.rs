//! Header-only reading: how the bytes of one message file get into memory.
//!
//! hoptls needs the header block alone, so a message file is read in bounded chunks and only
//! until the blank line that ends the block; the body is never read. A first chunk of
//! [`FIRST_CHUNK`] bytes holds the whole block of nearly every message (header blocks are
//! mostly 2 to 8 KiB: the benchmark corpus's median is 4 KiB, its 99th percentile 7.6 KiB);
//! only while the blank line has not been found does reading go on, [`MORE_CHUNK`] bytes at a
//! time, up to [`LIMIT`] — just past the core's `MAX_HEADER_BLOCK_BYTES`, so that the core
//! still sees that the block went on and says so in a finding. A larger first read copies body
//! bytes only to drop them: over the 20,000 generated messages, the header floor of
//! BENCHMARKS.md reads in 0.13 s with 8 KiB reads, 0.16 s with 16 KiB and 0.165 s with 32 KiB.
//!
//! The strategy lives here alone so that variants can be measured against each other (a whole
//! `std::fs::read` of small files, another chunk size, a per-call buffer): each worker thread
//! reuses one buffer ([`with_buffer`]), so reading a message costs no allocation once the
//! buffer has grown to the size of a header block.

use std::{cell::RefCell, io, io::Read};

use hoptls_core::limits::MAX_HEADER_BLOCK_BYTES;

/// Bytes asked for by the first read of a message.
pub const FIRST_CHUNK: usize = 8 * 1024;
/// Bytes asked for by each further read, while the header block has not ended.
pub const MORE_CHUNK: usize = 16 * 1024;
/// The most that is read of one message: past the core's limit, so that it reports the cut.
pub const LIMIT: usize = MAX_HEADER_BLOCK_BYTES + 4;
/// A UTF-16 message has no byte-level blank line to look for, and twice the bytes per
/// character: it is read up to twice the limit (the core decodes no more than that).
const UTF16_LIMIT: usize = 2 * MAX_HEADER_BLOCK_BYTES + 2;

/// A buffer that outgrew this after an unusually large header block is given back, so that
/// one odd message does not keep a megabyte per thread for the rest of the run.
const KEEP_CAPACITY: usize = 256 * 1024;

thread_local! {
    static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` with this thread's reusable buffer, emptied.
pub fn with_buffer<T>(f: impl FnOnce(&mut Vec<u8>) -> T) -> T {
    BUFFER.with(|cell| match cell.try_borrow_mut() {
        Ok(mut buffer) => {
            buffer.clear();
            let result = f(&mut buffer);
            if buffer.capacity() > KEEP_CAPACITY {
                *buffer = Vec::new();
            }
            result
        }
        // Only reachable by nesting, which the callers do not do; a fresh buffer is correct.
        Err(_) => f(&mut Vec::new()),
    })
}

/// Reads the start of an input into `buf`: one chunk, or less at the end of the input. Enough
/// to tell an mbox from a message and a message from something else. A pipe may deliver less
/// than asked; reading goes on until the chunk is full or the input ends.
pub fn read_start(reader: &mut impl Read, buf: &mut Vec<u8>) -> io::Result<()> {
    fill(reader, buf, FIRST_CHUNK)
}

/// Goes on from [`read_start`] until the header block has ended, the input has ended or
/// [`LIMIT`] is reached, and cuts `buf` right after the blank line.
pub fn read_rest_of_header(reader: &mut impl Read, buf: &mut Vec<u8>) -> io::Result<()> {
    if is_utf16(buf) {
        return fill(reader, buf, UTF16_LIMIT);
    }
    let mut scanned = 0;
    loop {
        if let Some(end) = header_end(buf, scanned) {
            buf.truncate(end);
            return Ok(());
        }
        // A blank line can straddle two chunks: rescan the last bytes of this one.
        scanned = buf.len().saturating_sub(2);
        if buf.len() >= LIMIT {
            buf.truncate(LIMIT);
            return Ok(());
        }
        let before = buf.len();
        fill(reader, buf, (before + MORE_CHUNK).min(LIMIT))?;
        if buf.len() == before {
            return Ok(()); // the input ended inside the header block: a block without a body
        }
    }
}

/// Reads until `buf` holds `target` bytes or the input ends.
fn fill(reader: &mut impl Read, buf: &mut Vec<u8>, target: usize) -> io::Result<()> {
    while buf.len() < target {
        let want = (target - buf.len()) as u64;
        match reader.by_ref().take(want).read_to_end(buf) {
            Ok(0) => return Ok(()),
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

fn is_utf16(start: &[u8]) -> bool {
    start.starts_with(&[0xFF, 0xFE]) || start.starts_with(&[0xFE, 0xFF])
}

/// The offset just after the blank line that ends the header block, looking at offsets from
/// `from` on: the core's own rule and search ([`hoptls_core::message::find_blank_line_from`]),
/// so that the reader stops exactly where the core's block ends.
fn header_end(bytes: &[u8], from: usize) -> Option<usize> {
    hoptls_core::message::find_blank_line_from(bytes, from)
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use hoptls_core::message::find_blank_line;

    use super::*;

    /// A reader that hands out at most `step` bytes per call, as a pipe may.
    struct Trickle<'a> {
        bytes: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            let n = self.step.min(out.len()).min(self.bytes.len());
            out[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }

    fn header_of(input: &[u8], step: usize) -> Vec<u8> {
        let mut reader = Trickle { bytes: input, step };
        let mut buf = Vec::new();
        read_start(&mut reader, &mut buf).expect("in memory");
        read_rest_of_header(&mut reader, &mut buf).expect("in memory");
        buf
    }

    #[test]
    fn agrees_with_the_core_on_where_the_block_ends() {
        let samples: [&[u8]; 9] = [
            b"Subject: a\n\nbody\n\nmore",
            b"Subject: a\r\n\r\nbody",
            b"Subject: a\rX: b\r\rbody",
            b"\n\n\r\nSubject: a\n\nbody",
            b"Subject: a\nX: b\n",
            b"Subject: a\n\r\nbody",
            b"\n\n",
            b"",
            b"Subject: a\r\n\nbody",
        ];
        for sample in samples {
            assert_eq!(header_end(sample, 0), find_blank_line(sample), "{sample:?}");
            for step in [1, 2, 3, 7, 4096] {
                let expected = find_blank_line(sample).map_or(sample, |end| &sample[..end]);
                assert_eq!(header_of(sample, step), expected, "{sample:?} by {step}");
            }
        }
    }

    #[test]
    fn resuming_finds_a_blank_line_that_straddles_chunks() {
        // The first chunk ends with "\n\r"; the "\n" that makes the blank line is in the next.
        let mut message = b"X-Pad: ".to_vec();
        message.resize(FIRST_CHUNK - 2, b'a');
        message.extend_from_slice(b"\n\r\nbody that is never read");
        let header = header_of(&message, usize::MAX);
        assert!(header.ends_with(b"\n\r\n"));
        assert_eq!(
            header.len(),
            message.len() - b"body that is never read".len()
        );
    }

    #[test]
    fn the_body_is_not_read() {
        let mut message = b"Subject: x\n\n".to_vec();
        message.extend(std::iter::repeat_n(b'a', 10 * FIRST_CHUNK));
        let mut reader = Cursor::new(&message);
        let mut buf = Vec::new();
        read_start(&mut reader, &mut buf).expect("in memory");
        read_rest_of_header(&mut reader, &mut buf).expect("in memory");
        assert_eq!(buf, b"Subject: x\n\n");
        assert_eq!(reader.position(), FIRST_CHUNK as u64, "one chunk, no more");
    }

    #[test]
    fn a_block_that_never_ends_is_cut_past_the_limit() {
        let message = b"X: y\n".repeat(LIMIT / 5 + 10_000);
        let header = header_of(&message, usize::MAX);
        assert_eq!(header.len(), LIMIT);
        assert!(
            header.len() > MAX_HEADER_BLOCK_BYTES,
            "the core must see that it went on"
        );
    }

    #[test]
    fn utf16_is_read_without_looking_for_a_blank_line() {
        let mut message = vec![0xFF, 0xFE];
        for unit in "Subject: x\n\nbody".encode_utf16() {
            message.extend(unit.to_le_bytes());
        }
        assert_eq!(header_of(&message, 5), message);
    }

    #[test]
    fn the_buffer_is_reused_and_given_back_when_huge() {
        with_buffer(|buf| buf.extend_from_slice(&[0; 1000]));
        with_buffer(|buf| {
            assert!(buf.is_empty() && buf.capacity() >= 1000);
            buf.resize(KEEP_CAPACITY + 1, 0);
        });
        with_buffer(|buf| assert!(buf.capacity() <= KEEP_CAPACITY));
    }
}
