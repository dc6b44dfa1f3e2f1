//! Host names and addresses as Received lines write them.
//!
//! An address can come bracketed or not, with `IPv6:` (any case), a port, a zone index, a
//! `::ffff:` wrapper or qmail's `info@` prefix; several things in the address slot are not
//! addresses at all (Unix sockets, Mailgun's `[]`, masked `[x.x.x.x]`, dates in forged lines).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// What an address slot holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressSlot {
    /// A real address, unwrapped (no `IPv6:`, port, zone or `::ffff:`).
    Ip(IpAddr),
    /// `[local]`, `[unix socket]`, `[UNIX: localhost]`: the message came over a local socket.
    UnixSocket,
    /// `[]`: the writer recorded nothing.
    Empty,
    /// `[x.x.x.x]`: the writer hid the address on purpose.
    Masked,
    /// Anything else: a host name, a date, an out-of-range literal.
    NotAnAddress,
}

/// Reads the text of an address slot: the inside of `[...]`, or a bare word such as
/// `203.0.113.45`, `2001:db8::28`, `203.0.113.5:23198` or `relay@example.net@203.0.113.202`.
pub fn read_address(text: &str) -> AddressSlot {
    let text = text.trim();
    if text.is_empty() {
        return AddressSlot::Empty;
    }
    if is_unix_socket_marker(text) {
        return AddressSlot::UnixSocket;
    }
    if is_masked(text) {
        return AddressSlot::Masked;
    }
    // qmail writes `info@ip`; the address is after the last `@`. Byte searches: the slot is a
    // dozen bytes, shorter than what a `char` pattern search costs to set up.
    let text = match text.bytes().rposition(|b| b == b'@') {
        Some(at) => &text[at + 1..],
        None => text,
    };
    let text = strip_ipv6_tag(text);
    let text = match text.bytes().position(|b| b == b'%') {
        Some(zone) => &text[..zone],
        None => text,
    };
    match parse_ip(text) {
        Some(ip) => AddressSlot::Ip(ip),
        None => AddressSlot::NotAnAddress,
    }
}

/// Shortcut for [`read_address`] when only a real address matters.
pub fn parse_address(text: &str) -> Option<IpAddr> {
    // Every address has a digit or a colon (`::`); the host names asked about here mostly
    // have neither, and are answered without the full reading.
    if !text.bytes().any(|b| b.is_ascii_digit() || b == b':') {
        return None;
    }
    match read_address(text) {
        AddressSlot::Ip(ip) => Some(ip),
        _ => None,
    }
}

fn parse_ip(text: &str) -> Option<IpAddr> {
    // Host names reach here as often as addresses; an address (with a port or not) is made of
    // hex digits, dots and colons only, and most names fail that at their first letter.
    let mut has_colon = false;
    for b in text.bytes() {
        match b {
            b':' => has_colon = true,
            b'.' => {}
            _ if b.is_ascii_hexdigit() => {}
            _ => return None,
        }
    }
    // Without a colon only IPv4 can match, with one only IPv6 (or IPv4 with a port below):
    // asking for the one family spares the standard parser's trying IPv4 first every time.
    let parsed = if has_colon {
        text.parse::<Ipv6Addr>().ok().map(IpAddr::V6)
    } else {
        parse_ipv4(text).map(IpAddr::V4)
    };
    if let Some(ip) = parsed {
        return Some(unwrap_mapped(ip));
    }
    // `ip:port` (ecelerity `[198.51.100.35:7115]`, XMail `(192.0.2.1:23198)`): only IPv4 can
    // carry a port this way, since an IPv6 address is full of colons.
    let (address, port) = text.rsplit_once(':')?;
    if port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    parse_ipv4(address).map(IpAddr::V4)
}

/// `Ipv4Addr::from_str`, which it must agree with on every input (a test holds it to that):
/// four decimal numbers of 1 to 3 digits up to 255, separated by dots, no leading zero. It is
/// the address form of nearly every Received line, and the standard parser, built for any
/// radix and length, spends several times the work.
fn parse_ipv4(text: &str) -> Option<Ipv4Addr> {
    let mut octets = [0u8; 4];
    let mut filled = 0; // octets completed
    let (mut value, mut digits, mut leading_zero) = (0u16, 0usize, false);
    for &b in text.as_bytes() {
        match b {
            b'0'..=b'9' => {
                if digits == 0 {
                    leading_zero = b == b'0';
                } else if leading_zero || digits == 3 {
                    return None;
                }
                value = value * 10 + u16::from(b - b'0');
                digits += 1;
            }
            b'.' if digits > 0 && filled < 3 => {
                octets[filled] = u8::try_from(value).ok()?;
                filled += 1;
                (value, digits) = (0, 0);
            }
            _ => return None,
        }
    }
    if digits == 0 || filled != 3 {
        return None;
    }
    octets[3] = u8::try_from(value).ok()?;
    Some(Ipv4Addr::from(octets))
}

fn unwrap_mapped(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(v6),
        },
        v4 => v4,
    }
}

fn strip_ipv6_tag(text: &str) -> &str {
    match text.get(..5) {
        Some(tag) if tag.eq_ignore_ascii_case("IPv6:") => &text[5..],
        _ => text,
    }
}

fn is_unix_socket_marker(text: &str) -> bool {
    text.eq_ignore_ascii_case("local")
        || text.eq_ignore_ascii_case("unix socket")
        || text
            .get(..5)
            .is_some_and(|p| p.eq_ignore_ascii_case("unix:"))
}

fn is_masked(text: &str) -> bool {
    // The byte test first: it fails at the first letter of nearly every word.
    text.bytes().all(|b| matches!(b, b'x' | b'X' | b'.' | b':'))
        && text.bytes().any(|b| matches!(b, b'x' | b'X'))
}

/// Loopback: 127.0.0.0/8 (iCloud's `127.0.0.2` included) and `::1`.
pub fn is_loopback(ip: IpAddr) -> bool {
    ip.is_loopback()
}

/// Addresses that only make sense inside one site: RFC 1918, CGNAT, link-local, unique local.
pub fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_private() || v4.is_link_local() || (a == 100 && (64..128).contains(&b))
        }
        IpAddr::V6(v6) => is_unique_local(v6) || is_unicast_link_local(v6),
    }
}

/// An address on the public Internet: neither loopback, private nor unspecified. The
/// documentation ranges count as public, since they stand in for public addresses.
pub fn is_public(ip: IpAddr) -> bool {
    !is_loopback(ip) && !is_private(ip) && !ip.is_unspecified()
}

fn is_unique_local(v6: Ipv6Addr) -> bool {
    (v6.segments()[0] & 0xfe00) == 0xfc00
}

fn is_unicast_link_local(v6: Ipv6Addr) -> bool {
    (v6.segments()[0] & 0xffc0) == 0xfe80
}

/// Whether two host names name the same host: case-insensitive, a final dot ignored
/// (Gmail records `mail.example.org.`).
pub fn same_host(a: &str, b: &str) -> bool {
    a.trim_end_matches('.')
        .eq_ignore_ascii_case(b.trim_end_matches('.'))
}

/// Whether a word looks like a domain name: labels of letters, digits, `-` and `_`, separated by
/// dots, with an optional final dot. Used to tell a reverse name from other words in TCP-info.
pub fn is_domain_like(word: &str) -> bool {
    let word = word.strip_suffix('.').unwrap_or(word);
    !word.is_empty()
        && word.split('.').all(|label| {
            !label.is_empty()
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b >= 0x80)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("test address")
    }

    #[test]
    fn reads_every_address_form() {
        let cases = [
            ("192.0.2.1", "192.0.2.1"),
            ("IPv6:2001:db8::1", "2001:db8::1"),
            ("IPV6:2001:db8:7000::5", "2001:db8:7000::5"),
            ("2001:db8:408:e6::28", "2001:db8:408:e6::28"),
            ("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
            (
                "2001:db8::56f3:5435:9a39:ebe2%6",
                "2001:db8::56f3:5435:9a39:ebe2",
            ),
            ("fe80::1%eth0", "fe80::1"),
            ("::ffff:203.0.113.14", "203.0.113.14"),
            ("198.51.100.35:7115", "198.51.100.35"),
            ("relay@example.net@203.0.113.202", "203.0.113.202"),
            ("  203.0.113.5 ", "203.0.113.5"),
            ("::1", "::1"),
        ];
        for (text, expected) in cases {
            assert_eq!(read_address(text), AddressSlot::Ip(ip(expected)), "{text}");
        }
    }

    #[test]
    fn tells_pseudo_addresses_apart() {
        let cases = [
            ("", AddressSlot::Empty),
            ("local", AddressSlot::UnixSocket),
            ("unix socket", AddressSlot::UnixSocket),
            ("UNIX: localhost", AddressSlot::UnixSocket),
            ("x.x.x.x", AddressSlot::Masked),
            ("256.85.129.309", AddressSlot::NotAnAddress),
            ("Thu, 28 Sep 2023 05:29:36 -0700", AddressSlot::NotAnAddress),
            ("mail.example.org", AddressSlot::NotAnAddress),
            ("192.0.2.1:", AddressSlot::NotAnAddress),
            ("2001:db8::1:99999", AddressSlot::NotAnAddress),
        ];
        for (text, expected) in cases {
            assert_eq!(read_address(text), expected, "{text:?}");
        }
    }

    #[test]
    fn the_ipv4_shortcut_agrees_with_the_standard_parser() {
        // Every string of up to 7 bytes over digits (the significant ones) and dots, and the
        // edges of each octet.
        let alphabet = [b'0', b'1', b'2', b'5', b'6', b'9', b'.'];
        let mut checked = 0;
        for len in 0..=7u32 {
            for mut code in 0..alphabet.len().pow(len) {
                let text: String = (0..len)
                    .map(|_| {
                        let byte = alphabet[code % alphabet.len()];
                        code /= alphabet.len();
                        char::from(byte)
                    })
                    .collect();
                assert_eq!(parse_ipv4(&text), text.parse().ok(), "{text:?}");
                checked += 1;
            }
        }
        for text in [
            "255.255.255.255",
            "256.1.1.1",
            "1.1.1.1000",
            "001.1.1.1",
            "1.1.1.1.",
            ".1.1.1.1",
            "1..1.1",
            "199.0.2.249",
            "1.1.1",
            "+1.1.1.1",
            "1.1.1.1 ",
            "１.1.1.1",
        ] {
            assert_eq!(parse_ipv4(text), text.parse().ok(), "{text:?}");
        }
        assert!(checked > 900_000);
    }

    #[test]
    fn classifies_ranges() {
        assert!(is_loopback(ip("127.0.0.2")));
        assert!(is_loopback(ip("::1")));
        assert!(!is_loopback(ip("192.0.2.1")));
        for private in [
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "100.64.0.1",
            "fd00::1",
            "fe80::1",
        ] {
            assert!(is_private(ip(private)), "{private}");
            assert!(!is_public(ip(private)), "{private}");
        }
        for public in ["192.0.2.1", "203.0.113.9", "2001:db8::1", "100.128.0.1"] {
            assert!(is_public(ip(public)), "{public}");
        }
    }

    #[test]
    fn compares_host_names() {
        assert!(same_host("mail.example.org.", "MAIL.example.org"));
        assert!(!same_host("mail.example.org", "mx.example.org"));
        assert!(is_domain_like("mail.example.org."));
        assert!(is_domain_like("localhost"));
        assert!(!is_domain_like("ana@example.org"));
        assert!(!is_domain_like("a..b"));
        assert!(!is_domain_like(""));
    }
}
