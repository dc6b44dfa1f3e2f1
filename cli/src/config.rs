//! What a run of `hoptls` was asked to do, free of any argument-parsing library.

use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Ndjson,
}

#[derive(Debug, Clone)]
pub struct Config {
    /// Inputs in the order given; empty means standard input.
    pub paths: Vec<PathBuf>,
    pub format: Format,
}
