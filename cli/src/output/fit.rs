//! Fitting a table's cells to a terminal width by breaking them where a reader expects it.
//!
//! Left to itself, a table shares a narrow terminal out evenly and splits whatever is too long
//! at the last character that fits: `smtp.example.o` over `rg`. Here the columns that can wrap
//! share what the others leave in proportion to what they hold, and a value is broken after a
//! dot, dash, underscore, colon, slash or space — between the labels of a host name or the
//! parts of a cipher suite — and split inside a part only when that part alone is wider than
//! its column.

use unicode_width::UnicodeWidthStr;

/// The narrowest a wrapping column is made, however narrow the terminal: below this a host
/// name is more breaks than text.
const MIN_WIDTH: usize = 8;

/// The display width of the widest line of `text`.
pub fn text_width(text: &str) -> usize {
    text.split('\n')
        .map(UnicodeWidthStr::width)
        .max()
        .unwrap_or(0)
}

/// The widths of the columns flagged in `wraps` once the table fits `available` (the width
/// the content of all columns may take, separators already taken off): columns that do not
/// wrap keep their `natural` width, the others share the rest. `None` when everything fits as
/// it is.
pub fn column_widths(natural: &[usize], wraps: &[bool], available: usize) -> Option<Vec<usize>> {
    if natural.iter().sum::<usize>() <= available {
        return None;
    }
    let fixed: usize = natural
        .iter()
        .zip(wraps)
        .filter(|(_, wraps)| !**wraps)
        .map(|(width, _)| width)
        .sum();
    let mut left = available.saturating_sub(fixed);
    let mut widths: Vec<usize> = natural.to_vec();
    // Water-filling: each wrapping column still wanting room gets an equal share; a column
    // that needs less than its share takes what it needs and leaves the rest to the others.
    let mut wanting: Vec<usize> = (0..natural.len()).filter(|&i| wraps[i]).collect();
    while !wanting.is_empty() {
        let share = left / wanting.len();
        let (satisfied, still): (Vec<usize>, Vec<usize>) =
            wanting.iter().partition(|&&i| natural[i] <= share);
        if satisfied.is_empty() {
            for &i in &still {
                widths[i] = share.max(MIN_WIDTH);
            }
            break;
        }
        for &i in &satisfied {
            widths[i] = natural[i];
            left -= natural[i];
        }
        wanting = still;
    }
    Some(widths)
}

/// `text` with each line broken to at most `width` columns.
pub fn wrap(text: &str, width: usize) -> String {
    let width = width.max(1);
    let mut out = String::with_capacity(text.len() + 8);
    for (index, line) in text.split('\n').enumerate() {
        if index > 0 {
            out.push('\n');
        }
        wrap_line(line, width, &mut out);
    }
    out
}

fn wrap_line(line: &str, width: usize, out: &mut String) {
    if line.width() <= width {
        out.push_str(line);
        return;
    }
    let mut current = String::new();
    for part in parts(line) {
        if current.width() + part.width() <= width {
            current.push_str(part);
            continue;
        }
        if !current.is_empty() {
            push_line(out, &current);
            current.clear();
        }
        let part = part.trim_start_matches(' ');
        if part.width() <= width {
            current.push_str(part);
        } else {
            // A part wider than the column: split it by character, as nothing else can.
            for ch in part.chars() {
                let mut buffer = [0; 4];
                let ch_text = ch.encode_utf8(&mut buffer);
                if !current.is_empty() && current.width() + ch_text.width() > width {
                    push_line(out, &current);
                    current.clear();
                }
                current.push(ch);
            }
        }
    }
    if !current.is_empty() {
        push_line(out, &current);
    }
    // The last line needs no break after it.
    if out.ends_with('\n') {
        out.pop();
    }
}

fn push_line(out: &mut String, line: &str) {
    out.push_str(line.trim_end_matches(' '));
    out.push('\n');
}

/// `line` cut after each character a line may break after; the pieces join back to `line`.
fn parts(line: &str) -> impl Iterator<Item = &str> {
    let mut rest = line;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = rest
            .char_indices()
            .find(|&(_, c)| matches!(c, '.' | '-' | '_' | ':' | '/' | ' '))
            .map_or(rest.len(), |(at, c)| at + c.len_utf8());
        let (part, after) = rest.split_at(end);
        rest = after;
        Some(part)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaks_host_names_between_labels() {
        assert_eq!(wrap("smtp.example.org", 12), "smtp.\nexample.org");
        assert_eq!(wrap("smtp.example.org", 16), "smtp.example.org");
        assert_eq!(
            wrap("mail-eopbgr800052.outbound.protection.outlook.com", 20),
            "mail-eopbgr800052.\noutbound.protection.\noutlook.com"
        );
    }

    #[test]
    fn breaks_cipher_suites_between_parts_and_before_the_bits() {
        assert_eq!(
            wrap("TLS_AES_256_GCM_SHA384 (256)", 16),
            "TLS_AES_256_GCM_\nSHA384 (256)"
        );
        assert_eq!(
            wrap("ECDHE-RSA-AES256-GCM-SHA384 (256)", 28),
            "ECDHE-RSA-AES256-GCM-SHA384\n(256)"
        );
    }

    #[test]
    fn splits_inside_a_part_only_when_it_is_wider_than_the_column() {
        assert_eq!(wrap("abcdefghij.k", 4), "abcd\nefgh\nij.k");
        assert_eq!(wrap("2001:db8::1", 5), "2001:\ndb8::\n1");
    }

    #[test]
    fn keeps_every_character_and_the_lines_given() {
        for text in [
            "a.b-c_d:e/f g",
            "scanner.example.org.\n203.0.113.77",
            "日本語.example",
            "",
        ] {
            for width in 1..12 {
                let wrapped = wrap(text, width);
                assert_eq!(
                    wrapped.replace(['\n', ' '], ""),
                    text.replace(['\n', ' '], ""),
                    "{text:?} at {width}"
                );
                for line in wrapped.split('\n') {
                    // A double-width character alone may stand in a column of 1.
                    assert!(line.width() <= width.max(2), "{line:?} at {width}");
                }
            }
        }
    }

    #[test]
    fn shares_room_by_need() {
        // Everything fits: nothing to do.
        assert_eq!(column_widths(&[3, 10, 20], &[false, true, true], 40), None);
        // A column that needs less than its share keeps its width; the other takes the rest.
        assert_eq!(
            column_widths(&[3, 6, 30, 30], &[false, true, true, true], 40),
            Some(vec![3, 6, 15, 15])
        );
        // A terminal too narrow for anything still gives each wrapping column a few characters.
        assert_eq!(
            column_widths(&[30, 30], &[false, true], 20),
            Some(vec![30, MIN_WIDTH])
        );
    }
}
