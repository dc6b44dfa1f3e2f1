//! hoptls-core: was this email encrypted on every hop, and how well?
//!
//! Every mail server that relays a message prepends a `Received:` header, and most record there
//! whether the connection used TLS, which version and which cipher — each in its own dialect.
//! This crate reads a message's header block, parses every Received line, and builds a
//! hop-by-hop encryption timeline with findings and a verdict: the [`Report`] of the JSON
//! contract `hoptls/1`.
//!
//! ```
//! let message = b"Received: from mx.example.net (mx.example.net [203.0.113.9])\n\
//! \t(using TLSv1.2 with cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits))\n\
//! \tby mail.example.com (Postfix) with ESMTPS id 4Y2kQv1fGzz7hTqm\n\
//! \tfor <dana@example.com>; Tue,  3 Dec 2024 09:15:02 +0000 (UTC)\n\
//! Received: from [192.0.2.7] (unknown [198.51.100.77])\n\
//! \tby mx.example.net (Postfix) with ESMTP id 8BEE77EA30\n\
//! \tfor <dana@example.com>; Tue,  3 Dec 2024 09:15:00 +0000 (UTC)\n\
//! Subject: hello\n\
//! \n\
//! body\n";
//!
//! let report = hoptls_core::analyze("message.eml", message)?;
//! assert_eq!(report.hops.len(), 2);
//! assert_eq!(report.hops[0].encryption.as_str(), "plaintext"); // origin first
//! assert_eq!(report.hops[1].tls.as_ref().and_then(|t| t.version), Some("TLSv1.2"));
//! assert_eq!(report.summary.verdict.as_str(), "plaintext");
//! assert_eq!(report.summary.total_delay_seconds, Some(2));
//! # Ok::<(), hoptls_core::Error>(())
//! ```
//!
//! The core is pure: bytes in, data out. It reads no files, asks no clock, starts no threads
//! and prints nothing; the command-line tool and the web page do that.

#![forbid(unsafe_code)]

pub mod date;
mod error;
mod findings;
pub mod host;
pub mod limits;
pub mod mbox;
pub mod message;
pub mod received;
mod report;
mod timeline;
pub mod tls;
mod verdict;

pub use error::Error;
pub use findings::{Finding, Severity};
pub use received::Encryption;
pub use report::{Hop, HopFrom, HopTls, MessageInfo, Report, SCHEMA, Summary, Verdict};

use limits::{MAX_RECEIVED_HEADERS, MAX_VALUE_BYTES};
use message::{decode_header_text, floor_char_boundary, read_header_block, read_message_fields};
use received::Received;

/// Reads one Received value alone (the text after `Received:`) into the contract's hop, as hop
/// 1 of a message with no other hop: no delay, no chain.
pub fn analyze_received(value: &str) -> Hop {
    let cut = floor_char_boundary(value, MAX_VALUE_BYTES);
    let mut hop = verdict::hop_of(1, received::parse(&value[..cut]), &value[..cut], None);
    if cut < value.len() {
        hop.findings.push(value_too_long());
    }
    hop
}

/// The finding of a Received value cut at [`MAX_VALUE_BYTES`].
fn value_too_long() -> Finding {
    Finding::warning(
        "value-too-long",
        format!("the header value is longer than {MAX_VALUE_BYTES} bytes; the rest was not read"),
    )
}

/// Analyses one message (a whole .eml, a header block, or headers pasted from a mail client).
/// `source` is what the report names the input by. Only the header block is read: a body,
/// however large, costs nothing beyond finding where the block ends.
pub fn analyze(source: &str, input: &[u8]) -> Result<Report, Error> {
    let text = decode_header_text(input);
    analyze_text(source, &text)
}

/// [`analyze`] for text that is already decoded.
pub fn analyze_text(source: &str, text: &str) -> Result<Report, Error> {
    let block = read_header_block(text)?;
    let mut findings = block.findings.clone();
    let message = read_message_fields(&block, &mut findings);

    let mut values: Vec<&str> = block
        .fields
        .iter()
        .filter(|field| field.is("Received"))
        .map(|field| field.value)
        .collect();
    if values.len() > MAX_RECEIVED_HEADERS {
        findings.push(Finding::warning(
            "received-limit",
            format!(
                "{} Received headers; only the newest {MAX_RECEIVED_HEADERS} were analysed",
                values.len()
            ),
        ));
        values.truncate(MAX_RECEIVED_HEADERS);
    }
    // Header order is newest first; the contract's order is origin first.
    values.reverse();

    let mut truncated = Vec::with_capacity(values.len());
    let parsed: Vec<Received<'_>> = values
        .iter()
        .map(|value| {
            let cut = floor_char_boundary(value, MAX_VALUE_BYTES);
            truncated.push(cut < value.len());
            received::parse(&value[..cut])
        })
        .collect();

    let delays = timeline::delays(&parsed);
    findings.extend(timeline::chain_breaks(&parsed));
    let total_delay_seconds = timeline::total_delay(&parsed);

    let hops: Vec<Hop> = parsed
        .into_iter()
        .zip(values.iter().zip(truncated))
        .zip(delays)
        .enumerate()
        .map(|(position, ((line, (value, was_truncated)), delay))| {
            let index = position + 1;
            // Only the part that was read is kept: `raw` stays within the limit too.
            let read = &value[..floor_char_boundary(value, MAX_VALUE_BYTES)];
            let mut hop = verdict::hop_of(index, line, read, delay);
            if was_truncated {
                hop.findings.push(value_too_long());
            }
            if let Some(delay) = delay.filter(|d| *d < 0) {
                hop.findings.push(timeline::clock_skew(index, delay));
            }
            hop
        })
        .collect();

    let summary = verdict::summarize(&hops, total_delay_seconds);
    Ok(Report {
        schema: SCHEMA,
        source: source.to_owned(),
        message: MessageInfo {
            message_id: message.message_id,
            subject: message.subject,
            from: message.from,
            date: message.date,
            tls_required: message.tls_required,
        },
        hops,
        findings,
        summary,
    })
}
