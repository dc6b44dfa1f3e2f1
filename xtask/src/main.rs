//! Developer tasks for hoptls, run as `cargo run -p xtask --release -- TASK`.
//!
//! - `corpus`: writes the benchmark corpus (a folder of .eml files and one mbox) from a seed.
//! - `header-floor`, `whole-floor`, `mail-parser`: the programs the end-to-end bench
//!   (`scripts/bench`) times beside hoptls, over the same files. Each is single-threaded and
//!   prints a one-line tally, so that its work cannot be optimised away and a reader can see
//!   that every program saw the same files.
//! - `profile-received`, `profile-analyze`: fixed workloads of the core for `perf` and
//!   callgrind.

mod corpus;
mod floors;
mod profile;
mod rng;

use std::{path::PathBuf, process::ExitCode};

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "xtask", about = "Developer tasks for hoptls")]
struct Args {
    #[command(subcommand)]
    task: Task,
}

#[derive(Debug, Subcommand)]
enum Task {
    /// Write the benchmark corpus: OUT/eml/NNNNNN.eml and OUT/corpus.mbox.
    Corpus {
        /// Number of messages (with --mbox-bytes: the most to write).
        #[arg(long, default_value_t = 20_000)]
        count: u64,
        /// The folder to write into; its eml/ subfolder is replaced.
        #[arg(long)]
        out: PathBuf,
        /// The seed: the same seed and count give the same bytes.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Write no .eml folder.
        #[arg(long)]
        no_eml: bool,
        /// Write no mbox.
        #[arg(long)]
        no_mbox: bool,
        /// Stop once the mbox has reached this many bytes (for the memory run).
        #[arg(long)]
        mbox_bytes: Option<u64>,
    },
    /// Open each file and read its header block only, in chunks, until the blank line.
    HeaderFloor {
        /// Size of each read.
        #[arg(long, default_value_t = floors::DEFAULT_CHUNK)]
        chunk: usize,
        /// A new buffer for each file, as `std::fs::read` makes, instead of one reused buffer.
        #[arg(long)]
        fresh: bool,
        /// Files, or folders whose files are read (sorted, not recursive).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// The header floor plus hoptls-core: analyse each header block, print ndjson.
    HeaderAnalyze {
        #[arg(long, default_value_t = floors::DEFAULT_CHUNK)]
        chunk: usize,
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Read each file whole.
    WholeFloor {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Read each file whole and parse it with mail-parser (which parses Received headers too).
    MailParser {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// A fixed workload for a profiler: parse every fixtures/received line REPEAT times.
    ProfileReceived {
        #[arg(long, default_value_t = 100)]
        repeat: usize,
        #[arg(long, default_value = "fixtures/received")]
        fixtures: PathBuf,
    },
    /// A fixed workload for a profiler: analyse the header blocks of the first LIMIT files,
    /// read into memory first, REPEAT times.
    ProfileAnalyze {
        #[arg(long, default_value_t = 2000)]
        limit: usize,
        #[arg(long, default_value_t = 1)]
        repeat: usize,
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
}

fn main() -> ExitCode {
    match run(Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Args) -> anyhow::Result<()> {
    match args.task {
        Task::Corpus {
            count,
            out,
            seed,
            no_eml,
            no_mbox,
            mbox_bytes,
        } => {
            let options = corpus::Options {
                out,
                seed,
                count,
                eml: !no_eml,
                mbox: !no_mbox,
                mbox_bytes,
            };
            let summary = corpus::generate(&options)?;
            print!("{}", corpus::stamp(&options, &summary));
        }
        Task::HeaderFloor {
            chunk,
            fresh,
            paths,
        } => {
            let files = floors::files(&paths)?;
            let tally = if fresh {
                floors::header_floor_fresh(&files, chunk)?
            } else {
                floors::header_floor(&files, chunk)?
            };
            println!("{tally}");
        }
        Task::HeaderAnalyze { chunk, paths } => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            let tally = floors::header_analyze(&floors::files(&paths)?, chunk, &mut out)?;
            eprintln!("{tally}");
        }
        Task::WholeFloor { paths } => {
            let tally = floors::whole_floor(&floors::files(&paths)?)?;
            println!("{tally}");
        }
        Task::MailParser { paths } => {
            let tally = floors::mail_parser(&floors::files(&paths)?)?;
            println!("{tally}");
        }
        Task::ProfileReceived { repeat, fixtures } => {
            println!("{}", profile::received_lines(&fixtures, repeat)?);
        }
        Task::ProfileAnalyze {
            limit,
            repeat,
            paths,
        } => {
            let mut files = floors::files(&paths)?;
            files.truncate(limit);
            println!("{}", profile::header_blocks(&files, repeat)?);
        }
    }
    Ok(())
}
