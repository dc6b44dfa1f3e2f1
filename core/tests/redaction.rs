//! `--redact` over every message fixture: nothing identifying survives, everything else does,
//! and the same value always becomes the same token.

use std::{fs, path::Path};

use hoptls_core::{Report, analyze, redact::Redactor};
use serde_json::Value;

fn fixtures() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/eml");
    let mut found = Vec::new();
    let mut folders = vec![root];
    while let Some(folder) = folders.pop() {
        for entry in fs::read_dir(folder).expect("fixture folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "eml") {
                found.push((
                    path.display().to_string(),
                    fs::read(&path).expect("fixture"),
                ));
            }
        }
    }
    found.sort();
    found
}

/// The identifying names of a report: host names and mailboxes. (Addresses are checked field
/// by field: their tokens are documentation addresses too, so a text search could meet an
/// original of another message by chance.)
fn secrets(report: &Report) -> Vec<String> {
    let mut out = Vec::new();
    let mut add = |value: Option<&str>| {
        if let Some(value) = value {
            let value = value.trim_end_matches('.');
            let is_address = value.parse::<std::net::IpAddr>().is_ok();
            if value.contains('.') && value.chars().any(char::is_alphabetic) && !is_address {
                out.push(value.to_owned());
            }
        }
    };
    for hop in &report.hops {
        if let Some(from) = &hop.from {
            add(from.rdns.as_deref());
            add(from.ip.as_deref());
            add(from.name.as_deref().filter(|n| !n.starts_with('[')));
        }
        add(hop.by.as_deref());
        add(hop.for_address.as_deref());
    }
    add(report.message.from.as_deref());
    add(report.message.message_id.as_deref());
    out
}

/// What must survive redaction: the structure and every TLS fact.
fn structure(report: &Report) -> Value {
    let hops: Vec<Value> = report
        .hops
        .iter()
        .map(|hop| {
            serde_json::json!({
                "encryption": hop.encryption,
                "tls": hop.tls.as_ref().map(|t| (t.version, &t.version_raw, &t.cipher, t.bits)),
                "with_is_protocol": hop.with.as_deref().map(|w| w.split(' ').next_back().map(str::to_owned)),
                "timestamp": hop.timestamp,
                "delay": hop.delay_seconds,
                "role": hop.role,
                "weak": hop.weak,
                "findings": hop.findings.iter().map(|f| f.code.to_string()).collect::<Vec<_>>(),
            })
        })
        .collect();
    serde_json::json!({ "hops": hops, "summary": report.summary, "findings": report.findings.iter().map(|f| f.code.to_string()).collect::<Vec<_>>() })
}

#[test]
fn redaction_hides_every_identifying_value_and_keeps_the_structure() {
    let mut redactor = Redactor::new();
    let mut checked = 0;
    for (name, bytes) in fixtures() {
        let original = analyze(&name, &bytes).expect("a fixture message");
        let mut redacted = original.clone();
        redactor.redact(&mut redacted);
        let text = serde_json::to_string(&redacted).expect("serialises");
        for secret in secrets(&original) {
            assert!(
                !text.contains(&secret),
                "{name}: {secret} survived redaction"
            );
        }
        assert_eq!(
            structure(&original),
            structure(&redacted),
            "{name}: structure changed"
        );
        for (before, after) in original.hops.iter().zip(&redacted.hops) {
            let ip = |hop: &hoptls_core::Hop| hop.from.as_ref().and_then(|f| f.ip.clone());
            if let (Some(before), Some(after)) = (ip(before), ip(after)) {
                let loopback = before
                    .parse::<std::net::IpAddr>()
                    .is_ok_and(|ip| ip.is_loopback());
                assert!(loopback || before != after, "{name}: address {before} kept");
            }
        }
        checked += 1;
    }
    assert!(checked >= 30);
}

#[test]
fn the_same_value_becomes_the_same_token_across_messages() {
    let mut redactor = Redactor::new();
    let messages = fixtures();
    let mut token_of = std::collections::HashMap::new();
    for (name, bytes) in &messages {
        let original = analyze(name, bytes).expect("a fixture message");
        let mut redacted = original.clone();
        redactor.redact(&mut redacted);
        for (before, after) in original.hops.iter().zip(&redacted.hops) {
            let pairs = [
                (before.by.clone(), after.by.clone()),
                (
                    before.from.as_ref().and_then(|f| f.ip.clone()),
                    after.from.as_ref().and_then(|f| f.ip.clone()),
                ),
                (
                    before.from.as_ref().and_then(|f| f.rdns.clone()),
                    after.from.as_ref().and_then(|f| f.rdns.clone()),
                ),
            ];
            for (before, after) in pairs {
                if let (Some(before), Some(after)) = (before, after) {
                    let key = before.trim_end_matches('.').to_ascii_lowercase();
                    let token = after.trim_end_matches('.').to_owned();
                    let earlier = token_of.entry(key.clone()).or_insert_with(|| token.clone());
                    assert_eq!(*earlier, token, "{name}: {key} got two tokens");
                }
            }
        }
    }
    assert!(
        token_of.len() > 50,
        "too few values to say much: {}",
        token_of.len()
    );
}
