//! Hostile input, family by family: each gives a clear result or a clear error, never a panic,
//! and every report keeps the invariants the fuzz targets check. Large inputs are generated
//! here. Speed is measured by `cargo bench -p hoptls-core --bench hostile`, not by these tests.

// Each test binary uses only some of the shared checks.
#[allow(dead_code)]
#[path = "../../fuzz/src/invariants.rs"]
mod invariants;

use hoptls_core::{
    Error, Hop, Report, analyze, analyze_received,
    limits::{MAX_COMMENT_DEPTH, MAX_HEADER_BLOCK_BYTES, MAX_RECEIVED_HEADERS, MAX_VALUE_BYTES},
};

const MESSAGE: &str = "Received: from relay.example.net (relay.example.net [198.51.100.7])\n\t(using TLSv1.2 with cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits))\n\tby mx.example.com (Postfix) with ESMTPS id 4Y2kQv1fGzz7hTqn\n\tfor <dana@example.com>; Tue,  3 Dec 2024 09:15:04 +0000 (UTC)\nReceived: from [192.0.2.7] (unknown [203.0.113.25])\n\tby relay.example.net (Postfix) with ESMTP id 8BEE77EA30\n\tfor <dana@example.com>; Tue,  3 Dec 2024 09:15:02 +0000 (UTC)\nSubject: hello\nFrom: ana@example.org\n\nbody\n";

fn codes(findings: &[hoptls_core::Finding]) -> Vec<&str> {
    findings.iter().map(|f| f.code.as_ref()).collect()
}

/// Analyses and checks the invariants of any report.
fn report(input: &[u8]) -> Result<Report, Error> {
    let result = analyze("hostile.eml", input);
    if let Ok(report) = &result {
        invariants::check_report(report);
    }
    result
}

fn hop(value: &str) -> Hop {
    invariants::check_received_value(value);
    analyze_received(value)
}

/// A small deterministic generator, so that "random" inputs are the same on every run.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }
}

/// A 1×1 PNG, as an image viewer would write it.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\0\x05\0\x01\xff\x89\x99=\x1d\0\0\0\0IEND\xaeB`\x82";

/// A 1×1 transparent GIF.
const GIF: &[u8] = b"GIF89a\x01\0\x01\0\x80\0\0\0\0\0\xff\xff\xff!\xf9\x04\x01\0\0\0\0,\0\0\0\0\x01\0\x01\0\0\x02\x02D\x01\0;";

#[test]
fn empty_and_blank_inputs_are_an_error() {
    for input in [&b""[..], b"\n\n\r\n", b"   \t  "] {
        assert_eq!(report(input), Err(Error::Empty), "{input:?}");
    }
}

#[test]
fn images_are_not_messages() {
    for image in [PNG, GIF] {
        let error = report(image).expect_err("an image is not a message");
        assert!(
            matches!(error, Error::Binary | Error::NotAMessage(_)),
            "{error:?}"
        );
    }
    assert_eq!(report(PNG), Err(Error::Binary));
}

#[test]
fn random_bytes_never_panic() {
    let mut random = XorShift(0x5eed_1234_abcd_0001);
    let mut errors = 0;
    for len in (0..2_000).step_by(7).chain([65_536, 1 << 20]) {
        if report(&random.bytes(len)).is_err() {
            errors += 1;
        }
    }
    // Random bytes are binary data: every one of them is refused, none panics.
    assert_eq!(errors, 288);
    // Random text with a header in front is read leniently instead.
    for _ in 0..50 {
        let mut input = b"Received: from a.example.org by b.example.org; ".to_vec();
        input.extend(random.bytes(300).iter().map(|b| b'!' + b % 90));
        input.extend(b"\nSubject: x\n\n");
        let report = report(&input).expect("a header block");
        assert_eq!(report.hops.len(), 1);
    }
}

#[test]
fn nul_bytes_inside_headers_are_kept_as_data() {
    let input = b"Received: from a\0.example.org by mx\0.example.com with ESMTP id x\0y; Tue, 3 Dec 2024 09:15:02 +0000\nSubject: nul\0inside\n\n";
    let report = report(input).expect("a message");
    let hop = &report.hops[0];
    assert_eq!(hop.by.as_deref(), Some("mx\0.example.com"));
    assert_eq!(hop.id.as_deref(), Some("x\0y"));
    assert_eq!(report.message.subject.as_deref(), Some("nul\0inside"));
    let json = serde_json::to_string(&report).expect("json");
    assert!(json.contains(r"mx\u0000.example.com"), "{json}");

    // A file that starts with NUL is binary.
    assert_eq!(self::report(b"\0Received: x\n\n"), Err(Error::Binary));
}

#[test]
fn invalid_utf8_is_replaced_not_refused() {
    let input = b"Received: from \xff\xfe.example.org by mx.example.com\xc3 with ESMTP; Tue, 3 Dec 2024 09:15:02 +0000\nSubject: caf\xe9\n\n";
    let report = report(input).expect("a message");
    assert_eq!(report.hops[0].by.as_deref(), Some("mx.example.com\u{FFFD}"));
    assert_eq!(report.message.subject.as_deref(), Some("caf\u{FFFD}"));
    assert_eq!(
        report.hops[0].timestamp.as_deref(),
        Some("2024-12-03T09:15:02+00:00")
    );
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut bytes = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for unit in text.encode_utf16() {
        bytes.extend(if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    bytes
}

#[test]
fn utf16_with_a_bom_reads_like_utf8() {
    let expected = report(MESSAGE.as_bytes()).expect("utf-8");
    for big_endian in [false, true] {
        let got = report(&utf16(MESSAGE, big_endian)).expect("utf-16");
        assert_eq!(got, expected, "big endian: {big_endian}");
    }
    // An odd trailing byte and an unpaired surrogate are replaced, not fatal.
    let mut odd = utf16(MESSAGE, false);
    odd.extend([0x00, 0xD8, 0x41]);
    assert_eq!(report(&odd).expect("utf-16").hops, expected.hops);
}

#[test]
fn a_utf16_block_past_the_limit_is_cut_with_a_finding() {
    let line = "X-Filler: 0123456789012345678901234567890123456789012345678901234567890123456789\n";
    let text = format!(
        "{MESSAGE_HEAD}{}",
        line.repeat(MAX_HEADER_BLOCK_BYTES / line.len() + 10)
    );
    let report = report(&utf16(&text, false)).expect("utf-16");
    assert!(codes(&report.findings).contains(&"header-block-truncated"));
    assert_eq!(report.hops.len(), 1);
}

const MESSAGE_HEAD: &str = "Received: from a.example.org by b.example.org with ESMTPS; Tue, 3 Dec 2024 09:15:02 +0000\nSubject: head\n";

#[test]
fn cr_only_line_ends_read_like_lf() {
    let expected = report(MESSAGE.as_bytes()).expect("lf");
    let cr = MESSAGE.replace('\n', "\r");
    let got = report(cr.as_bytes()).expect("cr");
    assert_eq!(got.hops.len(), 2);
    for (got, expected) in got.hops.iter().zip(&expected.hops) {
        assert_eq!(got.raw, expected.raw);
        assert_eq!(got.tls, expected.tls);
        assert_eq!(got.timestamp, expected.timestamp);
    }
}

#[test]
fn a_block_without_blank_line_or_body_is_read() {
    let block = MESSAGE.split("\n\n").next().expect("head");
    for input in [block.to_owned(), format!("{block}\n")] {
        let report = report(input.as_bytes()).expect("a header block");
        assert_eq!(report.hops.len(), 2);
        assert_eq!(report.message.from.as_deref(), Some("ana@example.org"));
        assert!(report.findings.is_empty(), "{:?}", report.findings);
    }
}

#[test]
fn a_two_megabyte_received_line_is_cut_twice_with_findings() {
    let value = format!(
        " from a.example.org by b.example.org with ESMTPS id {}; Tue, 3 Dec 2024 09:15:02 +0000",
        "x".repeat(2 << 20)
    );
    let input = format!("Subject: big\nReceived:{value}\n\nbody\n");
    let report = report(input.as_bytes()).expect("a message");
    assert!(codes(&report.findings).contains(&"header-block-truncated"));
    let first = &report.hops[0];
    assert!(codes(&first.findings).contains(&"value-too-long"));
    assert!(first.raw.len() <= MAX_VALUE_BYTES);
    assert_eq!(first.by.as_deref(), Some("b.example.org"));
    assert_eq!(report.message.subject.as_deref(), Some("big"));

    let alone = hop(&value);
    assert!(codes(&alone.findings).contains(&"value-too-long"));
    assert!(alone.raw.len() <= MAX_VALUE_BYTES);
}

#[test]
fn twenty_thousand_received_headers_keep_the_newest() {
    // Short headers: all 20,000 fit in the block, only the header count limit is hit.
    let mut input = String::new();
    for n in (0..20_000).rev() {
        input.push_str(&format!("Received: by h{n}.example.net\n"));
    }
    input.push_str("Subject: many\n\n");
    let report = report(input.as_bytes()).expect("a message");
    assert_eq!(report.hops.len(), MAX_RECEIVED_HEADERS);
    assert_eq!(codes(&report.findings), ["received-limit"]);
    assert_eq!(
        report.hops.last().and_then(|h| h.by.as_deref()),
        Some("h19999.example.net")
    );

    // Full-size headers: the block limit is hit first, then the header count.
    let line = "Received: from a.example.org (a.example.org [192.0.2.1]) by b.example.org (Postfix) with ESMTPS id 4Y2kQv1fGzz7hTqm; Tue, 3 Dec 2024 09:15:02 +0000\n";
    let input = format!("{}Subject: many\n\n", line.repeat(20_000));
    let report = self::report(input.as_bytes()).expect("a message");
    assert_eq!(report.hops.len(), MAX_RECEIVED_HEADERS);
    let found = codes(&report.findings);
    assert!(found.contains(&"header-block-truncated"), "{found:?}");
    assert!(found.contains(&"received-limit"), "{found:?}");
}

#[test]
fn ten_thousand_nested_parentheses() {
    let closed = format!(
        " from a.example.org {}x{} by b.example.org with ESMTP; Tue, 3 Dec 2024 09:15:02 +0000",
        "(".repeat(10_000),
        ")".repeat(10_000)
    );
    let read = hop(&closed);
    assert!(codes(&read.findings).contains(&"comment-too-deep"));
    assert_eq!(read.by.as_deref(), Some("b.example.org"));

    let unclosed = format!(
        " from a.example.org by b.example.org with ESMTP; Tue, 3 Dec 2024 09:15:02 +0000 {}",
        "(".repeat(10_000)
    );
    let read = hop(&unclosed);
    assert!(codes(&read.findings).contains(&"unterminated-delimiter"));
    assert_eq!(read.with.as_deref(), Some("ESMTP"));

    // Just past the limit is flagged; at the limit is not.
    let at = |depth: usize| {
        hop(&format!(
            " from a {}x{} by b; Tue, 3 Dec 2024 09:15:02 +0000",
            "(".repeat(depth),
            ")".repeat(depth)
        ))
    };
    assert!(!codes(&at(MAX_COMMENT_DEPTH).findings).contains(&"comment-too-deep"));
    assert!(codes(&at(MAX_COMMENT_DEPTH + 1).findings).contains(&"comment-too-deep"));

    // In a whole message, the subject and From too.
    let message = format!(
        "Received:{closed}\nSubject: {}\nFrom: {}\n\n",
        "(".repeat(10_000),
        "(".repeat(10_000)
    );
    report(message.as_bytes()).expect("a message");
}

#[test]
fn five_hundred_semicolons() {
    let read = hop(&format!(
        " from a.example.org by b.example.org with ESMTP id 1{}; Tue, 3 Dec 2024 09:15:02 +0000",
        ";".repeat(500)
    ));
    assert_eq!(read.timestamp.as_deref(), Some("2024-12-03T09:15:02+00:00"));
    assert_eq!(read.id.as_deref(), Some("1"));
    let read = hop(&";".repeat(500));
    assert_eq!(codes(&read.findings), ["no-date"]);
    assert_eq!(read.by, None);
}

#[test]
fn unterminated_delimiters_do_not_swallow_the_clauses() {
    for opener in ["(", "[", "<", "\""] {
        let value = format!(
            " from a.example.org {opener}oops by b.example.org with ESMTPS id 7; Tue, 3 Dec 2024 09:15:02 +0000"
        );
        let read = hop(&value);
        assert!(
            codes(&read.findings).contains(&"unterminated-delimiter"),
            "{opener}"
        );
        assert_eq!(read.by.as_deref(), Some("b.example.org"), "{opener}");
        assert_eq!(read.with.as_deref(), Some("ESMTPS"), "{opener}");
        assert_eq!(
            read.timestamp.as_deref(),
            Some("2024-12-03T09:15:02+00:00"),
            "{opener}"
        );
        // Thousands of them stay readable (and linear: see the hostile benchmark).
        let many = format!(
            " from a by b.example.org with ESMTPS; Tue, 3 Dec 2024 09:15:02 +0000 {}",
            format!("{opener} ").repeat(20_000)
        );
        let read = hop(&many);
        assert_eq!(read.by.as_deref(), Some("b.example.org"), "{opener}");
    }
}

#[test]
fn numbers_that_overflow_are_not_read_as_numbers() {
    let read = hop(
        " from a.example.org by b.example.org (8.17.1/8.17.1) with ESMTPS id 9 (version=TLSv1.2 cipher=ECDHE-RSA-AES256-GCM-SHA384 bits=99999999999999999999 verify=NOT); Tue, 3 Dec 2024 09:15:02 +0000",
    );
    let tls = read.tls.as_ref().expect("tls");
    assert_eq!(tls.bits, None);
    assert_eq!(tls.cipher.as_deref(), Some("ECDHE-RSA-AES256-GCM-SHA384"));

    let read = hop(" from a by b with ESMTP; Tue, 3 Dec 99999 09:15:02 +0000");
    assert_eq!(read.timestamp, None);
    assert!(codes(&read.findings).contains(&"date-invalid"));

    let port = "9".repeat(400);
    let read = hop(&format!(
        " from a.example.org (a.example.org [192.0.2.1]:{port}) by b.example.org with ESMTP; Tue, 3 Dec 2024 09:15:02 +0000"
    ));
    assert_eq!(
        read.from.as_ref().and_then(|f| f.ip.as_deref()),
        Some("192.0.2.1")
    );

    for date in [
        "Tue, 99999999999999999999 Dec 2024 09:15:02 +0000",
        "Tue, 3 Dec 2024 99999999999999999999:15:02 +0000",
        "Tue, 3 Dec 2024 09:15:02.99999999999999999999 +0000",
        "Tue, 3 Dec 2024 09:15:02 +99999999999999999999",
        "99999999999999999999-12-03T09:15:02Z",
    ] {
        let read = hop(&format!(" from a by b; {date}"));
        assert_eq!(read.timestamp, None, "{date}");
    }
    let message = report(b"Date: Tue, 3 Dec 99999 09:15:02 +0000\nReceived: by b; Tue, 3 Dec 2024 09:15:02 +0000\n\n")
        .expect("a message");
    assert_eq!(message.message.date, None);
    assert!(codes(&message.findings).contains(&"message-date-invalid"));
}

#[test]
fn terminal_escapes_are_kept_as_data_in_the_report() {
    // The core keeps what was written; the CLI's table makes it printable (cli/tests/hostile.rs).
    // Without delimiters the escape bytes stay inside the words they were put in.
    let bare = "\u{1b}\u{7}\u{9b}\u{202e}";
    let read = hop(&format!(
        " from evil{bare}.example.org by mx{bare}.example.com with ESMTPS id id{bare} (version=TLSv1.2 cipher=AES{bare}-GCM); Tue, 3 Dec 2024 09:15:02 +0000"
    ));
    assert_eq!(
        read.by.as_deref(),
        Some(format!("mx{bare}.example.com").as_str())
    );
    assert_eq!(read.id.as_deref(), Some(format!("id{bare}").as_str()));
    let tls = read.tls.as_ref().expect("tls");
    assert_eq!(
        tls.cipher.as_deref(),
        Some(format!("AES{bare}-GCM").as_str())
    );

    // Real sequences (CSI `ESC [`, OSC `ESC ] … BEL`) hold delimiters: still no panic, and the
    // JSON escapes every control character.
    let csi_osc = "\u{1b}]0;owned\u{7}\u{1b}[2J\u{1b}[31m";
    let read = hop(&format!(
        " from evil{csi_osc}.example.org by mx{csi_osc}.example.com with ESMTPS id {csi_osc}; Tue, 3 Dec 2024 09:15:02 +0000"
    ));
    let json = serde_json::to_string(&read).expect("json");
    assert!(
        !json.contains('\u{1b}') && !json.contains('\u{7}'),
        "{json}"
    );
    assert!(json.contains(r"\u001b"), "{json}");
}

#[test]
fn over_long_message_fields_are_cut_with_a_finding() {
    let long = "s".repeat(MAX_VALUE_BYTES + 10);
    let input = format!(
        "Subject: {long}\nFrom: {long}@example.org\nReceived: by b; Tue, 3 Dec 2024 09:15:02 +0000\n\n"
    );
    let report = report(input.as_bytes()).expect("a message");
    let subject = report.message.subject.as_deref().expect("subject");
    assert!(subject.len() <= MAX_VALUE_BYTES);
    let found = codes(&report.findings);
    assert_eq!(
        found.iter().filter(|c| **c == "value-too-long").count(),
        2,
        "{found:?}"
    );
}

#[test]
fn mbox_splitting_holds_its_invariants_on_edge_cases() {
    let mut random = XorShift(0x0b0c_5eed);
    let mut cases: Vec<Vec<u8>> = [
        &b""[..],
        b"From x",
        b"From x\n",
        b"From x\nFrom y\n",
        b"\n\nFrom x\n\nFrom y",
        b"From x\r\n\r\nFrom y\r\n",
        b"Subject: loose\n\nFrom x\n",
        b"\xEF\xBB\xBFFrom x\nSubject: bom\n\nFrom y\n",
        b"\r\rFrom x\r\rFrom y",
    ]
    .iter()
    .map(|case| case.to_vec())
    .collect();
    for _ in 0..200 {
        // Random files made of the pieces that matter: separators, blank lines, CR, text.
        let pieces: [&[u8]; 6] = [b"From ", b"\n", b"\r\n", b"\r", b"x", b">From "];
        let file: Vec<u8> = (0..random.next() % 40)
            .flat_map(|_| pieces[(random.next() % 6) as usize].iter().copied())
            .collect();
        cases.push(file);
    }
    for case in &cases {
        for cap in [5, 6, 9, 64] {
            invariants::check_mbox_split(case, cap);
        }
    }
}

#[test]
fn an_mbox_line_past_the_limit_changes_nothing_when_cut() {
    use hoptls_core::{limits::MAX_MBOX_LINE_BYTES, mbox};

    let huge = "y".repeat(MAX_MBOX_LINE_BYTES + 1000);
    let file = format!(
        "From a@example.org Tue Dec  3 09:15:02 2024\nReceived: from a by b; Tue, 3 Dec 2024 09:15:02 +0000\nX-Huge: {huge}\nSubject: one\n\nbody {huge}\nFrom not a separator\n\n\
         From b@example.org Tue Dec  3 09:16:02 2024\n{MESSAGE}"
    );
    let bytes = file.as_bytes();
    let messages: Vec<&[u8]> = mbox::split(bytes).collect();
    assert_eq!(messages.len(), 2);
    assert!(mbox::has_long_line(messages[0]));
    assert!(!mbox::has_long_line(messages[1]));

    // A reader that holds at most the limit of each line splits at the same places ...
    let ranges = invariants::capped_reader_split(bytes, MAX_MBOX_LINE_BYTES);
    assert_eq!(ranges.len(), 2);
    for (range, message) in ranges.iter().zip(&messages) {
        // ... and what it hands on, each line cut at the limit, gives the same report.
        let cut: Vec<u8> = bytes[range.clone()]
            .split(|&b| b == b'\n')
            .map(|line| &line[..line.len().min(MAX_MBOX_LINE_BYTES)])
            .collect::<Vec<_>>()
            .join(&b'\n');
        assert_eq!(report(&cut), report(message));
    }
    let first = report(messages[0]).expect("a message");
    assert!(codes(&first.findings).contains(&"header-block-truncated"));
    assert_eq!(first.hops.len(), 1);
}
