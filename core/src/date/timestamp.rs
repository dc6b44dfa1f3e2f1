//! [`Timestamp`] and the range checks that turn the raw parts of a date into one.

use std::fmt;

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use super::ZoneNote;
use super::grammar::{Fields, Zone};

/// A point in time as a Received line wrote it: keeps the offset as written and the fraction
/// digit for digit.
///
/// Equality compares the representation: the same instant written with two offsets gives two
/// different values with equal [`Timestamp::unix_seconds`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timestamp {
    /// Local date and time, whole seconds; a leap second is stored as :59 with `leap_second`.
    local: NaiveDateTime,
    leap_second: bool,
    /// Minutes east of UTC; 0 when the offset is unknown.
    offset_minutes: i32,
    /// `-0000`, a military letter, an unknown zone name, or no zone.
    offset_unknown: bool,
    /// The digits after the decimal point as written (at most 9), empty when none.
    fraction: String,
}

impl Timestamp {
    /// RFC 3339 with the offset as written: `"2024-12-03T09:15:02+00:00"`, `"...-00:00"` for an
    /// unknown offset, fraction as written `"09:15:01.987"`.
    pub fn to_rfc3339(&self) -> String {
        let (date, time) = (self.local.date(), self.local.time());
        let Ok(year @ 0..=9999) = u32::try_from(date.year()) else {
            // `build` never makes such a year; the general formatter handles it all the same.
            return self.formatted();
        };
        // Every hop of every report has one: digits are pushed by hand, which costs a tenth of
        // the formatting machinery's work.
        let mut out = String::with_capacity(26 + self.fraction.len());
        let two = |out: &mut String, n: u32| {
            out.push(char::from(b'0' + (n / 10 % 10) as u8));
            out.push(char::from(b'0' + (n % 10) as u8));
        };
        two(&mut out, year / 100);
        two(&mut out, year % 100);
        out.push('-');
        two(&mut out, date.month());
        out.push('-');
        two(&mut out, date.day());
        out.push('T');
        two(&mut out, time.hour());
        out.push(':');
        two(&mut out, time.minute());
        out.push(':');
        two(&mut out, if self.leap_second { 60 } else { time.second() });
        if !self.fraction.is_empty() {
            out.push('.');
            out.push_str(&self.fraction);
        }
        if self.offset_unknown {
            out.push_str("-00:00");
            return out;
        }
        out.push(if self.offset_minutes < 0 { '-' } else { '+' });
        let minutes = self.offset_minutes.unsigned_abs();
        two(&mut out, minutes / 60);
        out.push(':');
        two(&mut out, minutes % 60);
        out
    }

    /// [`Timestamp::to_rfc3339`] through the formatting machinery: the reference it is held to.
    fn formatted(&self) -> String {
        let (date, time) = (self.local.date(), self.local.time());
        let second = if self.leap_second { 60 } else { time.second() };
        let mut out = format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            date.year(),
            date.month(),
            date.day(),
            time.hour(),
            time.minute(),
            second
        );
        if !self.fraction.is_empty() {
            out.push('.');
            out.push_str(&self.fraction);
        }
        if self.offset_unknown {
            out.push_str("-00:00");
            return out;
        }
        let sign = if self.offset_minutes < 0 { '-' } else { '+' };
        let minutes = self.offset_minutes.unsigned_abs();
        out.push_str(&format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60));
        out
    }

    /// Whole seconds since the Unix epoch in UTC (fraction dropped); an unknown offset counts as
    /// UTC (RFC 5322 says the time is UT).
    pub fn unix_seconds(&self) -> i64 {
        self.local.and_utc().timestamp() + i64::from(self.leap_second)
            - i64::from(self.offset_minutes) * 60
    }

    /// The offset in minutes east of UTC (`-0800` → -480); 0 when the offset is unknown.
    pub fn offset_minutes(&self) -> i32 {
        self.offset_minutes
    }

    /// Whether the offset is unknown (`-0000`, a military letter, an unknown name, no zone).
    pub fn offset_is_unknown(&self) -> bool {
        self.offset_unknown
    }

    /// The fraction of a second as written, without the dot (`"987"`), empty when none.
    pub fn fraction_digits(&self) -> &str {
        &self.fraction
    }

    /// Whether the seconds were written as 60.
    pub fn is_leap_second(&self) -> bool {
        self.leap_second
    }
}

impl fmt::Display for Timestamp {
    /// The same text as [`Timestamp::to_rfc3339`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

/// The range checks: a real calendar date, a real time of day, a real offset.
pub(super) fn build(fields: &Fields<'_>) -> Result<(Timestamp, ZoneNote), &'static str> {
    let year = i32::try_from(fields.year)
        .ok()
        .filter(|year| *year <= 9999)
        .ok_or("year beyond 9999")?;
    if !(1..=12).contains(&fields.month) {
        return Err("month out of range");
    }
    let date = NaiveDate::from_ymd_opt(year, fields.month, fields.day)
        .ok_or("no such day in that month")?;

    let clock = fields.clock;
    if clock.hour > 23 {
        return Err("hour out of range");
    }
    if clock.minute > 59 {
        return Err("minute out of range");
    }
    if clock.second > 60 {
        return Err("second out of range");
    }

    let (offset_minutes, offset_unknown, note) = match fields.zone {
        Zone::Numeric {
            negative,
            hours,
            minutes,
        } => {
            if hours > 23 || minutes > 59 {
                return Err("zone offset out of range");
            }
            let total =
                i32::try_from(hours * 60 + minutes).map_err(|_| "zone offset out of range")?;
            let unknown = negative && total == 0;
            (
                if negative { -total } else { total },
                unknown,
                ZoneNote::None,
            )
        }
        Zone::Named(minutes) => (minutes, false, ZoneNote::None),
        Zone::Unknown | Zone::Missing => (0, true, ZoneNote::Unknown),
    };

    let leap_second = clock.second == 60;
    if leap_second {
        let local_minute = i64::from(clock.hour * 60 + clock.minute);
        let utc_minute = (local_minute - i64::from(offset_minutes)).rem_euclid(24 * 60);
        if utc_minute != 24 * 60 - 1 {
            return Err("second 60 outside a leap second (23:59:60 UTC)");
        }
    }
    let time = NaiveTime::from_hms_opt(clock.hour, clock.minute, clock.second.min(59))
        .ok_or("not a real time of day")?;

    let timestamp = Timestamp {
        local: NaiveDateTime::new(date, time),
        leap_second,
        offset_minutes,
        offset_unknown,
        fraction: clock.fraction.to_owned(),
    };
    Ok((timestamp, note))
}

#[cfg(test)]
mod tests {
    use super::super::parse_header_date;
    use super::*;

    fn timestamp(text: &str) -> Option<Timestamp> {
        parse_header_date(text).ok().map(|p| p.timestamp)
    }

    #[test]
    fn unix_seconds_across_offsets() {
        // 2024-12-03T09:15:02Z, written nine ways; an unknown offset counts as UTC.
        let same_instant = [
            "Tue, 3 Dec 2024 09:15:02 +0000",
            "Tue, 3 Dec 2024 09:15:02 -0000",
            "Tue, 3 Dec 2024 09:15:02 GMT",
            "Tue, 3 Dec 2024 09:15:02",
            "Tue, 3 Dec 2024 01:15:02 -0800",
            "Tue, 3 Dec 2024 01:15:02 PST",
            "Tue, 3 Dec 2024 14:45:02 +0530",
            "Mon, 2 Dec 2024 23:15:02 -1000",
            "2024-12-03 09:15:02.999999999 +0000 UTC",
        ];
        for text in same_instant {
            let seconds = timestamp(text).map(|t| t.unix_seconds());
            assert_eq!(seconds, Some(1_733_217_302), "{text}");
        }
        let utc = timestamp("Tue, 3 Dec 2024 09:15:02 +0000");
        let pst = timestamp("Tue, 3 Dec 2024 01:15:02 -0800");
        assert_ne!(utc, pst, "equality compares the representation");
    }

    #[test]
    #[rustfmt::skip]
    fn unix_seconds_at_the_edges() {
        let cases = [
            // A leap second counts as the first second of the next minute.
            ("Sat, 31 Dec 2016 23:59:60 +0000", 1_483_228_800),
            ("Sun, 1 Jan 2017 00:00:00 +0000", 1_483_228_800),
            ("1 Jan 1970 00:00:00 +0000", 0),
            ("31 Dec 1969 23:59:59 +0000", -1),
            ("1 Jan 0000 00:00:00 +0000", -62_167_219_200),
            ("31 Dec 9999 23:59:59 -2359", 253_402_300_799 + 86_340),
        ];
        for (text, seconds) in cases {
            assert_eq!(timestamp(text).map(|t| t.unix_seconds()), Some(seconds), "{text}");
        }
    }

    #[test]
    #[rustfmt::skip]
    fn accessors() {
        // (text, offset minutes, offset unknown, fraction, leap second, RFC 3339)
        let cases = [
            ("3 Dec 2024 09:15:02 -0800", -480, false, "", false, "2024-12-03T09:15:02-08:00"),
            ("3 Dec 2024 09:15:02 +0530", 330, false, "", false, "2024-12-03T09:15:02+05:30"),
            ("3 Dec 2024 09:15:02 -0000", 0, true, "", false, "2024-12-03T09:15:02-00:00"),
            ("3 Dec 2024 09:15:02 +0000", 0, false, "", false, "2024-12-03T09:15:02+00:00"),
            ("3 Dec 2024 09:15:02 X", 0, true, "", false, "2024-12-03T09:15:02-00:00"),
            ("3 Dec 2024 09:15:02.50 EDT", -240, false, "50", false, "2024-12-03T09:15:02.50-04:00"),
            ("31 Dec 2016 23:59:60.25 UT", 0, false, "25", true, "2016-12-31T23:59:60.25+00:00"),
            ("1 Jan 0001 00:00:00 +0000", 0, false, "", false, "0001-01-01T00:00:00+00:00"),
        ];
        for (text, minutes, unknown, fraction, leap, rfc3339) in cases {
            let got = timestamp(text).map(|t| {
                assert_eq!(t.to_string(), t.to_rfc3339(), "{text}");
                assert_eq!(t.formatted(), t.to_rfc3339(), "{text}");
                (t.offset_minutes(), t.offset_is_unknown(), t.fraction_digits().to_owned(), t.is_leap_second(), t.to_rfc3339())
            });
            assert_eq!(got, Some((minutes, unknown, fraction.to_owned(), leap, rfc3339.to_owned())), "{text}");
        }
    }
}
