//! The header block of a message: where it ends, its fields in order, and the few fields hoptls
//! reports besides the Received lines.
//!
//! Input comes from files, pastes and mailboxes, so the reading is lenient: a UTF-8 or UTF-16 BOM,
//! an mbox `From ` line, CR-only line ends, a block without a blank line after it, and headers
//! copied from Outlook with their folding lost (continuation lines without leading white space)
//! are all read. Only input that is not a message at all is an error.

use std::{borrow::Cow, sync::LazyLock};

use memchr::memmem;

use mail_parser::{HeaderValue, parsers::MessageStream};

use crate::{
    error::Error,
    findings::Finding,
    limits::{MAX_HEADER_BLOCK_BYTES, MAX_VALUE_BYTES},
};

/// One header field: its name and its value as written (after the colon, folds included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field<'a> {
    pub name: &'a str,
    pub value: &'a str,
}

impl Field<'_> {
    pub fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
    }
}

/// The fields of a header block, in order, and what was odd about reading them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderBlock<'a> {
    pub fields: Vec<Field<'a>>,
    pub findings: Vec<Finding>,
}

/// Turns input bytes into text: strips a UTF-8 BOM, decodes UTF-16 with a BOM, and replaces
/// invalid UTF-8 (header text is ASCII by the RFCs; stray 8-bit bytes are common in spam).
/// Only the header block is decoded, so a large body costs nothing.
pub fn decode_header_text(input: &[u8]) -> Cow<'_, str> {
    decode_header(input).0
}

/// Whether decoded text is known to end where its header block does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BlockEnd {
    /// The text was cut right after the block's first blank line, or at the limit when it has
    /// none: [`read_header_block`] need not look for the blank line again.
    AtTextEnd,
    /// The text may go on past the block (UTF-16 input, text given by the caller).
    Unknown,
}

/// [`decode_header_text`], saying whether the text was cut at the end of the block.
pub(crate) fn decode_header(input: &[u8]) -> (Cow<'_, str>, BlockEnd) {
    if let Some(rest) = input.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return (lossy(header_prefix(rest)), BlockEnd::AtTextEnd);
    }
    if let Some(rest) = input.strip_prefix(&[0xFF, 0xFE]) {
        let text = decode_utf16(rest, u16::from_le_bytes);
        return (Cow::Owned(text), BlockEnd::Unknown);
    }
    if let Some(rest) = input.strip_prefix(&[0xFE, 0xFF]) {
        let text = decode_utf16(rest, u16::from_be_bytes);
        return (Cow::Owned(text), BlockEnd::Unknown);
    }
    (lossy(header_prefix(input)), BlockEnd::AtTextEnd)
}

/// `String::from_utf8_lossy`, with the validating fast path tried first: nearly every header
/// block is valid UTF-8 (ASCII, mostly), and plain validation is several times faster than the
/// lossy decoder's chunking.
fn lossy(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    // A few units past the limit, as for UTF-8: a block longer than the limit must still be
    // seen as longer, so that its cut is reported (`header-block-truncated`).
    let limit = bytes.len().min((MAX_HEADER_BLOCK_BYTES + 4) * 2);
    let units = bytes[..limit]
        .chunks_exact(2)
        .map(|pair| unit([pair[0], pair[1]]));
    char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// The bytes up to and including the blank line that ends the header block (or up to the
/// limit), so that a body is never decoded.
fn header_prefix(input: &[u8]) -> &[u8] {
    let window = &input[..input.len().min(MAX_HEADER_BLOCK_BYTES + 4)];
    match find_blank_line(window) {
        Some(end) => &input[..end],
        None => window,
    }
}

/// The offset just after the first empty line (`\n\n`, `\n\r\n`, or `\r\r` for CR-only text).
/// Leading blank lines do not count: pasted headers often start with one.
pub fn find_blank_line(bytes: &[u8]) -> Option<usize> {
    find_blank_line_from(bytes, 0)
}

/// [`find_blank_line`], looking only at blank lines that start at `from` or later: a reader
/// that gets a message in chunks resumes where the search of the last chunk stopped (two bytes
/// before its end, so that a blank line across the two chunks is found) instead of searching
/// the block again from its start.
pub fn find_blank_line_from(bytes: &[u8], from: usize) -> Option<usize> {
    let content = bytes
        .iter()
        .position(|b| !matches!(b, b'\r' | b'\n' | b' ' | b'\t'))?;
    let start = content.max(from).min(bytes.len());
    let text = &bytes[start..];
    // Each shape is searched with a vectorised substring search (built once); the one a
    // byte-by-byte scan would meet first wins. A blank line ends with the line-end style of
    // the block, so the style of its first line end is searched first, and the other is
    // looked for only before what that found: a CRLF message's body is never scanned for
    // `\n\n`.
    let crlf_first = memchr::memchr(b'\n', text).is_some_and(|lf| lf > 0 && text[lf - 1] == b'\r');
    let (first, second) = if crlf_first {
        (&*LF_CRLF, &*LF_LF)
    } else {
        (&*LF_LF, &*LF_CRLF)
    };
    let first_found = first.find(text);
    let second_window = first_found.map_or(text.len(), |at| (at + 2).min(text.len()));
    let second_found = second.find(&text[..second_window]);
    // Both shapes start at the `\n` that ends the last header line.
    let lf_blank = match (first_found, second_found) {
        (Some(a), Some(b)) if b < a => Some((b, b + second.needle().len())),
        (Some(a), _) => Some((a, a + first.needle().len())),
        (None, Some(b)) => Some((b, b + second.needle().len())),
        (None, None) => None,
    };
    let cr_window = &text[..lf_blank.map_or(text.len(), |(at, _)| at)];
    match CR_CR.find(cr_window) {
        Some(at) => Some(start + at + 2),
        None => lf_blank.map(|(_, end)| start + end),
    }
}

static LF_LF: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new(b"\n\n"));
static LF_CRLF: LazyLock<memmem::Finder<'static>> =
    LazyLock::new(|| memmem::Finder::new(b"\n\r\n"));
static CR_CR: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new(b"\r\r"));

/// Splits the header block at the start of `text` into fields.
pub fn read_header_block(text: &str) -> Result<HeaderBlock<'_>, Error> {
    read_header_block_ending(text, BlockEnd::Unknown)
}

/// [`read_header_block`] for text whose end may already be known to be the block's: the blank
/// line is then not searched for a second time. Lossy decoding keeps every CR and LF where it
/// was, so the blank line [`header_prefix`] cut after is the first one of the text too.
pub(crate) fn read_header_block_ending(
    text: &str,
    end: BlockEnd,
) -> Result<HeaderBlock<'_>, Error> {
    let mut findings = Vec::new();
    let text = text.trim_start_matches(['\r', '\n', ' ', '\t']);
    if text.is_empty() {
        return Err(Error::Empty);
    }
    if looks_binary(text) {
        return Err(Error::Binary);
    }
    // A block that never ends (a huge header, or a file without a blank line) is cut at the
    // limit; what is before the cut is still read.
    let block_end = match end {
        BlockEnd::AtTextEnd => text.len(),
        BlockEnd::Unknown => find_blank_line(text.as_bytes()).unwrap_or(text.len()),
    };
    let truncated = block_end > MAX_HEADER_BLOCK_BYTES;
    let text = if truncated {
        &text[..floor_char_boundary(text, MAX_HEADER_BLOCK_BYTES)]
    } else {
        text
    };
    let mut lines = Lines::new(text);
    // A leading mbox separator (`From ana@example.org Tue Dec  3 09:15:02 2024`) is not a field.
    if text.starts_with("From ") {
        lines.next();
    }

    // A field takes 60 to 100 bytes in real header blocks: one allocation, not six regrowths.
    let mut fields: Vec<Field<'_>> =
        Vec::with_capacity(text.len().min(MAX_HEADER_BLOCK_BYTES) / 64 + 8);
    let mut current: Option<(usize, usize, usize)> = None; // name start, name end, value start
    let mut value_end = 0;
    let mut repaired = false;
    for line in lines.by_ref() {
        if line.text.is_empty() {
            break;
        }
        if let Some(name_len) = field_name_length(line.text) {
            if let Some((name_start, name_end, value_start)) = current.take() {
                fields.push(field_at(text, name_start, name_end, value_start, value_end));
            }
            // `field_name_length` saw the colon after the name and its optional blanks.
            let colon = line.start
                + line.text.as_bytes()[name_len..]
                    .iter()
                    .position(|&b| b == b':')
                    .map_or(name_len, |blanks| name_len + blanks);
            current = Some((line.start, line.start + name_len, colon + 1));
            value_end = line.end;
        } else if current.is_none() {
            return Err(Error::NotAMessage(
                "the first line is not a header field (Name: value)",
            ));
        } else {
            if !line.text.starts_with([' ', '\t']) {
                repaired = true;
            }
            value_end = line.end;
        }
    }
    if let Some((name_start, name_end, value_start)) = current {
        fields.push(field_at(text, name_start, name_end, value_start, value_end));
    }
    if fields.is_empty() {
        return Err(Error::NotAMessage("no header field found"));
    }
    if !fields.iter().any(|field| is_message_field(field.name)) {
        return Err(Error::NotAMessage(
            "none of its fields is one an email header has (Received, From, Date, Subject, …)",
        ));
    }
    if repaired {
        findings.push(Finding::info(
            "header-folding-repaired",
            "some continuation lines had lost their leading white space (headers copied from a mail client); they were joined to the field above",
        ));
    }
    if truncated {
        findings.push(Finding::warning(
            "header-block-truncated",
            format!(
                "the header block is longer than {} bytes; the rest was not read",
                MAX_HEADER_BLOCK_BYTES
            ),
        ));
    }
    Ok(HeaderBlock { fields, findings })
}

fn field_at(
    text: &str,
    name_start: usize,
    name_end: usize,
    value_start: usize,
    value_end: usize,
) -> Field<'_> {
    let value_end = value_end.max(value_start);
    Field {
        name: text[name_start..name_end].trim_end_matches([' ', '\t']),
        value: &text[value_start..value_end],
    }
}

/// `field-name ":"`, read as pasted headers need it: a letter, then letters, digits, `-`, `_`
/// or `.`, optional white space (obsolete syntax), then `:`. Stricter than RFC 5322's ftext on
/// purpose: a Microsoft address line `(2001:db8::1)` that lost its indentation must read as a
/// continuation, not as a field named `(2001`.
fn field_name_length(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    if !bytes.first()?.is_ascii_alphabetic() {
        return None;
    }
    let name_len = bytes
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')))?;
    let after = &bytes[name_len..];
    let spaces = after
        .iter()
        .take_while(|b| matches!(b, b' ' | b'\t'))
        .count();
    (after.get(spaces) == Some(&b':')).then_some(name_len)
}

/// Fields that only an email header has: their presence tells a header block from any text
/// file that happens to start with `Word:`.
fn is_message_field(name: &str) -> bool {
    const NAMES: [&str; 20] = [
        "Received",
        "X-Received",
        "From",
        "To",
        "Cc",
        "Date",
        "Subject",
        "Message-ID",
        "Return-Path",
        "Delivered-To",
        "MIME-Version",
        "Sender",
        "Reply-To",
        "Content-Type",
        "DKIM-Signature",
        "Authentication-Results",
        "ARC-Seal",
        "In-Reply-To",
        "References",
        "X-Mailer",
    ];
    NAMES.iter().any(|known| name.eq_ignore_ascii_case(known))
}

/// Binary data: NUL bytes or many control characters near the start.
fn looks_binary(text: &str) -> bool {
    const SAMPLE: usize = 512;
    let start = &text.as_bytes()[..text.len().min(SAMPLE)];
    if start.is_ascii() {
        // The usual case, counted by bytes: an ASCII byte is one char, a control char when
        // below 0x20 or DEL.
        let control = start
            .iter()
            .filter(|&&b| (b < 0x20 || b == 0x7f) && !matches!(b, b'\t' | b'\r' | b'\n'))
            .count();
        return start.first() == Some(&0) || control * 10 > start.len();
    }
    let (mut sampled, mut control) = (0usize, 0usize);
    for c in text.chars().take(SAMPLE) {
        sampled += 1;
        control +=
            usize::from((c.is_control() && !matches!(c, '\t' | '\r' | '\n')) || c == '\u{FFFD}');
    }
    text.starts_with('\0') || control * 10 > sampled
}

/// A line and where it stands in the text; the terminator (`\r\n`, `\n` or a lone `\r`) is not
/// part of `text`.
struct Line<'a> {
    text: &'a str,
    start: usize,
    /// Offset of the end of the text (before the terminator).
    end: usize,
}

struct Lines<'a> {
    text: &'a str,
    position: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Lines { text, position: 0 }
    }
}

impl<'a> Iterator for Lines<'a> {
    type Item = Line<'a>;

    fn next(&mut self) -> Option<Line<'a>> {
        if self.position >= self.text.len() {
            return None;
        }
        let start = self.position;
        let rest = &self.text[start..];
        let (len, terminator) = match memchr::memchr2(b'\r', b'\n', rest.as_bytes()) {
            Some(index) if rest.as_bytes()[index..].starts_with(b"\r\n") => (index, 2),
            Some(index) => (index, 1),
            None => (rest.len(), 0),
        };
        self.position = start + len + terminator;
        Some(Line {
            text: &rest[..len],
            start,
            end: start + len,
        })
    }
}

/// What hoptls reports of the message itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MessageFields {
    pub message_id: Option<String>,
    pub subject: Option<String>,
    pub from: Option<String>,
    pub date: Option<String>,
    /// The value of a `TLS-Required:` field (RFC 8689), lower-cased: `"no"`.
    pub tls_required: Option<String>,
}

/// Reads Message-ID, Subject, From, Date and TLS-Required, decoding encoded words with
/// mail-parser. The first occurrence of each field counts.
pub fn read_message_fields(block: &HeaderBlock<'_>, findings: &mut Vec<Finding>) -> MessageFields {
    const NAMES: [&str; 5] = ["Message-ID", "Subject", "From", "Date", "TLS-Required"];
    // The first value of each name, found in one pass over the fields rather than one pass
    // per name and per use.
    let mut values: [Option<&str>; 5] = [None; 5];
    for field in &block.fields {
        if let Some(slot) = NAMES.iter().position(|name| field.is(name)) {
            values[slot].get_or_insert(field.value);
        }
    }
    let first = |name: &str| {
        NAMES
            .iter()
            .position(|n| *n == name)
            .and_then(|slot| values[slot])
    };
    for name in NAMES {
        if first(name).is_some_and(|value| unfolded_len(value) > MAX_VALUE_BYTES) {
            findings.push(Finding::warning(
                "value-too-long",
                format!(
                    "the {name}: field is longer than {MAX_VALUE_BYTES} bytes; the rest was not read"
                ),
            ));
        }
    }
    let mut fields = MessageFields {
        message_id: first("Message-ID").and_then(|v| text_of(parse_with(v, |s| s.parse_id()))),
        subject: first("Subject").and_then(|v| text_of(parse_with(v, |s| s.parse_unstructured()))),
        from: first("From").and_then(sender_of),
        ..MessageFields::default()
    };
    if let Some(value) = first("Date") {
        match crate::date::parse_header_date(&unfold_value(value)) {
            Ok(parsed) => fields.date = Some(parsed.timestamp.to_rfc3339()),
            Err(_) => findings.push(Finding::warning(
                "message-date-invalid",
                "the Date: field is not a real date",
            )),
        }
    }
    if let Some(value) = first("TLS-Required") {
        let value = unfold_value(value).trim().to_ascii_lowercase();
        if value == "no" {
            findings.push(Finding::info(
                "tls-required-no",
                "TLS-Required: No — the sender asked relays to deliver even when TLS cannot be verified (RFC 8689)",
            ));
        }
        fields.tls_required = Some(value);
    }
    fields
}

/// The length of `value` once unfolded, as [`unfold_value`] would give it before its cut.
fn unfolded_len(value: &str) -> usize {
    if value.len() <= MAX_VALUE_BYTES {
        return value.len();
    }
    crate::received::grammar::unfold(value).len()
}

fn unfold_value(value: &str) -> String {
    let mut value = crate::received::grammar::unfold(value);
    value.truncate(floor_char_boundary(&value, MAX_VALUE_BYTES));
    value
}

/// The largest index ≤ `limit` that is a character boundary of `text`.
pub(crate) fn floor_char_boundary(text: &str, limit: usize) -> usize {
    if limit >= text.len() {
        return text.len();
    }
    (0..=limit)
        .rev()
        .find(|&index| text.is_char_boundary(index))
        .unwrap_or(0)
}

fn parse_with(
    value: &str,
    parse: for<'x> fn(&mut MessageStream<'x>) -> HeaderValue<'x>,
) -> Option<String> {
    let mut line = unfold_value(value);
    line.push('\n');
    let mut stream = MessageStream::new(line.as_bytes());
    match parse(&mut stream) {
        HeaderValue::Text(text) => Some(text.into_owned()),
        HeaderValue::TextList(list) => list.first().map(|t| t.to_string()),
        _ => None,
    }
}

fn text_of(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// The first address of a From field; its display name or the text itself when it has none.
fn sender_of(value: &str) -> Option<String> {
    let mut line = unfold_value(value);
    line.push('\n');
    let mut stream = MessageStream::new(line.as_bytes());
    let parsed = stream.parse_address();
    let address = parsed
        .as_address()
        .and_then(|address| address.first())
        .and_then(|addr| {
            addr.address
                .as_deref()
                .map(str::to_owned)
                .or_else(|| addr.name.as_deref().map(str::to_owned))
        });
    text_of(address.or_else(|| Some(line.trim().to_owned())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        read_header_block(text)
            .expect("a header block")
            .fields
            .iter()
            .map(|f| f.name.to_owned())
            .collect()
    }

    #[test]
    fn splits_fields_and_stops_at_the_blank_line() {
        let text = "Received: from a\r\n\tby b; Tue, 3 Dec 2024 09:15:02 +0000\r\nSubject: hi\r\n\r\nBody: not a field\r\n";
        let block = read_header_block(text).expect("block");
        assert_eq!(block.fields.len(), 2);
        assert_eq!(block.fields[0].name, "Received");
        assert_eq!(
            block.fields[0].value,
            " from a\r\n\tby b; Tue, 3 Dec 2024 09:15:02 +0000"
        );
        assert_eq!(block.fields[1].value, " hi");
        assert!(block.findings.is_empty());
    }

    #[test]
    fn reads_outlook_pastes_with_lost_folding() {
        let text = "Received: from X (2001:db8::1) by\nY (2001:db8::2) with Microsoft SMTP Server (version=TLS1_2,\ncipher=TLS_A) id 15.20.1; Tue, 3 Dec\n2024 09:15:03 +0000\nSubject: x\n";
        let block = read_header_block(text).expect("block");
        assert_eq!(names(text), ["Received", "Subject"]);
        assert!(block.fields[0].value.ends_with("2024 09:15:03 +0000"));
        assert_eq!(block.findings[0].code, "header-folding-repaired");
    }

    #[test]
    fn skips_an_mbox_line_a_bom_and_leading_blank_lines() {
        assert_eq!(
            names(
                "\n\nFrom ana@example.org Tue Dec  3 09:15:02 2024\nReceived: x\nFrom: a@example.org\n"
            ),
            ["Received", "From"]
        );
        let with_bom = decode_header_text(b"\xEF\xBB\xBFSubject: x\n\nbody");
        assert_eq!(with_bom, "Subject: x\n\n");
    }

    #[test]
    fn decodes_utf16() {
        let text: Vec<u8> = "Subject: hi\r\n\r\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let mut input = vec![0xFF, 0xFE];
        input.extend(text);
        assert_eq!(names(&decode_header_text(&input)), ["Subject"]);
    }

    #[test]
    fn a_block_cut_by_the_decoder_reads_as_when_searched() {
        let inputs: [&[u8]; 7] = [
            b"Subject: a\n\nbody\n\nmore",
            b"\r\n\r\nSubject: a\r\nX: b\r\n\r\nbody",
            b"Subject: a\rX: b\r\rbody",
            b"\xEF\xBB\xBFSubject: a\n\n",
            b"Subject: a\nX: \xFF\xFE\n\nbody",
            b"Subject: a\nX: b",
            b"Received: x\n\tby y\n\nFrom: not a field\n",
        ];
        for input in inputs {
            let (text, end) = decode_header(input);
            assert_eq!(end, BlockEnd::AtTextEnd);
            assert_eq!(
                read_header_block_ending(&text, end),
                read_header_block(&text),
                "{input:?}"
            );
        }
    }

    #[test]
    fn reads_cr_only_line_ends() {
        assert_eq!(
            names("Received: a\r\tb\rSubject: c\r\rbody"),
            ["Received", "Subject"]
        );
    }

    #[test]
    fn rejects_what_is_not_a_message() {
        assert_eq!(read_header_block(""), Err(Error::Empty));
        assert_eq!(read_header_block(" \n\n"), Err(Error::Empty));
        assert_eq!(read_header_block("\u{0}\u{0}\u{0}PNG"), Err(Error::Binary));
        assert!(matches!(
            read_header_block("hello world\nthis is text\n"),
            Err(Error::NotAMessage(_))
        ));
        assert!(matches!(
            read_header_block("Note: a text file\nthat starts like a field\n"),
            Err(Error::NotAMessage(_))
        ));
    }

    #[test]
    fn the_ascii_count_of_control_chars_matches_the_char_count() {
        let by_chars = |text: &str| {
            let (mut sampled, mut control) = (0usize, 0usize);
            for c in text.chars().take(512) {
                sampled += 1;
                control += usize::from(
                    (c.is_control() && !matches!(c, '\t' | '\r' | '\n')) || c == '\u{FFFD}',
                );
            }
            text.starts_with('\0') || control * 10 > sampled
        };
        let long = "Subject: x\u{1}\n".repeat(100);
        for text in [
            "",
            "\0",
            "Subject: hi\n",
            "a\u{1}\u{2}b",
            "\u{1}\u{2}\u{3}\u{4}abcdefghijklmnopqrstuvwxyz",
            "\u{7f}\u{7f}abcdefghijkl",
            long.as_str(),
            "Subject: h\u{e9}llo\u{1}\u{2}",
        ] {
            assert_eq!(looks_binary(text), by_chars(text), "{text:?}");
        }
    }

    #[test]
    fn field_names() {
        assert_eq!(field_name_length("Received: x"), Some(8));
        assert_eq!(field_name_length("Received : x"), Some(8));
        assert_eq!(field_name_length("X-Foo_Bar.1: x"), Some(11));
        assert_eq!(field_name_length("(2001:db8::1) by"), None);
        assert_eq!(field_name_length("2024 09:15:03 +0000"), None);
        assert_eq!(field_name_length("by Y (2001:db8::2)"), None);
        assert_eq!(field_name_length(" Received: x"), None);
    }

    #[test]
    fn finds_the_blank_line() {
        assert_eq!(find_blank_line(b"a: b\n\nbody"), Some(6));
        assert_eq!(find_blank_line(b"a: b\r\n\r\nbody"), Some(8));
        assert_eq!(find_blank_line(b"\n\na: b\n\nbody"), Some(8));
        assert_eq!(find_blank_line(b"a: b\rc\r\rbody"), Some(8));
        assert_eq!(find_blank_line(b"a: b\n"), None);
        // The first blank line wins, whichever line ends it uses.
        assert_eq!(find_blank_line(b"a\r\rb\n\nc"), Some(3));
        assert_eq!(find_blank_line(b"a\n\nb\r\rc"), Some(3));
        assert_eq!(find_blank_line(b"a\n\r\nb\r\rc"), Some(4));
        assert_eq!(find_blank_line(b"a\r\n\r\nb"), Some(5));
        assert_eq!(find_blank_line(b"a\r\r\nb"), Some(3));
        assert_eq!(find_blank_line(b"\r\n\r\na\nb\r"), None);
    }

    /// The byte-by-byte reading that `find_blank_line_from` is a faster form of.
    fn blank_line_by_bytes(bytes: &[u8], from: usize) -> Option<usize> {
        let start = bytes
            .iter()
            .position(|b| !matches!(b, b'\r' | b'\n' | b' ' | b'\t'))?;
        (start.max(from)..bytes.len()).find_map(|i| {
            match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
                (b'\n', Some(b'\n'), _) => Some(i + 2),
                (b'\n', Some(b'\r'), Some(b'\n')) => Some(i + 3),
                (b'\r', Some(b'\r'), _) => Some(i + 2),
                _ => None,
            }
        })
    }

    #[test]
    fn blank_line_search_matches_a_byte_scan_on_every_short_input() {
        let alphabet = [b'a', b'\r', b'\n', b' '];
        for len in 0..=7u32 {
            for mut code in 0..4usize.pow(len) {
                let input: Vec<u8> = (0..len)
                    .map(|_| {
                        let byte = alphabet[code % 4];
                        code /= 4;
                        byte
                    })
                    .collect();
                assert_eq!(
                    find_blank_line(&input),
                    blank_line_by_bytes(&input, 0),
                    "{input:?}"
                );
                for from in 1..=input.len() + 1 {
                    assert_eq!(
                        find_blank_line_from(&input, from),
                        blank_line_by_bytes(&input, from),
                        "{input:?} from {from}"
                    );
                }
            }
        }
    }

    #[test]
    fn reads_the_message_fields() {
        let text = "Subject: =?utf-8?q?h=C3=A9llo?=\n world\nFrom: \"Ana\" <ana@example.org>\nMessage-ID: <abc@example.org>\nDate: Tue, 3 Dec 2024 09:15:02 +0100\nTLS-Required: No\n";
        let block = read_header_block(text).expect("block");
        let mut findings = Vec::new();
        let fields = read_message_fields(&block, &mut findings);
        assert_eq!(fields.subject.as_deref(), Some("héllo world"));
        assert_eq!(fields.from.as_deref(), Some("ana@example.org"));
        assert_eq!(fields.message_id.as_deref(), Some("abc@example.org"));
        assert_eq!(fields.date.as_deref(), Some("2024-12-03T09:15:02+01:00"));
        assert_eq!(fields.tls_required.as_deref(), Some("no"));
        assert_eq!(findings[0].code, "tls-required-no");
    }
}
