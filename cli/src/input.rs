//! Reading inputs: files and standard input.

use std::{
    io::Read,
    path::{Path, PathBuf},
};

use anyhow::{Context, Result};

/// One input to analyse.
#[derive(Debug, Clone)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    pub fn from_path(path: &Path) -> Input {
        if path.as_os_str() == "-" {
            Input::Stdin
        } else {
            Input::File(path.to_owned())
        }
    }

    /// How reports and errors name this input: the path as given, `-` for stdin.
    pub fn name(&self) -> String {
        match self {
            Input::Stdin => "-".to_owned(),
            Input::File(path) => path.display().to_string(),
        }
    }

    pub fn read(&self) -> Result<Vec<u8>> {
        match self {
            Input::Stdin => {
                let mut bytes = Vec::new();
                std::io::stdin()
                    .lock()
                    .read_to_end(&mut bytes)
                    .context("cannot read standard input")?;
                Ok(bytes)
            }
            Input::File(path) => {
                if path.is_dir() {
                    anyhow::bail!("is a directory, not a message file");
                }
                std::fs::read(path).map_err(|e| anyhow::anyhow!(e))
            }
        }
    }
}
