//! The date forms that are not RFC 5322 but turn up in `;`-less Received lines: Go's `time.Time`
//! text (SendGrid; the same rule reads RFC 3339), C's `asctime`, and numeric dates like
//! `11-15-2023`, which are recognised only to be reported as invalid.

use nom::Parser;
use nom::branch::alt;
use nom::bytes::complete::{tag, take_while1};
use nom::character::complete::{char, one_of};
use nom::combinator::{opt, recognize};
use nom::sequence::preceded;

use super::grammar::{Fields, Res, Zone, fws, gap, invalid, is_digit, must, number};
use super::rfc5322::{day, day_name, month, time_of_day, year};
use super::zone::{obs_zone, zone};

/// ```abnf
/// go-time   = full-date ("T" / FWS) time-of-day [[FWS] zone] [FWS monotonic]
/// ```
/// Go's `time.Time.String()`: `2024-12-03 09:15:02.123456789 +0000 UTC m=+1234.5678`, also
/// without `m=`. The same rule reads RFC 3339 (`2024-12-03T09:15:02Z`, `...+01:00`). A
/// four-digit year, month and day commit.
pub(super) fn go_date_time(input: &str) -> Res<'_, Fields<'_>> {
    let (rest, (year, month, day)) = full_date(input)?;
    let (rest, clock) = must(
        "no time of day after the date",
        preceded(alt((tag("T"), tag("t"), fws)), time_of_day),
    )
    .parse(rest)?;
    let (rest, zone) = opt(preceded(opt(fws), zone)).parse(rest)?;
    let (rest, _) = opt(preceded(fws, monotonic)).parse(rest)?;
    Ok((
        rest,
        Fields {
            year,
            month,
            day,
            clock,
            zone: zone.unwrap_or(Zone::Missing),
        },
    ))
}

/// ```abnf
/// full-date = date-fullyear "-" date-month "-" date-mday   ; 4DIGIT "-" 2DIGIT "-" 2DIGIT
/// ```
pub(super) fn full_date(input: &str) -> Res<'_, (u32, u32, u32)> {
    (
        number(4, 4),
        char('-'),
        number(2, 2),
        char('-'),
        number(2, 2),
    )
        .map(|(year, _, month, _, day)| (year, month, day))
        .parse(input)
}

/// ```abnf
/// monotonic = "m=" ( "+" / "-" ) 1*DIGIT [ "." 1*DIGIT ]
/// ```
/// Go's monotonic clock reading: read and ignored.
pub(super) fn monotonic(input: &str) -> Res<'_, &str> {
    recognize((
        tag("m="),
        one_of("+-"),
        take_while1(is_digit),
        opt((char('.'), take_while1(is_digit))),
    ))
    .parse(input)
}

/// ```abnf
/// asctime = day-name SP month SP ( SP DIGIT / 2DIGIT ) SP time-of-day SP 4DIGIT
/// ```
/// C's `asctime()`, `Tue Dec  3 09:15:02 2024`: no zone, so [`Zone::Missing`]. Read leniently
/// (any blanks; date(1)'s zone name before the year, `... 09:15:02 UTC 2024`, is read too). A
/// day name and a month commit.
pub(super) fn asctime(input: &str) -> Res<'_, Fields<'_>> {
    let (rest, month) = preceded((day_name, gap), month).parse(input)?;
    let (rest, (_, day, _, clock, zone, _, year)) = must(
        "not an asctime date",
        (
            gap,
            day,
            gap,
            time_of_day,
            opt(preceded(gap, obs_zone)),
            gap,
            year,
        ),
    )
    .parse(rest)?;
    Ok((
        rest,
        Fields {
            year,
            month,
            day,
            clock,
            zone: zone.unwrap_or(Zone::Missing),
        },
    ))
}

/// ```abnf
/// numeric-date = 1*2DIGIT date-sep 1*2DIGIT date-sep (4DIGIT / 2DIGIT) /
///                4DIGIT date-sep 1*2DIGIT date-sep 1*2DIGIT
/// date-sep     = "-" / "/" / "."
/// ```
/// `11-15-2023`, `15.11.2023`, `2023/11/15`: a date, but not one RFC 5322 allows, and the order
/// of day and month cannot be known. Always invalid.
pub(super) fn numeric_date(input: &str) -> Res<'_, Fields<'_>> {
    let day_first = (
        number(1, 2),
        one_of("-/."),
        number(1, 2),
        one_of("-/."),
        alt((number(4, 4), number(2, 2))),
    );
    let year_first = (
        number(4, 4),
        one_of("-/."),
        number(1, 2),
        one_of("-/."),
        number(1, 2),
    );
    alt((day_first, year_first)).parse(input)?;
    invalid("numeric date, not RFC 5322")
}

#[cfg(test)]
mod tests {
    use super::super::grammar::test_support::{bad, check, clock, fields, no, offset};
    use super::*;

    #[test]
    #[rustfmt::skip]
    fn go_times() {
        let t = clock(9, 15, 2, "");
        let nano = clock(9, 15, 2, "123456789");
        let utc = offset(false, 0, 0);
        check(go_date_time, &[
            ("2024-12-03 09:15:02.123456789 +0000 UTC m=+1234567.891011121 x", Ok((" x", fields((2024, 12, 3), nano, utc)))),
            ("2024-12-03 09:15:02.123456789 +0000 UTC", Ok(("", fields((2024, 12, 3), nano, utc)))),
            ("2024-12-03 09:15:02 +0300 +03 m=-0.5", Ok(("", fields((2024, 12, 3), t, offset(false, 3, 0))))),
            ("2024-12-03T09:15:02Z", Ok(("", fields((2024, 12, 3), t, Zone::Named(0))))),
            ("2024-12-03T09:15:02+01:00", Ok(("", fields((2024, 12, 3), t, offset(false, 1, 0))))),
            ("2024-12-03 09:15:02", Ok(("", fields((2024, 12, 3), t, Zone::Missing)))),
            ("2024-12-03", bad("no time of day after the date")),
            ("2024-12", no()),
        ]);
        check(full_date, &[
            ("2024-12-03 09", Ok((" 09", (2024, 12, 3)))),
            ("2024-12-3", no()),
            ("20241-12-03", no()),
        ]);
        check(monotonic, &[
            ("m=+1234.5678 x", Ok((" x", "m=+1234.5678"))),
            ("m=-1", Ok(("", "m=-1"))),
            ("m=1", no()),
        ]);
    }

    #[test]
    #[rustfmt::skip]
    fn asctimes() {
        let t = clock(9, 15, 2, "");
        check(asctime, &[
            ("Tue Dec  3 09:15:02 2024 x", Ok((" x", fields((2024, 12, 3), t, Zone::Missing)))),
            ("Tue Dec 3 09:15:02 UTC 2024", Ok(("", fields((2024, 12, 3), t, Zone::Named(0))))),
            ("Tue Dec  3 09:15:02", bad("not an asctime date")),
            ("Tue déc 3 09:15:02 2024", bad("month name is not English")),
            ("Tue, Dec 3", no()),
        ]);
    }

    #[test]
    #[rustfmt::skip]
    fn numeric_dates() {
        check(numeric_date, &[
            ("11-15-2023", bad("numeric date, not RFC 5322")),
            ("15.11.2023 10:00", bad("numeric date, not RFC 5322")),
            ("2023/11/15", bad("numeric date, not RFC 5322")),
            ("11/15/23", bad("numeric date, not RFC 5322")),
            ("192.0.2.1", no()),
            ("1-2", no()),
        ]);
    }
}
