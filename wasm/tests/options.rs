//! The page's settings, on the host: the adapter applies them as hoptls-core does, redacts
//! consistently across the files of one analysis, and without settings prints exactly what it
//! printed before settings existed. Also writes and checks the expected JSON of the browser
//! tests (`e2e/golden/*.json`, from `e2e/golden/scenarios.json`), made here by hoptls-core
//! directly so that the page is compared with the core and not with itself.
//!
//! `UPDATE_GOLDEN=1 cargo test -p hoptls-wasm --test options` rewrites those files.

#![cfg(not(target_arch = "wasm32"))]

use std::{
    collections::{BTreeSet, HashMap},
    fs,
    path::{Path, PathBuf},
};

use hoptls_core::{
    Options, Report,
    redact::Redactor,
    trust::{Network, TrustOptions},
};
use hoptls_wasm::{Analyser, Settings, analyze_input};
use serde_json::{Value, json};

include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn reports(json: &str) -> Vec<Value> {
    match serde_json::from_str(json) {
        Ok(Value::Array(reports)) => reports,
        other => panic!("not a JSON array: {other:?}"),
    }
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .expect("a list")
        .iter()
        .map(|v| v.as_str().expect("a string").to_owned())
        .collect()
}

fn redacting() -> Analyser {
    Analyser::with_settings(&Settings {
        redact: true,
        ..Settings::default()
    })
    .expect("no entries to check")
}

#[test]
fn without_settings_the_output_is_byte_for_byte_the_cores() {
    for (source, bytes, _) in FIXTURES {
        let report = hoptls_core::analyze(source, bytes).expect("a fixture message");
        let expected = serde_json::to_string_pretty(&[report]).expect("serialises") + "\n";
        assert_eq!(
            analyze_input(source, bytes).expect("read").json(),
            expected,
            "{source}"
        );
        let mut analyser = Analyser::with_settings(&Settings::default()).expect("no entries");
        assert_eq!(
            analyser.run(source, bytes).expect("read").json(),
            expected,
            "{source}"
        );
    }
}

/// The core's options for a scenario, built without the adapter's parsing.
fn options_of(scenario: &Value) -> Options {
    Options {
        trust: TrustOptions {
            trusted_hosts: strings(&scenario["hosts"]),
            trusted_networks: strings(&scenario["networks"])
                .iter()
                .map(|n| n.parse::<Network>().expect("a network"))
                .collect(),
        },
        trusted_authserv: strings(&scenario["authserv"]),
    }
}

#[test]
fn the_browser_tests_expected_json_is_the_cores() {
    let folder = root().join("e2e/golden");
    let scenarios: Value = serde_json::from_str(
        &fs::read_to_string(folder.join("scenarios.json")).expect("scenarios.json"),
    )
    .expect("scenarios.json is JSON");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    for scenario in scenarios.as_array().expect("a list of scenarios") {
        let options = options_of(scenario);
        let mut redactor = scenario["redact"]
            .as_bool()
            .expect("redact")
            .then(Redactor::new);
        let settings = Settings {
            redact: redactor.is_some(),
            trusted_hosts: strings(&scenario["hosts"]),
            trusted_networks: strings(&scenario["networks"]),
            trusted_authserv: strings(&scenario["authserv"]),
        };
        let mut analyser = Analyser::with_settings(&settings).expect("good settings");
        let mut expected: Vec<Report> = Vec::new();
        let mut adapter: Vec<Value> = Vec::new();
        for file in strings(&scenario["files"]) {
            let bytes = fs::read(root().join("fixtures/eml").join(&file)).expect("fixture");
            // The page names a picked file by its name alone.
            let name = file.rsplit('/').next().expect("a name");
            let mut report = hoptls_core::analyze_with(name, &bytes, &options).expect("read");
            if let Some(redactor) = &mut redactor {
                redactor.redact(&mut report);
            }
            expected.push(report);
            adapter.extend(reports(&analyser.run(name, &bytes).expect("read").json()));
        }
        let pretty = serde_json::to_string_pretty(&expected).expect("serialises") + "\n";
        assert_eq!(
            adapter,
            reports(&pretty),
            "{}: the adapter differs from the core",
            scenario["what"]
        );
        let path = folder.join(scenario["golden"].as_str().expect("golden"));
        if update {
            fs::write(&path, &pretty).expect("writable e2e/golden");
        } else if fs::read_to_string(&path).ok().as_deref() != Some(pretty.as_str()) {
            failures.push(format!(
                "{} differs from the core's output (UPDATE_GOLDEN=1 rewrites it)",
                path.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn settings_are_applied_as_the_core_applies_them() {
    let (source, bytes, _) = FIXTURES
        .iter()
        .find(|(source, _, _)| source.ends_with("trust/forged-long-claimed-chain.eml"))
        .expect("the fixture");
    let roles = |settings: Settings| -> (Vec<String>, Value, Value) {
        let mut analyser = Analyser::with_settings(&settings).expect("good settings");
        let report = reports(&analyser.run(source, bytes).expect("read").json()).remove(0);
        let roles = report["hops"]
            .as_array()
            .expect("hops")
            .iter()
            .map(|hop| hop["role"].as_str().expect("a role").to_owned())
            .collect();
        (
            roles,
            report["trust"]["method"].clone(),
            report["trust"]["boundary"].clone(),
        )
    };
    assert_eq!(
        roles(Settings::default()),
        (
            [
                "sender", "sender", "sender", "sender", "sender", "boundary", "local"
            ]
            .map(String::from)
            .to_vec(),
            json!("chain"),
            json!(6)
        )
    );
    assert_eq!(
        roles(Settings {
            trusted_hosts: vec!["*.example.com".into(), " secure-gw.example.net ".into()],
            trusted_networks: vec!["203.0.113.200".into(), String::new()],
            ..Settings::default()
        }),
        (
            [
                "sender", "sender", "boundary", "local", "receiver", "receiver", "local"
            ]
            .map(String::from)
            .to_vec(),
            json!("configured"),
            json!(3)
        )
    );
    let error = Analyser::with_settings(&Settings {
        trusted_networks: vec!["192.0.2.0/24".into(), "192.0.2.0/40".into()],
        ..Settings::default()
    })
    .expect_err("a bad network");
    assert_eq!(
        error,
        "trusted networks: \"192.0.2.0/40\": the prefix length must be 0 to 32"
    );
}

/// Dotted names with an alphabetic top label, as they stand in a header block: every host name
/// and mail domain of the input (versions and build numbers end in digits). Words followed by
/// `=` are names of properties (`header.from=`, `smtp.mailfrom=`), not hosts.
fn host_names(text: &str) -> BTreeSet<String> {
    let is_word = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_');
    let mut names = BTreeSet::new();
    let mut rest = text;
    while let Some(start) = rest.find(is_word) {
        let end = rest[start..]
            .find(|c: char| !is_word(c))
            .map_or(rest.len(), |e| start + e);
        let word = rest[start..end].trim_matches('.').to_ascii_lowercase();
        let labels: Vec<&str> = word.split('.').collect();
        let property = rest[end..].starts_with('=');
        if !property
            && labels.len() >= 2
            && labels.iter().all(|l| !l.is_empty())
            && labels
                .last()
                .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
        {
            names.insert(word);
        }
        rest = &rest[end..];
    }
    names
}

fn header_block(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes).replace("\r\n", "\n");
    text.split("\n\n").next().unwrap_or_default().to_owned()
}

/// Everything redaction must keep: the structure, every TLS fact, the verdicts, the roles and
/// the authentication results.
fn kept(report: &Value) -> Value {
    let hops: Vec<Value> = report["hops"]
        .as_array()
        .expect("hops")
        .iter()
        .map(|hop| {
            let tls = &hop["tls"];
            json!({
                "index": hop["index"], "encryption": hop["encryption"], "weak": hop["weak"],
                "tls": if tls.is_null() { Value::Null } else {
                    json!([tls["version"], tls["version_raw"], tls["cipher"], tls["bits"], tls["key_exchange"]])
                },
                "timestamp": hop["timestamp"], "delay": hop["delay_seconds"], "mta": hop["mta"],
                "role": hop["role"], "claimed": hop["claimed"],
                "findings": hop["findings"].as_array().expect("findings").iter().map(|f| f["code"].clone()).collect::<Vec<_>>(),
            })
        })
        .collect();
    let auth: Vec<Value> = report["auth"]
        .as_array()
        .expect("auth")
        .iter()
        .map(|a| {
            json!([
                a["method"],
                a["result"],
                a["header"],
                a["instance"],
                a["hop"],
                a["trusted"]
            ])
        })
        .collect();
    json!({
        "hops": hops, "summary": report["summary"], "auth": auth,
        "trust": [report["trust"]["method"], report["trust"]["boundary"]],
        "tls_required": report["message"]["tls_required"],
        "findings": report["findings"].as_array().expect("findings").iter().map(|f| f["code"].clone()).collect::<Vec<_>>(),
    })
}

#[test]
fn a_redacted_result_names_no_host_of_the_input_and_keeps_every_tls_fact() {
    // One analyser for every fixture, as the page uses one for all the files given together.
    let mut analyser = redacting();
    let mut checked = 0;
    for (source, bytes, golden) in FIXTURES {
        let analysis = analyser.run(source, bytes).expect("read");
        let redacted = reports(&analysis.json()).remove(0);
        let original: Value = serde_json::from_str(golden).expect("golden JSON");
        let text = analysis.json().to_ascii_lowercase();
        for name in host_names(&header_block(bytes)) {
            assert!(!text.contains(&name), "{source}: {name} survived redaction");
        }
        assert_eq!(
            kept(&redacted),
            kept(&original),
            "{source}: a fact was lost"
        );
        for (before, after) in original["hops"]
            .as_array()
            .expect("hops")
            .iter()
            .zip(redacted["hops"].as_array().expect("hops"))
        {
            let (before, after) = (&before["from"]["ip"], &after["from"]["ip"]);
            if let (Some(before), Some(after)) = (before.as_str(), after.as_str()) {
                let loopback = before
                    .parse::<std::net::IpAddr>()
                    .is_ok_and(|ip| ip.is_loopback());
                assert!(
                    loopback || before != after,
                    "{source}: address {before} kept"
                );
            }
        }
        // Why a result is trusted is judged before redaction, so it does not change.
        assert_eq!(
            analysis.auth_trust(),
            analyze_input(source, bytes).expect("read").auth_trust(),
            "{source}"
        );
        checked += 1;
    }
    assert!(checked >= 30, "only {checked} fixtures");
}

#[test]
fn the_files_of_one_analysis_share_their_tokens() {
    let fixture = |name: &str| {
        FIXTURES
            .iter()
            .find(|(source, _, _)| source.ends_with(name))
            .map(|(_, bytes, _)| *bytes)
            .expect("the fixture")
    };
    let first = fixture("trust/m365-inbound-edge.eml");
    let second = fixture("trust/forged-ar-below-boundary.eml");
    // The receiver of the second message's boundary hop, mx1.example.com, and its mailbox.
    let boundary = |analysis: hoptls_wasm::Analysis| {
        let report = reports(&analysis.json()).remove(0);
        let hop = &report["hops"][1];
        (hop["by"].clone(), hop["for"].clone())
    };
    let mut together = redacting();
    together.run("a.eml", first).expect("read");
    let shared = boundary(together.run("b.eml", second).expect("read"));
    let alone = boundary(redacting().run("b.eml", second).expect("read"));
    // Alone, the second message's tokens are numbered from its own first names; after the
    // first message, example.com is already d2 and the mailbox dana@example.com already u3.
    assert_eq!(alone, (json!("h4.d1.invalid"), json!("u3@d1.invalid")));
    assert_eq!(shared, (json!("h11.d2.invalid"), json!("u3@d2.invalid")));
    let mut again = redacting();
    again.run("a.eml", first).expect("read");
    assert_eq!(
        boundary(again.run("b.eml", second).expect("read")),
        shared,
        "deterministic"
    );

    // The same mailbox in both messages has one token.
    let mut tokens: HashMap<String, String> = HashMap::new();
    let mut analyser = redacting();
    for (name, bytes) in [("a.eml", first), ("b.eml", second)] {
        let original = reports(&analyze_input(name, bytes).expect("read").json()).remove(0);
        let redacted = reports(&analyser.run(name, bytes).expect("read").json()).remove(0);
        for (before, after) in original["hops"]
            .as_array()
            .expect("hops")
            .iter()
            .zip(redacted["hops"].as_array().expect("hops"))
        {
            for field in ["for", "by"] {
                if let (Some(before), Some(after)) = (before[field].as_str(), after[field].as_str())
                {
                    let token = tokens
                        .entry(before.to_ascii_lowercase())
                        .or_insert_with(|| after.to_owned());
                    assert_eq!(token, after, "{name}: {before} got two tokens");
                }
            }
        }
    }
    assert_eq!(
        tokens.get("dana@example.com").map(String::as_str),
        Some("u3@d2.invalid")
    );
}

#[test]
fn why_a_result_is_trusted_or_not() {
    let cases: [(&str, &[&str]); 5] = [
        (
            "trust/forged-ar-below-boundary.eml",
            &[
                "trusted",
                "trusted",
                "trusted",
                "claimed-hop",
                "claimed-hop",
                "claimed-hop",
            ],
        ),
        (
            "trust/forged-ar-in-original-header.eml",
            &[
                "trusted",
                "trusted",
                "trusted",
                "sender-side",
                "sender-side",
                "sender-side",
            ],
        ),
        (
            "trust/foreign-authserv-above.eml",
            &["trusted", "trusted", "untrusted-id", "trusted"],
        ),
        (
            "trust/gmail-to-gmail-workspace.eml",
            &[
                "arc-seal", "trusted", "trusted", "trusted", "trusted", "trusted", "trusted",
            ],
        ),
        ("plaintext/relay-drops-tls.eml", &[]),
    ];
    for (name, expected) in cases {
        let (source, bytes, _) = FIXTURES
            .iter()
            .find(|(s, _, _)| s.ends_with(name))
            .expect("the fixture");
        let codes: Vec<Vec<String>> =
            serde_json::from_str(&analyze_input(source, bytes).expect("read").auth_trust())
                .expect("JSON");
        assert_eq!(codes, [expected.to_vec()], "{name}");
    }
    // Naming the ids: the foreign one counts, and the receiver's own, not named, no longer does.
    let (source, bytes, _) = FIXTURES
        .iter()
        .find(|(s, _, _)| s.ends_with("trust/foreign-authserv-above.eml"))
        .expect("the fixture");
    let mut analyser = Analyser::with_settings(&Settings {
        trusted_authserv: vec!["MAIL.example.net.".into()],
        ..Settings::default()
    })
    .expect("good settings");
    let codes: Vec<Vec<String>> =
        serde_json::from_str(&analyser.run(source, bytes).expect("read").auth_trust())
            .expect("JSON");
    assert_eq!(
        codes,
        [["untrusted-id", "untrusted-id", "trusted", "untrusted-id"]]
    );

    // Over every fixture: a reason is given for exactly the results that are not trusted.
    for (source, bytes, golden) in FIXTURES {
        let golden: Value = serde_json::from_str(golden).expect("golden JSON");
        let codes: Vec<Vec<String>> =
            serde_json::from_str(&analyze_input(source, bytes).expect("read").auth_trust())
                .expect("JSON");
        let trusted: Vec<bool> = golden["auth"]
            .as_array()
            .expect("auth")
            .iter()
            .map(|a| a["trusted"] == json!(true))
            .collect();
        assert_eq!(
            codes[0].iter().map(|c| c == "trusted").collect::<Vec<_>>(),
            trusted,
            "{source}"
        );
    }
}
