//! The fuzz targets' invariants, shared with the replay of `fuzz/regressions/` that
//! `cargo test -p hoptls-core` runs (it includes `invariants.rs` by path).

pub mod invariants;
