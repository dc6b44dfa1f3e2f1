//! Properties over generated input: nothing panics, and well-formed lines read back the values
//! they were rendered from.

use hoptls_core::{analyze, analyze_received};
use proptest::prelude::*;

/// Text built from the characters that matter to the grammar, so that generated input hits
/// comments, quotes, literals, separators and folds far more often than random Unicode would.
fn grammar_soup() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("(".to_owned()),
            Just(")".to_owned()),
            Just("[".to_owned()),
            Just("]".to_owned()),
            Just("<".to_owned()),
            Just(">".to_owned()),
            Just("\"".to_owned()),
            Just("\\".to_owned()),
            Just(";".to_owned()),
            Just(" ".to_owned()),
            Just("\r\n\t".to_owned()),
            Just("\n".to_owned()),
            Just("from".to_owned()),
            Just("by".to_owned()),
            Just("with".to_owned()),
            Just("id".to_owned()),
            Just("for".to_owned()),
            Just("tls".to_owned()),
            Just("ESMTPS".to_owned()),
            Just("TLSv1.2".to_owned()),
            Just("version=".to_owned()),
            Just("cipher=".to_owned()),
            Just("using".to_owned()),
            Just("TLS_AES_256_GCM_SHA384".to_owned()),
            Just("203.0.113.5".to_owned()),
            Just("IPv6:2001:db8::1".to_owned()),
            Just("Tue, 3 Dec 2024 09:15:02 +0000".to_owned()),
            Just("2024-12-03 09:15:02.5 +0000 UTC".to_owned()),
            "[a-zA-Z0-9.:=/_-]{1,12}",
            any::<char>().prop_map(String::from),
        ],
        0..60,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn no_received_value_panics(value in grammar_soup()) {
        let hop = analyze_received(&value);
        prop_assert!(!hop.raw.contains(['\r', '\n']));
    }

    #[test]
    fn no_arbitrary_string_panics(value in any::<String>()) {
        analyze_received(&value);
    }

    #[test]
    fn no_message_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = analyze("generated", &bytes);
    }

    #[test]
    fn no_header_block_panics(lines in proptest::collection::vec(grammar_soup(), 0..8)) {
        let text: String = lines.iter().map(|line| format!("Received:{line}\n")).collect();
        if let Ok(report) = analyze("generated", text.as_bytes()) {
            prop_assert!(report.hops.len() <= lines.len());
        }
    }
}

/// The parts of one well-formed hop.
#[derive(Debug, Clone)]
struct Line {
    helo: String,
    rdns: String,
    ip: String,
    by: String,
    protocol: &'static str,
    id: String,
    recipient: String,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    offset_hours: i32,
    tls: Option<(&'static str, &'static str, &'static str, u32)>,
}

fn host() -> impl Strategy<Value = String> {
    (
        "[a-z][a-z0-9-]{0,10}",
        prop::sample::select(vec![
            "example.com",
            "example.net",
            "example.org",
            "mail.test",
        ]),
    )
        .prop_map(|(label, domain)| format!("{label}.{domain}"))
}

fn address() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u8..=255).prop_map(|n| format!("192.0.2.{n}")),
        (0u8..=255).prop_map(|n| format!("203.0.113.{n}")),
        (1u16..=0xffff).prop_map(|n| format!("2001:db8::{n:x}")),
    ]
}

fn line() -> impl Strategy<Value = Line> {
    (
        (host(), host(), address(), host()),
        prop::sample::select(vec!["ESMTP", "ESMTPS", "ESMTPSA", "SMTP"]),
        "[A-Z0-9]{8,14}",
        "[a-z]{1,8}",
        (1u32..=28, 0u32..24, 0u32..60, 0u32..60, -11i32..=12),
        prop::option::of(prop::sample::select(vec![
            ("TLSv1.2", "TLS1_2", "ECDHE-RSA-AES128-GCM-SHA256", 128u32),
            ("TLSv1.3", "TLSv1.3", "TLS_AES_256_GCM_SHA384", 256),
            ("TLSv1.3", "TLS1_3", "TLS_CHACHA20_POLY1305_SHA256", 256),
        ])),
    )
        // A sender named like its receiver is a local hop: not what this property is about.
        .prop_filter("sender and receiver differ", |(hosts, ..)| {
            hosts.1 != hosts.3 && hosts.0 != hosts.3
        })
        .prop_map(
            |(
                (helo, rdns, ip, by),
                protocol,
                id,
                user,
                (day, hour, minute, second, offset_hours),
                tls,
            )| Line {
                helo,
                rdns,
                ip,
                by,
                protocol,
                id,
                recipient: format!("{user}@example.com"),
                day,
                hour,
                minute,
                second,
                offset_hours,
                tls,
            },
        )
}

fn offset_text(hours: i32) -> String {
    format!("{}{:02}00", if hours < 0 { '-' } else { '+' }, hours.abs())
}

/// Renders the line in Postfix's shape (TLS comment before `by`) or Gmail's (TLS group after
/// `for`), folded as each writes it.
fn render(line: &Line, gmail_shape: bool) -> String {
    let ip_literal = if line.ip.contains(':') {
        format!("IPv6:{}", line.ip)
    } else {
        line.ip.clone()
    };
    let date = format!(
        "Tue, {} Dec 2024 {:02}:{:02}:{:02} {}",
        line.day,
        line.hour,
        line.minute,
        line.second,
        offset_text(line.offset_hours)
    );
    if gmail_shape {
        let tls = line.tls.map_or(String::new(), |(_, raw, cipher, bits)| {
            format!("\n        (version={raw} cipher={cipher} bits={bits}/{bits})")
        });
        format!(
            " from {} ({} [{}])\n        by {} with {} id {}\n        for <{}>{tls};\n        {date}",
            line.helo, line.rdns, line.ip, line.by, line.protocol, line.id, line.recipient
        )
    } else {
        let tls = line.tls.map_or(String::new(), |(_, raw, cipher, bits)| {
            format!("\n\t(using {raw} with cipher {cipher} ({bits}/{bits} bits))")
        });
        format!(
            " from {} ({} [{ip_literal}]){tls}\n\tby {} (Postfix) with {} id {}\n\tfor <{}>; {date}",
            line.helo, line.rdns, line.by, line.protocol, line.id, line.recipient
        )
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn rendered_lines_read_back(line in line(), gmail_shape in any::<bool>()) {
        let value = render(&line, gmail_shape);
        let hop = analyze_received(&value);
        let from = hop.from.as_ref().expect("a from part");
        prop_assert_eq!(from.name.as_deref(), Some(line.helo.as_str()));
        prop_assert_eq!(from.rdns.as_deref(), Some(line.rdns.as_str()));
        prop_assert_eq!(from.ip.as_deref(), Some(line.ip.as_str()));
        prop_assert_eq!(hop.by.as_deref(), Some(line.by.as_str()));
        prop_assert_eq!(hop.with.as_deref(), Some(line.protocol));
        prop_assert_eq!(hop.id.as_deref(), Some(line.id.as_str()));
        prop_assert_eq!(hop.for_address.as_deref(), Some(line.recipient.as_str()));
        let offset = {
            let hours = line.offset_hours;
            format!("{}{:02}:00", if hours < 0 { '-' } else { '+' }, hours.abs())
        };
        let timestamp = format!(
            "2024-12-{:02}T{:02}:{:02}:{:02}{offset}",
            line.day, line.hour, line.minute, line.second
        );
        prop_assert_eq!(hop.timestamp.as_deref(), Some(timestamp.as_str()));
        match line.tls {
            Some((version, raw, cipher, bits)) => {
                let tls = hop.tls.as_ref().expect("a TLS object");
                prop_assert_eq!(tls.version, Some(version));
                prop_assert_eq!(tls.version_raw.as_deref(), Some(raw));
                prop_assert_eq!(tls.cipher.as_deref(), Some(cipher));
                prop_assert_eq!(tls.bits, Some(bits));
                prop_assert_eq!(hop.encryption.as_str(), "tls");
            }
            None => {
                prop_assert!(hop.tls.is_none());
                // The S flag says TLS; without it only a writer known to mark TLS (Postfix here)
                // makes the hop plaintext, and an unsigned line stays unknown.
                let expected = match (line.protocol, gmail_shape) {
                    ("ESMTPS" | "ESMTPSA", _) => "tls",
                    (_, false) => "plaintext",
                    (_, true) => "unknown",
                };
                prop_assert_eq!(hop.encryption.as_str(), expected);
            }
        }
    }
}
