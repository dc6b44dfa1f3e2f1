//! Replays every input the fuzzers once broke hoptls with (`fuzz/regressions/<target>/`),
//! checking the same invariants the fuzz targets check, so that a plain `cargo test` keeps
//! each fixed bug fixed. See FUZZING.md.

// Each test binary uses only some of the shared checks.
#[allow(dead_code)]
#[path = "../../fuzz/src/invariants.rs"]
mod invariants;

use std::{fs, path::PathBuf};

fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let folder = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/regressions")
        .join(target);
    let mut inputs: Vec<(PathBuf, Vec<u8>)> = fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.is_file())
        .map(|path| {
            let bytes = fs::read(&path).expect("a regression input");
            (path, bytes)
        })
        .collect();
    inputs.sort();
    inputs
}

#[test]
fn received_value_regressions() {
    for (path, bytes) in inputs("received_value") {
        eprintln!("{}", path.display());
        invariants::check_received_value(&String::from_utf8_lossy(&bytes));
    }
}

#[test]
fn header_block_regressions() {
    for (path, bytes) in inputs("header_block") {
        eprintln!("{}", path.display());
        invariants::check_message(&bytes);
    }
}

#[test]
fn mbox_split_regressions() {
    for (path, bytes) in inputs("mbox_split") {
        eprintln!("{}", path.display());
        if let Some((&cap, input)) = bytes.split_first() {
            invariants::check_mbox_split(input, 5 + usize::from(cap % 16));
        }
    }
}
