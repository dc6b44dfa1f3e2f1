//! What a run of `hoptls` was asked to do, free of any argument-parsing library.

use std::path::PathBuf;

use crate::policy::Condition;

/// One invocation: analyse messages, or print a generated file about the command itself.
#[derive(Debug, Clone)]
pub enum Command {
    Analyse(Config),
    /// Shell completions for the named shell, on standard output.
    Completions(clap_complete::Shell),
    /// The man page (roff), on standard output.
    Manpage,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Ndjson,
    Csv,
}

/// When to colour the table output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorWhen {
    /// On a terminal, unless `NO_COLOR` is set (to anything but the empty string) or `TERM=dumb`.
    Auto,
    Always,
    Never,
}

impl ColorWhen {
    /// Whether to colour, given the environment. `--color always` wins over `NO_COLOR`: the
    /// convention lets a command-line flag override the variable.
    pub fn resolve(self, no_color: Option<&str>, term: Option<&str>, is_terminal: bool) -> bool {
        match self {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => {
                is_terminal && no_color.is_none_or(str::is_empty) && term != Some("dumb")
            }
        }
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    /// Inputs in the order given: files, folders, `-`, or glob patterns; empty means standard
    /// input.
    pub paths: Vec<PathBuf>,
    pub format: Format,
    /// Print the report over the whole batch instead of (or, with ndjson, after) the messages.
    pub summary: bool,
    /// `--fail-on`: the conditions that make the exit status 1.
    pub fail_on: Vec<Condition>,
    /// Worker threads; 1 runs everything on the main thread, with no pool.
    pub threads: usize,
    pub color: ColorWhen,
    /// No progress bar and no closing policy line (errors are still printed).
    pub quiet: bool,
    /// The user's trust settings (`--trusted-by`, `--trusted-network`, `--trusted-authserv`).
    pub options: hoptls_core::Options,
    /// `--redact`: pseudonyms instead of hosts, addresses, ids and mailboxes.
    pub redact: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_follows_the_flag_then_no_color_then_the_terminal() {
        use ColorWhen::{Always, Auto, Never};
        assert!(Always.resolve(Some("1"), None, false));
        assert!(!Never.resolve(None, None, true));
        assert!(Auto.resolve(None, Some("xterm-256color"), true));
        assert!(
            !Auto.resolve(None, None, false),
            "never when not a terminal"
        );
        assert!(!Auto.resolve(Some("1"), None, true), "NO_COLOR set");
        assert!(
            Auto.resolve(Some(""), None, true),
            "an empty NO_COLOR is unset"
        );
        assert!(!Auto.resolve(None, Some("dumb"), true));
    }
}
