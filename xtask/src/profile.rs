//! Fixed workloads for profilers: the same work on every run, so that `valgrind
//! --tool=callgrind` instruction counts compare before and after a change on a noisy shared
//! machine, where wall-clock times do not.

use std::{
    fs,
    hint::black_box,
    path::{Path, PathBuf},
    time::Instant,
};

use anyhow::{Context, Result};
use hoptls_core::{analyze, message::find_blank_line, received};

/// Parses every input of `fixtures/received/*.json` `repeat` times.
pub fn received_lines(fixtures: &Path, repeat: usize) -> Result<String> {
    let inputs = received_inputs(fixtures)?;
    let bytes: usize = inputs.iter().map(String::len).sum();
    let start = Instant::now();
    let mut hops = 0usize;
    for _ in 0..repeat {
        for input in &inputs {
            hops += usize::from(black_box(received::parse(black_box(input))).by.is_some());
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    let lines = inputs.len() * repeat;
    Ok(format!(
        "lines={lines} bytes={} with_by={hops} seconds={seconds:.3} lines_per_second={:.0} mb_per_second={:.1}",
        bytes * repeat,
        lines as f64 / seconds,
        (bytes * repeat) as f64 / seconds / 1e6
    ))
}

/// Analyses the header blocks of up to `limit` files (read into memory first).
pub fn header_blocks(files: &[PathBuf], repeat: usize) -> Result<String> {
    let mut blocks = Vec::with_capacity(files.len());
    for path in files {
        let bytes = fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        let end = find_blank_line(&bytes).unwrap_or(bytes.len());
        blocks.push(bytes[..end].to_vec());
    }
    let start = Instant::now();
    let mut hops = 0usize;
    for _ in 0..repeat {
        for block in &blocks {
            if let Ok(report) = analyze("m.eml", black_box(block)) {
                hops += report.hops.len();
            }
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    let messages = blocks.len() * repeat;
    Ok(format!(
        "messages={messages} hops={hops} seconds={seconds:.3} messages_per_second={:.0}",
        messages as f64 / seconds
    ))
}

fn received_inputs(fixtures: &Path) -> Result<Vec<String>> {
    let mut files: Vec<PathBuf> = fs::read_dir(fixtures)
        .with_context(|| format!("cannot list {}", fixtures.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            path.extension().is_some_and(|e| e == "json")
                && !path.to_string_lossy().ends_with(".actual.json")
        })
        .collect();
    files.sort();
    let mut inputs = Vec::new();
    for file in files {
        let text =
            fs::read_to_string(&file).with_context(|| format!("cannot read {}", file.display()))?;
        let cases: serde_json::Value = serde_json::from_str(&text)
            .with_context(|| format!("{} is not JSON", file.display()))?;
        for case in cases.as_array().into_iter().flatten() {
            if let Some(input) = case["input"].as_str() {
                inputs.push(input.to_owned());
            }
        }
    }
    Ok(inputs)
}
