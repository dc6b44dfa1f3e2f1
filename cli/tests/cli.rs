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
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(sources(&output), [WEAK, PLAINTEXT]);
    let errors = stderr(&output);
    assert!(
        errors.contains("hoptls: Cargo.toml: not an email message"),
        "{errors}"
    );
    assert!(errors.contains("hoptls: no/such/file.eml:"), "{errors}");
    assert!(
        errors.contains("2 of 4 inputs could not be read"),
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

// ---------------------------------------------------------------------------------------------
// Batches: folders, globs, mbox, Maildir, order, formats, summary, policy, errors.

/// The `source` of each line of NDJSON output.
fn sources(output: &Output) -> Vec<String> {
    stdout(output)
        .lines()
        .map(|line| {
            serde_json::from_str::<Value>(line).expect("one JSON object per line")["source"]
                .as_str()
                .expect("a source")
                .to_owned()
        })
        .collect()
}

/// The reports of NDJSON output.
fn reports(output: &Output) -> Vec<Value> {
    stdout(output)
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object per line"))
        .collect()
}

/// The golden report of `fixture`, as it reads when found under another name.
fn golden_as(fixture: &str, source: &str) -> Value {
    let mut report = golden_report(fixture);
    report["source"] = Value::from(source);
    report
}

/// Every `.eml` under fixtures/eml, sorted by path as a folder walk sorts them.
fn eml_fixtures() -> Vec<String> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<PathBuf> = fs::read_dir(dir)
            .expect("fixtures")
            .map(|e| e.expect("an entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "eml") {
                out.push(path);
            }
        }
    }
    let mut paths = Vec::new();
    walk(&repo_root().join("fixtures/eml"), &mut paths);
    let root = repo_root();
    paths
        .iter()
        .map(|p| {
            p.strip_prefix(&root)
                .expect("under the root")
                .display()
                .to_string()
        })
        .collect()
}

const SMALL_MBOX: &str = "fixtures/mbox/small.mbox";
const MBOX_MESSAGES: [&str; 4] = [
    PLAINTEXT,
    WEAK,
    EXCHANGE,
    "fixtures/eml/headers-only/kerio-no-body.eml",
];
const MAILDIR: &str = "fixtures/maildir/Maildir";
/// The Maildir's messages in walk order, with the fixtures they are copies of.
const MAILDIR_MESSAGES: [(&str, &str); 4] = [
    (
        ".Sent/cur/1733217304.M4P100.mail.example.com:2,S",
        "fixtures/eml/chains/postfix-to-gmail.eml",
    ),
    (
        ".Sent/new/1733217305.M5P100.mail.example.com",
        "fixtures/eml/local/internal-only.eml",
    ),
    (
        "cur/1733217301.M1P100.mail.example.com,S=1500:2,S",
        "fixtures/eml/providers/ses-inbound-smtp.eml",
    ),
    (
        "new/1733217302.M2P100.mail.example.com",
        "fixtures/eml/weak/cpanel-exim-no-pfs.eml",
    ),
];

#[test]
fn a_folder_is_walked_in_path_order_and_each_report_is_golden() {
    let output = run(&["--format", "ndjson", "fixtures/eml"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stderr(&output), "", "the .json files are skipped silently");
    let expected: Vec<Value> = eml_fixtures().iter().map(|f| golden_report(f)).collect();
    assert!(expected.len() >= 40, "the fixture folder is not empty");
    assert_eq!(reports(&output), expected);
}

#[test]
fn a_quoted_glob_is_expanded_by_hoptls() {
    let output = run(&["--format", "ndjson", "fixtures/eml/*/gmail-*.eml"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        sources(&output),
        [
            "fixtures/eml/providers/gmail-google-transport-security.eml",
            "fixtures/eml/providers/gmail-submission-esmtpsa.eml",
            "fixtures/eml/trust/gmail-to-gmail-workspace.eml",
            "fixtures/eml/weak/gmail-tls10-3des.eml",
        ]
    );
    let all = run(&["--format", "ndjson", "fixtures/**/*.eml"]);
    assert_eq!(sources(&all), eml_fixtures(), "** crosses folders");

    let dotted = run(&["--format", "ndjson", "./fixtures/eml/weak/gmail-*.eml"]);
    assert_eq!(
        sources(&dotted),
        ["./fixtures/eml/weak/gmail-tls10-3des.eml"],
        "named as written"
    );
    let in_weak = hoptls()
        .current_dir(repo_root().join("fixtures/eml/weak"))
        .args(["--format", "ndjson", "gmail-*.eml"])
        .output()
        .expect("hoptls runs");
    assert_eq!(
        sources(&in_weak),
        ["gmail-tls10-3des.eml"],
        "no ./ in front of a bare pattern"
    );

    let none = run(&["--format", "ndjson", "fixtures/eml/*.nothing"]);
    assert_eq!(none.status.code(), Some(2));
    assert!(
        stderr(&none).contains("hoptls: fixtures/eml/*.nothing: no file matches this pattern"),
        "{}",
        stderr(&none)
    );
}

#[test]
fn an_mbox_is_read_message_by_message() {
    let output = run(&["--format", "ndjson", SMALL_MBOX]);
    assert!(output.status.success(), "{}", stderr(&output));
    let expected: Vec<Value> = MBOX_MESSAGES
        .iter()
        .enumerate()
        .map(|(n, fixture)| golden_as(fixture, &format!("{SMALL_MBOX}#{}", n + 1)))
        .collect();
    assert_eq!(reports(&output), expected);
}

#[test]
fn an_mbox_on_standard_input_is_read_message_by_message() {
    let mbox = fs::read(repo_root().join(SMALL_MBOX)).expect("fixture");
    let output = run_with_stdin(&["--format", "ndjson"], &mbox);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(sources(&output), ["-#1", "-#2", "-#3", "-#4"]);
    assert_eq!(reports(&output)[1], golden_as(WEAK, "-#2"));
}

#[test]
fn a_maildir_is_read_from_cur_and_new_and_tmp_is_ignored() {
    let output = run(&["--format", "ndjson", MAILDIR]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stderr(&output),
        "",
        "dovecot-uidlist and maildirfolder are skipped silently"
    );
    let expected: Vec<Value> = MAILDIR_MESSAGES
        .iter()
        .map(|(file, fixture)| golden_as(fixture, &format!("{MAILDIR}/{file}")))
        .collect();
    assert_eq!(reports(&output), expected);
}

#[test]
fn every_input_kind_in_one_batch_keeps_the_argument_order() {
    let message = fs::read(repo_root().join(EXCHANGE)).expect("fixture");
    let output = run_with_stdin(
        &[
            "--format",
            "ndjson",
            MAILDIR,
            "-",
            SMALL_MBOX,
            "fixtures/eml/weak/*-tls1*.eml",
            WEAK,
        ],
        &message,
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let mut expected: Vec<String> = MAILDIR_MESSAGES
        .iter()
        .map(|(f, _)| format!("{MAILDIR}/{f}"))
        .collect();
    expected.push("-".into());
    expected.extend((1..=4).map(|n| format!("{SMALL_MBOX}#{n}")));
    expected.push("fixtures/eml/weak/exim-gnutls-tls11.eml".into());
    expected.push("fixtures/eml/weak/gmail-tls10-3des.eml".into());
    expected.push(WEAK.into());
    assert_eq!(sources(&output), expected);
}

#[test]
fn csv_output_matches_its_golden_file() {
    let output = run(&[
        "--format",
        "csv",
        WEAK,
        PLAINTEXT,
        "fixtures/eml/headers-only/kerio-no-body.eml",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with("source,hop,timestamp,delay_seconds,"),
        "{text}"
    );
    assert_eq!(
        text.matches("\r\n").count(),
        text.matches('\n').count(),
        "CRLF line ends"
    );
    assert_golden_text("hops.csv", &text);
}

#[test]
fn the_table_is_coloured_only_when_asked_or_on_a_terminal() {
    let coloured = run(&["--color", "always", PLAINTEXT]);
    let text = stdout(&coloured);
    assert!(text.contains("\u{1b}[1;31mPLAINTEXT\u{1b}[0m"), "{text}");
    assert!(text.contains('\u{1b}'), "{text}");
    let piped = run(&[PLAINTEXT]);
    assert!(
        !stdout(&piped).contains('\u{1b}'),
        "auto never colours a pipe"
    );
    let never = run(&["--color", "never", PLAINTEXT]);
    assert!(!stdout(&never).contains('\u{1b}'));
    let no_color = hoptls()
        .env("NO_COLOR", "1")
        .args(["--color", "always", PLAINTEXT])
        .output()
        .expect("hoptls runs");
    assert!(
        stdout(&no_color).contains('\u{1b}'),
        "the flag wins over NO_COLOR"
    );
    let json = run(&["--color", "always", "--format", "json", PLAINTEXT]);
    assert!(!stdout(&json).contains('\u{1b}'), "JSON is never coloured");
}

#[test]
fn the_summary_as_tables_matches_its_golden_file() {
    let output = run(&["--summary", "fixtures/eml"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_golden_text("summary.txt", &stdout(&output));
}

#[test]
fn the_summary_as_json_matches_its_golden_file() {
    let output = run(&["--summary", "--format", "json", "fixtures/eml", SMALL_MBOX]);
    assert!(output.status.success(), "{}", stderr(&output));
    let summary: Value = serde_json::from_str(&stdout(&output)).expect("one JSON object");
    assert_eq!(summary["schema"], "hoptls-summary/1");
    assert_eq!(summary["messages"], eml_fixtures().len() + 4);
    let verdicts: u64 = ["encrypted", "weak", "plaintext", "unknown"]
        .iter()
        .map(|v| summary["verdicts"][v].as_u64().expect("a count"))
        .sum();
    assert_eq!(verdicts, summary["messages"].as_u64().expect("a count"));
    assert_golden_text("summary.json", &stdout(&output));
}

#[test]
fn the_summary_follows_the_messages_in_ndjson() {
    let output = run(&["--summary", "--format", "ndjson", WEAK, PLAINTEXT]);
    assert!(output.status.success(), "{}", stderr(&output));
    let lines = reports(&output);
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0], golden_report(WEAK));
    assert_eq!(lines[1], golden_report(PLAINTEXT));
    assert_eq!(lines[2]["schema"], "hoptls-summary/1");
    assert_eq!(lines[2]["messages"], 2);
    assert_eq!(lines[2]["relays"][0]["example"], PLAINTEXT);
}

#[test]
fn the_summary_counts_what_could_not_be_read() {
    let output = run(&["--summary", "--format", "json", WEAK, "Cargo.toml"]);
    assert_eq!(output.status.code(), Some(2));
    let summary: Value = serde_json::from_str(&stdout(&output)).expect("one JSON object");
    assert_eq!(summary["unreadable"], 1);
    assert_eq!(summary["failures"][0]["source"], "Cargo.toml");
    assert!(
        summary["failures"][0]["error"]
            .as_str()
            .expect("a reason")
            .contains("not an email message")
    );
}

#[test]
fn the_summary_has_no_csv_form() {
    let output = run(&["--summary", "--format", "csv", WEAK]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("--summary has no CSV form"),
        "{}",
        stderr(&output)
    );
}

/// Each condition with a fixture that meets it and one that does not.
const POLICY_CASES: [(&str, &str, &str); 9] = [
    ("plaintext", PLAINTEXT, WEAK),
    ("weak", WEAK, PLAINTEXT),
    (
        "unknown",
        "fixtures/eml/providers/ses-inbound-smtp.eml",
        WEAK,
    ),
    ("not-encrypted", WEAK, EXCHANGE),
    ("tls<1.2", WEAK, PLAINTEXT),
    (
        "tls<1.3",
        PLAINTEXT,
        "fixtures/eml/providers/stalwart-rustls.eml",
    ),
    (
        "skew>300",
        "fixtures/eml/odd/clock-skew-minutes.eml",
        PLAINTEXT,
    ),
    (
        "delay>600",
        "fixtures/eml/odd/clock-skew-minutes.eml",
        PLAINTEXT,
    ),
    (
        "finding=tls-required-no",
        "fixtures/eml/odd/tls-required-no.eml",
        WEAK,
    ),
];

#[test]
fn every_fail_on_condition_sets_the_exit_status() {
    for (condition, meets, passes) in POLICY_CASES {
        let failing = run(&["--format", "ndjson", "--fail-on", condition, passes, meets]);
        assert_eq!(
            failing.status.code(),
            Some(1),
            "{condition} on {meets}: {}",
            stderr(&failing)
        );
        let line = stderr(&failing);
        assert!(
            line.contains(&format!(
                "--fail-on: 1 of 2 messages violate the policy ({condition}: 1, first {meets})"
            )),
            "{line}"
        );
        assert_eq!(
            sources(&failing),
            [passes, meets],
            "the reports are still printed"
        );
        let passing = run(&["--format", "ndjson", "--fail-on", condition, passes]);
        assert_eq!(
            passing.status.code(),
            Some(0),
            "{condition} on {passes}: {}",
            stderr(&passing)
        );
        assert_eq!(stderr(&passing), "");
    }
}

#[test]
fn fail_on_takes_a_list_and_quiet_hides_the_closing_line() {
    let output = run(&[
        "--quiet",
        "--fail-on",
        "plaintext,weak",
        "--fail-on",
        "tls<1.2",
        WEAK,
        PLAINTEXT,
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stderr(&output), "");
    let summary = run(&[
        "--summary",
        "--format",
        "json",
        "--fail-on",
        "plaintext,tls<1.2",
        WEAK,
        PLAINTEXT,
        EXCHANGE,
    ]);
    let summary: Value = serde_json::from_str(&stdout(&summary)).expect("one JSON object");
    assert_eq!(summary["policy"]["violating_messages"], 2);
    assert_eq!(
        summary["policy"]["conditions"][0],
        serde_json::json!({"condition": "plaintext", "messages": 1, "example": PLAINTEXT})
    );
    assert_eq!(
        summary["policy"]["conditions"][1],
        serde_json::json!({"condition": "tls<1.2", "messages": 1, "example": WEAK})
    );
}

#[test]
fn an_unreadable_input_wins_over_a_policy_violation() {
    let output = run(&["--fail-on", "plaintext", PLAINTEXT, "no/such/file.eml"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn usage_errors_exit_with_2() {
    for args in [
        &["--fail-on", "plaintxt", WEAK][..],
        &["--fail-on", "tls<1.4", WEAK],
        &["--fail-on", "skew>soon", WEAK],
        &["--threads", "0", WEAK],
        &["--format", "xml", WEAK],
        &["--no-such-option"],
        &["completions", "no-such-shell"],
    ] {
        let output = run(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).contains("error:"),
            "{args:?}: {}",
            stderr(&output)
        );
        assert_eq!(stdout(&output), "", "{args:?}");
    }
}

#[test]
fn help_lists_the_conditions_and_the_input_rules() {
    let help = stdout(&run(&["--help"]));
    for words in [
        "--fail-on",
        "tls<1.2",
        "skew>",
        "Maildir",
        "mbox",
        "2  usage error",
        "completions",
        "manpage",
    ] {
        assert!(help.contains(words), "{words}: {help}");
    }
}

#[test]
fn completions_and_the_man_page_come_from_the_definition() {
    for shell in ["bash", "zsh", "fish"] {
        let output = run(&["completions", shell]);
        assert!(output.status.success(), "{shell}");
        let script = stdout(&output);
        assert!(
            script.contains("hoptls") && script.contains("fail-on"),
            "{shell}: {script}"
        );
    }
    let man = run(&["manpage"]);
    assert!(man.status.success());
    let page = stdout(&man);
    assert!(
        page.contains(".TH hoptls 1") && page.contains("fail\\-on"),
        "{page}"
    );
}

#[test]
fn a_file_named_like_a_subcommand_can_be_analysed() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    fs::copy(repo_root().join(WEAK), dir.path().join("completions")).expect("a copy");
    fs::copy(repo_root().join(WEAK), dir.path().join("manpage")).expect("a copy");
    for args in [
        &["./completions"][..],
        &["--", "completions"],
        &["./manpage"],
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_hoptls"))
            .current_dir(dir.path())
            .args(["--format", "ndjson"])
            .args(args)
            .output()
            .expect("hoptls runs");
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        assert_eq!(
            reports(&output)[0]["summary"]["verdict"],
            "weak",
            "{args:?}"
        );
    }
}

/// A message with two hops, the second plaintext when `n` is a multiple of 3; `n` makes the
/// Message-ID and the timestamps differ from file to file.
fn generated_message(n: usize) -> String {
    let tls = if n.is_multiple_of(3) {
        String::new()
    } else {
        "\n\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits))".to_owned()
    };
    let padding = "X-Padding: ".to_owned() + &"p".repeat(n % 97) + "\n";
    format!(
        "Received: from relay.example.net (relay.example.net [198.51.100.7]){tls}\n\
         \tby mx.example.com (Postfix) with ESMTP{s} id 4Y2k{n}\n\
         \tfor <dana@example.com>; Tue,  3 Dec 2024 09:{m:02}:{sec:02} +0000 (UTC)\n\
         Received: from [192.0.2.7] (unknown [203.0.113.{host}])\n\
         \t(using TLSv1.2 with cipher ECDHE-RSA-AES128-GCM-SHA256 (128/128 bits))\n\
         \tby relay.example.net (Postfix) with ESMTPSA id 8B{n}\n\
         \tfor <dana@example.com>; Tue,  3 Dec 2024 09:{m:02}:00 +0000 (UTC)\n\
         {padding}\
         Message-ID: <{n}@example.org>\n\
         From: sender{n}@example.org\n\
         Subject: message {n}\n\
         \n\
         Body of message {n}.\n",
        s = if n.is_multiple_of(3) { "" } else { "S" },
        m = n % 60,
        sec = n % 59 + 1,
        host = n % 250 + 1,
    )
}

/// Writes `count` generated messages as numbered files (`00001.eml` …) in `dir`.
fn generate_folder(dir: &Path, count: usize) {
    for n in 1..=count {
        fs::write(dir.join(format!("{n:05}.eml")), generated_message(n)).expect("a message file");
    }
}

#[test]
fn output_is_identical_whatever_the_number_of_threads() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    generate_folder(dir.path(), 300);
    let folder = dir.path().to_str().expect("a UTF-8 path");
    let outputs: Vec<Output> = ["1", "2", "8"]
        .into_iter()
        .map(|threads| run(&["--format", "ndjson", "--threads", threads, folder]))
        .collect();
    for output in &outputs {
        assert!(output.status.success(), "{}", stderr(output));
        assert_eq!(output.stdout, outputs[0].stdout, "byte-identical output");
    }
    let expected: Vec<String> = (1..=300).map(|n| format!("{folder}/{n:05}.eml")).collect();
    assert_eq!(sources(&outputs[0]), expected);
    let summaries: Vec<Vec<u8>> = ["1", "8"]
        .into_iter()
        .map(|threads| {
            run(&[
                "--summary",
                "--format",
                "json",
                "--threads",
                threads,
                folder,
            ])
            .stdout
        })
        .collect();
    assert_eq!(
        summaries[0], summaries[1],
        "the same examples with any number of threads"
    );
}

#[test]
fn ten_thousand_files_in_a_folder_arrive_in_order() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    generate_folder(dir.path(), 10_000);
    let folder = dir.path().to_str().expect("a UTF-8 path");
    let output = run(&["--format", "csv", "--threads", "4", folder]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stderr(&output),
        "",
        "no progress line when stderr is not a terminal"
    );
    let text = stdout(&output);
    let mut rows = text.lines().skip(1);
    for n in 1..=10_000 {
        for hop in 1..=2 {
            let row = rows.next().expect("a row per hop");
            assert!(
                row.starts_with(&format!("{folder}/{n:05}.eml,{hop},")),
                "{row}"
            );
        }
    }
    assert!(rows.next().is_none());
}

#[test]
fn ten_thousand_messages_in_an_mbox_arrive_in_order() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("big.mbox");
    let mut mbox = std::io::BufWriter::new(fs::File::create(&path).expect("an mbox"));
    for n in 1..=10_000 {
        write!(
            mbox,
            "From sender{n}@example.org Tue Dec  3 09:15:02 2024\n{}\n",
            generated_message(n)
        )
        .expect("written");
    }
    mbox.flush().expect("written");
    drop(mbox);
    let name = path.to_str().expect("a UTF-8 path");
    let output = run(&["--summary", "--format", "ndjson", "--threads", "4", name]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 10_001);
    for (n, line) in lines[..10_000].iter().enumerate() {
        let expected = format!("\"source\":\"{name}#{}\"", n + 1);
        assert!(line.contains(&expected), "message {}: {line}", n + 1);
    }
    let summary: Value = serde_json::from_str(lines[10_000]).expect("the summary");
    assert_eq!(summary["messages"], 10_000);
    assert_eq!(summary["verdicts"]["plaintext"], 3333);
    assert_eq!(summary["relays"][0]["host"], "mx.example.com");
    assert_eq!(summary["relays"][0]["plaintext_hops"], 3333);
    assert_eq!(summary["relays"][0]["example"], format!("{name}#3"));
}

/// Whether this process can read a file whatever its permissions (root can).
fn reads_despite_permissions(path: &Path) -> bool {
    fs::File::open(path).is_ok()
}

#[cfg(unix)]
#[test]
fn a_mixed_batch_reports_each_bad_input_and_keeps_the_good_ones_in_order() {
    use std::os::unix::fs::{PermissionsExt, symlink};

    let dir = tempfile::tempdir().expect("a temporary folder");
    let at = |name: &str| dir.path().join(name);
    fs::copy(repo_root().join(WEAK), at("1-good.eml")).expect("a copy");
    fs::write(
        at("2-binary.eml"),
        [0x89, b'P', b'N', b'G', 0, 0, 0, 13, 0xff, 0xfe, 0, 1, 2, 3],
    )
    .expect("a file");
    fs::create_dir(at("3-empty-folder")).expect("a folder");
    symlink(at("4-loop.eml"), at("4-loop.eml")).expect("a link to itself");
    fs::write(at("5-empty.eml"), "").expect("a file");
    fs::copy(repo_root().join(PLAINTEXT), at("6-unreadable.eml")).expect("a copy");
    fs::set_permissions(at("6-unreadable.eml"), fs::Permissions::from_mode(0o000))
        .expect("chmod 000");
    if reads_despite_permissions(&at("6-unreadable.eml")) {
        // Running as root, which reads any file: use a file whose read fails for root too.
        // Reading /proc/self/mem at offset 0 fails (nothing is mapped there).
        fs::remove_file(at("6-unreadable.eml")).expect("removed");
        symlink("/proc/self/mem", at("6-unreadable.eml")).expect("a link");
    }
    fs::copy(repo_root().join(EXCHANGE), at("7-good.eml")).expect("a copy");
    let names: Vec<String> = [
        "1-good.eml",
        "2-binary.eml",
        "3-empty-folder",
        "4-loop.eml",
        "5-empty.eml",
        "6-unreadable.eml",
        "7-good.eml",
    ]
    .iter()
    .map(|n| at(n).display().to_string())
    .collect();

    // Named one by one, and as a folder: the same results and the same errors, but for the
    // empty folder, which is an error only when named (a folder argument with no message is a
    // mistake; an empty subfolder is not).
    let folder = dir.path().display().to_string();
    for (args, named) in [(names.clone(), true), (vec![folder.clone()], false)] {
        let mut all = vec!["--format".to_owned(), "ndjson".to_owned()];
        all.extend(args.iter().cloned());
        let output = hoptls().args(&all).output().expect("hoptls runs");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_eq!(
            sources(&output),
            [names[0].clone(), names[6].clone()],
            "{args:?}"
        );
        let errors = stderr(&output);
        let mut lines: Vec<&str> = errors.lines().collect();
        assert_eq!(
            lines.len(),
            if named { 6 } else { 5 },
            "one line per bad input and a count: {errors}"
        );
        assert_eq!(
            lines.remove(0),
            format!("hoptls: {}: binary data, not an email message", names[1])
        );
        if named {
            assert_eq!(
                lines.remove(0),
                format!(
                    "hoptls: {}: no message found in this folder (it is searched for *.eml, Maildir messages, mbox files and extension-less files that start like a message)",
                    names[2]
                )
            );
        }
        assert_eq!(
            lines.remove(0),
            format!(
                "hoptls: {}: Too many levels of symbolic links (os error 40)",
                names[3]
            )
        );
        assert_eq!(
            lines.remove(0),
            format!("hoptls: {}: empty input: no header block", names[4])
        );
        let unreadable = lines.remove(0);
        assert!(
            unreadable == format!("hoptls: {}: Permission denied (os error 13)", names[5])
                || unreadable == format!("hoptls: {}: Input/output error (os error 5)", names[5]),
            "{errors}"
        );
        let count = if named { "5 of 7" } else { "4 of 6" };
        assert_eq!(
            lines.remove(0),
            format!("hoptls: {count} inputs could not be read")
        );
    }
}

#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    use std::io::{BufRead, BufReader};

    let mut args = vec!["--threads", "2"];
    args.extend(std::iter::repeat_n("fixtures/eml", 50));
    for format in ["table", "ndjson"] {
        let mut child = hoptls()
            .args(["--format", format])
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("hoptls starts");
        let mut first = String::new();
        BufReader::new(child.stdout.take().expect("a stdout pipe"))
            .read_line(&mut first)
            .expect("a first line");
        // The reader is dropped: the pipe is closed after one line, as `| head -1` does.
        let output = child.wait_with_output().expect("hoptls ends");
        assert!(!first.is_empty());
        assert_eq!(output.status.code(), Some(0), "{format}");
        assert_eq!(stderr(&output), "", "{format}");
    }
}

/// Runs hoptls with stderr on a pseudo-terminal (through util-linux `script`), stdout to a
/// file; returns what the terminal showed, or `None` where `script` is missing.
#[cfg(target_os = "linux")]
fn on_a_terminal(args: &str) -> Option<String> {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let typescript = dir.path().join("typescript");
    let binary = env!("CARGO_BIN_EXE_hoptls");
    let command = format!("{binary} {args} > {}", dir.path().join("out").display());
    let status = Command::new("script")
        .args(["-q", "-e", "-c", &command])
        .arg(&typescript)
        .current_dir(repo_root())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .status()
        .ok()?;
    assert!(status.success(), "{command}");
    Some(String::from_utf8_lossy(&fs::read(typescript).expect("a typescript")).into_owned())
}

#[cfg(target_os = "linux")]
#[test]
fn a_progress_line_shows_on_a_terminal_for_a_large_batch_unless_quiet() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("large.mbox");
    let mut mbox = String::new();
    for n in 1..=3000 {
        mbox.push_str(&format!(
            "From sender{n}@example.org Tue Dec  3 09:15:02 2024\n{}\n",
            generated_message(n)
        ));
    }
    fs::write(&path, mbox).expect("an mbox");
    let large = path.display().to_string();
    let Some(shown) = on_a_terminal(&format!("--summary --threads 1 {large}")) else {
        eprintln!("util-linux `script` is missing: the terminal case is not checked");
        return;
    };
    assert!(shown.contains(" messages · "), "{shown}");
    let quiet =
        on_a_terminal(&format!("--summary --quiet --threads 1 {large}")).unwrap_or_default();
    assert!(!quiet.contains(" messages · "), "{quiet}");
    let small = on_a_terminal(&format!("--summary --threads 1 {SMALL_MBOX}")).unwrap_or_default();
    assert!(
        !small.contains(" messages · "),
        "below the threshold: {small}"
    );
}

// ---- Trust, authentication and redaction (issue 7) ----

const FORGED_CHAIN: &str = "fixtures/eml/trust/forged-long-claimed-chain.eml";
const FORGED_AR: &str = "fixtures/eml/trust/forged-ar-below-boundary.eml";

fn roles(report: &Value) -> Vec<String> {
    report["hops"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|hop| hop["role"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn the_trust_table_marks_claimed_hops_and_shows_authentication() {
    let output = run(&[FORGED_CHAIN, FORGED_AR]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_golden_text("trust-table.txt", &stdout(&output));
}

#[test]
fn trusted_hosts_and_networks_move_the_boundary() {
    let default = reports(&run(&["--format", "ndjson", FORGED_CHAIN]));
    assert_eq!(default[0], golden_report(FORGED_CHAIN));

    // Trusting by name alone changes nothing here: the relay's name is only its HELO claim,
    // the receiver recorded no reverse name for it.
    let output = run(&[
        "--format",
        "ndjson",
        "--trusted-by",
        "example.com",
        "--trusted-by",
        "secure-gw.example.net",
        FORGED_CHAIN,
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let by_name = reports(&output);
    assert_eq!(by_name[0]["trust"]["method"], "configured");
    assert_eq!(roles(&by_name[0]), roles(&default[0]));

    // Trusting the relay's address makes it the receiver's: the boundary moves down a hop.
    let output = run(&[
        "--format",
        "ndjson",
        "--trusted-network",
        "203.0.113.200/32",
        FORGED_CHAIN,
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let by_network = reports(&output);
    assert_eq!(by_network[0]["trust"]["boundary"], 5);
    assert_eq!(
        roles(&by_network[0]),
        [
            "sender", "sender", "sender", "sender", "boundary", "receiver", "local"
        ]
    );

    // A network nobody's hosts are in leaves every hop a claim.
    let output = run(&[
        "--format",
        "ndjson",
        "--trusted-network",
        "198.18.0.0/15",
        FORGED_CHAIN,
    ]);
    let nothing = reports(&output);
    assert_eq!(nothing[0]["trust"]["boundary"], Value::Null);
    assert!(
        roles(&nothing[0])
            .iter()
            .all(|r| r == "sender" || r == "local")
    );
}

#[test]
fn a_bad_network_is_a_usage_error() {
    let output = run(&["--trusted-network", "mail.example.com/24", FORGED_CHAIN]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("not an address or network"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn trusted_authserv_ids_decide_which_results_count() {
    let default = reports(&run(&["--format", "ndjson", FORGED_AR]));
    assert!(
        default[0]["auth"]
            .as_array()
            .is_some_and(|a| a.iter().any(|r| r["trusted"] == true))
    );
    let output = run(&[
        "--format",
        "ndjson",
        "--trusted-authserv",
        "nobody.example.net",
        FORGED_AR,
    ]);
    let strict = reports(&output);
    assert!(
        strict[0]["auth"]
            .as_array()
            .is_some_and(|a| a.iter().all(|r| r["trusted"] == false))
    );
    assert_eq!(strict[0]["summary"]["dmarc"], Value::Null);
}

#[test]
fn redaction_hides_hosts_keeps_tls_and_is_the_same_with_any_threads() {
    let plain = reports(&run(&["--format", "ndjson", "fixtures/eml/trust"]));
    let one = run(&[
        "--format",
        "ndjson",
        "--redact",
        "--threads",
        "1",
        "fixtures/eml/trust",
    ]);
    let many = run(&[
        "--format",
        "ndjson",
        "--redact",
        "--threads",
        "4",
        "fixtures/eml/trust",
    ]);
    assert!(one.status.success(), "{}", stderr(&one));
    assert_eq!(
        stdout(&one),
        stdout(&many),
        "tokens follow output order, not threads"
    );
    let text = stdout(&one);
    for name in [
        "example.com",
        "example.net",
        "example.org",
        "outlook.com",
        "google.com",
    ] {
        assert!(!text.contains(name), "{name} survived --redact");
    }
    let redacted = reports(&one);
    assert_eq!(plain.len(), redacted.len());
    for (before, after) in plain.iter().zip(&redacted) {
        assert_eq!(before["summary"], after["summary"]);
        let tls = |report: &Value| -> Vec<Value> {
            report["hops"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|h| h["tls"].clone())
                .collect()
        };
        let strip_cert = |mut list: Vec<Value>| {
            for tls in list.iter_mut().filter(|t| t.is_object()) {
                tls["client_cert"] = Value::Null;
            }
            list
        };
        assert_eq!(strip_cert(tls(before)), strip_cert(tls(after)));
        assert_eq!(roles(before), roles(after));
    }
    // The same host, in two messages, is the same token.
    let by_of = |report: &Value, index: usize| report["hops"][index]["by"].clone();
    let first_mx = plain.iter().position(|r| by_of(r, 1) == "mx.example.com");
    let second_mx = plain.iter().rposition(|r| by_of(r, 1) == "mx.example.com");
    if let (Some(a), Some(b)) = (first_mx, second_mx) {
        assert_ne!(a, b);
        assert_eq!(by_of(&redacted[a], 1), by_of(&redacted[b], 1));
    }
}

#[test]
fn redacted_summaries_name_no_host() {
    let output = run(&[
        "--summary",
        "--format",
        "json",
        "--redact",
        "fixtures/eml/trust",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(!text.contains("example.com"), "{text}");
    let summary: Value = serde_json::from_str(&text).expect("a summary object");
    assert!(summary["authentication"]["dmarc"].is_object());
    assert!(summary["trusted_verdicts"]["encrypted"].is_u64());
}

#[test]
fn csv_rows_carry_role_and_claimed() {
    let output = run(&["--format", "csv", FORGED_CHAIN]);
    assert!(output.status.success());
    let text = stdout(&output);
    let header = text.lines().next().unwrap_or_default();
    assert!(header.contains(",role,claimed,"), "{header}");
    assert!(
        text.lines()
            .nth(1)
            .is_some_and(|row| row.contains(",sender,true,"))
    );
}
