//! What must hold for any input, checked by the fuzz targets and by the regression replay.
//!
//! Each check panics with a message naming the broken invariant, so that a fuzzer reports it as a
//! crash and a test reports it as a failure.

use std::ops::Range;

use hoptls_core::{
    Hop, Report,
    limits::{MAX_RECEIVED_HEADERS, MAX_VALUE_BYTES},
    mbox,
};

/// One Received value read alone by `analyze_received`.
pub fn check_received_value(value: &str) {
    let hop = hoptls_core::analyze_received(value);
    check_hop(&hop);
    assert_eq!(hop.index, 1, "a value read alone is hop 1");
    assert_eq!(hop.delay_seconds, None, "a value read alone has no delay");
    let cut = value.len() > MAX_VALUE_BYTES;
    assert_eq!(
        has_code(&hop.findings, "value-too-long"),
        cut,
        "value-too-long is reported exactly when the value is longer than the limit"
    );
    if let Some(by) = &hop.by {
        assert!(value.contains(by.as_str()), "`by` is a word of the value");
    }
    if let Some(id) = &hop.id {
        assert!(value.contains(id.as_str()), "`id` is a word of the value");
    }
    serde_json::to_string(&hop).expect("a hop always serialises");
}

/// One input read by `analyze` (a whole message, a header block, or anything else).
pub fn check_message(input: &[u8]) {
    let Ok(report) = hoptls_core::analyze("fuzz.eml", input) else {
        return;
    };
    check_report(&report);
}

/// What holds for every report.
pub fn check_report(report: &Report) {
    assert_eq!(report.schema, "hoptls/1");
    assert!(
        report.hops.len() <= MAX_RECEIVED_HEADERS,
        "at most the limit of hops"
    );
    for (position, hop) in report.hops.iter().enumerate() {
        assert_eq!(
            hop.index,
            position + 1,
            "hops are numbered from 1, origin first"
        );
        check_hop(hop);
    }
    if let Some(first) = report.hops.first() {
        assert_eq!(first.delay_seconds, None, "the origin hop has no delay");
    }
    for pair in report.hops.windows(2) {
        let expected = match (&pair[0].timestamp, &pair[1].timestamp) {
            (Some(older), Some(newer)) => Some(unix_seconds(newer) - unix_seconds(older)),
            _ => None,
        };
        assert_eq!(
            pair[1].delay_seconds, expected,
            "a delay is the difference of the two timestamps, present only when both are"
        );
    }
    let summary = &report.summary;
    assert_eq!(summary.hop_count, report.hops.len());
    assert_eq!(
        summary.tls_hops + summary.plaintext_hops + summary.local_hops + summary.unknown_hops,
        summary.hop_count,
        "every hop is counted once"
    );
    if let Some(index) = summary.weakest_hop {
        assert!(
            (1..=report.hops.len()).contains(&index),
            "weakest_hop names a hop"
        );
    }
    let known: Vec<i64> = report
        .hops
        .iter()
        .filter_map(|hop| hop.timestamp.as_deref().map(unix_seconds))
        .collect();
    let total = known.first().map(|oldest| known[known.len() - 1] - oldest);
    assert_eq!(
        summary.total_delay_seconds, total,
        "total delay is newest minus oldest"
    );
    if let Some(date) = &report.message.date {
        check_rfc3339(date);
    }
    let json = serde_json::to_string(report).expect("a report always serialises");
    let value: serde_json::Value = serde_json::from_str(&json).expect("and reads back");
    assert_eq!(value["schema"], "hoptls/1");
}

/// What holds for every hop.
pub fn check_hop(hop: &Hop) {
    assert!(
        !hop.raw.contains(['\r', '\n']),
        "raw has no line breaks: {:?}",
        hop.raw
    );
    assert_eq!(hop.raw.trim_matches([' ', '\t']), hop.raw, "raw is trimmed");
    assert!(
        hop.raw.len() <= MAX_VALUE_BYTES,
        "raw is within the value limit"
    );
    if let Some(timestamp) = &hop.timestamp {
        check_rfc3339(timestamp);
    }
    if let Some(tls) = &hop.tls {
        assert!(
            tls.version_raw.is_some() || tls.cipher.is_some(),
            "a TLS object names a version or a cipher"
        );
        if tls.version.is_some() {
            assert!(
                tls.version_raw.is_some(),
                "a canonical version comes from a written one"
            );
        }
    }
    if let Some(ip) = hop.from.as_ref().and_then(|from| from.ip.as_ref()) {
        assert!(
            ip.parse::<std::net::IpAddr>().is_ok(),
            "from.ip is an address: {ip:?}"
        );
    }
    for finding in &hop.findings {
        assert!(
            !finding.code.is_empty()
                && finding
                    .code
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "finding codes are kebab-case: {:?}",
            finding.code
        );
    }
}

/// A timestamp of the contract: RFC 3339, year of four digits, offset as written.
fn check_rfc3339(text: &str) {
    assert!(
        chrono::DateTime::parse_from_rfc3339(text).is_ok(),
        "not RFC 3339: {text:?}"
    );
}

/// Seconds since the epoch as the core counts them: a leap second `:60` is the first second of
/// the next minute (chrono keeps it inside `:59`).
fn unix_seconds(text: &str) -> i64 {
    let parsed = chrono::DateTime::parse_from_rfc3339(text).expect("checked RFC 3339");
    parsed.timestamp() + i64::from(parsed.timestamp_subsec_nanos() >= 1_000_000_000)
}

fn has_code(findings: &[hoptls_core::Finding], code: &str) -> bool {
    findings.iter().any(|finding| finding.code == code)
}

/// `mbox::split` over any bytes. What holds:
///
/// 1. The messages are pieces of the input, in order, and the input is exactly: for each
///    message, its separator line (with its `\n`) then the message — except that the first
///    message has no separator line when the input does not start with one.
/// 2. A separator line starts with `From ` and opens the input or follows a blank line.
/// 3. No message holds a separator line (a `From ` line after a blank line, past its start).
/// 4. A reader that holds at most `line_cap` bytes of each line (`line_cap` ≥ 5: enough to see
///    `From ` and tell a blank line) splits at the same places: the bounded streaming reader
///    that `MAX_MBOX_LINE_BYTES` allows decides exactly as the in-memory splitter.
pub fn check_mbox_split(input: &[u8], line_cap: usize) {
    assert!(line_cap >= 5);
    let messages: Vec<&[u8]> = mbox::split(input).collect();
    assert_eq!(
        messages.is_empty(),
        input.is_empty(),
        "no input, no message"
    );
    let base = input.as_ptr() as usize;
    let mut position = 0;
    let mut ranges = Vec::with_capacity(messages.len());
    for (n, message) in messages.iter().enumerate() {
        let start = (message.as_ptr() as usize).wrapping_sub(base);
        assert!(
            start <= input.len() && start + message.len() <= input.len(),
            "message {n} is a piece of the input"
        );
        assert!(start >= position, "messages come in order");
        let separator = &input[position..start];
        if separator.is_empty() {
            assert!(n == 0, "only the first message may lack a separator line");
            assert!(
                !input.starts_with(b"From "),
                "an input that opens with a separator uses it"
            );
        } else {
            assert!(
                separator.starts_with(b"From "),
                "a separator line starts with `From `"
            );
            let line_end = separator.iter().position(|&b| b == b'\n');
            match line_end {
                Some(end) => assert_eq!(end + 1, separator.len(), "a separator is one line"),
                None => assert_eq!(
                    start,
                    input.len(),
                    "an unterminated separator ends the input"
                ),
            }
            assert!(
                position == 0 || input[position - 1] == b'\n',
                "a separator starts a line"
            );
            assert!(
                position == 0 || previous_line_is_blank(input, position),
                "a separator opens the input or follows a blank line"
            );
        }
        for line in line_starts(message).skip(1) {
            let absolute = start + line;
            assert!(
                !(input[absolute..].starts_with(b"From ")
                    && previous_line_is_blank(input, absolute)),
                "message {n} holds a separator at byte {absolute}"
            );
        }
        position = start + message.len();
        ranges.push(start..position);
    }
    assert_eq!(
        position,
        input.len(),
        "the messages reach the end of the input"
    );
    assert_eq!(
        ranges,
        capped_reader_split(input, line_cap),
        "a reader holding {line_cap} bytes a line splits at the same places"
    );
}

/// Offsets of the starts of the lines of `bytes`.
fn line_starts(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    std::iter::once(0).chain(
        bytes
            .iter()
            .enumerate()
            .filter(|&(at, &b)| b == b'\n' && at + 1 < bytes.len())
            .map(|(at, _)| at + 1),
    )
}

/// Whether the line before the one starting at `at` (> 0) is blank.
fn previous_line_is_blank(input: &[u8], at: usize) -> bool {
    let before = &input[..at - 1];
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    mbox::is_blank(&before[line_start..])
}

/// A line-by-line reader that keeps only the first `cap` bytes of each line (the rest is
/// skipped up to the `\n`) and decides with [`mbox::is_separator`] and [`mbox::is_blank`]:
/// the message ranges it finds.
pub fn capped_reader_split(input: &[u8], cap: usize) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut current: Option<usize> = None; // start of the message being read
    let mut previous_was_blank = true;
    let mut at = 0;
    while at < input.len() {
        let end = input[at..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(input.len(), |p| at + p);
        let held = &input[at..end.min(at + cap)];
        let next = (end + 1).min(input.len());
        if mbox::is_separator(held, previous_was_blank) {
            if let Some(start) = current.take() {
                ranges.push(start..at);
            }
            current = Some(next);
        } else if current.is_none() {
            current = Some(at);
        }
        previous_was_blank = mbox::is_blank(held);
        at = next;
    }
    if let Some(start) = current {
        ranges.push(start..input.len());
    }
    ranges
}
