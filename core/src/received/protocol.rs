//! The protocol word of the `with` clause (RFC 3848, RFC 6531 and the spellings seen in practice)
//! and what it says: TLS (the S flag), authentication (the A flag), or a kind of transfer that is
//! not SMTP at all.

/// What kind of transfer a `with` value names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProtocolKind {
    /// SMTP in any spelling: `SMTP`, `ESMTPSA`, `Microsoft SMTP Server`, `asmtp`, …
    Smtp,
    /// LMTP (RFC 2033): delivery into the local store, never across a wide-area link.
    Lmtp,
    /// Outlook's MAPI, Exchange's resubmission, Exim's `local*`, a pipe: no network transfer.
    Local,
    /// A web hand-off with TLS (`HTTPS`).
    Https,
    /// A web or API hand-off that names no encryption (`HTTP`, `HTTPREST`, `REST`).
    Http,
    /// Retrieval from a mailbox (`IMAP`, `POP3`): fetchmail, getmail.
    Retrieval,
    /// Anything else (`QMQP`, `ngmta`, invented words).
    Other,
}

/// The meaning of one `with` value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Protocol {
    pub kind: ProtocolKind,
    /// The writer says TLS was up: RFC 3848's S, Exim's `ssmtp`/`essmtp*`, `ESMTP-TLS`, `HTTPS`.
    pub tls_flag: bool,
    /// The writer says SMTP AUTH succeeded: RFC 3848's A (which says nothing about encryption).
    pub auth_flag: bool,
}

impl Protocol {
    const fn new(kind: ProtocolKind, tls_flag: bool, auth_flag: bool) -> Self {
        Protocol {
            kind,
            tls_flag,
            auth_flag,
        }
    }
}

/// Spellings that do not follow the RFC 3848 pattern, matched case-insensitively on the whole
/// protocol word.
const IRREGULAR: &[(&str, Protocol)] = &[
    ("ssmtp", Protocol::new(ProtocolKind::Smtp, true, false)),
    ("essmtp", Protocol::new(ProtocolKind::Smtp, true, false)),
    ("essmtpa", Protocol::new(ProtocolKind::Smtp, true, true)),
    ("esmtp-tls", Protocol::new(ProtocolKind::Smtp, true, false)),
    // Exim 4.3x and IceWarp/Earthlink: authenticated SMTP.
    ("asmtp", Protocol::new(ProtocolKind::Smtp, false, true)),
    // qmail's own queueing protocol: mail transfer without TLS.
    ("qmqp", Protocol::new(ProtocolKind::Smtp, false, false)),
    ("mapi", Protocol::new(ProtocolKind::Local, false, false)),
    ("pipe", Protocol::new(ProtocolKind::Local, false, false)),
    ("https", Protocol::new(ProtocolKind::Https, true, false)),
    ("http", Protocol::new(ProtocolKind::Http, false, false)),
    ("http/1.0", Protocol::new(ProtocolKind::Http, false, false)),
    ("http/1.1", Protocol::new(ProtocolKind::Http, false, false)),
    ("httprest", Protocol::new(ProtocolKind::Http, false, false)),
    ("rest", Protocol::new(ProtocolKind::Http, false, false)),
    ("ecstream", Protocol::new(ProtocolKind::Http, false, false)),
    ("imap", Protocol::new(ProtocolKind::Retrieval, false, false)),
    ("imaps", Protocol::new(ProtocolKind::Retrieval, true, false)),
    ("pop", Protocol::new(ProtocolKind::Retrieval, false, false)),
    ("pop3", Protocol::new(ProtocolKind::Retrieval, false, false)),
    ("pop3s", Protocol::new(ProtocolKind::Retrieval, true, false)),
];

/// Reads a `with` value as the contract keeps it (depth-0 words joined by one space).
pub fn read_protocol(with: &str) -> Protocol {
    let with = with.trim();
    if starts_with_ignore_case(with, "Microsoft SMTP") {
        return Protocol::new(ProtocolKind::Smtp, false, false);
    }
    if starts_with_ignore_case(with, "MailboxResubmission") {
        return Protocol::new(ProtocolKind::Local, false, false);
    }
    if starts_with_ignore_case(with, "local") {
        // Exim's `local`, `local-esmtp`, `local-bsmtp`, `local-smtp`.
        return Protocol::new(ProtocolKind::Local, false, false);
    }
    // Two-word protocols carry their flags in the last word (`MailEnable ESMTPA`, qmail's
    // `… encrypted SMTP`); IronPort glues the cipher on with `/` (`ESMTP/TLS/…`).
    let word = with.rsplit(' ').next().unwrap_or(with);
    let word = word.split('/').next().unwrap_or(word);
    if let Some((_, protocol)) = IRREGULAR
        .iter()
        .find(|(spelling, _)| word.eq_ignore_ascii_case(spelling))
    {
        return *protocol;
    }
    rfc3848(word).unwrap_or(Protocol::new(ProtocolKind::Other, false, false))
}

/// `["UTF8"] ["E"] ("SMTP" / "LMTP") ["S"] ["A"]`, any case.
fn rfc3848(word: &str) -> Option<Protocol> {
    let rest = strip_prefix_ignore_case(word, "UTF8").unwrap_or(word);
    let (kind, flags) = if let Some(flags) = strip_prefix_ignore_case(rest, "LMTP") {
        (ProtocolKind::Lmtp, flags)
    } else if let Some(flags) =
        strip_prefix_ignore_case(rest, "ESMTP").or_else(|| strip_prefix_ignore_case(rest, "SMTP"))
    {
        (ProtocolKind::Smtp, flags)
    } else {
        return None;
    };
    let flag = |name: &str| flags.eq_ignore_ascii_case(name);
    if flags.is_empty() {
        Some(Protocol::new(kind, false, false))
    } else if flag("S") {
        Some(Protocol::new(kind, true, false))
    } else if flag("A") {
        Some(Protocol::new(kind, false, true))
    } else if flag("SA") {
        Some(Protocol::new(kind, true, true))
    } else {
        None
    }
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    starts_with_ignore_case(text, prefix).then(|| &text[prefix.len()..])
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
}

#[cfg(test)]
mod tests {
    use super::ProtocolKind::*;
    use super::*;

    #[test]
    fn reads_every_spelling() {
        let cases = [
            ("SMTP", Smtp, false, false),
            ("ESMTP", Smtp, false, false),
            ("ESMTPS", Smtp, true, false),
            ("ESMTPSA", Smtp, true, true),
            ("ESMTPA", Smtp, false, true),
            ("esmtps", Smtp, true, false),
            ("esmtpsa", Smtp, true, true),
            ("esmtpS", Smtp, true, false),
            ("SMTPS", Smtp, true, false),
            ("SMTPs", Smtp, true, false),
            ("SMTPSA", Smtp, true, true),
            ("UTF8SMTPS", Smtp, true, false),
            ("UTF8SMTPSA", Smtp, true, true),
            ("smtps", Smtp, true, false),
            ("ssmtp", Smtp, true, false),
            ("essmtpa", Smtp, true, true),
            ("ESMTP-TLS", Smtp, true, false),
            ("asmtp", Smtp, false, true),
            ("LMTP", Lmtp, false, false),
            ("LMTPSA", Lmtp, true, true),
            ("UTF8LMTPS", Lmtp, true, false),
            ("Microsoft SMTP Server", Smtp, false, false),
            ("Microsoft SMTPSVC", Smtp, false, false),
            ("MailEnable ESMTPA", Smtp, false, true),
            (
                "ECDHE-RSA-AES256-GCM-SHA384 encrypted SMTP",
                Smtp,
                false,
                false,
            ),
            ("ESMTP/TLS/ECDHE-RSA-AES256-GCM-SHA384", Smtp, false, false),
            ("mapi", Local, false, false),
            ("MailboxResubmission by AntispamTT", Local, false, false),
            ("local", Local, false, false),
            ("local-esmtp", Local, false, false),
            ("PIPE", Local, false, false),
            ("HTTPS", Https, true, false),
            ("HTTP", Http, false, false),
            ("HTTPREST", Http, false, false),
            ("REST", Http, false, false),
            ("IMAP", Retrieval, false, false),
            ("POP3", Retrieval, false, false),
            ("QMQP", Smtp, false, false),
            ("ngmta", Other, false, false),
            ("NNFMP", Other, false, false),
            ("ESMTPX", Other, false, false),
            ("", Other, false, false),
        ];
        for (with, kind, tls, auth) in cases {
            assert_eq!(
                read_protocol(with),
                Protocol::new(kind, tls, auth),
                "{with:?}"
            );
        }
    }
}
