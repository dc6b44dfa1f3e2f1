//! Deciding how a hop travelled (`encryption`, with the evidence that decided it) and grading
//! its TLS.
//!
//! The decision order, first match wins: local → explicit TLS evidence → a protocol with the S
//! flag → plaintext, only for writers known to mark TLS whenever it is used → unknown.
//! "Plaintext" is a claim that nobody encrypted; it is made only where the writer's silence
//! proves it.

use std::{borrow::Cow, net::IpAddr};

use super::{
    Encryption, LineView, TlsFacts,
    evidence::RawTls,
    protocol::ProtocolKind,
    writer::{is_gmail_mailbox_hop, is_google_sending_host},
};
use crate::{
    findings::{Finding, Severity},
    host::{AddressSlot, is_loopback, is_private, is_public, parse_address, same_host},
    tls::{
        CipherFamily, CipherWeakness, VersionReading, profile_cipher, read_version,
        version_matches_cipher, weakness_for_bits,
    },
};

/// Writers that record TLS whenever it is used, so that their silence means plaintext.
const MARKS_TLS_WHEN_USED: &[&str] = &[
    "postfix",
    "exim",
    "sendmail",
    "exchange",
    "gmail",
    "opensmtpd",
    "courier",
    "haraka",
    "stalwart",
    "kerio",
    "ironport",
    "mimecast",
    "tonline",
    "communigate",
    "yandex",
    "qmail",
    "yahoo",
];

/// Writers known never to record TLS, named in the evidence of their `unknown` hops.
const NEVER_RECORDS_TLS: &[&str] = &[
    "ses",
    "sendgrid",
    "powermta",
    "domino",
    "fetchmail",
    "symantec",
    "kumomta",
    "zmailer",
    "mailru",
    "mdaemon",
];

pub(super) struct Decision {
    pub encryption: Encryption,
    pub evidence: Cow<'static, str>,
}

impl Decision {
    fn new(encryption: Encryption, evidence: impl Into<Cow<'static, str>>) -> Self {
        Decision {
            encryption,
            evidence: evidence.into(),
        }
    }
}

pub(super) fn decide(
    line: &LineView<'_, '_>,
    mta: Option<&str>,
    by_ip: Option<IpAddr>,
) -> Decision {
    if let Some(local) = local_evidence(line, mta, by_ip) {
        return Decision::new(Encryption::Local, local);
    }
    if let Some(marker) = explicit_tls(line) {
        return Decision::new(Encryption::Tls, marker);
    }
    let with = line.with.map(|w| w.as_ref());
    if let (Some(protocol), Some(with)) = (line.protocol, with) {
        if protocol.tls_flag {
            return Decision::new(Encryption::Tls, format!("with {with}"));
        }
        if protocol.kind == ProtocolKind::Smtp
            && let Some(writer) = mta.filter(|m| MARKS_TLS_WHEN_USED.contains(m))
        {
            // Yahoo marks TLS with `SMTPs` on its inbound MX only; its submission front end
            // (`ESMTPA`) never records TLS.
            if writer != "yahoo" || with == "SMTP" {
                return Decision::new(
                    Encryption::Plaintext,
                    format!("{writer} marks TLS whenever it is used; with {with} carries no mark"),
                );
            }
        }
    }
    Decision::new(Encryption::Unknown, unknown_reason(line, mta))
}

fn unknown_reason(line: &LineView<'_, '_>, mta: Option<&str>) -> Cow<'static, str> {
    let with = line.with.map(|w| w.as_ref());
    match (line.protocol.map(|p| p.kind), mta) {
        (Some(ProtocolKind::Http), _) => Cow::Owned(format!(
            "with {} is a web hand-off that names no encryption",
            with.unwrap_or_default()
        )),
        (Some(ProtocolKind::Retrieval), _) => Cow::Owned(format!(
            "with {} is mailbox retrieval; the fetcher records no TLS",
            with.unwrap_or_default()
        )),
        (_, Some(writer)) if NEVER_RECORDS_TLS.contains(&writer) => {
            Cow::Owned(format!("{writer} never records TLS in its Received lines"))
        }
        (None, _) => Cow::Borrowed("no with clause and no TLS mark"),
        (_, Some(writer)) => Cow::Owned(format!(
            "{writer} is not known to mark TLS whenever it is used"
        )),
        (_, None) => Cow::Borrowed("unrecognised writer and no TLS mark"),
    }
}

/// Decision rule 1: no network was crossed.
fn local_evidence(
    line: &LineView<'_, '_>,
    mta: Option<&str>,
    by_ip: Option<IpAddr>,
) -> Option<Cow<'static, str>> {
    if let (Some(protocol), Some(with)) = (line.protocol, line.with)
        && matches!(protocol.kind, ProtocolKind::Lmtp | ProtocolKind::Local)
    {
        return Some(Cow::Owned(format!("with {with}")));
    }
    if let Some(from) = line.from {
        if let Some(ip) = from.ip.filter(|ip| is_loopback(*ip)) {
            return Some(Cow::Owned(format!("from.ip {ip} is loopback")));
        }
        if from.slot == Some(AddressSlot::UnixSocket) {
            return Some(Cow::Borrowed("the message came over a local socket"));
        }
        if let Some(by) = line.by {
            let by_address = by_ip.or_else(|| parse_address(by));
            if from.ip.is_some() && from.ip == by_address {
                return Some(Cow::Borrowed("sender and receiver have the same address"));
            }
            if from.rdns.is_some_and(|rdns| same_host(rdns, by)) {
                return Some(Cow::Borrowed("sender and receiver are the same host"));
            }
            if !from.has_tcp_info
                && from.ip.is_none()
                && from.name.as_deref().is_some_and(|name| same_host(name, by))
            {
                return Some(Cow::Borrowed("sender and receiver are the same host"));
            }
        }
        if from
            .name
            .as_deref()
            .is_some_and(|name| name.eq_ignore_ascii_case("mail pickup service"))
        {
            return Some(Cow::Borrowed("IIS pickup: a local submission"));
        }
    }
    if let Some(pickup) = pickup_shape(line, mta) {
        return Some(Cow::Borrowed(pickup));
    }
    if line.from.is_none() && line.with_is("SMTP") {
        if line.by.is_some_and(is_google_sending_host) {
            return Some(Cow::Borrowed(
                "Google's sending machine records its own message",
            ));
        }
        if is_gmail_mailbox_hop(line) {
            return Some(Cow::Borrowed("Gmail's delivery into the mailbox"));
        }
    }
    None
}

/// Submissions and loops that never leave the machine, recognised by their comments.
fn pickup_shape(line: &LineView<'_, '_>, mta: Option<&str>) -> Option<&'static str> {
    if line.any_comment(|c| {
        super::writer::starts_with_ignore_case(c, "Postfix")
            && super::writer::contains_ignore_case(c, "from userid")
    }) {
        return Some("Postfix pickup: a local submission");
    }
    if line.leading_comment_starts_with("from ") && line.any_comment(|c| c.contains("/Submit")) {
        return Some("sendmail local submission");
    }
    if line.leading_comment_starts_with("qmail ") {
        return Some("qmail's own record of the injection, not a network hop");
    }
    if line.comment_is("Haraka outbound") {
        return Some("Haraka's outbound queue");
    }
    if mta == Some("amavis") {
        return Some("content filter loop (amavis)");
    }
    if line.comment_is("LMTPProxy") {
        return Some("Fastmail's internal LMTP proxy");
    }
    None
}

/// Decision rule 2: the line itself records TLS.
fn explicit_tls(line: &LineView<'_, '_>) -> Option<&'static str> {
    let markers = &line.markers;
    if markers.group {
        Some("TLS version or cipher recorded")
    } else if markers.google_transport {
        Some("Google Transport Security")
    } else if markers.secured_channel {
        Some("over TLS secured channel")
    } else if markers.encrypted_protocol {
        Some("encrypted SMTP")
    } else if markers.starttls {
        Some("with STARTTLS")
    } else if markers.glued_protocol {
        Some("ESMTP/TLS/ protocol")
    } else if markers.tls_clause {
        Some("tls clause (RFC 8314)")
    } else {
        None
    }
}

/// Turns the raw facts into the contract's TLS object, noting what was odd about them.
pub(super) fn tls_facts<'a>(
    raw: RawTls<'a>,
    mta: Option<&str>,
    findings: &mut Vec<Finding>,
) -> Option<TlsFacts<'a>> {
    if raw.is_empty() {
        return None;
    }
    let reading = raw.version.map(read_version);
    let version = match reading {
        Some(VersionReading::Known(version)) => Some(version),
        _ => None,
    };
    let cipher_profile = raw.cipher.map(profile_cipher);
    let mut bits = raw.bits.and_then(used_bits);
    let bytes_family = cipher_profile.as_ref().is_some_and(|p| {
        matches!(
            p.family,
            CipherFamily::GnuTls | CipherFamily::EximGnuTlsSession
        )
    });
    if raw.bits_from_colon_group
        && bytes_family
        && mta != Some("opensmtpd")
        && let Some(value) = bits.filter(|b| *b <= 32)
    {
        bits = Some(value * 8);
        findings.push(Finding::info(
            "bits-in-bytes",
            format!(
                "Exim with GnuTLS wrote the key size in bytes: {value} bytes = {} bits",
                value * 8
            ),
        ));
    }
    if let Some(remark) = &raw.cipher_remark {
        findings.push(Finding::info(
            "cipher-remark",
            format!("text after the cipher: {remark}"),
        ));
    }
    Some(TlsFacts {
        version,
        version_raw: raw.version,
        cipher: raw.cipher,
        bits,
        key_exchange: raw.key_exchange,
        client_cert: raw.client_cert,
        cipher_profile,
    })
}

/// `256` of `256/256`, `112` of `112/168`; `None` when it is not a number that fits.
fn used_bits(text: &str) -> Option<u32> {
    let used = text.split('/').next().unwrap_or(text).trim();
    used.parse().ok()
}

/// Adds the grading findings of a hop (section 8 of the formats reference) and says whether
/// its TLS is weak. Only `tls` hops are graded: a local hop keeps its TLS object ungraded.
pub(super) fn grade(
    encryption: Encryption,
    tls: Option<&TlsFacts<'_>>,
    line: &LineView<'_, '_>,
    mta: Option<&str>,
    findings: &mut Vec<Finding>,
) -> bool {
    let from_ip = line.from.and_then(|from| from.ip);
    if encryption != Encryption::Local
        && let Some(ip) = from_ip.filter(|ip| is_private(*ip))
    {
        findings.push(Finding::info(
            "internal-hop",
            format!("the sender {ip} has a private address: a hop inside one site"),
        ));
    }
    match encryption {
        Encryption::Tls => grade_tls(tls, line, mta, findings),
        Encryption::Plaintext => {
            let edge = from_ip.is_some_and(is_public) || eop_edge(line);
            let severity = if edge {
                Severity::Error
            } else {
                Severity::Warning
            };
            findings.push(Finding::new(
                severity,
                "plaintext-hop",
                if edge {
                    "no TLS on a hop from the public Internet"
                } else {
                    "no TLS on this hop"
                },
            ));
            if line.protocol.is_some_and(|p| p.auth_flag && !p.tls_flag) {
                findings.push(Finding::warning(
                    "auth-without-tls",
                    "the client authenticated without TLS: credentials likely crossed in clear text",
                ));
            }
            false
        }
        Encryption::Local | Encryption::Unknown => false,
    }
}

/// Exchange Online's edge host (`….mail.protection.outlook.com`) receives from the Internet.
fn eop_edge(line: &LineView<'_, '_>) -> bool {
    line.by
        .is_some_and(|by| super::writer::ends_with_ignore_case(by, ".mail.protection.outlook.com"))
}

fn grade_tls(
    tls: Option<&TlsFacts<'_>>,
    line: &LineView<'_, '_>,
    mta: Option<&str>,
    findings: &mut Vec<Finding>,
) -> bool {
    let Some(tls) = tls else {
        findings.push(details_unknown(line));
        return false;
    };
    let mut weak = false;
    let cyrus = mta == Some("cyrus");
    match tls.version_raw.map(read_version) {
        Some(VersionReading::Known(version)) if cyrus => {
            findings.push(Finding::info(
                "tls-version-ambiguous",
                format!(
                    "Cyrus writes the version that defined the suite ({}), not the one negotiated",
                    version.as_str()
                ),
            ));
        }
        Some(VersionReading::Known(version)) => {
            if version.is_broken() {
                weak = true;
                findings.push(Finding::error(
                    "tls-version-broken",
                    format!(
                        "{} is broken and prohibited (RFC 7568, RFC 6176)",
                        version.as_str()
                    ),
                ));
            } else if version.is_deprecated() {
                weak = true;
                findings.push(Finding::warning(
                    "tls-version-deprecated",
                    format!("{} is deprecated (RFC 8996)", version.as_str()),
                ));
            }
        }
        Some(VersionReading::Ambiguous) => {
            findings.push(Finding::info(
                "tls-version-ambiguous",
                ambiguous_version_note(tls),
            ));
        }
        Some(VersionReading::Generic | VersionReading::Unrecognised) | None => {}
    }

    if let Some(profile) = &tls.cipher_profile {
        for weakness in profile
            .weaknesses
            .iter()
            .filter(|w| *w != CipherWeakness::ShortKey)
        {
            weak = true;
            let severity = if weakness.is_error() {
                Severity::Error
            } else {
                Severity::Warning
            };
            findings.push(Finding::new(severity, weakness.code(), weakness.describe()));
        }
        if profile.family == CipherFamily::Unrecognised {
            findings.push(Finding::info(
                "cipher-unrecognised",
                format!(
                    "the cipher name {} is of no known family",
                    tls.cipher.unwrap_or_default()
                ),
            ));
        }
        if let Some(version) = tls.version.filter(|_| !cyrus)
            && !version_matches_cipher(version, profile)
        {
            findings.push(Finding::info(
                "version-cipher-mismatch",
                format!(
                    "the version {} and the suite {} do not go together",
                    version.as_str(),
                    tls.cipher.unwrap_or_default()
                ),
            ));
        }
    }
    if let Some(short) = tls.bits.and_then(weakness_for_bits) {
        weak = true;
        findings.push(Finding::warning(
            short.code(),
            format!("only {} bits of key are used", tls.bits.unwrap_or_default()),
        ));
    }
    if tls.cipher.is_none() && tls.version.is_none() {
        findings.push(details_unknown(line));
    }
    weak
}

fn ambiguous_version_note(tls: &TlsFacts<'_>) -> String {
    let at_least_12 = tls.cipher_profile.as_ref().is_some_and(|p| p.needs_tls12);
    if at_least_12 {
        format!(
            "{} names the suite's family, not the negotiated version; the suite needs at least TLS 1.2",
            tls.version_raw.unwrap_or_default()
        )
    } else {
        format!(
            "{} names the suite's family, not the negotiated version",
            tls.version_raw.unwrap_or_default()
        )
    }
}

fn details_unknown(line: &LineView<'_, '_>) -> Finding {
    let what = match line.with {
        Some(with) if line.protocol.is_some_and(|p| p.tls_flag) => format!("with {with}"),
        _ => "a TLS mark".to_owned(),
    };
    Finding::info(
        "tls-details-unknown",
        format!("TLS is recorded ({what}) but not its version or cipher"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_used_bits() {
        assert_eq!(used_bits("256/256"), Some(256));
        assert_eq!(used_bits("112/168"), Some(112));
        assert_eq!(used_bits("128"), Some(128));
        assert_eq!(used_bits("99999999999999999999"), None);
        assert_eq!(used_bits("x"), None);
    }
}
