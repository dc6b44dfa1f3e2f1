//! `--format csv`: one row per hop, for spreadsheets and `csvkit`-style tools. RFC 4180: a
//! header row, comma-separated fields, CRLF line ends, and a field quoted (its quotes
//! doubled) when it holds a comma, a quote, a CR or an LF. Text is written as the contract
//! has it, control characters included: quoting keeps them inside their field.
//!
//! A message without Received headers still gets one row, with the hop fields empty, so that
//! every message of the batch appears.

use hoptls_core::{Hop, Report};

/// The columns, in order.
pub const COLUMNS: [&str; 21] = [
    "source",
    "hop",
    "timestamp",
    "delay_seconds",
    "from_name",
    "from_rdns",
    "from_ip",
    "by",
    "with",
    "tls_version",
    "tls_version_raw",
    "tls_cipher",
    "tls_bits",
    "encryption",
    "weak",
    "mta",
    "findings",
    "role",
    "claimed",
    "message_verdict",
    "message_from",
];

/// The header row.
pub fn header() -> Vec<u8> {
    let mut out = Vec::new();
    write_row(&mut out, COLUMNS.iter().copied());
    out
}

/// The rows of one message.
pub fn render(report: &Report) -> Vec<u8> {
    let mut out = Vec::new();
    let verdict = report.summary.verdict.as_str();
    let from = report.message.from.as_deref().unwrap_or("");
    if report.hops.is_empty() {
        let mut fields = vec![""; COLUMNS.len()];
        fields[0] = &report.source;
        fields[COLUMNS.len() - 2] = verdict;
        fields[COLUMNS.len() - 1] = from;
        write_row(&mut out, fields);
        return out;
    }
    for hop in &report.hops {
        let owned = hop_fields(hop);
        let fields = [&report.source as &str]
            .into_iter()
            .chain(owned.iter().map(String::as_str))
            .chain([verdict, from]);
        write_row(&mut out, fields);
    }
    out
}

/// The per-hop columns, from `hop` to `claimed`.
fn hop_fields(hop: &Hop) -> [String; 18] {
    let text = |value: Option<&str>| value.unwrap_or("").to_owned();
    let from = hop.from.as_ref();
    let tls = hop.tls.as_ref();
    [
        hop.index.to_string(),
        text(hop.timestamp.as_deref()),
        hop.delay_seconds.map(|d| d.to_string()).unwrap_or_default(),
        text(from.and_then(|f| f.name.as_deref())),
        text(from.and_then(|f| f.rdns.as_deref())),
        text(from.and_then(|f| f.ip.as_deref())),
        text(hop.by.as_deref()),
        text(hop.with.as_deref()),
        text(tls.and_then(|t| t.version)),
        text(tls.and_then(|t| t.version_raw.as_deref())),
        text(tls.and_then(|t| t.cipher.as_deref())),
        tls.and_then(|t| t.bits)
            .map(|b| b.to_string())
            .unwrap_or_default(),
        hop.encryption.as_str().to_owned(),
        hop.weak.to_string(),
        text(hop.mta),
        hop.findings
            .iter()
            .map(|f| f.code.as_ref())
            .collect::<Vec<_>>()
            .join(" "),
        hop.role.as_str().to_owned(),
        hop.claimed.to_string(),
    ]
}

fn write_row<'a>(out: &mut Vec<u8>, fields: impl IntoIterator<Item = &'a str>) {
    for (index, field) in fields.into_iter().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        quote(out, field);
    }
    out.extend_from_slice(b"\r\n");
}

/// Writes one field, quoted when RFC 4180 requires it.
pub fn quote(out: &mut Vec<u8>, field: &str) {
    if !field.contains([',', '"', '\r', '\n']) {
        out.extend_from_slice(field.as_bytes());
        return;
    }
    out.push(b'"');
    for part in field.split_inclusive('"') {
        out.extend_from_slice(part.as_bytes());
        if part.ends_with('"') {
            out.push(b'"');
        }
    }
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(field: &str) -> String {
        let mut out = Vec::new();
        quote(&mut out, field);
        String::from_utf8(out).expect("UTF-8 in, UTF-8 out")
    }

    #[test]
    fn quotes_only_what_needs_it() {
        assert_eq!(quoted("mx.example.com"), "mx.example.com");
        assert_eq!(quoted(""), "");
        assert_eq!(quoted("a,b"), "\"a,b\"");
        assert_eq!(quoted("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(quoted("\""), "\"\"\"\"");
        assert_eq!(quoted("two\nlines"), "\"two\nlines\"");
        assert_eq!(quoted("cr\r"), "\"cr\r\"");
        assert_eq!(quoted("Microsoft SMTP Server"), "Microsoft SMTP Server");
        assert_eq!(quoted("münchen; x"), "münchen; x");
    }

    /// Reads one RFC 4180 record back, to check that rows round-trip.
    fn parse_record(line: &str) -> Vec<String> {
        let mut fields = vec![String::new()];
        let mut chars = line.chars().peekable();
        let mut in_quotes = false;
        while let Some(c) = chars.next() {
            match (c, in_quotes) {
                ('"', false) => in_quotes = true,
                ('"', true) if chars.peek() == Some(&'"') => {
                    chars.next();
                    fields.last_mut().expect("a field").push('"');
                }
                ('"', true) => in_quotes = false,
                (',', false) => fields.push(String::new()),
                (c, _) => fields.last_mut().expect("a field").push(c),
            }
        }
        fields
    }

    #[test]
    fn rows_round_trip() {
        let awkward = [
            "plain",
            "with, comma",
            "\"quoted\"",
            "line\r\nbreak",
            "",
            "\"",
            ",,",
        ];
        let mut out = Vec::new();
        write_row(&mut out, awkward);
        let line = String::from_utf8(out).expect("UTF-8");
        let record = line.strip_suffix("\r\n").expect("CRLF at the end");
        assert_eq!(parse_record(record), awkward);
    }

    #[test]
    fn a_message_without_hops_has_one_row() {
        let report = hoptls_core::analyze("x.eml", b"Subject: none\nFrom: a@example.org\n\n")
            .expect("a message");
        let rows = String::from_utf8(render(&report)).expect("UTF-8");
        assert_eq!(rows, "x.eml,,,,,,,,,,,,,,,,,,,unknown,a@example.org\r\n");
        assert_eq!(parse_record(rows.trim_end()).len(), COLUMNS.len());
    }
}
