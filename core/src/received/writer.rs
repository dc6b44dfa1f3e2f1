//! Who wrote a Received line (`mta`): one recogniser per writer, tried in order.
//!
//! Recognising a vendor is data, not scattered conditions: [`WRITERS`] lists each writer with
//! the one function that knows its shape. Specific signs (a software comment, a provider host,
//! an id format) come first; the structural guesses for the big generic MTAs (Postfix, sendmail,
//! Exim, qmail) come last, so a line is never claimed by a generic shape when a specific writer
//! signed it.

use super::LineView;
use super::protocol::ProtocolKind;

type Recogniser = fn(&LineView<'_, '_>) -> bool;

/// Writers in the order they are tried. The names are the contract's `mta` values.
pub(crate) const WRITERS: &[(&str, Recogniser)] = &[
    // A line that signs as Postfix is Postfix even when its `by` names a provider: forged
    // Gmail hops say `by smtp.gmail.com (Postfix, from userid 0)`.
    ("postfix", |line| line.comment_starts_with("Postfix")),
    ("exchange", exchange),
    ("smtpsvc", smtpsvc),
    ("gmail", gmail),
    ("yahoo", yahoo),
    ("ses", ses),
    ("sendgrid", sendgrid),
    ("mailgun", mailgun),
    ("powermta", powermta),
    ("ecelerity", |line| line.comment_starts_with("ecelerity")),
    ("zoho", zoho),
    ("halon", |line| line.comment_is("Halon")),
    ("proton", |line| line.by_ends_with("protonmail.ch")),
    ("fastmail", |line| {
        line.comment_is("LMTPProxy") || line.comment_is("Authentication Milter")
    }),
    ("oracle", |line| {
        line.comment_starts_with("Oracle Communications Messaging Server")
            || line.comment_starts_with("Sun Java")
    }),
    ("yandex", |line| {
        line.comment_is("Yandex") || line.any_comment(|c| ends_with_ignore_case(c, "/Yandex"))
    }),
    ("qpsmtpd", |line| line.comment_starts_with("qpsmtpd")),
    ("opensmtpd", |line| line.comment_is("OpenSMTPD")),
    ("haraka", |line| line.comment_starts_with("Haraka")),
    ("stalwart", |line| line.comment_starts_with("Stalwart")),
    ("cyrus", |line| line.comment_starts_with("Cyrus")),
    ("dovecot", dovecot),
    ("kerio", |line| line.comment_starts_with("Kerio Connect")),
    ("domino", |line| {
        line.any_comment(|c| contains_ignore_case(c, "Domino"))
    }),
    ("communigate", |line| {
        line.comment_starts_with("CommuniGate Pro") || line.with_is("ESMTP-TLS")
    }),
    ("mdaemon", mdaemon),
    ("icewarp", icewarp),
    ("kumomta", |line| line.comment_starts_with("KumoMTA")),
    ("symantec", |line| line.comment_starts_with("Symantec")),
    ("mailenable", |line| line.with_starts_with("MailEnable")),
    ("zmailer", |line| {
        line.any_comment(|c| contains_ignore_case(c, "rhost-flags"))
            || line.comment_starts_with("ORCPT")
    }),
    ("webmail", |line| {
        line.comment_starts_with("Horde") || line.comment_starts_with("SquirrelMail")
    }),
    ("ngmta", |line| line.with_is("ngmta")),
    ("amavis", |line| {
        line.any_comment(|c| contains_ignore_case(c, "amavis"))
    }),
    ("zimbra", |line| line.comment_starts_with("LHLO ")),
    ("mailchannels", |line| line.comment_starts_with("trex/")),
    ("zonemta", |line| line.comment_is("ZoneMTA")),
    ("fetchmail", fetchmail),
    ("mimecast", mimecast),
    ("ironport", ironport),
    ("qmail", qmail),
    ("courier", courier),
    ("tonline", tonline),
    ("sendmail", sendmail),
    ("mailru", mailru),
    ("exim", exim_signed),
    ("exim", exim_shaped),
    ("postfix", postfix_shaped),
];

/// The writer of a line, or `None` when its shape names none.
pub(crate) fn recognise(line: &LineView<'_, '_>) -> Option<&'static str> {
    WRITERS
        .iter()
        .find(|(_, recognises)| recognises(line))
        .map(|(name, _)| *name)
}

fn exchange(line: &LineView<'_, '_>) -> bool {
    line.with_starts_with("Microsoft SMTP Server")
        || line.with_is("mapi")
        || line.with_starts_with("MailboxResubmission")
        || (line.with_is("HTTPS") && line.by_ends_with(".outlook.com"))
}

fn smtpsvc(line: &LineView<'_, '_>) -> bool {
    line.with_starts_with("Microsoft SMTPSVC")
}

fn gmail(line: &LineView<'_, '_>) -> bool {
    const HOSTS: [&str; 2] = ["mx.google.com", "gmailapi.google.com"];
    let by = line.by.unwrap_or("");
    HOSTS.iter().any(|host| by.eq_ignore_ascii_case(host))
        || ends_with_ignore_case(by, ".gmail.com")
        || is_google_sending_host(by)
        || line.markers.google_transport
        || is_gmail_mailbox_hop(line)
}

/// `mail-pl1-f178.google.com`, `mail-sor-f41.google.com`: Google's sending machines.
pub(crate) fn is_google_sending_host(host: &str) -> bool {
    starts_with_ignore_case(host, "mail-") && ends_with_ignore_case(host, ".google.com")
}

/// The last Gmail hop, into the mailbox: `by <IPv6> with SMTP id …`, no from.
pub(crate) fn is_gmail_mailbox_hop(line: &LineView<'_, '_>) -> bool {
    line.from.is_none()
        && line.with_is("SMTP")
        && line.id.is_some()
        && line
            .by
            .is_some_and(|by| by.contains(':') && by.parse::<std::net::Ipv6Addr>().is_ok())
}

fn yahoo(line: &LineView<'_, '_>) -> bool {
    // `SMTPs` with a lower-case s is Yahoo's own spelling.
    line.with_text() == Some("SMTPs")
        || line.comment_starts_with("Yahoo Inc. Hermes")
        || line.by_words_contain("pod-id")
        || is_yahoo_inbound_shape(line)
}

/// Yahoo's inbound MX: `from <ip> (EHLO name) by <internal ip> with …`.
fn is_yahoo_inbound_shape(line: &LineView<'_, '_>) -> bool {
    line.from
        .is_some_and(|from| from.ip_from_name_slot && !from.has_tcp_info)
        && line.sender_comment_starts_with("EHLO ")
        && line
            .by
            .is_some_and(|by| by.parse::<std::net::IpAddr>().is_ok())
}

fn ses(line: &LineView<'_, '_>) -> bool {
    line.by.is_some_and(|by| {
        starts_with_ignore_case(by, "inbound-smtp.") && ends_with_ignore_case(by, ".amazonaws.com")
    })
}

fn sendgrid(line: &LineView<'_, '_>) -> bool {
    line.comment_is("SG")
        || line.by.is_some_and(|by| {
            starts_with_ignore_case(by, "filterdrecv")
                || starts_with_ignore_case(by, "geopod-ismtpd")
        })
}

/// Mailgun's `by` is a 12-hex container id and its `id` 24 hex digits.
fn mailgun(line: &LineView<'_, '_>) -> bool {
    line.by.is_some_and(|by| is_hex_of_length(by, 12))
        && line.id.is_some_and(|id| is_hex_of_length(id, 24))
}

fn powermta(line: &LineView<'_, '_>) -> bool {
    line.comment_starts_with("PowerMTA")
        || (line.from.is_none()
            && line.with.is_none()
            && line.by.is_some()
            && line.id.is_some()
            && line.tail_comment_starts_with("envelope-from"))
}

fn zoho(line: &LineView<'_, '_>) -> bool {
    line.by.is_some_and(|by| {
        ends_with_ignore_case(by, "zohomail.com") || starts_with_ignore_case(by, "mx.zoho.")
    })
}

/// Dovecot 2.3 names no software: a 22-character base64 id, with LMTP or with the
/// `(envelope-from …)` comment of its submission service, is its shape.
fn dovecot(line: &LineView<'_, '_>) -> bool {
    let dovecot_id = line.id.is_some_and(|id| {
        id.len() == 22
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
    });
    line.comment_starts_with("Dovecot")
        || (dovecot_id
            && (line.protocol_kind() == Some(ProtocolKind::Lmtp)
                || line.comment_starts_with("envelope-from")))
}

fn mdaemon(line: &LineView<'_, '_>) -> bool {
    line.comment_starts_with("MDaemon")
        || line.id.is_some_and(|id| {
            starts_with_ignore_case(id, "md5") && ends_with_ignore_case(id, ".msg")
        })
}

/// IceWarp signs with its name, or with a bare build string `(13.0.2 build 9 RHEL7 x64)`.
fn icewarp(line: &LineView<'_, '_>) -> bool {
    line.any_comment(|c| contains_ignore_case(c, "IceWarp") || contains_ignore_case(c, "Merak"))
        || line.any_comment(|c| {
            // Most comments start with a letter: not a build string, and no need to split.
            if !c.as_bytes().first().is_some_and(u8::is_ascii_digit) {
                return false;
            }
            let mut words = c.split_whitespace();
            let version = words.next().unwrap_or("");
            version.contains('.')
                && version.bytes().all(|b| b.is_ascii_digit() || b == b'.')
                && words.next() == Some("build")
        })
}

fn fetchmail(line: &LineView<'_, '_>) -> bool {
    line.comment_starts_with("fetchmail")
        || line.comment_starts_with("getmail")
        || line.protocol_kind() == Some(ProtocolKind::Retrieval)
}

/// Mimecast: a second `with STARTTLS`, or its id shape `za-mta-140-…`.
fn mimecast(line: &LineView<'_, '_>) -> bool {
    line.markers.starttls
        || line.id.is_some_and(|id| {
            let mut parts = id.split('-');
            matches!(
                (parts.next(), parts.next(), parts.next()),
                (Some(region), Some("mta"), Some(number))
                    if region.len() == 2
                        && region.bytes().all(|b| b.is_ascii_lowercase())
                        && !number.is_empty()
                        && number.bytes().all(|b| b.is_ascii_digit())
            )
        })
}

/// IronPort glues the cipher to the protocol; without TLS its shape is
/// `from H (HELO x) ([ip]) by H with ESMTP; DATE` with no id and no software comment.
fn ironport(line: &LineView<'_, '_>) -> bool {
    line.markers.glued_protocol
        || (line.sender_comment_starts_with("HELO ")
            && line.sender_has_bracketed_tcp_info()
            && line.id.is_none()
            && line.by_comment().is_none()
            && line.protocol_kind() == Some(ProtocolKind::Smtp))
}

/// qmail: its `(qmail N invoked …)` records, the TLS patch's `… encrypted SMTP`, or its from
/// shape with the address in parentheses and no id.
fn qmail(line: &LineView<'_, '_>) -> bool {
    let encrypted_smtp = line.with_text().is_some_and(|with| {
        let words: Vec<&str> = with.split(' ').collect();
        words.windows(2).any(|w| {
            w[0].eq_ignore_ascii_case("encrypted")
                && (w[1].eq_ignore_ascii_case("SMTP")
                    || w[1].eq_ignore_ascii_case("SMTPS")
                    || w[1].eq_ignore_ascii_case("compressed"))
        })
    });
    // A fork writes `with ESMTPSA (C encrypted, authenticated)`; t-online's comment has a
    // version and a colon.
    let encrypted_comment =
        line.with_comment_contains("encrypted") && !line.with_comment_contains(":");
    line.leading_comment_starts_with("qmail ")
        || encrypted_smtp
        || encrypted_comment
        || (line
            .from
            .is_some_and(|from| from.has_tcp_info && !line.sender_has_bracketed_tcp_info())
            && line.id.is_none()
            && line.by_comment().is_none()
            && line.with_text().is_some_and(|with| {
                ["SMTP", "ESMTP", "QMQP", "ESMTPA", "SMTPA"]
                    .iter()
                    .any(|p| with.eq_ignore_ascii_case(p))
            }))
}

/// Courier: its info comment (`AUTH: …`, `TLS: …`, `IDENT: …`) or its id
/// `000000000001A2B3.000000006750A1B2.00004C2D`.
fn courier(line: &LineView<'_, '_>) -> bool {
    line.sender_comment_has_label(&["AUTH:", "TLS:", "SSL:", "IDENT:"])
        || line.id.is_some_and(is_courier_id)
}

fn is_courier_id(id: &str) -> bool {
    let mut parts = id.split('.');
    let hex_part = |part: Option<&str>| {
        part.is_some_and(|part| part.len() >= 8 && part.bytes().all(|b| b.is_ascii_hexdigit()))
    };
    hex_part(parts.next())
        && hex_part(parts.next())
        && hex_part(parts.next())
        && parts.next().is_none()
}

/// t-online: `with (TLSv1.2:C encrypted) esmtp`, or its id `6hXLXm-5R50N94`.
fn tonline(line: &LineView<'_, '_>) -> bool {
    (line.with_comment_contains("encrypted") && line.with_comment_contains(":"))
        || (line
            .with_text()
            .is_some_and(|w| w == "esmtp" || w == "esmtps")
            && line.id.is_some_and(|id| {
                let mut parts = id.split('-');
                matches!((parts.next(), parts.next(), parts.next()),
                    (Some(a), Some(b), None) if a.len() == 6 && b.len() == 7
                        && a.bytes().chain(b.bytes()).all(|c| c.is_ascii_alphanumeric()))
            }))
}

/// sendmail and its derivatives: the version comment `(8.17.1.9/8.17.1.9)`, Proofpoint's
/// `(PPS)`, Sentrion's `(Sentrion-MTA-4.5.6/…)`, a local submission `(from user@localhost)`, or
/// the `(version=… cipher=… bits=… verify=…)` group of a line without a software name.
fn sendmail(line: &LineView<'_, '_>) -> bool {
    line.by_comment().is_some_and(|c| {
        c == "PPS" || (c.contains('/') && c.bytes().any(|b| b.is_ascii_digit()) && !c.contains(' '))
    }) || line.leading_comment_starts_with("from ")
        || (line.by_comment().is_none() && line.has_verify_group)
}

/// Exim signs with `(Exim 4.96)` or records the HELO as `helo=`.
fn exim_signed(line: &LineView<'_, '_>) -> bool {
    line.comment_starts_with("Exim ") || line.sender_comment_contains("helo=")
}

/// Mail.ru's Exim-derived front end: an Exim protocol and id, but no `(Exim x.y)` comment,
/// and `(envelope-from …)` right after the protocol, where Exim puts its version.
fn mailru(line: &LineView<'_, '_>) -> bool {
    has_exim_protocol(line)
        && line.id.is_some_and(is_exim_id)
        && !line.comment_starts_with("Exim ")
        && line.with_comment_starts_with("envelope-from")
}

/// Exim with its comment switched off: lower-case protocol and Exim's id shape.
fn exim_shaped(line: &LineView<'_, '_>) -> bool {
    has_exim_protocol(line) && line.id.is_some_and(is_exim_id)
}

fn has_exim_protocol(line: &LineView<'_, '_>) -> bool {
    const PROTOCOLS: [&str; 10] = [
        "esmtp", "esmtps", "esmtpsa", "esmtpa", "smtp", "smtps", "ssmtp", "essmtp", "essmtpa",
        "local",
    ];
    line.with_text()
        .is_some_and(|with| PROTOCOLS.contains(&with))
}

/// `4qRYUj-42215S-9b` (6-6-2, before 4.97) and `1tAbCd-00000000XyZ-3kLm` (6-11-4).
fn is_exim_id(id: &str) -> bool {
    let mut parts = id.split('-');
    let mut lengths = [0usize; 3];
    for length in &mut lengths {
        match parts.next() {
            Some(part) if part.bytes().all(|b| b.is_ascii_alphanumeric()) => *length = part.len(),
            _ => return false,
        }
    }
    parts.next().is_none() && (lengths == [6, 6, 2] || lengths == [6, 11, 4])
}

/// Postfix with another `mail_name` (`(Mailchimp)`, `(Proxmox)`): Postfix always writes
/// `by host (mail_name) with proto id queue-id`, so a one-word name and a Postfix queue id
/// identify it. (`(Postfix…)` itself is recognised first of all.)
fn postfix_shaped(line: &LineView<'_, '_>) -> bool {
    let single_word_name = line.by_comment().is_some_and(|c| {
        !c.is_empty() && c.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    });
    single_word_name
        && line.id.is_some_and(is_postfix_queue_id)
        && matches!(line.protocol_kind(), Some(ProtocolKind::Smtp) | None)
}

/// Short ids are upper-case hex; long ids (`4Y2kQv1fGzz7hTqm`) use an alphabet without vowels
/// and a `z` between the time and the inode parts.
fn is_postfix_queue_id(id: &str) -> bool {
    let short = (6..=12).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b));
    let long = (12..=17).contains(&id.len())
        && id.bytes().all(|b| b.is_ascii_alphanumeric())
        && id.contains('z')
        && !id.bytes().any(|b| b"aeiouAEIOU".contains(&b));
    short || long
}

fn is_hex_of_length(text: &str, length: usize) -> bool {
    text.len() == length
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

pub(crate) fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
}

pub(crate) fn ends_with_ignore_case(text: &str, suffix: &str) -> bool {
    text.len() >= suffix.len()
        && text
            .get(text.len() - suffix.len()..)
            .is_some_and(|end| end.eq_ignore_ascii_case(suffix))
}

pub(crate) fn contains_ignore_case(text: &str, needle: &str) -> bool {
    !needle.is_empty() && find_ignore_case(text, needle).is_some()
}

/// The offset of the first match of `needle` in `haystack`, ignoring ASCII case. Candidates are
/// the places where the first byte matches in either case, found with memchr: the recognisers
/// and the evidence readers ask this of every comment of every line, and comparing a window at
/// every offset cost more than all the rest of their work.
pub(crate) fn find_ignore_case(haystack: &str, needle: &str) -> Option<usize> {
    let (hay, needle) = (haystack.as_bytes(), needle.as_bytes());
    let Some(&first) = needle.first() else {
        return Some(0);
    };
    let (lower, upper) = (first.to_ascii_lowercase(), first.to_ascii_uppercase());
    let mut from = 0;
    while let Some(found) = memchr::memchr2(lower, upper, &hay[from..]) {
        let at = from + found;
        let candidate = hay.get(at..at + needle.len())?;
        if candidate.eq_ignore_ascii_case(needle) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_ignoring_case() {
        assert_eq!(find_ignore_case("ESMTP/TLS/ECDHE", "/tls/"), Some(5));
        assert_eq!(find_ignore_case("IceWarp Merak", "merak"), Some(8));
        assert_eq!(find_ignore_case("mmmerak", "merak"), Some(2));
        assert_eq!(find_ignore_case("mera", "merak"), None);
        assert_eq!(find_ignore_case("", "x"), None);
        assert!(contains_ignore_case("(amavisd-new, port 10024)", "AMAVIS"));
        assert!(!contains_ignore_case("anything", ""));
    }

    #[test]
    fn id_shapes() {
        assert!(is_postfix_queue_id("4Y2kQv1fGzz7hTqm"));
        assert!(is_postfix_queue_id("801E49EC73"));
        assert!(is_postfix_queue_id("7C1E04A92F6B"));
        assert!(!is_postfix_queue_id("4BB9F2xY012345"));
        assert!(!is_postfix_queue_id("2S6PJJToY9jShqwErDOGqR"));
        assert!(is_exim_id("4qRYUj-42215S-9b"));
        assert!(is_exim_id("1tAbCd-00000000XyZ-3kLm"));
        assert!(!is_exim_id("6hXLXm-5R50N94"));
        assert!(is_courier_id("000000000001A2B3.000000006750A1B2.00004C2D"));
        assert!(is_courier_id("E902A73C.60A46B85.6F520523"));
        assert!(!is_courier_id("15.20.8207.17"));
        assert!(is_hex_of_length("0a1b2c3d4e5f", 12));
        assert!(!is_hex_of_length("0A1B2C3D4E5F", 12));
    }

    #[test]
    fn case_helpers() {
        assert!(starts_with_ignore_case("MAIL-pl1.google.com", "mail-"));
        assert!(ends_with_ignore_case("x.GOOGLE.com", ".google.com"));
        assert!(!ends_with_ignore_case("com", ".google.com"));
        assert!(contains_ignore_case("HCL Domino Release", "domino"));
        assert!(!starts_with_ignore_case("é", "ab"));
    }
}
