//! Inputs: what the arguments name ([`walk`]), how a message file is read ([`read`]), and how
//! an mbox is streamed ([`mbox`]).

pub mod mbox;
pub mod read;
pub mod walk;

use std::path::PathBuf;

/// One step of the ordered stream of inputs.
#[derive(Debug)]
pub enum Item {
    /// Standard input: a message, a header block, or an mbox.
    Stdin,
    File {
        path: PathBuf,
        mode: Mode,
    },
    /// An argument or folder entry that cannot be read at all (a missing pattern match, a
    /// symbolic-link loop, a folder without permission).
    Failed {
        name: String,
        error: String,
    },
    /// The walk of a folder argument begins.
    FolderStart,
    /// The walk of a folder argument ended; a folder in which no message was found is
    /// reported, unless it is a Maildir (an empty mailbox is normal).
    FolderEnd {
        name: String,
        maildir: bool,
    },
}

/// How sure hoptls is that a file is a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Named on the command line, matched by a pattern, a `*.eml` or in a Maildir: if it is
    /// not a message, that is an error.
    Named,
    /// Found in a folder with no telling name (`*.mbox`, or no extension): read if it starts
    /// like a message or an mbox, skipped silently otherwise.
    Sniffed,
}

/// Whether the start of a file looks like a message or an mbox, for [`Mode::Sniffed`] files:
/// after an optional UTF-8 byte-order mark and blank lines, a `From ` line or a header field
/// (`Name:`, the name a letter then letters, digits and `-`). A UTF-16 byte-order mark also
/// qualifies; the core then decides.
pub fn starts_like_a_message(start: &[u8]) -> bool {
    if start.starts_with(&[0xFF, 0xFE]) || start.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    let start = start.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(start);
    let Some(first) = start.iter().position(|b| !b.is_ascii_whitespace()) else {
        return false;
    };
    let line = &start[first..];
    if line.starts_with(b"From ") {
        return true;
    }
    let name_len = line
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || *b == b'-'))
        .unwrap_or(line.len());
    name_len > 0
        && line[0].is_ascii_alphabetic()
        && line[name_len..].iter().find(|b| !matches!(b, b' ' | b'\t')) == Some(&b':')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing() {
        for yes in [
            &b"Received: from x"[..],
            b"\r\n\r\nReturn-Path: <a@example.org>",
            b"From ana@example.org Tue Dec  3 09:15:02 2024\n",
            b"\xEF\xBB\xBFSubject: x",
            b"X-Mailer : y",
            b"From: ana@example.org",
            b"\xFF\xFES\0",
        ] {
            assert!(starts_like_a_message(yes), "{yes:?}");
        }
        for no in [
            &b""[..],
            b"   \n",
            b"{\"schema\": 1}",
            b"#!/bin/sh\n",
            b"\x89PNG\r\n",
            b"3 V1733217302 N12\n",
            b"Subject",
            b"-x: y",
        ] {
            assert!(!starts_like_a_message(no), "{no:?}");
        }
    }
}
