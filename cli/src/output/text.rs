//! Making attacker-controlled text safe and short for a terminal.

use std::fmt::Write as _;

/// Replaces control characters (terminal escape sequences among them) with visible escapes, so
/// that a header can never move the cursor, change colours or retitle the terminal; bidi
/// controls (the Arabic letter mark included) and the Unicode line and paragraph separators
/// too, so that it can never reorder or break the lines around it.
pub fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control()
            || matches!(
                c,
                '\u{061C}'
                    | '\u{200B}'..='\u{200F}'
                    | '\u{202A}'..='\u{202E}'
                    | '\u{2066}'..='\u{2069}'
                    | '\u{2028}'
                    | '\u{2029}'
            )
        {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

/// A signed duration as people read it: `2 s`, `-1 min 5 s`, `3 h 2 min`, `2 d 4 h`.
pub fn duration(seconds: i64) -> String {
    let sign = if seconds < 0 { "-" } else { "" };
    let s = seconds.unsigned_abs();
    let text = match s {
        0..60 => format!("{s} s"),
        60..3600 => match s % 60 {
            0 => format!("{} min", s / 60),
            rest => format!("{} min {rest} s", s / 60),
        },
        3600..86400 => match (s % 3600) / 60 {
            0 => format!("{} h", s / 3600),
            rest => format!("{} h {rest} min", s / 3600),
        },
        _ => match (s % 86400) / 3600 {
            0 => format!("{} d", s / 86400),
            rest => format!("{} d {rest} h", s / 86400),
        },
    };
    format!("{sign}{text}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_control_characters() {
        assert_eq!(printable("mx\u{1b}[31m.example"), "mx\\u{1b}[31m.example");
        assert_eq!(printable("a\u{7}b\u{202e}c"), "a\\u{7}b\\u{202e}c");
        assert_eq!(
            printable("\u{9b}\u{61c}\u{2028}\u{2029}"),
            "\\u{9b}\\u{61c}\\u{2028}\\u{2029}"
        );
        assert_eq!(printable("münchen.example"), "münchen.example");
    }

    #[test]
    fn durations() {
        assert_eq!(duration(0), "0 s");
        assert_eq!(duration(59), "59 s");
        assert_eq!(duration(65), "1 min 5 s");
        assert_eq!(duration(120), "2 min");
        assert_eq!(duration(-65), "-1 min 5 s");
        assert_eq!(duration(3600 * 3 + 120), "3 h 2 min");
        assert_eq!(duration(86400 * 2 + 3600 * 4), "2 d 4 h");
        assert!(duration(i64::MIN).starts_with('-'));
    }
}
