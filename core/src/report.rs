//! The JSON contract `hoptls/1`: what `hoptls --format json` prints for each message.
//!
//! Field names, order and meanings follow `docs/json-output.md`. Fields may be added, never
//! renamed, retyped or removed while `schema` says `hoptls/1`. The additions this version makes
//! are marked below; they are always present (as `null` when empty), so that every object has
//! the same keys.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::{
    findings::Finding,
    received::Encryption,
    trust::{Role, Trust},
};

/// The schema name every report carries.
pub const SCHEMA: &str = "hoptls/1";

/// The analysis of one message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub schema: &'static str,
    /// The input path; `-` for stdin; `path#N` for the N-th message of an mbox.
    pub source: String,
    pub message: MessageInfo,
    /// Origin first: the last Received header of the block is `hops[0]`.
    pub hops: Vec<Hop>,
    /// Message-level findings: TLS-Required, chain breaks, limits hit.
    pub findings: Vec<Finding>,
    pub summary: Summary,
    /// Addition: how the trust boundary was found.
    pub trust: Trust,
    /// Addition: the authentication results of the header, in header order.
    pub auth: Vec<AuthEntry>,
}

/// One authentication result (Authentication-Results, ARC-Authentication-Results, ARC-Seal).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuthEntry {
    pub method: String,
    pub result: String,
    pub authserv_id: Option<String>,
    pub header: &'static str,
    pub instance: Option<u32>,
    /// The hop whose receiving server wrote the header; `null` when none can be told.
    pub hop: Option<usize>,
    /// Written by a trusted authserv-id, above the trust boundary.
    pub trusted: bool,
    pub properties: BTreeMap<String, String>,
    /// Addition: why `trusted` is what it is: `trusted`, `arc-seal` (an ARC-Seal is never
    /// trusted on its own), `claimed-hop` (attached to a hop below the boundary),
    /// `untrusted-id` (not a trusted authserv-id), or `sender-side` (a trusted id, but standing
    /// in the part of the header that was there before the message reached the receiver).
    pub trust_reason: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MessageInfo {
    pub message_id: Option<String>,
    pub subject: Option<String>,
    pub from: Option<String>,
    /// RFC 3339.
    pub date: Option<String>,
    /// Addition: the value of a `TLS-Required:` field (RFC 8689), lower-cased.
    pub tls_required: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hop {
    /// 1-based, origin first.
    pub index: usize,
    /// The header value, unfolded and trimmed.
    pub raw: String,
    pub from: Option<HopFrom>,
    pub by: Option<String>,
    pub via: Option<String>,
    pub with: Option<String>,
    pub id: Option<String>,
    #[serde(rename = "for")]
    pub for_address: Option<String>,
    /// RFC 3339 with the offset and fraction as written.
    pub timestamp: Option<String>,
    /// This hop's timestamp minus the previous hop's; negative is clock skew.
    pub delay_seconds: Option<i64>,
    pub tls: Option<HopTls>,
    pub encryption: Encryption,
    pub mta: Option<&'static str>,
    pub findings: Vec<Finding>,
    /// Addition: the words that decided `encryption`.
    pub evidence: String,
    /// Addition: this TLS hop uses a deprecated version or a weak cipher.
    pub weak: bool,
    /// Addition: where the hop stands relative to the trust boundary.
    pub role: Role,
    /// Addition: below the trust boundary — written on the sender's side, not verifiable.
    pub claimed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HopFrom {
    pub name: Option<String>,
    pub rdns: Option<String>,
    pub ip: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HopTls {
    /// Canonical: `SSLv2` … `TLSv1.3`.
    pub version: Option<&'static str>,
    pub version_raw: Option<String>,
    pub cipher: Option<String>,
    pub bits: Option<u32>,
    /// Addition: the key exchange, where the line names it.
    pub key_exchange: Option<String>,
    /// Addition: the client-certificate status, as written.
    pub client_cert: Option<String>,
}

/// The message verdict (see [`Summary`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Every non-local hop used TLS, none of it weak.
    Encrypted,
    /// Every non-local hop used TLS, some of it weak (old version or weak cipher).
    Weak,
    /// At least one non-local hop travelled in clear text.
    Plaintext,
    /// No plaintext and no weak TLS, but some hop does not say, or there is no non-local hop.
    Unknown,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Encrypted => "encrypted",
            Verdict::Weak => "weak",
            Verdict::Plaintext => "plaintext",
            Verdict::Unknown => "unknown",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub verdict: Verdict,
    pub hop_count: usize,
    pub tls_hops: usize,
    pub plaintext_hops: usize,
    /// The lowest canonical version over the TLS hops.
    pub weakest_version: Option<&'static str>,
    /// Newest minus oldest known timestamp.
    pub total_delay_seconds: Option<i64>,
    /// Addition: the index of the hop that decided the verdict.
    pub weakest_hop: Option<usize>,
    /// Addition: hops that crossed no network.
    pub local_hops: usize,
    /// Addition: hops whose encryption the line does not tell.
    pub unknown_hops: usize,
    /// Addition: the verdict over the hops that are not claimed (the boundary and above).
    pub trusted_verdict: Verdict,
    /// Addition: the verdict over the claimed hops alone; `null` when none is claimed.
    pub claimed_verdict: Option<Verdict>,
    /// Addition: how many hops are claimed.
    pub claimed_hops: usize,
    /// Addition: the trusted SPF result (`pass` when any trusted result passed, else the first
    /// trusted one); `null` when there is none.
    pub spf: Option<String>,
    /// Addition: the trusted DKIM result, as for `spf`.
    pub dkim: Option<String>,
    /// Addition: the trusted DMARC result, as for `spf`.
    pub dmarc: Option<String>,
}
