//! The module as the page uses it, run as WebAssembly in node:
//! `cargo test -p hoptls-wasm --target wasm32-unknown-unknown` (the runner is set in
//! `.cargo/config.toml`). Every fixture message must give its golden JSON, as the core and the
//! command-line tool do.

#![cfg(target_arch = "wasm32")]

use hoptls_wasm::{Analyser, PASTED, analyze, analyze_text, version};
use serde_json::Value;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));

/// The core's golden test asks for at least this many; fewer means the list was not generated.
const MINIMUM_MESSAGES: usize = 30;

fn reports(json: &str) -> Vec<Value> {
    match serde_json::from_str(json) {
        Ok(Value::Array(reports)) => reports,
        other => panic!("not a JSON array: {other:?}"),
    }
}

fn error_message(error: wasm_bindgen::JsError) -> String {
    let value = JsValue::from(error);
    js_sys::Error::from(value).message().into()
}

#[wasm_bindgen_test]
fn every_fixture_gives_its_golden_json() {
    assert!(
        FIXTURES.len() >= MINIMUM_MESSAGES,
        "only {} fixture messages embedded",
        FIXTURES.len()
    );
    let mut failures = Vec::new();
    for (source, bytes, golden) in FIXTURES {
        let golden: Value = serde_json::from_str(golden).expect("golden JSON");
        match analyze(source, bytes) {
            Ok(analysis) => {
                let reports = reports(&analysis.json());
                if reports != [golden] {
                    failures.push(format!("{source}: differs from its golden JSON"));
                }
                assert!(analysis.errors().is_empty(), "{source}");
            }
            Err(error) => failures.push(format!("{source}: {}", error_message(error))),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[wasm_bindgen_test]
fn pasted_text_is_named_like_standard_input() {
    let (source, bytes, golden) = FIXTURES[0];
    let text = std::str::from_utf8(bytes).expect("UTF-8 fixture");
    let analysis = analyze_text(PASTED, text).expect("a message");
    let mut golden: Value = serde_json::from_str(golden).expect("golden JSON");
    golden["source"] = Value::from("-");
    assert_eq!(reports(&analysis.json()), [golden], "{source}");
}

#[wasm_bindgen_test]
fn an_mbox_gives_one_report_per_message_named_by_position() {
    let mut file = Vec::new();
    let mut expected = Vec::new();
    for (position, (_, bytes, golden)) in FIXTURES.iter().take(3).enumerate() {
        file.extend_from_slice(b"From ana@example.org Tue Dec  3 09:15:02 2024\n");
        file.extend_from_slice(bytes);
        file.extend_from_slice(b"\n");
        let mut golden: Value = serde_json::from_str(golden).expect("golden JSON");
        golden["source"] = Value::from(format!("archive.mbox#{}", position + 1));
        expected.push(golden);
    }
    // A separator with nothing after it: reported, and the three messages are still there.
    file.extend_from_slice(b"From bo@example.net Tue Dec  3 09:16:02 2024\n");
    let analysis = analyze("archive.mbox", &file).expect("an mbox");
    assert_eq!(reports(&analysis.json()), expected);
    assert_eq!(
        analysis.errors(),
        ["archive.mbox#4: empty input: no header block"]
    );
}

#[wasm_bindgen_test]
fn not_a_message_throws_an_error_naming_the_file() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01";
    let error = analyze("holiday.png", png).expect_err("binary data");
    assert_eq!(
        error_message(error),
        "holiday.png: binary data, not an email message"
    );
    let error = analyze_text(PASTED, "   \n").expect_err("blank text");
    assert_eq!(error_message(error), "-: empty input: no header block");
}

fn fixture(name: &str) -> (&'static str, &'static [u8], Value) {
    let (source, bytes, golden) = FIXTURES
        .iter()
        .find(|(source, _, _)| source.ends_with(name))
        .expect("the fixture");
    (
        source,
        bytes,
        serde_json::from_str(golden).expect("golden JSON"),
    )
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

#[wasm_bindgen_test]
fn an_analyser_without_settings_gives_every_golden() {
    let mut analyser = Analyser::new(false, vec![], vec![], vec![]).expect("no settings");
    for (source, bytes, golden) in FIXTURES {
        let golden: Value = serde_json::from_str(golden).expect("golden JSON");
        let analysis = analyser.analyze_bytes(source, bytes).expect("a fixture");
        assert_eq!(reports(&analysis.json()), [golden], "{source}");
        assert_eq!(
            analysis.json(),
            analyze(source, bytes).expect("a fixture").json()
        );
    }
}

#[wasm_bindgen_test]
fn the_users_hosts_networks_and_authserv_ids_are_applied() {
    let (source, bytes, _) = fixture("trust/forged-long-claimed-chain.eml");
    let mut analyser = Analyser::new(
        false,
        strings(&["example.com", "secure-gw.example.net"]),
        strings(&["203.0.113.200/32"]),
        vec![],
    )
    .expect("good settings");
    let report = reports(&analyser.analyze_bytes(source, bytes).expect("read").json()).remove(0);
    let roles: Vec<&str> = report["hops"]
        .as_array()
        .expect("hops")
        .iter()
        .map(|h| h["role"].as_str().expect("role"))
        .collect();
    assert_eq!(
        roles,
        [
            "sender", "sender", "boundary", "local", "receiver", "receiver", "local"
        ]
    );
    assert_eq!(report["trust"]["method"], "configured");
    assert_eq!(report["trust"]["boundary"], 3);

    let (_, bytes, golden) = fixture("trust/foreign-authserv-above.eml");
    assert_eq!(golden["summary"]["dmarc"], Value::Null);
    let mut analyser = Analyser::new(
        false,
        vec![],
        vec![],
        strings(&["mx.example.com", "mail.example.net"]),
    )
    .expect("good settings");
    let analysis = analyser
        .analyze_text(PASTED, std::str::from_utf8(bytes).expect("UTF-8"))
        .expect("read");
    assert_eq!(reports(&analysis.json())[0]["summary"]["dmarc"], "pass");
    assert_eq!(
        analysis.auth_trust(),
        r#"[["trusted","trusted","trusted","trusted"]]"#
    );
}

#[wasm_bindgen_test]
fn a_bad_entry_throws_an_error_naming_it() {
    let error = Analyser::new(
        false,
        vec![],
        strings(&["192.0.2.0/24", "192.0.2/24"]),
        vec![],
    )
    .expect_err("a bad network");
    assert_eq!(
        error_message(error),
        "trusted networks: \"192.0.2/24\" is not an address or network (like 192.0.2.0/24)"
    );
    let error =
        Analyser::new(false, strings(&["<b>x</b>"]), vec![], vec![]).expect_err("a bad host");
    assert!(error_message(error).starts_with("trusted hosts: \"<b>x</b>\" is not a host"));
}

#[wasm_bindgen_test]
fn redaction_hides_the_hosts_keeps_the_tls_facts_and_one_analyser_keeps_its_tokens() {
    let (source, bytes, golden) = fixture("trust/forged-long-claimed-chain.eml");
    let mut analyser = Analyser::new(true, vec![], vec![], vec![]).expect("no entries");
    let first = analyser.analyze_bytes(source, bytes).expect("read").json();
    for name in [
        "example",
        "bank",
        "secure-gw",
        "EXCH0",
        "edge01",
        "mx01",
        "out02",
        "alerts@",
        "dana@",
    ] {
        assert!(!first.contains(name), "{name} survived redaction");
    }
    let redacted = reports(&first).remove(0);
    for (before, after) in golden["hops"]
        .as_array()
        .expect("hops")
        .iter()
        .zip(redacted["hops"].as_array().expect("hops"))
    {
        for field in [
            "tls",
            "encryption",
            "weak",
            "role",
            "claimed",
            "timestamp",
            "delay_seconds",
        ] {
            assert_eq!(
                before[field], after[field],
                "hop {}: {field}",
                before["index"]
            );
        }
    }
    assert_eq!(golden["summary"], redacted["summary"]);
    // Given again to the same analyser, the message gets the very same tokens.
    let second = analyser.analyze_bytes(source, bytes).expect("read").json();
    assert_eq!(first, second);
}

#[wasm_bindgen_test]
fn the_version_is_the_workspace_version() {
    assert_eq!(version(), env!("CARGO_PKG_VERSION"));
}
