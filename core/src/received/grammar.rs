//! The lexical grammar of a Received value: RFC 5322 §3.2 tokens, read leniently.
//!
//! A value is a run of comments, quoted strings, address literals, angle addresses, `;` and
//! words, separated by folding white space. Clause structure (RFC 5321 §4.4) is built on top of
//! these tokens by [`super::clauses`]; keeping the two apart is what lets keywords inside
//! comments never count as clauses.
//!
//! Lenient and total: every input gives tokens. An opening delimiter that is never closed is an
//! ordinary character (so that a stray `(` does not swallow the `by` and `with` after it), and
//! the result says so. Nesting is tracked with counters, never with recursion, and an input with
//! many unclosed `(` is resolved by one stack pass: the work stays linear.

use nom::{
    IResult, Parser, bytes::complete::take_till, character::complete::char, combinator::recognize,
    sequence::delimited,
};

use crate::limits::MAX_COMMENT_DEPTH;

/// What kind of lexical item a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenKind {
    /// An atom-like run: `mx.example.com`, `ESMTPS`, `version=TLSv1.2`, `helo=`.
    Word,
    /// `( … )`, nested comments included.
    Comment,
    /// `" … "`.
    Quoted,
    /// `[ … ]`: an address literal or a pseudo address such as `[unix socket]`.
    Literal,
    /// `< … >`: a path or a msg-id.
    Angle,
    /// `;`, the separator before the date.
    Semicolon,
}

/// One lexical item, borrowed from the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token<'a> {
    pub kind: TokenKind,
    /// The token as written, delimiters included.
    pub text: &'a str,
    /// Byte offset of the token in the text that was tokenised.
    pub start: usize,
}

impl<'a> Token<'a> {
    /// The text without its delimiters: the inside of a comment, literal, quote or angle.
    pub fn inner(&self) -> &'a str {
        match self.kind {
            TokenKind::Comment | TokenKind::Quoted | TokenKind::Literal | TokenKind::Angle => self
                .text
                .get(1..self.text.len().saturating_sub(1))
                .unwrap_or(""),
            TokenKind::Word | TokenKind::Semicolon => self.text,
        }
    }

    pub fn is_word(&self) -> bool {
        self.kind == TokenKind::Word
    }

    pub fn is_comment(&self) -> bool {
        self.kind == TokenKind::Comment
    }

    /// A word equal to `keyword`, ignoring ASCII case.
    pub fn is_keyword(&self, keyword: &str) -> bool {
        self.kind == TokenKind::Word && self.text.eq_ignore_ascii_case(keyword)
    }
}

/// The tokens of one text, and what was odd about it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Lexed<'a> {
    pub tokens: Vec<Token<'a>>,
    /// An opening `(`, `"`, `[` or `<` was never closed and was read as an ordinary character.
    pub unterminated: bool,
    /// Comments nest deeper than [`MAX_COMMENT_DEPTH`].
    pub too_deep: bool,
}

/// Splits `text` into tokens. Total: any input gives a token list.
pub(crate) fn tokenize(text: &str) -> Lexed<'_> {
    let mut lexer = Lexer {
        text,
        lexed: Lexed {
            // About one token per 8 bytes in real lines: one allocation, not five regrowths.
            tokens: Vec::with_capacity(text.len() / 8 + 4),
            ..Lexed::default()
        },
        parens: None,
        no_close: NoClose::default(),
    };
    lexer.run();
    lexer.lexed
}

/// Which closing delimiters are known to be absent from some position on, so that a second
/// unclosed `"`, `[` or `<` is not searched for again.
#[derive(Debug, Default)]
struct NoClose {
    quote: bool,
    bracket: bool,
    angle: bool,
}

struct Lexer<'a> {
    text: &'a str,
    lexed: Lexed<'a>,
    /// Set once a comment was found unclosed: from then on comment ends come from here.
    parens: Option<ParenPairs>,
    no_close: NoClose,
}

impl<'a> Lexer<'a> {
    fn run(&mut self) {
        // Byte offsets, not a shrinking `&str`: each token's start is where the last ended.
        let text = self.text;
        let bytes = text.as_bytes();
        let mut start = 0;
        loop {
            while bytes.get(start).is_some_and(|&b| is_fws_byte(b)) {
                start += 1;
            }
            let Some(&first) = bytes.get(start) else {
                break;
            };
            let rest = &text[start..];
            let (kind, len) = match first {
                b'(' => match self.comment_length(start) {
                    Some(len) => (TokenKind::Comment, len),
                    None => self.ordinary(rest),
                },
                b'"' => self.closed_or_ordinary(rest, TokenKind::Quoted),
                b'[' => self.closed_or_ordinary(rest, TokenKind::Literal),
                b'<' => self.closed_or_ordinary(rest, TokenKind::Angle),
                b';' => (TokenKind::Semicolon, 1),
                _ => (TokenKind::Word, word_length(rest)),
            };
            self.lexed.tokens.push(Token {
                kind,
                text: &rest[..len],
                start,
            });
            start += len;
        }
    }

    /// A delimiter that opens nothing: it starts a word that runs to the next delimiter.
    fn ordinary(&mut self, rest: &str) -> (TokenKind, usize) {
        self.lexed.unterminated = true;
        let first_len = rest.chars().next().map_or(1, char::len_utf8);
        let tail = &rest[first_len..];
        (TokenKind::Word, first_len + word_length_or_zero(tail))
    }

    fn closed_or_ordinary(&mut self, rest: &str, kind: TokenKind) -> (TokenKind, usize) {
        let known_absent = match kind {
            TokenKind::Quoted => self.no_close.quote,
            TokenKind::Literal => self.no_close.bracket,
            _ => self.no_close.angle,
        };
        // Searched only while a closer may still exist: searching for every opener of `[ [ [ …`
        // would scan to the end each time, quadratic in the length of the value.
        if !known_absent {
            let parsed = match kind {
                TokenKind::Quoted => quoted_string(rest),
                TokenKind::Literal => domain_literal(rest),
                _ => angle_addr(rest),
            };
            if let Ok((after, _)) = parsed {
                return (kind, rest.len() - after.len());
            }
            // No closing delimiter anywhere after this one, so none for any later opener either.
            match kind {
                TokenKind::Quoted => self.no_close.quote = true,
                TokenKind::Literal => self.no_close.bracket = true,
                _ => self.no_close.angle = true,
            }
        }
        self.ordinary(rest)
    }

    /// The length of the comment opening at `start`, or `None` when it is never closed.
    fn comment_length(&mut self, start: usize) -> Option<usize> {
        if let Some(pairs) = &mut self.parens {
            return pairs.close_of(start).map(|close| close + 1 - start);
        }
        match scan_comment(&self.text[start..]) {
            CommentScan::Closed { len, max_depth } => {
                if max_depth > MAX_COMMENT_DEPTH {
                    self.lexed.too_deep = true;
                }
                Some(len)
            }
            CommentScan::Unclosed => {
                let mut pairs = ParenPairs::match_from(self.text, start);
                if pairs.max_depth > MAX_COMMENT_DEPTH {
                    self.lexed.too_deep = true;
                }
                let len = pairs.close_of(start).map(|close| close + 1 - start);
                self.parens = Some(pairs);
                len
            }
        }
    }
}

/// `FWS`: white space, CR and LF (folds and the line breaks of pasted headers alike).
fn is_fws(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// [`is_fws`] for a byte. The tokenizer and the word rules below scan bytes rather than chars:
/// every byte they stop at is ASCII, and no byte of a multi-byte UTF-8 character is, so a
/// byte index they return is always a char boundary. It is the tokenizer's inner loop, run
/// over every byte of every Received value; decoding chars there cost more than the rest of
/// the tokenizer.
fn is_fws_byte(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// Bytes that end a word: white space and the openers of other tokens. `)` ends a word too,
/// so that a stray one stands alone.
fn ends_word(b: u8) -> bool {
    WORD_END[usize::from(b)]
}

/// [`ends_word`] as a table: one load per byte instead of ten comparisons.
static WORD_END: [bool; 256] = {
    let mut table = [false; 256];
    let ends = b" \t\r\n()\"[<;";
    let mut index = 0;
    while index < ends.len() {
        table[ends[index] as usize] = true;
        index += 1;
    }
    table
};

/// `word`: a run of anything but white space and delimiters. A stray `)` is a word of its own.
fn word_length(input: &str) -> usize {
    match word_length_or_zero(input) {
        0 => input.chars().next().map_or(0, char::len_utf8),
        len => len,
    }
}

fn word_length_or_zero(input: &str) -> usize {
    input.bytes().position(ends_word).unwrap_or(input.len())
}

/// `quoted-string = DQUOTE *([FWS] qcontent) [FWS] DQUOTE` with `quoted-pair = "\" VCHAR`.
fn quoted_string(input: &str) -> IResult<&str, &str> {
    let bytes = input.as_bytes();
    let mut index = 1;
    while index < bytes.len() {
        match bytes[index] {
            b'\\' => index += 2,
            b'"' => return Ok((&input[index + 1..], &input[..index + 1])),
            _ => index += 1,
        }
    }
    Err(nom::Err::Error(nom::error::Error::new(
        input,
        nom::error::ErrorKind::Char,
    )))
}

/// `domain-literal = "[" *dtext "]"`, read loosely: anything but `]` inside
/// (`[unix socket]`, `[UNIX: localhost]`, `[IPv6:2001:db8::1%6]`).
fn domain_literal(input: &str) -> IResult<&str, &str> {
    recognize(delimited(char('['), take_till(|c| c == ']'), char(']'))).parse(input)
}

/// `angle-addr = "<" addr-spec ">"`, or a msg-id, read loosely: anything but `>` inside.
fn angle_addr(input: &str) -> IResult<&str, &str> {
    recognize(delimited(char('<'), take_till(|c| c == '>'), char('>'))).parse(input)
}

/// How a forward scan of one comment ended.
enum CommentScan {
    Closed { len: usize, max_depth: usize },
    Unclosed,
}

/// `comment = "(" *([FWS] ccontent) [FWS] ")"`, `ccontent = ctext / quoted-pair / comment`.
/// Counted, not recursive: depth is a number, so no input can exhaust the stack.
fn scan_comment(input: &str) -> CommentScan {
    let bytes = input.as_bytes();
    let mut depth = 0usize;
    let mut max_depth = 0usize;
    let mut index = 0;
    // From one delimiter to the next with memchr3: the text between them is read as a whole.
    while let Some(found) = memchr::memchr3(b'\\', b'(', b')', &bytes[index..]) {
        index += found;
        match bytes[index] {
            b'\\' => index += 1,
            b'(' => {
                depth += 1;
                max_depth = max_depth.max(depth);
            }
            _ => {
                depth -= 1;
                if depth == 0 {
                    return CommentScan::Closed {
                        len: index + 1,
                        max_depth,
                    };
                }
            }
        }
        index += 1;
        if index >= bytes.len() {
            break;
        }
    }
    CommentScan::Unclosed
}

/// Matching parentheses from one position to the end of the text, found with one stack pass.
/// Used after the first unclosed comment, so that a text made of thousands of `(` still takes
/// linear time: each later `(` looks its partner up instead of scanning to the end again.
#[derive(Debug)]
struct ParenPairs {
    /// `(open, close)` byte offsets, sorted by `open`.
    pairs: Vec<(usize, usize)>,
    /// Where the next lookup starts: lookups come in increasing order.
    cursor: usize,
    max_depth: usize,
}

impl ParenPairs {
    fn match_from(text: &str, from: usize) -> ParenPairs {
        let bytes = text.as_bytes();
        let mut open_stack: Vec<usize> = Vec::new();
        let mut pairs = Vec::new();
        let mut max_depth = 0;
        let mut index = from;
        while index < bytes.len() {
            match bytes[index] {
                b'\\' if !open_stack.is_empty() => index += 1,
                b'(' => {
                    open_stack.push(index);
                    max_depth = max_depth.max(open_stack.len());
                }
                b')' => {
                    if let Some(open) = open_stack.pop() {
                        pairs.push((open, index));
                    }
                }
                _ => {}
            }
            index += 1;
        }
        pairs.sort_unstable();
        ParenPairs {
            pairs,
            cursor: 0,
            max_depth,
        }
    }

    /// The closing offset for an opening `(` at `open`; `None` when nothing closes it.
    fn close_of(&mut self, open: usize) -> Option<usize> {
        while self.pairs.get(self.cursor).is_some_and(|&(o, _)| o < open) {
            self.cursor += 1;
        }
        match self.pairs.get(self.cursor) {
            Some(&(o, close)) if o == open => Some(close),
            _ => None,
        }
    }
}

/// Collapses every run of white space (folds included) into one space and trims: how the
/// words of a comment or a clause are compared and shown.
pub(crate) fn squeeze_whitespace(text: &str) -> std::borrow::Cow<'_, str> {
    // Work is needed for a tab or line break, a space at either end, or two spaces in a row.
    // Most comments have none, and are returned borrowed; each test is one vectorised search.
    let bytes = text.as_bytes();
    let needs_work = bytes.first() == Some(&b' ')
        || bytes.last() == Some(&b' ')
        || memchr::memchr3(b'\t', b'\r', b'\n', bytes).is_some()
        || DOUBLE_SPACE.find(bytes).is_some();
    if !needs_work {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.trim_matches(is_fws);
    while !rest.is_empty() {
        let word = word_or_gap(rest, false);
        out.push_str(&rest[..word]);
        rest = &rest[word..];
        let gap = word_or_gap(rest, true);
        if gap > 0 {
            out.push(' ');
            rest = &rest[gap..];
        }
    }
    std::borrow::Cow::Owned(out)
}

static DOUBLE_SPACE: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"  "));

/// The length of the run of white space (`gap`) or of other bytes at the start of `text`;
/// white space is ASCII, so the end of either run is a char boundary.
fn word_or_gap(text: &str, gap: bool) -> usize {
    text.bytes()
        .position(|b| is_fws_byte(b) != gap)
        .unwrap_or(text.len())
}

/// `raw` of the contract: each line break and the white space after it become one space, other
/// runs of white space stay, and the ends are trimmed.
pub(crate) fn unfold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    // Byte scans: CR, LF, space and tab are ASCII, so every index found is a char boundary.
    while let Some(index) = memchr::memchr2(b'\r', b'\n', rest.as_bytes()) {
        out.push_str(&rest[..index]);
        out.push(' ');
        let breaks = rest.as_bytes()[index..]
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .count();
        let after_break = &rest[index + breaks..];
        let blanks = after_break
            .bytes()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count();
        rest = &after_break[blanks..];
    }
    out.push_str(rest);
    let trimmed = out.trim_matches(is_fws);
    if trimmed.len() == out.len() {
        out
    } else {
        trimmed.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use TokenKind::*;

    fn kinds_and_texts(text: &str) -> Vec<(TokenKind, &str)> {
        tokenize(text)
            .tokens
            .iter()
            .map(|token| (token.kind, token.text))
            .collect()
    }

    #[test]
    fn splits_a_postfix_line() {
        let line = " from mail.example.org (mail.example.org [203.0.113.80])\n\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits))\n\tby mx.example.com (Postfix) with ESMTPS id 4Y2kQv1fGzz7hTqm\n\tfor <dana@example.com>; Tue,  3 Dec 2024 09:15:02 +0000 (UTC)";
        assert_eq!(
            kinds_and_texts(line),
            vec![
                (Word, "from"),
                (Word, "mail.example.org"),
                (Comment, "(mail.example.org [203.0.113.80])"),
                (
                    Comment,
                    "(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits))"
                ),
                (Word, "by"),
                (Word, "mx.example.com"),
                (Comment, "(Postfix)"),
                (Word, "with"),
                (Word, "ESMTPS"),
                (Word, "id"),
                (Word, "4Y2kQv1fGzz7hTqm"),
                (Word, "for"),
                (Angle, "<dana@example.com>"),
                (Semicolon, ";"),
                (Word, "Tue,"),
                (Word, "3"),
                (Word, "Dec"),
                (Word, "2024"),
                (Word, "09:15:02"),
                (Word, "+0000"),
                (Comment, "(UTC)"),
            ]
        );
    }

    #[test]
    fn reads_delimited_tokens_and_their_inside() {
        let lexed = tokenize(r#"[unix socket] "a ; ( b" <x@example.org> (a (b (c)) \) d);"#);
        let texts: Vec<_> = lexed.tokens.iter().map(|t| (t.kind, t.inner())).collect();
        assert_eq!(
            texts,
            vec![
                (Literal, "unix socket"),
                (Quoted, "a ; ( b"),
                (Angle, "x@example.org"),
                (Comment, r"a (b (c)) \) d"),
                (Semicolon, ";"),
            ]
        );
        assert!(!lexed.unterminated);
    }

    #[test]
    fn words_stop_at_delimiters() {
        assert_eq!(
            kinds_and_texts("helo=[192.0.2.1] [ip]:38810 SMTPSVC(6.0) id;x"),
            vec![
                (Word, "helo="),
                (Literal, "[192.0.2.1]"),
                (Literal, "[ip]"),
                (Word, ":38810"),
                (Word, "SMTPSVC"),
                (Comment, "(6.0)"),
                (Word, "id"),
                (Semicolon, ";"),
                (Word, "x"),
            ]
        );
    }

    #[test]
    fn an_unclosed_comment_does_not_swallow_the_clauses() {
        let lexed = tokenize("from a (oops by b (Postfix) with ESMTP; Tue");
        assert!(lexed.unterminated);
        let words: Vec<_> = lexed.tokens.iter().map(|t| t.text).collect();
        assert_eq!(
            words,
            [
                "from",
                "a",
                "(oops",
                "by",
                "b",
                "(Postfix)",
                "with",
                "ESMTP",
                ";",
                "Tue"
            ]
        );
    }

    #[test]
    fn unclosed_quotes_brackets_and_angles_are_ordinary() {
        let lexed = tokenize(r#"a "b [c <d e"#);
        assert!(lexed.unterminated);
        assert_eq!(
            lexed.tokens.iter().map(|t| t.text).collect::<Vec<_>>(),
            vec!["a", "\"b", "[c", "<d", "e"]
        );
    }

    #[test]
    fn stray_closers_stand_alone() {
        assert_eq!(
            kinds_and_texts("a) b]"),
            vec![(Word, "a"), (Word, ")"), (Word, "b]")]
        );
    }

    #[test]
    fn deep_nesting_is_flagged_and_linear() {
        let deep = format!("{}x{}", "(".repeat(10_000), ")".repeat(10_000));
        let lexed = tokenize(&deep);
        assert_eq!(lexed.tokens.len(), 1);
        assert!(lexed.too_deep);

        let unclosed = "(".repeat(10_000);
        let lexed = tokenize(&unclosed);
        assert!(lexed.unterminated);
        assert_eq!(lexed.tokens.len(), 10_000);
    }

    #[test]
    fn an_unclosed_comment_keeps_later_comments() {
        let lexed = tokenize("( a (b) c");
        assert_eq!(
            lexed
                .tokens
                .iter()
                .map(|t| (t.kind, t.text))
                .collect::<Vec<_>>(),
            vec![(Word, "("), (Word, "a"), (Comment, "(b)"), (Word, "c")]
        );
    }

    #[test]
    fn token_offsets_point_into_the_text() {
        let text = " by\n\tmx (c)";
        for token in tokenize(text).tokens {
            assert_eq!(
                &text[token.start..token.start + token.text.len()],
                token.text
            );
        }
    }

    #[test]
    fn squeezing_matches_splitting_and_joining_on_every_short_input() {
        let alphabet = ['a', ' ', '\t', '\n', '\r'];
        for len in 0..=6u32 {
            for mut code in 0..alphabet.len().pow(len) {
                let text: String = (0..len)
                    .map(|_| {
                        let c = alphabet[code % alphabet.len()];
                        code /= alphabet.len();
                        c
                    })
                    .collect();
                let expected = text
                    .split(is_fws)
                    .filter(|w| !w.is_empty())
                    .collect::<Vec<_>>();
                let squeezed = squeeze_whitespace(&text);
                assert_eq!(squeezed, expected.join(" "), "{text:?}");
                // Borrowed exactly when nothing changes.
                assert_eq!(
                    matches!(squeezed, std::borrow::Cow::Borrowed(_)),
                    squeezed == text,
                    "{text:?}"
                );
            }
        }
    }

    #[test]
    fn squeezes_and_unfolds() {
        assert_eq!(squeeze_whitespace("  a \n\t b  c "), "a b c");
        assert_eq!(squeeze_whitespace("a b"), "a b");
        assert_eq!(
            unfold(" from a\r\n\tby b with esmtpsa  (TLS1.2)\n        for <x>; Tue,\n 3 Dec "),
            "from a by b with esmtpsa  (TLS1.2) for <x>; Tue, 3 Dec"
        );
        assert_eq!(unfold("by\nY (2001"), "by Y (2001");
    }
}
