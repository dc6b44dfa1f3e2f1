//! `hoptls`: the command-line face of hoptls-core.

mod args;
mod config;
mod exit_code;
mod input;
mod output;

use std::{
    io::{self, IsTerminal, Write},
    process::ExitCode,
};

use config::Config;
use input::Input;
use output::Printer;

fn main() -> ExitCode {
    let config = args::parse();
    match run(&config) {
        Ok(code) => ExitCode::from(code),
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => ExitCode::from(exit_code::OK),
        Err(error) => {
            eprintln!("hoptls: cannot write the output: {error}");
            ExitCode::from(exit_code::INPUT_ERROR)
        }
    }
}

/// The width tables are fitted to: `COLUMNS` when set, the terminal's own width on a terminal,
/// and 100 columns when piped, so that saved output does not depend on where it was made.
fn table_width(is_terminal: bool) -> Option<u16> {
    let columns = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok());
    match (columns, is_terminal) {
        (Some(columns), _) => Some(columns),
        (None, true) => None,
        (None, false) => Some(100),
    }
}

/// Analyses every input in order. A failed input is reported on stderr and counted; the others
/// are still analysed. Only an output error stops the run.
fn run(config: &Config) -> io::Result<u8> {
    let inputs: Vec<Input> = if config.paths.is_empty() {
        if io::stdin().is_terminal() {
            eprintln!(
                "hoptls: no input: give message files, or pipe a message into standard input (see --help)"
            );
            return Ok(exit_code::INPUT_ERROR);
        }
        vec![Input::Stdin]
    } else {
        config.paths.iter().map(|p| Input::from_path(p)).collect()
    };

    let stdout = io::stdout();
    let table_width = table_width(stdout.is_terminal());
    let mut printer = Printer::new(
        io::BufWriter::new(stdout.lock()),
        config.format,
        table_width,
    );
    let mut failed = Vec::new();
    for input in &inputs {
        let name = input.name();
        let result = input
            .read()
            .and_then(|bytes| hoptls_core::analyze(&name, &bytes).map_err(anyhow::Error::from));
        match result {
            Ok(report) => printer.report(&report)?,
            Err(error) => {
                eprintln!("hoptls: {}: {error:#}", output::text::printable(&name));
                failed.push(name);
            }
        }
    }
    printer.finish()?;
    if failed.is_empty() {
        return Ok(exit_code::OK);
    }
    let _ = writeln!(
        io::stderr(),
        "hoptls: {} of {} inputs could not be read",
        failed.len(),
        inputs.len()
    );
    Ok(exit_code::INPUT_ERROR)
}
