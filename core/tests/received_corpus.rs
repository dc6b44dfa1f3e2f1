//! The Received-line corpus: every case of `fixtures/received/*.json`, with LF and with CRLF
//! line endings, compared field by field with the values written down by reading each line.
//!
//! Every mismatch is reported, not only the first; the actual output of a file with mismatches
//! is written next to it as `NAME.actual.json` so that it can be diffed.

use std::{
    fs,
    path::{Path, PathBuf},
};

use hoptls_core::{Hop, analyze_received};
use serde_json::{Map, Value, json};

const FIELDS: [&str; 12] = [
    "from",
    "by",
    "via",
    "with",
    "id",
    "for",
    "timestamp",
    "tls",
    "encryption",
    "mta",
    "findings",
    // `raw` is derived from the input by a rule of its own; see `unfolded_raw_matches`.
    "raw",
];
const TLS_FIELDS: [&str; 6] = [
    "version",
    "version_raw",
    "cipher",
    "bits",
    "key_exchange",
    "client_cert",
];
/// The issue that built the parser asks for at least this many lines.
const MINIMUM_CASES: usize = 250;

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/received")
}

fn corpus_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(fixture_dir())
        .expect("fixtures/received exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| {
            path.extension().is_some_and(|e| e == "json")
                && !path.to_string_lossy().ends_with(".actual.json")
        })
        .collect();
    files.sort();
    files
}

/// The hop in the fixture's shape: the contract fields, findings as sorted codes.
fn project(hop: &Hop) -> Map<String, Value> {
    let full = serde_json::to_value(hop).expect("a hop serialises");
    let mut out = Map::new();
    for field in FIELDS.iter().filter(|f| **f != "raw") {
        let value = full.get(*field).cloned().unwrap_or(Value::Null);
        let value = if *field == "findings" {
            let mut codes: Vec<String> = hop.findings.iter().map(|f| f.code.to_string()).collect();
            codes.sort();
            json!(codes)
        } else {
            value
        };
        out.insert((*field).to_owned(), value);
    }
    out
}

fn sorted_codes(value: &Value) -> Value {
    let mut codes: Vec<String> = value
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    codes.sort();
    json!(codes)
}

fn check_shape(expected: &Map<String, Value>) -> Vec<String> {
    let mut problems = Vec::new();
    for field in FIELDS.iter().filter(|f| **f != "raw") {
        if !expected.contains_key(*field) {
            problems.push(format!("expected has no `{field}`"));
        }
    }
    if let Some(Value::Object(tls)) = expected.get("tls") {
        for field in TLS_FIELDS {
            if !tls.contains_key(field) {
                problems.push(format!("expected tls has no `{field}`"));
            }
        }
    }
    problems
}

#[test]
fn every_received_line_reads_as_written_down() {
    let files = corpus_files();
    assert!(
        !files.is_empty(),
        "no fixtures in {}: the corpus test would pass on nothing",
        fixture_dir().display()
    );

    let mut failures = Vec::new();
    let mut case_count = 0;
    let mut names = std::collections::HashSet::new();
    for file in &files {
        let text = fs::read_to_string(file).expect("readable fixture file");
        let cases: Vec<Value> = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{}: not valid JSON: {e}", file.display()));
        let file_name = file
            .file_name()
            .expect("a file name")
            .to_string_lossy()
            .into_owned();
        let mut actual_cases = Vec::new();
        let mut file_failed = false;
        for case in &cases {
            case_count += 1;
            let name = case["name"].as_str().unwrap_or("<unnamed>").to_owned();
            let input = case["input"].as_str().unwrap_or_default();
            let expected = case["expected"].as_object().cloned().unwrap_or_default();
            if !names.insert(name.clone()) {
                failures.push(format!("{file_name}: {name}: the name is used twice"));
            }
            for problem in check_shape(&expected) {
                failures.push(format!("{file_name}: {name}: {problem}"));
                file_failed = true;
            }
            let mut first_actual = None;
            for (ending, value) in [
                ("LF", input.to_owned()),
                ("CRLF", input.replace('\n', "\r\n")),
            ] {
                let hop = analyze_received(&value);
                let actual = project(&hop);
                for field in FIELDS.iter().filter(|f| **f != "raw") {
                    let want = expected.get(*field).cloned().unwrap_or(Value::Null);
                    let want = if *field == "findings" {
                        sorted_codes(&want)
                    } else {
                        want
                    };
                    let got = actual.get(*field).cloned().unwrap_or(Value::Null);
                    if want != got {
                        file_failed = true;
                        failures.push(format!(
                            "{file_name}: {name} [{ending}]: {field}: expected {want}, got {got}"
                        ));
                    }
                }
                if hop.raw.contains(['\r', '\n']) || hop.raw != hop.raw.trim() {
                    failures.push(format!(
                        "{file_name}: {name} [{ending}]: raw is not unfolded and trimmed"
                    ));
                }
                first_actual.get_or_insert(actual);
            }
            let mut actual_case = case.clone();
            actual_case["expected"] = Value::Object(first_actual.unwrap_or_default());
            actual_cases.push(actual_case);
        }
        let actual_path = file.with_extension("actual.json");
        if file_failed {
            let pretty = serde_json::to_string_pretty(&actual_cases).expect("serialisable");
            fs::write(&actual_path, pretty + "\n").expect("writable fixture folder");
        } else if actual_path.exists() {
            fs::remove_file(&actual_path).expect("removable stale .actual.json");
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches in {case_count} cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        case_count >= MINIMUM_CASES,
        "only {case_count} cases; the corpus should hold at least {MINIMUM_CASES}"
    );
}
