//! One Received header value, read: who handed the message to whom, with what, when, and how
//! it was protected.
//!
//! [`parse`] is total: any text gives a [`Received`], with what could not be read left empty
//! and a finding saying what was odd. It borrows from the value, so reading a line costs one
//! pass of tokens and a handful of small allocations.
//!
//! ```
//! use hoptls_core::received::{self, Encryption};
//!
//! let line = received::parse(
//!     " from mail.example.org (mail.example.org [203.0.113.80])\n\
//!      \t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits))\n\
//!      \tby mx.example.com (Postfix) with ESMTPS id 4Y2kQv1fGzz7hTqm\n\
//!      \tfor <dana@example.com>; Tue,  3 Dec 2024 09:15:02 +0000 (UTC)",
//! );
//! assert_eq!(line.by, Some("mx.example.com"));
//! assert_eq!(line.encryption, Encryption::Tls);
//! assert_eq!(line.mta, Some("postfix"));
//! let tls = line.tls.expect("a TLS group");
//! assert_eq!(tls.cipher, Some("TLS_AES_256_GCM_SHA384"));
//! assert_eq!(tls.bits, Some(256));
//! ```

mod classify;
pub(crate) mod clauses;
mod evidence;
mod from_part;
pub(crate) mod grammar;
mod protocol;
mod writer;

use std::{borrow::Cow, net::IpAddr};

use serde::Serialize;

pub use evidence::TlsMarkers;
pub use from_part::FromPart;
pub use protocol::{Protocol, ProtocolKind, read_protocol};

use self::{
    clauses::{Clauses, Keyword, split_clauses},
    evidence::EvidenceCollector,
    from_part::{read_by_address, read_from_part},
    grammar::{Token, TokenKind, squeeze_whitespace, tokenize},
};
use crate::{
    date::{self, DateProblem, Timestamp, ZoneNote},
    findings::Finding,
    tls::{CipherProfile, TlsVersion},
};

/// How a hop travelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Encryption {
    /// The writer recorded TLS on this connection.
    Tls,
    /// The writer is one that marks TLS whenever it is used, and marked none.
    Plaintext,
    /// No network crossed: loopback, a local socket, LMTP, MAPI, pickup.
    Local,
    /// The line does not say.
    Unknown,
}

impl Encryption {
    /// The contract spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Encryption::Tls => "tls",
            Encryption::Plaintext => "plaintext",
            Encryption::Local => "local",
            Encryption::Unknown => "unknown",
        }
    }
}

/// The TLS facts of one line, as written where the contract says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsFacts<'a> {
    /// The canonical version, when the written one names a negotiated version.
    pub version: Option<TlsVersion>,
    pub version_raw: Option<&'a str>,
    pub cipher: Option<&'a str>,
    /// The used bits.
    pub bits: Option<u32>,
    pub key_exchange: Option<Cow<'a, str>>,
    pub client_cert: Option<Cow<'a, str>>,
    /// What the cipher name says about its strength; `None` without a cipher.
    pub cipher_profile: Option<CipherProfile>,
}

/// The date of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateReading {
    /// A real date. `zone_unknown` when the zone was missing or not one RFC 5322 names.
    Found {
        timestamp: Timestamp,
        zone_unknown: bool,
    },
    /// No date at all.
    Missing,
    /// A date shape that is not a real date.
    Invalid(&'static str),
}

impl DateReading {
    pub fn timestamp(&self) -> Option<&Timestamp> {
        match self {
            DateReading::Found { timestamp, .. } => Some(timestamp),
            _ => None,
        }
    }
}

/// Everything read from one Received value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received<'a> {
    /// `None` when the line has no `from` clause.
    pub from: Option<FromPart<'a>>,
    pub by: Option<&'a str>,
    /// The receiving side's address, where the writer records one (Microsoft, MDaemon, amavis).
    pub by_ip: Option<IpAddr>,
    pub via: Option<Cow<'a, str>>,
    pub with: Option<Cow<'a, str>>,
    pub id: Option<&'a str>,
    pub for_address: Option<&'a str>,
    pub date: DateReading,
    pub tls: Option<TlsFacts<'a>>,
    pub markers: TlsMarkers,
    pub protocol: Option<Protocol>,
    pub mta: Option<&'static str>,
    pub encryption: Encryption,
    /// The words that decided `encryption`.
    pub evidence: Cow<'static, str>,
    /// Whether this TLS hop counts as weak (old version or weak cipher); false for other hops.
    pub weak: bool,
    pub findings: Vec<Finding>,
}

/// Reads one Received value (the text after `Received:`, folds included).
pub fn parse(value: &str) -> Received<'_> {
    let lexed = tokenize(value);
    let tokens = &lexed.tokens;
    let clauses = split_clauses(tokens);

    let body = |keyword: Keyword| clauses.get(keyword).map(|c| &tokens[c.body.clone()]);
    let from = body(Keyword::From).map(read_from_part);
    let by_body = body(Keyword::By).unwrap_or(&[]);
    let by = by_body
        .first()
        .filter(|t| t.kind != TokenKind::Comment)
        .map(|t| t.text);
    let by_ip = read_by_address(by_body);
    let with_body = body(Keyword::With).unwrap_or(&[]);
    let with = join_words(with_body);
    let via = body(Keyword::Via).and_then(join_words);
    let id = body(Keyword::Id)
        .and_then(first_value)
        .map(|token| token.text)
        .or_else(|| id_in_date_tail(tokens, &clauses));
    let for_address = body(Keyword::For).and_then(first_value).map(path_address);

    // Each comment is squeezed once, for evidence and recognition alike.
    let comments = located_comments(tokens, &clauses);
    let mut evidence = EvidenceCollector::default();
    for comment in &comments {
        evidence.comment_squeezed(comment.inner, Some(&comment.text));
    }
    evidence.protocol_words(with_body);
    evidence.by_words(by_body);
    for extra in clauses.extra.iter().filter(|c| c.keyword == Keyword::With) {
        evidence.extra_with(&tokens[extra.body.clone()]);
    }
    if let Some(tls_body) = body(Keyword::Tls) {
        evidence.tls_clause(tls_body);
    }
    let before_date = &tokens[..clauses.date_separator.unwrap_or(tokens.len())];
    evidence.bare_words(before_date);

    let protocol = with.as_deref().map(read_protocol);
    let comment_initials = comments
        .iter()
        .fold(0, |initials, comment| initials | initial_bit(&comment.text));
    let has_verify_group = evidence.tls.version.is_some() && evidence.tls.verify_field;
    // A macro rather than a closure: each view borrows `from` for as long as it lives, and the
    // first one must end before MDaemon's correction changes it.
    macro_rules! view_of {
        ($from:expr) => {
            LineView {
                from: $from,
                by,
                by_body,
                with: with.as_ref(),
                id,
                comments: &comments,
                markers: evidence.markers,
                protocol,
                has_verify_group,
                comment_initials,
            }
        };
    }
    let mta = writer::recognise(&view_of!(from.as_ref()));
    let from = from.map(|part| correct_for_writer(part, mta));
    let view = view_of!(from.as_ref());

    let mut findings = Vec::new();
    if lexed.unterminated {
        findings.push(Finding::warning(
            "unterminated-delimiter",
            "an opening (, \", [ or < is never closed; it was read as an ordinary character",
        ));
    }
    if lexed.too_deep {
        findings.push(Finding::warning(
            "comment-too-deep",
            format!(
                "comments nest deeper than {} levels; the deepest were not searched",
                crate::limits::MAX_COMMENT_DEPTH
            ),
        ));
    }
    let date = read_date(value, tokens, &clauses, &mut findings);

    let decision = classify::decide(&view, mta, by_ip);
    let tls = classify::tls_facts(evidence.tls, mta, &mut findings);
    let weak = classify::grade(decision.encryption, tls.as_ref(), &view, mta, &mut findings);

    Received {
        from,
        by,
        by_ip,
        via,
        with,
        id,
        for_address,
        date,
        tls,
        markers: evidence.markers,
        protocol,
        mta,
        encryption: decision.encryption,
        evidence: decision.evidence,
        weak,
        findings,
    }
}

/// MDaemon copies the client's EHLO literal into the from slot: it is a claim, not the
/// address the server saw.
fn correct_for_writer<'a>(mut part: FromPart<'a>, mta: Option<&str>) -> FromPart<'a> {
    if mta == Some("mdaemon") && part.ip_from_name_slot {
        part.ip = None;
        part.slot = None;
        part.ip_from_name_slot = false;
    }
    part
}

/// The depth-0 words of a clause joined by one space, comments skipped.
fn join_words<'a>(body: &[Token<'a>]) -> Option<Cow<'a, str>> {
    let mut words = body.iter().filter(|t| t.kind != TokenKind::Comment);
    let first = words.next()?;
    match words.next() {
        None => Some(Cow::Borrowed(first.text)),
        Some(second) => {
            let mut joined = String::with_capacity(first.text.len() + second.text.len() + 16);
            joined.push_str(first.text);
            joined.push(' ');
            joined.push_str(second.text);
            for word in words {
                joined.push(' ');
                joined.push_str(word.text);
            }
            Some(Cow::Owned(joined))
        }
    }
}

/// The first value of a clause (`id`, `for`): a word, a msg-id or a path.
fn first_value<'a, 'p>(body: &'p [Token<'a>]) -> Option<&'p Token<'a>> {
    body.iter()
        .find(|t| !matches!(t.kind, TokenKind::Comment | TokenKind::Semicolon))
}

/// The address of a `for` path, without its angle brackets.
fn path_address<'a>(token: &Token<'a>) -> &'a str {
    match token.kind {
        TokenKind::Angle => token.inner(),
        _ => token.text,
    }
}

/// Courier before 2006 wrote the id after the date: `…; Thu, 10 Nov 2005 08:24:21 -0600 id X`.
fn id_in_date_tail<'a>(tokens: &[Token<'a>], clauses: &Clauses) -> Option<&'a str> {
    let tail = &tokens[clauses.date_part(tokens.len())];
    tail.windows(2)
        .find(|pair| pair[0].is_keyword("id") && pair[1].is_word())
        .map(|pair| pair[1].text)
}

fn read_date(
    value: &str,
    tokens: &[Token<'_>],
    clauses: &Clauses,
    findings: &mut Vec<Finding>,
) -> DateReading {
    let after_separator = clauses
        .date_separator
        .map(|index| &value[tokens[index].start + 1..]);
    let parsed = match after_separator.map(date::parse_date_time) {
        Some(Ok(parsed)) => Ok(parsed),
        Some(Err(DateProblem::Invalid(reason))) => Err(Some(reason)),
        Some(Err(DateProblem::NotADate)) | None => {
            date::find_date(value).map(|(parsed, _)| parsed).ok_or(None)
        }
    };
    match parsed {
        Ok(parsed) => {
            let zone_unknown = parsed.zone == ZoneNote::Unknown;
            if zone_unknown {
                findings.push(Finding::info(
                    "date-zone-unknown",
                    "the date's time zone is missing or not one RFC 5322 names; read as -0000",
                ));
            }
            DateReading::Found {
                timestamp: parsed.timestamp,
                zone_unknown,
            }
        }
        Err(Some(reason)) => {
            findings.push(Finding::warning(
                "date-invalid",
                format!("the date is not a real date ({reason})"),
            ));
            DateReading::Invalid(reason)
        }
        Err(None) => {
            findings.push(Finding::info("no-date", "the line carries no date"));
            DateReading::Missing
        }
    }
}

/// Where a top-level comment stands in the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CommentPlace {
    Leading,
    From,
    By,
    With,
    Elsewhere,
    AfterDate,
}

/// A top-level comment: where it stands and its text with white space squeezed.
#[derive(Debug)]
pub(crate) struct LocatedComment<'a> {
    pub place: CommentPlace,
    /// The comment as written, without its parentheses.
    pub inner: &'a str,
    pub text: Cow<'a, str>,
}

fn located_comments<'a>(tokens: &[Token<'a>], clauses: &Clauses) -> Vec<LocatedComment<'a>> {
    let place_of = |index: usize| {
        if clauses
            .date_separator
            .is_some_and(|separator| index > separator)
        {
            return CommentPlace::AfterDate;
        }
        if clauses.leading.contains(&index) {
            return CommentPlace::Leading;
        }
        let within = |keyword| {
            clauses
                .get(keyword)
                .is_some_and(|clause| clause.body.contains(&index))
        };
        if within(Keyword::From) {
            CommentPlace::From
        } else if within(Keyword::By) {
            CommentPlace::By
        } else if within(Keyword::With) {
            CommentPlace::With
        } else {
            CommentPlace::Elsewhere
        }
    };
    tokens
        .iter()
        .enumerate()
        .filter(|(_, token)| token.is_comment())
        .map(|(index, token)| LocatedComment {
            place: place_of(index),
            inner: token.inner(),
            text: squeeze_whitespace(token.inner()),
        })
        .collect()
}

/// What writer recognition and classification look at.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LineView<'a, 'p> {
    pub from: Option<&'p FromPart<'a>>,
    pub by: Option<&'a str>,
    pub by_body: &'p [Token<'a>],
    pub with: Option<&'p Cow<'a, str>>,
    pub id: Option<&'a str>,
    pub comments: &'p [LocatedComment<'a>],
    pub markers: TlsMarkers,
    pub protocol: Option<Protocol>,
    /// A `version=… verify=…` group (the sendmail family's).
    pub has_verify_group: bool,
    /// [`initial_bit`] of every comment, or-ed: a prefix whose bit is missing starts no
    /// comment, and the recognisers that look for one are answered without a scan.
    pub comment_initials: u64,
}

/// A bit for the first byte of `text`, ASCII case folded (bytes share the 64 bits, so a set
/// bit only says "maybe"; a clear one says "no comment starts with it"). 0 for empty text.
fn initial_bit(text: &str) -> u64 {
    text.as_bytes()
        .first()
        .map_or(0, |b| 1 << (b.to_ascii_lowercase() & 63))
}

impl LineView<'_, '_> {
    /// Whether some comment may start with `prefix`; false is certain. An empty prefix may
    /// start any comment.
    fn may_start_with(&self, prefix: &str) -> bool {
        prefix.is_empty() || self.comment_initials & initial_bit(prefix) != 0
    }

    pub fn any_comment(&self, test: impl Fn(&str) -> bool) -> bool {
        self.comments.iter().any(|c| test(&c.text))
    }

    fn comment_at(&self, place: CommentPlace, test: impl Fn(&str) -> bool) -> bool {
        self.comments
            .iter()
            .any(|c| c.place == place && test(&c.text))
    }

    pub fn comment_starts_with(&self, prefix: &str) -> bool {
        self.may_start_with(prefix)
            && self.any_comment(|c| writer::starts_with_ignore_case(c, prefix))
    }

    pub fn comment_is(&self, text: &str) -> bool {
        self.may_start_with(text) && self.any_comment(|c| c.eq_ignore_ascii_case(text))
    }

    pub fn leading_comment_starts_with(&self, prefix: &str) -> bool {
        self.may_start_with(prefix)
            && self.comment_at(CommentPlace::Leading, |c| {
                writer::starts_with_ignore_case(c, prefix)
            })
    }

    pub fn tail_comment_starts_with(&self, prefix: &str) -> bool {
        self.may_start_with(prefix)
            && self.comment_at(CommentPlace::AfterDate, |c| {
                writer::starts_with_ignore_case(c, prefix)
            })
    }

    pub fn sender_comment_starts_with(&self, prefix: &str) -> bool {
        self.may_start_with(prefix)
            && self.comment_at(CommentPlace::From, |c| {
                writer::starts_with_ignore_case(c, prefix)
            })
    }

    pub fn sender_comment_contains(&self, needle: &str) -> bool {
        self.comment_at(CommentPlace::From, |c| {
            writer::contains_ignore_case(c, needle)
        })
    }

    /// A from comment with one of `labels` at its start or after a comma (Courier's info list).
    pub fn sender_comment_has_label(&self, labels: &[&str]) -> bool {
        self.comment_at(CommentPlace::From, |c| {
            c.split(',').any(|part| {
                labels
                    .iter()
                    .any(|label| writer::starts_with_ignore_case(part.trim_start(), label))
            })
        })
    }

    pub fn with_comment_starts_with(&self, prefix: &str) -> bool {
        self.may_start_with(prefix)
            && self.comment_at(CommentPlace::With, |c| {
                writer::starts_with_ignore_case(c, prefix)
            })
    }

    pub fn with_comment_contains(&self, needle: &str) -> bool {
        self.comment_at(CommentPlace::With, |c| {
            writer::contains_ignore_case(c, needle)
        })
    }

    pub fn sender_has_bracketed_tcp_info(&self) -> bool {
        self.from.is_some_and(|from| from.tcp_info_bracketed)
    }

    /// The first comment after the `by` host: the software name most writers put there.
    pub fn by_comment(&self) -> Option<&str> {
        self.by_body
            .iter()
            .skip(1)
            .find(|t| t.is_comment())
            .map(|t| t.inner().trim())
    }

    pub fn by_words_contain(&self, word: &str) -> bool {
        self.by_body
            .iter()
            .skip(1)
            .any(|t| t.is_word() && t.text.eq_ignore_ascii_case(word))
    }

    pub fn by_ends_with(&self, suffix: &str) -> bool {
        self.by
            .is_some_and(|by| writer::ends_with_ignore_case(by, suffix))
    }

    pub fn with_text(&self) -> Option<&str> {
        self.with.map(|w| w.as_ref())
    }

    pub fn with_is(&self, text: &str) -> bool {
        self.with.is_some_and(|w| w.eq_ignore_ascii_case(text))
    }

    pub fn with_starts_with(&self, prefix: &str) -> bool {
        self.with
            .is_some_and(|w| writer::starts_with_ignore_case(w, prefix))
    }

    pub fn protocol_kind(&self) -> Option<ProtocolKind> {
        self.protocol.map(|p| p.kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comment_initials_fold_ascii_case() {
        assert_eq!(initial_bit("Postfix"), initial_bit("postfix"));
        assert_eq!(initial_bit("(TLS)"), initial_bit("("));
        assert_ne!(initial_bit("Postfix"), initial_bit("Exim"));
        assert_eq!(initial_bit(""), 0);
        // The filter only ever answers "no" for a prefix no comment can start with.
        let line = parse(
            " from a.example.org (a.example.org [192.0.2.1]) by mx.example.com (Postfix) with ESMTP id 4Y2kQv1fGzz7hTqm; Tue, 3 Dec 2024 09:15:02 +0000",
        );
        assert_eq!(line.mta, Some("postfix"));
    }
}
