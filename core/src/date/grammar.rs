//! What the date rules share: the error type, the raw parts a rule returns, small helpers, white
//! space and comments, and the entry points used by [`super`].
//!
//! The rules themselves live beside this file, one function per rule, named after the RFC rule,
//! with the ABNF in its doc comment: [`super::rfc5322`] (RFC 5322 §3.3 with the obsolete forms of
//! §4.3), [`super::zone`], and [`super::forms`] (Go's `time.Time` text, which also covers
//! RFC 3339, C's `asctime`, and the numeric dates that are always invalid). Rules read and return
//! raw parts; range checks (31 Feb, hour 25, offset +9999) are done once, in
//! [`super::timestamp`], on the assembled [`Fields`].
//!
//! Error convention: a nom `Error` means "no date here" (the caller may try elsewhere); a
//! `Failure` means "a date, but not a valid one", and carries a short reason. A rule commits
//! (turns errors into failures, through [`must`]) once it has seen enough to know it reads a
//! date: a weekday and its comma, a day and an English month, a `YYYY-MM-DD`, and so on.
//!
//! Every rule does bounded work per byte: digit runs and names are read with an upper length,
//! and the comments allowed between the parts of a date are short ([`SHORT_COMMENT`]), so that
//! [`super::find_date`], which tries many start positions, stays linear.

use nom::branch::alt;
use nom::bytes::complete::{take_while_m_n, take_while1};
use nom::character::complete::satisfy;
use nom::combinator::{cut, not, recognize};
use nom::error::{ContextError, ErrorKind, ParseError, context};
use nom::multi::many1_count;
use nom::sequence::terminated;
use nom::{IResult, Parser};

use super::forms::{asctime, go_date_time, numeric_date};
use super::rfc5322::date_time;

/// The longest comment read between the parts of a date (bytes, parentheses included).
pub(super) const SHORT_COMMENT: usize = 64;

/// Why a rule failed. `reason` is set on a committed failure (an invalid date).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct DateError {
    pub(super) reason: Option<&'static str>,
}

impl<I> ParseError<I> for DateError {
    fn from_error_kind(_: I, _: ErrorKind) -> Self {
        Self { reason: None }
    }

    fn append(_: I, _: ErrorKind, other: Self) -> Self {
        other
    }
}

impl<I> ContextError<I> for DateError {
    /// The innermost reason wins: it is the most precise one.
    fn add_context(_: I, ctx: &'static str, other: Self) -> Self {
        Self {
            reason: other.reason.or(Some(ctx)),
        }
    }
}

pub(super) type Res<'a, O> = IResult<&'a str, O, DateError>;

/// A time of day as written, before range checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct TimeOfDay<'a> {
    pub(super) hour: u32,
    pub(super) minute: u32,
    /// 0 when the seconds are left out.
    pub(super) second: u32,
    /// The digits after the `.`, as written; empty when there are none.
    pub(super) fraction: &'a str,
}

/// A zone as written, before range checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Zone {
    /// `+hhmm` / `-hhmm` (or `±hh:mm`). `-0000` stays negative: it means "offset unknown".
    Numeric {
        negative: bool,
        hours: u32,
        minutes: u32,
    },
    /// A name with a known offset: `UT` `GMT` `UTC` `Z` and the US zones (minutes east of UTC).
    Named(i32),
    /// A military letter or a name not in the list: read as `-0000` (RFC 5322 §4.3).
    Unknown,
    /// No zone at all.
    Missing,
}

/// A date as written, before range checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Fields<'a> {
    /// Four digits, or a 2/3-digit year already moved to 19xx/20xx; saturates on absurd input.
    pub(super) year: u32,
    pub(super) month: u32,
    pub(super) day: u32,
    pub(super) clock: TimeOfDay<'a>,
    pub(super) zone: Zone,
}

// ---------------------------------------------------------------------------------------------
// Entry points used by `super`
// ---------------------------------------------------------------------------------------------

/// What is left of `input` after optional CFWS (a comment that never closes is not skipped).
pub(super) fn skip_cfws(input: &str) -> &str {
    match cfws(input) {
        Ok((rest, _)) => rest,
        Err(_) => input,
    }
}

/// Reads one date at the very start of `input`: `Ok((rest, fields))`, `Err(None)` when there is
/// no date shape, `Err(Some(reason))` for a date shape that cannot be read to the end.
pub(super) fn read_fields(input: &str) -> Result<(&str, Fields<'_>), Option<&'static str>> {
    if let Some(done) = super::rfc5322::common_date_time(input) {
        return Ok(done);
    }
    match any_date(input) {
        Ok(done) => Ok(done),
        Err(nom::Err::Failure(e)) => Err(Some(e.reason.unwrap_or("not a valid date"))),
        Err(nom::Err::Error(_) | nom::Err::Incomplete(_)) => Err(None),
    }
}

/// ```abnf
/// any-date = go-time / date-time / asctime / numeric-date
/// ```
/// Tried in this order: Go / RFC 3339 (a four-digit year and `-` first), RFC 5322, asctime, and
/// last the numeric forms, which are always invalid.
pub(super) fn any_date(input: &str) -> Res<'_, Fields<'_>> {
    alt((go_date_time, date_time, asctime, numeric_date)).parse(input)
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

pub(super) fn is_digit(c: char) -> bool {
    c.is_ascii_digit()
}

/// A committed failure: the input is a date, but not a valid one.
pub(super) fn invalid<'a, O>(reason: &'static str) -> Res<'a, O> {
    Err(nom::Err::Failure(DateError {
        reason: Some(reason),
    }))
}

/// A plain mismatch: no date here.
pub(super) fn no_match<'a, O>() -> Res<'a, O> {
    Err(nom::Err::Error(DateError { reason: None }))
}

/// Commits to `parser`: from here on a mismatch is an invalid date, for `reason` unless an
/// inner rule gave a more precise one.
pub(super) fn must<'a, O, P>(
    reason: &'static str,
    parser: P,
) -> impl Parser<&'a str, Output = O, Error = DateError>
where
    P: Parser<&'a str, Output = O, Error = DateError>,
{
    cut(context(reason, parser))
}

/// The value of a run of ASCII digits (saturating, never panics).
pub(super) fn to_number(digits: &str) -> u32 {
    digits.bytes().fold(0u32, |n, b| {
        n.saturating_mul(10)
            .saturating_add(u32::from(b.saturating_sub(b'0')))
    })
}

/// `min*maxDIGIT` not followed by another digit, as a number.
pub(super) fn number<'a>(
    min: usize,
    max: usize,
) -> impl Parser<&'a str, Output = u32, Error = DateError> {
    terminated(take_while_m_n(min, max, is_digit), not(satisfy(is_digit))).map(to_number)
}

/// A name: 1 to 12 letters of any script (so `déc` is read whole, then rejected), not followed
/// by another letter.
pub(super) fn word(input: &str) -> Res<'_, &str> {
    terminated(
        take_while_m_n(1, 12, char::is_alphabetic),
        not(satisfy(char::is_alphabetic)),
    )
    .parse(input)
}

// ---------------------------------------------------------------------------------------------
// White space and comments
// ---------------------------------------------------------------------------------------------

/// ```abnf
/// FWS = ([*WSP CRLF] 1*WSP) / obs-FWS
/// ```
/// Read leniently as any run of SP, HTAB, CR and LF (a bare line break counts as a fold).
pub(super) fn fws(input: &str) -> Res<'_, &str> {
    take_while1(|c| matches!(c, ' ' | '\t' | '\r' | '\n')).parse(input)
}

/// ```abnf
/// comment  = "(" *([FWS] ccontent) [FWS] ")"
/// ccontent = ctext / quoted-pair / comment
/// ```
/// Nesting is counted, not recursed, so depth cannot blow the stack.
pub(super) fn comment(input: &str) -> Res<'_, &str> {
    comment_within(input, usize::MAX)
}

/// A [`comment`] of at most [`SHORT_COMMENT`] bytes.
fn short_comment(input: &str) -> Res<'_, &str> {
    comment_within(input, SHORT_COMMENT)
}

/// A [`comment`] that closes within `limit` bytes; one pass, counting depth and `\` quoting.
fn comment_within(input: &str, limit: usize) -> Res<'_, &str> {
    if !input.starts_with('(') {
        return no_match();
    }
    let mut depth = 0usize;
    let mut quoted = false;
    for (at, c) in input.char_indices() {
        if at >= limit {
            break;
        }
        if quoted {
            quoted = false;
            continue;
        }
        match c {
            '\\' => quoted = true,
            '(' => depth += 1,
            ')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return match input.split_at_checked(at + 1) {
                        Some((comment, rest)) => Ok((rest, comment)),
                        None => no_match(),
                    };
                }
            }
            _ => {}
        }
    }
    no_match()
}

/// ```abnf
/// CFWS = (1*([FWS] comment) [FWS]) / FWS
/// ```
pub(super) fn cfws(input: &str) -> Res<'_, &str> {
    recognize(many1_count(alt((fws, comment)))).parse(input)
}

/// The `[CFWS]` of the `obs-` rules between two parts of a date: folding white space and short
/// comments.
pub(super) fn gap(input: &str) -> Res<'_, &str> {
    recognize(many1_count(alt((fws, short_comment)))).parse(input)
}

/// Helpers shared by the rule tests of the sibling modules.
#[cfg(test)]
pub(super) mod test_support {
    use super::{Fields, Res, TimeOfDay, Zone, invalid, no_match};
    use std::fmt::Debug;

    /// Runs one rule over a table of `(input, expected result)`; the result holds both the value
    /// and the input left over.
    pub(in super::super) fn check<'a, O: PartialEq + Debug>(
        rule: fn(&'a str) -> Res<'a, O>,
        cases: &[(&'a str, Res<'a, O>)],
    ) {
        for (input, expected) in cases {
            assert_eq!(&rule(input), expected, "input {input:?}");
        }
    }

    /// The expected result of a rule that finds no date here.
    pub(in super::super) fn no<'a, O>() -> Res<'a, O> {
        no_match()
    }

    /// The expected result of a rule that reads an invalid date.
    pub(in super::super) fn bad<'a, O>(reason: &'static str) -> Res<'a, O> {
        invalid(reason)
    }

    pub(in super::super) fn clock(
        hour: u32,
        minute: u32,
        second: u32,
        fraction: &str,
    ) -> TimeOfDay<'_> {
        TimeOfDay {
            hour,
            minute,
            second,
            fraction,
        }
    }

    pub(in super::super) fn offset(negative: bool, hours: u32, minutes: u32) -> Zone {
        Zone::Numeric {
            negative,
            hours,
            minutes,
        }
    }

    pub(in super::super) fn fields<'a>(
        ymd: (u32, u32, u32),
        clock: TimeOfDay<'a>,
        zone: Zone,
    ) -> Fields<'a> {
        Fields {
            year: ymd.0,
            month: ymd.1,
            day: ymd.2,
            clock,
            zone,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::{check, no};
    use super::*;

    #[test]
    #[rustfmt::skip]
    fn white_space_and_comments() {
        check(fws, &[
            (" \t\r\n x", Ok(("x", " \t\r\n "))),
            ("\n\tTue", Ok(("Tue", "\n\t"))),
            ("x", no()),
            ("", no()),
        ]);
        check(comment, &[
            ("(UTC) x", Ok((" x", "(UTC)"))),
            ("(a (b (c)) \\) d)e", Ok(("e", "(a (b (c)) \\) d)"))),
            ("(never closed", no()),
            ("((((", no()),
            ("x(a)", no()),
        ]);
        check(cfws, &[
            (" (a) \n (b)  Tue", Ok(("Tue", " (a) \n (b)  "))),
            ("(open Tue", no()),
        ]);
        check(gap, &[
            (" (c) Dec", Ok(("Dec", " (c) "))),
            (" (using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits))", Ok(("(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits))", " "))),
            ("Dec", no()),
        ]);
        check(word, &[
            ("Dec 2024", Ok((" 2024", "Dec"))),
            ("déc 2023", Ok((" 2023", "déc"))),
            ("December,", Ok((",", "December"))),
            ("abcdefghijklm", no()),
            ("3", no()),
        ]);
    }

    #[test]
    fn comment_lengths() {
        let long = format!("({})", "x".repeat(SHORT_COMMENT));
        assert_eq!(short_comment(&long), no());
        assert_eq!(comment(&long), Ok(("", long.as_str())));
        let deep = format!("{}{} x", "(".repeat(10_000), ")".repeat(10_000));
        assert_eq!(comment(&deep).map(|(rest, _)| rest), Ok(" x"));
    }

    #[test]
    #[rustfmt::skip]
    fn entry_points() {
        assert_eq!(skip_cfws(" (a)\r\n Tue"), "Tue");
        assert_eq!(skip_cfws("(open Tue"), "(open Tue");
        assert_eq!(skip_cfws("Tue"), "Tue");
        let cases: [(&str, Result<&str, Option<&str>>); 5] = [
            ("3 Dec 2024 09:15:02 +0000 x", Ok(" x")),
            ("2024-12-03 09:15:02 +0000 UTC x", Ok(" x")),
            ("Tue Dec  3 09:15:02 2024 x", Ok(" x")),
            ("11-15-2023", Err(Some("numeric date, not RFC 5322"))),
            ("x", Err(None)),
        ];
        for (input, expected) in cases {
            assert_eq!(read_fields(input).map(|(rest, _)| rest), expected, "input {input:?}");
        }
    }
}
