//! From parsed lines to the contract's hops, and from hops to the message verdict.
//!
//! The verdict skips local hops: any plaintext hop makes the message `plaintext`; else any
//! weak TLS hop (SSLv2/3, TLS 1.0/1.1, or a weak cipher) makes it `weak`; else any unknown hop
//! makes it `unknown`; else it is `encrypted` when at least one TLS hop remains, and `unknown`
//! when none does.

use crate::{
    received::{Encryption, Received, TlsFacts, grammar::unfold},
    report::{AuthEntry, Hop, HopFrom, HopTls, Summary, Verdict},
    tls::TlsVersion,
    trust::Role,
};

/// The contract's hop for one parsed line.
pub(crate) fn hop_of(
    index: usize,
    line: Received<'_>,
    value: &str,
    delay: Option<i64>,
    role: Role,
) -> Hop {
    Hop {
        index,
        raw: unfold(value),
        from: line.from.map(|from| HopFrom {
            name: from.name.map(|n| n.into_owned()),
            rdns: from.rdns.map(str::to_owned),
            ip: from.ip.map(|ip| ip.to_string()),
        }),
        by: line.by.map(str::to_owned),
        via: line.via.map(|v| v.into_owned()),
        with: line.with.map(|w| w.into_owned()),
        id: line.id.map(str::to_owned),
        for_address: line.for_address.map(str::to_owned),
        timestamp: line.date.timestamp().map(|t| t.to_rfc3339()),
        delay_seconds: delay,
        tls: line.tls.map(hop_tls),
        encryption: line.encryption,
        mta: line.mta,
        findings: line.findings,
        evidence: line.evidence.into_owned(),
        weak: line.weak,
        role,
        claimed: role == Role::Sender,
    }
}

fn hop_tls(tls: TlsFacts<'_>) -> HopTls {
    HopTls {
        version: tls.version.map(TlsVersion::as_str),
        version_raw: tls.version_raw.map(str::to_owned),
        cipher: tls.cipher.map(str::to_owned),
        bits: tls.bits,
        key_exchange: tls.key_exchange.map(|k| k.into_owned()),
        client_cert: tls.client_cert.map(|c| c.into_owned()),
    }
}

/// The summary of a message's hops and its trusted authentication results.
pub(crate) fn summarize(
    hops: &[Hop],
    total_delay_seconds: Option<i64>,
    auth: &[AuthEntry],
) -> Summary {
    let count = |encryption: Encryption| hops.iter().filter(|h| h.encryption == encryption).count();
    let tls_versions = hops
        .iter()
        .filter(|h| h.encryption == Encryption::Tls)
        .filter_map(|h| h.tls.as_ref().and_then(|t| t.version).map(|v| (h.index, v)));
    let weakest = tls_versions.min_by_key(|(_, v)| version_rank(v));
    let all: Vec<&Hop> = hops.iter().collect();
    let (verdict, weakest_hop) = verdict_of(&all, weakest.map(|(index, _)| index));
    let (trusted, claimed): (Vec<&Hop>, Vec<&Hop>) = hops.iter().partition(|h| !h.claimed);
    let (trusted_verdict, _) = verdict_of(&trusted, None);
    let claimed_verdict = (!claimed.is_empty()).then(|| verdict_of(&claimed, None).0);
    Summary {
        verdict,
        hop_count: hops.len(),
        tls_hops: count(Encryption::Tls),
        plaintext_hops: count(Encryption::Plaintext),
        weakest_version: weakest.map(|(_, v)| v),
        total_delay_seconds,
        weakest_hop,
        local_hops: count(Encryption::Local),
        unknown_hops: count(Encryption::Unknown),
        trusted_verdict,
        claimed_verdict,
        claimed_hops: claimed.len(),
        spf: trusted_result(auth, "spf"),
        dkim: trusted_result(auth, "dkim"),
        dmarc: trusted_result(auth, "dmarc"),
    }
}

/// `pass` when any trusted result of the method passed (a message may carry several DKIM
/// signatures, one passing is what counts), else the first trusted result.
fn trusted_result(auth: &[AuthEntry], method: &str) -> Option<String> {
    let mut trusted = auth.iter().filter(|a| a.trusted && a.method == method);
    let first = trusted.clone().next()?;
    if trusted.any(|a| a.result == "pass") {
        Some("pass".to_owned())
    } else {
        Some(first.result.clone())
    }
}

/// The verdict and the hop that decided it.
fn verdict_of(hops: &[&Hop], lowest_version_hop: Option<usize>) -> (Verdict, Option<usize>) {
    let network: Vec<&Hop> = hops
        .iter()
        .copied()
        .filter(|h| h.encryption != Encryption::Local)
        .collect();
    let first = |test: &dyn Fn(&Hop) -> bool| network.iter().find(|h| test(h)).map(|h| h.index);
    if let Some(index) = first(&|h| h.encryption == Encryption::Plaintext) {
        return (Verdict::Plaintext, Some(index));
    }
    let weak_hops: Vec<&&Hop> = network
        .iter()
        .filter(|h| h.encryption == Encryption::Tls && h.weak)
        .collect();
    if !weak_hops.is_empty() {
        // The weakest of the weak: the one with the lowest version, else the first.
        let by_version = lowest_version_hop.filter(|i| weak_hops.iter().any(|h| h.index == *i));
        return (Verdict::Weak, by_version.or(Some(weak_hops[0].index)));
    }
    if let Some(index) = first(&|h| h.encryption == Encryption::Unknown) {
        return (Verdict::Unknown, Some(index));
    }
    if network.iter().any(|h| h.encryption == Encryption::Tls) {
        let any_tls = network.first().map(|h| h.index);
        return (Verdict::Encrypted, lowest_version_hop.or(any_tls));
    }
    (Verdict::Unknown, None)
}

fn version_rank(version: &str) -> usize {
    TlsVersion::ALL
        .iter()
        .position(|v| v.as_str() == version)
        .unwrap_or(usize::MAX)
}
