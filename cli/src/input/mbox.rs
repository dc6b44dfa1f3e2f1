//! Streaming an mbox: one header block at a time, through a fixed buffer, never the whole file.
//!
//! The line rules (what separates two messages, what is a blank line) are the core's
//! [`hoptls_core::mbox`] rules, so that the web page, which splits a dropped file in memory,
//! finds the same messages. Lines are looked at piece by piece: a body line of any length (a
//! base64 blob without line breaks) costs no memory, only its first five bytes are kept.
//!
//! `>From ` quoting (mboxo, mboxrd) is not undone, on purpose: it only ever touches body lines
//! (a header line is a field or a continuation starting with white space, never `>From `), and
//! bodies are skipped here without being looked at beyond the separator test. The header
//! blocks handed on are exactly as written.

use std::io::{self, Read};

use hoptls_core::mbox::{is_blank, is_separator};

use super::read::LIMIT;

/// Bytes read from the file at a time.
const BUFFER: usize = 64 * 1024;

/// Reads the messages of an mbox in file order, handing out each header block.
#[derive(Debug)]
pub struct MboxReader<R> {
    inner: R,
    buf: Box<[u8]>,
    pos: usize,
    len: usize,
    state: State,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Nothing read yet: the first line is the separator of message 1.
    Start,
    /// A separator was just read: a message follows.
    AfterSeparator,
    Done,
}

/// What the separator and blank-line rules need of a line.
struct LineFacts {
    /// The first bytes of the line (at most five), without its line ending.
    head: [u8; 5],
    head_len: usize,
    /// Whether the line, without its `\n`, is longer than `head_len`.
    longer: bool,
}

impl LineFacts {
    /// The line itself when it is at most five bytes long, else its first five bytes: enough
    /// for `is_blank` (a longer line is not blank either way) and for `is_separator`.
    fn text(&self) -> &[u8] {
        &self.head[..self.head_len]
    }

    fn is_blank(&self) -> bool {
        !self.longer && is_blank(self.text())
    }
}

impl<R: Read> MboxReader<R> {
    pub fn new(inner: R) -> Self {
        MboxReader {
            inner,
            buf: vec![0; BUFFER].into_boxed_slice(),
            pos: 0,
            len: 0,
            state: State::Start,
        }
    }

    /// Puts the header block of the next message into `header` (emptied first) and skips its
    /// body. Returns `false` at the end of the file.
    pub fn next_message(&mut self, header: &mut Vec<u8>) -> io::Result<bool> {
        header.clear();
        match self.state {
            State::Done => return Ok(false),
            State::Start => {
                let Some(first) = self.read_line(Some(header))? else {
                    self.state = State::Done;
                    return Ok(false);
                };
                if is_separator(first.text(), true) {
                    header.clear();
                } else if first.is_blank() {
                    // A file that does not start with a separator (standard input that was
                    // sniffed differently) begins with its first message; a blank first line
                    // would end an empty header block, so it is dropped.
                    header.clear();
                }
            }
            State::AfterSeparator => {}
        }
        // The header block, up to its blank line (kept: it tells the core the block ended).
        loop {
            match self.read_line(Some(header))? {
                None => {
                    self.state = State::Done;
                    header.truncate(LIMIT);
                    return Ok(true);
                }
                Some(line) if line.is_blank() => break,
                Some(_) => {}
            }
        }
        header.truncate(LIMIT);
        // The body, up to the next separator: a `From ` line right after a blank line.
        let mut previous_was_blank = true;
        loop {
            match self.read_line(None)? {
                None => {
                    self.state = State::Done;
                    return Ok(true);
                }
                Some(line) if is_separator(line.text(), previous_was_blank) => {
                    self.state = State::AfterSeparator;
                    return Ok(true);
                }
                Some(line) => previous_was_blank = line.is_blank(),
            }
        }
    }

    /// Reads one line, appending it to `keep` while that holds less than [`LIMIT`] bytes.
    /// `None` at the end of the input.
    fn read_line(&mut self, mut keep: Option<&mut Vec<u8>>) -> io::Result<Option<LineFacts>> {
        let mut facts = LineFacts {
            head: [0; 5],
            head_len: 0,
            longer: false,
        };
        let mut any = false;
        loop {
            if self.pos == self.len {
                self.pos = 0;
                self.len = loop {
                    match self.inner.read(&mut self.buf) {
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                        result => break result?,
                    }
                };
                if self.len == 0 {
                    return Ok(any.then_some(facts));
                }
            }
            any = true;
            let available = &self.buf[self.pos..self.len];
            let (segment, ended) = match memchr::memchr(b'\n', available) {
                Some(end) => (&available[..=end], true),
                None => (available, false),
            };
            self.pos += segment.len();
            if let Some(keep) = keep.as_deref_mut().filter(|k| k.len() < LIMIT) {
                keep.extend_from_slice(segment);
            }
            let text = if ended {
                &segment[..segment.len() - 1]
            } else {
                segment
            };
            for &byte in text {
                if facts.head_len == facts.head.len() {
                    facts.longer = true;
                    break;
                }
                facts.head[facts.head_len] = byte;
                facts.head_len += 1;
            }
            if ended {
                return Ok(Some(facts));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that hands out at most `step` bytes per call, so that lines straddle reads.
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

    fn headers(file: &[u8], step: usize) -> Vec<String> {
        let mut reader = MboxReader::new(Trickle { bytes: file, step });
        let mut header = Vec::new();
        let mut out = Vec::new();
        while reader.next_message(&mut header).expect("in memory") {
            out.push(String::from_utf8_lossy(&header).into_owned());
        }
        out
    }

    /// The header blocks of the core's in-memory splitter, for comparison.
    fn core_headers(file: &[u8]) -> Vec<String> {
        hoptls_core::mbox::split(file)
            .map(|message| {
                let end = hoptls_core::message::find_blank_line(message).unwrap_or(message.len());
                String::from_utf8_lossy(&message[..end]).into_owned()
            })
            .collect()
    }

    const FILE: &[u8] = b"From a@example.org Tue Dec  3 09:15:02 2024\nSubject: 1\nReceived: from x\n\tby y\n\n>From the body, quoted\nFrom mid-paragraph, not after a blank line\n\nFrom b@example.org Tue Dec  3 09:15:03 2024\r\nSubject: 2\r\n\r\nx\r\n\r\nFrom c@example.org Tue Dec  3 09:15:04 2024\nSubject: 3\n";

    #[test]
    fn finds_the_messages_the_core_finds() {
        for step in [1, 2, 5, 6, 7, 64, usize::MAX] {
            assert_eq!(
                headers(FILE, step),
                core_headers(FILE),
                "read {step} bytes at a time"
            );
        }
        assert_eq!(
            headers(FILE, 3),
            [
                "Subject: 1\nReceived: from x\n\tby y\n\n",
                "Subject: 2\r\n\r\n",
                "Subject: 3\n"
            ]
        );
    }

    #[test]
    fn a_long_body_line_costs_no_memory() {
        let mut file = b"From a Tue Dec  3 09:15:02 2024\nSubject: 1\n\n".to_vec();
        file.extend(std::iter::repeat_n(b'A', 3 * BUFFER + 17));
        file.extend_from_slice(b"\n\nFrom b Tue Dec  3 09:15:03 2024\nSubject: 2\n\nbody\n");
        assert_eq!(
            headers(&file, usize::MAX),
            ["Subject: 1\n\n", "Subject: 2\n\n"]
        );
    }

    #[test]
    fn a_header_block_is_cut_at_the_limit() {
        let mut file = b"From a Tue Dec  3 09:15:02 2024\n".to_vec();
        file.extend(b"X: y\n".repeat(LIMIT / 5 + 1000));
        file.extend_from_slice(b"\nbody\n\nFrom b Tue Dec  3 09:15:03 2024\nSubject: 2\n");
        let found = headers(&file, usize::MAX);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].len(), LIMIT);
        assert_eq!(found[1], "Subject: 2\n");
    }

    #[test]
    fn edge_cases() {
        assert!(headers(b"", 4).is_empty());
        assert_eq!(headers(b"From x", 4), [""]);
        assert_eq!(
            headers(b"From x\n\nFrom y\nSubject: 2\n", 4),
            ["\n", "Subject: 2\n"]
        );
        assert_eq!(
            headers(b"Subject: loose\n\nFrom x Tue\nSubject: 2\n", 4),
            ["Subject: loose\n\n", "Subject: 2\n"]
        );
    }
}
