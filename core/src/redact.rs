//! Safe sharing: host names, addresses, ids and mailboxes replaced by consistent pseudonyms, so
//! that a report can be shown to others without leaking the mail — while its structure and every
//! TLS fact survive.
//!
//! A [`Redactor`] keeps its tables across reports: the same host becomes the same token in every
//! report it redacts, in the order the reports are given. Tokens say what they stand for and
//! keep what matters for reading a chain: hosts of one domain share the domain token
//! (`h3.d1.invalid`, `h4.d1.invalid`); public addresses become documentation addresses, private
//! ones private addresses, loopback stays loopback. Tokens are numbered in order of first
//! appearance, so they reveal nothing of the original — no hash to brute-force.
//!
//! ```
//! use hoptls_core::{analyze, redact::Redactor};
//!
//! let message = b"Received: from mail.example.org (mail.example.org [203.0.113.80])\n\
//!   by mx.example.com (Postfix) with ESMTPS id 4Y2kQv1fGzz7hTqm\n\
//!   for <dana@example.com>; Tue,  3 Dec 2024 09:15:02 +0000\n\nbody\n";
//! let mut report = analyze("m.eml", message)?;
//! Redactor::new().redact(&mut report);
//! let hop = &report.hops[0];
//! assert_eq!(hop.by.as_deref(), Some("h2.d2.invalid"));
//! assert_eq!(hop.from.as_ref().and_then(|f| f.ip.as_deref()), Some("192.0.2.1"));
//! assert_eq!(hop.for_address.as_deref(), Some("u1@d2.invalid"));
//! assert_eq!(hop.with.as_deref(), Some("ESMTPS"));
//! assert!(!hop.raw.contains("example"));
//! # Ok::<(), hoptls_core::Error>(())
//! ```

use std::{
    collections::HashMap,
    net::{IpAddr, Ipv4Addr, Ipv6Addr},
};

use crate::{
    Report,
    host::{is_loopback, is_private},
    trust::registered_domain,
};

/// Replaces identifying values by pseudonyms, consistently across every report it is given.
#[derive(Debug, Default)]
pub struct Redactor {
    domains: HashMap<String, String>,
    hosts: HashMap<String, String>,
    addresses: HashMap<IpAddr, IpAddr>,
    locals: HashMap<String, String>,
    ids: HashMap<String, String>,
    public_v4: u32,
    private_v4: u32,
    public_v6: u32,
    private_v6: u32,
}

impl Redactor {
    pub fn new() -> Self {
        Redactor::default()
    }

    /// Redacts one report in place.
    pub fn redact(&mut self, report: &mut Report) {
        // Ids and single-label names first, so that they are recognised wherever they appear in
        // text: a HELO such as `WIN-8QK2J0R4LM` or a pod label has no dot to give it away.
        for hop in &report.hops {
            if let Some(id) = &hop.id {
                self.id(id);
            }
            let names = [
                hop.from.as_ref().and_then(|f| f.name.as_deref()),
                hop.by.as_deref(),
            ];
            for name in names.into_iter().flatten() {
                self.remember_single_label(name);
            }
        }
        if let Some(domain) = report
            .message
            .message_id
            .as_deref()
            .and_then(|id| id.rsplit_once('@'))
            .map(|(_, domain)| domain)
        {
            self.remember_single_label(domain);
        }
        let message = &mut report.message;
        message.message_id = message.message_id.as_deref().map(|m| self.mailbox(m));
        message.from = message.from.as_deref().map(|m| self.text(m));
        if message.subject.is_some() {
            message.subject = Some("[redacted]".to_owned());
        }
        for hop in &mut report.hops {
            hop.raw = self.text(&hop.raw);
            if let Some(from) = &mut hop.from {
                from.name = from.name.as_deref().map(|n| self.text(n));
                from.rdns = from.rdns.as_deref().map(|n| self.host(n));
                from.ip = from.ip.as_deref().map(|ip| self.text(ip));
            }
            hop.by = hop.by.as_deref().map(|by| self.text(by));
            hop.via = hop.via.as_deref().map(|via| self.text(via));
            hop.with = hop.with.as_deref().map(|with| self.text(with));
            hop.id = hop.id.as_deref().map(|id| self.id(id));
            hop.for_address = hop.for_address.as_deref().map(|f| self.text(f));
            if let Some(tls) = &mut hop.tls {
                tls.client_cert = tls.client_cert.as_deref().map(|c| self.certificate(c));
            }
            hop.evidence = self.text(&hop.evidence);
            for finding in &mut hop.findings {
                finding.message = self.text(&finding.message);
            }
        }
        for finding in &mut report.findings {
            finding.message = self.text(&finding.message);
        }
        report.trust.receiver = report
            .trust
            .receiver
            .iter()
            .map(|entry| self.text(entry))
            .collect();
        report.trust.explanation = self.text(&report.trust.explanation);
        for entry in &mut report.auth {
            entry.authserv_id = entry.authserv_id.as_deref().map(|id| self.text(id));
            for value in entry.properties.values_mut() {
                *value = self.text(value);
            }
        }
    }

    /// Rewrites every host name, address, mailbox and known id inside free text.
    pub fn text(&mut self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut word_start = None;
        for (index, c) in text.char_indices() {
            if is_delimiter(c) {
                if let Some(start) = word_start.take() {
                    out.push_str(&self.word(&text[start..index]));
                }
                out.push(c);
            } else if word_start.is_none() {
                word_start = Some(index);
            }
        }
        if let Some(start) = word_start {
            out.push_str(&self.word(&text[start..]));
        }
        out
    }

    /// A name without a dot (a Windows HELO, a container id, a pod label) is a host too, but
    /// only its place in the line says so: remember it, to be hidden wherever it appears.
    fn remember_single_label(&mut self, name: &str) {
        let is_label = !name.is_empty()
            && !name.contains('.')
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            && name.bytes().any(|b| b.is_ascii_alphabetic())
            && !name.eq_ignore_ascii_case("localhost")
            && !name.eq_ignore_ascii_case("unknown");
        if is_label && !self.ids.contains_key(name) {
            let token = self.host(name);
            self.ids.insert(name.to_owned(), token);
        }
    }

    fn word(&mut self, word: &str) -> String {
        if let Some(token) = self.ids.get(word) {
            return token.clone();
        }
        for tag in ["IPv6:", "IPV6:", "ipv6:"] {
            if let Some(rest) = word.strip_prefix(tag)
                && let Ok(ip) = rest.parse::<IpAddr>()
            {
                return format!("{tag}{}", self.address(ip));
            }
        }
        if let Ok(ip) = word.parse::<IpAddr>() {
            return self.address(ip).to_string();
        }
        // Prose punctuation after a name (`… outside example.com: …`) is not part of it.
        if let Some(bare) = word.strip_suffix([':', '!', '?'])
            && !bare.is_empty()
        {
            return format!("{}{}", self.word(bare), &word[bare.len()..]);
        }

        if let Some((address, port)) = word.rsplit_once(':')
            && let (Ok(ip), true) = (
                address.parse::<Ipv4Addr>(),
                port.bytes().all(|b| b.is_ascii_digit()),
            )
        {
            return format!("{}:{port}", self.address(IpAddr::V4(ip)));
        }
        if let Some(zone) = word.find('%')
            && let Ok(ip) = word[..zone].parse::<Ipv6Addr>()
        {
            return format!("{}{}", self.address(IpAddr::V6(ip)), &word[zone..]);
        }
        if word.contains('@') {
            return self.mailbox(word);
        }
        if is_host_name(word) {
            return self.host(word);
        }
        word.to_owned()
    }

    /// `local@domain` → `u1@d1.invalid`; `@domain` keeps its `@`.
    fn mailbox(&mut self, mailbox: &str) -> String {
        let (local, domain) = mailbox.rsplit_once('@').unwrap_or((mailbox, ""));
        let local_token = if local.is_empty() {
            String::new()
        } else {
            let next = self.locals.len() + 1;
            self.locals
                .entry(local.to_owned())
                .or_insert_with(|| format!("u{next}"))
                .clone()
        };
        let domain_token = if domain.is_empty() {
            String::new()
        } else if is_host_name(domain) {
            self.host(domain)
        } else {
            self.text(domain)
        };
        if domain.is_empty() && !mailbox.contains('@') {
            local_token
        } else {
            format!("{local_token}@{domain_token}")
        }
    }

    /// `mx.example.com` → `h1.d1.invalid`; `example.com` → `d1.invalid`; `localhost` stays.
    fn host(&mut self, host: &str) -> String {
        let trailing_dot = host.ends_with('.');
        let bare = host.trim_end_matches('.');
        let key = bare.to_ascii_lowercase();
        if key == "localhost" || key.is_empty() {
            return host.to_owned();
        }
        if let Ok(ip) = key.parse::<IpAddr>() {
            return self.address(ip).to_string();
        }
        let token = if let Some(token) = self.hosts.get(&key) {
            token.clone()
        } else {
            let token = match registered_domain(&key) {
                Some(domain) if domain == key => self.domain(&domain),
                Some(domain) => {
                    let domain_token = self.domain(&domain);
                    format!("h{}.{domain_token}", self.hosts.len() + 1)
                }
                None => format!("h{}", self.hosts.len() + 1),
            };
            self.hosts.insert(key, token.clone());
            token
        };
        if trailing_dot {
            format!("{token}.")
        } else {
            token
        }
    }

    fn domain(&mut self, domain: &str) -> String {
        let next = self.domains.len() + 1;
        self.domains
            .entry(domain.to_owned())
            .or_insert_with(|| format!("d{next}.invalid"))
            .clone()
    }

    fn id(&mut self, id: &str) -> String {
        let next = self.ids.len() + 1;
        self.ids
            .entry(id.to_owned())
            .or_insert_with(|| format!("id{next}"))
            .clone()
    }

    /// Public addresses become documentation addresses, private ones private addresses;
    /// loopback and unspecified addresses say nothing about anyone and stay.
    fn address(&mut self, ip: IpAddr) -> IpAddr {
        if is_loopback(ip) || ip.is_unspecified() {
            return ip;
        }
        if let Some(token) = self.addresses.get(&ip) {
            return *token;
        }
        let token = match ip {
            IpAddr::V4(_) if is_private(ip) => {
                self.private_v4 += 1;
                let n = self.private_v4;
                IpAddr::V4(Ipv4Addr::new(10, 255, (n >> 8) as u8, n as u8))
            }
            IpAddr::V4(_) => loop {
                // Never map an address to itself: the token must not be the original.
                self.public_v4 += 1;
                let token = IpAddr::V4(documentation_v4(self.public_v4));
                if token != ip {
                    break token;
                }
            },
            IpAddr::V6(_) if is_private(ip) => {
                self.private_v6 += 1;
                IpAddr::V6(Ipv6Addr::new(
                    0xfd00,
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    self.private_v6 as u16,
                ))
            }
            IpAddr::V6(_) => {
                self.public_v6 += 1;
                let n = self.public_v6;
                IpAddr::V6(Ipv6Addr::new(
                    0x2001,
                    0xdb8,
                    0,
                    0,
                    0,
                    0,
                    (n >> 16) as u16,
                    n as u16,
                ))
            }
        };
        self.addresses.insert(ip, token);
        token
    }

    /// A client-certificate note keeps its shape; a quoted name becomes a host token when it is
    /// one, `[redacted]` otherwise (issuer and organisation names identify people too).
    fn certificate(&mut self, note: &str) -> String {
        let mut out = String::with_capacity(note.len());
        let mut parts = note.split('"');
        if let Some(first) = parts.next() {
            out.push_str(first);
        }
        for (index, part) in parts.enumerate() {
            out.push('"');
            if index % 2 == 0 {
                if is_host_name(part) {
                    out.push_str(&self.host(part));
                } else {
                    out.push_str("[redacted]");
                }
            } else {
                out.push_str(part);
            }
        }
        out
    }
}

/// 192.0.2.1 … 192.0.2.254, then 198.51.100.x, then 203.0.113.x, then cycling: documentation
/// ranges only.
fn documentation_v4(n: u32) -> Ipv4Addr {
    const BLOCKS: [[u8; 3]; 3] = [[192, 0, 2], [198, 51, 100], [203, 0, 113]];
    let index = (n - 1) as usize;
    let block = BLOCKS[(index / 254) % 3];
    Ipv4Addr::new(block[0], block[1], block[2], (index % 254) as u8 + 1)
}

/// Where words end. Not `/`: sendmail's version comment `8.17.1.9/8.17.1.9` would otherwise
/// read as two addresses.
fn is_delimiter(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '(' | ')' | '[' | ']' | '<' | '>' | '"' | ';' | ',' | '=' | '\''
        )
}

/// A host name worth hiding: dot-separated labels ending in an alphabetic top-level label
/// (`mx.example.com`, `mail.example.org.`), so that versions (`TLSv1.2`), build numbers
/// (`15.20.8207.17`) and times never match.
fn is_host_name(word: &str) -> bool {
    let bare = word.trim_end_matches('.');
    let labels: Vec<&str> = bare.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b >= 0x80)
        })
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(char::is_alphabetic))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_text_consistently() {
        let mut redactor = Redactor::new();
        let first = redactor.text("from mail.example.org (mail.example.org [IPv6:2001:db8::1]) by mx.example.com with ESMTPS (version=TLS1_2 cipher=ECDHE-RSA-AES128-GCM-SHA256 bits=128/128) for <dana@example.com>; Tue, 3 Dec 2024 09:15:02 +0000");
        assert_eq!(
            first,
            "from h1.d1.invalid (h1.d1.invalid [IPv6:2001:db8::1]) by h2.d2.invalid with ESMTPS (version=TLS1_2 cipher=ECDHE-RSA-AES128-GCM-SHA256 bits=128/128) for <u1@d2.invalid>; Tue, 3 Dec 2024 09:15:02 +0000"
        );
        // The same values in another text get the same tokens.
        assert_eq!(
            redactor.text("mx.example.com 2001:db8::1 dana@example.com"),
            "h2.d2.invalid 2001:db8::1 u1@d2.invalid"
        );
    }

    #[test]
    fn keeps_what_identifies_nobody() {
        let mut redactor = Redactor::new();
        for text in [
            "TLSv1.2",
            "15.20.8207.17",
            "Exim 4.96",
            "127.0.0.1",
            "::1",
            "localhost",
            "09:15:02",
            "8.17.1.9/8.17.1.9",
            "RC4-MD5",
        ] {
            assert_eq!(redactor.text(text), text);
        }
    }

    #[test]
    fn addresses_keep_their_nature() {
        let mut redactor = Redactor::new();
        assert_eq!(redactor.text("203.0.113.80"), "192.0.2.1");
        assert_eq!(redactor.text("10.1.2.3"), "10.255.0.1");
        assert_eq!(redactor.text("198.51.100.7:38810"), "192.0.2.2:38810");
        assert_eq!(redactor.text("fe80::1%6"), "fd00::1%6");
        assert_eq!(
            redactor.text("[2001:db8:303:e224::] at mx.example.org:"),
            "[2001:db8::1] at h1.d1.invalid:"
        );
        assert_eq!(redactor.text("203.0.113.80"), "192.0.2.1");
        assert_eq!(documentation_v4(255), Ipv4Addr::new(198, 51, 100, 1));
    }

    #[test]
    fn certificates_keep_their_shape() {
        let mut redactor = Redactor::new();
        assert_eq!(
            redactor.certificate(
                "Client CN \"relay.example.net\", Issuer \"Example Corp CA\" (verified OK)"
            ),
            "Client CN \"h1.d1.invalid\", Issuer \"[redacted]\" (verified OK)"
        );
        assert_eq!(redactor.certificate("NOT"), "NOT");
    }
}
