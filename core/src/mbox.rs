//! The mbox format: many messages in one file, each after a `From ` separator line.
//!
//! hoptls reads only header blocks, so the pieces here are line-level decisions that a streaming
//! reader (the command-line tool, which never holds a whole mbox in memory) and an in-memory
//! splitter (the web page, which is handed a dropped file) share.
//!
//! A separator is a line starting with `From ` that opens the file or follows an empty line
//! (mboxo and mboxrd both quote `From ` lines inside bodies as `>From `; requiring the blank line
//! as well keeps an unquoted body line from splitting a message).
//!
//! ```
//! use hoptls_core::mbox;
//!
//! let file = b"From ana@example.org Tue Dec  3 09:15:02 2024\nSubject: one\n\nbody\n\n\
//! From bo@example.net Tue Dec  3 09:16:02 2024\nSubject: two\n\n>From here on\n";
//! assert!(mbox::looks_like_mbox(file));
//! let messages: Vec<&[u8]> = mbox::split(file).collect();
//! assert_eq!(messages.len(), 2);
//! assert!(messages[1].starts_with(b"Subject: two"));
//! ```

use crate::{findings::Finding, limits::MAX_MBOX_LINE_BYTES};

/// Whether a file starts like an mbox: its first line is a `From ` separator.
pub fn looks_like_mbox(start: &[u8]) -> bool {
    let start = start.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(start);
    start.starts_with(b"From ")
}

/// Whether `line` (without its line ending) separates two messages, given whether the line
/// before it was empty (or there was none).
pub fn is_separator(line: &[u8], previous_was_blank: bool) -> bool {
    previous_was_blank && line.starts_with(b"From ")
}

/// Whether a line (without its line ending) is empty, `\r` alone included.
pub fn is_blank(line: &[u8]) -> bool {
    line.is_empty() || line == b"\r"
}

/// Whether a line of `message` (its `\n` not counted) is longer than
/// [`MAX_MBOX_LINE_BYTES`]: a line that a bounded reader cuts.
pub fn has_long_line(message: &[u8]) -> bool {
    message
        .split(|&b| b == b'\n')
        .any(|line| line.len() > MAX_MBOX_LINE_BYTES)
}

/// The finding for a message that has a line longer than [`MAX_MBOX_LINE_BYTES`]. The report
/// is the same as without the cut (see the limit), so this is information, not a warning.
pub fn long_line_finding() -> Finding {
    Finding::info(
        "mbox-line-too-long",
        format!(
            "a line of this message is longer than {MAX_MBOX_LINE_BYTES} bytes; the rest of that line was skipped (it lies past everything that is read)"
        ),
    )
}

/// The messages of an mbox held in memory, in file order, each without its separator line.
pub fn split(bytes: &[u8]) -> Messages<'_> {
    Messages {
        rest: bytes,
        started: false,
    }
}

/// Iterator over the messages of an in-memory mbox. Text before the first separator (a file
/// that does not start with one) is yielded as a message of its own.
#[derive(Debug, Clone)]
pub struct Messages<'a> {
    rest: &'a [u8],
    started: bool,
}

impl<'a> Iterator for Messages<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        if self.rest.is_empty() {
            return None;
        }
        let mut body = self.rest;
        if !self.started || is_separator(first_line(body), true) {
            self.started = true;
            if is_separator(first_line(body), true) {
                body = after_first_line(body);
            }
        }
        // Scan lines for the next separator.
        let mut offset = 0;
        let mut previous_was_blank = false;
        while offset < body.len() {
            let line = first_line(&body[offset..]);
            if offset > 0 && is_separator(line, previous_was_blank) {
                self.rest = &body[offset..];
                return Some(&body[..offset]);
            }
            previous_was_blank = is_blank(line);
            offset += line.len() + usize::from(offset + line.len() < body.len());
        }
        self.rest = &[];
        Some(body)
    }
}

/// The first line of `bytes`, without its `\n`.
fn first_line(bytes: &[u8]) -> &[u8] {
    match bytes.iter().position(|&b| b == b'\n') {
        Some(end) => &bytes[..end],
        None => bytes,
    }
}

/// What follows the first line. Always a piece of `bytes` (empty at its end when there is no
/// `\n`), so that callers can tell where each message stands in the input.
fn after_first_line(bytes: &[u8]) -> &[u8] {
    match bytes.iter().position(|&b| b == b'\n') {
        Some(end) => &bytes[end + 1..],
        None => &bytes[bytes.len()..],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(bytes: &[u8]) -> Vec<String> {
        split(bytes)
            .map(|m| String::from_utf8_lossy(m).into_owned())
            .collect()
    }

    #[test]
    fn splits_at_separators_after_blank_lines() {
        let file = b"From a@example.org Tue Dec  3 09:15:02 2024\nSubject: 1\n\n>From the body, quoted\nFrom mid-paragraph, not after a blank line\n\nFrom b@example.org Tue Dec  3 09:15:03 2024\r\nSubject: 2\r\n\r\nx\r\n\r\nFrom c@example.org Tue Dec  3 09:15:04 2024\nSubject: 3\n";
        assert_eq!(
            messages(file),
            [
                "Subject: 1\n\n>From the body, quoted\nFrom mid-paragraph, not after a blank line\n\n",
                "Subject: 2\r\n\r\nx\r\n\r\n",
                "Subject: 3\n",
            ]
        );
    }

    #[test]
    fn text_before_the_first_separator_is_a_message() {
        assert_eq!(
            messages(b"Subject: loose\n\nFrom x Tue Dec  3 09:15:02 2024\nSubject: 2\n"),
            ["Subject: loose\n\n", "Subject: 2\n"]
        );
    }

    #[test]
    fn edge_cases() {
        assert!(messages(b"").is_empty());
        assert_eq!(messages(b"From x"), [""]);
        assert_eq!(messages(b"From x\n"), [""]);
        assert_eq!(messages(b"From x\nFrom y\n"), ["From y\n"]);
        assert!(looks_like_mbox(b"\xEF\xBB\xBFFrom x"));
        assert!(!looks_like_mbox(b"Received: from x"));
        assert!(!looks_like_mbox(b"From: ana@example.org"));
    }

    #[test]
    fn tells_lines_past_the_limit() {
        let at_limit = vec![b'x'; MAX_MBOX_LINE_BYTES];
        let mut message = b"Subject: s\n\n".to_vec();
        message.extend(&at_limit);
        message.extend(b"\nend\n");
        assert!(!has_long_line(&message));
        message.insert(20, b'x');
        assert!(has_long_line(&message));
        assert_eq!(long_line_finding().code, "mbox-line-too-long");
    }
}
