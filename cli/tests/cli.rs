//! The built `hoptls` binary, spawned as users run it.

use std::{
    fs,
    io::Write,
    path::{Path, PathBuf},
    process::{Command, Output, Stdio},
};

use serde_json::Value;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn hoptls() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hoptls"));
    command
        .current_dir(repo_root())
        .env("COLUMNS", "100")
        .env_remove("NO_COLOR");
    command
}

fn run(args: &[&str]) -> Output {
    hoptls().args(args).output().expect("hoptls runs")
}

fn run_with_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = hoptls()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("hoptls starts");
    child
        .stdin
        .take()
        .expect("a stdin pipe")
        .write_all(input)
        .expect("stdin accepts the message");
    child.wait_with_output().expect("hoptls ends")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn golden_report(fixture: &str) -> Value {
    let path = repo_root().join(fixture).with_extension("json");
    serde_json::from_str(&fs::read_to_string(path).expect("golden file")).expect("golden JSON")
}

/// Compares with a golden text file under `cli/tests/golden`; `UPDATE_GOLDEN=1` rewrites it.
fn assert_golden_text(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        fs::write(&path, actual).expect("writable golden folder");
        return;
    }
    let expected = fs::read_to_string(&path).unwrap_or_default();
    if expected != actual {
        fs::write(path.with_extension("actual.txt"), actual).expect("writable golden folder");
        panic!("{name} differs from its golden file; actual output written beside it");
    }
}

const WEAK: &str = "fixtures/eml/weak/gmail-tls10-3des.eml";
const PLAINTEXT: &str = "fixtures/eml/plaintext/relay-drops-tls.eml";
const EXCHANGE: &str = "fixtures/eml/chains/exo-internal-tls.eml";

#[test]
fn table_output_matches_its_golden_file() {
    let output = run(&[WEAK, PLAINTEXT, EXCHANGE]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_golden_text("table.txt", &stdout(&output));
}

#[test]
fn json_output_is_an_array_of_the_golden_reports() {
    let output = run(&["--format", "json", WEAK, PLAINTEXT]);
    assert!(output.status.success(), "{}", stderr(&output));
    let reports: Value = serde_json::from_str(&stdout(&output)).expect("a JSON array");
    assert_eq!(
        reports,
        Value::Array(vec![golden_report(WEAK), golden_report(PLAINTEXT)])
    );
}

#[test]
fn an_empty_json_batch_is_an_empty_array() {
    let output = run(&["--format", "json", "Cargo.toml"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stdout(&output), "[]\n");
}

#[test]
fn ndjson_output_is_one_golden_report_per_line() {
    let output = run(&["--format", "ndjson", WEAK, PLAINTEXT, EXCHANGE]);
    assert!(output.status.success(), "{}", stderr(&output));
    let lines: Vec<Value> = stdout(&output)
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object per line"))
        .collect();
    assert_eq!(
        lines,
        vec![
            golden_report(WEAK),
            golden_report(PLAINTEXT),
            golden_report(EXCHANGE)
        ]
    );
}

#[test]
fn stdin_is_read_when_asked_with_a_dash() {
    let message = fs::read(repo_root().join(WEAK)).expect("fixture");
    let output = run_with_stdin(&["--format", "ndjson", "-"], &message);
    assert!(output.status.success(), "{}", stderr(&output));
    let mut report: Value = serde_json::from_str(stdout(&output).trim()).expect("a report");
    assert_eq!(report["source"], "-");
    report["source"] = Value::from(WEAK);
    assert_eq!(report, golden_report(WEAK));
}

#[test]
fn stdin_is_read_when_no_path_is_given() {
    let message = fs::read(repo_root().join(PLAINTEXT)).expect("fixture");
    let output = run_with_stdin(&["--format", "ndjson"], &message);
    assert!(output.status.success(), "{}", stderr(&output));
    let report: Value = serde_json::from_str(stdout(&output).trim()).expect("a report");
    assert_eq!(report["summary"]["verdict"], "plaintext");
}

#[test]
fn a_pasted_header_block_without_a_body_is_read() {
    let headers = "Received: from mail.example.org (mail.example.org [203.0.113.80])\n\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits))\n\tby mx.example.com (Postfix) with ESMTPS id 4Y2kQv1fGzz7hTqm\n\tfor <dana@example.com>; Tue,  3 Dec 2024 09:15:02 +0000 (UTC)\n";
    let output = run_with_stdin(&["--format", "ndjson"], headers.as_bytes());
    assert!(output.status.success(), "{}", stderr(&output));
    let report: Value = serde_json::from_str(stdout(&output).trim()).expect("a report");
    assert_eq!(report["hops"][0]["tls"]["version"], "TLSv1.3");
    assert_eq!(report["summary"]["verdict"], "encrypted");
}

#[test]
fn a_file_that_is_not_a_message_is_reported_and_the_batch_goes_on() {
    let output = run(&[
        "--format",
        "ndjson",
        WEAK,
        "Cargo.toml",
        "no/such/file.eml",
        PLAINTEXT,
        "fixtures",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let sources: Vec<String> = stdout(&output)
        .lines()
        .map(|line| {
            serde_json::from_str::<Value>(line).expect("a report")["source"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    assert_eq!(sources, [WEAK, PLAINTEXT]);
    let errors = stderr(&output);
    assert!(
        errors.contains("hoptls: Cargo.toml: not an email message"),
        "{errors}"
    );
    assert!(errors.contains("hoptls: no/such/file.eml:"), "{errors}");
    assert!(
        errors.contains("hoptls: fixtures: is a directory"),
        "{errors}"
    );
    assert!(
        errors.contains("3 of 5 inputs could not be read"),
        "{errors}"
    );
}

#[test]
fn help_documents_the_exit_codes() {
    let output = run(&["--help"]);
    assert!(output.status.success());
    let help = stdout(&output);
    assert!(help.contains("Exit status"), "{help}");
}
