//! The work done for one input on a worker thread: read the header block, analyse it with the
//! core, render it in the output format, and boil it down for the summary and the policy. The
//! printing thread then only writes bytes and adds up small facts.

use std::{
    fs::File,
    io::{self, Read},
    path::Path,
};

use hoptls_core::Report;

use crate::{
    config::Format,
    input::{Mode, read, starts_like_a_message},
    output,
    policy::{self, Condition},
    summary::Facts,
};

/// What every job needs to know about the run.
#[derive(Debug)]
pub struct Context {
    pub format: Format,
    /// Render each message (off for a summary alone, which needs only facts).
    pub render: bool,
    pub table_width: Option<u16>,
    pub color: bool,
    pub summary: bool,
    pub fail_on: Vec<Condition>,
    /// The user's trust settings.
    pub options: hoptls_core::Options,
    /// `--redact`: the printing thread redacts, renders and sums up each report, in output
    /// order, so that the same value gets the same token whatever the threads do.
    pub redact: bool,
}

/// The result of one job.
pub enum Outcome {
    /// An analysed message.
    Message(Done),
    /// An input that is not a message or could not be read, with the reason.
    Failed {
        name: String,
        error: String,
    },
    /// A folder entry that does not start like a message: nothing to say.
    Skipped,
    /// An mbox: its messages are streamed, in order, by the printing thread. The reader
    /// continues from the bytes already read.
    Mbox {
        name: String,
        reader: Box<dyn Read + Send>,
    },
    /// A folder argument begins or ends (see [`crate::input::Item`]).
    FolderStart,
    FolderEnd {
        name: String,
        maildir: bool,
    },
}

impl std::fmt::Debug for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Outcome::Message(done) => write!(f, "Message({})", done.source),
            Outcome::Failed { name, error } => write!(f, "Failed({name}: {error})"),
            Outcome::Skipped => f.write_str("Skipped"),
            Outcome::Mbox { name, .. } => write!(f, "Mbox({name})"),
            Outcome::FolderStart => f.write_str("FolderStart"),
            Outcome::FolderEnd { name, .. } => write!(f, "FolderEnd({name})"),
        }
    }
}

/// An analysed message, ready to print.
#[derive(Debug)]
pub struct Done {
    pub source: String,
    /// The message in the output format (empty when not rendered).
    pub rendered: Vec<u8>,
    /// For `--summary`.
    pub facts: Option<Facts>,
    /// The `--fail-on` conditions it meets, as bits.
    pub violations: u64,
    /// With `--redact`: the report itself, still to be redacted, rendered and summed up.
    pub report: Option<Box<Report>>,
}

/// A message file (or anything opened as one: a FIFO, `/dev/stdin`).
pub fn file(ctx: &Context, path: &Path, mode: Mode) -> Outcome {
    let name = path.display().to_string();
    let mut file = match File::open(path) {
        Ok(file) => file,
        Err(error) => return failed(name, &error),
    };
    // `*.eml` is one message by definition, even when a mail client saved it with the mbox
    // `From ` line in front (the core skips that line).
    let is_eml = path
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("eml"));
    read::with_buffer(|buf| {
        if let Err(error) = read::read_start(&mut file, buf) {
            return failed(name, &error);
        }
        if !is_eml && hoptls_core::mbox::looks_like_mbox(buf) {
            let start = std::io::Cursor::new(buf.clone());
            return Outcome::Mbox {
                name,
                reader: Box::new(start.chain(file)),
            };
        }
        if mode == Mode::Sniffed && !starts_like_a_message(buf) {
            return Outcome::Skipped;
        }
        if let Err(error) = read::read_rest_of_header(&mut file, buf) {
            return failed(name, &error);
        }
        match hoptls_core::analyze_with(&name, buf, &ctx.options) {
            Ok(report) => finish(ctx, report),
            Err(_) if mode == Mode::Sniffed => Outcome::Skipped,
            Err(error) => Outcome::Failed {
                name,
                error: error.to_string(),
            },
        }
    })
}

/// Standard input: a message, a header block or an mbox. Only the header block of a message
/// is read; the rest is left unread.
pub fn stdin(ctx: &Context) -> Outcome {
    let name = "-".to_owned();
    let mut input = io::stdin();
    read::with_buffer(|buf| {
        if let Err(error) = read::read_start(&mut input, buf) {
            return failed(name, &error);
        }
        if hoptls_core::mbox::looks_like_mbox(buf) {
            let start = std::io::Cursor::new(buf.clone());
            return Outcome::Mbox {
                name,
                reader: Box::new(start.chain(input)),
            };
        }
        if let Err(error) = read::read_rest_of_header(&mut input, buf) {
            return failed(name, &error);
        }
        analysed(ctx, &name, buf)
    })
}

/// A header block already in memory (a message of an mbox).
pub fn analysed(ctx: &Context, source: &str, header: &[u8]) -> Outcome {
    match hoptls_core::analyze_with(source, header, &ctx.options) {
        Ok(report) => finish(ctx, report),
        Err(error) => Outcome::Failed {
            name: source.to_owned(),
            error: error.to_string(),
        },
    }
}

fn failed(name: String, error: &io::Error) -> Outcome {
    Outcome::Failed {
        name,
        error: error.to_string(),
    }
}

fn finish(ctx: &Context, report: Report) -> Outcome {
    let violations = policy::violations(&ctx.fail_on, &report);
    if ctx.redact {
        return Outcome::Message(Done {
            source: report.source.clone(),
            rendered: Vec::new(),
            facts: None,
            violations,
            report: Some(Box::new(report)),
        });
    }
    let rendered = if ctx.render {
        match output::render(ctx.format, &report, ctx.table_width, ctx.color) {
            Ok(bytes) => bytes,
            Err(error) => {
                return Outcome::Failed {
                    name: report.source.clone(),
                    error: format!("cannot render the report: {error}"),
                };
            }
        }
    } else {
        Vec::new()
    };
    Outcome::Message(Done {
        source: report.source.clone(),
        rendered,
        facts: ctx.summary.then(|| Facts::of(&report)),
        violations,
        report: None,
    })
}
