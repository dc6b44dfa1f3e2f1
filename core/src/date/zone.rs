//! The zone of a date: RFC 5322 numeric offsets and obsolete names, the name that may follow a
//! number (`-0800 PST`), and the comment that may follow the zone (`(UTC)`).

use nom::Parser;
use nom::branch::alt;
use nom::bytes::complete::take_while_m_n;
use nom::character::complete::{char, one_of, satisfy};
use nom::combinator::{not, opt, peek, recognize, verify};
use nom::sequence::{preceded, terminated};

use super::grammar::{Res, Zone, fws, is_digit, must, no_match, number, word};

/// ```abnf
/// zone = (FWS ( "+" / "-" ) 4DIGIT) / obs-zone
/// ```
/// The FWS is read by [`time`](super::rfc5322::time). A zone name after a numeric offset
/// (`-0800 PST`, Go's `+0000 UTC`) is read and ignored: the number wins.
pub(super) fn zone(input: &str) -> Res<'_, Zone> {
    alt((
        terminated(numeric_zone, opt(preceded(fws, zone_abbreviation))),
        obs_zone,
    ))
    .parse(input)
}

/// ```abnf
/// numeric-zone = ( "+" / "-" ) 4DIGIT / ( "+" / "-" ) 2DIGIT ":" 2DIGIT   ; RFC 3339 form too
/// ```
/// A sign followed by a digit commits: `+123` or `+00000` is an invalid date.
pub(super) fn numeric_zone(input: &str) -> Res<'_, Zone> {
    let (rest, sign) = terminated(one_of("+-"), peek(satisfy(is_digit))).parse(input)?;
    let colon_form = (number(2, 2), char(':'), number(2, 2)).map(|(h, _, m)| (h, m));
    let four_digits = number(4, 4).map(|n| (n / 100, n % 100));
    let (rest, (hours, minutes)) = must(
        "zone offset is not four digits",
        alt((colon_form, four_digits)),
    )
    .parse(rest)?;
    Ok((
        rest,
        Zone::Numeric {
            negative: sign == '-',
            hours,
            minutes,
        },
    ))
}

/// ```abnf
/// obs-zone = "UT" / "GMT" / "EST" / "EDT" / "CST" / "CDT" / "MST" / "MDT" / "PST" / "PDT" /
///            %d65-73 / %d75-90 / %d97-105 / %d107-122 / 1*(ALPHA)
/// ```
/// Known names in any case, plus `UTC` and `Z` (+00:00); `GMT+0100` reads the number glued to
/// it. A military letter, or another name written in 3 to 5 capitals (`CEST`), reads as `-0000`
/// ([`Zone::Unknown`]). Other words are not a zone.
pub(super) fn obs_zone(input: &str) -> Res<'_, Zone> {
    let (rest, name) = word(input)?;
    if let Some(minutes) = named_offset(name) {
        // UT, UTC, GMT (not Z) may have an offset glued on: GMT+0100.
        if minutes == 0
            && name.len() > 1
            && let (rest, Some(glued)) = opt(numeric_zone).parse(rest)?
        {
            return Ok((rest, glued));
        }
        return Ok((rest, Zone::Named(minutes)));
    }
    if (name.len() == 1 && name.is_ascii()) || is_unknown_zone_name(name) {
        return Ok((rest, Zone::Unknown));
    }
    no_match()
}

const NAMED_ZONES: [(&str, i32); 12] = [
    ("UT", 0),
    ("UTC", 0),
    ("GMT", 0),
    ("Z", 0),
    ("EST", -5 * 60),
    ("EDT", -4 * 60),
    ("CST", -6 * 60),
    ("CDT", -5 * 60),
    ("MST", -7 * 60),
    ("MDT", -6 * 60),
    ("PST", -8 * 60),
    ("PDT", -7 * 60),
];

fn named_offset(name: &str) -> Option<i32> {
    NAMED_ZONES
        .iter()
        .find(|(known, _)| name.eq_ignore_ascii_case(known))
        .map(|&(_, minutes)| minutes)
}

/// Capitalised words that follow dates in Received lines but are not zones.
const NOT_ZONES: [&str; 5] = ["FOR", "VIA", "WITH", "FROM", "SMTP"];

/// A zone abbreviation that is not in [`NAMED_ZONES`]: 3 to 5 ASCII capitals (`CEST`, `AWST`),
/// not a clause keyword and not a TLS word.
fn is_unknown_zone_name(name: &str) -> bool {
    (3..=5).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_uppercase())
        && !NOT_ZONES.contains(&name)
        && !is_tls_word(name)
}

fn is_tls_word(word: &str) -> bool {
    let lower = word.get(..3).unwrap_or(word);
    lower.eq_ignore_ascii_case("tls") || lower.eq_ignore_ascii_case("ssl")
}

/// What [`zone`] and [`super::rfc5322::time`] read after a numeric zone: an optional zone name
/// (`-0800 PST`), then an optional zone comment (`(UTC)`). For the fast path of
/// [`super::rfc5322::common_date_time`], which reads the numeric zone itself.
pub(super) fn after_numeric_zone(input: &str) -> Res<'_, ()> {
    let (rest, _) = opt(preceded(fws, zone_abbreviation)).parse(input)?;
    let (rest, _) = opt(preceded(opt(fws), zone_comment)).parse(rest)?;
    Ok((rest, ()))
}

/// ```abnf
/// zone-abbreviation = obs-zone-name / 3*5UPALPHA / ( "+" / "-" ) 2DIGIT [2DIGIT]
/// ```
/// The name after a numeric offset: `PST` in `-0800 PST`, `UTC` or `+03` in Go's text.
fn zone_abbreviation(input: &str) -> Res<'_, &str> {
    alt((
        verify(word, |w: &str| {
            named_offset(w).is_some() || is_unknown_zone_name(w)
        }),
        recognize((
            one_of("+-"),
            take_while_m_n(2, 4, is_digit),
            not(satisfy(is_digit)),
        )),
    ))
    .parse(input)
}

/// ```abnf
/// zone-comment      = "(" 1*40zone-comment-char ")"
/// zone-comment-char = ALPHA / DIGIT / SP / "+" / "-" / ":" / "." / "_" / "/"
/// ```
/// A comment naming the zone: `(UTC)` `(+03)` `(CST)` `(Eire)` `(GMT+01:00)`. It is read so that
/// the date covers it, and not interpreted. Comments holding anything else, or a word starting
/// with TLS/SSL (`(using TLSv1.3 ...)`, `(envelope-from <...>)`), are left for the caller.
pub(super) fn zone_comment(input: &str) -> Res<'_, &str> {
    recognize((
        char('('),
        verify(
            take_while_m_n(1, 40, |c: char| {
                c.is_ascii_alphanumeric() || matches!(c, ' ' | '+' | '-' | ':' | '.' | '_' | '/')
            }),
            |text: &str| {
                text.bytes().any(|b| b.is_ascii_alphanumeric())
                    && !text
                        .split(|c: char| !c.is_ascii_alphanumeric())
                        .any(is_tls_word)
            },
        ),
        char(')'),
    ))
    .parse(input)
}

#[cfg(test)]
mod tests {
    use super::super::grammar::test_support::{bad, check, no, offset};
    use super::*;

    #[test]
    #[rustfmt::skip]
    fn numeric_zones() {
        check(numeric_zone, &[
            ("+0000", Ok(("", offset(false, 0, 0)))),
            ("-0000 x", Ok((" x", offset(true, 0, 0)))),
            ("-0800 PST", Ok((" PST", offset(true, 8, 0)))),
            ("+05:30", Ok(("", offset(false, 5, 30)))),
            ("+9999", Ok(("", offset(false, 99, 99)))),
            ("+123", bad("zone offset is not four digits")),
            ("+00000", bad("zone offset is not four digits")),
            ("+x", no()),
            ("0000", no()),
        ]);
    }

    #[test]
    #[rustfmt::skip]
    fn zones() {
        check(zone, &[
            ("+0200 (CEST)", Ok((" (CEST)", offset(false, 2, 0)))),
            ("-0800 PST", Ok(("", offset(true, 8, 0)))),
            ("-0800 pst x", Ok((" x", offset(true, 8, 0)))),
            ("+0000 UTC m=+1.5", Ok((" m=+1.5", offset(false, 0, 0)))),
            ("+0300 +03", Ok(("", offset(false, 3, 0)))),
            ("+0200 CEST", Ok(("", offset(false, 2, 0)))),
            ("+0000 id abc", Ok((" id abc", offset(false, 0, 0)))),
            ("+0000 TLS", Ok((" TLS", offset(false, 0, 0)))),
            ("+0000 FOR x", Ok((" FOR x", offset(false, 0, 0)))),
            ("UT", Ok(("", Zone::Named(0)))),
            ("GMT x", Ok((" x", Zone::Named(0)))),
            ("utc", Ok(("", Zone::Named(0)))),
            ("Z", Ok(("", Zone::Named(0)))),
            ("EST", Ok(("", Zone::Named(-300)))),
            ("EDT", Ok(("", Zone::Named(-240)))),
            ("CST", Ok(("", Zone::Named(-360)))),
            ("CDT", Ok(("", Zone::Named(-300)))),
            ("MST", Ok(("", Zone::Named(-420)))),
            ("MDT", Ok(("", Zone::Named(-360)))),
            ("PST", Ok(("", Zone::Named(-480)))),
            ("PDT", Ok(("", Zone::Named(-420)))),
            ("GMT+0100", Ok(("", offset(false, 1, 0)))),
            ("A", Ok(("", Zone::Unknown))),
            ("j", Ok(("", Zone::Unknown))),
            ("CEST", Ok(("", Zone::Unknown))),
            ("AWST (x)", Ok((" (x)", Zone::Unknown))),
            ("Eire", no()),
            ("id", no()),
            ("TLS", no()),
            ("WITH", no()),
            ("ABCDEF", no()),
            ("é", no()),
        ]);
        check(obs_zone, &[("GMT", Ok(("", Zone::Named(0)))), ("+0000", no())]);
        check(zone_abbreviation, &[
            ("PST x", Ok((" x", "PST"))),
            ("+03", Ok(("", "+03"))),
            ("+03000", no()),
            ("ESMTP", Ok(("", "ESMTP"))),
            ("SMTP", no()),
        ]);
    }

    #[test]
    #[rustfmt::skip]
    fn zone_comments() {
        check(zone_comment, &[
            ("(UTC) x", Ok((" x", "(UTC)"))),
            ("(+03)", Ok(("", "(+03)"))),
            ("(Eire)", Ok(("", "(Eire)"))),
            ("(GMT+01:00)", Ok(("", "(GMT+01:00)"))),
            ("(W. Europe Standard Time)", Ok(("", "(W. Europe Standard Time)"))),
            ("(using TLSv1.3 with cipher X)", no()),
            ("(envelope-from <a@example.com>)", no()),
            ("(TLS)", no()),
            ("(a (b))", no()),
            ("( )", no()),
            ("(UTC", no()),
        ]);
    }
}
