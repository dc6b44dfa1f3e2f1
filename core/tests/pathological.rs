//! Lines built to hurt a parser: each gives a result and a finding that names what was odd,
//! with no stack overflow. (Their speed is measured by the benchmarks, not here.)

use hoptls_core::{analyze, analyze_received};

fn codes(findings: &[hoptls_core::Finding]) -> Vec<String> {
    findings.iter().map(|f| f.code.to_string()).collect()
}

#[test]
fn a_one_megabyte_line_is_cut_with_a_finding() {
    let value = format!(
        " from a.example.org by b.example.org with ESMTPS id {}; Tue, 3 Dec 2024 09:15:02 +0000",
        "x".repeat(1024 * 1024)
    );
    let message = format!("Received:{value}\nSubject: big\n\nbody\n");
    let report = analyze("big.eml", message.as_bytes()).expect("a message");
    let hop = &report.hops[0];
    assert!(codes(&hop.findings).contains(&"value-too-long".to_owned()));
    assert!(hop.raw.len() <= hoptls_core::limits::MAX_VALUE_BYTES);
    assert_eq!(hop.by.as_deref(), Some("b.example.org"));
    assert_eq!(hop.encryption.as_str(), "tls");
}

#[test]
fn ten_thousand_nested_comments_are_flagged_not_recursed() {
    let value = format!(
        " from a.example.org {}x{} by b.example.org with ESMTP; Tue, 3 Dec 2024 09:15:02 +0000",
        "(".repeat(10_000),
        ")".repeat(10_000)
    );
    let hop = analyze_received(&value);
    assert!(codes(&hop.findings).contains(&"comment-too-deep".to_owned()));
    assert_eq!(hop.by.as_deref(), Some("b.example.org"));
    assert_eq!(hop.timestamp.as_deref(), Some("2024-12-03T09:15:02+00:00"));
}

#[test]
fn ten_thousand_unclosed_comments_keep_the_clauses() {
    let value = format!(
        " from a.example.org {} by b.example.org with ESMTPS; Tue, 3 Dec 2024 09:15:02 +0000",
        "(".repeat(10_000)
    );
    let hop = analyze_received(&value);
    assert!(codes(&hop.findings).contains(&"unterminated-delimiter".to_owned()));
    assert_eq!(hop.by.as_deref(), Some("b.example.org"));
    assert_eq!(hop.with.as_deref(), Some("ESMTPS"));
}

#[test]
fn five_hundred_separators_leave_the_last_one_as_the_date_separator() {
    let value = format!(
        " from a.example.org by b.example.org with ESMTP{}; Tue, 3 Dec 2024 09:15:02 +0000",
        ";".repeat(500)
    );
    let hop = analyze_received(&value);
    assert_eq!(hop.timestamp.as_deref(), Some("2024-12-03T09:15:02+00:00"));

    let only_separators = format!(" from a by b{}", ";".repeat(500));
    let hop = analyze_received(&only_separators);
    assert!(codes(&hop.findings).contains(&"no-date".to_owned()));
}

#[test]
fn too_many_received_headers_keep_the_newest_with_a_finding() {
    let mut message = String::new();
    for n in 0..(hoptls_core::limits::MAX_RECEIVED_HEADERS + 20) {
        message.push_str(&format!("Received: from h{n}.example.org by h{}.example.org with ESMTPS; Tue, 3 Dec 2024 09:15:02 +0000\n", n + 1));
    }
    message.push_str("Subject: many\n\n");
    let report = analyze("many.eml", message.as_bytes()).expect("a message");
    assert_eq!(report.hops.len(), hoptls_core::limits::MAX_RECEIVED_HEADERS);
    assert!(codes(&report.findings).contains(&"received-limit".to_owned()));
    // The newest header (the first one written) is the last hop.
    assert_eq!(
        report.hops.last().and_then(|h| h.by.as_deref()),
        Some("h1.example.org")
    );
}
