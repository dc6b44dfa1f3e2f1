//! `hoptls`: the command-line face of hoptls-core.

mod args;
mod config;
mod exit_code;
mod input;
mod job;
mod output;
mod policy;
mod progress;
mod run;
mod summary;

use std::{
    io::{self, IsTerminal, Write},
    process::ExitCode,
};

use config::{Command, Config, Format};
use input::walk::Inputs;
use job::Context;
use progress::Progress;

/// mimalloc instead of the system allocator: an analysis makes a few hundred small
/// allocations per message, and glibc's malloc spent a fifth of the CLI's instructions on
/// them (consolidating its fast bins whenever a larger block was asked for). See
/// BENCHMARKS.md for the measurements.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let code = match args::parse() {
        Command::Analyse(config) => analyse(&config),
        Command::Completions(shell) => {
            let mut out = io::stdout().lock();
            args::write_completions(shell, &mut out);
            quietly(out.flush())
        }
        Command::Manpage => {
            let mut out = io::stdout().lock();
            quietly(args::write_manpage(&mut out).and_then(|()| out.flush()))
        }
    };
    ExitCode::from(code)
}

/// The exit code of a run that only writes to stdout: a closed pipe is not an error.
fn quietly(result: io::Result<()>) -> u8 {
    match result {
        Ok(()) => exit_code::OK,
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => exit_code::OK,
        Err(error) => {
            let _ = writeln!(io::stderr(), "hoptls: cannot write the output: {error}");
            exit_code::INPUT_ERROR
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

fn analyse(config: &Config) -> u8 {
    if config.paths.is_empty() && io::stdin().is_terminal() {
        let _ = writeln!(
            io::stderr(),
            "hoptls: no input: give message files or folders, or pipe a message into standard input (see --help)"
        );
        return exit_code::USAGE;
    }
    let stdout = io::stdout();
    let stdout_is_terminal = stdout.is_terminal();
    // A summary alone needs no per-message rendering; with NDJSON the messages are streamed
    // and the summary follows them.
    let render = !config.summary || config.format == Format::Ndjson;
    let color = config.format == Format::Table
        && config.color.resolve(
            std::env::var("NO_COLOR").ok().as_deref(),
            std::env::var("TERM").ok().as_deref(),
            stdout_is_terminal,
        );
    let ctx = Context {
        format: config.format,
        render,
        table_width: table_width(stdout_is_terminal),
        color,
        summary: config.summary,
        fail_on: config.fail_on.clone(),
        options: config.options.clone(),
        redact: config.redact,
    };
    let progress = Progress::new(progress::wanted(
        io::stderr().is_terminal(),
        config.quiet,
        render && stdout_is_terminal,
    ));
    let inputs = Inputs::new(config.paths.clone());
    // On a terminal, the standard line-buffered stdout shows each table as it is written;
    // elsewhere a large buffer saves system calls (and is flushed when results pause).
    let result = if stdout_is_terminal {
        run::run(inputs, ctx, config.threads, stdout.lock(), progress)
    } else {
        let out = io::BufWriter::with_capacity(64 * 1024, stdout.lock());
        run::run(inputs, ctx, config.threads, out, progress)
    };
    let (totals, policy_line) = match result {
        Ok(result) => result,
        // `hoptls … | head`: the reader has all it wants; end quietly.
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => return exit_code::OK,
        Err(error) => {
            let _ = writeln!(io::stderr(), "hoptls: cannot write the output: {error}");
            return exit_code::INPUT_ERROR;
        }
    };
    let mut stderr = io::stderr().lock();
    if totals.failed > 0 {
        let _ = writeln!(
            stderr,
            "hoptls: {} of {} inputs could not be read",
            totals.failed,
            totals.failed + totals.messages
        );
    }
    if let Some(line) = policy_line.filter(|_| !config.quiet) {
        let _ = writeln!(stderr, "{line}");
    }
    exit_code::of_run(totals.failed, totals.violating)
}
