//! The hops of one message in order, origin first: delays, clock skew, and the links between
//! one hop's receiver and the next hop's sender.

use crate::{
    findings::Finding,
    host::{parse_address, same_host},
    received::{Encryption, ProtocolKind, Received},
};

/// Per-hop delays in seconds, origin first: `None` for the first hop and wherever either
/// timestamp is unknown. Negative values are clock skew and are kept as they are.
pub(crate) fn delays(hops: &[Received<'_>]) -> Vec<Option<i64>> {
    let seconds: Vec<Option<i64>> = hops
        .iter()
        .map(|hop| hop.date.timestamp().map(|t| t.unix_seconds()))
        .collect();
    (0..hops.len())
        .map(|index| {
            let previous = index.checked_sub(1).and_then(|p| seconds[p])?;
            Some(seconds[index]? - previous)
        })
        .collect()
}

/// Newest minus oldest known timestamp (by position in the chain).
pub(crate) fn total_delay(hops: &[Received<'_>]) -> Option<i64> {
    let mut known = hops
        .iter()
        .filter_map(|hop| hop.date.timestamp().map(|t| t.unix_seconds()));
    let oldest = known.next()?;
    let newest = known.next_back().unwrap_or(oldest);
    Some(newest - oldest)
}

/// The finding for a hop that claims to be earlier than the hop before it.
pub(crate) fn clock_skew(index: usize, delay: i64) -> Finding {
    Finding::warning(
        "clock-skew",
        format!(
            "hop {index} is stamped {} before hop {}: one of the two clocks is wrong",
            human_duration(-delay),
            index - 1
        ),
    )
}

/// `chain-break` findings: hop N's receiver (`by`) is not the host hop N+1 says it came from.
/// Local hops and hops that do not name both sides are not checked.
pub(crate) fn chain_breaks(hops: &[Received<'_>]) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (offset, pair) in hops.windows(2).enumerate() {
        let (older, newer) = (&pair[0], &pair[1]);
        if newer.encryption == Encryption::Local {
            continue;
        }
        let (Some(by), Some(from)) = (older.by, newer.from.as_ref()) else {
            continue;
        };
        let by_address = older.by_ip.or_else(|| parse_address(by));
        let linked = from
            .name
            .as_deref()
            .is_some_and(|name| hosts_match(by, name))
            || from.rdns.is_some_and(|rdns| hosts_match(by, rdns))
            || (from.ip.is_some() && from.ip == by_address);
        if !linked {
            let newer_index = offset + 2;
            let sender = from
                .rdns
                .or(from.name.as_deref())
                .map(str::to_owned)
                .or_else(|| from.ip.map(|ip| ip.to_string()))
                .unwrap_or_else(|| "an unnamed host".to_owned());
            findings.push(Finding::info(
                "chain-break",
                format!(
                    "hop {} was received by {by}, but hop {newer_index} says it came from {sender}",
                    newer_index - 1
                ),
            ));
        }
    }
    findings
}

/// Whether the newer hop says it came from the host that received the older one. Hops that do
/// not name both sides count as linked: nothing contradicts them.
fn linked(older: &Received<'_>, newer: &Received<'_>) -> bool {
    let (Some(by), Some(from)) = (older.by, newer.from.as_ref()) else {
        return true;
    };
    let by_address = older.by_ip.or_else(|| parse_address(by));
    from.name
        .as_deref()
        .is_some_and(|name| hosts_match(by, name))
        || from.rdns.is_some_and(|rdns| hosts_match(by, rdns))
        || (from.ip.is_some() && from.ip == by_address)
}

/// `repeated-hop`: the same Received line twice — a loop, or a line copied into a forgery.
pub(crate) fn repeated_hops(hops: &[Received<'_>]) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (later, hop) in hops.iter().enumerate() {
        let earlier = hops[..later].iter().position(|other| same_line(other, hop));
        if let Some(earlier) = earlier {
            findings.push(Finding::warning(
                "repeated-hop",
                format!(
                    "hops {} and {} are the same Received line",
                    earlier + 1,
                    later + 1
                ),
            ));
        }
    }
    findings
}

/// The same line: same sender, receiver, id and time (a queue id and a second never repeat by
/// chance).
fn same_line(a: &Received<'_>, b: &Received<'_>) -> bool {
    a.id.is_some()
        && a.id == b.id
        && a.by == b.by
        && a.date == b.date
        && a.from.as_ref().map(|f| (f.name.as_deref(), f.ip))
            == b.from.as_ref().map(|f| (f.name.as_deref(), f.ip))
}

/// `older-header-block`: hops that came with an earlier message. Either they sit below
/// `Resent-*` fields (the message was sent again), or the chain breaks with a jump of more than
/// six hours back or forth between two hops — a header block pasted or forwarded along.
pub(crate) fn older_blocks(
    hops: &[Received<'_>],
    delays: &[Option<i64>],
    resent: &[usize],
) -> Vec<Finding> {
    const GAP: i64 = 6 * 3600;
    let mut findings = Vec::new();
    if let (Some(first), Some(last)) = (resent.first(), resent.last()) {
        findings.push(Finding::info(
            "older-header-block",
            format!("hops {first}–{last} sit below Resent- fields: they carried the message before it was resent"),
        ));
    }
    for (offset, pair) in hops.windows(2).enumerate() {
        let newer_index = offset + 2;
        let Some(delay) = delays[offset + 1] else {
            continue;
        };
        if delay.abs() > GAP
            && !linked(&pair[0], &pair[1])
            && pair[1].encryption != Encryption::Local
        {
            findings.push(Finding::warning(
                "older-header-block",
                format!(
                    "hops 1–{} look like an older header block: the chain breaks below hop {newer_index} and the time jumps by {}",
                    newer_index - 1,
                    human_duration(delay.abs())
                ),
            ));
        }
    }
    findings
}

/// What is suspicious in a hop below the trust boundary, where the sender wrote the line:
/// protocols no mail server writes, and addresses that cannot be.
pub(crate) fn claim_problems(hop: &Received<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    if let (Some(protocol), Some(with)) = (hop.protocol, hop.with.as_deref())
        && protocol.kind == ProtocolKind::Other
    {
        findings.push(Finding::warning(
            "invented-protocol",
            format!("with {with} is not a protocol any known mail server writes"),
        ));
    }
    if let Some(from) = &hop.from {
        if let Some(literal) = from.impossible_literal {
            findings.push(Finding::warning(
                "impossible-address",
                format!("{literal} stands where the client address goes but is no address"),
            ));
        } else if let Some(ip) = from
            .ip
            .filter(|ip| ip.is_unspecified() || ip.is_multicast() || is_broadcast(*ip))
        {
            findings.push(Finding::warning(
                "impossible-address",
                format!("{ip} cannot be the address of a client that connected"),
            ));
        }
    }
    findings
}

fn is_broadcast(ip: std::net::IpAddr) -> bool {
    matches!(ip, std::net::IpAddr::V4(v4) if v4.is_broadcast())
}

/// Two host names that name the same host, allowing one to be the short form of the other
/// (`mx1` and `mx1.example.com`), which internal relays often write, and one machine under two
/// names of the same domain (Exchange Online's `BN1NAM02FT010.mail.protection.outlook.com`
/// and `BN1NAM02FT010.eop-nam02.prod.protection.outlook.com`).
fn hosts_match(a: &str, b: &str) -> bool {
    if same_host(a, b) {
        return true;
    }
    let (a, b) = (a.trim_end_matches('.'), b.trim_end_matches('.'));
    if same_machine_other_name(a, b) {
        return true;
    }
    let (short, long) = if a.len() < b.len() { (a, b) } else { (b, a) };
    !short.contains('.')
        && long.len() > short.len()
        && long.as_bytes()[short.len()] == b'.'
        && long[..short.len()].eq_ignore_ascii_case(short)
}

/// Same first label and same last two labels: one machine named under two subdomains.
fn same_machine_other_name(a: &str, b: &str) -> bool {
    let labels = |name: &str| {
        name.split('.')
            .map(str::to_ascii_lowercase)
            .collect::<Vec<_>>()
    };
    let (a, b) = (labels(a), labels(b));
    a.len() >= 3 && b.len() >= 3 && a[0] == b[0] && a[a.len() - 2..] == b[b.len() - 2..]
}

fn human_duration(seconds: i64) -> String {
    match seconds {
        s if s < 120 => format!("{s} s"),
        s if s < 7200 => format!("{} min", s / 60),
        s => format!("{:.1} h", s as f64 / 3600.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::received::parse;

    #[test]
    fn delays_are_signed_and_skip_unknown_dates() {
        let values = [
            " from a by b.example.net; Tue, 3 Dec 2024 09:15:00 +0000",
            " from b.example.net by c.example.net; Tue, 3 Dec 2024 10:15:05 +0100",
            " from c.example.net by d.example.net; Tue, 3 Dec 2024 09:14:00 +0000",
            " from d.example.net by e.example.net",
            " from e.example.net by f.example.net; Tue, 3 Dec 2024 09:20:00 +0000",
        ];
        let hops: Vec<_> = values.iter().map(|v| parse(v)).collect();
        assert_eq!(delays(&hops), vec![None, Some(5), Some(-65), None, None]);
        assert_eq!(total_delay(&hops), Some(300));
        assert!(chain_breaks(&hops).is_empty());
    }

    #[test]
    fn finds_chain_breaks() {
        let hops: Vec<_> = [
            " from a.example.org (a.example.org [192.0.2.1]) by relay.example.net with ESMTP; Tue, 3 Dec 2024 09:15:00 +0000",
            " from elsewhere.example.com (elsewhere.example.com [198.51.100.9]) by mx.example.com with ESMTP; Tue, 3 Dec 2024 09:15:01 +0000",
            " from mx (mx.example.com [198.51.100.10]) by store.example.com with ESMTP; Tue, 3 Dec 2024 09:15:02 +0000",
        ]
        .iter()
        .map(|v| parse(v))
        .collect();
        let breaks = chain_breaks(&hops);
        assert_eq!(breaks.len(), 1);
        assert!(
            breaks[0]
                .message
                .contains("hop 1 was received by relay.example.net")
        );
    }

    #[test]
    fn short_names_match_their_long_form() {
        assert!(hosts_match("mx1", "mx1.example.com"));
        assert!(hosts_match("MX1.example.com.", "mx1.example.com"));
        assert!(!hosts_match("mx1", "mx10.example.com"));
        assert!(!hosts_match("mx1.example", "mx1.example.com"));
        assert!(hosts_match(
            "BN1NAM02FT010.mail.protection.outlook.com",
            "BN1NAM02FT010.eop-nam02.prod.protection.outlook.com"
        ));
        assert!(!hosts_match("mail.example.org", "mail.example.net"));
    }

    #[test]
    fn durations_read_well() {
        assert_eq!(human_duration(65), "65 s");
        assert_eq!(human_duration(600), "10 min");
        assert_eq!(human_duration(3600 * 5), "5.0 h");
    }
}
