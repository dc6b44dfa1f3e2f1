//! Which hops can be believed: the trust boundary.
//!
//! Every Received line below the receiver's own servers was written by the sender's side, or by
//! whoever the sender chose to impersonate: it is a claim. The boundary is the hop where the
//! message entered the receiving organisation — the first hop, walking down from the newest,
//! whose sending side lies outside the receiver's hosts. That hop was still written by the
//! receiver, so it and everything above it is trusted; everything below is *claimed*.
//!
//! Without configuration the receiver's hosts are found from the chain itself (the registered
//! domains of the hosts that wrote the top hops). `--trusted-by` and `--trusted-network` name
//! them instead. The domain comparison uses the last two labels of a name (three under
//! two-letter country domains with a generic second level such as `co.uk`): an approximation of
//! the public-suffix list that is right for mail hosts in practice and documented as such.

use std::{fmt, net::IpAddr, str::FromStr};

use serde::Serialize;

use crate::{
    host::{is_loopback, is_private, parse_address, same_host},
    received::{Encryption, FromPart, Received},
};

/// Where a hop stands relative to the trust boundary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// No network was crossed (the hop's `encryption` is `local`).
    Local,
    /// Written by the receiving organisation, between its own hosts.
    Receiver,
    /// Where the message entered the receiving organisation: written by the receiver, sent by the
    /// outside.
    Boundary,
    /// Below the boundary: the sender's side, a claim that cannot be checked.
    Sender,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Local => "local",
            Role::Receiver => "receiver",
            Role::Boundary => "boundary",
            Role::Sender => "sender",
        }
    }
}

/// A network given as `address/prefix`, for `--trusted-network`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Network {
    address: IpAddr,
    prefix: u8,
}

impl Network {
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.address, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                prefix_match(&net.octets(), &ip.octets(), self.prefix)
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                prefix_match(&net.octets(), &ip.octets(), self.prefix)
            }
            _ => false,
        }
    }
}

fn prefix_match(net: &[u8], ip: &[u8], prefix: u8) -> bool {
    let full_bytes = usize::from(prefix / 8);
    let rest_bits = prefix % 8;
    if net[..full_bytes] != ip[..full_bytes] {
        return false;
    }
    if rest_bits == 0 {
        return true;
    }
    let mask = 0xffu8 << (8 - rest_bits);
    (net[full_bytes] & mask) == (ip[full_bytes] & mask)
}

impl FromStr for Network {
    type Err = String;

    /// `192.0.2.0/24`, `2001:db8::/32`, or a single address (a /32 or /128).
    fn from_str(text: &str) -> Result<Network, String> {
        let (address, prefix) = match text.split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (text, None),
        };
        let address: IpAddr = address
            .trim()
            .parse()
            .map_err(|_| format!("{text:?} is not an address or network (like 192.0.2.0/24)"))?;
        let max = if address.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(prefix) => prefix
                .trim()
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(|| format!("{text:?}: the prefix length must be 0 to {max}"))?,
            None => max,
        };
        Ok(Network { address, prefix })
    }
}

impl fmt::Display for Network {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.address, self.prefix)
    }
}

/// What the user says about their own infrastructure.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustOptions {
    /// Hosts or domains of the receiving organisation (`--trusted-by`).
    pub trusted_hosts: Vec<String>,
    /// Networks of the receiving organisation (`--trusted-network`).
    pub trusted_networks: Vec<Network>,
}

impl TrustOptions {
    pub fn is_configured(&self) -> bool {
        !self.trusted_hosts.is_empty() || !self.trusted_networks.is_empty()
    }
}

/// How the boundary was found, as the contract's `trust` object says it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Trust {
    /// `"chain"` (found from the hops themselves), `"configured"` (from `--trusted-by` /
    /// `--trusted-network`), or `"none"` (no hop to judge).
    pub method: &'static str,
    /// The index of the boundary hop; `null` when every hop is the receiver's (or none is).
    pub boundary: Option<usize>,
    /// The receiver's domains (found or given) that decided it.
    pub receiver: Vec<String>,
    /// The reasoning, in one sentence.
    pub explanation: String,
}

/// The outcome for one message: a role per hop (origin first) and how it was decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustDecision {
    pub roles: Vec<Role>,
    pub trust: Trust,
}

/// Decides the role of every hop (origin first).
pub fn decide(hops: &[Received<'_>], options: &TrustOptions) -> TrustDecision {
    if hops.is_empty() {
        return TrustDecision {
            roles: Vec::new(),
            trust: Trust {
                method: "none",
                boundary: None,
                receiver: Vec::new(),
                explanation: "no Received headers".to_owned(),
            },
        };
    }
    if options.is_configured() {
        configured(hops, options)
    } else {
        from_chain(hops)
    }
}

/// Walks down from the newest hop; the receiver's domains grow with each internal hop.
fn from_chain(hops: &[Received<'_>]) -> TrustDecision {
    let mut inside: Vec<String> = Vec::new();
    let top = &hops[hops.len() - 1];
    if let Some(domain) = top.by.and_then(registered_domain) {
        inside.push(domain);
    }
    let mut roles = vec![Role::Sender; hops.len()];
    let mut boundary = None;
    for index in (0..hops.len()).rev() {
        let hop = &hops[index];
        remember(&mut inside, hop.by);
        if hop.encryption == Encryption::Local {
            roles[index] = Role::Local;
            remember_sender(&mut inside, hop.from.as_ref());
            continue;
        }
        if sender_is_inside(hop, &inside, &TrustOptions::default()) {
            roles[index] = Role::Receiver;
            remember_sender(&mut inside, hop.from.as_ref());
            continue;
        }
        roles[index] = Role::Boundary;
        boundary = Some(index);
        break;
    }
    let explanation = match boundary {
        Some(index) => format!(
            "hop {} is the first, from the newest, whose sender lies outside {}: hops below it are the sender's claims",
            index + 1,
            list(&inside)
        ),
        None => format!(
            "every hop was written and sent inside {}: no boundary, nothing claimed",
            list(&inside)
        ),
    };
    TrustDecision {
        roles,
        trust: Trust {
            method: "chain",
            boundary: boundary.map(|index| index + 1),
            receiver: inside,
            explanation,
        },
    }
}

/// With `--trusted-by` / `--trusted-network`: the boundary is the newest hop received by a
/// trusted host from an untrusted one.
fn configured(hops: &[Received<'_>], options: &TrustOptions) -> TrustDecision {
    let inside: Vec<String> = options
        .trusted_hosts
        .iter()
        .map(|h| h.to_ascii_lowercase())
        .collect();
    let mut roles = vec![Role::Sender; hops.len()];
    let mut boundary = None;
    let mut seen_trusted_receiver = false;
    for index in (0..hops.len()).rev() {
        let hop = &hops[index];
        let received_by_trusted = receiver_is_trusted(hops, index, options);
        seen_trusted_receiver |= received_by_trusted;
        if hop.encryption == Encryption::Local {
            roles[index] = Role::Local;
            continue;
        }
        if !seen_trusted_receiver || sender_is_inside(hop, &inside, options) {
            // Above the first trusted receiver: added after the message left the trusted
            // hosts (forwarding), so not forgeable by the sender either.
            roles[index] = Role::Receiver;
            continue;
        }
        roles[index] = Role::Boundary;
        boundary = Some(index);
        break;
    }
    let named: Vec<String> = options
        .trusted_hosts
        .iter()
        .cloned()
        .chain(options.trusted_networks.iter().map(Network::to_string))
        .collect();
    let explanation = match (boundary, seen_trusted_receiver) {
        (Some(index), _) => format!(
            "hop {} is the newest received by a trusted host ({}) from an untrusted one: hops below it are claims",
            index + 1,
            named.join(", ")
        ),
        (None, true) => format!(
            "every hop was sent by a trusted host ({})",
            named.join(", ")
        ),
        (None, false) => {
            for role in roles.iter_mut().filter(|r| **r != Role::Local) {
                *role = Role::Sender;
            }
            format!(
                "no hop was received by a trusted host ({}): every hop is a claim",
                named.join(", ")
            )
        }
    };
    TrustDecision {
        roles,
        trust: Trust {
            method: "configured",
            boundary: boundary.map(|index| index + 1),
            receiver: named,
            explanation,
        },
    }
}

/// Whether hop `index` was received by a trusted host: its `by` names one, its recorded `by`
/// address is in a trusted network, or the hop above was sent from a trusted address or name —
/// a host is known by the address it passes the message on from, which the next receiver
/// recorded.
fn receiver_is_trusted(hops: &[Received<'_>], index: usize, options: &TrustOptions) -> bool {
    let hop = &hops[index];
    let in_networks = |ip: IpAddr| options.trusted_networks.iter().any(|n| n.contains(ip));
    let named = hop
        .by
        .is_some_and(|by| matches_trusted_host(by, &options.trusted_hosts));
    let addressed = hop
        .by_ip
        .or_else(|| hop.by.and_then(parse_address))
        .is_some_and(in_networks);
    let sent_on_from_trusted = hops
        .get(index + 1)
        .and_then(|above| above.from.as_ref())
        .is_some_and(|from| {
            from.ip.is_some_and(in_networks)
                || from
                    .rdns
                    .is_some_and(|rdns| matches_trusted_host(rdns, &options.trusted_hosts))
        });
    named || addressed || sent_on_from_trusted
}

/// Whether the sending side of a hop is one of the receiver's own hosts. Only what the receiver
/// recorded counts (the address, the reverse name); the HELO name, which the client chose,
/// counts only when the client's address is private or unrecorded — or between two hosts of the
/// same large provider that writes no reverse names (Microsoft 365), where the receiving host
/// is an internal relay that accepts nothing from outside.
fn sender_is_inside(hop: &Received<'_>, inside: &[String], options: &TrustOptions) -> bool {
    let Some(from) = &hop.from else {
        return false;
    };
    if let Some(ip) = from.ip
        && (is_loopback(ip)
            || is_private(ip)
            || options.trusted_networks.iter().any(|n| n.contains(ip)))
    {
        return true;
    }
    let in_set = |name: &str| {
        matches_trusted_host(name, &options.trusted_hosts)
            || registered_domain(name).is_some_and(|d| inside.contains(&d))
    };
    if let Some(rdns) = from.rdns {
        return in_set(rdns);
    }
    let Some(name) = from.name.as_deref() else {
        return false;
    };
    let address_is_public = from
        .ip
        .is_some_and(|ip| !is_loopback(ip) && !is_private(ip));
    if !address_is_public {
        return in_set(name);
    }
    provider_internal(name, hop.by) && in_set(name)
}

/// Microsoft 365's internal relays name each other by HELO only (no reverse names), always
/// under `*.outlook.com`; its Internet edge (`*.mail.protection.outlook.com`) is excluded, since
/// anyone can claim such a HELO there.
fn provider_internal(helo: &str, by: Option<&str>) -> bool {
    const INTERNAL: &str = ".outlook.com";
    const EDGE: &str = ".mail.protection.outlook.com";
    let ends = |name: &str, suffix: &str| {
        name.len() > suffix.len() && ends_with_ignore_case(name.as_bytes(), suffix.as_bytes())
    };
    by.is_some_and(|by| ends(by, INTERNAL) && !ends(by, EDGE)) && ends(helo, INTERNAL)
}

/// Compares bytes, not string slices: a cut inside a multi-byte character would panic.
fn ends_with_ignore_case(text: &[u8], suffix: &[u8]) -> bool {
    text.len() >= suffix.len() && text[text.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
}

fn matches_trusted_host(name: &str, trusted: &[String]) -> bool {
    let name = name.trim_end_matches('.');
    trusted.iter().any(|entry| {
        let entry = entry.trim_end_matches('.');
        same_host(name, entry)
            || (name.len() > entry.len()
                && name.as_bytes()[name.len() - entry.len() - 1] == b'.'
                && ends_with_ignore_case(name.as_bytes(), entry.as_bytes()))
    })
}

fn remember(inside: &mut Vec<String>, host: Option<&str>) {
    if let Some(domain) = host.and_then(registered_domain)
        && !inside.contains(&domain)
    {
        inside.push(domain);
    }
}

fn remember_sender(inside: &mut Vec<String>, from: Option<&FromPart<'_>>) {
    if let Some(from) = from {
        remember(inside, from.rdns.or(from.name.as_deref()));
    }
}

/// The registered domain of a host name, approximately: the last two labels, or three under a
/// country code with a generic second level (`co.uk`, `com.au`). `None` for addresses, single
/// labels and `localhost`.
pub fn registered_domain(host: &str) -> Option<String> {
    const GENERIC_SECOND_LEVEL: [&str; 12] = [
        "co", "com", "net", "org", "ac", "gov", "edu", "ne", "or", "go", "gob", "mil",
    ];
    let host = host.trim_end_matches('.');
    // An address has a digit or a colon; a name without either is not parsed as one.
    let may_be_address = host.bytes().any(|b| b.is_ascii_digit() || b == b':');
    if host.starts_with('[') || (may_be_address && host.parse::<IpAddr>().is_ok()) {
        return None;
    }
    // The last three labels, last first, and how many there are; every label is checked.
    let mut last_three = [""; 3];
    let mut count = 0;
    for label in host.rsplit('.').filter(|l| !l.is_empty()) {
        if !label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b >= 0x80)
        {
            return None;
        }
        if let Some(slot) = last_three.get_mut(count) {
            *slot = label;
        }
        count += 1;
    }
    if count < 2 {
        return None;
    }
    let [last, second, third] = last_three;
    let generic_second = last.len() == 2
        && count >= 3
        && GENERIC_SECOND_LEVEL
            .iter()
            .any(|g| second.eq_ignore_ascii_case(g));
    let mut domain = String::with_capacity(host.len());
    if generic_second {
        domain.push_str(third);
        domain.push('.');
    }
    domain.push_str(second);
    domain.push('.');
    domain.push_str(last);
    domain.make_ascii_lowercase();
    Some(domain)
}

fn list(domains: &[String]) -> String {
    if domains.is_empty() {
        "the receiver's hosts".to_owned()
    } else {
        domains.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::received::parse;

    fn roles(values: &[&str], options: &TrustOptions) -> (Vec<&'static str>, Option<usize>) {
        let hops: Vec<_> = values.iter().map(|v| parse(v)).collect();
        let decision = decide(&hops, options);
        (
            decision.roles.iter().map(|r| r.as_str()).collect(),
            decision.trust.boundary,
        )
    }

    const ORIGIN: &str = " from [192.0.2.7] (unknown [198.51.100.48]) by smtp.example.org (Postfix) with ESMTPSA id 8BEE77EA30; Tue, 3 Dec 2024 09:15:00 +0000";
    const RELAY: &str = " from smtp.example.org (smtp.example.org [203.0.113.25]) by mx.example.com (Postfix) with ESMTPS id 4Y2kQv1fGzz7hTqm; Tue, 3 Dec 2024 09:15:02 +0000";
    const LMTP: &str = " from mx.example.com (mx.example.com [192.0.2.12]) by imap.example.com with LMTP id x; Tue, 3 Dec 2024 09:15:03 +0000";

    #[test]
    fn finds_the_boundary_from_the_chain() {
        assert_eq!(
            roles(&[ORIGIN, RELAY, LMTP], &TrustOptions::default()),
            (vec!["sender", "boundary", "local"], Some(2))
        );
    }

    #[test]
    fn follows_internal_relays_by_reverse_name_and_private_address() {
        let internal = " from mx.example.com (mx.example.com [203.0.113.90]) by store.example.com (Postfix) with ESMTPS id 4Y2kQv1fGzz7hTqn; Tue, 3 Dec 2024 09:15:03 +0000";
        let private = " from filter.example.com (filter.example.com [10.1.2.3]) by mx.example.com (Postfix) with ESMTP id 4Y2kQv1fGzz7hTqp; Tue, 3 Dec 2024 09:15:02 +0000";
        assert_eq!(
            roles(
                &[ORIGIN, RELAY, private, internal],
                &TrustOptions::default()
            ),
            (vec!["sender", "boundary", "receiver", "receiver"], Some(2))
        );
    }

    #[test]
    fn a_helo_claiming_the_receivers_name_is_not_believed() {
        let forged = " from mx.example.com ([198.51.100.66]) by mx.example.com (Postfix) with ESMTP id 4Y2kQv1fGzz7hTqr; Tue, 3 Dec 2024 09:15:02 +0000";
        assert_eq!(
            roles(&[ORIGIN, forged, LMTP], &TrustOptions::default()),
            (vec!["sender", "boundary", "local"], Some(2))
        );
    }

    #[test]
    fn configured_hosts_and_networks_decide() {
        let options = TrustOptions {
            trusted_hosts: vec!["example.com".to_owned()],
            trusted_networks: Vec::new(),
        };
        assert_eq!(
            roles(&[ORIGIN, RELAY, LMTP], &options),
            (vec!["sender", "boundary", "local"], Some(2))
        );

        let options = TrustOptions {
            trusted_hosts: Vec::new(),
            trusted_networks: vec!["203.0.113.0/24".parse().expect("network")],
        };
        // smtp.example.org passed the message on from 203.0.113.25, inside the trusted network:
        // it is a trusted receiver, and what it received from outside is the boundary.
        assert_eq!(
            roles(&[ORIGIN, RELAY, LMTP], &options),
            (vec!["boundary", "receiver", "local"], Some(1))
        );

        let options = TrustOptions {
            trusted_hosts: vec!["nowhere.example.net".to_owned()],
            trusted_networks: Vec::new(),
        };
        assert_eq!(
            roles(&[ORIGIN, RELAY, LMTP], &options),
            (vec!["sender", "sender", "local"], None)
        );
    }

    #[test]
    fn networks_parse_and_match() {
        let network: Network = "192.0.2.0/24".parse().expect("network");
        assert!(network.contains("192.0.2.200".parse().expect("ip")));
        assert!(!network.contains("192.0.3.1".parse().expect("ip")));
        let network: Network = "2001:db8::/33".parse().expect("network");
        assert!(network.contains("2001:db8:7fff::1".parse().expect("ip")));
        assert!(!network.contains("2001:db8:8000::1".parse().expect("ip")));
        assert!("203.0.113.5".parse::<Network>().is_ok());
        assert!("192.0.2.0/33".parse::<Network>().is_err());
        assert!("mail.example.com/24".parse::<Network>().is_err());
        assert_eq!(
            "0.0.0.0/0"
                .parse::<Network>()
                .map(|n| n.contains("8.8.8.8".parse().expect("ip"))),
            Ok(true)
        );
    }

    #[test]
    fn registered_domains() {
        assert_eq!(
            registered_domain("mx.example.com").as_deref(),
            Some("example.com")
        );
        assert_eq!(
            registered_domain("MAIL.Example.ORG.").as_deref(),
            Some("example.org")
        );
        assert_eq!(
            registered_domain("mx.example.co.uk").as_deref(),
            Some("example.co.uk")
        );
        assert_eq!(
            registered_domain("mx.example.de").as_deref(),
            Some("example.de")
        );
        assert_eq!(
            registered_domain("a..Example..COM.").as_deref(),
            Some("example.com")
        );
        assert_eq!(registered_domain("co.uk").as_deref(), Some("co.uk"));
        assert_eq!(registered_domain("mx.bad!label.com"), None);
        assert_eq!(registered_domain("localhost"), None);
        assert_eq!(registered_domain("198.51.100.9"), None);
        assert_eq!(registered_domain("2001:db8::1"), None);
        assert_eq!(registered_domain("[192.0.2.1]"), None);
    }

    #[test]
    fn names_with_multibyte_characters_never_cut_inside_one() {
        // Found by the header_block fuzz target: a by host ending in invalid UTF-8 made a
        // suffix comparison slice inside U+FFFD.
        assert!(!provider_internal(
            "x\u{FFFD}\u{FFFD}.outlook.co",
            Some("a\u{FFFD}b.outlook.com")
        ));
        assert!(!provider_internal(
            "mx.example.com",
            Some("laptop.example.\u{FFFD}\u{FFFD}")
        ));
        assert!(!matches_trusted_host(
            "ex\u{FFFD}ample.com",
            &["ample.com".to_owned()]
        ));
    }

    #[test]
    fn trusted_host_entries_match_subdomains() {
        let trusted = vec!["example.com".to_owned()];
        assert!(matches_trusted_host("mx.example.com", &trusted));
        assert!(matches_trusted_host("example.com.", &trusted));
        assert!(!matches_trusted_host("badexample.com", &trusted));
    }
}
