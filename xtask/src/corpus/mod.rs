//! The benchmark corpus: realistic messages written as a folder of .eml files and as one mbox.
//!
//! The output is a pure function of the seed and the count: message `n` draws from its own
//! random stream, so a corpus of 100 messages is the first 100 of a corpus of 20,000.

pub mod chain;
pub mod message;
pub mod received;

use std::{
    fs::{self, File},
    io::{BufWriter, Write},
    path::{Path, PathBuf},
};

use anyhow::{Context, Result};
use chrono::DateTime;

use crate::rng::Rng;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    pub out: PathBuf,
    pub seed: u64,
    /// Messages to write; with `mbox_bytes`, the most to write.
    pub count: u64,
    pub eml: bool,
    pub mbox: bool,
    /// Stop once the mbox is this large (for the memory run).
    pub mbox_bytes: Option<u64>,
}

/// What was generated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub messages: u64,
    pub eml_bytes: u64,
    pub mbox_bytes: u64,
    pub hops: u64,
}

/// The file that records how a corpus folder was made, so that a bench can tell whether the
/// folder it finds is the one it asks for.
pub const STAMP: &str = "corpus.stamp";

pub fn generate(options: &Options) -> Result<Summary> {
    let eml_dir = options.out.join("eml");
    if options.eml {
        // A stale folder with more files than asked for would be measured too.
        if eml_dir.exists() {
            fs::remove_dir_all(&eml_dir)
                .with_context(|| format!("cannot clear {}", eml_dir.display()))?;
        }
        fs::create_dir_all(&eml_dir)
            .with_context(|| format!("cannot create {}", eml_dir.display()))?;
    } else {
        fs::create_dir_all(&options.out)
            .with_context(|| format!("cannot create {}", options.out.display()))?;
    }
    let stamp_path = options.out.join(STAMP);
    let _ = fs::remove_file(&stamp_path);
    let mbox_path = options.out.join("corpus.mbox");
    let mut mbox = if options.mbox {
        let file = File::create(&mbox_path)
            .with_context(|| format!("cannot create {}", mbox_path.display()))?;
        Some(BufWriter::with_capacity(1 << 20, file))
    } else {
        None
    };

    let mut summary = Summary::default();
    for index in 0..options.count {
        if options
            .mbox_bytes
            .is_some_and(|limit| summary.mbox_bytes >= limit)
        {
            break;
        }
        let mut rng = Rng::fork(options.seed, index);
        let message = message::build(&mut rng, index);
        summary.messages += 1;
        summary.hops += message.hop_count as u64;
        if options.eml {
            let bytes = if message.crlf {
                to_crlf(&message.text)
            } else {
                message.text.clone()
            };
            let path = eml_path(&eml_dir, index);
            fs::write(&path, &bytes).with_context(|| format!("cannot write {}", path.display()))?;
            summary.eml_bytes += bytes.len() as u64;
        }
        if let Some(mbox) = mbox.as_mut() {
            let written = write_mbox_entry(mbox, &message)
                .with_context(|| format!("cannot write {}", mbox_path.display()))?;
            summary.mbox_bytes += written;
        }
    }
    if let Some(mut mbox) = mbox {
        mbox.flush()
            .with_context(|| format!("cannot write {}", mbox_path.display()))?;
    }
    fs::write(&stamp_path, stamp(options, &summary))
        .with_context(|| format!("cannot write {}", stamp_path.display()))?;
    Ok(summary)
}

/// The stamp text: the options that decide the bytes, and what came out.
pub fn stamp(options: &Options, summary: &Summary) -> String {
    format!(
        "generator=1 seed={} count={} eml={} mbox={} mbox_bytes={} messages={} eml_bytes={} mbox_size={} hops={}\n",
        options.seed,
        options.count,
        options.eml,
        options.mbox,
        options
            .mbox_bytes
            .map_or("none".to_owned(), |b| b.to_string()),
        summary.messages,
        summary.eml_bytes,
        summary.mbox_bytes,
        summary.hops
    )
}

pub fn eml_path(dir: &Path, index: u64) -> PathBuf {
    dir.join(format!("{:06}.eml", index + 1))
}

fn to_crlf(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() + text.len() / 40);
    for &byte in text {
        if byte == b'\n' {
            out.push(b'\r');
        }
        out.push(byte);
    }
    out
}

/// One mbox entry in the mboxrd convention: a `From ` separator line, the message with LF line
/// ends and every body line that starts with `>*From ` quoted with one more `>`, and a blank
/// line before the next separator.
fn write_mbox_entry(out: &mut impl Write, message: &message::Message) -> std::io::Result<u64> {
    let when = DateTime::from_timestamp(message.delivered, 0)
        .map(|t| t.format("%a %b %e %H:%M:%S %Y").to_string())
        .unwrap_or_default();
    let separator = format!("From {} {when}\n", message.sender);
    out.write_all(separator.as_bytes())?;
    let mut written = separator.len() as u64;
    let mut in_body = false;
    for line in message.text.split_inclusive(|&b| b == b'\n') {
        if in_body && is_from_line(line) {
            out.write_all(b">")?;
            written += 1;
        }
        if line == b"\n" {
            in_body = true;
        }
        out.write_all(line)?;
        written += line.len() as u64;
    }
    if !message.text.ends_with(b"\n") {
        out.write_all(b"\n")?;
        written += 1;
    }
    out.write_all(b"\n")?;
    Ok(written + 1)
}

/// `>*From `: a line that mboxrd quotes.
fn is_from_line(line: &[u8]) -> bool {
    let unquoted = line
        .iter()
        .position(|&b| b != b'>')
        .map_or(&[][..], |start| &line[start..]);
    unquoted.starts_with(b"From ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_lines_are_quoted_in_the_body_only() {
        let message = message::Message {
            text: b"Subject: x\nFrom: a@example.org\n\nFrom here on\n>From there\nplain\n".to_vec(),
            crlf: false,
            sender: "a@example.org".to_owned(),
            delivered: 1_733_217_302,
            hop_count: 3,
        };
        let mut out = Vec::new();
        let written = write_mbox_entry(&mut out, &message).expect("in memory");
        assert_eq!(
            String::from_utf8(out.clone()).expect("text"),
            "From a@example.org Tue Dec  3 09:15:02 2024\nSubject: x\nFrom: a@example.org\n\n>From here on\n>>From there\nplain\n\n"
        );
        assert_eq!(written, out.len() as u64);
    }

    fn generate_into(name: &str, seed: u64, count: u64) -> (PathBuf, Summary) {
        let out = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
        let options = Options {
            out: out.clone(),
            seed,
            count,
            eml: true,
            mbox: true,
            mbox_bytes: None,
        };
        let summary = generate(&options).expect("generate");
        (out, summary)
    }

    #[test]
    fn messages_are_realistic_and_read_by_hoptls() {
        let count = 150;
        let (out, summary) = generate_into("realistic", 7, count);
        assert_eq!(summary.messages, count);
        let mut writers = std::collections::BTreeSet::new();
        let mut hop_counts = std::collections::BTreeSet::new();
        let mut attachments = 0;
        let mut crlf = 0;
        for index in 0..count {
            let bytes = fs::read(eml_path(&out.join("eml"), index)).expect("eml");
            crlf += usize::from(bytes.windows(2).any(|w| w == b"\r\n"));
            attachments += usize::from(bytes.len() > 100 * 1024);
            let report = hoptls_core::analyze("m.eml", &bytes).expect("a message");
            let hops = report.hops.len();
            assert!((3..=9).contains(&hops), "message {index}: {hops} hops");
            hop_counts.insert(hops);
            for hop in &report.hops {
                // Every line is one a known writer wrote, read as that writer's.
                let mta = hop
                    .mta
                    .unwrap_or_else(|| panic!("message {index}: {}", hop.raw));
                writers.insert(mta);
                assert!(hop.timestamp.is_some(), "message {index}: {}", hop.raw);
            }
            assert!(
                report
                    .findings
                    .iter()
                    .all(|f| f.code != "header-folding-repaired"),
                "message {index}: every continuation line starts with white space"
            );
            assert!(report.message.subject.is_some() && report.message.from.is_some());
        }
        assert!(writers.len() >= 25, "{writers:?}");
        assert!(hop_counts.len() >= 5, "{hop_counts:?}");
        // ~15 % with a large attachment; ~50 % CRLF.
        assert!((5..=45).contains(&attachments), "{attachments} attachments");
        assert!((45..=105).contains(&crlf), "{crlf} CRLF files");

        // The mbox holds the same messages, split back by the core's own splitter.
        let mbox = fs::read(out.join("corpus.mbox")).expect("mbox");
        assert_eq!(mbox.len() as u64, summary.mbox_bytes);
        let messages: Vec<&[u8]> = hoptls_core::mbox::split(&mbox).collect();
        assert_eq!(messages.len() as u64, count);
        for (index, message) in messages.iter().enumerate() {
            let from_mbox = hoptls_core::analyze("m", message).expect("a message");
            let eml = fs::read(eml_path(&out.join("eml"), index as u64)).expect("eml");
            let from_eml = hoptls_core::analyze("m", &eml).expect("a message");
            assert_eq!(from_mbox.hops.len(), from_eml.hops.len(), "message {index}");
            assert_eq!(from_mbox.summary, from_eml.summary, "message {index}");
        }
        fs::remove_dir_all(&out).expect("clean up");
    }

    #[test]
    fn the_seed_decides_the_bytes() {
        let (a, first) = generate_into("seed-a", 3, 20);
        let (b, second) = generate_into("seed-b", 3, 20);
        let (c, third) = generate_into("seed-c", 4, 20);
        assert_eq!(first, second);
        assert_ne!(first, third);
        for index in 0..20 {
            let read = |dir: &Path| fs::read(eml_path(&dir.join("eml"), index)).expect("eml");
            assert_eq!(read(&a), read(&b));
        }
        assert_eq!(
            fs::read(a.join("corpus.mbox")).expect("mbox"),
            fs::read(b.join("corpus.mbox")).expect("mbox")
        );
        // A shorter corpus is the start of a longer one.
        let (d, _) = generate_into("seed-d", 3, 5);
        assert_eq!(
            fs::read(eml_path(&d.join("eml"), 4)).expect("eml"),
            fs::read(eml_path(&a.join("eml"), 4)).expect("eml")
        );
        for dir in [a, b, c, d] {
            fs::remove_dir_all(dir).expect("clean up");
        }
    }

    #[test]
    fn mbox_bytes_stops_the_run() {
        let out = std::env::temp_dir().join(format!("xtask-limit-{}", std::process::id()));
        let options = Options {
            out: out.clone(),
            seed: 1,
            count: 1000,
            eml: false,
            mbox: true,
            mbox_bytes: Some(200_000),
        };
        let summary = generate(&options).expect("generate");
        assert!(summary.mbox_bytes >= 200_000);
        assert!(summary.messages < 1000);
        assert!(!out.join("eml").exists());
        fs::remove_dir_all(&out).expect("clean up");
    }

    #[test]
    fn crlf_conversion() {
        assert_eq!(to_crlf(b"a\nb\n"), b"a\r\nb\r\n");
    }
}
