//! The command line, as clap reads it. Turned into a plain [`Command`] at once, so that nothing
//! past `main` sees clap.

use std::{io::Write, path::PathBuf};

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use clap_complete::Shell;

use hoptls_core::{
    Options,
    trust::{Network, TrustOptions},
};

use crate::{
    config::{ColorWhen, Command, Config, Format},
    policy::{self, Condition},
};

/// Was this email encrypted on every hop, and how well?
///
/// hoptls reads the Received headers of email messages and shows, hop by hop, who handed the
/// message to whom, when, and whether the hop used TLS (which version, which cipher), travelled
/// in plaintext, stayed on one machine, or does not say. Only header blocks are read; bodies
/// are skipped. Everything happens offline.
#[derive(Debug, Parser)]
#[command(
    name = "hoptls",
    version,
    max_term_width = 100,
    args_conflicts_with_subcommands = true,
    after_long_help = AFTER_LONG_HELP,
    after_help = "Exit status: 0 fine, 1 a --fail-on condition was met, 2 usage error or an input \
                  could not be read. More with --help."
)]
struct Args {
    #[command(subcommand)]
    command: Option<Generate>,

    /// Messages to analyse: files, folders (searched recursively), mbox files, Maildir
    /// folders, or quoted glob patterns such as 'mail/**/*.eml'. `-` reads standard input;
    /// with no path, standard input is read when it is not a terminal. A file named like a
    /// subcommand is given as `./completions`.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = FormatArg::Table)]
    format: FormatArg,

    /// Print the report over the whole batch instead of the messages: verdicts, encryption,
    /// TLS versions and ciphers, the relays and sender domains with plaintext or weak hops,
    /// clock skews, unreadable inputs. Tables by default, one JSON object with `--format json`;
    /// with `--format ndjson` the messages are streamed and the summary object is the last
    /// line (its `schema` is `hoptls-summary/1`).
    #[arg(long, short = 's')]
    summary: bool,

    /// Exit with status 1 when a message meets one of these conditions (comma-separated, or
    /// the option repeated).
    #[arg(
        long,
        value_name = "CONDITIONS",
        value_delimiter = ',',
        value_parser = Condition::parse,
        long_help = fail_on_help()
    )]
    fail_on: Vec<Condition>,

    /// Worker threads [default: the number of cores]. 1 analyses on the main thread alone.
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024))]
    threads: Option<u16>,

    /// When to colour the table: `auto` colours on a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto, value_name = "WHEN")]
    color: ColorArg,

    /// No progress bar and no closing policy line. Errors are always printed.
    #[arg(long, short = 'q')]
    quiet: bool,

    /// A host or domain of the receiving organisation (repeatable). Hops received by it mark
    /// the trust boundary: the hops below the first one it received from outside are claims
    /// of the sender. Without it, the boundary is found from the chain (docs/trust.md).
    #[arg(long, value_name = "HOST|DOMAIN")]
    trusted_by: Vec<String>,

    /// A network of the receiving organisation, as CIDR (repeatable): 192.0.2.0/24,
    /// 2001:db8::/32.
    #[arg(long, value_name = "CIDR", value_parser = parse_network)]
    trusted_network: Vec<Network>,

    /// The authserv-id whose Authentication-Results count (repeatable). Without it, the id of
    /// the topmost Authentication-Results (the receiver's own) is trusted.
    #[arg(long, value_name = "ID")]
    trusted_authserv: Vec<String>,

    /// Replace host names, addresses, ids and mailboxes by consistent pseudonyms (the same
    /// value gets the same token across the whole run), so that the result can be shared; TLS
    /// facts, times, roles and findings are kept.
    #[arg(long)]
    redact: bool,
}

fn parse_network(text: &str) -> Result<Network, String> {
    text.parse()
}

fn fail_on_help() -> String {
    format!(
        "Exit with status 1 when a message meets one of these conditions (comma-separated, or \
         the option repeated): {}.\n\n\
         plaintext: a hop travelled in plaintext; weak: a TLS hop used SSL, TLS 1.0/1.1 or a \
         weak cipher; unknown: a hop does not say how it travelled; not-encrypted: the verdict \
         is not `encrypted`; tls<1.2: a TLS hop recorded a version below 1.2 (hops that record \
         no version do not count); skew>300: a hop is more than 300 s earlier than the one \
         before it; delay>1h: a hop took longer than an hour; finding=CODE: the message or a \
         hop has that finding (see docs/json-output.md).",
        policy::HELP
    )
}

const AFTER_LONG_HELP: &str = "\
Inputs:
  A folder is searched recursively, in name order. It yields its *.eml files, every file in the
  cur/ and new/ of a Maildir (tmp/ is skipped), and the *.mbox and extension-less files that
  start like a message or an mbox (`From ` line); other files are skipped. A file that starts
  with a `From ` line is read as an mbox, except *.eml files, which are one message each; the
  N-th message of an mbox is named PATH#N. Unreadable files, binary files, empty files and
  symbolic-link loops are reported on stderr, one line each, and the batch goes on.

Output order:
  The order of the arguments; folder entries sorted by path; mbox messages in file order. The
  same with any --threads.

Exit status:
  0  every input was read and no --fail-on condition was met
  1  every input was read and some message met a --fail-on condition
  2  usage error, or some input could not be read (the others were still analysed); this wins
     over 1

Also:
  hoptls completions SHELL   shell completions (bash, zsh, fish, elvish, powershell)
  hoptls manpage             the man page, in roff";

#[derive(Debug, Subcommand)]
enum Generate {
    /// Print shell completions for SHELL on standard output.
    Completions {
        #[arg(value_enum)]
        shell: Shell,
    },
    /// Print the man page (roff) on standard output.
    Manpage,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FormatArg {
    /// One table per message with its verdict and findings.
    Table,
    /// The JSON contract objects in one array.
    Json,
    /// One JSON contract object per line.
    Ndjson,
    /// One row per hop, with a header row (RFC 4180).
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

/// Parses the process arguments (printing help or an error and exiting as clap does).
pub fn parse() -> Command {
    let args = Args::parse();
    match args.command {
        Some(Generate::Completions { shell }) => return Command::Completions(shell),
        Some(Generate::Manpage) => return Command::Manpage,
        None => {}
    }
    if args.summary && args.format == FormatArg::Csv {
        Args::command()
            .error(
                clap::error::ErrorKind::ArgumentConflict,
                "--summary has no CSV form: use it with --format table, json or ndjson",
            )
            .exit();
    }
    if args.fail_on.len() > policy::MAX_CONDITIONS {
        Args::command()
            .error(
                clap::error::ErrorKind::TooManyValues,
                format!(
                    "--fail-on takes at most {} conditions",
                    policy::MAX_CONDITIONS
                ),
            )
            .exit();
    }
    let mut fail_on: Vec<Condition> = Vec::with_capacity(args.fail_on.len());
    for condition in args.fail_on {
        if !fail_on.contains(&condition) {
            fail_on.push(condition);
        }
    }
    Command::Analyse(Config {
        paths: args.paths,
        format: match args.format {
            FormatArg::Table => Format::Table,
            FormatArg::Json => Format::Json,
            FormatArg::Ndjson => Format::Ndjson,
            FormatArg::Csv => Format::Csv,
        },
        summary: args.summary,
        fail_on,
        threads: args.threads.map_or_else(
            || std::thread::available_parallelism().map_or(1, usize::from),
            usize::from,
        ),
        color: match args.color {
            ColorArg::Auto => ColorWhen::Auto,
            ColorArg::Always => ColorWhen::Always,
            ColorArg::Never => ColorWhen::Never,
        },
        quiet: args.quiet,
        options: Options {
            trust: TrustOptions {
                trusted_hosts: args.trusted_by,
                trusted_networks: args.trusted_network,
            },
            trusted_authserv: args.trusted_authserv,
        },
        redact: args.redact,
    })
}

/// Writes the completions for `shell`, generated from the argument definitions.
pub fn write_completions(shell: Shell, out: &mut impl Write) {
    clap_complete::generate(shell, &mut Args::command(), "hoptls", out);
}

/// Writes the man page, generated from the argument definitions.
pub fn write_manpage(out: &mut impl Write) -> std::io::Result<()> {
    clap_mangen::Man::new(Args::command()).render(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_definition_is_consistent() {
        Args::command().debug_assert();
    }
}
