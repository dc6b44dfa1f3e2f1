//! Lists the fixture messages for the wasm tests, which run inside node and cannot read files:
//! each `fixtures/eml/**/NAME.eml` is embedded with its golden `NAME.json`, so a fixture added
//! later is tested here without anyone editing a list. The library itself uses none of this.

use std::{
    env,
    error::Error,
    fmt::Write as _,
    fs,
    path::{Path, PathBuf},
};

fn main() -> Result<(), Box<dyn Error>> {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR")?);
    let root = manifest.join("..");
    let eml = root.join("fixtures/eml");
    println!("cargo::rerun-if-changed={}", eml.display());

    let mut messages = Vec::new();
    collect(&eml, &mut messages)?;
    messages.sort();

    let mut out = String::from(
        "/// Every fixture message: its source as the golden files name it, its bytes, its golden JSON.\n\
         pub const FIXTURES: &[(&str, &[u8], &str)] = &[\n",
    );
    for path in &messages {
        let source = path
            .strip_prefix(&root)?
            .to_string_lossy()
            .replace('\\', "/");
        let golden = path.with_extension("json");
        writeln!(
            out,
            "    ({source:?}, include_bytes!({:?}), include_str!({:?})),",
            path.display().to_string(),
            golden.display().to_string()
        )?;
    }
    out.push_str("];\n");
    fs::write(PathBuf::from(env::var("OUT_DIR")?).join("fixtures.rs"), out)?;
    Ok(())
}

fn collect(folder: &Path, found: &mut Vec<PathBuf>) -> Result<(), Box<dyn Error>> {
    for entry in fs::read_dir(folder)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, found)?;
        } else if path.extension().is_some_and(|e| e == "eml") {
            found.push(path);
        }
    }
    Ok(())
}
