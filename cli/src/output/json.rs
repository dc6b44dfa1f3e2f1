//! `--format json` (one array, printed element by element as reports come) and `--format
//! ndjson` (one compact object per line). Reports are rendered on the worker threads; the
//! printer only adds the array's brackets and commas.

use std::io::{self, Write};

use hoptls_core::Report;

/// What an NDJSON line is given at first.
const LINE_CAPACITY: usize = 8 * 1024;

/// One NDJSON line, with its line break.
pub fn render_line(report: &Report) -> serde_json::Result<Vec<u8>> {
    // A report is 5 to 8 KB of JSON: one allocation of that size instead of a dozen
    // doublings, each copying what was written so far.
    let mut out = Vec::with_capacity(LINE_CAPACITY);
    super::compact::write_report(&mut out, report);
    out.push(b'\n');
    Ok(out)
}

/// One element of a pretty-printed array, indented by two spaces, without separator.
pub fn render_array_element(report: &Report) -> serde_json::Result<Vec<u8>> {
    let pretty = serde_json::to_string_pretty(report)?;
    let mut out = Vec::with_capacity(pretty.len() + pretty.len() / 8);
    // JSON strings hold no raw line breaks, so indenting every line is safe.
    for (index, line) in pretty.lines().enumerate() {
        if index > 0 {
            out.push(b'\n');
        }
        out.extend_from_slice(b"  ");
        out.extend_from_slice(line.as_bytes());
    }
    Ok(out)
}

/// Writes the separator before an element: the array's opening before the first.
pub fn open_element(out: &mut impl Write, first: bool) -> io::Result<()> {
    out.write_all(if first { b"[\n" } else { b",\n" })
}

pub fn close_array(out: &mut impl Write, empty: bool) -> io::Result<()> {
    out.write_all(if empty { b"[]\n" } else { b"\n]\n" })
}
