//! Hostile input through the built binary: every family gives a result or an error naming the
//! file, never a panic; a batch loses no good result; and the table never hands a terminal an
//! escape sequence, whatever the headers or the file names hold.

use std::{
    fs,
    path::{Path, PathBuf},
    process::{Command, Output},
};

use serde_json::Value;

const GOOD: &str = "Received: from relay.example.net (relay.example.net [198.51.100.7])\n\t(using TLSv1.2 with cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits))\n\tby mx.example.com (Postfix) with ESMTPS id 4Y2kQv1fGzz7hTqn\n\tfor <dana@example.com>; Tue,  3 Dec 2024 09:15:04 +0000 (UTC)\nReceived: from [192.0.2.7] (unknown [203.0.113.25])\n\tby relay.example.net (Postfix) with ESMTP id 8BEE77EA30\n\tfor <dana@example.com>; Tue,  3 Dec 2024 09:15:02 +0000 (UTC)\nSubject: hello\nFrom: ana@example.org\n\nbody\n";

/// A 1×1 PNG.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\0\x05\0\x01\xff\x89\x99=\x1d\0\0\0\0IEND\xaeB`\x82";

/// A 1×1 GIF.
const GIF: &[u8] = b"GIF89a\x01\0\x01\0\x80\0\0\0\0\0\xff\xff\xff!\xf9\x04\x01\0\0\0\0,\0\0\0\0\x01\0\x01\0\0\x02\x02D\x01\0;";

/// A fresh folder for one test under Cargo's scratch space for integration tests.
fn scratch(test: &str) -> PathBuf {
    let folder = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("hostile-{test}"));
    let _ = fs::remove_dir_all(&folder);
    fs::create_dir_all(&folder).expect("a scratch folder");
    folder
}

fn hoptls(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hoptls"))
        .args(args)
        .env("COLUMNS", "100")
        .output()
        .expect("hoptls runs")
}

fn run(format: &str, paths: &[PathBuf]) -> Output {
    let mut args: Vec<&std::ffi::OsStr> = vec!["--format".as_ref(), format.as_ref()];
    args.extend(paths.iter().map(|p| p.as_os_str()));
    hoptls(&args)
}

fn random_bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut state = seed;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect()
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

/// Inputs that are not messages at all: each must be refused with the file named.
fn refused() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("empty.eml", Vec::new()),
        ("blank.eml", b"\n\r\n \t\n".to_vec()),
        ("image.png", PNG.to_vec()),
        ("image.gif", GIF.to_vec()),
        ("random.bin", random_bytes(0x5eed, 64 * 1024)),
        ("nul-first.eml", b"\0Received: by b\n\n".to_vec()),
    ]
}

/// Hostile inputs that are still messages: each must be analysed.
fn read_leniently() -> Vec<(&'static str, Vec<u8>)> {
    let date = "Tue, 3 Dec 2024 09:15:02 +0000";
    let mut twenty_thousand = String::new();
    for n in 0..20_000 {
        twenty_thousand.push_str(&format!("Received: by h{n}.example.net; {date}\n"));
    }
    twenty_thousand.push_str("Subject: many\n\n");
    vec![
        (
            "nul-inside.eml",
            format!("Received: from a\0b by mx\0.example.com; {date}\nSubject: x\0y\n\n").into_bytes(),
        ),
        (
            "invalid-utf8.eml",
            b"Received: from \xff\xfe by mx.example.com\xc3; Tue, 3 Dec 2024 09:15:02 +0000\nSubject: caf\xe9\n\n".to_vec(),
        ),
        ("utf16le.eml", utf16(GOOD, false)),
        ("utf16be.eml", utf16(GOOD, true)),
        ("cr-only.eml", GOOD.replace('\n', "\r").into_bytes()),
        (
            "no-blank-line.eml",
            GOOD.split("\n\n").next().unwrap_or(GOOD).as_bytes().to_vec(),
        ),
        (
            "two-megabyte-line.eml",
            format!("Received: from a by b id {}; {date}\n\n", "x".repeat(2 << 20)).into_bytes(),
        ),
        ("twenty-thousand-received.eml", twenty_thousand.into_bytes()),
        (
            "nested-parens.eml",
            format!("Received: from a {} by b; {date}\n\n", "(".repeat(10_000)).into_bytes(),
        ),
        (
            "semicolons.eml",
            format!("Received: from a by b{}; {date}\n\n", ";".repeat(500)).into_bytes(),
        ),
        (
            "unterminated.eml",
            format!(
                "Received: from a ( by b; {date}\nReceived: from a [ by b; {date}\nReceived: from a < by b; {date}\nReceived: from a \" by b; {date}\n\n"
            )
            .into_bytes(),
        ),
        (
            "overflowing-numbers.eml",
            format!(
                "Received: from a ([192.0.2.1]:{}) by b (version=TLSv1.2 cipher=AES256-SHA bits=99999999999999999999); Tue, 3 Dec 99999 09:15:02 +0000\nDate: Tue, 3 Dec 99999 09:15:02 +0000\n\n",
                "9".repeat(400)
            )
            .into_bytes(),
        ),
    ]
}

fn write_all(folder: &Path, files: &[(&str, Vec<u8>)]) -> Vec<PathBuf> {
    files
        .iter()
        .map(|(name, bytes)| {
            let path = folder.join(name);
            fs::write(&path, bytes).expect("a scratch file");
            path
        })
        .collect()
}

fn assert_no_panic(output: &Output, what: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "{what}: {stderr}"
    );
    assert!(
        matches!(output.status.code(), Some(0 | 2)),
        "{what}: {:?}",
        output.status
    );
}

#[test]
fn inputs_that_are_not_messages_are_refused_by_name() {
    let folder = scratch("refused");
    for (path, (name, _)) in write_all(&folder, &refused()).iter().zip(refused()) {
        for format in ["table", "json", "ndjson"] {
            let output = run(format, std::slice::from_ref(path));
            assert_no_panic(&output, name);
            assert_eq!(output.status.code(), Some(2), "{name} {format}");
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(stderr.contains(name), "{name} {format}: {stderr}");
            assert!(
                stderr.contains("1 of 1 inputs could not be read"),
                "{stderr}"
            );
            if format == "json" {
                let value: Value = serde_json::from_slice(&output.stdout).expect("JSON");
                assert_eq!(value, Value::Array(Vec::new()), "{name}");
            } else {
                assert!(output.stdout.is_empty(), "{name} {format}");
            }
        }
    }
}

#[test]
fn hostile_messages_are_analysed() {
    let folder = scratch("lenient");
    let files = read_leniently();
    for (path, (name, _)) in write_all(&folder, &files).iter().zip(&files) {
        for format in ["table", "ndjson"] {
            let output = run(format, std::slice::from_ref(path));
            assert_no_panic(&output, name);
            assert_eq!(output.status.code(), Some(0), "{name} {format}");
            assert!(output.stderr.is_empty(), "{name}");
            let stdout = String::from_utf8(output.stdout).expect("UTF-8 output");
            match format {
                "table" => assert!(stdout.contains("verdict: "), "{name}"),
                _ => {
                    let report: Value =
                        serde_json::from_str(stdout.trim_end()).expect("one object");
                    assert_eq!(report["schema"], "hoptls/1", "{name}");
                    assert!(
                        !report["hops"].as_array().expect("hops").is_empty(),
                        "{name}"
                    );
                }
            }
        }
    }
}

#[test]
fn a_batch_loses_no_good_result_and_says_what_failed() {
    let folder = scratch("batch");
    let good = |n: u8| (n, GOOD.replace("hello", &format!("good {n}")).into_bytes());
    let mut paths = Vec::new();
    let mut expected_sources = Vec::new();
    let mut bad_names = Vec::new();
    let refused = refused();
    let lenient = read_leniently();
    // Good, refused and lenient files interleaved, so that order is tested too.
    for (index, (name, bytes)) in refused.iter().chain(lenient.iter()).enumerate() {
        let (n, bytes_good) = good(index as u8);
        let good_path = folder.join(format!("{index:02}-good-{n}.eml"));
        fs::write(&good_path, bytes_good).expect("good file");
        expected_sources.push(good_path.display().to_string());
        paths.push(good_path);
        let path = folder.join(format!("{index:02}-{name}"));
        fs::write(&path, bytes).expect("hostile file");
        if index < refused.len() {
            bad_names.push(path.display().to_string());
        } else {
            expected_sources.push(path.display().to_string());
        }
        paths.push(path);
    }
    let missing = folder.join("missing.eml");
    bad_names.push(missing.display().to_string());
    paths.push(missing);
    paths.push(folder.join("00-good-0.eml"));
    expected_sources.push(folder.join("00-good-0.eml").display().to_string());

    for format in ["json", "ndjson", "table"] {
        let output = run(format, &paths);
        assert_no_panic(&output, format);
        assert_eq!(output.status.code(), Some(2), "{format}");
        let stdout = String::from_utf8(output.stdout.clone()).expect("UTF-8");
        let sources: Vec<String> = match format {
            "json" => serde_json::from_str::<Vec<Value>>(&stdout)
                .expect("a JSON array")
                .iter()
                .map(|report| report["source"].as_str().expect("source").to_owned())
                .collect(),
            "ndjson" => stdout
                .lines()
                .map(|line| {
                    let report: Value = serde_json::from_str(line).expect("a JSON line");
                    report["source"].as_str().expect("source").to_owned()
                })
                .collect(),
            _ => stdout
                .lines()
                .filter_map(|line| line.strip_prefix("== "))
                .map(|heading| heading.split(" — ").next().unwrap_or(heading).to_owned())
                .collect(),
        };
        assert_eq!(
            sources, expected_sources,
            "{format}: every good result, in order"
        );

        let stderr = String::from_utf8_lossy(&output.stderr);
        for bad in &bad_names {
            assert!(stderr.contains(bad.as_str()), "{format}: {bad} in {stderr}");
        }
        assert!(
            stderr.contains(&format!(
                "{} of {} inputs could not be read",
                bad_names.len(),
                paths.len()
            )),
            "{stderr}"
        );
    }
}

/// Characters a terminal acts on: C0 controls but the line feed, DEL, C1 controls (the 8-bit
/// CSI and OSC among them), bidi controls and the Unicode line and paragraph separators.
fn acted_on(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(
            c,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

#[test]
fn the_table_never_passes_terminal_controls() {
    let payloads = [
        "\u{1b}]0;owned\u{7}",
        "\u{1b}[2J\u{1b}[31m",
        "\u{9b}31m\u{9d}8;;x\u{9c}",
        "\u{202e}\u{2066}\u{200f}\u{61c}",
        "\u{2028}\u{2029}\r\u{8}\u{7f}",
    ];
    let folder = scratch("escapes");
    let mut paths = Vec::new();
    for (n, payload) in payloads.iter().enumerate() {
        // Padding first, as an attacker would: dense control characters at the start of a file
        // make it read as binary data, and the point here is what gets through to the table.
        let padding = "p".repeat(600);
        let message = format!(
            "X-Padding: {padding}\nReceived: from helo{payload}.example.org (rdns{payload}.example.org [192.0.2.1]) by mx{payload}.example.com with ESMTPS{payload} id id{payload} (version=TLSv1.2{payload} cipher=AES{payload}-GCM bits=256); Tue, 3 Dec 2024 09:15:02 +0000\nReceived: from a{payload} by b{payload} ({payload}; Tue, 3 Dec 2024 09:15:0{payload}\nSubject: subject{payload}\nFrom: sender{payload} <a{payload}@example.org>\n\n"
        );
        // The file name carries the payload too (Linux allows any byte but `/` and NUL).
        let path = folder.join(format!("{n}-name{payload}.eml"));
        fs::write(&path, message).expect("a message file");
        paths.push(path);
    }
    // A refused file with a hostile name: its error on stderr must be safe too.
    let refused = folder.join("refused\u{1b}]0;owned\u{7}.png");
    fs::write(&refused, PNG).expect("an image");
    paths.push(refused);

    let output = run("table", &paths);
    assert_no_panic(&output, "escapes");
    let stdout = String::from_utf8(output.stdout.clone()).expect("UTF-8 table");
    let stderr = String::from_utf8(output.stderr.clone()).expect("UTF-8 errors");
    for (stream, text) in [("stdout", &stdout), ("stderr", &stderr)] {
        let bad: Vec<char> = text.chars().filter(|&c| acted_on(c)).collect();
        assert!(bad.is_empty(), "{stream} passes {bad:?}:\n{text}");
    }
    // What was written is still shown, as visible escapes.
    assert!(stdout.contains("\\u{1b}]0;owned\\u{7}"), "{stdout}");
    assert!(stdout.contains("\\u{202e}"), "{stdout}");
    assert!(
        stderr.contains("refused\\u{1b}]0;owned\\u{7}.png"),
        "{stderr}"
    );
    assert_eq!(stdout.matches("\n== ").count() + 1, payloads.len());
}
