//! How fast the core reads: Received lines alone, and whole header blocks.
//!
//! ```sh
//! cargo bench -p hoptls-core --bench parse
//! # with a sample of the generated corpus (see BENCHMARKS.md):
//! cargo run -p xtask --release -- corpus --count 20000 --out bench-corpus
//! HOPTLS_BENCH_CORPUS=bench-corpus/eml cargo bench -p hoptls-core --bench parse
//! ```
//!
//! - `received/*`: every input of `fixtures/received/*.json` (LF line ends, as written there),
//!   parsed one after the other; the throughput is lines/s and bytes/s of those inputs.
//! - `analyze/*`: whole header blocks through [`hoptls_core::analyze`], each message cut at
//!   the end of its header block first (what a header-only reader hands over), in messages/s.

use std::{
    fs,
    hint::black_box,
    path::{Path, PathBuf},
};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hoptls_core::{analyze, analyze_received, message::find_blank_line, received};

/// Messages taken from the generated corpus: enough to cover every writer many times over,
/// few enough to stay in the cache like a hot loop over an archive does not.
const CORPUS_SAMPLE: usize = 2000;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn received_inputs() -> Vec<String> {
    let mut files: Vec<PathBuf> = fs::read_dir(repo_root().join("fixtures/received"))
        .expect("fixtures/received exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| {
            path.extension().is_some_and(|e| e == "json")
                && !path.to_string_lossy().ends_with(".actual.json")
        })
        .collect();
    files.sort();
    let mut inputs = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file).expect("readable fixture");
        let cases: serde_json::Value = serde_json::from_str(&text).expect("a JSON fixture");
        for case in cases.as_array().expect("an array of cases") {
            inputs.push(case["input"].as_str().expect("an input").to_owned());
        }
    }
    inputs
}

fn eml_files(root: &Path, limit: usize) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![root.to_owned()];
    while let Some(folder) = folders.pop() {
        for entry in fs::read_dir(&folder).expect("readable folder") {
            let path = entry.expect("readable entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "eml") {
                found.push(path);
            }
        }
    }
    found.sort();
    found.truncate(limit);
    found
}

/// Each file cut after its header block, as a header-only reader would hand it over.
fn header_blocks(files: &[PathBuf]) -> Vec<Vec<u8>> {
    files
        .iter()
        .map(|path| {
            let bytes = fs::read(path).expect("readable message");
            let end = find_blank_line(&bytes).unwrap_or(bytes.len());
            bytes[..end].to_vec()
        })
        .collect()
}

fn bench_received(c: &mut Criterion) {
    let inputs = received_inputs();
    let bytes: usize = inputs.iter().map(String::len).sum();
    let mut group = c.benchmark_group("received");
    group.throughput(Throughput::Elements(inputs.len() as u64));
    group.bench_function("parse/lines", |b| {
        b.iter(|| {
            for input in &inputs {
                black_box(received::parse(black_box(input)));
            }
        })
    });
    group.bench_function("analyze_received/lines", |b| {
        b.iter(|| {
            for input in &inputs {
                black_box(analyze_received(black_box(input)));
            }
        })
    });
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("parse/bytes", |b| {
        b.iter(|| {
            for input in &inputs {
                black_box(received::parse(black_box(input)));
            }
        })
    });
    group.finish();
}

fn bench_messages(c: &mut Criterion, name: &str, blocks: &[Vec<u8>]) {
    let mut group = c.benchmark_group("analyze");
    group.throughput(Throughput::Elements(blocks.len() as u64));
    group.bench_function(name, |b| {
        b.iter(|| {
            for block in blocks {
                // Fixtures include messages hoptls rejects on purpose; both outcomes count.
                let _ = black_box(analyze("m.eml", black_box(block)));
            }
        })
    });
    group.finish();
}

fn bench_analyze(c: &mut Criterion) {
    let fixtures = header_blocks(&eml_files(&repo_root().join("fixtures/eml"), usize::MAX));
    bench_messages(c, "fixtures_eml/messages", &fixtures);

    let corpus = std::env::var_os("HOPTLS_BENCH_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("bench-corpus/eml"));
    if corpus.is_dir() {
        let sample = header_blocks(&eml_files(&corpus, CORPUS_SAMPLE));
        bench_messages(c, "generated_corpus/messages", &sample);
    } else {
        eprintln!(
            "analyze/generated_corpus skipped: no corpus at {} (set HOPTLS_BENCH_CORPUS or run scripts/bench)",
            corpus.display()
        );
    }
}

criterion_group!(benches, bench_received, bench_analyze);
criterion_main!(benches);
