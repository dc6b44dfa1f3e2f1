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

mod analysis;
pub mod auth;
pub mod date;
mod error;
mod findings;
pub mod host;
pub mod limits;
pub mod mbox;
pub mod message;
pub mod received;
pub mod redact;
mod report;
mod timeline;
pub mod tls;
pub mod trust;
mod verdict;

pub use error::Error;
pub use findings::{Finding, Severity};
pub use received::Encryption;
pub use report::{AuthEntry, Hop, HopFrom, HopTls, MessageInfo, Report, SCHEMA, Summary, Verdict};

use limits::MAX_VALUE_BYTES;
use message::{BlockEnd, decode_header, floor_char_boundary};
use trust::{Role, TrustOptions};

/// What the user says about their own infrastructure; the default trusts what the chain shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// The receiving organisation's hosts and networks, for the trust boundary.
    pub trust: TrustOptions,
    /// The authserv-ids whose results count (`--trusted-authserv`); empty: the topmost one.
    pub trusted_authserv: Vec<String>,
}

/// Reads one Received value alone (the text after `Received:`) into the contract's hop, as hop
/// 1 of a message with no other hop: no delay, no chain, no trust boundary (its role is what
/// its own line says: `local`, or `boundary`).
pub fn analyze_received(value: &str) -> Hop {
    let cut = floor_char_boundary(value, MAX_VALUE_BYTES);
    let line = received::parse(&value[..cut]);
    let role = if line.encryption == Encryption::Local {
        Role::Local
    } else {
        Role::Boundary
    };
    let mut hop = verdict::hop_of(1, line, &value[..cut], None, role);
    if cut < value.len() {
        hop.findings.push(value_too_long());
    }
    hop
}

/// The finding of a Received value cut at [`MAX_VALUE_BYTES`].
pub(crate) fn value_too_long() -> Finding {
    Finding::warning(
        "value-too-long",
        format!("the header value is longer than {MAX_VALUE_BYTES} bytes; the rest was not read"),
    )
}

/// Analyses one message (a whole .eml, a header block, or headers pasted from a mail client).
/// `source` is what the report names the input by. Only the header block is read: a body,
/// however large, costs nothing beyond finding where the block ends.
pub fn analyze(source: &str, input: &[u8]) -> Result<Report, Error> {
    analyze_with(source, input, &Options::default())
}

/// [`analyze`] with the user's trust settings.
pub fn analyze_with(source: &str, input: &[u8], options: &Options) -> Result<Report, Error> {
    let (text, end) = decode_header(input);
    analysis::analyze_text_with(source, &text, end, options)
}

/// [`analyze`] for text that is already decoded.
pub fn analyze_text(source: &str, text: &str) -> Result<Report, Error> {
    analysis::analyze_text_with(source, text, BlockEnd::Unknown, &Options::default())
}
