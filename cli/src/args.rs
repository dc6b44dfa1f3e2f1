//! The command line, as clap reads it. Turned into a plain [`Config`] at once, so that nothing
//! past `main` sees clap.

use std::path::PathBuf;

use clap::{Parser, ValueEnum};

use crate::config::{Config, Format};

/// Was this email encrypted on every hop, and how well?
///
/// hoptls reads the Received headers of email messages and shows, hop by hop, who handed the
/// message to whom, when, and whether the hop used TLS (which version, which cipher), travelled
/// in plaintext, stayed on one machine, or does not say. Everything happens offline.
///
/// Exit status: 0 when every input was read; 2 when an input could not be read as a message
/// (the other inputs are still analysed) or the command line is wrong.
#[derive(Debug, Parser)]
#[command(name = "hoptls", version, max_term_width = 100)]
struct Args {
    /// Message files (.eml, or a header block alone). `-` reads standard input; with no path,
    /// standard input is read when it is not a terminal.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Output format: a table per message, a JSON array, or one JSON object per line.
    #[arg(long, short = 'f', value_enum, default_value_t = FormatArg::Table)]
    format: FormatArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FormatArg {
    /// One table per message with its verdict and findings.
    Table,
    /// The JSON contract objects in one array.
    Json,
    /// One JSON contract object per line.
    Ndjson,
}

/// Parses the process arguments (printing help or an error and exiting as clap does).
pub fn parse() -> Config {
    let args = Args::parse();
    Config {
        paths: args.paths,
        format: match args.format {
            FormatArg::Table => Format::Table,
            FormatArg::Json => Format::Json,
            FormatArg::Ndjson => Format::Ndjson,
        },
    }
}
