//! `--format table`: per message a heading, a table of hops (origin first), the verdict and the
//! findings. Every value from the message goes through [`printable`] first.

use std::fmt::Write as _;

use chrono::DateTime;
use comfy_table::{Cell, Color, ContentArrangement, LineStyle, Table, TableStyle};
use hoptls_core::{Encryption, Finding, Hop, Report, Verdict};

use super::fit;
use super::text::{duration, printable};

/// Lines under the header and between hops, none between columns: width goes to the content.
const HOP_TABLE: TableStyle = TableStyle::new()
    .header_separator(LineStyle::none().fill('─').junction('─'))
    .row_separator(LineStyle::none().fill('╌').junction('╌'));

/// Seven columns, so that at 80 characters the hosts and the cipher have room: the TLS
/// version sits over the cipher, and the protocol (`with`) under the encryption it speaks of.
const HEADER: [&str; 7] = [
    "#",
    "time (UTC)",
    "delay",
    "from",
    "by",
    "TLS",
    "encryption",
];

/// The columns that wrap when the table is too wide: the two hosts, the TLS column and the
/// state with its protocol (some writers put a whole sentence after `with`). The others are
/// short by nature and keep their width.
const WRAPS: [bool; 7] = [false, false, false, true, true, true, true];

/// The column of the encryption state, the one coloured.
const STATE_COLUMN: usize = 6;

/// The colour of an encryption state: green for TLS, yellow for weak TLS, red for plaintext,
/// blue for local, magenta for a hop that does not say.
fn encryption_color(encryption: Encryption, weak: bool) -> Color {
    match (encryption, weak) {
        (Encryption::Tls, false) => Color::Green,
        (Encryption::Tls, true) => Color::Yellow,
        (Encryption::Plaintext, _) => Color::Red,
        (Encryption::Local, _) => Color::Blue,
        (Encryption::Unknown, _) => Color::Magenta,
    }
}

/// The ANSI colour of a verdict, as its worst hop's encryption is coloured.
pub fn verdict_ansi(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Encrypted => "\x1b[1;32m",
        Verdict::Weak => "\x1b[1;33m",
        Verdict::Plaintext => "\x1b[1;31m",
        Verdict::Unknown => "\x1b[1;35m",
    }
}

pub const ANSI_RESET: &str = "\x1b[0m";

pub fn render(report: &Report, width: Option<u16>, color: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", heading(report));
    if report.hops.is_empty() {
        out.push_str("no Received headers\n");
    } else {
        let mut rows = Vec::with_capacity(report.hops.len());
        let mut previous_day = None;
        for hop in &report.hops {
            let time = hop.timestamp.as_deref().and_then(utc_time);
            let shown = match &time {
                Some((day, clock)) if previous_day.as_ref() != Some(day) => {
                    format!("{day}\n{clock}")
                }
                Some((_, clock)) => clock.clone(),
                None => "-".to_owned(),
            };
            previous_day = time.map(|(day, _)| day).or(previous_day);
            rows.push(row(hop, shown));
        }
        if let Some(width) = width {
            fit_rows(&mut rows, width);
        }
        let mut table = Table::new();
        table
            .load_style(HOP_TABLE)
            // The cells are broken to fit already (`fit_rows`), at the places a reader expects.
            .set_content_arrangement(ContentArrangement::Disabled)
            .set_header(HEADER);
        for column in table.column_iter_mut() {
            // One space between columns: at 80 columns every character counts.
            column.set_padding((0, 1));
        }
        if color {
            table.enforce_styling();
        }
        for (hop, cells) in report.hops.iter().zip(rows) {
            let cells = cells.into_iter().enumerate().map(|(index, text)| {
                let cell = Cell::new(text);
                if color && index == STATE_COLUMN {
                    cell.fg(encryption_color(hop.encryption, hop.weak))
                } else {
                    cell
                }
            });
            table.add_row(cells);
        }
        let _ = writeln!(out, "{table}");
    }
    let _ = writeln!(out, "{}", verdict_line(report, color));
    for line in trust_lines(report).into_iter().chain(auth_line(report)) {
        let _ = writeln!(out, "  {line}");
    }
    for (place, finding) in findings(report) {
        let _ = writeln!(
            out,
            "  {place}{} {}: {}",
            finding.severity.as_str(),
            printable(&finding.code),
            printable(&finding.message)
        );
    }
    out
}

fn heading(report: &Report) -> String {
    let mut heading = format!("== {}", printable(&report.source));
    if let Some(subject) = &report.message.subject {
        let _ = write!(heading, " — {}", printable(subject));
    }
    if let Some(from) = &report.message.from {
        let _ = write!(heading, " (from {})", printable(from));
    }
    heading
}

/// Breaks the cells of the wrapping columns so that the table is at most `width` wide.
fn fit_rows(rows: &mut [[String; 7]], width: u16) {
    let mut natural = HEADER.map(fit::text_width);
    for row in rows.iter() {
        for (widest, cell) in natural.iter_mut().zip(row) {
            *widest = (*widest).max(fit::text_width(cell));
        }
    }
    // Each column is followed by one space of padding, and each but the last by the (blank)
    // column separator.
    let available = usize::from(width).saturating_sub(2 * HEADER.len() - 1);
    let Some(widths) = fit::column_widths(&natural, &WRAPS, available) else {
        return;
    };
    for row in rows.iter_mut() {
        for (index, cell) in row.iter_mut().enumerate() {
            if WRAPS[index] {
                *cell = fit::wrap(cell, widths[index]);
            }
        }
    }
}

/// The cells of one hop, as text.
fn row(hop: &Hop, time: String) -> [String; 7] {
    let tls = hop.tls.as_ref();
    let version = tls
        .and_then(|t| {
            t.version
                .map(str::to_owned)
                .or_else(|| t.version_raw.clone())
        })
        .unwrap_or_else(|| "-".to_owned());
    let cipher = match tls {
        Some(t) => match (&t.cipher, t.bits) {
            (Some(cipher), Some(bits)) => format!("{cipher} ({bits})"),
            (Some(cipher), None) => cipher.clone(),
            (None, _) => "-".to_owned(),
        },
        None => "-".to_owned(),
    };
    let encryption = match (hop.encryption, hop.weak) {
        (Encryption::Tls, true) => "tls (weak)".to_owned(),
        (encryption, _) => encryption.as_str().to_owned(),
    };
    // A claimed hop is marked: what it says is the sender's word.
    let number = if hop.claimed {
        format!("{}*", hop.index)
    } else {
        hop.index.to_string()
    };
    let tls = match (version.as_str(), cipher.as_str()) {
        ("-", "-") => "-".to_owned(),
        (version, "-") => printable(version),
        (version, cipher) => format!("{}\n{}", printable(version), printable(cipher)),
    };
    let state = match &hop.with {
        Some(with) => format!("{encryption}\nwith {}", printable(with)),
        None => encryption,
    };
    [
        number,
        time,
        hop.delay_seconds.map_or(String::new(), duration),
        sender(hop),
        printable(hop.by.as_deref().unwrap_or("-")),
        tls,
        state,
    ]
}

/// Day and time in UTC (`2024-12-03`, `09:15:02`): one zone, so that a column of times can be
/// compared; the day is shown only when it changes.
fn utc_time(timestamp: &str) -> Option<(String, String)> {
    let time = DateTime::parse_from_rfc3339(timestamp).ok()?.to_utc();
    Some((
        time.format("%Y-%m-%d").to_string(),
        time.format("%H:%M:%S").to_string(),
    ))
}

/// The sending side: the reverse name (else the HELO name) over the address.
fn sender(hop: &Hop) -> String {
    let Some(from) = &hop.from else {
        return "-".to_owned();
    };
    let name = from.rdns.as_deref().or(from.name.as_deref()).map(printable);
    match (name, from.ip.as_deref()) {
        (Some(name), Some(ip)) => format!("{name}\n{ip}"),
        (Some(name), None) => name,
        (None, Some(ip)) => ip.to_owned(),
        (None, None) => "-".to_owned(),
    }
}

fn verdict_line(report: &Report, color: bool) -> String {
    let summary = &report.summary;
    let word = summary.verdict.as_str().to_uppercase();
    let mut line = if color {
        format!(
            "verdict: {}{word}{ANSI_RESET}",
            verdict_ansi(summary.verdict)
        )
    } else {
        format!("verdict: {word}")
    };
    let decided_by = summary
        .weakest_hop
        .and_then(|index| report.hops.get(index - 1));
    let reason = match (summary.verdict, decided_by) {
        (Verdict::Plaintext, Some(hop)) => format!("hop {} travelled in plaintext", hop.index),
        (Verdict::Weak, Some(hop)) => format!("hop {} has weak TLS", hop.index),
        (Verdict::Unknown, Some(hop)) => format!("hop {} does not say how it travelled", hop.index),
        (Verdict::Unknown, None) => "no hop crossed a network".to_owned(),
        (Verdict::Encrypted, _) => "every hop that crossed a network used TLS".to_owned(),
        (_, None) => String::new(),
    };
    if !reason.is_empty() {
        let _ = write!(line, " — {reason}");
    }
    if let Some(version) = summary.weakest_version {
        let _ = write!(line, "; lowest TLS version {version}");
    }
    let _ = write!(
        line,
        "\n  {} hops: {} tls, {} plaintext, {} local, {} unknown",
        summary.hop_count,
        summary.tls_hops,
        summary.plaintext_hops,
        summary.local_hops,
        summary.unknown_hops
    );
    if let Some(total) = summary.total_delay_seconds {
        let _ = write!(line, " · {} in transit", duration(total));
    }
    line
}

/// The trust boundary in words, and the two halves of the verdict when they differ.
fn trust_lines(report: &Report) -> Vec<String> {
    let summary = &report.summary;
    let mut lines = Vec::new();
    match summary.claimed_hops {
        0 => {}
        1 => lines.push(
            "* claimed: hop 1 was written on the sender's side and cannot be checked".to_owned(),
        ),
        n => lines.push(format!(
            "* claimed: hops 1–{n} were written on the sender's side and cannot be checked"
        )),
    }
    lines.push(format!("trust: {}", printable(&report.trust.explanation)));
    if let Some(claimed) = summary
        .claimed_verdict
        .filter(|c| *c != summary.trusted_verdict)
    {
        lines.push(format!(
            "trusted part: {} · claimed part: {}",
            summary.trusted_verdict.as_str(),
            claimed.as_str()
        ));
    }
    lines
}

/// The trusted SPF, DKIM and DMARC results, and how many results were not trusted.
fn auth_line(report: &Report) -> Option<String> {
    if report.auth.is_empty() {
        return None;
    }
    let summary = &report.summary;
    let result = |value: &Option<String>| value.as_deref().map_or("-".to_owned(), printable);
    let mut line = format!(
        "authentication (trusted): spf {} · dkim {} · dmarc {}",
        result(&summary.spf),
        result(&summary.dkim),
        result(&summary.dmarc)
    );
    let ids: Vec<String> = report
        .auth
        .iter()
        .filter(|a| a.trusted)
        .filter_map(|a| a.authserv_id.as_deref())
        .fold(Vec::new(), |mut ids, id| {
            if !ids.iter().any(|known: &String| known == id) {
                ids.push(id.to_owned());
            }
            ids
        });
    if !ids.is_empty() {
        let _ = write!(line, " (by {})", printable(&ids.join(", ")));
    }
    match report.auth.iter().filter(|a| !a.trusted).count() {
        0 => {}
        1 => line.push_str("; 1 untrusted result not counted"),
        n => {
            let _ = write!(line, "; {n} untrusted results not counted");
        }
    }
    Some(line)
}

/// Message findings first, then each hop's, with where they belong.
fn findings(report: &Report) -> Vec<(String, &Finding)> {
    let message = report.findings.iter().map(|f| (String::new(), f));
    let hops = report.hops.iter().flat_map(|hop| {
        hop.findings
            .iter()
            .map(move |f| (format!("hop {}: ", hop.index), f))
    });
    message.chain(hops).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_shown_in_utc() {
        let day_and_time = |d: &str, t: &str| Some((d.to_owned(), t.to_owned()));
        assert_eq!(
            utc_time("2024-12-03T00:15:02+01:00"),
            day_and_time("2024-12-02", "23:15:02")
        );
        assert_eq!(
            utc_time("2024-12-03T09:15:02.987-00:00"),
            day_and_time("2024-12-03", "09:15:02")
        );
        assert_eq!(utc_time("nonsense"), None);
    }
}
