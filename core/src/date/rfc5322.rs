//! RFC 5322 §3.3 `date-time`, read with the obsolete forms of §4.3 and the leniency seen in
//! Received lines (space-padded days, blanks after colons, full English names, fractions).

use nom::Parser;
use nom::branch::alt;
use nom::bytes::complete::take_while_m_n;
use nom::character::complete::{char, satisfy};
use nom::combinator::{opt, peek, verify};
use nom::sequence::{preceded, terminated};

use super::grammar::{
    Fields, Res, TimeOfDay, Zone, fws, gap, invalid, is_digit, must, no_match, number, to_number,
    word,
};
use super::zone::{after_numeric_zone, zone, zone_comment};

/// The shape nearly every Received line and `Date:` field writes, read byte by byte before the
/// combinators are tried: `[Www, ]D[D] Mon YYYY HH:MM:SS ±HHMM`, single spaces (two after the
/// comma for Postfix's padded day), English names in their usual case, no fraction. What follows
/// the numeric zone is read by the same rules as in [`time`]. Anything else, or anything those
/// rules would not accept, returns `None` and the full grammar reads the input: this is a
/// shortcut to the same result, never a different reading.
///
/// Reading a date this way costs a tenth of the combinators' work, and every Received line has
/// a date.
pub(super) fn common_date_time(input: &str) -> Option<(&str, Fields<'_>)> {
    const DAYS: [&[u8]; 7] = [b"Mon", b"Tue", b"Wed", b"Thu", b"Fri", b"Sat", b"Sun"];
    const MONTHS: [&[u8]; 12] = [
        b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov",
        b"Dec",
    ];
    let bytes = input.as_bytes();
    let mut at = 0;
    if bytes.get(3) == Some(&b',') && DAYS.contains(&bytes.get(..3)?) {
        at = 4;
        while bytes.get(at) == Some(&b' ') && at < 6 {
            at += 1;
        }
        if at == 4 {
            return None;
        }
    }
    let digits = |from: usize, count: usize| -> Option<u32> {
        let run = bytes.get(from..from + count)?;
        if !run.iter().all(u8::is_ascii_digit)
            || bytes.get(from + count).is_some_and(u8::is_ascii_digit)
        {
            return None;
        }
        Some(run.iter().fold(0, |n, b| n * 10 + u32::from(b - b'0')))
    };
    let day_len = if bytes.get(at + 1) == Some(&b' ') {
        1
    } else {
        2
    };
    let day = digits(at, day_len)?;
    at += day_len;
    if bytes.get(at) != Some(&b' ') {
        return None;
    }
    let month = MONTHS
        .iter()
        .position(|m| bytes.get(at + 1..at + 4) == Some(m))? as u32
        + 1;
    at += 4;
    if bytes.get(at) != Some(&b' ') {
        return None;
    }
    let year = digits(at + 1, 4)?;
    at += 5;
    if bytes.get(at) != Some(&b' ') {
        return None;
    }
    let hour = digits(at + 1, 2)?;
    let minute = digits(at + 4, 2)?;
    let second = digits(at + 7, 2)?;
    if bytes.get(at + 3) != Some(&b':') || bytes.get(at + 6) != Some(&b':') {
        return None;
    }
    at += 9;
    if bytes.get(at) != Some(&b' ') || !matches!(bytes.get(at + 1), Some(b'+' | b'-')) {
        return None;
    }
    let negative = bytes[at + 1] == b'-';
    let offset = digits(at + 2, 4)?;
    at += 6;
    let (rest, ()) = after_numeric_zone(&input[at..]).ok()?;
    Some((
        rest,
        Fields {
            year,
            month,
            day,
            clock: TimeOfDay {
                hour,
                minute,
                second,
                fraction: "",
            },
            zone: Zone::Numeric {
                negative,
                hours: offset / 100,
                minutes: offset % 100,
            },
        },
    ))
}

/// ```abnf
/// date-time = [ day-of-week "," ] date time [CFWS]
/// ```
/// The trailing `[CFWS]` is left to the caller (apart from a zone comment, see [`time`]). As
/// obsolete leniency, a weekday without its comma is read when a day number follows.
pub(super) fn date_time(input: &str) -> Res<'_, Fields<'_>> {
    let (rest, weekday) = opt(alt((day_of_week, bare_day_name))).parse(input)?;
    match weekday {
        Some(_) => must(
            "no date after the day name",
            preceded(opt(gap), date_and_time),
        )
        .parse(rest),
        None => date_and_time(rest),
    }
}

/// ```abnf
/// date-and-time = date time
/// ```
fn date_and_time(input: &str) -> Res<'_, Fields<'_>> {
    let (rest, (day, month, year)) = date(input)?;
    let (rest, (clock, zone)) =
        must("no time of day after the date", preceded(gap, time)).parse(rest)?;
    Ok((
        rest,
        Fields {
            year,
            month,
            day,
            clock,
            zone,
        },
    ))
}

/// ```abnf
/// day-of-week     = ([FWS] day-name) / obs-day-of-week
/// obs-day-of-week = [CFWS] day-name [CFWS]
/// ```
/// Read together with the `","` that follows it in `date-time`. A word before the comma that is
/// not an English day name (`mer,`, `Di,`) makes the date invalid.
pub(super) fn day_of_week(input: &str) -> Res<'_, &str> {
    let (rest, (name, _, _)) = (word, opt(gap), char(',')).parse(input)?;
    if is_day_name(name) {
        Ok((rest, name))
    } else {
        invalid("day name is not English")
    }
}

/// ```abnf
/// bare-day-name = day-name CFWS &DIGIT    ; not RFC 5322: a weekday without its comma
/// ```
/// `Tue 3 Dec 2024 ...`; the day number is only looked at, not read.
fn bare_day_name(input: &str) -> Res<'_, &str> {
    terminated(day_name, (gap, peek(satisfy(is_digit)))).parse(input)
}

/// ```abnf
/// day-name = "Mon" / "Tue" / "Wed" / "Thu" / "Fri" / "Sat" / "Sun"
/// ```
/// Any case; the full English names (`Tuesday`) are read too.
pub(super) fn day_name(input: &str) -> Res<'_, &str> {
    verify(word, |w: &str| is_day_name(w)).parse(input)
}

#[rustfmt::skip]
const DAY_NAMES: [&str; 14] = [
    "mon", "tue", "wed", "thu", "fri", "sat", "sun",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
];

fn is_day_name(word: &str) -> bool {
    DAY_NAMES.iter().any(|name| word.eq_ignore_ascii_case(name))
}

/// ```abnf
/// date = day month year
/// ```
/// White space between the day and the month is required (so `5f6a` is not day 5 of month
/// `f`); between the month and the year it is optional.
pub(super) fn date(input: &str) -> Res<'_, (u32, u32, u32)> {
    let (rest, day) = day(input)?;
    let (rest, month) = preceded(gap, month).parse(rest)?;
    let (rest, year) = must("no year after the month", preceded(opt(gap), year)).parse(rest)?;
    Ok((rest, (day, month, year)))
}

/// ```abnf
/// day     = ([FWS] 1*2DIGIT FWS) / obs-day
/// obs-day = [CFWS] 1*2DIGIT [CFWS]
/// ```
/// The white space around is read by [`date`].
pub(super) fn day(input: &str) -> Res<'_, u32> {
    number(1, 2).parse(input)
}

/// ```abnf
/// month = "Jan" / "Feb" / "Mar" / "Apr" / "May" / "Jun" /
///         "Jul" / "Aug" / "Sep" / "Oct" / "Nov" / "Dec"
/// ```
/// Any case; the full English names (`December`) and `Sept` are read too. Another word followed
/// by a number (`13 déc 2023`) makes the date invalid: it is a date, in another language.
pub(super) fn month(input: &str) -> Res<'_, u32> {
    let (rest, name) = word(input)?;
    if let Some(number) = month_number(name) {
        return Ok((rest, number));
    }
    if (opt(gap), satisfy(is_digit)).parse(rest).is_ok() {
        invalid("month name is not English")
    } else {
        no_match()
    }
}

const MONTH_NAMES: [(&str, &str); 12] = [
    ("jan", "january"),
    ("feb", "february"),
    ("mar", "march"),
    ("apr", "april"),
    ("may", "may"),
    ("jun", "june"),
    ("jul", "july"),
    ("aug", "august"),
    ("sep", "september"),
    ("oct", "october"),
    ("nov", "november"),
    ("dec", "december"),
];

fn month_number(word: &str) -> Option<u32> {
    if word.eq_ignore_ascii_case("sept") {
        return Some(9);
    }
    (1u32..)
        .zip(MONTH_NAMES)
        .find(|(_, (short, long))| {
            word.eq_ignore_ascii_case(short) || word.eq_ignore_ascii_case(long)
        })
        .map(|(number, _)| number)
}

/// ```abnf
/// year     = (FWS 4*DIGIT FWS) / obs-year
/// obs-year = [CFWS] 2*DIGIT [CFWS]
/// ```
/// Two digits: 00-49 → 20xx, 50-99 → 19xx; three digits add 1900 (RFC 5322 §4.3). Up to 20
/// digits are read, so that `99999` is reported as out of range rather than as no date.
pub(super) fn year(input: &str) -> Res<'_, u32> {
    let (rest, digits) = take_while_m_n(1, 20, is_digit).parse(input)?;
    if rest.starts_with(is_digit) {
        return invalid("year beyond 9999");
    }
    let value = to_number(digits);
    match digits.len() {
        1 => invalid("year has one digit"),
        2 if value < 50 => Ok((rest, 2000 + value)),
        2 | 3 => Ok((rest, 1900 + value)),
        _ => Ok((rest, value)),
    }
}

/// ```abnf
/// time = time-of-day zone
/// ```
/// The zone may be missing here. A zone comment after the zone, like `(UTC)`, is read too (see
/// [`zone_comment`]); any other trailing comment is left to the caller.
pub(super) fn time(input: &str) -> Res<'_, (TimeOfDay<'_>, Zone)> {
    let (rest, clock) = time_of_day(input)?;
    let (rest, zone) = opt(preceded(opt(gap), zone)).parse(rest)?;
    let (rest, _) = opt(preceded(opt(fws), zone_comment)).parse(rest)?;
    Ok((rest, (clock, zone.unwrap_or(Zone::Missing))))
}

/// ```abnf
/// time-of-day  = hour ":" minute [ ":" second [ time-secfrac ] ]
/// obs-hour     = [CFWS] 2DIGIT [CFWS]     ; likewise obs-minute, obs-second
/// ```
/// Blanks around the colons are read (`12: 31: 43`); the hour may have one digit.
pub(super) fn time_of_day(input: &str) -> Res<'_, TimeOfDay<'_>> {
    let (rest, hour) = hour(input)?;
    let (rest, _) = (opt(gap), char(':'), opt(gap)).parse(rest)?;
    let (rest, minute) = must("minute is not two digits", minute).parse(rest)?;
    let (rest, second) = opt(preceded(
        (opt(gap), char(':'), opt(gap)),
        must("second is not two digits", second),
    ))
    .parse(rest)?;
    let (rest, fraction) = match second {
        Some(_) => opt(time_secfrac).parse(rest)?,
        None => (rest, None),
    };
    Ok((
        rest,
        TimeOfDay {
            hour,
            minute,
            second: second.unwrap_or(0),
            fraction: fraction.unwrap_or(""),
        },
    ))
}

/// ```abnf
/// hour = 2DIGIT / obs-hour    ; one digit is read too
/// ```
pub(super) fn hour(input: &str) -> Res<'_, u32> {
    number(1, 2).parse(input)
}

/// ```abnf
/// minute = 2DIGIT / obs-minute
/// ```
pub(super) fn minute(input: &str) -> Res<'_, u32> {
    number(2, 2).parse(input)
}

/// ```abnf
/// second = 2DIGIT / obs-second    ; 60 is a leap second
/// ```
pub(super) fn second(input: &str) -> Res<'_, u32> {
    number(2, 2).parse(input)
}

/// ```abnf
/// time-secfrac = "." 1*9DIGIT     ; RFC 3339, limited to nanoseconds
/// ```
/// The digits are kept as written (`.50` stays `.50`); ten or more make the date invalid.
pub(super) fn time_secfrac(input: &str) -> Res<'_, &str> {
    let (rest, digits) = preceded(char('.'), take_while_m_n(1, 10, is_digit)).parse(input)?;
    if digits.len() > 9 {
        invalid("more than 9 fraction digits")
    } else {
        Ok((rest, digits))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_fast_path_reads_as_the_grammar_does() {
        use super::super::grammar::any_date;
        // (input, whether the fast path takes it)
        let cases = [
            ("Tue,  3 Dec 2024 09:15:02 +0000 (UTC)", true),
            (
                "Tue, 03 Dec 2024 01:15:02 -0800 (PST)\n\t(using TLSv1.3)",
                true,
            ),
            ("Tue, 3 Dec 2024 09:15:03 +0000", true),
            ("3 Dec 2024 09:15:02 -0000", true),
            ("26 May 2025 13:44:26 +0200", true),
            (
                "Thu, 14 Dec 2023 21:13:28 -0500 (envelope-from <a@example.net>)",
                true,
            ),
            ("Mon, 13 Dec 2021 14:00:38 +0100 ", true),
            ("Tue, 3 Dec 2024 01:15:02 -0800 PST", true),
            ("Wed, 31 Feb 2024 09:15:02 +0000", true),
            ("Tue, 3 Dec 2024 25:15:02 +0000", true),
            ("Tue, 3 Dec 2024 09:15:02 +0000 (Eire) x", true),
            ("Tue,   3 Dec 2024 09:15:02 +0000", false),
            ("Tue 3 Dec 2024 09:15:02 +0000", false),
            ("tue, 3 dec 2024 09:15:02 +0000", false),
            ("Tue, 3 Dec 2024 09:15:02.123 +0000", false),
            ("Tue, 3 Dec 2024 09:15 +0000", false),
            ("Tue, 3 Dec 2024 09:15:02 GMT", false),
            ("Tue, 3 Dec 2024 09:15:02 +01:00", false),
            ("Tue, 3 Dec 2024 09:15:02 +00000", false),
            ("Tue, 3 Dec 20245 09:15:02 +0000", false),
            ("Tue, 3 Dec 24 09:15:02 +0000", false),
            ("Tue, 123 Dec 2024 09:15:02 +0000", false),
            ("mer, 13 déc 2023 09:15:02 +0100", false),
            ("2024-12-03 09:15:02.123456789 +0000 UTC", false),
            ("Tue Dec  3 09:15:02 2024", false),
            ("Tu", false),
            ("", false),
        ];
        for (input, fast) in cases {
            let quick = common_date_time(input);
            assert_eq!(quick.is_some(), fast, "{input:?}");
            if let Some((rest, fields)) = quick {
                let (slow_rest, slow_fields) = any_date(input).expect("the grammar reads it too");
                assert_eq!((rest, fields), (slow_rest, slow_fields), "{input:?}");
            }
        }
    }

    use super::super::grammar::test_support::{bad, check, clock, fields, no, offset};
    use super::*;

    #[test]
    #[rustfmt::skip]
    fn day_names() {
        check(day_of_week, &[
            ("Tue, 3", Ok((" 3", "Tue"))),
            ("tuesday , 3", Ok((" 3", "tuesday"))),
            ("SUN,", Ok(("", "SUN"))),
            ("mer, 13", bad("day name is not English")),
            ("Di, 12", bad("day name is not English")),
            ("Tue 3", no()),
            ("Tue", no()),
            ("3 Dec", no()),
        ]);
        check(day_name, &[
            ("Thu Dec", Ok((" Dec", "Thu"))),
            ("Wednesday", Ok(("", "Wednesday"))),
            ("Tues", no()),
            ("Tuesdays", no()),
        ]);
        check(bare_day_name, &[
            ("Tue 3 Dec", Ok(("3 Dec", "Tue"))),
            ("Tue Dec", no()),
        ]);
    }

    #[test]
    #[rustfmt::skip]
    fn days_months_years() {
        check(day, &[
            ("3 Dec", Ok((" Dec", 3))),
            ("03 Dec", Ok((" Dec", 3))),
            ("31", Ok(("", 31))),
            ("123", no()),
            ("Dec", no()),
        ]);
        check(month, &[
            ("Dec 2024", Ok((" 2024", 12))),
            ("dec 2024", Ok((" 2024", 12))),
            ("December 2024", Ok((" 2024", 12))),
            ("Sept 2024", Ok((" 2024", 9))),
            ("MAY", Ok(("", 5))),
            ("déc 2023", bad("month name is not English")),
            ("Dez 2023", bad("month name is not English")),
            ("things to do", no()),
            ("Decembre", no()),
            ("2024", no()),
        ]);
        check(year, &[
            ("2024 09", Ok((" 09", 2024))),
            ("24 ", Ok((" ", 2024))),
            ("00", Ok(("", 2000))),
            ("49", Ok(("", 2049))),
            ("50", Ok(("", 1950))),
            ("99", Ok(("", 1999))),
            ("124", Ok(("", 2024))),
            ("0000", Ok(("", 0))),
            ("99999", Ok(("", 99999))),
            ("99999999999999999999", Ok(("", u32::MAX))),
            ("999999999999999999999", bad("year beyond 9999")),
            ("7 ", bad("year has one digit")),
            ("x", no()),
        ]);
        check(date, &[
            ("3 Dec 2024 09", Ok((" 09", (3, 12, 2024)))),
            ("3 Dec\n 2024 x", Ok((" x", (3, 12, 2024)))),
            ("3 (c) Dec 24", Ok(("", (3, 12, 2024)))),
            ("3 Dec", bad("no year after the month")),
            ("3Dec 2024", no()),
            ("13 déc 2023", bad("month name is not English")),
            ("12 things", no()),
        ]);
    }

    #[test]
    #[rustfmt::skip]
    fn times_of_day() {
        check(time_of_day, &[
            ("09:15:02 +0000", Ok((" +0000", clock(9, 15, 2, "")))),
            ("12: 31: 43 x", Ok((" x", clock(12, 31, 43, "")))),
            ("9:05 +0000", Ok((" +0000", clock(9, 5, 0, "")))),
            ("09:15:01.987 +0000", Ok((" +0000", clock(9, 15, 1, "987")))),
            ("09:15:02.50", Ok(("", clock(9, 15, 2, "50")))),
            ("09:15:02.123456789 ", Ok((" ", clock(9, 15, 2, "123456789")))),
            ("09:15:02.1234567890", bad("more than 9 fraction digits")),
            ("09:15:02.x", Ok((".x", clock(9, 15, 2, "")))),
            ("09:15.5", Ok((".5", clock(9, 15, 0, "")))),
            ("25:61:61", Ok(("", clock(25, 61, 61, "")))),
            ("09:1", bad("minute is not two digits")),
            ("09:15:2", bad("second is not two digits")),
            ("09 15", no()),
            ("123:00", no()),
        ]);
        check(hour, &[("9:", Ok((":", 9))), ("09:", Ok((":", 9))), ("093", no())]);
        check(minute, &[("05:", Ok((":", 5))), ("5:", no())]);
        check(second, &[("60 ", Ok((" ", 60))), ("6 ", no())]);
        check(time_secfrac, &[(".987 ", Ok((" ", "987"))), (".", no()), ("987", no())]);
    }

    #[test]
    #[rustfmt::skip]
    fn times_with_zones() {
        let t = clock(9, 15, 2, "");
        let yandex = "\n\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits))";
        check(time, &[
            ("09:15:02 +0000 (UTC)", Ok(("", (t, offset(false, 0, 0))))),
            ("09:15:02 +0000\n\t(UTC) x", Ok((" x", (t, offset(false, 0, 0))))),
            ("09:15:02 +0300\n\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits))", Ok((yandex, (t, offset(false, 3, 0))))),
            ("09:15:02 -0800 PST (PST)", Ok(("", (t, offset(true, 8, 0))))),
            ("09:15:02+0000", Ok(("", (t, offset(false, 0, 0))))),
            ("09:15:02 (c) GMT", Ok(("", (t, Zone::Named(0))))),
            ("09:15:02", Ok(("", (t, Zone::Missing)))),
            ("09:15:02 (UTC)", Ok(("", (t, Zone::Missing)))),
            ("09:15:02 id abc", Ok((" id abc", (t, Zone::Missing)))),
            ("09:15:02 (envelope-from <a@example.com>)", Ok((" (envelope-from <a@example.com>)", (t, Zone::Missing)))),
            ("09:15:02 +1", bad("zone offset is not four digits")),
        ]);
    }

    #[test]
    #[rustfmt::skip]
    fn date_times() {
        let t = clock(9, 15, 2, "");
        let utc = offset(false, 0, 0);
        check(date_time, &[
            ("Tue,  3 Dec 2024 09:15:02 +0000 x", Ok((" x", fields((2024, 12, 3), t, utc)))),
            ("Tue 3 Dec 2024 09:15:02 +0000", Ok(("", fields((2024, 12, 3), t, utc)))),
            ("3 Dec 2024 09:15:02 -0000", Ok(("", fields((2024, 12, 3), t, offset(true, 0, 0))))),
            ("Tue, 3 Dec\r\n 2024 09:15:02 GMT", Ok(("", fields((2024, 12, 3), t, Zone::Named(0))))),
            ("Tue, blah", bad("no date after the day name")),
            ("Tue, 3 Dec 2024", bad("no time of day after the date")),
            ("Tue, 3 Dec 2024 x", bad("no time of day after the date")),
            ("Tue Dec  3 09:15:02 2024", no()),
            ("hello", no()),
        ]);
    }
}
