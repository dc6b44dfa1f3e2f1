//! Whole messages: every `fixtures/eml/**/NAME.eml` against its golden `NAME.json` (the object
//! `hoptls --format json` prints for it), with LF and with CRLF line endings; and the facts
//! checked by hand in `fixtures/eml/expectations.json`.
//!
//! `UPDATE_GOLDEN=1 cargo test -p hoptls-core --test eml_golden` rewrites the golden files; the
//! diff is reviewed like code. A mismatch writes `NAME.actual.json` next to the fixture.

use std::{
    fs,
    path::{Path, PathBuf},
};

use hoptls_core::analyze;
use serde_json::Value;

/// The issue that built the core asks for at least this many messages.
const MINIMUM_MESSAGES: usize = 30;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn eml_root() -> PathBuf {
    repo_root().join("fixtures/eml")
}

fn messages() -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![eml_root()];
    while let Some(folder) = folders.pop() {
        for entry in fs::read_dir(&folder).expect("readable fixture folder") {
            let path = entry.expect("readable entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "eml") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// The name a report gives the fixture: its path from the repository root, as the CLI test
/// passes it, so that both tests share one golden file.
fn source_of(path: &Path) -> String {
    path.strip_prefix(repo_root())
        .expect("fixture under the repository")
        .to_string_lossy()
        .replace('\\', "/")
}

fn report_value(path: &Path, bytes: &[u8]) -> Value {
    let report = analyze(&source_of(path), bytes)
        .unwrap_or_else(|e| panic!("{}: not analysed: {e}", path.display()));
    serde_json::to_value(report).expect("a report serialises")
}

fn with_crlf(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 20);
    for &b in bytes {
        if b == b'\n' {
            out.push(b'\r');
        }
        out.push(b);
    }
    out
}

#[test]
fn every_message_matches_its_golden_json() {
    let messages = messages();
    assert!(
        messages.len() >= MINIMUM_MESSAGES,
        "only {} messages in {}; expected at least {MINIMUM_MESSAGES}",
        messages.len(),
        eml_root().display()
    );
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    for path in &messages {
        let bytes = fs::read(path).expect("readable fixture");
        let lf = report_value(path, &bytes);
        let crlf = report_value(path, &with_crlf(&bytes));
        if lf != crlf {
            failures.push(format!(
                "{}: CRLF line endings give another result",
                path.display()
            ));
        }
        let golden_path = path.with_extension("json");
        let actual_path = path.with_extension("actual.json");
        let pretty = serde_json::to_string_pretty(&lf).expect("serialisable") + "\n";
        if update {
            fs::write(&golden_path, &pretty).expect("writable golden file");
            continue;
        }
        let golden: Option<Value> = fs::read_to_string(&golden_path)
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok());
        if golden.as_ref() == Some(&lf) {
            let _ = fs::remove_file(&actual_path);
        } else {
            fs::write(&actual_path, &pretty).expect("writable fixture folder");
            failures.push(format!(
                "{}: differs from {} (actual written to {})",
                path.display(),
                golden_path.display(),
                actual_path.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The facts written down by reading each message, independently of any golden file.
#[test]
fn every_message_shows_the_facts_checked_by_hand() {
    let text = fs::read_to_string(eml_root().join("expectations.json")).expect("expectations.json");
    let expectations: serde_json::Map<String, Value> =
        serde_json::from_str(&text).expect("valid expectations.json");
    let messages = messages();
    assert_eq!(
        expectations.len(),
        messages.len(),
        "every message needs hand-checked expectations, and every expectation a message"
    );
    let mut failures = Vec::new();
    for (relative, want) in &expectations {
        let path = eml_root().join(relative);
        let Ok(bytes) = fs::read(&path) else {
            failures.push(format!("{relative}: no such message"));
            continue;
        };
        let got = report_value(&path, &bytes);
        let mut check = |what: &str, expected: &Value, actual: &Value| {
            if expected != actual {
                failures.push(format!(
                    "{relative}: {what}: expected {expected}, got {actual}"
                ));
            }
        };
        check("verdict", &want["verdict"], &got["summary"]["verdict"]);
        check(
            "total_delay_seconds",
            &want["total_delay_seconds"],
            &got["summary"]["total_delay_seconds"],
        );
        check(
            "weakest_version",
            &want["weakest_version"],
            &got["summary"]["weakest_version"],
        );
        let want_hops = want["hops"].as_array().cloned().unwrap_or_default();
        let got_hops = got["hops"].as_array().cloned().unwrap_or_default();
        check(
            "hop count",
            &Value::from(want_hops.len()),
            &Value::from(got_hops.len()),
        );
        for (index, (w, g)) in want_hops.iter().zip(&got_hops).enumerate() {
            let hop = index + 1;
            check(&format!("hop {hop} by"), &w["by"], &g["by"]);
            check(
                &format!("hop {hop} encryption"),
                &w["encryption"],
                &g["encryption"],
            );
            check(
                &format!("hop {hop} delay"),
                &w["delay_seconds"],
                &g["delay_seconds"],
            );
            let tls = &g["tls"];
            check(
                &format!("hop {hop} version"),
                &w["version"],
                if tls.is_null() {
                    &Value::Null
                } else {
                    &tls["version"]
                },
            );
            check(
                &format!("hop {hop} cipher"),
                &w["cipher"],
                if tls.is_null() {
                    &Value::Null
                } else {
                    &tls["cipher"]
                },
            );
        }
        // Trust and authentication facts, where the fixture writes them down.
        if let Some(roles) = want.get("roles") {
            let got_roles: Vec<Value> = got_hops.iter().map(|h| h["role"].clone()).collect();
            check("roles", roles, &Value::Array(got_roles));
        }
        for key in ["trusted_verdict", "claimed_verdict", "spf", "dkim", "dmarc"] {
            if let Some(expected) = want.get(key) {
                check(key, expected, &got["summary"][key]);
            }
        }
        if let Some(boundary) = want.get("boundary") {
            check("trust boundary", boundary, &got["trust"]["boundary"]);
        }
        if let Some(auth) = want.get("auth").and_then(Value::as_array) {
            let got_auth = got["auth"].as_array().cloned().unwrap_or_default();
            check(
                "auth count",
                &Value::from(auth.len()),
                &Value::from(got_auth.len()),
            );
            for (index, (w, g)) in auth.iter().zip(&got_auth).enumerate() {
                for key in [
                    "method",
                    "result",
                    "authserv_id",
                    "header",
                    "instance",
                    "hop",
                    "trusted",
                ] {
                    if let Some(expected) = w.get(key) {
                        check(&format!("auth {} {key}", index + 1), expected, &g[key]);
                    }
                }
            }
        }
        let mut codes: Vec<&str> = got["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .chain(
                got_hops
                    .iter()
                    .flat_map(|h| h["findings"].as_array().into_iter().flatten()),
            )
            .filter_map(|f| f["code"].as_str())
            .collect();
        codes.sort_unstable();
        for code in want["finding_codes"].as_array().into_iter().flatten() {
            let code = code.as_str().unwrap_or_default();
            if codes.binary_search(&code).is_err() {
                failures.push(format!(
                    "{relative}: finding {code} missing (got {codes:?})"
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
