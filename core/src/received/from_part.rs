//! The `from` clause: the name the client gave, the reverse name and the address the receiver
//! recorded (RFC 5321 `Extended-Domain` and `TCP-info`, and the dozen shapes writers use).
//!
//! ```text
//! From-domain     = "FROM" FWS Extended-Domain
//! Extended-Domain = Domain / ( Domain FWS "(" TCP-info ")" ) / ( address-literal FWS "(" TCP-info ")" )
//! TCP-info        = address-literal / ( Domain FWS address-literal )
//! ```

use std::{borrow::Cow, net::IpAddr};

use super::grammar::{Token, TokenKind, tokenize};
use crate::host::{AddressSlot, is_domain_like, parse_address, read_address};

/// What the `from` clause says about the sending side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FromPart<'a> {
    /// The HELO/EHLO name, as written (an address literal keeps its brackets).
    pub name: Option<Cow<'a, str>>,
    /// The reverse name the receiver recorded, as written.
    pub rdns: Option<&'a str>,
    /// The client address, unwrapped.
    pub ip: Option<IpAddr>,
    /// What the address slot held, when there was one: tells a Unix socket from no address.
    pub slot: Option<AddressSlot>,
    /// Whether the line had TCP-info (a comment with an address slot).
    pub has_tcp_info: bool,
    /// Whether that address was bracketed (`[ip]`) rather than bare (`(ip)`, qmail, Microsoft).
    pub tcp_info_bracketed: bool,
    /// Whether `ip` was taken from the name slot rather than from TCP-info.
    pub ip_from_name_slot: bool,
    /// A bracketed literal where the address goes that is no address at all (`[256.85.129.309]`,
    /// a date): a sign of a forged line.
    pub impossible_literal: Option<&'a str>,
}

/// Reads the body of a `from` clause (the tokens after the keyword).
pub(crate) fn read_from_part<'a>(body: &[Token<'a>]) -> FromPart<'a> {
    let name_slot_len = body
        .iter()
        .position(|token| token.kind == TokenKind::Comment)
        .unwrap_or(body.len());
    let name_slot = &body[..name_slot_len];
    let comments = body[name_slot_len..].iter().filter(|t| t.is_comment());

    let mut tcp_info: Option<TcpInfo<'a>> = None;
    let mut helo: Option<&'a str> = None;
    // The first comment's tokens are kept for the literal check below: a comment is tokenised
    // once.
    let mut first_comment: Option<Vec<Token<'a>>> = None;
    for comment in comments {
        let inner = tokenize(comment.inner()).tokens;
        if helo.is_none() {
            helo = find_helo(&inner);
        }
        if tcp_info.is_none() {
            tcp_info = read_tcp_info(&inner);
        }
        let done = helo.is_some() && tcp_info.is_some();
        if first_comment.is_none() {
            first_comment = Some(inner);
        }
        if done {
            break;
        }
    }

    let slot_words: Vec<&'a str> = name_slot
        .iter()
        .filter(|t| t.is_word())
        .map(|t| t.text)
        .collect();
    let slot_literal = name_slot.iter().find(|t| t.kind == TokenKind::Literal);

    let written_name: Option<Cow<'a, str>> = if !slot_words.is_empty() {
        Some(join_words(&slot_words))
    } else {
        slot_literal.map(|literal| Cow::Borrowed(literal.text))
    };

    let mut rdns = tcp_info.as_ref().and_then(|info| info.rdns);
    let name = match helo {
        Some(helo_name) => {
            if rdns.is_none() {
                rdns = slot_words
                    .first()
                    .copied()
                    .filter(|word| slot_words.len() == 1 && is_reverse_name(word));
            }
            Some(Cow::Borrowed(helo_name))
        }
        None => written_name,
    };

    let (ip, slot, ip_from_name_slot) = match &tcp_info {
        Some(info) => (ip_of(info.slot), Some(info.slot), false),
        None => {
            let from_slot = slot_literal
                .map(|literal| read_address(literal.inner()))
                .filter(|slot| *slot != AddressSlot::NotAnAddress)
                .or_else(|| {
                    slot_words
                        .iter()
                        .find_map(|word| parse_address(word).map(AddressSlot::Ip))
                });
            let ip = from_slot.and_then(ip_of);
            (ip, from_slot, ip.is_some())
        }
    };

    let impossible_literal = slot_literal
        .copied()
        .into_iter()
        .chain(first_comment_literals(
            first_comment.as_deref().unwrap_or(&[]),
        ))
        // The literal TCP-info was read from holds an address: it is not read a second time.
        .filter(|literal| Some(literal.text) != tcp_info.as_ref().and_then(|info| info.literal))
        .find(|literal| read_address(literal.inner()) == AddressSlot::NotAnAddress)
        .map(|literal| literal.text);

    FromPart {
        impossible_literal,
        name: name.filter(|name| name != "<unknown>"),
        rdns,
        ip,
        slot,
        has_tcp_info: tcp_info.is_some(),
        tcp_info_bracketed: tcp_info.as_ref().is_some_and(|info| info.bracketed),
        ip_from_name_slot,
    }
}

/// The address a `by` clause records for the receiving side (Microsoft `(2001:db8::17)`,
/// MDaemon `(IPv6:…)`, amavis `(host [127.0.0.1])`, old MDaemon `host [192.0.2.27]`).
pub(crate) fn read_by_address(body: &[Token<'_>]) -> Option<IpAddr> {
    for token in body.iter().skip(1).take(3) {
        match token.kind {
            TokenKind::Literal => return parse_address(token.inner()),
            // An address needs a digit, a colon (`::`) or a bracket: the software names that
            // most `by` comments hold are passed over without being tokenised.
            TokenKind::Comment
                if token
                    .inner()
                    .bytes()
                    .any(|b| b.is_ascii_digit() || b == b':' || b == b'[') =>
            {
                let inner = tokenize(token.inner()).tokens;
                if let Some(info) = read_tcp_info(&inner) {
                    return ip_of(info.slot);
                }
            }
            _ => {}
        }
    }
    None
}

/// The literals of the first comment after the name (its tokens), where TCP-info goes, leaving
/// out a HELO value (`helo=[…]`, `HELO […]`), which is the client's own claim.
fn first_comment_literals<'a>(tokens: &[Token<'a>]) -> impl Iterator<Item = Token<'a>> {
    tokens
        .iter()
        .enumerate()
        .filter(|(index, token)| {
            token.kind == TokenKind::Literal
                && !(*index > 0
                    && (is_helo_equals(tokens[index - 1].text)
                        || is_helo_verb(tokens[index - 1].text)))
        })
        .map(|(_, token)| *token)
}

struct TcpInfo<'a> {
    slot: AddressSlot,
    rdns: Option<&'a str>,
    bracketed: bool,
    /// The literal (as written, brackets included) the address was read from, if bracketed.
    literal: Option<&'a str>,
}

/// Reads a comment's tokens as TCP-info: an address (bracketed or not) with an optional reverse
/// name before it (`(mail.example.org [203.0.113.80])`) or, in ZoneMTA's order, after it
/// (`([203.0.113.124] host.example.net)`). `None` when the comment holds no address slot.
fn read_tcp_info<'a>(tokens: &[Token<'a>]) -> Option<TcpInfo<'a>> {
    let (index, slot, bracketed) = tokens.iter().enumerate().find_map(|(index, token)| {
        // The value of `helo=[ip]` or `HELO [ip]` is the client's claim, not its address.
        let after_helo = index > 0
            && (is_helo_equals(tokens[index - 1].text) || is_helo_verb(tokens[index - 1].text));
        match token.kind {
            TokenKind::Literal if !after_helo => {
                let slot = read_address(token.inner());
                (slot != AddressSlot::NotAnAddress).then_some((index, slot, true))
            }
            TokenKind::Word if !after_helo => {
                parse_address(token.text).map(|ip| (index, AddressSlot::Ip(ip), false))
            }
            _ => None,
        }
    })?;
    let mut before = tokens[..index].iter().filter(|t| t.is_word());
    let before = match (before.next(), before.next()) {
        (None, _) => Some(None),
        (Some(single), None) => Some(Some(single)),
        _ => None,
    };
    let rdns = match before {
        Some(Some(single)) if is_reverse_name(single.text) => Some(single.text),
        // ZoneMTA's reversed order; a single label after the address is a note such as
        // CommuniGate's `verified`, not a name.
        Some(None) => tokens
            .get(index + 1)
            .filter(|next| {
                next.is_word()
                    && (next.text.contains('.') || next.text.eq_ignore_ascii_case("localhost"))
                    && is_reverse_name(next.text)
            })
            .map(|next| next.text),
        _ => None,
    };
    Some(TcpInfo {
        slot,
        rdns,
        bracketed,
        literal: bracketed.then_some(tokens[index].text),
    })
}

/// The HELO name in a comment: `helo=x`, `helo=[ip]`, `HELO x`, `EHLO x`, `LHLO x`, or a
/// quoted `"EHLO x"` (ZMailer).
fn find_helo<'a>(tokens: &[Token<'a>]) -> Option<&'a str> {
    for (index, token) in tokens.iter().enumerate() {
        match token.kind {
            TokenKind::Word if is_helo_equals(token.text) => {
                let value = &token.text[5..];
                if !value.is_empty() {
                    return Some(value);
                }
                return tokens
                    .get(index + 1)
                    .filter(|next| next.kind == TokenKind::Literal)
                    .map(|next| next.text);
            }
            TokenKind::Word if is_helo_verb(token.text) => {
                if let Some(next) = tokens.get(index + 1)
                    && matches!(next.kind, TokenKind::Word | TokenKind::Literal)
                {
                    return Some(next.text);
                }
            }
            TokenKind::Quoted => {
                let inner = token.inner().trim();
                if let Some((verb, name)) = inner.split_once(' ')
                    && is_helo_verb(verb)
                    && !name.trim().is_empty()
                {
                    return Some(name.trim());
                }
            }
            _ => {}
        }
    }
    None
}

fn is_helo_equals(word: &str) -> bool {
    word.get(..5)
        .is_some_and(|p| p.eq_ignore_ascii_case("helo="))
}

fn is_helo_verb(word: &str) -> bool {
    ["HELO", "EHLO", "LHLO"]
        .iter()
        .any(|verb| word.eq_ignore_ascii_case(verb))
}

/// A word that can be a recorded reverse name: domain-shaped, not an address, not one of the
/// placeholders writers use when there is none.
fn is_reverse_name(word: &str) -> bool {
    is_domain_like(word) && parse_address(word).is_none() && !is_placeholder(word)
}

fn is_placeholder(word: &str) -> bool {
    word.eq_ignore_ascii_case("unknown") || word.eq_ignore_ascii_case("<unknown>")
}

fn ip_of(slot: AddressSlot) -> Option<IpAddr> {
    match slot {
        AddressSlot::Ip(ip) => Some(ip),
        _ => None,
    }
}

fn join_words<'a>(words: &[&'a str]) -> Cow<'a, str> {
    match words {
        [single] => Cow::Borrowed(single),
        _ => Cow::Owned(words.join(" ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads the from part of `text` (the words after `from`, up to `by` excluded).
    fn from_of(text: &str) -> (Option<String>, Option<String>, Option<String>) {
        let tokens = tokenize(text).tokens;
        let part = read_from_part(&tokens);
        (
            part.name.map(|n| n.into_owned()),
            part.rdns.map(str::to_owned),
            part.ip.map(|ip| ip.to_string()),
        )
    }

    fn some(text: &str) -> Option<String> {
        Some(text.to_owned())
    }

    #[test]
    fn reads_every_from_shape() {
        let cases = [
            (
                "mail.example.org (mail.example.org [203.0.113.80])",
                some("mail.example.org"),
                some("mail.example.org"),
                some("203.0.113.80"),
            ),
            (
                "web.example.net (unknown [198.51.100.48])",
                some("web.example.net"),
                None,
                some("198.51.100.48"),
            ),
            (
                "relay.example.net (relay.example.net [IPv6:2001:db8:47:72::80])",
                some("relay.example.net"),
                some("relay.example.net"),
                some("2001:db8:47:72::80"),
            ),
            (
                "[203.0.113.67] (helo=client.example.net)",
                some("client.example.net"),
                None,
                some("203.0.113.67"),
            ),
            (
                "relay.example.net ([198.51.100.131]:38810 helo=relay2.example.net)",
                some("relay2.example.net"),
                some("relay.example.net"),
                some("198.51.100.131"),
            ),
            (
                "web1.example.net ([198.51.100.61])",
                some("web1.example.net"),
                None,
                some("198.51.100.61"),
            ),
            (
                "[192.0.2.10] (port=52592 helo=[192.0.2.11])",
                some("[192.0.2.11]"),
                None,
                some("192.0.2.10"),
            ),
            (
                "SN7PR01CA0001.namprd01.prod.outlook.com (2001:db8:408:e6::28)",
                some("SN7PR01CA0001.namprd01.prod.outlook.com"),
                None,
                some("2001:db8:408:e6::28"),
            ),
            (
                "mail.example.org (mail.example.org. [203.0.113.25])",
                some("mail.example.org"),
                some("mail.example.org."),
                some("203.0.113.25"),
            ),
            (
                "203.0.113.47 (EHLO mta1.example.net)",
                some("mta1.example.net"),
                None,
                some("203.0.113.47"),
            ),
            (
                "unknown (HELO mta.example.net) (relay@example.net@203.0.113.202)",
                some("mta.example.net"),
                None,
                some("203.0.113.202"),
            ),
            (
                "host-203-0-113-112.example.net (HELO [127.0.0.1]) (203.0.113.112)",
                some("[127.0.0.1]"),
                some("host-203-0-113-112.example.net"),
                some("203.0.113.112"),
            ),
            (
                "mail.example.org (HELO relay.example.org) ([203.0.113.30])",
                some("relay.example.org"),
                some("mail.example.org"),
                some("203.0.113.30"),
            ),
            (
                "[192.0.2.14] (HELO client.example.net)",
                some("client.example.net"),
                None,
                some("192.0.2.14"),
            ),
            (
                "[127.0.0.1] ([203.0.113.124] host-203-0-113-124.example.net)",
                some("[127.0.0.1]"),
                some("host-203-0-113-124.example.net"),
                some("203.0.113.124"),
            ),
            (
                "[192.0.2.9] (unknown [203.0.113.138] (AS64500 Example Networks (Example Telecom) / EX, MA))",
                some("[192.0.2.9]"),
                None,
                some("203.0.113.138"),
            ),
            (
                "[198.51.100.35] ([198.51.100.35:7115] helo=[192.0.2.192])",
                some("[192.0.2.192]"),
                None,
                some("198.51.100.35"),
            ),
            (
                "mail.example.org (mail.example.org [::ffff:203.0.113.14])",
                some("mail.example.org"),
                some("mail.example.org"),
                some("203.0.113.14"),
            ),
            (
                "imap.example.net [192.0.2.200]",
                some("imap.example.net"),
                None,
                some("192.0.2.200"),
            ),
            ("([203.0.113.115])", None, None, some("203.0.113.115")),
            ("<unknown> (<unknown> [])", None, None, None),
            ("store1 ([unix socket])", some("store1"), None, None),
            (
                "mail pickup service",
                some("mail pickup service"),
                None,
                None,
            ),
            (
                "192.0.2.4 (SquirrelMail authenticated user ana)",
                some("192.0.2.4"),
                None,
                some("192.0.2.4"),
            ),
            (
                "[203.0.113.149] (account ana@example.org [203.0.113.149] verified)",
                some("[203.0.113.149]"),
                None,
                some("203.0.113.149"),
            ),
            (
                "mail.example.org ([203.0.113.50]:36670 \"EHLO mail.example.org\" rhost-flags-OK-OK-OK-OK)",
                some("mail.example.org"),
                some("mail.example.org"),
                some("203.0.113.50"),
            ),
            (
                "forged.example.net ([Thu, 28 Sep 2023 05:29:36 -0700])",
                some("forged.example.net"),
                None,
                None,
            ),
            (
                "webmail.example.org (LHLO webmail.example.org) (192.0.2.9)",
                some("webmail.example.org"),
                some("webmail.example.org"),
                some("192.0.2.9"),
            ),
            (
                "[127.0.0.1] ([198.51.100.23])",
                some("[127.0.0.1]"),
                None,
                some("198.51.100.23"),
            ),
        ];
        for (text, name, rdns, ip) in cases {
            assert_eq!(from_of(text), (name, rdns, ip), "{text}");
        }
    }

    #[test]
    fn remembers_where_the_address_came_from() {
        let tokens = tokenize("[192.0.2.9] (helo=x)").tokens;
        let part = read_from_part(&tokens);
        assert!(part.ip_from_name_slot);
        assert!(!part.has_tcp_info);

        let tokens = tokenize("localhost ([local])").tokens;
        let part = read_from_part(&tokens);
        assert_eq!(part.slot, Some(AddressSlot::UnixSocket));
        assert!(part.has_tcp_info);
    }

    #[test]
    fn reads_the_by_side_address() {
        let cases = [
            (
                "DM6PR01MB0002.namprd01.prod.outlook.com (2001:db8:806:317::17) with",
                Some("2001:db8:806:317::17"),
            ),
            (
                "mail.example.com (IPv6:2001:db8:1f07:f77::2) (MDaemon PRO v23.0.2d)",
                Some("2001:db8:1f07:f77::2"),
            ),
            (
                "localhost (mail.example.org [127.0.0.1]) (amavisd-new, port 10024)",
                Some("127.0.0.1"),
            ),
            ("mailscan.example.net [192.0.2.27]", Some("192.0.2.27")),
            ("mx.example.com (Postfix)", None),
        ];
        for (text, expected) in cases {
            let tokens = tokenize(text).tokens;
            assert_eq!(
                read_by_address(&tokens).map(|ip| ip.to_string()).as_deref(),
                expected,
                "{text}"
            );
        }
    }
}
