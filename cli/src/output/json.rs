//! `--format json` (one array, printed element by element as reports come) and `--format
//! ndjson` (one compact object per line).

use std::io::{self, Write};

use hoptls_core::Report;

pub fn write_line(out: &mut impl Write, report: &Report) -> io::Result<()> {
    serde_json::to_writer(&mut *out, report)?;
    out.write_all(b"\n")
}

/// Writes one element of a pretty-printed array, opening the array before the first.
pub fn write_array_element(out: &mut impl Write, report: &Report, first: bool) -> io::Result<()> {
    out.write_all(if first { b"[\n" } else { b",\n" })?;
    let pretty = serde_json::to_string_pretty(report)?;
    // JSON strings hold no raw line breaks, so indenting every line is safe.
    for (index, line) in pretty.lines().enumerate() {
        if index > 0 {
            out.write_all(b"\n")?;
        }
        out.write_all(b"  ")?;
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

pub fn close_array(out: &mut impl Write, empty: bool) -> io::Result<()> {
    out.write_all(if empty { b"[]\n" } else { b"\n]\n" })
}
